// All of the gateway's SQL, written once. Not a module of `gateway-store`: `store-sqlite` and
// `store-postgres` each compile this file (`include!`), with `Db` their engine and `per_engine!`
// their pick of the one branch that differs, so every statement is checked at build time by
// `sqlx::query!` / `query_as!` / `query_scalar!` against that engine's schema (online), or
// against the query data committed in that crate's `.sqlx/` (offline, the default).
//
// Placeholders are `$n`, which both engines accept. Result columns are inferred from the schema
// (type and nullability), with an override `AS "name!"` only where an engine cannot know a value
// is never NULL: an aggregate or an expression on PostgreSQL, and a TEXT PRIMARY KEY on SQLite
// (which, unlike INTEGER PRIMARY KEY, SQLite lets be NULL; the gateway always sets it). An
// integer is BIGINT on PostgreSQL and INTEGER on SQLite: i64 on both. Every state change is a conditional statement committed
// together with its audit entry, so several gateway replicas can share one PostgreSQL database.

use gateway_store::{
    Audit, AuditRow, Cancel, Decided, HandoffRow, MdlRequestRow, NewHandoff, NewSession,
    OidcFlowRow, OutboxRow, SessionRecord, SessionRow, VerificationRecord, VerificationRow,
};

/// A pool of this engine's connections.
pub type Pool = sqlx::Pool<Db>;

/// Whether the database answers: `SELECT 1`, as a BIGINT.
pub async fn ping(pool: &Pool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT CAST(1 AS BIGINT) AS "one!""#)
        .fetch_one(pool)
        .await
}

/// Writes an audit entry on `$exec` (a pool or `&mut *tx`). `$detail` holds no personal data.
macro_rules! insert_audit {
    ($exec:expr, $session_id:expr, $verification_id:expr, $event:expr, $detail:expr, $now:expr) => {{
        // SQLite's arguments borrow what they bind: bind locals, not temporaries.
        let (session_id, verification_id, event, detail, at): (
            &str,
            Option<&str>,
            &str,
            String,
            i64,
        ) = (
            $session_id,
            $verification_id,
            $event,
            $detail.to_string(),
            $now,
        );
        sqlx::query!(
            "INSERT INTO audit_events (session_id, verification_id, event, detail, at)
             VALUES ($1, $2, $3, $4, $5)",
            session_id,
            verification_id,
            event,
            detail,
            at,
        )
        .execute($exec)
        .await
    }};
}

/// Inserts a session and its audit entry (at the session's creation) in one transaction.
pub async fn insert_session(
    pool: &Pool,
    new: NewSession<'_>,
    audit: Audit<'_>,
) -> Result<(), sqlx::Error> {
    let s = new.row;
    let (trigger, status, mode) = (s.trigger.as_str(), s.status.as_str(), s.mode.as_str());
    let document_upload = i64::from(s.allow_document_upload);
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "INSERT INTO sessions (id, client_id, token_hash, patient_ref, first_name, last_name,
            date_of_birth, trigger, document_types, host_origin, locale, status, created_at,
            expires_at, nonce, mode, reverify_of, max_attempts, max_retakes, document_upload,
            patient_link)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
            $18, $19, $20, $21)",
        s.id,
        s.client_id,
        new.token_hash,
        s.patient_ref,
        s.first_name,
        s.last_name,
        s.date_of_birth,
        trigger,
        s.document_types,
        s.host_origin,
        s.locale,
        status,
        s.created_at,
        s.expires_at,
        s.nonce,
        mode,
        s.reverify_of,
        s.max_attempts,
        s.max_retakes,
        document_upload,
        s.patient_link,
    )
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
}

/// The session whose capture token hashes to `token_hash`.
pub async fn session_by_token_hash(
    pool: &Pool,
    token_hash: &str,
) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as!(
        SessionRecord,
        r#"SELECT id AS "id!", client_id, patient_ref, first_name, last_name, date_of_birth, trigger,
            document_types, host_origin, locale, status, created_at, expires_at, nonce, mode,
            reverify_of, consent_biometric, max_attempts, max_retakes, document_upload, patient_link
         FROM sessions WHERE token_hash = $1"#,
        token_hash,
    )
    .fetch_optional(pool)
    .await?
    .map(SessionRow::try_from)
    .transpose()
}

/// The session `id`.
pub async fn session_by_id(pool: &Pool, id: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as!(
        SessionRecord,
        r#"SELECT id AS "id!", client_id, patient_ref, first_name, last_name, date_of_birth, trigger,
            document_types, host_origin, locale, status, created_at, expires_at, nonce, mode,
            reverify_of, consent_biometric, max_attempts, max_retakes, document_upload, patient_link
         FROM sessions WHERE id = $1"#,
        id,
    )
    .fetch_optional(pool)
    .await?
    .map(SessionRow::try_from)
    .transpose()
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
    let biometric = i64::from(biometric);
    let mut tx = pool.begin().await?;
    let r = sqlx::query!(
        "UPDATE sessions SET status = $1, consent_at = $2, consent_biometric = $3
         WHERE id = $4 AND status = 'pending'",
        to,
        now,
        biometric,
        id,
    )
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    insert_audit!(&mut *tx, id, None::<&str>, audit.event, audit.detail, now)?;
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
    let r = sqlx::query!(
        "UPDATE sessions SET upload_lock_until = $1 WHERE id = $2 AND upload_lock_until <= $3",
        until,
        id,
        now,
    )
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Frees the session's upload slot.
pub async fn release_upload_slot(pool: &Pool, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE sessions SET upload_lock_until = 0 WHERE id = $1",
        id
    )
    .execute(pool)
    .await
    .map(|_| ())
}

