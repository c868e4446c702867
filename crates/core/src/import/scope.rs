//! Imports by a signed-in person stay inside their grants: every row must
//! concern a unit they may change, checked before the import itself runs,
//! with each refused row reported like any other problem of the file. A
//! check that passes returns the [`CheckedImport`] the import requires. (The
//! command line is trusted and skips this, with its
//! [`Operator`](crate::operator::Operator) capability.)
//!
//! Codes are unique across the whole tree, so a row whose code belongs to a
//! unit or member outside the grants has to be refused with its own message:
//! it cannot be treated as new without taking that unit or member over.

use crate::Db;
use std::collections::{HashMap, HashSet};

use chibo_domain::access::Role;
use chibo_domain::member::Member;
use chibo_domain::{MemberCode, Message, NaiveDate, UnitCode};
use chibo_store::Store;

use super::members::MemberImportOptions;
use super::units::UnitImportOptions;
use super::{CheckedImport, Columns, members, units};
use crate::access::{Actor, EditMembers, EditUnits, Permission, unit_access};
use crate::tabular::Table;
use crate::{CoreError, Problem};

/// Remembers the answer for each unit: a file names the same cells often.
struct Checked<'a, P: Permission> {
    store: &'a Store,
    actor: &'a Actor,
    today: NaiveDate,
    answers: HashMap<UnitCode, bool>,
    _permission: std::marker::PhantomData<P>,
}

impl<'a, P: Permission> Checked<'a, P> {
    fn new(store: &'a Store, actor: &'a Actor, today: NaiveDate) -> Self {
        Checked {
            store,
            actor,
            today,
            answers: HashMap::new(),
            _permission: std::marker::PhantomData,
        }
    }

    async fn allows(&mut self, unit: &UnitCode) -> Result<bool, CoreError> {
        if let Some(answer) = self.answers.get(unit) {
            return Ok(*answer);
        }
        let answer =
            match unit_access::<P>(&Db::from(self.store), self.actor, unit, self.today).await {
                Ok(_) => true,
                Err(CoreError::Denied(_)) => false,
                Err(other) => return Err(other),
            };
        self.answers.insert(unit.clone(), answer);
        Ok(answer)
    }
}

/// The proof for a file without a refused row.
fn finish<'t, O>(
    problems: Vec<Problem>,
    checked: CheckedImport<'t, O>,
) -> Result<CheckedImport<'t, O>, CoreError> {
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(CoreError::Invalid(problems))
    }
}

/// Every member row must name a cell inside the actor's grants, and a
/// member who already exists must belong to such a cell on the options'
/// day. The proof binds `table`, `options` and the preview fingerprint
/// `basis` being confirmed (none for a preview).
pub async fn check_member_rows<'t>(
    db: &'t Db,
    actor: &Actor,
    table: &'t Table,
    options: &'t MemberImportOptions,
    basis: Option<&'t str>,
) -> Result<CheckedImport<'t, MemberImportOptions>, CoreError> {
    let store = db.store();
    let today = options.today;
    let checked = CheckedImport {
        db,
        table,
        options,
        basis,
    };
    // A file without the expected columns is reported by the import itself.
    let Ok(columns) = Columns::map(table, members::COLUMNS) else {
        return Ok(checked);
    };
    let mut cells = Checked::<EditMembers>::new(store, actor, today);
    let mut problems = Vec::new();
    let mut rows_by_code: Vec<(MemberCode, usize)> = Vec::new();
    for row in &table.rows {
        if let Ok(code) = MemberCode::parse(columns.get(row, "code")) {
            rows_by_code.push((code, row.number));
        }
        let raw_cell = columns.get(row, "cell_code");
        let Ok(cell) = UnitCode::parse(raw_cell) else {
            continue; // reported by the import
        };
        if !cells.allows(&cell).await? {
            problems.push(columns.problem(
                row.number,
                "cell_code",
                Message::new("access-import-unit-outside").arg("unit", &cell),
            ));
        }
    }
    for chunk in rows_by_code.chunks(1_000) {
        let codes: Vec<MemberCode> = chunk.iter().map(|(code, _)| code.clone()).collect();
        let stored: HashMap<MemberCode, Member> = store
            .load_members(&codes)
            .await?
            .into_iter()
            .map(|m| (m.code.clone(), m))
            .collect();
        for (code, row) in chunk {
            let Some(member) = stored.get(code) else {
                continue;
            };
            let current = member
                .cells
                .iter()
                .find(|p| p.validity.contains(today))
                .or(member.cells.last());
            let inside = match current {
                Some(period) => cells.allows(&period.value).await?,
                None => false,
            };
            if !inside {
                problems.push(columns.problem(
                    *row,
                    "code",
                    Message::new("access-import-member-outside").arg("code", code),
                ));
            }
        }
    }
    finish(problems, checked)
}

/// Every unit row must be a unit inside the actor's grants or a new one,
/// and its parent must be inside the grants or a new unit of the same file,
/// as the tree stands `today`. The proof binds `table`, `options` and the
/// preview fingerprint `basis` being confirmed (none for a preview).
pub async fn check_unit_rows<'t>(
    db: &'t Db,
    actor: &Actor,
    today: NaiveDate,
    table: &'t Table,
    options: &'t UnitImportOptions,
    basis: Option<&'t str>,
) -> Result<CheckedImport<'t, UnitImportOptions>, CoreError> {
    let store = db.store();
    let checked = CheckedImport {
        db,
        table,
        options,
        basis,
    };
    let Ok(columns) = Columns::map(table, units::COLUMNS) else {
        return Ok(checked);
    };
    let in_file: HashSet<UnitCode> = table
        .rows
        .iter()
        .filter_map(|row| UnitCode::parse(columns.get(row, "code")).ok())
        .collect();
    let mut units = Checked::<EditUnits>::new(store, actor, today);
    let mut problems = Vec::new();
    for row in &table.rows {
        let Ok(code) = UnitCode::parse(columns.get(row, "code")) else {
            continue;
        };
        let exists = store.unit_placement(&code, today).await?.is_some();
        if exists && !units.allows(&code).await? {
            problems.push(columns.problem(
                row.number,
                "code",
                Message::new("access-import-unit-outside").arg("unit", &code),
            ));
            continue;
        }
        let raw_parent = columns.get(row, "parent_code").trim();
        if raw_parent.is_empty() {
            // Only the root has no parent, and only administrators hold it.
            if !exists && !actor.holds(Role::Administrator) {
                problems.push(columns.problem(
                    row.number,
                    "parent_code",
                    Message::new("err-required"),
                ));
            }
            continue;
        }
        let Ok(parent) = UnitCode::parse(raw_parent) else {
            continue;
        };
        if !in_file.contains(&parent) && !units.allows(&parent).await? {
            problems.push(columns.problem(
                row.number,
                "parent_code",
                Message::new("access-import-unit-outside").arg("unit", &parent),
            ));
        }
    }
    finish(problems, checked)
}
