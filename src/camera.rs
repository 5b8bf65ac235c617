//! Camera shell over `getUserMedia` and `<video>`. Frames are judged in the analysis worker
//! ([`crate::vision`]); this file only opens, shows, stops and (without the worker) snaps.

use js_sys::{Function, Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStream,
    MediaStreamConstraints, MediaStreamTrack,
};

use crate::journey::{CameraEnvironment, CameraProblem};

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// Opens the camera facing `facing` (`environment` or `user`), asking for a high resolution but
/// insisting on nothing, so any camera will do rather than failing with `OverconstrainedError`.
pub async fn open(facing: &str) -> Result<MediaStream, CameraProblem> {
    let env = environment();
    // The page's own conditions (address, host policy, browser) first: asking cannot help.
    if let Some(problem) = CameraProblem::before_asking(&env) {
        return Err(problem);
    }
    let devices = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| n.media_devices().ok())
        .ok_or(CameraProblem::Unsupported)?;
    let ideal = |v: &JsValue| {
        let o = Object::new();
        set(&o, "ideal", v);
        o
    };
    let video = Object::new();
    set(&video, "facingMode", &ideal(&JsValue::from_str(facing)));
    // 2560 wide where the camera has it: a card filling the outline then spans the 1600 px the
    // document pictures aim for (frame_vision::picture::TARGET_CARD_LONG_EDGE).
    set(&video, "width", &ideal(&JsValue::from_f64(2560.0)));
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio(&JsValue::FALSE);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| problem_of(&e, &env))?;
    let stream = JsFuture::from(promise)
        .await
        .map_err(|e| problem_of(&e, &env))?;
    Ok(stream.unchecked_into())
}

/// A string property of a JS value, if it is one.
fn string_of(value: &JsValue, key: &str) -> Option<String> {
    Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

/// A boolean property of a JS value, if it is one.
fn bool_of(value: &JsValue, key: &str) -> Option<bool> {
    Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_bool())
}

fn problem_of(error: &JsValue, env: &CameraEnvironment) -> CameraProblem {
    // An error without a name or message is "Other": nothing is guessed.
    let name = string_of(error, "name").unwrap_or_default();
    let message = string_of(error, "message").unwrap_or_default();
    CameraProblem::from_failure(&name, &message, env)
}

/// What this page may do with cameras, as far as the browser tells.
fn environment() -> CameraEnvironment {
    let Some(window) = web_sys::window() else {
        return CameraEnvironment::default();
    };
    let navigator: JsValue = window.navigator().into();
    let media_devices = Reflect::get(&navigator, &JsValue::from_str("mediaDevices"))
        .ok()
        .map(|m| m.is_object());
    CameraEnvironment {
        secure_context: bool_of(&window, "isSecureContext"),
        media_devices,
        policy_allows_camera: window.document().and_then(|d| policy_allows(&d, "camera")),
    }
}

/// `document.permissionsPolicy.allowsFeature(feature)` (`camera`, `digital-credentials-get`),
/// or the older `featurePolicy`; `None` when the browser has neither (Firefox, Safari): then
/// only the call itself can tell.
pub(crate) fn policy_allows(document: &web_sys::Document, feature: &str) -> Option<bool> {
    ["permissionsPolicy", "featurePolicy"]
        .iter()
        .find_map(|key| {
            let policy = Reflect::get(document, &JsValue::from_str(key)).ok()?;
            if !policy.is_object() {
                return None;
            }
            let allows: Function = Reflect::get(&policy, &JsValue::from_str("allowsFeature"))
                .ok()?
                .dyn_into()
                .ok()?;
            allows
                .call1(&policy, &JsValue::from_str(feature))
                .ok()?
                .as_bool()
        })
}

/// Stops every track of the stream: the camera light goes off.
pub fn stop(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// Shows the stream in the `<video>` and waits until playback has started, so the first
/// picture exists before the shutter is offered.
pub async fn attach(video: &HtmlVideoElement, stream: &MediaStream) {
    video.set_muted(true);
    video.set_src_object(Some(stream));
    if let Ok(playing) = video.play() {
        let _ = JsFuture::from(playing).await;
    }
}

/// `HTMLMediaElement.HAVE_CURRENT_DATA`: a frame is there to draw.
const HAVE_CURRENT_DATA: u16 = 2;

/// A frame is there to draw.
pub fn has_frame(video: &HtmlVideoElement) -> bool {
    video.ready_state() >= HAVE_CURRENT_DATA && video.video_width() > 0 && video.video_height() > 0
}

/// Lets go of the stream shown in `video`.
pub fn detach(video: &HtmlVideoElement) {
    video.set_src_object(None);
}

/// The current frame at the camera's full resolution, encoded as JPEG by the browser.
pub async fn capture_jpeg(video: &HtmlVideoElement) -> Option<Vec<u8>> {
    if !has_frame(video) {
        return None;
    }
    let (w, h) = (video.video_width(), video.video_height());
    encode_jpeg(w, h, |ctx| {
        ctx.draw_image_with_html_video_element(video, 0.0, 0.0).ok()
    })
    .await
}

/// The longest edge of a chosen file's picture when the page encodes it itself.
const MAX_FILE_EDGE: f64 = 2000.0;

/// A picture the patient chose (already decoded), scaled to at most [`MAX_FILE_EDGE`] and
/// encoded as JPEG: the page's own encoding, for when the analysis worker cannot run.
pub async fn bitmap_jpeg(bitmap: &web_sys::ImageBitmap) -> Option<Vec<u8>> {
    let (w, h) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    if w < 1.0 || h < 1.0 {
        return None;
    }
    let scale = (MAX_FILE_EDGE / w.max(h)).min(1.0);
    let (tw, th) = ((w * scale).round(), (h * scale).round());
    encode_jpeg(tw as u32, th as u32, |ctx| {
        ctx.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, tw, th)
            .ok()
    })
    .await
}

/// Draws with `draw` on a `width`×`height` canvas and encodes it as JPEG.
async fn encode_jpeg(
    width: u32,
    height: u32,
    draw: impl FnOnce(&CanvasRenderingContext2d) -> Option<()>,
) -> Option<Vec<u8>> {
    let document = web_sys::window()?.document()?;
    let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(width);
    canvas.set_height(height);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    draw(&ctx)?;
    let blob_promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let callback = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        let _ = canvas.to_blob_with_type_and_encoder_options(
            callback.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(0.92),
        );
    });
    let blob: web_sys::Blob = JsFuture::from(blob_promise).await.ok()?.dyn_into().ok()?;
    let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}
