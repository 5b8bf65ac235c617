//! The capture gateway. It creates capture sessions for host backends, serves the widget,
//! takes the widget's submission, asks 1Kosmos, and keeps outcomes in its database. It holds no
//! state outside the database, so any number of replicas can serve one journey.
//!
//! Layers, one way down: [`http`] (the router, extractors, `ApiError`, the handlers) calls the
//! domain ([`decision`], [`attempts`], [`sweeper`], [`webhook`], [`enrolment`], [`views`],
//! [`validation`], [`handoff`], [`oidc`], [`wallet`]), which calls [`db`]. The domain never names axum and has its
//! own [`error`] type; a test (`domain_never_names_the_http_layer`) keeps it so.

pub mod attempts;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod db;
pub mod decision;
pub mod enrolment;
pub mod error;
pub mod handoff;
pub mod http;
pub mod metrics;
pub mod oidc;
pub mod signing;
pub mod sweeper;
pub mod tokens;
pub mod validation;
pub mod views;
pub mod wallet;
pub mod webhook;

use std::sync::Arc;
use std::time::Duration;

use tokio_util::task::TaskTracker;

pub use config::Config;
pub use http::router;
pub use http::web::widget_csp;

/// What every handler and background task shares: configuration, the database, the 1Kosmos
/// client, the signer, the portrait key, limits, tasks in flight, the webhook client, metrics.
#[derive(Clone)]
pub struct AppState {
    /// The configuration it started with.
    pub config: Arc<Config>,
    /// The database (SQLite or PostgreSQL).
    pub pool: db::Pool,
    /// The 1Kosmos client.
    pub kosmos: Arc<docuverify::Client>,
    /// Signs result tokens.
    pub signer: Arc<signing::Signer>,
    /// Seals enrolled portraits; `None`: no portraits kept, re-verification off.
    pub portrait_key: Option<enrolment::PortraitKey>,
    /// Keys the link between a patient and an enrolment (`patient_ref_key`, or in dev mode one
    /// derived from the portrait key); `None` without a portrait key.
    pub patient_ref_key: Option<enrolment::PatientRefKey>,
    /// The time (the system's; tests move it forward).
    pub clock: clock::Clock,
    /// This replica's rate limits.
    pub limits: Arc<http::limits::Limits>,
    /// Decision tasks in flight: a shutdown waits for them.
    pub tasks: TaskTracker,
    /// For webhook deliveries.
    pub http: reqwest::Client,
    /// This replica's counters for `/metrics`.
    pub metrics: Arc<metrics::Metrics>,
    /// The issuing authorities whose mobile driver's licences are accepted (`mdl.trust_anchors`);
    /// `None`: the wallet is not offered.
    pub mdl_anchors: Option<Arc<mdoc_verify::TrustAnchors>>,
}

/// Why the gateway would not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// Its migrations failed.
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The 1Kosmos client could not be made (its key, its tenant address).
    #[error("1Kosmos client: {0}")]
    Kosmos(#[from] docuverify::ClientError),
    /// A result-token signing key was refused.
    #[error("result-token signing: {0}")]
    Signing(#[from] signing::SigningError),
    /// The webhook HTTP client could not be built.
    #[error("HTTP client: {0}")]
    Http(#[from] reqwest::Error),
    /// The configured portrait key was refused.
    #[error("portrait_key: {0}")]
    PortraitKey(#[from] enrolment::SealError),
    /// The configured patient-reference key was refused.
    #[error("{0}")]
    PatientRefKey(#[from] enrolment::LinkKeyError),
    /// `mdl.trust_anchors` could not be read, or holds no certificate.
    #[error("mdl.trust_anchors: {0}")]
    MdlAnchors(String),
    /// Demo material outside dev mode: the one line names the offending setting.
    #[error("refusing to start outside dev mode: {0} (set GATEWAY_DEV_MODE=1 only for the demo and tests)")]
    DemoMaterial(String),
}

impl AppState {
    /// Opens everything `config` names; refuses demo material outside dev mode.
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
            .transpose()?;
        let patient_ref_key = match (&config.patient_ref_key, &portrait_key) {
            (Some(b64), _) => Some(enrolment::PatientRefKey::from_b64(b64)?),
            // Outside dev mode `demo_material` refused a portrait key without its link key.
            (None, Some(portrait)) => Some(enrolment::PatientRefKey::derived_from(portrait)),
            (None, None) => None,
        };
        let keys = match &config.kosmos.private_key {
            Some(b64) => {
                docuverify::KeyPair::from_private_b64(b64).map_err(docuverify::ClientError::from)?
            }
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
        let kosmos = docuverify::Client::new(tenant, keys)?;
        let mdl_anchors = match &config.mdl.trust_anchors {
            Some(path) => Some(Arc::new(
                wallet::load_anchors(path).map_err(StartError::MdlAnchors)?,
            )),
            None => None,
        };
        let pool = db::connect(&config.database_url).await?;
        Ok(Self {
            mdl_anchors,
            limits: Arc::new(http::limits::Limits::new(&config.limits)),
            config: Arc::new(config),
            pool,
            kosmos: Arc::new(kosmos),
            signer: Arc::new(signer),
            portrait_key,
            patient_ref_key,
            clock: clock::Clock::default(),
            tasks: TaskTracker::new(),
            metrics: Arc::default(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
        })
    }
}

#[cfg(test)]
mod layering_tests;
