//! The machine-readable zone of a passport data page (ICAO 9303 TD3: two lines of 44 characters)
//! with its check digits.

use crate::Date;

/// What a passport's two MRZ lines say, once every check digit holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Td3 {
    /// Issuing state (ICAO three-letter code).
    pub issuing_state: String,
    /// Primary identifier (surname), `<` read as spaces.
    pub surname: String,
    /// Secondary identifier (given names), `<` read as spaces.
    pub given_names: String,
    /// Passport number.
    pub document_number: String,
    /// Nationality (ICAO three-letter code).
    pub nationality: String,
    /// Date of birth.
    pub birth_date: Date,
    /// `M`, `F` or `<` (unspecified).
    pub sex: char,
    /// Date of expiry.
    pub expiry_date: Date,
}

/// Why two lines are not a valid TD3 MRZ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MrzError {
    /// Not two lines of 44 characters from the MRZ alphabet.
    Shape,
    /// The check digit of this field is wrong.
    CheckDigit(&'static str),
    /// This date field is not a date.
    Date(&'static str),
}

/// ICAO 9303 check digit: weights 7, 3, 1 over digits, letters (A=10) and `<` (0).
pub fn check_digit(field: &str) -> char {
    let sum: u32 = field
        .bytes()
        .zip([7u32, 3, 1].iter().cycle())
        .map(|(b, w)| {
            let v = match b {
                b'0'..=b'9' => u32::from(b - b'0'),
                b'A'..=b'Z' => u32::from(b - b'A') + 10,
                _ => 0,
            };
            v * w
        })
        .sum();
    char::from_digit(sum % 10, 10).unwrap_or('0')
}

/// `YYMMDD` with a pivot: birth dates are in the past, expiry dates within the next 50 years.
fn date(yymmdd: &str, this_year: u16, future: bool) -> Option<Date> {
    // Digits only: `parse` alone would take a sign ("+7", "-6").
    if yymmdd.len() != 6 || !yymmdd.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Wide arithmetic: near year 0 or 65535 the pivot leaves u16, and such a date is no date.
    let yy: i32 = yymmdd.get(0..2)?.parse().ok()?;
    let this_year = i32::from(this_year);
    let century = this_year / 100 * 100;
    let mut year = century + yy;
    if future {
        if year + 50 < this_year {
            year += 100;
        }
    } else if year > this_year {
        year -= 100;
    }
    Date::new(
        u16::try_from(year).ok()?,
        yymmdd.get(2..4)?.parse().ok()?,
        yymmdd.get(4..6)?.parse().ok()?,
    )
}

/// Checks the shape of two TD3 lines (44 ASCII characters each, a `P` document) and every
/// check digit of the second line (document number, birth date, expiry date, composite), without
/// reading the dates. The personal number's own digit is covered by the composite.
pub fn check_lines(line1: &str, line2: &str) -> Result<(), MrzError> {
    let (l1, l2) = (line1.trim(), line2.trim());
    if l1.len() != 44 || l2.len() != 44 || !l1.starts_with('P') || !l1.is_ascii() || !l2.is_ascii()
    {
        return Err(MrzError::Shape);
    }
    let check = |field: &str, digit: &str, name: &'static str| {
        if digit.starts_with(check_digit(field)) {
            Ok(())
        } else {
            Err(MrzError::CheckDigit(name))
        }
    };
    check(&l2[0..9], &l2[9..10], "document number")?;
    check(&l2[13..19], &l2[19..20], "birth date")?;
    check(&l2[21..27], &l2[27..28], "expiry date")?;
    let composite = format!("{}{}{}", &l2[0..10], &l2[13..20], &l2[21..43]);
    check(&composite, &l2[43..44], "composite")
}

