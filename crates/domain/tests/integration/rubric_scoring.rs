//! Scoring hand-computed meetings with the shipped rubrics: every formula at
//! its boundaries, the rating bands, the gates, the pass/fail framework and
//! the annual rating.

use crate::rubric_support;

use chibo_domain::meeting::{Attendance, MeetingKind};
use chibo_domain::rubric::{
    AnnualLevel, AnnualRule, FailedGate, Gate, ManualScore, MeetingFacts, Rating, RatingCount,
    ScoredBy, annual_rating, score,
};
use rubric_support::*;

fn attendance(present: u32, expected: u32) -> MeetingFacts {
    MeetingFacts {
        present,
        expected,
        speakers: present.min(6),
        ..perfect_meeting()
    }
}

// ---- The shipped files -------------------------------------------------

#[test]
fn shipped_rubrics_are_valid() {
    assert_eq!(hd12().validate(), vec![]);
    assert_eq!(hd42().validate(), vec![]);
}

#[test]
fn shipped_rubrics_are_nfc_and_name_their_sources_by_number_and_date() {
    use unicode_normalization::UnicodeNormalization;
    for text in [HD12_JSON, HD42_JSON] {
        assert_eq!(text.nfc().collect::<String>(), text);
    }
    let hd12 = hd12();
    assert_eq!(hd12.source.number.as_deref(), Some("12-HD/BTCTW"));
    assert_eq!(hd12.source.date, Some("2018-07-06".parse().unwrap()));
    let hd42 = hd42();
    assert_eq!(hd42.source.number.as_deref(), Some("42-HD/BTCTW"));
    assert_eq!(hd42.source.date, Some("2025-10-28".parse().unwrap()));
}

#[test]
fn the_ward_rubric_has_the_ward_plan_weights() {
    let weights: Vec<(String, u32)> = hd42()
        .groups
        .iter()
        .map(|group| (group.code.clone(), group.max_points.tenths() / 10))
        .collect();
    let expected = [
        ("time", 5),
        ("turnout", 5),
        ("preparation", 10),
        ("conduct", 30),
        ("chairing", 10),
        ("principles", 5),
        ("previous_results", 30),
        ("closing", 5),
    ];
    let expected: Vec<(String, u32)> = expected
        .iter()
        .map(|(code, weight)| ((*code).to_owned(), *weight))
        .collect();
    assert_eq!(weights, expected);
    assert_eq!(hd42().max_points, whole(100));
}

#[test]
fn the_framework_has_the_five_criteria_groups() {
    let rubric = hd12();
    let items: Vec<usize> = rubric.groups.iter().map(|g| g.items.len()).collect();
    // Attendance; preparation (4); conduct (7); principles; the resolution.
    assert_eq!(items, vec![1, 4, 7, 1, 1]);
}

// ---- Worked examples ---------------------------------------------------

#[test]
fn a_perfect_meeting_scores_100_and_good() {
    let rubric = hd42();
    let card = scored(&rubric, &perfect_meeting());
    assert_eq!(card.total, whole(100));
    assert_eq!(card.max, whole(100));
    assert_eq!(card.rating, Some(Rating::Good));
    assert!(card.failed_gates.is_empty());
    assert_eq!(card.groups_passed, 8);
    let duration = card.items.iter().find(|i| i.code == "duration").unwrap();
    assert_eq!(duration.how, ScoredBy::Formula);
    let agenda = card.items.iter().find(|i| i.code == "agenda").unwrap();
    assert_eq!(agenda.how, ScoredBy::Manual);
}

