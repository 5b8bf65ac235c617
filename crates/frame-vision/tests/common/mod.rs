//! What several of frame-vision's integration tests share.

use fixtures::Photos;

/// The photos `scripts/setup.sh` prepared, built into the test.
pub fn photos() -> Photos {
    #[cfg(fixture_photos)]
    {
        Photos::from_png(
            include_bytes!(concat!(env!("FIXTURE_PHOTOS"), "/astronaut.png")),
            include_bytes!(concat!(env!("FIXTURE_PHOTOS"), "/chelsea.png")),
            include_bytes!(concat!(env!("FIXTURE_PHOTOS"), "/coffee.png")),
        )
        .expect("the prepared photos decode")
    }
    #[cfg(not(fixture_photos))]
    panic!("fixture photos missing from tools/.model: run scripts/setup.sh, then rebuild")
}
