//! What we ask 1Kosmos to check for each kind of document.
//!
//! ASSUMPTION: 1Kosmos documents `dl_verify` (with document type `dl`), `face_liveness` and
//! `face_compare`. The names for passports (`ppt`, `ppt_verify`) and national ID cards
//! (`idcard`, `idcard_verify`) are not public; they are kept here, and only here, so that a
//! real tenant's names are a one-line change.

/// The document kinds the widget captures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    DriversLicense,
    Passport,
    IdCard,
}

impl DocKind {
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

    pub fn from_type_code(code: &str) -> Option<Self> {
        [Self::DriversLicense, Self::Passport, Self::IdCard]
            .into_iter()
            .find(|k| k.type_code() == code)
    }
}

pub const FACE_LIVENESS: &str = "face_liveness";
pub const FACE_COMPARE: &str = "face_compare";

/// The checks of a document + selfie journey: the document, the selfie's liveness, and the
/// comparison of the selfie with the document portrait.
pub fn checks_for(kind: DocKind) -> Vec<String> {
    vec![
        kind.document_check().to_owned(),
        FACE_LIVENESS.to_owned(),
        FACE_COMPARE.to_owned(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_and_asks_for_face_checks() {
        for k in [DocKind::DriversLicense, DocKind::Passport, DocKind::IdCard] {
            assert_eq!(DocKind::from_type_code(k.type_code()), Some(k));
            let checks = checks_for(k);
            assert_eq!(checks[0], k.document_check());
            assert!(checks.iter().any(|c| c == FACE_COMPARE));
        }
        assert_eq!(checks_for(DocKind::DriversLicense)[0], "dl_verify");
    }
}
