//! The camera of a capture screen: `getUserMedia`, every track stopped on unmount and
//! `pagehide`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlVideoElement, MediaStream};
use yew::prelude::*;

use crate::camera;
use crate::journey::CameraProblem;

/// Where the camera stands.
#[derive(Debug, Clone, PartialEq)]
pub enum CameraState {
    /// Asked for, not showing yet.
    Starting,
    /// Showing frames.
    Live,
    /// It could not start.
    Failed(CameraProblem),
}

fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Opens the camera facing `facing` into `video` while the calling component is mounted and the
/// page is visible. Every track is stopped when the component unmounts, when `facing` changes,
/// on `pagehide`, and while the page is hidden (a phone switching apps, a locked screen): the
/// camera light goes off, and the camera opens again when the patient comes back, on the same
/// step.
#[hook]
pub fn use_camera(facing: &'static str, video: NodeRef) -> UseStateHandle<CameraState> {
    let state = use_state(|| CameraState::Starting);
    let hidden = use_state(page_hidden);
    {
        let hidden = hidden.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let on_change = Closure::<dyn FnMut()>::new(move || hidden.set(page_hidden()));
            if let Some(d) = &document {
                let _ = d.add_event_listener_with_callback(
                    "visibilitychange",
                    on_change.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(d) = &document {
                    let _ = d.remove_event_listener_with_callback(
                        "visibilitychange",
                        on_change.as_ref().unchecked_ref(),
                    );
                }
                drop(on_change);
            }
        });
    }
    {
        let state = state.clone();
        use_effect_with((facing, *hidden), move |&(facing, hidden)| {
            let stream: Rc<RefCell<Option<MediaStream>>> = Rc::default();
            let cancelled = Rc::new(Cell::new(false));
            let stop_all = {
                let stream = stream.clone();
                let video = video.clone();
                move || {
                    if let Some(s) = stream.borrow_mut().take() {
                        camera::stop(&s);
                    }
                    if let Some(v) = video.cast::<HtmlVideoElement>() {
                        camera::detach(&v);
                    }
                }
            };
            state.set(CameraState::Starting);
            if !hidden {
                let (stream, cancelled, video, state) = (
                    stream.clone(),
                    cancelled.clone(),
                    video.clone(),
                    state.clone(),
                );
                wasm_bindgen_futures::spawn_local(async move {
                    let opened = camera::open(facing).await;
                    match opened {
                        // Unmounted while the permission prompt was open: release at once.
                        Ok(s) if cancelled.get() => camera::stop(&s),
                        Ok(s) => {
                            // `Clone::clone`, not `MediaStream::clone` (which would copy the
                            // tracks, and the copies would never be stopped).
                            *stream.borrow_mut() = Some(Clone::clone(&s));
                            if let Some(v) = video.cast::<HtmlVideoElement>() {
                                camera::attach(&v, &s).await;
                            }
                            if !cancelled.get() {
                                state.set(CameraState::Live);
                            }
                        }
                        Err(problem) if !cancelled.get() => state.set(CameraState::Failed(problem)),
                        Err(_) => {}
                    }
                });
            }
            let on_pagehide = Closure::<dyn FnMut()>::new({
                let stop_all = stop_all.clone();
                move || stop_all()
            });
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback(
                    "pagehide",
                    on_pagehide.as_ref().unchecked_ref(),
                );
            }
            move || {
                cancelled.set(true);
                stop_all();
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback(
                        "pagehide",
                        on_pagehide.as_ref().unchecked_ref(),
                    );
                }
                drop(on_pagehide);
            }
        });
    }
    state
}
