//! Optimistic concurrency scoped to the records a change touches.
//!
//! Every member and every unit carries a `row_version`. A change is planned
//! on versions read with the data ([`UnitVersions`], the versions of the
//! members it updates), and its transaction checks exactly those: a member
//! update is a conditional `UPDATE … WHERE row_version = $seen`, and the
//! units are checked through [`UnitChecks`]. Changes to other records no
//! longer refuse it. A unit's version moves when its versions are rewritten
//! and when the members it holds change (created in it, moved in or out),
//! so that a plan made on a cell's roster sees a later change to it.
//!
//! The checks are portable SQL. On PostgreSQL an `UPDATE` takes the row's
//! lock and, if another transaction holds it, waits and re-reads the row
//! once that one commits; so the version compared afterwards is the latest
//! committed one, and it stays so until this transaction ends. On SQLite a
//! write transaction holds the database's one write lock from its start
//! ([`BeginWrite`]).

use std::collections::HashMap;

use chibo_domain::UnitCode;
use chibo_domain::member::Member;
use chibo_domain::org::OrgChangeSet;
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

/// The row versions of units as a plan read them, by code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitVersions(HashMap<UnitCode, i64>);

impl UnitVersions {
    pub fn get(&self, code: &UnitCode) -> Option<i64> {
        self.0.get(code).copied()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn insert(&mut self, code: UnitCode, version: i64) {
        self.0.insert(code, version);
    }
}

impl FromIterator<(UnitCode, i64)> for UnitVersions {
    fn from_iter<I: IntoIterator<Item = (UnitCode, i64)>>(iter: I) -> Self {
        UnitVersions(iter.into_iter().collect())
    }
}

/// A stored member to be replaced, with the version the change was planned
/// on: the write is refused if the member changed since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberUpdate {
    pub member: Member,
    pub row_version: i64,
}

/// The units a write checks in its transaction, with the versions seen
/// when it was planned. They are locked in code order, so that two
/// transactions lock shared units in the same order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitChecks {
    /// Units whose versions or members the change rewrites: each must still
    /// be at the version seen, and takes the next one.
    changed: HashMap<UnitCode, i64>,
    /// Units the change relies on without changing them (a parent, a cell
    /// its members belong to): each must still be at the version seen.
    relied_on: HashMap<UnitCode, i64>,
}

impl UnitChecks {
    /// The change rewrites `code`, seen at `version`.
    pub fn change(&mut self, code: &UnitCode, version: i64) {
        // An import names the same cells over and over: copy a code once.
        if self.changed.contains_key(code) {
            return;
        }
        self.relied_on.remove(code);
        self.changed.insert(code.clone(), version);
    }

    /// The change relies on `code`, seen at `version`, without changing it.
    pub fn rely_on(&mut self, code: &UnitCode, version: i64) {
        if !self.changed.contains_key(code) && !self.relied_on.contains_key(code) {
            self.relied_on.insert(code.clone(), version);
        }
    }

    /// Whether the change rewrites `code`.
    pub fn changes(&self, code: &UnitCode) -> bool {
        self.changed.contains_key(code)
    }

    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.relied_on.is_empty()
    }

    /// Every unit checked, in code order: its code, the version seen, and
    /// whether the change rewrites it.
    pub fn entries(&self) -> Vec<(&UnitCode, i64, bool)> {
        let mut all: Vec<(&UnitCode, i64, bool)> = self
            .changed
            .iter()
            .map(|(code, v)| (code, *v, true))
            .chain(self.relied_on.iter().map(|(code, v)| (code, *v, false)))
            .collect();
        all.sort_by(|a, b| a.0.cmp(b.0));
        all
    }

    /// The checks of an org change set planned on `seen`: every existing
    /// unit it rewrites changes; the parents its versions name and the
    /// units its events link are relied on. Units absent from `seen` are
    /// new: the write refuses them if someone created them meanwhile.
    pub fn for_org_changes(changes: &OrgChangeSet, seen: &UnitVersions) -> UnitChecks {
        let mut checks = UnitChecks::default();
        for unit in &changes.units {
            if let Some(version) = seen.get(&unit.code) {
                checks.change(&unit.code, version);
            }
        }
        let named = changes
            .units
            .iter()
            .flat_map(|u| u.versions.iter().filter_map(|v| v.parent.as_ref()))
            .chain(
                changes
                    .events
                    .iter()
                    .flat_map(|e| e.sources.iter().chain(&e.targets)),
            );
        for code in named {
            if let Some(version) = seen.get(code) {
                checks.rely_on(code, version);
            }
        }
        checks
    }

    /// The changed units, in code order.
    pub(crate) fn changed(&self) -> Vec<(&UnitCode, i64)> {
        sorted(&self.changed)
    }

    /// The units relied on, in code order.
    pub(crate) fn relied_on(&self) -> Vec<(&UnitCode, i64)> {
        sorted(&self.relied_on)
    }
}

