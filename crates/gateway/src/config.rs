//! Gateway configuration: a TOML file, each value overridable by an environment variable.

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

/// Why a configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// A value is missing or wrong; the text says which.
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
    /// `GATEWAY_DATABASE_URL`: `sqlite://path/to/file.db` (one machine) or
    /// `postgres://user:password@host/db` (several replicas).
    pub database_url: String,
    /// `GATEWAY_WIDGET_DIR`: the built widget (Trunk's `dist/`).
    #[serde(default = "default_widget_dir")]
    pub widget_dir: String,
    /// `GATEWAY_ALLOWED_HOST_ORIGINS` (comma-separated): origins allowed to embed the widget.
    pub allowed_host_origins: Vec<String>,
    /// How long a capture session (and its token) lasts.
    #[serde(default = "default_session_ttl")]
    pub session_ttl_secs: u64,
    /// Submissions a session may make at most (and by default).
    #[serde(default = "default_max_attempts")]
    pub max_attempts: u32,
    /// How long a "Continue on your phone" link and its short code stay redeemable (the widget
    /// shows a new one before). 1 to 3600 seconds.
    #[serde(default = "default_handoff_ttl")]
    pub handoff_ttl_secs: u64,
    /// How long 1Kosmos has to decide before the verification is ERROR `timeout`.
    #[serde(default = "default_deadline")]
    pub decision_deadline_secs: u64,
    /// The largest image a submission may carry, each.
    #[serde(default = "default_max_image")]
    pub max_image_bytes: usize,
    /// A re-verification needs a document verification (PASS) at most this many days old.
    #[serde(default = "default_reverify_age")]
    pub reverify_max_age_days: u64,
    /// Names, birth dates and patient references are purged this many days after a session
    /// ended, with the session's handoffs and its settled webhook events; the audit trail stays
    /// (see `audit_retention_days`).
    #[serde(default = "default_retention_days")]
    pub retention_days: u64,
    /// Audit events are deleted this many days after they were written (default 2,190: six
    /// years, HIPAA's documentation retention).
    #[serde(default = "default_audit_retention_days")]
    pub audit_retention_days: u64,
    /// `GATEWAY_PORTRAIT_KEY` (secret, optional): base64 of 32 bytes, the AES-256-GCM key that
    /// seals enrolled portraits. Without it no portrait is kept and re-verification is off.
    #[serde(default)]
    pub portrait_key: Option<String>,
    /// `GATEWAY_PATIENT_REF_KEY` (secret; required with `portrait_key` outside dev mode): base64
    /// of 32 bytes, the HMAC-SHA256 key of the keyed hash that links a patient reference to its
    /// enrolment, so re-verification outlives the purge of the reference itself. In dev mode it
    /// is derived from `portrait_key` when unset.
    #[serde(default)]
    pub patient_ref_key: Option<String>,
    /// `GATEWAY_ORGANISATION_NAME`: who asks, as patients know it ("Mercy Health"): a phone
    /// that opens a "Continue on your phone" link or code shows it first. Required outside dev
    /// mode; at most 100 characters on one line.
    #[serde(default)]
    pub organisation_name: String,
    /// `GATEWAY_HANDOFF_CODE_KEY` (secret): the HMAC-SHA256 key short handoff codes are stored
    /// under (at least 32 characters). Required outside dev mode; in dev mode, without it, one
    /// is derived from `epic.webhook_secret`.
    #[serde(default)]
    pub handoff_code_key: Option<String>,
    /// `GATEWAY_DEV_MODE=1`: accept demo keys, `change-me` secrets and plain http. Never in
    /// production.
    #[serde(default)]
    pub dev_mode: bool,
    /// How often each gateway finalises overdue verifications and applies retention.
    #[serde(default = "default_sweep_secs")]
    pub sweep_secs: u64,
    /// `GATEWAY_TRUSTED_PROXIES` (comma-separated CIDR blocks, default none): the proxies in
    /// front of the gateway. Only from these peers are `Forwarded` / `X-Forwarded-For` believed
    /// when rate limits key on the client's address; from anyone else they are ignored.
    #[serde(default)]
    pub trusted_proxies: Vec<crate::client_address::Cidr>,
    /// `GATEWAY_METRICS_LISTEN`: the address `/metrics` is served on, apart from the public
    /// listener (default `127.0.0.1:9464`, loopback: expose it to the monitoring network only).
    #[serde(default = "default_metrics_listen")]
    pub metrics_listen: String,
    /// `[limits]`: rate limits and timeouts.
    #[serde(default)]
    pub limits: LimitsConfig,
    /// `[support]`: how patients reach a person (shown when the widget cannot verify them).
    #[serde(default)]
    pub support: Option<idv_wire::SupportContact>,
    /// `[mdl]`: mobile driver's licences from the patient's phone wallet.
    #[serde(default)]
    pub mdl: MdlConfig,
    /// `[kosmos]`: the 1Kosmos tenant.
    pub kosmos: KosmosConfig,
    /// `[epic]`: the webhook decisions are delivered to.
    pub epic: EpicConfig,
    /// `[signing]`: the result-token keys.
    pub signing: SigningConfig,
    /// `[[clients]]`: the host backends allowed in.
    pub clients: Vec<ClientCredentials>,
}

