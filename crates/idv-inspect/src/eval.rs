//! The scoreboard of the capture checks on generated scenes they were never tuned on
//! (`vision-eval`, issue 16): each scene's hand-held frame sequence goes through the widget's
//! real analysis step (`vision_worker::Step`: the `Analyzer`, the `AutoCapture` streak and the
//! crop of the picture sent), at 5 analysed frames a second.
//!
//! What is counted, per split:
//! - genuine documents that should be taken (whole, lit, sharp, no glare over content): the
//!   share taken by themselves within [`MAX_FRAMES`] frames, and the median time to capture;
//! - genuine documents that must not be taken (glare over content, a dim room, out of focus,
//!   partly out of frame): the share taken anyway;
//! - non-documents taken;
//! - corner error of each capture (mean corner distance, % of the card's diagonal) and crop
//!   containment (the picture sent holds the whole ground-truth card);
//! - on each scene's first frame, judged as a still: glare flagged (no "No glare" tick) against
//!   the truth, barcode/MRZ readability against the truth, dim scenes called too dark;
//! - selfies: faces counted right on every frame, two faces always reported as several, the
//!   median time to capture one centred face.

use fixtures::scenes::{self, Kind, Scene, SelfieScene, Split};
use frame_vision::{Frame, Report, Side, Verdict};
use vision_worker::{picture_for, Step};

/// Analysed frames a second: the time to capture is frames / this.
pub const FRAMES_PER_SECOND: f32 = 5.0;
/// Frames each scene is shown for by default (3 s): a genuine document not taken by then is a
/// miss (the target is a median of 1.5 s).
pub const MAX_FRAMES: u32 = 15;

/// The scoreboard of one split.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scoreboard {
    /// Which split.
    pub split: String,
    /// Document scenes that should be taken.
    pub genuine: usize,
    /// … of which taken by themselves.
    pub genuine_taken: usize,
    /// Seconds to each capture of a genuine document that should be taken.
    pub capture_secs: Vec<f32>,
    /// Genuine documents that must not be taken (glare, dim, blur, out of frame).
    pub flawed: usize,
    /// … of which taken anyway.
    pub flawed_taken: usize,
    /// Names of the flawed documents taken, with the truth's first flaw.
    pub flawed_captures: Vec<String>,
    /// Non-document scenes.
    pub non_documents: usize,
    /// … of which taken.
    pub non_documents_taken: usize,
    /// Names of the non-documents taken.
    pub false_captures: Vec<String>,
    /// Names of the genuine documents missed, with the verdict most often given.
    pub misses: Vec<String>,
    /// Corner error of each document capture, % of the card's diagonal.
    pub corner_error_pct: Vec<f32>,
    /// Document captures.
    pub captures: usize,
    /// … whose picture contains the whole card.
    pub crops_containing: usize,
    /// Names of captures whose crop cut the card.
    pub cut_crops: Vec<String>,
    /// Glare: flagged and true, flagged and false, missed (true, not flagged).
    pub glare_tp: usize,
    /// See `glare_tp`.
    pub glare_fp: usize,
    /// See `glare_tp`.
    pub glare_fn: usize,
    /// Glare-free, lit documents judged.
    pub glare_free: usize,
    /// Names of the scenes whose glare was missed (real, not flagged).
    pub glare_missed: Vec<String>,
    /// Names of the glare-free scenes flagged as glare.
    pub glare_false: Vec<String>,
    /// Barcode/MRZ: scenes judged, and where the checks agree with the truth.
    pub code_scenes: usize,
    /// See `code_scenes`.
    pub code_agree: usize,
    /// Dim scenes with a document found, and how many were called too dark.
    pub dim: usize,
    /// See `dim`.
    pub dim_flagged: usize,
    /// Selfie frames, and how many counted their faces right.
    pub face_frames: usize,
    /// See `face_frames`.
    pub face_frames_right: usize,
    /// Frames with two faces, and how many reported two or more.
    pub two_face_frames: usize,
    /// See `two_face_frames`.
    pub two_face_frames_reported: usize,
    /// Selfie scenes with one centred face, taken, and the seconds to each capture.
    pub selfies: usize,
    /// See `selfies`.
    pub selfies_taken: usize,
    /// See `selfies`.
    pub selfie_secs: Vec<f32>,
    /// Selfie scenes with no face or two, taken anyway.
    pub selfies_wrongly_taken: usize,
}

