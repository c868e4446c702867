//! Norm checks and flags, on hand-computed examples: the boundaries of each
//! rule, open and past calendar units, the flags' runs and years, period
//! parsing, and the shipped 42-HD norm set.

use chibo_domain::meeting::{Attendance, MeetingKind};
use chibo_domain::norms::{
    AbsenceFlag, HeldMeeting, MemberMark, NormCheck, NormOutcome, NormResult, NormRule, NormSet,
    Period, Shortfall, TaskState, check_norms, no_regular_meeting_this_month, overdue_tasks,
    third_consecutive_absences, three_unexcused_absences,
};
use chibo_domain::org::SourceDocument;
use chibo_domain::rubric::MeetingFacts;
use chibo_domain::{MemberCode, Message, NaiveDate};

const HD42_NORMS_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/reference/norms/hd42-2025-norms.json"
));

fn day(text: &str) -> NaiveDate {
    text.parse().expect("an ISO date")
}

fn period(text: &str) -> Period {
    Period::parse(text).expect("a valid period")
}

/// A meeting that keeps every norm of the shipped set.
fn facts(kind: MeetingKind) -> MeetingFacts {
    MeetingFacts {
        kind,
        duration_minutes: Some(150),
        expected: 20,
        present: 20,
        unexcused_absences: 0,
        members_absent_three_in_a_row: 0,
        speakers: 10,
        previous_tasks_due: 0,
        previous_tasks_done_on_time: 0,
        documents_sent_days_ahead: Some(2),
        superior_attended: false,
    }
}

fn held(on: &str, kind: MeetingKind) -> HeldMeeting {
    HeldMeeting {
        held_on: day(on),
        facts: facts(kind),
    }
}

fn held_with(on: &str, change: impl FnOnce(&mut MeetingFacts)) -> HeldMeeting {
    let mut meeting = held(on, MeetingKind::Regular);
    change(&mut meeting.facts);
    meeting
}

fn source(number: &str, date: &str) -> SourceDocument {
    SourceDocument {
        number: Some(number.to_owned()),
        date: Some(day(date)),
        title: None,
    }
}

fn rule(code: &str, check: NormCheck) -> NormRule {
    NormRule {
        code: code.to_owned(),
        name_vi: "Quy định thử".to_owned(),
        name_en: "Test rule".to_owned(),
        source: None,
        check,
    }
}

fn set_of(rules: Vec<NormRule>) -> NormSet {
    NormSet {
        code: "test-norms".to_owned(),
        version: 1,
        name_vi: "Bộ quy định thử".to_owned(),
        name_en: "Test norms".to_owned(),
        source: source("42-HD/BTCTW", "2025-10-28"),
        effective_from: day("2025-10-28"),
        rules,
    }
}

/// The result of one rule.
fn judge(check: NormCheck, meetings: &[HeldMeeting], within: &str, today: &str) -> NormResult {
    let set = set_of(vec![rule("only", check)]);
    let mut results = check_norms(&set, meetings, &period(within), day(today));
    assert_eq!(results.len(), 1);
    results.remove(0)
}

fn counts(result: &NormResult) -> (u32, u32, NormOutcome) {
    (result.applicable, result.met, result.outcome)
}

fn arg(message: &Message, name: &str) -> String {
    message
        .get(name)
        .unwrap_or_else(|| panic!("{} has no argument {name}", message.id))
        .to_string()
}

fn ids(messages: &[Message]) -> Vec<&'static str> {
    messages.iter().map(|message| message.id).collect()
}

fn member(code: &str) -> MemberCode {
    MemberCode::parse(code).expect("a valid member code")
}

fn mark(code: &str, on: &str, mark: Attendance) -> MemberMark {
    MemberMark {
        member: member(code),
        held_on: day(on),
        mark,
    }
}

const DURATION: NormCheck = NormCheck::MinimumDuration {
    regular_minutes: 90,
    combined_minutes: 120,
};

const ATTENDANCE: NormCheck = NormCheck::Attendance {
    min_rate_percent: 85,
    no_unexcused: true,
};

// --- A regular meeting every month ---------------------------------------

#[test]
fn every_month_with_a_regular_meeting_meets_the_norm() {
    let meetings = [
        held("2025-01-08", MeetingKind::Regular),
        // Held together with the thematic one: still the month's regular.
        held("2025-02-10", MeetingKind::RegularAndThematic),
        held("2025-03-05", MeetingKind::Regular),
    ];
    let result = judge(
        NormCheck::RegularEveryMonth,
        &meetings,
        "2025-Q1",
        "2025-06-01",
    );
    assert_eq!(counts(&result), (3, 3, NormOutcome::Met));
    assert!(result.shortfalls.is_empty());
    assert_eq!(result.rule_code, "only");
}

#[test]
fn a_past_month_without_a_regular_meeting_is_named() {
    let meetings = [
        held("2025-01-08", MeetingKind::Regular),
        // Neither counts as the regular meeting of February.
        held("2025-02-10", MeetingKind::Thematic),
        held("2025-02-20", MeetingKind::Extraordinary),
        held("2025-03-05", MeetingKind::Regular),
    ];
    let result = judge(
        NormCheck::RegularEveryMonth,
        &meetings,
        "2025-Q1",
        "2025-06-01",
    );
    assert_eq!(counts(&result), (3, 2, NormOutcome::NotMet));
    assert_eq!(
        result.shortfalls,
        vec![Shortfall::NoRegularMeeting {
            year: 2025,
            month: 2
        }]
    );
    let message = result.shortfalls[0].message();
    assert_eq!(message.id, "norm-shortfall-no-regular");
    assert_eq!(arg(&message, "month"), "2");
    assert_eq!(arg(&message, "year"), "2025");
    assert_eq!(result.shortfalls[0].held_on(), None);
}

