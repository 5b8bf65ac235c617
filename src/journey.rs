//! The verification journey as a pure state machine: a [`Journey`] and the [`Action`]s that move
//! it. No browser types here, so every transition is unit-tested on the host. Effects (camera,
//! network, postMessage) are started by components according to the current [`Screen`].

use std::rc::Rc;

use idv_wire::vision::{Check, Side as VisionSide, Sighting, Verdict};
use idv_wire::{
    DocumentType, HandoffCreated, HandoffProgress, HandoffState, Locale, SessionConfig,
    SessionMode, SessionStatus, VerificationProgress, VerificationStatus,
};
use yew::Reducible;

/// Which picture is being taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// Front of a card, or a passport's data page.
    Front,
    /// Back of a card (with the PDF417 barcode).
    Back,
    Selfie,
}

impl Side {
    /// Documents use the rear camera, the selfie the front one.
    pub fn facing_mode(self) -> &'static str {
        match self {
            Side::Selfie => "user",
            Side::Front | Side::Back => "environment",
        }
    }

    /// The side's slot in per-side counters.
    pub fn index(self) -> usize {
        match self {
            Side::Front => 0,
            Side::Back => 1,
            Side::Selfie => 2,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Side::Front => "front",
            Side::Back => "back",
            Side::Selfie => "selfie",
        }
    }

    /// What the on-device checks look for on this side of `document`: a passport's data page
    /// (its MRZ) is not a card's front.
    pub fn vision(self, document: Option<DocumentType>) -> VisionSide {
        match self {
            Side::Front if document == Some(DocumentType::Passport) => VisionSide::Passport,
            Side::Front => VisionSide::Front,
            Side::Back => VisionSide::Back,
            Side::Selfie => VisionSide::Selfie,
        }
    }
}

/// What the on-device checks said of a picture, for the review screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked {
    /// Every check passed; these are the ones that apply to the side.
    Passed(Vec<Check>),
    /// The patient chose to use a document picture that failed `concern`.
    UsedAnyway {
        concern: Verdict,
        passed: Vec<Check>,
    },
    /// The checks could not run in this browser.
    NotChecked,
}

/// A captured JPEG, kept in memory only until the submission.
#[derive(Clone, PartialEq)]
pub struct Capture {
    pub jpeg: Rc<Vec<u8>>,
    pub checked: Checked,
    /// Chosen from the patient's files (a document only, where the session allows it).
    pub from_file: bool,
}

/// What to do with a picture the shutter or the automatic capture produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShotOutcome {
    /// Go to the review screen with it.
    Use,
    /// A document picture that failed a check: ask "Use anyway?" (it still goes through the
    /// normal decision if the patient says yes).
    AskUseAnyway(Verdict),
    /// A selfie that failed a check is never sent (liveness would refuse it and cost an
    /// attempt): say why and keep the camera on.
    Refuse(Verdict),
}

/// The rule for a picture of `side` whose analysis is `sighting` (`None`: the checks cannot
/// run in this browser, so the patient's own judgement stands).
pub fn shot_outcome(side: VisionSide, sighting: Option<&Sighting>) -> ShotOutcome {
    match sighting.map(|s| s.verdict) {
        None | Some(Verdict::Good) => ShotOutcome::Use,
        // A still picture has no movement to judge: holding still is not a fault of it.
        Some(Verdict::HoldStill) => ShotOutcome::Use,
        Some(v) if side.is_document() => ShotOutcome::AskUseAnyway(v),
        Some(v) => ShotOutcome::Refuse(v),
    }
}

impl Capture {
    /// A picture with what its analysis said (`None`: not analysed); `used_anyway` when the
    /// patient confirmed a document picture that failed a check.
    pub fn new(jpeg: Vec<u8>, sighting: Option<&Sighting>) -> Self {
        let checked = match sighting {
            None => Checked::NotChecked,
            Some(s) if s.verdict == Verdict::Good || s.verdict == Verdict::HoldStill => {
                Checked::Passed(s.checks.clone())
            }
            Some(s) => Checked::UsedAnyway {
                concern: s.verdict,
                passed: s.checks.clone(),
            },
        };
        Self {
            jpeg: Rc::new(jpeg),
            checked,
            from_file: false,
        }
    }
}

