//! The screen of a journey that could not start, with why and what to do.

use yew::prelude::*;

use super::{title, use_journey};
use crate::i18n::{Key, Text};
use crate::journey::LaunchError;

#[derive(Properties, PartialEq)]
/// Why the journey could not start.
pub struct Props {
    /// Why the journey could not start.
    pub error: LaunchError,
}

/// The session could not start: say why and what to do.
#[function_component(LaunchErrorScreen)]
pub fn launch_error_screen(props: &Props) -> Html {
    let ctx = use_journey();
    let reload = Callback::from(|_| crate::hooks::reload());
    html! {
        <section class="message error">
            { title(ctx.text(Key::LaunchTitle)) }
            <p role="alert">{ ctx.text(Text::Launch(props.error)) }</p>
            <p>{ ctx.text(Text::LaunchNext(props.error)) }</p>
            if props.error == LaunchError::Network {
                <div class="actions">
                    <button type="button" class="btn primary" onclick={reload}>{ ctx.text(Key::TryAgain) }</button>
                </div>
            }
        </section>
    }
}
