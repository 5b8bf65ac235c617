//! The iframe URL carries `#session=<id>&token=<capture token>` in its fragment (never the query:
//! fragments are not sent to servers or in `Referer`).

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

#[cfg(test)]
mod tests {
    use super::*;

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
