//! Persistence: sessions and verification outcomes, in SQLite (one machine, the default) or
//! PostgreSQL (several replicas). Never images, except the sealed enrolled portrait of a PASS
//! kept for re-verification (see [`crate::enrolment`]).
//!
//! All SQL lives in this file. Every statement is written once, with `$n` placeholders that both
//! engines accept, and type-checked against both drivers (the [`read!`] / [`write!`] macros expand
//! each body once per engine); the one statement that differs (the outbox claim, which takes
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL) has one text per engine next to each other. Every state
//! change is a conditional statement and commits together with its audit event, so several
//! gateway replicas can share one PostgreSQL database safely.

use std::str::FromStr;
use std::time::Duration;

use idv_wire::{SessionMode, SessionStatus, Trigger, VerificationStatus};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// The database engine a `database_url` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// `sqlite:…` or `postgres://…` / `postgresql://…`; anything else is a configuration error.
    pub fn of_url(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// A connection pool on either engine.
#[derive(Clone, Debug)]
pub enum Pool {
    /// SQLite allows one writer at a time: every write goes through a pool of one connection
    /// (writes queue in the pool instead of sleeping in SQLite's busy handler), reads through
    /// a few read-only connections that WAL lets run beside the writer.
    Sqlite {
        write: SqlitePool,
        read: SqlitePool,
    },
    Postgres(PgPool),
}

impl Pool {
    pub fn engine(&self) -> Engine {
        match self {
            Pool::Sqlite { .. } => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }
}

/// Runs `$body` with `$p` bound to the engine's pool for reads (each engine type-checks it).
macro_rules! read {
    ($pool:expr, |$p:ident| $body:expr) => {
        match $pool {
            Pool::Sqlite { read: $p, .. } => $body,
            Pool::Postgres($p) => $body,
        }
    };
}

/// Runs `$body` with `$p` bound to the engine's pool for writes.
macro_rules! write {
    ($pool:expr, |$p:ident| $body:expr) => {
        match $pool {
            Pool::Sqlite { write: $p, .. } => $body,
            Pool::Postgres($p) => $body,
        }
    };
}

/// Connections per PostgreSQL pool (per replica).
const PG_CONNECTIONS: u32 = 16;
/// Read-only SQLite connections beside the one writer.
const SQLITE_READERS: u32 = 4;

/// Connects to `url` and brings its schema up to date. On PostgreSQL the migrator holds an
/// advisory lock, so replicas starting together migrate once.
pub async fn connect(url: &str) -> Result<Pool, sqlx::Error> {
    match Engine::of_url(url) {
        Some(Engine::Sqlite) => {
            // Two processes opening one new file together: the one that loses the race to
            // switch it to WAL (or to create it) is told "database is locked" at once, without
            // SQLite's busy handler. Opening again, once the other is done, settles it.
            let mut tries = 0;
            loop {
                match connect_sqlite(url).await {
                    Err(e) if tries < 5 && is_locked(&e) => {
                        tries += 1;
                        tracing::warn!(error = %e, "opening SQLite; trying again");
                        tokio::time::sleep(Duration::from_millis(200 * tries)).await;
                    }
                    result => break result,
                }
            }
        }
        Some(Engine::Postgres) => {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(PG_CONNECTIONS)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            sqlx::migrate!("./migrations/postgres").run(&pool).await?;
            Ok(Pool::Postgres(pool))
        }
        None => Err(sqlx::Error::Configuration(
            "database_url must start with sqlite: or postgres://".into(),
        )),
    }
}

/// SQLITE_BUSY (5) or SQLITE_LOCKED (6), however the driver reports it.
fn is_locked(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => {
            matches!(d.code().as_deref(), Some("5" | "6")) || d.message().contains("locked")
        }
        sqlx::Error::Migrate(m) => m.to_string().contains("locked"),
        _ => false,
    }
}

async fn connect_sqlite(url: &str) -> Result<Pool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options.clone())
        .await?;
    // SQLite has no migration lock: of two processes starting together on one file, one may
    // find the other's migration applied halfway through its own check. Each migration commits
    // as a whole, so trying again (the migrator then skips what is applied) settles it.
    let migrator = sqlx::migrate!("./migrations/sqlite");
    let mut tries = 0;
    while let Err(e) = migrator.run(&write).await {
        tries += 1;
        if tries == 5 {
            return Err(e.into());
        }
        tracing::warn!(error = %e, "migrating SQLite; trying again");
        tokio::time::sleep(Duration::from_millis(200 * tries)).await;
    }
    // An in-memory database exists once per pool: read it through the writer.
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let read = if in_memory {
        write.clone()
    } else {
        SqlitePoolOptions::new()
            .max_connections(SQLITE_READERS)
            .connect_with(options.read_only(true))
            .await?
    };
    Ok(Pool::Sqlite { write, read })
}

