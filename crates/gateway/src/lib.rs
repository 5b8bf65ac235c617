//! The capture gateway. It creates capture sessions for host backends, serves the widget,
//! takes the widget's submission, asks 1Kosmos, and keeps outcomes in its database. It holds no
//! state outside the database, so any number of replicas can serve one journey.

pub mod auth;
pub mod config;
pub mod db;
pub mod decision;
pub mod error;
pub mod routes;
pub mod rules;
pub mod signing;
pub mod web;
pub mod webhook;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::{Json, Router};
use tower_http::set_header::SetResponseHeaderLayer;

pub use config::Config;
pub use web::widget_csp;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub pool: db::Pool,
    pub kosmos: Arc<docuverify::Client>,
    pub signer: Arc<signing::Signer>,
    /// For webhook deliveries.
    pub http: reqwest::Client,
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
}

impl AppState {
    pub async fn new(config: Config) -> Result<Self, StartError> {
        let pool = db::connect(&config.database_url).await?;
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
        let signer = signing::Signer::from_config(&config.signing, &config.public_url)?;
        Ok(Self {
            config: Arc::new(config),
            pool,
            kosmos: Arc::new(kosmos),
            signer: Arc::new(signer),
            http: reqwest::Client::builder().build()?,
        })
    }
}

pub fn router(app: AppState) -> Router {
    let submit_limit = app.config.max_image_bytes * 3 + 64 * 1024;
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
            "/v1/capture/sessions/{id}/submit",
            post(routes::capture::submit).layer(DefaultBodyLimit::max(submit_limit)),
        )
        .route(
            "/v1/capture/sessions/{id}/verifications/{vid}",
            get(routes::capture::progress),
        )
        .route("/healthz", get(|| async { "ok" }))
        .layer(SetResponseHeaderLayer::overriding(
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
    web::with_browser_headers(api.merge(jwks).fallback_service(widget), &config).with_state(app)
}
