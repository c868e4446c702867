//! The cell's meetings of a year with the flags the rules raise, the norms
//! against practice and the annual rating.

use askama::Template;
use axum::extract::{Query, State};
use chibo_core::access::ReadAggregates;
use chibo_core::read_models::{CellMeetings, cell_meetings};
use chibo_domain::meeting::MeetingStatus;
use chibo_domain::norms::NormOutcome;
use chibo_domain::rubric::Rating;
use chibo_domain::{Message, NaiveDate};
use chibo_i18n::Lang;
use chrono::Datelike;
use serde::Deserialize;

use super::unit_crumbs;
use crate::AppState;
use crate::access::UnitFromPath;
use crate::error::{InLang, PageError, PageResult};
use crate::format::{count_of, document};
use crate::layout::Layout;

struct ListLine {
    id: i64,
    date: String,
    kind: String,
    status: String,
    duration: String,
    attendance: String,
    rating: String,
    /// Held or approved: an evaluator may score it.
    scorable: bool,
}

/// One norm of the theory-against-practice table.
struct NormLine {
    name: String,
    source: String,
    counted: String,
    outcome: String,
    met: bool,
    shortfalls: Vec<String>,
}

/// This month's regular meeting, at the top of the page.
struct MonthMeeting {
    id: i64,
    /// "05/06/2024 — Đã họp".
    summary: String,
}

/// An open task at the top of the page.
struct TaskLine {
    text: String,
    overdue: bool,
}

