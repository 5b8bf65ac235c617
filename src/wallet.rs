//! Thin shell over the browser's Digital Credentials API (web-sys has no bindings for it):
//! whether this page can ask the patient's wallet, and the ask itself
//! (`navigator.credentials.get({digital: {requests: [...]}})`). What a refusal means is the
//! journey's ([`crate::journey::ask_failed`]).

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::journey::WalletSupport;

/// The protocol asked: ISO/IEC 18013-7 Annex C (every wallet that speaks the API has it).
pub const PROTOCOL: &str = "org-iso-mdoc";

/// The permissions-policy feature a cross-origin frame needs (`allow="digital-credentials-get"`).
const POLICY_FEATURE: &str = "digital-credentials-get";

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Whether the page is in a frame (a host's iframe).
pub fn framed() -> bool {
    web_sys::window()
        .and_then(|w| w.parent().ok().flatten().map(|p| p != w))
        .unwrap_or(false)
}

/// Whether this browser can ask a wallet for an mdoc here: `DigitalCredential` exists and, where
/// it can say, allows `org-iso-mdoc`; then whether the host's frame lets this page ask (the
/// permissions policy, read like the camera's; a browser that cannot say is tried, and a
/// refusal naming the policy moves to a top-level window then).
pub fn support() -> WalletSupport {
    let Some(window) = web_sys::window() else {
        return WalletSupport::Unsupported;
    };
    let api = get(&window, "DigitalCredential");
    if api.is_undefined() || api.is_null() {
        return WalletSupport::Unsupported;
    }
    if let Ok(allows) = get(&api, "userAgentAllowsProtocol").dyn_into::<Function>() {
        let allowed = allows
            .call1(&api, &JsValue::from_str(PROTOCOL))
            .ok()
            .and_then(|v| v.as_bool());
        if allowed != Some(true) {
            return WalletSupport::Unsupported;
        }
    }
    let policy = window
        .document()
        .and_then(|d| crate::camera::policy_allows(&d, POLICY_FEATURE));
    if policy == Some(false) {
        WalletSupport::FrameBlocked
    } else {
        WalletSupport::Available
    }
}

/// A rejected ask: the `DOMException`'s name and message.
pub struct AskRejected {
    /// `AbortError`, `NotAllowedError`, …
    pub name: String,
    /// The browser's words (they name the permissions policy when that is the cause).
    pub message: String,
}

impl AskRejected {
    fn of(error: &JsValue) -> Self {
        Self {
            name: get(error, "name").as_string().unwrap_or_default(),
            message: get(error, "message").as_string().unwrap_or_default(),
        }
    }

    fn other() -> Self {
        Self {
            name: String::new(),
            message: String::new(),
        }
    }
}

/// Hands the gateway's request (its JSON as parsed: `protocol`, `device_request`,
/// `encryption_info`) to the wallet and returns the wallet's sealed answer,
/// `credential.data.response` (`data` as an object, or as a JSON string holding `{response}`).
pub async fn ask(request: &JsValue) -> Result<String, AskRejected> {
    let window = web_sys::window().ok_or_else(AskRejected::other)?;
    let credentials = get(&window.navigator(), "credentials");
    let get_fn: Function = get(&credentials, "get")
        .dyn_into()
        .map_err(|_| AskRejected {
            name: "NotSupportedError".into(),
            message: String::new(),
        })?;
    let data = Object::new();
    set(&data, "deviceRequest", &get(request, "device_request"));
    set(&data, "encryptionInfo", &get(request, "encryption_info"));
    let one = Object::new();
    set(&one, "protocol", &get(request, "protocol"));
    set(&one, "data", &data);
    let digital = Object::new();
    set(&digital, "requests", &Array::of1(&one));
    let options = Object::new();
    set(&options, "digital", &digital);
    let pending: Promise = get_fn
        .call1(&credentials, &options)
        .map_err(|e| AskRejected::of(&e))?
        .dyn_into()
        .map_err(|_| AskRejected::other())?;
    let credential = JsFuture::from(pending)
        .await
        .map_err(|e| AskRejected::of(&e))?;
    let mut data = get(&credential, "data");
    if let Some(text) = data.as_string() {
        data = js_sys::JSON::parse(&text).unwrap_or(JsValue::UNDEFINED);
    }
    get(&data, "response")
        .as_string()
        .filter(|r| !r.is_empty())
        .ok_or_else(AskRejected::other)
}

/// Whether another page opened this one (`window.opener`): the wallet's window does.
pub fn opened_by_page() -> bool {
    web_sys::window()
        .and_then(|w| w.opener().ok())
        .is_some_and(|o| !o.is_null() && !o.is_undefined())
}

/// Opens `url` in a new top-level window; false when the browser blocked it.
pub fn open_window(url: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.open_with_url_and_target(url, "_blank").ok().flatten())
        .is_some()
}
