//! Rate limits (the `governor` crate): failed Basic authentications per client address, session
//! creations per host client, widget calls per capture session. Over a limit the answer is 429
//! with `Retry-After`. Limits are per replica: N replicas allow N times the rate.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::LimitsConfig;
use crate::error::Refusal;

/// The rate limits of one gateway process (per replica).
pub struct Limits {
    auth_failures: DefaultKeyedRateLimiter<IpAddr>,
    /// Addresses that used up their failures, until when.
    blocked: Mutex<HashMap<IpAddr, Instant>>,
    sessions: DefaultKeyedRateLimiter<String>,
    widget: DefaultKeyedRateLimiter<String>,
}

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

fn check<K: Hash + Eq + Clone>(
    limiter: &DefaultKeyedRateLimiter<K>,
    key: &K,
) -> Result<(), Refusal> {
    limiter.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        Refusal::rate_limited(wait.as_secs() + 1)
    })
}

impl Limits {
    /// The limits of the `[limits]` configuration.
    pub fn new(c: &LimitsConfig) -> Self {
        Self {
            auth_failures: RateLimiter::keyed(Quota::per_minute(nonzero(
                c.auth_failures_per_minute,
            ))),
            blocked: Mutex::default(),
            sessions: RateLimiter::keyed(Quota::per_second(nonzero(c.sessions_per_second))),
            widget: RateLimiter::keyed(
                Quota::per_second(nonzero(c.widget_calls_per_second))
                    .allow_burst(nonzero(c.widget_calls_per_second.saturating_mul(3))),
            ),
        }
    }

    /// 429 while `ip` is blocked for failing authentication too often.
    pub fn auth_allowed(&self, ip: IpAddr) -> Result<(), Refusal> {
        let mut blocked = self.blocked.lock().unwrap_or_else(|p| p.into_inner());
        match blocked.get(&ip) {
            Some(until) if *until > Instant::now() => Err(Refusal::rate_limited(
                until.saturating_duration_since(Instant::now()).as_secs() + 1,
            )),
            Some(_) => {
                blocked.remove(&ip);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Counts a failed authentication from `ip`; past the quota the address is blocked.
    pub fn auth_failed(&self, ip: IpAddr) {
        if let Err(not_until) = self.auth_failures.check_key(&ip) {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let until = Instant::now() + wait.max(Duration::from_secs(1));
            self.blocked
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(ip, until);
        }
    }

    /// One session creation by host client `client`.
    pub fn session_created(&self, client: &str) -> Result<(), Refusal> {
        check(&self.sessions, &client.to_owned())
    }

    /// One widget call in capture session `session`.
    pub fn widget_call(&self, session: &str) -> Result<(), Refusal> {
        check(&self.widget, &session.to_owned())
    }

    /// Forgets keys that have been quiet long enough (run periodically).
    pub fn forget_quiet(&self) {
        self.auth_failures.retain_recent();
        self.sessions.retain_recent();
        self.widget.retain_recent();
        let now = Instant::now();
        self.blocked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|_, until| *until > now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_blocked_after_its_failures_and_others_are_not() {
        let limits = Limits::new(&LimitsConfig {
            auth_failures_per_minute: 3,
            ..Default::default()
        });
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..3 {
            assert!(limits.auth_allowed(a).is_ok());
            limits.auth_failed(a);
        }
        limits.auth_failed(a);
        let e = limits.auth_allowed(a).unwrap_err();
        assert_eq!(e.code, idv_wire::ErrorCode::RateLimited);
        assert!(e.retry_after.is_some_and(|s| s >= 1));
        assert!(limits.auth_allowed(b).is_ok());
    }

    #[test]
    fn widget_calls_allow_a_burst_then_429() {
        let limits = Limits::new(&LimitsConfig {
            widget_calls_per_second: 2,
            ..Default::default()
        });
        let ok = (0..10).filter(|_| limits.widget_call("s1").is_ok()).count();
        assert_eq!(ok, 6, "burst of three times the rate");
        assert!(limits.widget_call("s2").is_ok());
    }
}
