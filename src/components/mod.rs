//! One component per screen, plus the root [`app::App`].

/// The widget root.
pub mod app;
pub(crate) mod camera_problem;
mod camera_view;
mod capture;
pub(crate) mod choose_document;
mod consent;
pub(crate) mod declined;
mod enter_code;
mod file_picker;
mod handoff;
pub(crate) mod launch_error;
/// The phone's first screen and the early ends.
pub mod phone;
pub(crate) mod result;
mod review;
mod sending;
mod use_anyway;
pub(crate) mod wallet;

use std::rc::Rc;

use idv_wire::Locale;
use yew::prelude::*;

use crate::i18n::{t, Key, Text};
use crate::journey::Journey;
use crate::launch::Launch;
use crate::vision::VisionWorker;

pub use capture::CaptureScreen;
pub use consent::ConsentScreen;
pub use enter_code::EnterCodeScreen;
pub use file_picker::FilePicker;
pub use handoff::HandoffScreen;
pub use review::ReviewScreen;
pub use sending::SendingScreen;
pub use wallet::WalletScreen;

/// What every screen can reach: the journey, the launch credentials and the analysis worker.
#[derive(Clone, PartialEq)]
pub struct JourneyContext {
    /// The journey and its dispatcher.
    pub journey: UseReducerHandle<Journey>,
    /// The session and its capture token, once known.
    pub launch: Option<Rc<Launch>>,
    /// The analysis worker, started with the widget so it loads during the consent screen.
    pub vision: Rc<VisionWorker>,
    /// A phone redeemed a handoff code: start the journey with its launch.
    pub on_linked: Callback<(Launch, crate::journey::PhoneIntro)>,
}

impl JourneyContext {
    /// The journey's language.
    pub fn locale(&self) -> Locale {
        self.journey.locale
    }

    /// `text` (a [`Text`] or a plain message's `Key`) in the patient's language.
    pub fn text(&self, text: impl Into<Text>) -> &'static str {
        t(self.locale(), text)
    }

    /// The host page's origin, once the session names it.
    pub fn host_origin(&self) -> Option<String> {
        self.journey.config.as_ref().map(|c| c.host_origin.clone())
    }
}

/// The journey context of the screen being rendered.
#[hook]
pub fn use_journey() -> JourneyContext {
    use_context::<JourneyContext>().expect("screens render inside the App's context provider")
}

/// The screen's title; the App moves focus to it on every screen change.
pub fn title(text: &str) -> Html {
    html! { <h1 id="screen-title" tabindex="-1">{ text }</h1> }
}

/// A button that dispatches a journey action.
pub fn action_button(
    ctx: &JourneyContext,
    label: impl Into<Text>,
    class: &'static str,
    action: crate::journey::Action,
) -> Html {
    let label = label.into();
    let journey = ctx.journey.clone();
    let onclick = Callback::from(move |_| journey.dispatch(action.clone()));
    html! { <button type="button" class={classes!("btn", class)} {onclick}>{ ctx.text(label) }</button> }
}

/// "Continue on your phone", where the journey offers it (see `Journey::offers_phone`).
pub fn phone_button(ctx: &JourneyContext) -> Html {
    if !ctx.journey.offers_phone() {
        return html! {};
    }
    let journey = ctx.journey.clone();
    let onclick =
        Callback::from(move |_| journey.dispatch(crate::journey::Action::ContinueOnPhone));
    html! {
        <button type="button" class="btn secondary continue-on-phone" {onclick}>
            { ctx.text(Key::HandoffOffer) }
        </button>
    }
}

/// How to reach a person: the session's support contact (a sentence, a phone number to call, a
/// page to open), or, without one, the advice to contact the clinic.
pub fn support_note(ctx: &JourneyContext) -> Html {
    let support = ctx.journey.config.as_ref().and_then(|c| c.support.clone());
    let Some(s) = support.filter(|s| s.text.is_some() || s.phone.is_some() || s.url.is_some())
    else {
        return html! { <p class="note support">{ ctx.text(Key::NeedHelp) }</p> };
    };
    html! {
        <div class="note support">
            <p>
                { ctx.text(Key::SupportIntro) }
                if let Some(text) = &s.text { { " " }{ text } }
            </p>
            if let (Some(phone), Some(tel)) = (&s.phone, s.tel_uri()) {
                <p>{ ctx.text(Key::SupportCall) }{ " " }<a href={tel}>{ phone }</a></p>
            }
            if let Some(url) = &s.url {
                <p><a href={url.clone()} target="_blank" rel="noopener noreferrer">
                    { ctx.text(Key::SupportOtherWays) }
                </a></p>
            }
        </div>
    }
}

/// Whether the journey was started by an OpenID Connect client (full page): its final screens
/// send the patient back there instead of asking a host page to close the widget.
pub fn returns_to_client(ctx: &JourneyContext) -> bool {
    ctx.journey
        .config
        .as_ref()
        .is_some_and(|c| c.returns_to_client)
}

/// The Close button of final screens: asks the host to close the widget or, in a journey an
/// OpenID Connect client started, sends the patient back to that client (with a code after a
/// PASS; otherwise with the reason it did not pass).
pub fn close_button(ctx: &JourneyContext, label: impl Into<Text>) -> Html {
    let label = label.into();
    let origin = ctx.host_origin();
    let launch = returns_to_client(ctx).then(|| ctx.launch.clone()).flatten();
    let onclick = Callback::from(move |_| {
        if let Some(launch) = launch.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(url) = crate::api::return_to_client(&launch).await {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().assign(&url);
                    }
                }
            });
        } else if let Some(o) = &origin {
            crate::bridge::post(o, idv_wire::protocol::WidgetMessage::Close {});
        }
    });
    html! { <button type="button" class="btn primary close" {onclick}>{ ctx.text(label) }</button> }
}
