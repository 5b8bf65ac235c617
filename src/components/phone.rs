//! The phone's first screen after a handoff (who asks, why, since when, and the warning), and
//! the screen of a journey that ended on this device before a decision.

use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::{support_note, title, use_journey};
use crate::api;
use crate::i18n::{Key, Text};
use crate::journey::{ended_by, Action, Ended};

/// `started_at` (RFC 3339) in the phone's local time, in the journey's language; as sent when
/// the browser cannot read it.
fn local_time(started_at: &str, locale: idv_wire::Locale) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(started_at));
    if date.get_time().is_nan() {
        return started_at.to_owned();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(locale.as_str(), &options).into()
}

/// A phone that redeemed a handoff, before anything else: the organisation, the reason, when it
/// was started, and "only continue if you started this yourself…", with the support contact.
/// Continue leads to the phone's own consent; Stop ends the phone's part (recorded as a decline
/// on the phone; the computer is told).
#[function_component(PhoneIntroScreen)]
pub fn phone_intro_screen() -> Html {
    let ctx = use_journey();
    let busy = use_state(|| false);
    let stop = {
        let (journey, launch, busy) = (ctx.journey.clone(), ctx.launch.clone(), busy.clone());
        Callback::from(move |_| {
            if *busy {
                return;
            }
            let Some(launch) = launch.clone() else {
                return;
            };
            busy.set(true);
            let journey = journey.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let action = match api::send_consent(&launch, false).await {
                    Err(f) => ended_by(f.code()).map_or(Action::ConsentDeclined, Action::Ended),
                    Ok(_) => Action::ConsentDeclined,
                };
                journey.dispatch(action);
            });
        })
    };
    let next = {
        let journey = ctx.journey.clone();
        Callback::from(move |_| journey.dispatch(Action::PhoneContinue))
    };
    let Some(intro) = ctx.journey.phone.clone() else {
        return html! {};
    };
    html! {
        <section class="phone-intro">
            { title(ctx.text(Key::PhoneIntroTitle)) }
            <dl class="phone-facts">
                <dt>{ ctx.text(Key::PhoneIntroWho) }</dt>
                <dd class="phone-organisation">{ intro.organisation.clone() }</dd>
                <dt>{ ctx.text(Key::PhoneIntroWhy) }</dt>
                <dd class="phone-reason">{ ctx.text(Text::Reason(intro.trigger)) }</dd>
                <dt>{ ctx.text(Key::PhoneIntroWhen) }</dt>
                <dd class="phone-started">
                    <time datetime={intro.started_at.clone()}>{ local_time(&intro.started_at, ctx.locale()) }</time>
                </dd>
            </dl>
            <p class="warning"><strong>{ ctx.text(Key::PhoneIntroWarning) }</strong></p>
            { support_note(&ctx) }
            <div class="actions">
                <button type="button" class="btn primary" onclick={next}>{ ctx.text(Key::PhoneIntroContinue) }</button>
                <button type="button" class="btn secondary" onclick={stop} disabled={*busy}>{ ctx.text(Key::PhoneIntroStop) }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
/// Why the journey ended here.
pub struct EndedProps {
    /// Why the journey ended here.
    pub ended: Ended,
}

/// The journey ended on this device before a decision: stopped on the phone, this phone let go,
/// or cancelled by the host. Plain words and the support contact.
#[function_component(EndedScreen)]
pub fn ended_screen(props: &EndedProps) -> Html {
    let ctx = use_journey();
    html! {
        <section class="message ended" data-ended={ctx.journey.screen.name()}>
            { title(ctx.text(Text::EndedTitle(props.ended))) }
            <p>{ ctx.text(Text::EndedBody(props.ended)) }</p>
            if props.ended != Ended::PhoneReleased { { support_note(&ctx) } }
        </section>
    }
}