/// What the top of the page shows in the current year: the month's
/// meeting, the norms not met so far and the open tasks.
struct MonthPanel {
    heading: String,
    meeting: Option<MonthMeeting>,
    unmet_norms: Vec<String>,
    open_tasks: Vec<TaskLine>,
    /// The open tasks the reader may only count, as a sentence.
    open_count: Option<String>,
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct ListPage {
    /// `None` for another year than this one.
    month: Option<MonthPanel>,
    layout: Layout,
    code: String,
    year: i32,
    lines: Vec<ListLine>,
    may_record: bool,
    may_open_meetings: bool,
    may_score: bool,
    no_meeting_this_month: bool,
    /// Members with three unexcused absences this year (names only for
    /// those who may read the cell's people on those days).
    absence_flags: Vec<String>,
    /// Overdue tasks by title, for those who may read the cell's people on
    /// the day of the meeting that set them: a title can name people.
    overdue: Vec<String>,
    /// The overdue tasks not shown by title, as a sentence with their
    /// number (all of them for a researcher).
    overdue_count: Option<String>,
    norms: Vec<NormLine>,
    norms_title: String,
    annual: String,
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    year: Option<i32>,
}

/// The cell's meetings of a year with the flags the rules raise.
pub async fn list(
    State(state): State<AppState>,
    UnitFromPath {
        signed,
        access,
        today,
    }: UnitFromPath<ReadAggregates>,
    Query(query): Query<ListQuery>,
) -> PageResult {
    let lang = signed.lang;
    if !access.placement().kind.is_cell() {
        return Err(PageError::not_found(lang));
    }
    let year = query.year.unwrap_or(today.year());
    let model = cell_meetings(&state.db, &signed.actor, &access, year, today)
        .await
        .in_lang(lang)?;
    let code = access.unit().clone();
    let here = format!("/units/{code}/meetings");
    let mut layout = Layout::signed(&state, &signed, "web-meetings-title", &here).await;
    let mut path = access.visible_path();
    path.push((code.clone(), access.placement().name.clone()));
    unit_crumbs(&mut layout, lang, &path);
    layout.title = format!(
        "{} — {}",
        chibo_i18n::text(lang, "web-meetings-title"),
        access.placement().name
    );
    Ok(super::super::render(&list_page(
        layout,
        code.to_string(),
        &model,
        today,
    )))
}

/// The page in the reader's language.
fn list_page(layout: Layout, code: String, model: &CellMeetings, today: NaiveDate) -> ListPage {
    let lang = layout.lang;
    let month = (model.year == today.year()).then(|| month_panel(model, today, lang));
    let year_view = &model.cell_year;
    let absence_flags = model
        .absences
        .iter()
        .map(|absence| {
            let dates: Vec<String> = absence
                .flag
                .dates
                .iter()
                .map(|d| chibo_i18n::format_date(*d))
                .collect();
            match &absence.name {
                Some(name) => format!("{name} ({})", dates.join(", ")),
                None => dates.join(", "),
            }
        })
        .collect();
    let overdue = model
        .overdue
        .iter()
        .map(|task| {
            format!(
                "{} — {} {}",
                task.title,
                chibo_i18n::text(lang, "web-meeting-deadline"),
                task.deadline
                    .map(chibo_i18n::format_date)
                    .unwrap_or_default()
            )
        })
        .collect();
    let overdue_count = (model.overdue_untitled > 0).then(|| {
        chibo_i18n::render(
            lang,
            &Message::new("web-meeting-overdue-count").arg("count", model.overdue_untitled),
        )
    });
    let lines = year_view
        .meetings
        .iter()
        .map(|m| ListLine {
            id: m.id,
            date: chibo_i18n::format_date(m.meeting_on),
            kind: chibo_i18n::text(lang, m.kind.message_id()),
            status: chibo_i18n::text(lang, m.status.message_id()),
            scorable: m.status != MeetingStatus::Planned,
            duration: m
                .duration_minutes
                .map(|d| d.to_string())
                .unwrap_or_default(),
            attendance: if m.expected > 0 {
                count_of(m.present, m.expected, lang)
            } else {
                String::new()
            },
            rating: m
                .final_rating
                .as_deref()
                .and_then(Rating::parse)
                .map(|r| {
                    let name = chibo_i18n::text(lang, r.message_id());
                    if m.final_provisional {
                        format!(
                            "{name} ({})",
                            chibo_i18n::text(lang, "score-provisional-short")
                        )
                    } else {
                        name
                    }
                })
                .unwrap_or_default(),
        })
        .collect();
    let en = lang == Lang::En;
    let norms = year_view
        .results
        .iter()
        .filter_map(|result| {
            let rule = year_view.norms.rule(&result.rule_code)?;
            Some(NormLine {
                name: if en { &rule.name_en } else { &rule.name_vi }.clone(),
                source: document(year_view.norms.source_of(rule)),
                counted: count_of(result.met, result.applicable, lang),
                outcome: chibo_i18n::text(lang, result.outcome.message_id()),
                met: result.outcome != NormOutcome::NotMet,
                shortfalls: result
                    .shortfalls
                    .iter()
                    .map(|s| chibo_i18n::render(lang, &s.message()))
                    .collect(),
            })
        })
        .collect();
    let annual = match year_view.annual {
        Some(rating) => chibo_i18n::render(
            lang,
            &Message::new("web-meeting-annual")
                .arg("rating", chibo_i18n::text(lang, rating.message_id()))
                .arg("count", year_view.rated),
        ),
        None => chibo_i18n::text(lang, "web-meeting-annual-none"),
    };
    ListPage {
        month,
        layout,
        code,
        year: model.year,
        lines,
        may_record: model.may_record,
        may_open_meetings: model.may_open_meetings,
        may_score: model.may_score,
        no_meeting_this_month: model.no_regular_meeting_this_month,
        absence_flags,
        overdue,
        overdue_count,
        norms,
        norms_title: if en {
            year_view.norms.name_en.clone()
        } else {
            year_view.norms.name_vi.clone()
        },
        annual,
    }
}

/// The top of the current year's page: the one tap to this month's
/// meeting (or to recording it), the norms not met and the open tasks
/// with the overdue ones marked.
fn month_panel(model: &CellMeetings, today: NaiveDate, lang: Lang) -> MonthPanel {
    let year_view = &model.cell_year;
    let en = lang == Lang::En;
    let meeting = model.this_month.as_ref().map(|m| MonthMeeting {
        id: m.id,
        summary: chibo_i18n::render(
            lang,
            &Message::new("web-landing-this-month")
                .arg("date", chibo_i18n::format_date(m.meeting_on))
                .arg("status", chibo_i18n::text(lang, m.status.message_id())),
        ),
    });
    let unmet_norms = year_view
        .results
        .iter()
        .filter(|result| result.outcome == NormOutcome::NotMet)
        .filter_map(|result| year_view.norms.rule(&result.rule_code))
        .map(|rule| if en { &rule.name_en } else { &rule.name_vi }.clone())
        .collect();
    let open_tasks = model
        .open_tasks
        .iter()
        .map(|task| {
            let deadline = match task.deadline {
                Some(day) => format!(
                    "{} {}",
                    chibo_i18n::text(lang, "web-meeting-deadline"),
                    chibo_i18n::format_date(day)
                ),
                None => chibo_i18n::text(lang, "web-landing-no-deadline"),
            };
            TaskLine {
                text: format!("{} — {deadline}", task.title),
                overdue: task.is_overdue(today),
            }
        })
        .collect();
    MonthPanel {
        heading: chibo_i18n::render(
            lang,
            &Message::new("web-landing-month").arg("month", today.format("%m/%Y").to_string()),
        ),
        meeting,
        unmet_norms,
        open_tasks,
        open_count: (model.open_untitled > 0).then(|| {
            chibo_i18n::render(
                lang,
                &Message::new("web-landing-open-count").arg("count", model.open_untitled),
            )
        }),
    }
}
