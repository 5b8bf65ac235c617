//! The scoreboard on any folder of pictures with ground truth (`vision-eval --dir DIR`), so an
//! acceptance tester can bring their own photos. Each picture (or folder of frames) goes
//! through the same path as the generated scenes of [`crate::eval`]: the widget's analysis step
//! (`vision_worker::Step`: the `Analyzer`, the `AutoCapture` streak, the crop of the picture
//! sent) at 5 analysed frames a second, for at most [`crate::eval::MAX_FRAMES`] frames (3 s).
//!
//! # The truth file: `DIR/truth.json`
//!
//! ```json
//! {
//!   "jitter_px": 6,
//!   "pictures": [
//!     { "file": "licence-front.jpg", "side": "front", "class": "genuine",
//!       "corners": [[412, 188], [1011, 201], [1003, 580], [405, 566]],
//!       "glare_over_content": false },
//!     { "file": "back-glare.jpg", "side": "back", "class": "flawed", "flaw": "glare",
//!       "glare_over_content": true, "code_legible": false },
//!     { "file": "desk.png", "side": "front", "class": "non_document" },
//!     { "frames": "passport-walk", "side": "passport", "class": "genuine",
//!       "code_legible": true },
//!     { "file": "two-people.jpg", "side": "selfie", "class": "non_document", "faces": 2 }
//!   ]
//! }
//! ```
//!
//! Per entry (unknown keys are an error, so a misspelt field is not silently ignored; keys
//! starting with `_` are comments):
//! - `file`: a still picture (JPEG or PNG, EXIF orientation applied), or `frames`: a folder of
//!   frames (its JPEG/PNG files in name order) or a list of files, analysed as taken at
//!   5 frames a second. Paths are relative to `DIR`. Exactly one of the two.
//! - `name`: how the entry is reported (default: `file`/`frames`).
//! - `side` (required): the capture step it is shown to: `front`, `back`, `passport`, `selfie`.
//! - `class` (required): `genuine` (a document of that side the patient would want taken:
//!   whole, lit, sharp, no glare over its content, its barcode/MRZ legible; for `selfie`, one
//!   face a patient would want taken), `flawed` (a genuine document that must not be taken by
//!   itself: glare over content, too dark, out of focus, cut off by the frame), or
//!   `non_document` (anything else: a blank page, a bank card, a desk, a screen …).
//! - `flaw` (optional, `flawed` only): `glare`, `dark`, `blur`, `cut_off` or `other`. `dark`
//!   counts in "dim rooms called too dark"; `blur`, `cut_off` and `dark` pictures are not
//!   judged for glare (as the generated scenes).
//! - `corners` (optional, documents only): the document's 4 corners in the picture's pixels
//!   (as displayed, after EXIF orientation), any order. For a sequence, one quad applies to
//!   every frame, or give a list of quads, one per frame. Without it, corner error and crop
//!   containment are n/a for the entry.
//! - `glare_over_content` (optional, documents): a highlight erases part of the content.
//! - `code_legible` (optional, `back` and `passport`): the PDF417 / MRZ can be read.
//! - `faces` (optional, `selfie`): faces in view.
//!
//! A missing field makes its rows n/a for the entry; nothing is guessed. A bad entry or an
//! unreadable picture is an error naming the file.
//!
//! # A still picture becomes a hand-held sequence
//!
//! Frame 0 is the picture itself (scaled so its long edge is at most 1280, as the worker
//! analyses camera frames). Frame `i ≥ 1` is it shifted by a whole-pixel offset at most
//! `jitter_px / 2` from rest (so two frames differ by at most `jitter_px`; default
//! [`DEFAULT_JITTER_PX`]), the strip uncovered repeating the edge, drawn from a seeded PRNG
//! keyed by the entry's name and the frame index: same folder, same frames, same scoreboard.
//! The true corners move with it. The picture sent is cut from the full-size picture, as the
//! worker cuts it from the camera frame.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use fixtures::scenes::Rng;
use frame_vision::{Frame, Report, Side, Verdict};
use image::{ImageDecoder, RgbImage};
use serde_json::{Map, Value};
use vision_worker::{analysis_size, picture_for, Step};

use crate::eval::{self, Scoreboard, FRAMES_PER_SECOND};

/// The truth file's name inside the folder.
pub const TRUTH_FILE: &str = "truth.json";
/// A still picture's hand jitter by default: the largest move between two frames, pixels
/// (the generated scenes draw 2–15).
pub const DEFAULT_JITTER_PX: f32 = 6.0;

/// What an entry is, in the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A document (or selfie) the patient would want taken.
    Genuine,
    /// A genuine document that must not be taken by itself.
    Flawed,
    /// Anything else: must never be taken.
    NonDocument,
}

impl Class {
    fn name(self) -> &'static str {
        match self {
            Class::Genuine => "genuine",
            Class::Flawed => "flawed",
            Class::NonDocument => "non_document",
        }
    }
}

/// Why a flawed document must not be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flaw {
    /// A highlight over its content.
    Glare,
    /// Too dark (a dim room).
    Dark,
    /// Out of focus or shaken.
    Blur,
    /// Partly out of the frame.
    CutOff,
    /// Anything else.
    Other,
}

