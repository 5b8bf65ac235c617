//! The HTTP client: discovery, the service key, and encrypted calls. Server-side only.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::Mutex;

use crate::envelope::{EnvelopeError, KeyPair, SharedKey};
use crate::wire::{
    EncryptedBody, PublicKeyResponse, RequestId, ServiceDirectory, VerifyRequest, VerifyResponse,
};

/// Discovery and the service key are cached this long, as 1Kosmos's own helpers do.
const DISCOVERY_TTL: Duration = Duration::from_secs(600);

/// Where and who we are at 1Kosmos.
#[derive(Clone)]
pub struct TenantConfig {
    /// `acme.1kosmos.net` (https is assumed) or a full base URL such as `http://127.0.0.1:7070`.
    pub tenant_dns: String,
    /// The community name (`default` unless 1Kosmos set up another).
    pub community: String,
    /// **Secret**: the licence key 1Kosmos issued for this tenant.
    pub license_key: String,
    /// The verification journey id configured in AdminX.
    pub dvc_id: String,
    /// Sent inside `requestid`.
    pub app_id: String,
    /// Per-request HTTP timeout towards 1Kosmos.
    pub timeout: Duration,
}

impl std::fmt::Debug for TenantConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TenantConfig")
            .field("tenant_dns", &self.tenant_dns)
            .field("community", &self.community)
            .field("dvc_id", &self.dvc_id)
            .finish_non_exhaustive()
    }
}

impl TenantConfig {
    /// `https://{tenantDNS}` unless a scheme is given.
    pub fn base_url(&self) -> String {
        let dns = self.tenant_dns.trim_end_matches('/');
        if dns.contains("://") {
            dns.to_owned()
        } else {
            format!("https://{dns}")
        }
    }
}

/// Whether `url` names this machine (`localhost`, `127.0.0.0/8`, `[::1]`).
pub fn is_loopback(url: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(url) else {
        return false;
    };
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// `https://`, or `http://` on loopback only (the local tenant): 1Kosmos answers decide who a
/// patient is, so they never travel in the clear.
pub fn require_secure(url: &str) -> Result<(), ClientError> {
    match reqwest::Url::parse(url) {
        Ok(u) if u.scheme() == "https" => Ok(()),
        Ok(u) if u.scheme() == "http" && is_loopback(url) => Ok(()),
        _ => Err(ClientError::Insecure(url.to_owned())),
    }
}

/// Why a call to 1Kosmos gave no usable answer.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The request did not get an HTTP answer (connection, TLS, timeout).
    #[error("could not reach 1Kosmos: {0}")]
    Transport(String),
    /// 1Kosmos answered with an error status. The body is never kept: an error body may echo
    /// what we sent (names, dates), and errors are logged; its length and hash identify it.
    #[error("1Kosmos answered {status} ({body})")]
    Status {
        /// The HTTP status.
        status: u16,
        /// The body's length and SHA-256 prefix.
        body: BodyDigest,
    },
    /// A 2xx answer whose body is not what the API documents: where the parser stopped, never
    /// the text (serde's messages quote the values they did not expect).
    #[error("1Kosmos answer could not be read: {0}")]
    Parse(String),
    /// The answer's envelope did not decrypt.
    #[error("envelope: {0}")]
    Envelope(#[from] EnvelopeError),
    /// A 2xx answer without the encrypted envelope: not authenticated, so never a decision.
    #[error("1Kosmos answered without the encrypted envelope")]
    Unsealed,
    /// The answer is about another document than the one we sent.
    #[error("1Kosmos answered for another document")]
    WrongDocument,
    /// A tenant URL that is neither https nor loopback.
    #[error("{0} is not https (plain http is allowed on loopback only)")]
    Insecure(String),
}

/// What identifies a body in a log without its text: its length and the first 16 hex digits
/// of its SHA-256 (enough to tell answers apart, or to match one a vendor quotes back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyDigest {
    /// Length in bytes.
    pub len: usize,
    /// The first 16 hex digits of its SHA-256.
    pub sha256_prefix: String,
}

impl BodyDigest {
    /// The digest of `body`.
    pub fn of(body: &str) -> Self {
        let hash = Sha256::digest(body.as_bytes());
        Self {
            len: body.len(),
            sha256_prefix: hash[..8].iter().map(|b| format!("{b:02x}")).collect(),
        }
    }
}

impl std::fmt::Display for BodyDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "body {} bytes, sha256 {}", self.len, self.sha256_prefix)
    }
}

/// A JSON parse error without the text it quotes: its category and position.
fn parse_error(e: &serde_json::Error) -> ClientError {
    ClientError::Parse(format!(
        "{:?} error at line {} column {}",
        e.classify(),
        e.line(),
        e.column()
    ))
}

impl From<reqwest::Error> for ClientError {
    fn from(e: reqwest::Error) -> Self {
        // reqwest errors name the URL, never a body: safe to log.
        ClientError::Transport(e.to_string())
    }
}

struct Service {
    docuverify_url: String,
    key: SharedKey,
    fetched: Instant,
}

