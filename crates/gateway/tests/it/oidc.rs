//! The OpenID Provider (issue 19 §1) driven by the `openidconnect` crate, a client nobody here
//! wrote: discovery, a pushed authorization request (the crate has no PAR: the test pushes
//! itself), /authorize, the journey through the capture API (no browser), the code back, the
//! token endpoint with PKCE, the ID token verified by the crate against our JWKS, and its
//! `verified_claims`. Then every abuse answered with its RFC error.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use openidconnect::core::{CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, RedirectUrl, TokenResponse,
};
use serde_json::Value;

use crate::common::*;

const REDIRECT: &str = "https://rp.example/callback";
const OTHER_CLIENT: &str = "another-client";
const OTHER_SECRET: &str = "another-secret-0123";

/// A gateway whose `public_url` is its own address (the issuer the client discovers), with
/// [`CLIENT`] registered for [`REDIRECT`] and a second client for cross-client abuse.
async fn provider() -> Harness {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let db = tempfile::tempdir().unwrap();
    let mut config = test_config(&start_tenant().await, db.path());
    config.public_url = base.clone();
    config.clients[0].redirect_uris = vec![REDIRECT.into()];
    config.clients.push(gateway::config::ClientCredentials {
        id: OTHER_CLIENT.into(),
        secret: OTHER_SECRET.into(),
        redirect_uris: vec!["https://other.example/cb".into()],
    });
    ensure_database(&config.database_url).await;
    let app = gateway::AppState::new(config).await.unwrap();
    let server = tokio::spawn(gateway::http::serve::run(
        listener,
        gateway::router(app.clone()),
        Duration::from_secs(2),
        Duration::from_secs(1),
        std::future::pending(),
    ));
    Harness {
        base,
        http: client(),
        _db: db,
        app,
        server,
    }
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

struct Pushed {
    request_uri: String,
    state: String,
    nonce: String,
    verifier: String,
}

/// The patient and the flow's parameters, as a form; `extra` replaces or adds pairs.
fn par_form(challenge: &str, state: &str, nonce: &str, last_name: &str) -> Vec<(String, String)> {
    [
        ("response_type", "code"),
        ("client_id", CLIENT),
        ("redirect_uri", REDIRECT),
        ("scope", "openid"),
        ("state", state),
        ("nonce", nonce),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
        ("patient_ref", "MRN-1"),
        ("given_name", "Ana"),
        ("family_name", last_name),
        ("birthdate", "1958-04-12"),
        ("trigger", "password_reset"),
        ("document_types", "drivers_license"),
        ("ui_locales", "en"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

async fn push(h: &Harness, form: &[(String, String)], who: (&str, &str)) -> reqwest::Response {
    h.http
        .post(format!("{}/oidc/par", h.base))
        .basic_auth(who.0, Some(who.1))
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn pushed(h: &Harness, last_name: &str) -> Pushed {
    pushed_with(h, last_name, &[]).await
}

/// [`pushed`] with `extra` parameters.
async fn pushed_with(h: &Harness, last_name: &str, extra: &[(&str, &str)]) -> Pushed {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (state, nonce) = (
        format!("state-{}", uuid::Uuid::new_v4()),
        format!("nonce-{}", uuid::Uuid::new_v4()),
    );
    let mut form = par_form(challenge.as_str(), &state, &nonce, last_name);
    form.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let r = push(h, &form, (CLIENT, SECRET)).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let body: Value = r.json().await.unwrap();
    assert!(body["expires_in"].as_i64().unwrap() <= 60);
    Pushed {
        request_uri: body["request_uri"].as_str().unwrap().to_owned(),
        state,
        nonce,
        verifier: verifier.secret().clone(),
    }
}

async fn authorize(h: &Harness, query: &[(&str, &str)]) -> reqwest::Response {
    no_redirects()
        .get(format!("{}/oidc/authorize", h.base))
        .query(query)
        .send()
        .await
        .unwrap()
}

/// /authorize, then the journey through the capture API; the widget's way back.
async fn journey(h: &Harness, p: &Pushed) -> (String, Value) {
    journey_with(h, p, licence_form(JPEG)).await
}

/// [`journey`] submitting `pictures`.
async fn journey_with(
    h: &Harness,
    p: &Pushed,
    pictures: reqwest::multipart::Form,
) -> (String, Value) {
    let r = authorize(h, &[("client_id", CLIENT), ("request_uri", &p.request_uri)]).await;
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{}/#session=", h.base)),
        "{location}"
    );
    let s = launched(&location);
    assert_eq!(h.consent(&s, true).await.status(), 200);
    let r = h.submit_form(&s, "k1", pictures).await;
    assert_eq!(r.status(), 202);
    let vid = accepted_id(r).await;
    let decided = h.poll(&s, &vid).await;
    let back: Value = h
        .http
        .post(h.capture(&s, "/oidc/return"))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = back["redirect_to"].as_str().unwrap().to_owned();
    (url, decided)
}

fn query_of(url: &str) -> Vec<(String, String)> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn param(q: &[(String, String)], name: &str) -> Option<String> {
    q.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

/// The capture session and token of the widget address /authorize sent the browser to.
fn launched(location: &str) -> Session {
    let fragment = location.split_once('#').unwrap().1;
    let get = |name: &str| {
        fragment
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .unwrap()
            .to_owned()
    };
    Session {
        id: get("session"),
        token: get("token"),
    }
}

/// The client's code exchange, done right: its code, redirect URI and PKCE verifier.
async fn exchange_code(h: &Harness, code: &str, verifier: &str) -> (u16, Value) {
    token_request(
        h,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier),
        ],
        (CLIENT, SECRET),
    )
    .await
}

async fn token_request(h: &Harness, form: &[(&str, &str)], who: (&str, &str)) -> (u16, Value) {
    let r = h
        .http
        .post(format!("{}/oidc/token", h.base))
        .basic_auth(who.0, Some(who.1))
        .form(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn the_openidconnect_crate_runs_the_code_flow_and_reads_verified_claims() {
    let h = provider().await;
    let http = no_redirects();
    let metadata =
        CoreProviderMetadata::discover_async(IssuerUrl::new(h.base.clone()).unwrap(), &http)
            .await
            .expect("discovery, with EdDSA listed and our JWKS");
    let raw: Value = h
        .http
        .get(format!("{}/.well-known/openid-configuration", h.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(raw["require_pushed_authorization_requests"], true);
    assert_eq!(raw["authorization_response_iss_parameter_supported"], true);
    assert_eq!(raw["trust_frameworks_supported"][0], "nist_800_63A");
    assert_eq!(
        raw["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(CLIENT.into()),
        Some(ClientSecret::new(SECRET.into())),
    )
    .set_redirect_uri(RedirectUrl::new(REDIRECT.into()).unwrap());

    let p = pushed(&h, "Rivera").await;
    let (back, decided) = journey(&h, &p).await;
    assert_eq!(decided["status"], "PASS");
    assert!(back.starts_with(REDIRECT), "{back}");
    let q = query_of(&back);
    assert_eq!(param(&q, "state").as_deref(), Some(p.state.as_str()));
    assert_eq!(
        param(&q, "iss").as_deref(),
        Some(h.base.as_str()),
        "RFC 9207"
    );
    assert_eq!(param(&q, "error"), None);
    let code = param(&q, "code").unwrap();

    let response = client
        .exchange_code(AuthorizationCode::new(code.clone()))
        .unwrap()
        .set_pkce_verifier(openidconnect::PkceCodeVerifier::new(p.verifier.clone()))
        .request_async(&http)
        .await
        .expect("the token endpoint answers the crate");
    let id_token = response.id_token().expect("an ID token");
    let verifier = client.id_token_verifier();
    let claims = id_token
        .claims(&verifier, &Nonce::new(p.nonce.clone()))
        .expect("signature (EdDSA, our JWKS), iss, aud, exp and nonce hold");
    assert_eq!(claims.subject().as_str(), "MRN-1");
    // The crate checked the token; the identity-assurance claims are ours to read.
    let payload = id_token.to_string();
    let body = payload.split('.').nth(1).unwrap();
    let all: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(body).unwrap()).unwrap();
    let vc = &all["verified_claims"];
    assert_eq!(vc["verification"]["trust_framework"], "nist_800_63A");
    assert_eq!(vc["verification"]["assurance_level"], "ial2");
    assert_eq!(
        vc["verification"]["verification_process"],
        decided["verification_id"]
    );
    let evidence = &vc["verification"]["evidence"][0];
    assert_eq!(evidence["type"], "document");
    assert_eq!(evidence["document_details"]["type"], "driving_permit");
    let methods: Vec<&str> = evidence["check_details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["check_method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["vri", "bvr"]);
    assert_eq!(vc["claims"]["given_name"], "Ana");
    assert_eq!(vc["claims"]["family_name"], "Rivera");
    assert_eq!(vc["claims"]["birthdate"], "1958-04-12");

    let access = response.access_token().secret().clone();
    let userinfo = |token: String| {
        let h = &h;
        async move {
            h.http
                .get(format!("{}/oidc/userinfo", h.base))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(userinfo(access.clone()).await.status(), 200);

    // The same code again: refused, and what the first use issued is revoked.
    let (status, err) = exchange_code(&h, &code, &p.verifier).await;
    assert_eq!(
        (status, err["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    let revoked = userinfo(access).await;
    assert_eq!(revoked.status(), 401);
    assert!(revoked.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .contains("invalid_token"));
}

#[tokio::test]
async fn a_fail_goes_back_as_access_denied_naming_the_reason_never_a_code() {
    let h = provider().await;
    let p = pushed(&h, "Someone").await;
    let (back, decided) = journey(&h, &p).await;
    assert_eq!(decided["status"], "FAIL");
    let q = query_of(&back);
    assert_eq!(param(&q, "error").as_deref(), Some("access_denied"));
    assert_eq!(param(&q, "error_description").as_deref(), Some("IDV0010"));
    assert_eq!(param(&q, "state").as_deref(), Some(p.state.as_str()));
    assert_eq!(param(&q, "iss").as_deref(), Some(h.base.as_str()));
    assert_eq!(param(&q, "code"), None);
}

#[tokio::test]
async fn pushed_requests_refuse_what_rfc_9126_and_7636_refuse() {
    let h = provider().await;
    let (challenge, _) = PkceCodeChallenge::new_random_sha256();
    let good = par_form(challenge.as_str(), "st", "nonce-12345678", "Rivera");
    let with = |name: &str, value: &str| {
        let mut f: Vec<(String, String)> =
            good.iter().filter(|(k, _)| k != name).cloned().collect();
        f.push((name.into(), value.into()));
        f
    };
    let refused = |f: Vec<(String, String)>, who: (&'static str, &'static str)| {
        let h = &h;
        async move {
            let r = push(h, &f, who).await;
            let status = r.status().as_u16();
            let body: Value = r.json().await.unwrap();
            (status, body["error"].as_str().unwrap().to_owned())
        }
    };
    let bad = |e: &str| (400, e.to_owned());
    assert_eq!(
        refused(
            with("redirect_uri", "https://rp.example/other"),
            (CLIENT, SECRET)
        )
        .await,
        bad("invalid_request")
    );
    assert_eq!(
        refused(
            with("redirect_uri", "https://other.example/cb"),
            (CLIENT, SECRET)
        )
        .await,
        bad("invalid_request"),
        "another client's URI"
    );
    assert_eq!(
        refused(with("code_challenge_method", "plain"), (CLIENT, SECRET)).await,
        bad("invalid_request")
    );
    assert_eq!(
        refused(
            good.iter()
                .filter(|(k, _)| k != "code_challenge")
                .cloned()
                .collect(),
            (CLIENT, SECRET)
        )
        .await,
        bad("invalid_request"),
        "PKCE is required"
    );
    assert_eq!(
        refused(with("scope", "profile"), (CLIENT, SECRET)).await,
        bad("invalid_scope")
    );
    assert_eq!(
        refused(with("birthdate", "12/04/1958"), (CLIENT, SECRET)).await,
        bad("invalid_request")
    );
    assert_eq!(
        refused(good.clone(), (CLIENT, "wrong-secret-0000")).await,
        (401, "invalid_client".into())
    );
    let mut twice = good.clone();
    twice.push(("state".into(), "again".into()));
    assert_eq!(
        refused(twice, (CLIENT, SECRET)).await,
        bad("invalid_request")
    );
}

#[tokio::test]
async fn authorize_takes_only_a_fresh_request_uri_of_its_own_client_and_no_patient_data() {
    let h = provider().await;
    let page = |r: reqwest::Response| async move {
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        let error = text
            .split("data-error=\"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .unwrap_or_default()
            .to_owned();
        (status, error)
    };
    let bad = |e: &str| (400, e.to_owned());
    // Without PAR, and with patient data in the URL.
    let plain = [
        ("client_id", CLIENT),
        ("response_type", "code"),
        ("redirect_uri", REDIRECT),
        ("given_name", "Ana"),
        ("birthdate", "1958-04-12"),
    ];
    assert_eq!(
        page(authorize(&h, &plain).await).await,
        bad("invalid_request")
    );
    let p = pushed(&h, "Rivera").await;
    let with_pii = [
        ("client_id", CLIENT),
        ("request_uri", p.request_uri.as_str()),
        ("family_name", "Rivera"),
    ];
    assert_eq!(
        page(authorize(&h, &with_pii).await).await,
        bad("invalid_request")
    );
    // Another client's request_uri.
    let other = [
        ("client_id", OTHER_CLIENT),
        ("request_uri", p.request_uri.as_str()),
    ];
    assert_eq!(
        page(authorize(&h, &other).await).await,
        bad("invalid_request_uri")
    );
    // Once, then never again.
    let good = [
        ("client_id", CLIENT),
        ("request_uri", p.request_uri.as_str()),
    ];
    assert_eq!(authorize(&h, &good).await.status(), 303);
    assert_eq!(
        page(authorize(&h, &good).await).await,
        bad("invalid_request_uri")
    );
    // Expired (its 60 s moved into the past).
    let late = pushed(&h, "Rivera").await;
    age_everything(&h).await;
    let good = [
        ("client_id", CLIENT),
        ("request_uri", late.request_uri.as_str()),
    ];
    assert_eq!(
        page(authorize(&h, &good).await).await,
        bad("invalid_request_uri")
    );
}

/// Moves every flow's request and code expiry into the past.
async fn age_everything(h: &Harness) {
    let sql = "UPDATE oidc_flows SET request_expires_at = 1, code_expires_at = 1";
    match &h.app.pool {
        gateway::db::Pool::Sqlite { write, .. } => {
            sqlx::query(sql).execute(write).await.unwrap();
        }
        gateway::db::Pool::Postgres(p) => {
            sqlx::query(sql).execute(p).await.unwrap();
        }
    }
}

#[tokio::test]
async fn the_token_endpoint_refuses_a_wrong_verifier_uri_client_or_an_expired_code() {
    let h = provider().await;
    let p = pushed(&h, "Rivera").await;
    let (back, _) = journey(&h, &p).await;
    let code = param(&query_of(&back), "code").unwrap();
    let exchange = |verifier: Option<&str>, redirect: &str, who: (&'static str, &'static str)| {
        let (h, code) = (&h, code.clone());
        let verifier = verifier.map(str::to_owned);
        let redirect = redirect.to_owned();
        async move {
            let mut form = vec![
                ("grant_type", "authorization_code".to_owned()),
                ("code", code),
                ("redirect_uri", redirect),
            ];
            if let Some(v) = verifier {
                form.push(("code_verifier", v));
            }
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, body) = token_request(h, &form, who).await;
            (status, body["error"].as_str().unwrap_or("none").to_owned())
        }
    };
    let grant = (400, "invalid_grant".to_owned());
    let wrong_verifier = URL_SAFE_NO_PAD.encode([7u8; 32]);
    assert_eq!(
        exchange(Some(&wrong_verifier), REDIRECT, (CLIENT, SECRET)).await,
        grant
    );
    assert_eq!(exchange(None, REDIRECT, (CLIENT, SECRET)).await, grant);
    assert_eq!(
        exchange(
            Some(&p.verifier),
            "https://rp.example/other",
            (CLIENT, SECRET)
        )
        .await,
        grant
    );
    assert_eq!(
        exchange(Some(&p.verifier), REDIRECT, (OTHER_CLIENT, OTHER_SECRET)).await,
        grant
    );
    assert_eq!(
        exchange(Some(&p.verifier), REDIRECT, (CLIENT, "wrong-secret-000"))
            .await
            .0,
        401
    );
    // None of those used the code up: the right exchange still works.
    assert_eq!(
        exchange(Some(&p.verifier), REDIRECT, (CLIENT, SECRET)).await,
        (200, "none".to_owned())
    );
    // Another flow's code, once older than its 60 s, is gone.
    let late = pushed(&h, "Rivera").await;
    let (back, _) = journey(&h, &late).await;
    let late_code = param(&query_of(&back), "code").unwrap();
    age_everything(&h).await;
    let (status, body) = exchange_code(&h, &late_code, &late.verifier).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
}

fn id_token_claims(id_token: &str) -> Value {
    let body = id_token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(body).unwrap()).unwrap()
}

#[tokio::test]
async fn a_reverification_through_the_same_door_says_ial1_with_the_earlier_proofing_time() {
    let h = provider().await;
    // The patient's document PASS (through the host API: either door enrols the portrait).
    let (_, first, decided) = h.run_to_decision("Rivera").await;
    assert_eq!(decided["status"], "PASS");
    let proofed_at = h.record(&first).await["decided_at"]
        .as_str()
        .unwrap()
        .to_owned();

    // The pushed request names someone else: nobody compares those names in a
    // re-verification, so the ID token must carry the earlier document's, never these.
    let p = pushed_with(&h, "Impostor", &[("reverify_of", &first)]).await;
    let selfie = fixtures::jpeg(&fixtures::selfie());
    let pictures = reqwest::multipart::Form::new().part(
        "selfie",
        reqwest::multipart::Part::bytes(selfie).file_name("selfie.jpg"),
    );
    let (back, decided) = journey_with(&h, &p, pictures).await;
    assert_eq!(decided["status"], "PASS");
    let code = param(&query_of(&back), "code").unwrap();
    let (status, tokens) = exchange_code(&h, &code, &p.verifier).await;
    assert_eq!(status, 200, "{tokens}");
    let claims = id_token_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["amr"], serde_json::json!(["face", "live"]));
    let v = &claims["verified_claims"]["verification"];
    assert_eq!(
        v["assurance_level"], "ial1",
        "a selfie against an earlier proofing"
    );
    assert_eq!(
        v["time"],
        proofed_at.as_str(),
        "the earlier document proofing's time"
    );
    let methods: Vec<&str> = v["evidence"][0]["check_details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["check_method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["bvr"]);
    let named = &claims["verified_claims"]["claims"];
    assert_eq!(
        named["family_name"], "Rivera",
        "the earlier document's name"
    );
    assert_eq!(named["birthdate"], "1958-04-12");
}

#[tokio::test]
async fn only_the_browser_that_started_the_flow_sends_the_patient_back_and_only_once() {
    let h = provider().await;
    let p = pushed(&h, "Rivera").await;
    let r = authorize(
        &h,
        &[("client_id", CLIENT), ("request_uri", &p.request_uri)],
    )
    .await;
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let desktop = launched(&location);
    assert_eq!(h.consent(&desktop, true).await.status(), 200);
    let phone = h.phone_of(&desktop).await;
    let back = |s: &Session| {
        let (h, token, url) = (&h, s.token.clone(), h.capture(s, "/oidc/return"));
        async move { h.http.post(url).bearer_auth(token).send().await.unwrap() }
    };
    // A handed-off phone can neither send the patient back nor hand the journey on again.
    assert_eq!(
        error_of(back(&phone).await).await,
        (403, "wrong_session".into())
    );
    assert_eq!(
        error_of(h.create_handoff(&phone).await).await,
        (403, "wrong_session".into())
    );
    // The computer's pictures pass; its first way back carries a code, a second click does not
    // replace it (the code already on its way stays the good one).
    let r = h.submit(&desktop, "k1").await;
    let vid = accepted_id(r).await;
    assert_eq!(h.poll(&desktop, &vid).await["status"], "PASS");
    let first: Value = back(&desktop).await.json().await.unwrap();
    let code = param(&query_of(first["redirect_to"].as_str().unwrap()), "code").unwrap();
    assert_eq!(
        error_of(back(&desktop).await).await,
        (409, "already_returned".into())
    );
    let (status, _) = exchange_code(&h, &code, &p.verifier).await;
    assert_eq!(status, 200);
}
