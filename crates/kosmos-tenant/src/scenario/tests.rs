use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use docuverify::wire::VerifyDocument;
use id_documents::aamva::{AamvaRecord, CardKind};
use id_documents::mrz::Td3;

use super::*;

fn date(y: u16, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap()
}

fn today() -> Date {
    date(2026, 11, 26)
}

fn licence() -> AamvaRecord {
    fixtures::demo_licence()
}

fn passport() -> Td3 {
    fixtures::demo_passport()
}

fn b64(bytes: Vec<u8>) -> String {
    B64.encode(bytes)
}

fn request(
    doc_type: &str,
    first: &str,
    last: &str,
    image1: String,
    image2: Option<String>,
) -> VerifyRequest {
    VerifyRequest {
        dvc_id: "d".into(),
        verifications: vec![
            format!("{doc_type}_authenticate"),
            format!("{doc_type}_verify"),
            "face_liveness".into(),
            "face_compare".into(),
        ],
        document: VerifyDocument {
            id: "x".into(),
            doc_type: doc_type.into(),
            category: "identity_document".into(),
            first_name: first.into(),
            last_name: last.into(),
            dob: "19580412".into(),
            doe: None,
            image1,
            image2,
            live_id: Some(b64(fixtures::jpeg(&fixtures::selfie()))),
        },
    }
}

fn card(record: &AamvaRecord, doc_type: &str, first: &str, last: &str) -> VerifyRequest {
    let front = b64(fixtures::jpeg(&fixtures::card_front(1)));
    let back = b64(fixtures::jpeg(&fixtures::card_back(record)));
    request(doc_type, first, last, front, Some(back))
}