#[test]
fn the_open_current_month_is_not_a_failure_but_a_past_one_is() {
    let meetings = [held("2025-01-08", MeetingKind::Regular)];
    // 20 March: February is over without a meeting, March is still open.
    let result = judge(
        NormCheck::RegularEveryMonth,
        &meetings,
        "2025-Q1",
        "2025-03-20",
    );
    assert_eq!(counts(&result), (2, 1, NormOutcome::NotMet));
    assert_eq!(
        result.shortfalls,
        vec![Shortfall::NoRegularMeeting {
            year: 2025,
            month: 2
        }]
    );
    // The last day of the month is still part of it.
    let on_last_day = judge(
        NormCheck::RegularEveryMonth,
        &[held("2025-03-05", MeetingKind::Regular)],
        "2025-03",
        "2025-03-31",
    );
    assert_eq!(counts(&on_last_day), (1, 1, NormOutcome::Met));
    let open_and_empty = judge(NormCheck::RegularEveryMonth, &[], "2025-03", "2025-03-31");
    assert_eq!(counts(&open_and_empty), (0, 0, NormOutcome::NotApplicable));
    // The day after, March is over and counts.
    let over = judge(NormCheck::RegularEveryMonth, &[], "2025-03", "2025-04-01");
    assert_eq!(counts(&over), (1, 0, NormOutcome::NotMet));
}

#[test]
fn an_empty_period_fails_the_calendar_norms_and_leaves_the_others_unjudged() {
    let set = set_of(vec![
        rule("monthly", NormCheck::RegularEveryMonth),
        rule("quarterly", NormCheck::ThematicEveryQuarter),
        rule("duration", DURATION),
        rule("attendance", ATTENDANCE),
        rule("documents", NormCheck::DocumentsAhead { min_days: 1 }),
    ]);
    let results = check_norms(&set, &[], &period("2025-Q1"), day("2025-05-01"));
    let summary: Vec<_> = results.iter().map(counts).collect();
    assert_eq!(
        summary,
        vec![
            (3, 0, NormOutcome::NotMet),
            (1, 0, NormOutcome::NotMet),
            (0, 0, NormOutcome::NotApplicable),
            (0, 0, NormOutcome::NotApplicable),
            (0, 0, NormOutcome::NotApplicable),
        ]
    );
    assert_eq!(results[0].shortfalls.len(), 3);
    // A period entirely in the future has nothing to judge at all.
    let future = check_norms(&set, &[], &period("2026"), day("2025-05-01"));
    assert!(
        future
            .iter()
            .all(|result| result.outcome == NormOutcome::NotApplicable)
    );
}

#[test]
fn meetings_outside_the_period_are_ignored() {
    let meetings = [
        held("2025-02-27", MeetingKind::Regular),
        held("2025-04-02", MeetingKind::Regular),
        held_with("2025-04-03", |f| f.duration_minutes = Some(30)),
    ];
    let monthly = judge(
        NormCheck::RegularEveryMonth,
        &meetings,
        "2025-03",
        "2025-04-10",
    );
    assert_eq!(counts(&monthly), (1, 0, NormOutcome::NotMet));
    let duration = judge(DURATION, &meetings, "2025-03", "2025-04-10");
    assert_eq!(counts(&duration), (0, 0, NormOutcome::NotApplicable));
}

// --- A thematic meeting every quarter -------------------------------------

#[test]
fn a_quarter_with_only_regular_meetings_fails_the_thematic_norm() {
    let meetings = [
        held("2025-01-08", MeetingKind::Regular),
        held("2025-02-08", MeetingKind::Regular),
        held("2025-03-08", MeetingKind::Regular),
    ];
    let result = judge(
        NormCheck::ThematicEveryQuarter,
        &meetings,
        "2025-Q1",
        "2025-04-01",
    );
    assert_eq!(counts(&result), (1, 0, NormOutcome::NotMet));
    assert_eq!(
        result.shortfalls,
        vec![Shortfall::NoThematicMeeting {
            year: 2025,
            quarter: 1
        }]
    );
    assert_eq!(arg(&result.shortfalls[0].message(), "quarter"), "1");
}

#[test]
fn each_quarter_the_period_touches_needs_a_thematic_meeting_inside_it() {
    let meetings = [
        // Before the period: does not count for the first quarter.
        held("2025-01-20", MeetingKind::Thematic),
        held("2025-02-20", MeetingKind::Regular),
        held("2025-04-10", MeetingKind::RegularAndThematic),
    ];
    let result = judge(
        NormCheck::ThematicEveryQuarter,
        &meetings,
        "15/02/2025-15/04/2025",
        "2025-05-01",
    );
    assert_eq!(counts(&result), (2, 1, NormOutcome::NotMet));
    assert_eq!(
        result.shortfalls,
        vec![Shortfall::NoThematicMeeting {
            year: 2025,
            quarter: 1
        }]
    );
    // The current quarter, open and without its thematic meeting yet.
    let open = judge(
        NormCheck::ThematicEveryQuarter,
        &[held("2025-04-10", MeetingKind::Regular)],
        "2025-Q2",
        "2025-06-30",
    );
    assert_eq!(counts(&open), (0, 0, NormOutcome::NotApplicable));
}

// --- Minimum duration -----------------------------------------------------