/// Hand-computed: 17 of 20 present (85% → 3) with one unexcused absence
/// (capped to 1) and nobody absent a third time (+1) = 2; 7 of 17 spoke
/// (41.2% → 4); 8 of 10 tasks on time (80% → 27); documents 2 days ahead
/// (2); 100 minutes (5). Manual: 3 + 2 + 2, 8 + 7.5 + 5, 4 + 4.5, 5, 3 + 0.
/// Total 5 + 2 + 9 + 24.5 + 8.5 + 5 + 27 + 3 = 84 → Khá.
#[test]
fn a_typical_meeting_scores_84_and_fair() {
    let rubric = hd42();
    let facts = MeetingFacts {
        present: 17,
        unexcused_absences: 1,
        speakers: 7,
        previous_tasks_done_on_time: 8,
        ..perfect_meeting()
    };
    let manual = full_marks_but(
        &rubric,
        &[
            ("content_and_draft", ManualScore::Points(whole(3))),
            ("agenda", ManualScore::Points(whole(8))),
            ("criticism", ManualScore::Points(points(75))),
            ("chair_discussion", ManualScore::Points(whole(4))),
            ("chair_conclusion", ManualScore::Points(points(45))),
            ("meeting_assessed", ManualScore::Passed(false)),
        ],
    );
    let card = score(&rubric, &facts, &manual).unwrap();
    let group_totals: Vec<u32> = card.groups.iter().map(|g| g.points.tenths()).collect();
    assert_eq!(group_totals, vec![50, 20, 90, 245, 85, 50, 270, 30]);
    assert_eq!(card.total, whole(84));
    assert_eq!(card.rating, Some(Rating::Fair));
    assert!(card.failed_gates.is_empty());
}

#[test]
fn a_combined_meeting_with_no_tasks_due_can_score_full_marks() {
    let rubric = hd42();
    let facts = MeetingFacts {
        kind: MeetingKind::RegularAndThematic,
        duration_minutes: Some(120),
        previous_tasks_due: 0,
        previous_tasks_done_on_time: 0,
        ..perfect_meeting()
    };
    let card = scored(&rubric, &facts);
    assert_eq!(card.total, whole(100));
    assert_eq!(card.rating, Some(Rating::Good));
}

// ---- Attendance --------------------------------------------------------

#[test]
fn attendance_of_90_percent_earns_the_top_step_and_89_9_does_not() {
    let rubric = hd42();
    assert_eq!(
        item_points(&scored(&rubric, &attendance(9, 10)), "attendance"),
        whole(5)
    );
    assert_eq!(
        item_points(&scored(&rubric, &attendance(899, 1000)), "attendance"),
        whole(4)
    );
}

#[test]
fn attendance_steps_at_75_and_65_percent() {
    let rubric = hd42();
    let cases = [
        (3, 4, 4),      // 75% → 3, +1
        (749, 1000, 3), // 74.9% → 2, +1
        (13, 20, 3),    // 65% → 2, +1
        (649, 1000, 2), // 64.9% → 1, +1
        (0, 10, 2),     // nobody came: 1, +1
    ];
    for (present, expected, earned) in cases {
        let card = scored(&rubric, &attendance(present, expected));
        assert_eq!(
            item_points(&card, "attendance"),
            whole(earned),
            "{present} of {expected}"
        );
    }
}

#[test]
fn one_unexcused_absence_caps_attendance_at_one_point_plus_the_bonus() {
    let rubric = hd42();
    let excused = MeetingFacts {
        present: 19,
        ..perfect_meeting()
    };
    assert_eq!(
        item_points(&scored(&rubric, &excused), "attendance"),
        whole(5)
    );
    let unexcused = MeetingFacts {
        unexcused_absences: 1,
        ..excused
    };
    assert_eq!(
        item_points(&scored(&rubric, &unexcused), "attendance"),
        whole(2)
    );
}

#[test]
fn a_third_absence_in_a_row_withholds_the_bonus() {
    let rubric = hd42();
    let facts = MeetingFacts {
        present: 19,
        members_absent_three_in_a_row: 1,
        ..perfect_meeting()
    };
    assert_eq!(
        item_points(&scored(&rubric, &facts), "attendance"),
        whole(4)
    );
    let also_unexcused = MeetingFacts {
        unexcused_absences: 1,
        ..facts
    };
    assert_eq!(
        item_points(&scored(&rubric, &also_unexcused), "attendance"),
        whole(1)
    );
}

#[test]
fn exempt_members_are_left_out_of_attendance() {
    use Attendance::*;
    let rubric = hd42();
    // 12 on the roster, 2 exempt: 9 of 10 = 90%, not 9 of 12 = 75%.
    let mut roll = vec![Present; 8];
    roll.extend([LateOrLeftEarly, OnDuty, Exempt, Exempt]);
    let facts = with_roll_call(perfect_meeting(), &roll);
    assert_eq!((facts.expected, facts.present), (10, 9));
    assert_eq!(
        item_points(&scored(&rubric, &facts), "attendance"),
        whole(5)
    );
}

