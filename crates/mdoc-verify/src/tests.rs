//! Unit tests of the private pieces: HPKE against RFC 9180, dates, the request's shape.

use super::*;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// RFC 9180 Appendix A.3.1 (DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode),
/// encryption sequence number 0 (A.3.1.1).
#[test]
fn hpke_opens_rfc9180_a3_first_encryption() {
    let sk_rm: [u8; 32] = hex("f3ce7fdae57e1a310d87f1ebbde6f328be0a99cdbcadf4d6589cf29de4b8ffd2")
        .try_into()
        .expect("32 bytes");
    let enc = hex(
        "04a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b325ac98536d7b61a1af4b78e5b7f951c0900be863c403ce65c9bfcb9382657222d18c4",
    );
    let info = hex("4f6465206f6e2061204772656369616e2055726e");
    let aad = hex("436f756e742d30");
    let ct = hex(
        "5ad590bb8baa577f8619db35a36311226a896e7342a6d836d8b7bcd2f20b6c7f9076ac232e3ab2523f39513434",
    );
    let pt = hpke_open(&sk_rm, &enc, &info, &ct, &aad).expect("the RFC vector opens");
    assert_eq!(
        pt,
        hex("4265617574792069732074727574682c20747275746820626561757479")
    );
    // Another info (our session transcript binding), aad or a flipped bit: no plaintext.
    assert_eq!(
        hpke_open(&sk_rm, &enc, b"other", &ct, &aad),
        Err(Refused::Envelope)
    );
    assert_eq!(
        hpke_open(&sk_rm, &enc, &info, &ct, b""),
        Err(Refused::Envelope)
    );
    let mut flipped = ct.clone();
    flipped[0] ^= 1;
    assert_eq!(
        hpke_open(&sk_rm, &enc, &info, &flipped, &aad),
        Err(Refused::Envelope)
    );
}

#[test]
fn request_with_round_trips() {
    let secret: [u8; 32] = hex("b58f11fb9e03b56cd9a54a9e72a06f911d1f68bf1a0fcc428263657359e761ba")
        .try_into()
        .expect("32 bytes");
    let nonce = [7u8; 16];
    let request = request_with(&nonce, secret).expect("request");
    assert_eq!(request.recipient_secret, secret);

    let device_request = decode(&B64.decode(&request.device_request).expect("b64")).expect("cbor");
    let fields = as_map(&device_request).expect("map");
    assert_eq!(
        as_text(req(fields, "version").expect("version")).expect("text"),
        "1.0"
    );
    let Value::Array(doc_requests) = req(fields, "docRequests").expect("docRequests") else {
        panic!("docRequests is not an array")
    };
    assert_eq!(doc_requests.len(), 1);
    let doc_request = as_map(&doc_requests[0]).expect("map");
    assert!(get(doc_request, "readerAuth").expect("get").is_none());
    let items =
        unwrap_tag24(req(doc_request, "itemsRequest").expect("itemsRequest")).expect("tag24");
    let items = as_map(&items).expect("map");
    assert_eq!(
        as_text(req(items, "docType").expect("docType")).expect("text"),
        MDL_DOCTYPE
    );
    let namespaces = as_map(req(items, "nameSpaces").expect("nameSpaces")).expect("map");
    assert_eq!(namespaces.len(), 1);
    let elements = as_map(req(namespaces, MDL_NAMESPACE).expect("mDL namespace")).expect("map");
    let asked: Vec<(&str, &Value)> = elements
        .iter()
        .map(|(k, v)| (as_text(k).expect("text"), v))
        .collect();
    assert_eq!(asked.len(), REQUESTED.len());
    for (name, intent_to_retain) in &asked {
        assert!(REQUESTED.contains(name), "{name} was not meant to be asked");
        assert_eq!(
            **intent_to_retain,
            Value::Bool(false),
            "{name}: intentToRetain"
        );
    }

    let info = decode(&B64.decode(&request.encryption_info).expect("b64")).expect("cbor");
    let Value::Array(info) = info else {
        panic!("encryptionInfo is not an array")
    };
    assert_eq!(info[0], text("dcapi"));
    let params = as_map(&info[1]).expect("map");
    assert_eq!(
        req(params, "nonce").expect("nonce"),
        &Value::Bytes(nonce.to_vec())
    );
    let key = as_map(req(params, "recipientPublicKey").expect("key")).expect("map");
    let public = p256::SecretKey::from_bytes(&secret.into())
        .expect("scalar")
        .public_key();
    let point = p256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(&public, false);
    assert_eq!(
        key,
        &[
            (int(1), int(2)),
            (int(-1), int(1)),
            (int(-2), Value::Bytes(point.x().expect("x").to_vec())),
            (int(-3), Value::Bytes(point.y().expect("y").to_vec())),
        ]
    );
    // Deterministic, and a short nonce or a zero scalar is refused.
    assert_eq!(
        request_with(&nonce, secret).expect("again").encryption_info,
        request.encryption_info
    );
    assert_eq!(
        request_with(&[1; 15], secret).map(|_| ()),
        Err(Refused::Encoding)
    );
    assert_eq!(
        request_with(&nonce, [0; 32]).map(|_| ()),
        Err(Refused::Encoding)
    );
}

