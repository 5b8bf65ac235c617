//! What the vendor read from the document, and whether it is the patient the host named.
//!
//! Our gateway does not take "every certification verified" as a PASS on its own: 1Kosmos
//! checks the document and the face, but only we know which patient the host meant. So the
//! name, birth date and expiry that 1Kosmos extracted are compared here with the session,
//! with the same folding rules as the local tenant ([`id_documents::names`]).
//!
//! ASSUMPTION (the field mapping, kept in this one place): 1Kosmos's mobile demo apps read the
//! extracted document from the authenticity check's certification (`dl_authenticate`), whose
//! `result` is a JSON *string* of the document, and from `metadata.verifiedPeople[]`
//! (`firstName.value`, `lastName.value`, `dateOfBirth.{day,month,year}.value`). The key names
//! inside `result` are not public: we accept the spellings below and nothing else. When both
//! places carry a field they must agree.
//!
//! Names are compared in the document's own spelling scheme ([`DocKind::name_scheme`]: ICAO
//! for a passport, plain for a card), never across. Dates are read by the issuer's convention
//! ([`DocKind::date_order`]): month first only on a card the vendor says the US issued; a card
//! whose issuing country the vendor does not state is read only from `YYYY-MM-DD`, so an
//! ambiguous date fails closed (IDV0007).

use id_documents::names::{same_name, Scheme};
use id_documents::{Date, DateOrder};
use serde_json::Value;

use crate::journey::DocKind;
use crate::wire::VerifyResponse;

const FIRST_NAME_KEYS: &[&str] = &["firstName", "first_name", "givenName", "given_names"];
const LAST_NAME_KEYS: &[&str] = &["lastName", "last_name", "familyName", "surname"];
const BIRTH_KEYS: &[&str] = &["dob", "dateOfBirth", "birthDate", "date_of_birth"];
const EXPIRY_KEYS: &[&str] = &["doe", "dateOfExpiry", "expiryDate", "expirationDate"];
const COUNTRY_KEYS: &[&str] = &[
    "issuingCountry",
    "issuing_country",
    "country",
    "countryCode",
];

/// The identity fields of the document, as the vendor extracted them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Given name(s).
    pub first_name: Option<String>,
    /// Family name(s).
    pub last_name: Option<String>,
    /// Birth date.
    pub birth_date: Option<Date>,
    /// Expiry date.
    pub expiry_date: Option<Date>,
}

/// The patient the host named when it created the session.
#[derive(Debug, Clone, Copy)]
pub struct Patient<'a> {
    /// Given name(s).
    pub first_name: &'a str,
    /// Family name(s).
    pub last_name: &'a str,
    /// Birth date.
    pub birth_date: Date,
}

/// Why the vendor's answer is not bound to the patient. Each maps to a reason code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unbound {
    /// The answer carries no usable extracted document (or two places disagree): fail closed.
    Missing,
    /// The document has expired.
    Expired,
    /// A first or last name differs from the patient's.
    Name,
    /// The birth date differs from the patient's.
    BirthDate,
}

impl Unbound {
    /// The reason code the host receives: IDV0011 expired, IDV0010 name, IDV0013 birth date
    /// (ours: 1Kosmos publishes none), IDV0007 "could not complete verification" otherwise.
    pub fn reason_code(self) -> &'static str {
        match self {
            Self::Missing => "IDV0007",
            Self::Expired => "IDV0011",
            Self::Name => "IDV0010",
            Self::BirthDate => "IDV0013",
        }
    }
}

/// Reads the extracted document of a `kind` answer, or `Missing`.
pub fn extracted(response: &VerifyResponse, kind: DocKind) -> Result<Extracted, Unbound> {
    let cert = response
        .certifications
        .iter()
        .find(|c| c.kind == kind.authenticate_check())
        .ok_or(Unbound::Missing)?;
    let from_result = match cert.result.as_deref() {
        None => Extracted::default(),
        Some(text) => {
            let value: Value = serde_json::from_str(text).map_err(|_| Unbound::Missing)?;
            from_document(&value, kind)?
        }
    };
    let from_metadata = match cert
        .metadata
        .as_ref()
        .and_then(|m| m.get("verifiedPeople"))
        .and_then(Value::as_array)
        .and_then(|people| people.first())
    {
        None => Extracted::default(),
        Some(person) => from_person(person)?,
    };
    let scheme = kind.name_scheme();
    let merged = Extracted {
        first_name: agree(from_result.first_name, from_metadata.first_name, |a, b| {
            same_name(a, b, scheme)
        })?,
        last_name: agree(from_result.last_name, from_metadata.last_name, |a, b| {
            same_name(a, b, scheme)
        })?,
        birth_date: agree(from_result.birth_date, from_metadata.birth_date, |a, b| {
            a == b
        })?,
        expiry_date: agree(
            from_result.expiry_date,
            from_metadata.expiry_date,
            |a, b| a == b,
        )?,
    };
    Ok(merged)
}

