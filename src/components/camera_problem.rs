use yew::prelude::*;

use super::{action_button, title, use_journey};
use crate::i18n::Text;
use crate::journey::{Action, CameraProblem, Side};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub side: Side,
    pub problem: CameraProblem,
}

/// What happened to the camera and what to do, with a retry and a way back.
#[function_component(CameraProblemScreen)]
pub fn camera_problem_screen(props: &Props) -> Html {
    let ctx = use_journey();
    html! {
        <section class="message error" data-problem={props.problem.code()}>
            { title(ctx.text(Text::CameraProblemTitle(props.problem))) }
            <p role="alert">{ ctx.text(Text::CameraProblemNext(props.problem)) }</p>
            <p class="note">{ ctx.text(Text::NeedHelp) }</p>
            <div class="actions">
                { action_button(&ctx, Text::TryAgain, "primary", Action::RetryCamera) }
                { action_button(&ctx, Text::Back, "secondary", Action::Back) }
            </div>
        </section>
    }
}
