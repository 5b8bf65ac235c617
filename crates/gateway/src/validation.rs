//! Whether a request may go ahead: session creation, the parts of a submission, the session's
//! state. Pure functions; no I/O.

use idv_wire::{
    CreateSessionRequest, DocumentType, ErrorCode, SessionMode, SessionStatus, MAX_RETAKES_LIMIT,
};

use crate::config::is_exact_origin;
use crate::db::SessionRow;
use crate::error::{Error, Refusal};

/// Checks a create-session request; returns the document types to allow.
pub fn validate_create(
    req: &CreateSessionRequest,
    allowed_origins: &[String],
) -> Result<Vec<DocumentType>, Refusal> {
    let field = |name: &'static str, value: &str, max: usize| {
        if value.trim().is_empty() || value.len() > max {
            Err(Refusal::new(
                ErrorCode::InvalidField,
                format!("{name} is required and at most {max} characters"),
            ))
        } else {
            Ok(())
        }
    };
    field("patient_ref", &req.patient_ref, 128)?;
    field("first_name", &req.first_name, 100)?;
    field("last_name", &req.last_name, 100)?;
    if req.nonce.len() < 8
        || req.nonce.len() > 128
        || !req.nonce.chars().all(|c| c.is_ascii_graphic())
    {
        return Err(Refusal::new(
            ErrorCode::InvalidField,
            "nonce is required: 8 to 128 printable ASCII characters, fresh for each session",
        ));
    }
    if !is_date(&req.date_of_birth) {
        return Err(Refusal::new(
            ErrorCode::InvalidField,
            "date_of_birth must be YYYY-MM-DD",
        ));
    }
    if !is_exact_origin(&req.host_origin) {
        return Err(Refusal::new(
            ErrorCode::InvalidHostOrigin,
            "host_origin must be an exact origin such as https://mychart.example.org",
        ));
    }
    if !allowed_origins.iter().any(|o| o == &req.host_origin) {
        return Err(Refusal::new(
            ErrorCode::HostOriginNotAllowed,
            "host_origin is not in the gateway's allowed_host_origins",
        ));
    }
    if req.mode == SessionMode::Reverify {
        return Ok(vec![]);
    }
    let mut types = if req.document_types.is_empty() {
        DocumentType::ALL.to_vec()
    } else {
        req.document_types.clone()
    };
    // Keep the first of each type, in the host's order (`dedup` only drops adjacent repeats).
    let mut seen = Vec::with_capacity(types.len());
    types.retain(|t| {
        let first = !seen.contains(t);
        seen.push(*t);
        first
    });
    Ok(types)
}

/// A session's retry policy, checked against the gateway's ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Submissions allowed in the session.
    pub max_attempts: u32,
    /// Retakes allowed per picture; `None`: no limit.
    pub max_retakes: Option<u32>,
}

/// The host may lower the number of attempts, never raise it past the gateway's `max_attempts`
/// (also the default); retakes per picture are bounded by [`MAX_RETAKES_LIMIT`].
pub fn retry_policy(req: &CreateSessionRequest, ceiling: u32) -> Result<RetryPolicy, Refusal> {
    let max_attempts = match req.max_attempts {
        None => ceiling,
        Some(n) if (1..=ceiling).contains(&n) => n,
        Some(_) => {
            return Err(Refusal::new(
                ErrorCode::InvalidField,
                format!(
                    "max_attempts must be between 1 and {ceiling} (the gateway's max_attempts)"
                ),
            ))
        }
    };
    if req.max_retakes.is_some_and(|n| n > MAX_RETAKES_LIMIT) {
        return Err(Refusal::new(
            ErrorCode::InvalidField,
            format!("max_retakes must be between 0 and {MAX_RETAKES_LIMIT}"),
        ));
    }
    Ok(RetryPolicy {
        max_attempts,
        max_retakes: req.max_retakes,
    })
}

/// The `from_files` field: the document sides chosen from files. The selfie never is (liveness
/// needs the camera); anything else is refused, not ignored.
pub fn sides_from_files(text: &str) -> Result<Vec<&'static str>, Refusal> {
    let mut sides = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let side = match part {
            "front" => "front",
            "back" => "back",
            "selfie" => {
                return Err(Refusal::new(
                    ErrorCode::SelfieFromFile,
                    "the selfie must come from the camera",
                ))
            }
            _ => {
                return Err(Refusal::new(
                    ErrorCode::InvalidField,
                    "from_files lists front and/or back",
                ))
            }
        };
        if !sides.contains(&side) {
            sides.push(side);
        }
    }
    Ok(sides)
}