#[test]
fn new_requests_are_fresh_and_debug_hides_the_secret() {
    let a = new_request(&mut rand_core::OsRng);
    let b = new_request(&mut rand_core::OsRng);
    assert_ne!(a.encryption_info, b.encryption_info);
    assert_ne!(a.recipient_secret, b.recipient_secret);
    assert_eq!(a.device_request, b.device_request);
    let shown = format!("{a:?}");
    assert!(shown.contains("<redacted>"));
    let secret_hex: String = a
        .recipient_secret
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(!shown.contains(&secret_hex));
    assert!(!shown.contains(&format!("{:?}", a.recipient_secret)));
}

#[test]
fn dates() {
    assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(parse_rfc3339("2026-12-07T04:00:00Z"), Some(1_796_616_000));
    assert_eq!(
        parse_rfc3339("2026-12-07T05:00:00.123+01:00"),
        Some(1_796_616_000)
    );
    assert_eq!(
        parse_rfc3339("2026-12-06T23:00:00-05:00"),
        Some(1_796_616_000)
    );
    for bad in [
        "2026-12-07",
        "2026-12-07T04:00:00",
        "2026-02-30T00:00:00Z",
        "2026-12-07T24:00:00Z",
        "2026-12-07T04:00:00.Z",
        "２026-12-07T04:00:00Z",
    ] {
        assert_eq!(parse_rfc3339(bad), None, "{bad}");
    }
    assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
    assert_eq!(parse_date("2023-02-29"), None);
    assert_eq!(parse_date("1958-4-12"), None);
    assert_eq!(parse_date("+958-04-12"), None);
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(civil_from_days(1_796_616_000 / 86_400), (2026, 12, 7));
    for days in [-800_000, -1, 0, 59, 10_956, 20_000, 2_000_000] {
        let (y, m, d) = civil_from_days(days);
        assert_eq!(days_from_civil(y, m, d), days);
    }
    assert_eq!(
        full_date(&Value::Tag(1004, Box::new(text("1958-04-12")))),
        Ok("1958-04-12".into())
    );
    assert_eq!(full_date(&text("1958-04-12")), Ok("1958-04-12".into()));
    assert_eq!(
        full_date(&Value::Tag(0, Box::new(text("1958-04-12T00:00:00Z")))),
        Ok("1958-04-12".into())
    );
    assert_eq!(full_date(&text("12/04/1958")), Err(Refused::Encoding));
    assert_eq!(
        full_date(&Value::Tag(1004, Box::new(int(19_580_412)))),
        Err(Refused::Encoding)
    );
    assert_eq!(
        full_date(&Value::Tag(1, Box::new(int(0)))),
        Err(Refused::Encoding)
    );
    assert_eq!(tdate(&text("2026-12-07T04:00:00Z")), Err(Refused::Encoding));
}

#[test]
fn cbor_helpers_fail_closed() {
    assert_eq!(
        decode(&[0xa0, 0x00]),
        Err(Refused::Encoding),
        "trailing bytes"
    );
    assert_eq!(decode(&[0x9f]), Err(Refused::Encoding), "truncated");
    let twice = vec![(text("a"), int(1)), (text("a"), int(2))];
    assert_eq!(get(&twice, "a"), Err(Refused::Encoding), "duplicate key");
    assert_eq!(as_uint(&int(-1)), Err(Refused::Encoding));
    // Deep nesting is refused, not a stack overflow.
    let deep = vec![0x81u8; 100_000];
    assert_eq!(decode(&deep), Err(Refused::Encoding));
}

#[test]
fn codes_and_messages() {
    let all = [
        Refused::Encoding,
        Refused::Envelope,
        Refused::DocType,
        Refused::IssuerSignature,
        Refused::UntrustedSigner,
        Refused::SignerCertificate,
        Refused::Digest,
        Refused::MsoValidity,
        Refused::MissingElement,
        Refused::DeviceSignature,
        Refused::LicenceExpired,
        Refused::Status,
    ];
    let codes: HashSet<&str> = all.iter().map(|r| r.code()).collect();
    assert_eq!(codes.len(), all.len());
    for r in all {
        assert!(r.code().starts_with("mdl_"));
        assert!(r
            .code()
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_'));
        assert_eq!(r.to_string(), r.code());
        assert!(r.message().ends_with('.'));
    }
}
