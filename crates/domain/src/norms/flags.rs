//! Flags: situations a secretary or a superior committee should look at.
//! They point people at facts; none of them decides or changes anything.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::check::HeldMeeting;
use crate::meeting::Attendance;
use crate::{MemberCode, Message};

/// How a member was marked at one meeting of the cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberMark {
    pub member: MemberCode,
    pub held_on: NaiveDate,
    pub mark: Attendance,
}

impl MemberMark {
    /// Absent for the three-in-a-row rule: any mark but present (late or
    /// leaving early is present) and exempt. An excused absence or duty
    /// away still counts: the rule is about missing meetings, not about
    /// the reason.
    fn is_absence(&self) -> bool {
        !self.mark.is_present() && self.mark != Attendance::Exempt
    }
}

/// The unexcused absences in one calendar year that the Party Statute
/// takes as grounds for a cell to consider removing a member.
pub const STATUTE_UNEXCUSED_ABSENCES_PER_YEAR: usize = 3;

/// A member with at least [`STATUTE_UNEXCUSED_ABSENCES_PER_YEAR`] unexcused
/// absences in a year, with the dates of all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AbsenceFlag {
    pub member: MemberCode,
    pub year: i32,
    /// In date order.
    pub dates: Vec<NaiveDate>,
}

impl AbsenceFlag {
    pub fn message(&self) -> Message {
        let dates: Vec<String> = self
            .dates
            .iter()
            .map(|date| date.format("%d/%m/%Y").to_string())
            .collect();
        Message::new("norm-flag-three-unexcused")
            .arg("member", &self.member)
            .arg("year", self.year)
            .arg("count", self.dates.len())
            .arg("dates", dates.join(", "))
    }
}

/// Members absent without a valid reason at least three times in the
/// calendar year `year`, by member code.
///
/// The Party Statute lets a cell propose removing such a member. The
/// software flags, never acts: whether a reason was valid, and what to do,
/// is for the cell to decide, so nothing here changes a member's standing.
/// Only `AbsentUnexcused` marks count; two meetings on one day are two
/// meetings.
pub fn three_unexcused_absences(marks: &[MemberMark], year: i32) -> Vec<AbsenceFlag> {
    let mut by_member: BTreeMap<&MemberCode, Vec<NaiveDate>> = BTreeMap::new();
    for mark in marks
        .iter()
        .filter(|mark| mark.held_on.year() == year && mark.mark.is_unexcused())
    {
        by_member
            .entry(&mark.member)
            .or_default()
            .push(mark.held_on);
    }
    by_member
        .into_iter()
        .filter(|(_, dates)| dates.len() >= STATUTE_UNEXCUSED_ABSENCES_PER_YEAR)
        .map(|(member, mut dates)| {
            dates.sort_unstable();
            AbsenceFlag {
                member: member.clone(),
                year,
                dates,
            }
        })
        .collect()
}

/// The members for whom the meeting on `meeting_on` is their third
/// consecutive absence within its calendar year, by member code: what
/// `MeetingFacts::members_absent_three_in_a_row` counts.
///
/// `history` holds the cell's marks of that year up to and including
/// `meeting_on`, in any order; marks after it or in another year are
/// ignored, so a run never crosses the new year. A member's run is taken
/// over their own marks in date order:
/// - an absence (see [`MemberMark`]: excused absences count) extends it;
/// - a present mark, late or leaving early included, ends it;
/// - an exempt mark is skipped, neither ending nor extending it, because
///   an exempt member is not expected at that meeting;
/// - a meeting where the member has no mark (before joining the cell) is
///   skipped the same way.
///
/// Only the third absence is reported, not the fourth or later: the norm
/// is about the meeting at which the third absence in a row happened. When
/// a day holds two meetings, the member's marks of that day are taken in
/// the order given and the last one is the meeting's.
pub fn third_consecutive_absences(
    history: &[MemberMark],
    meeting_on: NaiveDate,
) -> Vec<MemberCode> {
    let mut by_member: BTreeMap<&MemberCode, Vec<&MemberMark>> = BTreeMap::new();
    for mark in history.iter().filter(|mark| {
        mark.held_on <= meeting_on
            && mark.held_on.year() == meeting_on.year()
            && mark.mark != Attendance::Exempt
    }) {
        by_member.entry(&mark.member).or_default().push(mark);
    }
    by_member
        .into_iter()
        .filter_map(|(member, mut marks)| {
            // Stable: marks of one day keep the order they were given in.
            marks.sort_by_key(|mark| mark.held_on);
            let last = marks.last()?;
            if last.held_on != meeting_on {
                return None;
            }
            let run = marks
                .iter()
                .rev()
                .take_while(|mark| mark.is_absence())
                .count();
            (run == 3).then(|| member.clone())
        })
        .collect()
}

/// Whether the calendar month of `today` has no regular meeting yet (a
/// regular meeting, or regular and thematic together): a reminder to the
/// secretary while the month is still open.
pub fn no_regular_meeting_this_month(meetings: &[HeldMeeting], today: NaiveDate) -> bool {
    !meetings.iter().any(|meeting| {
        meeting.held_on.year() == today.year()
            && meeting.held_on.month() == today.month()
            && meeting.facts.kind.is_regular()
    })
}

/// A task of a resolution, reduced to what the overdue flag needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskState {
    pub title: String,
    pub deadline: Option<NaiveDate>,
    /// Not yet reported done.
    pub open: bool,
}

impl TaskState {
    /// Open with a deadline before `today`; a task due today is not late
    /// yet, and one without a deadline never is.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.open && self.deadline.is_some_and(|deadline| deadline < today)
    }

    /// What to tell people about the task once it is late; `None` without
    /// a deadline, as such a task is never late.
    pub fn overdue_message(&self) -> Option<Message> {
        self.deadline.map(|deadline| {
            Message::new("norm-flag-task-overdue")
                .arg("title", &self.title)
                .date("deadline", deadline)
        })
    }
}

/// The tasks still open after their deadline, in the order given.
pub fn overdue_tasks(tasks: &[TaskState], today: NaiveDate) -> Vec<&TaskState> {
    tasks.iter().filter(|task| task.is_overdue(today)).collect()
}
