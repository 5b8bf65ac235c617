//! The pixels: a grey image, its adaptive binarisation, the skew of its text, and sampling
//! through a rotation.

/// A grey (luma) image, row by row.
#[derive(Debug, Clone)]
pub struct Gray {
    /// Width in pixels.
    pub w: usize,
    /// Height in pixels.
    pub h: usize,
    /// `w × h` luma values.
    pub px: Vec<u8>,
}

impl Gray {
    /// Bilinear sample at `(x, y)` (pixel centres at integer + 0.5); outside reads the nearest
    /// edge pixel.
    pub fn sample(&self, x: f32, y: f32) -> f32 {
        let fx = (x - 0.5).clamp(0.0, (self.w - 1) as f32);
        let fy = (y - 0.5).clamp(0.0, (self.h - 1) as f32);
        let (x0, y0) = (fx as usize, fy as usize);
        let (x1, y1) = ((x0 + 1).min(self.w - 1), (y0 + 1).min(self.h - 1));
        let (ax, ay) = (fx - x0 as f32, fy - y0 as f32);
        let p = |x: usize, y: usize| f32::from(self.px[y * self.w + x]);
        let top = p(x0, y0) * (1.0 - ax) + p(x1, y0) * ax;
        let bottom = p(x0, y1) * (1.0 - ax) + p(x1, y1) * ax;
        top * (1.0 - ay) + bottom * ay
    }

    /// The image made at most `max_w` wide by averaging `k × k` blocks (`k` the smallest
    /// integer that fits), or a copy.
    pub fn at_most(luma: &[u8], w: usize, h: usize, max_w: usize) -> Gray {
        let k = w.div_ceil(max_w.max(1)).max(1);
        if k == 1 {
            return Gray {
                w,
                h,
                px: luma[..w * h].to_vec(),
            };
        }
        let (nw, nh) = (w / k, h / k);
        let mut px = vec![0u8; nw * nh];
        for y in 0..nh {
            for x in 0..nw {
                let mut sum = 0u32;
                for yy in 0..k {
                    let row = (y * k + yy) * w + x * k;
                    sum += luma[row..row + k]
                        .iter()
                        .map(|&v| u32::from(v))
                        .sum::<u32>();
                }
                px[y * nw + x] = (sum / (k * k) as u32) as u8;
            }
        }
        Gray { w: nw, h: nh, px }
    }
}

/// Ink: a pixel (averaged with its 8 neighbours) darker than the local mean by at least
/// [`INK_STD`] local standard deviations and [`MIN_INK_DELTA`] levels, where the local contrast
/// is at least [`MIN_LOCAL_STD`]. Windows are `2r+1` square.
pub fn binarise(g: &Gray, r: usize) -> Vec<bool> {
    let (w, h) = (g.w, g.h);
    let stride = w + 1;
    let mut sum = vec![0u64; stride * (h + 1)];
    let mut sq = vec![0u64; stride * (h + 1)];
    for y in 0..h {
        let (mut rs, mut rq) = (0u64, 0u64);
        for x in 0..w {
            let v = u64::from(g.px[y * w + x]);
            rs += v;
            rq += v * v;
            sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1] + rs;
            sq[(y + 1) * stride + x + 1] = sq[y * stride + x + 1] + rq;
        }
    }
    let mut ink = vec![false; w * h];
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let n = ((y1 - y0) * (x1 - x0)) as f32;
            let s = (sum[y1 * stride + x1] + sum[y0 * stride + x0]
                - sum[y0 * stride + x1]
                - sum[y1 * stride + x0]) as f32;
            let q = (sq[y1 * stride + x1] + sq[y0 * stride + x0]
                - sq[y0 * stride + x1]
                - sq[y1 * stride + x0]) as f32;
            let mean = s / n;
            let std = (q / n - mean * mean).max(0.0).sqrt();
            // The pixel itself averaged over 3×3: sensor noise alone rarely reaches the margin.
            let (xa, xb, ya, yb) = (
                x.saturating_sub(1),
                (x + 2).min(w),
                y.saturating_sub(1),
                (y + 2).min(h),
            );
            let m = (sum[yb * stride + xb] + sum[ya * stride + xa]
                - sum[ya * stride + xb]
                - sum[yb * stride + xa]) as f32
                / ((yb - ya) * (xb - xa)) as f32;
            ink[y * w + x] = std >= MIN_LOCAL_STD && m < mean - (INK_STD * std).max(MIN_INK_DELTA);
        }
    }
    ink
}

/// See [`binarise`]: a pixel this many local standard deviations below the local mean is ink.
/// Print on a light ground sits 0.8–2 deviations below the mean of a window around a character.
pub const INK_STD: f32 = 0.5;
/// See [`binarise`]: ink is at least this many luma levels under the local mean (print in a dim
/// room, gain 0.35, still stands 50–70 levels under its paper).
pub const MIN_INK_DELTA: f32 = 12.0;
/// See [`binarise`]: flatter neighbourhoods (paper, a glare-washed patch) have no ink. JPEG noise
/// and sensor noise on blank paper measure 1–4.
pub const MIN_LOCAL_STD: f32 = 6.0;

