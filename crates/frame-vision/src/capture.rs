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
        self.push_keepable(report, true, keep)
    }

    /// [`AutoCapture::push`], where a good frame that is not `keepable` counts towards the
    /// streak but is never the one handed back (a live selfie frame that carried the previous
    /// frame's faces instead of looking for them all: its picture was not fully checked).
    pub fn push_keepable(
        &mut self,
        report: &Report,
        keepable: bool,
        keep: impl FnOnce() -> T,
    ) -> Option<T> {
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
        if keepable && self.best.as_ref().is_none_or(|(s, _)| sharpness > *s) {
            self.best = Some((sharpness, keep()));
        }
        // A streak of frames none of which may be handed back goes on until one may.
        if self.streak < self.needed || self.best.is_none() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Quality, Side};

    fn good(sharpness: f32) -> Report {
        let mut r = Report::nothing_yet(Side::Selfie, 4, 4, 128.0);
        r.quality = Some(Quality {
            brightness: 128.0,
            paper: 200.0,
            saturated: 0.0,
            glare: 0.0,
            sharpness,
            edges: None,
        });
        r
    }

    #[test]
    fn the_sharpest_good_frame_of_the_streak_is_handed_back() {
        let mut a = AutoCapture::new(3);
        assert_eq!(a.push(&good(10.0), || 1), None);
        assert_eq!(a.push(&good(30.0), || 2), None);
        assert_eq!(a.push(&good(20.0), || 3), Some(2));
        assert_eq!(a.push(&good(99.0), || 4), None, "fires once");
    }

    #[test]
    fn a_frame_not_keepable_counts_towards_the_streak_but_is_never_handed_back() {
        let mut a = AutoCapture::new(3);
        assert_eq!(a.push_keepable(&good(10.0), true, || 1), None);
        assert_eq!(a.push_keepable(&good(90.0), false, || 2), None);
        assert_eq!(a.streak(), 2);
        assert_eq!(a.push_keepable(&good(20.0), true, || 3), Some(3));
    }

    #[test]
    fn a_streak_without_a_keepable_frame_waits_for_one() {
        let mut a = AutoCapture::new(2);
        assert_eq!(a.push_keepable(&good(10.0), false, || 1), None);
        assert_eq!(a.push_keepable(&good(20.0), false, || 2), None);
        assert!(!a.has_fired(), "fired with nothing to hand back");
        assert_eq!(a.push_keepable(&good(5.0), true, || 3), Some(3));
    }
}
