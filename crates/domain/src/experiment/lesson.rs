//! Lessons drawn from a pilot (rút kinh nghiệm): a structured note on one
//! pilot cell, one step of the piloted model, or both — what worked, what
//! did not, the change proposed — resting on meetings of the experiment's
//! cells and on named figures of its evaluation. `validate` reports every
//! problem at once, located by field:
//!
//! - the experiment has started (a draft has nothing to learn from yet);
//! - at least one of the three texts is written, each at most
//!   `MAX_LESSON_TEXT` characters without hidden characters;
//! - the cell, when named, is a pilot cell of the design; the step, when
//!   named, a step of the piloted model;
//! - each meeting is one of the experiment's cells' meetings and each
//!   figure one the evaluation names, at most `MAX_LESSON_LINKS` each.
//!
//! `draft_model` gathers the proposed changes into the next version of
//! the model as a document of proposals, step by step: the shipped models
//! are reference files, so a new version is written from it, not stored.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::ExperimentProblem;
use super::design::{Outcome, Status};
use crate::meeting_model::MeetingModel;
use crate::text::{check_title, normalize};
use crate::{Message, UnitCode};

pub const MAX_LESSON_TEXT: usize = 4_000;
pub const MAX_LESSON_LINKS: usize = 50;

/// A lesson as written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Lesson {
    /// A pilot cell; none for a lesson of the whole pilot.
    pub cell: Option<UnitCode>,
    /// A step of the piloted model (its code); none for the meeting as a
    /// whole.
    pub step: Option<String>,
    pub worked: String,
    pub did_not_work: String,
    pub proposed_change: String,
    /// Meetings (ids) of the experiment's cells it rests on.
    pub meetings: Vec<i64>,
    /// Figures (keys, see `figure_keys`) it rests on.
    pub figures: Vec<String>,
}

/// What a lesson is checked against, from the stored experiment.
#[derive(Debug, Clone, Copy)]
pub struct LessonContext<'a> {
    pub status: Status,
    pub pilot: &'a [UnitCode],
    /// The piloted model's step codes.
    pub steps: &'a [String],
    /// The meetings of the experiment's cells.
    pub meetings: &'a BTreeSet<i64>,
    pub figures: &'a BTreeSet<String>,
}

/// The keys of the figures a lesson may rest on: `OUTCOME.METHOD` for
/// each outcome of the design and each method code given, and
/// `fidelity` for the fidelity table.
pub fn figure_keys(outcomes: &[Outcome], methods: &[&str]) -> BTreeSet<String> {
    let mut keys: BTreeSet<String> = outcomes
        .iter()
        .flat_map(|o| methods.iter().map(move |m| format!("{}.{m}", o.code())))
        .collect();
    keys.insert("fidelity".to_owned());
    keys
}

