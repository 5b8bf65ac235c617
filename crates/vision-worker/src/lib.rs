//! The analysis worker's decisions, in plain Rust so they are tested natively: one capture
//! step at a time, frames in, sightings and captures out. `shell.rs` (started by `main.rs`) is
//! the browser shell that moves pixels from camera frames (`VideoFrame`s, else `ImageBitmap`s)
//! through an `OffscreenCanvas` to these functions.

use frame_vision::picture::{document_crop, selfie_size, Rect};
use frame_vision::{Analyzer, AutoCapture, Frame, Report, Side, VisionError};
use idv_wire::vision::{FromWorker, Sighting, ToWorker};

/// Good frames in a row that make an automatic capture. The page sends a frame each time the
/// worker answers, at most every [`FRAME_INTERVAL_MS`]: 4 frames are ~0.6 s of holding still,
/// long enough that a card sliding into place is not taken mid-slide.
pub const GOOD_FRAMES_TO_CAPTURE: u32 = 4;
/// The least time between two frames the page sends.
pub const FRAME_INTERVAL_MS: u32 = 150;
/// Frames are analysed with their long edge at most this (1280×720 for a 1080p camera): PDF417
/// needs ≥ 2 px per module, which a card filling half of a 1280-wide frame gives.
pub const MAX_ANALYSIS_EDGE: u32 = 1280;

/// The size a `width`×`height` camera frame is analysed at.
pub fn analysis_size(width: u32, height: u32) -> (u32, u32) {
    let long = width.max(height).max(1);
    if long <= MAX_ANALYSIS_EDGE {
        return (width.max(1), height.max(1));
    }
    let scale = MAX_ANALYSIS_EDGE as f32 / long as f32;
    (
        ((width as f32 * scale).round() as u32).max(1),
        ((height as f32 * scale).round() as u32).max(1),
    )
}

/// How a camera frame (a WebCodecs `VideoFrame`, or a bitmap wrapped in one) is copied into
/// the analysis's RGBA without drawing it on a canvas first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectCopy {
    /// B G R X (an opaque bitmap in Chromium): copied as they are, then [`bgrx_to_rgba`].
    SwapRedBlue,
    /// Planar YUV (a camera's I420 or NV12), or R G B X: the browser converts it to RGBA as it
    /// copies (alpha then opaque, as `getImageData` gives it).
    ConvertToRgba,
}

/// Whether a frame of pixel `format` (the `VideoFrame`'s), whose visible region is `visible`
/// (width, height), can be copied directly into an `analysed` (width, height) RGBA buffer, and
/// how. `upright`: neither turned nor mirrored (`rotation` 0, `flip` false), as a canvas would
/// otherwise draw it. Only opaque formats: with an alpha channel, the canvas's premultiplied
/// drawing could differ from the copy; and only a frame already at analysis size, since a copy
/// does not scale.
pub fn direct_copy(
    format: Option<&str>,
    visible: (u32, u32),
    analysed: (u32, u32),
    upright: bool,
) -> Option<DirectCopy> {
    if !upright || visible != analysed {
        return None;
    }
    match format? {
        "BGRX" => Some(DirectCopy::SwapRedBlue),
        "RGBX" | "I420" | "I422" | "I444" | "NV12" => Some(DirectCopy::ConvertToRgba),
        _ => None,
    }
}

/// B G R X pixels to R G B A in place, alpha opaque (255, as `getImageData` gives an opaque
/// frame).
pub fn bgrx_to_rgba(pixels: &mut [u8]) {
    for p in pixels.chunks_exact_mut(4) {
        let v = u32::from_le_bytes([p[0], p[1], p[2], p[3]]);
        let swapped = (v & 0x0000_ff00) | ((v >> 16) & 0xff) | ((v & 0xff) << 16) | 0xff00_0000;
        p.copy_from_slice(&swapped.to_le_bytes());
    }
}

/// A message from the page: the JSON half of it.
pub fn parse_request(json: &str) -> Result<ToWorker, String> {
    serde_json::from_str(json).map_err(|e| format!("unreadable request: {e}"))
}

