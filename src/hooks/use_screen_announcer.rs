//! Saying where the journey is: on every screen change, focus moves to the screen's title (so a
//! screen reader reads it) and the host is told the step, and the final message of a final
//! screen; the page's `lang` follows the journey's language.

use idv_wire::protocol::WidgetMessage;
use idv_wire::Locale;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::bridge;
use crate::journey::{Ended, Screen};

/// Announces each new `screen` (focus and the host's `step`) and keeps the page's `lang`.
#[hook]
pub fn use_screen_announcer(screen: &Screen, locale: Locale, origin: Option<String>) {
    use_effect_with(screen.clone(), move |screen| {
        focus_title();
        if let Some(o) = &origin {
            bridge::post(
                o,
                WidgetMessage::Step {
                    screen: screen.name().into(),
                },
            );
            if let Some(m) = terminal_message(screen) {
                bridge::post(o, m);
            }
        }
    });
    use_effect_with(locale, |locale| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", locale.as_str());
        }
    });
}

/// The message a final screen sends besides `step`. No personal data.
fn terminal_message(screen: &Screen) -> Option<WidgetMessage> {
    match screen {
        Screen::Result(outcome) => Some(WidgetMessage::Complete {
            status: outcome.status(),
            verification_id: outcome.verification_id().unwrap_or_default().to_owned(),
            reason_code: outcome.reason_code().map(str::to_owned),
            result_token: outcome.result_token().map(str::to_owned),
        }),
        Screen::Cancelled => Some(WidgetMessage::Cancel {
            reason: "host_cancelled".into(),
            resumable: true,
        }),
        Screen::Ended(Ended::Cancelled) => Some(WidgetMessage::Cancel {
            reason: "session_cancelled".into(),
            resumable: false,
        }),
        Screen::Declined => Some(WidgetMessage::Cancel {
            reason: "consent_declined".into(),
            resumable: false,
        }),
        Screen::LaunchFailed(e) => Some(WidgetMessage::Error {
            code: e.code().into(),
        }),
        Screen::CameraProblem { problem, .. } => Some(WidgetMessage::Error {
            code: problem.code().into(),
        }),
        _ => None,
    }
}

fn focus_title() {
    let title = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("screen-title"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(t) = title {
        let _ = t.focus();
    }
}