fn pct(n: usize, d: usize) -> f32 {
    if d == 0 {
        f32::NAN
    } else {
        100.0 * n as f32 / d as f32
    }
}

/// The median of `v` (NaN when empty).
pub fn median(v: &[f32]) -> f32 {
    quantile(v, 0.5)
}

fn quantile(v: &[f32], q: f32) -> f32 {
    if v.is_empty() {
        return f32::NAN;
    }
    let mut v = v.to_vec();
    v.sort_by(f32::total_cmp);
    v[((v.len() - 1) as f32 * q).round() as usize]
}

impl Scoreboard {
    /// Genuine documents taken by themselves, %.
    pub fn genuine_taken_pct(&self) -> f32 {
        pct(self.genuine_taken, self.genuine)
    }
    /// Non-documents taken, %.
    pub fn non_documents_taken_pct(&self) -> f32 {
        pct(self.non_documents_taken, self.non_documents)
    }
    /// Flawed genuine documents taken, %.
    pub fn flawed_taken_pct(&self) -> f32 {
        pct(self.flawed_taken, self.flawed)
    }
    /// Captures whose crop holds the whole card, %.
    pub fn containment_pct(&self) -> f32 {
        pct(self.crops_containing, self.captures)
    }
    /// Glare flagged that was real, %.
    pub fn glare_precision_pct(&self) -> f32 {
        pct(self.glare_tp, self.glare_tp + self.glare_fp)
    }
    /// Real glare flagged, %.
    pub fn glare_recall_pct(&self) -> f32 {
        pct(self.glare_tp, self.glare_tp + self.glare_fn)
    }
    /// Glare-free documents flagged as glare, %.
    pub fn glare_false_alarm_pct(&self) -> f32 {
        pct(self.glare_fp, self.glare_free)
    }
    /// Barcode/MRZ readability agreeing with the truth, %.
    pub fn code_agreement_pct(&self) -> f32 {
        pct(self.code_agree, self.code_scenes)
    }
    /// Faces counted right, % of selfie frames.
    pub fn faces_right_pct(&self) -> f32 {
        pct(self.face_frames_right, self.face_frames)
    }
    /// Two faces reported as two or more, % of such frames.
    pub fn two_faces_pct(&self) -> f32 {
        pct(self.two_face_frames_reported, self.two_face_frames)
    }

    /// The scoreboard as aligned text lines, with the held-out targets beside them.
    pub fn table(&self) -> String {
        // A figure with nothing to measure it on (no such scenes, or no truth for it) is
        // "n/a", never a guess.
        let f = |v: f32| {
            if v.is_nan() {
                "n/a".to_string()
            } else {
                format!("{v:.1}")
            }
        };
        let share = |n: usize, d: usize| {
            if d == 0 {
                "n/a".to_string()
            } else {
                format!("{} % ({n}/{d})", f(pct(n, d)))
            }
        };
        let secs = |v: &[f32]| {
            if v.is_empty() {
                "n/a".to_string()
            } else {
                format!("{} s", f(median(v)))
            }
        };
        let rows = [
            (
                "genuine documents taken by themselves",
                share(self.genuine_taken, self.genuine),
                "≥ 97 %",
            ),
            (
                "time to capture, median (5 frames/s)",
                secs(&self.capture_secs),
                "≤ 1.5 s",
            ),
            (
                "non-documents taken",
                share(self.non_documents_taken, self.non_documents),
                "≤ 0.5 %",
            ),
            (
                "flawed documents taken (glare, dim, blur, cut off)",
                share(self.flawed_taken, self.flawed),
                "—",
            ),
            (
                "corner error, median / p95 (% of diagonal)",
                if self.corner_error_pct.is_empty() {
                    "n/a".to_string()
                } else {
                    format!(
                        "{} / {}",
                        f(median(&self.corner_error_pct)),
                        f(quantile(&self.corner_error_pct, 0.95))
                    )
                },
                "—",
            ),
            (
                "crop contains the whole card",
                share(self.crops_containing, self.captures),
                "100 %",
            ),
            (
                "glare recall (blobs over content flagged)",
                share(self.glare_tp, self.glare_tp + self.glare_fn),
                "≥ 90 %",
            ),
            (
                "glare precision",
                format!("{} %", f(self.glare_precision_pct())),
                "—",
            ),
            (
                "glare-free documents flagged as glare",
                share(self.glare_fp, self.glare_free),
                "≤ 2 %",
            ),
            (
                "barcode/MRZ readability agrees with truth",
                share(self.code_agree, self.code_scenes),
                "—",
            ),
            (
                "dim rooms called too dark",
                share(self.dim_flagged, self.dim),
                "—",
            ),
            (
                "selfie frames with faces counted right",
                share(self.face_frames_right, self.face_frames),
                "—",
            ),
            (
                "two faces reported as several",
                share(self.two_face_frames_reported, self.two_face_frames),
                "100 %",
            ),
            (
                "selfie (one centred face) taken, median time",
                if self.selfies == 0 {
                    "n/a".to_string()
                } else {
                    format!(
                        "{}, {}",
                        share(self.selfies_taken, self.selfies),
                        secs(&self.selfie_secs)
                    )
                },
                "≤ 2 s",
            ),
            (
                "selfies with no face or two taken",
                format!("{}", self.selfies_wrongly_taken),
                "0",
            ),
        ];
        let mut out = format!("{} split\n", self.split);
        for (name, value, target) in rows {
            out.push_str(&format!("  {name:<52} {value:<24} target {target}\n"));
        }
        out
    }
}

