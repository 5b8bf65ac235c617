//! The screen of a journey that could not start, with why and what to do.

use yew::prelude::*;

use super::{title, JourneyContext};
use crate::i18n::{Key, Text};
use crate::journey::LaunchError;

/// The session could not start: say why and what to do.
pub fn launch_error(ctx: &JourneyContext, error: LaunchError) -> Html {
    let reload = Callback::from(|_| crate::hooks::reload());
    html! {
        <section class="message error">
            { title(ctx.text(Key::LaunchTitle)) }
            <p role="alert">{ ctx.text(Text::Launch(error)) }</p>
            <p>{ ctx.text(Text::LaunchNext(error)) }</p>
            if error == LaunchError::Network {
                <div class="actions">
                    <button type="button" class="btn primary" onclick={reload}>{ ctx.text(Key::TryAgain) }</button>
                </div>
            }
        </section>
    }
}
