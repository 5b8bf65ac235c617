//! `vision-eval [--split tuning|held-out|both] [--scenes N] [--selfies N] [--frames N] [--skip N] [--trace] [--dump DIR]`
//! (or `--pdf417-sweep SEEDS`: which barcode module sizes the checks' decoder reads; or
//! `--dir DIR [--frames N]`: the same scoreboard on a folder of pictures with ground truth in
//! `DIR/truth.json`, one line per picture with its verdicts, see `idv_inspect::eval_dir`): the
//! scoreboard of the capture checks on generated scenes (issue 16), each scene's hand-held
//! frames through the widget's real analysis step at 5 frames a second. Prints one table per
//! split, with the held-out targets beside each figure, then the scenes missed and the
//! non-documents taken. `--dump DIR` writes each scene's first frame as PNG instead. `--skip N`
//! starts N seeds into the split (`--skip 360 --scenes 360`: seeds 361–720 of tuning);
//! `--trace` prints every document frame's verdict, movement and corners to stderr.
//! `VISION_EVAL_CROPS=DIR` writes the straightened document of each first frame whose glare is
//! judged, named with its truth and measure, to study the glare rule on.
//!
//! Run it: `cargo run -p idv-inspect --bin vision-eval` (the crates it runs are built optimised
//! in the dev profile). The face photo comes from `tools/.model` (scripts/setup.sh).

use std::path::PathBuf;
use std::process::ExitCode;

use fixtures::scenes::Split;
use idv_inspect::{eval, eval_dir};

fn photos() -> Option<fixtures::Photos> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/.model"));
    let read = |n: &str| std::fs::read(dir.join(n)).ok();
    let (a, c, k) = (
        read("astronaut.png")?,
        read("chelsea.png")?,
        read("coffee.png")?,
    );
    fixtures::Photos::from_png(&a, &c, &k).ok()
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: vision-eval [--split tuning|held-out|both] [--scenes N] [--selfies N] [--frames N] [--skip N] [--trace] [--dump DIR] | --pdf417-sweep SEEDS | --dir DIR [--frames N]"
    );
    ExitCode::from(2)
}

/// `--dir DIR`: the scoreboard of a folder of pictures with ground truth, then one line per
/// picture (why each was refused), then the lists the generated splits print.
fn score_folder(dir: &std::path::Path, frames: u32) -> ExitCode {
    let started = std::time::Instant::now();
    let run = match eval_dir::run_dir(dir, frames, |_| {}) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("vision-eval: {e}");
            return ExitCode::from(2);
        }
    };
    let board = &run.board;
    print!("{}", board.table());
    println!("  ({} s)", started.elapsed().as_secs());
    println!("per picture (MISSED: genuine not taken; TAKEN!: must not have been taken):");
    for o in &run.outcomes {
        println!("  {}", o.line());
    }
    print_lists(board);
    ExitCode::SUCCESS
}

fn print_lists(board: &eval::Scoreboard) {
    let lists = [
        ("missed", &board.misses),
        ("non-document taken", &board.false_captures),
        ("flawed taken", &board.flawed_captures),
        ("glare missed", &board.glare_missed),
        ("glare-free flagged", &board.glare_false),
        ("crop cut the card", &board.cut_crops),
    ];
    for (label, names) in lists {
        for m in names {
            println!("  {label}: {m}");
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut splits, mut dump, mut folder) = (vec![Split::Tuning, Split::HeldOut], None, None);
    let mut plan = eval::Plan {
        scenes: 120,
        selfies: 20,
        frames: eval::MAX_FRAMES,
        skip: 0,
        trace: false,
    };
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--trace" {
            plan.trace = true;
            i += 1;
            continue;
        }
        let value = args.get(i + 1);
        match (args[i].as_str(), value) {
            ("--split", Some(v)) => {
                splits = match v.as_str() {
                    "tuning" => vec![Split::Tuning],
                    "held-out" => vec![Split::HeldOut],
                    "both" => vec![Split::Tuning, Split::HeldOut],
                    _ => return usage(),
                }
            }
            ("--scenes", Some(v)) => match v.parse() {
                Ok(n) => plan.scenes = n,
                Err(_) => return usage(),
            },
            ("--skip", Some(v)) => match v.parse() {
                Ok(n) => plan.skip = n,
                Err(_) => return usage(),
            },
            ("--selfies", Some(v)) => match v.parse() {
                Ok(n) => plan.selfies = n,
                Err(_) => return usage(),
            },
            ("--frames", Some(v)) => match v.parse() {
                Ok(n) if n > 0 => plan.frames = n,
                _ => return usage(),
            },
            ("--dump", Some(v)) => dump = Some(PathBuf::from(v)),
            ("--dir", Some(v)) => folder = Some(PathBuf::from(v)),
            ("--pdf417-sweep", Some(v)) => match v.parse::<u64>() {
                Ok(seeds) if seeds > 0 => {
                    println!("PDF417 legibility sweep ({seeds} seeds × 6 layouts × 2 tilts)");
                    println!("  module px in frame   read by the checks' decoder");
                    for r in eval::pdf417_sweep(seeds, &eval::SWEEP_MODULES) {
                        println!(
                            "  {:>5.2}                {}/{} ({:.0} %)",
                            r.module_px,
                            r.read,
                            r.tried,
                            100.0 * r.read as f32 / r.tried.max(1) as f32
                        );
                    }
                    return ExitCode::SUCCESS;
                }
                _ => return usage(),
            },
            _ => return usage(),
        }
        i += 2;
    }
    if let Some(dir) = folder {
        return score_folder(&dir, plan.frames);
    }
    let photos = photos();
    if photos.is_none() {
        eprintln!("vision-eval: tools/.model photos missing (run scripts/setup.sh): no faces, pets or selfies");
    }
    if let Some(dir) = dump {
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("vision-eval: {}: {e}", dir.display());
            return ExitCode::from(2);
        }
        for split in splits {
            for s in eval::split_scenes(split, plan.skip, plan.scenes, photos.as_ref()) {
                let path = dir.join(format!("{}.png", s.name()));
                if let Err(e) = s.frame(0).image.save(&path) {
                    eprintln!("vision-eval: {}: {e}", path.display());
                    return ExitCode::from(2);
                }
            }
        }
        return ExitCode::SUCCESS;
    }
    for split in splits {
        let started = std::time::Instant::now();
        let board = match eval::run(split, plan, photos.as_ref(), |_| {}) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("vision-eval: {e}");
                return ExitCode::from(2);
            }
        };
        print!("{}", board.table());
        println!("  ({} s)", started.elapsed().as_secs());
        print_lists(&board);
    }
    ExitCode::SUCCESS
}
