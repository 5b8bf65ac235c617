//! `cargo run --release -p frame-vision --example reads-diag -- SEED…`: tuning scenes' truth
//! (code legible, module, blur, noise, JPEG, light), and for each of the first `FRAMES` frames
//! (3 unless set): passports, the verdict, the MRZ band and the MRZ read with its scores;
//! backs, the verdict, the corners' distance from the truth, and whether the barcode decodes
//! straightened from the corners found, from the true ones and from the found ones 3 % larger,
//! each at 1, 1.5 and 2 times the card's resolution (`DUMP=dir` writes the straightened card).
//! Tuning seeds only: never the held-out split.

use fixtures::scenes::{Kind, Scene, Split};
use frame_vision::{barcode, geometry, Analyzer, Frame, Point, Quad, Side};

fn crop(luma: &[u8], w: usize, h: usize, q: &Quad, scale: f32) -> Option<(Vec<u8>, usize, usize)> {
    let e = |a: Point, b: Point| a.distance(b);
    let hor = (e(q[0], q[1]) + e(q[3], q[2])) / 2.0;
    let ver = (e(q[0], q[3]) + e(q[1], q[2])) / 2.0;
    let s = scale.min(2400.0 / hor.max(ver));
    let (cw, ch) = ((hor * s).round() as usize, (ver * s).round() as usize);
    geometry::warp_quad(luma, w, h, q, cw, ch).map(|c| (c, cw, ch))
}

fn grow(q: &Quad, f: f32) -> Quad {
    let cx = q.iter().map(|p| p.x).sum::<f32>() / 4.0;
    let cy = q.iter().map(|p| p.y).sum::<f32>() / 4.0;
    q.map(|p| Point::new(cx + (p.x - cx) * f, cy + (p.y - cy) * f))
}

fn main() {
    let frames: u32 = std::env::var("FRAMES")
        .ok()
        .and_then(|f| f.parse().ok())
        .unwrap_or(3);
    for seed in std::env::args()
        .skip(1)
        .filter_map(|a| a.parse::<u64>().ok())
    {
        let scene = Scene::new(Split::Tuning, seed, None);
        println!(
            "{} should={} legible={:?} module={:?} blur={:.2} noise={:.1} jpeg={:?} light={:?}",
            scene.name(),
            scene.truth.should_capture,
            scene.truth.code_legible,
            scene.barcode_module_px,
            scene.blur,
            scene.noise,
            scene.jpeg,
            scene.light
        );
        if scene.kind == Kind::Passport {
            let (w, h) = (scene.width as usize, scene.height as usize);
            for fi in 0..frames {
                let px = fixtures::rgba(&scene.frame(fi).image);
                let frame = Frame::rgba(&px, w, h).expect("frame");
                let r = Analyzer::new(Side::Passport)
                    .expect("a")
                    .inspect(&frame)
                    .expect("i");
                let read = r
                    .document
                    .as_ref()
                    .and_then(|d| frame_vision::mrz::read_mrz(&frame.to_luma(), w, h, &d.corners));
                println!(
                    "  #{fi} {} mrz={:?} read={:?}",
                    r.verdict.as_str(),
                    r.mrz,
                    read.map(|r| (r.valid, r.min_score, r.min_margin, r.lines))
                );
            }
        }
        if scene.kind != Kind::CardBack {
            continue;
        }
        let (w, h) = (scene.width as usize, scene.height as usize);
        for fi in 0..frames {
            let shot = scene.frame(fi);
            let px = fixtures::rgba(&shot.image);
            let frame = Frame::rgba(&px, w, h).expect("frame");
            let analyzer = Analyzer::new(Side::Back).expect("a");
            let r = analyzer.inspect(&frame).expect("inspect");
            let Some(doc) = r.document else { continue };
            let luma = frame.to_luma();
            let truth = shot.corners.map(|c| c.map(|p| Point::new(p.0, p.1)));
            let err = truth.map(|t| {
                t.iter()
                    .zip(doc.corners.iter())
                    .map(|(a, b)| a.distance(*b))
                    .fold(0f32, f32::max)
            });
            if let Some(dir) = std::env::var_os("DUMP") {
                if let Some((c, cw, ch)) = crop(&luma, w, h, &doc.corners, 1.0) {
                    let _ = image::GrayImage::from_raw(cw as u32, ch as u32, c).map(|g| {
                        g.save(
                            std::path::Path::new(&dir).join(format!("{}-{fi}.png", scene.name())),
                        )
                    });
                }
            }
            let mut res = Vec::new();
            for (name, q) in [
                ("det", Some(doc.corners)),
                ("truth", truth),
                ("det+3%", Some(grow(&doc.corners, 1.03))),
            ] {
                let Some(q) = q else { continue };
                for scale in [1.0f32, 1.5, 2.0] {
                    let ok = crop(&luma, w, h, &q, scale)
                        .and_then(|(c, cw, ch)| barcode::read_card_crop(&c, cw, ch))
                        .is_some();
                    res.push(format!("{name}@{scale}:{}", u8::from(ok)));
                }
            }
            println!(
                "  #{fi} verdict={} tilt={:.1} err={:?} {:?}",
                r.verdict.as_str(),
                doc.tilt_deg,
                err,
                res.join(" ")
            );
        }
    }
}
