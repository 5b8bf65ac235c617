use idv_wire::vision::{Corner, Verdict};
use idv_wire::DocumentType;
use yew::prelude::*;

use super::{phone_button, title, use_journey, FilePicker};
use crate::hooks::{use_camera, use_vision, CameraState, Instruction, VisionView};
use crate::i18n::{step_label, Text};
use crate::journey::{shot_outcome, Action, Capture, ShotOutcome, Side};
use crate::vision::Shot;

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

/// The polygon's points in a viewBox `aspect` wide and 1 high.
fn points(outline: &[Corner; 4], aspect: f32) -> String {
    outline
        .iter()
        .map(|[x, y]| format!("{},{}", fixed4(x * aspect), fixed4(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `v` with four decimals (`0.4444`), in integers: the float formatter `{:.4}` costs the widget
/// several KB of wasm for the outline alone.
fn fixed4(v: f32) -> String {
    let n = (f64::from(v) * 10_000.0).round() as i64;
    let sign = if n < 0 { "-" } else { "" };
    let n = n.unsigned_abs();
    format!("{sign}{}.{:04}", n / 10_000, n % 10_000)
}

/// The document or face the checks found, drawn over the preview (which is cropped to fill
/// its box like `object-fit: cover`, hence `slice`).
fn outline(view: &VisionView) -> Html {
    let Some(o) = &view.outline else {
        return html! {};
    };
    html! {
        <svg class={classes!("outline", view.good.then_some("good"))}
            viewBox={format!("0 0 {} 1", fixed4(view.aspect))} preserveAspectRatio="xMidYMid slice"
            aria-hidden="true" focusable="false">
            <polygon points={points(o, view.aspect)} />
        </svg>
    }
}

/// After this long on a capture screen without one good frame, "Use this photo anyway?"
/// offers **Use this photo** first, with the concern stated: the checks have had their
/// chance, and an endless "Take it again" only wears the patient out (login.gov falls back
/// after 3 failed tries). The vendor still judges the picture.
pub const KEEPS_FAILING_MS: f64 = 10_000.0;

/// Whether the question's default answer is to use the picture: the checks have kept failing
/// for [`KEEPS_FAILING_MS`].
pub fn offer_photo_first(failing_ms: f64) -> bool {
    failing_ms >= KEEPS_FAILING_MS
}

/// A picture that failed a check, waiting for the patient's choice.
#[derive(Clone)]
struct Pending {
    shot: Shot,
    concern: Verdict,
    /// The checks kept failing long enough that using it is the default answer.
    use_first: bool,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.concern == other.concern
            && self.use_first == other.use_first
            && self.shot.jpeg == other.shot.jpeg
    }
}

/// Live camera with one instruction at a time from the on-device checks, an outline of what
/// they found, automatic capture of the sharpest good frame, and a shutter that always works.
#[function_component(CaptureScreen)]
pub fn capture_screen(props: &Props) -> Html {
    let ctx = use_journey();
    let side = props.side;
    let vision_side = side.vision(ctx.journey.document);
    let video = use_node_ref();
    let camera_state = use_camera(side.facing_mode(), video.clone());
    let pending = use_state(|| None::<Pending>);
    // A selfie the checks refused: said once, assertively, until the next picture.
    let refused = use_state(|| None::<Verdict>);
    let confirm_heading = use_node_ref();
    // Since when the checks have failed without a break (reset by any good frame).
    let failing_since = use_mut_ref(js_sys::Date::now);

    let on_shot = {
        let (journey, pending, refused) = (ctx.journey.clone(), pending.clone(), refused.clone());
        let failing_since = failing_since.clone();
        Callback::from(
            move |shot: Shot| match shot_outcome(vision_side, shot.sighting.as_ref()) {
                ShotOutcome::Use => {
                    refused.set(None);
                    journey.dispatch(Action::Captured(Capture::new(
                        shot.jpeg,
                        shot.sighting.as_ref(),
                    )));
                }
                ShotOutcome::AskUseAnyway(concern) => {
                    let use_first =
                        offer_photo_first(js_sys::Date::now() - *failing_since.borrow());
                    pending.set(Some(Pending {
                        shot,
                        concern,
                        use_first,
                    }));
                }
                ShotOutcome::Refuse(concern) => refused.set(Some(concern)),
            },
        )
    };
    let live = *camera_state == CameraState::Live;
    let (view, controls) = use_vision(
        ctx.vision.clone(),
        vision_side,
        live,
        video.clone(),
        on_shot,
    );
    {
        let failing_since = failing_since.clone();
        use_effect_with(view.good, move |good| {
            if *good {
                *failing_since.borrow_mut() = js_sys::Date::now();
            }
        });
    }
    // A refused selfie: back to the live preview at once (the message stays until the next).
    {
        let resume = controls.resume.clone();
        use_effect_with(*refused, move |r| {
            if r.is_some() {
                resume.emit(());
            }
        });
    }
    // "Use anyway?" takes the focus, so a screen reader reads the question first.
    {
        let heading = confirm_heading.clone();
        use_effect_with(pending.is_some(), move |shown| {
            if *shown {
                if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }
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
    let status = if !live {
        ctx.text(Text::StartingCamera)
    } else {
        match view.instruction {
            Instruction::Waiting => ctx.text(Text::GuideNoFrame),
            Instruction::Verdict(v) => ctx.text(Text::Guide(vision_side, v)),
            Instruction::Capturing => ctx.text(Text::GuideCapturing),
            Instruction::Manual => ctx.text(Text::GuideManual(vision_side)),
        }
    };
    let on_shutter = {
        let (shoot, refused) = (controls.shoot.clone(), refused.clone());
        Callback::from(move |_: MouseEvent| {
            refused.set(None);
            shoot.emit(())
        })
    };
    let on_back = {
        let journey = ctx.journey.clone();
        Callback::from(move |_: MouseEvent| journey.dispatch(Action::Back))
    };
    let confirm = (*pending).clone().map(|p| {
        let use_anyway = {
            let (journey, p) = (ctx.journey.clone(), p.clone());
            Callback::from(move |_: MouseEvent| {
                journey.dispatch(Action::Captured(Capture::new(
                    p.shot.jpeg.clone(),
                    p.shot.sighting.as_ref(),
                )))
            })
        };
        let again = {
            let (pending, resume) = (pending.clone(), controls.resume.clone());
            Callback::from(move |_: MouseEvent| {
                pending.set(None);
                resume.emit(());
            })
        };
        html! {
            <div class="use-anyway" role="group" aria-labelledby="use-anyway-title"
                aria-describedby="use-anyway-reason use-anyway-body">
                <h2 id="use-anyway-title" tabindex="-1" ref={confirm_heading.clone()}>
                    { ctx.text(Text::UseAnywayTitle) }
                </h2>
                <p id="use-anyway-reason" class="concern">{ ctx.text(Text::Guide(vision_side, p.concern)) }</p>
                <p id="use-anyway-body">{ ctx.text(Text::UseAnywayBody) }</p>
                if p.use_first {
                    <div class="actions">
                        <button type="button" class="btn primary use-anyway-button" onclick={use_anyway}>
                            { ctx.text(Text::UsePhoto) }
                        </button>
                        <button type="button" class="btn secondary retake-instead" onclick={again}>
                            { ctx.text(Text::RetakeInstead) }
                        </button>
                    </div>
                } else {
                    <div class="actions">
                        <button type="button" class="btn primary retake-instead" onclick={again}>
                            { ctx.text(Text::RetakeInstead) }
                        </button>
                        <button type="button" class="btn secondary use-anyway-button" onclick={use_anyway}>
                            { ctx.text(Text::UseAnyway) }
                        </button>
                    </div>
                }
            </div>
        }
    });
    let (streak, needed) = view.progress;
    html! {
        <section class={classes!("capture", format!("capture-{}", side.name()))}
            data-analysed={view.frames.to_string()}
            data-verdict={match view.instruction {
                Instruction::Verdict(v) => v.as_str(),
                Instruction::Capturing => "capturing",
                Instruction::Manual => "manual",
                Instruction::Waiting => "waiting",
            }}>
            <p class="step">{ step_label(ctx.locale(), current, total) }</p>
            { title(ctx.text(Text::CaptureTitle(side, passport))) }
            <p id="capture-help">{ ctx.text(Text::CaptureHelp(side)) }</p>
            <div class={classes!("camera", (side == Side::Selfie).then_some("mirrored"))}>
                <video ref={video} playsinline=true muted=true autoplay=true
                    aria-label={ctx.text(Text::CameraPreview(side))}
                    aria-describedby="capture-help capture-guidance"></video>
                <div class={classes!("guide", if side == Side::Selfie { "guide-face" } else { "guide-card" })}
                    aria-hidden="true"></div>
                { outline(&view) }
                if streak > 0 && pending.is_none() {
                    <progress class="autocapture" max={needed.to_string()} value={streak.to_string()}
                        aria-hidden="true"></progress>
                }
            </div>
            <p id="capture-guidance" class="guidance" role="status" aria-live="polite">{ status }</p>
            if let Some(v) = *refused {
                <p class="refused" role="alert">{ ctx.text(Text::Guide(vision_side, v)) }</p>
            }
            if let Some(c) = confirm {
                { c }
            } else {
                <div class="actions">
                    <button type="button" class="btn primary shutter" disabled={!live} onclick={on_shutter}>
                        { ctx.text(Text::TakePhoto) }
                    </button>
                    if !reverify {
                        <button type="button" class="btn secondary" onclick={on_back}>{ ctx.text(Text::Back) }</button>
                    }
                    { phone_button(&ctx) }
                </div>
                <FilePicker side={props.side} />
            }
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

    #[test]
    fn after_ten_seconds_of_failing_checks_the_photo_is_used_first() {
        assert!(!offer_photo_first(0.0));
        assert!(!offer_photo_first(9_999.0));
        assert!(offer_photo_first(10_000.0));
        assert!(offer_photo_first(60_000.0));
    }

    #[test]
    fn four_decimals_without_the_float_formatter() {
        for (v, text) in [
            (0.0, "0.0000"),
            (1.77777, "1.7778"),
            (-0.25, "-0.2500"),
            (12.5, "12.5000"),
        ] {
            assert_eq!(fixed4(v), text);
            assert_eq!(fixed4(v), format!("{v:.4}"));
        }
    }

    #[test]
    fn the_outline_is_laid_in_the_video_aspect() {
        let o = [[0.25, 0.2], [0.75, 0.2], [0.75, 0.8], [0.25, 0.8]];
        assert_eq!(
            points(&o, 16.0 / 9.0),
            "0.4444,0.2000 1.3333,0.2000 1.3333,0.8000 0.4444,0.8000"
        );
    }
}
