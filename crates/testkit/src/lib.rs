//! Isolated stores for tests: a fresh SQLite file, and a fresh PostgreSQL
//! database when `CHIBO_TEST_POSTGRES_URL` names a server (the README's test
//! command starts a throwaway one). With `CHIBO_REQUIRE_POSTGRES=1` a missing
//! server is an error instead of a skipped backend, so CI cannot pass by
//! testing SQLite alone.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test support: a setup that fails should stop the test at once"
)]

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

use chibo_store::{OpenMode, Store};
use sqlx::{Connection, Executor, PgConnection};
use tempfile::TempDir;

/// A store under test; keeps its temporary folder alive.
pub struct TestStore {
    pub store: Store,
    pub label: &'static str,
    pub url: String,
    _dir: Option<TempDir>,
}

pub mod hostile;

/// The store and the database driver, for the tests of crates that reach
/// the database only through `chibo-core` (the web) yet must set up and
/// inspect rows directly.
pub use chibo_store as store;
pub use sqlx;

pub fn postgres_url() -> Option<String> {
    let url = std::env::var("CHIBO_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty());
    if url.is_none() && std::env::var("CHIBO_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
        panic!("CHIBO_REQUIRE_POSTGRES=1 but CHIBO_TEST_POSTGRES_URL is not set");
    }
    url
}

/// The streaming replica of the test server (`CHIBO_TEST_POSTGRES_REPLICA_URL`,
/// set by `scripts/postgres-throwaway.sh` with `CHIBO_TEST_PG_REPLICA=1`)
/// as the URL of `database_url`'s database on it; `None` when there is none,
/// which is an error under `CHIBO_REQUIRE_POSTGRES=1`.
pub fn postgres_replica_url_of(database_url: &str) -> Option<String> {
    let replica = std::env::var("CHIBO_TEST_POSTGRES_REPLICA_URL")
        .ok()
        .filter(|u| !u.is_empty());
    let Some(replica) = replica else {
        if std::env::var("CHIBO_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
            panic!(
                "CHIBO_REQUIRE_POSTGRES=1 but CHIBO_TEST_POSTGRES_REPLICA_URL is not set \
                 (start the throwaway server with CHIBO_TEST_PG_REPLICA=1)"
            );
        }
        return None;
    };
    let database = database_url.rsplit_once('/').map(|(_, d)| d)?;
    let base = replica
        .rsplit_once('/')
        .map_or(replica.as_str(), |(b, _)| b);
    Some(format!("{base}/{database}"))
}

/// A fresh, migrated store on every available backend. `name` must be
/// unique per test: it names the PostgreSQL database.
pub async fn stores(name: &str) -> Vec<TestStore> {
    let database = claim_database_name(name);
    let mut out = vec![sqlite_store().await];
    if let Some(url) = fresh_postgres_database(&database).await {
        let store = Store::open(&url, OpenMode::MustExist)
            .await
            .expect("open postgres test database");
        out.push(TestStore {
            store,
            label: "postgres",
            url,
            _dir: None,
        });
    }
    out
}

pub async fn sqlite_store() -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = dir.path().join("chibo.db").to_string_lossy().into_owned();
    let store = Store::open(&url, OpenMode::CreateIfMissing)
        .await
        .expect("open sqlite test database");
    TestStore {
        store,
        label: "sqlite",
        url,
        _dir: Some(dir),
    }
}

/// A fresh SQLite store holding its own copy of the database file `file`
/// (closed, so that nothing waits in its write-ahead log), for tests that
/// each need the same data, which is slow to make, and may change it.
pub async fn sqlite_store_copy_of(file: &std::path::Path) -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("chibo.db");
    std::fs::copy(file, &path).expect("copy the database file");
    let url = path.to_string_lossy().into_owned();
    let store = Store::open(&url, OpenMode::MustExist)
        .await
        .expect("open the copied sqlite database");
    TestStore {
        store,
        label: "sqlite",
        url,
        _dir: Some(dir),
    }
}

/// Creates (or recreates) an empty PostgreSQL database for one test and
/// returns its URL; `None` when no test server is configured.
/// `name` must be unique per test, as for [`stores`].
pub async fn postgres_database_url(name: &str) -> Option<String> {
    let database = claim_database_name(name);
    fresh_postgres_database(&database).await
}

/// The longest identifier PostgreSQL keeps whole; a longer one is cut, so two
/// long names could meet in one database.
const POSTGRES_IDENTIFIER_MAX: usize = 63;

/// The database name of a test, remembered for the life of the process.
///
/// The tests of a crate share one process, running in parallel, and
/// [`fresh_postgres_database`] drops any database of the same name with
/// `FORCE`: a name used twice would pull the database from under the other
/// test, now and then. Refusing the second use makes that mistake fail every
/// time instead.
fn claim_database_name(name: &str) -> String {
    static CLAIMED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let database = format!(
        "chibo_test_{}",
        name.to_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
    assert!(
        database.len() <= POSTGRES_IDENTIFIER_MAX,
        "test database name {database:?} is longer than PostgreSQL keeps; shorten {name:?}"
    );
    // A panic elsewhere while the lock was held leaves the set intact.
    let mut claimed = CLAIMED.lock().unwrap_or_else(PoisonError::into_inner);
    assert!(
        claimed.insert(database.clone()),
        "test database name {name:?} is used by two tests of this binary; give each its own"
    );
    database
}

/// Creates (or recreates) the empty PostgreSQL database `database` and
/// returns its URL; `None` when no test server is configured.
async fn fresh_postgres_database(database: &str) -> Option<String> {
    let admin_url = postgres_url()?;
    let mut admin = PgConnection::connect(&admin_url)
        .await
        .expect("connect to the test server");
    admin
        .execute(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {database} WITH (FORCE)"
        )))
        .await
        .expect("drop test database");
    admin
        .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {database}")))
        .await
        .expect("create test database");
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url.as_str(), |(base, _)| base);
    Some(format!("{base}/{database}"))
}
