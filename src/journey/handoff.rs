//! "Continue on your phone" as the journey sees it: where the widget runs, the link on
//! display, when to ask for the next one.

use idv_wire::{HandoffCreated, HandoffState};

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
}

/// Seconds after a link arrives when the desktop asks for the next one: before it expires, by
/// a fifth of its life, at least 1 s and at most 30 s early.
pub fn rotate_after_secs(expires_in: u64) -> u64 {
    let early = (expires_in / 5).clamp(1, 30);
    expires_in.saturating_sub(early).max(1)
}
