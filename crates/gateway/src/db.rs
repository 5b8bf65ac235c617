//! Persistence: sessions and verification outcomes in SQLite. Never images, except the sealed
//! enrolled portrait of a PASS kept for re-verification (see [`crate::enrolment`]).
//!
//! Every statement is plain SQL that PostgreSQL also accepts; every state change is a
//! conditional statement and commits together with its audit event, so several gateway replicas
//! can share one database safely.

use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

pub type Pool = SqlitePool;

pub async fn connect(url: &str) -> Result<Pool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(std::time::Duration::from_secs(5))
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
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
    pub consent_biometric: bool,
}

pub struct NewSession<'a> {
    pub row: &'a SessionRow,
    pub token_hash: &'a str,
}

/// An audit entry to write with a state change. `detail` holds no personal data.
pub struct Audit<'a> {
    pub event: &'a str,
    pub detail: serde_json::Value,
}

/// The one statement that writes an audit entry.
fn audit_query<'q>(
    session_id: &'q str,
    verification_id: Option<&'q str>,
    event: &'q str,
    detail: &serde_json::Value,
    now: i64,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>> {
    sqlx::query(
        "INSERT INTO audit_events (session_id, verification_id, event, detail, at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(session_id)
    .bind(verification_id)
    .bind(event)
    .bind(detail.to_string())
    .bind(now)
}

async fn audit_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    session_id: &str,
    verification_id: Option<&str>,
    audit: &Audit<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    audit_query(session_id, verification_id, audit.event, &audit.detail, now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Inserts a session and its `session.created` audit entry in one transaction.
pub async fn insert_session(
    pool: &Pool,
    new: NewSession<'_>,
    audit: Audit<'_>,
) -> Result<(), sqlx::Error> {
    let s = new.row;
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO sessions (id, client_id, token_hash, patient_ref, first_name, last_name,
            date_of_birth, trigger, document_types, host_origin, locale, status, created_at, expires_at,
            nonce, mode, reverify_of)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&s.id)
    .bind(&s.client_id)
    .bind(new.token_hash)
    .bind(&s.patient_ref)
    .bind(&s.first_name)
    .bind(&s.last_name)
    .bind(&s.date_of_birth)
    .bind(&s.trigger)
    .bind(&s.document_types)
    .bind(&s.host_origin)
    .bind(&s.locale)
    .bind(&s.status)
    .bind(s.created_at)
    .bind(s.expires_at)
    .bind(&s.nonce)
    .bind(&s.mode)
    .bind(&s.reverify_of)
    .execute(&mut *tx)
    .await?;
    audit_in(&mut tx, &s.id, None, &audit, s.created_at).await?;
    tx.commit().await
}

const SESSION_COLUMNS: &str = "id, client_id, patient_ref, first_name, last_name, date_of_birth,
    trigger, document_types, host_origin, locale, status, created_at, expires_at, nonce, mode,
    reverify_of, consent_biometric = 1 AS consent_biometric";

pub async fn session_by_token_hash(
    pool: &Pool,
    token_hash: &str,
) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = ?"
    ))
    .bind(token_hash)
    .fetch_optional(pool)
    .await
}

pub async fn session_by_id(pool: &Pool, id: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
}

