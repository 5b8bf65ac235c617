//! Re-verification: which earlier document verification a selfie-only re-verification builds
//! on, and the portrait enrolled at that PASS, sealed at rest.
//!
//! The age limit is measured from the original document verification, never from a later
//! re-verification, so re-verifications cannot be chained forever.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use idv_wire::{ErrorCode, SessionMode, VerificationStatus};
use rand_core::{OsRng, RngCore};

use crate::db::{self, SessionRow, VerificationRow};
use crate::error::{Error, Refusal};
use crate::AppState;

/// Why a portrait key or a sealed portrait was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// The configured key is not base64.
    #[error("portrait_key is not base64")]
    KeyNotBase64,
    /// The configured key is not 32 bytes.
    #[error("portrait_key must be 32 bytes (base64)")]
    KeyLength,
    /// The cipher refused to seal.
    #[error("portrait sealing failed")]
    Seal,
    /// Shorter than a nonce and a tag.
    #[error("sealed portrait too short")]
    TooShort,
    /// Sealed with another key, or for another verification.
    #[error("sealed portrait does not open with this key")]
    Open,
}

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
) -> Result<(String, i64), Refusal> {
    let no_pass = || {
        Refusal::new(
            ErrorCode::NoPriorPass,
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
        return Err(Refusal::new(
            ErrorCode::PriorPassExpired,
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
    pub fn from_b64(b64: &str) -> Result<Self, SealError> {
        let bytes = B64
            .decode(b64.trim())
            .map_err(|_| SealError::KeyNotBase64)?;
        if bytes.len() != 32 {
            return Err(SealError::KeyLength);
        }
        Ok(Self(*Key::<Aes256Gcm>::from_slice(&bytes)))
    }

    /// `nonce ‖ ciphertext ‖ tag`.
    pub fn seal(&self, verification_id: &str, jpeg: &[u8]) -> Result<Vec<u8>, SealError> {
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
            .map_err(|_| SealError::Seal)?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    /// Opens a portrait sealed for `verification_id` (its AAD); an error if it was sealed for
    /// another verification or with another key.
    pub fn open(&self, verification_id: &str, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        if sealed.len() < 12 + 16 {
            return Err(SealError::TooShort);
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
            .map_err(|_| SealError::Open)
    }
}

/// The document verification a re-verification requested by host client `client` for
/// `patient_ref` builds on, naming `prior_id`: checked for the patient, the age (from the
/// original document verification) and an enrolled portrait.
pub async fn reverify_enrolment(
    app: &AppState,
    client: &str,
    prior_id: &str,
    patient_ref: &str,
    now: i64,
) -> Result<String, Error> {
    let mine = |pair: Option<(db::VerificationRow, SessionRow)>| {
        pair.filter(|(_, s)| s.client_id == client)
    };
    let prior = mine(db::verification_with_session(&app.pool, prior_id).await?);
    let original = match prior.as_ref().and_then(|(_, s)| s.reverify_of.clone()) {
        Some(id) => mine(db::verification_with_session(&app.pool, &id).await?),
        None => None,
    };
    let max_age = app.config.reverify_max_age_days as i64 * 86_400;
    let (enrolment, _) =
        enrolment_for(prior.as_ref(), original.as_ref(), patient_ref, now, max_age)?;
    if app.portrait_key.is_none() {
        return Err(Refusal::new(
            ErrorCode::ReverifyUnavailable,
            "this gateway keeps no enrolled portraits (no portrait_key configured)",
        )
        .into());
    }
    if db::portrait(&app.pool, &enrolment, now).await?.is_none() {
        return Err(Refusal::new(
            ErrorCode::NoEnrolledPortrait,
            "the earlier verification kept no portrait (no biometric consent, or it aged out); run a full verification",
        )
        .into());
    }
    Ok(enrolment)
}

/// The portrait enrolled at the document verification a re-verification session builds on,
/// opened.
pub async fn enrolled_portrait(
    app: &AppState,
    session: &SessionRow,
    now: i64,
) -> Result<Vec<u8>, Error> {
    let missing = || {
        Refusal::new(
            ErrorCode::NoEnrolledPortrait,
            "the earlier verification kept no portrait (or it aged out); run a full verification",
        )
    };
    let key = app.portrait_key.as_ref().ok_or_else(missing)?;
    let enrolment = session.reverify_of.as_deref().ok_or_else(missing)?;
    let sealed = db::portrait(&app.pool, enrolment, now)
        .await?
        .ok_or_else(missing)?;
    Ok(key.open(enrolment, &sealed)?)
}

#[cfg(test)]
pub(crate) mod tests {
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

    pub(crate) fn session(patient_ref: &str, mode: &str, reverify_of: Option<&str>) -> SessionRow {
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
        let code = |r: Result<(String, i64), Refusal>| r.unwrap_err().code;
        assert_eq!(
            enrolment_for(Some(&full), None, "MRN1", 2000, 5000).unwrap(),
            ("v1".into(), 1000)
        );
        assert_eq!(
            code(enrolment_for(Some(&full), None, "MRN2", 2000, 5000)),
            ErrorCode::NoPriorPass
        );
        assert_eq!(
            code(enrolment_for(Some(&full), None, "MRN1", 7000, 5000)),
            ErrorCode::PriorPassExpired
        );
        assert_eq!(
            code(enrolment_for(None, None, "MRN1", 2000, 5000)),
            ErrorCode::NoPriorPass
        );
        let failed = (
            verification("v1", "FAIL", Some(1000)),
            session("MRN1", "full", None),
        );
        assert_eq!(
            code(enrolment_for(Some(&failed), None, "MRN1", 2000, 5000)),
            ErrorCode::NoPriorPass
        );
        let undecided = (
            verification("v1", "PASS", None),
            session("MRN1", "full", None),
        );
        assert_eq!(
            code(enrolment_for(Some(&undecided), None, "MRN1", 2000, 5000)),
            ErrorCode::NoPriorPass
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
            ErrorCode::PriorPassExpired
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
            ErrorCode::NoPriorPass
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
