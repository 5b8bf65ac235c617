//! Work no request triggers, run by every replica: finalising verifications left PENDING past
//! their deadline (a crash, a restart, a vendor that never answered) so their decision and
//! webhook are never lost, deleting enrolled portraits that aged out (with the keyed links that
//! pointed at them), purging personal data after the retention period (with the session's
//! handoffs and settled webhook events), and pruning the audit trail after its own. Each step
//! is a conditional statement, so replicas running it at once never double a decision; on
//! PostgreSQL an advisory lock also has them take turns, so they do not repeat each other's work
//! either.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

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
    /// Sessions whose keyed patient link was forgotten (no re-verification can build on them).
    pub links_forgotten: u64,
    /// Sessions made before patient links that were given theirs.
    pub sessions_linked: u64,
    /// Audit events deleted (`audit_retention_days`).
    pub audit_pruned: u64,
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
    // A session that ended before this decided at most `decision_deadline_secs` later, so its
    // PASS is older than `reverify_max_age_days` by then: its link anchors nothing any more.
    let link_cutoff = link_cutoff(
        now,
        app.config.reverify_max_age_days,
        app.config.decision_deadline_secs,
    );
    swept.sessions_linked = crate::enrolment::link_unlinked_sessions(app, link_cutoff).await?;
    swept.links_forgotten = crate::db::forget_patient_links(&app.pool, link_cutoff).await?;
    let cutoff = now - days(app.config.retention_days);
    swept.sessions_purged = crate::db::purge_personal_data(&app.pool, cutoff, now).await?;
    swept.audit_pruned =
        crate::db::prune_audit(&app.pool, now - days(app.config.audit_retention_days)).await?;
    // Failed redemptions count for an hour (codes) or a session's life (its handoffs).
    let counted_for = (app.config.session_ttl_secs as i64).max(3600);
    crate::db::prune_redeem_failures(&app.pool, now - counted_for).await?;
    // OpenID Connect flows: a pushed request that was never used holds patient details (gone
    // once expired); a used flow only hashes, kept as long as its session's personal data.
    crate::db::prune_oidc_flows(&app.pool, now, cutoff).await?;
    // Wallet requests live 10 minutes: their secrets go with them.
    crate::db::prune_mdl_requests(&app.pool, now).await?;
    app.limits.forget_quiet();
    Ok(swept)
}

fn days(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX).saturating_mul(86_400)
}

/// Sessions that ended before this (unix seconds) can anchor no re-verification at `now`: their
/// decisions came at most `deadline_secs` after their end, more than `max_age_days` ago.
pub fn link_cutoff(now: i64, max_age_days: u64, deadline_secs: u64) -> i64 {
    now.saturating_sub(days(max_age_days))
        .saturating_sub(i64::try_from(deadline_secs).unwrap_or(i64::MAX))
}

/// Sweeps every `sweep_secs` until `shutdown` is cancelled.
pub fn spawn(app: AppState, shutdown: CancellationToken) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let every = Duration::from_secs(app.config.sweep_secs.max(1));
        loop {
            match sweep(&app, app.clock.now()).await {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_forgotten_only_once_no_pass_of_its_session_can_be_recent_enough() {
        let day = 86_400;
        // A session that ended at t = 1000 decided by 1000 + 120 at the latest.
        let (ended, deadline) = (1000, 120);
        let decided_latest = ended + deadline as i64;
        // Still usable (age ≤ 365 days): the session is not before the cutoff.
        let now = decided_latest + 365 * day;
        assert!(ended >= link_cutoff(now, 365, deadline));
        // One second later the PASS is too old, and the session falls before the cutoff.
        assert!(ended < link_cutoff(now + 1, 365, deadline));
        assert_eq!(link_cutoff(0, u64::MAX, u64::MAX), i64::MIN);
    }
}
