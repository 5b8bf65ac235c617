//! The widget's conversation with its analysis worker (`vision-worker`, a Web Worker of the same
//! origin), and the vocabulary of the on-device checks both sides share.
//!
//! Each message is one JSON string. A frame travels beside it as a transferred `ImageBitmap`
//! (page → worker) and a capture as a transferred JPEG `ArrayBuffer` (worker → page); pixels
//! never go through JSON.

use serde::{Deserialize, Serialize};

/// What is being captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// A card's front.
    Front,
    /// A card's back, with its PDF417 barcode.
    Back,
    /// A passport's data page, with its MRZ.
    Passport,
    /// The patient's face.
    Selfie,
}

impl Side {
    /// Every side, in capture order.
    pub const ALL: [Side; 4] = [Side::Front, Side::Back, Side::Passport, Side::Selfie];

    /// The snake_case name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Front => "front",
            Side::Back => "back",
            Side::Passport => "passport",
            Side::Selfie => "selfie",
        }
    }

    /// The side named `s` (`front`, `back`, `passport`, `selfie`).
    pub fn parse(s: &str) -> Option<Side> {
        Side::ALL.into_iter().find(|side| side.as_str() == s)
    }

    /// Documents are cropped and may be used anyway; a selfie may not.
    pub fn is_document(self) -> bool {
        self != Side::Selfie
    }
}

/// `Good`, or the one thing the patient should fix first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every check passed.
    Good,
    /// No document in the frame (or something that is not one).
    NoDocument,
    /// The document runs off the frame's edge.
    CutOff,
    /// The document fills too little of the frame.
    MoveCloser,
    /// The document is turned or skewed too far.
    Tilted,
    /// The picture moved between frames.
    HoldStill,
    /// Too little light.
    TooDark,
    /// Washed out by too much light.
    TooBright,
    /// A bright reflection covers part of the document.
    Glare,
    /// Not sharp enough to read.
    Blurry,
    /// The back's barcode does not decode.
    BarcodeUnreadable,
    /// No machine-readable zone on the passport page.
    MrzMissing,
    /// The MRZ is there but its characters do not read with valid check digits.
    MrzUnreadable,
    /// No face in the selfie frame.
    NoFace,
    /// More than one face.
    SeveralFaces,
    /// The face is too far from the camera.
    FaceTooSmall,
    /// The face is not in the oval.
    FaceOffCentre,
    /// The face is turned away from the camera.
    NotLooking,
}

impl Verdict {
    /// Every verdict, `Good` first.
    pub const ALL: [Verdict; 18] = [
        Verdict::Good,
        Verdict::NoDocument,
        Verdict::CutOff,
        Verdict::MoveCloser,
        Verdict::Tilted,
        Verdict::HoldStill,
        Verdict::TooDark,
        Verdict::TooBright,
        Verdict::Glare,
        Verdict::Blurry,
        Verdict::BarcodeUnreadable,
        Verdict::MrzMissing,
        Verdict::MrzUnreadable,
        Verdict::NoFace,
        Verdict::SeveralFaces,
        Verdict::FaceTooSmall,
        Verdict::FaceOffCentre,
        Verdict::NotLooking,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Good => "good",
            Verdict::NoDocument => "no_document",
            Verdict::CutOff => "cut_off",
            Verdict::MoveCloser => "move_closer",
            Verdict::Tilted => "tilted",
            Verdict::HoldStill => "hold_still",
            Verdict::TooDark => "too_dark",
            Verdict::TooBright => "too_bright",
            Verdict::Glare => "glare",
            Verdict::Blurry => "blurry",
            Verdict::BarcodeUnreadable => "barcode_unreadable",
            Verdict::MrzMissing => "mrz_missing",
            Verdict::MrzUnreadable => "mrz_unreadable",
            Verdict::NoFace => "no_face",
            Verdict::SeveralFaces => "several_faces",
            Verdict::FaceTooSmall => "face_too_small",
            Verdict::FaceOffCentre => "face_off_centre",
            Verdict::NotLooking => "not_looking",
        }
    }
}

/// A check a picture passed, shown on the review screen ("Barcode read", "No glare").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// The whole document is in the picture, close and straight enough.
    DocumentFound,
    /// Neither too dark nor washed out.
    WellLit,
    /// No reflection on the document.
    NoGlare,
    /// In focus.
    Sharp,
    /// The PDF417 barcode decoded on the device.
    BarcodeRead,
    /// The passport's machine-readable zone is there and sharp.
    MrzFound,
    /// The passport's machine-readable zone read on the device, every check digit holding.
    MrzRead,
    /// Exactly one face, large enough, centred, looking at the camera.
    FaceFound,
}

