//! Re-verification: which earlier document verification a selfie-only re-verification builds
//! on, and the portrait enrolled at that PASS, sealed at rest.
//!
//! The age limit is measured from the original document verification, never from a later
//! re-verification, so re-verifications cannot be chained forever.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use idv_wire::{SessionMode, VerificationStatus};
use rand_core::{OsRng, RngCore};

use crate::db::{SessionRow, VerificationRow};
use crate::error::ApiError;

/// The document verification (id, and when it passed) that a re-verification of `patient_ref`
/// naming `prior` builds on. `original` is the verification `prior`'s session pointed back to,
/// when `prior` was itself a re-verification. Every link must be a PASS of the same patient, and
/// the document verification at most `max_age_secs` old.
pub fn enrolment_for(
    prior: Option<&(VerificationRow, SessionRow)>,
    original: Option<&(VerificationRow, SessionRow)>,
    patient_ref: &str,
    now: i64,
    max_age_secs: i64,
) -> Result<(String, i64), ApiError> {
    let no_pass = || {
        ApiError::conflict(
            "no_prior_pass",
            "reverify_of must name an earlier PASS of this patient; run a full verification",
        )
    };
    let passed = |(v, s): &(VerificationRow, SessionRow)| {
        s.patient_ref == patient_ref && v.status == VerificationStatus::Pass
    };
    let prior = prior.filter(|p| passed(p)).ok_or_else(no_pass)?;
    let document = match prior.1.mode {
        SessionMode::Full => prior,
        SessionMode::Reverify => original
            .filter(|o| passed(o) && o.1.mode == SessionMode::Full)
            .ok_or_else(no_pass)?,
    };
    let decided_at = document.0.decided_at.ok_or_else(no_pass)?;
    if now - decided_at > max_age_secs {
        return Err(ApiError::conflict(
            "prior_pass_expired",
            "the document verification is older than the re-verification policy allows; run a full verification",
        ));
    }
    Ok((document.0.id.clone(), decided_at))
}

/// Seals and opens enrolled portraits: AES-256-GCM, a fresh 96-bit nonce per portrait, the
/// verification id as associated data (a sealed portrait cannot be moved to another row).
#[derive(Clone)]
pub struct PortraitKey(Key<Aes256Gcm>);

impl std::fmt::Debug for PortraitKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PortraitKey(..)")
    }
}

impl PortraitKey {
    /// From base64 of exactly 32 bytes.
    pub fn from_b64(b64: &str) -> Result<Self, String> {
        let bytes = B64
            .decode(b64.trim())
            .map_err(|_| "portrait_key is not base64".to_owned())?;
        if bytes.len() != 32 {
            return Err("portrait_key must be 32 bytes (base64)".into());
        }
        Ok(Self(*Key::<Aes256Gcm>::from_slice(&bytes)))
    }

