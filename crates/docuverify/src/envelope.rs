//! The docuverify envelope: secp256k1 ECDH (shared key = raw X coordinate, no KDF) and
//! AES-256-GCM with a 16-byte IV, serialised as `base64(iv ‖ ciphertext ‖ tag)`.
//!
//! Both sides of the wire use this module: our client, and the local tenant stand-in.

use aes_gcm::aead::consts::U16;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::aes::Aes256;
use aes_gcm::AesGcm;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use k256::elliptic_curve::sec1::ToEncodedPoint;
use k256::{PublicKey, SecretKey};
use rand_core::{OsRng, RngCore};

type Aes256Gcm16 = AesGcm<Aes256, U16>;

/// Bytes of the random IV that starts every ciphertext (1Kosmos uses 16, not GCM's usual 12).
pub const IV_LEN: usize = 16;
const TAG_LEN: usize = 16;

/// Why a key or an envelope was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EnvelopeError {
    /// Not base64.
    #[error("not valid base64")]
    Base64,
    /// Not a secp256k1 private key.
    #[error("not a valid secp256k1 private key")]
    PrivateKey,
    /// Not a secp256k1 public key.
    #[error("not a valid secp256k1 public key (expected base64 of 64 bytes X||Y)")]
    PublicKey,
    /// Shorter than an IV and a tag.
    #[error("ciphertext too short")]
    TooShort,
    /// The tag does not verify: wrong key or tampered data.
    #[error("decryption failed (wrong key or tampered data)")]
    Decrypt,
    /// The plaintext is not UTF-8.
    #[error("decrypted data is not UTF-8")]
    Utf8,
}

/// A secp256k1 key pair; the private half never leaves the server.
#[derive(Clone)]
pub struct KeyPair {
    secret: SecretKey,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair")
            .field("public", &self.public_key_b64())
            .finish_non_exhaustive()
    }
}

impl KeyPair {
    /// A fresh random key pair.
    pub fn generate() -> Self {
        Self {
            secret: SecretKey::random(&mut OsRng),
        }
    }

    /// Base64 of the 32-byte scalar; a 33-byte Java-style key with a leading `00` is accepted.
    pub fn from_private_b64(b64: &str) -> Result<Self, EnvelopeError> {
        let bytes = B64.decode(b64.trim()).map_err(|_| EnvelopeError::Base64)?;
        let scalar = match bytes.as_slice() {
            [0, rest @ ..] if rest.len() == 32 => rest,
            s => s,
        };
        if scalar.len() != 32 {
            return Err(EnvelopeError::PrivateKey);
        }
        let secret = SecretKey::from_slice(scalar).map_err(|_| EnvelopeError::PrivateKey)?;
        Ok(Self { secret })
    }

    /// Base64 of the 32-byte private scalar (**secret**).
    pub fn private_key_b64(&self) -> String {
        B64.encode(self.secret.to_bytes())
    }

    /// Base64 of the raw 64-byte X‖Y (no `04` prefix), as the `publickey` header wants it.
    pub fn public_key_b64(&self) -> String {
        let point = self.secret.public_key().to_encoded_point(false);
        B64.encode(&point.as_bytes()[1..])
    }

    /// ECDH with the peer's public key; the shared key is the raw X coordinate.
    pub fn shared_key(&self, peer_public_b64: &str) -> Result<SharedKey, EnvelopeError> {
        let peer = parse_public_key(peer_public_b64)?;
        let shared = k256::ecdh::diffie_hellman(self.secret.to_nonzero_scalar(), peer.as_affine());
        let mut key = [0u8; 32];
        key.copy_from_slice(shared.raw_secret_bytes());
        Ok(SharedKey(key))
    }
}

fn parse_public_key(b64: &str) -> Result<PublicKey, EnvelopeError> {
    let raw = B64.decode(b64.trim()).map_err(|_| EnvelopeError::Base64)?;
    let mut sec1 = Vec::with_capacity(65);
    match raw.len() {
        64 => {
            sec1.push(0x04);
            sec1.extend_from_slice(&raw);
        }
        65 if raw[0] == 0x04 => sec1.extend_from_slice(&raw),
        _ => return Err(EnvelopeError::PublicKey),
    }
    PublicKey::from_sec1_bytes(&sec1).map_err(|_| EnvelopeError::PublicKey)
}

/// The AES-256 key both sides derive.
#[derive(Clone, PartialEq, Eq)]
pub struct SharedKey([u8; 32]);

impl std::fmt::Debug for SharedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedKey(..)")
    }
}

impl SharedKey {
    /// Base64 of the 32-byte key.
    pub fn to_b64(&self) -> String {
        B64.encode(self.0)
    }

    fn cipher(&self) -> Aes256Gcm16 {
        // A 32-byte key is always a valid AES-256 key.
        Aes256Gcm16::new(&self.0.into())
    }

    /// Encrypts with a fresh random IV.
    pub fn encrypt(&self, plaintext: &str) -> String {
        let mut iv = [0u8; IV_LEN];
        OsRng.fill_bytes(&mut iv);
        self.encrypt_with_iv(plaintext, iv)
    }

    /// Encrypts with a caller-chosen IV: only for test vectors.
    pub fn encrypt_with_iv(&self, plaintext: &str, iv: [u8; IV_LEN]) -> String {
        let nonce = aes_gcm::Nonce::<U16>::from_slice(&iv);
        // AES-GCM encryption of an in-memory buffer cannot fail below 64 GiB.
        let ct = self
            .cipher()
            .encrypt(nonce, plaintext.as_bytes())
            .unwrap_or_default();
        let mut out = Vec::with_capacity(IV_LEN + ct.len());
        out.extend_from_slice(&iv);
        out.extend_from_slice(&ct);
        B64.encode(out)
    }

