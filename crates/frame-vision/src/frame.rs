//! A camera frame as the caller hands it over: RGBA (as `getImageData` gives it) or luma.

use crate::VisionError;

/// The pixels of a frame, borrowed from the caller.
#[derive(Debug, Clone, Copy)]
pub enum Pixels<'a> {
    /// 4 bytes a pixel, R G B A.
    Rgba(&'a [u8]),
    /// 1 byte a pixel.
    Luma(&'a [u8]),
}

/// A `width`×`height` frame whose buffer has been checked against its size.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    pixels: Pixels<'a>,
    width: usize,
    height: usize,
}

impl<'a> Frame<'a> {
    /// An RGBA frame; the buffer must hold exactly `width * height * 4` bytes.
    pub fn rgba(data: &'a [u8], width: usize, height: usize) -> Result<Self, VisionError> {
        Self::checked(Pixels::Rgba(data), data.len(), 4, width, height)
    }

    /// A luma (greyscale) frame; the buffer must hold exactly `width * height` bytes.
    pub fn luma(data: &'a [u8], width: usize, height: usize) -> Result<Self, VisionError> {
        Self::checked(Pixels::Luma(data), data.len(), 1, width, height)
    }

    fn checked(
        pixels: Pixels<'a>,
        len: usize,
        bytes_per_pixel: usize,
        width: usize,
        height: usize,
    ) -> Result<Self, VisionError> {
        let expected = width
            .checked_mul(height)
            .and_then(|n| n.checked_mul(bytes_per_pixel));
        if width < crate::MIN_FRAME_EDGE || height < crate::MIN_FRAME_EDGE || expected != Some(len)
        {
            return Err(VisionError::BadFrame { width, height, len });
        }
        Ok(Self {
            pixels,
            width,
            height,
        })
    }

    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> usize {
        self.height
    }

    /// The buffer, as handed over.
    pub fn pixels(&self) -> Pixels<'a> {
        self.pixels
    }

    /// The frame's luma: borrowed when it already is luma, else converted (BT.601).
    pub fn to_luma(&self) -> std::borrow::Cow<'a, [u8]> {
        match self.pixels {
            Pixels::Luma(l) => std::borrow::Cow::Borrowed(l),
            Pixels::Rgba(rgba) => std::borrow::Cow::Owned(frame_quality::luma_from_rgba(rgba)),
        }
    }

    /// R, G, B of the pixel at (`x`, `y`), which must be inside the frame (panics otherwise).
    pub fn rgb(&self, x: usize, y: usize) -> [u8; 3] {
        let i = y * self.width + x;
        match self.pixels {
            Pixels::Rgba(d) => [d[4 * i], d[4 * i + 1], d[4 * i + 2]],
            Pixels::Luma(d) => [d[i]; 3],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_must_match_the_size() {
        assert!(Frame::rgba(&[0; 64 * 48 * 4], 64, 48).is_ok());
        assert!(Frame::rgba(&[0; 64 * 48 * 4 - 1], 64, 48).is_err());
        assert!(Frame::luma(&[0; 64 * 48], 64, 48).is_ok());
        assert!(Frame::luma(&[0; 4], 2, 2).is_err(), "too small to judge");
        assert!(Frame::luma(&[], usize::MAX, 2).is_err());
    }

    #[test]
    fn rgba_reads_as_luma_and_rgb() {
        let mut d = vec![0u8; 32 * 32 * 4];
        d[..4].copy_from_slice(&[255, 255, 255, 255]);
        let f = Frame::rgba(&d, 32, 32).expect("sized");
        assert_eq!(f.to_luma()[0], 255);
        assert_eq!(f.rgb(0, 0), [255, 255, 255]);
        assert_eq!(f.rgb(1, 0), [0, 0, 0]);
    }
}
