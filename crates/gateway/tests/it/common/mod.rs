//! Shared test harness: the local 1Kosmos tenant and a gateway on loopback ports, with a real
//! database: a SQLite file in a temporary directory, or, when `TEST_DATABASE_URL` names a
//! PostgreSQL server (`scripts/test.sh` starts a throwaway one), a fresh database on it for each
//! temporary directory.

pub mod process;

use std::time::Duration;

use docuverify::KeyPair;
use gateway::config::{
    ClientCredentials, Config, EpicConfig, KosmosConfig, SigningConfig, SigningKey,
};
use kosmos_tenant::scenario::PatientCheck;
use kosmos_tenant::{Tenant, TenantSettings};
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

pub const LICENSE: &str = "test-license";
pub const CLIENT: &str = "epic-test";
pub const SECRET: &str = "test-secret-123456";
pub const HOST: &str = "http://127.0.0.1:8090";
pub const WEBHOOK_SECRET: &str = "whsec_dGVzdC13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5YWI=";
/// The organisation a phone is told asks.
pub const ORGANISATION: &str = "Example Health";

pub fn signing_config(current: &str) -> SigningConfig {
    let key = |kid: &str| SigningKey {
        kid: kid.into(),
        private_key_pem: None,
        private_key_file: Some(format!(
            "{}/../../config/signing-{kid}.pem",
            env!("CARGO_MANIFEST_DIR")
        )),
    };
    SigningConfig {
        current_kid: current.into(),
        token_ttl_secs: 300,
        keys: vec![key("demo-2026-11"), key("demo-2026-05")],
        keys_dir: None,
    }
}
// The smallest thing that passes as a JPEG: SOI, APP0 marker, EOI. `licence_form` sends the
// fixture pictures in its place (the gateway decodes every picture before sending it).
pub const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0xFF, 0xD9];
/// The same bytes, sent as they are: a JPEG by its magic number that does not decode.
pub const JPEG_MAGIC_ONLY: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10, 0xFF, 0xD9];

/// An HTTP client that never reuses a connection the gateway may have closed: the gateway closes
/// a keep-alive connection idle for `limits.header_read_secs`, so a client's pool must let idle
/// connections go sooner (as the API reference tells hosts).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_idle_timeout(Duration::from_millis(500))
        .build()
        .unwrap()
}

pub struct Harness {
    pub base: String,
    pub http: reqwest::Client,
    /// The SQLite file's directory, removed when the harness is dropped.
    pub _db: tempfile::TempDir,
    pub app: gateway::AppState,
    pub server: tokio::task::JoinHandle<()>,
}

/// The base64 portrait key of the tests (dev mode only).
pub const PORTRAIT_KEY: &str = "dGVzdC1wb3J0cmFpdC1rZXktMzItYnl0ZXMtbG9uZyE=";

pub async fn start_tenant() -> String {
    start_tenant_checking(PatientCheck::Compare).await
}

/// A local tenant; `PatientCheck::Skip` makes it say "verified" for whoever's document it reads.
pub async fn start_tenant_checking(patient_check: PatientCheck) -> String {
    start_tenant_slow(patient_check, Duration::from_secs(5)).await
}

/// A local tenant that answers "Slowpoke" patients after `slow_delay`.
pub async fn start_tenant_slow(patient_check: PatientCheck, slow_delay: Duration) -> String {
    let tenant = Tenant::new(TenantSettings {
        license_key: LICENSE.into(),
        journeys: kosmos_tenant::parse_journeys(
            &kosmos_tenant::DEFAULT_JOURNEYS.replace("local_doc_selfie", "journey"),
        )
        .unwrap(),
        keys: KeyPair::generate(),
        slow_delay,
        patient_check,
    });
    let tl = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let tenant_url = format!("http://{}", tl.local_addr().unwrap());
    tokio::spawn(kosmos_tenant::serve(tenant, tl));
    tenant_url
}

/// The PostgreSQL server of the tests, if any: `TEST_DATABASE_URL=postgres://…`.
pub fn postgres_server() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| gateway::db::Engine::of_url(u) == Some(gateway::db::Engine::Postgres))
}

