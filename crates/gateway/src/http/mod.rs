//! The HTTP edge: the router and its layers, who is calling ([`auth`], from where:
//! [`crate::client_address`]), the extractors
//! ([`extract`]), [`ApiError`](error::ApiError) and the logging middleware ([`error`]), rate
//! limits ([`limits`]), the widget's files and browser headers ([`web`]), the server loop
//! ([`serve`]) and the handlers ([`routes`]). Everything below it (the domain, the database)
//! never names axum; this layer converts domain errors at the edge.

pub mod auth;
pub mod error;
pub mod extract;
pub mod limits;
pub mod routes;
pub mod serve;
pub mod web;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::routing::{delete, get, post};
use axum::Router;
use idv_wire::paths;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;

use crate::AppState;

/// Every route, with its limits and layers, and the widget's files for everything else.
pub fn router(app: AppState) -> Router {
    let limits = &app.config.limits;
    let submit_limit = app.config.max_image_bytes * 3 + 64 * 1024;
    let request_time = Duration::from_secs(limits.request_secs);
    let upload_time = Duration::from_secs(limits.upload_secs);
    let api = Router::new()
        .route(paths::SESSIONS, post(routes::host::create_session))
        .route(paths::VERIFICATION, get(routes::host::get_verification))
        .route(paths::VERIFICATION_AUDIT, get(routes::host::get_audit))
        .route(
            paths::PATIENT_ENROLMENT,
            delete(routes::host::erase_enrolment),
        )
        .route(paths::CAPTURE_SESSION, get(routes::capture::get_session))
        .route(paths::CONSENT, post(routes::capture::consent))
        .route(paths::MDL_REQUEST, post(routes::wallet::request))
        .route(paths::MDL_RESPONSE, post(routes::wallet::response))
        .route(
            paths::HANDOFF,
            post(routes::handoff::create)
                .get(routes::handoff::progress)
                .delete(routes::handoff::end),
        )
        .route(paths::CANCEL, post(routes::host::cancel_session))
        .route(paths::REDEEM, post(routes::handoff::redeem))
        .route(paths::PROGRESS, get(routes::capture::progress))
        .route(paths::OIDC_PAR, post(routes::oidc::par))
        .route(paths::OIDC_AUTHORIZE, get(routes::oidc::authorize))
        .route(paths::OIDC_TOKEN, post(routes::oidc::token))
        .route(
            paths::OIDC_USERINFO,
            get(routes::oidc::userinfo).post(routes::oidc::userinfo),
        )
        .route(paths::OIDC_RETURN, post(routes::oidc::return_to_client))
        .route("/healthz", get(routes::ops::healthz))
        .route("/readyz", get(routes::ops::readyz))
        // Served on `metrics_listen` only ([`metrics_router`]); here a 404 that says where.
        .route("/metrics", get(routes::ops::metrics_elsewhere))
        .layer(RequestBodyTimeoutLayer::new(request_time))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            request_time,
        ));
    let upload = Router::new()
        .route(paths::SUBMIT, post(routes::capture::submit))
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
    let jwks = Router::new()
        .route(paths::JWKS, get(routes::ops::jwks))
        .route(paths::OIDC_DISCOVERY, get(routes::oidc::discovery));
    let config = Arc::clone(&app.config);
    let routes = api
        .merge(jwks)
        .fallback_service(widget)
        .layer(axum::middleware::from_fn(error::log_errors))
        .layer(TraceLayer::new_for_http());
    web::with_browser_headers(routes, &config).with_state(app)
}

/// The operators' listener (`metrics_listen`, loopback by default): `GET /metrics` only.
pub fn metrics_router(app: AppState) -> Router {
    Router::new()
        .route("/metrics", get(routes::ops::metrics_text))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(app.config.limits.request_secs),
        ))
        .with_state(app)
}
