use std::rc::Rc;

use idv_wire::protocol::{HostMessage, WidgetMessage};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::*;
use crate::i18n::Text;
use crate::journey::{Action, Journey, Screen};
use crate::launch::{handoff_error_for, handoff_token, launch_error_for, parse_fragment, Launch};
use crate::{api, bridge};

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
            Err(f) => journey.dispatch(Action::LaunchFailed(launch_error_for(f.status, &f.code))),
        }
    });
}

/// The widget root: loads the session, provides the journey, renders the current screen, and
/// keeps the host informed.
#[function_component(App)]
pub fn app() -> Html {
    let journey = use_reducer(Journey::default);
    let launch = use_state(|| None::<Rc<Launch>>);
    let vision = use_memo((), |_| crate::vision::VisionWorker::start());
    // A phone that redeemed a handoff (link or typed code): this is its launch.
    let on_linked = {
        let (journey, launch) = (journey.clone(), launch.clone());
        Callback::from(move |l: Launch| {
            journey.dispatch(Action::PhoneLinked);
            begin(journey.clone(), launch.clone(), l);
        })
    };
    let ctx = JourneyContext {
        journey: journey.clone(),
        launch: (*launch).clone(),
        vision: (*vision).clone(),
        on_linked: on_linked.clone(),
    };

    // Read the link once: a session, a handoff to redeem, or none.
    {
        let (journey, launch) = (journey.clone(), launch.clone());
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
                        Err(f) => journey
                            .dispatch(Action::LaunchFailed(handoff_error_for(f.status, &f.code))),
                    }
                });
            } else {
                journey.dispatch(Action::NoLink { top_level });
            }
        });
    }

    let origin = ctx.host_origin();
    // Messages from the host that were ignored (wrong origin or window, malformed, unknown):
    // shown as a diagnostic attribute, never acted upon.
    let ignored = use_state_eq(|| 0u32);
    // Once the host origin is known: say `ready`, listen to the host, report our height.
    {
        let journey = journey.clone();
        let ignored = ignored.clone();
        use_effect_with(origin.clone(), move |origin| {
            let guards = origin.clone().map(|o| {
                bridge::post(&o, WidgetMessage::Ready {});
                let counter = std::rc::Rc::new(std::cell::Cell::new(0u32));
                let listener = bridge::listen(o.clone(), move |m| match m {
                    Ok(HostMessage::Configure { locale: Some(l) }) => {
                        journey.dispatch(Action::SetLocale(l))
                    }
                    Ok(HostMessage::Configure { locale: None }) => {}
                    Ok(HostMessage::Cancel {}) => journey.dispatch(Action::HostCancelled),
                    Err(_) => {
                        counter.set(counter.get() + 1);
                        ignored.set(counter.get());
                    }
                });
                (listener, observe_height(o))
            });
            move || drop(guards)
        });
    }

    // On every screen change: move focus to the title, tell the host where we are.
    {
        let origin = origin.clone();
        let vision = vision.clone();
        use_effect_with(journey.screen.clone(), move |screen| {
            if *screen != Screen::Loading {
                vision.start_after_paint();
            }
            focus_title();
            if let Some(o) = &origin {
                bridge::post(
                    o,
                    WidgetMessage::Step {
                        screen: screen.name().into(),
                    },
                );
                if let Some(m) = terminal_message(screen) {
                    bridge::post(o, m);
                }
            }
        });
    }

    use_effect_with(journey.locale, |locale| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", locale.as_str());
        }
    });

    // The button offers the next language, named in that language.
    let next = crate::i18n::next_locale(journey.locale);
    let toggle = {
        let journey = journey.clone();
        Callback::from(move |_| journey.dispatch(Action::SetLocale(next)))
    };

    html! {
        <ContextProvider<JourneyContext> context={ctx.clone()}>
            <div class="widget" data-ignored-messages={ignored.to_string()}>
                <header class="bar">
                    <span class="bar-title">{ ctx.text(Text::WidgetLabel) }</span>
                    <button type="button" class="btn link" lang={next.as_str()} onclick={toggle}>
                        { crate::i18n::t(next, Text::LanguageName) }
                    </button>
                </header>
                <main class="screen" aria-labelledby="screen-title">
                    { screen_view(&journey.screen, &ctx) }
                </main>
            </div>
        </ContextProvider<JourneyContext>>
    }
}

