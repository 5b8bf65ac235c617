//! Embeds the face model and, for the tests, the fixture photos when `scripts/setup.sh` has
//! prepared them in `tools/.model`. Without them the crate still builds; face detection then
//! answers `VisionError::ModelMissing`, which says to run scripts/setup.sh.

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/.model");
    println!("cargo::rustc-check-cfg=cfg(face_model)");
    println!("cargo::rustc-check-cfg=cfg(fixture_photos)");
    println!("cargo::rerun-if-changed={}", dir.display());
    let model = dir.join("face_detection_short_range.onnx");
    println!("cargo::rerun-if-changed={}", model.display());
    if model.is_file() {
        println!("cargo::rustc-cfg=face_model");
        println!("cargo::rustc-env=FACE_MODEL_ONNX={}", model.display());
    } else {
        println!(
            "cargo::warning=face model missing ({}): run scripts/setup.sh",
            model.display()
        );
    }
    let photos = ["astronaut.png", "chelsea.png", "coffee.png"];
    for p in photos {
        println!("cargo::rerun-if-changed={}", dir.join(p).display());
    }
    if photos.iter().all(|p| dir.join(p).is_file()) {
        println!("cargo::rustc-cfg=fixture_photos");
        println!("cargo::rustc-env=FIXTURE_PHOTOS={}", dir.display());
    }
}
