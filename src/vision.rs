//! Shell over the analysis Web Worker (`vision-worker`): starts it once the first screen is
//! painted, so it loads while the patient reads it, hands it camera frames without copying pixels on this thread (a WebCodecs
//! `VideoFrame` wrapping the camera's buffer where the browser has it, else `createImageBitmap`;
//! transferred either way), and passes its answers on. What a frame means is decided
//! in the worker (frame-vision); what to do with a picture in [`crate::journey`].

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use idv_wire::vision::{FromWorker, Side, Sighting, ToWorker};
use js_sys::{Array, ArrayBuffer, Function, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlVideoElement, MessageEvent, Worker};
use yew::Callback;

use crate::camera;

/// The worker's script, next to the widget's `index.html` (built by `scripts/build.sh`).
const WORKER_URL: &str = "vision-worker_loader.js";
/// The least time between two frames sent (the worker answers each before the next is sent).
const FRAME_INTERVAL_MS: u32 = 150;

/// Whether the worker can take frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerState {
    /// The script is loading (the shutter works meanwhile).
    Loading,
    /// It answered its first message: frames can be sent.
    Ready,
    /// It could not start (an old browser, a blocked script): the shutter works alone.
    Unavailable,
}

/// A worker answer, with the JPEG that came beside it.
struct Reply {
    message: FromWorker,
    jpeg: Option<Vec<u8>>,
}

/// Who hears the worker's answers: the capture screen on display, if any.
type Listener = Rc<dyn Fn(Reply)>;

/// The one analysis worker of the page. Made at once, started later
/// ([`VisionWorker::start_after_paint`]): its ~900 KB of wasm compiling beside the page's own
/// would delay the first screen.
pub struct VisionWorker {
    this: std::rc::Weak<VisionWorker>,
    worker: RefCell<Option<Worker>>,
    state: Cell<WorkerState>,
    /// Set once the start is scheduled (or done).
    started: Cell<bool>,
    listener: RefCell<Option<Listener>>,
    handlers: RefCell<Option<Handlers>>,
}

/// The worker's message and error handlers, kept alive as long as it is.
type Handlers = (
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(JsValue)>,
);

impl PartialEq for VisionWorker {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

fn reply_of(event: &MessageEvent) -> Option<Reply> {
    let data = Array::from(&event.data());
    let json = data.get(0).as_string()?;
    let message: FromWorker = serde_json::from_str(&json).ok()?;
    let jpeg = data
        .get(1)
        .dyn_into::<ArrayBuffer>()
        .ok()
        .map(|b| Uint8Array::new(&b).to_vec());
    Some(Reply { message, jpeg })
}

impl VisionWorker {
    /// The page's worker, not started yet: see [`VisionWorker::start_after_paint`].
    pub fn start() -> Rc<Self> {
        Rc::new_cyclic(|weak| VisionWorker {
            this: weak.clone(),
            worker: RefCell::default(),
            state: Cell::new(WorkerState::Loading),
            started: Cell::new(false),
            listener: RefCell::default(),
            handlers: RefCell::default(),
        })
    }

    /// Starts the worker once the next frame has been painted (the first call only): called
    /// when the first screen shows, so the worker downloads and compiles while the patient
    /// reads it, not while the page is still getting there.
    pub fn start_after_paint(&self) {
        if self.started.replace(true) {
            return;
        }
        let weak = self.this.clone();
        let after_paint = move || {
            // A timer set in an animation frame runs after that frame is painted.
            Timeout::new(0, move || {
                if let Some(this) = weak.upgrade() {
                    this.spawn();
                }
            })
            .forget();
        };
        let scheduled = web_sys::window().and_then(|w| {
            w.request_animation_frame(&Closure::once_into_js(after_paint).unchecked_into())
                .ok()
        });
        if scheduled.is_none() {
            self.spawn();
        }
    }

    /// Starts it now, if that has not been done.
    fn ensure_started(&self) {
        if self.worker.borrow().is_none() && self.state.get() == WorkerState::Loading {
            self.started.set(true);
            self.spawn();
        }
    }

    fn notify(&self, reply: Reply) {
        let listener = self.listener.borrow().clone();
        if let Some(l) = listener {
            l(reply);
        }
    }