    /// `nonce ‖ ciphertext ‖ tag`.
    pub fn seal(&self, verification_id: &str, jpeg: &[u8]) -> Result<Vec<u8>, String> {
        let mut nonce = [0u8; 12];
        OsRng.fill_bytes(&mut nonce);
        let sealed = Aes256Gcm::new(&self.0)
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: jpeg,
                    aad: verification_id.as_bytes(),
                },
            )
            .map_err(|_| "portrait sealing failed".to_owned())?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    /// Opens a portrait sealed for `verification_id` (its AAD); an error if it was sealed for
    /// another verification or with another key.
    pub fn open(&self, verification_id: &str, sealed: &[u8]) -> Result<Vec<u8>, String> {
        if sealed.len() < 12 + 16 {
            return Err("sealed portrait too short".into());
        }
        let (nonce, body) = sealed.split_at(12);
        Aes256Gcm::new(&self.0)
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: verification_id.as_bytes(),
                },
            )
            .map_err(|_| "sealed portrait does not open with this key".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verification(id: &str, status: &str, decided_at: Option<i64>) -> VerificationRow {
        VerificationRow {
            id: id.into(),
            session_id: format!("s-{id}"),
            idempotency_key: "k".into(),
            document_type: "passport".into(),
            status: VerificationStatus::parse(status).unwrap(),
            reason_code: None,
            submitted_at: 0,
            deadline_at: 0,
            decided_at,
            result_token: None,
            token_expires_at: None,
            enrolment_id: None,
            cause_code: None,
        }
    }

    fn session(patient_ref: &str, mode: &str, reverify_of: Option<&str>) -> SessionRow {
        SessionRow {
            id: "s".into(),
            client_id: "c".into(),
            patient_ref: patient_ref.into(),
            first_name: "Ana".into(),
            last_name: "Rivera".into(),
            date_of_birth: "1958-04-12".into(),
            trigger: idv_wire::Trigger::Signup,
            document_types: String::new(),
            host_origin: "https://h.example".into(),
            locale: "en".into(),
            status: idv_wire::SessionStatus::Completed,
            created_at: 0,
            expires_at: 0,
            nonce: "n".into(),
            mode: SessionMode::parse(mode).unwrap(),
            reverify_of: reverify_of.map(Into::into),
            consent_biometric: true,
            max_attempts: Some(3),
            max_retakes: None,
            allow_document_upload: false,
        }
    }

    #[test]
    fn a_reverification_builds_on_a_recent_document_pass_of_the_same_patient() {
        let full = (
            verification("v1", "PASS", Some(1000)),
            session("MRN1", "full", None),
        );
        let code = |r: Result<(String, i64), ApiError>| r.unwrap_err().code;
        assert_eq!(
            enrolment_for(Some(&full), None, "MRN1", 2000, 5000).unwrap(),
            ("v1".into(), 1000)
        );
        assert_eq!(
            code(enrolment_for(Some(&full), None, "MRN2", 2000, 5000)),
            "no_prior_pass"
        );
        assert_eq!(
            code(enrolment_for(Some(&full), None, "MRN1", 7000, 5000)),
            "prior_pass_expired"
        );
        assert_eq!(
            code(enrolment_for(None, None, "MRN1", 2000, 5000)),
            "no_prior_pass"
        );
        let failed = (
            verification("v1", "FAIL", Some(1000)),
            session("MRN1", "full", None),
        );
        assert_eq!(
            code(enrolment_for(Some(&failed), None, "MRN1", 2000, 5000)),
            "no_prior_pass"
        );
        let undecided = (
            verification("v1", "PASS", None),
            session("MRN1", "full", None),
        );
        assert_eq!(
            code(enrolment_for(Some(&undecided), None, "MRN1", 2000, 5000)),
            "no_prior_pass"
        );
    }

    #[test]
    fn the_age_limit_counts_from_the_original_document_verification() {
        let original = (
            verification("v1", "PASS", Some(1000)),
            session("MRN1", "full", None),
        );
        // A re-verification that passed recently, on a document verification that is old.
        let recent = (
            verification("v2", "PASS", Some(5500)),
            session("MRN1", "reverify", Some("v1")),
        );
        assert_eq!(
            enrolment_for(Some(&recent), Some(&original), "MRN1", 5800, 4000)
                .unwrap_err()
                .code,
            "prior_pass_expired"
        );
        assert_eq!(
            enrolment_for(Some(&recent), Some(&original), "MRN1", 5800, 9000).unwrap(),
            ("v1".into(), 1000),
            "a chain points back at the document verification"
        );
        assert_eq!(
            enrolment_for(Some(&recent), None, "MRN1", 5800, 9000)
                .unwrap_err()
                .code,
            "no_prior_pass"
        );
    }

    #[test]
    fn portraits_are_sealed_to_their_row() {
        let key = PortraitKey::from_b64(&B64.encode([7u8; 32])).unwrap();
        let sealed = key.seal("v1", b"\xFF\xD8\xFFportrait").unwrap();
        assert!(!sealed.windows(8).any(|w| w == b"portrait"));
        assert_eq!(key.open("v1", &sealed).unwrap(), b"\xFF\xD8\xFFportrait");
        assert!(
            key.open("v2", &sealed).is_err(),
            "bound to its verification"
        );
        let other = PortraitKey::from_b64(&B64.encode([8u8; 32])).unwrap();
        assert!(other.open("v1", &sealed).is_err());
        assert!(key.open("v1", &sealed[..20]).is_err());
        assert!(PortraitKey::from_b64("c2hvcnQ=").is_err());
    }
}
