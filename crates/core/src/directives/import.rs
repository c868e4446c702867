//! Directives and their execution steps read from CSV/XLSX tables, all or
//! nothing: every row is parsed and checked (the domain's rules, the tree
//! of the issue date, the stored directives and steps) before one
//! transaction writes them; a single problem, located by row and column,
//! writes nothing. A directive already stored with the same content counts
//! as unchanged, so importing a file twice changes nothing.
//!
//! Directives' columns: `issuer`, `number`, `issued_on`, `title`,
//! `summary`, `must_teach`, the target as `target_units` (codes, separated
//! by spaces, commas or semicolons) or the subtree filtered by
//! `target_kinds` and `target_sectors`, `implements_number` and
//! `implements_on`, and a deadline per level and stage
//! (`cell_teach_by`, `grassroots_report_by`, …: a date, or `next_meeting`).
//! Steps' columns: `issuer`, `number`, `issued_on` (the directive), `unit`,
//! `step` (received, plan, taught, reported, checked), `on`, and as the
//! step needs `plan_number`, `reason`, `present`, `eligible`, `rating`.

use std::collections::HashMap;

use chibo_domain::directive::{
    CheckRating, Deadlines, Directive, DirectiveKey, DocumentNumber, Due, Event, EventKind, Level,
    LevelDeadlines, Stage, Target, TaughtAt, UnitFilter,
};
use chibo_domain::unit::UnitKind;
use chibo_domain::{Message, NaiveDate, SectorCode, UnitCode};

use super::execution::apply_event;
use super::issue::{PlannedIssue, plan_issue, write_issue};
use super::record::stored_record;
use crate::access::{EditUnits, UnitAccess};
use crate::audit::AuditContext;
use crate::import::{ColumnSpec, Columns, ImportReport};
use crate::operator::Operator;
use crate::tabular::{Row, Table};
use crate::{Clock, CoreError, Db, Problem};

macro_rules! columns {
    ($($key:literal $(| $alias:literal)* ; $required:literal),* $(,)?) => {
        &[$(ColumnSpec { key: $key, aliases: &[$($alias),*], required: $required }),*]
    };
}

/// The columns of a directives file.
pub const DIRECTIVE_COLUMNS: &[ColumnSpec] = columns![
    "issuer" | "don_vi_ban_hanh"; true,
    "number" | "so_ky_hieu"; true,
    "issued_on" | "ngay_ban_hanh"; true,
    "title" | "trich_yeu"; true,
    "summary" | "tom_tat"; false,
    "must_teach" | "quan_triet"; false,
    "target_units" | "don_vi_nhan"; false,
    "target_kinds" | "loai_don_vi_nhan"; false,
    "target_sectors" | "khoi_nhan"; false,
    "implements_number" | "thuc_hien_van_ban"; false,
    "implements_on" | "ngay_van_ban_thuc_hien"; false,
    "city_teach_by"; false, "city_plan_by"; false, "city_report_by"; false, "city_carry_out_by"; false,
    "committee_teach_by"; false, "committee_plan_by"; false, "committee_report_by"; false,
    "committee_carry_out_by"; false,
    "grassroots_teach_by"; false, "grassroots_plan_by"; false, "grassroots_report_by"; false,
    "grassroots_carry_out_by"; false,
    "cell_teach_by"; false, "cell_plan_by"; false, "cell_report_by"; false, "cell_carry_out_by"; false,
];

/// The columns of an execution steps file.
pub const EVENT_COLUMNS: &[ColumnSpec] = columns![
    "issuer" | "don_vi_ban_hanh"; true,
    "number" | "so_ky_hieu"; true,
    "issued_on" | "ngay_ban_hanh"; true,
    "unit" | "don_vi"; true,
    "step" | "buoc"; true,
    "on" | "ngay"; true,
    "plan_number" | "so_ke_hoach"; false,
    "reason" | "ly_do"; false,
    "present" | "co_mat"; false,
    "eligible" | "phai_du"; false,
    "rating" | "xep_loai"; false,
];

