//! Directives end to end in the domain: numbers and keys as people type
//! them, a record's problems all at once, the deadline flags at their
//! boundary days, the indicators of a small tree computed by hand, and the
//! counters' additivity over any split of the target units.

use std::collections::HashSet;

use chibo_domain::directive::{
    CheckRating, Deadlines, Directive, DirectiveCounters, DirectiveKey, DocumentNumber,
    DocumentType, Due, Event, EventKind, Execution, Level, LevelDeadlines, LinkedTask, Stage,
    Target, TaughtAt, UnitFilter, missed_deadlines, percentile_linear,
};
use chibo_domain::meeting_record::TaskStatus;
use chibo_domain::unit::UnitKind;
use chibo_domain::{NaiveDate, UnitCode};
use proptest::prelude::*;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn number(text: &str) -> DocumentNumber {
    DocumentNumber::parse(text).unwrap()
}

fn key(text: &str, on: &str) -> DirectiveKey {
    DirectiveKey::new(number(text), day(on))
}

fn unit(code: &str) -> UnitCode {
    UnitCode::parse(code).unwrap()
}

#[test]
fn numbers_people_write_are_read_and_normalized() {
    for (typed, written, doc_type) in [
        ("42-HD/BTCTW", "42-HD/BTCTW", DocumentType::Guidance),
        ("05-NQ/TU", "05-NQ/TU", DocumentType::Resolution),
        ("123-KH/ĐU", "123-KH/ĐU", DocumentType::Plan),
        ("123-kh/đu", "123-KH/ĐU", DocumentType::Plan),
        ("366-QĐ/TW", "366-QĐ/TW", DocumentType::Decision),
        ("366-qd/tw", "366-QĐ/TW", DocumentType::Decision),
        ("7 – ctr/tu", "7-CTr/TU", DocumentType::Programme),
        ("12-CTr/TU", "12-CTr/TU", DocumentType::Programme),
        ("3-tb/vptw/bch", "3-TB/VPTW/BCH", DocumentType::Notice),
    ] {
        let parsed = DocumentNumber::parse(typed).unwrap();
        assert_eq!(parsed.as_str(), written, "{typed}");
        assert_eq!(parsed.doc_type(), doc_type, "{typed}");
    }
}

#[test]
fn invalid_numbers_say_what_is_wrong() {
    for (typed, id) in [
        ("   ", "directive-number-empty"),
        ("HD-42/BTCTW", "directive-number-missing-number"),
        ("42/HD/BTCTW", "directive-number-missing-hyphen"),
        ("42-XY/BTCTW", "directive-number-unknown-type"),
        // QC (quy chế, a regulation) is not one of the nine types.
        ("08-QC/TW", "directive-number-unknown-type"),
        ("42-HD BTCTW", "directive-number-unknown-type"),
        ("42-HD", "directive-number-missing-issuer"),
        ("42-HD/BTC.TW", "directive-number-bad-issuer"),
    ] {
        let error = DocumentNumber::parse(typed).unwrap_err();
        assert_eq!(error.message().id, id, "{typed:?}");
    }
    let message = DocumentNumber::parse("42-HD/BTC TW").unwrap_err().message();
    assert_eq!(message.id, "directive-number-bad-issuer");
    assert_eq!(message.get("part").unwrap().to_string(), "BTC TW");
    assert_eq!(message.get("text").unwrap().to_string(), "42-HD/BTC TW");
}

#[test]
fn decomposed_input_is_the_same_number_as_composed() {
    // "TƯ" typed with a combining horn (U+031B), as some keyboards send it.
    let composed = number("5-NQ/TƯ");
    let decomposed = number("5-NQ/TU\u{031B}");
    assert_eq!(composed, decomposed);
    assert_eq!(decomposed.as_str(), "5-NQ/TƯ");
    // Đ has no decomposition: lower case đ still reads as Đ.
    assert_eq!(number("1-kh/đuk").issuer(), ["ĐUK".to_owned()]);
    assert_ne!(number("1-KH/ĐUK"), number("1-KH/DUK"));
}

