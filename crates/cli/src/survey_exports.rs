//! `chibo survey results` and `chibo survey dataset`: a closed campaign's
//! results as the results page and the API give them (the web crate's
//! builder, so the figures and the hidden reasons are the same), and the
//! researchers' k-anonymous response file with its codebook.

use std::io::Write as _;
use std::path::Path;

use chibo_core::operator::Operator;
use chibo_core::surveys::campaigns::operator_campaign_access;
use chibo_core::surveys::dataset::{operator_dataset_access, response_file};
use chibo_core::surveys::dataset_codebook::zip;
use chibo_core::surveys::report::campaign_report;
use chibo_core::{CoreError, Db};
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_i18n::Lang;
use chibo_web::survey_exports::{ResultsFormat, ResultsSource, results_file, sector_names};

use crate::args::SurveyResultsFormat;
use crate::output::{CliError, Output};

/// What both commands need.
pub struct Target<'a> {
    pub db: &'a Db,
    pub operator: Operator,
    pub today: NaiveDate,
    pub lang: Lang,
    pub out: &'a Output,
}

fn write(file: &Path, bytes: &[u8]) -> Result<(), CliError> {
    std::fs::write(file, bytes).map_err(|source| {
        CliError::Core(CoreError::Io {
            path: file.display().to_string(),
            source,
        })
    })
}

impl Target<'_> {
    pub async fn results(
        &self,
        campaign: i64,
        unit: Option<&UnitCode>,
        format: SurveyResultsFormat,
        file: Option<&Path>,
    ) -> Result<(), CliError> {
        let format = match format {
            SurveyResultsFormat::Csv => ResultsFormat::Csv,
            SurveyResultsFormat::Xlsx => ResultsFormat::Xlsx,
            SurveyResultsFormat::Json => ResultsFormat::Json,
        };
        let access = operator_campaign_access(self.operator, self.db, campaign, self.today).await?;
        let report = campaign_report(self.db, &access, unit).await?;
        // The meeting indicators beside the constructs need a reader's
        // grants and the server's resident rows: the page and the API add
        // them; the command line writes the survey's own tables.
        let source = ResultsSource {
            report,
            sectors: sector_names(self.db).await?,
            meetings: None,
        };
        let report = &source.report;
        let (bytes, _) = results_file(&source, campaign, self.lang, format)?;
        match file {
            Some(file) => {
                write(file, &bytes)?;
                self.out.say(
                    &Message::new("cli-survey-results-written")
                        .arg("campaign", campaign)
                        .arg("unit", report.plan.unit.code.as_str())
                        .arg("file", file.display()),
                );
            }
            None => std::io::stdout().write_all(&bytes).map_err(|source| {
                CliError::Core(CoreError::Io {
                    path: "stdout".to_owned(),
                    source,
                })
            })?,
        }
        Ok(())
    }

    pub async fn dataset(&self, campaign: i64, file: &Path) -> Result<(), CliError> {
        let access = operator_dataset_access(self.operator, self.db, campaign, self.today).await?;
        let responses = response_file(self.db, &access).await?;
        write(file, &zip(&responses, self.lang)?)?;
        let a = &responses.anonymity;
        self.out.say(
            &Message::new("cli-survey-dataset-written")
                .arg("rows", responses.rows.len())
                .arg("responses", a.responses)
                .arg("suppressed", a.rows_suppressed)
                .arg("file", file.display()),
        );
        Ok(())
    }
}
