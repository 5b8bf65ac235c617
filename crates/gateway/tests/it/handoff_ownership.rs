//! "Continue on your phone" belongs to one person's phone (issue 18 §2), over real HTTP with a
//! real database: redeeming one link or code revokes the session's others; the phone gives its
//! own consent and declining there ends the handoff, not the session; the computer's "Use this
//! device instead" revokes the phone; the host cancels a session and every token dies; redeem
//! checks the session is still open; codes are stored under a key; the token and the webhook
//! say which device took the pictures.

use serde_json::{json, Value};

use crate::common::*;
use crate::handoff::{consented, link_token};

impl Harness {
    /// Redeems a fresh handoff of `desktop` by its code: the phone's session.
    pub(crate) async fn phone_of(&self, desktop: &Session) -> Session {
        let created: Value = self.create_handoff(desktop).await.json().await.unwrap();
        let r = self.redeem(json!({ "code": created["code"] })).await;
        assert_eq!(r.status(), 200);
        let redeemed: Value = r.json().await.unwrap();
        Session {
            id: desktop.id.clone(),
            token: redeemed["token"].as_str().unwrap().to_owned(),
        }
    }

    async fn end_handoff(&self, s: &Session) -> reqwest::Response {
        self.http
            .delete(self.capture(s, "/handoff"))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap()
    }

    async fn cancel(&self, session_id: &str) -> reqwest::Response {
        self.http
            .post(format!("{}/v1/sessions/{session_id}/cancel", self.base))
            .basic_auth(CLIENT, Some(SECRET))
            .send()
            .await
            .unwrap()
    }

    /// `GET` the session as the widget with `s`'s token: its status code and error code.
    async fn session_status(&self, s: &Session) -> (u16, String) {
        let r = self
            .http
            .get(self.capture(s, ""))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap();
        if r.status() == 200 {
            (200, String::new())
        } else {
            error_of(r).await
        }
    }

    async fn audit_events(&self, session_id: &str) -> Vec<(String, String)> {
        gateway::db::audit_trail(&self.app.pool, session_id)
            .await
            .unwrap()
            .into_iter()
            .map(|a| (a.event, a.detail))
            .collect()
    }
}

/// The webhook body queued for verification `vid`.
pub(crate) async fn webhook_body(h: &Harness, vid: &str) -> Value {
    let row = gateway::db::webhook_for(&h.app.pool, vid)
        .await
        .unwrap()
        .expect("a webhook event is queued");
    serde_json::from_str(&row.body).unwrap()
}

#[tokio::test]
async fn redeeming_one_code_revokes_every_other_live_handoff_of_the_session() {
    let h = start().await;
    let desktop = consented(&h).await;
    // Two links on display (a rotation, or a relay that asked for its own).
    let a: Value = h.create_handoff(&desktop).await.json().await.unwrap();
    let b: Value = h.create_handoff(&desktop).await.json().await.unwrap();
    let r = h.redeem(json!({ "code": a["code"] })).await;
    assert_eq!(r.status(), 200);
    let first_phone = Session {
        id: desktop.id.clone(),
        token: r.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned(),
    };
    for other in [
        json!({ "code": b["code"] }),
        json!({ "token": link_token(&b) }),
    ] {
        assert_eq!(
            error_of(h.redeem(other).await).await,
            (410, "handoff_revoked".into())
        );
    }
    assert_eq!(h.session_status(&first_phone).await, (200, String::new()));
    // A later handoff redeemed by another phone takes over: the first phone's token dies.
    let second_phone = h.phone_of(&desktop).await;
    assert_eq!(
        h.session_status(&first_phone).await,
        (410, "handoff_revoked".into())
    );
    assert_eq!(h.session_status(&second_phone).await, (200, String::new()));
    assert_eq!(
        error_of(h.consent(&first_phone, true).await).await,
        (410, "handoff_revoked".into())
    );
    // The computer is not a handoff: its token is untouched.
    assert_eq!(h.session_status(&desktop).await, (200, String::new()));
}

