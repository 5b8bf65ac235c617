//! Turning an authenticated `/verify` answer into PASS or FAIL. PASS needs every requested
//! certification present and verified, no error, **and** the identity binding: the document the
//! vendor read is the patient's ([`crate::identity`]). Anything else is FAIL, never PASS.

use id_documents::Date;

use crate::identity::{self, Patient};
use crate::journey::DocKind;
use crate::wire::VerifyResponse;

/// The outcome of a decided answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Every check passed and the document is the patient's.
    Pass,
    /// Something failed; the reason code when one is known.
    Fail {
        /// An `IDV00xx` code.
        reason_code: Option<String>,
    },
}

/// What the answer must be bound to.
#[derive(Debug, Clone, Copy)]
pub enum Binding<'a> {
    /// A document journey: the extracted document must be this patient's, valid on `today`.
    Document {
        /// Which document was sent.
        kind: DocKind,
        /// The patient the host named.
        patient: Patient<'a>,
        /// Today's date, for the expiry.
        today: Date,
    },
    /// A re-verification: the selfie is compared with the portrait enrolled at an earlier PASS
    /// that was itself bound; the face checks are the binding.
    EnrolledPortrait,
    /// A wallet's licence: the selfie is compared with the licence's portrait, whose issuer's
    /// and phone's signatures and binding to the patient our gateway checked before asking;
    /// the face checks are the rest.
    WalletLicence,
}

/// Decides on an answer for the certifications we asked for.
pub fn decide(requested: &[String], response: &VerifyResponse, binding: Binding<'_>) -> Decision {
    let all_verified = !requested.is_empty()
        && requested.iter().all(|name| {
            response
                .certifications
                .iter()
                .any(|c| &c.kind == name && c.verified)
        });
    if !all_verified || response.error_info.is_some() {
        return Decision::Fail {
            reason_code: reason_code(response),
        };
    }
    match binding {
        Binding::EnrolledPortrait | Binding::WalletLicence => Decision::Pass,
        Binding::Document {
            kind,
            patient,
            today,
        } => match identity::extracted(response, kind)
            .and_then(|doc| identity::bind(&doc, kind.name_scheme(), patient, today))
        {
            Ok(()) => Decision::Pass,
            Err(unbound) => Decision::Fail {
                reason_code: Some(unbound.reason_code().to_owned()),
            },
        },
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
mod tests;
