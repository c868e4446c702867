//! The record of one cell meeting (biên bản): who came, what was said and
//! decided, which tasks were set; its checks against the cell's roster on
//! the day; and the facts a rubric scores.
//!
//! The record is what the secretary writes. Whether the cell existed on the
//! day, and who was on its roster, come from the stored tree and rosters:
//! the caller passes them in, so every rule here stays a plain function.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::follow_up::EarlierTasks;
use crate::meeting::{Attendance, MeetingKind, MeetingStatus};
use crate::meeting_model::StepRecord;
use crate::rubric::MeetingFacts;
use crate::{MemberCode, Message};

/// One member's attendance mark, with the reason given for an absence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttendanceMark {
    pub member: MemberCode,
    pub mark: Attendance,
    #[serde(default)]
    pub reason: String,
}

/// A member's contribution to the discussion: who spoke and the gist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contribution {
    pub member: MemberCode,
    pub gist: String,
}

/// The tally of the vote on the resolution, out of those present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    pub in_favour: u32,
    pub against: u32,
    pub abstaining: u32,
}

impl Vote {
    /// Saturates: a forged tally cannot overflow, and is refused anyway as
    /// more votes than members present.
    pub fn total(&self) -> u32 {
        self.in_favour
            .saturating_add(self.against)
            .saturating_add(self.abstaining)
    }
}

/// The most agenda items, contributions and tasks one meeting's minutes
/// hold. Far above any real meeting (a cell has a few dozen members), they
/// bound what a form or a file can make the server build.
pub const MAX_AGENDA_ITEMS: usize = 100;
pub const MAX_CONTRIBUTIONS: usize = 500;
pub const MAX_TASKS: usize = 200;

/// Where a task set by a meeting stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Open,
    Done,
    /// Given up by a later meeting's decision.
    Dropped,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 3] = [TaskStatus::Open, TaskStatus::Done, TaskStatus::Dropped];

    pub fn code(self) -> &'static str {
        match self {
            TaskStatus::Open => "open",
            TaskStatus::Done => "done",
            TaskStatus::Dropped => "dropped",
        }
    }

    pub fn parse(code: &str) -> Option<TaskStatus> {
        TaskStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            TaskStatus::Open => "task-status-open",
            TaskStatus::Done => "task-status-done",
            TaskStatus::Dropped => "task-status-dropped",
        }
    }
}

/// A task the meeting assigned. Open tasks are carried to the cell's next
/// meetings until one of them closes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub title: String,
    pub owner: Option<MemberCode>,
    pub deadline: Option<NaiveDate>,
    pub status: TaskStatus,
    /// When it was done or dropped.
    pub closed_on: Option<NaiveDate>,
}

/// Everything the minutes of one meeting hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingRecord {
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub planned_on: Option<NaiveDate>,
    /// The day it took place; required once held.
    pub held_on: Option<NaiveDate>,
    pub starts_at: Option<NaiveTime>,
    pub ends_at: Option<NaiveTime>,
    #[serde(default)]
    pub place: String,
    /// The topic of a thematic meeting, or the main content.
    #[serde(default)]
    pub topic: String,
    pub chair: Option<MemberCode>,
    pub recorder: Option<MemberCode>,
    /// Guests from the superior committee, as written in the minutes
    /// (names and positions); empty when none came.
    #[serde(default)]
    pub superior_attendees: String,
    /// When the documents reached the members.
    pub documents_sent_on: Option<NaiveDate>,
    #[serde(default)]
    pub attendance: Vec<AttendanceMark>,
    /// Agenda items in order.
    #[serde(default)]
    pub agenda: Vec<String>,
    /// The meeting model followed (code and version) and each step.
    pub model: Option<(String, u32)>,
    #[serde(default)]
    pub steps: Vec<StepRecord>,
    #[serde(default)]
    pub contributions: Vec<Contribution>,
    /// The conclusion or resolution adopted.
    #[serde(default)]
    pub resolution: String,
    pub vote: Option<Vote>,
    #[serde(default)]
    pub tasks: Vec<Task>,
}

/// A member on the cell's roster on the meeting day, as the checks need
/// them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterMember {
    pub code: MemberCode,
    pub exempt: bool,
}

