//! On-device frame analysis, pure Rust with no browser types, so it runs in the page today and
//! can move into a Web Worker unchanged.
//!
//! A frame is measured ([`measure`]), judged ([`judge`]) and fed to [`AutoCapture`], which fires
//! after enough consecutive good frames.

/// What one frame looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// Mean luma, 0–255.
    pub brightness: f32,
    /// The 98th percentile of luma: the brightest ink-free ground (white print, paper), which
    /// light and not the document's colours sets. A dark card in good light keeps it high; any
    /// card in a dim room brings it down.
    pub paper: f32,
    /// Fraction of pixels at or above 250 (clipped).
    pub saturated: f32,
    /// Fraction of the region under highlights that erase what is under them ([`highlights`]).
    pub glare: f32,
    /// Variance of the 4-neighbour Laplacian of luma (higher is sharper).
    pub sharpness: f32,
}

/// The advice for a frame, most important first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Good enough to capture.
    Good,
    /// Too dark: find more light.
    TooDark,
    /// Too bright or glare: move away from the light.
    TooBright,
    /// Not sharp: hold still, or move the camera a little away.
    Blurry,
}

/// The limits [`judge`] applies to a frame's [`Metrics`] (the defaults suit a document held in front of a camera).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Mean luma (0–255) below which the frame is too dark.
    pub min_brightness: f32,
    /// Mean luma above which the frame is too bright.
    pub max_brightness: f32,
    /// Fraction of saturated pixels above which the frame is too bright.
    pub max_glare: f32,
    /// Variance of the Laplacian below which the frame is blurry.
    pub min_sharpness: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            min_brightness: 50.0,
            max_brightness: 215.0,
            max_glare: 0.08,
            min_sharpness: 60.0,
        }
    }
}

/// BT.601 luma of one pixel, in integer arithmetic (the one place this formula lives).
pub fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((77 * u32::from(r) + 150 * u32::from(g) + 29 * u32::from(b)) >> 8) as u8
}

/// BT.601 luma of an RGBA buffer (as `getImageData` returns it): [`luma`] of each pixel. Each
/// pixel is read as one little-endian word into a buffer sized up front, which the compiler
/// turns into SIMD (a third faster in the worker than collecting [`luma`] of each 4-byte
/// chunk: 0.7–0.9 ms against 1.1–1.5 at 1280×720 in V8).
pub fn luma_from_rgba(rgba: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; rgba.len() / 4];
    for (o, p) in out.iter_mut().zip(rgba.chunks_exact(4)) {
        let v = u32::from_le_bytes([p[0], p[1], p[2], p[3]]);
        *o = ((77 * (v & 0xff) + 150 * ((v >> 8) & 0xff) + 29 * ((v >> 16) & 0xff)) >> 8) as u8;
    }
    out
}

/// BT.601 luma of an RGB buffer (as a JPEG decoder returns it).
pub fn luma_from_rgb(rgb: &[u8]) -> Vec<u8> {
    rgb.chunks_exact(3)
        .map(|p| luma(p[0], p[1], p[2]))
        .collect()
}

/// Measures a `width`×`height` luma frame. An empty or mis-sized frame measures as black.
pub fn measure(luma: &[u8], width: usize, height: usize) -> Metrics {
    // A size whose pixel count overflows cannot describe a real buffer: mis-sized.
    let n = width.checked_mul(height).unwrap_or(0);
    if n == 0 || luma.len() < n {
        return Metrics {
            brightness: 0.0,
            paper: 0.0,
            saturated: 0.0,
            glare: 0.0,
            sharpness: 0.0,
        };
    }
    let luma = &luma[..n];
    let mut hist = [0usize; 256];
    for &v in luma {
        hist[v as usize] += 1;
    }
    let sum: u64 = hist
        .iter()
        .enumerate()
        .map(|(v, &c)| v as u64 * c as u64)
        .sum();
    let bright: usize = hist[250..].iter().sum();
    let mut seen = 0;
    let mut paper = 255;
    for (v, &c) in hist.iter().enumerate() {
        seen += c;
        if seen * 50 >= n * 49 {
            paper = v;
            break;
        }
    }
    Metrics {
        brightness: sum as f32 / n as f32,
        paper: paper as f32,
        saturated: bright as f32 / n as f32,
        glare: highlights(luma, width, height),
        sharpness: laplacian_variance(luma, width, height),
    }
}

/// Edge of the square blocks [`highlights`] works in, pixels.
pub const HIGHLIGHT_BLOCK: usize = 8;
/// A block is blown out when its mean luma is at least this …
pub const BLOWN_MEAN: u8 = 244;
/// … and nothing in it is darker than this: whatever was printed there is gone.
pub const BLOWN_MIN: u8 = 215;
/// A blown-out patch is a highlight when the paper around it is brighter near it than further
/// out: the median of the brightest pixel of each block two blocks away (16 px) exceeds that of
/// the blocks four away (32 px) by at least this many levels. Light from a reflection fades
/// over its rim; white print ends at its edge (the blocks straddling the edge are skipped, so
/// a white barcode ground on a darker card does not count). With 8, no glare-free document of
/// the tuning split is flagged and 4 of its 8 highlights over content are (the others lie on
/// grounds already near white, where no halo can show: see [`WASHED_INK_LEVELS`]).
/// The paper two blocks out must also stay below the patch's own paper (the median brightest
/// pixel of its blocks, less [`SOFT_RIM_MARGIN`]): a halo is light fading, so it is dimmer than
/// the patch. Paper as white as the patch there is more white print, not light: the text blocks
/// of a white MRZ zone or panel, whose brightest pixel is the zone's own white (a drawn white
/// MRZ zone on a tinted page was flagged 16 times in 16, `tests/white_print.rs`; now never by
/// its halo). Tuning split,
/// first frames (`glare_dir` on `VISION_EVAL_CROPS`): seeds 1–360 recall 31 → 30 of 38,
/// glare-free flagged 1 → 0 of 116 (a light front whose blank rows between text lines were
/// blown); seeds 361–720 recall 31 → 30 of 39, flagged 2 of 101 unchanged. The two lost are
/// backs whose blown patch is the blank white ground under the barcode, barely lit (paper
/// 247 two blocks out against the patch's 250–255).
pub const HALO_LEVELS: f32 = 8.0;

