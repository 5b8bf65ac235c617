//! How the local tenant decides, in one pure function of the request and today's date.
//!
//! First the documented test controls, read from the patient's last name (see the README's QA
//! table): a reason code such as `IDV0011` fails with that code; `Nolive` fails the selfie's
//! liveness and `Nomatch` the face comparison; `Slowpoke` answers after the configured delay;
//! `Tenanterror` answers HTTP 500. Without a control, the documents decide:
//! - a card (`dl`, `idcard`): the PDF417 barcode on the back is decoded and its AAMVA data
//!   compared with the patient: unreadable → IDV0005, wrong card kind → IDV0006, expired →
//!   IDV0011, first or last name differs → IDV0010, birth date differs → IDV0013;
//! - a passport (`ppt`): the MRZ printed on the data page is read from the picture (OCR-B,
//!   validated by its check digits) and compared the same way: no MRZ read → IDV0005, expired →
//!   IDV0011, names → IDV0010, birth date → IDV0013.
//!
//! The selfie checks follow the controls only: the tenant has no face model.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use docuverify::wire::{Certification, ErrorInfo, VerifyRequest, VerifyResponse};
use id_documents::aamva::CardKind;
use id_documents::names::{same_name, Scheme};
use id_documents::Date;

use crate::inspect::{self, Barcode, Passport};

/// What the tenant does with a `/verify` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scenario {
    /// Answer at once.
    Answer(Outcome),
    /// Answer, but only after the tenant's configured delay.
    Slow(Outcome),
    /// Answer 500, as a tenant having a bad day.
    ServerError,
}

/// Which check an outcome pins a failure on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The document checks (`dl_authenticate`, `dl_verify`).
    Document,
    /// `face_liveness`.
    Liveness,
    /// `face_compare`.
    FaceCompare,
}

/// A verification's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every check verified.
    Pass,
    /// One check failed.
    Fail {
        /// The 1Kosmos reason code (`IDV0001`…).
        code: &'static str,
        /// Its message, in 1Kosmos's words.
        message: String,
        /// The check it is reported on.
        check: Check,
    },
}

/// Reason codes the tenant can emit, with the message it sends. IDV0013 (birth date) is ours:
/// 1Kosmos publishes no code for it.
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
    ("IDV0013", "Module 'dob check' failed"),
    ("IDV0014", "Retry attempts exhausted"),
    ("IDV0015", "Unsupported document"),
];

fn fail(code: &'static str, check: Check) -> Outcome {
    let message = REASON_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("Could not complete verification", |(_, m)| m);
    Outcome::Fail {
        code,
        message: message.to_owned(),
        check,
    }
}

/// Whether the tenant compares the document with the patient. A real 1Kosmos journey may be
/// configured without those modules; `Skip` lets tests prove our gateway checks them itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatientCheck {
    /// Compare names and birth date with the patient's (the default).
    Compare,
    /// Read the document only, and say "verified".
    Skip,
}

/// Decides a request: test controls in the last name first, then the documents themselves (see the README's QA scenarios).
pub fn scenario_for(req: &VerifyRequest, today: Date, check: PatientCheck) -> Scenario {
    let name = req.document.last_name.to_ascii_uppercase();
    if name.contains("TENANTERROR") {
        return Scenario::ServerError;
    }
    let outcome = controlled(&name).unwrap_or_else(|| inspected(req, today, check));
    if name.contains("SLOWPOKE") {
        Scenario::Slow(outcome)
    } else {
        Scenario::Answer(outcome)
    }
}

/// The outcome a test control in the last name forces, if any.
fn controlled(upper_last_name: &str) -> Option<Outcome> {
    if let Some((code, _)) = REASON_CODES
        .iter()
        .find(|(c, _)| upper_last_name.contains(c))
    {
        return Some(fail(code, Check::Document));
    }
    if upper_last_name.contains("NOLIVE") {
        return Some(fail("IDV0007", Check::Liveness));
    }
    if upper_last_name.contains("NOMATCH") {
        return Some(fail("IDV0007", Check::FaceCompare));
    }
    None
}

