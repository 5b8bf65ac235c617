//! Server-to-server API for the host's backend, authenticated with client credentials
//! ([`HostClient`], checked before the body is read).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use idv_wire::{
    AuditEvent, CancelledSession, CreateSessionRequest, CreateSessionResponse, DecisionEvent,
    ErrorCode, SessionMode, SessionStatus, VerificationRecord, VerificationStatus, Via,
    WebhookDelivery,
};
use uuid::Uuid;

use crate::clock::rfc3339;
use crate::db::{self, Audit, NewSession, SessionRow};
use crate::enrolment;
use crate::error::Refusal;
use crate::http::auth::HostClient;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ApiPath};
use crate::tokens::{new_capture_token, token_hash};
use crate::validation;
use crate::views;
use crate::AppState;

/// `POST /v1/sessions`
pub async fn create_session(
    State(app): State<AppState>,
    HostClient(client): HostClient,
    ApiJson(req): ApiJson<CreateSessionRequest>,
) -> Result<(StatusCode, Json<CreateSessionResponse>), ApiError> {
    let (row, token) = open_session(&app, client, req, &app.config.allowed_host_origins).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreateSessionResponse {
            widget_url: widget_url(&app, &row.id, &token),
            session_id: row.id,
            expires_at: rfc3339(row.expires_at),
        }),
    ))
}

/// The widget's address for a session and its capture token (in the fragment: never sent to
/// a server, never in a log).
pub fn widget_url(app: &AppState, session_id: &str, token: &str) -> String {
    format!(
        "{}/#session={}&token={}",
        app.config.public_url.trim_end_matches('/'),
        session_id,
        token
    )
}

/// Opens a capture session for `client` (the host API and the OpenID Provider's /authorize):
/// checks the request (its `host_origin` must be one of `allowed_origins`), stores the session
/// with its audit entry, and returns it with its capture token.
pub async fn open_session(
    app: &AppState,
    client: String,
    req: CreateSessionRequest,
    allowed_origins: &[String],
) -> Result<(SessionRow, String), ApiError> {
    app.limits.session_created(&client)?;
    let document_types = validation::validate_create(&req, allowed_origins)?;
    let policy = validation::retry_policy(&req, app.config.max_attempts)?;
    let now = app.clock.now();
    let reverify_of = match req.mode {
        SessionMode::Full => None,
        SessionMode::Reverify => {
            let prior = req.reverify_of.as_deref().ok_or_else(|| {
                Refusal::new(ErrorCode::InvalidField, "mode reverify needs reverify_of")
            })?;
            Some(
                enrolment::reverify_enrolment(app, &client, prior, req.patient_ref.trim(), now)
                    .await?,
            )
        }
    };
    let patient_link = app
        .patient_ref_key
        .as_ref()
        .map(|k| k.link(&client, &req.patient_ref));
    let row = SessionRow {
        id: Uuid::new_v4().to_string(),
        client_id: client,
        patient_ref: req.patient_ref.trim().to_owned(),
        first_name: req.first_name.trim().to_owned(),
        last_name: req.last_name.trim().to_owned(),
        date_of_birth: req.date_of_birth,
        trigger: req.trigger,
        document_types: validation::document_types_to_column(&document_types),
        host_origin: req.host_origin,
        locale: req.locale.as_str().to_owned(),
        status: SessionStatus::Pending,
        created_at: now,
        expires_at: now + app.config.session_ttl().as_secs() as i64,
        nonce: req.nonce,
        mode: req.mode,
        reverify_of,
        consent_biometric: false,
        max_attempts: Some(i64::from(policy.max_attempts)),
        max_retakes: policy.max_retakes.map(i64::from),
        allow_document_upload: req.allow_document_upload,
        patient_link,
    };
    let token = new_capture_token();
    let audit = Audit {
        event: "session.created",
        detail: serde_json::json!({
            "trigger": row.trigger,
            "document_types": row.document_types,
            "max_attempts": policy.max_attempts,
            "max_retakes": policy.max_retakes,
            "allow_document_upload": row.allow_document_upload,
        }),
    };
    db::insert_session(
        &app.pool,
        NewSession {
            row: &row,
            token_hash: &token_hash(&token),
        },
        audit,
    )
    .await?;
    tracing::info!(session = %row.id, trigger = row.trigger.as_str(), "session created");
    Ok((row, token))
}

