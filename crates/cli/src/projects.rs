//! `chibo project …`: research projects registered, edited, exported and
//! reviewed from JSON files, as an administrator on the server. The files
//! take the domain's shapes (`Project`, `ProgressReport`, `Council`,
//! `Review`), so what `export` writes `create` and `edit` read back.

use std::path::Path;

use chibo_core::access::{EditUnits, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::export::Format;
use chibo_core::operator::Operator;
use chibo_core::research::{
    EditProject, LinkedState, ProductFile, ProjectPage, ReadProject, ReviewProject, add_opinion,
    add_progress_report, attach_file, create_project, edit_project, establish_council,
    export_project, import_project_workbook, link_evidence, move_project, operator_project_access,
    project_page, project_register, project_workbook, read_project_file, readable_projects,
    record_review,
};
use chibo_core::table_export::{to_csv, to_xlsx};
use chibo_core::{Clock, CoreError, Db};
use chibo_domain::research::{EvidenceLink, MemberOpinion};
use chibo_domain::{Message, UnitCode};
use chibo_i18n::{Lang, text};
use chibo_store::{OpenMode, Store};

use crate::args::{Cli, ProjectCommand};
use crate::directives::operator_actor;
use crate::output::{CliError, Output};

fn read_bytes(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|source| {
        CliError::Core(CoreError::Io {
            path: path.display().to_string(),
            source,
        })
    })
}

fn read_at_most(path: &Path, limit: usize) -> Result<Vec<u8>, CliError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit as u64).read_to_end(&mut bytes))
        .map_err(|source| {
            CliError::Core(CoreError::Io {
                path: path.display().to_string(),
                source,
            })
        })?;
    Ok(bytes)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    std::fs::write(path, bytes).map_err(|source| {
        CliError::Core(CoreError::Io {
            path: path.display().to_string(),
            source,
        })
    })
}

fn json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, CliError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(read_project_file(&name, &read_bytes(path)?)?)
}

pub async fn run(
    cli: &Cli,
    command: &ProjectCommand,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
    let db = Db::from(&store);
    let author = AuditContext::command_line();
    let today = clock.today();
    let op = Operator::command_line();
    let done = |id: &'static str, code: &str| out.say(&Message::new(id).arg("code", code));
    match command {
        ProjectCommand::Create { unit, state, file } => {
            let project = json(file)?;
            let access = unit_access::<EditUnits>(&db, &operator_actor(unit), unit, today).await?;
            let id = create_project(
                &db,
                clock,
                &access,
                &author,
                &project,
                state.as_deref(),
                false,
            )
            .await?;
            out.say(
                &Message::new("cli-project-created")
                    .arg("code", project.code.as_str())
                    .arg("id", id),
            );
        }
        ProjectCommand::Edit { code, file } => {
            let project = json(file)?;
            let access = operator_project_access::<EditProject>(op, &db, code).await?;
            edit_project(&db, clock, &access, &author, &project).await?;
            done("cli-project-saved", code);
        }
        ProjectCommand::Export { code, file } => {
            let access = operator_project_access::<ReadProject>(op, &db, code).await?;
            std::fs::write(file, export_project(&access)).map_err(|source| {
                CliError::Core(CoreError::Io {
                    path: file.display().to_string(),
                    source,
                })
            })?;
            out.say(
                &Message::new("cli-project-exported")
                    .arg("code", code)
                    .arg("path", file.display()),
            );
        }
        ProjectCommand::List => {
            let admin = operator_actor(
                &UnitCode::parse("CT")
                    .map_err(|_| CliError::Refused(Message::new("access-denied")))?,
            );
            let projects = readable_projects(&db, &admin, today).await?;
            let rows: Vec<_> = projects
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "id": p.id(),
                        "code": p.stored().code,
                        "title": p.stored().title,
                        "unit": p.stored().unit.as_str(),
                        "state": p.stored().state,
                    })
                })
                .collect();
            if out.json {
                out.print_json(&rows);
            } else {
                for p in &projects {
                    let s = p.stored();
                    println!(
                        "{}\t{}\t{}\t{}",
                        s.code,
                        s.unit,
                        chibo_core::research::lifecycle::state_name(&s.state, out.lang == Lang::Vi),
                        s.title
                    );
                }
            }
        }
        ProjectCommand::Register { file } => {
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
            let admin = operator_actor(
                &UnitCode::parse("CT")
                    .map_err(|_| CliError::Refused(Message::new("access-denied")))?,
            );
            let projects = readable_projects(&db, &admin, today).await?;
            let table = project_register(&projects, out.lang);
            let bytes = match format {
                Format::Csv => to_csv(&table),
                Format::Xlsx => to_xlsx(std::slice::from_ref(&table))?,
            };
            write_file(file, &bytes)?;
            out.say(
                &Message::new("cli-project-register-written")
                    .arg("count", projects.len())
                    .arg("path", file.display()),
            );
        }
        ProjectCommand::Workbook { code, file } => {
            let access = operator_project_access::<ReadProject>(op, &db, code).await?;
            write_file(file, &project_workbook(&access, out.lang)?)?;
            out.say(
                &Message::new("cli-project-workbook-written")
                    .arg("code", code)
                    .arg("path", file.display()),
            );
        }
        ProjectCommand::ImportWorkbook { code, file } => {
            let access = operator_project_access::<EditProject>(op, &db, code).await?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // Read no further than the limit: a larger file is refused by
            // its size, whatever it holds.
            let bytes = read_at_most(file, chibo_core::research::MAX_WORKBOOK_BYTES + 1)?;
            let done =
                import_project_workbook(&db, clock, &access, &author, &name, bytes.into()).await?;
            out.say(
                &Message::new("cli-project-workbook-imported")
                    .arg("code", code)
                    .arg("contents", done.contents)
                    .arg("products", done.products)
                    .arg("budget", done.budget),
            );
        }
        ProjectCommand::Show { code } => {
            let access = operator_project_access::<ReadProject>(op, &db, code).await?;
            let actor = operator_actor(&access.stored().unit.clone());
            let page = project_page(&db, &actor, &access, today).await?;
            show(out, &page);
        }
        ProjectCommand::Move { code, state } => {
            let access = operator_project_access::<ReviewProject>(op, &db, code).await?;
            move_project(&db, clock, &access, &author, state).await?;
            done("cli-project-saved", code);
        }
        ProjectCommand::Progress { code, file } => {
            let report = json(file)?;
            let access = operator_project_access::<EditProject>(op, &db, code).await?;
            add_progress_report(&db, clock, &access, &author, &report).await?;
            done("cli-project-saved", code);
        }
        ProjectCommand::Council { code, file } => {
            let council = json(file)?;
            let access = operator_project_access::<ReviewProject>(op, &db, code).await?;
            let id = establish_council(&db, clock, &access, &author, &council).await?;
            out.say(
                &Message::new("cli-project-council")
                    .arg("code", code)
                    .arg("id", id),
            );
        }
        ProjectCommand::Review {
            code,
            council,
            file,
        } => {
            let review = json(file)?;
            let access = operator_project_access::<ReviewProject>(op, &db, code).await?;
            let id = record_review(&db, clock, &access, &author, *council, &review).await?;
            out.say(
                &Message::new("cli-project-review")
                    .arg("code", code)
                    .arg("id", id),
            );
        }
        ProjectCommand::Score {
            code,
            review,
            member,
            score,
            opinion,
        } => {
            let access = operator_project_access::<ReviewProject>(op, &db, code).await?;
            let opinion = MemberOpinion {
                member: member.clone(),
                score: *score,
                opinion: opinion.clone(),
            };
            add_opinion(&db, clock, &access, &author, *review, &opinion).await?;
            done("cli-project-saved", code);
        }
        ProjectCommand::Attach {
            code,
            product,
            file,
        } => {
            let access = operator_project_access::<EditProject>(op, &db, code).await?;
            let content = read_bytes(file)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            attach_file(
                &db,
                clock,
                &access,
                &author,
                product,
                &ProductFile {
                    file_name: name,
                    content,
                },
            )
            .await?;
            done("cli-project-saved", code);
        }
        ProjectCommand::Link {
            code,
            product,
            kind,
            key,
        } => {
            let access = operator_project_access::<EditProject>(op, &db, code).await?;
            let link = EvidenceLink {
                kind: kind.clone(),
                key: key.clone(),
            };
            link_evidence(&db, clock, &access, &author, product, &link).await?;
            done("cli-project-saved", code);
        }
    }
    Ok(())
}

