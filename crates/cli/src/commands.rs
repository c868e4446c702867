//! What each command does: open the store, call the use case, report.

use chibo_core::Db;
use chibo_core::operator::Operator;
use std::path::Path;
use std::sync::Arc;

use chibo_core::audit::AuditContext;
use chibo_core::export::{Format, export_members, export_units};
use chibo_core::import::ImportReport;
use chibo_core::import::members::{MemberImportOptions, import_members};
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::org_ops::{Reorganization, reorganize};
use chibo_core::tabular::{ReadLimits, read_table};
use chibo_core::{Clock, CoreError, SystemClock, reference};
use chibo_domain::org::{NewUnit, SourceDocument, UnitChange};
use chibo_domain::text::Name;
use chibo_domain::unit::UnitKind;
use chibo_domain::{Message, NaiveDate};
use chibo_store::{OpenMode, ReplicaProblem, Store, StoreError};
use chrono::Datelike;

use crate::args::ScaleArg;
use crate::args::{
    Cli, Command, DocumentArgs, ExportCommand, FileLimits, ImportCommand, InitArgs, KindArg,
    OrgCommand, ServeArgs,
};
use crate::output::{CliError, Output};
use crate::progress::Bars;

pub async fn run(cli: &Cli, out: &Output) -> Result<(), CliError> {
    let clock = SystemClock;
    match &cli.command {
        Command::Init(args) => init(cli, args, out, &clock).await,
        Command::Serve(args) => {
            let mode = if args.demo {
                OpenMode::CreateIfMissing
            } else {
                OpenMode::MustExist
            };
            let read_url = args.read_database_url.as_deref().filter(|u| !u.is_empty());
            // The replica is checked before anything is created or upgraded,
            // so that a refused one leaves both databases as they were.
            if read_url.is_some() && chibo_store::sqlite_file(&cli.database_url).is_some() {
                return Err(StoreError::Replica(ReplicaProblem::PrimaryNotPostgres).into());
            }
            let store =
                Store::connect_for(&cli.database_url, mode, chibo_store::Workload::Serve).await?;
            let replica = match read_url {
                Some(url) => Some(store.connect_replica(url).await?),
                None => None,
            };
            // An upgrade by the server is backed up as one by `init` is.
            let backup_dir = args.backup_dir.as_deref();
            crate::backup::before_upgrade(&store, &cli.database_url, backup_dir, out, &clock)
                .await?;
            store.migrate().await?;
            if args.demo && store.member_count().await? == 0 {
                demo(&store, chibo_demo::Scale::City, args.seed, 0, out, &clock).await?;
            }
            serve(store, replica, args, out).await
        }
        Command::Demo(args) => {
            let scale = match args.scale {
                ScaleArg::City if args.meeting_months > 0 => {
                    return Err(CliError::Refused(Message::new(
                        "cli-demo-meeting-months-city",
                    )));
                }
                ScaleArg::City => chibo_demo::Scale::City,
                ScaleArg::National => chibo_demo::Scale::National,
            };
            let store = Store::open(&cli.database_url, OpenMode::CreateIfMissing).await?;
            demo(&store, scale, args.seed, args.meeting_months, out, &clock).await
        }
        Command::Import(command) => {
            let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
            import(&store, command, out, &clock).await
        }
        Command::Export(command) => {
            let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
            export(&store, command, out, &clock).await
        }
        Command::Analyze(args) => analyze(args, out),
        Command::User(command) => {
            let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
            crate::users::run(&store, command, out, &clock).await
        }
        Command::Org(command) => {
            let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
            org(&store, command, out, &clock).await
        }
        Command::Indicators(args) => {
            let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
            crate::indicators::run(&store, args, out, &clock).await
        }
        Command::Rubric(command) => {
            let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
            crate::rubrics::run(&store, command, out, &clock).await
        }
        Command::Survey(command) => crate::surveys::run(cli, command, out, &clock).await,
        Command::Backup(args) => crate::backup::backup(&cli.database_url, args, out, &clock).await,
        Command::Restore(args) => crate::backup::restore(&cli.database_url, args, out).await,
        Command::Directive(command) => crate::directives::run(cli, command, out, &clock).await,
        Command::Experiment(command) => crate::experiments::run(cli, command, out, &clock).await,
        Command::Rollout(command) => crate::rollout::run(cli, command, out, &clock).await,
        Command::Project(command) => crate::projects::run(cli, command, out, &clock).await,
        Command::Report(command) => crate::reports::run(cli, command, out, &clock).await,
    }
}

