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

use idv_inspect::bench::{self, BenchFrames};

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
    let frames = match std::fs::read(&photo)
        .map_err(|e| e.to_string())
        .and_then(|png| BenchFrames::new(&png))
    {
        Ok(f) => f,
        Err(e) => {
            eprintln!(
                "vision-bench: {}: {e}: run scripts/setup.sh",
                photo.display()
            );
            return ExitCode::from(2);
        }
    };
    let origin = Instant::now();
    let now_ms = || origin.elapsed().as_secs_f64() * 1000.0;
    let mut out = match bench::run(&frames, runs, &now_ms) {
        Ok(out) => out,
        Err(e) => {
            eprintln!("vision-bench: {e}");
            return ExitCode::from(2);
        }
    };
    out["build"] = serde_json::json!(if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    });
    out["targets_in_chromium_ms"] = serde_json::json!({ "quality_and_document_verdict": 5, "face_detection": 15, "barcode_decode_tilted_5deg": 15 });
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
