//! Delivering decisions to the Epic webhook from the persisted outbox: at least once, with a
//! stable event id, retried with exponential backoff and jitter (then at the cap) for
//! `epic.max_age_hours`, surviving restarts, so a receiver's outage of hours loses nothing.
//! Each replica leases due rows, so several replicas never send the same attempt twice.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use idv_wire::webhook_headers as headers;
use rand_core::{OsRng, RngCore};
use sha2::Sha256;

use tokio_util::sync::CancellationToken;

use crate::db::{self, OutboxRow};
use crate::AppState;

/// The prefix of a Standard Webhooks secret: `whsec_` then the key in base64.
pub const SECRET_PREFIX: &str = "whsec_";

/// The key bytes of a Standard Webhooks secret (`whsec_` + base64 of 24 to 64 random bytes, the
/// range the specification recommends), or what is wrong with it, in one line.
pub fn secret_key(secret: &str) -> Result<Vec<u8>, String> {
    let Some(encoded) = secret.strip_prefix(SECRET_PREFIX) else {
        return Err(format!(
            "must start with {SECRET_PREFIX:?} (Standard Webhooks: whsec_ + base64 of 24 to 64 random bytes)"
        ));
    };
    let key = B64
        .decode(encoded)
        .map_err(|_| "is not whsec_ followed by base64".to_owned())?;
    if !(24..=64).contains(&key.len()) {
        return Err(format!(
            "holds {} bytes; use 24 to 64 random bytes (openssl rand -base64 32)",
            key.len()
        ));
    }
    Ok(key)
}

/// One Standard Webhooks signature: `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`.
pub fn signature(key: &[u8], id: &str, timestamp: i64, body: &str) -> String {
    // HMAC accepts keys of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("v1,{}", B64.encode(mac.finalize().into_bytes()))
}

/// The `webhook-signature` header: one signature per configured secret (the current one first,
/// then the previous one during a rotation), separated by spaces, so a receiver holding either
/// secret verifies. Secrets were checked at start-up; one that does not parse signs nothing.
pub fn signature_header(secrets: &[&str], id: &str, timestamp: i64, body: &str) -> String {
    secrets
        .iter()
        .filter_map(|s| secret_key(s).ok())
        .map(|key| signature(&key, id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Delay before attempt `attempt + 1`, after `attempt` failures: `base · 2^(attempt-1)` capped,
/// then scaled by a jitter factor in [0.8, 1.2) drawn from `unit` ∈ [0, 1).
pub fn backoff_ms(attempt: u32, base_ms: u64, cap_ms: u64, unit: f64) -> u64 {
    let exp = attempt.saturating_sub(1).min(32);
    let raw = base_ms.saturating_mul(1u64 << exp).min(cap_ms);
    let factor = 0.8 + 0.4 * unit.clamp(0.0, 0.999_999);
    (raw as f64 * factor) as u64
}

/// What to do with a delivery after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// The receiver answered 2xx.
    Delivered,
    /// Try again at this unix millisecond.
    RetryAt(i64),
    /// The retry budget is spent: `failed`, until an operator redelivers it.
    GiveUp,
}

/// The retry policy of the Epic webhook.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts before a delivery is `failed`; `None`: no limit (the age ends the retries).
    pub max_attempts: Option<u32>,
    /// The first retry's delay, doubled each time.
    pub base_ms: u64,
    /// The longest delay between two attempts.
    pub cap_ms: u64,
    /// How long after the event (or an operator's re-queuing) attempts go on, in milliseconds.
    pub max_age_ms: i64,
}

impl RetryPolicy {
    /// The policy `epic` configures.
    pub fn of(epic: &crate::config::EpicConfig) -> Self {
        Self {
            max_attempts: epic.max_attempts,
            base_ms: epic.backoff_base_ms,
            cap_ms: epic.backoff_cap_ms,
            max_age_ms: i64::try_from(epic.max_age_hours)
                .unwrap_or(i64::MAX)
                .saturating_mul(3_600_000),
        }
    }
}

/// After attempt number `attempts` (1-based) succeeded or not, at `now_ms`, for a delivery tried
/// since `since_ms`, with jitter `unit` ∈ [0, 1): the next step. Retries back off up to the cap
/// and go on at the cap until `max_age_ms` after `since_ms`; the last one is at that moment.
pub fn next_step(
    attempts: u32,
    delivered: bool,
    policy: RetryPolicy,
    since_ms: i64,
    now_ms: i64,
    unit: f64,
) -> NextStep {
    let deadline = since_ms.saturating_add(policy.max_age_ms);
    if delivered {
        NextStep::Delivered
    } else if policy.max_attempts.is_some_and(|max| attempts >= max) || now_ms >= deadline {
        NextStep::GiveUp
    } else {
        let delay = backoff_ms(attempts, policy.base_ms, policy.cap_ms, unit);
        let at = now_ms.saturating_add(i64::try_from(delay).unwrap_or(i64::MAX));
        NextStep::RetryAt(at.min(deadline))
    }
}

fn unit_random() -> f64 {
    f64::from(OsRng.next_u32()) / (f64::from(u32::MAX) + 1.0)
}

/// Runs the delivery loop until `shutdown` is cancelled.
pub fn spawn(app: AppState, shutdown: CancellationToken) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let poll = Duration::from_millis(app.config.epic.poll_ms);
        loop {
            if let Err(e) = deliver_due(&app).await {
                tracing::error!(error = %e, "webhook outbox");
            }
            tokio::select! {
                _ = tokio::time::sleep(poll) => {}
                _ = shutdown.cancelled() => return,
            }
        }
    })
}

