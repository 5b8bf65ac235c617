//! `cargo run --release -p frame-vision --example tune-diag [FIRST] [LAST] [KINDS]`: the
//! **tuning** split's genuine documents (seeds FIRST..=LAST, from 1; the held-out split is
//! deliberately out of reach here), each scene's frames through the analysis and the
//! auto-capture streak as the widget runs them at 5 frames a second. Prints one line per scene
//! that should be taken: taken or missed, the verdict of each frame (one letter each), and for
//! backs the module width and how many frames' barcodes decoded. KINDS (optional) is a comma
//! list of `front`, `back`, `passport`.
//!
//! Other modes (tuning seeds only): `scene SEED…` (one frame's report, `DUMP=dir` writes it),
//! `barcode FIRST LAST σ AMOUNT ALONG` (backs decoded plain and restored), `lines FIRST LAST`
//! (text lines on the cards, screens and pages shown for the front, and those running across
//! like a page's), `mrzband SEED…` (the MRZ band as read, read
//! again with its background flattened by `mrz::flatten_background` at radius 3, 4 and 6, as
//! it is and sharpened, and sharpened by `mrz::MRZ_SHARPEN`; `FRAMES=N` reads the first N
//! frames, `DUMP=dir` writes the bands).
//!
//! A tuning tool: thresholds are chosen on what this prints, never on the held-out split.

use std::collections::BTreeMap;

use fixtures::scenes::{Kind, Scene, Split};
use frame_vision::{barcode, geometry, Analyzer, AutoCapture, Frame, Point, Quad, Side, Verdict};

fn letter(v: Verdict) -> char {
    match v {
        Verdict::Good => 'G',
        Verdict::HoldStill => 'h',
        Verdict::NoDocument => 'n',
        Verdict::CutOff => 'c',
        Verdict::MoveCloser => 'm',
        Verdict::BarcodeUnreadable => 'B',
        Verdict::MrzUnreadable => 'M',
        Verdict::MrzMissing => 'Z',
        Verdict::Glare => 'g',
        Verdict::Blurry => 'b',
        Verdict::TooDark => 'd',
        Verdict::TooBright => 'w',
        Verdict::Tilted => 't',
        _ => '?',
    }
}

thread_local! {
    static SHARP: std::cell::Cell<(f32, f32, f32)> = const { std::cell::Cell::new((0.0, 0.0, 0.0)) };
}

/// Decodes the back `quad` of `luma` straightened at `scale` times its own resolution
/// (long edge capped at `cap`), optionally sharpened.
fn decode_at(luma: &[u8], w: usize, h: usize, quad: &Quad, scale: f32, cap: f32, on: bool) -> bool {
    let (sigma, amount, _) = SHARP.with(|s| s.get());
    let amount = if on { amount } else { 0.0 };
    let e = |a: Point, b: Point| a.distance(b);
    let hor = (e(quad[0], quad[1]) + e(quad[3], quad[2])) / 2.0;
    let ver = (e(quad[0], quad[3]) + e(quad[1], quad[2])) / 2.0;
    let s = scale.min(cap / hor.max(ver));
    let (cw, ch) = ((hor * s).round() as usize, (ver * s).round() as usize);
    geometry::warp_quad(luma, w, h, quad, cw, ch)
        .map(|c| {
            if amount > 0.0 {
                let along = SHARP.with(|s| s.get()).2 as usize;
                barcode::restore_bars(
                    &c,
                    cw,
                    ch,
                    barcode::BarRestore {
                        along,
                        sigma: sigma * s,
                        amount,
                    },
                )
            } else {
                c
            }
        })
        .and_then(|c| barcode::decode_pdf417(&c, cw, ch))
        .is_some()
}

