//! One open write transaction, lent to the use case that makes a change,
//! so that the change and everything derived from it (its audit entries,
//! the indicator rows it moves) are read and written inside it and commit
//! together. Nothing is visible to others before [`WriteTx::commit`]; a
//! dropped or rolled-back transaction leaves the database as it was.
//!
//! Inside a transaction, read through it, never through the store's pool:
//! the pool may have no other connection to give (SQLite serves with two),
//! and reads through the pool do not see what the transaction wrote.

use sqlx::{Postgres, Sqlite, Transaction};

use crate::{Backend, BeginWrite, Store, StoreError, UnitChecks, check_units, unit_ids};

pub(crate) enum WriterTx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$tx` bound to the concrete transaction of a
/// [`WriterTx`] (`$writer` is one, borrowed mutably).
macro_rules! on_tx {
    ($writer:expr, $tx:ident => $body:expr) => {
        match &mut $writer {
            $crate::write_tx::WriterTx::Sqlite($tx) => $body,
            $crate::write_tx::WriterTx::Postgres($tx) => $body,
        }
    };
}
pub(crate) use on_tx;

/// The indicator revisions a transaction took, by year (see
/// `WriteTx::take_indicator_revisions`).
#[derive(Debug, Default)]
pub(crate) struct Revisions(pub(crate) Vec<(i32, i64)>);

impl Revisions {
    pub(crate) fn of(&self, year: i32) -> Option<i64> {
        self.0
            .iter()
            .find(|(y, _)| *y == year)
            .map(|(_, revision)| *revision)
    }
}

/// An open write transaction (SQLite: `BEGIN IMMEDIATE`, holding the
/// database's write lock until it ends; PostgreSQL: row locks as each
/// statement takes them).
pub struct WriteTx {
    pub(crate) inner: WriterTx,
    pub(crate) revisions: Revisions,
}

impl Store {
    /// Opens a write transaction.
    pub async fn begin_write(&self) -> Result<WriteTx, StoreError> {
        let inner = match &self.backend {
            Backend::Sqlite(pool) => WriterTx::Sqlite(pool.begin_write().await?),
            Backend::Postgres(pool) => WriterTx::Postgres(pool.begin_write().await?),
        };
        Ok(WriteTx::from_inner(inner))
    }
}

impl WriteTx {
    pub(crate) fn from_inner(inner: WriterTx) -> WriteTx {
        WriteTx {
            inner,
            revisions: Revisions::default(),
        }
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self.inner {
            WriterTx::Sqlite(tx) => tx.commit().await?,
            WriterTx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<(), StoreError> {
        match self.inner {
            WriterTx::Sqlite(tx) => tx.rollback().await?,
            WriterTx::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }

    /// Locks units until the transaction ends, without changing them (on
    /// PostgreSQL a row lock that other writers of the same units wait
    /// for; SQLite's write lock already covers everything). Units are
    /// locked in code order, so that two transactions lock shared units in
    /// the same order. Codes of units that do not exist are ignored.
    pub async fn lock_units(
        &mut self,
        codes: &[&chibo_domain::UnitCode],
    ) -> Result<(), StoreError> {
        let mut codes: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        for chunk in codes.chunks(5_000) {
            on_tx!(self.inner, tx => {
                let mut query =
                    sqlx::QueryBuilder::new("UPDATE units SET row_version = row_version WHERE code IN (");
                let mut separated = query.separated(", ");
                for code in chunk {
                    separated.push_bind(*code);
                }
                query.push(")");
                query.build().persistent(false).execute(&mut **tx).await?;
            });
        }
        Ok(())
    }

    /// Checks units (see [`UnitChecks`]): each must still be at the version
    /// the change was planned on, and the changed ones take their next
    /// version. Fails with `Conflict` otherwise.
    pub async fn check_units(&mut self, checks: &UnitChecks) -> Result<(), StoreError> {
        if checks.is_empty() {
            return Ok(());
        }
        on_tx!(self.inner, tx => check_units!((*tx), checks));
        Ok(())
    }

    /// Writes reorganizations (see `Store::apply_org_changes`); `checks`
    /// must have been checked first ([`WriteTx::check_units`]) and name
    /// every existing unit the changes rewrite.
    pub async fn write_org_changes(
        &mut self,
        changes: &chibo_domain::org::OrgChangeSet,
        checks: &UnitChecks,
    ) -> Result<(), StoreError> {
        on_tx!(self.inner, tx => crate::org::write_org_changes!((*tx), changes, checks));
        Ok(())
    }

    /// Records audit entries in the transaction.
    pub async fn record(&mut self, entries: &[crate::AuditEntry]) -> Result<(), StoreError> {
        on_tx!(self.inner, tx => crate::audit::insert_audit!((*tx), entries));
        Ok(())
    }

    /// The ids of some units by code; codes not stored are absent.
    pub async fn unit_ids_of(
        &mut self,
        codes: &[&str],
    ) -> Result<std::collections::HashMap<String, i64>, StoreError> {
        Ok(on_tx!(self.inner, tx => unit_ids!((*tx), codes.to_vec())))
    }
}
