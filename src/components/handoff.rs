//! "Continue on your phone" on the computer: the QR code and short code, then where the phone
//! stands.

use idv_wire::{HandoffState, QrPicture};
use yew::prelude::*;

use super::{title, use_journey};
use crate::api;
use crate::hooks::use_handoff;
use crate::i18n::{Key, Text};
use crate::journey::Action;

/// Modules of white around a QR code, as the standard asks.
const QUIET_ZONE: u32 = 4;

/// The QR code drawn from the gateway's path, with its text alternative.
fn qr(picture: &QrPicture, alt: &str, url: &str) -> Html {
    let side = picture.size + 2 * QUIET_ZONE;
    let view_box = format!("-{QUIET_ZONE} -{QUIET_ZONE} {side} {side}");
    html! {
        <div class="qr" data-handoff-url={url.to_owned()}>
            <svg viewBox={view_box} role="img" aria-label={alt.to_owned()} focusable="false"
                shape-rendering="crispEdges">
                <rect x={format!("-{QUIET_ZONE}")} y={format!("-{QUIET_ZONE}")}
                    width={side.to_string()} height={side.to_string()} fill="#ffffff" />
                <path d={picture.path.clone()} fill="#000000" />
            </svg>
        </div>
    }
}

/// The address a phone types before the code: the link without its fragment.
fn address(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// "Continue on your phone": the QR code and short code (renewed before they expire), then the
/// phone's progress; the journey moves to the result when the phone's verification is decided.
#[function_component(HandoffScreen)]
pub fn handoff_screen() -> Html {
    let ctx = use_journey();
    use_handoff(&ctx);
    let handoff = ctx.journey.handoff.clone().unwrap_or_default();
    // The wallet's window: its link opens in a new window once, when it arrives after a press.
    {
        let journey = ctx.journey.clone();
        let url = handoff
            .link
            .as_ref()
            .filter(|_| handoff.window && handoff.open)
            .map(|l| l.url.clone());
        use_effect_with(url, move |url| {
            if let Some(url) = url {
                crate::wallet::open_window(url);
                journey.dispatch(Action::WalletWindowOpened);
            }
        });
    }
    let waiting = handoff.phone == HandoffState::Waiting;
    let phone_state = match handoff.phone {
        HandoffState::Waiting => "waiting",
        HandoffState::PhoneConnected => "phone_connected",
        HandoffState::Checking => "checking",
        HandoffState::Decided => "decided",
        HandoffState::Declined => "declined",
    };
    // "Use this device instead": every phone of the session is let go (its next call says so),
    // then back to where the patient was.
    let here = {
        let (journey, launch) = (ctx.journey.clone(), ctx.launch.clone());
        Callback::from(move |_| {
            if let Some(launch) = launch.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    // Best effort: a phone left connected still cannot outlive the session.
                    let _ = api::end_handoff(&launch).await;
                });
            }
            journey.dispatch(Action::Back);
        })
    };
    if handoff.window {
        return wallet_window(&ctx, &handoff, phone_state, here);
    }
    html! {
        <section class="handoff" data-phone={phone_state}>
            { title(ctx.text(Key::HandoffOffer)) }
            if waiting {
                <p>{ ctx.text(Key::HandoffScan) }</p>
                if let Some(link) = &handoff.link {
                    { qr(&link.qr, ctx.text(Key::HandoffQrAlt), &link.url) }
                    <p>{ ctx.text(Key::HandoffCodeIntro) }</p>
                    <p class="handoff-address">{ address(&link.url) }</p>
                    <p class="handoff-code">
                        { ctx.text(Key::HandoffCodeLabel) }{ ": " }
                        <strong data-code={link.code.clone()}>{ &link.code }</strong>
                    </p>
                    <p class="note">{ ctx.text(Key::HandoffRenews) }</p>
                } else if !handoff.failed {
                    <p>{ ctx.text(Key::HandoffMaking) }</p>
                }
                if handoff.failed {
                    <p role="alert">{ ctx.text(Key::HandoffFailed) }</p>
                    <div class="actions">
                        { super::action_button(&ctx, Key::TryAgain, "primary", Action::RenewHandoffLink) }
                    </div>
                }
            }
            <p class="handoff-phone" role="status" aria-live="polite">
                { ctx.text(Text::HandoffPhone(handoff.phone)) }
            </p>
            <div class="actions">
                <button type="button" class={classes!("btn", if handoff.phone == HandoffState::Declined { "primary" } else { "secondary" })}
                    onclick={here}>{ ctx.text(Key::HandoffBackHere) }</button>
            </div>
        </section>
    }
}

/// The wallet's window on the page that opened it: where to continue, "Open the window
/// again", and "Use my plastic card instead" (which lets the window go).
fn wallet_window(
    ctx: &super::JourneyContext,
    handoff: &crate::journey::Handoff,
    phone_state: &'static str,
    here: Callback<MouseEvent>,
) -> Html {
    let status = match handoff.phone {
        HandoffState::Waiting => Key::WalletWindowWaiting,
        HandoffState::Declined => Key::WalletWindowStopped,
        _ => Key::WalletWindowConnected,
    };
    html! {
        <section class="handoff wallet-window" data-phone={phone_state}>
            { title(ctx.text(Key::WalletWindowTitle)) }
            <p>{ ctx.text(Key::WalletWindowBody) }</p>
            if handoff.failed {
                <p role="alert">{ ctx.text(Key::HandoffFailed) }</p>
            }
            <p class="handoff-phone" role="status" aria-live="polite">{ ctx.text(status) }</p>
            <div class="actions">
                { super::action_button(ctx, Key::WalletWindowOpen, "primary", Action::OpenWalletWindow) }
                <button type="button" class="btn secondary" onclick={here}>
                    { ctx.text(Key::WalletUseCard) }
                </button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_to_type_is_the_link_without_its_token() {
        assert_eq!(
            address("https://gw.example/#handoff=secret"),
            "https://gw.example/"
        );
        assert_eq!(address("https://gw.example/"), "https://gw.example/");
    }
}
