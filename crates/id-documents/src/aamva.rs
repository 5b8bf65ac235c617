//! The AAMVA DL/ID card payload carried by the PDF417 barcode on the back of US and Canadian
//! licences and ID cards: header, subfile directory, then `DL` or `ID` subfiles of elements
//! (`DAQ` number, `DCS` family name, `DAC` first name, `DBB` birth date, `DBA` expiry, `DAJ`
//! jurisdiction). A small parser of our own: the `aamva` crate drags in every image codec.

use std::collections::BTreeMap;

use crate::Date;

/// Which subfile the card carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardKind {
    /// `DL`: a driver's licence.
    DriversLicense,
    /// `ID`: an identification card.
    IdCard,
}

impl CardKind {
    fn code(self) -> &'static str {
        match self {
            Self::DriversLicense => "DL",
            Self::IdCard => "ID",
        }
    }
}

/// What a licence or ID card's barcode says about its holder: the elements the checks use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AamvaRecord {
    /// `DL` or `ID` subfile.
    pub kind: CardKind,
    /// Issuer identification number (6 digits).
    pub iin: String,
    /// `DAQ`: the licence or card number.
    pub number: String,
    /// `DCS`: family name.
    pub family_name: String,
    /// `DAC`: first name.
    pub first_name: String,
    /// `DBB`: date of birth.
    pub birth_date: Date,
    /// `DBA`: expiry date.
    pub expiry_date: Date,
    /// `DAJ`: issuing state or province (two letters).
    pub jurisdiction: String,
}

/// Why a payload could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AamvaError {
    /// Not an AAMVA payload at all.
    NotAamva,
    /// No `DL` or `ID` subfile.
    NoSubfile,
    /// A mandatory element is missing or unreadable.
    Missing(&'static str),
}

const HEADER: &str = "@\n\x1e\rANSI ";

/// Parses a decoded barcode text.
pub fn parse(payload: &str) -> Result<AamvaRecord, AamvaError> {
    let start = payload.find("ANSI ").ok_or(AamvaError::NotAamva)?;
    if !payload.starts_with('@') {
        return Err(AamvaError::NotAamva);
    }
    let header = &payload[start + 5..];
    let digits = |s: &str| s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit());
    let iin = header
        .get(0..6)
        .filter(|s| digits(s))
        .ok_or(AamvaError::NotAamva)?;
    let entries: usize = header
        .get(10..12)
        .and_then(|s| s.parse().ok())
        .ok_or(AamvaError::NotAamva)?;
    let mut subfile = None;
    for i in 0..entries {
        let d = header
            .get(12 + i * 10..22 + i * 10)
            .filter(|d| d.is_ascii())
            .ok_or(AamvaError::NotAamva)?;
        let kind = match &d[0..2] {
            "DL" => CardKind::DriversLicense,
            "ID" => CardKind::IdCard,
            _ => continue,
        };
        let offset: usize = d[2..6].parse().map_err(|_| AamvaError::NotAamva)?;
        let length: usize = d[6..10].parse().map_err(|_| AamvaError::NotAamva)?;
        // Offsets count from the start of the file; some issuers are off by a byte or two,
        // so fall back to finding the subfile's own type marker.
        let body = payload
            .get(offset..offset + length)
            .filter(|s| s.starts_with(kind.code()))
            .or_else(|| {
                let at = payload[start..].find(&format!("{}DAQ", kind.code()))? + start;
                payload.get(at..)
            });
        if let Some(body) = body {
            subfile = Some((kind, body));
            break;
        }
    }
    let (kind, body) = subfile.ok_or(AamvaError::NoSubfile)?;
    let elements = elements(&body[2..]);
    let text = |id: &'static str| {
        elements
            .get(id)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .ok_or(AamvaError::Missing(id))
    };
    let date =
        |id: &'static str| text(id).and_then(|v| parse_date(&v).ok_or(AamvaError::Missing(id)));
    Ok(AamvaRecord {
        kind,
        iin: iin.to_owned(),
        number: text("DAQ")?,
        family_name: text("DCS")?,
        first_name: text("DAC")?,
        birth_date: date("DBB")?,
        expiry_date: date("DBA")?,
        jurisdiction: text("DAJ").unwrap_or_default(),
    })
}

fn elements(body: &str) -> BTreeMap<&str, &str> {
    body.split(['\n', '\r'])
        .filter(|line| line.len() >= 3 && line.is_char_boundary(3))
        .map(|line| (&line[..3], &line[3..]))
        .collect()
}