/// The verification `id`.
pub async fn verification(pool: &Pool, id: &str) -> Result<Option<VerificationRow>, sqlx::Error> {
    sqlx::query_as!(
        VerificationRecord,
        r#"SELECT id AS "id!", session_id, idempotency_key, document_type, status, reason_code,
            submitted_at, deadline_at, decided_at, result_token, token_expires_at, enrolment_id,
            cause_code
         FROM verifications WHERE id = $1"#,
        id,
    )
    .fetch_optional(pool)
    .await?
    .map(VerificationRow::try_from)
    .transpose()
}

/// The verification submitted in `session_id` with the idempotency key `key`.
pub async fn verification_by_key(
    pool: &Pool,
    session_id: &str,
    key: &str,
) -> Result<Option<VerificationRow>, sqlx::Error> {
    sqlx::query_as!(
        VerificationRecord,
        r#"SELECT id AS "id!", session_id, idempotency_key, document_type, status, reason_code,
            submitted_at, deadline_at, decided_at, result_token, token_expires_at, enrolment_id,
            cause_code
         FROM verifications WHERE session_id = $1 AND idempotency_key = $2"#,
        session_id,
        key,
    )
    .fetch_optional(pool)
    .await?
    .map(VerificationRow::try_from)
    .transpose()
}

/// Attempts used: every verification but an ERROR (no decision, so no attempt used).
pub async fn count_attempts(pool: &Pool, session_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!" FROM verifications
           WHERE session_id = $1 AND status <> 'ERROR'"#,
        session_id,
    )
    .fetch_one(pool)
    .await
}

/// The verifications of a session that ended in a vendor error (ERROR `vendor_error`, or the
/// last one, `vendor_errors_exhausted`): each a 1Kosmos call that used no attempt.
pub async fn count_vendor_errors(pool: &Pool, session_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!" FROM verifications
           WHERE session_id = $1 AND status = 'ERROR'
             AND reason_code IN ('vendor_error', 'vendor_errors_exhausted')"#,
        session_id,
    )
    .fetch_one(pool)
    .await
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
    issuer: Option<&str>,
    audits: &[Audit<'_>],
) -> Result<bool, sqlx::Error> {
    let max_attempts = i64::from(max_attempts);
    let mut tx = pool.begin().await?;
    // The selected values are cast: PostgreSQL types a parameter of a SELECT list as text. A
    // session the host cancelled meanwhile takes nothing more.
    let r = sqlx::query!(
        "INSERT INTO verifications (id, session_id, idempotency_key, document_type, status,
            submitted_at, deadline_at, enrolment_id, via, mdl_issuer)
         SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 AS TEXT),
            'PENDING', CAST($5 AS BIGINT), CAST($6 AS BIGINT), CAST($7 AS TEXT), CAST($10 AS TEXT),
            CAST($11 AS TEXT)
         WHERE (SELECT COUNT(*) FROM verifications
                WHERE session_id = $8 AND status <> 'ERROR') < $9
           AND NOT EXISTS (SELECT 1 FROM sessions WHERE id = $8 AND status = 'cancelled')",
        row.id,
        row.session_id,
        row.idempotency_key,
        row.document_type,
        row.submitted_at,
        row.deadline_at,
        row.enrolment_id,
        row.session_id,
        max_attempts,
        via,
        issuer,
    )
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
}