/// A problem with one field of a record (`attendance.M001`, `ends_at`…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordProblem {
    pub field: String,
    pub message: Message,
}

impl RecordProblem {
    fn new(field: impl Into<String>, message: Message) -> RecordProblem {
        RecordProblem {
            field: field.into(),
            message,
        }
    }
}

impl MeetingRecord {
    /// An empty plan for a meeting of `kind` on `planned_on`.
    pub fn planned(kind: MeetingKind, planned_on: NaiveDate) -> MeetingRecord {
        MeetingRecord {
            kind,
            status: MeetingStatus::Planned,
            planned_on: Some(planned_on),
            held_on: None,
            starts_at: None,
            ends_at: None,
            place: String::new(),
            topic: String::new(),
            chair: None,
            recorder: None,
            superior_attendees: String::new(),
            documents_sent_on: None,
            attendance: Vec::new(),
            agenda: Vec::new(),
            model: None,
            steps: Vec::new(),
            contributions: Vec::new(),
            resolution: String::new(),
            vote: None,
            tasks: Vec::new(),
        }
    }

    /// The day the record is dated: held, or else planned.
    pub fn date(&self) -> Option<NaiveDate> {
        self.held_on.or(self.planned_on)
    }

    /// Minutes between start and end, when both are recorded.
    pub fn duration_minutes(&self) -> Option<u32> {
        let (start, end) = (self.starts_at?, self.ends_at?);
        u32::try_from((end - start).num_minutes()).ok()
    }

    pub fn mark_of(&self, member: &MemberCode) -> Option<Attendance> {
        self.attendance
            .iter()
            .find(|m| &m.member == member)
            .map(|m| m.mark)
    }

    /// Checks the record on its own and against the roster of the day.
    /// A planned meeting needs only its date; a held or approved one needs
    /// its day, times and a mark for every member on the roster.
    pub fn problems(&self, roster: &[RosterMember]) -> Vec<RecordProblem> {
        let mut problems = Vec::new();
        for (field, count, limit) in [
            ("agenda", self.agenda.len(), MAX_AGENDA_ITEMS),
            ("contributions", self.contributions.len(), MAX_CONTRIBUTIONS),
            ("tasks", self.tasks.len(), MAX_TASKS),
        ] {
            if count > limit {
                problems.push(RecordProblem::new(
                    field,
                    Message::new("meeting-err-too-many-rows").arg("limit", limit),
                ));
            }
        }
        if self.planned_on.is_none() && self.held_on.is_none() {
            problems.push(RecordProblem::new(
                "held_on",
                Message::new("meeting-err-no-date"),
            ));
        }
        if let (Some(start), Some(end)) = (self.starts_at, self.ends_at)
            && end <= start
        {
            problems.push(RecordProblem::new(
                "ends_at",
                Message::new("meeting-err-end-before-start")
                    .arg("start", start.format("%H:%M").to_string())
                    .arg("end", end.format("%H:%M").to_string()),
            ));
        }
        if let (Some(sent), Some(held)) = (self.documents_sent_on, self.held_on)
            && sent > held
        {
            problems.push(RecordProblem::new(
                "documents_sent_on",
                Message::new("meeting-err-documents-after-meeting"),
            ));
        }
        if self.status != MeetingStatus::Planned {
            problems.extend(self.held_problems(roster));
        }
        problems.extend(self.people_problems(roster));
        problems.extend(self.task_problems());
        problems.extend(self.title_problems());
        problems
    }

    /// The topic, agenda items and task titles are lines people read in
    /// lists and minutes: no control, invisible or direction character.
    fn title_problems(&self) -> Vec<RecordProblem> {
        let mut problems = Vec::new();
        let mut check = |field: String, text: &str| {
            if let Err(message) = crate::text::check_title(text) {
                problems.push(RecordProblem::new(field, message));
            }
        };
        check("topic".to_owned(), &self.topic);
        for item in &self.agenda {
            check("agenda".to_owned(), item);
        }
        for (i, task) in self.tasks.iter().enumerate() {
            check(format!("tasks.{}", i + 1), &task.title);
        }
        problems
    }