/// One pass: leases due deliveries one at a time and attempts each (at most 50 a pass).
/// Returns how many were attempted.
pub async fn deliver_due(app: &AppState) -> Result<usize, sqlx::Error> {
    // The lease outlives the HTTP timeout, so no other replica takes a row while it is sent.
    let lease_ms = (app.config.epic.timeout_secs as i64 + 5) * 1000;
    let mut count = 0;
    while count < 50 {
        let now = app.clock.now_ms();
        let token = uuid::Uuid::new_v4().to_string();
        let Some(row) = db::claim_due_webhook(&app.pool, now, now + lease_ms, &token).await? else {
            break;
        };
        attempt(app, row, &token).await?;
        count += 1;
    }
    Ok(count)
}

async fn attempt(app: &AppState, row: OutboxRow, lease_token: &str) -> Result<(), sqlx::Error> {
    let epic = &app.config.epic;
    let timestamp = app.clock.now();
    let result = app
        .http
        .post(&epic.webhook_url)
        .timeout(Duration::from_secs(epic.timeout_secs))
        .header("content-type", "application/json")
        .header(headers::ID, &row.event_id)
        .header(headers::TIMESTAMP, timestamp.to_string())
        .header(
            headers::SIGNATURE,
            signature_header(&epic.secrets(), &row.event_id, timestamp, &row.body),
        )
        .body(row.body.clone())
        .send()
        .await;
    let error = match result {
        Ok(r) if r.status().is_success() => None,
        Ok(r) => Some(format!("HTTP {}", r.status().as_u16())),
        Err(e) if e.is_timeout() => Some("timeout".to_owned()),
        Err(_) => Some("connection failed".to_owned()),
    };
    let attempts = row.attempts + 1;
    let step = next_step(
        u32::try_from(attempts).unwrap_or(u32::MAX),
        error.is_none(),
        RetryPolicy::of(epic),
        row.retrying_since().saturating_mul(1000),
        app.clock.now_ms(),
        unit_random(),
    );
    app.metrics.webhook_attempt(match step {
        NextStep::Delivered => "delivered",
        NextStep::GiveUp => "gave_up",
        NextStep::RetryAt(_) => "retry",
    });
    let (status, next_ms, event) = match step {
        NextStep::Delivered => ("delivered", 0, "webhook.delivered"),
        NextStep::GiveUp => ("failed", 0, "webhook.failed"),
        NextStep::RetryAt(at) => ("pending", at, "webhook.attempt"),
    };
    let now = app.clock.now();
    let recorded = db::webhook_attempted(
        &app.pool,
        &row.event_id,
        lease_token,
        attempts,
        status,
        next_ms,
        error.as_deref(),
        now,
    )
    .await?;
    if !recorded {
        tracing::warn!(event_id = %row.event_id, "webhook lease lost; attempt not recorded");
        return Ok(());
    }
    db::audit(
        &app.pool,
        &row.session_id,
        Some(&row.verification_id),
        event,
        serde_json::json!({ "event_id": row.event_id, "attempt": attempts, "error": error }),
        now,
    )
    .await?;
    match &error {
        None => tracing::info!(event_id = %row.event_id, attempts, "webhook delivered"),
        Some(e) => {
            tracing::warn!(event_id = %row.event_id, attempts, error = %e, status, "webhook attempt failed")
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_the_standard_webhooks_reference_vector() {
        // The specification's own example (standard-webhooks, spec/standard-webhooks.md), also
        // what the PyPI `standardwebhooks` 1.3.0 `Webhook.sign` answers for these inputs.
        let key = secret_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert_eq!(
            signature(
                &key,
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1_614_265_330,
                r#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn two_secrets_sign_twice_current_first() {
        let current = "whsec_dGVzdC13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5YWI=";
        let previous = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let one = signature_header(&[current], "evt-1", 1_700_000_000, r#"{"a":1}"#);
        // PyPI standardwebhooks 1.3.0: Webhook(current).sign("evt-1", 1700000000, '{"a":1}').
        assert_eq!(one, "v1,sZdoGj66H5JK62hhDBV6/CYUll9MLB22ZLdHOl83bI8=");
        let both = signature_header(&[current, previous], "evt-1", 1_700_000_000, r#"{"a":1}"#);
        let parts: Vec<&str> = both.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], one);
        assert_ne!(parts[1], one);
    }

    #[test]
    fn secrets_are_whsec_and_base64_of_24_to_64_bytes() {
        assert!(secret_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").is_ok());
        assert!(secret_key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .unwrap_err()
            .contains("whsec_"));
        assert!(secret_key("whsec_not base64!").is_err());
        // 16 bytes: too short for the specification's recommendation.
        assert!(secret_key("whsec_MDEyMzQ1Njc4OWFiY2RlZg==")
            .unwrap_err()
            .contains("16 bytes"));
    }

    #[test]
    fn backoff_doubles_is_capped_and_jittered_within_twenty_percent() {
        assert_eq!(backoff_ms(1, 1000, 60_000, 0.5), 1000);
        assert_eq!(backoff_ms(2, 1000, 60_000, 0.5), 2000);
        assert_eq!(backoff_ms(4, 1000, 60_000, 0.5), 8000);
        assert_eq!(backoff_ms(30, 1000, 60_000, 0.5), 60_000);
        assert_eq!(backoff_ms(1, 1000, 60_000, 0.0), 800);
        assert!(backoff_ms(1, 1000, 60_000, 0.999_999) < 1200);
        assert_eq!(backoff_ms(0, 1000, 60_000, 0.5), 1000);
    }

    #[test]
    fn the_retry_decision_delivers_retries_with_backoff_then_gives_up() {
        let policy = RetryPolicy {
            max_attempts: Some(3),
            base_ms: 1000,
            cap_ms: 60_000,
            max_age_ms: 86_400_000,
        };
        let step = |attempts, delivered, now| next_step(attempts, delivered, policy, 0, now, 0.5);
        assert_eq!(step(1, true, 0), NextStep::Delivered);
        assert_eq!(step(3, true, 0), NextStep::Delivered);
        assert_eq!(step(1, false, 10_000), NextStep::RetryAt(11_000));
        assert_eq!(step(2, false, 10_000), NextStep::RetryAt(12_000));
        assert_eq!(step(3, false, 10_000), NextStep::GiveUp);
        assert_eq!(step(9, false, 10_000), NextStep::GiveUp);
    }

    /// The defaults: 2 s doubling to a 10-minute cap, no attempt limit, 24 hours.
    fn defaults() -> RetryPolicy {
        let epic: crate::config::EpicConfig =
            toml::from_str("webhook_url = \"https://h.example/hook\"\nwebhook_secret = \"s\"")
                .unwrap();
        RetryPolicy::of(&epic)
    }

    #[test]
    fn by_default_retries_reach_the_cap_and_go_on_for_a_day_then_stop() {
        let policy = defaults();
        assert_eq!(policy.max_attempts, None);
        assert_eq!((policy.base_ms, policy.cap_ms), (2_000, 600_000));
        let day = 86_400_000;
        // Walk a delivery that never succeeds, without jitter, from an event at t = 0.
        let (mut now, mut attempts, mut delays) = (0i64, 1u32, vec![]);
        loop {
            match next_step(attempts, false, policy, 0, now, 0.5) {
                NextStep::RetryAt(at) => {
                    assert!(at > now && at <= day, "attempt {attempts}: {now} → {at}");
                    delays.push(at - now);
                    now = at;
                    attempts += 1;
                }
                NextStep::GiveUp => break,
                NextStep::Delivered => unreachable!(),
            }
        }
        // Today's default (8 attempts) gave up after 2+4+…+128 s ≈ 4 min; now the ninth
        // attempt onwards waits the full 10 minutes, and the last one is at 24 h exactly.
        assert_eq!(delays[..4], [2_000, 4_000, 8_000, 16_000]);
        assert!(delays[9..delays.len() - 1].iter().all(|d| *d == 600_000));
        assert_eq!(now, day, "the last attempt is at the deadline");
        assert!(attempts > 140, "{attempts} attempts in a day");
        // The age counts from `since`: an operator's redelivery starts a new day.
        assert!(matches!(
            next_step(500, false, policy, day, day + 1000, 0.5),
            NextStep::RetryAt(_)
        ));
    }
}
