//! The verification journey as a pure state machine: a [`Journey`] and the [`Action`]s that move
//! it. No browser types here, so every transition is unit-tested on the host. Effects (camera,
//! network, postMessage) are started by components according to the current [`Screen`].

mod camera_problem;
mod handoff;
mod outcome;
mod photo;
mod screen;
mod wallet;

pub use camera_problem::{CameraEnvironment, CameraProblem};
pub use handoff::{ended_by, rotate_after_secs, Device, Ended, Handoff, PhoneIntro};
pub use outcome::Outcome;
pub use photo::{shot_outcome, Capture, Checked, ShotOutcome, Side};
pub use screen::{CodeRefused, LaunchError, Screen};
pub use wallet::{ask_failed, WalletAnswer, WalletProblem, WalletSupport};

use std::rc::Rc;

use idv_wire::{
    DocumentType, HandoffCreated, HandoffProgress, HandoffState, Locale, SessionConfig,
    SessionMode, SessionStatus,
};
use yew::Reducible;

/// Where the patient is, and what the journey holds so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    /// The screen shown.
    pub screen: Screen,
    /// The language it speaks.
    pub locale: Locale,
    /// The session, once loaded.
    pub config: Option<SessionConfig>,
    /// The document chosen.
    pub document: Option<DocumentType>,
    /// The front (or the passport data page), once taken.
    pub front: Option<Capture>,
    /// The back of a card, once taken.
    pub back: Option<Capture>,
    /// The selfie, once taken.
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
    /// On a phone: what its first screen says (from the redeemed handoff).
    pub phone: Option<PhoneIntro>,
    /// Whether this browser (and frame) can ask the patient's wallet.
    pub wallet_support: WalletSupport,
    /// The wallet's licence, once the gateway accepted it: submitted with the selfie instead of
    /// pictures of a card, once (dropped with the pictures).
    pub wallet: Option<WalletAnswer>,
    /// Why the wallet did not help, said on the document choice.
    pub wallet_notice: Option<WalletProblem>,
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
            phone: None,
            wallet_support: WalletSupport::Unsupported,
            wallet: None,
            wallet_notice: None,
        }
    }
}

/// What can happen to the journey: from the patient, the gateway, the browser or the host.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The session configuration arrived.
    Loaded(SessionConfig),
    /// The session could not be loaded (or the link could not be redeemed).
    LaunchFailed(LaunchError),
    /// The gateway recorded the patient's consent.
    ConsentGiven,
    /// The gateway recorded the patient's decline.
    ConsentDeclined,
    /// The patient chose a document.
    ChooseDocument(DocumentType),
    /// A picture was taken on the current capture screen.
    Captured(Capture),
    /// The camera could not start.
    CameraFailed(CameraProblem),
    /// "Try again" on a camera problem.
    RetryCamera,
    /// "Retake" on the review screen.
    Retake,
    /// "Use this photo" on the review screen.
    UsePhoto,
    /// "Back".
    Back,
    /// The verification was decided (or the submission failed).
    Decided(Outcome),
    /// From a result that allows it: start again (FAIL) or resend (ERROR).
    TryAgain,
    /// The language changed (the session's, the host's or the patient's choice).
    SetLocale(Locale),
    /// The host page asked the widget to stop.
    HostCancelled,
    /// Whether the browser looks like a computer (see [`Device::Desktop`]).
    DeviceDetected {
        /// A fine pointer that can hover.
        desktop: bool,
    },
    /// The page has no launch link: on a page of its own (`top_level`) ask for a code, else
    /// the host's link is broken.
    NoLink {
        /// The page is not framed by a host.
        top_level: bool,
    },
    /// A typed code was refused.
    CodeRefused(CodeRefused),
    /// A handoff link or code was redeemed: this is the patient's phone; the session loads next.
    PhoneLinked(PhoneIntro),
    /// "Continue" on the phone's first screen: on to the phone's own consent.
    PhoneContinue,
    /// The journey ended on this device before a decision (see [`Ended`]).
    Ended(Ended),
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
    /// Whether this browser and frame can ask a wallet (found once at launch).
    WalletDetected(WalletSupport),
    /// Whether the session takes a wallet's licence now (the gateway says so once consent is
    /// given).
    WalletOffered(bool),
    /// "Use the digital ID in your phone's wallet" pressed.
    UseWallet,
    /// The gateway accepted the wallet's licence: on to the selfie.
    WalletAccepted(WalletAnswer),
    /// The wallet gave nothing the gateway accepts: back to the cards, saying why.
    WalletFailed(WalletProblem),
    /// The host's frame forbids asking the wallet: ask from a top-level window instead.
    WalletFrameBlocked,
    /// The wallet's window did open (or the browser blocked it): a later link opens nothing
    /// by itself.
    WalletWindowOpened,
    /// "Open the window again": a fresh link (the last may be spent), opened when it arrives.
    OpenWalletWindow,
}

impl Journey {
    fn side_slot(&mut self, side: Side) -> &mut Option<Capture> {
        match side {
            Side::Front => &mut self.front,
            Side::Back => &mut self.back,
            Side::Selfie => &mut self.selfie,
        }
    }

    /// The picture taken of `side`, if any.
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

