//! The local tenant over real HTTP on loopback, driven by the real docuverify client.

// A test's `unwrap` is an assertion (clippy.toml allows it in `#[test]` functions; here in the
// helpers too).
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use docuverify::client::unix_now;
use docuverify::journey::{document_request, DocKind, Subject};
use docuverify::wire::{ShareSessionCreate, ShareSessionRequest, ShareSessionUser, VerifyRequest};
use docuverify::{
    decide, Binding, Client, ClientError, Decision, KeyPair, SharedKey, TenantConfig,
};
use kosmos_tenant::scenario::PatientCheck;
use kosmos_tenant::{Tenant, TenantSettings};

const LICENSE: &str = "test-license";

/// A genuine licence of Ana Rivera (front, back with its AAMVA barcode, selfie), base64.
fn licence_images() -> &'static (String, String, String) {
    static IMAGES: std::sync::OnceLock<(String, String, String)> = std::sync::OnceLock::new();
    IMAGES.get_or_init(|| {
        use base64::Engine as _;
        let b64 = |b: Vec<u8>| base64::engine::general_purpose::STANDARD.encode(b);
        (
            b64(fixtures::jpeg(&fixtures::card_front(1))),
            b64(fixtures::jpeg(&fixtures::card_back(
                &fixtures::demo_licence(),
            ))),
            b64(fixtures::jpeg(&fixtures::selfie())),
        )
    })
}

/// How our gateway binds a licence answer to Ana Rivera, born 1958-04-12.
fn ana() -> Binding<'static> {
    Binding::Document {
        kind: DocKind::DriversLicense,
        patient: docuverify::identity::Patient {
            first_name: "Ana",
            last_name: "Rivera",
            birth_date: id_documents::Date::new(1958, 4, 12).unwrap(),
        },
        today: docuverify::client::today(),
    }
}

async fn start() -> (String, String) {
    start_with(&kosmos_tenant::DEFAULT_JOURNEYS.replace("local_doc_selfie", "journey_1")).await
}

async fn start_with(journeys: &str) -> (String, String) {
    let tenant = Tenant::new(TenantSettings {
        license_key: LICENSE.into(),
        journeys: kosmos_tenant::parse_journeys(journeys).unwrap(),
        keys: KeyPair::generate(),
        slow_delay: Duration::from_millis(10),
        patient_check: PatientCheck::Compare,
    });
    let pk = tenant.public_key_b64();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(kosmos_tenant::serve(tenant, listener));
    (format!("http://{addr}"), pk)
}

fn client(base: &str, license: &str) -> Client {
    Client::new(
        TenantConfig {
            tenant_dns: base.into(),
            community: "default".into(),
            license_key: license.into(),
            dvc_id: "journey_1".into(),
            app_id: "test".into(),
            timeout: Duration::from_secs(5),
        },
        KeyPair::generate(),
    )
    .unwrap()
}

fn request(dvc: &str, last_name: &str) -> VerifyRequest {
    let (front, back, selfie) = licence_images().clone();
    let subject = Subject {
        first_name: "Ana",
        last_name,
        dob: "19580412",
    };
    document_request(
        dvc,
        "doc",
        DocKind::DriversLicense,
        subject,
        front,
        Some(back),
        selfie,
    )
}

#[tokio::test]
async fn verify_passes_and_fails_through_the_real_envelope() {
    let (base, _) = start().await;
    let c = client(&base, LICENSE);
    let req = request("journey_1", "Rivera");
    let answer = c.verify(&req).await.unwrap();
    assert_eq!(decide(&req.verifications, &answer, ana()), Decision::Pass);

    let req = request("journey_1", "Rivera IDV0011");
    let answer = c.verify(&req).await.unwrap();
    assert_eq!(
        decide(&req.verifications, &answer, ana()),
        Decision::Fail {
            reason_code: Some("IDV0011".into())
        }
    );
}

#[tokio::test]
async fn wrong_license_key_and_bad_dvc_ids_get_plaintext_errors() {
    let (base, _) = start().await;
    match client(&base, "wrong")
        .verify(&request("journey_1", "Rivera"))
        .await
    {
        Err(ClientError::Status { status, body }) => {
            assert_eq!(status, 401);
            assert_eq!(body, plain_error(401, "invalid licensekey"));
        }
        other => panic!("expected 401, got {other:?}"),
    }
    let c = client(&base, LICENSE);
    for (dvc, status, message) in [
        ("", 400, "dvcID is not allowed to be empty"),
        ("nope", 404, "dvcID not found"),
    ] {
        match c.verify(&request(dvc, "Rivera")).await {
            Err(ClientError::Status { status: s, body }) => {
                assert_eq!((s, body), (status, plain_error(status, message)));
            }
            other => panic!("expected {status}, got {other:?}"),
        }
    }
    match c.verify(&request("journey_1", "Tenanterror")).await {
        Err(ClientError::Status { status, .. }) => assert_eq!(status, 500),
        other => panic!("expected 500, got {other:?}"),
    }
}

