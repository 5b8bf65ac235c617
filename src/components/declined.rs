//! The screen after the patient declined consent.

use yew::prelude::*;

use super::{close_button, title, JourneyContext};
use crate::i18n::Key;

/// The patient declined: nothing was kept, and how to start again.
pub fn declined(ctx: &JourneyContext) -> Html {
    html! {
        <section class="message">
            { title(ctx.text(Key::DeclinedTitle)) }
            <p>{ ctx.text(Key::DeclinedBody) }</p>
            <div class="actions">{ close_button(ctx, Key::Close) }</div>
        </section>
    }
}
