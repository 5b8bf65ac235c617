//! Finds a document (card or passport page) in a luma frame: a bright or dark, nearly
//! rectangular region standing out from its background.
//!
//! The frame is box-averaged down to about [`DETECT_LONG_EDGE`] pixels, split in two by Otsu's
//! threshold, and the largest connected region of each class (holes filled, so printing and
//! barcodes do not matter) is a candidate. Its corners are the extreme points along the
//! diagonals of its principal axes; a candidate counts when the quadrilateral through them
//! covers the region closely ([`MIN_QUAD_IOU`]) and has a document's aspect.

use std::ops::Range;

use serde::Serialize;

use crate::geometry::{
    distance_outside_convex, inside_convex_row, order_corners, polygon_area, Point, Quad,
};

/// Half-widths (detection pixels) of the openings tried on a region that is not
/// document-shaped, to cut a card from what touches it ([`split_region`]). Chosen on the tuning
/// split: see the README's scoreboard.
pub const SPLIT_RADII: [usize; 2] = [2, 4];

/// Detection runs on a copy whose long edge is about this many pixels (4× down from 720p):
/// enough to place corners within a few full-resolution pixels, cheap enough for every frame.
pub const DETECT_LONG_EDGE: usize = 320;

/// The region must match its quadrilateral this closely (intersection over union). Cards and
/// pages score 0.96–1.00 on the fixtures (tilted 20° and cut off included); an ellipse scores
/// 0.64, and the coffee-cup and cat photos find no region above this.
pub const MIN_QUAD_IOU: f32 = 0.9;

/// Pixels differing from the background (the median of the frame's edge) by more than this
/// many luma levels belong to the foreground: the fixtures' blue card header differs from the
/// table by ~60, sensor noise by under 10.
pub const BACKGROUND_DELTA: u8 = 30;

/// Candidates smaller than this fraction of the frame are ignored (noise, buttons, labels).
pub const MIN_CANDIDATE_FILL: f32 = 0.02;

/// Long edge over short edge of anything accepted as a document. ID-1 cards are 1.586,
/// passport pages (TD3) 1.42, and the synthetic fixtures 1.77; 1.2–2.1 leaves room for
/// perspective.
pub const MIN_ASPECT: f32 = 1.2;
/// See [`MIN_ASPECT`].
pub const MAX_ASPECT: f32 = 2.1;

/// Aspect at or above which the document is called a card (ID-1, 1.586), below it a passport
/// page (TD3, 1.42): halfway between the two.
pub const CARD_MIN_ASPECT: f32 = 1.5;

/// A region touching the frame edge along more than this many detection pixels (about 12 px
/// at 720p) is cut off, counting only the edge pixels within [`CUT_OFF_QUAD_DISTANCE`] of its
/// fitted quadrilateral.
pub const CUT_OFF_EDGE_PIXELS: usize = 3;

/// Edge pixels of a region farther than this (detection pixels, ~6 px at 720p) outside its
/// fitted quadrilateral are not the card's outline but something touching it (a pen, a cup, a
/// shadow) that runs on to the frame's edge, and do not make the card cut off. A card whose
/// outline leaves the frame has its quadrilateral's corners on the edge, so its own edge
/// pixels lie on the quadrilateral. Tuning split (seeds 1–400, `tune-diag 1 400`): 6 of the
/// 11 genuine documents called `cut_off` (clutter touching them and the edge, or their shadow
/// joining them to it) are now taken; on the scoreboard's 120 scenes no cut-off document is
/// (flawed documents taken 2 → 1 of 37, the one left a glare scene).
pub const CUT_OFF_QUAD_DISTANCE: f32 = 1.5;

/// Pixels whose colour differs from the background's (the median colour of the frame's edge) by
/// more than this many levels in some channel belong to the foreground. A navy header band
/// (20, 40, 110: luma 42) on a dark grey desk (52, 58, 66: luma 58) differs by 16 in luma, below
/// [`BACKGROUND_DELTA`], but by 44 in blue: the band belongs to the card.
pub const COLOUR_DELTA: u8 = 28;

/// Pixels whose chromaticity (r and g over r + g + b) differs from the background's by more
/// than this (sum of the two differences) belong to the foreground, whatever shadow lies over
/// the desk: a shadow scales a colour's brightness, not its chromaticity. Pixels darker than a
/// channel sum of 90 are left out (their chromaticity is mostly noise).
pub const CHROMA_DELTA: f32 = 0.06;

/// A step of more than this many levels (in luma or a colour channel, across two detection
/// pixels) is part of an outline, when no mask of brightness or colour finds a document: a
/// card on a desk of nearly its own colour. Tuning split (seeds 1–400, `tune-diag 1 400`):
/// 4 of the 12 genuine documents not found (a light-blue back on light-blue fabric, a card
/// whose band the masks lose, a card joined to clutter) are found by their outline; at 6 and 8
/// levels the soft shadow edge across the desk still joins the one grey card on grey tried.
pub const OUTLINE_DELTA: u8 = 10;

/// Detection pixels the region closed by an outline is eroded by: the edge band (central
/// differences, dilated by one to close gaps) runs about two pixels outside the step.
pub const OUTLINE_ERODE: usize = 2;

/// The focal length assumed when the corners alone cannot tell it, as a fraction of the
/// frame's long edge: webcams and phone cameras see 60–78° across (0.62–0.87).
pub const ASSUMED_FOCAL: f32 = 0.8;

/// Card or passport page, by aspect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// ID-1 (credit-card shaped: driver's licences, ID cards), aspect ~1.59.
    Card,
    /// A passport's data page (ID-3), aspect ~1.42.
    PassportPage,
}

/// Area, in pixels, of the largest level ID-1 card (1.586:1) a `width`×`height` frame holds:
/// 89 % of a 16:9 landscape frame, 35 % of an upright one.
pub fn largest_card_area(width: usize, height: usize) -> f32 {
    let (w, h) = (width as f32, height as f32);
    let card_w = w.min(h * crate::ID1_ASPECT);
    card_w * card_w / crate::ID1_ASPECT
}

/// A document found in a frame.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Corners in frame pixels: top-left, top-right, bottom-right, bottom-left.
    pub corners: Quad,
    /// Area of the quadrilateral over that of the largest level ID-1 card the frame can hold
    /// ([`largest_card_area`]): how close the document is, whichever way the camera is held.
    pub fill: f32,
    /// Degrees the long edge turns from the horizontal (positive: clockwise on screen).
    pub tilt_deg: f32,
    /// Long edge over short edge (mean of opposite edges), as seen.
    pub aspect: f32,
    /// Long edge over short edge of the flat rectangle the corners are a perspective view of
    /// ([`rectangle_aspect`]): 1.586 for an ID-1 card however it is turned towards the camera.
    pub true_aspect: f32,
    /// Card or passport page, by aspect.
    pub shape: Shape,
    /// The region runs into the frame edge.
    pub cut_off: bool,
    /// How closely the region matches its quadrilateral (intersection over union).
    pub quad_iou: f32,
    /// A uniform dark frame runs round a much brighter inside: a screen's bezel, not a card
    /// ([`screen_bezel`]).
    pub bezel: bool,
    /// Lines of text on the straightened card ([`text_lines`]), counted on licence fronts
    /// (`None` on other sides).
    pub text_lines: Option<usize>,
    /// Of those, lines running across the card like a page's ([`text_line_spans`]): a
    /// licence's fields leave room for its portrait.
    pub page_lines: Option<usize>,
}

impl Document {
    /// Mean lengths of the top/bottom and left/right edges, in frame pixels.
    pub fn edge_lengths(&self) -> (f32, f32) {
        let c = &self.corners;
        (
            (c[0].distance(c[1]) + c[3].distance(c[2])) / 2.0,
            (c[0].distance(c[3]) + c[1].distance(c[2])) / 2.0,
        )
    }
}

/// A frame shrunk by an integer factor with box averaging.
pub(crate) struct Small {
    pub luma: Vec<u8>,
    pub width: usize,
    pub height: usize,
    pub factor: usize,
}

/// The mean of a box of `area` bytes from their sum, `sum / area` rounded down, by a multiply
/// and a shift instead of a division (a division a pixel was a third of shrinking a frame).
/// Exact: with `m` = ⌈2⁴⁰ / area⌉ = 2⁴⁰ / area + δ (0 ≤ δ < 1), `sum · m / 2⁴⁰` exceeds
/// `sum / area` by `sum · δ / 2⁴⁰` < 1 / area whenever `sum · area` < 2⁴⁰, which holds for
/// every sum of `area` bytes (≤ 255 · area) while `area` < 65 000 (unit test below); larger
/// boxes (frames over 80 000 px wide) divide.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BoxMean {
    area: u32,
    /// ⌈2⁴⁰ / area⌉, or 0 for a box too large for it.
    magic: u64,
}

impl BoxMean {
    const SHIFT: u32 = 40;
    const MAX_AREA: usize = 65_000;

    pub(crate) fn new(area: usize) -> Self {
        let area = area.clamp(1, u32::MAX as usize);
        Self {
            area: area as u32,
            magic: if area < Self::MAX_AREA {
                (1u64 << Self::SHIFT).div_ceil(area as u64)
            } else {
                0
            },
        }
    }

    /// `sum / area`, for a sum of `area` bytes.
    pub(crate) fn of(self, sum: u32) -> u8 {
        if self.magic == 0 {
            return (sum / self.area) as u8;
        }
        ((u64::from(sum) * self.magic) >> Self::SHIFT) as u8
    }
}

/// Bands of at most this many rows are summed down their columns in `u16`s (255 × 257 =
/// 65 535 fits), eight to a SIMD vector where `u32`s go four; taller bands in `u32`s.
const NARROW_BAND: usize = 257;

/// A column sum: `u16` or `u32` ([`NARROW_BAND`]).
trait ColumnSum: Copy + Default + From<u8> + Into<u32> + std::ops::AddAssign {}
impl ColumnSum for u16 {}
impl ColumnSum for u32 {}

/// `columns[x]` = the sum of byte `x` of rows `rows` of `image` (rows `stride` bytes apart),
/// a whole row added at a time (SIMD).
fn add_rows<T: ColumnSum>(image: &[u8], stride: usize, rows: Range<usize>, columns: &mut [T]) {
    columns.fill(T::default());
    for yy in rows {
        let row = &image[yy * stride..yy * stride + columns.len()];
        for (c, &v) in columns.iter_mut().zip(row) {
            *c += T::from(v);
        }
    }
}

