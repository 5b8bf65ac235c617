//! Rate limits (the `governor` crate). Failures are counted in separate budgets, each keyed on
//! who failed, so one caller's mistakes never spend another's: failed Basic logins per client
//! address ([`client_address`](crate::client_address): the real client behind a trusted proxy,
//! an IPv6 client by its /64) and per claimed client id, failed handoff redemptions per address.
//! Session creations are limited per host client and widget calls per capture session. Over a
//! limit the answer is 429 with `Retry-After`. These limits are per replica (N replicas allow N
//! times the rate); the handoff budgets that must hold across replicas are counted in the
//! database (`handoff::RedeemBudget`).

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

/// Failures allowed per key per minute; a key past its quota is blocked until the quota
/// refills.
struct FailureBudget<K: Hash + Eq + Clone> {
    failures: DefaultKeyedRateLimiter<K>,
    /// Keys that used up their failures, until when.
    blocked: Mutex<HashMap<K, Instant>>,
}

impl<K: Hash + Eq + Clone> FailureBudget<K> {
    fn per_minute(n: u32) -> Self {
        Self {
            failures: RateLimiter::keyed(Quota::per_minute(nonzero(n))),
            blocked: Mutex::default(),
        }
    }

    /// 429 while `key` is blocked.
    fn allowed(&self, key: &K) -> Result<(), Refusal> {
        let mut blocked = self.blocked.lock().unwrap_or_else(|p| p.into_inner());
        match blocked.get(key) {
            Some(until) if *until > Instant::now() => Err(Refusal::rate_limited(
                until.saturating_duration_since(Instant::now()).as_secs() + 1,
            )),
            Some(_) => {
                blocked.remove(key);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Counts a failure of `key`; past the quota the key is blocked.
    fn failed(&self, key: &K) {
        if let Err(not_until) = self.failures.check_key(key) {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let until = Instant::now() + wait.max(Duration::from_secs(1));
            self.blocked
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(key.clone(), until);
        }
    }

    fn forget_quiet(&self) {
        self.failures.retain_recent();
        let now = Instant::now();
        self.blocked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|_, until| *until > now);
    }
}

/// The rate limits of one gateway process (per replica).
pub struct Limits {
    /// Failed Basic logins per client address (its /64 for IPv6).
    login_failures: FailureBudget<IpAddr>,
    /// Failed Basic logins per claimed client id.
    client_failures: FailureBudget<String>,
    /// Failed handoff redemptions (unknown links and codes) per client address.
    redeem_failures: FailureBudget<IpAddr>,
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
            login_failures: FailureBudget::per_minute(c.auth_failures_per_minute),
            client_failures: FailureBudget::per_minute(c.auth_failures_per_client_per_minute),
            redeem_failures: FailureBudget::per_minute(c.handoff_failures_per_minute),
            sessions: RateLimiter::keyed(Quota::per_second(nonzero(c.sessions_per_second))),
            widget: RateLimiter::keyed(
                Quota::per_second(nonzero(c.widget_calls_per_second))
                    .allow_burst(nonzero(c.widget_calls_per_second.saturating_mul(3))),
            ),
        }
    }

    /// 429 while the address `ip` (already keyed: see `client_address::limit_key`) is blocked
    /// for its own failed Basic logins.
    pub fn login_allowed(&self, ip: IpAddr) -> Result<(), Refusal> {
        self.login_failures.allowed(&ip)
    }

    /// Counts a failed Basic login from `ip` claiming client id `claimed` (when it named one).
    /// Past the address's quota the address is blocked; past the client id's quota, wrong
    /// secrets for it are answered 429 (see [`Limits::client_failures_allowed`]).
    pub fn login_failed(&self, ip: IpAddr, claimed: Option<&str>) {
        self.login_failures.failed(&ip);
        if let Some(id) = claimed {
            self.client_failures.failed(&id.to_owned());
        }
    }

    /// 429 when wrong secrets for client id `claimed` came too often (from anywhere). Asked only
    /// after a wrong secret: valid credentials are never refused for other callers' failures.
    pub fn client_failures_allowed(&self, claimed: &str) -> Result<(), Refusal> {
        self.client_failures.allowed(&claimed.to_owned())
    }

    /// 429 while the address `ip` is blocked for its own failed handoff redemptions.
    pub fn redeem_allowed(&self, ip: IpAddr) -> Result<(), Refusal> {
        self.redeem_failures.allowed(&ip)
    }

    /// Counts a failed handoff redemption from `ip`.
    pub fn redeem_failed(&self, ip: IpAddr) {
        self.redeem_failures.failed(&ip);
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
        self.login_failures.forget_quiet();
        self.client_failures.forget_quiet();
        self.redeem_failures.forget_quiet();
        self.sessions.retain_recent();
        self.widget.retain_recent();
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
            assert!(limits.login_allowed(a).is_ok());
            limits.login_failed(a, Some("epic"));
        }
        limits.login_failed(a, None);
        let e = limits.login_allowed(a).unwrap_err();
        assert_eq!(e.code, idv_wire::ErrorCode::RateLimited);
        assert!(e.retry_after.is_some_and(|s| s >= 1));
        assert!(limits.login_allowed(b).is_ok());
    }

    #[test]
    fn the_budgets_are_apart() {
        let limits = Limits::new(&LimitsConfig {
            auth_failures_per_minute: 2,
            auth_failures_per_client_per_minute: 3,
            handoff_failures_per_minute: 2,
            ..Default::default()
        });
        let a: IpAddr = [10, 0, 0, 1].into();
        // Failed redemptions block redemptions, never logins.
        for _ in 0..5 {
            limits.redeem_failed(a);
        }
        assert!(limits.redeem_allowed(a).is_err());
        assert!(limits.login_allowed(a).is_ok());
        // Wrong secrets for one client id from many addresses: that id's budget, not theirs.
        for i in 0..5u8 {
            limits.login_failed([10, 1, 0, i].into(), Some("epic"));
        }
        assert!(limits.client_failures_allowed("epic").is_err());
        assert!(limits.client_failures_allowed("other").is_ok());
        assert!(limits.login_allowed([10, 1, 0, 0].into()).is_ok());
        assert!(limits.redeem_allowed([10, 1, 0, 0].into()).is_ok());
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