pub(crate) use fixtures::rgba;

fn order(q: [(f32, f32); 4]) -> [frame_vision::Point; 4] {
    frame_vision::geometry::order_corners(q.map(|(x, y)| frame_vision::Point::new(x, y)))
}

/// Mean distance between found and true corners (both in reading order), % of the diagonal.
pub(crate) fn corner_error(found: &frame_vision::Quad, truth: [(f32, f32); 4]) -> f32 {
    let t = order(truth);
    let diag = t[0].distance(t[2]).max(t[1].distance(t[3])).max(1.0);
    let mean = found
        .iter()
        .zip(&t)
        .map(|(a, b)| a.distance(*b))
        .sum::<f32>()
        / 4.0;
    100.0 * mean / diag
}

/// Whether the picture sent for `report` holds every true corner (clamped to the frame).
fn crop_contains(report: &Report, truth: [(f32, f32); 4], w: u32, h: u32) -> bool {
    let r = picture_for(report, (w, h), (w, h)).source;
    truth.iter().all(|&(x, y)| {
        let (x, y) = (x.clamp(0.0, w as f32), y.clamp(0.0, h as f32));
        x >= r.x as f32 - 0.5
            && y >= r.y as f32 - 0.5
            && x <= (r.x + r.width) as f32 + 0.5
            && y <= (r.y + r.height) as f32 + 0.5
    })
}

