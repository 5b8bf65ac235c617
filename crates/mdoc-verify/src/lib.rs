//! Reader side of a mobile driver's licence (mdoc) asked through the browser's Digital
//! Credentials API.
//!
//! The protocol is `org-iso-mdoc` (ISO/IEC 18013-7 Annex C): the gateway makes a [`Request`]
//! (a CBOR `DeviceRequest` and an `encryptionInfo` carrying a fresh P-256 HPKE key), the browser
//! hands both to the phone's wallet, and the wallet answers with an HPKE-sealed ISO/IEC 18013-5
//! `DeviceResponse`. [`verify_response`] opens that answer and checks all of it: the envelope,
//! the issuer's COSE signature, the document signer certificate up to a configured IACA root
//! ([`TrustAnchors`]), every disclosed element's digest, the MSO validity, the device signature
//! over the session transcript (which binds our nonce and our origin) and the licence's expiry.
//!
//! Pure: no I/O and no clock. The caller passes `now` (Unix seconds).

use std::collections::HashSet;
use std::fmt;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use ciborium::value::Value;
use coset::{iana, AsCborValue, CoseSign1, Label, RegisteredLabelWithPrivate};
use hpke::aead::AesGcm128;
use hpke::kdf::HkdfSha256;
use hpke::kem::DhP256HkdfSha256;
use hpke::{Deserializable as _, OpModeR};
use rand_core::CryptoRngCore;
use sha2::{Digest as _, Sha256, Sha384, Sha512};
use x509_cert::der::asn1::ObjectIdentifier;
use x509_cert::der::{Decode as _, Encode as _};
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage};
use x509_cert::Certificate;

/// The ISO/IEC 18013-5 document type of a mobile driver's licence.
pub const MDL_DOCTYPE: &str = "org.iso.18013.5.1.mDL";
/// The ISO/IEC 18013-5 namespace of the mDL's data elements.
pub const MDL_NAMESPACE: &str = "org.iso.18013.5.1";
/// The Digital Credentials API protocol identifier (ISO/IEC 18013-7 Annex C).
pub const PROTOCOL: &str = "org-iso-mdoc";
/// The elements we ask for: only what the decision needs.
pub const REQUESTED: &[&str] = &[
    "family_name",
    "given_name",
    "birth_date",
    "issue_date",
    "expiry_date",
    "issuing_country",
    "issuing_authority",
    "document_number",
    "portrait",
];

/// Clock skew allowed on the MSO's `signed` and `validFrom` (seconds).
const SKEW: i64 = 300;
/// The longest `response` accepted (characters of base64url).
const MAX_RESPONSE: usize = 8 * 1024 * 1024;
/// id-mdl-kp-mdlDS (ISO/IEC 18013-5 Annex B): the document signer's extended key usage.
const OID_MDL_DS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.0.18013.5.1.2");
const OID_EKU: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
const OID_BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const OID_ECDSA_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");

/// base64url, with or without padding on input; never padded on output.
const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Why an answer was refused. Each variant is one check; [`Refused::code`] is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Not base64url, not CBOR, or not the expected shape.
    #[error("mdl_encoding")]
    Encoding,
    /// The HPKE envelope did not open with our key and this session's transcript.
    #[error("mdl_envelope")]
    Envelope,
    /// The document is not a mobile driver's licence (or the MSO names another type).
    #[error("mdl_doc_type")]
    DocType,
    /// The issuer's signature over the mobile security object does not verify.
    #[error("mdl_issuer_signature")]
    IssuerSignature,
    /// The document signer certificate does not chain to a configured IACA root.
    #[error("mdl_untrusted_signer")]
    UntrustedSigner,
    /// The document signer (or its root) is expired, not yet valid, lacks the mDL document
    /// signer usage, or has a key other than P-256 or P-384.
    #[error("mdl_signer_certificate")]
    SignerCertificate,
    /// A disclosed element's digest differs from, or is absent from, the signed digests (or
    /// an element is disclosed twice).
    #[error("mdl_digest")]
    Digest,
    /// The mobile security object is outside its validity or signed in the future.
    #[error("mdl_mso_validity")]
    MsoValidity,
    /// An element the decision needs was not disclosed.
    #[error("mdl_missing_element")]
    MissingElement,
    /// The device signature over this session is absent, a MAC, or does not verify.
    #[error("mdl_device_signature")]
    DeviceSignature,
    /// The licence's expiry date has passed.
    #[error("mdl_licence_expired")]
    LicenceExpired,
    /// The wallet reported an error instead of a document.
    #[error("mdl_status")]
    Status,
}