    fn spawn(&self) {
        if self.worker.borrow().is_some() || self.state.get() != WorkerState::Loading {
            return;
        }
        let Ok(worker) = Worker::new(WORKER_URL) else {
            self.state.set(WorkerState::Unavailable);
            self.notify(Reply {
                message: FromWorker::Unavailable {
                    reason: "the worker could not be made".into(),
                },
                jpeg: None,
            });
            return;
        };
        let weak = self.this.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let (Some(this), Some(reply)) = (weak.upgrade(), reply_of(&e)) else {
                return;
            };
            match &reply.message {
                FromWorker::Ready => this.state.set(WorkerState::Ready),
                FromWorker::Unavailable { reason } => {
                    web_sys::console::warn_1(&format!("capture checks off: {reason}").into());
                    this.state.set(WorkerState::Unavailable);
                }
                _ => {}
            }
            this.notify(reply);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let weak = self.this.clone();
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            let Some(this) = weak.upgrade() else { return };
            this.state.set(WorkerState::Unavailable);
            this.notify(Reply {
                message: FromWorker::Unavailable {
                    reason: "the worker did not load".into(),
                },
                jpeg: None,
            });
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *self.handlers.borrow_mut() = Some((on_message, on_error));
        *self.worker.borrow_mut() = Some(worker);
    }

    /// Whether the worker can take frames now.
    pub fn state(&self) -> WorkerState {
        self.state.get()
    }

    fn send(&self, request: &ToWorker, bitmap: Option<&JsValue>) -> bool {
        let worker = self.worker.borrow();
        let Some(worker) = worker.as_ref() else {
            return false;
        };
        let data = Array::of1(&JsValue::from_str(&request.to_json()));
        let transfer = Array::new();
        if let Some(b) = bitmap {
            data.push(b);
            transfer.push(b);
        }
        worker.post_message_with_transfer(&data, &transfer).is_ok()
    }
}

/// A picture for the journey: the JPEG, and what the worker saw (`None`: not analysed).
#[derive(Clone)]
pub struct Shot {
    /// The picture as encoded for upload.
    pub jpeg: Vec<u8>,
    /// The worker's verdict on this very frame (`None`: it was not analysed).
    pub sighting: Option<Sighting>,
    /// Taken automatically (a run of good frames), not by the shutter.
    pub auto: bool,
}

/// What a live analysis reports to its screen.
pub enum Event {
    /// The worker's verdict on a preview frame, and the video's width over its height.
    Seen(Sighting, f32),
    /// A picture: automatic, or from the shutter.
    Shot(Shot),
    /// The checks cannot run: the shutter alone.
    Unavailable,
    /// The shutter could not take a picture (no frame yet).
    ShotFailed,
}

struct Inner {
    worker: Rc<VisionWorker>,
    video: HtmlVideoElement,
    side: Side,
    seq: Cell<u32>,
    /// Frames are sent while this is set (cleared by a shot, a capture, or the end).
    pumping: Cell<bool>,
    alive: Cell<bool>,
    shooting: Cell<Option<u32>>,
    timer: RefCell<Option<Timeout>>,
    on_event: Callback<Event>,
}

/// One capture screen's analysis: sends frames while the camera shows, reports verdicts and
/// pictures. Dropping it stops everything and tells the worker to let go of kept frames.
pub struct LiveAnalysis {
    inner: Rc<Inner>,
}

impl LiveAnalysis {
    /// Starts analysing `video` for `side` in `worker`; events go to `on_event` until dropped.
    pub fn start(
        worker: Rc<VisionWorker>,
        video: HtmlVideoElement,
        side: Side,
        on_event: Callback<Event>,
    ) -> Self {
        let inner = Rc::new(Inner {
            worker,
            video,
            side,
            seq: Cell::new(0),
            pumping: Cell::new(true),
            alive: Cell::new(true),
            shooting: Cell::new(None),
            timer: RefCell::default(),
            on_event,
        });
        let weak = Rc::downgrade(&inner);
        let listener: Listener = Rc::new(move |reply| {
            if let Some(inner) = weak.upgrade() {
                Inner::on_reply(&inner, reply);
            }
        });
        *inner.worker.listener.borrow_mut() = Some(listener);
        // A capture screen reached before the first screen's paint started the worker.
        inner.worker.ensure_started();
        match inner.worker.state() {
            WorkerState::Ready => Inner::begin(&inner),
            WorkerState::Unavailable => inner.on_event.emit(Event::Unavailable),
            WorkerState::Loading => {}
        }
        Self { inner }
    }

    /// The shutter: the current frame, analysed as a still, comes back as [`Event::Shot`].
    pub fn shoot(&self) {
        Inner::shoot(&self.inner);
    }

