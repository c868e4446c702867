//! A closed campaign's results as a file or a JSON body, built from the
//! results page's own tables (`pages/surveys/results_tables.rs`): the API,
//! its downloads and `chibo survey results` show exactly the figures the
//! page shows, each hidden one as its reason.

use std::sync::Arc;

use chibo_core::access::Actor;
use chibo_core::dashboards::Overview;
use chibo_core::resident_rows::ResidentRows;
use chibo_core::surveys::campaigns::Campaign;
use chibo_core::surveys::meetings_beside::{campaign_period, meeting_indicators};
use chibo_core::surveys::report::CampaignReport;
use chibo_core::table_export::{Table, TableValue, to_csv, to_xlsx};
use chibo_core::{CoreError, Db};
use chibo_domain::{NaiveDate, UnitCode};
use chibo_i18n::Lang;
use chrono::Datelike;

use crate::api::survey_bodies::{SurveyResultCell, SurveyResultTable, SurveyResults};
use crate::cache::SectorNames;
use crate::pages::surveys::results::long_table;
use crate::pages::surveys::results_tables::{ReportView, ResultTable, tables};

/// What a results file is built from, owned: the report, the sectors'
/// names, and the unit's meeting indicators over the campaign's months
/// (with those months as tables write them) when the reader may see them.
pub struct ResultsSource {
    pub report: CampaignReport,
    pub sectors: Arc<SectorNames>,
    pub meetings: Option<(Overview, String, String)>,
}

impl ResultsSource {
    /// The view the results page's builder takes, without a second campaign.
    pub fn view(&self) -> ReportView<'_> {
        ReportView {
            report: &self.report,
            sectors: &self.sectors,
            waves: None,
            meetings: self
                .meetings
                .as_ref()
                .map(|(view, from, to)| (view, from.clone(), to.clone())),
        }
    }
}

/// The sectors' names as the results name them, read afresh (for the
/// command line, which keeps no cache).
pub async fn sector_names(db: &Db) -> Result<Arc<SectorNames>, CoreError> {
    crate::cache::SectorCache::default().names(db, 0).await
}

/// "03/2026": a month as tables write it.
pub fn month_text(day: NaiveDate) -> String {
    format!("{:02}/{}", day.month(), day.year())
}

/// The unit's meeting indicators over the campaign's months, for a reader
/// who may read its aggregates: the table the page shows beside the
/// constructs.
pub async fn meetings_beside(
    db: &Db,
    resident: &ResidentRows,
    actor: &Actor,
    campaign: &Campaign,
    unit: &UnitCode,
    today: NaiveDate,
) -> Result<Option<(Overview, String, String)>, CoreError> {
    Ok(
        meeting_indicators(db, resident, actor, campaign, unit, today)
            .await?
            .and_then(|view| {
                let period = campaign_period(campaign)?;
                Some((view, month_text(period.from()), month_text(period.to())))
            }),
    )
}

/// The formats of a results file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsFormat {
    /// One long table: table, row, column, value.
    Csv,
    /// A sheet per table.
    Xlsx,
    /// The API's body.
    Json,
}

impl ResultsFormat {
    pub fn parse(raw: &str) -> Option<ResultsFormat> {
        match raw {
            "csv" => Some(ResultsFormat::Csv),
            "xlsx" => Some(ResultsFormat::Xlsx),
            "json" => Some(ResultsFormat::Json),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ResultsFormat::Csv => "csv",
            ResultsFormat::Xlsx => "xlsx",
            ResultsFormat::Json => "json",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ResultsFormat::Csv => crate::download::CSV,
            ResultsFormat::Xlsx => crate::download::XLSX,
            ResultsFormat::Json => "application/json",
        }
    }
}

/// The tables of `report`; a child unit's link leads to the API's results
/// of that unit.
fn report_tables(source: &ResultsSource, campaign: i64, lang: Lang) -> Vec<ResultTable> {
    let href = move |code: &str| format!("/api/v1/survey-campaigns/{campaign}/results?unit={code}");
    tables(&source.view(), lang, &href)
}

fn value(value: &TableValue) -> Option<f64> {
    match value {
        TableValue::Integer(n) => Some(*n as f64),
        TableValue::Number { value, .. } | TableValue::Percent { value, .. } => {
            Some(*value).filter(|x| x.is_finite())
        }
        TableValue::Text(_) | TableValue::Empty => None,
    }
}

/// The results as the API answers them.
pub fn results_body(source: &ResultsSource, campaign: i64, lang: Lang) -> SurveyResults {
    let report = &source.report;
    SurveyResults {
        campaign,
        unit: report.plan.unit.code.clone(),
        unit_name: report.plan.unit.name.clone(),
        tables: report_tables(source, campaign, lang)
            .into_iter()
            .map(|table| SurveyResultTable {
                id: table.id.to_owned(),
                title: table.title,
                columns: table.columns,
                rows: table
                    .rows
                    .into_iter()
                    .map(|row| {
                        row.into_iter()
                            .map(|cell| SurveyResultCell {
                                value: if cell.hidden {
                                    None
                                } else {
                                    value(&cell.value)
                                },
                                text: cell.text,
                                hidden: cell.hidden,
                            })
                            .collect()
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The results as a file: its bytes and its name.
pub fn results_file(
    source: &ResultsSource,
    campaign: i64,
    lang: Lang,
    format: ResultsFormat,
) -> Result<(Vec<u8>, String), CoreError> {
    let name = format!(
        "{} {} {}.{}",
        chibo_i18n::text(lang, "survey-results-title"),
        campaign,
        source.report.plan.unit.code,
        format.extension()
    );
    let bytes = match format {
        ResultsFormat::Csv => to_csv(&long_table(&report_tables(source, campaign, lang), lang)),
        ResultsFormat::Xlsx => {
            let sheets: Vec<Table> = report_tables(source, campaign, lang)
                .iter()
                .map(ResultTable::export)
                .collect();
            to_xlsx(&sheets)?
        }
        ResultsFormat::Json => {
            let mut bytes = serde_json::to_vec_pretty(&results_body(source, campaign, lang))
                .map_err(|e| {
                    CoreError::refused(
                        chibo_domain::Message::new("dataset-package-failed")
                            .arg("detail", e.to_string()),
                    )
                })?;
            bytes.push(b'\n');
            bytes
        }
    };
    Ok((bytes, name))
}