/// Whether the database answers (for `/readyz`).
pub async fn ping(pool: &Pool) -> Result<(), sqlx::Error> {
    let one: i64 = write!(pool, |p| sqlx::query_scalar("SELECT CAST(1 AS BIGINT)")
        .fetch_one(p)
        .await)?;
    if one == 1 {
        Ok(())
    } else {
        Err(sqlx::Error::Protocol("SELECT 1 did not answer 1".into()))
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub client_id: String,
    pub patient_ref: String,
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: String,
    #[sqlx(try_from = "String")]
    pub trigger: Trigger,
    pub document_types: String,
    pub host_origin: String,
    pub locale: String,
    /// Typed across the database boundary: an unknown text fails the read.
    #[sqlx(try_from = "String")]
    pub status: SessionStatus,
    pub created_at: i64,
    pub expires_at: i64,
    pub nonce: String,
    #[sqlx(try_from = "String")]
    pub mode: SessionMode,
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
const INSERT_AUDIT: &str =
    "INSERT INTO audit_events (session_id, verification_id, event, detail, at)
     VALUES ($1, $2, $3, $4, $5)";

/// Writes an audit entry on `$exec` (a pool or `&mut *tx`).
macro_rules! insert_audit {
    ($exec:expr, $session_id:expr, $verification_id:expr, $event:expr, $detail:expr, $now:expr) => {
        sqlx::query(INSERT_AUDIT)
            .bind($session_id)
            .bind($verification_id)
            .bind($event)
            .bind($detail.to_string())
            .bind($now)
            .execute($exec)
            .await
    };
}

/// Inserts a session and its `session.created` audit entry in one transaction.
pub async fn insert_session(
    pool: &Pool,
    new: NewSession<'_>,
    audit: Audit<'_>,
) -> Result<(), sqlx::Error> {
    let s = new.row;
    write!(pool, |p| {
        let mut tx = p.begin().await?;
        sqlx::query(
            "INSERT INTO sessions (id, client_id, token_hash, patient_ref, first_name, last_name,
                date_of_birth, trigger, document_types, host_origin, locale, status, created_at,
                expires_at, nonce, mode, reverify_of)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        )
        .bind(&s.id)
        .bind(&s.client_id)
        .bind(new.token_hash)
        .bind(&s.patient_ref)
        .bind(&s.first_name)
        .bind(&s.last_name)
        .bind(&s.date_of_birth)
        .bind(s.trigger.as_str())
        .bind(&s.document_types)
        .bind(&s.host_origin)
        .bind(&s.locale)
        .bind(s.status.as_str())
        .bind(s.created_at)
        .bind(s.expires_at)
        .bind(&s.nonce)
        .bind(s.mode.as_str())
        .bind(&s.reverify_of)
        .execute(&mut *tx)
        .await?;
        insert_audit!(
            &mut *tx,
            &s.id,
            None::<&str>,
            audit.event,
            audit.detail,
            s.created_at
        )?;
        tx.commit().await
    })
}

const SESSION_COLUMNS: &str = "id, client_id, patient_ref, first_name, last_name, date_of_birth,
    trigger, document_types, host_origin, locale, status, created_at, expires_at, nonce, mode,
    reverify_of, consent_biometric = 1 AS consent_biometric";

pub async fn session_by_token_hash(
    pool: &Pool,
    token_hash: &str,
) -> Result<Option<SessionRow>, sqlx::Error> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = $1");
    read!(pool, |p| sqlx::query_as(&sql)
        .bind(token_hash)
        .fetch_optional(p)
        .await)
}