async fn demo(
    store: &Store,
    scale: chibo_demo::Scale,
    seed: u64,
    meeting_months: u32,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    let options = chibo_demo::DemoOptions {
        seed,
        scale,
        today: clock.today(),
        meeting_months,
    };
    let bars = Bars::new(out);
    let summary = chibo_demo::generate(store, &options, &bars)
        .await
        .map_err(|e| match e {
            chibo_demo::DemoError::NotEmpty => CliError::Refused(Message::new("cli-demo-exists")),
            chibo_demo::DemoError::Core(e) => CliError::Core(e),
            chibo_demo::DemoError::Store(e) => CliError::from(e),
        })?;
    if out.json {
        out.print_json(&serde_json::json!({ "seed": seed, "units": summary.units, "cells": summary.cells, "members": summary.members, "meetings": summary.meetings }));
    }
    out.say(
        &Message::new("cli-demo-done")
            .arg("seed", seed)
            .arg("units", summary.units)
            .arg("cells", summary.cells)
            .arg("members", summary.members)
            .arg("meetings", summary.meetings),
    );
    Ok(())
}

fn analyze(args: &chibo_analyze::AnalyzeArgs, out: &Output) -> Result<(), CliError> {
    match chibo_analyze::run(args, out.lang) {
        Ok(result) => {
            println!("{}", result.printable(out.json));
            Ok(())
        }
        Err(error) => Err(CliError::Analysis(error)),
    }
}

async fn init(cli: &Cli, args: &InitArgs, out: &Output, clock: &dyn Clock) -> Result<(), CliError> {
    let store = Store::connect(&cli.database_url, OpenMode::CreateIfMissing).await?;
    if !args.no_backup {
        let backup_dir = args.backup_dir.as_deref();
        crate::backup::before_upgrade(&store, &cli.database_url, backup_dir, out, clock).await?;
    }
    store.migrate().await?;
    reference::load(&Db::from(&store), clock).await?;
    let summary = store.summary_as_of(clock.today()).await?;
    let sectors = store.sectors().await?.len();
    let version = store.schema_version().await?;
    if out.json {
        out.print_json(&serde_json::json!({
            "database": cli.database_url, "schema_version": version, "units": summary.units, "sectors": sectors
        }));
    }
    out.say(
        &Message::new("cli-init-done")
            .arg("database", &cli.database_url)
            .arg("version", version)
            .arg("units", summary.units)
            .arg("sectors", sectors),
    );
    Ok(())
}

pub async fn serve(
    store: Store,
    replica: Option<Store>,
    args: &ServeArgs,
    out: &Output,
) -> Result<(), CliError> {
    // A server idles between bursts of requests; batch commands keep the
    // allocator's default delay.
    crate::allocator::return_free_memory_at_once();
    let listen = args.listen;
    let clock = Arc::new(SystemClock);
    match chibo_core::auth::ensure_first_administrator(&Db::from(&store), clock.as_ref()).await? {
        Some((username, password)) => out.say(
            &Message::new("cli-first-admin")
                .arg("username", username)
                .arg("password", password)
                .arg("hours", args.one_time_password_hours),
        ),
        None if store.account_count().await? == 0 => out.say(&Message::new("cli-no-tree-no-admin")),
        None => {}
    }
    let config = chibo_web::WebConfig {
        sessions: chibo_core::auth::SessionPolicy {
            idle_seconds: args.session_idle_minutes.max(1) * 60,
            absolute_seconds: args.session_max_hours.max(1) * 3600,
            one_time_password_seconds: args.one_time_password_hours * 3600,
        },
        secure_cookies: args.secure_cookies,
        trusted_proxies: args.trusted_proxies.clone(),
        max_upload_bytes: args.max_upload_mb.max(1) * 1024 * 1024,
        return_free_memory: crate::allocator::return_free_memory,
        backup_dir: args.backup_dir.clone(),
        ..Default::default()
    };
    let db = match replica {
        Some(replica) => {
            let settings = chibo_core::replica::ReplicaSettings {
                max_lag: std::time::Duration::from_secs(args.replica_max_lag_seconds),
            };
            Db::with_replica(store, replica, settings).await?
        }
        None => Db::from(store),
    };
    let state = chibo_web::AppState::new(db, clock, config);
    let lang = out.lang;
    if let Some(address) = args.metrics_listen {
        // Bound before the application, so that a taken address stops the start.
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|source| {
                CliError::Core(CoreError::Io {
                    path: address.to_string(),
                    source,
                })
            })?;
        let bound = listener.local_addr().unwrap_or(address);
        println!(
            "{}",
            chibo_i18n::render(
                lang,
                &Message::new("cli-metrics-listening")
                    .arg("url", format!("http://{bound}/metrics"))
            )
        );
        let metrics = state.clone();
        tokio::spawn(async move {
            if let Err(error) = chibo_web::metrics::serve_on(metrics, listener).await {
                tracing::error!(%error, "metrics server stopped");
            }
        });
    }
    chibo_web::serve(state, listen, |address| {
        let url = format!("http://{address}/");
        println!(
            "{}",
            chibo_i18n::render(lang, &Message::new("cli-serve-listening").arg("url", url))
        );
    })
    .await
    .map_err(|e| {
        CliError::Core(CoreError::Io {
            path: listen.to_string(),
            source: e,
        })
    })
}

