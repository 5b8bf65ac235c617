//! The screens of the journey, and why one could not start (a launch error, a refused code).

use super::{CameraProblem, Ended, Outcome, Side};

/// Why the journey could not start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaunchError {
    /// The iframe URL has no session or token in its fragment.
    MissingLink,
    /// The gateway does not know the token.
    InvalidLink,
    /// The session expired.
    Expired,
    /// The session already ended (passed, failed or declined).
    Finished,
    /// The gateway could not be reached.
    Network,
    /// A "Continue on your phone" link or code that was already used.
    HandoffUsed,
    /// A "Continue on your phone" link or code past its time.
    HandoffExpired,
    /// A "Continue on your phone" link or code the gateway does not know.
    HandoffUnknown,
}

impl LaunchError {
    /// The machine-readable code posted to the host.
    pub fn code(self) -> &'static str {
        match self {
            Self::MissingLink => "invalid_link",
            Self::InvalidLink => "invalid_token",
            Self::Expired => "expired_token",
            Self::Finished => "session_finished",
            Self::Network => "network",
            Self::HandoffUsed => "handoff_used",
            Self::HandoffExpired => "handoff_expired",
            Self::HandoffUnknown => "handoff_unknown",
        }
    }
}

/// What the widget shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// Loading the session.
    Loading,
    /// The journey could not start.
    LaunchFailed(LaunchError),
    /// The consent screen.
    Consent,
    /// The patient declined.
    Declined,
    /// Choosing the document.
    ChooseDocument,
    /// Asking the patient's phone wallet for their digital ID (a mobile driver's licence).
    Wallet,
    /// Taking the picture of a side.
    Capture(Side),
    /// Reviewing the picture of a side.
    Review(Side),
    /// The camera could not start for a side.
    CameraProblem {
        /// The side being taken.
        side: Side,
        /// What went wrong.
        problem: CameraProblem,
    },
    /// Uploading and waiting for the decision.
    Sending,
    /// The decision (or why there is none).
    Result(Outcome),
    /// The host page cancelled the journey.
    Cancelled,
    /// "Continue on your phone": the QR code and short code, then the phone's progress.
    /// `back_to` is where "Use this device instead" returns.
    Handoff {
        /// The screen "Use this device instead" returns to.
        back_to: Box<Screen>,
    },
    /// A phone that redeemed a handoff, before anything else: who asks, why, since when, and
    /// "only continue if you started this yourself".
    PhoneIntro,
    /// The journey ended on this device before a decision (stopped on the phone, the phone
    /// released, or the host cancelled).
    Ended(Ended),
    /// A page opened on a phone without a link: type the code the computer shows. `error`: why
    /// the last code was refused.
    EnterCode {
        /// Why the last code was refused.
        error: Option<CodeRefused>,
    },
}

/// Why a typed code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefused {
    /// Not 8 letters and digits.
    Malformed,
    /// The gateway does not know it, or it was used, or it expired.
    Launch(LaunchError),
}

impl Screen {
    /// The screen's name in `step` messages: no personal data.
    pub fn name(&self) -> &'static str {
        match self {
            Screen::Loading => "loading",
            Screen::LaunchFailed(_) => "launch_error",
            Screen::Consent => "consent",
            Screen::Declined => "declined",
            Screen::ChooseDocument => "choose_document",
            Screen::Wallet => "wallet",
            Screen::Capture(Side::Front) => "capture_front",
            Screen::Capture(Side::Back) => "capture_back",
            Screen::Capture(Side::Selfie) => "capture_selfie",
            Screen::Review(Side::Front) => "review_front",
            Screen::Review(Side::Back) => "review_back",
            Screen::Review(Side::Selfie) => "review_selfie",
            Screen::CameraProblem { .. } => "camera_problem",
            Screen::Sending => "sending",
            Screen::Result(_) => "result",
            Screen::Cancelled => "cancelled",
            Screen::Handoff { .. } => "handoff",
            Screen::EnterCode { .. } => "enter_code",
            Screen::PhoneIntro => "phone_intro",
            Screen::Ended(Ended::PhoneStopped) => "phone_stopped",
            Screen::Ended(Ended::PhoneReleased) => "phone_released",
            Screen::Ended(Ended::Cancelled) => "session_cancelled",
        }
    }

    /// Whether a camera may be live on this screen.
    pub fn uses_camera(&self) -> bool {
        matches!(self, Screen::Capture(_))
    }
}