/// What the picture sent is made of: a region of the camera frame, scaled to a size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picture {
    /// The region of the camera frame (camera pixels).
    pub source: Rect,
    /// The JPEG's size.
    pub width: u32,
    /// See `width`.
    pub height: u32,
}

/// The picture sent for a report on a frame analysed at `analysed` (width, height) whose
/// camera frame is `camera` (width, height): a document's crop, or the whole selfie frame.
/// A document the analysis did not find is sent whole (a shutter press the patient confirmed).
pub fn picture_for(report: &Report, analysed: (u32, u32), camera: (u32, u32)) -> Picture {
    let (cw, ch) = camera;
    let whole = Rect {
        x: 0,
        y: 0,
        width: cw,
        height: ch,
    };
    if report.side == Side::Selfie {
        let (width, height) = selfie_size(cw, ch);
        return Picture {
            source: whole,
            width,
            height,
        };
    }
    let scale = cw as f32 / analysed.0.max(1) as f32;
    let source = match &report.document {
        Some(doc) => document_crop(&doc.corners.map(|p| p.scale(scale)), cw, ch),
        None => whole,
    };
    Picture {
        source,
        width: source.width,
        height: source.height,
    }
}

/// One capture step's analysis: a live preview feeds frames; the sharpest of a streak of good
/// frames is kept (`K`, e.g. the camera frame itself) and handed back when the streak is long
/// enough.
pub struct Step<K> {
    analyzer: Analyzer,
    auto: AutoCapture<K>,
}

impl<K> Step<K> {
    /// A step for `side`; selfies load the face model (once: see [`Step::restart`]).
    pub fn new(side: Side) -> Result<Self, VisionError> {
        Ok(Self {
            analyzer: Analyzer::new(side)?,
            auto: AutoCapture::new(GOOD_FRAMES_TO_CAPTURE),
        })
    }

    /// The next capture step: nothing seen so far is remembered.
    pub fn restart(&mut self, side: Side) -> Result<(), VisionError> {
        self.analyzer.restart(side)?;
        self.auto.reset();
        Ok(())
    }

    /// Forgets the streak and drops any frame kept.
    pub fn stop(&mut self) {
        self.auto.reset();
    }

    /// The side being captured.
    pub fn side(&self) -> Side {
        self.analyzer.side()
    }

    /// One preview frame. `keep` is called when this frame is the sharpest good one so far
    /// and was looked at with every check (not a selfie frame that skipped a face pass).
    /// Returns the report, what the page is told, and the kept frame when the streak is
    /// complete (once).
    pub fn preview(
        &mut self,
        frame: &Frame,
        keep: impl FnOnce() -> K,
        ms: impl Fn() -> f32,
    ) -> Result<(Report, Sighting, Option<K>), VisionError> {
        // A frame that would complete the streak is looked at with everything (a selfie's
        // second face-detection pass included: `Analyzer::analyze_closing`).
        let closing = !self.auto.has_fired() && self.auto.streak() + 1 >= GOOD_FRAMES_TO_CAPTURE;
        let report = self.analyzer.analyze_closing(frame, closing)?;
        let fired = self
            .auto
            .push_keepable(&report, self.analyzer.last_fully_checked(), keep);
        let sighting = self.sighting(&report, ms());
        Ok((report, sighting, fired))
    }

    /// A shutter press: the frame judged as a still photo (no stability, no streak).
    pub fn shoot(
        &self,
        frame: &Frame,
        ms: impl Fn() -> f32,
    ) -> Result<(Report, Sighting), VisionError> {
        let report = self.analyzer.inspect(frame)?;
        let sighting = self.sighting(&report, ms());
        Ok((report, sighting))
    }

    fn sighting(&self, report: &Report, ms: f32) -> Sighting {
        Sighting {
            verdict: report.verdict,
            outline: report.normalised_outline(),
            checks: report.checks(),
            streak: self.auto.streak(),
            needed: GOOD_FRAMES_TO_CAPTURE,
            ms,
        }
    }
}

/// The answer when a frame cannot be used.
pub fn failed(seq: u32, error: impl std::fmt::Display) -> FromWorker {
    FromWorker::Failed {
        seq,
        reason: error.to_string(),
    }
}

#[cfg(test)]
mod tests;
