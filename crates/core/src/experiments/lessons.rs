//! Lessons drawn from a pilot (rút kinh nghiệm) as use cases: the owner's
//! staff (`EditUnits` on the committee that owns the experiment) write a
//! lesson once the experiment has started, checked whole against the
//! design, the piloted model's steps, the meetings of the experiment's
//! cells and the figures its evaluation names, and stored with its audit
//! entry in one transaction; whoever reads the experiment reads its
//! lessons, with the author's name only for readers of people
//! (researchers read them without); and the next version of the model is
//! drafted from the proposed changes.
//!
//! The shipped meeting models are reference files read once, with no
//! stored drafts (`models`), and a rubric edit becomes a stored version
//! at once (`rubric_admin`): so the draft is a document of proposed
//! changes per step, not a stored version.

use std::collections::BTreeSet;

use chibo_domain::experiment::{
    Lesson, LessonContext, ModelDraft, Status, draft_model, figure_keys,
};
use chibo_domain::text::normalize;
use chibo_domain::{Message, NaiveDate, UnitCode};
pub use chibo_store::CellMeeting;
use chibo_store::{LessonWrite, StoredLesson};

use super::evaluate::Method;
use super::records::ExperimentAccess;
use crate::access::{EditUnits, Permission, ReadPeople};
use crate::audit::AuditContext;
use crate::{Clock, CoreError, Db, Problem};

/// Every method a figure may name, for the figure keys.
const METHODS: [Method; 9] = [
    Method::PairedT,
    Method::WilcoxonSignedRank,
    Method::CohensDz,
    Method::RankBiserialPaired,
    Method::DidOlsCr2,
    Method::DidOlsCr1,
    Method::WildClusterBootstrap,
    Method::StandardizedDid,
    Method::Icc21,
];

/// A step of the piloted model, as lessons name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepName {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

/// A lesson as read back: its meetings with their cells and dates, its
/// author only for readers of people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonView {
    pub id: i64,
    pub cell: Option<UnitCode>,
    pub step: Option<String>,
    pub worked: String,
    pub did_not_work: String,
    pub proposed_change: String,
    pub recorded_on: NaiveDate,
    pub author: Option<String>,
    pub meetings: Vec<CellMeeting>,
    pub figures: Vec<String>,
}

/// The lessons of one pilot cell (or the whole pilot) on one step (or
/// the meeting as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonGroup {
    pub cell: Option<UnitCode>,
    pub step: Option<StepName>,
    pub lessons: Vec<LessonView>,
}

/// An experiment's lessons and what a new one may name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonBook {
    /// By pilot cell in the design's order (the whole pilot last), then
    /// by step in the model's order (the whole meeting first).
    pub groups: Vec<LessonGroup>,
    pub pilot: Vec<UnitCode>,
    pub steps: Vec<StepName>,
    /// The meetings of the experiment's cells since the baseline began.
    pub meetings: Vec<CellMeeting>,
    pub figures: Vec<String>,
    /// Whether lessons may be written (the experiment has started).
    pub open: bool,
}

