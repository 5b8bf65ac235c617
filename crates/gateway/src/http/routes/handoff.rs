//! "Continue on your phone": the desktop widget asks for a one-time link to its session (with a
//! short code and the link's QR code) and follows the phone; the phone redeems the link or the
//! code for a capture token of its own. The pure parts are in [`crate::handoff`].

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use idv_wire::{
    ErrorCode, HandoffCreated, HandoffProgress, HandoffRedeem, HandoffRedeemed, HandoffState,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::attempts::Attempts;
use crate::clock::rfc3339;
use crate::db::{self, Audit, HandoffRow, NewHandoff};
use crate::error::Refusal;
use crate::handoff;
use crate::http::auth::{CaptureDevice, CaptureSession, ClientAddr};
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ApiQuery};
use crate::tokens::{code_hash, code_key, new_capture_token, token_hash};
use crate::validation::{self, check_open_for_handoff};
use crate::views;
use crate::AppState;

/// `POST /v1/capture/sessions/{id}/handoff`: a new one-time link and code for this session,
/// while it is in progress (after consent). Earlier links stay valid until one of the session's
/// links or codes is redeemed (which revokes every other) or they expire.
pub async fn create(
    State(app): State<AppState>,
    CaptureSession(session, device): CaptureSession,
) -> Result<(StatusCode, Json<HandoffCreated>), ApiError> {
    // Only the computer hands the journey on: a phone never makes links for another phone.
    if !matches!(device, CaptureDevice::Embedded) {
        return Err(Refusal::wrong_session().into());
    }
    if let Some(blocker) = validation::submit_blocker(session.status) {
        return Err(blocker.into());
    }
    let now = app.clock.now();
    let ttl = app.config.handoff_ttl().as_secs();
    // Never past the session's own end.
    let expires_at = (now + ttl as i64).min(session.expires_at);
    let token = new_capture_token();
    let code = handoff::new_code();
    let url = handoff::link(&app.config.public_url, &token);
    let qr = handoff::qr_picture(&url).map_err(ApiError::internal_because)?;
    let row = HandoffRow {
        id: Uuid::new_v4().to_string(),
        session_id: session.id.clone(),
        created_at: now,
        expires_at,
        redeemed_at: None,
        revoked_at: None,
        revoked_reason: None,
        consented_at: None,
    };
    let audit = Audit {
        event: "handoff.created",
        detail: serde_json::json!({ "handoff_id": row.id, "expires_in": expires_at - now }),
    };
    db::insert_handoff(
        &app.pool,
        NewHandoff {
            row: &row,
            token_hash: &token_hash(&token),
            code_hash: &code_hash(&key(&app), &code),
        },
        audit,
    )
    .await?;
    tracing::info!(session = %session.id, handoff = %row.id, "handoff created");
    Ok((
        StatusCode::CREATED,
        Json(HandoffCreated {
            handoff_id: row.id,
            url,
            code: handoff::format_code(&code),
            expires_at: rfc3339(expires_at),
            expires_in: u64::try_from(expires_at - now).unwrap_or(0),
            qr,
        }),
    ))
}

/// `POST /v1/capture/handoffs/redeem`: `{"token"}` from the link or `{"code"}` as typed; once,
/// before it expires. Failures have budgets of their own, apart from logins: per address (this
/// replica), per session and, for codes, per hour from everyone (both counted in the database,
/// so N replicas allow no more guesses than one).
pub async fn redeem(
    State(app): State<AppState>,
    ClientAddr(ip): ClientAddr,
    ApiJson(req): ApiJson<HandoffRedeem>,
) -> Result<Json<HandoffRedeemed>, ApiError> {
    app.limits.redeem_allowed(ip)?;
    let now = app.clock.now();
    let limits = &app.config.limits;
    let (found, via) = match (&req.token, &req.code) {
        (Some(token), None) => (
            db::handoff_by_token_hash(&app.pool, &token_hash(token.trim())).await?,
            "link",
        ),
        (None, Some(typed)) => match handoff::normalise_code(typed) {
            Some(code) => {
                // 40 bits: the hour's failures from everyone, on every replica, close codes.
                let recent = db::redeem_failures_since(&app.pool, now - 3600).await?;
                if recent >= i64::from(limits.handoff_failures_per_hour) {
                    tracing::warn!(
                        recent,
                        "handoff codes refused: too many failed redemptions this hour"
                    );
                    return Err(Refusal::rate_limited(60).into());
                }
                (
                    db::handoff_by_code_hash(&app.pool, &code_hash(&key(&app), &code)).await?,
                    "code",
                )
            }
            None => {
                return Err(Refusal::new(
                    ErrorCode::InvalidCode,
                    "a code is 8 letters and digits, like ABCD-2345",
                )
                .into())
            }
        },
        _ => {
            return Err(
                Refusal::new(ErrorCode::TokenOrCode, "send exactly one of token or code").into(),
            )
        }
    };
    let Some(h) = found else {
        app.limits.redeem_failed(ip);
        db::record_redeem_failure(&app.pool, None, now).await?;
        return Err(Refusal::not_found("handoff").into());
    };
    app.limits.widget_call(&h.session_id)?;
    let session_failures = db::session_redeem_failures_since(&app.pool, &h.session_id, 0).await?;
    if session_failures >= i64::from(limits.handoff_failures_per_session) {
        return Err(Refusal::rate_limited(60).into());
    }
    if let Err(refused) = check_handoff(&h, now) {
        app.limits.redeem_failed(ip);
        db::record_redeem_failure(&app.pool, Some(&h.session_id), now).await?;
        return Err(refused.into());
    }
    let session = db::session_by_id(&app.pool, &h.session_id)
        .await?
        .ok_or_else(|| ApiError::internal_because("handoff without its session"))?;
    // Only a session still open takes a phone: never once decided, declined, cancelled or
    // expired.
    check_open_for_handoff(session.status, session.expires_at, now)?;
    let token = new_capture_token();
    let audit = Audit {
        event: "handoff.redeemed",
        detail: serde_json::json!({ "handoff_id": h.id, "via": via }),
    };
    if !db::redeem_handoff(&app.pool, &h, &token_hash(&token), audit, now).await? {
        // Another phone got there first, or it expired meanwhile.
        return Err(check_handoff(&h, now).err().unwrap_or_else(used).into());
    }
    tracing::info!(session = %session.id, handoff = %h.id, via, "handoff redeemed");
    Ok(Json(HandoffRedeemed {
        session_id: session.id,
        token,
        organisation_name: app.config.organisation_name.clone(),
        trigger: session.trigger,
        started_at: rfc3339(session.created_at),
    }))
}

