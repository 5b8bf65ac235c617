//! Thin `fetch` shell for the gateway's widget API (same origin as the widget).

use idv_wire::submit_fields as fields;
use idv_wire::{
    paths, ConsentRequest, DocumentType, ErrorCode, HandoffCreated, HandoffProgress, HandoffRedeem,
    HandoffRedeemed, SessionConfig, SubmitAccepted, VerificationProgress,
};
use js_sys::{Array, Uint8Array};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, FormData, Headers, Request, RequestInit, Response};

use crate::journey::{Capture, PhoneIntro};
use crate::launch::Launch;

/// A failed call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// No answer: the network failed (or the browser would not send the request).
    Network,
    /// An answer that is not what the API documents.
    Unexpected {
        /// Its HTTP status.
        status: u16,
    },
    /// The gateway refused, with its error code.
    Refused {
        /// The HTTP status.
        status: u16,
        /// The gateway's code.
        code: ErrorCode,
    },
}

impl ApiFailure {
    fn network() -> Self {
        Self::Network
    }

    /// The HTTP status; 0 when there was no answer.
    pub fn status(&self) -> u16 {
        match self {
            Self::Network => 0,
            Self::Unexpected { status } | Self::Refused { status, .. } => *status,
        }
    }

    /// The code the host is told: the gateway's, or `network` / `unexpected_response`.
    pub fn code(&self) -> &str {
        match self {
            Self::Network => "network",
            Self::Unexpected { .. } => "unexpected_response",
            Self::Refused { code, .. } => code.as_str(),
        }
    }
}

/// The path of a session's route (`paths::CONSENT`, …) for this launch.
fn session_url(launch: &Launch, template: &str) -> String {
    paths::fill(template, &[("id", &launch.session_id)])
}

/// One call, its JSON answer read as `T`. Only this small part is generic: the request itself
/// ([`fetch_text`]) is compiled once, which keeps the first screen's wasm small.
async fn call<T: DeserializeOwned>(
    method: &str,
    url: &str,
    launch: Option<&Launch>,
    body: Option<&JsValue>,
    extra: &[(&str, &str)],
) -> Result<T, ApiFailure> {
    json(fetch_text(method, url, launch, body, extra).await)
}

/// A 2xx answer's JSON as `T`, or the failure.
fn json<T: DeserializeOwned>(answer: Result<(u16, String), ApiFailure>) -> Result<T, ApiFailure> {
    let (status, text) = answer?;
    serde_json::from_str(&text).map_err(|_| ApiFailure::Unexpected { status })
}

/// Sends a request; a 2xx answer's status and text, or the failure with the gateway's code.
async fn fetch_text(
    method: &str,
    url: &str,
    launch: Option<&Launch>,
    body: Option<&JsValue>,
    extra: &[(&str, &str)],
) -> Result<(u16, String), ApiFailure> {
    let headers = Headers::new().map_err(|_| ApiFailure::network())?;
    if let Some(launch) = launch {
        let auth = format!("Bearer {}", launch.token);
        headers
            .set("Authorization", &auth)
            .map_err(|_| ApiFailure::network())?;
    }
    for (k, v) in extra {
        headers.set(k, v).map_err(|_| ApiFailure::network())?;
    }
    let init = RequestInit::new();
    init.set_method(method);
    init.set_headers(&headers);
    if let Some(body) = body {
        init.set_body(body);
    }
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| ApiFailure::network())?;
    let window = web_sys::window().ok_or_else(ApiFailure::network)?;
    read(window.fetch_with_request(&request)).await
}

/// A `fetch`'s answer: a 2xx answer's status and text, or the failure with the gateway's code.
async fn read(pending: js_sys::Promise) -> Result<(u16, String), ApiFailure> {
    let response: Response = JsFuture::from(pending)
        .await
        .map_err(|_| ApiFailure::network())?
        .dyn_into()
        .map_err(|_| ApiFailure::network())?;
    let text = JsFuture::from(response.text().map_err(|_| ApiFailure::network())?)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .unwrap_or_default();
    let status = response.status();
    if !response.ok() {
        return Err(match serde_json::from_str::<idv_wire::ApiError>(&text) {
            Ok(e) => ApiFailure::Refused {
                status,
                code: e.error,
            },
            Err(_) => ApiFailure::Unexpected { status },
        });
    }
    Ok((status, text))
}