/// The word a deadline column holds for "at the next regular meeting".
pub const NEXT_MEETING: &str = "next_meeting";

fn date(raw: &str) -> Result<NaiveDate, Message> {
    crate::values::parse_date(raw).ok_or_else(|| Message::new("err-date").arg("value", raw))
}

fn unit(raw: &str) -> Result<UnitCode, Message> {
    UnitCode::parse(raw.trim()).map_err(|e| e.message())
}

fn document_number(raw: &str) -> Result<DocumentNumber, Message> {
    DocumentNumber::parse(raw).map_err(|e| e.message())
}

fn yes_no(raw: &str) -> Result<bool, Message> {
    match crate::tabular::fold_header(raw).as_str() {
        "" | "khong" | "no" | "false" | "0" => Ok(false),
        "co" | "yes" | "true" | "1" | "x" => Ok(true),
        _ => Err(Message::new("directive-import-yes-no").arg("value", raw)),
    }
}

fn due(raw: &str) -> Result<Due, Message> {
    let folded = crate::tabular::fold_header(raw);
    if folded == NEXT_MEETING || folded == "hop_thuong_ky_ke_tiep" {
        return Ok(Due::NextRegularMeeting);
    }
    date(raw).map(Due::On)
}

fn list(raw: &str) -> impl Iterator<Item = &str> {
    raw.split([';', ',', ' ']).filter(|p| !p.trim().is_empty())
}

/// The column a problem of a record's field is shown in.
fn column_of(field: &str) -> String {
    match field {
        "doc_type" | "number" => "number".to_owned(),
        "target" => "target_units".to_owned(),
        "implements" => "implements_number".to_owned(),
        other => match other.strip_prefix("deadlines.") {
            Some(rest) => rest.replace('.', "_"),
            None => other.to_owned(),
        },
    }
}

/// One row read into a directive, or `None` with its problems reported.
fn read_directive(columns: &Columns, row: &Row, problems: &mut Vec<Problem>) -> Option<Directive> {
    let mut p = crate::import::RowParser {
        columns,
        row,
        problems,
    };
    let issuer = p.required("issuer", unit);
    let number = p.required("number", document_number);
    let issued_on = p.required("issued_on", date);
    let title = p.raw("title").to_owned();
    let summary = p.raw("summary").to_owned();
    let must_teach = p
        .optional("must_teach", yes_no)
        .ok()
        .map(|v| v.unwrap_or(false));
    let mut deadlines = Deadlines::default();
    let mut deadlines_ok = true;
    for level in Level::ALL {
        let mut found = LevelDeadlines::default();
        for stage in Stage::ALL {
            let key = format!("{}_{}", level.code(), stage.field());
            match p.optional(&key, due) {
                Ok(value) => {
                    let slot = match stage {
                        Stage::Teach => &mut found.teach_by,
                        Stage::Plan => &mut found.plan_by,
                        Stage::Report => &mut found.report_by,
                        Stage::CarryOut => &mut found.carry_out_by,
                    };
                    *slot = value;
                }
                Err(()) => deadlines_ok = false,
            }
        }
        if found != LevelDeadlines::default() {
            deadlines.set(level, found);
        }
    }
    let units: Result<Vec<UnitCode>, ()> = {
        let raw = p.raw("target_units").to_owned();
        list(&raw)
            .map(|code| {
                unit(code).map_err(|m| {
                    p.problems
                        .push(columns.problem(row.number, "target_units", m))
                })
            })
            .collect()
    };
    let kinds: Result<Vec<UnitKind>, ()> = {
        let raw = p.raw("target_kinds").to_owned();
        list(&raw)
            .map(|code| {
                UnitKind::parse(code).ok_or_else(|| {
                    p.problems.push(columns.problem(
                        row.number,
                        "target_kinds",
                        Message::new("directive-import-kind").arg("value", code),
                    ))
                })
            })
            .collect()
    };
    let sectors: Result<Vec<SectorCode>, ()> = {
        let raw = p.raw("target_sectors").to_owned();
        list(&raw)
            .map(|code| {
                SectorCode::parse(code).map_err(|_| {
                    p.problems.push(columns.problem(
                        row.number,
                        "target_sectors",
                        Message::new("directive-import-sector").arg("value", code),
                    ))
                })
            })
            .collect()
    };
    let implements_number = p.optional("implements_number", document_number);
    let implements_on = p.optional("implements_on", date);
    let implements = match (implements_number, implements_on) {
        (Ok(Some(n)), Ok(Some(on))) => Some(Some(DirectiveKey::new(n, on))),
        (Ok(None), Ok(None)) => Some(None),
        (Ok(Some(_)), Ok(None)) => {
            p.problems.push(columns.problem(
                row.number,
                "implements_on",
                Message::new("err-required"),
            ));
            None
        }
        (Ok(None), Ok(Some(_))) => {
            p.problems.push(columns.problem(
                row.number,
                "implements_number",
                Message::new("err-required"),
            ));
            None
        }
        _ => None,
    };
    let (issuer, number, issued_on, must_teach) = (issuer?, number?, issued_on?, must_teach?);
    let (units, kinds, sectors, implements) =
        (units.ok()?, kinds.ok()?, sectors.ok()?, implements?);
    if !deadlines_ok {
        return None;
    }
    let target = if units.is_empty() {
        Target::Subtree(UnitFilter { kinds, sectors })
    } else {
        Target::Units(units)
    };
    Some(Directive {
        doc_type: number.doc_type(),
        key: DirectiveKey::new(number, issued_on),
        title,
        summary,
        issuer,
        must_teach,
        target,
        deadlines,
        implements,
    })
}

