//! Starting the journey: read the page's link once (a session, a handoff to redeem, or none),
//! the browser's language and whether this is a computer; then load the session. Also the
//! callback a phone's typed code calls once redeemed.

use std::rc::Rc;

use yew::prelude::*;

use crate::api;
use crate::journey::{ended_by, Action, Journey, PhoneIntro};
use crate::launch::{handoff_error_for, handoff_token, launch_error_for, parse_fragment, Launch};

/// The launch once known, and the callback that starts the journey with a phone's launch.
pub struct Launched {
    /// The session and its capture token, once the link (or a handoff) gave them.
    pub launch: Option<Rc<Launch>>,
    /// A phone redeemed a handoff (link or typed code): start the journey with its launch.
    pub on_linked: Callback<(Launch, PhoneIntro)>,
}

/// The page's fragment, and whether the page is on its own (not framed by a host).
fn read_page() -> (String, bool) {
    let Some(w) = web_sys::window() else {
        return (String::new(), false);
    };
    let hash = w.location().hash().unwrap_or_default();
    let top_level = w.parent().ok().flatten().is_none_or(|p| p == w);
    (hash, top_level)
}

/// Whether the browser looks like a computer: a fine pointer that can hover. A touch-screen
/// laptop with a mouse counts as a computer; a phone or tablet does not (its camera is at hand).
fn looks_like_a_computer() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(hover: hover) and (pointer: fine)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// Starts the journey with `launch`: remembers it and loads the session.
fn begin(
    journey: UseReducerHandle<Journey>,
    slot: UseStateHandle<Option<Rc<Launch>>>,
    launch: Launch,
) {
    let launch = Rc::new(launch);
    slot.set(Some(launch.clone()));
    wasm_bindgen_futures::spawn_local(async move {
        match api::load_session(&launch).await {
            Ok(config) => journey.dispatch(Action::Loaded(config)),
            // Cancelled by the host, or this phone released: say so plainly.
            Err(f) => journey.dispatch(match ended_by(f.code()) {
                Some(e) => Action::Ended(e),
                None => Action::LaunchFailed(launch_error_for(&f)),
            }),
        }
    });
}

/// Starts the journey once, from the page's link.
#[hook]
pub fn use_launch(journey: &UseReducerHandle<Journey>) -> Launched {
    let launch = use_state(|| None::<Rc<Launch>>);
    let on_linked = {
        let (journey, launch) = (journey.clone(), launch.clone());
        Callback::from(move |(l, intro): (Launch, PhoneIntro)| {
            journey.dispatch(Action::PhoneLinked(intro));
            begin(journey.clone(), launch.clone(), l);
        })
    };
    {
        let (journey, launch, on_linked) = (journey.clone(), launch.clone(), on_linked.clone());
        use_effect_with((), move |_| {
            // Until the session says otherwise (a broken link never will): the browser's language.
            if let Some(tag) = web_sys::window().and_then(|w| w.navigator().language()) {
                journey.dispatch(Action::SetLocale(idv_wire::Locale::from_tag(&tag)));
            }
            journey.dispatch(Action::DeviceDetected {
                desktop: looks_like_a_computer(),
            });
            let (hash, top_level) = read_page();
            if let Some(l) = parse_fragment(&hash) {
                begin(journey, launch, l);
            } else if let Some(token) = handoff_token(&hash) {
                wasm_bindgen_futures::spawn_local(async move {
                    let request = idv_wire::HandoffRedeem {
                        token: Some(token),
                        code: None,
                    };
                    match api::redeem_handoff(&request).await {
                        Ok(l) => on_linked.emit(l),
                        Err(f) => journey.dispatch(Action::LaunchFailed(handoff_error_for(&f))),
                    }
                });
            } else {
                journey.dispatch(Action::NoLink { top_level });
            }
        });
    }
    Launched {
        launch: (*launch).clone(),
        on_linked,
    }
}
