//! Opening a store from a URL: `postgres://…` for PostgreSQL, anything else
//! (`sqlite://path`, `sqlite:path` or a plain path) for an SQLite file.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
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

fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

impl Store {
    /// Opens the database at `url` and brings its schema up to date.
    pub async fn open(url: &str, mode: OpenMode) -> Result<Store, StoreError> {
        let store = Self::connect(url, mode).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens the database without touching its schema.
    pub async fn connect(url: &str, mode: OpenMode) -> Result<Store, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            return Ok(Store {
                backend: Backend::Postgres(pool),
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
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        Ok(Store {
            backend: Backend::Sqlite(pool),
        })
    }
}
