//! The wire types' own rules: enum names round-trip, defaults of older messages, support
//! contacts checked before patients see them.

use super::*;
use crate::wire_enum::assert_round_trip;

#[test]
fn every_wire_enum_round_trips_through_its_one_name() {
    assert_round_trip(
        &DocumentType::ALL,
        DocumentType::as_str,
        DocumentType::parse,
    );
    assert_round_trip(&Trigger::ALL, Trigger::as_str, Trigger::parse);
    assert_round_trip(&SessionMode::ALL, SessionMode::as_str, SessionMode::parse);
    assert_round_trip(&Locale::ALL, Locale::as_str, Locale::parse);
    assert_round_trip(
        &SessionStatus::ALL,
        SessionStatus::as_str,
        SessionStatus::parse,
    );
    assert_round_trip(
        &VerificationStatus::ALL,
        VerificationStatus::as_str,
        VerificationStatus::parse,
    );
    assert_round_trip(&Via::ALL, Via::as_str, Via::parse);
    assert_eq!(Trigger::ALL.len(), 4);
    assert_eq!(SessionStatus::ALL.len(), 6);
}

#[test]
fn stored_text_converts_to_its_enum_or_is_an_error() {
    assert_eq!(
        SessionStatus::try_from("in_progress".to_owned()),
        Ok(SessionStatus::InProgress)
    );
    assert_eq!(
        VerificationStatus::try_from("PASS".to_owned()),
        Ok(VerificationStatus::Pass)
    );
    let e = VerificationStatus::try_from("pass".to_owned()).unwrap_err();
    assert_eq!(e.to_string(), "unknown verification status: \"pass\"");
    assert!(Trigger::try_from(String::new()).is_err());
    assert!(SessionMode::try_from("FULL".to_owned()).is_err());
}

#[test]
fn a_support_contact_is_checked_before_patients_see_it() {
    let ok = SupportContact {
        text: Some("MyChart help desk, Mon–Fri 8 am–6 pm".into()),
        phone: Some("+1 (555) 010-0199".into()),
        url: Some("https://example.org/verify-in-person".into()),
    };
    assert_eq!(ok.problem(false), None);
    assert_eq!(ok.tel_uri().as_deref(), Some("tel:+15550100199"));
    let bad = [
        SupportContact {
            phone: Some("call us".into()),
            ..Default::default()
        },
        SupportContact {
            phone: Some("12".into()),
            ..Default::default()
        },
        SupportContact {
            url: Some("javascript:alert(1)".into()),
            ..Default::default()
        },
        SupportContact {
            url: Some("http://example.org".into()),
            ..Default::default()
        },
        SupportContact {
            url: Some("https://x.org/\"onmouseover".into()),
            ..Default::default()
        },
        SupportContact {
            text: Some("two\nlines".into()),
            ..Default::default()
        },
    ];
    for b in bad {
        assert!(b.problem(false).is_some(), "{b:?}");
    }
    let http = SupportContact {
        url: Some("http://127.0.0.1:8090/help".into()),
        ..Default::default()
    };
    assert_eq!(http.problem(true), None);
    // A session from an older gateway has no support contact.
    let json = r#"{"session_id":"s","document_types":["passport"],"locale":"en","host_origin":"https://h.example","trigger":"signup","mode":"full","status":"in_progress","expires_at":"2030-01-01T00:00:00Z","max_attempts":3,"attempts_used":0}"#;
    let c: SessionConfig = serde_json::from_str(json).expect("parses");
    assert_eq!(c.support, None);
}

#[test]
fn document_types_round_trip_through_json_and_str() {
    for d in DocumentType::ALL {
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, format!("\"{}\"", d.as_str()));
        assert_eq!(DocumentType::parse(d.as_str()), Some(d));
    }
    assert!(!DocumentType::Passport.needs_back());
    assert!(DocumentType::DriversLicense.needs_back());
    assert_eq!(DocumentType::parse("library_card"), None);
}

#[test]
fn locale_tags_fold_to_supported_languages() {
    assert_eq!(Locale::from_tag("es-MX"), Locale::Es);
    assert_eq!(Locale::from_tag("ES"), Locale::Es);
    assert_eq!(Locale::from_tag("en-US"), Locale::En);
    assert_eq!(Locale::from_tag("fr"), Locale::En);
    assert_eq!(Locale::from_tag(""), Locale::En);
}

#[test]
fn create_session_defaults_document_types_and_locale() {
    let req: CreateSessionRequest = serde_json::from_str(
        r#"{"patient_ref":"p1","first_name":"Ana","last_name":"Diaz","date_of_birth":"1950-02-03",
            "trigger":"password_reset","host_origin":"https://h.example","nonce":"n-12345678"}"#,
    )
    .unwrap();
    assert!(req.document_types.is_empty());
    assert_eq!(req.locale, Locale::En);
    assert_eq!(req.trigger, Trigger::PasswordReset);
}

#[test]
fn statuses_parse_their_own_strings_only() {
    for s in [
        VerificationStatus::Pending,
        VerificationStatus::Pass,
        VerificationStatus::Fail,
        VerificationStatus::Error,
    ] {
        assert_eq!(VerificationStatus::parse(s.as_str()), Some(s));
    }
    assert_eq!(VerificationStatus::parse("pass"), None);
    assert_eq!(
        SessionStatus::parse("declined"),
        Some(SessionStatus::Declined)
    );
    assert_eq!(Trigger::parse("proxy_request"), Some(Trigger::ProxyRequest));
}

#[test]
fn a_webhook_event_from_before_via_reads_as_same_device() {
    let old = r#"{"event_id":"e","type":"verification.decided","verification_id":"v",
        "session_id":"s","patient_ref":"p","trigger":"signup","mode":"full","status":"PASS",
        "reason_code":null,"checks":[],"decided_at":"2026-01-01T00:00:00Z"}"#;
    let event: DecisionEvent = serde_json::from_str(old).unwrap();
    assert_eq!(event.via, Via::SameDevice);
    let phone = DecisionEvent {
        via: Via::PhoneHandoff,
        ..event
    };
    let json = serde_json::to_value(&phone).unwrap();
    assert_eq!(json["via"], "phone_handoff");
}
