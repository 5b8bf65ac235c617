//! Who is calling, as extractors: a host backend ([`HostClient`], HTTP Basic client credentials)
//! or the widget ([`CaptureSession`], the capture token). A handler that names one cannot forget
//! to check it, and both run before any body is read: a wrong secret with a malformed body is a
//! 401, not a 400.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use idv_wire::ErrorCode;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::ApiError;
use crate::config::ClientCredentials;
use crate::db::{self, SessionRow};
use crate::error::Refusal;
use crate::tokens::token_hash;
use crate::validation::check_unexpired;
use crate::AppState;

/// `Basic base64(id:secret)` → `(id, secret)`; `None` for anything else.
pub fn parse_basic(value: &str) -> Option<(String, String)> {
    let encoded = value.strip_prefix("Basic ")?.trim();
    let decoded = String::from_utf8(STANDARD.decode(encoded).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// Checks `Authorization: Basic base64(id:secret)` against the configured clients, in constant
/// time per client.
pub fn client_id(headers: &HeaderMap, clients: &[ClientCredentials]) -> Result<String, ApiError> {
    let value = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.starts_with("Basic "))
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::MissingCredentials,
                "send client credentials with HTTP Basic authentication",
            )
        })?;
    let bad = || {
        ApiError::new(
            ErrorCode::BadCredentials,
            "unknown client id or wrong secret",
        )
    };
    let (id, secret) = parse_basic(value).ok_or_else(bad)?;
    let given = Sha256::digest(secret.as_bytes());
    clients
        .iter()
        .find(|c| {
            let expected = Sha256::digest(c.secret.as_bytes());
            c.id == id && bool::from(given.ct_eq(&expected))
        })
        .map(|c| c.id.clone())
        .ok_or_else(bad)
}

/// The client's address (the connection's peer).
fn peer(parts: &Parts) -> Result<IpAddr, ApiError> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .ok_or_else(|| ApiError::internal_because("no peer address on the request"))
}

/// The caller's address, for limits on unauthenticated calls (a handoff redeemed by code).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        peer(parts).map(ClientAddr)
    }
}

/// An authenticated host backend: its client id.
#[derive(Debug, Clone)]
pub struct HostClient(pub String);

impl FromRequestParts<AppState> for HostClient {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        let ip = peer(parts)?;
        app.limits.auth_allowed(ip)?;
        match client_id(&parts.headers, &app.config.clients) {
            Ok(id) => Ok(HostClient(id)),
            Err(e) => {
                app.limits.auth_failed(ip);
                Err(e)
            }
        }
    }
}

/// The widget's capture session: `Authorization: Bearer <capture token>` must resolve to the
/// session named by the path's `{id}`, unexpired. Each call counts against the session's rate.
#[derive(Debug, Clone)]
pub struct CaptureSession(pub SessionRow);

impl FromRequestParts<AppState> for CaptureSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        let path_id = RawPathParams::from_request_parts(parts, app)
            .await
            .ok()
            .and_then(|params| {
                params
                    .iter()
                    .find(|(k, _)| *k == "id")
                    .map(|(_, v)| v.to_owned())
            })
            .ok_or_else(|| Refusal::not_found("session"))?;
        let session =
            capture_session(&app.pool, &parts.headers, &path_id, crate::clock::now()).await?;
        app.limits.widget_call(&session.id)?;
        Ok(CaptureSession(session))
    }
}

/// Resolves `Authorization: Bearer <capture token>` (the session's own, or a phone's from a
/// redeemed handoff) to its session, which must be `session_id`.
pub async fn capture_session(
    pool: &db::Pool,
    headers: &HeaderMap,
    session_id: &str,
    now: i64,
) -> Result<SessionRow, ApiError> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| ApiError::new(ErrorCode::MissingToken, "send the capture token"))?;
    let hash = token_hash(token.trim());
    // The session's own token (the embedded widget), or one a phone got from a handoff.
    let session = match db::session_by_token_hash(pool, &hash).await? {
        Some(s) => Some(s),
        None => db::session_by_phone_token_hash(pool, &hash).await?,
    }
    .ok_or_else(|| ApiError::new(ErrorCode::InvalidToken, "the capture token is not valid"))?;
    if session.id != session_id {
        return Err(Refusal::wrong_session().into());
    }
    check_unexpired(&session, now)?;
    Ok(session)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(auth: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("authorization", auth.parse().unwrap());
        h
    }

    #[test]
    fn basic_credentials_must_match_a_configured_client() {
        let clients = vec![ClientCredentials {
            id: "epic".into(),
            secret: "s3cret-s3cret".into(),
        }];
        let ok = format!("Basic {}", STANDARD.encode("epic:s3cret-s3cret"));
        assert_eq!(client_id(&headers(&ok), &clients).unwrap(), "epic");
        let wrong = format!("Basic {}", STANDARD.encode("epic:nope"));
        assert_eq!(
            client_id(&headers(&wrong), &clients).unwrap_err().code,
            ErrorCode::BadCredentials
        );
        assert_eq!(
            client_id(&headers("Basic %%%"), &clients).unwrap_err().code,
            ErrorCode::BadCredentials
        );
        assert_eq!(
            client_id(&HeaderMap::new(), &clients).unwrap_err().code,
            ErrorCode::MissingCredentials
        );
        assert_eq!(
            client_id(&headers("Bearer x"), &clients).unwrap_err().code,
            ErrorCode::MissingCredentials
        );
    }

    #[test]
    fn basic_headers_parse_only_when_well_formed() {
        let enc = |s: &str| format!("Basic {}", STANDARD.encode(s));
        assert_eq!(parse_basic(&enc("a:b:c")), Some(("a".into(), "b:c".into())));
        assert_eq!(parse_basic(&enc("no-colon")), None);
        assert_eq!(parse_basic("Basic"), None);
        assert_eq!(parse_basic("basic YTpi"), None);
        assert_eq!(
            parse_basic(&format!("Basic {}", STANDARD.encode([0xFF, b':', b'x']))),
            None
        );
    }
}