#[test]
fn a_cell_whose_members_are_all_exempt_has_full_attendance() {
    let rubric = hd42();
    let facts = MeetingFacts {
        expected: 0,
        present: 0,
        speakers: 0,
        ..perfect_meeting()
    };
    assert_eq!(
        item_points(&scored(&rubric, &facts), "attendance"),
        whole(5)
    );
}

// ---- Speakers, tasks, duration, documents -------------------------------

#[test]
fn speakers_over_half_earn_5_and_exactly_half_earns_4() {
    let rubric = hd42();
    let cases = [
        (11, 20, 5),    // 55%
        (10, 20, 4),    // exactly 50%: "over 50%" is not reached
        (8, 20, 4),     // exactly 40%
        (399, 1000, 3), // 39.9%
        (6, 20, 3),     // exactly 30%
        (299, 1000, 2), // 29.9%
        (0, 20, 2),
    ];
    for (speakers, present, earned) in cases {
        let facts = MeetingFacts {
            expected: present,
            present,
            speakers,
            ..perfect_meeting()
        };
        let card = scored(&rubric, &facts);
        assert_eq!(
            item_points(&card, "participation"),
            whole(earned),
            "{speakers} of {present}"
        );
    }
}

#[test]
fn nobody_present_counts_as_nobody_speaking() {
    let rubric = hd42();
    let facts = MeetingFacts {
        present: 0,
        speakers: 0,
        ..perfect_meeting()
    };
    assert_eq!(
        item_points(&scored(&rubric, &facts), "participation"),
        whole(2)
    );
}

#[test]
fn previous_tasks_steps_and_no_task_due() {
    let rubric = hd42();
    let cases = [
        (0, 0, 30), // nothing was due: nothing is behind
        (10, 10, 30),
        (9, 10, 30),
        (899, 1000, 27),
        (8, 10, 27),
        (7, 10, 24),
        (699, 1000, 20),
        (6, 10, 20),
        (5, 10, 15),
        (499, 1000, 10),
        (0, 10, 10),
    ];
    for (done, due, earned) in cases {
        let facts = MeetingFacts {
            previous_tasks_due: due,
            previous_tasks_done_on_time: done,
            ..perfect_meeting()
        };
        let card = scored(&rubric, &facts);
        assert_eq!(
            item_points(&card, "previous_tasks"),
            whole(earned),
            "{done} of {due}"
        );
    }
}

#[test]
fn duration_norm_depends_on_the_kind_of_meeting() {
    let rubric = hd42();
    let cases = [
        (MeetingKind::Regular, Some(90), 5),
        (MeetingKind::Regular, Some(89), 0),
        (MeetingKind::Thematic, Some(90), 5),
        (MeetingKind::RegularAndThematic, Some(119), 0),
        (MeetingKind::RegularAndThematic, Some(120), 5),
        (MeetingKind::Regular, None, 0),
    ];
    for (kind, duration_minutes, earned) in cases {
        let facts = MeetingFacts {
            kind,
            duration_minutes,
            ..perfect_meeting()
        };
        let card = scored(&rubric, &facts);
        assert_eq!(
            item_points(&card, "duration"),
            whole(earned),
            "{kind:?} {duration_minutes:?}"
        );
    }
}

#[test]
fn documents_count_when_sent_at_least_a_day_ahead() {
    let rubric = hd42();
    for (days, earned) in [(Some(1), 2), (Some(0), 0), (Some(-1), 0), (None, 0)] {
        let facts = MeetingFacts {
            documents_sent_days_ahead: days,
            ..perfect_meeting()
        };
        let card = scored(&rubric, &facts);
        assert_eq!(
            item_points(&card, "documents_ahead"),
            whole(earned),
            "{days:?}"
        );
    }
}

// ---- Bands and gates ---------------------------------------------------