impl Refused {
    /// A stable snake_case code for logs, metrics and the API.
    pub fn code(self) -> &'static str {
        match self {
            Refused::Encoding => "mdl_encoding",
            Refused::Envelope => "mdl_envelope",
            Refused::DocType => "mdl_doc_type",
            Refused::IssuerSignature => "mdl_issuer_signature",
            Refused::UntrustedSigner => "mdl_untrusted_signer",
            Refused::SignerCertificate => "mdl_signer_certificate",
            Refused::Digest => "mdl_digest",
            Refused::MsoValidity => "mdl_mso_validity",
            Refused::MissingElement => "mdl_missing_element",
            Refused::DeviceSignature => "mdl_device_signature",
            Refused::LicenceExpired => "mdl_licence_expired",
            Refused::Status => "mdl_status",
        }
    }

    /// One plain English sentence saying what was wrong.
    pub fn message(self) -> &'static str {
        match self {
            Refused::Encoding => "The wallet's answer was not in the expected format.",
            Refused::Envelope => "The wallet's answer was not sealed for this request.",
            Refused::DocType => "The document shared is not a mobile driver's licence.",
            Refused::IssuerSignature => "The issuer's signature on the licence is not valid.",
            Refused::UntrustedSigner => "The licence was not issued by a trusted authority.",
            Refused::SignerCertificate => "The issuer's signing certificate is not valid now.",
            Refused::Digest => "The licence data does not match what the issuer signed.",
            Refused::MsoValidity => "The licence's signed data is not valid at this time.",
            Refused::MissingElement => "The wallet did not share everything that was asked for.",
            Refused::DeviceSignature => {
                "The phone's signature does not bind the licence to this request."
            }
            Refused::LicenceExpired => "The driver's licence has expired.",
            Refused::Status => "The wallet reported an error instead of sharing the licence.",
        }
    }
}

/// Why trust anchors could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnchorError {
    /// The text is not PEM, or a CERTIFICATE block is not an X.509 certificate.
    #[error("not PEM X.509 certificates")]
    Pem,
    /// The text has no CERTIFICATE block.
    #[error("no certificate found")]
    NoCertificate,
    /// A certificate is not a CA (basicConstraints cA is not true).
    #[error("a certificate is not a CA")]
    NotCa,
    /// A certificate's key is neither P-256 nor P-384.
    #[error("a certificate's key is neither P-256 nor P-384")]
    UnsupportedKey,
}

/// A fresh request: what the browser passes to `navigator.credentials.get`, and the secret
/// that opens its answer. Keep it server-side until the answer comes back.
#[derive(Clone)]
pub struct Request {
    /// base64url (no padding) of the CBOR `DeviceRequest`.
    pub device_request: String,
    /// base64url (no padding) of CBOR `["dcapi", {"nonce": bstr, "recipientPublicKey": COSE_Key}]`.
    pub encryption_info: String,
    /// The P-256 private scalar whose public key is in `encryption_info`.
    pub recipient_secret: [u8; 32],
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("device_request", &self.device_request)
            .field("encryption_info", &self.encryption_info)
            .field("recipient_secret", &"<redacted>")
            .finish()
    }
}

/// Makes a fresh request: a 16-byte random nonce and a fresh P-256 recipient key.
pub fn new_request(rng: &mut impl CryptoRngCore) -> Request {
    loop {
        let mut nonce = [0u8; 16];
        rng.fill_bytes(&mut nonce);
        let secret: [u8; 32] = p256::SecretKey::random(rng).to_bytes().into();
        if let Ok(request) = request_with(&nonce, secret) {
            return request;
        }
    }
}

/// Makes the request for a given nonce and recipient secret (deterministic: for tests and
/// vectors). Refused with [`Refused::Encoding`] when the nonce is shorter than 16 bytes or the
/// secret is not a valid P-256 scalar.
pub fn request_with(nonce: &[u8], recipient_secret: [u8; 32]) -> Result<Request, Refused> {
    if nonce.len() < 16 {
        return Err(Refused::Encoding);
    }
    let secret =
        p256::SecretKey::from_bytes(&recipient_secret.into()).map_err(|_| Refused::Encoding)?;
    let point =
        p256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(&secret.public_key(), false);
    let (Some(x), Some(y)) = (point.x(), point.y()) else {
        return Err(Refused::Encoding);
    };
    let items = Value::Map(vec![
        (text("docType"), text(MDL_DOCTYPE)),
        (
            text("nameSpaces"),
            Value::Map(vec![(
                text(MDL_NAMESPACE),
                Value::Map(
                    REQUESTED
                        .iter()
                        .map(|e| (text(e), Value::Bool(false)))
                        .collect(),
                ),
            )]),
        ),
    ]);
    let device_request = Value::Map(vec![
        (text("version"), text("1.0")),
        (
            text("docRequests"),
            Value::Array(vec![Value::Map(vec![(
                text("itemsRequest"),
                Value::Tag(24, Box::new(Value::Bytes(encode(&items)?))),
            )])]),
        ),
    ]);
    let cose_key = Value::Map(vec![
        (int(1), int(2)),
        (int(-1), int(1)),
        (int(-2), Value::Bytes(x.to_vec())),
        (int(-3), Value::Bytes(y.to_vec())),
    ]);
    let encryption_info = Value::Array(vec![
        text("dcapi"),
        Value::Map(vec![
            (text("nonce"), Value::Bytes(nonce.to_vec())),
            (text("recipientPublicKey"), cose_key),
        ]),
    ]);
    Ok(Request {
        device_request: B64.encode(encode(&device_request)?),
        encryption_info: B64.encode(encode(&encryption_info)?),
        recipient_secret,
    })
}

