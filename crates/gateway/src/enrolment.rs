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

/// The document verification (id, and when it passed) that a re-verification naming `prior`
/// builds on, for the patient whose keyed link (see [`PatientRefKey::link`]) is `link`.
/// `original` is the verification `prior`'s session pointed back to, when `prior` was itself a
/// re-verification. Every link must be a PASS of the same patient, and the document verification
/// at most `max_age_secs` old. A PASS whose session no longer carries a patient link (it aged
/// out with its portrait, or was erased on request) is `reverify_unavailable`: the gateway no
/// longer knows whose it was.
pub fn enrolment_for(
    prior: Option<&(VerificationRow, SessionRow)>,
    original: Option<&(VerificationRow, SessionRow)>,
    link: &str,
    now: i64,
    max_age_secs: i64,
) -> Result<(String, i64), Refusal> {
    fn no_pass() -> Refusal {
        Refusal::new(
            ErrorCode::NoPriorPass,
            "reverify_of must name an earlier PASS of this patient; run a full verification",
        )
    }
    fn of_this_patient<'a>(
        pair: Option<&'a (VerificationRow, SessionRow)>,
        link: &str,
        full_only: bool,
    ) -> Result<&'a (VerificationRow, SessionRow), Refusal> {
        let pair = pair
            .filter(|(v, s)| {
                v.status == VerificationStatus::Pass && (!full_only || s.mode == SessionMode::Full)
            })
            .ok_or_else(no_pass)?;
        match pair.1.patient_link.as_deref() {
            None => Err(Refusal::new(
                ErrorCode::ReverifyUnavailable,
                "this gateway no longer holds that verification's enrolment (it aged out, or was \
                 erased on request); run a full verification",
            )),
            Some(l) if l == link => Ok(pair),
            Some(_) => Err(no_pass()),
        }
    }
    let prior = of_this_patient(prior, link, false)?;
    let document = match prior.1.mode {
        SessionMode::Full => prior,
        SessionMode::Reverify => of_this_patient(original, link, true)?,
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

/// Why a patient-reference key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkKeyError {
    /// Not base64.
    #[error("patient_ref_key is not base64")]
    NotBase64,
    /// Shorter than 32 bytes.
    #[error("patient_ref_key must be at least 32 bytes (base64)")]
    TooShort,
}

/// The key of the keyed hash that links a patient to an enrolment: HMAC-SHA256 over the client
/// id and the patient reference. The link outlives the reference (purged after
/// `retention_days`), so re-verification works for `reverify_max_age_days`; without the key, a
/// copy of the database does not tell whose enrolment is whose.
#[derive(Clone)]
pub struct PatientRefKey(Vec<u8>);

impl std::fmt::Debug for PatientRefKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PatientRefKey(..)")
    }
}

impl PatientRefKey {
    /// From base64 of at least 32 bytes.
    pub fn from_b64(b64: &str) -> Result<Self, LinkKeyError> {
        let bytes = B64
            .decode(b64.trim())
            .map_err(|_| LinkKeyError::NotBase64)?;
        if bytes.len() < 32 {
            return Err(LinkKeyError::TooShort);
        }
        Ok(Self(bytes))
    }

    /// Dev mode only, when no key is configured: one derived from the portrait key (stable
    /// across restarts, so a demo's enrolments keep working).
    pub fn derived_from(portrait: &PortraitKey) -> Self {
        Self(
            hmac_sha256(
                portrait.0.as_slice(),
                &[b"idv-gateway dev patient_ref_key v1"],
            )
            .to_vec(),
        )
    }

    /// The link of `client_id`'s patient `patient_ref` (trimmed): hex of
    /// HMAC-SHA256(key, client id ‖ 0x00 ‖ patient reference). Per client: the same reference
    /// from two host clients is two patients.
    pub fn link(&self, client_id: &str, patient_ref: &str) -> String {
        hex::encode(hmac_sha256(
            &self.0,
            &[client_id.as_bytes(), &[0], patient_ref.trim().as_bytes()],
        ))
    }
}

fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
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
/// `patient_ref` builds on, naming `prior_id`: checked for the patient (by keyed link), the age
/// (from the original document verification) and an enrolled portrait.
pub async fn reverify_enrolment(
    app: &AppState,
    client: &str,
    prior_id: &str,
    patient_ref: &str,
    now: i64,
) -> Result<String, Error> {
    let (Some(_), Some(link_key)) = (&app.portrait_key, &app.patient_ref_key) else {
        return Err(Refusal::new(
            ErrorCode::ReverifyUnavailable,
            "this gateway keeps no enrolled portraits (no portrait_key configured)",
        )
        .into());
    };
    let mine = |pair: Option<(db::VerificationRow, SessionRow)>| {
        pair.filter(|(_, s)| s.client_id == client)
    };
    let prior = mine(db::verification_with_session(&app.pool, prior_id).await?);
    let original = match prior.as_ref().and_then(|(_, s)| s.reverify_of.clone()) {
        Some(id) => mine(db::verification_with_session(&app.pool, &id).await?),
        None => None,
    };
    let max_age = app.config.reverify_max_age_days as i64 * 86_400;
    let link = link_key.link(client, patient_ref);
    let (enrolment, _) = enrolment_for(prior.as_ref(), original.as_ref(), &link, now, max_age)?;
    if db::portrait(&app.pool, &enrolment, now).await?.is_none() {
        return Err(Refusal::new(
            ErrorCode::NoEnrolledPortrait,
            "the earlier verification kept no portrait (no biometric consent); run a full verification",
        )
        .into());
    }
    Ok(enrolment)
}

/// The right to erasure: deletes at once every portrait enrolled for host client `client`'s
/// patient `patient_ref`, and forgets the patient's link, so no re-verification can build on
/// them. Audited (`enrolment.erased`, per portrait). Returns how many portraits were deleted;
/// none is [`Refusal::not_found`].
pub async fn erase(
    app: &AppState,
    client: &str,
    patient_ref: &str,
    now: i64,
) -> Result<u64, Error> {
    let not_found = || Refusal::not_found("enrolment");
    let key = app.patient_ref_key.as_ref().ok_or_else(not_found)?;
    let link = key.link(client, patient_ref);
    let detail = serde_json::json!({ "by": "host", "client_id": client });
    let erased = db::erase_enrolment(&app.pool, client, &link, detail, now).await?;
    if erased == 0 {
        return Err(not_found().into());
    }
    tracing::info!(portraits = erased, "enrolment erased on the host's request");
    Ok(erased)
}

