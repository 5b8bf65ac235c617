//! Every patient-facing string, one Fluent file per language: `locales/en.ftl` (the reference)
//! and `locales/es.ftl`. A third language is a third file (README, "Languages").
//!
//! Components call [`t`] with a [`Text`] (and [`attempts_left_label`], [`step_label`] for the
//! messages with numbers). A plain string is its generated `Key` (`Key::MyNewText` for
//! `my-new-text`, converted with `.into()`); a message chosen by a value (a document type, a
//! camera problem) is a `Text` variant, and `key` names its message: an exhaustive match onto
//! `Key`, which `build.rs` generates from the ids in `locales/en.ftl`, so a `Text` without a
//! message, or a message English lacks, is a compile error. Another language's file that lacks a
//! message falls back to English; the tests (`i18n/tests.rs`) fail on that, on an id no code
//! uses, and on placeholders that differ from English's.
//!
//! Why the files are compiled by `build.rs` rather than read by a library: measured on the
//! release widget (Trunk, `wasm-opt -Oz`, `gzip -9` of the wasm, each serving the same four
//! strings, 27 Nov 2026), `fluent-templates` 0.15 (`static_loader`) added 56,912 B gzip and
//! `rust-i18n` 4.2 added 14,018 B, against a first-screen budget with about 16 KB left. The
//! generated code is the strings and a table: no parser, no map built at start-up.

use idv_wire::reasons::FailureKind;
use idv_wire::{DocumentType, Locale};

use idv_wire::vision::{Check, Side as VisionSide, Verdict};

use crate::browser::Browser;
use crate::journey::{CameraProblem, Ended, LaunchError, Side};

/// The code `build.rs` writes from `locales/*.ftl`: `Lang`, `Key`, the text table and one
/// function per message with placeholders.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n.rs"));
}

pub(crate) use generated::{Key, Lang};

/// What the widget says; each value names one message of the files (see `key`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// A plain message, named directly by its key.
    Plain(Key),
    /// What went wrong opening the widget.
    Launch(LaunchError),
    /// What to do about it.
    LaunchNext(LaunchError),
    /// A document's name on the document choice.
    Document(DocumentType),
    /// What that document is, under its name.
    DocumentHint(DocumentType),
    /// The capture screen's heading for a side (`true`: the document is a passport).
    CaptureTitle(Side, bool),
    /// How to take that side's picture.
    CaptureHelp(Side),
    /// The video's text alternative: what the camera shows and what to do.
    CameraPreview(Side),
    /// One instruction at a time, from the on-device checks, for what is being captured.
    Guide(VisionSide, Verdict),
    /// The on-device checks cannot run in this browser: the shutter alone.
    GuideManual(VisionSide),
    /// The review's question for a side.
    ReviewQuestion(Side),
    /// The reviewed picture's text alternative.
    ReviewAlt(Side),
    /// A check the picture passed, in words.
    CheckPassed(Check),
    /// Why the camera cannot be used.
    CameraProblemTitle(CameraProblem),
    /// What to do about it.
    CameraProblemNext(CameraProblem),
    /// Why the verification failed, in words the patient can act on.
    Failure(FailureKind),
    /// Where this browser keeps the camera permission, for a patient who refused it.
    DeniedSteps(Browser),
    /// Where the phone stands, announced politely.
    HandoffPhone(idv_wire::HandoffState),
    /// Why the phone's code was refused.
    CodeRefused(crate::journey::CodeRefused),
    /// Why the organisation asks, in plain words (the session's trigger), on the phone's first
    /// screen.
    Reason(idv_wire::Trigger),
    /// Why the patient's wallet did not help, on the document choice.
    WalletProblem(crate::journey::WalletProblem),
    /// The title of a journey that ended on this device before a decision.
    EndedTitle(Ended),
    /// What to do next after it.
    EndedBody(Ended),
}

impl From<Key> for Text {
    fn from(key: Key) -> Self {
        Text::Plain(key)
    }
}

/// The text in the patient's language.
pub fn t(locale: Locale, text: impl Into<Text>) -> &'static str {
    generated::text(Lang::of(locale), key(text.into()))
}

