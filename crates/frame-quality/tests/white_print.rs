//! Passport data pages with plain white print, drawn as the camera and the straightening give
//! them to [`frame_quality::highlights`]: a white MRZ zone, a white panel behind the fields, or
//! a pale page, their text and MRZ in OCR-B, evenly lit (glare-free: the blank rows between
//! white-ground lines are blown, and must not count) and the same pages with a specular blob
//! over their print (glare). The tuning scenes hold no such layout, so the rule is held to
//! these drawings; every page is varied by its seed (white level, ground, line pitch, text size,
//! ink, light, blur, noise, JPEG), so no one picture is fitted.
//!
//! The ICAO layouts add what real TD3 data pages have and the first three lack: a pale or
//! white background behind the portrait and a faint ghost portrait, a blank signature box, a
//! smooth tint gradient, a near-white MRZ zone, a ground of 236–252, and on some a laminate's
//! sheen (a wide, gentle rise of light) with vignetting, never clipping.
//!
//! `WHITE_PRINT_DUMP=DIR cargo test -p frame-quality --test white_print -- --nocapture` prints
//! each page's measure and writes it as `DIR/<layout>-<seed>-<glare>.png`.

use fixtures::ocrb::{Cut, Ocrb};
use frame_quality::highlights;

/// The straightened page as frame-vision judges it: 480 px wide, TD3's 125 × 88 mm.
const W: usize = 480;
const H: usize = 338;
/// The page is drawn at this many texture pixels a crop pixel and averaged down.
const S: usize = 2;
/// frame-vision's `MAX_GLARE`: a page covered more than this is refused as glare.
const FLAGGED: f32 = 0.002;

/// SplitMix64: a deterministic page per seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    fn range(&mut self, a: f32, b: f32) -> f32 {
        a + (b - a) * self.unit()
    }
    fn chance(&mut self, p: f32) -> bool {
        self.unit() < p
    }
    /// Roughly normal: four uniforms summed.
    fn normal(&mut self) -> f32 {
        (0..4).map(|_| self.unit()).sum::<f32>() * 1.732 - 3.464
    }
    fn text(&mut self, len: usize, alphabet: &[u8]) -> String {
        (0..len)
            .map(|_| char::from(alphabet[(self.next() % alphabet.len() as u64) as usize]))
            .collect()
    }
}

const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
const MRZ: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<";

/// Where the page's white print is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Layout {
    /// A white zone across the bottom holding the MRZ.
    WhiteMrz,
    /// A white panel behind the text fields.
    WhitePanel,
    /// A pale page, just under white, with a white MRZ zone on some.
    PalePage,
    /// A page as ICAO 9303 TD3 pages are printed: a pale or white rectangle behind the portrait
    /// and a faint ghost portrait, a blank signature box, the MRZ on a near-white zone, a page
    /// ground of 236–250 with a smooth tint gradient.
    IcaoPage,
    /// [`Layout::IcaoPage`] under a laminate's sheen: a gentle, wide rise of brightness across
    /// the page, and vignetting (brighter in the middle), never clipping the ground.
    Sheen,
    /// [`Layout::IcaoPage`] exposed near clipping: its ground at 244–252 with the print evenly
    /// exposed.
    NearClip,
}

impl Layout {
    fn icao(self) -> bool {
        matches!(self, Layout::IcaoPage | Layout::Sheen | Layout::NearClip)
    }
}

/// The page in texture pixels (luma, unclamped).
struct Canvas {
    px: Vec<f32>,
    w: usize,
    h: usize,
}

