//! Whether the PDF417 barcode on a card back can be read: the card is straightened at its own
//! resolution (rxing's PDF417 detector tolerates only about ±2° of skew, and needs at least
//! 2 pixels a module) and handed to rxing; when that fails, once more with its bars restored
//! ([`restore_bars`]: averaged along the bars, sharpened across them). Only the verdict is
//! kept.

use rxing::BarcodeFormat;

use crate::document::Document;
use crate::geometry::warp_quad;

/// The straightened crop is never made larger than this many pixels on its long edge: enough
/// for 2 px a module on an AAMVA barcode filling a card's width, and a bound on the work.
pub const MAX_CROP_LONG_EDGE: usize = 1600;

/// True when a PDF417 barcode on `doc` decodes.
pub fn barcode_readable(luma: &[u8], width: usize, height: usize, doc: &Document) -> bool {
    let (horizontal, vertical) = doc.edge_lengths();
    let scale = (MAX_CROP_LONG_EDGE as f32 / horizontal.max(vertical)).min(1.0);
    let (cw, ch) = (
        (horizontal * scale).round() as usize,
        (vertical * scale).round() as usize,
    );
    let Some(crop) = warp_quad(luma, width, height, &doc.corners, cw, ch) else {
        return false;
    };
    read_card_crop(&crop, cw, ch).is_some()
}

/// Decodes the PDF417 on a straightened card (`width`×`height` luma): as it is, then with its
/// bars restored ([`restore_bars`]). Its text, or `None`.
pub fn read_card_crop(crop: &[u8], width: usize, height: usize) -> Option<String> {
    decode_pdf417(crop, width, height).or_else(|| {
        let restored = restore_bars(crop, width, height, BarRestore::CHOSEN);
        decode_pdf417(&restored, width, height)
    })
}

/// How a straightened card's barcode is restored before a second decode ([`restore_bars`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BarRestore {
    /// Half-length, in crop pixels, of the average taken along the bars (across the card's
    /// short edge, the way a PDF417's bars run): noise falls, the bars do not blur (a row of
    /// an AAMVA barcode is 3 modules, ~7 px at 2.3 px a module).
    pub along: usize,
    /// Gaussian σ, crop pixels, of the blur an unsharp mask subtracts across the bars.
    pub sigma: f32,
    /// Strength of that unsharp mask: out = in + amount × (in − blurred).
    pub amount: f32,
}

impl BarRestore {
    /// Chosen on the tuning split (`cargo run --release -p frame-vision --example tune-diag
    /// barcode 1 1000 1.2 4 3`: the tuning backs that should be taken among seeds 1–1000, 6
    /// frames each, straightened from the corners the checks found): rxing reads 85 of 252
    /// frames as they are and 179 restored this way (σ 1.0: 177; σ 0.8, amount 5: 174; σ 1.0,
    /// amount 5, ±4 rows: 176; none read plain and lost restored). The scenes' focus blur, sensor noise and JPEG leave a 1-module space
    /// at 2.3–2.7 px with a fraction of its contrast, which rxing's binariser loses.
    pub const CHOSEN: BarRestore = BarRestore {
        along: 3,
        sigma: 1.2,
        amount: 4.0,
    };
}

