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
use crate::client_address::{client_address, limit_key, Cidr, ForwardingHeaders};
use crate::config::ClientCredentials;
use crate::db::{self, HandoffRow, SessionRow};
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
    find_client(&id, &secret, clients).0.ok_or_else(bad)
}

/// The configured client whose id and secret are these, and how many (id, secret) pairs were
/// compared to find out. OAuth clients form-encode both halves first (RFC 6749 §2.3.1: `-` may
/// arrive as `%2D`); other callers send them as they are: both readings are compared. Every
/// client is compared, id and secret alike, hashed and in constant time, with no early exit:
/// an unknown id costs exactly the work of a known id with a wrong secret, so how long the
/// answer takes says nothing about which ids exist.
fn find_client(id: &str, secret: &str, clients: &[ClientCredentials]) -> (Option<String>, usize) {
    let decoded = (form_decoded(id), form_decoded(secret));
    let mut found = None;
    let mut compared = 0;
    for (id, secret) in [(id, secret), (decoded.0.as_str(), decoded.1.as_str())] {
        let given_id = Sha256::digest(id.as_bytes());
        let given = Sha256::digest(secret.as_bytes());
        for c in clients {
            let same_id = given_id.ct_eq(&Sha256::digest(c.id.as_bytes()));
            let same_secret = given.ct_eq(&Sha256::digest(c.secret.as_bytes()));
            compared += 1;
            if bool::from(same_id & same_secret) {
                found = Some(c.id.clone());
            }
        }
    }
    (found, compared)
}

/// `value` read as `application/x-www-form-urlencoded` (`+` is a space, `%XX` a byte).
fn form_decoded(value: &str) -> String {
    url::form_urlencoded::parse(format!("v={value}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The client id a Basic `Authorization` header claims, right or wrong.
fn claimed_client_id(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("authorization")?.to_str().ok()?;
    parse_basic(value).map(|(id, _)| id)
}

/// The connection's peer.
fn peer(parts: &Parts) -> Result<IpAddr, ApiError> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .ok_or_else(|| ApiError::internal_because("no peer address on the request"))
}

/// The key rate limits count this request's client under: the peer, or behind a trusted proxy
/// the client it forwards for (see [`client_address`]); an IPv6 client by its /64.
fn client_key(parts: &Parts, trusted: &[Cidr]) -> Result<IpAddr, ApiError> {
    let values = |name: &str| -> Vec<&str> {
        parts
            .headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    };
    let (forwarded, x_forwarded_for) = (values("forwarded"), values("x-forwarded-for"));
    let headers = ForwardingHeaders {
        forwarded: &forwarded,
        x_forwarded_for: &x_forwarded_for,
    };
    Ok(limit_key(client_address(peer(parts)?, headers, trusted)))
}

/// The caller's address as rate limits key it, for limits on unauthenticated calls (a handoff
/// redeemed by code).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        client_key(parts, &app.config.trusted_proxies).map(ClientAddr)
    }
}

/// An authenticated host backend: its client id.
#[derive(Debug, Clone)]
pub struct HostClient(pub String);

impl FromRequestParts<AppState> for HostClient {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        let ip = client_key(parts, &app.config.trusted_proxies)?;
        // This address's own failed logins (never anyone else's: failed handoff codes and other
        // addresses have budgets of their own).
        app.limits.login_allowed(ip)?;
        match client_id(&parts.headers, &app.config.clients) {
            Ok(id) => Ok(HostClient(id)),
            Err(e) => {
                let claimed = claimed_client_id(&parts.headers);
                app.limits.login_failed(ip, claimed.as_deref());
                if let Some(id) = &claimed {
                    // Wrong secrets for this id from everywhere: 429 past its budget, so a
                    // spread-out guesser is slowed and seen (valid credentials never get here).
                    app.limits.client_failures_allowed(id).inspect_err(|_| {
                        tracing::warn!(client = %id, "wrong secrets for this client id over budget");
                    })?;
                }
                Err(e)
            }
        }
    }
}

/// Which widget is calling with a capture token.
#[derive(Debug, Clone)]
pub enum CaptureDevice {
    /// The widget the host embedded, with the session's own token.
    Embedded,
    /// A phone, with the token it got from redeeming this (live) handoff.
    Phone(HandoffRow),
}