/// `POST /v1/sessions/{id}/cancel`: the owning host ends a session that is pending or in
/// progress. Every capture and handoff token of it dies (`session_cancelled`, 410); the cancel
/// is recorded as a verification ERROR `cancelled` (no attempt used) whose webhook event goes
/// out like any decision. Cancelling again answers the same; a session decided, declined or
/// expired answers `session_ended` (409), one whose verification is being decided
/// `already_submitted` (409). Another client's session is `not_found`.
pub async fn cancel_session(
    State(app): State<AppState>,
    HostClient(client): HostClient,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CancelledSession>, ApiError> {
    let session = db::session_by_id(&app.pool, &id.to_string())
        .await?
        .filter(|s| s.client_id == client)
        .ok_or_else(|| Refusal::not_found("session"))?;
    let now = app.clock.now();
    let pending = db::latest_verification_since(&app.pool, &session.id, 0)
        .await?
        .is_some_and(|v| v.status == VerificationStatus::Pending);
    match validation::cancel_step(session.status, session.expires_at, pending, now) {
        validation::CancelStep::Refuse(refusal) => return Err(refusal.into()),
        validation::CancelStep::AlreadyCancelled => {}
        validation::CancelStep::Cancel => {
            let verification_id = Uuid::new_v4().to_string();
            let event = DecisionEvent {
                event_id: Uuid::new_v4().to_string(),
                kind: "verification.decided".into(),
                verification_id: verification_id.clone(),
                session_id: session.id.clone(),
                patient_ref: session.patient_ref.clone(),
                trigger: session.trigger,
                mode: session.mode,
                status: VerificationStatus::Error,
                ial: crate::decision::ial_of(session.mode, VerificationStatus::Error),
                reason_code: Some(idv_wire::CANCELLED.into()),
                cause_code: None,
                checks: vec![],
                decided_at: rfc3339(now),
                via: Via::SameDevice,
                evidence: None,
            };
            let body = serde_json::to_string(&event).map_err(ApiError::internal_because)?;
            let cancelled = db::cancel_session(
                &app.pool,
                db::Cancel {
                    session_id: &session.id,
                    verification_id: &verification_id,
                    reason_code: idv_wire::CANCELLED,
                    event_id: &event.event_id,
                    event_body: &body,
                    now,
                },
            )
            .await?;
            if cancelled {
                tracing::info!(session = %session.id, "session cancelled by the host");
            }
            // Not cancelled: it moved on meanwhile (cancelled by another call, or a submission
            // or a decision came in): answered below from what it is now.
        }
    }
    let now_session = db::session_by_id(&app.pool, &session.id)
        .await?
        .ok_or_else(|| ApiError::internal_because("session vanished"))?;
    if now_session.status != SessionStatus::Cancelled {
        let pending = db::latest_verification_since(&app.pool, &session.id, 0)
            .await?
            .is_some_and(|v| v.status == VerificationStatus::Pending);
        return Err(match validation::cancel_step(
            now_session.status,
            now_session.expires_at,
            pending,
            now,
        ) {
            validation::CancelStep::Refuse(refusal) => refusal,
            _ => Refusal::new(
                ErrorCode::SessionEnded,
                "this verification moved on while it was being cancelled; try again",
            ),
        }
        .into());
    }
    let v = db::cancel_verification(&app.pool, &session.id)
        .await?
        .ok_or_else(|| ApiError::internal_because("a cancelled session without its record"))?;
    let cancelled_at = v
        .decided_at
        .ok_or_else(|| ApiError::internal_because("a cancel record without its time"))?;
    Ok(Json(CancelledSession {
        session_id: session.id,
        status: SessionStatus::Cancelled,
        verification_id: v.id,
        cancelled_at: rfc3339(cancelled_at),
    }))
}

/// `GET /v1/verifications/{id}`: the authoritative outcome.
pub async fn get_verification(
    State(app): State<AppState>,
    HostClient(client): HostClient,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<VerificationRecord>, ApiError> {
    let (v, s) = db::verification_with_session(&app.pool, &id.to_string())
        .await?
        .filter(|(_, s)| s.client_id == client)
        .ok_or_else(|| Refusal::not_found("verification"))?;
    let webhook = match db::webhook_for(&app.pool, &v.id).await? {
        None => None,
        Some(w) => Some(WebhookDelivery {
            event_id: w.event_id,
            status: w.status,
            attempts: u32::try_from(w.attempts).map_err(ApiError::internal_because)?,
            last_error: w.last_error,
        }),
    };
    Ok(Json(views::record(&v, &s, webhook, app.clock.now())))
}

/// `GET /v1/verifications/{id}/audit`: the session's lifecycle, oldest first.
pub async fn get_audit(
    State(app): State<AppState>,
    HostClient(client): HostClient,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<AuditTrail>, ApiError> {
    let (_, s) = db::verification_with_session(&app.pool, &id.to_string())
        .await?
        .filter(|(_, s)| s.client_id == client)
        .ok_or_else(|| Refusal::not_found("verification"))?;
    let mut events = Vec::new();
    for a in db::audit_trail(&app.pool, &s.id).await? {
        events.push(AuditEvent {
            at: rfc3339(a.at),
            event: a.event,
            verification_id: a.verification_id,
            detail: serde_json::from_str(&a.detail).map_err(ApiError::internal_because)?,
        });
    }
    Ok(Json(AuditTrail {
        session_id: s.id,
        events,
    }))
}

/// `GET /v1/verifications/{id}/audit`: the session's lifecycle, oldest first.
#[derive(Debug, serde::Serialize)]
pub struct AuditTrail {
    /// The session the verification belongs to.
    pub session_id: String,
    /// Its audit events, oldest first.
    pub events: Vec<AuditEvent>,
}

/// `DELETE /v1/patients/{patient_ref}/enrolment`: the right to erasure. Deletes at once every
/// portrait enrolled for this client's patient and forgets the patient's link; re-verification
/// of their earlier PASSes then answers `reverify_unavailable`. 200 `{"portraits_deleted": n}`;
/// 404 `not_found` when this client has no enrolled portrait for that reference.
pub async fn erase_enrolment(
    State(app): State<AppState>,
    HostClient(client): HostClient,
    ApiPath(patient_ref): ApiPath<String>,
) -> Result<Json<ErasedEnrolment>, ApiError> {
    let patient_ref = patient_ref.trim();
    if patient_ref.is_empty() || patient_ref.chars().count() > 128 {
        return Err(Refusal::not_found("enrolment").into());
    }
    let portraits_deleted = enrolment::erase(&app, &client, patient_ref, app.clock.now()).await?;
    Ok(Json(ErasedEnrolment { portraits_deleted }))
}

/// `DELETE /v1/patients/{patient_ref}/enrolment`: what was erased.
#[derive(Debug, serde::Serialize)]
pub struct ErasedEnrolment {
    /// Enrolled portraits deleted (at least one).
    pub portraits_deleted: u64,
}
