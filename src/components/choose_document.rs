//! The document choice: the types the session accepts, each with what to have ready.

use yew::prelude::*;

use super::{phone_button, title, JourneyContext};
use crate::i18n::{Key, Text};
use crate::journey::Action;

/// One large button per document type the session accepts.
pub fn choose_document(ctx: &JourneyContext) -> Html {
    let types = ctx
        .journey
        .config
        .as_ref()
        .map(|c| c.document_types.clone())
        .unwrap_or_default();
    html! {
        <section class="choose">
            { title(ctx.text(Key::ChooseTitle)) }
            <p>{ ctx.text(Key::ChooseHint) }</p>
            { super::wallet::offer(ctx) }
            <ul class="choices">
                { for types.into_iter().map(|d| {
                    let journey = ctx.journey.clone();
                    let onclick = Callback::from(move |_| journey.dispatch(Action::ChooseDocument(d)));
                    html! {
                        <li>
                            <button type="button" class="choice" data-document={d.as_str()} {onclick}>
                                <span class="choice-name">{ ctx.text(Text::Document(d)) }</span>
                                <span class="choice-hint">{ ctx.text(Text::DocumentHint(d)) }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
            if ctx.journey.offers_phone() {
                <div class="handoff-offer">
                    <p class="note">{ ctx.text(Key::HandoffOfferHint) }</p>
                    { phone_button(ctx) }
                </div>
            }
        </section>
    }
}
