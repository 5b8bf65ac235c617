//! Capture tokens and handoff secrets: fresh random values, stored only as hashes.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

/// A fresh capture token: 256 random bits, base64url.
pub fn new_capture_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Only the hash of a token is stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// How a short handoff code is stored: HMAC-SHA256 under the gateway's `handoff_code_key`
/// (hex). A code has only 40 bits: bare SHA-256 would fall to a laptop in seconds from a copy of
/// the database; without the key, a copy gives nothing to try codes against.
pub fn code_hash(key: &[u8], code: &str) -> String {
    // HMAC accepts keys of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(code.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The key codes are stored under: the configured `handoff_code_key`, or in dev mode without
/// one, a key derived from the webhook secret (the same on every replica of one
/// configuration, so a code made on one replica redeems on another).
pub fn code_key(configured: Option<&str>, webhook_secret: &str) -> Vec<u8> {
    match configured {
        Some(key) => key.as_bytes().to_vec(),
        None => {
            let mut h = Sha256::new();
            h.update(b"idv-gateway dev handoff code key\0");
            h.update(webhook_secret.as_bytes());
            h.finalize().to_vec()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stored_keyed_not_bare() {
        let a = code_hash(b"key one, at least 32 characters!", "ABCD2345");
        assert_eq!(a.len(), 64);
        assert_ne!(a, token_hash("ABCD2345"), "not the bare SHA-256");
        assert_ne!(
            a,
            code_hash(b"key two, at least 32 characters!", "ABCD2345"),
            "another key, another hash: a database copy alone cannot be searched"
        );
        assert_eq!(
            a,
            code_hash(b"key one, at least 32 characters!", "ABCD2345")
        );
        // Reference value computed independently:
        //   printf 'ABCD2345' | openssl dgst -sha256 -hmac 'k'
        assert_eq!(
            code_hash(b"k", "ABCD2345"),
            "71e6aca9685fa3a1e22bf570c45a69ee29ee6007691265ba30298ba5afaaa937"
        );
        assert_eq!(code_key(None, "s"), code_key(None, "s"));
        assert_ne!(code_key(None, "s"), code_key(None, "t"));
        assert_eq!(code_key(Some("abc"), "s"), b"abc".to_vec());
    }

    #[test]
    fn tokens_are_long_random_and_stored_hashed() {
        let a = new_capture_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, new_capture_token());
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}
