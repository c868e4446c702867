//! Indicators on hand-computed examples: a cell's quarter of meetings
//! reduced to month counters and each shipped indicator computed from
//! them, exempt members, empty periods, the 3-absence flag across years,
//! agreement between raters, and the catalog's own checks.

use chibo_domain::NaiveDate;
use chibo_domain::indicators::{
    Catalog, CellYear, Counter, Counters, IndicatorMeeting, cell_year_counters,
};
use chibo_domain::meeting::MeetingKind;
use chibo_domain::norms::NormSet;
use chibo_domain::rubric::{MeetingFacts, Rating};

const CATALOG_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/reference/indicators/meeting-quality-v1.json"
));
const NORMS_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/reference/norms/hd42-2025-norms.json"
));

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn catalog() -> Catalog {
    serde_json::from_str(CATALOG_JSON).unwrap()
}

fn norms() -> NormSet {
    serde_json::from_str(NORMS_JSON).unwrap()
}

fn facts(kind: MeetingKind, minutes: Option<u32>, expected: u32, present: u32) -> MeetingFacts {
    MeetingFacts {
        kind,
        duration_minutes: minutes,
        expected,
        present,
        unexcused_absences: 0,
        members_absent_three_in_a_row: 0,
        speakers: 0,
        previous_tasks_due: 0,
        previous_tasks_done_on_time: 0,
        documents_sent_days_ahead: Some(2),
        superior_attended: false,
    }
}

fn meeting(on: &str, facts: MeetingFacts) -> IndicatorMeeting {
    IndicatorMeeting {
        held_on: day(on),
        facts,
        score_permille: None,
        final_rating: None,
        ratings_given: Vec::new(),
    }
}

fn months(expected: &[u32]) -> [bool; 12] {
    let mut months = [false; 12];
    for month in expected {
        months[*month as usize - 1] = true;
    }
    months
}

/// The value of an indicator over some month rows.
fn value(code: &str, rows: &[Counters]) -> Option<f64> {
    let total: Counters = rows.iter().sum();
    catalog().indicator(code).unwrap().value(&total).value
}

fn close(actual: Option<f64>, expected: f64) -> bool {
    actual.is_some_and(|v| (v - expected).abs() < 1e-9)
}

/// January: a regular meeting of 95 minutes, 9 of 10 present, 5 speakers,
/// 3 of 4 previous tasks done on time, the superior member present, scored
/// 92/100 and rated Tốt by the cell and the evaluator.
/// February: a thematic meeting of 80 minutes, 8 of 10 present with one
/// unexcused absence, documents never sent, 4 speakers.
/// March: nothing.
fn first_quarter() -> Vec<IndicatorMeeting> {
    let mut january = meeting("2026-01-15", facts(MeetingKind::Regular, Some(95), 10, 9));
    january.facts.speakers = 5;
    january.facts.previous_tasks_due = 4;
    january.facts.previous_tasks_done_on_time = 3;
    january.facts.superior_attended = true;
    january.score_permille = Some(920);
    january.final_rating = Some(Rating::Good);
    january.ratings_given = vec![Rating::Good, Rating::Good];
    let mut february = meeting("2026-02-12", facts(MeetingKind::Thematic, Some(80), 10, 8));
    february.facts.unexcused_absences = 1;
    february.facts.documents_sent_days_ahead = None;
    february.facts.speakers = 4;
    vec![january, february]
}

