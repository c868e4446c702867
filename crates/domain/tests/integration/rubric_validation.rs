//! Invalid rubrics, contradictory facts and wrong manual scores are refused
//! with a problem naming what they concern.

use crate::rubric_support;

use chibo_domain::meeting::MeetingKind;
use chibo_domain::rubric::{
    Concern, Fact, Formula, Gate, KindMinutes, ManualScore, MeetingFacts, Percent, Rating,
    RatingBand, RatingRule, Rubric, RubricItem, Scoring, Threshold, score,
};
use rubric_support::*;

fn item_mut<'a>(rubric: &'a mut Rubric, code: &str) -> &'a mut RubricItem {
    rubric
        .groups
        .iter_mut()
        .flat_map(|group| group.items.iter_mut())
        .find(|item| item.code == code)
        .unwrap()
}

fn thresholds_mut<'a>(rubric: &'a mut Rubric, code: &str) -> &'a mut Vec<Threshold> {
    match &mut item_mut(rubric, code).scoring {
        Scoring::Formula(
            Formula::Attendance { thresholds, .. }
            | Formula::Speakers { thresholds }
            | Formula::PreviousTasks { thresholds },
        ) => thresholds,
        other => panic!("{code} has no thresholds: {other:?}"),
    }
}

fn bands_mut(rubric: &mut Rubric) -> &mut Vec<RatingBand> {
    match &mut rubric.rating_rule {
        RatingRule::TotalPoints { bands } => bands,
        RatingRule::GroupsPassed { .. } => panic!("not a point rubric"),
    }
}

/// The problems of `rubric`, as (concern, message id).
fn problems(rubric: &Rubric) -> Vec<(Concern, &'static str)> {
    rubric
        .validate()
        .into_iter()
        .map(|problem| (problem.concern, problem.message.id))
        .collect()
}

fn item(code: &str) -> Concern {
    Concern::Item(code.to_owned())
}

// ---- Structure ---------------------------------------------------------

#[test]
fn duplicate_codes_are_rejected() {
    let mut rubric = hd42();
    item_mut(&mut rubric, "agenda").code = "minutes".to_owned();
    assert_eq!(
        problems(&rubric),
        [(item("minutes"), "rubric-code-duplicate")]
    );
}

#[test]
fn a_group_code_may_not_repeat_an_item_code() {
    let mut rubric = hd42();
    rubric.groups[0].code = "attendance".to_owned();
    assert_eq!(
        problems(&rubric),
        [(item("attendance"), "rubric-code-duplicate")]
    );
}

#[test]
fn items_must_add_up_to_their_group_and_groups_to_the_total() {
    let mut rubric = hd42();
    item_mut(&mut rubric, "agenda").max_points = whole(11);
    assert_eq!(
        problems(&rubric),
        [(Concern::Group("conduct".to_owned()), "rubric-group-sum")]
    );
    rubric.groups[3].max_points = whole(31);
    assert_eq!(problems(&rubric), [(Concern::Rubric, "rubric-total-sum")]);
    let problem = rubric.validate().remove(0);
    assert_eq!(problem.message.get("sum").unwrap().to_string(), "101");
}

#[test]
fn empty_groups_and_worthless_items_are_rejected() {
    let mut rubric = hd42();
    item_mut(&mut rubric, "meeting_assessed").max_points = whole(0);
    rubric.groups[7].max_points = whole(3);
    rubric.max_points = whole(98);
    assert_eq!(
        problems(&rubric),
        [(item("meeting_assessed"), "rubric-item-max-zero")]
    );

    let mut rubric = hd42();
    rubric.groups[7].items.clear();
    rubric.groups[7].max_points = whole(0);
    rubric.max_points = whole(95);
    assert_eq!(
        problems(&rubric),
        [(Concern::Group("closing".to_owned()), "rubric-group-empty")]
    );
}

