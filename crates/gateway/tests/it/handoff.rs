//! "Continue on your phone" over real HTTP on loopback, with a real database (SQLite, or
//! PostgreSQL when `TEST_DATABASE_URL` names one): create, redeem by link and by code, one
//! time only, expiry, every error, and the desktop following the phone to its decision.

use std::time::Duration;

use crate::common::*;
use serde_json::{json, Value};

impl Harness {
    pub(crate) async fn create_handoff(&self, s: &Session) -> reqwest::Response {
        self.http
            .post(self.capture(s, "/handoff"))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap()
    }

    pub(crate) async fn handoff_progress(&self, s: &Session, from: &Value) -> Value {
        let from = from["handoff_id"].as_str().unwrap();
        let r = self
            .http
            .get(self.capture(s, &format!("/handoff?from={from}")))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.json().await.unwrap()
    }

    pub(crate) async fn redeem(&self, body: Value) -> reqwest::Response {
        self.http
            .post(format!("{}/v1/capture/handoffs/redeem", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
    }
}

/// The token in a handoff link's fragment.
pub(crate) fn link_token(created: &Value) -> String {
    let url = created["url"].as_str().unwrap();
    url.split_once("#handoff=").unwrap().1.to_owned()
}

pub(crate) async fn consented(h: &Harness) -> Session {
    let s = h.session("Rivera").await;
    assert_eq!(h.consent(&s, true).await.status(), 200);
    s
}

#[tokio::test]
async fn a_phone_redeems_the_link_once_and_finishes_the_session_the_desktop_follows() {
    let h = start().await;
    let desktop = consented(&h).await;
    let r = h.create_handoff(&desktop).await;
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    let url = created["url"].as_str().unwrap();
    let public = h.app.config.public_url.trim_end_matches('/');
    assert!(url.starts_with(&format!("{public}/#handoff=")), "{url}");
    let token = link_token(&created);
    assert_eq!(token.len(), 43, "256 random bits");
    let code = created["code"].as_str().unwrap();
    assert!(
        code.len() == 9 && code.as_bytes()[4] == b'-',
        "XXXX-XXXX: {code}"
    );
    assert_eq!(created["expires_in"], 300);
    let size = created["qr"]["size"].as_u64().unwrap();
    assert!((21..=177).contains(&size));
    assert!(created["qr"]["path"]
        .as_str()
        .unwrap()
        .starts_with("M0 0h7"));
    assert_eq!(
        h.handoff_progress(&desktop, &created).await["state"],
        "waiting"
    );

    // The phone redeems the link: a capture token of its own for the same session.
    let r = h.redeem(json!({ "token": token })).await;
    assert_eq!(r.status(), 200);
    let redeemed: Value = r.json().await.unwrap();
    assert_eq!(redeemed["session_id"], desktop.id.as_str());
    // What the phone shows first: who asks, why, since when; no name or birth date.
    assert_eq!(redeemed["organisation_name"], ORGANISATION);
    assert_eq!(redeemed["trigger"], "signup");
    assert!(redeemed["started_at"].as_str().unwrap().ends_with('Z'));
    let mut keys: Vec<&str> = redeemed
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "organisation_name",
            "session_id",
            "started_at",
            "token",
            "trigger"
        ]
    );
    let phone = Session {
        id: desktop.id.clone(),
        token: redeemed["token"].as_str().unwrap().to_owned(),
    };
    assert_ne!(phone.token, desktop.token);
    assert_ne!(phone.token, token);
    assert_eq!(h.config(&phone).await["status"], "in_progress");
    assert_eq!(
        h.handoff_progress(&desktop, &created).await["state"],
        "phone_connected"
    );
    // Once only, by link or by code.
    assert_eq!(
        error_of(h.redeem(json!({ "token": token })).await).await,
        (410, "handoff_used".into())
    );
    assert_eq!(
        error_of(h.redeem(json!({ "code": code })).await).await,
        (410, "handoff_used".into())
    );
    // The desktop's token still works.
    assert_eq!(h.config(&desktop).await["session_id"], desktop.id.as_str());