/// The rotation (radians, within ±`max`) that makes the ink's rows sharpest: the projection of
/// the ink on the vertical axis after rotating by it has the largest sum of squares. Coarse
/// steps of 0.5°, then 0.1°.
pub fn skew(ink: &[bool], w: usize, h: usize, max_deg: f32) -> f32 {
    let mut pts: Vec<(f32, f32)> = Vec::new();
    // At most ~40 000 points: every `step`-th ink pixel.
    let count = ink.iter().filter(|&&b| b).count();
    let step = (count / 40_000).max(1);
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    for (i, _) in ink.iter().enumerate().filter(|(_, &b)| b).step_by(step) {
        pts.push(((i % w) as f32 - cx, (i / w) as f32 - cy));
    }
    if pts.len() < 50 {
        return 0.0;
    }
    let span = (w + h) as f32;
    let bins = (2.0 * span) as usize + 2;
    let mut hist = vec![0u32; bins];
    let mut score = |deg: f32| {
        let (s, c) = deg.to_radians().sin_cos();
        hist.iter_mut().for_each(|v| *v = 0);
        for &(x, y) in &pts {
            let v = -x * s + y * c + span;
            if let Some(b) = hist.get_mut(v as usize) {
                *b += 1;
            }
        }
        hist.iter()
            .map(|&v| u64::from(v) * u64::from(v))
            .sum::<u64>()
    };
    let mut best = (0.0f32, 0u64);
    let coarse = (max_deg / 0.5).round() as i32;
    for k in -coarse..=coarse {
        let deg = k as f32 * 0.5;
        let sc = score(deg);
        if sc > best.1 {
            best = (deg, sc);
        }
    }
    let centre = best.0;
    for k in -5..=5 {
        let deg = centre + k as f32 * 0.1;
        let sc = score(deg);
        if sc > best.1 {
            best = (deg, sc);
        }
    }
    best.0.to_radians()
}

/// Coordinates in the straightened (rotated) image mapped back to the picture: the picture
/// rotated by `-angle` about its centre, so that text skewed by `angle` reads level.
#[derive(Debug, Clone, Copy)]
pub struct Rotation {
    sin: f32,
    cos: f32,
    cx: f32,
    cy: f32,
}

impl Rotation {
    /// The rotation by `angle` radians about the centre of a `w × h` picture.
    pub fn new(angle: f32, w: usize, h: usize) -> Self {
        let (sin, cos) = angle.sin_cos();
        Self {
            sin,
            cos,
            cx: w as f32 / 2.0,
            cy: h as f32 / 2.0,
        }
    }

    /// The picture point under straightened point `(u, v)`.
    pub fn to_picture(self, u: f32, v: f32) -> (f32, f32) {
        let (du, dv) = (u - self.cx, v - self.cy);
        (
            self.cx + du * self.cos - dv * self.sin,
            self.cy + du * self.sin + dv * self.cos,
        )
    }
}

/// The ink of the straightened image, `w × h` like the picture (nearest neighbour).
pub fn rotate_ink(ink: &[bool], w: usize, h: usize, rot: &Rotation) -> Vec<bool> {
    let mut out = vec![false; w * h];
    for v in 0..h {
        for u in 0..w {
            let (x, y) = rot.to_picture(u as f32 + 0.5, v as f32 + 0.5);
            if x >= 0.0 && y >= 0.0 && (x as usize) < w && (y as usize) < h {
                out[v * w + u] = ink[y as usize * w + x as usize];
            }
        }
    }
    out
}

/// `px` (`w`×`h`) with its background flattened: each pixel divided by the closing of the
/// picture (the lightest value within `r` pixels, then the darkest of those within `r`), the
/// background the print lies on, scaled to 255. Strokes narrower than `2r + 1` pixels keep
/// their contrast with what is right around them; what is wider (a portrait printed under the
/// MRZ, a shadow's edge) becomes paper. Dividing keeps ink over a dark portrait (20 over 60)
/// nearer the contrast of ink over paper (20 over 200) than subtracting does, so a letter
/// half over the portrait's edge stays whole.
pub fn flatten_background(px: &[u8], w: usize, h: usize, r: usize) -> Vec<u8> {
    if px.len() < w * h || w == 0 || h == 0 {
        return px.to_vec();
    }
    let closed = extreme_filter(&extreme_filter(px, w, h, r, true), w, h, r, false);
    px.iter()
        .zip(&closed)
        .map(|(&v, &c)| (255 * u32::from(v) / u32::from(c).max(1)).min(255) as u8)
        .collect()
}

/// The largest (`max`) or smallest value of `px` in the `(2r + 1)`-pixel square around each
/// pixel (separable: rows, then columns; clipped at the edges).
fn extreme_filter(px: &[u8], w: usize, h: usize, r: usize, max: bool) -> Vec<u8> {
    let pick = |a: u8, b: u8| if max { a.max(b) } else { a.min(b) };
    let mut rows = vec![0u8; w * h];
    for y in 0..h {
        let row = &px[y * w..(y + 1) * w];
        for x in 0..w {
            let (a, b) = (x.saturating_sub(r), (x + r + 1).min(w));
            rows[y * w + x] = row[a..b].iter().copied().fold(row[x], pick);
        }
    }
    let mut out = vec![0u8; w * h];
    for y in 0..h {
        let (a, b) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            out[y * w + x] = (a..b)
                .map(|yy| rows[yy * w + x])
                .fold(rows[y * w + x], pick);
        }
    }
    out
}
