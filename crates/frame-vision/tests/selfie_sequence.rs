//! A live selfie runs the face detector's centre-square pass at most every other frame
//! (`Analyzer::analyze_closing`): a second person that only that pass sees must still be
//! reported on every frame, and a lone face still judged as before.

mod common;

use common::photos;
use fixtures::portrait_scene;
use frame_vision::{Analyzer, Frame, Side, Verdict};

/// The astronaut's head and shoulders, as the fixtures crop it.
fn head() -> image::RgbImage {
    let a = photos().astronaut;
    let side = 300.min(a.width()).min(a.height());
    image::imageops::crop_imm(&a, 77.min(a.width() - side), 0, side, side).to_image()
}

fn rgba(img: &image::RgbImage) -> Vec<u8> {
    image::DynamicImage::ImageRgb8(img.clone())
        .into_rgba8()
        .into_raw()
}

/// The face alone: a 560 px head and shoulders left of the centre (its face box ~190 px).
fn alone() -> image::RgbImage {
    portrait_scene(&head(), 560, &[(560, 420)])
}

/// The same with a bystander to the right, whose face (~85 px, 0.12 of the frame's height)
/// only the centre square's pass finds in a 1280×720 frame.
fn with_bystander() -> image::RgbImage {
    let mut img = alone();
    let small = image::imageops::resize(&head(), 360, 360, image::imageops::FilterType::Triangle);
    image::imageops::overlay(&mut img, &small, 960 - 180, 360 - 180);
    img
}

#[test]
fn the_bystander_is_found_by_the_centre_pass_only() {
    let img = with_bystander();
    let px = rgba(&img);
    let frame = Frame::rgba(&px, 1280, 720).expect("sized");
    let detector = frame_vision::FaceDetector::embedded().expect("model built in");
    let whole = detector.detect_whole(&frame).expect("runs");
    assert_eq!(
        whole.len(),
        1,
        "the whole frame finds the main face only: {whole:?}"
    );
    let both = detector.detect(&frame).expect("runs");
    assert_eq!(
        both.len(),
        2,
        "the centre square adds the bystander: {both:?}"
    );
}

#[test]
fn a_bystander_is_reported_on_every_live_frame_though_every_other_frame_skips_the_centre_pass() {
    let img = with_bystander();
    let px = rgba(&img);
    let frame = Frame::rgba(&px, 1280, 720).expect("sized");
    let mut analyzer = Analyzer::new(Side::Selfie).expect("model built in");
    for i in 0..8 {
        let report = analyzer.analyze(&frame).expect("runs");
        let faces = report.faces.as_ref().map_or(0, Vec::len);
        assert_eq!(faces, 2, "frame {i}: {report:?}");
        assert_eq!(report.verdict, Verdict::SeveralFaces, "frame {i}");
    }
    assert_eq!(
        analyzer.face_passes(),
        (8, 4),
        "frames 0, 2, 4, 6 ran both passes"
    );
    // A frame that would complete a streak runs both, whatever the one before did.
    analyzer.analyze_closing(&frame, true).expect("runs");
    analyzer.analyze_closing(&frame, true).expect("runs");
    assert_eq!(analyzer.face_passes(), (10, 6));
}

#[test]
fn the_bystander_stepping_in_is_reported_from_the_next_frame_at_the_latest() {
    let alone = alone();
    let (alone_px, two_px) = (rgba(&alone), rgba(&with_bystander()));
    let alone = Frame::rgba(&alone_px, 1280, 720).expect("sized");
    let two = Frame::rgba(&two_px, 1280, 720).expect("sized");
    // Frame 0 runs both passes; the bystander steps in on frame 1, which skips the centre
    // pass (one face, still): missed there, reported from frame 2 on.
    for start in [1, 2] {
        let mut analyzer = Analyzer::new(Side::Selfie).expect("model built in");
        let mut counts = Vec::new();
        for i in 0..6 {
            let f = if i < start { &alone } else { &two };
            let report = analyzer.analyze(f).expect("runs");
            counts.push(report.faces.as_ref().map_or(0, Vec::len));
        }
        let want: Vec<usize> = (0..6)
            .map(|i| {
                if i < start || (i == 1 && start == 1) {
                    1
                } else {
                    2
                }
            })
            .collect();
        assert_eq!(counts, want, "bystander from frame {start}");
    }
}

