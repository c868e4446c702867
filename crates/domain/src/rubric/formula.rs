//! Items graded from the facts of a meeting rather than by a person: the
//! formulas, their parameters (data, never constants), and the checks that
//! keep those parameters sane.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::facts::MeetingFacts;
use super::points::{Percent, Points, Rate};
use crate::Message;
use crate::meeting::MeetingKind;

/// One step of a graded rate: a rate that reaches `from_percent` earns
/// `points`. Steps are listed from the highest bound down and the first one
/// reached applies, so "≥ 90 → 4, 75–<90 → 3" is `[(90, 4), (75, 3), …]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    pub from_percent: Percent,
    /// A rate equal to the bound does not reach it: "over 50%" rather than
    /// "at least 50%".
    #[serde(default, skip_serializing_if = "is_false")]
    pub exclusive: bool,
    pub points: Points,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Threshold {
    pub fn at_least(percent: u32, points: u32) -> Self {
        Self {
            from_percent: Percent::whole(percent),
            exclusive: false,
            points: Points::whole(points),
        }
    }

    pub fn over(percent: u32, points: u32) -> Self {
        Self {
            exclusive: true,
            ..Self::at_least(percent, points)
        }
    }

    fn is_reached_by(&self, rate: Rate) -> bool {
        match rate.cmp_percent(self.from_percent) {
            Ordering::Greater => true,
            Ordering::Equal => !self.exclusive,
            Ordering::Less => false,
        }
    }

    /// Position on the scale: "over 50" sits just above "at least 50".
    fn rank(&self) -> u64 {
        u64::from(self.from_percent.tenths()) * 2 + u64::from(self.exclusive)
    }

    fn is_floor(&self) -> bool {
        self.from_percent == Percent::ZERO && !self.exclusive
    }
}

/// Points for `rate`: those of the first threshold it reaches. A valid list
/// ends with a threshold at 0% that every rate reaches.
fn points_for_rate(thresholds: &[Threshold], rate: Rate) -> Points {
    thresholds
        .iter()
        .find(|threshold| threshold.is_reached_by(rate))
        .map_or(Points::ZERO, |threshold| threshold.points)
}

/// A minimum meeting length for one kind of meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindMinutes {
    pub kind: MeetingKind,
    pub minutes: u32,
}

/// How a formula item is graded. Every item earns between 0 and its maximum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Formula {
    /// Full marks when the meeting lasted at least the norm for its kind,
    /// none otherwise or when the minutes do not record its length.
    Duration {
        minimum_minutes: u32,
        /// Kinds with another norm (regular and thematic together: 120).
        #[serde(default)]
        minimum_minutes_by_kind: Vec<KindMinutes>,
    },
    /// Thresholds on present of expected (exempt members are not expected),
    /// lowered to a cap when anyone is absent without a reason or for the
    /// third time in a row, plus a bonus when nobody is.
    Attendance {
        thresholds: Vec<Threshold>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cap_if_unexcused_absence: Option<Points>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cap_if_third_absence: Option<Points>,
        #[serde(default)]
        bonus_if_no_third_absence: Points,
    },
    /// Thresholds on the share of members present who spoke (0% when nobody
    /// is present).
    Speakers { thresholds: Vec<Threshold> },
    /// Thresholds on the share of the previous resolution's tasks done on
    /// time (100% when no task was due).
    PreviousTasks { thresholds: Vec<Threshold> },
    /// Full marks when documents reached members at least `min_days` before
    /// the meeting, none otherwise or when they were not sent.
    DocumentsAhead { min_days: i64 },
    /// Full marks when the superior-committee member following the cell
    /// attended.
    SuperiorAttended,
}

impl Formula {
    /// Points earned by a meeting on an item worth `max`. Assumes a valid
    /// rubric, so thresholds, caps and bonus never exceed `max`.
    pub fn points(&self, max: Points, facts: &MeetingFacts) -> Points {
        let full_or_none = |met: bool| if met { max } else { Points::ZERO };
        match self {
            Formula::Duration {
                minimum_minutes,
                minimum_minutes_by_kind,
            } => {
                let norm = duration_norm(facts.kind, *minimum_minutes, minimum_minutes_by_kind);
                full_or_none(
                    facts
                        .duration_minutes
                        .is_some_and(|minutes| minutes >= norm),
                )
            }
            Formula::Attendance {
                thresholds,
                cap_if_unexcused_absence,
                cap_if_third_absence,
                bonus_if_no_third_absence,
            } => {
                let mut points = points_for_rate(thresholds, facts.attendance_rate());
                if facts.unexcused_absences > 0 {
                    points = capped(points, *cap_if_unexcused_absence);
                }
                if facts.members_absent_three_in_a_row > 0 {
                    capped(points, *cap_if_third_absence)
                } else {
                    points.saturating_add(*bonus_if_no_third_absence)
                }
            }
            Formula::Speakers { thresholds } => points_for_rate(thresholds, facts.speaking_rate()),
            Formula::PreviousTasks { thresholds } => {
                points_for_rate(thresholds, facts.previous_tasks_rate())
            }
            Formula::DocumentsAhead { min_days } => full_or_none(
                facts
                    .documents_sent_days_ahead
                    .is_some_and(|days| days >= *min_days),
            ),
            Formula::SuperiorAttended => full_or_none(facts.superior_attended),
        }
    }

