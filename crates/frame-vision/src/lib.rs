//! On-device capture checks for the identity-verification widget, in pure Rust (no browser
//! types) so the same code runs natively, in tests and in a Web Worker.
//!
//! Hand each camera frame ([`Frame`], RGBA or luma, any size) to an [`Analyzer`] made for the
//! side being captured ([`Side`]). Its [`Report`] carries one [`Verdict`] (`Good` or the most
//! useful thing to fix) and every measurement behind it:
//! - documents (`Front`, `Back`, `Passport`): the document's four corners, fill, tilt, aspect,
//!   cut-off edges and stability across frames ([`document`]); exposure, glare and sharpness
//!   measured on the straightened document, not the whole frame; for backs, whether the PDF417
//!   barcode decodes ([`barcode`]); for passports, whether the MRZ band is there and sharp
//!   ([`mrz`]);
//! - selfies: the faces BlazeFace finds ([`face`]), and exposure and sharpness on the face.
//!
//! [`AutoCapture`] fires after a streak of good frames and keeps the sharpest of them;
//! [`picture`] says what a frame passed ([`Report::checks`]) and what part of it is sent.

pub mod barcode;
mod capture;
pub mod document;
pub mod face;
mod frame;
pub mod geometry;
pub mod mrz;
pub mod picture;
pub mod sharpness;

pub use capture::AutoCapture;
pub use document::{find_document, find_document_rgba, rectangle_aspect, Document, Shape};
pub use face::{Face, FaceDetector};
pub use frame::{Frame, Pixels};
pub use geometry::{Point, Quad};
pub use mrz::MrzBand;

pub use idv_wire::vision::{Check, Side, Verdict};
use serde::Serialize;

/// Frames smaller than this on either edge are refused.
pub const MIN_FRAME_EDGE: usize = 16;

/// Documents are straightened to this width (height by their aspect) to measure exposure,
/// glare and sharpness at one scale, whatever the camera and distance.
pub const QUALITY_CROP_WIDTH: usize = 480;
/// Faces are straightened to this square for the same reason.
pub const FACE_CROP: usize = 160;

/// A document must cover at least this fraction of the largest ID-1 card the frame can hold
/// ([`document::Document::fill`]). In a 16:9 landscape frame that card is 89 % of the frame, so
/// this is a quarter of the frame, as the threshold was when it counted the frame's area (at
/// 720p the card then spans ~55 % of the width; the "far" fixture, the card at 45 % scale,
/// fills 0.16; the others 0.37 to 0.77). Counting the frame's area asked a phone held upright
/// (720×1280) to bring a card spanning 82–95 % of its width closer: there an ID-1 card at full
/// width covers only 35 % of the frame (the foreign scene set's 720×1280 pictures: 11 of 15
/// genuine documents told "move closer").
pub const MIN_DOCUMENT_FILL: f32 = 0.28;
/// Tilt beyond this many degrees asks the patient to straighten the document. The document is
/// straightened before anything is measured or decoded, so turning it on the table changes
/// nothing the vendor sees; the generator turns cards up to 25° (was 10°: 11 of the tuning
/// split's 39 good documents were told to straighten).
pub const MAX_TILT_DEG: f32 = 30.0;
/// Between two frames, no corner (or face-box corner) may move more than this fraction of the
/// frame's long edge (26 px at 1280). A hand holding a card shakes it by 2–15 px a frame at
/// 720p (the generator's jitter), and detection adds a few pixels; the sharpest frame of the
/// streak is kept, so shake costs nothing. (Was 0.008, 10 px: a steady hand was told to hold
/// still.)
pub const MAX_MOVEMENT: f32 = 0.02;
/// The 98th percentile of luma on the document (its paper white) below which it is too dark.
/// The mean cannot say it: a navy card in good light has a mean near 60 and is fine, while a
/// light card in a dim room has a mean near 90 and is not. Tuning split: documents in even or
/// dull light measure 134–255, in dim rooms (light × 0.25–0.42) 86–106 (higher only where a
/// highlight covers part of the card).
pub const MIN_PAPER: f32 = 115.0;
/// A card's true aspect (perspective undone) may differ from ID-1's 1.586 by this fraction, a
/// passport page's from TD3's 1.42 by the same. A4 (1.414) and letter (1.294) pages are outside
/// a card's band; on the tuning split the cards found whole measure 1.49–1.71 (median 1.61).
pub const ASPECT_TOLERANCE: f32 = 0.09;
/// ID-1 cards (licences, ID cards): 85.60 × 53.98 mm.
pub const ID1_ASPECT: f32 = 1.586;
/// TD3 passport data pages: 125 × 88 mm.
pub const TD3_ASPECT: f32 = 1.42;

/// A licence front carries at least this many lines of text ([`document::text_lines`]): its
/// title and its fields. A bank card's front carries its number and its holder's name. Tuning
/// split (seeds 1–400, `tune-diag lines 1 400`, 3 frames each): the 52 fronts that should be
/// taken show 6–11 lines, the 9 bank cards shown for the front 0–2; halfway. Without it 3 of
/// those bank cards were taken as licences (one had been refused only because desk clutter
/// touching it made it look cut off).
pub const MIN_FRONT_TEXT_LINES: usize = 4;