#[test]
fn a_key_is_the_number_and_the_date_together() {
    // Two guides numbered 12-HD/BTCTW: distinct documents by their dates.
    let guide_2018 = key("12-HD/BTCTW", "2018-07-06");
    let other = key("12-HD/BTCTW", "2018-03-01");
    assert_ne!(guide_2018, other);
    let same = key("12-hd/btctw", "2018-07-06");
    assert_eq!(guide_2018, same);
    let keys: HashSet<_> = [guide_2018.clone(), other.clone(), same.clone()]
        .into_iter()
        .collect();
    assert_eq!(keys.len(), 2);
    let duplicates =
        DirectiveKey::duplicates(&[guide_2018, other, same, key("012-HD/BTCTW", "2018-03-01")]);
    assert_eq!(duplicates.len(), 2);
    assert_eq!(duplicates[0].id, "directive-key-duplicate");
    assert_eq!(duplicates[0].get("positions").unwrap().to_string(), "1, 3");
    assert_eq!(duplicates[1].get("positions").unwrap().to_string(), "2, 4");
}

fn dated(teach: &str, plan: &str, report: &str, carry_out: &str) -> LevelDeadlines {
    LevelDeadlines {
        teach_by: Some(Due::On(day(teach))),
        plan_by: Some(Due::On(day(plan))),
        report_by: Some(Due::On(day(report))),
        carry_out_by: Some(Due::On(day(carry_out))),
    }
}

/// The city's plan carrying out 42-HD/BTCTW: grassroots organizations
/// teach by 15/11 and issue their plan by 20/11; cells teach at their next
/// regular meeting; everyone carries it out by 15/12 and reports by 31/12.
fn city_plan() -> Directive {
    let mut deadlines = Deadlines::default();
    deadlines.set(
        Level::Grassroots,
        dated("2025-11-15", "2025-11-20", "2025-12-31", "2025-12-15"),
    );
    deadlines.set(
        Level::Cell,
        LevelDeadlines {
            teach_by: Some(Due::NextRegularMeeting),
            plan_by: None,
            report_by: Some(Due::On(day("2025-12-31"))),
            carry_out_by: Some(Due::On(day("2025-12-15"))),
        },
    );
    Directive {
        key: key("15-KH/TU", "2025-11-01"),
        doc_type: DocumentType::Plan,
        title:
            "Kế hoạch thực hiện Hướng dẫn số 42-HD/BTCTW về nâng cao chất lượng sinh hoạt chi bộ"
                .to_owned(),
        summary: "Quán triệt đến toàn thể đảng viên; cụ thể hóa ở cấp cơ sở.".to_owned(),
        issuer: unit("TU"),
        must_teach: true,
        target: Target::Subtree(UnitFilter::default()),
        deadlines,
        implements: Some(key("42-HD/BTCTW", "2025-10-28")),
    }
}

#[test]
fn every_problem_of_a_record_is_listed_at_once() {
    assert!(city_plan().validate().is_empty());
    let mut wrong = city_plan();
    wrong.doc_type = DocumentType::Resolution;
    wrong.title = "  ".to_owned();
    wrong.must_teach = false;
    wrong.target = Target::Units(vec![unit("CB1"), unit("TU"), unit("CB1")]);
    wrong.implements = Some(key("42-HD/BTCTW", "2025-11-02"));
    wrong.deadlines.set(
        Level::Committee,
        LevelDeadlines {
            report_by: Some(Due::On(day("2025-10-31"))),
            ..LevelDeadlines::default()
        },
    );
    let problems: Vec<_> = wrong
        .validate()
        .into_iter()
        .map(|p| (p.field, p.message.id))
        .collect();
    let expected = [
        ("title", "directive-title-missing"),
        ("doc_type", "directive-type-mismatch"),
        (
            "deadlines.committee.report_by",
            "directive-deadline-before-issue",
        ),
        (
            "deadlines.grassroots.teach_by",
            "directive-teach-deadline-not-taught",
        ),
        (
            "deadlines.cell.teach_by",
            "directive-teach-deadline-not-taught",
        ),
        ("target", "directive-target-is-issuer"),
        ("target", "directive-target-duplicate"),
        ("implements", "directive-implements-later"),
    ];
    assert_eq!(
        problems,
        expected
            .iter()
            .map(|(f, id)| ((*f).to_owned(), *id))
            .collect::<Vec<_>>()
    );
}

