//! Name comparison, as both our gateway and the local tenant apply it: insensitive to case,
//! accents, spaces, hyphens and apostrophes, and to the transliterations documents use for
//! letters that have no ASCII decomposition (ICAO 9303: `Ø` → `OE`, `ß` → `SS`, `Ł` → `L`, …).
//! So "José  María" on a record matches "JOSE MARIA" on a barcode, and "Søren Müller" matches
//! both "SOREN MULLER" and "SOEREN MUELLER".

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

/// The spellings a name may have on a document, without spaces: plain and ICAO.
fn spellings(name: &str) -> [String; 2] {
    [fold(name, false), fold(name, true)].map(|s| s.replace(' ', ""))
}

/// Whether two names are the same person's name on different records.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (spellings(a), spellings(b));
    a.iter().any(|x| !x.is_empty() && b.contains(x))
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
        assert!(same_name("De la Cruz", "DELACRUZ"));
        assert!(!same_name("Ana", "Anna"));
        assert!(!same_name("", ""));
        assert!(!same_name("-", "'"));
        assert_eq!(normalize("Müller\tSchmidt"), "MULLER SCHMIDT");
    }

    #[test]
    fn letters_without_a_decomposition_are_transliterated() {
        assert!(same_name("Søren", "SOREN"));
        assert!(same_name("Søren", "SOEREN"));
        assert!(same_name("Müller", "MUELLER"));
        assert!(same_name("Müller", "MULLER"));
        assert!(same_name("Łukasz", "LUKASZ"));
        assert!(same_name("Straße", "STRASSE"));
        assert!(same_name("Ægir", "AEGIR"));
        assert!(same_name("Åse", "AASE"));
        assert!(!same_name("Søren", "SAREN"));
        assert!(!same_name("Müller", "MILLER"));
    }
}
