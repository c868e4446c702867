//! Shared by the rubric tests: the shipped rubric files, a perfect meeting
//! to vary one fact at a time, and full manual scores.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;

use chibo_domain::meeting::{Attendance, MeetingKind};
use chibo_domain::rubric::{
    ManualScore, MeetingFacts, Points, Rubric, RubricProblem, Scorecard, Scoring, score,
};

pub const HD12_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/reference/rubrics/hd12-2018-framework.json"
));
pub const HD42_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/reference/rubrics/hd42-2025-ward-100.json"
));

pub fn hd12() -> Rubric {
    serde_json::from_str(HD12_JSON).expect("the 12-HD framework file parses")
}

pub fn hd42() -> Rubric {
    serde_json::from_str(HD42_JSON).expect("the 42-HD ward rubric file parses")
}

/// A regular meeting that earns every formula point of both rubrics.
pub fn perfect_meeting() -> MeetingFacts {
    MeetingFacts {
        kind: MeetingKind::Regular,
        duration_minutes: Some(100),
        expected: 20,
        present: 20,
        unexcused_absences: 0,
        members_absent_three_in_a_row: 0,
        speakers: 12,
        previous_tasks_due: 10,
        previous_tasks_done_on_time: 10,
        documents_sent_days_ahead: Some(2),
        superior_attended: true,
    }
}

/// Counts a roll call the way the meeting code will: exempt members are
/// not expected, late ones are present.
pub fn with_roll_call(facts: MeetingFacts, roll: &[Attendance]) -> MeetingFacts {
    let count = |keep: fn(&Attendance) -> bool| {
        u32::try_from(roll.iter().filter(|mark| keep(mark)).count()).unwrap()
    };
    let present = count(|mark| mark.is_present());
    MeetingFacts {
        expected: count(|mark| mark.is_expected()),
        present,
        unexcused_absences: count(|mark| mark.is_unexcused()),
        speakers: facts.speakers.min(present),
        ..facts
    }
}

/// Full marks on every manual item: the maximum, or a pass.
pub fn full_marks(rubric: &Rubric) -> BTreeMap<String, ManualScore> {
    rubric
        .items()
        .filter_map(|(_, item)| {
            let given = match item.scoring {
                Scoring::Manual => ManualScore::Points(item.max_points),
                Scoring::PassFail => ManualScore::Passed(true),
                Scoring::Formula(_) => return None,
            };
            Some((item.code.clone(), given))
        })
        .collect()
}

/// `full_marks` with some scores replaced.
pub fn full_marks_but(
    rubric: &Rubric,
    changes: &[(&str, ManualScore)],
) -> BTreeMap<String, ManualScore> {
    let mut manual = full_marks(rubric);
    for (code, given) in changes {
        manual.insert((*code).to_owned(), *given);
    }
    manual
}

pub fn points(tenths: u32) -> Points {
    Points::from_tenths(tenths)
}

pub fn whole(units: u32) -> Points {
    Points::whole(units)
}

pub fn scored(rubric: &Rubric, facts: &MeetingFacts) -> Scorecard {
    score(rubric, facts, &full_marks(rubric)).expect("the meeting scores")
}

/// The points one item earned.
pub fn item_points(card: &Scorecard, code: &str) -> Points {
    card.items
        .iter()
        .find(|item| item.code == code)
        .unwrap_or_else(|| panic!("no item {code}"))
        .points
}

/// Ids of the messages of `problems`, for compact assertions.
pub fn ids(problems: &[RubricProblem]) -> Vec<&'static str> {
    problems.iter().map(|problem| problem.message.id).collect()
}