#[test]
fn a_total_of_exactly_90_is_good_and_89_9_is_fair() {
    let rubric = hd42();
    let exactly_90 = full_marks_but(&rubric, &[("agenda", ManualScore::Points(whole(0)))]);
    let card = score(&rubric, &perfect_meeting(), &exactly_90).unwrap();
    assert_eq!(card.total, whole(90));
    assert_eq!(card.rating, Some(Rating::Good));

    let just_below = full_marks_but(
        &rubric,
        &[
            ("agenda", ManualScore::Points(whole(0))),
            ("chair_discussion", ManualScore::Points(points(49))),
        ],
    );
    let card = score(&rubric, &perfect_meeting(), &just_below).unwrap();
    assert_eq!(card.total, points(899));
    assert_eq!(card.rating, Some(Rating::Fair));
}

#[test]
fn lower_bands_start_exactly_at_their_bound() {
    let rule = hd42().rating_rule;
    let cases = [
        (1000, Rating::Good),
        (700, Rating::Fair),
        (699, Rating::Average),
        (500, Rating::Average),
        (499, Rating::Poor),
        (0, Rating::Poor),
    ];
    for (tenths, rating) in cases {
        assert_eq!(
            rule.rate(points(tenths), 0),
            Some(rating),
            "{tenths} tenths"
        );
    }
}

#[test]
fn failing_the_gate_lowers_good_to_fair() {
    let rubric = hd42();
    let manual = full_marks_but(&rubric, &[("minutes", ManualScore::Passed(false))]);
    let card = score(&rubric, &perfect_meeting(), &manual).unwrap();
    assert_eq!(card.total, whole(95));
    assert_eq!(card.rating_before_gates, Some(Rating::Good));
    assert_eq!(card.rating, Some(Rating::Fair));
    assert_eq!(
        card.failed_gates,
        vec![FailedGate {
            rating: Rating::Good,
            items_short: vec!["minutes".to_owned()],
        }]
    );
}

#[test]
fn the_gate_names_every_item_short_of_full_marks() {
    let rubric = hd42();
    // 89.9% attendance (3 + 1 = 4 of 5) and 400 of 899 speakers (44.5%:
    // 4 of 5): total 98.
    let facts = MeetingFacts {
        expected: 1000,
        present: 899,
        speakers: 400,
        ..perfect_meeting()
    };
    let card = scored(&rubric, &facts);
    assert_eq!(card.total, whole(98));
    assert_eq!(card.rating, Some(Rating::Fair));
    assert_eq!(
        card.failed_gates[0].items_short,
        ["attendance", "participation"]
    );
}

#[test]
fn gates_cascade_down_the_bands() {
    let mut rubric = hd42();
    rubric.gates.push(Gate {
        rating: Rating::Fair,
        requires_full_marks_on: vec!["minutes".to_owned()],
    });
    let manual = full_marks_but(&rubric, &[("minutes", ManualScore::Passed(false))]);
    let card = score(&rubric, &perfect_meeting(), &manual).unwrap();
    assert_eq!(card.rating, Some(Rating::Average));
    let lowered: Vec<Rating> = card.failed_gates.iter().map(|g| g.rating).collect();
    assert_eq!(lowered, [Rating::Good, Rating::Fair]);
}

#[test]
fn a_gate_does_not_touch_a_rating_below_its_own() {
    let rubric = hd42();
    let manual = full_marks_but(
        &rubric,
        &[
            ("minutes", ManualScore::Passed(false)),
            ("agenda", ManualScore::Points(whole(0))),
        ],
    );
    let card = score(&rubric, &perfect_meeting(), &manual).unwrap();
    assert_eq!(card.total, whole(85));
    assert_eq!(card.rating, Some(Rating::Fair));
    assert!(card.failed_gates.is_empty());
}

// ---- The 2018 pass/fail framework ---------------------------------------

#[test]
fn all_five_criteria_passed_is_good() {
    let card = scored(&hd12(), &perfect_meeting());
    assert_eq!(card.groups_passed, 5);
    assert_eq!(card.rating, Some(Rating::Good));
    assert_eq!(card.total, whole(14));
}

#[test]
fn attendance_must_be_over_85_percent_without_unexcused_or_third_absences() {
    let rubric = hd12();
    let passed = |facts: &MeetingFacts| scored(&rubric, facts).groups[0].passed;
    assert!(!passed(&attendance(17, 20)), "exactly 85% is not over 85%");
    assert!(passed(&attendance(851, 1000)));
    let unexcused = MeetingFacts {
        unexcused_absences: 1,
        ..attendance(19, 20)
    };
    assert!(!passed(&unexcused));
    let third_absence = MeetingFacts {
        members_absent_three_in_a_row: 1,
        ..attendance(19, 20)
    };
    assert!(!passed(&third_absence));
}

