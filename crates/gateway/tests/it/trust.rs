//! A result the host can trust: the signed result token and its key set, the Epic webhook
//! (signature, retries, restarts) and the audit trail. Real HTTP on loopback, real SQLite file.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::*;
use axum::http::{HeaderMap, StatusCode};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{DecodingKey, Validation};
use serde_json::Value;

async fn jwks(h: &Harness) -> JwkSet {
    h.http
        .get(format!("{}/.well-known/jwks.json", h.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn verify(token: &str, set: &JwkSet, audience: &str) -> Result<Value, jsonwebtoken::errors::Error> {
    let header = jsonwebtoken::decode_header(token)?;
    let kid = header.kid.unwrap_or_default();
    let jwk = set
        .find(&kid)
        .ok_or(jsonwebtoken::errors::ErrorKind::InvalidKeyFormat)?;
    let mut validation = Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.set_audience(&[audience]);
    validation.set_issuer(&["http://localhost:8080"]);
    validation.set_required_spec_claims(&["exp", "iat", "aud", "iss", "sub"]);
    let data = jsonwebtoken::decode::<Value>(token, &DecodingKey::from_jwk(jwk)?, &validation)?;
    Ok(data.claims)
}

#[tokio::test]
async fn a_decision_carries_a_token_the_host_verifies_with_the_published_keys() {
    let h = start().await;
    let (s, vid, decided) = h.run_to_decision("Rivera").await;
    let token = decided["result_token"]
        .as_str()
        .expect("a PASS carries a token");
    let set = jwks(&h).await;
    assert_eq!(set.keys.len(), 2, "current and previous keys are published");
    let claims = verify(token, &set, CLIENT).unwrap();
    assert_eq!(claims["vid"], vid.as_str());
    assert_eq!(claims["status"], "PASS");
    assert_eq!(claims["sub"], "MRN-1");
    assert_eq!(claims["nonce"], "nonce-for-this-session");
    assert_eq!(claims["trigger"], "signup");
    assert_eq!(claims["ial"], 2);
    assert!(claims["jti"].as_str().is_some_and(|j| j.len() == 36));
    let ttl = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(ttl, 300);
    let _ = s;

    // A token for another audience, or a tampered one, does not verify.
    assert!(verify(token, &set, "someone-else").is_err());
    let parts: Vec<&str> = token.split('.').collect();
    let forged_payload = {
        use base64::Engine as _;
        let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut c: Value = serde_json::from_slice(&e.decode(parts[1]).unwrap()).unwrap();
        c["status"] = "PASS".into();
        c["vid"] = "another".into();
        e.encode(c.to_string())
    };
    let forged = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    assert!(verify(&forged, &set, CLIENT).is_err());
}

#[tokio::test]
async fn a_fail_is_signed_too_and_an_error_is_not() {
    let h = start().await;
    let (_, _, decided) = h.run_to_decision("Rivera IDV0010").await;
    let claims = verify(
        decided["result_token"].as_str().unwrap(),
        &jwks(&h).await,
        CLIENT,
    )
    .unwrap();
    assert_eq!(claims["status"], "FAIL");
    assert_eq!(claims["reason_code"], "IDV0010");
    assert_eq!(claims["ial"], 0);
    let (_, _, decided) = h.run_to_decision("Tenanterror").await;
    assert!(decided["result_token"].is_null());
}

#[tokio::test]
async fn tokens_signed_with_the_previous_key_still_verify_during_a_rotation() {
    let h = start_with(|c| c.signing = signing_config("demo-2026-05")).await;
    let (_, _, decided) = h.run_to_decision("Rivera").await;
    let token = decided["result_token"].as_str().unwrap();
    assert_eq!(
        jsonwebtoken::decode_header(token).unwrap().kid.as_deref(),
        Some("demo-2026-05")
    );
    // Verified against the key set of a gateway already signing with the new key.
    let rotated = start().await;
    assert!(verify(token, &jwks(&rotated).await, CLIENT).is_ok());
}

/// A webhook receiver that answers 500 to the first `failures` requests.
#[derive(Clone, Default)]
struct Receiver {
    seen: Arc<Mutex<Vec<(HeaderMap, String)>>>,
}

async fn start_receiver(failures: usize) -> (String, Receiver, tokio::task::JoinHandle<()>) {
    start_receiver_on(
        tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        failures,
    )
    .await
}

async fn start_receiver_on(
    listener: tokio::net::TcpListener,
    failures: usize,
) -> (String, Receiver, tokio::task::JoinHandle<()>) {
    let receiver = Receiver::default();
    let url = format!("http://{}/epic", listener.local_addr().unwrap());
    let r = receiver.clone();
    let app = axum::Router::new().route(
        "/epic",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let r = r.clone();
            async move {
                let mut seen = r.seen.lock().unwrap();
                seen.push((headers, body));
                if seen.len() <= failures {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::NO_CONTENT
                }
            }
        }),
    );
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, receiver, task)
}

async fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..200 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn during_a_secret_rotation_each_delivery_carries_one_signature_per_secret() {
    const PREVIOUS: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let (url, receiver, _task) = start_receiver(0).await;
    let h = start_with(|c| {
        c.epic.webhook_url = url;
        c.epic.webhook_secret_previous = Some(PREVIOUS.into());
    })
    .await;
    let _worker = gateway::webhook::spawn(h.app.clone(), Default::default());
    h.run_to_decision("Rivera IDV0011").await;
    wait_until("the delivery", || !receiver.seen.lock().unwrap().is_empty()).await;
    let (headers, body) = receiver.seen.lock().unwrap()[0].clone();
    let id = headers["webhook-id"].to_str().unwrap();
    let ts: i64 = headers["webhook-timestamp"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let sign = |secret: &str| {
        gateway::webhook::signature(
            &gateway::webhook::secret_key(secret).unwrap(),
            id,
            ts,
            &body,
        )
    };
    assert_eq!(
        headers["webhook-signature"].to_str().unwrap(),
        format!("{} {}", sign(WEBHOOK_SECRET), sign(PREVIOUS)),
        "a receiver holding either secret verifies"
    );
}

#[tokio::test]
async fn a_receiver_that_fails_twice_gets_the_signed_event_on_the_third_try() {
    let (url, receiver, _task) = start_receiver(2).await;
    let h = start_with(|c| c.epic.webhook_url = url).await;
    let _worker = gateway::webhook::spawn(h.app.clone(), Default::default());
    let (s, vid, _) = h.run_to_decision("Rivera IDV0011").await;
    wait_until("three attempts", || {
        receiver.seen.lock().unwrap().len() >= 3
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let seen = receiver.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "no attempt after the delivery");
    let ids: Vec<&str> = seen
        .iter()
        .map(|(h, _)| h["webhook-id"].to_str().unwrap())
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "one stable event id");
    let key = gateway::webhook::secret_key(WEBHOOK_SECRET).unwrap();
    for (headers, body) in &seen {
        let ts: i64 = headers["webhook-timestamp"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            headers["webhook-signature"].to_str().unwrap(),
            gateway::webhook::signature(&key, ids[0], ts, body),
            "Standard Webhooks: one v1 signature over id.timestamp.body"
        );
    }
    let event: Value = serde_json::from_str(&seen[2].1).unwrap();
    assert_eq!(event["event_id"], ids[0]);
    assert_eq!(event["type"], "verification.decided");
    assert_eq!(event["verification_id"], vid.as_str());
    assert_eq!(event["session_id"], s.id.as_str());
    assert_eq!(event["patient_ref"], "MRN-1");
    assert_eq!(event["status"], "FAIL");
    assert_eq!(event["reason_code"], "IDV0011");
    assert_eq!(event["mode"], "full");
    let checks = event["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 4, "authenticate, verify, liveness, compare");
    assert!(checks
        .iter()
        .any(|c| c["name"] == "dl_verify" && c["verified"] == false));

    let r = h.record(&vid).await;
    assert_eq!(r["webhook"]["status"], "delivered");
    assert_eq!(r["webhook"]["attempts"], 3);
}

#[tokio::test]
async fn after_the_last_attempt_a_delivery_is_marked_failed_and_visible() {
    let (url, receiver, _task) = start_receiver(usize::MAX).await;
    let h = start_with(|c| {
        c.epic.webhook_url = url;
        c.epic.max_attempts = Some(3);
    })
    .await;
    let _worker = gateway::webhook::spawn(h.app.clone(), Default::default());
    let (_, vid, _) = h.run_to_decision("Rivera").await;
    wait_until("three attempts", || {
        receiver.seen.lock().unwrap().len() >= 3
    })
    .await;
    let mut r = Value::Null;
    for _ in 0..100 {
        r = h.record(&vid).await;
        if r["webhook"]["status"] == "failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(r["webhook"]["status"], "failed");
    assert_eq!(r["webhook"]["attempts"], 3);
    assert_eq!(r["webhook"]["last_error"], "HTTP 500");
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(receiver.seen.lock().unwrap().len(), 3);
    // Visible to operators, and re-driven by `gateway redeliver --failed`.
    assert_eq!(h.backlog().await, (0, 1));
    let requeued = gateway::db::redeliver(&h.app.pool, None, gateway::clock::now_ms())
        .await
        .unwrap();
    assert_eq!(requeued, 1);
    wait_until("a fourth attempt", || {
        receiver.seen.lock().unwrap().len() >= 4
    })
    .await;
}

#[tokio::test]
async fn a_late_worker_can_neither_record_nor_undo_a_delivery_it_no_longer_holds() {
    let h = start().await;
    let (_, vid, _) = h.run_to_decision("Rivera").await;
    let pool = &h.app.pool;
    let now = gateway::clock::now_ms();
    let late = gateway::db::claim_due_webhook(pool, now, now + 1_000, "lease-a")
        .await
        .unwrap()
        .expect("the event is due");
    assert_eq!(late.verification_id, vid);
    // While leased, nobody else gets it.
    assert!(
        gateway::db::claim_due_webhook(pool, now, now + 1_000, "lease-x")
            .await
            .unwrap()
            .is_none()
    );
    // Replica B takes it after the lease ran out and delivers it.
    let later = now + 2_000;
    let b = gateway::db::claim_due_webhook(pool, later, later + 1_000, "lease-b")
        .await
        .unwrap()
        .expect("the lease expired");
    assert_eq!(b.event_id, late.event_id);
    assert!(gateway::db::webhook_attempted(
        pool,
        &b.event_id,
        "lease-b",
        1,
        "delivered",
        0,
        None,
        1
    )
    .await
    .unwrap());
    // Replica A wakes up: its result is refused, the delivery stays delivered.
    assert!(!gateway::db::webhook_attempted(
        pool,
        &late.event_id,
        "lease-a",
        1,
        "pending",
        later + 5_000,
        Some("timeout"),
        1
    )
    .await
    .unwrap());
    assert_eq!(h.record(&vid).await["webhook"]["status"], "delivered");
    assert!(
        gateway::db::claim_due_webhook(pool, later + 10_000, later + 11_000, "lease-c")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_gateway_restarted_between_decision_and_delivery_delivers_exactly_one_event_id() {
    // The receiver's port is reserved but nothing answers yet.
    let reserved = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = reserved.local_addr().unwrap();
    drop(reserved);
    let url = format!("http://{addr}/epic");
    let tenant = start_tenant().await;
    let db = tempfile::tempdir().unwrap();
    let config = |url: &str| {
        let mut c = test_config(&tenant, db.path());
        c.epic.webhook_url = url.to_owned();
        c.epic.backoff_base_ms = 100;
        c.epic.max_attempts = Some(50);
        c
    };

    // First gateway: decides, fails to deliver, and goes away.
    let (base, app, server) = start_gateway(config(&url)).await;
    let worker = gateway::webhook::spawn(app.clone(), Default::default());
    let h = Harness {
        base,
        http: reqwest::Client::new(),
        _db: tempfile::tempdir().unwrap(),
        app,
        server,
    };
    let (_, vid, decided) = h.run_to_decision("Rivera").await;
    assert_eq!(decided["status"], "PASS");
    let mut attempts = 0;
    for _ in 0..200 {
        attempts = h.record(&vid).await["webhook"]["attempts"]
            .as_u64()
            .unwrap_or(0);
        if attempts >= 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(attempts >= 1, "the first gateway tried and failed");
    worker.abort();
    h.server.abort();
    drop(h);

    // The receiver comes up; a second gateway on the same database takes over.
    let (_, receiver, _task) =
        start_receiver_on(tokio::net::TcpListener::bind(addr).await.unwrap(), 0).await;
    let (_base2, app2, _server2) = start_gateway(config(&url)).await;
    let _worker2 = gateway::webhook::spawn(app2, Default::default());
    wait_until("the delivery", || !receiver.seen.lock().unwrap().is_empty()).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let seen = receiver.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "delivered once after the restart");
    let event: Value = serde_json::from_str(&seen[0].1).unwrap();
    assert_eq!(event["verification_id"], vid.as_str());
}

#[tokio::test]
async fn the_audit_trail_records_the_lifecycle_without_personal_data() {
    let (url, receiver, _task) = start_receiver(0).await;
    let h = start_with(|c| c.epic.webhook_url = url).await;
    let _worker = gateway::webhook::spawn(h.app.clone(), Default::default());
    let (s, vid, decided) = h.run_to_decision("Rivera").await;
    wait_until("delivery", || !receiver.seen.lock().unwrap().is_empty()).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let trail = h.host_get(&format!("/v1/verifications/{vid}/audit")).await;
    assert_eq!(trail["session_id"], s.id.as_str());
    let events: Vec<&str> = trail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        events,
        [
            "session.created",
            "consent.given",
            "capture.received",
            "capture.received",
            "capture.received",
            "verification.submitted",
            "verification.decided",
            "webhook.delivered"
        ]
    );
    let text = trail.to_string();
    for secret in [
        "Rivera",
        "Ana",
        "1958",
        "MRN-1",
        s.token.as_str(),
        decided["result_token"].as_str().unwrap(),
    ] {
        assert!(!text.contains(secret), "audit trail leaks {secret}");
    }
    // Another client cannot read it.
    let r = h
        .http
        .get(format!("{}/v1/verifications/{vid}/audit", h.base))
        .basic_auth(CLIENT, Some("wrong-secret-1234"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn the_token_names_its_session_and_verification_and_the_webhook_its_assurance_level() {
    let (url, receiver, _task) = start_receiver(0).await;
    let h = start_with(|c| c.epic.webhook_url = url).await;
    let _worker = gateway::webhook::spawn(h.app.clone(), Default::default());
    let (s, vid, decided) = h.run_to_decision("Rivera").await;
    let claims = verify(
        decided["result_token"].as_str().unwrap(),
        &jwks(&h).await,
        CLIENT,
    )
    .unwrap();
    assert_eq!(claims["sid"], s.id.as_str());
    assert_eq!(claims["vid"], vid.as_str());
    let (_, failed, _) = h.run_to_decision("Rivera IDV0011").await;
    wait_until("both events", || receiver.seen.lock().unwrap().len() >= 2).await;
    let seen = receiver.seen.lock().unwrap().clone();
    let ial_of = |vid: &str| {
        seen.iter()
            .map(|(_, body)| serde_json::from_str::<Value>(body).unwrap())
            .find(|e| e["verification_id"] == vid)
            .map(|e| e["ial"].clone())
    };
    assert_eq!(ial_of(&vid), Some(2.into()), "a full PASS is IAL2");
    assert_eq!(
        ial_of(&failed),
        Some(0.into()),
        "a FAIL establishes nothing"
    );
}