/// `luma` shrunk by an integer factor with box averaging. Each band of `factor` rows is summed
/// column by column first ([`add_rows`]), then each column sum added `factor` at a time: the
/// same integer sums as adding each box's rows in turn, at a fraction of the cost (summing
/// `factor` bytes at a time along each row was most of shrinking a frame).
pub(crate) fn shrink(luma: &[u8], width: usize, height: usize, long_edge: usize) -> Small {
    let factor = (width.max(height) / long_edge.max(1)).max(1);
    let (w, h) = (width / factor, height / factor);
    let out = if factor <= NARROW_BAND {
        shrink_luma::<u16>(luma, width, factor, w, h)
    } else {
        shrink_luma::<u32>(luma, width, factor, w, h)
    };
    Small {
        luma: out,
        width: w,
        height: h,
        factor,
    }
}

fn shrink_luma<T: ColumnSum>(
    luma: &[u8],
    width: usize,
    factor: usize,
    w: usize,
    h: usize,
) -> Vec<u8> {
    let mut out = vec![0u8; w * h];
    let area = BoxMean::new(factor * factor);
    let mut columns = vec![T::default(); w * factor];
    for (y, out_row) in out.chunks_exact_mut(w).enumerate() {
        add_rows(luma, width, y * factor..(y + 1) * factor, &mut columns);
        for (o, px) in out_row.iter_mut().zip(columns.chunks_exact(factor)) {
            *o = area.of(px.iter().map(|&v| v.into()).sum());
        }
    }
    out
}

/// An RGBA frame shrunk by `factor` with box averaging, as R, G, B planes: each band of rows
/// summed byte by byte down its columns first, then across, as [`shrink`] does.
fn shrink_rgba(rgba: &[u8], width: usize, factor: usize, w: usize, h: usize) -> [Vec<u8>; 3] {
    if factor <= NARROW_BAND {
        shrink_rgba_with::<u16>(rgba, width, factor, w, h)
    } else {
        shrink_rgba_with::<u32>(rgba, width, factor, w, h)
    }
}

fn shrink_rgba_with<T: ColumnSum>(
    rgba: &[u8],
    width: usize,
    factor: usize,
    w: usize,
    h: usize,
) -> [Vec<u8>; 3] {
    let mut out = [vec![0u8; w * h], vec![0u8; w * h], vec![0u8; w * h]];
    let area = BoxMean::new(factor * factor);
    let mut columns = vec![T::default(); 4 * w * factor];
    for y in 0..h {
        add_rows(rgba, 4 * width, y * factor..(y + 1) * factor, &mut columns);
        for (x, px) in columns.chunks_exact(4 * factor).enumerate() {
            let mut sums = [0u32; 3];
            for p in px.chunks_exact(4) {
                sums[0] += p[0].into();
                sums[1] += p[1].into();
                sums[2] += p[2].into();
            }
            for c in 0..3 {
                out[c][y * w + x] = area.of(sums[c]);
            }
        }
    }
    out
}

/// Median luma of the outermost ring of pixels: the background, when a document is in view.
fn border_median(luma: &[u8], w: usize, h: usize) -> u8 {
    let mut hist = [0usize; 256];
    for x in 0..w {
        hist[luma[x] as usize] += 1;
        hist[luma[(h - 1) * w + x] as usize] += 1;
    }
    for y in 1..h - 1 {
        hist[luma[y * w] as usize] += 1;
        hist[luma[y * w + w - 1] as usize] += 1;
    }
    let half = (2 * w + 2 * h - 4) / 2;
    let mut seen = 0;
    for (v, &c) in hist.iter().enumerate() {
        seen += c;
        if seen > half {
            return v as u8;
        }
    }
    255
}

/// Otsu's threshold: the grey level that best separates the histogram in two.
fn otsu(luma: &[u8]) -> u8 {
    let mut hist = [0u64; 256];
    for &v in luma {
        hist[v as usize] += 1;
    }
    let total = luma.len() as f64;
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &c)| i as f64 * c as f64)
        .sum();
    let (mut w0, mut sum0, mut best, mut best_t) = (0f64, 0f64, -1f64, 128u8);
    for (t, &c) in hist.iter().enumerate() {
        w0 += c as f64;
        sum0 += t as f64 * c as f64;
        let w1 = total - w0;
        if w0 == 0.0 || w1 == 0.0 {
            continue;
        }
        let (m0, m1) = (sum0 / w0, (sum_all - sum0) / w1);
        let between = w0 * w1 * (m0 - m1) * (m0 - m1);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    best_t
}

/// Labels of the largest 4-connected region of pixels where `mask` is true (of equal ones, the
/// one whose first pixel comes first in reading order). Runs of set pixels along each row are
/// joined to the runs they touch in the row above (union–find), so the work goes with the
/// number of runs, not of pixels.
fn largest_region(mask: &[bool], w: usize, h: usize) -> Vec<bool> {
    // Each run: its row, its columns, its parent in the union–find forest.
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    let mut parent: Vec<usize> = Vec::new();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut above = 0..0;
    for (y, row) in mask.chunks_exact(w).take(h).enumerate() {
        let first = runs.len();
        for Range { start, end: x } in runs_of(row, true) {
            let me = runs.len();
            runs.push((y, start, x));
            parent.push(me);
            // Runs of the row above overlapping [start, x) share a column with this one.
            for k in above.clone() {
                let (_, a0, a1) = runs[k];
                if a1 <= start {
                    continue;
                }
                if a0 >= x {
                    break;
                }
                let (ra, rb) = (root(&mut parent, k), root(&mut parent, me));
                // The smaller index (the earlier run) stays the root: a region's root is then
                // its first run in reading order.
                let (lo, hi) = (ra.min(rb), ra.max(rb));
                parent[hi] = lo;
            }
        }
        above = first..runs.len();
    }
    let mut size = vec![0usize; runs.len()];
    for (i, &(_, x0, x1)) in runs.iter().enumerate() {
        let r = root(&mut parent, i);
        size[r] += x1 - x0;
    }
    // Roots are first runs, in reading order: the first of the largest wins ties.
    let mut best: Option<(usize, usize)> = None;
    for (i, &n) in size.iter().enumerate() {
        if n > 0 && best.is_none_or(|(_, b)| n > b) {
            best = Some((i, n));
        }
    }
    let mut out = vec![false; w * h];
    if let Some((best, _)) = best {
        for (i, &(y, x0, x1)) in runs.iter().enumerate() {
            if root(&mut parent, i) == best {
                out[y * w + x0..y * w + x1].fill(true);
            }
        }
    }
    out
}

/// `mask` eroded (`keep` = false) or dilated (`keep` = true) by a square of half-width `r`:
/// a pixel keeps its value only when every pixel within `r` has it too. Separable: rows (each
/// run of the other value widened by `r`), then columns with a running count; the columns'
/// counts are kept side by side and updated a row at a time, so both passes walk memory in
/// order.
fn morph(mask: &[bool], w: usize, h: usize, r: usize, keep: bool) -> Vec<bool> {
    let mut rows = vec![keep; w * h];
    for (src, out) in mask.chunks_exact(w).zip(rows.chunks_exact_mut(w)) {
        // A pixel differs from `keep` when one within `r` does: each run of such pixels,
        // widened by `r` either side (clipped), is set at once.
        for Range { start, end } in runs_of(src, !keep) {
            out[start.saturating_sub(r)..(end + r).min(w)].fill(!keep);
        }
    }
    let mut out = vec![keep; w * h];
    let mut other = vec![0u32; w];
    let differs = |row: &[bool], counts: &mut [u32], add: bool| {
        for (c, &v) in counts.iter_mut().zip(row) {
            if v != keep {
                if add {
                    *c += 1;
                } else {
                    *c -= 1;
                }
            }
        }
    };
    for k in 0..r.min(h) {
        differs(&rows[k * w..(k + 1) * w], &mut other, true);
    }
    for (k, out_row) in out.chunks_exact_mut(w).enumerate() {
        if k + r < h {
            differs(&rows[(k + r) * w..(k + r + 1) * w], &mut other, true);
        }
        if k > r {
            differs(&rows[(k - r - 1) * w..(k - r) * w], &mut other, false);
        }
        for (o, &c) in out_row.iter_mut().zip(&other) {
            *o = if c > 0 { !keep } else { keep };
        }
    }
    out
}

/// A region that is a card and what touches it (clutter, a shadow's edge) joined by a neck:
/// opened by a square of half-width `r` (the neck cut), its largest part grown back inside the
/// region.
fn split_region(region: &[bool], w: usize, h: usize, r: usize) -> Vec<bool> {
    let eroded = morph(region, w, h, r, true);
    let core = largest_region(&eroded, w, h);
    let grown = morph(&core, w, h, r, false);
    grown.iter().zip(region).map(|(&g, &r)| g && r).collect()
}

/// A region with its notches filled: a pixel is in when the region lies on both sides of it
/// along its row or along its column. Dark print running to a light card's edge (a portrait,
/// a shadow's edge) bites a notch out of the card's light region that hole filling cannot
/// close; a row and a column through the notch still meet the card on both sides.
fn fill_notches(region: &[bool], w: usize, h: usize) -> Vec<bool> {
    let mut rows = vec![(usize::MAX, 0usize); h];
    let mut cols = vec![(usize::MAX, 0usize); w];
    for (y, xs) in region_runs(region, w) {
        rows[y] = (rows[y].0.min(xs.start), rows[y].1.max(xs.end - 1));
        for x in xs {
            cols[x] = (cols[x].0.min(y), cols[x].1.max(y));
        }
    }
    (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .map(|(x, y)| (rows[y].0..=rows[y].1).contains(&x) || (cols[x].0..=cols[x].1).contains(&y))
        .collect()
}

/// The region with its holes filled: everything not reachable from the frame edge without
/// crossing it. Every pixel beyond the region's bounding box reaches the edge in a straight
/// line, so only the box grown by one pixel (clipped to the frame) is flooded, from its own
/// border: each of those pixels is outside the box or on the frame's edge.
fn fill_holes(region: &[bool], w: usize, h: usize) -> Vec<bool> {
    let mut filled = vec![false; w * h];
    let (mut x0, mut x1, mut y0, mut y1) = (w, 0, h, 0);
    for (y, xs) in region_runs(region, w) {
        (x0, x1) = (x0.min(xs.start), x1.max(xs.end - 1));
        (y0, y1) = (y0.min(y), y1.max(y));
    }
    if x0 > x1 {
        return filled;
    }
    let (x0, x1) = (x0.saturating_sub(1), (x1 + 1).min(w - 1));
    let (y0, y1) = (y0.saturating_sub(1), (y1 + 1).min(h - 1));
    let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
    let boxed: Vec<bool> = (y0..=y1)
        .flat_map(|y| region[y * w + x0..=y * w + x1].iter().copied())
        .collect();
    let mut outside = vec![false; bw * bh];
    // Each pixel (index in the box) with its column, so that no step divides.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for x in 0..bw {
        stack.push((x, x));
        stack.push(((bh - 1) * bw + x, x));
    }
    for y in 0..bh {
        stack.push((y * bw, 0));
        stack.push((y * bw + bw - 1, bw - 1));
    }
    while let Some((i, x)) = stack.pop() {
        if boxed[i] || outside[i] {
            continue;
        }
        outside[i] = true;
        if x > 0 {
            stack.push((i - 1, x - 1));
        }
        if x + 1 < bw {
            stack.push((i + 1, x + 1));
        }
        if i >= bw {
            stack.push((i - bw, x));
        }
        if i + bw < bw * bh {
            stack.push((i + bw, x));
        }
    }
    for (y, row) in outside.chunks_exact(bw).enumerate() {
        let line = &mut filled[(y0 + y) * w + x0..(y0 + y) * w + x1 + 1];
        for (f, &o) in line.iter_mut().zip(row) {
            *f = !o;
        }
    }
    filled
}