/// The message that says `text`. To add a plain string: its line in every `locales/*.ftl`, and
/// `Key::MyNewText` (for the id `my-new-text`) where it is shown. A string chosen by a value
/// also needs a `Text` variant, its arm here, and its values in `every_text()` in
/// `i18n/tests.rs` (README, "Languages").
pub(crate) fn key(text: Text) -> Key {
    use crate::journey::WalletProblem as W;
    use CameraProblem as C;
    use DocumentType as D;
    use FailureKind as F;
    use Key as K;
    use LaunchError as L;
    use Text::*;
    match text {
        Plain(k) => k,
        Launch(L::MissingLink | L::InvalidLink) => K::LaunchInvalidLink,
        Launch(L::Expired) => K::LaunchExpired,
        Launch(L::Finished) => K::LaunchFinished,
        Launch(L::Network) => K::LaunchNetwork,
        Launch(L::HandoffUsed) => K::LaunchHandoffUsed,
        Launch(L::HandoffExpired) => K::LaunchHandoffExpired,
        Launch(L::HandoffUnknown) => K::LaunchHandoffUnknown,
        LaunchNext(L::HandoffUsed) => K::LaunchNextHandoffUsed,
        LaunchNext(L::HandoffExpired) => K::LaunchNextHandoffExpired,
        LaunchNext(L::HandoffUnknown) => K::LaunchNextHandoffUnknown,
        LaunchNext(L::Network) => K::LaunchNextNetwork,
        LaunchNext(_) => K::LaunchNextRestart,
        Document(D::DriversLicense) => K::DocumentDriversLicense,
        Document(D::Passport) => K::DocumentPassport,
        Document(D::IdCard) => K::DocumentIdCard,
        DocumentHint(D::Passport) => K::DocumentHintPassport,
        DocumentHint(_) => K::DocumentHintCard,
        CaptureTitle(Side::Front, false) => K::CaptureTitleFront,
        CaptureTitle(Side::Front, true) => K::CaptureTitlePassport,
        CaptureTitle(Side::Back, _) => K::CaptureTitleBack,
        CaptureTitle(Side::Selfie, _) => K::CaptureTitleSelfie,
        CaptureHelp(Side::Front) => K::CaptureHelpFront,
        CaptureHelp(Side::Back) => K::CaptureHelpBack,
        CaptureHelp(Side::Selfie) => K::CaptureHelpSelfie,
        CameraPreview(Side::Selfie) => K::CameraPreviewSelfie,
        CameraPreview(_) => K::CameraPreviewDocument,
        Guide(side, verdict) => guide(side, verdict),
        GuideManual(VisionSide::Selfie) => K::GuideManualSelfie,
        GuideManual(_) => K::GuideManualDocument,
        CheckPassed(Check::DocumentFound) => K::CheckPassedDocumentFound,
        CheckPassed(Check::WellLit) => K::CheckPassedWellLit,
        CheckPassed(Check::NoGlare) => K::CheckPassedNoGlare,
        CheckPassed(Check::Sharp) => K::CheckPassedSharp,
        CheckPassed(Check::BarcodeRead) => K::CheckPassedBarcodeRead,
        CheckPassed(Check::MrzFound) => K::CheckPassedMrzFound,
        CheckPassed(Check::MrzRead) => K::CheckPassedMrzRead,
        CheckPassed(Check::FaceFound) => K::CheckPassedFaceFound,
        ReviewQuestion(Side::Selfie) => K::ReviewQuestionSelfie,
        ReviewQuestion(_) => K::ReviewQuestionDocument,
        ReviewAlt(Side::Front) => K::ReviewAltFront,
        ReviewAlt(Side::Back) => K::ReviewAltBack,
        ReviewAlt(Side::Selfie) => K::ReviewAltSelfie,
        CameraProblemTitle(C::Denied) => K::CameraProblemDeniedTitle,
        CameraProblemNext(C::Denied) => K::CameraProblemDeniedNext,
        CameraProblemTitle(C::NotFound) => K::CameraProblemNotFoundTitle,
        CameraProblemNext(C::NotFound) => K::CameraProblemNotFoundNext,
        CameraProblemTitle(C::InUse) => K::CameraProblemInUseTitle,
        CameraProblemNext(C::InUse) => K::CameraProblemInUseNext,
        CameraProblemTitle(C::Unsuitable) => K::CameraProblemUnsuitableTitle,
        CameraProblemNext(C::Unsuitable) => K::CameraProblemUnsuitableNext,
        CameraProblemTitle(C::BlockedByHost) => K::CameraProblemBlockedByHostTitle,
        CameraProblemNext(C::BlockedByHost) => K::CameraProblemBlockedByHostNext,
        CameraProblemTitle(C::InsecureContext) => K::CameraProblemInsecureContextTitle,
        CameraProblemNext(C::InsecureContext) => K::CameraProblemInsecureContextNext,
        CameraProblemTitle(C::Unsupported) => K::CameraProblemUnsupportedTitle,
        CameraProblemNext(C::Unsupported) => K::CameraProblemUnsupportedNext,
        CameraProblemTitle(C::Other) => K::CameraProblemOtherTitle,
        CameraProblemNext(C::Other) => K::CameraProblemOtherNext,
        Failure(F::ScanConditions) => K::FailureScanConditions,
        Failure(F::InvalidDocument) => K::FailureInvalidDocument,
        Failure(F::UnsupportedDocument) => K::FailureUnsupportedDocument,
        Failure(F::NameMismatch) => K::FailureNameMismatch,
        Failure(F::Expired) => K::FailureExpired,
        Failure(F::BirthDateMismatch) => K::FailureBirthDateMismatch,
        Failure(F::AttemptsExhausted) => K::FailureAttemptsExhausted,
        Failure(F::CouldNotVerify) => K::FailureCouldNotVerify,
        // Retry policy and document upload (issue 9 §4).
        DeniedSteps(Browser::Ios) => K::DeniedStepsIos,
        DeniedSteps(Browser::Android) => K::DeniedStepsAndroid,
        DeniedSteps(Browser::Firefox) => K::DeniedStepsFirefox,
        DeniedSteps(Browser::SafariMac) => K::DeniedStepsSafariMac,
        DeniedSteps(Browser::Chromium) => K::DeniedStepsChromium,
        DeniedSteps(Browser::Other) => K::DeniedStepsOther,
        // Continue on your phone (issue 9 §5).
        HandoffPhone(idv_wire::HandoffState::Waiting) => K::HandoffPhoneWaiting,
        HandoffPhone(idv_wire::HandoffState::PhoneConnected) => K::HandoffPhoneConnected,
        HandoffPhone(idv_wire::HandoffState::Checking) => K::HandoffPhoneChecking,
        HandoffPhone(idv_wire::HandoffState::Decided) => K::HandoffPhoneDecided,
        HandoffPhone(idv_wire::HandoffState::Declined) => K::HandoffPhoneDeclined,
        Reason(idv_wire::Trigger::Signup) => K::ReasonSignup,
        Reason(idv_wire::Trigger::PasswordReset) => K::ReasonPasswordReset,
        Reason(idv_wire::Trigger::ProxyRequest) => K::ReasonProxyRequest,
        Reason(idv_wire::Trigger::Onboarding) => K::ReasonOnboarding,
        EndedTitle(Ended::PhoneStopped) => K::PhoneStoppedTitle,
        EndedBody(Ended::PhoneStopped) => K::PhoneStoppedBody,
        EndedTitle(Ended::PhoneReleased) => K::PhoneReleasedTitle,
        EndedBody(Ended::PhoneReleased) => K::PhoneReleasedBody,
        EndedTitle(Ended::Cancelled) => K::SessionCancelledTitle,
        EndedBody(Ended::Cancelled) => K::SessionCancelledBody,
        WalletProblem(W::Cancelled) => K::WalletCancelled,
        WalletProblem(W::Unsupported) => K::WalletUnsupported,
        WalletProblem(W::Expired) => K::WalletExpired,
        WalletProblem(W::Mismatch) => K::WalletMismatch,
        WalletProblem(W::Refused) => K::WalletRefused,
        WalletProblem(W::Unavailable) => K::WalletUnavailable,
        WalletProblem(W::Failed) => K::WalletFailed,
        CodeRefused(crate::journey::CodeRefused::Malformed) => K::CodeRefusedMalformed,
        CodeRefused(crate::journey::CodeRefused::Launch(L::HandoffUsed)) => K::CodeRefusedUsed,
        CodeRefused(crate::journey::CodeRefused::Launch(L::HandoffExpired)) => {
            K::CodeRefusedExpired
        }
        CodeRefused(crate::journey::CodeRefused::Launch(L::Network)) => K::CodeRefusedNetwork,
        CodeRefused(crate::journey::CodeRefused::Launch(_)) => K::CodeRefusedUnknown,
    }
}