/// A docuverify client for one tenant.
pub struct Client {
    http: reqwest::Client,
    config: TenantConfig,
    keys: KeyPair,
    service: Mutex<Option<Service>>,
}

impl Client {
    /// A client for `config`; refuses a tenant that is not https (loopback excepted). Redirects
    /// are never followed.
    pub fn new(config: TenantConfig, keys: KeyPair) -> Result<Self, ClientError> {
        require_secure(&config.base_url())?;
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(ClientError::from)?;
        Ok(Self {
            http,
            config,
            keys,
            service: Mutex::new(None),
        })
    }

    /// Where and who we are at 1Kosmos.
    pub fn config(&self) -> &TenantConfig {
        &self.config
    }

    /// `POST {docuverify}/verify`: an authenticated answer about this very document, or an
    /// error.
    pub async fn verify(&self, request: &VerifyRequest) -> Result<VerifyResponse, ClientError> {
        let body = self.post_encrypted("verify", request).await?;
        verify_answer(&body, &request.document.id)
    }

    /// `POST {docuverify}/document_share_session/create`: a hosted capture session. 1Kosmos
    /// answers this one in plaintext `{sessionId, url}` (it decides nothing).
    pub async fn create_share_session(
        &self,
        request: &crate::wire::ShareSessionCreate,
    ) -> Result<crate::wire::ShareSessionCreated, ClientError> {
        let body = self
            .post("document_share_session/create", request, Answer::Plain)
            .await?;
        serde_json::from_str(&body).map_err(|e| parse_error(&e))
    }

    /// `POST {docuverify}/v3/document_share_session/result`.
    pub async fn share_session_result(
        &self,
        session_id: &str,
    ) -> Result<crate::wire::ShareSessionResult, ClientError> {
        let payload = serde_json::json!({ "dvcID": self.config.dvc_id, "sessionId": session_id });
        let body = self
            .post_encrypted("v3/document_share_session/result", &payload)
            .await?;
        serde_json::from_str(&body).map_err(|e| parse_error(&e))
    }

    /// Whether the tenant can be used: its service directory and DocuVerify public key answer
    /// (cached for [`DISCOVERY_TTL`], like every call's). For readiness checks.
    pub async fn discover(&self) -> Result<(), ClientError> {
        self.service().await.map(|_| ())
    }

