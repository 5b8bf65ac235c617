//! CLDR plural rules for whole numbers, per primary language, as the Rust expression the
//! generated code runs.

/// Each language's rule, as a Rust expression over `n: u64` giving the category. A language
/// whose file selects on a plural category needs its line here.
pub const RULES: &[(&str, &str)] = &[
    ("en", r#"if n == 1 { "one" } else { "other" }"#),
    ("es", r#"if n == 1 { "one" } else { "other" }"#),
    ("de", r#"if n == 1 { "one" } else { "other" }"#),
    ("it", r#"if n == 1 { "one" } else { "other" }"#),
    ("fr", r#"if n <= 1 { "one" } else { "other" }"#),
    ("pt", r#"if n <= 1 { "one" } else { "other" }"#),
];

/// The CLDR plural categories a variant may name.
pub const CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// The rule of `lang`'s primary language (`pt-BR` → `pt`), if there is one.
pub fn rule(lang: &str) -> Option<&'static str> {
    let primary = primary(lang);
    RULES.iter().find(|(l, _)| *l == primary).map(|(_, r)| *r)
}

/// `pt-BR` → `pt`.
pub fn primary(lang: &str) -> &str {
    lang.split('-').next().unwrap_or(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regional_file_uses_its_languages_rule() {
        assert_eq!(rule("pt-BR"), rule("pt"));
        assert!(rule("fr").is_some_and(|r| r.contains("n <= 1")));
        assert_eq!(rule("xx"), None);
        assert_eq!(primary("es"), "es");
    }
}
