//! The camera-problem screen: what happened to the camera and what to do about it.

use yew::prelude::*;

use super::{action_button, phone_button, support_note, title, FilePicker, JourneyContext};
use crate::browser::Browser;
use crate::i18n::{Key, Text};
use crate::journey::{Action, CameraProblem, Side};

/// What happened to the camera and what to do, with a way back, and a retry when the patient
/// can change something.
pub fn camera_problem(ctx: &JourneyContext, side: Side, problem: CameraProblem) -> Html {
    // Read from the user agent at each render: a plain function, no component state.
    let browser = Browser::current();
    // A refusal is undone where this browser keeps the permission: say where.
    let next = match problem {
        CameraProblem::Denied => Text::DeniedSteps(browser),
        other => Text::CameraProblemNext(other),
    };
    html! {
        <section class="message error" data-problem={problem.code()}>
            { title(ctx.text(Text::CameraProblemTitle(problem))) }
            <p role="alert">{ ctx.text(next) }</p>
            <FilePicker side={side} />
            { support_note(ctx) }
            <div class="actions">
                if problem.retry_can_help() {
                    { action_button(ctx, Key::TryAgain, "primary", Action::RetryCamera) }
                    { action_button(ctx, Key::Back, "secondary", Action::Back) }
                } else {
                    { action_button(ctx, Key::Back, "primary", Action::Back) }
                }
                { phone_button(ctx) }
            </div>
        </section>
    }
}
