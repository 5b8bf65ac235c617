//! "Use this photo anyway?": asked when a picture failed an on-device check. The concern is
//! stated; the default answer is to retake, until the checks have kept failing long enough
//! that using the picture comes first (the vendor still judges it).

use yew::prelude::*;

use super::JourneyContext;
use crate::i18n::Key;

/// The question with its `concern` (the check that failed, in words); "Use this photo" first
/// when `use_first`. The heading carries the focus `heading` points at (the capture screen moves
/// focus there when the question appears, so a screen reader reads it first). A plain function,
/// not a component: it keeps no state of its own.
pub fn ask_use_anyway(
    ctx: &JourneyContext,
    heading: &NodeRef,
    concern: &'static str,
    use_first: bool,
    on_use: Callback<MouseEvent>,
    on_again: Callback<MouseEvent>,
) -> Html {
    html! {
        <div class="use-anyway" role="group" aria-labelledby="use-anyway-title"
            aria-describedby="use-anyway-reason use-anyway-body">
            <h2 id="use-anyway-title" tabindex="-1" ref={heading.clone()}>
                { ctx.text(Key::UseAnywayTitle) }
            </h2>
            <p id="use-anyway-reason" class="concern">{ concern }</p>
            <p id="use-anyway-body">{ ctx.text(Key::UseAnywayBody) }</p>
            if use_first {
                <div class="actions">
                    <button type="button" class="btn primary use-anyway-button" onclick={on_use}>
                        { ctx.text(Key::UsePhoto) }
                    </button>
                    <button type="button" class="btn secondary retake-instead" onclick={on_again}>
                        { ctx.text(Key::RetakeInstead) }
                    </button>
                </div>
            } else {
                <div class="actions">
                    <button type="button" class="btn primary retake-instead" onclick={on_again}>
                        { ctx.text(Key::RetakeInstead) }
                    </button>
                    <button type="button" class="btn secondary use-anyway-button" onclick={on_use}>
                        { ctx.text(Key::UseAnyway) }
                    </button>
                </div>
            }
        </div>
    }
}
