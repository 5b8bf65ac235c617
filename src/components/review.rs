//! The review of a picture just taken: the picture, what the on-device checks said of it,
//! the retakes left, and "Use this photo" or "Take it again".

use yew::prelude::*;

use super::{action_button, support_note, title, use_journey, JourneyContext};
use crate::api;
use crate::i18n::{retakes_left_label, Key, Text};
use crate::journey::{Action, Checked, Side};

/// Which picture is reviewed.
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Front, back or selfie.
    pub side: Side,
}

/// What the on-device checks said of the picture, in words.
fn checks(ctx: &JourneyContext, side: Side, checked: &Checked) -> Html {
    let vision_side = side.vision(ctx.journey.document);
    let passed = |list: &[idv_wire::vision::Check]| {
        list.iter()
            .map(|c| html! { <li class="passed">{ ctx.text(Text::CheckPassed(*c)) }</li> })
            .collect::<Html>()
    };
    match checked {
        Checked::Passed(list) if !list.is_empty() => html! {
            <>
                <h2 class="checks-title">{ ctx.text(Key::ChecksTitle) }</h2>
                <ul class="checks">{ passed(list) }</ul>
            </>
        },
        Checked::Passed(_) => html! {},
        Checked::UsedAnyway {
            concern,
            passed: list,
        } => html! {
            <>
                <h2 class="checks-title">{ ctx.text(Key::ChecksTitle) }</h2>
                <ul class="checks">
                    <li class="concern">
                        { ctx.text(Key::UsedAnyway) }{ " " }
                        { ctx.text(Text::Guide(vision_side, *concern)) }
                    </li>
                    { passed(list) }
                </ul>
            </>
        },
        Checked::NotChecked => html! { <p class="note">{ ctx.text(Key::NotChecked) }</p> },
    }
}

/// Shows the picture just taken and what was checked: use it, or retake.
#[function_component(ReviewScreen)]
pub fn review_screen(props: &Props) -> Html {
    let ctx = use_journey();
    let capture = ctx.journey.capture(props.side).cloned();
    let retakes_left = ctx.journey.retakes_left(props.side);
    let checked = capture.as_ref().map(|c| c.checked.clone());
    let url = use_memo(capture.clone(), |c| c.as_ref().and_then(api::object_url));
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
        <section class="review" data-side={props.side.name()}>
            { title(ctx.text(Key::ReviewTitle)) }
            if let Some(src) = (*url).clone() {
                <img class={classes!("preview", (props.side == Side::Selfie).then_some("mirrored"))}
                    {src} alt={ctx.text(Text::ReviewAlt(props.side))} />
            }
            if let Some(c) = &checked {
                { checks(&ctx, props.side, c) }
            }
            if capture.as_ref().is_some_and(|c| c.from_file) {
                <p class="note from-file">{ ctx.text(Key::FromFile) }</p>
            }
            <p>{ ctx.text(Text::ReviewQuestion(props.side)) }</p>
            { match retakes_left {
                Some(0) => html! {
                    <>
                        <p class="retakes-left none">{ ctx.text(Key::NoRetakesLeft) }</p>
                        <div class="actions">
                            { action_button(&ctx, Key::UsePhoto, "primary", Action::UsePhoto) }
                        </div>
                        { support_note(&ctx) }
                    </>
                },
                left => html! {
                    <>
                        if let Some(n) = left {
                            <p class="retakes-left">{ retakes_left_label(ctx.locale(), n) }</p>
                        }
                        <div class="actions">
                            { action_button(&ctx, Key::UsePhoto, "primary", Action::UsePhoto) }
                            { action_button(&ctx, Key::Retake, "secondary", Action::Retake) }
                        </div>
                    </>
                },
            } }
        </section>
    }
}
