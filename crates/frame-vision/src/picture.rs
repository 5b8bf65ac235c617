//! What leaves the analysis for the patient and the upload: the checks a frame passed (shown
//! on the review screen), its outline (drawn over the preview), the part of the frame sent
//! (documents cropped to the card with a margin) and the JPEG budget of a journey.

use idv_wire::vision::Check;

use crate::geometry::{Point, Quad};
use crate::{
    in_focus, over_exposed, shape_fits, Report, Side, Verdict, MAX_GLARE, MAX_TILT_DEG,
    MIN_BRIGHTNESS, MIN_DOCUMENT_FILL, MIN_PAPER,
};

/// Margin kept around the document's bounding box in the picture sent, as a fraction of the
/// box's long edge on each side: enough that a corner the detector placed a few pixels inside
/// the real edge is not cut off (detection is accurate to ~4 px at 720p, 0.5 % of a card).
pub const CROP_MARGIN: f32 = 0.06;
/// The long edge, in pixels, of the card in a document picture when the camera gives it: the
/// widget asks for a 2560×1440 stream, where a card filling the on-screen outline (~62 % of
/// the width) spans ~1600 px. The crop itself adds only [`CROP_MARGIN`]: growing it would send
/// more table, not more card.
pub const TARGET_CARD_LONG_EDGE: u32 = 1600;
/// The selfie is sent whole (liveness checks look at what surrounds the face), its long edge
/// at most this: a 720p frame, with the face at least [`crate::MIN_FACE_SIZE`] of its short
/// edge (130 px). 1Kosmos publishes no minimum; this is our choice.
pub const MAX_SELFIE_LONG_EDGE: u32 = 1280;
/// A whole journey (front, back, selfie) uploads at most 1.5 MB: each document picture at most
/// this many bytes …
pub const MAX_DOCUMENT_BYTES: usize = 550_000;
/// … and the selfie at most this.
pub const MAX_SELFIE_BYTES: usize = 350_000;
/// JPEG qualities tried in turn until the picture fits its budget. 0.85 keeps PDF417 modules
/// and MRZ characters crisp; the lowest still decodes the fixtures' barcodes.
pub const JPEG_QUALITIES: [f32; 4] = [0.85, 0.75, 0.65, 0.55];

/// A rectangle of whole pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// The byte budget of one picture of `side`.
pub fn byte_budget(side: Side) -> usize {
    if side == Side::Selfie {
        MAX_SELFIE_BYTES
    } else {
        MAX_DOCUMENT_BYTES
    }
}

/// The quality to try after a JPEG at `quality` came out at `bytes`: `None` when it fits the
/// side's budget, or when nothing lower is left to try (the last attempt is sent).
pub fn next_quality(side: Side, quality: f32, bytes: usize) -> Option<f32> {
    if bytes <= byte_budget(side) {
        return None;
    }
    JPEG_QUALITIES.into_iter().find(|&q| q < quality - 0.001)
}

/// The part of a `width`×`height` frame sent for a document whose corners are `corners`
/// (frame pixels): its bounding box with [`CROP_MARGIN`] on each side, kept inside the frame.
pub fn document_crop(corners: &Quad, width: u32, height: u32) -> Rect {
    let (fw, fh) = (width as f32, height as f32);
    let xs = corners.iter().map(|p| p.x);
    let ys = corners.iter().map(|p| p.y);
    let (x0, x1) = (
        xs.clone().fold(f32::MAX, f32::min),
        xs.fold(f32::MIN, f32::max),
    );
    let (y0, y1) = (
        ys.clone().fold(f32::MAX, f32::min),
        ys.fold(f32::MIN, f32::max),
    );
    let (bw, bh) = ((x1 - x0).max(1.0), (y1 - y0).max(1.0));
    let margin = CROP_MARGIN * bw.max(bh);
    let (w, h) = ((bw + 2.0 * margin).min(fw), (bh + 2.0 * margin).min(fh));
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let x = (cx - w / 2.0).clamp(0.0, fw - w);
    let y = (cy - h / 2.0).clamp(0.0, fh - h);
    let (x, y) = (x.floor() as u32, y.floor() as u32);
    Rect {
        x,
        y,
        width: (w.round() as u32).clamp(1, width - x),
        height: (h.round() as u32).clamp(1, height - y),
    }
}

/// The size a selfie frame of `width`×`height` is sent at.
pub fn selfie_size(width: u32, height: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= MAX_SELFIE_LONG_EDGE {
        return (width, height);
    }
    let scale = MAX_SELFIE_LONG_EDGE as f32 / long as f32;
    (
        ((width as f32 * scale).round() as u32).max(1),
        ((height as f32 * scale).round() as u32).max(1),
    )
}

impl Report {
    /// The document's corners, or the first face's box, in frame pixels.
    pub fn outline(&self) -> Option<Quad> {
        if let Some(doc) = &self.document {
            return Some(doc.corners);
        }
        let face = self.faces.as_ref()?.first()?;
        Some([
            Point::new(face.x, face.y),
            Point::new(face.x + face.width, face.y),
            Point::new(face.x + face.width, face.y + face.height),
            Point::new(face.x, face.y + face.height),
        ])
    }

    /// The outline with each corner divided by the frame's width and height.
    pub fn normalised_outline(&self) -> Option<[[f32; 2]; 4]> {
        let (w, h) = (self.width.max(1) as f32, self.height.max(1) as f32);
        self.outline()
            .map(|q| q.map(|p| [(p.x / w).clamp(0.0, 1.0), (p.y / h).clamp(0.0, 1.0)]))
    }