#[derive(Clone)]
enum EcKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
}

#[derive(Clone, Copy)]
enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha256 => Sha256::digest(data).to_vec(),
            Hash::Sha384 => Sha384::digest(data).to_vec(),
            Hash::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}

impl EcKey {
    fn from_spki(spki: &x509_cert::spki::SubjectPublicKeyInfoOwned) -> Option<EcKey> {
        if spki.algorithm.oid != OID_EC_PUBLIC_KEY {
            return None;
        }
        let curve: ObjectIdentifier = spki.algorithm.parameters.as_ref()?.decode_as().ok()?;
        let point = spki.subject_public_key.as_bytes()?;
        if curve == OID_P256 {
            p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .ok()
                .map(EcKey::P256)
        } else if curve == OID_P384 {
            p384::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .ok()
                .map(EcKey::P384)
        } else {
            None
        }
    }

    /// Verifies a DER ECDSA signature over a prehash (X.509 certificates).
    fn verify_der_prehash(&self, prehash: &[u8], der: &[u8]) -> bool {
        use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
        match self {
            EcKey::P256(key) => p256::ecdsa::Signature::from_der(der)
                .is_ok_and(|sig| key.verify_prehash(prehash, &sig).is_ok()),
            EcKey::P384(key) => p384::ecdsa::Signature::from_der(der)
                .is_ok_and(|sig| key.verify_prehash(prehash, &sig).is_ok()),
        }
    }

    /// Verifies a COSE (raw r||s) signature with ES256 on P-256 or ES384 on P-384.
    fn verify_cose(&self, alg: iana::Algorithm, data: &[u8], raw: &[u8]) -> bool {
        use p256::ecdsa::signature::Verifier as _;
        match (self, alg) {
            (EcKey::P256(key), iana::Algorithm::ES256) => p256::ecdsa::Signature::from_slice(raw)
                .is_ok_and(|sig| key.verify(data, &sig).is_ok()),
            (EcKey::P384(key), iana::Algorithm::ES384) => p384::ecdsa::Signature::from_slice(raw)
                .is_ok_and(|sig| key.verify(data, &sig).is_ok()),
            _ => false,
        }
    }
}

#[derive(Clone)]
struct Anchor {
    subject: Vec<u8>,
    key: EcKey,
    not_before: i64,
    not_after: i64,
}

/// The IACA root certificates a document signer must chain to. Only these are trusted:
/// certificates a wallet adds to `x5chain` beyond the document signer are ignored.
#[derive(Clone, Default)]
pub struct TrustAnchors {
    anchors: Vec<Anchor>,
}

impl fmt::Debug for TrustAnchors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrustAnchors")
            .field("len", &self.anchors.len())
            .finish()
    }
}

impl TrustAnchors {
    /// Parses one or more PEM `CERTIFICATE` blocks. Each must be a CA (basicConstraints
    /// cA = true) with a P-256 or P-384 key. The gateway reads the files; this does no I/O.
    pub fn from_pem(text: &str) -> Result<Self, AnchorError> {
        // x509-cert 0.2.5's load_pem_chain panics (usize underflow) on empty input.
        if !text.contains("-----BEGIN CERTIFICATE-----") {
            return Err(AnchorError::NoCertificate);
        }
        let certs = Certificate::load_pem_chain(text.as_bytes()).map_err(|_| AnchorError::Pem)?;
        if certs.is_empty() {
            return Err(AnchorError::NoCertificate);
        }
        let mut anchors = Vec::with_capacity(certs.len());
        for cert in &certs {
            if !is_ca(cert) {
                return Err(AnchorError::NotCa);
            }
            let key = EcKey::from_spki(&cert.tbs_certificate.subject_public_key_info)
                .ok_or(AnchorError::UnsupportedKey)?;
            let subject = cert
                .tbs_certificate
                .subject
                .to_der()
                .map_err(|_| AnchorError::Pem)?;
            let (not_before, not_after) = validity(cert).ok_or(AnchorError::Pem)?;
            anchors.push(Anchor {
                subject,
                key,
                not_before,
                not_after,
            });
        }
        Ok(TrustAnchors { anchors })
    }

    /// Adds another set of anchors (for example, one per file of a directory).
    pub fn extend(&mut self, other: TrustAnchors) {
        self.anchors.extend(other.anchors);
    }