#[test]
fn codes_and_names_are_checked() {
    let mut rubric = hd42();
    rubric.code = "hd 42".to_owned();
    rubric.groups[0].name_en = " ".to_owned();
    // "Tốt" typed decomposed (o + combining circumflex + combining acute).
    item_mut(&mut rubric, "agenda").name_vi = "T\u{6f}\u{302}\u{301}t".to_owned();
    item_mut(&mut rubric, "criticism").guidance_vi = "Kho\u{302}ng".to_owned();
    assert_eq!(
        problems(&rubric),
        [
            (Concern::Rubric, "rubric-code-invalid"),
            (Concern::Group("time".to_owned()), "rubric-name-missing"),
            (item("agenda"), "rubric-name-not-normalized"),
            (item("criticism"), "rubric-name-not-normalized"),
        ]
    );
}

// ---- Formula parameters -----------------------------------------------

#[test]
fn thresholds_must_fall_in_order() {
    let mut rubric = hd42();
    thresholds_mut(&mut rubric, "previous_tasks").swap(0, 1);
    assert_eq!(
        problems(&rubric),
        [(item("previous_tasks"), "rubric-thresholds-unordered")]
    );
}

#[test]
fn a_lower_threshold_may_not_earn_more() {
    let mut rubric = hd42();
    thresholds_mut(&mut rubric, "previous_tasks")[2].points = whole(28);
    assert_eq!(
        problems(&rubric),
        [(item("previous_tasks"), "rubric-thresholds-unordered")]
    );
}

#[test]
fn over_and_at_least_the_same_bound_are_ordered_over_first() {
    let mut rubric = hd42();
    let thresholds = thresholds_mut(&mut rubric, "participation");
    thresholds[1] = Threshold::at_least(50, 4);
    assert_eq!(problems(&rubric), []);
    thresholds_mut(&mut rubric, "participation").swap(0, 1);
    assert_eq!(
        problems(&rubric),
        [(item("participation"), "rubric-thresholds-unordered")]
    );
}

#[test]
fn thresholds_must_stay_within_100_percent_and_the_item_maximum() {
    let mut rubric = hd42();
    thresholds_mut(&mut rubric, "previous_tasks")[0] = Threshold::at_least(101, 30);
    thresholds_mut(&mut rubric, "participation")[0].points = whole(6);
    assert_eq!(
        problems(&rubric),
        [
            (item("participation"), "rubric-threshold-over-max"),
            (item("previous_tasks"), "rubric-threshold-over-100"),
        ]
    );
}

#[test]
fn thresholds_must_end_at_zero_percent() {
    let mut rubric = hd42();
    thresholds_mut(&mut rubric, "participation").pop();
    assert_eq!(
        problems(&rubric),
        [(item("participation"), "rubric-thresholds-no-floor")]
    );
    let mut rubric = hd42();
    thresholds_mut(&mut rubric, "participation")[3] = Threshold::over(0, 2);
    assert_eq!(
        problems(&rubric),
        [(item("participation"), "rubric-thresholds-no-floor")]
    );
}

#[test]
fn attendance_bonus_and_caps_must_fit_the_maximum() {
    let mut rubric = hd42();
    if let Scoring::Formula(Formula::Attendance {
        bonus_if_no_third_absence,
        ..
    }) = &mut item_mut(&mut rubric, "attendance").scoring
    {
        *bonus_if_no_third_absence = whole(2);
    }
    assert_eq!(
        problems(&rubric),
        [(item("attendance"), "rubric-attendance-over-max")]
    );
    let message = rubric.validate().remove(0).message;
    assert_eq!(message.get("points").unwrap().to_string(), "6");
}

#[test]
fn duration_norms_must_be_positive_and_listed_once_per_kind() {
    let mut rubric = hd42();
    let Scoring::Formula(Formula::Duration {
        minimum_minutes_by_kind,
        ..
    }) = &mut item_mut(&mut rubric, "duration").scoring
    else {
        panic!("duration is a formula");
    };
    minimum_minutes_by_kind.push(KindMinutes {
        kind: MeetingKind::RegularAndThematic,
        minutes: 150,
    });
    assert_eq!(
        problems(&rubric),
        [(item("duration"), "rubric-duration-minutes")]
    );
    item_mut(&mut rubric, "duration").scoring = Scoring::Formula(Formula::Duration {
        minimum_minutes: 0,
        minimum_minutes_by_kind: vec![],
    });
    assert_eq!(
        problems(&rubric),
        [(item("duration"), "rubric-duration-minutes")]
    );
}

