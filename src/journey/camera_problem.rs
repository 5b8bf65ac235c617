//! What went wrong with the camera, and what the browser says about cameras before any is
//! asked for.

/// What went wrong with the camera: found before asking (the page cannot use a camera at all) or
/// from the `DOMException` that `getUserMedia` rejected with. Each names its cause, so the
/// patient reads steps that can help and the host learns which side must act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameraProblem {
    /// `NotAllowedError` while the page may use the camera: the patient (or their browser
    /// settings) refused permission.
    Denied,
    /// The embedding page's permissions policy forbids the camera (an iframe without
    /// `allow="camera"`): only the host can fix it.
    BlockedByHost,
    /// `NotFoundError`: no camera.
    NotFound,
    /// `NotReadableError`: another app holds the camera.
    InUse,
    /// `OverconstrainedError`: no camera can satisfy the request.
    Unsuitable,
    /// Not a secure context (plain `http://`): browsers offer no camera there.
    InsecureContext,
    /// A secure context without `navigator.mediaDevices`, or `SecurityError`: this browser
    /// cannot use a camera here.
    Unsupported,
    /// Anything else.
    Other,
}

/// What the browser says about cameras before any is asked for. Each field is `None` when the
/// browser does not tell (an older browser without `permissionsPolicy`, for instance); only a
/// definite answer names a cause.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CameraEnvironment {
    /// `window.isSecureContext`.
    pub secure_context: Option<bool>,
    /// Whether `navigator.mediaDevices` exists.
    pub media_devices: Option<bool>,
    /// `document.permissionsPolicy.allowsFeature('camera')` (or the older `featurePolicy`).
    pub policy_allows_camera: Option<bool>,
}

impl CameraProblem {
    /// Every problem, for tables and tests.
    pub const ALL: [CameraProblem; 8] = [
        Self::Denied,
        Self::BlockedByHost,
        Self::NotFound,
        Self::InUse,
        Self::Unsuitable,
        Self::InsecureContext,
        Self::Unsupported,
        Self::Other,
    ];

    /// A problem that makes asking for the camera pointless, found before asking. The page's
    /// own conditions come first: on plain http nothing else matters, and a host's policy
    /// blocks the camera whatever the patient answers.
    pub fn before_asking(env: &CameraEnvironment) -> Option<Self> {
        if env.secure_context == Some(false) {
            Some(Self::InsecureContext)
        } else if env.policy_allows_camera == Some(false) {
            Some(Self::BlockedByHost)
        } else if env.media_devices == Some(false) {
            Some(Self::Unsupported)
        } else {
            None
        }
    }

    /// The problem for a `getUserMedia` rejection with DOMException `name` and `message`. A
    /// refusal is the host's policy, not the patient, when the policy forbids the camera or the
    /// browser says so in its message ("…permissions policy…").
    pub fn from_failure(name: &str, message: &str, env: &CameraEnvironment) -> Self {
        match Self::from_dom_name(name) {
            Self::Denied
                if env.policy_allows_camera == Some(false)
                    || message.to_ascii_lowercase().contains("policy") =>
            {
                Self::BlockedByHost
            }
            other => other,
        }
    }

    /// The problem a `getUserMedia` rejection names (its `DOMException` name).
    pub fn from_dom_name(name: &str) -> Self {
        match name {
            "NotAllowedError" | "PermissionDeniedError" => Self::Denied,
            "NotFoundError" | "DevicesNotFoundError" => Self::NotFound,
            "NotReadableError" | "TrackStartError" | "AbortError" => Self::InUse,
            "OverconstrainedError" | "ConstraintNotSatisfiedError" => Self::Unsuitable,
            "SecurityError" | "TypeError" => Self::Unsupported,
            _ => Self::Other,
        }
    }

    /// The code of the `error` message to the host.
    pub fn code(self) -> &'static str {
        match self {
            Self::Denied => "camera_denied",
            Self::BlockedByHost => "camera_blocked_by_host",
            Self::NotFound => "no_camera",
            Self::InUse => "camera_in_use",
            Self::Unsuitable => "camera_unsuitable",
            Self::InsecureContext => "insecure_context",
            Self::Unsupported => "camera_unsupported",
            Self::Other => "camera_error",
        }
    }

    /// Whether asking again, after the patient acts, can succeed. The page's own conditions
    /// (its policy, its address, the browser) do not change while it is open.
    pub fn retry_can_help(self) -> bool {
        !matches!(
            self,
            Self::BlockedByHost | Self::InsecureContext | Self::Unsupported
        )
    }
}
