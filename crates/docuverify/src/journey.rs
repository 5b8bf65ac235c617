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

/// The document type of a re-verification request.
pub const LIVEID_TYPE: &str = "liveid";

/// The checks of a selfie-only re-verification.
pub fn reverify_checks() -> Vec<String> {
    vec![FACE_LIVENESS.to_owned(), FACE_COMPARE.to_owned()]
}

/// ASSUMPTION: 1Kosmos re-verifies an enrolled person from a live selfie ("LiveID": the live
/// selfie is compared with the one from enrollment), but the API for it is not public. We send
/// it as a `/verify` call with only the face checks, a document of type `liveid` that carries
/// the selfie in `liveId` and names the enrolled verification (our verification id, sent as
/// `document.id` at enrollment) in `enrollmentId`. This function is the only place that shape
/// is decided; a real tenant's API changes this function, not its callers.
#[allow(clippy::too_many_arguments)]
pub fn reverify_request(
    dvc_id: &str,
    verification_id: &str,
    enrollment_id: &str,
    first_name: &str,
    last_name: &str,
    dob: &str,
    selfie_b64: String,
) -> crate::wire::VerifyRequest {
    crate::wire::VerifyRequest {
        dvc_id: dvc_id.to_owned(),
        verifications: reverify_checks(),
        document: crate::wire::VerifyDocument {
            id: verification_id.to_owned(),
            doc_type: LIVEID_TYPE.to_owned(),
            category: "biometric".into(),
            first_name: first_name.to_owned(),
            last_name: last_name.to_owned(),
            dob: dob.to_owned(),
            doe: None,
            image1: String::new(),
            image2: None,
            live_id: Some(selfie_b64),
            enrollment_id: Some(enrollment_id.to_owned()),
        },
    }
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