/// A card showing at least this many lines of print running across it like a page's
/// ([`document::text_line_spans`]) is a screen or a page, not a licence front: a licence's
/// fields share the card with its portrait, so they never run its width. Screens are 16:10
/// (1.6), within an ID-1 card's aspect tolerance, and a dark desk hides their bezel. Tuning
/// split (`tune-diag lines 1 720`, 3 frames each): the 95 fronts that should be taken show 0
/// such lines in 263 of 266 frames, 1–2 in 3 (seed 318); the 12 screens 8–10 in each of the
/// 18 frames where they are found whole (0 in 3 cut-off frames), printed pages 8–25 where
/// their text is seen, bank cards 0–1; halfway between 2 and 8. The two screens taken as
/// licence fronts on the tuning split (seeds 282, 309) are refused.
pub const MIN_PAGE_LINES: usize = 5;

/// Mean luma (0–255) of the document or face below which it is too dark. The dark fixtures
/// (every pixel × 0.25) measure 47 (card) and 40 (face); the others 146–220.
pub const MIN_BRIGHTNESS: f32 = 70.0;
/// Mean luma above which it is washed out. No fixture reaches it: over-exposing the fixture
/// card (× 1.6) clips its white to 255 but leaves the mean at 221, so [`MAX_SATURATED`] is what
/// catches it.
pub const MAX_BRIGHTNESS: f32 = 235.0;
/// Fraction of the document under highlights that erase its content
/// ([`frame_quality::highlights`]: blown-out patches with a halo) above which there is glare.
/// Brightness alone cannot say it: a matte light back's white barcode ground is 17–36 %
/// clipped and every module reads. Tuning split: highlights over content measure 0.024–0.072
/// where seen (4 of 8 were not: cards whose ground is already near white), every glare-free
/// document 0.
pub const MAX_GLARE: f32 = 0.002;
/// When nothing is found, a whole frame darker than this is called too dark rather than empty
/// (nothing can be seen); a dark table (the fixtures' is 57) is not.
pub const MIN_FRAME_BRIGHTNESS: f32 = 30.0;
/// … and brighter than this, too bright.
pub const MAX_FRAME_BRIGHTNESS: f32 = 235.0;
/// Saturated over more than this fraction of the region is over-exposure, not a reflection: the
/// bright fixture measures 0.66 (the white card clips), a matte back whose white barcode
/// ground clips 0.36 and reads (was 0.3: that back was "too bright"). Not on a back whose
/// barcode decodes ([`over_exposed`]): what the back is sent for came through.
pub const MAX_SATURATED: f32 = 0.5;
/// How sharp a document's print must be ([`sharpness::document_sharpness`]: the median
/// steepness of its edges against their height, 0–1, in the frame's own pixels) not to be
/// blurry. It replaced a variance of the Laplacian (150 on the card straightened to 480 px),
/// which grows with the print's contrast and with sensor noise: on the tuning split (seeds
/// 1–360, first frames, `sharp-diag 1 360`) in-focus documents measured 78–4 700 there and
/// focus-blurred ones 17–659, so pale cards were "blurry" and noisy blurred ones were not.
/// This measure gives the genuine documents 0.43–0.75 and the focus-blurred ones found in
/// good light 0.29–0.36.
pub const MIN_DOCUMENT_SHARPNESS: f32 = 0.4;
/// The same on the face, straightened to 160×160. The astronaut (a 300 px crop shown twice as
/// large, so already soft) measures 53–75; blurred (σ 4) 4.
pub const MIN_FACE_SHARPNESS: f32 = 25.0;

/// BlazeFace's box (brows to chin, tight) must be at least this fraction of the frame's short
/// edge (130 px at 720p). Selfie fixtures measure 0.24–0.27, the "face too small" one 0.16 (found
/// only by the centre-square pass); smaller faces are not found at all.
pub const MIN_FACE_SIZE: f32 = 0.18;
/// The face centre may sit at most this fraction of the frame width (and height) from the
/// frame centre.
pub const MAX_FACE_OFFSET: f32 = 0.2;
/// Sideways turn ([`Face::yaw`]) beyond which the patient is not looking at the camera. The
/// frontal astronaut fixtures measure −0.19 to 0; no fixture turns away (the keypoint geometry
/// puts a 45° turn near 0.5, so this is a first guess to tune on real selfies).
pub const MAX_FACE_YAW: f32 = 0.3;
/// Head roll beyond which the patient is not looking straight.
pub const MAX_FACE_ROLL_DEG: f32 = 25.0;

/// Exposure, glare and sharpness of a region (the document or the face, straightened).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quality {
    /// Mean luma, 0–255.
    pub brightness: f32,
    /// 98th percentile of luma (the paper white).
    pub paper: f32,
    /// Fraction of saturated pixels (luma ≥ 250).
    pub saturated: f32,
    /// Fraction under highlights that erase content.
    pub glare: f32,
    /// Variance of the Laplacian (higher is sharper): what a face is judged on, and how the
    /// sharpest frame of a streak is chosen.
    pub sharpness: f32,
    /// On a document, how sharp its print's edges are, 0–1 ([`sharpness::document_sharpness`]):
    /// what it is judged on ([`MIN_DOCUMENT_SHARPNESS`]). `None` on a face.
    pub edges: Option<f32>,
}

