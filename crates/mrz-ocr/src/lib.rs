//! Reads the machine-readable zone of a passport data page (ICAO 9303 TD3: two lines of 44
//! OCR-B characters) from a picture, without a model: OCR-B is a fixed-pitch font, so
//! 1. the picture is binarised against its local mean and contrast (dim light, glare and
//!    shadows change the mean, not the print's contrast with its surroundings);
//! 2. the text's skew is measured (the rotation that makes the ink's rows sharpest) and undone;
//! 3. text lines are rows crossed by many ink runs; the MRZ is the lowest pair of long lines;
//! 4. each line's ends and pitch give 44 cells, refined on the characters' own centres, and its
//!    baseline is fitted on the characters' bottoms;
//! 5. each cell is sampled (grey, through the rotation) into a 16×19 box and matched by
//!    normalised cross-correlation with the OCR-B templates (rendered from the font the
//!    fixtures ship, `fixtures::ocrb::templates`), allowing a pixel or two of misplacement;
//! 6. each position only takes the characters ICAO 9303 allows there (digits in dates and check
//!    digits, letters in names); where a field mixing letters and digits fails its check digit,
//!    the runner-up characters (O/0, I/1, B/8 …) are tried and kept only if every check digit
//!    then holds.
//!
//! [`read`] gives what was read and whether every check digit holds ([`Reading::valid`]).

mod image;
mod templates;

use crate::image::{binarise, rotate_ink, skew, Gray, Rotation};
pub use image::flatten_background;
pub use templates::{raw as template_bytes, ALPHABET, BELOW_BASELINE, TH, TW};

/// Pictures wider than this are averaged down first: the MRZ's pitch is then still ≥ 15 px
/// when the page fills the picture, more than the 16-px templates need.
pub const MAX_WIDTH: usize = 1000;
/// Skew beyond this (degrees) is not searched: the on-device checks refuse a document tilted
/// more than 10°.
pub const MAX_SKEW_DEG: f32 = 12.0;
/// A text row is crossed by at least this many ink runs (an MRZ row: 44 characters, one to three
/// runs each; a printed field or a bar: far fewer).
pub const MIN_RUNS: usize = 18;
/// The 44 characters span at least this fraction of the picture's width (a page straightened to
/// the picture: ~0.9; a page cropped with a margin: ~0.75).
pub const MIN_LINE_SPAN: f32 = 0.45;
/// The lowest correlation any character may have for the reading to count: a check digit that
/// holds by chance (one in ten) over characters that matched nothing is no reading.
pub const MIN_SCORE: f32 = 0.5;
/// Characters no check digit covers (names, issuing state, nationality, sex) must beat their
/// runner-up by this much. Chosen on the tuning set (`mrz-eval 200 2026`, both cuts): the
/// readings with a wrong name letter led by 0.005–0.018 (U/W, E/F under glare or blur); right
/// readings' closest letters (E/F, N/M, H/M, O/D) mostly lead by 0.02–0.05.
pub const MIN_UNCHECKED_MARGIN: f32 = 0.02;
/// A runner-up character is tried for a check-digit repair only when it scores within this of
/// the best (O/0 and I/1 differ by 0.02–0.15).
pub const MAX_REPAIR_LOSS: f32 = 0.25;

/// What was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The two lines, 44 characters each.
    pub lines: [String; 2],
    /// Every check digit holds, the document code starts with `P`, every character matched
    /// ([`MIN_SCORE`]) and those no check digit covers won clearly ([`MIN_UNCHECKED_MARGIN`]).
    pub valid: bool,
    /// Characters replaced by their runner-up so that the check digits hold.
    pub repaired: usize,
    /// The lowest correlation over the 88 characters.
    pub min_score: f32,
    /// The smallest lead over its runner-up of a character no check digit covers (or whose
    /// runner-up the check digit cannot tell from it).
    pub min_margin: f32,
}

/// One character cell's candidates: (index in [`ALPHABET`], correlation), best first.
type Candidates = Vec<(usize, f32)>;

