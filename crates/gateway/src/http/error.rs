//! API errors at the HTTP edge: each [`ErrorCode`] has one documented status (`docs/api.md`,
//! "Errors") and the JSON body `{"error", "message"}`. Domain errors convert here; converting
//! has no side effect, and the [`log_errors`] middleware logs what went wrong on our side.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use idv_wire::ErrorCode;

use crate::error::{Error, Refusal};

/// An error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The status of `code` ([`status_of`]).
    pub status: StatusCode,
    /// Machine-readable code, stable across versions.
    pub code: ErrorCode,
    /// Plain words for a developer; never contains personal data.
    pub message: String,
    /// For 429: seconds until a retry can succeed (`Retry-After`).
    pub retry_after: Option<u64>,
    /// What went wrong inside (logged by the middleware, never sent).
    pub cause: Option<Arc<str>>,
}

/// The cause of a 5xx, carried from the handler to [`log_errors`] in the response extensions.
#[derive(Debug, Clone)]
struct InternalCause(Arc<str>);

/// The one status of each code.
pub fn status_of(code: &ErrorCode) -> StatusCode {
    use ErrorCode as C;
    match code {
        C::InvalidJson
        | C::InvalidQuery
        | C::InvalidField
        | C::InvalidHostOrigin
        | C::HostOriginNotAllowed
        | C::MissingIdempotencyKey
        | C::ExpectedMultipart
        | C::InvalidMultipart
        | C::UnknownField
        | C::MissingField
        | C::InvalidDocumentType
        | C::DocumentTypeNotAllowed
        | C::MissingImage
        | C::UnexpectedImage
        | C::SelfieFromFile
        | C::TokenOrCode
        | C::InvalidCode => StatusCode::BAD_REQUEST,
        C::MissingCredentials
        | C::BadCredentials
        | C::MissingToken
        | C::InvalidToken
        | C::ExpiredToken => StatusCode::UNAUTHORIZED,
        C::WrongSession | C::DocumentUploadNotAllowed => StatusCode::FORBIDDEN,
        C::NotFound => StatusCode::NOT_FOUND,
        C::ConsentRequired
        | C::ConsentAlreadyAnswered
        | C::SessionDeclined
        | C::AlreadySubmitted
        | C::AttemptsExhausted
        | C::SubmissionInProgress
        | C::VendorErrorsExhausted
        | C::NoPriorPass
        | C::PriorPassExpired
        | C::NoEnrolledPortrait
        | C::ReverifyUnavailable
        | C::AlreadyReturned
        | C::SessionEnded
        | C::WalletNotOffered
        | C::MdlRequestUsed
        | C::MdlRequestsExhausted => StatusCode::CONFLICT,
        C::HandoffUsed | C::HandoffExpired | C::HandoffRevoked | C::SessionCancelled => {
            StatusCode::GONE
        }
        C::ImageTooLarge | C::RequestTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        C::NotJpeg => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        C::ImageUnusable | C::MdlRefused | C::MdlExpired | C::MdlMismatch => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        C::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        C::Internal | C::Unknown(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl ApiError {
    /// An answer with `code` (and its status) and `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status: status_of(&code),
            code,
            message: message.into(),
            retry_after: None,
            cause: None,
        }
    }

    /// `image_too_large`: one image over `limit` bytes.
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            ErrorCode::ImageTooLarge,
            format!("each image must be at most {limit} bytes"),
        )
    }

    /// `request_too_large`: the whole submission over the limit.
    pub fn request_too_large() -> Self {
        Self::new(ErrorCode::RequestTooLarge, "the submission is too large")
    }

    /// `not_jpeg`: the `field` image is not a JPEG.
    pub fn not_jpeg(field: &str) -> Self {
        Self::new(
            ErrorCode::NotJpeg,
            format!("the {field} image must be a JPEG"),
        )
    }

    /// `internal`: our fault.
    pub fn internal() -> Self {
        Self::new(
            ErrorCode::Internal,
            "something went wrong on our side; try again",
        )
    }

    /// A 500 whose cause the middleware logs.
    pub fn internal_because(cause: impl std::fmt::Display) -> Self {
        let mut e = Self::internal();
        e.cause = Some(cause.to_string().into());
        e
    }
}

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> Self {
        let mut e = Self::new(r.code, r.message);
        e.retry_after = r.retry_after;
        e
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        match e {
            Error::Refused(r) => r.into(),
            other => Self::internal_because(other),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Error::from(e).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = idv_wire::ApiError {
            error: self.code,
            message: self.message,
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert("retry-after", HeaderValue::from(secs));
        }
        if let Some(cause) = self.cause {
            response.extensions_mut().insert(InternalCause(cause));
        }
        response
    }
}

/// Logs every 5xx answer with its cause; 4xx answers are the caller's business. The route is
/// logged as its template (`/v1/patients/{patient_ref}/enrolment`), never the raw path, which
/// may hold a patient reference.
pub async fn log_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "(static files)".to_owned(), |m| m.as_str().to_owned());
    let response = next.run(request).await;
    if response.status().is_server_error() {
        let cause = response
            .extensions()
            .get::<InternalCause>()
            .map_or("-", |c| &c.0);
        tracing::error!(%method, %path, status = response.status().as_u16(), cause, "request failed");
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The status of each code is the one `docs/api.md` gives it in its Errors table.
    #[test]
    fn every_code_has_the_status_the_api_reference_documents() {
        let api = include_str!("../../../../docs/api.md");
        let table = api.split("\n## Errors").nth(1).unwrap_or_default();
        for code in ErrorCode::ALL {
            let quoted = format!("`{}`", code.as_str());
            let documented: Vec<&str> = table
                .lines()
                .filter(|row| row.split('|').nth(2).is_some_and(|c| c.contains(&quoted)))
                .filter_map(|row| row.split('|').nth(1).map(str::trim))
                .collect();
            assert_eq!(
                documented,
                [status_of(&code).as_str()],
                "{quoted}: one row, with the status the gateway answers"
            );
        }
    }

    #[test]
    fn refusals_keep_their_code_and_retry_time_and_failures_are_500s() {
        let e = ApiError::from(Refusal::rate_limited(0));
        assert_eq!((e.status.as_u16(), e.retry_after), (429, Some(1)));
        let e = ApiError::from(Error::invariant("corrupt row"));
        assert_eq!(
            (e.status.as_u16(), e.code.clone()),
            (500, ErrorCode::Internal)
        );
        assert_eq!(e.cause.as_deref(), Some("corrupt row"));
        let e = ApiError::from(Error::from(Refusal::wrong_session()));
        assert_eq!(e.status.as_u16(), 403);
    }
}
