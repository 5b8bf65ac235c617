//! Asking 1Kosmos and recording the answer. Runs after submit has answered the widget.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use docuverify::journey::{checks_for, reverify_checks, reverify_request, DocKind};
use docuverify::wire::{VerifyDocument, VerifyRequest};
use docuverify::Decision;
use idv_wire::{
    CheckResult, DecisionEvent, DocumentType, SessionStatus, Trigger, VerificationStatus,
};

use crate::db::{self, SessionRow};
use crate::rules::{self, unix_now, Submitted, TIMEOUT_CODE, VENDOR_ERROR_CODE};
use crate::AppState;

/// The JPEGs of one submission. Never persisted, never logged.
#[derive(Default)]
pub struct Captures {
    pub front: Option<Vec<u8>>,
    pub back: Option<Vec<u8>>,
    pub selfie: Option<Vec<u8>>,
}

pub fn doc_kind(d: DocumentType) -> DocKind {
    match d {
        DocumentType::DriversLicense => DocKind::DriversLicense,
        DocumentType::Passport => DocKind::Passport,
        DocumentType::IdCard => DocKind::IdCard,
    }
}

/// The `/verify` payload for a submission, and the checks it asks for.
pub fn verify_request(
    dvc_id: &str,
    verification_id: &str,
    session: &SessionRow,
    submitted: Submitted,
    captures: &Captures,
) -> (VerifyRequest, Vec<String>) {
    let b64 = |img: &Option<Vec<u8>>| img.as_ref().map(|b| B64.encode(b));
    let dob = rules::compact_date(&session.date_of_birth);
    match submitted {
        Submitted::Selfie => {
            let enrolled = session.reverify_of.as_deref().unwrap_or_default();
            let request = reverify_request(
                dvc_id,
                verification_id,
                enrolled,
                &session.first_name,
                &session.last_name,
                &dob,
                b64(&captures.selfie).unwrap_or_default(),
            );
            (request, reverify_checks())
        }
        Submitted::Document(document) => {
            let kind = doc_kind(document);
            let request = VerifyRequest {
                dvc_id: dvc_id.to_owned(),
                verifications: checks_for(kind),
                document: VerifyDocument {
                    id: verification_id.to_owned(),
                    doc_type: kind.type_code().to_owned(),
                    category: "identity_document".into(),
                    first_name: session.first_name.clone(),
                    last_name: session.last_name.clone(),
                    dob,
                    doe: None,
                    image1: b64(&captures.front).unwrap_or_default(),
                    image2: b64(&captures.back),
                    live_id: b64(&captures.selfie),
                    enrollment_id: None,
                },
            };
            (request, checks_for(kind))
        }
    }
}

/// Calls 1Kosmos within the deadline, decides, records. Consumes (and so drops) the images.
pub async fn run(
    app: AppState,
    verification_id: String,
    session: SessionRow,
    submitted: Submitted,
    captures: Captures,
) {
    let (request, requested) = verify_request(
        &app.kosmos.config().dvc_id,
        &verification_id,
        &session,
        submitted,
        &captures,
    );
    drop(captures);
    let answer =
        tokio::time::timeout(app.config.decision_deadline(), app.kosmos.verify(&request)).await;
    drop(request);
    let (status, reason, checks) = match answer {
        Ok(Ok(response)) => {
            let checks = check_results(&requested, &response);
            match docuverify::decide(&requested, &response) {
                Decision::Pass => (VerificationStatus::Pass, None, checks),
                Decision::Fail { reason_code } => (
                    VerificationStatus::Fail,
                    Some(reason_code.unwrap_or_else(|| "IDV0007".to_owned())),
                    checks,
                ),
            }
        }
        Ok(Err(e)) => {
            tracing::warn!(verification = %verification_id, error = %e, "1Kosmos call failed");
            let code = Some(VENDOR_ERROR_CODE.to_owned());
            (VerificationStatus::Error, code, vec![])
        }
        Err(_) => (
            VerificationStatus::Error,
            Some(TIMEOUT_CODE.to_owned()),
            vec![],
        ),
    };
    if let Err(e) = record(
        &app,
        &session,
        &verification_id,
        status,
        reason.as_deref(),
        &checks,
    )
    .await
    {
        tracing::error!(verification = %verification_id, error = ?e, "could not record decision");
    }
}

/// Per-check results for the checks we asked for (a missing certification is unverified).
pub fn check_results(
    requested: &[String],
    response: &docuverify::wire::VerifyResponse,
) -> Vec<CheckResult> {
    requested
        .iter()
        .map(|name| CheckResult {
            name: name.clone(),
            verified: response
                .certifications
                .iter()
                .any(|c| &c.kind == name && c.verified),
        })
        .collect()
}

/// Records a final status (once), queues its webhook event and moves the session on.
pub async fn record(
    app: &AppState,
    session: &SessionRow,
    verification_id: &str,
    status: VerificationStatus,
    reason: Option<&str>,
    checks: &[CheckResult],
) -> Result<(), sqlx::Error> {
    let now = unix_now();
    let attempts = db::count_attempts(&app.pool, &session.id).await?;
    let session_status = if status == VerificationStatus::Pass {
        Some(SessionStatus::Completed.as_str())
    } else if attempts >= i64::from(app.config.max_attempts) {
        Some(SessionStatus::Failed.as_str())
    } else {
        None
    };
    let event = DecisionEvent {
        event_id: uuid::Uuid::new_v4().to_string(),
        kind: "verification.decided".into(),
        verification_id: verification_id.to_owned(),
        session_id: session.id.clone(),
        patient_ref: session.patient_ref.clone(),
        trigger: Trigger::parse(&session.trigger).unwrap_or(Trigger::Signup),
        status,
        reason_code: reason.map(str::to_owned),
        checks: checks.to_vec(),
        decided_at: rules::rfc3339(now),
    };
    let body = serde_json::to_string(&event).unwrap_or_default();
    let checks_json = serde_json::to_string(checks).unwrap_or_default();
    let recorded = db::record_decision(
        &app.pool,
        db::Decided {
            verification_id,
            session_id: &session.id,
            status: status.as_str(),
            reason_code: reason,
            checks_json: &checks_json,
            event_id: &event.event_id,
            event_body: &body,
            session_status,
            now,
        },
    )
    .await?;
    if recorded {
        tracing::info!(verification = %verification_id, status = status.as_str(), reason = reason.unwrap_or("-"), "decided");
    }
    Ok(())
}