/// Each run of set pixels in `mask` (rows of `w`): its row and its columns, in reading order.
/// Walking a region run by run instead of testing every pixel of the frame (one region covers a
/// fraction of it, in a few runs a row).
fn region_runs(mask: &[bool], w: usize) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
    mask.chunks_exact(w)
        .enumerate()
        .flat_map(|(y, row)| runs_of(row, true).map(move |xs| (y, xs)))
}

/// Each run of `value` in `row`, left to right.
fn runs_of(row: &[bool], value: bool) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut x = 0;
    std::iter::from_fn(move || {
        let start = next_equal(row, x, value)?;
        x = next_equal(row, start, !value).unwrap_or(row.len());
        Some(start..x)
    })
}

/// The first index from `from` on where `row` holds `value`. Sixteen at a time are tested
/// together (one SIMD compare) before the one is looked for: masks have long runs.
fn next_equal(row: &[bool], from: usize, value: bool) -> Option<usize> {
    let rest = row.get(from..)?;
    let mut chunks = rest.chunks_exact(16);
    let mut base = from;
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |any, &b| any | (b == value)) {
            return chunk.iter().position(|&b| b == value).map(|i| base + i);
        }
        base += 16;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == value)
        .map(|i| base + i)
}

/// Pixels where some plane steps by more than [`OUTLINE_DELTA`] levels across two pixels
/// (central differences, along rows or columns): outlines and print.
fn gradient_mask(planes: &[&[u8]], w: usize, h: usize) -> Vec<bool> {
    let mut mask = vec![false; w * h];
    for y in 1..h.saturating_sub(1) {
        for x in 1..w - 1 {
            let i = y * w + x;
            mask[i] = planes.iter().any(|p| {
                p[i + 1].abs_diff(p[i - 1]) > OUTLINE_DELTA
                    || p[i + w].abs_diff(p[i - w]) > OUTLINE_DELTA
            });
        }
    }
    mask
}

/// The largest region closed by an outline ([`gradient_mask`], dilated by one pixel to close
/// gaps), holes filled, then eroded by [`OUTLINE_ERODE`] so that it ends where the step does
/// rather than at the outer rim of the edge band.
fn outline_region(planes: &[&[u8]], w: usize, h: usize) -> Vec<bool> {
    let edges = morph(&gradient_mask(planes, w, h), w, h, 1, false);
    let filled = fill_holes(&largest_region(&edges, w, h), w, h);
    largest_region(&morph(&filled, w, h, OUTLINE_ERODE, true), w, h)
}

/// Whether `region` touches three or more of the frame's sides: the background, or a document
/// too close to see whole. Hole filling adds no pixel on the frame's edge (that is where the
/// outside's flood starts), so the filled region touches the sides the region does: such a
/// region is refused before it is filled and measured.
fn touches_three_sides(region: &[bool], w: usize, h: usize) -> bool {
    let column_touches = |x: usize| (0..h).any(|y| region[y * w + x]);
    let touches = [
        column_touches(0),
        column_touches(w - 1),
        region[..w].iter().any(|&r| r),
        region[(h - 1) * w..].iter().any(|&r| r),
    ];
    touches.iter().filter(|&&t| t).count() >= 3
}

