//! The result: PASS, FAIL with what went wrong, or an error, each with a way forward.

use idv_wire::reasons::failure_kind;
use yew::prelude::*;

use super::{action_button, close_button, support_note, title, JourneyContext};
use crate::i18n::{attempts_left_label, Text};
use crate::journey::{Action, Device, Outcome};

fn error_text(code: &str) -> Text {
    match code {
        "timeout" => Text::ErrorTimeout,
        "network" => Text::ErrorNetwork,
        _ => Text::ErrorVendor,
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
    let (class, heading, body, retry) = match &outcome {
        Outcome::Pass { .. } if phone => ("pass", Text::PhoneDoneTitle, Text::PhoneDoneBody, None),
        Outcome::Pass { .. } => ("pass", Text::PassTitle, Text::PassBody, None),
        // After the last attempt the host reads IDV0014; the patient is told why it failed.
        Outcome::Fail {
            reason_code,
            cause_code,
            retry_allowed,
            ..
        } => (
            "fail",
            Text::FailTitle,
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
            Text::ErrorTitle,
            error_text(code),
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
                None => html! { <div class="actions">{ close_button(ctx, Text::Continue) }</div> },
                Some(true) => html! {
                    <>
                        if let Some(n) = attempts_left {
                            <p class="attempts-left">{ attempts_left_label(ctx.locale(), n) }</p>
                        }
                        <div class="actions">{ action_button(ctx, Text::TryAgain, "primary", Action::TryAgain) }</div>
                        { support_note(ctx) }
                    </>
                },
                Some(false) => html! {
                    <>
                        <p>{ ctx.text(Text::NoMoreTries) }</p>
                        { support_note(ctx) }
                        if phone {
                            <p class="phone-close">{ ctx.text(Text::PhoneCloseNote) }</p>
                        } else {
                            <div class="actions">{ close_button(ctx, Text::Close) }</div>
                        }
                    </>
                },
            } }
        </section>
    }
}
