//! Who is calling: a host backend (HTTP Basic client credentials) or the widget (capture token).

use axum::http::HeaderMap;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::config::ClientCredentials;
use crate::db::{self, Pool, SessionRow};
use crate::error::ApiError;

/// A fresh capture token: 256 random bits, base64url.
pub fn new_capture_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Only the hash of a token is stored.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks `Authorization: Basic base64(id:secret)` against the configured clients.
pub fn client_id(headers: &HeaderMap, clients: &[ClientCredentials]) -> Result<String, ApiError> {
    let value = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .ok_or_else(|| {
            ApiError::unauthorized(
                "missing_credentials",
                "send client credentials with HTTP Basic authentication",
            )
        })?;
    let bad = || ApiError::unauthorized("bad_credentials", "unknown client id or wrong secret");
    let decoded = STANDARD.decode(value.trim()).map_err(|_| bad())?;
    let decoded = String::from_utf8(decoded).map_err(|_| bad())?;
    let (id, secret) = decoded.split_once(':').ok_or_else(bad)?;
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

/// Resolves `Authorization: Bearer <capture token>` to its session, which must be `session_id`.
pub async fn capture_session(
    pool: &Pool,
    headers: &HeaderMap,
    session_id: &str,
    now: i64,
) -> Result<SessionRow, ApiError> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| ApiError::unauthorized("missing_token", "send the capture token"))?;
    let session = db::session_by_token_hash(pool, &token_hash(token.trim()))
        .await?
        .ok_or_else(|| ApiError::unauthorized("invalid_token", "the capture token is not valid"))?;
    if session.id != session_id {
        return Err(ApiError::wrong_session());
    }
    if now >= session.expires_at {
        return Err(ApiError::unauthorized(
            "expired_token",
            "the capture session has expired; start a new one",
        ));
    }
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
            "bad_credentials"
        );
        assert_eq!(
            client_id(&headers("Basic %%%"), &clients).unwrap_err().code,
            "bad_credentials"
        );
        assert_eq!(
            client_id(&HeaderMap::new(), &clients).unwrap_err().code,
            "missing_credentials"
        );
    }

    #[test]
    fn tokens_are_long_random_and_stored_hashed() {
        let a = new_capture_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, new_capture_token());
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}
