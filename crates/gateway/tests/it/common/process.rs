//! Gateway processes (the real binary) that can be killed and started again, the calls a host
//! backend and the widget make against them, and a webhook receiver that records every request.

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

use super::*;

/// A webhook receiver that fails (500) while `failing` is set, and records every request with
/// the status it answered.
#[derive(Clone, Default)]
pub struct Receiver {
    pub failing: Arc<AtomicBool>,
    pub seen: Arc<Mutex<Vec<(String, u16)>>>,
}

impl Receiver {
    /// How many times `event_id` was accepted (answered 2xx).
    pub fn accepted(&self, event_id: &str) -> usize {
        let seen = self.seen.lock().unwrap();
        seen.iter()
            .filter(|(id, status)| id == event_id && *status < 300)
            .count()
    }

    pub fn ids(&self) -> Vec<String> {
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

pub async fn start_receiver() -> (String, Receiver) {
    let receiver = Receiver::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/epic", listener.local_addr().unwrap());
    let r = receiver.clone();
    let app = axum::Router::new().route(
        "/epic",
        axum::routing::post(move |headers: HeaderMap| {
            let r = r.clone();
            async move {
                let id = headers["webhook-id"].to_str().unwrap().to_owned();
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
pub struct Process {
    config: std::path::PathBuf,
    pub base: String,
    /// `/metrics` on its own listener (`metrics_listen`).
    pub metrics: String,
    database: String,
    pub child: Option<Child>,
    _dir: tempfile::TempDir,
}

impl Process {
    /// A gateway on a free port; on `database` if given (replicas share one), else on a
    /// database of its own.
    pub fn new(tenant: &str, webhook: &str, deadline_secs: u64, database: Option<&str>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database = database.map_or_else(|| database_url(dir.path()), str::to_owned);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let metrics_port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let keys = format!("{}/../../config", env!("CARGO_MANIFEST_DIR"));
        let config = format!(
            r#"
listen = "127.0.0.1:{port}"
metrics_listen = "127.0.0.1:{metrics_port}"
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
            db = database,
        );
        let path = dir.path().join("gateway.toml");
        std::fs::write(&path, config).unwrap();
        Self {
            config: path,
            base: format!("http://127.0.0.1:{port}"),
            metrics: format!("http://127.0.0.1:{metrics_port}/metrics"),
            database,
            child: None,
            _dir: dir,
        }
    }

    pub async fn start(&mut self) {
        ensure_database(&self.database).await;
        let child = Command::new(env!("CARGO_BIN_EXE_gateway"))
            .arg(&self.config)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        // Up to 20 s: a busy machine, or two replicas migrating one database at once.
        for _ in 0..400 {
            if reqwest::get(format!("{}/healthz", self.base)).await.is_ok() {
                return;
            }
            if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().unwrap()) {
                panic!("the gateway exited at start: {status}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the gateway did not start");
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().unwrap();
            c.wait().unwrap();
        }
    }

    pub fn harness(&self) -> HostApi {
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
pub struct HostApi {
    pub base: String,
    pub http: reqwest::Client,
}

impl HostApi {
    /// Creates a session (as the host backend); returns its id and the widget's token.
    pub async fn create_session(&self, last_name: &str) -> (String, String) {
        let r = self
            .http
            .post(format!("{}/v1/sessions", self.base))
            .basic_auth(CLIENT, Some(SECRET))
            .json(&patient(last_name))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let created: Value = r.json().await.unwrap();
        let url = created["widget_url"].as_str().unwrap();
        let fragment = url.split_once('#').unwrap().1;
        let token = fragment.split("token=").nth(1).unwrap().to_owned();
        let id = created["session_id"].as_str().unwrap().to_owned();
        (id, token)
    }

    /// Answers consent and submits the licence (as the widget); returns the verification id.
    pub async fn consent_and_submit(&self, id: &str, token: &str) -> String {
        let capture = format!("{}/v1/capture/sessions/{id}", self.base);
        let r = self
            .http
            .post(format!("{capture}/consent"))
            .bearer_auth(token)
            .json(&serde_json::json!({"accepted": true, "biometric": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let r = self
            .http
            .post(format!("{capture}/submit"))
            .bearer_auth(token)
            .header("Idempotency-Key", "k1")
            .multipart(licence_form(JPEG))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 202, "{}", r.text().await.unwrap());
        accepted_id(r).await
    }

    /// A whole journey on this gateway; returns the verification id.
    pub async fn start_verification(&self, last_name: &str) -> String {
        let (id, token) = self.create_session(last_name).await;
        self.consent_and_submit(&id, &token).await
    }

    pub async fn record(&self, vid: &str) -> Value {
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

    pub async fn wait_for(&self, vid: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
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
