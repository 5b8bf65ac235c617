//! The widget asks the patient's wallet for a mobile driver's licence ([`crate::wallet`]).

use axum::extract::State;
use axum::Json;
use idv_wire::{MdlAccepted, MdlAnswer, MdlRequest};

use crate::error::Refusal;
use crate::http::auth::{CaptureDevice, CaptureSession};
use crate::http::error::ApiError;
use crate::http::extract::ApiJson;
use crate::wallet;
use crate::AppState;

/// `POST /v1/capture/sessions/{id}/mdl/request`: a fresh request for the wallet (its own key
/// and nonce), valid 10 minutes.
pub async fn request(
    State(app): State<AppState>,
    CaptureSession(s, device): CaptureSession,
) -> Result<Json<MdlRequest>, ApiError> {
    phone_consented(&device)?;
    Ok(Json(wallet::new_request(&app, &s).await?))
}

/// `POST /v1/capture/sessions/{id}/mdl/response`: the wallet's answer, checked now. 200 with
/// the issuer when the licence can be used with the selfie; 422 `mdl_refused`, `mdl_expired`
/// or `mdl_mismatch` when it cannot (the patient uses the card).
pub async fn response(
    State(app): State<AppState>,
    CaptureSession(s, device): CaptureSession,
    ApiJson(answer): ApiJson<MdlAnswer>,
) -> Result<Json<MdlAccepted>, ApiError> {
    phone_consented(&device)?;
    let mdl = wallet::check_answer(&app, &s, &answer.request_id, &answer.response).await?;
    Ok(Json(MdlAccepted {
        issuing_authority: mdl.issuing_authority,
    }))
}

/// A phone asks a wallet only after its own consent, as it submits only after it.
fn phone_consented(device: &CaptureDevice) -> Result<(), Refusal> {
    match device {
        CaptureDevice::Phone(h) if h.consented_at.is_none() => {
            Err(Refusal::phone_consent_required())
        }
        _ => Ok(()),
    }
}
