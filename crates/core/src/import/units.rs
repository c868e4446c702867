//! Importing units: a file describes units as they are; new codes are
//! created, changed attributes become a dated rename, move or change of
//! kind, and an end date dissolves a unit.

use crate::Db;
use std::collections::HashMap;

use chibo_domain::org::{NewUnit, OrgHistory, SourceDocument, UnitChange, UnitField};
use chibo_domain::text::Name;
use chibo_domain::unit::UnitKind;
use chibo_domain::{Message, NaiveDate, SectorCode, UnitCode};
use chibo_store::{StoreError, UnitVersions};

use super::columns::{RowParser, date};
use super::{ChangeAction, CheckedImport, ColumnSpec, Columns, ImportReport, PlannedChange};
use crate::basis::Basis;
use crate::operator::Operator;
use crate::tabular::Table;
use crate::{CoreError, Problem};

pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        key: "code",
        aliases: &["ma", "ma_don_vi"],
        required: true,
    },
    ColumnSpec {
        key: "name",
        aliases: &["ten", "ten_don_vi"],
        required: true,
    },
    ColumnSpec {
        key: "kind",
        aliases: &["loai", "loai_hinh"],
        required: true,
    },
    ColumnSpec {
        key: "sector",
        aliases: &["khoi", "linh_vuc", "khoi_linh_vuc"],
        required: true,
    },
    ColumnSpec {
        key: "parent_code",
        aliases: &["ma_cap_tren"],
        required: true,
    },
    ColumnSpec {
        key: "valid_from",
        aliases: &["tu_ngay", "ngay_thanh_lap"],
        required: false,
    },
    ColumnSpec {
        key: "valid_to",
        aliases: &["den_ngay", "ngay_giai_the"],
        required: false,
    },
];

#[derive(Debug, Clone)]
pub struct UnitImportOptions {
    /// The date from which changed names, parents or kinds take effect.
    pub effective_on: NaiveDate,
    pub document: SourceDocument,
    pub dry_run: bool,
    pub is_demo: bool,
    /// Who imports, recorded with the counts in the audit log; `None` only
    /// for demonstration data and benchmarks.
    pub audit: Option<chibo_store::AuditEntry>,
}

#[derive(Debug, Clone)]
struct UnitRow {
    row: usize,
    unit: NewUnit,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
}

fn column_of(field: UnitField) -> &'static str {
    match field {
        UnitField::Code => "code",
        UnitField::Name => "name",
        UnitField::Kind => "kind",
        UnitField::Sector => "sector",
        UnitField::Parent => "parent_code",
        UnitField::ValidFrom => "valid_from",
        UnitField::ValidTo => "valid_to",
    }
}

fn parse_rows(
    table: &Table,
    columns: &Columns,
    sectors: &[String],
) -> (Vec<UnitRow>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let kinds = UnitKind::ALL.map(UnitKind::code).join(", ");
    let sector_list = sectors.join(", ");
    for row in &table.rows {
        let mut p = RowParser {
            columns,
            row,
            problems: &mut problems,
        };
        let code = p.required("code", |v| UnitCode::parse(v).map_err(|e| e.message()));
        let name = p.required("name", |v| Name::parse(v).map_err(|e| e.message()));
        let kind = p.required("kind", |v| {
            UnitKind::parse(v).ok_or_else(|| {
                Message::new("err-kind")
                    .arg("value", v)
                    .arg("allowed", &kinds)
            })
        });
        let sector = p.required("sector", |v| {
            SectorCode::parse(v)
                .ok()
                .filter(|s| sectors.iter().any(|known| known == s.as_str()))
                .ok_or_else(|| {
                    Message::new("err-sector")
                        .arg("value", v)
                        .arg("allowed", &sector_list)
                })
        });
        let parent = p.optional("parent_code", |v| {
            UnitCode::parse(v).map_err(|e| e.message())
        });
        let valid_from = p.optional("valid_from", date);
        let valid_to = p.optional("valid_to", date);
        if let (Ok(Some(from)), Ok(Some(to))) = (valid_from, valid_to)
            && to <= from
        {
            p.problems.push(
                columns.problem(
                    row.number,
                    "valid_to",
                    Message::new("err-end-before-start")
                        .date("from", from)
                        .date("to", to),
                ),
            );
            continue;
        }
        if let (
            Some(code),
            Some(name),
            Some(kind),
            Some(sector),
            Ok(parent),
            Ok(valid_from),
            Ok(valid_to),
        ) = (code, name, kind, sector, parent, valid_from, valid_to)
        {
            rows.push(UnitRow {
                row: row.number,
                unit: NewUnit {
                    code,
                    name,
                    kind,
                    sector,
                    parent,
                },
                valid_from,
                valid_to,
            });
        }
    }
    (rows, problems)
}

