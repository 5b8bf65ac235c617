//! `kosmos-tenant`: runs the local 1Kosmos tenant stand-in.
//!
//! Environment: `KOSMOS_TENANT_ADDR` (default `127.0.0.1:7070`), `KOSMOS_TENANT_LICENSE_KEY`
//! (default `local-license-key`), `KOSMOS_TENANT_JOURNEYS` (journeys and their checks, default
//! [`DEFAULT_JOURNEYS`]), `KOSMOS_TENANT_PRIVATE_KEY` (base64; generated when unset),
//! `KOSMOS_TENANT_SLOW_SECS` (default 30).

use std::time::Duration;

use docuverify::KeyPair;
use kosmos_tenant::scenario::PatientCheck;
use kosmos_tenant::{parse_journeys, Tenant, TenantSettings, DEFAULT_JOURNEYS};

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let keys = match std::env::var("KOSMOS_TENANT_PRIVATE_KEY") {
        Ok(b64) => KeyPair::from_private_b64(&b64)?,
        Err(_) => KeyPair::generate(),
    };
    let settings = TenantSettings {
        license_key: env_or("KOSMOS_TENANT_LICENSE_KEY", "local-license-key"),
        journeys: parse_journeys(&env_or("KOSMOS_TENANT_JOURNEYS", DEFAULT_JOURNEYS))?,
        keys,
        slow_delay: Duration::from_secs(env_or("KOSMOS_TENANT_SLOW_SECS", "30").parse()?),
        patient_check: PatientCheck::Compare,
    };
    let addr = env_or("KOSMOS_TENANT_ADDR", "127.0.0.1:7070");
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    tracing::info!("local 1Kosmos tenant on http://{}", listener.local_addr()?);
    kosmos_tenant::serve(Tenant::new(settings), listener).await?;
    Ok(())
}
