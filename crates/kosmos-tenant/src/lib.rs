//! A local 1Kosmos tenant: `/caas/sd`, `/docuverify/publickeys` and `/docuverify/verify` with the
//! real envelope, headers and plaintext errors. It decides by the test controls in [`scenario`].

pub mod inspect;
pub mod scenario;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use docuverify::client::{today, unix_now};
use docuverify::wire::{
    EncryptedBody, PlainError, PublicKeyResponse, RequestId, ServiceDirectory, VerifyRequest,
};
use docuverify::{KeyPair, SharedKey};
use scenario::{PatientCheck, Scenario};

/// The journeys of the local tenant: `dvcID=check,check;dvcID=…`. A document-only journey and
/// a document + selfie one (the gateway's default).
pub const DEFAULT_JOURNEYS: &str = "local_doc_selfie=dl_authenticate,dl_verify,\
ppt_authenticate,ppt_verify,idcard_authenticate,idcard_verify,face_liveness,face_compare;\
local_doc_only=dl_authenticate,dl_verify,ppt_authenticate,ppt_verify,idcard_authenticate,\
idcard_verify";

/// Parses `dvcID=check,check;dvcID=…`.
pub fn parse_journeys(spec: &str) -> Result<BTreeMap<String, Vec<String>>, String> {
    spec.split(';')
        .map(str::trim)
        .filter(|j| !j.is_empty())
        .map(|j| {
            let (id, checks) = j
                .split_once('=')
                .ok_or_else(|| format!("journey {j:?} needs dvcID=checks"))?;
            let checks: Vec<String> = checks
                .split(',')
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty())
                .collect();
            Ok((id.trim().to_owned(), checks))
        })
        .collect()
}

/// How far a `requestid` timestamp may be from the tenant's clock.
pub const MAX_CLOCK_SKEW_SECS: i64 = 300;

/// How a local tenant behaves: its licence key, journeys, keys and test delays.
#[derive(Debug, Clone)]
pub struct TenantSettings {
    /// The license key every request must carry.
    pub license_key: String,
    /// The verification journeys this tenant knows: dvcID → the checks it runs.
    pub journeys: BTreeMap<String, Vec<String>>,
    /// The tenant's secp256k1 key pair (its public key is published at `/docuverify/publickeys`).
    pub keys: KeyPair,
    /// How long a `Slowpoke` answer waits.
    pub slow_delay: Duration,
    /// Whether the tenant compares the document with the patient itself (the default), or
    /// only reads it and says "verified", as a journey without those modules would.
    pub patient_check: PatientCheck,
}

/// A local 1Kosmos tenant: its settings and what it remembers between requests.
#[derive(Clone)]
pub struct Tenant {
    settings: Arc<TenantSettings>,
    /// requestid uuids seen in the last [`MAX_CLOCK_SKEW_SECS`] × 2, for replay detection.
    seen: Arc<Mutex<HashMap<String, i64>>>,
    /// Hosted capture sessions by sessionId.
    share_sessions: Arc<Mutex<HashMap<String, ShareSession>>>,
}

impl Tenant {
    /// A tenant that has seen no request yet.
    pub fn new(settings: TenantSettings) -> Self {
        Self {
            settings: Arc::new(settings),
            seen: Arc::default(),
            share_sessions: Arc::default(),
        }
    }

    /// Its public key, base64, as `/docuverify/publickeys` publishes it.
    pub fn public_key_b64(&self) -> String {
        self.settings.keys.public_key_b64()
    }

    /// Every route of the docuverify surface it speaks.
    pub fn router(self) -> Router {
        Router::new()
            .route("/caas/sd", get(service_directory))
            .route("/docuverify/publickeys", get(public_keys))
            .route("/docuverify/verify", post(verify))
            .route(
                "/docuverify/document_share_session/create",
                post(create_share_session),
            )
            .route(
                "/docuverify/v3/document_share_session/result",
                post(share_session_result_v3),
            )
            .route(
                "/docuverify/document_share_session/result",
                post(share_session_result_legacy),
            )
            .route(
                "/docuverify/capture/{session_id}",
                post(complete_share_session),
            )
            // Three images at the per-image cap, base64, plus the envelope.
            .layer(DefaultBodyLimit::max(
                3 * inspect::MAX_IMAGE_BYTES / 3 * 4 + 64 * 1024,
            ))
            .with_state(self)
    }

    /// Records a requestid uuid; false when it was already used.
    fn first_use(&self, uuid: &str, ts: i64) -> bool {
        let now = unix_now();
        let mut seen = lock(&self.seen);
        seen.retain(|_, t| now - *t <= 2 * MAX_CLOCK_SKEW_SECS);
        seen.insert(uuid.to_owned(), ts).is_none()
    }
}

/// A hosted capture session: for which journey and user, and what its capture page read once
/// someone completed it (`POST /docuverify/capture/{sessionId}`); until then it is in progress.
#[derive(Clone)]
struct ShareSession {
    dvc: String,
    last_name: String,
    completed: Option<serde_json::Value>,
}

