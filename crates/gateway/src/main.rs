//! `gateway [CONFIG]`: runs the capture gateway (default config `config/gateway.toml`).

use std::path::PathBuf;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("config/gateway.toml"));
    let config = gateway::Config::load(&path, |name| std::env::var(name).ok())?;
    tracing::info!(?config, "starting");
    let listener = tokio::net::TcpListener::bind(&config.listen).await?;
    let app = gateway::AppState::new(config).await?;
    tracing::info!("gateway on http://{}", listener.local_addr()?);
    let _deliveries = gateway::webhook::spawn(app.clone());
    axum::serve(listener, gateway::router(app))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
