//! Schema migrations: numbered SQL files per backend, the same numbers on
//! both, applied in order inside one transaction each. A checksum guards
//! against a migration edited after it ran.

use crate::{Backend, Store, StoreError, on_pool};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "foundation",
    sqlite: include_str!("../migrations/sqlite/0001_foundation.sql"),
    postgres: include_str!("../migrations/postgres/0001_foundation.sql"),
}];

/// FNV-1a: stable across Rust versions, enough to notice an edited file.
fn checksum(sql: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in sql.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash as i64
}

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (\
    version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum BIGINT NOT NULL)";

/// Splits a migration file into statements. Whole-line `--` comments are
/// dropped first; our files keep `;` out of string literals.
fn statements(sql: &str) -> Vec<String> {
    let code: String = sql
        .lines()
        .filter(|line| !line.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    code.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Store {
    pub fn latest_schema_version() -> i64 {
        MIGRATIONS.last().map_or(0, |m| m.version)
    }

    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let sql = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        Ok(on_pool!(self, pool => {
            sqlx::query(CREATE_TABLE).execute(pool).await?;
            sqlx::query_scalar(sql).fetch_one(pool).await?
        }))
    }

    /// Applies every migration not applied yet.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let applied: Vec<(i64, i64)> = on_pool!(self, pool => {
            sqlx::query(CREATE_TABLE).execute(pool).await?;
            sqlx::query_as("SELECT version, checksum FROM schema_migrations ORDER BY version")
                .fetch_all(pool)
                .await?
        });
        if let Some((found, _)) = applied.last()
            && *found > Self::latest_schema_version()
        {
            return Err(StoreError::SchemaTooNew {
                found: *found,
                known: Self::latest_schema_version(),
            });
        }
        for migration in MIGRATIONS {
            let sql = match self.backend {
                Backend::Sqlite(_) => migration.sqlite,
                Backend::Postgres(_) => migration.postgres,
            };
            match applied.iter().find(|(v, _)| *v == migration.version) {
                Some((_, sum)) if *sum != checksum(sql) => {
                    return Err(StoreError::MigrationChanged {
                        version: migration.version,
                    });
                }
                Some(_) => continue,
                None => {}
            }
            tracing::info!(
                version = migration.version,
                name = migration.name,
                "applying migration"
            );
            on_pool!(self, pool => {
                let mut tx = pool.begin().await?;
                for statement in statements(sql) {
                    sqlx::query(sqlx::AssertSqlSafe(statement)).execute(&mut *tx).await?;
                }
                sqlx::query("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)")
                    .bind(migration.version)
                    .bind(migration.name)
                    .bind(checksum(sql))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            });
        }
        Ok(())
    }
}