    // Pictures only after the phone's own consent, recorded `via: phone`.
    assert_eq!(
        error_of(h.submit(&phone, "phone-0").await).await,
        (409, "consent_required".into())
    );
    assert_eq!(h.consent(&phone, true).await.status(), 200);
    assert_eq!(h.consent(&phone, true).await.status(), 200, "a retry");
    // The phone submits; the desktop sees it checking, then the decision with its token.
    let vid = accepted_id(h.submit(&phone, "phone-1").await).await;
    let decided = h.poll(&phone, &vid).await;
    assert_eq!(decided["status"], "PASS");
    let progress = h.handoff_progress(&desktop, &created).await;
    assert_eq!(progress["state"], "decided", "{progress}");
    assert_eq!(progress["verification"]["verification_id"], vid.as_str());
    assert_eq!(progress["verification"]["status"], "PASS");
    assert_eq!(
        progress["verification"]["result_token"],
        decided["result_token"]
    );

    // Audited, without tokens or codes.
    let trail = gateway::db::audit_trail(&h.app.pool, &desktop.id)
        .await
        .unwrap();
    let events: Vec<&str> = trail.iter().map(|a| a.event.as_str()).collect();
    assert!(events.contains(&"handoff.created"), "{events:?}");
    assert!(events.contains(&"handoff.redeemed"), "{events:?}");
    for a in &trail {
        assert!(!a.detail.contains(&token) && !a.detail.contains(&code[..4]));
    }
    let redeemed = trail
        .iter()
        .find(|a| a.event == "handoff.redeemed")
        .unwrap();
    assert!(redeemed.detail.contains("\"via\":\"link\""));
    let phone_consent: Vec<&str> = trail
        .iter()
        .filter(|a| a.event == "consent.given")
        .map(|a| a.detail.as_str())
        .collect();
    assert_eq!(phone_consent.len(), 2, "the computer's, then the phone's");
    assert!(
        phone_consent[1].contains("\"via\":\"phone\"")
            && phone_consent[1].contains("\"biometric\":true"),
        "{phone_consent:?}"
    );
}

#[tokio::test]
async fn the_short_code_works_typed_loosely_and_the_desktop_sees_the_phone_checking() {
    let h = start().await;
    let desktop = consented(&h).await;
    let created: Value = h.create_handoff(&desktop).await.json().await.unwrap();
    let code = created["code"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .replace('-', " ");
    let r = h.redeem(json!({ "code": format!(" {code} ") })).await;
    assert_eq!(r.status(), 200);
    let redeemed: Value = r.json().await.unwrap();
    let phone = Session {
        id: desktop.id.clone(),
        token: redeemed["token"].as_str().unwrap().to_owned(),
    };
    // The link of that handoff is spent too.
    assert_eq!(
        error_of(h.redeem(json!({ "token": link_token(&created) })).await).await,
        (410, "handoff_used".into())
    );
    assert_eq!(h.consent(&phone, true).await.status(), 200);
    // While the decision is pending the desktop reads "checking" (the local tenant is quick).
    let vid = accepted_id(h.submit(&phone, "phone-1").await).await;
    let progress = h.handoff_progress(&desktop, &created).await;
    assert!(
        ["checking", "decided"].contains(&progress["state"].as_str().unwrap()),
        "{progress}"
    );
    h.poll(&phone, &vid).await;
    assert_eq!(
        h.handoff_progress(&desktop, &created).await["state"],
        "decided"
    );
}

#[tokio::test]
async fn expired_unknown_and_malformed_handoffs_explain_themselves() {
    let h = start_with(|c| c.handoff_ttl_secs = 1).await;
    let desktop = consented(&h).await;
    let created: Value = h.create_handoff(&desktop).await.json().await.unwrap();
    assert_eq!(created["expires_in"], 1);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        error_of(h.redeem(json!({ "token": link_token(&created) })).await).await,
        (410, "handoff_expired".into())
    );
    assert_eq!(
        error_of(h.redeem(json!({ "code": created["code"] })).await).await,
        (410, "handoff_expired".into())
    );
    assert_eq!(
        error_of(h.redeem(json!({ "token": "nope" })).await).await,
        (404, "not_found".into())
    );
    assert_eq!(
        error_of(h.redeem(json!({ "code": "ABCD-U234" })).await).await,
        (400, "invalid_code".into())
    );
    assert_eq!(
        error_of(h.redeem(json!({})).await).await,
        (400, "token_or_code".into())
    );
    assert_eq!(
        error_of(h.redeem(json!({ "token": "a", "code": "ABCD-2345" })).await).await,
        (400, "token_or_code".into())
    );
    let r = h
        .http
        .post(format!("{}/v1/capture/handoffs/redeem", h.base))
        .body("{")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await, (400, "invalid_json".into()));
}

