//! The gateway's decisions as pure functions: validation, views and state rules. No I/O.

use idv_wire::{
    CreateSessionRequest, DocumentType, Locale, SessionConfig, SessionMode, SessionStatus, Trigger,
    VerificationProgress, VerificationRecord, VerificationStatus, WebhookDelivery,
};

use crate::config::is_exact_origin;
use crate::db::{SessionRow, VerificationRow};
use crate::error::ApiError;

/// Reason code of a verification that got no answer before its deadline.
pub const TIMEOUT_CODE: &str = "timeout";
/// Reason code when 1Kosmos could not be reached or answered with an error.
pub const VENDOR_ERROR_CODE: &str = "vendor_error";

/// Checks a create-session request; returns the document types to allow.
pub fn validate_create(
    req: &CreateSessionRequest,
    allowed_origins: &[String],
) -> Result<Vec<DocumentType>, ApiError> {
    let field = |name: &'static str, value: &str, max: usize| {
        if value.trim().is_empty() || value.len() > max {
            Err(ApiError::bad_request(
                "invalid_field",
                format!("{name} is required and at most {max} characters"),
            ))
        } else {
            Ok(())
        }
    };
    field("patient_ref", &req.patient_ref, 128)?;
    field("first_name", &req.first_name, 100)?;
    field("last_name", &req.last_name, 100)?;
    if req.nonce.len() < 8
        || req.nonce.len() > 128
        || !req.nonce.chars().all(|c| c.is_ascii_graphic())
    {
        return Err(ApiError::bad_request(
            "invalid_field",
            "nonce is required: 8 to 128 printable ASCII characters, fresh for each session",
        ));
    }
    if !is_date(&req.date_of_birth) {
        return Err(ApiError::bad_request(
            "invalid_field",
            "date_of_birth must be YYYY-MM-DD",
        ));
    }
    if !is_exact_origin(&req.host_origin) {
        return Err(ApiError::bad_request(
            "invalid_host_origin",
            "host_origin must be an exact origin such as https://mychart.example.org",
        ));
    }
    if !allowed_origins.iter().any(|o| o == &req.host_origin) {
        return Err(ApiError::bad_request(
            "host_origin_not_allowed",
            "host_origin is not in the gateway's allowed_host_origins",
        ));
    }
    if req.mode == SessionMode::Reverify {
        return Ok(vec![]);
    }
    let mut types = if req.document_types.is_empty() {
        DocumentType::ALL.to_vec()
    } else {
        req.document_types.clone()
    };
    types.dedup();
    Ok(types)
}

/// The enrolled verification a re-verification compares with, if the earlier verification
/// allows one: it must be a PASS of the same patient, no older than `max_age_secs`.
pub fn enrollment_for(
    prior: Option<&(VerificationRow, SessionRow)>,
    patient_ref: &str,
    now: i64,
    max_age_secs: i64,
) -> Result<String, ApiError> {
    let no_pass = || {
        ApiError::conflict(
            "no_prior_pass",
            "reverify_of must name an earlier PASS of this patient; run a full verification",
        )
    };
    let (v, s) = prior.ok_or_else(no_pass)?;
    if s.patient_ref != patient_ref || v.status != VerificationStatus::Pass.as_str() {
        return Err(no_pass());
    }
    if now - v.decided_at.unwrap_or(0) > max_age_secs {
        return Err(ApiError::conflict(
            "prior_pass_expired",
            "the earlier PASS is older than the re-verification policy allows; run a full verification",
        ));
    }
    // A re-verification's own PASS points back at the original enrollment.
    Ok(match SessionMode::parse(&s.mode) {
        Some(SessionMode::Reverify) => s.reverify_of.clone().unwrap_or_else(|| v.id.clone()),
        _ => v.id.clone(),
    })
}

/// What a submission is, once its parts are checked against the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    Document(DocumentType),
    /// A selfie-only re-verification.
    Selfie,
}

impl Submitted {
    /// The `document_type` column.
    pub fn column(self) -> &'static str {
        match self {
            Submitted::Document(d) => d.as_str(),
            Submitted::Selfie => "selfie",
        }
    }
}