/// Reads the MRZ in a `w × h` luma picture: a passport page straightened, cropped with a margin,
/// or tilted up to [`MAX_SKEW_DEG`]. `None` when no pair of MRZ-like lines is found.
pub fn read(luma: &[u8], w: usize, h: usize) -> Option<Reading> {
    read_within(luma, w, h, MAX_SKEW_DEG)
}

/// [`read`] searching the skew only within ±`max_skew_deg` (a page already straightened by its
/// outline needs ±2°, and the search costs a third of a read at ±12°).
pub fn read_within(luma: &[u8], w: usize, h: usize, max_skew_deg: f32) -> Option<Reading> {
    if w < 64 || h < 16 || luma.len() < w * h {
        return None;
    }
    let g = Gray::at_most(luma, w, h, MAX_WIDTH);
    let r = (g.w / 40).max(4);
    let ink = binarise(&g, r);
    let angle = skew(&ink, g.w, g.h, max_skew_deg.clamp(0.0, MAX_SKEW_DEG));
    let rot = Rotation::new(angle, g.w, g.h);
    let straight = if angle.abs() < 0.02f32.to_radians() {
        ink
    } else {
        rotate_ink(&ink, g.w, g.h, &rot)
    };
    let lines = text_lines(&straight, g.w, g.h);

    let mut best: Option<Reading> = None;
    // From the bottom: the MRZ is the page's last two lines.
    for pair in candidate_pairs(&lines) {
        let cols: Vec<(usize, usize, Vec<u32>)> = pair
            .iter()
            .map(|l| column_ink(&straight, g.w, g.h, l))
            .collect();
        let Some(grid) = grid(&[&cols[0].2, &cols[1].2]) else {
            continue;
        };
        if grid.1 * 44.0 < MIN_LINE_SPAN * g.w as f32 {
            continue;
        }
        let cells: Option<Vec<Vec<Cell>>> = cols
            .iter()
            .map(|(y0, y1, _)| cells_on(&straight, g.w, (*y0, *y1), grid))
            .collect();
        let Some(cells) = cells else { continue };
        let cands: Vec<Vec<Candidates>> = cells
            .iter()
            .enumerate()
            .map(|(line, cs)| {
                cs.iter()
                    .enumerate()
                    .map(|(i, c)| match_cell(&g, &rot, c, allowed(line, i)))
                    .collect()
            })
            .collect();
        let reading = assemble(&cands[0], &cands[1]);
        if reading.valid {
            return Some(reading);
        }
        if best
            .as_ref()
            .is_none_or(|b| reading.min_score > b.min_score)
        {
            best = Some(reading);
        }
    }
    best
}

/// A text line in the straightened image: rows `top..bottom`.
#[derive(Debug, Clone, Copy)]
struct Line {
    top: usize,
    bottom: usize,
}

fn text_lines(ink: &[bool], w: usize, h: usize) -> Vec<Line> {
    let text_row = |y: usize| {
        let row = &ink[y * w..(y + 1) * w];
        let runs = row
            .iter()
            .zip(std::iter::once(&false).chain(row.iter()))
            .filter(|(&now, &before)| now && !before)
            .count();
        let first = row.iter().position(|&b| b);
        let last = row.iter().rposition(|&b| b);
        let span = match (first, last) {
            (Some(a), Some(b)) => b + 1 - a,
            _ => 0,
        };
        runs >= MIN_RUNS && span as f32 >= MIN_LINE_SPAN * w as f32
    };
    let rows: Vec<bool> = (0..h).map(text_row).collect();
    let mut lines = Vec::new();
    let mut y = 0;
    while y < h {
        if !rows[y] {
            y += 1;
            continue;
        }
        let top = y;
        let mut bottom = y + 1;
        // One row without enough runs does not end a line.
        while bottom < h && (rows[bottom] || (bottom + 1 < h && rows[bottom + 1])) {
            bottom += 1;
        }
        if bottom - top >= 3 {
            lines.push(Line { top, bottom });
        }
        y = bottom + 1;
    }
    lines
}

