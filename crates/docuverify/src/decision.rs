//! Turning a `/verify` answer into PASS or FAIL. PASS needs every requested certification
//! present and verified; anything else is FAIL, never PASS.

use crate::wire::VerifyResponse;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Pass,
    Fail { reason_code: Option<String> },
}

/// Decides on an answer for the certifications we asked for.
pub fn decide(requested: &[String], response: &VerifyResponse) -> Decision {
    let all_verified = !requested.is_empty()
        && requested.iter().all(|name| {
            response
                .certifications
                .iter()
                .any(|c| &c.kind == name && c.verified)
        });
    if all_verified && response.error_info.is_none() {
        return Decision::Pass;
    }
    Decision::Fail {
        reason_code: reason_code(response),
    }
}

/// The reason code from `errorInfo`, or from a failed certification's metadata.
fn reason_code(response: &VerifyResponse) -> Option<String> {
    if let Some(code) = response
        .error_info
        .as_ref()
        .and_then(|e| e.reason_code.clone())
    {
        return Some(code);
    }
    response
        .certifications
        .iter()
        .filter(|c| !c.verified)
        .filter_map(|c| c.metadata.as_ref())
        .find_map(|m| {
            m.get("reasonCode")
                .or_else(|| m.get("reason_code"))
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{Certification, ErrorInfo};

    fn cert(kind: &str, verified: bool) -> Certification {
        Certification {
            kind: kind.into(),
            verified,
            ..Default::default()
        }
    }

    fn req(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn pass_needs_every_requested_certification_verified() {
        let r = VerifyResponse {
            certifications: vec![cert("dl_verify", true), cert("face_compare", true)],
            ..Default::default()
        };
        assert_eq!(
            decide(&req(&["dl_verify", "face_compare"]), &r),
            Decision::Pass
        );
        assert_eq!(
            decide(&req(&["dl_verify", "face_compare", "face_liveness"]), &r),
            Decision::Fail { reason_code: None }
        );
    }

    #[test]
    fn one_unverified_certification_fails_with_its_reason() {
        let mut failed = cert("dl_verify", false);
        failed.metadata = Some(serde_json::json!({"reason_code": "IDV0011"}));
        let r = VerifyResponse {
            certifications: vec![failed, cert("face_compare", true)],
            ..Default::default()
        };
        assert_eq!(
            decide(&req(&["dl_verify", "face_compare"]), &r),
            Decision::Fail {
                reason_code: Some("IDV0011".into())
            }
        );
    }

    #[test]
    fn error_info_wins_and_empty_answers_never_pass() {
        let r = VerifyResponse {
            certifications: vec![cert("dl_verify", true)],
            error_info: Some(ErrorInfo {
                reason_code: Some("IDV0010".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(
            decide(&req(&["dl_verify"]), &r),
            Decision::Fail {
                reason_code: Some("IDV0010".into())
            }
        );
        assert_eq!(
            decide(&req(&["dl_verify"]), &VerifyResponse::default()),
            Decision::Fail { reason_code: None }
        );
        assert_eq!(
            decide(&[], &VerifyResponse::default()),
            Decision::Fail { reason_code: None }
        );
    }
}
