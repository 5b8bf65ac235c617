//! Every transition of the journey, on the host.

use idv_wire::vision::{Check, Side as VisionSide, Sighting, Verdict};
use idv_wire::{VerificationProgress, VerificationStatus};

use super::*;

fn config(status: SessionStatus, types: &[DocumentType]) -> SessionConfig {
    SessionConfig {
        session_id: "s1".into(),
        document_types: types.to_vec(),
        locale: Locale::Es,
        host_origin: "http://127.0.0.1:8090".into(),
        trigger: idv_wire::Trigger::Signup,
        mode: idv_wire::SessionMode::Full,
        status,
        expires_at: "2030-01-01T00:00:00Z".into(),
        max_attempts: 3,
        attempts_used: 0,
        support: None,
        max_retakes: None,
        allow_document_upload: false,
        returns_to_client: false,
        wallet: false,
    }
}

fn jpeg(tag: u8) -> Capture {
    Capture {
        jpeg: Rc::new(vec![0xFF, 0xD8, 0xFF, tag]),
        checked: Checked::NotChecked,
        from_file: false,
    }
}

/// A FAIL (expired document) with two attempts left.
fn retryable_fail() -> Outcome {
    Outcome::Fail {
        verification_id: "v1".into(),
        reason_code: Some("IDV0011".into()),
        cause_code: None,
        retry_allowed: true,
        attempts_left: 2,
        result_token: None,
    }
}

fn run(j: Journey, actions: impl IntoIterator<Item = Action>) -> Journey {
    actions.into_iter().fold(j, Journey::apply)
}

fn loaded() -> Journey {
    Journey::default().apply(Action::Loaded(config(
        SessionStatus::Pending,
        &DocumentType::ALL,
    )))
}

fn at_selfie_review(d: DocumentType) -> Journey {
    let mut actions = vec![
        Action::ConsentGiven,
        Action::ChooseDocument(d),
        Action::Captured(jpeg(1)),
        Action::UsePhoto,
    ];
    if d.needs_back() {
        actions.extend([Action::Captured(jpeg(2)), Action::UsePhoto]);
    }
    actions.push(Action::Captured(jpeg(3)));
    run(loaded(), actions)
}

#[test]
fn loading_a_pending_session_asks_for_consent_in_the_session_language() {
    let j = loaded();
    assert_eq!(j.screen, Screen::Consent);
    assert_eq!(j.locale, Locale::Es);
}

#[test]
fn loading_resumes_or_refuses_by_session_status() {
    let load = |status| {
        Journey::default()
            .apply(Action::Loaded(config(status, &DocumentType::ALL)))
            .screen
    };
    assert_eq!(load(SessionStatus::InProgress), Screen::ChooseDocument);
    assert_eq!(load(SessionStatus::Declined), Screen::Declined);
    assert_eq!(
        load(SessionStatus::Completed),
        Screen::LaunchFailed(LaunchError::Finished)
    );
    assert_eq!(
        load(SessionStatus::Failed),
        Screen::LaunchFailed(LaunchError::Finished)
    );
}

#[test]
fn launch_failures_show_their_screen() {
    let j = Journey::default().apply(Action::LaunchFailed(LaunchError::Expired));
    assert_eq!(j.screen, Screen::LaunchFailed(LaunchError::Expired));
    assert_eq!(LaunchError::Expired.code(), "expired_token");
}

#[test]
fn declining_consent_is_a_final_screen() {
    let j = loaded().apply(Action::ConsentDeclined);
    assert_eq!(j.screen, Screen::Declined);
    // Nothing moves a declined journey on.
    let j = run(
        j,
        [
            Action::ConsentGiven,
            Action::ChooseDocument(DocumentType::Passport),
            Action::TryAgain,
        ],
    );
    assert_eq!(j.screen, Screen::Declined);
}

#[test]
fn a_licence_goes_front_review_back_review_selfie_review_sending() {
    let mut j = run(
        loaded(),
        [
            Action::ConsentGiven,
            Action::ChooseDocument(DocumentType::DriversLicense),
        ],
    );
    let expected = [
        (Screen::Capture(Side::Front), Screen::Review(Side::Front)),
        (Screen::Capture(Side::Back), Screen::Review(Side::Back)),
        (Screen::Capture(Side::Selfie), Screen::Review(Side::Selfie)),
    ];
    for (i, (capture, review)) in expected.into_iter().enumerate() {
        assert_eq!(j.screen, capture);
        j = j.apply(Action::Captured(jpeg(i as u8)));
        assert_eq!(j.screen, review);
        j = j.apply(Action::UsePhoto);
    }
    assert_eq!(j.screen, Screen::Sending);
    assert_eq!(j.submission, 1);
    assert!(j.front.is_some() && j.back.is_some() && j.selfie.is_some());
}

#[test]
fn a_passport_has_no_back() {
    let j = run(
        loaded(),
        [
            Action::ConsentGiven,
            Action::ChooseDocument(DocumentType::Passport),
            Action::Captured(jpeg(1)),
            Action::UsePhoto,
        ],
    );
    assert_eq!(j.screen, Screen::Capture(Side::Selfie));
    let j = run(j, [Action::Back]);
    assert_eq!(j.screen, Screen::Review(Side::Front));
}

#[test]
fn a_document_type_the_session_does_not_allow_is_ignored() {
    let j = Journey::default()
        .apply(Action::Loaded(config(
            SessionStatus::Pending,
            &[DocumentType::Passport],
        )))
        .apply(Action::ConsentGiven)
        .apply(Action::ChooseDocument(DocumentType::IdCard));
    assert_eq!(j.screen, Screen::ChooseDocument);
}

#[test]
fn retake_discards_the_picture_and_reopens_the_camera() {
    let j = run(
        loaded(),
        [
            Action::ConsentGiven,
            Action::ChooseDocument(DocumentType::IdCard),
            Action::Captured(jpeg(1)),
            Action::Retake,
        ],
    );
    assert_eq!(j.screen, Screen::Capture(Side::Front));
    assert!(j.front.is_none());
}

#[test]
fn back_walks_the_journey_backwards() {
    let j = run(
        loaded(),
        [
            Action::ConsentGiven,
            Action::ChooseDocument(DocumentType::IdCard),
        ],
    );
    assert_eq!(j.clone().apply(Action::Back).screen, Screen::ChooseDocument);
    let j = run(j, [Action::Captured(jpeg(1)), Action::UsePhoto]);
    assert_eq!(j.screen, Screen::Capture(Side::Back));
    let back = j.apply(Action::Back);
    assert_eq!(back.screen, Screen::Review(Side::Front));
    assert!(back.front.is_some(), "going back keeps the earlier picture");
    let review_back = run(
        back,
        [
            Action::UsePhoto,
            Action::Captured(jpeg(2)),
            Action::UsePhoto,
            Action::Back,
        ],
    );
    assert_eq!(review_back.screen, Screen::Review(Side::Back));
    // Back from a review is a retake of that side.
    let j = review_back.apply(Action::Back);
    assert_eq!(j.screen, Screen::Capture(Side::Back));
    assert!(j.back.is_none());
}

