//! `chibo rubric …`: the meeting rubrics as files. An import stores a new
//! version after checking all of it; a stored version is never replaced,
//! so scores keep meaning what they meant.

use chibo_core::Clock;
use chibo_core::Db;
use chibo_core::audit::AuditContext;
use chibo_core::rubrics::{RubricImport, export_rubric, import_rubric, rubrics};
use chibo_domain::Message;

use crate::args::RubricCommand;
use crate::output::{CliError, Output};

pub async fn run(
    store: &chibo_store::Store,
    command: &RubricCommand,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    match command {
        RubricCommand::List => {
            let list = rubrics(&Db::from(store)).await?;
            if out.json {
                let rows: Vec<_> = list
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "code": r.code, "version": r.version, "name_vi": r.name_vi,
                            "name_en": r.name_en, "effective_from": r.effective_from,
                            "source": r.source,
                        })
                    })
                    .collect();
                out.print_json(&rows);
            } else {
                for r in list {
                    println!(
                        "{}\tv{}\t{}\t{}",
                        r.code,
                        r.version,
                        chibo_i18n::format_date(r.effective_from),
                        r.name_vi
                    );
                }
            }
        }
        RubricCommand::Export {
            code,
            file,
            rubric_version,
        } => {
            let body = export_rubric(&Db::from(store), code, *rubric_version).await?;
            std::fs::write(file, body + "\n").map_err(|source| {
                CliError::Core(chibo_core::CoreError::Io {
                    path: file.display().to_string(),
                    source,
                })
            })?;
            out.say(
                &Message::new("cli-rubric-exported")
                    .arg("code", code)
                    .arg("file", file.display()),
            );
        }
        RubricCommand::Import { file } => {
            let body = std::fs::read_to_string(file).map_err(|source| {
                CliError::Core(chibo_core::CoreError::Io {
                    path: file.display().to_string(),
                    source,
                })
            })?;
            let name = file.display().to_string();
            let (rubric, outcome) = import_rubric(
                &Db::from(store),
                clock,
                &AuditContext::command_line(),
                &name,
                &body,
            )
            .await?;
            let id = match outcome {
                RubricImport::Added => "cli-rubric-added",
                RubricImport::Unchanged => "cli-rubric-unchanged",
            };
            out.say(
                &Message::new(id)
                    .arg("code", &rubric.code)
                    .arg("version", rubric.version),
            );
        }
    }
    Ok(())
}