/// Records a decision in one transaction: the verification (only if still PENDING, so a late
/// answer after the deadline changes nothing, and of two replicas deciding at once only the
/// first: the second waits on the row lock, then finds it decided), its webhook event, its audit
/// entry and the session's status. Returns whether it was recorded.
pub async fn record_decision(pool: &Pool, d: Decided<'_>) -> Result<bool, sqlx::Error> {
    let mut detail = serde_json::json!({ "status": d.status, "reason_code": d.reason_code });
    if let Some(cause) = d.cause_code {
        detail["cause_code"] = cause.into();
    }
    let (token, token_expires_at) = (d.result_token.map(|t| t.0), d.result_token.map(|t| t.1));
    let next_attempt_at = d.now * 1000;
    let mut tx = pool.begin().await?;
    let r = sqlx::query!(
        "UPDATE verifications SET status = $1, reason_code = $2, decided_at = $3, checks = $4,
            result_token = $5, token_expires_at = $6, cause_code = $8
         WHERE id = $7 AND status = 'PENDING'",
        d.status,
        d.reason_code,
        d.now,
        d.checks_json,
        token,
        token_expires_at,
        d.verification_id,
        d.cause_code,
    )
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    sqlx::query!(
        "INSERT INTO webhook_outbox (event_id, verification_id, session_id, body, status,
            attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6)",
        d.event_id,
        d.verification_id,
        d.session_id,
        d.event_body,
        next_attempt_at,
        d.now,
    )
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
        sqlx::query!(
            "UPDATE sessions SET status = $1 WHERE id = $2 AND status = 'in_progress'",
            next,
            d.session_id,
        )
        .execute(&mut *tx)
        .await?;
    }
    if let Some((sealed, expires_at)) = d.portrait {
        sqlx::query!(
            "INSERT INTO enrolled_portraits (verification_id, sealed, enrolled_at, expires_at)
             VALUES ($1, $2, $3, $4)",
            d.verification_id,
            sealed,
            d.now,
            expires_at,
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Held while this replica sweeps: on PostgreSQL a transaction-scoped advisory lock (released by
/// the commit, or by the server when the replica dies), so replicas take turns instead of all
/// finalising the same overdue rows at once. Each sweep step stays conditional, so the lock only
/// saves work; correctness does not depend on it. SQLite has one writer anyway: nothing to hold.
pub struct SweepTurn(Option<sqlx::Transaction<'static, Db>>);

impl SweepTurn {
    /// Ends the turn (commits the lock's transaction, if any).
    pub async fn release(self) -> Result<(), sqlx::Error> {
        match self.0 {
            Some(tx) => tx.commit().await,
            None => Ok(()),
        }
    }
}

/// This replica's turn to sweep, or `None` while another replica is sweeping.
pub async fn sweep_turn(pool: &Pool) -> Result<Option<SweepTurn>, sqlx::Error> {
    per_engine!(
        sqlite: {
            let _ = pool;
            Ok(Some(SweepTurn(None)))
        },
        postgres: {
            let mut tx = pool.begin().await?;
            // 0x1d5_5eeb: any constant; every replica uses the same one.
            let got = sqlx::query_scalar!(r#"SELECT pg_try_advisory_xact_lock(30760683) AS "got!""#)
                .fetch_one(&mut *tx)
                .await?;
            Ok(got.then_some(SweepTurn(Some(tx))))
        }
    )
}

/// The ids of PENDING verifications past their deadline (left by a crash, a restart or a vendor
/// that never answered), the longest overdue first.
pub async fn overdue_ids(pool: &Pool, now: i64, limit: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM verifications WHERE status = 'PENDING' AND deadline_at < $1
         ORDER BY deadline_at LIMIT $2"#,
        now,
        limit,
    )
    .fetch_all(pool)
    .await
}

/// The sealed portrait enrolled at `verification_id`, while it has not aged out.
pub async fn portrait(
    pool: &Pool,
    verification_id: &str,
    now: i64,
) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT sealed FROM enrolled_portraits WHERE verification_id = $1 AND expires_at > $2",
        verification_id,
        now,
    )
    .fetch_optional(pool)
    .await
}

/// Deletes the portraits that have aged out; returns how many.
pub async fn delete_aged_portraits(pool: &Pool, now: i64) -> Result<u64, sqlx::Error> {
    sqlx::query!("DELETE FROM enrolled_portraits WHERE expires_at <= $1", now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
}

/// Retention: blanks names, birth dates and patient references of sessions that ended before
/// `cutoff`, and the result tokens of their verifications; deletes their handoffs and their
/// settled webhook events (delivered, or failed for good). An event still pending keeps its body
/// until it settles: the next sweep after that deletes it. The audit trail and the keyed patient
/// link stay (their own clocks: `prune_audit`, `forget_patient_links`). Returns how many
/// sessions were purged.
pub async fn purge_personal_data(pool: &Pool, cutoff: i64, now: i64) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let r = sqlx::query!(
        "UPDATE sessions SET patient_ref = '', first_name = '', last_name = '',
            date_of_birth = '', purged_at = $1
         WHERE purged_at IS NULL AND expires_at < $2",
        now,
        cutoff,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE verifications SET result_token = NULL
         WHERE result_token IS NOT NULL
           AND EXISTS (SELECT 1 FROM sessions s
                       WHERE s.id = verifications.session_id AND s.purged_at IS NOT NULL)"
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM webhook_outbox
         WHERE status IN ('delivered', 'failed')
           AND EXISTS (SELECT 1 FROM sessions s
                       WHERE s.id = webhook_outbox.session_id AND s.purged_at IS NOT NULL)"
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM handoffs
         WHERE EXISTS (SELECT 1 FROM sessions s
                       WHERE s.id = handoffs.session_id AND s.purged_at IS NOT NULL)"
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(r.rows_affected())
}

/// Forgets the keyed patient link (`''`, never filled in again) of sessions that ended before
/// `cutoff`: no re-verification can build on them any more. Returns how many.
pub async fn forget_patient_links(pool: &Pool, cutoff: i64) -> Result<u64, sqlx::Error> {
    sqlx::query!(
        "UPDATE sessions SET patient_link = '' WHERE patient_link <> '' AND expires_at < $1",
        cutoff,
    )
    .execute(pool)
    .await
    .map(|r| r.rows_affected())
}

/// Up to `limit` sessions `(id, client_id, patient_ref)` that ended at or after `since`, have no
/// patient link yet and still have their reference (sessions older than the link, or made while
/// no key was configured), oldest first.
pub async fn sessions_without_link(
    pool: &Pool,
    since: i64,
    limit: i64,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        r#"SELECT id AS "id!", client_id, patient_ref FROM sessions
         WHERE patient_link IS NULL AND purged_at IS NULL AND patient_ref <> ''
           AND expires_at >= $1
         ORDER BY expires_at LIMIT $2"#,
        since,
        limit,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.id, r.client_id, r.patient_ref))
    .collect())
}