    /// How many roots are trusted.
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// True when no root is trusted (every answer is then refused as untrusted).
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }
}

/// Everything the decision needs from a verified licence. Its `Debug` shows no personal data.
#[derive(Clone, PartialEq, Eq)]
pub struct Mdl {
    /// The holder's family name.
    pub family_name: String,
    /// The holder's given names.
    pub given_name: String,
    /// Date of birth, `YYYY-MM-DD`.
    pub birth_date: String,
    /// Date the licence was issued, `YYYY-MM-DD`, when disclosed.
    pub issue_date: Option<String>,
    /// Date the licence expires, `YYYY-MM-DD`.
    pub expiry_date: String,
    /// ISO 3166-1 alpha-2 code of the issuing country.
    pub issuing_country: String,
    /// The issuing authority's name.
    pub issuing_authority: String,
    /// The licence number.
    pub document_number: String,
    /// The holder's portrait (JPEG).
    pub portrait: Vec<u8>,
    /// The document signer certificate's subject (RFC 4514 string).
    pub signer: String,
}

impl fmt::Debug for Mdl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mdl")
            .field("issuing_country", &self.issuing_country)
            .field("issuing_authority", &self.issuing_authority)
            .finish_non_exhaustive()
    }
}

/// Opens and verifies a Digital Credentials API answer to `request`.
///
/// - `response`: the credential's `data.response`, base64url of CBOR
///   `["dcapi", {"enc": bstr, "cipherText": bstr}]`.
/// - `origin`: the origin of the page that called the API: the server's own configured widget
///   origin, never the client's word. It is bound into the session transcript.
/// - `now`: Unix seconds. Certificates and the MSO are checked at `now` (the MSO's `signed` and
///   `validFrom` with 5 minutes of skew); the licence's `expiry_date` is compared with the UTC
///   calendar date of `now` (a licence is valid through its expiry date).
pub fn verify_response(
    response: &str,
    request: &Request,
    origin: &str,
    anchors: &TrustAnchors,
    now: i64,
) -> Result<Mdl, Refused> {
    let transcript = session_transcript(&request.encryption_info, origin)?;
    let plaintext = open_envelope(response, request, &encode(&transcript)?)?;
    let device_response = decode(&plaintext)?;
    let fields = as_map(&device_response)?;

    // Status and shape.
    match get(fields, "status")? {
        Some(Value::Integer(status)) if i128::from(*status) == 0 => {}
        Some(Value::Integer(_)) => return Err(Refused::Status),
        _ => return Err(Refused::Encoding),
    }
    if get(fields, "documentErrors")?.is_some() {
        return Err(Refused::Status);
    }
    let documents = match get(fields, "documents")? {
        None => return Err(Refused::Status),
        Some(Value::Array(documents)) => documents,
        Some(_) => return Err(Refused::Encoding),
    };
    let document = match documents.as_slice() {
        [] => return Err(Refused::Status),
        [document] => as_map(document)?,
        _ => return Err(Refused::Encoding),
    };
    let doc_type = as_text(req(document, "docType")?)?;
    if doc_type != MDL_DOCTYPE {
        return Err(Refused::DocType);
    }
    let issuer_signed = as_map(req(document, "issuerSigned")?)?;
    let device_signed = match get(document, "deviceSigned")? {
        Some(device_signed) => as_map(device_signed)?,
        None => return Err(Refused::DeviceSignature),
    };

    // Issuer: COSE_Sign1 by the document signer, which chains to a configured root.
    let issuer_auth = cose_sign1(req(issuer_signed, "issuerAuth")?)?;
    let ds = document_signer(&issuer_auth)?;
    let ds_key = check_signer(&ds, anchors, now)?;
    let alg = algorithm(&issuer_auth).ok_or(Refused::IssuerSignature)?;
    if !ds_key.verify_cose(alg, &issuer_auth.tbs_data(b""), &issuer_auth.signature) {
        return Err(Refused::IssuerSignature);
    }
    let payload = issuer_auth.payload.as_deref().ok_or(Refused::Encoding)?;
    let mso = Mso::parse(&unwrap_tag24(&decode(payload)?)?)?;
    if mso.doc_type != doc_type {
        return Err(Refused::DocType);
    }
    if mso.signed > now.saturating_add(SKEW)
        || mso.valid_from > now.saturating_add(SKEW)
        || now > mso.valid_until
    {
        return Err(Refused::MsoValidity);
    }

    // Every disclosed element is one the issuer signed.
    let elements = check_digests(issuer_signed, &mso)?;

    // The device key in the MSO signed this session.
    check_device_signature(device_signed, &mso.device_key, &transcript, doc_type)?;

    // The elements.
    let text_element = |name: &str| -> Result<String, Refused> {
        let value = elements.iter().find(|(k, _)| k == name).map(|(_, v)| v);
        Ok(as_text(value.ok_or(Refused::MissingElement)?)?.to_owned())
    };
    let date_element = |name: &str| -> Result<Option<String>, Refused> {
        elements
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| full_date(v))
            .transpose()
    };
    let portrait = match elements.iter().find(|(k, _)| k == "portrait") {
        None => return Err(Refused::MissingElement),
        Some((_, Value::Bytes(bytes))) if bytes.starts_with(&[0xFF, 0xD8]) => bytes.clone(),
        Some(_) => return Err(Refused::Encoding),
    };
    let expiry_date = date_element("expiry_date")?.ok_or(Refused::MissingElement)?;
    let mdl = Mdl {
        family_name: text_element("family_name")?,
        given_name: text_element("given_name")?,
        birth_date: date_element("birth_date")?.ok_or(Refused::MissingElement)?,
        issue_date: date_element("issue_date")?,
        issuing_country: text_element("issuing_country")?,
        issuing_authority: text_element("issuing_authority")?,
        document_number: text_element("document_number")?,
        portrait,
        signer: ds.tbs_certificate.subject.to_string(),
        expiry_date,
    };
    let today = civil_from_days(now.div_euclid(86_400));
    if parse_date(&mdl.expiry_date).ok_or(Refused::Encoding)? < today {
        return Err(Refused::LicenceExpired);
    }
    Ok(mdl)
}