impl Canvas {
    fn rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, v: f32) {
        let clampx = |x: f32| (x.max(0.0) as usize).min(self.w);
        let clampy = |y: f32| (y.max(0.0) as usize).min(self.h);
        let (x0, x1, y0, y1) = (clampx(x0), clampx(x1), clampy(y0), clampy(y1));
        for y in y0..y1 {
            self.px[y * self.w + x0..y * self.w + x1].fill(v);
        }
    }

    fn text(&mut self, font: &Ocrb, text: &str, left: f32, baseline: f32, pitch: f32, ink: f32) {
        let (w, h) = (self.w as i64, self.h as i64);
        font.render(text, left, baseline, pitch, |x, y, cov| {
            if (0..w).contains(&x) && (0..h).contains(&y) {
                let p = &mut self.px[y as usize * self.w + x as usize];
                let a = cov.clamp(0.0, 1.0);
                *p = *p * (1.0 - a) + ink * a;
            }
        });
    }
}

/// A passport data page of `layout`, in texture pixels.
fn page(rng: &mut Rng, layout: Layout) -> Canvas {
    let (w, h) = (W * S, H * S);
    let mm = w as f32 / 125.0;
    let white = rng.range(246.0, 255.0);
    let ground = match layout {
        Layout::PalePage => rng.range(234.0, 245.0),
        Layout::IcaoPage | Layout::Sheen => rng.range(236.0, 250.0),
        Layout::NearClip => rng.range(244.0, 252.0),
        _ => rng.range(200.0, 236.0),
    };
    let mut c = Canvas {
        px: vec![ground; w * h],
        w,
        h,
    };
    // Faint security waves over the ground.
    let (f1, f2, a, depth) = (
        rng.range(0.02, 0.06) / S as f32,
        rng.range(0.01, 0.03) / S as f32,
        rng.range(8.0, 30.0),
        rng.range(5.0, 25.0),
    );
    for y in 0..h {
        for x in 0..w {
            let (xf, yf) = (x as f32, y as f32);
            let v = ((xf * f1 + (yf * f2).sin() * a * f1).sin()
                + (yf * f1 * 0.8 + (xf * f2).cos() * a * f1).sin())
            .abs();
            if v < 0.12 {
                c.px[y * w + x] -= depth;
            }
        }
    }
    if rng.chance(0.5) {
        c.rect(
            0.0,
            0.0,
            w as f32,
            rng.range(6.0, 10.0) * mm,
            rng.range(40.0, 150.0),
        );
    }
    if layout.icao() {
        // A smooth tint gradient across the page, a few levels.
        let (gx, gy) = (rng.range(-6.0, 6.0), rng.range(-6.0, 6.0));
        for y in 0..h {
            for x in 0..w {
                let (u, v) = (x as f32 / w as f32 - 0.5, y as f32 / h as f32 - 0.5);
                c.px[y * w + x] += gx * u + gy * v;
            }
        }
    }
    // The portrait.
    let portrait = rng.range(90.0, 170.0);
    if layout.icao() {
        // The photo's own light background (a pale or white rectangle), a head and shoulders
        // on it, and a faint ghost portrait further right.
        let back = rng.range(235.0, 255.0);
        c.rect(6.0 * mm, 16.0 * mm, 38.0 * mm, 56.0 * mm, back);
        c.rect(14.0 * mm, 22.0 * mm, 30.0 * mm, 42.0 * mm, portrait + 40.0);
        c.rect(10.0 * mm, 42.0 * mm, 34.0 * mm, 56.0 * mm, portrait - 40.0);
        let ghost = rng.range(8.0, 25.0);
        let gx = rng.range(95.0, 108.0) * mm;
        let gy = rng.range(40.0, 48.0) * mm;
        c.rect(gx, gy, gx + 12.0 * mm, gy + 16.0 * mm, ground - ghost);
        // A blank signature box under the portrait.
        let sig = rng.range(244.0, 255.0);
        c.rect(6.0 * mm, 58.0 * mm, 38.0 * mm, 64.0 * mm, ground - 30.0);
        c.rect(6.3 * mm, 58.3 * mm, 37.7 * mm, 63.7 * mm, sig);
    } else {
        c.rect(6.0 * mm, 16.0 * mm, 38.0 * mm, 56.0 * mm, portrait);
        c.rect(13.0 * mm, 24.0 * mm, 31.0 * mm, 48.0 * mm, portrait + 40.0);
    }
    // The fields: six lines of text, on a white panel on some pages.
    let font = Ocrb::new(if rng.chance(0.5) {
        Cut::Regular
    } else {
        Cut::Sharp
    });
    let ink = rng.range(18.0, 50.0);
    let (pitch, size) = (rng.range(5.0, 7.5) * mm, rng.range(1.6, 2.3) * mm);
    let top = rng.range(16.0, 20.0) * mm;
    if layout == Layout::WhitePanel {
        c.rect(
            rng.range(40.0, 43.0) * mm,
            top - size * 1.6,
            rng.range(100.0, 122.0) * mm,
            top + 5.0 * pitch + size * rng.range(0.6, 2.0),
            white,
        );
    }
    for i in 0..6 {
        let len = (rng.range(6.0, 24.0)) as usize;
        let t = rng.text(len, LETTERS);
        c.text(&font, &t, 44.0 * mm, top + i as f32 * pitch, size, ink);
    }
    // The MRZ where ICAO 9303 puts it, on a white zone on some pages.
    if layout == Layout::WhiteMrz || layout.icao() || layout == Layout::PalePage && rng.chance(0.5)
    {
        let zone = rng.range(0.72, 0.8) * h as f32;
        c.rect(0.0, zone, w as f32, h as f32, white);
    }
    let pitch = 2.54 * mm;
    let left = (125.0 - 44.0 * 2.54) / 2.0 * mm;
    let base2 = h as f32 - 6.0 * mm;
    let base1 = base2 - 4.23 * mm;
    let mrz_ink = rng.range(15.0, 40.0);
    for base in [base1, base2] {
        let t = rng.text(44, MRZ);
        c.text(&font, &t, left, base, pitch, mrz_ink);
    }
    if layout == Layout::Sheen {
        // A laminate's sheen: a wide, gentle rise of light across the page, and vignetting,
        // scaled so that the brightest ground stays under clipping.
        let (cx, cy) = (rng.range(0.2, 0.8), rng.range(0.2, 0.8));
        let (spread, rise) = (rng.range(0.3, 0.6), rng.range(4.0, 14.0));
        let vignette = rng.range(0.02, 0.06);
        let mut lit = c.px.clone();
        for y in 0..h {
            for x in 0..w {
                let (u, v) = (x as f32 / w as f32, y as f32 / h as f32);
                let d2 = ((u - cx).powi(2) + (v - cy).powi(2)) / (spread * spread);
                let r2 = (u - 0.5).powi(2) + (v - 0.5).powi(2);
                let light = (1.0 - vignette * r2 * 4.0) * (1.0 + rise / 255.0 * (-d2).exp());
                lit[y * w + x] *= light;
            }
        }
        let top = lit.iter().fold(0f32, |m, &v| m.max(v));
        let scale = (rng.range(246.0, 253.0) / top).min(1.0);
        c.px = lit.iter().map(|v| v * scale).collect();
    }
    c
}

