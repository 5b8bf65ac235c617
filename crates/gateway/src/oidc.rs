//! The OpenID Provider's decisions (OpenID Connect Core with pushed authorization requests,
//! RFC 9126; PKCE S256, RFC 7636; the `iss` response parameter, RFC 9207; verified claims,
//! OpenID Connect for Identity Assurance 1.0). Pure functions: the HTTP edge
//! (`http::routes::oidc`) reads requests and stores flows; everything it decides is here.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use idv_wire::{CreateSessionRequest, DocumentType, SessionMode};
use serde::Serialize;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

/// The prefix of a `request_uri` (RFC 9126 §2.2).
pub const REQUEST_URI_PREFIX: &str = "urn:ietf:params:oauth:request_uri:";
/// How long a pushed request may wait for /authorize (RFC 9126 suggests a short life).
pub const REQUEST_TTL_SECS: i64 = 60;
/// How long a code may wait for the token endpoint.
pub const CODE_TTL_SECS: i64 = 60;
/// How long an access token (for the userinfo endpoint) lives.
pub const ACCESS_TTL_SECS: i64 = 300;

/// An OAuth error (RFC 6749 §5.2, RFC 9126 §2.3): its code and a description for developers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// `invalid_request`, `invalid_client`, `invalid_grant`, `invalid_scope`,
    /// `unsupported_response_type`, `unsupported_grant_type`, `invalid_request_uri`,
    /// `access_denied`, `invalid_token`.
    pub error: &'static str,
    /// What was wrong, naming the parameter; never a secret or patient data.
    pub description: String,
}

impl OAuthError {
    /// An error with its description.
    pub fn new(error: &'static str, description: impl Into<String>) -> Self {
        Self {
            error,
            description: description.into(),
        }
    }

    fn request(description: impl Into<String>) -> Self {
        Self::new("invalid_request", description)
    }
}

/// A pushed authorization request that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct PushedRequest {
    /// One of the client's registered redirect URIs, exactly.
    pub redirect_uri: String,
    /// Returned unchanged with the code or the error.
    pub state: String,
    /// Put in the ID token (and used as the capture session's nonce).
    pub nonce: String,
    /// PKCE S256 challenge.
    pub code_challenge: String,
    /// The capture session to create (patient, trigger, documents, language, retry policy);
    /// its `host_origin` is the redirect URI's origin.
    pub session: CreateSessionRequest,
}

/// The parameters of a form, refusing any given twice (RFC 6749 §3.1).
pub fn single_valued(form: &[(String, String)]) -> Result<Map<String, Value>, OAuthError> {
    let mut map = Map::new();
    for (k, v) in form {
        if map.insert(k.clone(), Value::String(v.clone())).is_some() {
            return Err(OAuthError::request(format!("{k} is given more than once")));
        }
    }
    Ok(map)
}

fn text<'a>(p: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    p.get(name)
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty())
}

fn required<'a>(p: &'a Map<String, Value>, name: &str) -> Result<&'a str, OAuthError> {
    text(p, name).ok_or_else(|| OAuthError::request(format!("{name} is required")))
}

/// Whether `v` is a PKCE value: 43 to 128 characters of `[A-Za-z0-9-._~]` (RFC 7636 §4.1).
fn is_pkce_value(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'))
}

/// The origin (`scheme://host[:port]`) of an absolute http(s) URL without a fragment.
pub fn origin_of(uri: &str) -> Option<String> {
    let url = url::Url::parse(uri).ok()?;
    if !matches!(url.scheme(), "https" | "http") || url.fragment().is_some() {
        return None;
    }
    Some(url.origin().ascii_serialization())
}