#[test]
fn criteria_passed_decide_the_framework_rating() {
    let rubric = hd12();
    let short_meeting = MeetingFacts {
        duration_minutes: Some(89),
        ..attendance(17, 20)
    };
    // Attendance and conduct failed: 3 of 5 criteria.
    let card = scored(&rubric, &short_meeting);
    assert_eq!(card.groups_passed, 3);
    assert_eq!(card.rating, Some(Rating::Average));

    let one_failed = full_marks_but(&rubric, &[("party_principles", ManualScore::Passed(false))]);
    let card = score(&rubric, &perfect_meeting(), &one_failed).unwrap();
    assert_eq!(card.rating, Some(Rating::Fair));

    let manual = full_marks_but(
        &rubric,
        &[
            ("draft_resolution", ManualScore::Passed(false)),
            ("previous_resolution_done", ManualScore::Passed(false)),
        ],
    );
    let card = score(&rubric, &short_meeting, &manual).unwrap();
    assert_eq!(card.groups_passed, 1);
    assert_eq!(card.rating, Some(Rating::Poor));
}

// ---- Ratings and the annual rating -------------------------------------

#[test]
fn ratings_read_back_and_order_by_quality() {
    for rating in Rating::ALL {
        assert_eq!(Rating::parse(rating.code()), Some(rating));
        assert!(rating.message_id().starts_with("rating-"));
    }
    assert_eq!(Rating::parse("excellent"), None);
    assert!(Rating::Good > Rating::Fair);
    assert!(Rating::Average > Rating::Poor);
}

/// An example rule (local, unverified): Tốt: every meeting Khá or better and
/// at least 7 Tốt; Khá: every meeting Trung bình or better and at least 7
/// Khá or better; Trung bình: at least 6 Trung bình or better; else Kém.
fn annual_rule() -> AnnualRule {
    let level = |rating, floor, counts: &[(u32, Rating)]| AnnualLevel {
        rating,
        every_meeting_at_least: floor,
        at_least: counts
            .iter()
            .map(|(meetings, rating)| RatingCount {
                meetings: *meetings,
                rating: *rating,
            })
            .collect(),
    };
    AnnualRule {
        source: Default::default(),
        levels: vec![
            level(Rating::Good, Some(Rating::Fair), &[(7, Rating::Good)]),
            level(Rating::Fair, Some(Rating::Average), &[(7, Rating::Fair)]),
            level(Rating::Average, None, &[(6, Rating::Average)]),
            level(Rating::Poor, None, &[]),
        ],
    }
}

fn year(counts: &[(Rating, usize)]) -> Vec<Rating> {
    counts
        .iter()
        .flat_map(|(rating, n)| std::iter::repeat_n(*rating, *n))
        .collect()
}

#[test]
fn annual_rating_examples() {
    use Rating::*;
    let rule = annual_rule();
    assert_eq!(rule.validate(), vec![]);
    let cases = [
        (year(&[(Good, 12)]), Some(Good)),
        (year(&[(Good, 7), (Fair, 5)]), Some(Good)),
        (year(&[(Good, 6), (Fair, 6)]), Some(Fair)),
        (year(&[(Good, 11), (Average, 1)]), Some(Fair)),
        (year(&[(Good, 11), (Poor, 1)]), Some(Average)),
        (year(&[(Fair, 5), (Average, 1), (Poor, 6)]), Some(Average)),
        (year(&[(Average, 5), (Poor, 7)]), Some(Poor)),
        (vec![], None),
    ];
    for (ratings, expected) in cases {
        assert_eq!(annual_rating(&rule, &ratings), expected, "{ratings:?}");
    }
}

#[test]
fn invalid_annual_rules_are_rejected() {
    let mut unordered = annual_rule();
    unordered.levels.swap(0, 1);
    assert_eq!(ids(&unordered.validate()), ["rubric-annual-unordered"]);
    let mut no_floor = annual_rule();
    no_floor.levels.pop();
    assert_eq!(ids(&no_floor.validate()), ["rubric-annual-no-floor"]);
}
