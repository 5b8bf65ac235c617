//! Starting the journey: read the page's link once (a session, a handoff to redeem, or none),
//! the browser's language and whether this is a computer; then load the session. Also the
//! callback a phone's typed code calls once redeemed.

use std::rc::Rc;

use yew::prelude::*;

use crate::api;
use crate::journey::{ended_by, Action, Journey, PhoneIntro};
use crate::launch::{
    fragment_of, handoff_error_for, handoff_token, launch_error_for, launch_source, parse_fragment,
    Launch,
};

/// Where this tab remembers its launch once the address no longer shows it.
const LAUNCH_KEY: &str = "idv-launch";

thread_local! {
    /// The fragment the page was opened with, kept in memory (only) for [`reload`].
    static OPENED_WITH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The page's path and query, without the fragment.
fn bare_address(location: &web_sys::Location) -> String {
    format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

/// Reloads the page with the link it was opened with: the fragment goes back into the address
/// for the reload only (read and removed again at once), for browsers that give a framed page
/// no session storage (third-party storage blocked).
pub fn reload() {
    let Some(w) = web_sys::window() else {
        return;
    };
    let location = w.location();
    let fragment = OPENED_WITH.with(|f| f.borrow().clone());
    if !fragment.is_empty() {
        if let Ok(history) = w.history() {
            let url = format!("{}#{fragment}", bare_address(&location));
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
    let _ = location.reload();
}

/// The launch once known, and the callback that starts the journey with a phone's launch.
pub struct Launched {
    /// The session and its capture token, once the link (or a handoff) gave them.
    pub launch: Option<Rc<Launch>>,
    /// A phone redeemed a handoff (link or typed code): start the journey with its launch.
    pub on_linked: Callback<(Launch, PhoneIntro)>,
}

/// What the page launches from (its fragment, or the launch this tab remembered), and whether
/// the page is on its own (not framed by a host). The fragment leaves the address bar at once
/// (`history.replaceState`): a capture or handoff token is not left in the history, a
/// screenshot or a shared screen.
fn read_page() -> (String, bool) {
    let Some(w) = web_sys::window() else {
        return (String::new(), false);
    };
    let location = w.location();
    let hash = location.hash().unwrap_or_default();
    if !hash.trim_start_matches('#').is_empty() {
        OPENED_WITH.with(|f| *f.borrow_mut() = hash.trim_start_matches('#').to_owned());
        if let Ok(history) = w.history() {
            let bare = bare_address(&location);
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&bare));
        }
    }
    let stored = storage().and_then(|s| s.get_item(LAUNCH_KEY).ok().flatten());
    let source = launch_source(&hash, stored.as_deref()).to_owned();
    let top_level = w.parent().ok().flatten().is_none_or(|p| p == w);
    (source, top_level)
}

/// The tab's session storage (gone when the tab closes), if the browser gives one (a framed
/// page whose third-party storage is blocked gets none).
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Remembers `launch`, once its session loaded, for a reload of this tab.
fn remember(launch: &Launch) {
    if let Some(s) = storage() {
        let _ = s.set_item(LAUNCH_KEY, &fragment_of(launch));
    }
}

/// Forgets a launch that did not load: a broken link is not tried again on the next visit.
fn forget() {
    if let Some(s) = storage() {
        let _ = s.remove_item(LAUNCH_KEY);
    }
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
            Ok(config) => {
                remember(&launch);
                journey.dispatch(Action::Loaded(config))
            }
            // Cancelled by the host, or this phone released: say so plainly.
            Err(f) => {
                forget();
                journey.dispatch(match ended_by(f.code()) {
                    Some(e) => Action::Ended(e),
                    None => Action::LaunchFailed(launch_error_for(&f)),
                })
            }
        }
    });
}

/// Starts the journey once, from the page's link.
#[hook]
pub fn use_launch(journey: &UseReducerHandle<Journey>) -> Launched {
    let launch = use_state(|| None::<Rc<Launch>>);
    let on_linked = {
        let (journey, launch) = (journey.clone(), launch.clone());
        Callback::from(move |(l, mut intro): (Launch, PhoneIntro)| {
            // A window the widget opened (the wallet's) has an opener; a phone that scanned
            // the code or followed a link has none.
            intro.own_window = crate::wallet::opened_by_page();
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
            journey.dispatch(Action::WalletDetected(crate::wallet::support()));
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