#[test]
fn documents_cannot_be_due_a_negative_number_of_days_ahead() {
    let mut rubric = hd42();
    item_mut(&mut rubric, "documents_ahead").scoring =
        Scoring::Formula(Formula::DocumentsAhead { min_days: -1 });
    assert_eq!(
        problems(&rubric),
        [(item("documents_ahead"), "rubric-documents-days")]
    );
}

// ---- Bands and gates ---------------------------------------------------

#[test]
fn bands_must_fall_in_order_and_end_at_zero() {
    let mut rubric = hd42();
    bands_mut(&mut rubric).swap(1, 2);
    assert_eq!(
        problems(&rubric),
        [(Concern::RatingRule, "rubric-bands-unordered")]
    );

    let mut rubric = hd42();
    bands_mut(&mut rubric)[3].min_points = whole(10);
    assert_eq!(
        problems(&rubric),
        [(Concern::RatingRule, "rubric-bands-no-floor")]
    );

    let mut rubric = hd42();
    bands_mut(&mut rubric)[0].min_points = whole(101);
    assert_eq!(
        problems(&rubric),
        [(Concern::RatingRule, "rubric-band-over-max")]
    );
}

#[test]
fn a_band_may_not_repeat_a_rating() {
    let mut rubric = hd42();
    bands_mut(&mut rubric)[1].rating = Rating::Good;
    assert_eq!(
        problems(&rubric),
        [(Concern::RatingRule, "rubric-bands-unordered")]
    );
}

#[test]
fn a_framework_band_may_not_ask_for_more_groups_than_exist() {
    let mut rubric = hd12();
    if let RatingRule::GroupsPassed { bands } = &mut rubric.rating_rule {
        bands[0].min_groups_passed = 6;
    }
    assert_eq!(
        problems(&rubric),
        [(Concern::RatingRule, "rubric-band-over-max")]
    );
}

#[test]
fn gates_must_name_existing_items_and_a_rating_with_a_band_below() {
    let mut rubric = hd42();
    rubric.gates[0]
        .requires_full_marks_on
        .push("speakers".to_owned());
    rubric.gates.push(Gate {
        rating: Rating::Poor,
        requires_full_marks_on: vec!["minutes".to_owned()],
    });
    rubric.gates.push(Gate {
        rating: Rating::Fair,
        requires_full_marks_on: vec![],
    });
    assert_eq!(
        problems(&rubric),
        [
            (Concern::Gate(Rating::Good), "rubric-gate-unknown-item"),
            (Concern::Gate(Rating::Poor), "rubric-gate-rating"),
            (Concern::Gate(Rating::Fair), "rubric-gate-empty"),
        ]
    );
}

#[test]
fn an_invalid_rubric_scores_nothing() {
    let mut rubric = hd42();
    thresholds_mut(&mut rubric, "participation")[0].points = whole(9);
    let refused = score(&rubric, &perfect_meeting(), &full_marks(&rubric)).unwrap_err();
    assert_eq!(ids(&refused), ["rubric-threshold-over-max"]);
}

// ---- Files -------------------------------------------------------------

#[test]
fn rubric_files_round_trip_and_reject_unknown_fields() {
    let rubric = hd42();
    let json = serde_json::to_string(&rubric).unwrap();
    assert_eq!(serde_json::from_str::<Rubric>(&json).unwrap(), rubric);
    // A misspelt optional field would otherwise be silently ignored.
    for (field, with_extra) in [
        ("\"min_days\": 1", "\"min_days\": 1, \"max_days\": 3"),
        ("\"max_points\": 100,", "\"max_points\": 100, \"gate\": [],"),
        (
            "\"bonus_if_no_third_absence\": 1",
            "\"bonus_if_no_third_absense\": 1",
        ),
    ] {
        assert!(HD42_JSON.contains(field), "{field}");
        let edited = HD42_JSON.replacen(field, with_extra, 1);
        assert!(
            serde_json::from_str::<Rubric>(&edited).is_err(),
            "{with_extra}"
        );
    }
}

