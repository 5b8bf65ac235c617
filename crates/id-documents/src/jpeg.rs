//! The JPEG container bits identity documents need, with no image decoding: recognising a JPEG,
//! and the `COM` segments that carry a passport's MRZ as text in our fixtures.

/// JPEG files start with SOI followed by a marker.
pub fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.len() > 3 && bytes[..3] == [0xFF, 0xD8, 0xFF]
}

/// The `COM` segments of a JPEG, as text, in order (empty for anything else).
pub fn comments(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    if bytes.get(0..2) != Some(&[0xFF, 0xD8]) {
        return out;
    }
    let mut i = 2;
    while i + 4 <= bytes.len() && bytes[i] == 0xFF {
        let marker = bytes[i + 1];
        if marker == 0xDA || marker == 0xD9 {
            break; // start of scan: no more metadata
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if len < 2 {
            break;
        }
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

/// `jpeg` with `text` in a `COM` segment right after SOI. Text longer than a segment holds
/// (65,533 bytes) is cut.
pub fn with_comment(jpeg: &[u8], text: &str) -> Vec<u8> {
    let text = &text.as_bytes()[..text.len().min(usize::from(u16::MAX) - 2)];
    let len = (text.len() + 2) as u16;
    let mut out = Vec::with_capacity(jpeg.len() + text.len() + 4);
    out.extend_from_slice(&jpeg[..2.min(jpeg.len())]);
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(text);
    out.extend_from_slice(jpeg.get(2..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_read_back_and_garbage_is_not_a_jpeg() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9];
        assert!(is_jpeg(&jpeg));
        assert!(!is_jpeg(b"\x89PNG\r\n"));
        assert!(!is_jpeg(&[0xFF, 0xD8]));
        let tagged = with_comment(&jpeg, "P<UTO\nL898");
        assert_eq!(comments(&tagged), vec!["P<UTO\nL898".to_owned()]);
        assert!(comments(b"not a jpeg").is_empty());
        // A zero-length segment does not loop forever.
        assert!(comments(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00, 0xFF, 0xFE]).is_empty());
    }
}