impl std::fmt::Debug for Capture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Capture({} bytes)", self.jpeg.len())
    }
}

/// Why the journey could not start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaunchError {
    /// The iframe URL has no session or token in its fragment.
    MissingLink,
    /// The gateway does not know the token.
    InvalidLink,
    /// The session expired.
    Expired,
    /// The session already ended (passed, failed or declined).
    Finished,
    /// The gateway could not be reached.
    Network,
    /// A "Continue on your phone" link or code that was already used.
    HandoffUsed,
    /// A "Continue on your phone" link or code past its time.
    HandoffExpired,
    /// A "Continue on your phone" link or code the gateway does not know.
    HandoffUnknown,
}

impl LaunchError {
    /// The machine-readable code posted to the host.
    pub fn code(self) -> &'static str {
        match self {
            Self::MissingLink => "invalid_link",
            Self::InvalidLink => "invalid_token",
            Self::Expired => "expired_token",
            Self::Finished => "session_finished",
            Self::Network => "network",
            Self::HandoffUsed => "handoff_used",
            Self::HandoffExpired => "handoff_expired",
            Self::HandoffUnknown => "handoff_unknown",
        }
    }
}

/// What went wrong with the camera: found before asking (the page cannot use a camera at all) or
/// from the `DOMException` that `getUserMedia` rejected with. Each names its cause, so the
/// patient reads steps that can help and the host learns which side must act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameraProblem {
    /// `NotAllowedError` while the page may use the camera: the patient (or their browser
    /// settings) refused permission.
    Denied,
    /// The embedding page's permissions policy forbids the camera (an iframe without
    /// `allow="camera"`): only the host can fix it.
    BlockedByHost,
    /// `NotFoundError`: no camera.
    NotFound,
    /// `NotReadableError`: another app holds the camera.
    InUse,
    /// `OverconstrainedError`: no camera can satisfy the request.
    Unsuitable,
    /// Not a secure context (plain `http://`): browsers offer no camera there.
    InsecureContext,
    /// A secure context without `navigator.mediaDevices`, or `SecurityError`: this browser
    /// cannot use a camera here.
    Unsupported,
    /// Anything else.
    Other,
}

/// What the browser says about cameras before any is asked for. Each field is `None` when the
/// browser does not tell (an older browser without `permissionsPolicy`, for instance); only a
/// definite answer names a cause.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CameraEnvironment {
    /// `window.isSecureContext`.
    pub secure_context: Option<bool>,
    /// Whether `navigator.mediaDevices` exists.
    pub media_devices: Option<bool>,
    /// `document.permissionsPolicy.allowsFeature('camera')` (or the older `featurePolicy`).
    pub policy_allows_camera: Option<bool>,
}

impl CameraProblem {
    /// Every problem, for tables and tests.
    pub const ALL: [CameraProblem; 8] = [
        Self::Denied,
        Self::BlockedByHost,
        Self::NotFound,
        Self::InUse,
        Self::Unsuitable,
        Self::InsecureContext,
        Self::Unsupported,
        Self::Other,
    ];

    /// A problem that makes asking for the camera pointless, found before asking. The page's
    /// own conditions come first: on plain http nothing else matters, and a host's policy
    /// blocks the camera whatever the patient answers.
    pub fn before_asking(env: &CameraEnvironment) -> Option<Self> {
        if env.secure_context == Some(false) {
            Some(Self::InsecureContext)
        } else if env.policy_allows_camera == Some(false) {
            Some(Self::BlockedByHost)
        } else if env.media_devices == Some(false) {
            Some(Self::Unsupported)
        } else {
            None
        }
    }

    /// The problem for a `getUserMedia` rejection with DOMException `name` and `message`. A
    /// refusal is the host's policy, not the patient, when the policy forbids the camera or the
    /// browser says so in its message ("…permissions policy…").
    pub fn from_failure(name: &str, message: &str, env: &CameraEnvironment) -> Self {
        match Self::from_dom_name(name) {
            Self::Denied
                if env.policy_allows_camera == Some(false)
                    || message.to_ascii_lowercase().contains("policy") =>
            {
                Self::BlockedByHost
            }
            other => other,
        }
    }

