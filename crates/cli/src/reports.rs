//! `chibo report minutes`: a held meeting's minutes as PDF or DOCX, the
//! same document the meeting page downloads. `chibo report unit` and
//! `chibo report city`: a unit's periodic report and a city's comparison
//! of its committees and sectors, the documents the dashboards download;
//! with `--each-child`, one report per direct sub-unit. `chibo report
//! directive|survey|experiment`: a directive's execution, a closed
//! campaign's results, an experiment's evaluation, as their pages
//! download them. The command line
//! acts as an administrator of the meeting's cell or the unit. Every file
//! appears whole or not at all: it is written beside the target and
//! renamed into place.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chibo_core::access::{ReadAggregates, ReadDatasets, ReadPeople, unit_access};
use chibo_core::dashboards::{History, Reach, unit_lines};
use chibo_core::meetings::meeting_access;
use chibo_core::operator::Operator;
use chibo_core::resident_rows::ResidentRows;
use chibo_core::surveys::campaigns::operator_campaign_access;
use chibo_core::surveys::report::campaign_report;
use chibo_core::{Clock, CoreError, Db};
use chibo_demo::Progress as _;
use chibo_domain::Message;
use chibo_domain::UnitCode;
use chibo_domain::access::Role;
use chibo_store::{GrantRecord, OpenMode, Store};
use chibo_web::minutes_document::{MinutesFormat, minutes_document};
use chibo_web::reports::{NamedReport, directive_report, experiment_report, survey_report};
use chibo_web::survey_exports::{ResultsSource, sector_names};
use chibo_web::unit_report::{ReportKind, report_window, unit_report};

use crate::args::{Cli, ReportCommand, ReportFormat};
use crate::directives::operator_actor;
use crate::output::{CliError, Output};
use crate::progress::Bars;

pub async fn run(
    cli: &Cli,
    command: &ReportCommand,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    match command {
        ReportCommand::Minutes {
            meeting,
            format,
            out: file,
        } => {
            let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
            let db = Db::from(&store);
            let today = clock.today();
            let not_found =
                || CliError::Refused(Message::new("cli-meeting-not-found").arg("id", meeting));
            let stored = store.meeting(*meeting).await?.ok_or_else(not_found)?;
            let actor = Operator::command_line().act_as(
                0,
                "cli",
                vec![GrantRecord {
                    id: 0,
                    account_id: 0,
                    role: Role::Administrator,
                    unit: stored.cell.clone(),
                    unit_name: String::new(),
                }],
            );
            let access = meeting_access::<ReadPeople>(&db, &actor, *meeting, today).await?;
            let document = minutes_document(&db, &access, cli.lang, today).await?;
            let bytes = write(file_format(*format), &document)?;
            write_whole(file, &bytes)?;
            out.say(&Message::new("report-written").arg("file", file.display()));
            Ok(())
        }
        ReportCommand::Unit {
            unit,
            period,
            format,
            each_child: false,
            out: file,
        } => {
            one_report(
                cli,
                unit,
                period,
                *format,
                ReportKind::Unit,
                file,
                out,
                clock,
            )
            .await
        }
        ReportCommand::City {
            unit,
            period,
            format,
            out: file,
        } => {
            one_report(
                cli,
                unit,
                period,
                *format,
                ReportKind::City,
                file,
                out,
                clock,
            )
            .await
        }
        ReportCommand::Unit {
            unit,
            period,
            format,
            each_child: true,
            out: dir,
        } => each_child(cli, unit, period, *format, dir, out, clock).await,
        ReportCommand::Directive {
            unit,
            id,
            format,
            out: file,
        } => {
            let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
            let db = Db::from(&store);
            let today = clock.today();
            let access =
                unit_access::<ReadAggregates>(&db, &operator_actor(unit), unit, today).await?;
            let report = directive_report(&db, &access, *id, cli.lang, today).await?;
            finish(report, *format, file, out).await
        }
        ReportCommand::Survey {
            campaign,
            unit,
            format,
            out: file,
        } => {
            let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
            let db = Db::from(&store);
            let today = clock.today();
            let access =
                operator_campaign_access(Operator::command_line(), &db, *campaign, today).await?;
            // The figures of `chibo survey results`: the results page's
            // tables without the meeting indicators, which need a reader.
            let source = ResultsSource {
                report: campaign_report(&db, &access, unit.as_ref()).await?,
                sectors: sector_names(&db).await?,
                meetings: None,
            };
            let report = survey_report(&access, &source.view(), cli.lang, today);
            finish(report, *format, file, out).await
        }
        ReportCommand::Experiment {
            id,
            format,
            out: file,
        } => {
            let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
            let db = Db::from(&store);
            let today = clock.today();
            let access = crate::experiments::access::<ReadDatasets>(&store, *id, today).await?;
            let report = experiment_report(&db, &access, cli.lang, today).await?;
            finish(report, *format, file, out).await
        }
    }
}

