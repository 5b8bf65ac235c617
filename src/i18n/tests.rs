//! The translation files against the code: every message used is in every file, none unused,
//! placeholders as English has them, plurals from the files.

use std::collections::{BTreeMap, BTreeSet};

use super::generated::{has_own_text, FILES, WITH_PLACEHOLDERS};
use super::*;

const LAUNCH_ERRORS: [LaunchError; 8] = [
    LaunchError::MissingLink,
    LaunchError::InvalidLink,
    LaunchError::Expired,
    LaunchError::Finished,
    LaunchError::Network,
    LaunchError::HandoffUsed,
    LaunchError::HandoffExpired,
    LaunchError::HandoffUnknown,
];
const BROWSERS: [Browser; 6] = [
    Browser::Ios,
    Browser::Android,
    Browser::Firefox,
    Browser::SafariMac,
    Browser::Chromium,
    Browser::Other,
];
const SIDES: [Side; 3] = [Side::Front, Side::Back, Side::Selfie];
const CHECKS: [Check; 8] = [
    Check::DocumentFound,
    Check::WellLit,
    Check::NoGlare,
    Check::Sharp,
    Check::BarcodeRead,
    Check::MrzFound,
    Check::MrzRead,
    Check::FaceFound,
];
const FAILURES: [FailureKind; 8] = [
    FailureKind::ScanConditions,
    FailureKind::InvalidDocument,
    FailureKind::UnsupportedDocument,
    FailureKind::NameMismatch,
    FailureKind::Expired,
    FailureKind::BirthDateMismatch,
    FailureKind::AttemptsExhausted,
    FailureKind::CouldNotVerify,
];

/// Every `Text` value the code can ask for: each variant, with each value it can carry. A new
/// variant left out here shows up as its message "never used" in the test below.
fn every_text() -> Vec<Text> {
    use Text::*;
    let mut all = vec![];
    all.extend(BROWSERS.map(DeniedSteps));
    all.extend(
        [
            idv_wire::HandoffState::Waiting,
            idv_wire::HandoffState::PhoneConnected,
            idv_wire::HandoffState::Checking,
            idv_wire::HandoffState::Decided,
            idv_wire::HandoffState::Declined,
        ]
        .map(HandoffPhone),
    );
    all.extend(idv_wire::Trigger::ALL.map(Reason));
    for e in [Ended::PhoneStopped, Ended::PhoneReleased, Ended::Cancelled] {
        all.extend([EndedTitle(e), EndedBody(e)]);
    }
    all.push(CodeRefused(crate::journey::CodeRefused::Malformed));
    all.extend(LAUNCH_ERRORS.map(|e| CodeRefused(crate::journey::CodeRefused::Launch(e))));
    for e in LAUNCH_ERRORS {
        all.extend([Launch(e), LaunchNext(e)]);
    }
    for d in DocumentType::ALL {
        all.extend([Document(d), DocumentHint(d)]);
    }
    for s in SIDES {
        all.extend([
            CaptureTitle(s, false),
            CaptureTitle(s, true),
            CaptureHelp(s),
        ]);
        all.extend([CameraPreview(s), ReviewQuestion(s), ReviewAlt(s)]);
    }
    for side in VisionSide::ALL {
        all.push(GuideManual(side));
        all.extend(Verdict::ALL.map(|v| Guide(side, v)));
    }
    all.extend(CHECKS.map(CheckPassed));
    for p in CameraProblem::ALL {
        all.extend([CameraProblemTitle(p), CameraProblemNext(p)]);
    }
    all.extend(FAILURES.map(Failure));
    all.extend(crate::journey::WalletProblem::ALL.map(WalletProblem));
    all
}

/// The plain messages the code names directly (`Key::MyNewText`), found in `src/` outside
/// comments.
fn keys_named_in_source() -> Vec<Key> {
    fn sources(dir: &std::path::Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).expect("src/ is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let file = std::fs::read_to_string(&path).expect("a source file");
                for line in file.lines() {
                    out.push_str(line.split("//").next().unwrap_or_default());
                    out.push('\n');
                }
            }
        }
    }
    let mut text = String::new();
    sources(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut text,
    );
    Key::ALL
        .into_iter()
        .filter(|k| {
            let name = format!("Key::{k:?}");
            text.match_indices(&name).any(|(at, _)| {
                !text[at + name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
            })
        })
        .collect()
}