/// Answers consent: moves a `pending` session to `to` with its audit entry, in one transaction;
/// false when it was no longer pending.
pub async fn answer_consent(
    pool: &Pool,
    id: &str,
    to: &str,
    biometric: bool,
    audit: Audit<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let r = sqlx::query(
        "UPDATE sessions SET status = ?, consent_at = ?, consent_biometric = ?
         WHERE id = ? AND status = 'pending'",
    )
    .bind(to)
    .bind(now)
    .bind(i64::from(biometric))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    audit_in(&mut tx, id, None, &audit, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Takes the session's upload slot until `until` (unix seconds); false while another upload of
/// the same session holds it. Replica-safe: one conditional statement.
pub async fn take_upload_slot(
    pool: &Pool,
    id: &str,
    now: i64,
    until: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE sessions SET upload_lock_until = ? WHERE id = ? AND upload_lock_until <= ?",
    )
    .bind(until)
    .bind(id)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn release_upload_slot(pool: &Pool, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET upload_lock_until = 0 WHERE id = ?")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VerificationRow {
    pub id: String,
    pub session_id: String,
    pub idempotency_key: String,
    pub document_type: String,
    pub status: String,
    pub reason_code: Option<String>,
    pub submitted_at: i64,
    pub deadline_at: i64,
    pub decided_at: Option<i64>,
    /// The one signed result token of a PASS or FAIL.
    pub result_token: Option<String>,
    pub token_expires_at: Option<i64>,
    /// A re-verification: the document verification it builds on.
    pub enrolment_id: Option<String>,
}

const VERIFICATION_COLUMNS: &str = "id, session_id, idempotency_key, document_type, status,
    reason_code, submitted_at, deadline_at, decided_at, result_token, token_expires_at,
    enrolment_id";

pub async fn verification(pool: &Pool, id: &str) -> Result<Option<VerificationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {VERIFICATION_COLUMNS} FROM verifications WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
}

pub async fn verification_by_key(
    pool: &Pool,
    session_id: &str,
    key: &str,
) -> Result<Option<VerificationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {VERIFICATION_COLUMNS} FROM verifications WHERE session_id = ? AND idempotency_key = ?"
    ))
    .bind(session_id)
    .bind(key)
    .fetch_optional(pool)
    .await
}

/// Attempts used: every verification but an ERROR (no decision, so no attempt used).
pub async fn count_attempts(pool: &Pool, session_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM verifications WHERE session_id = ? AND status <> 'ERROR'",
    )
    .bind(session_id)
    .fetch_one(pool)
    .await
}

/// Inserts a PENDING verification, with its audit entries, unless the session already has one
/// pending or passed (a unique partial index holds that across replicas) or has used
/// `max_attempts`.
pub async fn insert_verification_if_allowed(
    pool: &Pool,
    row: &VerificationRow,
    max_attempts: u32,
    audits: &[Audit<'_>],
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let r = sqlx::query(
        "INSERT INTO verifications (id, session_id, idempotency_key, document_type, status,
            reason_code, submitted_at, deadline_at, decided_at, enrolment_id)
         SELECT ?, ?, ?, ?, 'PENDING', NULL, ?, ?, NULL, ?
         WHERE (SELECT COUNT(*) FROM verifications WHERE session_id = ? AND status <> 'ERROR') < ?",
    )
    .bind(&row.id)
    .bind(&row.session_id)
    .bind(&row.idempotency_key)
    .bind(&row.document_type)
    .bind(row.submitted_at)
    .bind(row.deadline_at)
    .bind(&row.enrolment_id)
    .bind(&row.session_id)
    .bind(i64::from(max_attempts))
    .execute(&mut *tx)
    .await;
    match r {
        Ok(r) if r.rows_affected() == 1 => {}
        Ok(_) => {
            tx.rollback().await?;
            return Ok(false);
        }
        // The same idempotency key, or a second live verification, raced in.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(false),
        Err(e) => return Err(e),
    }
    for audit in audits {
        audit_in(
            &mut tx,
            &row.session_id,
            Some(&row.id),
            audit,
            row.submitted_at,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// A decision to record, with the webhook event that announces it.
pub struct Decided<'a> {
    pub verification_id: &'a str,
    pub session_id: &'a str,
    pub status: &'a str,
    pub reason_code: Option<&'a str>,
    pub checks_json: &'a str,
    pub event_id: &'a str,
    pub event_body: &'a str,
    /// The session's next status, if it changes (`completed` or `failed`).
    pub session_status: Option<&'a str>,
    /// The signed result token (PASS / FAIL) and when it expires.
    pub result_token: Option<(&'a str, i64)>,
    /// A sealed portrait to enrol (a full PASS with biometric consent), and when it expires.
    pub portrait: Option<(&'a [u8], i64)>,
    pub now: i64,
}

/// Records a decision in one transaction: the verification (only if still PENDING, so a late
/// answer after the deadline changes nothing), its webhook event, its audit entry and the
/// session's status. Returns whether it was recorded.
pub async fn record_decision(pool: &Pool, d: Decided<'_>) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let r = sqlx::query(
        "UPDATE verifications SET status = ?, reason_code = ?, decided_at = ?, checks = ?,
            result_token = ?, token_expires_at = ?
         WHERE id = ? AND status = 'PENDING'",
    )
    .bind(d.status)
    .bind(d.reason_code)
    .bind(d.now)
    .bind(d.checks_json)
    .bind(d.result_token.map(|t| t.0))
    .bind(d.result_token.map(|t| t.1))
    .bind(d.verification_id)
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO webhook_outbox (event_id, verification_id, session_id, body, status,
            attempts, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)",
    )
    .bind(d.event_id)
    .bind(d.verification_id)
    .bind(d.session_id)
    .bind(d.event_body)
    .bind(d.now * 1000)
    .bind(d.now)
    .execute(&mut *tx)
    .await?;
    let detail = serde_json::json!({ "status": d.status, "reason_code": d.reason_code });
    sqlx::query(
        "INSERT INTO audit_events (session_id, verification_id, event, detail, at)
         VALUES (?, ?, 'verification.decided', ?, ?)",
    )
    .bind(d.session_id)
    .bind(d.verification_id)
    .bind(detail.to_string())
    .bind(d.now)
    .execute(&mut *tx)
    .await?;
    if let Some(next) = d.session_status {
        sqlx::query("UPDATE sessions SET status = ? WHERE id = ? AND status = 'in_progress'")
            .bind(next)
            .bind(d.session_id)
            .execute(&mut *tx)
            .await?;
    }
    if let Some((sealed, expires_at)) = d.portrait {
        sqlx::query(
            "INSERT INTO enrolled_portraits (verification_id, sealed, enrolled_at, expires_at)
             VALUES (?, ?, ?, ?)",
        )
        .bind(d.verification_id)
        .bind(sealed)
        .bind(d.now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// PENDING verifications past their deadline, with their sessions: left by a crash, a restart or
/// a vendor that never answered.
pub async fn overdue(
    pool: &Pool,
    now: i64,
    limit: i64,
) -> Result<Vec<(VerificationRow, SessionRow)>, sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM verifications WHERE status = 'PENDING' AND deadline_at < ?
         ORDER BY deadline_at LIMIT ?",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(pair) = verification_with_session(pool, &id).await? {
            out.push(pair);
        }
    }
    Ok(out)
}

/// The sealed portrait enrolled at `verification_id`, while it has not aged out.
pub async fn portrait(
    pool: &Pool,
    verification_id: &str,
    now: i64,
) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT sealed FROM enrolled_portraits WHERE verification_id = ? AND expires_at > ?",
    )
    .bind(verification_id)
    .bind(now)
    .fetch_optional(pool)
    .await
}

