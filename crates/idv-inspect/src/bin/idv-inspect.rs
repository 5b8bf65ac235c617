//! `idv-inspect IMAGE [--side front|back|passport|selfie]`: prints one JSON object saying what
//! the on-device checks make of a JPEG or PNG photo (`verdict`, `document`, `barcode_readable`,
//! `faces`, `metrics`). The side defaults to `front`. Exit status 2 for a usage or read error.

use std::process::ExitCode;

use frame_vision::Side;

fn usage() -> ExitCode {
    eprintln!("usage: idv-inspect IMAGE [--side front|back|passport|selfie]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut path = None;
    let mut side = Side::Front;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--side" => {
                let Some(value) = args.get(i + 1) else {
                    return usage();
                };
                match frame_vision::parse_side(value) {
                    Ok(s) => side = s,
                    Err(e) => {
                        eprintln!("idv-inspect: {e}");
                        return usage();
                    }
                }
                i += 1;
            }
            "-h" | "--help" => return usage(),
            p if path.is_none() => path = Some(p.to_string()),
            _ => return usage(),
        }
        i += 1;
    }
    let Some(path) = path else {
        return usage();
    };
    let img = match image::open(&path) {
        Ok(i) => i.to_rgba8(),
        Err(e) => {
            eprintln!("idv-inspect: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    match idv_inspect::inspect_image(&img, side) {
        Ok(report) => {
            println!("{:#}", idv_inspect::report_json(&report));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("idv-inspect: {e}");
            ExitCode::from(2)
        }
    }
}