/// What the tenant read from a document: the fields 1Kosmos extracts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// First name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Date of birth.
    pub birth_date: Date,
    /// Expiry date.
    pub expiry_date: Date,
}

/// Reads the document of a request: its barcode (cards) or MRZ (passports). `Err`: the failure
/// to answer with. (`Ok(None)` is never returned today: every accepted document is read.)
pub fn read_document(req: &VerifyRequest, this_year: u16) -> Result<Option<Reading>, Outcome> {
    let doc = &req.document;
    let images = [Some(&doc.image1), doc.image2.as_ref(), doc.live_id.as_ref()];
    if images.into_iter().flatten().any(|b64| !is_jpeg(b64)) {
        return Err(fail("IDV0005", Check::Document));
    }
    match doc.doc_type.as_str() {
        "dl" | "idcard" => {
            let expected = if doc.doc_type == "dl" {
                CardKind::DriversLicense
            } else {
                CardKind::IdCard
            };
            match doc.image2.as_deref().map(inspect::read_barcode) {
                None | Some(Barcode::Unreadable | Barcode::NotAamva) => {
                    Err(fail("IDV0005", Check::Document))
                }
                Some(Barcode::Read(r)) if r.kind != expected => {
                    Err(fail("IDV0006", Check::Document))
                }
                Some(Barcode::Read(r)) => Ok(Some(Reading {
                    first_name: r.first_name,
                    last_name: r.family_name,
                    birth_date: r.birth_date,
                    expiry_date: r.expiry_date,
                })),
            }
        }
        "ppt" => match inspect::read_mrz(&doc.image1, this_year) {
            Passport::Read(t) => Ok(Some(Reading {
                first_name: t.given_names,
                last_name: t.surname,
                birth_date: t.birth_date,
                expiry_date: t.expiry_date,
            })),
            Passport::Invalid | Passport::Unreadable => Err(fail("IDV0005", Check::Document)),
        },
        _ => Err(fail("IDV0006", Check::Document)),
    }
}

/// The outcome the pictures themselves lead to.
fn inspected(req: &VerifyRequest, today: Date, check: PatientCheck) -> Outcome {
    let reading = match read_document(req, today.year) {
        Err(failed) => return failed,
        Ok(reading) => reading,
    };
    let doc = &req.document;
    // Names in the document's own spelling: ICAO on a passport's MRZ, plain on a barcode.
    let scheme = if doc.doc_type == "ppt" {
        Scheme::Icao
    } else {
        Scheme::Plain
    };
    let patient = Patient {
        scheme,
        first: &doc.first_name,
        last: &doc.last_name,
        dob: Date::parse_compact(&doc.dob),
    };
    match (reading, check) {
        (Some(r), PatientCheck::Compare) => patient.check(&r, today),
        // Told not to compare: the controls decided.
        _ => Outcome::Pass,
    }
}

struct Patient<'a> {
    scheme: Scheme,
    first: &'a str,
    last: &'a str,
    dob: Option<Date>,
}

impl Patient<'_> {
    fn check(&self, r: &Reading, today: Date) -> Outcome {
        if r.expiry_date < today {
            fail("IDV0011", Check::Document)
        } else if !same_name(self.first, &r.first_name, self.scheme)
            || !same_name(self.last, &r.last_name, self.scheme)
        {
            fail("IDV0010", Check::Document)
        } else if self.dob != Some(r.birth_date) {
            fail("IDV0013", Check::Document)
        } else {
            Outcome::Pass
        }
    }
}

/// The outcome for a document type the journey does not accept.
pub fn unsupported_document() -> Outcome {
    fail("IDV0006", Check::Document)
}

