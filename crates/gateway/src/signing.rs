//! The signed result token (compact JWS, EdDSA / Ed25519) and the published key set.
//! Signing and key handling come from the `jsonwebtoken` crate; nothing here is hand-rolled.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ed25519_dalek::pkcs8::DecodePrivateKey;
use jsonwebtoken::jwk::{
    AlgorithmParameters, CommonParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm,
    OctetKeyPairParameters, OctetKeyPairType, PublicKeyUse,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use crate::config::SigningConfig;

/// What the token says. Registered claim names where they exist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultClaims {
    /// Issuer: the gateway's `public_url`.
    pub iss: String,
    /// The host's client id.
    pub aud: String,
    /// The host's patient reference.
    pub sub: String,
    /// Verification id.
    pub vid: String,
    /// The capture session the verification belongs to: a host checks it is the session it
    /// created (and consumes each verification's token once, by `jti`).
    pub sid: String,
    /// `PASS` or `FAIL`.
    pub status: String,
    /// The reason code of a FAIL (`IDV0014` when it used the last attempt).
    pub reason_code: Option<String>,
    /// Why the host asked (`signup`, `password_reset`, …).
    pub trigger: String,
    /// `full` (document + selfie) or `reverify` (selfie against the enrolled portrait).
    pub mode: String,
    /// How the patient was verified (RFC 8176 style): `["doc", "face", "live"]` for a full
    /// verification, `["mdl", "face", "live"]` with a wallet's licence, `["face", "live"]` for
    /// a re-verification.
    pub amr: Vec<String>,
    /// Identity assurance level this verification establishes: 2 for a full PASS, 1 for a
    /// re-verification PASS (it authenticates against an earlier IAL2 proofing), 0 for FAIL.
    pub ial: u8,
    /// A re-verification: when the document verification it builds on passed (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proofed_at: Option<String>,
    /// Which device took the pictures: `same_device` (the widget the host embedded) or
    /// `phone_handoff` (a phone the patient handed the session to, "Continue on your phone").
    #[serde(default = "same_device")]
    pub via: String,
    /// A wallet's licence was the document evidence (`{"type": "mdl", "issuing_authority"}`);
    /// absent for pictures of a document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<idv_wire::Evidence>,
    /// Issued at (unix seconds).
    pub iat: i64,
    /// Expires at (unix seconds).
    pub exp: i64,
    /// A unique id per token, so the host can refuse a replay.
    pub jti: String,
    /// The nonce the host's backend gave when it created the session.
    pub nonce: String,
}

fn same_device() -> String {
    idv_wire::Via::SameDevice.as_str().to_owned()
}

/// The `typ` of a result token: never mistaken for an ID token (`JWT`) signed with the same keys.
pub const RESULT_TOKEN_TYP: &str = "idv-result+jwt";

/// Why a key could not be loaded or a token not signed.
#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    /// A key that is not an Ed25519 PEM key.
    #[error("signing key {kid:?}: {source}")]
    Key {
        /// The key's id.
        kid: String,
        /// What the PEM parser said.
        source: jsonwebtoken::errors::Error,
    },
    /// A PEM file that cannot be read (key id, error).
    #[error("signing key {0:?}: cannot read the PEM file: {1}")]
    File(String, std::io::Error),
    /// `current_kid` names no configured key.
    #[error("signing.current_kid {0:?} names no configured key")]
    NoCurrent(String),
    /// Signing itself failed.
    #[error("signing failed: {0}")]
    Sign(jsonwebtoken::errors::Error),
}

/// Signs with the current key; publishes every configured key (the previous one stays
/// published during a rotation until its tokens have expired).
pub struct Signer {
    kid: String,
    key: EncodingKey,
    jwks: JwkSet,
    fingerprints: Vec<(String, String)>,
    /// The `iss` of every token.
    pub issuer: String,
    /// How long a token is valid, in seconds.
    pub ttl_secs: i64,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// The public half as an RFC 8037 JWK (`kty: OKP`, `crv: Ed25519`), and the SHA-256 (hex) of
/// the raw public key. jsonwebtoken cannot derive it for Ed25519 keys, so the public key comes
/// from ed25519-dalek.
fn public_jwk(kid: &str, pem: &str) -> Result<(Jwk, String), SigningError> {
    let signing =
        ed25519_dalek::SigningKey::from_pkcs8_pem(pem).map_err(|_| SigningError::Key {
            kid: kid.to_owned(),
            source: jsonwebtoken::errors::ErrorKind::InvalidEddsaKey.into(),
        })?;
    let public = signing.verifying_key().to_bytes();
    let fingerprint = hex::encode(sha2::Sha256::digest(public));
    let jwk = Jwk {
        common: CommonParameters {
            public_key_use: Some(PublicKeyUse::Signature),
            key_algorithm: Some(KeyAlgorithm::EdDSA),
            key_id: Some(kid.to_owned()),
            ..Default::default()
        },
        algorithm: AlgorithmParameters::OctetKeyPair(OctetKeyPairParameters {
            key_type: OctetKeyPairType::OctetKeyPair,
            curve: EllipticCurve::Ed25519,
            x: URL_SAFE_NO_PAD.encode(public),
        }),
    };
    Ok((jwk, fingerprint))
}

impl Signer {
    /// The keys of the `[signing]` configuration (and the environment), `issuer` for `iss`.
    pub fn from_config(config: &SigningConfig, issuer: &str) -> Result<Self, SigningError> {
        let mut keys = Vec::new();
        let mut fingerprints = Vec::new();
        let mut current = None;
        for k in &config.keys {
            let pem = match (&k.private_key_pem, &k.private_key_file) {
                (Some(pem), _) => pem.clone(),
                (None, Some(path)) => std::fs::read_to_string(path)
                    .map_err(|e| SigningError::File(k.kid.clone(), e))?,
                (None, None) => String::new(),
            };
            let key =
                EncodingKey::from_ed_pem(pem.as_bytes()).map_err(|source| SigningError::Key {
                    kid: k.kid.clone(),
                    source,
                })?;
            let (jwk, fingerprint) = public_jwk(&k.kid, &pem)?;
            keys.push(jwk);
            fingerprints.push((k.kid.clone(), fingerprint));
            if k.kid == config.current_kid {
                current = Some(key);
            }
        }
        let key = current.ok_or_else(|| SigningError::NoCurrent(config.current_kid.clone()))?;
        Ok(Self {
            kid: config.current_kid.clone(),
            key,
            jwks: JwkSet { keys },
            fingerprints,
            issuer: issuer.trim_end_matches('/').to_owned(),
            ttl_secs: config.token_ttl_secs as i64,
        })
    }

    /// `(kid, SHA-256 of the public key)` of every configured key.
    pub fn fingerprints(&self) -> &[(String, String)] {
        &self.fingerprints
    }

    /// The public keys, as served at `/.well-known/jwks.json`.
    pub fn jwks(&self) -> &JwkSet {
        &self.jwks
    }

    /// Signs `claims` with the current key (its `kid` in the header), typed `typ` (RFC 8725
    /// §3.11): a result token ([`RESULT_TOKEN_TYP`]) and an ID token (`JWT`) share the keys and
    /// many claims, so the type says which is which.
    pub fn sign(&self, claims: &impl Serialize, typ: &str) -> Result<String, SigningError> {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        header.typ = Some(typ.to_owned());
        jsonwebtoken::encode(&header, claims, &self.key).map_err(SigningError::Sign)
    }
}
