use proptest::prelude::*;

use super::*;
use crate::identity::result_json;
use crate::journey::{checks_for, reverify_checks};
use crate::wire::{Certification, ErrorInfo};

fn d(y: u16, m: u8, day: u8) -> Date {
    Date::new(y, m, day).unwrap()
}

const ANA: Patient<'static> = Patient {
    first_name: "Ana",
    last_name: "Rivera",
    birth_date: Date {
        year: 1958,
        month: 4,
        day: 12,
    },
};

fn licence(today: Date) -> Binding<'static> {
    Binding::Document {
        kind: DocKind::DriversLicense,
        patient: ANA,
        today,
    }
}

fn cert(kind: &str, verified: bool) -> Certification {
    Certification {
        kind: kind.into(),
        verified,
        ..Default::default()
    }
}

/// Every check of a licence journey verified, the document extracted as given.
fn all_verified(result: Option<String>) -> VerifyResponse {
    VerifyResponse {
        doc_id: "v".into(),
        certifications: checks_for(DocKind::DriversLicense)
            .into_iter()
            .map(|k| {
                let mut c = cert(&k, true);
                if k == "dl_authenticate" {
                    c.result = result.clone();
                }
                c
            })
            .collect(),
        ..Default::default()
    }
}

fn anas_licence() -> Option<String> {
    Some(result_json("ANA", "RIVERA", ANA.birth_date, d(2030, 1, 1)))
}

#[test]
fn pass_needs_every_check_verified_and_the_patients_document() {
    let today = d(2026, 11, 26);
    let requested = checks_for(DocKind::DriversLicense);
    assert_eq!(
        decide(&requested, &all_verified(anas_licence()), licence(today)),
        Decision::Pass
    );
    let mut one_missing = all_verified(anas_licence());
    one_missing.certifications.pop();
    assert_eq!(
        decide(&requested, &one_missing, licence(today)),
        Decision::Fail { reason_code: None }
    );
}

#[test]
fn all_verified_for_someone_else_is_a_fail_with_the_binding_reason() {
    let today = d(2026, 11, 26);
    let requested = checks_for(DocKind::DriversLicense);
    let fail = |code: &str| Decision::Fail {
        reason_code: Some(code.into()),
    };
    let other_name = Some(result_json(
        "MARIA",
        "RIVERA",
        ANA.birth_date,
        d(2030, 1, 1),
    ));
    assert_eq!(
        decide(&requested, &all_verified(other_name), licence(today)),
        fail("IDV0010")
    );
    let other_birth = Some(result_json("ANA", "RIVERA", d(1960, 4, 12), d(2030, 1, 1)));
    assert_eq!(
        decide(&requested, &all_verified(other_birth), licence(today)),
        fail("IDV0013")
    );
    let expired = Some(result_json(
        "ANA",
        "RIVERA",
        ANA.birth_date,
        d(2026, 11, 25),
    ));
    assert_eq!(
        decide(&requested, &all_verified(expired), licence(today)),
        fail("IDV0011")
    );
    assert_eq!(
        decide(&requested, &all_verified(None), licence(today)),
        fail("IDV0007"),
        "no extracted document: fail closed"
    );
}

#[test]
fn one_unverified_certification_fails_with_its_reason() {
    let mut r = all_verified(anas_licence());
    r.certifications[1].verified = false;
    r.certifications[1].metadata = Some(serde_json::json!({"reason_code": "IDV0011"}));
    assert_eq!(
        decide(
            &checks_for(DocKind::DriversLicense),
            &r,
            licence(d(2026, 1, 1))
        ),
        Decision::Fail {
            reason_code: Some("IDV0011".into())
        }
    );
}

