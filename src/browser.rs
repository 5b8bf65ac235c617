//! Which browser the patient uses, as far as it changes what they must do: where the camera
//! permission lives differs between Safari on an iPhone, Chrome on Android and desktop browsers.
//! Pure: the user-agent string in, a family out.

/// Browser families whose camera settings are reached differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browser {
    /// Every browser on an iPhone or iPad (all use Safari's engine and the system settings).
    Ios,
    /// Chrome and most browsers on Android.
    Android,
    /// Firefox on a computer.
    Firefox,
    /// Safari on a Mac.
    SafariMac,
    /// Chrome, Edge and other Chromium browsers on a computer.
    Chromium,
    /// Anything else: generic words.
    Other,
}

impl Browser {
    /// The family of the browser whose `navigator.userAgent` is `ua`. iPadOS reports itself as
    /// a Mac; the caller tells that apart by touch support (`touch`).
    pub fn detect(ua: &str, touch: bool) -> Browser {
        let has = |s: &str| ua.contains(s);
        if has("iPhone") || has("iPad") || has("iPod") || (has("Macintosh") && touch) {
            Browser::Ios
        } else if has("Android") {
            Browser::Android
        } else if has("Firefox/") {
            Browser::Firefox
        } else if has("Chrome/") || has("Chromium/") || has("Edg/") {
            Browser::Chromium
        } else if has("Macintosh") && has("Safari/") {
            Browser::SafariMac
        } else {
            Browser::Other
        }
    }

    /// This browser, from the page's `navigator`.
    pub fn current() -> Browser {
        let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
            return Browser::Other;
        };
        let ua = navigator.user_agent().unwrap_or_default();
        Browser::detect(&ua, navigator.max_touch_points() > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_family_is_told_apart_by_its_user_agent() {
        let cases = [
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", false, Browser::Ios),
            // Chrome on an iPhone is still Safari's engine and the system's settings.
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1", false, Browser::Ios),
            // An iPad says it is a Mac; it has touch.
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", true, Browser::Ios),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", false, Browser::SafariMac),
            ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36", true, Browser::Android),
            ("Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0", true, Browser::Android),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0", false, Browser::Firefox),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0", false, Browser::Chromium),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/142.0.0.0 Safari/537.36", false, Browser::Chromium),
            ("", false, Browser::Other),
        ];
        for (ua, touch, family) in cases {
            assert_eq!(Browser::detect(ua, touch), family, "{ua}");
        }
    }
}