#[test]
fn choosing_another_document_drops_the_old_pictures() {
    let j = run(
        loaded(),
        [
            Action::ConsentGiven,
            Action::ChooseDocument(DocumentType::IdCard),
            Action::Captured(jpeg(1)),
            Action::Retake,
            Action::Captured(jpeg(1)),
            Action::UsePhoto,
            Action::Back,
            Action::Retake,
            Action::Back,
            Action::ChooseDocument(DocumentType::Passport),
        ],
    );
    assert_eq!(j.screen, Screen::Capture(Side::Front));
    assert_eq!(j.document, Some(DocumentType::Passport));
    assert!(j.front.is_none());
}

#[test]
fn camera_problems_show_a_screen_with_retry_and_back() {
    for (name, problem) in [
        ("NotAllowedError", CameraProblem::Denied),
        ("NotFoundError", CameraProblem::NotFound),
        ("NotReadableError", CameraProblem::InUse),
        ("OverconstrainedError", CameraProblem::Unsuitable),
        ("SecurityError", CameraProblem::Unsupported),
        ("WeirdError", CameraProblem::Other),
    ] {
        assert_eq!(CameraProblem::from_dom_name(name), problem);
        let j = run(
            loaded(),
            [
                Action::ConsentGiven,
                Action::ChooseDocument(DocumentType::Passport),
                Action::CameraFailed(problem),
            ],
        );
        assert_eq!(
            j.screen,
            Screen::CameraProblem {
                side: Side::Front,
                problem
            }
        );
        assert!(!j.screen.uses_camera());
        if problem.retry_can_help() {
            assert_eq!(
                j.clone().apply(Action::RetryCamera).screen,
                Screen::Capture(Side::Front)
            );
        }
        assert_eq!(j.apply(Action::Back).screen, Screen::ChooseDocument);
    }
}

fn env(secure: Option<bool>, devices: Option<bool>, policy: Option<bool>) -> CameraEnvironment {
    CameraEnvironment {
        secure_context: secure,
        media_devices: devices,
        policy_allows_camera: policy,
    }
}

#[test]
fn problems_the_page_itself_causes_are_found_before_asking_for_the_camera() {
    let fine = env(Some(true), Some(true), Some(true));
    assert_eq!(CameraProblem::before_asking(&fine), None);
    // A browser that does not say is asked anyway.
    assert_eq!(CameraProblem::before_asking(&env(None, None, None)), None);
    // Plain http: no mediaDevices either, but the cause is the address, not the browser.
    assert_eq!(
        CameraProblem::before_asking(&env(Some(false), Some(false), Some(true))),
        Some(CameraProblem::InsecureContext)
    );
    // An iframe without allow="camera".
    assert_eq!(
        CameraProblem::before_asking(&env(Some(true), Some(true), Some(false))),
        Some(CameraProblem::BlockedByHost)
    );
    // A secure page in a browser without a camera API.
    assert_eq!(
        CameraProblem::before_asking(&env(Some(true), Some(false), None)),
        Some(CameraProblem::Unsupported)
    );
}

#[test]
fn a_refusal_is_the_host_s_policy_or_the_patient_s_choice_never_confused() {
    let allowed = env(Some(true), Some(true), Some(true));
    let unknown = env(Some(true), Some(true), None);
    let forbidden = env(Some(true), Some(true), Some(false));
    let denied = "Permission denied";
    assert_eq!(
        CameraProblem::from_failure("NotAllowedError", denied, &allowed),
        CameraProblem::Denied
    );
    assert_eq!(
        CameraProblem::from_failure("NotAllowedError", denied, &forbidden),
        CameraProblem::BlockedByHost
    );
    // Browsers without permissionsPolicy may still say it in the message.
    assert_eq!(
        CameraProblem::from_failure(
            "NotAllowedError",
            "The request is not allowed by the permissions policy",
            &unknown
        ),
        CameraProblem::BlockedByHost
    );
    assert_eq!(
        CameraProblem::from_failure("NotAllowedError", denied, &unknown),
        CameraProblem::Denied
    );
    // Other failures keep their own cause whatever the policy.
    assert_eq!(
        CameraProblem::from_failure("NotFoundError", "", &forbidden),
        CameraProblem::NotFound
    );
    assert_eq!(
        CameraProblem::from_failure("NotReadableError", "", &allowed),
        CameraProblem::InUse
    );
}

#[test]
fn each_camera_problem_has_its_own_host_code() {
    let codes: std::collections::HashSet<_> = CameraProblem::ALL.iter().map(|p| p.code()).collect();
    assert_eq!(codes.len(), CameraProblem::ALL.len());
    for (problem, code) in [
        (CameraProblem::Denied, "camera_denied"),
        (CameraProblem::BlockedByHost, "camera_blocked_by_host"),
        (CameraProblem::NotFound, "no_camera"),
        (CameraProblem::InUse, "camera_in_use"),
        (CameraProblem::InsecureContext, "insecure_context"),
    ] {
        assert_eq!(problem.code(), code);
    }
}

#[test]
fn retrying_is_offered_only_when_the_patient_can_change_something() {
    for problem in CameraProblem::ALL {
        let j = run(
            loaded(),
            [
                Action::ConsentGiven,
                Action::ChooseDocument(DocumentType::Passport),
                Action::CameraFailed(problem),
            ],
        );
        let retried = j.clone().apply(Action::RetryCamera).screen;
        if problem.retry_can_help() {
            assert_eq!(retried, Screen::Capture(Side::Front), "{problem:?}");
        } else {
            assert_eq!(retried, j.screen, "{problem:?}: asking again cannot help");
        }
        // Back always leads out.
        assert_eq!(j.apply(Action::Back).screen, Screen::ChooseDocument);
    }
    assert!(!CameraProblem::BlockedByHost.retry_can_help());
    assert!(!CameraProblem::InsecureContext.retry_can_help());
    assert!(CameraProblem::Denied.retry_can_help());
}

#[test]
fn pass_ends_the_journey_and_drops_the_pictures() {
    let j = run(
        at_selfie_review(DocumentType::DriversLicense),
        [
            Action::UsePhoto,
            Action::Decided(Outcome::Pass {
                verification_id: "v1".into(),
                result_token: Some("t".into()),
            }),
        ],
    );
    assert!(matches!(j.screen, Screen::Result(Outcome::Pass { .. })));
    assert!(j.front.is_none() && j.back.is_none() && j.selfie.is_none());
    let same = j.clone().apply(Action::TryAgain);
    assert_eq!(same.screen, j.screen);
}