/// `[mdl]`: which issuers of mobile driver's licences the gateway trusts. Without
/// `trust_anchors` the wallet is not offered.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MdlConfig {
    /// `GATEWAY_MDL_TRUST_ANCHORS`: a folder of PEM files (or one PEM file), each holding one or
    /// more issuing authorities' root certificates (IACA, ISO/IEC 18013-5 Annex B: e.g. the
    /// certificates of the AAMVA Digital Trust Service's VICAL, one file per state). A licence
    /// is accepted only when its document signer chains to one of them.
    #[serde(default)]
    pub trust_anchors: Option<String>,
}

/// `[kosmos]`: the 1Kosmos tenant and our key.
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
    /// Each call's timeout.
    #[serde(default = "default_kosmos_timeout")]
    pub timeout_secs: u64,
}

/// `[epic]`: where and how decisions are delivered.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpicConfig {
    /// `EPIC_WEBHOOK_URL`: where decisions are delivered.
    pub webhook_url: String,
    /// `EPIC_WEBHOOK_SECRET` (secret): the Standard Webhooks secret, `whsec_` + base64 of 24 to
    /// 64 random bytes: the HMAC-SHA256 key of `webhook-signature`.
    pub webhook_secret: String,
    /// `EPIC_WEBHOOK_SECRET_PREVIOUS` (secret, optional): during a rotation, the secret being
    /// replaced; every delivery is then signed with both, so the receiver may switch at any time.
    #[serde(default)]
    pub webhook_secret_previous: Option<String>,
    /// Attempts before a delivery is marked failed (default: no limit; `max_age_hours` ends
    /// the retries).
    #[serde(default)]
    pub max_attempts: Option<u32>,
    /// Hours after the event (or after an operator's `redeliver`) during which a delivery is
    /// retried, at most `backoff_cap_ms` apart; then it is `failed`.
    #[serde(default = "default_webhook_max_age_hours")]
    pub max_age_hours: u64,
    /// First retry delay; doubles each attempt, with ±20 % jitter, up to `backoff_cap_ms`.
    #[serde(default = "default_backoff_base")]
    pub backoff_base_ms: u64,
    /// The longest retry delay.
    #[serde(default = "default_backoff_cap")]
    pub backoff_cap_ms: u64,
    /// Each delivery's timeout.
    #[serde(default = "default_webhook_timeout")]
    pub timeout_secs: u64,
    /// How often each gateway looks for due deliveries.
    #[serde(default = "default_webhook_poll")]
    pub poll_ms: u64,
}

/// Rate limits and timeouts. Over a rate limit the answer is 429 with `Retry-After`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsConfig {
    /// Failed Basic logins allowed per client address (an IPv6 client: its /64) per minute;
    /// past it, that address's logins are answered 429 for the rest of the minute.
    pub auth_failures_per_minute: u32,
    /// Wrong secrets allowed per claimed client id (from any address) per minute; past it,
    /// wrong secrets for that id are answered 429. Valid credentials are never refused by it.
    pub auth_failures_per_client_per_minute: u32,
    /// Failed handoff redemptions (unknown links and codes) allowed per client address per
    /// minute (per replica).
    pub handoff_failures_per_minute: u32,
    /// Failed redemptions naming one session's handoffs (used, expired, revoked) over the
    /// session's life, counted across replicas; past it the session's handoffs are refused.
    pub handoff_failures_per_session: u32,
    /// Failed redemptions by code per hour from everyone, counted across replicas; past it, codes
    /// are refused (429) until the hour's count falls (links, 256-bit, still work): with 40-bit
    /// codes and 100 live at once, a distributed guesser's chance is about 1 in 760,000 a day.
    pub handoff_failures_per_hour: u32,
    /// Sessions a host client may create per second (burst: the same number).
    pub sessions_per_second: u32,
    /// Widget API calls per capture session per second (burst: three times that).
    pub widget_calls_per_second: u32,
    /// Time allowed to send the request line and headers.
    pub header_read_secs: u64,
    /// Time allowed for a whole request, except submissions.
    pub request_secs: u64,
    /// Time allowed for a submission, upload included.
    pub upload_secs: u64,
    /// Vendor errors (ERROR `vendor_error`: an error answer, or anything that is not an
    /// authenticated answer) allowed per session. They use no attempt, but each is a billed
    /// 1Kosmos call a client may provoke; the one that reaches this ends the session (ERROR
    /// `vendor_errors_exhausted`). 5: a real outage is over by then or needs a person anyway.
    pub max_vendor_errors: u32,
    /// Wallet requests a session may make (each opens the patient's wallet once): 5.
    pub max_mdl_requests: u32,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            auth_failures_per_minute: 10,
            auth_failures_per_client_per_minute: 30,
            handoff_failures_per_minute: 10,
            handoff_failures_per_session: 10,
            handoff_failures_per_hour: 600,
            sessions_per_second: 200,
            widget_calls_per_second: 5,
            header_read_secs: 10,
            request_secs: 15,
            upload_secs: 120,
            max_vendor_errors: 5,
            max_mdl_requests: 5,
        }
    }
}

/// The result-token signing keys.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningConfig {
    /// `SIGNING_CURRENT_KID`: the key that signs new tokens.
    pub current_kid: String,
    /// How long a result token is valid.
    #[serde(default = "default_token_ttl")]
    pub token_ttl_secs: u64,
    /// Every key listed is published; keep the previous key listed until its tokens expired.
    #[serde(default)]
    pub keys: Vec<SigningKey>,
    /// `SIGNING_KEYS_PEM_DIR`: a directory of `<kid>.pem` files, used instead of `keys`.
    #[serde(default)]
    pub keys_dir: Option<String>,
}

