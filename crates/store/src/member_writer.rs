//! Writing members in batches inside one transaction, so that an import can
//! check its next batch while the database writes the previous one, and
//! still apply all or nothing: nothing is visible until `commit`, and a
//! dropped or rolled-back writer leaves the database as it was.

use std::collections::HashMap;

use chibo_domain::member::{CellRole, Member};
use sqlx::{Postgres, Sqlite, Transaction};

use crate::{
    Backend, MemberChangeSet, Store, StoreError, bump_revision, rows_per_insert, unit_ids,
};

enum WriterTx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$tx` bound to the writer's concrete transaction.
macro_rules! on_tx {
    ($writer:expr, $tx:ident => $body:expr) => {
        match &mut $writer.tx {
            WriterTx::Sqlite($tx) => $body,
            WriterTx::Postgres($tx) => $body,
        }
    };
}

pub struct MemberWriter {
    tx: WriterTx,
    revision: i64,
    /// SQLite only: the next member id to hand out. The transaction holds
    /// SQLite's single write lock from its first statement, so no one else
    /// can take an id meanwhile, and assigning ids here spares a lookup per
    /// period row. PostgreSQL hands out ids itself (`RETURNING`).
    next_sqlite_id: Option<i64>,
    unit_ids: HashMap<String, i64>,
    /// Puts the connection's usual page cache back (see `connect.rs`).
    restore_cache: String,
}

impl Store {
    /// Starts a batched member write checked against `expected_revision`.
    pub async fn member_writer(&self, expected_revision: i64) -> Result<MemberWriter, StoreError> {
        let (tx, next_sqlite_id) = match &self.backend {
            Backend::Sqlite(pool) => {
                let mut tx = pool.begin().await?;
                // A large import outgrows the default page cache and slows
                // down as its indexes grow; the cache is returned at the end.
                // The web server's small edits keep their small cache.
                if self.workload == crate::Workload::Batch {
                    sqlx::query("PRAGMA cache_size = -262144")
                        .execute(&mut *tx)
                        .await?;
                }
                bump_revision!(tx, expected_revision);
                let max: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM members")
                    .fetch_one(&mut *tx)
                    .await?;
                (WriterTx::Sqlite(tx), Some(max + 1))
            }
            Backend::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                bump_revision!(tx, expected_revision);
                (WriterTx::Postgres(tx), None)
            }
        };
        Ok(MemberWriter {
            tx,
            revision: expected_revision + 1,
            next_sqlite_id,
            unit_ids: HashMap::new(),
            restore_cache: format!("PRAGMA cache_size = {}", self.workload.sqlite_cache()),
        })
    }

    /// Writes created and updated members in one transaction. Returns the new revision.
    pub async fn apply_member_changes(
        &self,
        changes: &MemberChangeSet,
        expected_revision: i64,
        audit: &[crate::AuditEntry],
    ) -> Result<i64, StoreError> {
        let mut writer = self.member_writer(expected_revision).await?;
        writer.write(changes).await?;
        writer.record(audit).await?;
        writer.commit().await
    }
}

impl MemberWriter {
    /// Writes one batch; visible to others only after [`commit`](Self::commit).
    pub async fn write(&mut self, changes: &MemberChangeSet) -> Result<(), StoreError> {
        self.resolve_units(changes).await?;
        let mut ids: Vec<(i64, &Member)> =
            Vec::with_capacity(changes.created.len() + changes.updated.len());
        ids.extend(self.insert_members(&changes.created).await?);
        for member in &changes.updated {
            ids.push((self.reset_member(member).await?, member));
        }
        self.insert_periods(&ids).await
    }

    /// Writes reorganizations in the same transaction as the members who
    /// follow their cells.
    pub async fn write_org_changes(
        &mut self,
        changes: &chibo_domain::org::OrgChangeSet,
    ) -> Result<(), StoreError> {
        on_tx!(self, tx => crate::org::write_org_changes!((*tx), changes));
        Ok(())
    }

    /// Records audit entries in the same transaction as the members.
    pub async fn record(&mut self, entries: &[crate::AuditEntry]) -> Result<(), StoreError> {
        on_tx!(self, tx => crate::audit::insert_audit!((*tx), entries));
        Ok(())
    }

    pub async fn commit(self) -> Result<i64, StoreError> {
        match self.tx {
            WriterTx::Sqlite(mut tx) => {
                sqlx::query(sqlx::AssertSqlSafe(self.restore_cache.clone()))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
            WriterTx::Postgres(tx) => tx.commit().await?,
        }
        Ok(self.revision)
    }

    pub async fn rollback(self) -> Result<(), StoreError> {
        match self.tx {
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
            .chain(&changes.updated)
            .flat_map(|m| m.cells.iter().map(|c| c.value.as_str()))
            .filter(|code| !self.unit_ids.contains_key(*code))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        let wanted = missing.len();
        let found = on_tx!(self, tx => unit_ids!((*tx), missing));
        if found.len() != wanted {
            return Err(StoreError::NotFound(
                "a cell of the members being written".into(),
            ));
        }
        self.unit_ids.extend(found);
        Ok(())
    }

    async fn insert_members<'m>(
        &mut self,
        created: &'m [Member],
    ) -> Result<Vec<(i64, &'m Member)>, StoreError> {
        let mut ids = Vec::with_capacity(created.len());
        for chunk in created.chunks(rows_per_insert(6)) {
            if let (WriterTx::Sqlite(tx), Some(next)) = (&mut self.tx, self.next_sqlite_id.as_mut())
            {
                let first = *next;
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO members (id, code, full_name, gender, birth_year, is_demo) ",
                );
                query.push_values(chunk.iter().enumerate(), |mut row, (i, m)| {
                    row.push_bind(first + i as i64)
                        .push_bind(m.code.as_str())
                        .push_bind(m.full_name.as_str())
                        .push_bind(m.gender.code())
                        .push_bind(i64::from(m.birth_year))
                        .push_bind(m.is_demo);
                });
                query.build().execute(&mut **tx).await?;
                *next += chunk.len() as i64;
                ids.extend(chunk.iter().enumerate().map(|(i, m)| (first + i as i64, m)));
            } else {
                let returned: Vec<(String, i64)> = on_tx!(self, tx => {
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
        }
        Ok(ids)
    }

    /// Corrects a stored member's personal fields and clears its periods,
    /// which are then written anew. Returns its id.
    async fn reset_member(&mut self, m: &Member) -> Result<i64, StoreError> {
        on_tx!(self, tx => {
            let id: Option<i64> = sqlx::query_scalar(
                "UPDATE members SET full_name = $2, gender = $3, birth_year = $4 WHERE code = $1 RETURNING id",
            )
            .bind(m.code.as_str())
            .bind(m.full_name.as_str())
            .bind(m.gender.code())
            .bind(i64::from(m.birth_year))
            .fetch_optional(&mut **tx)
            .await?;
            let id = id.ok_or_else(|| StoreError::NotFound(format!("member {}", m.code)))?;
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
        on_tx!(self, tx => {
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
