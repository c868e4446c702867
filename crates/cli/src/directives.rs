//! `chibo directive …`: issue one directive, list a unit's register, and
//! import or export directives and their execution steps as CSV or XLSX.
//! The command line acts as an administrator of the unit it names.

use chibo_core::access::{EditUnits, ReadAggregates, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::directives::{
    AttachedFile, directive_events_table, directives_issued, directives_received, directives_table,
    import_directive_events, import_directives, issue_directive,
};
use chibo_core::export::Format;
use chibo_core::operator::Operator;
use chibo_core::table_export::{to_csv, to_xlsx};
use chibo_core::{Clock, CoreError, Db, Problem};
use chibo_domain::access::Role;
use chibo_domain::directive::{
    Deadlines, Directive, DirectiveKey, DocumentNumber, Due, Level, LevelDeadlines, Stage, Target,
    UnitFilter,
};
use chibo_domain::unit::UnitKind;
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_store::{GrantRecord, OpenMode, Store};

use crate::args::{Cli, DirectiveCommand};
use crate::commands::{read, report};
use crate::output::{CliError, Output};

pub(crate) fn operator_actor(unit: &UnitCode) -> chibo_core::access::Actor {
    Operator::command_line().act_as(
        0,
        "cli",
        vec![GrantRecord {
            id: 0,
            account_id: 0,
            role: Role::Administrator,
            unit: unit.clone(),
            unit_name: String::new(),
        }],
    )
}

fn invalid(field: &str, message: Message) -> CliError {
    CliError::Core(CoreError::invalid(Problem::in_field(field, message)))
}

/// `LEVEL_STAGE=VALUE` into the deadlines.
fn deadlines(raw: &[String]) -> Result<Deadlines, CliError> {
    let mut deadlines = Deadlines::default();
    for entry in raw {
        let bad = || {
            invalid(
                "deadline",
                Message::new("cli-directive-deadline").arg("value", entry),
            )
        };
        let (key, value) = entry.split_once('=').ok_or_else(bad)?;
        let (level, stage) = Level::ALL
            .into_iter()
            .flat_map(|l| Stage::ALL.into_iter().map(move |s| (l, s)))
            .find(|(l, s)| format!("{}_{}", l.code(), s.field()) == key.trim())
            .ok_or_else(bad)?;
        let due = if value.trim() == chibo_core::directives::NEXT_MEETING {
            Due::NextRegularMeeting
        } else {
            Due::On(chibo_core::values::parse_date(value).ok_or_else(bad)?)
        };
        let mut found = deadlines.of(level);
        match stage {
            Stage::Teach => found.teach_by = Some(due),
            Stage::Plan => found.plan_by = Some(due),
            Stage::Report => found.report_by = Some(due),
            Stage::CarryOut => found.carry_out_by = Some(due),
        }
        if found != LevelDeadlines::default() {
            deadlines.set(level, found);
        }
    }
    Ok(deadlines)
}

pub async fn run(
    cli: &Cli,
    command: &DirectiveCommand,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
    let db = Db::from(&store);
    let author = AuditContext::command_line();
    let today = clock.today();
    match command {
        DirectiveCommand::Import {
            file,
            steps,
            dry_run,
            limits,
        } => {
            let table = read(file, limits)?;
            let done = if *steps {
                import_directive_events(
                    Operator::command_line(),
                    &db,
                    clock,
                    &author,
                    &table,
                    *dry_run,
                )
                .await?
            } else {
                import_directives(
                    Operator::command_line(),
                    &db,
                    clock,
                    &author,
                    &table,
                    *dry_run,
                )
                .await?
            };
            report(out, &done);
        }
        DirectiveCommand::Export {
            unit,
            steps,
            from,
            to,
            file,
        } => {
            let format = Format::from_path(file).ok_or_else(|| {
                CliError::Refused(
                    Message::new("err-file-format").arg(
                        "ext",
                        file.extension()
                            .map(|e| e.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                    ),
                )
            })?;
            let access =
                unit_access::<ReadAggregates>(&db, &operator_actor(unit), unit, today).await?;
            let from = from.unwrap_or(NaiveDate::from_ymd_opt(1930, 1, 1).unwrap_or(today));
            let to = to.unwrap_or(today);
            let table = if *steps {
                directive_events_table(&db, &access, from, to).await?
            } else {
                directives_table(&db, &access, from, to).await?
            };
            let bytes = match format {
                Format::Csv => to_csv(&table),
                Format::Xlsx => to_xlsx(std::slice::from_ref(&table))?,
            };
            std::fs::write(file, bytes).map_err(|source| {
                CliError::Core(CoreError::Io {
                    path: file.display().to_string(),
                    source,
                })
            })?;
            out.say(
                &Message::new("cli-export-done")
                    .arg("count", table.rows.len())
                    .arg("path", file.display()),
            );
        }
        DirectiveCommand::List { unit, received } => {
            let access =
                unit_access::<ReadAggregates>(&db, &operator_actor(unit), unit, today).await?;
            let from = NaiveDate::from_ymd_opt(1930, 1, 1).unwrap_or(today);
            let list = if *received {
                directives_received(&db, &access, from, today).await?
            } else {
                directives_issued(&db, &access, from, today).await?
            };
            if out.json {
                let rows: Vec<_> = list
                    .iter()
                    .map(|d| {
                        serde_json::json!({
                            "id": d.id,
                            "issuer": d.issuer.as_str(),
                            "number": d.number,
                            "issued_on": d.issued_on,
                            "title": d.title,
                            "must_teach": d.must_teach,
                        })
                    })
                    .collect();
                out.print_json(&rows);
            } else {
                for d in &list {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        d.id,
                        d.issuer,
                        d.number,
                        d.issued_on.format("%d/%m/%Y"),
                        d.title
                    );
                }
            }
        }
        DirectiveCommand::Issue {
            issuer,
            number,
            date,
            title,
            summary,
            teach,
            units,
            kinds,
            deadline,
            attach,
        } => {
            let number = DocumentNumber::parse(number).map_err(|e| {
                CliError::Core(CoreError::invalid(Problem::in_field("number", e.message())))
            })?;
            let kinds = kinds
                .iter()
                .map(|k| {
                    UnitKind::parse(k).ok_or_else(|| {
                        invalid(
                            "kinds",
                            Message::new("directive-import-kind").arg("value", k),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let target = if units.is_empty() {
                Target::Subtree(UnitFilter {
                    kinds,
                    sectors: Vec::new(),
                })
            } else {
                Target::Units(units.clone())
            };
            let directive = Directive {
                doc_type: number.doc_type(),
                key: DirectiveKey::new(number, *date),
                title: title.clone(),
                summary: summary.clone(),
                issuer: issuer.clone(),
                must_teach: *teach,
                target,
                deadlines: deadlines(deadline)?,
                implements: None,
            };
            let file = match attach {
                Some(path) => Some(AttachedFile {
                    file_name: path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    content: std::fs::read(path).map_err(|source| {
                        CliError::Core(CoreError::Io {
                            path: path.display().to_string(),
                            source,
                        })
                    })?,
                }),
                None => None,
            };
            let access =
                unit_access::<EditUnits>(&db, &operator_actor(issuer), issuer, today).await?;
            let id = issue_directive(
                &db,
                clock,
                &access,
                &author,
                &directive,
                file.as_ref(),
                false,
            )
            .await?;
            out.say(
                &Message::new("cli-directive-issued")
                    .arg("id", id)
                    .arg("number", directive.key.number.as_str()),
            );
        }
    }
    Ok(())
}
