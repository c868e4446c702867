//! `/experiments/{id}/lessons`: the lessons drawn from a pilot (rút kinh
//! nghiệm), grouped by pilot cell and step of the model, each with links
//! to the meetings and the figures it rests on; the proposed next version
//! of the model drafted from them; and, for the owner's staff once the
//! experiment has started, a form to add one. Readers of people see who
//! wrote each lesson; researchers read them without names.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chibo_core::CoreError;
use chibo_core::access::{EditUnits, ReadAggregates, ReadPeople};
use chibo_core::audit::AuditContext;
use chibo_core::experiments::lessons::CellMeeting;
use chibo_core::experiments::{
    LessonBook, StepName, add_lesson, draft_next_model, experiment_access, lessons,
    lessons_with_authors,
};
use chibo_domain::experiment::{Lesson, ModelDraft};
use chibo_domain::{NaiveDate, UnitCode};
use chibo_i18n::Lang;

use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::{Crumb, Layout};
use crate::pages::render;
use crate::pages::surveys::fields::SignedFields;
use crate::session::Signed;

/// A meeting as a lesson links it.
struct MeetingLink {
    id: i64,
    label: String,
    checked: bool,
}

struct LessonLine {
    id: i64,
    worked: String,
    did_not_work: String,
    proposed_change: String,
    recorded_on: String,
    author: Option<String>,
    meetings: Vec<MeetingLink>,
    figures: Vec<String>,
}

struct GroupLines {
    cell: String,
    step: String,
    lessons: Vec<LessonLine>,
}

struct DraftStep {
    name: String,
    code: String,
    minutes: u32,
    changes: Vec<(i64, String, String)>,
}

/// What the form was given, shown again beside its problems.
#[derive(Default)]
struct Entered {
    cell: String,
    step: String,
    worked: String,
    did_not_work: String,
    proposed_change: String,
    meetings: Vec<i64>,
    figures: Vec<String>,
}

#[derive(Template)]
#[template(path = "experiment_lessons.html")]
struct LessonsPage {
    layout: Layout,
    id: i64,
    groups: Vec<GroupLines>,
    may_write: bool,
    open: bool,
    /// Each with whether the form had it chosen.
    pilot: Vec<(String, bool)>,
    steps: Vec<(String, String, bool)>,
    meetings: Vec<MeetingLink>,
    figures: Vec<(String, bool)>,
    entered: Entered,
    errors: Vec<(String, String)>,
    draft_version: String,
    draft_whole: Vec<(i64, String, String)>,
    draft_steps: Vec<DraftStep>,
    draft_count: usize,
}

impl LessonsPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field || f.starts_with(&format!("{field}.")))
            .map(|(_, m)| m.as_str())
    }
}

fn step_name(step: &StepName, lang: Lang) -> String {
    if lang == Lang::Vi {
        step.name_vi.clone()
    } else {
        step.name_en.clone()
    }
}

fn day(date: NaiveDate) -> String {
    chibo_i18n::format_date(date)
}

fn meeting_link(meeting: &CellMeeting) -> MeetingLink {
    MeetingLink {
        id: meeting.id,
        label: format!("{} — {}", meeting.cell, day(meeting.meeting_on)),
        checked: false,
    }
}

fn draft_lines(
    draft: &ModelDraft,
    lang: Lang,
) -> (String, Vec<(i64, String, String)>, Vec<DraftStep>) {
    let change = |c: &chibo_domain::experiment::ProposedChange| {
        (
            c.lesson,
            c.cell.as_ref().map(ToString::to_string).unwrap_or_default(),
            c.text.clone(),
        )
    };
    let steps = draft
        .steps
        .iter()
        .filter(|s| !s.changes.is_empty())
        .map(|s| DraftStep {
            name: if lang == Lang::Vi {
                s.name_vi.clone()
            } else {
                s.name_en.clone()
            },
            code: s.code.clone(),
            minutes: s.suggested_minutes,
            changes: s.changes.iter().map(change).collect(),
        })
        .collect();
    (
        format!("{}@{}", draft.code, draft.proposed_version),
        draft.whole_meeting.iter().map(change).collect(),
        steps,
    )
}

