//! `/surveys/campaigns/{id}/results` (and `results.csv`, `results.xlsx`):
//! a closed campaign's results for the committee that runs it, or, with
//! `?unit=CODE`, for one unit of its subtree, each child unit's name
//! leading one level down. Figures come from core behind the suppression
//! rules; a hidden one is written as its reason everywhere.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chibo_core::surveys::campaigns::{CampaignAccess, CampaignState, campaign_access};
use chibo_core::surveys::report::{CampaignReport, campaign_report};
use chibo_core::surveys::results::{Breakdown, GroupKey};
use chibo_core::table_export::{Table, TableValue, to_csv, to_xlsx};
use chibo_domain::UnitCode;
use serde::Deserialize;

use super::campaign::campaign_layout;
use super::results_tables::{ResultTable, tables};
use crate::AppState;
use crate::charts::{Bar, BarChart, bar_chart};
use crate::error::{InLang, PageError, PageResult};
use crate::layout::{Crumb, Layout};
use crate::pages::dashboard::format::number;
use crate::pages::render;
use crate::session::Signed;

#[derive(Debug, Default, Deserialize)]
pub struct ResultsQuery {
    #[serde(default)]
    unit: String,
}

#[derive(Template)]
#[template(path = "survey_results.html")]
struct ResultsPage {
    layout: Layout,
    id: i64,
    closed: bool,
    query: String,
    charts: Vec<String>,
    tables: Vec<ResultTable>,
}

async fn access(state: &AppState, signed: &Signed, raw: &str) -> PageResult<CampaignAccess> {
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
fn charts(report: &CampaignReport, lang: chibo_i18n::Lang) -> Vec<String> {
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
                    label: match &group.key {
                        GroupKey::Unit(label) => label.name.clone(),
                        GroupKey::Sector(code) => code.clone(),
                        GroupKey::Choice(value) => value.clone(),
                        GroupKey::OtherCells => {
                            chibo_i18n::text(lang, "survey-results-other-cells")
                        }
                        GroupKey::NoSector => chibo_i18n::text(lang, "survey-results-no-sector"),
                        GroupKey::NotAnswered => {
                            chibo_i18n::text(lang, "survey-results-not-answered")
                        }
                    },
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
                    .arg("construct", construct.name.clone()),
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
        .collect()
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
            charts: Vec::new(),
            tables: Vec::new(),
        }));
    }
    let report = report(&state, &signed, &access, &query).await?;
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
    let query_text = if query.unit.trim().is_empty() {
        String::new()
    } else {
        format!("?unit={}", report.plan.unit.code)
    };
    Ok(render(&ResultsPage {
        layout,
        id: campaign_id,
        closed: true,
        query: query_text,
        charts: charts(&report, lang),
        tables: tables(&report, lang, &scoped),
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
    let report = report(&state, &signed, &access, &query).await?;
    let campaign_id = access.campaign().id;
    let tables = tables(&report, lang, &href(campaign_id));
    let base = format!(
        "{} {} {}",
        chibo_i18n::text(lang, "survey-results-title"),
        campaign_id,
        report.plan.unit.code
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