/// The instruction for a verdict of the on-device checks: short, one thing to do.
fn guide(side: VisionSide, verdict: Verdict) -> Key {
    use Key as K;
    use Verdict as V;
    let passport = side == VisionSide::Passport;
    match verdict {
        V::Good | V::HoldStill => K::GuideHoldStill,
        V::NoDocument if passport => K::GuideNoDocumentPassport,
        V::NoDocument => K::GuideNoDocumentCard,
        V::CutOff => K::GuideCutOff,
        V::MoveCloser => K::GuideMoveCloser,
        V::Tilted => K::GuideTilted,
        V::TooDark => K::GuideTooDark,
        V::TooBright => K::GuideTooBright,
        V::Glare => K::GuideGlare,
        V::Blurry => K::GuideBlurry,
        V::BarcodeUnreadable => K::GuideBarcodeUnreadable,
        V::MrzMissing => K::GuideMrzMissing,
        V::MrzUnreadable => K::GuideMrzUnreadable,
        V::NoFace => K::GuideNoFace,
        V::SeveralFaces => K::GuideSeveralFaces,
        V::FaceTooSmall => K::GuideFaceTooSmall,
        V::FaceOffCentre => K::GuideFaceOffCentre,
        V::NotLooking => K::GuideNotLooking,
    }
}

/// "You have 2 attempts left.", with the plural each language needs (`attempts-left`).
pub fn attempts_left_label(locale: Locale, n: u32) -> String {
    generated::attempts_left(Lang::of(locale), n.into())
}

/// "You can retake this picture 2 more times.", with the plural each language needs
/// (`retakes-left`).
pub fn retakes_left_label(locale: Locale, n: u32) -> String {
    generated::retakes_left(Lang::of(locale), n.into())
}

/// "Photo 2 of 3" (`photo-step`).
pub fn step_label(locale: Locale, current: u8, total: u8) -> String {
    generated::photo_step(Lang::of(locale), current.into(), total.into())
}

/// The language the switch button offers: the next file's, in turn (English first).
pub fn next_locale(locale: Locale) -> Locale {
    let all = Lang::ALL;
    let here = all.iter().position(|&l| l == Lang::of(locale)).unwrap_or(0);
    all[(here + 1) % all.len()].locale()
}

#[cfg(test)]
mod tests;
