//! Keeping the spoken instruction steady. The checks judge ~6 frames a second and a card held
//! at the edge of a threshold flips between two verdicts; announcing every flip would flood a
//! screen reader. A new instruction is shown once [`STEADY_FRAMES`] frames in a row agree.

use idv_wire::vision::Verdict;

/// Frames in a row a new instruction needs before it replaces the one shown (~0.3 s).
pub const STEADY_FRAMES: u32 = 2;

/// The instruction shown, and the one waiting to replace it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Steady {
    shown: Option<Verdict>,
    candidate: Option<(Verdict, u32)>,
}

/// "Good" and "hold still" say the same thing to the patient.
fn same_instruction(a: Verdict, b: Verdict) -> bool {
    let hold = |v| matches!(v, Verdict::Good | Verdict::HoldStill);
    a == b || (hold(a) && hold(b))
}

impl Steady {
    /// Feeds one frame's verdict; returns the instruction to show.
    pub fn push(&mut self, verdict: Verdict) -> Verdict {
        let Some(shown) = self.shown else {
            self.shown = Some(verdict);
            return verdict;
        };
        if same_instruction(shown, verdict) {
            self.shown = Some(verdict);
            self.candidate = None;
            return verdict;
        }
        let count = match self.candidate {
            Some((c, n)) if same_instruction(c, verdict) => n + 1,
            _ => 1,
        };
        if count >= STEADY_FRAMES {
            self.shown = Some(verdict);
            self.candidate = None;
            verdict
        } else {
            self.candidate = Some((verdict, count));
            shown
        }
    }

    /// Starts over (a new step, a retake).
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::*;

    #[test]
    fn a_flickering_verdict_does_not_change_what_is_said() {
        let mut s = Steady::default();
        let said: Vec<_> = [NoDocument, Glare, NoDocument, Glare, NoDocument]
            .into_iter()
            .map(|v| s.push(v))
            .collect();
        assert_eq!(said, [NoDocument; 5]);
    }

    #[test]
    fn a_lasting_change_is_said_on_its_second_frame() {
        let mut s = Steady::default();
        let said: Vec<_> = [NoDocument, Blurry, Blurry, Blurry, HoldStill, Good, Good]
            .into_iter()
            .map(|v| s.push(v))
            .collect();
        assert_eq!(
            said,
            [NoDocument, NoDocument, Blurry, Blurry, Blurry, Good, Good]
        );
        s.reset();
        assert_eq!(s.push(Tilted), Tilted, "a new step speaks at once");
    }
}