fn barcode_mode(first: u64, last: u64) {
    let names = ["plain", "sharpened", "either", "plain only", ""];
    let mut hits = [0usize; 5];
    let mut frames = 0;
    let mut times = [0f64; 5];
    for seed in first.max(1)..=last {
        let scene = Scene::new(Split::Tuning, seed, None);
        if !scene.truth.should_capture || scene.kind != Kind::CardBack {
            continue;
        }
        let analyzer = Analyzer::new(Side::Back).expect("analyzer");
        let (w, h) = (scene.width as usize, scene.height as usize);
        let mut row = [0usize; 5];
        let mut n = 0;
        for i in 0..6 {
            let shot = scene.frame(i);
            let px = image::DynamicImage::ImageRgb8(shot.image)
                .into_rgba8()
                .into_raw();
            let frame = Frame::rgba(&px, w, h).expect("frame");
            let Some(doc) = analyzer.inspect(&frame).expect("inspect").document else {
                continue;
            };
            let luma = frame.to_luma();
            n += 1;
            let t = std::time::Instant::now();
            let plain = decode_at(&luma, w, h, &doc.corners, 1.0, 1600.0, false);
            times[0] += t.elapsed().as_secs_f64();
            let t = std::time::Instant::now();
            let sharp = decode_at(&luma, w, h, &doc.corners, 1.0, 1600.0, true);
            times[1] += t.elapsed().as_secs_f64();
            row[0] += usize::from(plain);
            row[1] += usize::from(sharp);
            row[2] += usize::from(plain || sharp);
            row[3] += usize::from(plain && !sharp);
        }
        frames += n;
        for k in 0..5 {
            hits[k] += row[k];
        }
        println!(
            "{:<40} module {:.2} blur {:.1} jpeg {:?} noise {:.1} frames {n}: {:?}",
            scene.name(),
            scene.barcode_module_px.unwrap_or(0.0),
            scene.blur,
            scene.jpeg,
            scene.noise,
            row
        );
    }
    for k in 0..4 {
        println!(
            "{:<10} {}/{} frames, {:.1} ms a try",
            names[k],
            hits[k],
            frames,
            1e3 * times[k] / frames.max(1) as f64
        );
    }
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("scene") {
        for seed in std::env::args()
            .skip(2)
            .filter_map(|a| a.parse::<u64>().ok())
        {
            let scene = Scene::new(Split::Tuning, seed.max(1), None);
            let analyzer = Analyzer::new(Side::parse(scene.side).expect("side")).expect("a");
            let shot = scene.frame(0);
            if let Some(dir) = std::env::var_os("DUMP") {
                let _ = shot
                    .image
                    .save(std::path::Path::new(&dir).join(format!("{}.png", scene.name())));
            }
            let px = image::DynamicImage::ImageRgb8(shot.image)
                .into_rgba8()
                .into_raw();
            let frame = Frame::rgba(&px, scene.width as usize, scene.height as usize).expect("f");
            let r = analyzer.inspect(&frame).expect("inspect");
            println!(
                "{} light {:?} truth corners {:?}\n  {:?}\n  doc {:?}\n  q {:?}",
                scene.name(),
                scene.light,
                shot.corners,
                r.verdict,
                r.document,
                r.quality
            );
        }
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("mrzband") {
        // The MRZ band of tuning passports as `read_mrz` straightens it, written as PGM to DUMP.
        for seed in std::env::args()
            .skip(2)
            .filter_map(|a| a.parse::<u64>().ok())
        {
            let scene = Scene::new(Split::Tuning, seed.max(1), None);
            let (w, h) = (scene.width as usize, scene.height as usize);
            let frames: u32 = std::env::var("FRAMES")
                .ok()
                .and_then(|f| f.parse().ok())
                .unwrap_or(1);
            for fi in 0..frames {
                let shot = scene.frame(fi);
                let px = image::DynamicImage::ImageRgb8(shot.image)
                    .into_rgba8()
                    .into_raw();
                let frame = Frame::rgba(&px, w, h).expect("f");
                let analyzer = Analyzer::new(Side::Passport).expect("a");
                let Some(doc) = analyzer.inspect(&frame).expect("inspect").document else {
                    continue;
                };
                let luma = frame.to_luma();
                let c = doc.corners;
                let unit = [
                    Point::new(0.0, 0.0),
                    Point::new(1.0, 0.0),
                    Point::new(1.0, 1.0),
                    Point::new(0.0, 1.0),
                ];
                let page = geometry::Homography::from_points(&unit, &c).expect("h");
                let top = 1.0 - frame_vision::mrz::READ_BAND;
                let band = [
                    page.apply(Point::new(0.0, top)),
                    page.apply(Point::new(1.0, top)),
                    page.apply(Point::new(1.0, 1.0)),
                    page.apply(Point::new(0.0, 1.0)),
                ];
                let bw = frame_vision::mrz::READ_WIDTH;
                let hor = c[0].distance(c[1]) + c[3].distance(c[2]);
                let ver = c[0].distance(c[3]) + c[1].distance(c[2]);
                let bh = ((bw as f32 * frame_vision::mrz::READ_BAND * ver / hor).round() as usize)
                    .max(16);
                let b = geometry::warp_quad(&luma, w, h, &band, bw, bh).expect("warp");
                let r = mrz_ocr::read_within(&b, bw, bh, 2.5);
                // A read as printed: valid, lowest score and margin, repairs, the lines.
                let summary = |r: Option<mrz_ocr::Reading>| {
                    r.map(|r| {
                        (
                            r.valid,
                            r.min_score,
                            r.min_margin,
                            r.repaired,
                            r.lines.join(" "),
                        )
                    })
                };
                let mut tries = Vec::new();
                for r in [3usize, 4, 6] {
                    let flat = frame_vision::mrz::flatten_background(&b, bw, bh, r);
                    let r2 = mrz_ocr::read_within(&flat, bw, bh, 2.5);
                    let sharp = frame_vision::mrz::unsharp(&flat, bw, bh, 2.0, 4.0);
                    let r3 = mrz_ocr::read_within(&sharp, bw, bh, 2.5);
                    for (k, r) in [(r as f32, r2), (r as f32 + 0.5, r3)] {
                        tries.push((k, summary(r)));
                    }
                    if r == 4 {
                        if let Some(dir) = std::env::var_os("DUMP") {
                            let mut out = format!("P5\n{bw} {bh}\n255\n").into_bytes();
                            out.extend_from_slice(&flat);
                            let file = std::path::Path::new(&dir)
                                .join(format!("{}-{fi}-flat.pgm", scene.name()));
                            if let Err(e) = std::fs::write(&file, out) {
                                eprintln!("{}: {e}", file.display());
                            }
                        }
                    }
                }
                let (sigma, amount) = frame_vision::mrz::MRZ_SHARPEN;
                let sharp = frame_vision::mrz::unsharp(&b, bw, bh, sigma, amount);
                let rs = mrz_ocr::read_within(&sharp, bw, bh, 2.5);
                tries.push((sigma * 10.0 + amount, summary(rs)));
                println!(
                    "{} #{fi} {:?} true={:?} read {:?} {:?}",
                    scene.name(),
                    c.map(|p| (p.x as i32, p.y as i32)),
                    shot.corners.map(|q| q.map(|p| (p.0 as i32, p.1 as i32))),
                    r.map(|r| (r.valid, r.min_score, r.min_margin, r.repaired, r.lines)),
                    tries
                );
                if let Some(dir) = std::env::var_os("DUMP") {
                    let mut out = format!("P5\n{bw} {bh}\n255\n").into_bytes();
                    out.extend_from_slice(&b);
                    let file =
                        std::path::Path::new(&dir).join(format!("{}-{fi}-mrz.pgm", scene.name()));
                    if let Err(e) = std::fs::write(&file, out) {
                        eprintln!("{}: {e}", file.display());
                    }
                }
            }
        }
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("lines") {
        // Text lines on the straightened card of every tuning scene shown for the front, and
        // how many run across it like a page's: the fronts that should be taken, the other
        // cards (bank, loyalty), screens and printed pages.
        let a: Vec<u64> = std::env::args()
            .skip(2)
            .filter_map(|a| a.parse().ok())
            .collect();
        for seed in a.first().copied().unwrap_or(1)..=a.get(1).copied().unwrap_or(120) {
            let scene = Scene::new(Split::Tuning, seed, None);
            if scene.side != "front"
                || !matches!(
                    scene.kind,
                    Kind::CardFront
                        | Kind::BankCard
                        | Kind::LoyaltyCard
                        | Kind::Screen
                        | Kind::Page
                )
            {
                continue;
            }
            if scene.kind == Kind::CardFront && !scene.truth.should_capture {
                continue;
            }
            let (w, h) = (scene.width as usize, scene.height as usize);
            let mut counts = Vec::new();
            for i in 0..3 {
                let shot = scene.frame(i);
                let px = image::DynamicImage::ImageRgb8(shot.image)
                    .into_rgba8()
                    .into_raw();
                let frame = Frame::rgba(&px, w, h).expect("frame");
                let analyzer = Analyzer::new(Side::Front).expect("analyzer");
                let r = analyzer.inspect(&frame).expect("inspect");
                let Some(doc) = r.document else {
                    counts.push(None);
                    continue;
                };
                let luma = frame.to_luma();
                let (hor, ver) = doc.edge_lengths();
                let ch = (480.0 * ver / hor.max(1.0)).round() as usize;
                counts.push(
                    geometry::warp_quad(&luma, w, h, &doc.corners, 480, ch).map(|c| {
                        (
                            frame_vision::document::text_line_spans(&c, 480, ch),
                            r.verdict.as_str(),
                        )
                    }),
                );
            }
            println!("{:<40} {:?} {:?}", scene.name(), scene.kind, counts);
        }
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("barcode") {
        let a: Vec<u64> = std::env::args()
            .skip(2)
            .filter_map(|a| a.parse().ok())
            .collect();
        let f: Vec<f32> = std::env::args()
            .skip(4)
            .filter_map(|a| a.parse().ok())
            .collect();
        SHARP.with(|s| {
            s.set((
                f.first().copied().unwrap_or(0.0),
                f.get(1).copied().unwrap_or(0.0),
                f.get(2).copied().unwrap_or(0.0),
            ))
        });
        barcode_mode(
            a.first().copied().unwrap_or(1),
            a.get(1).copied().unwrap_or(120),
        );
        return;
    }
    let mut args = std::env::args().skip(1);
    let first: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let last: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(120);
    let kinds = args.next().unwrap_or_else(|| "front,back,passport".into());
    let (mut genuine, mut taken) = (0, 0);
    let mut misses: BTreeMap<&'static str, usize> = BTreeMap::new();
    for seed in first.max(1)..=last {
        let scene = Scene::new(Split::Tuning, seed, None);
        if !scene.truth.should_capture || !kinds.contains(scene.side) {
            continue;
        }
        if !matches!(
            scene.kind,
            Kind::CardFront | Kind::CardBack | Kind::Passport
        ) {
            continue;
        }
        genuine += 1;
        let side = Side::parse(scene.side).expect("side");
        let mut analyzer = Analyzer::new(side).expect("analyzer");
        let mut auto = AutoCapture::new(4);
        let (w, h) = (scene.width as usize, scene.height as usize);
        let mut letters = String::new();
        let mut verdicts: BTreeMap<&'static str, u32> = BTreeMap::new();
        let mut fired = false;
        let (mut tried, mut decoded) = (0, 0);
        for i in 0..15 {
            let shot = scene.frame(i);
            let px = image::DynamicImage::ImageRgb8(shot.image)
                .into_rgba8()
                .into_raw();
            let frame = Frame::rgba(&px, w, h).expect("frame");
            let report = analyzer.analyze(&frame).expect("analyze");
            if let Some(b) = report.barcode_readable {
                tried += 1;
                decoded += usize::from(b);
            }
            letters.push(letter(report.verdict));
            *verdicts.entry(report.verdict.as_str()).or_default() += 1;
            if auto.push(&report, || ()).is_some() {
                fired = true;
                break;
            }
        }
        let most = verdicts
            .iter()
            .max_by_key(|(_, n)| **n)
            .map_or("-", |(v, _)| *v);
        if fired {
            taken += 1;
        } else {
            *misses.entry(most).or_default() += 1;
        }
        let module = scene
            .barcode_module_px
            .map_or(String::new(), |m| format!(" module {m:.2}px"));
        let codes = if tried > 0 {
            format!(" decoded {decoded}/{tried}")
        } else {
            String::new()
        };
        println!(
            "{} {:<40} {:<16} blur {:.1} jpeg {:?} {}x{}{module}{codes}",
            if fired { "taken " } else { "MISSED" },
            scene.name(),
            letters,
            scene.blur,
            scene.jpeg,
            w,
            h
        );
    }
    println!("taken {taken}/{genuine}; misses by verdict: {misses:?}");
}
