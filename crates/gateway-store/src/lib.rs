//! The gateway's rows, in one place for both database engines: what a query returns as stored
//! (`*Record`, checked against the schema at build time by the query macros) and what the gateway
//! works with (`*Row`, statuses typed: a value the code does not know fails the read, it never
//! becomes a default).
//!
//! The SQL itself is in `queries.rs` beside this crate's `src/`: not a module of this crate but
//! compiled once per engine, with `include!`, by `store-sqlite` and `store-postgres`, each
//! against its own offline query data (`.sqlx/`).

use idv_wire::{SessionMode, SessionStatus, Trigger, VerificationStatus};

// Never compiled here (`cfg(any())` is always false): declared so that `cargo fmt` formats and
// checks the file the engine crates include.
#[cfg(any())]
#[path = "../queries.rs"]
mod queries;

/// A session as the gateway uses it.
#[derive(Debug, Clone)]
pub struct SessionRow {
    /// The session id (a UUID).
    pub id: String,
    /// The host client that created it.
    pub client_id: String,
    /// The host's reference to the patient.
    pub patient_ref: String,
    /// Given name, to match the document against.
    pub first_name: String,
    /// Family name, to match the document against.
    pub last_name: String,
    /// `YYYY-MM-DD`, to match the document against.
    pub date_of_birth: String,
    /// Why the host asked for a verification.
    pub trigger: Trigger,
    /// The documents the journey accepts, comma-separated.
    pub document_types: String,
    /// The origin of the page that embeds the widget.
    pub host_origin: String,
    /// The language of the widget.
    pub locale: String,
    /// Typed across the database boundary: an unknown text fails the read.
    pub status: SessionStatus,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub expires_at: i64,
    /// The host's nonce, echoed in the result token.
    pub nonce: String,
    /// A full proofing or a re-verification.
    pub mode: SessionMode,
    /// A re-verification: the earlier PASS it compares with.
    pub reverify_of: Option<String>,
    /// Whether biometric consent was given.
    pub consent_biometric: bool,
    /// Submissions allowed; `None` for sessions older than this column: see
    /// [`SessionRow::attempts_allowed`].
    pub max_attempts: Option<i64>,
    /// Retakes per picture; `None`: no limit.
    pub max_retakes: Option<i64>,
    /// Document pictures may come from a file.
    pub allow_document_upload: bool,
    /// The keyed hash linking the session to its patient for re-verification (HMAC-SHA256 of
    /// the client id and the patient reference), kept when `patient_ref` is purged; `None` when
    /// there is none: never made (no key configured), or forgotten (the enrolment aged out or
    /// was erased).
    pub patient_link: Option<String>,
}

impl SessionRow {
    /// The session's submission limit: its own, or the gateway's for a session created before
    /// sessions carried one. A stored value outside 1..=u32::MAX is an error, not a default.
    pub fn attempts_allowed(&self, configured: u32) -> Result<u32, String> {
        match self.max_attempts {
            None => Ok(configured),
            Some(n) => u32::try_from(n)
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| format!("session {} has max_attempts {n}", self.id)),
        }
    }

    /// The session's retake limit per picture (`None`: no limit).
    pub fn retakes_allowed(&self) -> Result<Option<u32>, String> {
        self.max_retakes
            .map(|n| {
                u32::try_from(n).map_err(|_| format!("session {} has max_retakes {n}", self.id))
            })
            .transpose()
    }
}

/// A session as stored: the columns a session query selects, with their stored types.
#[allow(missing_docs)] // field for field the stored column of the same name: see [`SessionRow`]
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub id: String,
    pub client_id: String,
    pub patient_ref: String,
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: String,
    pub trigger: String,
    pub document_types: String,
    pub host_origin: String,
    pub locale: String,
    pub status: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub nonce: String,
    pub mode: String,
    pub reverify_of: Option<String>,
    /// 1 when biometric consent was given.
    pub consent_biometric: i64,
    pub max_attempts: Option<i64>,
    pub max_retakes: Option<i64>,
    /// 1 when document pictures may come from a file.
    pub document_upload: i64,
    /// NULL: not computed yet; `''`: forgotten.
    pub patient_link: Option<String>,
}

impl TryFrom<SessionRecord> for SessionRow {
    type Error = sqlx::Error;