    /// Decrypts base64 `IV || ciphertext || tag`, checking the tag.
    pub fn decrypt(&self, b64: &str) -> Result<String, EnvelopeError> {
        let raw = B64.decode(b64.trim()).map_err(|_| EnvelopeError::Base64)?;
        if raw.len() < IV_LEN + TAG_LEN {
            return Err(EnvelopeError::TooShort);
        }
        let (iv, ct) = raw.split_at(IV_LEN);
        let plain = self
            .cipher()
            .decrypt(aes_gcm::Nonce::<U16>::from_slice(iv), ct)
            .map_err(|_| EnvelopeError::Decrypt)?;
        String::from_utf8(plain).map_err(|_| EnvelopeError::Utf8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Copied from the project's reference test vector (test-only keys).
    const SERVER_PRIV: &str = "J+g9qcgEjrOU3ZeAFiikWkhLJ7Y16K6hH3UBylHdDZg=";
    const SERVER_PUB: &str =
        "sguqCEhFcFdQQCpbHjVQb7DXI6NeZ1v9xZm/XgDx0l7UK8NHNTy40p2kBrodQFH5Uwij4S+yY2GGnf4huBRiQQ==";
    const CLIENT_PRIV: &str = "QFqsZe0H3+9uS6T0eZKOugRJk5ImN+tDiAJxk93Umek=";
    const CLIENT_PUB: &str =
        "LeVyNkqi7JVV4FuPMQbztU8/zq5yWYf4CWS32LSVHEftKG3FBZLuc14QFEPVq4ibZ9qRLixrm4S+Xz86tW7G4g==";
    const SHARED: &str = "i/oWS7N4iACcgewZFJ9EthevDKWdix9nOsFEL+XIn9g=";
    const PLAINTEXT: &str =
        r#"{"dvcID":"test_dvcid","sessionId":"00000000-0000-4000-8000-000000000001"}"#;
    const CIPHERTEXT: &str = "AAECAwQFBgcICQoLDA0OD6QziKMGpBKtxpf27RF9Artb1Hf+s1AKnJQB7L7RHtF64/LiI3+ob58uDDWudi7Wo3tFCY6yFtIzlejPZfL85yeDdN1Gt9KXK8MFfe5TuHZHCpB/0ZRlkRsK";

    fn iv() -> [u8; 16] {
        core::array::from_fn(|i| i as u8)
    }

    #[test]
    fn vector_public_keys_derive_from_private_keys() {
        let server = KeyPair::from_private_b64(SERVER_PRIV).unwrap();
        let client = KeyPair::from_private_b64(CLIENT_PRIV).unwrap();
        assert_eq!(server.public_key_b64(), SERVER_PUB);
        assert_eq!(client.public_key_b64(), CLIENT_PUB);
    }

    #[test]
    fn vector_both_sides_derive_the_same_shared_key() {
        let server = KeyPair::from_private_b64(SERVER_PRIV).unwrap();
        let client = KeyPair::from_private_b64(CLIENT_PRIV).unwrap();
        assert_eq!(client.shared_key(SERVER_PUB).unwrap().to_b64(), SHARED);
        assert_eq!(server.shared_key(CLIENT_PUB).unwrap().to_b64(), SHARED);
    }

    #[test]
    fn vector_ciphertext_is_reproduced_and_decrypts() {
        let key = KeyPair::from_private_b64(CLIENT_PRIV)
            .unwrap()
            .shared_key(SERVER_PUB)
            .unwrap();
        assert_eq!(key.encrypt_with_iv(PLAINTEXT, iv()), CIPHERTEXT);
        assert_eq!(key.decrypt(CIPHERTEXT).unwrap(), PLAINTEXT);
    }

    #[test]
    fn tampering_and_wrong_keys_are_rejected() {
        let key = KeyPair::from_private_b64(CLIENT_PRIV)
            .unwrap()
            .shared_key(SERVER_PUB)
            .unwrap();
        let mut raw = B64.decode(CIPHERTEXT).unwrap();
        raw[20] ^= 1;
        assert_eq!(key.decrypt(&B64.encode(raw)), Err(EnvelopeError::Decrypt));
        let other = KeyPair::generate().shared_key(SERVER_PUB).unwrap();
        assert_eq!(other.decrypt(CIPHERTEXT), Err(EnvelopeError::Decrypt));
        assert_eq!(key.decrypt("AAEC"), Err(EnvelopeError::TooShort));
        assert_eq!(key.decrypt("%%%"), Err(EnvelopeError::Base64));
    }

    #[test]
    fn random_iv_round_trips_and_differs_each_time() {
        let a = KeyPair::generate();
        let b = KeyPair::generate();
        let k1 = a.shared_key(&b.public_key_b64()).unwrap();
        let k2 = b.shared_key(&a.public_key_b64()).unwrap();
        let c1 = k1.encrypt("hello");
        assert_ne!(c1, k1.encrypt("hello"));
        assert_eq!(k2.decrypt(&c1).unwrap(), "hello");
    }

    #[test]
    fn java_style_private_key_with_leading_zero_is_accepted() {
        let mut raw = vec![0u8];
        raw.extend(B64.decode(CLIENT_PRIV).unwrap());
        let k = KeyPair::from_private_b64(&B64.encode(raw)).unwrap();
        assert_eq!(k.public_key_b64(), CLIENT_PUB);
        assert_eq!(
            KeyPair::from_private_b64("AAAA").unwrap_err(),
            EnvelopeError::PrivateKey
        );
        assert_eq!(
            KeyPair::generate().shared_key("AAAA").unwrap_err(),
            EnvelopeError::PublicKey
        );
    }
}
