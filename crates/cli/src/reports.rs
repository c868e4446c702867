//! `chibo report minutes`: a held meeting's minutes as PDF or DOCX, the
//! same document the meeting page downloads. The command line acts as an
//! administrator of the meeting's cell. The file appears whole or not at
//! all: it is written beside the target and renamed into place.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chibo_core::access::ReadPeople;
use chibo_core::meetings::meeting_access;
use chibo_core::operator::Operator;
use chibo_core::{Clock, CoreError, Db};
use chibo_domain::Message;
use chibo_domain::access::Role;
use chibo_store::{GrantRecord, OpenMode, Store};
use chibo_web::minutes_document::{MinutesFormat, minutes_document};

use crate::args::{Cli, ReportCommand, ReportFormat};
use crate::output::{CliError, Output};

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
            let format = match format {
                ReportFormat::Pdf => MinutesFormat::Pdf,
                ReportFormat::Docx => MinutesFormat::Docx,
            };
            let bytes = format.write(&document).map_err(|e| {
                CliError::Refused(Message::new("cli-report-failed").arg("detail", e))
            })?;
            write_whole(file, &bytes)?;
            out.say(&Message::new("report-written").arg("file", file.display()));
            Ok(())
        }
    }
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
