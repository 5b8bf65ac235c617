//! What identity documents say, as data: the AAMVA payload of a US/Canadian licence or ID card
//! barcode, the machine-readable zone of a passport (ICAO 9303 TD3), and the name comparison
//! the checks use. Parsing and encoding live side by side, so fixtures and checks agree.
//! Pure Rust: no images here (barcode decoding happens where the pixels are).

pub mod aamva;
pub mod mrz;
pub mod names;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
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
        Self::parse_compact(&s.replace('-', ""))
    }

    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
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
    }
}