// ------------------------------------------------------------------------------ envelope

fn session_transcript(encryption_info: &str, origin: &str) -> Result<Value, Refused> {
    let handover_info = encode(&Value::Array(vec![text(encryption_info), text(origin)]))?;
    Ok(Value::Array(vec![
        Value::Null,
        Value::Null,
        Value::Array(vec![
            text("dcapi"),
            Value::Bytes(Sha256::digest(handover_info).to_vec()),
        ]),
    ]))
}

fn open_envelope(response: &str, request: &Request, info: &[u8]) -> Result<Vec<u8>, Refused> {
    if response.len() > MAX_RESPONSE {
        return Err(Refused::Encoding);
    }
    let bytes = B64.decode(response).map_err(|_| Refused::Encoding)?;
    let outer = decode(&bytes)?;
    let (enc, cipher_text) = match &outer {
        Value::Array(items) => match items.as_slice() {
            [Value::Text(dcapi), Value::Map(fields)] if dcapi == "dcapi" => {
                match (get(fields, "enc")?, get(fields, "cipherText")?) {
                    (Some(Value::Bytes(enc)), Some(Value::Bytes(ct))) => (enc, ct),
                    _ => return Err(Refused::Encoding),
                }
            }
            _ => return Err(Refused::Encoding),
        },
        _ => return Err(Refused::Encoding),
    };
    hpke_open(&request.recipient_secret, enc, info, cipher_text, b"")
}

/// HPKE base mode, DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-128-GCM, single shot.
fn hpke_open(
    secret: &[u8; 32],
    enc: &[u8],
    info: &[u8],
    cipher_text: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, Refused> {
    let secret = <DhP256HkdfSha256 as hpke::Kem>::PrivateKey::from_bytes(secret)
        .map_err(|_| Refused::Envelope)?;
    let encapped = <DhP256HkdfSha256 as hpke::Kem>::EncappedKey::from_bytes(enc)
        .map_err(|_| Refused::Envelope)?;
    hpke::single_shot_open::<AesGcm128, HkdfSha256, DhP256HkdfSha256>(
        &OpModeR::Base,
        &secret,
        &encapped,
        info,
        cipher_text,
        aad,
    )
    .map_err(|_| Refused::Envelope)
}

// ------------------------------------------------------------------------------ issuer

fn cose_sign1(value: &Value) -> Result<CoseSign1, Refused> {
    let value = match value {
        Value::Tag(18, inner) => (**inner).clone(),
        other => other.clone(),
    };
    CoseSign1::from_cbor_value(value).map_err(|_| Refused::Encoding)
}

fn algorithm(sign1: &CoseSign1) -> Option<iana::Algorithm> {
    match sign1.protected.header.alg {
        Some(RegisteredLabelWithPrivate::Assigned(
            alg @ (iana::Algorithm::ES256 | iana::Algorithm::ES384),
        )) => Some(alg),
        _ => None,
    }
}

/// The first certificate of `x5chain` (label 33), protected or unprotected header.
fn document_signer(sign1: &CoseSign1) -> Result<Certificate, Refused> {
    let find = |rest: &[(Label, Value)]| {
        rest.iter()
            .find(|(label, _)| *label == Label::Int(33))
            .map(|(_, v)| v.clone())
    };
    let chain = find(&sign1.protected.header.rest)
        .or_else(|| find(&sign1.unprotected.rest))
        .ok_or(Refused::UntrustedSigner)?;
    let der = match &chain {
        Value::Bytes(der) => der,
        Value::Array(certs) => match certs.first() {
            Some(Value::Bytes(der)) => der,
            _ => return Err(Refused::Encoding),
        },
        _ => return Err(Refused::Encoding),
    };
    Certificate::from_der(der).map_err(|_| Refused::SignerCertificate)
}

fn validity(cert: &Certificate) -> Option<(i64, i64)> {
    let v = &cert.tbs_certificate.validity;
    Some((
        i64::try_from(v.not_before.to_unix_duration().as_secs()).ok()?,
        i64::try_from(v.not_after.to_unix_duration().as_secs()).ok()?,
    ))
}

fn extension(cert: &Certificate, oid: ObjectIdentifier) -> Option<&[u8]> {
    cert.tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|ext| ext.extn_id == oid)
        .map(|ext| ext.extn_value.as_bytes())
}

