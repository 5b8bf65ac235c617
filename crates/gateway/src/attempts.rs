//! How many submissions a session has made and may make: the one rule every place that counts
//! attempts asks (submit, the decision, the widget's views, the handoff poll).

use crate::db::{self, SessionRow};
use crate::error::Error;
use crate::AppState;

/// A session's attempts: made so far, and allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempts {
    /// Submissions made (every verification of the session).
    pub used: u32,
    /// Submissions allowed: the session's own limit, or the gateway's for an older session.
    pub allowed: u32,
}

impl Attempts {
    /// Whether every allowed submission has been made.
    pub fn exhausted(self) -> bool {
        self.used >= self.allowed
    }

    /// Submissions still allowed.
    pub fn left(self) -> u32 {
        self.allowed.saturating_sub(self.used)
    }

    /// The attempts of `session`, counted now.
    pub async fn of(app: &AppState, session: &SessionRow) -> Result<Self, Error> {
        let used = db::count_attempts(&app.pool, &session.id).await?;
        Ok(Self {
            used: u32::try_from(used).map_err(Error::invariant)?,
            allowed: allowed(session, app.config.max_attempts)?,
        })
    }
}

/// A session's vendor errors: 1Kosmos calls that ended in ERROR `vendor_error`. They use no
/// attempt (the patient did nothing wrong), but each is a billed call a client could provoke
/// at will, so a session allows `limits.max_vendor_errors` of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VendorErrors {
    /// Vendor errors so far.
    pub count: u32,
    /// Vendor errors allowed.
    pub allowed: u32,
}

impl VendorErrors {
    /// Whether the session may call 1Kosmos no more.
    pub fn exhausted(self) -> bool {
        self.count >= self.allowed
    }

    /// Whether one more vendor error ends the session.
    pub fn next_is_last(self) -> bool {
        self.count.saturating_add(1) >= self.allowed
    }

    /// The vendor errors of `session`, counted now.
    pub async fn of(app: &AppState, session: &SessionRow) -> Result<Self, Error> {
        let count = db::count_vendor_errors(&app.pool, &session.id).await?;
        Ok(Self {
            count: u32::try_from(count).map_err(Error::invariant)?,
            allowed: app.config.limits.max_vendor_errors,
        })
    }
}

/// The session's submission limit: its own, or `configured` (the gateway's `max_attempts`) for
/// a session created before sessions had one.
pub fn allowed(session: &SessionRow, configured: u32) -> Result<u32, Error> {
    session
        .attempts_allowed(configured)
        .map_err(Error::Invariant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exhausted_once_every_allowed_attempt_is_used() {
        let a = |used, allowed| Attempts { used, allowed };
        assert!(!a(0, 3).exhausted());
        assert!(!a(2, 3).exhausted());
        assert!(a(3, 3).exhausted());
        assert!(a(4, 3).exhausted(), "a lowered limit");
        assert_eq!(a(1, 3).left(), 2);
        assert_eq!(a(4, 3).left(), 0);
    }

    #[test]
    fn the_vendor_error_that_reaches_the_cap_is_the_last() {
        let v = |count, allowed| VendorErrors { count, allowed };
        assert!(!v(3, 5).next_is_last());
        assert!(v(4, 5).next_is_last());
        assert!(!v(4, 5).exhausted());
        assert!(v(5, 5).exhausted());
        assert!(v(0, 1).next_is_last());
    }
}
