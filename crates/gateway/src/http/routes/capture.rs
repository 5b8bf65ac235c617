//! Widget-facing API, authorised by the capture token ([`CaptureSession`]).

use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::Json;
use idv_wire::submit_fields as fields;
use idv_wire::{
    ConsentRequest, DocumentType, ErrorCode, SessionConfig, SessionStatus, SubmitAccepted,
    VerificationProgress, VerificationStatus, Via,
};
use uuid::Uuid;

use crate::attempts::{Attempts, VendorErrors};
use crate::db::{self, Audit, SessionRow, VerificationRow};
use crate::decision::{self, Captures};
use crate::enrolment;
use crate::error::Refusal;
use crate::http::auth::{CaptureDevice, CaptureSession};
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ApiPath, IdempotencyKey};
use crate::validation::{self, check_unexpired, Submitted};
use crate::views;
use crate::wallet;
use crate::AppState;

async fn config_for(app: &AppState, s: &SessionRow) -> Result<SessionConfig, ApiError> {
    let mut config = views::session_config(s, Attempts::of(app, s).await?)?;
    config.support = app.config.support.clone();
    config.returns_to_client = db::oidc_flow_by_session(&app.pool, &s.id).await?.is_some();
    config.wallet = wallet::offered(app, s);
    Ok(config)
}

/// `GET /v1/capture/sessions/{id}`
pub async fn get_session(
    State(app): State<AppState>,
    CaptureSession(s, _): CaptureSession,
) -> Result<Json<SessionConfig>, ApiError> {
    Ok(Json(config_for(&app, &s).await?))
}

/// `POST /v1/capture/sessions/{id}/consent`: accepting both consents starts the capture;
/// anything else is a recorded decline. From a phone (a handoff's token), its own consent:
/// recorded with `via: phone`; declining there ends the handoff (the phone's token dies), not
/// the session.
pub async fn consent(
    State(app): State<AppState>,
    CaptureSession(s, device): CaptureSession,
    ApiJson(req): ApiJson<ConsentRequest>,
) -> Result<Json<SessionConfig>, ApiError> {
    if let CaptureDevice::Phone(handoff) = device {
        return phone_consent(app, s, handoff, req).await;
    }
    let now = app.clock.now();
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
        return Err(Refusal::new(
            ErrorCode::ConsentAlreadyAnswered,
            "consent for this session was already answered",
        )
        .into());
    }
    tracing::info!(session = %s.id, outcome = target.as_str(), "consent answered");
    let s = db::session_by_id(&app.pool, &s.id)
        .await?
        .ok_or_else(|| ApiError::internal_because("session vanished"))?;
    Ok(Json(config_for(&app, &s).await?))
}

/// The phone's own consent on its handoff.
async fn phone_consent(
    app: AppState,
    s: SessionRow,
    handoff: db::HandoffRow,
    req: ConsentRequest,
) -> Result<Json<SessionConfig>, ApiError> {
    let now = app.clock.now();
    let detail = serde_json::json!({
        "document": req.accepted,
        "biometric": req.biometric,
        "via": "phone",
        "handoff_id": handoff.id,
    });
    if req.accepted && req.biometric {
        let recorded = db::phone_consent(
            &app.pool,
            &handoff,
            Audit {
                event: "consent.given",
                detail,
            },
            now,
        )
        .await?;
        // The same answer twice (a retried request) is fine.
        if !recorded && handoff.consented_at.is_none() {
            return Err(Refusal::handoff_revoked().into());
        }
        tracing::info!(session = %s.id, handoff = %handoff.id, "consent given on the phone");
    } else {
        if handoff.consented_at.is_some() {
            return Err(Refusal::new(
                ErrorCode::ConsentAlreadyAnswered,
                "consent on this phone was already given",
            )
            .into());
        }
        db::revoke_handoffs(
            &app.pool,
            &s.id,
            Some(&handoff.id),
            "declined",
            Audit {
                event: "consent.declined",
                detail,
            },
            now,
        )
        .await?;
        tracing::info!(session = %s.id, handoff = %handoff.id, "declined on the phone: handoff ended");
    }
    Ok(Json(config_for(&app, &s).await?))
}

