//! The phone's code entry ("Continue on your phone" without the link): the typed code is
//! redeemed for this phone's own launch.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{title, use_journey};
use crate::api;
use crate::i18n::{Key, Text};
use crate::journey::{Action, CodeRefused};
use crate::launch::{handoff_error_for, typed_code};

#[derive(Properties, PartialEq)]
/// Why the last code was refused, if it was.
pub struct Props {
    /// Why the last code was refused.
    pub error: Option<CodeRefused>,
}

/// A phone that opened the widget's address without a link: type the code the computer shows.
#[function_component(EnterCodeScreen)]
pub fn enter_code_screen(props: &Props) -> Html {
    let ctx = use_journey();
    let input = use_node_ref();
    let busy = use_state(|| false);
    let onsubmit = {
        let (journey, input, busy, on_linked) = (
            ctx.journey.clone(),
            input.clone(),
            busy.clone(),
            ctx.on_linked.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let typed = input
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let Some(code) = typed_code(&typed) else {
                journey.dispatch(Action::CodeRefused(CodeRefused::Malformed));
                return;
            };
            busy.set(true);
            let (journey, busy, on_linked) = (journey.clone(), busy.clone(), on_linked.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let request = idv_wire::HandoffRedeem {
                    token: None,
                    code: Some(code),
                };
                match api::redeem_handoff(&request).await {
                    Ok(launch) => on_linked.emit(launch),
                    Err(f) => {
                        busy.set(false);
                        journey.dispatch(Action::CodeRefused(CodeRefused::Launch(
                            handoff_error_for(&f),
                        )));
                    }
                }
            });
        })
    };
    let described = if props.error.is_some() {
        "enter-code-help enter-code-error"
    } else {
        "enter-code-help"
    };
    html! {
        <section class="enter-code">
            { title(ctx.text(Key::EnterCodeTitle)) }
            <p id="enter-code-help">{ ctx.text(Key::EnterCodeHelp) }</p>
            <form {onsubmit} novalidate=true>
                <label for="code-input">{ ctx.text(Key::EnterCodeLabel) }</label>
                <input id="code-input" ref={input} type="text" name="code" autocomplete="one-time-code"
                    autocapitalize="characters" spellcheck="false" maxlength="12"
                    aria-invalid={props.error.is_some().to_string()}
                    aria-describedby={described} />
                if let Some(e) = props.error {
                    <p id="enter-code-error" class="code-error" role="alert">{ ctx.text(Text::CodeRefused(e)) }</p>
                }
                <div class="actions">
                    <button type="submit" class="btn primary" disabled={*busy}>{ ctx.text(Key::Continue) }</button>
                </div>
            </form>
        </section>
    }
}