    /// Every check this frame passed, in the order the review screen lists them.
    pub fn checks(&self) -> Vec<Check> {
        let mut checks = Vec::new();
        if self.side == Side::Selfie {
            let face_verdicts = [
                Verdict::NoFace,
                Verdict::SeveralFaces,
                Verdict::FaceTooSmall,
                Verdict::FaceOffCentre,
                Verdict::NotLooking,
            ];
            let one_face = self.faces.as_ref().is_some_and(|f| f.len() == 1);
            if one_face && !face_verdicts.contains(&self.verdict) {
                checks.push(Check::FaceFound);
            }
        } else if let Some(doc) = &self.document {
            if !doc.cut_off
                && doc.fill >= MIN_DOCUMENT_FILL
                && doc.tilt_deg.abs() <= MAX_TILT_DEG
                && shape_fits(self.side, doc.true_aspect)
                && !doc.bezel
            {
                checks.push(Check::DocumentFound);
            }
        }
        let document_found = checks.contains(&Check::DocumentFound);
        if let Some(q) = &self.quality {
            let lit = if self.side == Side::Selfie {
                q.brightness >= MIN_BRIGHTNESS
            } else {
                q.paper >= MIN_PAPER
            };
            // Exposure, glare and sharpness were measured on what was found: they say nothing
            // of a document that was not (a page, half a card).
            let measured = self.side == Side::Selfie || document_found;
            let code_read = self.barcode_readable == Some(true);
            if measured && lit && !over_exposed(q, code_read) {
                checks.push(Check::WellLit);
            }
            // In a dim room a highlight cannot be told from the page: no tick for glare.
            if self.side != Side::Selfie && measured && lit && q.glare <= MAX_GLARE {
                checks.push(Check::NoGlare);
            }
            if measured && in_focus(q, self.side != Side::Selfie) {
                checks.push(Check::Sharp);
            }
        }
        if self.barcode_readable == Some(true) {
            checks.push(Check::BarcodeRead);
        }
        if self.mrz.as_ref().is_some_and(|m| m.present()) {
            checks.push(Check::MrzFound);
        }
        if self.mrz.as_ref().is_some_and(|m| m.read == Some(true)) {
            checks.push(Check::MrzRead);
        }
        checks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(x0: f32, y0: f32, x1: f32, y1: f32) -> Quad {
        [
            Point::new(x0, y0),
            Point::new(x1, y0),
            Point::new(x1, y1),
            Point::new(x0, y1),
        ]
    }

    #[test]
    fn a_card_is_sent_with_its_margin_and_nothing_else() {
        // A card filling the outline of a 2560×1440 stream: 1600 px, sent with 6 % each side.
        let r = document_crop(&card(480.0, 216.0, 2080.0, 1224.0), 2560, 1440);
        let margin = (CROP_MARGIN * 1600.0) as u32;
        assert_eq!((r.x, r.width), (480 - margin, 1600 + 2 * margin), "{r:?}");
        assert!(r.width >= TARGET_CARD_LONG_EDGE);
        assert_eq!(r.y, 216 - margin);
        // The same card at 720p is what that camera gives: about 800 px, not upscaled.
        let r = document_crop(&card(240.0, 108.0, 1040.0, 612.0), 1280, 720);
        assert_eq!(r.width, 800 + 2 * (CROP_MARGIN * 800.0) as u32);
    }

    #[test]
    fn a_crop_never_leaves_the_frame() {
        // A card near a corner: the margin is cut by the frame edge, the card is kept whole.
        let r = document_crop(&card(1000.0, 10.0, 1270.0, 180.0), 1280, 720);
        assert!(r.x + r.width <= 1280 && r.y + r.height <= 720, "{r:?}");
        assert!(r.x <= 1000 && r.y <= 10 && r.x + r.width >= 1270, "{r:?}");
        let r = document_crop(&card(-5.0, -5.0, 1300.0, 800.0), 1280, 720);
        assert_eq!(
            r,
            Rect {
                x: 0,
                y: 0,
                width: 1280,
                height: 720
            }
        );
    }

    #[test]
    fn a_large_card_keeps_its_margin() {
        // A 4K frame: the card alone is 2100 px, more than 1600; only the margin is added.
        let r = document_crop(&card(800.0, 400.0, 2900.0, 1724.0), 3840, 2160);
        let margin = (CROP_MARGIN * 2100.0).round() as u32;
        assert_eq!(r.width, 2100 + 2 * margin);
        assert_eq!(r.x, 800 - margin);
    }

    #[test]
    fn qualities_step_down_until_the_picture_fits() {
        assert_eq!(next_quality(Side::Front, 0.85, 400_000), None);
        assert_eq!(next_quality(Side::Front, 0.85, 600_000), Some(0.75));
        assert_eq!(next_quality(Side::Selfie, 0.85, 400_000), Some(0.75));
        assert_eq!(
            next_quality(Side::Back, 0.55, 900_000),
            None,
            "last try is sent"
        );
        let journey = 2 * MAX_DOCUMENT_BYTES + MAX_SELFIE_BYTES;
        assert!(journey <= 1_500_000, "{journey}");
    }

    #[test]
    fn selfies_are_capped_at_1280_keeping_their_shape() {
        assert_eq!(selfie_size(1920, 1080), (1280, 720));
        assert_eq!(selfie_size(1080, 1920), (720, 1280));
        assert_eq!(selfie_size(640, 480), (640, 480));
    }
}