    pub fn from_dom_name(name: &str) -> Self {
        match name {
            "NotAllowedError" | "PermissionDeniedError" => Self::Denied,
            "NotFoundError" | "DevicesNotFoundError" => Self::NotFound,
            "NotReadableError" | "TrackStartError" | "AbortError" => Self::InUse,
            "OverconstrainedError" | "ConstraintNotSatisfiedError" => Self::Unsuitable,
            "SecurityError" | "TypeError" => Self::Unsupported,
            _ => Self::Other,
        }
    }

    /// The code of the `error` message to the host.
    pub fn code(self) -> &'static str {
        match self {
            Self::Denied => "camera_denied",
            Self::BlockedByHost => "camera_blocked_by_host",
            Self::NotFound => "no_camera",
            Self::InUse => "camera_in_use",
            Self::Unsuitable => "camera_unsuitable",
            Self::InsecureContext => "insecure_context",
            Self::Unsupported => "camera_unsupported",
            Self::Other => "camera_error",
        }
    }

    /// Whether asking again, after the patient acts, can succeed. The page's own conditions
    /// (its policy, its address, the browser) do not change while it is open.
    pub fn retry_can_help(self) -> bool {
        !matches!(
            self,
            Self::BlockedByHost | Self::InsecureContext | Self::Unsupported
        )
    }
}

/// How a submission ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass {
        verification_id: String,
        /// Signed by the gateway; the host's backend verifies it.
        result_token: Option<String>,
    },
    Fail {
        verification_id: String,
        /// What the host is told; `IDV0014` when this FAIL used the last attempt.
        reason_code: Option<String>,
        /// With `IDV0014`: why the last attempt failed (what the patient is told).
        cause_code: Option<String>,
        retry_allowed: bool,
        /// Attempts still open in this session (shown as "2 attempts left").
        attempts_left: u32,
        result_token: Option<String>,
    },
    /// No decision: network trouble, a 1Kosmos error, or a missed deadline.
    Error {
        verification_id: Option<String>,
        code: String,
        retry_allowed: bool,
    },
}

impl Outcome {
    /// The outcome for a polled verification; `None` while it is pending.
    pub fn from_progress(p: &VerificationProgress) -> Option<Self> {
        let verification_id = p.verification_id.clone();
        match p.status {
            VerificationStatus::Pending => None,
            VerificationStatus::Pass => Some(Outcome::Pass {
                verification_id,
                result_token: p.result_token.clone(),
            }),
            VerificationStatus::Fail => Some(Outcome::Fail {
                verification_id,
                reason_code: p.reason_code.clone(),
                cause_code: p.cause_code.clone(),
                retry_allowed: p.retry_allowed,
                attempts_left: p.attempts_left,
                result_token: p.result_token.clone(),
            }),
            VerificationStatus::Error => Some(Outcome::Error {
                verification_id: Some(verification_id),
                code: p.reason_code.clone().unwrap_or_else(|| "error".into()),
                retry_allowed: p.retry_allowed,
            }),
        }
    }

    /// The outcome when the submission itself was refused or could not be sent.
    pub fn from_submit_failure(status: u16, code: &str) -> Self {
        Outcome::Error {
            verification_id: None,
            code: if status == 0 {
                "network".into()
            } else {
                code.to_owned()
            },
            // Only a connection problem is worth resending; a refusal will be refused again.
            retry_allowed: status == 0 || status >= 500,
        }
    }

    pub fn result_token(&self) -> Option<&str> {
        match self {
            Outcome::Pass { result_token, .. } | Outcome::Fail { result_token, .. } => {
                result_token.as_deref()
            }
            Outcome::Error { .. } => None,
        }
    }

