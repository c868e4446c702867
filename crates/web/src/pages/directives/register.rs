//! `/units/{code}/directives`: the register of the directives a committee
//! issued and of those it received, filtered by type, year and state, with
//! the way to the form that issues one for whoever may (`EditUnits`).
//! `/directives` leads to the register of the reader's first unit.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use chibo_core::CoreError;
use chibo_core::access::{EditUnits, ReadAggregates, RecordMeetings, UnitAccess, top_units};
use chibo_core::directives::{
    StoredDirective, directive_parts, directives_issued, directives_received,
};
use chibo_domain::NaiveDate;
use chibo_domain::directive::{DirectiveCounters, DocumentType};
use chibo_i18n::Lang;
use chrono::Datelike;
use serde::Deserialize;

use super::{type_name, unit_layout};
use crate::AppState;
use crate::access::UnitFromPath;
use crate::error::{InLang, PageError, PageResult};
use crate::format::count_of;
use crate::layout::Layout;
use crate::pages::render;
use crate::session::Signed;

/// How far back the year filter reaches.
const YEARS_SHOWN: i32 = 6;

/// Where a directive stands, seen from the unit of the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineState {
    /// A target below (or the unit itself) missed a deadline.
    Late,
    /// Every target taught it (or, when it need not be taught, reported
    /// on time), and nobody is late.
    Complete,
    Open,
}

impl LineState {
    pub(super) const ALL: [LineState; 3] = [LineState::Open, LineState::Late, LineState::Complete];

