//! Importing members: each row is a member as they are now. New codes are
//! created; for known codes, personal fields are corrected in place and a
//! changed cell, status or role closes the current period on the date the
//! row gives and opens the next, so history is kept.

use crate::Db;
use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chibo_domain::member::{
    CellRole, Exemption, Gender, Member, MemberField, MemberStatus, Period,
};
use chibo_domain::text::Name;
use chibo_domain::validity::plausible_date;
use chibo_domain::{MemberCode, Message, NaiveDate, UnitCode, Validity};
use chibo_store::{
    MemberChangeSet, MemberUpdate, MemberWriter, StoreError, UnitChecks, UnitVersions,
};

use super::columns::{RowParser, date};
use super::{ChangeAction, CheckedImport, ColumnSpec, Columns, ImportReport, PlannedChange};
use crate::basis::Basis;
use crate::operator::Operator;
use crate::tabular::Table;
use crate::{CoreError, Problem};

pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        key: "code",
        aliases: &["ma", "ma_dang_vien"],
        required: true,
    },
    ColumnSpec {
        key: "full_name",
        aliases: &["ho_ten", "ho_va_ten"],
        required: true,
    },
    ColumnSpec {
        key: "gender",
        aliases: &["gioi_tinh"],
        required: true,
    },
    ColumnSpec {
        key: "birth_year",
        aliases: &["nam_sinh"],
        required: true,
    },
    ColumnSpec {
        key: "status",
        aliases: &["trang_thai", "tinh_trang"],
        required: true,
    },
    ColumnSpec {
        key: "status_from",
        aliases: &["trang_thai_tu_ngay"],
        required: false,
    },
    ColumnSpec {
        key: "cell_code",
        aliases: &["ma_chi_bo"],
        required: true,
    },
    ColumnSpec {
        key: "cell_from",
        aliases: &["sinh_hoat_tu_ngay"],
        required: true,
    },
    ColumnSpec {
        key: "role",
        aliases: &["chuc_vu"],
        required: false,
    },
    ColumnSpec {
        key: "role_from",
        aliases: &["chuc_vu_tu_ngay"],
        required: false,
    },
    ColumnSpec {
        key: "exempt_from",
        aliases: &["mien_tu_ngay"],
        required: false,
    },
    ColumnSpec {
        key: "exempt_to",
        aliases: &["mien_den_ngay"],
        required: false,
    },
    ColumnSpec {
        key: "exempt_reason",
        aliases: &["ly_do_mien"],
        required: false,
    },
    ColumnSpec {
        key: "left_on",
        aliases: &["ngay_ra", "ngay_chuyen_di"],
        required: false,
    },
];

#[derive(Debug, Clone)]
pub struct MemberImportOptions {
    pub today: NaiveDate,
    pub dry_run: bool,
    pub is_demo: bool,
    /// Who imports, recorded with the counts in the audit log; `None` only
    /// for demonstration data and benchmarks.
    pub audit: Option<chibo_store::AuditEntry>,
}

/// One parsed row: the member as they are now.
#[derive(Debug, Clone)]
struct MemberRow {
    row: usize,
    code: MemberCode,
    full_name: Name,
    gender: Gender,
    birth_year: i32,
    status: MemberStatus,
    status_from: Option<NaiveDate>,
    cell: UnitCode,
    cell_from: NaiveDate,
    role: CellRole,
    role_from: Option<NaiveDate>,
    exemption: Option<Exemption>,
    left_on: Option<NaiveDate>,
}

fn column_of(field: MemberField) -> &'static str {
    match field {
        MemberField::Code => "code",
        MemberField::FullName => "full_name",
        MemberField::Gender => "gender",
        MemberField::BirthYear => "birth_year",
        MemberField::Status => "status",
        MemberField::StatusFrom => "status_from",
        MemberField::Cell => "cell_code",
        MemberField::CellFrom => "cell_from",
        MemberField::Role => "role",
        MemberField::RoleFrom => "role_from",
        MemberField::ExemptFrom => "exempt_from",
        MemberField::ExemptTo => "exempt_to",
        MemberField::ExemptReason => "exempt_reason",
        MemberField::LeftOn => "left_on",
    }
}

