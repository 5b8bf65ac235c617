//! A passport page is good when its MRZ reads on the device with every check digit holding
//! (the passport's "Barcode read"), whichever OCR-B cut printed it; one whose MRZ does not read
//! asks the patient to fix it.

use fixtures::ocrb::Cut;
use fixtures::passport::{passport_frame_printing, photograph, Shot, DEMO_PAGE};
use frame_vision::{Analyzer, Check, Frame, Side, Verdict};

fn inspect(img: &image::RgbImage) -> frame_vision::Report {
    let rgba = image::DynamicImage::ImageRgb8(img.clone())
        .into_rgba8()
        .into_raw();
    let frame = Frame::rgba(&rgba, img.width() as usize, img.height() as usize).expect("a frame");
    Analyzer::new(Side::Passport)
        .expect("no model needed")
        .inspect(&frame)
        .expect("analysed")
}

#[test]
fn the_demo_passport_is_good_with_its_mrz_read() {
    let (img, _) = fixtures::passport_page(&fixtures::demo_passport());
    let r = inspect(&img);
    assert_eq!(r.verdict, Verdict::Good, "{r:?}");
    assert_eq!(r.mrz.as_ref().and_then(|m| m.read), Some(true));
    assert!(r.checks().contains(&Check::MrzRead), "{:?}", r.checks());
}

#[test]
fn a_tilted_dim_page_in_another_cut_reads_too() {
    let shot = Shot {
        page_width: 760.0,
        tilt_deg: 6.0,
        blur: 0.6,
        noise: 4.0,
        gain: 0.55,
        glare: Some((0.8, 0.5)),
        jpeg_quality: 80,
    };
    let case = photograph(&fixtures::demo_passport(), Cut::Sharp, &shot, 5);
    let r = inspect(&case.frame);
    assert_eq!(r.verdict, Verdict::Good, "{r:?}");
    assert!(r.checks().contains(&Check::MrzRead));
}

#[test]
fn an_mrz_with_a_wrong_check_digit_is_not_read() {
    let td3 = fixtures::demo_passport();
    let (l1, l2) = id_documents::mrz::encode(&td3);
    // The birth date's check digit (position 19) off by one.
    let mut bad = l2.into_bytes();
    bad[19] = if bad[19] == b'9' { b'0' } else { bad[19] + 1 };
    let bad = String::from_utf8(bad).expect("ASCII");
    let img = passport_frame_printing(&td3, [&l1, &bad], DEMO_PAGE, Cut::Regular);
    let r = inspect(&img);
    assert_eq!(r.verdict, Verdict::MrzUnreadable, "{r:?}");
    assert_eq!(r.mrz.as_ref().and_then(|m| m.read), Some(false));
    assert!(!r.checks().contains(&Check::MrzRead));
    assert!(r.checks().contains(&Check::MrzFound), "the lines are there");
}