#[test]
fn a_retryable_fail_starts_again_from_the_document_choice() {
    let fail = retryable_fail();
    let j = run(
        at_selfie_review(DocumentType::Passport),
        [Action::UsePhoto, Action::Decided(fail)],
    );
    assert!(j.selfie.is_none());
    assert_eq!(j.apply(Action::TryAgain).screen, Screen::ChooseDocument);
}

#[test]
fn a_final_fail_offers_no_retry() {
    let fail = Outcome::Fail {
        verification_id: "v1".into(),
        reason_code: Some("IDV0014".into()),
        cause_code: Some("IDV0010".into()),
        retry_allowed: false,
        attempts_left: 0,
        result_token: None,
    };
    let j = run(
        at_selfie_review(DocumentType::Passport),
        [Action::UsePhoto, Action::Decided(fail.clone())],
    );
    assert_eq!(j.apply(Action::TryAgain).screen, Screen::Result(fail));
}

#[test]
fn a_retryable_error_resends_the_same_pictures_with_a_new_submission() {
    let error = Outcome::Error {
        verification_id: Some("v1".into()),
        code: "timeout".into(),
        retry_allowed: true,
    };
    let j = run(
        at_selfie_review(DocumentType::IdCard),
        [Action::UsePhoto, Action::Decided(error)],
    );
    assert!(
        j.selfie.is_some(),
        "an error keeps the pictures for a resend"
    );
    let j = j.apply(Action::TryAgain);
    assert_eq!(j.screen, Screen::Sending);
    assert_eq!(j.submission, 2);
}

#[test]
fn a_picture_the_gateway_cannot_use_is_taken_again_not_resent() {
    let refused = Outcome::from_submit_failure(422, "image_unusable");
    assert!(matches!(
        refused,
        Outcome::Error {
            retry_allowed: true,
            ..
        }
    ));
    let j = run(
        at_selfie_review(DocumentType::Passport),
        [Action::UsePhoto, Action::Decided(refused)],
    );
    assert!(
        j.front.is_none() && j.selfie.is_none(),
        "the refused pictures are dropped"
    );
    assert_eq!(j.apply(Action::TryAgain).screen, Screen::ChooseDocument);
    // A session ended by vendor errors offers no retry.
    assert!(matches!(
        Outcome::from_submit_failure(409, "vendor_errors_exhausted"),
        Outcome::Error {
            retry_allowed: false,
            ..
        }
    ));
}

#[test]
fn actions_that_do_not_belong_to_a_screen_change_nothing() {
    let j = loaded();
    for a in [
        Action::UsePhoto,
        Action::Retake,
        Action::Captured(jpeg(1)),
        Action::Decided(Outcome::Pass {
            verification_id: "x".into(),
            result_token: None,
        }),
        Action::RetryCamera,
    ] {
        assert_eq!(j.clone().apply(a).screen, Screen::Consent);
    }
}

#[test]
fn locale_changes_keep_the_screen() {
    let j = run(
        loaded(),
        [Action::ConsentGiven, Action::SetLocale(Locale::En)],
    );
    assert_eq!(j.screen, Screen::ChooseDocument);
    assert_eq!(j.locale, Locale::En);
}

#[test]
fn only_capture_screens_use_the_camera_and_screen_names_carry_no_data() {
    assert!(Screen::Capture(Side::Selfie).uses_camera());
    assert!(!Screen::Review(Side::Selfie).uses_camera());
    assert!(!Screen::Sending.uses_camera());
    assert_eq!(Side::Selfie.facing_mode(), "user");
    assert_eq!(Side::Back.facing_mode(), "environment");
    let r = Screen::Result(Outcome::Fail {
        verification_id: "secret-ish".into(),
        reason_code: None,
        cause_code: None,
        retry_allowed: false,
        attempts_left: 0,
        result_token: Some("token".into()),
    });
    assert_eq!(r.name(), "result");
}

#[test]
fn polled_progress_becomes_an_outcome_only_when_final() {
    let p = |status, reason: Option<&str>, retry| VerificationProgress {
        verification_id: "v9".into(),
        status,
        reason_code: reason.map(Into::into),
        cause_code: None,
        retry_allowed: retry,
        attempts_left: if retry { 2 } else { 0 },
        result_token: Some("signed".into()),
    };
    assert_eq!(
        Outcome::from_progress(&p(VerificationStatus::Pending, None, false)),
        None
    );
    assert_eq!(
        Outcome::from_progress(&p(VerificationStatus::Pass, None, false)),
        Some(Outcome::Pass {
            verification_id: "v9".into(),
            result_token: Some("signed".into()),
        })
    );
    let fail = Outcome::from_progress(&p(VerificationStatus::Fail, Some("IDV0011"), true)).unwrap();
    assert_eq!(fail.reason_code(), Some("IDV0011"));
    assert_eq!(fail.status(), VerificationStatus::Fail);
    let err = Outcome::from_progress(&p(VerificationStatus::Error, Some("timeout"), true)).unwrap();
    assert_eq!(err.reason_code(), Some("timeout"));
    assert_eq!(err.verification_id(), Some("v9"));
}

#[test]
fn submit_failures_are_retryable_only_for_connection_problems() {
    assert_eq!(
        Outcome::from_submit_failure(0, ""),
        Outcome::Error {
            verification_id: None,
            code: "network".into(),
            retry_allowed: true
        }
    );
    assert!(matches!(
        Outcome::from_submit_failure(409, "attempts_exhausted"),
        Outcome::Error { retry_allowed: false, ref code, .. } if code == "attempts_exhausted"
    ));
    assert!(matches!(
        Outcome::from_submit_failure(503, "internal"),
        Outcome::Error {
            retry_allowed: true,
            ..
        }
    ));
}

#[test]
fn the_host_can_cancel_a_journey_in_progress_but_not_a_finished_one() {
    let j = run(
        loaded(),
        [
            Action::ConsentGiven,
            Action::ChooseDocument(DocumentType::Passport),
            Action::Captured(jpeg(1)),
            Action::HostCancelled,
        ],
    );
    assert_eq!(j.screen, Screen::Cancelled);
    assert!(j.front.is_none(), "cancelling drops the pictures");
    assert!(!j.screen.uses_camera());
    let declined = loaded()
        .apply(Action::ConsentDeclined)
        .apply(Action::HostCancelled);
    assert_eq!(declined.screen, Screen::Declined);
    let done = run(
        at_selfie_review(DocumentType::Passport),
        [
            Action::UsePhoto,
            Action::Decided(Outcome::Pass {
                verification_id: "v".into(),
                result_token: None,
            }),
            Action::HostCancelled,
        ],
    );
    assert!(matches!(done.screen, Screen::Result(_)));
}

fn reverify_loaded() -> Journey {
    let mut c = config(SessionStatus::Pending, &[]);
    c.mode = idv_wire::SessionMode::Reverify;
    Journey::default().apply(Action::Loaded(c))
}

