//! The server-to-server API: what the host's backend (e.g. Epic's integration engine) sends
//! and reads back, and the webhook it receives for every decision.

use serde::{Deserialize, Serialize};

use crate::{DocumentType, Locale, SessionMode, SessionStatus, Trigger, VerificationStatus};

wire_enum! {
    /// Which device took the pictures of a verification, as far as the gateway knows: the one
    /// the host embedded the widget in, or a phone the patient handed the session to ("Continue
    /// on your phone"). A host can tell the patient, through a channel it trusts, that a phone
    /// finished their verification.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
    pub enum Via("via") {
        /// The widget the host embedded (or a session older than this field).
        #[default]
        SameDevice = "same_device",
        /// A phone that redeemed a handoff link or code of the session.
        PhoneHandoff = "phone_handoff",
    }
}

/// The reason code of the ERROR a host's cancel records (`POST /v1/sessions/{id}/cancel`).
pub const CANCELLED: &str = "cancelled";

/// `POST /v1/sessions/{id}/cancel` (200): the session is over, every token of it is dead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CancelledSession {
    /// The session.
    pub session_id: String,
    /// `cancelled`.
    pub status: SessionStatus,
    /// The verification recording the cancel (ERROR `cancelled`), as in the webhook.
    pub verification_id: String,
    /// RFC 3339.
    pub cancelled_at: String,
}

/// `POST /v1/sessions`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateSessionRequest {
    /// The host's stable reference for the patient (e.g. an MRN or MyChart account id).
    pub patient_ref: String,
    /// The patient's first name, as on their record.
    pub first_name: String,
    /// The patient's last name, as on their record.
    pub last_name: String,
    /// `YYYY-MM-DD`
    pub date_of_birth: String,
    /// Why the host asks.
    pub trigger: Trigger,
    /// Defaults to every document type.
    #[serde(default)]
    pub document_types: Vec<DocumentType>,
    /// The exact origin of the page that embeds the widget, e.g. `https://mychart.example.org`.
    pub host_origin: String,
    /// The widget's language (English when absent).
    #[serde(default)]
    pub locale: Locale,
    /// A fresh random value from the host's backend (8–128 characters), echoed in the signed
    /// result token so a token cannot be replayed into another session.
    pub nonce: String,
    /// `full` (the default) or `reverify` (a selfie only; needs `reverify_of`).
    #[serde(default)]
    pub mode: SessionMode,
    /// With `mode: reverify`: the earlier PASS verification of this patient.
    #[serde(default)]
    pub reverify_of: Option<String>,
    /// Submissions the patient may make (1 up to the gateway's `max_attempts`, which is also
    /// the default). When they are used up the session ends FAIL `IDV0014`.
    #[serde(default)]
    pub max_attempts: Option<u32>,
    /// Retakes of one picture before the widget stops offering "Retake" and points to the other
    /// ways forward (0–20); absent: no limit.
    #[serde(default)]
    pub max_retakes: Option<u32>,
    /// Whether the patient may choose document pictures from a file when the camera cannot take
    /// them (never the selfie: liveness needs the camera). Default `false`.
    #[serde(default)]
    pub allow_document_upload: bool,
}

/// The most retakes of one picture a session may allow.
pub const MAX_RETAKES_LIMIT: u32 = 20;

/// The reason code of the FAIL that used a session's last attempt.
pub const ATTEMPTS_EXHAUSTED: &str = "IDV0014";

/// `POST /v1/sessions` answers with the session and the URL to embed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateSessionResponse {
    /// The session's id, for `GET /v1/verifications/{id}` and the host's records.
    pub session_id: String,
    /// RFC 3339
    pub expires_at: String,
    /// The iframe `src`: the capture token travels in the URL fragment only.
    pub widget_url: String,
}

