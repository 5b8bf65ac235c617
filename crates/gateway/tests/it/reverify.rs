//! Re-verification with a selfie alone, against the portrait our gateway enrolled (sealed) at
//! the patient's document PASS: 1Kosmos's public `face_compare` + `face_liveness` shape.

use crate::common::*;
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
    let selfie = fixtures::jpeg(&fixtures::selfie());
    Form::new().part("selfie", Part::bytes(selfie).file_name("selfie.jpg"))
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
    let claims = claims_of(decided["result_token"].as_str().unwrap());
    assert_eq!(
        claims["mode"], "reverify",
        "the token says it was a re-verification"
    );
    assert_eq!(
        claims["ial"], 1,
        "a re-verification is not a new IAL2 proofing"
    );
    assert_eq!(claims["amr"], json!(["face", "live"]));
    assert!(claims["proofed_at"].as_str().is_some());
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

#[tokio::test]
async fn the_enrolled_portrait_is_sealed_and_the_age_counts_from_the_document_pass() {
    let h = start_with(|c| c.reverify_max_age_days = 30).await;
    let (_, first, _) = h.run_to_decision("Rivera").await;
    let sealed: Vec<u8> = on_db!(&h.app.pool, |p| sqlx::query_scalar(
        "SELECT sealed FROM enrolled_portraits WHERE verification_id = $1"
    )
    .bind(&first)
    .fetch_one(p)
    .await
    .unwrap());
    assert!(
        !sealed.windows(3).any(|w| w == [0xFF, 0xD8, 0xFF]),
        "no JPEG at rest"
    );
    // A re-verification passes today...
    let s = h.session_from(reverify_of(&first, "MRN-1")).await;
    assert_eq!(h.consent(&s, true).await.status(), 200);
    let vid = accepted_id(h.submit_form(&s, "k1", selfie_only()).await).await;
    assert_eq!(h.poll(&s, &vid).await["status"], "PASS");
    // ...but when the document PASS is 31 days old, neither it nor the recent re-verification
    // can anchor another one.
    on_db!(&h.app.pool, |p| sqlx::query(
        "UPDATE verifications SET decided_at = decided_at - 31 * 86400 WHERE id = $1"
    )
    .bind(&first)
    .execute(p)
    .await
    .map(|_| ())
    .unwrap());
    for anchor in [&first, &vid] {
        assert_eq!(
            error_of(h.create(reverify_of(anchor, "MRN-1")).await).await,
            (409, "prior_pass_expired".into())
        );
    }
}

#[tokio::test]
async fn an_aged_out_portrait_is_deleted_and_cannot_be_used() {
    // Retention at its default (30 days), as deployed: nothing here may lean on a longer one.
    let h = start_with(|c| c.reverify_max_age_days = 30).await;
    assert_eq!(h.app.config.retention_days, 30);
    let (_, first, _) = h.run_to_decision("Rivera").await;
    h.app.clock.advance(31 * DAY);
    let swept = gateway::sweeper::sweep(&h.app, h.app.clock.now())
        .await
        .unwrap();
    assert_eq!(swept.portraits_deleted, 1);
    assert_eq!(swept.links_forgotten, 1);
    assert_eq!(portraits(&h).await, 0);
    assert_eq!(
        error_of(h.create(reverify_of(&first, "MRN-1")).await).await,
        (409, "reverify_unavailable".into())
    );
}

const DAY: i64 = 86_400;

async fn portraits(h: &Harness) -> i64 {
    on_db!(&h.app.pool, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM enrolled_portraits"
    )
    .fetch_one(p)
    .await
    .unwrap())
}

/// A selfie-only re-verification of `anchor` for MRN-1, to its decision.
async fn reverify(h: &Harness, anchor: &str) -> (String, Value) {
    let s = h.session_from(reverify_of(anchor, "MRN-1")).await;
    assert_eq!(h.consent(&s, true).await.status(), 200);
    let r = h.submit_form(&s, "k1", selfie_only()).await;
    assert_eq!(r.status(), 202);
    let vid = accepted_id(r).await;
    let decided = h.poll(&s, &vid).await;
    (vid, decided)
}

#[tokio::test]
async fn under_the_default_retention_reverification_works_for_a_year_and_then_is_unavailable() {
    let h = start().await;
    let defaults = gateway::Config::load(&default_config_file().1, |_| None).unwrap();
    assert_eq!(
        (
            h.app.config.retention_days,
            h.app.config.reverify_max_age_days,
            h.app.config.audit_retention_days
        ),
        (
            defaults.retention_days,
            defaults.reverify_max_age_days,
            defaults.audit_retention_days
        ),
        "the harness runs the default retention"
    );
    let (_, first, decided) = h.run_to_decision("Rivera").await;
    assert_eq!(decided["status"], "PASS");

    // A month on: the patient reference is purged (retention_days, 30)...
    h.app.clock.advance(31 * DAY);
    let swept = gateway::sweeper::sweep(&h.app, h.app.clock.now())
        .await
        .unwrap();
    assert_eq!(swept.sessions_purged, 1);
    assert_eq!(swept.portraits_deleted, 0);
    assert_eq!(h.record(&first).await["patient_ref"], "");
    let stored: i64 = on_db!(&h.app.pool, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions WHERE patient_ref = 'MRN-1'"
    )
    .fetch_one(p)
    .await
    .unwrap());
    assert_eq!(stored, 0, "the reference itself is gone");
    // ...and re-verification still works: the enrolment is linked by a keyed hash.
    let (again, decided) = reverify(&h, &first).await;
    assert_eq!(decided["status"], "PASS");
    assert_eq!(
        error_of(h.create(reverify_of(&first, "MRN-2")).await).await,
        (409, "no_prior_pass".into()),
        "the link still tells patients apart"
    );

    // A year and a day after the PASS: the portrait is gone, and so is the link to it.
    h.app.clock.advance(335 * DAY);
    let swept = gateway::sweeper::sweep(&h.app, h.app.clock.now())
        .await
        .unwrap();
    assert_eq!(swept.portraits_deleted, 1);
    assert_eq!(portraits(&h).await, 0);
    for anchor in [&first, &again] {
        assert_eq!(
            error_of(h.create(reverify_of(anchor, "MRN-1")).await).await,
            (409, "reverify_unavailable".into()),
            "{anchor}"
        );
    }
}

