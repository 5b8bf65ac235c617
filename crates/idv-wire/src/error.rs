//! The error body every API answers with, and its codes: one [`ErrorCode`] enum the gateway
//! builds and the widget matches. Each code is documented in `docs/api.md` ("Errors", with its
//! HTTP status); a test here fails when one is not.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Every API error body: `{"error": "<machine code>", "message": "<plain words>"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    /// A machine code (`expired_token`, `rate_limited`, …).
    pub error: ErrorCode,
    /// What happened, in plain words.
    pub message: String,
}

/// Declares [`ErrorCode`]: the known codes, each with its wire name once, and `Unknown` for a
/// code a newer gateway sends that this build does not know (kept, never mistaken for another).
macro_rules! error_codes {
    ($( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+) => {
        /// A machine-readable error code, stable across versions.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $( $(#[$vmeta])* $variant, )+
            /// A code this build does not know, as received.
            Unknown(String),
        }

        impl ErrorCode {
            /// Every known code.
            pub const ALL: [ErrorCode; count!($($variant)+)] = [$(Self::$variant),+];

            /// The wire name.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(code) => code,
                }
            }

            /// The code of a wire name; an unknown name is kept as [`ErrorCode::Unknown`].
            pub fn parse(s: &str) -> Self {
                match s {
                    $($wire => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }
    };
}

error_codes! {
    // 400
    /// The body is not the JSON the endpoint takes.
    InvalidJson = "invalid_json",
    /// The query string is not what the endpoint takes (the handoff poll's `?from=`).
    InvalidQuery = "invalid_query",
    /// A field of a create-session request is missing or malformed.
    InvalidField = "invalid_field",
    /// `host_origin` is not an exact origin.
    InvalidHostOrigin = "invalid_host_origin",
    /// `host_origin` is not in the gateway's `allowed_host_origins`.
    HostOriginNotAllowed = "host_origin_not_allowed",
    /// A submission without an `Idempotency-Key`.
    MissingIdempotencyKey = "missing_idempotency_key",
    /// A submission whose body is not multipart.
    ExpectedMultipart = "expected_multipart",
    /// A submission whose multipart body cannot be read.
    InvalidMultipart = "invalid_multipart",
    /// A submission with a form field the gateway does not take.
    UnknownField = "unknown_field",
    /// A submission without a required form field.
    MissingField = "missing_field",
    /// A submission naming an unknown document type.
    InvalidDocumentType = "invalid_document_type",
    /// A submission of a document type the session does not accept.
    DocumentTypeNotAllowed = "document_type_not_allowed",
    /// A submission without a picture it needs.
    MissingImage = "missing_image",
    /// A submission with a picture it must not have.
    UnexpectedImage = "unexpected_image",
    /// `from_files` names the selfie.
    SelfieFromFile = "selfie_from_file",
    /// A handoff redemption without exactly one of `token` and `code`.
    TokenOrCode = "token_or_code",
    /// A handoff code that is not 8 letters and digits.
    InvalidCode = "invalid_code",
    // 401
    /// A host call without client credentials.
    MissingCredentials = "missing_credentials",
    /// A host call with unknown or wrong client credentials.
    BadCredentials = "bad_credentials",
    /// A widget call without a capture token.
    MissingToken = "missing_token",
    /// A widget call with an unknown capture token.
    InvalidToken = "invalid_token",
    /// The capture session has expired.
    ExpiredToken = "expired_token",
    // 403
    /// The capture token belongs to another session.
    WrongSession = "wrong_session",
    /// Pictures from files in a session that takes the camera only.
    DocumentUploadNotAllowed = "document_upload_not_allowed",
    // 404
    /// No such resource (or not the caller's), or a malformed id.
    NotFound = "not_found",
    // 409
    /// A submission or handoff before consent.
    ConsentRequired = "consent_required",
    /// Consent changed after it was answered.
    ConsentAlreadyAnswered = "consent_already_answered",
    /// The patient declined.
    SessionDeclined = "session_declined",
    /// A verification of this session is pending or passed.
    AlreadySubmitted = "already_submitted",
    /// Every attempt of the session has been used.
    AttemptsExhausted = "attempts_exhausted",
    /// Another upload of the same session is still arriving.
    SubmissionInProgress = "submission_in_progress",
    /// 1Kosmos answered this session with an error `limits.max_vendor_errors` times: the session
    /// has ended (the patient starts again from MyChart later).
    VendorErrorsExhausted = "vendor_errors_exhausted",
    /// `reverify_of` is not a PASS of this patient.
    NoPriorPass = "no_prior_pass",
    /// The document verification a re-verification builds on is too old.
    PriorPassExpired = "prior_pass_expired",
    /// That PASS kept no portrait to compare a re-verification with (no biometric consent).
    NoEnrolledPortrait = "no_enrolled_portrait",
    /// The gateway keeps no portraits, or no longer holds that PASS's enrolment (aged out or
    /// erased on request).
    ReverifyUnavailable = "reverify_unavailable",
    /// An OpenID Connect journey already sent the patient back with a code that was used.
    AlreadyReturned = "already_returned",
    /// The session already ended (passed, failed its last attempt, declined, cancelled or
    /// expired): it cannot be cancelled or handed to a phone.
    SessionEnded = "session_ended",
    /// The session does not take a wallet's licence (the gateway trusts no issuer, the session
    /// is a re-verification or allows no driver's licence, or consent is not given yet).
    WalletNotOffered = "wallet_not_offered",
    /// The wallet request was already answered (a licence is used once) or is past its time.
    MdlRequestUsed = "mdl_request_used",
    /// The session asked wallets too many times (`limits.max_mdl_requests`).
    MdlRequestsExhausted = "mdl_requests_exhausted",
    // 410
    /// The handoff link or code was already redeemed.
    HandoffUsed = "handoff_used",
    /// The handoff link or code is past its time.
    HandoffExpired = "handoff_expired",
    /// The handoff was revoked: another link or code of the session was redeemed, the computer
    /// chose "Use this device instead", or the patient stopped on the phone. A phone's capture
    /// token from it no longer works.
    HandoffRevoked = "handoff_revoked",
    /// The host cancelled the session (`POST /v1/sessions/{id}/cancel`): every token of it is
    /// dead.
    SessionCancelled = "session_cancelled",
    // 413, 415
    /// One image is over `max_image_bytes`.
    ImageTooLarge = "image_too_large",
    /// The whole submission is over the limit.
    RequestTooLarge = "request_too_large",
    /// An image is not a JPEG.
    NotJpeg = "not_jpeg",
    // 422
    /// An image does not decode as a JPEG, or its size is outside what the gateway sends to
    /// 1Kosmos (shorter side at least 320 px, longer side at most 4,096 px).
    ImageUnusable = "image_unusable",
    /// The wallet's licence failed a check (its seal, the issuer's signature or trust, an
    /// element's digest, its validity, the phone's signature over this request): the message
    /// says which. The patient uses the card instead.
    MdlRefused = "mdl_refused",
    /// The wallet's licence has expired.
    MdlExpired = "mdl_expired",
    /// The wallet's licence is someone else's (name or birth date differ from the patient the
    /// host named).
    MdlMismatch = "mdl_mismatch",
    // 429, 500
    /// Too many requests; `Retry-After` says when to retry.
    RateLimited = "rate_limited",
    /// Something went wrong on the gateway's side.
    Internal = "internal",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Self::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_kept() {
        let mut names = std::collections::BTreeSet::new();
        for code in ErrorCode::ALL {
            let name = code.as_str().to_owned();
            assert!(names.insert(name.clone()), "{name} twice");
            assert_eq!(ErrorCode::parse(&name), code);
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
        let newer: ApiError =
            serde_json::from_str(r#"{"error":"quota_exceeded","message":"m"}"#).unwrap();
        assert_eq!(newer.error, ErrorCode::Unknown("quota_exceeded".into()));
        assert_eq!(newer.error.as_str(), "quota_exceeded");
        assert_eq!(
            serde_json::to_string(&newer).unwrap(),
            r#"{"error":"quota_exceeded","message":"m"}"#
        );
    }

    /// `docs/api.md` ("Errors") names every code, in a table row with its status.
    #[test]
    fn every_code_is_documented_in_the_api_reference() {
        let api = include_str!("../../../docs/api.md");
        let table = api
            .split("\n## Errors")
            .nth(1)
            .expect("docs/api.md has an Errors section");
        let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("| ")).collect();
        let missing: Vec<&str> = ErrorCode::ALL
            .iter()
            .map(ErrorCode::as_str)
            .filter(|code| {
                let quoted = format!("`{code}`");
                !rows.iter().any(|row| {
                    row.split('|')
                        .nth(2)
                        .is_some_and(|cell| cell.contains(&quoted))
                })
            })
            .collect();
        assert!(
            missing.is_empty(),
            "not in docs/api.md's Errors table: {missing:?}"
        );
    }
}
