//! The wallet: the offer on the document choice, and the screen shown while the patient's
//! phone wallet is asked (the gateway's request, the browser's prompt, the gateway's check).

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use super::{action_button, title, use_journey, JourneyContext};
use crate::api;
use crate::i18n::{Key, Text};
use crate::journey::{ask_failed, ended_by, Action, WalletAnswer, WalletProblem};

/// "Use the digital ID in your phone's wallet", above the plastic cards, where the journey
/// offers it; with why the last try did not work.
pub fn offer(ctx: &JourneyContext) -> Html {
    let notice = ctx.journey.wallet_notice.map(|p| {
        html! { <p class="wallet-notice" role="alert">{ ctx.text(Text::WalletProblem(p)) }</p> }
    });
    if !ctx.journey.offers_wallet() {
        return notice.unwrap_or_default();
    }
    let journey = ctx.journey.clone();
    let onclick = Callback::from(move |_| journey.dispatch(Action::UseWallet));
    html! {
        <div class="wallet-offer">
            { notice.unwrap_or_default() }
            <button type="button" class="choice wallet" {onclick}>
                <span class="choice-name">{ ctx.text(Key::WalletOffer) }</span>
                <span class="choice-hint">{ ctx.text(Key::WalletOfferHint) }</span>
            </button>
        </div>
    }
}

/// What the journey does with the gateway's refusal: a session the host cancelled ends; any
/// other refusal is said on the document choice.
fn refused(failure: &api::ApiFailure) -> Action {
    match (ended_by(failure.code()), failure) {
        (Some(e), _) => Action::Ended(e),
        (None, api::ApiFailure::Refused { code, .. }) => {
            Action::WalletFailed(WalletProblem::from_refusal(code))
        }
        (None, _) => Action::WalletFailed(WalletProblem::Failed),
    }
}

/// The gateway's request, the wallet's answer, the gateway's check: the action it ends with.
async fn ask(launch: &crate::launch::Launch) -> Action {
    let (request, request_id) = match api::mdl_request(launch).await {
        Ok(r) => r,
        Err(f) => return refused(&f),
    };
    let response = match crate::wallet::ask(&request).await {
        Ok(r) => r,
        Err(e) => return ask_failed(&e.name, &e.message, crate::wallet::framed()),
    };
    match api::mdl_response(launch, &request_id, &response).await {
        Ok(issuing_authority) => Action::WalletAccepted(WalletAnswer {
            request_id,
            response,
            issuing_authority,
        }),
        Err(f) => refused(&f),
    }
}

/// "Check your phone's wallet…" while it is asked; "Use my plastic card instead" leaves (its
/// answer, should it still come, is dropped).
#[function_component(WalletScreen)]
pub fn wallet_screen() -> Html {
    let ctx = use_journey();
    {
        let (journey, launch) = (ctx.journey.clone(), ctx.launch.clone());
        use_effect_with((), move |_| {
            let cancelled = Rc::new(Cell::new(false));
            if let Some(launch) = launch {
                let cancelled = cancelled.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let action = ask(&launch).await;
                    if !cancelled.get() {
                        journey.dispatch(action);
                    }
                });
            }
            move || cancelled.set(true)
        });
    }
    html! {
        <section class="wallet">
            { title(ctx.text(Key::WalletTitle)) }
            <div class="spinner" aria-hidden="true"></div>
            <p role="status" aria-live="polite">{ ctx.text(Key::WalletAsking) }</p>
            <div class="actions">
                { action_button(&ctx, Key::WalletUseCard, "secondary", Action::Back) }
            </div>
        </section>
    }
}
