//! Server-to-server API for the host's backend, authenticated with client credentials.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use idv_wire::{
    AuditEvent, CreateSessionRequest, CreateSessionResponse, SessionMode, SessionStatus,
    VerificationRecord, WebhookDelivery,
};

use super::ApiJson;
use crate::auth::{client_id, new_capture_token, token_hash};
use crate::db::{self, NewSession, SessionRow};
use crate::error::ApiError;
use crate::rules::{self, rfc3339, unix_now};
use crate::AppState;

/// `POST /v1/sessions`
pub async fn create_session(
    State(app): State<AppState>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CreateSessionRequest>,
) -> Result<(StatusCode, Json<CreateSessionResponse>), ApiError> {
    let client = client_id(&headers, &app.config.clients)?;
    let document_types = rules::validate_create(&req, &app.config.allowed_host_origins)?;
    let now = unix_now();
    let reverify_of = match req.mode {
        SessionMode::Full => None,
        SessionMode::Reverify => {
            let prior_id = req.reverify_of.as_deref().ok_or_else(|| {
                ApiError::bad_request("invalid_field", "mode reverify needs reverify_of")
            })?;
            let prior = db::verification_with_session(&app.pool, prior_id)
                .await?
                .filter(|(_, s)| s.client_id == client);
            let max_age = app.config.reverify_max_age_days as i64 * 86_400;
            Some(rules::enrollment_for(
                prior.as_ref(),
                req.patient_ref.trim(),
                now,
                max_age,
            )?)
        }
    };
    let row = SessionRow {
        id: uuid::Uuid::new_v4().to_string(),
        client_id: client,
        patient_ref: req.patient_ref.trim().to_owned(),
        first_name: req.first_name.trim().to_owned(),
        last_name: req.last_name.trim().to_owned(),
        date_of_birth: req.date_of_birth,
        trigger: req.trigger.as_str().to_owned(),
        document_types: rules::document_types_to_column(&document_types),
        host_origin: req.host_origin,
        locale: req.locale.as_str().to_owned(),
        status: SessionStatus::Pending.as_str().to_owned(),
        created_at: now,
        expires_at: now + app.config.session_ttl().as_secs() as i64,
        nonce: req.nonce,
        mode: req.mode.as_str().to_owned(),
        reverify_of,
    };
    let token = new_capture_token();
    db::insert_session(
        &app.pool,
        NewSession {
            row: &row,
            token_hash: &token_hash(&token),
        },
    )
    .await?;
    let detail =
        serde_json::json!({ "trigger": row.trigger, "document_types": row.document_types });
    db::audit(&app.pool, &row.id, None, "session.created", detail, now).await?;
    tracing::info!(session = %row.id, trigger = %row.trigger, "session created");
    let widget_url = format!(
        "{}/#session={}&token={}",
        app.config.public_url.trim_end_matches('/'),
        row.id,
        token
    );
    Ok((
        StatusCode::CREATED,
        Json(CreateSessionResponse {
            session_id: row.id,
            expires_at: rfc3339(row.expires_at),
            widget_url,
        }),
    ))
}

/// `GET /v1/verifications/{id}`: the authoritative outcome.
pub async fn get_verification(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<VerificationRecord>, ApiError> {
    let client = client_id(&headers, &app.config.clients)?;
    let (v, s) = db::verification_with_session(&app.pool, &id)
        .await?
        .filter(|(_, s)| s.client_id == client)
        .ok_or_else(|| ApiError::not_found("verification"))?;
    let webhook = db::webhook_for(&app.pool, &v.id)
        .await?
        .map(|w| WebhookDelivery {
            event_id: w.event_id,
            status: w.status,
            attempts: u32::try_from(w.attempts).unwrap_or_default(),
            last_error: w.last_error,
        });
    Ok(Json(rules::record(&v, &s, webhook, unix_now())))
}

/// `GET /v1/verifications/{id}/audit`: the session's lifecycle, oldest first.
pub async fn get_audit(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<AuditTrail>, ApiError> {
    let client = client_id(&headers, &app.config.clients)?;
    let (_, s) = db::verification_with_session(&app.pool, &id)
        .await?
        .filter(|(_, s)| s.client_id == client)
        .ok_or_else(|| ApiError::not_found("verification"))?;
    let events = db::audit_trail(&app.pool, &s.id)
        .await?
        .into_iter()
        .map(|a| AuditEvent {
            at: rfc3339(a.at),
            event: a.event,
            verification_id: a.verification_id,
            detail: serde_json::from_str(&a.detail).unwrap_or_default(),
        })
        .collect();
    Ok(Json(AuditTrail {
        session_id: s.id,
        events,
    }))
}

#[derive(Debug, serde::Serialize)]
pub struct AuditTrail {
    pub session_id: String,
    pub events: Vec<AuditEvent>,
}