#[test]
fn error_info_wins_and_empty_answers_never_pass() {
    let mut r = all_verified(anas_licence());
    r.error_info = Some(ErrorInfo {
        reason_code: Some("IDV0010".into()),
        ..Default::default()
    });
    let today = d(2026, 1, 1);
    assert_eq!(
        decide(&checks_for(DocKind::DriversLicense), &r, licence(today)),
        Decision::Fail {
            reason_code: Some("IDV0010".into())
        }
    );
    assert_eq!(
        decide(
            &["dl_verify".into()],
            &VerifyResponse::default(),
            licence(today)
        ),
        Decision::Fail { reason_code: None }
    );
    assert_eq!(
        decide(&[], &all_verified(anas_licence()), licence(today)),
        Decision::Fail { reason_code: None }
    );
    assert_eq!(
        decide(&[], &VerifyResponse::default(), Binding::EnrolledPortrait),
        Decision::Fail { reason_code: None }
    );
}

#[test]
fn a_reverification_passes_on_both_face_checks() {
    let r = VerifyResponse {
        doc_id: "v".into(),
        certifications: vec![cert("face_liveness", true), cert("face_compare", true)],
        ..Default::default()
    };
    assert_eq!(
        decide(&reverify_checks(), &r, Binding::EnrolledPortrait),
        Decision::Pass
    );
    let mut no_match = r.clone();
    no_match.certifications[1].verified = false;
    assert_ne!(
        decide(&reverify_checks(), &no_match, Binding::EnrolledPortrait),
        Decision::Pass
    );
}

fn arb_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("ANA".to_owned()),
        Just("RIVERA".to_owned()),
        Just("Ana".to_owned()),
        Just("MARIA".to_owned()),
        Just(String::new()),
        "[A-Za-zÀ-ÿ' -]{0,12}",
    ]
}

fn arb_date() -> impl Strategy<Value = Option<Date>> {
    prop_oneof![
        Just(Some(ANA.birth_date)),
        Just(Some(d(2030, 1, 1))),
        Just(Some(d(2026, 11, 25))),
        Just(None),
        (1900u16..2100, 1u8..13, 1u8..29).prop_map(|(y, m, dd)| Date::new(y, m, dd)),
    ]
}

fn arb_result() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("garbage".to_owned())),
        Just(Some("{}".to_owned())),
        (
            proptest::option::of(arb_name()),
            proptest::option::of(arb_name()),
            arb_date(),
            arb_date()
        )
            .prop_map(|(f, l, b, e)| {
                let mut o = serde_json::Map::new();
                if let Some(f) = f {
                    o.insert("firstName".into(), f.into());
                }
                if let Some(l) = l {
                    o.insert("lastName".into(), l.into());
                }
                if let Some(b) = b {
                    o.insert("dob".into(), b.iso().into());
                }
                if let Some(e) = e {
                    o.insert("doe".into(), e.iso().into());
                }
                Some(serde_json::Value::Object(o).to_string())
            }),
    ]
}

const CHECK_NAMES: &[&str] = &[
    "dl_authenticate",
    "dl_verify",
    "face_liveness",
    "face_compare",
    "ppt_verify",
];

fn arb_response() -> impl Strategy<Value = VerifyResponse> {
    (
        proptest::collection::vec((0..CHECK_NAMES.len(), any::<bool>(), arb_result()), 0..7),
        any::<bool>(),
    )
        .prop_map(|(certs, error)| VerifyResponse {
            doc_id: "v".into(),
            certifications: certs
                .into_iter()
                .map(|(i, verified, result)| Certification {
                    kind: CHECK_NAMES[i].into(),
                    verified,
                    result,
                    ..Default::default()
                })
                .collect(),
            error_info: error.then(ErrorInfo::default),
            ..Default::default()
        })
}