/// Plans the rows on `org`, returning the problems found.
fn plan(
    org: &mut OrgHistory,
    rows: &[UnitRow],
    columns: &Columns,
    options: &UnitImportOptions,
) -> (Vec<PlannedChange>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut planned = Vec::new();
    let locate = |row: usize, field: UnitField, message: Message| {
        columns.problem(row, column_of(field), message)
    };
    for r in rows {
        match org.unit(&r.unit.code).cloned() {
            None => {
                let Some(from) = r.valid_from else {
                    problems.push(columns.problem(
                        r.row,
                        "valid_from",
                        Message::new("err-required"),
                    ));
                    continue;
                };
                if let Err(e) = org.create(r.unit.clone(), from, options.is_demo) {
                    problems.push(locate(r.row, e.field, e.message));
                    continue;
                }
                planned.push(PlannedChange {
                    row: r.row,
                    code: r.unit.code.to_string(),
                    action: ChangeAction::Create,
                    fields: vec![],
                });
            }
            Some(existing) => {
                let lifetime = existing.lifetime();
                if let Some(from) = r.valid_from.filter(|f| *f != lifetime.from) {
                    problems.push(
                        columns.problem(
                            r.row,
                            "valid_from",
                            Message::new("err-founding-date-changed")
                                .date("date", from)
                                .date("stored", lifetime.from),
                        ),
                    );
                    continue;
                }
                let current = existing.latest();
                let mut fields = Vec::new();
                let change = UnitChange {
                    name: (current.name != r.unit.name).then(|| {
                        fields.push("name");
                        r.unit.name.clone()
                    }),
                    kind: (current.kind != r.unit.kind).then(|| {
                        fields.push("kind");
                        r.unit.kind
                    }),
                    sector: (current.sector != r.unit.sector).then(|| {
                        fields.push("sector");
                        r.unit.sector.clone()
                    }),
                    parent: (current.parent != r.unit.parent).then(|| {
                        fields.push("parent_code");
                        r.unit.parent.clone()
                    }),
                };
                if !change.is_empty()
                    && let Err(e) = org.change(
                        &r.unit.code,
                        change,
                        options.effective_on,
                        &options.document,
                    )
                {
                    problems.push(locate(r.row, e.field, e.message));
                    continue;
                }
                if r.valid_to.is_some() && r.valid_to != lifetime.to && lifetime.to.is_none() {
                    fields.push("valid_to");
                } else if let Some(end) = lifetime.to
                    && r.valid_to != lifetime.to
                {
                    problems.push(
                        columns.problem(
                            r.row,
                            "valid_to",
                            Message::new("err-unit-dissolved")
                                .arg("unit", &r.unit.code)
                                .date("date", end),
                        ),
                    );
                    continue;
                }
                if !fields.is_empty() {
                    planned.push(PlannedChange {
                        row: r.row,
                        code: r.unit.code.to_string(),
                        action: ChangeAction::Update,
                        fields,
                    });
                }
            }
        }
    }
    // Dissolutions last, so that moves out of a dissolved unit come first.
    for r in rows {
        if let Some(to) = r.valid_to
            && org
                .unit(&r.unit.code)
                .is_some_and(|u| u.lifetime().to.is_none())
            && let Err(e) = org.dissolve(&r.unit.code, to, &options.document)
        {
            problems.push(locate(r.row, e.field, e.message));
        }
    }
    (planned, problems)
}

