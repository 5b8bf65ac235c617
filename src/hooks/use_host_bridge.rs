//! The host page, once its origin is known: say `ready`, act on its messages (`configure`,
//! `cancel`), and report the content height as it changes. Messages that were ignored (wrong
//! origin or window, malformed, unknown) are counted for a diagnostic attribute, never acted
//! upon.

use idv_wire::protocol::{HostMessage, WidgetMessage};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::bridge;
use crate::journey::{Action, Journey};

/// Listens to the host at `origin` (when known); returns how many messages were ignored.
#[hook]
pub fn use_host_bridge(journey: &UseReducerHandle<Journey>, origin: Option<String>) -> u32 {
    let ignored = use_state_eq(|| 0u32);
    {
        let journey = journey.clone();
        let ignored = ignored.clone();
        use_effect_with(origin, move |origin| {
            let guards = origin.clone().map(|o| {
                bridge::post(&o, WidgetMessage::Ready {});
                let counter = std::rc::Rc::new(std::cell::Cell::new(0u32));
                let listener = bridge::listen(o.clone(), move |m| match m {
                    Ok(HostMessage::Configure { locale: Some(l) }) => {
                        journey.dispatch(Action::SetLocale(l))
                    }
                    Ok(HostMessage::Configure { locale: None }) => {}
                    Ok(HostMessage::Cancel {}) => journey.dispatch(Action::HostCancelled),
                    Err(_) => {
                        counter.set(counter.get() + 1);
                        ignored.set(counter.get());
                    }
                });
                (listener, observe_height(o))
            });
            move || drop(guards)
        });
    }
    *ignored
}

/// Reports the content height while alive; disconnects when dropped.
struct HeightReporter {
    observer: web_sys::ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl Drop for HeightReporter {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Posts `resize` with the content height whenever it changes.
fn observe_height(origin: String) -> Option<HeightReporter> {
    let body = web_sys::window()?.document()?.body()?;
    let measured = body.clone();
    let callback = Closure::<dyn FnMut()>::new(move || {
        let height = u32::try_from(measured.scroll_height()).unwrap_or_default();
        bridge::post(&origin, WidgetMessage::Resize { height });
    });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&body);
    Some(HeightReporter {
        observer,
        _callback: callback,
    })
}
