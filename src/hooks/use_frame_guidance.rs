use std::cell::RefCell;
use std::rc::Rc;

use frame_quality::{judge, luma_from_rgba, measure, AutoCapture, Thresholds, Verdict};
use gloo_timers::callback::Interval;
use web_sys::{HtmlCanvasElement, HtmlVideoElement};
use yew::prelude::*;

use crate::camera;

/// How often a frame is judged, and how many good frames in a row trigger auto-capture.
const SAMPLE_EVERY_MS: u32 = 200;
const GOOD_FRAMES_TO_CAPTURE: u32 = 10;
/// Analysis resolution: enough for exposure and blur, cheap on any phone.
const SAMPLE_WIDTH: u32 = 320;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guidance {
    NoFrame,
    Frame(Verdict),
    Capturing,
}

/// While `active`, samples the video, publishes guidance, and calls `on_good` once when the
/// frame has been good long enough.
#[hook]
pub fn use_frame_guidance(
    active: bool,
    video: NodeRef,
    canvas: NodeRef,
    on_good: Callback<()>,
) -> Guidance {
    // `_eq`: the live region only changes (and is only announced) when the advice changes.
    let guidance = use_state_eq(|| Guidance::NoFrame);
    {
        let guidance = guidance.clone();
        use_effect_with(active, move |active| {
            let interval = active.then(|| {
                let auto = Rc::new(RefCell::new(AutoCapture::new(GOOD_FRAMES_TO_CAPTURE)));
                let thresholds = Thresholds::default();
                Interval::new(SAMPLE_EVERY_MS, move || {
                    let (Some(v), Some(c)) = (
                        video.cast::<HtmlVideoElement>(),
                        canvas.cast::<HtmlCanvasElement>(),
                    ) else {
                        return;
                    };
                    let Some((rgba, w, h)) = camera::sample(&v, &c, SAMPLE_WIDTH) else {
                        guidance.set(Guidance::NoFrame);
                        return;
                    };
                    let luma = luma_from_rgba(&rgba);
                    let verdict = judge(&measure(&luma, w as usize, h as usize), &thresholds);
                    let fire = auto.borrow_mut().push(verdict);
                    if fire {
                        guidance.set(Guidance::Capturing);
                        on_good.emit(());
                    } else if !auto.borrow().has_fired() {
                        guidance.set(Guidance::Frame(verdict));
                    }
                })
            });
            move || drop(interval)
        });
    }
    *guidance
}
