//! Whether the PDF417 barcode on a card back can be read: the card is straightened at its own
//! resolution (rxing's PDF417 detector tolerates only about ±2° of skew, and needs at least
//! 2 pixels a module) and handed to rxing. Only the verdict is kept.

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
    decode_pdf417(&crop, cw, ch).is_some()
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

    #[test]
    fn nothing_to_decode_in_a_flat_image() {
        assert_eq!(decode_pdf417(&[200; 100 * 60], 100, 60), None);
        assert_eq!(decode_pdf417(&[], 0, 0), None);
    }
}