/// Checks a pushed authorization request from `client_id` (already authenticated) against its
/// registered redirect URIs. Unknown parameters are ignored (RFC 6749 §3.1).
pub fn parse_pushed(
    p: &Map<String, Value>,
    client_id: &str,
    registered: &[String],
) -> Result<PushedRequest, OAuthError> {
    if p.contains_key("request_uri") || p.contains_key("request") {
        return Err(OAuthError::request(
            "request_uri and request objects are not accepted at the PAR endpoint",
        ));
    }
    if text(p, "client_id").is_some_and(|c| c != client_id) {
        return Err(OAuthError::request(
            "client_id differs from the authenticated client",
        ));
    }
    let response_type = required(p, "response_type")?;
    if response_type != "code" {
        return Err(OAuthError::new(
            "unsupported_response_type",
            "only response_type=code is supported",
        ));
    }
    let redirect_uri = required(p, "redirect_uri")?;
    if !registered.iter().any(|r| r == redirect_uri) {
        return Err(OAuthError::request(
            "redirect_uri is not one of this client's registered redirect URIs (exact match)",
        ));
    }
    let origin = origin_of(redirect_uri)
        .ok_or_else(|| OAuthError::request("redirect_uri is not an absolute http(s) URL"))?;
    let scope = required(p, "scope")?;
    if !scope.split(' ').any(|s| s == "openid") {
        return Err(OAuthError::new(
            "invalid_scope",
            "scope must include openid",
        ));
    }
    let state = required(p, "state")?;
    if state.len() > 512 {
        return Err(OAuthError::request("state is longer than 512 characters"));
    }
    let nonce = required(p, "nonce")?;
    let method = text(p, "code_challenge_method").unwrap_or("plain");
    if method != "S256" {
        return Err(OAuthError::request(
            "code_challenge_method must be S256 (plain is not accepted)",
        ));
    }
    let code_challenge = required(p, "code_challenge")?;
    if !is_pkce_value(code_challenge) {
        return Err(OAuthError::request(
            "code_challenge must be the base64url SHA-256 of the code verifier",
        ));
    }
    let session = session_request(p, nonce, &origin)?;
    Ok(PushedRequest {
        redirect_uri: redirect_uri.to_owned(),
        state: state.to_owned(),
        nonce: nonce.to_owned(),
        code_challenge: code_challenge.to_owned(),
        session,
    })
}

/// The capture session a pushed request asks for: what `POST /v1/sessions` takes, under the
/// same names (`given_name`, `family_name` and `birthdate` are accepted for the names and the
/// birth date; `document_types` is space-separated; `reverify_of` makes it a re-verification).
fn session_request(
    p: &Map<String, Value>,
    nonce: &str,
    origin: &str,
) -> Result<CreateSessionRequest, OAuthError> {
    let pick = |names: &[&str]| names.iter().find_map(|n| text(p, n)).map(str::to_owned);
    let number = |name: &str| -> Result<Option<u32>, OAuthError> {
        text(p, name)
            .map(|v| {
                v.parse::<u32>()
                    .map_err(|_| OAuthError::request(format!("{name} must be a whole number")))
            })
            .transpose()
    };
    let reverify_of = text(p, "reverify_of").map(str::to_owned);
    let mut session = json!({
        "patient_ref": pick(&["patient_ref"]).unwrap_or_default(),
        "first_name": pick(&["first_name", "given_name"]).unwrap_or_default(),
        "last_name": pick(&["last_name", "family_name"]).unwrap_or_default(),
        "date_of_birth": pick(&["date_of_birth", "birthdate"]).unwrap_or_default(),
        "trigger": pick(&["trigger"]).unwrap_or_default(),
        "host_origin": origin,
        "nonce": nonce,
        "mode": if reverify_of.is_some() { "reverify" } else { "full" },
        "reverify_of": reverify_of,
        "max_attempts": number("max_attempts")?,
        "max_retakes": number("max_retakes")?,
        "allow_document_upload": text(p, "allow_document_upload") == Some("true"),
    });
    if let Some(types) = text(p, "document_types") {
        session["document_types"] = types.split(' ').filter(|t| !t.is_empty()).collect();
    }
    if let Some(locale) = pick(&["locale", "ui_locales"]) {
        // ui_locales is a preference list: its first tag.
        let first = locale.split(' ').next().unwrap_or_default().to_owned();
        session["locale"] = Value::String(first);
    }
    serde_json::from_value(session).map_err(|e| {
        OAuthError::request(format!(
            "the session parameters do not parse ({e}): see POST /v1/sessions"
        ))
    })
}

