//! Whether a passport page shows its machine-readable zone: two long dark text lines across
//! the bottom of the straightened page, sharp enough to read ([`mrz_band`]); and whether they
//! read, every check digit holding ([`read_mrz`], the `mrz-ocr` crate's OCR-B reader on the
//! page's bottom straightened from the camera frame).

use serde::Serialize;

use crate::geometry::{self, Homography, Point, Quad};

/// The MRZ is looked for in this bottom fraction of the page (ICAO 9303 TD3: the two lines sit
/// in the bottom 23 mm of an 88 mm page).
pub const MRZ_BAND: f32 = 0.3;

/// A text row has at least this fraction of dark pixels (OCR-B capitals cover 25–45 % of a
/// row through them; the fixture draws the lines as solid bars, ~95 %).
pub const MIN_ROW_INK: f32 = 0.2;

/// The dark pixels of a text row span at least this fraction of the page width (MRZ lines run
/// nearly edge to edge; field text and photos do not).
pub const MIN_ROW_SPAN: f32 = 0.7;

/// Variance of the Laplacian in the MRZ band below which it is too soft to read, at the
/// straightened page width [`crate::QUALITY_CROP_WIDTH`]. The sharp passport fixture measures
/// 5 600, the blurred one (Gaussian σ 4) 72–79.
pub const MIN_MRZ_SHARPNESS: f32 = 120.0;

/// What was seen of the MRZ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MrzBand {
    /// Text lines found in the band (an MRZ has two).
    pub lines: usize,
    /// Variance of the Laplacian over the lines.
    pub sharpness: f32,
    /// Whether the two lines read with valid check digits (`None`: not tried, the frame could
    /// not be taken for another reason).
    pub read: Option<bool>,
}

impl MrzBand {
    /// Two lines (three at most, for a line broken by glare or a fold), sharp enough. A page
    /// of printed text shows ten or more lines in the same band: not an MRZ.
    pub fn present(&self) -> bool {
        (2..=3).contains(&self.lines) && self.sharpness >= MIN_MRZ_SHARPNESS
    }
}

/// Looks at the bottom of a straightened `width`×`height` page.
pub fn mrz_band(page: &[u8], width: usize, height: usize) -> MrzBand {
    let none = MrzBand {
        lines: 0,
        sharpness: 0.0,
        read: None,
    };
    if width < 8 || height < 8 || page.len() < width * height {
        return none;
    }
    let top = ((1.0 - MRZ_BAND) * height as f32) as usize;
    let band = &page[top * width..height * width];
    let mean = band.iter().map(|&v| u32::from(v)).sum::<u32>() / band.len() as u32;
    let dark = (mean as u8).saturating_sub(30);
    let is_text_row = |row: &[u8]| {
        let ink = row.iter().filter(|&&v| v < dark).count();
        let first = row.iter().position(|&v| v < dark);
        let last = row.iter().rposition(|&v| v < dark);
        let span = match (first, last) {
            (Some(a), Some(b)) => b + 1 - a,
            _ => 0,
        };
        ink as f32 >= MIN_ROW_INK * width as f32 && span as f32 >= MIN_ROW_SPAN * width as f32
    };
    // A line's rows may dip below the ink share between the bars of its letters: gaps of up
    // to 3 rows (at 480 px wide an MRZ line is ~15 rows, the gap between lines ~15) do not
    // end a line.
    let (mut lines, mut gap, mut first_row, mut last_row) = (0, usize::MAX, None, 0);
    for (y, row) in band.chunks_exact(width).enumerate() {
        if is_text_row(row) {
            if gap > 3 {
                lines += 1;
            }
            gap = 0;
            first_row.get_or_insert(y);
            last_row = y;
        } else {
            gap = gap.saturating_add(1);
        }
    }
    let Some(first_row) = first_row else {
        return none;
    };
    let (a, b) = (
        (top + first_row).saturating_sub(3),
        (top + last_row + 4).min(height),
    );
    let sharpness = frame_quality::measure(&page[a * width..b * width], width, b - a).sharpness;
    MrzBand {
        lines,
        sharpness,
        read: None,
    }
}

/// The bottom of the page the MRZ is read from, as a fraction of its height: the two lines sit
/// in the bottom 23 mm of the 88 mm page (0.26), with room for a detected outline a little off.
pub const READ_BAND: f32 = 0.34;
/// The page is straightened to this width to read its MRZ: its 44 characters then have a
/// pitch of ~15 px (89 % of the page's width over 44), what the 16-px templates expect. A
/// 720p frame with the page filling 60 % of it gives ~770 px, so this rarely enlarges.
pub const READ_WIDTH: usize = 760;