#[test]
fn a_reverification_goes_from_consent_straight_to_the_selfie() {
    let j = reverify_loaded().apply(Action::ConsentGiven);
    assert_eq!(j.screen, Screen::Capture(Side::Selfie));
    assert!(j.is_reverify());
    // Back has nowhere to go; choosing a document is not possible.
    assert_eq!(
        j.clone().apply(Action::Back).screen,
        Screen::Capture(Side::Selfie)
    );
    let j = run(j, [Action::Captured(jpeg(9)), Action::UsePhoto]);
    assert_eq!(j.screen, Screen::Sending);
    assert!(j.document.is_none() && j.front.is_none());
    let fail = Outcome::Fail {
        verification_id: "v".into(),
        reason_code: Some("IDV0007".into()),
        cause_code: None,
        retry_allowed: true,
        attempts_left: 2,
        result_token: None,
    };
    let j = run(j, [Action::Decided(fail), Action::TryAgain]);
    assert_eq!(j.screen, Screen::Capture(Side::Selfie));
}

#[test]
fn a_reverification_in_progress_resumes_at_the_selfie() {
    let mut c = config(SessionStatus::InProgress, &[]);
    c.mode = idv_wire::SessionMode::Reverify;
    let j = Journey::default().apply(Action::Loaded(c));
    assert_eq!(j.screen, Screen::Capture(Side::Selfie));
}

fn sighting(verdict: Verdict, checks: &[Check]) -> Sighting {
    Sighting {
        verdict,
        outline: None,
        checks: checks.to_vec(),
        streak: 0,
        needed: 4,
        ms: 1.0,
    }
}

#[test]
fn a_passport_front_is_checked_as_a_data_page() {
    assert_eq!(
        Side::Front.vision(Some(DocumentType::Passport)),
        VisionSide::Passport
    );
    assert_eq!(
        Side::Front.vision(Some(DocumentType::DriversLicense)),
        VisionSide::Front
    );
    assert_eq!(Side::Back.vision(None), VisionSide::Back);
    assert_eq!(Side::Selfie.vision(None), VisionSide::Selfie);
}

#[test]
fn a_failed_document_picture_asks_and_a_failed_selfie_is_refused() {
    let blurry = sighting(Verdict::Blurry, &[Check::DocumentFound]);
    assert_eq!(
        shot_outcome(VisionSide::Back, Some(&blurry)),
        ShotOutcome::AskUseAnyway(Verdict::Blurry)
    );
    let no_face = sighting(Verdict::NoFace, &[]);
    assert_eq!(
        shot_outcome(VisionSide::Selfie, Some(&no_face)),
        ShotOutcome::Refuse(Verdict::NoFace)
    );
    let good = sighting(Verdict::Good, &[Check::FaceFound]);
    assert_eq!(
        shot_outcome(VisionSide::Selfie, Some(&good)),
        ShotOutcome::Use
    );
    // No analysis in this browser: the shutter alone decides, for documents and selfies.
    assert_eq!(shot_outcome(VisionSide::Selfie, None), ShotOutcome::Use);
    assert_eq!(shot_outcome(VisionSide::Front, None), ShotOutcome::Use);
}

#[test]
fn a_capture_remembers_what_was_checked() {
    let good = sighting(Verdict::Good, &[Check::DocumentFound, Check::BarcodeRead]);
    assert_eq!(
        Capture::new(vec![1], Some(&good)).checked,
        Checked::Passed(vec![Check::DocumentFound, Check::BarcodeRead])
    );
    let unreadable = sighting(Verdict::BarcodeUnreadable, &[Check::DocumentFound]);
    assert_eq!(
        Capture::new(vec![1], Some(&unreadable)).checked,
        Checked::UsedAnyway {
            concern: Verdict::BarcodeUnreadable,
            passed: vec![Check::DocumentFound]
        }
    );
    assert_eq!(Capture::new(vec![1], None).checked, Checked::NotChecked);
}

#[test]
fn the_session_s_retakes_run_out_per_picture_and_a_new_attempt_starts_afresh() {
    let mut j = Journey::default().apply(Action::Loaded(SessionConfig {
        max_retakes: Some(1),
        ..config(SessionStatus::Pending, &DocumentType::ALL)
    }));
    j = run(
        j,
        [
            Action::ConsentGiven,
            Action::ChooseDocument(DocumentType::Passport),
            Action::Captured(jpeg(1)),
        ],
    );
    assert_eq!(j.retakes_left(Side::Front), Some(1));
    j = run(j, [Action::Retake, Action::Captured(jpeg(2))]);
    assert_eq!(j.retakes_left(Side::Front), Some(0));
    // No retake left: the picture stays and the review offers the other ways forward.
    let kept = j.clone().apply(Action::Retake);
    assert_eq!(kept.screen, Screen::Review(Side::Front));
    assert_eq!(kept.front.as_ref().map(|c| c.jpeg[3]), Some(2));
    assert_eq!(
        kept.clone().apply(Action::Back).screen,
        Screen::Review(Side::Front)
    );
    // Other pictures have their own retakes.
    j = run(kept, [Action::UsePhoto, Action::Captured(jpeg(3))]);
    assert_eq!(j.retakes_left(Side::Selfie), Some(1));
    // A FAIL with attempts left starts the next attempt with every retake back.
    let fail = retryable_fail();
    j = run(
        j,
        [Action::UsePhoto, Action::Decided(fail), Action::TryAgain],
    );
    assert_eq!(j.retakes_left(Side::Front), Some(1));
    // Without a policy there is no limit.
    assert_eq!(
        at_selfie_review(DocumentType::Passport).retakes_left(Side::Front),
        None
    );
}

// --- Continue on your phone -------------------------------------------------------------------

fn link(code: &str) -> HandoffCreated {
    HandoffCreated {
        handoff_id: format!("h-{code}"),
        url: format!("https://gw.example/#handoff={code}"),
        code: code.into(),
        expires_at: "2030-01-01T00:00:00Z".into(),
        expires_in: 300,
        qr: idv_wire::QrPicture {
            size: 21,
            path: "M0 0h7v1h-7z".into(),
        },
    }
}

fn polled(state: HandoffState, status: Option<VerificationStatus>) -> Action {
    Action::HandoffPolled(HandoffProgress {
        state,
        verification: status.map(|status| VerificationProgress {
            verification_id: "v-phone".into(),
            status,
            reason_code: (status == VerificationStatus::Fail).then(|| "IDV0011".into()),
            cause_code: None,
            retry_allowed: status == VerificationStatus::Fail,
            attempts_left: 2,
            result_token: Some("a.b.c".into()),
        }),
    })
}

fn on_desktop() -> Journey {
    run(
        loaded(),
        [
            Action::DeviceDetected { desktop: true },
            Action::ConsentGiven,
        ],
    )
}

