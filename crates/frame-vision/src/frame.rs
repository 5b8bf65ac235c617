//! A camera frame as the caller hands it over: RGBA (as `getImageData` gives it) or luma.

use crate::VisionError;

/// Pixels beyond a quad's bounding box that [`Frame::luma_around`] converts too: a bilinear
/// sample reads the pixel after the one it falls in, and a warp's stepped positions stray from
/// the exact ones by under 1/512 px ([`crate::geometry::warp_quad`]).
pub const REGION_MARGIN: f32 = 2.0;

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

    /// The frame's luma where a warp of `quad` reads it: an RGBA frame's pixels are converted
    /// only inside the quad's bounding box and a margin of [`REGION_MARGIN`] pixels (the rest
    /// of the frame-sized buffer is 0); a luma frame is borrowed whole. A warp of `quad` on it
    /// ([`crate::geometry::warp_quad`]) is the same as on [`Frame::to_luma`], for a fraction of
    /// the conversion when the quad is small (a face in a selfie).
    pub fn luma_around(&self, quad: &crate::Quad) -> std::borrow::Cow<'a, [u8]> {
        let rgba = match self.pixels {
            Pixels::Luma(l) => return std::borrow::Cow::Borrowed(l),
            Pixels::Rgba(rgba) => rgba,
        };
        let (w, h) = (self.width, self.height);
        let span = |values: [f32; 4], len: usize| {
            let lo = values.iter().copied().fold(f32::INFINITY, f32::min);
            let hi = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            if !(lo.is_finite() && hi.is_finite()) {
                return (0, len);
            }
            let start = (lo.floor() - REGION_MARGIN).clamp(0.0, (len - 1) as f32) as usize;
            let end = (hi.ceil() + REGION_MARGIN + 1.0).clamp((start + 1) as f32, len as f32);
            (start, end as usize)
        };
        let (x0, x1) = span(quad.map(|p| p.x), w);
        let (y0, y1) = span(quad.map(|p| p.y), h);
        let mut luma = vec![0u8; w * h];
        for y in y0..y1 {
            let row = &rgba[4 * (y * w + x0)..4 * (y * w + x1)];
            luma[y * w + x0..y * w + x1].copy_from_slice(&frame_quality::luma_from_rgba(row));
        }
        std::borrow::Cow::Owned(luma)
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
    fn a_warp_reads_the_same_from_the_luma_around_its_quad() {
        use crate::geometry::warp_quad;
        use crate::Point;
        let (w, h) = (320, 180);
        let rgba: Vec<u8> = (0..4 * w * h as u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let f = Frame::rgba(&rgba, w as usize, h as usize).expect("sized");
        let full = f.to_luma();
        let boxed = |x: f32, y: f32, s: f32| {
            [
                Point::new(x, y),
                Point::new(x + s, y),
                Point::new(x + s, y + s),
                Point::new(x, y + s),
            ]
        };
        let turned = [
            Point::new(100.3, 20.7),
            Point::new(210.9, 41.2),
            Point::new(190.4, 150.6),
            Point::new(80.1, 129.8),
        ];
        // Inside, across every edge, past the corner, a turned quad, a sliver.
        for quad in [
            boxed(100.5, 40.25, 60.0),
            boxed(-20.0, -15.5, 70.0),
            boxed(280.7, 150.2, 90.0),
            boxed(400.0, 300.0, 10.0),
            turned,
            boxed(10.0, 10.0, 0.4),
        ] {
            let around = f.luma_around(&quad);
            assert_ne!(around, full, "only the region is converted");
            for (ow, oh) in [(160, 160), (37, 91)] {
                assert_eq!(
                    warp_quad(&around, w as usize, h as usize, &quad, ow, oh),
                    warp_quad(&full, w as usize, h as usize, &quad, ow, oh),
                    "{quad:?} at {ow}×{oh}"
                );
            }
        }
        let luma = vec![7u8; 64 * 48];
        let lf = Frame::luma(&luma, 64, 48).expect("sized");
        assert_eq!(
            lf.luma_around(&boxed(1.0, 1.0, 5.0)),
            &luma[..],
            "luma is borrowed whole"
        );
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
