//! The iframe URL fragment (`#session=…&token=…`) read by `launch::parse_fragment`.
//! Invariants: no panic; accepted ids are 1–128 characters of `[A-Za-z0-9_-]`, and a fragment
//! rebuilt from them parses to the same launch.
#![no_main]

use idv_widget::launch::parse_fragment;
use libfuzzer_sys::fuzz_target;

fn well_formed(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fuzz_target!(|data: &[u8]| {
    let Ok(hash) = std::str::from_utf8(data) else {
        return;
    };
    let Some(launch) = parse_fragment(hash) else {
        return;
    };
    assert!(well_formed(&launch.session_id), "{launch:?}");
    assert!(well_formed(&launch.token), "{launch:?}");
    let rebuilt = format!("#session={}&token={}", launch.session_id, launch.token);
    assert_eq!(parse_fragment(&rebuilt), Some(launch));
});
