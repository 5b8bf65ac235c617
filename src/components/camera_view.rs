//! The live preview: the video, the guide frame, the outline of what the checks found, and
//! the automatic-capture progress.

use idv_wire::vision::Corner;
use yew::prelude::*;

use crate::hooks::VisionView;
use crate::journey::Side;

/// The polygon's points in a viewBox `aspect` wide and 1 high.
fn points(outline: &[Corner; 4], aspect: f32) -> String {
    outline
        .iter()
        .map(|[x, y]| format!("{},{}", fixed4(x * aspect), fixed4(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `v` with four decimals (`0.4444`), in integers: the float formatter `{:.4}` costs the widget
/// several KB of wasm for the outline alone.
fn fixed4(v: f32) -> String {
    let n = (f64::from(v) * 10_000.0).round() as i64;
    let sign = if n < 0 { "-" } else { "" };
    let n = n.unsigned_abs();
    format!("{sign}{}.{:04}", n / 10_000, n % 10_000)
}

/// The document or face the checks found, drawn over the preview (which is cropped to fill
/// its box like `object-fit: cover`, hence `slice`).
fn outline(view: &VisionView) -> Html {
    let Some(o) = &view.outline else {
        return html! {};
    };
    html! {
        <svg class={classes!("outline", view.good.then_some("good"))}
            viewBox={format!("0 0 {} 1", fixed4(view.aspect))} preserveAspectRatio="xMidYMid slice"
            aria-hidden="true" focusable="false">
            <polygon points={points(o, view.aspect)} />
        </svg>
    }
}

/// The camera's preview for `side` (the selfie's mirrored, with a face guide), playing into
/// `video`, with the guide and what the checks see (`view`; the automatic-capture progress when
/// `show_progress`), named `label`. Decorations are hidden from screen readers, which hear the
/// guidance line instead. A plain function, not a component: it keeps no state, and each
/// component costs the first screen's wasm.
pub fn camera_view(
    side: Side,
    video: &NodeRef,
    view: &VisionView,
    show_progress: bool,
    label: &'static str,
) -> Html {
    let (streak, needed) = view.progress;
    html! {
        <div class={classes!("camera", (side == Side::Selfie).then_some("mirrored"))}>
            <video ref={video.clone()} playsinline=true muted=true autoplay=true
                aria-label={label}
                aria-describedby="capture-help capture-guidance"></video>
            <div class={classes!("guide", if side == Side::Selfie { "guide-face" } else { "guide-card" })}
                aria-hidden="true"></div>
            { outline(view) }
            if show_progress {
                <progress class="autocapture" max={needed.to_string()} value={streak.to_string()}
                    aria-hidden="true"></progress>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_decimals_without_the_float_formatter() {
        for (v, text) in [
            (0.0, "0.0000"),
            (1.77777, "1.7778"),
            (-0.25, "-0.2500"),
            (12.5, "12.5000"),
        ] {
            assert_eq!(fixed4(v), text);
            assert_eq!(fixed4(v), format!("{v:.4}"));
        }
    }

    #[test]
    fn the_outline_is_laid_in_the_video_aspect() {
        let o = [[0.25, 0.2], [0.75, 0.2], [0.75, 0.8], [0.25, 0.8]];
        assert_eq!(
            points(&o, 16.0 / 9.0),
            "0.4444,0.2000 1.3333,0.2000 1.3333,0.8000 0.4444,0.8000"
        );
    }
}
