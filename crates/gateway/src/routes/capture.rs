//! Widget-facing API, authorised by the capture token in `Authorization: Bearer`.

use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use idv_wire::submit_fields as fields;
use idv_wire::{
    ConsentRequest, DocumentType, SessionConfig, SessionStatus, SubmitAccepted,
    VerificationProgress, VerificationStatus,
};

use super::ApiJson;
use crate::auth::capture_session;
use crate::db::{self, SessionRow, VerificationRow};
use crate::decision::{self, Captures};
use crate::error::ApiError;
use crate::rules::{self, unix_now};
use crate::AppState;

async fn config_for(app: &AppState, s: &SessionRow) -> Result<SessionConfig, ApiError> {
    let used = db::count_attempts(&app.pool, &s.id).await?;
    Ok(rules::session_config(
        s,
        app.config.max_attempts,
        u32::try_from(used).unwrap_or(u32::MAX),
    ))
}

/// `GET /v1/capture/sessions/{id}`
pub async fn get_session(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<SessionConfig>, ApiError> {
    let s = capture_session(&app.pool, &headers, &id, unix_now()).await?;
    Ok(Json(config_for(&app, &s).await?))
}

/// `POST /v1/capture/sessions/{id}/consent`: accepting both consents starts the capture;
/// anything else is a recorded decline.
pub async fn consent(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<ConsentRequest>,
) -> Result<Json<SessionConfig>, ApiError> {
    let now = unix_now();
    let s = capture_session(&app.pool, &headers, &id, now).await?;
    let target = if req.accepted && req.biometric {
        SessionStatus::InProgress
    } else {
        SessionStatus::Declined
    };
    let moved = db::transition_session(
        &app.pool,
        &s.id,
        SessionStatus::Pending.as_str(),
        target.as_str(),
        now,
    )
    .await?;
    // Answering the same way twice (a retried request) is fine; changing the answer is not.
    if !moved && s.status != target.as_str() {
        return Err(ApiError::conflict(
            "consent_already_answered",
            "consent for this session was already answered",
        ));
    }
    if moved {
        let event = if target == SessionStatus::InProgress {
            "consent.given"
        } else {
            "consent.declined"
        };
        let detail = serde_json::json!({ "document": req.accepted, "biometric": req.biometric });
        db::audit(&app.pool, &s.id, None, event, detail, now).await?;
    }
    tracing::info!(session = %s.id, outcome = target.as_str(), "consent answered");
    let s = db::session_by_id(&app.pool, &s.id)
        .await?
        .ok_or_else(ApiError::internal)?;
    Ok(Json(config_for(&app, &s).await?))
}

/// `POST /v1/capture/sessions/{id}/submit`: multipart `document_type`, `front`, `back`,
/// `selfie`; header `Idempotency-Key`. Answers 202 at once; the decision is polled.
pub async fn submit(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<SubmitAccepted>), ApiError> {
    let now = unix_now();
    let session = capture_session(&app.pool, &headers, &id, now).await?;
    let key = headers
        .get(fields::IDEMPOTENCY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 100)
        .ok_or_else(|| {
            ApiError::bad_request(
                "missing_idempotency_key",
                "send an Idempotency-Key header of 1 to 100 characters",
            )
        })?
        .to_owned();
    // A retry of a request that already got in returns the same verification.
    if let Some(existing) = db::verification_by_key(&app.pool, &session.id, &key).await? {
        return Ok(accepted(&existing));
    }
    if let Some(blocker) = rules::submit_blocker(&session.status) {
        return Err(blocker);
    }
    let mut multipart = multipart
        .map_err(|e| ApiError::bad_request("expected_multipart", format!("multipart body: {e}")))?;
    let (document_type, captures) =
        read_submission(&mut multipart, app.config.max_image_bytes).await?;
    let allowed = rules::document_types_from_column(&session.document_types);
    let mode = idv_wire::SessionMode::parse(&session.mode).unwrap_or_default();
    let has = [
        captures.front.is_some(),
        captures.back.is_some(),
        captures.selfie.is_some(),
    ];
    let submitted = rules::check_submission(mode, document_type, has, &allowed)?;
    let row = VerificationRow {
        id: uuid::Uuid::new_v4().to_string(),
        session_id: session.id.clone(),
        idempotency_key: key.clone(),
        document_type: submitted.column().to_owned(),
        status: VerificationStatus::Pending.as_str().to_owned(),
        reason_code: None,
        submitted_at: now,
        deadline_at: now + app.config.decision_deadline().as_secs() as i64,
        decided_at: None,
    };
    if !db::insert_verification_if_allowed(&app.pool, &row, app.config.max_attempts).await? {
        if let Some(existing) = db::verification_by_key(&app.pool, &session.id, &key).await? {
            return Ok(accepted(&existing));
        }
        let used = db::count_attempts(&app.pool, &session.id).await?;
        return Err(if used >= i64::from(app.config.max_attempts) {
            ApiError::conflict(
                "attempts_exhausted",
                "every attempt of this session has been used",
            )
        } else {
            ApiError::conflict(
                "already_submitted",
                "a verification for this session is pending or passed",
            )
        });
    }
    for (side, image) in [
        ("front", &captures.front),
        ("back", &captures.back),
        ("selfie", &captures.selfie),
    ] {
        if let Some(bytes) = image {
            let detail = serde_json::json!({ "side": side, "bytes": bytes.len() });
            db::audit(
                &app.pool,
                &session.id,
                Some(&row.id),
                "capture.received",
                detail,
                now,
            )
            .await?;
        }
    }
    let detail = serde_json::json!({ "document_type": submitted.column() });
    db::audit(
        &app.pool,
        &session.id,
        Some(&row.id),
        "verification.submitted",
        detail,
        now,
    )
    .await?;
    tracing::info!(session = %session.id, verification = %row.id, document = submitted.column(), "submitted");
    // The images live only in this task's memory and are dropped when it decides.
    tokio::spawn(decision::run(
        app.clone(),
        row.id.clone(),
        session,
        submitted,
        captures,
    ));
    Ok(accepted(&row))
}

fn accepted(v: &VerificationRow) -> (StatusCode, Json<SubmitAccepted>) {
    (
        StatusCode::ACCEPTED,
        Json(SubmitAccepted {
            verification_id: v.id.clone(),
            status: VerificationStatus::parse(&v.status).unwrap_or(VerificationStatus::Pending),
        }),
    )
}

async fn read_submission(
    multipart: &mut Multipart,
    max_bytes: usize,
) -> Result<(Option<DocumentType>, Captures), ApiError> {
    let mut document_type = None;
    let mut captures = Captures::default();
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            fields::DOCUMENT_TYPE => {
                let text = field.text().await.map_err(multipart_error)?;
                document_type = Some(DocumentType::parse(text.trim()).ok_or_else(|| {
                    ApiError::bad_request("invalid_document_type", "unknown document_type")
                })?);
            }
            fields::FRONT => captures.front = Some(read_jpeg(field, "front", max_bytes).await?),
            fields::BACK => captures.back = Some(read_jpeg(field, "back", max_bytes).await?),
            fields::SELFIE => captures.selfie = Some(read_jpeg(field, "selfie", max_bytes).await?),
            _ => {
                return Err(ApiError::bad_request(
                    "unknown_field",
                    format!("unexpected form field {name:?}"),
                ))
            }
        }
    }
    Ok((document_type, captures))
}