#[test]
fn points_take_at_most_one_decimal_and_no_sign() {
    assert_eq!(
        serde_json::from_str::<Percent>("87.5").unwrap().tenths(),
        875
    );
    assert_eq!(
        serde_json::from_str::<Percent>("90").unwrap(),
        Percent::whole(90)
    );
    assert_eq!(serde_json::to_string(&points(899)).unwrap(), "89.9");
    assert_eq!(serde_json::to_string(&whole(30)).unwrap(), "30");
    for bad in ["4.55", "-1", "-0.5", "\"4\""] {
        assert!(
            serde_json::from_str::<chibo_domain::rubric::Points>(bad).is_err(),
            "{bad}"
        );
    }
}

// ---- Facts and manual scores ------------------------------------------

#[test]
fn contradictory_facts_are_refused() {
    let rubric = hd42();
    let facts = MeetingFacts {
        expected: 10,
        present: 11,
        speakers: 12,
        previous_tasks_due: 3,
        previous_tasks_done_on_time: 4,
        ..perfect_meeting()
    };
    let refused = score(&rubric, &facts, &full_marks(&rubric)).unwrap_err();
    let concerns: Vec<Concern> = refused.into_iter().map(|p| p.concern).collect();
    assert_eq!(
        concerns,
        [
            Concern::Fact(Fact::Present),
            Concern::Fact(Fact::Speakers),
            Concern::Fact(Fact::PreviousTasksDoneOnTime),
        ]
    );
    let absences = MeetingFacts {
        present: 18,
        unexcused_absences: 3,
        members_absent_three_in_a_row: 3,
        ..perfect_meeting()
    };
    let refused = score(&rubric, &absences, &full_marks(&rubric)).unwrap_err();
    assert_eq!(
        ids(&refused),
        [
            "rubric-facts-unexcused-over-absent",
            "rubric-facts-third-absence-over-absent"
        ]
    );
}

#[test]
fn every_manual_item_needs_a_score() {
    let rubric = hd42();
    let mut manual = full_marks(&rubric);
    manual.remove("agenda");
    manual.remove("minutes");
    let refused = score(&rubric, &perfect_meeting(), &manual).unwrap_err();
    let found: Vec<(Concern, &str)> = refused
        .into_iter()
        .map(|p| (p.concern, p.message.id))
        .collect();
    assert_eq!(
        found,
        [
            (item("agenda"), "rubric-score-missing"),
            (item("minutes"), "rubric-score-missing"),
        ]
    );
}

#[test]
fn a_score_above_the_maximum_is_refused_and_the_maximum_itself_accepted() {
    let rubric = hd42();
    let too_much = full_marks_but(&rubric, &[("agenda", ManualScore::Points(points(101)))]);
    let refused = score(&rubric, &perfect_meeting(), &too_much).unwrap_err();
    assert_eq!(ids(&refused), ["rubric-score-out-of-range"]);
    assert_eq!(refused[0].concern, item("agenda"));
    let exactly = full_marks_but(&rubric, &[("agenda", ManualScore::Points(whole(10)))]);
    assert!(score(&rubric, &perfect_meeting(), &exactly).is_ok());
}

#[test]
fn scores_must_match_how_the_item_is_graded() {
    let rubric = hd42();
    let manual = full_marks_but(
        &rubric,
        &[
            ("agenda", ManualScore::Passed(true)),
            ("minutes", ManualScore::Points(whole(5))),
        ],
    );
    let refused = score(&rubric, &perfect_meeting(), &manual).unwrap_err();
    assert_eq!(
        ids(&refused),
        ["rubric-score-needs-points", "rubric-score-needs-pass-fail"]
    );
}

#[test]
fn scores_for_unknown_or_computed_items_are_refused() {
    let rubric = hd42();
    let manual = full_marks_but(
        &rubric,
        &[
            ("attendance", ManualScore::Points(whole(5))),
            ("agendaa", ManualScore::Points(whole(5))),
        ],
    );
    let refused = score(&rubric, &perfect_meeting(), &manual).unwrap_err();
    let found: Vec<(Concern, &str)> = refused
        .into_iter()
        .map(|p| (p.concern, p.message.id))
        .collect();
    assert_eq!(
        found,
        [
            (item("agendaa"), "rubric-score-unknown-item"),
            (item("attendance"), "rubric-score-not-manual"),
        ]
    );
}