fn sorted(units: &HashMap<UnitCode, i64>) -> Vec<(&UnitCode, i64)> {
    let mut all: Vec<(&UnitCode, i64)> = units.iter().map(|(code, v)| (code, *v)).collect();
    all.sort_unstable();
    all
}

/// Checks `$checks` inside the transaction `$tx`: locks every unit named
/// (taking the next version of the changed ones), then compares what is
/// stored with what the plan saw. Fails with `Conflict` on any difference,
/// or when a unit no longer exists.
macro_rules! check_units {
    ($tx:expr, $checks:expr) => {{
        let checks: &$crate::UnitChecks = $checks;
        let locks = [
            (
                checks.changed(),
                1i64,
                "UPDATE units SET row_version = row_version + 1 WHERE code IN (",
            ),
            (
                checks.relied_on(),
                0i64,
                "UPDATE units SET row_version = row_version WHERE code IN (",
            ),
        ];
        let mut expected: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
        for (units, bump, sql) in locks {
            let codes: Vec<&str> = units.iter().map(|(code, _)| code.as_str()).collect();
            for chunk in codes.chunks(5_000) {
                let mut query = sqlx::QueryBuilder::new(sql);
                let mut separated = query.separated(", ");
                for code in chunk {
                    separated.push_bind(*code);
                }
                query.push(")");
                query.build().execute(&mut *$tx).await?;
            }
            expected.extend(units.iter().map(|(code, v)| (code.as_str(), *v + bump)));
        }
        let codes: Vec<&str> = expected.keys().copied().collect();
        let mut found = 0usize;
        for chunk in codes.chunks(5_000) {
            let mut query =
                sqlx::QueryBuilder::new("SELECT code, row_version FROM units WHERE code IN (");
            let mut separated = query.separated(", ");
            for code in chunk {
                separated.push_bind(*code);
            }
            query.push(")");
            let stored: Vec<(String, i64)> = query.build_query_as().fetch_all(&mut *$tx).await?;
            for (code, version) in stored {
                if expected.get(code.as_str()) != Some(&version) {
                    return Err($crate::StoreError::Conflict);
                }
                found += 1;
            }
        }
        if found != expected.len() {
            return Err($crate::StoreError::Conflict);
        }
    }};
}
pub(crate) use check_units;

/// Starting a write transaction. SQLite takes its one write lock at once
/// (`BEGIN IMMEDIATE`), waiting for it as long as the busy timeout allows:
/// a transaction that read first and wrote later would fail at once, not
/// wait, when another connection had committed in between. PostgreSQL locks
/// the rows each statement writes, so its ordinary `BEGIN` serves.
pub(crate) trait BeginWrite {
    type Database: sqlx::Database;

    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<Transaction<'static, Self::Database>, sqlx::Error>> + Send;
}

impl BeginWrite for SqlitePool {
    type Database = Sqlite;

    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<Transaction<'static, Sqlite>, sqlx::Error>> + Send {
        self.begin_with("BEGIN IMMEDIATE")
    }
}

impl BeginWrite for PgPool {
    type Database = Postgres;

    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<Transaction<'static, Postgres>, sqlx::Error>> + Send {
        self.begin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(raw: &str) -> UnitCode {
        UnitCode::parse(raw).unwrap()
    }

    #[test]
    fn a_changed_unit_is_not_also_relied_on() {
        let mut checks = UnitChecks::default();
        checks.rely_on(&code("C1"), 3);
        checks.change(&code("C1"), 3);
        checks.rely_on(&code("C1"), 3);
        checks.rely_on(&code("P1"), 1);
        assert!(checks.changes(&code("C1")));
        assert!(!checks.changes(&code("P1")));
        assert_eq!(checks.relied_on().len(), 1);
        assert_eq!(checks.changed().len(), 1);
    }
}