/// A straightened card's barcode restored for a second decode: each pixel averaged with its
/// `along` neighbours either side along the bars (the crop's short axis), then sharpened across
/// them by an unsharp mask (a Gaussian of `sigma` along the crop's long axis).
pub fn restore_bars(crop: &[u8], width: usize, height: usize, how: BarRestore) -> Vec<u8> {
    if crop.len() < width * height || width == 0 || height == 0 {
        return crop.to_vec();
    }
    // Work on rows running across the bars: the crop's long axis.
    let transpose = height > width;
    let (w, h) = if transpose {
        (height, width)
    } else {
        (width, height)
    };
    let at = |x: usize, y: usize| {
        if transpose {
            crop[x * width + y]
        } else {
            crop[y * width + x]
        }
    };
    // Average along the bars (columns of the working image), with a running sum.
    let r = how.along;
    let mut smooth = vec![0f32; w * h];
    for x in 0..w {
        let mut sum: u32 = (0..=r.min(h - 1)).map(|y| u32::from(at(x, y))).sum();
        let mut n = r.min(h - 1) + 1;
        for y in 0..h {
            smooth[y * w + x] = sum as f32 / n as f32;
            if y + r + 1 < h {
                sum += u32::from(at(x, y + r + 1));
                n += 1;
            }
            if y >= r {
                sum -= u32::from(at(x, y - r));
                n -= 1;
            }
        }
    }
    // Unsharp mask across the bars.
    let k_r = (3.0 * how.sigma).ceil().max(1.0) as usize;
    let kernel: Vec<f32> = (0..=2 * k_r)
        .map(|i| {
            let d = i as f32 - k_r as f32;
            (-d * d / (2.0 * how.sigma * how.sigma)).exp()
        })
        .collect();
    let total: f32 = kernel.iter().sum();
    let mut out = vec![0u8; w * h];
    for (row, out_row) in smooth.chunks_exact(w).zip(out.chunks_exact_mut(w)) {
        for (x, o) in out_row.iter_mut().enumerate() {
            let mut blurred = 0f32;
            for (i, k) in kernel.iter().enumerate() {
                let xx = (x + i).saturating_sub(k_r).min(w - 1);
                blurred += k * row[xx];
            }
            let v = row[x];
            *o = (v + how.amount * (v - blurred / total))
                .round()
                .clamp(0.0, 255.0) as u8;
        }
    }
    if !transpose {
        return out;
    }
    let mut back = vec![0u8; width * height];
    for y in 0..h {
        for x in 0..w {
            back[x * width + y] = out[y * w + x];
        }
    }
    back
}

/// Decodes a PDF417 barcode in a `width`×`height` luma image; its text, or `None`.
pub fn decode_pdf417(luma: &[u8], width: usize, height: usize) -> Option<String> {
    let (w, h) = (u32::try_from(width).ok()?, u32::try_from(height).ok()?);
    rxing::helpers::detect_in_luma_slice(luma, w, h, Some(BarcodeFormat::PDF_417))
        .ok()
        .map(|r| r.getText().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoder tries ambiguous codewords' values in the order this vote gives them; the
    /// patched rxing (vendor/rxing/PATCHED.md) gives them sorted, so a picture decodes the same
    /// in every process. Unpatched, twenty ties come back in the `HashMap`'s seeded order.
    #[test]
    fn pdf417_ties_are_ordered() {
        for start in [0u32, 500, 929] {
            let mut vote = rxing::pdf417::decoder::BarcodeValue::new();
            // Twenty values, each seen twice, added in a scrambled order; one seen once.
            for round in 0..2 {
                for i in 0..20u32 {
                    vote.setValue(start + (i * 7 + round) % 20);
                }
            }
            vote.setValue(start + 100);
            let expected: Vec<u32> = (start..start + 20).collect();
            assert_eq!(vote.getValue(), expected);
        }
    }

    #[test]
    fn restoring_keeps_a_flat_image_flat_and_sharpens_across_the_bars() {
        assert_eq!(
            restore_bars(&[120; 40 * 20], 40, 20, BarRestore::CHOSEN),
            vec![120; 40 * 20]
        );
        // Soft bars 3 px wide, 3 px apart, across a landscape crop: their contrast grows, and
        // the same crop turned a quarter restores the same way.
        let (w, h) = (60, 20);
        let soft = |x: usize| if x % 6 < 3 { 110u8 } else { 150 };
        let bars: Vec<u8> = (0..w * h).map(|i| soft(i % w)).collect();
        let out = restore_bars(&bars, w, h, BarRestore::CHOSEN);
        let (lo, hi) = (out[10 * w + 31], out[10 * w + 34]);
        assert!(lo < 100 && hi > 160, "{lo} {hi}");
        let turned: Vec<u8> = (0..w * h).map(|i| soft(i / h)).collect();
        let out_t = restore_bars(&turned, h, w, BarRestore::CHOSEN);
        assert_eq!(out_t[31 * h + 10], lo);
        assert_eq!(out_t[34 * h + 10], hi);
    }

    #[test]
    fn nothing_to_decode_in_a_flat_image() {
        assert_eq!(decode_pdf417(&[200; 100 * 60], 100, 60), None);
        assert_eq!(decode_pdf417(&[], 0, 0), None);
    }
}
