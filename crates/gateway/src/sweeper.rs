//! Work no request triggers, run by every replica: finalising verifications left PENDING past
//! their deadline (a crash, a restart, a vendor that never answered) so their decision and
//! webhook are never lost, deleting enrolled portraits that aged out, and purging personal data
//! after the retention period. Each step is a conditional statement, so replicas running it at
//! once never double a decision; on PostgreSQL an advisory lock also has them take turns, so
//! they do not repeat each other's work either.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::clock;
use crate::decision;
use crate::error::Error;
use crate::AppState;

/// What one sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    /// Overdue PENDING verifications recorded as ERROR `timeout`.
    pub finalised: usize,
    /// Enrolled portraits deleted because they aged out.
    pub portraits_deleted: u64,
    /// Sessions whose personal data was purged (retention).
    pub sessions_purged: u64,
}

/// One sweep at `now` (unix seconds).
pub async fn sweep(app: &AppState, now: i64) -> Result<Swept, Error> {
    let Some(turn) = crate::db::sweep_turn(&app.pool).await? else {
        // Another replica is sweeping right now.
        return Ok(Swept::default());
    };
    let swept = sweep_steps(app, now).await;
    turn.release().await?;
    swept
}

async fn sweep_steps(app: &AppState, now: i64) -> Result<Swept, Error> {
    let mut swept = Swept::default();
    for (v, session) in crate::db::overdue(&app.pool, now, 100).await? {
        decision::finalise_overdue(app, &session, &v.id).await?;
        swept.finalised += 1;
    }
    swept.portraits_deleted = crate::db::delete_aged_portraits(&app.pool, now).await?;
    let cutoff = now - app.config.retention_days as i64 * 86_400;
    swept.sessions_purged = crate::db::purge_personal_data(&app.pool, cutoff, now).await?;
    // Failed redemptions count for an hour (codes) or a session's life (its handoffs).
    let counted_for = (app.config.session_ttl_secs as i64).max(3600);
    crate::db::prune_redeem_failures(&app.pool, now - counted_for).await?;
    // OpenID Connect flows: a pushed request that was never used holds patient details (gone
    // once expired); a used flow only hashes, kept as long as its session's personal data.
    crate::db::prune_oidc_flows(&app.pool, now, cutoff).await?;
    app.limits.forget_quiet();
    Ok(swept)
}

/// Sweeps every `sweep_secs` until `shutdown` is cancelled.
pub fn spawn(app: AppState, shutdown: CancellationToken) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let every = Duration::from_secs(app.config.sweep_secs.max(1));
        loop {
            match sweep(&app, clock::now()).await {
                Ok(s) if s != Swept::default() => tracing::info!(?s, "swept"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "sweep failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = shutdown.cancelled() => return,
            }
        }
    })
}