fn document(args: &DocumentArgs) -> SourceDocument {
    SourceDocument {
        number: args.document_number.clone(),
        date: args.document_date,
        title: args.document_title.clone(),
    }
}

pub(crate) fn read(
    file: &Path,
    limits: &FileLimits,
) -> Result<chibo_core::tabular::Table, CliError> {
    let limits = ReadLimits::command_line(limits.max_file_mb * 1024 * 1024);
    read_table(file, limits).map_err(|problems| CliError::Core(CoreError::Invalid(problems)))
}

pub(crate) fn report(out: &Output, report: &ImportReport) {
    if out.json {
        out.print_json(report);
        return;
    }
    out.say(
        &Message::new("import-summary")
            .arg("created", report.created)
            .arg("updated", report.updated)
            .arg("unchanged", report.unchanged),
    );
    if report.dry_run {
        for change in &report.changes {
            let action = match change.action {
                chibo_core::import::ChangeAction::Create => "+",
                chibo_core::import::ChangeAction::Update => "~",
            };
            let line = Message::new("import-change-line")
                .arg("action", action)
                .arg("code", &change.code)
                .arg("row", change.row)
                .arg("fields", change.fields.join(", "));
            println!("  {}", out.render(&line));
        }
        out.say(&Message::new("import-dry-run"));
    } else {
        out.say(&Message::new("import-done"));
    }
}

async fn import(
    store: &Store,
    command: &ImportCommand,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    let spinner = out.spinner("cli-progress-import");
    let result = match command {
        ImportCommand::Units {
            file,
            dry_run,
            effective_date,
            document: doc,
            limits,
        } => {
            let table = read(file, limits)?;
            let options = UnitImportOptions {
                effective_on: effective_date.unwrap_or_else(|| clock.today()),
                document: document(doc),
                dry_run: *dry_run,
                is_demo: false,
                audit: Some(import_entry(clock, "units", file)),
            };
            import_units(Operator::command_line(), &Db::from(store), &table, &options).await
        }
        ImportCommand::Members {
            file,
            dry_run,
            limits,
        } => {
            let table = read(file, limits)?;
            let options = MemberImportOptions {
                today: clock.today(),
                dry_run: *dry_run,
                is_demo: false,
                audit: Some(import_entry(clock, "members", file)),
            };
            import_members(Operator::command_line(), &Db::from(store), &table, &options).await
        }
        ImportCommand::Meetings {
            file,
            dry_run,
            limits,
        } => {
            let table = read(file, limits)?;
            let options = chibo_core::import::meetings::MeetingImportOptions {
                dry_run: *dry_run,
                audit: Some(import_entry(clock, "meetings", file)),
            };
            chibo_core::import::meetings::import_meetings(
                Operator::command_line(),
                &Db::from(store),
                clock,
                &table,
                &options,
            )
            .await
        }
    };
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    report(out, &result?);
    Ok(())
}

/// The audit entry of an import from the command line, keyed by the file.
fn import_entry(
    clock: &dyn Clock,
    entity: &str,
    file: &std::path::Path,
) -> chibo_store::AuditEntry {
    AuditContext::command_line().entry(
        clock,
        "import",
        entity,
        &file.display().to_string(),
        None,
        None::<&()>,
        None::<&()>,
    )
}

