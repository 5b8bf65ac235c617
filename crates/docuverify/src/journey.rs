//! What we ask 1Kosmos to check for each kind of document, and the shape of each request.
//!
//! ASSUMPTION: 1Kosmos documents `dl_verify` (with document type `dl`), `face_liveness` and
//! `face_compare`; its mobile demo apps also request `dl_authenticate`, whose certification
//! carries the extracted document. The names for passports (`ppt`, `ppt_verify`,
//! `ppt_authenticate`) and national ID cards (`idcard`, `idcard_verify`, `idcard_authenticate`)
//! are not public; they are kept here, and only here, so that a real tenant's names are a
//! one-line change.

use id_documents::names::Scheme;
use id_documents::DateOrder;

use crate::wire::{VerifyDocument, VerifyRequest};

/// The document kinds the widget captures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A US driver's licence (AAMVA barcode on the back).
    DriversLicense,
    /// A passport data page (MRZ).
    Passport,
    /// A state or national ID card.
    IdCard,
}

impl DocKind {
    /// Every kind, in the order the widget offers them.
    pub const ALL: [DocKind; 3] = [Self::DriversLicense, Self::Passport, Self::IdCard];

    /// The `document.type` value.
    pub fn type_code(self) -> &'static str {
        match self {
            Self::DriversLicense => "dl",
            Self::Passport => "ppt",
            Self::IdCard => "idcard",
        }
    }

    /// The document check's name in `verifications`.
    pub fn document_check(self) -> &'static str {
        match self {
            Self::DriversLicense => "dl_verify",
            Self::Passport => "ppt_verify",
            Self::IdCard => "idcard_verify",
        }
    }

    /// The authenticity check whose certification carries the extracted document.
    pub fn authenticate_check(self) -> &'static str {
        match self {
            Self::DriversLicense => "dl_authenticate",
            Self::Passport => "ppt_authenticate",
            Self::IdCard => "idcard_authenticate",
        }
    }

    /// How the document spells names: a passport's MRZ by ICAO 9303, a card's barcode (US
    /// AAMVA) with the accents dropped. Names are compared in this one scheme, never across.
    pub fn name_scheme(self) -> Scheme {
        match self {
            Self::Passport => Scheme::Icao,
            Self::DriversLicense | Self::IdCard => Scheme::Plain,
        }
    }

    /// How the document's issuer orders dates: a passport year first (ICAO); a card month
    /// first only when its issuing country (as the vendor read it) is the US (AAMVA writes
    /// `MMDDCCYY` there and `CCYYMMDD` in Canada), year first for any other stated country,
    /// and unstated (only `YYYY-MM-DD` is read) when the vendor names no country.
    pub fn date_order(self, issuing_country: Option<&str>) -> DateOrder {
        match (self, issuing_country.map(str::trim)) {
            (Self::Passport, _) => DateOrder::YearFirst,
            (_, None) => DateOrder::Unstated,
            (_, Some(c)) if c.eq_ignore_ascii_case("USA") || c.eq_ignore_ascii_case("US") => {
                DateOrder::MonthFirst
            }
            (_, Some(_)) => DateOrder::YearFirst,
        }
    }

    /// The kind of a `document.type` value.
    pub fn from_type_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.type_code() == code)
    }
}

/// The liveness check of the selfie.
pub const FACE_LIVENESS: &str = "face_liveness";
/// The comparison of the selfie with a portrait.
pub const FACE_COMPARE: &str = "face_compare";

/// The checks of a document + selfie journey: the document's authenticity (which extracts it),
/// the document itself, the selfie's liveness, and the comparison of the selfie with the
/// document portrait.
pub fn checks_for(kind: DocKind) -> Vec<String> {
    vec![
        kind.authenticate_check().to_owned(),
        kind.document_check().to_owned(),
        FACE_LIVENESS.to_owned(),
        FACE_COMPARE.to_owned(),
    ]
}

/// The document type of a re-verification request.
pub const LIVEID_TYPE: &str = "liveid";

/// The checks of a selfie-only re-verification.
pub fn reverify_checks() -> Vec<String> {
    vec![FACE_LIVENESS.to_owned(), FACE_COMPARE.to_owned()]
}

/// The patient a request is about, as the host named them.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// Given name(s).
    pub first_name: &'a str,
    /// Family name(s).
    pub last_name: &'a str,
    /// `YYYYMMDD`
    pub dob: &'a str,
}

/// The `/verify` payload of a document + selfie submission (images base64).
pub fn document_request(
    dvc_id: &str,
    document_id: &str,
    kind: DocKind,
    subject: Subject<'_>,
    front: String,
    back: Option<String>,
    selfie: String,
) -> VerifyRequest {
    VerifyRequest {
        dvc_id: dvc_id.to_owned(),
        verifications: checks_for(kind),
        document: VerifyDocument {
            id: document_id.to_owned(),
            doc_type: kind.type_code().to_owned(),
            category: "identity_document".into(),
            first_name: subject.first_name.to_owned(),
            last_name: subject.last_name.to_owned(),
            dob: subject.dob.to_owned(),
            doe: None,
            image1: front,
            image2: back,
            live_id: Some(selfie),
        },
    }
}

/// ASSUMPTION: 1Kosmos publishes no selfie-only "LiveID" server endpoint. The public shapes that
/// can re-verify an enrolled person are `face_compare` (`image1` = the enrolled portrait,
/// `image2` = the new selfie) and `face_liveness` (`liveId` = the new selfie), requested
/// together in one `/verify` call on a document of type `liveid`. The enrolled portrait is the
/// live selfie of the patient's earlier PASS, kept (encrypted) by our gateway. This function is
/// the only place that shape is decided; a real tenant's API changes this function, not its
/// callers.
pub fn reverify_request(
    dvc_id: &str,
    document_id: &str,
    subject: Subject<'_>,
    enrolled_portrait: String,
    selfie: String,
) -> VerifyRequest {
    VerifyRequest {
        dvc_id: dvc_id.to_owned(),
        verifications: reverify_checks(),
        document: VerifyDocument {
            id: document_id.to_owned(),
            doc_type: LIVEID_TYPE.to_owned(),
            category: "biometric".into(),
            first_name: subject.first_name.to_owned(),
            last_name: subject.last_name.to_owned(),
            dob: subject.dob.to_owned(),
            doe: None,
            image1: enrolled_portrait,
            image2: Some(selfie.clone()),
            live_id: Some(selfie),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_and_asks_for_extraction_and_face_checks() {
        for k in DocKind::ALL {
            assert_eq!(DocKind::from_type_code(k.type_code()), Some(k));
            let checks = checks_for(k);
            assert_eq!(checks[0], k.authenticate_check());
            assert_eq!(checks[1], k.document_check());
            assert!(checks.iter().any(|c| c == FACE_COMPARE));
        }
        assert_eq!(checks_for(DocKind::DriversLicense)[1], "dl_verify");
    }

    #[test]
    fn a_reverification_compares_the_enrolled_portrait_with_the_live_selfie() {
        let s = Subject {
            first_name: "Ana",
            last_name: "Rivera",
            dob: "19580412",
        };
        let r = reverify_request("j", "v2", s, "PORTRAIT".into(), "SELFIE".into());
        assert_eq!(r.document.doc_type, LIVEID_TYPE);
        assert_eq!(r.document.image1, "PORTRAIT");
        assert_eq!(r.document.image2.as_deref(), Some("SELFIE"));
        assert_eq!(r.document.live_id.as_deref(), Some("SELFIE"));
        assert_eq!(r.verifications, reverify_checks());
    }
}
