//! Opening a store from a URL: `postgres://…` for PostgreSQL, anything else
//! (`sqlite://path`, `sqlite:path` or a plain path) for an SQLite file.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::{Backend, Store, StoreError};

pub const DEFAULT_SQLITE_PATH: &str = "./chibo.db";

/// Whether a missing SQLite file may be created. Only `init` and the demo
/// create one: elsewhere a typo in the path must not yield an empty database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    MustExist,
    CreateIfMissing,
}

/// What the connections will mostly do, which sets SQLite's page cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// Imports, exports, demonstration data: a large cache per connection.
    Batch,
    /// The web server: many short reads on a few connections, whose caches
    /// would otherwise stay resident after a busy hour. The operating
    /// system's file cache still keeps hot pages in memory.
    Serve,
}

impl Workload {
    /// SQLite connections in the pool: the server has few cores, and each
    /// connection keeps a page cache of its own.
    fn sqlite_connections(self) -> u32 {
        match self {
            Workload::Batch => 4,
            Workload::Serve => 2,
        }
    }

    /// `PRAGMA cache_size`, negative meaning KiB.
    pub(crate) fn sqlite_cache(self) -> &'static str {
        match self {
            Workload::Batch => "-65536",
            Workload::Serve => "-1024",
        }
    }
}

/// The SQLite file a database URL names; `None` for PostgreSQL.
pub fn sqlite_file(url: &str) -> Option<&str> {
    if url.contains("://") && !url.starts_with("sqlite://") {
        return None;
    }
    Some(sqlite_path(url))
}

fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

/// The connection options of a PostgreSQL URL, with the JIT compiler off.
/// chibo's statements are short, but the planner overestimates what a
/// recursive tree query returns by orders of magnitude, and on a national
/// tree that estimate made PostgreSQL compile a saved meeting's unit query
/// to machine code for 170 ms to run it in 2 ms.
pub(crate) fn postgres_options(url: &str) -> Result<PgConnectOptions, sqlx::Error> {
    Ok(PgConnectOptions::from_str(url)?.options([("jit", "off")]))
}

impl Store {
    /// Opens the database at `url` and brings its schema up to date.
    pub async fn open(url: &str, mode: OpenMode) -> Result<Store, StoreError> {
        Self::open_for(url, mode, Workload::Batch).await
    }

    /// Opens the database for a workload and brings its schema up to date.
    pub async fn open_for(
        url: &str,
        mode: OpenMode,
        workload: Workload,
    ) -> Result<Store, StoreError> {
        let store = Self::connect_for(url, mode, workload).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens the database without touching its schema.
    pub async fn connect(url: &str, mode: OpenMode) -> Result<Store, StoreError> {
        Self::connect_for(url, mode, Workload::Batch).await
    }

    /// Opens the database for a workload without touching its schema.
    pub async fn connect_for(
        url: &str,
        mode: OpenMode,
        workload: Workload,
    ) -> Result<Store, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(postgres_options(url)?)
                .await?;
            return Ok(Store {
                backend: Backend::Postgres(pool),
                workload,
            });
        }
        if url.contains("://") && !url.starts_with("sqlite://") {
            return Err(StoreError::UnsupportedUrl {
                url: url.to_owned(),
            });
        }
        let path = sqlite_path(url);
        if mode == OpenMode::MustExist && !Path::new(path).exists() {
            return Err(StoreError::DatabaseMissing {
                path: path.to_owned(),
            });
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(mode == OpenMode::CreateIfMissing)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            .pragma("cache_size", workload.sqlite_cache())
            .pragma("temp_store", "memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(workload.sqlite_connections())
            .connect_with(options)
            .await?;
        Ok(Store {
            backend: Backend::Sqlite(pool),
            workload,
        })
    }
}