    /// What is wrong with the parameters of a formula on an item worth
    /// `max`; `item` is the item's code, for the messages.
    pub fn problems(&self, item: &str, max: Points) -> Vec<Message> {
        match self {
            Formula::Duration {
                minimum_minutes,
                minimum_minutes_by_kind,
            } => duration_problems(item, *minimum_minutes, minimum_minutes_by_kind),
            Formula::Attendance {
                thresholds,
                cap_if_unexcused_absence,
                cap_if_third_absence,
                bonus_if_no_third_absence,
            } => {
                let mut problems = threshold_problems(item, thresholds, max);
                let best = thresholds.first().map_or(Points::ZERO, |t| t.points);
                let extremes = [
                    Some(best.saturating_add(*bonus_if_no_third_absence)),
                    *cap_if_unexcused_absence,
                    *cap_if_third_absence,
                ];
                if let Some(points) = extremes.into_iter().flatten().find(|p| *p > max) {
                    problems.push(
                        Message::new("rubric-attendance-over-max")
                            .arg("item", item)
                            .arg("points", points)
                            .arg("max", max),
                    );
                }
                problems
            }
            Formula::Speakers { thresholds } | Formula::PreviousTasks { thresholds } => {
                threshold_problems(item, thresholds, max)
            }
            Formula::DocumentsAhead { min_days } if *min_days < 0 => vec![
                Message::new("rubric-documents-days")
                    .arg("item", item)
                    .arg("days", min_days),
            ],
            Formula::DocumentsAhead { .. } | Formula::SuperiorAttended => Vec::new(),
        }
    }
}

/// The minimum length of a meeting of `kind`: its own norm if listed,
/// otherwise the general one.
fn duration_norm(kind: MeetingKind, minimum: u32, by_kind: &[KindMinutes]) -> u32 {
    by_kind
        .iter()
        .find(|norm| norm.kind == kind)
        .map_or(minimum, |norm| norm.minutes)
}

fn capped(points: Points, cap: Option<Points>) -> Points {
    cap.map_or(points, |cap| points.min(cap))
}

fn duration_problems(item: &str, minimum: u32, by_kind: &[KindMinutes]) -> Vec<Message> {
    let kinds_repeat = by_kind
        .iter()
        .enumerate()
        .any(|(i, norm)| by_kind[..i].iter().any(|earlier| earlier.kind == norm.kind));
    let some_zero = minimum == 0 || by_kind.iter().any(|norm| norm.minutes == 0);
    if some_zero || kinds_repeat {
        vec![Message::new("rubric-duration-minutes").arg("item", item)]
    } else {
        Vec::new()
    }
}

fn threshold_problems(item: &str, thresholds: &[Threshold], max: Points) -> Vec<Message> {
    let mut problems = Vec::new();
    if let Some(threshold) = thresholds
        .iter()
        .find(|t| t.from_percent > Percent::whole(100))
    {
        problems.push(
            Message::new("rubric-threshold-over-100")
                .arg("item", item)
                .arg("percent", threshold.from_percent),
        );
    }
    if let Some(threshold) = thresholds.iter().find(|t| t.points > max) {
        problems.push(
            Message::new("rubric-threshold-over-max")
                .arg("item", item)
                .arg("points", threshold.points)
                .arg("max", max),
        );
    }
    // Bounds fall strictly and points never rise as the rate falls: a
    // better rate must never earn less.
    let ordered = thresholds
        .windows(2)
        .all(|pair| pair[0].rank() > pair[1].rank() && pair[0].points >= pair[1].points);
    if !ordered {
        problems.push(Message::new("rubric-thresholds-unordered").arg("item", item));
    }
    if !thresholds.last().is_some_and(Threshold::is_floor) {
        problems.push(Message::new("rubric-thresholds-no-floor").arg("item", item));
    }
    problems
}
