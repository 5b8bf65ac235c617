//! One declaration per wire enum: each value's wire name is written once and gives its serde
//! name, `as_str`, `parse`, `ALL` and `TryFrom<String>` (for database columns). An unknown text
//! is an [`UnknownValue`] error, never a default.

/// A text, stored or received, that names none of an enum's values (for example a corrupted
/// status read back from a database): an error, never a default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// What the text should have named (`"session status"`).
    pub kind: &'static str,
    /// The text itself.
    pub value: String,
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {}: {:?}", self.kind, self.value)
    }
}

impl std::error::Error for UnknownValue {}

/// Counts its arguments (for the length of `ALL`).
macro_rules! count {
    () => { 0usize };
    ($head:ident $($tail:ident)*) => { 1usize + count!($($tail)*) };
}

/// Declares a closed enum whose values cross the wire or a database column by name:
///
/// ```text
/// wire_enum! {
///     /// doc
///     #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
///     pub enum Trigger("trigger") {
///         /// doc
///         Signup = "signup",
///     }
/// }
/// ```
///
/// The derive list must include serde's `Serialize` and `Deserialize`: each variant gets
/// `#[serde(rename = "<its wire name>")]`.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident($kind:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $wire)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; count!($($variant)+)] = [$(Self::$variant),+];

            /// The wire name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)+
                }
            }

            /// The value of a wire name; `None` for any other string.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($wire => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::UnknownValue;
            fn try_from(value: String) -> Result<Self, $crate::UnknownValue> {
                Self::parse(&value).ok_or($crate::UnknownValue { kind: $kind, value })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Checks one `wire_enum!`: every value's serde name is its `as_str`, `parse` and `TryFrom`
/// give it back, and nothing else parses.
#[cfg(test)]
pub(crate) fn assert_round_trip<T>(
    all: &[T],
    as_str: fn(T) -> &'static str,
    parse: fn(&str) -> Option<T>,
) where
    T: Copy
        + PartialEq
        + std::fmt::Debug
        + serde::Serialize
        + serde::de::DeserializeOwned
        + TryFrom<String>,
{
    let mut names = std::collections::BTreeSet::new();
    for &v in all {
        let name = as_str(v);
        assert!(names.insert(name), "{name} twice");
        assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{name}\""));
        assert_eq!(
            serde_json::from_str::<T>(&format!("\"{name}\"")).unwrap(),
            v
        );
        assert_eq!(parse(name), Some(v));
        assert!(T::try_from(name.to_owned()).ok() == Some(v));
        let flipped: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_lowercase() {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        assert_eq!(parse(&flipped), None, "{name}: exact names only");
        assert_eq!(parse(&format!(" {name}")), None);
    }
    assert_eq!(parse(""), None);
    assert!(T::try_from("no such value".to_owned()).is_err());
}
