//! The layering, checked: the domain modules (every file directly under `src/` but the crate
//! root and the binary) never name axum or the HTTP layer, so dependencies point one way:
//! `http` → domain → `db`.

use std::path::Path;

/// The files that may name the HTTP layer: the composition root and the binary.
const ROOTS: [&str; 2] = ["lib.rs", "main.rs"];

#[test]
fn domain_never_names_the_http_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut checked = 0;
    let mut offences = Vec::new();
    for entry in std::fs::read_dir(&src).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !name.ends_with(".rs") || ROOTS.contains(&name) || name == "layering_tests.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a readable source file");
        checked += 1;
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for word in [
                "axum",
                "crate::http",
                "crate::routes",
                "super::http",
                "StatusCode",
            ] {
                if code.contains(word) {
                    offences.push(format!("src/{name}:{}: {}", i + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        checked >= 10,
        "only {checked} domain files found: is the test looking in src/?"
    );
    assert!(
        offences.is_empty(),
        "the domain names the HTTP layer:\n{}",
        offences.join("\n")
    );
}
