//! The real gateway process killed and restarted: no decision and no webhook is ever lost, and
//! each event id reaches the receiver exactly once after dedup. SIGTERM drains in-flight work.

mod common;

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use common::*;
use serde_json::Value;

/// A webhook receiver that fails (500) while `failing` is set, and records every request with
/// the status it answered.
#[derive(Clone, Default)]
struct Receiver {
    failing: Arc<AtomicBool>,
    seen: Arc<Mutex<Vec<(String, u16)>>>,
}

impl Receiver {
    /// How many times `event_id` was accepted (answered 2xx).
    fn accepted(&self, event_id: &str) -> usize {
        let seen = self.seen.lock().unwrap();
        seen.iter()
            .filter(|(id, status)| id == event_id && *status < 300)
            .count()
    }

    fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .seen
            .lock()
            .unwrap()
            .iter()
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }
}

async fn start_receiver() -> (String, Receiver) {
    let receiver = Receiver::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/epic", listener.local_addr().unwrap());
    let r = receiver.clone();
    let app = axum::Router::new().route(
        "/epic",
        axum::routing::post(move |headers: HeaderMap| {
            let r = r.clone();
            async move {
                let id = headers["x-idv-event-id"].to_str().unwrap().to_owned();
                let status = if r.failing.load(Ordering::SeqCst) {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::NO_CONTENT
                };
                r.seen.lock().unwrap().push((id, status.as_u16()));
                status
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, receiver)
}

/// A gateway process on a fixed port and database, which can be killed and started again.
struct Process {
    config: std::path::PathBuf,
    base: String,
    database: String,
    child: Option<Child>,
    _dir: tempfile::TempDir,
}

impl Process {
    fn new(tenant: &str, webhook: &str, deadline_secs: u64) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let keys = format!("{}/../../config", env!("CARGO_MANIFEST_DIR"));
        let config = format!(
            r#"
listen = "127.0.0.1:{port}"
public_url = "http://localhost:{port}"
database_url = "{db}"
allowed_host_origins = ["{HOST}"]
decision_deadline_secs = {deadline_secs}
sweep_secs = 1
dev_mode = true
portrait_key = "{PORTRAIT_KEY}"
[kosmos]
tenant_dns = "{tenant}"
community = "default"
license_key = "{LICENSE}"
dvc_id = "journey"
timeout_secs = 30
[epic]
webhook_url = "{webhook}"
webhook_secret = "{WEBHOOK_SECRET}"
backoff_base_ms = 100
backoff_cap_ms = 200
timeout_secs = 2
poll_ms = 50
[signing]
current_kid = "demo-2026-11"
[[signing.keys]]
kid = "demo-2026-11"
private_key_file = "{keys}/signing-demo-2026-11.pem"
[[clients]]
id = "{CLIENT}"
secret = "{SECRET}"
"#,
            db = database_url(dir.path()),
        );
        let database = database_url(dir.path());
        let path = dir.path().join("gateway.toml");
        std::fs::write(&path, config).unwrap();
        Self {
            config: path,
            base: format!("http://127.0.0.1:{port}"),
            database,
            child: None,
            _dir: dir,
        }
    }

    async fn start(&mut self) {
        ensure_database(&self.database).await;
        let child = Command::new(env!("CARGO_BIN_EXE_gateway"))
            .arg(&self.config)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        for _ in 0..100 {
            if reqwest::get(format!("{}/healthz", self.base)).await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the gateway did not start");
    }

    /// SIGKILL: no chance to finish anything.
    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().unwrap();
            c.wait().unwrap();
        }
    }

    fn harness(&self) -> HostApi {
        HostApi {
            base: self.base.clone(),
            http: client(),
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The calls a host backend and the widget make, against a gateway process.
struct HostApi {
    base: String,
    http: reqwest::Client,
}

impl HostApi {
    async fn start_verification(&self, last_name: &str) -> String {
        let created: Value = self
            .http
            .post(format!("{}/v1/sessions", self.base))
            .basic_auth(CLIENT, Some(SECRET))
            .json(&patient(last_name))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let url = created["widget_url"].as_str().unwrap();
        let fragment = url.split_once('#').unwrap().1;
        let token = fragment.split("token=").nth(1).unwrap().to_owned();
        let id = created["session_id"].as_str().unwrap().to_owned();
        let capture = format!("{}/v1/capture/sessions/{id}", self.base);
        let r = self
            .http
            .post(format!("{capture}/consent"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"accepted": true, "biometric": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let r = self
            .http
            .post(format!("{capture}/submit"))
            .bearer_auth(&token)
            .header("Idempotency-Key", "k1")
            .multipart(licence_form(JPEG))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 202);
        accepted_id(r).await
    }

    async fn record(&self, vid: &str) -> Value {
        self.http
            .get(format!("{}/v1/verifications/{vid}", self.base))
            .basic_auth(CLIENT, Some(SECRET))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    async fn wait_for(&self, vid: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..200 {
            let r = self.record(vid).await;
            if done(&r) {
                return r;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("timed out waiting for {what}: {}", self.record(vid).await);
    }
}

#[tokio::test]
async fn a_gateway_killed_mid_verification_still_decides_and_delivers_once() {
    let tenant = start_tenant().await; // answers Slowpoke after 5 s
    let (hook, receiver) = start_receiver().await;
    let mut gw = Process::new(&tenant, &hook, 2);
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
    let mut gw = Process::new(&tenant, &hook, 10);
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
    let mut gw = Process::new(&tenant, &hook, 20);
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