/// Reads one image part chunk by chunk, stopping as soon as it is over the cap.
async fn read_jpeg(
    mut field: Field<'_>,
    name: &str,
    max_bytes: usize,
) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if bytes.len() + chunk.len() > max_bytes {
            return Err(ApiError::too_large(max_bytes));
        }
        bytes.extend_from_slice(&chunk);
    }
    if !rules::is_jpeg(&bytes) {
        return Err(ApiError::not_jpeg(name));
    }
    Ok(bytes)
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "request_too_large",
            message: "the submission is too large".into(),
        }
    } else {
        ApiError::bad_request("invalid_multipart", e.body_text())
    }
}

/// `GET /v1/capture/sessions/{id}/verifications/{vid}`: polled until the status is final.
pub async fn progress(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path((id, vid)): Path<(String, String)>,
) -> Result<Json<VerificationProgress>, ApiError> {
    let now = unix_now();
    let session = capture_session(&app.pool, &headers, &id, now).await?;
    let v = db::verification(&app.pool, &vid)
        .await?
        .filter(|v| v.session_id == session.id)
        .ok_or_else(|| ApiError::not_found("verification"))?;
    let used = db::count_attempts(&app.pool, &session.id).await?;
    let mut view = rules::progress(
        &v,
        now,
        u32::try_from(used).unwrap_or(u32::MAX),
        app.config.max_attempts,
        session.expires_at,
    );
    if v.status == VerificationStatus::Pending.as_str() && view.status.is_final() {
        // Past the deadline: make the timeout durable so every replica agrees.
        decision::record(
            &app,
            &session,
            &v.id,
            view.status,
            view.reason_code.as_deref(),
            &[],
        )
        .await?;
    }
    if matches!(
        view.status,
        VerificationStatus::Pass | VerificationStatus::Fail
    ) {
        view.result_token = Some(result_token(&app, &session, &view, now)?);
    }
    Ok(Json(view))
}

/// A fresh signed result token for a decided verification.
fn result_token(
    app: &AppState,
    session: &SessionRow,
    view: &VerificationProgress,
    now: i64,
) -> Result<String, ApiError> {
    let claims = crate::signing::ResultClaims {
        iss: app.signer.issuer.clone(),
        aud: session.client_id.clone(),
        sub: session.patient_ref.clone(),
        vid: view.verification_id.clone(),
        status: view.status.as_str().to_owned(),
        reason_code: view.reason_code.clone(),
        trigger: session.trigger.clone(),
        ial: if view.status == VerificationStatus::Pass {
            2
        } else {
            0
        },
        iat: now,
        exp: now + app.signer.ttl_secs,
        jti: uuid::Uuid::new_v4().to_string(),
        nonce: session.nonce.clone(),
    };
    app.signer.sign(&claims).map_err(|e| {
        tracing::error!(error = %e, "could not sign a result token");
        ApiError::internal()
    })
}
