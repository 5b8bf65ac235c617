//! Wire types shared by the widget (wasm), the gateway and the host integration.
//!
//! Everything that crosses a process boundary is declared here once: the server-to-server
//! session API, the widget-facing capture API, the error body, and the `postMessage` protocol
//! between the widget and the host page. No I/O lives in this crate.

use serde::{Deserialize, Serialize};

pub mod protocol;
pub mod reasons;
pub mod vision;

/// A text, stored or received, that names none of an enum's values (for example a corrupted
/// status read back from a database): an error, never a default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// What the text should have named (`"session status"`).
    pub kind: &'static str,
    /// The text itself.
    pub value: String,
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {}: {:?}", self.kind, self.value)
    }
}

impl std::error::Error for UnknownValue {}

/// `TryFrom<String>` through the type's `parse`, so a database column decodes to the enum.
macro_rules! try_from_string {
    ($t:ty, $kind:literal) => {
        impl TryFrom<String> for $t {
            type Error = UnknownValue;
            fn try_from(value: String) -> Result<Self, UnknownValue> {
                Self::parse(&value).ok_or(UnknownValue { kind: $kind, value })
            }
        }
    };
}

try_from_string!(Trigger, "trigger");
try_from_string!(SessionMode, "session mode");
try_from_string!(SessionStatus, "session status");
try_from_string!(VerificationStatus, "verification status");

/// The identity documents a journey can accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// A driver's licence (front and back).
    DriversLicense,
    /// A passport data page.
    Passport,
    /// A state or national ID card (front and back).
    IdCard,
}

impl DocumentType {
    /// Every type, in the order the widget offers them.
    pub const ALL: [DocumentType; 3] = [Self::DriversLicense, Self::Passport, Self::IdCard];

    /// A passport is captured on its data page only; cards have a front and a back (PDF417).
    pub fn needs_back(self) -> bool {
        !matches!(self, Self::Passport)
    }

    /// The wire name (`drivers_license`, `passport`, `id_card`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DriversLicense => "drivers_license",
            Self::Passport => "passport",
            Self::IdCard => "id_card",
        }
    }

    /// The type of a wire name; `None` for any other string.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// Why the host asked for a verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// The patient is signing up.
    Signup,
    /// The patient is resetting a password.
    PasswordReset,
    /// The patient asks for proxy access.
    ProxyRequest,
    /// Onboarding by the clinic.
    Onboarding,
}

impl Trigger {
    /// The wire name (`signup`, `password_reset`, `proxy_request`, `onboarding`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Signup => "signup",
            Self::PasswordReset => "password_reset",
            Self::ProxyRequest => "proxy_request",
            Self::Onboarding => "onboarding",
        }
    }

    /// The trigger of a wire name; `None` for any other string.
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Signup,
            Self::PasswordReset,
            Self::ProxyRequest,
            Self::Onboarding,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// What a session captures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionMode {
    /// Document (front, back) and selfie: the first proofing.
    #[default]
    Full,
    /// A live selfie only, compared with the portrait enrolled at an earlier PASS.
    Reverify,
}

impl SessionMode {
    /// The wire name (`full`, `reverify`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Reverify => "reverify",
        }
    }

    /// The mode of a wire name; `None` for any other string.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Full, Self::Reverify]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

/// Languages the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// English (the default).
    #[default]
    En,
    /// Spanish.
    Es,
}

impl Locale {
    /// The wire name (`en`, `es`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
        }
    }

    /// Accepts `es`, `es-MX`, `ES_us`...; anything unknown is English.
    pub fn from_tag(tag: &str) -> Self {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("es") {
            Self::Es
        } else {
            Self::En
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Server-to-server API (the host's backend, e.g. Epic's integration engine)
// ---------------------------------------------------------------------------------------------

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

/// Header names of the webhook request.
pub mod webhook_headers {
    /// Unix time in seconds when the request was signed.
    pub const TIMESTAMP: &str = "x-idv-timestamp";
    /// `v1=<hex HMAC-SHA256 over "{timestamp}.{body}">`
    pub const SIGNATURE: &str = "x-idv-signature";
    /// The event's id (as `event_id` in the body).
    pub const EVENT_ID: &str = "x-idv-event-id";
}

// ---------------------------------------------------------------------------------------------
// Widget-facing API (authorised by the capture token)
// ---------------------------------------------------------------------------------------------

/// Where a capture session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// Created, nobody has answered the consent screen yet.
    Pending,
    /// Consent given; the patient is capturing.
    InProgress,
    /// The patient declined consent.
    Declined,
    /// A verification passed; the session is finished.
    Completed,
    /// Every attempt was used without a pass.
    Failed,
}

impl SessionStatus {
    /// The wire name (`pending`, `in_progress`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::InProgress => "in_progress",
            Self::Declined => "declined",
            Self::Completed => "completed",
            Self::Failed => "failed",
        }
    }

    /// The status of a wire name; `None` for any other string.
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::InProgress,
            Self::Declined,
            Self::Completed,
            Self::Failed,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
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