impl From<frame_quality::Metrics> for Quality {
    fn from(m: frame_quality::Metrics) -> Self {
        Self {
            brightness: m.brightness,
            paper: m.paper,
            saturated: m.saturated,
            glare: m.glare,
            sharpness: m.sharpness,
            edges: None,
        }
    }
}

/// Everything measured on one frame.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// What was being captured.
    pub side: Side,
    /// `Good`, or the one thing to fix first.
    pub verdict: Verdict,
    /// Frame width in pixels.
    pub width: usize,
    /// Frame height in pixels.
    pub height: usize,
    /// Mean luma of the whole frame.
    pub frame_brightness: f32,
    /// The document, for document sides (`None` when none was found, or for selfies).
    pub document: Option<Document>,
    /// Exposure, glare, sharpness on the document or the face.
    pub quality: Option<Quality>,
    /// Backs: whether the PDF417 barcode decoded (`None` on a live frame that could not be taken
    /// for another reason: not tried).
    pub barcode_readable: Option<bool>,
    /// Passports: what was seen of the MRZ.
    pub mrz: Option<MrzBand>,
    /// Selfies: every face found, best first (on a live frame that skipped the centre pass,
    /// the faces carried from the previous frame after this frame's own: [`carry_faces`]).
    pub faces: Option<Vec<Face>>,
    /// Largest corner movement since the previous frame, in pixels (`None` for a still photo or
    /// the first frame).
    pub movement_px: Option<f32>,
}

impl Report {
    /// A `Good` report of a `width`×`height` frame on which nothing has been found or measured
    /// yet: the analysis fills it in.
    fn nothing_yet(side: Side, width: usize, height: usize, frame_brightness: f32) -> Self {
        Report {
            side,
            verdict: Verdict::Good,
            width,
            height,
            frame_brightness,
            document: None,
            quality: None,
            barcode_readable: None,
            mrz: None,
            faces: None,
            movement_px: None,
        }
    }

    /// Sharpness of the document or face, if there was one.
    pub fn sharpness(&self) -> Option<f32> {
        self.quality.map(|q| q.sharpness)
    }
}

/// Why a frame or the model could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VisionError {
    /// The buffer does not hold a `width`×`height` frame (or it is too small).
    BadFrame {
        /// The width claimed.
        width: usize,
        /// The height claimed.
        height: usize,
        /// The buffer's length in bytes.
        len: usize,
    },
    /// The face model was not built in (run scripts/setup.sh).
    ModelMissing,
    /// The face model failed to load or run.
    Model(String),
    /// A side name that is none of front, back, passport, selfie.
    UnknownSide(String),
}

impl std::fmt::Display for VisionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VisionError::BadFrame { width, height, len } => write!(
                f,
                "a {width}×{height} frame cannot hold {len} bytes (or is smaller than {MIN_FRAME_EDGE} px)"
            ),
            VisionError::ModelMissing => write!(
                f,
                "the face model was not built in: run scripts/setup.sh (it prepares tools/.model/face_detection_short_range.onnx), then rebuild"
            ),
            VisionError::Model(e) => write!(f, "face model: {e}"),
            VisionError::UnknownSide(s) => {
                write!(f, "unknown side {s:?} (front, back, passport or selfie)")
            }
        }
    }
}

impl std::error::Error for VisionError {}

/// The side named `name` (`front`, `back`, `passport`, `selfie`), or an error naming the choices.
pub fn parse_side(name: &str) -> Result<Side, VisionError> {
    Side::parse(name).ok_or_else(|| VisionError::UnknownSide(name.to_string()))
}

/// Analyses the frames of one capture step, remembering the last document or face position to
/// judge stability.
pub struct Analyzer {
    side: Side,
    faces: Option<FaceDetector>,
    last: Option<Quad>,
    /// Selfies: the faces reported on the previous frame when both of the face detector's
    /// passes looked at it (or the first pass sufficed): what a frame skipping the second pass
    /// carries ([`carry_faces`]). `None` after a frame that skipped it.
    complete_faces: Option<Vec<Face>>,
    /// Selfies: frames analysed live, and how many of them ran the centre square's pass.
    face_passes: (u64, u64),
    /// Selfies: whether the last live frame carried the previous frame's faces instead of
    /// running every pass: such a frame may count towards a streak but is never the photo kept
    /// ([`Analyzer::last_fully_checked`]).
    carried: bool,
    /// Passports: the previous live frame was good, its MRZ read with every check digit holding
    /// or carried from such a frame ([`carry_mrz_read`]).
    mrz_held: bool,
}

impl Analyzer {
    /// An analyser for `side`; selfies load the embedded face model.
    pub fn new(side: Side) -> Result<Self, VisionError> {
        let faces = match side {
            Side::Selfie => Some(FaceDetector::embedded()?),
            _ => None,
        };
        Ok(Self {
            side,
            faces,
            last: None,
            complete_faces: None,
            face_passes: (0, 0),
            carried: false,
            mrz_held: false,
        })
    }

    /// An analyser for `side` using a face detector the caller loaded.
    pub fn with_detector(side: Side, detector: FaceDetector) -> Self {
        Self {
            side,
            faces: Some(detector),
            last: None,
            complete_faces: None,
            face_passes: (0, 0),
            carried: false,
            mrz_held: false,
        }
    }