impl Lesson {
    /// The lesson with its texts normalized, its links trimmed, sorted
    /// and without repeats.
    pub fn normalized(&self) -> Lesson {
        let mut meetings = self.meetings.clone();
        meetings.sort_unstable();
        meetings.dedup();
        let mut figures: Vec<String> = self
            .figures
            .iter()
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty())
            .collect();
        figures.sort();
        figures.dedup();
        Lesson {
            cell: self.cell.clone(),
            step: self
                .step
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
            worked: normalize(&self.worked),
            did_not_work: normalize(&self.did_not_work),
            proposed_change: normalize(&self.proposed_change),
            meetings,
            figures,
        }
    }

    /// Every problem of the (normalized) lesson in `context`.
    pub fn validate(&self, context: &LessonContext<'_>) -> Vec<ExperimentProblem> {
        let mut problems = Vec::new();
        if context.status == Status::Draft {
            problems.push(ExperimentProblem::new(
                "experiment",
                Message::new("lesson-not-started"),
            ));
        }
        let texts = [
            ("worked", &self.worked),
            ("did_not_work", &self.did_not_work),
            ("proposed_change", &self.proposed_change),
        ];
        if texts.iter().all(|(_, t)| t.trim().is_empty()) {
            problems.push(ExperimentProblem::new(
                "worked",
                Message::new("lesson-text-empty"),
            ));
        }
        for (field, text) in texts {
            if text.chars().count() > MAX_LESSON_TEXT {
                problems.push(ExperimentProblem::new(
                    field,
                    Message::new("lesson-text-too-long").arg("max", MAX_LESSON_TEXT),
                ));
            }
            if let Err(message) = check_title(text) {
                problems.push(ExperimentProblem::new(field, message));
            }
        }
        if let Some(cell) = &self.cell
            && !context.pilot.contains(cell)
        {
            problems.push(ExperimentProblem::new(
                "cell",
                Message::new("lesson-cell-not-pilot").arg("cell", cell),
            ));
        }
        if let Some(step) = &self.step
            && !context.steps.contains(step)
        {
            problems.push(ExperimentProblem::new(
                "step",
                Message::new("lesson-step-unknown").arg("step", step),
            ));
        }
        if self.meetings.len() > MAX_LESSON_LINKS {
            problems.push(ExperimentProblem::new(
                "meetings",
                Message::new("lesson-too-many-links").arg("max", MAX_LESSON_LINKS),
            ));
        }
        for (i, meeting) in self.meetings.iter().enumerate() {
            if !context.meetings.contains(meeting) {
                problems.push(ExperimentProblem::new(
                    format!("meetings.{i}"),
                    Message::new("lesson-meeting-outside").arg("meeting", meeting),
                ));
            }
        }
        if self.figures.len() > MAX_LESSON_LINKS {
            problems.push(ExperimentProblem::new(
                "figures",
                Message::new("lesson-too-many-links").arg("max", MAX_LESSON_LINKS),
            ));
        }
        for (i, figure) in self.figures.iter().enumerate() {
            if !context.figures.contains(figure) {
                problems.push(ExperimentProblem::new(
                    format!("figures.{i}"),
                    Message::new("lesson-figure-unknown").arg("figure", figure),
                ));
            }
        }
        problems
    }
}

/// A proposed change as the draft lists it, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedChange {
    pub lesson: i64,
    pub cell: Option<UnitCode>,
    pub text: String,
    pub meetings: Vec<i64>,
    pub figures: Vec<String>,
}

/// One step of the model with the changes proposed for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepDraft {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub suggested_minutes: u32,
    pub required: bool,
    pub changes: Vec<ProposedChange>,
}

/// The next version of a model as proposed by the lessons: every step of
/// the current version in order with its proposed changes, and those
/// proposed for the meeting as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelDraft {
    pub code: String,
    pub base_version: u32,
    pub proposed_version: u32,
    pub name_vi: String,
    pub name_en: String,
    pub steps: Vec<StepDraft>,
    pub whole_meeting: Vec<ProposedChange>,
}

impl ModelDraft {
    /// How many changes are proposed in all.
    pub fn change_count(&self) -> usize {
        self.whole_meeting.len() + self.steps.iter().map(|s| s.changes.len()).sum::<usize>()
    }
}