    pub fn verification_id(&self) -> Option<&str> {
        match self {
            Outcome::Pass {
                verification_id, ..
            }
            | Outcome::Fail {
                verification_id, ..
            } => Some(verification_id),
            Outcome::Error {
                verification_id, ..
            } => verification_id.as_deref(),
        }
    }

    pub fn reason_code(&self) -> Option<&str> {
        match self {
            Outcome::Pass { .. } => None,
            Outcome::Fail { reason_code, .. } => reason_code.as_deref(),
            Outcome::Error { code, .. } => Some(code),
        }
    }

    pub fn status(&self) -> VerificationStatus {
        match self {
            Outcome::Pass { .. } => VerificationStatus::Pass,
            Outcome::Fail { .. } => VerificationStatus::Fail,
            Outcome::Error { .. } => VerificationStatus::Error,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    Loading,
    LaunchFailed(LaunchError),
    Consent,
    Declined,
    ChooseDocument,
    Capture(Side),
    Review(Side),
    CameraProblem {
        side: Side,
        problem: CameraProblem,
    },
    /// Uploading and waiting for the decision.
    Sending,
    Result(Outcome),
    /// The host page cancelled the journey.
    Cancelled,
    /// "Continue on your phone": the QR code and short code, then the phone's progress.
    /// `back_to` is where "Use this device instead" returns.
    Handoff {
        back_to: Box<Screen>,
    },
    /// A page opened on a phone without a link: type the code the computer shows. `error`: why
    /// the last code was refused.
    EnterCode {
        error: Option<CodeRefused>,
    },
}

/// Why a typed code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefused {
    /// Not 8 letters and digits.
    Malformed,
    /// The gateway does not know it, or it was used, or it expired.
    Launch(LaunchError),
}

impl Screen {
    /// The screen's name in `step` messages: no personal data.
    pub fn name(&self) -> &'static str {
        match self {
            Screen::Loading => "loading",
            Screen::LaunchFailed(_) => "launch_error",
            Screen::Consent => "consent",
            Screen::Declined => "declined",
            Screen::ChooseDocument => "choose_document",
            Screen::Capture(Side::Front) => "capture_front",
            Screen::Capture(Side::Back) => "capture_back",
            Screen::Capture(Side::Selfie) => "capture_selfie",
            Screen::Review(Side::Front) => "review_front",
            Screen::Review(Side::Back) => "review_back",
            Screen::Review(Side::Selfie) => "review_selfie",
            Screen::CameraProblem { .. } => "camera_problem",
            Screen::Sending => "sending",
            Screen::Result(_) => "result",
            Screen::Cancelled => "cancelled",
            Screen::Handoff { .. } => "handoff",
            Screen::EnterCode { .. } => "enter_code",
        }
    }

    /// Whether a camera may be live on this screen.
    pub fn uses_camera(&self) -> bool {
        matches!(self, Screen::Capture(_))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    pub screen: Screen,
    pub locale: Locale,
    pub config: Option<SessionConfig>,
    pub document: Option<DocumentType>,
    pub front: Option<Capture>,
    pub back: Option<Capture>,
    pub selfie: Option<Capture>,
    /// Counts submissions, so each gets its own idempotency key.
    pub submission: u32,
    /// Retakes of each picture in this attempt (front, back, selfie).
    pub retakes: [u32; 3],
    /// What kind of device runs the widget (decides where "Continue on your phone" is offered
    /// and how the journey ends).
    pub device: Device,
    /// "Continue on your phone", while its screen is shown.
    pub handoff: Option<Handoff>,
}

/// Where the widget runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Device {
    /// Embedded in the host page, on a touch screen or a device that did not say.
    #[default]
    Embedded,
    /// Embedded, on a computer: a fine pointer that can hover (`(hover: hover) and (pointer:
    /// fine)`), so "Continue on your phone" is offered from the document choice on.
    Desktop,
    /// A phone that opened a handoff link or code: a page of its own, no host to tell; it ends
    /// with "Done — return to your computer".
    Phone,
}