    /// The side being captured.
    pub fn side(&self) -> Side {
        self.side
    }

    /// Starts a new capture step for `side`: the previous position is forgotten, the face model
    /// (loaded once) is kept.
    pub fn restart(&mut self, side: Side) -> Result<(), VisionError> {
        if side == Side::Selfie && self.faces.is_none() {
            self.faces = Some(FaceDetector::embedded()?);
        }
        self.side = side;
        self.last = None;
        self.complete_faces = None;
        self.carried = false;
        self.mrz_held = false;
        Ok(())
    }

    /// One frame of a live preview: stability is judged against the previous frame, and the
    /// first frame (or the first after the document or face reappears) asks to hold still.
    pub fn analyze(&mut self, frame: &Frame) -> Result<Report, VisionError> {
        self.analyze_closing(frame, false)
    }

    /// [`Analyzer::analyze`], told whether this frame, if good, completes a capture streak
    /// (`closing`). A live selfie runs the face detector's centre-square pass
    /// ([`FaceDetector::add_centre`]) at most every other frame: a frame after one that ran
    /// it, whose whole-frame pass finds one face that has not moved more than a good frame
    /// may ([`MAX_MOVEMENT`]), skips it and reports the previous frame's faces with its own
    /// ([`carry_faces`]). A closing frame never skips it, nor does the first frame of a step,
    /// one after a skip, or one where the face moved: a second person the centre pass sees is
    /// reported on every frame of a streak from the first frame that ran it, and on the
    /// frame that would complete it, so no streak with them in it completes.
    pub fn analyze_closing(&mut self, frame: &Frame, closing: bool) -> Result<Report, VisionError> {
        let limit = MAX_MOVEMENT * frame.width().max(frame.height()) as f32;
        let (mut report, quad) = if self.side == Side::Selfie {
            let previous = self.complete_faces.take();
            let carry = previous
                .as_deref()
                .zip(self.last.as_ref())
                .filter(|_| !closing);
            let (report, quad, passes) = self.run_selfie(frame, carry, limit)?;
            self.face_passes.0 += 1;
            if passes == FacePasses::Both {
                self.face_passes.1 += 1;
            }
            self.carried = passes == FacePasses::Carried;
            if !self.carried {
                self.complete_faces = report.faces.clone();
            }
            (report, quad)
        } else {
            self.carried = false;
            self.run(frame, false)?
        };
        let movement = match (&self.last, &quad) {
            (Some(a), Some(b)) => Some(corner_movement(a, b)),
            _ => None,
        };
        self.last = quad;
        report.movement_px = movement;
        if carry_mrz_read(&report, self.mrz_held, limit) {
            report.verdict = Verdict::Good;
            self.carried = true;
        }
        if report.verdict == Verdict::Good && movement.is_none_or(|m| m > limit) {
            report.verdict = Verdict::HoldStill;
        }
        self.mrz_held = self.side == Side::Passport && report.verdict == Verdict::Good;
        Ok(report)
    }

    /// Whether the last live frame was looked at with every check: false after a selfie frame
    /// that carried the previous frame's faces ([`carry_faces`]). A bystander seen only by the
    /// pass such a frame skipped would not be reported on it, so it must never be the photo a
    /// streak hands back ([`AutoCapture::push_keepable`]). False too after a passport frame
    /// whose MRZ did not read itself and was carried from the frame before
    /// ([`carry_mrz_read`]): the photo handed back is always one whose own MRZ read.
    pub fn last_fully_checked(&self) -> bool {
        !self.carried
    }

    /// Selfie frames analysed live since the analyser was made, and how many of them ran the
    /// face detector's centre-square pass.
    pub fn face_passes(&self) -> (u64, u64) {
        self.face_passes
    }

    /// A still photo (QA, fixtures): everything but stability.
    pub fn inspect(&self, frame: &Frame) -> Result<Report, VisionError> {
        self.run(frame, true).map(|(r, _)| r)
    }