#[test]
fn a_quarter_of_meetings_gives_the_hand_computed_indicators() {
    let meetings = first_quarter();
    let rows = cell_year_counters(
        &CellYear {
            year: 2026,
            expected_months: months(&[1, 2, 3]),
            meetings: &meetings,
            unexcused: &[],
        },
        &norms(),
    );
    let quarter = &rows[0..3];
    // One regular month of three; the thematic February is not regular.
    assert!(close(value("regular_on_schedule", quarter), 100.0 / 3.0));
    // The quarter is counted once, in January, and covered in February.
    assert_eq!(rows[0].get(Counter::CellQuarters), 1);
    assert_eq!(rows[1].get(Counter::CellQuarters), 0);
    assert!(close(value("thematic_coverage", quarter), 100.0));
    assert!(close(value("mean_length", quarter), 87.5));
    assert!(close(value("long_enough_share", quarter), 50.0));
    // 17 present of 20 expected; 1 unexcused of 20.
    assert!(close(value("attendance_rate", quarter), 85.0));
    assert!(close(value("unexcused_rate", quarter), 5.0));
    // 9 speakers of 17 present.
    assert!(close(value("speaking_share", quarter), 900.0 / 17.0));
    assert!(close(value("tasks_on_time", quarter), 75.0));
    assert!(close(value("mean_score", quarter), 92.0));
    assert!(close(value("rated_good_share", quarter), 100.0));
    assert!(close(value("rated_poor_share", quarter), 0.0));
    // January keeps every meeting norm; February is short, has an
    // unexcused absence and sent no documents.
    assert!(close(value("norm_compliance", quarter), 50.0));
    assert!(close(value("superior_attendance", quarter), 50.0));
    assert!(close(value("rater_agreement", quarter), 100.0));
    assert!(close(value("flagged_members", quarter), 0.0));
    // March alone: expected to meet, held nothing.
    assert!(close(value("regular_on_schedule", &rows[2..3]), 0.0));
    assert_eq!(value("attendance_rate", &rows[2..3]), None);
}

#[test]
fn an_empty_period_has_no_data_rather_than_zero() {
    let rows = cell_year_counters(
        &CellYear {
            year: 2026,
            expected_months: [false; 12],
            meetings: &[],
            unexcused: &[],
        },
        &norms(),
    );
    assert!(rows.iter().all(Counters::is_zero));
    for indicator in &catalog().indicators {
        let computed = indicator.value(&rows.iter().sum());
        assert_eq!(computed.basis, 0, "{}", indicator.code);
        if indicator.code != "flagged_members" {
            assert_eq!(computed.value, None, "{}", indicator.code);
        }
    }
}

#[test]
fn exempt_members_are_not_expected() {
    // 12 on the roster, 2 exempt: the record's facts expect 10. With 9
    // present the rate is 90%, not 75%.
    let meetings = vec![meeting(
        "2026-04-09",
        facts(MeetingKind::Regular, Some(90), 10, 9),
    )];
    let rows = cell_year_counters(
        &CellYear {
            year: 2026,
            expected_months: months(&[4]),
            meetings: &meetings,
            unexcused: &[],
        },
        &norms(),
    );
    assert!(close(value("attendance_rate", &rows), 90.0));
    // Everyone exempt: nobody expected, so no attendance figure at all.
    let meetings = vec![meeting(
        "2026-04-09",
        facts(MeetingKind::Regular, Some(90), 0, 0),
    )];
    let rows = cell_year_counters(
        &CellYear {
            year: 2026,
            expected_months: months(&[4]),
            meetings: &meetings,
            unexcused: &[],
        },
        &norms(),
    );
    assert_eq!(value("attendance_rate", &rows), None);
    assert!(close(value("regular_on_schedule", &rows), 100.0));
}

#[test]
fn lengths_follow_the_kind_of_meeting() {
    let meetings = vec![
        // Combined meetings need 120 minutes.
        meeting(
            "2026-05-05",
            facts(MeetingKind::RegularAndThematic, Some(100), 5, 5),
        ),
        // Extraordinary meetings have no minimum and are not judged.
        meeting(
            "2026-05-20",
            facts(MeetingKind::Extraordinary, Some(30), 5, 5),
        ),
        // No recorded length: not shown to be long enough.
        meeting("2026-06-03", facts(MeetingKind::Regular, None, 5, 5)),
    ];
    let rows = cell_year_counters(
        &CellYear {
            year: 2026,
            expected_months: months(&[5, 6]),
            meetings: &meetings,
            unexcused: &[],
        },
        &norms(),
    );
    let total: Counters = rows.iter().sum();
    assert_eq!(total.get(Counter::Meetings), 3);
    assert_eq!(total.get(Counter::LengthJudgedMeetings), 2);
    assert_eq!(total.get(Counter::LongEnoughMeetings), 0);
    assert!(close(value("mean_length", &rows), 65.0));
    // The combined meeting covers May's regular meeting and Q2's thematic.
    assert!(close(value("regular_on_schedule", &rows), 100.0));
    assert_eq!(total.get(Counter::CellQuarters), 0, "Q2 starts in April");
}