/// Outcome of one verification attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum VerificationStatus {
    /// Submitted; 1Kosmos has not decided yet.
    Pending,
    /// Verified.
    Pass,
    /// Not verified (see the reason code).
    Fail,
    /// Could not reach a decision (1Kosmos unreachable, unparseable, or past the deadline).
    Error,
}

impl VerificationStatus {
    /// The wire name (`PENDING`, `PASS`, `FAIL`, `ERROR`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Pass => "PASS",
            Self::Fail => "FAIL",
            Self::Error => "ERROR",
        }
    }

    /// The status of a wire name; `None` for any other string.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Pass, Self::Fail, Self::Error]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

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

/// `POST /v1/capture/sessions/{id}/handoff` (201): a one-time link that opens this session on
/// the patient's phone ("Continue on your phone"). The link's token and the short code are two
/// ways to redeem the same handoff, once, before `expires_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandoffCreated {
    /// The handoff's id: the desktop follows the phone from its first link of a visit
    /// (`GET …/handoff?from=<id>`).
    pub handoff_id: String,
    /// The widget's address with `#handoff=<one-time token>` in its fragment (what the QR code
    /// encodes).
    pub url: String,
    /// The same handoff as 8 characters to type, shown `XXXX-XXXX` (Crockford base32).
    pub code: String,
    /// RFC 3339.
    pub expires_at: String,
    /// Seconds from now until the link and code expire (the widget shows a new one before).
    pub expires_in: u64,
    /// The QR code of `url`, ready to draw.
    pub qr: QrPicture,
}

/// A QR code as one SVG path: dark modules in a square `size` modules wide, one unit each,
/// without the quiet zone (draw it in a `viewBox` 4 units larger on each side).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrPicture {
    /// Modules on a side.
    pub size: u32,
    /// The SVG path `d` of the dark modules.
    pub path: String,
}

/// `POST /v1/capture/handoffs/redeem`: exactly one of the link's token or the typed code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffRedeem {
    /// The token from the link's `#handoff=` fragment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The short code, as typed (case, spaces and dashes do not matter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// A redeemed handoff (200): a new capture token for the same session, for the phone only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffRedeemed {
    /// The session the handoff belongs to (the launch's `session`).
    pub session_id: String,
    /// A capture token of its own (the desktop's stays valid and stays on the desktop).
    pub token: String,
}

/// Where the patient's phone stands, as the desktop sees it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoffState {
    /// No phone has opened a link or code of this session yet.
    #[default]
    Waiting,
    /// A phone opened one and is taking the pictures.
    PhoneConnected,
    /// The phone sent the pictures; the decision is pending.
    Checking,
    /// The phone's verification is decided (PASS or FAIL): see `verification`.
    Decided,
}

/// `GET /v1/capture/sessions/{id}/handoff`: what the desktop polls while the phone works.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandoffProgress {
    /// Where the phone stands.
    pub state: HandoffState,
    /// When `decided`: the phone's verification, as its own poll reads it (with the signed
    /// result token).
    #[serde(default)]
    pub verification: Option<VerificationProgress>,
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
    /// Header carrying the client-chosen idempotency key.
    pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";
}

/// Every API error body: `{"error": "<machine code>", "message": "<plain words>"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    /// A machine code (`expired_token`, `rate_limited`, …).
    pub error: String,
    /// What happened, in plain words.
    pub message: String,
}