/// The ids the code uses: every `Text`'s message, the plain messages named directly, and the
/// messages with placeholders (each is a generated function, so one no code calls is a
/// dead-code error under clippy).
fn used_ids() -> BTreeSet<&'static str> {
    let mut used: BTreeSet<&str> = every_text().into_iter().map(|t| key(t).id()).collect();
    used.extend(keys_named_in_source().into_iter().map(Key::id));
    used.extend(WITH_PLACEHOLDERS);
    used
}

type File<'a> = (&'a str, &'a [(&'a str, &'a [&'a str])]);

/// What is wrong with the files, one line each: a message the code uses that a file lacks
/// (English is shown instead), a message no code uses, placeholders that differ from
/// English's. The first file is English.
fn problems(files: &[File], used: &BTreeSet<&str>) -> Vec<String> {
    let mut found = Vec::new();
    let Some((_, english)) = files.first() else {
        return vec!["no English file".into()];
    };
    let english: BTreeMap<&str, &[&str]> = english.iter().copied().collect();
    for (lang, messages) in files {
        let here: BTreeMap<&str, &[&str]> = messages.iter().copied().collect();
        for id in used.iter().filter(|id| !here.contains_key(*id)) {
            found.push(format!(
                "{lang}.ftl: `{id}` is missing (English is shown instead)"
            ));
        }
        for (id, placeholders) in &here {
            if !used.contains(id) {
                found.push(format!("{lang}.ftl: `{id}` is never used by the code"));
            } else if let Some(reference) = english.get(id).filter(|r| *r != placeholders) {
                found.push(format!(
                    "{lang}.ftl: `{id}` has placeholders {placeholders:?}, English has {reference:?}"
                ));
            }
        }
    }
    found
}

fn files() -> Vec<File<'static>> {
    FILES
        .iter()
        .map(|(lang, messages)| (lang.code(), *messages))
        .collect()
}

#[test]
fn every_language_has_every_message_the_code_uses_and_no_other() {
    let found = problems(&files(), &used_ids());
    assert!(found.is_empty(), "locales/*.ftl:\n{}", found.join("\n"));
    // And the table says the same: no language falls back to English anywhere.
    for lang in Lang::ALL {
        for t in every_text() {
            assert!(
                has_own_text(lang, key(t)),
                "{}: {t:?} falls back to English",
                lang.code()
            );
        }
    }
}

#[test]
fn the_completeness_check_reports_a_missing_an_unused_and_a_changed_placeholder() {
    let used: BTreeSet<&str> = ["a", "b", "n-left"].into();
    let english: &[(&str, &[&str])] = &[("a", &[]), ("b", &[]), ("n-left", &["n"])];
    assert!(problems(&[("en", english)], &used).is_empty());
    let partial: &[(&str, &[&str])] = &[("a", &[]), ("stale", &[]), ("n-left", &["count"])];
    assert_eq!(
        problems(&[("en", english), ("fr", partial)], &used),
        [
            "fr.ftl: `b` is missing (English is shown instead)",
            "fr.ftl: `n-left` has placeholders [\"count\"], English has [\"n\"]",
            "fr.ftl: `stale` is never used by the code",
        ]
    );
    let unused_in_english: BTreeSet<&str> = ["a", "n-left"].into();
    assert_eq!(
        problems(&[("en", english)], &unused_in_english),
        ["en.ftl: `b` is never used by the code"]
    );
}

#[test]
fn every_file_is_a_language_of_the_wire_and_back() {
    for lang in Lang::ALL {
        let locale = lang.locale();
        assert_eq!(
            locale.as_str(),
            lang.code(),
            "the file's name is the wire's name"
        );
        assert_eq!(Lang::of(locale), lang);
        assert_eq!(
            Locale::from_tag(lang.code()),
            locale,
            "the wire reads `{}`",
            lang.code()
        );
    }
    // The switch button goes round every language and back.
    let mut seen = vec![Locale::En];
    let mut l = next_locale(Locale::En);
    while l != Locale::En {
        seen.push(l);
        l = next_locale(l);
    }
    assert_eq!(seen.len(), Lang::ALL.len());
}