fn is_ca(cert: &Certificate) -> bool {
    extension(cert, OID_BASIC_CONSTRAINTS)
        .and_then(|der| BasicConstraints::from_der(der).ok())
        .is_some_and(|bc| bc.ca)
}

/// Checks the document signer certificate and returns its key.
fn check_signer(ds: &Certificate, anchors: &TrustAnchors, now: i64) -> Result<EcKey, Refused> {
    let tbs = ds
        .tbs_certificate
        .to_der()
        .map_err(|_| Refused::SignerCertificate)?;
    let hash = match ds.signature_algorithm.oid {
        oid if oid == OID_ECDSA_SHA256 => Hash::Sha256,
        oid if oid == OID_ECDSA_SHA384 => Hash::Sha384,
        _ => return Err(Refused::UntrustedSigner),
    };
    let prehash = hash.digest(&tbs);
    let signature = ds.signature.as_bytes().ok_or(Refused::SignerCertificate)?;
    let issuer = ds
        .tbs_certificate
        .issuer
        .to_der()
        .map_err(|_| Refused::SignerCertificate)?;
    let roots: Vec<&Anchor> = anchors
        .anchors
        .iter()
        .filter(|a| a.subject == issuer && a.key.verify_der_prehash(&prehash, signature))
        .collect();
    if roots.is_empty() {
        return Err(Refused::UntrustedSigner);
    }
    if !roots
        .iter()
        .any(|a| a.not_before <= now && now <= a.not_after)
    {
        return Err(Refused::SignerCertificate);
    }
    let (not_before, not_after) = validity(ds).ok_or(Refused::SignerCertificate)?;
    if now < not_before || now > not_after {
        return Err(Refused::SignerCertificate);
    }
    let eku = extension(ds, OID_EKU)
        .and_then(|der| ExtendedKeyUsage::from_der(der).ok())
        .ok_or(Refused::SignerCertificate)?;
    if !eku.0.contains(&OID_MDL_DS) {
        return Err(Refused::SignerCertificate);
    }
    EcKey::from_spki(&ds.tbs_certificate.subject_public_key_info).ok_or(Refused::SignerCertificate)
}

/// One namespace's signed digests: (digestID, digest).
type Digests = Vec<(u64, Vec<u8>)>;

struct Mso {
    doc_type: String,
    digest: Hash,
    /// namespace → (digestID, digest)
    value_digests: Vec<(String, Digests)>,
    device_key: EcKey,
    signed: i64,
    valid_from: i64,
    valid_until: i64,
}

impl Mso {
    fn parse(value: &Value) -> Result<Mso, Refused> {
        let fields = as_map(value)?;
        let doc_type = as_text(req(fields, "docType")?)?.to_owned();
        let digest = match as_text(req(fields, "digestAlgorithm")?)? {
            "SHA-256" => Hash::Sha256,
            "SHA-384" => Hash::Sha384,
            "SHA-512" => Hash::Sha512,
            _ => return Err(Refused::Encoding),
        };
        let mut value_digests = Vec::new();
        for (ns, digests) in as_map(req(fields, "valueDigests")?)? {
            let mut list = Vec::new();
            for (id, digest) in as_map(digests)? {
                let id = as_uint(id)?;
                let Value::Bytes(digest) = digest else {
                    return Err(Refused::Encoding);
                };
                if list.iter().any(|(seen, _)| *seen == id) {
                    return Err(Refused::Digest);
                }
                list.push((id, digest.clone()));
            }
            let ns = as_text(ns)?.to_owned();
            if value_digests.iter().any(|(seen, _)| *seen == ns) {
                return Err(Refused::Digest);
            }
            value_digests.push((ns, list));
        }
        let device_key = cose_key(req(as_map(req(fields, "deviceKeyInfo")?)?, "deviceKey")?)?;
        let validity = as_map(req(fields, "validityInfo")?)?;
        Ok(Mso {
            doc_type,
            digest,
            value_digests,
            device_key,
            signed: tdate(req(validity, "signed")?)?,
            valid_from: tdate(req(validity, "validFrom")?)?,
            valid_until: tdate(req(validity, "validUntil")?)?,
        })
    }
}

