//! The host backend's `Authorization` header: `auth::parse_basic` and `auth::client_id`.
//! Invariants: no panic; what `parse_basic` returns came from a `Basic ` header and survives
//! re-encoding; `client_id` accepts only the configured client's exact id and secret.
#![no_main]

use axum::http::{HeaderMap, HeaderValue};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use gateway::config::ClientCredentials;
use gateway::http::auth::{client_id, parse_basic};
use libfuzzer_sys::fuzz_target;

const ID: &str = "epic";
const SECRET: &str = "s3cret-s3cret";

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some((id, secret)) = parse_basic(text) {
            assert!(text.starts_with("Basic "));
            let again = format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")));
            assert_eq!(parse_basic(&again), Some((id, secret)));
        }
    }
    let Ok(value) = HeaderValue::from_bytes(data) else {
        return;
    };
    let mut headers = HeaderMap::new();
    headers.insert("authorization", value);
    let clients = [ClientCredentials {
        id: ID.to_owned(),
        secret: SECRET.to_owned(),
        redirect_uris: vec![],
    }];
    if let Ok(id) = client_id(&headers, &clients) {
        assert_eq!(id, ID);
        let text = std::str::from_utf8(data).expect("an accepted header is text");
        assert_eq!(parse_basic(text), Some((ID.to_owned(), SECRET.to_owned())));
    }
});