#[test]
fn the_phone_is_offered_on_a_computer_at_the_document_choice_and_everywhere_the_camera_is() {
    let desktop = on_desktop();
    assert_eq!(desktop.screen, Screen::ChooseDocument);
    assert!(desktop.offers_phone());
    let touch = run(
        loaded(),
        [
            Action::DeviceDetected { desktop: false },
            Action::ConsentGiven,
        ],
    );
    assert!(
        !touch.offers_phone(),
        "a phone or tablet has its own camera"
    );
    let capture = touch.apply(Action::ChooseDocument(DocumentType::Passport));
    assert!(capture.offers_phone(), "every capture screen offers it");
    let problem = capture.apply(Action::CameraFailed(CameraProblem::NotFound));
    assert!(problem.offers_phone(), "every camera problem offers it");
    assert!(!loaded().offers_phone(), "not before consent");
    // Pressing it where it is not offered does nothing.
    assert_eq!(
        loaded().apply(Action::ContinueOnPhone).screen,
        Screen::Consent
    );
}

#[test]
fn a_file_picture_is_taken_only_for_a_document_and_only_where_the_session_allows() {
    let file = |tag| Capture {
        from_file: true,
        ..jpeg(tag)
    };
    let at_problem = |upload: bool| {
        let j = Journey::default().apply(Action::Loaded(SessionConfig {
            allow_document_upload: upload,
            ..config(SessionStatus::Pending, &DocumentType::ALL)
        }));
        run(
            j,
            [
                Action::ConsentGiven,
                Action::ChooseDocument(DocumentType::Passport),
                Action::CameraFailed(CameraProblem::InUse),
            ],
        )
    };
    // Not allowed: the problem screen stays, nothing kept.
    let refused = at_problem(false).apply(Action::Captured(file(1)));
    assert!(matches!(refused.screen, Screen::CameraProblem { .. }));
    assert!(refused.front.is_none());
    // Allowed: the review of the file picture.
    let j = at_problem(true).apply(Action::Captured(file(1)));
    assert_eq!(j.screen, Screen::Review(Side::Front));
    assert!(j.front.as_ref().is_some_and(|c| c.from_file));
    // Never the selfie, from the capture screen or from a camera problem.
    let j = j.apply(Action::UsePhoto);
    assert_eq!(j.screen, Screen::Capture(Side::Selfie));
    assert_eq!(
        j.clone().apply(Action::Captured(file(2))).screen,
        Screen::Capture(Side::Selfie)
    );
    let j = j.apply(Action::CameraFailed(CameraProblem::InUse));
    assert!(j.clone().apply(Action::Captured(file(2))).selfie.is_none());
}

#[test]
fn the_handoff_screen_shows_a_link_rotates_it_and_goes_back_where_it_came_from() {
    let j = on_desktop()
        .apply(Action::ChooseDocument(DocumentType::DriversLicense))
        .apply(Action::Captured(jpeg(1)))
        .apply(Action::UsePhoto)
        .apply(Action::ContinueOnPhone);
    let Screen::Handoff { back_to } = &j.screen else {
        panic!("{:?}", j.screen)
    };
    assert_eq!(**back_to, Screen::Capture(Side::Back));
    assert!(j.front.is_some(), "kept, should the patient come back");
    assert_eq!(j.handoff.as_ref().map(|h| h.request), Some(1));
    let j = j.apply(Action::HandoffLink(link("AAAA-1111")));
    assert_eq!(
        j.handoff
            .as_ref()
            .and_then(|h| h.link.as_ref())
            .map(|l| l.code.as_str()),
        Some("AAAA-1111")
    );
    // About to expire: ask for the next; it replaces the first.
    let j = j.apply(Action::RenewHandoffLink);
    assert_eq!(j.handoff.as_ref().map(|h| h.request), Some(2));
    let j = j
        .apply(Action::HandoffLinkFailed)
        .apply(Action::HandoffLink(link("BBBB-2222")));
    let h = j.handoff.clone().unwrap();
    assert!(!h.failed);
    assert_eq!(h.link.unwrap().code, "BBBB-2222");
    assert_eq!(
        h.from.as_deref(),
        Some("h-AAAA-1111"),
        "followed from the first link"
    );
    // Same screen throughout (the title keeps its focus, the host hears one step).
    assert_eq!(j.screen.name(), "handoff");
    let back = j.apply(Action::Back);
    assert_eq!(back.screen, Screen::Capture(Side::Back));
    assert!(back.handoff.is_none());
    assert!(back.front.is_some());
    // A second visit follows its own links.
    let again = back
        .apply(Action::ContinueOnPhone)
        .apply(Action::HandoffLink(link("CCCC-3333")));
    assert_eq!(
        again.handoff.and_then(|h| h.from).as_deref(),
        Some("h-CCCC-3333")
    );
}

#[test]
fn once_the_phone_is_in_the_link_no_longer_rotates() {
    let j = run(
        on_desktop(),
        [
            Action::ContinueOnPhone,
            Action::HandoffLink(link("AAAA-1111")),
            polled(HandoffState::PhoneConnected, None),
            Action::RenewHandoffLink,
        ],
    );
    let h = j.handoff.clone().unwrap();
    assert_eq!(h.phone, HandoffState::PhoneConnected);
    assert_eq!(h.request, 1);
    let j = j.apply(polled(HandoffState::Checking, None));
    assert_eq!(j.handoff.unwrap().phone, HandoffState::Checking);
}

#[test]
fn the_phones_decision_is_the_desktops_result() {
    let base = run(
        on_desktop(),
        [Action::ContinueOnPhone, Action::HandoffLink(link("A"))],
    );
    let pass = base.clone().apply(polled(
        HandoffState::Decided,
        Some(VerificationStatus::Pass),
    ));
    assert_eq!(
        pass.screen,
        Screen::Result(Outcome::Pass {
            verification_id: "v-phone".into(),
            result_token: Some("a.b.c".into()),
        })
    );
    assert!(pass.handoff.is_none());
    assert!(pass.front.is_none(), "decided: no picture kept");
    let fail = base.clone().apply(polled(
        HandoffState::Decided,
        Some(VerificationStatus::Fail),
    ));
    assert!(matches!(
        fail.screen,
        Screen::Result(Outcome::Fail {
            retry_allowed: true,
            ..
        })
    ));
    // "Decided" without a decision, or an ERROR the phone may resend: keep following.
    for odd in [
        polled(HandoffState::Decided, None),
        polled(HandoffState::Decided, Some(VerificationStatus::Error)),
        polled(HandoffState::Checking, Some(VerificationStatus::Pass)),
    ] {
        assert!(matches!(
            base.clone().apply(odd).screen,
            Screen::Handoff { .. }
        ));
    }
    // A poll answered after the patient went back is ignored.
    let back = base.apply(Action::Back);
    assert_eq!(
        back.clone()
            .apply(polled(
                HandoffState::Decided,
                Some(VerificationStatus::Pass)
            ))
            .screen,
        back.screen
    );
}

