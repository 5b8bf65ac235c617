//! Property tests: whatever arrives, verification never panics and never succeeds.

use ciborium::value::Value;
use hpke::aead::AesGcm128;
use hpke::kdf::HkdfSha256;
use hpke::kem::DhP256HkdfSha256;
use hpke::{Deserializable, Kem, OpModeS, Serializable};
use mdoc_verify::{request_with, verify_response, Request, TrustAnchors};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

const ORIGIN: &str = "https://idv.example.org";
const NOW: i64 = 1_796_616_000;

fn request() -> Request {
    request_with(&[3; 16], [0x42; 32]).expect("request")
}

fn anchors() -> TrustAnchors {
    TrustAnchors::from_pem(include_str!("vectors/iaca.pem")).expect("anchors")
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn cbor(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::ser::into_writer(value, &mut out).expect("encode");
    out
}

/// Seals `plaintext` properly for `request` and ORIGIN, so the parser behind the envelope runs.
fn sealed(request: &Request, plaintext: &[u8]) -> String {
    let handover = cbor(&Value::Array(vec![
        Value::Text(request.encryption_info.clone()),
        Value::Text(ORIGIN.into()),
    ]));
    let transcript = cbor(&Value::Array(vec![
        Value::Null,
        Value::Null,
        Value::Array(vec![
            Value::Text("dcapi".into()),
            Value::Bytes(Sha256::digest(handover).to_vec()),
        ]),
    ]));
    let sk =
        <DhP256HkdfSha256 as Kem>::PrivateKey::from_bytes(&request.recipient_secret).expect("sk");
    let pk = <DhP256HkdfSha256 as Kem>::sk_to_pk(&sk);
    let (enc, ct) = hpke::single_shot_seal::<AesGcm128, HkdfSha256, DhP256HkdfSha256, _>(
        &OpModeS::Base,
        &pk,
        &transcript,
        plaintext,
        b"",
        &mut rand_core::OsRng,
    )
    .expect("seal");
    b64(&cbor(&Value::Array(vec![
        Value::Text("dcapi".into()),
        Value::Map(vec![
            (
                Value::Text("enc".into()),
                Value::Bytes(enc.to_bytes().to_vec()),
            ),
            (Value::Text("cipherText".into()), Value::Bytes(ct)),
        ]),
    ])))
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| Value::Integer(i.into())),
        proptest::collection::vec(any::<u8>(), 0..40).prop_map(Value::Bytes),
        prop_oneof![
            Just("dcapi".to_string()),
            Just("documents".to_string()),
            Just("status".to_string()),
            Just("docType".to_string()),
            Just("org.iso.18013.5.1.mDL".to_string()),
            Just("issuerSigned".to_string()),
            Just("deviceSigned".to_string()),
            ".{0,12}",
        ]
        .prop_map(Value::Text),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((inner.clone(), inner.clone()), 0..6).prop_map(Value::Map),
            (
                prop_oneof![Just(0u64), Just(18), Just(24), Just(1004), any::<u64>()],
                inner.clone()
            )
                .prop_map(|(t, v)| Value::Tag(t, Box::new(v))),
            inner.prop_map(|v| Value::Tag(24, Box::new(Value::Bytes(cbor(&v))))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_strings_never_verify(s in ".{0,200}") {
        let r = verify_response(&s, &request(), ORIGIN, &anchors(), NOW);
        prop_assert!(r.is_err());
    }

    #[test]
    fn arbitrary_bytes_never_verify(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let r = verify_response(&b64(&bytes), &request(), ORIGIN, &anchors(), NOW);
        prop_assert!(r.is_err());
    }

    #[test]
    fn arbitrary_cbor_as_the_response_never_verifies(value in arb_value()) {
        let r = verify_response(&b64(&cbor(&value)), &request(), ORIGIN, &anchors(), NOW);
        prop_assert!(r.is_err());
    }

    #[test]
    fn arbitrary_cbor_sealed_for_us_never_verifies(value in arb_value()) {
        let request = request();
        let r = verify_response(&sealed(&request, &cbor(&value)), &request, ORIGIN, &anchors(), NOW);
        prop_assert!(r.is_err());
    }

    #[test]
    fn arbitrary_device_responses_sealed_for_us_never_verify(
        documents in proptest::collection::vec(arb_value(), 0..3),
        status in prop_oneof![Just(0i64), any::<i64>()],
    ) {
        let request = request();
        let response = Value::Map(vec![
            (Value::Text("version".into()), Value::Text("1.0".into())),
            (Value::Text("documents".into()), Value::Array(documents)),
            (Value::Text("status".into()), Value::Integer(status.into())),
        ]);
        let r = verify_response(&sealed(&request, &cbor(&response)), &request, ORIGIN, &anchors(), NOW);
        prop_assert!(r.is_err());
    }
}