    pub(super) fn code(self) -> &'static str {
        match self {
            LineState::Late => "late",
            LineState::Complete => "complete",
            LineState::Open => "open",
        }
    }

    pub(super) fn message_id(self) -> &'static str {
        match self {
            LineState::Late => "directive-page-state-late",
            LineState::Complete => "directive-page-state-complete",
            LineState::Open => "directive-page-state-open",
        }
    }

    pub(super) fn of(must_teach: bool, c: &DirectiveCounters) -> LineState {
        let late = c.teach_judged > c.taught_by_deadline
            || c.reports_due > c.reports_on_time
            || c.overdue.total() > 0;
        let done = if must_teach {
            c.taught_units == c.target_units
        } else {
            c.reports_on_time == c.target_units
        };
        if late {
            LineState::Late
        } else if c.target_units > 0 && done {
            LineState::Complete
        } else {
            LineState::Open
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct RegisterQuery {
    #[serde(rename = "type", default)]
    doc_type: String,
    year: Option<String>,
    #[serde(default)]
    state: String,
}

/// A directive as a line of the register.
struct Line {
    id: i64,
    number: String,
    issued_on: String,
    doc_type: String,
    title: String,
    issuer: String,
    taught: String,
    state: String,
    state_code: &'static str,
}

#[derive(Template)]
#[template(path = "directives.html")]
struct RegisterPage {
    layout: Layout,
    code: String,
    issued: Vec<Line>,
    received: Vec<Line>,
    may_issue: bool,
    may_record: bool,
    /// Each choice of a filter: value, label, chosen.
    types: Vec<(&'static str, String, bool)>,
    years: Vec<(i32, bool)>,
    states: Vec<(&'static str, String, bool)>,
}

/// The filters as chosen: a type, a year (or all years: `None`), a state.
struct Filters {
    doc_type: Option<DocumentType>,
    year: Option<i32>,
    state: Option<LineState>,
}

impl Filters {
    fn read(query: &RegisterQuery, today: NaiveDate) -> Filters {
        Filters {
            doc_type: DocumentType::parse(query.doc_type.trim()),
            // No year chosen is this year; an empty choice is every year.
            year: match query.year.as_deref().map(str::trim) {
                None => Some(today.year()),
                Some(raw) => raw.parse().ok(),
            },
            state: LineState::ALL
                .into_iter()
                .find(|s| s.code() == query.state.trim()),
        }
    }

    fn window(&self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let first = NaiveDate::from_ymd_opt(1930, 1, 1).unwrap_or(today);
        match self.year {
            Some(year) => (
                NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(first),
                NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today),
            ),
            None => (first, today + chrono::Duration::days(366)),
        }
    }
}

async fn lines(
    state: &AppState,
    access: &UnitAccess<ReadAggregates>,
    found: Vec<StoredDirective>,
    filters: &Filters,
    today: NaiveDate,
    lang: Lang,
) -> Result<Vec<Line>, CoreError> {
    let found: Vec<StoredDirective> = found
        .into_iter()
        .filter(|stored| {
            filters
                .doc_type
                .is_none_or(|t| t.abbreviation() == stored.doc_type)
        })
        .collect();
    // Every directive's part at the unit in one read, not one each.
    let ids: Vec<i64> = found.iter().map(|d| d.id).collect();
    let parts = directive_parts(&state.db, access, &ids, today, false).await?;
    let mut lines = Vec::new();
    for stored in found {
        let Some(part) = parts.get(&stored.id) else {
            continue;
        };
        let counters = &part.unit.counters;
        let line_state = LineState::of(stored.must_teach, counters);
        if filters.state.is_some_and(|s| s != line_state) {
            continue;
        }
        lines.push(Line {
            id: stored.id,
            taught: count_of(
                i64::try_from(counters.taught_units).unwrap_or(i64::MAX),
                i64::try_from(counters.target_units).unwrap_or(i64::MAX),
                lang,
            ),
            number: stored.number,
            issued_on: chibo_i18n::format_date(stored.issued_on),
            doc_type: type_name(lang, &stored.doc_type),
            title: stored.title,
            issuer: stored.issuer.to_string(),
            state: chibo_i18n::text(lang, line_state.message_id()),
            state_code: line_state.code(),
        });
    }
    Ok(lines)
}

/// `/directives`: the register of the first unit the reader may read.
pub async fn home(State(state): State<AppState>, signed: Signed) -> PageResult {
    let today = state.clock.today();
    let tops = top_units::<ReadAggregates>(&state.db, &signed.actor, today)
        .await
        .in_lang(signed.lang)?;
    match tops.first() {
        Some(top) => Ok(Redirect::to(&format!("/units/{}/directives", top.unit())).into_response()),
        None => Err(PageError::not_found(signed.lang)),
    }
}

pub async fn list(
    State(state): State<AppState>,
    UnitFromPath {
        signed,
        access,
        today,
    }: UnitFromPath<ReadAggregates>,
    Query(query): Query<RegisterQuery>,
) -> PageResult {
    let lang = signed.lang;
    let filters = Filters::read(&query, today);
    let (from, to) = filters.window(today);
    let code = access.unit().to_string();
    let here = format!("/units/{code}/directives");
    let layout = unit_layout(&state, &signed, &access, "directive-page-register", &here).await;
    let issued = directives_issued(&state.db, &access, from, to)
        .await
        .in_lang(lang)?;
    let received = directives_received(&state.db, &access, from, to)
        .await
        .in_lang(lang)?;
    let issued = lines(&state, &access, issued, &filters, today, lang)
        .await
        .in_lang(lang)?;
    let received = lines(&state, &access, received, &filters, today, lang)
        .await
        .in_lang(lang)?;
    let page = RegisterPage {
        layout,
        code,
        issued,
        received,
        may_issue: access.also::<EditUnits>(&signed.actor).is_some(),
        may_record: access.placement().kind.is_cell()
            && access.also::<RecordMeetings>(&signed.actor).is_some(),
        types: DocumentType::ALL
            .into_iter()
            .map(|t| {
                (
                    t.abbreviation(),
                    chibo_i18n::text(lang, t.message_id()),
                    filters.doc_type == Some(t),
                )
            })
            .collect(),
        years: (0..YEARS_SHOWN)
            .map(|back| today.year() - back)
            .map(|year| (year, filters.year == Some(year)))
            .collect(),
        states: LineState::ALL
            .into_iter()
            .map(|s| {
                (
                    s.code(),
                    chibo_i18n::text(lang, s.message_id()),
                    filters.state == Some(s),
                )
            })
            .collect(),
    };
    Ok(render(&page))
}
