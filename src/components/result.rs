//! The result: PASS, FAIL with what went wrong, or an error, each with a way forward.

use idv_wire::reasons::failure_kind;
use yew::prelude::*;

use super::{action_button, close_button, returns_to_client, support_note, title, JourneyContext};
use crate::i18n::{attempts_left_label, Key, Text};
use crate::journey::{Action, Device, Outcome};

fn error_text(code: &str) -> Key {
    match code {
        "timeout" => Key::ErrorTimeout,
        "network" => Key::ErrorNetwork,
        "image_unusable" => Key::ErrorImage,
        "vendor_errors_exhausted" => Key::ErrorVendorLimit,
        _ => Key::ErrorVendor,
    }
}

/// PASS, FAIL with what went wrong, or an error; each with a way forward.
pub fn result(ctx: &JourneyContext, outcome: &Outcome) -> Html {
    let attempts_left = match &outcome {
        Outcome::Fail {
            retry_allowed: true,
            attempts_left,
            ..
        } if *attempts_left > 0 => Some(*attempts_left),
        _ => None,
    };
    // A phone from "Continue on your phone" has no host to close it: the computer shows the
    // result and tells the host.
    let phone = ctx.journey.device == Device::Phone;
    let own_window = ctx.journey.phone.as_ref().is_some_and(|p| p.own_window);
    let (class, heading, body, retry) = match &outcome {
        Outcome::Pass { .. } if phone && own_window => (
            "pass",
            Key::WindowDoneTitle,
            Text::from(Key::WindowDoneBody),
            None,
        ),
        Outcome::Pass { .. } if phone => (
            "pass",
            Key::PhoneDoneTitle,
            Text::from(Key::PhoneDoneBody),
            None,
        ),
        Outcome::Pass { .. } => ("pass", Key::PassTitle, Key::PassBody.into(), None),
        // After the last attempt the host reads IDV0014; the patient is told why it failed.
        Outcome::Fail {
            reason_code,
            cause_code,
            retry_allowed,
            ..
        } => (
            "fail",
            Key::FailTitle,
            Text::Failure(failure_kind(
                cause_code.as_deref().or(reason_code.as_deref()),
            )),
            Some(*retry_allowed),
        ),
        Outcome::Error {
            code,
            retry_allowed,
            ..
        } => (
            "fail",
            Key::ErrorTitle,
            error_text(code).into(),
            Some(*retry_allowed),
        ),
    };
    html! {
        <section class={classes!("result", class)} data-status={outcome.status().as_str()}>
            { title(ctx.text(heading)) }
            if matches!(outcome, Outcome::Pass { .. }) {
                <p role="status">{ ctx.text(body) }</p>
            } else {
                <p role="alert">{ ctx.text(body) }</p>
            }
            { match retry {
                None if phone => html! {},
                None => html! { <div class="actions">{ close_button(ctx, Key::Continue) }</div> },
                Some(true) => html! {
                    <>
                        if let Some(n) = attempts_left {
                            <p class="attempts-left">{ attempts_left_label(ctx.locale(), n) }</p>
                        }
                        <div class="actions">
                            { action_button(ctx, Key::TryAgain, "primary", Action::TryAgain) }
                            if returns_to_client(ctx) {
                                { close_button(ctx, Key::ReturnToSite) }
                            }
                        </div>
                        { support_note(ctx) }
                    </>
                },
                Some(false) => html! {
                    <>
                        <p>{ ctx.text(Key::NoMoreTries) }</p>
                        { support_note(ctx) }
                        if phone {
                            <p class="phone-close">{ ctx.text(Key::PhoneCloseNote) }</p>
                        } else {
                            <div class="actions">{ close_button(ctx, Key::Close) }</div>
                        }
                    </>
                },
            } }
        </section>
    }
}
