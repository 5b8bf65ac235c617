//! The pictures: which side is being taken, what the on-device checks said of it, and the
//! rule that keeps or refuses a shot.

use std::rc::Rc;

use idv_wire::vision::{Check, Side as VisionSide, Sighting, Verdict};
use idv_wire::DocumentType;

/// Which picture is being taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// Front of a card, or a passport's data page.
    Front,
    /// Back of a card (with the PDF417 barcode).
    Back,
    /// The live selfie.
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

    /// Its name (`front`, `back`, `selfie`): the submission's field and a component key.
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
        /// What the checks objected to.
        concern: Verdict,
        /// The checks that passed.
        passed: Vec<Check>,
    },
    /// The checks could not run in this browser.
    NotChecked,
}

/// A captured JPEG, kept in memory only until the submission.
#[derive(Clone, PartialEq)]
pub struct Capture {
    /// The JPEG bytes.
    pub jpeg: Rc<Vec<u8>>,
    /// What the on-device checks said of it.
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
