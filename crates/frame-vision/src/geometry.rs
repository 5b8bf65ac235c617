//! Points, quadrilaterals and the perspective warp that straightens a document.

use serde::Serialize;

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

/// True when `p` lies inside the convex quadrilateral `q` (either winding).
pub fn inside_convex(q: &Quad, p: Point) -> bool {
    let mut sign = 0.0f32;
    for i in 0..4 {
        let (a, b) = (q[i], q[(i + 1) % 4]);
        let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        if cross != 0.0 {
            if sign != 0.0 && cross.signum() != sign {
                return false;
            }
            sign = cross.signum();
        }
    }
    true
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
}
