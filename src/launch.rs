//! The iframe URL carries `#session=<id>&token=<capture token>` in its fragment (never the query:
//! fragments are not sent to servers or in `Referer`). A phone opened from "Continue on your
//! phone" carries `#handoff=<one-time token>` instead, which it redeems for a launch.

use idv_wire::ErrorCode;

use crate::api::ApiFailure;
use crate::journey::LaunchError;

/// What the widget was launched with: its session and capture token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    /// The capture session's id.
    pub session_id: String,
    /// Its capture token (the embedded widget's, or a phone's own).
    pub token: String,
}

/// Parses `location.hash`; `None` when either part is missing or malformed.
pub fn parse_fragment(hash: &str) -> Option<Launch> {
    let mut session_id = None;
    let mut token = None;
    for pair in hash.trim_start_matches('#').split('&') {
        let Some((key, value)) = pair.split_once('=') else {
            continue;
        };
        let valid = !value.is_empty()
            && value.len() <= 128
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return None;
        }
        match key {
            "session" => session_id = Some(value.to_owned()),
            "token" => token = Some(value.to_owned()),
            _ => {}
        }
    }
    Some(Launch {
        session_id: session_id?,
        token: token?,
    })
}

/// The fragment that launches `launch`: `session=<id>&token=<token>` (what [`parse_fragment`]
/// reads).
pub fn fragment_of(launch: &Launch) -> String {
    format!("session={}&token={}", launch.session_id, launch.token)
}

/// What the page launches from, given its address's fragment `hash` and the launch this tab
/// remembered (`stored`, a fragment): the address's when it carries one, else the remembered
/// one. The capture token leaves the address bar once read (it would otherwise stay in the
/// history, a screenshot or a shared screen), so a reload finds it only in the tab's memory.
pub fn launch_source<'a>(hash: &'a str, stored: Option<&'a str>) -> &'a str {
    let hash = hash.trim_start_matches('#');
    if hash.is_empty() {
        stored.unwrap_or_default()
    } else {
        hash
    }
}

/// The one-time token of a handoff link (`#handoff=<token>`), if that is what the page carries.
pub fn handoff_token(hash: &str) -> Option<String> {
    let value = hash.trim_start_matches('#').strip_prefix("handoff=")?;
    let valid = !value.is_empty()
        && value.len() <= 128
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then(|| value.to_owned())
}

/// A typed code, if it can be one: 8 letters and digits once spaces and dashes are dropped
/// (the gateway maps look-alike letters and says whether it knows it).
pub fn typed_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    (code.len() == 8 && code.chars().all(|c| c.is_ascii_alphanumeric())).then_some(code)
}

