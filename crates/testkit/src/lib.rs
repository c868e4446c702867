//! Isolated stores for tests: a fresh SQLite file, and a fresh PostgreSQL
//! database when `CHIBO_TEST_POSTGRES_URL` names a server (the README's test
//! command starts a throwaway one). With `CHIBO_REQUIRE_POSTGRES=1` a missing
//! server is an error instead of a skipped backend, so CI cannot pass by
//! testing SQLite alone.

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

pub fn postgres_url() -> Option<String> {
    let url = std::env::var("CHIBO_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty());
    if url.is_none() && std::env::var("CHIBO_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
        panic!("CHIBO_REQUIRE_POSTGRES=1 but CHIBO_TEST_POSTGRES_URL is not set");
    }
    url
}

/// A fresh, migrated store on every available backend. `name` must be
/// unique per test: it names the PostgreSQL database.
pub async fn stores(name: &str) -> Vec<TestStore> {
    let mut out = vec![sqlite_store().await];
    if let Some(url) = postgres_database_url(name).await {
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

/// Creates (or recreates) an empty PostgreSQL database for one test and
/// returns its URL; `None` when no test server is configured.
pub async fn postgres_database_url(name: &str) -> Option<String> {
    let admin_url = postgres_url()?;
    let database = format!(
        "chibo_test_{}",
        name.to_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
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