/// The page's content from the book the reader may read.
async fn page(
    state: &AppState,
    signed: &Signed,
    raw_id: &str,
    entered: Entered,
    errors: Vec<(String, String)>,
) -> Result<LessonsPage, PageError> {
    let lang = signed.lang;
    let id: i64 = raw_id.parse().map_err(|_| PageError::not_found(lang))?;
    let today = state.clock.today();
    let db = &state.db;
    let read = experiment_access::<ReadAggregates>(db, &signed.actor, id, today)
        .await
        .in_lang(lang)?;
    let book: LessonBook = match experiment_access::<ReadPeople>(db, &signed.actor, id, today).await
    {
        Ok(people) => lessons_with_authors(db, &people).await.in_lang(lang)?,
        Err(_) => lessons(db, &read).await.in_lang(lang)?,
    };
    let may_write = experiment_access::<EditUnits>(db, &signed.actor, id, today)
        .await
        .is_ok();
    let draft = draft_next_model(db, &read).await.in_lang(lang)?;
    let (draft_version, draft_whole, draft_steps) = draft_lines(&draft, lang);
    let whole_pilot = chibo_i18n::text(lang, "lessons-whole-pilot");
    let whole_meeting = chibo_i18n::text(lang, "lessons-whole-meeting");
    let groups = book
        .groups
        .iter()
        .map(|g| GroupLines {
            cell: g
                .cell
                .as_ref()
                .map_or_else(|| whole_pilot.clone(), ToString::to_string),
            step: g
                .step
                .as_ref()
                .map_or_else(|| whole_meeting.clone(), |s| step_name(s, lang)),
            lessons: g
                .lessons
                .iter()
                .map(|l| LessonLine {
                    id: l.id,
                    worked: l.worked.clone(),
                    did_not_work: l.did_not_work.clone(),
                    proposed_change: l.proposed_change.clone(),
                    recorded_on: day(l.recorded_on),
                    author: l.author.clone(),
                    meetings: l.meetings.iter().map(meeting_link).collect(),
                    figures: l.figures.clone(),
                })
                .collect(),
        })
        .collect();
    let experiment = read.experiment();
    let here = format!("/experiments/{id}/lessons");
    let mut layout = Layout::signed(state, signed, "lessons-title", &here).await;
    layout.crumbs.push(Crumb {
        href: "/experiments".to_owned(),
        label: chibo_i18n::text(lang, "lessons-experiments"),
    });
    layout.crumbs.push(Crumb {
        href: format!("/experiments/{id}"),
        label: experiment.design.name.clone(),
    });
    Ok(LessonsPage {
        layout,
        id,
        groups,
        may_write,
        open: book.open,
        pilot: book
            .pilot
            .iter()
            .map(|c| (c.to_string(), c.as_str() == entered.cell.trim()))
            .collect(),
        steps: book
            .steps
            .iter()
            .map(|s| (s.code.clone(), step_name(s, lang), s.code == entered.step))
            .collect(),
        meetings: book
            .meetings
            .iter()
            .map(|m| MeetingLink {
                checked: entered.meetings.contains(&m.id),
                ..meeting_link(m)
            })
            .collect(),
        figures: book
            .figures
            .iter()
            .map(|f| (f.clone(), entered.figures.contains(f)))
            .collect(),
        entered,
        errors,
        draft_count: draft.change_count(),
        draft_version,
        draft_whole,
        draft_steps,
    })
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<String>,
) -> PageResult {
    let content = page(&state, &signed, &id, Entered::default(), Vec::new()).await?;
    Ok(render(&content))
}

fn entered(fields: Vec<(String, String)>) -> (Entered, Vec<(String, String)>) {
    let mut entered = Entered::default();
    let mut unreadable = Vec::new();
    for (name, value) in fields {
        match name.as_str() {
            "cell" => entered.cell = value,
            "step" => entered.step = value,
            "worked" => entered.worked = value,
            "did_not_work" => entered.did_not_work = value,
            "proposed_change" => entered.proposed_change = value,
            "meeting" => match value.trim().parse::<i64>() {
                Ok(id) => entered.meetings.push(id),
                Err(_) => unreadable.push(("meetings".to_owned(), value)),
            },
            "figure" => entered.figures.push(value),
            _ => {}
        }
    }
    (entered, unreadable)
}

pub async fn add(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedFields { signed, fields }: SignedFields,
) -> Result<Response, PageError> {
    let lang = signed.lang;
    let number: i64 = id.parse().map_err(|_| PageError::not_found(lang))?;
    let access =
        experiment_access::<EditUnits>(&state.db, &signed.actor, number, state.clock.today())
            .await
            .in_lang(lang)?;
    let (form, unreadable) = entered(fields);
    let cell = match form.cell.trim() {
        "" => Ok(None),
        raw => UnitCode::parse(raw).map(Some),
    };
    let result = match (cell, unreadable.is_empty()) {
        (Ok(cell), true) => {
            let lesson = Lesson {
                cell,
                step: Some(form.step.clone()).filter(|s| !s.trim().is_empty()),
                worked: form.worked.clone(),
                did_not_work: form.did_not_work.clone(),
                proposed_change: form.proposed_change.clone(),
                meetings: form.meetings.clone(),
                figures: form.figures.clone(),
            };
            let author = AuditContext::of(&signed.actor);
            add_lesson(&state.db, state.clock.as_ref(), &access, &author, &lesson).await
        }
        (Err(_), _) => Err(CoreError::invalid(chibo_core::Problem::in_field(
            "cell",
            chibo_domain::Message::new("lesson-cell-not-pilot").arg("cell", form.cell.trim()),
        ))),
        (Ok(_), false) => Err(CoreError::invalid(chibo_core::Problem::in_field(
            "meetings",
            chibo_domain::Message::new("lesson-meeting-outside")
                .arg("meeting", unreadable[0].1.trim()),
        ))),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/experiments/{number}/lessons")).into_response()),
        Err(CoreError::Invalid(problems)) => {
            let errors = problems
                .iter()
                .map(|p| {
                    (
                        p.field.clone().unwrap_or_default(),
                        chibo_i18n::render(lang, &p.message),
                    )
                })
                .collect();
            let content = page(&state, &signed, &id, form, errors).await?;
            let mut response = render(&content);
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(PageError::from_core(other, lang)),
    }
}