/// Whether `verifier` answers `challenge` (PKCE S256: base64url(SHA-256(verifier))).
pub fn pkce_matches(verifier: &str, challenge: &str) -> bool {
    if !is_pkce_value(verifier) {
        return false;
    }
    let expected = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), challenge.as_bytes()).into()
}

/// The `request_uri` for a fresh random `secret`.
pub fn request_uri(secret: &str) -> String {
    format!("{REQUEST_URI_PREFIX}{secret}")
}

/// The random part of a `request_uri`, if it is one of ours.
pub fn request_uri_secret(uri: &str) -> Option<&str> {
    uri.strip_prefix(REQUEST_URI_PREFIX)
        .filter(|s| !s.is_empty())
}

/// `redirect_uri` with `params` added to its query (RFC 6749 §4.1.2: keeping its own query).
pub fn redirect_to(redirect_uri: &str, params: &[(&str, &str)]) -> Option<String> {
    let mut url = url::Url::parse(redirect_uri).ok()?;
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in params {
            q.append_pair(k, v);
        }
    }
    Some(url.into())
}

/// The document types of OpenID Connect for Identity Assurance (`document_details.type`).
pub fn document_type_name(d: DocumentType) -> &'static str {
    match d {
        DocumentType::DriversLicense => "driving_permit",
        DocumentType::Passport => "passport",
        DocumentType::IdCard => "idcard",
    }
}

/// What a verified PASS says, for the ID token and the userinfo endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedPerson<'a> {
    /// `full` (document and selfie) or `reverify` (selfie against an earlier proofing).
    pub mode: SessionMode,
    /// The document shown (a full verification).
    pub document: Option<DocumentType>,
    /// The document was a mobile driver's licence from the patient's wallet, its signatures
    /// checked by the gateway (`vcrypt`) rather than pictures of a card (`vri`).
    pub wallet: bool,
    /// Unix seconds: when this verification was decided.
    pub decided_at: i64,
    /// Unix seconds: a re-verification's earlier document proofing.
    pub proofed_at: Option<i64>,
    /// The verification id (`verification_process`).
    pub verification_id: &'a str,
    /// The names and birth date identity binding confirmed (for a re-verification: at the
    /// earlier document PASS); empty when purged since.
    pub given_name: &'a str,
    /// Family name.
    pub family_name: &'a str,
    /// `YYYY-MM-DD`.
    pub birthdate: &'a str,
}

