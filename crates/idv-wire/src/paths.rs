//! The gateway's routes, written once: the gateway's router mounts these templates and the
//! widget fills them ([`fill`]). `{id}` is a session or verification id, `{vid}` a
//! verification id, `{patient_ref}` the host's reference to a patient.

/// `POST`: a host backend creates a capture session.
pub const SESSIONS: &str = "/v1/sessions";
/// `POST`: the host cancels a session.
pub const CANCEL: &str = "/v1/sessions/{id}/cancel";
/// `GET`: the host's record of a verification.
pub const VERIFICATION: &str = "/v1/verifications/{id}";
/// `GET`: the audit trail of a verification's session.
pub const VERIFICATION_AUDIT: &str = "/v1/verifications/{id}/audit";
/// `DELETE`: a host backend erases the portraits enrolled for one of its patients.
pub const PATIENT_ENROLMENT: &str = "/v1/patients/{patient_ref}/enrolment";
/// `GET`: the widget's view of its session.
pub const CAPTURE_SESSION: &str = "/v1/capture/sessions/{id}";
/// `POST`: the patient's consent.
pub const CONSENT: &str = "/v1/capture/sessions/{id}/consent";
/// `POST`: the pictures (multipart).
pub const SUBMIT: &str = "/v1/capture/sessions/{id}/submit";
/// `GET`: a verification as the widget polls it.
pub const PROGRESS: &str = "/v1/capture/sessions/{id}/verifications/{vid}";
/// `POST`: a "Continue on your phone" link; `GET ?from=`: where the phone stands; `DELETE`:
/// "Use this device instead" (every phone's token of the session dies).
pub const HANDOFF: &str = "/v1/capture/sessions/{id}/handoff";
/// `POST`: a phone redeems a handoff link or code.
pub const REDEEM: &str = "/v1/capture/handoffs/redeem";
/// `POST`: a request for the patient's wallet (a mobile driver's licence).
pub const MDL_REQUEST: &str = "/v1/capture/sessions/{id}/mdl/request";
/// `POST`: the wallet's answer, opened and checked at once.
pub const MDL_RESPONSE: &str = "/v1/capture/sessions/{id}/mdl/response";
/// `GET`: the gateway's result-token signing keys.
pub const JWKS: &str = "/.well-known/jwks.json";
/// `GET`: OpenID Connect discovery.
pub const OIDC_DISCOVERY: &str = "/.well-known/openid-configuration";
/// `POST`: a pushed authorization request (RFC 9126), with client credentials.
pub const OIDC_PAR: &str = "/oidc/par";
/// `GET ?client_id=&request_uri=`: the patient's browser starts the journey, full page.
pub const OIDC_AUTHORIZE: &str = "/oidc/authorize";
/// `POST`: code for tokens, with client credentials.
pub const OIDC_TOKEN: &str = "/oidc/token";
/// `GET`: the verified claims, with the access token.
pub const OIDC_USERINFO: &str = "/oidc/userinfo";
/// `POST`: the widget, at the end of a journey started at [`OIDC_AUTHORIZE`], asks where to
/// send the patient back (the client's redirect URI with a code or an error).
pub const OIDC_RETURN: &str = "/v1/capture/sessions/{id}/oidc/return";

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut path = template.to_owned();
    for (name, value) in values {
        path = path.replace(&format!("{{{name}}}"), value);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_with_ids() {
        assert_eq!(
            fill(PROGRESS, &[("id", "s1"), ("vid", "v1")]),
            "/v1/capture/sessions/s1/verifications/v1"
        );
        assert_eq!(
            fill(CONSENT, &[("id", "s1")]),
            "/v1/capture/sessions/s1/consent"
        );
        assert_eq!(fill(REDEEM, &[]), REDEEM);
        for p in [
            SESSIONS,
            CANCEL,
            VERIFICATION,
            VERIFICATION_AUDIT,
            PATIENT_ENROLMENT,
            CAPTURE_SESSION,
            CONSENT,
            SUBMIT,
            PROGRESS,
            HANDOFF,
            REDEEM,
            JWKS,
            OIDC_DISCOVERY,
            OIDC_PAR,
            OIDC_AUTHORIZE,
            OIDC_TOKEN,
            OIDC_USERINFO,
            OIDC_RETURN,
            MDL_REQUEST,
            MDL_RESPONSE,
        ] {
            assert!(p.starts_with('/'), "{p}");
            let filled = fill(p, &[("id", "x"), ("vid", "y"), ("patient_ref", "z")]);
            assert!(
                !filled.contains(['{', '}']),
                "{p}: only {{id}}, {{vid}} and {{patient_ref}}"
            );
        }
    }
}