fn parse_row(p: &mut RowParser<'_>, today: NaiveDate) -> Option<MemberRow> {
    // Every date of a member's periods lies between 1930 and a year ahead.
    let date = |v: &str| date(v).and_then(|d| plausible_date(d, today));
    let code = p.required("code", |v| MemberCode::parse(v).map_err(|e| e.message()));
    let full_name = p.required("full_name", |v| Name::parse(v).map_err(|e| e.message()));
    let gender = p.required("gender", |v| {
        Gender::parse(v).ok_or_else(|| Message::new("err-gender").arg("value", v))
    });
    let birth_year = p.required("birth_year", |v| {
        crate::values::parse_year(v).ok_or_else(|| Message::new("err-year").arg("value", v))
    });
    let status = p.required("status", |v| {
        MemberStatus::parse(v).ok_or_else(|| Message::new("err-status").arg("value", v))
    });
    let status_from = p.optional("status_from", date);
    let cell = p.required("cell_code", |v| UnitCode::parse(v).map_err(|e| e.message()));
    let cell_from = p.required("cell_from", date);
    let role = p.optional("role", |v| {
        CellRole::parse(v).ok_or_else(|| Message::new("err-role").arg("value", v))
    });
    let role_from = p.optional("role_from", date);
    let exempt_from = p.optional("exempt_from", date);
    let exempt_to = p.optional("exempt_to", date);
    let left_on = p.optional("left_on", date);
    let reason = p.raw("exempt_reason").to_owned();

    let exemption = match (exempt_from, exempt_to) {
        (Ok(Some(from)), Ok(to)) => match Validity::new(from, to) {
            Some(validity) => Some(Some(Exemption { validity, reason })),
            None => {
                let row = p.row.number;
                p.problems.push(
                    p.columns.problem(
                        row,
                        "exempt_to",
                        Message::new("err-end-before-start")
                            .date("from", from)
                            // Only an end on or before the start is refused,
                            // so `to` is set.
                            .date("to", to.unwrap_or(from)),
                    ),
                );
                None
            }
        },
        (Ok(None), Ok(None)) if reason.is_empty() => Some(None),
        (Ok(None), _) => {
            let row = p.row.number;
            p.problems.push(
                p.columns
                    .problem(row, "exempt_from", Message::new("err-required")),
            );
            None
        }
        _ => None,
    };
    if let (Some(from), Ok(Some(left))) = (cell_from, left_on)
        && left <= from
    {
        let row = p.row.number;
        p.problems.push(
            p.columns.problem(
                row,
                "left_on",
                Message::new("err-end-before-start")
                    .date("from", from)
                    .date("to", left),
            ),
        );
        return None;
    }
    Some(MemberRow {
        row: p.row.number,
        code: code?,
        full_name: full_name?,
        gender: gender?,
        birth_year: birth_year?,
        status: status?,
        status_from: status_from.ok()?,
        cell: cell?,
        cell_from: cell_from?,
        role: role.ok()?.unwrap_or(CellRole::Member),
        role_from: role_from.ok()?,
        exemption: exemption?,
        left_on: left_on.ok()?,
    })
}

/// A member created from a row, taking its texts over.
fn new_member(r: MemberRow, is_demo: bool) -> Member {
    let cell_validity = Validity {
        from: r.cell_from,
        to: r.left_on,
    };
    Member {
        code: r.code,
        full_name: r.full_name,
        gender: r.gender,
        birth_year: r.birth_year,
        statuses: vec![Period {
            value: r.status,
            validity: Validity {
                from: r.status_from.unwrap_or(r.cell_from),
                to: None,
            },
        }],
        cells: vec![Period {
            value: r.cell,
            validity: cell_validity,
        }],
        roles: match r.role {
            CellRole::Member => vec![],
            role => vec![Period {
                value: role,
                validity: Validity {
                    from: r.role_from.unwrap_or(r.cell_from),
                    to: r.left_on,
                },
            }],
        },
        exemptions: r.exemption.into_iter().collect(),
        is_demo,
    }
}

/// Closes the open period of `periods` on `on` and opens `value` from `on`.
fn switch<T: Clone>(
    periods: &mut Vec<Period<T>>,
    value: Option<T>,
    on: NaiveDate,
    until: Option<NaiveDate>,
) {
    if let Some(open) = periods
        .iter_mut()
        .find(|p| p.validity.to.is_none_or(|to| to > on))
    {
        open.validity.to = Some(on);
    }
    periods.retain(|p| p.validity.to.is_none_or(|to| to > p.validity.from));
    if let Some(value) = value {
        periods.push(Period {
            value,
            validity: Validity {
                from: on,
                to: until,
            },
        });
    }
}