/// Sets the patient link of session `id`, only if it has none yet and still has the reference
/// the link was computed from.
pub async fn set_patient_link(
    pool: &Pool,
    id: &str,
    patient_ref: &str,
    link: &str,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE sessions SET patient_link = $1
         WHERE id = $2 AND patient_link IS NULL AND patient_ref = $3 AND purged_at IS NULL",
        link,
        id,
        patient_ref,
    )
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// The right to erasure: deletes every enrolled portrait of client `client_id`'s patient whose
/// link is `link`, forgets that link on every session of the client that carries it, and writes
/// an `enrolment.erased` audit entry per portrait, in one transaction. Returns how many
/// portraits were deleted (nothing changes when none was).
pub async fn erase_enrolment(
    pool: &Pool,
    client_id: &str,
    link: &str,
    detail: serde_json::Value,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let erased = sqlx::query!(
        r#"SELECT v.id AS "verification_id!", v.session_id AS "session_id!"
         FROM enrolled_portraits p
         JOIN verifications v ON v.id = p.verification_id
         JOIN sessions s ON s.id = v.session_id
         WHERE s.client_id = $1 AND s.patient_link = $2"#,
        client_id,
        link,
    )
    .fetch_all(&mut *tx)
    .await?;
    if erased.is_empty() {
        tx.rollback().await?;
        return Ok(0);
    }
    for row in &erased {
        sqlx::query!(
            "DELETE FROM enrolled_portraits WHERE verification_id = $1",
            row.verification_id,
        )
        .execute(&mut *tx)
        .await?;
        insert_audit!(
            &mut *tx,
            &row.session_id,
            Some(row.verification_id.as_str()),
            "enrolment.erased",
            detail.clone(),
            now
        )?;
    }
    sqlx::query!(
        "UPDATE sessions SET patient_link = '' WHERE client_id = $1 AND patient_link = $2",
        client_id,
        link,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(erased.len() as u64)
}

/// Deletes audit entries written before `before`; returns how many.
pub async fn prune_audit(pool: &Pool, before: i64) -> Result<u64, sqlx::Error> {
    sqlx::query!("DELETE FROM audit_events WHERE at < $1", before)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
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
    insert_audit!(pool, session_id, verification_id, event, detail, now).map(|_| ())
}

/// Every audit entry of a session, oldest first.
pub async fn audit_trail(pool: &Pool, session_id: &str) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as!(
        AuditRow,
        "SELECT verification_id, event, detail, at FROM audit_events
         WHERE session_id = $1 ORDER BY id",
        session_id,
    )
    .fetch_all(pool)
    .await
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
    per_engine!(
        // One writer at a time: the subquery and the update cannot interleave with another claim.
        sqlite: {
            sqlx::query_as!(
                OutboxRow,
                r#"UPDATE webhook_outbox SET lease_until = $1, lease_token = $2
                 WHERE event_id = (
                     SELECT event_id FROM webhook_outbox
                     WHERE status = 'pending' AND next_attempt_at <= $3 AND lease_until <= $4
                     ORDER BY next_attempt_at LIMIT 1)
                   AND status = 'pending' AND lease_until <= $5
                 RETURNING event_id AS "event_id!", verification_id, session_id, body, status,
                   attempts, last_error, created_at, queued_at"#,
                lease_until_ms,
                lease_token,
                now_ms,
                now_ms,
                now_ms,
            )
            .fetch_optional(pool)
            .await
        },
        // `FOR UPDATE SKIP LOCKED` lets replicas claiming at once take different rows instead of
        // queueing on (and then missing) the same one.
        postgres: {
            sqlx::query_as!(
                OutboxRow,
                r#"UPDATE webhook_outbox SET lease_until = $1, lease_token = $2
                 WHERE event_id = (
                     SELECT event_id FROM webhook_outbox
                     WHERE status = 'pending' AND next_attempt_at <= $3 AND lease_until <= $4
                     ORDER BY next_attempt_at LIMIT 1
                     FOR UPDATE SKIP LOCKED)
                   AND status = 'pending' AND lease_until <= $5
                 RETURNING event_id AS "event_id!", verification_id, session_id, body, status,
                   attempts, last_error, created_at, queued_at"#,
                lease_until_ms,
                lease_token,
                now_ms,
                now_ms,
                now_ms,
            )
            .fetch_optional(pool)
            .await
        }
    )
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
    let r = sqlx::query!(
        "UPDATE webhook_outbox SET attempts = $1, status = $2, next_attempt_at = $3,
            lease_until = 0, lease_token = NULL, last_error = $4,
            delivered_at = COALESCE($5, delivered_at)
         WHERE event_id = $6 AND lease_token = $7 AND status = 'pending'",
        attempts,
        status,
        next_ms,
        error,
        delivered_at,
        event_id,
        lease_token,
    )
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Sends failed deliveries again: one event (whatever its status but `delivered`), or every
/// `failed` one, each retried for `epic.max_age_hours` from now. An event deleted by retention
/// is gone: nothing is sent in its place. Returns how many were re-queued.
pub async fn redeliver(
    pool: &Pool,
    event_id: Option<&str>,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    let now = now_ms.div_euclid(1000);
    let r = match event_id {
        Some(id) => {
            sqlx::query!(
                "UPDATE webhook_outbox SET status = 'pending', attempts = 0, next_attempt_at = $1,
                    lease_until = 0, lease_token = NULL, queued_at = $2
                 WHERE event_id = $3 AND status <> 'delivered'",
                now_ms,
                now,
                id,
            )
            .execute(pool)
            .await?
        }
        None => {
            sqlx::query!(
                "UPDATE webhook_outbox SET status = 'pending', attempts = 0, next_attempt_at = $1,
                    lease_until = 0, lease_token = NULL, queued_at = $2
                 WHERE status = 'failed'",
                now_ms,
                now,
            )
            .execute(pool)
            .await?
        }
    };
    Ok(r.rows_affected())
}

/// Deliveries by status, `(pending, failed)`, for `/metrics`: two counts on the
/// `(status, next_attempt_at)` index, never a scan of the table.
pub async fn webhook_backlog(pool: &Pool) -> Result<(i64, i64), sqlx::Error> {
    let pending = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!" FROM webhook_outbox WHERE status = 'pending'"#
    )
    .fetch_one(pool)
    .await?;
    let failed = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!" FROM webhook_outbox WHERE status = 'failed'"#
    )
    .fetch_one(pool)
    .await?;
    Ok((pending, failed))
}

