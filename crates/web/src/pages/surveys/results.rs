//! `/surveys/campaigns/{id}/results` (and `results.csv`, `results.xlsx`):
//! a closed campaign's results for the committee that runs it, or, with
//! `?unit=CODE`, for one unit of its subtree, each child unit's name
//! leading one level down. Figures come from core behind the suppression
//! rules; a hidden one is written as its reason everywhere. With
//! `?compare=ID`, another closed campaign of the same instrument is
//! compared with this one for the same unit; the unit's meeting
//! indicators over the campaign's months sit beside its constructs.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use std::sync::Arc;

use chibo_core::dashboards::Overview;
use chibo_core::surveys::campaigns::{Campaign, CampaignAccess, CampaignState, campaign_access};
use chibo_core::surveys::report::{CampaignReport, campaign_report};
use chibo_core::surveys::results::{Breakdown, BreakdownKind, CampaignComparison};
use chibo_core::surveys::waves::{comparable_campaigns, compare_with};
use chibo_core::table_export::{Table, TableValue, to_csv, to_xlsx};
use chibo_domain::UnitCode;
use serde::Deserialize;

use super::campaign::campaign_layout;
use super::results_tables::{ReportView, ResultTable, Waves, tables};
use crate::AppState;
use crate::cache::SectorNames;
use crate::charts::{Bar, BarChart, bar_chart};
use crate::error::{InLang, PageError, PageResult};
use crate::layout::{Crumb, Layout};
use crate::pages::dashboard::format::number;
use crate::pages::render;
use crate::session::Signed;
use crate::survey_exports::meetings_beside;

#[derive(Debug, Default, Deserialize)]
pub struct ResultsQuery {
    #[serde(default)]
    unit: String,
    /// Another campaign's id to compare with; empty for none.
    #[serde(default)]
    compare: String,
}

