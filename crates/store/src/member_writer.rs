//! Writing members in batches inside one transaction, so that an import can
//! check its next batch while the database writes the previous one, and
//! still apply all or nothing: nothing is visible until `commit`, and a
//! dropped or rolled-back writer leaves the database as it was.

use std::collections::HashMap;

use chibo_domain::member::{CellRole, Member};

use crate::sqlite_raw::{self, Value};
use crate::write_tx::{WriterTx, on_tx};
use crate::{
    Backend, BeginWrite, MemberChangeSet, MemberUpdate, Store, StoreError, UnitChecks, WriteTx,
    rows_per_insert, unit_ids,
};

/// The member tables, whose secondary indexes a large import rebuilds.
const MEMBER_TABLES: &str =
    "'members', 'member_statuses', 'member_cells', 'member_roles', 'member_exemptions'";

/// From how many incoming members an import into SQLite may rebuild the
/// member tables' secondary indexes rather than grow them row by row (and
/// only when it at least doubles the members stored, see
/// [`MemberWriter::expect_members`]). Below this, the schema change is not
/// worth it: it also makes every other connection prepare its statements
/// again.
const REBUILD_INDEXES_FROM: usize = 10_000;

/// Rows per step of the SQLite inserts (see `sqlite_raw`): one multi-row
/// INSERT runs the per-statement work (opening cursors, the transaction
/// check) once for all of them. Measured at 200,000 members, the writer took
/// 0.53 s with 1 row per step, 0.44 s with 64 and 0.41 s from 256 up.
const SQLITE_ROWS_PER_STEP: usize = 256;

pub struct MemberWriter {
    tx: WriteTx,
    /// SQLite only: the next member id to hand out. The transaction holds
    /// SQLite's single write lock from its first statement, so no one else
    /// can take an id meanwhile, and assigning ids here spares a lookup per
    /// period row. PostgreSQL hands out ids itself (`RETURNING`).
    next_sqlite_id: Option<i64>,
    unit_ids: HashMap<String, i64>,
    /// Puts the connection's usual page cache back (see `connect.rs`).
    restore_cache: String,
    /// SQLite only: the `CREATE INDEX` statements of the indexes dropped by
    /// [`expect_members`](MemberWriter::expect_members), run again before commit.
    dropped_indexes: Vec<String>,
}

impl Store {
    /// Starts a batched member write. What it was planned on is checked
    /// as it goes: each updated member's version, and the units given to
    /// [`MemberWriter::check_units`].
    pub async fn member_writer(&self) -> Result<MemberWriter, StoreError> {
        let (tx, next_sqlite_id) = match &self.backend {
            Backend::Sqlite(pool) => {
                let mut tx = pool.begin_write().await?;
                // A large import outgrows the default page cache and slows
                // down as its indexes grow; the cache is returned at the end.
                // The web server's small edits keep their small cache.
                if self.workload == crate::Workload::Batch {
                    sqlx::query("PRAGMA cache_size = -262144")
                        .execute(&mut *tx)
                        .await?;
                }
                let max: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM members")
                    .fetch_one(&mut *tx)
                    .await?;
                (WriterTx::Sqlite(tx), Some(max + 1))
            }
            Backend::Postgres(pool) => (WriterTx::Postgres(pool.begin_write().await?), None),
        };
        Ok(MemberWriter {
            tx: WriteTx::from_inner(tx),
            next_sqlite_id,
            unit_ids: HashMap::new(),
            restore_cache: format!("PRAGMA cache_size = {}", self.workload.sqlite_cache()),
            dropped_indexes: Vec::new(),
        })
    }

    /// Writes created and updated members in one transaction, after the
    /// units it relies on or changes (`units`) are checked.
    pub async fn apply_member_changes(
        &self,
        changes: &MemberChangeSet,
        units: &UnitChecks,
        audit: &[crate::AuditEntry],
    ) -> Result<(), StoreError> {
        let mut writer = self.member_writer().await?;
        writer.check_units(units).await?;
        writer.write(changes).await?;
        writer.record(audit).await?;
        writer.commit().await
    }
}

