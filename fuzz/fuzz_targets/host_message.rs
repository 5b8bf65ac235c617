//! Inbound `postMessage` data, as `bridge::listen` hands it to `protocol::decode_host`.
//! Invariants: no panic; an accepted message was small enough, and it survives
//! encode → decode unchanged.
#![no_main]

use idv_wire::protocol::{decode_host, Envelope, HostMessage, MAX_INBOUND_BYTES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(message) = decode_host(text) else {
        return;
    };
    assert!(text.len() <= MAX_INBOUND_BYTES);
    let envelope = Envelope {
        source: "idv-host".to_owned(),
        ..Envelope::<HostMessage>::new(message.clone())
    };
    let again = serde_json::to_string(&envelope).expect("a host message serialises");
    assert_eq!(decode_host(&again), Ok(message));
});
