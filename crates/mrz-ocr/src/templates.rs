//! The OCR-B glyph templates: every MRZ character's ink coverage in a `TW × TH` box, as the
//! regular cut of the fixtures' OCR-B font draws it (`ocrb-templates.bin`, written by
//! `cargo run -p fixtures --bin make-ocrb-templates`; a fixtures test checks it is current).

use std::sync::OnceLock;

/// The MRZ alphabet, in the templates' order.
pub const ALPHABET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
/// Template width: one character pitch.
pub const TW: usize = 16;
/// Template height: 19/16 of the pitch, from above the digits' tops (1.10 pitches over the
/// baseline; capitals 1.00) to [`BELOW_BASELINE`] under it.
pub const TH: usize = 19;
/// The box's bottom lies this many pitches under the baseline.
pub const BELOW_BASELINE: f32 = 0.05;

static BYTES: &[u8] = include_bytes!("ocrb-templates.bin");

/// Each template with its mean removed and scaled to unit norm.
pub(crate) fn get() -> &'static [Vec<f32>] {
    static NORMALISED: OnceLock<Vec<Vec<f32>>> = OnceLock::new();
    NORMALISED.get_or_init(|| {
        BYTES
            .chunks_exact(TW * TH)
            .map(|t| {
                let mean = t.iter().map(|&v| f32::from(v)).sum::<f32>() / t.len() as f32;
                let centred: Vec<f32> = t.iter().map(|&v| f32::from(v) - mean).collect();
                let norm = centred.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-6);
                centred.into_iter().map(|v| v / norm).collect()
            })
            .collect()
    })
}

/// The raw templates (coverage 0–255), for the check that they match the font.
pub fn raw() -> &'static [u8] {
    BYTES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_is_one_template_per_character() {
        assert_eq!(BYTES.len(), ALPHABET.len() * TW * TH);
        assert_eq!(get().len(), ALPHABET.len());
    }
}
