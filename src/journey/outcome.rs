//! How a submission ended, read from the gateway's answer or its refusal.

use idv_wire::{VerificationProgress, VerificationStatus};

/// The gateway's refusal of a picture it cannot send (`ErrorCode::ImageUnusable`).
const IMAGE_UNUSABLE: &str = "image_unusable";

/// How a submission ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Verified.
    Pass {
        /// The verification.
        verification_id: String,
        /// Signed by the gateway; the host's backend verifies it.
        result_token: Option<String>,
    },
    /// Not verified.
    Fail {
        /// The verification.
        verification_id: String,
        /// What the host is told; `IDV0014` when this FAIL used the last attempt.
        reason_code: Option<String>,
        /// With `IDV0014`: why the last attempt failed (what the patient is told).
        cause_code: Option<String>,
        /// Whether the patient may try again in this session.
        retry_allowed: bool,
        /// Attempts still open in this session (shown as "2 attempts left").
        attempts_left: u32,
        /// Signed by the gateway; the host's backend verifies it.
        result_token: Option<String>,
    },
    /// No decision: network trouble, a 1Kosmos error, or a missed deadline.
    Error {
        /// The verification, when the submission got in.
        verification_id: Option<String>,
        /// What the host is told (`timeout`, `network`, the gateway's refusal…).
        code: String,
        /// Whether resending can help.
        retry_allowed: bool,
    },
}

impl Outcome {
    /// The outcome for a polled verification; `None` while it is pending.
    pub fn from_progress(p: &VerificationProgress) -> Option<Self> {
        let verification_id = p.verification_id.clone();
        match p.status {
            VerificationStatus::Pending => None,
            VerificationStatus::Pass => Some(Outcome::Pass {
                verification_id,
                result_token: p.result_token.clone(),
            }),
            VerificationStatus::Fail => Some(Outcome::Fail {
                verification_id,
                reason_code: p.reason_code.clone(),
                cause_code: p.cause_code.clone(),
                retry_allowed: p.retry_allowed,
                attempts_left: p.attempts_left,
                result_token: p.result_token.clone(),
            }),
            VerificationStatus::Error => Some(Outcome::Error {
                verification_id: Some(verification_id),
                code: p.reason_code.clone().unwrap_or_else(|| "error".into()),
                retry_allowed: p.retry_allowed,
            }),
        }
    }

    /// The outcome when the submission itself was refused or could not be sent.
    pub fn from_submit_failure(status: u16, code: &str) -> Self {
        Outcome::Error {
            verification_id: None,
            code: if status == 0 {
                "network".into()
            } else {
                code.to_owned()
            },
            // Only a connection problem is worth resending; a refusal will be refused again,
            // except a picture the gateway could not use: the patient takes new ones.
            retry_allowed: status == 0 || status >= 500 || code == IMAGE_UNUSABLE,
        }
    }

    /// Whether the pictures themselves were refused, so trying again means new ones.
    pub fn needs_new_pictures(&self) -> bool {
        matches!(self, Outcome::Error { code, .. } if code == IMAGE_UNUSABLE)
    }

    /// The signed result token of a PASS or FAIL.
    pub fn result_token(&self) -> Option<&str> {
        match self {
            Outcome::Pass { result_token, .. } | Outcome::Fail { result_token, .. } => {
                result_token.as_deref()
            }
            Outcome::Error { .. } => None,
        }
    }

    /// The verification it is about, when one was created.
    pub fn verification_id(&self) -> Option<&str> {
        match self {
            Outcome::Pass {
                verification_id, ..
            }
            | Outcome::Fail {
                verification_id, ..
            } => Some(verification_id),
            Outcome::Error {
                verification_id, ..
            } => verification_id.as_deref(),
        }
    }

    /// The code the host is told: a FAIL's reason, an error's code.
    pub fn reason_code(&self) -> Option<&str> {
        match self {
            Outcome::Pass { .. } => None,
            Outcome::Fail { reason_code, .. } => reason_code.as_deref(),
            Outcome::Error { code, .. } => Some(code),
        }
    }

    /// PASS, FAIL or ERROR.
    pub fn status(&self) -> VerificationStatus {
        match self {
            Outcome::Pass { .. } => VerificationStatus::Pass,
            Outcome::Fail { .. } => VerificationStatus::Fail,
            Outcome::Error { .. } => VerificationStatus::Error,
        }
    }
}
