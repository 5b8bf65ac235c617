//! The CI check of issue 16's held-out targets, on a small fixed sample of the held-out split
//! (the full scoreboard is `vision-eval`, see the README): its scenes run through the widget's
//! real analysis step. The first scenes of the held-out split, whatever they are: thresholds
//! were never fitted on them.
//!
//! Asserted at the target: no non-document taken, every crop holds the whole card, no
//! glare-free document flagged, two faces always reported, the median times, and glare recall
//! at 85 % (target 90 %: the full held-out split measures 93.8 %, this sample 7 of 8). Genuine
//! documents taken (target 97 %): this sample takes all 6 since `vision4` (cut-off judged on
//! the card's own outline, not on clutter touching it; was 4 of 6, 3 before that), so it is
//! asserted at the target; the full held-out split is not there yet (91.7 %, 22 of 24; the
//! README has the figures). The scene
//! generator changed (barcodes drawn as licences print them, their legibility from the module
//! size, the MRZ in OCR-B), so this sample's scenes differ from those of the old floor (55 %).
//! The README says why.

use fixtures::scenes::Split;
use idv_inspect::eval::{self, median, Plan};

fn photos() -> fixtures::Photos {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/.model/");
    let read = |n: &str| {
        std::fs::read(format!("{dir}{n}"))
            .unwrap_or_else(|e| panic!("{dir}{n}: {e}: run scripts/setup.sh"))
    };
    fixtures::Photos::from_png(
        &read("astronaut.png"),
        &read("chelsea.png"),
        &read("coffee.png"),
    )
    .expect("the prepared photos decode")
}

#[test]
fn the_held_out_sample_meets_the_targets() {
    let plan = Plan {
        scenes: 40,
        selfies: 6,
        frames: 12,
        skip: 0,
        trace: false,
    };
    let b = eval::run(Split::HeldOut, plan, Some(&photos()), |_| {}).expect("runs");
    let table = b.table();
    // Enough of each kind that the figures mean something.
    assert!(
        b.genuine >= 6 && b.non_documents >= 8 && b.selfies >= 2,
        "{table}"
    );
    // Target 97 %: met on this sample (6 of 6), not yet on the full split (module comment).
    assert!(b.genuine_taken_pct() >= 97.0, "{table}\n{:?}", b.misses);
    assert!(median(&b.capture_secs) <= 1.5, "{table}");
    assert_eq!(b.non_documents_taken, 0, "{table}\n{:?}", b.false_captures);
    assert_eq!(b.crops_containing, b.captures, "{table}\n{:?}", b.cut_crops);
    assert!(b.glare_false_alarm_pct() <= 2.0, "{table}");
    // Target 90 % (met on the full held-out split; 7 of 8 on this sample).
    assert!(
        b.glare_tp + b.glare_fn == 0 || b.glare_recall_pct() >= 85.0,
        "{table}\n{:?}",
        b.glare_missed
    );
    assert!(
        b.two_face_frames == 0 || b.two_faces_pct() >= 100.0,
        "{table}"
    );
    assert!(median(&b.selfie_secs) <= 2.0, "{table}");
    assert_eq!(b.selfies_wrongly_taken, 0, "{table}");
}