/// A block holds print when its darkest pixel is at least this far below its brightest.
pub const INK_CONTRAST: u8 = 60;
/// The washed-ink rim is judged only when at least this many blocks of each ring hold print.
pub const MIN_INKED_BLOCKS: usize = 3;
/// A blown-out patch on a white ground is a highlight when the print two blocks away is washed
/// out by at least this many levels against the print four blocks away (median of the darkest
/// pixel of the blocks holding print): the rim of a reflection lightens the ink under it, white
/// print does not. With 20 (and [`MIN_PATCH_BLOCKS`]) the tuning split flags 5 of its 8
/// highlights over content (4 before) and none of its 34 glare-free documents; at 30 the one
/// it adds (ink 38 against 18 levels) is missed.
pub const WASHED_INK_LEVELS: f32 = 20.0;
/// On a pale ground, up to this many levels under the patch's white two blocks out, the
/// washed-ink rim is judged only where the light has begun to fade on the blocks touching the
/// patch ([`WASHED_RIM_DIP`]). Further under it the rim is judged as before: the tuning split
/// holds a highlight found only through washed ink on a ground 70 levels under a patch that
/// ends in a step (seed 625).
pub const WASHED_MAX_LIFT: f32 = 25.0;
/// … at least this many levels under the patch's white: the blocks touching a reflection are
/// dimmer than its core. The tuning split's highlights found through washed ink on a pale
/// ground measure 4–11; the white background behind a passport's portrait and white text panels
/// on pale pages, plateaus cut off by their edge, hold their own white in the blocks straddling
/// that edge (the drawn pages of `tests/white_print.rs` flagged on main: −1 to 1).
pub const WASHED_RIM_DIP: f32 = 2.0;
/// A highlight over content covers at least this many blocks (on the 480 px wide straightened
/// document, 512 px², 0.4 % of a card): the tuning split's highlights over content make patches
/// of 38–79 blocks, while the clipped gaps between a barcode's rows and a text line, which
/// were flagged on two glare-free backs of the tuning split, make patches of 1–6.
pub const MIN_PATCH_BLOCKS: usize = 8;
/// A pixel of the rim next to a patch is lifted by the light when it is more than this many
/// levels above the ground far from the patch, and below the patch's own white by as much
/// ([`SOFT_RIM_SHARE`]): above the generator's noise (1–4 levels), and small because on a light
/// ground (219–229 under the highlights it was chosen on) the rim has few levels to fade over.
pub const SOFT_RIM_MARGIN: u8 = 3;
/// A blown-out patch is a highlight when, in the median block of the ring touching it (the
/// first 8 px), at least this share of the pixels lies between the far ground and the patch's
/// own white ([`SOFT_RIM_MARGIN`] from each) and below clipping: the light fades over the rim,
/// so the ground there is lifted but not yet white. White print ends in a step: the blocks
/// straddling its edge hold its white or the ground, with the 1–3 px of the edge's blur
/// between. The halo, 16–32 px out ([`HALO_LEVELS`]), is too far for a highlight whose light
/// fades within a few pixels. Seeds 1–360 of the tuning split: 5 of the 12 highlights missed
/// before measure 0.59–0.82 (the others 0.0–0.30), the highlights found 0.0–1.0, the
/// glare-free documents' patches of 8 blocks or more 0.0–0.33. An evenly lit plain zone (a
/// passport's margins, its MRZ band) is neither: its rim holds its own white or the page's.
pub const SOFT_RIM_SHARE: f32 = 0.5;
/// Luma from which a pixel counts as clipped (as in [`Metrics::saturated`]).
const CLIPPED: u8 = 250;

/// The fraction of a straightened `width`×`height` region covered by highlights that erase its
/// content: blown-out patches (every pixel near white, ink included) of at least
/// [`MIN_PATCH_BLOCKS`] blocks, ringed by a halo of
/// light fading outwards ([`is_halo`]), by a rim lifted towards white right next to them
/// ([`SOFT_RIM_SHARE`]), or, on a ground near white, by print washed out towards the patch
/// ([`washed_ink`]). White print on a light card, clipped or not, has no halo and does not
/// count, however much of the card it covers.
pub fn highlights(luma: &[u8], width: usize, height: usize) -> f32 {
    let b = HIGHLIGHT_BLOCK;
    let (bw, bh) = (width / b, height / b);
    if bw < 5 || bh < 5 || luma.len() < width * height {
        return 0.0;
    }
    let n = bw * bh;
    let mut paper = vec![0u8; n];
    let mut ink = vec![0u8; n];
    let mut level = vec![0u8; n];
    let mut blown = vec![false; n];
    for by in 0..bh {
        for bx in 0..bw {
            let (mut sum, mut lo, mut hi) = (0u32, 255u8, 0u8);
            for y in by * b..(by + 1) * b {
                for &v in &luma[y * width + bx * b..y * width + (bx + 1) * b] {
                    sum += u32::from(v);
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
            let mean = sum / (b * b) as u32;
            level[by * bw + bx] = mean as u8;
            paper[by * bw + bx] = hi;
            ink[by * bw + bx] = lo;
            blown[by * bw + bx] = mean >= u32::from(BLOWN_MEAN) && lo >= BLOWN_MIN;
        }
    }
    let neighbours = |i: usize| {
        let (x, y) = ((i % bw) as isize, (i / bw) as isize);
        (-1isize..=1)
            .flat_map(move |dy| (-1isize..=1).map(move |dx| (x + dx, y + dy)))
            .filter(move |&(nx, ny)| {
                (nx, ny) != (x, y) && nx >= 0 && ny >= 0 && nx < bw as isize && ny < bh as isize
            })
            .map(move |(nx, ny)| ny as usize * bw + nx as usize)
    };
    // Kept across patches (there may be many): the distance of each block from the current
    // patch, reset on the blocks it touched; the patch (ring 0) and rings 1–4 as block lists.
    let mut dist = vec![u8::MAX; n];
    let mut rings: [Vec<usize>; 5] = Default::default();
    let mut scratch: Vec<u8> = Vec::new();
    let mut seen = vec![false; n];
    let mut covered = 0usize;
    for start in 0..n {
        if !blown[start] || seen[start] {
            continue;
        }
        for ring in rings.iter_mut() {
            ring.clear();
        }
        // The patch, then rings 1–4 around it (breadth first, 8-connected).
        seen[start] = true;
        dist[start] = 0;
        rings[0].push(start);
        let mut k = 0;
        while k < rings[0].len() {
            let i = rings[0][k];
            k += 1;
            for j in neighbours(i) {
                if blown[j] && !seen[j] {
                    seen[j] = true;
                    dist[j] = 0;
                    rings[0].push(j);
                }
            }
        }
        let patch = rings[0].len();
        // A patch over a quarter of the region is the card's own white or over-exposure
        // (judged by the share of clipped pixels), not a reflection.
        if patch * 4 <= n {
            for d in 1..=4u8 {
                let (inner, outer) = rings.split_at_mut(usize::from(d));
                for &i in &inner[usize::from(d) - 1] {
                    for j in neighbours(i) {
                        if dist[j] == u8::MAX {
                            dist[j] = d;
                            outer[0].push(j);
                        }
                    }
                }
            }
            let rim = Rim {
                luma,
                width,
                bw,
                level: &level,
                paper: &paper,
                ink: &ink,
                rings: &rings,
            };
            if patch >= MIN_PATCH_BLOCKS && rim.is_highlight(&mut scratch) {
                covered += patch + rings[1].len();
            }
        }
        for ring in &rings {
            for &i in ring {
                dist[i] = u8::MAX;
            }
        }
    }
    (covered * b * b) as f32 / (width * height) as f32
}

/// A blown-out patch and the rings of blocks around it, as [`highlights`] judges them.
struct Rim<'a> {
    luma: &'a [u8],
    width: usize,
    /// Blocks per row.
    bw: usize,
    /// Mean of each block.
    level: &'a [u8],
    /// Brightest pixel of each block.
    paper: &'a [u8],
    /// Darkest pixel of each block.
    ink: &'a [u8],
    /// The patch, then the blocks 1–4 blocks away from it.
    rings: &'a [Vec<usize>; 5],
}

impl Rim<'_> {
    /// Whether the light fades around the patch: a halo on the paper ([`is_halo`]), a lifted
    /// rim ([`SOFT_RIM_SHARE`]) or washed-out ink ([`washed_ink`]).
    fn is_highlight(&self, scratch: &mut Vec<u8>) -> bool {
        let (Some(white), Some(touching), Some(near), Some(mid), Some(far)) = (
            self.ring_paper(0, scratch),
            self.ring_paper(1, scratch),
            self.ring_paper(2, scratch),
            self.ring_paper(3, scratch),
            self.ring_paper(4, scratch),
        ) else {
            return false;
        };
        // Light fading is dimmer than the patch, and fades fastest next to it.
        let halo = is_halo(white, near, mid, far);
        // On a ground already near white the light's rim can hardly show on the paper; it shows
        // on the print instead: ink near the patch is washed out, ink further away is not.
        let washed = washed_ink(
            Paper {
                white,
                touching,
                near,
            },
            self.inked(2, scratch),
            self.inked(4, scratch),
        );
        halo || washed || self.soft_rim(far, scratch) >= SOFT_RIM_SHARE
    }

    /// Median of `values`, reordering them.
    fn median(values: &mut [u8]) -> Option<f32> {
        values.sort_unstable();
        values.get(values.len() / 2).map(|&v| f32::from(v))
    }

    /// Median brightest pixel of ring `d`'s blocks.
    fn ring_paper(&self, d: usize, scratch: &mut Vec<u8>) -> Option<f32> {
        scratch.clear();
        scratch.extend(self.rings[d].iter().map(|&i| self.paper[i]));
        Self::median(scratch)
    }

    /// Median darkest pixel of ring `d`'s blocks that hold print, if at least
    /// [`MIN_INKED_BLOCKS`] do.
    fn inked(&self, d: usize, scratch: &mut Vec<u8>) -> Option<f32> {
        scratch.clear();
        scratch.extend(
            self.rings[d]
                .iter()
                .filter(|&&i| self.paper[i].saturating_sub(self.ink[i]) >= INK_CONTRAST)
                .map(|&i| self.ink[i]),
        );
        if scratch.len() < MIN_INKED_BLOCKS {
            return None;
        }
        Self::median(scratch)
    }

    /// The median over ring 1's blocks of the share of their pixels between the `far` ground
    /// and the patch's own white (its median block mean), more than [`SOFT_RIM_MARGIN`] from
    /// each, and not clipped: the light fading, neither the ground nor the patch.
    fn soft_rim(&self, far: f32, scratch: &mut Vec<u8>) -> f32 {
        let b = HIGHLIGHT_BLOCK;
        scratch.clear();
        scratch.extend(self.rings[0].iter().map(|&i| self.level[i]));
        let white = Self::median(scratch).unwrap_or(0.0);
        let (floor, ceiling) = (
            far + f32::from(SOFT_RIM_MARGIN),
            (white - f32::from(SOFT_RIM_MARGIN)).min(f32::from(CLIPPED)),
        );
        scratch.clear();
        for &i in &self.rings[1] {
            let (bx, by) = (i % self.bw, i / self.bw);
            let mut lifted = 0u8;
            for y in by * b..(by + 1) * b {
                let row = &self.luma[y * self.width + bx * b..y * self.width + (bx + 1) * b];
                for &v in row {
                    let v = f32::from(v);
                    lifted += u8::from(v > floor && v < ceiling);
                }
            }
            scratch.push(lifted);
        }
        Self::median(scratch).map_or(0.0, |m| m / (b * b) as f32)
    }
}