    fn held_problems(&self, roster: &[RosterMember]) -> Vec<RecordProblem> {
        let mut problems = Vec::new();
        if self.held_on.is_none() {
            problems.push(RecordProblem::new(
                "held_on",
                Message::new("meeting-err-held-on-missing"),
            ));
        }
        for (field, value) in [("starts_at", self.starts_at), ("ends_at", self.ends_at)] {
            if value.is_none() {
                problems.push(RecordProblem::new(
                    field,
                    Message::new("meeting-err-time-missing"),
                ));
            }
        }
        let marked: BTreeSet<&MemberCode> = self.attendance.iter().map(|m| &m.member).collect();
        for member in roster.iter().filter(|m| !marked.contains(&m.code)) {
            problems.push(RecordProblem::new(
                format!("attendance.{}", member.code),
                Message::new("meeting-err-attendance-missing").arg("member", member.code.as_str()),
            ));
        }
        let present = self.present_count();
        if let Some(vote) = self.vote
            && vote.total() > present
        {
            problems.push(RecordProblem::new(
                "vote",
                Message::new("meeting-err-vote-over-present")
                    .arg("votes", vote.total())
                    .arg("present", present),
            ));
        }
        problems
    }

    /// Marks, speakers, chair and recorder must be members of the cell on
    /// the day; marks once each; speakers must have been there.
    fn people_problems(&self, roster: &[RosterMember]) -> Vec<RecordProblem> {
        let mut problems = Vec::new();
        let on_roster = |code: &MemberCode| roster.iter().any(|m| &m.code == code);
        let mut seen = BTreeSet::new();
        for mark in &self.attendance {
            let field = format!("attendance.{}", mark.member);
            if !on_roster(&mark.member) {
                problems.push(RecordProblem::new(
                    field,
                    Message::new("meeting-err-not-on-roster").arg("member", mark.member.as_str()),
                ));
            } else if !seen.insert(&mark.member) {
                problems.push(RecordProblem::new(
                    field,
                    Message::new("meeting-err-marked-twice").arg("member", mark.member.as_str()),
                ));
            }
        }
        for (field, member) in [("chair", &self.chair), ("recorder", &self.recorder)] {
            if let Some(member) = member
                && !on_roster(member)
            {
                problems.push(RecordProblem::new(
                    field,
                    Message::new("meeting-err-not-on-roster").arg("member", member.as_str()),
                ));
            }
        }
        for (i, contribution) in self.contributions.iter().enumerate() {
            let field = format!("contributions.{}", i + 1);
            let member = contribution.member.as_str();
            if !on_roster(&contribution.member) {
                problems.push(RecordProblem::new(
                    field,
                    Message::new("meeting-err-not-on-roster").arg("member", member),
                ));
            } else if self.status != MeetingStatus::Planned
                && !self
                    .mark_of(&contribution.member)
                    .is_some_and(Attendance::is_present)
            {
                problems.push(RecordProblem::new(
                    field,
                    Message::new("meeting-err-speaker-absent").arg("member", member),
                ));
            }
        }
        problems
    }

    fn task_problems(&self) -> Vec<RecordProblem> {
        let mut problems = Vec::new();
        for (i, task) in self.tasks.iter().enumerate() {
            let field = format!("tasks.{}", i + 1);
            if task.title.trim().is_empty() {
                problems.push(RecordProblem::new(
                    field.clone(),
                    Message::new("meeting-err-task-title"),
                ));
            }
            match (task.status, task.closed_on) {
                (TaskStatus::Open, Some(_)) => problems.push(RecordProblem::new(
                    field,
                    Message::new("meeting-err-open-task-closed"),
                )),
                (TaskStatus::Done | TaskStatus::Dropped, None) => problems.push(
                    RecordProblem::new(field, Message::new("meeting-err-closed-task-date")),
                ),
                _ => {}
            }
        }
        problems
    }

    pub fn present_count(&self) -> u32 {
        count(self.attendance.iter().filter(|m| m.mark.is_present()))
    }