    /// `always_decode`: decode a back's barcode whatever else is wrong (stills); otherwise only
    /// when nothing else stops the frame from being taken (live frames).
    fn run(
        &self,
        frame: &Frame,
        always_decode: bool,
    ) -> Result<(Report, Option<Quad>), VisionError> {
        let (w, h) = (frame.width(), frame.height());
        if self.side == Side::Selfie {
            return self.run_selfie(frame, None, 0.0).map(|(r, q, _)| (r, q));
        }
        let luma = frame.to_luma();
        let frame_brightness = luma_sum(&luma) as f32 / (w * h) as f32;
        let mut report = Report::nothing_yet(self.side, w, h, frame_brightness);
        let found = match frame.pixels() {
            Pixels::Rgba(rgba) => find_document_rgba(rgba, &luma, w, h),
            Pixels::Luma(_) => find_document(&luma, w, h),
        };
        let Some(mut doc) = found else {
            report.verdict = if frame_brightness < MIN_FRAME_BRIGHTNESS {
                Verdict::TooDark
            } else if frame_brightness > MAX_FRAME_BRIGHTNESS {
                Verdict::TooBright
            } else {
                Verdict::NoDocument
            };
            return Ok((report, None));
        };
        if let Some((crop, crop_h)) = &quality_crop(&luma, w, h, &doc) {
            let crop_h = *crop_h;
            let mut q: Quality = frame_quality::measure(crop, QUALITY_CROP_WIDTH, crop_h).into();
            q.edges = Some(sharpness::document_sharpness(&luma, w, h, &doc.corners));
            report.quality = Some(q);
            doc.bezel = document::screen_bezel(crop, QUALITY_CROP_WIDTH, crop_h);
            if self.side == Side::Front {
                let (lines, page_lines) =
                    document::text_line_spans(crop, QUALITY_CROP_WIDTH, crop_h);
                doc.text_lines = Some(lines);
                doc.page_lines = Some(page_lines);
            }
            if self.side == Side::Passport {
                report.mrz = Some(mrz::mrz_band(crop, QUALITY_CROP_WIDTH, crop_h));
            }
        }
        report.verdict = judge_document(&report, &doc);
        // Decoding costs more than everything else on a frame: a live frame that is blurred,
        // tilted or glaring cannot be taken whatever the barcode says, so it is not decoded
        // (`barcode_readable` stays `None`: not tried). One whose white ground clips is: a
        // barcode that reads shows the back was not over-exposed ([`over_exposed`]).
        if self.side == Side::Back
            && (always_decode || judge_document_as(&report, &doc, true) == Verdict::Good)
        {
            report.barcode_readable = Some(barcode::barcode_readable(&luma, w, h, &doc));
            report.verdict = judge_document(&report, &doc);
        }
        // The MRZ is read only on a frame that could otherwise be taken (it costs more than the
        // rest of the analysis): a passport is good when its MRZ reads, as a back when its
        // barcode decodes.
        if let Some(m) = report
            .mrz
            .as_mut()
            .filter(|_| report.verdict == Verdict::Good)
        {
            let read = mrz::read_mrz(&luma, w, h, &doc.corners).is_some_and(|r| r.valid);
            m.read = Some(read);
            if !read {
                report.verdict = Verdict::MrzUnreadable;
            }
        }
        let quad = doc.corners;
        report.document = Some(doc);
        Ok((report, Some(quad)))
    }
    /// A selfie: the faces, then exposure and sharpness on the best one. Only the face's
    /// region is converted to luma ([`Frame::luma_around`]); the whole frame's brightness is
    /// summed without keeping its luma. `carry`: the previous frame's faces, if complete, and
    /// its face's box, on a live frame that may skip the centre square's pass when the face
    /// moved at most `limit` pixels ([`Analyzer::analyze_closing`]); `None` runs both passes
    /// as needed ([`FaceDetector::detect`]).
    fn run_selfie(
        &self,
        frame: &Frame,
        carry: Option<(&[Face], &Quad)>,
        limit: f32,
    ) -> Result<(Report, Option<Quad>, FacePasses), VisionError> {
        let (w, h) = (frame.width(), frame.height());
        let sum = match frame.pixels() {
            Pixels::Rgba(rgba) => rgba_luma_sum(rgba),
            Pixels::Luma(luma) => luma_sum(luma),
        };
        let frame_brightness = sum as f32 / (w * h) as f32;
        let mut report = Report::nothing_yet(self.side, w, h, frame_brightness);
        let detector = self.faces.as_ref().ok_or(VisionError::ModelMissing)?;
        let whole = detector.detect_whole(frame)?;
        let (faces, passes) = match carry {
            _ if !face::needs_centre_pass(w, h, &whole) => (whole, FacePasses::Whole),
            Some((previous, last)) if may_skip_centre_pass(&whole, last, limit) => {
                (carry_faces(whole, previous), FacePasses::Carried)
            }
            _ => (detector.add_centre(frame, whole)?, FacePasses::Both),
        };
        let quad = faces.first().map(face_quad);
        if let Some(q) = &quad {
            let luma = frame.luma_around(q);
            report.quality = geometry::warp_quad(&luma, w, h, q, FACE_CROP, FACE_CROP)
                .map(|crop| frame_quality::measure(&crop, FACE_CROP, FACE_CROP).into());
        }
        report.verdict = judge_selfie(&faces, report.quality.as_ref(), w, h, frame_brightness);
        report.faces = Some(faces);
        Ok((report, quad, passes))
    }
}

/// Which of the face detector's passes a selfie frame ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FacePasses {
    /// The whole frame's, and it sufficed ([`face::needs_centre_pass`]).
    Whole,
    /// The whole frame's and the centre square's.
    Both,
    /// The whole frame's, with the previous frame's faces carried ([`carry_faces`]).
    Carried,
}

/// A face's box as four corners (clockwise from the top left).
pub fn face_quad(f: &Face) -> Quad {
    [
        Point::new(f.x, f.y),
        Point::new(f.x + f.width, f.y),
        Point::new(f.x + f.width, f.y + f.height),
        Point::new(f.x, f.y + f.height),
    ]
}

/// How far the farthest of `a`'s corners moved to `b`'s, in pixels.
pub fn corner_movement(a: &Quad, b: &Quad) -> f32 {
    a.iter()
        .zip(b)
        .map(|(p, q)| p.distance(*q))
        .fold(0.0, f32::max)
}

