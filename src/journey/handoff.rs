//! "Continue on your phone" as the journey sees it: where the widget runs, the link on
//! display, when to ask for the next one.

use idv_wire::{ErrorCode, HandoffCreated, HandoffRedeemed, HandoffState, Trigger};

/// Where the widget runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Device {
    /// Embedded in the host page, on a touch screen or a device that did not say.
    #[default]
    Embedded,
    /// Embedded, on a computer: a fine pointer that can hover (`(hover: hover) and (pointer:
    /// fine)`), so "Continue on your phone" is offered from the document choice on.
    Desktop,
    /// A phone that opened a handoff link or code: a page of its own, no host to tell; it ends
    /// with "Done — return to your computer".
    Phone,
}

/// "Continue on your phone" on the desktop: the link on display and where the phone stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Handoff {
    /// The link, code and QR code on display; `None` until the first arrives.
    pub link: Option<HandoffCreated>,
    /// The first link of this visit: the phone is followed from it (an earlier visit's
    /// decision is not this one's).
    pub from: Option<String>,
    /// Counts the links asked for: a new number asks for a new link (rotation, retry).
    pub request: u32,
    /// The last request for a link failed (shown with a retry).
    pub failed: bool,
    /// Where the phone stands.
    pub phone: HandoffState,
    /// The wallet's top-level window rather than a phone: the same link, opened by this page
    /// in a new window of the widget's origin (where the host's frame cannot forbid asking the
    /// wallet); this page follows it like a phone.
    pub window: bool,
    /// Open the next link that arrives in that window (set by the press that asked for it,
    /// cleared once it was opened: a rotated link opens nothing by itself).
    pub open: bool,
}

/// Seconds after a link arrives when the desktop asks for the next one: before it expires, by
/// a fifth of its life, at least 1 s and at most 30 s early.
pub fn rotate_after_secs(expires_in: u64) -> u64 {
    let early = (expires_in / 5).clamp(1, 30);
    expires_in.saturating_sub(early).max(1)
}

/// What a phone shows before anything else, from the redeemed handoff: who asks, why, since
/// when (no name, no birth date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneIntro {
    /// The organisation asking (the gateway's `organisation_name`).
    pub organisation: String,
    /// Why (the session's trigger).
    pub trigger: Trigger,
    /// When it was started on the computer (RFC 3339; shown in local time).
    pub started_at: String,
    /// Opened by the widget itself in a window of its own (the wallet's top-level window, on
    /// the same device), not by a phone from a link or code: the words say "this window", the
    /// warning stays.
    pub own_window: bool,
}

impl From<&HandoffRedeemed> for PhoneIntro {
    fn from(r: &HandoffRedeemed) -> Self {
        Self {
            organisation: r.organisation_name.clone(),
            trigger: r.trigger,
            started_at: r.started_at.clone(),
            own_window: false,
        }
    }
}

/// Why the journey ended on this device before a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The patient stopped on the phone (the intro's Stop, or declined the phone's consent).
    PhoneStopped,
    /// This phone's handoff was revoked: the computer chose "Use this device instead", or
    /// another phone took over.
    PhoneReleased,
    /// The host cancelled the verification.
    Cancelled,
}

/// The end a gateway refusal means, if it means one: `session_cancelled` (the host cancelled)
/// and `handoff_revoked` (this phone is no longer part of it).
pub fn ended_by(code: &str) -> Option<Ended> {
    match ErrorCode::parse(code) {
        ErrorCode::SessionCancelled => Some(Ended::Cancelled),
        ErrorCode::HandoffRevoked => Some(Ended::PhoneReleased),
        _ => None,
    }
}