fn cose_key(value: &Value) -> Result<EcKey, Refused> {
    let fields = as_map(value)?;
    let field = |label: i64| {
        fields
            .iter()
            .find(|(k, _)| matches!(k, Value::Integer(i) if i128::from(*i) == i128::from(label)))
            .map(|(_, v)| v)
    };
    let int_field = |label: i64| match field(label) {
        Some(Value::Integer(i)) => Some(i128::from(*i)),
        _ => None,
    };
    let bytes_field = |label: i64| match field(label) {
        Some(Value::Bytes(b)) => Some(b.as_slice()),
        _ => None,
    };
    let (Some(2), Some(crv), Some(x), Some(y)) = (
        int_field(1),
        int_field(-1),
        bytes_field(-2),
        bytes_field(-3),
    ) else {
        return Err(Refused::Encoding);
    };
    let mut point = vec![4u8];
    point.extend_from_slice(x);
    point.extend_from_slice(y);
    match (crv, x.len(), y.len()) {
        (1, 32, 32) => p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).map(EcKey::P256),
        (2, 48, 48) => p384::ecdsa::VerifyingKey::from_sec1_bytes(&point).map(EcKey::P384),
        _ => return Err(Refused::Encoding),
    }
    .map_err(|_| Refused::Encoding)
}

/// Recomputes each IssuerSignedItemBytes digest; returns the mDL namespace's elements.
fn check_digests(
    issuer_signed: &[(Value, Value)],
    mso: &Mso,
) -> Result<Vec<(String, Value)>, Refused> {
    let mut elements = Vec::new();
    let namespaces = match get(issuer_signed, "nameSpaces")? {
        Some(namespaces) => as_map(namespaces)?,
        None => return Err(Refused::MissingElement),
    };
    let mut seen_ns = HashSet::new();
    for (ns, items) in namespaces {
        let ns = as_text(ns)?;
        if !seen_ns.insert(ns) {
            return Err(Refused::Digest);
        }
        let Value::Array(items) = items else {
            return Err(Refused::Encoding);
        };
        let signed = mso
            .value_digests
            .iter()
            .find(|(name, _)| name == ns)
            .map(|(_, list)| list.as_slice())
            .ok_or(Refused::Digest)?;
        let mut seen_ids = HashSet::new();
        let mut seen_names = HashSet::new();
        for item in items {
            // IssuerSignedItemBytes = #6.24(bstr .cbor IssuerSignedItem), digested as encoded.
            let inner = unwrap_tag24(item)?;
            let digest = mso.digest.digest(&encode(item)?);
            let fields = as_map(&inner)?;
            let id = as_uint(req(fields, "digestID")?)?;
            let name = as_text(req(fields, "elementIdentifier")?)?.to_owned();
            let value = req(fields, "elementValue")?.clone();
            if !matches!(req(fields, "random")?, Value::Bytes(_)) {
                return Err(Refused::Encoding);
            }
            if !seen_ids.insert(id) || !seen_names.insert(name.clone()) {
                return Err(Refused::Digest);
            }
            match signed.iter().find(|(signed_id, _)| *signed_id == id) {
                Some((_, expected)) if *expected == digest => {}
                _ => return Err(Refused::Digest),
            }
            if ns == MDL_NAMESPACE {
                elements.push((name, value));
            }
        }
    }
    Ok(elements)
}

// ------------------------------------------------------------------------------ device

fn check_device_signature(
    device_signed: &[(Value, Value)],
    device_key: &EcKey,
    transcript: &Value,
    doc_type: &str,
) -> Result<(), Refused> {
    let namespaces = req(device_signed, "nameSpaces")?;
    as_map(&unwrap_tag24(namespaces)?)?;
    let device_auth = match get(device_signed, "deviceAuth")? {
        Some(device_auth) => as_map(device_auth)?,
        None => return Err(Refused::DeviceSignature),
    };
    if get(device_auth, "deviceMac")?.is_some() {
        return Err(Refused::DeviceSignature);
    }
    let signature = match get(device_auth, "deviceSignature")? {
        Some(signature) => cose_sign1(signature)?,
        None => return Err(Refused::DeviceSignature),
    };
    let device_authentication = Value::Array(vec![
        text("DeviceAuthentication"),
        transcript.clone(),
        text(doc_type),
        namespaces.clone(),
    ]);
    let payload = encode(&Value::Tag(
        24,
        Box::new(Value::Bytes(encode(&device_authentication)?)),
    ))?;
    if signature.payload.as_ref().is_some_and(|p| *p != payload) {
        return Err(Refused::DeviceSignature);
    }
    let alg = algorithm(&signature).ok_or(Refused::DeviceSignature)?;
    if !device_key.verify_cose(
        alg,
        &signature.tbs_detached_data(&payload, b""),
        &signature.signature,
    ) {
        return Err(Refused::DeviceSignature);
    }
    Ok(())
}

