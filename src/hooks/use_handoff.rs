//! The effects of the "Continue on your phone" screen: ask for a link whenever the journey's
//! request number changes, ask for the next one before the shown one expires, and poll where
//! the phone stands. The decisions (when to stop rotating, what a poll means) are the
//! journey's; this only starts and stops timers and requests.

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::callback::{Interval, Timeout};
use yew::prelude::*;

use crate::api;
use crate::components::JourneyContext;
use crate::journey::{ended_by, rotate_after_secs, Action};

/// How often the desktop asks where the phone stands.
const POLL_EVERY_MS: u32 = 1500;

/// Runs "Continue on your phone" for the journey in `ctx` while its screen is shown.
#[hook]
pub fn use_handoff(ctx: &JourneyContext) {
    let handoff = ctx.journey.handoff.clone().unwrap_or_default();
    // A link for every request number.
    {
        let (journey, launch) = (ctx.journey.clone(), ctx.launch.clone());
        use_effect_with(handoff.request, move |_| {
            let cancelled = Rc::new(Cell::new(false));
            if let Some(launch) = launch {
                let cancelled = cancelled.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let result = api::create_handoff(&launch).await;
                    if !cancelled.get() {
                        journey.dispatch(match result {
                            Ok(link) => Action::HandoffLink(link),
                            // The host cancelled the session: say so, not "try again".
                            Err(f) => {
                                ended_by(f.code()).map_or(Action::HandoffLinkFailed, Action::Ended)
                            }
                        });
                    }
                });
            }
            move || cancelled.set(true)
        });
    }
    // The next link before this one expires.
    {
        let journey = ctx.journey.clone();
        let shown = handoff
            .link
            .as_ref()
            .map(|l| (l.code.clone(), l.expires_in));
        use_effect_with(shown, move |shown| {
            let timer = shown.as_ref().map(|(_, expires_in)| {
                let ms = rotate_after_secs(*expires_in).saturating_mul(1000);
                Timeout::new(u32::try_from(ms).unwrap_or(u32::MAX), move || {
                    journey.dispatch(Action::RenewHandoffLink)
                })
            });
            move || drop(timer)
        });
    }
    // Where the phone stands, one request at a time, from the first link of this visit.
    {
        let (journey, launch) = (ctx.journey.clone(), ctx.launch.clone());
        use_effect_with(handoff.from.clone(), move |from| {
            let busy = Rc::new(Cell::new(false));
            let stopped = Rc::new(Cell::new(false));
            let interval = launch.zip(from.clone()).map(|(launch, from)| {
                let stopped = stopped.clone();
                Interval::new(POLL_EVERY_MS, move || {
                    if busy.replace(true) {
                        return;
                    }
                    let (journey, launch, from, busy, stopped) = (
                        journey.clone(),
                        launch.clone(),
                        from.clone(),
                        busy.clone(),
                        stopped.clone(),
                    );
                    wasm_bindgen_futures::spawn_local(async move {
                        // A failed poll is asked again at the next tick, unless the host
                        // cancelled the session.
                        let action = match api::handoff_progress(&launch, &from).await {
                            Ok(progress) => Some(Action::HandoffPolled(progress)),
                            Err(f) => ended_by(f.code()).map(Action::Ended),
                        };
                        if let Some(action) = action.filter(|_| !stopped.get()) {
                            journey.dispatch(action);
                        }
                        busy.set(false);
                    });
                })
            });
            move || {
                stopped.set(true);
                drop(interval);
            }
        });
    }
}
