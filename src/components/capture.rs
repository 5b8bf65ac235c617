use std::rc::Rc;

use frame_quality::Verdict;
use idv_wire::DocumentType;
use web_sys::HtmlVideoElement;
use yew::prelude::*;

use super::{title, use_journey};
use crate::camera;
use crate::hooks::{use_camera, use_frame_guidance, CameraState, Guidance};
use crate::i18n::{step_label, Text};
use crate::journey::{Action, Capture, Side};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub side: Side,
}

/// "Photo n of N" for this side and document.
pub fn step_of(side: Side, document: Option<DocumentType>, reverify: bool) -> (u8, u8) {
    if reverify {
        return (1, 1);
    }
    let total = if document.is_some_and(DocumentType::needs_back) {
        3
    } else {
        2
    };
    let current = match side {
        Side::Front => 1,
        Side::Back => 2,
        Side::Selfie => total,
    };
    (current, total)
}

fn guidance_text(g: Guidance) -> Text {
    match g {
        Guidance::NoFrame => Text::GuideNoFrame,
        Guidance::Capturing => Text::GuideCapturing,
        Guidance::Frame(Verdict::Good) => Text::GuideHoldStill,
        Guidance::Frame(Verdict::TooDark) => Text::GuideTooDark,
        Guidance::Frame(Verdict::TooBright) => Text::GuideTooBright,
        Guidance::Frame(Verdict::Blurry) => Text::GuideBlurry,
    }
}

/// Live camera with guidance, auto-capture when the frame is good, and a manual shutter.
#[function_component(CaptureScreen)]
pub fn capture_screen(props: &Props) -> Html {
    let ctx = use_journey();
    let side = props.side;
    let video = use_node_ref();
    let analysis = use_node_ref();
    let camera_state = use_camera(side.facing_mode(), video.clone());
    let taking = use_mut_ref(|| false);

    let take_photo = {
        let (journey, video, taking) = (ctx.journey.clone(), video.clone(), taking.clone());
        Callback::from(move |_: ()| {
            if *taking.borrow() {
                return;
            }
            let Some(v) = video.cast::<HtmlVideoElement>() else {
                return;
            };
            *taking.borrow_mut() = true;
            let (journey, taking) = (journey.clone(), taking.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match camera::capture_jpeg(&v).await {
                    Some(jpeg) => journey.dispatch(Action::Captured(Capture {
                        jpeg: Rc::new(jpeg),
                    })),
                    None => *taking.borrow_mut() = false,
                }
            });
        })
    };

    let live = *camera_state == CameraState::Live;
    let guidance = use_frame_guidance(live, video.clone(), analysis.clone(), take_photo.clone());

    {
        let journey = ctx.journey.clone();
        use_effect_with((*camera_state).clone(), move |state| {
            if let CameraState::Failed(problem) = state {
                journey.dispatch(Action::CameraFailed(*problem));
            }
        });
    }

    let passport = ctx.journey.document == Some(DocumentType::Passport);
    let reverify = ctx.journey.is_reverify();
    let (current, total) = step_of(side, ctx.journey.document, reverify);
    let status = if live {
        ctx.text(guidance_text(guidance))
    } else {
        ctx.text(Text::StartingCamera)
    };
    let on_shutter = {
        let take_photo = take_photo.clone();
        Callback::from(move |_: MouseEvent| take_photo.emit(()))
    };
    let on_back = {
        let journey = ctx.journey.clone();
        Callback::from(move |_: MouseEvent| journey.dispatch(Action::Back))
    };
    html! {
        <section class={classes!("capture", format!("capture-{}", side.name()))}>
            <p class="step">{ step_label(ctx.locale(), current, total) }</p>
            { title(ctx.text(Text::CaptureTitle(side, passport))) }
            <p id="capture-help">{ ctx.text(Text::CaptureHelp(side)) }</p>
            <div class={classes!("camera", (side == Side::Selfie).then_some("mirrored"))}>
                <video ref={video} playsinline=true muted=true autoplay=true
                    aria-label={ctx.text(Text::CameraPreview(side))}
                    aria-describedby="capture-help capture-guidance"></video>
                <div class={classes!("guide", if side == Side::Selfie { "guide-face" } else { "guide-card" })}
                    aria-hidden="true"></div>
            </div>
            <canvas ref={analysis} class="offscreen" aria-hidden="true"></canvas>
            <p id="capture-guidance" class="guidance" role="status" aria-live="polite">{ status }</p>
            <div class="actions">
                <button type="button" class="btn primary shutter" disabled={!live} onclick={on_shutter}>
                    { ctx.text(Text::TakePhoto) }
                </button>
                if !reverify {
                    <button type="button" class="btn secondary" onclick={on_back}>{ ctx.text(Text::Back) }</button>
                }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_count_three_photos_for_cards_and_two_for_passports() {
        let dl = Some(DocumentType::DriversLicense);
        assert_eq!(step_of(Side::Front, dl, false), (1, 3));
        assert_eq!(step_of(Side::Back, dl, false), (2, 3));
        assert_eq!(step_of(Side::Selfie, dl, false), (3, 3));
        let pp = Some(DocumentType::Passport);
        assert_eq!(step_of(Side::Front, pp, false), (1, 2));
        assert_eq!(step_of(Side::Selfie, pp, false), (2, 2));
        assert_eq!(step_of(Side::Selfie, None, true), (1, 1));
    }
}
