use super::*;
use frame_vision::Verdict;

fn rgba(img: &image::RgbImage) -> Vec<u8> {
    image::DynamicImage::ImageRgb8(img.clone())
        .into_rgba8()
        .into_raw()
}

fn no_time() -> f32 {
    0.0
}

#[test]
fn frames_are_analysed_at_most_1280_wide() {
    assert_eq!(analysis_size(1920, 1080), (1280, 720));
    assert_eq!(analysis_size(1080, 1920), (720, 1280));
    assert_eq!(analysis_size(640, 480), (640, 480));
    assert_eq!(analysis_size(0, 0), (1, 1));
}

#[test]
fn a_held_card_back_is_captured_once_after_a_streak_and_the_sharpest_frame_is_kept() {
    let back = fixtures::card_back(&fixtures::demo_licence());
    let px = rgba(&back);
    let frame = Frame::rgba(&px, 1280, 720).expect("sized");
    let soft = fixtures::blurred(&back, 0.8);
    let soft_px = rgba(&soft);
    let soft_frame = Frame::rgba(&soft_px, 1280, 720).expect("sized");
    let mut step = Step::<usize>::new(Side::Back).expect("no model needed");
    let mut streaks = Vec::new();
    let mut fired = Vec::new();
    for i in 0..8 {
        // Frame 2 is a little softer than the others: never the one kept.
        let f = if i == 2 { &soft_frame } else { &frame };
        let (_, sighting, kept) = step.preview(f, || i, no_time).expect("runs");
        streaks.push(sighting.streak);
        if let Some(k) = kept {
            fired.push(k);
        }
        if i > 0 {
            assert!(sighting.outline.is_some(), "frame {i} outlines the card");
        }
    }
    // The first frame asks to hold still (nothing to compare with); then 4 good frames.
    assert_eq!(&streaks[..5], &[0, 1, 2, 3, 4]);
    assert_eq!(fired.len(), 1, "one capture per step: {fired:?}");
    assert_ne!(fired[0], 2, "the softer frame is not kept");
    step.restart(Side::Back).expect("restarts");
    let (_, sighting, kept) = step.preview(&frame, || 99, no_time).expect("runs");
    assert_eq!((sighting.streak, kept), (0, None), "a new step starts over");
}

#[test]
fn an_empty_scene_never_captures_and_a_blurred_card_is_judged_blurry_when_shot() {
    let table = image::RgbImage::from_pixel(1280, 720, image::Rgb([92, 74, 60]));
    let px = rgba(&table);
    let frame = Frame::rgba(&px, 1280, 720).expect("sized");
    let mut step = Step::<()>::new(Side::Front).expect("no model needed");
    for _ in 0..30 {
        let (_, sighting, kept) = step.preview(&frame, || (), no_time).expect("runs");
        assert_eq!(sighting.verdict, Verdict::NoDocument);
        assert!(kept.is_none() && sighting.outline.is_none());
    }
    let blurred = fixtures::blurred(&fixtures::card_front(1), 4.0);
    let px = rgba(&blurred);
    let frame = Frame::rgba(&px, 1280, 720).expect("sized");
    let (_, sighting) = step.shoot(&frame, no_time).expect("runs");
    assert_eq!(sighting.verdict, Verdict::Blurry);
    assert!(!sighting.checks.contains(&idv_wire::vision::Check::Sharp));
}

#[test]
fn a_document_is_sent_cropped_from_the_full_camera_frame() {
    let back = fixtures::card_back(&fixtures::demo_licence());
    let px = rgba(&back);
    let frame = Frame::rgba(&px, 1280, 720).expect("sized");
    let step = Step::<()>::new(Side::Back).expect("no model needed");
    let (report, _) = step.shoot(&frame, no_time).expect("runs");
    let doc = report.document.as_ref().expect("found");
    // Analysed at 1280×720, taken by a 1920×1080 camera: the crop is in camera pixels.
    let picture = picture_for(&report, (1280, 720), (1920, 1080));
    assert!(picture.width >= 1600, "{picture:?}");
    let r = picture.source;
    for corner in doc.corners.map(|p| p.scale(1.5)) {
        assert!(
            corner.x >= r.x as f32 && corner.x <= (r.x + r.width) as f32,
            "{picture:?}"
        );
        assert!(
            corner.y >= r.y as f32 && corner.y <= (r.y + r.height) as f32,
            "{picture:?}"
        );
    }
    assert!(r.x + r.width <= 1920 && r.y + r.height <= 1080);
}

#[test]
fn requests_are_checked_before_use() {
    assert_eq!(
        parse_request(r#"{"type":"frame","seq":3}"#),
        Ok(ToWorker::Frame { seq: 3 })
    );
    assert!(parse_request("{}").is_err());
    assert!(parse_request(r#"{"type":"start","side":"elbow"}"#).is_err());
}

#[test]
fn bgrx_pixels_become_rgba_with_opaque_alpha() {
    let mut px = vec![1, 2, 3, 0, 10, 20, 30, 77, 200, 100, 50, 255];
    bgrx_to_rgba(&mut px);
    assert_eq!(px, vec![3, 2, 1, 255, 30, 20, 10, 255, 50, 100, 200, 255]);
    let mut odd = vec![9u8; 6];
    bgrx_to_rgba(&mut odd);
    assert_eq!(
        odd,
        vec![9, 9, 9, 255, 9, 9],
        "a trailing partial pixel is left alone"
    );
}

#[test]
fn only_upright_opaque_frames_at_analysis_size_are_copied_directly() {
    let hd = (1280, 720);
    assert_eq!(
        direct_copy(Some("I420"), hd, hd, true),
        Some(DirectCopy::ConvertToRgba)
    );
    assert_eq!(
        direct_copy(Some("NV12"), hd, hd, true),
        Some(DirectCopy::ConvertToRgba)
    );
    assert_eq!(
        direct_copy(Some("BGRX"), hd, hd, true),
        Some(DirectCopy::SwapRedBlue)
    );
    assert_eq!(
        direct_copy(Some("RGBX"), hd, hd, true),
        Some(DirectCopy::ConvertToRgba)
    );
    // With alpha, unknown or no format: drawn on the canvas.
    for format in [
        Some("BGRA"),
        Some("RGBA"),
        Some("I420A"),
        Some("I420P10"),
        None,
    ] {
        assert_eq!(direct_copy(format, hd, hd, true), None, "{format:?}");
    }
    assert_eq!(
        direct_copy(Some("I420"), hd, hd, false),
        None,
        "turned or mirrored"
    );
    assert_eq!(
        direct_copy(Some("I420"), (1920, 1080), hd, true),
        None,
        "to be scaled"
    );
    assert_eq!(
        direct_copy(Some("I420"), (1280, 704), hd, true),
        None,
        "cropped"
    );
}
