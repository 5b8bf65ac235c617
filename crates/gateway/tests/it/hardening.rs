//! The defences a hospital's security review asks for, each proven over real HTTP against the
//! real local tenant (or a hostile stand-in speaking the real envelope) and a real SQLite file.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::*;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use docuverify::KeyPair;
use kosmos_tenant::scenario::PatientCheck;
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A licence form whose back carries `record`'s barcode.
fn licence_of(record: &id_documents::aamva::AamvaRecord) -> Form {
    Form::new()
        .text("document_type", "drivers_license")
        .part(
            "front",
            Part::bytes(fixtures::jpeg(&fixtures::card_front(1))),
        )
        .part(
            "back",
            Part::bytes(fixtures::jpeg(&fixtures::card_back(record))),
        )
        .part("selfie", Part::bytes(fixtures::jpeg(&fixtures::selfie())))
}

async fn decide_with(h: &Harness, form: Form) -> Value {
    let s = h.session("Rivera").await;
    assert_eq!(h.consent(&s, true).await.status(), 200);
    let r = h.submit_form(&s, "k1", form).await;
    assert_eq!(r.status(), 202);
    let vid = accepted_id(r).await;
    h.poll(&s, &vid).await
}

#[tokio::test]
async fn a_vendor_that_says_all_verified_for_someone_else_does_not_make_a_pass() {
    let tenant = start_tenant_checking(PatientCheck::Skip).await;
    let h = start_on(tenant, |_| {}).await;
    let genuine = fixtures::demo_licence();
    assert_eq!(
        decide_with(&h, licence_of(&genuine)).await["status"],
        "PASS"
    );

    let mut other_name = genuine.clone();
    other_name.first_name = "MARIA".into();
    let d = decide_with(&h, licence_of(&other_name)).await;
    assert_eq!(
        (d["status"].as_str(), d["reason_code"].as_str()),
        (Some("FAIL"), Some("IDV0010"))
    );

    let mut other_birth = genuine.clone();
    other_birth.birth_date = id_documents::Date::new(1960, 1, 2).unwrap();
    let d = decide_with(&h, licence_of(&other_birth)).await;
    assert_eq!(
        (d["status"].as_str(), d["reason_code"].as_str()),
        (Some("FAIL"), Some("IDV0013"))
    );

    let mut expired = genuine.clone();
    expired.expiry_date = id_documents::Date::new(2020, 1, 1).unwrap();
    let d = decide_with(&h, licence_of(&expired)).await;
    assert_eq!(
        (d["status"].as_str(), d["reason_code"].as_str()),
        (Some("FAIL"), Some("IDV0011"))
    );

    // A passport picture nobody could read (a card front sent as the passport page): the local
    // tenant reads a passport's MRZ itself now, so it refuses the page as unreadable; the
    // gateway records that FAIL and never a PASS.
    let passport = Form::new()
        .text("document_type", "passport")
        .part(
            "front",
            Part::bytes(fixtures::jpeg(&fixtures::card_front(2))),
        )
        .part("selfie", Part::bytes(fixtures::jpeg(&fixtures::selfie())));
    let d = decide_with(&h, passport).await;
    assert_eq!(
        (d["status"].as_str(), d["reason_code"].as_str()),
        (Some("FAIL"), Some("IDV0005"))
    );
    let record = h.record(d["verification_id"].as_str().unwrap()).await;
    assert_eq!(record["status"], "FAIL");
}

/// What the hostile tenant answers to `/verify`.
#[derive(Clone, Copy, Debug)]
enum Answer {
    PlaintextAllVerified,
    Html,
    Empty,
    SealedErrorBody,
    SealedForAnotherDocument,
    RedirectToGenuine,
    /// A 4xx whose body echoes personal data (the gateway must not log it).
    ErrorEchoingTheRequest,
    /// Sealed, about our document, every check verified, and no extracted document at all.
    SealedVerifiedNothingBound,
    /// Sealed, every check verified, extracted document someone else's.
    SealedVerifiedSomeoneElse,
}

