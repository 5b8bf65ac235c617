//! The real gateway process killed and restarted: no decision and no webhook is ever lost, and
//! each event id reaches the receiver exactly once after dedup. SIGTERM drains in-flight work.

use std::process::Command;
use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::common::process::*;
use crate::common::*;

#[tokio::test]
async fn a_gateway_killed_mid_verification_still_decides_and_delivers_once() {
    let tenant = start_tenant().await; // answers Slowpoke after 5 s
    let (hook, receiver) = start_receiver().await;
    let mut gw = Process::new(&tenant, &hook, 2, None);
    gw.start().await;
    let api = gw.harness();
    let vid = api.start_verification("Rivera Slowpoke").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    gw.kill();
    gw.start().await;
    // Nobody polls as the widget: the restarted gateway's sweeper finalises it.
    let record = api
        .wait_for(&vid, "the sweeper's decision", |r| r["status"] != "PENDING")
        .await;
    assert_eq!(record["status"], "ERROR");
    assert_eq!(record["reason_code"], "timeout");
    let record = api
        .wait_for(&vid, "the delivery", |r| {
            r["webhook"]["status"] == "delivered"
        })
        .await;
    let event_id = record["webhook"]["event_id"].as_str().unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.ids(), vec![event_id.to_owned()]);
    assert_eq!(receiver.accepted(event_id), 1);
}

#[tokio::test]
async fn a_gateway_killed_between_decision_and_webhook_delivers_once_after_restart() {
    let tenant = start_tenant().await;
    let (hook, receiver) = start_receiver().await;
    receiver.failing.store(true, Ordering::SeqCst);
    let mut gw = Process::new(&tenant, &hook, 10, None);
    gw.start().await;
    let api = gw.harness();
    let vid = api.start_verification("Rivera").await;
    let record = api
        .wait_for(&vid, "a failed first delivery", |r| {
            r["status"] == "PASS" && r["webhook"]["attempts"].as_u64().is_some_and(|a| a >= 1)
        })
        .await;
    let event_id = record["webhook"]["event_id"].as_str().unwrap().to_owned();
    gw.kill();
    receiver.failing.store(false, Ordering::SeqCst);
    gw.start().await;
    api.wait_for(&vid, "the delivery", |r| {
        r["webhook"]["status"] == "delivered"
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(receiver.ids(), vec![event_id.clone()], "one event id");
    assert_eq!(receiver.accepted(&event_id), 1, "accepted exactly once");
}

#[tokio::test]
async fn sigterm_lets_the_decision_in_flight_finish_before_exiting() {
    let tenant = start_tenant().await; // answers Slowpoke after 5 s
    let (hook, _receiver) = start_receiver().await;
    let mut gw = Process::new(&tenant, &hook, 20, None);
    gw.start().await;
    let api = gw.harness();
    let vid = api.start_verification("Rivera Slowpoke").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut child = gw.child.take().unwrap();
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let started = std::time::Instant::now();
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    assert!(status.success(), "a clean exit: {status:?}");
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "it waited for the 1Kosmos answer"
    );
    // Started again only to read: the decision was recorded before the exit.
    gw.start().await;
    let record = api.record(&vid).await;
    assert_eq!(record["status"], "FAIL", "{record}");
    assert_eq!(record["reason_code"], "IDV0010");
}
