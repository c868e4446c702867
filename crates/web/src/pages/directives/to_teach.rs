//! `/units/{code}/to-teach`: the cell secretary's list of work from its
//! superiors: the directives the cell still has to teach (each ticked on
//! the meeting form's agenda), the directives it received with their
//! state, and its open tasks, with the way to the meeting form.

use askama::Template;
use axum::extract::State;
use chibo_core::access::{ReadAggregates, RecordMeetings};
use chibo_core::directives::{directive_progress, directives_received, to_teach};
use chibo_core::read_models::cell_meetings;
use chibo_domain::NaiveDate;
use chrono::Datelike;

use super::register::LineState;
use super::unit_layout;
use crate::AppState;
use crate::access::UnitFromPath;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::Layout;
use crate::pages::render;

/// A directive still to teach.
struct TeachLine {
    id: i64,
    number: String,
    issued_on: String,
    title: String,
}

/// A directive received, with where the cell stands.
struct ReceivedLine {
    id: i64,
    number: String,
    title: String,
    state: String,
    state_code: &'static str,
}

/// An open task.
struct TaskLine {
    title: String,
    deadline: String,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "directive_to_teach.html")]
struct ToTeachPage {
    layout: Layout,
    code: String,
    teach: Vec<TeachLine>,
    received: Vec<ReceivedLine>,
    tasks: Vec<TaskLine>,
    untitled: usize,
}

pub async fn page(
    State(state): State<AppState>,
    UnitFromPath {
        signed,
        access,
        today,
    }: UnitFromPath<RecordMeetings>,
) -> PageResult {
    let lang = signed.lang;
    if !access.placement().kind.is_cell() {
        return Err(PageError::not_found(lang));
    }
    let read = access
        .also::<ReadAggregates>(&signed.actor)
        .ok_or_else(|| PageError::not_found(lang))?;
    let code = access.unit().to_string();
    let here = format!("/units/{code}/to-teach");
    let layout = unit_layout(&state, &signed, &access, "directive-page-to-teach", &here).await;
    let day = access.on(&state.db, today).await.in_lang(lang)?;
    let teach = to_teach(&state.db, &day).await.in_lang(lang)?;
    // What arrived over the last year and this one.
    let from = NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today);
    let mut received = Vec::new();
    for stored in directives_received(&state.db, &read, from, today)
        .await
        .in_lang(lang)?
    {
        let progress = directive_progress(&state.db, &read, stored.id, today)
            .await
            .in_lang(lang)?;
        let line_state = LineState::of(stored.must_teach, &progress.unit.counters);
        received.push(ReceivedLine {
            id: stored.id,
            number: format!(
                "{}, {}",
                stored.number,
                chibo_i18n::format_date(stored.issued_on)
            ),
            title: stored.title,
            state: chibo_i18n::text(lang, line_state.message_id()),
            state_code: line_state.code(),
        });
    }
    let meetings = cell_meetings(&state.db, &signed.actor, &read, today.year(), today)
        .await
        .in_lang(lang)?;
    let page = ToTeachPage {
        layout,
        code,
        teach: teach
            .into_iter()
            .map(|t| TeachLine {
                id: t.directive_id,
                number: t.number,
                issued_on: chibo_i18n::format_date(t.issued_on),
                title: t.title,
            })
            .collect(),
        received,
        tasks: meetings
            .open_tasks
            .iter()
            .map(|task| TaskLine {
                title: task.title.clone(),
                deadline: task
                    .deadline
                    .map(chibo_i18n::format_date)
                    .unwrap_or_default(),
                overdue: task.is_overdue(today),
            })
            .collect(),
        untitled: meetings.open_untitled,
    };
    Ok(render(&page))
}
