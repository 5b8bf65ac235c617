//! `cargo run -p frame-quality --example glare_dir -- DIR`: [`frame_quality::highlights`] on every
//! straightened crop `vision-eval` wrote with `VISION_EVAL_CROPS=DIR` (`NAME_gT_qQ.png`, T the
//! truth's glare over content), tallied against the truth: the glare rule's scoreboard lines
//! (recall, glare-free flagged) in seconds instead of a full run, to study the rule on.

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: glare_dir DIR");
        std::process::exit(2);
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("cannot read {dir}");
        std::process::exit(2);
    };
    let mut names: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    names.sort();
    let (mut tp, mut fnn, mut fp, mut free) = (0, 0, 0, 0);
    for path in names {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let truth = name.contains("_g1_");
        let Ok(img) = image::open(&path) else {
            eprintln!("{name}: not read");
            continue;
        };
        let img = img.to_luma8();
        let (w, h) = (img.width() as usize, img.height() as usize);
        if std::env::var_os("GLARE_DIR_ALL").is_some() {
            eprintln!("file {name}");
        }
        let g = frame_quality::highlights(img.as_raw(), w, h);
        let flagged = g > 0.002;
        match (flagged, truth) {
            (true, true) => tp += 1,
            (false, true) => {
                fnn += 1;
                println!("missed {name} {g:.4}");
            }
            (true, false) => {
                fp += 1;
                println!("false {name} {g:.4}");
            }
            (false, false) => {}
        }
        if !truth {
            free += 1;
        }
    }
    println!("recall {tp}/{} flagged glare-free {fp}/{free}", tp + fnn);
}
