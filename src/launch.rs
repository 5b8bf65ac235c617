//! The iframe URL carries `#session=<id>&token=<capture token>` in its fragment (never the query:
//! fragments are not sent to servers or in `Referer`). A phone opened from "Continue on your
//! phone" carries `#handoff=<one-time token>` instead, which it redeems for a launch.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub session_id: String,
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
pub fn handoff_error_for(status: u16, code: &str) -> crate::journey::LaunchError {
    use crate::journey::LaunchError;
    match (status, code) {
        (0, _) | (429, _) | (500.., _) => LaunchError::Network,
        (410, "handoff_used") => LaunchError::HandoffUsed,
        (410, "handoff_expired") => LaunchError::HandoffExpired,
        (401, "expired_token") => LaunchError::Expired,
        _ => LaunchError::HandoffUnknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn refused_handoffs_explain_themselves() {
        use crate::journey::LaunchError as L;
        assert_eq!(handoff_error_for(410, "handoff_used"), L::HandoffUsed);
        assert_eq!(handoff_error_for(410, "handoff_expired"), L::HandoffExpired);
        assert_eq!(handoff_error_for(404, "not_found"), L::HandoffUnknown);
        assert_eq!(handoff_error_for(400, "invalid_code"), L::HandoffUnknown);
        assert_eq!(handoff_error_for(0, "network"), L::Network);
        assert_eq!(handoff_error_for(429, "rate_limited"), L::Network);
        assert_eq!(handoff_error_for(401, "expired_token"), L::Expired);
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
pub fn launch_error_for(status: u16, code: &str) -> crate::journey::LaunchError {
    use crate::journey::LaunchError;
    match (status, code) {
        (0, _) | (500.., _) => LaunchError::Network,
        (401, "expired_token") => LaunchError::Expired,
        _ => LaunchError::InvalidLink,
    }
}

#[cfg(test)]
mod error_tests {
    use super::*;
    use crate::journey::LaunchError;

    #[test]
    fn load_failures_map_to_launch_errors() {
        assert_eq!(launch_error_for(0, "network"), LaunchError::Network);
        assert_eq!(launch_error_for(502, "internal"), LaunchError::Network);
        assert_eq!(launch_error_for(401, "expired_token"), LaunchError::Expired);
        assert_eq!(
            launch_error_for(401, "invalid_token"),
            LaunchError::InvalidLink
        );
        assert_eq!(
            launch_error_for(403, "wrong_session"),
            LaunchError::InvalidLink
        );
    }
}
