//! What the gateway sends to browsers beyond the API: the built widget (Trunk's `dist/`, with
//! the `.br`/`.gz` twins `scripts/build.sh` makes, and a cache policy), and the headers that
//! lock the widget document down (Content-Security-Policy, Permissions-Policy, HSTS over
//! https, `nosniff`, `no-referrer`).
//!
//! The header values are pure functions of the configuration so they can be unit-tested; the
//! services at the bottom only attach them.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

use crate::config::{is_exact_origin, Config};

/// `Cache-Control` of a content-hashed asset: its name changes whenever its bytes do.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of everything else the widget serves (`index.html` above all): a browser
/// may keep a copy but must revalidate it, so a new release is picked up at the next load.
pub const REVALIDATE: &str = "no-cache";
/// The widget uses the camera itself and nothing else a browser gates behind a permission.
pub const PERMISSIONS_POLICY: &str =
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()";
/// HSTS for a gateway reached over https: one year, and the gateway's own subdomains.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The widget's Content-Security-Policy.
///
/// Only the widget's own origin may supply script (`'wasm-unsafe-eval'` lets it compile its
/// WebAssembly; there is no inline script: `scripts/build.sh` moves Trunk's loader into a file),
/// style, images (`blob:`/`data:` for the photo previews) and connections (the API is
/// same-origin). `frame-ancestors` lists exactly the allowed host origins; an entry that is
/// not a plain `scheme://host[:port]` (configuration validation refuses those) is left out
/// rather than allowed to inject a directive, and with no usable origin nobody may frame it.
pub fn widget_csp(allowed_origins: &[String]) -> String {
    let ancestors: Vec<&str> = allowed_origins
        .iter()
        .map(String::as_str)
        .filter(|o| is_csp_safe_origin(o))
        .collect();
    let ancestors = if ancestors.is_empty() {
        "'none'".to_owned()
    } else {
        ancestors.join(" ")
    };
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' blob: data:; connect-src 'self'; frame-ancestors {ancestors}; \
         base-uri 'none'; form-action 'none'"
    )
}

/// An origin that can stand in a CSP source list as itself: exact, visible ASCII, and free of
/// the characters that end a directive (`;`) or a policy (`,`) or that quote a keyword.
fn is_csp_safe_origin(origin: &str) -> bool {
    is_exact_origin(origin)
        && origin
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b';' | b',' | b'\'' | b'"'))
}

/// `Strict-Transport-Security` when browsers reach the gateway over https, none otherwise
/// (browsers ignore it over http, and sending it from a loopback dev server would pin
/// `localhost` to https).
pub fn hsts_for(public_url: &str) -> Option<&'static str> {
    let scheme = public_url.split_once("://")?.0;
    scheme.eq_ignore_ascii_case("https").then_some(HSTS)
}

/// Whether a served file name carries Trunk's content hash (`name-<hex>.ext`, with wasm-bindgen's
/// `_bg` suffix on the module) or the build step's (`loader-<hex>.js`). A hash is at least 8
/// hex digits: Trunk prints a 64-bit hash without leading zeros.
pub fn is_hashed_asset(file_name: &str) -> bool {
    let Some((stem, ext)) = file_name.rsplit_once('.') else {
        return false;
    };
    if ext.is_empty() || ext == "html" {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !name.is_empty()
        && (8..=16).contains(&hash.len())
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The `Cache-Control` of a widget file, from the request path.
pub fn cache_policy(path: &str) -> &'static str {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    if is_hashed_asset(file_name) {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

/// The widget's files from `dir`: a precompressed `.br` or `.gz` twin when the browser accepts
/// it and the build made one, `index.html` for any path that names no file (the widget's own
/// start page, never cached without revalidation), and [`cache_policy`] on the rest.
pub fn widget_service(dir: &str) -> Router {
    let index = Path::new(dir).join("index.html");
    let start_page = SetResponseHeader::overriding(
        ServeFile::new(index)
            .precompressed_br()
            .precompressed_gzip(),
        header::CACHE_CONTROL,
        HeaderValue::from_static(REVALIDATE),
    );
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(start_page);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(with_cache_policy))
        .layer(SetResponseHeaderLayer::appending(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
}

/// Adds [`cache_policy`] to a file answer that has none yet (the start page set its own).
async fn with_cache_policy(request: Request, next: Next) -> Response {
    let policy = cache_policy(request.uri().path());
    let mut response = next.run(request).await;
    let status = response.status();
    let policy = if status.is_success() || status == StatusCode::NOT_MODIFIED {
        policy
    } else {
        REVALIDATE
    };
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(policy));
    response
}

/// The headers every answer carries, as `(name, value)` pairs: the widget's CSP, its
/// Permissions-Policy, `nosniff`, `no-referrer`, and HSTS when `public_url` is https.
///
/// A CSP the configuration made unusable as a header falls back to one that allows nothing,
/// framing included.
pub fn browser_headers(config: &Config) -> Vec<(HeaderName, HeaderValue)> {
    let csp = HeaderValue::from_str(&widget_csp(&config.allowed_host_origins))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"));
    let mut headers = vec![
        (header::CONTENT_SECURITY_POLICY, csp),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
    ];
    if let Some(hsts) = hsts_for(&config.public_url) {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(hsts),
        ));
    }
    headers
}