/// One result-token signing key.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningKey {
    /// Its key id (the JWS `kid`).
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
    /// The client id (HTTP Basic user).
    pub id: String,
    /// Its secret (HTTP Basic password).
    pub secret: String,
    /// Where the OpenID Provider may send its patients back (exact URIs; https outside dev
    /// mode). Empty: this client cannot use the OpenID Connect door.
    #[serde(default)]
    pub redirect_uris: Vec<String>,
}

fn default_widget_dir() -> String {
    "dist".into()
}
fn default_session_ttl() -> u64 {
    20 * 60
}
fn default_handoff_ttl() -> u64 {
    300
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
fn default_retention_days() -> u64 {
    30
}
fn default_sweep_secs() -> u64 {
    5
}
fn default_kosmos_timeout() -> u64 {
    60
}
impl EpicConfig {
    /// The secrets every delivery is signed with: the current one, then the previous one
    /// during a rotation.
    pub fn secrets(&self) -> Vec<&str> {
        std::iter::once(self.webhook_secret.as_str())
            .chain(self.webhook_secret_previous.as_deref())
            .collect()
    }
}

fn default_webhook_max_age_hours() -> u64 {
    24
}
fn default_audit_retention_days() -> u64 {
    6 * 365
}
fn default_metrics_listen() -> String {
    "127.0.0.1:9464".into()
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

/// `scheme://user:password@host/…` with the password replaced by `***`, for logs.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{path}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("public_url", &self.public_url)
            .field("database_url", &redact_password(&self.database_url))
            .field("allowed_host_origins", &self.allowed_host_origins)
            .field("dev_mode", &self.dev_mode)
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
        config.apply_env(env)?;
        config.load_key_dir()?;
        config.validate()?;
        Ok(config)
    }

    /// Overrides values with the environment variables their docs name; an override that does
    /// not parse is an error.
    pub fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        let set = |target: &mut String, name: &str| {
            if let Some(v) = env(name) {
                *target = v;
            }
        };
        set(&mut self.listen, "GATEWAY_LISTEN");
        set(&mut self.public_url, "GATEWAY_PUBLIC_URL");
        set(&mut self.database_url, "GATEWAY_DATABASE_URL");
        set(&mut self.widget_dir, "GATEWAY_WIDGET_DIR");
        set(&mut self.metrics_listen, "GATEWAY_METRICS_LISTEN");
        set(&mut self.kosmos.tenant_dns, "KOSMOS_TENANT_DNS");
        set(&mut self.kosmos.community, "KOSMOS_COMMUNITY");
        set(&mut self.kosmos.license_key, "KOSMOS_LICENSE_KEY");
        set(&mut self.kosmos.dvc_id, "KOSMOS_DVC_ID");
        set(&mut self.epic.webhook_url, "EPIC_WEBHOOK_URL");
        set(&mut self.epic.webhook_secret, "EPIC_WEBHOOK_SECRET");
        if let Some(v) = env("EPIC_WEBHOOK_SECRET_PREVIOUS") {
            self.epic.webhook_secret_previous = Some(v);
        }
        set(&mut self.signing.current_kid, "SIGNING_CURRENT_KID");
        if let Some(v) = env("KOSMOS_PRIVATE_KEY") {
            self.kosmos.private_key = Some(v);
        }
        if let Some(v) = env("GATEWAY_PORTRAIT_KEY") {
            self.portrait_key = Some(v);
        }
        if let Some(v) = env("GATEWAY_PATIENT_REF_KEY") {
            self.patient_ref_key = Some(v);
        }
        if let Some(v) = env("GATEWAY_HANDOFF_CODE_KEY") {
            self.handoff_code_key = Some(v);
        }
        if let Some(v) = env("GATEWAY_MDL_TRUST_ANCHORS") {
            self.mdl.trust_anchors = Some(v).filter(|v| !v.trim().is_empty());
        }
        if let Some(v) = env("GATEWAY_ORGANISATION_NAME") {
            self.organisation_name = v;
        }
        if let Some(v) = env("GATEWAY_DEV_MODE") {
            self.dev_mode = matches!(v.trim(), "1" | "true" | "yes");
        }
        // Signing keys from the environment, so no private key has to live in a config file:
        // a PEM per kid, or a directory of `<kid>.pem` files (which replaces the list).
        for key in &mut self.signing.keys {
            if let Some(pem) = env(&signing_key_env(&key.kid)) {
                key.private_key_pem = Some(pem);
                key.private_key_file = None;
            }
        }
        if let Some(dir) = env("SIGNING_KEYS_PEM_DIR") {
            self.signing.keys_dir = Some(dir);
        }
        if let Some(v) = env("GATEWAY_ALLOWED_HOST_ORIGINS") {
            self.allowed_host_origins = v
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
        }
        if let Some(v) = env("GATEWAY_TRUSTED_PROXIES") {
            self.trusted_proxies = v
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::parse)
                .collect::<Result<_, _>>()
                .map_err(|e: crate::client_address::BadCidr| {
                    ConfigError::Invalid(format!("GATEWAY_TRUSTED_PROXIES: {e}"))
                })?;
        }
        if let (Some(id), Some(secret)) = (env("GATEWAY_CLIENT_ID"), env("GATEWAY_CLIENT_SECRET")) {
            let redirect_uris = env("GATEWAY_CLIENT_REDIRECT_URIS")
                .map(|v| v.split_whitespace().map(str::to_owned).collect())
                .unwrap_or_default();
            self.clients = vec![ClientCredentials {
                id,
                secret,
                redirect_uris,
            }];
        }
        Ok(())
    }

    /// Reads `signing.keys_dir` (if set) into the key list: every `<kid>.pem` file is a key.
    pub fn load_key_dir(&mut self) -> Result<(), ConfigError> {
        let Some(dir) = self.signing.keys_dir.clone() else {
            return Ok(());
        };
        let entries = std::fs::read_dir(&dir).map_err(|source| ConfigError::Read {
            path: dir.clone(),
            source,
        })?;
        let mut keys = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(kid) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".pem"))
            else {
                continue;
            };
            keys.push(SigningKey {
                kid: kid.to_owned(),
                private_key_pem: None,
                private_key_file: Some(path.display().to_string()),
            });
        }
        keys.sort_by(|a, b| a.kid.cmp(&b.kid));
        self.signing.keys = keys;
        Ok(())
    }

    /// Checks the values together (ranges, origins, keys, dev-mode material).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |m: &str| Err(ConfigError::Invalid(m.to_owned()));
        if self.clients.is_empty() {
            return bad("at least one [[clients]] entry is required");
        }
        if self.clients.iter().any(|c| c.secret.len() < 12) {
            return bad("client secrets must be at least 12 characters");
        }
        for c in &self.clients {
            if let Some(r) = c
                .redirect_uris
                .iter()
                .find(|r| crate::oidc::origin_of(r).is_none())
            {
                return bad(&format!(
                    "redirect URI {r:?} of client {:?} must be an absolute http(s) URL without a fragment",
                    c.id
                ));
            }
        }
        if self.allowed_host_origins.is_empty() {
            return bad("allowed_host_origins must name at least one origin");
        }
        if !(1..=3600).contains(&self.handoff_ttl_secs) {
            return bad("handoff_ttl_secs must be 1 to 3600 seconds");
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
        if let Some(problem) = self.support.as_ref().and_then(|s| s.problem(self.dev_mode)) {
            return bad(&problem);
        }
        let org = &self.organisation_name;
        if org.chars().count() > 100 || org.chars().any(char::is_control) {
            return bad("organisation_name must be one line of at most 100 characters");
        }
        if self
            .handoff_code_key
            .as_ref()
            .is_some_and(|k| k.trim().len() < 32)
        {
            return bad(
                "handoff_code_key must be at least 32 characters (openssl rand -base64 32)",
            );
        }
        if self.max_attempts == 0 || self.epic.max_attempts == Some(0) {
            return bad("max_attempts must be at least 1");
        }
        if self.epic.max_age_hours == 0 {
            return bad("epic.max_age_hours must be at least 1");
        }
        if self.audit_retention_days == 0 {
            return bad("audit_retention_days must be at least 1");
        }
        if let Err(problem) = crate::webhook::secret_key(&self.epic.webhook_secret) {
            return bad(&format!(
                "epic.webhook_secret (EPIC_WEBHOOK_SECRET) {problem}"
            ));
        }
        if let Some(Err(problem)) = self
            .epic
            .webhook_secret_previous
            .as_deref()
            .map(crate::webhook::secret_key)
        {
            return bad(&format!(
                "epic.webhook_secret_previous (EPIC_WEBHOOK_SECRET_PREVIOUS) {problem}"
            ));
        }
        if self.limits.max_vendor_errors == 0 {
            return bad("limits.max_vendor_errors must be at least 1");
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

    /// `session_ttl_secs`.
    pub fn session_ttl(&self) -> Duration {
        Duration::from_secs(self.session_ttl_secs)
    }

    /// `handoff_ttl_secs`.
    pub fn handoff_ttl(&self) -> Duration {
        Duration::from_secs(self.handoff_ttl_secs)
    }

    /// `decision_deadline_secs`.
    pub fn decision_deadline(&self) -> Duration {
        Duration::from_secs(self.decision_deadline_secs)
    }
}

/// `scheme://host[:port]` with nothing after it; never `*`, and nothing that could break out of a
/// header value (`;`, `,`, quotes, control characters).
pub fn is_exact_origin(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    matches!(scheme, "https" | "http")
        && !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

/// The environment variable that holds the PEM of signing key `kid`:
/// `SIGNING_KEY_PEM_` and the kid upper-cased, other characters as `_`.
pub fn signing_key_env(kid: &str) -> String {
    let name: String = kid
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("SIGNING_KEY_PEM_{name}")
}

/// SHA-256 fingerprints (hex) of the Ed25519 public keys of the demo signing keys committed in
/// `config/`. A gateway outside dev mode refuses to sign with them: anyone with the repository
/// could forge a PASS.
pub const DEMO_SIGNING_KEY_FINGERPRINTS: &[&str] =
    &[DEMO_FINGERPRINT_2026_11, DEMO_FINGERPRINT_2026_05];
const DEMO_FINGERPRINT_2026_11: &str =
    "6266522c7413d473cde95501394fd961fef574d9a90c5956d4ae59d072a1a17e";
const DEMO_FINGERPRINT_2026_05: &str =
    "9aebd927b64798ec9a736f7a746c3dc1f47a8fb620a2fe1d64917fa53ec755d7";

/// The demo portrait key in `config/gateway.toml`.
pub const DEMO_PORTRAIT_KEY: &str = "ZGVtby1wb3J0cmFpdC1rZXktY2hhbmdlLW1lLTAwMDA=";

/// A webhook secret's key bytes as text (lossy), or the secret itself when it does not parse.
fn decoded_webhook_secret(secret: &str) -> String {
    crate::webhook::secret_key(secret)
        .map(|k| String::from_utf8_lossy(&k).into_owned())
        .unwrap_or_else(|_| secret.to_owned())
}

/// The license key of the local stand-in tenant (`kosmos-tenant`'s default), in
/// `config/gateway.toml`.
pub const DEMO_LICENSE_KEY: &str = "local-license-key";

/// The journeys of the local stand-in tenant (`kosmos-tenant`'s defaults); the first is the one
/// `config/gateway.toml` names.
pub const DEMO_JOURNEY_IDS: &[&str] = &["local_doc_selfie", "local_doc_only"];

/// The demo host's client id in `config/gateway.toml`.
pub const DEMO_CLIENT_ID: &str = "mychart-demo";

/// The first setting that makes a configuration unfit for production, in one line naming it:
/// a demo signing key (by public-key fingerprint), the local demo tenant's license key or
/// journey id, the demo client id, a secret containing `change-me` (or the demo portrait key),
/// a portrait key without its patient-reference key, or an `http://` URL or origin that is not
/// loopback. `signing_fingerprints` are `(kid, fingerprint)` of the loaded keys.
pub fn demo_material(config: &Config, signing_fingerprints: &[(String, String)]) -> Option<String> {
    for (kid, fp) in signing_fingerprints {
        if DEMO_SIGNING_KEY_FINGERPRINTS.contains(&fp.as_str()) {
            return Some(format!(
                "signing key {kid:?} is a demo key from the repository (fingerprint {fp}); \
                 generate your own (openssl genpkey -algorithm ed25519)"
            ));
        }
    }
    if config.organisation_name.trim().is_empty() {
        return Some(
            "organisation_name (GATEWAY_ORGANISATION_NAME) is required: a phone shows who asks"
                .into(),
        );
    }
    if config.handoff_code_key.is_none() {
        return Some(
            "handoff_code_key (GATEWAY_HANDOFF_CODE_KEY) is required (openssl rand -base64 32)"
                .into(),
        );
    }
    if config.kosmos.license_key == DEMO_LICENSE_KEY {
        return Some(format!(
            "kosmos.license_key (KOSMOS_LICENSE_KEY) is the local demo tenant's license key \
             {DEMO_LICENSE_KEY:?}; set your 1Kosmos tenant's"
        ));
    }
    if DEMO_JOURNEY_IDS.contains(&config.kosmos.dvc_id.as_str()) {
        return Some(format!(
            "kosmos.dvc_id (KOSMOS_DVC_ID) {:?} is a journey of the local demo tenant; set the \
             journey id from your tenant's AdminX",
            config.kosmos.dvc_id
        ));
    }
    if config.clients.iter().any(|c| c.id == DEMO_CLIENT_ID) {
        return Some(format!(
            "client id {DEMO_CLIENT_ID:?} (GATEWAY_CLIENT_ID) is the demo host's; give each host \
             backend its own id"
        ));
    }
    // A webhook secret is base64: the words that mark a demo secret are inside its bytes.
    let webhook = decoded_webhook_secret(&config.epic.webhook_secret);
    let webhook_previous = config
        .epic
        .webhook_secret_previous
        .as_deref()
        .map(decoded_webhook_secret);
    let secrets = [
        (
            "handoff_code_key (GATEWAY_HANDOFF_CODE_KEY)",
            config.handoff_code_key.as_deref(),
        ),
        (
            "kosmos.license_key (KOSMOS_LICENSE_KEY)",
            Some(config.kosmos.license_key.as_str()),
        ),
        (
            "epic.webhook_secret (EPIC_WEBHOOK_SECRET)",
            Some(webhook.as_str()),
        ),
        (
            "epic.webhook_secret_previous (EPIC_WEBHOOK_SECRET_PREVIOUS)",
            webhook_previous.as_deref(),
        ),
        (
            "portrait_key (GATEWAY_PORTRAIT_KEY)",
            config.portrait_key.as_deref(),
        ),
        (
            "patient_ref_key (GATEWAY_PATIENT_REF_KEY)",
            config.patient_ref_key.as_deref(),
        ),
    ];
    for (name, value) in secrets {
        if value.is_some_and(|v| v.to_ascii_lowercase().contains("change-me")) {
            return Some(format!("{name} is a demo secret containing \"change-me\""));
        }
    }
    if config.portrait_key.as_deref() == Some(DEMO_PORTRAIT_KEY) {
        return Some("portrait_key (GATEWAY_PORTRAIT_KEY) is the demo key".into());
    }
    if config.portrait_key.is_some() && config.patient_ref_key.is_none() {
        return Some(
            "patient_ref_key (GATEWAY_PATIENT_REF_KEY) is required with portrait_key: base64 of \
             32 bytes (openssl rand -base64 32), kept like the portrait key"
                .into(),
        );
    }
    for c in &config.clients {
        if c.secret.to_ascii_lowercase().contains("change-me") {
            return Some(format!(
                "the secret of client {:?} (GATEWAY_CLIENT_SECRET) is a demo secret containing \"change-me\"",
                c.id
            ));
        }
    }
    let tenant = docuverify::TenantConfig {
        tenant_dns: config.kosmos.tenant_dns.clone(),
        community: String::new(),
        license_key: String::new(),
        dvc_id: String::new(),
        app_id: String::new(),
        timeout: Duration::from_secs(1),
    }
    .base_url();
    let mut urls = vec![
        (
            "public_url (GATEWAY_PUBLIC_URL)".to_owned(),
            config.public_url.clone(),
        ),
        ("kosmos.tenant_dns (KOSMOS_TENANT_DNS)".to_owned(), tenant),
        (
            "epic.webhook_url (EPIC_WEBHOOK_URL)".to_owned(),
            config.epic.webhook_url.clone(),
        ),
    ];
    for o in &config.allowed_host_origins {
        urls.push((
            format!("allowed_host_origins entry {o:?} (GATEWAY_ALLOWED_HOST_ORIGINS)"),
            o.clone(),
        ));
    }
    for c in &config.clients {
        for r in &c.redirect_uris {
            urls.push((
                format!("redirect URI {r:?} of client {:?}", c.id),
                r.clone(),
            ));
        }
    }
    for (name, url) in urls {
        let secure = url.starts_with("https://")
            || (url.starts_with("http://") && docuverify::client::is_loopback(&url));
        if !secure {
            return Some(format!(
                "{name} must be https:// (plain http is allowed on loopback only)"
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_passwords_never_reach_the_logs() {
        assert_eq!(
            redact_password("postgres://idv:s3cr:et@db.internal:5432/idv?sslmode=require"),
            "postgres://idv:***@db.internal:5432/idv?sslmode=require"
        );
        assert_eq!(
            redact_password("postgres://idv@db/idv"),
            "postgres://idv@db/idv"
        );
        assert_eq!(
            redact_password("sqlite://var/gateway.db"),
            "sqlite://var/gateway.db"
        );
        assert_eq!(redact_password("sqlite::memory:"), "sqlite::memory:");
    }

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
webhook_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
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
    fn a_support_contact_patients_cannot_use_is_refused_at_start() {
        let f = write(SAMPLE);
        let mut c = Config::load(f.path(), |_| None).expect("the sample loads");
        c.support = Some(idv_wire::SupportContact {
            url: Some("javascript:alert(1)".into()),
            ..Default::default()
        });
        let err = c.validate().expect_err("refused").to_string();
        assert!(err.contains("support.url"), "{err}");
        c.support = Some(idv_wire::SupportContact {
            phone: Some("+1 555 010 0199".into()),
            ..Default::default()
        });
        assert!(c.validate().is_ok());
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
    fn origins_that_could_break_a_header_are_refused() {
        for bad in [
            "https://a.example;script-src *",
            "https://a.example,https://b.example",
            "https://a.example\"",
            "https://a .example",
            "https://a.example/path",
        ] {
            assert!(!is_exact_origin(bad), "{bad}");
        }
        let f = write(&SAMPLE.replace("http://127.0.0.1:8090", "https://a.example;x"));
        assert!(Config::load(f.path(), |_| None).is_err());
    }

    fn demo_config(env: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let path = format!("{}/../../config/gateway.toml", env!("CARGO_MANIFEST_DIR"));
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::load(Path::new(&path), |name| {
            env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    }

    /// The real signing keys' fingerprints, as `Signer` computes them, from the demo PEMs.
    fn demo_fingerprints() -> Vec<(String, String)> {
        let dir = format!("{}/../../config", env!("CARGO_MANIFEST_DIR"));
        let config = demo_config(&[]).unwrap();
        let signing = SigningConfig {
            keys: config
                .signing
                .keys
                .iter()
                .map(|k| SigningKey {
                    kid: k.kid.clone(),
                    private_key_pem: None,
                    private_key_file: Some(format!("{dir}/signing-{}.pem", k.kid)),
                })
                .collect(),
            ..config.signing.clone()
        };
        crate::signing::Signer::from_config(&signing, "x")
            .unwrap()
            .fingerprints()
            .to_vec()
    }

    #[test]
    fn the_demo_configuration_is_refused_outside_dev_mode_naming_the_setting() {
        let fps = demo_fingerprints();
        assert_eq!(fps.len(), 2);
        let config = demo_config(&[]).unwrap();
        assert!(!config.dev_mode);
        let why = demo_material(&config, &fps).unwrap();
        assert!(
            why.contains("demo-2026-11") && why.contains("demo key"),
            "{why}"
        );
        // Setting only the KOSMOS_* variables, as a careless deployment might, is not enough.
        let real_tenant = [
            ("KOSMOS_TENANT_DNS", "acme.1kosmos.net"),
            ("KOSMOS_LICENSE_KEY", "real-license"),
            ("KOSMOS_DVC_ID", "real-journey"),
        ];
        let config = demo_config(&real_tenant).unwrap();
        assert!(demo_material(&config, &fps)
            .unwrap()
            .contains("signing key"));
        assert!(demo_config(&[("GATEWAY_DEV_MODE", "1")]).unwrap().dev_mode);
    }

    #[test]
    fn each_kind_of_demo_material_is_named() {
        let fresh = vec![("k1".to_owned(), "00".repeat(32))];
        let f = write(SAMPLE);
        let mut c = Config::load(f.path(), |_| None).unwrap();
        c.public_url = "https://idv.example.org".into();
        c.kosmos.tenant_dns = "acme.1kosmos.net".into();
        c.epic.webhook_url = "https://epic.example.org/hook".into();
        c.allowed_host_origins = vec!["https://mychart.example.org".into()];
        c.organisation_name = "Mercy Health".into();
        c.handoff_code_key = Some("k".repeat(44));
        assert_eq!(demo_material(&c, &fresh), None, "a clean production config");
        let refused = |edit: &dyn Fn(&mut Config), fps: &[(String, String)]| {
            let mut c = c.clone();
            edit(&mut c);
            demo_material(&c, fps).unwrap_or_default()
        };
        let demo_fp = vec![("k1".to_owned(), DEMO_SIGNING_KEY_FINGERPRINTS[1].to_owned())];
        assert!(refused(&|c| c.organisation_name = " ".into(), &fresh)
            .contains("GATEWAY_ORGANISATION_NAME"));
        assert!(
            refused(&|c| c.handoff_code_key = None, &fresh).contains("GATEWAY_HANDOFF_CODE_KEY")
        );
        assert!(refused(
            &|c| c.handoff_code_key = Some("demo-handoff-code-key-change-me-0000000".into()),
            &fresh
        )
        .contains("GATEWAY_HANDOFF_CODE_KEY"));
        assert!(refused(&|_| {}, &demo_fp).contains("\"k1\""));
        assert!(refused(
            // The demo secret of config/gateway.toml: base64 of "demo-webhook-secret-change-me-00".
            &|c| c.epic.webhook_secret =
                "whsec_ZGVtby13ZWJob29rLXNlY3JldC1jaGFuZ2UtbWUtMDA=".into(),
            &fresh
        )
        .contains("EPIC_WEBHOOK_SECRET"));
        assert!(refused(
            &|c| c.epic.webhook_secret_previous =
                Some("whsec_ZGVtby13ZWJob29rLXNlY3JldC1jaGFuZ2UtbWUtMDA=".into()),
            &fresh
        )
        .contains("EPIC_WEBHOOK_SECRET_PREVIOUS"));
        assert!(refused(
            &|c| c.clients[0].secret = "demo-secret-CHANGE-ME".into(),
            &fresh
        )
        .contains("GATEWAY_CLIENT_SECRET"));
        assert!(
            refused(&|c| c.portrait_key = Some(DEMO_PORTRAIT_KEY.into()), &fresh)
                .contains("GATEWAY_PORTRAIT_KEY")
        );
        assert!(
            refused(&|c| c.public_url = "http://idv.example.org".into(), &fresh)
                .contains("GATEWAY_PUBLIC_URL")
        );
        assert!(
            refused(&|c| c.kosmos.tenant_dns = "http://10.1.2.3".into(), &fresh)
                .contains("KOSMOS_TENANT_DNS")
        );
        assert!(refused(
            &|c| c.epic.webhook_url = "http://epic.example.org".into(),
            &fresh
        )
        .contains("EPIC_WEBHOOK_URL"));
        assert!(refused(
            &|c| c
                .allowed_host_origins
                .push("http://mychart.example.org".into()),
            &fresh
        )
        .contains("allowed_host_origins"));
        // Loopback http is not demo material by itself (a sidecar, a local tenant).
        assert_eq!(
            refused(
                &|c| c.epic.webhook_url = "http://127.0.0.1:9000/hook".into(),
                &fresh
            ),
            ""
        );
    }

    #[test]
    fn the_demo_tenant_journey_and_client_are_refused_outside_dev_mode_naming_the_key() {
        // The demo file with every secret, key and URL replaced, as a careless deployment
        // might do, still names the local tenant's license key, its journey and the demo host.
        let production_secrets = [
            ("KOSMOS_TENANT_DNS", "acme.1kosmos.net"),
            ("GATEWAY_PUBLIC_URL", "https://idv.example.org"),
            (
                "GATEWAY_ALLOWED_HOST_ORIGINS",
                "https://mychart.example.org",
            ),
            ("EPIC_WEBHOOK_URL", "https://epic.example.org/hook"),
            (
                "EPIC_WEBHOOK_SECRET",
                "whsec_YS1yZWFsLXdlYmhvb2stc2VjcmV0LTAxMjM0NTY3ODk=",
            ),
            (
                "GATEWAY_PORTRAIT_KEY",
                "cmVhbC1wb3J0cmFpdC1rZXktMzItYnl0ZXMtbG9uZyE=",
            ),
            (
                "GATEWAY_PATIENT_REF_KEY",
                "cmVhbC1wYXRpZW50LXJlZi1rZXktMzItYnl0ZXMhISE=",
            ),
            // Settings of the phone handoff (issue 18 §2) a production deployment also sets.
            ("GATEWAY_ORGANISATION_NAME", "Mercy Health"),
            (
                "GATEWAY_HANDOFF_CODE_KEY",
                "cmVhbC1oYW5kb2ZmLWNvZGUta2V5LTMyLWJ5dGVzISE=",
            ),
        ];
        let fresh = vec![("k1".to_owned(), "00".repeat(32))];
        let refusal = |extra: &[(&'static str, &'static str)]| {
            let mut env: Vec<(&str, &str)> = production_secrets.to_vec();
            env.extend_from_slice(extra);
            let mut config = demo_config(&env).unwrap();
            for c in &mut config.clients {
                c.secret = "a-real-client-secret".into();
            }
            demo_material(&config, &fresh)
        };
        let why = refusal(&[]).unwrap();
        assert!(
            why.contains("KOSMOS_LICENSE_KEY") && why.contains(DEMO_LICENSE_KEY),
            "{why}"
        );
        let why = refusal(&[("KOSMOS_LICENSE_KEY", "real-license")]).unwrap();
        assert!(
            why.contains("KOSMOS_DVC_ID") && why.contains("local_doc_selfie"),
            "{why}"
        );
        let why = refusal(&[
            ("KOSMOS_LICENSE_KEY", "real-license"),
            ("KOSMOS_DVC_ID", "local_doc_only"),
        ])
        .unwrap();
        assert!(why.contains("KOSMOS_DVC_ID"), "{why}");
        let real_tenant = [
            ("KOSMOS_LICENSE_KEY", "real-license"),
            ("KOSMOS_DVC_ID", "real-journey"),
        ];
        let why = refusal(&real_tenant).unwrap();
        assert!(
            why.contains("GATEWAY_CLIENT_ID") && why.contains(DEMO_CLIENT_ID),
            "{why}"
        );
        let mut all = real_tenant.to_vec();
        all.extend([
            ("GATEWAY_CLIENT_ID", "mychart-prod"),
            ("GATEWAY_CLIENT_SECRET", "a-real-client-secret"),
        ]);
        assert_eq!(refusal(&all), None, "nothing demo left");
        // The constants are the demo file's values.
        let demo = demo_config(&[]).unwrap();
        assert_eq!(demo.kosmos.license_key, DEMO_LICENSE_KEY);
        assert_eq!(demo.kosmos.dvc_id, DEMO_JOURNEY_IDS[0]);
        assert_eq!(demo.clients[0].id, DEMO_CLIENT_ID);
    }

    #[test]
    fn a_portrait_key_needs_its_patient_ref_key_outside_dev_mode() {
        let fresh = vec![("k1".to_owned(), "00".repeat(32))];
        let f = write(SAMPLE);
        // With the phone handoff's production settings (issue 18 §2) too.
        let mut c = Config::load(f.path(), |name| match name {
            "GATEWAY_ORGANISATION_NAME" => Some("Mercy Health".into()),
            "GATEWAY_HANDOFF_CODE_KEY" => {
                Some("cmVhbC1oYW5kb2ZmLWNvZGUta2V5LTMyLWJ5dGVzISE=".into())
            }
            _ => None,
        })
        .unwrap();
        c.public_url = "https://idv.example.org".into();
        c.kosmos.tenant_dns = "acme.1kosmos.net".into();
        c.epic.webhook_url = "https://epic.example.org/hook".into();
        c.allowed_host_origins = vec!["https://mychart.example.org".into()];
        c.portrait_key = Some("cmVhbC1wb3J0cmFpdC1rZXktMzItYnl0ZXMtbG9uZyE=".into());
        let why = demo_material(&c, &fresh).unwrap();
        assert!(why.contains("GATEWAY_PATIENT_REF_KEY"), "{why}");
        c.patient_ref_key = Some("x-change-me-x".into());
        let why = demo_material(&c, &fresh).unwrap();
        assert!(why.contains("GATEWAY_PATIENT_REF_KEY"), "{why}");
        c.patient_ref_key = Some("cmVhbC1wYXRpZW50LXJlZi1rZXktMzItYnl0ZXMhISE=".into());
        assert_eq!(demo_material(&c, &fresh), None);
    }

    #[test]
    fn retention_webhook_and_metrics_defaults() {
        let f = write(SAMPLE);
        let c = Config::load(f.path(), |_| None).unwrap();
        assert_eq!(c.retention_days, 30);
        assert_eq!(c.reverify_max_age_days, 365);
        assert_eq!(c.audit_retention_days, 2190);
        assert_eq!(c.epic.max_attempts, None);
        assert_eq!(c.epic.max_age_hours, 24);
        assert_eq!(c.metrics_listen, "127.0.0.1:9464");
        let c = Config::load(f.path(), |name| {
            (name == "GATEWAY_METRICS_LISTEN").then(|| "10.0.0.5:9464".to_owned())
        })
        .unwrap();
        assert_eq!(c.metrics_listen, "10.0.0.5:9464");
        for bad in ["audit_retention_days = 0", "[epic]\nmax_age_hours = 0"] {
            let text = match bad.strip_prefix("[epic]\n") {
                Some(line) => SAMPLE.replace("[epic]\n", &format!("[epic]\n{line}\n")),
                None => format!("{bad}\n{SAMPLE}"),
            };
            assert!(
                Config::load(write(&text).path(), |_| None).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn signing_keys_can_come_from_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("prod-2027.pem"), "PEM-A").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        let f = write(SAMPLE);
        let d = dir.path().display().to_string();
        let c = Config::load(f.path(), |name| match name {
            "SIGNING_KEYS_PEM_DIR" => Some(d.clone()),
            "SIGNING_CURRENT_KID" => Some("prod-2027".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.signing.keys.len(), 1);
        assert_eq!(c.signing.keys[0].kid, "prod-2027");
        let c = Config::load(f.path(), |name| {
            (name == signing_key_env("k1")).then(|| "PEM-FROM-ENV".to_owned())
        })
        .unwrap();
        assert_eq!(
            signing_key_env("demo-2026.11"),
            "SIGNING_KEY_PEM_DEMO_2026_11"
        );
        assert_eq!(
            c.signing.keys[0].private_key_pem.as_deref(),
            Some("PEM-FROM-ENV")
        );
        assert!(c.signing.keys[0].private_key_file.is_none());
    }

    #[test]
    fn unknown_keys_and_short_secrets_are_errors() {
        let f = write(&format!("{SAMPLE}\nsurprise = 1\n"));
        assert!(Config::load(f.path(), |_| None).is_err());
        let f = write(&SAMPLE.replace("0123456789abc", "short"));
        assert!(Config::load(f.path(), |_| None).is_err());
    }
}
