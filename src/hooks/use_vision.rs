use std::cell::RefCell;
use std::rc::Rc;

use idv_wire::vision::{Corner, Side, Verdict};
use web_sys::HtmlVideoElement;
use yew::prelude::*;

use crate::guidance::Steady;
use crate::vision::{Event, LiveAnalysis, Shot, VisionWorker};

/// What the capture screen says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instruction {
    /// No verdict yet (the camera or the checks are starting).
    Waiting,
    /// One instruction from the checks.
    Verdict(Verdict),
    /// The automatic capture is taking the picture.
    Capturing,
    /// The checks cannot run here: the shutter alone.
    Manual,
}

/// The capture screen's view of the live analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct VisionView {
    /// The one thing to say now.
    pub instruction: Instruction,
    /// The document's corners or the face box, normalised to the video.
    pub outline: Option<[Corner; 4]>,
    /// The video's width over its height (to lay the outline over a cropped preview).
    pub aspect: f32,
    /// The current frame passed every check.
    pub good: bool,
    /// Good frames so far, and how many make an automatic capture.
    pub progress: (u32, u32),
    /// Frames analysed on this screen (shown to QA as `data-analysed`).
    pub frames: u32,
}

impl Default for VisionView {
    fn default() -> Self {
        Self {
            instruction: Instruction::Waiting,
            outline: None,
            aspect: 4.0 / 3.0,
            good: false,
            progress: (0, 1),
            frames: 0,
        }
    }
}

/// The shutter and the way back to the preview.
#[derive(Clone, PartialEq)]
pub struct VisionControls {
    /// Take a picture now (the sharpest recent frame, or the next one).
    pub shoot: Callback<()>,
    /// Back to the live preview after a picture was put aside.
    pub resume: Callback<()>,
}

/// While `active` (the camera shows), analyses the preview of `side` in the worker, and calls
/// `on_shot` with each picture taken (automatically or by the shutter).
#[hook]
pub fn use_vision(
    worker: Rc<VisionWorker>,
    side: Side,
    active: bool,
    video: NodeRef,
    on_shot: Callback<Shot>,
) -> (VisionView, VisionControls) {
    let view = use_state(VisionView::default);
    let steady = use_mut_ref(Steady::default);
    let frames = use_mut_ref(|| 0u32);
    let live: Rc<RefCell<Option<LiveAnalysis>>> = use_mut_ref(|| None);
    {
        let (view, steady, live) = (view.clone(), steady.clone(), live.clone());
        use_effect_with((active, side), move |&(active, side)| {
            steady.borrow_mut().reset();
            *frames.borrow_mut() = 0;
            view.set(VisionView::default());
            if active {
                if let Some(v) = video.cast::<HtmlVideoElement>() {
                    let on_event = {
                        let (view, steady) = (view.clone(), steady.clone());
                        Callback::from(move |event: Event| match event {
                            Event::Seen(s, aspect) => {
                                *frames.borrow_mut() += 1;
                                let shown = steady.borrow_mut().push(s.verdict);
                                let instruction = if s.streak >= s.needed {
                                    Instruction::Capturing
                                } else {
                                    Instruction::Verdict(shown)
                                };
                                view.set(VisionView {
                                    instruction,
                                    outline: s.outline,
                                    aspect,
                                    good: s.verdict == Verdict::Good,
                                    progress: (s.streak.min(s.needed), s.needed.max(1)),
                                    frames: *frames.borrow(),
                                });
                            }
                            Event::Shot(shot) => on_shot.emit(shot),
                            Event::Unavailable => view.set(VisionView {
                                instruction: Instruction::Manual,
                                ..VisionView::default()
                            }),
                            Event::ShotFailed => {}
                        })
                    };
                    *live.borrow_mut() = Some(LiveAnalysis::start(worker, v, side, on_event));
                }
            }
            move || {
                live.borrow_mut().take();
            }
        });
    }
    let shoot = {
        let live = live.clone();
        Callback::from(move |_: ()| {
            if let Some(l) = live.borrow().as_ref() {
                l.shoot();
            }
        })
    };
    let resume = {
        let (live, steady) = (live.clone(), steady.clone());
        Callback::from(move |_: ()| {
            steady.borrow_mut().reset();
            if let Some(l) = live.borrow().as_ref() {
                l.resume();
            }
        })
    };
    ((*view).clone(), VisionControls { shoot, resume })
}