fn execution(code: &str, level: Level, received: Option<&str>) -> Execution {
    let mut execution = Execution::new(unit(code), level);
    if let Some(on) = received {
        execution.events.push(Event {
            on: day(on),
            kind: EventKind::Received,
        });
    }
    execution
}

fn taught(on: &str, present: u32, eligible: u32) -> Event {
    Event {
        on: day(on),
        kind: EventKind::Taught(TaughtAt {
            meeting: None,
            present,
            eligible,
        }),
    }
}

fn reported(on: &str) -> Event {
    Event {
        on: day(on),
        kind: EventKind::Reported,
    }
}

fn task(id: i64, deadline: Option<&str>, status: TaskStatus, closed: Option<&str>) -> LinkedTask {
    LinkedTask {
        id,
        assigned_on: day("2025-11-05"),
        deadline: deadline.map(day),
        status,
        closed_on: closed.map(day),
    }
}

#[test]
fn deadlines_are_met_on_the_day_and_missed_the_day_after() {
    let plan = city_plan();
    let mut g1 = execution("G1", Level::Grassroots, Some("2025-11-02"));
    let flags = |e: &Execution, today: &str| -> Vec<(Stage, i64)> {
        missed_deadlines(&plan, e, day(today))
            .into_iter()
            .map(|f| (f.stage, f.days_late))
            .collect()
    };
    // Undone on the due day: not late yet; the next day: one day late.
    assert_eq!(flags(&g1, "2025-11-15"), []);
    assert_eq!(flags(&g1, "2025-11-16"), [(Stage::Teach, 1)]);
    assert_eq!(
        flags(&g1, "2025-11-21"),
        [(Stage::Teach, 6), (Stage::Plan, 1)]
    );
    // Done on the due day: on time for good.
    g1.events.push(taught("2025-11-15", 40, 45));
    g1.events.push(Event {
        on: day("2025-11-21"),
        kind: EventKind::PlanIssued {
            plan: key("03-KH/ĐU", "2025-11-21"),
        },
    });
    assert_eq!(flags(&g1, "2025-12-01"), [(Stage::Plan, 1)]);
    g1.events.push(reported("2025-12-31"));
    g1.events.push(Event {
        on: day("2026-01-05"),
        kind: EventKind::Checked {
            rating: CheckRating::Done,
        },
    });
    g1.tasks
        .push(task(1, None, TaskStatus::Done, Some("2025-12-15")));
    assert_eq!(flags(&g1, "2026-02-01"), [(Stage::Plan, 1)]);
    assert!(g1.validate(&plan).is_empty());
}

