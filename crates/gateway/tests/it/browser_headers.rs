//! What browsers get besides the API, over real HTTP on loopback: the widget's lock-down headers
//! (CSP, Permissions-Policy, HSTS over https only, nosniff, referrer), its precompressed files
//! and cache policy, and `no-store` on every API answer. Each test fails if its defence goes.

use std::path::Path;

use crate::common::*;
use reqwest::header::HeaderMap;

const JS: &str = "app-0123456789abcdef.js";
const WASM: &str = "app-0123456789abcdef_bg.wasm";
const INDEX: &str = "<!DOCTYPE html><html><head></head><body>widget</body></html>";
const JS_BODY: &str = "export default function init() { return 42; }";

/// A built widget: `index.html` and two hashed assets, each with `.br` and `.gz` twins whose
/// bytes are markers (the gateway sends them as they are; nothing decodes them here).
fn widget_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, body: &[u8]| std::fs::write(dir.path().join(name), body).unwrap();
    write("index.html", INDEX.as_bytes());
    write("index.html.br", b"BR:index");
    write("index.html.gz", b"GZ:index");
    write(JS, JS_BODY.as_bytes());
    write(&format!("{JS}.br"), b"BR:js");
    write(&format!("{JS}.gz"), b"GZ:js");
    write(WASM, b"\0asm\x01\0\0\0");
    write(&format!("{WASM}.gz"), b"GZ:wasm");
    dir
}

async fn start_serving(dir: &Path, public_url: &str) -> Harness {
    let dir = dir.to_str().unwrap().to_owned();
    let public_url = public_url.to_owned();
    start_with(move |c| {
        c.widget_dir = dir;
        c.public_url = public_url;
    })
    .await
}

async fn get(h: &Harness, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
    let mut request = h.http.get(format!("{}{path}", h.base));
    if let Some(encoding) = accept_encoding {
        request = request.header("accept-encoding", encoding);
    }
    request.send().await.unwrap()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|v| v.to_str().unwrap())
}

