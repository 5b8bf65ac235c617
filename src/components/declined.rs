//! The screen after the patient declined consent.

use yew::prelude::*;

use super::{close_button, title, JourneyContext};
use crate::i18n::Text;

/// The patient declined: nothing was kept, and how to start again.
pub fn declined(ctx: &JourneyContext) -> Html {
    html! {
        <section class="message">
            { title(ctx.text(Text::DeclinedTitle)) }
            <p>{ ctx.text(Text::DeclinedBody) }</p>
            <div class="actions">{ close_button(ctx, Text::Close) }</div>
        </section>
    }
}