/// The pixels of an entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// One picture, made a hand-held sequence by jitter.
    Still(PathBuf),
    /// Frames as analysed at 5 a second.
    Frames(Vec<PathBuf>),
}

/// A quad, in the picture's pixels.
pub type Corners = [(f32, f32); 4];

/// One entry of `truth.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// How it is reported.
    pub name: String,
    /// Its pixels.
    pub source: Source,
    /// The capture step.
    pub side: Side,
    /// Genuine, flawed or not a document.
    pub class: Class,
    /// Why it is flawed, if said.
    pub flaw: Option<Flaw>,
    /// The document's corners: one quad (every frame) or one per frame.
    pub corners: Option<Vec<Corners>>,
    /// A highlight erases part of the content.
    pub glare_over_content: Option<bool>,
    /// The barcode or MRZ can be read.
    pub code_legible: Option<bool>,
    /// Selfies: faces in view.
    pub faces: Option<usize>,
}

/// The parsed truth file.
#[derive(Debug, Clone, PartialEq)]
pub struct Truth {
    /// Still pictures' jitter, pixels between frames.
    pub jitter_px: f32,
    /// The entries, in file order.
    pub entries: Vec<Entry>,
}

const KEYS: [&str; 10] = [
    "file",
    "frames",
    "name",
    "side",
    "class",
    "flaw",
    "corners",
    "glare_over_content",
    "code_legible",
    "faces",
];

fn is_image(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "jpg" | "jpeg" | "png"))
}

fn point(v: &Value) -> Option<(f32, f32)> {
    let a = v.as_array()?;
    if a.len() != 2 {
        return None;
    }
    let (x, y) = (a[0].as_f64()? as f32, a[1].as_f64()? as f32);
    (x.is_finite() && y.is_finite()).then_some((x, y))
}

fn quad(v: &Value) -> Option<Corners> {
    let a = v.as_array()?;
    if a.len() != 4 {
        return None;
    }
    Some([point(&a[0])?, point(&a[1])?, point(&a[2])?, point(&a[3])?])
}

fn opt_bool(o: &Map<String, Value>, key: &str) -> Result<Option<bool>, String> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(v) => Err(format!("`{key}` must be true, false or null, not {v}")),
    }
}

fn parse_entry(dir: &Path, v: &Value) -> Result<Entry, String> {
    let o = v.as_object().ok_or("an entry must be an object")?;
    for k in o.keys() {
        if !k.starts_with('_') && !KEYS.contains(&k.as_str()) {
            return Err(format!(
                "unknown key `{k}` (known: {}; `_…` keys are comments)",
                KEYS.join(", ")
            ));
        }
    }
    let (source, default_name) = match (o.get("file"), o.get("frames")) {
        (Some(Value::String(f)), None) => (Source::Still(dir.join(f)), f.clone()),
        (None, Some(Value::String(d))) => {
            let folder = dir.join(d);
            let listing = std::fs::read_dir(&folder)
                .map_err(|e| format!("frames folder {}: {e}", folder.display()))?;
            let mut files = Vec::new();
            for f in listing {
                let p = f
                    .map_err(|e| format!("frames folder {}: {e}", folder.display()))?
                    .path();
                if is_image(&p) {
                    files.push(p);
                }
            }
            files.sort();
            if files.is_empty() {
                return Err(format!(
                    "frames folder {} holds no .jpg/.jpeg/.png",
                    folder.display()
                ));
            }
            (Source::Frames(files), d.clone())
        }
        (None, Some(Value::Array(list))) => {
            let files = list
                .iter()
                .map(|f| f.as_str().map(|f| dir.join(f)))
                .collect::<Option<Vec<_>>>()
                .ok_or("`frames` must be a folder name or a list of file names")?;
            if files.is_empty() {
                return Err("`frames` is an empty list".into());
            }
            let name = list[0].as_str().unwrap_or("frames").to_string();
            (Source::Frames(files), name)
        }
        (Some(_), Some(_)) => return Err("give `file` or `frames`, not both".into()),
        (None, None) => return Err("no `file` (a picture) or `frames` (a sequence)".into()),
        _ => return Err("`file` must be a file name; `frames` a folder name or a list".into()),
    };
    let name = match o.get("name") {
        None => default_name,
        Some(Value::String(n)) if !n.is_empty() => n.clone(),
        Some(v) => return Err(format!("`name` must be a non-empty string, not {v}")),
    };
    let side_name = o
        .get("side")
        .and_then(Value::as_str)
        .ok_or("`side` is required: front, back, passport or selfie")?;
    let side = Side::parse(side_name).ok_or_else(|| {
        format!("`side` is `{side_name}`: expected front, back, passport or selfie")
    })?;
    let class = match o.get("class").and_then(Value::as_str) {
        Some("genuine") => Class::Genuine,
        Some("flawed") => Class::Flawed,
        Some("non_document") => Class::NonDocument,
        _ => return Err("`class` is required: genuine, flawed or non_document".into()),
    };
    let flaw = match o.get("flaw") {
        None | Some(Value::Null) => None,
        Some(v) => Some(match v.as_str() {
            Some("glare") => Flaw::Glare,
            Some("dark") => Flaw::Dark,
            Some("blur") => Flaw::Blur,
            Some("cut_off") => Flaw::CutOff,
            Some("other") => Flaw::Other,
            _ => {
                return Err(format!(
                    "`flaw` is {v}: expected glare, dark, blur, cut_off or other"
                ))
            }
        }),
    };
    if flaw.is_some() && class != Class::Flawed {
        return Err("`flaw` is only for `class: flawed`".into());
    }
    let frames = match &source {
        Source::Still(_) => None,
        Source::Frames(f) => Some(f.len()),
    };
    let corners = match o.get("corners") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let quads = if let Some(q) = quad(v) {
                vec![q]
            } else {
                let list = v
                    .as_array()
                    .and_then(|a| a.iter().map(quad).collect::<Option<Vec<_>>>());
                match (list, frames) {
                    (Some(l), Some(n)) if l.len() == n => l,
                    (Some(l), Some(n)) => {
                        return Err(format!(
                            "`corners` lists {} quads for {n} frames: give one quad, or one per frame",
                            l.len()
                        ))
                    }
                    _ => {
                        return Err(
                            "`corners` must be 4 points [[x, y], …] (or, for frames, one such quad per frame)"
                                .into(),
                        )
                    }
                }
            };
            Some(quads)
        }
    };
    let glare_over_content = opt_bool(o, "glare_over_content")?;
    let code_legible = opt_bool(o, "code_legible")?;
    let faces = match o.get("faces") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or_else(|| format!("`faces` must be a count, not {v}"))? as usize,
        ),
    };
    let document_side = side != Side::Selfie;
    if corners.is_some() && (!document_side || class == Class::NonDocument) {
        return Err("`corners` are for documents (not selfies or non-documents)".into());
    }
    if glare_over_content.is_some() && (!document_side || class == Class::NonDocument) {
        return Err("`glare_over_content` is for documents".into());
    }
    if code_legible.is_some() && !matches!(side, Side::Back | Side::Passport) {
        return Err("`code_legible` is for `back` (PDF417) and `passport` (MRZ)".into());
    }
    if faces.is_some() && document_side {
        return Err("`faces` is for `side: selfie`".into());
    }
    Ok(Entry {
        name,
        source,
        side,
        class,
        flaw,
        corners,
        glare_over_content,
        code_legible,
        faces,
    })
}