#[test]
fn a_regular_meeting_of_89_minutes_fails_and_90_passes() {
    let meetings = [
        held_with("2025-03-05", |f| f.duration_minutes = Some(89)),
        held_with("2025-04-05", |f| f.duration_minutes = Some(90)),
    ];
    let result = judge(DURATION, &meetings, "2025", "2026-01-01");
    assert_eq!(counts(&result), (2, 1, NormOutcome::NotMet));
    assert_eq!(
        result.shortfalls,
        vec![Shortfall::TooShort {
            held_on: day("2025-03-05"),
            kind: MeetingKind::Regular,
            minutes: Some(89),
            required: 90,
        }]
    );
    let message = result.shortfalls[0].message();
    assert_eq!(message.id, "norm-shortfall-too-short");
    assert_eq!(arg(&message, "minutes"), "89");
    assert_eq!(arg(&message, "date"), "05/03/2025");
    assert_eq!(arg(&message, "meeting_kind"), "regular");
}

#[test]
fn a_combined_meeting_of_119_minutes_fails_and_120_passes() {
    let combined = |on: &str, minutes| HeldMeeting {
        held_on: day(on),
        facts: MeetingFacts {
            duration_minutes: Some(minutes),
            ..facts(MeetingKind::RegularAndThematic)
        },
    };
    let thematic_100 = HeldMeeting {
        held_on: day("2025-03-20"),
        facts: MeetingFacts {
            duration_minutes: Some(100),
            ..facts(MeetingKind::Thematic)
        },
    };
    let meetings = [
        combined("2025-01-05", 119),
        combined("2025-02-05", 120),
        // A thematic meeting alone needs only the regular minimum.
        thematic_100,
    ];
    let result = judge(DURATION, &meetings, "2025-Q1", "2025-04-01");
    assert_eq!(counts(&result), (3, 2, NormOutcome::NotMet));
    assert_eq!(result.shortfalls.len(), 1);
    assert_eq!(result.shortfalls[0].held_on(), Some(day("2025-01-05")));
    assert!(matches!(
        result.shortfalls[0],
        Shortfall::TooShort {
            minutes: Some(119),
            required: 120,
            ..
        }
    ));
}

#[test]
fn extraordinary_meetings_have_no_minimum_and_unrecorded_lengths_fail() {
    let extraordinary = HeldMeeting {
        held_on: day("2025-03-10"),
        facts: MeetingFacts {
            duration_minutes: Some(20),
            ..facts(MeetingKind::Extraordinary)
        },
    };
    let alone = judge(
        DURATION,
        std::slice::from_ref(&extraordinary),
        "2025-03",
        "2025-04-01",
    );
    assert_eq!(counts(&alone), (0, 0, NormOutcome::NotApplicable));

    let unrecorded = held_with("2025-03-05", |f| f.duration_minutes = None);
    let result = judge(
        DURATION,
        &[extraordinary, unrecorded],
        "2025-03",
        "2025-04-01",
    );
    assert_eq!(counts(&result), (1, 0, NormOutcome::NotMet));
    let message = result.shortfalls[0].message();
    assert_eq!(message.id, "norm-shortfall-no-duration");
    assert_eq!(arg(&message, "required"), "90");
}

// --- Attendance -----------------------------------------------------------

#[test]
fn attendance_of_exactly_85_percent_fails() {
    // 17 of 20 is 85%: the norm is "over 85%".
    let meeting = held_with("2025-03-05", |f| f.present = 17);
    let result = judge(ATTENDANCE, &[meeting], "2025-03", "2025-04-01");
    assert_eq!(counts(&result), (1, 0, NormOutcome::NotMet));
    assert_eq!(
        result.shortfalls,
        vec![Shortfall::LowAttendance {
            held_on: day("2025-03-05"),
            present: 17,
            expected: 20,
            min_rate_percent: 85,
        }]
    );
    assert_eq!(arg(&result.shortfalls[0].message(), "rate"), "85");
}

#[test]
fn attendance_of_85_1_percent_passes() {
    // 40 of 47 is 85.106…%, just over the norm.
    let meeting = held_with("2025-03-05", |f| {
        f.expected = 47;
        f.present = 40;
    });
    let result = judge(ATTENDANCE, &[meeting], "2025-03", "2025-04-01");
    assert_eq!(counts(&result), (1, 1, NormOutcome::Met));
}

#[test]
fn the_shown_rate_is_rounded_down_so_a_miss_never_reads_as_the_norm() {
    // 39 of 46 is 84.78…%: shown as 84.7, not 84.8.
    let meeting = held_with("2025-03-05", |f| {
        f.expected = 46;
        f.present = 39;
    });
    let result = judge(ATTENDANCE, &[meeting], "2025-03", "2025-04-01");
    let message = result.shortfalls[0].message();
    assert_eq!(message.id, "norm-shortfall-attendance");
    assert_eq!(arg(&message, "rate"), "84.7");
    assert_eq!(arg(&message, "required"), "85");
}

#[test]
fn an_unexcused_absence_fails_even_at_high_attendance() {
    let meeting = held_with("2025-03-05", |f| {
        f.present = 19;
        f.unexcused_absences = 1;
    });
    let strict = judge(
        ATTENDANCE,
        std::slice::from_ref(&meeting),
        "2025-03",
        "2025-04-01",
    );
    assert_eq!(counts(&strict), (1, 0, NormOutcome::NotMet));
    assert_eq!(
        strict.shortfalls,
        vec![Shortfall::UnexcusedAbsences {
            held_on: day("2025-03-05"),
            count: 1
        }]
    );
    let lenient = judge(
        NormCheck::Attendance {
            min_rate_percent: 85,
            no_unexcused: false,
        },
        &[meeting],
        "2025-03",
        "2025-04-01",
    );
    assert_eq!(counts(&lenient), (1, 1, NormOutcome::Met));
}

