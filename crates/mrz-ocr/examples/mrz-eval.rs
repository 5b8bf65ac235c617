//! `cargo run --release -p mrz-ocr --example mrz-eval [N] [SEED]`: the MRZ reader's read rates on
//! seeded passports photographed badly (fixtures::passport::mrz_cases): pages printed with the
//! regular OCR-B cut (the templates' own font, at other scales and positions) and with the sharp
//! cut (shapes the templates were not made from), each cropped as a document picture is sent.
//! Prints character, line and check-digit rates, wrong readings that passed, and ms per read.

use std::time::Instant;

use fixtures::ocrb::Cut;
use fixtures::passport::{mrz_cases, page_crop_luma};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2026);
    let verbose = std::env::var_os("VERBOSE").is_some();
    println!("| set | pictures | characters right | lines right | check digits pass (read) | read but wrong | ms per read (median) |");
    println!("|---|---|---|---|---|---|---|");
    for cut in [Cut::Regular, Cut::Sharp] {
        let cases = mrz_cases(cut, seed, n);
        let (mut chars, mut lines, mut valid, mut wrong) = (0usize, 0usize, 0usize, 0usize);
        let mut times = Vec::new();
        for case in &cases {
            let (luma, w, h) = page_crop_luma(&case.frame, &case.corners);
            let t = Instant::now();
            let r = mrz_ocr::read(&luma, w, h);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            let got = r.as_ref().map(|r| r.lines.clone()).unwrap_or_default();
            for (g, want) in got.iter().zip(&case.lines) {
                chars += g.chars().zip(want.chars()).filter(|(a, b)| a == b).count();
                lines += usize::from(g == want);
            }
            let ok = got == case.lines;
            if r.as_ref().is_some_and(|r| r.valid) {
                valid += 1;
                wrong += usize::from(!ok);
            }
            if let Some(r) = &r {
                let kind = if ok { "right" } else { "wrong" };
                if std::env::var_os("SCORES").is_some() {
                    println!(
                        "score {kind} {:.3} {:.3} valid={}",
                        r.min_score, r.min_margin, r.valid
                    );
                }
            }
            if verbose && !(ok && r.as_ref().is_some_and(|r| r.valid)) {
                println!("{} {:?} -> {:?}", case.name, case.shot, r);
                println!("   want {:?}", case.lines);
            }
        }
        times.sort_by(f64::total_cmp);
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        println!(
            "| {} (seed {seed}) | {n} | {:.2} % | {:.1} % | {:.1} % | {wrong} | {:.1} |",
            match cut {
                Cut::Regular => "regular cut",
                Cut::Sharp => "sharp cut (held out)",
            },
            pct(chars, 88 * n),
            pct(lines, 2 * n),
            pct(valid, n),
            times[times.len() / 2]
        );
    }
}