/// Whether the paper around a blown-out patch of white `white` holds a halo: the median
/// brightest pixel of the blocks two blocks out (`near`) is [`HALO_LEVELS`] above that four out
/// (`far`) and dimmer than the patch, and the light falls off at least as much from two to
/// three blocks out (`mid`) as from three to four. Light fades fastest next to its patch; a
/// drop further out, steeper than the one nearer in, is the edge of darker content (a
/// portrait, a header band) beyond a blank white ground. The tuning split's halos (seeds
/// 1–720, first frames) fall off 6–82 levels from ring 2 to 3 and −1–39 from 3 to 4, never
/// more; its glare-free front flagged by a halo (seed 520) 4 then 44.
pub fn is_halo(white: f32, near: f32, mid: f32, far: f32) -> bool {
    near - far >= HALO_LEVELS
        && near < white - f32::from(SOFT_RIM_MARGIN)
        && near - mid >= mid - far
}

/// The paper of a blown-out patch and around it, as [`washed_ink`] judges it.
#[derive(Debug, Clone, Copy)]
pub struct Paper {
    /// The patch's own white: the median brightest pixel of its blocks.
    pub white: f32,
    /// The median brightest pixel of the blocks touching the patch (ring 1).
    pub touching: f32,
    /// The median brightest pixel of the blocks two blocks out (ring 2).
    pub near: f32,
}

/// Whether print around a blown-out patch whose paper is `paper` is washed out by a
/// highlight's rim: the ink two blocks out (`ring2`, median darkest pixel of the blocks holding
/// print) at least [`WASHED_INK_LEVELS`] lighter than four out (`ring4`). On a pale ground
/// (two blocks out, within [`WASHED_MAX_LIFT`] of the patch's white, and not clipped itself)
/// the light must also have begun to fade on the blocks touching the patch
/// ([`WASHED_RIM_DIP`]): a white plateau (a portrait's background, a white text panel) ends in
/// a step, and the blocks straddling it hold its own white.
pub fn washed_ink(paper: Paper, ring2: Option<f32>, ring4: Option<f32>) -> bool {
    let (Some(ink_near), Some(ink_far)) = (ring2, ring4) else {
        return false;
    };
    let pale = paper.near < f32::from(CLIPPED) && paper.white - paper.near <= WASHED_MAX_LIFT;
    let fading = paper.white - paper.touching >= WASHED_RIM_DIP;
    ink_near - ink_far >= WASHED_INK_LEVELS && (!pale || fading)
}

/// Pixels of a row whose Laplacians are summed in `i32` before joining the `i64` totals: a
/// Laplacian is at most ±1020, so the sum of squares of 2 048 stays below 2³¹ (1020² × 2048 =
/// 2 130 739 200). Sums in `i32` go four (SSE2, wasm SIMD) to a vector where `i64` ones did not
/// vectorise at all; the totals are the same integers.
const LAPLACIAN_CHUNK: usize = 2048;

fn laplacian_variance(luma: &[u8], width: usize, height: usize) -> f32 {
    if width < 3 || height < 3 {
        return 0.0;
    }
    // Integer sums, row by row: the same sums the f64 accumulation made, which was exact too
    // (integers below 2^53), at a fraction of the cost, and vectorisable.
    let (mut sum, mut sum_sq) = (0i64, 0i64);
    for y in 1..height - 1 {
        let (above, row, below) = (
            &luma[(y - 1) * width..y * width],
            &luma[y * width..(y + 1) * width],
            &luma[(y + 1) * width..(y + 2) * width],
        );
        let mut x0 = 1;
        while x0 < width - 1 {
            let x1 = (x0 + LAPLACIAN_CHUNK).min(width - 1);
            let (mut s, mut sq) = (0i32, 0i32);
            let centre = row[x0..x1].iter().zip(&row[x0 - 1..x1 - 1]);
            let sides = row[x0 + 1..x1 + 1]
                .iter()
                .zip(&above[x0..x1])
                .zip(&below[x0..x1]);
            for ((&c, &left), ((&right, &up), &down)) in centre.zip(sides) {
                let l = 4 * i32::from(c)
                    - i32::from(left)
                    - i32::from(right)
                    - i32::from(up)
                    - i32::from(down);
                s += l;
                sq += l * l;
            }
            sum += i64::from(s);
            sum_sq += i64::from(sq);
            x0 = x1;
        }
    }
    let count = ((width - 2) * (height - 2)) as f64;
    let mean = sum as f64 / count;
    (sum_sq as f64 / count - mean * mean) as f32
}