#[test]
fn a_meeting_failing_both_attendance_conditions_counts_once() {
    let meeting = held_with("2025-03-05", |f| {
        f.present = 15;
        f.unexcused_absences = 2;
    });
    let result = judge(ATTENDANCE, &[meeting], "2025-03", "2025-04-01");
    assert_eq!(counts(&result), (1, 0, NormOutcome::NotMet));
    assert_eq!(result.shortfalls.len(), 2);
}

/// Counts a roll call the way meeting records do: exempt members are not
/// expected, late ones are present.
fn roll_call(on: &str, roll: &[Attendance]) -> HeldMeeting {
    let count = |keep: fn(Attendance) -> bool| {
        u32::try_from(roll.iter().filter(|mark| keep(**mark)).count()).unwrap()
    };
    held_with(on, |f| {
        f.expected = count(Attendance::is_expected);
        f.present = count(Attendance::is_present);
        f.unexcused_absences = count(Attendance::is_unexcused);
    })
}

#[test]
fn exempt_members_do_not_lower_attendance_but_excused_absences_do() {
    let mut with_exempt = vec![Attendance::Present; 16];
    with_exempt.push(Attendance::LateOrLeftEarly);
    with_exempt.extend([Attendance::Exempt; 3]);
    let mut with_excused = with_exempt.clone();
    with_excused.truncate(17);
    with_excused.extend([Attendance::AbsentExcused; 3]);
    let meetings = [
        roll_call("2025-03-05", &with_exempt),
        roll_call("2025-04-05", &with_excused),
    ];
    assert_eq!(
        (meetings[0].facts.expected, meetings[0].facts.present),
        (17, 17)
    );
    let result = judge(ATTENDANCE, &meetings, "2025", "2026-01-01");
    // 17 of 17 passes; 17 of 20 is exactly 85% and fails.
    assert_eq!(counts(&result), (2, 1, NormOutcome::NotMet));
    assert_eq!(result.shortfalls[0].held_on(), Some(day("2025-04-05")));
}

#[test]
fn a_meeting_with_nobody_expected_meets_attendance() {
    let meeting = roll_call("2025-03-05", &[Attendance::Exempt; 4]);
    assert_eq!(meeting.facts.expected, 0);
    let result = judge(ATTENDANCE, &[meeting], "2025-03", "2025-04-01");
    assert_eq!(counts(&result), (1, 1, NormOutcome::Met));
}

// --- Third consecutive absence, documents ----------------------------------

#[test]
fn a_meeting_with_a_third_consecutive_absence_fails() {
    let meetings = [
        held_with("2025-03-05", |f| {
            f.present = 19;
            f.members_absent_three_in_a_row = 1;
        }),
        held("2025-04-05", MeetingKind::Regular),
    ];
    let result = judge(
        NormCheck::NoThirdConsecutiveAbsence,
        &meetings,
        "2025",
        "2026-01-01",
    );
    assert_eq!(counts(&result), (2, 1, NormOutcome::NotMet));
    assert_eq!(
        result.shortfalls,
        vec![Shortfall::ThirdConsecutiveAbsence {
            held_on: day("2025-03-05"),
            members: 1
        }]
    );
}

#[test]
fn documents_must_reach_members_the_required_days_ahead() {
    let meetings = [
        held_with("2025-01-05", |f| f.documents_sent_days_ahead = Some(1)),
        held_with("2025-02-05", |f| f.documents_sent_days_ahead = Some(0)),
        held_with("2025-03-05", |f| f.documents_sent_days_ahead = None),
    ];
    let result = judge(
        NormCheck::DocumentsAhead { min_days: 1 },
        &meetings,
        "2025-Q1",
        "2025-04-01",
    );
    assert_eq!(counts(&result), (3, 1, NormOutcome::NotMet));
    let message_ids: Vec<_> = result.shortfalls.iter().map(|s| s.message().id).collect();
    assert_eq!(
        message_ids,
        vec![
            "norm-shortfall-documents-late",
            "norm-shortfall-documents-not-sent"
        ]
    );
    assert_eq!(arg(&result.shortfalls[0].message(), "days"), "0");
}

// --- Superior attendance ----------------------------------------------------

fn visited(on: &str) -> HeldMeeting {
    held_with(on, |f| f.superior_attended = true)
}

const SUPERIOR: NormCheck = NormCheck::SuperiorAttendance { per_year: 2 };

#[test]
fn a_full_year_needs_the_yearly_number_of_visits() {
    let two = [visited("2025-03-05"), visited("2025-09-05")];
    let met = judge(SUPERIOR, &two, "2025", "2026-01-05");
    assert_eq!(counts(&met), (1, 1, NormOutcome::Met));

    let one = [
        visited("2025-03-05"),
        held("2025-09-05", MeetingKind::Regular),
    ];
    let missed = judge(SUPERIOR, &one, "2025", "2026-01-05");
    assert_eq!(counts(&missed), (1, 0, NormOutcome::NotMet));
    assert_eq!(
        missed.shortfalls,
        vec![Shortfall::FewSuperiorVisits {
            year: 2025,
            visits: 1,
            required: 2
        }]
    );
}

