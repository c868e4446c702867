//! The meeting form as flat fields: a stored record becomes field values
//! for the page, and submitted values become a record, with a problem per
//! field that does not read. One representation serves the first display
//! and the redisplay after an error, so nothing typed is lost.
//!
//! Field names: `kind`, `status`, `planned_on`, `held_on`, `starts_at`,
//! `ends_at`, `place`, `topic`, `chair`, `recorder`, `superior_attendees`,
//! `documents_sent_on`, `agenda` (one item per line), `resolution`,
//! `vote_for`, `vote_against`, `vote_abstain`; per member `att.CODE` and
//! `reason.CODE`; per contribution row `speaker.N` and `gist.N`; per task
//! row `task.N.title|owner|deadline|status|closed_on`; per task carried
//! from earlier meetings `carried.ID.status|closed_on`; the model followed
//! `model` (`code@version`) and per step of it `step.CODE.done|minutes`.

use std::collections::HashMap;

use chibo_core::Problem;
use chibo_core::meetings::MeetingSubmission;
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_model::StepRecord;
use chibo_domain::meeting_record::{
    AttendanceMark, Contribution, MeetingRecord, Task, TaskStatus, Vote,
};
use chibo_domain::{MemberCode, Message, NaiveDate};
use chibo_store::TaskUpdate;
use chrono::NaiveTime;

pub type Fields = HashMap<String, String>;

/// Empty rows offered below the filled ones.
pub const SPARE_ROWS: usize = 4;

fn date_text(date: Option<NaiveDate>) -> String {
    date.map(chibo_i18n::format_date).unwrap_or_default()
}

fn time_text(time: Option<NaiveTime>) -> String {
    time.map(|t| t.format("%H:%M").to_string())
        .unwrap_or_default()
}

fn code_text(code: &Option<MemberCode>) -> String {
    code.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// The field values showing `record`.
pub fn fields_of(record: &MeetingRecord) -> Fields {
    let mut fields = Fields::new();
    let mut set = |name: String, value: String| {
        fields.insert(name, value);
    };
    set("kind".into(), record.kind.code().into());
    set("status".into(), record.status.code().into());
    set("planned_on".into(), date_text(record.planned_on));
    set("held_on".into(), date_text(record.held_on));
    set("starts_at".into(), time_text(record.starts_at));
    set("ends_at".into(), time_text(record.ends_at));
    set("place".into(), record.place.clone());
    set("topic".into(), record.topic.clone());
    set("chair".into(), code_text(&record.chair));
    set("recorder".into(), code_text(&record.recorder));
    set(
        "superior_attendees".into(),
        record.superior_attendees.clone(),
    );
    set(
        "documents_sent_on".into(),
        date_text(record.documents_sent_on),
    );
    set("agenda".into(), record.agenda.join("\n"));
    set("resolution".into(), record.resolution.clone());
    if let Some(vote) = record.vote {
        set("vote_for".into(), vote.in_favour.to_string());
        set("vote_against".into(), vote.against.to_string());
        set("vote_abstain".into(), vote.abstaining.to_string());
    }
    for mark in &record.attendance {
        set(format!("att.{}", mark.member), mark.mark.code().into());
        set(format!("reason.{}", mark.member), mark.reason.clone());
    }
    for (i, contribution) in record.contributions.iter().enumerate() {
        set(
            format!("speaker.{}", i + 1),
            contribution.member.to_string(),
        );
        set(format!("gist.{}", i + 1), contribution.gist.clone());
    }
    if let Some((code, version)) = &record.model {
        set("model".into(), format!("{code}@{version}"));
    }
    for step in &record.steps {
        if step.done {
            set(format!("step.{}.done", step.step), "1".into());
        }
        if let Some(minutes) = step.minutes {
            set(format!("step.{}.minutes", step.step), minutes.to_string());
        }
    }
    for (i, task) in record.tasks.iter().enumerate() {
        let n = i + 1;
        set(format!("task.{n}.title"), task.title.clone());
        set(format!("task.{n}.owner"), code_text(&task.owner));
        set(format!("task.{n}.deadline"), date_text(task.deadline));
        set(format!("task.{n}.status"), task.status.code().into());
        set(format!("task.{n}.closed_on"), date_text(task.closed_on));
    }
    fields
}

/// Reads submitted values. `roster` are the members whose marks the form
/// showed; `carried` the ids of the open tasks it offered to close.
pub struct FormReader<'a> {
    fields: &'a Fields,
    problems: Vec<Problem>,
}