/// Fills in the patient link of sessions made before links existed (or while no key was
/// configured) that a re-verification may still build on: ended at or after `since`, reference
/// not purged yet. Returns how many were linked.
pub async fn link_unlinked_sessions(app: &AppState, since: i64) -> Result<u64, Error> {
    let Some(key) = &app.patient_ref_key else {
        return Ok(0);
    };
    let mut linked = 0;
    loop {
        let batch = db::sessions_without_link(&app.pool, since, 500).await?;
        if batch.is_empty() {
            return Ok(linked);
        }
        let mut progressed = false;
        for (id, client, patient_ref) in batch {
            if db::set_patient_link(
                &app.pool,
                &id,
                &patient_ref,
                &key.link(&client, &patient_ref),
            )
            .await?
            {
                linked += 1;
                progressed = true;
            }
        }
        if !progressed {
            // Another replica changed the same rows meanwhile; the next sweep sees the rest.
            return Ok(linked);
        }
    }
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

    /// The test key's link of client `c`'s patient `patient_ref`.
    pub(crate) fn link(patient_ref: &str) -> String {
        PatientRefKey::from_b64(&B64.encode([9u8; 32]))
            .unwrap()
            .link("c", patient_ref)
    }

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
            patient_link: Some(link(patient_ref)),
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
            enrolment_for(Some(&full), None, &link("MRN1"), 2000, 5000).unwrap(),
            ("v1".into(), 1000)
        );
        assert_eq!(
            code(enrolment_for(Some(&full), None, &link("MRN2"), 2000, 5000)),
            ErrorCode::NoPriorPass
        );
        assert_eq!(
            code(enrolment_for(Some(&full), None, &link("MRN1"), 7000, 5000)),
            ErrorCode::PriorPassExpired
        );
        assert_eq!(
            code(enrolment_for(None, None, &link("MRN1"), 2000, 5000)),
            ErrorCode::NoPriorPass
        );
        let failed = (
            verification("v1", "FAIL", Some(1000)),
            session("MRN1", "full", None),
        );
        assert_eq!(
            code(enrolment_for(
                Some(&failed),
                None,
                &link("MRN1"),
                2000,
                5000
            )),
            ErrorCode::NoPriorPass
        );
        let undecided = (
            verification("v1", "PASS", None),
            session("MRN1", "full", None),
        );
        assert_eq!(
            code(enrolment_for(
                Some(&undecided),
                None,
                &link("MRN1"),
                2000,
                5000
            )),
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
            enrolment_for(Some(&recent), Some(&original), &link("MRN1"), 5800, 4000)
                .unwrap_err()
                .code,
            ErrorCode::PriorPassExpired
        );
        assert_eq!(
            enrolment_for(Some(&recent), Some(&original), &link("MRN1"), 5800, 9000).unwrap(),
            ("v1".into(), 1000),
            "a chain points back at the document verification"
        );
        assert_eq!(
            enrolment_for(Some(&recent), None, &link("MRN1"), 5800, 9000)
                .unwrap_err()
                .code,
            ErrorCode::NoPriorPass
        );
    }

    #[test]
    fn a_pass_whose_reference_was_purged_still_anchors_its_patient_by_link() {
        let mut purged = (
            verification("v1", "PASS", Some(1000)),
            session("", "full", None),
        );
        purged.1.patient_link = Some(link("MRN1"));
        assert_eq!(
            enrolment_for(Some(&purged), None, &link("MRN1"), 2000, 5000).unwrap(),
            ("v1".into(), 1000),
            "the reference is gone, the keyed link is not"
        );
        assert_eq!(
            enrolment_for(Some(&purged), None, &link("MRN2"), 2000, 5000)
                .unwrap_err()
                .code,
            ErrorCode::NoPriorPass
        );
        // Its link forgotten (aged out, or erased on request): the gateway no longer knows whose
        // PASS it was.
        purged.1.patient_link = None;
        assert_eq!(
            enrolment_for(Some(&purged), None, &link("MRN1"), 2000, 5000)
                .unwrap_err()
                .code,
            ErrorCode::ReverifyUnavailable
        );
        // A FAIL stays no_prior_pass, link or not.
        let failed = (verification("v1", "FAIL", Some(1000)), purged.1.clone());
        assert_eq!(
            enrolment_for(Some(&failed), None, &link("MRN1"), 2000, 5000)
                .unwrap_err()
                .code,
            ErrorCode::NoPriorPass
        );
    }

    const REFERENCE_LINK: &str = "612de8c6a98ec2d3e75dde997dcfc69448d0a0f58eb911b48553140aef84abd6";

    #[test]
    fn links_are_keyed_per_client_and_never_the_reference() {
        let key = PatientRefKey::from_b64(&B64.encode([9u8; 32])).unwrap();
        let a = key.link("c", "MRN-1");
        assert_eq!(a.len(), 64);
        assert!(!a.contains("MRN"));
        assert_eq!(
            a,
            key.link("c", " MRN-1 "),
            "trimmed like the stored reference"
        );
        assert_ne!(a, key.link("other-client", "MRN-1"), "per client");
        assert_ne!(a, key.link("c", "MRN-2"));
        // Client id and reference are separated: ("ab", "c") is not ("a", "bc").
        assert_ne!(key.link("ab", "c"), key.link("a", "bc"));
        let other = PatientRefKey::from_b64(&B64.encode([8u8; 32])).unwrap();
        assert_ne!(a, other.link("c", "MRN-1"), "keyed");
        // Reference value: HMAC-SHA256(key = 32 × 0x09, "c\0MRN-1"), computed independently
        // (python3 -c "import hmac,hashlib; print(hmac.new(b'\x09'*32, b'c\x00MRN-1', hashlib.sha256).hexdigest())").
        assert_eq!(a, REFERENCE_LINK);
        assert!(PatientRefKey::from_b64("c2hvcnQ=").is_err());
        assert!(PatientRefKey::from_b64("not base64!").is_err());
        let portrait = PortraitKey::from_b64(&B64.encode([7u8; 32])).unwrap();
        assert_eq!(
            PatientRefKey::derived_from(&portrait).link("c", "MRN-1"),
            PatientRefKey::derived_from(&portrait).link("c", "MRN-1"),
            "a derived key is stable across restarts"
        );
        assert_ne!(PatientRefKey::derived_from(&portrait).link("c", "MRN-1"), a);
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
