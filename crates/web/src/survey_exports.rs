//! A closed campaign's results as a file or a JSON body, built from the
//! results page's own tables (`pages/surveys/results_tables.rs`): the API,
//! its downloads and `chibo survey results` show exactly the figures the
//! page shows, each hidden one as its reason.

use chibo_core::CoreError;
use chibo_core::surveys::report::CampaignReport;
use chibo_core::table_export::{Table, TableValue, to_csv, to_xlsx};
use chibo_i18n::Lang;

use crate::api::survey_bodies::{SurveyResultCell, SurveyResultTable, SurveyResults};
use crate::pages::surveys::results::long_table;
use crate::pages::surveys::results_tables::{ResultTable, tables};

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
fn report_tables(report: &CampaignReport, campaign: i64, lang: Lang) -> Vec<ResultTable> {
    let href = move |code: &str| format!("/api/v1/survey-campaigns/{campaign}/results?unit={code}");
    tables(report, lang, &href)
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
pub fn results_body(report: &CampaignReport, campaign: i64, lang: Lang) -> SurveyResults {
    SurveyResults {
        campaign,
        unit: report.plan.unit.code.clone(),
        unit_name: report.plan.unit.name.clone(),
        tables: report_tables(report, campaign, lang)
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
    report: &CampaignReport,
    campaign: i64,
    lang: Lang,
    format: ResultsFormat,
) -> Result<(Vec<u8>, String), CoreError> {
    let name = format!(
        "{} {} {}.{}",
        chibo_i18n::text(lang, "survey-results-title"),
        campaign,
        report.plan.unit.code,
        format.extension()
    );
    let bytes = match format {
        ResultsFormat::Csv => to_csv(&long_table(&report_tables(report, campaign, lang), lang)),
        ResultsFormat::Xlsx => {
            let sheets: Vec<Table> = report_tables(report, campaign, lang)
                .iter()
                .map(ResultTable::export)
                .collect();
            to_xlsx(&sheets)?
        }
        ResultsFormat::Json => {
            let mut bytes = serde_json::to_vec_pretty(&results_body(report, campaign, lang))
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