/// Checks which parts a submission carries against the session's mode and document types.
pub fn check_submission(
    mode: SessionMode,
    document: Option<DocumentType>,
    has: [bool; 3],
    allowed: &[DocumentType],
) -> Result<Submitted, ApiError> {
    let [front, back, selfie] = has;
    if !selfie {
        return Err(ApiError::bad_request(
            "missing_image",
            "a selfie is required",
        ));
    }
    if mode == SessionMode::Reverify {
        if document.is_some() || front || back {
            return Err(ApiError::bad_request(
                "unexpected_image",
                "a re-verification takes a selfie only",
            ));
        }
        return Ok(Submitted::Selfie);
    }
    let document = document
        .ok_or_else(|| ApiError::bad_request("missing_field", "document_type is required"))?;
    if !allowed.contains(&document) {
        return Err(ApiError::bad_request(
            "document_type_not_allowed",
            "this session does not accept that document type",
        ));
    }
    if !front {
        return Err(ApiError::bad_request(
            "missing_image",
            "a front image is required",
        ));
    }
    match (document.needs_back(), back) {
        (true, false) => Err(ApiError::bad_request(
            "missing_image",
            "this document needs a back image",
        )),
        (false, true) => Err(ApiError::bad_request(
            "unexpected_image",
            "a passport has no back image",
        )),
        _ => Ok(Submitted::Document(document)),
    }
}

/// `YYYY-MM-DD` with a real calendar date.
pub fn is_date(s: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    s.len() == 10 && time::Date::parse(s, &format).is_ok()
}

pub fn document_types_to_column(types: &[DocumentType]) -> String {
    types
        .iter()
        .map(|d| d.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn document_types_from_column(column: &str) -> Vec<DocumentType> {
    column.split(',').filter_map(DocumentType::parse).collect()
}

/// What the widget may see of a session: no names, no birth date, no patient reference.
pub fn session_config(s: &SessionRow, max_attempts: u32, attempts_used: u32) -> SessionConfig {
    SessionConfig {
        session_id: s.id.clone(),
        document_types: document_types_from_column(&s.document_types),
        locale: Locale::from_tag(&s.locale),
        host_origin: s.host_origin.clone(),
        trigger: Trigger::parse(&s.trigger).unwrap_or(Trigger::Signup),
        mode: SessionMode::parse(&s.mode).unwrap_or_default(),
        status: SessionStatus::parse(&s.status).unwrap_or(SessionStatus::Failed),
        expires_at: rfc3339(s.expires_at),
        max_attempts,
        attempts_used,
    }
}

/// Status of a verification as of `now`: PENDING past its deadline reads as ERROR `timeout`.
pub fn effective_status(v: &VerificationRow, now: i64) -> (VerificationStatus, Option<String>) {
    let status = VerificationStatus::parse(&v.status).unwrap_or(VerificationStatus::Error);
    if status == VerificationStatus::Pending && now > v.deadline_at {
        return (VerificationStatus::Error, Some(TIMEOUT_CODE.to_owned()));
    }
    (status, v.reason_code.clone())
}

pub fn progress(
    v: &VerificationRow,
    now: i64,
    attempts_used: u32,
    max_attempts: u32,
    session_expires_at: i64,
) -> VerificationProgress {
    let (status, reason_code) = effective_status(v, now);
    let retry_allowed = matches!(status, VerificationStatus::Fail | VerificationStatus::Error)
        && attempts_used < max_attempts
        && now < session_expires_at;
    VerificationProgress {
        verification_id: v.id.clone(),
        status,
        reason_code,
        retry_allowed,
        result_token: None,
    }
}

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
        trigger: Trigger::parse(&s.trigger).unwrap_or(Trigger::Signup),
        document_type: DocumentType::parse(&v.document_type),
        status,
        reason_code,
        submitted_at: rfc3339(v.submitted_at),
        decided_at: v.decided_at.map(rfc3339),
        webhook,
    }
}

