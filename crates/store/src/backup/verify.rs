//! The checks a copy must pass, on the way out and on the way back in.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection, SqliteConnection as Conn};

use super::BackupError;

/// Opens an SQLite file that must exist, for checking only.
pub async fn open(path: &Path) -> Result<SqliteConnection, BackupError> {
    let options = SqliteConnectOptions::from_str("sqlite:")
        .map_err(BackupError::from)?
        .filename(path)
        .create_if_missing(false)
        // Checking a whole file is slow by nature: not worth a warning.
        .disable_statement_logging();
    Conn::connect_with(&options).await.map_err(damaged)
}

/// An error reading the copy means the copy is not a database.
fn damaged(e: sqlx::Error) -> BackupError {
    BackupError::Damaged {
        detail: e.to_string(),
    }
}

/// Every table (SQLite's own aside) and its rows.
pub async fn table_counts(
    connection: &mut SqliteConnection,
) -> Result<BTreeMap<String, i64>, BackupError> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )
    .fetch_all(&mut *connection)
    .await?;
    let mut counts = BTreeMap::new();
    for name in names {
        // The names come from the schema itself, quoted as identifiers.
        let sql = format!("SELECT COUNT(*) FROM \"{}\"", name.replace('"', "\"\""));
        let rows: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut *connection)
            .await?;
        counts.insert(name, rows);
    }
    Ok(counts)
}

/// The highest migration applied (0 for a file without migrations).
pub async fn schema_version(connection: &mut SqliteConnection) -> Result<i64, BackupError> {
    let exists: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
    )
    .fetch_one(&mut *connection)
    .await?;
    if exists == 0 {
        return Ok(0);
    }
    Ok(
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
            .fetch_one(&mut *connection)
            .await?,
    )
}

/// The file at `path` is a sound SQLite database holding exactly `tables`
/// (names and rows) at schema `version`.
pub async fn check(
    path: &Path,
    tables: &BTreeMap<String, i64>,
    version: i64,
) -> Result<(), BackupError> {
    let mut connection = open(path).await?;
    let result = check_open(&mut connection, tables, version).await;
    let _ = connection.close().await;
    result
}

async fn check_open(
    connection: &mut SqliteConnection,
    tables: &BTreeMap<String, i64>,
    version: i64,
) -> Result<(), BackupError> {
    let problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *connection)
        .await
        .map_err(damaged)?;
    if problems != ["ok"] {
        return Err(BackupError::Damaged {
            detail: problems.into_iter().take(5).collect::<Vec<_>>().join("; "),
        });
    }
    let found = table_counts(connection).await.map_err(|e| match e {
        BackupError::Store(crate::StoreError::Database(e)) => damaged(e),
        other => other,
    })?;
    for (table, expected) in tables {
        let rows = found.get(table).copied().unwrap_or(-1);
        if rows != *expected {
            return Err(BackupError::Mismatch {
                table: table.clone(),
                expected: *expected,
                found: rows,
            });
        }
    }
    if let Some((table, rows)) = found.iter().find(|(t, _)| !tables.contains_key(*t)) {
        return Err(BackupError::Mismatch {
            table: table.clone(),
            expected: -1,
            found: *rows,
        });
    }
    let stored = schema_version(connection).await?;
    if stored != version {
        return Err(BackupError::Mismatch {
            table: "schema_migrations".into(),
            expected: version,
            found: stored,
        });
    }
    Ok(())
}