impl MemberWriter {
    /// Tells the writer that about `incoming` members will be written (an
    /// import knows its number of rows). On SQLite, when they are at least
    /// `REBUILD_INDEXES_FROM` and at least as many as the members already
    /// stored, the secondary indexes of the member tables are dropped now
    /// and created again just before commit: one sorted build at the end
    /// costs less than growing an index row by row in key order that is
    /// not the insert order. DDL is transactional in SQLite, so a failure
    /// or a rollback still leaves the database, indexes included, as it
    /// was; other connections see the indexes throughout. The indexes are
    /// recreated from the SQL that created them (kept in `sqlite_master`),
    /// so the migrations stay their only definition. Nothing to do on
    /// PostgreSQL.
    pub async fn expect_members(&mut self, incoming: usize) -> Result<(), StoreError> {
        let (WriterTx::Sqlite(tx), Some(next)) = (&mut self.tx.inner, self.next_sqlite_id) else {
            return Ok(());
        };
        // Ids are handed out from the largest one up, so `next - 1` bounds
        // the members stored; the period tables hold about one row per
        // member and period kind.
        let stored = usize::try_from(next - 1).unwrap_or(0);
        if incoming < REBUILD_INDEXES_FROM || incoming < stored || !self.dropped_indexes.is_empty()
        {
            return Ok(());
        }
        // Only plain indexes: `sql` is NULL for those behind UNIQUE and
        // PRIMARY KEY constraints, which cannot be dropped, and a unique
        // index is kept so that a duplicate still fails on its own row.
        let indexes: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT m.name, m.sql FROM sqlite_master m \
             WHERE m.type = 'index' AND m.tbl_name IN ({MEMBER_TABLES}) AND m.sql IS NOT NULL \
               AND NOT EXISTS (SELECT 1 FROM pragma_index_list(m.tbl_name) l \
                               WHERE l.name = m.name AND l.\"unique\") \
             ORDER BY m.name"
        )))
        .fetch_all(&mut **tx)
        .await?;
        for (name, sql) in indexes {
            let drop = format!("DROP INDEX \"{}\"", name.replace('"', "\"\""));
            sqlx::query(sqlx::AssertSqlSafe(drop))
                .execute(&mut **tx)
                .await?;
            self.dropped_indexes.push(sql);
        }
        Ok(())
    }

    /// Checks units inside the transaction (see [`UnitChecks`]): each must
    /// still be at the version the change was planned on, and the changed
    /// ones take their next version. Fails with `Conflict` otherwise.
    pub async fn check_units(&mut self, checks: &UnitChecks) -> Result<(), StoreError> {
        self.tx.check_units(checks).await
    }

    /// The writer's transaction, for the rest of a change that commits with
    /// the members (a reorganization's tree and indicator rows).
    pub fn transaction(&mut self) -> &mut WriteTx {
        &mut self.tx
    }

    /// Writes one batch; visible to others only after [`commit`](Self::commit).
    pub async fn write(&mut self, changes: &MemberChangeSet) -> Result<(), StoreError> {
        self.resolve_units(changes).await?;
        let mut updated: Vec<(i64, &Member)> = Vec::with_capacity(changes.updated.len());
        for update in &changes.updated {
            updated.push((self.reset_member(update).await?, &update.member));
        }
        if let (WriterTx::Sqlite(tx), Some(next)) =
            (&mut self.tx.inner, self.next_sqlite_id.as_mut())
        {
            let first_id = *next;
            *next += changes.created.len() as i64;
            let mut handle = (**tx).lock_handle().await?;
            let unit_ids = &self.unit_ids;
            return sqlite_raw::blocking(|| {
                let connection = sqlite_raw::Connection::new(&mut handle);
                let created = (first_id..).zip(&changes.created);
                write_sqlite(&connection, created, &updated, unit_ids)
            });
        }
        let mut ids = self
            .insert_members(&changes.created)
            .await
            .map_err(StoreError::created_meanwhile)?;
        ids.extend(updated);
        self.insert_periods(&ids).await
    }

    /// Writes reorganizations in the same transaction as the members who
    /// follow their cells; `checks` must have been checked first
    /// ([`MemberWriter::check_units`]) and name every existing unit the
    /// changes rewrite.
    pub async fn write_org_changes(
        &mut self,
        changes: &chibo_domain::org::OrgChangeSet,
        checks: &UnitChecks,
    ) -> Result<(), StoreError> {
        self.tx.write_org_changes(changes, checks).await
    }

    /// Records audit entries in the same transaction as the members.
    pub async fn record(&mut self, entries: &[crate::AuditEntry]) -> Result<(), StoreError> {
        self.tx.record(entries).await
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self.tx.inner {
            WriterTx::Sqlite(mut tx) => {
                // Indexes dropped for a large import are built again inside
                // the transaction, with the large page cache still set.
                for sql in self.dropped_indexes {
                    sqlx::query(sqlx::AssertSqlSafe(sql))
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query(sqlx::AssertSqlSafe(self.restore_cache.clone()))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
            WriterTx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<(), StoreError> {
        match self.tx.inner {
            WriterTx::Sqlite(mut tx) => {
                sqlx::query(sqlx::AssertSqlSafe(self.restore_cache.clone()))
                    .execute(&mut *tx)
                    .await?;
                tx.rollback().await?;
            }
            WriterTx::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }

    /// Looks up the ids of cells not seen in earlier batches.
    async fn resolve_units(&mut self, changes: &MemberChangeSet) -> Result<(), StoreError> {
        let mut missing: Vec<&str> = changes
            .created
            .iter()
            .chain(changes.updated.iter().map(|u| &u.member))
            .flat_map(|m| m.cells.iter().map(|c| c.value.as_str()))
            .filter(|code| !self.unit_ids.contains_key(*code))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        let wanted = missing.len();
        let found = on_tx!(self.tx.inner, tx => unit_ids!((*tx), missing));
        if found.len() != wanted {
            return Err(StoreError::NotFound(
                "a cell of the members being written".into(),
            ));
        }
        self.unit_ids.extend(found);
        Ok(())
    }

    /// PostgreSQL: inserts members, which get their ids from the database.
    async fn insert_members<'m>(
        &mut self,
        created: &'m [Member],
    ) -> Result<Vec<(i64, &'m Member)>, StoreError> {
        let mut ids = Vec::with_capacity(created.len());
        for chunk in created.chunks(rows_per_insert(6)) {
            let returned: Vec<(String, i64)> = on_tx!(self.tx.inner, tx => {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO members (code, full_name, gender, birth_year, is_demo) ",
                );
                query.push_values(chunk, |mut row, m| {
                    row.push_bind(m.code.as_str())
                        .push_bind(m.full_name.as_str())
                        .push_bind(m.gender.code())
                        .push_bind(i64::from(m.birth_year))
                        .push_bind(m.is_demo);
                });
                query.push(" RETURNING code, id");
                query.build_query_as().fetch_all(&mut **tx).await?
            });
            let by_code: HashMap<String, i64> = returned.into_iter().collect();
            for m in chunk {
                let id = by_code
                    .get(m.code.as_str())
                    .copied()
                    .ok_or_else(|| StoreError::NotFound(format!("member {}", m.code)))?;
                ids.push((id, m));
            }
        }
        Ok(ids)
    }

    /// Corrects a stored member's personal fields, takes its next version
    /// and clears its periods, which are then written anew. Returns its id.
    /// A member changed since `update.row_version` is a conflict.
    async fn reset_member(&mut self, update: &MemberUpdate) -> Result<i64, StoreError> {
        let m = &update.member;
        on_tx!(self.tx.inner, tx => {
            let id: Option<i64> = sqlx::query_scalar(
                "UPDATE members SET full_name = $2, gender = $3, birth_year = $4, \
                   row_version = row_version + 1 \
                 WHERE code = $1 AND row_version = $5 RETURNING id",
            )
            .bind(m.code.as_str())
            .bind(m.full_name.as_str())
            .bind(m.gender.code())
            .bind(i64::from(m.birth_year))
            .bind(update.row_version)
            .fetch_optional(&mut **tx)
            .await?;
            let id = id.ok_or(StoreError::Conflict)?;
            for sql in [
                "DELETE FROM member_statuses WHERE member_id = $1",
                "DELETE FROM member_cells WHERE member_id = $1",
                "DELETE FROM member_roles WHERE member_id = $1",
                "DELETE FROM member_exemptions WHERE member_id = $1",
            ] {
                sqlx::query(sql).bind(id).execute(&mut **tx).await?;
            }
            Ok(id)
        })
    }

    /// PostgreSQL: inserts the periods of `members` (SQLite: `write_sqlite`).
    async fn insert_periods(&mut self, members: &[(i64, &Member)]) -> Result<(), StoreError> {
        let unit_ids = &self.unit_ids;
        let unit_id = |code: &str| {
            unit_ids
                .get(code)
                .copied()
                .ok_or_else(|| StoreError::NotFound(format!("unit {code}")))
        };
        let statuses: Vec<_> = members
            .iter()
            .flat_map(|(id, m)| {
                m.statuses
                    .iter()
                    .map(move |p| (*id, p.value.code(), p.validity))
            })
            .collect();
        let cells: Vec<_> = members
            .iter()
            .flat_map(|(id, m)| {
                m.cells
                    .iter()
                    .map(move |p| (*id, p.value.as_str(), p.validity))
            })
            .map(|(id, code, validity)| Ok((id, unit_id(code)?, validity)))
            .collect::<Result<_, StoreError>>()?;
        let roles: Vec<_> = members
            .iter()
            .flat_map(|(id, m)| {
                m.roles
                    .iter()
                    .filter(|p| p.value != CellRole::Member)
                    .map(move |p| (*id, p.value.code(), p.validity))
            })
            .collect();
        let exemptions: Vec<_> = members
            .iter()
            .flat_map(|(id, m)| m.exemptions.iter().map(move |e| (*id, e)))
            .collect();
        on_tx!(self.tx.inner, tx => {
            for chunk in statuses.chunks(rows_per_insert(4)) {
                let mut query = sqlx::QueryBuilder::new("INSERT INTO member_statuses (member_id, status, valid_from, valid_to) ");
                query.push_values(chunk, |mut row, (id, status, validity)| {
                    row.push_bind(*id).push_bind(*status).push_bind(validity.from).push_bind(validity.to);
                });
                query.build().execute(&mut **tx).await?;
            }
            for chunk in cells.chunks(rows_per_insert(4)) {
                let mut query = sqlx::QueryBuilder::new("INSERT INTO member_cells (member_id, unit_id, valid_from, valid_to) ");
                query.push_values(chunk, |mut row, (id, unit, validity)| {
                    row.push_bind(*id).push_bind(*unit).push_bind(validity.from).push_bind(validity.to);
                });
                query.build().execute(&mut **tx).await?;
            }
            for chunk in roles.chunks(rows_per_insert(4)) {
                let mut query = sqlx::QueryBuilder::new("INSERT INTO member_roles (member_id, role, valid_from, valid_to) ");
                query.push_values(chunk, |mut row, (id, role, validity)| {
                    row.push_bind(*id).push_bind(*role).push_bind(validity.from).push_bind(validity.to);
                });
                query.build().execute(&mut **tx).await?;
            }
            for chunk in exemptions.chunks(rows_per_insert(4)) {
                let mut query = sqlx::QueryBuilder::new("INSERT INTO member_exemptions (member_id, valid_from, valid_to, reason) ");
                query.push_values(chunk, |mut row, (id, e)| {
                    row.push_bind(*id).push_bind(e.validity.from).push_bind(e.validity.to).push_bind(e.reason.as_str());
                });
                query.build().execute(&mut **tx).await?;
            }
        });
        Ok(())
    }
}

/// SQLite: the rows of `members` for the created members, with their ids.
fn insert_sqlite_members<'m>(
    connection: &sqlite_raw::Connection<'_>,
    created: impl Iterator<Item = (i64, &'m Member)>,
) -> Result<(), sqlite_raw::RawSqliteError> {
    let mut insert = connection.insert(
        "members (id, code, full_name, gender, birth_year, is_demo)",
        6,
        SQLITE_ROWS_PER_STEP,
    )?;
    for (id, m) in created {
        insert.row([
            Value::Int(id),
            Value::Text(m.code.as_str()),
            Value::Text(m.full_name.as_str()),
            Value::Text(m.gender.code()),
            Value::Int(i64::from(m.birth_year)),
            Value::Int(i64::from(m.is_demo)),
        ])?;
    }
    insert.finish()
}

/// SQLite: inserts the created members with the ids paired to them, then
/// the periods of those and of the `updated` ones (already cleared), through
/// SQLite's C API. Created members come in id order, the key order of
/// `members` and of every period table, so their rows are appended.
fn write_sqlite<'m>(
    connection: &sqlite_raw::Connection<'_>,
    created: impl Iterator<Item = (i64, &'m Member)> + Clone,
    updated: &[(i64, &'m Member)],
    unit_ids: &HashMap<String, i64>,
) -> Result<(), StoreError> {
    insert_sqlite_members(connection, created.clone())
        .map_err(|e| StoreError::from(e).created_meanwhile())?;

    let members = || created.clone().chain(updated.iter().copied());
    let mut insert = connection.insert(
        "member_statuses (member_id, status, valid_from, valid_to)",
        4,
        SQLITE_ROWS_PER_STEP,
    )?;
    for (id, m) in members() {
        for p in &m.statuses {
            insert.row([
                Value::Int(id),
                Value::Text(p.value.code()),
                Value::Date(p.validity.from),
                p.validity.to.into(),
            ])?;
        }
    }
    insert.finish()?;

    let mut insert = connection.insert(
        "member_cells (member_id, unit_id, valid_from, valid_to)",
        4,
        SQLITE_ROWS_PER_STEP,
    )?;
    for (id, m) in members() {
        for p in &m.cells {
            let unit = unit_ids
                .get(p.value.as_str())
                .copied()
                .ok_or_else(|| StoreError::NotFound(format!("unit {}", p.value)))?;
            insert.row([
                Value::Int(id),
                Value::Int(unit),
                Value::Date(p.validity.from),
                p.validity.to.into(),
            ])?;
        }
    }
    insert.finish()?;

    let mut insert = connection.insert(
        "member_roles (member_id, role, valid_from, valid_to)",
        4,
        SQLITE_ROWS_PER_STEP,
    )?;
    for (id, m) in members() {
        for p in m.roles.iter().filter(|p| p.value != CellRole::Member) {
            insert.row([
                Value::Int(id),
                Value::Text(p.value.code()),
                Value::Date(p.validity.from),
                p.validity.to.into(),
            ])?;
        }
    }
    insert.finish()?;

    let mut insert = connection.insert(
        "member_exemptions (member_id, valid_from, valid_to, reason)",
        4,
        SQLITE_ROWS_PER_STEP,
    )?;
    for (id, m) in members() {
        for e in &m.exemptions {
            insert.row([
                Value::Int(id),
                Value::Date(e.validity.from),
                e.validity.to.into(),
                Value::Text(e.reason.as_str()),
            ])?;
        }
    }
    insert.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    //! SQLite only: the bulk path (C API, index rebuild). The conformance
    //! suite (`tests/conformance.rs`) checks both backends alike.

    use chibo_domain::member::{Exemption, Gender, MemberStatus, Period};
    use chibo_domain::text::Name;
    use chibo_domain::{MemberCode, NaiveDate, UnitCode, Validity};
    use sqlx::SqlitePool;

    use super::*;
    use crate::OpenMode;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A member with two statuses (one closed), a role and an exemption,
    /// so that every period table and NULL and non-NULL ends are written.
    fn member(i: usize, cell: &str) -> Member {
        Member {
            code: MemberCode::parse(&format!("M{i:06}")).unwrap(),
            full_name: Name::parse(&format!("Lê Thị Hồng {i}")).unwrap(),
            gender: if i.is_multiple_of(2) {
                Gender::Female
            } else {
                Gender::Male
            },
            birth_year: 1950 + (i % 50) as i32,
            statuses: vec![
                Period {
                    value: MemberStatus::Probationary,
                    validity: Validity::new(d("2018-01-01"), Some(d("2019-01-01"))).unwrap(),
                },
                Period {
                    value: MemberStatus::Full,
                    validity: Validity::open(d("2019-01-01")),
                },
            ],
            cells: vec![Period {
                value: UnitCode::parse(cell).unwrap(),
                validity: Validity::open(d("2018-01-01")),
            }],
            roles: match i % 7 {
                0 => vec![Period {
                    value: CellRole::Deputy,
                    validity: Validity::new(d("2020-02-29"), Some(d("2023-12-31"))).unwrap(),
                }],
                _ => vec![],
            },
            exemptions: match i % 5 {
                0 => vec![Exemption {
                    validity: Validity::open(d("2021-07-01")),
                    reason: format!("Ốm dài ngày {i}"),
                }],
                _ => vec![],
            },
            is_demo: i.is_multiple_of(3),
        }
    }

    /// A fresh SQLite store with cells C0…C9 (rows of `units` are all the
    /// writer needs).
    async fn store() -> (tempfile::TempDir, Store, SqlitePool) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let store = Store::open(&path.to_string_lossy(), OpenMode::CreateIfMissing)
            .await
            .unwrap();
        let Backend::Sqlite(pool) = &store.backend else {
            unreachable!()
        };
        let pool = pool.clone();
        for i in 0..10 {
            sqlx::query("INSERT INTO units (code) VALUES ($1)")
                .bind(format!("C{i}"))
                .execute(&pool)
                .await
                .unwrap();
        }
        (dir, store, pool)
    }

    async fn member_indexes(pool: &SqlitePool) -> Vec<(String, String)> {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' \
             AND tbl_name IN ({MEMBER_TABLES}) AND sql IS NOT NULL ORDER BY name"
        )))
        .fetch_all(pool)
        .await
        .unwrap()
    }

    fn changes(range: std::ops::Range<usize>) -> MemberChangeSet {
        MemberChangeSet {
            created: range.map(|i| member(i, &format!("C{}", i % 10))).collect(),
            updated: vec![],
        }
    }

    /// Many rows per step and the rows left over, on both kinds of runtime.
    async fn large_write_round_trips_and_rebuilds_indexes() {
        let (_dir, store, pool) = store().await;
        let migrated = member_indexes(&pool).await;
        assert!(
            migrated
                .iter()
                .any(|(name, _)| name == "member_cells_by_unit"),
            "{migrated:?}"
        );
        let all = changes(0..REBUILD_INDEXES_FROM + 123);

        let mut writer = store.member_writer().await.unwrap();
        writer.expect_members(all.created.len()).await.unwrap();
        assert_eq!(writer.dropped_indexes.len(), migrated.len());
        // Other connections keep seeing the indexes until the commit.
        assert_eq!(member_indexes(&pool).await, migrated);
        let (first, rest) = all.created.split_at(5_000);
        for part in [first, rest] {
            let batch = MemberChangeSet {
                created: part.to_vec(),
                updated: vec![],
            };
            writer.write(&batch).await.unwrap();
        }
        writer.commit().await.unwrap();

        assert_eq!(member_indexes(&pool).await, migrated);
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(check, "ok");
        let codes: Vec<MemberCode> = all.created.iter().map(|m| m.code.clone()).collect();
        let mut loaded = store.load_members(&codes).await.unwrap();
        loaded.sort_by(|a, b| a.code.cmp(&b.code));
        assert_eq!(loaded, all.created);
        // Dates are stored as sqlx stores them, so date queries compare alike.
        let roles: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM member_roles WHERE valid_from = '2020-02-29' AND valid_to = '2023-12-31'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(roles as usize, all.created.len().div_ceil(7));
    }

    #[tokio::test]
    async fn large_write_on_a_current_thread_runtime() {
        large_write_round_trips_and_rebuilds_indexes().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn large_write_on_a_multi_thread_runtime() {
        large_write_round_trips_and_rebuilds_indexes().await;
    }

    #[tokio::test]
    async fn small_or_incremental_writes_keep_the_indexes() {
        let (_dir, store, pool) = store().await;
        let mut writer = store.member_writer().await.unwrap();
        writer
            .expect_members(REBUILD_INDEXES_FROM - 1)
            .await
            .unwrap();
        assert!(writer.dropped_indexes.is_empty());
        writer.write(&changes(0..20_000)).await.unwrap();
        writer.commit().await.unwrap();
        // 15,000 more would not double the 20,000 stored.
        let mut writer = store.member_writer().await.unwrap();
        writer.expect_members(15_000).await.unwrap();
        assert!(writer.dropped_indexes.is_empty());
        writer.rollback().await.unwrap();
        assert_eq!(store.member_count().await.unwrap(), 20_000);
        assert!(!member_indexes(&pool).await.is_empty());
    }

    #[tokio::test]
    async fn a_failed_or_abandoned_large_write_leaves_data_and_indexes_as_they_were() {
        let (_dir, store, pool) = store().await;
        let migrated = member_indexes(&pool).await;

        let mut writer = store.member_writer().await.unwrap();
        writer.expect_members(50_000).await.unwrap();
        writer.write(&changes(0..1_000)).await.unwrap();
        // A period the schema refuses (it ends when it starts), in a full step.
        let mut bad = changes(1_000..1_300);
        bad.created[100].statuses[0].validity = Validity {
            from: d("2019-01-01"),
            to: Some(d("2019-01-01")),
        };
        let error = writer.write(&bad).await.unwrap_err();
        let StoreError::Database(sqlx::Error::Database(e)) = &error else {
            panic!("{error:?}");
        };
        assert_eq!(e.kind(), sqlx::error::ErrorKind::CheckViolation, "{e}");
        writer.rollback().await.unwrap();
        assert_eq!(store.member_count().await.unwrap(), 0);
        assert_eq!(member_indexes(&pool).await, migrated);

        let mut writer = store.member_writer().await.unwrap();
        writer.expect_members(50_000).await.unwrap();
        writer.write(&changes(0..1_000)).await.unwrap();
        drop(writer);
        assert_eq!(store.member_count().await.unwrap(), 0);
        assert_eq!(member_indexes(&pool).await, migrated);

        // A code created meanwhile (here: in an earlier batch) fails on its
        // own row too, as a conflict: the change was planned without it.
        let mut writer = store.member_writer().await.unwrap();
        writer.write(&changes(0..10)).await.unwrap();
        let error = writer.write(&changes(5..6)).await.unwrap_err();
        assert!(matches!(error, StoreError::Conflict), "{error:?}");
    }
}