/// What the 4xx of [`Answer::ErrorEchoingTheRequest`] says; never in the gateway's logs.
const ECHOED: &str = "patient MARKER-ANA-RIVERA-1958 not allowed";

#[derive(Clone)]
struct Hostile {
    keys: KeyPair,
    answer: Arc<Mutex<Answer>>,
    genuine: String,
    /// `/verify` calls received (billed, at a real tenant).
    calls: Arc<Mutex<u32>>,
}

impl Hostile {
    /// A hostile tenant answering `answer`, on loopback; its base URL.
    async fn start(answer: Answer) -> (Self, String) {
        let hostile = Hostile {
            keys: KeyPair::generate(),
            answer: Arc::new(Mutex::new(answer)),
            genuine: String::new(),
            calls: Arc::default(),
        };
        let app = Router::new()
            .route("/caas/sd", get(hostile_sd))
            .route("/docuverify/publickeys", get(hostile_keys))
            .route("/docuverify/verify", post(hostile_verify))
            .with_state(hostile.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (hostile, url)
    }
}

async fn hostile_sd(headers: HeaderMap) -> Json<Value> {
    let host = headers["host"].to_str().unwrap().to_owned();
    Json(json!({"docuverify": format!("http://{host}/docuverify"), "licenses": "x"}))
}

async fn hostile_keys(State(t): State<Hostile>) -> Json<Value> {
    Json(json!({"publicKey": t.keys.public_key_b64()}))
}

async fn hostile_verify(State(t): State<Hostile>, headers: HeaderMap, body: String) -> Response {
    let key = t
        .keys
        .shared_key(headers["publickey"].to_str().unwrap())
        .unwrap();
    let data: Value = serde_json::from_str(&body).unwrap();
    let request: Value =
        serde_json::from_str(&key.decrypt(data["data"].as_str().unwrap()).unwrap()).unwrap();
    let doc_id = request["document"]["id"].as_str().unwrap().to_owned();
    *t.calls.lock().unwrap() += 1;
    // Every check verified; the authenticity check's extracted document as `extracted` says.
    let verified_with = |extracted: Option<String>| {
        let certs: Vec<Value> = request["verifications"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let mut cert = json!({"type": c, "verified": true});
                if let Some(result) = extracted
                    .as_ref()
                    .filter(|_| c.as_str().is_some_and(|n| n.ends_with("_authenticate")))
                {
                    cert["result"] = result.clone().into();
                }
                cert
            })
            .collect();
        json!({"docId": doc_id, "certifications": certs}).to_string()
    };
    let all_verified = |doc: &str| {
        let certs: Vec<Value> = request["verifications"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| json!({"type": c, "verified": true}))
            .collect();
        json!({"docId": doc, "certifications": certs}).to_string()
    };
    let answer = *t.answer.lock().unwrap();
    match answer {
        Answer::PlaintextAllVerified => (StatusCode::OK, all_verified(&doc_id)).into_response(),
        Answer::Html => (
            StatusCode::OK,
            "<html><body>Service maintenance</body></html>",
        )
            .into_response(),
        Answer::Empty => StatusCode::OK.into_response(),
        Answer::SealedErrorBody => Json(json!({
            "data": key.encrypt(r#"{"code":400,"message":"dvcID is required"}"#)
        }))
        .into_response(),
        Answer::SealedForAnotherDocument => {
            Json(json!({"data": key.encrypt(&all_verified("someone-else"))})).into_response()
        }
        Answer::RedirectToGenuine => (
            StatusCode::TEMPORARY_REDIRECT,
            [("location", format!("{}/docuverify/verify", t.genuine))],
        )
            .into_response(),
        Answer::ErrorEchoingTheRequest => (
            StatusCode::BAD_REQUEST,
            Json(json!({"code": 400, "message": ECHOED})),
        )
            .into_response(),
        Answer::SealedVerifiedNothingBound => {
            Json(json!({"data": key.encrypt(&verified_with(None))})).into_response()
        }
        Answer::SealedVerifiedSomeoneElse => {
            let born = id_documents::Date::new(1971, 3, 9).unwrap();
            let expires = id_documents::Date::new(2031, 3, 9).unwrap();
            let other = docuverify::identity::result_json("MARIA", "LOPEZ", born, expires);
            Json(json!({"data": key.encrypt(&verified_with(Some(other)))})).into_response()
        }
    }
}

/// A passport submission: the data page (any decodable picture: the tenant reads it) and a
/// selfie.
fn passport_form() -> Form {
    Form::new()
        .text("document_type", "passport")
        .part(
            "front",
            Part::bytes(fixtures::jpeg(&fixtures::card_front(2))),
        )
        .part("selfie", Part::bytes(fixtures::jpeg(&fixtures::selfie())))
}

#[tokio::test]
async fn a_tenant_that_says_a_passport_is_verified_with_nothing_bound_never_makes_a_pass() {
    let (hostile, url) = Hostile::start(Answer::SealedVerifiedNothingBound).await;
    let h = start_on(url, |_| {}).await;
    for (answer, reason) in [
        // Authenticated, about our document, every certification verified, and no name, birth
        // date or expiry to bind: FAIL IDV0007, never PASS.
        (Answer::SealedVerifiedNothingBound, "IDV0007"),
        // The same with a genuine-looking extraction of someone else: FAIL IDV0010.
        (Answer::SealedVerifiedSomeoneElse, "IDV0010"),
    ] {
        *hostile.answer.lock().unwrap() = answer;
        let d = decide_with(&h, passport_form()).await;
        assert_eq!(
            (d["status"].as_str(), d["reason_code"].as_str()),
            (Some("FAIL"), Some(reason)),
            "{answer:?}"
        );
        let checks = d["verification_id"].as_str().unwrap();
        let record = h.record(checks).await;
        assert_eq!(record["status"], "FAIL", "{answer:?}");
    }
    assert_eq!(*hostile.calls.lock().unwrap(), 2);
}

/// Every warning and error the test binary logs, from the first call on: one global
/// subscriber (a thread's own default misses events when another test thread registered the
/// same call site first, so a capture per test was flaky). Tests find their own lines by the
/// verification ids they made.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    /// The binary's log, captured from the first call of this function.
    fn global() -> &'static Logs {
        static LOGS: std::sync::OnceLock<Logs> = std::sync::OnceLock::new();
        LOGS.get_or_init(|| {
            let logs = Logs::default();
            let writer = logs.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::WARN)
                .with_ansi(false)
                .with_writer(move || writer.clone())
                .finish();
            tracing::subscriber::set_global_default(subscriber)
                .expect("no other global subscriber in the gateway tests");
            logs
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn vendor_errors_end_the_session_at_the_cap_and_their_bodies_are_never_logged() {
    let logs = Logs::global();
    let (hostile, url) = Hostile::start(Answer::ErrorEchoingTheRequest).await;
    let h = start_on(url, |c| c.limits.max_vendor_errors = 3).await;
    let s = h.session("Rivera").await;
    assert_eq!(h.consent(&s, true).await.status(), 200);
    let mut vids = Vec::new();
    for n in 1..=3 {
        let vid = accepted_id(h.submit(&s, &format!("k{n}")).await).await;
        vids.push(vid.clone());
        let d = h.poll(&s, &vid).await;
        assert_eq!(d["status"], "ERROR", "call {n}");
        if n < 3 {
            assert_eq!(d["reason_code"], "vendor_error", "call {n}");
            assert_eq!(d["retry_allowed"], true, "call {n}");
        } else {
            // The third reaches the cap: the session ends, and says why.
            assert_eq!(d["reason_code"], "vendor_errors_exhausted");
            assert_eq!(d["cause_code"], "vendor_error");
            assert_eq!(d["retry_allowed"], false);
        }
    }
    assert_eq!(
        h.config(&s).await["attempts_used"],
        0,
        "vendor errors use no attempt"
    );
    assert_eq!(h.config(&s).await["status"], "failed");
    assert_eq!(
        error_of(h.submit(&s, "k4").await).await,
        (409, "vendor_errors_exhausted".into())
    );
    assert_eq!(*hostile.calls.lock().unwrap(), 3, "no fourth billed call");

    let text = logs.text();
    let ours: Vec<&str> = text
        .lines()
        .filter(|l| vids.iter().any(|v| l.contains(v.as_str())))
        .collect();
    assert_eq!(ours.len(), 3, "one warning per vendor error: {text}");
    for line in &ours {
        assert!(
            line.contains("1Kosmos answered 400") && line.contains("sha256"),
            "the error is logged by status, length and hash: {line}"
        );
    }
    assert!(
        !text.contains("MARKER"),
        "the vendor's body never is: {text}"
    );
}

#[tokio::test]
async fn only_an_authenticated_answer_about_our_document_decides() {
    let genuine = start_tenant().await;
    let hostile = Hostile {
        keys: KeyPair::generate(),
        answer: Arc::new(Mutex::new(Answer::PlaintextAllVerified)),
        genuine,
        calls: Arc::default(),
    };
    let app = Router::new()
        .route("/caas/sd", get(hostile_sd))
        .route("/docuverify/publickeys", get(hostile_keys))
        .route("/docuverify/verify", post(hostile_verify))
        .with_state(hostile.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let h = start_on(url, |c| c.max_attempts = 1).await;
    for answer in [
        Answer::PlaintextAllVerified,
        Answer::Html,
        Answer::Empty,
        Answer::SealedErrorBody,
        Answer::SealedForAnotherDocument,
        Answer::RedirectToGenuine,
    ] {
        *hostile.answer.lock().unwrap() = answer;
        let s = h.session("Rivera").await;
        assert_eq!(h.consent(&s, true).await.status(), 200);
        let vid = accepted_id(h.submit(&s, "k1").await).await;
        let d = h.poll(&s, &vid).await;
        assert_eq!(d["status"], "ERROR", "{answer:?}");
        assert_eq!(d["reason_code"], "vendor_error", "{answer:?}");
        assert_eq!(d["retry_allowed"], true, "{answer:?}: no attempt used");
        assert!(d["result_token"].is_null());
        assert_eq!(h.config(&s).await["attempts_used"], 0, "{answer:?}");
    }
}

#[tokio::test]
async fn a_decision_has_one_token_whatever_the_number_of_reads() {
    let h = start().await;
    let (s, vid, first) = h.run_to_decision("Rivera").await;
    let again = h.poll(&s, &vid).await;
    let token = first["result_token"].as_str().unwrap();
    assert_eq!(
        again["result_token"].as_str(),
        Some(token),
        "same token, same jti"
    );
    let payload = token.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        (claims["mode"].as_str(), claims["ial"].as_i64()),
        (Some("full"), Some(2))
    );
    assert_eq!(claims["amr"], json!(["doc", "face", "live"]));
}

#[tokio::test]
async fn credentials_are_checked_before_the_body_and_failures_are_rate_limited() {
    let h = start().await;
    let post = |secret: &str, body: &'static str| {
        h.http
            .post(format!("{}/v1/sessions", h.base))
            .basic_auth(CLIENT, Some(secret))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let r = post("wrong-secret-123", "{ not json").await.unwrap();
    assert_eq!(error_of(r).await, (401, "bad_credentials".into()));
    let r = post(SECRET, "{ not json").await.unwrap();
    assert_eq!(
        error_of(r).await.0,
        400,
        "the right secret gets to the body"
    );
    // Ten failures a minute per address, then 429 with Retry-After, even with the right secret.
    for _ in 0..10 {
        post("wrong-secret-123", "{}").await.unwrap();
    }
    let r = post(SECRET, "{}").await.unwrap();
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=61).contains(&retry));
    assert_eq!(error_of(r).await.1, "rate_limited");
}