/// A specular highlight as the scene generator draws it, in crop pixels: centre, radii, angle,
/// strength (the core clips where strength × 1.6 ≥ 1).
#[derive(Debug, Clone, Copy)]
struct Blob {
    x: f32,
    y: f32,
    rx: f32,
    ry: f32,
    angle: f32,
    strength: f32,
}

/// A blob over the page's print: the MRZ or the fields, sized as the generator sizes them
/// (radii 7–16 % and 4–9 % of the page's width).
fn blob(rng: &mut Rng) -> Blob {
    let (u, v) = if rng.chance(0.5) {
        (rng.range(0.25, 0.8), rng.range(0.78, 0.93))
    } else {
        (rng.range(0.4, 0.8), rng.range(0.25, 0.55))
    };
    Blob {
        x: u * W as f32,
        y: v * H as f32,
        rx: W as f32 * rng.range(0.07, 0.16),
        ry: W as f32 * rng.range(0.04, 0.09),
        angle: rng.range(0.0, std::f32::consts::PI),
        strength: rng.range(0.85, 1.0),
    }
}

/// `page` lit (gain and a gentle gradient, with `glare`), averaged down to the crop, softened,
/// noisy and, on some, JPEG-compressed: the straightened luma [`highlights`] is given.
fn photograph(rng: &mut Rng, page: &Canvas, glare: Option<Blob>, icao: bool) -> Vec<u8> {
    // An ICAO page's ground is drawn at its exposed level already: no gain lifting it into
    // clipping.
    let gain = if icao { 1.0 } else { rng.range(1.0, 1.06) };
    let tilt = rng.range(-0.03, 0.03);
    let mut crop = vec![0f32; W * H];
    for y in 0..page.h {
        for x in 0..page.w {
            let (cx, cy) = (x as f32 / S as f32, y as f32 / S as f32);
            let mut v = page.px[y * page.w + x] * gain * (1.0 + tilt * (cx / W as f32 - 0.5));
            if let Some(g) = glare {
                let (s, c) = g.angle.sin_cos();
                let (dx, dy) = (cx - g.x, cy - g.y);
                let (u, t) = ((dx * c + dy * s) / g.rx, (-dx * s + dy * c) / g.ry);
                let a = ((1.6 - u * u - t * t) * g.strength).clamp(0.0, 1.0);
                v = v * (1.0 - a) + 255.0 * a;
            }
            crop[(y / S) * W + x / S] += v.clamp(0.0, 255.0) / (S * S) as f32;
        }
    }
    for _ in 0..rng.range(0.0, 2.99) as usize {
        crop = binomial(&crop);
    }
    let sigma = rng.range(1.0, 4.0);
    let mut luma: Vec<u8> = crop
        .iter()
        .map(|&v| (v + rng.normal() * sigma).round().clamp(0.0, 255.0) as u8)
        .collect();
    if rng.chance(0.5) {
        luma = jpeg(&luma, rng.range(55.0, 90.0) as u8);
    }
    luma
}