    fn try_from(r: SessionRecord) -> Result<Self, sqlx::Error> {
        Ok(SessionRow {
            trigger: typed("trigger", r.trigger)?,
            status: typed("status", r.status)?,
            mode: typed("mode", r.mode)?,
            consent_biometric: r.consent_biometric == 1,
            allow_document_upload: r.document_upload == 1,
            max_attempts: r.max_attempts,
            max_retakes: r.max_retakes,
            id: r.id,
            client_id: r.client_id,
            patient_ref: r.patient_ref,
            first_name: r.first_name,
            last_name: r.last_name,
            date_of_birth: r.date_of_birth,
            document_types: r.document_types,
            host_origin: r.host_origin,
            locale: r.locale,
            created_at: r.created_at,
            expires_at: r.expires_at,
            nonce: r.nonce,
            reverify_of: r.reverify_of,
            // Stored '' marks a forgotten link (so it is never filled in again): no link.
            patient_link: r.patient_link.filter(|l| !l.is_empty()),
        })
    }
}

/// A verification as the gateway uses it.
#[derive(Debug, Clone)]
pub struct VerificationRow {
    /// The verification id (a UUID).
    pub id: String,
    /// Its session.
    pub session_id: String,
    /// The client's key for the submission.
    pub idempotency_key: String,
    /// `drivers_license`, `passport`, `id_card` or `selfie`.
    pub document_type: String,
    /// PENDING, PASS, FAIL or ERROR.
    pub status: VerificationStatus,
    /// Why it failed or errored.
    pub reason_code: Option<String>,
    /// Unix seconds.
    pub submitted_at: i64,
    /// Unix seconds: ERROR (timeout) if undecided by then.
    pub deadline_at: i64,
    /// Unix seconds.
    pub decided_at: Option<i64>,
    /// The one signed result token of a PASS or FAIL.
    pub result_token: Option<String>,
    /// Unix seconds: when the result token expires.
    pub token_expires_at: Option<i64>,
    /// A re-verification: the document verification it builds on.
    pub enrolment_id: Option<String>,
    /// With `IDV0014`: why the last attempt failed.
    pub cause_code: Option<String>,
}

/// A verification as stored.
#[allow(missing_docs)] // field for field the stored column of the same name: see [`VerificationRow`]
#[derive(Debug, Clone)]
pub struct VerificationRecord {
    pub id: String,
    pub session_id: String,
    pub idempotency_key: String,
    pub document_type: String,
    pub status: String,
    pub reason_code: Option<String>,
    pub submitted_at: i64,
    pub deadline_at: i64,
    pub decided_at: Option<i64>,
    pub result_token: Option<String>,
    pub token_expires_at: Option<i64>,
    pub enrolment_id: Option<String>,
    pub cause_code: Option<String>,
}

impl TryFrom<VerificationRecord> for VerificationRow {
    type Error = sqlx::Error;

    fn try_from(r: VerificationRecord) -> Result<Self, sqlx::Error> {
        Ok(VerificationRow {
            status: typed("status", r.status)?,
            id: r.id,
            session_id: r.session_id,
            idempotency_key: r.idempotency_key,
            document_type: r.document_type,
            reason_code: r.reason_code,
            submitted_at: r.submitted_at,
            deadline_at: r.deadline_at,
            decided_at: r.decided_at,
            result_token: r.result_token,
            token_expires_at: r.token_expires_at,
            enrolment_id: r.enrolment_id,
            cause_code: r.cause_code,
        })
    }
}

/// An OpenID Connect authorization, from its pushed request to its ID token (secrets stored as
/// SHA-256 hashes only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcFlowRow {
    /// The flow id (a UUID).
    pub id: String,
    /// The client that pushed the request.
    pub client_id: String,
    /// SHA-256 of the request_uri's random part.
    pub request_uri_hash: String,
    /// Unix seconds: /authorize refuses the request_uri from then on.
    pub request_expires_at: i64,
    /// Unix seconds: when /authorize used it (once).
    pub request_used_at: Option<i64>,
    /// The registered redirect URI the pushed request named.
    pub redirect_uri: String,
    /// The client's `state`, returned with the code or the error.
    pub state: String,
    /// The client's `nonce`, put in the ID token.
    pub nonce: String,
    /// PKCE: base64url SHA-256 of the client's code verifier.
    pub code_challenge: String,
    /// The session to create, as JSON (patient details); `{}` once the session exists.
    pub session_request: String,
    /// The capture session /authorize created.
    pub session_id: Option<String>,
    /// SHA-256 of the one-time code.
    pub code_hash: Option<String>,
    /// Unix seconds: the code's end.
    pub code_expires_at: Option<i64>,
    /// Unix seconds: when the token endpoint took the code (once).
    pub code_used_at: Option<i64>,
    /// The PASS the code stands for.
    pub verification_id: Option<String>,
    /// SHA-256 of the access token the code was exchanged for.
    pub access_token_hash: Option<String>,
    /// Unix seconds: the access token's end.
    pub access_expires_at: Option<i64>,
    /// Unix seconds: revoked (the code was presented twice).
    pub revoked_at: Option<i64>,
    /// Unix seconds.
    pub created_at: i64,
}

