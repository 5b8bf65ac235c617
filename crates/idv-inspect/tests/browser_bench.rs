//! The per-frame timings of `vision-bench`, in headless Chromium: the same frames and calls
//! ([`idv_inspect::bench`]) compiled to wasm32, timed with `performance.now()`. Ignored by
//! the test suite; `scripts/bench.sh` runs it in release and reads the line it prints:
//! `cargo test --release -p idv-inspect --target wasm32-unknown-unknown --test browser_bench
//! -- --include-ignored --nocapture per_frame_full` (`per_frame_quick`: 60 frames).
#![cfg(target_arch = "wasm32")]

use idv_inspect::bench::{self, BenchFrames};
use wasm_bindgen::prelude::wasm_bindgen;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Prepared by `scripts/setup.sh` (the build fails without it, saying which file is missing).
const ASTRONAUT: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tools/.model/astronaut.png"
));

fn bench(runs: usize) {
    let frames = BenchFrames::new(ASTRONAUT).expect("the bench frames draw");
    let mut out = bench::run(&frames, runs, &performance_now).expect("the bench runs");
    out["build"] = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    }
    .into();
    wasm_bindgen_test::console_log!("BROWSER_BENCH_JSON {out}");
}

#[wasm_bindgen_test::wasm_bindgen_test]
#[ignore = "a benchmark: scripts/bench.sh runs it"]
fn per_frame_full() {
    bench(300);
}

#[wasm_bindgen_test::wasm_bindgen_test]
#[ignore = "a benchmark: scripts/bench.sh --quick runs it"]
fn per_frame_quick() {
    bench(60);
}
