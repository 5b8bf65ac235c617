//! Asking 1Kosmos and recording the answer. Runs after submit has answered the widget.
//!
//! Only an authenticated answer about our document decides ([`docuverify::Client::verify`]);
//! every other answer is ERROR `vendor_error` (retryable, no attempt used). A PASS also needs
//! the identity binding: what 1Kosmos read from the document is the patient the host named.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use docuverify::identity::Patient;
use docuverify::journey::{
    checks_for, document_request, reverify_checks, reverify_request, DocKind, Subject,
};
use docuverify::wire::VerifyRequest;
use docuverify::{Binding, Decision};
use idv_wire::{
    CheckResult, DecisionEvent, DocumentType, Evidence, SessionMode, SessionStatus,
    VerificationStatus, Via,
};

use crate::attempts::{Attempts, VendorErrors};
use crate::clock::{self, rfc3339};
use crate::db::{self, SessionRow};
use crate::error::Error;
use crate::signing::ResultClaims;
use crate::validation::Submitted;
use crate::views::{compact_date, TIMEOUT_CODE, VENDOR_ERRORS_EXHAUSTED_CODE, VENDOR_ERROR_CODE};
use crate::AppState;

/// The JPEGs of one submission. Never logged; never persisted, except the selfie of a full PASS
/// with biometric consent, sealed, as the enrolled portrait for re-verification.
#[derive(Default)]
pub struct Captures {
    /// The front (or the passport data page), as uploaded.
    pub front: Option<Vec<u8>>,
    /// The back of a card.
    pub back: Option<Vec<u8>>,
    /// The live selfie.
    pub selfie: Option<Vec<u8>>,
    /// The document sides the widget says came from the patient's files (`front`, `back`).
    pub from_files: Vec<&'static str>,
    /// A wallet's licence instead of pictures of a card: its request and sealed answer.
    pub mdl_answer: Option<idv_wire::MdlAnswer>,
}

/// The 1Kosmos document kind of a document type.
pub fn doc_kind(d: DocumentType) -> DocKind {
    match d {
        DocumentType::DriversLicense => DocKind::DriversLicense,
        DocumentType::Passport => DocKind::Passport,
        DocumentType::IdCard => DocKind::IdCard,
    }
}

/// The `/verify` payload for a submission, and the checks it asks for. A re-verification needs
/// the enrolled portrait (JPEG); a wallet's licence its portrait (JPEG), compared with the
/// selfie in the same shape as a re-verification.
pub fn verify_request(
    dvc_id: &str,
    verification_id: &str,
    session: &SessionRow,
    submitted: Submitted,
    captures: &Captures,
    portrait: Option<&[u8]>,
) -> (VerifyRequest, Vec<String>) {
    let b64 = |img: &Option<Vec<u8>>| img.as_ref().map(|b| B64.encode(b));
    let dob = compact_date(&session.date_of_birth);
    let subject = Subject {
        first_name: &session.first_name,
        last_name: &session.last_name,
        dob: &dob,
    };
    let selfie = b64(&captures.selfie).unwrap_or_default();
    match submitted {
        Submitted::Selfie | Submitted::Wallet => {
            let portrait = portrait.map(|p| B64.encode(p)).unwrap_or_default();
            let request = reverify_request(dvc_id, verification_id, subject, portrait, selfie);
            (request, reverify_checks())
        }
        Submitted::Document(document) => {
            let kind = doc_kind(document);
            let request = document_request(
                dvc_id,
                verification_id,
                kind,
                subject,
                b64(&captures.front).unwrap_or_default(),
                b64(&captures.back),
                selfie,
            );
            (request, checks_for(kind))
        }
    }
}

/// The check our gateway adds to the vendor's: the document is the patient the host named.
pub const IDENTITY_BINDING: &str = "identity_binding";

/// Our check of a wallet's licence: its issuer's signature chained to a trusted authority,
/// every element's digest, its validity, and the phone's signature over this session's request.
pub const MDL_VERIFIED: &str = "mdl_verified";

/// What decided a verification.
pub struct Outcome {
    /// PASS, FAIL or ERROR.
    pub status: VerificationStatus,
    /// The reason code of a FAIL or ERROR.
    pub reason: Option<String>,
    /// Every check asked for, with its result.
    pub checks: Vec<CheckResult>,
}

impl Outcome {
    /// ERROR with a gateway reason code (`vendor_error`, `timeout`).
    fn error(code: &str) -> Self {
        Self {
            status: VerificationStatus::Error,
            reason: Some(code.to_owned()),
            checks: vec![],
        }
    }

