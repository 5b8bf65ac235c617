//! One caller's failures never lock out anyone else: failed logins and failed handoff codes have
//! budgets of their own, keyed on the real client behind a trusted proxy (and only there), and
//! the handoff budgets hold across replicas because they are counted in the database.

use crate::common::*;
use gateway::config::LimitsConfig;
use serde_json::json;

async fn redeem_from(h: &Harness, base: &str, body: serde_json::Value) -> reqwest::Response {
    h.http
        .post(format!("{base}/v1/capture/handoffs/redeem"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// `POST /v1/sessions` with the given credentials, as the client at `forwarded_for` behind
/// whatever proxy the gateway sees (this test's loopback peer).
async fn create_as(h: &Harness, secret: &str, forwarded_for: Option<&str>) -> u16 {
    let mut r = h
        .http
        .post(format!("{}/v1/sessions", h.base))
        .basic_auth(CLIENT, Some(secret))
        .json(&patient("Rivera"));
    if let Some(ip) = forwarded_for {
        r = r.header("x-forwarded-for", ip);
    }
    r.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn fifteen_unknown_codes_from_one_address_do_not_stop_its_valid_logins() {
    let h = start_with(|c| {
        c.limits = LimitsConfig {
            widget_calls_per_second: 100,
            auth_failures_per_minute: 5,
            handoff_failures_per_minute: 5,
            ..Default::default()
        }
    })
    .await;
    let mut statuses = Vec::new();
    for i in 0..15 {
        let r = redeem_from(
            &h,
            &h.base,
            json!({ "code": format!("ZZZZ-{:04}", 2000 + i) }),
        )
        .await;
        statuses.push(r.status().as_u16());
    }
    // Five failures a minute: the sixth fails past the budget and blocks this address, so the
    // first six are plain "no such code", then it may not guess any more...
    assert_eq!(&statuses[..6], &[404; 6], "{statuses:?}");
    assert!(statuses[6..].iter().all(|s| *s == 429), "{statuses:?}");
    // ...but its host backend, with valid credentials, is not refused.
    assert_eq!(create_as(&h, SECRET, None).await, 201);
}

/// A gateway that trusts the proxies in `block` and allows three failed logins a minute.
async fn behind_proxy(block: &str) -> Harness {
    start_with(|c| {
        c.trusted_proxies = vec![block.parse().unwrap()];
        c.limits = LimitsConfig {
            widget_calls_per_second: 100,
            auth_failures_per_minute: 3,
            ..Default::default()
        }
    })
    .await
}

#[tokio::test]
async fn behind_a_trusted_proxy_clients_are_limited_apart() {
    let h = behind_proxy("127.0.0.0/8").await;
    // Client A fails until its address is blocked (three a minute: the fourth blocks it)...
    let a = statuses(&h, "wrong-secret-xx", Some("203.0.113.1"), 5).await;
    assert_eq!(a, [401, 401, 401, 401, 429]);
    // ...and even A's valid credentials wait out its own failures,
    assert_eq!(create_as(&h, SECRET, Some("203.0.113.1")).await, 429);
    // while client B, behind the same proxy, still gets a plain 401 for a wrong secret and
    // 201 with the right one. So does the proxy's own address, and A's neighbour.
    assert_eq!(
        create_as(&h, "wrong-secret-xx", Some("203.0.113.2")).await,
        401
    );
    assert_eq!(create_as(&h, SECRET, Some("203.0.113.2")).await, 201);
    assert_eq!(create_as(&h, SECRET, None).await, 201);
    // A client forging hops to the left of the proxy's is still keyed on what the proxy saw.
    assert_eq!(
        create_as(&h, SECRET, Some("198.51.100.7, 203.0.113.1")).await,
        429
    );
    // IPv6 clients are keyed by their /64: another address in the same /64 shares its block.
    let v6 = statuses(&h, "wrong-secret-xx", Some("2001:db8:1:2::1"), 5).await;
    assert_eq!(v6, [401, 401, 401, 401, 429]);
    assert_eq!(create_as(&h, SECRET, Some("2001:db8:1:2::ffff")).await, 429);
    assert_eq!(create_as(&h, SECRET, Some("2001:db8:1:3::1")).await, 201);
}

#[tokio::test]
async fn the_same_header_from_an_untrusted_peer_changes_nothing() {
    // A proxy elsewhere: this test's loopback peer is not it.
    let h = behind_proxy("10.0.0.0/8").await;
    let a = statuses(&h, "wrong-secret-xx", Some("203.0.113.1"), 5).await;
    assert_eq!(a, [401, 401, 401, 401, 429]);
    // Another forwarded address from the same peer is the same caller: the peer.
    assert_eq!(create_as(&h, SECRET, Some("203.0.113.2")).await, 429);
}

/// `n` session creations in a row with `secret` as the client at `ip`: their statuses.
async fn statuses(h: &Harness, secret: &str, ip: Option<&str>, n: usize) -> Vec<u16> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(create_as(h, secret, ip).await);
    }
    out
}

#[tokio::test]
async fn two_replicas_together_allow_no_more_failed_codes_than_one() {
    let tenant = start_tenant().await;
    let limits = LimitsConfig {
        widget_calls_per_second: 100,
        // Per address: generous (this test is one address); per hour, from everyone: 6.
        handoff_failures_per_minute: 100,
        handoff_failures_per_hour: 6,
        ..Default::default()
    };
    let first = start_on(tenant.clone(), |c| c.limits = limits.clone()).await;
    // The second replica shares the first one's database.
    let mut config = test_config(&tenant, first._db.path());
    config.database_url = first.app.config.database_url.clone();
    config.limits = limits;
    let (second, _app, _server) = start_gateway(config).await;
    let mut statuses = Vec::new();
    for i in 0..10 {
        let base = if i % 2 == 0 { &first.base } else { &second };
        let r = redeem_from(
            &first,
            base,
            json!({ "code": format!("ZZZZ-{:04}", 3000 + i) }),
        )
        .await;
        statuses.push(r.status().as_u16());
    }
    assert_eq!(&statuses[..6], &[404; 6], "{statuses:?}");
    assert!(statuses[6..].iter().all(|s| *s == 429), "{statuses:?}");
    // Links are 256 bits: still redeemable while codes are closed.
    let s = first.session("Rivera").await;
    assert_eq!(first.consent(&s, true).await.status(), 200);
    let created: serde_json::Value = first
        .http
        .post(first.capture(&s, "/handoff"))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = created["url"]
        .as_str()
        .unwrap()
        .split_once("#handoff=")
        .unwrap()
        .1;
    let r = redeem_from(&first, &second, json!({ "token": token })).await;
    assert_eq!(r.status(), 200);
    // And its code, now used, is refused on either replica with 429 while codes are closed.
    let (status, code) =
        error_of(redeem_from(&first, &first.base, json!({ "code": created["code"] })).await).await;
    assert_eq!((status, code.as_str()), (429, "rate_limited"));
}

#[tokio::test]
async fn a_sessions_failed_redemptions_close_its_handoffs_on_every_replica() {
    let tenant = start_tenant().await;
    let limits = LimitsConfig {
        widget_calls_per_second: 100,
        handoff_failures_per_minute: 100,
        handoff_failures_per_session: 2,
        ..Default::default()
    };
    let first = start_on(tenant.clone(), |c| c.limits = limits.clone()).await;
    let mut config = test_config(&tenant, first._db.path());
    config.database_url = first.app.config.database_url.clone();
    config.limits = limits;
    let (second, _app, _server) = start_gateway(config).await;
    let s = first.session("Rivera").await;
    assert_eq!(first.consent(&s, true).await.status(), 200);
    let handoff = || async {
        first
            .http
            .post(first.capture(&s, "/handoff"))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap()
            .json::<serde_json::Value>()
            .await
            .unwrap()
    };
    let used = handoff().await;
    let token = |v: &serde_json::Value| {
        v["url"]
            .as_str()
            .unwrap()
            .split_once("#handoff=")
            .unwrap()
            .1
            .to_owned()
    };
    assert_eq!(
        redeem_from(&first, &first.base, json!({ "token": token(&used) }))
            .await
            .status(),
        200
    );
    // The used link, once on each replica: two failures for this session.
    for base in [&first.base, &second] {
        let (status, code) =
            error_of(redeem_from(&first, base, json!({ "token": token(&used) })).await).await;
        assert_eq!((status, code.as_str()), (410, "handoff_used"));
    }
    // Now even a fresh link of this session is refused, on either replica.
    let fresh = handoff().await;
    let (status, _) =
        error_of(redeem_from(&first, &second, json!({ "token": token(&fresh) })).await).await;
    assert_eq!(status, 429);
}
