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
// A variant without a doc comment says the message of its name (`ConsentTitle`:
// `consent-title`); its words are in `locales/en.ftl`.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// A plain message, named directly by its key.
    Plain(Key),
    WidgetLabel,
    /// The language's own name ("Español"), on the button that switches to it.
    LanguageName,
    Loading,
    Continue,
    Back,
    TryAgain,
    Close,
    NeedHelp,
    /// "Need help?" before the session's support sentence.
    SupportIntro,
    SupportCall,
    SupportOtherWays,
    // Launch
    LaunchTitle,
    Launch(LaunchError),
    LaunchNext(LaunchError),
    // Consent
    ConsentTitle,
    ConsentIntro,
    ConsentStepDocument,
    ConsentStepSelfie,
    ConsentDocument,
    ConsentBiometric,
    ConsentRetention,
    ConsentAgree,
    ConsentDecline,
    ConsentNeedBoth,
    ConsentNeedBiometric,
    ConsentSaveFailed,
    Saving,
    DeclinedTitle,
    DeclinedBody,
    // Document choice
    ChooseTitle,
    ChooseHint,
    Document(DocumentType),
    DocumentHint(DocumentType),
    // Capture
    CaptureTitle(Side, bool),
    CaptureHelp(Side),
    StartingCamera,
    /// The video's text alternative: what the camera shows and what to do.
    CameraPreview(Side),
    TakePhoto,
    GuideNoFrame,
    /// One instruction at a time, from the on-device checks, for what is being captured.
    Guide(VisionSide, Verdict),
    GuideCapturing,
    /// The on-device checks cannot run in this browser: the shutter alone.
    GuideManual(VisionSide),
    /// Announced when the automatic capture is about to fire.
    AutoCaptureCue,
    UseAnywayTitle,
    UseAnywayBody,
    UseAnyway,
    RetakeInstead,
    // Review
    ReviewTitle,
    ReviewQuestion(Side),
    ReviewAlt(Side),
    UsePhoto,
    Retake,
    ChecksTitle,
    CheckPassed(Check),
    NotChecked,
    UsedAnyway,
    // Camera problems
    CameraProblemTitle(CameraProblem),
    CameraProblemNext(CameraProblem),
    // Sending and result
    Sending,
    Checking,
    PassTitle,
    PassBody,
    FailTitle,
    Failure(FailureKind),
    ErrorTitle,
    ErrorTimeout,
    ErrorNetwork,
    ErrorVendor,
    NoMoreTries,
    // Retry policy and document upload (issue 9 §4).
    /// The review of a picture whose retakes are used up.
    NoRetakesLeft,
    /// The button that opens the file chooser (documents only).
    ChooseFile,
    /// Beside it: what to choose; the selfie still needs the camera.
    ChooseFileHint,
    /// The chosen file is not a picture the browser can open.
    FileUnreadable,
    /// The review says where a picture came from.
    FromFile,
    /// Where this browser keeps the camera permission, for a patient who refused it.
    DeniedSteps(Browser),
    // Continue on your phone (issue 9 §5): the strings are in one block at the end of `key`.
    /// The offer, and the handoff screen's title.
    HandoffOffer,
    HandoffOfferHint,
    HandoffScan,
    /// The QR code's text alternative.
    HandoffQrAlt,
    HandoffCodeIntro,
    HandoffCodeLabel,
    HandoffRenews,
    HandoffMaking,
    HandoffFailed,
    /// Where the phone stands, announced politely.
    HandoffPhone(idv_wire::HandoffState),
    HandoffBackHere,
    PhoneDoneTitle,
    PhoneDoneBody,
    PhoneCloseNote,
    EnterCodeTitle,
    EnterCodeHelp,
    EnterCodeLabel,
    CodeRefused(crate::journey::CodeRefused),
    /// Why the organisation asks, in plain words (the session's trigger), on the phone's first
    /// screen.
    Reason(idv_wire::Trigger),
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
    use CameraProblem as C;
    use DocumentType as D;
    use FailureKind as F;
    use Key as K;
    use LaunchError as L;
    use Text::*;
    match text {
        Plain(k) => k,
        WidgetLabel => K::WidgetLabel,
        LanguageName => K::LanguageName,
        Loading => K::Loading,
        Continue => K::Continue,
        Back => K::Back,
        TryAgain => K::TryAgain,
        Close => K::Close,
        NeedHelp => K::NeedHelp,
        SupportIntro => K::SupportIntro,
        SupportCall => K::SupportCall,
        SupportOtherWays => K::SupportOtherWays,
        LaunchTitle => K::LaunchTitle,
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
        ConsentTitle => K::ConsentTitle,
        ConsentIntro => K::ConsentIntro,
        ConsentStepDocument => K::ConsentStepDocument,
        ConsentStepSelfie => K::ConsentStepSelfie,
        ConsentDocument => K::ConsentDocument,
        ConsentBiometric => K::ConsentBiometric,
        ConsentRetention => K::ConsentRetention,
        ConsentAgree => K::ConsentAgree,
        ConsentDecline => K::ConsentDecline,
        ConsentNeedBoth => K::ConsentNeedBoth,
        ConsentNeedBiometric => K::ConsentNeedBiometric,
        ConsentSaveFailed => K::ConsentSaveFailed,
        Saving => K::Saving,
        DeclinedTitle => K::DeclinedTitle,
        DeclinedBody => K::DeclinedBody,
        ChooseTitle => K::ChooseTitle,
        ChooseHint => K::ChooseHint,
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
        StartingCamera => K::StartingCamera,
        CameraPreview(Side::Selfie) => K::CameraPreviewSelfie,
        CameraPreview(_) => K::CameraPreviewDocument,
        TakePhoto => K::TakePhoto,
        GuideNoFrame => K::GuideNoFrame,
        GuideCapturing => K::GuideCapturing,
        Guide(side, verdict) => guide(side, verdict),
        GuideManual(VisionSide::Selfie) => K::GuideManualSelfie,
        GuideManual(_) => K::GuideManualDocument,
        AutoCaptureCue => K::AutoCaptureCue,
        UseAnywayTitle => K::UseAnywayTitle,
        UseAnywayBody => K::UseAnywayBody,
        UseAnyway => K::UseAnyway,
        RetakeInstead => K::RetakeInstead,
        ChecksTitle => K::ChecksTitle,
        CheckPassed(Check::DocumentFound) => K::CheckPassedDocumentFound,
        CheckPassed(Check::WellLit) => K::CheckPassedWellLit,
        CheckPassed(Check::NoGlare) => K::CheckPassedNoGlare,
        CheckPassed(Check::Sharp) => K::CheckPassedSharp,
        CheckPassed(Check::BarcodeRead) => K::CheckPassedBarcodeRead,
        CheckPassed(Check::MrzFound) => K::CheckPassedMrzFound,
        CheckPassed(Check::MrzRead) => K::CheckPassedMrzRead,
        CheckPassed(Check::FaceFound) => K::CheckPassedFaceFound,
        NotChecked => K::NotChecked,
        UsedAnyway => K::UsedAnyway,
        ReviewTitle => K::ReviewTitle,
        ReviewQuestion(Side::Selfie) => K::ReviewQuestionSelfie,
        ReviewQuestion(_) => K::ReviewQuestionDocument,
        ReviewAlt(Side::Front) => K::ReviewAltFront,
        ReviewAlt(Side::Back) => K::ReviewAltBack,
        ReviewAlt(Side::Selfie) => K::ReviewAltSelfie,
        UsePhoto => K::UsePhoto,
        Retake => K::Retake,
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
        Sending => K::Sending,
        Checking => K::Checking,
        PassTitle => K::PassTitle,
        PassBody => K::PassBody,
        FailTitle => K::FailTitle,
        Failure(F::ScanConditions) => K::FailureScanConditions,
        Failure(F::InvalidDocument) => K::FailureInvalidDocument,
        Failure(F::UnsupportedDocument) => K::FailureUnsupportedDocument,
        Failure(F::NameMismatch) => K::FailureNameMismatch,
        Failure(F::Expired) => K::FailureExpired,
        Failure(F::BirthDateMismatch) => K::FailureBirthDateMismatch,
        Failure(F::AttemptsExhausted) => K::FailureAttemptsExhausted,
        Failure(F::CouldNotVerify) => K::FailureCouldNotVerify,
        ErrorTitle => K::ErrorTitle,
        ErrorTimeout => K::ErrorTimeout,
        ErrorNetwork => K::ErrorNetwork,
        ErrorVendor => K::ErrorVendor,
        NoMoreTries => K::NoMoreTries,
        // Retry policy and document upload (issue 9 §4).
        NoRetakesLeft => K::NoRetakesLeft,
        ChooseFile => K::ChooseFile,
        ChooseFileHint => K::ChooseFileHint,
        FileUnreadable => K::FileUnreadable,
        FromFile => K::FromFile,
        DeniedSteps(Browser::Ios) => K::DeniedStepsIos,
        DeniedSteps(Browser::Android) => K::DeniedStepsAndroid,
        DeniedSteps(Browser::Firefox) => K::DeniedStepsFirefox,
        DeniedSteps(Browser::SafariMac) => K::DeniedStepsSafariMac,
        DeniedSteps(Browser::Chromium) => K::DeniedStepsChromium,
        DeniedSteps(Browser::Other) => K::DeniedStepsOther,
        // Continue on your phone (issue 9 §5).
        HandoffOffer => K::HandoffOffer,
        HandoffOfferHint => K::HandoffOfferHint,
        HandoffScan => K::HandoffScan,
        HandoffQrAlt => K::HandoffQrAlt,
        HandoffCodeIntro => K::HandoffCodeIntro,
        HandoffCodeLabel => K::HandoffCodeLabel,
        HandoffRenews => K::HandoffRenews,
        HandoffMaking => K::HandoffMaking,
        HandoffFailed => K::HandoffFailed,
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
        HandoffBackHere => K::HandoffBackHere,
        PhoneDoneTitle => K::PhoneDoneTitle,
        PhoneDoneBody => K::PhoneDoneBody,
        PhoneCloseNote => K::PhoneCloseNote,
        EnterCodeTitle => K::EnterCodeTitle,
        EnterCodeHelp => K::EnterCodeHelp,
        EnterCodeLabel => K::EnterCodeLabel,
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
