//! The gateway API over real HTTP on loopback, against the local 1Kosmos tenant, with a real
//! SQLite file. Covers every documented error status.

use std::time::Duration;

use crate::common::*;
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

#[tokio::test]
async fn a_journey_passes_and_the_host_reads_the_outcome() {
    let h = start().await;
    let s = h.session("Rivera").await;
    let cfg = h.config(&s).await;
    assert_eq!(cfg["status"], "pending");
    assert_eq!(cfg["locale"], "es");
    assert_eq!(cfg["host_origin"], HOST);
    // The configured way to reach a person travels with the session.
    assert_eq!(cfg["support"]["phone"], "+1 555 010 0199");
    assert_eq!(cfg["support"]["url"], "https://example.org/in-person");
    let text = cfg.to_string();
    assert!(
        !text.contains("Rivera") && !text.contains("1958"),
        "no PII to the widget"
    );

    assert_eq!(h.consent(&s, true).await.status(), 200);
    let r = h.submit(&s, "key-1").await;
    assert_eq!(r.status(), 202);
    let vid = accepted_id(r).await;
    let decided = h.poll(&s, &vid).await;
    assert_eq!(decided["status"], "PASS");
    assert_eq!(decided["retry_allowed"], false);

    let record = h.record(&vid).await;
    assert_eq!(record["status"], "PASS");
    assert_eq!(record["patient_ref"], "MRN-1");
    assert_eq!(record["trigger"], "signup");
    assert!(record["decided_at"].is_string());

    // The session is finished: another submission is a conflict, a retried one is not.
    assert_eq!(
        error_of(h.submit(&s, "key-2").await).await,
        (409, "already_submitted".into())
    );
    let again = h.submit(&s, "key-1").await;
    assert_eq!(again.status(), 202);
    assert_eq!(
        again.json::<Value>().await.unwrap()["verification_id"],
        vid.as_str()
    );
}

#[tokio::test]
async fn a_1kosmos_failure_carries_its_reason_code_and_allows_a_retry() {
    let h = start().await;
    let (s, _, decided) = h.run_to_decision("Rivera IDV0011").await;
    assert_eq!(decided["status"], "FAIL");
    assert_eq!(decided["reason_code"], "IDV0011");
    assert_eq!(decided["retry_allowed"], true);
    // A second attempt with a fresh key is accepted.
    assert_eq!(h.submit(&s, "k2").await.status(), 202);
}

#[tokio::test]
async fn attempts_are_capped() {
    let h = start_with(|c| c.max_attempts = 1).await;
    let (s, _, decided) = h.run_to_decision("Rivera IDV0010").await;
    assert_eq!(decided["retry_allowed"], false);
    assert_eq!(decided["reason_code"], "IDV0014");
    assert_eq!(decided["cause_code"], "IDV0010");
    assert_eq!(
        error_of(h.submit(&s, "k2").await).await,
        (409, "attempts_exhausted".into())
    );
}

#[tokio::test]
async fn the_session_sets_its_attempts_and_its_last_fail_is_idv0014_with_its_cause() {
    let h = start().await;
    // The host may lower the gateway's max_attempts (3), never raise it.
    let mut too_many = patient("Rivera");
    too_many["max_attempts"] = json!(4);
    assert_eq!(
        error_of(h.create(too_many).await).await,
        (400, "invalid_field".into())
    );
    let mut request = patient("Rivera IDV0010");
    request["max_attempts"] = json!(2);
    request["max_retakes"] = json!(1);
    request["allow_document_upload"] = json!(true);
    let s = h.session_from(request).await;
    let config = h.config(&s).await;
    assert_eq!(
        (
            &config["max_attempts"],
            &config["max_retakes"],
            &config["allow_document_upload"]
        ),
        (&json!(2), &json!(1), &json!(true))
    );
    assert_eq!(h.consent(&s, true).await.status(), 200);
    let first = accepted_id(h.submit(&s, "k1").await).await;
    let d = h.poll(&s, &first).await;
    assert_eq!(
        (&d["reason_code"], &d["cause_code"], &d["attempts_left"]),
        (&json!("IDV0010"), &Value::Null, &json!(1))
    );
    let last = accepted_id(h.submit(&s, "k2").await).await;
    let d = h.poll(&s, &last).await;
    assert_eq!(d["status"], "FAIL");
    assert_eq!(
        (&d["reason_code"], &d["cause_code"], &d["retry_allowed"]),
        (&json!("IDV0014"), &json!("IDV0010"), &json!(false))
    );
    // The host's record and the token say the same; the first attempt keeps its own reason.
    let record = h.record(&last).await;
    assert_eq!(
        (&record["reason_code"], &record["cause_code"]),
        (&json!("IDV0014"), &json!("IDV0010"))
    );
    assert_eq!(h.record(&first).await["reason_code"], "IDV0010");
    let token = d["result_token"].as_str().unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::Engine::decode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            token.split('.').nth(1).unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["reason_code"], "IDV0014");
    assert_eq!(h.config(&s).await["status"], "failed");
    assert_eq!(
        error_of(h.submit(&s, "k3").await).await,
        (409, "attempts_exhausted".into())
    );
}