/// The band is straightened by the page's outline: the MRZ's skew is searched within this many
/// degrees (an outline a few pixels off at one corner tilts it by ~1°).
pub const READ_SKEW_DEG: f32 = 2.5;

/// Reads the MRZ of the passport page `corners` in a `width`×`height` luma frame: its bottom
/// [`READ_BAND`] straightened to [`READ_WIDTH`], then `mrz_ocr::read`: what the two lines say,
/// [`mrz_ocr::Reading::valid`] when every check digit holds. Costs a few milliseconds natively
/// (the README has the figures): run it only on a frame that could otherwise be taken.
pub fn read_mrz(
    luma: &[u8],
    width: usize,
    height: usize,
    corners: &Quad,
) -> Option<mrz_ocr::Reading> {
    let (px, band_h) = read_band(luma, width, height, corners)?;
    read_band_pixels(&px, band_h)
}

/// The bottom [`READ_BAND`] of the passport page `corners` straightened to [`READ_WIDTH`]
/// pixels wide, the picture [`read_mrz`] reads, and its height.
pub fn read_band(
    luma: &[u8],
    width: usize,
    height: usize,
    corners: &Quad,
) -> Option<(Vec<u8>, usize)> {
    let unit = [
        Point::new(0.0, 0.0),
        Point::new(1.0, 0.0),
        Point::new(1.0, 1.0),
        Point::new(0.0, 1.0),
    ];
    let page = Homography::from_points(&unit, corners)?;
    let top = 1.0 - READ_BAND;
    let band = [
        page.apply(Point::new(0.0, top)),
        page.apply(Point::new(1.0, top)),
        page.apply(Point::new(1.0, 1.0)),
        page.apply(Point::new(0.0, 1.0)),
    ];
    let horizontal = corners[0].distance(corners[1]) + corners[3].distance(corners[2]);
    let vertical = corners[0].distance(corners[3]) + corners[1].distance(corners[2]);
    let band_h = (READ_WIDTH as f32 * READ_BAND * vertical / horizontal.max(1.0)).round() as usize;
    let band_h = band_h.max(16);
    let px = geometry::warp_quad(luma, width, height, &band, READ_WIDTH, band_h)?;
    Some((px, band_h))
}

/// Reads the MRZ in a band [`read_band`] straightened ([`READ_WIDTH`] × `band_h`): as it is,
/// sharpened, then with its background flattened; the first valid reading, or the first one.
pub fn read_band_pixels(px: &[u8], band_h: usize) -> Option<mrz_ocr::Reading> {
    let first = mrz_ocr::read_within(px, READ_WIDTH, band_h, READ_SKEW_DEG);
    if first.as_ref().is_some_and(|r| r.valid) {
        return first;
    }
    // Focus blur softens the letters below the templates' match: a second read, sharpened.
    // Still fail-closed: only check digits that hold and clear wins make it valid.
    let sharp = unsharp(px, READ_WIDTH, band_h, MRZ_SHARPEN.0, MRZ_SHARPEN.1);
    let valid =
        |px: &[u8]| mrz_ocr::read_within(px, READ_WIDTH, band_h, READ_SKEW_DEG).filter(|r| r.valid);
    if let Some(r) = valid(&sharp) {
        return Some(r);
    }
    // A portrait printed under the first characters (or a shadow's edge) breaks the local
    // binarisation and the templates' match there: read again with the background flattened
    // ([`flatten_background`]), sharpened and as it is. Still fail-closed.
    let flat = flatten_background(px, READ_WIDTH, band_h, MRZ_FLATTEN_RADIUS);
    let flat_sharp = unsharp(&flat, READ_WIDTH, band_h, MRZ_SHARPEN.0, MRZ_SHARPEN.1);
    valid(&flat_sharp).or_else(|| valid(&flat)).or(first)
}

/// The radius of [`flatten_background`] for the MRZ band's third and fourth reads, pixels of
/// the band straightened to [`READ_WIDTH`] (strokes ~3 px, characters ~15 px wide). Tuning
/// split, the 11 passports among seeds 1–360 missed as `mrz_unreadable` or `mrz_missing` on
/// main 9d93278, first 4 frames each (`tune-diag mrzband`, 44 frames): read at none before;
/// flattened at r 3 / 4 / 6 they read 5 / 3 / 3 frames as they are and 7 / 8 / 14 sharpened
/// as [`MRZ_SHARPEN`]; either at r 6: 14 frames (seeds 68, 205, 249, 273, 275, 307; none of
/// 294, 314, 319, 346, 353). The background subtracted instead of divided out: 14 too. On
/// drawn pages (the tests') both can read a letter half over a dark portrait's edge as
/// another and still hold every check (nationality U as J, which no check digit covers):
/// subtracting over a portrait of luma 60, dividing over one of 40. Stretching the span
/// between the darkest value near and the background to 0–255 read none of them.
pub const MRZ_FLATTEN_RADIUS: usize = 6;