    /// Back to the live preview after a refused picture or a "take it again".
    pub fn resume(&self) {
        let inner = &self.inner;
        inner.shooting.set(None);
        if inner.worker.state() == WorkerState::Ready && !inner.pumping.get() {
            Inner::begin(inner);
        }
    }
}

impl Drop for LiveAnalysis {
    fn drop(&mut self) {
        let inner = &self.inner;
        inner.alive.set(false);
        inner.pumping.set(false);
        inner.timer.borrow_mut().take();
        inner.worker.listener.borrow_mut().take();
        inner.worker.send(&ToWorker::Stop, None);
    }
}

impl Inner {
    fn begin(this: &Rc<Self>) {
        this.pumping.set(true);
        this.worker.send(&ToWorker::Start { side: this.side }, None);
        Self::next_frame(this, 0);
    }

    fn next_frame(this: &Rc<Self>, delay_ms: u32) {
        let weak = Rc::downgrade(this);
        *this.timer.borrow_mut() = Some(Timeout::new(delay_ms, move || {
            if let Some(inner) = weak.upgrade() {
                Self::send_frame(&inner);
            }
        }));
    }

    fn send_frame(this: &Rc<Self>) {
        if !this.alive.get() || !this.pumping.get() {
            return;
        }
        let this = this.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match grab(&this.video).await {
                Some(bitmap) if this.alive.get() && this.pumping.get() => {
                    let seq = this.seq.get().wrapping_add(1);
                    this.seq.set(seq);
                    if !this.worker.send(&ToWorker::Frame { seq }, Some(&bitmap)) {
                        close(&bitmap);
                    }
                }
                Some(bitmap) => close(&bitmap),
                // No picture yet (the camera is starting): try again shortly.
                None => Self::next_frame(&this, FRAME_INTERVAL_MS),
            }
        });
    }

    fn shoot(this: &Rc<Self>) {
        if this.shooting.get().is_some() {
            return;
        }
        this.pumping.set(false);
        this.timer.borrow_mut().take();
        let this = this.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if this.worker.state() == WorkerState::Ready {
                if let Some(bitmap) = grab(&this.video).await {
                    let seq = this.seq.get().wrapping_add(1);
                    this.seq.set(seq);
                    this.shooting.set(Some(seq));
                    if this.worker.send(&ToWorker::Shoot { seq }, Some(&bitmap)) {
                        return;
                    }
                    close(&bitmap);
                    this.shooting.set(None);
                }
            }
            Self::shoot_unchecked(&this).await;
        });
    }

    /// The page's own full-frame JPEG, unanalysed: the shutter must work without the worker.
    async fn shoot_unchecked(this: &Rc<Self>) {
        let event = match camera::capture_jpeg(&this.video).await {
            Some(jpeg) => Event::Shot(Shot {
                jpeg,
                sighting: None,
                auto: false,
            }),
            None => {
                // No frame yet (the camera is starting; the worker starts after the first
                // screen, so it may still be loading too): back to the preview, whose checks
                // or a second press take the picture.
                if this.alive.get() && this.worker.state() == WorkerState::Ready {
                    Self::begin(this);
                }
                Event::ShotFailed
            }
        };
        if this.alive.get() {
            this.on_event.emit(event);
        }
    }

    fn on_reply(this: &Rc<Self>, reply: Reply) {
        if !this.alive.get() {
            return;
        }
        match reply.message {
            FromWorker::Ready => Self::begin(this),
            FromWorker::Unavailable { .. } => {
                this.pumping.set(false);
                this.on_event.emit(Event::Unavailable);
            }
            FromWorker::Seen { sighting, .. } => {
                if this.shooting.get().is_some() {
                    return;
                }
                let (w, h) = (this.video.video_width(), this.video.video_height());
                let aspect = if h > 0 {
                    w as f32 / h as f32
                } else {
                    4.0 / 3.0
                };
                let capturing = sighting.streak >= sighting.needed;
                this.on_event.emit(Event::Seen(sighting, aspect));
                if capturing {
                    // The worker is encoding the picture: no more frames for this step.
                    this.pumping.set(false);
                } else if this.pumping.get() {
                    Self::next_frame(this, FRAME_INTERVAL_MS);
                }
            }
            FromWorker::Captured {
                seq,
                auto,
                sighting,
                ..
            } => {
                // An automatic capture that lost the race with the shutter is not used.
                if auto && this.shooting.get().is_some() {
                    return;
                }
                if !auto && this.shooting.get() != Some(seq) {
                    return;
                }
                let Some(jpeg) = reply.jpeg else {
                    return;
                };
                this.pumping.set(false);
                this.on_event.emit(Event::Shot(Shot {
                    jpeg,
                    sighting: Some(sighting),
                    auto,
                }));
            }
            FromWorker::Failed { seq, .. } => {
                if this.shooting.get() == Some(seq) {
                    this.shooting.set(None);
                    let this = this.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        Self::shoot_unchecked(&this).await;
                    });
                } else if this.pumping.get() {
                    Self::next_frame(this, FRAME_INTERVAL_MS);
                }
            }
        }
    }
}