/// A 3×3 binomial blur (edges copied).
fn binomial(src: &[f32]) -> Vec<f32> {
    let mut out = src.to_vec();
    for y in 1..H - 1 {
        for x in 1..W - 1 {
            let at = |dx: usize, dy: usize| src[(y + dy - 1) * W + x + dx - 1];
            out[y * W + x] = (at(0, 0)
                + at(2, 0)
                + at(0, 2)
                + at(2, 2)
                + 2.0 * (at(1, 0) + at(0, 1) + at(2, 1) + at(1, 2))
                + 4.0 * at(1, 1))
                / 16.0;
        }
    }
    out
}

fn jpeg(luma: &[u8], quality: u8) -> Vec<u8> {
    let Some(img) = image::GrayImage::from_raw(W as u32, H as u32, luma.to_vec()) else {
        return luma.to_vec();
    };
    let mut out = std::io::Cursor::new(Vec::new());
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    if img.write_with_encoder(encoder).is_err() {
        return luma.to_vec();
    }
    image::load_from_memory_with_format(&out.into_inner(), image::ImageFormat::Jpeg)
        .map(|d| d.to_luma8().into_raw())
        .unwrap_or_else(|_| luma.to_vec())
}

/// The measure of each page of `layout` (seeds `seeds`), evenly lit and with a blob over its
/// print: `(seed, plain, glared)`.
fn measures(layout: Layout, seeds: std::ops::Range<u64>) -> Vec<(u64, f32, f32)> {
    let dump = std::env::var_os("WHITE_PRINT_DUMP").map(std::path::PathBuf::from);
    seeds
        .map(|seed| {
            let mut rng = Rng(seed * 7919 + layout as u64);
            let tex = page(&mut rng, layout);
            let g = blob(&mut rng);
            let plain = photograph(&mut Rng(seed), &tex, None, layout.icao());
            let glared = photograph(&mut Rng(seed), &tex, Some(g), layout.icao());
            let (p, q) = (highlights(&plain, W, H), highlights(&glared, W, H));
            println!("{layout:?} {seed}: plain {p:.4} glared {q:.4} {g:?}");
            if let Some(dir) = &dump {
                for (name, luma) in [("plain", plain), ("glare", glared)] {
                    let path = dir.join(format!("{layout:?}-{seed}-{name}.png"));
                    if let Some(img) = image::GrayImage::from_raw(W as u32, H as u32, luma) {
                        let _ = img.save(path);
                    }
                }
            }
            (seed, p, q)
        })
        .collect()
}

