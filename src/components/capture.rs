//! The capture screen: the live camera with guidance from the on-device checks, automatic
//! capture of a good frame, and a shutter that always works.

use idv_wire::vision::Verdict;
use idv_wire::DocumentType;
use yew::prelude::*;

use super::camera_view::camera_view;
use super::use_anyway::ask_use_anyway;
use super::{phone_button, title, use_journey, FilePicker};
use crate::hooks::{use_camera, use_vision, CameraState, Instruction};
use crate::i18n::{step_label, Key, Text};
use crate::journey::{shot_outcome, Action, Capture, ShotOutcome, Side};
use crate::vision::Shot;

/// Which picture this screen takes.
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Front, back or selfie.
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
    // Since when the checks have failed without a break (reset by any good frame).
    let confirm_heading = use_node_ref();
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
    // A re-verification, or a wallet's licence, takes the selfie alone.
    let reverify = ctx.journey.is_reverify() || ctx.journey.wallet.is_some();
    let (current, total) = step_of(side, ctx.journey.document, reverify);
    let status = if !live {
        ctx.text(Key::StartingCamera)
    } else {
        match view.instruction {
            Instruction::Waiting => ctx.text(Key::GuideNoFrame),
            Instruction::Verdict(v) => ctx.text(Text::Guide(vision_side, v)),
            Instruction::Capturing => ctx.text(Key::GuideCapturing),
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
        let on_use = {
            let (journey, p) = (ctx.journey.clone(), p.clone());
            Callback::from(move |_: MouseEvent| {
                journey.dispatch(Action::Captured(Capture::new(
                    p.shot.jpeg.clone(),
                    p.shot.sighting.as_ref(),
                )))
            })
        };
        let on_again = {
            let (pending, resume) = (pending.clone(), controls.resume.clone());
            Callback::from(move |_: MouseEvent| {
                pending.set(None);
                resume.emit(());
            })
        };
        ask_use_anyway(
            &ctx,
            &confirm_heading,
            ctx.text(Text::Guide(vision_side, p.concern)),
            p.use_first,
            on_use,
            on_again,
        )
    });
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
            if let Some(w) = ctx.journey.wallet.as_ref().filter(|_| side == Side::Selfie) {
                <p class="wallet-accepted">
                    { ctx.text(Key::WalletAccepted) }{ " " }<strong>{ &w.issuing_authority }</strong>
                </p>
            }
            <p id="capture-help">{ ctx.text(Text::CaptureHelp(side)) }</p>
            { camera_view(side, &video, &view, view.progress.0 > 0 && pending.is_none(),
                ctx.text(Text::CameraPreview(side))) }
            <p id="capture-guidance" class="guidance" role="status" aria-live="polite">{ status }</p>
            if let Some(v) = *refused {
                <p class="refused" role="alert">{ ctx.text(Text::Guide(vision_side, v)) }</p>
            }
            if let Some(c) = confirm {
                { c }
            } else {
                <div class="actions">
                    <button type="button" class="btn primary shutter" disabled={!live} onclick={on_shutter}>
                        { ctx.text(Key::TakePhoto) }
                    </button>
                    if !reverify {
                        <button type="button" class="btn secondary" onclick={on_back}>{ ctx.text(Key::Back) }</button>
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
}
