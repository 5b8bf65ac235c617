//! "Choose a picture from your files": where the session allows it, a document's picture may
//! come from a file when the camera cannot take it. Never the selfie: liveness needs the camera.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::use_journey;
use crate::i18n::Key;
use crate::journey::{Action, Capture, Side};
use crate::vision;

#[derive(Properties, PartialEq)]
/// The side a file would be for.
pub struct Props {
    /// The side a file would be for.
    pub side: Side,
}

/// The file chooser for `side`, or nothing where the session does not allow files (and for the
/// selfie, always). The chosen picture goes through the same on-device checks as a shutter
/// press, then to the review, which says it came from a file.
#[function_component(FilePicker)]
pub fn file_picker(props: &Props) -> Html {
    let ctx = use_journey();
    let busy = use_state(|| false);
    let unreadable = use_state(|| false);
    let allowed = ctx
        .journey
        .config
        .as_ref()
        .is_some_and(|c| c.allow_document_upload);
    if !allowed || props.side == Side::Selfie {
        return html! {};
    }
    let onchange = {
        let (ctx, busy, unreadable, side) =
            (ctx.clone(), busy.clone(), unreadable.clone(), props.side);
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            // The same file chosen again must fire `change` again.
            input.set_value("");
            let (ctx, busy, unreadable) = (ctx.clone(), busy.clone(), unreadable.clone());
            busy.set(true);
            unreadable.set(false);
            wasm_bindgen_futures::spawn_local(async move {
                let vision_side = side.vision(ctx.journey.document);
                let shot = vision::analyse_file(&ctx.vision, vision_side, &file).await;
                busy.set(false);
                match shot {
                    Some(shot) => {
                        let mut capture = Capture::new(shot.jpeg, shot.sighting.as_ref());
                        capture.from_file = true;
                        ctx.journey.dispatch(Action::Captured(capture));
                    }
                    None => unreadable.set(true),
                }
            });
        })
    };
    html! {
        <div class="file-pick">
            <label class={classes!("btn", "secondary", "file-pick-button")}>
                { ctx.text(Key::ChooseFile) }
                <input type="file" class="offscreen" accept="image/jpeg,image/png,image/webp"
                    disabled={*busy} aria-describedby="file-pick-hint" {onchange} />
            </label>
            <p id="file-pick-hint" class="note">{ ctx.text(Key::ChooseFileHint) }</p>
            if *unreadable {
                <p class="file-unreadable" role="alert">{ ctx.text(Key::FileUnreadable) }</p>
            }
        </div>
    }
}
