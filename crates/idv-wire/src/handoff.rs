//! "Continue on your phone": the one-time link and code the desktop asks for, their
//! redemption by the phone, and where the phone stands as the desktop polls it.

use serde::{Deserialize, Serialize};

use crate::{Trigger, VerificationProgress};

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

/// A redeemed handoff (200): a new capture token for the same session, for the phone only, and
/// what the phone shows before anything else (who asks, why, since when), so a patient who did
/// not start this on their own computer can stop. No personal data: no name, no birth date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffRedeemed {
    /// The session the handoff belongs to (the launch's `session`).
    pub session_id: String,
    /// A capture token of its own (the desktop's stays valid and stays on the desktop). It works
    /// for the session's view and the phone's own consent; pictures only after that consent.
    pub token: String,
    /// Who asks: the gateway's `organisation_name` (e.g. "Mercy Health").
    pub organisation_name: String,
    /// Why: the session's trigger (password reset, sign-up, proxy access…).
    pub trigger: Trigger,
    /// When the verification was started on the computer (RFC 3339, UTC; the phone shows it in
    /// its local time).
    pub started_at: String,
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
    /// The patient stopped on the phone (declined there): the phone's part is over, the session
    /// is not; the computer offers to continue there.
    Declined,
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