#[tokio::test]
async fn vendor_errors_and_missed_deadlines_are_retryable_errors_never_a_pass() {
    let h = start().await;
    let (_, _, decided) = h.run_to_decision("Tenanterror").await;
    assert_eq!(decided["status"], "ERROR");
    assert_eq!(decided["reason_code"], "vendor_error");
    assert_eq!(decided["retry_allowed"], true);

    let h = start_with(|c| c.decision_deadline_secs = 1).await;
    let (_, vid, decided) = h.run_to_decision("Slowpoke").await;
    assert_eq!(decided["status"], "ERROR");
    assert_eq!(decided["reason_code"], "timeout");
    // The late answer (PASS after 5 s) must not overwrite the recorded timeout.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let record = h.record(&vid).await;
    assert_eq!(record["status"], "ERROR");
}

#[tokio::test]
async fn a_wrong_license_key_is_an_error_not_a_pass() {
    let h = start_with(|c| c.kosmos.license_key = "not-the-license".into()).await;
    let (_, _, decided) = h.run_to_decision("Rivera").await;
    assert_eq!(decided["status"], "ERROR");
    assert_eq!(decided["reason_code"], "vendor_error");
}

#[tokio::test]
async fn declining_consent_is_recorded_and_ends_the_session() {
    let h = start().await;
    let s = h.session("Rivera").await;
    let r = h.consent(&s, false).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "declined");
    assert_eq!(
        error_of(h.consent(&s, true).await).await,
        (409, "consent_already_answered".into())
    );
    assert_eq!(
        error_of(h.submit(&s, "k").await).await,
        (409, "session_declined".into())
    );
}

#[tokio::test]
async fn session_creation_errors_are_400_and_401() {
    let h = start().await;
    let mut bad = patient("Rivera");
    bad["host_origin"] = json!("https://evil.example");
    assert_eq!(
        error_of(h.create(bad).await).await,
        (400, "host_origin_not_allowed".into())
    );
    let mut bad = patient("Rivera");
    bad["trigger"] = json!("whim");
    assert_eq!(
        error_of(h.create(bad).await).await,
        (400, "invalid_json".into())
    );
    let mut bad = patient("Rivera");
    bad["date_of_birth"] = json!("03/02/1950");
    assert_eq!(
        error_of(h.create(bad).await).await,
        (400, "invalid_field".into())
    );

    let r = h
        .http
        .post(format!("{}/v1/sessions", h.base))
        .basic_auth(CLIENT, Some("wrong-secret"))
        .json(&patient("Rivera"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await, (401, "bad_credentials".into()));
    let r = h
        .http
        .post(format!("{}/v1/sessions", h.base))
        .json(&patient("Rivera"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await, (401, "missing_credentials".into()));
}

#[tokio::test]
async fn capture_tokens_are_checked_401_403_404() {
    let h = start().await;
    let a = h.session("Rivera").await;
    let b = h.session("Rivera").await;
    let get = |url: String, token: String| {
        let http = h.http.clone();
        async move { http.get(url).bearer_auth(token).send().await.unwrap() }
    };
    assert_eq!(
        error_of(get(h.capture(&a, ""), "forged".into()).await).await,
        (401, "invalid_token".into())
    );
    assert_eq!(
        error_of(get(h.capture(&a, ""), b.token.clone()).await).await,
        (403, "wrong_session".into())
    );
    let r = h.http.get(h.capture(&a, "")).send().await.unwrap();
    assert_eq!(error_of(r).await, (401, "missing_token".into()));
    assert_eq!(
        error_of(get(h.capture(&a, "/verifications/nope"), a.token.clone()).await).await,
        (404, "not_found".into())
    );
    let r = h
        .http
        .get(format!("{}/v1/verifications/nope", h.base))
        .basic_auth(CLIENT, Some(SECRET))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await, (404, "not_found".into()));
}

#[tokio::test]
async fn expired_sessions_refuse_their_token() {
    let h = start_with(|c| c.session_ttl_secs = 0).await;
    let s = h.session("Rivera").await;
    let r = h
        .http
        .get(h.capture(&s, ""))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await, (401, "expired_token".into()));
}

