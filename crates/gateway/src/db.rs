//! Persistence: sessions and verification outcomes, in SQLite (one machine, the default) or
//! PostgreSQL (several replicas). Never images, except the sealed enrolled portrait of a PASS
//! kept for re-verification (see [`crate::enrolment`]).
//!
//! This module connects, migrates and dispatches; the SQL is in one file,
//! `crates/gateway-store/queries.rs`, written once with `$n` placeholders and compiled per engine
//! by `store-sqlite` and `store-postgres`, whose `sqlx::query!` macros check every statement and
//! every column against that engine's schema at build time (from the query data committed in
//! each crate's `.sqlx/`, regenerated and checked by `scripts/sqlx-prepare.sh`). Every state
//! change is a conditional statement and commits together with its audit event, so several
//! gateway replicas can share one PostgreSQL database safely.

use std::str::FromStr;
use std::time::Duration;

pub use gateway_store::{
    Audit, AuditRow, Cancel, Decided, HandoffRow, MdlRequestRow, NewHandoff, NewSession,
    OidcFlowRow, OutboxRow, SessionRow, VerificationRow,
};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// The database engine a `database_url` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// One machine, one file.
    Sqlite,
    /// Any number of replicas.
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

    /// `sqlite` or `postgres`.
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
        /// The one writer.
        write: SqlitePool,
        /// The readers.
        read: SqlitePool,
    },
    /// PostgreSQL: one pool.
    Postgres(PgPool),
}

