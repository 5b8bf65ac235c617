//! The widget root: starts the journey ([`use_launch`]), provides it to every screen, renders
//! the current screen, keeps the host informed ([`use_host_bridge`]) and says where the journey
//! is ([`use_screen_announcer`]).

use yew::prelude::*;

use super::*;
use crate::hooks::{use_host_bridge, use_launch, use_screen_announcer, Launched};
use crate::i18n::Key;
use crate::journey::{Journey, Screen};

/// The widget root: loads the session, provides the journey, renders the current screen, and
/// keeps the host informed.
#[function_component(App)]
pub fn app() -> Html {
    let journey = use_reducer(Journey::default);
    let Launched { launch, on_linked } = use_launch(&journey);
    let vision = use_memo((), |_| crate::vision::VisionWorker::start());
    let ctx = JourneyContext {
        journey: journey.clone(),
        launch,
        vision: (*vision).clone(),
        on_linked,
    };
    let origin = ctx.host_origin();
    let ignored = use_host_bridge(&journey, origin.clone());
    use_screen_announcer(&journey.screen, journey.locale, origin);
    // The analysis worker starts once the first screen is painted, so it never delays it; it
    // then loads while the patient reads the consent screen.
    {
        let vision = (*vision).clone();
        use_effect_with(journey.screen.clone(), move |screen| {
            if *screen != Screen::Loading {
                vision.start_after_paint();
            }
        });
    }

    // The button offers the next language, named in that language.
    let next = crate::i18n::next_locale(journey.locale);
    let toggle = {
        let journey = journey.clone();
        Callback::from(move |_| journey.dispatch(crate::journey::Action::SetLocale(next)))
    };

    html! {
        <ContextProvider<JourneyContext> context={ctx.clone()}>
            <div class="widget" data-ignored-messages={ignored.to_string()}>
                <header class="bar">
                    <span class="bar-title">{ ctx.text(Key::WidgetLabel) }</span>
                    <button type="button" class="btn link" lang={next.as_str()} onclick={toggle}>
                        { crate::i18n::t(next, Key::LanguageName) }
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
                { title(ctx.text(Key::Loading)) }
                <div class="spinner" role="status" aria-label={ctx.text(Key::Loading)}></div>
            </>
        },
        Screen::LaunchFailed(e) => launch_error::launch_error(ctx, *e),
        Screen::Consent => html! { <ConsentScreen /> },
        Screen::Declined => declined::declined(ctx),
        Screen::ChooseDocument => choose_document::choose_document(ctx),
        Screen::Wallet => html! { <WalletScreen /> },
        // Keyed by side, so each side gets a fresh camera and a fresh auto-capture.
        Screen::Capture(side) => html! { <CaptureScreen key={side.name()} side={*side} /> },
        Screen::Review(side) => html! { <ReviewScreen key={side.name()} side={*side} /> },
        Screen::CameraProblem { side, problem } => {
            camera_problem::camera_problem(ctx, *side, *problem)
        }
        Screen::Sending => {
            html! { <SendingScreen key={ctx.journey.submission} submission={ctx.journey.submission} /> }
        }
        Screen::Result(outcome) => result::result(ctx, outcome),
        Screen::Handoff { .. } => html! { <HandoffScreen /> },
        Screen::EnterCode { error } => html! { <EnterCodeScreen error={*error} /> },
        // The phone's first screen shares the consent screen's component (its Stop is a decline).
        Screen::PhoneIntro => html! { <ConsentScreen /> },
        Screen::Ended(ended) => phone::ended(ctx, *ended),
        Screen::Cancelled => html! {
            <section class="message">
                { title(ctx.text(Key::CancelledTitle)) }
                <p>{ ctx.text(Key::CancelledBody) }</p>
            </section>
        },
    }
}