#[test]
fn a_partial_year_needs_its_share_of_visits_rounded_up() {
    assert_eq!(NormCheck::superior_visits_required(2, 12), 2);
    assert_eq!(NormCheck::superior_visits_required(2, 3), 1);
    assert_eq!(NormCheck::superior_visits_required(2, 1), 1);
    assert_eq!(NormCheck::superior_visits_required(6, 3), 2);
    assert_eq!(NormCheck::superior_visits_required(6, 2), 1);
    assert_eq!(NormCheck::superior_visits_required(0, 12), 0);

    let quarter_met = judge(SUPERIOR, &[visited("2025-02-05")], "2025-Q1", "2025-04-01");
    assert_eq!(counts(&quarter_met), (1, 1, NormOutcome::Met));
    let quarter_missed = judge(
        SUPERIOR,
        &[held("2025-02-05", MeetingKind::Regular)],
        "2025-Q1",
        "2025-04-01",
    );
    assert_eq!(
        quarter_missed.shortfalls,
        vec![Shortfall::FewSuperiorVisits {
            year: 2025,
            visits: 0,
            required: 1
        }]
    );

    // November 2024 to February 2025: two months of each year, one visit
    // each needed; 2024 has it, 2025 does not.
    let across = judge(
        SUPERIOR,
        &[
            visited("2024-12-05"),
            held("2025-01-05", MeetingKind::Regular),
        ],
        "01/11/2024-28/02/2025",
        "2025-03-01",
    );
    assert_eq!(counts(&across), (2, 1, NormOutcome::NotMet));
    assert!(matches!(
        across.shortfalls[..],
        [Shortfall::FewSuperiorVisits {
            year: 2025,
            visits: 0,
            required: 1
        }]
    ));
}

#[test]
fn an_open_year_is_not_failed_before_it_ends() {
    let one = [visited("2025-03-05")];
    let open = judge(SUPERIOR, &one, "2025", "2025-06-01");
    assert_eq!(counts(&open), (0, 0, NormOutcome::NotApplicable));
    let reached = judge(
        SUPERIOR,
        &[visited("2025-03-05"), visited("2025-05-05")],
        "2025",
        "2025-06-01",
    );
    assert_eq!(counts(&reached), (1, 1, NormOutcome::Met));
    let over = judge(SUPERIOR, &one, "2025", "2026-01-01");
    assert_eq!(counts(&over), (1, 0, NormOutcome::NotMet));
}

// --- The shipped 42-HD norm set ----------------------------------------------

fn shipped() -> NormSet {
    serde_json::from_str(HD42_NORMS_JSON).expect("the 42-HD norm file parses")
}

#[test]
fn the_shipped_norm_set_loads_and_validates() {
    let set = shipped();
    assert_eq!(set.validate(), Vec::<Message>::new());
    assert_eq!(set.code, "hd42-2025-norms");
    assert_eq!(set.source, source("42-HD/BTCTW", "2025-10-28"));
    let codes: Vec<_> = set.rules.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(
        codes,
        vec![
            "regular-every-month",
            "thematic-every-quarter",
            "minimum-duration",
            "attendance",
            "no-third-consecutive-absence",
            "documents-ahead",
            "superior-attendance",
        ]
    );
    assert_eq!(set.rule("minimum-duration").unwrap().check, DURATION);
    assert_eq!(set.rule("attendance").unwrap().check, ATTENDANCE);
    assert_eq!(
        set.rule("documents-ahead").unwrap().check,
        NormCheck::DocumentsAhead { min_days: 1 }
    );
    assert_eq!(set.rule("superior-attendance").unwrap().check, SUPERIOR);
    let hd12 = source("12-HD/BTCTW", "2018-07-06");
    for code in ["attendance", "no-third-consecutive-absence"] {
        assert_eq!(set.source_of(set.rule(code).unwrap()), &hd12);
    }
    let regular = set.rule("regular-every-month").unwrap();
    assert_eq!(set.source_of(regular), &set.source);
    let superior = set.rule("superior-attendance").unwrap();
    assert!(superior.name_en.contains("set locally"));
    assert!(superior.name_vi.contains("do địa phương quy định"));
}

#[test]
fn the_shipped_norm_set_reads_back_what_it_writes() {
    let set = shipped();
    let written = serde_json::to_string(&set).unwrap();
    let read: NormSet = serde_json::from_str(&written).unwrap();
    assert_eq!(read, set);
}

#[test]
fn the_shipped_norms_judge_a_quarter() {
    let set = shipped();
    let mut meetings = vec![
        held("2026-01-07", MeetingKind::Regular),
        held("2026-02-06", MeetingKind::RegularAndThematic),
        visited("2026-03-06"),
    ];
    let good = check_norms(&set, &meetings, &period("2026-Q1"), day("2026-04-02"));
    assert_eq!(good.len(), 7);
    for result in &good {
        assert_eq!(result.outcome, NormOutcome::Met, "{}", result.rule_code);
    }
    // The combined meeting lasts 100 minutes: long enough for one meeting,
    // not for both.
    meetings[1].facts.duration_minutes = Some(100);
    let results = check_norms(&set, &meetings, &period("2026-Q1"), day("2026-04-02"));
    let failed: Vec<_> = results
        .iter()
        .filter(|r| r.outcome == NormOutcome::NotMet)
        .map(|r| r.rule_code.as_str())
        .collect();
    assert_eq!(failed, vec!["minimum-duration"]);
}

// --- Validation -------------------------------------------------------------

fn problems_of(change: impl FnOnce(&mut NormSet)) -> Vec<&'static str> {
    let mut set = shipped();
    change(&mut set);
    ids(&set.validate())
}