/// Builds docuverify requests by hand, for what the real client would never send.
struct RawCaller {
    base: String,
    keys: KeyPair,
    key: SharedKey,
    http: reqwest::Client,
}

impl RawCaller {
    fn new(base: &str, tenant_pk: &str) -> Self {
        let keys = KeyPair::generate();
        let key = keys.shared_key(tenant_pk).unwrap();
        Self {
            base: base.to_owned(),
            keys,
            key,
            http: reqwest::Client::new(),
        }
    }

    /// POSTs `{"data": data}` to `{docuverify}/{path}` with a `requestid` of `ts` and `uuid`.
    async fn post(&self, path: &str, ts: i64, uuid: &str, data: String) -> reqwest::Response {
        self.http
            .post(format!("{}/docuverify/{path}", self.base))
            .header("publickey", self.keys.public_key_b64())
            .header("licensekey", self.key.encrypt(LICENSE))
            .header(
                "requestid",
                self.key
                    .encrypt(&format!(r#"{{"ts":{ts},"appid":"t","uuid":"{uuid}"}}"#)),
            )
            .json(&serde_json::json!({ "data": data }))
            .send()
            .await
            .unwrap()
    }
}

fn fresh_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[tokio::test]
async fn stale_and_replayed_request_ids_and_missing_dvc_id_are_refused() {
    let (base, tenant_pk) = start().await;
    let caller = RawCaller::new(&base, &tenant_pk);
    let send = |ts: i64, uuid: String, payload: &str| {
        let data = caller.key.encrypt(payload);
        let caller = &caller;
        async move { caller.post("verify", ts, &uuid, data).await }
    };
    let now = unix_now();
    let uuid = fresh_uuid();
    let r = send(now, uuid.clone(), "{}").await;
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["message"], "dvcID is required");
    assert_eq!(body["code"], 400);

    let r = send(now, uuid, "{}").await;
    assert_eq!(r.status(), 401, "a replayed requestid uuid is refused");
    let not_sealed = "bm90IGVuY3J5cHRlZCBhdCBhbGwgYnV0IGxvbmcgZW5vdWdo".to_owned();
    let garbage = caller.post("verify", now, &fresh_uuid(), not_sealed).await;
    assert_eq!(garbage.status(), 400);
    let body: serde_json::Value = garbage.json().await.unwrap();
    assert_eq!(body["message"], "could not decrypt data");
    let r = send(now - 301, fresh_uuid(), "{}").await;
    assert_eq!(
        r.status(),
        401,
        "a requestid more than 5 minutes old is refused"
    );
}

#[tokio::test]
async fn a_document_type_the_journey_does_not_accept_is_idv0006() {
    let (base, _) = start_with("journey_1=ppt_verify,face_liveness,face_compare").await;
    let req = request("journey_1", "Rivera");
    let answer = client(&base, LICENSE).verify(&req).await.unwrap();
    assert_eq!(
        decide(&req.verifications, &answer, ana()),
        Decision::Fail {
            reason_code: Some("IDV0006".into())
        }
    );
}

fn share_request(dvc: &str, last_name: &str) -> ShareSessionCreate {
    ShareSessionCreate {
        dvc_id: dvc.into(),
        session_request: ShareSessionRequest {
            tenant_dns: "local".into(),
            community_name: "default".into(),
            document_type: "dl_object".into(),
            // What 1Kosmos's own Postman collection sends: no uid, no first name.
            user: ShareSessionUser {
                username: Some("ana".into()),
                lastname: Some(last_name.into()),
                ..Default::default()
            },
        },
    }
}

#[tokio::test]
async fn hosted_sessions_report_every_result_state_in_both_spellings() {
    let (base, tenant_pk) = start().await;
    let c = client(&base, LICENSE);
    let result_of = |last: &'static str| {
        let c = &c;
        async move {
            let created = c
                .create_share_session(&share_request("journey_1", last))
                .await
                .unwrap();
            assert!(created.url.contains(&created.session_id));
            (
                created.session_id.clone(),
                c.share_session_result(&created.session_id).await.unwrap(),
            )
        }
    };
    let (id, r) = result_of("Rivera Inprogress").await;
    assert_eq!(r.response_status.as_deref(), Some("INPROGRESS"));
    assert_eq!(r.id.as_deref(), Some(id.as_str()));
    assert_eq!(
        result_of("Rivera Expired")
            .await
            .1
            .session_result
            .as_deref(),
        Some("EXPIRED")
    );
    assert_eq!(
        result_of("Rivera Abandoned")
            .await
            .1
            .session_result
            .as_deref(),
        Some("ABANDONED")
    );
    // Without a control, a fresh session is in progress until its capture page is completed,
    // then SUCCESS with what the page read (never an identity nobody captured).
    let (fresh_id, fresh) = result_of("Rivera").await;
    assert_eq!(fresh.response_status.as_deref(), Some("INPROGRESS"));
    assert_eq!(fresh.session_result, None);
    assert_eq!(fresh.extracted_info, None);
    let http = reqwest::Client::new();
    let capture = format!("{base}/docuverify/capture/{fresh_id}");
    let read =
        serde_json::json!({ "extractedInfo": { "documentId": "D1234567", "lastName": "RIVERA" } });
    let done = http.post(&capture).json(&read).send().await.unwrap();
    assert_eq!(done.status(), 204);
    let ok = c.share_session_result(&fresh_id).await.unwrap();
    assert_eq!(ok.session_result.as_deref(), Some("SUCCESS"));
    assert_eq!(ok.response_status, None);
    assert_eq!(ok.extracted_info.unwrap()["documentId"], "D1234567");
    // Once only; an unknown session or a body without what was read is refused.
    let again = http.post(&capture).json(&read).send().await.unwrap();
    assert_eq!(again.status(), 409);
    let unknown = http
        .post(format!("{base}/docuverify/capture/no-such-session"))
        .json(&read)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let (other_id, _) = result_of("Rivera").await;
    let empty = http
        .post(format!("{base}/docuverify/capture/{other_id}"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 400);
    assert_eq!(
        c.share_session_result(&other_id)
            .await
            .unwrap()
            .response_status
            .as_deref(),
        Some("INPROGRESS")
    );
    let (failed_id, failed) = result_of("Rivera IDV0010").await;
    assert_eq!(failed.session_result.as_deref(), Some("FAILED"));
    assert_eq!(
        failed.error_info.unwrap().reason_code.as_deref(),
        Some("IDV0010")
    );

    // The unversioned alias spells the code reason_code; the client's type reads both.
    let caller = RawCaller::new(&base, &tenant_pk);
    let payload = format!(r#"{{"dvcID":"journey_1","sessionId":"{failed_id}"}}"#);
    let sealed = caller.key.encrypt(&payload);
    let raw = caller
        .post(
            "document_share_session/result",
            unix_now(),
            &fresh_uuid(),
            sealed,
        )
        .await;
    assert_eq!(raw.status(), 200);
    let body: serde_json::Value = raw.json().await.unwrap();
    let plain = caller.key.decrypt(body["data"].as_str().unwrap()).unwrap();
    assert!(plain.contains(r#""reason_code":"IDV0010""#), "{plain}");
    let parsed: docuverify::wire::ShareSessionResult = serde_json::from_str(&plain).unwrap();
    assert_eq!(
        parsed.error_info.unwrap().reason_code.as_deref(),
        Some("IDV0010")
    );

    // Unknown sessions and journeys are plaintext errors.
    match c.share_session_result("no-such-session").await {
        Err(ClientError::Status { status, body }) => {
            assert_eq!((status, body), (404, plain_error(404, "session not found")))
        }
        other => panic!("expected 404, got {other:?}"),
    }
    match c.create_share_session(&share_request("", "Rivera")).await {
        Err(ClientError::Status { status, .. }) => assert_eq!(status, 400),
        other => panic!("expected 400, got {other:?}"),
    }
}

/// What the client keeps of the tenant's plaintext error `{code, message}`: its length and hash,
/// never the text (and the error's text names neither).
fn plain_error(code: u16, message: &str) -> docuverify::client::BodyDigest {
    let body = serde_json::to_string(&docuverify::wire::PlainError {
        code,
        message: message.to_owned(),
    })
    .unwrap();
    let digest = docuverify::client::BodyDigest::of(&body);
    let shown = ClientError::Status {
        status: code,
        body: digest.clone(),
    }
    .to_string();
    assert!(!shown.contains(message), "{shown}");
    assert!(shown.contains(&digest.sha256_prefix), "{shown}");
    digest
}
