//! Properties of scoring with the shipped rubrics over random meetings and
//! random manual scores.

use crate::rubric_support;

use std::collections::BTreeMap;

use chibo_domain::meeting::MeetingKind;
use chibo_domain::rubric::{ManualScore, MeetingFacts, Points, Rubric, Scoring, score};
use proptest::prelude::*;
use rubric_support::*;

/// Raw random numbers, folded into consistent facts by `consistent_facts`.
type Raw = (
    (u32, u32, u32, u32, u32),
    (u32, u32, Option<u32>, Option<i64>, bool),
    usize,
);

fn raw() -> impl Strategy<Value = Raw> {
    (
        (
            0..60u32,
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
        ),
        (
            0..30u32,
            any::<u32>(),
            proptest::option::of(0..300u32),
            proptest::option::of(-3..10i64),
            any::<bool>(),
        ),
        0..MeetingKind::ALL.len(),
    )
}

/// Facts whose counts agree: each count folded into its allowed range.
fn consistent_facts(raw: Raw) -> MeetingFacts {
    let (
        (expected, present, unexcused, third, speakers),
        (due, done, duration, days, superior),
        kind,
    ) = raw;
    let present = present % (expected + 1);
    let absent = expected - present;
    MeetingFacts {
        kind: MeetingKind::ALL[kind],
        duration_minutes: duration,
        expected,
        present,
        unexcused_absences: unexcused % (absent + 1),
        members_absent_three_in_a_row: third % (absent + 1),
        speakers: speakers % (present + 1),
        previous_tasks_due: due,
        previous_tasks_done_on_time: done % (due + 1),
        documents_sent_days_ahead: days,
        superior_attended: superior,
    }
}

/// A manual score within range for every manual item, from random numbers.
fn manual_scores(rubric: &Rubric, random: &[u32]) -> BTreeMap<String, ManualScore> {
    rubric
        .items()
        .zip(random.iter().cycle())
        .filter_map(|((_, item), r)| {
            let given = match item.scoring {
                Scoring::Manual => {
                    ManualScore::Points(Points::from_tenths(r % (item.max_points.tenths() + 1)))
                }
                Scoring::PassFail => ManualScore::Passed(r % 2 == 0),
                Scoring::Formula(_) => return None,
            };
            Some((item.code.clone(), given))
        })
        .collect()
}

fn check_bounds(rubric: &Rubric, facts: &MeetingFacts, random: &[u32]) {
    let card = score(rubric, facts, &manual_scores(rubric, random)).unwrap();
    // Points are unsigned tenths, so a total below 0 cannot even be
    // written; what can go wrong is an item above its maximum or a total
    // that is not the sum of its parts.
    assert!(card.total >= Points::ZERO);
    assert!(
        card.total <= rubric.max_points,
        "{} > {}",
        card.total,
        rubric.max_points
    );
    for item in &card.items {
        assert!(
            item.points <= item.max,
            "{}: {} > {}",
            item.code,
            item.points,
            item.max
        );
    }
    let item_sum: u32 = card.items.iter().map(|item| item.points.tenths()).sum();
    let group_sum: u32 = card.groups.iter().map(|group| group.points.tenths()).sum();
    assert_eq!(card.total.tenths(), item_sum);
    assert_eq!(card.total.tenths(), group_sum);
    assert!(card.rating.is_some());
    assert!(card.rating <= card.rating_before_gates);
}

proptest! {
    #[test]
    fn the_ward_total_stays_within_0_and_100(
        raw in raw(),
        random in proptest::collection::vec(any::<u32>(), 1..20),
    ) {
        check_bounds(&hd42(), &consistent_facts(raw), &random);
    }

    #[test]
    fn the_framework_total_stays_within_its_maximum(
        raw in raw(),
        random in proptest::collection::vec(any::<u32>(), 1..20),
    ) {
        check_bounds(&hd12(), &consistent_facts(raw), &random);
    }

    #[test]
    fn only_contradictory_facts_are_refused(
        counts in proptest::collection::vec(0..25u32, 7),
    ) {
        let rubric = hd42();
        let facts = MeetingFacts {
            expected: counts[0],
            present: counts[1],
            unexcused_absences: counts[2],
            members_absent_three_in_a_row: counts[3],
            speakers: counts[4],
            previous_tasks_due: counts[5],
            previous_tasks_done_on_time: counts[6],
            ..perfect_meeting()
        };
        match score(&rubric, &facts, &full_marks(&rubric)) {
            Ok(card) => {
                prop_assert!(facts.problems().is_empty());
                prop_assert!(card.total <= rubric.max_points);
            }
            Err(problems) => prop_assert_eq!(problems, facts.problems()),
        }
    }
}