fn set_check(code: &str, check: NormCheck) -> impl FnOnce(&mut NormSet) {
    let code = code.to_owned();
    move |set: &mut NormSet| {
        set.rules
            .iter_mut()
            .find(|r| r.code == code)
            .expect("a shipped rule")
            .check = check;
    }
}

#[test]
fn validation_names_each_problem_of_the_set() {
    assert_eq!(
        problems_of(|set| set.code = "hd42 norms".to_owned()),
        vec!["norm-code-invalid"]
    );
    assert_eq!(
        problems_of(|set| set.version = 0),
        vec!["norm-version-zero"]
    );
    assert_eq!(
        problems_of(|set| set.name_en = " ".to_owned()),
        vec!["norm-name-missing"]
    );
    assert_eq!(
        // "Quy định" typed decomposed, as Windows keyboards often send it.
        problems_of(|set| set.name_vi = "Quy đi\u{0323}nh".to_owned()),
        vec!["norm-name-not-normalized"]
    );
    assert_eq!(
        problems_of(|set| set.source.date = None),
        vec!["norm-source-incomplete"]
    );
    assert_eq!(
        problems_of(|set| set.effective_from = day("2025-10-27")),
        vec!["norm-effective-before-source"]
    );
    assert_eq!(problems_of(|set| set.rules.clear()), vec!["norm-set-empty"]);
}

#[test]
fn validation_names_each_problem_of_a_rule() {
    assert_eq!(
        problems_of(|set| set.rules[1].code = "regular-every-month".to_owned()),
        vec!["norm-rule-duplicate"]
    );
    assert_eq!(
        problems_of(|set| set.rules[3].source = Some(SourceDocument::default())),
        vec!["norm-source-incomplete"]
    );
    assert_eq!(
        problems_of(set_check(
            "minimum-duration",
            NormCheck::MinimumDuration {
                regular_minutes: 0,
                combined_minutes: 120
            }
        )),
        vec!["norm-minutes-zero"]
    );
    assert_eq!(
        problems_of(set_check(
            "minimum-duration",
            NormCheck::MinimumDuration {
                regular_minutes: 120,
                combined_minutes: 90
            }
        )),
        vec!["norm-combined-shorter"]
    );
    let rate = |percent| NormCheck::Attendance {
        min_rate_percent: percent,
        no_unexcused: true,
    };
    assert_eq!(
        problems_of(set_check("attendance", rate(101))),
        vec!["norm-rate-too-high"]
    );
    // "Over 100%" can never be met either.
    assert_eq!(
        problems_of(set_check("attendance", rate(100))),
        vec!["norm-rate-too-high"]
    );
    assert!(problems_of(set_check("attendance", rate(99))).is_empty());
    assert_eq!(
        problems_of(set_check(
            "documents-ahead",
            NormCheck::DocumentsAhead { min_days: -1 }
        )),
        vec!["norm-days-negative"]
    );
    assert_eq!(
        problems_of(set_check(
            "superior-attendance",
            NormCheck::SuperiorAttendance { per_year: 0 }
        )),
        vec!["norm-per-year-zero"]
    );
}

#[test]
fn norm_files_with_unknown_fields_or_checks_are_refused() {
    let extra_field =
        HD42_NORMS_JSON.replace("\"min_days\": 1", "\"min_days\": 1, \"max_days\": 9");
    assert_ne!(extra_field, HD42_NORMS_JSON);
    assert!(serde_json::from_str::<NormSet>(&extra_field).is_err());
    let unknown_check = HD42_NORMS_JSON.replace("\"documents_ahead\"", "\"documents_early\"");
    assert_ne!(unknown_check, HD42_NORMS_JSON);
    assert!(serde_json::from_str::<NormSet>(&unknown_check).is_err());
}

// --- Periods ------------------------------------------------------------------

fn span(text: &str) -> (NaiveDate, NaiveDate) {
    let parsed = period(text);
    (parsed.from(), parsed.to())
}

#[test]
fn periods_parse_months_quarters_years_and_day_ranges() {
    assert_eq!(span("2025-03"), (day("2025-03-01"), day("2025-03-31")));
    assert_eq!(span("2024-02"), (day("2024-02-01"), day("2024-02-29")));
    assert_eq!(span(" 2025-3 "), (day("2025-03-01"), day("2025-03-31")));
    assert_eq!(span("2025-Q1"), (day("2025-01-01"), day("2025-03-31")));
    assert_eq!(span("2025-q4"), (day("2025-10-01"), day("2025-12-31")));
    assert_eq!(span("2025"), (day("2025-01-01"), day("2025-12-31")));
    assert_eq!(
        span("01/03/2025-31/05/2025"),
        (day("2025-03-01"), day("2025-05-31"))
    );
    assert_eq!(
        span("1/3/2025 – 31/5/2025"),
        (day("2025-03-01"), day("2025-05-31"))
    );
    assert_eq!(
        span("2025-03-01..2025-05-31"),
        (day("2025-03-01"), day("2025-05-31"))
    );
    assert_eq!(span("05/03/2025"), (day("2025-03-05"), day("2025-03-05")));
    assert_eq!(Period::month(2025, 3), Some(period("2025-03")));
    assert_eq!(Period::quarter(2025, 2), Some(period("2025-Q2")));
    assert_eq!(Period::year(2025), Some(period("2025")));
    assert_eq!(Period::month(2025, 13), None);
    assert_eq!(Period::quarter(2025, 0), None);
}