/// Parses and validates two TD3 lines. `this_year` resolves two-digit years.
pub fn parse(line1: &str, line2: &str, this_year: u16) -> Result<Td3, MrzError> {
    check_lines(line1, line2)?;
    let (l1, l2) = (line1.trim(), line2.trim());
    let names = &l1[5..44];
    let (surname, given) = names.split_once("<<").unwrap_or((names, ""));
    let clean = |s: &str| {
        s.split('<')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    Ok(Td3 {
        issuing_state: l1[2..5].replace('<', ""),
        surname: clean(surname),
        given_names: clean(given),
        document_number: l2[0..9].replace('<', ""),
        nationality: l2[10..13].replace('<', ""),
        birth_date: date(&l2[13..19], this_year, false).ok_or(MrzError::Date("birth"))?,
        sex: l2.as_bytes()[20] as char,
        expiry_date: date(&l2[21..27], this_year, true).ok_or(MrzError::Date("expiry"))?,
    })
}

/// Builds the two lines (for test fixtures), with correct check digits.
pub fn encode(t: &Td3) -> (String, String) {
    let field = |s: &str, len: usize| {
        let mut f: String = s
            .to_ascii_uppercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '<' })
            .take(len)
            .collect();
        while f.len() < len {
            f.push('<');
        }
        f
    };
    let names = format!(
        "{}<<{}",
        field(&t.surname, 39).trim_end_matches('<'),
        t.given_names.replace(' ', "<")
    );
    let line1 = format!("P<{}{}", field(&t.issuing_state, 3), field(&names, 39));
    let yymmdd = |d: Date| format!("{:02}{:02}{:02}", d.year % 100, d.month, d.day);
    let number = field(&t.document_number, 9);
    let birth = yymmdd(t.birth_date);
    let expiry = yymmdd(t.expiry_date);
    let personal = field("", 14);
    let personal_check = check_digit(&personal);
    let head = format!(
        "{number}{}{}",
        check_digit(&number),
        field(&t.nationality, 3)
    );
    let dates = format!(
        "{birth}{}{}{expiry}{}",
        check_digit(&birth),
        t.sex,
        check_digit(&expiry)
    );
    let body = format!("{head}{dates}{personal}{personal_check}");
    let composite = format!("{}{}{}", &body[0..10], &body[13..20], &body[21..43]);
    let line2 = format!("{body}{}", check_digit(&composite));
    (line1, line2)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The ICAO 9303 part 4 specimen.
    const L1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    const L2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

    #[test]
    fn the_icao_specimen_parses_with_valid_check_digits() {
        let t = parse(L1, L2, 2010).unwrap();
        assert_eq!(t.surname, "ERIKSSON");
        assert_eq!(t.given_names, "ANNA MARIA");
        assert_eq!(t.document_number, "L898902C3");
        assert_eq!(t.nationality, "UTO");
        assert_eq!(t.birth_date, Date::new(1974, 8, 12).unwrap());
        assert_eq!(t.expiry_date, Date::new(2012, 4, 15).unwrap());
        assert_eq!(t.sex, 'F');
    }

    #[test]
    fn a_wrong_check_digit_is_caught() {
        let bad = L2.replacen("7408122", "7408132", 1);
        assert_eq!(
            parse(L1, &bad, 2010),
            Err(MrzError::CheckDigit("birth date"))
        );
        assert_eq!(parse("P<UTO", L2, 2010), Err(MrzError::Shape));
    }

    #[test]
    fn encode_then_parse_round_trips() {
        let t = Td3 {
            issuing_state: "USA".into(),
            surname: "RIVERA".into(),
            given_names: "ANA".into(),
            document_number: "X12345678".into(),
            nationality: "USA".into(),
            birth_date: Date::new(1958, 4, 12).unwrap(),
            sex: 'F',
            expiry_date: Date::new(2031, 6, 30).unwrap(),
        };
        let (l1, l2) = encode(&t);
        assert_eq!(l1.len(), 44);
        assert_eq!(l2.len(), 44);
        assert_eq!(parse(&l1, &l2, 2026).unwrap(), t);
    }

    /// The specimen's line 2 with other dates and recomputed check digits.
    fn with_dates(birth: &str, expiry: &str) -> String {
        let body = format!(
            "{}{birth}{}{}{expiry}{}{}",
            &L2[0..13],
            check_digit(birth),
            &L2[20..21],
            check_digit(expiry),
            &L2[28..43]
        );
        let composite = format!("{}{}{}", &body[0..10], &body[13..20], &body[21..43]);
        format!("{body}{}", check_digit(&composite))
    }

    /// Found by `cargo fuzz` (target `mrz`): with a reference year near either end of `u16`, the
    /// two-digit-year pivot overflowed and panicked. A year it cannot hold is a date error.
    #[test]
    fn a_pivot_outside_the_year_range_is_a_date_error_not_a_panic() {
        assert_eq!(with_dates("740812", "120415"), L2);
        // Birth in '74 seen from year 8 would be year -26.
        assert_eq!(parse(L1, L2, 8), Err(MrzError::Date("birth")));
        assert_eq!(
            parse(L1, L2, u16::MAX).map(|t| (t.birth_date.year, t.expiry_date.year)),
            Ok((65_474, 65_512))
        );
        // Expiry in '90 seen from 65535 would be 65590.
        let late = with_dates("740812", "900415");
        assert_eq!(parse(L1, &late, u16::MAX), Err(MrzError::Date("expiry")));
        assert_eq!(parse(L1, &late, 2026).map(|t| t.expiry_date.year), Ok(2090));
    }

    /// Found by `cargo fuzz` (target `mrz`): a sign in a date field ("-60207") was read as a
    /// negative year, so a passport parsed that its own encoding could not reproduce.
    #[test]
    fn a_date_field_with_a_sign_is_refused() {
        let minus = with_dates("740812", "-60207");
        assert_eq!(parse(L1, &minus, 2026), Err(MrzError::Date("expiry")));
        let plus = with_dates("+40812", "120415");
        assert_eq!(parse(L1, &plus, 2026), Err(MrzError::Date("birth")));
    }
}