/// The webhook event of a verification.
pub async fn webhook_for(
    pool: &Pool,
    verification_id: &str,
) -> Result<Option<OutboxRow>, sqlx::Error> {
    sqlx::query_as!(
        OutboxRow,
        r#"SELECT event_id AS "event_id!", verification_id, session_id, body, status, attempts,
            last_error, created_at, queued_at
         FROM webhook_outbox WHERE verification_id = $1"#,
        verification_id,
    )
    .fetch_optional(pool)
    .await
}

/// Inserts a handoff and its `handoff.created` audit entry in one transaction.
pub async fn insert_handoff(
    pool: &Pool,
    new: NewHandoff<'_>,
    audit: Audit<'_>,
) -> Result<(), sqlx::Error> {
    let h = new.row;
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "INSERT INTO handoffs (id, session_id, token_hash, code_hash, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        h.id,
        h.session_id,
        new.token_hash,
        new.code_hash,
        h.created_at,
        h.expires_at,
    )
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
}

/// The handoff whose link token hashes to `token_hash`.
pub async fn handoff_by_token_hash(
    pool: &Pool,
    token_hash: &str,
) -> Result<Option<HandoffRow>, sqlx::Error> {
    sqlx::query_as!(
        HandoffRow,
        r#"SELECT id AS "id!", session_id, created_at, expires_at, redeemed_at, revoked_at,
            revoked_reason, consented_at FROM handoffs
         WHERE token_hash = $1"#,
        token_hash,
    )
    .fetch_optional(pool)
    .await
}

/// The newest handoff with this short code (codes are short: an old one may repeat).
pub async fn handoff_by_code_hash(
    pool: &Pool,
    code_hash: &str,
) -> Result<Option<HandoffRow>, sqlx::Error> {
    sqlx::query_as!(
        HandoffRow,
        r#"SELECT id AS "id!", session_id, created_at, expires_at, redeemed_at, revoked_at,
            revoked_reason, consented_at FROM handoffs
         WHERE code_hash = $1 ORDER BY created_at DESC LIMIT 1"#,
        code_hash,
    )
    .fetch_optional(pool)
    .await
}

/// Redeems a handoff once, before it expires and unless revoked, with its audit entry, in one
/// transaction; false when it was already redeemed, revoked or has expired (of two phones at
/// once, only the first). Every other live handoff of the session (links and codes on display,
/// and an earlier phone's token) is revoked in the same transaction: one phone at a time.
pub async fn redeem_handoff(
    pool: &Pool,
    handoff: &HandoffRow,
    phone_token_hash: &str,
    audit: Audit<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let r = sqlx::query!(
        "UPDATE handoffs SET redeemed_at = $1, phone_token_hash = $2
         WHERE id = $3 AND redeemed_at IS NULL AND revoked_at IS NULL AND expires_at > $4",
        now,
        phone_token_hash,
        handoff.id,
        now,
    )
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    sqlx::query!(
        "UPDATE handoffs SET revoked_at = $1, revoked_reason = 'redeemed_another'
         WHERE session_id = $2 AND id <> $3 AND revoked_at IS NULL",
        now,
        handoff.session_id,
        handoff.id,
    )
    .execute(&mut *tx)
    .await?;
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
}

/// The handoff a phone's capture token came from (revoked or not: the caller says which).
pub async fn handoff_by_phone_token_hash(
    pool: &Pool,
    phone_token_hash: &str,
) -> Result<Option<HandoffRow>, sqlx::Error> {
    sqlx::query_as!(
        HandoffRow,
        r#"SELECT id AS "id!", session_id, created_at, expires_at, redeemed_at, revoked_at,
            revoked_reason, consented_at FROM handoffs
         WHERE phone_token_hash = $1"#,
        phone_token_hash,
    )
    .fetch_optional(pool)
    .await
}

/// Records the phone's own consent on its handoff, with the audit entry, in one transaction;
/// false when the handoff was revoked meanwhile (or had consented already).
pub async fn phone_consent(
    pool: &Pool,
    handoff: &HandoffRow,
    audit: Audit<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let r = sqlx::query!(
        "UPDATE handoffs SET consented_at = $1
         WHERE id = $2 AND revoked_at IS NULL AND consented_at IS NULL",
        now,
        handoff.id,
    )
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
}