#[test]
fn every_text_has_distinct_non_empty_english_and_spanish() {
    let direct = keys_named_in_source();
    assert!(
        direct.contains(&Key::CancelledTitle),
        "the source scan finds the keys screens name"
    );
    for s in every_text()
        .into_iter()
        .chain(direct.into_iter().map(Text::Plain))
    {
        let (en, es) = (t(Locale::En, s), t(Locale::Es, s));
        assert!(!en.is_empty() && !es.is_empty(), "{s:?} is empty");
        assert_ne!(en, es, "{s:?} is not translated");
    }
    assert_eq!(
        t(Locale::Es, Key::PassTitle),
        "Su identidad está verificada"
    );
    assert_eq!(t(Locale::En, Key::LanguageName), "English");
    assert_eq!(t(Locale::Es, Key::LanguageName), "Español");
    assert_eq!(
        t(Locale::Es, Key::ConsentNeedBoth),
        "Para continuar, marque las dos casillas. Si no está de acuerdo, elija \"No acepto\"."
    );
}

#[test]
fn numbers_and_plurals_come_from_the_files() {
    assert_eq!(step_label(Locale::En, 2, 3), "Photo 2 of 3");
    assert_eq!(step_label(Locale::Es, 2, 3), "Foto 2 de 3");
    let left = |l, n| attempts_left_label(l, n);
    assert_eq!(left(Locale::En, 1), "You have 1 attempt left.");
    assert_eq!(left(Locale::En, 2), "You have 2 attempts left.");
    assert_eq!(left(Locale::En, 0), "You have 0 attempts left.");
    assert_eq!(left(Locale::Es, 1), "Le queda 1 intento.");
    assert_eq!(left(Locale::Es, 2), "Le quedan 2 intentos.");
    assert_eq!(left(Locale::Es, 11), "Le quedan 11 intentos.");
    assert_eq!(
        retakes_left_label(Locale::En, 1),
        "You can retake this picture 1 more time."
    );
    assert_eq!(
        retakes_left_label(Locale::Es, 2),
        "Puede repetir esta foto 2 veces más."
    );
}

#[test]
fn every_verdict_has_an_instruction_in_both_languages() {
    // Good and hold-still share "Hold still…"; every fault has its own words.
    let verdicts = Verdict::ALL
        .into_iter()
        .filter(|v| !matches!(v, Verdict::Good | Verdict::HoldStill));
    for locale in [Locale::En, Locale::Es] {
        let mut seen = std::collections::HashSet::new();
        for v in verdicts.clone() {
            let side = if v == Verdict::MrzMissing {
                VisionSide::Passport
            } else {
                VisionSide::Back
            };
            let text = t(locale, Text::Guide(side, v));
            assert!(seen.insert(text), "{v:?} repeats another instruction");
            assert!(text.len() <= 80, "one short instruction: {text}");
        }
    }
    assert_ne!(
        t(
            Locale::En,
            Text::Guide(VisionSide::Passport, Verdict::NoDocument)
        ),
        t(
            Locale::En,
            Text::Guide(VisionSide::Front, Verdict::NoDocument)
        ),
        "a passport is not a card"
    );
}

#[test]
fn every_camera_problem_has_its_own_words_in_both_languages() {
    for locale in [Locale::En, Locale::Es] {
        let mut seen = std::collections::HashSet::new();
        for p in CameraProblem::ALL {
            for text in [Text::CameraProblemTitle(p), Text::CameraProblemNext(p)] {
                assert!(
                    seen.insert(t(locale, text)),
                    "{p:?} repeats another problem's text"
                );
            }
        }
    }
    // The host's policy is not the patient's settings: the advice must say so.
    assert!(t(
        Locale::En,
        Text::CameraProblemNext(CameraProblem::BlockedByHost)
    )
    .contains("browser settings are not the problem"));
    assert!(t(
        Locale::En,
        Text::CameraProblemNext(CameraProblem::InsecureContext)
    )
    .contains("https://"));
}