    /// ERROR `timeout`: no answer before the deadline.
    pub fn timeout() -> Self {
        Self::error(TIMEOUT_CODE)
    }
}

/// Calls 1Kosmos within the deadline, decides, records. Consumes (and so drops) the images.
pub async fn run(
    app: AppState,
    verification_id: String,
    session: SessionRow,
    submitted: Submitted,
    captures: Captures,
    portrait: Option<Vec<u8>>,
) {
    let (request, requested) = verify_request(
        &app.kosmos.config().dvc_id,
        &verification_id,
        &session,
        submitted,
        &captures,
        portrait.as_deref(),
    );
    let Captures { selfie, .. } = captures;
    drop(portrait);
    let started = std::time::Instant::now();
    let answer =
        tokio::time::timeout(app.config.decision_deadline(), app.kosmos.verify(&request)).await;
    app.metrics.vendor_call(started.elapsed());
    drop(request);
    let outcome = match answer {
        Ok(Ok(response)) => decide(&session, submitted, &requested, &response),
        Ok(Err(e)) => {
            tracing::warn!(verification = %verification_id, error = %e, "1Kosmos call failed");
            Outcome::error(VENDOR_ERROR_CODE)
        }
        Err(_) => Outcome::timeout(),
    };
    // Only a full PASS with biometric consent enrols its live selfie for re-verification.
    let enrol = (outcome.status == VerificationStatus::Pass
        && matches!(submitted, Submitted::Document(_) | Submitted::Wallet)
        && session.consent_biometric)
        .then_some(selfie)
        .flatten();
    if let Err(e) = record(&app, &session, &verification_id, outcome, enrol.as_deref()).await {
        tracing::error!(verification = %verification_id, error = %e, "could not record decision");
    }
}

