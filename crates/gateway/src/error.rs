//! The domain's errors, apart from HTTP: a [`Refusal`] is a rule saying no (the code the caller
//! reads, and plain words); an [`Error`] is a refusal or something that went wrong on our side
//! (the store, signing, sealing, a stored value that breaks an invariant). `http::error` gives
//! each its status and body; nothing here names a status.

use idv_wire::ErrorCode;

/// A request a rule refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct Refusal {
    /// Machine-readable, stable across versions (documented in `docs/api.md`).
    pub code: ErrorCode,
    /// Plain words for a developer; never contains personal data.
    pub message: String,
    /// For `rate_limited`: seconds until a retry can succeed.
    pub retry_after: Option<u64>,
}

impl Refusal {
    /// A refusal with `code` and `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// `not_found`: no such `what` (or not the caller's).
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("no such {what}"))
    }

    /// `rate_limited`, retry after `secs` (at least 1).
    pub fn rate_limited(secs: u64) -> Self {
        Self {
            retry_after: Some(secs.max(1)),
            ..Self::new(
                ErrorCode::RateLimited,
                "too many requests; retry after the time in Retry-After",
            )
        }
    }

    /// `wrong_session`: a capture token of another session.
    pub fn wrong_session() -> Self {
        Self::new(
            ErrorCode::WrongSession,
            "this capture token belongs to another session",
        )
    }

    /// `session_cancelled`: the host cancelled the session; every token of it is dead.
    pub fn session_cancelled() -> Self {
        Self::new(
            ErrorCode::SessionCancelled,
            "the host cancelled this verification",
        )
    }

    /// `handoff_revoked`: a phone's handoff that is over (another phone took over, the computer
    /// continued, the patient stopped, or it was cancelled).
    pub fn handoff_revoked() -> Self {
        Self::new(
            ErrorCode::HandoffRevoked,
            "this phone's part of the verification is over; continue on the computer",
        )
    }

    /// `consent_required` on a phone: its own consent comes before its pictures or its wallet.
    pub fn phone_consent_required() -> Self {
        Self::new(
            ErrorCode::ConsentRequired,
            "the patient has not given consent on this phone yet",
        )
    }

    /// `attempts_exhausted`: the session's submissions are used up.
    pub fn attempts_exhausted() -> Self {
        Self::new(
            ErrorCode::AttemptsExhausted,
            "every attempt of this session has been used",
        )
    }
}

/// What a domain operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule said no: the caller's business.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The database.
    #[error("database: {0}")]
    Store(#[from] sqlx::Error),
    /// Signing a result token.
    #[error("result-token signing: {0}")]
    Signing(#[from] crate::signing::SigningError),
    /// Sealing or opening an enrolled portrait.
    #[error("portrait: {0}")]
    Sealing(#[from] crate::enrolment::SealError),
    /// A stored value that breaks an invariant (a corrupted column, a vanished row).
    #[error("{0}")]
    Invariant(String),
}

impl Error {
    /// A stored value that breaks an invariant, with what was wrong.
    pub fn invariant(cause: impl std::fmt::Display) -> Self {
        Self::Invariant(cause.to_string())
    }
}
