//! A 1Kosmos `/verify` answer, from HTTP body to decision: `client::open_response` (which calls
//! `SharedKey::decrypt`), serde into `wire::VerifyResponse`, then `decide`.
//!
//! Input: one selector byte, then the body. Selector bit 0 set: the body is sent as it is
//! (garbage envelopes, bad base64, wrong tags). Clear: the body is the plaintext answer, sealed
//! with the shared key as the tenant would, so the fuzzer reaches the JSON and the decision.
//! Bits 1–2 choose the checks asked for (licence, passport, ID card or re-verification).
//!
//! Invariants: no panic; sealing round-trips; `decide` never says PASS unless every requested
//! check is present and verified and there is no `errorInfo`.
#![no_main]

use std::sync::OnceLock;

use docuverify::client::open_response;
use docuverify::journey::{checks_for, reverify_checks, DocKind};
use docuverify::wire::VerifyResponse;
use docuverify::{decide, Decision, KeyPair, SharedKey};
use libfuzzer_sys::fuzz_target;

// Test-only keys from the envelope crate's reference vector.
const CLIENT_PRIV: &str = "QFqsZe0H3+9uS6T0eZKOugRJk5ImN+tDiAJxk93Umek=";
const SERVER_PUB: &str =
    "sguqCEhFcFdQQCpbHjVQb7DXI6NeZ1v9xZm/XgDx0l7UK8NHNTy40p2kBrodQFH5Uwij4S+yY2GGnf4huBRiQQ==";

fn key() -> &'static SharedKey {
    static KEY: OnceLock<SharedKey> = OnceLock::new();
    KEY.get_or_init(|| {
        KeyPair::from_private_b64(CLIENT_PRIV)
            .and_then(|k| k.shared_key(SERVER_PUB))
            .expect("the reference test keys are valid")
    })
}

fn passes_honestly(requested: &[String], r: &VerifyResponse) -> bool {
    !requested.is_empty()
        && r.error_info.is_none()
        && requested.iter().all(|name| {
            r.certifications
                .iter()
                .any(|c| &c.kind == name && c.verified)
        })
}

fuzz_target!(|data: &[u8]| {
    let [selector, rest @ ..] = data else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let key = key();
    let body = if selector & 1 == 1 {
        let _ = key.decrypt(text);
        text.to_owned()
    } else {
        let sealed = key.encrypt_with_iv(text, [*selector; docuverify::envelope::IV_LEN]);
        assert_eq!(key.decrypt(&sealed).as_deref(), Ok(text));
        serde_json::json!({ "data": sealed, "publicKey": "k" }).to_string()
    };
    let requested = match (selector >> 1) & 3 {
        0 => checks_for(DocKind::DriversLicense),
        1 => checks_for(DocKind::Passport),
        2 => checks_for(DocKind::IdCard),
        _ => reverify_checks(),
    };
    let Ok(plain) = open_response(key, &body) else {
        return;
    };
    let Ok(response) = serde_json::from_str::<VerifyResponse>(&plain) else {
        return;
    };
    if decide(&requested, &response) == Decision::Pass {
        assert!(passes_honestly(&requested, &response), "{response:?}");
    }
});