/// The default configuration: a minimal file, every retention setting left out.
fn default_config_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gateway.toml");
    std::fs::write(
        &path,
        format!(
            r#"
listen = "127.0.0.1:0"
public_url = "http://localhost:8080"
database_url = "sqlite::memory:"
allowed_host_origins = ["{HOST}"]
[kosmos]
tenant_dns = "http://127.0.0.1:9"
community = "default"
license_key = "lk"
dvc_id = "dvc"
[epic]
webhook_url = "http://127.0.0.1:9/hook"
webhook_secret = "{WEBHOOK_SECRET}"
[signing]
current_kid = "k"
[[signing.keys]]
kid = "k"
private_key_file = "k.pem"
[[clients]]
id = "{CLIENT}"
secret = "{SECRET}"
"#
        ),
    )
    .unwrap();
    (dir, path)
}

async fn erase(h: &Harness, patient_ref: &str, client: (&str, &str)) -> reqwest::Response {
    h.http
        .delete(format!("{}/v1/patients/{patient_ref}/enrolment", h.base))
        .basic_auth(client.0, Some(client.1))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_host_erases_its_patients_enrolment_at_once_and_audited() {
    const OTHER: (&str, &str) = ("other-host", "other-secret-123456");
    let h = start_with(|c| {
        c.clients.push(gateway::config::ClientCredentials {
            id: OTHER.0.into(),
            secret: OTHER.1.into(),
            redirect_uris: vec![],
        })
    })
    .await;
    let (_, first, _) = h.run_to_decision("Rivera").await;
    assert_eq!(portraits(&h).await, 1);

    // Only the client's own patients: another host with the same reference finds nothing.
    assert_eq!(
        error_of(erase(&h, "MRN-1", OTHER).await).await,
        (404, "not_found".into())
    );
    assert_eq!(
        error_of(erase(&h, "MRN-2", (CLIENT, SECRET)).await).await,
        (404, "not_found".into())
    );
    let r = h
        .http
        .delete(format!("{}/v1/patients/MRN-1/enrolment", h.base))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await, (401, "missing_credentials".into()));
    assert_eq!(portraits(&h).await, 1, "nothing erased by those");

    let r = erase(&h, "MRN-1", (CLIENT, SECRET)).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"portraits_deleted": 1})
    );
    assert_eq!(
        portraits(&h).await,
        0,
        "deleted at once, not at the next sweep"
    );
    let trail = h
        .host_get(&format!("/v1/verifications/{first}/audit"))
        .await;
    let erased: Vec<&Value> = trail["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "enrolment.erased")
        .collect();
    assert_eq!(erased.len(), 1, "{trail}");
    assert_eq!(erased[0]["verification_id"], first.as_str());
    assert!(
        !trail.to_string().contains("MRN-1"),
        "no reference in the audit"
    );

    // Re-verification is unavailable, and stays so after a sweep (the erased link is never
    // filled in again from the reference still held within retention).
    for _ in 0..2 {
        assert_eq!(
            error_of(h.create(reverify_of(&first, "MRN-1")).await).await,
            (409, "reverify_unavailable".into())
        );
        gateway::sweeper::sweep(&h.app, h.app.clock.now())
            .await
            .unwrap();
    }
    assert_eq!(
        error_of(erase(&h, "MRN-1", (CLIENT, SECRET)).await).await,
        (404, "not_found".into()),
        "nothing left to erase"
    );

    // A reference with a space, percent-encoded in the path; a new PASS enrols again.
    let mut spaced = patient("Rivera");
    spaced["patient_ref"] = json!("MRN 7/b");
    let s = h.session_from(spaced).await;
    assert_eq!(h.consent(&s, true).await.status(), 200);
    let vid = accepted_id(h.submit(&s, "k1").await).await;
    assert_eq!(h.poll(&s, &vid).await["status"], "PASS");
    let r = erase(&h, "MRN%207%2Fb", (CLIENT, SECRET)).await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn without_a_portrait_key_nothing_is_enrolled_and_reverification_is_off() {
    let h = start_with(|c| c.portrait_key = None).await;
    let (_, first, decided) = h.run_to_decision("Rivera").await;
    assert_eq!(decided["status"], "PASS");
    let kept: i64 = on_db!(&h.app.pool, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM enrolled_portraits"
    )
    .fetch_one(p)
    .await
    .unwrap());
    assert_eq!(kept, 0);
    assert_eq!(
        error_of(h.create(reverify_of(&first, "MRN-1")).await).await,
        (409, "reverify_unavailable".into())
    );
}
