//! Persistence: sessions and verification outcomes in SQLite. Never images.
//!
//! Every statement is plain SQL that PostgreSQL also accepts, and every state change is a single
//! conditional statement, so several gateway replicas can share one database safely.

use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::SqlitePool;

pub type Pool = SqlitePool;

pub async fn connect(url: &str) -> Result<Pool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
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
}

pub struct NewSession<'a> {
    pub row: &'a SessionRow,
    pub token_hash: &'a str,
}

pub async fn insert_session(pool: &Pool, new: NewSession<'_>) -> Result<(), sqlx::Error> {
    let s = new.row;
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
    .execute(pool)
    .await?;
    Ok(())
}

const SESSION_COLUMNS: &str = "id, client_id, patient_ref, first_name, last_name, date_of_birth,
    trigger, document_types, host_origin, locale, status, created_at, expires_at, nonce, mode,
    reverify_of";

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

/// Moves a session from `from` to `to`; false when it was no longer in `from`.
pub async fn transition_session(
    pool: &Pool,
    id: &str,
    from: &str,
    to: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let consent = if from == "pending" { Some(now) } else { None };
    let r = sqlx::query(
        "UPDATE sessions SET status = ?, consent_at = COALESCE(?, consent_at)
         WHERE id = ? AND status = ?",
    )
    .bind(to)
    .bind(consent)
    .bind(id)
    .bind(from)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
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
}

const VERIFICATION_COLUMNS: &str = "id, session_id, idempotency_key, document_type, status,
    reason_code, submitted_at, deadline_at, decided_at";

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

pub async fn count_attempts(pool: &Pool, session_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM verifications WHERE session_id = ?")
        .bind(session_id)
        .fetch_one(pool)
        .await
}

/// Inserts a PENDING verification unless the session already has one pending or passed, or has
/// used `max_attempts`. One statement, so concurrent submits cannot both get in.
pub async fn insert_verification_if_allowed(
    pool: &Pool,
    row: &VerificationRow,
    max_attempts: u32,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO verifications (id, session_id, idempotency_key, document_type, status,
            reason_code, submitted_at, deadline_at, decided_at)
         SELECT ?, ?, ?, ?, 'PENDING', NULL, ?, ?, NULL
         WHERE NOT EXISTS (SELECT 1 FROM verifications
                           WHERE session_id = ? AND status IN ('PENDING', 'PASS'))
           AND (SELECT COUNT(*) FROM verifications WHERE session_id = ?) < ?",
    )
    .bind(&row.id)
    .bind(&row.session_id)
    .bind(&row.idempotency_key)
    .bind(&row.document_type)
    .bind(row.submitted_at)
    .bind(row.deadline_at)
    .bind(&row.session_id)
    .bind(&row.session_id)
    .bind(i64::from(max_attempts))
    .execute(pool)
    .await;
    match r {
        Ok(r) => Ok(r.rows_affected() == 1),
        // The same idempotency key raced in: the caller reads the existing row.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e),
    }
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
    pub now: i64,
}

/// Records a decision in one transaction: the verification (only if still PENDING, so a late
/// answer after the deadline changes nothing), its webhook event, its audit entry and the
/// session's status. Returns whether it was recorded.
pub async fn record_decision(pool: &Pool, d: Decided<'_>) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let r = sqlx::query(
        "UPDATE verifications SET status = ?, reason_code = ?, decided_at = ?, checks = ?
         WHERE id = ? AND status = 'PENDING'",
    )
    .bind(d.status)
    .bind(d.reason_code)
    .bind(d.now)
    .bind(d.checks_json)
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
    tx.commit().await?;
    Ok(true)
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
    sqlx::query(
        "INSERT INTO audit_events (session_id, verification_id, event, detail, at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(session_id)
    .bind(verification_id)
    .bind(event)
    .bind(detail.to_string())
    .bind(now)
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

/// Leases up to `limit` due deliveries to this replica until `lease_until_ms`.
pub async fn claim_due_webhooks(
    pool: &Pool,
    now_ms: i64,
    lease_until_ms: i64,
    limit: i64,
) -> Result<Vec<OutboxRow>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE webhook_outbox SET lease_until = ?
         WHERE event_id IN (
             SELECT event_id FROM webhook_outbox
             WHERE status = 'pending' AND next_attempt_at <= ? AND lease_until <= ?
             ORDER BY next_attempt_at LIMIT ?)
         RETURNING event_id, verification_id, session_id, body, status, attempts, last_error",
    )
    .bind(lease_until_ms)
    .bind(now_ms)
    .bind(now_ms)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Records one attempt's result: `status` is `delivered`, `pending` (retry at `next_ms`) or
/// `failed`.
pub async fn webhook_attempted(
    pool: &Pool,
    event_id: &str,
    attempts: i64,
    status: &str,
    next_ms: i64,
    error: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE webhook_outbox SET attempts = ?, status = ?, next_attempt_at = ?, lease_until = 0,
            last_error = ?, delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END
         WHERE event_id = ?",
    )
    .bind(attempts)
    .bind(status)
    .bind(next_ms)
    .bind(error)
    .bind(status)
    .bind(now)
    .bind(event_id)
    .execute(pool)
    .await?;
    Ok(())
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