/// The stored member brought up to the row, or problems when the row's
/// dates cannot extend the stored history.
fn updated_member(
    stored: &Member,
    r: &MemberRow,
    columns: &Columns,
) -> Result<Member, Box<Problem>> {
    let mut m = stored.clone();
    m.full_name = r.full_name.clone();
    m.gender = r.gender;
    m.birth_year = r.birth_year;
    let last_cell = stored.cells.last().cloned();
    let transfer = last_cell.as_ref().is_none_or(|c| c.value != r.cell);
    if transfer {
        if let Some(last) = &last_cell
            && r.cell_from <= last.validity.from
        {
            return Err(Box::new(
                columns.problem(
                    r.row,
                    "cell_from",
                    Message::new("err-cell-from-order")
                        .date("date", r.cell_from)
                        .date("last", last.validity.from),
                ),
            ));
        }
        switch(&mut m.cells, Some(r.cell.clone()), r.cell_from, r.left_on);
        switch(&mut m.roles, None, r.cell_from, None);
    } else if let Some(last) = m.cells.last_mut() {
        last.validity.to = r.left_on;
    }
    let current_status = m.statuses.last().map(|p| p.value);
    if current_status != Some(r.status) {
        let on = r.status_from.ok_or_else(|| {
            columns.problem(
                r.row,
                "status_from",
                Message::new("err-change-date-required").arg(
                    "column",
                    columns.header("status_from").unwrap_or("status_from"),
                ),
            )
        })?;
        switch(&mut m.statuses, Some(r.status), on, None);
    }
    let current_role = m
        .roles
        .iter()
        .find(|p| p.validity.to.is_none())
        .map_or(CellRole::Member, |p| p.value);
    if current_role != r.role {
        let on = match r.role_from {
            Some(on) => on,
            None if transfer => r.cell_from,
            None => {
                return Err(Box::new(
                    columns.problem(
                        r.row,
                        "role_from",
                        Message::new("err-change-date-required")
                            .arg("column", columns.header("role_from").unwrap_or("role_from")),
                    ),
                ));
            }
        };
        let role = (r.role != CellRole::Member).then_some(r.role);
        switch(&mut m.roles, role, on, r.left_on);
    }
    if let Some(exemption) = &r.exemption {
        match m
            .exemptions
            .iter_mut()
            .find(|e| e.validity.from == exemption.validity.from)
        {
            Some(same_start) => *same_start = exemption.clone(),
            None => {
                if let Some(open) = m
                    .exemptions
                    .iter_mut()
                    .find(|e| e.validity.to.is_none() && e.validity.from < exemption.validity.from)
                {
                    open.validity.to = Some(exemption.validity.from);
                }
                m.exemptions.push(exemption.clone());
            }
        }
    }
    Ok(m)
}

fn changed_fields(before: &Member, after: &Member) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if before.full_name != after.full_name {
        fields.push("full_name");
    }
    if before.gender != after.gender {
        fields.push("gender");
    }
    if before.birth_year != after.birth_year {
        fields.push("birth_year");
    }
    if before.statuses != after.statuses {
        fields.push("status");
    }
    if before.cells != after.cells {
        fields.push("cell_code");
    }
    if before.roles != after.roles {
        fields.push("role");
    }
    if before.exemptions != after.exemptions {
        fields.push("exemption");
    }
    fields
}

/// Members planned and written per batch.
const BATCH: usize = 20_000;

/// Imports members from `table`; nothing is written unless every row is valid.
///
/// Rows are parsed and checked batch by batch against the stored data; while
/// one batch is being checked the previous one is written, inside a single
/// transaction that is committed only when no row of the file had a problem.
/// So both cores work at once, memory holds one batch of members rather than
/// the file's, and the import stays all or nothing. Every problem of the file
/// is still reported: checking goes on to the last row.
///
/// The write checks only what the plan read: each updated member's version
/// and the cells the changed members belong to (a cell whose members change
/// takes its next version). A file that changes nothing writes nothing: the
/// transaction opens with the first batch that has a change.
///
/// This is the command line's import, which may change any member; a
/// signed-in person's file goes through [`import_checked_members`].
pub async fn import_members(
    _operator: Operator,
    db: &Db,
    table: &Table,
    options: &MemberImportOptions,
) -> Result<ImportReport, CoreError> {
    apply(db, table, options, None).await
}