pub async fn session_by_id(pool: &Pool, id: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = $1");
    read!(pool, |p| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)
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
    write!(pool, |p| {
        let mut tx = p.begin().await?;
        let r = sqlx::query(
            "UPDATE sessions SET status = $1, consent_at = $2, consent_biometric = $3
             WHERE id = $4 AND status = 'pending'",
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
        insert_audit!(&mut *tx, id, None::<&str>, audit.event, audit.detail, now)?;
        tx.commit().await?;
        Ok(true)
    })
}

/// Takes the session's upload slot until `until` (unix seconds); false while another upload of
/// the same session holds it. Replica-safe: one conditional statement.
pub async fn take_upload_slot(
    pool: &Pool,
    id: &str,
    now: i64,
    until: i64,
) -> Result<bool, sqlx::Error> {
    let r = write!(pool, |p| sqlx::query(
        "UPDATE sessions SET upload_lock_until = $1 WHERE id = $2 AND upload_lock_until <= $3",
    )
    .bind(until)
    .bind(id)
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(r == 1)
}

pub async fn release_upload_slot(pool: &Pool, id: &str) -> Result<(), sqlx::Error> {
    write!(pool, |p| sqlx::query(
        "UPDATE sessions SET upload_lock_until = 0 WHERE id = $1"
    )
    .bind(id)
    .execute(p)
    .await
    .map(|_| ()))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VerificationRow {
    pub id: String,
    pub session_id: String,
    pub idempotency_key: String,
    pub document_type: String,
    #[sqlx(try_from = "String")]
    pub status: VerificationStatus,
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
    let sql = format!("SELECT {VERIFICATION_COLUMNS} FROM verifications WHERE id = $1");
    read!(pool, |p| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)
}

pub async fn verification_by_key(
    pool: &Pool,
    session_id: &str,
    key: &str,
) -> Result<Option<VerificationRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {VERIFICATION_COLUMNS} FROM verifications
         WHERE session_id = $1 AND idempotency_key = $2"
    );
    read!(pool, |p| sqlx::query_as(&sql)
        .bind(session_id)
        .bind(key)
        .fetch_optional(p)
        .await)
}

/// Attempts used: every verification but an ERROR (no decision, so no attempt used).
pub async fn count_attempts(pool: &Pool, session_id: &str) -> Result<i64, sqlx::Error> {
    read!(pool, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM verifications WHERE session_id = $1 AND status <> 'ERROR'",
    )
    .bind(session_id)
    .fetch_one(p)
    .await)
}