/// Four target units of the city's plan, as of 1 March 2026:
///
/// | unit | teach due → taught (days from 01/11) | present/eligible | report | tasks (due → state) |
/// |---|---|---|---|---|
/// | G1 grassroots | 15/11 → 14/11 (13) on time | 40/45 | 30/12 on time | 10/12 done 08/12 on time; 15/12 (carry-out) open, 76 days |
/// | C1 cell, met 05/11, 05/12 | 05/11 → 05/11 (4) on time | 18/20 | 02/01 late | 30/11 done 02/12 late; 25/11 open, 96 days |
/// | C2 cell, met 28/11, 05/12 | 28/11 → 05/12 (34) late | 10/12 | none, late | 10/02/2026 open, 19 days; 01/04/2026 not yet due |
/// | C3 cell, no meeting, nothing received | 31/12 (end of the month after 01/11) → not taught | – | none, late | – |
///
/// Coverage 3/4 = 0.75; taught by the deadline 2 of 4 judged = 0.5;
/// member reach 68/77; days to teach [4, 13, 34]: median 13, 90th
/// percentile h = 2 × 0.9 = 1.8 → 13 + 0.8 × (34 − 13) = 29.8
/// (np.percentile([4, 13, 34], 90) = 29.8); plans: only grassroots must
/// plan, G1 did on 18/11 → 1/1, 17 days; tasks on time 1 of 5 due (the
/// April task is not due) = 0.2; backlog 1 in 1–30 (19), 1 in 31–90 (76),
/// 1 over 90 (96); reports on time 1 of 4 = 0.25.
fn small_tree() -> Vec<Execution> {
    let mut g1 = execution("G1", Level::Grassroots, Some("2025-11-02"));
    g1.events.push(taught("2025-11-14", 40, 45));
    g1.events.push(Event {
        on: day("2025-11-18"),
        kind: EventKind::PlanIssued {
            plan: key("03-KH/ĐU", "2025-11-18"),
        },
    });
    g1.events.push(reported("2025-12-30"));
    g1.tasks = vec![
        task(1, Some("2025-12-10"), TaskStatus::Done, Some("2025-12-08")),
        task(2, None, TaskStatus::Open, None),
    ];

    let mut c1 = execution("C1", Level::Cell, Some("2025-11-03"));
    c1.regular_meetings = vec![day("2025-11-05"), day("2025-12-05")];
    c1.events.push(taught("2025-11-05", 18, 20));
    c1.events.push(reported("2026-01-02"));
    c1.tasks = vec![
        task(3, Some("2025-11-30"), TaskStatus::Done, Some("2025-12-02")),
        task(4, Some("2025-11-25"), TaskStatus::Open, None),
    ];

    let mut c2 = execution("C2", Level::Cell, Some("2025-11-04"));
    c2.regular_meetings = vec![day("2025-11-28"), day("2025-12-05")];
    c2.events.push(taught("2025-12-05", 10, 12));
    c2.tasks = vec![
        task(5, Some("2026-02-10"), TaskStatus::Open, None),
        task(6, Some("2026-04-01"), TaskStatus::Open, None),
    ];

    let c3 = execution("C3", Level::Cell, None);
    vec![g1, c1, c2, c3]
}

fn close(actual: Option<f64>, expected: f64) -> bool {
    actual.is_some_and(|v| (v - expected).abs() < 1e-9)
}

#[test]
fn indicators_of_a_small_tree_match_the_hand_computation() {
    let plan = city_plan();
    let units = small_tree();
    for e in &units {
        assert!(e.validate(&plan).is_empty(), "{:?}", e.unit);
    }
    let today = day("2026-03-01");
    let c = DirectiveCounters::over(&plan, &units, today);
    assert!(close(c.coverage(), 0.75));
    assert!(close(c.taught_by_deadline_share(), 0.5));
    assert!(close(c.member_reach(), 68.0 / 77.0));
    assert_eq!(c.days_to_teach, vec![4, 13, 34]);
    assert!(close(c.days_to_teach_median(), 13.0));
    assert!(close(c.days_to_teach_p90(), 29.8));
    assert!(close(c.plan_rate(), 1.0));
    assert!(close(c.days_to_plan_median(), 17.0));
    assert!(close(c.tasks_on_time_share(), 0.2));
    assert_eq!(
        (
            c.overdue.up_to_30,
            c.overdue.from_31_to_90,
            c.overdue.over_90
        ),
        (1, 1, 1)
    );
    assert!(close(c.reporting_compliance(), 0.25));
    // A subtree (G1 with its cell C1) and the rest add up to the whole.
    let g1_subtree = DirectiveCounters::over(&plan, &units[..2], today);
    let rest = DirectiveCounters::over(&plan, &units[2..], today);
    let mut sum = g1_subtree.clone();
    sum += &rest;
    assert_eq!(sum, c);
    assert!(close(g1_subtree.coverage(), 1.0));
}

#[test]
fn the_percentile_is_numpys_default() {
    // np.percentile([0, 5, 5, 7, 30, 31, 60, 61, 200], 90) == 88.8
    assert!(close(
        percentile_linear(&[0, 5, 5, 7, 30, 31, 60, 61, 200], 90.0),
        88.8
    ));
    // np.percentile([3, 8], 90) == 7.5
    assert!(close(percentile_linear(&[3, 8], 90.0), 7.5));
}

#[test]
fn targets_select_units_of_the_subtree() {
    let sector = chibo_domain::SectorCode::parse("enterprise").unwrap();
    let cells_only = Target::Subtree(UnitFilter {
        kinds: vec![UnitKind::SubordinateCell, UnitKind::GrassrootsCell],
        sectors: Vec::new(),
    });
    assert!(cells_only.includes(&unit("C1"), UnitKind::GrassrootsCell, &sector));
    assert!(!cells_only.includes(&unit("G1"), UnitKind::GrassrootsCommittee, &sector));
}

