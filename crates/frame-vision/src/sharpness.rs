//! Whether a document's print is in focus, measured on the frame's own pixels inside its
//! outline ([`document_sharpness`]), as the steepness of its edges against their height
//! ([`frame_quality::edge_sharpness`]): a dim, pale or low-contrast card is not "blurry".

use crate::geometry::{Point, Quad};

/// The outline is shrunk by this fraction towards its centre before its pixels are measured:
/// the card's own edge against the desk, and a detected outline a few pixels off, stay out.
pub const SHRINK: f32 = 0.1;

/// Steps of at least this many luma levels are the edges measured: above what sensor noise
/// (σ ≤ 4 levels in good light, 0.375 of it after the measure's smoothing) and JPEG blocks make
/// of a flat ground. Tuning split, seeds 1–360, first frames (`sharp-diag 1 360`): at 40 the
/// 96 genuine documents measure 0.43–0.75 and the 12 focus-blurred ones in good light
/// 0.29–0.36 (at 24: 0.43–0.75 and 0.30–0.37; at 64: 0.43–0.75 and 0.28–0.36), each with
/// 2 000 edges or more. A card whose print is paler than that (thin strokes 60 levels under
/// their ground, blurred to ~35 by the lens) is measured at the second level instead.
pub const MIN_EDGE_CONTRAST: [u8; 2] = [40, 24];

/// The median edge is the one judged: sharp print, soft guilloche and the edges of a photo
/// alike; blur lowers them all.
pub const EDGE_QUANTILE: f32 = 0.5;

/// Fewer edges than this inside the outline is a card with no print to judge: not sharp.
pub const MIN_EDGES: u32 = 50;

/// How sharp the print of the document `corners` in a `width`×`height` luma frame is, 0–1
/// ([`frame_quality::edge_sharpness`] over the outline shrunk by [`SHRINK`], every other
/// row), in the frame's own pixels: the scenes' truth calls a document blurred by the blur in
/// the frame, whatever its size there, and a card straightened to a fixed width would see a
/// small sharp card's edges widened and a large blurred one's narrowed.
pub fn document_sharpness(luma: &[u8], width: usize, height: usize, corners: &Quad) -> f32 {
    let spans = quad_spans(corners, width, height, SHRINK, 2);
    MIN_EDGE_CONTRAST
        .iter()
        .map(|&contrast| {
            frame_quality::edge_sharpness(
                luma,
                width,
                height,
                &spans,
                contrast,
                EDGE_QUANTILE,
                MIN_EDGES,
            )
        })
        .find(|&s| s > 0.0)
        .unwrap_or(0.0)
}

