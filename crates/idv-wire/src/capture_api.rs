//! The widget-facing API, authorised by the capture token: the session's view, consent, the
//! submission and the verification the widget polls.

use serde::{Deserialize, Serialize};

use crate::{DocumentType, Locale, SessionMode, Trigger};

wire_enum! {
    /// Where a capture session stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum SessionStatus("session status") {
        /// Created, nobody has answered the consent screen yet.
        Pending = "pending",
        /// Consent given; the patient is capturing.
        InProgress = "in_progress",
        /// The patient declined consent.
        Declined = "declined",
        /// A verification passed; the session is finished.
        Completed = "completed",
        /// Every attempt was used without a pass.
        Failed = "failed",
        /// The host cancelled the session (`POST /v1/sessions/{id}/cancel`).
        Cancelled = "cancelled",
    }
}

/// `GET /v1/capture/sessions/{id}`: what the widget needs to run the journey. No PII.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionConfig {
    /// The session's id.
    pub session_id: String,
    /// The documents the patient may choose from.
    pub document_types: Vec<DocumentType>,
    /// The widget's language.
    pub locale: Locale,
    /// The only origin the widget sends messages to.
    pub host_origin: String,
    /// Why the host asked.
    pub trigger: Trigger,
    /// `full` or `reverify` (a selfie only).
    pub mode: SessionMode,
    /// Where the session stands.
    pub status: SessionStatus,
    /// RFC 3339
    pub expires_at: String,
    /// Submissions allowed in this session.
    pub max_attempts: u32,
    /// Submissions made so far.
    pub attempts_used: u32,
    /// How the patient reaches a person when the widget cannot verify them (the gateway's
    /// `[support]` configuration); `None`: "contact your clinic".
    #[serde(default)]
    pub support: Option<SupportContact>,
    /// Retakes of one picture before "Retake" gives way to the other ways forward; `None`: no
    /// limit.
    #[serde(default)]
    pub max_retakes: Option<u32>,
    /// Whether document pictures may come from a file (never the selfie).
    #[serde(default)]
    pub allow_document_upload: bool,
    /// Started by an OpenID Connect client (full page): the final screens send the patient
    /// back to it, through [`crate::paths::OIDC_RETURN`].
    #[serde(default)]
    pub returns_to_client: bool,
    /// The gateway accepts a mobile driver's licence from the patient's phone wallet in this
    /// session (it trusts some issuers, the session proofs in full and allows a driver's
    /// licence): the widget offers it where the browser can ask a wallet.
    #[serde(default)]
    pub wallet: bool,
}

/// `POST` [`crate::paths::MDL_REQUEST`]: one request for the patient's wallet, passed as is to
/// `navigator.credentials.get({digital: {requests: [{protocol, data: {deviceRequest,
/// encryptionInfo}}]}})`. Its answer can only be opened by this gateway, for this session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MdlRequest {
    /// Names this request when its answer comes back.
    pub request_id: String,
    /// `org-iso-mdoc` (ISO/IEC 18013-7 Annex C).
    pub protocol: String,
    /// base64url of the CBOR `DeviceRequest`.
    pub device_request: String,
    /// base64url of the CBOR `["dcapi", {nonce, recipientPublicKey}]`.
    pub encryption_info: String,
}

/// `POST` [`crate::paths::MDL_RESPONSE`]: what the wallet answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MdlAnswer {
    /// The request it answers.
    pub request_id: String,
    /// The credential's `data.response` (base64url, sealed to the gateway).
    pub response: String,
}

/// The answer to [`MdlAnswer`] when the licence verified: who issued it (no personal data).
/// The widget then takes the live selfie and submits it with the same answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MdlAccepted {
    /// The issuing authority as the licence states it, e.g. "Utopia DMV".
    pub issuing_authority: String,
}

/// `POST` [`crate::paths::OIDC_RETURN`]: where to send the patient (the client's redirect URI
/// with a one-time code, or with `error=access_denied`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnToClient {
    /// The address to navigate the page to.
    pub redirect_to: String,
}

/// A way to reach a person: any of a sentence, a phone number, a web page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportContact {
    /// Who to contact and when, in plain words (e.g. "MyChart help desk, Mon–Fri 8 am–6 pm").
    #[serde(default)]
    pub text: Option<String>,
    /// A phone number as patients dial it (digits, spaces, `+ - ( ) .`).
    #[serde(default)]
    pub phone: Option<String>,
    /// An https page with other ways to prove identity (in person, by mail).
    #[serde(default)]
    pub url: Option<String>,
}