fn screen_view(screen: &Screen, ctx: &JourneyContext) -> Html {
    match screen {
        Screen::Loading => html! {
            <>
                { title(ctx.text(Text::Loading)) }
                <div class="spinner" role="status" aria-label={ctx.text(Text::Loading)}></div>
            </>
        },
        Screen::LaunchFailed(e) => html! { <LaunchErrorScreen error={*e} /> },
        Screen::Consent => html! { <ConsentScreen /> },
        Screen::Declined => html! { <DeclinedScreen /> },
        Screen::ChooseDocument => html! { <ChooseDocumentScreen /> },
        // Keyed by side, so each side gets a fresh camera and a fresh auto-capture.
        Screen::Capture(side) => html! { <CaptureScreen key={side.name()} side={*side} /> },
        Screen::Review(side) => html! { <ReviewScreen key={side.name()} side={*side} /> },
        Screen::CameraProblem { side, problem } => {
            html! { <CameraProblemScreen side={*side} problem={*problem} /> }
        }
        Screen::Sending => {
            html! { <SendingScreen key={ctx.journey.submission} submission={ctx.journey.submission} /> }
        }
        Screen::Result(outcome) => html! { <ResultScreen outcome={outcome.clone()} /> },
        Screen::Handoff { .. } => html! { <HandoffScreen /> },
        Screen::EnterCode { error } => html! { <EnterCodeScreen error={*error} /> },
        Screen::Cancelled => html! {
            <section class="message">
                { title(ctx.text(Text::CancelledTitle)) }
                <p>{ ctx.text(Text::CancelledBody) }</p>
            </section>
        },
    }
}

/// The message a final screen sends besides `step`. No personal data.
fn terminal_message(screen: &Screen) -> Option<WidgetMessage> {
    match screen {
        Screen::Result(outcome) => Some(WidgetMessage::Complete {
            status: outcome.status(),
            verification_id: outcome.verification_id().unwrap_or_default().to_owned(),
            reason_code: outcome.reason_code().map(str::to_owned),
            result_token: outcome.result_token().map(str::to_owned),
        }),
        Screen::Cancelled => Some(WidgetMessage::Cancel {
            reason: "host_cancelled".into(),
            resumable: true,
        }),
        Screen::Declined => Some(WidgetMessage::Cancel {
            reason: "consent_declined".into(),
            resumable: false,
        }),
        Screen::LaunchFailed(e) => Some(WidgetMessage::Error {
            code: e.code().into(),
        }),
        Screen::CameraProblem { problem, .. } => Some(WidgetMessage::Error {
            code: problem.code().into(),
        }),
        _ => None,
    }
}

fn focus_title() {
    let title = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("screen-title"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(t) = title {
        let _ = t.focus();
    }
}

/// Reports the content height while alive; disconnects when dropped.
struct HeightReporter {
    observer: web_sys::ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl Drop for HeightReporter {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Posts `resize` with the content height whenever it changes.
fn observe_height(origin: String) -> Option<HeightReporter> {
    let body = web_sys::window()?.document()?.body()?;
    let measured = body.clone();
    let callback = Closure::<dyn FnMut()>::new(move || {
        let height = u32::try_from(measured.scroll_height()).unwrap_or_default();
        bridge::post(&origin, WidgetMessage::Resize { height });
    });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&body);
    Some(HeightReporter {
        observer,
        _callback: callback,
    })
}
