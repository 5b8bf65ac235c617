//! A mobile driver's licence from the patient's wallet (issue 21), answered by an independent
//! test wallet written in Python on maintained mdoc, COSE and HPKE libraries
//! (`tools/test-wallet/wallet.py`: pymdoccbor, pycose, pyhpke, cryptography), never on our Rust:
//! the genuine answer reaches PASS with the selfie; every tampering, replay, other origin,
//! other person and other session is refused.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

/// The origin of the widget's pages in [`test_config`] (`public_url`).
const ORIGIN: &str = "http://localhost:8080";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn python() -> PathBuf {
    let venv = repo_root().join("e2e/.venv/bin/python");
    assert!(
        venv.exists(),
        "the test wallet needs e2e/.venv: run `scripts/setup.sh --browser` (it installs \
         e2e/requirements.txt)"
    );
    venv
}

/// The test wallet's PKI (its IACA root is what the gateway trusts), made once per run.
fn pki() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("idv-test-wallet-{}", std::process::id()));
        wallet(&["anchors", "--dir", dir.to_str().unwrap()]);
        // The licence's portrait: the selfie fixture's face (made here: the e2e fixture files
        // are written later in a run).
        std::fs::write(
            dir.join("portrait.jpg"),
            fixtures::jpeg(&fixtures::selfie()),
        )
        .unwrap();
        dir
    })
}