/// Half-width, in pixels, of the window an edge's contrast is taken over ([`edge_sharpness`]):
/// a step under the generator's strongest in-focus blur (σ ≈ 1.4 px) rises over ±3 px.
pub const EDGE_WINDOW: usize = 4;

/// The spans [`edge_ratios`] can measure (inside the image with room for the window and the
/// smoothing), and their bounding box with that room around it: left `bx0`, top `by0`, `bw`×`bh`.
struct EdgeBox {
    spans: Vec<(usize, usize, usize)>,
    bx0: usize,
    by0: usize,
    bw: usize,
    bh: usize,
}

fn edge_box(
    luma: &[u8],
    width: usize,
    height: usize,
    spans: &[(usize, usize, usize)],
) -> Option<EdgeBox> {
    let r = EDGE_WINDOW;
    if luma.len() < width * height || width <= 2 * r + 4 || height <= 2 * r + 4 {
        return None;
    }
    let margin = r + 2;
    let spans: Vec<(usize, usize, usize)> = spans
        .iter()
        .filter(|&&(y, _, _)| y >= margin && y + margin < height)
        .map(|&(y, x0, x1)| (y, x0.max(margin), x1.min(width - margin)))
        .filter(|&(_, x0, x1)| x0 < x1)
        .collect();
    let top = spans.iter().map(|s| s.0).min()?;
    let bottom = spans.iter().map(|s| s.0).max()?;
    let left = spans.iter().map(|s| s.1).min()?;
    let right = spans.iter().map(|s| s.2).max()?;
    let (bx0, by0) = (left - r - 1, top - r - 1);
    Some(EdgeBox {
        bw: right + r + 1 - bx0,
        bh: bottom + r + 2 - by0,
        spans,
        bx0,
        by0,
    })
}