/// Deletes the portraits that have aged out; returns how many.
pub async fn delete_aged_portraits(pool: &Pool, now: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM enrolled_portraits WHERE expires_at <= ?")
        .bind(now)
        .execute(pool)
        .await?;
    Ok(r.rows_affected())
}

/// Retention: blanks names, birth dates and patient references of sessions that ended before
/// `cutoff`, the result tokens of their verifications and the bodies of their settled webhook
/// events. The audit trail stays. Returns how many sessions were purged.
pub async fn purge_personal_data(pool: &Pool, cutoff: i64, now: i64) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let r = sqlx::query(
        "UPDATE sessions SET patient_ref = '', first_name = '', last_name = '',
            date_of_birth = '', purged_at = ?
         WHERE purged_at IS NULL AND expires_at < ?",
    )
    .bind(now)
    .bind(cutoff)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE verifications SET result_token = NULL
         WHERE result_token IS NOT NULL
           AND session_id IN (SELECT id FROM sessions WHERE purged_at IS NOT NULL)",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE webhook_outbox SET body = '{\"purged\":true}'
         WHERE status IN ('delivered', 'failed') AND body <> '{\"purged\":true}'
           AND session_id IN (SELECT id FROM sessions WHERE purged_at IS NOT NULL)",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(r.rows_affected())
}

/// Appends an audit entry. `detail` must hold no personal data.
pub async fn audit(
    pool: &Pool,
    session_id: &str,
    verification_id: Option<&str>,
    event: &str,
    detail: serde_json::Value,
    now: i64,
) -> Result<(), sqlx::Error> {
    audit_query(session_id, verification_id, event, &detail, now)
        .execute(pool)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub verification_id: Option<String>,
    pub event: String,
    pub detail: String,
    pub at: i64,
}