impl SupportContact {
    /// Why this contact cannot be shown to patients, if it cannot: a sentence over 200
    /// characters or with control characters, a phone number with other characters or under
    /// 3 digits, a URL that is not `https://` (or, with `allow_http`, `http://`) or contains
    /// spaces or quotes.
    pub fn problem(&self, allow_http: bool) -> Option<String> {
        if let Some(t) = &self.text {
            if t.chars().count() > 200 || t.chars().any(char::is_control) {
                return Some("support.text must be one line of at most 200 characters".into());
            }
        }
        if let Some(p) = &self.phone {
            let digits = p.chars().filter(char::is_ascii_digit).count();
            let allowed = |c: char| c.is_ascii_digit() || " +-().".contains(c);
            if digits < 3 || p.len() > 32 || !p.chars().all(allowed) {
                return Some(format!("support.phone {p:?} is not a phone number"));
            }
        }
        if let Some(u) = &self.url {
            let scheme_ok = u.starts_with("https://") || (allow_http && u.starts_with("http://"));
            let clean = !u
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "\"'<>`".contains(c));
            if !scheme_ok || !clean || u.len() > 500 {
                return Some(format!("support.url {u:?} must be an https:// address"));
            }
        }
        None
    }

    /// The phone number as a `tel:` URI (digits and a leading `+` only).
    pub fn tel_uri(&self) -> Option<String> {
        let p = self.phone.as_ref()?;
        let plus = if p.trim_start().starts_with('+') {
            "+"
        } else {
            ""
        };
        let digits: String = p.chars().filter(char::is_ascii_digit).collect();
        Some(format!("tel:{plus}{digits}"))
    }
}

/// `POST /v1/capture/sessions/{id}/consent`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRequest {
    /// Consent to collect and verify the identity document.
    pub accepted: bool,
    /// Consent to biometric (face) comparison; required to proceed.
    pub biometric: bool,
}

wire_enum! {
    /// Outcome of one verification attempt.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
    pub enum VerificationStatus("verification status") {
        /// Submitted; 1Kosmos has not decided yet.
        Pending = "PENDING",
        /// Verified.
        Pass = "PASS",
        /// Not verified (see the reason code).
        Fail = "FAIL",
        /// Could not reach a decision (1Kosmos unreachable, unparseable, or past the deadline).
        Error = "ERROR",
    }
}

impl VerificationStatus {
    /// Whether it will not change any more (anything but `PENDING`).
    pub fn is_final(self) -> bool {
        !matches!(self, Self::Pending)
    }
}

/// `POST /v1/capture/sessions/{id}/submit` answers at once with this (202).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmitAccepted {
    /// The verification's id, to poll.
    pub verification_id: String,
    /// `PENDING`.
    pub status: VerificationStatus,
}

/// `GET /v1/capture/sessions/{id}/verifications/{vid}`: what the widget polls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerificationProgress {
    /// The verification's id.
    pub verification_id: String,
    /// Where it stands.
    pub status: VerificationStatus,
    /// 1Kosmos reason code (`IDV0011`...) on FAIL, or a gateway code (`timeout`...) on ERROR;
    /// `IDV0014` when this FAIL used the session's last attempt.
    pub reason_code: Option<String>,
    /// With `IDV0014`: the reason this last attempt failed (`IDV0011`…), so the patient is told.
    #[serde(default)]
    pub cause_code: Option<String>,
    /// Whether the patient may try again in this session.
    pub retry_allowed: bool,
    /// Attempts the patient still has in this session (0 when `retry_allowed` is false).
    #[serde(default)]
    pub attempts_left: u32,
    /// On PASS and FAIL: a compact JWS (EdDSA) the host's backend verifies with the gateway's
    /// published keys (`/.well-known/jwks.json`).
    pub result_token: Option<String>,
}

/// Multipart field names of the submit request.
pub mod submit_fields {
    /// `drivers_license`, `passport` or `id_card`.
    pub const DOCUMENT_TYPE: &str = "document_type";
    /// The front (or the passport data page), a JPEG.
    pub const FRONT: &str = "front";
    /// The back of a card, a JPEG.
    pub const BACK: &str = "back";
    /// The live selfie, a JPEG.
    pub const SELFIE: &str = "selfie";
    /// The document sides the patient chose from files (`front`, `back`, comma-separated),
    /// where the session allows it; absent: every picture came from the camera.
    pub const FROM_FILES: &str = "from_files";
    /// With a wallet's licence instead of pictures of a card: the [`crate::MdlRequest`]'s id.
    pub const MDL_REQUEST: &str = "mdl_request";
    /// With [`MDL_REQUEST`]: the wallet's answer, as sent to [`crate::paths::MDL_RESPONSE`].
    pub const MDL_RESPONSE: &str = "mdl_response";
    /// Header carrying the client-chosen idempotency key.
    pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";
}