#[tokio::test]
async fn widget_calls_and_session_creation_are_rate_limited() {
    let h = start_with(|c| {
        c.limits.widget_calls_per_second = 2;
        c.limits.sessions_per_second = 3;
    })
    .await;
    let s = h.session("Rivera").await;
    let mut statuses = vec![];
    for _ in 0..12 {
        let r = h
            .http
            .get(h.capture(&s, ""))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    assert!(
        statuses.iter().filter(|&&c| c == 200).count() >= 6,
        "a burst is allowed"
    );
    let mut created = vec![];
    for _ in 0..8 {
        created.push(h.create(patient("Rivera")).await.status().as_u16());
    }
    assert!(created.contains(&429), "{created:?}");
}

#[tokio::test]
async fn a_second_upload_of_the_same_session_waits_for_the_first() {
    let h = start().await;
    let s = h.session("Rivera").await;
    assert_eq!(h.consent(&s, true).await.status(), 200);
    // The first upload sends its headers and part of its body, then stalls.
    let addr = h.base.trim_start_matches("http://").to_owned();
    let mut first = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let part =
        "--XB\r\nContent-Disposition: form-data; name=\"document_type\"\r\n\r\ndrivers_license\r\n";
    let head = format!(
        "POST /v1/capture/sessions/{}/submit HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
         Idempotency-Key: first\r\nContent-Type: multipart/form-data; boundary=XB\r\n\
         Content-Length: 100000\r\n\r\n{part}",
        s.id, s.token
    );
    first.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let second = h.submit(&s, "second").await;
    assert_eq!(
        error_of(second).await,
        (409, "submission_in_progress".into())
    );
    // The first upload is abandoned: the slot is free again.
    drop(first);
    let mut status = 0;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        status = h.submit(&s, "third").await.status().as_u16();
        if status == 202 {
            break;
        }
    }
    assert_eq!(status, 202);
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let h = start().await;
    let addr = h.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 256];
    let started = std::time::Instant::now();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf)).await;
    let elapsed = started.elapsed();
    assert!(read.is_ok(), "the server closed the connection");
    assert!(elapsed >= Duration::from_millis(1500), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(6), "{elapsed:?}");
}