/// `POST /v1/capture/sessions/{id}/submit`: multipart `document_type`, `front`, `back`,
/// `selfie`; header `Idempotency-Key`. Everything that can refuse the submission is checked
/// before the body is read; one upload at a time per session. Answers 202 at once; the decision
/// is polled.
pub async fn submit(
    State(app): State<AppState>,
    CaptureSession(session, device): CaptureSession,
    IdempotencyKey(key): IdempotencyKey,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<SubmitAccepted>), ApiError> {
    // A retry of a request that already got in returns the same verification.
    if let Some(existing) = db::verification_by_key(&app.pool, &session.id, &key).await? {
        return accepted(&existing);
    }
    let vendor_errors = VendorErrors::of(&app, &session).await?;
    if let Some(blocker) = validation::submit_blocker(session.status) {
        // A session ended by vendor errors says so, not "every attempt used".
        return Err(if vendor_errors.exhausted() {
            vendor_errors_exhausted()
        } else {
            blocker
        }
        .into());
    }
    // A phone's pictures only after the phone's own consent.
    let via = match &device {
        CaptureDevice::Embedded => Via::SameDevice,
        CaptureDevice::Phone(h) if h.consented_at.is_some() => Via::PhoneHandoff,
        CaptureDevice::Phone(_) => return Err(Refusal::phone_consent_required().into()),
    };
    let attempts = Attempts::of(&app, &session).await?;
    if attempts.exhausted() {
        return Err(Refusal::attempts_exhausted().into());
    }
    if vendor_errors.exhausted() {
        return Err(vendor_errors_exhausted().into());
    }
    let mode = session.mode;
    let portrait = match mode {
        idv_wire::SessionMode::Reverify => {
            Some(enrolment::enrolled_portrait(&app, &session, app.clock.now()).await?)
        }
        idv_wire::SessionMode::Full => None,
    };
    let started = app.clock.now();
    let upload_until = started + app.config.limits.upload_secs as i64;
    if !db::take_upload_slot(&app.pool, &session.id, started, upload_until).await? {
        return Err(Refusal::new(
            ErrorCode::SubmissionInProgress,
            "another submission of this session is uploading; wait for it",
        )
        .into());
    }
    let read = read_submission(multipart, app.config.max_image_bytes).await;
    db::release_upload_slot(&app.pool, &session.id).await?;
    let (document_type, captures) = read?;
    // Expiry and the deadline count from the end of the upload.
    let now = app.clock.now();
    check_unexpired(&session, now)?;
    let allowed = validation::document_types_from_column(&session.document_types)?;
    let has = [
        captures.front.is_some(),
        captures.back.is_some(),
        captures.selfie.is_some(),
    ];
    let submitted = validation::check_submission(
        mode,
        document_type,
        has,
        &allowed,
        captures.mdl_answer.is_some(),
    )?;
    validation::check_sources(&captures.from_files, session.allow_document_upload)?;
    // Every picture decodes, at a sane size, before anything is sent (and billed): off the
    // async threads, as decoding is CPU work.
    let captures = tokio::task::spawn_blocking(move || {
        for (side, image) in [
            ("front", &captures.front),
            ("back", &captures.back),
            ("selfie", &captures.selfie),
        ] {
            if let Some(bytes) = image {
                validation::check_image(side, bytes)?;
            }
        }
        Ok::<_, Refusal>(captures)
    })
    .await
    .map_err(|e| ApiError::internal_because(format!("image check: {e}")))??;
    // A wallet's licence is checked again and its request spent (used once); its portrait is
    // what the selfie is compared with.
    let (portrait, mdl_issuer) = match (&captures.mdl_answer, portrait) {
        (Some(answer), _) if submitted == Submitted::Wallet => {
            if !wallet::offered(&app, &session) {
                return Err(wallet::not_offered().into());
            }
            let mdl =
                wallet::use_answer(&app, &session, &answer.request_id, &answer.response).await?;
            (Some(mdl.portrait), Some(mdl.issuing_authority))
        }
        (_, portrait) => (portrait, None),
    };
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
        // What the browser says, not a fact: a script can send a file and leave `from_files`
        // out. The audit keeps it as the page's declaration.
        let source = if captures.from_files.contains(&side) {
            "file"
        } else {
            "camera"
        };
        image.as_ref().map(|bytes| Audit {
            event: "capture.received",
            detail: serde_json::json!({ "side": side, "bytes": bytes.len(), "declared_source": source }),
        })
    })
    .collect();
    audits.push(Audit {
        event: "verification.submitted",
        detail: serde_json::json!({
            "document_type": submitted.column(),
            "via": via.as_str(),
            "mdl_issuer": mdl_issuer,
        }),
    });
    if !db::insert_verification_if_allowed(
        &app.pool,
        &row,
        attempts.allowed,
        via.as_str(),
        mdl_issuer.as_deref(),
        &audits,
    )
    .await?
    {
        if let Some(existing) = db::verification_by_key(&app.pool, &session.id, &key).await? {
            return accepted(&existing);
        }
        return Err(if Attempts::of(&app, &session).await?.exhausted() {
            Refusal::attempts_exhausted()
        } else {
            Refusal::new(
                ErrorCode::AlreadySubmitted,
                "a verification for this session is pending or passed",
            )
        }
        .into());
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

fn vendor_errors_exhausted() -> Refusal {
    Refusal::new(
        ErrorCode::VendorErrorsExhausted,
        "1Kosmos answered this session with errors too many times; start a new session later",
    )
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
        .map_err(|e| Refusal::new(ErrorCode::ExpectedMultipart, format!("multipart body: {e}")))?;
    let mut document_type = None;
    let mut captures = Captures::default();
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            fields::DOCUMENT_TYPE => {
                let text = field.text().await.map_err(multipart_error)?;
                document_type = Some(DocumentType::parse(text.trim()).ok_or_else(|| {
                    Refusal::new(ErrorCode::InvalidDocumentType, "unknown document_type")
                })?);
            }
            fields::FRONT => captures.front = Some(read_jpeg(field, "front", max_bytes).await?),
            fields::BACK => captures.back = Some(read_jpeg(field, "back", max_bytes).await?),
            fields::SELFIE => captures.selfie = Some(read_jpeg(field, "selfie", max_bytes).await?),
            fields::FROM_FILES => {
                let text = field.text().await.map_err(multipart_error)?;
                captures.from_files = validation::sides_from_files(&text)?;
            }
            fields::MDL_REQUEST => {
                let text = read_text(field, max_bytes).await?;
                let answer = captures.mdl_answer.get_or_insert_with(Default::default);
                answer.request_id = text.trim().to_owned();
            }
            fields::MDL_RESPONSE => {
                let text = read_text(field, max_bytes).await?;
                let answer = captures.mdl_answer.get_or_insert_with(Default::default);
                answer.response = text.trim().to_owned();
            }
            _ => {
                return Err(ApiError::new(
                    ErrorCode::UnknownField,
                    format!("unexpected form field {name:?}"),
                ))
            }
        }
    }
    if let Some(answer) = &captures.mdl_answer {
        if answer.request_id.is_empty() || answer.response.is_empty() {
            return Err(ApiError::new(
                ErrorCode::MissingField,
                "mdl_request and mdl_response come together",
            ));
        }
    }
    Ok((document_type, captures))
}

