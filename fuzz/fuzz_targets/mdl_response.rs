//! A Digital Credentials API `org-iso-mdoc` answer (the credential's `data.response`) through
//! `mdoc_verify::verify_response`, with the committed vectors' request, origin, IACA and `now`,
//! so the seeds (the genuine vector and a truncated one) open and reach every check.
//!
//! Invariants: no panic; only the genuine answer verifies (the envelope's AEAD makes any change
//! to it fail), and what verifies is the vector's holder.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mdoc_verify::{request_with, verify_response, Request, TrustAnchors};

const ORIGIN: &str = "https://idv.example.org";
const NOW: i64 = 1_796_616_000;
const NONCE: &str = "38d91b84a397cbe9cdec1f91df5100e3";
const SECRET: &str = "b58f11fb9e03b56cd9a54a9e72a06f911d1f68bf1a0fcc428263657359e761ba";
const IACA: &str = include_str!("../../crates/mdoc-verify/tests/vectors/iaca.pem");

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
}

fn setup() -> &'static (Request, TrustAnchors) {
    static SETUP: OnceLock<(Request, TrustAnchors)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let secret: [u8; 32] = hex(SECRET).try_into().expect("32 bytes");
        let request = request_with(&hex(NONCE), secret).expect("request");
        (request, TrustAnchors::from_pem(IACA).expect("anchors"))
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(response) = std::str::from_utf8(data) else {
        return;
    };
    let (request, anchors) = setup();
    if let Ok(mdl) = verify_response(response, request, ORIGIN, anchors, NOW) {
        assert_eq!(mdl.family_name, "Rivera");
        assert_eq!(mdl.document_number, "UT-0001234");
    }
});