fn steps_of<P: Permission>(access: &ExperimentAccess<P>) -> Vec<StepName> {
    crate::models::by_key(&access.experiment().design.model_version)
        .map(|model| {
            model
                .steps
                .iter()
                .map(|s| StepName {
                    code: s.code.clone(),
                    name_vi: s.name_vi.clone(),
                    name_en: s.name_en.clone(),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn figures_of<P: Permission>(access: &ExperimentAccess<P>) -> BTreeSet<String> {
    let methods: Vec<&str> = METHODS.iter().map(|m| m.code()).collect();
    figure_keys(&access.experiment().design.outcomes, &methods)
}

async fn cell_meetings<P: Permission>(
    db: &Db,
    access: &ExperimentAccess<P>,
) -> Result<Vec<CellMeeting>, CoreError> {
    let experiment = access.experiment();
    Ok(db
        .store()
        .experiment_cell_meetings(experiment.id, experiment.design.baseline.from)
        .await?)
}

/// Writes a lesson on the experiment; returns its id. Every problem comes
/// back located, with nothing written.
pub async fn add_lesson(
    db: &Db,
    clock: &dyn Clock,
    access: &ExperimentAccess<EditUnits>,
    author: &AuditContext,
    lesson: &Lesson,
) -> Result<i64, CoreError> {
    let experiment = access.experiment();
    let lesson = lesson.normalized();
    let steps: Vec<String> = steps_of(access).into_iter().map(|s| s.code).collect();
    let meetings: BTreeSet<i64> = cell_meetings(db, access)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let figures = figures_of(access);
    let problems: Vec<Problem> = lesson
        .validate(&LessonContext {
            status: experiment.status,
            pilot: &experiment.design.pilot,
            steps: &steps,
            meetings: &meetings,
            figures: &figures,
        })
        .into_iter()
        .map(|p| Problem::in_field(&p.field, p.message))
        .collect();
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let entry = author.entry(
        clock,
        "create",
        "experiment_lesson",
        &experiment.id.to_string(),
        Some(&experiment.design.owner),
        None::<&Lesson>,
        Some(&lesson),
    );
    let write = LessonWrite {
        experiment: experiment.id,
        cell: lesson.cell.as_ref(),
        step: lesson.step.as_deref(),
        worked: &lesson.worked,
        did_not_work: &lesson.did_not_work,
        proposed_change: &lesson.proposed_change,
        meetings: &lesson.meetings,
        figures: &lesson.figures,
        author: &normalize(&author.actor),
        recorded_on: clock.today(),
        now: clock.now(),
    };
    let mut tx = db.store().begin_write().await?;
    let id = tx.insert_experiment_lesson(&write, &[entry]).await?;
    tx.commit().await?;
    Ok(id)
}

fn view(stored: StoredLesson, meetings: &[CellMeeting], with_author: bool) -> LessonView {
    LessonView {
        meetings: stored
            .meetings
            .iter()
            .filter_map(|id| meetings.iter().find(|m| m.id == *id).cloned())
            .collect(),
        id: stored.id,
        cell: stored.cell,
        step: stored.step,
        worked: stored.worked,
        did_not_work: stored.did_not_work,
        proposed_change: stored.proposed_change,
        recorded_on: stored.recorded_on,
        author: with_author.then_some(stored.author),
        figures: stored.figures,
    }
}

fn grouped(pilot: &[UnitCode], steps: &[StepName], lessons: Vec<LessonView>) -> Vec<LessonGroup> {
    let cell_rank = |cell: &Option<UnitCode>| {
        cell.as_ref()
            .and_then(|c| pilot.iter().position(|p| p == c))
            .unwrap_or(pilot.len())
    };
    let step_rank = |step: &Option<String>| match step {
        None => 0,
        Some(code) => steps
            .iter()
            .position(|s| &s.code == code)
            .map_or(steps.len() + 1, |i| i + 1),
    };
    let mut lessons = lessons;
    lessons.sort_by_key(|l| (cell_rank(&l.cell), step_rank(&l.step), l.id));
    let mut groups: Vec<LessonGroup> = Vec::new();
    for lesson in lessons {
        match groups.last_mut() {
            Some(group)
                if group.cell == lesson.cell
                    && group.step.as_ref().map(|s| &s.code) == lesson.step.as_ref() =>
            {
                group.lessons.push(lesson);
            }
            _ => groups.push(LessonGroup {
                cell: lesson.cell.clone(),
                step: lesson.step.as_ref().map(|code| {
                    steps
                        .iter()
                        .find(|s| &s.code == code)
                        .cloned()
                        .unwrap_or_else(|| StepName {
                            code: code.clone(),
                            name_vi: code.clone(),
                            name_en: code.clone(),
                        })
                }),
                lessons: vec![lesson],
            }),
        }
    }
    groups
}

async fn book<P: Permission>(
    db: &Db,
    access: &ExperimentAccess<P>,
    with_author: bool,
) -> Result<LessonBook, CoreError> {
    let experiment = access.experiment();
    let meetings = cell_meetings(db, access).await?;
    let steps = steps_of(access);
    let lessons: Vec<LessonView> = db
        .store()
        .experiment_lessons(experiment.id)
        .await?
        .into_iter()
        .map(|l| view(l, &meetings, with_author))
        .collect();
    Ok(LessonBook {
        groups: grouped(&experiment.design.pilot, &steps, lessons),
        pilot: experiment.design.pilot.clone(),
        steps,
        meetings,
        figures: figures_of(access).into_iter().collect(),
        open: experiment.status != Status::Draft,
    })
}

/// The lessons of an experiment for any reader of it, without the
/// authors' names.
pub async fn lessons<P: Permission>(
    db: &Db,
    access: &ExperimentAccess<P>,
) -> Result<LessonBook, CoreError> {
    book(db, access, false).await
}

/// The same with the authors' names, for readers of people.
pub async fn lessons_with_authors(
    db: &Db,
    access: &ExperimentAccess<ReadPeople>,
) -> Result<LessonBook, CoreError> {
    book(db, access, true).await
}

/// The next version of the piloted model as the lessons propose it: each
/// step with the changes proposed for it and those for the whole meeting,
/// each naming its lesson, cell, meetings and figures. A document, not a
/// stored version (see the module's note).
pub async fn draft_next_model<P: Permission>(
    db: &Db,
    access: &ExperimentAccess<P>,
) -> Result<ModelDraft, CoreError> {
    let design = &access.experiment().design;
    let model = crate::models::by_key(&design.model_version).ok_or_else(|| {
        CoreError::refused(
            Message::new("experiment-model-unknown").arg("model", &design.model_version),
        )
    })?;
    let lessons: Vec<(i64, Lesson)> = db
        .store()
        .experiment_lessons(access.experiment().id)
        .await?
        .into_iter()
        .map(|l| {
            (
                l.id,
                Lesson {
                    cell: l.cell,
                    step: l.step,
                    worked: l.worked,
                    did_not_work: l.did_not_work,
                    proposed_change: l.proposed_change,
                    meetings: l.meetings,
                    figures: l.figures,
                },
            )
        })
        .collect();
    Ok(draft_model(model, &lessons))
}