#[test]
fn periods_refuse_what_they_cannot_read() {
    for text in [
        "",
        "2025-13",
        "2025-Q5",
        "2025-Q",
        "25",
        "2025-003",
        "+2025",
        "March 2025",
        "31/02/2025-01/03/2025",
        "2025-03-01..2025-02-30",
    ] {
        let error = Period::parse(text).expect_err(text);
        assert_eq!(error.id, "norm-period-invalid", "{text}");
        assert_eq!(arg(&error, "text"), text.trim());
    }
    let reversed = Period::parse("31/05/2025-01/03/2025").unwrap_err();
    assert_eq!(reversed.id, "norm-period-reversed");
    assert_eq!(arg(&reversed, "from"), "31/05/2025");
    assert!(Period::new(day("2025-03-02"), day("2025-03-01")).is_err());
    assert!(Period::new(day("2025-03-01"), day("2025-03-01")).is_ok());
}

#[test]
fn periods_display_what_parse_reads() {
    for text in ["2025-03", "2025-Q2", "2025", "15/02/2025-15/04/2025"] {
        assert_eq!(period(text).to_string(), text);
    }
    // A range that happens to be a calendar quarter reads as the quarter.
    assert_eq!(period("01/04/2025-30/06/2025").to_string(), "2025-Q2");
}

#[test]
fn periods_split_into_calendar_units_cut_to_the_period() {
    let spring = period("15/02/2025-15/04/2025");
    let months: Vec<_> = spring.months().iter().map(|m| (m.from(), m.to())).collect();
    assert_eq!(
        months,
        vec![
            (day("2025-02-15"), day("2025-02-28")),
            (day("2025-03-01"), day("2025-03-31")),
            (day("2025-04-01"), day("2025-04-15")),
        ]
    );
    assert_eq!(spring.quarters().len(), 2);
    assert_eq!(spring.years().len(), 1);
    let new_year = period("15/12/2024-10/01/2025");
    let years: Vec<_> = new_year
        .years()
        .iter()
        .map(|y| (y.from(), y.to()))
        .collect();
    assert_eq!(
        years,
        vec![
            (day("2024-12-15"), day("2024-12-31")),
            (day("2025-01-01"), day("2025-01-10")),
        ]
    );
    assert_eq!(period("2025").months().len(), 12);
    assert!(spring.contains(day("2025-04-15")) && !spring.contains(day("2025-04-16")));
}

// --- Flags: three unexcused absences in a year ------------------------------------

#[test]
fn three_unexcused_absences_in_a_year_flag_the_member() {
    let marks = [
        mark("A", "2025-05-05", Attendance::AbsentUnexcused),
        mark("A", "2025-01-05", Attendance::AbsentUnexcused),
        mark("A", "2025-02-05", Attendance::AbsentExcused),
        mark("A", "2025-03-05", Attendance::AbsentUnexcused),
        mark("B", "2025-01-05", Attendance::AbsentUnexcused),
        mark("B", "2025-02-05", Attendance::AbsentUnexcused),
        mark("B", "2025-03-05", Attendance::OnDuty),
    ];
    let flags = three_unexcused_absences(&marks, 2025);
    assert_eq!(
        flags,
        vec![AbsenceFlag {
            member: member("A"),
            year: 2025,
            dates: vec![day("2025-01-05"), day("2025-03-05"), day("2025-05-05")],
        }]
    );
    let message = flags[0].message();
    assert_eq!(message.id, "norm-flag-three-unexcused");
    assert_eq!(arg(&message, "count"), "3");
    assert_eq!(arg(&message, "dates"), "05/01/2025, 05/03/2025, 05/05/2025");
}

#[test]
fn two_unexcused_absences_or_three_over_two_years_do_not_flag() {
    let marks = [
        mark("A", "2024-11-05", Attendance::AbsentUnexcused),
        mark("A", "2024-12-05", Attendance::AbsentUnexcused),
        mark("A", "2025-01-05", Attendance::AbsentUnexcused),
    ];
    assert_eq!(three_unexcused_absences(&marks, 2024), vec![]);
    assert_eq!(three_unexcused_absences(&marks, 2025), vec![]);
    let with_third = [
        marks[0].clone(),
        marks[1].clone(),
        mark("A", "2024-10-05", Attendance::AbsentUnexcused),
    ];
    assert_eq!(three_unexcused_absences(&with_third, 2024).len(), 1);
}

// --- Flags: third consecutive absence ------------------------------------------------

fn thirds(history: &[MemberMark], on: &str) -> Vec<MemberCode> {
    third_consecutive_absences(history, day(on))
}

#[test]
fn excused_absences_and_duty_count_towards_three_in_a_row() {
    let history = [
        mark("A", "2025-01-05", Attendance::AbsentUnexcused),
        mark("A", "2025-02-05", Attendance::AbsentExcused),
        mark("A", "2025-03-05", Attendance::OnDuty),
        mark("B", "2025-01-05", Attendance::Present),
        mark("B", "2025-02-05", Attendance::AbsentExcused),
        mark("B", "2025-03-05", Attendance::AbsentExcused),
    ];
    assert_eq!(thirds(&history, "2025-03-05"), vec![member("A")]);
    // At the February meeting A had been absent only twice.
    assert_eq!(thirds(&history[..2], "2025-02-05"), vec![]);
    // Marks after the meeting are ignored.
    assert_eq!(thirds(&history, "2025-02-05"), vec![]);
}