#[test]
fn a_member_is_flagged_in_the_month_of_the_third_unexcused_absence() {
    let unexcused = [
        (1, day("2026-01-10")),
        (1, day("2026-03-10")),
        (1, day("2026-06-10")),
        (1, day("2026-09-10")),
        (2, day("2026-02-10")),
        (2, day("2026-05-10")),
        // The previous year's absences do not count towards this year.
        (3, day("2025-11-10")),
        (3, day("2025-12-10")),
        (3, day("2026-01-12")),
    ];
    let rows = cell_year_counters(
        &CellYear {
            year: 2026,
            expected_months: [true; 12],
            meetings: &[],
            unexcused: &unexcused,
        },
        &norms(),
    );
    let flagged: Vec<i64> = rows
        .iter()
        .map(|r| r.get(Counter::FlaggedMembers))
        .collect();
    assert_eq!(flagged, [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
}

#[test]
fn raters_agree_only_when_every_rating_is_the_same() {
    let mut disagreeing = meeting("2026-07-08", facts(MeetingKind::Regular, Some(90), 4, 4));
    disagreeing.ratings_given = vec![Rating::Good, Rating::Fair];
    let mut alone = meeting("2026-08-08", facts(MeetingKind::Regular, Some(90), 4, 4));
    alone.ratings_given = vec![Rating::Fair];
    let mut three = meeting("2026-09-08", facts(MeetingKind::Regular, Some(90), 4, 4));
    three.ratings_given = vec![Rating::Fair, Rating::Fair, Rating::Fair];
    let rows = cell_year_counters(
        &CellYear {
            year: 2026,
            expected_months: [true; 12],
            meetings: &[disagreeing, alone, three],
            unexcused: &[],
        },
        &norms(),
    );
    let total: Counters = rows.iter().sum();
    assert_eq!(total.get(Counter::ComparedMeetings), 2);
    assert_eq!(total.get(Counter::AgreeingMeetings), 1);
    assert!(close(value("rater_agreement", &rows), 50.0));
}

#[test]
fn meetings_of_another_year_are_ignored() {
    let meetings = vec![meeting(
        "2025-12-20",
        facts(MeetingKind::Regular, Some(90), 4, 4),
    )];
    let rows = cell_year_counters(
        &CellYear {
            year: 2026,
            expected_months: [false; 12],
            meetings: &meetings,
            unexcused: &[],
        },
        &norms(),
    );
    assert!(rows.iter().all(Counters::is_zero));
}

#[test]
fn the_shipped_catalog_is_valid_and_targets_read_both_ways() {
    let catalog = catalog();
    assert_eq!(catalog.validate(), Vec::new());
    let attendance = catalog.indicator("attendance_rate").unwrap();
    assert_eq!(attendance.meets_target(Some(86.0)), Some(true));
    assert_eq!(attendance.meets_target(Some(80.0)), Some(false));
    assert_eq!(attendance.gap_to_target(Some(80.0)), Some(-5.0));
    let unexcused = catalog.indicator("unexcused_rate").unwrap();
    assert_eq!(unexcused.meets_target(Some(0.0)), Some(true));
    assert_eq!(unexcused.gap_to_target(Some(2.5)), Some(-2.5));
    assert_eq!(
        catalog
            .indicator("rater_agreement")
            .unwrap()
            .meets_target(Some(10.0)),
        None
    );
}

#[test]
fn a_catalog_with_inconsistent_indicators_is_refused_with_every_problem() {
    let mut catalog = catalog();
    let edited = &mut catalog.indicators[0];
    // A share of cell-months stated as weighted by meetings, in minutes.
    edited.aggregation = chibo_domain::indicators::Aggregation::ByMeetings;
    edited.unit = chibo_domain::indicators::ValueUnit::Minutes;
    edited.target = Some(130.0);
    let duplicate = catalog.indicators[1].clone();
    catalog.indicators.push(duplicate);
    let ids: Vec<&str> = catalog.validate().iter().map(|m| m.id).collect();
    assert_eq!(
        ids,
        [
            "indicator-aggregation-mismatch",
            "indicator-unit-mismatch",
            "indicator-target-out-of-range",
            "indicator-code-duplicate",
        ]
    );
}

#[test]
fn unknown_fields_and_counters_do_not_read() {
    let edited = CATALOG_JSON.replacen("\"present\"", "\"presents\"", 1);
    assert!(serde_json::from_str::<Catalog>(&edited).is_err());
    let edited = CATALOG_JSON.replacen("\"unit\":", "\"units\":", 1);
    assert!(serde_json::from_str::<Catalog>(&edited).is_err());
}