/// Typesets `report` off the runtime and writes it whole.
async fn finish(
    report: NamedReport,
    format: ReportFormat,
    file: &Path,
    out: &Output,
) -> Result<(), CliError> {
    let format = file_format(format);
    let document = report.document;
    let bytes = tokio::task::spawn_blocking(move || write(format, &document))
        .await
        .map_err(|e| CliError::Refused(Message::new("cli-report-failed").arg("detail", e)))??;
    write_whole(file, &bytes)?;
    out.say(&Message::new("report-written").arg("file", file.display()));
    Ok(())
}

fn file_format(format: ReportFormat) -> MinutesFormat {
    match format {
        ReportFormat::Pdf => MinutesFormat::Pdf,
        ReportFormat::Docx => MinutesFormat::Docx,
    }
}

fn write(format: MinutesFormat, document: &chibo_report::Document) -> Result<Vec<u8>, CliError> {
    format
        .write(document)
        .map_err(|e| CliError::Refused(Message::new("cli-report-failed").arg("detail", e)))
}

#[allow(clippy::too_many_arguments, reason = "one command's options")]
async fn one_report(
    cli: &Cli,
    unit: &UnitCode,
    period: &str,
    format: ReportFormat,
    kind: ReportKind,
    file: &Path,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
    let db = Db::from(&store);
    let today = clock.today();
    let resident = ResidentRows::default();
    let access = unit_access::<ReadAggregates>(&db, &operator_actor(unit), unit, today).await?;
    let window = report_window(&access, period, today)?;
    let document = unit_report(&db, &resident, access, window, kind, cli.lang, today).await?;
    let bytes = write(file_format(format), &document)?;
    write_whole(file, &bytes)?;
    out.say(&Message::new("report-written").arg("file", file.display()));
    Ok(())
}

/// One report per direct sub-unit of `unit` on the period's view day,
/// named by the sub-unit's code. Each file is whole when it appears; a
/// failure stops the batch and leaves the files already written.
async fn each_child(
    cli: &Cli,
    unit: &UnitCode,
    period: &str,
    format: ReportFormat,
    dir: &Path,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
    let db = Db::from(&store);
    let today = clock.today();
    let resident = ResidentRows::default();
    let access = unit_access::<ReadAggregates>(&db, &operator_actor(unit), unit, today).await?;
    let window = report_window(&access, period, today)?;
    let children: Vec<UnitCode> = unit_lines(
        &db,
        &resident,
        &access,
        &window,
        Reach::Children,
        History::AsItStood,
        &[],
    )
    .await?
    .into_iter()
    .filter(|line| line.depth == 1)
    .map(|line| line.code)
    .collect();
    if children.is_empty() {
        return Err(CliError::Refused(
            Message::new("cli-report-no-children").arg("unit", unit),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|source| {
        CliError::Core(CoreError::Io {
            path: dir.display().to_string(),
            source,
        })
    })?;
    let format = file_format(format);
    let bars = Bars::new(out);
    bars.stage("reports", children.len() as u64);
    for child in &children {
        let access =
            unit_access::<ReadAggregates>(&db, &operator_actor(child), child, today).await?;
        let window = report_window(&access, period, today)?;
        let document = unit_report(
            &db,
            &resident,
            access,
            window,
            ReportKind::Unit,
            cli.lang,
            today,
        )
        .await?;
        // Typesetting is CPU work: off the runtime, as the server does it.
        let bytes = tokio::task::spawn_blocking(move || write(format, &document))
            .await
            .map_err(|e| CliError::Refused(Message::new("cli-report-failed").arg("detail", e)))??;
        write_whole(&dir.join(format!("{child}.{}", format.extension())), &bytes)?;
        bars.advance(1);
    }
    bars.finish();
    out.say(
        &Message::new("cli-report-unit-each-written")
            .arg("count", children.len())
            .arg("dir", dir.display()),
    );
    Ok(())
}

/// Writes `bytes` to a new file beside `target`, then renames it over
/// `target`: an interrupted run leaves no half-written report.
fn write_whole(target: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let io = |path: &Path, source| {
        CliError::Core(CoreError::Io {
            path: path.display().to_string(),
            source,
        })
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".to_owned());
    let temporary: PathBuf =
        target.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        });
    if let Err(source) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(io(&temporary, source));
    }
    std::fs::rename(&temporary, target).map_err(|source| {
        let _ = std::fs::remove_file(&temporary);
        io(target, source)
    })
}
