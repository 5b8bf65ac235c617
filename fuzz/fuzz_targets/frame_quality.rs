//! Frame analysis (`frame_quality::measure`, `judge`, `luma_from_rgba`) with any width, height
//! and buffer length. Input: 8 bytes width, 8 bytes height (little-endian), then the pixels.
//! Invariants: no panic; metrics stay in range; a `Good` verdict meets every threshold.
#![no_main]

use frame_quality::{judge, luma_from_rgba, measure, Thresholds, Verdict};
use libfuzzer_sys::fuzz_target;

fn word(bytes: &[u8]) -> usize {
    let mut b = [0u8; 8];
    b.copy_from_slice(bytes);
    let v = u64::from_le_bytes(b);
    usize::try_from(v).unwrap_or(usize::MAX)
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 16 {
        return;
    }
    let (width, height) = (word(&data[0..8]), word(&data[8..16]));
    let pixels = &data[16..];
    let t = Thresholds::default();
    for luma in [pixels.to_vec(), luma_from_rgba(pixels)] {
        let m = measure(&luma, width, height);
        assert!((0.0..=255.0).contains(&m.brightness), "{m:?}");
        assert!((0.0..=1.0).contains(&m.glare), "{m:?}");
        assert!(m.sharpness.is_finite() && m.sharpness >= 0.0, "{m:?}");
        if judge(&m, &t) == Verdict::Good {
            assert!(m.brightness >= t.min_brightness && m.brightness <= t.max_brightness);
            assert!(m.glare <= t.max_glare && m.sharpness >= t.min_sharpness);
        }
    }
});