/// Whether a live selfie frame whose whole-frame pass found `whole` may skip the centre
/// square's pass, the previous frame having run it and its face's box being `last`: one face,
/// and it moved at most `limit` pixels ([`MAX_MOVEMENT`]: the scene is the one the previous
/// frame's passes saw; a face that moved more makes the frame `HoldStill` at best, and it is
/// looked at again). No face, or several, never skip (the first pass's answer is what the
/// centre pass would add to, or the frame may be a small face only the centre pass finds).
pub fn may_skip_centre_pass(whole: &[Face], last: &Quad, limit: f32) -> bool {
    match whole {
        [one] => corner_movement(&face_quad(one), last) <= limit,
        _ => false,
    }
}

/// A frame's own faces (`current`, best first, unchanged) followed by the `previous` frame's
/// faces that are none of them ([`Face::same_as`]): the second person the previous frame's
/// centre-square pass saw is still reported on a frame that skipped that pass.
pub fn carry_faces(mut current: Vec<Face>, previous: &[Face]) -> Vec<Face> {
    let carried: Vec<Face> = previous
        .iter()
        .filter(|p| !current.iter().any(|c| c.same_as(p)))
        .cloned()
        .collect();
    current.extend(carried);
    current
}

/// A seeded pseudo-random source (24 bits a draw) for the tests that hold a fast loop to the
/// code it replaced on many random inputs.
#[cfg(test)]
pub(crate) fn test_random(mut seed: u32) -> impl FnMut() -> u32 {
    move || {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        seed >> 8
    }
}

/// The sum of the luma ([`frame_quality::luma`]) of an RGBA buffer's pixels, without keeping
/// the luma: the same as [`luma_sum`] of [`frame_quality::luma_from_rgba`].
pub fn rgba_luma_sum(rgba: &[u8]) -> u64 {
    rgba.chunks(4 << 16)
        .map(|block| {
            let sum: u32 = block
                .chunks_exact(4)
                .map(|p| {
                    let v = u32::from_le_bytes([p[0], p[1], p[2], p[3]]);
                    (77 * (v & 0xff) + 150 * ((v >> 8) & 0xff) + 29 * ((v >> 16) & 0xff)) >> 8
                })
                .sum();
            u64::from(sum)
        })
        .sum()
}

/// The sum of `luma`'s values, added in blocks of 65 536 as `u32`s (which SIMD adds four at a
/// time, where `u64`s go two at a time) and the blocks' sums as `u64`: the same total.
pub fn luma_sum(luma: &[u8]) -> u64 {
    luma.chunks(1 << 16)
        .map(|block| u64::from(block.iter().map(|&v| u32::from(v)).sum::<u32>()))
        .sum()
}

/// Whether `q` is over-exposed: its mean above [`MAX_BRIGHTNESS`], or more than
/// [`MAX_SATURATED`] of it clipped, unless `code_read` (a back whose PDF417 decoded). A light
/// back in good light clips its white ground and keeps its print: on the tuning split (seeds
/// 1–1000, `tune-diag 1 1000 back`) 6 of 49 backs that should be taken, evenly lit (gain
/// 1.04–1.11) and without glare, measure 0.52–0.71 clipped with every module of the barcode
/// sharp; the saturated share cannot tell them from an over-exposed card, their barcode can.
pub fn over_exposed(q: &Quality, code_read: bool) -> bool {
    q.brightness > MAX_BRIGHTNESS || (q.saturated > MAX_SATURATED && !code_read)
}

/// The document `doc` of a `width`×`height` luma frame straightened for its quality checks:
/// [`QUALITY_CROP_WIDTH`] wide and as tall as its edges' ratio (at least [`MIN_FRAME_EDGE`]);
/// the crop and its height.
pub fn quality_crop(
    luma: &[u8],
    width: usize,
    height: usize,
    doc: &Document,
) -> Option<(Vec<u8>, usize)> {
    let (horizontal, vertical) = doc.edge_lengths();
    let crop_h = ((QUALITY_CROP_WIDTH as f32 * vertical / horizontal.max(1.0)).round() as usize)
        .max(MIN_FRAME_EDGE);
    geometry::warp_quad(
        luma,
        width,
        height,
        &doc.corners,
        QUALITY_CROP_WIDTH,
        crop_h,
    )
    .map(|crop| (crop, crop_h))
}

/// Whether `q` is in focus: a document by its print's edges ([`MIN_DOCUMENT_SHARPNESS`], none
/// measured is not), a face by the variance of its Laplacian ([`MIN_FACE_SHARPNESS`]).
pub fn in_focus(q: &Quality, document: bool) -> bool {
    if document {
        q.edges.is_some_and(|e| e >= MIN_DOCUMENT_SHARPNESS)
    } else {
        q.sharpness >= MIN_FACE_SHARPNESS
    }
}

fn judge_exposure(q: &Quality, document: bool, code_read: bool) -> Verdict {
    let dark = if document {
        q.paper < MIN_PAPER
    } else {
        q.brightness < MIN_BRIGHTNESS
    };
    if dark {
        Verdict::TooDark
    } else if over_exposed(q, code_read) {
        Verdict::TooBright
    } else if document && q.glare > MAX_GLARE {
        Verdict::Glare
    } else if !in_focus(q, document) {
        Verdict::Blurry
    } else {
        Verdict::Good
    }
}