/// Every audit entry of a session, oldest first.
pub async fn audit_trail(pool: &Pool, session_id: &str) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT verification_id, event, detail, at FROM audit_events
         WHERE session_id = ? ORDER BY id",
    )
    .bind(session_id)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub event_id: String,
    pub verification_id: String,
    pub session_id: String,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// Leases one due delivery to the caller until `lease_until_ms`, fenced by `lease_token`: only
/// the holder of the token can record the attempt. Rows are leased one at a time, so a slow
/// receiver never holds another row's lease past its time.
pub async fn claim_due_webhook(
    pool: &Pool,
    now_ms: i64,
    lease_until_ms: i64,
    lease_token: &str,
) -> Result<Option<OutboxRow>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE webhook_outbox SET lease_until = ?, lease_token = ?
         WHERE event_id = (
             SELECT event_id FROM webhook_outbox
             WHERE status = 'pending' AND next_attempt_at <= ? AND lease_until <= ?
             ORDER BY next_attempt_at LIMIT 1)
           AND status = 'pending' AND lease_until <= ?
         RETURNING event_id, verification_id, session_id, body, status, attempts, last_error",
    )
    .bind(lease_until_ms)
    .bind(lease_token)
    .bind(now_ms)
    .bind(now_ms)
    .bind(now_ms)
    .fetch_optional(pool)
    .await
}

/// Records one attempt's result, only for the lease holder and only while the row is pending:
/// a late worker can never turn `delivered` back into `pending`. `status` is `delivered`,
/// `pending` (retry at `next_ms`) or `failed`. Returns whether it was recorded.
#[allow(clippy::too_many_arguments)]
pub async fn webhook_attempted(
    pool: &Pool,
    event_id: &str,
    lease_token: &str,
    attempts: i64,
    status: &str,
    next_ms: i64,
    error: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE webhook_outbox SET attempts = ?, status = ?, next_attempt_at = ?, lease_until = 0,
            lease_token = NULL, last_error = ?,
            delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END
         WHERE event_id = ? AND lease_token = ? AND status = 'pending'",
    )
    .bind(attempts)
    .bind(status)
    .bind(next_ms)
    .bind(error)
    .bind(status)
    .bind(now)
    .bind(event_id)
    .bind(lease_token)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Sends failed deliveries again: one event (whatever its status but `delivered`), or every
/// `failed` one. Returns how many were re-queued.
pub async fn redeliver(
    pool: &Pool,
    event_id: Option<&str>,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    let r =
        match event_id {
            Some(id) => sqlx::query(
                "UPDATE webhook_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?,
                    lease_until = 0, lease_token = NULL
                 WHERE event_id = ? AND status <> 'delivered'",
            )
            .bind(now_ms)
            .bind(id)
            .execute(pool)
            .await?,
            None => sqlx::query(
                "UPDATE webhook_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?,
                    lease_until = 0, lease_token = NULL
                 WHERE status = 'failed'",
            )
            .bind(now_ms)
            .execute(pool)
            .await?,
        };
    Ok(r.rows_affected())
}

/// Deliveries by status, for `/healthz`.
pub async fn webhook_backlog(pool: &Pool) -> Result<(i64, i64), sqlx::Error> {
    let (pending, failed): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0)
         FROM webhook_outbox",
    )
    .fetch_one(pool)
    .await?;
    Ok((pending, failed))
}

pub async fn webhook_for(
    pool: &Pool,
    verification_id: &str,
) -> Result<Option<OutboxRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT event_id, verification_id, session_id, body, status, attempts, last_error
         FROM webhook_outbox WHERE verification_id = ?",
    )
    .bind(verification_id)
    .fetch_optional(pool)
    .await
}

/// The verification with its session, for the server-to-server read.
pub async fn verification_with_session(
    pool: &Pool,
    id: &str,
) -> Result<Option<(VerificationRow, SessionRow)>, sqlx::Error> {
    let Some(v) = verification(pool, id).await? else {
        return Ok(None);
    };
    Ok(session_by_id(pool, &v.session_id).await?.map(|s| (v, s)))
}