/// The database of the tests that use the temporary directory `dir`: a SQLite file in it, or a
/// PostgreSQL database named after it (so two gateways given the same directory share one).
pub fn database_url(dir: &std::path::Path) -> String {
    match postgres_server() {
        None => format!("sqlite://{}", dir.join("gw.db").display()),
        Some(server) => {
            let name = dir.file_name().unwrap().to_string_lossy();
            let db = format!("t_{}", hex::encode(name.as_bytes()));
            let (base, _) = server.rsplit_once('/').unwrap();
            format!("{base}/{db}")
        }
    }
}

/// Creates the PostgreSQL database of `url` unless it exists (SQLite creates its own file).
pub async fn ensure_database(url: &str) {
    let Some(server) = postgres_server() else {
        return;
    };
    if gateway::db::Engine::of_url(url) != Some(gateway::db::Engine::Postgres) {
        return;
    }
    use sqlx::Connection as _;
    let name = url.rsplit_once('/').unwrap().1;
    let mut admin = sqlx::PgConnection::connect(&server).await.unwrap();
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_optional(&mut admin)
        .await
        .unwrap();
    if exists.is_none() {
        // Two gateways starting together may both try: the loser's error is no error.
        if let Err(e) = sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
        {
            let code = e.as_database_error().and_then(|d| d.code());
            assert!(
                matches!(code.as_deref(), Some("23505" | "42P04")),
                "CREATE DATABASE {name}: {e}"
            );
        }
    }
    admin.close().await.unwrap();
}

/// Runs `$body` with `$p` bound to the harness's own pool, whichever the engine (for tests that
/// look at or age rows directly; write SQL with `$n` placeholders).
#[allow(unused_macros)]
macro_rules! on_db {
    ($pool:expr, |$p:ident| $body:expr) => {
        match $pool {
            gateway::db::Pool::Sqlite { write: $p, .. } => $body,
            gateway::db::Pool::Postgres($p) => $body,
        }
    };
}
#[allow(unused_imports)]
pub(crate) use on_db;

pub fn test_config(tenant_url: &str, db: &std::path::Path) -> Config {
    Config {
        listen: "127.0.0.1:0".into(),
        public_url: "http://localhost:8080".into(),
        database_url: database_url(db),
        widget_dir: "dist".into(),
        allowed_host_origins: vec![HOST.into()],
        session_ttl_secs: 600,
        max_attempts: 3,
        handoff_ttl_secs: 300,
        decision_deadline_secs: 30,
        max_image_bytes: 256 * 1024,
        // The defaults: re-verification for a year, personal data for 30 days, the audit for six
        // years (tests that need other values set them themselves).
        reverify_max_age_days: 365,
        retention_days: 30,
        audit_retention_days: 2190,
        portrait_key: Some(PORTRAIT_KEY.into()),
        // Dev mode derives it from the portrait key.
        patient_ref_key: None,
        metrics_listen: "127.0.0.1:0".into(),
        organisation_name: ORGANISATION.into(),
        handoff_code_key: None,
        dev_mode: true,
        sweep_secs: 1,
        trusted_proxies: vec![],
        // Tests poll far faster than the widget's once a second; rate-limit tests lower these.
        limits: gateway::config::LimitsConfig {
            widget_calls_per_second: 100,
            ..Default::default()
        },
        support: Some(idv_wire::SupportContact {
            text: Some("Help desk, Mon-Fri 8-6".into()),
            phone: Some("+1 555 010 0199".into()),
            url: Some("https://example.org/in-person".into()),
        }),
        mdl: Default::default(),
        kosmos: KosmosConfig {
            tenant_dns: tenant_url.into(),
            community: "default".into(),
            license_key: LICENSE.into(),
            dvc_id: "journey".into(),
            private_key: None,
            timeout_secs: 10,
        },
        epic: EpicConfig {
            webhook_url: "http://127.0.0.1:9/unused".into(),
            webhook_secret: WEBHOOK_SECRET.into(),
            webhook_secret_previous: None,
            max_attempts: Some(5),
            max_age_hours: 24,
            backoff_base_ms: 50,
            backoff_cap_ms: 200,
            timeout_secs: 2,
            poll_ms: 25,
        },
        signing: signing_config("demo-2026-11"),
        clients: vec![ClientCredentials {
            id: CLIENT.into(),
            secret: SECRET.into(),
            redirect_uris: vec![],
        }],
    }
}