/// Pairs of lines that could be the MRZ: similar heights, the second under the first at about
/// one and a half to three line heights, lowest pairs first.
fn candidate_pairs(lines: &[Line]) -> Vec<[Line; 2]> {
    let mut pairs = Vec::new();
    for j in (0..lines.len()).rev() {
        for i in (0..j).rev() {
            let (a, b) = (lines[i], lines[j]);
            let (ha, hb) = ((a.bottom - a.top) as f32, (b.bottom - b.top) as f32);
            let gap = (b.top + b.bottom) as f32 / 2.0 - (a.top + a.bottom) as f32 / 2.0;
            let hm = ha.max(hb);
            if ha.min(hb) / hm > 0.5 && gap > 1.1 * hm && gap < 3.5 * hm {
                pairs.push([a, b]);
            }
        }
    }
    pairs.truncate(4);
    pairs
}

/// One character's box in the straightened image.
#[derive(Debug, Clone, Copy)]
struct Cell {
    left: f32,
    pitch: f32,
    /// The bottom of the template box (baseline + [`BELOW_BASELINE`] pitches).
    bottom: f32,
}

/// Rows of a line with a quarter of its height around it, and the ink count of each column there.
fn column_ink(ink: &[bool], w: usize, h: usize, line: &Line) -> (usize, usize, Vec<u32>) {
    let lh = line.bottom - line.top;
    let (y0, y1) = (
        line.top.saturating_sub(lh / 4),
        (line.bottom + lh / 4).min(h),
    );
    let col = (0..w)
        .map(|x| (y0..y1).filter(|&y| ink[y * w + x]).count() as u32)
        .collect();
    (y0, y1, col)
}

/// The character grid both MRZ lines share (ICAO 9303 prints them left-aligned at one pitch):
/// the left edge of the first cell and the pitch. The pitch is the period of the columns' ink
/// (the strongest Fourier component near the lines' length / 44), its phase puts cell centres
/// on the ink peaks, and the 44 consecutive cells holding the most ink are the MRZ.
fn grid(cols: &[&[u32]]) -> Option<(f32, f32)> {
    let w = cols.first()?.len();
    let profile: Vec<f32> = (0..w)
        .map(|x| cols.iter().map(|c| c[x] as f32).sum())
        .collect();
    // Extent of the ink: the first and last columns past 2 % of all ink from either end.
    let total: f32 = profile.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let mut acc = 0.0;
    let left_ink = profile.iter().position(|&v| {
        acc += v;
        acc > 0.01 * total
    })? as f32;
    acc = 0.0;
    let right_ink = (w - profile.iter().rev().position(|&v| {
        acc += v;
        acc > 0.01 * total
    })?) as f32;
    let p0 = (right_ink - left_ink) / 43.7;
    if p0 < 4.0 {
        return None;
    }
    let (xa, xb) = (
        (left_ink - 2.0 * p0).max(0.0) as usize,
        ((right_ink + 2.0 * p0) as usize).min(w),
    );
    let mean = profile[xa..xb].iter().sum::<f32>() / (xb - xa) as f32;
    let mut best = (0.0f32, p0, 0.0f32);
    // The ink's extent gives the pitch within ~2 %: search ±6 % in steps of 0.25 %.
    let mut k = -60;
    while k <= 60 {
        let p = p0 * (1.0 + k as f32 * 0.0025);
        let (mut re, mut im) = (0.0f32, 0.0f32);
        for (x, &v) in profile.iter().enumerate().take(xb).skip(xa) {
            let a = std::f32::consts::TAU * (x as f32 + 0.5) / p;
            re += (v - mean) * a.cos();
            im += (v - mean) * a.sin();
        }
        let mag = re.hypot(im);
        if mag > best.0 {
            best = (mag, p, im.atan2(re));
        }
        k += 1;
    }
    let (_, pitch, phase) = best;
    // Cell centres at x = phase·p/τ + j·p (the ink peaks); cells start half a pitch before.
    let centre0 = phase / std::f32::consts::TAU * pitch;
    let first = ((xa as f32 - centre0) / pitch).floor() as i32 - 1;
    let last = ((xb as f32 - centre0) / pitch).ceil() as i32 + 1;
    let cell_ink = |j: i32| {
        let a = (centre0 + (j as f32 - 0.5) * pitch).max(0.0) as usize;
        let b = ((centre0 + (j as f32 + 0.5) * pitch).max(0.0) as usize).min(w);
        profile.get(a..b).map_or(0.0, |s| s.iter().sum::<f32>())
    };
    let inks: Vec<f32> = (first..=last).map(cell_ink).collect();
    if inks.len() < 44 {
        return None;
    }
    let (mut best_j, mut best_sum) = (0usize, f32::MIN);
    for j in 0..=inks.len() - 44 {
        let s: f32 = inks[j..j + 44].iter().sum();
        if s > best_sum {
            (best_j, best_sum) = (j, s);
        }
    }
    let j0 = first + best_j as i32;
    Some((centre0 + (j0 as f32 - 0.5) * pitch, pitch))
}

