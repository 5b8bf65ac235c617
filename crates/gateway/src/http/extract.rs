//! Extractors whose rejections are our JSON errors: a JSON body ([`ApiJson`]), path ids
//! ([`ApiPath`]), a query ([`ApiQuery`]) and the submission's `Idempotency-Key`
//! ([`IdempotencyKey`]). Who is calling is in [`super::auth`].

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use idv_wire::submit_fields::IDEMPOTENCY_HEADER;
use idv_wire::ErrorCode;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use crate::error::Refusal;

/// `Json<T>` whose rejection is our JSON error body.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(ApiError::new(ErrorCode::InvalidJson, rejection.body_text())),
        }
    }
}

/// `Path<T>` whose rejection (an id that is not a UUID, say) is our JSON 404.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(v)| ApiPath(v))
            .map_err(|_| Refusal::not_found("resource (malformed id)").into())
    }
}

/// `Query<T>` whose rejection is our JSON 400 `invalid_query`.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| ApiQuery(v))
            .map_err(|e| ApiError::new(ErrorCode::InvalidQuery, e.body_text()))
    }
}

/// The client-chosen `Idempotency-Key` of a submission: 1 to 100 characters, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(pub String);

impl IdempotencyKey {
    /// The key of a header value, if it is one.
    pub fn parse(value: &str) -> Option<Self> {
        let key = value.trim();
        (!key.is_empty() && key.len() <= 100).then(|| Self(key.to_owned()))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .headers
            .get(IDEMPOTENCY_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(Self::parse)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::MissingIdempotencyKey,
                    "send an Idempotency-Key header of 1 to 100 characters",
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idempotency_key_is_one_to_a_hundred_characters_trimmed() {
        assert_eq!(
            IdempotencyKey::parse(" k-1 "),
            Some(IdempotencyKey("k-1".into()))
        );
        assert_eq!(IdempotencyKey::parse("   "), None);
        assert!(IdempotencyKey::parse(&"a".repeat(100)).is_some());
        assert_eq!(IdempotencyKey::parse(&"a".repeat(101)), None);
    }
}
