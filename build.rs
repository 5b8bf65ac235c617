//! Compiles the translation files, `locales/*.ftl` (Fluent), into Rust at build time with
//! `crates/ftl-codegen`: no parser, no hash map and no file ships in the wasm, only the strings
//! and a table (see `src/i18n.rs` for why).

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    let compiled = ftl_codegen::compile_dir(&dir).unwrap_or_else(|e| fail(&e));
    for input in &compiled.inputs {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    let out = Path::new(&std::env::var_os("OUT_DIR").unwrap_or_default()).join("i18n.rs");
    std::fs::write(&out, compiled.code).unwrap_or_else(|e| fail(&e));
}

fn fail(e: &dyn std::fmt::Display) -> ! {
    eprintln!("locales: {e}");
    std::process::exit(1)
}
