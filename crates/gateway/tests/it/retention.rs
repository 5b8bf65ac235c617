//! What the gateway keeps, for how long, and what it sends: a webhook that outlasts a receiver's
//! outage; settled webhook events and handoffs purged with their session, a pending event never
//! before it settles, nothing ever sent in place of a purged one; the audit pruned after its own
//! retention; `/metrics` on its own listener and a `/healthz` that reads no table. Real HTTP on
//! loopback (a real receiver), a real database, the gateway's clock moved forward.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::process::Process;
use crate::common::*;
use axum::http::StatusCode;
use serde_json::Value;

const DAY: i64 = 86_400;

/// One request the receiver saw: event id, body, the status it answered.
type Seen = (String, String, u16);

/// A webhook receiver that answers 503 while it is "down", 204 otherwise, and records every
/// request.
#[derive(Clone)]
struct Receiver {
    url: String,
    down: Arc<dyn Fn(usize) -> bool + Send + Sync>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Receiver {
    /// Down while `down(requests seen before this one)` says so.
    async fn start(down: impl Fn(usize) -> bool + Send + Sync + 'static) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let receiver = Receiver {
            url: format!("http://{}/epic", listener.local_addr().unwrap()),
            down: Arc::new(down),
            seen: Arc::default(),
        };
        let r = receiver.clone();
        let app = axum::Router::new().route(
            "/epic",
            axum::routing::post(move |body: String| {
                let r = r.clone();
                async move {
                    let mut seen = r.seen.lock().unwrap();
                    let status = if (r.down)(seen.len()) {
                        StatusCode::SERVICE_UNAVAILABLE
                    } else {
                        StatusCode::NO_CONTENT
                    };
                    // The event id as the body carries it (the same on every attempt).
                    let event: Value = serde_json::from_str(&body).unwrap();
                    let id = event["event_id"].as_str().unwrap().to_owned();
                    seen.push((id, body, status.as_u16()));
                    status
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await });
        receiver
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// The `[epic]` section with everything but the timings left at its defaults: `max_attempts`
/// and `max_age_hours` are what the gateway ships with; the backoff is scaled down from 2 s
/// doubling to a 10-minute cap, to 50 ms doubling to a 200 ms cap.
fn default_epic(url: &str) -> gateway::config::EpicConfig {
    toml::from_str(&format!(
        r#"
webhook_url = "{url}"
webhook_secret = "{WEBHOOK_SECRET}"
backoff_base_ms = 50
backoff_cap_ms = 200
timeout_secs = 2
poll_ms = 25
"#
    ))
    .unwrap()
}

/// With the shipped defaults scaled down by 2 s / 50 ms = 40 and 10 min / 200 ms = 3000, the
/// gateway used to give up after 8 attempts: 50 + 100 + 5 × 200 ms = 1.35 s of backoff (1.62 s
/// with the most jitter). This receiver is down for 3 s and for at least 12 requests, then
/// recovers.
#[tokio::test]
async fn a_webhook_outlasts_an_outage_longer_than_the_old_retries_and_is_delivered_once() {
    let started = Instant::now();
    let receiver =
        Receiver::start(move |before| started.elapsed() < Duration::from_secs(3) || before < 12)
            .await;
    let url = receiver.url.clone();
    let h = start_with(|c| c.epic = default_epic(&url)).await;
    assert_eq!(h.app.config.epic.max_attempts, None);
    assert_eq!(h.app.config.epic.max_age_hours, 24);
    let _worker = gateway::webhook::spawn(h.app.clone(), Default::default());
    let (_, vid, decided) = h.run_to_decision("Rivera").await;
    assert_eq!(decided["status"], "PASS");

    let deadline = Instant::now() + Duration::from_secs(60);
    let record = loop {
        let r = h.record(&vid).await;
        assert_ne!(
            r["webhook"]["status"], "failed",
            "gave up during the outage: {r}"
        );
        if r["webhook"]["status"] == "delivered" {
            break r;
        }
        assert!(Instant::now() < deadline, "not delivered: {r}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let seen = receiver.seen();
    let event_id = record["webhook"]["event_id"].as_str().unwrap();
    assert!(seen.iter().all(|(id, _, _)| id == event_id));
    let failed = seen.iter().filter(|(_, _, s)| *s == 503).count();
    let accepted = seen.iter().filter(|(_, _, s)| *s == 204).count();
    assert!(failed >= 12, "{failed} attempts met the outage");
    assert_eq!(accepted, 1, "delivered exactly once");
    assert_eq!(
        record["webhook"]["attempts"].as_u64(),
        Some(seen.len() as u64)
    );
    // `delivered` is final: no worker ever claims the row again.
    assert_eq!(h.backlog().await, (0, 0));
}

/// `(verification_id, status, body)` of every event in the outbox.
async fn outbox_bodies(h: &Harness) -> Vec<(String, String, String)> {
    on_db!(&h.app.pool, |p| sqlx::query_as(
        "SELECT verification_id, status, body FROM webhook_outbox"
    )
    .fetch_all(p)
    .await
    .unwrap())
}

async fn count(h: &Harness, table: &str) -> i64 {
    on_db!(&h.app.pool, |p| sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM {table}"
    ))
    .fetch_one(p)
    .await
    .unwrap())
}

#[tokio::test]
async fn settled_events_and_handoffs_go_with_their_session_a_pending_event_keeps_its_body() {
    let receiver_up = Arc::new(AtomicBool::new(false));
    let up = receiver_up.clone();
    let receiver = Receiver::start(move |_| !up.load(Ordering::SeqCst)).await;
    let url = receiver.url.clone();
    let h = start_with(|c| {
        c.epic.webhook_url = url;
        c.epic.max_attempts = Some(1);
    })
    .await;
    assert_eq!(h.app.config.retention_days, 30);

    // F: decided while the receiver is down; its one attempt fails, for good.
    let (_, failed_vid, _) = h.run_to_decision("Rivera").await;
    assert_eq!(gateway::webhook::deliver_due(&h.app).await.unwrap(), 1);
    let failed_event = h.record(&failed_vid).await["webhook"].clone();
    assert_eq!(failed_event["status"], "failed");
    let failed_id = failed_event["event_id"].as_str().unwrap().to_owned();

    // P: a session with a phone handoff, decided; its event not sent yet (still pending).
    let s = h.session("Rivera").await;
    assert_eq!(h.consent(&s, true).await.status(), 200);
    let r = h
        .http
        .post(h.capture(&s, "/handoff"))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let pending_vid = accepted_id(h.submit(&s, "k1").await).await;
    assert_eq!(h.poll(&s, &pending_vid).await["status"], "PASS");
    let pending_body = outbox_bodies(&h)
        .await
        .into_iter()
        .find(|(v, _, _)| *v == pending_vid)
        .unwrap()
        .2;
    assert!(pending_body.contains(&pending_vid));
    assert_eq!(count(&h, "handoffs").await, 1);

    // A month on, retention purges both sessions...
    h.app.clock.advance(31 * DAY);
    let swept = gateway::sweeper::sweep(&h.app, h.app.clock.now())
        .await
        .unwrap();
    assert_eq!(swept.sessions_purged, 2);
    assert_eq!(
        count(&h, "handoffs").await,
        0,
        "handoffs go with the session"
    );
    // ...deletes the failed event (settled), keeps the pending one as it was.
    let left = outbox_bodies(&h).await;
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(
        (left[0].0.as_str(), left[0].1.as_str()),
        (pending_vid.as_str(), "pending")
    );
    assert_eq!(left[0].2, pending_body, "a pending event keeps its body");
    // An operator's redelivery finds nothing to send for the purged event: nothing is sent in
    // its place.
    let now_ms = h.app.clock.now_ms();
    assert_eq!(
        gateway::db::redeliver(&h.app.pool, Some(&failed_id), now_ms)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        gateway::db::redeliver(&h.app.pool, None, now_ms)
            .await
            .unwrap(),
        0
    );

    // The receiver is back: the pending event goes out, with its real body, and only it.
    receiver_up.store(true, Ordering::SeqCst);
    assert_eq!(gateway::webhook::deliver_due(&h.app).await.unwrap(), 1);
    assert_eq!(gateway::webhook::deliver_due(&h.app).await.unwrap(), 0);
    let seen = receiver.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!((seen[0].0.as_str(), seen[0].2), (failed_id.as_str(), 503));
    assert_eq!(seen[1].1, pending_body);
    assert_eq!(seen[1].2, 204);
    assert!(seen.iter().all(|(_, body, _)| !body.contains("purged")));
    // Settled now, it goes at the next sweep.
    gateway::sweeper::sweep(&h.app, h.app.clock.now())
        .await
        .unwrap();
    assert_eq!(count(&h, "webhook_outbox").await, 0);

    // The audit stays for six years (2,190 days), then goes too.
    let audit_path = format!("/v1/verifications/{pending_vid}/audit");
    let audit = || h.host_get(&audit_path);
    assert!(audit().await["events"].as_array().unwrap().len() >= 5);
    h.app.clock.advance((2189 - 31) * DAY);
    let swept = gateway::sweeper::sweep(&h.app, h.app.clock.now())
        .await
        .unwrap();
    assert_eq!(swept.audit_pruned, 0, "2,189 days on: kept");
    // Past 2,190 days after the last event (the delivery, written a month in).
    h.app.clock.advance(40 * DAY);
    let swept = gateway::sweeper::sweep(&h.app, h.app.clock.now())
        .await
        .unwrap();
    assert!(swept.audit_pruned > 0);
    assert_eq!(count(&h, "audit_events").await, 0);
    assert_eq!(audit().await["events"], Value::Array(vec![]));
}

#[tokio::test]
async fn metrics_are_served_on_their_own_listener_and_healthz_reads_no_table() {
    let tenant = start_tenant().await;
    let mut gw = Process::new(&tenant, "http://127.0.0.1:9/unused", 30, None);
    gw.start().await;
    let http = client();
    let public = http
        .get(format!("{}/metrics", gw.base))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 404, "not on the public port");
    assert!(!public.text().await.unwrap().contains("idv_"));
    let r = http.get(&gw.metrics).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(
        text.lines()
            .any(|l| l == "idv_webhook_backlog{status=\"pending\"} 0"),
        "{text}"
    );
    assert!(!gw.metrics.contains(&gw.base));

    let r = http
        .get(format!("{}/healthz", gw.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let health: Value = r.json().await.unwrap();
    assert_eq!(
        health,
        serde_json::json!({"status": "ok"}),
        "no backlog (a table count) on the unauthenticated port"
    );
}
