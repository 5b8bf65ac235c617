//! JSON shapes of the docuverify API (decrypted payloads). Field names follow 1Kosmos exactly.

use serde::{Deserialize, Serialize};

/// `GET /caas/sd`: service discovery. Only the keys we use are typed; `licenses` must exist.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServiceDirectory {
    /// Base URL of the docuverify service.
    pub docuverify: String,
    /// Base URL of the licence service (only checked to exist).
    pub licenses: String,
    /// Every other service, untyped.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// `GET {docuverify}/publickeys`
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PublicKeyResponse {
    /// The service's secp256k1 public key, base64 of `X || Y`.
    #[serde(rename = "publicKey")]
    pub public_key: String,
}

/// The plaintext of the encrypted `requestid` header.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequestId {
    /// Unix time in seconds; the tenant refuses one too far from its clock.
    pub ts: i64,
    /// Our application id.
    pub appid: String,
    /// Fresh per request; the tenant refuses a replay.
    pub uuid: String,
}

/// Request and response bodies: `{"data": "<encrypted JSON>"}` (responses add `publicKey`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EncryptedBody {
    /// Base64 of `IV || AES-256-GCM ciphertext || tag`.
    pub data: String,
    /// The sender's public key (responses), for the shared key.
    #[serde(rename = "publicKey", skip_serializing_if = "Option::is_none", default)]
    pub public_key: Option<String>,
}

/// A plaintext error: `{"code": 400, "message": "dvcID is required"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlainError {
    /// HTTP status, repeated.
    pub code: u16,
    /// What was wrong.
    pub message: String,
}

/// `POST {docuverify}/verify` payload.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VerifyRequest {
    /// The verification journey configured in AdminX.
    #[serde(rename = "dvcID")]
    pub dvc_id: String,
    /// The checks to run (`dl_authenticate`, `dl_verify`, `face_liveness`, `face_compare`, …).
    pub verifications: Vec<String>,
    /// The document, its images and who it should belong to.
    pub document: VerifyDocument,
}

/// The document of a `/verify` request, with the patient's identity to compare it with.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VerifyDocument {
    /// Our id for it; the answer echoes it as `docId`.
    pub id: String,
    /// `dl`, `ppt` or `idcard`.
    #[serde(rename = "type")]
    pub doc_type: String,
    /// `identity_document`, or `biometric` for a selfie-only re-verification.
    pub category: String,
    /// The patient's first name.
    #[serde(rename = "firstName")]
    pub first_name: String,
    /// The patient's last name.
    #[serde(rename = "lastName")]
    pub last_name: String,
    /// `YYYYMMDD`
    pub dob: String,
    /// `YYYYMMDD`, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub doe: Option<String>,
    /// Front (or passport data page), base64 JPEG.
    pub image1: String,
    /// Back, base64 JPEG.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub image2: Option<String>,
    /// Live selfie, base64 JPEG.
    #[serde(rename = "liveId", skip_serializing_if = "Option::is_none", default)]
    pub live_id: Option<String>,
}

impl std::fmt::Debug for VerifyDocumentRedacted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "document(type={})", self.0.doc_type)
    }
}

/// Logs a document without its images or personal data.
pub struct VerifyDocumentRedacted<'a>(pub &'a VerifyDocument);

/// Decrypted `/verify` response. `docId` and `certifications` are required: an answer without
/// them (an error body, an empty object) is not a decision and does not parse.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct VerifyResponse {
    /// Echoes `document.id` of the request; the client refuses an answer for another document.
    #[serde(rename = "docId")]
    pub doc_id: String,
    /// The document type 1Kosmos recognised.
    #[serde(rename = "docType", default, skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<String>,
    /// One result per check requested.
    pub certifications: Vec<Certification>,
    /// Overall status, as 1Kosmos sends it (a string or a number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<serde_json::Value>,
    /// Overall message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Overall code (a string or a number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<serde_json::Value>,
    /// Why it failed, when it did.
    #[serde(rename = "errorInfo", default, skip_serializing_if = "Option::is_none")]
    pub error_info: Option<ErrorInfo>,
}

/// The result of one check.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Certification {
    /// The check (`dl_verify`, `face_compare`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether it passed; absent means not.
    #[serde(default)]
    pub verified: bool,
    /// Its status, as 1Kosmos sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<serde_json::Value>,
    /// 1Kosmos's token for the check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Who certified it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// A signed proof (JWT) of the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof_jwt: Option<String>,
    /// Check-specific details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
    /// A document check's extracted document, as a JSON string (see [`crate::identity`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
}

