//! A 1Kosmos `/verify` answer, from HTTP body to decision: `client::open_response` (which calls
//! `SharedKey::decrypt`), `client::verify_answer` (serde into `wire::VerifyResponse`, `docId`
//! check), then `decide` with the identity binding.
//!
//! Input: one selector byte, then the body. Selector bit 0 set: the body is sent as it is
//! (plaintext, garbage envelopes, bad base64, wrong tags). Clear: the body is the plaintext
//! answer, sealed with the shared key as the tenant would, so the fuzzer reaches the JSON, the
//! extracted document and the decision. Bits 1–2 choose the journey: licence, passport, ID card
//! (bound to a fixed patient) or re-verification (bound to the enrolled portrait).
//!
//! Invariants: no panic; sealing round-trips; only a sealed answer opens; an answer about
//! another document never decides; `decide` never says PASS unless every requested check is
//! present and verified, there is no `errorInfo`, and (for a document) the extracted names and
//! birth date are the patient's and the document has not expired.
#![no_main]

use std::sync::OnceLock;

use docuverify::client::{open_response, verify_answer};
use docuverify::identity::{self, Patient};
use docuverify::journey::{checks_for, reverify_checks, DocKind};
use docuverify::wire::{EncryptedBody, VerifyResponse};
use docuverify::{decide, Binding, Decision, KeyPair, SharedKey};
use id_documents::names::same_name;
use id_documents::Date;
use libfuzzer_sys::fuzz_target;

// Test-only keys from the envelope crate's reference vector.
const CLIENT_PRIV: &str = "QFqsZe0H3+9uS6T0eZKOugRJk5ImN+tDiAJxk93Umek=";
const SERVER_PUB: &str =
    "sguqCEhFcFdQQCpbHjVQb7DXI6NeZ1v9xZm/XgDx0l7UK8NHNTy40p2kBrodQFH5Uwij4S+yY2GGnf4huBRiQQ==";
const DOC_ID: &str = "fuzz-doc";

fn key() -> &'static SharedKey {
    static KEY: OnceLock<SharedKey> = OnceLock::new();
    KEY.get_or_init(|| {
        KeyPair::from_private_b64(CLIENT_PRIV)
            .and_then(|k| k.shared_key(SERVER_PUB))
            .expect("the reference test keys are valid")
    })
}

fn date(y: u16, m: u8, d: u8) -> Date {
    Date::new(y, m, d).expect("a real date")
}

fn checks_pass(requested: &[String], r: &VerifyResponse) -> bool {
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
    let Ok(plain) = open_response(key, &body) else {
        return;
    };
    assert!(
        serde_json::from_str::<EncryptedBody>(&body).is_ok(),
        "plaintext opened"
    );
    let Ok(response) = verify_answer(&plain, DOC_ID) else {
        return;
    };
    assert_eq!(response.doc_id, DOC_ID);

    let patient = Patient {
        first_name: "Ana",
        last_name: "Rivera",
        birth_date: date(1958, 4, 12),
    };
    let today = date(2026, 11, 26);
    let (requested, binding) = match usize::from((selector >> 1) & 3) {
        3 => (reverify_checks(), Binding::EnrolledPortrait),
        i => {
            let kind = DocKind::ALL[i];
            let binding = Binding::Document {
                kind,
                patient,
                today,
            };
            (checks_for(kind), binding)
        }
    };
    if decide(&requested, &response, binding) != Decision::Pass {
        return;
    }
    assert!(checks_pass(&requested, &response), "{response:?}");
    if let Binding::Document { kind, .. } = binding {
        let doc = identity::extracted(&response, kind).expect("a PASS read the document");
        let first = doc.first_name.as_deref().expect("a PASS has a first name");
        let last = doc.last_name.as_deref().expect("a PASS has a last name");
        // In the document's own spelling scheme, never across.
        let scheme = kind.name_scheme();
        assert!(same_name(first, patient.first_name, scheme), "{doc:?}");
        assert!(same_name(last, patient.last_name, scheme), "{doc:?}");
        assert_eq!(doc.birth_date, Some(patient.birth_date));
        assert!(doc.expiry_date.is_some_and(|e| e >= today), "{doc:?}");
    }
});