/// Sets [`browser_headers`] on every answer of `router`, replacing any a handler set.
pub fn with_browser_headers<S>(mut router: Router<S>, config: &Config) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    for (name, value) in browser_headers(config) {
        router = router.layer(SetResponseHeaderLayer::overriding(name, value));
    }
    router
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directives(csp: &str) -> Vec<(String, String)> {
        csp.split(';')
            .map(|d| {
                let d = d.trim();
                let (name, value) = d.split_once(' ').unwrap_or((d, ""));
                (name.to_owned(), value.to_owned())
            })
            .collect()
    }

    #[test]
    fn csp_is_strict_and_names_exactly_the_allowed_origins() {
        let csp = widget_csp(&[
            "https://mychart.example.org".into(),
            "http://127.0.0.1:8090".into(),
        ]);
        let d = directives(&csp);
        let get = |n: &str| {
            d.iter()
                .find(|(name, _)| name == n)
                .map(|(_, v)| v.as_str())
                .unwrap_or_else(|| panic!("{n} missing from {csp}"))
        };
        assert_eq!(get("default-src"), "'none'");
        assert_eq!(get("script-src"), "'self' 'wasm-unsafe-eval'");
        assert_eq!(get("style-src"), "'self'");
        assert_eq!(get("img-src"), "'self' blob: data:");
        assert_eq!(get("connect-src"), "'self'");
        assert_eq!(
            get("frame-ancestors"),
            "https://mychart.example.org http://127.0.0.1:8090"
        );
        assert_eq!(get("base-uri"), "'none'");
        assert_eq!(get("form-action"), "'none'");
        assert!(!csp.contains("unsafe-inline"));
        assert!(!csp.contains('*'));
    }

    #[test]
    fn an_origin_that_could_inject_a_directive_is_left_out() {
        for evil in [
            "https://a.example; script-src *",
            "https://a.example,script-src *",
            "https://a.example 'unsafe-inline'",
            "*",
            "https://a.example/path",
            "https://a.example\u{7f}",
        ] {
            let csp = widget_csp(&[evil.into(), "https://ok.example".into()]);
            let d = directives(&csp);
            assert_eq!(d.len(), 8, "{evil:?} changed the directive count: {csp}");
            assert!(csp.contains("frame-ancestors https://ok.example;"), "{csp}");
            assert!(
                !csp.contains("unsafe-inline") && !csp.contains('*'),
                "{csp}"
            );
        }
    }

    #[test]
    fn with_no_usable_origin_nothing_may_frame_the_widget() {
        assert!(widget_csp(&[]).contains("frame-ancestors 'none';"));
        assert!(widget_csp(&["https://x.example;".into()]).contains("frame-ancestors 'none';"));
    }

    #[test]
    fn hsts_only_over_https() {
        assert_eq!(hsts_for("https://idv.example.org"), Some(HSTS));
        assert_eq!(hsts_for("HTTPS://idv.example.org/"), Some(HSTS));
        assert_eq!(hsts_for("http://localhost:8080"), None);
        assert_eq!(hsts_for("idv.example.org"), None);
    }

    #[test]
    fn hashed_assets_are_recognised() {
        for name in [
            "idv-widget-8a3f0c2e91b4d7a6.js",
            "idv-widget-8a3f0c2e91b4d7a6_bg.wasm",
            "widget-1c2d3e4f5a6b7c8.css",
            "loader-0123456789abcdef.js",
        ] {
            assert!(is_hashed_asset(name), "{name}");
            assert_eq!(cache_policy(&format!("/{name}")), IMMUTABLE);
        }
        for name in [
            "index.html",
            "",
            "favicon.ico",
            "idv-widget.js",
            "widget-css.css",
            "widget-0123456789ABCDEF.css",
            "x-0123456.js",
            "x-0123456789abcdef0.js",
            "-0123456789abcdef.js",
            "page-0123456789abcdef.html",
            "noext-0123456789abcdef",
        ] {
            assert!(!is_hashed_asset(name), "{name}");
        }
        assert_eq!(cache_policy("/"), REVALIDATE);
        assert_eq!(cache_policy("/index.html"), REVALIDATE);
        assert_eq!(cache_policy("/#session=x"), REVALIDATE);
    }
}