#[test]
fn links_rotate_before_they_expire() {
    assert_eq!(rotate_after_secs(300), 270);
    assert_eq!(rotate_after_secs(60), 48);
    assert_eq!(rotate_after_secs(5), 4);
    assert_eq!(rotate_after_secs(1), 1);
    assert_eq!(rotate_after_secs(0), 1);
    for ttl in 2..=3600 {
        assert!(rotate_after_secs(ttl) < ttl, "{ttl}");
    }
}

#[test]
fn a_phone_never_offers_a_phone_and_a_page_without_a_link_asks_for_a_code() {
    let j = Journey::default().apply(Action::NoLink { top_level: true });
    assert_eq!(j.screen, Screen::EnterCode { error: None });
    let j = j.apply(Action::CodeRefused(CodeRefused::Malformed));
    assert_eq!(
        j.screen,
        Screen::EnterCode {
            error: Some(CodeRefused::Malformed)
        }
    );
    let j = run(
        j,
        [
            Action::PhoneLinked(intro()),
            Action::DeviceDetected { desktop: true },
            Action::Loaded(config(SessionStatus::InProgress, &DocumentType::ALL)),
        ],
    );
    assert_eq!(j.device, Device::Phone, "a phone stays a phone");
    assert_eq!(
        j.screen,
        Screen::PhoneIntro,
        "who asks and why, before anything else"
    );
    let j = run(j, [Action::PhoneContinue, Action::ConsentGiven]);
    assert_eq!(
        j.screen,
        Screen::ChooseDocument,
        "after the phone's own consent"
    );
    assert!(!j.offers_phone());
    let camera = j.apply(Action::ChooseDocument(DocumentType::Passport));
    assert!(!camera.offers_phone());
    assert_eq!(
        camera.apply(Action::ContinueOnPhone).screen,
        Screen::Capture(Side::Front)
    );
    // In a frame, a missing link is the host's mistake, as before.
    assert_eq!(
        Journey::default()
            .apply(Action::NoLink { top_level: false })
            .screen,
        Screen::LaunchFailed(LaunchError::MissingLink)
    );
}

fn intro() -> PhoneIntro {
    PhoneIntro {
        organisation: "Example Health".into(),
        trigger: idv_wire::Trigger::PasswordReset,
        started_at: "2026-12-07T01:00:00Z".into(),
        own_window: false,
    }
}

/// A phone that redeemed a handoff, its session loaded.
fn on_phone() -> Journey {
    run(
        Journey::default(),
        [
            Action::PhoneLinked(intro()),
            Action::Loaded(config(SessionStatus::InProgress, &DocumentType::ALL)),
        ],
    )
}

#[test]
fn a_phone_says_who_asks_why_and_since_when_then_asks_its_own_consent() {
    let j = on_phone();
    assert_eq!(j.screen, Screen::PhoneIntro);
    assert_eq!(
        j.phone,
        Some(intro()),
        "the redeem answer, kept for the screen"
    );
    // Nothing to capture from the intro: only Continue (to consent) or Stop.
    assert_eq!(
        j.clone()
            .apply(Action::ChooseDocument(DocumentType::Passport))
            .screen,
        Screen::PhoneIntro
    );
    let consent = j.clone().apply(Action::PhoneContinue);
    assert_eq!(consent.screen, Screen::Consent);
    assert_eq!(
        consent.clone().apply(Action::ConsentGiven).screen,
        Screen::ChooseDocument
    );
    // Declining on the phone ends the phone's part, not the session: not the computer's
    // "declined" screen (which tells the host the patient declined).
    assert_eq!(
        consent.apply(Action::ConsentDeclined).screen,
        Screen::Ended(Ended::PhoneStopped)
    );
    assert_eq!(
        j.apply(Action::ConsentDeclined).screen,
        Screen::Ended(Ended::PhoneStopped),
        "Stop on the intro"
    );
    // On the computer a decline is still the session's.
    assert_eq!(
        loaded().apply(Action::ConsentDeclined).screen,
        Screen::Declined
    );
}

#[test]
fn a_released_phone_or_a_cancelled_session_ends_plainly_wherever_it_is() {
    let at_choice = run(on_phone(), [Action::PhoneContinue, Action::ConsentGiven]);
    let capturing = at_choice.apply(Action::ChooseDocument(DocumentType::Passport));
    let released = capturing.clone().apply(Action::Ended(Ended::PhoneReleased));
    assert_eq!(released.screen, Screen::Ended(Ended::PhoneReleased));
    assert_eq!(released.screen.name(), "phone_released");
    // Sending: the gateway's refusal says which end it is.
    let sending = run(
        capturing,
        [
            Action::Captured(jpeg(1)),
            Action::UsePhoto,
            Action::Captured(jpeg(2)),
            Action::UsePhoto,
        ],
    );
    assert_eq!(sending.screen, Screen::Sending);
    let refused = |code: &str| {
        sending.clone().apply(Action::Decided(Outcome::Error {
            verification_id: None,
            code: code.into(),
            retry_allowed: true,
        }))
    };
    let revoked = refused("handoff_revoked");
    assert_eq!(revoked.screen, Screen::Ended(Ended::PhoneReleased));
    assert!(
        revoked.front.is_none() && revoked.selfie.is_none(),
        "pictures let go"
    );
    assert_eq!(
        refused("session_cancelled").screen,
        Screen::Ended(Ended::Cancelled)
    );
    assert!(matches!(refused("network").screen, Screen::Result(_)));
    assert_eq!(ended_by("session_cancelled"), Some(Ended::Cancelled));
    assert_eq!(ended_by("handoff_revoked"), Some(Ended::PhoneReleased));
    assert_eq!(ended_by("expired_token"), None);
    // The computer, cancelled while following the phone.
    let mut desktop = on_desktop().apply(Action::ContinueOnPhone);
    desktop = desktop.apply(Action::Ended(Ended::Cancelled));
    assert_eq!(desktop.screen, Screen::Ended(Ended::Cancelled));
    assert_eq!(desktop.screen.name(), "session_cancelled");
    assert!(desktop.handoff.is_none());
    // A decision shown stays shown.
    let passed = on_desktop().apply(Action::ContinueOnPhone).apply(polled(
        HandoffState::Decided,
        Some(VerificationStatus::Pass),
    ));
    assert!(matches!(passed.screen, Screen::Result(_)));
    assert!(matches!(
        passed.apply(Action::Ended(Ended::Cancelled)).screen,
        Screen::Result(_)
    ));
}

