//! A mobile driver's licence from the patient's phone wallet, asked through the browser's
//! Digital Credentials API (issue 21): the request, the check of the answer as soon as it
//! arrives, and its use with the live selfie.
//!
//! Every check of the answer is [`mdoc_verify`]'s (the envelope, the issuer's signature and
//! trust, each element's digest, the validity, the phone's signature over this very request);
//! this module adds what only we know: the request belongs to this session, is answered once
//! and used once, was made for the widget's own origin (the gateway's `public_url`, never the
//! browser's word), and the licence is the patient the host named.
//!
//! The licence is checked twice: when the wallet answers (so the patient hears at once that it
//! cannot be used, and uses the card) and again, from the widget's copy of the sealed answer,
//! when the selfie is submitted. Nothing of the licence is stored between the two: the widget
//! keeps the sealed answer, which only this gateway's secret for this request opens; the
//! portrait goes to 1Kosmos with the selfie and is dropped with the decision.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use docuverify::identity::{bind, Extracted, Patient, Unbound};
use id_documents::names::Scheme;
use id_documents::Date;
use idv_wire::{DocumentType, ErrorCode, MdlRequest, SessionMode, SessionStatus};
use mdoc_verify::{Mdl, Refused, TrustAnchors};

use crate::db::{self, Audit, MdlMove, MdlRequestRow, SessionRow};
use crate::error::{Error, Refusal};
use crate::validation::document_types_from_column;
use crate::AppState;

/// How long a wallet request can be answered and its answer used with the selfie.
pub const REQUEST_TTL_SECS: i64 = 600;

/// Reads the trusted issuing authorities: every PEM file in a folder (`*.pem`, `*.crt`), or
/// one PEM file. None found is an error: a configured path that trusts nobody is a mistake.
pub fn load_anchors(path: &str) -> Result<TrustAnchors, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{path}: {e}"))?;
    let files = if meta.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| format!("{path}: {e}"))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("pem") || x.eq_ignore_ascii_case("crt"))
            })
            .collect();
        files.sort();
        files
    } else {
        vec![std::path::PathBuf::from(path)]
    };
    let mut anchors = TrustAnchors::default();
    for file in files {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let more = TrustAnchors::from_pem(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        anchors.extend(more);
    }
    if anchors.is_empty() {
        return Err(format!("{path}: no certificate found"));
    }
    Ok(anchors)
}

