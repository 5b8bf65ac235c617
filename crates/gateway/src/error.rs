//! API errors: each has a documented status and a JSON body `{"error", "message"}`. Converting
//! an error has no side effect; the [`log_errors`] middleware logs what went wrong on our side.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    /// Machine-readable code, stable across versions.
    pub code: &'static str,
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

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            retry_after: None,
            cause: None,
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }
    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }
    pub fn wrong_session() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "wrong_session",
            "this capture token belongs to another session",
        )
    }
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, message)
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no such {what}"),
        )
    }
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }
    /// 410: something that existed and is no longer usable (a used or expired handoff).
    pub fn gone(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::GONE, code, message)
    }
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "image_too_large",
            format!("each image must be at most {limit} bytes"),
        )
    }
    pub fn request_too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request_too_large",
            "the submission is too large",
        )
    }
    pub fn not_jpeg(field: &str) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not_jpeg",
            format!("the {field} image must be a JPEG"),
        )
    }
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many requests; retry after the time in Retry-After",
        );
        e.retry_after = Some(retry_after_secs.max(1));
        e
    }
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
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

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = idv_wire::ApiError {
            error: self.code.to_owned(),
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

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self::internal_because(format!("database: {e}"))
    }
}

/// Logs every 5xx answer with its cause; 4xx answers are the caller's business.
pub async fn log_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
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
