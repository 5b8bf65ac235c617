//! The capture gateway. It creates capture sessions for host backends, serves the widget,
//! takes the widget's submission, asks 1Kosmos, and keeps outcomes in its database. It holds no
//! state outside the database, so any number of replicas can serve one journey.

pub mod auth;
pub mod clock;
pub mod config;
pub mod db;
pub mod decision;
pub mod enrolment;
pub mod error;
pub mod handoff;
pub mod limits;
pub mod metrics;
pub mod routes;
pub mod serve;
pub mod signing;
pub mod sweeper;
pub mod validation;
pub mod views;
pub mod web;
pub mod webhook;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use tokio_util::task::TaskTracker;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;

pub use config::Config;
pub use web::widget_csp;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub pool: db::Pool,
    pub kosmos: Arc<docuverify::Client>,
    pub signer: Arc<signing::Signer>,
    /// Seals enrolled portraits; `None`: no portraits kept, re-verification off.
    pub portrait_key: Option<enrolment::PortraitKey>,
    pub limits: Arc<limits::Limits>,
    /// Decision tasks in flight: a shutdown waits for them.
    pub tasks: TaskTracker,
    /// For webhook deliveries.
    pub http: reqwest::Client,
    /// This replica's counters for `/metrics`.
    pub metrics: Arc<metrics::Metrics>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("1Kosmos client: {0}")]
    Kosmos(String),
    #[error("result-token signing: {0}")]
    Signing(#[from] signing::SigningError),
    #[error("HTTP client: {0}")]
    Http(#[from] reqwest::Error),
    #[error("portrait_key: {0}")]
    PortraitKey(String),
    /// Demo material outside dev mode: the one line names the offending setting.
    #[error("refusing to start outside dev mode: {0} (set GATEWAY_DEV_MODE=1 only for the demo and tests)")]
    DemoMaterial(String),
}

impl AppState {
    pub async fn new(config: Config) -> Result<Self, StartError> {
        let signer = signing::Signer::from_config(&config.signing, &config.public_url)?;
        if config.dev_mode {
            tracing::warn!("DEV MODE: demo keys, demo secrets and plain http are accepted; never run production like this");
        } else if let Some(problem) = config::demo_material(&config, signer.fingerprints()) {
            return Err(StartError::DemoMaterial(problem));
        }
        let portrait_key = config
            .portrait_key
            .as_deref()
            .map(enrolment::PortraitKey::from_b64)
            .transpose()
            .map_err(StartError::PortraitKey)?;
        let keys = match &config.kosmos.private_key {
            Some(b64) => docuverify::KeyPair::from_private_b64(b64)
                .map_err(|e| StartError::Kosmos(e.to_string()))?,
            None => docuverify::KeyPair::generate(),
        };
        let tenant = docuverify::TenantConfig {
            tenant_dns: config.kosmos.tenant_dns.clone(),
            community: config.kosmos.community.clone(),
            license_key: config.kosmos.license_key.clone(),
            dvc_id: config.kosmos.dvc_id.clone(),
            app_id: "idv-gateway".into(),
            timeout: Duration::from_secs(config.kosmos.timeout_secs),
        };
        let kosmos =
            docuverify::Client::new(tenant, keys).map_err(|e| StartError::Kosmos(e.to_string()))?;
        let pool = db::connect(&config.database_url).await?;
        Ok(Self {
            limits: Arc::new(limits::Limits::new(&config.limits)),
            config: Arc::new(config),
            pool,
            kosmos: Arc::new(kosmos),
            signer: Arc::new(signer),
            portrait_key,
            tasks: TaskTracker::new(),
            metrics: Arc::default(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
        })
    }
}

/// `GET /healthz`: liveness, with the webhook backlog (a failed delivery needs an operator:
/// `gateway redeliver`).
async fn healthz(State(app): State<AppState>) -> Result<Json<serde_json::Value>, error::ApiError> {
    let (pending, failed) = db::webhook_backlog(&app.pool).await?;
    Ok(Json(serde_json::json!({
        "status": "ok",
        "webhooks": { "pending": pending, "failed": failed },
    })))
}

/// `GET /readyz`: 200 when this replica can serve journeys (its database answers and the
/// 1Kosmos tenant's discovery succeeds), else 503 naming what is down. Load balancers route on
/// this; `/healthz` is liveness only.
async fn readyz(State(app): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    let within = Duration::from_secs(5);
    let database = match tokio::time::timeout(within, db::ping(&app.pool)).await {
        Ok(Ok(())) => "ok",
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readyz: database");
            "unavailable"
        }
        Err(_) => "timeout",
    };
    let tenant = match tokio::time::timeout(within, app.kosmos.discover()).await {
        Ok(Ok(())) => "ok",
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readyz: 1Kosmos discovery");
            "unavailable"
        }
        Err(_) => "timeout",
    };
    let ready = database == "ok" && tenant == "ok";
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(serde_json::json!({
            "status": if ready { "ready" } else { "not_ready" },
            "database": database,
            "engine": app.pool.engine().as_str(),
            "tenant": tenant,
        })),
    )
}

/// `GET /metrics`: Prometheus text format (see [`metrics`]).
async fn metrics_text(
    State(app): State<AppState>,
) -> Result<([(header::HeaderName, &'static str); 1], String), error::ApiError> {
    let (pending, failed) = db::webhook_backlog(&app.pool).await?;
    Ok((
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        metrics::render(&app.metrics.snapshot(), pending, failed),
    ))
}

pub fn router(app: AppState) -> Router {
    let limits = &app.config.limits;
    let submit_limit = app.config.max_image_bytes * 3 + 64 * 1024;
    let request_time = Duration::from_secs(limits.request_secs);
    let upload_time = Duration::from_secs(limits.upload_secs);
    let api = Router::new()
        .route("/v1/sessions", post(routes::host::create_session))
        .route(
            "/v1/verifications/{id}",
            get(routes::host::get_verification),
        )
        .route("/v1/verifications/{id}/audit", get(routes::host::get_audit))
        .route(
            "/v1/capture/sessions/{id}",
            get(routes::capture::get_session),
        )
        .route(
            "/v1/capture/sessions/{id}/consent",
            post(routes::capture::consent),
        )
        .route(
            "/v1/capture/sessions/{id}/handoff",
            post(routes::handoff::create).get(routes::handoff::progress),
        )
        .route("/v1/capture/handoffs/redeem", post(routes::handoff::redeem))
        .route(
            "/v1/capture/sessions/{id}/verifications/{vid}",
            get(routes::capture::progress),
        )
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .layer(RequestBodyTimeoutLayer::new(request_time))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            request_time,
        ));
    let upload = Router::new()
        .route(
            "/v1/capture/sessions/{id}/submit",
            post(routes::capture::submit),
        )
        .layer(DefaultBodyLimit::max(submit_limit))
        .layer(RequestBodyTimeoutLayer::new(upload_time))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            upload_time,
        ));
    let api = api.merge(upload).layer(SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    ));
    let widget = web::widget_service(&app.config.widget_dir);
    let jwks = Router::new().route(
        "/.well-known/jwks.json",
        get(|State(app): State<AppState>| async move {
            (
                [(header::CACHE_CONTROL, "public, max-age=300")],
                Json(app.signer.jwks().clone()),
            )
        }),
    );
    let config = Arc::clone(&app.config);
    let routes = api
        .merge(jwks)
        .fallback_service(widget)
        .layer(axum::middleware::from_fn(error::log_errors))
        .layer(TraceLayer::new_for_http());
    web::with_browser_headers(routes, &config).with_state(app)
}
