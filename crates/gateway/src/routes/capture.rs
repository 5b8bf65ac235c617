//! Widget-facing API, authorised by the capture token ([`CaptureSession`]).

use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use idv_wire::submit_fields as fields;
use idv_wire::{
    ConsentRequest, DocumentType, SessionConfig, SessionStatus, SubmitAccepted,
    VerificationProgress, VerificationStatus,
};
use uuid::Uuid;

use super::{ApiJson, ApiPath};
use crate::auth::{check_unexpired, CaptureSession};
use crate::clock;
use crate::db::{self, Audit, SessionRow, VerificationRow};
use crate::decision::{self, Captures};
use crate::error::ApiError;
use crate::validation::{self, Submitted};
use crate::views;
use crate::AppState;

/// The session's submission limit (its own, or the gateway's for an older session).
pub fn attempts_allowed(app: &AppState, s: &SessionRow) -> Result<u32, ApiError> {
    s.attempts_allowed(app.config.max_attempts)
        .map_err(ApiError::internal_because)
}

async fn config_for(app: &AppState, s: &SessionRow) -> Result<SessionConfig, ApiError> {
    let used = db::count_attempts(&app.pool, &s.id).await?;
    let mut config = views::session_config(
        s,
        attempts_allowed(app, s)?,
        u32::try_from(used).map_err(ApiError::internal_because)?,
    )?;
    config.support = app.config.support.clone();
    Ok(config)
}

/// `GET /v1/capture/sessions/{id}`
pub async fn get_session(
    State(app): State<AppState>,
    CaptureSession(s): CaptureSession,
) -> Result<Json<SessionConfig>, ApiError> {
    Ok(Json(config_for(&app, &s).await?))
}

/// `POST /v1/capture/sessions/{id}/consent`: accepting both consents starts the capture;
/// anything else is a recorded decline.
pub async fn consent(
    State(app): State<AppState>,
    CaptureSession(s): CaptureSession,
    ApiJson(req): ApiJson<ConsentRequest>,
) -> Result<Json<SessionConfig>, ApiError> {
    let now = clock::now();
    let target = if req.accepted && req.biometric {
        SessionStatus::InProgress
    } else {
        SessionStatus::Declined
    };
    let event = if target == SessionStatus::InProgress {
        "consent.given"
    } else {
        "consent.declined"
    };
    let audit = Audit {
        event,
        detail: serde_json::json!({ "document": req.accepted, "biometric": req.biometric }),
    };
    let moved =
        db::answer_consent(&app.pool, &s.id, target.as_str(), req.biometric, audit, now).await?;
    // Answering the same way twice (a retried request) is fine; changing the answer is not.
    if !moved && s.status != target {
        return Err(ApiError::conflict(
            "consent_already_answered",
            "consent for this session was already answered",
        ));
    }
    tracing::info!(session = %s.id, outcome = target.as_str(), "consent answered");
    let s = db::session_by_id(&app.pool, &s.id)
        .await?
        .ok_or_else(|| ApiError::internal_because("session vanished"))?;
    Ok(Json(config_for(&app, &s).await?))
}

/// `POST /v1/capture/sessions/{id}/submit`: multipart `document_type`, `front`, `back`,
/// `selfie`; header `Idempotency-Key`. Everything that can refuse the submission is checked
/// before the body is read; one upload at a time per session. Answers 202 at once; the decision
/// is polled.
pub async fn submit(
    State(app): State<AppState>,
    CaptureSession(session): CaptureSession,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<SubmitAccepted>), ApiError> {
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
        return accepted(&existing);
    }
    if let Some(blocker) = validation::submit_blocker(session.status) {
        return Err(blocker);
    }
    let max_attempts = attempts_allowed(&app, &session)?;
    if db::count_attempts(&app.pool, &session.id).await? >= i64::from(max_attempts) {
        return Err(attempts_exhausted());
    }
    let mode = session.mode;
    let portrait = match mode {
        idv_wire::SessionMode::Reverify => Some(enrolled_portrait(&app, &session).await?),
        idv_wire::SessionMode::Full => None,
    };
    let started = clock::now();
    let upload_until = started + app.config.limits.upload_secs as i64;
    if !db::take_upload_slot(&app.pool, &session.id, started, upload_until).await? {
        return Err(ApiError::conflict(
            "submission_in_progress",
            "another submission of this session is uploading; wait for it",
        ));
    }
    let read = read_submission(multipart, app.config.max_image_bytes).await;
    db::release_upload_slot(&app.pool, &session.id).await?;
    let (document_type, captures) = read?;
    // Expiry and the deadline count from the end of the upload.
    let now = clock::now();
    check_unexpired(&session, now)?;
    let allowed = validation::document_types_from_column(&session.document_types)?;
    let has = [
        captures.front.is_some(),
        captures.back.is_some(),
        captures.selfie.is_some(),
    ];
    let submitted = validation::check_submission(mode, document_type, has, &allowed)?;
    if !captures.from_files.is_empty() && !session.allow_document_upload {
        return Err(ApiError::forbidden(
            "document_upload_not_allowed",
            "this session takes pictures from the camera only",
        ));
    }
    let row = VerificationRow {
        id: Uuid::new_v4().to_string(),
        session_id: session.id.clone(),
        idempotency_key: key.clone(),
        document_type: submitted.column().to_owned(),
        status: VerificationStatus::Pending,
        reason_code: None,
        submitted_at: now,
        deadline_at: now + app.config.decision_deadline().as_secs() as i64,
        decided_at: None,
        result_token: None,
        token_expires_at: None,
        cause_code: None,
        enrolment_id: session
            .reverify_of
            .clone()
            .filter(|_| submitted == Submitted::Selfie),
    };
    let mut audits: Vec<Audit> = [
        ("front", &captures.front),
        ("back", &captures.back),
        ("selfie", &captures.selfie),
    ]
    .into_iter()
    .filter_map(|(side, image)| {
        let source = if captures.from_files.contains(&side) {
            "file"
        } else {
            "camera"
        };
        image.as_ref().map(|bytes| Audit {
            event: "capture.received",
            detail: serde_json::json!({ "side": side, "bytes": bytes.len(), "source": source }),
        })
    })
    .collect();
    audits.push(Audit {
        event: "verification.submitted",
        detail: serde_json::json!({ "document_type": submitted.column() }),
    });
    if !db::insert_verification_if_allowed(&app.pool, &row, max_attempts, &audits).await? {
        if let Some(existing) = db::verification_by_key(&app.pool, &session.id, &key).await? {
            return accepted(&existing);
        }
        let used = db::count_attempts(&app.pool, &session.id).await?;
        return Err(if used >= i64::from(max_attempts) {
            attempts_exhausted()
        } else {
            ApiError::conflict(
                "already_submitted",
                "a verification for this session is pending or passed",
            )
        });
    }
    tracing::info!(session = %session.id, verification = %row.id, document = submitted.column(), "submitted");
    // The images live only in this task's memory and are dropped when it decides. The tracker
    // lets a shutdown wait for it.
    app.tasks.spawn(decision::run(
        app.clone(),
        row.id.clone(),
        session,
        submitted,
        captures,
        portrait,
    ));
    accepted(&row)
}

