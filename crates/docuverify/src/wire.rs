//! JSON shapes of the docuverify API (decrypted payloads). Field names follow 1Kosmos exactly.

use serde::{Deserialize, Serialize};

/// `GET /caas/sd`: service discovery. Only the keys we use are typed; `licenses` must exist.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServiceDirectory {
    pub docuverify: String,
    pub licenses: String,
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// `GET {docuverify}/publickeys`
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PublicKeyResponse {
    #[serde(rename = "publicKey")]
    pub public_key: String,
}

/// The plaintext of the encrypted `requestid` header.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequestId {
    pub ts: i64,
    pub appid: String,
    pub uuid: String,
}

/// Request and response bodies: `{"data": "<encrypted JSON>"}` (responses add `publicKey`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EncryptedBody {
    pub data: String,
    #[serde(rename = "publicKey", skip_serializing_if = "Option::is_none", default)]
    pub public_key: Option<String>,
}

/// A plaintext error: `{"code": 400, "message": "dvcID is required"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlainError {
    pub code: u16,
    pub message: String,
}

/// `POST {docuverify}/verify` payload.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VerifyRequest {
    #[serde(rename = "dvcID")]
    pub dvc_id: String,
    pub verifications: Vec<String>,
    pub document: VerifyDocument,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VerifyDocument {
    pub id: String,
    #[serde(rename = "type")]
    pub doc_type: String,
    pub category: String,
    #[serde(rename = "firstName")]
    pub first_name: String,
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
    #[serde(rename = "docType", default, skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<String>,
    pub certifications: Vec<Certification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<serde_json::Value>,
    #[serde(rename = "errorInfo", default, skip_serializing_if = "Option::is_none")]
    pub error_info: Option<ErrorInfo>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Certification {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub verified: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof_jwt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
    /// A document check's extracted document, as a JSON string (see [`crate::identity`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
}

/// Failure details. 1Kosmos spells the code `reasonCode`, and once `reason_code`: read both.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ErrorInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
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
    #[serde(rename = "dvcID")]
    pub dvc_id: String,
    #[serde(rename = "sessionRequest")]
    pub session_request: ShareSessionRequest,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShareSessionRequest {
    #[serde(rename = "tenantDNS")]
    pub tenant_dns: String,
    #[serde(rename = "communityName")]
    pub community_name: String,
    /// `dl_object`, `ppt_object` or `idcard_object`.
    #[serde(rename = "documentType")]
    pub document_type: String,
    pub user: ShareSessionUser,
}

/// 1Kosmos documents every user field as optional; its own Postman collection sends only
/// `username` and `lastname`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ShareSessionUser {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firstname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
}

/// Plaintext answer of `document_share_session/create`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShareSessionCreated {
    #[serde(rename = "sessionId")]
    pub session_id: String,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `SUCCESS`, `FAILED`, `EXPIRED` or `ABANDONED`.
    #[serde(
        rename = "sessionResult",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub session_result: Option<String>,
    #[serde(
        rename = "extractedInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub extracted_info: Option<serde_json::Value>,
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