    /// Whether the document choice offers the patient's wallet: the session takes it, the
    /// browser can ask one (here or from a window of its own), and a driver's licence is
    /// accepted.
    pub fn offers_wallet(&self) -> bool {
        self.config.as_ref().is_some_and(|c| c.wallet)
            && self.wallet_support != WalletSupport::Unsupported
            && !self.is_reverify()
            && self.allows(DocumentType::DriversLicense)
    }

    /// The wallet's window: the handoff screen, its link opened by this page in a new window.
    fn wallet_window(&mut self) -> Screen {
        self.handoff = Some(Handoff {
            request: 1,
            window: true,
            open: true,
            ..Handoff::default()
        });
        Screen::Handoff {
            back_to: Box::new(Screen::ChooseDocument),
        }
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

    /// The review before capturing `side` (where Back goes). Back from a wallet's selfie is
    /// back to the document choice, without the wallet's answer.
    fn previous_review(&mut self, side: Side) -> Screen {
        if side == Side::Selfie && self.wallet.take().is_some() {
            return Screen::ChooseDocument;
        }
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

    /// Lets go of the pictures, and of the wallet's answer: it is sent with them once.
    fn clear_captures(&mut self) {
        self.front = None;
        self.back = None;
        self.selfie = None;
        self.wallet = None;
        self.retakes = [0; 3];
    }

    /// Retakes of `side` the session still allows; `None`: no limit.
    pub fn retakes_left(&self, side: Side) -> Option<u32> {
        let max = self.config.as_ref()?.max_retakes?;
        Some(max.saturating_sub(self.retakes[side.index()]))
    }

    /// The pure transition function.
    pub fn apply(self, action: Action) -> Self {
        let mut next = self.step(action);
        // A notice about the wallet belongs to the document choice it was said on.
        if next.screen != Screen::ChooseDocument {
            next.wallet_notice = None;
        }
        next
    }

    fn step(mut self, action: Action) -> Self {
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
            Action::WalletDetected(support) => {
                self.wallet_support = support;
                return self;
            }
            Action::WalletOffered(offered) => {
                if let Some(c) = &mut self.config {
                    c.wallet = offered;
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
            (s @ S::Result(_), Action::Ended(_)) => s,
            (_, Action::Ended(e)) => {
                self.clear_captures();
                self.handoff = None;
                S::Ended(e)
            }
            (S::Loading, Action::Loaded(config)) => {
                self.locale = config.locale;
                let status = config.status;
                let can_try = config.attempts_used < config.max_attempts;
                self.config = Some(config);
                match status {
                    SessionStatus::Pending => S::Consent,
                    // A phone first says who asks and why, then asks its own consent.
                    SessionStatus::InProgress if can_try && self.device == Device::Phone => {
                        S::PhoneIntro
                    }
                    SessionStatus::InProgress if can_try => self.first_capture_screen(),
                    SessionStatus::Cancelled => S::Ended(Ended::Cancelled),
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
            (S::Loading | S::EnterCode { .. }, Action::PhoneLinked(intro)) => {
                self.device = Device::Phone;
                self.phone = Some(intro);
                S::Loading
            }
            (S::PhoneIntro, Action::PhoneContinue) => S::Consent,
            // Declining on the phone ends the handoff, not the session.
            (S::PhoneIntro | S::Consent, Action::ConsentDeclined)
                if self.device == Device::Phone =>
            {
                S::Ended(Ended::PhoneStopped)
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
            (s @ S::Handoff { .. }, Action::WalletWindowOpened) => {
                if let Some(h) = &mut self.handoff {
                    h.open = false;
                }
                s
            }
            (s @ S::Handoff { .. }, Action::OpenWalletWindow) => {
                // Always a fresh link: the window may have used (and closed on) the last one.
                if let Some(h) = self.handoff.as_mut().filter(|h| h.window) {
                    h.request += 1;
                    h.open = true;
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
            (S::ChooseDocument, Action::UseWallet) if self.offers_wallet() => {
                match self.wallet_support {
                    WalletSupport::FrameBlocked => self.wallet_window(),
                    _ => S::Wallet,
                }
            }
            (S::Wallet, Action::WalletAccepted(answer)) => {
                self.clear_captures();
                self.document = Some(DocumentType::DriversLicense);
                self.wallet = Some(answer);
                S::Capture(Side::Selfie)
            }
            (S::Wallet, Action::WalletFailed(problem)) => {
                if problem.withdraws_offer() {
                    self.wallet_support = WalletSupport::Unsupported;
                }
                self.wallet_notice = Some(problem);
                S::ChooseDocument
            }
            (S::Wallet, Action::WalletFrameBlocked) => {
                self.wallet_support = WalletSupport::FrameBlocked;
                self.wallet_window()
            }
            // "Use my plastic card instead" while the wallet is asked.
            (S::Wallet, Action::Back) => S::ChooseDocument,
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
            (S::Sending, Action::Decided(Outcome::Error { code, .. }))
                if ended_by(&code).is_some() =>
            {
                self.clear_captures();
                ended_by(&code).map_or(S::Sending, S::Ended)
            }
            (S::Sending, Action::Decided(outcome)) => {
                // A wallet's answer is spent once sent (or may be): an error is never resent
                // with it; trying again starts at the document choice.
                if !matches!(outcome, Outcome::Error { .. })
                    || outcome.needs_new_pictures()
                    || self.wallet.is_some()
                {
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