/// The session request the page's loader started (`static/session-prefetch.js`), taken once,
/// when it was for this very session and token.
fn prefetched(launch: &Launch) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let key = JsValue::from_str("idvSessionPrefetch");
    let prefetch = js_sys::Reflect::get(&window, &key).ok()?;
    if prefetch.is_undefined() {
        return None;
    }
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let field = |name: &str| js_sys::Reflect::get(&prefetch, &name.into()).ok();
    let same = field("session")?.as_string()? == launch.session_id
        && field("token")?.as_string()? == launch.token;
    same.then(|| field("response")?.dyn_into().ok())?
}

/// The session's view (`GET` [`paths::CAPTURE_SESSION`]), from the loader's request when it
/// started one.
pub async fn load_session(launch: &Launch) -> Result<SessionConfig, ApiFailure> {
    match prefetched(launch) {
        Some(pending) => json(read(pending).await),
        None => {
            call(
                "GET",
                &session_url(launch, paths::CAPTURE_SESSION),
                Some(launch),
                None,
                &[],
            )
            .await
        }
    }
}

/// Where an OpenID Connect journey sends the patient back (`POST` [`paths::OIDC_RETURN`]): the
/// `redirect_to` of its [`idv_wire::ReturnToClient`] answer, read with the browser's own JSON
/// parser (one string: a serde reader for it would cost the first screen about a kilobyte).
pub async fn return_to_client(launch: &Launch) -> Result<String, ApiFailure> {
    let (status, text) = fetch_text(
        "POST",
        &session_url(launch, paths::OIDC_RETURN),
        Some(launch),
        None,
        &[],
    )
    .await?;
    js_sys::JSON::parse(&text)
        .ok()
        .and_then(|v| js_sys::Reflect::get(&v, &JsValue::from_str("redirect_to")).ok())
        .and_then(|v| v.as_string())
        .ok_or(ApiFailure::Unexpected { status })
}

/// The patient's answer to the consent screen: both consents, or neither.
pub async fn send_consent(launch: &Launch, accepted: bool) -> Result<SessionConfig, ApiFailure> {
    let body = serde_json::to_string(&ConsentRequest {
        accepted,
        biometric: accepted,
    })
    .unwrap_or_default();
    call(
        "POST",
        &session_url(launch, paths::CONSENT),
        Some(launch),
        Some(&JsValue::from_str(&body)),
        &[("Content-Type", "application/json")],
    )
    .await
}

fn jpeg_blob(capture: &Capture) -> Result<Blob, ApiFailure> {
    let bytes = Uint8Array::from(capture.jpeg.as_slice());
    let parts = Array::of1(&bytes);
    let options = BlobPropertyBag::new();
    options.set_type("image/jpeg");
    Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| ApiFailure::network())
}

/// Sends every capture in one multipart request, with `texts` (a wallet's licence: its
/// request and answer) as plain fields.
pub async fn submit(
    launch: &Launch,
    idempotency_key: &str,
    document: Option<DocumentType>,
    images: &[(&str, &Capture)],
    texts: &[(&str, &str)],
) -> Result<SubmitAccepted, ApiFailure> {
    let form = FormData::new().map_err(|_| ApiFailure::network())?;
    if let Some(d) = document {
        form.append_with_str(fields::DOCUMENT_TYPE, d.as_str())
            .map_err(|_| ApiFailure::network())?;
    }
    for (name, value) in texts {
        form.append_with_str(name, value)
            .map_err(|_| ApiFailure::network())?;
    }
    for (name, capture) in images {
        form.append_with_blob_and_filename(name, &jpeg_blob(capture)?, &format!("{name}.jpg"))
            .map_err(|_| ApiFailure::network())?;
    }
    let from_files: Vec<&str> = images
        .iter()
        .filter(|(_, c)| c.from_file)
        .map(|(name, _)| *name)
        .collect();
    if !from_files.is_empty() {
        form.append_with_str(fields::FROM_FILES, &from_files.join(","))
            .map_err(|_| ApiFailure::network())?;
    }
    call(
        "POST",
        &session_url(launch, paths::SUBMIT),
        Some(launch),
        Some(&form.into()),
        &[(fields::IDEMPOTENCY_HEADER, idempotency_key)],
    )
    .await
}

