//! The consent screen: what is collected and kept, both consents, and the answer sent.

use idv_wire::SessionStatus;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{title, use_journey};
use crate::api;
use crate::i18n::{Key, Text};
use crate::journey::{ended_by, Action, Device};

/// Consent to the document check and, separately, to biometric comparison. Declining is a real,
/// recorded outcome.
#[function_component(ConsentScreen)]
pub fn consent_screen() -> Html {
    let ctx = use_journey();
    let document = use_state(|| false);
    let biometric = use_state(|| false);
    let problem = use_state(|| None::<Text>);
    let busy = use_state(|| false);

    let toggle = |state: UseStateHandle<bool>| {
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            state.set(input.checked());
        })
    };

    let answer = {
        let (ctx, problem, busy) = (ctx.clone(), problem.clone(), busy.clone());
        let (document, biometric) = (document.clone(), biometric.clone());
        move |accepted: bool| {
            let (ctx, problem, busy) = (ctx.clone(), problem.clone(), busy.clone());
            // A re-verification takes no document pictures: biometric consent is what it needs.
            let ready = (*document || ctx.journey.is_reverify()) && *biometric;
            Callback::from(move |_| {
                if *busy {
                    return;
                }
                if accepted && !ready {
                    problem.set(Some(if ctx.journey.is_reverify() {
                        Key::ConsentNeedBiometric.into()
                    } else {
                        Key::ConsentNeedBoth.into()
                    }));
                    return;
                }
                let Some(launch) = ctx.launch.clone() else {
                    return;
                };
                let (journey, problem, busy) = (ctx.journey.clone(), problem.clone(), busy.clone());
                // On a phone the session stays in progress either way: a decline there ends
                // the phone's part only.
                let phone = journey.device == Device::Phone;
                busy.set(true);
                problem.set(None);
                wasm_bindgen_futures::spawn_local(async move {
                    match api::send_consent(&launch, accepted).await {
                        Ok(c) if accepted && c.status == SessionStatus::InProgress => {
                            // The wallet is offered once consent is given.
                            journey.dispatch(Action::WalletOffered(c.wallet));
                            journey.dispatch(Action::ConsentGiven)
                        }
                        Ok(c) if !accepted && (phone || c.status == SessionStatus::Declined) => {
                            journey.dispatch(Action::ConsentDeclined)
                        }
                        Err(f) if ended_by(f.code()).is_some() => {
                            if let Some(e) = ended_by(f.code()) {
                                journey.dispatch(Action::Ended(e));
                            }
                        }
                        _ => {
                            busy.set(false);
                            problem.set(Some(Key::ConsentSaveFailed.into()));
                        }
                    }
                });
            })
        }
    };

    // A phone's first screen shares this component, so its Stop is the same recorded decline.
    if ctx.journey.screen == crate::journey::Screen::PhoneIntro {
        return super::phone::phone_intro(&ctx, answer(false));
    }
    let reverify = ctx.journey.is_reverify();
    html! {
        <section class="consent">
            { title(ctx.text(Key::ConsentTitle)) }
            <p>{ ctx.text(Key::ConsentIntro) }</p>
            <ol class="steps">
                if !reverify { <li>{ ctx.text(Key::ConsentStepDocument) }</li> }
                <li>{ ctx.text(Key::ConsentStepSelfie) }</li>
            </ol>
            <div class="checks">
                if !reverify {
                    <label class="check">
                        <input id="consent-document" type="checkbox" checked={*document} onchange={toggle(document.clone())} />
                        <span>{ ctx.text(Key::ConsentDocument) }</span>
                    </label>
                }
                <label class="check">
                    <input id="consent-biometric" type="checkbox" checked={*biometric} onchange={toggle(biometric.clone())} />
                    <span>{ ctx.text(Key::ConsentBiometric) }</span>
                </label>
            </div>
            <p class="note">{ ctx.text(Key::ConsentRetention) }</p>
            <div class="alert-slot" role="alert">
                if let Some(p) = *problem { <p class="error-text">{ ctx.text(p) }</p> }
            </div>
            if *busy { <p role="status">{ ctx.text(Key::Saving) }</p> }
            <div class="actions">
                <button type="button" class="btn primary" onclick={answer(true)}>{ ctx.text(Key::ConsentAgree) }</button>
                <button type="button" class="btn secondary" onclick={answer(false)}>{ ctx.text(Key::ConsentDecline) }</button>
            </div>
        </section>
    }
}