impl<'a> FormReader<'a> {
    pub fn new(fields: &'a Fields) -> Self {
        FormReader {
            fields,
            problems: Vec::new(),
        }
    }

    fn raw(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |v| v.trim())
    }

    fn text(&self, name: &str) -> String {
        self.raw(name).to_owned()
    }

    fn problem(&mut self, field: &str, message: Message) {
        self.problems.push(Problem::in_field(field, message));
    }

    fn date(&mut self, name: &str) -> Option<NaiveDate> {
        let raw = self.raw(name).to_owned();
        if raw.is_empty() {
            return None;
        }
        let parsed = chibo_core::values::parse_date(&raw);
        if parsed.is_none() {
            self.problem(name, Message::new("err-date").arg("value", &raw));
        }
        parsed
    }

    fn time(&mut self, name: &str) -> Option<NaiveTime> {
        let raw = self.raw(name).to_owned();
        if raw.is_empty() {
            return None;
        }
        let parsed = NaiveTime::parse_from_str(&raw, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(&raw, "%Hh%M"))
            .ok();
        if parsed.is_none() {
            self.problem(
                name,
                Message::new("web-meeting-err-time").arg("value", &raw),
            );
        }
        parsed
    }

    fn count(&mut self, name: &str) -> Option<u32> {
        let raw = self.raw(name).to_owned();
        if raw.is_empty() {
            return None;
        }
        let parsed = raw.parse::<u32>().ok();
        if parsed.is_none() {
            self.problem(
                name,
                Message::new("web-meeting-err-count").arg("value", &raw),
            );
        }
        parsed
    }

    fn member(&mut self, name: &str) -> Option<MemberCode> {
        let raw = self.raw(name).to_owned();
        if raw.is_empty() {
            return None;
        }
        match MemberCode::parse(&raw) {
            Ok(code) => Some(code),
            Err(_) => {
                self.problem(
                    name,
                    Message::new("web-meeting-err-member").arg("value", &raw),
                );
                None
            }
        }
    }

    fn task_status(&mut self, name: &str) -> TaskStatus {
        let raw = self.raw(name).to_owned();
        TaskStatus::parse(&raw).unwrap_or_else(|| {
            if !raw.is_empty() {
                self.problem(name, Message::new("web-error-form"));
            }
            TaskStatus::Open
        })
    }

    /// The record and task follow-up, or every field that did not read.
    pub fn submission(
        mut self,
        roster: &[MemberCode],
        carried: &[i64],
    ) -> Result<MeetingSubmission, Vec<Problem>> {
        let kind = MeetingKind::parse(self.raw("kind")).unwrap_or_else(|| {
            self.problem("kind", Message::new("web-error-form"));
            MeetingKind::Regular
        });
        let status = match self.raw("status") {
            "held" => MeetingStatus::Held,
            "approved" => MeetingStatus::Approved,
            _ => MeetingStatus::Planned,
        };
        let planned_on = self.date("planned_on");
        let held_on = self.date("held_on");
        let mut record = MeetingRecord::planned(kind, planned_on.unwrap_or_default());
        record.planned_on = planned_on;
        record.status = status;
        record.held_on = held_on;
        record.starts_at = self.time("starts_at");
        record.ends_at = self.time("ends_at");
        record.place = self.text("place");
        record.topic = self.text("topic");
        record.chair = self.member("chair");
        record.recorder = self.member("recorder");
        record.superior_attendees = self.text("superior_attendees");
        record.documents_sent_on = self.date("documents_sent_on");
        record.agenda = self
            .raw("agenda")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        record.resolution = self.text("resolution");
        let votes = [
            self.count("vote_for"),
            self.count("vote_against"),
            self.count("vote_abstain"),
        ];
        if votes.iter().any(Option::is_some) {
            record.vote = Some(Vote {
                in_favour: votes[0].unwrap_or(0),
                against: votes[1].unwrap_or(0),
                abstaining: votes[2].unwrap_or(0),
            });
        }
        for member in roster {
            let raw = self.raw(&format!("att.{member}")).to_owned();
            if raw.is_empty() {
                continue;
            }
            match Attendance::parse(&raw) {
                Some(mark) => record.attendance.push(AttendanceMark {
                    member: member.clone(),
                    mark,
                    reason: self.text(&format!("reason.{member}")),
                }),
                None => self.problem(
                    &format!("attendance.{member}"),
                    Message::new("web-error-form"),
                ),
            }
        }
        for n in 1..=self.rows("speaker.") {
            let gist = self.text(&format!("gist.{n}"));
            if let Some(member) = self.member(&format!("speaker.{n}")) {
                record.contributions.push(Contribution { member, gist });
            } else if !gist.is_empty() {
                self.problem(
                    &format!("speaker.{n}"),
                    Message::new("web-meeting-err-speaker"),
                );
            }
        }
        for n in 1..=self.rows("task.") {
            let title = self.text(&format!("task.{n}.title"));
            if title.is_empty() {
                continue;
            }
            let task = Task {
                title,
                owner: self.member(&format!("task.{n}.owner")),
                deadline: self.date(&format!("task.{n}.deadline")),
                status: self.task_status(&format!("task.{n}.status")),
                closed_on: self.date(&format!("task.{n}.closed_on")),
            };
            record.tasks.push(task);
        }
        self.read_steps(&mut record);
        let mut updates = Vec::new();
        for id in carried {
            let status = self.task_status(&format!("carried.{id}.status"));
            let closed_on = self.date(&format!("carried.{id}.closed_on"));
            if status != TaskStatus::Open || closed_on.is_some() {
                updates.push(TaskUpdate {
                    task_id: *id,
                    status,
                    closed_on,
                });
            }
        }
        if self.problems.is_empty() {
            Ok(MeetingSubmission {
                record,
                carried: updates,
            })
        } else {
            Err(self.problems)
        }
    }

    /// The model chosen and, for each of its steps, whether it was done
    /// and how long it took. Steps are read by the chosen model's codes, so
    /// switching the model starts its steps afresh.
    fn read_steps(&mut self, record: &mut MeetingRecord) {
        let key = self.raw("model").to_owned();
        if key.is_empty() {
            return;
        }
        let Some(model) = chibo_core::models::by_key(&key) else {
            self.problem(
                "model",
                Message::new("meeting-err-model-unknown").arg("model", &key),
            );
            return;
        };
        record.model = Some((model.code.clone(), model.version));
        for step in &model.steps {
            let done = !self.raw(&format!("step.{}.done", step.code)).is_empty();
            let minutes = self.count(&format!("step.{}.minutes", step.code));
            record.steps.push(StepRecord {
                step: step.code.clone(),
                done,
                minutes,
            });
        }
    }

    /// The highest row number submitted under `prefix` (`speaker.3` → 3).
    fn rows(&self, prefix: &str) -> usize {
        self.fields
            .keys()
            .filter_map(|k| k.strip_prefix(prefix))
            .filter_map(|rest| rest.split('.').next()?.parse::<usize>().ok())
            .max()
            .unwrap_or(0)
    }
}

/// How many contribution and task rows the form shows for these values.
pub fn row_count(fields: &Fields, prefix: &str) -> usize {
    FormReader::new(fields).rows(prefix) + SPARE_ROWS
}
