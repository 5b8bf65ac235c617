//! `dist-finish [DIST]` (default `dist`): moves Trunk's inline loader out of `index.html` and
//! writes `.br`/`.gz` twins of every file, then prints one line per file with its sizes.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dist = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "dist".into()));
    match dist_finish::finish(&dist) {
        Ok((scripts, report)) => {
            for name in scripts {
                println!("moved the inline loader to {name}");
            }
            let size = |s: Option<usize>| s.map_or("-".to_owned(), |n| n.to_string());
            for c in report {
                let name = c.path.strip_prefix(&dist).unwrap_or(&c.path).display();
                println!(
                    "{name}: {} bytes, br {}, gzip {}",
                    c.original,
                    size(c.brotli),
                    size(c.gzip)
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dist-finish: {e}");
            ExitCode::FAILURE
        }
    }
}
