//! The database as the crates above core see it: an opaque handle. Core
//! reaches the store through it; the web holds it and passes it back to core,
//! but has no way to read or write anything with it by itself, so every read
//! of scoped data goes through a core function that takes an access value.

use std::sync::Arc;

use chibo_store::{OpenMode, Store, Workload};

use crate::kept::Kept;

use crate::CoreError;

/// What the connections will mostly do (sets SQLite's page cache).
pub use chibo_store::Workload as DbWorkload;

/// An open database. Cloning it shares the connections and what is kept
/// in memory between requests ([`crate::kept`]).
#[derive(Debug, Clone)]
pub struct Db {
    store: Store,
    kept: Arc<Kept>,
    /// The read replica dashboard reads may go to (`crate::replica`).
    pub(crate) replica: Option<Arc<crate::replica::Replica>>,
}

impl Db {
    /// Opens an existing database for a workload and brings its schema up to
    /// date.
    pub async fn open(url: &str, workload: Workload) -> Result<Db, CoreError> {
        Ok(Db::from(
            Store::open_for(url, OpenMode::MustExist, workload).await?,
        ))
    }

    /// Only core reaches the store behind the handle.
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn kept(&self) -> &Kept {
        &self.kept
    }

    /// Whether the database answers, for a health check.
    pub async fn ping(&self) -> bool {
        self.store.ping().await.is_ok()
    }

    /// Whether the database holds demonstration data (the `dataset` setting
    /// the demo loader writes); a database that does not answer does not.
    pub async fn holds_demo_data(&self) -> bool {
        self.store
            .setting("dataset")
            .await
            .ok()
            .flatten()
            .is_some_and(|d| d.starts_with("demo"))
    }

    /// The schema version the database holds (`None` when it does not
    /// answer) and the one this binary knows, for a readiness check.
    pub async fn schema_versions(&self) -> (Option<i64>, i64) {
        let found = self.store.applied_schema_version().await.ok();
        (found, Store::latest_schema_version())
    }

    /// The connection pool's use, for monitoring.
    pub fn pool_use(&self) -> PoolUse {
        let (open, idle, max) = self.store.pool_use();
        PoolUse { open, idle, max }
    }

    /// The backend's name ("sqlite" or "postgres"), for a health check.
    pub fn backend_name(&self) -> &'static str {
        self.store.backend_kind().name()
    }
}

/// Connections of the pool: open ones, idle among them, and the most allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// Whoever already holds a store (the command line, tests) may hand it to
/// core; a crate without the store crate cannot obtain one.
impl From<Store> for Db {
    fn from(store: Store) -> Db {
        Db {
            store,
            kept: Arc::default(),
            replica: None,
        }
    }
}

impl From<&Store> for Db {
    fn from(store: &Store) -> Db {
        Db::from(store.clone())
    }
}