/// Revokes the live handoffs of a session (`only`: just that one) for `reason`, with the audit
/// entry when any was live, in one transaction. Returns how many were revoked.
pub async fn revoke_handoffs(
    pool: &Pool,
    session_id: &str,
    only: Option<&str>,
    reason: &str,
    audit: Audit<'_>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let r = sqlx::query!(
        "UPDATE handoffs SET revoked_at = $1, revoked_reason = $2
         WHERE session_id = $3 AND revoked_at IS NULL AND (CAST($4 AS TEXT) IS NULL OR id = $4)",
        now,
        reason,
        session_id,
        only,
    )
    .execute(&mut *tx)
    .await?;
    let revoked = r.rows_affected();
    if revoked > 0 {
        insert_audit!(
            &mut *tx,
            session_id,
            None::<&str>,
            audit.event,
            audit.detail,
            now
        )?;
    }
    tx.commit().await?;
    Ok(revoked)
}

/// The latest handoff of the session redeemed by a phone, among those created at or after
/// `created_since`.
pub async fn latest_redeemed_handoff(
    pool: &Pool,
    session_id: &str,
    created_since: i64,
) -> Result<Option<HandoffRow>, sqlx::Error> {
    sqlx::query_as!(
        HandoffRow,
        r#"SELECT id AS "id!", session_id, created_at, expires_at, redeemed_at, revoked_at,
            revoked_reason, consented_at FROM handoffs
         WHERE session_id = $1 AND created_at >= $2 AND redeemed_at IS NOT NULL
         ORDER BY redeemed_at DESC, id DESC LIMIT 1"#,
        session_id,
        created_since,
    )
    .fetch_optional(pool)
    .await
}

/// Which device took a verification's pictures (`same_device` or `phone_handoff`).
pub async fn verification_via(pool: &Pool, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT via FROM verifications WHERE id = $1", id)
        .fetch_optional(pool)
        .await
}

/// The issuing authority of a verification's wallet licence (`None`: pictures of a document).
pub async fn verification_mdl_issuer(
    pool: &Pool,
    id: &str,
) -> Result<Option<Option<String>>, sqlx::Error> {
    sqlx::query_scalar!("SELECT mdl_issuer FROM verifications WHERE id = $1", id)
        .fetch_optional(pool)
        .await
}

/// The host cancels a session, in one transaction: only while it is pending or in progress
/// with no verification pending (false otherwise, nothing changed). The session becomes
/// `cancelled`; the cancel is recorded as a decided verification (ERROR `cancelled`: no attempt
/// used) with its webhook event and audit entry; every handoff of the session is revoked.
pub async fn cancel_session(pool: &Pool, c: Cancel<'_>) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let r = sqlx::query!(
        "UPDATE sessions SET status = 'cancelled'
         WHERE id = $1 AND status IN ('pending', 'in_progress')
           AND NOT EXISTS (SELECT 1 FROM verifications WHERE session_id = $1
                           AND status = 'PENDING')",
        c.session_id,
    )
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    let key = format!("cancel:{}", c.verification_id);
    sqlx::query!(
        "INSERT INTO verifications (id, session_id, idempotency_key, document_type, status,
            reason_code, submitted_at, deadline_at, decided_at, checks)
         VALUES ($1, $2, $3, 'none', 'ERROR', $4, $5, $5, $5, '[]')",
        c.verification_id,
        c.session_id,
        key,
        c.reason_code,
        c.now,
    )
    .execute(&mut *tx)
    .await?;
    let next_attempt_at = c.now * 1000;
    sqlx::query!(
        "INSERT INTO webhook_outbox (event_id, verification_id, session_id, body, status,
            attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6)",
        c.event_id,
        c.verification_id,
        c.session_id,
        c.event_body,
        next_attempt_at,
        c.now,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE handoffs SET revoked_at = $1, revoked_reason = 'cancelled'
         WHERE session_id = $2 AND revoked_at IS NULL",
        c.now,
        c.session_id,
    )
    .execute(&mut *tx)
    .await?;
    insert_audit!(
        &mut *tx,
        c.session_id,
        Some(c.verification_id),
        "session.cancelled",
        serde_json::json!({ "event_id": c.event_id }),
        c.now
    )?;
    tx.commit().await?;
    Ok(true)
}

/// The verification that records a session's cancel (its `document_type` is `none`, which no
/// submission can have), if the session was cancelled.
pub async fn cancel_verification(
    pool: &Pool,
    session_id: &str,
) -> Result<Option<VerificationRow>, sqlx::Error> {
    sqlx::query_as!(
        VerificationRecord,
        r#"SELECT id AS "id!", session_id, idempotency_key, document_type, status, reason_code,
            submitted_at, deadline_at, decided_at, result_token, token_expires_at, enrolment_id,
            cause_code
         FROM verifications WHERE session_id = $1 AND document_type = 'none'"#,
        session_id,
    )
    .fetch_optional(pool)
    .await?
    .map(VerificationRow::try_from)
    .transpose()
}

/// The handoff `id`.
pub async fn handoff(pool: &Pool, id: &str) -> Result<Option<HandoffRow>, sqlx::Error> {
    sqlx::query_as!(
        HandoffRow,
        r#"SELECT id AS "id!", session_id, created_at, expires_at, redeemed_at, revoked_at,
            revoked_reason, consented_at FROM handoffs
         WHERE id = $1"#,
        id,
    )
    .fetch_optional(pool)
    .await
}

/// When a phone first redeemed a handoff of the session created at or after `created_since`.
pub async fn first_redemption(
    pool: &Pool,
    session_id: &str,
    created_since: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT MIN(redeemed_at) AS "first?: i64" FROM handoffs
         WHERE session_id = $1 AND created_at >= $2"#,
        session_id,
        created_since,
    )
    .fetch_one(pool)
    .await
}