/// Scores `scene` into `board`.
fn score_scene(
    scene: &Scene,
    frames: u32,
    trace: bool,
    board: &mut Scoreboard,
) -> Result<(), String> {
    let side = Side::parse(scene.side).ok_or("bad side")?;
    let mut step = Step::<u32>::new(side).map_err(|e| e.to_string())?;
    let (w, h) = (scene.width, scene.height);
    let mut reports = Vec::new();
    let mut truths = Vec::new();
    let mut taken = None;
    let mut verdicts = std::collections::BTreeMap::<&'static str, u32>::new();
    for i in 0..frames {
        let shot = scene.frame(i);
        let px = rgba(&shot.image);
        let frame = Frame::rgba(&px, w as usize, h as usize).map_err(|e| e.to_string())?;
        if i == 0 {
            // The still judgement of the first frame: glare, codes, darkness.
            let (still, _) = step.shoot(&frame, || 0.0).map_err(|e| e.to_string())?;
            judge_still(scene, &still, board);
            if let Some(dir) = std::env::var_os("VISION_EVAL_CROPS") {
                dump_crop(scene, &frame, &still, std::path::Path::new(&dir));
            }
            if std::env::var_os("VISION_EVAL_VERBOSE").is_some() {
                eprintln!(
                    "{} truth={:?} glare_gt={} dim={:.2} blur={:.1} verdict={} doc={:?} q={:?} code={:?}/{:?}",
                    scene.name(),
                    scene.truth.should_capture,
                    scene.truth.glare_over_content,
                    scene.light.gain,
                    scene.blur,
                    still.verdict.as_str(),
                    still.document,
                    still.quality,
                    still.barcode_readable,
                    still.mrz.as_ref().map(|m| (m.lines, m.sharpness)),
                );
            }
        }
        let (report, _, fired) = step
            .preview(&frame, || i, || 0.0)
            .map_err(|e| e.to_string())?;
        *verdicts.entry(report.verdict.as_str()).or_default() += 1;
        if trace {
            eprintln!("{}", trace_line(&scene.name(), i, &report, fired.is_some()));
        }
        reports.push(report);
        truths.push(shot.corners);
        if let Some(k) = fired {
            taken = Some((i, k));
            break;
        }
    }
    let t = &scene.truth;
    if t.should_capture {
        board.genuine += 1;
    } else if t.document {
        board.flawed += 1;
    } else {
        board.non_documents += 1;
    }
    let Some((i, k)) = taken else {
        if t.should_capture {
            let most = verdicts.iter().max_by_key(|(_, n)| **n).map(|(v, _)| *v);
            board
                .misses
                .push(format!("{} ({})", scene.name(), most.unwrap_or("-")));
        }
        return Ok(());
    };
    if t.should_capture {
        board.genuine_taken += 1;
        board.capture_secs.push((i + 1) as f32 / FRAMES_PER_SECOND);
    } else if t.document {
        board.flawed_taken += 1;
        board
            .flawed_captures
            .push(format!("{} ({})", scene.name(), first_flaw(t)));
    } else {
        board.non_documents_taken += 1;
        board.false_captures.push(scene.name());
    }
    let (report, truth) = (&reports[k as usize], truths[k as usize]);
    if let Some(truth) = truth {
        board.captures += 1;
        if let Some(doc) = &report.document {
            board
                .corner_error_pct
                .push(corner_error(&doc.corners, truth));
        }
        if crop_contains(report, truth, w, h) {
            board.crops_containing += 1;
        } else {
            board.cut_crops.push(scene.name());
        }
    }
    Ok(())
}

/// One frame of `--trace`: verdict, movement since the previous frame, corners (whole
/// pixels), the code read and whether the capture fired.
fn trace_line(name: &str, i: u32, report: &Report, fired: bool) -> String {
    let corners = report.document.as_ref().map_or(String::from("-"), |d| {
        d.corners
            .iter()
            .map(|p| format!("{:.0},{:.0}", p.x, p.y))
            .collect::<Vec<_>>()
            .join(" ")
    });
    format!(
        "trace {name} #{i:>2} {:<18} move={:<6} code={:?} mrz={:?} [{corners}]{}",
        report.verdict.as_str(),
        report.movement_px.map_or("-".into(), |m| format!("{m:.0}")),
        report.barcode_readable,
        report.mrz.as_ref().and_then(|m| m.read),
        if fired { " FIRED" } else { "" },
    )
}

fn judge_still(scene: &Scene, still: &Report, board: &mut Scoreboard) {
    let t = &scene.truth;
    if !t.document || still.document.is_none() {
        return;
    }
    let dim = scene.light.gain < scenes::DIM_GAIN;
    if dim {
        board.dim += 1;
        if still.verdict == Verdict::TooDark {
            board.dim_flagged += 1;
        }
        return;
    }
    if t.whole_in_frame && scene.blur <= 2.0 {
        // The glare judgement itself (the verdict's rule), on a document that was found.
        let flagged = still
            .quality
            .is_some_and(|q| q.glare > frame_vision::MAX_GLARE);
        match (flagged, t.glare_over_content) {
            (true, true) => board.glare_tp += 1,
            (true, false) => {
                board.glare_fp += 1;
                board.glare_false.push(scene.name());
            }
            (false, true) => {
                board.glare_fn += 1;
                board.glare_missed.push(scene.name());
            }
            (false, false) => {}
        }
        if !t.glare_over_content {
            board.glare_free += 1;
        }
    }
    if let Some(legible) = t.code_legible {
        let read = match scene.kind {
            Kind::CardBack => still.barcode_readable == Some(true),
            _ => still.mrz.as_ref().is_some_and(|m| m.present()),
        };
        board.code_scenes += 1;
        if read == legible {
            board.code_agree += 1;
        }
    }
}

