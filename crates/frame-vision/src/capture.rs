//! Auto-capture: fires after a streak of good frames and hands back the sharpest of them,
//! not the last one.

use crate::{Report, Verdict};

/// Counts good frames in a row and keeps the sharpest one seen in the streak.
#[derive(Debug)]
pub struct AutoCapture<T> {
    needed: u32,
    streak: u32,
    best: Option<(f32, T)>,
    fired: bool,
}

impl<T> AutoCapture<T> {
    /// Fires on the `needed`-th good frame in a row (at least 1).
    pub fn new(needed: u32) -> Self {
        Self {
            needed: needed.max(1),
            streak: 0,
            best: None,
            fired: false,
        }
    }

    /// Feeds one analysed frame. `keep` makes the frame's payload (e.g. its pixels) and is only
    /// called when this frame is the sharpest good one so far. Returns the sharpest good frame
    /// of the streak, once, when the streak completes.
    pub fn push(&mut self, report: &Report, keep: impl FnOnce() -> T) -> Option<T> {
        if self.fired {
            return None;
        }
        if report.verdict != Verdict::Good {
            self.streak = 0;
            self.best = None;
            return None;
        }
        self.streak += 1;
        let sharpness = report.sharpness().unwrap_or(0.0);
        if self.best.as_ref().is_none_or(|(s, _)| sharpness > *s) {
            self.best = Some((sharpness, keep()));
        }
        if self.streak < self.needed {
            return None;
        }
        self.fired = true;
        self.best.take().map(|(_, t)| t)
    }

    /// Good frames so far in the current streak.
    pub fn streak(&self) -> u32 {
        self.streak
    }

    /// Whether the streak completed (and its frame was handed back) since the last reset.
    pub fn has_fired(&self) -> bool {
        self.fired
    }

    /// Starts over (e.g. after the patient retakes a picture).
    pub fn reset(&mut self) {
        self.streak = 0;
        self.best = None;
        self.fired = false;
    }
}
