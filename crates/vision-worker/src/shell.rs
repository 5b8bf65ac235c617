//! The browser shell: messages in, pixels from camera frames (`VideoFrame`s where the browser
//! has them, else `ImageBitmap`s) through an `OffscreenCanvas`,
//! messages and JPEGs out. Every decision is in the library.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use frame_vision::picture::{next_quality, JPEG_QUALITIES};
use frame_vision::{Frame, Report, Side};
use idv_wire::vision::{FromWorker, Sighting, ToWorker};
use js_sys::{Array, ArrayBuffer, Function, Object, Reflect};
use vision_worker::{
    analysis_size, bgrx_to_rgba, direct_copy, failed, parse_request, picture_for, DirectCopy,
    Picture, Step,
};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, DedicatedWorkerGlobalScope, ImageBitmap, ImageEncodeOptions, MessageEvent,
    OffscreenCanvas, OffscreenCanvasRenderingContext2d,
};

/// A camera frame as the page sent it: a `VideoFrame` (WebCodecs: the camera's own buffer,
/// converted to pixels here, off the page's thread) or an `ImageBitmap`. Both are drawable and
/// closable; web-sys has `VideoFrame` only behind its unstable flag, so it is reached by name.
#[derive(Clone)]
struct Source {
    value: JsValue,
    width: u32,
    height: u32,
}

fn number(value: &JsValue, key: &str) -> Option<u32> {
    js_sys::Reflect::get(value, &key.into())
        .ok()?
        .as_f64()
        .filter(|v| *v >= 1.0)
        .map(|v| v as u32)
}

impl Source {
    fn of(value: JsValue) -> Option<Self> {
        let (width, height) = match value.dyn_ref::<ImageBitmap>() {
            Some(b) => (b.width(), b.height()),
            None => (
                number(&value, "displayWidth")?,
                number(&value, "displayHeight")?,
            ),
        };
        Some(Self {
            value,
            width,
            height,
        })
    }

