//! One component per screen, plus the root [`app::App`].

/// The widget root.
pub mod app;
pub(crate) mod camera_problem;
// The capture screen and the review are the vision work's (issue 16): their docs come with it.
#[allow(missing_docs)]
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
#[allow(missing_docs)]
mod review;
mod sending;

use std::rc::Rc;

use idv_wire::Locale;
use yew::prelude::*;

use crate::i18n::{t, Text};
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
    label: Text,
    class: &'static str,
    action: crate::journey::Action,
) -> Html {
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
            { ctx.text(Text::HandoffOffer) }
        </button>
    }
}

/// How to reach a person: the session's support contact (a sentence, a phone number to call, a
/// page to open), or, without one, the advice to contact the clinic.
pub fn support_note(ctx: &JourneyContext) -> Html {
    let support = ctx.journey.config.as_ref().and_then(|c| c.support.clone());
    let Some(s) = support.filter(|s| s.text.is_some() || s.phone.is_some() || s.url.is_some())
    else {
        return html! { <p class="note support">{ ctx.text(Text::NeedHelp) }</p> };
    };
    html! {
        <div class="note support">
            <p>
                { ctx.text(Text::SupportIntro) }
                if let Some(text) = &s.text { { " " }{ text } }
            </p>
            if let (Some(phone), Some(tel)) = (&s.phone, s.tel_uri()) {
                <p>{ ctx.text(Text::SupportCall) }{ " " }<a href={tel}>{ phone }</a></p>
            }
            if let Some(url) = &s.url {
                <p><a href={url.clone()} target="_blank" rel="noopener noreferrer">
                    { ctx.text(Text::SupportOtherWays) }
                </a></p>
            }
        </div>
    }
}

/// The Close button of final screens: asks the host to close the widget.
pub fn close_button(ctx: &JourneyContext, label: Text) -> Html {
    let origin = ctx.host_origin();
    let onclick = Callback::from(move |_| {
        if let Some(o) = &origin {
            crate::bridge::post(o, idv_wire::protocol::WidgetMessage::Close {});
        }
    });
    html! { <button type="button" class="btn primary" {onclick}>{ ctx.text(label) }</button> }
}
