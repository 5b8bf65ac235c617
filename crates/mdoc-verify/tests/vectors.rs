//! The committed vectors made by the independent Python wallet (`tools/test-wallet/wallet.py
//! vectors`): the genuine answer verifies and each tampering is refused with its exact reason.

use mdoc_verify::{request_with, verify_response, AnchorError, Refused, Request, TrustAnchors};
use serde_json::Value as Json;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}/{name}")).expect("vector file")
}

fn index() -> Json {
    serde_json::from_str(&read("index.json")).expect("index.json")
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

struct Fixture {
    request: Request,
    origin: String,
    now: i64,
    anchors: TrustAnchors,
}

fn fixture() -> Fixture {
    let index = index();
    let secret: [u8; 32] = hex(index["recipient_secret_hex"].as_str().expect("secret"))
        .try_into()
        .expect("32 bytes");
    let request =
        request_with(&hex(index["nonce_hex"].as_str().expect("nonce")), secret).expect("request");
    Fixture {
        request,
        origin: index["origin"].as_str().expect("origin").to_owned(),
        now: index["now"].as_i64().expect("now"),
        anchors: TrustAnchors::from_pem(&read("iaca.pem")).expect("anchors"),
    }
}

fn response(case: &str) -> String {
    read(&format!("{case}.b64")).trim().to_owned()
}

fn verify(case: &str) -> Result<mdoc_verify::Mdl, Refused> {
    let f = fixture();
    verify_response(&response(case), &f.request, &f.origin, &f.anchors, f.now)
}

#[test]
fn our_request_is_byte_identical_to_the_independent_wallets() {
    let index = index();
    let f = fixture();
    assert_eq!(
        f.request.encryption_info,
        index["encryption_info"].as_str().expect("info")
    );
    assert_eq!(
        f.request.device_request,
        index["device_request"].as_str().expect("request")
    );
}

#[test]
fn the_genuine_answer_verifies() {
    let mdl = verify("genuine").expect("the genuine answer verifies");
    assert_eq!(mdl.family_name, "Rivera");
    assert_eq!(mdl.given_name, "Ana");
    assert_eq!(mdl.birth_date, "1958-04-12");
    assert_eq!(mdl.issue_date.as_deref(), Some("2026-11-07"));
    assert_eq!(mdl.expiry_date, "2031-12-07");
    assert_eq!(mdl.issuing_country, "US");
    assert_eq!(mdl.issuing_authority, "Utopia DMV");
    assert_eq!(mdl.document_number, "UT-0001234");
    assert!(mdl.portrait.starts_with(&[0xFF, 0xD8]));
    assert!(
        mdl.signer.contains("CN=Utopia test document signer"),
        "{}",
        mdl.signer
    );
    // Debug shows no personal data.
    let shown = format!("{mdl:?}");
    for secret in ["Rivera", "Ana", "1958", "UT-0001234", "255, 216"] {
        assert!(!shown.contains(secret), "Debug shows {secret}: {shown}");
    }
    assert!(shown.contains("Utopia DMV"));
}

#[test]
fn every_tampering_is_refused_with_its_reason() {
    let index = index();
    let cases = index["cases"].as_object().expect("cases");
    assert!(cases.len() >= 22, "every case of the wallet is here");
    for (case, expect) in cases {
        let expect = expect["expect"].as_str().expect("expect");
        match verify(case) {
            Ok(_) => assert_eq!(expect, "ok", "{case} verified but should be refused"),
            Err(refused) => assert_eq!(refused.code(), expect, "{case}"),
        }
    }
}

#[test]
fn an_answer_for_another_origin_or_request_does_not_open() {
    let f = fixture();
    let genuine = response("genuine");
    let other_origin = verify_response(
        &genuine,
        &f.request,
        "https://evil.example",
        &f.anchors,
        f.now,
    );
    assert_eq!(other_origin.map(|_| ()), Err(Refused::Envelope));
    let other_nonce = request_with(&[9; 16], f.request.recipient_secret).expect("request");
    let r = verify_response(&genuine, &other_nonce, &f.origin, &f.anchors, f.now);
    assert_eq!(r.map(|_| ()), Err(Refused::Envelope));
    let other_key = mdoc_verify::new_request(&mut rand_core::OsRng);
    let r = verify_response(&genuine, &other_key, &f.origin, &f.anchors, f.now);
    assert_eq!(r.map(|_| ()), Err(Refused::Envelope));
}

#[test]
fn time_bounds() {
    let f = fixture();
    let genuine = response("genuine");
    let at =
        |now: i64| verify_response(&genuine, &f.request, &f.origin, &f.anchors, now).map(|_| ());
    assert_eq!(at(f.now), Ok(()));
    // Within the skew of signed/validFrom, then before it.
    assert_eq!(at(f.now - 299), Ok(()));
    assert_eq!(at(f.now - 3600), Err(Refused::MsoValidity));
    // Far past the document signer's validity (one year): the certificate is refused first.
    assert_eq!(
        at(f.now + 2 * 365 * 86_400),
        Err(Refused::SignerCertificate)
    );
    // Before the document signer (and the IACA) existed.
    assert_eq!(at(f.now - 30 * 86_400), Err(Refused::SignerCertificate));
}

#[test]
fn only_configured_roots_are_trusted() {
    let f = fixture();
    let genuine = response("genuine");
    let untrusted = TrustAnchors::from_pem(&read("untrusted-iaca.pem")).expect("pem");
    let r = verify_response(&genuine, &f.request, &f.origin, &untrusted, f.now);
    assert_eq!(r.map(|_| ()), Err(Refused::UntrustedSigner));
    let none = TrustAnchors::default();
    assert!(none.is_empty());
    let r = verify_response(&genuine, &f.request, &f.origin, &none, f.now);
    assert_eq!(r.map(|_| ()), Err(Refused::UntrustedSigner));
    // Merged anchors: the right root among others is enough.
    let mut both = untrusted.clone();
    both.extend(f.anchors.clone());
    assert_eq!(both.len(), 2);
    assert!(verify_response(&genuine, &f.request, &f.origin, &both, f.now).is_ok());
    let pem = format!("{}{}", read("untrusted-iaca.pem"), read("iaca.pem"));
    assert_eq!(TrustAnchors::from_pem(&pem).expect("two").len(), 2);
}

#[test]
fn anchors_refuse_what_is_not_an_iaca() {
    assert_eq!(
        TrustAnchors::from_pem(&read("not-ca.pem")).map(|a| a.len()),
        Err(AnchorError::NotCa)
    );
    for empty in ["", "\n", "\r\n", "no pem here"] {
        assert_eq!(
            TrustAnchors::from_pem(empty).map(|a| a.len()),
            Err(AnchorError::NoCertificate)
        );
    }
    assert_eq!(
        TrustAnchors::from_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
            .map(|a| a.len()),
        Err(AnchorError::Pem)
    );
}

#[test]
fn garbage_is_refused_as_encoding() {
    let f = fixture();
    let genuine = response("genuine");
    for bad in [
        "",
        "!!!",
        "not base64 at all",
        &genuine[..genuine.len() / 2],
        "oA",
        "gmVkY2FwaaA",
    ] {
        let r = verify_response(bad, &f.request, &f.origin, &f.anchors, f.now);
        assert_eq!(r.map(|_| ()), Err(Refused::Encoding), "{bad:?}");
    }
}
