//! The meeting form as flat fields: a stored record becomes field values
//! for the page, and submitted values become a record, with a problem per
//! field that does not read. It lives in core, beside the use case it
//! feeds, so that this parser of outside input can be fuzzed on its own. One representation serves the first display
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

use crate::Problem;
use crate::meetings::MeetingSubmission;
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_model::StepRecord;
use chibo_domain::meeting_record::{
    AttendanceMark, Contribution, MAX_AGENDA_ITEMS, MAX_CONTRIBUTIONS, MAX_TASKS, MeetingRecord,
    Task, TaskStatus, Vote,
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
        let parsed = crate::values::parse_date(&raw);
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
            .take(MAX_AGENDA_ITEMS + 1)
            .map(str::to_owned)
            .collect();
        if record.agenda.len() > MAX_AGENDA_ITEMS {
            record.agenda.truncate(MAX_AGENDA_ITEMS);
            self.problem("agenda", too_many_rows(MAX_AGENDA_ITEMS));
        }
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
        for n in self.row_numbers("speaker.", MAX_CONTRIBUTIONS) {
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
        for n in self.row_numbers("task.", MAX_TASKS) {
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
        let Some(model) = crate::models::by_key(&key) else {
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

    /// The row numbers submitted under `prefix` (`speaker.3` → 3), in
    /// order. Only the rows present are visited, so a forged index such as
    /// `task.1000000000000000.title` costs nothing; a row past `limit` is a
    /// problem on that field.
    fn row_numbers(&mut self, prefix: &str, limit: usize) -> Vec<usize> {
        let (numbers, beyond) = row_numbers(self.fields, prefix, limit);
        if let Some(field) = beyond {
            self.problem(&field, too_many_rows(limit));
        }
        numbers
    }
}

fn too_many_rows(limit: usize) -> Message {
    Message::new("meeting-err-too-many-rows").arg("limit", limit)
}

/// The distinct row numbers under `prefix` up to `limit`, ascending, and the
/// first field found beyond it.
fn row_numbers(fields: &Fields, prefix: &str, limit: usize) -> (Vec<usize>, Option<String>) {
    let mut numbers = std::collections::BTreeSet::new();
    let mut beyond = None;
    for (key, rest) in fields
        .keys()
        .filter_map(|k| Some((k, k.strip_prefix(prefix)?)))
    {
        let index = rest.split('.').next().unwrap_or_default();
        match index.parse::<usize>() {
            Ok(n @ 1..) if n <= limit => {
                numbers.insert(n);
            }
            Ok(0) | Err(_) => {}
            Ok(_) => {
                beyond.get_or_insert_with(|| key.clone());
            }
        }
    }
    (numbers.into_iter().collect(), beyond)
}

/// The directives ticked on the agenda (`directive.ID` fields with a
/// value), in id order; a field whose id is not a number is refused there.
pub fn taught_directives(fields: &Fields) -> Result<Vec<i64>, Vec<Problem>> {
    let mut ids = Vec::new();
    let mut problems = Vec::new();
    for (name, value) in fields {
        let Some(id) = name.strip_prefix("directive.") else {
            continue;
        };
        if value.trim().is_empty() {
            continue;
        }
        match id.parse::<i64>() {
            Ok(id) => ids.push(id),
            Err(_) => problems.push(Problem::in_field(
                name,
                Message::new("directive-agenda-unknown"),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// How many contribution and task rows the form shows for these values:
/// up to the highest row submitted (within the limit), and a few spare.
pub fn row_count(fields: &Fields, prefix: &str) -> usize {
    let limit = if prefix == "task." {
        MAX_TASKS
    } else {
        MAX_CONTRIBUTIONS
    };
    let (numbers, _) = row_numbers(fields, prefix, limit);
    numbers.last().copied().unwrap_or(0) + SPARE_ROWS
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn roster() -> Vec<MemberCode> {
        ["DV01", "DV02"]
            .iter()
            .map(|c| MemberCode::parse(c).unwrap())
            .collect()
    }

    #[test]
    fn a_forged_row_index_is_refused_on_its_field_without_visiting_the_rows_before() {
        let form = fields(&[
            ("kind", "regular"),
            ("planned_on", "05/03/2026"),
            ("task.1.title", "Hoàn thành báo cáo"),
            ("task.1000000000000000.title", "x"),
            ("speaker.18446744073709551616", "DV01"),
        ]);
        let problems = FormReader::new(&form)
            .submission(&roster(), &[])
            .unwrap_err();
        let fields: Vec<_> = problems.iter().filter_map(|p| p.field.as_deref()).collect();
        assert_eq!(fields, ["task.1000000000000000.title"]);
        assert_eq!(problems[0].message.id, "meeting-err-too-many-rows");
        // The form shown again offers the rows within the limit only.
        assert_eq!(row_count(&form, "task."), 1 + SPARE_ROWS);
        assert_eq!(row_count(&form, "speaker."), SPARE_ROWS);
    }

    #[test]
    fn ticked_directives_are_read_by_id_and_a_forged_name_is_refused_there() {
        let form = fields(&[
            ("directive.12", "1"),
            ("directive.3", "1"),
            ("directive.7", ""),
            ("agenda", "Quán triệt"),
        ]);
        assert_eq!(taught_directives(&form).unwrap(), [3, 12]);
        let forged = fields(&[("directive.12", "1"), ("directive.x1", "1")]);
        let problems = taught_directives(&forged).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field.as_deref(), Some("directive.x1"));
        assert_eq!(problems[0].message.id, "directive-agenda-unknown");
    }

    #[test]
    fn rows_are_read_in_order_with_gaps_skipped() {
        let form = fields(&[
            ("kind", "regular"),
            ("planned_on", "05/03/2026"),
            ("task.7.title", "Bảy"),
            ("task.2.title", "Hai"),
            ("task.02.title", "Hai lần nữa"),
        ]);
        let submission = FormReader::new(&form).submission(&roster(), &[]).unwrap();
        let titles: Vec<_> = submission
            .record
            .tasks
            .iter()
            .map(|t| t.title.as_str())
            .collect();
        assert_eq!(titles, ["Hai", "Bảy"]);
    }

    #[test]
    fn more_agenda_lines_than_minutes_hold_are_refused() {
        let agenda = (0..=MAX_AGENDA_ITEMS)
            .map(|i| format!("Mục {i}\n"))
            .collect::<String>();
        let form = fields(&[
            ("kind", "regular"),
            ("planned_on", "05/03/2026"),
            ("agenda", &agenda),
        ]);
        let problems = FormReader::new(&form)
            .submission(&roster(), &[])
            .unwrap_err();
        assert_eq!(problems[0].field.as_deref(), Some("agenda"));
    }

    #[test]
    fn a_forged_vote_tally_cannot_overflow() {
        let form = fields(&[
            ("kind", "regular"),
            ("planned_on", "05/03/2026"),
            ("vote_for", "4294967295"),
            ("vote_against", "4294967295"),
        ]);
        let submission = FormReader::new(&form).submission(&roster(), &[]).unwrap();
        assert_eq!(submission.record.vote.unwrap().total(), u32::MAX);
    }

    fn field_name() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("kind".to_owned()),
            Just("status".to_owned()),
            Just("planned_on".to_owned()),
            Just("held_on".to_owned()),
            Just("starts_at".to_owned()),
            Just("agenda".to_owned()),
            Just("vote_for".to_owned()),
            Just("model".to_owned()),
            "(att|reason)\\.DV0[0-9]",
            "(speaker|gist)\\.[0-9]{1,25}",
            "task\\.[0-9]{1,25}\\.(title|owner|deadline|status|closed_on)",
            "carried\\.[0-9]{1,3}\\.(status|closed_on)",
            "step\\.[a-z_]{1,12}\\.(done|minutes)",
            ".{0,20}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Any submitted form reads into a record or located problems, and
        /// the record never holds more than the minutes may.
        #[test]
        fn any_form_reads_within_bounds(
            pairs in prop::collection::vec((field_name(), ".{0,40}"), 0..40)
        ) {
            let form: Fields = pairs.into_iter().collect();
            let shown = row_count(&form, "task.");
            prop_assert!(shown <= MAX_TASKS + SPARE_ROWS);
            match FormReader::new(&form).submission(&roster(), &[1, 2]) {
                Ok(submission) => {
                    let record = submission.record;
                    prop_assert!(record.tasks.len() <= MAX_TASKS);
                    prop_assert!(record.contributions.len() <= MAX_CONTRIBUTIONS);
                    prop_assert!(record.agenda.len() <= MAX_AGENDA_ITEMS);
                    prop_assert!(record.attendance.len() <= 2);
                }
                Err(problems) => prop_assert!(problems.iter().all(|p| p.field.is_some())),
            }
        }
    }
}