/// A genuine PASS answer for Ana, then a few random changes: a check dropped or unverified, the
/// extracted document replaced, an error added. Most cases sit near the PASS boundary.
fn arb_near_pass() -> impl Strategy<Value = VerifyResponse> {
    (
        proptest::collection::vec((0usize..4, 0u8..3), 0..3),
        proptest::option::of(arb_result()),
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(edits, result, error)| {
            let mut r = all_verified(anas_licence());
            for (i, edit) in edits {
                match (edit, i < r.certifications.len()) {
                    (0, true) => {
                        r.certifications.remove(i);
                    }
                    (1, true) => r.certifications[i].verified = false,
                    _ => {}
                }
            }
            if let Some(result) = result {
                if let Some(c) = r
                    .certifications
                    .iter_mut()
                    .find(|c| c.kind == "dl_authenticate")
                {
                    c.result = result;
                }
            }
            if error {
                r.error_info = Some(ErrorInfo::default());
            }
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// `decide` never returns PASS unless every requested check is present and verified, there
    /// is no error, and the extracted document is the patient's and unexpired.
    #[test]
    fn pass_only_with_every_check_verified_and_the_identity_bound(
        r in prop_oneof![arb_response(), arb_near_pass()]
    ) {
        let today = d(2026, 11, 26);
        let requested = checks_for(DocKind::DriversLicense);
        if decide(&requested, &r, licence(today)) == Decision::Pass {
            for name in &requested {
                prop_assert!(r.certifications.iter().any(|c| &c.kind == name && c.verified));
            }
            prop_assert!(r.error_info.is_none());
            let doc = identity::extracted(&r, DocKind::DriversLicense);
            prop_assert!(doc.is_ok());
            let doc = doc.unwrap_or_default();
            prop_assert!(doc.expiry_date.is_some_and(|e| e >= today));
            prop_assert_eq!(doc.birth_date, Some(ANA.birth_date));
            let plain = id_documents::names::Scheme::Plain;
            prop_assert!(doc.first_name.is_some_and(|f| id_documents::names::same_name(&f, "Ana", plain)));
            prop_assert!(doc.last_name.is_some_and(|l| id_documents::names::same_name(&l, "Rivera", plain)));
        }
    }

    /// Whatever the answer, a re-verification, or a wallet's licence (checked and bound by the
    /// gateway before 1Kosmos is asked), passes only on verified face checks.
    #[test]
    fn reverification_and_wallet_pass_need_both_face_checks(r in arb_response()) {
        for binding in [Binding::EnrolledPortrait, Binding::WalletLicence] {
            if decide(&reverify_checks(), &r, binding) == Decision::Pass {
                for name in reverify_checks() {
                    prop_assert!(r.certifications.iter().any(|c| c.kind == name && c.verified));
                }
                prop_assert!(r.error_info.is_none());
            }
        }
    }
}

/// Every check of a `kind` journey verified, the document extracted as `result` says.
fn all_verified_for(kind: DocKind, result: String) -> VerifyResponse {
    VerifyResponse {
        doc_id: "v".into(),
        certifications: checks_for(kind)
            .into_iter()
            .map(|k| {
                let mut c = cert(&k, true);
                if k == kind.authenticate_check() {
                    c.result = Some(result.clone());
                }
                c
            })
            .collect(),
        ..Default::default()
    }
}

/// A name with at least one letter that ICAO and the plain scheme spell differently.
fn arb_umlaut_name() -> impl Strategy<Value = String> {
    (
        "[A-Za-z]{0,6}",
        prop::sample::select(vec!['Ä', 'Ö', 'Ü', 'Å', 'Ø', 'ä', 'ö', 'ü', 'å', 'ø']),
        "[a-z]{0,6}",
    )
        .prop_map(|(a, c, b)| format!("{a}{c}{b}"))
}

/// A real birth date, 1900–2030.
fn arb_birth_date() -> impl Strategy<Value = Date> {
    (1900u16..=2030, 1u8..=12, 1u8..=31)
        .prop_filter_map("a real date", |(y, m, d)| Date::new(y, m, d))
}

/// How a document may write a date: ISO, year first, month first, day first.
const DATE_FORMATS: [&str; 7] = ["iso", "ymd", "mdy", "m/d/y", "dmy", "d/m/y", "d.m.y"];

fn render(date: Date, format: &str) -> String {
    let (y, m, d) = (date.year, date.month, date.day);
    match format {
        "iso" => date.iso(),
        "ymd" => date.compact(),
        "mdy" => format!("{m:02}{d:02}{y:04}"),
        "m/d/y" => format!("{m:02}/{d:02}/{y:04}"),
        "dmy" => format!("{d:02}{m:02}{y:04}"),
        "d/m/y" => format!("{d:02}/{m:02}/{y:04}"),
        _ => format!("{d:02}.{m:02}.{y:04}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// A name is compared in the document's scheme only: a passport that spells it plain, or a
    /// card that spells it by ICAO, never passes; the document's own spelling does.
    #[test]
    fn a_name_in_the_other_spelling_scheme_never_passes(
        first in arb_umlaut_name(),
        last in arb_umlaut_name(),
        passport in any::<bool>(),
    ) {
        use id_documents::names::{spelling, Scheme};
        let kind = if passport { DocKind::Passport } else { DocKind::DriversLicense };
        let today = d(2026, 11, 26);
        let patient = Patient { first_name: &first, last_name: &last, birth_date: ANA.birth_date };
        let binding = Binding::Document { kind, patient, today };
        let requested = checks_for(kind);
        let answer = |scheme: Scheme| {
            let doc = result_json(&spelling(&first, scheme), &spelling(&last, scheme), ANA.birth_date, d(2030, 1, 1));
            decide(&requested, &all_verified_for(kind, doc), binding)
        };
        let (own, other) = if passport { (Scheme::Icao, Scheme::Plain) } else { (Scheme::Plain, Scheme::Icao) };
        prop_assert_eq!(answer(own), Decision::Pass);
        prop_assert_ne!(answer(other), Decision::Pass);
    }

    /// A card's birth date passes only when read by its issuer's convention: month first on a
    /// US card, year first on any other stated issuer's, and only ISO when the vendor names no
    /// issuer (anything else is ambiguous and fails closed). Day-first spellings never pass
    /// unless the US reading of them is the patient's birth date.
    #[test]
    fn a_date_passes_only_by_the_issuers_convention(
        written in arb_birth_date(),
        swapped_patient in any::<bool>(),
        format in prop::sample::select(DATE_FORMATS.to_vec()),
        issuer in prop::sample::select(vec![None, Some("USA"), Some("US"), Some("CAN"), Some("DEU")]),
    ) {
        // The patient is born on the written date, or on its day and month swapped.
        let born = if swapped_patient {
            Date::new(written.year, written.day, written.month).unwrap_or(written)
        } else {
            written
        };
        let s = render(written, format);
        let mut doc = serde_json::json!({
            "firstName": "ANA", "lastName": "RIVERA", "dob": s, "doe": "2030-01-01"
        });
        if let Some(c) = issuer {
            doc["issuingCountry"] = c.into();
        }
        let kind = DocKind::DriversLicense;
        let patient = Patient { birth_date: born, ..ANA };
        let binding = Binding::Document { kind, patient, today: d(2026, 11, 26) };
        let decision = decide(&checks_for(kind), &all_verified_for(kind, doc.to_string()), binding);
        if decision == Decision::Pass {
            let digits: String = s.chars().filter(char::is_ascii_digit).collect();
            let (y, m, dd) = (born.year.to_string(), format!("{:02}", born.month), format!("{:02}", born.day));
            if format == "iso" {
                prop_assert_eq!(&s, &born.iso());
            } else {
                prop_assert!(issuer.is_some(), "{s} passed with no issuer stated");
                if matches!(issuer, Some("USA" | "US")) {
                    prop_assert_eq!((&digits[0..2], &digits[2..4], &digits[4..8]), (m.as_str(), dd.as_str(), y.as_str()));
                } else {
                    prop_assert!(s.bytes().all(|b| b.is_ascii_digit()), "{s}");
                    prop_assert_eq!(&digits, &born.compact());
                }
            }
        }
    }
}