/// A plaintext `{code, message}` error, as 1Kosmos sends them.
struct TenantError(StatusCode, &'static str);

impl IntoResponse for TenantError {
    fn into_response(self) -> Response {
        let body = PlainError {
            code: self.0.as_u16(),
            message: self.1.to_owned(),
        };
        (self.0, Json(body)).into_response()
    }
}

fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

async fn service_directory(headers: HeaderMap) -> Json<ServiceDirectory> {
    let base = base_url(&headers);
    let mut other = serde_json::Map::new();
    for name in ["sessions", "adminconsole", "idproofing", "reports"] {
        other.insert(name.into(), format!("{base}/{name}").into());
    }
    Json(ServiceDirectory {
        docuverify: format!("{base}/docuverify"),
        licenses: format!("{base}/licenses"),
        other,
    })
}

async fn public_keys(State(t): State<Tenant>) -> Json<PublicKeyResponse> {
    Json(PublicKeyResponse {
        public_key: t.public_key_b64(),
    })
}

/// Checks the three headers; returns the shared key for the body and the answer.
fn authenticate(t: &Tenant, headers: &HeaderMap) -> Result<SharedKey, TenantError> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let caller = header("publickey").ok_or(TenantError(
        StatusCode::UNAUTHORIZED,
        "publickey header is required",
    ))?;
    let key = t
        .settings
        .keys
        .shared_key(caller)
        .map_err(|_| TenantError(StatusCode::UNAUTHORIZED, "invalid publickey"))?;
    let license = header("licensekey")
        .and_then(|v| key.decrypt(v).ok())
        .ok_or(TenantError(StatusCode::UNAUTHORIZED, "invalid licensekey"))?;
    if license != t.settings.license_key {
        return Err(TenantError(StatusCode::UNAUTHORIZED, "invalid licensekey"));
    }
    let request_id: RequestId = header("requestid")
        .and_then(|v| key.decrypt(v).ok())
        .and_then(|s| serde_json::from_str(&s).ok())
        .ok_or(TenantError(StatusCode::UNAUTHORIZED, "invalid requestid"))?;
    if (unix_now() - request_id.ts).abs() > MAX_CLOCK_SKEW_SECS {
        return Err(TenantError(StatusCode::UNAUTHORIZED, "requestid expired"));
    }
    if !t.first_use(&request_id.uuid, request_id.ts) {
        return Err(TenantError(StatusCode::UNAUTHORIZED, "requestid replayed"));
    }
    Ok(key)
}

/// Authenticates, decrypts the body and checks its dvcID (400 missing, 400 empty, 404 unknown).
fn open_request(
    t: &Tenant,
    headers: &HeaderMap,
    body: &str,
) -> Result<(SharedKey, serde_json::Value, String), TenantError> {
    let key = authenticate(t, headers)?;
    let plain = serde_json::from_str::<EncryptedBody>(body)
        .ok()
        .and_then(|b| key.decrypt(&b.data).ok())
        .ok_or(TenantError(
            StatusCode::BAD_REQUEST,
            "could not decrypt data",
        ))?;
    let value: serde_json::Value = serde_json::from_str(&plain)
        .map_err(|_| TenantError(StatusCode::BAD_REQUEST, "data is not JSON"))?;
    let dvc = match value.get("dvcID") {
        None | Some(serde_json::Value::Null) => {
            return Err(TenantError(StatusCode::BAD_REQUEST, "dvcID is required"))
        }
        Some(serde_json::Value::String(s)) if s.is_empty() => {
            return Err(TenantError(
                StatusCode::BAD_REQUEST,
                "dvcID is not allowed to be empty",
            ))
        }
        Some(serde_json::Value::String(s)) if t.settings.journeys.contains_key(s) => s.clone(),
        _ => return Err(TenantError(StatusCode::NOT_FOUND, "dvcID not found")),
    };
    Ok((key, value, dvc))
}

fn sealed(
    t: &Tenant,
    key: &SharedKey,
    answer: &impl serde::Serialize,
) -> Result<Response, TenantError> {
    let json = serde_json::to_string(answer)
        .map_err(|_| TenantError(StatusCode::INTERNAL_SERVER_ERROR, "internal error"))?;
    Ok(Json(EncryptedBody {
        data: key.encrypt(&json),
        public_key: Some(t.public_key_b64()),
    })
    .into_response())
}