/// The session's latest verification submitted at or after `since`.
pub async fn latest_verification_since(
    pool: &Pool,
    session_id: &str,
    since: i64,
) -> Result<Option<VerificationRow>, sqlx::Error> {
    sqlx::query_as!(
        VerificationRecord,
        r#"SELECT id AS "id!", session_id, idempotency_key, document_type, status, reason_code,
            submitted_at, deadline_at, decided_at, result_token, token_expires_at, enrolment_id,
            cause_code
         FROM verifications WHERE session_id = $1 AND submitted_at >= $2
         ORDER BY submitted_at DESC, id DESC LIMIT 1"#,
        session_id,
        since,
    )
    .fetch_optional(pool)
    .await?
    .map(VerificationRow::try_from)
    .transpose()
}

/// Records one failed handoff redemption: `session_id` is the session whose (used, expired or
/// revoked) handoff was named, `None` when the link or code named no handoff at all.
pub async fn record_redeem_failure(
    pool: &Pool,
    session_id: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO redeem_failures (at, session_id) VALUES ($1, $2)",
        now,
        session_id,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Failed redemptions, by every replica, at or after `since`.
pub async fn redeem_failures_since(pool: &Pool, since: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!" FROM redeem_failures WHERE at >= $1"#,
        since,
    )
    .fetch_one(pool)
    .await
}

/// Failed redemptions that named a handoff of `session_id`, at or after `since`.
pub async fn session_redeem_failures_since(
    pool: &Pool,
    session_id: &str,
    since: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!" FROM redeem_failures WHERE session_id = $1 AND at >= $2"#,
        session_id,
        since,
    )
    .fetch_one(pool)
    .await
}

/// Forgets failed redemptions older than `before` (no budget looks that far back).
pub async fn prune_redeem_failures(pool: &Pool, before: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query!("DELETE FROM redeem_failures WHERE at < $1", before)
            .execute(pool)
            .await?
            .rows_affected(),
    )
}

