//! The analysis Web Worker (built by Trunk as a second binary, `data-type="worker"`).
//! Natively there is nothing to run: the logic lives in the library and is tested there.

#[cfg(target_arch = "wasm32")]
mod shell;

fn main() {
    #[cfg(target_arch = "wasm32")]
    shell::run();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("vision-worker runs as the widget's Web Worker: build it with `trunk build`");
}