async fn export(
    store: &Store,
    command: &ExportCommand,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    let today = clock.today();
    let (file, as_of) = match command {
        ExportCommand::Units { file, as_of } | ExportCommand::Members { file, as_of } => {
            (file, as_of.unwrap_or(today))
        }
        ExportCommand::Meetings { file, .. } => (file, today),
    };
    let format = Format::from_path(file).ok_or_else(|| {
        let ext = file
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        CliError::Refused(Message::new("err-file-format").arg("ext", ext))
    })?;
    let spinner = out.spinner("cli-progress-export");
    let count = match command {
        ExportCommand::Units { .. } => export_units(&Db::from(store), file, format, as_of).await,
        ExportCommand::Members { .. } => {
            export_members(&Db::from(store), file, format, as_of).await
        }
        ExportCommand::Meetings { from, to, .. } => {
            let from = from.unwrap_or_else(|| today.with_ordinal(1).unwrap_or(today));
            chibo_core::export::export_meetings(
                &Db::from(store),
                file,
                format,
                from,
                to.unwrap_or(today),
            )
            .await
        }
    };
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    let count = count?;
    if out.json {
        out.print_json(&serde_json::json!({ "rows": count, "path": file }));
    }
    out.say(
        &Message::new("cli-export-done")
            .arg("count", count)
            .arg("path", file.display()),
    );
    Ok(())
}

fn kind_of(arg: KindArg) -> UnitKind {
    match arg {
        KindArg::SuperiorCommittee => UnitKind::SuperiorCommittee,
        KindArg::GrassrootsCommittee => UnitKind::GrassrootsCommittee,
        KindArg::PartialCommittee => UnitKind::PartialCommittee,
        KindArg::GrassrootsCell => UnitKind::GrassrootsCell,
        KindArg::SubordinateCell => UnitKind::SubordinateCell,
    }
}

fn name(raw: &str) -> Result<Name, CliError> {
    Name::parse(raw).map_err(|e| CliError::Refused(e.message()))
}

async fn org(
    store: &Store,
    command: &OrgCommand,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    let (reorganization, on, doc) = match command {
        OrgCommand::Tree { as_of, unit } => {
            return print_tree(
                store,
                out,
                as_of.unwrap_or_else(|| clock.today()),
                unit.as_ref(),
            )
            .await;
        }
        OrgCommand::History { unit } => return print_history(store, out, unit).await,
        OrgCommand::Rename {
            unit,
            name: new_name,
            on,
            document: doc,
        } => (
            Reorganization::Change {
                unit: unit.clone(),
                change: UnitChange {
                    name: Some(name(new_name)?),
                    ..Default::default()
                },
            },
            *on,
            doc,
        ),
        OrgCommand::Move {
            unit,
            parent,
            on,
            document: doc,
        } => (
            Reorganization::Change {
                unit: unit.clone(),
                change: UnitChange {
                    parent: Some(Some(parent.clone())),
                    ..Default::default()
                },
            },
            *on,
            doc,
        ),
        OrgCommand::Dissolve {
            unit,
            on,
            document: doc,
        } => (Reorganization::Dissolve { unit: unit.clone() }, *on, doc),
        OrgCommand::Split {
            unit,
            targets,
            assignments,
            on,
            document: doc,
        } => {
            let source = store.unit(unit).await?.ok_or_else(|| {
                CliError::Refused(Message::new("err-unit-unknown").arg("unit", unit))
            })?;
            let template = source
                .version_at(on.pred_opt().unwrap_or(*on))
                .unwrap_or(source.latest())
                .clone();
            let targets = targets
                .iter()
                .map(|(code, new_name)| {
                    Ok(NewUnit {
                        code: code.clone(),
                        name: name(new_name)?,
                        kind: template.kind,
                        sector: template.sector.clone(),
                        parent: template.parent.clone(),
                    })
                })
                .collect::<Result<Vec<_>, CliError>>()?;
            let assignment = assignments.iter().cloned().collect();
            (
                Reorganization::Split {
                    source: unit.clone(),
                    targets,
                    assignment,
                },
                *on,
                doc,
            )
        }
        OrgCommand::Merge {
            sources,
            into,
            on,
            name: new_name,
            kind,
            document: doc,
        } => {
            let new_target = match new_name {
                None => None,
                Some(new_name) => {
                    let first = store.unit(&sources[0]).await?.ok_or_else(|| {
                        CliError::Refused(Message::new("err-unit-unknown").arg("unit", &sources[0]))
                    })?;
                    let template = first
                        .version_at(on.pred_opt().unwrap_or(*on))
                        .unwrap_or(first.latest())
                        .clone();
                    Some(NewUnit {
                        code: into.clone(),
                        name: name(new_name)?,
                        kind: kind.map_or(template.kind, kind_of),
                        sector: template.sector,
                        parent: template.parent,
                    })
                }
            };
            (
                Reorganization::Merge {
                    sources: sources.clone(),
                    target: into.clone(),
                    new_target,
                },
                *on,
                doc,
            )
        }
    };
    // Members and units change periods on this day: a plausible one only.
    let on =
        chibo_domain::validity::plausible_date(on, clock.today()).map_err(CliError::Refused)?;
    reorganize(
        &Db::from(store),
        Operator::command_line(),
        reorganization,
        on,
        &document(doc),
        &AuditContext::command_line(),
        clock,
    )
    .await?;
    if out.json {
        out.print_json(&serde_json::json!({ "ok": true }));
    }
    out.say(&Message::new("cli-org-done"));
    Ok(())
}

