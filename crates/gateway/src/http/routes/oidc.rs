//! The OpenID Provider's endpoints: discovery, pushed authorization requests (RFC 9126),
//! /authorize (the widget's journey, full page), the widget's way back to the client, the
//! token endpoint and userinfo. Decisions are in [`crate::oidc`]; errors are OAuth's
//! (`{"error", "error_description"}`), not the gateway's own API errors.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use idv_wire::{
    CreateSessionRequest, DocumentType, ErrorCode, ReturnToClient, SessionStatus,
    VerificationStatus,
};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::clock::rfc3339;
use crate::db::{self, OidcFlowRow};
use crate::error::Refusal;
use crate::http::auth::{CaptureDevice, CaptureSession, HostClient};
use crate::http::error::ApiError;
use crate::http::routes::host::{open_session, widget_url};
use crate::oidc::{self, OAuthError, VerifiedPerson};
use crate::tokens::{new_capture_token, token_hash};
use crate::validation;
use crate::AppState;

/// An OAuth error answer: 400 (401 with `WWW-Authenticate` for `invalid_client` and
/// `invalid_token`), never cached.
pub struct OAuthFailure(pub OAuthError);

impl From<OAuthError> for OAuthFailure {
    fn from(e: OAuthError) -> Self {
        Self(e)
    }
}

impl From<ApiError> for OAuthFailure {
    /// The gateway's own refusals (a database error, a rate limit) in OAuth's words.
    fn from(e: ApiError) -> Self {
        let error = match e.code {
            ErrorCode::RateLimited => "temporarily_unavailable",
            ErrorCode::Internal => "server_error",
            _ => "invalid_request",
        };
        Self(OAuthError::new(error, e.message))
    }
}

impl From<sqlx::Error> for OAuthFailure {
    fn from(e: sqlx::Error) -> Self {
        ApiError::from(e).into()
    }
}

impl IntoResponse for OAuthFailure {
    fn into_response(self) -> Response {
        let status = match self.0.error {
            "invalid_client" | "invalid_token" => StatusCode::UNAUTHORIZED,
            "server_error" => StatusCode::INTERNAL_SERVER_ERROR,
            "temporarily_unavailable" => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::BAD_REQUEST,
        };
        let mut response = (
            status,
            Json(json!({ "error": self.0.error, "error_description": self.0.description })),
        )
            .into_response();
        let headers = response.headers_mut();
        if self.0.error == "invalid_client" {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"idv\""),
            );
        } else if self.0.error == "invalid_token" {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// The client, or `invalid_client` (its failures still count in the login budgets).
fn client_of(auth: Result<HostClient, ApiError>) -> Result<String, OAuthFailure> {
    match auth {
        Ok(HostClient(id)) => Ok(id),
        Err(e) if e.code == ErrorCode::RateLimited => Err(e.into()),
        Err(e) => Err(OAuthError::new("invalid_client", e.message).into()),
    }
}

/// The parameters of an `application/x-www-form-urlencoded` body or query, each once.
fn form(bytes: &[u8]) -> Result<Map<String, Value>, OAuthError> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(bytes)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    oidc::single_valued(&pairs)
}

fn random_secret() -> String {
    new_capture_token()
}

/// `GET /.well-known/openid-configuration`
pub async fn discovery(State(app): State<AppState>) -> Json<Value> {
    Json(oidc::discovery(&app.signer.issuer))
}

/// `POST /oidc/par`: checks the request, keeps it for [`oidc::REQUEST_TTL_SECS`], and answers
/// its `request_uri` (RFC 9126 §2.2).
pub async fn par(
    State(app): State<AppState>,
    auth: Result<HostClient, ApiError>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), OAuthFailure> {
    let client = client_of(auth)?;
    let registered = app
        .config
        .clients
        .iter()
        .find(|c| c.id == client)
        .map(|c| c.redirect_uris.clone())
        .unwrap_or_default();
    if registered.is_empty() {
        return Err(OAuthError::new(
            "unauthorized_client",
            "this client has no registered redirect URIs: it cannot use OpenID Connect",
        )
        .into());
    }
    let pushed = oidc::parse_pushed(&form(&body)?, &client, &registered)?;
    let origin = pushed.session.host_origin.clone();
    validation::validate_create(&pushed.session, &[origin])
        .map_err(|r| OAuthError::new("invalid_request", r.message))?;
    validation::retry_policy(&pushed.session, app.config.max_attempts)
        .map_err(|r| OAuthError::new("invalid_request", r.message))?;
    let secret = random_secret();
    let now = app.clock.now();
    let flow = OidcFlowRow {
        id: Uuid::new_v4().to_string(),
        client_id: client.clone(),
        request_uri_hash: token_hash(&secret),
        request_expires_at: now + oidc::REQUEST_TTL_SECS,
        request_used_at: None,
        redirect_uri: pushed.redirect_uri,
        state: pushed.state,
        nonce: pushed.nonce,
        code_challenge: pushed.code_challenge,
        session_request: serde_json::to_string(&pushed.session)
            .map_err(|e| OAuthError::new("server_error", e.to_string()))?,
        session_id: None,
        code_hash: None,
        code_expires_at: None,
        code_used_at: None,
        verification_id: None,
        access_token_hash: None,
        access_expires_at: None,
        revoked_at: None,
        created_at: now,
    };
    db::insert_oidc_flow(&app.pool, &flow).await?;
    tracing::info!(client = %client, flow = %flow.id, "pushed authorization request");
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "request_uri": oidc::request_uri(&secret),
            "expires_in": oidc::REQUEST_TTL_SECS,
        })),
    ))
}

