//! What each audience may see: the widget's session view and progress, the host's record.
//! Pure functions; no I/O.

use idv_wire::{
    Locale, SessionConfig, VerificationProgress, VerificationRecord, VerificationStatus,
    WebhookDelivery,
};

use idv_wire::DocumentType;

use crate::clock::rfc3339;
use crate::db::{SessionRow, VerificationRow};
use crate::error::ApiError;
use crate::validation::document_types_from_column;

/// Reason code of a verification that got no answer before its deadline.
pub const TIMEOUT_CODE: &str = "timeout";
/// Reason code when 1Kosmos could not be reached, answered with an error, or answered with
/// something that is not an authenticated answer about our document.
pub const VENDOR_ERROR_CODE: &str = "vendor_error";

/// What the widget may see of a session: no names, no birth date, no patient reference.
pub fn session_config(
    s: &SessionRow,
    max_attempts: u32,
    attempts_used: u32,
) -> Result<SessionConfig, ApiError> {
    Ok(SessionConfig {
        session_id: s.id.clone(),
        document_types: document_types_from_column(&s.document_types)?,
        locale: Locale::from_tag(&s.locale),
        host_origin: s.host_origin.clone(),
        trigger: s.trigger,
        mode: s.mode,
        status: s.status,
        expires_at: rfc3339(s.expires_at),
        max_attempts,
        attempts_used,
        support: None,
        max_retakes: s.retakes_allowed().map_err(ApiError::internal_because)?,
        allow_document_upload: s.allow_document_upload,
    })
}

/// Status of a verification as of `now`: PENDING past its deadline reads as ERROR `timeout`.
pub fn effective_status(
    v: &VerificationRow,
    now: i64,
) -> Result<(VerificationStatus, Option<String>), ApiError> {
    let status = v.status;
    if status == VerificationStatus::Pending && now > v.deadline_at {
        return Ok((VerificationStatus::Error, Some(TIMEOUT_CODE.to_owned())));
    }
    Ok((status, v.reason_code.clone()))
}

/// What the widget may see of a verification: its status as of `now`, whether and how often
/// the patient may try again.
pub fn progress(
    v: &VerificationRow,
    now: i64,
    attempts_used: u32,
    max_attempts: u32,
    session_expires_at: i64,
) -> Result<VerificationProgress, ApiError> {
    let (status, reason_code) = effective_status(v, now)?;
    let retry_allowed = matches!(status, VerificationStatus::Fail | VerificationStatus::Error)
        && attempts_used < max_attempts
        && now < session_expires_at;
    Ok(VerificationProgress {
        verification_id: v.id.clone(),
        status,
        reason_code,
        cause_code: v.cause_code.clone(),
        retry_allowed,
        attempts_left: if retry_allowed {
            max_attempts.saturating_sub(attempts_used)
        } else {
            0
        },
        result_token: None,
    })
}

/// The host's record of a verification (`GET /v1/verifications/{id}`).
pub fn record(
    v: &VerificationRow,
    s: &SessionRow,
    webhook: Option<WebhookDelivery>,
    now: i64,
) -> Result<VerificationRecord, ApiError> {
    let (status, reason_code) = effective_status(v, now)?;
    Ok(VerificationRecord {
        verification_id: v.id.clone(),
        session_id: s.id.clone(),
        patient_ref: s.patient_ref.clone(),
        trigger: s.trigger,
        document_type: DocumentType::parse(&v.document_type),
        status,
        reason_code,
        cause_code: v.cause_code.clone(),
        submitted_at: rfc3339(v.submitted_at),
        decided_at: v.decided_at.map(rfc3339),
        webhook,
    })
}

/// `YYYY-MM-DD` → `YYYYMMDD`, as 1Kosmos wants dates.
pub fn compact_date(date: &str) -> String {
    date.replace('-', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verification(status: &str, deadline_at: i64) -> VerificationRow {
        VerificationRow {
            id: "v".into(),
            session_id: "s".into(),
            idempotency_key: "k".into(),
            document_type: "passport".into(),
            status: VerificationStatus::parse(status).unwrap(),
            reason_code: None,
            submitted_at: 0,
            deadline_at,
            decided_at: None,
            result_token: None,
            token_expires_at: None,
            enrolment_id: None,
            cause_code: None,
        }
    }

    #[test]
    fn pending_past_its_deadline_reads_as_a_retryable_timeout() {
        let v = verification("PENDING", 100);
        assert_eq!(
            effective_status(&v, 100).unwrap(),
            (VerificationStatus::Pending, None)
        );
        let p = progress(&v, 101, 1, 3, 1000).unwrap();
        assert_eq!(p.status, VerificationStatus::Error);
        assert_eq!(p.reason_code.as_deref(), Some(TIMEOUT_CODE));
        assert!(p.retry_allowed);
        assert_eq!(p.attempts_left, 2);
        let last = progress(&v, 101, 3, 3, 1000).unwrap();
        assert!(!last.retry_allowed);
        assert_eq!(last.attempts_left, 0);
        assert!(!progress(&v, 1001, 1, 3, 1000).unwrap().retry_allowed);
    }

    #[test]
    fn pass_is_never_retryable_and_decided_rows_ignore_the_deadline() {
        let v = verification("PASS", 100);
        let p = progress(&v, 500, 1, 3, 1000).unwrap();
        assert_eq!(p.status, VerificationStatus::Pass);
        assert!(!p.retry_allowed);
    }

    #[test]
    fn dates_are_compacted_for_1kosmos() {
        assert_eq!(compact_date("1950-02-28"), "19500228");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