/// The 44 cells of a line on the grid `(left, pitch)`, its baseline fitted on the cells' lowest
/// ink (any skew left is linear along the line); `None` when too few cells have ink.
fn cells_on(
    ink: &[bool],
    w: usize,
    (y0, y1): (usize, usize),
    (left, pitch): (f32, f32),
) -> Option<Vec<Cell>> {
    let mut bottoms: Vec<(f32, f32)> = Vec::new();
    for i in 0..44 {
        let (xa, xb) = (
            (left + (i as f32 + 0.2) * pitch).max(0.0) as usize,
            ((left + (i as f32 + 0.8) * pitch).max(0.0) as usize).min(w),
        );
        let low = (y0..y1).rev().find(|&y| (xa..xb).any(|x| ink[y * w + x]));
        if let Some(y) = low {
            bottoms.push((left + (i as f32 + 0.5) * pitch, y as f32 + 1.0));
        }
    }
    if bottoms.len() < 22 {
        return None;
    }
    // The median bottom first (glyphs sit on the baseline; noise and glare do not), then a
    // line through the bottoms near it.
    let mut ys: Vec<f32> = bottoms.iter().map(|b| b.1).collect();
    ys.sort_by(f32::total_cmp);
    let (mut a, mut b) = (ys[ys.len() / 2], 0.0);
    for _ in 0..3 {
        let kept: Vec<(f32, f32)> = bottoms
            .iter()
            .copied()
            .filter(|&(x, y)| (y - (a + b * x)).abs() < 0.15 * pitch)
            .collect();
        if kept.len() < 16 {
            break;
        }
        (a, b) = fit(&kept);
    }
    Some(
        (0..44)
            .map(|i| {
                let cl = left + i as f32 * pitch;
                let base = a + b * (cl + pitch / 2.0);
                Cell {
                    left: cl,
                    pitch,
                    bottom: base + BELOW_BASELINE * pitch,
                }
            })
            .collect(),
    )
}

/// Least squares `y = a + b x`.
fn fit(pts: &[(f32, f32)]) -> (f32, f32) {
    let n = pts.len() as f32;
    let (sx, sy) = pts
        .iter()
        .fold((0.0, 0.0), |(sx, sy), &(x, y)| (sx + x, sy + y));
    let (mx, my) = (sx / n, sy / n);
    let (sxy, sxx) = pts.iter().fold((0.0, 0.0), |(a, b), &(x, y)| {
        (a + (x - mx) * (y - my), b + (x - mx) * (x - mx))
    });
    let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (my - b * mx, b)
}

/// Template pixels of slack on each side of a cell's box: the match may move this far.
const SLACK_X: usize = 2;
const SLACK_Y: usize = 1;

