//! The indicator dashboards of a unit: an overview with the trend and the
//! sub-units to drill into, the spread of cells by sector, ranking tables,
//! a heat map of sub-units by month, and the norms against practice. Every
//! table downloads as CSV and Excel from the same URL with `.csv` or
//! `.xlsx` after the view's name.

mod directives;
pub(crate) mod format;
mod heatmap;
mod norms;
mod overview;
mod ranking;
pub(crate) mod report;
pub mod report_file;
mod section;
mod sectors;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chibo_core::CoreError;
use chibo_core::access::{ReadAggregates, UnitAccess, top_units, unit_access};
use chibo_core::dashboards::{History, Level, Window, default_period};
use chibo_core::indicators::catalog;
use chibo_domain::indicators::Indicator;
use chibo_domain::norms::Period;
use chibo_domain::{Message, UnitCode};
use chibo_i18n::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::{Crumb, Layout};
use crate::read_side::Reads;
use crate::request::encode;
use crate::session::Signed;
use chibo_core::replica::ReadSide;
pub use section::Section;

#[derive(Debug, Default, Deserialize)]
pub struct DashboardQuery {
    period: Option<String>,
    indicator: Option<String>,
    level: Option<String>,
    history: Option<String>,
    /// Which table of the view a download holds (from 0); all of them in
    /// an Excel file when absent.
    table: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Overview,
    Sectors,
    Ranking,
    HeatMap,
    Norms,
    Directives,
}

impl View {
    const ALL: [View; 6] = [
        View::Overview,
        View::Sectors,
        View::Ranking,
        View::HeatMap,
        View::Norms,
        View::Directives,
    ];

    fn code(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Sectors => "sectors",
            View::Ranking => "ranking",
            View::HeatMap => "heatmap",
            View::Norms => "norms",
            View::Directives => "directives",
        }
    }

    fn tab_id(self) -> &'static str {
        match self {
            View::Overview => "dashboard-tab-overview",
            View::Sectors => "dashboard-tab-sectors",
            View::Ranking => "dashboard-tab-ranking",
            View::HeatMap => "dashboard-tab-heatmap",
            View::Norms => "dashboard-tab-norms",
            View::Directives => "dashboard-tab-directives",
        }
    }

    fn file_id(self) -> &'static str {
        match self {
            View::Overview => "dashboard-file-overview",
            View::Sectors => "dashboard-file-sectors",
            View::Ranking => "dashboard-file-ranking",
            View::HeatMap => "dashboard-file-heatmap",
            View::Norms => "dashboard-file-norms",
            View::Directives => "dashboard-file-directives",
        }
    }

    /// Whether the view is about one chosen indicator.
    fn has_indicator(self) -> bool {
        !matches!(self, View::Norms | View::Directives)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Page,
    Csv,
    Xlsx,
}

/// "ranking", "ranking.csv" or "ranking.xlsx".
fn parse_view(raw: &str) -> Option<(View, Output)> {
    let (name, output) = match raw.rsplit_once('.') {
        Some((name, "csv")) => (name, Output::Csv),
        Some((name, "xlsx")) => (name, Output::Xlsx),
        Some(_) => return None,
        None => (raw, Output::Page),
    };
    let view = View::ALL.into_iter().find(|v| v.code() == name)?;
    Some((view, output))
}

/// Everything a view is computed from.
pub struct Context {
    pub lang: Lang,
    pub access: UnitAccess<ReadAggregates>,
    pub window: Window,
    pub history: History,
    pub indicator: &'static Indicator,
    pub level: Level,
    /// The period as asked for.
    pub period: String,
    /// The query string every link inside the dashboard keeps.
    pub query: String,
}

impl Context {
    pub fn t(&self, id: &str) -> String {
        chibo_i18n::text(self.lang, id)
    }

    /// A unit's dashboard with the same choices.
    pub fn unit_href(&self, code: &UnitCode, view: &str) -> String {
        let suffix = if view == "overview" {
            String::new()
        } else {
            format!("/{view}")
        };
        format!("/units/{code}/dashboard{suffix}?{}", self.query)
    }
}

/// The indicator a view opens with: attendance, the norm most watched.
const DEFAULT_INDICATOR: &str = "attendance_rate";

fn refused(message: Message) -> CoreError {
    CoreError::refused(message)
}