/// The decision on an authenticated answer, bound to the session's patient.
pub fn decide(
    session: &SessionRow,
    submitted: Submitted,
    requested: &[String],
    response: &docuverify::wire::VerifyResponse,
) -> Outcome {
    let binding =
        match submitted {
            Submitted::Selfie => Some(Binding::EnrolledPortrait),
            Submitted::Wallet => Some(Binding::WalletLicence),
            Submitted::Document(document) => id_documents::Date::parse_iso(&session.date_of_birth)
                .map(|birth_date| Binding::Document {
                    kind: doc_kind(document),
                    patient: Patient {
                        first_name: &session.first_name,
                        last_name: &session.last_name,
                        birth_date,
                    },
                    today: clock::today(),
                }),
        };
    let Some(binding) = binding else {
        // A stored birth date that does not parse: nothing to bind to.
        return Outcome::error(VENDOR_ERROR_CODE);
    };
    let mut checks = check_results(requested, response);
    if submitted == Submitted::Wallet {
        // Checked by the gateway before 1Kosmos was asked: a licence that failed either was
        // refused then, never sent.
        checks.splice(
            0..0,
            [MDL_VERIFIED, IDENTITY_BINDING].map(|name| CheckResult {
                name: name.into(),
                verified: true,
            }),
        );
    }
    let (status, reason) = match docuverify::decide(requested, response, binding) {
        Decision::Pass => (VerificationStatus::Pass, None),
        Decision::Fail { reason_code } => (
            VerificationStatus::Fail,
            Some(reason_code.unwrap_or_else(|| "IDV0007".to_owned())),
        ),
    };
    // When 1Kosmos verified every check, say whether our own binding held too.
    if matches!(binding, Binding::Document { .. }) && checks.iter().all(|c| c.verified) {
        checks.push(CheckResult {
            name: IDENTITY_BINDING.into(),
            verified: status == VerificationStatus::Pass,
        });
    }
    Outcome {
        status,
        reason,
        checks,
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

/// Records a final status (once): signs its one result token, queues its webhook event, enrols
/// the portrait of a full PASS, and moves the session on.
pub async fn record(
    app: &AppState,
    session: &SessionRow,
    verification_id: &str,
    outcome: Outcome,
    portrait: Option<&[u8]>,
) -> Result<(), Error> {
    let now = app.clock.now();
    // A host cancel that raced this submission wins: a cancelled session never gets a PASS
    // (fail closed; read as late as possible, just before the decision is written).
    let cancelled = db::session_by_id(&app.pool, &session.id)
        .await?
        .is_none_or(|s| s.status == SessionStatus::Cancelled);
    let outcome = if cancelled {
        Outcome {
            status: VerificationStatus::Error,
            reason: Some(idv_wire::CANCELLED.to_owned()),
            checks: outcome.checks,
        }
    } else {
        outcome
    };
    let Outcome {
        status,
        reason,
        checks,
    } = outcome;
    let mode = session.mode;
    let trigger = session.trigger;
    let attempts = Attempts::of(app, session).await?;
    let last_attempt_failed = status == VerificationStatus::Fail && attempts.exhausted();
    let last_vendor_error = status == VerificationStatus::Error
        && reason.as_deref() == Some(VENDOR_ERROR_CODE)
        && VendorErrors::of(app, session).await?.next_is_last();
    let session_status = if status == VerificationStatus::Pass {
        Some(SessionStatus::Completed.as_str())
    } else if last_attempt_failed || last_vendor_error {
        Some(SessionStatus::Failed.as_str())
    } else {
        None
    };
    let (reason, cause) = if last_vendor_error {
        vendor_limit_reasons()
    } else {
        reasons_of(reason, last_attempt_failed)
    };
    // Which device took the pictures; an unknown stored value is an error, never a default.
    let via = match db::verification_via(&app.pool, verification_id).await? {
        Some(text) => Via::parse(&text).ok_or_else(|| {
            Error::invariant(format!("verification {verification_id} via {text:?}"))
        })?,
        None => {
            return Err(Error::invariant(format!(
                "verification {verification_id} vanished"
            )))
        }
    };
    let mdl_issuer = db::verification_mdl_issuer(&app.pool, verification_id)
        .await?
        .flatten();
    let evidence = mdl_issuer.map(|issuing_authority| Evidence {
        kind: idv_wire::EVIDENCE_MDL.into(),
        issuing_authority,
    });
    let enrolment = match mode {
        SessionMode::Reverify => db::verification(&app.pool, verification_id)
            .await?
            .and_then(|v| v.enrolment_id),
        SessionMode::Full => None,
    };
    let proofed_at = match &enrolment {
        Some(id) => db::verification(&app.pool, id)
            .await?
            .and_then(|v| v.decided_at)
            .map(rfc3339),
        None => None,
    };
    let token = match status {
        VerificationStatus::Pass | VerificationStatus::Fail => {
            let claims = result_claims(
                app,
                session,
                verification_id,
                status,
                reason.as_deref(),
                mode,
                proofed_at,
                via,
                evidence.clone(),
                now,
            );
            let signed = app.signer.sign(&claims, crate::signing::RESULT_TOKEN_TYP)?;
            Some((signed, claims.exp))
        }
        _ => None,
    };
    let sealed = match (portrait, &app.portrait_key) {
        (Some(jpeg), Some(key)) => Some(key.seal(verification_id, jpeg)?),
        _ => None,
    };
    let portrait_expires = now + app.config.reverify_max_age_days as i64 * 86_400;
    let event = DecisionEvent {
        event_id: uuid::Uuid::new_v4().to_string(),
        kind: "verification.decided".into(),
        verification_id: verification_id.to_owned(),
        session_id: session.id.clone(),
        patient_ref: session.patient_ref.clone(),
        trigger,
        mode,
        status,
        ial: ial_of(mode, status),
        reason_code: reason.clone(),
        cause_code: cause.clone(),
        checks: checks.clone(),
        decided_at: rfc3339(now),
        via,
        evidence,
    };
    let body = serde_json::to_string(&event).map_err(Error::invariant)?;
    let checks_json = serde_json::to_string(&checks).map_err(Error::invariant)?;
    let recorded = db::record_decision(
        &app.pool,
        db::Decided {
            verification_id,
            session_id: &session.id,
            status: status.as_str(),
            reason_code: reason.as_deref(),
            cause_code: cause.as_deref(),
            checks_json: &checks_json,
            event_id: &event.event_id,
            event_body: &body,
            session_status,
            result_token: token.as_ref().map(|(t, exp)| (t.as_str(), *exp)),
            portrait: sealed.as_deref().map(|s| (s, portrait_expires)),
            now,
        },
    )
    .await?;
    if recorded {
        app.metrics.decided(status.as_str(), reason.as_deref());
        tracing::info!(verification = %verification_id, status = status.as_str(), reason = reason.as_deref().unwrap_or("-"), "decided");
    }
    Ok(())
}

/// Records ERROR `timeout` for a verification left PENDING past its deadline (a crash, a
/// restart, a vendor that never answered): the sweeper does it for every overdue one, a poll
/// for the one it reads, so every replica agrees. Recording is conditional: whoever comes
/// second changes nothing.
pub async fn finalise_overdue(
    app: &AppState,
    session: &SessionRow,
    verification_id: &str,
) -> Result<(), Error> {
    record(app, session, verification_id, Outcome::timeout(), None).await
}

/// The reason code and cause to record: a FAIL that used the session's last attempt is
/// `IDV0014` (what the host acts on: no more attempts here), caused by its own reason (what the
/// patient is told).
pub fn reasons_of(
    reason: Option<String>,
    last_attempt_failed: bool,
) -> (Option<String>, Option<String>) {
    if last_attempt_failed {
        let cause = reason.filter(|r| r != idv_wire::ATTEMPTS_EXHAUSTED);
        (Some(idv_wire::ATTEMPTS_EXHAUSTED.to_owned()), cause)
    } else {
        (reason, None)
    }
}

/// The identity assurance level a verification establishes (token and webhook alike): 2 for a
/// full PASS, 1 for a re-verification PASS (it authenticates against an earlier IAL2
/// proofing), 0 for anything else.
pub fn ial_of(mode: SessionMode, status: VerificationStatus) -> u8 {
    match (status, mode) {
        (VerificationStatus::Pass, SessionMode::Full) => 2,
        (VerificationStatus::Pass, SessionMode::Reverify) => 1,
        _ => 0,
    }
}

/// The reason code and cause of the vendor error that reached `limits.max_vendor_errors`: the
/// host reads `vendor_errors_exhausted` (the session has ended), caused by `vendor_error`.
pub fn vendor_limit_reasons() -> (Option<String>, Option<String>) {
    (
        Some(VENDOR_ERRORS_EXHAUSTED_CODE.to_owned()),
        Some(VENDOR_ERROR_CODE.to_owned()),
    )
}

/// The claims of the one result token of a decided verification.
#[allow(clippy::too_many_arguments)]
fn result_claims(
    app: &AppState,
    session: &SessionRow,
    verification_id: &str,
    status: VerificationStatus,
    reason: Option<&str>,
    mode: SessionMode,
    proofed_at: Option<String>,
    via: Via,
    evidence: Option<Evidence>,
    now: i64,
) -> ResultClaims {
    let amr = match (mode, &evidence) {
        (SessionMode::Full, None) => vec!["doc", "face", "live"],
        (SessionMode::Full, Some(_)) => vec!["mdl", "face", "live"],
        (SessionMode::Reverify, _) => vec!["face", "live"],
    };
    ResultClaims {
        iss: app.signer.issuer.clone(),
        aud: session.client_id.clone(),
        sub: session.patient_ref.clone(),
        vid: verification_id.to_owned(),
        sid: session.id.clone(),
        status: status.as_str().to_owned(),
        reason_code: reason.map(str::to_owned),
        trigger: session.trigger.as_str().to_owned(),
        mode: mode.as_str().to_owned(),
        amr: amr.into_iter().map(str::to_owned).collect(),
        ial: ial_of(mode, status),
        proofed_at,
        via: via.as_str().to_owned(),
        evidence,
        iat: now,
        exp: now + app.signer.ttl_secs,
        jti: uuid::Uuid::new_v4().to_string(),
        nonce: session.nonce.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fail_that_uses_the_last_attempt_is_idv0014_caused_by_its_own_reason() {
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            reasons_of(some("IDV0011"), true),
            (some("IDV0014"), some("IDV0011"))
        );
        assert_eq!(reasons_of(some("IDV0011"), false), (some("IDV0011"), None));
        // 1Kosmos saying IDV0014 itself is not its own cause.
        assert_eq!(reasons_of(some("IDV0014"), true), (some("IDV0014"), None));
        assert_eq!(reasons_of(None, true), (some("IDV0014"), None));
    }

    #[test]
    fn only_a_pass_establishes_an_assurance_level() {
        use SessionMode::{Full, Reverify};
        use VerificationStatus::{Error, Fail, Pass};
        assert_eq!(ial_of(Full, Pass), 2);
        assert_eq!(ial_of(Reverify, Pass), 1);
        for status in [Fail, Error] {
            assert_eq!(ial_of(Full, status), 0);
            assert_eq!(ial_of(Reverify, status), 0);
        }
    }
}
