//! The one table that turns a 1Kosmos reason code (or a gateway error code) into the kind of
//! failure the patient is told about. The widget translates a [`FailureKind`] into words.

use serde::{Deserialize, Serialize};

/// What went wrong with a verification, in the terms the patient is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// IDV0001: lighting or background made the scan fail.
    ScanConditions,
    /// IDV0005: the picture did not show a valid document (e.g. unreadable barcode).
    InvalidDocument,
    /// IDV0006, IDV0015: this kind of document is not accepted.
    UnsupportedDocument,
    /// IDV0010: a name on the document does not match the patient's record.
    NameMismatch,
    /// IDV0011: the document has expired.
    Expired,
    /// IDV0013 (ours; 1Kosmos publishes no code for it): the birth date differs from the record.
    BirthDateMismatch,
    /// IDV0014: too many attempts.
    AttemptsExhausted,
    /// IDV0002–0004, 0007–0009, 0012, and anything unknown.
    CouldNotVerify,
}

/// Maps a reason code to a failure kind. Unknown codes are "could not verify", never a pass.
pub fn failure_kind(code: Option<&str>) -> FailureKind {
    match code.map(str::to_ascii_uppercase).as_deref() {
        Some("IDV0001") => FailureKind::ScanConditions,
        Some("IDV0005") => FailureKind::InvalidDocument,
        Some("IDV0006") | Some("IDV0015") => FailureKind::UnsupportedDocument,
        Some("IDV0010") => FailureKind::NameMismatch,
        Some("IDV0011") => FailureKind::Expired,
        Some("IDV0013") => FailureKind::BirthDateMismatch,
        Some("IDV0014") => FailureKind::AttemptsExhausted,
        _ => FailureKind::CouldNotVerify,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_map_to_their_kind_and_unknown_codes_do_not_pass() {
        assert_eq!(failure_kind(Some("IDV0011")), FailureKind::Expired);
        assert_eq!(
            failure_kind(Some("IDV0013")),
            FailureKind::BirthDateMismatch
        );
        assert_eq!(failure_kind(Some("idv0010")), FailureKind::NameMismatch);
        assert_eq!(
            failure_kind(Some("IDV0015")),
            FailureKind::UnsupportedDocument
        );
        assert_eq!(failure_kind(Some("IDV0005")), FailureKind::InvalidDocument);
        assert_eq!(failure_kind(Some("IDV0001")), FailureKind::ScanConditions);
        assert_eq!(
            failure_kind(Some("IDV0014")),
            FailureKind::AttemptsExhausted
        );
        assert_eq!(failure_kind(Some("IDV0003")), FailureKind::CouldNotVerify);
        assert_eq!(failure_kind(Some("???")), FailureKind::CouldNotVerify);
        assert_eq!(failure_kind(None), FailureKind::CouldNotVerify);
    }
}