/// Why a session cannot take a submission, if it cannot.
pub fn submit_blocker(session_status: &str) -> Option<ApiError> {
    match SessionStatus::parse(session_status) {
        Some(SessionStatus::InProgress) => None,
        Some(SessionStatus::Pending) => Some(ApiError::conflict(
            "consent_required",
            "the patient has not given consent yet",
        )),
        Some(SessionStatus::Declined) => Some(ApiError::conflict(
            "session_declined",
            "the patient declined; start a new session",
        )),
        Some(SessionStatus::Completed) => Some(ApiError::conflict(
            "already_submitted",
            "this session already has a passing verification",
        )),
        Some(SessionStatus::Failed) | None => Some(ApiError::conflict(
            "attempts_exhausted",
            "every attempt of this session has been used",
        )),
    }
}

/// JPEG files start with SOI followed by a marker.
pub fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.len() > 3 && bytes[..3] == [0xFF, 0xD8, 0xFF]
}

/// `YYYY-MM-DD` → `YYYYMMDD`, as 1Kosmos wants dates.
pub fn compact_date(date: &str) -> String {
    date.replace('-', "")
}

pub fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

pub fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> CreateSessionRequest {
        CreateSessionRequest {
            patient_ref: "MRN1".into(),
            first_name: "Ana".into(),
            last_name: "Diaz".into(),
            date_of_birth: "1950-02-28".into(),
            trigger: Trigger::Signup,
            document_types: vec![],
            host_origin: "https://h.example".into(),
            locale: Locale::Es,
            nonce: "nonce-123456".into(),
            mode: SessionMode::Full,
            reverify_of: None,
        }
    }

    fn verification(status: &str, deadline_at: i64) -> VerificationRow {
        VerificationRow {
            id: "v".into(),
            session_id: "s".into(),
            idempotency_key: "k".into(),
            document_type: "passport".into(),
            status: status.into(),
            reason_code: None,
            submitted_at: 0,
            deadline_at,
            decided_at: None,
        }
    }

    #[test]
    fn create_requests_are_validated_field_by_field() {
        let allowed = vec!["https://h.example".to_owned()];
        assert_eq!(
            validate_create(&request(), &allowed).unwrap(),
            DocumentType::ALL.to_vec()
        );
        let mut r = request();
        r.date_of_birth = "1950-02-30".into();
        assert_eq!(
            validate_create(&r, &allowed).unwrap_err().code,
            "invalid_field"
        );
        let mut r = request();
        r.host_origin = "https://evil.example".into();
        assert_eq!(
            validate_create(&r, &allowed).unwrap_err().code,
            "host_origin_not_allowed"
        );
        let mut r = request();
        r.host_origin = "*".into();
        assert_eq!(
            validate_create(&r, &allowed).unwrap_err().code,
            "invalid_host_origin"
        );
        let mut r = request();
        r.nonce = "short".into();
        assert_eq!(
            validate_create(&r, &allowed).unwrap_err().code,
            "invalid_field"
        );
        let mut r = request();
        r.first_name = "  ".into();
        assert_eq!(
            validate_create(&r, &allowed).unwrap_err().code,
            "invalid_field"
        );
    }

    #[test]
    fn pending_past_its_deadline_reads_as_a_retryable_timeout() {
        let v = verification("PENDING", 100);
        assert_eq!(
            effective_status(&v, 100),
            (VerificationStatus::Pending, None)
        );
        let p = progress(&v, 101, 1, 3, 1000);
        assert_eq!(p.status, VerificationStatus::Error);
        assert_eq!(p.reason_code.as_deref(), Some(TIMEOUT_CODE));
        assert!(p.retry_allowed);
        assert!(!progress(&v, 101, 3, 3, 1000).retry_allowed);
        assert!(!progress(&v, 1001, 1, 3, 1000).retry_allowed);
    }

    #[test]
    fn pass_is_never_retryable_and_decided_rows_ignore_the_deadline() {
        let v = verification("PASS", 100);
        let p = progress(&v, 500, 1, 3, 1000);
        assert_eq!(p.status, VerificationStatus::Pass);
        assert!(!p.retry_allowed);
    }

    #[test]
    fn only_sessions_in_progress_accept_a_submission() {
        assert!(submit_blocker("in_progress").is_none());
        assert_eq!(submit_blocker("pending").unwrap().code, "consent_required");
        assert_eq!(submit_blocker("declined").unwrap().code, "session_declined");
        assert_eq!(
            submit_blocker("completed").unwrap().code,
            "already_submitted"
        );
        assert_eq!(submit_blocker("failed").unwrap().code, "attempts_exhausted");
    }

    fn session(patient_ref: &str, mode: &str, reverify_of: Option<&str>) -> SessionRow {
        SessionRow {
            id: "s".into(),
            client_id: "c".into(),
            patient_ref: patient_ref.into(),
            first_name: "Ana".into(),
            last_name: "Rivera".into(),
            date_of_birth: "1958-04-12".into(),
            trigger: "signup".into(),
            document_types: String::new(),
            host_origin: "https://h.example".into(),
            locale: "en".into(),
            status: "completed".into(),
            created_at: 0,
            expires_at: 0,
            nonce: "n".into(),
            mode: mode.into(),
            reverify_of: reverify_of.map(Into::into),
        }
    }

    #[test]
    fn reverification_needs_a_recent_pass_of_the_same_patient() {
        let mut v = verification("PASS", 0);
        v.decided_at = Some(1000);
        let full = (v.clone(), session("MRN1", "full", None));
        assert_eq!(
            enrollment_for(Some(&full), "MRN1", 2000, 5000).unwrap(),
            "v"
        );
        assert_eq!(
            enrollment_for(Some(&full), "MRN2", 2000, 5000)
                .unwrap_err()
                .code,
            "no_prior_pass"
        );
        assert_eq!(
            enrollment_for(Some(&full), "MRN1", 7000, 5000)
                .unwrap_err()
                .code,
            "prior_pass_expired"
        );
        assert_eq!(
            enrollment_for(None, "MRN1", 2000, 5000).unwrap_err().code,
            "no_prior_pass"
        );
        let failed = (verification("FAIL", 0), session("MRN1", "full", None));
        assert_eq!(
            enrollment_for(Some(&failed), "MRN1", 2000, 5000)
                .unwrap_err()
                .code,
            "no_prior_pass"
        );
        let again = (v, session("MRN1", "reverify", Some("v0")));
        assert_eq!(
            enrollment_for(Some(&again), "MRN1", 2000, 5000).unwrap(),
            "v0"
        );
    }

    #[test]
    fn submissions_must_fit_the_session_mode() {
        use DocumentType::*;
        let all = DocumentType::ALL;
        let ok = check_submission(
            SessionMode::Full,
            Some(DriversLicense),
            [true, true, true],
            &all,
        );
        assert_eq!(ok.unwrap(), Submitted::Document(DriversLicense));
        let code = |r: Result<Submitted, ApiError>| r.unwrap_err().code;
        assert_eq!(
            code(check_submission(
                SessionMode::Full,
                Some(DriversLicense),
                [true, false, true],
                &all
            )),
            "missing_image"
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Full,
                Some(Passport),
                [true, true, true],
                &all
            )),
            "unexpected_image"
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Full,
                None,
                [true, false, true],
                &all
            )),
            "missing_field"
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Full,
                Some(IdCard),
                [true, true, true],
                &[Passport]
            )),
            "document_type_not_allowed"
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Full,
                Some(Passport),
                [true, false, false],
                &all
            )),
            "missing_image"
        );
        assert_eq!(
            check_submission(SessionMode::Reverify, None, [false, false, true], &[]).unwrap(),
            Submitted::Selfie
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Reverify,
                None,
                [true, false, true],
                &[]
            )),
            "unexpected_image"
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Reverify,
                Some(Passport),
                [false, false, true],
                &[]
            )),
            "unexpected_image"
        );
    }

    #[test]
    fn small_helpers() {
        assert!(is_jpeg(&[0xFF, 0xD8, 0xFF, 0xE0]));
        assert!(!is_jpeg(b"\x89PNG\r\n"));
        assert_eq!(compact_date("1950-02-28"), "19500228");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        let types = [DocumentType::Passport, DocumentType::IdCard];
        assert_eq!(
            document_types_from_column(&document_types_to_column(&types)),
            types.to_vec()
        );
    }
}