// ------------------------------------------------------------------------------ CBOR

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

fn int(i: i64) -> Value {
    Value::Integer(i.into())
}

fn encode(value: &Value) -> Result<Vec<u8>, Refused> {
    let mut out = Vec::new();
    ciborium::ser::into_writer(value, &mut out).map_err(|_| Refused::Encoding)?;
    Ok(out)
}

/// Decodes exactly one CBOR item (trailing bytes refused).
fn decode(bytes: &[u8]) -> Result<Value, Refused> {
    let mut rest = bytes;
    let value: Value = ciborium::de::from_reader(&mut rest).map_err(|_| Refused::Encoding)?;
    if !rest.is_empty() {
        return Err(Refused::Encoding);
    }
    Ok(value)
}

fn unwrap_tag24(value: &Value) -> Result<Value, Refused> {
    match value {
        Value::Tag(24, inner) => match inner.as_ref() {
            Value::Bytes(bytes) => decode(bytes),
            _ => Err(Refused::Encoding),
        },
        _ => Err(Refused::Encoding),
    }
}

fn as_map(value: &Value) -> Result<&[(Value, Value)], Refused> {
    match value {
        Value::Map(fields) => Ok(fields),
        _ => Err(Refused::Encoding),
    }
}

fn as_text(value: &Value) -> Result<&str, Refused> {
    match value {
        Value::Text(s) => Ok(s),
        _ => Err(Refused::Encoding),
    }
}

fn as_uint(value: &Value) -> Result<u64, Refused> {
    match value {
        Value::Integer(i) => u64::try_from(*i).map_err(|_| Refused::Encoding),
        _ => Err(Refused::Encoding),
    }
}

/// A text-keyed field; a key present twice is refused (no ambiguity).
fn get<'a>(fields: &'a [(Value, Value)], key: &str) -> Result<Option<&'a Value>, Refused> {
    let mut found = fields
        .iter()
        .filter(|(k, _)| matches!(k, Value::Text(t) if t == key));
    let first = found.next().map(|(_, v)| v);
    if found.next().is_some() {
        return Err(Refused::Encoding);
    }
    Ok(first)
}

fn req<'a>(fields: &'a [(Value, Value)], key: &str) -> Result<&'a Value, Refused> {
    get(fields, key)?.ok_or(Refused::Encoding)
}

// ------------------------------------------------------------------------------ dates

/// `full-date` (#6.1004 or plain "YYYY-MM-DD") or a `tdate` (#6.0) whose date part is taken.
fn full_date(value: &Value) -> Result<String, Refused> {
    let s = match value {
        Value::Tag(1004, inner) => as_text(inner)?,
        Value::Text(s) => s.as_str(),
        Value::Tag(0, inner) => {
            let s = as_text(inner)?;
            parse_rfc3339(s).ok_or(Refused::Encoding)?;
            s.get(..10).ok_or(Refused::Encoding)?
        }
        _ => return Err(Refused::Encoding),
    };
    parse_date(s).ok_or(Refused::Encoding)?;
    Ok(s.to_owned())
}

fn tdate(value: &Value) -> Result<i64, Refused> {
    match value {
        Value::Tag(0, inner) => parse_rfc3339(as_text(inner)?).ok_or(Refused::Encoding),
        _ => Err(Refused::Encoding),
    }
}

fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// "YYYY-MM-DD" → (year, month, day), checked against the calendar.
fn parse_date(s: &str) -> Option<(i64, i64, i64)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (
        digits(s.get(0..4)?)?,
        digits(s.get(5..7)?)?,
        digits(s.get(8..10)?)?,
    );
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

/// RFC 3339 date-time → Unix seconds (fractions dropped).
fn parse_rfc3339(s: &str) -> Option<i64> {
    let (y, m, d) = parse_date(s.get(..10)?)?;
    let rest = s.get(10..)?;
    let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix('t'))?;
    let b = rest.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let (hh, mm, ss) = (
        digits(rest.get(0..2)?)?,
        digits(rest.get(3..5)?)?,
        digits(rest.get(6..8)?)?,
    );
    if hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let mut zone = rest.get(8..)?;
    if let Some(frac) = zone.strip_prefix('.') {
        let end = frac
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(frac.len());
        if end == 0 {
            return None;
        }
        zone = frac.get(end..)?;
    }
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let zb = zone.as_bytes();
            if zb.len() != 6 || zb[3] != b':' {
                return None;
            }
            let sign = match zb[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (oh, om) = (digits(zone.get(1..3)?)?, digits(zone.get(4..6)?)?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(days_from_civil(y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss - offset)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = (if y >= 0 { y } else { y - 399 }) / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = (if z >= 0 { z } else { z - 146_096 }) / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests;
