//! A passport held still whose MRZ reads on some frames and not on others is taken: a frame
//! that fails to read right after a good one counts towards the streak, but the photo handed
//! back is one whose own MRZ read (`frame_vision::carry_mrz_read`).

use fixtures::scenes::{Kind, Scene, Split};
use frame_vision::{Analyzer, AutoCapture, Frame, Side, Verdict};

/// Tuning seed 205 (a dull room, noise 4, JPEG 85): on main 7934f85 its frames went
/// `hold_still, good, mrz_unreadable, good, good` and it was not taken within 15 frames.
#[test]
fn a_still_passport_read_on_most_frames_is_taken_with_a_frame_that_read() {
    let scene = Scene::new(Split::Tuning, 205, None);
    assert_eq!(scene.kind, Kind::Passport);
    assert!(scene.truth.should_capture);
    let (w, h) = (scene.width as usize, scene.height as usize);
    let mut analyzer = Analyzer::new(Side::Passport).expect("no model needed");
    let mut auto = AutoCapture::new(4);
    let (mut taken, mut carried) = (None, 0);
    for i in 0..5 {
        let px = fixtures::rgba(&scene.frame(i).image);
        let frame = Frame::rgba(&px, w, h).expect("sized");
        let report = analyzer.analyze(&frame).expect("runs");
        let read = report.mrz.as_ref().and_then(|m| m.read);
        if report.verdict == Verdict::Good && read == Some(false) {
            carried += 1;
            assert!(!analyzer.last_fully_checked());
        }
        if let Some(k) = auto.push_keepable(&report, analyzer.last_fully_checked(), || (i, read)) {
            taken = Some(k);
        }
    }
    assert!(
        carried >= 1,
        "no frame was carried: the scene no longer tests the carry"
    );
    let (_, read) = taken.expect("taken within 5 frames");
    assert_eq!(
        read,
        Some(true),
        "the photo handed back must have read its own MRZ"
    );
}
