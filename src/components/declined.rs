//! The screen after the patient declined consent.

use yew::prelude::*;

use super::{close_button, title, use_journey};
use crate::i18n::Key;

/// The patient declined: nothing was kept, and how to start again.
#[function_component(DeclinedScreen)]
pub fn declined_screen() -> Html {
    let ctx = use_journey();
    html! {
        <section class="message">
            { title(ctx.text(Key::DeclinedTitle)) }
            <p>{ ctx.text(Key::DeclinedBody) }</p>
            <div class="actions">{ close_button(&ctx, Key::Close) }</div>
        </section>
    }
}