/// The origin of the widget's pages (scheme, host and port of `public_url`): the origin every
/// answer must have been made for.
pub fn widget_origin(public_url: &str) -> Option<String> {
    let url = url::Url::parse(public_url).ok()?;
    let origin = url.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// Whether `session` takes a wallet's licence now: the gateway trusts some issuer, the session
/// proofs in full, allows a driver's licence and has consent.
pub fn offered(app: &AppState, s: &SessionRow) -> bool {
    app.mdl_anchors.is_some()
        && s.mode == SessionMode::Full
        && s.status == SessionStatus::InProgress
        && document_types_from_column(&s.document_types)
            .is_ok_and(|d| d.contains(&DocumentType::DriversLicense))
}

/// `wallet_not_offered`: see [`offered`].
pub fn not_offered() -> Refusal {
    Refusal::new(
        ErrorCode::WalletNotOffered,
        "this session does not take a digital licence from a wallet",
    )
}

fn expired() -> Refusal {
    Refusal::new(ErrorCode::MdlExpired, "the wallet's licence has expired")
}

fn request_used() -> Refusal {
    Refusal::new(
        ErrorCode::MdlRequestUsed,
        "this wallet request was already answered or has expired; ask the wallet again",
    )
}

/// Makes a wallet request for `s` (at most `limits.max_mdl_requests` per session).
pub async fn new_request(app: &AppState, s: &SessionRow) -> Result<MdlRequest, Error> {
    if !offered(app, s) {
        return Err(not_offered().into());
    }
    let request = mdoc_verify::new_request(&mut rand_core::OsRng);
    let now = app.clock.now();
    let row = MdlRequestRow {
        id: uuid::Uuid::new_v4().to_string(),
        session_id: s.id.clone(),
        encryption_info: request.encryption_info.clone(),
        recipient_secret: B64.encode(request.recipient_secret),
        status: "pending".into(),
        outcome: None,
        created_at: now,
        expires_at: now + REQUEST_TTL_SECS,
    };
    let audit = Audit {
        event: "mdl.requested",
        detail: serde_json::json!({ "request_id": row.id }),
    };
    if !db::insert_mdl_request(&app.pool, &row, app.config.limits.max_mdl_requests, audit).await? {
        return Err(Refusal::new(
            ErrorCode::MdlRequestsExhausted,
            "this session asked wallets too many times; use the card instead",
        )
        .into());
    }
    Ok(MdlRequest {
        request_id: row.id,
        protocol: mdoc_verify::PROTOCOL.into(),
        device_request: request.device_request,
        encryption_info: request.encryption_info,
    })
}

/// Why a licence cannot be used, as the widget and the host hear it.
fn refusal_of(r: Refused) -> Refusal {
    match r {
        Refused::LicenceExpired => expired(),
        other => Refusal::new(ErrorCode::MdlRefused, other.message()),
    }
}

/// The licence is the patient the host named: given and family names (plain spelling, as a
/// card's barcode), birth date; and not expired (also checked by [`mdoc_verify`]).
pub fn bind_to_patient(mdl: &Mdl, s: &SessionRow, today: Date) -> Result<(), Unbound> {
    let birth_date = Date::parse_iso(&s.date_of_birth).ok_or(Unbound::Missing)?;
    let doc = Extracted {
        first_name: Some(mdl.given_name.clone()),
        last_name: Some(mdl.family_name.clone()),
        birth_date: Some(Date::parse_iso(&mdl.birth_date).ok_or(Unbound::Missing)?),
        expiry_date: Some(Date::parse_iso(&mdl.expiry_date).ok_or(Unbound::Missing)?),
    };
    let patient = Patient {
        first_name: &s.first_name,
        last_name: &s.last_name,
        birth_date,
    };
    bind(&doc, Scheme::Plain, patient, today)
}

fn unbound_refusal(u: Unbound) -> Refusal {
    match u {
        Unbound::Expired => expired(),
        Unbound::Name | Unbound::BirthDate => Refusal::new(
            ErrorCode::MdlMismatch,
            "the wallet's licence names someone other than the patient this session is for",
        ),
        Unbound::Missing => Refusal::new(
            ErrorCode::MdlRefused,
            "the wallet's licence lacks a name or date the decision needs",
        ),
    }
}

/// Opens and checks `response` for request row `r` of session `s`, and binds it.
fn check(
    app: &AppState,
    s: &SessionRow,
    r: &MdlRequestRow,
    response: &str,
) -> Result<Mdl, Refusal> {
    let anchors = app.mdl_anchors.as_deref().ok_or_else(not_offered)?;
    let origin = widget_origin(&app.config.public_url)
        .ok_or_else(|| Refusal::new(ErrorCode::Internal, "public_url has no origin"))?;
    let secret: [u8; 32] = B64
        .decode(&r.recipient_secret)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(request_used)?;
    let request = mdoc_verify::Request {
        device_request: String::new(),
        encryption_info: r.encryption_info.clone(),
        recipient_secret: secret,
    };
    let mdl = mdoc_verify::verify_response(response, &request, &origin, anchors, app.clock.now())
        .map_err(refusal_of)?;
    bind_to_patient(&mdl, s, app.clock.today()).map_err(unbound_refusal)?;
    Ok(mdl)
}

/// The request `id` of session `s`, in `status`, unexpired.
async fn request_of(
    app: &AppState,
    s: &SessionRow,
    id: &str,
    status: &str,
) -> Result<MdlRequestRow, Error> {
    let row = db::mdl_request(&app.pool, id)
        .await?
        .filter(|r| r.session_id == s.id)
        .ok_or_else(|| Refusal::not_found("wallet request"))?;
    if row.status != status || row.expires_at <= app.clock.now() {
        return Err(request_used().into());
    }
    Ok(row)
}

/// The wallet answered request `id`: check the licence now. Verified, the request waits for
/// the selfie ([`use_answer`]); refused, it is spent (audited `mdl.refused` with the reason).
pub async fn check_answer(
    app: &AppState,
    s: &SessionRow,
    id: &str,
    response: &str,
) -> Result<Mdl, Error> {
    if !offered(app, s) {
        return Err(not_offered().into());
    }
    let row = request_of(app, s, id, "pending").await?;
    let checked = check(app, s, &row, response);
    let now = app.clock.now();
    let (to, outcome, audit) = match &checked {
        Ok(mdl) => (
            "verified",
            mdl.issuing_authority.clone(),
            Audit {
                event: "mdl.verified",
                detail: serde_json::json!({
                    "request_id": id,
                    "issuing_authority": mdl.issuing_authority,
                    "issuing_country": mdl.issuing_country,
                }),
            },
        ),
        Err(refusal) => (
            "refused",
            refusal.code.as_str().to_owned(),
            Audit {
                event: "mdl.refused",
                detail: serde_json::json!({
                    "request_id": id,
                    "code": refusal.code.as_str(),
                    "reason": refusal.message,
                }),
            },
        ),
    };
    let moved = db::settle_mdl_request(
        &app.pool,
        MdlMove {
            id,
            session_id: &s.id,
            from: "pending",
            to,
            outcome: Some(&outcome),
            spend: checked.is_err(),
        },
        audit,
        now,
    )
    .await?;
    if !moved {
        return Err(request_used().into());
    }
    tracing::info!(session = %s.id, request = %id, outcome = to, "wallet answer checked");
    Ok(checked?)
}

/// The selfie arrived with the wallet's answer to request `id`: check it again and spend the
/// request (a licence answer is used once). The licence goes to the decision.
pub async fn use_answer(
    app: &AppState,
    s: &SessionRow,
    id: &str,
    response: &str,
) -> Result<Mdl, Error> {
    let row = request_of(app, s, id, "verified").await?;
    let mdl = check(app, s, &row, response)?;
    let moved = db::settle_mdl_request(
        &app.pool,
        MdlMove {
            id,
            session_id: &s.id,
            from: "verified",
            to: "used",
            outcome: None,
            spend: true,
        },
        Audit {
            event: "mdl.used",
            detail: serde_json::json!({ "request_id": id }),
        },
        app.clock.now(),
    )
    .await?;
    if !moved {
        return Err(request_used().into());
    }
    Ok(mdl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widget_origin_is_the_public_urls_scheme_host_and_port() {
        assert_eq!(
            widget_origin("https://idv.example.org/some/path").as_deref(),
            Some("https://idv.example.org")
        );
        assert_eq!(
            widget_origin("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(widget_origin("not a url"), None);
    }
}