/// Reads one text part chunk by chunk, stopping as soon as it is over the cap.
async fn read_text(mut field: Field<'_>, max_bytes: usize) -> Result<String, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if bytes.len() + chunk.len() > max_bytes {
            return Err(ApiError::too_large(max_bytes));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes)
        .map_err(|_| ApiError::new(ErrorCode::InvalidMultipart, "a text field is not UTF-8"))
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
        ApiError::new(ErrorCode::InvalidMultipart, e.body_text())
    }
}

/// `GET /v1/capture/sessions/{id}/verifications/{vid}`: polled until the status is final. A
/// decided verification carries its one signed result token (the same on every read) until the
/// token expires.
pub async fn progress(
    State(app): State<AppState>,
    CaptureSession(session, _): CaptureSession,
    ApiPath((_, vid)): ApiPath<(String, Uuid)>,
) -> Result<Json<VerificationProgress>, ApiError> {
    let now = app.clock.now();
    let v = db::verification(&app.pool, &vid.to_string())
        .await?
        .filter(|v| v.session_id == session.id)
        .ok_or_else(|| Refusal::not_found("verification"))?;
    let attempts = Attempts::of(&app, &session).await?;
    let mut view = views::progress(&v, now, attempts, session.expires_at);
    if v.status == VerificationStatus::Pending && view.status.is_final() {
        // Past the deadline: make the timeout durable so every replica agrees.
        decision::finalise_overdue(&app, &session, &v.id).await?;
    }
    if matches!(
        view.status,
        VerificationStatus::Pass | VerificationStatus::Fail
    ) {
        view.result_token = views::live_result_token(&v, now);
    }
    Ok(Json(view))
}