/// The key short codes are stored under.
fn key(app: &AppState) -> Vec<u8> {
    code_key(
        app.config.handoff_code_key.as_deref(),
        &app.config.epic.webhook_secret,
    )
}

/// `DELETE /v1/capture/sessions/{id}/handoff`: from the computer ("Use this device instead"),
/// every live handoff of the session is revoked (links and codes on display, and the phone's
/// token: the phone's next call answers `handoff_revoked`); from a phone, its own handoff only
/// (the patient stopped there). 204, also when nothing was live (idempotent).
pub async fn end(
    State(app): State<AppState>,
    CaptureSession(session, device): CaptureSession,
) -> Result<StatusCode, ApiError> {
    let now = app.clock.now();
    let (only, reason) = match &device {
        CaptureDevice::Embedded => (None, "desktop"),
        CaptureDevice::Phone(h) => (Some(h.id.as_str()), "stopped"),
    };
    let audit = Audit {
        event: "handoff.revoked",
        detail: serde_json::json!({ "reason": reason }),
    };
    let revoked = db::revoke_handoffs(&app.pool, &session.id, only, reason, audit, now).await?;
    tracing::info!(session = %session.id, revoked, reason, "handoffs revoked");
    Ok(StatusCode::NO_CONTENT)
}

fn used() -> Refusal {
    Refusal::new(
        ErrorCode::HandoffUsed,
        "this link or code was already used; ask the computer for a new one",
    )
}

/// 410 for a handoff revoked (`handoff_revoked`; `session_cancelled` when the host cancelled
/// the session), already redeemed (`handoff_used`) or past its time (`handoff_expired`).
fn check_handoff(h: &HandoffRow, now: i64) -> Result<(), Refusal> {
    if h.revoked_at.is_some() {
        return Err(match h.revoked_reason.as_deref() {
            Some("cancelled") => Refusal::session_cancelled(),
            _ => Refusal::handoff_revoked(),
        });
    }
    if h.redeemed_at.is_some() {
        return Err(used());
    }
    if now >= h.expires_at {
        return Err(Refusal::new(
            ErrorCode::HandoffExpired,
            "this link or code has expired; the computer shows a new one",
        ));
    }
    Ok(())
}

/// The query of the desktop's poll.
#[derive(Debug, Deserialize)]
pub struct Follow {
    /// The first handoff of this visit to the handoff screen: links made before it (an earlier
    /// visit's, with its decided verification) are not followed.
    pub from: Uuid,
}

/// `GET /v1/capture/sessions/{id}/handoff?from={handoff_id}`: where the phone stands, and once
/// its verification is decided (PASS or FAIL), that verification as the phone's own poll reads
/// it.
pub async fn progress(
    State(app): State<AppState>,
    CaptureSession(session, device): CaptureSession,
    ApiQuery(follow): ApiQuery<Follow>,
) -> Result<Json<HandoffProgress>, ApiError> {
    // What the computer polls; a phone has no business following other phones.
    if !matches!(device, CaptureDevice::Embedded) {
        return Err(Refusal::wrong_session().into());
    }
    let from = db::handoff(&app.pool, &follow.from.to_string())
        .await?
        .filter(|h| h.session_id == session.id)
        .ok_or_else(|| Refusal::not_found("handoff"))?;
    let now = app.clock.now();
    let Some(since) = db::first_redemption(&app.pool, &session.id, from.created_at).await? else {
        return Ok(Json(HandoffProgress {
            state: HandoffState::Waiting,
            verification: None,
        }));
    };
    // The phone now in charge stopped there (declined): the computer offers to continue.
    let latest_phone = db::latest_redeemed_handoff(&app.pool, &session.id, from.created_at).await?;
    if latest_phone.is_some_and(|h| handoff::phone_declined(h.revoked_reason.as_deref())) {
        return Ok(Json(HandoffProgress {
            state: HandoffState::Declined,
            verification: None,
        }));
    }
    let latest = db::latest_verification_since(&app.pool, &session.id, since).await?;
    let mut verification = match &latest {
        Some(v) => Some(views::progress(
            v,
            now,
            Attempts::of(&app, &session).await?,
            session.expires_at,
        )),
        None => None,
    };
    let state = handoff::state(true, verification.as_ref().map(|v| v.status));
    if state == HandoffState::Decided {
        if let (Some(view), Some(v)) = (verification.as_mut(), latest) {
            view.result_token = views::live_result_token(&v, now);
        }
    } else {
        verification = None;
    }
    Ok(Json(HandoffProgress {
        state,
        verification,
    }))
}
