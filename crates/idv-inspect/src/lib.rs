//! QA tools for the on-device capture checks: `idv-inspect IMAGE [--side …]` prints why a photo
//! would be refused, `vision-bench` times the checks on 1280×720 frames, `vision-eval` scores
//! them on generated scenes or on a folder of pictures with ground truth (`--dir`).

pub mod bench;
pub mod eval;
pub mod eval_dir;

use frame_vision::{Analyzer, Frame, Report, Side};

/// Analyses a decoded image as a still photo of `side`.
pub fn inspect_image(img: &image::RgbaImage, side: Side) -> Result<Report, String> {
    let frame = Frame::rgba(img.as_raw(), img.width() as usize, img.height() as usize)
        .map_err(|e| e.to_string())?;
    let analyzer = Analyzer::new(side).map_err(|e| e.to_string())?;
    analyzer.inspect(&frame).map_err(|e| e.to_string())
}

/// The JSON `idv-inspect` prints: the verdict, the document corners (or null), whether the
/// barcode decoded (backs), the faces (selfies), and every metric.
pub fn report_json(report: &Report) -> serde_json::Value {
    let faces = report.faces.as_ref().map(|f| {
        serde_json::json!({
            "count": f.len(),
            "boxes": f,
        })
    });
    serde_json::json!({
        "verdict": report.verdict.as_str(),
        "side": report.side,
        "document": report.document.as_ref().map(|d| &d.corners),
        "barcode_readable": report.barcode_readable,
        "faces": faces,
        "metrics": {
            "width": report.width,
            "height": report.height,
            "frame_brightness": report.frame_brightness,
            "document": report.document,
            "quality": report.quality,
            "mrz": report.mrz,
            "face_yaw": report.faces.as_ref().and_then(|f| f.first()).map(|f| f.yaw()),
            "face_roll_deg": report.faces.as_ref().and_then(|f| f.first()).map(|f| f.roll_deg()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgba(img: &image::RgbImage) -> image::RgbaImage {
        image::DynamicImage::ImageRgb8(img.clone()).into_rgba8()
    }

    #[test]
    fn a_card_back_reports_its_corners_and_a_readable_barcode() {
        let img = rgba(&fixtures::card_back(&fixtures::demo_licence()));
        let json = report_json(&inspect_image(&img, Side::Back).expect("runs"));
        assert_eq!(json["verdict"], "good", "{json:#}");
        assert_eq!(json["barcode_readable"], true);
        assert_eq!(json["document"].as_array().map(Vec::len), Some(4));
        assert!(json["faces"].is_null());
        assert!(json["metrics"]["quality"]["sharpness"].as_f64() > Some(150.0));
    }

    #[test]
    fn an_empty_table_has_no_document_and_no_corners() {
        let img = image::RgbaImage::from_pixel(640, 360, image::Rgba([52, 58, 66, 255]));
        let json = report_json(&inspect_image(&img, Side::Front).expect("runs"));
        assert_eq!(json["verdict"], "no_document");
        assert!(json["document"].is_null());
        assert!(json["barcode_readable"].is_null());
    }
}