/// Inserts a PENDING verification, with its audit entries, unless the session already has one
/// pending or passed (the unique partial index `one_live_verification_per_session` holds that
/// across replicas, at any isolation level) or has used `max_attempts`. The same idempotency key
/// twice in one session is refused by the `(session_id, idempotency_key)` unique constraint.
pub async fn insert_verification_if_allowed(
    pool: &Pool,
    row: &VerificationRow,
    max_attempts: u32,
    audits: &[Audit<'_>],
) -> Result<bool, sqlx::Error> {
    write!(pool, |p| {
        let mut tx = p.begin().await?;
        let r = sqlx::query(
            "INSERT INTO verifications (id, session_id, idempotency_key, document_type, status,
                submitted_at, deadline_at, enrolment_id)
             SELECT $1, $2, $3, $4, 'PENDING', $5, $6, $7
             WHERE (SELECT COUNT(*) FROM verifications
                    WHERE session_id = $8 AND status <> 'ERROR') < $9",
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
            insert_audit!(
                &mut *tx,
                &row.session_id,
                Some(row.id.as_str()),
                audit.event,
                audit.detail,
                row.submitted_at
            )?;
        }
        tx.commit().await?;
        Ok(true)
    })
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
/// answer after the deadline changes nothing, and of two replicas deciding at once only the
/// first: the second waits on the row lock, then finds it decided), its webhook event, its audit
/// entry and the session's status. Returns whether it was recorded.
pub async fn record_decision(pool: &Pool, d: Decided<'_>) -> Result<bool, sqlx::Error> {
    let detail = serde_json::json!({ "status": d.status, "reason_code": d.reason_code });
    write!(pool, |p| {
        let mut tx = p.begin().await?;
        let r = sqlx::query(
            "UPDATE verifications SET status = $1, reason_code = $2, decided_at = $3, checks = $4,
                result_token = $5, token_expires_at = $6
             WHERE id = $7 AND status = 'PENDING'",
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
             VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6)",
        )
        .bind(d.event_id)
        .bind(d.verification_id)
        .bind(d.session_id)
        .bind(d.event_body)
        .bind(d.now * 1000)
        .bind(d.now)
        .execute(&mut *tx)
        .await?;
        insert_audit!(
            &mut *tx,
            d.session_id,
            Some(d.verification_id),
            "verification.decided",
            detail,
            d.now
        )?;
        if let Some(next) = d.session_status {
            sqlx::query("UPDATE sessions SET status = $1 WHERE id = $2 AND status = 'in_progress'")
                .bind(next)
                .bind(d.session_id)
                .execute(&mut *tx)
                .await?;
        }
        if let Some((sealed, expires_at)) = d.portrait {
            sqlx::query(
                "INSERT INTO enrolled_portraits (verification_id, sealed, enrolled_at, expires_at)
                 VALUES ($1, $2, $3, $4)",
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
    })
}

/// Held while one replica sweeps: on PostgreSQL a transaction-scoped advisory lock (released by
/// the commit, or by the server when the replica dies), so replicas take turns instead of all
/// finalising the same overdue rows at once. Each sweep step stays conditional, so the lock only
/// saves work; correctness does not depend on it. SQLite has one writer anyway: nothing to hold.
pub struct SweepTurn(Option<sqlx::Transaction<'static, sqlx::Postgres>>);

impl SweepTurn {
    pub async fn release(self) -> Result<(), sqlx::Error> {
        match self.0 {
            Some(tx) => tx.commit().await,
            None => Ok(()),
        }
    }
}

/// This replica's turn to sweep, or `None` while another replica is sweeping.
pub async fn sweep_turn(pool: &Pool) -> Result<Option<SweepTurn>, sqlx::Error> {
    match pool {
        Pool::Sqlite { .. } => Ok(Some(SweepTurn(None))),
        Pool::Postgres(p) => {
            let mut tx = p.begin().await?;
            // 0x1d5_5eeb: any constant; every replica uses the same one.
            let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock(30760683)")
                .fetch_one(&mut *tx)
                .await?;
            Ok(got.then_some(SweepTurn(Some(tx))))
        }
    }
}

/// PENDING verifications past their deadline, with their sessions: left by a crash, a restart or
/// a vendor that never answered.
pub async fn overdue(
    pool: &Pool,
    now: i64,
    limit: i64,
) -> Result<Vec<(VerificationRow, SessionRow)>, sqlx::Error> {
    let ids: Vec<String> = read!(pool, |p| sqlx::query_scalar(
        "SELECT id FROM verifications WHERE status = 'PENDING' AND deadline_at < $1
         ORDER BY deadline_at LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(p)
    .await)?;
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
    read!(pool, |p| sqlx::query_scalar(
        "SELECT sealed FROM enrolled_portraits WHERE verification_id = $1 AND expires_at > $2",
    )
    .bind(verification_id)
    .bind(now)
    .fetch_optional(p)
    .await)
}

/// Deletes the portraits that have aged out; returns how many.
pub async fn delete_aged_portraits(pool: &Pool, now: i64) -> Result<u64, sqlx::Error> {
    write!(pool, |p| sqlx::query(
        "DELETE FROM enrolled_portraits WHERE expires_at <= $1"
    )
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))
}

/// Retention: blanks names, birth dates and patient references of sessions that ended before
/// `cutoff`, the result tokens of their verifications and the bodies of their settled webhook
/// events. The audit trail stays. Returns how many sessions were purged.
pub async fn purge_personal_data(pool: &Pool, cutoff: i64, now: i64) -> Result<u64, sqlx::Error> {
    write!(pool, |p| {
        let mut tx = p.begin().await?;
        let r = sqlx::query(
            "UPDATE sessions SET patient_ref = '', first_name = '', last_name = '',
                date_of_birth = '', purged_at = $1
             WHERE purged_at IS NULL AND expires_at < $2",
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
    })
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
    write!(pool, |p| insert_audit!(
        p,
        session_id,
        verification_id,
        event,
        detail,
        now
    )
    .map(|_| ()))
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
    read!(pool, |p| sqlx::query_as(
        "SELECT verification_id, event, detail, at FROM audit_events
         WHERE session_id = $1 ORDER BY id",
    )
    .bind(session_id)
    .fetch_all(p)
    .await)
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

/// The outbox claim on SQLite: one writer at a time, so the subquery and the update cannot
/// interleave with another claim.
const CLAIM_SQLITE: &str = "UPDATE webhook_outbox SET lease_until = $1, lease_token = $2
     WHERE event_id = (
         SELECT event_id FROM webhook_outbox
         WHERE status = 'pending' AND next_attempt_at <= $3 AND lease_until <= $4
         ORDER BY next_attempt_at LIMIT 1)
       AND status = 'pending' AND lease_until <= $5
     RETURNING event_id, verification_id, session_id, body, status, attempts, last_error";

/// The outbox claim on PostgreSQL: `FOR UPDATE SKIP LOCKED` lets replicas claiming at once take
/// different rows instead of queueing on (and then missing) the same one.
const CLAIM_POSTGRES: &str = "UPDATE webhook_outbox SET lease_until = $1, lease_token = $2
     WHERE event_id = (
         SELECT event_id FROM webhook_outbox
         WHERE status = 'pending' AND next_attempt_at <= $3 AND lease_until <= $4
         ORDER BY next_attempt_at LIMIT 1
         FOR UPDATE SKIP LOCKED)
       AND status = 'pending' AND lease_until <= $5
     RETURNING event_id, verification_id, session_id, body, status, attempts, last_error";

/// Leases one due delivery to the caller until `lease_until_ms`, fenced by `lease_token`: only
/// the holder of the token can record the attempt. Rows are leased one at a time, so a slow
/// receiver never holds another row's lease past its time.
pub async fn claim_due_webhook(
    pool: &Pool,
    now_ms: i64,
    lease_until_ms: i64,
    lease_token: &str,
) -> Result<Option<OutboxRow>, sqlx::Error> {
    let sql = match pool.engine() {
        Engine::Sqlite => CLAIM_SQLITE,
        Engine::Postgres => CLAIM_POSTGRES,
    };
    write!(pool, |p| sqlx::query_as(sql)
        .bind(lease_until_ms)
        .bind(lease_token)
        .bind(now_ms)
        .bind(now_ms)
        .bind(now_ms)
        .fetch_optional(p)
        .await)
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
    let delivered_at = (status == "delivered").then_some(now);
    let n = write!(pool, |p| sqlx::query(
        "UPDATE webhook_outbox SET attempts = $1, status = $2, next_attempt_at = $3,
            lease_until = 0, lease_token = NULL, last_error = $4,
            delivered_at = COALESCE($5, delivered_at)
         WHERE event_id = $6 AND lease_token = $7 AND status = 'pending'",
    )
    .bind(attempts)
    .bind(status)
    .bind(next_ms)
    .bind(error)
    .bind(delivered_at)
    .bind(event_id)
    .bind(lease_token)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Sends failed deliveries again: one event (whatever its status but `delivered`), or every
/// `failed` one. Returns how many were re-queued.
pub async fn redeliver(
    pool: &Pool,
    event_id: Option<&str>,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    write!(pool, |p| match event_id {
        Some(id) => sqlx::query(
            "UPDATE webhook_outbox SET status = 'pending', attempts = 0, next_attempt_at = $1,
                lease_until = 0, lease_token = NULL
             WHERE event_id = $2 AND status <> 'delivered'",
        )
        .bind(now_ms)
        .bind(id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()),
        None => sqlx::query(
            "UPDATE webhook_outbox SET status = 'pending', attempts = 0, next_attempt_at = $1,
                lease_until = 0, lease_token = NULL
             WHERE status = 'failed'",
        )
        .bind(now_ms)
        .execute(p)
        .await
        .map(|r| r.rows_affected()),
    })
}

/// Deliveries by status, for `/healthz` and `/metrics`.
pub async fn webhook_backlog(pool: &Pool) -> Result<(i64, i64), sqlx::Error> {
    read!(pool, |p| sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS BIGINT)
         FROM webhook_outbox",
    )
    .fetch_one(p)
    .await)
}

pub async fn webhook_for(
    pool: &Pool,
    verification_id: &str,
) -> Result<Option<OutboxRow>, sqlx::Error> {
    read!(pool, |p| sqlx::query_as(
        "SELECT event_id, verification_id, session_id, body, status, attempts, last_error
         FROM webhook_outbox WHERE verification_id = $1",
    )
    .bind(verification_id)
    .fetch_optional(p)
    .await)
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

/// A "Continue on your phone" link of a session (tokens and code stored hashed).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HandoffRow {
    pub id: String,
    pub session_id: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub redeemed_at: Option<i64>,
}

/// A handoff to insert: its row and the hashes of its link token and short code.
pub struct NewHandoff<'a> {
    pub row: &'a HandoffRow,
    pub token_hash: &'a str,
    pub code_hash: &'a str,
}

/// Inserts a handoff and its `handoff.created` audit entry in one transaction.
pub async fn insert_handoff(
    pool: &Pool,
    new: NewHandoff<'_>,
    audit: Audit<'_>,
) -> Result<(), sqlx::Error> {
    let h = new.row;
    write!(pool, |p| {
        let mut tx = p.begin().await?;
        sqlx::query(
            "INSERT INTO handoffs (id, session_id, token_hash, code_hash, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&h.id)
        .bind(&h.session_id)
        .bind(new.token_hash)
        .bind(new.code_hash)
        .bind(h.created_at)
        .bind(h.expires_at)
        .execute(&mut *tx)
        .await?;
        insert_audit!(
            &mut *tx,
            &h.session_id,
            None::<&str>,
            audit.event,
            audit.detail,
            h.created_at
        )?;
        tx.commit().await
    })
}

pub async fn handoff_by_token_hash(
    pool: &Pool,
    token_hash: &str,
) -> Result<Option<HandoffRow>, sqlx::Error> {
    read!(pool, |p| sqlx::query_as(
        "SELECT id, session_id, created_at, expires_at, redeemed_at FROM handoffs
         WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(p)
    .await)
}

/// The newest handoff with this short code (codes are short: an old one may repeat).
pub async fn handoff_by_code_hash(
    pool: &Pool,
    code_hash: &str,
) -> Result<Option<HandoffRow>, sqlx::Error> {
    read!(pool, |p| sqlx::query_as(
        "SELECT id, session_id, created_at, expires_at, redeemed_at FROM handoffs
         WHERE code_hash = $1 ORDER BY created_at DESC LIMIT 1",
    )
    .bind(code_hash)
    .fetch_optional(p)
    .await)
}

/// Redeems a handoff once, before it expires: records the phone's capture token hash with the
/// `handoff.redeemed` audit entry, in one transaction. False when it was already redeemed or
/// has expired (of two phones redeeming at once, only the first).
pub async fn redeem_handoff(
    pool: &Pool,
    handoff: &HandoffRow,
    phone_token_hash: &str,
    audit: Audit<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    write!(pool, |p| {
        let mut tx = p.begin().await?;
        let r = sqlx::query(
            "UPDATE handoffs SET redeemed_at = $1, phone_token_hash = $2
             WHERE id = $3 AND redeemed_at IS NULL AND expires_at > $4",
        )
        .bind(now)
        .bind(phone_token_hash)
        .bind(&handoff.id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        insert_audit!(
            &mut *tx,
            &handoff.session_id,
            None::<&str>,
            audit.event,
            audit.detail,
            now
        )?;
        tx.commit().await?;
        Ok(true)
    })
}

/// The session a phone's capture token (from a redeemed handoff) belongs to.
pub async fn session_by_phone_token_hash(
    pool: &Pool,
    phone_token_hash: &str,
) -> Result<Option<SessionRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM sessions
         WHERE id = (SELECT session_id FROM handoffs WHERE phone_token_hash = $1)"
    );
    read!(pool, |p| sqlx::query_as(&sql)
        .bind(phone_token_hash)
        .fetch_optional(p)
        .await)
}

pub async fn handoff(pool: &Pool, id: &str) -> Result<Option<HandoffRow>, sqlx::Error> {
    read!(pool, |p| sqlx::query_as(
        "SELECT id, session_id, created_at, expires_at, redeemed_at FROM handoffs WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(p)
    .await)
}

/// When a phone first redeemed a handoff of the session created at or after `created_since`,
/// if one has.
pub async fn first_redemption(
    pool: &Pool,
    session_id: &str,
    created_since: i64,
) -> Result<Option<i64>, sqlx::Error> {
    read!(pool, |p| sqlx::query_scalar(
        "SELECT MIN(redeemed_at) FROM handoffs WHERE session_id = $1 AND created_at >= $2",
    )
    .bind(session_id)
    .bind(created_since)
    .fetch_one(p)
    .await)
}

/// The session's latest verification submitted at or after `since`.
pub async fn latest_verification_since(
    pool: &Pool,
    session_id: &str,
    since: i64,
) -> Result<Option<VerificationRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {VERIFICATION_COLUMNS} FROM verifications
         WHERE session_id = $1 AND submitted_at >= $2
         ORDER BY submitted_at DESC, id DESC LIMIT 1"
    );
    read!(pool, |p| sqlx::query_as(&sql)
        .bind(session_id)
        .bind(since)
        .fetch_optional(p)
        .await)
}