/// Parses a truth file's text; `dir` is where its paths are relative to (frames folders are
/// listed). Errors name the entry.
pub fn parse_truth(text: &str, dir: &Path) -> Result<Truth, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let o = v
        .as_object()
        .ok_or("the truth must be an object with a `pictures` list")?;
    for k in o.keys() {
        if !k.starts_with('_') && k != "pictures" && k != "jitter_px" {
            return Err(format!(
                "unknown key `{k}` (known: pictures, jitter_px; `_…` keys are comments)"
            ));
        }
    }
    let jitter_px = match o.get("jitter_px") {
        None => DEFAULT_JITTER_PX,
        Some(v) => match v.as_f64() {
            Some(j) if (0.0..=100.0).contains(&j) => j as f32,
            _ => return Err(format!("`jitter_px` must be 0–100 pixels, not {v}")),
        },
    };
    let list = o
        .get("pictures")
        .and_then(Value::as_array)
        .ok_or("no `pictures` list")?;
    let mut entries = Vec::new();
    let mut names = HashSet::new();
    for (i, e) in list.iter().enumerate() {
        let label = e
            .get("name")
            .or_else(|| e.get("file"))
            .or_else(|| e.get("frames"))
            .map_or_else(|| "?".to_string(), |v| v.to_string());
        let entry = parse_entry(dir, e).map_err(|m| format!("pictures[{i}] ({label}): {m}"))?;
        if !names.insert(entry.name.clone()) {
            return Err(format!(
                "pictures[{i}] ({label}): the name `{}` is used twice (give a `name`)",
                entry.name
            ));
        }
        entries.push(entry);
    }
    if entries.is_empty() {
        return Err("the `pictures` list is empty".into());
    }
    Ok(Truth { jitter_px, entries })
}