/// An upload refused from its headers alone (this session already has a decision) is answered
/// before its body is read. The server reads and drops the rest, so the client reads the answer
/// and its next request on the same connection is not lost (seen once in CI before: reqwest's
/// "IncompleteMessage" on the request after such a refusal; and a broken pipe on the upload).
#[tokio::test(flavor = "multi_thread")]
async fn an_upload_refused_before_its_body_is_read_loses_neither_its_answer_nor_the_next_request() {
    let h = start().await;
    let s = h.session("Rivera").await;
    assert_eq!(h.consent(&s, true).await.status(), 200);
    let vid = accepted_id(h.submit(&s, "k1").await).await;
    assert_eq!(h.poll(&s, &vid).await["status"], "PASS");
    for round in 0..8 {
        // Pictures of 3 MB: more than the sockets hold, so the client is still sending when
        // the answer comes.
        let big = licence_form(JPEG).part("note", Part::bytes(vec![b'x'; 3_000_000]));
        let refused = h.submit_form(&s, &format!("again-{round}"), big).await;
        assert_eq!(refused.headers().get("connection"), None, "round {round}");
        assert_eq!(
            error_of(refused).await,
            (409, "already_submitted".into()),
            "round {round}"
        );
        assert_eq!(
            h.create(patient("Rivera")).await.status(),
            201,
            "round {round}"
        );
    }
}