/// What a refused handoff (link or code) means for the patient.
pub fn handoff_error_for(failure: &ApiFailure) -> LaunchError {
    match failure {
        ApiFailure::Network => LaunchError::Network,
        f if f.status() >= 500 => LaunchError::Network,
        ApiFailure::Refused { code, .. } => match code {
            ErrorCode::RateLimited => LaunchError::Network,
            ErrorCode::HandoffUsed => LaunchError::HandoffUsed,
            ErrorCode::HandoffExpired => LaunchError::HandoffExpired,
            // Another code of the session was used, or the computer went on: this one is spent.
            ErrorCode::HandoffRevoked => LaunchError::HandoffUsed,
            ErrorCode::SessionEnded | ErrorCode::SessionCancelled => LaunchError::Finished,
            ErrorCode::ExpiredToken => LaunchError::Expired,
            _ => LaunchError::HandoffUnknown,
        },
        ApiFailure::Unexpected { .. } => LaunchError::HandoffUnknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_wins_and_a_reload_finds_the_remembered_launch() {
        let launch = Launch {
            session_id: "s-1".into(),
            token: "t_2".into(),
        };
        let remembered = fragment_of(&launch);
        assert_eq!(parse_fragment(&remembered), Some(launch));
        assert_eq!(
            launch_source("#session=a&token=b", Some(&remembered)),
            "session=a&token=b"
        );
        assert_eq!(launch_source("", Some(&remembered)), remembered);
        assert_eq!(launch_source("#", Some(&remembered)), remembered);
        assert_eq!(launch_source("", None), "");
        assert_eq!(launch_source("#handoff=x", None), "handoff=x");
    }

    #[test]
    fn reads_a_handoff_token_and_nothing_else() {
        assert_eq!(handoff_token("#handoff=Ab_c-9").as_deref(), Some("Ab_c-9"));
        assert_eq!(handoff_token("#handoff="), None);
        assert_eq!(handoff_token("#handoff=a<b"), None);
        assert_eq!(handoff_token("#session=s&token=t"), None);
        assert_eq!(handoff_token(""), None);
    }

    #[test]
    fn a_typed_code_needs_eight_letters_or_digits() {
        assert_eq!(typed_code(" abcd-2345 ").as_deref(), Some("abcd2345"));
        assert_eq!(typed_code("ABCD 2345"), Some("ABCD2345".into()));
        assert_eq!(typed_code("ABCD-234"), None);
        assert_eq!(typed_code("ABCD-234!"), None);
        assert_eq!(typed_code(""), None);
    }

    fn refused(status: u16, code: ErrorCode) -> ApiFailure {
        ApiFailure::Refused { status, code }
    }

    #[test]
    fn refused_handoffs_explain_themselves() {
        use ErrorCode as C;
        use LaunchError as L;
        let f = |status, code| handoff_error_for(&refused(status, code));
        assert_eq!(f(410, C::HandoffUsed), L::HandoffUsed);
        assert_eq!(f(410, C::HandoffExpired), L::HandoffExpired);
        assert_eq!(f(410, C::HandoffRevoked), L::HandoffUsed);
        assert_eq!(f(409, C::SessionEnded), L::Finished);
        assert_eq!(f(410, C::SessionCancelled), L::Finished);
        assert_eq!(f(404, C::NotFound), L::HandoffUnknown);
        assert_eq!(f(400, C::InvalidCode), L::HandoffUnknown);
        assert_eq!(handoff_error_for(&ApiFailure::Network), L::Network);
        assert_eq!(f(429, C::RateLimited), L::Network);
        assert_eq!(f(401, C::ExpiredToken), L::Expired);
        assert_eq!(f(502, C::Unknown("bad_gateway".into())), L::Network);
        assert_eq!(
            handoff_error_for(&ApiFailure::Unexpected { status: 404 }),
            L::HandoffUnknown
        );
    }

    #[test]
    fn reads_session_and_token_from_the_fragment() {
        let l = parse_fragment("#session=0f3c-aa&token=AbC_d-9").unwrap();
        assert_eq!(l.session_id, "0f3c-aa");
        assert_eq!(l.token, "AbC_d-9");
        assert_eq!(
            parse_fragment("token=t&session=s&x=y").unwrap().session_id,
            "s"
        );
    }

    #[test]
    fn missing_or_odd_parts_are_refused() {
        assert_eq!(parse_fragment(""), None);
        assert_eq!(parse_fragment("#session=s"), None);
        assert_eq!(parse_fragment("#session=s&token="), None);
        assert_eq!(parse_fragment("#session=s&token=a<script>"), None);
    }
}

/// What a failed session load means for the patient.
pub fn launch_error_for(failure: &ApiFailure) -> LaunchError {
    match failure {
        ApiFailure::Network => LaunchError::Network,
        f if f.status() >= 500 => LaunchError::Network,
        ApiFailure::Refused {
            code: ErrorCode::ExpiredToken,
            ..
        } => LaunchError::Expired,
        _ => LaunchError::InvalidLink,
    }
}

#[cfg(test)]
mod error_tests {
    use super::*;

    #[test]
    fn load_failures_map_to_launch_errors() {
        let f = |status, code| launch_error_for(&ApiFailure::Refused { status, code });
        assert_eq!(launch_error_for(&ApiFailure::Network), LaunchError::Network);
        assert_eq!(f(502, ErrorCode::Internal), LaunchError::Network);
        assert_eq!(f(401, ErrorCode::ExpiredToken), LaunchError::Expired);
        assert_eq!(f(401, ErrorCode::InvalidToken), LaunchError::InvalidLink);
        assert_eq!(f(403, ErrorCode::WrongSession), LaunchError::InvalidLink);
        assert_eq!(
            launch_error_for(&ApiFailure::Unexpected { status: 200 }),
            LaunchError::InvalidLink
        );
    }
}