/// Where verification `verification_id` stands (polled until final).
pub async fn progress(
    launch: &Launch,
    verification_id: &str,
) -> Result<VerificationProgress, ApiFailure> {
    call(
        "GET",
        &paths::fill(
            paths::PROGRESS,
            &[("id", &launch.session_id), ("vid", verification_id)],
        ),
        Some(launch),
        None,
        &[],
    )
    .await
}

/// A new "Continue on your phone" link for this session.
pub async fn create_handoff(launch: &Launch) -> Result<HandoffCreated, ApiFailure> {
    call(
        "POST",
        &session_url(launch, paths::HANDOFF),
        Some(launch),
        None,
        &[],
    )
    .await
}

/// Where the phone stands, following the links made since handoff `from`.
pub async fn handoff_progress(launch: &Launch, from: &str) -> Result<HandoffProgress, ApiFailure> {
    call(
        "GET",
        &format!("{}?from={from}", session_url(launch, paths::HANDOFF)),
        Some(launch),
        None,
        &[],
    )
    .await
}

/// Redeems a handoff link's token or a typed code for this phone's own launch, and what the
/// phone shows first.
pub async fn redeem_handoff(request: &HandoffRedeem) -> Result<(Launch, PhoneIntro), ApiFailure> {
    let body = serde_json::to_string(request).unwrap_or_default();
    let redeemed: HandoffRedeemed = call(
        "POST",
        paths::REDEEM,
        None,
        Some(&JsValue::from_str(&body)),
        &[("Content-Type", "application/json")],
    )
    .await?;
    let intro = PhoneIntro::from(&redeemed);
    Ok((
        Launch {
            session_id: redeemed.session_id,
            token: redeemed.token,
        },
        intro,
    ))
}

/// Ends this session's handoffs: from the computer ("Use this device instead") every phone's,
/// from a phone its own (`DELETE` [`paths::HANDOFF`]).
pub async fn end_handoff(launch: &Launch) -> Result<(), ApiFailure> {
    fetch_text(
        "DELETE",
        &session_url(launch, paths::HANDOFF),
        Some(launch),
        None,
        &[],
    )
    .await
    .map(|_| ())
}

/// A string field of a JSON answer read with the browser's own parser (a serde reader for a
/// few strings would cost the first screen more than the code it saves).
fn field(json: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(json, &JsValue::from_str(key))
        .ok()?
        .as_string()
}

/// A request for the patient's wallet (`POST` [`paths::MDL_REQUEST`]): its
/// [`idv_wire::MdlRequest`] as the browser parsed it (handed on as is to
/// [`crate::wallet::ask`]) and its `request_id`.
pub async fn mdl_request(launch: &Launch) -> Result<(JsValue, String), ApiFailure> {
    let (status, text) = fetch_text(
        "POST",
        &session_url(launch, paths::MDL_REQUEST),
        Some(launch),
        None,
        &[],
    )
    .await?;
    let json = js_sys::JSON::parse(&text).map_err(|_| ApiFailure::Unexpected { status })?;
    let id = field(&json, "request_id").ok_or(ApiFailure::Unexpected { status })?;
    Ok((json, id))
}

/// The wallet's answer to request `request_id`, checked by the gateway at once
/// (`POST` [`paths::MDL_RESPONSE`], an [`idv_wire::MdlAnswer`]): the licence's issuing
/// authority when it was accepted.
pub async fn mdl_response(
    launch: &Launch,
    request_id: &str,
    response: &str,
) -> Result<String, ApiFailure> {
    let body = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&body, &"request_id".into(), &request_id.into());
    let _ = js_sys::Reflect::set(&body, &"response".into(), &response.into());
    let body = js_sys::JSON::stringify(&body).map_err(|_| ApiFailure::network())?;
    let (status, text) = fetch_text(
        "POST",
        &session_url(launch, paths::MDL_RESPONSE),
        Some(launch),
        Some(&body.into()),
        &[("Content-Type", "application/json")],
    )
    .await?;
    js_sys::JSON::parse(&text)
        .ok()
        .and_then(|v| field(&v, "issuing_authority"))
        .ok_or(ApiFailure::Unexpected { status })
}

/// An object URL for showing a capture; revoke it when done.
pub fn object_url(capture: &Capture) -> Option<String> {
    let blob = jpeg_blob(capture).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// A random id from `crypto.randomUUID()`.
pub fn random_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{}", js_sys::Math::random()))
}