/// The band's background flattened for the third and fourth reads (in `mrz-ocr`, which the
/// local tenant's reader shares).
pub use mrz_ocr::flatten_background;

/// The MRZ band's second read is sharpened by an unsharp mask of this Gaussian σ (pixels of the
/// band straightened to [`READ_WIDTH`], where a character is ~15 px wide) and amount. The
/// generator's focus blur up to 0.8 px is drawn as three box blurs (σ ≈ 1.4 px), and the
/// letters then match their templates at 0.30–0.49, under `mrz_ocr::MIN_SCORE` (0.5), though
/// most read right. Tuning split (the 32 passports that should be taken among seeds 1–400,
/// first frame, `tune-diag mrzband`): 4 read as they are; sharpened, σ 1.0 / 1.2 / 1.6 at
/// amount 3 read 12 / 12 / 15, σ 1.2 at amount 2 / 4 read 12 / 14, σ 2.0 at amount 3 / 4
/// read 18 / 18, σ 1.6 at amount 6 reads 20 but one of them with a wrong surname letter
/// (MOLLER for MULLER, the check digits do not cover names); σ 2.0 at amount 4 read none
/// wrong. Flattening everything lighter than a level between ink and paper (the guilloche
/// under the MRZ) instead read 7.
pub const MRZ_SHARPEN: (f32, f32) = (2.0, 4.0);