#[tokio::test]
async fn submissions_are_validated_400_409_413_415() {
    let h = start().await;
    let s = h.session("Rivera").await;
    // Before consent.
    assert_eq!(
        error_of(h.submit(&s, "k").await).await,
        (409, "consent_required".into())
    );
    assert_eq!(h.consent(&s, true).await.status(), 200);

    let r = h
        .http
        .post(h.capture(&s, "/submit"))
        .bearer_auth(&s.token)
        .multipart(licence_form(JPEG))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await, (400, "missing_idempotency_key".into()));

    let png: &'static [u8] = b"\x89PNG\r\n\x1a\n0000";
    assert_eq!(
        error_of(h.submit_form(&s, "k", licence_form(png)).await).await,
        (415, "not_jpeg".into())
    );

    let big: &'static [u8] = Box::leak({
        let mut v = JPEG.to_vec();
        v.resize(257 * 1024, 0);
        v.into_boxed_slice()
    });
    assert_eq!(
        error_of(h.submit_form(&s, "k", licence_form(big)).await).await,
        (413, "image_too_large".into())
    );

    // A JPEG by its first bytes that does not decode, or one too small to read a document
    // from, is refused before anything is sent to 1Kosmos.
    assert_eq!(
        error_of(h.submit_form(&s, "k", licence_form(JPEG_MAGIC_ONLY)).await).await,
        (422, "image_unusable".into())
    );
    let tiny: &'static [u8] = Box::leak(
        fixtures::jpeg(&image::RgbImage::from_pixel(
            200,
            120,
            image::Rgb([90, 90, 90]),
        ))
        .into_boxed_slice(),
    );
    assert_eq!(
        error_of(h.submit_form(&s, "k", licence_form(tiny)).await).await,
        (422, "image_unusable".into())
    );
    assert_eq!(
        h.config(&s).await["attempts_used"],
        0,
        "a refused picture uses no attempt"
    );

    let no_back = Form::new()
        .text("document_type", "drivers_license")
        .part("front", Part::bytes(JPEG))
        .part("selfie", Part::bytes(JPEG));
    assert_eq!(
        error_of(h.submit_form(&s, "k", no_back).await).await,
        (400, "missing_image".into())
    );

    let id_card = Form::new()
        .text("document_type", "id_card")
        .part("front", Part::bytes(JPEG))
        .part("back", Part::bytes(JPEG))
        .part("selfie", Part::bytes(JPEG));
    assert_eq!(
        error_of(h.submit_form(&s, "k", id_card).await).await,
        (400, "document_type_not_allowed".into())
    );

    assert_eq!(h.submit(&s, "p1").await.status(), 202);
    // While that one is pending or passed, another key conflicts.
    assert_eq!(
        error_of(h.submit(&s, "p2").await).await,
        (409, "already_submitted".into())
    );
}

#[tokio::test]
async fn the_widget_is_served_only_into_allowed_frames() {
    let h = start().await;
    let r = h
        .http
        .get(format!("{}/healthz", h.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(csp, gateway::widget_csp(&[HOST.into()]));
    assert!(csp.contains(&format!("frame-ancestors {HOST};")));
}

#[tokio::test]
async fn readyz_checks_the_database_and_the_tenant_and_metrics_count_decisions() {
    let h = start().await;
    let ready = h
        .http
        .get(format!("{}/readyz", h.base))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    assert_eq!(body["tenant"], "ok");

    let (_, _, decided) = h.run_to_decision("Rivera").await;
    assert_eq!(decided["status"], "PASS");
    let text = h.metrics().await;
    for line in [
        "idv_decisions_total{status=\"PASS\",reason=\"\"} 1",
        "idv_vendor_latency_seconds_count 1",
        "idv_webhook_backlog{status=\"pending\"} 1",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
    }

    // A tenant nobody answers: not ready (503), and says why.
    let dead = start_on("http://127.0.0.1:9".into(), |_| {}).await;
    let r = dead
        .http
        .get(format!("{}/readyz", dead.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    assert_eq!(body["tenant"], "unavailable");
}

#[tokio::test]
async fn document_pictures_from_files_only_where_the_session_allows_and_never_the_selfie() {
    let h = start().await;
    let camera_only = h.session("Rivera").await;
    assert_eq!(h.consent(&camera_only, true).await.status(), 200);
    let files = |sides: &'static str| licence_form(JPEG).text("from_files", sides);
    assert_eq!(
        error_of(h.submit_form(&camera_only, "k1", files("front")).await).await,
        (403, "document_upload_not_allowed".into())
    );
    let mut request = patient("Rivera");
    request["allow_document_upload"] = json!(true);
    let s = h.session_from(request).await;
    assert_eq!(h.consent(&s, true).await.status(), 200);
    assert_eq!(
        error_of(h.submit_form(&s, "k1", files("front,selfie")).await).await,
        (400, "selfie_from_file".into())
    );
    let vid = accepted_id(h.submit_form(&s, "k2", files("front,back")).await).await;
    assert_eq!(h.poll(&s, &vid).await["status"], "PASS");
    // The audit says where the page declared each picture came from (its word, not a fact).
    let trail = h.host_get(&format!("/v1/verifications/{vid}/audit")).await;
    let sources: Vec<(String, String)> = trail["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "capture.received")
        .map(|e| {
            (
                e["detail"]["side"].as_str().unwrap().to_owned(),
                e["detail"]["declared_source"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            ("front".to_owned(), "file".to_owned()),
            ("back".to_owned(), "file".to_owned()),
            ("selfie".to_owned(), "camera".to_owned())
        ]
    );
}
