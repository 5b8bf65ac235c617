//! The camera-check fixture table (`fixtures::camera_fixtures`): every fixture must get its
//! verdict. The same tests run natively (`cargo test -p frame-vision`) and in headless Chromium
//! (`cargo test -p frame-vision --target wasm32-unknown-unknown`), where the successful PDF417
//! decodes also prove rxing's clock works in wasm.

mod common;

use common::photos;
use fixtures::camera_fixtures;
use frame_vision::{barcode, geometry, Analyzer, Frame, Side};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn rgba(img: &image::RgbImage) -> Vec<u8> {
    image::DynamicImage::ImageRgb8(img.clone())
        .into_rgba8()
        .into_raw()
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_fixture_gets_its_verdict() {
    let table = camera_fixtures(&photos());
    assert!(table.len() >= 25, "the table lost fixtures");
    let mut analyzers: Vec<Analyzer> = Vec::new();
    let mut wrong = Vec::new();
    for fx in &table {
        let side = Side::parse(fx.side).expect("fixture sides are valid");
        if !analyzers.iter().any(|a| a.side() == side) {
            analyzers.push(Analyzer::new(side).expect("model built in (run scripts/setup.sh)"));
        }
        let analyzer = analyzers
            .iter()
            .find(|a| a.side() == side)
            .expect("made above");
        let pixels = rgba(&fx.image);
        let frame = Frame::rgba(
            &pixels,
            fx.image.width() as usize,
            fx.image.height() as usize,
        )
        .expect("fixture frames are well formed");
        let report = analyzer.inspect(&frame).expect("analysis runs");
        if report.verdict.as_str() != fx.verdict {
            wrong.push(format!(
                "{}: expected {}, got {} ({:?} {:?})",
                fx.name,
                fx.verdict,
                report.verdict.as_str(),
                report.document,
                report.quality
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_straightened_tilted_back_decodes_to_the_aamva_payload() {
    let img = fixtures::moved(
        &fixtures::card_back(&fixtures::demo_licence()),
        5.0,
        1.0,
        0.0,
    );
    let luma = frame_quality::luma_from_rgba(&rgba(&img));
    let (w, h) = (img.width() as usize, img.height() as usize);
    let doc = frame_vision::find_document(&luma, w, h).expect("the card is found");
    let (cw, ch) = doc.edge_lengths();
    let (cw, ch) = (cw.round() as usize, ch.round() as usize);
    let crop = geometry::warp_quad(&luma, w, h, &doc.corners, cw, ch).expect("warps");
    let text = barcode::decode_pdf417(&crop, cw, ch).expect("decodes");
    assert_eq!(
        text,
        id_documents::aamva::encode(&fixtures::demo_licence()),
        "the decoded text is the licence's AAMVA payload"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_live_preview_asks_to_hold_still_until_the_card_stops_moving() {
    let front = fixtures::card_front(1);
    let mut analyzer = Analyzer::new(Side::Front).expect("no model needed");
    let mut auto = frame_vision::AutoCapture::new(2);
    let mut verdicts = Vec::new();
    let mut captured = None;
    // Moving, then still: sharp, sharp (good), slightly soft (good, but less sharp).
    for (i, (dx, sigma)) in [(60.0, 0.0), (0.0, 0.0), (0.0, 0.0), (0.0, 1.0)]
        .into_iter()
        .enumerate()
    {
        let mut img = fixtures::moved(&front, 0.0, 0.9, dx);
        if sigma > 0.0 {
            img = fixtures::blurred(&img, sigma);
        }
        let px = rgba(&img);
        let frame = Frame::rgba(&px, img.width() as usize, img.height() as usize).expect("sized");
        let report = analyzer.analyze(&frame).expect("runs");
        verdicts.push(report.verdict.as_str());
        if let Some(kept) = auto.push(&report, || i) {
            captured = Some(kept);
        }
    }
    assert_eq!(verdicts, ["hold_still", "hold_still", "good", "good"]);
    assert_eq!(
        captured,
        Some(2),
        "the sharper of the two good frames, not the last"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_review_screen_lists_what_each_picture_passed() {
    use frame_vision::Check::*;
    let table = camera_fixtures(&photos());
    let checks = |name: &str| {
        let fx = table
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("{name} is in the table"));
        let side = Side::parse(fx.side).expect("valid side");
        let pixels = rgba(&fx.image);
        let frame = Frame::rgba(
            &pixels,
            fx.image.width() as usize,
            fx.image.height() as usize,
        )
        .expect("well formed");
        let report = Analyzer::new(side)
            .expect("model built in")
            .inspect(&frame)
            .expect("runs");
        (report.checks(), report.normalised_outline())
    };
    let (back, outline) = checks("card-back-sharp");
    assert_eq!(back, [DocumentFound, WellLit, NoGlare, Sharp, BarcodeRead]);
    let outline = outline.expect("the card is outlined");
    assert!(outline.iter().flatten().all(|v| (0.0..=1.0).contains(v)));
    assert!(outline[0][0] < outline[1][0] && outline[0][1] < outline[3][1]);
    let (unreadable, _) = checks("card-back-unreadable");
    assert!(!unreadable.contains(&BarcodeRead) && unreadable.contains(&DocumentFound));
    let (glare, _) = checks("card-front-glare");
    assert!(
        !glare.contains(&NoGlare) && glare.contains(&Sharp),
        "{glare:?}"
    );
    let (passport, _) = checks("passport-sharp");
    assert!(passport.contains(&MrzFound), "{passport:?}");
    let (selfie, face) = checks("selfie-astronaut");
    assert_eq!(selfie, [FaceFound, WellLit, Sharp]);
    assert!(face.is_some());
    let (two, _) = checks("selfie-two-faces");
    assert!(!two.contains(&FaceFound));
    let (empty, nothing) = checks("empty-coffee");
    assert!(empty.is_empty() && nothing.is_none(), "{empty:?}");
}

/// Issue 16: a licence whose dark navy header band is within 18 luma levels of the dark desk.
/// The outline took the light body alone (aspect 1.82) and the crop cut the band off.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_outline_and_the_crop_keep_a_dark_header_band() {
    let img = fixtures::dark_band_front();
    let px = rgba(&img);
    let frame = Frame::rgba(&px, img.width() as usize, img.height() as usize).expect("sized");
    let report = Analyzer::new(Side::Front)
        .expect("no model needed")
        .inspect(&frame)
        .expect("runs");
    let doc = report.document.as_ref().expect("the card is found");
    // The card spans y 26–694 (its band 26–146) and x 110–1170.
    for (corner, (x, y)) in doc.corners.iter().zip([
        (110.0, 26.0),
        (1170.0, 26.0),
        (1170.0, 694.0),
        (110.0, 694.0),
    ]) {
        assert!(
            (corner.x - x).abs() < 12.0 && (corner.y - y).abs() < 12.0,
            "{doc:?}"
        );
    }
    assert!((doc.true_aspect - 1.586).abs() < 0.05, "{doc:?}");
    let crop = frame_vision::picture::document_crop(&doc.corners, 1280, 720);
    assert!(crop.y <= 26 && crop.y + crop.height >= 694, "{crop:?}");
}

/// The e2e test's unseen-layout licence (held-out layout families), natively: both sides are
/// taken by themselves from a still hand, and the back's barcode is the demo patient's.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn an_unseen_layout_licence_is_taken_by_itself() {
    let licence = fixtures::demo_licence();
    let (front, back) = fixtures::scenes::unseen_licence(&licence);
    for (side, img) in [(Side::Front, &front), (Side::Back, &back)] {
        let px = rgba(img);
        let frame = Frame::rgba(&px, 1280, 720).expect("sized");
        let mut analyzer = Analyzer::new(side).expect("no model needed");
        let mut auto = frame_vision::AutoCapture::new(4);
        let mut taken = None;
        for i in 0..6 {
            let report = analyzer.analyze(&frame).expect("runs");
            if let Some(k) = auto.push(&report, || i) {
                taken = Some(k);
                let checks = report.checks();
                assert!(
                    checks.contains(&frame_vision::Check::DocumentFound),
                    "{checks:?}"
                );
                assert!(checks.contains(&frame_vision::Check::NoGlare), "{checks:?}");
            }
        }
        assert!(taken.is_some(), "{side:?} was not taken by itself");
    }
    let luma = frame_quality::luma_from_rgba(&rgba(&back));
    let doc = frame_vision::find_document(&luma, 1280, 720).expect("found");
    let (cw, ch) = doc.edge_lengths();
    let (cw, ch) = (cw.round() as usize, ch.round() as usize);
    let crop = geometry::warp_quad(&luma, 1280, 720, &doc.corners, cw, ch).expect("warps");
    assert_eq!(
        barcode::decode_pdf417(&crop, cw, ch).as_deref(),
        Some(id_documents::aamva::encode(&licence).as_str())
    );
}