/// Whether a document of `true_aspect` has the shape `side` asks for: an ID-1 card for fronts
/// and backs, a TD3 page for passports, within [`ASPECT_TOLERANCE`].
pub fn shape_fits(side: Side, true_aspect: f32) -> bool {
    let want = if side == Side::Passport {
        TD3_ASPECT
    } else {
        ID1_ASPECT
    };
    (true_aspect / want - 1.0).abs() <= ASPECT_TOLERANCE
}

/// Whether a live passport frame whose MRZ did not read is good all the same: every other
/// check passed on it (its verdict is [`Verdict::MrzUnreadable`], so its MRZ band was found,
/// two or three lines sharp enough: [`MrzBand::present`]), the frame before was good with its
/// MRZ read (`held`: read with every check digit holding, or itself carried so), and the page
/// has not moved more than a good frame may (`limit`, pixels). The page is the one whose MRZ
/// was read a fifth of a second before; the reader's template match sits near its limits on
/// a slightly soft or noisy band (`mrz_ocr::MIN_SCORE`), so a page read on one frame fails
/// on the next one now and then, and every failure restarted the streak. Such a frame counts
/// towards the streak but is never the photo handed back ([`Analyzer::last_fully_checked`]).
/// Tuning seeds 1–360 on main 7934f85: passports 205 (`hGMGG…`) and 273 (`…GMGMMGG…`) were
/// read on 3 and 5 frames of 15 and never taken. Backs are not carried: there the decode is
/// the only sign of the barcode on a frame, and carrying it took 3 backs the truth calls
/// unreadable (seeds 55 and 266 under glare, 251 at 1.7 px a module) for 3 genuine ones.
pub fn carry_mrz_read(report: &Report, held: bool, limit: f32) -> bool {
    held && report.side == Side::Passport
        && report.verdict == Verdict::MrzUnreadable
        && report.mrz.as_ref().is_some_and(|m| m.present())
        && report.movement_px.is_some_and(|m| m <= limit)
}

fn judge_document(report: &Report, doc: &Document) -> Verdict {
    judge_document_as(report, doc, report.barcode_readable == Some(true))
}

/// [`judge_document`] with the back's barcode taken as read (`code_read`) or not.
fn judge_document_as(report: &Report, doc: &Document, code_read: bool) -> Verdict {
    if doc.cut_off {
        return Verdict::CutOff;
    }
    // In a dark room a dark band is lost on a dark desk: light comes first.
    if report.quality.is_some_and(|q| q.paper < MIN_PAPER) {
        return Verdict::TooDark;
    }
    if !shape_fits(report.side, doc.true_aspect) || doc.bezel {
        // Not the document asked for (a page, a screen), or not all of it was found (a band
        // lost in the desk): either way nothing to take.
        return Verdict::NoDocument;
    }
    if doc.fill < MIN_DOCUMENT_FILL {
        return Verdict::MoveCloser;
    }
    if doc.tilt_deg.abs() > MAX_TILT_DEG {
        return Verdict::Tilted;
    }
    let Some(q) = &report.quality else {
        return Verdict::NoDocument;
    };
    let v = judge_exposure(q, true, code_read);
    if v != Verdict::Good {
        return v;
    }
    // Judged on a lit, sharp card: blur or glare wipes lines out, and the patient is told that.
    if doc.text_lines.is_some_and(|n| n < MIN_FRONT_TEXT_LINES) {
        // A card without a licence's fields: a bank or loyalty card.
        return Verdict::NoDocument;
    }
    if doc.page_lines.is_some_and(|n| n >= MIN_PAGE_LINES) {
        // Lines running the card's width with no room for a portrait: a screen or a page.
        return Verdict::NoDocument;
    }
    if report.barcode_readable == Some(false) {
        return Verdict::BarcodeUnreadable;
    }
    if report.mrz.as_ref().is_some_and(|m| !m.present()) {
        return Verdict::MrzMissing;
    }
    Verdict::Good
}

