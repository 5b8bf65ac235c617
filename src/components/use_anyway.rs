//! "Use this photo anyway?": asked when a picture failed an on-device check. The concern is
//! stated; the default answer is to retake, until the checks have kept failing long enough
//! that using the picture comes first (the vendor still judges it).

use yew::prelude::*;

use super::use_journey;
use crate::i18n::Key;

/// The question, its concern and the two answers.
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The check that failed, in words.
    pub concern: AttrValue,
    /// "Use this photo" is the first (default) answer.
    pub use_first: bool,
    /// The patient uses the picture.
    pub on_use: Callback<()>,
    /// The patient takes it again.
    pub on_again: Callback<()>,
}

/// The question takes the focus when shown, so a screen reader reads it first.
#[function_component(UseAnywayDialog)]
pub fn use_anyway_dialog(props: &Props) -> Html {
    let ctx = use_journey();
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with((), move |()| {
            if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        });
    }
    let use_anyway = props.on_use.reform(|_: MouseEvent| ());
    let again = props.on_again.reform(|_: MouseEvent| ());
    html! {
        <div class="use-anyway" role="group" aria-labelledby="use-anyway-title"
            aria-describedby="use-anyway-reason use-anyway-body">
            <h2 id="use-anyway-title" tabindex="-1" ref={heading}>
                { ctx.text(Key::UseAnywayTitle) }
            </h2>
            <p id="use-anyway-reason" class="concern">{ props.concern.clone() }</p>
            <p id="use-anyway-body">{ ctx.text(Key::UseAnywayBody) }</p>
            if props.use_first {
                <div class="actions">
                    <button type="button" class="btn primary use-anyway-button" onclick={use_anyway}>
                        { ctx.text(Key::UsePhoto) }
                    </button>
                    <button type="button" class="btn secondary retake-instead" onclick={again}>
                        { ctx.text(Key::RetakeInstead) }
                    </button>
                </div>
            } else {
                <div class="actions">
                    <button type="button" class="btn primary retake-instead" onclick={again}>
                        { ctx.text(Key::RetakeInstead) }
                    </button>
                    <button type="button" class="btn secondary use-anyway-button" onclick={use_anyway}>
                        { ctx.text(Key::UseAnyway) }
                    </button>
                </div>
            }
        </div>
    }
}