/// Reads the query into a context; errors say what to choose instead.
async fn context(
    state: &AppState,
    signed: &Signed,
    code: &UnitCode,
    query: &DashboardQuery,
) -> Result<Context, CoreError> {
    let today = state.clock.today();
    let access = unit_access::<ReadAggregates>(&state.db, &signed.actor, code, today).await?;
    let period = match query
        .period
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(raw) => Period::parse(raw).map_err(refused)?,
        None => default_period(today),
    };
    let window = Window::new(period, today, access.placement())?;
    let indicator_code = query
        .indicator
        .as_deref()
        .filter(|c| !c.is_empty())
        .unwrap_or(DEFAULT_INDICATOR);
    let indicator = catalog().indicator(indicator_code).ok_or_else(|| {
        refused(Message::new("dashboard-indicator-unknown").arg("indicator", indicator_code))
    })?;
    let level = query
        .level
        .as_deref()
        .and_then(Level::parse)
        .unwrap_or_default();
    let history = query
        .history
        .as_deref()
        .and_then(History::parse)
        .unwrap_or_default();
    // Links keep the period as it was asked for ("2024-Q1" reads better
    // in an address than its days).
    let period_text = query
        .period
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map_or_else(|| period_text(&window.period), str::to_owned);
    let query = format!(
        "period={}&indicator={}&level={}&history={}",
        encode(&period_text),
        indicator.code,
        level.code(),
        history.code()
    );
    Ok(Context {
        lang: signed.lang,
        access,
        window,
        history,
        indicator,
        level,
        period: period_text,
        query,
    })
}

/// The period as the form shows it: "01/11/2025-31/10/2026".
fn period_text(period: &Period) -> String {
    format!(
        "{}-{}",
        chibo_i18n::format_date(period.from()),
        chibo_i18n::format_date(period.to())
    )
}

struct Tab {
    href: String,
    label: String,
    current: bool,
}

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

struct QuickPeriod {
    href: String,
    label: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    layout: Layout,
    action: String,
    tabs: Vec<Tab>,
    period: String,
    quick: Vec<QuickPeriod>,
    indicators: Vec<Choice>,
    levels: Vec<Choice>,
    histories: Vec<Choice>,
    summary: String,
    definition: String,
    error: Option<String>,
    sections: Vec<Section>,
    /// The printed reports of the unit over the period shown.
    reports: Vec<ReportLink>,
}

struct ReportLink {
    href: String,
    label: String,
}

/// `/dashboard`: the dashboard of the first unit the person may see.
pub async fn home(State(state): State<AppState>, signed: Signed) -> PageResult {
    let today = state.clock.today();
    let tops = top_units::<ReadAggregates>(&state.db, &signed.actor, today)
        .await
        .in_lang(signed.lang)?;
    match tops.first() {
        Some(top) => Ok(Redirect::to(&format!("/units/{}/dashboard", top.unit())).into_response()),
        None => Err(PageError::not_found(signed.lang)),
    }
}

/// `/units/{code}/dashboard`: the overview.
pub async fn overview_page(
    state: State<AppState>,
    signed: Signed,
    reads: Reads,
    Path(code): Path<String>,
    query: Query<DashboardQuery>,
) -> PageResult {
    show(state, signed, reads, code, "overview".to_owned(), query).await
}

/// `/units/{code}/dashboard/{view}`, with `.csv` or `.xlsx` for downloads.
pub async fn view_page(
    state: State<AppState>,
    signed: Signed,
    reads: Reads,
    Path((code, view)): Path<(String, String)>,
    query: Query<DashboardQuery>,
) -> PageResult {
    show(state, signed, reads, code, view, query).await
}

async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Reads(reads): Reads,
    code: String,
    view: String,
    Query(query): Query<DashboardQuery>,
) -> PageResult {
    let lang = signed.lang;
    let (Ok(code), Some((view, output))) = (UnitCode::parse(&code), parse_view(&view)) else {
        return Err(PageError::not_found(lang));
    };
    let context = match context(&state, &signed, &code, &query).await {
        Ok(context) => context,
        // A unit outside the grants is a 404 like a missing one; a bad
        // choice shows the page again with the message.
        Err(e @ CoreError::Refused(_)) if output == Output::Page => {
            return error_page(&state, &signed, &code, &query, e).await;
        }
        Err(e) => return Err(e).in_lang(lang),
    };
    let sections = match cached_sections(&state, &reads, &context, view).await {
        Ok(sections) => sections,
        Err(e @ CoreError::Refused(_)) if output == Output::Page => {
            return error_page(&state, &signed, &code, &query, e).await;
        }
        Err(e) => return Err(e).in_lang(lang),
    };
    match output {
        Output::Page => {
            let shown = Shown {
                view,
                sections: sections.as_ref().clone(),
                error: None,
                typed_period: None,
            };
            Ok(page(&state, &signed, &context, shown).await)
        }
        Output::Csv | Output::Xlsx => download(&context, view, output, &sections, query.table),
    }
}