fn judge_selfie(
    faces: &[Face],
    q: Option<&Quality>,
    w: usize,
    h: usize,
    frame_brightness: f32,
) -> Verdict {
    let face = match faces {
        [] if frame_brightness < MIN_FRAME_BRIGHTNESS => return Verdict::TooDark,
        [] => return Verdict::NoFace,
        [one] => one,
        _ => return Verdict::SeveralFaces,
    };
    let (w, h) = (w as f32, h as f32);
    if face.width.max(face.height) < MIN_FACE_SIZE * w.min(h) {
        return Verdict::FaceTooSmall;
    }
    let c = face.centre();
    if (c.x - w / 2.0).abs() > MAX_FACE_OFFSET * w || (c.y - h / 2.0).abs() > MAX_FACE_OFFSET * h {
        return Verdict::FaceOffCentre;
    }
    if face.yaw().abs() > MAX_FACE_YAW || face.roll_deg().abs() > MAX_FACE_ROLL_DEG {
        return Verdict::NotLooking;
    }
    q.map_or(Verdict::NoFace, |q| judge_exposure(q, false, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A passport frame whose every check passed but the MRZ read: its band present, still.
    fn mrz_unread(lines: usize, sharpness: f32, moved: Option<f32>) -> Report {
        let mut r = Report::nothing_yet(Side::Passport, 1280, 720, 120.0);
        r.verdict = Verdict::MrzUnreadable;
        r.mrz = Some(MrzBand {
            lines,
            sharpness,
            read: Some(false),
        });
        r.movement_px = moved;
        r
    }

    #[test]
    fn an_mrz_read_carries_only_to_a_still_page_with_its_band_after_a_good_frame() {
        let limit = MAX_MOVEMENT * 1280.0;
        assert!(carry_mrz_read(
            &mrz_unread(2, 900.0, Some(6.0)),
            true,
            limit
        ));
        // Not after a frame that was not good with its MRZ read (or carried).
        assert!(!carry_mrz_read(
            &mrz_unread(2, 900.0, Some(6.0)),
            false,
            limit
        ));
        // Not when the page moved more than a good frame may, or on the first frame seen.
        assert!(!carry_mrz_read(
            &mrz_unread(2, 900.0, Some(30.0)),
            true,
            limit
        ));
        assert!(!carry_mrz_read(&mrz_unread(2, 900.0, None), true, limit));
        // Not without the band: too soft, or not two lines.
        assert!(!carry_mrz_read(
            &mrz_unread(2, 80.0, Some(6.0)),
            true,
            limit
        ));
        assert!(!carry_mrz_read(
            &mrz_unread(1, 900.0, Some(6.0)),
            true,
            limit
        ));
        // Only an MRZ that did not read: any other verdict stands.
        for v in [
            Verdict::Glare,
            Verdict::Blurry,
            Verdict::MrzMissing,
            Verdict::TooDark,
        ] {
            let mut r = mrz_unread(2, 900.0, Some(6.0));
            r.verdict = v;
            assert!(!carry_mrz_read(&r, true, limit), "{v:?}");
        }
        // Never a back's barcode.
        let mut back = mrz_unread(2, 900.0, Some(6.0));
        back.side = Side::Back;
        back.verdict = Verdict::BarcodeUnreadable;
        assert!(!carry_mrz_read(&back, true, limit));
    }

    fn face_at(x: f32, y: f32, size: f32, score: f32) -> Face {
        let p = Point::new(x + size / 2.0, y + size / 2.0);
        Face {
            x,
            y,
            width: size,
            height: size,
            score,
            keypoints: [p; 6],
        }
    }

    #[test]
    fn carried_faces_follow_the_frames_own_and_a_face_seen_again_is_not_carried() {
        let main = face_at(500.0, 250.0, 200.0, 0.9);
        let moved = face_at(520.0, 260.0, 200.0, 0.8);
        let bystander = face_at(880.0, 300.0, 90.0, 0.95);
        // The previous frame saw the main face (a little to the left) and the bystander: only
        // the bystander is added, after the frame's own face, which stays first.
        let out = carry_faces(vec![moved.clone()], &[bystander.clone(), main.clone()]);
        assert_eq!(out, vec![moved.clone(), bystander.clone()]);
        // Nothing before: the frame's own faces as they are.
        assert_eq!(carry_faces(vec![moved.clone()], &[]), vec![moved.clone()]);
        // The previous frame's faces are all this frame's: nothing added.
        assert_eq!(
            carry_faces(vec![moved.clone()], std::slice::from_ref(&main)),
            vec![moved]
        );
        // A face beside the main one, touching no box of it, is another person.
        let beside = face_at(720.0, 250.0, 200.0, 0.6);
        assert_eq!(
            carry_faces(vec![main.clone()], std::slice::from_ref(&beside)).len(),
            2
        );
        assert!(!main.same_as(&beside) && main.same_as(&face_at(590.0, 340.0, 200.0, 0.5)));
    }

    #[test]
    fn the_centre_pass_is_skipped_only_for_one_face_that_held_still() {
        let limit = MAX_MOVEMENT * 1280.0;
        let last = face_quad(&face_at(500.0, 250.0, 200.0, 0.9));
        let still = face_at(510.0, 255.0, 200.0, 0.9);
        assert!(may_skip_centre_pass(
            std::slice::from_ref(&still),
            &last,
            limit
        ));
        // Moved more than a good frame may (26 px at 1280): looked at again.
        let moved = face_at(500.0 + limit + 1.0, 250.0, 200.0, 0.9);
        assert!(!may_skip_centre_pass(&[moved], &last, limit));
        // Grown by the same (stepping closer) moves the far corner as much.
        let closer = face_at(500.0, 250.0, 200.0 + limit + 1.0, 0.9);
        assert!(!may_skip_centre_pass(&[closer], &last, limit));
        // No face (the centre pass may be the one to find it), or two (nothing to add).
        assert!(!may_skip_centre_pass(&[], &last, limit));
        let other = face_at(900.0, 250.0, 200.0, 0.8);
        assert!(!may_skip_centre_pass(&[still, other], &last, limit));
    }

    #[test]
    fn luma_sums_in_blocks_to_the_plain_total() {
        let luma: Vec<u8> = (0..300_001u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let plain: u64 = luma.iter().map(|&v| u64::from(v)).sum();
        assert_eq!(luma_sum(&luma), plain);
        assert_eq!(luma_sum(&[255; 200_000]), 255 * 200_000);
        assert_eq!(luma_sum(&[]), 0);
        let rgba: Vec<u8> = (0..4 * 300_001u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
            .collect();
        assert_eq!(
            rgba_luma_sum(&rgba),
            luma_sum(&frame_quality::luma_from_rgba(&rgba))
        );
    }
}