/// `px` (`w`×`h`) sharpened by an unsharp mask: each pixel pushed `amount` times its
/// difference from a Gaussian blur of `sigma` (separable, edges repeated).
pub fn unsharp(px: &[u8], w: usize, h: usize, sigma: f32, amount: f32) -> Vec<u8> {
    if px.len() < w * h || w == 0 || h == 0 || sigma <= 0.0 {
        return px.to_vec();
    }
    let r = (3.0 * sigma).ceil() as usize;
    let kernel: Vec<f32> = (0..=2 * r)
        .map(|i| {
            let d = i as f32 - r as f32;
            (-d * d / (2.0 * sigma * sigma)).exp()
        })
        .collect();
    let total: f32 = kernel.iter().sum();
    let kernel: Vec<f32> = kernel.iter().map(|k| k / total).collect();
    let mut rows = vec![0f32; w * h];
    for y in 0..h {
        for x in 0..w {
            rows[y * w + x] = kernel
                .iter()
                .enumerate()
                .map(|(i, k)| k * f32::from(px[y * w + (x + i).saturating_sub(r).min(w - 1)]))
                .sum();
        }
    }
    let mut out = vec![0u8; w * h];
    for y in 0..h {
        for x in 0..w {
            let blurred: f32 = kernel
                .iter()
                .enumerate()
                .map(|(i, k)| k * rows[(y + i).saturating_sub(r).min(h - 1) * w + x])
                .sum();
            let v = f32::from(px[y * w + x]);
            out[y * w + x] = (v + amount * (v - blurred)).round().clamp(0.0, 255.0) as u8;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lines: &[usize]) -> Vec<u8> {
        let (w, h) = (200, 140);
        let mut p = vec![220u8; w * h];
        for &y in lines {
            for yy in y..y + 6 {
                for x in 10..190 {
                    // Glyph-like: dark columns with gaps.
                    if x % 4 != 0 {
                        p[yy * w + x] = 30;
                    }
                }
            }
        }
        p
    }

    #[test]
    fn unsharp_steepens_a_soft_edge_and_leaves_flat_ground() {
        let (w, h) = (40, 10);
        // A ramp from 200 to 40 over x = 15..25.
        let px: Vec<u8> = (0..w * h)
            .map(|i| {
                let x = (i % w) as f32;
                (200.0 - 16.0 * (x - 15.0).clamp(0.0, 10.0)) as u8
            })
            .collect();
        let out = unsharp(&px, w, h, 1.2, 3.0);
        assert_eq!(out[5 * w + 2], 200);
        assert_eq!(out[5 * w + 37], 40);
        // Over- and undershoot at the ramp's ends: the edge is steeper.
        assert!(
            out[5 * w + 15] > 200 && out[5 * w + 25] < 40,
            "{:?}",
            &out[5 * w..6 * w]
        );
        assert_eq!(unsharp(&px, w, h, 1.2, 0.0), px);
    }

    /// A 1280×720 luma frame with a passport page `pw` px wide whose MRZ is printed over the
    /// bottom of a portrait of luma `portrait` (as the scenes' pages print it, the portrait's
    /// disc reaching under the first dozen characters of both lines), with ±`noise` of sensor
    /// noise, softened by `blurs` 3×3 box blurs; and the page's corners.
    fn page_over_portrait(portrait: u8, pw: f32, blurs: usize, noise: u32) -> (Vec<u8>, Quad) {
        use fixtures::passport::{MRZ_BASELINES_MM, MRZ_PITCH_MM, PAGE_MM};
        let (fw, fh) = (1280usize, 720usize);
        let (x0, y0) = (240.0f32, 120.0f32);
        let mm = pw / PAGE_MM.0;
        let ph = PAGE_MM.1 * mm;
        let mut img = image::RgbImage::from_pixel(fw as u32, fh as u32, image::Rgb([60; 3]));
        let (cx, cy, r) = (x0 + 0.19 * pw, y0 + 0.72 * ph, 0.12 * pw);
        for y in 0..fh {
            for x in 0..fw {
                let (xf, yf) = (x as f32 + 0.5, y as f32 + 0.5);
                if xf < x0 || xf > x0 + pw || yf < y0 || yf > y0 + ph {
                    continue;
                }
                let inside = (xf - cx).hypot((yf - cy) * 0.7) < r;
                img.put_pixel(
                    x as u32,
                    y as u32,
                    image::Rgb([if inside { portrait } else { 200 }; 3]),
                );
            }
        }
        let (l1, l2) = id_documents::mrz::encode(&fixtures::demo_passport());
        let font = fixtures::ocrb::Ocrb::new(fixtures::ocrb::Cut::Regular);
        let left = x0 + (PAGE_MM.0 - 44.0 * MRZ_PITCH_MM) / 2.0 * mm;
        let base2 = y0 + ph - MRZ_BASELINES_MM.0 * mm;
        let base1 = base2 - MRZ_BASELINES_MM.1 * mm;
        let ink = image::Rgb([20; 3]);
        font.draw(&mut img, &l1, left, base1, MRZ_PITCH_MM * mm, ink);
        font.draw(&mut img, &l2, left, base2, MRZ_PITCH_MM * mm, ink);
        let mut seed = 7u32;
        let mut luma: Vec<u8> = img
            .pixels()
            .map(|p| {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let n = (seed >> 8) % (2 * noise + 1);
                (u32::from(p[0]) + n).saturating_sub(noise).min(255) as u8
            })
            .collect();
        for _ in 0..blurs {
            let src = luma.clone();
            for y in 1..fh - 1 {
                for x in 1..fw - 1 {
                    let sum: u32 = (0..9)
                        .map(|k| u32::from(src[(y + k / 3 - 1) * fw + x + k % 3 - 1]))
                        .sum();
                    luma[y * fw + x] = (sum / 9) as u8;
                }
            }
        }
        let corners = [
            Point::new(x0, y0),
            Point::new(x0 + pw, y0),
            Point::new(x0 + pw, y0 + ph),
            Point::new(x0, y0 + ph),
        ];
        (luma, corners)
    }

    #[test]
    fn an_mrz_printed_over_the_portrait_reads_with_its_background_flattened() {
        let (luma, corners) = page_over_portrait(60, 800.0, 2, 4);
        let (band, bh) = read_band(&luma, 1280, 720, &corners).expect("band");
        // Neither as it is nor sharpened (the two reads before the flattening) ...
        let plain = mrz_ocr::read_within(&band, READ_WIDTH, bh, READ_SKEW_DEG).expect("lines");
        let sharp = unsharp(&band, READ_WIDTH, bh, MRZ_SHARPEN.0, MRZ_SHARPEN.1);
        let sharp = mrz_ocr::read_within(&sharp, READ_WIDTH, bh, READ_SKEW_DEG).expect("lines");
        assert!(!plain.valid && !sharp.valid, "{plain:?} {sharp:?}");
        // ... but flattened: every check digit holding and the text right.
        let r = read_mrz(&luma, 1280, 720, &corners).expect("a reading");
        let (l1, l2) = id_documents::mrz::encode(&fixtures::demo_passport());
        assert!(r.valid, "{r:?}");
        assert_eq!(r.lines, [l1, l2]);
    }

    #[test]
    fn two_lines_at_the_bottom_are_an_mrz() {
        let m = mrz_band(&page(&[110, 124]), 200, 140);
        assert_eq!(m.lines, 2);
        assert!(m.present(), "{m:?}");
    }

    #[test]
    fn lines_higher_up_or_a_blank_page_are_not() {
        assert!(!mrz_band(&page(&[20, 40]), 200, 140).present());
        assert!(!mrz_band(&page(&[]), 200, 140).present());
        assert_eq!(mrz_band(&page(&[124]), 200, 140).lines, 1);
    }
}
