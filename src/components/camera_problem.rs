//! The camera-problem screen: what happened to the camera and what to do about it.

use yew::prelude::*;

use super::{action_button, phone_button, support_note, title, use_journey, FilePicker};
use crate::browser::Browser;
use crate::i18n::{Key, Text};
use crate::journey::{Action, CameraProblem, Side};

#[derive(Properties, PartialEq)]
/// The side being taken and what went wrong.
pub struct Props {
    /// The side being taken.
    pub side: Side,
    /// What went wrong.
    pub problem: CameraProblem,
}

/// What happened to the camera and what to do, with a way back, and a retry when the patient
/// can change something.
#[function_component(CameraProblemScreen)]
pub fn camera_problem_screen(props: &Props) -> Html {
    let ctx = use_journey();
    let browser = *use_memo((), |_| Browser::current());
    // A refusal is undone where this browser keeps the permission: say where.
    let next = match props.problem {
        CameraProblem::Denied => Text::DeniedSteps(browser),
        other => Text::CameraProblemNext(other),
    };
    html! {
        <section class="message error" data-problem={props.problem.code()}>
            { title(ctx.text(Text::CameraProblemTitle(props.problem))) }
            <p role="alert">{ ctx.text(next) }</p>
            <FilePicker side={props.side} />
            { support_note(&ctx) }
            <div class="actions">
                if props.problem.retry_can_help() {
                    { action_button(&ctx, Key::TryAgain, "primary", Action::RetryCamera) }
                    { action_button(&ctx, Key::Back, "secondary", Action::Back) }
                } else {
                    { action_button(&ctx, Key::Back, "primary", Action::Back) }
                }
                { phone_button(&ctx) }
            </div>
        </section>
    }
}
