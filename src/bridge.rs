//! `postMessage` with the host page: out to the session's exact origin only; in only from that
//! origin and from `window.parent`. The message shapes live in `idv_wire::protocol`.

use idv_wire::protocol::{self, HostMessage, WidgetMessage};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::MessageEvent;

/// Posts a message to the parent at `host_origin`. Never `*`.
pub fn post(host_origin: &str, message: WidgetMessage) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window || host_origin.is_empty() || host_origin == "*" {
        return;
    }
    let json = protocol::encode(message);
    if let Ok(value) = js_sys::JSON::parse(&json) {
        let _ = parent.post_message(&value, host_origin);
    }
}

/// Listens for host messages; dropping the returned guard removes the listener.
pub struct HostListener {
    closure: Closure<dyn FnMut(MessageEvent)>,
}

impl Drop for HostListener {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                "message",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Why a message from outside was not acted upon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejected {
    /// Not from the host's origin.
    WrongOrigin,
    /// Not from the window that frames the widget.
    NotFromParent,
    /// Not a message of the protocol.
    Invalid(protocol::Ignored),
}

/// Calls `on_message` with every message event: the host's messages, or why one was ignored.
pub fn listen(
    host_origin: String,
    on_message: impl Fn(Result<HostMessage, Rejected>) + 'static,
) -> Option<HostListener> {
    let window = web_sys::window()?;
    let closure = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if event.origin() != host_origin {
            return on_message(Err(Rejected::WrongOrigin));
        }
        let from_parent = match (
            event.source(),
            web_sys::window().and_then(|w| w.parent().ok().flatten()),
        ) {
            (Some(source), Some(parent)) => js_sys::Object::is(&source, &JsValue::from(parent)),
            _ => false,
        };
        if !from_parent {
            return on_message(Err(Rejected::NotFromParent));
        }
        let data = event.data();
        let text = if let Some(s) = data.as_string() {
            s
        } else {
            js_sys::JSON::stringify(&data)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default()
        };
        on_message(protocol::decode_host(&text).map_err(Rejected::Invalid));
    });
    window
        .add_event_listener_with_callback("message", closure.as_ref().unchecked_ref())
        .ok()?;
    Some(HostListener { closure })
}