fn code(s: Scenario) -> &'static str {
    match s {
        Scenario::Answer(Outcome::Fail { code, .. }) => code,
        Scenario::Answer(Outcome::Pass) => "PASS",
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_genuine_licence_barcode_matching_the_patient_passes() {
    assert_eq!(
        code(scenario_for(
            &card(&licence(), "dl", "Ana", "Rivera"),
            today(),
            PatientCheck::Compare
        )),
        "PASS"
    );
    // Case, accents and spacing do not matter.
    assert_eq!(
        code(scenario_for(
            &card(&licence(), "dl", " ána ", "RIVERA"),
            today(),
            PatientCheck::Compare
        )),
        "PASS"
    );
}

#[test]
fn the_barcode_decides_expired_name_birth_date_and_card_kind() {
    let expired = AamvaRecord {
        expiry_date: date(2023, 4, 12),
        ..licence()
    };
    assert_eq!(
        code(scenario_for(
            &card(&expired, "dl", "Ana", "Rivera"),
            today(),
            PatientCheck::Compare
        )),
        "IDV0011"
    );
    assert_eq!(
        code(scenario_for(
            &card(&licence(), "dl", "Ana", "Smith"),
            today(),
            PatientCheck::Compare
        )),
        "IDV0010"
    );
    assert_eq!(
        code(scenario_for(
            &card(&licence(), "dl", "Anna", "Rivera"),
            today(),
            PatientCheck::Compare
        )),
        "IDV0010"
    );
    let mut other_dob = card(&licence(), "dl", "Ana", "Rivera");
    other_dob.document.dob = "19580413".into();
    assert_eq!(
        code(scenario_for(&other_dob, today(), PatientCheck::Compare)),
        "IDV0013"
    );
    // An ID card's barcode presented as a driver's licence is the wrong document.
    let id = AamvaRecord {
        kind: CardKind::IdCard,
        ..licence()
    };
    assert_eq!(
        code(scenario_for(
            &card(&id, "dl", "Ana", "Rivera"),
            today(),
            PatientCheck::Compare
        )),
        "IDV0006"
    );
    assert_eq!(
        code(scenario_for(
            &card(&id, "idcard", "Ana", "Rivera"),
            today(),
            PatientCheck::Compare
        )),
        "PASS"
    );
}

#[test]
fn an_unreadable_or_missing_barcode_is_idv0005() {
    let front = b64(fixtures::jpeg(&fixtures::card_front(1)));
    let scratched = b64(fixtures::jpeg(&fixtures::card_back_unreadable(&licence())));
    let r = request("dl", "Ana", "Rivera", front.clone(), Some(scratched));
    assert_eq!(
        code(scenario_for(&r, today(), PatientCheck::Compare)),
        "IDV0005"
    );
    let r = request("dl", "Ana", "Rivera", front.clone(), None);
    assert_eq!(
        code(scenario_for(&r, today(), PatientCheck::Compare)),
        "IDV0005"
    );
    let not_aamva = b64(fixtures::jpeg(&fixtures::card_back_with_payload(
        "just some text",
    )));
    let r = request("dl", "Ana", "Rivera", front, Some(not_aamva));
    assert_eq!(
        code(scenario_for(&r, today(), PatientCheck::Compare)),
        "IDV0005"
    );
}

#[test]
fn a_passport_is_checked_on_the_mrz_printed_on_its_page() {
    let page = |t: &Td3| b64(fixtures::jpeg(&fixtures::passport_page(t).0));
    let decide = |r: &VerifyRequest| code(scenario_for(r, today(), PatientCheck::Compare));
    let r = request("ppt", "Ana", "Rivera", page(&passport()), None);
    assert_eq!(decide(&r), "PASS");
    let expired = Td3 {
        expiry_date: date(2024, 6, 30),
        ..passport()
    };
    assert_eq!(
        decide(&request("ppt", "Ana", "Rivera", page(&expired), None)),
        "IDV0011"
    );
    assert_eq!(
        decide(&request("ppt", "Ana", "Smith", page(&passport()), None)),
        "IDV0010"
    );
    let other_birth = Td3 {
        birth_date: date(1960, 4, 12),
        ..passport()
    };
    assert_eq!(
        decide(&request("ppt", "Ana", "Rivera", page(&other_birth), None)),
        "IDV0013"
    );
    // What the patient's pictures carry: the page cropped with its margin, photographed tilted,
    // in a dim room, printed in an OCR-B cut the reader's templates were not made from.
    let shot = fixtures::passport::Shot {
        page_width: 740.0,
        tilt_deg: -7.0,
        blur: 0.7,
        noise: 5.0,
        gain: 0.5,
        glare: Some((0.3, 0.5)),
        jpeg_quality: 80,
    };
    let case = fixtures::passport::photograph(&passport(), fixtures::ocrb::Cut::Sharp, &shot, 9);
    let (luma, w, h) = fixtures::passport::page_crop_luma(&case.frame, &case.corners);
    let gray = image::GrayImage::from_raw(w as u32, h as u32, luma).expect("a picture");
    let crop = image::DynamicImage::ImageLuma8(gray).to_rgb8();
    let r = request("ppt", "Ana", "Rivera", b64(fixtures::jpeg(&crop)), None);
    assert_eq!(decide(&r), "PASS");
}

#[test]
fn a_passport_whose_mrz_cannot_be_read_or_does_not_add_up_fails_as_unreadable() {
    let decide = |r: &VerifyRequest| code(scenario_for(r, today(), PatientCheck::Compare));
    let covered = b64(fixtures::jpeg(&fixtures::passport_page_without_mrz(
        &passport(),
    )));
    assert_eq!(
        decide(&request("ppt", "Ana", "Rivera", covered.clone(), None)),
        "IDV0005"
    );
    // The controls still come first.
    assert_eq!(
        decide(&request("ppt", "Ana", "Smith IDV0015", covered, None)),
        "IDV0015"
    );
    // A misprinted check digit: read, but it does not add up.
    let (l1, l2) = id_documents::mrz::encode(&passport());
    let mut bad = l2.into_bytes();
    bad[9] = if bad[9] == b'9' { b'0' } else { bad[9] + 1 };
    let bad = String::from_utf8(bad).unwrap();
    let img = fixtures::passport::passport_frame_printing(
        &passport(),
        [&l1, &bad],
        fixtures::passport::DEMO_PAGE,
        fixtures::ocrb::Cut::Regular,
    );
    assert_eq!(
        decide(&request(
            "ppt",
            "Ana",
            "Rivera",
            b64(fixtures::jpeg(&img)),
            None
        )),
        "IDV0005"
    );
    // A card's front is no passport page.
    let front = b64(fixtures::jpeg(&fixtures::card_front(1)));
    assert_eq!(
        decide(&request("ppt", "Ana", "Rivera", front, None)),
        "IDV0005"
    );
}

#[test]
fn every_control_in_the_qa_table_does_what_it_says() {
    let (img, _) = fixtures::passport_page(&passport());
    let page = b64(fixtures::jpeg(&img));
    for (c, _) in REASON_CODES {
        let r = request("ppt", "Ana", &format!("Rivera {c}"), page.clone(), None);
        assert_eq!(code(scenario_for(&r, today(), PatientCheck::Compare)), *c);
    }
    let r = request("ppt", "Ana", "Rivera Nolive", page.clone(), None);
    let answer = match scenario_for(&r, today(), PatientCheck::Compare) {
        Scenario::Answer(o) => response_for(&r, &o, None),
        other => panic!("{other:?}"),
    };
    let verified = |name: &str| {
        answer
            .certifications
            .iter()
            .find(|c| c.kind == name)
            .unwrap()
            .verified
    };
    assert!(!verified("face_liveness"));
    assert!(verified("face_compare") && verified("ppt_verify"));
    let r = request("ppt", "Ana", "Rivera Nomatch", page.clone(), None);
    assert!(matches!(
        scenario_for(&r, today(), PatientCheck::Compare),
        Scenario::Answer(Outcome::Fail {
            check: Check::FaceCompare,
            ..
        })
    ));
    let r = request("ppt", "Ana", "Tenanterror", page.clone(), None);
    assert_eq!(
        scenario_for(&r, today(), PatientCheck::Compare),
        Scenario::ServerError
    );
    // Slowpoke: the same decision, late (this page's MRZ says RIVERA).
    let r = request("ppt", "Ana", "Slowpoke", page.clone(), None);
    assert_eq!(
        scenario_for(&r, today(), PatientCheck::Compare),
        Scenario::Slow(fail("IDV0010", Check::Document))
    );
    let slow = Td3 {
        surname: "SLOWPOKE".into(),
        ..passport()
    };
    let slow_page = b64(fixtures::jpeg(&fixtures::passport_page(&slow).0));
    let r = request("ppt", "Ana", "Slowpoke", slow_page, None);
    assert_eq!(
        scenario_for(&r, today(), PatientCheck::Compare),
        Scenario::Slow(Outcome::Pass)
    );
}

#[test]
fn non_jpeg_images_and_unknown_document_types_fail() {
    let mut r = card(&licence(), "dl", "Ana", "Rivera");
    r.document.live_id = Some("aGVsbG8=".into());
    assert_eq!(
        code(scenario_for(&r, today(), PatientCheck::Compare)),
        "IDV0005"
    );
    let r = card(&licence(), "library_card", "Ana", "Rivera");
    assert_eq!(
        code(scenario_for(&r, today(), PatientCheck::Compare)),
        "IDV0006"
    );
}

#[test]
fn responses_decide_the_same_way_through_the_client_rule() {
    let r = card(&licence(), "dl", "Ana", "Rivera");
    let reading = read_document(&r, 2026).unwrap();
    assert!(reading.is_some(), "the genuine licence back is read");
    let binding = docuverify::Binding::Document {
        kind: docuverify::journey::DocKind::DriversLicense,
        patient: docuverify::identity::Patient {
            first_name: "Ana",
            last_name: "Rivera",
            birth_date: date(1958, 4, 12),
        },
        today: today(),
    };
    let pass = response_for(&r, &Outcome::Pass, reading.as_ref());
    assert_eq!(
        docuverify::decide(&r.verifications, &pass, binding),
        docuverify::Decision::Pass
    );
    let unread = response_for(&r, &Outcome::Pass, None);
    assert_eq!(
        docuverify::decide(&r.verifications, &unread, binding),
        docuverify::Decision::Fail {
            reason_code: Some("IDV0007".into())
        },
        "verified without an extracted document is not a PASS"
    );
    let failed = response_for(&r, &fail("IDV0010", Check::Document), reading.as_ref());
    assert_eq!(
        docuverify::decide(&r.verifications, &failed, binding),
        docuverify::Decision::Fail {
            reason_code: Some("IDV0010".into())
        }
    );
}

#[test]
fn a_tenant_told_not_to_compare_says_verified_but_reports_what_it_read() {
    let mut other = licence();
    other.first_name = "MARIA".into();
    let r = card(&other, "dl", "Ana", "Rivera");
    assert_eq!(
        code(scenario_for(&r, today(), PatientCheck::Compare)),
        "IDV0010"
    );
    assert_eq!(code(scenario_for(&r, today(), PatientCheck::Skip)), "PASS");
    let read = read_document(&r, 2026).unwrap().unwrap();
    assert_eq!(read.first_name, "MARIA");
}

#[test]
fn a_reverification_passes_only_against_an_enrolled_portrait() {
    let selfie = b64(fixtures::jpeg(&fixtures::selfie()));
    let req = |last: &str, portrait: &str| {
        let subject = docuverify::journey::Subject {
            first_name: "Ana",
            last_name: last,
            dob: "19580412",
        };
        docuverify::journey::reverify_request(
            "d",
            "v2",
            subject,
            portrait.to_owned(),
            selfie.clone(),
        )
    };
    let portrait = selfie.clone();
    assert_eq!(code(reverify_scenario(&req("Rivera", &portrait))), "PASS");
    assert_eq!(code(reverify_scenario(&req("Rivera", ""))), "IDV0007");
    assert_eq!(
        code(reverify_scenario(&req("Rivera Nomatch", &portrait))),
        "IDV0007"
    );
    assert_eq!(
        code(reverify_scenario(&req("Rivera Nolive", &portrait))),
        "IDV0007"
    );
    let mut no_selfie = req("Rivera", &portrait);
    no_selfie.document.live_id = Some("aGVsbG8=".into());
    assert_eq!(code(reverify_scenario(&no_selfie)), "IDV0005");
}

#[test]
fn a_hosted_session_is_in_progress_until_completed_and_never_invents_an_identity() {
    let fresh = share_session_result("s1", "Rivera", None, false);
    assert_eq!(
        fresh,
        serde_json::json!({ "responseStatus": "INPROGRESS", "id": "s1" })
    );
    let read = serde_json::json!({ "documentId": "D7", "firstName": "ANA" });
    let done = share_session_result("s1", "Rivera", Some(&read), false);
    assert_eq!(done["sessionResult"], "SUCCESS");
    assert_eq!(done["extractedInfo"], read);
    // Test controls still decide first, completed or not.
    for (name, state) in [
        ("Rivera Expired", "EXPIRED"),
        ("Rivera Abandoned", "ABANDONED"),
    ] {
        assert_eq!(
            share_session_result("s1", name, Some(&read), false)["sessionResult"],
            state
        );
    }
    let failed = share_session_result("s1", "Rivera IDV0010", None, true);
    assert_eq!(failed["errorInfo"]["reason_code"], "IDV0010");
    assert_eq!(
        share_session_result("s1", "Rivera Inprogress", Some(&read), false)["responseStatus"],
        "INPROGRESS"
    );
}