/// A corner in analysis-frame coordinates divided by the frame's width and height (0–1).
pub type Corner = [f32; 2];

/// What the worker saw in one frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sighting {
    /// The verdict on this frame.
    pub verdict: Verdict,
    /// The document's corners, or the face box's, clockwise from top left, normalised.
    pub outline: Option<[Corner; 4]>,
    /// The checks this frame passed.
    pub checks: Vec<Check>,
    /// Good frames in a row so far, and how many make an automatic capture.
    pub streak: u32,
    /// See `streak`.
    pub needed: u32,
    /// Analysis time of this frame in the worker, milliseconds.
    pub ms: f32,
}

/// Page → worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToWorker {
    /// A new capture step: forget the previous frames.
    Start {
        /// What is being captured.
        side: Side,
    },
    /// A preview frame to analyse (an `ImageBitmap` travels beside the message).
    Frame {
        /// The page's frame counter, echoed in the answer.
        seq: u32,
    },
    /// The patient pressed the shutter: analyse this frame and return it as a JPEG whatever
    /// the verdict (an `ImageBitmap` travels beside the message).
    Shoot {
        /// The page's frame counter, echoed in the answer.
        seq: u32,
    },
    /// The capture step ended: drop any frame kept.
    Stop,
}

/// Worker → page. Externally tagged (`"ready"`, `{"seen": {…}}`): the page parses these, and
/// serde's internally tagged form would add ~7 KB gzip of buffering code to its wasm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker is loaded (the face model too) and takes frames.
    Ready,
    /// The worker cannot analyse frames; the page falls back to the manual shutter alone.
    Unavailable {
        /// For the developer console, never shown to the patient.
        reason: String,
    },
    /// The analysis of a preview frame.
    Seen {
        /// The frame's `seq`.
        seq: u32,
        /// What was seen.
        sighting: Sighting,
    },
    /// A picture to use (a JPEG `ArrayBuffer` travels beside the message): the sharpest good
    /// frame of a streak (`auto`), or the frame of a shutter press, judged as it is.
    Captured {
        /// The `seq` of the frame that triggered it.
        seq: u32,
        /// Automatic capture, or the shutter.
        auto: bool,
        /// The verdict on the picture sent (for a shutter press it may not be `Good`).
        sighting: Sighting,
        /// The JPEG's size in pixels.
        width: u32,
        /// See `width`.
        height: u32,
    },
    /// A frame could not be read or encoded.
    Failed {
        /// The frame's `seq`.
        seq: u32,
        /// For the developer console.
        reason: String,
    },
}

impl ToWorker {
    /// The message as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| unreachable!("plain data serialises"))
    }
}

impl FromWorker {
    /// The message as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| unreachable!("plain data serialises"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_round_trip_by_name() {
        for side in Side::ALL {
            assert_eq!(Side::parse(side.as_str()), Some(side));
            let json = serde_json::to_string(&side).expect("serialises");
            assert_eq!(json, format!("\"{}\"", side.as_str()));
        }
        assert_eq!(Side::parse("Front"), None);
        assert!(!Side::Selfie.is_document() && Side::Back.is_document());
    }

    #[test]
    fn verdict_names_match_their_json() {
        for v in Verdict::ALL {
            let json = serde_json::to_string(&v).expect("serialises");
            assert_eq!(json, format!("\"{}\"", v.as_str()));
        }
    }

    #[test]
    fn messages_are_tagged_json_both_ways() {
        let start = ToWorker::Start { side: Side::Back };
        assert_eq!(start.to_json(), r#"{"type":"start","side":"back"}"#);
        let back: ToWorker = serde_json::from_str(&start.to_json()).expect("parses");
        assert_eq!(back, start);
        let seen = FromWorker::Seen {
            seq: 7,
            sighting: Sighting {
                verdict: Verdict::BarcodeUnreadable,
                outline: Some([[0.1, 0.2], [0.9, 0.2], [0.9, 0.8], [0.1, 0.8]]),
                checks: vec![Check::DocumentFound, Check::Sharp],
                streak: 0,
                needed: 3,
                ms: 4.5,
            },
        };
        let parsed: FromWorker = serde_json::from_str(&seen.to_json()).expect("parses");
        assert_eq!(parsed, seen);
        assert!(seen.to_json().starts_with(r#"{"seen":{"seq":7,"#));
        assert_eq!(FromWorker::Ready.to_json(), r#""ready""#);
        assert!(serde_json::from_str::<FromWorker>(r#"{"seen":{"seq":7}}"#).is_err());
        assert!(serde_json::from_str::<FromWorker>(r#"{"type":"seen"}"#).is_err());
        assert!(serde_json::from_str::<ToWorker>(r#"{"type":"shoot","seq":-1}"#).is_err());
    }
}