/// A wallet request of a capture session (a mobile driver's licence). Not `Debug`: it holds
/// the secret that opens the wallet's answer.
#[derive(Clone, PartialEq, Eq)]
pub struct MdlRequestRow {
    /// The request id (a UUID).
    pub id: String,
    /// Its capture session.
    pub session_id: String,
    /// base64url CBOR `["dcapi", {nonce, recipientPublicKey}]`, as the browser received it.
    pub encryption_info: String,
    /// base64 of the P-256 secret that opens the answer; empty once the request is spent.
    pub recipient_secret: String,
    /// `pending`, `verified`, `refused` or `used`.
    pub status: String,
    /// The refusal code, or the issuing authority of a verified licence.
    pub outcome: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds: answers and submissions are refused from then on.
    pub expires_at: i64,
}

/// A "Continue on your phone" link of a session (its token and code are stored hashed only).
#[derive(Debug, Clone)]
pub struct HandoffRow {
    /// The handoff id (a UUID).
    pub id: String,
    /// The session the phone joins.
    pub session_id: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds: not redeemable from then on.
    pub expires_at: i64,
    /// Unix seconds: when a phone redeemed it (once).
    pub redeemed_at: Option<i64>,
    /// Unix seconds: when it was revoked (its link, code and phone token dead from then on).
    pub revoked_at: Option<i64>,
    /// Why: `redeemed_another`, `desktop`, `declined`, `cancelled` or `migration`.
    pub revoked_reason: Option<String>,
    /// Unix seconds: the phone's own consent (document and biometric).
    pub consented_at: Option<i64>,
}

/// A handoff to insert: its row and the hashes of its link token and short code.
pub struct NewHandoff<'a> {
    /// The row.
    pub row: &'a HandoffRow,
    /// SHA-256 of the link's one-time token.
    pub token_hash: &'a str,
    /// SHA-256 of the normalised short code.
    pub code_hash: &'a str,
}

/// A host's cancel of a session, recorded as an ERROR verification with its webhook event.
pub struct Cancel<'a> {
    /// The session cancelled.
    pub session_id: &'a str,
    /// The verification that records the cancel.
    pub verification_id: &'a str,
    /// `cancelled`.
    pub reason_code: &'a str,
    /// The webhook event announcing it.
    pub event_id: &'a str,
    /// The webhook event's JSON.
    pub event_body: &'a str,
    /// Unix seconds.
    pub now: i64,
}

/// Decodes a stored text into its enum; an unknown text is the error the driver gives for a
/// column it cannot decode (as `#[sqlx(try_from = "String")]` did).
fn typed<T>(column: &str, text: String) -> Result<T, sqlx::Error>
where
    T: TryFrom<String, Error = idv_wire::UnknownValue>,
{
    T::try_from(text).map_err(|e| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: Box::new(e),
    })
}

/// A webhook delivery in the outbox.
#[derive(Debug, Clone)]
pub struct OutboxRow {
    /// The event id (the receiver dedups on it).
    pub event_id: String,
    /// The decided verification.
    pub verification_id: String,
    /// Its session.
    pub session_id: String,
    /// The exact JSON sent on every attempt.
    pub body: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    /// Attempts made.
    pub attempts: i64,
    /// The last attempt's error.
    pub last_error: Option<String>,
    /// When the event was queued (the decision), unix seconds.
    pub created_at: i64,
    /// When an operator last re-queued it (`gateway redeliver`), unix seconds; `None`: never.
    pub queued_at: Option<i64>,
}

impl OutboxRow {
    /// Unix seconds since when this delivery has been tried: its last re-queuing by an operator,
    /// or else its creation. Retries stop `epic.max_age_hours` after it.
    pub fn retrying_since(&self) -> i64 {
        self.queued_at.unwrap_or(self.created_at)
    }
}

/// One audit entry.
#[derive(Debug, Clone)]
pub struct AuditRow {
    /// The verification it concerns, if any.
    pub verification_id: Option<String>,
    /// What happened (`session.created`, …).
    pub event: String,
    /// Small JSON, no personal data.
    pub detail: String,
    /// Unix seconds.
    pub at: i64,
}

/// A session to insert, with the hash of its capture token.
pub struct NewSession<'a> {
    /// The session.
    pub row: &'a SessionRow,
    /// SHA-256 of the capture token (the token itself is never stored).
    pub token_hash: &'a str,
}