/// "Continue on your phone" on the desktop: the link on display and where the phone stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Handoff {
    /// The link, code and QR code on display; `None` until the first arrives.
    pub link: Option<HandoffCreated>,
    /// The first link of this visit: the phone is followed from it (an earlier visit's
    /// decision is not this one's).
    pub from: Option<String>,
    /// Counts the links asked for: a new number asks for a new link (rotation, retry).
    pub request: u32,
    /// The last request for a link failed (shown with a retry).
    pub failed: bool,
    /// Where the phone stands.
    pub phone: HandoffState,
}

/// Seconds after a link arrives when the desktop asks for the next one: before it expires, by
/// a fifth of its life, at least 1 s and at most 30 s early.
pub fn rotate_after_secs(expires_in: u64) -> u64 {
    let early = (expires_in / 5).clamp(1, 30);
    expires_in.saturating_sub(early).max(1)
}

impl Default for Journey {
    fn default() -> Self {
        Self {
            screen: Screen::Loading,
            locale: Locale::En,
            config: None,
            document: None,
            front: None,
            back: None,
            selfie: None,
            submission: 0,
            retakes: [0; 3],
            device: Device::Embedded,
            handoff: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The session configuration arrived.
    Loaded(SessionConfig),
    LaunchFailed(LaunchError),
    /// The gateway recorded the patient's consent.
    ConsentGiven,
    /// The gateway recorded the patient's decline.
    ConsentDeclined,
    ChooseDocument(DocumentType),
    /// A picture was taken on the current capture screen.
    Captured(Capture),
    CameraFailed(CameraProblem),
    RetryCamera,
    Retake,
    UsePhoto,
    Back,
    Decided(Outcome),
    /// From a result that allows it: start again (FAIL) or resend (ERROR).
    TryAgain,
    SetLocale(Locale),
    /// The host page asked the widget to stop.
    HostCancelled,
    /// Whether the browser looks like a computer (see [`Device::Desktop`]).
    DeviceDetected {
        desktop: bool,
    },
    /// The page has no launch link: on a page of its own (`top_level`) ask for a code, else
    /// the host's link is broken.
    NoLink {
        top_level: bool,
    },
    /// A typed code was refused.
    CodeRefused(CodeRefused),
    /// A handoff link or code was redeemed: this is the patient's phone; the session loads next.
    PhoneLinked,
    /// "Continue on your phone" pressed.
    ContinueOnPhone,
    /// A new handoff link arrived.
    HandoffLink(HandoffCreated),
    /// Asking for a handoff link failed.
    HandoffLinkFailed,
    /// Ask for a new link: the current one is about to expire, or the last request failed.
    RenewHandoffLink,
    /// The desktop's poll of the phone.
    HandoffPolled(HandoffProgress),
}

impl Journey {
    fn side_slot(&mut self, side: Side) -> &mut Option<Capture> {
        match side {
            Side::Front => &mut self.front,
            Side::Back => &mut self.back,
            Side::Selfie => &mut self.selfie,
        }
    }

    pub fn capture(&self, side: Side) -> Option<&Capture> {
        match side {
            Side::Front => self.front.as_ref(),
            Side::Back => self.back.as_ref(),
            Side::Selfie => self.selfie.as_ref(),
        }
    }

    /// A selfie-only re-verification.
    pub fn is_reverify(&self) -> bool {
        self.config
            .as_ref()
            .is_some_and(|c| c.mode == SessionMode::Reverify)
    }

    /// Where capturing starts: the document choice, or the selfie when re-verifying.
    fn first_capture_screen(&self) -> Screen {
        if self.is_reverify() {
            Screen::Capture(Side::Selfie)
        } else {
            Screen::ChooseDocument
        }
    }

    fn needs_back(&self) -> bool {
        self.document.is_some_and(DocumentType::needs_back)
    }

    /// The side after `side`, or `None` when everything is captured.
    fn next_side(&self, side: Side) -> Option<Side> {
        match side {
            Side::Front if self.needs_back() => Some(Side::Back),
            Side::Front | Side::Back => Some(Side::Selfie),
            Side::Selfie => None,
        }
    }

    /// The review before capturing `side` (where Back goes).
    fn previous_review(&self, side: Side) -> Screen {
        match side {
            // A re-verification has nothing before its selfie.
            Side::Selfie if self.is_reverify() => Screen::Capture(Side::Selfie),
            Side::Front => Screen::ChooseDocument,
            Side::Back => Screen::Review(Side::Front),
            Side::Selfie if self.needs_back() => Screen::Review(Side::Back),
            Side::Selfie => Screen::Review(Side::Front),
        }
    }

    /// Whether the current screen offers "Continue on your phone": never on the phone itself;
    /// on the document choice only on a computer; on every capture and camera-problem screen.
    pub fn offers_phone(&self) -> bool {
        match (&self.screen, self.device) {
            (_, Device::Phone) => false,
            (Screen::ChooseDocument, Device::Desktop) => true,
            (Screen::Capture(_) | Screen::CameraProblem { .. }, _) => true,
            _ => false,
        }
    }

    fn clear_captures(&mut self) {
        self.front = None;
        self.back = None;
        self.selfie = None;
        self.retakes = [0; 3];
    }

    /// Retakes of `side` the session still allows; `None`: no limit.
    pub fn retakes_left(&self, side: Side) -> Option<u32> {
        let max = self.config.as_ref()?.max_retakes?;
        Some(max.saturating_sub(self.retakes[side.index()]))
    }

    /// The pure transition function.
    pub fn apply(mut self, action: Action) -> Self {
        use Screen as S;
        if let Action::SetLocale(locale) = action {
            self.locale = locale;
            return self;
        }
        match action {
            Action::DeviceDetected { desktop } => {
                if self.device != Device::Phone {
                    self.device = if desktop {
                        Device::Desktop
                    } else {
                        Device::Embedded
                    };
                }
                return self;
            }
            Action::ContinueOnPhone if self.offers_phone() => {
                // Pictures taken here stay, should the patient come back to this device.
                let back_to = Box::new(std::mem::replace(&mut self.screen, S::Loading));
                self.handoff = Some(Handoff {
                    request: 1,
                    ..Handoff::default()
                });
                self.screen = S::Handoff { back_to };
                return self;
            }
            _ => {}
        }
        let screen = std::mem::replace(&mut self.screen, S::Loading);
        self.screen = match (screen, action) {
            (s @ (S::Result(_) | S::Declined | S::LaunchFailed(_)), Action::HostCancelled) => s,
            (_, Action::HostCancelled) => {
                self.clear_captures();
                self.handoff = None;
                S::Cancelled
            }
            (S::Loading, Action::Loaded(config)) => {
                self.locale = config.locale;
                let status = config.status;
                let can_try = config.attempts_used < config.max_attempts;
                self.config = Some(config);
                match status {
                    SessionStatus::Pending => S::Consent,
                    SessionStatus::InProgress if can_try => self.first_capture_screen(),
                    SessionStatus::Declined => S::Declined,
                    _ => S::LaunchFailed(LaunchError::Finished),
                }
            }
            (S::Loading, Action::LaunchFailed(e)) => S::LaunchFailed(e),
            (S::Loading, Action::NoLink { top_level: true }) => S::EnterCode { error: None },
            (S::Loading, Action::NoLink { top_level: false }) => {
                S::LaunchFailed(LaunchError::MissingLink)
            }
            (S::EnterCode { .. }, Action::CodeRefused(why)) => S::EnterCode { error: Some(why) },
            (S::Loading | S::EnterCode { .. }, Action::PhoneLinked) => {
                self.device = Device::Phone;
                S::Loading
            }
            (S::Handoff { back_to }, Action::Back) => {
                self.handoff = None;
                *back_to
            }
            (s @ S::Handoff { .. }, Action::HandoffLink(link)) => {
                if let Some(h) = &mut self.handoff {
                    h.from.get_or_insert_with(|| link.handoff_id.clone());
                    h.link = Some(link);
                    h.failed = false;
                }
                s
            }
            (s @ S::Handoff { .. }, Action::HandoffLinkFailed) => {
                if let Some(h) = &mut self.handoff {
                    h.failed = true;
                }
                s
            }
            (s @ S::Handoff { .. }, Action::RenewHandoffLink) => {
                // Once a phone is in, no new link: the one it used is spent anyway.
                if let Some(h) = self
                    .handoff
                    .as_mut()
                    .filter(|h| h.phone == HandoffState::Waiting)
                {
                    h.request += 1;
                }
                s
            }
            (s @ S::Handoff { .. }, Action::HandoffPolled(p)) => {
                let decided = p
                    .verification
                    .as_ref()
                    .filter(|_| p.state == HandoffState::Decided)
                    .and_then(Outcome::from_progress)
                    .filter(|o| !matches!(o, Outcome::Error { .. }));
                match decided {
                    Some(outcome) => {
                        self.handoff = None;
                        self.clear_captures();
                        S::Result(outcome)
                    }
                    None => {
                        if let Some(h) = &mut self.handoff {
                            h.phone = p.state;
                        }
                        s
                    }
                }
            }
            (S::Consent, Action::ConsentGiven) => self.first_capture_screen(),
            (S::Consent, Action::ConsentDeclined) => S::Declined,
            (S::ChooseDocument, Action::ChooseDocument(d)) if self.allows(d) => {
                if self.document != Some(d) {
                    self.clear_captures();
                }
                self.document = Some(d);
                S::Capture(Side::Front)
            }
            (S::Capture(side), Action::Captured(c))
                if !c.from_file || (side != Side::Selfie && self.allows_files()) =>
            {
                *self.side_slot(side) = Some(c);
                S::Review(side)
            }
            (S::Capture(side), Action::CameraFailed(problem)) => S::CameraProblem { side, problem },
            (S::Capture(side), Action::Back) => self.previous_review(side),
            (S::CameraProblem { side, problem }, Action::RetryCamera)
                if problem.retry_can_help() =>
            {
                S::Capture(side)
            }
            (S::CameraProblem { side, .. }, Action::Back) => self.previous_review(side),
            // A document picture from a file, where the session allows it.
            (S::CameraProblem { side, problem }, Action::Captured(c)) => {
                if c.from_file && side != Side::Selfie && self.allows_files() {
                    *self.side_slot(side) = Some(c);
                    S::Review(side)
                } else {
                    S::CameraProblem { side, problem }
                }
            }
            // With the session's retakes used up, the picture stays: the review screen offers
            // the other ways forward instead.
            (S::Review(side), Action::Retake | Action::Back)
                if self.retakes_left(side) == Some(0) =>
            {
                S::Review(side)
            }
            (S::Review(side), Action::Retake | Action::Back) => {
                *self.side_slot(side) = None;
                self.retakes[side.index()] += 1;
                S::Capture(side)
            }
            (S::Review(side), Action::UsePhoto) => match self.next_side(side) {
                Some(next) => S::Capture(next),
                None => {
                    self.submission += 1;
                    S::Sending
                }
            },
            (S::Sending, Action::Decided(outcome)) => {
                if !matches!(outcome, Outcome::Error { .. }) {
                    // FAIL means the pictures did not prove the identity: never resend them.
                    // PASS means we are done. Either way, let go of the images now.
                    self.clear_captures();
                }
                S::Result(outcome)
            }
            (S::Result(outcome), Action::TryAgain) => match outcome {
                Outcome::Fail {
                    retry_allowed: true,
                    ..
                } => self.first_capture_screen(),
                Outcome::Error {
                    retry_allowed: true,
                    ..
                } if self.selfie.is_some() => {
                    self.submission += 1;
                    S::Sending
                }
                Outcome::Error {
                    retry_allowed: true,
                    ..
                } => self.first_capture_screen(),
                other => S::Result(other),
            },
            (screen, _) => screen,
        };
        self
    }

    /// Whether the session lets document pictures come from a file.
    fn allows_files(&self) -> bool {
        self.config
            .as_ref()
            .is_some_and(|c| c.allow_document_upload)
    }

    fn allows(&self, d: DocumentType) -> bool {
        self.config
            .as_ref()
            .is_some_and(|c| c.document_types.contains(&d))
    }
}

impl Reducible for Journey {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

#[cfg(test)]
mod tests;
