//! What identity documents say, as data: the AAMVA payload of a US/Canadian licence or ID card
//! barcode, the machine-readable zone of a passport (ICAO 9303 TD3), and the name comparison
//! the checks use. Parsing and encoding live side by side, so fixtures and checks agree.
//! Pure Rust: no images here (barcode decoding happens where the pixels are).

pub mod aamva;
pub mod jpeg;
pub mod mrz;
pub mod names;

/// How a document's issuer orders a date's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Month first, `MMDDYYYY`: US AAMVA cards.
    MonthFirst,
    /// Year first, `YYYYMMDD`: ICAO documents, Canadian AAMVA cards, every other issuer as the
    /// vendor states it.
    YearFirst,
    /// Not known: only the unambiguous `YYYY-MM-DD` is read.
    Unstated,
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Four-digit year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// The date, or `None` when it does not exist (month 13, 30 February, 29 February of a non-leap year).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year.is_multiple_of(4) && !year.is_multiple_of(100))
                || year.is_multiple_of(400) =>
            {
                29
            }
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Self { year, month, day })
    }

    /// `YYYYMMDD`
    pub fn parse_compact(s: &str) -> Option<Self> {
        if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Self::new(
            s[0..4].parse().ok()?,
            s[4..6].parse().ok()?,
            s[6..8].parse().ok()?,
        )
    }

    /// `YYYY-MM-DD`
    pub fn parse_iso(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Self::parse_compact(&format!("{}{}{}", &s[0..4], &s[5..7], &s[8..10]))
    }

    /// A date as identity-document data spells it, read by its issuer's convention `order`:
    /// `YYYY-MM-DD` always (unambiguous); `YYYYMMDD` where the issuer writes the year first;
    /// `MMDDYYYY` / `MM/DD/YYYY` only where it writes the month first (US AAMVA). When the
    /// convention is not known, only `YYYY-MM-DD` is read: "04/12/1958" is April or December,
    /// and an ambiguous date fails closed (`None`). Day-first forms are never read.
    pub fn parse_document(s: &str, order: DateOrder) -> Option<Self> {
        let s = s.trim();
        if let Some(d) = Self::parse_iso(s) {
            return Some(d);
        }
        match order {
            DateOrder::Unstated => None,
            DateOrder::YearFirst => Self::parse_compact(s),
            DateOrder::MonthFirst => {
                let digits = s.replace('/', "");
                if digits.len() != 8
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                    || (s.contains('/') && s.len() != 10)
                {
                    return None;
                }
                Self::parse_compact(&format!("{}{}", &digits[4..8], &digits[0..4]))
            }
        }
    }

    /// `YYYYMMDD`.
    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }

    /// The UTC calendar date of a unix time (seconds), by Howard Hinnant's `civil_from_days`.
    pub fn from_unix(secs: i64) -> Option<Self> {
        let z = secs.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// `YYYY-MM-DD`
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_calendar_dates() {
        assert_eq!(Date::parse_compact("20240229"), Date::new(2024, 2, 29));
        assert_eq!(Date::parse_compact("20230229"), None);
        assert_eq!(Date::parse_iso("1958-04-12").unwrap().compact(), "19580412");
        assert!(Date::new(2030, 1, 1) > Date::new(2029, 12, 31));
        assert_eq!(Date::parse_compact("2024-1-1"), None);
        assert_eq!(Date::parse_iso("1-9-5-8-0412"), None);
        assert_eq!(Date::parse_iso("19580412"), None);
        use DateOrder::{MonthFirst, Unstated, YearFirst};
        let april_12 = Date::new(1958, 4, 12);
        assert_eq!(Date::parse_document("04121958", MonthFirst), april_12);
        assert_eq!(Date::parse_document("04/12/1958", MonthFirst), april_12);
        assert_eq!(Date::parse_document("19580412", YearFirst), april_12);
        assert_eq!(Date::parse_document("04121958", YearFirst), None);
        assert_eq!(Date::parse_document("12.04.1958", MonthFirst), None);
        assert_eq!(Date::parse_document("12/04/1958", YearFirst), None);
        for order in [MonthFirst, YearFirst, Unstated] {
            assert_eq!(Date::parse_document(" 1958-04-12 ", order), april_12);
        }
        // Without the issuer's convention only ISO is read: the rest is ambiguous.
        for s in ["04121958", "04/12/1958", "19580412", "12.04.1958"] {
            assert_eq!(Date::parse_document(s, Unstated), None, "{s}");
        }
        assert_eq!(Date::from_unix(0), Date::new(1970, 1, 1));
        assert_eq!(Date::from_unix(951_782_400), Date::new(2000, 2, 29));
        assert_eq!(Date::from_unix(1_795_737_599), Date::new(2026, 11, 26));
        assert_eq!(Date::from_unix(-86_400), Date::new(1969, 12, 31));
    }

    /// Found by `cargo fuzz` (target `document_dates`): an 8-byte US-order date with a
    /// multi-byte character was sliced inside it and panicked.
    #[test]
    fn a_us_date_with_non_ascii_characters_is_none_not_a_panic() {
        let us = DateOrder::MonthFirst;
        assert_eq!(Date::parse_document("1\u{e9}\u{20ac}00", us), None);
        assert_eq!(Date::parse_document("04/1\u{e9}/958", us), None);
        assert_eq!(
            Date::parse_document("04/12/1958", us),
            Date::new(1958, 4, 12)
        );
    }
}