impl ResultsQuery {
    /// The query string that gives the same view (downloads carry it).
    fn text(&self, unit: Option<&str>) -> String {
        let mut parts = Vec::new();
        if let Some(unit) = unit {
            parts.push(format!("unit={unit}"));
        }
        let compare = self.compare.trim();
        if !compare.is_empty() {
            parts.push(format!("compare={compare}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// A campaign offered for comparison.
struct Choice {
    id: i64,
    title: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "survey_results.html")]
struct ResultsPage {
    layout: Layout,
    id: i64,
    closed: bool,
    query: String,
    /// The scope unit's code, kept by the comparison form.
    unit: String,
    choices: Vec<Choice>,
    charts: Vec<String>,
    tables: Vec<ResultTable>,
}

/// Everything the page and the downloads write, owned.
pub(super) struct Built {
    report: CampaignReport,
    sectors: Arc<SectorNames>,
    waves: Option<(String, String, CampaignComparison)>,
    meetings: Option<(Overview, String, String)>,
}

impl Built {
    pub(super) fn view(&self) -> ReportView<'_> {
        ReportView {
            report: &self.report,
            sectors: &self.sectors,
            waves: self
                .waves
                .as_ref()
                .map(|(before, after, comparison)| Waves {
                    before,
                    after,
                    comparison,
                }),
            meetings: self
                .meetings
                .as_ref()
                .map(|(view, from, to)| (view, from.clone(), to.clone())),
        }
    }
}

pub(super) async fn build(
    state: &AppState,
    signed: &Signed,
    access: &CampaignAccess,
    query: &ResultsQuery,
) -> PageResult<Built> {
    let lang = signed.lang;
    let report = report(state, signed, access, query).await?;
    let sectors = state
        .sectors
        .names(&state.db, state.clock.now())
        .await
        .in_lang(lang)?;
    let scope = UnitCode::parse(&report.plan.unit.code).map_err(|_| PageError::not_found(lang))?;
    let compare = query.compare.trim();
    let waves = if compare.is_empty() {
        None
    } else {
        let other = self::access(state, signed, compare).await?;
        let scoped = (scope != access.campaign().unit).then_some(&scope);
        let comparison = compare_with(&state.db, access, &other, scoped)
            .await
            .in_lang(lang)?;
        let (before, after) = if (other.campaign().closes_on, other.campaign().id)
            <= (access.campaign().closes_on, access.campaign().id)
        {
            (other.campaign(), access.campaign())
        } else {
            (access.campaign(), other.campaign())
        };
        Some((before.title.clone(), after.title.clone(), comparison))
    };
    let meetings = meetings_beside(
        &state.db,
        &state.resident,
        &signed.actor,
        access.campaign(),
        &scope,
        state.clock.today(),
    )
    .await
    .in_lang(lang)?;
    Ok(Built {
        report,
        sectors,
        waves,
        meetings,
    })
}

pub(super) async fn access(
    state: &AppState,
    signed: &Signed,
    raw: &str,
) -> PageResult<CampaignAccess> {
    let lang = signed.lang;
    let id: i64 = raw.parse().map_err(|_| PageError::not_found(lang))?;
    campaign_access(&state.db, &signed.actor, id, state.clock.today())
        .await
        .in_lang(lang)
}

fn scope(query: &ResultsQuery, signed: &Signed) -> PageResult<Option<UnitCode>> {
    let raw = query.unit.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    UnitCode::parse(raw)
        .map(Some)
        .map_err(|_| PageError::not_found(signed.lang))
}

async fn report(
    state: &AppState,
    signed: &Signed,
    access: &CampaignAccess,
    query: &ResultsQuery,
) -> PageResult<CampaignReport> {
    let scope = scope(query, signed)?;
    campaign_report(&state.db, access, scope.as_ref())
        .await
        .in_lang(signed.lang)
}

fn href(id: i64) -> impl Fn(&str) -> String {
    move |code: &str| format!("/surveys/campaigns/{id}/results?unit={code}")
}

/// Per construct, its mean by child unit (or by sector when the unit has
/// no child units); a hidden group draws no bar.
pub(super) fn charts(view: &ReportView<'_>, lang: chibo_i18n::Lang) -> Vec<String> {
    let report = view.report;
    let breakdown: &Breakdown = report
        .results
        .children
        .as_ref()
        .filter(|b| !b.groups.is_empty())
        .unwrap_or(&report.results.sectors);
    let format = |v: f64| number(v, 2, lang);
    report
        .instrument
        .constructs
        .iter()
        .map(|construct| {
            let bars = breakdown
                .groups
                .iter()
                .map(|group| Bar {
                    label: view.group_label(
                        &group.key,
                        match &breakdown.kind {
                            BreakdownKind::Demographic { item } => Some(item.as_str()),
                            _ => None,
                        },
                        lang,
                    ),
                    value: group.results.shown().and_then(|g| {
                        g.constructs
                            .iter()
                            .find(|c| c.construct == construct.name)
                            .and_then(|c| c.score.shown())
                            .map(|s| s.mean)
                    }),
                    target: None,
                })
                .collect();
            let title = chibo_i18n::render(
                lang,
                &chibo_domain::Message::new("survey-results-chart")
                    .arg("construct", view.construct(&construct.name, lang)),
            );
            bar_chart(&BarChart {
                aria_label: title.clone(),
                title,
                bars,
                target: None,
                bar_target_label: None,
                x_range: None,
                format: &format,
            })
        })
        .chain(waves_chart(view, lang))
        .collect()
}

/// Each construct's mean before and after, when two campaigns are
/// compared; a comparison withheld draws no bar.
fn waves_chart(view: &ReportView<'_>, lang: chibo_i18n::Lang) -> Option<String> {
    let waves = view.waves.as_ref()?;
    let format = |v: f64| number(v, 2, lang);
    let mut bars = Vec::new();
    for change in &waves.comparison.constructs {
        let name = view.construct(&change.construct, lang);
        let shown = change.independent.shown();
        // Titles may repeat from wave to wave: "before" and "after" do not.
        for (when, mean) in [
            ("survey-results-mean-before", shown.map(|i| i.mean_before)),
            ("survey-results-mean-after", shown.map(|i| i.mean_after)),
        ] {
            bars.push(Bar {
                label: format!("{name} — {}", chibo_i18n::text(lang, when)),
                value: mean,
                target: None,
            });
        }
    }
    let title = chibo_i18n::text(lang, "survey-results-waves-chart");
    Some(bar_chart(&BarChart {
        aria_label: title.clone(),
        title,
        bars,
        target: None,
        bar_target_label: None,
        x_range: None,
        format: &format,
    }))
}

pub async fn page(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<String>,
    Query(query): Query<ResultsQuery>,
) -> PageResult {
    let lang = signed.lang;
    let access = access(&state, &signed, &id).await?;
    let campaign_id = access.campaign().id;
    let mut layout = campaign_layout(&state, &signed, &access, "survey-campaigns-title").await;
    layout.crumbs.push(Crumb {
        href: format!("/surveys/campaigns/{campaign_id}"),
        label: access.campaign().title.clone(),
    });
    layout.title = chibo_i18n::text(lang, "survey-results-title");
    if access.campaign().state != CampaignState::Closed {
        // Nothing is released before closing, not even which units exist.
        scope(&query, &signed)?;
        return Ok(render(&ResultsPage {
            layout,
            id: campaign_id,
            closed: false,
            query: String::new(),
            unit: String::new(),
            choices: Vec::new(),
            charts: Vec::new(),
            tables: Vec::new(),
        }));
    }
    let built = build(&state, &signed, &access, &query).await?;
    let report = &built.report;
    for (code, name) in report.path.iter().skip(1) {
        layout.crumbs.push(Crumb {
            href: href(campaign_id)(code.as_str()),
            label: name.clone(),
        });
    }
    layout.title = format!(
        "{} — {}",
        chibo_i18n::text(lang, "survey-results-title"),
        report.plan.unit.name
    );
    let scoped = href(campaign_id);
    let unit = (!query.unit.trim().is_empty()).then_some(report.plan.unit.code.as_str());
    let compare: Option<i64> = query.compare.trim().parse().ok();
    let choices = comparable_campaigns(&state.db, &access)
        .await
        .in_lang(lang)?
        .into_iter()
        .map(|c: Campaign| Choice {
            selected: Some(c.id) == compare,
            id: c.id,
            // Titles may repeat from one wave to the next; the dates tell
            // the campaigns apart.
            title: format!(
                "{} ({} – {})",
                c.title,
                c.opens_on.format("%d/%m/%Y"),
                c.closes_on.format("%d/%m/%Y")
            ),
        })
        .collect();
    let view = built.view();
    Ok(render(&ResultsPage {
        layout,
        id: campaign_id,
        closed: true,
        query: query.text(unit),
        unit: unit.unwrap_or_default().to_owned(),
        choices,
        charts: charts(&view, lang),
        tables: tables(&view, lang, &scoped),
    }))
}

/// `results.csv` (one long table: section, row, column, value) or
/// `results.xlsx` (one sheet per table).
pub async fn download(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, file)): Path<(String, String)>,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, PageError> {
    let lang = signed.lang;
    let csv = match file.as_str() {
        "results.csv" => true,
        "results.xlsx" => false,
        _ => return Err(PageError::not_found(lang)),
    };
    let access = access(&state, &signed, &id).await?;
    let built = build(&state, &signed, &access, &query).await?;
    let campaign_id = access.campaign().id;
    let tables = tables(&built.view(), lang, &href(campaign_id));
    let base = format!(
        "{} {} {}",
        chibo_i18n::text(lang, "survey-results-title"),
        campaign_id,
        built.report.plan.unit.code
    );
    if csv {
        Ok(crate::download::file_response(
            to_csv(&long_table(&tables, lang)),
            &format!("{base}.csv"),
            crate::download::CSV,
        ))
    } else {
        let sheets: Vec<Table> = tables.iter().map(ResultTable::export).collect();
        Ok(crate::download::file_response(
            to_xlsx(&sheets).in_lang(lang)?,
            &format!("{base}.xlsx"),
            crate::download::XLSX,
        ))
    }
}

/// All tables in one: a line per figure, named by its table, its row's
/// first cell and its column, so that one CSV file holds them all.
pub(crate) fn long_table(tables: &[ResultTable], lang: chibo_i18n::Lang) -> Table {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let mut rows = Vec::new();
    for table in tables {
        for row in &table.rows {
            let Some(first) = row.first() else { continue };
            if row.len() == 1 {
                rows.push(vec![
                    TableValue::Text(table.title.clone()),
                    TableValue::Text(String::new()),
                    TableValue::Text(table.columns.first().cloned().unwrap_or_default()),
                    first.value.clone(),
                ]);
            }
            for (column, cell) in table.columns.iter().zip(row).skip(1) {
                rows.push(vec![
                    TableValue::Text(table.title.clone()),
                    first.value.clone(),
                    TableValue::Text(column.clone()),
                    cell.value.clone(),
                ]);
            }
        }
    }
    Table {
        title: t("survey-results-title"),
        columns: vec![
            t("survey-results-table"),
            t("survey-results-row"),
            t("survey-results-column"),
            t("survey-results-value"),
        ],
        rows,
    }
}