/// Serves a gateway for `config` on a loopback port (no webhook worker: tests start it).
pub async fn start_gateway(
    config: Config,
) -> (String, gateway::AppState, tokio::task::JoinHandle<()>) {
    ensure_database(&config.database_url).await;
    let app = gateway::AppState::new(config).await.unwrap();
    let gl = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", gl.local_addr().unwrap());
    let router = gateway::router(app.clone());
    let server = tokio::spawn(gateway::http::serve::run(
        gl,
        router,
        Duration::from_secs(2),
        Duration::from_secs(1),
        std::future::pending(),
    ));
    (base, app, server)
}

pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> Harness {
    start_on(start_tenant().await, tweak).await
}

/// A gateway in front of the tenant at `tenant_url`.
pub async fn start_on(tenant_url: String, tweak: impl FnOnce(&mut Config)) -> Harness {
    let db = tempfile::tempdir().unwrap();
    let mut config = test_config(&tenant_url, db.path());
    tweak(&mut config);
    let (base, app, server) = start_gateway(config).await;
    Harness {
        base,
        http: client(),
        _db: db,
        app,
        server,
    }
}

pub async fn start() -> Harness {
    start_with(|_| {}).await
}

pub struct Session {
    pub id: String,
    pub token: String,
}

impl Harness {
    pub async fn create(&self, body: Value) -> reqwest::Response {
        self.http
            .post(format!("{}/v1/sessions", self.base))
            .basic_auth(CLIENT, Some(SECRET))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn session(&self, last_name: &str) -> Session {
        self.session_from(patient(last_name)).await
    }

    /// Creates a session from a request body; reads the id and token from the widget URL.
    pub async fn session_from(&self, request: Value) -> Session {
        let r = self.create(request).await;
        assert_eq!(r.status(), 201);
        let body: Value = r.json().await.unwrap();
        let url = body["widget_url"].as_str().unwrap().to_owned();
        assert!(!url.contains('?'), "secrets travel in the fragment only");
        let fragment = url.split_once('#').unwrap().1;
        let mut id = String::new();
        let mut token = String::new();
        for pair in fragment.split('&') {
            match pair.split_once('=').unwrap() {
                ("session", v) => id = v.into(),
                ("token", v) => token = v.into(),
                _ => {}
            }
        }
        assert_eq!(id, body["session_id"]);
        Session { id, token }
    }

    /// `GET /v1/verifications/{vid}` as the host's backend.
    pub async fn record(&self, vid: &str) -> Value {
        self.host_get(&format!("/v1/verifications/{vid}")).await
    }

    /// A server-to-server GET with the client credentials.
    pub async fn host_get(&self, path: &str) -> Value {
        self.http
            .get(format!("{}{path}", self.base))
            .basic_auth(CLIENT, Some(SECRET))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// `GET /metrics` from the operators' listener (`metrics_listen`), served for this call.
    pub async fn metrics(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/metrics", listener.local_addr().unwrap());
        let router = gateway::http::metrics_router(self.app.clone());
        let server = tokio::spawn(async move { axum::serve(listener, router).await });
        let r = self.http.get(url).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let text = r.text().await.unwrap();
        server.abort();
        text
    }

    /// The webhook backlog `(pending, failed)`, as `/metrics` reports it.
    pub async fn backlog(&self) -> (u64, u64) {
        let text = self.metrics().await;
        let gauge = |status: &str| {
            let prefix = format!("idv_webhook_backlog{{status=\"{status}\"}} ");
            text.lines()
                .find_map(|l| l.strip_prefix(&prefix))
                .unwrap_or_else(|| panic!("no {prefix} in\n{text}"))
                .parse::<u64>()
                .unwrap()
        };
        (gauge("pending"), gauge("failed"))
    }

    /// `GET /v1/capture/sessions/{id}` as the widget.
    pub async fn config(&self, s: &Session) -> Value {
        self.http
            .get(self.capture(s, ""))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub fn capture(&self, s: &Session, path: &str) -> String {
        format!("{}/v1/capture/sessions/{}{}", self.base, s.id, path)
    }

    pub async fn consent(&self, s: &Session, accepted: bool) -> reqwest::Response {
        self.http
            .post(self.capture(s, "/consent"))
            .bearer_auth(&s.token)
            .json(&json!({"accepted": accepted, "biometric": accepted}))
            .send()
            .await
            .unwrap()
    }

    pub async fn submit_form(&self, s: &Session, key: &str, form: Form) -> reqwest::Response {
        self.http
            .post(self.capture(s, "/submit"))
            .bearer_auth(&s.token)
            .header("Idempotency-Key", key)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    pub async fn submit(&self, s: &Session, key: &str) -> reqwest::Response {
        self.submit_form(s, key, licence_form(JPEG)).await
    }

    pub async fn poll(&self, s: &Session, vid: &str) -> Value {
        for _ in 0..400 {
            let r = self
                .http
                .get(self.capture(s, &format!("/verifications/{vid}")))
                .bearer_auth(&s.token)
                .send()
                .await
                .unwrap();
            let status = r.status();
            let v: Value = r.json().await.unwrap();
            assert_eq!(status, 200, "{v}");
            if v["status"] != "PENDING" {
                return v;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no decision");
    }

    pub async fn run_to_decision(&self, last_name: &str) -> (Session, String, Value) {
        let s = self.session(last_name).await;
        assert_eq!(self.consent(&s, true).await.status(), 200);
        let r = self.submit(&s, "k1").await;
        assert_eq!(r.status(), 202);
        let vid = accepted_id(r).await;
        let decided = self.poll(&s, &vid).await;
        (s, vid, decided)
    }
}

pub fn patient(last_name: &str) -> Value {
    json!({
        "patient_ref": "MRN-1", "first_name": "Ana", "last_name": last_name,
        "date_of_birth": "1958-04-12", "trigger": "signup",
        "document_types": ["drivers_license", "passport"],
        "host_origin": HOST, "locale": "es", "nonce": "nonce-for-this-session"
    })
}

/// A driver's licence submission whose back carries a genuine AAMVA barcode for Ana Rivera,
/// born 1958-04-12 (the patient of [`patient`]).
pub fn licence_form(image: &'static [u8]) -> Form {
    let (front, back, selfie) = if image == JPEG {
        let f = fixture_images();
        (f.0.clone(), f.1.clone(), f.2.clone())
    } else {
        (image.to_vec(), image.to_vec(), image.to_vec())
    };
    Form::new()
        .text("document_type", "drivers_license")
        .part("front", Part::bytes(front).file_name("front.jpg"))
        .part("back", Part::bytes(back).file_name("back.jpg"))
        .part("selfie", Part::bytes(selfie).file_name("selfie.jpg"))
}

fn fixture_images() -> &'static (Vec<u8>, Vec<u8>, Vec<u8>) {
    static IMAGES: std::sync::OnceLock<(Vec<u8>, Vec<u8>, Vec<u8>)> = std::sync::OnceLock::new();
    IMAGES.get_or_init(|| {
        let record = fixtures::demo_licence();
        (
            fixtures::jpeg(&fixtures::card_front(1)),
            fixtures::jpeg(&fixtures::card_back(&record)),
            fixtures::jpeg(&fixtures::selfie()),
        )
    })
}

/// The verification id of a 202 submit answer.
pub async fn accepted_id(r: reqwest::Response) -> String {
    r.json::<Value>().await.unwrap()["verification_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub async fn error_of(r: reqwest::Response) -> (u16, String) {
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap();
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{status}: {body}"
    );
    (status, body["error"].as_str().unwrap().to_owned())
}

/// The claims of a compact JWS (a result or ID token), unverified: for assertions.
pub fn claims_of(token: &str) -> Value {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}