/// An audit entry to write with a state change. `detail` holds no personal data.
pub struct Audit<'a> {
    /// What happened.
    pub event: &'a str,
    /// Small JSON, no personal data.
    pub detail: serde_json::Value,
}

/// A decision to record, with the webhook event that announces it.
pub struct Decided<'a> {
    /// The verification decided.
    pub verification_id: &'a str,
    /// Its session.
    pub session_id: &'a str,
    /// PASS, FAIL or ERROR.
    pub status: &'a str,
    /// Why it failed or errored.
    pub reason_code: Option<&'a str>,
    /// With `IDV0014`: why the last attempt failed.
    pub cause_code: Option<&'a str>,
    /// 1Kosmos's checks, JSON.
    pub checks_json: &'a str,
    /// The webhook event announcing it.
    pub event_id: &'a str,
    /// The webhook event's JSON.
    pub event_body: &'a str,
    /// The session's next status, if it changes (`completed` or `failed`).
    pub session_status: Option<&'a str>,
    /// The signed result token (PASS / FAIL) and when it expires.
    pub result_token: Option<(&'a str, i64)>,
    /// A sealed portrait to enrol (a full PASS with biometric consent), and when it expires.
    pub portrait: Option<(&'a [u8], i64)>,
    /// Unix seconds.
    pub now: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(status: &str, consent: i64) -> SessionRecord {
        SessionRecord {
            id: "s".into(),
            client_id: "c".into(),
            patient_ref: "p".into(),
            first_name: "A".into(),
            last_name: "B".into(),
            date_of_birth: "1990-01-02".into(),
            trigger: Trigger::Onboarding.as_str().into(),
            document_types: "passport".into(),
            host_origin: "https://h".into(),
            locale: "en".into(),
            status: status.into(),
            created_at: 1,
            expires_at: 2,
            nonce: "n".into(),
            mode: SessionMode::Full.as_str().into(),
            reverify_of: None,
            consent_biometric: consent,
            max_attempts: Some(3),
            max_retakes: None,
            document_upload: 1,
            patient_link: Some("ab12".into()),
        }
    }

    #[test]
    fn a_forgotten_link_reads_as_none() {
        let row = SessionRow::try_from(record(SessionStatus::Completed.as_str(), 1)).unwrap();
        assert_eq!(row.patient_link.as_deref(), Some("ab12"));
        for stored in [Some(String::new()), None] {
            let r = SessionRecord {
                patient_link: stored,
                ..record(SessionStatus::Completed.as_str(), 1)
            };
            assert_eq!(SessionRow::try_from(r).unwrap().patient_link, None);
        }
    }

    #[test]
    fn a_known_status_reads_typed() {
        let row = SessionRow::try_from(record(SessionStatus::Pending.as_str(), 1)).unwrap();
        assert_eq!(row.status, SessionStatus::Pending);
        assert!(row.consent_biometric);
        assert!(row.allow_document_upload);
        assert_eq!(row.attempts_allowed(5), Ok(3));
        let older = SessionRow {
            max_attempts: None,
            ..row.clone()
        };
        assert_eq!(older.attempts_allowed(5), Ok(5));
        let corrupt = SessionRow {
            max_attempts: Some(0),
            ..row
        };
        assert!(corrupt.attempts_allowed(5).is_err());
        let row = SessionRow::try_from(record(SessionStatus::Completed.as_str(), 0)).unwrap();
        assert_eq!(row.status, SessionStatus::Completed);
        assert!(!row.consent_biometric);
    }

    #[test]
    fn an_unknown_status_fails_the_read() {
        let e = SessionRow::try_from(record("halfway", 0)).unwrap_err();
        match e {
            sqlx::Error::ColumnDecode { index, source } => {
                assert_eq!(index, "status");
                assert!(source.to_string().contains("halfway"), "{source}");
            }
            other => panic!("expected a column decode error, got {other:?}"),
        }
    }

    #[test]
    fn an_unknown_verification_status_fails_the_read() {
        let r = VerificationRecord {
            id: "v".into(),
            session_id: "s".into(),
            idempotency_key: "k".into(),
            document_type: "passport".into(),
            status: "MAYBE".into(),
            reason_code: None,
            submitted_at: 1,
            deadline_at: 2,
            decided_at: None,
            result_token: None,
            token_expires_at: None,
            enrolment_id: None,
            cause_code: None,
        };
        assert!(VerificationRow::try_from(r.clone()).is_err());
        let ok = VerificationRecord {
            status: VerificationStatus::Pass.as_str().into(),
            ..r
        };
        assert_eq!(
            VerificationRow::try_from(ok).unwrap().status,
            VerificationStatus::Pass
        );
    }
}
