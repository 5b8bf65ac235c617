//! `vision-bench [--runs N] [--wasm FILE]`: times the capture checks natively on 1280×720
//! RGBA frames and prints one JSON object: median and p95 milliseconds of (1) quality +
//! document verdict on a card front, (2) face detection on the selfie, (3) the back's barcode
//! decode on a card tilted 5°, next to the in-browser targets of issue 8. With `--wasm FILE`
//! it also prints that file's gzip size (the worker's wasm, once it exists).
//! Build it in release: `cargo run --release -p idv-inspect --bin vision-bench`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use frame_vision::{barcode, find_document, Analyzer, FaceDetector, Frame, Side};

fn stats(mut ms: Vec<f64>) -> serde_json::Value {
    ms.sort_by(f64::total_cmp);
    let pick = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    let r = |v: f64| (v * 1000.0).round() / 1000.0;
    serde_json::json!({ "median_ms": r(pick(0.5)), "p95_ms": r(pick(0.95)), "runs": ms.len() })
}

fn time(runs: usize, mut f: impl FnMut()) -> serde_json::Value {
    for _ in 0..3 {
        f();
    }
    stats(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    )
}

fn rgba(img: &image::RgbImage) -> Vec<u8> {
    image::DynamicImage::ImageRgb8(img.clone())
        .into_rgba8()
        .into_raw()
}

fn gzip_size(path: &PathBuf) -> std::io::Result<(usize, usize)> {
    let bytes = std::fs::read(path)?;
    let mut child = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(&bytes)?;
    }
    let out = child.wait_with_output()?;
    Ok((bytes.len(), out.stdout.len()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut runs = 50usize;
    let mut wasm = None;
    let mut i = 0;
    while i < args.len() {
        match (args[i].as_str(), args.get(i + 1)) {
            ("--runs", Some(n)) => match n.parse() {
                Ok(n) if n > 0 => runs = n,
                _ => {
                    eprintln!("vision-bench: --runs wants a positive number");
                    return ExitCode::from(2);
                }
            },
            ("--wasm", Some(p)) => wasm = Some(PathBuf::from(p)),
            _ => {
                eprintln!("usage: vision-bench [--runs N] [--wasm FILE]");
                return ExitCode::from(2);
            }
        }
        i += 2;
    }
    let photo = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tools/.model/astronaut.png"
    ));
    let astronaut = match image::open(&photo) {
        Ok(p) => p.to_rgb8(),
        Err(e) => {
            eprintln!(
                "vision-bench: {}: {e}: run scripts/setup.sh",
                photo.display()
            );
            return ExitCode::from(2);
        }
    };
    let (w, h) = (fixtures::WIDTH as usize, fixtures::HEIGHT as usize);
    let front = rgba(&fixtures::card_front(1));
    let back = rgba(&fixtures::moved(
        &fixtures::card_back(&fixtures::demo_licence()),
        5.0,
        1.0,
        0.0,
    ));
    let head = image::imageops::crop_imm(&astronaut, 77, 0, 300, 300).to_image();
    let selfie = rgba(&fixtures::portrait_scene(&head, 620, &[(640, 360)]));
    let frame = |px| Frame::rgba(px, w, h);
    let (Ok(front), Ok(back), Ok(selfie)) = (frame(&front), frame(&back), frame(&selfie)) else {
        eprintln!("vision-bench: fixture frames are not 1280×720");
        return ExitCode::from(2);
    };
    let detector = match FaceDetector::embedded() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("vision-bench: {e}");
            return ExitCode::from(2);
        }
    };
    let document = match Analyzer::new(Side::Front) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("vision-bench: {e}");
            return ExitCode::from(2);
        }
    };
    let back_luma = back.to_luma();
    let front_luma = front.to_luma();
    let Some(back_doc) = find_document(&back_luma, w, h) else {
        eprintln!("vision-bench: the tilted back was not found");
        return ExitCode::from(2);
    };
    if !barcode::barcode_readable(&back_luma, w, h, &back_doc) {
        eprintln!("vision-bench: the tilted back's barcode did not decode");
        return ExitCode::from(2);
    }
    let mut out = serde_json::json!({
        "frame": "1280x720 RGBA",
        "build": if cfg!(debug_assertions) { "debug" } else { "release" },
        "quality_and_document_verdict": time(runs, || {
            let _ = document.inspect(&front);
        }),
        "luma_from_rgba": time(runs, || {
            let _ = front.to_luma();
        }),
        "find_document_on_luma": time(runs, || {
            let _ = find_document(&front_luma, w, h);
        }),
        "face_detection": time(runs, || {
            let _ = detector.detect(&selfie);
        }),
        "barcode_decode_tilted_5deg": time(runs, || {
            let _ = barcode::barcode_readable(&back_luma, w, h, &back_doc);
        }),
        "targets_in_chromium_ms": { "quality_and_document_verdict": 5, "face_detection": 15, "barcode_decode_tilted_5deg": 15 },
    });
    if let Some(path) = wasm {
        match gzip_size(&path) {
            Ok((raw, gz)) => {
                out["wasm"] = serde_json::json!({ "file": path.display().to_string(), "bytes": raw, "gzip_bytes": gz });
            }
            Err(e) => {
                eprintln!("vision-bench: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    println!("{out:#}");
    ExitCode::SUCCESS
}
