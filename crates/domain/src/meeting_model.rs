//! Meeting models (mô hình): versioned templates of steps and a preparation checklist.
//!
//! A model is what a cell follows when it prepares and holds a meeting: the
//! ordered steps of the agenda, each with guidance and a suggested length,
//! and what must be done how many days before. Like rubrics, models are
//! data with a version and a source document (the shipped ones live in
//! `crates/core/reference/models/`), because the guidance changes and
//! cells and pilots adapt it. A meeting record keeps one [`StepRecord`] per
//! step; [`MeetingModel::check_steps`] says what is wrong with them.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use unicode_normalization::is_nfc;

use crate::meeting::MeetingKind;
use crate::org::SourceDocument;
use crate::text::normalize;
use crate::{Message, UnitCode};

/// A versioned template of a meeting's agenda and preparation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingModel {
    pub code: String,
    /// Versions of one code replace one another; a meeting record keeps the
    /// version it was held with, so old records still read against their
    /// own steps.
    pub version: u32,
    pub name_vi: String,
    pub name_en: String,
    /// The guidance the model follows, by number *and* date, when there is one
    /// (a pilot's own model may have none).
    #[serde(default)]
    pub source: Option<SourceDocument>,
    pub effective_from: NaiveDate,
    /// The kinds of meeting the model is meant for, offered first when a
    /// meeting of that kind is planned.
    pub kinds: Vec<MeetingKind>,
    /// In the order they are held.
    pub steps: Vec<ModelStep>,
    /// What must be ready before the meeting. May be empty (an
    /// extraordinary meeting may be called the same day).
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
}

/// One step of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelStep {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// How to carry the step out, for the chair and the recorder.
    #[serde(default)]
    pub guidance_vi: String,
    #[serde(default)]
    pub guidance_en: String,
    /// A planning figure for the agenda, not a rule: the minimum length of a
    /// meeting is judged by the rubric, from the minutes.
    pub suggested_minutes: u32,
    /// Optional steps happen only when there is something to do (a guest
    /// from the superior committee, an admission to decide).
    pub required: bool,
}

/// One thing to do before the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// How many days before the meeting it must be done; 0 is the day itself.
    pub days_before: u32,
}

/// What a meeting record stores for one step of its model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    /// The code of the step in the model.
    pub step: String,
    pub done: bool,
    /// How long the step took, when the recorder noted it.
    #[serde(default)]
    pub minutes: Option<u32>,
}

/// Something wrong with the step records of a meeting, and the step it
/// concerns (the code as recorded, so that a form can mark the row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepProblem {
    pub step: String,
    pub message: Message,
}

impl StepProblem {
    fn new(step: &str, id: &'static str) -> Self {
        Self {
            step: step.to_owned(),
            message: Message::new(id).arg("step", step),
        }
    }
}

impl MeetingModel {
    /// Every problem of the model at once, so that an edited file can be
    /// corrected in one pass. Empty means the model can be used.
    pub fn validate(&self) -> Vec<Message> {
        let mut problems = Vec::new();
        if self.code.trim().is_empty() {
            problems.push(Message::new("model-code-empty"));
        } else {
            problems.extend(code_problem(&self.code));
        }
        problems.extend(names_problem(&self.code, &self.name_vi, &self.name_en));
        // Version 0 would sort before the first real version and could never
        // be told apart from "no version" in a record.
        if self.version == 0 {
            problems.push(Message::new("model-version-zero").arg("model", &self.code));
        }
        if self.kinds.is_empty() {
            problems.push(Message::new("model-kinds-empty").arg("model", &self.code));
        }
        if self.steps.is_empty() {
            problems.push(Message::new("model-steps-empty").arg("model", &self.code));
        }
        problems.extend(self.step_problems());
        problems.extend(self.checklist_problems());
        problems
    }

    /// Step codes are what meeting records point at: each must be valid and
    /// name one step only.
    fn step_problems(&self) -> Vec<Message> {
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        for (index, step) in self.steps.iter().enumerate() {
            if step.code.trim().is_empty() {
                problems.push(Message::new("model-step-code-empty").arg("position", index + 1));
                continue;
            }
            problems.extend(code_problem(&step.code));
            if !seen.insert(step.code.as_str()) {
                problems.push(Message::new("model-step-code-duplicate").arg("code", &step.code));
            }
            problems.extend(names_problem(&step.code, &step.name_vi, &step.name_en));
            // Guidance is a paragraph: spacing is the author's, but it must
            // be NFC to search and compare like every other text.
            if !(is_nfc(&step.guidance_vi) && is_nfc(&step.guidance_en)) {
                problems.push(Message::new("model-name-not-normalized").arg("code", &step.code));
            }
        }
        problems
    }

