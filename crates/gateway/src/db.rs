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
}

pub struct NewSession<'a> {
    pub row: &'a SessionRow,
    pub token_hash: &'a str,
}

pub async fn insert_session(pool: &Pool, new: NewSession<'_>) -> Result<(), sqlx::Error> {
    let s = new.row;
    sqlx::query(
        "INSERT INTO sessions (id, client_id, token_hash, patient_ref, first_name, last_name,
            date_of_birth, trigger, document_types, host_origin, locale, status, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    .execute(pool)
    .await?;
    Ok(())
}

const SESSION_COLUMNS: &str = "id, client_id, patient_ref, first_name, last_name, date_of_birth,
    trigger, document_types, host_origin, locale, status, created_at, expires_at";

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

/// Records a decision, only if the verification is still PENDING (a late answer after the
/// deadline changes nothing). Returns whether it was recorded.
pub async fn decide(
    pool: &Pool,
    id: &str,
    status: &str,
    reason_code: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE verifications SET status = ?, reason_code = ?, decided_at = ?
         WHERE id = ? AND status = 'PENDING'",
    )
    .bind(status)
    .bind(reason_code)
    .bind(now)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
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