/// Rows of a `width`×`height` frame inside the convex quadrilateral `corners` shrunk by
/// `shrink` towards its centre, every `step`-th row: `(y, x0, x1)`, `x1` exclusive.
pub fn quad_spans(
    corners: &Quad,
    width: usize,
    height: usize,
    shrink: f32,
    step: usize,
) -> Vec<(usize, usize, usize)> {
    let c = Point::new(
        corners.iter().map(|p| p.x).sum::<f32>() / 4.0,
        corners.iter().map(|p| p.y).sum::<f32>() / 4.0,
    );
    let q: Vec<Point> = corners
        .iter()
        .map(|p| Point::new(p.x + (c.x - p.x) * shrink, p.y + (c.y - p.y) * shrink))
        .collect();
    let top = q.iter().map(|p| p.y).fold(f32::INFINITY, f32::min).max(0.0);
    let bottom = q
        .iter()
        .map(|p| p.y)
        .fold(f32::NEG_INFINITY, f32::max)
        .min(height as f32 - 1.0);
    // Also when a corner is not a number: nothing to measure.
    if top
        .partial_cmp(&bottom)
        .is_none_or(|o| o == std::cmp::Ordering::Greater)
    {
        return Vec::new();
    }
    let mut spans = Vec::new();
    let mut y = top.ceil() as usize;
    while (y as f32) <= bottom {
        let yf = y as f32 + 0.5;
        let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
        for i in 0..4 {
            let (a, b) = (q[i], q[(i + 1) % 4]);
            if (a.y <= yf) != (b.y <= yf) {
                let x = a.x + (yf - a.y) / (b.y - a.y) * (b.x - a.x);
                lo = lo.min(x);
                hi = hi.max(x);
            }
        }
        if lo < hi {
            let x0 = lo.max(0.0).ceil() as usize;
            let x1 = (hi.min(width as f32)).floor() as usize;
            if x0 < x1 {
                spans.push((y, x0, x1));
            }
        }
        y += step.max(1);
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quad(points: [(f32, f32); 4]) -> Quad {
        points.map(|(x, y)| Point::new(x, y))
    }

    #[test]
    fn spans_cover_the_shrunk_outline_inside_the_frame() {
        let rect = quad([(10.0, 10.0), (110.0, 10.0), (110.0, 60.0), (10.0, 60.0)]);
        let spans = quad_spans(&rect, 200, 100, 0.1, 1);
        // Shrunk by a tenth towards (60, 35): x 15–105, y 12.5–57.5.
        assert_eq!(spans.first(), Some(&(13, 15, 105)));
        // Row 57's centre (57.5) lies on the shrunk outline's bottom edge: not inside.
        assert_eq!(spans.last(), Some(&(56, 15, 105)));
        assert_eq!(spans.len(), 44);
        assert_eq!(quad_spans(&rect, 200, 100, 0.1, 2).len(), 22);
        // A diamond: its rows widen to the middle and narrow again.
        let diamond = quad([(50.0, 0.0), (100.0, 50.0), (50.0, 100.0), (0.0, 50.0)]);
        let d = quad_spans(&diamond, 200, 200, 0.0, 1);
        let width = |y: usize| d.iter().find(|s| s.0 == y).map(|s| s.2 - s.1);
        assert!(width(10) < width(30) && width(30) < width(49), "{d:?}");
        assert!(width(90) < width(70));
        // Clipped to the frame; nothing of a quad outside it.
        let off = quad([(-50.0, -20.0), (60.0, -20.0), (60.0, 40.0), (-50.0, 40.0)]);
        assert!(quad_spans(&off, 100, 30, 0.0, 1)
            .iter()
            .all(|&(y, x0, x1)| y < 30 && x0 < x1 && x1 <= 100));
        let gone = quad([
            (300.0, 300.0),
            (400.0, 300.0),
            (400.0, 350.0),
            (300.0, 350.0),
        ]);
        assert!(quad_spans(&gone, 100, 100, 0.1, 1).is_empty());
    }

    /// A pale card (print 60 levels under its ground) with fields of text-like strokes, on a
    /// dark desk, in a 320×200 frame; `blur` box blurs of radius `r` (three passes, as the
    /// scenes draw focus blur).
    fn pale_card(r: usize) -> (Vec<u8>, Quad) {
        let (w, h) = (320, 200);
        let corners = quad([(40.0, 30.0), (280.0, 30.0), (280.0, 180.0), (40.0, 180.0)]);
        let mut px: Vec<f32> = (0..w * h)
            .map(|i| {
                let (x, y) = (i % w, i / w);
                if !(40..280).contains(&x) || !(30..180).contains(&y) {
                    return 50.0;
                }
                let text = (y % 16 < 9) && (x % 7 < 2 || x % 11 == 0) && x % 60 < 48;
                if text {
                    140.0
                } else {
                    200.0
                }
            })
            .collect();
        fixtures::focus_blur_luma(&mut px, w, h, r);
        (px.iter().map(|v| v.round() as u8).collect(), corners)
    }

    #[test]
    fn a_pale_card_in_focus_is_sharp_and_blurred_it_is_not() {
        let (w, h) = (320, 200);
        let (focus, corners) = pale_card(1);
        let (blurred, _) = pale_card(2);
        let sharp = document_sharpness(&focus, w, h, &corners);
        let soft = document_sharpness(&blurred, w, h, &corners);
        assert!(sharp >= crate::MIN_DOCUMENT_SHARPNESS, "{sharp}");
        assert!(soft < crate::MIN_DOCUMENT_SHARPNESS, "{soft}");
        // The variance of the Laplacian of the in-focus card straightened (here: cut out) is
        // far under the 150 documents were judged on: it was called blurry.
        let crop: Vec<u8> = (30..180)
            .flat_map(|y| focus[y * w + 40..y * w + 280].to_vec())
            .collect();
        let lap = frame_quality::measure(&crop, 240, 150).sharpness;
        assert!(lap < 150.0, "{lap}");
    }
}