/// The sections of a view, computed at most once a minute for the same
/// unit, choices and language (see `cache::DashboardCache`). The access
/// check is made before, on every request. Read where `reads` says (the
/// replica, perhaps); remembered only if as current as this server's writes.
async fn cached_sections(
    state: &AppState,
    reads: &ReadSide,
    context: &Context,
    view: View,
) -> Result<std::sync::Arc<Vec<Section>>, CoreError> {
    let key = format!(
        "{}/{}?{}&lang={}",
        context.access.unit(),
        view.code(),
        context.query,
        context.lang.code()
    );
    let now = state.clock.now();
    if let Some(sections) = state.dashboards.get(&key, now) {
        return Ok(sections);
    }
    let sections = std::sync::Arc::new(sections(state, reads.db(), context, view).await?);
    if reads.may_be_kept() {
        let bytes = sections.iter().map(Section::approximate_bytes).sum();
        state.dashboards.put(key, now, sections.clone(), bytes);
    }
    Ok(sections)
}

async fn sections(
    state: &AppState,
    db: &chibo_core::Db,
    context: &Context,
    view: View,
) -> Result<Vec<Section>, CoreError> {
    // The rows in memory are shared by both sides: a read on either brings
    // them to that side's revision, and a primary read (one's own write)
    // to the newest, so they are never older than the side read.
    let resident = &state.resident;
    match view {
        View::Overview => overview::sections(db, resident, context).await,
        View::Sectors => {
            let names = state.sectors.names(&state.db, state.clock.now()).await?;
            sectors::sections(db, resident, context, &names).await
        }
        View::Ranking => ranking::sections(db, resident, context).await,
        View::HeatMap => heatmap::sections(db, resident, context).await,
        View::Norms => norms::sections(db, resident, context).await,
        View::Directives => {
            let names = state.sectors.names(&state.db, state.clock.now()).await?;
            directives::sections(db, context, &names).await
        }
    }
}

fn download(
    context: &Context,
    view: View,
    output: Output,
    sections: &[Section],
    table: Option<usize>,
) -> PageResult {
    let lang = context.lang;
    let mut tables: Vec<_> = sections.iter().filter_map(Section::export).collect();
    if let Some(index) = table {
        if index >= tables.len() {
            return Err(PageError::not_found(lang));
        }
        tables = vec![tables.swap_remove(index)];
    }
    let base = format!(
        "{} {} {}",
        chibo_i18n::text(lang, view.file_id()),
        context.access.unit(),
        period_text(&context.window.period).replace('/', ".")
    );
    match output {
        Output::Csv => {
            let Some(first) = tables.first() else {
                return Err(PageError::not_found(lang));
            };
            Ok(crate::download::file_response(
                chibo_core::table_export::to_csv(first),
                &format!("{base}.csv"),
                crate::download::CSV,
            ))
        }
        _ => Ok(crate::download::file_response(
            chibo_core::table_export::to_xlsx(&tables).in_lang(lang)?,
            &format!("{base}.xlsx"),
            crate::download::XLSX,
        )),
    }
}

