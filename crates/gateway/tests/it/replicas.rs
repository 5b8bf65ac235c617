//! Two gateway processes (the real binary) on one database, as behind a load balancer: journeys
//! created on one replica and submitted on the other, polled on both, and one replica killed
//! (SIGKILL) while half the verifications are in flight on it, then started again. Afterwards
//! every verification is decided exactly once (one final status, one `verification.decided`
//! audit entry, one webhook event) and every event id reached the receiver, once after dedup.
//!
//! Runs on the harness's engine: PostgreSQL when `TEST_DATABASE_URL` names one (what the issue
//! asks for), else one SQLite file shared by the two processes. `REPLICA_JOURNEYS` sets the
//! number of journeys (default 40, sized for a 2-core machine).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::process::*;
use crate::common::*;
use kosmos_tenant::scenario::PatientCheck;
use serde_json::Value;
use tokio::sync::Semaphore;

/// Creates a session on `create`, answers consent and submits on `submit`; returns the
/// verification id.
async fn journey(create: &HostApi, submit: &HostApi, last_name: &str) -> String {
    let (id, token) = create.create_session(last_name).await;
    submit.consent_and_submit(&id, &token).await
}

async fn audit_events(api: &HostApi, vid: &str) -> Vec<String> {
    let trail: Value = api
        .http
        .get(format!("{}/v1/verifications/{vid}/audit", api.base))
        .basic_auth(CLIENT, Some(SECRET))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    trail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_replicas_decide_every_verification_once_and_deliver_every_event_once() {
    let journeys: usize = std::env::var("REPLICA_JOURNEYS")
        .ok()
        .map(|n| n.parse().expect("REPLICA_JOURNEYS is a number"))
        .unwrap_or(40);
    let started = Instant::now();
    // "Slowpoke" patients are answered after 60 s: far past the deadline.
    let tenant = start_tenant_slow(PatientCheck::Compare, Duration::from_secs(60)).await;
    let (hook, receiver) = start_receiver().await;
    let db = tempfile::tempdir().unwrap();
    let database = database_url(db.path());
    // A 10 s deadline: time for a PASS on a busy 2-core machine; the slow half is still in
    // flight when its replica is killed.
    let mut a = Process::new(&tenant, &hook, 10, Some(&database));
    let mut b = Process::new(&tenant, &hook, 10, Some(&database));
    // Both start at once: migrations must not race.
    tokio::join!(a.start(), b.start());
    let (api_a, api_b) = (Arc::new(a.harness()), Arc::new(b.harness()));

    // Every second journey is slow: created on B, submitted on A. The others are created on A
    // and submitted on B.
    let limit = Arc::new(Semaphore::new(4));
    let mut tasks = Vec::new();
    for i in 0..journeys {
        let slow = i % 2 == 1;
        let (create, submit) = if slow {
            (Arc::clone(&api_b), Arc::clone(&api_a))
        } else {
            (Arc::clone(&api_a), Arc::clone(&api_b))
        };
        let limit = Arc::clone(&limit);
        tasks.push(tokio::spawn(async move {
            let _permit = limit.acquire().await.unwrap();
            let name = if slow { "Rivera Slowpoke" } else { "Rivera" };
            (journey(&create, &submit, name).await, slow)
        }));
    }
    let mut vids = Vec::new();
    for t in tasks {
        vids.push(t.await.unwrap());
    }
    let submitted = started.elapsed();

    // A dies with the slow half in flight, and comes back.
    a.kill();
    tokio::time::sleep(Duration::from_millis(300)).await;
    a.start().await;
    let apis = [Arc::clone(&api_a), Arc::clone(&api_b)];
    // Once the fast half is decided, B is killed and restarted too, while its outbox worker
    // delivers: both replicas' sweepers and outbox workers race for the rest.
    let deadline = Instant::now() + Duration::from_secs(90);
    for (n, (vid, _)) in vids.iter().enumerate().filter(|(_, (_, slow))| !slow) {
        while apis[n % 2].record(vid).await["status"] == "PENDING" {
            assert!(Instant::now() < deadline, "the fast half is not decided");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    b.kill();
    b.start().await;

    // Poll both replicas until everything is decided and delivered.
    let mut records: HashMap<String, Value> = HashMap::new();
    for (n, (vid, _)) in vids.iter().enumerate() {
        loop {
            let r = apis[n % 2].record(vid).await;
            if r["status"] != "PENDING" && r["webhook"]["status"] == "delivered" {
                records.insert(vid.clone(), r);
                break;
            }
            assert!(Instant::now() < deadline, "not decided and delivered: {r}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    // Late duplicates (a replica killed after sending, before recording) would arrive now.
    tokio::time::sleep(Duration::from_secs(1)).await;

    let mut event_ids = HashSet::new();
    let mut outcomes: HashMap<String, usize> = HashMap::new();
    for (n, (vid, slow)) in vids.iter().enumerate() {
        let r = &records[vid];
        let status = r["status"].as_str().unwrap();
        if *slow {
            assert_eq!(status, "ERROR", "the slow half times out: {r}");
        }
        let reason = r["reason_code"].as_str().unwrap_or("-");
        *outcomes.entry(format!("{status}/{reason}")).or_default() += 1;
        let event_id = r["webhook"]["event_id"].as_str().unwrap().to_owned();
        assert!(
            receiver.accepted(&event_id) >= 1,
            "{event_id} reached the receiver"
        );
        assert!(event_ids.insert(event_id), "one event per verification");
        let events = audit_events(&apis[(n + 1) % 2], vid).await;
        let decided = events
            .iter()
            .filter(|e| *e == "verification.decided")
            .count();
        assert_eq!(decided, 1, "decided exactly once: {events:?}");
        assert_eq!(events.iter().filter(|e| *e == "session.created").count(), 1);
    }
    let received: HashSet<String> = receiver.ids().into_iter().collect();
    assert_eq!(
        received, event_ids,
        "no event id the gateways did not record"
    );
    let deliveries = receiver.seen.lock().unwrap().len();
    eprintln!(
        "{journeys} journeys on {}: submitted in {:.1}s, all decided and delivered in {:.1}s; \
         outcomes {outcomes:?}; {deliveries} webhook requests for {} event ids",
        database.split(':').next().unwrap_or("?"),
        submitted.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        event_ids.len()
    );
    assert_eq!(event_ids.len(), journeys);
}
