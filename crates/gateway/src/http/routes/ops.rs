//! For operators and load balancers: liveness, readiness, Prometheus metrics, and the public
//! keys that verify result tokens.

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::Json;

use crate::db;
use crate::error::Refusal;
use crate::http::error::ApiError;
use crate::metrics;
use crate::AppState;

/// `GET /healthz`: liveness: the process answers and its database answers `SELECT 1` (no table
/// is read; the webhook backlog is on `/metrics`). 503 when the database does not answer
/// within 5 s.
pub async fn healthz(State(app): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    match tokio::time::timeout(Duration::from_secs(5), db::ping_reader(&app.pool)).await {
        Ok(Ok(())) => (StatusCode::OK, Json(serde_json::json!({ "status": "ok" }))),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "healthz: database");
            unhealthy("database unavailable")
        }
        Err(_) => unhealthy("database timeout"),
    }
}

fn unhealthy(why: &str) -> (StatusCode, Json<serde_json::Value>) {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(serde_json::json!({ "status": why })),
    )
}

/// `GET /readyz`: 200 when this replica can serve journeys (its database answers and the
/// 1Kosmos tenant's discovery succeeds), else 503 naming what is down. Load balancers route on
/// this; `/healthz` is liveness only.
pub async fn readyz(State(app): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
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

/// `GET /metrics` on the public listener: 404, saying where metrics are served.
pub async fn metrics_elsewhere() -> ApiError {
    ApiError::from(Refusal::new(
        idv_wire::ErrorCode::NotFound,
        "metrics are served on the metrics_listen address, not on this one",
    ))
}

/// `GET /metrics` on the operators' listener (`metrics_listen`): Prometheus text format (see
/// [`metrics`]), with the webhook backlog (two indexed counts).
pub async fn metrics_text(
    State(app): State<AppState>,
) -> Result<([(header::HeaderName, &'static str); 1], String), ApiError> {
    let (pending, failed) = db::webhook_backlog(&app.pool).await?;
    Ok((
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        metrics::render(&app.metrics.snapshot(), pending, failed),
    ))
}

/// `GET /.well-known/jwks.json`: the result-token signing keys, cacheable for five minutes.
pub async fn jwks(
    State(app): State<AppState>,
) -> (
    [(header::HeaderName, &'static str); 1],
    Json<jsonwebtoken::jwk::JwkSet>,
) {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(app.signer.jwks().clone()),
    )
}
