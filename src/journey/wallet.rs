//! The digital ID in the patient's phone wallet (a mobile driver's licence, asked through the
//! browser's Digital Credentials API) as the journey sees it: whether this browser and frame
//! can ask, the accepted answer it keeps for the submission, and why the wallet did not help.

use idv_wire::ErrorCode;

use super::Action;

/// Whether the browser can ask a wallet for a licence here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WalletSupport {
    /// No Digital Credentials API, or it does not speak `org-iso-mdoc` (Firefox, older
    /// browsers): the wallet is not offered.
    #[default]
    Unsupported,
    /// The browser can, but the host's frame may not (`allow="digital-credentials-get"`
    /// missing): the wallet is asked from a top-level window of the widget's own origin.
    FrameBlocked,
    /// The browser can ask from here.
    Available,
}

/// The wallet's answer once the gateway accepted it: sent again with the selfie, once. Nothing
/// in it is readable here (the answer is sealed to the gateway) but who issued the licence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletAnswer {
    /// The gateway's request it answers.
    pub request_id: String,
    /// The wallet's sealed answer (`credential.data.response`).
    pub response: String,
    /// Who issued the licence, as it says ("Utopia DMV"): shown to the patient.
    pub issuing_authority: String,
}

/// Why the wallet did not give a licence the gateway accepts: said on the document choice,
/// where the plastic cards stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalletProblem {
    /// The patient closed or refused the wallet's prompt (or it shared nothing).
    Cancelled,
    /// This browser cannot ask a wallet after all: the offer goes away.
    Unsupported,
    /// The licence has expired.
    Expired,
    /// The licence is in another person's name.
    Mismatch,
    /// The licence failed a check (signature, trust, validity, this request).
    Refused,
    /// The session takes no more wallet requests (or none at all): the offer goes away.
    Unavailable,
    /// Anything else (the network, a request past its time): try again or use the card.
    Failed,
}

impl WalletProblem {
    /// Every problem, for tables and tests.
    pub const ALL: [WalletProblem; 7] = [
        Self::Cancelled,
        Self::Unsupported,
        Self::Expired,
        Self::Mismatch,
        Self::Refused,
        Self::Unavailable,
        Self::Failed,
    ];

    /// What the gateway's refusal of a wallet request or answer means for the patient.
    pub fn from_refusal(code: &ErrorCode) -> Self {
        match code {
            ErrorCode::MdlExpired => Self::Expired,
            ErrorCode::MdlMismatch => Self::Mismatch,
            ErrorCode::MdlRefused => Self::Refused,
            ErrorCode::WalletNotOffered | ErrorCode::MdlRequestsExhausted => Self::Unavailable,
            _ => Self::Failed,
        }
    }

    /// Whether the wallet is no longer offered after it.
    pub fn withdraws_offer(self) -> bool {
        matches!(self, Self::Unsupported | Self::Unavailable)
    }
}

/// What a rejected `navigator.credentials.get` (a `DOMException` `name` and `message`) means,
/// in a page that is `framed` or not: the host's frame forbids it (`NotAllowedError` or
/// `SecurityError` naming the permissions policy) → ask from a top-level window; a browser that
/// does not know the request → unsupported; anything else (`AbortError`, `NotAllowedError`: the
/// patient closed the prompt) → cancelled.
pub fn ask_failed(name: &str, message: &str, framed: bool) -> Action {
    // Chromium: "The 'digital-credentials-get' feature is not enabled in this document.
    // Permissions Policy may be used to delegate …".
    let message = message.to_ascii_lowercase();
    let policy = message.contains("policy") || message.contains("feature is not enabled");
    match name {
        "NotAllowedError" | "SecurityError" if framed && policy => Action::WalletFrameBlocked,
        "TypeError" | "NotSupportedError" => Action::WalletFailed(WalletProblem::Unsupported),
        _ => Action::WalletFailed(WalletProblem::Cancelled),
    }
}