/// Imports a file the scope check passed (see
/// [`super::scope::check_member_rows`]), with the options it was checked
/// with. Confirming a preview (the proof holds its fingerprint), nothing is
/// written and the answer is a conflict if the records the file reads
/// changed since.
pub async fn import_checked_members(
    checked: CheckedImport<'_, MemberImportOptions>,
) -> Result<ImportReport, CoreError> {
    apply(checked.db, checked.table, checked.options, checked.basis).await
}

/// Imports members, confirming a preview if `basis` is the report's
/// [`ImportReport::basis`] of the dry run that was shown. Inside core only:
/// outside, an import needs a proof or the operator.
async fn apply(
    db: &Db,
    table: &Table,
    options: &MemberImportOptions,
    basis: Option<&str>,
) -> Result<ImportReport, CoreError> {
    let store = db.store();
    let columns = Columns::map(table, COLUMNS).map_err(CoreError::Invalid)?;
    // With none stored (a first import), no batch needs to look its codes up.
    let any_stored = store.has_members().await?;
    let (org, seen) = store.load_org_snapshot().await?;
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<MemberChangeSet>(2);
    let writer = match options.dry_run {
        true => None,
        false => {
            let store = store.clone();
            let incoming = table.rows.len();
            Some(tokio::spawn(async move {
                let mut writer: Option<MemberWriter> = None;
                while let Some(batch) = receiver.recv().await {
                    let open = match writer.as_mut() {
                        Some(open) => open,
                        None => {
                            let mut opened = store.member_writer().await?;
                            opened.expect_members(incoming).await?;
                            writer.insert(opened)
                        }
                    };
                    open.write(&batch).await?;
                }
                Ok::<_, StoreError>(writer)
            }))
        }
    };

    let mut problems = Vec::new();
    // Keyed by the code as the table holds it (the table outlives the
    // import), so that a million rows do not copy a million codes. A code
    // whose parsed form differs from its trimmed cell (none today: parsing
    // only trims) is keyed by a copy of the parsed form.
    let mut first_row: HashMap<Cow<'_, str>, usize> = HashMap::with_capacity(table.rows.len());
    let mut report = ImportReport {
        dry_run: options.dry_run,
        // Reserved once: growing a vector of a million entries by doubling
        // copies it over and over.
        changes: Vec::with_capacity(table.rows.len()),
        ..ImportReport::default()
    };
    let mut plan = Plan {
        seen: &seen,
        checks: UnitChecks::default(),
        basis: Basis::default(),
    };
    let mut rows_read = 0;
    for lines in table.rows.chunks(BATCH) {
        let mut batch = Vec::with_capacity(lines.len());
        for row in lines {
            let mut parser = RowParser {
                columns: &columns,
                row,
                problems: &mut problems,
            };
            let Some(parsed) = parse_row(&mut parser, options.today) else {
                continue;
            };
            let cell = columns.get(row, "code");
            let key = match cell == parsed.code.as_str() {
                true => Cow::Borrowed(cell),
                false => Cow::Owned(parsed.code.to_string()),
            };
            match first_row.entry(key) {
                Entry::Occupied(first) => {
                    problems.push(
                        columns.problem(
                            parsed.row,
                            "code",
                            Message::new("err-duplicate-in-file")
                                .arg("code", &parsed.code)
                                .arg("row", first.get()),
                        ),
                    );
                    continue;
                }
                Entry::Vacant(slot) => {
                    slot.insert(parsed.row);
                }
            }
            batch.push(parsed);
        }
        rows_read += batch.len();
        let stored: HashMap<MemberCode, MemberUpdate> = match any_stored {
            true => {
                let codes: Vec<MemberCode> = batch.iter().map(|r| r.code.clone()).collect();
                store
                    .load_member_updates(&codes)
                    .await?
                    .into_iter()
                    .map(|m| (m.member.code.clone(), m))
                    .collect()
            }
            false => HashMap::new(),
        };
        let changes = plan_batch(
            batch,
            &stored,
            &org,
            &columns,
            options,
            &mut plan,
            &mut report,
            &mut problems,
        );
        // Once a problem is found nothing more is sent: the transaction will be rolled back.
        if problems.is_empty()
            && writer.is_some()
            && !changes.is_empty()
            && sender.send(changes).await.is_err()
        {
            break; // the writer failed; its error is reported below
        }
    }
    drop(sender);
    report.unchanged = rows_read - report.created - report.updated;
    report.basis = plan.finish();
    let stale = basis.is_some_and(|shown| shown != report.basis);

    let written = match writer {
        Some(task) => task
            .await
            .map_err(|e| CoreError::refused(Message::new("err-db").arg("detail", e)))??,
        None => None,
    };
    if let Some(mut writer) = written {
        if problems.is_empty() && !stale {
            writer.check_units(&plan.checks).await?;
            if let Some(entry) = &options.audit
                && report.created + report.updated > 0
            {
                writer.record(&[super::with_counts(entry, &report)]).await?;
            }
            writer.commit().await?;
        } else {
            writer.rollback().await?;
        }
    }
    if !problems.is_empty() {
        Err(CoreError::Invalid(problems))
    } else if stale {
        Err(CoreError::Store(StoreError::Conflict))
    } else {
        Ok(report)
    }
}