/// `GET /v1/verifications/{id}`: the authoritative outcome for the host's backend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerificationRecord {
    /// The verification's id.
    pub verification_id: String,
    /// The capture session it belongs to.
    pub session_id: String,
    /// The host's reference for the patient.
    pub patient_ref: String,
    /// Why the host asked.
    pub trigger: Trigger,
    /// Absent for a selfie-only re-verification.
    pub document_type: Option<DocumentType>,
    /// `PENDING`, `PASS`, `FAIL` or `ERROR`.
    pub status: VerificationStatus,
    /// The reason code of a FAIL (`IDV0011`…) or ERROR (`timeout`…); `IDV0014` when this FAIL
    /// used the session's last attempt.
    pub reason_code: Option<String>,
    /// With `IDV0014`: the reason this last attempt failed (`IDV0011`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause_code: Option<String>,
    /// RFC 3339
    pub submitted_at: String,
    /// RFC 3339; absent while pending.
    pub decided_at: Option<String>,
    /// Delivery of the decision to the Epic webhook; absent while pending.
    pub webhook: Option<WebhookDelivery>,
}

/// Where the webhook delivery of a decision stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookDelivery {
    /// The id of the webhook event.
    pub event_id: String,
    /// `pending`, `delivered` or `failed` (after the last attempt).
    pub status: String,
    /// Delivery attempts so far.
    pub attempts: u32,
    /// What went wrong on the last failed attempt.
    pub last_error: Option<String>,
}

/// The JSON body POSTed to the Epic webhook for every decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionEvent {
    /// Stable across retries: deduplicate on it.
    pub event_id: String,
    /// Always `verification.decided`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The verification decided.
    pub verification_id: String,
    /// Its capture session.
    pub session_id: String,
    /// The host's reference for the patient.
    pub patient_ref: String,
    /// Why the host asked.
    pub trigger: Trigger,
    /// `full`, or `reverify` for a selfie-only re-verification.
    #[serde(default)]
    pub mode: SessionMode,
    /// `PASS`, `FAIL` or `ERROR`.
    pub status: VerificationStatus,
    /// The identity assurance level this verification establishes, as in the result token: 2
    /// for a full PASS, 1 for a re-verification PASS, 0 otherwise.
    #[serde(default)]
    pub ial: u8,
    /// The reason code of a FAIL or ERROR; `IDV0014` when this FAIL used the session's last
    /// attempt.
    pub reason_code: Option<String>,
    /// With `IDV0014`: the reason this last attempt failed (`IDV0011`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause_code: Option<String>,
    /// Each check 1Kosmos ran, and ours (`identity_binding`).
    pub checks: Vec<CheckResult>,
    /// RFC 3339
    pub decided_at: String,
    /// `same_device` or `phone_handoff`: which device took the pictures.
    #[serde(default)]
    pub via: Via,
    /// What the document evidence was, when it was not pictures of a document: a mobile
    /// driver's licence from the patient's wallet (`{"type": "mdl", "issuing_authority"}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// [`Evidence::kind`] of a mobile driver's licence from the patient's wallet.
pub const EVIDENCE_MDL: &str = "mdl";

/// Document evidence that was not pictures of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evidence {
    /// `mdl`: an ISO/IEC 18013-5 mobile driver's licence, its issuer's signature and the
    /// phone's signature over this request checked by the gateway.
    #[serde(rename = "type")]
    pub kind: String,
    /// The licence's issuing authority, as it states it (e.g. "Utopia DMV").
    pub issuing_authority: String,
}

/// One check of a decision and whether it passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    /// The check (`dl_verify`, `face_compare`, `identity_binding`, …).
    pub name: String,
    /// Whether it passed.
    pub verified: bool,
}

/// One audit-trail entry: lifecycle facts, never images, names, birth dates or tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// RFC 3339
    pub at: String,
    /// e.g. `session.created`, `consent.given`, `capture.received`, `verification.decided`,
    /// `webhook.attempt`, `webhook.delivered`.
    pub event: String,
    /// The verification it concerns, if any.
    pub verification_id: Option<String>,
    /// Small non-personal details (side and size of a capture, status and reason, HTTP status).
    pub detail: serde_json::Value,
}

/// Header names of the webhook request: Standard Webhooks (<https://www.standardwebhooks.com>).
pub mod webhook_headers {
    /// The event's id (as `event_id` in the body): the same on every retry.
    pub const ID: &str = "webhook-id";
    /// Unix time in seconds when the request was signed.
    pub const TIMESTAMP: &str = "webhook-timestamp";
    /// `v1,<base64 HMAC-SHA256 over "{id}.{timestamp}.{body}">`, one per configured secret,
    /// separated by spaces.
    pub const SIGNATURE: &str = "webhook-signature";
}