#[test]
fn a_lone_centred_face_is_judged_as_before_while_skipping_every_other_centre_pass() {
    let img = portrait_scene(&head(), 620, &[(640, 360)]);
    let px = rgba(&img);
    let frame = Frame::rgba(&px, 1280, 720).expect("sized");
    let mut analyzer = Analyzer::new(Side::Selfie).expect("model built in");
    let still = analyzer.inspect(&frame).expect("runs");
    assert_eq!(still.verdict, Verdict::Good);
    for i in 0..6 {
        let report = analyzer.analyze(&frame).expect("runs");
        let want = if i == 0 {
            Verdict::HoldStill
        } else {
            Verdict::Good
        };
        assert_eq!(report.verdict, want, "frame {i}");
        assert_eq!(
            report.faces, still.faces,
            "frame {i}: the same face as the still"
        );
        assert_eq!(report.quality, still.quality, "frame {i}");
    }
    assert_eq!(analyzer.face_passes(), (6, 3));
}

#[test]
fn no_streak_completes_with_the_bystander_in_its_last_frame() {
    let alone = alone();
    let (alone_px, two_px) = (rgba(&alone), rgba(&with_bystander()));
    let alone = Frame::rgba(&alone_px, 1280, 720).expect("sized");
    let two = Frame::rgba(&two_px, 1280, 720).expect("sized");
    // The widget's loop (vision-worker's `Step`): 4 good frames in a row make a capture, and
    // the frame that would complete the streak is `closing`. Alone, frames 1-4 are good and
    // frame 4 captures; with the bystander stepping in on any of frames 1-4 (a frame that
    // skips the centre pass included), nothing is captured in 12 frames.
    for start in 1..=5 {
        let mut analyzer = Analyzer::new(Side::Selfie).expect("model built in");
        let mut auto = frame_vision::AutoCapture::new(4);
        let mut fired = None;
        for i in 0..12 {
            let f = if i < start { &alone } else { &two };
            let closing = auto.streak() + 1 >= 4;
            let report = analyzer.analyze_closing(f, closing).expect("runs");
            if auto.push(&report, || i).is_some() {
                fired = Some(i);
            }
        }
        let want = if start == 5 { Some(4) } else { None };
        assert_eq!(fired, want, "bystander from frame {start}");
    }
}

/// A bystander in one frame only, on a frame that skips the centre pass, is not seen there:
/// that frame says it was not fully checked, so `Step` never hands it back as the photo
/// (`AutoCapture::push_keepable`), whatever its sharpness. Every frame that reports a single
/// face with the bystander in the picture must say so.
#[test]
fn a_frame_that_misses_a_bystander_is_never_fully_checked() {
    let (alone_px, two_px) = (rgba(&alone()), rgba(&with_bystander()));
    let alone = Frame::rgba(&alone_px, 1280, 720).expect("sized");
    let two = Frame::rgba(&two_px, 1280, 720).expect("sized");
    let mut missed_on_a_carried_frame = 0;
    for only in 1..=4 {
        let mut analyzer = Analyzer::new(Side::Selfie).expect("model built in");
        for i in 0..6 {
            let f = if i == only { &two } else { &alone };
            let report = analyzer.analyze_closing(f, false).expect("runs");
            let seen = report.faces.as_ref().map_or(0, Vec::len);
            if i == only && seen < 2 {
                assert!(
                    !analyzer.last_fully_checked(),
                    "frame {i}: the bystander was missed on a frame said to be fully checked"
                );
                missed_on_a_carried_frame += 1;
            }
        }
    }
    assert!(
        missed_on_a_carried_frame > 0,
        "the sequence never put the bystander on a frame that skips the centre pass"
    );
}