    /// Discovery and service key, cached for [`DISCOVERY_TTL`].
    async fn service(&self) -> Result<(String, SharedKey), ClientError> {
        let mut guard = self.service.lock().await;
        if let Some(s) = guard.as_ref() {
            if s.fetched.elapsed() < DISCOVERY_TTL {
                return Ok((s.docuverify_url.clone(), s.key.clone()));
            }
        }
        let sd_url = format!("{}/caas/sd", self.config.base_url());
        let sd: ServiceDirectory = self.get_json(&sd_url).await?;
        let docuverify_url = sd.docuverify.trim_end_matches('/').to_owned();
        // The directory must not send our license key somewhere insecure.
        require_secure(&docuverify_url)?;
        let pk: PublicKeyResponse = self
            .get_json(&format!("{docuverify_url}/publickeys"))
            .await?;
        let key = self.keys.shared_key(&pk.public_key)?;
        *guard = Some(Service {
            docuverify_url: docuverify_url.clone(),
            key: key.clone(),
            fetched: Instant::now(),
        });
        Ok((docuverify_url, key))
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, ClientError> {
        let resp = self.http.get(url).send().await?;
        let status = resp.status();
        let text = resp.text().await?;
        if !status.is_success() {
            return Err(status_error(status.as_u16(), &text));
        }
        serde_json::from_str(&text).map_err(|e| parse_error(&e))
    }

    /// Sends an encrypted payload with the three auth headers; returns the decrypted answer.
    async fn post_encrypted<P: Serialize>(
        &self,
        path: &str,
        payload: &P,
    ) -> Result<String, ClientError> {
        self.post(path, payload, Answer::Sealed).await
    }

    async fn post<P: Serialize>(
        &self,
        path: &str,
        payload: &P,
        answer: Answer,
    ) -> Result<String, ClientError> {
        let (base, key) = self.service().await?;
        let plain =
            serde_json::to_string(payload).map_err(|e| ClientError::Parse(e.to_string()))?;
        let request_id = RequestId {
            ts: unix_now(),
            appid: self.config.app_id.clone(),
            uuid: uuid::Uuid::new_v4().to_string(),
        };
        let request_id =
            serde_json::to_string(&request_id).map_err(|e| ClientError::Parse(e.to_string()))?;
        let resp = self
            .http
            .post(format!("{base}/{path}"))
            .header("content-type", "application/json")
            .header("publickey", self.keys.public_key_b64())
            .header("licensekey", key.encrypt(&self.config.license_key))
            .header("requestid", key.encrypt(&request_id))
            .json(&EncryptedBody {
                data: key.encrypt(&plain),
                public_key: None,
            })
            .send()
            .await?;
        let status = resp.status();
        let text = resp.text().await?;
        if !status.is_success() {
            return Err(status_error(status.as_u16(), &text));
        }
        match answer {
            Answer::Sealed => open_response(&key, &text),
            Answer::Plain => Ok(text),
        }
    }
}

/// Whether an answer must come in the envelope.
#[derive(Debug, Clone, Copy)]
enum Answer {
    Sealed,
    Plain,
}

/// A 2xx answer body must be the envelope `{data, publicKey}`; `data` decrypts with our shared
/// key, which authenticates it (AES-GCM). Plaintext, HTML, an empty or truncated body is an
/// error: only an authenticated answer can decide.
pub fn open_response(key: &SharedKey, text: &str) -> Result<String, ClientError> {
    let body: EncryptedBody = serde_json::from_str(text).map_err(|_| ClientError::Unsealed)?;
    Ok(key.decrypt(&body.data)?)
}

/// Parses a decrypted `/verify` answer and checks it is about `document_id`.
pub fn verify_answer(plain: &str, document_id: &str) -> Result<VerifyResponse, ClientError> {
    let response: VerifyResponse = serde_json::from_str(plain).map_err(|e| parse_error(&e))?;
    if response.doc_id != document_id {
        return Err(ClientError::WrongDocument);
    }
    Ok(response)
}

fn status_error(status: u16, text: &str) -> ClientError {
    ClientError::Status {
        status,
        body: BodyDigest::of(text),
    }
}

/// Today's UTC date, for document expiry.
pub fn today() -> id_documents::Date {
    id_documents::Date::from_unix(unix_now())
        .unwrap_or_else(|| unreachable!("the clock gives a real date"))
}

/// Unix seconds.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(dns: &str) -> TenantConfig {
        TenantConfig {
            tenant_dns: dns.into(),
            community: "default".into(),
            license_key: "k".into(),
            dvc_id: "d".into(),
            app_id: "a".into(),
            timeout: Duration::from_secs(1),
        }
    }

    #[test]
    fn tenant_dns_defaults_to_https() {
        assert_eq!(
            cfg("acme.1kosmos.net").base_url(),
            "https://acme.1kosmos.net"
        );
        assert_eq!(
            cfg("http://127.0.0.1:7070/").base_url(),
            "http://127.0.0.1:7070"
        );
    }

    #[test]
    fn debug_output_hides_the_license_key() {
        let mut c = cfg("x");
        c.license_key = "SECRET-LICENSE".into();
        assert!(!format!("{c:?}").contains("SECRET-LICENSE"));
    }

    #[test]
    fn only_an_enveloped_answer_opens_and_plaintext_never_decides() {
        let a = KeyPair::generate();
        let b = KeyPair::generate();
        let key = a.shared_key(&b.public_key_b64()).unwrap();
        let sealed = serde_json::json!({"data": key.encrypt("{\"ok\":true}"), "publicKey": "x"});
        assert_eq!(
            open_response(&key, &sealed.to_string()).unwrap(),
            "{\"ok\":true}"
        );
        let all_verified =
            r#"{"docId":"v1","certifications":[{"type":"dl_verify","verified":true}]}"#;
        for plain in [all_verified, "", "<html>oops</html>", "{\"data\":", "null"] {
            assert!(
                matches!(open_response(&key, plain), Err(ClientError::Unsealed)),
                "{plain:?}"
            );
        }
        let forged = serde_json::json!({"data": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="});
        assert!(matches!(
            open_response(&key, &forged.to_string()),
            Err(ClientError::Envelope(_))
        ));
        let other_key = b.shared_key(&KeyPair::generate().public_key_b64()).unwrap();
        let sealed_for_someone_else = serde_json::json!({"data": other_key.encrypt(all_verified)});
        assert!(open_response(&key, &sealed_for_someone_else.to_string()).is_err());
    }

    #[test]
    fn a_verify_answer_must_name_our_document_and_be_a_real_answer() {
        let ok = r#"{"docId":"v1","certifications":[]}"#;
        assert!(verify_answer(ok, "v1").is_ok());
        assert!(matches!(
            verify_answer(ok, "v2"),
            Err(ClientError::WrongDocument)
        ));
        for bad in [r#"{"code":400,"message":"x"}"#, "{}", "[]", "{\"docId\":"] {
            assert!(matches!(
                verify_answer(bad, "v1"),
                Err(ClientError::Parse(_))
            ));
        }
    }

    #[test]
    fn tenants_are_https_except_on_loopback() {
        for ok in [
            "https://acme.1kosmos.net",
            "http://127.0.0.1:7070",
            "http://localhost:7070",
            "http://[::1]:7070",
        ] {
            assert!(require_secure(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://acme.1kosmos.net",
            "http://10.0.0.5",
            "http://localhost.evil.example",
            "ftp://127.0.0.1",
            "not a url",
        ] {
            assert!(require_secure(bad).is_err(), "{bad}");
        }
        assert!(Client::new(cfg("http://acme.1kosmos.net"), KeyPair::generate()).is_err());
        assert!(Client::new(cfg("acme.1kosmos.net"), KeyPair::generate()).is_ok());
    }
}