    /// The facts a rubric scores. `earlier` are the cell's earlier tasks
    /// (as they stand now), judged by the rule of [`crate::follow_up`];
    /// `third_absences` the members for whom this meeting is a third absence
    /// in a row this year.
    pub fn facts(&self, earlier: &EarlierTasks, third_absences: u32) -> MeetingFacts {
        let expected = count(self.attendance.iter().filter(|m| m.mark.is_expected()));
        let present = self.present_count();
        let speakers: BTreeSet<&MemberCode> = self
            .contributions
            .iter()
            .map(|c| &c.member)
            .filter(|member| self.mark_of(member).is_some_and(Attendance::is_present))
            .collect();
        let held_on = self.date().unwrap_or_default();
        let due = earlier.due_at(held_on);
        MeetingFacts {
            kind: self.kind,
            duration_minutes: self.duration_minutes(),
            expected,
            present,
            unexcused_absences: count(self.attendance.iter().filter(|m| m.mark.is_unexcused())),
            members_absent_three_in_a_row: third_absences,
            speakers: count(speakers.iter()),
            previous_tasks_due: count(due.iter()),
            previous_tasks_done_on_time: count(due.iter().filter(|t| t.done_on_time())),
            documents_sent_days_ahead: self
                .documents_sent_on
                .map(|sent| (held_on - sent).num_days()),
            superior_attended: !self.superior_attendees.trim().is_empty(),
        }
    }

    /// What changed between two versions, by field name, for the amendment
    /// history: the fields whose values differ.
    pub fn changed_fields(&self, other: &MeetingRecord) -> Vec<&'static str> {
        let mut fields = Vec::new();
        let mut check = |name: &'static str, same: bool| {
            if !same {
                fields.push(name);
            }
        };
        check("kind", self.kind == other.kind);
        check("held_on", self.held_on == other.held_on);
        check(
            "times",
            (self.starts_at, self.ends_at) == (other.starts_at, other.ends_at),
        );
        check("place", self.place == other.place);
        check("topic", self.topic == other.topic);
        check(
            "chair",
            (&self.chair, &self.recorder) == (&other.chair, &other.recorder),
        );
        check(
            "superior_attendees",
            self.superior_attendees == other.superior_attendees,
        );
        check(
            "documents_sent_on",
            self.documents_sent_on == other.documents_sent_on,
        );
        let marks = |r: &MeetingRecord| -> BTreeMap<MemberCode, (Attendance, String)> {
            r.attendance
                .iter()
                .map(|m| (m.member.clone(), (m.mark, m.reason.clone())))
                .collect()
        };
        check("attendance", marks(self) == marks(other));
        check(
            "agenda",
            self.agenda == other.agenda && self.steps == other.steps,
        );
        check("contributions", self.contributions == other.contributions);
        check(
            "resolution",
            self.resolution == other.resolution && self.vote == other.vote,
        );
        check("tasks", self.tasks == other.tasks);
        fields
    }
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_agenda_items_and_task_titles_refuse_hidden_characters() {
        let day = NaiveDate::from_ymd_opt(2024, 6, 3).unwrap_or_default();
        let mut record = MeetingRecord::planned(MeetingKind::Regular, day);
        record.topic = "Học tập Nghị quyết\u{202E}".to_owned();
        record.agenda = vec!["Báo cáo tháng".to_owned(), "Phương\u{200B}hướng".to_owned()];
        record.tasks.push(Task {
            title: "Thu đảng phí\u{FEFF}".to_owned(),
            owner: None,
            deadline: None,
            status: TaskStatus::Open,
            closed_on: None,
        });
        let found: Vec<(String, &str)> = record
            .problems(&[])
            .into_iter()
            .map(|p| (p.field, p.message.id))
            .collect();
        assert_eq!(
            found,
            [
                ("topic".to_owned(), "err-text-bidi"),
                ("agenda".to_owned(), "err-text-invisible"),
                ("tasks.1".to_owned(), "err-text-invisible"),
            ]
        );
        record.topic = "Học tập, quán triệt Nghị quyết Đại hội XIV".to_owned();
        record.agenda = vec!["Phương hướng tháng tới".to_owned()];
        record.tasks[0].title = "Thu đảng phí quý III".to_owned();
        assert!(record.problems(&[]).is_empty());
    }
}