/// A plain page for an /authorize that cannot go back to the client (its redirect URI is not
/// known to be the client's): what happened and what to do, in English and Spanish.
fn authorize_refused(e: OAuthError) -> Response {
    tracing::warn!(error = e.error, description = %e.description, "authorize refused");
    let page = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Link not valid</title>\
         <main data-error=\"{}\"><h1>This verification link is not valid</h1>\
         <p>Go back to the page that sent you here and start again.</p>\
         <p lang=\"es\">Este enlace de verificación no es válido. Vuelva a la página que lo \
         envió aquí y empiece de nuevo.</p></main></html>",
        e.error
    );
    let mut response = (StatusCode::BAD_REQUEST, Html(page)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /oidc/authorize?client_id=…&request_uri=…`: uses the pushed request (once, within its
/// 60 s), opens its capture session and sends the browser to the widget, full page. Nothing
/// else is accepted in the URL: patient details travel only in the pushed request.
pub async fn authorize(State(app): State<AppState>, RawQuery(query): RawQuery) -> Response {
    match start(&app, query.as_deref().unwrap_or_default()).await {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(e) => authorize_refused(e),
    }
}

async fn start(app: &AppState, query: &str) -> Result<String, OAuthError> {
    let params = form(query.as_bytes())?;
    if let Some(other) = params
        .keys()
        .find(|k| !matches!(k.as_str(), "client_id" | "request_uri"))
    {
        return Err(OAuthError::new(
            "invalid_request",
            format!(
                "{other} is not accepted here: every authorization parameter goes in the pushed \
                 request (require_pushed_authorization_requests)"
            ),
        ));
    }
    let request_uri = params
        .get("request_uri")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            OAuthError::new(
                "invalid_request",
                "request_uri is required: push the request to /oidc/par first",
            )
        })?;
    let client = params.get("client_id").and_then(Value::as_str);
    let invalid = || {
        OAuthError::new(
            "invalid_request_uri",
            "unknown, used or expired request_uri",
        )
    };
    let secret = oidc::request_uri_secret(request_uri).ok_or_else(invalid)?;
    let internal = |e: sqlx::Error| OAuthError::new("server_error", e.to_string());
    let flow = db::oidc_flow_by_request(&app.pool, &token_hash(secret))
        .await
        .map_err(internal)?
        .filter(|f| Some(f.client_id.as_str()) == client)
        .ok_or_else(invalid)?;
    if !db::use_oidc_request(&app.pool, &flow.id, app.clock.now())
        .await
        .map_err(internal)?
    {
        return Err(invalid());
    }
    // From here the redirect URI is the client's own (checked at /par): errors go back to it.
    let back = |e: OAuthError| {
        oidc::redirect_to(
            &flow.redirect_uri,
            &[
                ("error", e.error),
                ("error_description", &e.description),
                ("state", &flow.state),
                ("iss", &app.signer.issuer),
            ],
        )
        .ok_or(e)
    };
    let request: Result<CreateSessionRequest, _> = serde_json::from_str(&flow.session_request);
    // The patient details leave the flow now, whatever happens next.
    db::forget_oidc_request(&app.pool, &flow.id)
        .await
        .map_err(internal)?;
    let request = match request {
        Ok(r) => r,
        Err(e) => return back(OAuthError::new("server_error", e.to_string())),
    };
    // The redirect URI's origin, registered for this client and checked at /par.
    let origin = [request.host_origin.clone()];
    let (row, token) = match open_session(app, flow.client_id.clone(), request, &origin).await {
        Ok(opened) => opened,
        Err(e) => return back(OAuthFailure::from(e).0),
    };
    if let Err(e) = db::attach_oidc_session(&app.pool, &flow.id, &row.id).await {
        return back(OAuthError::new("server_error", e.to_string()));
    }
    tracing::info!(flow = %flow.id, session = %row.id, "authorize: journey started");
    Ok(widget_url(app, &row.id, &token))
}

/// `POST /v1/capture/sessions/{id}/oidc/return`: where the widget sends the patient when the
/// journey ends. A PASS gets a fresh one-time code; anything else (a FAIL, declining, giving
/// up) gets `access_denied` naming why. Only the session's own token may ask (not a phone's:
/// the code must land in the browser that started the flow).
pub async fn return_to_client(
    State(app): State<AppState>,
    CaptureSession(s, device): CaptureSession,
) -> Result<Json<ReturnToClient>, ApiError> {
    if !matches!(device, CaptureDevice::Embedded) {
        return Err(Refusal::wrong_session().into());
    }
    let flow = db::oidc_flow_by_session(&app.pool, &s.id)
        .await?
        .ok_or_else(|| Refusal::not_found("OpenID Connect flow"))?;
    let latest = db::latest_verification_since(&app.pool, &s.id, 0).await?;
    let issuer = app.signer.issuer.clone();
    let passed = latest
        .as_ref()
        .filter(|v| v.status == VerificationStatus::Pass);
    let url = if let Some(v) = passed {
        let code = random_secret();
        let now = app.clock.now();
        if !db::set_oidc_code(
            &app.pool,
            &flow.id,
            &token_hash(&code),
            now + oidc::CODE_TTL_SECS,
            Some(&v.id),
            now,
        )
        .await?
        {
            return Err(ApiError::new(
                ErrorCode::AlreadyReturned,
                "this journey already sent the patient back with a code (live, or exchanged)",
            ));
        }
        oidc::redirect_to(
            &flow.redirect_uri,
            &[("code", &code), ("state", &flow.state), ("iss", &issuer)],
        )
    } else {
        let why = match (s.status, latest.as_ref()) {
            (SessionStatus::Declined, _) => "consent_declined".to_owned(),
            (_, Some(v)) => v
                .reason_code
                .clone()
                .unwrap_or_else(|| v.status.as_str().to_owned()),
            (_, None) => "abandoned".to_owned(),
        };
        oidc::redirect_to(
            &flow.redirect_uri,
            &[
                ("error", "access_denied"),
                ("error_description", &why),
                ("state", &flow.state),
                ("iss", &issuer),
            ],
        )
    }
    .ok_or_else(|| ApiError::internal_because("a stored redirect URI does not parse"))?;
    Ok(Json(ReturnToClient { redirect_to: url }))
}

/// `POST /oidc/token`: the code (once, within 60 s, by the client it was issued to, with the
/// same redirect URI and the PKCE verifier) for an ID token with `verified_claims`. A code
/// presented twice revokes what its first use issued (RFC 6749 §4.1.2).
pub async fn token(
    State(app): State<AppState>,
    auth: Result<HostClient, ApiError>,
    body: Bytes,
) -> Result<Response, OAuthFailure> {
    let client = client_of(auth)?;
    let p = form(&body)?;
    let get = |name: &str| p.get(name).and_then(Value::as_str);
    if get("grant_type") != Some("authorization_code") {
        return Err(OAuthError::new(
            "unsupported_grant_type",
            "only authorization_code is supported",
        )
        .into());
    }
    let grant = |d: &str| OAuthFailure(OAuthError::new("invalid_grant", d));
    let code = get("code").ok_or_else(|| grant("code is required"))?;
    let flow = db::oidc_flow_by_code(&app.pool, &token_hash(code))
        .await?
        .filter(|f| f.client_id == client)
        .ok_or_else(|| grant("unknown code"))?;
    let now = app.clock.now();
    if flow.code_used_at.is_some() {
        db::revoke_oidc_flow(&app.pool, &flow.id, now).await?;
        tracing::warn!(flow = %flow.id, "a code was presented twice: its tokens are revoked");
        return Err(grant(
            "the code was already used; what it issued is revoked",
        ));
    }
    if flow.revoked_at.is_some() || flow.code_expires_at.is_none_or(|t| t <= now) {
        return Err(grant("the code has expired"));
    }
    if get("redirect_uri") != Some(flow.redirect_uri.as_str()) {
        return Err(grant(
            "redirect_uri differs from the authorization request's",
        ));
    }
    let verifier = get("code_verifier").ok_or_else(|| grant("code_verifier is required"))?;
    if !oidc::pkce_matches(verifier, &flow.code_challenge) {
        return Err(grant("code_verifier does not match the code_challenge"));
    }
    let access = random_secret();
    let access_expires = now + oidc::ACCESS_TTL_SECS;
    if !db::use_oidc_code(
        &app.pool,
        &token_hash(code),
        &token_hash(&access),
        access_expires,
        now,
    )
    .await?
    {
        // Another request took it a moment ago: a second use.
        db::revoke_oidc_flow(&app.pool, &flow.id, now).await?;
        return Err(grant(
            "the code was already used; what it issued is revoked",
        ));
    }
    let (claims, sub) = claims_of(&app, &flow).await?;
    let id_token = app
        .signer
        .sign(
            &oidc::IdTokenClaims {
                iss: app.signer.issuer.clone(),
                sub: sub.clone(),
                aud: flow.client_id.clone(),
                iat: now,
                exp: now + app.signer.ttl_secs,
                auth_time: claims.1,
                nonce: flow.nonce.clone(),
                amr: claims.2,
                verified_claims: claims.0,
            },
            "JWT",
        )
        .map_err(|e| OAuthError::new("server_error", e.to_string()))?;
    tracing::info!(flow = %flow.id, "token issued");
    let mut response = Json(json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": oidc::ACCESS_TTL_SECS,
        "id_token": id_token,
        "scope": "openid",
    }))
    .into_response();
    response
        .headers_mut()
        .insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// The verified claims of the PASS `flow`'s code stands for, when it was decided, its `amr`,
/// and the subject (the host's patient reference).
async fn claims_of(
    app: &AppState,
    flow: &OidcFlowRow,
) -> Result<((Value, i64, Vec<String>), String), OAuthFailure> {
    let server = |d: &str| OAuthFailure(OAuthError::new("server_error", d));
    let vid = flow
        .verification_id
        .as_deref()
        .ok_or_else(|| server("the code names no verification"))?;
    let (v, s) = db::verification_with_session(&app.pool, vid)
        .await?
        .ok_or_else(|| server("the verification is gone"))?;
    if v.status != VerificationStatus::Pass {
        // Fail closed: a code only ever stands for a PASS.
        return Err(OAuthError::new("access_denied", "the verification did not pass").into());
    }
    let decided_at = v.decided_at.ok_or_else(|| server("the PASS has no time"))?;
    // A re-verification proved a face against an earlier document PASS: the names and birth
    // date that document matched are that PASS's session's, never the ones this request sent
    // (nobody compared those). Purged since: no claims at all.
    let original = match &v.enrolment_id {
        Some(e) => db::verification_with_session(&app.pool, e).await?,
        None => None,
    };
    let proofed_at = original.as_ref().and_then(|(o, _)| o.decided_at);
    let named = match (s.mode, &original) {
        (idv_wire::SessionMode::Full, _) => &s,
        (idv_wire::SessionMode::Reverify, Some((_, first))) => first,
        (idv_wire::SessionMode::Reverify, None) => {
            return Err(server("a re-verification without its earlier PASS"))
        }
    };
    // A wallet's licence (`mdl`) is a driver's licence whose signatures the gateway checked.
    let wallet = v.document_type == "mdl";
    let document = if wallet {
        Some(DocumentType::DriversLicense)
    } else {
        DocumentType::try_from(v.document_type.clone()).ok()
    };
    let person = VerifiedPerson {
        mode: s.mode,
        document,
        wallet,
        decided_at,
        proofed_at,
        verification_id: &v.id,
        given_name: &named.first_name,
        family_name: &named.last_name,
        birthdate: &named.date_of_birth,
    };
    if s.mode == idv_wire::SessionMode::Full
        && (person.given_name.is_empty() || person.birthdate.is_empty())
    {
        return Err(server("the patient's details were already purged"));
    }
    let amr = match (s.mode, wallet) {
        (idv_wire::SessionMode::Full, false) => vec!["doc".into(), "face".into(), "live".into()],
        (idv_wire::SessionMode::Full, true) => vec!["mdl".into(), "face".into(), "live".into()],
        (idv_wire::SessionMode::Reverify, _) => vec!["face".into(), "live".into()],
    };
    let claims = oidc::verified_claims(&person, rfc3339);
    Ok(((claims, decided_at, amr), s.patient_ref))
}

/// `GET /oidc/userinfo` with the access token: the subject and its verified claims, until the
/// token expires or is revoked.
pub async fn userinfo(
    State(app): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, OAuthFailure> {
    let invalid = || {
        OAuthFailure(OAuthError::new(
            "invalid_token",
            "unknown, expired or revoked access token",
        ))
    };
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(invalid)?;
    let flow = db::oidc_flow_by_access_token(&app.pool, &token_hash(token.trim()))
        .await?
        .filter(|f| f.revoked_at.is_none())
        .filter(|f| f.access_expires_at.is_some_and(|t| t > app.clock.now()))
        .ok_or_else(invalid)?;
    let ((claims, _, _), sub) = claims_of(&app, &flow).await?;
    Ok(Json(json!({ "sub": sub, "verified_claims": claims })))
}