impl Pool {
    /// Its engine.
    pub fn engine(&self) -> Engine {
        match self {
            Pool::Sqlite { .. } => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }
}

/// Calls the engine crate's `$f` with the engine's pool for reads, then the other arguments.
macro_rules! read {
    ($pool:expr, $f:ident($($arg:expr),* $(,)?)) => {
        match $pool {
            Pool::Sqlite { read, .. } => store_sqlite::$f(read, $($arg),*).await,
            Pool::Postgres(p) => store_postgres::$f(p, $($arg),*).await,
        }
    };
}

/// Calls the engine crate's `$f` with the engine's pool for writes, then the other arguments.
macro_rules! write {
    ($pool:expr, $f:ident($($arg:expr),* $(,)?)) => {
        match $pool {
            Pool::Sqlite { write, .. } => store_sqlite::$f(write, $($arg),*).await,
            Pool::Postgres(p) => store_postgres::$f(p, $($arg),*).await,
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
    let one = write!(pool, ping())?;
    if one == 1 {
        Ok(())
    } else {
        Err(sqlx::Error::Protocol("SELECT 1 did not answer 1".into()))
    }
}

/// Whether the database answers `SELECT 1` on a reader (for `/healthz`: never queued behind
/// SQLite's one writer, so a long write does not look like a dead process).
pub async fn ping_reader(pool: &Pool) -> Result<(), sqlx::Error> {
    let one = read!(pool, ping())?;
    if one == 1 {
        Ok(())
    } else {
        Err(sqlx::Error::Protocol("SELECT 1 did not answer 1".into()))
    }
}

/// Inserts a session and its `session.created` audit entry in one transaction.
pub async fn insert_session(
    pool: &Pool,
    new: NewSession<'_>,
    audit: Audit<'_>,
) -> Result<(), sqlx::Error> {
    write!(pool, insert_session(new, audit))
}

/// The session whose own capture token hashes to `token_hash`.
pub async fn session_by_token_hash(
    pool: &Pool,
    token_hash: &str,
) -> Result<Option<SessionRow>, sqlx::Error> {
    read!(pool, session_by_token_hash(token_hash))
}

/// The session `id`.
pub async fn session_by_id(pool: &Pool, id: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    read!(pool, session_by_id(id))
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
    write!(pool, answer_consent(id, to, biometric, audit, now))
}

/// Takes the session's upload slot until `until` (unix seconds); false while another upload of
/// the same session holds it. Replica-safe: one conditional statement.
pub async fn take_upload_slot(
    pool: &Pool,
    id: &str,
    now: i64,
    until: i64,
) -> Result<bool, sqlx::Error> {
    write!(pool, take_upload_slot(id, now, until))
}

/// Gives the session's upload slot back.
pub async fn release_upload_slot(pool: &Pool, id: &str) -> Result<(), sqlx::Error> {
    write!(pool, release_upload_slot(id))
}

/// The verification `id`.
pub async fn verification(pool: &Pool, id: &str) -> Result<Option<VerificationRow>, sqlx::Error> {
    read!(pool, verification(id))
}

/// The session's verification submitted with idempotency key `key`.
pub async fn verification_by_key(
    pool: &Pool,
    session_id: &str,
    key: &str,
) -> Result<Option<VerificationRow>, sqlx::Error> {
    read!(pool, verification_by_key(session_id, key))
}

/// Attempts used: every verification but an ERROR (no decision, so no attempt used).
pub async fn count_attempts(pool: &Pool, session_id: &str) -> Result<i64, sqlx::Error> {
    read!(pool, count_attempts(session_id))
}

/// The session's verifications that ended in a vendor error.
pub async fn count_vendor_errors(pool: &Pool, session_id: &str) -> Result<i64, sqlx::Error> {
    read!(pool, count_vendor_errors(session_id))
}

/// Inserts a PENDING verification, with its audit entries, unless the session already has one
/// pending or passed (the unique partial index `one_live_verification_per_session` holds that
/// across replicas, at any isolation level) or has used `max_attempts`. The same idempotency key
/// twice in one session is refused by the `(session_id, idempotency_key)` unique constraint.
pub async fn insert_verification_if_allowed(
    pool: &Pool,
    row: &VerificationRow,
    max_attempts: u32,
    via: &str,
    mdl_issuer: Option<&str>,
    audits: &[Audit<'_>],
) -> Result<bool, sqlx::Error> {
    write!(
        pool,
        insert_verification_if_allowed(row, max_attempts, via, mdl_issuer, audits)
    )
}

/// Records a decision in one transaction: the verification (only if still PENDING, so a late
/// answer after the deadline changes nothing, and of two replicas deciding at once only the
/// first: the second waits on the row lock, then finds it decided), its webhook event, its audit
/// entry and the session's status. Returns whether it was recorded.
pub async fn record_decision(pool: &Pool, d: Decided<'_>) -> Result<bool, sqlx::Error> {
    write!(pool, record_decision(d))
}

/// Held while one replica sweeps: on PostgreSQL a transaction-scoped advisory lock (released by
/// the commit, or by the server when the replica dies), so replicas take turns instead of all
/// finalising the same overdue rows at once. Each sweep step stays conditional, so the lock only
/// saves work; correctness does not depend on it. SQLite has one writer anyway: nothing to hold.
pub enum SweepTurn {
    /// SQLite: nothing held.
    Sqlite(store_sqlite::SweepTurn),
    /// PostgreSQL: the advisory lock, held by its transaction.
    Postgres(store_postgres::SweepTurn),
}

impl SweepTurn {
    /// Ends the turn (commits, releasing the lock).
    pub async fn release(self) -> Result<(), sqlx::Error> {
        match self {
            SweepTurn::Sqlite(turn) => turn.release().await,
            SweepTurn::Postgres(turn) => turn.release().await,
        }
    }
}

/// This replica's turn to sweep, or `None` while another replica is sweeping.
pub async fn sweep_turn(pool: &Pool) -> Result<Option<SweepTurn>, sqlx::Error> {
    Ok(match pool {
        Pool::Sqlite { write, .. } => store_sqlite::sweep_turn(write)
            .await?
            .map(SweepTurn::Sqlite),
        Pool::Postgres(p) => store_postgres::sweep_turn(p)
            .await?
            .map(SweepTurn::Postgres),
    })
}

/// PENDING verifications past their deadline, with their sessions: left by a crash, a restart or
/// a vendor that never answered.
pub async fn overdue(
    pool: &Pool,
    now: i64,
    limit: i64,
) -> Result<Vec<(VerificationRow, SessionRow)>, sqlx::Error> {
    let ids = read!(pool, overdue_ids(now, limit))?;
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
    read!(pool, portrait(verification_id, now))
}

/// Deletes the portraits that have aged out; returns how many.
pub async fn delete_aged_portraits(pool: &Pool, now: i64) -> Result<u64, sqlx::Error> {
    write!(pool, delete_aged_portraits(now))
}

/// Retention: blanks names, birth dates and patient references of sessions that ended before
/// `cutoff`, and the result tokens of their verifications; deletes their handoffs and their
/// settled webhook events (delivered, or failed for good; a pending event keeps its body until
/// it settles). The audit trail and the keyed patient link stay. Returns how many sessions were
/// purged.
pub async fn purge_personal_data(pool: &Pool, cutoff: i64, now: i64) -> Result<u64, sqlx::Error> {
    write!(pool, purge_personal_data(cutoff, now))
}

/// Forgets the keyed patient link of sessions that ended before `cutoff` (no re-verification can
/// build on them any more); returns how many.
pub async fn forget_patient_links(pool: &Pool, cutoff: i64) -> Result<u64, sqlx::Error> {
    write!(pool, forget_patient_links(cutoff))
}

/// Up to `limit` sessions `(id, client_id, patient_ref)` that ended at or after `since` and have
/// no patient link yet while their reference is still there.
pub async fn sessions_without_link(
    pool: &Pool,
    since: i64,
    limit: i64,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    read!(pool, sessions_without_link(since, limit))
}

/// Sets the patient link of session `id` if it has none and still has `patient_ref`.
pub async fn set_patient_link(
    pool: &Pool,
    id: &str,
    patient_ref: &str,
    link: &str,
) -> Result<bool, sqlx::Error> {
    write!(pool, set_patient_link(id, patient_ref, link))
}

/// Erasure: deletes every enrolled portrait of client `client_id`'s patient linked by `link`,
/// forgets the link, audits each portrait (`enrolment.erased`), in one transaction. Returns how
/// many portraits were deleted.
pub async fn erase_enrolment(
    pool: &Pool,
    client_id: &str,
    link: &str,
    detail: serde_json::Value,
    now: i64,
) -> Result<u64, sqlx::Error> {
    write!(pool, erase_enrolment(client_id, link, detail, now))
}

/// Deletes audit entries written before `before`; returns how many.
pub async fn prune_audit(pool: &Pool, before: i64) -> Result<u64, sqlx::Error> {
    write!(pool, prune_audit(before))
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
    write!(pool, audit(session_id, verification_id, event, detail, now))
}

/// Every audit entry of a session, oldest first.
pub async fn audit_trail(pool: &Pool, session_id: &str) -> Result<Vec<AuditRow>, sqlx::Error> {
    read!(pool, audit_trail(session_id))
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
    write!(pool, claim_due_webhook(now_ms, lease_until_ms, lease_token))
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
    write!(
        pool,
        webhook_attempted(event_id, lease_token, attempts, status, next_ms, error, now)
    )
}

/// Sends failed deliveries again: one event (whatever its status but `delivered`), or every
/// `failed` one, each retried for `epic.max_age_hours` from now. Events deleted by retention
/// are gone: nothing is sent in their place. Returns how many were re-queued.
pub async fn redeliver(
    pool: &Pool,
    event_id: Option<&str>,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    write!(pool, redeliver(event_id, now_ms))
}

/// Deliveries by status, `(pending, failed)`, for `/metrics` (two indexed counts).
pub async fn webhook_backlog(pool: &Pool) -> Result<(i64, i64), sqlx::Error> {
    read!(pool, webhook_backlog())
}

/// The webhook delivery of verification `verification_id`'s decision.
pub async fn webhook_for(
    pool: &Pool,
    verification_id: &str,
) -> Result<Option<OutboxRow>, sqlx::Error> {
    read!(pool, webhook_for(verification_id))
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

/// Inserts a handoff and its `handoff.created` audit entry in one transaction.
pub async fn insert_handoff(
    pool: &Pool,
    new: NewHandoff<'_>,
    audit: Audit<'_>,
) -> Result<(), sqlx::Error> {
    write!(pool, insert_handoff(new, audit))
}

/// The handoff whose link token hashes to `token_hash`.
pub async fn handoff_by_token_hash(
    pool: &Pool,
    token_hash: &str,
) -> Result<Option<HandoffRow>, sqlx::Error> {
    read!(pool, handoff_by_token_hash(token_hash))
}

/// The newest handoff with this short code (codes are short: an old one may repeat).
pub async fn handoff_by_code_hash(
    pool: &Pool,
    code_hash: &str,
) -> Result<Option<HandoffRow>, sqlx::Error> {
    read!(pool, handoff_by_code_hash(code_hash))
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
    write!(pool, redeem_handoff(handoff, phone_token_hash, audit, now))
}

/// The handoff a phone's capture token came from (revoked or not).
pub async fn handoff_by_phone_token_hash(
    pool: &Pool,
    phone_token_hash: &str,
) -> Result<Option<HandoffRow>, sqlx::Error> {
    read!(pool, handoff_by_phone_token_hash(phone_token_hash))
}

/// Records the phone's own consent on its handoff, with its audit entry; false when the
/// handoff was revoked meanwhile or had consented already.
pub async fn phone_consent(
    pool: &Pool,
    handoff: &HandoffRow,
    audit: Audit<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    write!(pool, phone_consent(handoff, audit, now))
}

/// Revokes the session's live handoffs (`only`: just that one) for `reason`, with the audit
/// entry when any was live. Returns how many were revoked.
pub async fn revoke_handoffs(
    pool: &Pool,
    session_id: &str,
    only: Option<&str>,
    reason: &str,
    audit: Audit<'_>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    write!(pool, revoke_handoffs(session_id, only, reason, audit, now))
}

/// The latest handoff of the session a phone redeemed, among those created at or after
/// `created_since`.
pub async fn latest_redeemed_handoff(
    pool: &Pool,
    session_id: &str,
    created_since: i64,
) -> Result<Option<HandoffRow>, sqlx::Error> {
    read!(pool, latest_redeemed_handoff(session_id, created_since))
}

/// Which device took a verification's pictures (`same_device` or `phone_handoff`).
pub async fn verification_via(pool: &Pool, id: &str) -> Result<Option<String>, sqlx::Error> {
    write!(pool, verification_via(id))
}

/// The issuing authority of a verification's wallet licence: `Some(None)` for pictures of a
/// document, `None` when there is no such verification.
pub async fn verification_mdl_issuer(
    pool: &Pool,
    id: &str,
) -> Result<Option<Option<String>>, sqlx::Error> {
    write!(pool, verification_mdl_issuer(id))
}

/// The host cancels a session (see `gateway_store`'s `cancel_session`): false when it was not
/// pending or in progress, or had a verification pending.
pub async fn cancel_session(pool: &Pool, c: Cancel<'_>) -> Result<bool, sqlx::Error> {
    write!(pool, cancel_session(c))
}

/// The verification that records a session's cancel, if it was cancelled.
pub async fn cancel_verification(
    pool: &Pool,
    session_id: &str,
) -> Result<Option<VerificationRow>, sqlx::Error> {
    write!(pool, cancel_verification(session_id))
}

/// The handoff `id`.
pub async fn handoff(pool: &Pool, id: &str) -> Result<Option<HandoffRow>, sqlx::Error> {
    read!(pool, handoff(id))
}

/// When a phone first redeemed a handoff of the session created at or after `created_since`,
/// if one has.
pub async fn first_redemption(
    pool: &Pool,
    session_id: &str,
    created_since: i64,
) -> Result<Option<i64>, sqlx::Error> {
    read!(pool, first_redemption(session_id, created_since))
}

/// The session's latest verification submitted at or after `since`.
pub async fn latest_verification_since(
    pool: &Pool,
    session_id: &str,
    since: i64,
) -> Result<Option<VerificationRow>, sqlx::Error> {
    read!(pool, latest_verification_since(session_id, since))
}

/// Records a failed handoff redemption (`session_id`: the session whose handoff was named,
/// `None` when none was), seen by every replica.
pub async fn record_redeem_failure(
    pool: &Pool,
    session_id: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    write!(pool, record_redeem_failure(session_id, now))
}

/// Failed redemptions, by every replica, at or after `since`.
pub async fn redeem_failures_since(pool: &Pool, since: i64) -> Result<i64, sqlx::Error> {
    read!(pool, redeem_failures_since(since))
}

/// Failed redemptions that named a handoff of `session_id`, at or after `since`.
pub async fn session_redeem_failures_since(
    pool: &Pool,
    session_id: &str,
    since: i64,
) -> Result<i64, sqlx::Error> {
    read!(pool, session_redeem_failures_since(session_id, since))
}

/// Forgets failed redemptions older than `before`.
pub async fn prune_redeem_failures(pool: &Pool, before: i64) -> Result<u64, sqlx::Error> {
    write!(pool, prune_redeem_failures(before))
}

/// Stores a pushed authorization request (an OpenID Connect flow's first state).
pub async fn insert_oidc_flow(pool: &Pool, flow: &OidcFlowRow) -> Result<(), sqlx::Error> {
    write!(pool, insert_oidc_flow(flow))
}

/// The flow whose request_uri hashes to `hash`.
pub async fn oidc_flow_by_request(
    pool: &Pool,
    hash: &str,
) -> Result<Option<OidcFlowRow>, sqlx::Error> {
    read!(pool, oidc_flow_by_request(hash))
}

/// The flow whose code hashes to `hash`.
pub async fn oidc_flow_by_code(
    pool: &Pool,
    hash: &str,
) -> Result<Option<OidcFlowRow>, sqlx::Error> {
    read!(pool, oidc_flow_by_code(hash))
}

/// The flow whose access token hashes to `hash`.
pub async fn oidc_flow_by_access_token(
    pool: &Pool,
    hash: &str,
) -> Result<Option<OidcFlowRow>, sqlx::Error> {
    read!(pool, oidc_flow_by_access_token(hash))
}

/// The flow that created capture session `session_id`.
pub async fn oidc_flow_by_session(
    pool: &Pool,
    session_id: &str,
) -> Result<Option<OidcFlowRow>, sqlx::Error> {
    read!(pool, oidc_flow_by_session(session_id))
}

/// Uses a flow's request_uri once, before it expires: false when used or expired.
pub async fn use_oidc_request(pool: &Pool, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    write!(pool, use_oidc_request(id, now))
}

/// Links the flow to the capture session made from its request, and blanks the request.
pub async fn attach_oidc_session(
    pool: &Pool,
    id: &str,
    session_id: &str,
) -> Result<(), sqlx::Error> {
    write!(pool, attach_oidc_session(id, session_id))
}

/// Gives the flow a one-time code: false once a code was used, while an earlier one is live,
/// or when the flow was revoked.
pub async fn set_oidc_code(
    pool: &Pool,
    id: &str,
    code_hash: &str,
    expires_at: i64,
    verification_id: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    write!(
        pool,
        set_oidc_code(id, code_hash, expires_at, verification_id, now)
    )
}

/// Forgets the patient details a used pushed request held.
pub async fn forget_oidc_request(pool: &Pool, id: &str) -> Result<(), sqlx::Error> {
    write!(pool, forget_oidc_request(id))
}

/// Exchanges the code (by its hash) once, before it expires, for an access token: false when
/// used, expired, replaced or revoked.
pub async fn use_oidc_code(
    pool: &Pool,
    code_hash: &str,
    access_token_hash: &str,
    access_expires_at: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    write!(
        pool,
        use_oidc_code(code_hash, access_token_hash, access_expires_at, now)
    )
}

/// Revokes the flow: its access token stops working and no code is issued again.
pub async fn revoke_oidc_flow(pool: &Pool, id: &str, now: i64) -> Result<(), sqlx::Error> {
    write!(pool, revoke_oidc_flow(id, now))
}

/// Deletes flows whose request expired unused before `before`, and all created before
/// `before_all`.
pub async fn prune_oidc_flows(
    pool: &Pool,
    before: i64,
    before_all: i64,
) -> Result<u64, sqlx::Error> {
    write!(pool, prune_oidc_flows(before, before_all))
}

/// Stores a wallet request unless the session already made `max`: false then.
pub async fn insert_mdl_request(
    pool: &Pool,
    row: &MdlRequestRow,
    max: u32,
    audit: Audit<'_>,
) -> Result<bool, sqlx::Error> {
    write!(pool, insert_mdl_request(row, i64::from(max), audit))
}

/// The wallet request `id`.
pub async fn mdl_request(pool: &Pool, id: &str) -> Result<Option<MdlRequestRow>, sqlx::Error> {
    read!(pool, mdl_request(id))
}

/// How a wallet request moves on.
pub struct MdlMove<'a> {
    /// The request.
    pub id: &'a str,
    /// Its session.
    pub session_id: &'a str,
    /// The status it must be in.
    pub from: &'a str,
    /// The status it takes.
    pub to: &'a str,
    /// The refusal code or issuing authority to keep.
    pub outcome: Option<&'a str>,
    /// Blank its secret (it will not be opened again).
    pub spend: bool,
}

/// Moves a wallet request on (once, before it expires), with its audit entry: false when it
/// was not where `m.from` says.
pub async fn settle_mdl_request(
    pool: &Pool,
    m: MdlMove<'_>,
    audit: Audit<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    write!(
        pool,
        settle_mdl_request(
            m.id,
            m.session_id,
            m.from,
            m.to,
            m.outcome,
            m.spend,
            audit,
            now
        )
    )
}

/// Deletes wallet requests that expired before `before`.
pub async fn prune_mdl_requests(pool: &Pool, before: i64) -> Result<u64, sqlx::Error> {
    write!(pool, prune_mdl_requests(before))
}