/// Whether a stored directive has the content of `directive`.
fn same_content(stored: &Directive, directive: &Directive) -> bool {
    stored.title == directive.title
        && stored.summary == directive.summary
        && stored.must_teach == directive.must_teach
        && stored.target == directive.target
        && stored.deadlines == directive.deadlines
        && stored.implements == directive.implements
}

/// Imports a directives table for the command line (which may issue for
/// any unit); `dry_run` checks everything and writes nothing.
pub async fn import_directives(
    _operator: Operator,
    db: &Db,
    clock: &dyn Clock,
    author: &AuditContext,
    table: &Table,
    dry_run: bool,
) -> Result<ImportReport, CoreError> {
    import_directives_of(db, clock, author, table, dry_run, None).await
}

/// Imports a directives table as the committee the access proves: every
/// row must name it as the issuer (a row naming another unit is refused
/// at its `issuer` cell, whatever that unit is).
pub async fn import_directives_as(
    db: &Db,
    clock: &dyn Clock,
    issuer: &UnitAccess<EditUnits>,
    author: &AuditContext,
    table: &Table,
    dry_run: bool,
) -> Result<ImportReport, CoreError> {
    import_directives_of(db, clock, author, table, dry_run, Some(issuer.unit())).await
}

/// A problem at the `issuer` cell of a row naming another issuer than
/// the one granted.
fn other_issuer(columns: &Columns, row: usize, found: &UnitCode, granted: &UnitCode) -> Problem {
    columns.problem(
        row,
        "issuer",
        Message::new("directive-issuer-not-granted")
            .arg("unit", found)
            .arg("granted", granted),
    )
}

