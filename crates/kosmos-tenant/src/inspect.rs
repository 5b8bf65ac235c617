//! Reading the documents: the PDF417 barcode on the back of a card (decoded with rxing), and the
//! MRZ printed on a passport's data page (read from the pixels by `mrz-ocr`, OCR-B template
//! matching validated by the check digits).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use id_documents::aamva::{self, AamvaRecord};
use id_documents::mrz::{self, Td3};
use rxing::BarcodeFormat;

/// The largest image the tenant decodes, in bytes (base64-decoded) and in pixels: a phone
/// camera's 12 MP photo fits; a decompression bomb does not get decoded.
pub const MAX_IMAGE_BYTES: usize = 12 * 1024 * 1024;
/// … and in pixels (width × height).
pub const MAX_PIXELS: u64 = 16_000_000;

/// Decodes a base64 JPEG to 8-bit luma; `None` when it is not a JPEG or over the caps.
pub fn luma_of_jpeg(b64: &str) -> Option<(Vec<u8>, u32, u32)> {
    if b64.len() / 4 * 3 > MAX_IMAGE_BYTES {
        return None;
    }
    let bytes = B64.decode(b64).ok()?;
    let mut decoder = jpeg_decoder::Decoder::new(bytes.as_slice());
    decoder.read_info().ok()?;
    let header = decoder.info()?;
    if u64::from(header.width) * u64::from(header.height) > MAX_PIXELS {
        return None;
    }
    let pixels = decoder.decode().ok()?;
    let info = decoder.info()?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    let luma = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => pixels,
        jpeg_decoder::PixelFormat::RGB24 => frame_quality::luma_from_rgb(&pixels),
        _ => return None,
    };
    Some((luma, w, h))
}

/// The text of the PDF417 barcode in the picture, if one can be read.
pub fn pdf417_text(b64_jpeg: &str) -> Option<String> {
    let (luma, w, h) = luma_of_jpeg(b64_jpeg)?;
    rxing::helpers::detect_in_luma(luma, w, h, Some(BarcodeFormat::PDF_417))
        .ok()
        .map(|r| r.getText().to_owned())
}

/// What the back of a card says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Barcode {
    /// An AAMVA payload, parsed.
    Read(AamvaRecord),
    /// A barcode, but not an AAMVA payload (or a mandatory element is missing).
    NotAamva,
    /// No barcode could be found or decoded.
    Unreadable,
}

/// Reads the PDF417 barcode on a base64 JPEG of a card's back.
pub fn read_barcode(b64_jpeg: &str) -> Barcode {
    match pdf417_text(b64_jpeg) {
        None => Barcode::Unreadable,
        Some(text) => aamva::parse(&text).map_or(Barcode::NotAamva, Barcode::Read),
    }
}

/// What a passport data page says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Passport {
    /// A valid TD3 MRZ.
    Read(Td3),
    /// Two MRZ lines read with every check digit holding, but not a valid passport (a date that
    /// does not exist).
    Invalid,
    /// No MRZ could be read with its check digits holding (none there, too blurred, glare).
    Unreadable,
}

/// The bottom part of the picture searched first: the page's MRZ lies in its bottom quarter,
/// and a document picture is the page with a small margin (tilted up to 10° it still lies in
/// the bottom 60 %).
pub const MRZ_SEARCH_BOTTOM: f32 = 0.6;

/// Reads the MRZ printed on a base64 JPEG of a passport page; `this_year` places two-digit
/// years. The bottom [`MRZ_SEARCH_BOTTOM`] of the picture is searched first, then the whole.
pub fn read_mrz(b64_jpeg: &str, this_year: u16) -> Passport {
    let Some((luma, w, h)) = luma_of_jpeg(b64_jpeg) else {
        return Passport::Unreadable;
    };
    let (w, h) = (w as usize, h as usize);
    let top = ((1.0 - MRZ_SEARCH_BOTTOM) * h as f32) as usize;
    let reading = mrz_ocr::read(&luma[top * w..], w, h - top)
        .filter(|r| r.valid)
        .or_else(|| mrz_ocr::read(&luma, w, h).filter(|r| r.valid));
    match reading {
        None => Passport::Unreadable,
        Some(r) => mrz::parse(&r.lines[0], &r.lines[1], this_year)
            .map_or(Passport::Invalid, Passport::Read),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_over_the_pixel_cap_are_not_decoded() {
        // A valid JPEG header claiming 65535 × 65535 pixels, and nothing else.
        let mut bomb = vec![0xFF, 0xD8];
        bomb.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]);
        bomb.extend_from_slice(&[0x01, 0x11, 0x00, 0xFF, 0xD9]);
        assert!(luma_of_jpeg(&B64.encode(&bomb)).is_none());
        let huge = "A".repeat(MAX_IMAGE_BYTES / 3 * 4 + 8);
        assert!(luma_of_jpeg(&huge).is_none());
        let real = fixtures::jpeg(&fixtures::card_front(1));
        assert!(luma_of_jpeg(&B64.encode(real)).is_some());
    }

    #[test]
    fn garbage_is_neither_a_barcode_nor_an_mrz() {
        assert_eq!(read_barcode("aGVsbG8="), Barcode::Unreadable);
        assert_eq!(read_mrz("aGVsbG8=", 2026), Passport::Unreadable);
    }
}