/// The video's current frame, to transfer to the worker: a `VideoFrame` (the camera's buffer,
/// no copy here) where WebCodecs exists, else an `ImageBitmap` (a copy the browser makes, on
/// this thread when it has no GPU). web-sys has `VideoFrame` only behind its unstable flag, so
/// it is reached by name.
async fn grab(video: &HtmlVideoElement) -> Option<JsValue> {
    if !camera::has_frame(video) {
        return None;
    }
    let window = web_sys::window()?;
    let video_frame = Reflect::get(&window, &"VideoFrame".into())
        .ok()
        .and_then(|c| c.dyn_into::<Function>().ok());
    if let Some(constructor) = video_frame {
        if let Ok(frame) = Reflect::construct(&constructor, &Array::of1(video)) {
            return Some(frame);
        }
    }
    let promise = window
        .create_image_bitmap_with_html_video_element(video)
        .ok()?;
    JsFuture::from(promise).await.ok()
}

/// Releases a frame that will not be sent.
fn close(frame: &JsValue) {
    if let Some(f) = Reflect::get(frame, &"close".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    {
        let _ = f.call0(frame);
    }
}

/// A picture the patient chose from a file, judged as a shutter press on that image would be:
/// the worker looks for the document, crops and compresses it, and says what it saw. Where the
/// worker cannot run (or fails on it), the page encodes the picture itself, unanalysed.
/// `None`: the file is not an image the browser can open.
pub async fn analyse_file(
    worker: &Rc<VisionWorker>,
    side: Side,
    file: &web_sys::Blob,
) -> Option<Shot> {
    let bitmap = decode(file).await?;
    if worker.state() == WorkerState::Ready {
        if let Some(shot) = worker_still(worker, side, bitmap.clone()).await {
            return Some(shot);
        }
    }
    // The bitmap went to the worker (transferred, so detached here): decode again.
    let bitmap = decode(file).await?;
    let jpeg = camera::bitmap_jpeg(&bitmap).await;
    bitmap.close();
    Some(Shot {
        jpeg: jpeg?,
        sighting: None,
        auto: false,
    })
}

async fn decode(file: &web_sys::Blob) -> Option<web_sys::ImageBitmap> {
    let promise = web_sys::window()?
        .create_image_bitmap_with_blob(file)
        .ok()?;
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// The sequence number of a still: far from the live frames' counter.
const STILL_SEQ: u32 = u32::MAX - 1;

/// Sends `bitmap` to the worker as a shutter press and waits for its picture.
async fn worker_still(
    worker: &Rc<VisionWorker>,
    side: Side,
    bitmap: web_sys::ImageBitmap,
) -> Option<Shot> {
    let answer: Rc<RefCell<Option<Shot>>> = Rc::default();
    let promise = {
        let answer = answer.clone();
        js_sys::Promise::new(&mut |resolve, _reject| {
            let answer = answer.clone();
            let listener: Listener = Rc::new(move |reply: Reply| match reply.message {
                FromWorker::Captured { seq, sighting, .. } if seq == STILL_SEQ => {
                    *answer.borrow_mut() = reply.jpeg.map(|jpeg| Shot {
                        jpeg,
                        sighting: Some(sighting),
                        auto: false,
                    });
                    let _ = resolve.call0(&JsValue::NULL);
                }
                FromWorker::Failed { seq, .. } if seq == STILL_SEQ => {
                    let _ = resolve.call0(&JsValue::NULL);
                }
                FromWorker::Unavailable { .. } => {
                    let _ = resolve.call0(&JsValue::NULL);
                }
                _ => {}
            });
            *worker.listener.borrow_mut() = Some(listener);
        })
    };
    let sent = worker.send(&ToWorker::Start { side }, None)
        && worker.send(&ToWorker::Shoot { seq: STILL_SEQ }, Some(&bitmap.into()));
    if sent {
        let _ = JsFuture::from(promise).await;
    }
    worker.listener.borrow_mut().take();
    worker.send(&ToWorker::Stop, None);
    let shot = answer.borrow_mut().take();
    shot
}