/// What a submission is, once its parts are checked against the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    /// A document verification of this type.
    Document(DocumentType),
    /// A selfie-only re-verification.
    Selfie,
    /// A driver's licence from the patient's wallet (checked by the gateway) and a selfie.
    Wallet,
}

impl Submitted {
    /// The `document_type` column.
    pub fn column(self) -> &'static str {
        match self {
            Submitted::Document(d) => d.as_str(),
            Submitted::Selfie => "selfie",
            Submitted::Wallet => "mdl",
        }
    }
}

/// Checks which parts a submission carries against the session's mode and document types.
/// `wallet`: it carries a wallet's licence (`mdl_request` and `mdl_response`) instead of
/// pictures of a document: a driver's licence, so the session must allow one.
pub fn check_submission(
    mode: SessionMode,
    document: Option<DocumentType>,
    has: [bool; 3],
    allowed: &[DocumentType],
    wallet: bool,
) -> Result<Submitted, Refusal> {
    let [front, back, selfie] = has;
    if !selfie {
        return Err(Refusal::new(
            ErrorCode::MissingImage,
            "a selfie is required",
        ));
    }
    if mode == SessionMode::Reverify {
        if document.is_some() || front || back || wallet {
            return Err(Refusal::new(
                ErrorCode::UnexpectedImage,
                "a re-verification takes a selfie only",
            ));
        }
        return Ok(Submitted::Selfie);
    }
    if wallet {
        if front || back {
            return Err(Refusal::new(
                ErrorCode::UnexpectedImage,
                "a wallet's licence comes without pictures of a document",
            ));
        }
        if document.is_some_and(|d| d != DocumentType::DriversLicense)
            || !allowed.contains(&DocumentType::DriversLicense)
        {
            return Err(Refusal::new(
                ErrorCode::DocumentTypeNotAllowed,
                "a wallet's licence is a driver's licence, which this session does not accept",
            ));
        }
        return Ok(Submitted::Wallet);
    }
    let document = document
        .ok_or_else(|| Refusal::new(ErrorCode::MissingField, "document_type is required"))?;
    if !allowed.contains(&document) {
        return Err(Refusal::new(
            ErrorCode::DocumentTypeNotAllowed,
            "this session does not accept that document type",
        ));
    }
    if !front {
        return Err(Refusal::new(
            ErrorCode::MissingImage,
            "a front image is required",
        ));
    }
    match (document.needs_back(), back) {
        (true, false) => Err(Refusal::new(
            ErrorCode::MissingImage,
            "this document needs a back image",
        )),
        (false, true) => Err(Refusal::new(
            ErrorCode::UnexpectedImage,
            "a passport has no back image",
        )),
        _ => Ok(Submitted::Document(document)),
    }
}

/// `YYYY-MM-DD` with a real calendar date.
pub fn is_date(s: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    s.len() == 10 && time::Date::parse(s, &format).is_ok()
}