/// The candidates for one cell: every allowed character's best correlation over the shifts.
fn match_cell(g: &Gray, rot: &Rotation, cell: &Cell, allowed: &[usize]) -> Candidates {
    let (sw, sh) = (TW + 2 * SLACK_X, TH + 2 * SLACK_Y);
    let step = cell.pitch / TW as f32;
    let top = cell.bottom - TH as f32 * step;
    // Supersample when a template pixel covers more than ~1.5 picture pixels.
    let ss = if step > 1.5 { 2 } else { 1 };
    let mut win = vec![0f32; sw * sh];
    for (j, row) in win.chunks_exact_mut(sw).enumerate() {
        for (i, v) in row.iter_mut().enumerate() {
            let mut acc = 0.0;
            for sy in 0..ss {
                for sx in 0..ss {
                    let u = cell.left
                        + (i as f32 - SLACK_X as f32 + (sx as f32 + 0.5) / ss as f32) * step;
                    let vv =
                        top + (j as f32 - SLACK_Y as f32 + (sy as f32 + 0.5) / ss as f32) * step;
                    let (x, y) = rot.to_picture(u, vv);
                    acc += g.sample(x, y);
                }
            }
            // Ink is high, as in the templates.
            *v = 255.0 - acc / (ss * ss) as f32;
        }
    }
    let t = templates::get();
    let n = (TW * TH) as f32;
    let mut best = vec![f32::MIN; allowed.len()];
    for dy in 0..=2 * SLACK_Y {
        for dx in 0..=2 * SLACK_X {
            // The window's mean and norm at this shift.
            let (mut s, mut q) = (0f32, 0f32);
            for y in 0..TH {
                for &v in &win[(y + dy) * sw + dx..(y + dy) * sw + dx + TW] {
                    s += v;
                    q += v * v;
                }
            }
            let mean = s / n;
            let norm = (q - n * mean * mean).max(0.0).sqrt();
            if norm < 1e-3 {
                continue;
            }
            for (k, &c) in allowed.iter().enumerate() {
                let tpl = &t[c];
                let mut dot = 0f32;
                for y in 0..TH {
                    let wr = &win[(y + dy) * sw + dx..(y + dy) * sw + dx + TW];
                    let tr = &tpl[y * TW..(y + 1) * TW];
                    dot += wr.iter().zip(tr).map(|(a, b)| a * b).sum::<f32>();
                }
                // Templates are zero-mean and unit-norm, so the window's mean drops out.
                best[k] = best[k].max(dot / norm);
            }
        }
    }
    let mut out: Candidates = allowed.iter().copied().zip(best).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out.truncate(3);
    out
}

const DIGITS: &[usize] = &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const LETTERS_FILLER: &[usize] = &[
    10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33,
    34, 35, 36,
];
const LETTERS: &[usize] = &[
    10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33,
    34, 35,
];
const ANY: &[usize] = &[
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
];
/// F, M, X or `<`.
const SEX: &[usize] = &[15, 22, 33, 36];
const DIGIT_FILLER: &[usize] = &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 36];

/// The characters ICAO 9303 allows at position `i` of TD3 line `line` (0 or 1).
fn allowed(line: usize, i: usize) -> &'static [usize] {
    match (line, i) {
        (0, 0) => LETTERS,
        (0, _) => LETTERS_FILLER,
        (_, 0..=8) => ANY,
        (_, 9) => DIGITS,
        (_, 10..=12) => LETTERS_FILLER,
        (_, 13..=19) => DIGITS,
        (_, 20) => SEX,
        (_, 21..=27) => DIGITS,
        (_, 28..=41) => ANY,
        (_, 42) => DIGIT_FILLER,
        _ => DIGITS,
    }
}

fn text(cands: &[Candidates], choice: &[usize]) -> String {
    cands
        .iter()
        .zip(choice)
        .map(|(c, &k)| char::from(ALPHABET.as_bytes()[c[k].0]))
        .collect()
}