/// Runs the wallet; its JSON answer.
fn wallet(args: &[&str]) -> Value {
    let out = std::process::Command::new(python())
        .arg(repo_root().join("tools/test-wallet/wallet.py"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "wallet.py {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A gateway that trusts the test wallet's issuer.
async fn gateway() -> Harness {
    gateway_with(|_| {}).await
}

async fn gateway_with(tweak: impl FnOnce(&mut gateway::Config)) -> Harness {
    let anchors = pki().join("iaca.pem");
    start_with(|c| {
        c.mdl.trust_anchors = Some(anchors.to_str().unwrap().to_owned());
        tweak(c);
    })
    .await
}

/// How the wallet answers a request.
#[derive(Default, Clone, Copy)]
struct Answer<'a> {
    tamper: Option<&'a str>,
    holder: Option<&'a str>,
    origin: Option<&'a str>,
}

impl Harness {
    async fn mdl_request(&self, s: &Session) -> reqwest::Response {
        self.http
            .post(self.capture(s, "/mdl/request"))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap()
    }

    async fn mdl_response(
        &self,
        s: &Session,
        request_id: &str,
        response: &str,
    ) -> reqwest::Response {
        self.http
            .post(self.capture(s, "/mdl/response"))
            .bearer_auth(&s.token)
            .json(&json!({ "request_id": request_id, "response": response }))
            .send()
            .await
            .unwrap()
    }

    /// Asks for a request and has the wallet answer it: `(request_id, response)`.
    async fn wallet_answer(&self, s: &Session, how: Answer<'_>) -> (String, String) {
        let r = self.mdl_request(s).await;
        assert_eq!(r.status(), 200);
        let req: Value = r.json().await.unwrap();
        assert_eq!(req["protocol"], "org-iso-mdoc");
        let dir = pki().to_str().unwrap().to_owned();
        let mut args = vec![
            "respond".to_owned(),
            "--dir".into(),
            dir,
            "--device-request".into(),
            req["device_request"].as_str().unwrap().into(),
            "--encryption-info".into(),
            req["encryption_info"].as_str().unwrap().into(),
            "--origin".into(),
            how.origin.unwrap_or(ORIGIN).into(),
            "--portrait".into(),
            pki().join("portrait.jpg").to_str().unwrap().into(),
        ];
        if let Some(t) = how.tamper {
            args.extend(["--tamper".into(), t.into()]);
        }
        if let Some(h) = how.holder {
            args.extend(["--holder".into(), h.into()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let answer = tokio::task::block_in_place(|| wallet(&args));
        (
            req["request_id"].as_str().unwrap().to_owned(),
            answer["response"].as_str().unwrap().to_owned(),
        )
    }

    /// A consented session of Ana `last_name`, born 1958-04-12.
    async fn consented(&self, last_name: &str) -> Session {
        let s = self.session(last_name).await;
        assert_eq!(self.consent(&s, true).await.status(), 200);
        s
    }
}

fn wallet_form(request_id: &str, response: &str) -> Form {
    Form::new()
        .text("document_type", "drivers_license")
        .text("mdl_request", request_id.to_owned())
        .text("mdl_response", response.to_owned())
        .part(
            "selfie",
            Part::bytes(fixtures::jpeg(&fixtures::selfie())).file_name("selfie.jpg"),
        )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_wallets_licence_and_a_live_selfie_pass_and_the_answer_counts_once() {
    let h = gateway().await;
    let s = h.session("Rivera").await;
    assert_eq!(
        h.config(&s).await["wallet"],
        false,
        "offered only once consent is given"
    );
    assert_eq!(h.consent(&s, true).await.status(), 200);
    assert_eq!(h.config(&s).await["wallet"], true);

    let (rid, response) = h.wallet_answer(&s, Answer::default()).await;
    let r = h.mdl_response(&s, &rid, &response).await;
    assert_eq!(r.status(), 200);
    let accepted: Value = r.json().await.unwrap();
    assert!(!accepted["issuing_authority"].as_str().unwrap().is_empty());
    // The same answer twice: a licence answer is checked once.
    assert_eq!(
        error_of(h.mdl_response(&s, &rid, &response).await).await,
        (409, "mdl_request_used".into())
    );

    let r = h.submit_form(&s, "k1", wallet_form(&rid, &response)).await;
    assert_eq!(r.status(), 202);
    let vid = accepted_id(r).await;
    let decided = h.poll(&s, &vid).await;
    assert_eq!(decided["status"], "PASS", "{decided}");
    let claims = claims_of(decided["result_token"].as_str().unwrap());
    assert_eq!(claims["amr"], json!(["mdl", "face", "live"]));
    assert_eq!(claims["ial"], 2);
    assert_eq!(claims["evidence"]["type"], "mdl");
    assert_eq!(
        claims["evidence"]["issuing_authority"],
        accepted["issuing_authority"]
    );
    assert_eq!(h.record(&vid).await["document_type"], "drivers_license");
    // The webhook event: the same evidence, and our checks beside 1Kosmos's.
    let event = crate::handoff_ownership::webhook_body(&h, &vid).await;
    let body = event.to_string();
    assert_eq!(event["evidence"], claims["evidence"]);
    assert_eq!(event["ial"], 2);
    let checks: Vec<&str> = event["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["verified"] == true)
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        checks,
        [
            "mdl_verified",
            "identity_binding",
            "face_liveness",
            "face_compare"
        ]
    );
    assert!(!body.contains("Rivera") && !body.contains("1958"), "{body}");
    // Used: the answer cannot be submitted again (a replay), in this session or another.
    assert_eq!(
        error_of(h.submit_form(&s, "k2", wallet_form(&rid, &response)).await).await,
        (409, "already_submitted".into())
    );
    let other = h.consented("Rivera").await;
    assert_eq!(
        error_of(h.mdl_response(&other, &rid, &response).await).await,
        (404, "not_found".into()),
        "a request of another session"
    );
    // The audit says what happened with no personal data.
    let audit = h.host_get(&format!("/v1/verifications/{vid}/audit")).await;
    let text = audit.to_string();
    for event in ["mdl.requested", "mdl.verified", "mdl.used"] {
        assert!(text.contains(event), "{event} in {text}");
    }
    assert!(!text.contains("Rivera") && !text.contains("1958"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_used_answer_is_refused_even_in_a_new_attempt_of_the_same_session() {
    let h = gateway().await;
    let s = h.consented("RiveraNOLIVE").await;
    let holder = r#"{"family_name":"RiveraNOLIVE","given_name":"Ana","birth_date":"1958-04-12"}"#;
    let (rid, response) = h
        .wallet_answer(
            &s,
            Answer {
                holder: Some(holder),
                ..Answer::default()
            },
        )
        .await;
    assert_eq!(h.mdl_response(&s, &rid, &response).await.status(), 200);
    let vid = accepted_id(h.submit_form(&s, "k1", wallet_form(&rid, &response)).await).await;
    let decided = h.poll(&s, &vid).await;
    // A genuine licence does not make a PASS on its own: the selfie failed liveness.
    assert_eq!(decided["status"], "FAIL", "{decided}");
    assert_eq!(
        error_of(h.submit_form(&s, "k2", wallet_form(&rid, &response)).await).await,
        (409, "mdl_request_used".into()),
        "the second attempt cannot reuse the spent answer"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_spoiled_answer_is_refused_with_its_reason_and_spends_its_request() {
    let h = gateway().await;
    let cases: &[(Answer, &str, &str)] = &[
        (tamper("altered_element"), "mdl_refused", "issuer signed"),
        (
            tamper("element_not_digested"),
            "mdl_refused",
            "issuer signed",
        ),
        (tamper("issuer_signature"), "mdl_refused", "signature"),
        (tamper("untrusted_root"), "mdl_refused", "trust"),
        (tamper("ds_expired"), "mdl_refused", "certificate"),
        (tamper("mso_expired"), "mdl_refused", "valid"),
        (tamper("other_nonce"), "mdl_refused", "phone"),
        (tamper("other_origin"), "mdl_refused", "phone"),
        (tamper("wrong_device_key"), "mdl_refused", "phone"),
        (tamper("device_mac"), "mdl_refused", "phone"),
        (tamper("doctype"), "mdl_refused", "driver"),
        (tamper("missing_portrait"), "mdl_refused", "share"),
        (tamper("truncated"), "mdl_refused", ""),
        (tamper("wrong_recipient"), "mdl_refused", ""),
        (tamper("licence_expired"), "mdl_expired", "expired"),
        (
            Answer {
                origin: Some("https://evil.example"),
                ..Answer::default()
            },
            "mdl_refused",
            "",
        ),
        (
            Answer {
                holder: Some(
                    r#"{"family_name":"Moreno","given_name":"Ana","birth_date":"1958-04-12"}"#,
                ),
                ..Answer::default()
            },
            "mdl_mismatch",
            "someone other",
        ),
        (
            Answer {
                holder: Some(
                    r#"{"family_name":"Rivera","given_name":"Ana","birth_date":"1958-04-13"}"#,
                ),
                ..Answer::default()
            },
            "mdl_mismatch",
            "someone other",
        ),
    ];
    for (how, code, words) in cases {
        // A fresh session each: a session asks wallets at most 5 times.
        let s = h.consented("Rivera").await;
        let (rid, response) = h.wallet_answer(&s, *how).await;
        let r = h.mdl_response(&s, &rid, &response).await;
        let status = r.status().as_u16();
        let body: Value = r.json().await.unwrap();
        let label = how.tamper.or(how.holder).or(how.origin).unwrap_or("?");
        assert_eq!(
            (status, body["error"].as_str().unwrap()),
            (422, *code),
            "{label}: {body}"
        );
        let message = body["message"].as_str().unwrap().to_lowercase();
        assert!(
            message.contains(words),
            "{label}: {message:?} names {words:?}"
        );
        assert!(
            !message.contains("rivera") && !message.contains("moreno"),
            "{message}"
        );
        // Spent: neither a second answer nor a submission can use it.
        assert_eq!(
            error_of(h.mdl_response(&s, &rid, &response).await).await,
            (409, "mdl_request_used".into()),
            "{label}"
        );
        assert_eq!(
            error_of(h.submit_form(&s, "k1", wallet_form(&rid, &response)).await).await,
            (409, "mdl_request_used".into()),
            "{label}"
        );
    }
}

fn tamper(kind: &str) -> Answer<'_> {
    Answer {
        tamper: Some(kind),
        ..Answer::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_wallet_is_offered_only_where_it_can_be_used_and_a_few_times() {
    // A gateway that trusts no issuer does not offer it.
    let plain = start().await;
    let s = plain.consented("Rivera").await;
    assert_eq!(plain.config(&s).await["wallet"], false);
    assert_eq!(
        error_of(plain.mdl_request(&s).await).await,
        (409, "wallet_not_offered".into())
    );

    let h = gateway().await;
    // Not before consent.
    let s = h.session("Rivera").await;
    assert_eq!(
        error_of(h.mdl_request(&s).await).await,
        (409, "wallet_not_offered".into())
    );
    // Not in a session that allows no driver's licence.
    let mut passport_only = patient("Rivera");
    passport_only["document_types"] = json!(["passport"]);
    let s = h.session_from(passport_only).await;
    assert_eq!(h.consent(&s, true).await.status(), 200);
    assert_eq!(h.config(&s).await["wallet"], false);
    assert_eq!(
        error_of(h.mdl_request(&s).await).await,
        (409, "wallet_not_offered".into())
    );
    // Five requests a session, then the card.
    let s = h.consented("Rivera").await;
    for _ in 0..5 {
        assert_eq!(h.mdl_request(&s).await.status(), 200);
    }
    assert_eq!(
        error_of(h.mdl_request(&s).await).await,
        (409, "mdl_requests_exhausted".into())
    );
    // A wallet submission carries no pictures of a card, and needs both of its fields.
    let (rid, response) = {
        let s2 = h.consented("Rivera").await;
        let a = h.wallet_answer(&s2, Answer::default()).await;
        assert_eq!(h.mdl_response(&s2, &a.0, &a.1).await.status(), 200);
        let front = fixtures::jpeg(&fixtures::card_front(1));
        let form = wallet_form(&a.0, &a.1).part("front", Part::bytes(front).file_name("f.jpg"));
        assert_eq!(
            error_of(h.submit_form(&s2, "k1", form).await).await,
            (400, "unexpected_image".into())
        );
        a
    };
    let half = Form::new().text("mdl_request", rid).part(
        "selfie",
        Part::bytes(fixtures::jpeg(&fixtures::selfie())).file_name("selfie.jpg"),
    );
    assert_eq!(
        error_of(h.submit_form(&s, "k1", half).await).await,
        (400, "missing_field".into())
    );
    drop(response);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_verified_answer_expires_with_its_request() {
    let h = gateway_with(|c| c.session_ttl_secs = 3600).await;
    let s = h.consented("Rivera").await;
    let (rid, response) = h.wallet_answer(&s, Answer::default()).await;
    assert_eq!(h.mdl_response(&s, &rid, &response).await.status(), 200);
    h.app.clock.advance(gateway::wallet::REQUEST_TTL_SECS + 1);
    assert_eq!(
        error_of(h.submit_form(&s, "k1", wallet_form(&rid, &response)).await).await,
        (409, "mdl_request_used".into())
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_phone_asks_its_wallet_only_after_its_own_consent() {
    let h = gateway().await;
    let desktop = h.consented("Rivera").await;
    let phone = h.phone_of(&desktop).await;
    assert_eq!(
        error_of(h.mdl_request(&phone).await).await,
        (409, "consent_required".into())
    );
    assert_eq!(h.consent(&phone, true).await.status(), 200);
    let (rid, response) = h.wallet_answer(&phone, Answer::default()).await;
    assert_eq!(h.mdl_response(&phone, &rid, &response).await.status(), 200);
    let vid = accepted_id(
        h.submit_form(&phone, "k1", wallet_form(&rid, &response))
            .await,
    )
    .await;
    assert_eq!(h.poll(&phone, &vid).await["status"], "PASS");
}
