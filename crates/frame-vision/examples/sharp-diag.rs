//! `cargo run --release -p frame-vision --example sharp-diag FIRST LAST`: how sharp the print
//! of each **tuning** document scene (seeds FIRST..=LAST) measures on its first frame, beside
//! the scene's focus blur and light: `GEN` a document that should be taken, `BLUR` one
//! focus-blurred (σ > 2 px), `flaw` any other flaw. `lap` is the variance of the Laplacian on
//! the card straightened to 480 px (what documents were judged on before), `edges`
//! [`sharpness::document_sharpness`] (what they are judged on now). `BENCH=1` prints instead
//! the time the measure and the whole still analysis take on each frame.
//!
//! A tuning tool: thresholds are chosen on what this prints, never on the held-out split.

use fixtures::scenes::{Scene, Split};
use frame_vision::{sharpness, Analyzer, Frame, Side};

fn main() {
    let a: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let (first, last) = (
        a.first().copied().unwrap_or(1).max(1),
        a.get(1).copied().unwrap_or(120),
    );
    let bench = std::env::var_os("BENCH").is_some();
    for seed in first..=last {
        let scene = Scene::new(Split::Tuning, seed, None);
        if !scene.kind.is_document() {
            continue;
        }
        let (w, h) = (scene.width as usize, scene.height as usize);
        let shot = scene.frame(0);
        let px = image::DynamicImage::ImageRgb8(shot.image)
            .into_rgba8()
            .into_raw();
        let frame = Frame::rgba(&px, w, h).expect("frame");
        let analyzer = Analyzer::new(Side::parse(scene.side).expect("side")).expect("analyzer");
        let r = analyzer.inspect(&frame).expect("inspect");
        let Some(doc) = r.document.as_ref() else {
            continue;
        };
        let luma = frame.to_luma();
        if bench {
            let t = std::time::Instant::now();
            for _ in 0..20 {
                std::hint::black_box(sharpness::document_sharpness(&luma, w, h, &doc.corners));
            }
            let measure = t.elapsed().as_secs_f64() / 20.0 * 1e3;
            let t = std::time::Instant::now();
            for _ in 0..5 {
                std::hint::black_box(analyzer.inspect(&frame).expect("inspect"));
            }
            let whole = t.elapsed().as_secs_f64() / 5.0 * 1e3;
            println!(
                "{} sharpness {measure:.2} ms, inspect {whole:.2} ms",
                scene.name()
            );
            continue;
        }
        let class = if scene.truth.should_capture {
            "GEN"
        } else if scene.blur > 2.0 {
            "BLUR"
        } else {
            "flaw"
        };
        println!(
            "{:<5} {:<36} blur {:.2} gain {:.2} width {:5.0} lap {:6.0} edges {:.3} v {}",
            class,
            scene.name(),
            scene.blur,
            scene.light.gain,
            doc.edge_lengths().0,
            r.quality.map_or(0.0, |q| q.sharpness),
            sharpness::document_sharpness(&luma, w, h, &doc.corners),
            r.verdict.as_str()
        );
    }
}
