//! Sending the pictures (one idempotent submission, retried on connection failures) and
//! polling the decision.

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use yew::prelude::*;

use super::{title, use_journey};
use crate::api;
use crate::i18n::Key;
use crate::journey::{Action, Journey, Outcome};

/// Connection failures are retried with the same idempotency key this many times.
const SUBMIT_TRIES: u32 = 3;
const POLL_EVERY_MS: u32 = 1000;
/// Beyond the gateway's own deadline, in case the gateway itself cannot be reached.
const POLL_GIVE_UP_AFTER: u32 = 180;

#[derive(Properties, PartialEq)]
/// Which submission this is.
pub struct Props {
    /// The journey's submission number (its idempotency key follows it).
    pub submission: u32,
}

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Uploading,
    Checking,
}

/// Sends every capture in one request, then polls for the decision.
#[function_component(SendingScreen)]
pub fn sending_screen(props: &Props) -> Html {
    let ctx = use_journey();
    let phase = use_state(|| Phase::Uploading);
    {
        let (ctx, phase) = (ctx.clone(), phase.clone());
        use_effect_with(props.submission, move |submission| {
            let cancelled = Rc::new(Cell::new(false));
            let key = format!("{submission}-{}", api::random_id());
            let snapshot: Journey = (*ctx.journey).clone();
            if let Some(launch) = ctx.launch.clone() {
                let (journey, cancelled) = (ctx.journey.clone(), cancelled.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let outcome = send(&launch, &key, &snapshot, &phase).await;
                    if !cancelled.get() {
                        journey.dispatch(Action::Decided(outcome));
                    }
                });
            }
            move || cancelled.set(true)
        });
    }
    let text = match *phase {
        Phase::Uploading => Key::Sending,
        Phase::Checking => Key::Checking,
    };
    html! {
        <section class="sending">
            { title(ctx.text(text)) }
            <div class="spinner" aria-hidden="true"></div>
            <p role="status" aria-live="polite">{ ctx.text(text) }</p>
        </section>
    }
}

async fn send(
    launch: &crate::launch::Launch,
    key: &str,
    journey: &Journey,
    phase: &UseStateHandle<Phase>,
) -> Outcome {
    // A re-verification sends the selfie alone; a wallet's licence is a driver's licence.
    let document = if journey.is_reverify() {
        None
    } else if journey.wallet.is_some() {
        Some(idv_wire::DocumentType::DriversLicense)
    } else {
        match journey.document {
            Some(d) => Some(d),
            None => return Outcome::from_submit_failure(400, "missing_document"),
        }
    };
    let images: Vec<(&str, &crate::journey::Capture)> = [
        (idv_wire::submit_fields::FRONT, journey.front.as_ref()),
        (idv_wire::submit_fields::BACK, journey.back.as_ref()),
        (idv_wire::submit_fields::SELFIE, journey.selfie.as_ref()),
    ]
    .into_iter()
    .filter_map(|(name, c)| c.map(|c| (name, c)))
    .collect();
    // A wallet's licence instead of pictures of a card (there are none then).
    let texts: Vec<(&str, &str)> = journey
        .wallet
        .as_ref()
        .map(|w| {
            vec![
                (idv_wire::submit_fields::MDL_REQUEST, w.request_id.as_str()),
                (idv_wire::submit_fields::MDL_RESPONSE, w.response.as_str()),
            ]
        })
        .unwrap_or_default();

    let mut accepted = None;
    for attempt in 1..=SUBMIT_TRIES {
        match api::submit(launch, key, document, &images, &texts).await {
            Ok(a) => {
                accepted = Some(a);
                break;
            }
            Err(api::ApiFailure::Network) if attempt < SUBMIT_TRIES => {
                TimeoutFuture::new(1000 * attempt).await;
            }
            Err(f) => return Outcome::from_submit_failure(f.status(), f.code()),
        }
    }
    let Some(accepted) = accepted else {
        return Outcome::from_submit_failure(0, "network");
    };
    phase.set(Phase::Checking);
    for _ in 0..POLL_GIVE_UP_AFTER {
        TimeoutFuture::new(POLL_EVERY_MS).await;
        match api::progress(launch, &accepted.verification_id).await {
            Ok(p) => {
                if let Some(outcome) = Outcome::from_progress(&p) {
                    return outcome;
                }
            }
            // Lost connection while waiting: keep asking.
            Err(api::ApiFailure::Network) => {}
            Err(f) => return Outcome::from_submit_failure(f.status(), f.code()),
        }
    }
    Outcome::Error {
        verification_id: Some(accepted.verification_id),
        code: "timeout".into(),
        retry_allowed: true,
    }
}