/// Imports units from `table` for the command line, which may change any
/// unit (a signed-in person's file goes through [`import_checked_units`]);
/// nothing is written unless every row is valid. The write checks the units
/// the file names and the parents it gives, nothing else (see
/// [`chibo_store::UnitChecks::for_org_changes`]).
pub async fn import_units(
    _operator: Operator,
    db: &Db,
    table: &Table,
    options: &UnitImportOptions,
) -> Result<ImportReport, CoreError> {
    apply(db, table, options, None).await
}

/// Imports a file the scope check passed (see
/// [`super::scope::check_unit_rows`]), with the options it was checked
/// with. Confirming a preview (the proof holds its fingerprint), it is a
/// conflict, writing nothing, if a unit the file reads changed since.
pub async fn import_checked_units(
    checked: CheckedImport<'_, UnitImportOptions>,
) -> Result<ImportReport, CoreError> {
    apply(checked.db, checked.table, checked.options, checked.basis).await
}

/// The fingerprint of a unit file's plan: each unit it names and each
/// parent it gives, with the version read (none for a unit not stored).
fn basis_of(rows: &[UnitRow], seen: &UnitVersions) -> String {
    let mut basis = Basis::default();
    for r in rows {
        for code in std::iter::once(&r.unit.code).chain(&r.unit.parent) {
            basis.add("unit", code.as_str(), seen.get(code));
        }
    }
    basis.finish()
}

/// Imports units, confirming a preview whose report had `basis` if given:
/// a conflict, writing nothing, if a unit the file reads changed since.
/// Inside core only: outside, an import needs a proof or the operator.
pub(crate) async fn apply(
    db: &Db,
    table: &Table,
    options: &UnitImportOptions,
    basis: Option<&str>,
) -> Result<ImportReport, CoreError> {
    let store = db.store();
    let columns = Columns::map(table, COLUMNS).map_err(CoreError::Invalid)?;
    let sectors: Vec<String> = store.sectors().await?.into_iter().map(|s| s.code).collect();
    let (rows, mut problems) = parse_rows(table, &columns, &sectors);
    let mut first_row: HashMap<&UnitCode, usize> = HashMap::new();
    for r in &rows {
        if let Some(first) = first_row.insert(&r.unit.code, r.row) {
            first_row.insert(&r.unit.code, first);
            problems.push(
                columns.problem(
                    r.row,
                    "code",
                    Message::new("err-duplicate-in-file")
                        .arg("code", &r.unit.code)
                        .arg("row", first),
                ),
            );
        }
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }

    let (mut org, seen) = store.load_org_snapshot().await?;
    let read = basis_of(&rows, &seen);
    if basis.is_some_and(|shown| shown != read) {
        return Err(CoreError::Store(StoreError::Conflict));
    }
    let (planned, mut problems) = plan(&mut org, &rows, &columns, options);
    if problems.is_empty() {
        let row_of: HashMap<&UnitCode, usize> =
            rows.iter().map(|r| (&r.unit.code, r.row)).collect();
        for problem in org.validate() {
            problems.push(match row_of.get(&problem.unit) {
                Some(row) => columns.problem(*row, column_of(problem.field), problem.message),
                None => Problem::about_unit(&problem.unit, problem.message),
            });
        }
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let changes = org.take_changes();
    let report = ImportReport {
        created: planned
            .iter()
            .filter(|p| p.action == ChangeAction::Create)
            .count(),
        updated: planned
            .iter()
            .filter(|p| p.action == ChangeAction::Update)
            .count(),
        unchanged: rows.len() - planned.len(),
        dry_run: options.dry_run,
        changes: planned,
        basis: read,
    };
    if !options.dry_run && !changes.is_empty() {
        let audit: Vec<_> = options
            .audit
            .iter()
            .map(|entry| super::with_counts(entry, &report))
            .collect();
        crate::org_ops::write_tree_changes(store, &changes, &seen, &audit).await?;
    }
    Ok(report)
}
