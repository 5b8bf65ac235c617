//! Gateway configuration: a TOML file, each value overridable by an environment variable.

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

/// The whole configuration. See the README's configuration reference.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `GATEWAY_LISTEN`: address to bind, e.g. `127.0.0.1:8080`.
    pub listen: String,
    /// `GATEWAY_PUBLIC_URL`: the URL patients' browsers reach the widget at.
    pub public_url: String,
    /// `GATEWAY_DATABASE_URL`: `sqlite://path/to/file.db`.
    pub database_url: String,
    /// `GATEWAY_WIDGET_DIR`: the built widget (Trunk's `dist/`).
    #[serde(default = "default_widget_dir")]
    pub widget_dir: String,
    /// `GATEWAY_ALLOWED_HOST_ORIGINS` (comma-separated): origins allowed to embed the widget.
    pub allowed_host_origins: Vec<String>,
    #[serde(default = "default_session_ttl")]
    pub session_ttl_secs: u64,
    #[serde(default = "default_max_attempts")]
    pub max_attempts: u32,
    #[serde(default = "default_deadline")]
    pub decision_deadline_secs: u64,
    #[serde(default = "default_max_image")]
    pub max_image_bytes: usize,
    /// A re-verification needs a PASS at most this many days old.
    #[serde(default = "default_reverify_age")]
    pub reverify_max_age_days: u64,
    pub kosmos: KosmosConfig,
    pub epic: EpicConfig,
    pub signing: SigningConfig,
    pub clients: Vec<ClientCredentials>,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KosmosConfig {
    /// `KOSMOS_TENANT_DNS`: `acme.1kosmos.net`, or a full URL for the local tenant.
    pub tenant_dns: String,
    /// `KOSMOS_COMMUNITY`
    pub community: String,
    /// `KOSMOS_LICENSE_KEY` (secret)
    pub license_key: String,
    /// `KOSMOS_DVC_ID`: the verification journey id.
    pub dvc_id: String,
    /// `KOSMOS_PRIVATE_KEY` (secret, optional): our secp256k1 key; generated at start when unset.
    #[serde(default)]
    pub private_key: Option<String>,
    #[serde(default = "default_kosmos_timeout")]
    pub timeout_secs: u64,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpicConfig {
    /// `EPIC_WEBHOOK_URL`: where decisions are delivered.
    pub webhook_url: String,
    /// `EPIC_WEBHOOK_SECRET` (secret): the HMAC-SHA256 key of the signature header.
    pub webhook_secret: String,
    /// Attempts before a delivery is marked failed.
    #[serde(default = "default_webhook_attempts")]
    pub max_attempts: u32,
    /// First retry delay; doubles each attempt, with ±20 % jitter, up to `backoff_cap_ms`.
    #[serde(default = "default_backoff_base")]
    pub backoff_base_ms: u64,
    #[serde(default = "default_backoff_cap")]
    pub backoff_cap_ms: u64,
    #[serde(default = "default_webhook_timeout")]
    pub timeout_secs: u64,
    /// How often each gateway looks for due deliveries.
    #[serde(default = "default_webhook_poll")]
    pub poll_ms: u64,
}

/// The result-token signing keys.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningConfig {
    /// `SIGNING_CURRENT_KID`: the key that signs new tokens.
    pub current_kid: String,
    #[serde(default = "default_token_ttl")]
    pub token_ttl_secs: u64,
    /// Every key listed is published; keep the previous key listed until its tokens expired.
    pub keys: Vec<SigningKey>,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningKey {
    pub kid: String,
    /// PKCS#8 PEM of an Ed25519 private key (`openssl genpkey -algorithm ed25519`).
    #[serde(default)]
    pub private_key_pem: Option<String>,
    /// Or a path to such a PEM file.
    #[serde(default)]
    pub private_key_file: Option<String>,
}

/// One host backend allowed to use the server-to-server API (HTTP Basic).
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientCredentials {
    pub id: String,
    pub secret: String,
}

fn default_widget_dir() -> String {
    "dist".into()
}
fn default_session_ttl() -> u64 {
    20 * 60
}
fn default_max_attempts() -> u32 {
    3
}
fn default_deadline() -> u64 {
    120
}
fn default_max_image() -> usize {
    8 * 1024 * 1024
}
fn default_reverify_age() -> u64 {
    365
}
fn default_kosmos_timeout() -> u64 {
    60
}
fn default_webhook_attempts() -> u32 {
    8
}
fn default_backoff_base() -> u64 {
    2_000
}
fn default_backoff_cap() -> u64 {
    10 * 60 * 1000
}
fn default_webhook_timeout() -> u64 {
    10
}
fn default_webhook_poll() -> u64 {
    500
}
fn default_token_ttl() -> u64 {
    300
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("public_url", &self.public_url)
            .field("database_url", &self.database_url)
            .field("allowed_host_origins", &self.allowed_host_origins)
            .field("tenant_dns", &self.kosmos.tenant_dns)
            .field("dvc_id", &self.kosmos.dvc_id)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Reads the file, then applies environment overrides from `env`.
    pub fn load(path: &Path, env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let mut config: Config =
            toml::from_str(&text).map_err(|e| ConfigError::Invalid(e.to_string()))?;
        config.apply_env(env);
        config.validate()?;
        Ok(config)
    }

    pub fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) {
        let set = |target: &mut String, name: &str| {
            if let Some(v) = env(name) {
                *target = v;
            }
        };
        set(&mut self.listen, "GATEWAY_LISTEN");
        set(&mut self.public_url, "GATEWAY_PUBLIC_URL");
        set(&mut self.database_url, "GATEWAY_DATABASE_URL");
        set(&mut self.widget_dir, "GATEWAY_WIDGET_DIR");
        set(&mut self.kosmos.tenant_dns, "KOSMOS_TENANT_DNS");
        set(&mut self.kosmos.community, "KOSMOS_COMMUNITY");
        set(&mut self.kosmos.license_key, "KOSMOS_LICENSE_KEY");
        set(&mut self.kosmos.dvc_id, "KOSMOS_DVC_ID");
        set(&mut self.epic.webhook_url, "EPIC_WEBHOOK_URL");
        set(&mut self.epic.webhook_secret, "EPIC_WEBHOOK_SECRET");
        set(&mut self.signing.current_kid, "SIGNING_CURRENT_KID");
        if let Some(v) = env("KOSMOS_PRIVATE_KEY") {
            self.kosmos.private_key = Some(v);
        }
        if let Some(v) = env("GATEWAY_ALLOWED_HOST_ORIGINS") {
            self.allowed_host_origins = v
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
        }
        if let (Some(id), Some(secret)) = (env("GATEWAY_CLIENT_ID"), env("GATEWAY_CLIENT_SECRET")) {
            self.clients = vec![ClientCredentials { id, secret }];
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |m: &str| Err(ConfigError::Invalid(m.to_owned()));
        if self.clients.is_empty() {
            return bad("at least one [[clients]] entry is required");
        }
        if self.clients.iter().any(|c| c.secret.len() < 12) {
            return bad("client secrets must be at least 12 characters");
        }
        if self.allowed_host_origins.is_empty() {
            return bad("allowed_host_origins must name at least one origin");
        }
        for o in &self.allowed_host_origins {
            if !is_exact_origin(o) {
                return bad(&format!(
                    "{o:?} is not an exact origin (scheme://host[:port])"
                ));
            }
        }
        if self.kosmos.license_key.is_empty() || self.kosmos.dvc_id.is_empty() {
            return bad("kosmos.license_key and kosmos.dvc_id are required");
        }
        if self.max_attempts == 0 || self.epic.max_attempts == 0 {
            return bad("max_attempts must be at least 1");
        }
        if self.epic.webhook_secret.len() < 16 {
            return bad("epic.webhook_secret must be at least 16 characters");
        }
        if !self
            .signing
            .keys
            .iter()
            .any(|k| k.kid == self.signing.current_kid)
        {
            return bad("signing.current_kid must name one of signing.keys");
        }
        Ok(())
    }

    pub fn session_ttl(&self) -> Duration {
        Duration::from_secs(self.session_ttl_secs)
    }

    pub fn decision_deadline(&self) -> Duration {
        Duration::from_secs(self.decision_deadline_secs)
    }
}

/// `scheme://host[:port]` with nothing after it; never `*`.
pub fn is_exact_origin(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    matches!(scheme, "https" | "http")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', '*', '@', ' '])
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
listen = "127.0.0.1:0"
public_url = "http://localhost:8080"
database_url = "sqlite::memory:"
allowed_host_origins = ["http://127.0.0.1:8090"]
[kosmos]
tenant_dns = "http://127.0.0.1:7070"
community = "default"
license_key = "lk"
dvc_id = "dvc"
[epic]
webhook_url = "http://127.0.0.1:8090/epic"
webhook_secret = "0123456789abcdef0123"
[signing]
current_kid = "k1"
[[signing.keys]]
kid = "k1"
private_key_file = "k1.pem"
[[clients]]
id = "c"
secret = "0123456789abc"
"#;

    fn write(text: &str) -> tempfile::NamedTempFile {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), text).unwrap();
        f
    }

    #[test]
    fn file_values_load_with_defaults_and_env_overrides_win() {
        let f = write(SAMPLE);
        let c = Config::load(f.path(), |name| match name {
            "KOSMOS_DVC_ID" => Some("from-env".into()),
            "GATEWAY_ALLOWED_HOST_ORIGINS" => Some("https://a.example, https://b.example".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.kosmos.dvc_id, "from-env");
        assert_eq!(c.kosmos.license_key, "lk");
        assert_eq!(c.allowed_host_origins.len(), 2);
        assert_eq!(c.max_attempts, 3);
        assert!(!format!("{c:?}").contains("0123456789abc"));
    }

    #[test]
    fn wildcard_and_path_origins_are_refused() {
        let f = write(&SAMPLE.replace("http://127.0.0.1:8090", "*"));
        assert!(matches!(
            Config::load(f.path(), |_| None),
            Err(ConfigError::Invalid(_))
        ));
        assert!(is_exact_origin("https://mychart.example.org"));
        assert!(is_exact_origin("http://127.0.0.1:8090"));
        assert!(!is_exact_origin("https://mychart.example.org/"));
        assert!(!is_exact_origin("https://*.example.org"));
        assert!(!is_exact_origin("mychart.example.org"));
    }

    #[test]
    fn unknown_keys_and_short_secrets_are_errors() {
        let f = write(&format!("{SAMPLE}\nsurprise = 1\n"));
        assert!(Config::load(f.path(), |_| None).is_err());
        let f = write(&SAMPLE.replace("0123456789abc", "short"));
        assert!(Config::load(f.path(), |_| None).is_err());
    }
}
