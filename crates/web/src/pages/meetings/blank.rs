//! The blank minutes to print for a meeting recorded on paper: the roster
//! of the day, the model's steps and lines to write on, on A4.

use askama::Template;
use axum::extract::{Query, State};
use chibo_core::access::RecordMeetings;
use chibo_core::read_models::blank_minutes;
use chibo_domain::Message;
use chibo_domain::meeting::MeetingKind;
use chrono::Datelike;
use serde::Deserialize;

use super::meeting_layout;
use crate::AppState;
use crate::access::UnitFromPath;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::Layout;
use crate::pages::meeting_steps::localized;
use crate::pages::render;

/// Lines left for speakers and tasks: a regular meeting of a 20-member
/// cell rarely hears more; the back of the sheet takes the rest.
const SPEAKER_LINES: usize = 10;
const TASK_LINES: usize = 6;
/// Agenda lines when no model is in force on the day.
const AGENDA_LINES: usize = 8;

#[derive(Template)]
#[template(path = "blank_minutes.html")]
struct BlankPage {
    layout: Layout,
    code: String,
    cell_name: String,
    committee_name: String,
    kind: String,
    kind_code: &'static str,
    kinds: Vec<(&'static str, String)>,
    /// dd/mm/yyyy, for the form that picks another day.
    date: String,
    /// "ngày … tháng … năm …" of the printed heading.
    dated: String,
    /// Name, and whether exempt (shown, not ticked).
    roster: Vec<(String, bool)>,
    expected: usize,
    model: String,
    steps: Vec<(String, u32)>,
    agenda_lines: usize,
    speaker_lines: usize,
    task_lines: usize,
}

#[derive(Debug, Deserialize)]
pub struct BlankQuery {
    /// The meeting day, dd/mm/yyyy; today when missing or unreadable.
    #[serde(default)]
    on: String,
    #[serde(default)]
    kind: String,
}

pub async fn blank(
    State(state): State<AppState>,
    UnitFromPath {
        signed,
        access: cell,
        today,
    }: UnitFromPath<RecordMeetings>,
    Query(query): Query<BlankQuery>,
) -> PageResult {
    let lang = signed.lang;
    if !cell.placement().kind.is_cell() {
        return Err(PageError::not_found(lang));
    }
    let date = chibo_core::values::parse_date(query.on.trim()).unwrap_or(today);
    let kind = MeetingKind::parse(query.kind.trim()).unwrap_or(MeetingKind::Regular);
    let model = blank_minutes(&state.db, &cell, kind, date)
        .await
        .in_lang(lang)?;
    let code = cell.unit().to_string();
    let here = format!("/units/{code}/meetings/blank");
    let mut layout = meeting_layout(&state, &signed, &cell, "web-blank-title", &here).await;
    layout.title = chibo_i18n::text(lang, "web-blank-title");
    let roster: Vec<(String, bool)> = model
        .roster
        .iter()
        .map(|m| (m.full_name.clone(), m.exemption_reason.is_some()))
        .collect();
    let steps: Vec<(String, u32)> = model
        .model
        .map(|m| {
            m.steps
                .iter()
                .map(|s| {
                    (
                        localized(lang, &s.name_vi, &s.name_en).to_owned(),
                        s.suggested_minutes,
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let page = BlankPage {
        code,
        cell_name: model.cell_name,
        committee_name: model.committee_name,
        kind: chibo_i18n::text(lang, kind.message_id()),
        kind_code: kind.code(),
        kinds: MeetingKind::ALL
            .into_iter()
            .map(|k| (k.code(), chibo_i18n::text(lang, k.message_id())))
            .collect(),
        date: chibo_i18n::format_date(date),
        dated: chibo_i18n::render(
            lang,
            &Message::new("web-minutes-dated")
                .arg("day", date.day())
                .arg("month", date.month())
                .arg("year", date.year()),
        ),
        expected: roster.iter().filter(|(_, exempt)| !exempt).count(),
        roster,
        model: model
            .model
            .map(|m| localized(lang, &m.name_vi, &m.name_en).to_owned())
            .unwrap_or_default(),
        agenda_lines: if steps.is_empty() { AGENDA_LINES } else { 0 },
        steps,
        speaker_lines: SPEAKER_LINES,
        task_lines: TASK_LINES,
        layout,
    };
    Ok(render(&page))
}
