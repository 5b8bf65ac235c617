//! `gateway [CONFIG]`: runs the capture gateway (default config `config/gateway.toml`).
//! `gateway redeliver (--failed | --event-id ID) [CONFIG]`: re-queues failed webhook deliveries.
//!
//! SIGTERM and Ctrl-C stop it gracefully: no new connections, in-flight requests and decisions
//! finish (up to the decision deadline), the outbox and sweeper loops stop.

use std::path::PathBuf;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

fn usage() -> ! {
    eprintln!(
        "usage: gateway [CONFIG]\n       gateway redeliver (--failed | --event-id ID) [CONFIG]"
    );
    std::process::exit(2)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    // GATEWAY_LOG_FORMAT=json: one JSON object per line, for log collectors.
    match std::env::var("GATEWAY_LOG_FORMAT").as_deref() {
        Ok("json") => tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init(),
        Ok("text") | Err(_) => tracing_subscriber::fmt().with_env_filter(filter).init(),
        Ok(other) => {
            eprintln!("GATEWAY_LOG_FORMAT must be json or text, not {other:?}");
            std::process::exit(2)
        }
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config_path =
        |rest: &[String]| PathBuf::from(rest.first().map_or("config/gateway.toml", String::as_str));
    match args.first().map(String::as_str) {
        Some("redeliver") => {
            let (event_id, rest) = match args.get(1).map(String::as_str) {
                Some("--failed") => (None, &args[2..]),
                Some("--event-id") => match args.get(2) {
                    Some(id) => (Some(id.clone()), &args[3..]),
                    None => usage(),
                },
                _ => usage(),
            };
            let config = gateway::Config::load(&config_path(rest), |n| std::env::var(n).ok())?;
            let pool = gateway::db::connect(&config.database_url).await?;
            let n = gateway::db::redeliver(&pool, event_id.as_deref(), gateway::clock::now_ms())
                .await?;
            println!("re-queued {n} webhook deliveries; a running gateway sends them within its poll interval (events deleted by retention are gone: nothing is sent for them)");
            Ok(())
        }
        Some(flag) if flag.starts_with('-') => usage(),
        _ => serve(config_path(&args)).await,
    }
}

async fn serve(path: PathBuf) -> Result<(), Box<dyn std::error::Error>> {
    let config = gateway::Config::load(&path, |name| std::env::var(name).ok())?;
    tracing::info!(?config, "starting");
    let listener = tokio::net::TcpListener::bind(&config.listen).await?;
    let metrics_listener = match tokio::net::TcpListener::bind(&config.metrics_listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "gateway: metrics_listen (GATEWAY_METRICS_LISTEN) {:?}: {e}",
                config.metrics_listen
            );
            std::process::exit(1);
        }
    };
    let app = match gateway::AppState::new(config).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("gateway: {e}");
            std::process::exit(1);
        }
    };
    tracing::info!("gateway on http://{}", listener.local_addr()?);
    tracing::info!(
        "metrics on http://{}/metrics",
        metrics_listener.local_addr()?
    );
    let stop = CancellationToken::new();
    let deliveries = gateway::webhook::spawn(app.clone(), stop.clone());
    let sweeper = gateway::sweeper::spawn(app.clone(), stop.clone());
    let header_read = Duration::from_secs(app.config.limits.header_read_secs);
    let drain = Duration::from_secs(app.config.limits.upload_secs);
    let stop_metrics = CancellationToken::new();
    let metrics = tokio::spawn(gateway::http::serve::run(
        metrics_listener,
        gateway::http::metrics_router(app.clone()),
        header_read,
        Duration::from_secs(1),
        stop_metrics.clone().cancelled_owned(),
    ));
    gateway::http::serve::run(
        listener,
        gateway::router(app.clone()),
        header_read,
        drain,
        shutdown_signal(),
    )
    .await;
    tracing::info!("stopping: waiting for decisions in flight");
    app.tasks.close();
    if tokio::time::timeout(app.config.decision_deadline(), app.tasks.wait())
        .await
        .is_err()
    {
        tracing::warn!("decisions still in flight at shutdown; the sweeper of a running replica finalises them");
    }
    stop.cancel();
    stop_metrics.cancel();
    let _ = tokio::join!(deliveries, sweeper, metrics);
    tracing::info!("stopped");
    Ok(())
}

/// SIGTERM (what orchestrators send) or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