/// Failure details. 1Kosmos spells the code `reasonCode`, and once `reason_code`: read both.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// Failure status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Failure message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Failure reason, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The reason code (`IDV0001`…).
    #[serde(
        rename = "reasonCode",
        alias = "reason_code",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reason_code: Option<String>,
}

/// `POST {docuverify}/document_share_session/create` payload (1Kosmos's hosted capture page).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShareSessionCreate {
    /// The verification journey configured in AdminX.
    #[serde(rename = "dvcID")]
    pub dvc_id: String,
    /// The session to create.
    #[serde(rename = "sessionRequest")]
    pub session_request: ShareSessionRequest,
}

/// A hosted capture session: where, which document, for whom.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShareSessionRequest {
    /// The tenant's DNS name.
    #[serde(rename = "tenantDNS")]
    pub tenant_dns: String,
    /// The community name.
    #[serde(rename = "communityName")]
    pub community_name: String,
    /// `dl_object`, `ppt_object` or `idcard_object`.
    #[serde(rename = "documentType")]
    pub document_type: String,
    /// The user the session is for.
    pub user: ShareSessionUser,
}

/// 1Kosmos documents every user field as optional; its own Postman collection sends only
/// `username` and `lastname`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ShareSessionUser {
    /// A user name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firstname: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    /// A user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
}

/// Plaintext answer of `document_share_session/create`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShareSessionCreated {
    /// The session's id, to ask for its result.
    #[serde(rename = "sessionId")]
    pub session_id: String,
    /// The capture page to send the user to.
    pub url: String,
}

/// Decrypted answer of `v3/document_share_session/result`: in progress, or terminal.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ShareSessionResult {
    /// `INPROGRESS` while the user is still capturing.
    #[serde(
        rename = "responseStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub response_status: Option<String>,
    /// The session's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `SUCCESS`, `FAILED`, `EXPIRED` or `ABANDONED`.
    #[serde(
        rename = "sessionResult",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub session_result: Option<String>,
    /// What the document says, when the session succeeded.
    #[serde(
        rename = "extractedInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub extracted_info: Option<serde_json::Value>,
    /// Why it failed, when it did.
    #[serde(rename = "errorInfo", default, skip_serializing_if = "Option::is_none")]
    pub error_info: Option<ErrorInfo>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_info_reads_both_spellings_of_the_reason_code() {
        let a: ErrorInfo = serde_json::from_str(r#"{"reasonCode":"IDV0011"}"#).unwrap();
        let b: ErrorInfo = serde_json::from_str(r#"{"reason_code":"IDV0010"}"#).unwrap();
        assert_eq!(a.reason_code.as_deref(), Some("IDV0011"));
        assert_eq!(b.reason_code.as_deref(), Some("IDV0010"));
    }

    #[test]
    fn an_error_body_or_an_empty_object_is_not_a_verify_answer() {
        for body in [
            r#"{"code":400,"message":"dvcID is required"}"#,
            "{}",
            r#"{"docId":"d"}"#,
            r#"{"certifications":[]}"#,
        ] {
            assert!(
                serde_json::from_str::<VerifyResponse>(body).is_err(),
                "{body}"
            );
        }
        let ok: VerifyResponse =
            serde_json::from_str(r#"{"docId":"d","certifications":[]}"#).unwrap();
        assert_eq!(ok.doc_id, "d");
    }

    #[test]
    fn share_session_users_need_no_field() {
        let u: ShareSessionUser =
            serde_json::from_str(r#"{"username":"u","lastname":"Rivera"}"#).unwrap();
        assert_eq!(u.lastname.as_deref(), Some("Rivera"));
        assert!(u.uid.is_none() && u.firstname.is_none());
    }

    #[test]
    fn verify_request_uses_the_1kosmos_field_names() {
        let req = VerifyRequest {
            dvc_id: "j1".into(),
            verifications: vec!["dl_verify".into()],
            document: VerifyDocument {
                id: "d".into(),
                doc_type: "dl".into(),
                category: "identity_document".into(),
                first_name: "A".into(),
                last_name: "B".into(),
                dob: "19500203".into(),
                doe: None,
                image1: "x".into(),
                image2: None,
                live_id: Some("y".into()),
            },
        };
        let v = serde_json::to_value(&req).unwrap();
        assert_eq!(v["dvcID"], "j1");
        assert_eq!(v["document"]["firstName"], "A");
        assert_eq!(v["document"]["liveId"], "y");
        assert!(v["document"].get("image2").is_none());
        assert_eq!(
            format!("{:?}", VerifyDocumentRedacted(&req.document)),
            "document(type=dl)"
        );
    }
}