/// `verified_claims` (OpenID Connect for Identity Assurance 1.0 §5): the NIST 800-63A trust
/// framework; IAL2 from a document (`vri`: validated by the issuer's features, here 1Kosmos's
/// document checks and our binding; `vcrypt` instead for a wallet's licence, validated by its
/// issuer's and the phone's signatures; `bvr`: the live selfie matched the document's portrait).
/// A re-verification says IAL1 with the earlier proofing's time, its evidence the selfie only.
pub fn verified_claims(p: &VerifiedPerson<'_>, rfc3339: impl Fn(i64) -> String) -> Value {
    let (level, time, evidence) = match p.mode {
        SessionMode::Full => (
            "ial2",
            rfc3339(p.decided_at),
            json!([{
                "type": "document",
                "check_details": [
                    { "check_method": if p.wallet { "vcrypt" } else { "vri" } },
                    { "check_method": "bvr" },
                ],
                "time": rfc3339(p.decided_at),
                "document_details": {
                    "type": p.document.map(document_type_name).unwrap_or("unknown"),
                },
            }]),
        ),
        SessionMode::Reverify => (
            "ial1",
            rfc3339(p.proofed_at.unwrap_or(p.decided_at)),
            json!([{
                "type": "document",
                "check_details": [{ "check_method": "bvr" }],
                "time": rfc3339(p.decided_at),
            }]),
        ),
    };
    // Only what a document matched; a purged value is left out, never sent empty.
    let claims: Map<String, Value> = [
        ("given_name", p.given_name),
        ("family_name", p.family_name),
        ("birthdate", p.birthdate),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
    .collect();
    json!({
        "verification": {
            "trust_framework": "nist_800_63A",
            "assurance_level": level,
            "time": time,
            "verification_process": p.verification_id,
            "evidence": evidence,
        },
        "claims": claims,
    })
}

/// The ID token's claims.
#[derive(Debug, Clone, Serialize)]
pub struct IdTokenClaims {
    /// The gateway's `public_url`.
    pub iss: String,
    /// The host's patient reference.
    pub sub: String,
    /// The client id.
    pub aud: String,
    /// Unix seconds.
    pub iat: i64,
    /// Unix seconds.
    pub exp: i64,
    /// When the patient finished the verification (unix seconds).
    pub auth_time: i64,
    /// The client's nonce.
    pub nonce: String,
    /// `["doc", "face", "live"]` or `["face", "live"]`, as in the result token.
    pub amr: Vec<String>,
    /// OpenID Connect for Identity Assurance.
    pub verified_claims: Value,
}

/// The discovery document (`/.well-known/openid-configuration`) for `issuer`.
pub fn discovery(issuer: &str) -> Value {
    let at = |path: &str| format!("{issuer}{path}");
    json!({
        "issuer": issuer,
        "authorization_endpoint": at(idv_wire::paths::OIDC_AUTHORIZE),
        "pushed_authorization_request_endpoint": at(idv_wire::paths::OIDC_PAR),
        "require_pushed_authorization_requests": true,
        "token_endpoint": at(idv_wire::paths::OIDC_TOKEN),
        "userinfo_endpoint": at(idv_wire::paths::OIDC_USERINFO),
        "jwks_uri": at(idv_wire::paths::JWKS),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["EdDSA"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        "scopes_supported": ["openid"],
        "claims_supported": ["sub", "iss", "aud", "nonce", "auth_time", "amr", "verified_claims"],
        "authorization_response_iss_parameter_supported": true,
        "claims_parameter_supported": false,
        "request_parameter_supported": false,
        "request_uri_parameter_supported": true,
        "verified_claims_supported": true,
        "trust_frameworks_supported": ["nist_800_63A"],
        "evidence_supported": ["document"],
        "documents_supported": ["driving_permit", "passport", "idcard"],
        "documents_check_methods_supported": ["vri", "vcrypt", "bvr"],
        "claims_in_verified_claims_supported": ["given_name", "family_name", "birthdate"],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    // RFC 7636 Appendix B: the challenge of the verifier above.
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    fn form(pairs: &[(&str, &str)]) -> Map<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect()
    }

    fn good() -> Vec<(&'static str, &'static str)> {
        vec![
            ("response_type", "code"),
            ("client_id", "mychart"),
            ("redirect_uri", "https://rp.example/cb"),
            ("scope", "openid"),
            ("state", "st-1"),
            ("nonce", "nonce-0123456789"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
            ("patient_ref", "MRN-1"),
            ("given_name", "Ana"),
            ("family_name", "Rivera"),
            ("birthdate", "1990-01-02"),
            ("trigger", "password_reset"),
            ("document_types", "drivers_license passport"),
            ("ui_locales", "es en"),
        ]
    }

    fn registered() -> Vec<String> {
        vec!["https://rp.example/cb".into()]
    }

    fn with(change: (&'static str, &'static str)) -> Map<String, Value> {
        let mut pairs = good();
        pairs.retain(|(k, _)| *k != change.0);
        if !change.1.is_empty() {
            pairs.push(change);
        }
        form(&pairs)
    }

    #[test]
    fn pkce_s256_matches_rfc_7636_appendix_b() {
        assert!(pkce_matches(VERIFIER, CHALLENGE));
        assert!(!pkce_matches(CHALLENGE, CHALLENGE));
        assert!(!pkce_matches("short", CHALLENGE));
    }

    #[test]
    fn a_good_pushed_request_becomes_a_session_request() {
        let r = parse_pushed(&form(&good()), "mychart", &registered()).unwrap();
        assert_eq!(r.redirect_uri, "https://rp.example/cb");
        assert_eq!(r.session.host_origin, "https://rp.example");
        assert_eq!(r.session.first_name, "Ana");
        assert_eq!(r.session.date_of_birth, "1990-01-02");
        assert_eq!(r.session.nonce, "nonce-0123456789");
        assert_eq!(r.session.locale, idv_wire::Locale::Es);
        assert_eq!(r.session.document_types.len(), 2);
        assert_eq!(r.session.mode, SessionMode::Full);
    }

    #[test]
    fn every_broken_pushed_request_names_its_rfc_error() {
        let refuse =
            |m: Map<String, Value>| parse_pushed(&m, "mychart", &registered()).unwrap_err();
        assert_eq!(
            refuse(with(("redirect_uri", "https://rp.example/cb/"))).error,
            "invalid_request"
        );
        assert_eq!(
            refuse(with(("redirect_uri", "https://evil.example/cb"))).error,
            "invalid_request"
        );
        assert_eq!(
            refuse(with(("code_challenge_method", "plain"))).error,
            "invalid_request"
        );
        assert_eq!(
            refuse(with(("code_challenge_method", ""))).error,
            "invalid_request"
        );
        assert_eq!(
            refuse(with(("code_challenge", ""))).error,
            "invalid_request"
        );
        assert_eq!(refuse(with(("scope", "profile"))).error, "invalid_scope");
        assert_eq!(
            refuse(with(("response_type", "token"))).error,
            "unsupported_response_type"
        );
        assert_eq!(
            refuse(with(("client_id", "another"))).error,
            "invalid_request"
        );
        assert_eq!(refuse(with(("state", ""))).error, "invalid_request");
        assert_eq!(refuse(with(("nonce", ""))).error, "invalid_request");
        assert_eq!(refuse(with(("trigger", "lunch"))).error, "invalid_request");
        assert_eq!(
            refuse(with(("request_uri", "urn:x"))).error,
            "invalid_request"
        );
    }

    #[test]
    fn a_parameter_given_twice_is_refused() {
        let pairs = vec![
            ("state".to_owned(), "a".to_owned()),
            ("state".to_owned(), "b".to_owned()),
        ];
        assert_eq!(single_valued(&pairs).unwrap_err().error, "invalid_request");
    }

    #[test]
    fn redirects_keep_the_clients_own_query() {
        assert_eq!(
            redirect_to(
                "https://rp.example/cb?x=1",
                &[("code", "a b"), ("state", "s")]
            )
            .unwrap(),
            "https://rp.example/cb?x=1&code=a+b&state=s"
        );
    }

    #[test]
    fn verified_claims_say_ial2_from_a_document_and_ial1_for_a_reverification() {
        let person = VerifiedPerson {
            mode: SessionMode::Full,
            document: Some(DocumentType::DriversLicense),
            wallet: false,
            decided_at: 100,
            proofed_at: None,
            verification_id: "v1",
            given_name: "Ana",
            family_name: "Rivera",
            birthdate: "1990-01-02",
        };
        let t = |s: i64| format!("t{s}");
        let full = verified_claims(&person, t);
        assert_eq!(full["verification"]["trust_framework"], "nist_800_63A");
        assert_eq!(full["verification"]["assurance_level"], "ial2");
        assert_eq!(
            full["verification"]["evidence"][0]["document_details"]["type"],
            "driving_permit"
        );
        assert_eq!(
            full["verification"]["evidence"][0]["check_details"][0]["check_method"],
            "vri"
        );
        assert_eq!(full["claims"]["family_name"], "Rivera");
        // A wallet's licence: validated cryptographically, then the face.
        let wallet = verified_claims(
            &VerifiedPerson {
                wallet: true,
                ..person.clone()
            },
            t,
        );
        assert_eq!(
            wallet["verification"]["evidence"][0]["check_details"],
            json!([{ "check_method": "vcrypt" }, { "check_method": "bvr" }])
        );
        let again = verified_claims(
            &VerifiedPerson {
                mode: SessionMode::Reverify,
                document: None,
                proofed_at: Some(50),
                ..person
            },
            t,
        );
        assert_eq!(again["verification"]["assurance_level"], "ial1");
        assert_eq!(again["verification"]["time"], "t50");
    }
}