/// Prints how each layout fares (`-- --nocapture`) and returns `(flagged evenly lit, missed
/// glare)` counts of 16 pages.
fn tally(layout: Layout) -> (usize, usize) {
    let m = measures(layout, 0..16);
    if let Some(n) = std::env::var("WHITE_PRINT_SEEDS")
        .ok()
        .and_then(|n| n.parse::<u64>().ok())
    {
        // More pages for study, beyond the 16 asserted on.
        let more = measures(layout, 16..16 + n);
        let flagged = more.iter().filter(|(_, p, _)| *p > FLAGGED).count();
        let missed = more.iter().filter(|(_, _, q)| *q <= FLAGGED).count();
        println!(
            "{layout:?} (seeds 16–{}): evenly lit flagged {flagged}, glare missed {missed}",
            15 + n
        );
    }
    let flagged = m.iter().filter(|(_, p, _)| *p > FLAGGED).count();
    let missed = m.iter().filter(|(_, _, q)| *q <= FLAGGED).count();
    println!(
        "{layout:?}: evenly lit flagged {flagged} of {}, glare missed {missed} of {}",
        m.len(),
        m.len()
    );
    (flagged, missed)
}

#[test]
fn a_white_mrz_zone_evenly_lit_is_not_glare() {
    // Before the halo had to be dimmer than the patch, all 16 were flagged: the MRZ glyphs
    // next to the zone's blank white hold that white as their paper. The one left (seed 6, a
    // page drawn pale, ground 243) is flagged by the blank rows between its text lines, blown
    // at 244 with no clipped core.
    let (flagged, _) = tally(Layout::WhiteMrz);
    assert!(flagged <= 1, "{flagged} of 16");
    // Not yet held, printed for study (`-- --nocapture`): white panels of text lines on tinted
    // pages (8 of 16 flagged before the washed-ink rim needed the light to fade on the blocks
    // touching the patch, 4 after) and pale pages (3, then 1), and a blob over a white zone
    // joins its blank white, whose rim is mostly unlit print, so it is often missed.
    for layout in [Layout::WhitePanel, Layout::PalePage] {
        tally(layout);
    }
}

#[test]
fn icao_pages_evenly_lit_are_not_glare_and_a_blob_over_their_print_is() {
    // Before a highlight's halo had to fade fastest next to it and, on a pale ground, its
    // washed-ink rim to dim the blocks touching it, 3, 4 and 3 of 16 were flagged (10 of 48):
    // the white background behind the portrait (a plateau read as washed ink), and a white
    // margin beside the dark header band read as a halo. Now 1, 2 and 1: pages whose blank
    // ground is exposed at 244–247, blown by its noise peaks with no clipped core (a gate on
    // the core cleared them but cost real highlights resampled under clipping). Seeds 16–115
    // (`WHITE_PRINT_SEEDS=100`): 22, 20 and 13 of 100 before, 13, 8 and 10 now.
    let (mut found, mut flagged) = (0, Vec::new());
    for layout in [Layout::IcaoPage, Layout::Sheen, Layout::NearClip] {
        let (f, missed) = tally(layout);
        flagged.push(f);
        found += 16 - missed;
    }
    assert!(
        flagged.iter().sum::<usize>() <= 4,
        "flagged of 16 each: {flagged:?}"
    );
    // Blobs over print on pages this pale rarely leave a halo (the known limit): the two found
    // before are still found.
    assert!(found >= 2, "{found}");
}