/// The histogram of [`edge_sharpness`]'s edge ratios (256 bins over 0–1) of the pixels in
/// `spans` (`(y, x0, x1)`: row `y` from `x0` to `x1` exclusive) of a `width`×`height` luma
/// image, scanned along rows and along columns, for edges of at least `min_contrast` levels.
/// The image is first smoothed by a 3×3 binomial (σ 0.7 px): sensor noise, which the variance
/// of the Laplacian counts as detail, falls to 0.375 of itself.
pub fn edge_ratios(
    luma: &[u8],
    width: usize,
    height: usize,
    spans: &[(usize, usize, usize)],
    min_contrast: u8,
) -> [u32; 256] {
    let mut hist = [0u32; 256];
    let r = EDGE_WINDOW;
    let Some(EdgeBox {
        spans,
        bx0,
        by0,
        bw,
        bh,
    }) = edge_box(luma, width, height, spans)
    else {
        return hist;
    };
    // 16× the binomial-smoothed luma over the box (at most 16 × 255 = 4 080, so `i16`): rows
    // first, then columns. Every pass below reads whole slices side by side, which wasm's
    // 128-bit SIMD does eight lanes at a time; only an edge's own window is read one by one.
    let mut rows = vec![0i16; bw * (bh + 2)];
    for (yy, out) in rows.chunks_exact_mut(bw).enumerate() {
        let line = &luma[(by0 + yy - 1) * width + bx0 - 1..][..bw + 2];
        for ((o, &a), (&b, &c)) in out
            .iter_mut()
            .zip(line)
            .zip(line[1..].iter().zip(&line[2..]))
        {
            *o = i16::from(a) + 2 * i16::from(b) + i16::from(c);
        }
    }
    let mut s = vec![0i16; bw * bh];
    for ((o, &a), (&b, &c)) in s
        .iter_mut()
        .zip(&rows)
        .zip(rows[bw..].iter().zip(&rows[2 * bw..]))
    {
        *o = a + 2 * b + c;
    }
    let min_contrast = 16 * i32::from(min_contrast);
    // The central difference's size, `|b − a|`, of two equally long slices.
    let diff = |out: &mut Vec<i16>, a: &[i16], b: &[i16]| {
        out.clear();
        out.extend(a.iter().zip(b).map(|(&a, &b)| (b - a).abs()));
    };
    // An edge at `here` (central difference `g`, its neighbours along the scan `before` and
    // `after`): a local maximum over a step of at least `min_contrast` across `window`, the
    // ±[`EDGE_WINDOW`] px around it.
    fn spread(window: impl Iterator<Item = i16>) -> i32 {
        let (lo, hi) = window.fold((i16::MAX, i16::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
        i32::from(hi) - i32::from(lo)
    }
    let mut count = |g: i16, contrast: i32| {
        if contrast >= min_contrast {
            hist[((i32::from(g) * 255 / contrast) as usize).min(255)] += 1;
        }
    };
    let peak = |here: i16, before: i16, after: i16| {
        i32::from(here) >= min_contrast / 4 && here >= before && here > after
    };
    let (mut g, mut g_up, mut g_down) = (Vec::new(), Vec::new(), Vec::new());
    for &(y, x0, x1) in &spans {
        let (k0, k1) = (x0 - bx0, x1 - bx0);
        let row = |dy: isize| &s[(y - by0).wrapping_add_signed(dy) * bw..][..bw];
        let line = row(0);
        // Along the row: g[j] is the difference at box column k0 − 1 + j.
        diff(&mut g, &line[k0 - 2..k1], &line[k0..k1 + 2]);
        for (j, w) in g.windows(3).enumerate() {
            if peak(w[1], w[0], w[2]) {
                let k = k0 + j;
                count(w[1], spread(line[k - r..=k + r].iter().copied()));
            }
        }
        // Along the columns: the differences at this row and the rows above and below it.
        diff(&mut g, &row(-1)[k0..k1], &row(1)[k0..k1]);
        diff(&mut g_up, &row(-2)[k0..k1], &line[k0..k1]);
        diff(&mut g_down, &line[k0..k1], &row(2)[k0..k1]);
        for (j, ((&here, &before), &after)) in g.iter().zip(&g_up).zip(&g_down).enumerate() {
            if peak(here, before, after) {
                let k = k0 + j;
                count(
                    here,
                    spread((-(r as isize)..=r as isize).map(|d| row(d)[k])),
                );
            }
        }
    }
    hist
}

/// How sharp the print's edges are, whatever their contrast: for each edge (a local maximum of
/// the central difference along a row or a column, over a step of at least `min_contrast`
/// levels), its steepest rise over two pixels divided by the step's height within
/// ±[`EDGE_WINDOW`] px, after the smoothing ([`edge_ratios`]); the `quantile` of those ratios
/// (0–1), or 0 when fewer than `min_edges` edges were seen. A sharp step measures ~0.75, a
/// Gaussian blur of σ px about erf(1/(√(σ² + 0.5)·√2)): 0.48 at σ 1.4, 0.31 at σ 2.45, in the
/// image's own pixels. Unlike the variance
/// of the Laplacian, a dim or low-contrast card is not less sharp than a bright one.
pub fn edge_sharpness(
    luma: &[u8],
    width: usize,
    height: usize,
    spans: &[(usize, usize, usize)],
    min_contrast: u8,
    quantile: f32,
    min_edges: u32,
) -> f32 {
    let hist = edge_ratios(luma, width, height, spans, min_contrast);
    histogram_quantile(&hist, quantile, min_edges)
}

/// The `quantile` (0–1) of a 256-bin histogram over 0–1, or 0 when it holds fewer than `min`
/// counts.
pub fn histogram_quantile(hist: &[u32; 256], quantile: f32, min: u32) -> f32 {
    let total: u64 = hist.iter().map(|&c| u64::from(c)).sum();
    if total == 0 || total < u64::from(min) {
        return 0.0;
    }
    let want = (quantile.clamp(0.0, 1.0) as f64 * total as f64)
        .ceil()
        .max(1.0) as u64;
    let mut seen = 0u64;
    for (i, &c) in hist.iter().enumerate() {
        seen += u64::from(c);
        if seen >= want {
            return i as f32 / 255.0;
        }
    }
    1.0
}

/// The most important thing wrong with a frame, in the order dark, bright or glare, blurry; `Good` when nothing is.
pub fn judge(m: &Metrics, t: &Thresholds) -> Verdict {
    if m.brightness < t.min_brightness {
        Verdict::TooDark
    } else if m.brightness > t.max_brightness || m.saturated > t.max_glare {
        Verdict::TooBright
    } else if m.sharpness < t.min_sharpness {
        Verdict::Blurry
    } else {
        Verdict::Good
    }
}

/// Fires once after `needed` consecutive good frames; any other frame starts the count again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoCapture {
    needed: u32,
    streak: u32,
    fired: bool,
}

impl AutoCapture {
    /// Fires after `needed` good frames in a row (at least 1).
    pub fn new(needed: u32) -> Self {
        Self {
            needed: needed.max(1),
            streak: 0,
            fired: false,
        }
    }

    /// Returns true exactly once: on the frame that completes the streak.
    pub fn push(&mut self, verdict: Verdict) -> bool {
        if self.fired {
            return false;
        }
        if verdict == Verdict::Good {
            self.streak += 1;
        } else {
            self.streak = 0;
        }
        if self.streak >= self.needed {
            self.fired = true;
        }
        self.fired
    }

    /// Whether it has fired (it fires only once).
    pub fn has_fired(&self) -> bool {
        self.fired
    }

    /// Good frames so far in the current streak.
    pub fn streak(&self) -> u32 {
        self.streak
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`edge_ratios`] as first written (pixel by pixel, `i32`), which the sliced version
    /// must match.
    fn edge_ratios_reference(
        luma: &[u8],
        width: usize,
        height: usize,
        spans: &[(usize, usize, usize)],
        min_contrast: u8,
    ) -> [u32; 256] {
        let mut hist = [0u32; 256];
        let r = EDGE_WINDOW;
        let Some(EdgeBox {
            spans,
            bx0,
            by0,
            bw,
            bh,
        }) = edge_box(luma, width, height, spans)
        else {
            return hist;
        };
        // 16× the binomial-smoothed luma over the box: rows first, then columns.
        let mut rows = vec![0i32; bw * (bh + 2)];
        for (yy, out) in rows.chunks_exact_mut(bw).enumerate() {
            let line = &luma[(by0 + yy - 1) * width..(by0 + yy) * width];
            for (xx, o) in out.iter_mut().enumerate() {
                let x = bx0 + xx;
                *o = i32::from(line[x - 1]) + 2 * i32::from(line[x]) + i32::from(line[x + 1]);
            }
        }
        let mut s = vec![0i32; bw * bh];
        for (i, o) in s.iter_mut().enumerate() {
            *o = rows[i] + 2 * rows[i + bw] + rows[i + 2 * bw];
        }
        let min_contrast = 16 * i32::from(min_contrast);
        let ri = r as isize;
        // The edge at box position `i` along `stride` (1: a row, `bw`: a column): a local maximum
        // of the central difference, over a step of at least `min_contrast`.
        let mut edge = |i: isize, stride: isize| {
            let p = |d: isize| s[(i + d * stride) as usize];
            let g = |c: isize| (p(c + 1) - p(c - 1)).abs();
            let here = g(0);
            if here < min_contrast / 4 || here < g(-1) || here <= g(1) {
                return;
            }
            let (mut lo, mut hi) = (i32::MAX, i32::MIN);
            for d in -ri..=ri {
                let v = p(d);
                lo = lo.min(v);
                hi = hi.max(v);
            }
            let contrast = hi - lo;
            if contrast < min_contrast {
                return;
            }
            hist[((here * 255 / contrast) as usize).min(255)] += 1;
        };
        for &(y, x0, x1) in &spans {
            for x in x0..x1 {
                let i = ((y - by0) * bw + (x - bx0)) as isize;
                edge(i, 1);
                edge(i, bw as isize);
            }
        }
        hist
    }

    /// The sliced [`edge_ratios`] gives the histogram of the pixel-by-pixel reference on random
    /// pictures (rectangles of random tones, soft or hard, with noise) and random spans, some
    /// reaching past the picture.
    #[test]
    fn edge_ratios_match_the_reference() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut edges = 0u32;
        for case in 0..60 {
            let (w, h) = (12 + next(220), 12 + next(160));
            let mut px = vec![next(256) as u8; w * h];
            for _ in 0..5 + next(40) {
                let (x0, y0) = (next(w), next(h));
                let (x1, y1) = (
                    (x0 + 1 + next(w / 2 + 1)).min(w),
                    (y0 + 1 + next(h / 2 + 1)).min(h),
                );
                let tone = next(256) as u8;
                for y in y0..y1 {
                    px[y * w + x0..y * w + x1].fill(tone);
                }
            }
            if case % 2 == 1 {
                for i in 1..w * h {
                    px[i] = ((u16::from(px[i]) + u16::from(px[i - 1])) / 2) as u8;
                }
            }
            for p in &mut px {
                *p = p.saturating_add(next(12) as u8);
            }
            let spans: Vec<(usize, usize, usize)> = (0..next(h + 1))
                .map(|_| {
                    let x0 = next(w + 8);
                    (next(h + 8), x0, x0 + next(w + 8))
                })
                .collect();
            for contrast in [24, 40] {
                let fast = edge_ratios(&px, w, h, &spans, contrast);
                assert_eq!(
                    fast,
                    edge_ratios_reference(&px, w, h, &spans, contrast),
                    "case {case}, {w}x{h}, contrast {contrast}"
                );
                edges += fast.iter().sum::<u32>();
            }
        }
        // The pictures had edges to find: the comparison was not of empty histograms.
        assert!(edges > 10_000, "{edges}");
    }

    /// A print-like test card: bars and blocks of several widths (2–9 px) between `paper` and
    /// `ink`, on all of a `w`×`h` image.
    fn print(w: usize, h: usize, paper: u8, ink: u8) -> Vec<u8> {
        (0..w * h)
            .map(|i| {
                let (x, y) = (i % w, i / w);
                let stroke = (x % 23 < 2) || (x % 37 >= 30) || (y % 19 < 3) || (y % 41 >= 35);
                if stroke {
                    ink
                } else {
                    paper
                }
            })
            .collect()
    }

    /// The scenes' focus blur: three box blurs of radius `r` each way (r 1: σ ≈ 1.4 px, in
    /// focus; r 2: σ ≈ 2.45 px, blurred), in floating point, edges clamped.
    fn box3(src: &[u8], w: usize, h: usize, r: usize) -> Vec<u8> {
        let mut buf: Vec<f32> = src.iter().map(|&v| f32::from(v)).collect();
        fixtures::focus_blur_luma(&mut buf, w, h, r);
        buf.iter().map(|v| v.round() as u8).collect()
    }

    fn whole(w: usize, h: usize) -> Vec<(usize, usize, usize)> {
        (0..h).map(|y| (y, 0, w)).collect()
    }

    #[test]
    fn edges_say_in_focus_or_blurred_whatever_the_contrast() {
        let (w, h) = (160, 120);
        let spans = whole(w, h);
        let sharpness = |px: &[u8]| edge_sharpness(px, w, h, &spans, 40, 0.5, 50);
        for (paper, ink) in [(230u8, 30u8), (200, 130), (120, 70)] {
            let card = print(w, h, paper, ink);
            let m: Vec<f32> = (0..=3)
                .map(|r| match r {
                    0 => sharpness(&card),
                    r => sharpness(&box3(&card, w, h, r)),
                })
                .collect();
            assert!(m[0] > 0.7, "{paper}/{ink}: sharp {m:?}");
            assert!(m[1] > 0.43 && m[1] < 0.6, "{paper}/{ink}: in focus {m:?}");
            assert!(m[2] < 0.4 && m[3] < 0.35, "{paper}/{ink}: blurred {m:?}");
        }
        // The variance of the Laplacian calls the pale card in focus softer than the
        // contrasted one blurred: the reason it is no longer what a document is judged on.
        let pale = box3(&print(w, h, 120, 70), w, h, 1);
        let bold_blurred = box3(&print(w, h, 230, 30), w, h, 2);
        assert!(laplacian_variance(&pale, w, h) < laplacian_variance(&bold_blurred, w, h));
    }

    #[test]
    fn noise_and_flat_ground_are_no_edges() {
        let (w, h) = (100, 80);
        let mut seed = 7u32;
        let noisy: Vec<u8> = (0..w * h)
            .map(|_| {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (128 + (seed >> 24) as i32 % 13 - 6) as u8
            })
            .collect();
        let spans = whole(w, h);
        assert_eq!(edge_ratios(&noisy, w, h, &spans, 40).iter().sum::<u32>(), 0);
        assert_eq!(
            edge_sharpness(&flat(200, w, h), w, h, &spans, 40, 0.5, 1),
            0.0
        );
        // Too few edges to judge is not sharp; spans outside the image are ignored.
        let card = print(w, h, 230, 30);
        assert_eq!(edge_sharpness(&card, w, h, &spans, 40, 0.5, 100_000), 0.0);
        let outside = [(500, 0, 100), (40, 90, 400)];
        assert_eq!(
            edge_ratios(&card, w, h, &outside, 40).iter().sum::<u32>(),
            0
        );
        assert_eq!(
            edge_ratios(&card[..10], w, h, &spans, 40)
                .iter()
                .sum::<u32>(),
            0
        );
    }

    #[test]
    fn histogram_quantiles() {
        let mut hist = [0u32; 256];
        hist[51] = 3;
        hist[204] = 1;
        assert_eq!(histogram_quantile(&hist, 0.5, 1), 0.2);
        assert_eq!(histogram_quantile(&hist, 0.75, 1), 0.2);
        assert_eq!(histogram_quantile(&hist, 1.0, 1), 0.8);
        assert_eq!(histogram_quantile(&hist, 0.5, 5), 0.0);
        assert_eq!(histogram_quantile(&[0; 256], 0.5, 0), 0.0);
    }

    fn flat(v: u8, w: usize, h: usize) -> Vec<u8> {
        vec![v; w * h]
    }

    fn checker(w: usize, h: usize, lo: u8, hi: u8) -> Vec<u8> {
        (0..w * h)
            .map(|i| {
                if ((i % w) / 4 + (i / w) / 4).is_multiple_of(2) {
                    lo
                } else {
                    hi
                }
            })
            .collect()
    }

    /// 3×3 box blur with clamped edges.
    fn blur(src: &[u8], w: usize, h: usize, passes: usize) -> Vec<u8> {
        let mut cur = src.to_vec();
        for _ in 0..passes {
            let mut next = cur.clone();
            for y in 0..h {
                for x in 0..w {
                    let mut s = 0u32;
                    for dy in [-1i32, 0, 1] {
                        for dx in [-1i32, 0, 1] {
                            let yy = (y as i32 + dy).clamp(0, h as i32 - 1) as usize;
                            let xx = (x as i32 + dx).clamp(0, w as i32 - 1) as usize;
                            s += u32::from(cur[yy * w + xx]);
                        }
                    }
                    next[y * w + x] = (s / 9) as u8;
                }
            }
            cur = next;
        }
        cur
    }

    #[test]
    fn the_integer_laplacian_variance_equals_the_floating_point_one() {
        for (w, h) in [(97, 61), (3, 3), (4, 40), (2051, 5), (4200, 4)] {
            let luma: Vec<u8> = (0..w * h)
                .map(|i| (((i * 7919) % 251) ^ (i / w * 13)) as u8)
                .collect();
            laplacian_matches_the_f64_sums(&luma, w, h);
            // The largest Laplacians (±1020, a checkerboard of 0 and 255), over rows longer
            // than a chunk of i32 sums.
            let board: Vec<u8> = (0..w * h)
                .map(|i| if (i % w + i / w) % 2 == 0 { 255 } else { 0 })
                .collect();
            laplacian_matches_the_f64_sums(&board, w, h);
        }
    }

    fn laplacian_matches_the_f64_sums(luma: &[u8], w: usize, h: usize) {
        // The straightforward f64 accumulation it replaced.
        let (mut sum, mut sum_sq, mut count) = (0f64, 0f64, 0f64);
        for y in 1..h - 1 {
            for x in 1..w - 1 {
                let i = y * w + x;
                let l = f64::from(
                    4 * i32::from(luma[i])
                        - i32::from(luma[i - 1])
                        - i32::from(luma[i + 1])
                        - i32::from(luma[i - w])
                        - i32::from(luma[i + w]),
                );
                sum += l;
                sum_sq += l * l;
                count += 1.0;
            }
        }
        let mean = sum / count;
        let reference = (sum_sq / count - mean * mean) as f32;
        assert!(
            reference > 1000.0 || w * h < 10,
            "a textured image: {reference}"
        );
        assert_eq!(laplacian_variance(luma, w, h), reference, "{w}x{h}");
    }

    #[test]
    fn rgba_converts_to_luma() {
        assert_eq!(
            luma_from_rgba(&[255, 255, 255, 255, 0, 0, 0, 255]),
            vec![255, 0]
        );
        assert_eq!(luma_from_rgba(&[0, 255, 0, 255]), vec![149]);
        // Every pixel as [`luma`] gives it, alpha ignored, on a buffer of hashed values.
        let rgba: Vec<u8> = (0..4 * 5000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let one_by_one: Vec<u8> = rgba
            .chunks_exact(4)
            .map(|p| luma(p[0], p[1], p[2]))
            .collect();
        assert_eq!(luma_from_rgba(&rgba), one_by_one);
        assert_eq!(
            luma_from_rgba(&rgba[..4 * 7 + 3]),
            one_by_one[..7],
            "a partial pixel is dropped"
        );
    }

    #[test]
    fn flat_frames_are_judged_by_exposure_then_sharpness() {
        let t = Thresholds::default();
        assert_eq!(
            judge(&measure(&flat(10, 64, 48), 64, 48), &t),
            Verdict::TooDark
        );
        assert_eq!(
            judge(&measure(&flat(255, 64, 48), 64, 48), &t),
            Verdict::TooBright
        );
        assert_eq!(
            judge(&measure(&flat(128, 64, 48), 64, 48), &t),
            Verdict::Blurry
        );
    }

    #[test]
    fn a_sharp_pattern_is_good_and_blurring_it_makes_it_blurry() {
        let t = Thresholds::default();
        let sharp = checker(64, 48, 60, 190);
        let m = measure(&sharp, 64, 48);
        assert_eq!(judge(&m, &t), Verdict::Good, "{m:?}");
        let soft = blur(&sharp, 64, 48, 8);
        let m2 = measure(&soft, 64, 48);
        assert!(m2.sharpness < m.sharpness / 4.0, "{m2:?} vs {m:?}");
        assert_eq!(judge(&m2, &t), Verdict::Blurry, "{m2:?} vs {m:?}");
    }

    #[test]
    fn glare_counts_as_too_bright_even_at_normal_mean() {
        let mut frame = checker(64, 48, 40, 120);
        for v in frame.iter_mut().take(64 * 10) {
            *v = 255;
        }
        let m = measure(&frame, 64, 48);
        assert!(m.saturated > 0.15);
        assert_eq!(judge(&m, &Thresholds::default()), Verdict::TooBright);
    }

    /// A 480×300 straightened card: light ground, rows of dark print.
    fn printed_card(ground: u8) -> Vec<u8> {
        let (w, h) = (480, 300);
        (0..w * h)
            .map(|i| {
                let (x, y) = (i % w, i / w);
                if y % 20 < 8 && x % 9 < 6 && (20..460).contains(&x) {
                    30
                } else {
                    ground
                }
            })
            .collect()
    }

    #[test]
    fn a_specular_blob_over_print_is_glare_and_white_print_is_not() {
        // White print: a clipped white panel (a barcode's ground) over a third of the card.
        let mut white = printed_card(228);
        for y in 60..200 {
            for x in 60..420 {
                white[y * 480 + x] = 255;
            }
        }
        let m = measure(&white, 480, 300);
        assert!(m.saturated > 0.3, "{m:?}");
        assert_eq!(m.glare, 0.0, "white print has no halo: {m:?}");
        // A reflection: blended to white at its core, fading over its rim, erasing the print.
        let mut shiny = printed_card(228);
        for (i, v) in shiny.iter_mut().enumerate() {
            let (x, y) = ((i % 480) as f32, (i / 480) as f32);
            let d = ((x - 240.0) / 70.0).powi(2) + ((y - 150.0) / 40.0).powi(2);
            let a = (1.6 - d).clamp(0.0, 1.0);
            *v = (f32::from(*v) * (1.0 - a) + 255.0 * a) as u8;
        }
        let m = measure(&shiny, 480, 300);
        assert!(m.glare > 0.01, "{m:?}");
        assert!(m.saturated < 0.1, "{m:?}");
        // The same card without either: nothing.
        assert_eq!(measure(&printed_card(228), 480, 300).glare, 0.0);
    }

    #[test]
    fn on_a_clipped_white_ground_a_reflection_shows_on_the_print() {
        // The ground is already 255: the light's rim cannot brighten it, only wash the ink.
        let reflect = |card: &mut Vec<u8>, rx: f32, ry: f32| {
            for (i, v) in card.iter_mut().enumerate() {
                let (x, y) = ((i % 480) as f32, (i / 480) as f32);
                let d = ((x - 240.0) / rx).powi(2) + ((y - 150.0) / ry).powi(2);
                let a = (1.6 - d).clamp(0.0, 1.0);
                *v = (f32::from(*v) * (1.0 - a) + 255.0 * a) as u8;
            }
        };
        // A barcode-like block of bars on a white back, its ground clipped.
        let barcode = || -> Vec<u8> {
            (0..480 * 300)
                .map(|i| {
                    let (x, y) = (i % 480, i / 480);
                    let bar = ((x / 2) * 7 + (y / 12) * 13) % 5 < 2;
                    if (40..440).contains(&x) && (60..240).contains(&y) && bar {
                        25
                    } else {
                        255
                    }
                })
                .collect()
        };
        let mut shiny = barcode();
        reflect(&mut shiny, 70.0, 40.0);
        let m = measure(&shiny, 480, 300);
        assert!(m.glare > 0.01, "{m:?}");
        // The same print on the white ground without it: nothing.
        assert_eq!(measure(&barcode(), 480, 300).glare, 0.0);
        // A speck a few blocks wide is not a highlight over content.
        let mut speck = barcode();
        reflect(&mut speck, 14.0, 10.0);
        assert_eq!(measure(&speck, 480, 300).glare, 0.0);
    }

    /// A reflection centred at (`cx`, `cy`) with radii `rx`, `ry`: blended towards white by
    /// `strength` × (1.6 − d²), clipped at its core, fading to nothing at 1.26 radii.
    fn reflect(card: &mut [u8], w: usize, (cx, cy, rx, ry): (f32, f32, f32, f32), strength: f32) {
        for (i, v) in card.iter_mut().enumerate() {
            let (x, y) = ((i % w) as f32, (i / w) as f32);
            let d = ((x - cx) / rx).powi(2) + ((y - cy) / ry).powi(2);
            let a = ((1.6 - d) * strength).clamp(0.0, 1.0);
            *v = (f32::from(*v) * (1.0 - a) + 255.0 * a) as u8;
        }
    }

    /// A deterministic ±`amp` level of sensor noise.
    fn noisy(luma: &mut [u8], amp: u8) {
        let amp = i32::from(amp);
        for (i, v) in luma.iter_mut().enumerate() {
            let r = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 59;
            let n = r as i32 % (2 * amp + 1) - amp;
            *v = (i32::from(*v) + n).clamp(0, 255) as u8;
        }
    }

    #[test]
    fn a_highlight_whose_light_fades_within_a_few_pixels_is_glare() {
        // A small, strong reflection on a light card: its light is gone 16 px from the clipped
        // core, so no halo shows two blocks out; the rim touching it is lifted, not white.
        let mut shiny = printed_card(222);
        reflect(&mut shiny, 480, (250.0, 150.0, 40.0, 22.0), 0.9);
        noisy(&mut shiny, 2);
        let m = measure(&shiny, 480, 300);
        assert!(m.glare > 0.01, "{m:?}");
        let mut plain = printed_card(222);
        noisy(&mut plain, 2);
        assert_eq!(measure(&plain, 480, 300).glare, 0.0);
    }

    /// A passport's data page, 480×338, evenly lit: a pale ground with faint security print,
    /// plain white margins and a plain white MRZ band at `white`, a photo, text lines, two MRZ
    /// lines, softened by the lens and noisy. (A white panel of text lines at 246–255 is still
    /// flagged: the blank rows between its lines are blown, and two blocks out lie text blocks
    /// as white as the patch or holding only a line's blurred fringe; README, known limits.)
    fn passport_page(white: u8) -> Vec<u8> {
        let (w, h) = (480, 338);
        let mut page: Vec<u8> = (0..w * h)
            .map(|i| {
                let (x, y) = (i % w, i / w);
                let mrz_band = (250..326).contains(&y) && (12..468).contains(&x);
                let margin = !(12..468).contains(&x) || !(12..326).contains(&y);
                if mrz_band {
                    let line = (262..276).contains(&y) || (292..306).contains(&y);
                    let glyph = (20..452).contains(&x) && (x - 20) % 11 < 7;
                    if line && glyph {
                        40
                    } else {
                        white
                    }
                } else if margin {
                    white
                } else if (30..150).contains(&x) && (50..220).contains(&y) {
                    120
                } else if (180..420).contains(&x) && (130..230).contains(&y) && (y - 130) % 20 < 7 {
                    if x % 9 < 6 {
                        45
                    } else {
                        226
                    }
                } else {
                    // Pale guilloche: a few levels of wave over the tinted ground.
                    let wave = ((x as f32 / 9.0).sin() * (y as f32 / 13.0).cos() * 5.0) as i32;
                    (226 + wave) as u8
                }
            })
            .collect();
        page = blur(&page, w, h, 1);
        noisy(&mut page, 3);
        page
    }

    #[test]
    fn a_passport_page_with_plain_white_zones_evenly_lit_is_not_glare() {
        // Clipped white, and a paper white just below clipping (the page's white in good light).
        for white in [255, 252, 250, 248, 246] {
            let page = passport_page(white);
            assert_eq!(highlights(&page, 480, 338), 0.0, "white {white}");
        }
        // The same page with a reflection over its fields is.
        let mut shiny = passport_page(248);
        reflect(&mut shiny, 480, (300.0, 180.0, 40.0, 22.0), 0.9);
        assert!(highlights(&shiny, 480, 338) > 0.01);
    }

    /// A passport's data page, 480×338, evenly lit: a tinted ground (`ground`) with text
    /// fields, and across its bottom a zone at `white` holding the two MRZ lines (ICAO's pitch:
    /// 9.75 px a character, 16 px between baselines), softened by the lens and noisy. The blank
    /// white above, beside and below the MRZ lines is blown; the MRZ glyphs next to it hold the
    /// zone's own white as their brightest pixel.
    fn white_zone_page(ground: u8, white: u8) -> Vec<u8> {
        let (w, h) = (480, 338);
        let mut page: Vec<u8> = (0..w * h)
            .map(|i| {
                let (x, y) = (i % w, i / w);
                if y >= 262 {
                    let line = (283..297).contains(&y) || (300..314).contains(&y);
                    let glyph = (25..455).contains(&x) && (x - 25) % 10 < 6;
                    if line && glyph {
                        30
                    } else {
                        white
                    }
                } else if (170..440).contains(&x) && (60..200).contains(&y) && (y - 60) % 24 < 9 {
                    if x % 9 < 6 {
                        40
                    } else {
                        ground
                    }
                } else {
                    let wave = ((x as f32 / 9.0).sin() * (y as f32 / 13.0).cos() * 5.0) as i32;
                    (i32::from(ground) + wave) as u8
                }
            })
            .collect();
        page = blur(&page, w, h, 1);
        noisy(&mut page, 3);
        page
    }

    #[test]
    fn a_white_mrz_zone_evenly_lit_is_not_glare_and_a_reflection_over_the_fields_is() {
        // The MRZ glyphs two blocks from the zone's blank white hold the zone's white (the
        // brightest pixel of their blocks), far above the tinted page four blocks out: not a
        // halo, since it is no dimmer than the patch.
        for (ground, white) in [(222, 255), (210, 252), (215, 250), (200, 246)] {
            let page = white_zone_page(ground, white);
            assert_eq!(
                highlights(&page, 480, 338),
                0.0,
                "ground {ground} white {white}"
            );
            let mut shiny = page;
            reflect(&mut shiny, 480, (300.0, 130.0, 60.0, 34.0), 1.0);
            let g = highlights(&shiny, 480, 338);
            assert!(g > 0.01, "ground {ground} white {white}: {g}");
        }
    }

    #[test]
    fn a_halo_fades_fastest_next_to_the_patch_and_a_drop_further_out_is_content() {
        // Tuning seeds 370 and 461: light fading from two blocks out to three, then flat.
        assert!(is_halo(255.0, 200.0, 142.0, 134.0));
        assert!(is_halo(255.0, 236.0, 228.0, 228.0));
        // Tuning seed 520 (glare-free): blank white ground to three blocks out, then a darker
        // print; and a drawn passport page's margin beside its dark header band.
        assert!(!is_halo(252.0, 247.0, 243.0, 199.0));
        assert!(!is_halo(253.0, 247.0, 247.0, 167.0));
        // The paper as white as the patch: more white print, not light.
        assert!(!is_halo(252.0, 250.0, 230.0, 220.0));
    }

    #[test]
    fn washed_ink_on_a_pale_ground_needs_the_light_fading_on_the_blocks_touching_the_patch() {
        let paper = |white, touching, near| Paper {
            white,
            touching,
            near,
        };
        // Tuning seeds 55 and 270: pale grounds, ring 1 dimmer than the patch.
        assert!(washed_ink(
            paper(255.0, 250.0, 240.0),
            Some(38.0),
            Some(18.0)
        ));
        assert!(washed_ink(
            paper(248.0, 237.0, 248.0),
            Some(68.0),
            Some(26.0)
        ));
        // Tuning seed 625: a ground far under the patch, judged on the ink alone.
        assert!(washed_ink(
            paper(249.0, 250.0, 179.0),
            Some(173.0),
            Some(36.0)
        ));
        // A clipped ground: the light shows only on the print.
        assert!(washed_ink(
            paper(255.0, 255.0, 252.0),
            Some(120.0),
            Some(25.0)
        ));
        // A passport's white portrait background (drawn ICAO page 14) and a white text panel on
        // a pale page (drawn white panel 4): plateaus whose edge blocks hold their white.
        assert!(!washed_ink(
            paper(255.0, 254.0, 244.0),
            Some(79.0),
            Some(43.0)
        ));
        assert!(!washed_ink(
            paper(255.0, 255.0, 244.0),
            Some(158.0),
            Some(76.0)
        ));
        // Ink no lighter near the patch.
        assert!(!washed_ink(
            paper(255.0, 240.0, 240.0),
            Some(30.0),
            Some(25.0)
        ));
    }

    #[test]
    fn the_paper_white_is_set_by_the_light_not_by_the_card() {
        // A dark card with some white print in good light, a light card in a dim room.
        let dark: Vec<u8> = (0..10_000)
            .map(|i| if i % 20 == 0 { 235 } else { 40 })
            .collect();
        let dim: Vec<u8> = (0..10_000)
            .map(|i| if i % 9 == 0 { 20 } else { 95 })
            .collect();
        let (d, m) = (measure(&dark, 100, 100), measure(&dim, 100, 100));
        assert!(
            d.brightness < m.brightness && d.paper > m.paper,
            "{d:?} {m:?}"
        );
    }

    #[test]
    fn bad_dimensions_measure_as_black_instead_of_panicking() {
        assert_eq!(measure(&[1, 2, 3], 10, 10).brightness, 0.0);
        assert_eq!(measure(&[], 0, 0).sharpness, 0.0);
        assert_eq!(measure(&[100; 4], 2, 2).sharpness, 0.0);
    }

    /// Found by `cargo fuzz` (target `frame_quality`): `width * height` overflowed. That panics
    /// with overflow checks; without them it wrapped to a small count that the buffer seemed to
    /// hold, and the Laplacian then read past the end.
    #[test]
    fn sizes_whose_pixel_count_overflows_measure_as_black() {
        let black = measure(&[], 0, 0);
        assert_eq!(measure(&[0x80; 3], 4, 0x8080_0000_0000_0004), black);
        // 3 × h is 2^64 + 2: wrapped, it claimed 2 pixels.
        let h = usize::MAX / 3 + 1;
        assert_eq!(measure(&[0x80; 16], 3, h), black);
        assert_eq!(measure(&[0x80; 16], usize::MAX, usize::MAX), black);
    }

    #[test]
    fn auto_capture_fires_once_after_a_full_streak() {
        let mut a = AutoCapture::new(3);
        assert!(!a.push(Verdict::Good));
        assert!(!a.push(Verdict::Good));
        assert!(!a.push(Verdict::Blurry));
        assert_eq!(a.streak(), 0);
        assert!(!a.push(Verdict::Good));
        assert!(!a.push(Verdict::Good));
        assert!(a.push(Verdict::Good));
        assert!(a.has_fired());
        assert!(!a.push(Verdict::Good), "fires only once");
    }
}