    /// Releases the frame's memory (a camera's buffer pool is small: frames must not linger).
    fn close(&self) {
        let close = js_sys::Reflect::get(&self.value, &"close".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(f) = close {
            let _ = f.call0(&self.value);
        }
    }

    /// `ctx.drawImage(frame, sx, sy, sw, sh, dx, dy, dw, dh)`.
    fn draw(
        &self,
        ctx: &OffscreenCanvasRenderingContext2d,
        source: [f64; 4],
        target: [f64; 4],
    ) -> Result<(), String> {
        let draw: js_sys::Function = js_sys::Reflect::get(ctx, &"drawImage".into())
            .map_err(|e| format!("drawImage: {e:?}"))?
            .dyn_into()
            .map_err(|_| "drawImage is not a function".to_string())?;
        let args = Array::of1(&self.value);
        for v in source.iter().chain(target.iter()) {
            args.push(&JsValue::from_f64(*v));
        }
        draw.apply(ctx, &args)
            .map(|_| ())
            .map_err(|e| format!("drawImage: {e:?}"))
    }
}

thread_local! {
    /// Where `VideoFrame.copyTo` writes a frame's pixels ([`copy_video_frame`]).
    static STAGING: RefCell<Option<js_sys::Uint8Array>> = const { RefCell::new(None) };
}

/// A camera frame kept as the best of a streak: closed (its memory released) when dropped.
struct Kept(Source);

impl Drop for Kept {
    fn drop(&mut self) {
        self.0.close();
    }
}

struct Worker {
    scope: DedicatedWorkerGlobalScope,
    step: Step<Kept>,
    canvas: OffscreenCanvas,
    /// The last frame's RGBA, its memory reused from frame to frame.
    rgba: Vec<u8>,
    /// Messages not handled yet, in the order they came: reading a frame's pixels awaits the
    /// browser, and a message that comes meanwhile (a new step) must wait its turn.
    queue: VecDeque<(ToWorker, Option<Source>)>,
    /// Whether a task is working through `queue`.
    draining: bool,
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn now(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map_or(0.0, |p| p.now())
}

fn post(scope: &DedicatedWorkerGlobalScope, message: &FromWorker, buffer: Option<&ArrayBuffer>) {
    let data = Array::of1(&JsValue::from_str(&message.to_json()));
    let transfer = Array::new();
    if let Some(b) = buffer {
        data.push(b);
        transfer.push(b);
    }
    let _ = scope.post_message_with_transfer(&data, &transfer);
}

/// Loads the analysis (the face model included) and answers `ready`, or `unavailable`.
pub fn run() {
    let scope = scope();
    let worker = OffscreenCanvas::new(1, 1)
        .map_err(|e| format!("no OffscreenCanvas: {e:?}"))
        .and_then(|canvas| {
            Step::new(Side::Selfie)
                .map(|step| Worker {
                    scope: scope.clone(),
                    step,
                    canvas,
                    rgba: Vec::new(),
                    queue: VecDeque::new(),
                    draining: false,
                })
                .map_err(|e| e.to_string())
        });
    let worker = match worker {
        Ok(w) => Rc::new(RefCell::new(w)),
        Err(reason) => {
            post(&scope, &FromWorker::Unavailable { reason }, None);
            return;
        }
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = Array::from(&event.data());
        let json = data.get(0).as_string().unwrap_or_default();
        let bitmap = Source::of(data.get(1));
        let request = match parse_request(&json) {
            Ok(r) => r,
            Err(reason) => {
                let w = worker.borrow();
                post(&w.scope, &failed(0, reason), None);
                return;
            }
        };
        let mut w = worker.borrow_mut();
        w.queue.push_back((request, bitmap));
        if !w.draining {
            w.draining = true;
            wasm_bindgen_futures::spawn_local(drain(worker.clone()));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &FromWorker::Ready, None);
}

/// Handles the queued messages one after another, in order, until none is left.
async fn drain(worker: Rc<RefCell<Worker>>) {
    loop {
        let next = worker.borrow_mut().queue.pop_front();
        let Some((request, bitmap)) = next else {
            worker.borrow_mut().draining = false;
            return;
        };
        handle(&worker, request, bitmap).await;
    }
}

/// The frame's pixels into the worker's reused buffer (taken out of it while the browser
/// copies, so no borrow of the worker is held across the wait), and when the reading started.
async fn read(
    worker: &Rc<RefCell<Worker>>,
    bitmap: &Source,
) -> (f64, Vec<u8>, Result<(u32, u32), String>) {
    let (scope, canvas, mut px) = {
        let mut w = worker.borrow_mut();
        (
            w.scope.clone(),
            w.canvas.clone(),
            std::mem::take(&mut w.rgba),
        )
    };
    let started = now(&scope);
    let size = pixels(&canvas, bitmap, &mut px).await;
    (started, px, size)
}

async fn handle(worker: &Rc<RefCell<Worker>>, request: ToWorker, bitmap: Option<Source>) {
    let got = match (&request, &bitmap) {
        (ToWorker::Frame { .. } | ToWorker::Shoot { .. }, Some(b)) => Some(read(worker, b).await),
        _ => None,
    };
    let mut w = worker.borrow_mut();
    match (request, bitmap) {
        (ToWorker::Start { side }, _) => {
            if let Err(e) = w.step.restart(side) {
                let reason = e.to_string();
                post(&w.scope, &FromWorker::Unavailable { reason }, None);
            }
        }
        (ToWorker::Stop, _) => w.step.stop(),
        (ToWorker::Frame { seq }, Some(bitmap)) => {
            let Some((started, px, size)) = got else {
                return;
            };
            let scope = w.scope.clone();
            // Set when the streak keeps this frame: it is then closed when the streak lets go
            // of it (a sharper frame, a bad frame, the end of the step), not now.
            let is_kept = Cell::new(false);
            let result = size.and_then(|size| {
                let frame = Frame::rgba(&px, size.0 as usize, size.1 as usize)
                    .map_err(|e| e.to_string())?;
                let keep = || {
                    is_kept.set(true);
                    Kept(bitmap.clone())
                };
                let (report, sighting, kept) = w
                    .step
                    .preview(&frame, keep, || (now(&scope) - started) as f32)
                    .map_err(|e| e.to_string())?;
                Ok((report, sighting, kept, size))
            });
            w.rgba = px;
            drop(w);
            if !is_kept.get() {
                bitmap.close();
            }
            match result {
                Ok((report, sighting, kept, size)) => {
                    let seen = FromWorker::Seen {
                        seq,
                        sighting: sighting.clone(),
                    };
                    post(&scope, &seen, None);
                    if let Some(kept) = kept {
                        wasm_bindgen_futures::spawn_local(async move {
                            let answer = encode(&kept.0, &report, sighting, size, seq, true).await;
                            drop(kept);
                            send(&scope, seq, answer);
                        });
                    }
                }
                Err(reason) => post(&scope, &failed(seq, reason), None),
            }
        }
        (ToWorker::Shoot { seq }, Some(bitmap)) => {
            let Some((started, px, size)) = got else {
                return;
            };
            let scope = w.scope.clone();
            let shot = size.and_then(|size| {
                let frame = Frame::rgba(&px, size.0 as usize, size.1 as usize)
                    .map_err(|e| e.to_string())?;
                let (report, sighting) = w
                    .step
                    .shoot(&frame, || (now(&scope) - started) as f32)
                    .map_err(|e| e.to_string())?;
                Ok((report, sighting, size))
            });
            w.rgba = px;
            drop(w);
            match shot {
                Ok((report, sighting, size)) => {
                    let kept = Kept(bitmap);
                    wasm_bindgen_futures::spawn_local(async move {
                        let answer = encode(&kept.0, &report, sighting, size, seq, false).await;
                        drop(kept);
                        send(&scope, seq, answer);
                    });
                }
                Err(reason) => {
                    bitmap.close();
                    post(&scope, &failed(seq, reason), None);
                }
            }
        }
        (ToWorker::Frame { seq } | ToWorker::Shoot { seq }, None) => {
            post(
                &w.scope,
                &failed(seq, "no frame came with the request"),
                None,
            );
        }
    }
}

fn send(
    scope: &DedicatedWorkerGlobalScope,
    seq: u32,
    answer: Result<(FromWorker, ArrayBuffer), String>,
) {
    match answer {
        Ok((message, jpeg)) => post(scope, &message, Some(&jpeg)),
        Err(reason) => post(scope, &failed(seq, reason), None),
    }
}

fn context(canvas: &OffscreenCanvas) -> Result<OffscreenCanvasRenderingContext2d, String> {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE);
    canvas
        .get_context_with_context_options("2d", &options)
        .map_err(|e| format!("2d context: {e:?}"))?
        .ok_or("no 2d context")?
        .dyn_into()
        .map_err(|_| "not a 2d context".to_string())
}

/// The frame's RGBA at analysis size, into `into` (whose memory is reused from frame to frame).
/// A frame already at analysis size is copied by the browser straight into the worker's memory
/// ([`copy_frame`]); one to be scaled down, or one the browser cannot copy so, is drawn on the
/// canvas and read back ([`draw_and_read`]).
async fn pixels(
    canvas: &OffscreenCanvas,
    bitmap: &Source,
    into: &mut Vec<u8>,
) -> Result<(u32, u32), String> {
    let (w, h) = analysis_size(bitmap.width, bitmap.height);
    if (w, h) == (bitmap.width, bitmap.height) && copy_frame(bitmap, w, h, into).await {
        return Ok((w, h));
    }
    draw_and_read(canvas, bitmap, into)
}

/// `VideoFrame.copyTo` into `into`: the camera's I420 or NV12 converted to RGBA by the browser
/// (the same conversion as drawing it on a canvas, byte for byte, at a third of the time in
/// Chromium), or an opaque bitmap's BGRX/RGBX copied as it is (the ~2 ms of `getImageData` at
/// 1280×720 become ~0.1). An `ImageBitmap` is wrapped in a `VideoFrame` first (no copy).
/// `false` when the browser has no `VideoFrame`, the frame is one this cannot copy exactly as
/// the canvas would draw it ([`direct_copy`]: turned, mirrored, cropped, or with alpha), or the
/// copy failed: the caller then draws it.
async fn copy_frame(source: &Source, w: u32, h: u32, into: &mut Vec<u8>) -> bool {
    let Some(constructor) = Reflect::get(&js_sys::global(), &"VideoFrame".into())
        .ok()
        .and_then(|c| c.dyn_into::<Function>().ok())
    else {
        return false;
    };
    let wrapped = if source.value.is_instance_of::<ImageBitmap>() {
        let init = Object::new();
        let _ = Reflect::set(&init, &"timestamp".into(), &JsValue::from_f64(0.0));
        match Reflect::construct(&constructor, &Array::of2(&source.value, &init)) {
            Ok(frame) => Some(frame),
            Err(_) => return false,
        }
    } else {
        None
    };
    let frame = wrapped.as_ref().unwrap_or(&source.value);
    let copied = copy_video_frame(frame, w, h, into).await;
    if let Some(f) = &wrapped {
        Source {
            value: f.clone(),
            width: w,
            height: h,
        }
        .close();
    }
    copied
}

async fn copy_video_frame(frame: &JsValue, w: u32, h: u32, into: &mut Vec<u8>) -> bool {
    let text = |key: &str| {
        Reflect::get(frame, &key.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    let rect = Reflect::get(frame, &"visibleRect".into()).unwrap_or(JsValue::NULL);
    let visible = (
        number(&rect, "width").unwrap_or(0),
        number(&rect, "height").unwrap_or(0),
    );
    let rotation = Reflect::get(frame, &"rotation".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    let flip = Reflect::get(frame, &"flip".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    let Some(how) = direct_copy(
        text("format").as_deref(),
        visible,
        (w, h),
        rotation == 0.0 && !flip,
    ) else {
        return false;
    };
    let Some(copy_to) = Reflect::get(frame, &"copyTo".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return false;
    };
    let len = (w as usize) * (h as usize) * 4;
    // The browser copies into a buffer kept from frame to frame, then that is copied once into
    // the worker's memory (a view of which cannot be handed out without `unsafe`).
    let staging = STAGING.with(|s| {
        let mut s = s.borrow_mut();
        match s.as_ref() {
            Some(b) if b.length() as usize == len => b.clone(),
            _ => {
                let b = js_sys::Uint8Array::new_with_length(len as u32);
                *s = Some(b.clone());
                b
            }
        }
    });
    let options = Object::new();
    if how == DirectCopy::ConvertToRgba {
        let _ = Reflect::set(&options, &"format".into(), &"RGBA".into());
    }
    let Ok(promise) = copy_to.call2(frame, &staging, &options) else {
        return false;
    };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else {
        return false;
    };
    if JsFuture::from(promise).await.is_err() {
        return false;
    }
    into.resize(len, 0);
    staging.copy_to(into);
    if how == DirectCopy::SwapRedBlue {
        bgrx_to_rgba(into);
    }
    true
}

/// The frame drawn on the canvas at analysis size and its RGBA copied once into `into`
/// (`ImageData::data` would allocate a fresh 3.7 MB vector at 1280×720 every frame).
fn draw_and_read(
    canvas: &OffscreenCanvas,
    bitmap: &Source,
    into: &mut Vec<u8>,
) -> Result<(u32, u32), String> {
    let (w, h) = analysis_size(bitmap.width, bitmap.height);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    let ctx = context(canvas)?;
    let full = [0.0, 0.0, f64::from(bitmap.width), f64::from(bitmap.height)];
    bitmap.draw(&ctx, full, [0.0, 0.0, f64::from(w), f64::from(h)])?;
    let data = ctx
        .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
        .map_err(|e| format!("getImageData: {e:?}"))?;
    let array: js_sys::Uint8ClampedArray = js_sys::Reflect::get(&data, &"data".into())
        .map_err(|e| format!("ImageData.data: {e:?}"))?
        .dyn_into()
        .map_err(|_| "ImageData.data is not a Uint8ClampedArray".to_string())?;
    into.resize(array.length() as usize, 0);
    array.copy_to(into);
    Ok((w, h))
}

/// The picture sent: the document's crop (or the selfie) as a JPEG within its byte budget.
async fn encode(
    bitmap: &Source,
    report: &Report,
    sighting: Sighting,
    analysed: (u32, u32),
    seq: u32,
    auto: bool,
) -> Result<(FromWorker, ArrayBuffer), String> {
    let Picture {
        source,
        width,
        height,
    } = picture_for(report, analysed, (bitmap.width, bitmap.height));
    let canvas = OffscreenCanvas::new(width, height).map_err(|e| format!("canvas: {e:?}"))?;
    let ctx: OffscreenCanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(|e| format!("2d context: {e:?}"))?
        .ok_or("no 2d context")?
        .dyn_into()
        .map_err(|_| "not a 2d context".to_string())?;
    bitmap.draw(
        &ctx,
        [
            f64::from(source.x),
            f64::from(source.y),
            f64::from(source.width),
            f64::from(source.height),
        ],
        [0.0, 0.0, f64::from(width), f64::from(height)],
    )?;
    let mut quality = JPEG_QUALITIES[0];
    loop {
        let options = ImageEncodeOptions::new();
        options.set_type("image/jpeg");
        options.set_quality(f64::from(quality));
        let promise = canvas
            .convert_to_blob_with_options(&options)
            .map_err(|e| format!("convertToBlob: {e:?}"))?;
        let blob: Blob = JsFuture::from(promise)
            .await
            .map_err(|e| format!("convertToBlob: {e:?}"))?
            .dyn_into()
            .map_err(|_| "not a blob".to_string())?;
        let bytes = blob.size() as usize;
        match next_quality(report.side, quality, bytes) {
            Some(lower) => quality = lower,
            None => {
                let buffer: ArrayBuffer = JsFuture::from(blob.array_buffer())
                    .await
                    .map_err(|e| format!("arrayBuffer: {e:?}"))?
                    .dyn_into()
                    .map_err(|_| "not an ArrayBuffer".to_string())?;
                let message = FromWorker::Captured {
                    seq,
                    auto,
                    sighting,
                    width,
                    height,
                };
                return Ok((message, buffer));
            }
        }
    }
}