fn score_selfie(
    scene: &SelfieScene,
    frames: u32,
    step: &mut Step<u32>,
    board: &mut Scoreboard,
) -> Result<(), String> {
    step.restart(Side::Selfie).map_err(|e| e.to_string())?;
    let (w, h) = (scene.width as usize, scene.height as usize);
    let mut taken = None;
    for i in 0..frames {
        let img = scene.frame(i);
        let px = rgba(&img);
        let frame = Frame::rgba(&px, w, h).map_err(|e| e.to_string())?;
        let (report, _, fired) = step
            .preview(&frame, || i, || 0.0)
            .map_err(|e| e.to_string())?;
        let found = report.faces.as_ref().map_or(0, Vec::len);
        board.face_frames += 1;
        if found == scene.faces {
            board.face_frames_right += 1;
        }
        if scene.faces >= 2 {
            board.two_face_frames += 1;
            if found >= 2 {
                board.two_face_frames_reported += 1;
            }
        }
        if fired.is_some() {
            taken = Some(i);
            break;
        }
    }
    if scene.should_capture {
        board.selfies += 1;
        if let Some(i) = taken {
            board.selfies_taken += 1;
            board.selfie_secs.push((i + 1) as f32 / FRAMES_PER_SECOND);
        }
    } else if taken.is_some() {
        board.selfies_wrongly_taken += 1;
    }
    Ok(())
}

/// How much of a split to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Document and non-document scenes (the first of the split's seeds).
    pub scenes: usize,
    /// Selfie scenes (they need the photos).
    pub selfies: usize,
    /// Frames each scene is shown for at most.
    pub frames: u32,
    /// Seeds of the split skipped before the first scene run (`--skip`: seeds 361–720 are
    /// `skip` 360, `scenes` 360).
    pub skip: usize,
    /// Print each document frame's verdict, movement, corners and code reads to stderr
    /// (`--trace`), to see why a scene was not taken.
    pub trace: bool,
}

/// The `count` scenes of `split` after its first `skip` seeds, drawn one at a time.
pub fn split_scenes(
    split: Split,
    skip: usize,
    count: usize,
    photos: Option<&fixtures::Photos>,
) -> impl Iterator<Item = Scene> + '_ {
    // The split's first seed, so that `skip` seeds are passed over without drawing them.
    let first = scenes::scenes(split, 1, photos)
        .first()
        .map_or(0, |s| s.seed);
    (0..count as u64).map(move |i| Scene::new(split, first + skip as u64 + i, photos))
}

/// Runs `plan` on `split` (selfies need the photos; without them none are run). `progress`
/// is told each scene's name.
pub fn run(
    split: Split,
    plan: Plan,
    photos: Option<&fixtures::Photos>,
    mut progress: impl FnMut(&str),
) -> Result<Scoreboard, String> {
    let Plan {
        scenes: count,
        selfies,
        frames,
        skip,
        trace,
    } = plan;
    let mut board = Scoreboard {
        split: split.name().to_string(),
        ..Scoreboard::default()
    };
    for scene in split_scenes(split, skip, count, photos) {
        progress(&scene.name());
        score_scene(&scene, frames, trace, &mut board)?;
    }
    if let Some(p) = photos {
        let mut step = Step::<u32>::new(Side::Selfie).map_err(|e| e.to_string())?;
        for scene in scenes::selfie_scenes(split, selfies, p) {
            progress(&format!("{}-selfie-{}", split.name(), scene.seed));
            score_selfie(&scene, frames, &mut step, &mut board)?;
        }
    }
    Ok(board)
}

