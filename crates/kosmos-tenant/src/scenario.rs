//! How the local tenant decides, in one pure function.
//!
//! Test controls (documented in the README's QA table), read from the patient's last name:
//! - a last name containing a reason code such as `IDV0011` fails with that code;
//! - `Slowpoke` answers after the configured delay (to exercise the gateway's deadline);
//! - `Tenanterror` makes the tenant answer HTTP 500;
//! - anything else passes, provided every image is a JPEG.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use docuverify::wire::{Certification, ErrorInfo, VerifyRequest, VerifyResponse};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scenario {
    Answer(Outcome),
    /// Answer, but only after the tenant's configured delay.
    Slow(Outcome),
    ServerError,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail { code: &'static str, message: String },
}

/// Reason codes the tenant can emit, with the message 1Kosmos shows.
pub const REASON_CODES: &[(&str, &str)] = &[
    ("IDV0001", "Scan failed, check surroundings"),
    ("IDV0002", "Could not complete document verification"),
    ("IDV0003", "Could not complete document verification"),
    ("IDV0004", "Could not complete document verification"),
    ("IDV0005", "Scan failed, scan a valid document"),
    ("IDV0006", "Unsupported document"),
    ("IDV0007", "Could not complete verification"),
    ("IDV0008", "Could not complete document verification"),
    ("IDV0009", "Could not complete document verification"),
    ("IDV0010", "Module 'firstname check' failed"),
    ("IDV0011", "Document already expired"),
    ("IDV0012", "Could not complete document verification"),
    ("IDV0014", "Retry attempts exhausted"),
    ("IDV0015", "Unsupported document"),
];

pub fn scenario_for(req: &VerifyRequest) -> Scenario {
    let name = req.document.last_name.to_ascii_uppercase();
    if name.contains("TENANTERROR") {
        return Scenario::ServerError;
    }
    let outcome = outcome_for(req, &name);
    if name.contains("SLOWPOKE") {
        Scenario::Slow(outcome)
    } else {
        Scenario::Answer(outcome)
    }
}

fn outcome_for(req: &VerifyRequest, upper_last_name: &str) -> Outcome {
    for (code, message) in REASON_CODES {
        if upper_last_name.contains(code) {
            return Outcome::Fail {
                code,
                message: (*message).to_owned(),
            };
        }
    }
    let images = [
        Some(&req.document.image1),
        req.document.image2.as_ref(),
        req.document.live_id.as_ref(),
    ];
    if images.into_iter().flatten().any(|b64| !is_jpeg(b64)) {
        return Outcome::Fail {
            code: "IDV0005",
            message: "Scan failed, scan a valid document".into(),
        };
    }
    Outcome::Pass
}

fn is_jpeg(b64: &str) -> bool {
    B64.decode(b64)
        .map(|b| b.starts_with(&[0xFF, 0xD8, 0xFF]))
        .unwrap_or(false)
}

/// The decrypted `/verify` answer for an outcome: one certification per requested check.
pub fn response_for(req: &VerifyRequest, outcome: &Outcome) -> VerifyResponse {
    let passed = matches!(outcome, Outcome::Pass);
    let certifications = req
        .verifications
        .iter()
        .map(|check| {
            // A failure is pinned on the document check; the face checks still pass.
            let verified = passed || check.starts_with("face_");
            Certification {
                kind: check.clone(),
                verified,
                status: Some(serde_json::json!(if verified { 200 } else { 400 })),
                authority: Some("local-tenant".into()),
                token: None,
                proof_jwt: None,
                metadata: match outcome {
                    Outcome::Fail { code, .. } if !verified => {
                        Some(serde_json::json!({ "reason_code": code }))
                    }
                    _ => None,
                },
            }
        })
        .collect();
    VerifyResponse {
        doc_id: Some(req.document.id.clone()),
        doc_type: Some(req.document.doc_type.clone()),
        certifications,
        status: Some(serde_json::json!(if passed { "SUCCESS" } else { "FAILED" })),
        message: Some(match outcome {
            Outcome::Pass => "verified".into(),
            Outcome::Fail { message, .. } => message.clone(),
        }),
        code: Some(serde_json::json!(200)),
        error_info: match outcome {
            Outcome::Pass => None,
            Outcome::Fail { code, message } => Some(ErrorInfo {
                status: Some("FAILED".into()),
                message: Some(message.clone()),
                reason: Some(message.clone()),
                reason_code: Some((*code).to_owned()),
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docuverify::wire::VerifyDocument;

    const JPEG_B64: &str = "/9j/4AAQ";

    fn request(last_name: &str) -> VerifyRequest {
        VerifyRequest {
            dvc_id: "d".into(),
            verifications: vec!["dl_verify".into(), "face_compare".into()],
            document: VerifyDocument {
                id: "x".into(),
                doc_type: "dl".into(),
                category: "identity_document".into(),
                first_name: "Ana".into(),
                last_name: last_name.into(),
                dob: "19500101".into(),
                doe: None,
                image1: JPEG_B64.into(),
                image2: Some(JPEG_B64.into()),
                live_id: Some(JPEG_B64.into()),
            },
        }
    }

    #[test]
    fn ordinary_names_pass_and_reason_codes_in_the_name_fail() {
        assert_eq!(
            scenario_for(&request("Rivera")),
            Scenario::Answer(Outcome::Pass)
        );
        match scenario_for(&request("Rivera-IDV0011")) {
            Scenario::Answer(Outcome::Fail { code, .. }) => assert_eq!(code, "IDV0011"),
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(scenario_for(&request("Tenanterror")), Scenario::ServerError);
        assert_eq!(
            scenario_for(&request("Slowpoke")),
            Scenario::Slow(Outcome::Pass)
        );
    }

    #[test]
    fn a_non_jpeg_image_fails_as_an_invalid_document() {
        let mut r = request("Rivera");
        r.document.image2 = Some("aGVsbG8=".into());
        match scenario_for(&r) {
            Scenario::Answer(Outcome::Fail { code, .. }) => assert_eq!(code, "IDV0005"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn responses_decide_the_same_way_through_the_client_rule() {
        let r = request("Rivera");
        let pass = response_for(&r, &Outcome::Pass);
        assert_eq!(
            docuverify::decide(&r.verifications, &pass),
            docuverify::Decision::Pass
        );
        let fail = response_for(
            &r,
            &Outcome::Fail {
                code: "IDV0010",
                message: "m".into(),
            },
        );
        assert_eq!(
            docuverify::decide(&r.verifications, &fail),
            docuverify::Decision::Fail {
                reason_code: Some("IDV0010".into())
            }
        );
    }
}