#[tokio::test]
async fn declining_on_the_phone_ends_the_handoff_not_the_session() {
    let h = start().await;
    let desktop = consented(&h).await;
    let created: Value = h.create_handoff(&desktop).await.json().await.unwrap();
    let redeemed: Value = h
        .redeem(json!({ "token": link_token(&created) }))
        .await
        .json()
        .await
        .unwrap();
    let phone = Session {
        id: desktop.id.clone(),
        token: redeemed["token"].as_str().unwrap().to_owned(),
    };
    assert_eq!(
        h.handoff_progress(&desktop, &created).await["state"],
        "phone_connected"
    );
    let r = h.consent(&phone, false).await;
    assert_eq!(r.status(), 200);
    // The phone's token is dead; the desktop learns and the session goes on.
    assert_eq!(
        h.session_status(&phone).await,
        (410, "handoff_revoked".into())
    );
    assert_eq!(
        error_of(h.submit(&phone, "phone-1").await).await,
        (410, "handoff_revoked".into())
    );
    assert_eq!(
        h.handoff_progress(&desktop, &created).await["state"],
        "declined"
    );
    assert_eq!(h.config(&desktop).await["status"], "in_progress");
    let vid = accepted_id(h.submit(&desktop, "desk-1").await).await;
    let decided = h.poll(&desktop, &vid).await;
    assert_eq!(decided["status"], "PASS");
    let events = h.audit_events(&desktop.id).await;
    let declined: Vec<&String> = events
        .iter()
        .filter(|(e, _)| e == "consent.declined")
        .map(|(_, d)| d)
        .collect();
    assert_eq!(declined.len(), 1, "{events:?}");
    assert!(declined[0].contains("\"via\":\"phone\""), "{declined:?}");
}

#[tokio::test]
async fn use_this_device_instead_revokes_the_phone_and_the_links_on_display() {
    let h = start().await;
    let desktop = consented(&h).await;
    let phone = h.phone_of(&desktop).await;
    assert_eq!(h.consent(&phone, true).await.status(), 200);
    let on_display: Value = h.create_handoff(&desktop).await.json().await.unwrap();
    assert_eq!(h.end_handoff(&desktop).await.status(), 204);
    assert_eq!(
        error_of(h.submit(&phone, "phone-1").await).await,
        (410, "handoff_revoked".into())
    );
    assert_eq!(
        error_of(h.redeem(json!({ "code": on_display["code"] })).await).await,
        (410, "handoff_revoked".into())
    );
    // Idempotent, and the computer carries on: its pictures are its own.
    assert_eq!(h.end_handoff(&desktop).await.status(), 204);
    let vid = accepted_id(h.submit(&desktop, "desk-1").await).await;
    let decided = h.poll(&desktop, &vid).await;
    assert_eq!(decided["status"], "PASS");
    assert_eq!(
        claims_of(decided["result_token"].as_str().unwrap())["via"],
        "same_device"
    );
    assert_eq!(webhook_body(&h, &vid).await["via"], "same_device");
    let events = h.audit_events(&desktop.id).await;
    assert!(
        events
            .iter()
            .any(|(e, d)| e == "handoff.revoked" && d.contains("\"desktop\"")),
        "{events:?}"
    );
}

#[tokio::test]
async fn the_token_and_the_webhook_say_when_the_pictures_came_from_a_phone() {
    let h = start().await;
    let desktop = consented(&h).await;
    let phone = h.phone_of(&desktop).await;
    assert_eq!(h.consent(&phone, true).await.status(), 200);
    let vid = accepted_id(h.submit(&phone, "phone-1").await).await;
    let decided = h.poll(&phone, &vid).await;
    assert_eq!(decided["status"], "PASS");
    assert_eq!(
        claims_of(decided["result_token"].as_str().unwrap())["via"],
        "phone_handoff"
    );
    assert_eq!(webhook_body(&h, &vid).await["via"], "phone_handoff");
}