/// A body too big to drain is not read: its answer says `Connection: close` and the
/// connection is closed.
#[tokio::test]
async fn a_body_too_big_to_drain_is_answered_with_connection_close() {
    let h = start().await;
    let addr = h.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{{",
        base64::engine::general_purpose::STANDARD.encode("nobody:wrong"),
        64 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server closed the connection");
    let answer = String::from_utf8_lossy(&answer).to_lowercase();
    assert!(answer.starts_with("http/1.1 401"), "{answer}");
    assert!(answer.contains("\r\nconnection: close\r\n"), "{answer}");
}

#[tokio::test]
async fn the_sweeper_finalises_a_verification_nobody_polls_and_queues_its_webhook() {
    let h = start_with(|c| c.decision_deadline_secs = 1).await;
    let s = h.session("Rivera Slowpoke").await;
    assert_eq!(h.consent(&s, true).await.status(), 200);
    let vid = accepted_id(h.submit(&s, "k1").await).await;
    // Nobody polls: the sweeper decides.
    let now = gateway::clock::now() + 5;
    let swept = gateway::sweeper::sweep(&h.app, now).await.unwrap();
    assert_eq!(swept.finalised, 1);
    let record = h.record(&vid).await;
    assert_eq!(record["status"], "ERROR");
    assert_eq!(record["reason_code"], "timeout");
    assert_eq!(
        record["webhook"]["status"], "pending",
        "the webhook is queued"
    );
    // A second sweep (another replica) finds nothing to do.
    assert_eq!(
        gateway::sweeper::sweep(&h.app, now)
            .await
            .unwrap()
            .finalised,
        0
    );
    assert_eq!(h.backlog().await, (1, 0));
}

#[tokio::test]
async fn personal_data_is_purged_after_the_retention_and_the_audit_stays() {
    let h = start_with(|c| c.retention_days = 30).await;
    let (_, vid, _) = h.run_to_decision("Rivera").await;
    let before = h.record(&vid).await;
    assert_eq!(before["patient_ref"], "MRN-1");
    let audit_before = h.host_get(&format!("/v1/verifications/{vid}/audit")).await;
    // 29 days on: nothing purged. 31 days on: purged.
    let day = 86_400;
    let soon = gateway::sweeper::sweep(&h.app, gateway::clock::now() + 29 * day)
        .await
        .unwrap();
    assert_eq!(soon.sessions_purged, 0);
    let later = gateway::sweeper::sweep(&h.app, gateway::clock::now() + 31 * day)
        .await
        .unwrap();
    assert_eq!(later.sessions_purged, 1);
    let after = h.record(&vid).await;
    assert_eq!(after["patient_ref"], "");
    assert_eq!(after["status"], "PASS");
    let audit_after = h.host_get(&format!("/v1/verifications/{vid}/audit")).await;
    assert_eq!(
        audit_after["events"], audit_before["events"],
        "the audit trail stays"
    );
    let (first, last, dob): (String, String, String) = on_db!(&h.app.pool, |p| sqlx::query_as(
        "SELECT first_name, last_name, date_of_birth FROM sessions"
    )
    .fetch_one(p)
    .await
    .unwrap());
    assert_eq!((first.as_str(), last.as_str(), dob.as_str()), ("", "", ""));
    let tokens: i64 = on_db!(&h.app.pool, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM verifications WHERE result_token IS NOT NULL"
    )
    .fetch_one(p)
    .await
    .unwrap());
    assert_eq!(tokens, 0);
}

#[tokio::test]
async fn an_unknown_status_in_the_database_is_an_error_never_a_default() {
    let h = start().await;
    let s = h.session("Rivera").await;
    assert_eq!(h.consent(&s, true).await.status(), 200);
    let vid = accepted_id(h.submit(&s, "k1").await).await;
    h.poll(&s, &vid).await;
    on_db!(&h.app.pool, |p| sqlx::query(
        "UPDATE verifications SET status = 'MAYBE' WHERE id = $1"
    )
    .bind(&vid)
    .execute(p)
    .await
    .map(|_| ())
    .unwrap());
    let r = h
        .http
        .get(format!("{}/v1/verifications/{vid}", h.base))
        .basic_auth(CLIENT, Some(SECRET))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500, "a corrupt verification status is not read");
    on_db!(&h.app.pool, |p| sqlx::query(
        "UPDATE sessions SET status = 'paused' WHERE id = $1"
    )
    .bind(&s.id)
    .execute(p)
    .await
    .map(|_| ())
    .unwrap());
    let r = h
        .http
        .get(h.capture(&s, ""))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500, "a corrupt session status is not read");
}
