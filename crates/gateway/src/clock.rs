//! Time, in one place: unix seconds and milliseconds, and RFC 3339 for the wire.
//!
//! Everything that serves requests or runs in the background reads the time from the
//! [`Clock`] in its `AppState`: the system's, which a test can move forward (a month, a year) to
//! see what retention does to a running gateway. The free functions read the system clock.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

pub use docuverify::client::unix_now as now;

/// Unix milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Unix seconds as RFC 3339 (UTC), e.g. `1970-01-01T00:00:00Z`.
pub fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

pub use docuverify::client::today;

/// The gateway's clock: the system clock plus an offset that only tests set (every clone shares
/// it). Production never moves it.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_secs: Arc<AtomicI64>,
}

impl Clock {
    /// Unix seconds.
    pub fn now(&self) -> i64 {
        now().saturating_add(self.offset_secs.load(Ordering::Relaxed))
    }

    /// Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        now_ms().saturating_add(
            self.offset_secs
                .load(Ordering::Relaxed)
                .saturating_mul(1000),
        )
    }

    /// Today's date (UTC).
    pub fn today(&self) -> id_documents::Date {
        id_documents::Date::from_unix(self.now()).unwrap_or_else(today)
    }

    /// Moves this clock (and every clone of it) `secs` forward: for tests of what happens after
    /// days or years.
    pub fn advance(&self, secs: i64) {
        self.offset_secs.fetch_add(secs, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_clock_moves_every_clone() {
        let clock = Clock::default();
        let shared = clock.clone();
        let before = clock.now();
        shared.advance(31 * 86_400);
        let after = clock.now();
        assert!(after - before >= 31 * 86_400 && after - before < 31 * 86_400 + 5);
        assert!(clock.now_ms() / 1000 - after <= 1);
        assert_eq!(
            clock.today(),
            id_documents::Date::from_unix(clock.now()).unwrap()
        );
    }
}