async fn print_tree(
    store: &Store,
    out: &Output,
    as_of: NaiveDate,
    unit: Option<&chibo_domain::UnitCode>,
) -> Result<(), CliError> {
    let rows = match unit {
        Some(code) => {
            let rows = store.subtree_as_of(code, as_of).await?;
            if rows.is_empty() {
                return Err(CliError::Refused(
                    Message::new("cli-unit-not-found")
                        .arg("unit", code)
                        .date("date", as_of),
                ));
            }
            rows
        }
        None => store.tree_as_of(as_of).await?,
    };
    if out.json {
        let rows: Vec<_> = rows
            .iter()
            .map(|r| serde_json::json!({ "code": r.code, "name": r.name, "kind": r.kind.code(), "sector": r.sector, "parent": r.parent, "depth": r.depth }))
            .collect();
        out.print_json(&rows);
        return Ok(());
    }
    for row in &rows {
        let indent = "  ".repeat(row.depth as usize);
        println!(
            "{indent}{}  {}  [{}]",
            row.code,
            row.name,
            chibo_i18n::text(out.lang, row.kind.message_id())
        );
    }
    Ok(())
}

async fn print_history(
    store: &Store,
    out: &Output,
    code: &chibo_domain::UnitCode,
) -> Result<(), CliError> {
    let org = store.load_org_history().await?;
    let unit = org
        .unit(code)
        .ok_or_else(|| CliError::Refused(Message::new("err-unit-unknown").arg("unit", code)))?;
    let events: Vec<_> = org
        .events()
        .filter(|e| e.sources.contains(code) || e.targets.contains(code))
        .cloned()
        .collect();
    let successors = org.successors(code);
    let predecessors = org.predecessors(code);
    if out.json {
        out.print_json(&serde_json::json!({
            "unit": unit,
            "events": events,
            "became": successors.iter().map(|(c, e)| serde_json::json!({ "unit": c, "event": e })).collect::<Vec<_>>(),
            "came_from": predecessors.iter().map(|(c, e)| serde_json::json!({ "unit": c, "event": e })).collect::<Vec<_>>(),
        }));
        return Ok(());
    }
    let date = |d: Option<NaiveDate>| d.map(chibo_i18n::format_date).unwrap_or_else(|| "…".into());
    println!("{code}");
    for version in &unit.versions {
        println!(
            "  {} – {}  {}  [{}]  ↑ {}",
            date(Some(version.validity.from)),
            date(version.validity.to),
            version.name,
            chibo_i18n::text(out.lang, version.kind.message_id()),
            version
                .parent
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default()
        );
    }
    for event in &events {
        let doc = event.document.number.clone().unwrap_or_default();
        println!(
            "  {}  {}  {doc}",
            date(Some(event.effective_on)),
            chibo_i18n::text(out.lang, event.kind.message_id())
        );
    }
    for (label, list) in [
        ("history-became", &successors),
        ("history-came-from", &predecessors),
    ] {
        if !list.is_empty() {
            let codes: Vec<String> = list.iter().map(|(c, _)| c.to_string()).collect();
            println!(
                "  {} {}",
                chibo_i18n::text(out.lang, label),
                codes.join(", ")
            );
        }
    }
    Ok(())
}
