//! Points, quadrilaterals and the perspective warp that straightens a document.

use serde::Serialize;
use std::ops::Range;

/// A point in frame pixels (x to the right, y down).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    /// Pixels from the left.
    pub x: f32,
    /// Pixels from the top.
    pub y: f32,
}

impl Point {
    /// The point at (`x`, `y`).
    pub fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    /// Euclidean distance to `other`.
    /// The point with both coordinates multiplied by `factor` (another resolution of a frame).
    pub fn scale(self, factor: f32) -> Point {
        Point::new(self.x * factor, self.y * factor)
    }

    /// Euclidean distance to `other`.
    pub fn distance(self, other: Point) -> f32 {
        ((self.x - other.x).powi(2) + (self.y - other.y).powi(2)).sqrt()
    }
}

/// Four corners in reading order: top-left, top-right, bottom-right, bottom-left.
pub type Quad = [Point; 4];

/// Area of a simple polygon (shoelace formula), always positive.
pub fn polygon_area(q: &Quad) -> f32 {
    let mut s = 0.0;
    for i in 0..4 {
        let (a, b) = (q[i], q[(i + 1) % 4]);
        s += a.x * b.y - b.x * a.y;
    }
    s.abs() / 2.0
}

/// Which side of `q`'s edge `i` (from corner `i` to the next) `p` lies on: the cross product's
/// sign, 0 on the edge's line.
fn edge_cross(q: &Quad, i: usize, p: Point) -> f32 {
    let (a, b) = (q[i], q[(i + 1) % 4]);
    (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
}

/// True when `p` lies inside the convex quadrilateral `q` (either winding).
pub fn inside_convex(q: &Quad, p: Point) -> bool {
    let mut sign = 0.0f32;
    for i in 0..4 {
        let cross = edge_cross(q, i, p);
        if cross != 0.0 {
            if sign != 0.0 && cross.signum() != sign {
                return false;
            }
            sign = cross.signum();
        }
    }
    true
}

/// The pixels `x` in `xs` whose centre (`x` + 0.5, `y`) [`inside_convex`] accepts, as two
/// ranges whose union they are (either may be empty, and they may overlap): those on the
/// non-negative side of every edge, and those on the non-positive side. Along a row each edge's
/// cross product is monotonic in `x`, in floating point too (a rounded difference or product
/// moves the same way as the exact one), so each side of an edge is a prefix or a suffix of the
/// row, found by bisection: a row costs a few dozen cross products instead of four per pixel,
/// with exactly the pixels the pixel-by-pixel test accepts (unit test below).
pub fn inside_convex_row(q: &Quad, y: f32, xs: Range<usize>) -> [Range<usize>; 2] {
    [1.0f32, -1.0].map(|side| {
        let mut span = xs.clone();
        for i in 0..4 {
            if span.is_empty() {
                break;
            }
            let on_side = |x: usize| side * edge_cross(q, i, Point::new(x as f32 + 0.5, y)) >= 0.0;
            let (first, last) = (on_side(span.start), on_side(span.end - 1));
            span = match (first, last) {
                (true, true) => span,
                (false, false) => span.start..span.start,
                // A prefix: bisect for its end (the first pixel off the side).
                (true, false) => span.start..partition(span.clone(), on_side),
                // A suffix: bisect for its start.
                (false, true) => partition(span.clone(), |x| !on_side(x))..span.end,
            };
        }
        span
    })
}

/// The first `x` in `xs` for which `pred` is false, `pred` being true on a prefix of `xs`.
fn partition(xs: Range<usize>, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (xs.start, xs.end);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// How far `p` lies outside the convex quadrilateral `q` (0 inside or on it): the distance to
/// its nearest edge.
pub fn distance_outside_convex(q: &Quad, p: Point) -> f32 {
    if inside_convex(q, p) {
        return 0.0;
    }
    (0..4)
        .map(|i| {
            let (a, b) = (q[i], q[(i + 1) % 4]);
            let (dx, dy) = (b.x - a.x, b.y - a.y);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 {
                (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            p.distance(Point::new(a.x + t * dx, a.y + t * dy))
        })
        .fold(f32::MAX, f32::min)
}

/// Puts four corners in reading order: sorted by angle around their centre, starting with the
/// corner nearest the frame's top-left (smallest x + y).
pub fn order_corners(mut pts: [Point; 4]) -> Quad {
    let cx = pts.iter().map(|p| p.x).sum::<f32>() / 4.0;
    let cy = pts.iter().map(|p| p.y).sum::<f32>() / 4.0;
    pts.sort_by(|a, b| {
        let aa = (a.y - cy).atan2(a.x - cx);
        let ab = (b.y - cy).atan2(b.x - cx);
        aa.total_cmp(&ab)
    });
    // With y down, increasing atan2 runs clockwise on screen: TL, TR, BR, BL once rotated.
    let start = (0..4)
        .min_by(|&i, &j| (pts[i].x + pts[i].y).total_cmp(&(pts[j].x + pts[j].y)))
        .unwrap_or(0);
    [
        pts[start],
        pts[(start + 1) % 4],
        pts[(start + 2) % 4],
        pts[(start + 3) % 4],
    ]
}

/// A 3×3 projective transform (row-major, `h[8]` = 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Homography([f32; 9]);

impl Homography {
    /// The transform taking each `from[i]` to `to[i]`; `None` for degenerate corners.
    pub fn from_points(from: &Quad, to: &Quad) -> Option<Self> {
        let mut a = [[0f64; 9]; 8];
        for i in 0..4 {
            let (x, y) = (f64::from(from[i].x), f64::from(from[i].y));
            let (u, v) = (f64::from(to[i].x), f64::from(to[i].y));
            a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
            a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
        }
        // Gaussian elimination with partial pivoting on the 8×8 system.
        for col in 0..8 {
            let pivot = (col..8).max_by(|&r, &s| a[r][col].abs().total_cmp(&a[s][col].abs()))?;
            if a[pivot][col].abs() < 1e-9 {
                return None;
            }
            a.swap(col, pivot);
            for row in 0..8 {
                if row != col {
                    let f = a[row][col] / a[col][col];
                    let pivot_row = a[col];
                    for (x, p) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                        *x -= f * p;
                    }
                }
            }
        }
        let mut h = [1f32; 9];
        for (i, row) in a.iter().enumerate() {
            h[i] = (row[8] / row[i]) as f32;
        }
        Some(Self(h))
    }

    /// Where `p` lands.
    pub fn apply(&self, p: Point) -> Point {
        let h = &self.0;
        let w = h[6] * p.x + h[7] * p.y + h[8];
        Point::new(
            (h[0] * p.x + h[1] * p.y + h[2]) / w,
            (h[3] * p.x + h[4] * p.y + h[5]) / w,
        )
    }
}

/// Straightens the region `quad` of a `width`×`height` luma image into an `out_w`×`out_h`
/// rectangle (bilinear sampling; outside the image reads as the nearest edge pixel).
pub fn warp_quad(
    luma: &[u8],
    width: usize,
    height: usize,
    quad: &Quad,
    out_w: usize,
    out_h: usize,
) -> Option<Vec<u8>> {
    if width < 2 || height < 2 || luma.len() < width * height || out_w == 0 || out_h == 0 {
        return None;
    }
    let rect = [
        Point::new(0.0, 0.0),
        Point::new(out_w as f32, 0.0),
        Point::new(out_w as f32, out_h as f32),
        Point::new(0.0, out_h as f32),
    ];
    let h = Homography::from_points(&rect, quad)?;
    let mut out = vec![0u8; out_w * out_h];
    warp_rows(&luma[..width * height], width, &h, out_w, &mut out);
    Some(out)
}

/// Fixed-point bits of the bilinear weights (a weight is 0–2048): a sample is then within one
/// luma level of the floating-point interpolation, and 255 × 2048 × 2048 fits in a `u32`.
const WEIGHT_BITS: u32 = 11;
/// Fixed-point bits of a source position inside a span (16.16: frames up to 32 767 px).
const POSITION_BITS: u32 = 16;
/// Largest distance (source pixels) a span's stepped positions may stray from the exact ones:
/// across a jump of 255 levels between two neighbouring pixels that is half a level.
const MAX_STEP_ERROR: f32 = 1.0 / 512.0;
/// The most output pixels between two exactly mapped points.
const MAX_SPAN: usize = 64;

/// How many output pixels a span of this row may have. Along a row the source position is
/// N(t)/W(t), N and W affine; stepping it linearly over L pixels strays by at most
/// L² · |W'/W| · s / 4, where s is the source distance of one output pixel. A level card at
/// 1:1 allows the maximum; strong perspective squeezed into few pixels, a pixel at a time.
fn span_len(w_ends: (f32, f32), dw: f32, steps: [(f32, f32); 2]) -> usize {
    let w_min = w_ends.0.abs().min(w_ends.1.abs());
    if w_ends.0.signum() != w_ends.1.signum() || w_min < f32::EPSILON {
        return 1;
    }
    let s = steps
        .iter()
        .map(|(x, y)| x.hypot(*y))
        .fold(0.0f32, f32::max);
    let curvature = dw.abs() / w_min * s;
    if curvature <= 0.0 {
        return MAX_SPAN;
    }
    let len = (4.0 * MAX_STEP_ERROR / curvature).sqrt();
    if len.is_finite() {
        (len as usize).clamp(1, MAX_SPAN)
    } else {
        1
    }
}

/// Fills `out` (rows of `out_w` pixels) with `image` (rows of `width` pixels) sampled through
/// `h`, which takes output pixel coordinates to image coordinates. Row by row, span by span:
/// each span's two ends are mapped exactly (one reciprocal each), the pixels between step in
/// fixed point, and each is an integer bilinear blend written in place. A span that reaches
/// within a pixel of the image's edge is done pixel by pixel, clamped to the edge.
fn warp_rows(image: &[u8], width: usize, h: &Homography, out_w: usize, out: &mut [u8]) {
    let height = image.len() / width;
    let m = &h.0;
    // Spans whose ends are inside this box (and so every pixel between) need no clamping.
    let (safe_x, safe_y) = ((width - 1) as f32 - 0.01, (height - 1) as f32 - 0.01);
    let unit = (1u32 << POSITION_BITS) as f32;
    for (y, row) in out.chunks_exact_mut(out_w).enumerate() {
        let yf = y as f32 + 0.5;
        // The row's constant parts of x' = (m0 x + m1 y + m2) / (m6 x + m7 y + m8), and of y'.
        let (cx, cy, cw) = (m[1] * yf + m[2], m[4] * yf + m[5], m[7] * yf + m[8]);
        // Where the centre of output pixel `x` samples (pixel centres sit at +0.5).
        let source = |x: usize| {
            let xf = x as f32 + 0.5;
            let inv = 1.0 / (m[6] * xf + cw);
            ((m[0] * xf + cx) * inv - 0.5, (m[3] * xf + cy) * inv - 0.5)
        };
        let mut start = source(0);
        let last = source(out_w - 1);
        let (second, beyond) = (source(1), source(out_w));
        let chunk = span_len(
            (m[6] * 0.5 + cw, m[6] * (out_w as f32 + 0.5) + cw),
            m[6],
            [
                (second.0 - start.0, second.1 - start.1),
                (beyond.0 - last.0, beyond.1 - last.1),
            ],
        );
        for (k, span) in row.chunks_mut(chunk).enumerate() {
            let x = k * chunk;
            let end = source(x + span.len());
            let inside =
                |(sx, sy): (f32, f32)| (0.0..safe_x).contains(&sx) && (0.0..safe_y).contains(&sy);
            if inside(start) && inside(end) {
                let n = span.len() as f32;
                let mut fx = (start.0 * unit) as i32;
                let mut fy = (start.1 * unit) as i32;
                let dx = ((end.0 - start.0) * unit / n) as i32;
                let dy = ((end.1 - start.1) * unit / n) as i32;
                for o in span.iter_mut() {
                    let (ix, iy) = (
                        (fx >> POSITION_BITS) as usize,
                        (fy >> POSITION_BITS) as usize,
                    );
                    let shift = POSITION_BITS - WEIGHT_BITS;
                    let mask = (1 << WEIGHT_BITS) - 1;
                    *o = blend(
                        image,
                        iy * width + ix,
                        width,
                        ((fx >> shift) & mask) as u32,
                        ((fy >> shift) & mask) as u32,
                    );
                    fx += dx;
                    fy += dy;
                }
            } else {
                for (j, o) in span.iter_mut().enumerate() {
                    let (sx, sy) = source(x + j);
                    // NaN (a degenerate denominator) clamps to nothing and casts to 0.
                    let (sx, sy) = (
                        sx.clamp(0.0, (width - 1) as f32),
                        sy.clamp(0.0, (height - 1) as f32),
                    );
                    let (x0, y0) = (sx as usize, sy as usize);
                    let scale = (1u32 << WEIGHT_BITS) as f32;
                    // At the last column or row, the pixel beyond is the pixel itself.
                    let (wx, wy) = (
                        if x0 + 1 < width {
                            ((sx - x0 as f32) * scale + 0.5) as u32
                        } else {
                            0
                        },
                        if y0 + 1 < height {
                            ((sy - y0 as f32) * scale + 0.5) as u32
                        } else {
                            0
                        },
                    );
                    let i = y0 * width + x0;
                    *o = blend_clamped(image, i, width, wx, wy);
                }
            }
            start = end;
        }
    }
}

/// Bilinear blend of the 2×2 pixels from index `i` (rows `width` apart) with weights `wx`,
/// `wy` (0–2048) towards the right and lower pixels. The four are read through one slice from
/// the first to the last (one bounds check a pixel instead of two: its length tells the
/// compiler the other three are inside).
fn blend(image: &[u8], i: usize, width: usize, wx: u32, wy: u32) -> u8 {
    let one = 1u32 << WEIGHT_BITS;
    let window = &image[i..i + width + 2];
    let (a, b) = ([window[0], window[1]], [window[width], window[width + 1]]);
    let top = u32::from(a[0]) * (one - wx) + u32::from(a[1]) * wx;
    let bottom = u32::from(b[0]) * (one - wx) + u32::from(b[1]) * wx;
    ((top * (one - wy) + bottom * wy + (1 << (2 * WEIGHT_BITS - 1))) >> (2 * WEIGHT_BITS)) as u8
}

/// [`blend`] where the right or lower pixel may not exist (its weight is then 0).
fn blend_clamped(image: &[u8], i: usize, width: usize, wx: u32, wy: u32) -> u8 {
    let one = 1u32 << WEIGHT_BITS;
    let p = |k: usize| u32::from(image.get(k).copied().unwrap_or(0));
    let (dx, dy) = (usize::from(wx > 0), if wy > 0 { width } else { 0 });
    let top = p(i) * (one - wx) + p(i + dx) * wx;
    let bottom = p(i + dy) * (one - wx) + p(i + dy + dx) * wx;
    ((top * (one - wy) + bottom * wy + (1 << (2 * WEIGHT_BITS - 1))) >> (2 * WEIGHT_BITS)) as u8
}

/// The straightforward warp [`warp_quad`] replaced (pixel by pixel: two divisions, float
/// bilinear, bounds-checked reads, `Vec::push`), kept as the reference its output is tested
/// against and timed beside it by `vision-bench`. Not for use.
pub fn warp_quad_reference(
    luma: &[u8],
    width: usize,
    height: usize,
    quad: &Quad,
    out_w: usize,
    out_h: usize,
) -> Option<Vec<u8>> {
    if width < 2 || height < 2 || luma.len() < width * height || out_w == 0 || out_h == 0 {
        return None;
    }
    let rect = [
        Point::new(0.0, 0.0),
        Point::new(out_w as f32, 0.0),
        Point::new(out_w as f32, out_h as f32),
        Point::new(0.0, out_h as f32),
    ];
    let h = Homography::from_points(&rect, quad)?;
    let mut out = Vec::with_capacity(out_w * out_h);
    let (max_x, max_y) = ((width - 1) as f32, (height - 1) as f32);
    for y in 0..out_h {
        for x in 0..out_w {
            let p = h.apply(Point::new(x as f32 + 0.5, y as f32 + 0.5));
            let sx = (p.x - 0.5).clamp(0.0, max_x);
            let sy = (p.y - 0.5).clamp(0.0, max_y);
            let (x0, y0) = (sx as usize, sy as usize);
            let (x1, y1) = ((x0 + 1).min(width - 1), (y0 + 1).min(height - 1));
            let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
            let px = |xx: usize, yy: usize| f32::from(luma[yy * width + xx]);
            let top = px(x0, y0) * (1.0 - fx) + px(x1, y0) * fx;
            let bottom = px(x0, y1) * (1.0 - fx) + px(x1, y1) * fx;
            out.push((top * (1.0 - fy) + bottom * fy + 0.5) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_spans_hold_exactly_the_pixels_the_point_test_accepts() {
        let mut random = crate::test_random(11);
        let mut next = |range: f32| random() as f32 / (1u32 << 24) as f32 * range;
        let (w, h) = (90usize, 60usize);
        for case in 0..400 {
            // Convex, concave, crossed and degenerate quads, corners on pixel centres or not,
            // some beyond the frame.
            let q: Quad = std::array::from_fn(|_| {
                let (x, y) = (next(130.0) - 20.0, next(100.0) - 20.0);
                if case % 3 == 0 {
                    Point::new(x.floor() + 0.5, y.floor() + 0.5)
                } else {
                    Point::new(x, y)
                }
            });
            let q = if case % 2 == 0 { order_corners(q) } else { q };
            for y in 0..h {
                let yc = y as f32 + 0.5;
                let (x0, x1) = ((case % 7) * 3, w - (case % 5) * 4);
                let [a, b] = inside_convex_row(&q, yc, x0..x1);
                for x in x0..x1 {
                    assert_eq!(
                        a.contains(&x) || b.contains(&x),
                        inside_convex(&q, Point::new(x as f32 + 0.5, yc)),
                        "case {case} row {y} pixel {x}: {q:?}"
                    );
                }
                assert!(a.start >= x0 && a.end <= x1 && b.start >= x0 && b.end <= x1);
            }
        }
        let sq = square(10.0, 10.0, 20.0);
        let [a, b] = inside_convex_row(&sq, 15.5, 0..50);
        assert!(a == (10..30) && b.is_empty(), "{a:?} {b:?}");
        assert_eq!(inside_convex_row(&sq, 5.5, 0..50)[0].len(), 0);
    }

    fn square(x: f32, y: f32, s: f32) -> Quad {
        [
            Point::new(x, y),
            Point::new(x + s, y),
            Point::new(x + s, y + s),
            Point::new(x, y + s),
        ]
    }

    #[test]
    fn homography_maps_corners_exactly() {
        let from = square(0.0, 0.0, 10.0);
        let to = [
            Point::new(5.0, 7.0),
            Point::new(40.0, 3.0),
            Point::new(45.0, 30.0),
            Point::new(2.0, 28.0),
        ];
        let h = Homography::from_points(&from, &to).expect("non-degenerate");
        for i in 0..4 {
            assert!(h.apply(from[i]).distance(to[i]) < 1e-3);
        }
        assert!(Homography::from_points(&from, &[Point::new(1.0, 1.0); 4]).is_none());
    }

    #[test]
    fn distance_outside_a_quad_is_to_its_nearest_edge() {
        let q = [
            Point::new(10.0, 10.0),
            Point::new(50.0, 10.0),
            Point::new(50.0, 30.0),
            Point::new(10.0, 30.0),
        ];
        assert_eq!(distance_outside_convex(&q, Point::new(20.0, 20.0)), 0.0);
        assert_eq!(distance_outside_convex(&q, Point::new(50.0, 20.0)), 0.0);
        assert!((distance_outside_convex(&q, Point::new(53.0, 20.0)) - 3.0).abs() < 1e-5);
        assert!((distance_outside_convex(&q, Point::new(30.0, 8.0)) - 2.0).abs() < 1e-5);
        // Beyond a corner: the distance to the corner.
        assert!((distance_outside_convex(&q, Point::new(53.0, 34.0)) - 5.0).abs() < 1e-5);
    }

    #[test]
    fn corners_are_ordered_clockwise_from_top_left() {
        let q = square(10.0, 20.0, 5.0);
        let shuffled = [q[2], q[0], q[3], q[1]];
        assert_eq!(order_corners(shuffled), q);
        assert_eq!(polygon_area(&q), 25.0);
        assert!(inside_convex(&q, Point::new(12.0, 22.0)));
        assert!(!inside_convex(&q, Point::new(2.0, 22.0)));
    }

    #[test]
    fn warping_a_region_copies_its_pixels() {
        let (w, h) = (20, 10);
        let luma: Vec<u8> = (0..w * h)
            .map(|i| if i % w < 10 { 0 } else { 200 })
            .collect();
        let out = warp_quad(&luma, w, h, &square(10.0, 0.0, 10.0), 5, 5).expect("valid");
        assert!(out.iter().all(|&v| v == 200), "{out:?}");
        assert!(warp_quad(&luma, w, h, &square(0.0, 0.0, 1.0), 0, 5).is_none());
    }

    /// A textured frame (gradients, stripes, a hashed speckle) where any mistake in sampling
    /// shows.
    fn textured(w: usize, h: usize) -> Vec<u8> {
        (0..w * h)
            .map(|i| {
                let (x, y) = (i % w, i / w);
                let speckle = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) % 61;
                ((x * 3 + y * 2 + if (x / 7 + y / 5) % 2 == 0 { 40 } else { 0 } + speckle) % 256)
                    as u8
            })
            .collect()
    }

    #[test]
    fn the_row_wise_warp_matches_the_reference_within_one_level() {
        let (w, h) = (331, 197);
        let luma = textured(w, h);
        let quads = [
            // Level, inside.
            square(40.0, 30.0, 120.0),
            // Tilted and in perspective.
            [
                Point::new(52.3, 40.1),
                Point::new(290.7, 21.9),
                Point::new(301.2, 170.4),
                Point::new(30.5, 181.8),
            ],
            // Running over every edge of the image (edge pixels repeat).
            [
                Point::new(-40.0, -25.0),
                Point::new(380.0, -10.0),
                Point::new(360.0, 230.0),
                Point::new(-20.0, 215.0),
            ],
            // Mirrored (corners in the other order), enlarging.
            [
                Point::new(100.0, 60.0),
                Point::new(60.0, 62.0),
                Point::new(58.0, 90.0),
                Point::new(101.0, 88.0),
            ],
        ];
        for quad in quads {
            for (ow, oh) in [(480, 300), (37, 211), (1, 1)] {
                let fast = warp_quad(&luma, w, h, &quad, ow, oh).expect("valid");
                let slow = warp_quad_reference(&luma, w, h, &quad, ow, oh).expect("valid");
                assert_eq!(fast.len(), slow.len());
                let worst = fast.iter().zip(&slow).map(|(a, b)| a.abs_diff(*b)).max();
                assert!(worst <= Some(1), "{quad:?} {ow}x{oh}: off by {worst:?}");
                // Most pixels agree exactly; a level's difference is rounding, not sampling.
                let same = fast.iter().zip(&slow).filter(|(a, b)| a == b).count();
                assert!(
                    same * 10 >= fast.len() * 9,
                    "{quad:?} {ow}x{oh}: {same} of {}",
                    fast.len()
                );
            }
        }
    }

    #[test]
    fn a_blend_reads_the_four_pixels_it_read_before() {
        // As it was: the top pair and the bottom pair sliced apart.
        fn blend_reference(image: &[u8], i: usize, width: usize, wx: u32, wy: u32) -> u8 {
            let one = 1u32 << WEIGHT_BITS;
            let (a, b) = (&image[i..i + 2], &image[i + width..i + width + 2]);
            let top = u32::from(a[0]) * (one - wx) + u32::from(a[1]) * wx;
            let bottom = u32::from(b[0]) * (one - wx) + u32::from(b[1]) * wx;
            ((top * (one - wy) + bottom * wy + (1 << (2 * WEIGHT_BITS - 1))) >> (2 * WEIGHT_BITS))
                as u8
        }
        let mut next = crate::test_random(19);
        let (w, h) = (37, 23);
        let image: Vec<u8> = (0..w * h).map(|_| next() as u8).collect();
        for _ in 0..5000 {
            let (x, y) = (next() as usize % (w - 1), next() as usize % (h - 1));
            let (wx, wy) = (next() % 2049, next() % 2049);
            let i = y * w + x;
            assert_eq!(
                blend(&image, i, w, wx, wy),
                blend_reference(&image, i, w, wx, wy)
            );
        }
    }

    #[test]
    fn a_degenerate_quad_warps_to_nothing() {
        let luma = textured(64, 48);
        assert!(warp_quad(&luma, 64, 48, &[Point::new(5.0, 5.0); 4], 10, 10).is_none());
        assert!(warp_quad(&luma, 64, 48, &square(0.0, 0.0, 10.0), 10, 0).is_none());
        assert!(warp_quad(&luma[..100], 64, 48, &square(0.0, 0.0, 10.0), 10, 10).is_none());
    }
}