#[tokio::test]
async fn the_host_cancels_a_session_and_every_token_of_it_dies() {
    let h = start().await;
    let desktop = consented(&h).await;
    let phone = h.phone_of(&desktop).await;
    let on_display: Value = h.create_handoff(&desktop).await.json().await.unwrap();
    // Only with the owner's credentials.
    let r = h
        .http
        .post(format!("{}/v1/sessions/{}/cancel", h.base, desktop.id))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await, (401, "missing_credentials".into()));
    let r = h.cancel(&desktop.id).await;
    assert_eq!(r.status(), 200);
    let cancelled: Value = r.json().await.unwrap();
    assert_eq!(cancelled["session_id"], desktop.id.as_str());
    assert_eq!(cancelled["status"], "cancelled");
    let vid = cancelled["verification_id"].as_str().unwrap().to_owned();
    // Every token dies: the computer's, the phone's, the code on display.
    for s in [&desktop, &phone] {
        assert_eq!(h.session_status(s).await, (410, "session_cancelled".into()));
    }
    assert_eq!(
        error_of(h.submit(&desktop, "desk-1").await).await,
        (410, "session_cancelled".into())
    );
    assert_eq!(
        error_of(h.redeem(json!({ "code": on_display["code"] })).await).await,
        (410, "session_cancelled".into())
    );
    // The host's record and the webhook say cancelled.
    let record = h.record(&vid).await;
    assert_eq!(
        (record["status"].as_str(), record["reason_code"].as_str()),
        (Some("ERROR"), Some("cancelled"))
    );
    let event = webhook_body(&h, &vid).await;
    assert_eq!(
        (event["status"].as_str(), event["reason_code"].as_str()),
        (Some("ERROR"), Some("cancelled"))
    );
    assert_eq!(event["session_id"], desktop.id.as_str());
    // Idempotent: the same answer again.
    let again: Value = h.cancel(&desktop.id).await.json().await.unwrap();
    assert_eq!(again, cancelled);
    let events = h.audit_events(&desktop.id).await;
    assert_eq!(
        events
            .iter()
            .filter(|(e, _)| e == "session.cancelled")
            .count(),
        1
    );
    // Another client's session, or none, is not found.
    assert_eq!(
        error_of(h.cancel("00000000-0000-4000-8000-000000000000").await).await,
        (404, "not_found".into())
    );
}

