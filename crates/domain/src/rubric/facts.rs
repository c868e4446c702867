//! The plain facts of one meeting that formulas score: counts taken from the
//! meeting record, and the rates built from them.

use serde::{Deserialize, Serialize};

use super::points::Rate;
use super::problem::{Concern, Fact, RubricProblem};
use crate::Message;
use crate::meeting::MeetingKind;

/// What a meeting record says, reduced to what the formulas need. Filled by
/// the code that reads meetings; exempt members never enter these counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingFacts {
    pub kind: MeetingKind,
    /// `None` when the minutes do not record when the meeting started and
    /// ended.
    pub duration_minutes: Option<u32>,
    /// Members on the roster minus the exempt ones.
    pub expected: u32,
    /// Members present, including those late or leaving early.
    pub present: u32,
    pub unexcused_absences: u32,
    /// Members for whom this meeting is the third consecutive absence within
    /// the calendar year.
    pub members_absent_three_in_a_row: u32,
    /// Distinct members present who spoke.
    pub speakers: u32,
    /// Tasks of the previous resolution due by this meeting.
    pub previous_tasks_due: u32,
    pub previous_tasks_done_on_time: u32,
    /// How many days before the meeting its documents reached members;
    /// `None` when they were not sent.
    pub documents_sent_days_ahead: Option<i64>,
    /// Whether the superior-committee member following the cell attended.
    pub superior_attended: bool,
}

impl MeetingFacts {
    /// Expected members who did not come.
    pub fn absent(&self) -> u32 {
        self.expected.saturating_sub(self.present)
    }

    /// Counts that contradict one another. Scoring refuses them rather than
    /// clamping, because a clamped count would hide a mistake in the record.
    pub fn problems(&self) -> Vec<RubricProblem> {
        let mut problems = Vec::new();
        if self.present > self.expected {
            problems.push(RubricProblem::new(
                Concern::Fact(Fact::Present),
                Message::new("rubric-facts-present-over-expected")
                    .arg("present", self.present)
                    .arg("expected", self.expected),
            ));
        }
        if self.unexcused_absences > self.absent() {
            problems.push(RubricProblem::new(
                Concern::Fact(Fact::UnexcusedAbsences),
                Message::new("rubric-facts-unexcused-over-absent")
                    .arg("unexcused", self.unexcused_absences)
                    .arg("absent", self.absent()),
            ));
        }
        if self.members_absent_three_in_a_row > self.absent() {
            problems.push(RubricProblem::new(
                Concern::Fact(Fact::MembersAbsentThreeInARow),
                Message::new("rubric-facts-third-absence-over-absent")
                    .arg("members", self.members_absent_three_in_a_row)
                    .arg("absent", self.absent()),
            ));
        }
        if self.speakers > self.present {
            problems.push(RubricProblem::new(
                Concern::Fact(Fact::Speakers),
                Message::new("rubric-facts-speakers-over-present")
                    .arg("speakers", self.speakers)
                    .arg("present", self.present),
            ));
        }
        if self.previous_tasks_done_on_time > self.previous_tasks_due {
            problems.push(RubricProblem::new(
                Concern::Fact(Fact::PreviousTasksDoneOnTime),
                Message::new("rubric-facts-tasks-done-over-due")
                    .arg("done", self.previous_tasks_done_on_time)
                    .arg("due", self.previous_tasks_due),
            ));
        }
        problems
    }

    /// Present of expected. Nobody expected (every member exempt) counts as
    /// full attendance: no one who had to come stayed away.
    pub fn attendance_rate(&self) -> Rate {
        Rate::of(self.present, self.expected).unwrap_or(Rate::FULL)
    }

    /// Speakers of those present. Nobody present counts as nobody speaking.
    pub fn speaking_rate(&self) -> Rate {
        Rate::of(self.speakers, self.present).unwrap_or(Rate::NONE)
    }

    /// Previous tasks done on time of those due. No task due counts as all
    /// done: the cell cannot be behind on tasks it did not have.
    pub fn previous_tasks_rate(&self) -> Rate {
        Rate::of(self.previous_tasks_done_on_time, self.previous_tasks_due).unwrap_or(Rate::FULL)
    }
}