#[tokio::test]
async fn guessing_codes_is_rate_limited_per_address() {
    // Failed codes have a budget of their own (fair_limits.rs: apart from logins).
    let h = start_with(|c| c.limits.handoff_failures_per_minute = 3).await;
    let mut statuses = vec![];
    for i in 0..6 {
        let r = h.redeem(json!({ "code": format!("ZZZZ-ZZZ{i}") })).await;
        statuses.push(r.status().as_u16());
        if r.status() == 429 {
            assert!(r.headers().contains_key("retry-after"));
        }
    }
    assert_eq!(&statuses[..3], &[404, 404, 404]);
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
}

#[tokio::test]
async fn only_a_session_in_progress_hands_off_and_only_with_its_token() {
    let h = start().await;
    let s = h.session("Rivera").await;
    assert_eq!(
        error_of(h.create_handoff(&s).await).await,
        (409, "consent_required".into())
    );
    let stranger = Session {
        id: s.id.clone(),
        token: "not-a-token".into(),
    };
    assert_eq!(
        error_of(h.create_handoff(&stranger).await).await,
        (401, "invalid_token".into())
    );
    let other = h.session("Other").await;
    let mixed = Session {
        id: s.id.clone(),
        token: other.token.clone(),
    };
    assert_eq!(
        error_of(h.create_handoff(&mixed).await).await,
        (403, "wrong_session".into())
    );
    // A phone's token is bound to its session like the desktop's.
    assert_eq!(h.consent(&s, true).await.status(), 200);
    let created: Value = h.create_handoff(&s).await.json().await.unwrap();
    let redeemed: Value = h
        .redeem(json!({ "token": link_token(&created) }))
        .await
        .json()
        .await
        .unwrap();
    let phone_elsewhere = Session {
        id: other.id.clone(),
        token: redeemed["token"].as_str().unwrap().to_owned(),
    };
    assert_eq!(
        error_of(
            h.http
                .get(h.capture(&phone_elsewhere, ""))
                .bearer_auth(&phone_elsewhere.token)
                .send()
                .await
                .unwrap()
        )
        .await,
        (403, "wrong_session".into())
    );
}

#[tokio::test]
async fn the_desktop_follows_only_the_links_of_its_visit() {
    let h = start().await;
    let desktop = h.session("Rivera IDV0011").await;
    assert_eq!(h.consent(&desktop, true).await.status(), 200);
    // A first visit: the phone fails once (attempts remain).
    let first: Value = h.create_handoff(&desktop).await.json().await.unwrap();
    let redeemed: Value = h
        .redeem(json!({ "token": link_token(&first) }))
        .await
        .json()
        .await
        .unwrap();
    let phone = Session {
        id: desktop.id.clone(),
        token: redeemed["token"].as_str().unwrap().to_owned(),
    };
    assert_eq!(h.consent(&phone, true).await.status(), 200);
    let form = licence_form(JPEG);
    let vid = accepted_id(h.submit_form(&phone, "phone-1", form).await).await;
    let _ = h.poll(&phone, &vid).await;
    assert_eq!(
        h.handoff_progress(&desktop, &first).await["state"],
        "decided"
    );
    // A second visit does not see the first visit's decision.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let second: Value = h.create_handoff(&desktop).await.json().await.unwrap();
    let progress = h.handoff_progress(&desktop, &second).await;
    assert_eq!(progress["state"], "waiting", "{progress}");
    assert_eq!(progress["verification"], Value::Null);
    // Another session's handoff, or no `from`, is refused.
    let other = consented(&h).await;
    let theirs: Value = h.create_handoff(&other).await.json().await.unwrap();
    let r = h
        .http
        .get(h.capture(
            &desktop,
            &format!("/handoff?from={}", theirs["handoff_id"].as_str().unwrap()),
        ))
        .bearer_auth(&desktop.token)
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await, (404, "not_found".into()));
    let r = h
        .http
        .get(h.capture(&desktop, "/handoff"))
        .bearer_auth(&desktop.token)
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await, (400, "invalid_query".into()));
}