/// US cards write `MMDDCCYY`, Canadian ones `CCYYMMDD`.
fn parse_date(v: &str) -> Option<Date> {
    if v.len() != 8 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let us = Date::new(
        v[4..8].parse().ok()?,
        v[0..2].parse().ok()?,
        v[2..4].parse().ok()?,
    );
    us.or_else(|| Date::parse_compact(v))
}

/// Builds a payload as a US issuer would (for test fixtures), with a correct subfile directory.
pub fn encode(r: &AamvaRecord) -> String {
    let us = |d: Date| format!("{:02}{:02}{:04}", d.month, d.day, d.year);
    let body = format!(
        "{kind}DAQ{num}\nDCS{family}\nDAC{first}\nDBB{dob}\nDBA{exp}\nDAJ{jur}\nDCGUSA\r",
        kind = r.kind.code(),
        num = r.number,
        family = r.family_name,
        first = r.first_name,
        dob = us(r.birth_date),
        exp = us(r.expiry_date),
        jur = r.jurisdiction,
    );
    // Header (21) + one directory entry (10).
    let offset = HEADER.len() + 6 + 2 + 2 + 2 + 10;
    format!(
        "{HEADER}{iin}{version}{jversion}01{kind}{offset:04}{len:04}{body}",
        iin = r.iin,
        version = "09",
        jversion = "00",
        kind = r.kind.code(),
        len = body.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> AamvaRecord {
        AamvaRecord {
            kind: CardKind::DriversLicense,
            iin: "636014".into(),
            number: "D1234567".into(),
            family_name: "RIVERA".into(),
            first_name: "ANA".into(),
            birth_date: Date::new(1958, 4, 12).unwrap(),
            expiry_date: Date::new(2031, 4, 12).unwrap(),
            jurisdiction: "CA".into(),
        }
    }

    #[test]
    fn encode_then_parse_round_trips() {
        let payload = encode(&record());
        assert!(payload.starts_with("@\n\x1e\rANSI 636014090001DL0031"));
        assert_eq!(parse(&payload).unwrap(), record());
        let id = AamvaRecord {
            kind: CardKind::IdCard,
            ..record()
        };
        assert_eq!(parse(&encode(&id)).unwrap().kind, CardKind::IdCard);
    }

    #[test]
    fn a_real_world_style_payload_with_two_subfiles_parses() {
        // Shape of a California card: DL subfile plus a jurisdiction-specific ZC subfile.
        let payload = "@\n\x1e\rANSI 636014090002DL00410200ZC02410019DLDAQD1234567\nDCSRIVERA\nDDEN\nDACANA\nDDFN\nDADNONE\nDBB04121958\nDBA04122030\nDAJCA\nDCGUSA\rZCZCAGRN\rZCBNONE\r";
        let r = parse(payload).unwrap();
        assert_eq!(r.family_name, "RIVERA");
        assert_eq!(r.first_name, "ANA");
        assert_eq!(r.birth_date, Date::new(1958, 4, 12).unwrap());
        assert_eq!(r.expiry_date, Date::new(2030, 4, 12).unwrap());
        assert_eq!(r.jurisdiction, "CA");
    }

    #[test]
    fn canadian_dates_and_bad_payloads() {
        assert_eq!(parse_date("19580412"), Date::new(1958, 4, 12));
        assert_eq!(parse_date("04121958"), Date::new(1958, 4, 12));
        assert_eq!(parse_date("1958041"), None);
        assert_eq!(parse("hello"), Err(AamvaError::NotAamva));
        assert_eq!(
            parse("@\n\x1e\rANSI 636014090001ZC00310010ZCZCAGRN\r"),
            Err(AamvaError::NoSubfile)
        );
        let no_dob = encode(&record()).replace("DBB04121958\n", "");
        assert_eq!(parse(&no_dob), Err(AamvaError::Missing("DBB")));
    }

    /// Found by `cargo fuzz` (target `aamva`): a multi-byte character inside a subfile
    /// descriptor made slicing it panic.
    #[test]
    fn a_descriptor_with_non_ascii_characters_is_refused_not_a_panic() {
        for descriptor in ["D\u{e9}0031001", "DL0\u{e9}310010", "DL00310\u{e9}01"] {
            let payload = format!("@\n\x1e\rANSI 636014090001{descriptor}DLDAQX\n");
            assert_eq!(parse(&payload), Err(AamvaError::NotAamva), "{descriptor}");
        }
    }
}