/// The widget's capture session: `Authorization: Bearer <capture token>` must resolve to the
/// session named by the path's `{id}`, unexpired and not cancelled, and to a live handoff when
/// it is a phone's token. Each call counts against the session's rate.
#[derive(Debug, Clone)]
pub struct CaptureSession(pub SessionRow, pub CaptureDevice);

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
        let (session, device) =
            capture_session(&app.pool, &parts.headers, &path_id, app.clock.now()).await?;
        app.limits.widget_call(&session.id)?;
        Ok(CaptureSession(session, device))
    }
}

/// Resolves `Authorization: Bearer <capture token>` (the session's own, or a phone's from a
/// redeemed handoff) to its session, which must be `session_id`, and the device calling. A
/// phone's token of a revoked handoff answers `handoff_revoked` (410), any token of a cancelled
/// session `session_cancelled` (410).
pub async fn capture_session(
    pool: &db::Pool,
    headers: &HeaderMap,
    session_id: &str,
    now: i64,
) -> Result<(SessionRow, CaptureDevice), ApiError> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| ApiError::new(ErrorCode::MissingToken, "send the capture token"))?;
    let hash = token_hash(token.trim());
    let invalid = || ApiError::new(ErrorCode::InvalidToken, "the capture token is not valid");
    // The session's own token (the embedded widget), or one a phone got from a handoff.
    let (session, device) = match db::session_by_token_hash(pool, &hash).await? {
        Some(s) => (s, CaptureDevice::Embedded),
        None => {
            let handoff = db::handoff_by_phone_token_hash(pool, &hash)
                .await?
                .ok_or_else(invalid)?;
            if handoff.session_id != session_id {
                return Err(Refusal::wrong_session().into());
            }
            if handoff.revoked_at.is_some() {
                return Err(match handoff.revoked_reason.as_deref() {
                    Some("cancelled") => Refusal::session_cancelled(),
                    _ => Refusal::handoff_revoked(),
                }
                .into());
            }
            let session = db::session_by_id(pool, &handoff.session_id)
                .await?
                .ok_or_else(invalid)?;
            (session, CaptureDevice::Phone(handoff))
        }
    };
    if session.id != session_id {
        return Err(Refusal::wrong_session().into());
    }
    if session.status == idv_wire::SessionStatus::Cancelled {
        return Err(Refusal::session_cancelled().into());
    }
    check_unexpired(&session, now)?;
    Ok((session, device))
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
            redirect_uris: vec![],
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
    fn oauth_clients_may_form_encode_their_credentials() {
        let clients = vec![ClientCredentials {
            id: "my-client".into(),
            secret: "s3cret-s3cret".into(),
            redirect_uris: vec![],
        }];
        // openid-client sends RFC 6749 §2.3.1's encoding: every `-` as `%2D`.
        let encoded = format!("Basic {}", STANDARD.encode("my%2Dclient:s3cret%2Ds3cret"));
        assert_eq!(
            client_id(&headers(&encoded), &clients).unwrap(),
            "my-client"
        );
        let wrong = format!("Basic {}", STANDARD.encode("my%2Dclient:s3cret%2Dnope"));
        assert!(client_id(&headers(&wrong), &clients).is_err());
    }

    #[test]
    fn an_unknown_client_id_costs_the_same_work_as_a_known_one() {
        let clients: Vec<ClientCredentials> = ["epic", "portal", "kiosk"]
            .into_iter()
            .map(|id| ClientCredentials {
                id: id.into(),
                secret: format!("{id}-s3cret-s3cret"),
                redirect_uris: vec![],
            })
            .collect();
        // Two readings (as sent, and form-decoded) of every client.
        let all = 2 * clients.len();
        // Known id with its secret, known id with a wrong one, an id nobody has: every
        // configured client's id and secret are compared each time, never fewer.
        assert_eq!(
            find_client("portal", "portal-s3cret-s3cret", &clients),
            (Some("portal".into()), all)
        );
        assert_eq!(find_client("portal", "wrong", &clients), (None, all));
        assert_eq!(find_client("nobody", "wrong", &clients), (None, all));
        assert_eq!(find_client("", "", &clients), (None, all));
        // The first client matching does not stop the loop either.
        assert_eq!(
            find_client("epic", "epic-s3cret-s3cret", &clients),
            (Some("epic".into()), all)
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