/// Reads and parses `DIR/truth.json`.
pub fn read_truth(dir: &Path) -> Result<Truth, String> {
    let path = dir.join(TRUTH_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_truth(&text, dir).map_err(|e| format!("{}: {e}", path.display()))
}

/// Decodes a JPEG or PNG, turned upright by its EXIF orientation.
pub fn load_picture(path: &Path) -> Result<RgbImage, String> {
    let err = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let mut decoder = image::ImageReader::open(path)
        .map_err(|e| err(&e))?
        .with_guessed_format()
        .map_err(|e| err(&e))?
        .into_decoder()
        .map_err(|e| err(&e))?;
    let orientation = decoder.orientation().map_err(|e| err(&e))?;
    let mut img = image::DynamicImage::from_decoder(decoder).map_err(|e| err(&e))?;
    img.apply_orientation(orientation);
    if img.width() < 16 || img.height() < 16 {
        return Err(err(&"too small to analyse (under 16 px)"));
    }
    Ok(img.into_rgb8())
}

/// What happened to one entry: the line a tester reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The entry's name.
    pub name: String,
    /// Its side and class.
    pub side: Side,
    /// See [`Class`].
    pub class: Class,
    /// Taken after this many seconds (frames / 5), or not taken.
    pub taken_secs: Option<f32>,
    /// Frames shown.
    pub frames: u32,
    /// The verdict of each frame shown, counted.
    pub verdicts: BTreeMap<&'static str, u32>,
    /// The first frame judged as a still: its verdict.
    pub still_verdict: &'static str,
    /// … glare flagged on it (documents found), and the truth.
    pub glare: Option<(bool, Option<bool>)>,
    /// … barcode/MRZ read on it (when there is a truth for it and a document was found), and
    /// the truth.
    pub code: Option<(bool, bool)>,
    /// Corner error of the capture, % of the diagonal.
    pub corner_error_pct: Option<f32>,
    /// The picture sent holds the whole card.
    pub crop_whole: Option<bool>,
    /// Selfies: frames whose faces were counted right, of frames, against the truth.
    pub faces_right: Option<(u32, u32, usize)>,
}

impl Outcome {
    /// Right by the truth: genuine taken, anything else not.
    pub fn right(&self) -> bool {
        (self.class == Class::Genuine) == self.taken_secs.is_some()
    }

