//! Browser tests: run in headless Chromium with a fake camera (`scripts/test.sh`).
#![cfg(target_arch = "wasm32")]
// A test's `unwrap` is an assertion (clippy.toml allows it in test functions; here in the
// helpers too).
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use gloo_timers::future::sleep;
use idv_widget::components::app::App;
use idv_widget::components::{CaptureScreen, ConsentScreen, JourneyContext};
use idv_widget::journey::{Journey, Screen, Side};
use idv_wire::{DocumentType, Locale, SessionConfig, SessionStatus, Trigger};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlVideoElement, MediaStream, MediaStreamTrack};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount_point() -> web_sys::Element {
    let document = gloo_utils_document();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

fn gloo_utils_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..100 {
        if check() {
            return;
        }
        sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

fn text_of(root: &web_sys::Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn journey_at(screen: Screen, locale: Locale) -> Journey {
    Journey {
        screen,
        locale,
        config: Some(SessionConfig {
            session_id: "s".into(),
            document_types: DocumentType::ALL.to_vec(),
            locale,
            host_origin: "http://127.0.0.1:1".into(),
            trigger: Trigger::Signup,
            mode: idv_wire::SessionMode::Full,
            status: SessionStatus::InProgress,
            expires_at: "2030-01-01T00:00:00Z".into(),
            max_attempts: 3,
            attempts_used: 0,
            support: None,
            max_retakes: None,
            allow_document_upload: false,
            returns_to_client: false,
            wallet: false,
        }),
        document: Some(DocumentType::DriversLicense),
        ..Journey::default()
    }
}

#[derive(Properties, PartialEq)]
struct HarnessProps {
    journey: Journey,
    children: Html,
}

/// Provides a journey context around one screen, as the App does.
#[function_component(Harness)]
fn harness(props: &HarnessProps) -> Html {
    let initial = props.journey.clone();
    let journey = use_reducer(move || initial);
    // No worker script is served to these tests: the worker fails to load, and the capture
    // screen must work with the shutter alone.
    let vision = use_memo((), |_| idv_widget::vision::VisionWorker::start());
    let ctx = JourneyContext {
        journey,
        launch: None,
        vision: (*vision).clone(),
        // No handoff in these tests.
        on_linked: Callback::noop(),
    };
    html! { <ContextProvider<JourneyContext> context={ctx}>{ props.children.clone() }</ContextProvider<JourneyContext>> }
}

#[derive(Properties, PartialEq)]
struct ScreenProps {
    journey: Journey,
}

#[function_component(ConsentHarness)]
fn consent_harness(p: &ScreenProps) -> Html {
    html! { <Harness journey={p.journey.clone()}><ConsentScreen /></Harness> }
}

#[function_component(CaptureHarness)]
fn capture_harness(p: &ScreenProps) -> Html {
    html! { <Harness journey={p.journey.clone()}><CaptureScreen side={Side::Front} /></Harness> }
}

/// The test page is a page of its own (not framed by a host): without a link it is a phone come
/// to type the code from its computer ("Continue on your phone"). A framed widget without a
/// link says the link is broken (journey unit tests).
#[wasm_bindgen_test]
async fn the_app_on_its_own_without_a_link_asks_for_the_code_from_the_computer() {
    let root = mount_point();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    wait_for("code entry", || {
        text_of(&root, "h1").contains("Enter the code from your computer")
    })
    .await;
    assert!(root.query_selector("input#code-input").unwrap().is_some());
    assert!(root
        .query_selector("label[for=code-input]")
        .unwrap()
        .is_some());
    handle.destroy();
}

#[wasm_bindgen_test]
async fn the_consent_screen_renders_in_spanish_with_two_consents_and_a_decline() {
    let root = mount_point();
    let props = ScreenProps {
        journey: journey_at(Screen::Consent, Locale::Es),
    };
    let handle = yew::Renderer::<ConsentHarness>::with_root_and_props(root.clone(), props).render();
    wait_for("consent", || !text_of(&root, "h1").is_empty()).await;
    assert_eq!(text_of(&root, "h1"), "Verifique su identidad");
    assert_eq!(
        root.query_selector_all("input[type=checkbox]")
            .unwrap()
            .length(),
        2
    );
    assert!(text_of(&root, ".actions").contains("No acepto"));
    // Agreeing without ticking both boxes explains what is missing, in an alert.
    let agree: web_sys::HtmlElement = root
        .query_selector(".actions .btn.primary")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    agree.click();
    wait_for("alert", || !text_of(&root, "[role=alert]").is_empty()).await;
    assert!(text_of(&root, "[role=alert]").contains("marque las dos casillas"));
    handle.destroy();
}

#[wasm_bindgen_test]
async fn the_capture_screen_starts_the_rear_camera_and_stops_it_on_unmount() {
    let root = mount_point();
    let props = ScreenProps {
        journey: journey_at(Screen::Capture(Side::Front), Locale::En),
    };
    let handle = yew::Renderer::<CaptureHarness>::with_root_and_props(root.clone(), props).render();
    let video =
        || -> Option<HtmlVideoElement> { root.query_selector("video").ok()??.dyn_into().ok() };
    wait_for("a live stream in the video", || {
        video().and_then(|v| v.src_object()).is_some()
    })
    .await;
    let v = video().unwrap();
    assert!(v.has_attribute("playsinline"), "iOS needs playsinline");
    assert!(v.muted());
    let stream: MediaStream = v.src_object().unwrap().dyn_into().unwrap();
    let tracks: Vec<MediaStreamTrack> = stream
        .get_tracks()
        .iter()
        .map(|t| t.dyn_into().unwrap())
        .collect();
    assert_eq!(tracks.len(), 1);
    assert_eq!(tracks[0].kind(), "video");
    assert_eq!(
        tracks[0].ready_state(),
        web_sys::MediaStreamTrackState::Live
    );
    wait_for("frames", || v.video_width() > 0).await;
    // The shutter is enabled once the camera is live.
    wait_for("enabled shutter", || {
        root.query_selector(".shutter:not([disabled])")
            .unwrap()
            .is_some()
    })
    .await;
    // No worker here (its script is not served): the checks are off, the advice says so, and
    // the shutter works alone.
    wait_for("the shutter-alone advice", || {
        text_of(&root, "#capture-guidance")
            == "Fill the frame with your document, then take the photo."
    })
    .await;

    // Leaving the capture screen stops the camera (Yew runs effect clean-ups on its scheduler).
    handle.destroy();
    wait_for("the track to end", || {
        tracks[0].ready_state() == web_sys::MediaStreamTrackState::Ended
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_fake_camera_frame_is_captured_as_jpeg() {
    let stream = idv_widget::camera::open("environment").await.unwrap();
    let document = gloo_utils_document();
    let video: HtmlVideoElement = document
        .create_element("video")
        .unwrap()
        .dyn_into()
        .unwrap();
    idv_widget::camera::attach(&video, &stream).await;
    wait_for("frames", || video.video_width() > 0).await;
    let jpeg = idv_widget::camera::capture_jpeg(&video).await.unwrap();
    assert_eq!(&jpeg[..3], &[0xFF, 0xD8, 0xFF]);
    assert!(idv_widget::camera::has_frame(&video));
    idv_widget::camera::stop(&stream);
    for t in stream.get_tracks().iter() {
        let t: MediaStreamTrack = t.dyn_into().unwrap();
        assert_eq!(t.ready_state(), web_sys::MediaStreamTrackState::Ended);
    }
}