/// One random target unit: a level, and offsets in days from the issue
/// date for each event, `None` when it did not happen.
fn arb_execution() -> impl Strategy<Value = Execution> {
    let task = (
        0..60i64,
        proptest::option::of(0..120i64),
        0..3u8,
        proptest::option::of(0..150i64),
    );
    (
        0..4usize,
        proptest::option::of(0..20i64),
        proptest::option::of((0..90i64, 0..30u32, 0..10u32)),
        proptest::option::of(0..60i64),
        proptest::option::of(0..120i64),
        proptest::collection::vec(task, 0..4),
        proptest::collection::vec(0..90i64, 0..3),
    )
        .prop_map(
            |(level, received, taught_at, plan, report, tasks, meetings)| {
                let issued = day("2025-11-01");
                let at = |offset: i64| issued + chrono::Duration::days(offset);
                let mut e = Execution::new(unit("U"), Level::ALL[level]);
                if let Some(offset) = received {
                    e.events.push(Event {
                        on: at(offset),
                        kind: EventKind::Received,
                    });
                }
                if let Some((offset, present, absent)) = taught_at {
                    e.events.push(Event {
                        on: at(offset),
                        kind: EventKind::Taught(TaughtAt {
                            meeting: None,
                            present,
                            eligible: present + absent,
                        }),
                    });
                }
                if let Some(offset) = plan {
                    e.events.push(Event {
                        on: at(offset),
                        kind: EventKind::PlanIssued {
                            plan: DirectiveKey::new(number("1-KH/ĐU"), at(offset)),
                        },
                    });
                }
                if let Some(offset) = report {
                    e.events.push(Event {
                        on: at(offset),
                        kind: EventKind::Reported,
                    });
                }
                for (id, (assigned, deadline, status, closed)) in tasks.into_iter().enumerate() {
                    let status = [TaskStatus::Open, TaskStatus::Done, TaskStatus::Dropped]
                        [usize::from(status)];
                    e.tasks.push(LinkedTask {
                        id: i64::try_from(id).unwrap(),
                        assigned_on: at(assigned),
                        deadline: deadline.map(|d| at(assigned + d)),
                        status,
                        closed_on: (status != TaskStatus::Open)
                            .then(|| at(assigned + closed.unwrap_or(0))),
                    });
                }
                e.regular_meetings = meetings.into_iter().map(at).collect();
                e
            },
        )
}

proptest! {
    #[test]
    fn counters_of_two_subtrees_add_up_to_their_union(
        units in proptest::collection::vec(arb_execution(), 0..12),
        split in 0..12usize,
        today in 0..200i64,
    ) {
        let plan = city_plan();
        let today = day("2025-11-01") + chrono::Duration::days(today);
        let split = split.min(units.len());
        let (left, right) = units.split_at(split);
        let mut sum = DirectiveCounters::over(&plan, left, today);
        sum += &DirectiveCounters::over(&plan, right, today);
        // Counted the other way round, unit by unit from the right.
        let reversed: Vec<_> = units.iter().rev().cloned().collect();
        let union = DirectiveCounters::over(&plan, &reversed, today);
        prop_assert_eq!(&sum, &union);
        // And equal to a recount of the whole from the records.
        let taught: Vec<u32> = {
            let mut days: Vec<u32> = units
                .iter()
                .filter_map(|e| e.taught())
                .map(|(on, _)| u32::try_from((on - plan.key.issued_on).num_days()).unwrap())
                .collect();
            days.sort_unstable();
            days
        };
        prop_assert_eq!(&union.days_to_teach, &taught);
        prop_assert_eq!(union.target_units, units.len() as u64);
        prop_assert!(union.taught_by_deadline <= union.teach_judged);
        prop_assert!(union.tasks_on_time <= union.tasks_due);
        prop_assert!(union.reports_on_time <= union.reports_due);
        prop_assert!(union.overdue.total() <= union.tasks_due);
        prop_assert!(union.present <= union.eligible);
    }
}
