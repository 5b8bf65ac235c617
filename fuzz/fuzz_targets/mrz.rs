//! A passport's two MRZ lines (`id_documents::mrz::parse`) with any reference year.
//! Input: two bytes of year (big-endian), then line 1 and line 2 separated by `\n`.
//! Invariants: no panic; the birth date is not after the reference year; what `encode` builds
//! from a parsed passport parses again, and is a fixed point after that.
#![no_main]

use id_documents::mrz::{encode, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [hi, lo, rest @ ..] = data else {
        return;
    };
    let this_year = u16::from_be_bytes([*hi, *lo]);
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (line1, line2) = text.split_once('\n').unwrap_or((text, ""));
    let Ok(td3) = parse(line1, line2, this_year) else {
        return;
    };
    assert!(td3.birth_date.year <= this_year);
    let (l1, l2) = encode(&td3);
    let once = parse(&l1, &l2, this_year).expect("encode builds a valid MRZ");
    let (l1, l2) = encode(&once);
    assert_eq!(parse(&l1, &l2, this_year), Ok(once));
});
