//! Delivering decisions to the Epic webhook from the persisted outbox: at least once, with a
//! stable event id, retried with exponential backoff and jitter, surviving restarts. Each
//! replica leases due rows, so several replicas never send the same attempt twice.

use std::time::Duration;

use hmac::{Hmac, Mac};
use idv_wire::webhook_headers as headers;
use rand_core::{OsRng, RngCore};
use sha2::Sha256;

use crate::db::{self, OutboxRow};
use crate::rules::unix_now;
use crate::AppState;

/// `v1=<hex HMAC-SHA256(secret, "{timestamp}.{body}")>`
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    // HMAC accepts keys of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Delay before attempt `attempt + 1`, after `attempt` failures: `base · 2^(attempt-1)` capped,
/// then scaled by a jitter factor in [0.8, 1.2) drawn from `unit` ∈ [0, 1).
pub fn backoff_ms(attempt: u32, base_ms: u64, cap_ms: u64, unit: f64) -> u64 {
    let exp = attempt.saturating_sub(1).min(32);
    let raw = base_ms.saturating_mul(1u64 << exp).min(cap_ms);
    let factor = 0.8 + 0.4 * unit.clamp(0.0, 0.999_999);
    (raw as f64 * factor) as u64
}

fn unit_random() -> f64 {
    f64::from(OsRng.next_u32()) / (f64::from(u32::MAX) + 1.0)
}

fn now_ms() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp_nanos() as i64 / 1_000_000
}

/// Runs the delivery loop until the task is aborted.
pub fn spawn(app: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let poll = Duration::from_millis(app.config.epic.poll_ms);
        loop {
            if let Err(e) = deliver_due(&app).await {
                tracing::error!(error = %e, "webhook outbox");
            }
            tokio::time::sleep(poll).await;
        }
    })
}

/// One pass: leases what is due and attempts each. Returns how many were attempted.
pub async fn deliver_due(app: &AppState) -> Result<usize, sqlx::Error> {
    let now = now_ms();
    let lease = (app.config.epic.timeout_secs as i64 + 5) * 1000;
    let due = db::claim_due_webhooks(&app.pool, now, now + lease, 10).await?;
    let count = due.len();
    for row in due {
        attempt(app, row).await?;
    }
    Ok(count)
}

async fn attempt(app: &AppState, row: OutboxRow) -> Result<(), sqlx::Error> {
    let epic = &app.config.epic;
    let timestamp = unix_now();
    let result = app
        .http
        .post(&epic.webhook_url)
        .timeout(Duration::from_secs(epic.timeout_secs))
        .header("content-type", "application/json")
        .header(headers::TIMESTAMP, timestamp.to_string())
        .header(headers::EVENT_ID, &row.event_id)
        .header(
            headers::SIGNATURE,
            signature(&epic.webhook_secret, timestamp, &row.body),
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
    let now = unix_now();
    let (status, next_ms, event) = match &error {
        None => ("delivered", 0, "webhook.delivered"),
        Some(_) if attempts >= i64::from(epic.max_attempts) => ("failed", 0, "webhook.failed"),
        Some(_) => {
            let delay = backoff_ms(
                attempts as u32,
                epic.backoff_base_ms,
                epic.backoff_cap_ms,
                unit_random(),
            );
            ("pending", now_ms() + delay as i64, "webhook.attempt")
        }
    };
    db::webhook_attempted(
        &app.pool,
        &row.event_id,
        attempts,
        status,
        next_ms,
        error.as_deref(),
        now,
    )
    .await?;
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
    fn signature_is_hmac_sha256_over_timestamp_dot_body() {
        // Reference value computed independently:
        //   printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'whsec-test'
        assert_eq!(
            signature("whsec-test", 1_700_000_000, r#"{"a":1}"#),
            "v1=fed7a1a6c799a6367d73724d76bc70c16678908a32a879cd1ded6565ac05cece"
        );
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
}
