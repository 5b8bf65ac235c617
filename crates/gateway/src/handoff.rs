//! "Continue on your phone": the pure parts of a handoff. A desktop widget asks for a one-time
//! link to its session; the link carries a random token in its fragment and comes with a short
//! code to type and the link's QR code. Redeeming either (once, before it expires) gives the
//! phone a capture token of its own for the same session. No I/O here.

use idv_wire::{HandoffState, QrPicture, VerificationStatus};
use qrcode::{Color, EcLevel, QrCode};
use rand_core::{OsRng, RngCore};

/// Crockford's base32 alphabet: no I, L, O or U, so nothing reads as another character.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in a short code (40 random bits).
pub const CODE_LEN: usize = 8;

/// A fresh short code: 8 random Crockford base32 characters, unformatted.
pub fn new_code() -> String {
    let mut bytes = [0u8; CODE_LEN];
    OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| char::from(CROCKFORD[usize::from(b & 31)]))
        .collect()
}

/// The code as patients read it: `XXXX-XXXX`.
pub fn format_code(code: &str) -> String {
    let (a, b) = code.split_at(code.len().min(CODE_LEN / 2));
    format!("{a}-{b}")
}

/// The canonical form of a typed code: spaces and dashes dropped, upper case, and the letters
/// Crockford reads as digits (O → 0, I and L → 1). `None` unless 8 characters of the alphabet
/// remain.
pub fn normalise_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    let valid = code.len() == CODE_LEN && code.bytes().all(|b| CROCKFORD.contains(&b));
    valid.then_some(code)
}

/// The link the QR code encodes: the widget with the handoff token in its fragment (never the
/// query: fragments are not sent to servers or in `Referer`).
pub fn link(public_url: &str, token: &str) -> String {
    format!("{}/#handoff={token}", public_url.trim_end_matches('/'))
}

/// `text` as a QR code (error correction M), drawn as one SVG path: each run of dark modules
/// in a row is one rectangle.
pub fn qr_picture(text: &str) -> Result<QrPicture, qrcode::types::QrError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)?;
    let size = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for (y, row) in colors.chunks(size).enumerate() {
        let mut x = 0;
        while x < size {
            if row[x] == Color::Dark {
                let start = x;
                while x < size && row[x] == Color::Dark {
                    x += 1;
                }
                let run = x - start;
                path.push_str(&format!("M{start} {y}h{run}v1h-{run}z"));
            } else {
                x += 1;
            }
        }
    }
    Ok(QrPicture {
        size: u32::try_from(size).unwrap_or(u32::MAX),
        path,
    })
}

/// Where the phone stands: `redeemed` when a link or code of the session was redeemed, and the
/// status of the session's latest verification submitted since.
pub fn state(redeemed: bool, latest: Option<VerificationStatus>) -> HandoffState {
    match (redeemed, latest) {
        (false, _) => HandoffState::Waiting,
        (true, Some(VerificationStatus::Pending)) => HandoffState::Checking,
        (true, Some(VerificationStatus::Pass | VerificationStatus::Fail)) => HandoffState::Decided,
        // No submission yet, or an ERROR the phone may send again: still the phone's turn.
        (true, None | Some(VerificationStatus::Error)) => HandoffState::PhoneConnected,
    }
}

/// Whether a phone's handoff ended because the patient stopped there (declined its consent, or
/// chose to stop), rather than the computer taking over or another phone redeeming a code.
pub fn phone_declined(revoked_reason: Option<&str>) -> bool {
    matches!(revoked_reason, Some("declined" | "stopped"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_desktop_hears_when_the_patient_stopped_on_the_phone() {
        assert!(phone_declined(Some("declined")));
        assert!(phone_declined(Some("stopped")));
        for other in [
            None,
            Some("desktop"),
            Some("redeemed_another"),
            Some("cancelled"),
        ] {
            assert!(!phone_declined(other), "{other:?}");
        }
    }

    #[test]
    fn codes_are_eight_crockford_characters_and_differ() {
        let a = new_code();
        assert_eq!(a.len(), CODE_LEN);
        assert!(a.bytes().all(|b| CROCKFORD.contains(&b)));
        let many: std::collections::HashSet<String> = (0..200).map(|_| new_code()).collect();
        assert!(many.len() > 195, "40 random bits rarely repeat");
        assert_eq!(format_code("ABCD2345"), "ABCD-2345");
    }

    #[test]
    fn typed_codes_are_forgiving_but_exact() {
        assert_eq!(normalise_code("abcd-2345").as_deref(), Some("ABCD2345"));
        assert_eq!(normalise_code(" AbCd 2345 ").as_deref(), Some("ABCD2345"));
        // Letters Crockford reads as digits.
        assert_eq!(normalise_code("oIlO-0000").as_deref(), Some("01100000"));
        assert_eq!(normalise_code("ABCD-234"), None, "too short");
        assert_eq!(normalise_code("ABCD-23456"), None, "too long");
        assert_eq!(
            normalise_code("ABCD-234U"),
            None,
            "U is not in the alphabet"
        );
        assert_eq!(normalise_code("ABCD-23é5"), None);
        assert_eq!(normalise_code(""), None);
    }

    #[test]
    fn the_link_carries_the_token_in_its_fragment() {
        assert_eq!(
            link("https://gw.example/", "tok_123"),
            "https://gw.example/#handoff=tok_123"
        );
    }

    #[test]
    fn the_qr_path_draws_exactly_the_dark_modules() {
        let text = "https://gw.example/#handoff=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
        let qr = qr_picture(text).unwrap();
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap();
        assert_eq!(qr.size as usize, code.width());
        assert!(
            qr.size >= 21 && (qr.size - 17).is_multiple_of(4),
            "a QR size: 17 + 4 × version"
        );
        // Paint the path back and compare with the code, module by module.
        let size = code.width();
        let mut painted = vec![false; size * size];
        for rect in qr.path.split('M').filter(|r| !r.is_empty()) {
            let (xy, rest) = rect.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let run: usize = rest.split_once('v').unwrap().0.parse().unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            for i in x..x + run {
                assert!(!painted[y * size + i], "no module drawn twice");
                painted[y * size + i] = true;
            }
        }
        let dark: Vec<bool> = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
        assert_eq!(painted, dark);
    }

    #[test]
    fn the_desktop_learns_where_the_phone_stands() {
        use VerificationStatus as V;
        assert_eq!(state(false, None), HandoffState::Waiting);
        assert_eq!(state(true, None), HandoffState::PhoneConnected);
        assert_eq!(state(true, Some(V::Pending)), HandoffState::Checking);
        assert_eq!(state(true, Some(V::Error)), HandoffState::PhoneConnected);
        assert_eq!(state(true, Some(V::Pass)), HandoffState::Decided);
        assert_eq!(state(true, Some(V::Fail)), HandoffState::Decided);
    }
}