/// Judges one candidate region (at detection scale); `None` when it is not document-like.
fn candidate(region: &[bool], w: usize, h: usize) -> Option<(Quad, f32, usize, usize)> {
    if touches_three_sides(region, w, h) {
        return None;
    }
    let filled = fill_holes(region, w, h);
    // Integer sums, a run at a time (a run's columns add up to an arithmetic series): the same
    // values the floating-point sums a pixel gave, which were exact (integers below 2^53).
    let (mut count, mut sum_x, mut sum_y) = (0usize, 0usize, 0usize);
    for (y, xs) in region_runs(&filled, w) {
        count += xs.len();
        sum_x += (xs.start + xs.end - 1) * xs.len() / 2;
        sum_y += y * xs.len();
    }
    let (n, sx, sy) = (count as f64, sum_x as f64, sum_y as f64);
    if n < MIN_CANDIDATE_FILL as f64 * (w * h) as f64 {
        return None;
    }
    let (cx, cy) = (sx / n, sy / n);
    let (mut sxx, mut syy, mut sxy) = (0f64, 0f64, 0f64);
    // Floating-point sums, added in reading order as before (the order sets their rounding).
    for (y, xs) in region_runs(&filled, w) {
        let dy = y as f64 - cy;
        for x in xs {
            let dx = x as f64 - cx;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
    }
    let theta = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    let (c, s) = (theta.cos(), theta.sin());
    // Extremes of ±u ±v in the principal frame are the corners of a rectangle-like region.
    let mut best = [(f64::MIN, 0usize); 4];
    let mut on_edge: Vec<Point> = Vec::new();
    let mut sides = [false; 4];
    let edge_point = |x: usize, y: usize| Point::new(x as f32 + 0.5, y as f32 + 0.5);
    for (y, xs) in region_runs(&filled, w) {
        let dy = y as f64 - cy;
        for x in xs.clone() {
            let (dx, i) = (x as f64 - cx, y * w + x);
            let (u, v) = (dx * c + dy * s, -dx * s + dy * c);
            for (k, score) in [u + v, u - v, -u + v, -u - v].into_iter().enumerate() {
                if score > best[k].0 {
                    best[k] = (score, i);
                }
            }
        }
        // The run's pixels on the frame's edge: all of it on the first or last row, else its
        // ends where they are the row's (in reading order, each once).
        if y == 0 || y + 1 == h {
            on_edge.extend(xs.clone().map(|x| edge_point(x, y)));
        } else {
            if xs.start == 0 {
                on_edge.push(edge_point(0, y));
            }
            if xs.end == w && w > 1 {
                on_edge.push(edge_point(w - 1, y));
            }
        }
        let on = [xs.start == 0, xs.end == w, y == 0, y + 1 == h];
        for (side, hit) in sides.iter_mut().zip(on) {
            *side |= hit;
        }
    }
    fitted_quad(&filled, w, h, count, best, sides, &on_edge)
}

/// The end of [`candidate`], once its walk of the filled region (`n` pixels) has found the
/// pixels scoring best at each corner (`best`: score and index), the frame's sides it touches
/// and its pixels on the frame's edge: the quadrilateral through those corners, its IoU with the
/// region, and how many edge pixels belong to the card's own outline.
fn fitted_quad(
    filled: &[bool],
    w: usize,
    h: usize,
    n: usize,
    best: [(f64, usize); 4],
    sides: [bool; 4],
    on_edge: &[Point],
) -> Option<(Quad, f32, usize, usize)> {
    let touched_sides = sides.iter().filter(|&&b| b).count();
    if touched_sides >= 3 {
        // The background, or a document too close to see whole.
        return None;
    }
    let pts = best.map(|(_, i)| Point::new((i % w) as f32 + 0.5, (i / w) as f32 + 0.5));
    let quad = order_corners(pts);
    let quad_area = polygon_area(&quad);
    if quad_area < 1.0 {
        return None;
    }
    // Intersection over union of the filled region and the quadrilateral.
    let (mut inter, mut quad_px) = (0usize, 0usize);
    let x_lo = quad.iter().map(|p| p.x).fold(f32::MAX, f32::min).max(0.0) as usize;
    let x_hi = (quad.iter().map(|p| p.x).fold(0.0, f32::max).ceil() as usize).min(w);
    let y_lo = quad.iter().map(|p| p.y).fold(f32::MAX, f32::min).max(0.0) as usize;
    let y_hi = (quad.iter().map(|p| p.y).fold(0.0, f32::max).ceil() as usize).min(h);
    for y in y_lo..y_hi {
        // The row's pixels inside the quadrilateral: one or two spans ([`inside_convex_row`]),
        // counted once where they overlap.
        let [a, b] = inside_convex_row(&quad, y as f32 + 0.5, x_lo.min(x_hi)..x_hi);
        let (first, second) = if b.start < a.start { (b, a) } else { (a, b) };
        let second = first.end.max(second.start)..second.end.max(first.end);
        let row = &filled[y * w..(y + 1) * w];
        for span in [first, second] {
            quad_px += span.len();
            inter += row[span].iter().filter(|&&f| f).count();
        }
    }
    let union = n + quad_px - inter;
    let iou = inter as f32 / union.max(1) as f32;
    // Only the card's own outline running into the frame's edge cuts it off: desk clutter (a
    // pen, a cup) that touches the card and runs on to the edge lies outside its quadrilateral.
    let edge_touch = on_edge
        .iter()
        .filter(|&&p| distance_outside_convex(&quad, p) <= CUT_OFF_QUAD_DISTANCE)
        .count();
    Some((quad, iou, edge_touch, n))
}

/// Long edge over short edge of the flat rectangle whose perspective view is `q` (corners in
/// reading order, frame pixels) in a `width`×`height` frame (Zhang & He, "Whiteboard scanning
/// and image enhancement", 2007). The focal length comes from the corners when they show enough
/// perspective to tell it, otherwise [`ASSUMED_FOCAL`] of the long edge; the principal point is
/// the frame's centre. A card turned 18° away from the camera looks 5–15 % longer or shorter
/// than it is; this undoes that.
pub fn rectangle_aspect(q: &Quad, width: usize, height: usize) -> f32 {
    let (u0, v0) = (width as f64 / 2.0, height as f64 / 2.0);
    let long = width.max(height) as f64;
    let m = |p: Point| [f64::from(p.x), f64::from(p.y), 1.0];
    // m1 top-left, m2 top-right, m3 bottom-left, m4 bottom-right.
    let (m1, m2, m3, m4) = (m(q[0]), m(q[1]), m(q[3]), m(q[2]));
    let cross = |a: [f64; 3], b: [f64; 3]| {
        [
            a[1] * b[2] - a[2] * b[1],
            a[2] * b[0] - a[0] * b[2],
            a[0] * b[1] - a[1] * b[0],
        ]
    };
    let dot = |a: [f64; 3], b: [f64; 3]| a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    let edge_ratio = || {
        let (h, v) = (
            (q[0].distance(q[1]) + q[3].distance(q[2])) / 2.0,
            (q[0].distance(q[3]) + q[1].distance(q[2])) / 2.0,
        );
        h.max(v) / h.min(v).max(1.0)
    };
    let (d2, d3) = (dot(cross(m2, m4), m3), dot(cross(m3, m4), m2));
    if d2.abs() < 1e-9 || d3.abs() < 1e-9 {
        return edge_ratio();
    }
    let k2 = dot(cross(m1, m4), m3) / d2;
    let k3 = dot(cross(m1, m4), m2) / d3;
    let n2 = [k2 * m2[0] - m1[0], k2 * m2[1] - m1[1], k2 * m2[2] - m1[2]];
    let n3 = [k3 * m3[0] - m1[0], k3 * m3[1] - m1[1], k3 * m3[2] - m1[2]];
    let assumed = f64::from(ASSUMED_FOCAL) * long;
    let f = if (n2[2] * n3[2]).abs() > 1e-6 {
        let f2 = -((n2[0] * n3[0] - (n2[0] * n3[2] + n2[2] * n3[0]) * u0
            + n2[2] * n3[2] * u0 * u0)
            + (n2[1] * n3[1] - (n2[1] * n3[2] + n2[2] * n3[1]) * v0 + n2[2] * n3[2] * v0 * v0))
            / (n2[2] * n3[2]);
        let f = f2.max(0.0).sqrt();
        // Nearly parallel edges tell the focal length badly: keep it only when plausible.
        if (0.5 * long..=1.6 * long).contains(&f) {
            f
        } else {
            assumed
        }
    } else {
        assumed
    };
    let norm = |n: [f64; 3]| {
        let (a, b) = ((n[0] - u0 * n[2]) / f, (n[1] - v0 * n[2]) / f);
        a * a + b * b + n[2] * n[2]
    };
    let (a, b) = (norm(n2), norm(n3));
    if a <= 0.0 || b <= 0.0 || !a.is_finite() || !b.is_finite() {
        return edge_ratio();
    }
    let r = (a / b).sqrt() as f32;
    r.max(1.0 / r)
}

/// Mean luma below which a strip along an edge of the straightened region is dark.
pub const BEZEL_MAX_LUMA: f32 = 60.0;
/// The inside of a screen is brighter than its bezel by at least this many levels: a laptop
/// showing a page measures ~200 (the generator's screens); a navy card's inside (ground, white
/// text, portrait) stays well under it (unit test below).
pub const BEZEL_CONTRAST: f32 = 110.0;

/// A step of at least this many luma levels (across two pixels of the straightened card) is
/// the edge of a letter.
pub const TEXT_EDGE: u8 = 30;

/// A row through a line of text crosses at least this many letter edges ([`TEXT_EDGE`]) on the
/// straightened card, 480 px wide: a word of 2–9 letters gives 4–18, a portrait's or a band's
/// outline 2–4.
pub const MIN_TEXT_ROW_EDGES: usize = 12;

/// Letter edges ([`TEXT_EDGE`]) that must fall within [`DENSE_TEXT_WINDOW`] for a stretch of
/// a row to be print rather than a portrait's outline: a word's letters on the straightened
/// card, 480 px wide, step every 4–6 px (8–12 edges in 48 px); a portrait's box, head and
/// eyes give at most 5 there.
pub const DENSE_TEXT_EDGES: usize = 8;
/// See [`DENSE_TEXT_EDGES`]: a tenth of the straightened card's width.
pub const DENSE_TEXT_WINDOW: usize = 48;
/// A line of print spanning more than this fraction of the straightened card's width runs
/// across where a licence front's portrait is: a licence's fields share the card with it
/// (a portrait takes a quarter to a third of the width, so a field line spans at most ~60 %),
/// a page of text (on a screen, on paper) runs the width of its column. With
/// [`DENSE_TEXT_EDGES`] and [`DENSE_TEXT_WINDOW`], the figures [`crate::MIN_PAGE_LINES`] was
/// chosen on (tuning split, `tune-diag lines 1 720`): 0–2 such lines on licence fronts, 8–10
/// on screens.
pub const PAGE_LINE_SPAN: f32 = 0.65;

/// Where dense print runs along one row of a straightened card: from the first letter edge
/// followed by [`DENSE_TEXT_EDGES`] − 1 more within [`DENSE_TEXT_WINDOW`] to the last one
/// preceded so; `None` when the row holds no such stretch.
fn print_run(edges: &[usize]) -> Option<Range<usize>> {
    let k = DENSE_TEXT_EDGES.saturating_sub(1);
    if edges.len() <= k {
        return None;
    }
    let dense = |i: usize| edges[i + k] - edges[i] <= DENSE_TEXT_WINDOW;
    let first = (0..edges.len() - k).find(|&i| dense(i))?;
    let last = (0..edges.len() - k).rev().find(|&i| dense(i))?;
    Some(edges[first]..edges[last + k])
}

/// Lines of text on a straightened `width`×`height` card: bands of consecutive rows (a gap of
/// one row allowed) that cross at least [`MIN_TEXT_ROW_EDGES`] letter edges, 2 to 12 % of
/// the card's height tall. Lines side by side count once. A licence front carries its
/// title and several fields; a bank card's front its number and its holder's name.
pub fn text_lines(region: &[u8], width: usize, height: usize) -> usize {
    text_line_spans(region, width, height).0
}

/// [`text_lines`], and how many of those lines are a page's: the print in their rows
/// ([`print_run`]), taken together, spans more than [`PAGE_LINE_SPAN`] of the width. Taken
/// together because a card straightened from slightly wrong corners shows each line a little
/// slanted, each row crossing part of it.
pub fn text_line_spans(region: &[u8], width: usize, height: usize) -> (usize, usize) {
    if width < 40 || height < 40 || region.len() < width * height {
        return (0, 0);
    }
    let (x0, x1) = (width * 3 / 100, width - width * 3 / 100);
    let page_span = PAGE_LINE_SPAN * width as f32;
    let mut edges: Vec<usize> = Vec::with_capacity(width);
    // Each row: whether it crosses a line of text, and where its print runs.
    let rows: Vec<(bool, Option<Range<usize>>)> = (height * 3 / 100..height - height * 3 / 100)
        .map(|y| {
            let row = &region[y * width..(y + 1) * width];
            let mut on = false;
            edges.clear();
            for x in x0.max(1)..x1.min(width - 1) {
                let step = row[x + 1].abs_diff(row[x - 1]) >= TEXT_EDGE;
                if step && !on {
                    edges.push(x);
                }
                on = step;
            }
            let texty = edges.len() >= MIN_TEXT_ROW_EDGES;
            (texty, if texty { print_run(&edges) } else { None })
        })
        .collect();
    let (lo, hi) = (height * 2 / 100, height * 12 / 100 + 1);
    let (mut lines, mut page_lines) = (0, 0);
    let (mut run, mut gap) = (0usize, 0usize);
    // The print of the current line's rows so far, from its leftmost to its rightmost.
    let mut print: Option<Range<usize>> = None;
    for (t, row_print) in rows.into_iter().chain([(false, None), (false, None)]) {
        if t {
            run += gap + 1;
            gap = 0;
            if let Some(p) = row_print {
                print = Some(match print {
                    Some(q) => q.start.min(p.start)..q.end.max(p.end),
                    None => p,
                });
            }
        } else if run > 0 {
            gap += 1;
            if gap > 1 {
                if (lo..=hi).contains(&run) {
                    lines += 1;
                    if print.as_ref().is_some_and(|p| p.len() as f32 > page_span) {
                        page_lines += 1;
                    }
                }
                run = 0;
                gap = 0;
                print = None;
            }
        }
    }
    (lines, page_lines)
}

/// Whether a straightened `width`×`height` region is a screen: all four edge strips (1–3 % in
/// from the edge) dark and even, and its inside (inset 15 %) far brighter. Laptop screens are
/// 16:10 (1.6), an ID-1 card's shape within perspective tolerance: their bezel tells them apart.
pub fn screen_bezel(region: &[u8], width: usize, height: usize) -> bool {
    if width < 40 || height < 40 || region.len() < width * height {
        return false;
    }
    let mean = |x0: usize, y0: usize, x1: usize, y1: usize| {
        let (mut sum, mut sq, mut n) = (0f32, 0f32, 0f32);
        for y in y0..y1 {
            for &v in &region[y * width + x0..y * width + x1] {
                let v = f32::from(v);
                sum += v;
                sq += v * v;
                n += 1.0;
            }
        }
        let m = sum / n.max(1.0);
        (m, (sq / n.max(1.0) - m * m).max(0.0).sqrt())
    };
    let (a, b) = ((width * 3 / 200).max(1), (width * 3 / 100).max(2));
    let (ay, by) = ((height * 3 / 200).max(1), (height * 3 / 100).max(2));
    let strips = [
        mean(a, ay, width - a, by),
        mean(a, height - by, width - a, height - ay),
        mean(a, ay, b, height - ay),
        mean(width - b, ay, width - a, height - ay),
    ];
    let (m, _) = mean(
        width * 15 / 100,
        height * 15 / 100,
        width * 85 / 100,
        height * 85 / 100,
    );
    strips
        .iter()
        .all(|&(s, sd)| s < BEZEL_MAX_LUMA && sd < 25.0 && m - s > BEZEL_CONTRAST)
}

/// Looks for a document in a `width`×`height` luma frame.
pub fn find_document(luma: &[u8], width: usize, height: usize) -> Option<Document> {
    find(luma, None, width, height)
}

/// Looks for a document in a `width`×`height` frame given as RGBA and its luma: colour tells a
/// card's dark coloured band from a dark desk where luma cannot.
pub fn find_document_rgba(
    rgba: &[u8],
    luma: &[u8],
    width: usize,
    height: usize,
) -> Option<Document> {
    if rgba.len() < 4 * width * height {
        return find(luma, None, width, height);
    }
    find(luma, Some(rgba), width, height)
}

fn find(luma: &[u8], rgba: Option<&[u8]>, width: usize, height: usize) -> Option<Document> {
    if luma.len() < width * height || width < 8 || height < 8 {
        return None;
    }
    let small = shrink(luma, width, height, DETECT_LONG_EDGE);
    let (w, h) = (small.width, small.height);
    let t = otsu(&small.luma);
    let background = border_median(&small.luma, w, h);
    let mut masks: Vec<Vec<bool>> = Vec::with_capacity(4);
    let colour_planes = rgba.map(|rgba| shrink_rgba(rgba, width, small.factor, w, h));
    if let Some(planes) = &colour_planes {
        let bg = [0, 1, 2].map(|c| border_median(&planes[c], w, h));
        // Chromaticity (colour with the brightness divided out): a shadow across the desk
        // changes its brightness, not its hue, so the shadowed desk stays background.
        let chroma = |r: u8, g: u8, b: u8| {
            let sum = (u32::from(r) + u32::from(g) + u32::from(b)).max(1) as f32;
            (f32::from(r) / sum, f32::from(g) / sum, sum)
        };
        let (bgr, bgg, _) = chroma(bg[0], bg[1], bg[2]);
        masks.push(
            (0..w * h)
                .map(|i| {
                    let (r, g, sum) = chroma(planes[0][i], planes[1][i], planes[2][i]);
                    sum > 90.0 && (r - bgr).abs() + (g - bgg).abs() > CHROMA_DELTA
                })
                .collect(),
        );
        masks.push(
            (0..w * h)
                .map(|i| (0..3).any(|c| planes[c][i].abs_diff(bg[c]) > COLOUR_DELTA))
                .collect(),
        );
    }
    masks.push(
        small
            .luma
            .iter()
            .map(|&v| v.abs_diff(background) > BACKGROUND_DELTA)
            .collect(),
    );
    masks.push(small.luma.iter().map(|&v| v > t).collect());
    masks.push(small.luma.iter().map(|&v| v <= t).collect());
    // Of the regions shaped like a document, the largest: a card's dark header band may fall
    // in the desk's luma class but not in its colour, a neutral card on a neutral desk is
    // found by luma alone while its portrait stands out in colour. Every mask is tried: the
    // first clean match is often only part of the card (its light body without the band).
    let mut best: Option<(Quad, f32, usize, usize)> = None;
    // The largest candidate that is a whole document, and its area: the fallback when the
    // largest is cut off ([`whole_over_cut_off`]).
    let mut whole: Option<(Document, usize)> = None;
    for mask in masks {
        let region = largest_region(&mask, w, h);
        let mut found = candidate(&region, w, h).filter(|c| c.1 >= MIN_QUAD_IOU);
        if found.is_none() {
            // Not document-shaped: perhaps a card joined to clutter or a shadow by a neck.
            found = SPLIT_RADII.iter().find_map(|&r| {
                candidate(&split_region(&region, w, h, r), w, h).filter(|c| c.1 >= MIN_QUAD_IOU)
            });
        }
        if found.is_none() {
            // … or a card whose light region has a notch bitten out at its edge.
            found = candidate(&fill_notches(&region, w, h), w, h).filter(|c| c.1 >= MIN_QUAD_IOU);
        }
        if let Some(c) = found {
            let doc = document(c.0, c.1, c.2, small.factor, width, height);
            if let Some(d) = doc.filter(|d| !d.cut_off && fits_a_document(d.true_aspect)) {
                if whole.as_ref().is_none_or(|&(_, n)| c.3 > n) {
                    whole = Some((d, c.3));
                }
            }
            if best.as_ref().is_none_or(|b| c.3 > b.3) {
                best = Some(c);
            }
        }
    }
    let best_area = best.as_ref().map_or(0, |c| c.3);
    let found = best
        .and_then(|(quad, iou, touch, _)| document(quad, iou, touch, small.factor, width, height));
    let cut_off = found.as_ref().is_some_and(|d| d.cut_off);
    if cut_off {
        if let Some((d, _)) = whole.filter(|&(_, n)| whole_over_cut_off(n, best_area)) {
            return Some(d);
        }
    }
    if found
        .as_ref()
        .is_some_and(|d| !d.cut_off && fits_a_document(d.true_aspect))
    {
        return found;
    }
    // Nothing stands out by brightness or colour as a document (a grey card on grey fabric, a
    // card whose band is lost in the desk): the card's outline is still a step, which the
    // gradient sees.
    let planes: Vec<&[u8]> = match &colour_planes {
        Some(p) => p.iter().map(|v| v.as_slice()).collect(),
        None => vec![small.luma.as_slice()],
    };
    let outline = outline_region(&planes, w, h);
    let by_outline = candidate(&outline, w, h)
        .filter(|c| c.1 >= MIN_QUAD_IOU)
        .or_else(|| candidate(&fill_notches(&outline, w, h), w, h).filter(|c| c.1 >= MIN_QUAD_IOU))
        .or_else(|| {
            SPLIT_RADII.iter().find_map(|&r| {
                candidate(&split_region(&outline, w, h, r), w, h).filter(|c| c.1 >= MIN_QUAD_IOU)
            })
        })
        .and_then(|(quad, iou, touch, n)| {
            document(quad, iou, touch, small.factor, width, height).map(|d| (d, n))
        })
        .filter(|(d, _)| !d.cut_off && fits_a_document(d.true_aspect));
    match by_outline {
        // A cut-off region is believed unless the outline finds a whole card as large.
        Some((d, n)) if !cut_off || whole_over_cut_off(n, best_area) => Some(d),
        _ => found,
    }
}

/// A whole document (inside the frame, an ID-1 or TD3 shape) of at least this fraction of the
/// area of the largest candidate, which is cut off, is taken instead: the cut-off region is
/// then the card joined by its shadow or by clutter to the frame's edge, or a shadow across the
/// desk. A truly cut-off card's only whole parts of a document's aspect (its portrait, a band)
/// are under a fifth of it; the joined cards seen were 0.80 and 0.99 of the joined region, so
/// half lies between. Tuning split (seeds 1–360, `vision-eval --split tuning --scenes 360`):
/// none of the 5 genuine documents missed as `cut_off` is missed so any more (3 taken, a
/// passport found past a shadow by its outline now `mrz_unreadable`, one `blurry`), genuine
/// taken 72 → 75 of 100, non-documents (2 of 143) and flawed documents (11 of 117) taken
/// unchanged.
pub const WHOLE_OVER_CUT_OFF: f32 = 0.5;

/// Whether a whole document of `whole_area` is taken over a cut-off candidate of `cut_area`
/// (detection pixels): [`WHOLE_OVER_CUT_OFF`].
fn whole_over_cut_off(whole_area: usize, cut_area: usize) -> bool {
    whole_area as f32 >= WHOLE_OVER_CUT_OFF * cut_area as f32
}

/// Whether `true_aspect` is an ID-1 card's or a TD3 page's, within [`crate::ASPECT_TOLERANCE`].
fn fits_a_document(true_aspect: f32) -> bool {
    [crate::ID1_ASPECT, crate::TD3_ASPECT]
        .iter()
        .any(|&want| (true_aspect / want - 1.0).abs() <= crate::ASPECT_TOLERANCE)
}

/// The document whose quadrilateral `quad` (detection pixels, `factor` times smaller than the
/// `width`×`height` frame) was found; `None` when it is not document-shaped.
fn document(
    quad: Quad,
    iou: f32,
    touch: usize,
    factor: usize,
    width: usize,
    height: usize,
) -> Option<Document> {
    let f = factor as f32;
    let corners = quad.map(|p| Point::new(p.x * f, p.y * f));
    let mut doc = Document {
        corners,
        fill: polygon_area(&corners) / largest_card_area(width, height),
        tilt_deg: 0.0,
        aspect: 0.0,
        true_aspect: 0.0,
        shape: Shape::Card,
        cut_off: touch > CUT_OFF_EDGE_PIXELS,
        quad_iou: iou,
        bezel: false,
        text_lines: None,
        page_lines: None,
    };
    let (horizontal, vertical) = doc.edge_lengths();
    let (long_a, long_b) = if horizontal >= vertical {
        (corners[0], corners[1])
    } else {
        (corners[0], corners[3])
    };
    let mut tilt = (long_b.y - long_a.y)
        .atan2(long_b.x - long_a.x)
        .to_degrees();
    if horizontal < vertical {
        tilt -= 90.0;
    }
    while tilt > 45.0 {
        tilt -= 90.0;
    }
    while tilt <= -45.0 {
        tilt += 90.0;
    }
    doc.tilt_deg = tilt;
    doc.aspect = horizontal.max(vertical) / horizontal.min(vertical).max(1.0);
    doc.true_aspect = rectangle_aspect(&corners, width, height);
    // A cut-off document shows only part of its outline, so its aspect says nothing.
    if !doc.cut_off && !(MIN_ASPECT..=MAX_ASPECT).contains(&doc.true_aspect) {
        return None;
    }
    doc.shape = if doc.true_aspect >= CARD_MIN_ASPECT {
        Shape::Card
    } else {
        Shape::PassportPage
    };
    Some(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hole filling as it was, flooding the whole frame from its edge: [`fill_holes`] must
    /// match it.
    fn fill_holes_whole_frame(region: &[bool], w: usize, h: usize) -> Vec<bool> {
        let mut outside = vec![false; w * h];
        let mut stack: Vec<usize> = (0..w).chain((0..w).map(|x| (h - 1) * w + x)).collect();
        stack.extend((0..h).flat_map(|y| [y * w, y * w + w - 1]));
        while let Some(i) = stack.pop() {
            if region[i] || outside[i] {
                continue;
            }
            outside[i] = true;
            let (x, y) = (i % w, i / w);
            if x > 0 {
                stack.push(i - 1);
            }
            if x + 1 < w {
                stack.push(i + 1);
            }
            if y > 0 {
                stack.push(i - w);
            }
            if y + 1 < h {
                stack.push(i + w);
            }
        }
        outside.iter().map(|&o| !o).collect()
    }

    /// [`morph`] as it was, each pass through a closure mapping (line, position) to an index:
    /// the row-at-a-time column pass must match it.
    fn morph_reference(mask: &[bool], w: usize, h: usize, r: usize, keep: bool) -> Vec<bool> {
        let pass = |src: &[bool], len: usize, lines: usize, at: &dyn Fn(usize, usize) -> usize| {
            let mut out = src.to_vec();
            for line in 0..lines {
                // Pixels in the window [k - r, k + r] that differ from `keep`'s opposite.
                let mut other = 0usize;
                let differs = |k: usize| src[at(line, k)] != keep;
                for k in 0..r.min(len) {
                    other += usize::from(differs(k));
                }
                for k in 0..len {
                    if k + r < len {
                        other += usize::from(differs(k + r));
                    }
                    if k > r {
                        other -= usize::from(differs(k - r - 1));
                    }
                    out[at(line, k)] = if other > 0 { !keep } else { keep };
                }
            }
            out
        };
        let rows = pass(mask, w, h, &|line, k| line * w + k);
        pass(&rows, h, w, &|line, k| k * w + line)
    }

    /// [`largest_region`] as it was, a flood from each unlabelled pixel: the runs must match it.
    fn largest_region_reference(mask: &[bool], w: usize, h: usize) -> Vec<bool> {
        let mut label = vec![0u32; w * h];
        let mut stack = Vec::new();
        let (mut best_label, mut best_size, mut next) = (0u32, 0usize, 1u32);
        for start in 0..w * h {
            if !mask[start] || label[start] != 0 {
                continue;
            }
            let mut size = 0;
            label[start] = next;
            // Each pixel with its column, so that no step divides.
            stack.push((start, start % w));
            while let Some((i, x)) = stack.pop() {
                size += 1;
                let mut visit = |j: usize, x: usize| {
                    if mask[j] && label[j] == 0 {
                        label[j] = next;
                        stack.push((j, x));
                    }
                };
                if x > 0 {
                    visit(i - 1, x - 1);
                }
                if x + 1 < w {
                    visit(i + 1, x + 1);
                }
                if i >= w {
                    visit(i - w, x);
                }
                if i + w < w * h {
                    visit(i + w, x);
                }
            }
            if size > best_size {
                best_size = size;
                best_label = next;
            }
            next += 1;
        }
        label.iter().map(|&l| l == best_label && l != 0).collect()
    }

    #[test]
    fn largest_regions_match_a_flood_from_each_pixel() {
        let mut next = crate::test_random(3);
        for case in 0..400 {
            let (w, h) = (1 + next() as usize % 40, 1 + next() as usize % 30);
            let density = next() % 16;
            // Speckle, and blocks of equal size (ties) in some cases.
            let mask: Vec<bool> = (0..w * h)
                .map(|i| {
                    if case % 4 == 0 {
                        (i % w) % 4 < 2 && (i / w) % 4 < 2
                    } else {
                        next() % 16 < density
                    }
                })
                .collect();
            assert_eq!(
                largest_region(&mask, w, h),
                largest_region_reference(&mask, w, h),
                "case {case} {w}x{h}"
            );
        }
    }

    /// [`shrink`] and [`shrink_rgba`] as they were, each box's pixels added along its rows
    /// in turn: the column-first sums must match them.
    fn shrink_reference(luma: &[u8], width: usize, factor: usize, w: usize, h: usize) -> Vec<u8> {
        let mut out = vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                let mut sum = 0u32;
                for yy in y * factor..(y + 1) * factor {
                    for xx in x * factor..(x + 1) * factor {
                        sum += u32::from(luma[yy * width + xx]);
                    }
                }
                out[y * w + x] = (sum / (factor * factor) as u32) as u8;
            }
        }
        out
    }

    #[test]
    fn shrinking_matches_adding_each_box() {
        let mut next = crate::test_random(11);
        for case in 0..62 {
            let (mut width, mut height) = (8 + next() as usize % 90, 8 + next() as usize % 70);
            let mut long_edge = 12 + next() as usize % 40;
            if case >= 60 {
                // Boxes taller than a band summed in u16s ([`NARROW_BAND`]).
                (width, height, long_edge) = [(300, 300, 1), (620, 310, 2)][case - 60];
            }
            let rgba: Vec<u8> = (0..4 * width * height).map(|_| next() as u8).collect();
            let luma = frame_quality::luma_from_rgba(&rgba);
            let small = shrink(&luma, width, height, long_edge);
            let (f, w, h) = (small.factor, small.width, small.height);
            assert!(
                case < 60 || f > NARROW_BAND,
                "case {case}: the u32 sums are tested"
            );
            assert_eq!(
                small.luma,
                shrink_reference(&luma, width, f, w, h),
                "case {case}"
            );
            let planes = shrink_rgba(&rgba, width, f, w, h);
            for (c, plane) in planes.iter().enumerate() {
                let channel: Vec<u8> = rgba.iter().skip(c).step_by(4).copied().collect();
                assert_eq!(
                    plane,
                    &shrink_reference(&channel, width, f, w, h),
                    "case {case} {c}"
                );
            }
        }
    }

    #[test]
    fn box_means_divide_exactly() {
        for area in (1..=400).chain([1024, 2500, 4096, 10_000, 64_999, 65_000, 70_000]) {
            let mean = BoxMean::new(area);
            for sum in 0..=255 * area as u32 {
                assert_eq!(u32::from(mean.of(sum)), sum / area as u32, "{sum} / {area}");
            }
        }
    }

    #[test]
    fn morphology_matches_the_line_by_line_passes() {
        let mut next = crate::test_random(5);
        for case in 0..200 {
            let (w, h) = (1 + next() as usize % 40, 1 + next() as usize % 30);
            let density = next() % 16;
            let mask: Vec<bool> = (0..w * h).map(|_| next() % 16 < density).collect();
            for r in [0, 1, 2, 4, 7, 50] {
                for keep in [false, true] {
                    assert_eq!(
                        morph(&mask, w, h, r, keep),
                        morph_reference(&mask, w, h, r, keep),
                        "case {case} {w}x{h} r {r} keep {keep}"
                    );
                }
            }
        }
    }

    #[test]
    fn holes_are_filled_as_by_a_flood_of_the_whole_frame() {
        let (w, h) = (40, 30);
        let mut next = crate::test_random(7);
        for case in 0..300 {
            // Rings, blobs and speckle, some touching the frame's edges.
            let density = 1 + case % 7;
            let (cx, cy, rr) = (next() % 40, next() % 30, 3 + next() % 14);
            let region: Vec<bool> = (0..w * h)
                .map(|i| {
                    let (x, y) = ((i % w) as i64, (i / w) as i64);
                    let d2 = (x - i64::from(cx)).pow(2) + (y - i64::from(cy)).pow(2);
                    let ring = d2 <= i64::from(rr * rr) && d2 >= i64::from((rr / 2).pow(2));
                    ring || next() % 16 < density
                })
                .collect();
            assert_eq!(
                fill_holes(&region, w, h),
                fill_holes_whole_frame(&region, w, h),
                "case {case}"
            );
        }
        assert_eq!(fill_holes(&vec![false; w * h], w, h), vec![false; w * h]);
        assert_eq!(fill_holes(&vec![true; w * h], w, h), vec![true; w * h]);
    }

    /// (x, y) of each pixel set in `mask`, in reading order: how the region was walked before
    /// [`region_runs`].
    fn region_pixels(mask: &[bool], w: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        mask.chunks_exact(w).enumerate().flat_map(|(y, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, &set)| set)
                .map(move |(x, _)| (x, y))
        })
    }

    /// [`fill_notches`] as it was, pixel by pixel.
    fn fill_notches_reference(region: &[bool], w: usize, h: usize) -> Vec<bool> {
        let mut rows = vec![(usize::MAX, 0usize); h];
        let mut cols = vec![(usize::MAX, 0usize); w];
        for (x, y) in region_pixels(region, w) {
            rows[y] = (rows[y].0.min(x), rows[y].1.max(x));
            cols[x] = (cols[x].0.min(y), cols[x].1.max(y));
        }
        (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .map(|(x, y)| {
                (rows[y].0..=rows[y].1).contains(&x) || (cols[x].0..=cols[x].1).contains(&y)
            })
            .collect()
    }

    /// [`candidate`] as it was, walking the filled region pixel by pixel with floating-point
    /// sums: the run-by-run walk must give the same quadrilateral, IoU, edge touch and size.
    fn candidate_reference(
        region: &[bool],
        w: usize,
        h: usize,
    ) -> Option<(Quad, f32, usize, usize)> {
        if touches_three_sides(region, w, h) {
            return None;
        }
        let filled = fill_holes(region, w, h);
        let (mut n, mut sx, mut sy) = (0f64, 0f64, 0f64);
        for (x, y) in region_pixels(&filled, w) {
            n += 1.0;
            sx += x as f64;
            sy += y as f64;
        }
        if n < MIN_CANDIDATE_FILL as f64 * (w * h) as f64 {
            return None;
        }
        let (cx, cy) = (sx / n, sy / n);
        let (mut sxx, mut syy, mut sxy) = (0f64, 0f64, 0f64);
        for (x, y) in region_pixels(&filled, w) {
            let (dx, dy) = (x as f64 - cx, y as f64 - cy);
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        let theta = 0.5 * (2.0 * sxy).atan2(sxx - syy);
        let (c, s) = (theta.cos(), theta.sin());
        let mut best = [(f64::MIN, 0usize); 4];
        let mut on_edge: Vec<Point> = Vec::new();
        let mut sides = [false; 4];
        for (x, y) in region_pixels(&filled, w) {
            let i = y * w + x;
            let (dx, dy) = (x as f64 - cx, y as f64 - cy);
            let (u, v) = (dx * c + dy * s, -dx * s + dy * c);
            for (k, score) in [u + v, u - v, -u + v, -u - v].into_iter().enumerate() {
                if score > best[k].0 {
                    best[k] = (score, i);
                }
            }
            let on = [x == 0, x + 1 == w, y == 0, y + 1 == h];
            if on.iter().any(|&b| b) {
                on_edge.push(Point::new(x as f32 + 0.5, y as f32 + 0.5));
            }
            for (side, hit) in sides.iter_mut().zip(on) {
                *side |= hit;
            }
        }
        fitted_quad(&filled, w, h, n as usize, best, sides, &on_edge)
    }

    #[test]
    fn runs_are_the_set_pixels_in_reading_order() {
        let mut next = crate::test_random(17);
        for case in 0..300 {
            let (w, h) = (1 + next() as usize % 70, 1 + next() as usize % 6);
            let density = next() % 17;
            // Long runs (a 1-in-8 chance of flipping at each pixel) or speckle.
            let mut on = false;
            let mask: Vec<bool> = (0..w * h)
                .map(|_| {
                    if case % 2 == 0 {
                        on ^= next().is_multiple_of(8);
                        on
                    } else {
                        next() % 16 < density
                    }
                })
                .collect();
            let from_runs: Vec<(usize, usize)> = region_runs(&mask, w)
                .flat_map(|(y, xs)| {
                    assert!(!xs.is_empty() && xs.end <= w, "case {case}");
                    xs.map(move |x| (x, y))
                })
                .collect();
            let pixels: Vec<(usize, usize)> = region_pixels(&mask, w).collect();
            assert_eq!(from_runs, pixels, "case {case} {w}x{h}");
            // Runs are maximal: no two of a row touch.
            let runs: Vec<_> = region_runs(&mask, w).collect();
            for pair in runs.windows(2) {
                assert!(pair[0].0 != pair[1].0 || pair[0].1.end < pair[1].1.start);
            }
        }
    }

    #[test]
    fn candidates_and_notches_match_the_pixel_by_pixel_walk() {
        let mut next = crate::test_random(13);
        let mut found = 0;
        for case in 0..600 {
            let (w, h) = (1 + next() as usize % 90, 1 + next() as usize % 60);
            // A turned rectangle, anywhere (over the edges too), bitten and speckled.
            let (cx, cy) = ((next() % 120) as f32 - 15.0, (next() % 80) as f32 - 10.0);
            let (hw, hh) = (2.0 + (next() % 40) as f32, 2.0 + (next() % 25) as f32);
            let (sin, cos) = ((next() % 360) as f32).to_radians().sin_cos();
            let (noise, bite) = (next() % 8, next().is_multiple_of(3));
            let region: Vec<bool> = (0..w * h)
                .map(|i| {
                    let (x, y) = ((i % w) as f32 - cx, (i / w) as f32 - cy);
                    let (u, v) = (x * cos + y * sin, -x * sin + y * cos);
                    let inside = u.abs() <= hw && v.abs() <= hh;
                    let bitten = bite && (u - hw).powi(2) + v * v < hh * hh / 2.0;
                    let flip = next() % 64 < noise;
                    (inside && !bitten) != flip
                })
                .collect();
            let got = candidate(&region, w, h);
            found += usize::from(got.is_some());
            assert_eq!(
                got,
                candidate_reference(&region, w, h),
                "case {case} {w}x{h}"
            );
            assert_eq!(
                fill_notches(&region, w, h),
                fill_notches_reference(&region, w, h),
                "case {case} {w}x{h}"
            );
        }
        assert!(found > 50, "only {found} candidates: the cases test little");
    }

    /// A `w`×`h` frame of `bg` with a rotated rectangle of `fg`.
    fn scene(w: usize, h: usize, rect: (f32, f32, f32, f32), deg: f32, bg: u8, fg: u8) -> Vec<u8> {
        let (cx, cy, rw, rh) = rect;
        let (s, c) = deg.to_radians().sin_cos();
        (0..w * h)
            .map(|i| {
                let (dx, dy) = ((i % w) as f32 - cx, (i / w) as f32 - cy);
                let (u, v) = (dx * c + dy * s, -dx * s + dy * c);
                if u.abs() <= rw / 2.0 && v.abs() <= rh / 2.0 {
                    fg
                } else {
                    bg
                }
            })
            .collect()
    }

    #[test]
    fn fill_counts_the_card_the_frame_can_hold_whichever_way_it_is_held() {
        // Landscape 16:9: the largest card is 89 % of the frame, so the threshold is a quarter
        // of the frame, as it was when it counted the frame's area.
        let landscape = largest_card_area(1280, 720) / (1280.0 * 720.0);
        assert!((landscape - 0.892).abs() < 0.002, "{landscape}");
        assert!((crate::MIN_DOCUMENT_FILL * landscape - 0.25).abs() < 0.002);
        // Upright 720×1280: a card spanning 90 % of the width covers 28 % of the frame, which
        // counted as the frame's share was "move closer"; of the card the frame holds it is 81 %.
        let card = (0.9f32 * 720.0).powi(2) / crate::ID1_ASPECT;
        assert!(card / (720.0 * 1280.0) < 0.29);
        assert!(card / largest_card_area(720, 1280) > crate::MIN_DOCUMENT_FILL * 2.5);
        assert!((largest_card_area(720, 1280) / (720.0 * 1280.0) - 0.355).abs() < 0.002);
    }

    #[test]
    fn finds_a_level_card_and_its_corners() {
        let f = scene(640, 360, (320.0, 180.0, 400.0, 252.0), 0.0, 40, 220);
        let d = find_document(&f, 640, 360).expect("a card");
        assert!(
            d.corners[0].distance(Point::new(120.0, 54.0)) < 6.0,
            "{d:?}"
        );
        assert!(
            d.corners[2].distance(Point::new(520.0, 306.0)) < 6.0,
            "{d:?}"
        );
        assert!(
            d.tilt_deg.abs() < 1.0 && !d.cut_off && d.shape == Shape::Card,
            "{d:?}"
        );
        // 400×252 px over the 571×360 px card a 640×360 frame holds.
        assert!(
            (d.fill - 100_800.0 / largest_card_area(640, 360)).abs() < 0.03,
            "{d:?}"
        );
        assert!((d.fill - 0.49).abs() < 0.03, "{d:?}");
    }

    #[test]
    fn measures_tilt_either_way_and_dark_cards_on_light_tables() {
        for deg in [-20.0, 8.0] {
            let f = scene(640, 360, (320.0, 180.0, 360.0, 227.0), deg, 200, 50);
            let d = find_document(&f, 640, 360).expect("a card");
            assert!((d.tilt_deg - deg).abs() < 2.0, "{deg}: {d:?}");
        }
    }

    /// Corners of a `aspect`:1 rectangle turned `turn` radians about the vertical axis, seen
    /// by a pinhole camera of focal length `f` from the front of a 1280×720 frame.
    fn turned(aspect: f32, turn: f32, f: f32) -> Quad {
        let (s, c) = turn.sin_cos();
        let d = f / 700.0;
        [
            (-0.5, -0.5 / aspect),
            (0.5, -0.5 / aspect),
            (0.5, 0.5 / aspect),
            (-0.5, 0.5 / aspect),
        ]
        .map(|(x, y)| {
            let (x1, z) = (x * c, d - x * s);
            Point::new(640.0 + f * x1 / z, 360.0 + f * y / z)
        })
    }

    #[test]
    fn a_screen_has_a_bezel_and_a_dark_card_does_not() {
        let (w, h) = (480, 300);
        let framed = |inside: u8, x: usize, y: usize| {
            if x < 14 || y < 9 || x >= w - 14 || y >= h - 9 {
                15
            } else {
                inside
            }
        };
        let screen: Vec<u8> = (0..w * h).map(|i| framed(230, i % w, i / w)).collect();
        assert!(screen_bezel(&screen, w, h));
        // A navy card with white text and a lighter portrait.
        let card: Vec<u8> = (0..w * h)
            .map(|i| {
                let (x, y) = (i % w, i / w);
                if (40..160).contains(&x) && (60..260).contains(&y) {
                    150
                } else if y % 30 < 6 && x > 200 {
                    230
                } else {
                    30
                }
            })
            .collect();
        assert!(!screen_bezel(&card, w, h));
    }

    #[test]
    fn perspective_is_undone_before_the_aspect_is_judged() {
        for turn in [-0.35f32, -0.2, 0.0, 0.2, 0.35] {
            let card = turned(1.586, turn, 1024.0);
            let seen = {
                let (h, v) = (
                    (card[0].distance(card[1]) + card[3].distance(card[2])) / 2.0,
                    (card[0].distance(card[3]) + card[1].distance(card[2])) / 2.0,
                );
                h / v
            };
            let a = rectangle_aspect(&card, 1280, 720);
            assert!(
                (a - 1.586).abs() < 0.04,
                "turn {turn}: seen {seen}, undone {a}"
            );
            let page = rectangle_aspect(&turned(1.294, turn, 1024.0), 1280, 720);
            assert!(
                (page - 1.294).abs() < 0.04,
                "turn {turn}: letter page {page}"
            );
        }
        // Turned 20° a card looks 6 % shorter than it is.
        let q = turned(1.586, 0.35, 1024.0);
        let seen = (q[0].distance(q[1]) + q[3].distance(q[2]))
            / (q[0].distance(q[3]) + q[1].distance(q[2]));
        assert!(seen < 1.52, "{seen}");
    }

    #[test]
    fn a_card_over_the_edge_is_cut_off_and_a_disc_is_no_document() {
        let f = scene(640, 360, (100.0, 180.0, 400.0, 252.0), 0.0, 40, 220);
        assert!(find_document(&f, 640, 360).is_some_and(|d| d.cut_off));
        let disc: Vec<u8> = (0..640 * 360)
            .map(|i| {
                let (x, y) = ((i % 640) as f32 - 320.0, (i / 640) as f32 - 180.0);
                if x * x + y * y < 120.0 * 120.0 {
                    230
                } else {
                    40
                }
            })
            .collect();
        assert_eq!(find_document(&disc, 640, 360), None);
        assert_eq!(find_document(&[0u8; 640 * 360], 640, 360), None);
    }

    #[test]
    fn clutter_running_from_the_card_to_the_edge_does_not_cut_it_off() {
        // A pen (8 px wide) from the card's bottom edge to the frame's: the region touches the
        // edge, the card's outline does not.
        let mut f = scene(640, 360, (320.0, 170.0, 360.0, 227.0), 0.0, 40, 220);
        for (i, v) in f.iter_mut().enumerate() {
            let (x, y) = ((i % 640) as f32, (i / 640) as f32);
            if (300.0..308.0).contains(&x) && y > 280.0 {
                *v = 220;
            }
        }
        let d = find_document(&f, 640, 360).expect("the card");
        assert!(!d.cut_off, "{d:?}");
        // The same card pushed over the right edge is cut off.
        let f = scene(640, 360, (560.0, 170.0, 360.0, 227.0), 0.0, 40, 220);
        assert!(find_document(&f, 640, 360).is_some_and(|d| d.cut_off));
    }

    /// A `w`×`h` RGBA frame painted by `paint(x, y)` and its luma ([`frame_quality::luma`]).
    fn rgba_frame(
        w: usize,
        h: usize,
        paint: impl Fn(usize, usize) -> [u8; 3],
    ) -> (Vec<u8>, Vec<u8>) {
        let (mut rgba, mut luma) = (Vec::with_capacity(4 * w * h), Vec::with_capacity(w * h));
        for y in 0..h {
            for x in 0..w {
                let [r, g, b] = paint(x, y);
                rgba.extend([r, g, b, 255]);
                luma.push(frame_quality::luma(r, g, b));
            }
        }
        (rgba, luma)
    }

    #[test]
    fn a_card_joined_to_the_edge_by_a_shadow_is_not_cut_off() {
        // A blue card (600×378, ID-1) on an olive desk, a shadow (the desk at half its
        // brightness) from its right edge to the frame's: brightness and colour see card and
        // shadow as one region running off the frame, chromaticity sees the card alone.
        let (desk, shadow, card) = ([110, 90, 40], [55, 45, 20], [30, 80, 120]);
        let rows = 170..548;
        let (rgba, luma) = rgba_frame(1280, 720, |x, y| match (x, rows.contains(&y)) {
            (200..800, true) => card,
            (800.., true) => shadow,
            _ => desk,
        });
        let d = find_document_rgba(&rgba, &luma, 1280, 720).expect("the card");
        assert!(!d.cut_off, "{d:?}");
        assert!(
            d.corners[0].distance(Point::new(200.0, 170.0)) < 8.0,
            "{d:?}"
        );
        assert!(
            d.corners[2].distance(Point::new(800.0, 548.0)) < 8.0,
            "{d:?}"
        );
        // The same card over the frame's right edge is cut off, shadow or not.
        for shade in [shadow, desk] {
            let (rgba, luma) = rgba_frame(1280, 720, |x, y| match (x, rows.contains(&y)) {
                (900.., true) => card,
                (0..200, true) => shade,
                _ => desk,
            });
            let d = find_document_rgba(&rgba, &luma, 1280, 720).expect("the card");
            assert!(d.cut_off, "{d:?}");
        }
    }

    #[test]
    fn a_shadow_running_off_the_frame_does_not_hide_a_card_of_the_desks_grey() {
        // A card 14 levels above its desk (only its outline tells it) and a shadow in the
        // frame's bottom-right corner: the shadow is the only region brightness finds, and it
        // runs off the frame; the card's outline is the document.
        let f: Vec<u8> = (0..1280 * 720)
            .map(|i| match (i % 1280, i / 1280) {
                (100..700, 100..478) => 134,
                (980.., 520..) => 60,
                _ => 120,
            })
            .collect();
        let d = find_document(&f, 1280, 720).expect("the card");
        assert!(!d.cut_off, "{d:?}");
        assert!(
            d.corners[0].distance(Point::new(100.0, 100.0)) < 12.0,
            "{d:?}"
        );
        assert!(
            d.corners[2].distance(Point::new(700.0, 478.0)) < 12.0,
            "{d:?}"
        );
    }

    #[test]
    fn an_outline_closes_a_card_of_nearly_the_desks_grey() {
        // 14 levels above the desk: below every brightness threshold, a step to the gradient.
        let f = scene(320, 180, (160.0, 90.0, 160.0, 101.0), 0.0, 120, 134);
        let region = outline_region(&[f.as_slice()], 320, 180);
        let (quad, iou, touch, _) = candidate(&region, 320, 180).expect("a region");
        assert!(iou > 0.95 && touch == 0, "{iou} {touch}");
        assert!(quad[0].distance(Point::new(80.0, 39.5)) < 3.0, "{quad:?}");
        assert!(quad[2].distance(Point::new(240.0, 140.5)) < 3.0, "{quad:?}");
        // A step of 8 is not an outline: nothing is closed.
        let f = scene(320, 180, (160.0, 90.0, 160.0, 101.0), 0.0, 120, 128);
        assert!(!outline_region(&[f.as_slice()], 320, 180).iter().any(|&b| b));
    }

    #[test]
    fn a_run_of_print_needs_letters_close_together() {
        // Letter edges every 5 px from 200 to 400: the run goes from the first to the last.
        let letters: Vec<usize> = (0..41).map(|k| 200 + 5 * k).collect();
        assert_eq!(print_run(&letters), Some(200..400));
        // A portrait's outline and eyes: a few edges far apart are no print.
        assert_eq!(print_run(&[40, 70, 95, 105, 120, 130, 160]), None);
        // Print beside a portrait runs over the print alone.
        let mut row = vec![40, 70, 95, 105, 120, 130, 160];
        row.extend(&letters);
        assert_eq!(print_run(&row), Some(200..400));
    }

    #[test]
    fn a_page_of_lines_runs_across_where_a_licence_has_its_portrait() {
        let (w, h) = (480, 302);
        // Lines of letters (12 px tall, a letter every 9 px) from `x0` to `x1`, and a portrait
        // (a grey box with a dark head and shoulders) from `px` if any.
        let card = |x0: usize, x1: usize, portrait: Option<usize>| {
            let mut img = vec![230u8; w * h];
            if let Some(px) = portrait {
                for y in 40..260 {
                    for x in px..px + 150 {
                        let (dx, dy) = (x as f32 - (px + 75) as f32, y as f32);
                        let head = dx * dx / 900.0 + (dy - 110.0).powi(2) / 1600.0 < 1.0;
                        let body = dx * dx + (dy - 260.0).powi(2) < 70.0 * 70.0;
                        img[y * w + x] = if head || body { 60 } else { 150 };
                    }
                }
            }
            for l in 0..7 {
                for y in 40 + l * 30..52 + l * 30 {
                    for x in x0..x1 {
                        if x % 9 < 6 {
                            img[y * w + x] = 30;
                        }
                    }
                }
            }
            img
        };
        // A licence front: fields beside the portrait, on its right or on its left.
        assert_eq!(text_line_spans(&card(200, 460, Some(30)), w, h), (7, 0));
        assert_eq!(text_line_spans(&card(20, 280, Some(300)), w, h), (7, 0));
        // A screen or a page: the same lines across the card, no portrait.
        let (lines, page) = text_line_spans(&card(40, 420, None), w, h);
        assert_eq!((lines, page), (7, 7));
        assert!(page >= crate::MIN_PAGE_LINES);
        // The page straightened from slightly wrong corners: its lines slant 20 px over the
        // card, each row crosses 240 px of a line, the line's rows together all of it.
        let mut slanted = vec![230u8; w * h];
        for l in 0..6 {
            for x in (40..420).filter(|x| x % 9 < 6) {
                for y in 30 + l * 42 + x / 20..42 + l * 42 + x / 20 {
                    slanted[y * w + x] = 30;
                }
            }
        }
        assert_eq!(text_line_spans(&slanted, w, h), (6, 6));
    }

    #[test]
    fn lines_of_letters_are_counted_and_bars_are_not() {
        let (w, h) = (480, 302);
        let card = |lines: usize, letters: bool| {
            let mut img = vec![230u8; w * h];
            for l in 0..lines {
                let y0 = 30 + l * 30;
                for y in y0..y0 + 12 {
                    for x in 40..400 {
                        if !letters || x % 9 < 6 {
                            img[y * w + x] = 30;
                        }
                    }
                }
            }
            img
        };
        assert_eq!(text_lines(&card(7, true), w, h), 7);
        assert_eq!(text_lines(&card(2, true), w, h), 2);
        assert_eq!(text_lines(&card(7, false), w, h), 0);
        assert_eq!(text_lines(&vec![230u8; w * h], w, h), 0);
    }

    #[test]
    fn a_card_touching_clutter_is_cut_from_it() {
        // A card (400×252 at 1280×720 / 2) whose edge touches a round object through a short
        // neck, both light on a dark desk: found together they are not document-shaped.
        let mut f = scene(640, 360, (280.0, 180.0, 300.0, 189.0), 0.0, 40, 220);
        for (i, v) in f.iter_mut().enumerate() {
            let (x, y) = ((i % 640) as f32, (i / 640) as f32);
            let blob = (x - 520.0).powi(2) + (y - 180.0).powi(2) < 70.0 * 70.0;
            let neck = (425.0..455.0).contains(&x) && (y - 180.0).abs() < 6.0;
            if blob || neck {
                *v = 220;
            }
        }
        let d = find_document(&f, 640, 360).expect("the card, cut from the clutter");
        assert!(
            d.corners[0].distance(Point::new(130.0, 85.5)) < 8.0
                && d.corners[2].distance(Point::new(430.0, 274.5)) < 8.0,
            "{d:?}"
        );
        assert!((d.true_aspect - 1.586).abs() < 0.08, "{d:?}");
    }

    #[test]
    fn a_notch_at_the_cards_edge_is_filled() {
        // A light card whose dark portrait runs to its bottom edge.
        let mut f = scene(640, 360, (320.0, 180.0, 400.0, 252.0), 0.0, 40, 220);
        for (i, v) in f.iter_mut().enumerate() {
            let (x, y) = ((i % 640) as f32, (i / 640) as f32);
            if (x - 260.0).powi(2) + (y - 300.0).powi(2) < 90.0 * 90.0 && y < 306.0 {
                *v = 40;
            }
        }
        let d = find_document(&f, 640, 360).expect("the card, notch and all");
        assert!(
            d.corners[0].distance(Point::new(120.0, 54.0)) < 8.0
                && d.corners[2].distance(Point::new(520.0, 306.0)) < 8.0,
            "{d:?}"
        );
    }

    #[test]
    fn erosion_and_dilation_are_by_a_square() {
        let (w, h) = (9, 7);
        let mut m = vec![false; w * h];
        for y in 1..6 {
            for x in 1..8 {
                m[y * w + x] = true;
            }
        }
        let eroded = morph(&m, w, h, 1, true);
        assert_eq!(eroded.iter().filter(|&&b| b).count(), 5 * 3);
        assert!(eroded[2 * w + 2] && !eroded[w + 1]);
        let grown = morph(&eroded, w, h, 1, false);
        assert_eq!(grown, m);
    }
}