/// One value from two places: either alone, or both when they agree.
fn agree<T>(
    a: Option<T>,
    b: Option<T>,
    same: impl Fn(&T, &T) -> bool,
) -> Result<Option<T>, Unbound> {
    match (a, b) {
        (Some(a), Some(b)) if !same(&a, &b) => Err(Unbound::Missing),
        (Some(a), _) => Ok(Some(a)),
        (None, b) => Ok(b),
    }
}

/// The first of `keys` present in `doc`; a present field that is not a non-empty string is an
/// error (a vendor answer we do not understand), never skipped.
fn text_field(doc: &Value, keys: &[&str]) -> Result<Option<String>, Unbound> {
    match keys.iter().find_map(|k| doc.get(*k)) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.trim().to_owned())),
        Some(_) => Err(Unbound::Missing),
    }
}

fn date_field(doc: &Value, keys: &[&str], order: DateOrder) -> Result<Option<Date>, Unbound> {
    text_field(doc, keys)?
        .map(|s| Date::parse_document(&s, order).ok_or(Unbound::Missing))
        .transpose()
}

fn from_document(doc: &Value, kind: DocKind) -> Result<Extracted, Unbound> {
    if !doc.is_object() {
        return Err(Unbound::Missing);
    }
    let order = kind.date_order(text_field(doc, COUNTRY_KEYS)?.as_deref());
    Ok(Extracted {
        first_name: text_field(doc, FIRST_NAME_KEYS)?,
        last_name: text_field(doc, LAST_NAME_KEYS)?,
        birth_date: date_field(doc, BIRTH_KEYS, order)?,
        expiry_date: date_field(doc, EXPIRY_KEYS, order)?,
    })
}

/// `{firstName: {value}, lastName: {value}, dateOfBirth: {day: {value}, month: …, year: …}}`.
fn from_person(person: &Value) -> Result<Extracted, Unbound> {
    let value = |key: &str| -> Result<Option<String>, Unbound> {
        match person.get(key).map(|v| v.get("value")) {
            None => Ok(None),
            Some(Some(Value::String(s))) if !s.trim().is_empty() => Ok(Some(s.trim().to_owned())),
            Some(_) => Err(Unbound::Missing),
        }
    };
    let date = |key: &str| -> Result<Option<Date>, Unbound> {
        let Some(d) = person.get(key) else {
            return Ok(None);
        };
        let part = |p: &str| -> Result<u16, Unbound> {
            let v = d
                .get(p)
                .and_then(|x| x.get("value"))
                .ok_or(Unbound::Missing)?;
            match v {
                Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            }
            .ok_or(Unbound::Missing)
        };
        let (y, m, dd) = (part("year")?, part("month")?, part("day")?);
        let m = u8::try_from(m).map_err(|_| Unbound::Missing)?;
        let dd = u8::try_from(dd).map_err(|_| Unbound::Missing)?;
        Date::new(y, m, dd).map(Some).ok_or(Unbound::Missing)
    };
    Ok(Extracted {
        first_name: value("firstName")?,
        last_name: value("lastName")?,
        birth_date: date("dateOfBirth")?,
        expiry_date: date("dateOfExpiry")?,
    })
}