#[test]
fn the_computer_hears_the_phone_stopped_and_offers_to_continue_here() {
    let j = run(
        on_desktop(),
        [
            Action::ContinueOnPhone,
            Action::HandoffLink(link("AAAA-1111")),
            polled(HandoffState::PhoneConnected, None),
            polled(HandoffState::Declined, None),
        ],
    );
    assert!(matches!(j.screen, Screen::Handoff { .. }));
    assert_eq!(
        j.handoff.as_ref().map(|h| h.phone),
        Some(HandoffState::Declined)
    );
    // No new link is asked for once a phone was in.
    let request = j.handoff.as_ref().map(|h| h.request);
    let renewed = j.clone().apply(Action::RenewHandoffLink);
    assert_eq!(renewed.handoff.as_ref().map(|h| h.request), request);
    // "Use this device instead" goes back to where the patient was.
    assert_eq!(j.apply(Action::Back).screen, Screen::ChooseDocument);
}

// --- The digital ID in the patient's wallet ------------------------------------------------------

fn answer() -> WalletAnswer {
    WalletAnswer {
        request_id: "r1".into(),
        response: "sealed".into(),
        issuing_authority: "Utopia DMV".into(),
    }
}

/// Consented, at the document choice, in a session and browser that offer the wallet.
fn wallet_offered(support: WalletSupport) -> Journey {
    run(
        loaded(),
        [
            Action::WalletDetected(support),
            Action::WalletOffered(true),
            Action::ConsentGiven,
        ],
    )
}

/// The wallet's licence accepted: at the selfie.
fn wallet_selfie() -> Journey {
    run(
        wallet_offered(WalletSupport::Available),
        [Action::UseWallet, Action::WalletAccepted(answer())],
    )
}

#[test]
fn the_wallet_is_offered_only_where_the_session_and_the_browser_both_can() {
    assert!(wallet_offered(WalletSupport::Available).offers_wallet());
    assert!(wallet_offered(WalletSupport::FrameBlocked).offers_wallet());
    // A browser without the Digital Credentials API (or without mdoc): the cards only.
    let j = wallet_offered(WalletSupport::Unsupported);
    assert!(!j.offers_wallet());
    assert_eq!(j.apply(Action::UseWallet).screen, Screen::ChooseDocument);
    // The gateway does not take it (no trusted issuer, no consent yet).
    let j = run(
        loaded(),
        [
            Action::WalletDetected(WalletSupport::Available),
            Action::ConsentGiven,
        ],
    );
    assert!(!j.offers_wallet());
    assert_eq!(j.apply(Action::UseWallet).screen, Screen::ChooseDocument);
    // A session that takes no driver's licence, or a re-verification.
    let passports = Journey::default()
        .apply(Action::Loaded(config(
            SessionStatus::InProgress,
            &[DocumentType::Passport],
        )))
        .apply(Action::WalletDetected(WalletSupport::Available))
        .apply(Action::WalletOffered(true));
    assert!(!passports.offers_wallet());
    let reverify = reverify_loaded()
        .apply(Action::WalletDetected(WalletSupport::Available))
        .apply(Action::WalletOffered(true));
    assert!(!reverify.offers_wallet());
    // Detection and the gateway's word keep the screen.
    assert_eq!(reverify.screen, Screen::Consent);
}

#[test]
fn the_wallet_s_licence_goes_to_the_selfie_and_is_submitted_with_it() {
    let j = wallet_offered(WalletSupport::Available).apply(Action::UseWallet);
    assert_eq!(j.screen, Screen::Wallet);
    assert_eq!(j.screen.name(), "wallet");
    assert!(!j.screen.uses_camera());
    let j = j.apply(Action::WalletAccepted(answer()));
    assert_eq!(j.screen, Screen::Capture(Side::Selfie));
    assert_eq!(j.wallet, Some(answer()));
    assert_eq!(j.document, Some(DocumentType::DriversLicense));
    let j = run(j, [Action::Captured(jpeg(3)), Action::Retake]);
    assert_eq!(j.screen, Screen::Capture(Side::Selfie));
    assert_eq!(
        j.wallet,
        Some(answer()),
        "a retaken selfie keeps the licence"
    );
    let j = run(j, [Action::Captured(jpeg(4)), Action::UsePhoto]);
    assert_eq!(j.screen, Screen::Sending);
    assert_eq!(j.submission, 1);
    // What the submission carries: the licence and the selfie, no card.
    assert_eq!(j.wallet, Some(answer()));
    assert!(j.front.is_none() && j.back.is_none());
    assert_eq!(j.selfie, Some(jpeg(4)));
    let j = j.apply(Action::Decided(Outcome::Pass {
        verification_id: "v1".into(),
        result_token: None,
    }));
    assert!(j.wallet.is_none() && j.selfie.is_none());
}

#[test]
fn back_from_the_wallet_s_selfie_drops_the_licence_and_returns_to_the_choice() {
    let j = wallet_selfie().apply(Action::Back);
    assert_eq!(j.screen, Screen::ChooseDocument);
    assert_eq!(j.wallet, None);
    // The same from the selfie's camera problem.
    let j = run(
        wallet_selfie(),
        [Action::CameraFailed(CameraProblem::Denied), Action::Back],
    );
    assert_eq!(j.screen, Screen::ChooseDocument);
    assert_eq!(j.wallet, None);
    // Choosing a card afterwards is the card's journey.
    let j = j.apply(Action::ChooseDocument(DocumentType::DriversLicense));
    assert_eq!(j.screen, Screen::Capture(Side::Front));
    // "Use my plastic card instead" while the wallet is asked.
    let j = run(
        wallet_offered(WalletSupport::Available),
        [Action::UseWallet, Action::Back],
    );
    assert_eq!(j.screen, Screen::ChooseDocument);
    assert_eq!(j.wallet_notice, None);
}

#[test]
fn a_spent_wallet_answer_is_never_sent_again() {
    let sent = run(
        wallet_selfie(),
        [Action::Captured(jpeg(3)), Action::UsePhoto],
    );
    // FAIL, Try again: the document choice, without the licence.
    let j = run(
        sent.clone(),
        [Action::Decided(retryable_fail()), Action::TryAgain],
    );
    assert_eq!(j.screen, Screen::ChooseDocument);
    assert_eq!(j.wallet, None);
    // An error that could be resent with pictures is not resent with a licence.
    let error = Outcome::Error {
        verification_id: Some("v1".into()),
        code: "timeout".into(),
        retry_allowed: true,
    };
    let j = sent.apply(Action::Decided(error));
    assert_eq!(j.wallet, None);
    assert_eq!(j.selfie, None);
    let j = j.apply(Action::TryAgain);
    assert_eq!(j.screen, Screen::ChooseDocument);
    assert_eq!(j.submission, 1, "nothing was resent");
}

