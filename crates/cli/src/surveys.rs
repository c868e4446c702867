//! `chibo survey …`: instruments as XLSForm workbooks, campaigns and their
//! one-time codes, answers imported from a file, a closed campaign's
//! results and researchers' response file (`survey_exports`). The command line acts as an administrator (see
//! `chibo_core::operator`); answers are never read or printed here.

use std::path::Path;

use chibo_core::audit::AuditContext;
use chibo_core::operator::Operator;
use chibo_core::surveys::answers_import::{AnswersFile, AnswersImportOptions, import_answers};
use chibo_core::surveys::campaigns::{
    CampaignRequest, SampleRequest, campaigns, close_campaign, create_campaign, open_campaign,
    operator_campaign_access,
};
use chibo_core::surveys::codes::{codes_csv, issue_codes};
use chibo_core::surveys::instruments::{
    check_xlsform, export_instrument, import_instrument, instruments,
};
use chibo_core::surveys::{SurveySampling, operator_design, operator_unit_access};
use chibo_core::tabular::ReadLimits;
use chibo_core::{Clock, CoreError, Db};
use chibo_domain::Message;
use chibo_store::{OpenMode, Store};

use crate::args::{
    Cli, FileLimits, SurveyAnswersCommand, SurveyCampaignCommand, SurveyCommand, SurveyFormCommand,
};
use crate::output::{CliError, Output};

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> CliError + '_ {
    move |source| {
        CliError::Core(CoreError::Io {
            path: path.display().to_string(),
            source,
        })
    }
}

/// The workbook's bytes, refused before reading when larger than allowed.
fn read_workbook(file: &Path, limits: &FileLimits) -> Result<(Vec<u8>, ReadLimits), CliError> {
    let max = limits.max_file_mb * 1024 * 1024;
    let size = std::fs::metadata(file).map_err(io_error(file))?.len();
    if size > max {
        return Err(CliError::Refused(
            Message::new("err-file-too-large").arg("limit", limits.max_file_mb),
        ));
    }
    let bytes = std::fs::read(file).map_err(io_error(file))?;
    Ok((bytes, ReadLimits::command_line(max)))
}