#[cfg(test)]
mod tests {
    #[test]
    fn stored_text_converts_to_its_enum_or_is_an_error() {
        use super::*;
        assert_eq!(
            SessionStatus::try_from("in_progress".to_owned()),
            Ok(SessionStatus::InProgress)
        );
        assert_eq!(
            VerificationStatus::try_from("PASS".to_owned()),
            Ok(VerificationStatus::Pass)
        );
        let e = VerificationStatus::try_from("pass".to_owned()).unwrap_err();
        assert_eq!(e.to_string(), "unknown verification status: \"pass\"");
        assert!(Trigger::try_from(String::new()).is_err());
        assert!(SessionMode::try_from("FULL".to_owned()).is_err());
    }

    use super::*;

    #[test]
    fn a_support_contact_is_checked_before_patients_see_it() {
        let ok = SupportContact {
            text: Some("MyChart help desk, Mon–Fri 8 am–6 pm".into()),
            phone: Some("+1 (555) 010-0199".into()),
            url: Some("https://example.org/verify-in-person".into()),
        };
        assert_eq!(ok.problem(false), None);
        assert_eq!(ok.tel_uri().as_deref(), Some("tel:+15550100199"));
        let bad = [
            SupportContact {
                phone: Some("call us".into()),
                ..Default::default()
            },
            SupportContact {
                phone: Some("12".into()),
                ..Default::default()
            },
            SupportContact {
                url: Some("javascript:alert(1)".into()),
                ..Default::default()
            },
            SupportContact {
                url: Some("http://example.org".into()),
                ..Default::default()
            },
            SupportContact {
                url: Some("https://x.org/\"onmouseover".into()),
                ..Default::default()
            },
            SupportContact {
                text: Some("two\nlines".into()),
                ..Default::default()
            },
        ];
        for b in bad {
            assert!(b.problem(false).is_some(), "{b:?}");
        }
        let http = SupportContact {
            url: Some("http://127.0.0.1:8090/help".into()),
            ..Default::default()
        };
        assert_eq!(http.problem(true), None);
        // A session from an older gateway has no support contact.
        let json = r#"{"session_id":"s","document_types":["passport"],"locale":"en","host_origin":"https://h.example","trigger":"signup","mode":"full","status":"in_progress","expires_at":"2030-01-01T00:00:00Z","max_attempts":3,"attempts_used":0}"#;
        let c: SessionConfig = serde_json::from_str(json).expect("parses");
        assert_eq!(c.support, None);
    }

    #[test]
    fn document_types_round_trip_through_json_and_str() {
        for d in DocumentType::ALL {
            let json = serde_json::to_string(&d).unwrap();
            assert_eq!(json, format!("\"{}\"", d.as_str()));
            assert_eq!(DocumentType::parse(d.as_str()), Some(d));
        }
        assert!(!DocumentType::Passport.needs_back());
        assert!(DocumentType::DriversLicense.needs_back());
        assert_eq!(DocumentType::parse("library_card"), None);
    }

    #[test]
    fn locale_tags_fold_to_supported_languages() {
        assert_eq!(Locale::from_tag("es-MX"), Locale::Es);
        assert_eq!(Locale::from_tag("ES"), Locale::Es);
        assert_eq!(Locale::from_tag("en-US"), Locale::En);
        assert_eq!(Locale::from_tag("fr"), Locale::En);
        assert_eq!(Locale::from_tag(""), Locale::En);
    }

    #[test]
    fn create_session_defaults_document_types_and_locale() {
        let req: CreateSessionRequest = serde_json::from_str(
            r#"{"patient_ref":"p1","first_name":"Ana","last_name":"Diaz","date_of_birth":"1950-02-03",
                "trigger":"password_reset","host_origin":"https://h.example","nonce":"n-12345678"}"#,
        )
        .unwrap();
        assert!(req.document_types.is_empty());
        assert_eq!(req.locale, Locale::En);
        assert_eq!(req.trigger, Trigger::PasswordReset);
    }

    #[test]
    fn statuses_parse_their_own_strings_only() {
        for s in [
            VerificationStatus::Pending,
            VerificationStatus::Pass,
            VerificationStatus::Fail,
            VerificationStatus::Error,
        ] {
            assert_eq!(VerificationStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(VerificationStatus::parse("pass"), None);
        assert_eq!(
            SessionStatus::parse("declined"),
            Some(SessionStatus::Declined)
        );
        assert_eq!(Trigger::parse("proxy_request"), Some(Trigger::ProxyRequest));
    }
}
