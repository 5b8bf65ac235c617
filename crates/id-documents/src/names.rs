//! Name comparison: case-, accent- and whitespace-insensitive, so "José  María" on a record
//! matches "JOSE MARIA" on a barcode.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Upper-case letters and digits only, accents removed, runs of spaces and punctuation folded to
/// one space.
pub fn normalize(name: &str) -> String {
    let folded: String = name
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_uppercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    !a.is_empty() && a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_regardless_of_case_accents_and_spacing() {
        assert!(same_name("José  María", "JOSE MARIA"));
        assert!(same_name("  núñez ", "NUNEZ"));
        assert!(same_name("O'Brien", "O BRIEN"));
        assert!(same_name("Ana-Lucía", "ANA LUCIA"));
        assert!(!same_name("Ana", "Anna"));
        assert!(!same_name("", ""));
        assert_eq!(normalize("Müller\tSchmidt"), "MULLER SCHMIDT");
    }
}