/// The page in a few lines (or as JSON): state, products, progress,
/// reviews.
fn show(out: &Output, page: &ProjectPage) {
    let vi = out.lang == Lang::Vi;
    let lang = out.lang;
    let p = &page.project;
    if out.json {
        let reviews: Vec<_> = page
            .councils
            .iter()
            .map(|c| {
                serde_json::json!({
                    "council": c.id,
                    "kind": c.council.kind.code(),
                    "decision": c.council.decision,
                    "review": c.review.as_ref().map(|r| serde_json::json!({
                        "id": r.id,
                        "held_on": r.held_on,
                        "verdict": r.verdict.map(|v| v.code()),
                        "mean_score": r.mean_score,
                        "requests": r.requests.iter().map(|t| serde_json::json!({
                            "id": t.id, "title": t.title, "owner": t.owner_key,
                            "deadline": t.deadline, "status": t.status,
                        })).collect::<Vec<_>>(),
                    })),
                })
            })
            .collect();
        let links: Vec<_> = page
            .links
            .iter()
            .map(|l| {
                serde_json::json!({"product": l.product_code, "kind": l.kind, "key": l.key,
                "resolved": !matches!(l.state, LinkedState::NotResolvable | LinkedState::Missing)})
            })
            .collect();
        out.print_json(&serde_json::json!({
            "id": page.id,
            "code": p.code.as_str(),
            "state": page.state,
            "project": p,
            "budget": page.budget,
            "councils": reviews,
            "links": links,
        }));
        return;
    }
    println!("{} — {}", p.code, p.title);
    println!(
        "{}: {}",
        text(lang, "cli-project-state"),
        chibo_core::research::lifecycle::state_name(&page.state, vi)
    );
    for product in &p.products {
        let kind = product
            .kind()
            .map_or(product.kind.clone(), |k| text(lang, k.message_id()));
        println!(
            "  {}\t{}\t{}\t{}",
            product.code,
            kind,
            text(lang, product.status.message_id()),
            product.title
        );
    }
    for view in &page.progress {
        for (content, planned, actual) in &view.rows {
            println!(
                "  {}\t{}\t{planned}%\t{actual}%",
                view.report.period_end.format("%d/%m/%Y"),
                content
            );
        }
    }
    for council in &page.councils {
        println!(
            "{}\t{}",
            text(lang, council.council.kind.message_id()),
            council.council.decision
        );
        if let Some(review) = &council.review {
            println!(
                "  {}\t{}",
                review.held_on.format("%d/%m/%Y"),
                review
                    .verdict
                    .map(|v| text(lang, v.message_id()))
                    .unwrap_or_default()
            );
            for task in &review.requests {
                println!(
                    "  - {}\t{}\t{}\t{}",
                    task.title,
                    task.owner_key,
                    task.deadline.format("%d/%m/%Y"),
                    task.status
                );
            }
        }
    }
}
