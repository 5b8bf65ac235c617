//! What each audience may see: the widget's session view and progress, the host's record.
//! Pure functions; no I/O.

use idv_wire::{
    Locale, SessionConfig, VerificationProgress, VerificationRecord, VerificationStatus,
    WebhookDelivery,
};

use idv_wire::DocumentType;

use crate::attempts::Attempts;
use crate::clock::rfc3339;
use crate::db::{SessionRow, VerificationRow};
use crate::error::Error;
use crate::validation::document_types_from_column;

/// Reason code of a verification that got no answer before its deadline.
pub const TIMEOUT_CODE: &str = "timeout";
/// Reason code when 1Kosmos could not be reached, answered with an error, or answered with
/// something that is not an authenticated answer about our document.
pub const VENDOR_ERROR_CODE: &str = "vendor_error";
/// Reason code of the vendor error that reached `limits.max_vendor_errors`: the session has
/// ended (caused by `vendor_error`), and the patient starts again later from MyChart.
pub const VENDOR_ERRORS_EXHAUSTED_CODE: &str = "vendor_errors_exhausted";

/// What the widget may see of a session: no names, no birth date, no patient reference.
pub fn session_config(s: &SessionRow, attempts: Attempts) -> Result<SessionConfig, Error> {
    Ok(SessionConfig {
        session_id: s.id.clone(),
        document_types: document_types_from_column(&s.document_types)?,
        locale: Locale::from_tag(&s.locale),
        host_origin: s.host_origin.clone(),
        trigger: s.trigger,
        mode: s.mode,
        status: s.status,
        expires_at: rfc3339(s.expires_at),
        max_attempts: attempts.allowed,
        attempts_used: attempts.used,
        support: None,
        max_retakes: s.retakes_allowed().map_err(Error::Invariant)?,
        allow_document_upload: s.allow_document_upload,
        returns_to_client: false,
        wallet: false,
    })
}

/// Status of a verification as of `now`: PENDING past its deadline reads as ERROR `timeout`.
pub fn effective_status(v: &VerificationRow, now: i64) -> (VerificationStatus, Option<String>) {
    let status = v.status;
    if status == VerificationStatus::Pending && now > v.deadline_at {
        return (VerificationStatus::Error, Some(TIMEOUT_CODE.to_owned()));
    }
    (status, v.reason_code.clone())
}

/// The one signed result token of a decided verification, while it has not expired.
pub fn live_result_token(v: &VerificationRow, now: i64) -> Option<String> {
    v.result_token
        .clone()
        .filter(|_| v.token_expires_at.is_some_and(|exp| now < exp))
}

/// What the widget may see of a verification: its status as of `now`, whether and how often
/// the patient may try again.
pub fn progress(
    v: &VerificationRow,
    now: i64,
    attempts: Attempts,
    session_expires_at: i64,
) -> VerificationProgress {
    let (status, reason_code) = effective_status(v, now);
    let retry_allowed = matches!(status, VerificationStatus::Fail | VerificationStatus::Error)
        && !attempts.exhausted()
        && reason_code.as_deref() != Some(VENDOR_ERRORS_EXHAUSTED_CODE)
        && now < session_expires_at;
    VerificationProgress {
        verification_id: v.id.clone(),
        status,
        reason_code,
        cause_code: v.cause_code.clone(),
        retry_allowed,
        attempts_left: if retry_allowed { attempts.left() } else { 0 },
        result_token: None,
    }
}

/// The host's record of a verification (`GET /v1/verifications/{id}`).
pub fn record(
    v: &VerificationRow,
    s: &SessionRow,
    webhook: Option<WebhookDelivery>,
    now: i64,
) -> VerificationRecord {
    let (status, reason_code) = effective_status(v, now);
    VerificationRecord {
        verification_id: v.id.clone(),
        session_id: s.id.clone(),
        patient_ref: s.patient_ref.clone(),
        trigger: s.trigger,
        // A wallet's licence (`mdl`) is a driver's licence; a re-verification has none.
        document_type: match v.document_type.as_str() {
            "mdl" => Some(DocumentType::DriversLicense),
            other => DocumentType::parse(other),
        },
        status,
        reason_code,
        cause_code: v.cause_code.clone(),
        submitted_at: rfc3339(v.submitted_at),
        decided_at: v.decided_at.map(rfc3339),
        webhook,
    }
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
            effective_status(&v, 100),
            (VerificationStatus::Pending, None)
        );
        let a = |used| Attempts { used, allowed: 3 };
        let p = progress(&v, 101, a(1), 1000);
        assert_eq!(p.status, VerificationStatus::Error);
        assert_eq!(p.reason_code.as_deref(), Some(TIMEOUT_CODE));
        assert!(p.retry_allowed);
        assert_eq!(p.attempts_left, 2);
        let last = progress(&v, 101, a(3), 1000);
        assert!(!last.retry_allowed);
        assert_eq!(last.attempts_left, 0);
        assert!(!progress(&v, 1001, a(1), 1000).retry_allowed);
    }

    #[test]
    fn the_vendor_error_that_ended_the_session_is_not_retryable() {
        let a = Attempts {
            used: 0,
            allowed: 3,
        };
        let mut v = verification("ERROR", 100);
        v.reason_code = Some(VENDOR_ERROR_CODE.into());
        assert!(progress(&v, 50, a, 1000).retry_allowed);
        v.reason_code = Some(VENDOR_ERRORS_EXHAUSTED_CODE.into());
        let p = progress(&v, 50, a, 1000);
        assert!(!p.retry_allowed);
        assert_eq!(p.attempts_left, 0);
        assert_eq!(
            VENDOR_ERRORS_EXHAUSTED_CODE,
            idv_wire::ErrorCode::VendorErrorsExhausted.as_str(),
            "the verification's reason and the submit refusal are one code"
        );
    }

    #[test]
    fn pass_is_never_retryable_and_decided_rows_ignore_the_deadline() {
        let v = verification("PASS", 100);
        let p = progress(
            &v,
            500,
            Attempts {
                used: 1,
                allowed: 3,
            },
            1000,
        );
        assert_eq!(p.status, VerificationStatus::Pass);
        assert!(!p.retry_allowed);
    }

    #[test]
    fn a_result_token_is_shown_until_it_expires() {
        let mut v = verification("PASS", 100);
        assert_eq!(live_result_token(&v, 0), None);
        v.result_token = Some("jws".into());
        v.token_expires_at = Some(200);
        assert_eq!(live_result_token(&v, 199).as_deref(), Some("jws"));
        assert_eq!(live_result_token(&v, 200), None);
        v.token_expires_at = None;
        assert_eq!(
            live_result_token(&v, 0),
            None,
            "no expiry recorded: not shown"
        );
    }

    #[test]
    fn dates_are_compacted_for_1kosmos() {
        assert_eq!(compact_date("1950-02-28"), "19500228");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