fn name_of(file: &Path) -> String {
    file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

pub async fn run(
    cli: &Cli,
    command: &SurveyCommand,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    // Checking a file needs no database.
    if let SurveyCommand::Form(SurveyFormCommand::Check { file, limits }) = command {
        let (bytes, limits) = read_workbook(file, limits)?;
        let form = check_xlsform(&name_of(file), &bytes, limits).map_err(CoreError::Invalid)?;
        out.say(
            &Message::new("cli-survey-form-valid")
                .arg("form", &form.form_id)
                .arg("version", &form.version)
                .arg("items", form.items.iter().filter(|i| i.kind.asks()).count()),
        );
        return Ok(());
    }
    let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
    let db = Db::from(&store);
    let operator = Operator::command_line();
    let author = AuditContext::command_line();
    let today = clock.today();
    let exports = crate::survey_exports::Target {
        db: &db,
        operator,
        today,
        lang: cli.lang,
        out,
    };
    match command {
        SurveyCommand::Form(form) => match form {
            SurveyFormCommand::Check { .. } => {}
            SurveyFormCommand::Import { file, limits } => {
                let (bytes, limits) = read_workbook(file, limits)?;
                let stored = import_instrument(
                    &db,
                    clock,
                    &operator_design(operator),
                    &author,
                    &name_of(file),
                    &bytes,
                    limits,
                )
                .await?;
                out.say(
                    &Message::new("cli-survey-form-imported")
                        .arg("form", &stored.form_id)
                        .arg("version", &stored.version),
                );
            }
            SurveyFormCommand::Export {
                form_id,
                form_version,
                file,
            } => {
                let bytes =
                    export_instrument(&db, &operator_design(operator), form_id, form_version)
                        .await?;
                std::fs::write(file, bytes).map_err(io_error(file))?;
                out.say(
                    &Message::new("cli-survey-form-exported")
                        .arg("form", form_id)
                        .arg("file", file.display()),
                );
            }
            SurveyFormCommand::List => {
                let list = instruments(&db, &operator_design(operator)).await?;
                if out.json {
                    let rows: Vec<_> = list
                        .iter()
                        .map(|v| {
                            serde_json::json!({
                                "form_id": v.form_id, "version": v.version, "title": v.title,
                                "is_default": v.is_default, "in_use": v.in_use,
                            })
                        })
                        .collect();
                    out.print_json(&rows);
                } else {
                    for v in list {
                        println!("{}\t{}\t{}", v.form_id, v.version, v.title);
                    }
                }
            }
        },
        SurveyCommand::Campaign(campaign) => match campaign {
            SurveyCampaignCommand::Create {
                unit,
                form,
                form_version,
                title,
                opens,
                closes,
                sample_per_sector,
                seed,
            } => {
                let access = operator_unit_access(operator, &db, unit, today).await?;
                let request = CampaignRequest {
                    form_id: form.clone(),
                    version: form_version.clone(),
                    title: title.clone(),
                    opens_on: *opens,
                    closes_on: *closes,
                    sample: sample_per_sector.map(|per_stratum| SampleRequest {
                        seed: *seed,
                        per_stratum,
                    }),
                };
                let created = create_campaign(&db, clock, &access, &author, &request).await?;
                let seed = match created.sampling {
                    SurveySampling::Stratified { seed, .. } => (seed as u64).to_string(),
                    SurveySampling::AllCells => "-".to_owned(),
                };
                out.say(
                    &Message::new("cli-survey-campaign-created")
                        .arg("id", created.id)
                        .arg("seed", seed),
                );
            }
            SurveyCampaignCommand::List { unit } => {
                let access = operator_unit_access(operator, &db, unit, today).await?;
                for c in campaigns(&db, &access).await? {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        c.id,
                        c.state.code(),
                        chibo_i18n::format_date(c.opens_on),
                        chibo_i18n::format_date(c.closes_on),
                        c.title
                    );
                }
            }
            SurveyCampaignCommand::Open { campaign } => {
                let access = operator_campaign_access(operator, &db, *campaign, today).await?;
                open_campaign(&db, clock, &access, &author).await?;
                out.say(&Message::new("cli-survey-campaign-opened").arg("id", campaign));
            }
            SurveyCampaignCommand::Close { campaign } => {
                let access = operator_campaign_access(operator, &db, *campaign, today).await?;
                close_campaign(&db, clock, &access, &author).await?;
                out.say(&Message::new("cli-survey-campaign-closed").arg("id", campaign));
            }
        },
        SurveyCommand::Answers(SurveyAnswersCommand::Import {
            campaign,
            file,
            ignore_metadata,
            limits,
        }) => {
            let (bytes, limits) = read_workbook(file, limits)?;
            let access = operator_campaign_access(operator, &db, *campaign, today).await?;
            let options = AnswersImportOptions {
                ignore_metadata: *ignore_metadata,
            };
            let report = import_answers(
                &db,
                clock,
                &access,
                &author,
                AnswersFile {
                    name: &name_of(file),
                    bytes: &bytes,
                    limits,
                },
                options,
            )
            .await?;
            if !report.dropped.is_empty() {
                out.say(
                    &Message::new("cli-survey-answers-dropped")
                        .arg("columns", report.dropped.join(", ")),
                );
            }
            out.say(
                &Message::new("cli-survey-answers-imported")
                    .arg("count", report.responses)
                    .arg("cells", report.per_cell.len())
                    .arg("id", campaign),
            );
        }
        SurveyCommand::Codes {
            campaign,
            per_cell,
            out: file,
        } => {
            // Never overwrite: an earlier file may hold the only copy of
            // codes already handed out.
            let mut target = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(file)
                .map_err(io_error(file))?;
            let access = operator_campaign_access(operator, &db, *campaign, today).await?;
            let issued = match issue_codes(&db, clock, &access, &author, *per_cell).await {
                Ok(issued) => issued,
                Err(e) => {
                    drop(target);
                    let _ = std::fs::remove_file(file);
                    return Err(e.into());
                }
            };
            let csv = codes_csv(&issued).map_err(io_error(file))?;
            std::io::Write::write_all(&mut target, &csv).map_err(io_error(file))?;
            out.say(
                &Message::new("cli-survey-codes-written")
                    .arg("count", issued.len())
                    .arg("file", file.display()),
            );
        }
        SurveyCommand::Results {
            campaign,
            unit,
            format,
            out: file,
        } => {
            exports
                .results(*campaign, unit.as_ref(), *format, file.as_deref())
                .await?;
        }
        SurveyCommand::Dataset {
            campaign,
            out: file,
        } => exports.dataset(*campaign, file).await?,
    }
    Ok(())
}