async fn import_directives_of(
    db: &Db,
    clock: &dyn Clock,
    author: &AuditContext,
    table: &Table,
    dry_run: bool,
    only: Option<&UnitCode>,
) -> Result<ImportReport, CoreError> {
    let store = db.store();
    let columns = Columns::map(table, DIRECTIVE_COLUMNS).map_err(CoreError::Invalid)?;
    let mut problems = Vec::new();
    let mut read: Vec<(usize, Directive)> = Vec::new();
    for row in &table.rows {
        if let Some(directive) = read_directive(&columns, row, &mut problems) {
            if let Some(granted) = only
                && &directive.issuer != granted
            {
                problems.push(other_issuer(
                    &columns,
                    row.number,
                    &directive.issuer,
                    granted,
                ));
                continue;
            }
            read.push((row.number, directive));
        }
    }
    let mut first: HashMap<(UnitCode, DirectiveKey), usize> = HashMap::new();
    let mut report = ImportReport {
        dry_run,
        ..ImportReport::default()
    };
    let mut planned: Vec<PlannedIssue> = Vec::new();
    for (row, directive) in &read {
        let identity = (directive.issuer.clone(), directive.key.clone());
        if let Some(earlier) = first.insert(identity.clone(), *row) {
            first.insert(identity, earlier);
            problems.push(
                columns.problem(
                    *row,
                    "number",
                    Message::new("err-duplicate-in-file")
                        .arg("code", directive.key.number.as_str())
                        .arg("row", earlier),
                ),
            );
            continue;
        }
        if let Some(stored) = store
            .directive_by_key(&directive.issuer, &directive.key)
            .await?
            && same_content(&stored_record(&stored)?, directive)
        {
            report.unchanged += 1;
            continue;
        }
        match plan_issue(db, directive, None).await {
            Ok(plan) => planned.push(plan),
            Err(CoreError::Invalid(found)) => {
                problems.extend(found.into_iter().map(|p| {
                    let field = p.field.clone().unwrap_or_default();
                    columns.problem(*row, &column_of(&field), p.message)
                }));
            }
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    report.created = planned.len();
    if dry_run {
        return Ok(report);
    }
    let mut tx = store.begin_write().await?;
    for plan in &planned {
        write_issue(&mut tx, clock, author, plan, false).await?;
    }
    tx.commit().await?;
    Ok(report)
}

fn rating(raw: &str) -> Result<CheckRating, Message> {
    match crate::tabular::fold_header(raw).as_str() {
        "excellent" | "xuat_sac" => Ok(CheckRating::Excellent),
        "good" | "tot" => Ok(CheckRating::Good),
        "done" | "hoan_thanh" => Ok(CheckRating::Done),
        "not_done" | "khong_hoan_thanh" => Ok(CheckRating::NotDone),
        _ => Err(Message::new("directive-import-rating").arg("value", raw)),
    }
}

fn count(raw: &str) -> Result<u32, Message> {
    raw.trim()
        .parse()
        .map_err(|_| Message::new("directive-import-count").arg("value", raw))
}

/// One row read into (issuer, key, unit, event).
fn read_event(
    columns: &Columns,
    row: &Row,
    problems: &mut Vec<Problem>,
) -> Option<(UnitCode, DirectiveKey, UnitCode, Event)> {
    let mut p = crate::import::RowParser {
        columns,
        row,
        problems,
    };
    let issuer = p.required("issuer", unit);
    let number = p.required("number", document_number);
    let issued_on = p.required("issued_on", date);
    let target = p.required("unit", unit);
    let on = p.required("on", date);
    let step = crate::tabular::fold_header(p.raw("step"));
    let kind = match step.as_str() {
        "received" | "tiep_nhan" => Some(EventKind::Received),
        "reported" | "bao_cao" => Some(EventKind::Reported),
        "plan" | "cu_the_hoa" => {
            let plan_number = p.optional("plan_number", document_number).ok()?;
            match (plan_number, on) {
                (Some(plan), Some(on)) => Some(EventKind::PlanIssued {
                    plan: DirectiveKey::new(plan, on),
                }),
                (None, _) => Some(EventKind::PlanNotIssued {
                    reason: p.raw("reason").to_owned(),
                }),
                _ => None,
            }
        }
        "taught" | "quan_triet" => {
            let present = p.required("present", count);
            let eligible = p.required("eligible", count);
            Some(EventKind::Taught(TaughtAt {
                meeting: None,
                present: present?,
                eligible: eligible?,
            }))
        }
        "checked" | "kiem_tra" => Some(EventKind::Checked {
            rating: p.required("rating", rating)?,
        }),
        _ => {
            let raw = p.raw("step").to_owned();
            p.problems.push(columns.problem(
                row.number,
                "step",
                Message::new("directive-import-step").arg("value", raw),
            ));
            None
        }
    };
    let (issuer, number, issued_on, target, on, kind) =
        (issuer?, number?, issued_on?, target?, on?, kind?);
    Some((
        issuer,
        DirectiveKey::new(number, issued_on),
        target,
        Event { on, kind },
    ))
}

/// The column a problem of a recorded step is shown in.
fn event_column(field: &str) -> &'static str {
    match field {
        "unit" => "unit",
        "plan" => "plan_number",
        _ => "step",
    }
}

/// Imports execution steps for the command line, rows in order, all in
/// one transaction (a superior's check included: the command line acts
/// for the issuer). A row with a problem makes the whole file refused.
pub async fn import_directive_events(
    _operator: Operator,
    db: &Db,
    clock: &dyn Clock,
    author: &AuditContext,
    table: &Table,
    dry_run: bool,
) -> Result<ImportReport, CoreError> {
    import_directive_events_of(db, clock, author, table, dry_run, None).await
}

/// Imports execution steps as the committee the access proves, for the
/// directives it issued only: it records what its targets reported to it,
/// its check included, as the command line does for any issuer. A row of
/// another issuer's directive is refused at its `issuer` cell.
pub async fn import_directive_events_as(
    db: &Db,
    clock: &dyn Clock,
    issuer: &UnitAccess<EditUnits>,
    author: &AuditContext,
    table: &Table,
    dry_run: bool,
) -> Result<ImportReport, CoreError> {
    import_directive_events_of(db, clock, author, table, dry_run, Some(issuer.unit())).await
}

async fn import_directive_events_of(
    db: &Db,
    clock: &dyn Clock,
    author: &AuditContext,
    table: &Table,
    dry_run: bool,
    only: Option<&UnitCode>,
) -> Result<ImportReport, CoreError> {
    let store = db.store();
    let columns = Columns::map(table, EVENT_COLUMNS).map_err(CoreError::Invalid)?;
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for row in &table.rows {
        if let Some(read) = read_event(&columns, row, &mut problems) {
            if let Some(granted) = only
                && &read.0 != granted
            {
                problems.push(other_issuer(&columns, row.number, &read.0, granted));
                continue;
            }
            rows.push((row.number, read));
        }
    }
    let mut directives: HashMap<(UnitCode, DirectiveKey), (i64, Directive)> = HashMap::new();
    for (row, (issuer, key, _, _)) in &rows {
        let identity = (issuer.clone(), key.clone());
        if directives.contains_key(&identity) {
            continue;
        }
        match store.directive_by_key(issuer, key).await? {
            Some(stored) => {
                let record = stored_record(&stored)?;
                directives.insert(identity, (stored.id, record));
            }
            None => problems.push(
                columns.problem(
                    *row,
                    "number",
                    Message::new("directive-import-unknown")
                        .arg("unit", issuer)
                        .arg("number", key.number.as_str())
                        .date("issued_on", key.issued_on),
                ),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let mut tx = store.begin_write().await?;
    let mut units: Vec<&UnitCode> = rows.iter().map(|(_, (_, _, unit, _))| unit).collect();
    units.sort_unstable();
    units.dedup();
    tx.lock_units(&units).await?;
    for (row, (issuer, key, unit, event)) in &rows {
        let Some((id, directive)) = directives.get(&(issuer.clone(), key.clone())) else {
            continue;
        };
        let Some(place) = tx.directive_target(*id, unit).await? else {
            problems.push(
                columns.problem(
                    *row,
                    "unit",
                    Message::new("directive-not-targeted")
                        .arg("unit", unit)
                        .arg("number", key.number.as_str())
                        .date("issued_on", key.issued_on),
                ),
            );
            continue;
        };
        match apply_event(&mut tx, &place, clock, author, directive, *id, unit, event).await {
            Ok(()) => {}
            Err(CoreError::Invalid(found)) => problems.extend(found.into_iter().map(|p| {
                let field = p.field.clone().unwrap_or_default();
                columns.problem(*row, event_column(&field), p.message)
            })),
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        tx.rollback().await?;
        return Err(CoreError::Invalid(problems));
    }
    let report = ImportReport {
        created: rows.len(),
        dry_run,
        ..ImportReport::default()
    };
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(report)
}
