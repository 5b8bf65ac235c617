//! Name comparison, as both our gateway and the local tenant apply it: insensitive to case,
//! accents, spaces, hyphens and apostrophes, and to the transliteration the document's own
//! spelling scheme uses for letters outside ASCII. So "José  María" on a record matches
//! "JOSE MARIA" on a barcode.
//!
//! Both sides are spelled in ONE scheme, the document's, never across: a passport's MRZ
//! transliterates by ICAO 9303 part 3 (`Ü` → `UE`, `Ø` → `OE`), a US licence's barcode drops
//! the accent (`Ü` → `U`). "Søren Müller" therefore matches "SOEREN MUELLER" on a passport and
//! "SOREN MULLER" on a licence, but not the other way round: accepting either spelling on any
//! document would let "Möller" bind both MOLLER and MOELLER, two different people's names.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Letters NFD does not decompose, with the plain ASCII spelling a document may use.
const PLAIN: &[(char, &str)] = &[
    ('Ø', "O"),
    ('Ł', "L"),
    ('Đ', "D"),
    ('Æ', "AE"),
    ('Œ', "OE"),
    ('Þ', "TH"),
    ('ß', "SS"),
    ('ẞ', "SS"),
    ('Ð', "D"),
    ('Ħ', "H"),
    ('İ', "I"),
    ('ı', "I"),
];

/// ICAO 9303 part 3 spellings that differ from simply dropping the accent.
const ICAO: &[(char, &str)] = &[
    ('Ä', "AE"),
    ('Ö', "OE"),
    ('Ü', "UE"),
    ('Å', "AA"),
    ('Ø', "OE"),
];

/// Upper-case letters and digits only, accents removed, runs of spaces and punctuation folded to
/// one space. Letters without a decomposition use their plain spelling (`Ø` → `O`).
pub fn normalize(name: &str) -> String {
    fold(name, false)
}

fn fold(name: &str, icao: bool) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_uppercase) {
        let table = if icao {
            ICAO.iter().chain(PLAIN)
        } else {
            [].iter().chain(PLAIN)
        };
        if let Some((_, s)) = table.clone().find(|(k, _)| *k == c) {
            out.push_str(s);
            continue;
        }
        for d in c.nfd().filter(|d| !is_combining_mark(*d)) {
            out.push(if d.is_alphanumeric() { d } else { ' ' });
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How a document spells letters outside ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// The accent dropped (`Ü` → `U`), letters without a decomposition by [`PLAIN`]: US AAMVA
    /// barcodes and the printed zone of cards.
    Plain,
    /// ICAO 9303 part 3 (`Ü` → `UE`, `Ø` → `OE`, `Å` → `AA`): a passport's MRZ.
    Icao,
}

/// A name's spelling in `scheme`, without spaces.
pub fn spelling(name: &str, scheme: Scheme) -> String {
    fold(name, scheme == Scheme::Icao).replace(' ', "")
}

/// Whether two names are the same person's name, both spelled in the document's `scheme`.
pub fn same_name(a: &str, b: &str, scheme: Scheme) -> bool {
    let (a, b) = (spelling(a, scheme), spelling(b, scheme));
    !a.is_empty() && a == b
}

#[cfg(test)]
mod tests {
    use super::*;
    use Scheme::{Icao, Plain};

    #[test]
    fn names_match_regardless_of_case_accents_and_spacing() {
        for scheme in [Plain, Icao] {
            assert!(same_name("José  María", "JOSE MARIA", scheme));
            assert!(same_name("  núñez ", "NUNEZ", scheme));
            assert!(same_name("O'Brien", "O BRIEN", scheme));
            assert!(same_name("Ana-Lucía", "ANA LUCIA", scheme));
            assert!(same_name("De la Cruz", "DELACRUZ", scheme));
            assert!(!same_name("Ana", "Anna", scheme));
            assert!(!same_name("", "", scheme));
            assert!(!same_name("-", "'", scheme));
            assert!(same_name("Straße", "STRASSE", scheme));
            assert!(same_name("Łukasz", "LUKASZ", scheme));
            assert!(same_name("Ægir", "AEGIR", scheme));
            assert!(!same_name("Søren", "SAREN", scheme));
            assert!(!same_name("Müller", "MILLER", scheme));
        }
        assert_eq!(normalize("Müller\tSchmidt"), "MULLER SCHMIDT");
    }

    #[test]
    fn each_document_spells_in_its_own_scheme_never_across() {
        assert!(same_name("Søren", "SOREN", Plain));
        assert!(same_name("Søren", "SOEREN", Icao));
        assert!(same_name("Müller", "MULLER", Plain));
        assert!(same_name("Müller", "MUELLER", Icao));
        assert!(same_name("Åse", "ASE", Plain));
        assert!(same_name("Åse", "AASE", Icao));
        // "Möller" binds one spelling per scheme, never both.
        assert!(same_name("Möller", "MOLLER", Plain));
        assert!(!same_name("Möller", "MOELLER", Plain));
        assert!(same_name("Möller", "MOELLER", Icao));
        assert!(!same_name("Möller", "MOLLER", Icao));
        // A record already in one spelling matches that spelling.
        assert!(same_name("Moeller", "MOELLER", Plain));
        assert!(same_name("Moeller", "MÖLLER", Icao));
        assert!(!same_name("Moller", "MÖLLER", Icao));
    }
}