fn attempts_exhausted() -> ApiError {
    ApiError::conflict(
        "attempts_exhausted",
        "every attempt of this session has been used",
    )
}

/// The portrait enrolled at the document verification a re-verification builds on, opened.
async fn enrolled_portrait(app: &AppState, session: &SessionRow) -> Result<Vec<u8>, ApiError> {
    let missing = || {
        ApiError::conflict(
            "no_enrolled_portrait",
            "the earlier verification kept no portrait (or it aged out); run a full verification",
        )
    };
    let key = app.portrait_key.as_ref().ok_or_else(missing)?;
    let enrolment = session.reverify_of.as_deref().ok_or_else(missing)?;
    let sealed = db::portrait(&app.pool, enrolment, clock::now())
        .await?
        .ok_or_else(missing)?;
    key.open(enrolment, &sealed)
        .map_err(ApiError::internal_because)
}

fn accepted(v: &VerificationRow) -> Result<(StatusCode, Json<SubmitAccepted>), ApiError> {
    Ok((
        StatusCode::ACCEPTED,
        Json(SubmitAccepted {
            verification_id: v.id.clone(),
            status: v.status,
        }),
    ))
}

/// Reads a submission's fields: the document type and up to three JPEGs of at most `max_bytes`
/// each. Public for the `multipart` fuzz target.
pub async fn read_submission(
    multipart: Result<Multipart, MultipartRejection>,
    max_bytes: usize,
) -> Result<(Option<DocumentType>, Captures), ApiError> {
    let mut multipart = multipart
        .map_err(|e| ApiError::bad_request("expected_multipart", format!("multipart body: {e}")))?;
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
            fields::FROM_FILES => {
                let text = field.text().await.map_err(multipart_error)?;
                captures.from_files = validation::sides_from_files(&text)?;
            }
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
    if !id_documents::jpeg::is_jpeg(&bytes) {
        return Err(ApiError::not_jpeg(name));
    }
    Ok(bytes)
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::request_too_large()
    } else {
        ApiError::bad_request("invalid_multipart", e.body_text())
    }
}

/// `GET /v1/capture/sessions/{id}/verifications/{vid}`: polled until the status is final. A
/// decided verification carries its one signed result token (the same on every read) until the
/// token expires.
pub async fn progress(
    State(app): State<AppState>,
    CaptureSession(session): CaptureSession,
    ApiPath((_, vid)): ApiPath<(String, Uuid)>,
) -> Result<Json<VerificationProgress>, ApiError> {
    let now = clock::now();
    let v = db::verification(&app.pool, &vid.to_string())
        .await?
        .filter(|v| v.session_id == session.id)
        .ok_or_else(|| ApiError::not_found("verification"))?;
    let used = db::count_attempts(&app.pool, &session.id).await?;
    let mut view = views::progress(
        &v,
        now,
        u32::try_from(used).map_err(ApiError::internal_because)?,
        attempts_allowed(&app, &session)?,
        session.expires_at,
    )?;
    if v.status == VerificationStatus::Pending && view.status.is_final() {
        // Past the deadline: make the timeout durable so every replica agrees.
        let timeout = decision::Outcome {
            status: view.status,
            reason: view.reason_code.clone(),
            checks: vec![],
        };
        decision::record(&app, &session, &v.id, timeout, None).await?;
    }
    if matches!(
        view.status,
        VerificationStatus::Pass | VerificationStatus::Fail
    ) {
        view.result_token = v
            .result_token
            .filter(|_| v.token_expires_at.is_some_and(|exp| now < exp));
    }
    Ok(Json(view))
}