/// Whether the extracted document is the patient's and still valid on `today`, its names
/// compared in the document's `scheme`. Every field must be present; checked in the tenant's
/// order: expiry, names, birth date.
pub fn bind(
    doc: &Extracted,
    scheme: Scheme,
    patient: Patient<'_>,
    today: Date,
) -> Result<(), Unbound> {
    let (Some(first), Some(last), Some(born), Some(expires)) = (
        doc.first_name.as_deref(),
        doc.last_name.as_deref(),
        doc.birth_date,
        doc.expiry_date,
    ) else {
        return Err(Unbound::Missing);
    };
    if expires < today {
        Err(Unbound::Expired)
    } else if !same_name(patient.first_name, first, scheme)
        || !same_name(patient.last_name, last, scheme)
    {
        Err(Unbound::Name)
    } else if born != patient.birth_date {
        Err(Unbound::BirthDate)
    } else {
        Ok(())
    }
}

/// The `result` JSON a document check carries for an extracted document: the shape our local
/// tenant sends and [`extracted`] reads.
pub fn result_json(first: &str, last: &str, born: Date, expires: Date) -> String {
    serde_json::json!({
        "firstName": first,
        "lastName": last,
        "dob": born.iso(),
        "doe": expires.iso(),
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Certification;

    fn bind_plain(doc: &Extracted, patient: Patient<'_>, today: Date) -> Result<(), Unbound> {
        bind(doc, Scheme::Plain, patient, today)
    }

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn answer(result: Option<&str>, metadata: Option<Value>) -> VerifyResponse {
        answer_for(DocKind::DriversLicense, result, metadata)
    }

    fn answer_for(kind: DocKind, result: Option<&str>, metadata: Option<Value>) -> VerifyResponse {
        VerifyResponse {
            doc_id: "v".into(),
            certifications: vec![Certification {
                kind: kind.authenticate_check().into(),
                verified: true,
                result: result.map(str::to_owned),
                metadata,
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    const ANA: Patient<'static> = Patient {
        first_name: "Ana",
        last_name: "Rivera",
        birth_date: Date {
            year: 1958,
            month: 4,
            day: 12,
        },
    };

    #[test]
    fn a_document_of_the_patient_binds_and_another_does_not() {
        let today = d(2026, 11, 26);
        let doc = |first: &str, last: &str, born: Date, exp: Date| {
            let r = answer(Some(&result_json(first, last, born, exp)), None);
            extracted(&r, DocKind::DriversLicense).unwrap()
        };
        let exp = d(2030, 1, 1);
        assert_eq!(
            bind_plain(&doc("ANA", "RIVERA", ANA.birth_date, exp), ANA, today),
            Ok(())
        );
        assert_eq!(
            bind_plain(
                &doc("ANA", "RIVERA", ANA.birth_date, d(2020, 1, 1)),
                ANA,
                today
            ),
            Err(Unbound::Expired)
        );
        assert_eq!(
            bind_plain(&doc("ANA", "RIVERO", ANA.birth_date, exp), ANA, today),
            Err(Unbound::Name)
        );
        assert_eq!(
            bind_plain(&doc("ANNA", "RIVERA", ANA.birth_date, exp), ANA, today),
            Err(Unbound::Name)
        );
        assert_eq!(
            bind_plain(&doc("ANA", "RIVERA", d(1958, 4, 13), exp), ANA, today),
            Err(Unbound::BirthDate)
        );
    }

    #[test]
    fn verified_people_metadata_is_read_and_must_agree_with_the_result() {
        let person = serde_json::json!({"verifiedPeople": [{
            "firstName": {"value": "ANA"}, "lastName": {"value": "RIVERA"},
            "dateOfBirth": {"day": {"value": 12}, "month": {"value": "4"}, "year": {"value": 1958}},
            "dateOfExpiry": {"day": {"value": 1}, "month": {"value": 1}, "year": {"value": 2030}}
        }]});
        let ppt = DocKind::Passport;
        let only_meta = extracted(&answer_for(ppt, None, Some(person.clone())), ppt).unwrap();
        assert_eq!(bind_plain(&only_meta, ANA, d(2026, 1, 1)), Ok(()));
        let other = result_json("ANA", "RIVERA", d(1960, 1, 1), d(2030, 1, 1));
        assert_eq!(
            extracted(&answer_for(ppt, Some(&other), Some(person)), ppt),
            Err(Unbound::Missing)
        );
        assert_eq!(
            extracted(&answer(Some(&other), None), ppt),
            Err(Unbound::Missing),
            "the extraction of another check does not count"
        );
    }

    #[test]
    fn no_extraction_or_garbage_fails_closed() {
        let none = VerifyResponse {
            doc_id: "v".into(),
            ..Default::default()
        };
        assert_eq!(
            extracted(&none, DocKind::DriversLicense),
            Err(Unbound::Missing)
        );
        for result in [
            "not json",
            "[]",
            r#"{"firstName": 7}"#,
            r#"{"dob": "12.04.1958"}"#,
        ] {
            assert_eq!(
                extracted(&answer(Some(result), None), DocKind::DriversLicense),
                Err(Unbound::Missing),
                "{result}"
            );
        }
        let partial = extracted(
            &answer(Some(r#"{"firstName":"ANA","lastName":"RIVERA"}"#), None),
            DocKind::DriversLicense,
        )
        .unwrap();
        assert_eq!(
            bind_plain(&partial, ANA, d(2026, 1, 1)),
            Err(Unbound::Missing)
        );
        let empty = extracted(&answer(None, None), DocKind::DriversLicense).unwrap();
        assert_eq!(
            bind_plain(&empty, ANA, d(2026, 1, 1)),
            Err(Unbound::Missing)
        );
    }

    #[test]
    fn dates_are_read_by_the_issuers_convention_and_ambiguity_fails_closed() {
        let card = |country: Option<&str>, dob: &str| {
            let mut doc = serde_json::json!({
                "firstName": "ANA", "lastName": "RIVERA", "dob": dob, "doe": "2030-01-01"
            });
            if let Some(c) = country {
                doc["issuingCountry"] = c.into();
            }
            let r = answer(Some(&doc.to_string()), None);
            extracted(&r, DocKind::DriversLicense)
        };
        let born = |country, dob| card(country, dob).map(|d| d.birth_date);
        let april_12 = Some(d(1958, 4, 12));
        // A US card: month first.
        assert_eq!(born(Some("USA"), "04121958"), Ok(april_12));
        assert_eq!(born(Some("US"), "04/12/1958"), Ok(april_12));
        assert_eq!(born(Some("USA"), "19580412"), Err(Unbound::Missing));
        // A Canadian card (AAMVA year first) and any other issuer: as the vendor states it.
        assert_eq!(born(Some("CAN"), "19580412"), Ok(april_12));
        assert_eq!(born(Some("CAN"), "04121958"), Err(Unbound::Missing));
        assert_eq!(born(Some("DEU"), "12/04/1958"), Err(Unbound::Missing));
        // No issuer stated: "04/12/1958" is April or December, so only ISO is read.
        assert_eq!(born(None, "1958-04-12"), Ok(april_12));
        for dob in ["04121958", "04/12/1958", "19580412"] {
            assert_eq!(born(None, dob), Err(Unbound::Missing), "{dob}");
        }
        let r = answer_for(
            DocKind::Passport,
            Some(
                r#"{"firstName":"ANA","lastName":"RIVERA","dob":"04121958","doe":"01012030","issuingCountry":"USA"}"#,
            ),
            None,
        );
        assert_eq!(
            extracted(&r, DocKind::Passport),
            Err(Unbound::Missing),
            "a passport's dates are never month first"
        );
    }

    #[test]
    fn a_passport_binds_icao_spellings_and_a_card_plain_ones() {
        let moller = Patient {
            first_name: "Jörg",
            last_name: "Möller",
            birth_date: ANA.birth_date,
        };
        let today = d(2026, 1, 1);
        let exp = d(2030, 1, 1);
        let read = |kind: DocKind, first: &str, last: &str| {
            let r = answer_for(
                kind,
                Some(&result_json(first, last, ANA.birth_date, exp)),
                None,
            );
            let doc = extracted(&r, kind).unwrap();
            bind(&doc, kind.name_scheme(), moller, today)
        };
        let (ppt, dl) = (DocKind::Passport, DocKind::DriversLicense);
        assert_eq!(read(ppt, "JOERG", "MOELLER"), Ok(()));
        assert_eq!(read(ppt, "JORG", "MOLLER"), Err(Unbound::Name));
        assert_eq!(read(dl, "JORG", "MOLLER"), Ok(()));
        assert_eq!(read(dl, "JOERG", "MOELLER"), Err(Unbound::Name));
    }
}