#[tokio::test]
async fn only_the_owning_client_cancels_a_session() {
    let h = start_with(|c| {
        c.clients.push(gateway::config::ClientCredentials {
            id: "another-host".into(),
            secret: "another-secret-123".into(),
            redirect_uris: vec![],
        })
    })
    .await;
    let s = h.session("Rivera").await;
    let r = h
        .http
        .post(format!("{}/v1/sessions/{}/cancel", h.base, s.id))
        .basic_auth("another-host", Some("another-secret-123"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await, (404, "not_found".into()));
    assert_eq!(
        h.session_status(&s).await,
        (200, String::new()),
        "still open"
    );
    assert_eq!(h.cancel(&s.id).await.status(), 200);
}

#[tokio::test]
async fn a_decided_session_cannot_be_cancelled_nor_one_being_decided() {
    let h = start().await;
    let (s, _, decided) = h.run_to_decision("Rivera").await;
    assert_eq!(decided["status"], "PASS");
    assert_eq!(
        error_of(h.cancel(&s.id).await).await,
        (409, "session_ended".into())
    );
    // A verification on its way ("Slowpoke" patients are answered after 5 s).
    let slow = h.session("Rivera Slowpoke").await;
    assert_eq!(h.consent(&slow, true).await.status(), 200);
    let _ = accepted_id(h.submit(&slow, "k1").await).await;
    assert_eq!(
        error_of(h.cancel(&slow.id).await).await,
        (409, "already_submitted".into())
    );
    // A declined session has ended too.
    let declined = h.session("Rivera").await;
    assert_eq!(h.consent(&declined, false).await.status(), 200);
    assert_eq!(
        error_of(h.cancel(&declined.id).await).await,
        (409, "session_ended".into())
    );
    // A session nobody opened yet can be cancelled.
    let fresh = h.session("Rivera").await;
    assert_eq!(h.cancel(&fresh.id).await.status(), 200);
    assert_eq!(
        h.session_status(&fresh).await,
        (410, "session_cancelled".into())
    );
}

#[tokio::test]
async fn a_phone_cannot_join_a_session_that_already_ended() {
    let h = start().await;
    let desktop = consented(&h).await;
    let created: Value = h.create_handoff(&desktop).await.json().await.unwrap();
    // The computer finishes while the code is still on display.
    let vid = accepted_id(h.submit(&desktop, "desk-1").await).await;
    assert_eq!(h.poll(&desktop, &vid).await["status"], "PASS");
    assert_eq!(
        error_of(h.redeem(json!({ "code": created["code"] })).await).await,
        (409, "session_ended".into())
    );
    assert_eq!(
        error_of(h.redeem(json!({ "token": link_token(&created) })).await).await,
        (409, "session_ended".into())
    );
}

#[tokio::test]
async fn codes_are_stored_as_hmac_under_the_configured_key() {
    let key = "test-handoff-code-key-at-least-32-chars";
    let h = start_with(|c| c.handoff_code_key = Some(key.into())).await;
    let desktop = consented(&h).await;
    let created: Value = h.create_handoff(&desktop).await.json().await.unwrap();
    let code = created["code"].as_str().unwrap().replace('-', "");
    let id = created["handoff_id"].as_str().unwrap();
    let stored: String = on_db!(&h.app.pool, |p| sqlx::query_scalar(
        "SELECT code_hash FROM handoffs WHERE id = $1"
    )
    .bind(id)
    .fetch_one(p)
    .await
    .unwrap());
    assert_ne!(
        stored,
        gateway::tokens::token_hash(&code),
        "not the bare SHA-256 a laptop reverses from a database copy"
    );
    assert_eq!(stored, gateway::tokens::code_hash(key.as_bytes(), &code));
    // The code still redeems.
    assert_eq!(
        h.redeem(json!({ "code": created["code"] })).await.status(),
        200
    );
}

#[tokio::test]
async fn the_upgrade_revokes_the_handoffs_live_before_codes_were_keyed() {
    use std::str::FromStr as _;
    // A SQLite database at the schema before 0006 (its migrations, as shipped), with a live
    // handoff whose code was stored as bare SHA-256.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("old.db").display());
    let old = dir.path().join("migrations");
    std::fs::create_dir(&old).unwrap();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    for entry in std::fs::read_dir(&shipped).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.as_str() < "0006" {
            std::fs::copy(entry.path(), old.join(&name)).unwrap();
        }
    }
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(&url)
        .unwrap()
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::migrate::Migrator::new(old.as_path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    let now = gateway::clock::now();
    sqlx::query(
        "INSERT INTO sessions (id, client_id, token_hash, patient_ref, first_name, last_name,
            date_of_birth, trigger, document_types, host_origin, locale, status, created_at,
            expires_at, nonce, mode)
         VALUES ('s1', 'c', 'th', 'p', 'A', 'R', '1958-04-12', 'signup', 'passport', $1, 'en',
            'in_progress', $2, $3, 'nonce-0001', 'full')",
    )
    .bind(HOST)
    .bind(now)
    .bind(now + 600)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO handoffs (id, session_id, token_hash, code_hash, created_at, expires_at)
         VALUES ('h1', 's1', 'link-hash', $1, $2, $3)",
    )
    .bind(gateway::tokens::token_hash("ABCD2345"))
    .bind(now)
    .bind(now + 300)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    // The gateway's own migrations bring it up to date: the live handoff is revoked.
    let upgraded = gateway::db::connect(&url).await.unwrap();
    let h = gateway::db::handoff(&upgraded, "h1")
        .await
        .unwrap()
        .unwrap();
    assert!(h.revoked_at.is_some_and(|at| at >= now - 5), "{h:?}");
    assert_eq!(h.revoked_reason.as_deref(), Some("migration"));
}