/// The page again with the message, the choices as typed, and no figures.
async fn error_page(
    state: &AppState,
    signed: &Signed,
    code: &UnitCode,
    query: &DashboardQuery,
    error: CoreError,
) -> PageResult {
    let lang = signed.lang;
    let today = state.clock.today();
    let access = unit_access::<ReadAggregates>(&state.db, &signed.actor, code, today)
        .await
        .in_lang(lang)?;
    let message = match &error {
        CoreError::Refused(message) => chibo_i18n::render(lang, message),
        _ => return Err(error).in_lang(lang),
    };
    let window = Window::new(default_period(today), today, access.placement()).in_lang(lang)?;
    // The catalog is data: without its default indicator, the message
    // alone on a plain error page.
    let Some(indicator) = catalog().indicator(DEFAULT_INDICATOR) else {
        return Err(error).in_lang(lang);
    };
    let context = Context {
        lang,
        access,
        window,
        history: History::default(),
        indicator,
        level: Level::default(),
        period: String::new(),
        query: String::new(),
    };
    let shown = Shown {
        view: View::Overview,
        sections: Vec::new(),
        error: Some(message),
        typed_period: query.period.clone(),
    };
    let mut response = page(state, signed, &context, shown).await;
    *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

/// The ancestors the person may also see, as breadcrumbs to their
/// dashboards.
fn crumbs(signed: &Signed, context: &Context) -> Vec<Crumb> {
    let placement = context.access.placement();
    let mut crumbs = Vec::new();
    for (i, (code, name)) in placement
        .ancestors
        .iter()
        .zip(&placement.ancestor_names)
        .enumerate()
    {
        let visible = signed.actor.grants().iter().any(|g| {
            g.role.permits(chibo_domain::access::Action::ReadAggregates)
                && placement.ancestors[i..].contains(&g.unit)
        });
        if visible {
            crumbs.push(Crumb {
                href: context.unit_href(code, "overview"),
                label: name.clone(),
            });
        }
    }
    crumbs.reverse();
    crumbs
}

/// What a page shows besides its context.
struct Shown {
    view: View,
    sections: Vec<Section>,
    error: Option<String>,
    /// The period as typed, when it could not be read.
    typed_period: Option<String>,
}

async fn page(state: &AppState, signed: &Signed, context: &Context, shown: Shown) -> Response {
    let Shown {
        view,
        mut sections,
        error,
        typed_period,
    } = shown;
    let lang = context.lang;
    let unit = context.access.unit();
    let here = format!("/units/{unit}/dashboard");
    let mut layout = Layout::signed(state, signed, "web-nav-dashboard", &here).await;
    layout.title = chibo_i18n::render(
        lang,
        &Message::new("dashboard-title").arg("unit", &context.access.placement().name),
    );
    layout.crumbs = crumbs(signed, context);
    let view_path = |v: View| {
        if v == View::Overview {
            here.clone()
        } else {
            format!("{here}/{}", v.code())
        }
    };
    let mut table_index = 0;
    for section in &mut sections {
        if section.table.is_some() {
            let base = format!("{here}/{}", view.code());
            section.csv_href = format!("{base}.csv?{}&table={table_index}", context.query);
            section.xlsx_href = format!("{base}.xlsx?{}&table={table_index}", context.query);
            table_index += 1;
        }
    }
    let window = &context.window;
    let first = window.months.first().copied().unwrap_or_default();
    let last = window.months.last().copied().unwrap_or_default();
    let summary = chibo_i18n::render(
        lang,
        &Message::new("dashboard-period-label")
            .arg("from", format!("{:02}/{}", first.1, first.0))
            .arg("to", format!("{:02}/{}", last.1, last.0))
            .arg("months", window.months.len())
            .date("day", window.view_day),
    );
    let today = state.clock.today();
    let quick = quick_periods(today, lang)
        .into_iter()
        .map(|(period, label)| QuickPeriod {
            href: format!(
                "{}?period={}&indicator={}&level={}&history={}",
                view_path(view),
                encode(&period),
                context.indicator.code,
                context.level.code(),
                context.history.code()
            ),
            label,
        })
        .collect();
    let page = DashboardPage {
        layout,
        action: view_path(view),
        tabs: View::ALL
            .into_iter()
            .map(|v| Tab {
                href: format!("{}?{}", view_path(v), context.query),
                label: chibo_i18n::text(lang, v.tab_id()),
                current: v == view,
            })
            .collect(),
        period: typed_period.unwrap_or_else(|| context.period.clone()),
        quick,
        indicators: if view.has_indicator() {
            catalog()
                .indicators
                .iter()
                .map(|i| Choice {
                    value: i.code.clone(),
                    label: format::name(i, lang).to_owned(),
                    selected: i.code == context.indicator.code,
                })
                .collect()
        } else {
            Vec::new()
        },
        levels: if view == View::Ranking {
            Level::ALL
                .into_iter()
                .map(|l| Choice {
                    value: l.code().to_owned(),
                    label: chibo_i18n::text(lang, l.message_id()),
                    selected: l == context.level,
                })
                .collect()
        } else {
            Vec::new()
        },
        histories: [History::AsItStood, History::FollowSuccessors]
            .into_iter()
            .map(|h| Choice {
                value: h.code().to_owned(),
                label: chibo_i18n::text(
                    lang,
                    match h {
                        History::AsItStood => "dashboard-history-as_it_stood",
                        History::FollowSuccessors => "dashboard-history-successors",
                    },
                ),
                selected: h == context.history,
            })
            .collect(),
        summary,
        definition: if view.has_indicator() {
            format!(
                "{}: {}",
                format::name(context.indicator, lang),
                format::definition(context.indicator, lang)
            )
        } else {
            String::new()
        },
        reports: if error.is_none() {
            report_file::links(context)
        } else {
            Vec::new()
        },
        error,
        sections,
    };
    super::render(&page)
}

/// Periods offered with one click: the last twelve months, this year and
/// the last, and the quarters of this year begun so far.
fn quick_periods(today: chibo_domain::NaiveDate, lang: Lang) -> Vec<(String, String)> {
    use chrono::Datelike;
    let year = today.year();
    let mut periods = vec![
        (
            period_text(&default_period(today)),
            chibo_i18n::text(lang, "dashboard-last-twelve"),
        ),
        (year.to_string(), year.to_string()),
        ((year - 1).to_string(), (year - 1).to_string()),
    ];
    for quarter in 1..=today.month0() / 3 + 1 {
        let code = format!("{year}-Q{quarter}");
        periods.push((code.clone(), code));
    }
    periods
}
