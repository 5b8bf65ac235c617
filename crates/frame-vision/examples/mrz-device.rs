//! `cargo run --release -p frame-vision --example mrz-device [N] [SEED]`: the passport check as
//! the device runs it (`Analyzer::inspect` on the whole 1280×720 frame: find the page, judge
//! it, read the MRZ when the frame could be taken) on the seeded passports of
//! `fixtures::passport::mrz_cases`, in both OCR-B cuts. Prints how many frames were judged good
//! with the MRZ read, what else they were told, and the time of one MRZ read on the frame.

use std::collections::BTreeMap;
use std::time::Instant;

use fixtures::ocrb::Cut;
use fixtures::passport::mrz_cases;
use frame_vision::{mrz, Analyzer, Frame, Side, Verdict};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2026);
    let analyzer = Analyzer::new(Side::Passport).expect("no model for passports");
    // One clean page read 30 times: the cost of a read without the set's spread.
    let (demo, _) = fixtures::passport_page(&fixtures::demo_passport());
    let rgba = image::DynamicImage::ImageRgb8(demo.clone())
        .into_rgba8()
        .into_raw();
    let (dw, dh) = (demo.width() as usize, demo.height() as usize);
    if let Ok(frame) = Frame::rgba(&rgba, dw, dh) {
        if let Some(doc) = analyzer.inspect(&frame).ok().and_then(|r| r.document) {
            let luma = frame.to_luma();
            let mut t: Vec<f64> = (0..30)
                .map(|_| {
                    let s = Instant::now();
                    let _ = mrz::read_mrz(&luma, dw, dh, &doc.corners);
                    s.elapsed().as_secs_f64() * 1e3
                })
                .collect();
            t.sort_by(f64::total_cmp);
            println!(
                "demo page: MRZ read {:.1} ms median, {:.1} ms fastest (30 reads)",
                t[15], t[0]
            );
        }
    }
    println!("| set | frames | good, MRZ read | read but wrong | other verdicts | ms per MRZ read (median, p90) | ms per frame analysed (median) |");
    println!("|---|---|---|---|---|---|---|");
    for cut in [Cut::Regular, Cut::Sharp] {
        let (mut good, mut wrong) = (0, 0);
        let mut others: BTreeMap<&str, usize> = BTreeMap::new();
        let (mut reads, mut frames) = (Vec::new(), Vec::new());
        for case in mrz_cases(cut, seed, n) {
            let rgba = image::DynamicImage::ImageRgb8(case.frame.clone())
                .into_rgba8()
                .into_raw();
            let (w, h) = (case.frame.width() as usize, case.frame.height() as usize);
            let Ok(frame) = Frame::rgba(&rgba, w, h) else {
                continue;
            };
            let t = Instant::now();
            let Ok(report) = analyzer.inspect(&frame) else {
                continue;
            };
            frames.push(t.elapsed().as_secs_f64() * 1e3);
            if report.verdict == Verdict::Good {
                good += 1;
            } else {
                *others.entry(report.verdict.as_str()).or_default() += 1;
            }
            if let Some(doc) = &report.document {
                let luma = frame.to_luma();
                let t = Instant::now();
                let read = mrz::read_mrz(&luma, w, h, &doc.corners);
                reads.push(t.elapsed().as_secs_f64() * 1e3);
                if read.is_some_and(|r| r.valid && r.lines != case.lines) {
                    wrong += 1;
                }
            }
        }
        reads.sort_by(f64::total_cmp);
        frames.sort_by(f64::total_cmp);
        let pick = |v: &[f64], q: f64| {
            v.get(((v.len() as f64 - 1.0) * q) as usize)
                .copied()
                .unwrap_or(0.0)
        };
        println!(
            "| {} (seed {seed}) | {n} | {good} ({:.1} %) | {wrong} | {} | {:.1}, {:.1} | {:.1} |",
            match cut {
                Cut::Regular => "regular cut",
                Cut::Sharp => "sharp cut (held out)",
            },
            100.0 * good as f64 / n as f64,
            others
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", "),
            pick(&reads, 0.5),
            pick(&reads, 0.9),
            pick(&frames, 0.5),
        );
    }
}