/// Pairs of characters OCR-B tells apart by a detail a blurred or noisy picture can lose: the
/// only substitutions a check-digit repair may make.
const CONFUSABLE: &[(u8, u8)] = &[
    (b'0', b'O'),
    (b'0', b'D'),
    (b'0', b'Q'),
    (b'1', b'I'),
    (b'2', b'Z'),
    (b'5', b'S'),
    (b'6', b'G'),
    (b'8', b'B'),
];

fn confusable(a: usize, b: usize) -> bool {
    let (a, b) = (ALPHABET.as_bytes()[a], ALPHABET.as_bytes()[b]);
    CONFUSABLE
        .iter()
        .any(|&(x, y)| (x, y) == (a, b) || (y, x) == (a, b))
}

/// Whether a check digit covers position `i` of line 2 (the nationality and sex are outside
/// every check; line 1 has none).
fn checked(i: usize) -> bool {
    !matches!(i, 10..=12 | 20)
}

/// The best characters, repaired from runner-ups where that makes every check digit hold.
fn assemble(line1: &[Candidates], line2: &[Candidates]) -> Reading {
    let l1 = text(line1, &vec![0; line1.len()]);
    let mut choice = vec![0usize; line2.len()];
    let checks = |l2: &str| id_documents::mrz::check_lines(&l1, l2).is_ok();
    let mut l2 = text(line2, &choice);
    let mut repaired = 0;
    if !checks(&l2) {
        // Checked cells whose runner-up is a confusable character scoring close to the best.
        let close: Vec<(usize, f32)> = line2
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                checked(*i)
                    && c.len() > 1
                    && confusable(c[0].0, c[1].0)
                    && c[0].1 - c[1].1 <= MAX_REPAIR_LOSS
            })
            .map(|(i, c)| (i, c[0].1 - c[1].1))
            .collect();
        let mut found: Option<(f32, Vec<usize>)> = None;
        let mut consider = |picks: &[usize], loss: f32| {
            let mut ch = vec![0usize; line2.len()];
            for &p in picks {
                ch[p] = 1;
            }
            if checks(&text(line2, &ch)) && found.as_ref().is_none_or(|(l, _)| loss < *l) {
                found = Some((loss, ch));
            }
        };
        for (a, &(i, li)) in close.iter().enumerate() {
            consider(&[i], li);
            for &(j, lj) in &close[a + 1..] {
                consider(&[i, j], li + lj);
            }
        }
        if let Some((_, ch)) = found {
            repaired = ch.iter().filter(|&&k| k == 1).count();
            choice = ch;
            l2 = text(line2, &choice);
        }
    }
    let scores = line1
        .iter()
        .map(|c| c[0].1)
        .chain(line2.iter().zip(&choice).map(|(c, &k)| c[k].1));
    let min_score = scores.fold(f32::MAX, f32::min);
    // Characters no check digit covers must win clearly.
    let margin = |c: &Candidates| c.get(1).map_or(1.0, |r| c[0].1 - r.1);
    let unchecked = || {
        line1.iter().chain(
            line2
                .iter()
                .enumerate()
                .filter(|(i, _)| !checked(*i))
                .map(|(_, c)| c),
        )
    };
    // A check digit cannot tell apart characters whose values differ by ten (G and Q, 6 and G,
    // A and K, 0 and `<` …): such a runner-up must be beaten clearly too.
    let value = |k: usize| if k == 36 { 0 } else { k % 10 };
    let blind = line2
        .iter()
        .zip(&choice)
        .enumerate()
        .filter_map(|(i, (c, &k))| {
            let rival = c.iter().enumerate().find(|(j, _)| *j != k)?.1;
            (checked(i) && value(c[k].0) == value(rival.0)).then_some(c[k].1 - rival.1)
        });
    let min_margin = unchecked()
        .map(margin)
        .chain(blind)
        .fold(f32::MAX, f32::min);
    let valid = checks(&l2) && min_score >= MIN_SCORE && min_margin >= MIN_UNCHECKED_MARGIN;
    Reading {
        lines: [l1, l2],
        valid,
        repaired,
        min_score,
        min_margin,
    }
}

#[cfg(test)]
mod tests;