/// One row of the PDF417 legibility sweep: the module width in the frame, how many backs were
/// tried at it and how many the checks' decoder read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SweepRow {
    /// Module width in the frame, pixels.
    pub module_px: f32,
    /// Backs tried (layouts × seeds × tilts that fit the frame).
    pub tried: usize,
    /// … read by the decoder the checks use.
    pub read: usize,
}

/// Module widths the sweep tries, pixels in the frame.
pub const SWEEP_MODULES: [f32; 9] = [1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 2.75, 3.0, 3.5];

/// The barcode legibility sweep behind the scene generator's truth
/// ([`scenes::MIN_LEGIBLE_MODULE_PX`]): generated backs (layout families 0–5, `seeds` each),
/// level and turned 7° on a plain desk at 1280×720 with noise and JPEG, at each of
/// `modules` (the command uses [`SWEEP_MODULES`]), straightened from their true corners at
/// their own resolution and decoded as the checks decode them (`frame_vision::barcode`: rxing,
/// as straightened then with the bars restored).
pub fn pdf417_sweep(seeds: u64, modules: &[f32]) -> Vec<SweepRow> {
    let mut rows = Vec::new();
    for &module_px in modules {
        let mut row = SweepRow {
            module_px,
            tried: 0,
            read: 0,
        };
        for family in 0..6u8 {
            for seed in 1..=seeds {
                for tilt in [0.0, 7.0] {
                    let Some((img, corners)) =
                        scenes::sweep_back(seed, family, module_px, tilt, (1280, 720))
                    else {
                        continue;
                    };
                    let px = rgba(&img);
                    let Ok(frame) = frame_vision::Frame::rgba(&px, 1280, 720) else {
                        continue;
                    };
                    let luma = frame.to_luma();
                    let q = order(corners);
                    let (horizontal, vertical) = (
                        (q[0].distance(q[1]) + q[3].distance(q[2])) / 2.0,
                        (q[0].distance(q[3]) + q[1].distance(q[2])) / 2.0,
                    );
                    let (cw, ch) = (horizontal.round() as usize, vertical.round() as usize);
                    row.tried += 1;
                    let read = frame_vision::geometry::warp_quad(&luma, 1280, 720, &q, cw, ch)
                        .and_then(|crop| frame_vision::barcode::read_card_crop(&crop, cw, ch))
                        .is_some();
                    if read {
                        row.read += 1;
                    }
                }
            }
        }
        rows.push(row);
    }
    rows
}
/// Why the truth says a genuine document must not be taken, first reason first: out of the
/// frame, glare over its content, its barcode or MRZ not legible (too small, blurred, dim or
/// glared), else the light or focus of the whole card.
fn first_flaw(t: &fixtures::scenes::Truth) -> &'static str {
    if !t.whole_in_frame {
        "cut off"
    } else if t.glare_over_content {
        "glare"
    } else if t.code_legible == Some(false) {
        "code not legible"
    } else {
        "dim or blurred"
    }
}

/// `VISION_EVAL_CROPS=DIR` (diagnostic): the straightened document of each first frame whose
/// glare is judged, as `DIR/NAME_gT_qQ.png` (T: glare over content in truth; Q: the measure).
fn dump_crop(scene: &Scene, frame: &Frame, still: &Report, dir: &std::path::Path) {
    let t = &scene.truth;
    let (Some(doc), Some(q)) = (&still.document, &still.quality) else {
        return;
    };
    if !t.document || scene.light.gain < scenes::DIM_GAIN || !t.whole_in_frame || scene.blur > 2.0 {
        return;
    }
    let luma = frame.to_luma();
    let Some((crop, ch)) = frame_vision::quality_crop(&luma, frame.width(), frame.height(), doc)
    else {
        return;
    };
    let cw = frame_vision::QUALITY_CROP_WIDTH;
    let name = format!(
        "{}_g{}_q{:.4}.png",
        scene.name(),
        u8::from(t.glare_over_content),
        q.glare
    );
    let saved = image::GrayImage::from_raw(cw as u32, ch as u32, crop)
        .ok_or_else(|| "crop size".to_string())
        .and_then(|img| img.save(dir.join(&name)).map_err(|e| e.to_string()));
    if let Err(e) = saved {
        eprintln!("VISION_EVAL_CROPS: {name} not written: {e}");
    }
}