/// The answer for a hosted capture session. Test controls in the user's last name come first:
/// `Inprogress`, `Expired`, `Abandoned`, a reason code (FAILED with `errorInfo`). Otherwise the
/// session is in progress until its capture page was completed (`completed`: what the page
/// read), then SUCCESS with that: the tenant never invents an identity nobody captured.
/// `snake_case_reason` spells the code `reason_code`, as one 1Kosmos sample does.
pub fn share_session_result(
    session_id: &str,
    last_name: &str,
    completed: Option<&serde_json::Value>,
    snake_case_reason: bool,
) -> serde_json::Value {
    let upper = last_name.to_ascii_uppercase();
    if upper.contains("INPROGRESS") {
        return serde_json::json!({ "responseStatus": "INPROGRESS", "id": session_id });
    }
    for state in ["EXPIRED", "ABANDONED"] {
        if upper.contains(state) {
            return serde_json::json!({ "id": session_id, "sessionResult": state });
        }
    }
    if let Some(Outcome::Fail { code, message, .. }) = controlled(&upper) {
        let key = if snake_case_reason {
            "reason_code"
        } else {
            "reasonCode"
        };
        return serde_json::json!({
            "id": session_id,
            "sessionResult": "FAILED",
            "errorInfo": { "status": "FAILED", "message": message, "reason": message, key: code },
        });
    }
    match completed {
        Some(info) => serde_json::json!({
            "id": session_id,
            "sessionResult": "SUCCESS",
            "extractedInfo": info,
        }),
        None => serde_json::json!({ "responseStatus": "INPROGRESS", "id": session_id }),
    }
}

/// A selfie-only re-verification (`face_compare` of `image1`, the portrait enrolled at an
/// earlier PASS, with `image2`, the new selfie; `face_liveness` of `liveId`), with the same
/// liveness and comparison controls. Without face models the tenant checks that both pictures
/// are there.
pub fn reverify_scenario(req: &VerifyRequest) -> Scenario {
    let name = req.document.last_name.to_ascii_uppercase();
    if name.contains("TENANTERROR") {
        return Scenario::ServerError;
    }
    let doc = &req.document;
    let selfie_ok =
        doc.live_id.as_deref().is_some_and(is_jpeg) && doc.image2.as_deref().is_some_and(is_jpeg);
    let outcome = if !selfie_ok {
        fail("IDV0005", Check::Liveness)
    } else if let Some(o) = controlled(&name) {
        o
    } else if !is_jpeg(&doc.image1) {
        // No enrolled portrait to compare with.
        fail("IDV0007", Check::FaceCompare)
    } else {
        Outcome::Pass
    };
    Scenario::Answer(outcome)
}

fn is_jpeg(b64: &str) -> bool {
    B64.decode(b64)
        .is_ok_and(|b| id_documents::jpeg::is_jpeg(&b))
}

/// The decrypted `/verify` answer for an outcome: one certification per requested check. The
/// document's authenticity check (`*_authenticate`) carries what was read, as 1Kosmos does: a
/// JSON string in `result` (see `docuverify::identity`).
pub fn response_for(
    req: &VerifyRequest,
    outcome: &Outcome,
    reading: Option<&Reading>,
) -> VerifyResponse {
    let passed = matches!(outcome, Outcome::Pass);
    let certifications = req
        .verifications
        .iter()
        .map(|check| {
            let failed_here = match outcome {
                Outcome::Pass => false,
                Outcome::Fail {
                    check: Check::Liveness,
                    ..
                } => check == "face_liveness",
                Outcome::Fail {
                    check: Check::FaceCompare,
                    ..
                } => check == "face_compare",
                Outcome::Fail {
                    check: Check::Document,
                    ..
                } => !check.starts_with("face_"),
            };
            let verified = !failed_here;
            let result = reading
                .filter(|_| check.ends_with("_authenticate"))
                .map(|r| {
                    docuverify::identity::result_json(
                        &r.first_name,
                        &r.last_name,
                        r.birth_date,
                        r.expiry_date,
                    )
                });
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
                result,
            }
        })
        .collect();
    VerifyResponse {
        doc_id: req.document.id.clone(),
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
            Outcome::Fail { code, message, .. } => Some(ErrorInfo {
                status: Some("FAILED".into()),
                message: Some(message.clone()),
                reason: Some(message.clone()),
                reason_code: Some((*code).to_owned()),
            }),
        },
    }
}

#[cfg(test)]
mod tests;
