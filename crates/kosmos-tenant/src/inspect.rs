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

/// The radius of the background flattening of the MRZ's last read, per pixel of the picture's
/// width: the camera's checks flatten the band straightened to 760 px across the page at
/// radius 6 (`frame_vision::mrz::MRZ_FLATTEN_RADIUS`), and the picture sent is the page with a
/// small margin.
pub const MRZ_FLATTEN_RADIUS_PER_PX: f32 = 6.0 / 760.0;
/// The flattened read is tried on pictures of at most this many pixels: the widget sends a
/// passport page of about 1 187 × 835; the filter's cost grows with the pixels times the
/// radius, which a caller sending a 16 MP picture would otherwise set.
pub const MRZ_FLATTEN_MAX_PIXELS: usize = 2_000_000;

/// Reads the MRZ printed on a base64 JPEG of a passport page; `this_year` places two-digit
/// years. The bottom [`MRZ_SEARCH_BOTTOM`] of the picture is searched first, then the whole,
/// then the bottom with its background flattened ([`mrz_ocr::flatten_background`]): a portrait
/// printed under the MRZ's first characters, which the camera's checks read through the same
/// way (pictures up to [`MRZ_FLATTEN_MAX_PIXELS`]). The check digits decide every read.
pub fn read_mrz(b64_jpeg: &str, this_year: u16) -> Passport {
    let Some((luma, w, h)) = luma_of_jpeg(b64_jpeg) else {
        return Passport::Unreadable;
    };
    let (w, h) = (w as usize, h as usize);
    let top = ((1.0 - MRZ_SEARCH_BOTTOM) * h as f32) as usize;
    let bottom = &luma[top * w..];
    let reading = mrz_ocr::read(bottom, w, h - top)
        .filter(|r| r.valid)
        .or_else(|| mrz_ocr::read(&luma, w, h).filter(|r| r.valid))
        .or_else(|| {
            if w * h > MRZ_FLATTEN_MAX_PIXELS {
                return None;
            }
            let r = (MRZ_FLATTEN_RADIUS_PER_PX * w as f32).round().max(1.0) as usize;
            let flat = mrz_ocr::flatten_background(bottom, w, h - top, r);
            mrz_ocr::read(&flat, w, h - top).filter(|r| r.valid)
        });
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

    /// The demo passport page with a portrait printed under the first characters of both MRZ
    /// lines: every pixel of a disc there no lighter than `portrait` (the ink stays as dark).
    fn page_over_portrait(portrait: u8) -> String {
        let (mut img, _) = fixtures::passport_page(&fixtures::demo_passport());
        let (x, y, w, h) = fixtures::passport::DEMO_PAGE;
        let (cx, cy, r) = (
            x as f32 + 0.14 * w as f32,
            (y + h) as f32 - 0.1 * h as f32,
            0.1 * w as f32,
        );
        for (px, py, p) in img.enumerate_pixels_mut() {
            if (px as f32 - cx).hypot(py as f32 - cy) < r {
                for c in p.0.iter_mut() {
                    *c = (*c).min(portrait);
                }
            }
        }
        B64.encode(fixtures::jpeg(&img))
    }

    #[test]
    fn an_mrz_printed_over_a_portrait_is_read_through_it() {
        let plain = |b64: &str| {
            let (luma, w, h) = luma_of_jpeg(b64).expect("a JPEG");
            mrz_ocr::read(&luma, w as usize, h as usize).filter(|r| r.valid)
        };
        let clean = page_over_portrait(255);
        assert!(plain(&clean).is_some(), "the demo page reads plainly");
        let dark = page_over_portrait(70);
        assert!(plain(&dark).is_none(), "the portrait breaks the plain read");
        match read_mrz(&dark, 2026) {
            Passport::Read(td3) => assert_eq!(td3, fixtures::demo_passport()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn garbage_is_neither_a_barcode_nor_an_mrz() {
        assert_eq!(read_barcode("aGVsbG8="), Barcode::Unreadable);
        assert_eq!(read_mrz("aGVsbG8=", 2026), Passport::Unreadable);
    }
}
