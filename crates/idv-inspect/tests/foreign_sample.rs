//! A CI check on pictures the project's own generator did not draw: five pictures of the foreign
//! scene set (`tools/foreign-scenes/foreign_scenes.py`, written independently of
//! `crates/fixtures/src/scenes.rs`), committed in `tests/foreign/` with their `truth.json`
//! (242 KB; the command that drew them is in the truth's `_generator`). No Python runs here.
//!
//! They go through `vision-eval --dir`'s path (the widget's analysis step at 5 frames a second,
//! a still made a hand-held sequence by seeded jitter). Asserted only what the full foreign set
//! meets (see the README): no non-document taken, no flawed document taken, every crop holds the
//! whole card, no glare-free document flagged; and the one genuine passport is taken (1 of 1).

use std::path::Path;

use idv_inspect::eval::MAX_FRAMES;
use idv_inspect::eval_dir;

#[test]
fn the_foreign_sample_meets_the_targets_met() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/foreign"));
    let run = eval_dir::run_dir(dir, MAX_FRAMES, |_| {}).expect("the sample is scored");
    let b = &run.board;
    let lines: Vec<String> = run.outcomes.iter().map(eval_dir::Outcome::line).collect();
    let why = format!("{}\n{}", b.table(), lines.join("\n"));
    assert_eq!((b.genuine, b.flawed, b.non_documents), (1, 1, 3), "{why}");
    assert_eq!(b.non_documents_taken, 0, "{why}");
    assert_eq!(b.flawed_taken, 0, "{why}");
    assert!(b.captures >= 1, "{why}");
    assert_eq!(b.crops_containing, b.captures, "{why}");
    assert_eq!(b.glare_fp, 0, "{why}");
    assert_eq!(b.genuine_taken, 1, "{why}");
}