/// Stores a pushed authorization request (its flow's first state).
pub async fn insert_oidc_flow(pool: &Pool, f: &OidcFlowRow) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO oidc_flows (id, client_id, request_uri_hash, request_expires_at,
             redirect_uri, state, nonce, code_challenge, session_request, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        f.id,
        f.client_id,
        f.request_uri_hash,
        f.request_expires_at,
        f.redirect_uri,
        f.state,
        f.nonce,
        f.code_challenge,
        f.session_request,
        f.created_at,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The flow whose request_uri hashes to `hash`.
pub async fn oidc_flow_by_request(
    pool: &Pool,
    hash: &str,
) -> Result<Option<OidcFlowRow>, sqlx::Error> {
    sqlx::query_as!(
        OidcFlowRow,
        r#"SELECT id AS "id!", client_id, request_uri_hash, request_expires_at, request_used_at,
                redirect_uri, state, nonce, code_challenge, session_request, session_id, code_hash,
                code_expires_at, code_used_at, verification_id, access_token_hash,
                access_expires_at, revoked_at, created_at FROM oidc_flows WHERE request_uri_hash = $1"#,
        hash,
    )
    .fetch_optional(pool)
    .await
}

/// The flow whose code hashes to `hash`.
pub async fn oidc_flow_by_code(
    pool: &Pool,
    hash: &str,
) -> Result<Option<OidcFlowRow>, sqlx::Error> {
    sqlx::query_as!(
        OidcFlowRow,
        r#"SELECT id AS "id!", client_id, request_uri_hash, request_expires_at, request_used_at,
                redirect_uri, state, nonce, code_challenge, session_request, session_id, code_hash,
                code_expires_at, code_used_at, verification_id, access_token_hash,
                access_expires_at, revoked_at, created_at FROM oidc_flows WHERE code_hash = $1"#,
        hash,
    )
    .fetch_optional(pool)
    .await
}

/// The flow whose access token hashes to `hash`.
pub async fn oidc_flow_by_access_token(
    pool: &Pool,
    hash: &str,
) -> Result<Option<OidcFlowRow>, sqlx::Error> {
    sqlx::query_as!(
        OidcFlowRow,
        r#"SELECT id AS "id!", client_id, request_uri_hash, request_expires_at, request_used_at,
                redirect_uri, state, nonce, code_challenge, session_request, session_id, code_hash,
                code_expires_at, code_used_at, verification_id, access_token_hash,
                access_expires_at, revoked_at, created_at FROM oidc_flows WHERE access_token_hash = $1"#,
        hash,
    )
    .fetch_optional(pool)
    .await
}

/// The flow that created capture session `session_id`.
pub async fn oidc_flow_by_session(
    pool: &Pool,
    session_id: &str,
) -> Result<Option<OidcFlowRow>, sqlx::Error> {
    sqlx::query_as!(
        OidcFlowRow,
        r#"SELECT id AS "id!", client_id, request_uri_hash, request_expires_at, request_used_at,
                redirect_uri, state, nonce, code_challenge, session_request, session_id, code_hash,
                code_expires_at, code_used_at, verification_id, access_token_hash,
                access_expires_at, revoked_at, created_at FROM oidc_flows WHERE session_id = $1"#,
        session_id,
    )
    .fetch_optional(pool)
    .await
}

/// Uses a flow's request_uri, once and before it expires: false when it was used or expired.
pub async fn use_oidc_request(pool: &Pool, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE oidc_flows SET request_used_at = $1
         WHERE id = $2 AND request_used_at IS NULL AND request_expires_at > $3",
        now,
        id,
        now,
    )
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Forgets the patient details a used pushed request held (whatever /authorize did next).
pub async fn forget_oidc_request(pool: &Pool, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE oidc_flows SET session_request = '{}' WHERE id = $1",
        id,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Links the flow to the capture session made from its request, and blanks the request.
pub async fn attach_oidc_session(
    pool: &Pool,
    id: &str,
    session_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE oidc_flows SET session_id = $1, session_request = '{}' WHERE id = $2",
        session_id,
        id,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Gives the flow a one-time code for `verification_id`: false once a code was used, while
/// an earlier code is still live (a second click never kills a code on its way to the client),
/// or when the flow was revoked.
pub async fn set_oidc_code(
    pool: &Pool,
    id: &str,
    code_hash: &str,
    expires_at: i64,
    verification_id: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE oidc_flows SET code_hash = $1, code_expires_at = $2, verification_id = $3
         WHERE id = $4 AND code_used_at IS NULL AND revoked_at IS NULL
           AND (code_expires_at IS NULL OR code_expires_at <= $5)",
        code_hash,
        expires_at,
        verification_id,
        id,
        now,
    )
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Exchanges the flow's code, once and before it expires, for an access token: false when the
/// code was used, expired or revoked.
pub async fn use_oidc_code(
    pool: &Pool,
    code_hash: &str,
    access_token_hash: &str,
    access_expires_at: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE oidc_flows SET code_used_at = $1, access_token_hash = $2, access_expires_at = $3
         WHERE code_hash = $4 AND code_used_at IS NULL AND code_expires_at > $5
           AND revoked_at IS NULL",
        now,
        access_token_hash,
        access_expires_at,
        code_hash,
        now,
    )
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Revokes the flow: its access token stops working and no code is issued again.
pub async fn revoke_oidc_flow(pool: &Pool, id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE oidc_flows SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        now,
        id,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Deletes flows whose pushed request expired unused before `before` (they hold patient
/// details), and every flow created before `before_all`.
pub async fn prune_oidc_flows(
    pool: &Pool,
    before: i64,
    before_all: i64,
) -> Result<u64, sqlx::Error> {
    let r = sqlx::query!(
        "DELETE FROM oidc_flows
         WHERE (request_used_at IS NULL AND request_expires_at < $1) OR created_at < $2",
        before,
        before_all,
    )
    .execute(pool)
    .await?;
    Ok(r.rows_affected())
}

/// Stores a new wallet request if the session has made fewer than `max` (counting every
/// request it ever made), with its audit entry: false when the session is at its limit.
pub async fn insert_mdl_request(
    pool: &Pool,
    r: &MdlRequestRow,
    max: i64,
    audit: Audit<'_>,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let made = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM mdl_requests WHERE session_id = $1"#,
        r.session_id,
    )
    .fetch_one(&mut *tx)
    .await?;
    if made >= max {
        return Ok(false);
    }
    sqlx::query!(
        "INSERT INTO mdl_requests (id, session_id, encryption_info, recipient_secret, status,
             outcome, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        r.id,
        r.session_id,
        r.encryption_info,
        r.recipient_secret,
        r.status,
        r.outcome,
        r.created_at,
        r.expires_at,
    )
    .execute(&mut *tx)
    .await?;
    insert_audit!(
        &mut *tx,
        &r.session_id,
        None::<&str>,
        audit.event,
        audit.detail,
        r.created_at
    )?;
    tx.commit().await?;
    Ok(true)
}

/// The wallet request `id`.
pub async fn mdl_request(pool: &Pool, id: &str) -> Result<Option<MdlRequestRow>, sqlx::Error> {
    sqlx::query_as!(
        MdlRequestRow,
        r#"SELECT id AS "id!", session_id, encryption_info, recipient_secret, status, outcome,
                created_at, expires_at FROM mdl_requests WHERE id = $1"#,
        id,
    )
    .fetch_optional(pool)
    .await
}

/// Moves wallet request `id` from `from` to `to` (before it expires), with `outcome` and its
/// audit entry; `spend` blanks its secret. False when it was not in `from` or has expired: a
/// request is answered once and used once.
#[allow(clippy::too_many_arguments)]
pub async fn settle_mdl_request(
    pool: &Pool,
    id: &str,
    session_id: &str,
    from: &str,
    to: &str,
    outcome: Option<&str>,
    spend: bool,
    audit: Audit<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let r = sqlx::query!(
        "UPDATE mdl_requests SET status = $1, outcome = COALESCE($2, outcome),
             recipient_secret = CASE WHEN $3 THEN '' ELSE recipient_secret END
         WHERE id = $4 AND session_id = $5 AND status = $6 AND expires_at > $7",
        to,
        outcome,
        spend,
        id,
        session_id,
        from,
        now,
    )
    .execute(&mut *tx)
    .await?;
    let moved = r.rows_affected() == 1;
    if moved {
        insert_audit!(
            &mut *tx,
            session_id,
            None::<&str>,
            audit.event,
            audit.detail,
            now
        )?;
    }
    tx.commit().await?;
    Ok(moved)
}

/// Deletes wallet requests that expired before `before`. Returns how many.
pub async fn prune_mdl_requests(pool: &Pool, before: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query!("DELETE FROM mdl_requests WHERE expires_at < $1", before)
        .execute(pool)
        .await?;
    Ok(r.rows_affected())
}