/// What the planning of a file gathers besides its changes: the units its
/// write must check, and the fingerprint of the records it read.
struct Plan<'a> {
    seen: &'a UnitVersions,
    checks: UnitChecks,
    basis: Basis,
}

impl Plan<'_> {
    /// A member's cells: each is relied on, or changed when the member
    /// joins or leaves it (`moves`).
    fn cells(&mut self, cells: &[Period<UnitCode>], moves: bool) {
        for cell in cells {
            if self.checks.changes(&cell.value) {
                continue;
            }
            if let Some(version) = self.seen.get(&cell.value) {
                match moves {
                    true => self.checks.change(&cell.value, version),
                    false => self.checks.rely_on(&cell.value, version),
                }
            }
        }
    }

    /// The fingerprint: every member the file names (in file order), then
    /// the units checked.
    fn finish(&mut self) -> String {
        for (code, version, _) in self.checks.entries() {
            self.basis.add("unit", code.as_str(), Some(version));
        }
        self.basis.finish()
    }
}

/// Plans one batch of rows against the stored members and the tree. The
/// rows are consumed: a new member takes its texts over rather than copying.
#[allow(clippy::too_many_arguments)]
fn plan_batch(
    batch: Vec<MemberRow>,
    stored: &HashMap<MemberCode, MemberUpdate>,
    org: &chibo_domain::org::OrgHistory,
    columns: &Columns,
    options: &MemberImportOptions,
    plan: &mut Plan<'_>,
    report: &mut ImportReport,
    problems: &mut Vec<Problem>,
) -> MemberChangeSet {
    let mut changes = MemberChangeSet {
        created: Vec::with_capacity(batch.len()),
        updated: Vec::new(),
    };
    for r in batch {
        let row = r.row;
        let found = stored.get(&r.code);
        plan.basis
            .add("member", r.code.as_str(), found.map(|m| m.row_version));
        let (member, action, fields, code, version) = match found {
            None => {
                let code = r.code.to_string();
                let member = new_member(r, options.is_demo);
                plan.cells(&member.cells, true);
                (member, ChangeAction::Create, vec![], code, 0)
            }
            Some(MemberUpdate {
                member: before,
                row_version,
            }) => match updated_member(before, &r, columns) {
                Ok(after) => {
                    let fields = changed_fields(before, &after);
                    if fields.is_empty() {
                        continue;
                    }
                    let moves = before.cells != after.cells;
                    if moves {
                        plan.cells(&before.cells, true);
                    }
                    plan.cells(&after.cells, moves);
                    (
                        after,
                        ChangeAction::Update,
                        fields,
                        r.code.to_string(),
                        *row_version,
                    )
                }
                Err(problem) => {
                    problems.push(*problem);
                    continue;
                }
            },
        };
        for problem in member.validate(org, options.today) {
            problems.push(columns.problem(row, column_of(problem.field), problem.message));
        }
        report.changes.push(PlannedChange {
            row,
            code,
            action,
            fields,
        });
        match action {
            ChangeAction::Create => {
                report.created += 1;
                changes.created.push(member);
            }
            ChangeAction::Update => {
                report.updated += 1;
                changes.updated.push(MemberUpdate {
                    member,
                    row_version: version,
                });
            }
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    //! A file large enough for the writer's bulk path (on SQLite, member
    //! indexes rebuilt at commit): still all or nothing, on every backend.

    use std::fmt::Write as _;

    use super::*;
    use crate::import::units::{UnitImportOptions, import_units};
    use crate::operator::Operator;
    use crate::tabular::{ReadLimits, read_table};
    use crate::{FixedClock, reference};

    /// More than a batch: the bad last row is found once the first batch
    /// has been written.
    const ROWS: usize = BATCH + 500;

    fn today() -> NaiveDate {
        "2024-06-30".parse().unwrap()
    }

    fn table(dir: &std::path::Path, name: &str, content: &str) -> Table {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        read_table(&path, ReadLimits::default()).unwrap()
    }

    fn roster(bad_last_row: bool) -> String {
        let mut csv =
            String::from("code,full_name,gender,birth_year,status,cell_code,cell_from,role\n");
        for i in 0..ROWS {
            let cell = match (bad_last_row && i == ROWS - 1, i % 2) {
                (true, _) => "CT.NK.AH.NOPE",
                (false, 0) => "CT.NK.AH.KV1",
                (false, _) => "CT.NK.AH.KV2",
            };
            let role = if i.is_multiple_of(10) { "deputy" } else { "" };
            writeln!(
                csv,
                "B{i:06},Phạm Văn Đức {i},nam,{},chính thức,{cell},15/03/2019,{role}",
                1960 + i % 40
            )
            .unwrap();
        }
        csv
    }

    #[tokio::test]
    async fn a_large_file_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let ward = table(
            dir.path(),
            "ward.csv",
            "code,name,kind,sector,parent_code,valid_from\n\
             CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018\n\
             CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018\n\
             CT.NK.AH.KV2,Chi bộ Khu vực 2,subordinate_cell,commune,CT.NK.AH,01/01/2018\n",
        );
        let bad = table(dir.path(), "bad.csv", &roster(true));
        let good = table(dir.path(), "good.csv", &roster(false));
        let options = MemberImportOptions {
            today: today(),
            dry_run: false,
            is_demo: false,
            audit: None,
        };
        for t in chibo_testkit::stores("import_members_bulk").await {
            let store = &t.store;
            reference::load(&Db::from(store), &FixedClock(today()))
                .await
                .unwrap();
            let unit_options = UnitImportOptions {
                effective_on: today(),
                document: Default::default(),
                dry_run: false,
                is_demo: false,
                audit: None,
            };
            import_units(
                Operator::command_line(),
                &Db::from(store),
                &ward,
                &unit_options,
            )
            .await
            .unwrap();
            let (_, units_before) = store.load_org_snapshot().await.unwrap();

            // The last row's problem is found after every other batch was written.
            let Err(CoreError::Invalid(problems)) =
                import_members(Operator::command_line(), &Db::from(store), &bad, &options).await
            else {
                panic!("{}: the bad file was accepted", t.label);
            };
            assert_eq!(problems.len(), 1, "{}: {problems:?}", t.label);
            assert_eq!(store.member_count().await.unwrap(), 0, "{}", t.label);
            let (_, units_after) = store.load_org_snapshot().await.unwrap();
            assert_eq!(units_after, units_before, "{}", t.label);

            let report =
                import_members(Operator::command_line(), &Db::from(store), &good, &options)
                    .await
                    .unwrap();
            assert_eq!(report.created, ROWS, "{}", t.label);
            let counts = store.member_counts_as_of(today()).await.unwrap();
            assert_eq!(
                counts.values().sum::<i64>(),
                ROWS as i64,
                "{}: {counts:?}",
                t.label
            );
            let roster = store
                .roster(&UnitCode::parse("CT.NK.AH.KV1").unwrap(), today())
                .await
                .unwrap();
            assert_eq!(roster.len(), ROWS / 2, "{}", t.label);
            assert_eq!(
                roster.iter().filter(|e| e.role == CellRole::Deputy).count(),
                ROWS / 10,
                "{}",
                t.label
            );

            // Again: every member is found and nothing changes.
            let report =
                import_members(Operator::command_line(), &Db::from(store), &good, &options)
                    .await
                    .unwrap();
            assert_eq!(
                (report.created, report.updated, report.unchanged),
                (0, 0, ROWS),
                "{}",
                t.label
            );
        }
    }
}