#[test]
fn a_present_mark_ends_the_run() {
    let history = [
        mark("A", "2025-01-05", Attendance::AbsentExcused),
        mark("A", "2025-02-05", Attendance::AbsentExcused),
        mark("A", "2025-03-05", Attendance::LateOrLeftEarly),
        mark("A", "2025-04-05", Attendance::AbsentUnexcused),
        mark("A", "2025-05-05", Attendance::AbsentUnexcused),
        mark("A", "2025-06-05", Attendance::AbsentUnexcused),
    ];
    assert_eq!(thirds(&history[..5], "2025-05-05"), vec![]);
    assert_eq!(thirds(&history, "2025-06-05"), vec![member("A")]);
}

#[test]
fn exempt_marks_neither_end_nor_extend_the_run() {
    let history = [
        mark("A", "2025-01-05", Attendance::AbsentExcused),
        mark("A", "2025-02-05", Attendance::Exempt),
        mark("A", "2025-03-05", Attendance::AbsentExcused),
        mark("A", "2025-04-05", Attendance::Exempt),
        mark("A", "2025-05-05", Attendance::AbsentExcused),
    ];
    assert_eq!(thirds(&history[..3], "2025-03-05"), vec![]);
    // Exempt at this meeting: not expected, so not absent.
    assert_eq!(thirds(&history[..4], "2025-04-05"), vec![]);
    assert_eq!(thirds(&history, "2025-05-05"), vec![member("A")]);
}

#[test]
fn runs_do_not_cross_the_new_year() {
    let history = [
        mark("A", "2024-11-05", Attendance::AbsentUnexcused),
        mark("A", "2024-12-05", Attendance::AbsentUnexcused),
        mark("A", "2025-01-05", Attendance::AbsentUnexcused),
        mark("A", "2025-02-05", Attendance::AbsentUnexcused),
        mark("A", "2025-03-05", Attendance::AbsentUnexcused),
    ];
    assert_eq!(thirds(&history[..3], "2025-01-05"), vec![]);
    assert_eq!(thirds(&history[..4], "2025-02-05"), vec![]);
    assert_eq!(thirds(&history, "2025-03-05"), vec![member("A")]);
}

#[test]
fn only_the_third_absence_is_reported_and_unmarked_members_are_not() {
    let history = [
        mark("A", "2025-01-05", Attendance::AbsentUnexcused),
        mark("A", "2025-02-05", Attendance::AbsentUnexcused),
        mark("A", "2025-03-05", Attendance::AbsentUnexcused),
        mark("A", "2025-04-05", Attendance::AbsentUnexcused),
        // B was absent three times but has no mark at the April meeting.
        mark("B", "2025-01-05", Attendance::AbsentUnexcused),
        mark("B", "2025-02-05", Attendance::AbsentUnexcused),
        mark("B", "2025-03-05", Attendance::AbsentUnexcused),
    ];
    assert_eq!(
        thirds(&history, "2025-03-05"),
        vec![member("A"), member("B")]
    );
    assert_eq!(thirds(&history, "2025-04-05"), vec![]);
}

#[test]
fn the_third_absence_feeds_the_meeting_facts_and_the_norm() {
    let history = [
        mark("A", "2025-01-05", Attendance::AbsentUnexcused),
        mark("A", "2025-02-05", Attendance::AbsentExcused),
        mark("A", "2025-03-05", Attendance::AbsentExcused),
    ];
    let third = thirds(&history, "2025-03-05");
    let meeting = held_with("2025-03-05", |f| {
        f.present = 19;
        f.members_absent_three_in_a_row = u32::try_from(third.len()).unwrap();
    });
    let result = judge(
        NormCheck::NoThirdConsecutiveAbsence,
        &[meeting],
        "2025-03",
        "2025-04-01",
    );
    assert_eq!(counts(&result), (1, 0, NormOutcome::NotMet));
}

// --- Flags: the month's regular meeting, overdue tasks ------------------------------

#[test]
fn the_month_without_a_regular_meeting_yet_is_flagged() {
    let today = day("2025-03-20");
    assert!(no_regular_meeting_this_month(&[], today));
    let not_regular = [
        held("2025-03-05", MeetingKind::Thematic),
        held("2025-03-06", MeetingKind::Extraordinary),
        held("2025-02-05", MeetingKind::Regular),
        held("2024-03-05", MeetingKind::Regular),
    ];
    assert!(no_regular_meeting_this_month(&not_regular, today));
    let combined = [held("2025-03-05", MeetingKind::RegularAndThematic)];
    assert!(!no_regular_meeting_this_month(&combined, today));
}

#[test]
fn open_tasks_past_their_deadline_are_overdue() {
    let task = |title: &str, deadline: Option<&str>, open| TaskState {
        title: title.to_owned(),
        deadline: deadline.map(day),
        open,
    };
    let tasks = [
        task("late", Some("2025-03-19"), true),
        task("due today", Some("2025-03-20"), true),
        task("done late", Some("2025-03-01"), false),
        task("no deadline", None, true),
    ];
    let overdue = overdue_tasks(&tasks, day("2025-03-20"));
    let titles: Vec<_> = overdue.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, vec!["late"]);
    let message = overdue[0].overdue_message().unwrap();
    assert_eq!(message.id, "norm-flag-task-overdue");
    assert_eq!(arg(&message, "deadline"), "19/03/2025");
    assert_eq!(tasks[3].overdue_message(), None);
}

#[test]
fn outcomes_have_message_ids() {
    let ids: Vec<_> = [
        NormOutcome::Met,
        NormOutcome::NotMet,
        NormOutcome::NotApplicable,
    ]
    .into_iter()
    .map(NormOutcome::message_id)
    .collect();
    assert_eq!(
        ids,
        vec![
            "norm-outcome-met",
            "norm-outcome-not-met",
            "norm-outcome-not-applicable"
        ]
    );
}