    /// Checklist codes are a namespace of their own: a checklist item and a
    /// step may share a code (e.g. "agenda") without confusion.
    fn checklist_problems(&self) -> Vec<Message> {
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        for (index, item) in self.checklist.iter().enumerate() {
            if item.code.trim().is_empty() {
                problems
                    .push(Message::new("model-checklist-code-empty").arg("position", index + 1));
                continue;
            }
            problems.extend(code_problem(&item.code));
            if !seen.insert(item.code.as_str()) {
                problems
                    .push(Message::new("model-checklist-code-duplicate").arg("code", &item.code));
            }
            problems.extend(names_problem(&item.code, &item.name_vi, &item.name_en));
        }
        problems
    }

    /// The step with this code.
    pub fn step(&self, code: &str) -> Option<&ModelStep> {
        self.steps.iter().find(|step| step.code == code)
    }

    /// Whether the model is meant for meetings of this kind.
    pub fn is_for(&self, kind: MeetingKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// The length of the agenda when every step, optional ones included, is
    /// held. Saturates rather than wraps on absurd data.
    pub fn suggested_total_minutes(&self) -> u32 {
        self.steps.iter().fold(0u32, |total, step| {
            total.saturating_add(step.suggested_minutes)
        })
    }

    /// Every step, not done and without minutes, in model order: what a new
    /// meeting form starts from.
    pub fn blank_record(&self) -> Vec<StepRecord> {
        self.steps
            .iter()
            .map(|step| StepRecord {
                step: step.code.clone(),
                done: false,
                minutes: None,
            })
            .collect()
    }

    /// What is wrong with a meeting's step records: problems of single
    /// records first, in record order (unknown step, step recorded again,
    /// minutes for a step not done), then required steps missing or not
    /// done, in model order. Empty means the record is complete.
    ///
    /// A step recorded twice is reported once; it counts as done if any of
    /// its records says so, so that the duplicate is the only complaint.
    pub fn check_steps(&self, records: &[StepRecord]) -> Vec<StepProblem> {
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        let mut repeated = BTreeSet::new();
        for record in records {
            if self.step(&record.step).is_none() {
                let mut problem = StepProblem::new(&record.step, "model-step-unknown");
                problem.message = problem.message.arg("model", &self.code);
                problems.push(problem);
                continue;
            }
            if !seen.insert(record.step.as_str()) && repeated.insert(record.step.as_str()) {
                problems.push(StepProblem::new(&record.step, "model-step-repeated"));
            }
            if !record.done && record.minutes.is_some() {
                problems.push(StepProblem::new(
                    &record.step,
                    "model-step-minutes-not-done",
                ));
            }
        }
        for step in self.steps.iter().filter(|step| step.required) {
            let mut recorded = records.iter().filter(|record| record.step == step.code);
            let id = match recorded.next() {
                None => "model-step-required-missing",
                Some(first) if !(first.done || recorded.any(|record| record.done)) => {
                    "model-step-required-not-done"
                }
                Some(_) => continue,
            };
            problems.push(StepProblem::new(&step.code, id));
        }
        problems
    }

    /// Each checklist item with the date it is due, `days_before` the
    /// meeting, in checklist order. A date that would fall before the
    /// calendar's start is clamped to it rather than panicking.
    pub fn checklist_due(&self, meeting_on: NaiveDate) -> Vec<(&ChecklistItem, NaiveDate)> {
        self.checklist
            .iter()
            .map(|item| {
                let due = meeting_on
                    .checked_sub_days(Days::new(u64::from(item.days_before)))
                    .unwrap_or(NaiveDate::MIN);
                (item, due)
            })
            .collect()
    }
}

/// Codes follow the rules of every other code in chibo (see `codes.rs`),
/// written without surrounding spaces.
fn code_problem(code: &str) -> Option<Message> {
    let valid = UnitCode::parse(code).is_ok_and(|parsed| parsed.as_str() == code);
    (!valid).then(|| Message::new("model-code-invalid").arg("code", code))
}

/// Both names are required and stored normalized (NFC, single spaces), as
/// every name in chibo is, so that they compare and sort reliably.
fn names_problem(code: &str, name_vi: &str, name_en: &str) -> Option<Message> {
    if name_vi.trim().is_empty() || name_en.trim().is_empty() {
        return Some(Message::new("model-name-missing").arg("code", code));
    }
    let normalized = normalize(name_vi) == name_vi && normalize(name_en) == name_en;
    (!normalized).then(|| Message::new("model-name-not-normalized").arg("code", code))
}
