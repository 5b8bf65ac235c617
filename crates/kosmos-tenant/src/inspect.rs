//! Reading the documents: the PDF417 barcode on the back of a card (decoded with rxing), and a
//! passport MRZ when the JPEG carries it as text (a `COM` segment). The tenant cannot read text
//! printed in pixels (no OCR here); then it says so and the test controls decide.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use id_documents::aamva::{self, AamvaRecord};
use id_documents::mrz::{self, Td3};
use rxing::BarcodeFormat;

/// Decodes a base64 JPEG to 8-bit luma.
pub fn luma_of_jpeg(b64: &str) -> Option<(Vec<u8>, u32, u32)> {
    let bytes = B64.decode(b64).ok()?;
    let mut decoder = jpeg_decoder::Decoder::new(bytes.as_slice());
    let pixels = decoder.decode().ok()?;
    let info = decoder.info()?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    let luma = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => pixels,
        jpeg_decoder::PixelFormat::RGB24 => pixels
            .chunks_exact(3)
            .map(|p| {
                ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8) as u8
            })
            .collect(),
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
    Read(AamvaRecord),
    /// A barcode, but not an AAMVA payload (or a mandatory element is missing).
    NotAamva,
    /// No barcode could be found or decoded.
    Unreadable,
}

pub fn read_barcode(b64_jpeg: &str) -> Barcode {
    match pdf417_text(b64_jpeg) {
        None => Barcode::Unreadable,
        Some(text) => aamva::parse(&text).map_or(Barcode::NotAamva, Barcode::Read),
    }
}

/// The `COM` segments of a JPEG, as text.
pub fn jpeg_comments(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 2;
    if bytes.get(0..2) != Some(&[0xFF, 0xD8]) {
        return out;
    }
    while i + 4 <= bytes.len() && bytes[i] == 0xFF {
        let marker = bytes[i + 1];
        if marker == 0xDA || marker == 0xD9 {
            break; // start of scan: no more metadata
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        let Some(segment) = bytes.get(i + 4..i + 2 + len) else {
            break;
        };
        if marker == 0xFE {
            out.push(String::from_utf8_lossy(segment).into_owned());
        }
        i += 2 + len;
    }
    out
}

/// What a passport data page says, when its MRZ is readable as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Passport {
    Read(Td3),
    /// MRZ text present, but its check digits or shape are wrong.
    Invalid,
    /// No MRZ text: the tenant cannot read printed characters.
    NoText,
}

pub fn read_mrz(b64_jpeg: &str, this_year: u16) -> Passport {
    let Ok(bytes) = B64.decode(b64_jpeg) else {
        return Passport::NoText;
    };
    for comment in jpeg_comments(&bytes) {
        let lines: Vec<&str> = comment
            .lines()
            .map(str::trim)
            .filter(|l| l.len() == 44)
            .collect();
        if let [l1, l2] = lines[..] {
            return mrz::parse(l1, l2, this_year).map_or(Passport::Invalid, Passport::Read);
        }
    }
    Passport::NoText
}

/// Inserts a `COM` segment right after SOI (used by fixtures to carry an MRZ as text).
pub fn with_comment(jpeg: &[u8], text: &str) -> Vec<u8> {
    let len = (text.len() + 2) as u16;
    let mut out = Vec::with_capacity(jpeg.len() + text.len() + 4);
    out.extend_from_slice(&jpeg[..2.min(jpeg.len())]);
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(jpeg.get(2..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_read_back_and_garbage_is_not_a_jpeg() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9];
        let tagged = with_comment(&jpeg, "P<UTO\nL898");
        assert_eq!(jpeg_comments(&tagged), vec!["P<UTO\nL898".to_owned()]);
        assert!(jpeg_comments(b"not a jpeg").is_empty());
        assert_eq!(read_barcode("aGVsbG8="), Barcode::Unreadable);
        assert_eq!(read_mrz("aGVsbG8=", 2026), Passport::NoText);
    }
}
