//! `/projects/{id}/progress/new`: the team's progress report for a period,
//! each content item's share done entered beside the share its planned
//! months call for by the period's end. Problems come back beside their
//! fields with everything typed kept, and nothing is written.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use chibo_core::audit::AuditContext;
use chibo_core::research::{EditProject, ProjectAccess, add_progress_report};
use chibo_core::{CoreError, Problem};
use chibo_domain::Message;
use chibo_domain::research::{ProgressReport, ProgressRow, YearMonth};

use super::forms::{Values, answer, date, value};
use crate::AppState;
use crate::error::PageResult;
use crate::form::problem_at;
use crate::layout::Layout;
use crate::pages::render;
use crate::session::{Signed, SignedForm};

struct Row {
    index: usize,
    code: String,
    title: String,
    months: String,
    planned: String,
    actual: String,
    note: String,
}

#[derive(Template)]
#[template(path = "project_progress.html")]
struct ProgressForm {
    layout: Layout,
    action: String,
    period_end: String,
    submitted_on: String,
    note: String,
    rows: Vec<Row>,
    problems: Vec<(String, String)>,
}

impl ProgressForm {
    fn problem(&self, field: &str) -> Option<&str> {
        problem_at(&self.problems, field)
    }

    fn row_problem(&self, index: &usize, name: &str) -> Option<&str> {
        problem_at(&self.problems, &format!("rows.{index}.{name}"))
    }
}

fn form_page(
    layout: Layout,
    access: &ProjectAccess<EditProject>,
    values: &Values,
    problems: Vec<(String, String)>,
) -> ProgressForm {
    let project = access.project();
    let period = chibo_core::values::parse_date(&value(values, "period_end"))
        .or_else(|| value(values, "period_end").parse().ok());
    ProgressForm {
        layout,
        action: format!("/projects/{}/progress/new", access.id()),
        period_end: value(values, "period_end"),
        submitted_on: value(values, "submitted_on"),
        note: value(values, "note"),
        rows: project
            .contents
            .iter()
            .enumerate()
            .map(|(index, c)| Row {
                index,
                code: c.code.clone(),
                title: c.title.clone(),
                months: format!("{} – {}", c.planned_from, c.planned_to),
                planned: period.map_or_else(String::new, |d| {
                    format!("{} %", c.planned_percent_by(YearMonth::of(d)))
                }),
                actual: value(values, &format!("rows.{index}.actual_percent")),
                note: value(values, &format!("rows.{index}.note")),
            })
            .collect(),
        problems,
    }
}

pub async fn form(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<String>,
) -> PageResult {
    let access = super::access::<EditProject>(&state, &signed, &id).await?;
    let today = state.clock.today();
    let mut values = Values::new();
    values.insert("submitted_on".to_owned(), today.to_string());
    values.insert("period_end".to_owned(), today.to_string());
    let here = format!("/projects/{}/progress/new", access.id());
    let layout = super::layout(&state, &signed, &access, &here).await;
    Ok(render(&form_page(layout, &access, &values, Vec::new())))
}

/// The report the fields make with, for each of its rows, the content
/// item's place on the form (rows left empty are not reported); or the
/// fields that do not read.
fn read(
    access: &ProjectAccess<EditProject>,
    values: &Values,
) -> Result<(ProgressReport, Vec<usize>), Vec<Problem>> {
    let mut problems = Vec::new();
    let mut places = Vec::new();
    let period_end = date(values, "period_end", &mut problems);
    let submitted_on = date(values, "submitted_on", &mut problems);
    let mut rows = Vec::new();
    for (index, content) in access.project().contents.iter().enumerate() {
        let key = format!("rows.{index}.actual_percent");
        let raw = value(values, &key);
        if raw.is_empty() {
            continue;
        }
        match raw.trim_end_matches('%').trim().parse::<u8>() {
            Ok(actual_percent) => {
                places.push(index);
                rows.push(ProgressRow {
                    content: content.code.clone(),
                    actual_percent,
                    note: value(values, &format!("rows.{index}.note")),
                });
            }
            Err(_) => problems.push(Problem::in_field(
                &key,
                Message::new("research-percent-bad"),
            )),
        }
    }
    match (period_end, submitted_on) {
        (Some(period_end), Some(submitted_on)) if problems.is_empty() => Ok((
            ProgressReport {
                period_end,
                submitted_on,
                rows,
                note: value(values, "note"),
            },
            places,
        )),
        _ => Err(problems),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedForm { signed, form }: SignedForm<Values>,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<EditProject>(&state, &signed, &id).await?;
    let result = match read(&access, &form) {
        Ok((report, places)) => add_progress_report(
            &state.db,
            state.clock.as_ref(),
            &access,
            &AuditContext::of(&signed.actor),
            &report,
        )
        .await
        .map(|_| ())
        .map_err(|e| on_form(e, &places)),
        Err(problems) => Err(CoreError::Invalid(problems)),
    };
    let here = format!("/projects/{}/progress/new", access.id());
    let layout = super::layout(&state, &signed, &access, &here).await;
    answer(
        result,
        lang,
        &format!("/projects/{}#project-progress", access.id()),
        |problems| -> Response { render(&form_page(layout, &access, &form, problems)) },
    )
}

/// A refusal's row problems (`rows.1.actual_percent`) moved to the row of
/// the form they came from.
fn on_form(error: CoreError, places: &[usize]) -> CoreError {
    match error {
        CoreError::Invalid(problems) => CoreError::Invalid(
            problems
                .into_iter()
                .map(|mut p| {
                    if let Some(field) = &p.field
                        && let Some(rest) = field.strip_prefix("rows.")
                        && let Some((i, tail)) = rest.split_once('.')
                        && let Some(place) = i.parse::<usize>().ok().and_then(|i| places.get(i))
                    {
                        p.field = Some(format!("rows.{place}.{tail}"));
                    }
                    p
                })
                .collect(),
        ),
        other => other,
    }
}
