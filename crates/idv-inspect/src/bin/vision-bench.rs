//! `vision-bench [--runs N] [--wasm FILE]`: times the capture checks natively on 1280×720
//! RGBA frames and prints one JSON object: median and p95 milliseconds of (1) quality +
//! document verdict on a card front, (2) face detection on the selfie, (3) the back's barcode
//! decode on a card tilted 5°, (4) the whole analysis of a back tilted 5° and 7° and of a
//! selfie, (5) the warp's nanoseconds a pixel, next to the in-browser targets of issues 8 and
//! 16. With `--wasm FILE`
//! it also prints that file's gzip size (the worker's wasm, once it exists).
//! Build it in release: `cargo run --release -p idv-inspect --bin vision-bench`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use idv_inspect::bench::{self, BenchFrames};

/// The file's size and its size after `gzip -9`. gzip's input is written from a thread while
/// its output is read here: writing it all first would block on a full pipe once gzip's own
/// output pipe fills (any file over ~64 KB compressed), with each side waiting for the other.
fn gzip_size(path: &PathBuf) -> std::io::Result<(usize, usize)> {
    let bytes = std::fs::read(path)?;
    let raw = bytes.len();
    let mut child = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| std::io::Error::other("gzip has no stdin"))?;
    let writer = std::thread::spawn(move || stdin.write_all(&bytes));
    let out = child.wait_with_output()?;
    writer
        .join()
        .map_err(|_| std::io::Error::other("the thread feeding gzip panicked"))??;
    if !out.status.success() {
        return Err(std::io::Error::other(format!("gzip: {}", out.status)));
    }
    Ok((raw, out.stdout.len()))
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
    out["targets_issue_16"] = bench::targets();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_size_of_a_file_larger_than_a_pipe_finishes() {
        // 4 MB that barely compresses: gzip's output fills its pipe long before its input ends.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let bytes: Vec<u8> = (0..4_000_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        let path =
            std::env::temp_dir().join(format!("vision-bench-gzip-{}.bin", std::process::id()));
        std::fs::write(&path, &bytes).expect("temp file");
        let sizes = gzip_size(&path);
        let _ = std::fs::remove_file(&path);
        let (raw, gz) = sizes.expect("gzip ran");
        assert_eq!(raw, 4_000_000);
        assert!(
            gz > 3_900_000 && gz < 4_100_000,
            "random bytes stay about their size: {gz}"
        );
    }
}