/// The lock-down headers every answer carries over http.
fn assert_browser_headers(headers: &HeaderMap, what: &str) {
    let csp =
        header(headers, "content-security-policy").unwrap_or_else(|| panic!("{what}: no CSP"));
    for directive in [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' blob: data:",
        "connect-src 'self'",
        &format!("frame-ancestors {HOST}"),
        "base-uri 'none'",
        "form-action 'none'",
    ] {
        assert!(
            csp.split(';').any(|d| d.trim() == directive),
            "{what}: CSP lacks `{directive}`: {csp}"
        );
    }
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert_eq!(
        csp.split(';').count(),
        8,
        "{what}: nothing else is allowed: {csp}"
    );
    let permissions = header(headers, "permissions-policy").unwrap_or_default();
    assert!(
        permissions.split(", ").any(|p| p == "camera=(self)"),
        "{what}: {permissions}"
    );
    assert!(
        permissions.contains("microphone=()"),
        "{what}: {permissions}"
    );
    assert_eq!(
        header(headers, "x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        header(headers, "referrer-policy"),
        Some("no-referrer"),
        "{what}"
    );
}

#[tokio::test]
async fn the_widget_page_is_locked_down_and_always_revalidated() {
    let dir = widget_dir();
    let h = start_serving(dir.path(), "http://localhost:8080").await;
    for path in ["/", "/index.html"] {
        let r = get(&h, path, None).await;
        assert_eq!(r.status(), 200, "{path}");
        let headers = r.headers().clone();
        assert_browser_headers(&headers, path);
        assert_eq!(
            header(&headers, "cache-control"),
            Some("no-cache"),
            "{path}"
        );
        assert!(header(&headers, "content-type")
            .unwrap()
            .starts_with("text/html"));
        assert_eq!(header(&headers, "content-encoding"), None);
        assert_eq!(header(&headers, "vary"), Some("accept-encoding"), "{path}");
        assert_eq!(
            header(&headers, "strict-transport-security"),
            None,
            "no HSTS over http"
        );
        assert_eq!(r.text().await.unwrap(), INDEX);
    }
}

#[tokio::test]
async fn precompressed_twins_are_sent_to_browsers_that_accept_them() {
    let dir = widget_dir();
    let h = start_serving(dir.path(), "http://localhost:8080").await;
    let path = format!("/{JS}");
    for (accept, encoding, body) in [
        (Some("gzip, deflate, br, zstd"), Some("br"), "BR:js"),
        (Some("br"), Some("br"), "BR:js"),
        (Some("gzip"), Some("gzip"), "GZ:js"),
        (Some("identity"), None, JS_BODY),
        (None, None, JS_BODY),
    ] {
        let r = get(&h, &path, accept).await;
        assert_eq!(r.status(), 200);
        let headers = r.headers().clone();
        assert_eq!(header(&headers, "content-encoding"), encoding, "{accept:?}");
        assert!(
            header(&headers, "content-type")
                .unwrap()
                .contains("javascript"),
            "the type is the file's, not the twin's"
        );
        assert_eq!(header(&headers, "vary"), Some("accept-encoding"));
        assert_browser_headers(&headers, &path);
        assert_eq!(r.text().await.unwrap(), body, "{accept:?}");
    }
    // No .br twin of the wasm: a browser accepting both gets the gzip one.
    let r = get(&h, &format!("/{WASM}"), Some("gzip, deflate, br")).await;
    assert_eq!(header(r.headers(), "content-encoding"), Some("gzip"));
    assert_eq!(
        header(r.headers(), "content-type"),
        Some("application/wasm")
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"GZ:wasm");
    // The start page has twins too.
    let r = get(&h, "/", Some("br")).await;
    assert_eq!(header(r.headers(), "content-encoding"), Some("br"));
    assert_eq!(header(r.headers(), "cache-control"), Some("no-cache"));
    assert_eq!(r.text().await.unwrap(), "BR:index");
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_nothing_else_is() {
    let dir = widget_dir();
    let h = start_serving(dir.path(), "http://localhost:8080").await;
    for (path, policy) in [
        (format!("/{JS}"), "public, max-age=31536000, immutable"),
        (format!("/{WASM}"), "public, max-age=31536000, immutable"),
        ("/".to_owned(), "no-cache"),
        ("/index.html".to_owned(), "no-cache"),
        // A hashed-looking name that does not exist is answered with the start page, which
        // must not be cached as if it were that asset.
        ("/app-fedcba9876543210.js".to_owned(), "no-cache"),
        ("/somewhere/else".to_owned(), "no-cache"),
    ] {
        for accept in [None, Some("br"), Some("gzip")] {
            let r = get(&h, &path, accept).await;
            assert_eq!(r.status(), 200, "{path}");
            assert_eq!(
                header(r.headers(), "cache-control"),
                Some(policy),
                "{path} {accept:?}"
            );
        }
    }
    let r = get(&h, "/app-fedcba9876543210.js", None).await;
    assert_eq!(r.text().await.unwrap(), INDEX);
}

#[tokio::test]
async fn every_api_answer_is_no_store_and_locked_down() {
    let dir = widget_dir();
    let h = start_serving(dir.path(), "http://localhost:8080").await;
    let created = h.create(patient("Rivera")).await;
    assert_eq!(created.status(), 201);
    let created_headers = created.headers().clone();
    let s = h.session("Rivera").await;
    let capture = h
        .http
        .get(h.capture(&s, ""))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(capture.status(), 200);
    let unauthenticated = h
        .http
        .get(h.capture(&s, ""))
        .bearer_auth("not-the-token")
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);
    let unknown = h
        .http
        .get(format!(
            "{}/v1/verifications/{}",
            h.base,
            uuid::Uuid::new_v4()
        ))
        .basic_auth(CLIENT, Some(SECRET))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let health = get(&h, "/healthz", None).await;
    for (what, headers) in [
        ("POST /v1/sessions", &created_headers),
        ("GET capture session", capture.headers()),
        ("401", unauthenticated.headers()),
        ("404", unknown.headers()),
        ("/healthz", health.headers()),
    ] {
        assert_eq!(header(headers, "cache-control"), Some("no-store"), "{what}");
        assert_browser_headers(headers, what);
    }
}

#[tokio::test]
async fn hsts_is_sent_when_the_gateway_is_reached_over_https() {
    let dir = widget_dir();
    let h = start_serving(dir.path(), "https://idv.example.org").await;
    for path in ["/", &format!("/{JS}"), "/healthz"] {
        let r = get(&h, path, None).await;
        assert_eq!(
            header(r.headers(), "strict-transport-security"),
            Some("max-age=31536000; includeSubDomains"),
            "{path}"
        );
        assert_browser_headers(r.headers(), path);
    }
}