/// The draft of `model`'s next version from `lessons` (id, lesson): each
/// lesson proposing a change joins its step (or the whole meeting), in
/// the order of the lessons' ids.
pub fn draft_model(model: &MeetingModel, lessons: &[(i64, Lesson)]) -> ModelDraft {
    let mut by_step: BTreeMap<&str, Vec<ProposedChange>> = BTreeMap::new();
    let mut whole_meeting = Vec::new();
    let mut ordered: Vec<&(i64, Lesson)> = lessons.iter().collect();
    ordered.sort_by_key(|(id, _)| *id);
    for (id, lesson) in ordered {
        if lesson.proposed_change.trim().is_empty() {
            continue;
        }
        let change = ProposedChange {
            lesson: *id,
            cell: lesson.cell.clone(),
            text: lesson.proposed_change.clone(),
            meetings: lesson.meetings.clone(),
            figures: lesson.figures.clone(),
        };
        match lesson.step.as_deref().filter(|s| model.step(s).is_some()) {
            Some(step) => by_step.entry(step).or_default().push(change),
            None => whole_meeting.push(change),
        }
    }
    ModelDraft {
        code: model.code.clone(),
        base_version: model.version,
        proposed_version: model.version + 1,
        name_vi: model.name_vi.clone(),
        name_en: model.name_en.clone(),
        steps: model
            .steps
            .iter()
            .map(|step| StepDraft {
                code: step.code.clone(),
                name_vi: step.name_vi.clone(),
                name_en: step.name_en.clone(),
                suggested_minutes: step.suggested_minutes,
                required: step.required,
                changes: by_step.remove(step.code.as_str()).unwrap_or_default(),
            })
            .collect(),
        whole_meeting,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(code: &str) -> UnitCode {
        UnitCode::parse(code).unwrap()
    }

    fn lesson() -> Lesson {
        Lesson {
            cell: Some(u("CT.P1")),
            step: Some("discussion".to_owned()),
            worked: "Nhiều đảng viên phát biểu".to_owned(),
            did_not_work: String::new(),
            proposed_change: "Dành 30 phút cho thảo luận".to_owned(),
            meetings: vec![3, 1, 3],
            figures: vec![" spoke_share.did-cr2 ".to_owned()],
        }
    }

    fn check(lesson: &Lesson, status: Status) -> Vec<(String, &'static str)> {
        let pilot = [u("CT.P1")];
        let steps = ["open".to_owned(), "discussion".to_owned()];
        let meetings = BTreeSet::from([1, 3]);
        let figures = figure_keys(&[Outcome::SpokeShare], &["did-cr2"]);
        lesson
            .normalized()
            .validate(&LessonContext {
                status,
                pilot: &pilot,
                steps: &steps,
                meetings: &meetings,
                figures: &figures,
            })
            .into_iter()
            .map(|p| (p.field, p.message.id))
            .collect()
    }

    #[test]
    fn a_lesson_of_a_running_pilot_on_its_meetings_and_figures_is_valid() {
        assert_eq!(check(&lesson(), Status::Running), Vec::new());
        assert_eq!(check(&lesson(), Status::Ended), Vec::new());
        let normalized = lesson().normalized();
        assert_eq!(normalized.meetings, [1, 3]);
        assert_eq!(normalized.figures, ["spoke_share.did-cr2"]);
    }

    #[test]
    fn every_problem_is_located() {
        let bad = Lesson {
            cell: Some(u("CT.OTHER")),
            step: Some("dance".to_owned()),
            worked: "  ".to_owned(),
            did_not_work: String::new(),
            proposed_change: String::new(),
            meetings: vec![1, 9],
            figures: vec!["length.did-cr2".to_owned()],
        };
        assert_eq!(
            check(&bad, Status::Draft),
            [
                ("experiment".to_owned(), "lesson-not-started"),
                ("worked".to_owned(), "lesson-text-empty"),
                ("cell".to_owned(), "lesson-cell-not-pilot"),
                ("step".to_owned(), "lesson-step-unknown"),
                ("meetings.1".to_owned(), "lesson-meeting-outside"),
                ("figures.0".to_owned(), "lesson-figure-unknown"),
            ]
        );
        let long = Lesson {
            did_not_work: "x".repeat(MAX_LESSON_TEXT + 1),
            ..lesson()
        };
        assert_eq!(
            check(&long, Status::Running),
            [("did_not_work".to_owned(), "lesson-text-too-long")]
        );
    }

    #[test]
    fn figure_keys_name_each_outcome_by_method_and_the_fidelity_table() {
        let keys = figure_keys(&[Outcome::Attendance, Outcome::Length], &["paired-t"]);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        assert_eq!(keys, ["attendance.paired-t", "fidelity", "length.paired-t"]);
    }
}