    /// The verdict given most often (ties: the first by name).
    pub fn most_verdict(&self) -> &'static str {
        let mut best = ("-", 0);
        for (v, n) in &self.verdicts {
            if *n > best.1 {
                best = (v, *n);
            }
        }
        best.0
    }

    /// One line: outcome, verdicts, and the still judgement against the truth.
    pub fn line(&self) -> String {
        let mark = match (self.class, self.taken_secs.is_some()) {
            (Class::Genuine, true) => "ok     ",
            (Class::Genuine, false) => "MISSED ",
            (_, true) => "TAKEN! ",
            (_, false) => "ok     ",
        };
        let taken = match self.taken_secs {
            Some(s) => format!("taken {s:.1} s"),
            None => format!("not taken in {} frames", self.frames),
        };
        let verdicts = self
            .verdicts
            .iter()
            .map(|(v, n)| format!("{v}×{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        let mut extra = vec![format!("first frame {}", self.still_verdict)];
        if let Some((flagged, truth)) = self.glare {
            let t = truth.map_or("n/a", |t| if t { "yes" } else { "no" });
            extra.push(format!(
                "glare {} (truth {t})",
                if flagged { "flagged" } else { "not flagged" }
            ));
        }
        if let Some((read, legible)) = self.code {
            extra.push(format!(
                "code {} (truth {})",
                if read { "read" } else { "not read" },
                if legible { "legible" } else { "illegible" }
            ));
        }
        if let Some(e) = self.corner_error_pct {
            extra.push(format!("corner error {e:.1} %"));
        }
        if let Some(c) = self.crop_whole {
            extra.push(if c { "crop whole" } else { "CROP CUT THE CARD" }.to_string());
        }
        if let Some((right, of, truth)) = self.faces_right {
            extra.push(format!(
                "{truth} face(s) counted right on {right}/{of} frames"
            ));
        }
        format!(
            "{mark} {:<28} {:<8} {:<12} {taken:<22} [{verdicts}]; {}",
            self.name,
            self.side.as_str(),
            self.class.name(),
            extra.join(", ")
        )
    }
}

/// The scoreboard of a folder and each entry's outcome.
#[derive(Debug, Clone)]
pub struct DirRun {
    /// The same rows as the generated splits.
    pub board: Scoreboard,
    /// One per entry, in the truth's order.
    pub outcomes: Vec<Outcome>,
}

/// A still picture's frame `i`: whole-pixel offset at most `jitter / 2` from rest (frame 0 is
/// the picture itself), keyed by the entry's name.
pub fn jitter_offset(name: &str, i: u32, jitter: f32) -> (i64, i64) {
    if i == 0 || jitter <= 0.0 {
        return (0, 0);
    }
    // FNV-1a of the name: a seed that does not depend on the entry's position.
    let key = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut rng = Rng::new(key.wrapping_add(u64::from(i).wrapping_mul(7919)));
    let r = jitter / 2.0 * rng.unit().sqrt();
    let a = rng.range(0.0, std::f32::consts::TAU);
    ((r * a.cos()).round() as i64, (r * a.sin()).round() as i64)
}

fn shifted(img: &RgbImage, (dx, dy): (i64, i64)) -> RgbImage {
    if (dx, dy) == (0, 0) {
        return img.clone();
    }
    let (w, h) = (i64::from(img.width()), i64::from(img.height()));
    RgbImage::from_fn(img.width(), img.height(), |x, y| {
        let sx = (i64::from(x) - dx).clamp(0, w - 1) as u32;
        let sy = (i64::from(y) - dy).clamp(0, h - 1) as u32;
        *img.get_pixel(sx, sy)
    })
}

/// A camera frame scaled to the size the worker analyses it at.
fn analysed(img: &RgbImage) -> RgbImage {
    let (w, h) = analysis_size(img.width(), img.height());
    if (w, h) == img.dimensions() {
        img.clone()
    } else {
        image::imageops::resize(img, w, h, image::imageops::FilterType::Triangle)
    }
}

/// Whether the picture sent for `report` (analysed at `analysed`, cut from a `camera` frame)
/// holds every true corner (camera pixels, clamped to the frame).
fn crop_contains(
    report: &Report,
    truth: Corners,
    analysed: (u32, u32),
    camera: (u32, u32),
) -> bool {
    let r = picture_for(report, analysed, camera).source;
    let (w, h) = (camera.0 as f32, camera.1 as f32);
    truth.iter().all(|&(x, y)| {
        let (x, y) = (x.clamp(0.0, w), y.clamp(0.0, h));
        x >= r.x as f32 - 0.5
            && y >= r.y as f32 - 0.5
            && x <= (r.x + r.width) as f32 + 0.5
            && y <= (r.y + r.height) as f32 + 0.5
    })
}

/// One frame to analyse: its pixels at the analysed size, the camera frame's size, and where
/// the document's corners are in camera pixels.
struct Shot {
    image: RgbImage,
    camera: (u32, u32),
    corners: Option<Corners>,
}

/// `still`: a still picture, full size and at the analysed size (scaled once).
fn shot(
    entry: &Entry,
    still: Option<&(RgbImage, RgbImage)>,
    i: u32,
    jitter: f32,
) -> Result<Shot, String> {
    let quad_for = |i: usize| {
        entry
            .corners
            .as_ref()
            .and_then(|q| if q.len() == 1 { q.first() } else { q.get(i) })
            .copied()
    };
    match (&entry.source, still) {
        (Source::Still(_), Some((img, small))) => {
            let scale = img.width() as f32 / small.width() as f32;
            let (dx, dy) = jitter_offset(&entry.name, i, jitter);
            let corners =
                quad_for(0).map(|q| q.map(|(x, y)| (x + dx as f32 * scale, y + dy as f32 * scale)));
            Ok(Shot {
                image: shifted(small, (dx, dy)),
                camera: img.dimensions(),
                corners,
            })
        }
        (Source::Frames(files), _) => {
            let path = &files[i as usize];
            let img = load_picture(path)?;
            Ok(Shot {
                image: analysed(&img),
                camera: img.dimensions(),
                corners: quad_for(i as usize),
            })
        }
        (Source::Still(p), None) => Err(format!("{}: not loaded", p.display())),
    }
}

/// Runs one entry through `step` (restarted for its side) and counts it into `board`.
fn score_entry(
    entry: &Entry,
    frames: u32,
    jitter: f32,
    step: &mut Step<u32>,
    board: &mut Scoreboard,
) -> Result<Outcome, String> {
    step.restart(entry.side).map_err(|e| e.to_string())?;
    let still = match &entry.source {
        Source::Still(p) => {
            let img = load_picture(p)?;
            let small = analysed(&img);
            Some((img, small))
        }
        Source::Frames(_) => None,
    };
    let count = match &entry.source {
        Source::Still(_) => frames,
        Source::Frames(f) => frames.min(f.len() as u32),
    };
    let mut out = Outcome {
        name: entry.name.clone(),
        side: entry.side,
        class: entry.class,
        taken_secs: None,
        frames: 0,
        verdicts: BTreeMap::new(),
        still_verdict: "-",
        glare: None,
        code: None,
        corner_error_pct: None,
        crop_whole: None,
        faces_right: None,
    };
    let mut first_size = None;
    let mut face_frames = (0u32, 0u32);
    for i in 0..count {
        let s = shot(entry, still.as_ref(), i, jitter)?;
        let (w, h) = s.image.dimensions();
        match first_size {
            None => first_size = Some(s.camera),
            Some(size) if size != s.camera => {
                return Err(format!(
                    "{}: frame {i} is {}×{}, the first frame {}×{}",
                    entry.name, s.camera.0, s.camera.1, size.0, size.1
                ))
            }
            Some(_) => {}
        }
        let px = eval::rgba(&s.image);
        let frame =
            Frame::rgba(&px, w as usize, h as usize).map_err(|e| format!("{}: {e}", entry.name))?;
        if i == 0 {
            let (report, _) = step.shoot(&frame, || 0.0).map_err(|e| e.to_string())?;
            out.still_verdict = report.verdict.as_str();
            judge_still(entry, &report, board, &mut out);
        }
        let (report, _, fired) = step
            .preview(&frame, || i, || 0.0)
            .map_err(|e| e.to_string())?;
        out.frames += 1;
        *out.verdicts.entry(report.verdict.as_str()).or_default() += 1;
        if entry.side == Side::Selfie {
            if let Some(truth) = entry.faces {
                let found = report.faces.as_ref().map_or(0, Vec::len);
                board.face_frames += 1;
                face_frames.1 += 1;
                if found == truth {
                    board.face_frames_right += 1;
                    face_frames.0 += 1;
                }
                if truth >= 2 {
                    board.two_face_frames += 1;
                    if found >= 2 {
                        board.two_face_frames_reported += 1;
                    }
                }
            }
        }
        if fired.is_some() {
            out.taken_secs = Some((i + 1) as f32 / FRAMES_PER_SECOND);
            if let Some(truth) = s.corners {
                let scale = w as f32 / s.camera.0 as f32;
                let in_analysed = truth.map(|(x, y)| (x * scale, y * scale));
                board.captures += 1;
                if let Some(doc) = &report.document {
                    let e = eval::corner_error(&doc.corners, in_analysed);
                    board.corner_error_pct.push(e);
                    out.corner_error_pct = Some(e);
                }
                let whole = crop_contains(&report, truth, (w, h), s.camera);
                out.crop_whole = Some(whole);
                if whole {
                    board.crops_containing += 1;
                } else {
                    board.cut_crops.push(entry.name.clone());
                }
            }
            break;
        }
    }
    if let Some(t) = entry.faces {
        out.faces_right = Some((face_frames.0, face_frames.1, t));
    }
    let taken = out.taken_secs.is_some();
    if entry.side == Side::Selfie {
        if entry.class == Class::Genuine {
            board.selfies += 1;
            if let Some(s) = out.taken_secs {
                board.selfies_taken += 1;
                board.selfie_secs.push(s);
            }
        } else if taken {
            board.selfies_wrongly_taken += 1;
        }
        return Ok(out);
    }
    match entry.class {
        Class::Genuine => {
            board.genuine += 1;
            if let Some(s) = out.taken_secs {
                board.genuine_taken += 1;
                board.capture_secs.push(s);
            } else {
                board
                    .misses
                    .push(format!("{} ({})", entry.name, out.most_verdict()));
            }
        }
        Class::Flawed => {
            board.flawed += 1;
            if taken {
                board.flawed_taken += 1;
            }
        }
        Class::NonDocument => {
            board.non_documents += 1;
            if taken {
                board.non_documents_taken += 1;
                board.false_captures.push(entry.name.clone());
            }
        }
    }
    Ok(out)
}

/// The first frame judged as a still, as [`crate::eval`] judges the generated scenes: only
/// documents the checks found; dark ones count for "too dark" only; glare is judged on whole,
/// sharp, lit ones with a glare truth; codes where there is a code truth.
fn judge_still(entry: &Entry, still: &Report, board: &mut Scoreboard, out: &mut Outcome) {
    if entry.side == Side::Selfie || entry.class == Class::NonDocument {
        return;
    }
    if still.document.is_none() {
        return;
    }
    if entry.flaw == Some(Flaw::Dark) {
        board.dim += 1;
        if still.verdict == Verdict::TooDark {
            board.dim_flagged += 1;
        }
        return;
    }
    let flagged = still
        .quality
        .is_some_and(|q| q.glare > frame_vision::MAX_GLARE);
    let judged = !matches!(entry.flaw, Some(Flaw::Blur | Flaw::CutOff));
    out.glare = Some((flagged, entry.glare_over_content));
    if let (true, Some(truth)) = (judged, entry.glare_over_content) {
        match (flagged, truth) {
            (true, true) => board.glare_tp += 1,
            (true, false) => {
                board.glare_fp += 1;
                board.glare_false.push(entry.name.clone());
            }
            (false, true) => {
                board.glare_fn += 1;
                board.glare_missed.push(entry.name.clone());
            }
            (false, false) => {}
        }
        if !truth {
            board.glare_free += 1;
        }
    }
    if let Some(legible) = entry.code_legible {
        let read = match entry.side {
            Side::Back => still.barcode_readable == Some(true),
            _ => still.mrz.as_ref().is_some_and(|m| m.present()),
        };
        out.code = Some((read, legible));
        board.code_scenes += 1;
        if read == legible {
            board.code_agree += 1;
        }
    }
}

/// Scores every entry of `truth`, each shown for at most `frames` frames. `progress` is told
/// each entry's name.
pub fn run_truth(
    label: &str,
    truth: &Truth,
    frames: u32,
    mut progress: impl FnMut(&str),
) -> Result<DirRun, String> {
    let mut board = Scoreboard {
        split: label.to_string(),
        ..Scoreboard::default()
    };
    let mut step = Step::<u32>::new(Side::Front).map_err(|e| e.to_string())?;
    let mut outcomes = Vec::new();
    for entry in &truth.entries {
        progress(&entry.name);
        let o = score_entry(entry, frames, truth.jitter_px, &mut step, &mut board)
            .map_err(|e| format!("{}: {e}", entry.name))?;
        outcomes.push(o);
    }
    Ok(DirRun { board, outcomes })
}

/// `vision-eval --dir DIR`: reads `DIR/truth.json` and scores every entry.
pub fn run_dir(dir: &Path, frames: u32, progress: impl FnMut(&str)) -> Result<DirRun, String> {
    let truth = read_truth(dir)?;
    run_truth(&dir.display().to_string(), &truth, frames, progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> PathBuf {
        PathBuf::from("/nowhere")
    }

    #[test]
    fn a_full_entry_parses() {
        let t = parse_truth(
            r#"{"jitter_px": 4, "_note": "x", "pictures": [
                {"file": "a.jpg", "side": "back", "class": "flawed", "flaw": "glare",
                 "corners": [[1, 2], [3, 4.5], [5, 6], [7, 8]],
                 "glare_over_content": true, "code_legible": false, "_why": "lamp"}
            ]}"#,
            &dir(),
        )
        .expect("parses");
        assert_eq!(t.jitter_px, 4.0);
        let e = &t.entries[0];
        assert_eq!(e.name, "a.jpg");
        assert_eq!(e.source, Source::Still(dir().join("a.jpg")));
        assert_eq!(
            (e.side, e.class, e.flaw),
            (Side::Back, Class::Flawed, Some(Flaw::Glare))
        );
        assert_eq!(
            e.corners,
            Some(vec![[(1.0, 2.0), (3.0, 4.5), (5.0, 6.0), (7.0, 8.0)]])
        );
        assert_eq!(
            (e.glare_over_content, e.code_legible, e.faces),
            (Some(true), Some(false), None)
        );
    }

    #[test]
    fn missing_fields_stay_unknown() {
        let t = parse_truth(
            r#"{"pictures": [{"file": "s.png", "side": "selfie", "class": "genuine"},
                             {"file": "d.png", "side": "front", "class": "non_document"}]}"#,
            &dir(),
        )
        .expect("parses");
        assert_eq!(t.jitter_px, DEFAULT_JITTER_PX);
        for e in &t.entries {
            assert_eq!(
                (
                    e.corners.as_ref(),
                    e.glare_over_content,
                    e.code_legible,
                    e.faces
                ),
                (None, None, None, None)
            );
        }
    }

    #[test]
    fn bad_entries_are_errors_naming_them() {
        let bad = [
            (
                r#"{"pictures": [{"file": "x.jpg", "side": "fronte", "class": "genuine"}]}"#,
                "fronte",
            ),
            (
                r#"{"pictures": [{"file": "x.jpg", "side": "front"}]}"#,
                "`class` is required",
            ),
            (
                r#"{"pictures": [{"file": "x.jpg", "side": "front", "class": "genuine", "glare": true}]}"#,
                "unknown key `glare`",
            ),
            (
                r#"{"pictures": [{"file": "x.jpg", "side": "front", "class": "genuine", "corners": [[1, 2], [3, 4]]}]}"#,
                "4 points",
            ),
            (
                r#"{"pictures": [{"file": "x.jpg", "side": "front", "class": "genuine", "code_legible": true}]}"#,
                "`code_legible` is for",
            ),
            (
                r#"{"pictures": [{"file": "x.jpg", "side": "front", "class": "genuine", "flaw": "dark"}]}"#,
                "only for `class: flawed`",
            ),
            (
                r#"{"pictures": [{"file": "x.jpg", "side": "selfie", "class": "genuine", "faces": -1}]}"#,
                "`faces` must be a count",
            ),
            (
                r#"{"pictures": [{"side": "front", "class": "genuine"}]}"#,
                "no `file`",
            ),
            (
                r#"{"pictures": [{"file": "x.jpg", "side": "front", "class": "genuine"}, {"file": "x.jpg", "side": "back", "class": "genuine"}]}"#,
                "used twice",
            ),
            (r#"{"pictures": []}"#, "empty"),
            (r#"{"pictures": [1]}"#, "must be an object"),
            (r#"[1, 2]"#, "`pictures` list"),
            (r#"{"pictures": [{"file": "x.jpg""#, "not JSON"),
        ];
        for (text, want) in bad {
            let e = parse_truth(text, &dir()).expect_err(text);
            assert!(e.contains(want), "{text}: {e}");
        }
        let e = parse_truth(
            r#"{"pictures": [{"file": "ok.jpg", "side": "front", "class": "genuine"},
                             {"file": "bad.jpg", "side": "front", "class": "real"}]}"#,
            &dir(),
        )
        .expect_err("bad class");
        assert!(e.contains("pictures[1] (\"bad.jpg\")"), "{e}");
    }

    #[test]
    fn jitter_is_deterministic_small_and_leaves_the_first_frame() {
        assert_eq!(jitter_offset("a", 0, 6.0), (0, 0));
        for i in 1..40 {
            let (dx, dy) = jitter_offset("a", i, 6.0);
            assert!(
                ((dx * dx + dy * dy) as f32).sqrt() <= 3.0 + 0.8,
                "{dx},{dy}"
            );
            assert_eq!(jitter_offset("a", i, 6.0), (dx, dy));
        }
        let moves: HashSet<_> = (1..40).map(|i| jitter_offset("a", i, 6.0)).collect();
        assert!(moves.len() > 3, "{moves:?}");
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("vision-eval-dir-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }

    /// A generated held-out scene's first frame, written as a picture, with its truth.
    fn write_scene(dir: &Path, scene: &fixtures::scenes::Scene, file: &str) -> Value {
        let f = scene.frame(0);
        std::fs::write(dir.join(file), fixtures::png(&f.image)).expect("write");
        let t = &scene.truth;
        let class = if t.should_capture {
            "genuine"
        } else if t.document {
            "flawed"
        } else {
            "non_document"
        };
        let mut e = serde_json::json!({"file": file, "side": scene.side, "class": class});
        if let Some(c) = f.corners {
            e["corners"] = serde_json::json!(c.map(|(x, y)| [x, y]));
        }
        if t.document {
            e["glare_over_content"] = Value::Bool(t.glare_over_content);
        }
        if let Some(l) = t.code_legible {
            e["code_legible"] = Value::Bool(l);
        }
        e
    }

    #[test]
    fn a_tiny_folder_is_scored_end_to_end() {
        use fixtures::scenes::{self, Kind, Split};
        let d = temp_dir("e2e");
        // The first held-out scenes: a front that is taken, a non-document, a back.
        let all = scenes::scenes(Split::HeldOut, 24, None);
        let pick = |k: Kind, want: bool| {
            all.iter()
                .find(|s| s.kind == k && s.truth.should_capture == want)
                .expect("the split has one")
        };
        let front = pick(Kind::CardFront, true);
        let desk = all
            .iter()
            .find(|s| !s.truth.document && s.kind != Kind::Face && s.kind != Kind::Pet)
            .expect("a non-document");
        let mut entries = vec![
            write_scene(&d, front, "front.png"),
            write_scene(&d, desk, "desk.png"),
        ];
        // The same front from a 1080p camera: analysed at 1280×720, cropped from the full frame.
        let f = front.frame(0);
        let big =
            image::imageops::resize(&f.image, 1920, 1080, image::imageops::FilterType::Triangle);
        std::fs::write(d.join("front-1080p.png"), fixtures::png(&big)).expect("write");
        let mut e = entries[0].clone();
        e["file"] = Value::from("front-1080p.png");
        e["corners"] = serde_json::json!(f
            .corners
            .expect("a front has corners")
            .map(|(x, y)| [x * 1.5, y * 1.5]));
        entries.push(e);
        std::fs::write(
            d.join(TRUTH_FILE),
            serde_json::json!({"pictures": entries}).to_string(),
        )
        .expect("truth");
        let mut seen = Vec::new();
        let run = run_dir(&d, eval::MAX_FRAMES, |n| seen.push(n.to_string())).expect("runs");
        assert_eq!(seen, ["front.png", "desk.png", "front-1080p.png"]);
        let b = &run.board;
        let table = b.table();
        assert_eq!((b.genuine, b.non_documents, b.flawed), (2, 1, 0), "{table}");
        assert_eq!(b.non_documents_taken, 0, "{table}");
        assert_eq!(b.genuine_taken, 2, "{table}\n{:?}", run.outcomes);
        assert_eq!(b.crops_containing, b.captures, "{table}");
        assert_eq!(b.captures, 2, "{table}");
        assert!(b.corner_error_pct.iter().all(|&e| e < 5.0), "{table}");
        // No selfies, no flawed documents: those rows are n/a, not 0 % or a guess.
        assert!(table.contains("n/a"), "{table}");
        let flawed_row = table
            .lines()
            .find(|l| l.contains("flawed documents taken"))
            .expect("row");
        assert!(flawed_row.contains("n/a"), "{flawed_row}");
        let lines: Vec<String> = run.outcomes.iter().map(Outcome::line).collect();
        assert!(
            lines[0].starts_with("ok") && lines[0].contains("taken"),
            "{lines:?}"
        );
        assert!(
            lines[1].starts_with("ok") && lines[1].contains("not taken"),
            "{lines:?}"
        );
        // Same folder, same scoreboard.
        let again = run_dir(&d, eval::MAX_FRAMES, |_| {}).expect("runs");
        assert_eq!(again.board, run.board);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_folder_of_frames_is_a_sequence_and_bad_files_are_named() {
        let d = temp_dir("frames");
        std::fs::create_dir_all(d.join("seq")).expect("seq");
        let desk = RgbImage::from_pixel(320, 180, image::Rgb([60, 64, 70]));
        for i in 0..3 {
            std::fs::write(d.join(format!("seq/f{i}.png")), fixtures::png(&desk)).expect("write");
        }
        std::fs::write(d.join("broken.jpg"), b"not a jpeg").expect("write");
        std::fs::write(
            d.join(TRUTH_FILE),
            r#"{"pictures": [{"frames": "seq", "side": "front", "class": "non_document"}]}"#,
        )
        .expect("truth");
        let run = run_dir(&d, eval::MAX_FRAMES, |_| {}).expect("runs");
        assert_eq!(run.outcomes[0].frames, 3);
        assert_eq!(run.board.non_documents_taken, 0);
        std::fs::write(
            d.join(TRUTH_FILE),
            r#"{"pictures": [{"file": "broken.jpg", "side": "front", "class": "non_document"}]}"#,
        )
        .expect("truth");
        let e = run_dir(&d, eval::MAX_FRAMES, |_| {}).expect_err("broken picture");
        assert!(e.contains("broken.jpg"), "{e}");
        let e = run_dir(&d.join("missing"), eval::MAX_FRAMES, |_| {}).expect_err("no truth");
        assert!(e.contains("truth.json"), "{e}");
        let _ = std::fs::remove_dir_all(&d);
    }
}