#[test]
fn a_wallet_that_did_not_help_says_why_at_the_choice_and_the_cards_stay() {
    for problem in WalletProblem::ALL {
        let j = run(
            wallet_offered(WalletSupport::Available),
            [Action::UseWallet, Action::WalletFailed(problem)],
        );
        assert_eq!(j.screen, Screen::ChooseDocument, "{problem:?}");
        assert_eq!(j.wallet_notice, Some(problem));
        assert_eq!(j.wallet, None);
        // The offer stays unless trying again cannot help.
        assert_eq!(j.offers_wallet(), !problem.withdraws_offer(), "{problem:?}");
        // The notice goes once the patient moves on.
        let card = j
            .clone()
            .apply(Action::ChooseDocument(DocumentType::Passport));
        assert_eq!(card.screen, Screen::Capture(Side::Front));
        assert_eq!(card.wallet_notice, None);
        // Changing the language keeps it.
        assert_eq!(
            j.apply(Action::SetLocale(Locale::En)).wallet_notice,
            Some(problem)
        );
    }
    assert!(WalletProblem::Unavailable.withdraws_offer());
    assert!(WalletProblem::Unsupported.withdraws_offer());
    assert!(!WalletProblem::Cancelled.withdraws_offer());
}

#[test]
fn the_gateway_s_refusals_of_a_licence_are_told_apart() {
    use idv_wire::ErrorCode as C;
    assert_eq!(
        WalletProblem::from_refusal(&C::MdlExpired),
        WalletProblem::Expired
    );
    assert_eq!(
        WalletProblem::from_refusal(&C::MdlMismatch),
        WalletProblem::Mismatch
    );
    assert_eq!(
        WalletProblem::from_refusal(&C::MdlRefused),
        WalletProblem::Refused
    );
    assert_eq!(
        WalletProblem::from_refusal(&C::MdlRequestsExhausted),
        WalletProblem::Unavailable
    );
    assert_eq!(
        WalletProblem::from_refusal(&C::WalletNotOffered),
        WalletProblem::Unavailable
    );
    assert_eq!(
        WalletProblem::from_refusal(&C::MdlRequestUsed),
        WalletProblem::Failed
    );
    assert_eq!(
        WalletProblem::from_refusal(&C::Internal),
        WalletProblem::Failed
    );
}

#[test]
fn the_browser_s_refusals_are_the_patient_s_cancel_or_the_host_s_frame() {
    let cancelled = Action::WalletFailed(WalletProblem::Cancelled);
    assert_eq!(ask_failed("AbortError", "cancelled", true), cancelled);
    assert_eq!(
        ask_failed("NotAllowedError", "The user declined", true),
        cancelled
    );
    assert_eq!(ask_failed("", "", false), cancelled, "no answer at all");
    let policy = "The 'digital-credentials-get' feature is not enabled by the permissions policy";
    assert_eq!(
        ask_failed("NotAllowedError", policy, true),
        Action::WalletFrameBlocked
    );
    assert_eq!(
        ask_failed("SecurityError", policy, true),
        Action::WalletFrameBlocked
    );
    let chromium = "The 'digital-credentials-get' feature is not enabled in this document.";
    assert_eq!(
        ask_failed("NotAllowedError", chromium, true),
        Action::WalletFrameBlocked
    );
    // A top-level page has no frame to leave: the patient hears it did not work.
    assert_eq!(ask_failed("NotAllowedError", policy, false), cancelled);
    assert_eq!(
        ask_failed("TypeError", "digital is not understood", true),
        Action::WalletFailed(WalletProblem::Unsupported)
    );
}

#[test]
fn a_frame_that_may_not_ask_opens_the_wallet_in_a_window_of_its_own() {
    let j = wallet_offered(WalletSupport::FrameBlocked).apply(Action::UseWallet);
    assert_eq!(
        j.screen,
        Screen::Handoff {
            back_to: Box::new(Screen::ChooseDocument)
        }
    );
    let h = j.handoff.clone().expect("a handoff");
    assert!(h.window && h.open);
    assert_eq!(h.request, 1);
    // The link arrives, the window opens once: a rotated link opens nothing by itself.
    let j = run(
        j,
        [Action::HandoffLink(link("A")), Action::WalletWindowOpened],
    );
    let h = j.handoff.clone().expect("a handoff");
    assert!(!h.open);
    let j = j.apply(Action::RenewHandoffLink);
    assert!(!j.handoff.as_ref().is_some_and(|h| h.open));
    // "Open the window again": a fresh link, opened when it arrives.
    let j = j.apply(Action::OpenWalletWindow);
    let h = j.handoff.clone().expect("a handoff");
    assert!(h.open);
    assert_eq!(h.request, 3);
    // The window's decision is this page's result.
    let j = j.apply(polled(
        HandoffState::Decided,
        Some(VerificationStatus::Pass),
    ));
    assert!(matches!(j.screen, Screen::Result(Outcome::Pass { .. })));
    // "Use my plastic card instead" from the window's screen.
    let j = run(
        wallet_offered(WalletSupport::FrameBlocked),
        [Action::UseWallet, Action::Back],
    );
    assert_eq!(j.screen, Screen::ChooseDocument);
    assert_eq!(j.handoff, None);
    // A phone's handoff screen has no window to open.
    let j = run(
        on_desktop(),
        [Action::ContinueOnPhone, Action::OpenWalletWindow],
    );
    assert_eq!(
        j.handoff.as_ref().map(|h| (h.request, h.open)),
        Some((1, false))
    );
}

#[test]
fn a_frame_refused_by_the_browser_moves_to_the_window() {
    let j = run(
        wallet_offered(WalletSupport::Available),
        [Action::UseWallet, Action::WalletFrameBlocked],
    );
    assert!(matches!(j.screen, Screen::Handoff { .. }));
    assert_eq!(j.wallet_support, WalletSupport::FrameBlocked);
    assert!(j.handoff.as_ref().is_some_and(|h| h.window));
    // Back at the choice, the same button goes straight to the window.
    let j = run(j, [Action::Back, Action::UseWallet]);
    assert!(matches!(j.screen, Screen::Handoff { .. }));
}

#[test]
fn wallet_actions_outside_their_screen_change_nothing() {
    let j = wallet_offered(WalletSupport::Available);
    for action in [
        Action::WalletAccepted(answer()),
        Action::WalletFailed(WalletProblem::Refused),
        Action::WalletFrameBlocked,
        Action::WalletWindowOpened,
        Action::OpenWalletWindow,
    ] {
        let after = j.clone().apply(action.clone());
        assert_eq!(after.screen, Screen::ChooseDocument, "{action:?}");
        assert_eq!(after.wallet, None, "{action:?}");
    }
    // A host cancel or an end drops the licence.
    assert_eq!(wallet_selfie().apply(Action::HostCancelled).wallet, None);
    assert_eq!(
        wallet_selfie()
            .apply(Action::Ended(Ended::Cancelled))
            .wallet,
        None
    );
}
