//! The phone's first screen after a handoff (who asks, why, since when, and the warning), and
//! the screen of a journey that ended on this device before a decision.

use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::{action_button, support_note, title, JourneyContext};
use crate::i18n::{Key, Text};
use crate::journey::{Action, Ended};

/// `started_at` (RFC 3339) in the phone's local time, in the journey's language; as sent when
/// the browser cannot read it.
fn local_time(started_at: &str, locale: idv_wire::Locale) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(started_at));
    if date.get_time().is_nan() {
        return started_at.to_owned();
    }
    date.to_locale_time_string(locale.as_str()).into()
}

/// A phone that redeemed a handoff, before anything else: the organisation, the reason, when it
/// was started, and "only continue if you started this yourself…", with the support contact.
/// Continue leads to the phone's own consent; `stop` ends the phone's part (the consent screen's
/// decline: recorded on the phone, the computer is told).
pub fn phone_intro(ctx: &JourneyContext, stop: Callback<MouseEvent>) -> Html {
    let Some(intro) = ctx.journey.phone.clone() else {
        return html! {};
    };
    html! {
        <section class="phone-intro">
            { title(ctx.text(Key::PhoneIntroTitle)) }
            <dl class="phone-facts">
                <dt>{ ctx.text(Key::PhoneIntroWho) }</dt>
                <dd class="phone-organisation">{ intro.organisation }</dd>
                <dt>{ ctx.text(Key::PhoneIntroWhy) }</dt>
                <dd class="phone-reason">{ ctx.text(Text::Reason(intro.trigger)) }</dd>
                <dt>{ ctx.text(Key::PhoneIntroWhen) }</dt>
                <dd class="phone-started">{ local_time(&intro.started_at, ctx.locale()) }</dd>
            </dl>
            <p class="warning"><strong>{ ctx.text(if intro.own_window {
                Key::WindowIntroWarning
            } else {
                Key::PhoneIntroWarning
            }) }</strong></p>
            { support_note(ctx) }
            <div class="actions">
                { action_button(ctx, Key::PhoneIntroContinue, "primary", Action::PhoneContinue) }
                <button type="button" class="btn secondary" onclick={stop}>{ ctx.text(Key::PhoneIntroStop) }</button>
            </div>
        </section>
    }
}

/// The journey ended on this device before a decision: stopped on the phone, this phone let go,
/// or cancelled by the host. Plain words and the support contact.
pub fn ended(ctx: &JourneyContext, ended: Ended) -> Html {
    html! {
        <section class="message ended">
            { title(ctx.text(Text::EndedTitle(ended))) }
            <p>{ ctx.text(Text::EndedBody(ended)) }</p>
            if ended != Ended::PhoneReleased { { support_note(ctx) } }
        </section>
    }
}