/// The `document_types` column: the types' wire names, comma-separated.
pub fn document_types_to_column(types: &[DocumentType]) -> String {
    types
        .iter()
        .map(|d| d.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The types of a `document_types` column (empty for a re-verification). A name that is not a
/// document type means a corrupted row: an error, never a shorter list.
pub fn document_types_from_column(column: &str) -> Result<Vec<DocumentType>, Error> {
    column
        .split(',')
        .filter(|name| !name.is_empty())
        .map(|name| {
            DocumentType::parse(name).ok_or_else(|| {
                Error::invariant(format!("unknown document type {name:?} in a session row"))
            })
        })
        .collect()
}

/// Why a session cannot take a submission, if it cannot.
pub fn submit_blocker(session_status: SessionStatus) -> Option<Refusal> {
    match session_status {
        SessionStatus::InProgress => None,
        SessionStatus::Pending => Some(Refusal::new(
            ErrorCode::ConsentRequired,
            "the patient has not given consent yet",
        )),
        SessionStatus::Declined => Some(Refusal::new(
            ErrorCode::SessionDeclined,
            "the patient declined; start a new session",
        )),
        SessionStatus::Completed => Some(Refusal::new(
            ErrorCode::AlreadySubmitted,
            "this session already has a passing verification",
        )),
        SessionStatus::Failed => Some(Refusal::new(
            ErrorCode::AttemptsExhausted,
            "every attempt of this session has been used",
        )),
        SessionStatus::Cancelled => Some(Refusal::session_cancelled()),
    }
}

/// Whether a phone may still redeem a handoff of a session with this status at `now`: only
/// while it is in progress and unexpired (never once decided, declined, cancelled or expired).
pub fn check_open_for_handoff(
    status: SessionStatus,
    expires_at: i64,
    now: i64,
) -> Result<(), Refusal> {
    match status {
        SessionStatus::Cancelled => Err(Refusal::session_cancelled()),
        SessionStatus::Completed | SessionStatus::Failed | SessionStatus::Declined => {
            Err(session_ended())
        }
        // A handoff is only made after consent; a pending session never has one.
        SessionStatus::Pending => Err(Refusal::new(
            ErrorCode::ConsentRequired,
            "the patient has not given consent yet",
        )),
        SessionStatus::InProgress if now >= expires_at => Err(Refusal::new(
            ErrorCode::ExpiredToken,
            "the capture session has expired",
        )),
        SessionStatus::InProgress => Ok(()),
    }
}

fn session_ended() -> Refusal {
    Refusal::new(
        ErrorCode::SessionEnded,
        "this verification already ended (passed, failed, declined or expired)",
    )
}

/// What the host's cancel does with a session in this state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CancelStep {
    /// Cancel it now.
    Cancel,
    /// Already cancelled: answer as the first time (idempotent).
    AlreadyCancelled,
    /// Refused (`session_ended`, or `already_submitted` while a verification is pending).
    Refuse(Refusal),
}

/// The host may cancel a session that is pending or in progress and unexpired, with no
/// verification pending (its decision is on its way: wait for it); cancelling again answers
/// the same; a decided, declined or expired session answers `session_ended` (409).
pub fn cancel_step(status: SessionStatus, expires_at: i64, pending: bool, now: i64) -> CancelStep {
    match status {
        SessionStatus::Cancelled => CancelStep::AlreadyCancelled,
        SessionStatus::Completed | SessionStatus::Failed | SessionStatus::Declined => {
            CancelStep::Refuse(session_ended())
        }
        SessionStatus::Pending | SessionStatus::InProgress if now >= expires_at => {
            CancelStep::Refuse(session_ended())
        }
        SessionStatus::Pending | SessionStatus::InProgress if pending => {
            CancelStep::Refuse(Refusal::new(
                ErrorCode::AlreadySubmitted,
                "a verification of this session is being decided; its outcome will come",
            ))
        }
        SessionStatus::Pending | SessionStatus::InProgress => CancelStep::Cancel,
    }
}

/// The shortest side, in pixels, of a picture the gateway sends to 1Kosmos. The widget sends a
/// card cropped from a camera frame: at 720p (the laptop webcam floor) a card at the least fill
/// the widget accepts (`frame_vision::MIN_DOCUMENT_FILL`) is a ~530 px tall crop, and a selfie
/// is 720 px; a 640×480 camera still gives ~300–480 px. Below 320 px a PDF417 barcode or an
/// MRZ line cannot be read, so the call would only be billed to fail.
pub const MIN_IMAGE_SHORT_SIDE: u16 = 320;
/// The longest side, in pixels: the widget asks the camera for 2,560 px and scales chosen
/// files to 2,000; a 4K camera frame (3,840) still fits. It bounds what one decode allocates
/// (at most 4,096² × 3 bytes, 50 MB) whatever the upload's byte size.
pub const MAX_IMAGE_LONG_SIDE: u16 = 4096;

/// A picture fit to send: it decodes as a baseline or progressive JPEG (8-bit grey or colour),
/// and its sides are within [`MIN_IMAGE_SHORT_SIDE`] and [`MAX_IMAGE_LONG_SIDE`]. The size is
/// read from the header first, so an oversized picture is refused before it is decoded. CPU
/// work (a decode): run it off the async threads.
pub fn check_image(side: &str, jpeg: &[u8]) -> Result<(), Refusal> {
    let unusable = |why: &str| {
        Refusal::new(
            ErrorCode::ImageUnusable,
            format!("the {side} picture {why}; take it again"),
        )
    };
    let mut decoder = jpeg_decoder::Decoder::new(jpeg);
    decoder
        .read_info()
        .map_err(|_| unusable("is not a readable JPEG"))?;
    let info = decoder
        .info()
        .ok_or_else(|| unusable("is not a readable JPEG"))?;
    let (short, long) = (info.width.min(info.height), info.width.max(info.height));
    if short < MIN_IMAGE_SHORT_SIDE {
        return Err(unusable(&format!(
            "is {}×{} px: its shorter side must be at least {MIN_IMAGE_SHORT_SIDE} px",
            info.width, info.height
        )));
    }
    if long > MAX_IMAGE_LONG_SIDE {
        return Err(unusable(&format!(
            "is {}×{} px: its longer side must be at most {MAX_IMAGE_LONG_SIDE} px",
            info.width, info.height
        )));
    }
    if !matches!(
        info.pixel_format,
        jpeg_decoder::PixelFormat::L8 | jpeg_decoder::PixelFormat::RGB24
    ) {
        return Err(unusable("is not an 8-bit grey or colour JPEG"));
    }
    decoder.decode().map_err(|_| unusable("does not decode"))?;
    Ok(())
}

/// Pictures from files only where the session allows them (`allow_document_upload`).
pub fn check_sources(from_files: &[&str], allow_document_upload: bool) -> Result<(), Refusal> {
    if !from_files.is_empty() && !allow_document_upload {
        return Err(Refusal::new(
            ErrorCode::DocumentUploadNotAllowed,
            "this session takes pictures from the camera only",
        ));
    }
    Ok(())
}

/// `expired_token` once a session's time is up.
pub fn check_unexpired(session: &SessionRow, now: i64) -> Result<(), Refusal> {
    if now >= session.expires_at {
        return Err(Refusal::new(
            ErrorCode::ExpiredToken,
            "the capture session has expired; start a new one",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod image_tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8])
        });
        fixtures::jpeg(&img)
    }

    fn code(r: Result<(), Refusal>) -> Option<ErrorCode> {
        r.err().map(|e| e.code)
    }

    #[test]
    fn a_picture_must_decode_and_be_of_a_sane_size() {
        assert_eq!(code(check_image("front", &jpeg(1280, 720))), None);
        assert_eq!(code(check_image("selfie", &jpeg(320, 480))), None);
        let unusable = Some(ErrorCode::ImageUnusable);
        assert_eq!(code(check_image("front", &jpeg(480, 319))), unusable);
        assert_eq!(code(check_image("front", &jpeg(4097, 400))), unusable);
        // The 8-byte "smallest thing that passes as a JPEG" by its magic number does not.
        let magic = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0xFF, 0xD9];
        assert_eq!(code(check_image("back", &magic)), unusable);
        // A real header whose scan data was cut off does not decode.
        let whole = jpeg(640, 480);
        assert_eq!(
            code(check_image("back", &whole[..whole.len() / 3])),
            unusable
        );
        assert_eq!(code(check_image("back", b"")), unusable);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use idv_wire::{Locale, Trigger};

    fn request() -> CreateSessionRequest {
        CreateSessionRequest {
            patient_ref: "MRN1".into(),
            first_name: "Ana".into(),
            last_name: "Diaz".into(),
            date_of_birth: "1950-02-28".into(),
            trigger: Trigger::Signup,
            document_types: vec![],
            host_origin: "https://h.example".into(),
            locale: Locale::Es,
            nonce: "nonce-123456".into(),
            mode: SessionMode::Full,
            reverify_of: None,
            max_attempts: None,
            max_retakes: None,
            allow_document_upload: false,
        }
    }

    #[test]
    fn only_document_sides_may_come_from_files() {
        assert_eq!(
            sides_from_files("front, back,front").unwrap(),
            ["front", "back"]
        );
        assert!(sides_from_files("").unwrap().is_empty());
        assert_eq!(
            sides_from_files("selfie").unwrap_err().code,
            ErrorCode::SelfieFromFile
        );
        assert_eq!(
            sides_from_files("front,portrait").unwrap_err().code,
            ErrorCode::InvalidField
        );
    }

    #[test]
    fn a_session_expires_at_its_expiry_second() {
        let session = |expires_at| SessionRow {
            expires_at,
            ..crate::enrolment::tests::session("MRN1", "full", None)
        };
        assert_eq!(check_unexpired(&session(100), 99), Ok(()));
        assert_eq!(
            check_unexpired(&session(100), 100).unwrap_err().code,
            ErrorCode::ExpiredToken
        );
    }

    #[test]
    fn files_only_where_the_session_allows_them() {
        assert_eq!(check_sources(&[], false), Ok(()));
        assert_eq!(check_sources(&["front"], true), Ok(()));
        assert_eq!(
            check_sources(&["front"], false).unwrap_err().code,
            ErrorCode::DocumentUploadNotAllowed
        );
    }

    #[test]
    fn a_session_may_lower_its_attempts_but_never_raise_them_past_the_gateway() {
        let policy = |attempts, retakes| {
            retry_policy(
                &CreateSessionRequest {
                    max_attempts: attempts,
                    max_retakes: retakes,
                    ..request()
                },
                3,
            )
        };
        assert_eq!(
            policy(None, None).unwrap(),
            RetryPolicy {
                max_attempts: 3,
                max_retakes: None
            }
        );
        assert_eq!(policy(Some(1), Some(0)).unwrap().max_attempts, 1);
        assert_eq!(policy(Some(1), Some(0)).unwrap().max_retakes, Some(0));
        assert_eq!(policy(Some(3), Some(20)).unwrap().max_retakes, Some(20));
        for bad in [
            policy(Some(0), None),
            policy(Some(4), None),
            policy(None, Some(21)),
        ] {
            assert_eq!(bad.unwrap_err().code, ErrorCode::InvalidField);
        }
    }

    #[test]
    fn create_requests_are_validated_field_by_field() {
        let allowed = vec!["https://h.example".to_owned()];
        assert_eq!(
            validate_create(&request(), &allowed).unwrap(),
            DocumentType::ALL.to_vec()
        );
        let mut r = request();
        r.date_of_birth = "1950-02-30".into();
        assert_eq!(
            validate_create(&r, &allowed).unwrap_err().code,
            ErrorCode::InvalidField
        );
        let mut r = request();
        r.host_origin = "https://evil.example".into();
        assert_eq!(
            validate_create(&r, &allowed).unwrap_err().code,
            ErrorCode::HostOriginNotAllowed
        );
        let mut r = request();
        r.host_origin = "*".into();
        assert_eq!(
            validate_create(&r, &allowed).unwrap_err().code,
            ErrorCode::InvalidHostOrigin
        );
        let mut r = request();
        r.nonce = "short".into();
        assert_eq!(
            validate_create(&r, &allowed).unwrap_err().code,
            ErrorCode::InvalidField
        );
        let mut r = request();
        use DocumentType::*;
        r.document_types = vec![Passport, IdCard, Passport, DriversLicense, IdCard];
        assert_eq!(
            validate_create(&r, &allowed).unwrap(),
            vec![Passport, IdCard, DriversLicense],
            "duplicates anywhere are dropped, the host's order kept"
        );
        let mut r = request();
        r.first_name = "  ".into();
        assert_eq!(
            validate_create(&r, &allowed).unwrap_err().code,
            ErrorCode::InvalidField
        );
    }

    #[test]
    fn only_sessions_in_progress_accept_a_submission() {
        assert!(submit_blocker(SessionStatus::InProgress).is_none());
        assert_eq!(
            submit_blocker(SessionStatus::Cancelled).unwrap().code,
            ErrorCode::SessionCancelled
        );
        assert_eq!(
            submit_blocker(SessionStatus::Pending).unwrap().code,
            ErrorCode::ConsentRequired
        );
        assert_eq!(
            submit_blocker(SessionStatus::Declined).unwrap().code,
            ErrorCode::SessionDeclined
        );
        assert_eq!(
            submit_blocker(SessionStatus::Completed).unwrap().code,
            ErrorCode::AlreadySubmitted
        );
        assert_eq!(
            submit_blocker(SessionStatus::Failed).unwrap().code,
            ErrorCode::AttemptsExhausted
        );
    }

    #[test]
    fn submissions_must_fit_the_session_mode() {
        use DocumentType::*;
        let all = DocumentType::ALL;
        let ok = check_submission(
            SessionMode::Full,
            Some(DriversLicense),
            [true, true, true],
            &all,
            false,
        );
        assert_eq!(ok.unwrap(), Submitted::Document(DriversLicense));
        let code = |r: Result<Submitted, Refusal>| r.unwrap_err().code;
        assert_eq!(
            code(check_submission(
                SessionMode::Full,
                Some(DriversLicense),
                [true, false, true],
                &all,
                false
            )),
            ErrorCode::MissingImage
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Full,
                Some(Passport),
                [true, true, true],
                &all,
                false
            )),
            ErrorCode::UnexpectedImage
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Full,
                None,
                [true, false, true],
                &all,
                false
            )),
            ErrorCode::MissingField
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Full,
                Some(IdCard),
                [true, true, true],
                &[Passport],
                false
            )),
            ErrorCode::DocumentTypeNotAllowed
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Full,
                Some(Passport),
                [true, false, false],
                &all,
                false
            )),
            ErrorCode::MissingImage
        );
        assert_eq!(
            check_submission(
                SessionMode::Reverify,
                None,
                [false, false, true],
                &[],
                false
            )
            .unwrap(),
            Submitted::Selfie
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Reverify,
                None,
                [true, false, true],
                &[],
                false
            )),
            ErrorCode::UnexpectedImage
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Reverify,
                Some(Passport),
                [false, false, true],
                &[],
                false
            )),
            ErrorCode::UnexpectedImage
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Reverify,
                None,
                [false, false, true],
                &[],
                true
            )),
            ErrorCode::UnexpectedImage
        );
        // A wallet's licence: a driver's licence, with the selfie and no pictures of a card.
        assert_eq!(
            check_submission(SessionMode::Full, None, [false, false, true], &all, true).unwrap(),
            Submitted::Wallet
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Full,
                None,
                [true, false, true],
                &all,
                true
            )),
            ErrorCode::UnexpectedImage
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Full,
                Some(Passport),
                [false, false, true],
                &all,
                true
            )),
            ErrorCode::DocumentTypeNotAllowed
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Full,
                None,
                [false, false, true],
                &[Passport, IdCard],
                true
            )),
            ErrorCode::DocumentTypeNotAllowed
        );
        assert_eq!(
            code(check_submission(
                SessionMode::Full,
                None,
                [false, false, false],
                &all,
                true
            )),
            ErrorCode::MissingImage
        );
    }

    #[test]
    fn document_type_columns_round_trip() {
        let types = [DocumentType::Passport, DocumentType::IdCard];
        assert_eq!(
            document_types_from_column(&document_types_to_column(&types)).unwrap(),
            types.to_vec()
        );
        assert_eq!(document_types_from_column("").unwrap(), vec![]);
        // A corrupted row is an error, never a shorter list.
        assert_eq!(
            document_types_from_column("passport,licence").map_err(|e| e.to_string()),
            Err("unknown document type \"licence\" in a session row".to_owned())
        );
    }

    #[test]
    fn only_a_session_in_progress_and_unexpired_takes_a_phone() {
        use SessionStatus as S;
        let code = |status, now| {
            check_open_for_handoff(status, 100, now)
                .err()
                .map(|r| r.code)
        };
        assert_eq!(code(S::InProgress, 99), None);
        assert_eq!(code(S::InProgress, 100), Some(ErrorCode::ExpiredToken));
        assert_eq!(code(S::Cancelled, 0), Some(ErrorCode::SessionCancelled));
        for ended in [S::Completed, S::Failed, S::Declined] {
            assert_eq!(code(ended, 0), Some(ErrorCode::SessionEnded), "{ended:?}");
        }
        assert_eq!(code(S::Pending, 0), Some(ErrorCode::ConsentRequired));
    }

    #[test]
    fn the_host_cancels_open_sessions_once_and_never_a_decided_one() {
        use SessionStatus as S;
        let refused = |step: CancelStep| match step {
            CancelStep::Refuse(r) => Some(r.code),
            _ => None,
        };
        assert_eq!(cancel_step(S::Pending, 100, false, 0), CancelStep::Cancel);
        assert_eq!(
            cancel_step(S::InProgress, 100, false, 0),
            CancelStep::Cancel
        );
        assert_eq!(
            cancel_step(S::Cancelled, 100, false, 500),
            CancelStep::AlreadyCancelled
        );
        for ended in [S::Completed, S::Failed, S::Declined] {
            assert_eq!(
                refused(cancel_step(ended, 100, false, 0)),
                Some(ErrorCode::SessionEnded)
            );
        }
        assert_eq!(
            refused(cancel_step(S::InProgress, 100, false, 100)),
            Some(ErrorCode::SessionEnded),
            "expired"
        );
        assert_eq!(
            refused(cancel_step(S::InProgress, 100, true, 0)),
            Some(ErrorCode::AlreadySubmitted),
            "a decision on its way"
        );
    }
}
