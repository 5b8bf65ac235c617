//! A live back frame is decoded only when nothing else stops it from being taken; a still is
//! always decoded. Natively and in headless Chromium, like the fixture table.

use frame_vision::{Analyzer, Frame, Report, Side, Verdict};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn live_twice(img: &image::RgbImage) -> (Report, Report) {
    let px = image::DynamicImage::ImageRgb8(img.clone())
        .into_rgba8()
        .into_raw();
    let frame = Frame::rgba(&px, img.width() as usize, img.height() as usize).expect("sized");
    let mut analyzer = Analyzer::new(Side::Back).expect("no model needed for a back");
    analyzer.analyze(&frame).expect("runs");
    // The same frame again: still, so stability does not stand in the way.
    let second = analyzer.analyze(&frame).expect("runs");
    let still = analyzer.inspect(&frame).expect("runs");
    assert!(
        still.barcode_readable.is_some(),
        "a still is always decoded"
    );
    (second, still)
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_live_back_is_decoded_only_when_it_could_be_taken() {
    let licence = fixtures::demo_licence();
    let tilted = fixtures::moved(&fixtures::card_back(&licence), 5.0, 0.9, 0.0);

    let (live, still) = live_twice(&tilted);
    assert_eq!(live.verdict, Verdict::Good, "{live:?}");
    assert_eq!(live.barcode_readable, Some(true));
    assert_eq!(still.barcode_readable, Some(true));

    let (live, still) = live_twice(&fixtures::blurred(&tilted, 4.0));
    assert_eq!(live.verdict, Verdict::Blurry, "{live:?}");
    assert_eq!(
        live.barcode_readable, None,
        "a blurred live frame is not decoded"
    );
    assert_eq!(still.verdict, Verdict::Blurry);
    assert_eq!(still.barcode_readable, Some(false), "a still is");

    // Everything else good, barcode unreadable: decoded, and that is the verdict.
    let unreadable = fixtures::moved(&fixtures::card_back_unreadable(&licence), 5.0, 0.9, 0.0);
    let (live, _) = live_twice(&unreadable);
    assert_eq!(live.barcode_readable, Some(false), "{live:?}");
    assert_eq!(live.verdict, Verdict::BarcodeUnreadable);
}
