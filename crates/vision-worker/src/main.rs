//! The analysis Web Worker's entry point. `scripts/build.sh` builds it apart from the widget
//! (cargo with `+simd128`, wasm-bindgen `--target no-modules`, wasm-opt), not Trunk: Trunk
//! cannot give one binary SIMD and not the other. Natively there is nothing to run: the
//! decisions live in the library and are tested there; `shell.rs` is the browser shell.

#[cfg(target_arch = "wasm32")]
mod shell;

fn main() {
    #[cfg(target_arch = "wasm32")]
    shell::run();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("vision-worker runs as the widget's Web Worker: build it with scripts/build.sh");
}
