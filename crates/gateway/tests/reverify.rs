//! Re-verification with a selfie alone, against the portrait the tenant enrolled at a PASS.

mod common;

use common::*;
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

fn reverify_of(vid: &str, patient_ref: &str) -> Value {
    let mut body = patient("Rivera");
    body["patient_ref"] = json!(patient_ref);
    body["trigger"] = json!("password_reset");
    body["mode"] = json!("reverify");
    body["reverify_of"] = json!(vid);
    body
}

fn selfie_only() -> Form {
    Form::new().part("selfie", Part::bytes(JPEG).file_name("selfie.jpg"))
}

#[tokio::test]
async fn a_patient_proofed_once_passes_again_with_a_selfie_alone() {
    let h = start().await;
    let (_, first, decided) = h.run_to_decision("Rivera").await;
    assert_eq!(decided["status"], "PASS");

    let s = h.session_from(reverify_of(&first, "MRN-1")).await;
    let cfg = h.config(&s).await;
    assert_eq!(cfg["mode"], "reverify");
    assert_eq!(h.consent(&s, true).await.status(), 200);
    // Document pictures have no place in a re-verification.
    assert_eq!(
        error_of(h.submit_form(&s, "k0", licence_form(JPEG)).await).await,
        (400, "unexpected_image".into())
    );
    let r = h.submit_form(&s, "k1", selfie_only()).await;
    assert_eq!(r.status(), 202);
    let vid = accepted_id(r).await;
    let decided = h.poll(&s, &vid).await;
    assert_eq!(decided["status"], "PASS");
    let record = h.record(&vid).await;
    assert_eq!(record["trigger"], "password_reset");
    assert!(record["document_type"].is_null());

    // A re-verification's PASS can itself be the reference of the next one.
    let again = h.session_from(reverify_of(&vid, "MRN-1")).await;
    assert_eq!(h.consent(&again, true).await.status(), 200);
    let r = h.submit_form(&again, "k1", selfie_only()).await;
    let vid2 = accepted_id(r).await;
    assert_eq!(h.poll(&again, &vid2).await["status"], "PASS");
}

#[tokio::test]
async fn reverify_without_a_prior_pass_is_a_clear_4xx() {
    let h = start().await;
    let (_, failed, _) = h.run_to_decision("Rivera IDV0011").await;
    assert_eq!(
        error_of(h.create(reverify_of(&failed, "MRN-1")).await).await,
        (409, "no_prior_pass".into())
    );
    assert_eq!(
        error_of(
            h.create(reverify_of("00000000-0000-4000-8000-000000000000", "MRN-1"))
                .await
        )
        .await,
        (409, "no_prior_pass".into())
    );
    let (_, passed, _) = h.run_to_decision("Rivera").await;
    assert_eq!(
        error_of(h.create(reverify_of(&passed, "MRN-OTHER")).await).await,
        (409, "no_prior_pass".into()),
        "another patient's PASS does not count"
    );
    let mut missing = reverify_of(&passed, "MRN-1");
    missing["reverify_of"] = Value::Null;
    assert_eq!(
        error_of(h.create(missing).await).await,
        (400, "invalid_field".into())
    );
}

#[tokio::test]
async fn a_pass_older_than_the_policy_cannot_be_reused() {
    let h = start_with(|c| c.reverify_max_age_days = 0).await;
    let (_, passed, _) = h.run_to_decision("Rivera").await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(
        error_of(h.create(reverify_of(&passed, "MRN-1")).await).await,
        (409, "prior_pass_expired".into())
    );
}
