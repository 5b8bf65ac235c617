use yew::prelude::*;

use super::{action_button, title, use_journey};
use crate::api;
use crate::i18n::Text;
use crate::journey::{Action, Side};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub side: Side,
}

/// Shows the picture just taken: use it, or retake.
#[function_component(ReviewScreen)]
pub fn review_screen(props: &Props) -> Html {
    let ctx = use_journey();
    let capture = ctx.journey.capture(props.side).cloned();
    let url = use_memo(capture, |c| c.as_ref().and_then(api::object_url));
    {
        let url = url.clone();
        use_effect_with(url, |url| {
            let url = (**url).clone();
            move || {
                if let Some(u) = url {
                    let _ = web_sys::Url::revoke_object_url(&u);
                }
            }
        });
    }
    html! {
        <section class="review">
            { title(ctx.text(Text::ReviewTitle)) }
            if let Some(src) = (*url).clone() {
                <img class={classes!("preview", (props.side == Side::Selfie).then_some("mirrored"))}
                    {src} alt={ctx.text(Text::ReviewAlt(props.side))} />
            }
            <p>{ ctx.text(Text::ReviewQuestion(props.side)) }</p>
            <div class="actions">
                { action_button(&ctx, Text::UsePhoto, "primary", Action::UsePhoto) }
                { action_button(&ctx, Text::Retake, "secondary", Action::Retake) }
            </div>
        </section>
    }
}