/// `POST /docuverify/document_share_session/create`: a hosted capture session. Answers in
/// plaintext `{sessionId, url}`, as 1Kosmos does.
async fn create_share_session(
    State(t): State<Tenant>,
    headers: HeaderMap,
    body: String,
) -> Result<Response, TenantError> {
    let (_, value, dvc) = open_request(&t, &headers, &body)?;
    let request: docuverify::wire::ShareSessionCreate = serde_json::from_value(value)
        .map_err(|_| TenantError(StatusCode::BAD_REQUEST, "invalid sessionRequest"))?;
    let session_id = uuid::Uuid::new_v4().to_string();
    let host = base_url(&headers);
    let last_name = request
        .session_request
        .user
        .lastname
        .clone()
        .unwrap_or_default();
    lock(&t.share_sessions).insert(
        session_id.clone(),
        ShareSession {
            dvc,
            last_name,
            completed: None,
        },
    );
    Ok(Json(docuverify::wire::ShareSessionCreated {
        url: format!("{host}/docuverify/capture/{session_id}"),
        session_id,
    })
    .into_response())
}

async fn share_session_result_v3(
    State(t): State<Tenant>,
    headers: HeaderMap,
    body: String,
) -> Result<Response, TenantError> {
    share_session_result(&t, &headers, &body, false)
}

/// The unversioned alias answers with the `reason_code` spelling seen in one 1Kosmos sample.
async fn share_session_result_legacy(
    State(t): State<Tenant>,
    headers: HeaderMap,
    body: String,
) -> Result<Response, TenantError> {
    share_session_result(&t, &headers, &body, true)
}

fn share_session_result(
    t: &Tenant,
    headers: &HeaderMap,
    body: &str,
    snake_case_reason: bool,
) -> Result<Response, TenantError> {
    let (key, value, dvc) = open_request(t, headers, body)?;
    let session_id = value
        .get("sessionId")
        .and_then(|v| v.as_str())
        .ok_or(TenantError(
            StatusCode::BAD_REQUEST,
            "sessionId is required",
        ))?;
    let session = lock(&t.share_sessions)
        .get(session_id)
        .cloned()
        .ok_or(TenantError(StatusCode::NOT_FOUND, "session not found"))?;
    if session.dvc != dvc {
        return Err(TenantError(StatusCode::NOT_FOUND, "session not found"));
    }
    let answer = scenario::share_session_result(
        session_id,
        &session.last_name,
        session.completed.as_ref(),
        snake_case_reason,
    );
    sealed(t, &key, &answer)
}

/// `POST /docuverify/capture/{sessionId}` (the capture page's address that `create` hands out):
/// the local stand-in for a user finishing 1Kosmos's hosted page. The body is what the page
/// read, `{"extractedInfo": {…}}`; the session then reads SUCCESS with it. Once only.
async fn complete_share_session(
    State(t): State<Tenant>,
    Path(session_id): Path<String>,
    body: String,
) -> Result<Response, TenantError> {
    let info = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("extractedInfo").filter(|i| i.is_object()).cloned())
        .ok_or(TenantError(
            StatusCode::BAD_REQUEST,
            "extractedInfo (an object) is required",
        ))?;
    let mut sessions = lock(&t.share_sessions);
    let session = sessions
        .get_mut(&session_id)
        .ok_or(TenantError(StatusCode::NOT_FOUND, "session not found"))?;
    if session.completed.is_some() {
        return Err(TenantError(
            StatusCode::CONFLICT,
            "session already completed",
        ));
    }
    session.completed = Some(info);
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn verify(
    State(t): State<Tenant>,
    headers: HeaderMap,
    body: String,
) -> Result<Response, TenantError> {
    let (key, value, dvc) = open_request(&t, &headers, &body)?;
    let request: VerifyRequest = serde_json::from_value(value)
        .map_err(|_| TenantError(StatusCode::BAD_REQUEST, "invalid verify request"))?;
    let reverify = request.document.doc_type == docuverify::journey::LIVEID_TYPE;
    let journey = t.settings.journeys.get(&dvc).cloned().unwrap_or_default();
    let document_check = docuverify::journey::DocKind::from_type_code(&request.document.doc_type)
        .map(docuverify::journey::DocKind::document_check);
    let today = today();
    let scenario = if reverify {
        scenario::reverify_scenario(&request)
    } else if !document_check.is_some_and(|c| journey.iter().any(|j| j == c)) {
        // Not a document type this journey accepts.
        Scenario::Answer(scenario::unsupported_document())
    } else {
        scenario::scenario_for(&request, today, t.settings.patient_check)
    };
    let outcome = match scenario {
        Scenario::ServerError => {
            return Err(TenantError(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error",
            ))
        }
        Scenario::Slow(o) => {
            tokio::time::sleep(t.settings.slow_delay).await;
            o
        }
        Scenario::Answer(o) => o,
    };
    // What was read is reported whatever the outcome, as 1Kosmos's extraction is.
    let reading = if reverify {
        None
    } else {
        scenario::read_document(&request, today.year).ok().flatten()
    };
    tracing::info!(doc_type = %request.document.doc_type, ?outcome, "verify answered");
    let answer = scenario::response_for(&request, &outcome, reading.as_ref());
    sealed(&t, &key, &answer)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Serves the tenant on a bound listener until the process ends.
pub async fn serve(tenant: Tenant, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(listener, tenant.router()).await
}
