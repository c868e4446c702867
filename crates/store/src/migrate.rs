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

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sqlite: include_str!("../migrations/sqlite/0001_foundation.sql"),
        postgres: include_str!("../migrations/postgres/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "access",
        sqlite: include_str!("../migrations/sqlite/0002_access.sql"),
        postgres: include_str!("../migrations/postgres/0002_access.sql"),
    },
    Migration {
        version: 3,
        name: "meetings",
        sqlite: include_str!("../migrations/sqlite/0003_meetings.sql"),
        postgres: include_str!("../migrations/postgres/0003_meetings.sql"),
    },
    Migration {
        version: 4,
        name: "meeting_ratings",
        sqlite: include_str!("../migrations/sqlite/0004_meeting_ratings.sql"),
        postgres: include_str!("../migrations/postgres/0004_meeting_ratings.sql"),
    },
    Migration {
        version: 5,
        name: "indicators",
        sqlite: include_str!("../migrations/sqlite/0005_indicators.sql"),
        postgres: include_str!("../migrations/postgres/0005_indicators.sql"),
    },
    Migration {
        version: 6,
        name: "indicator_revisions",
        sqlite: include_str!("../migrations/sqlite/0006_indicator_revisions.sql"),
        postgres: include_str!("../migrations/postgres/0006_indicator_revisions.sql"),
    },
    Migration {
        version: 7,
        name: "credentials",
        sqlite: include_str!("../migrations/sqlite/0007_credentials.sql"),
        postgres: include_str!("../migrations/postgres/0007_credentials.sql"),
    },
    Migration {
        version: 8,
        name: "row_versions",
        sqlite: include_str!("../migrations/sqlite/0008_row_versions.sql"),
        postgres: include_str!("../migrations/postgres/0008_row_versions.sql"),
    },
    Migration {
        version: 10,
        name: "indicator_source_indexes",
        sqlite: include_str!("../migrations/sqlite/0010_indicator_source_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0010_indicator_source_indexes.sql"),
    },
    Migration {
        version: 11,
        name: "cache_revision",
        sqlite: include_str!("../migrations/sqlite/0011_cache_revision.sql"),
        postgres: include_str!("../migrations/postgres/0011_cache_revision.sql"),
    },
    Migration {
        version: 12,
        name: "idempotency_keys",
        sqlite: include_str!("../migrations/sqlite/0012_idempotency_keys.sql"),
        postgres: include_str!("../migrations/postgres/0012_idempotency_keys.sql"),
    },
    Migration {
        version: 13,
        name: "evaluation_queue",
        sqlite: include_str!("../migrations/sqlite/0013_evaluation_queue.sql"),
        postgres: include_str!("../migrations/postgres/0013_evaluation_queue.sql"),
    },
    Migration {
        version: 14,
        name: "surveys",
        sqlite: include_str!("../migrations/sqlite/0014_surveys.sql"),
        postgres: include_str!("../migrations/postgres/0014_surveys.sql"),
    },
    Migration {
        version: 15,
        name: "survey_answer_imports",
        sqlite: include_str!("../migrations/sqlite/0015_survey_answer_imports.sql"),
        postgres: include_str!("../migrations/postgres/0015_survey_answer_imports.sql"),
    },
    Migration {
        version: 16,
        name: "survey_campaign_rosters",
        sqlite: include_str!("../migrations/sqlite/0016_survey_campaign_rosters.sql"),
        postgres: include_str!("../migrations/postgres/0016_survey_campaign_rosters.sql"),
    },
    Migration {
        version: 17,
        name: "directives",
        sqlite: include_str!("../migrations/sqlite/0017_directives.sql"),
        postgres: include_str!("../migrations/postgres/0017_directives.sql"),
    },
    Migration {
        version: 18,
        name: "experiments",
        sqlite: include_str!("../migrations/sqlite/0018_experiments.sql"),
        postgres: include_str!("../migrations/postgres/0018_experiments.sql"),
    },
    Migration {
        version: 19,
        name: "research_projects",
        sqlite: include_str!("../migrations/sqlite/0019_research_projects.sql"),
        postgres: include_str!("../migrations/postgres/0019_research_projects.sql"),
    },
    Migration {
        version: 20,
        name: "experiment_lessons",
        sqlite: include_str!("../migrations/sqlite/0020_experiment_lessons.sql"),
        postgres: include_str!("../migrations/postgres/0020_experiment_lessons.sql"),
    },
    Migration {
        version: 21,
        name: "rollout",
        sqlite: include_str!("../migrations/sqlite/0021_rollout.sql"),
        postgres: include_str!("../migrations/postgres/0021_rollout.sql"),
    },
];

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
/// dropped first. A statement ends with a line ending in `;`, except inside
/// a trigger body (`BEGIN` … `END;` on lines of their own) or a `$$` quoted
/// function body; our files keep `;` out of string literals.
fn statements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_dollar_quote = false;
    let mut in_trigger_body = false;
    for line in sql.lines().filter(|l| !l.trim_start().starts_with("--")) {
        current.push_str(line);
        current.push('\n');
        if line.matches("$$").count() % 2 == 1 {
            in_dollar_quote = !in_dollar_quote;
        }
        let trimmed = line.trim();
        if in_dollar_quote {
            continue;
        }
        if trimmed.eq_ignore_ascii_case("BEGIN") {
            in_trigger_body = true;
        }
        let ends = if in_trigger_body {
            trimmed.eq_ignore_ascii_case("END;")
        } else {
            trimmed.ends_with(';')
        };
        if ends {
            in_trigger_body = false;
            let statement = current.trim().trim_end_matches(';').trim();
            if !statement.is_empty() {
                out.push(statement.to_owned());
            }
            current.clear();
        }
    }
    let rest = current.trim();
    if !rest.is_empty() {
        out.push(rest.to_owned());
    }
    out
}

impl Store {
    pub fn latest_schema_version() -> i64 {
        MIGRATIONS.last().map_or(0, |m| m.version)
    }

    /// The version before the latest: numbers may skip (no 0009), so it is
    /// not the latest minus one.
    pub fn previous_schema_version() -> i64 {
        MIGRATIONS.iter().rev().nth(1).map_or(0, |m| m.version)
    }

    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let sql = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        Ok(on_pool!(self, pool => {
            sqlx::query(CREATE_TABLE).execute(pool).await?;
            sqlx::query_scalar(sql).fetch_one(pool).await?
        }))
    }

    /// The highest migration applied, read without writing anything (for a
    /// readiness check); 0 when none was.
    pub async fn applied_schema_version(&self) -> Result<i64, StoreError> {
        let sql = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).fetch_one(pool).await?))
    }

    /// Applies every migration not applied yet.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.migrate_to(Self::latest_schema_version()).await
    }

    /// Applies the migrations not applied yet up to `version` included: an
    /// earlier release's schema, for the tests of upgrades.
    pub async fn migrate_to(&self, version: i64) -> Result<(), StoreError> {
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
        for migration in MIGRATIONS.iter().filter(|m| m.version <= version) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_keep_trigger_and_function_bodies_whole() {
        for migration in MIGRATIONS {
            for sql in [migration.sqlite, migration.postgres] {
                for statement in statements(sql) {
                    let opens = statement.matches("BEGIN").count();
                    assert!(opens <= 1, "{statement}");
                    assert!(!statement.ends_with(';') || statement.contains("END"));
                }
            }
        }
        let sqlite = statements(MIGRATIONS[1].sqlite);
        let triggers: Vec<_> = sqlite.iter().filter(|s| s.contains("TRIGGER")).collect();
        assert_eq!(triggers.len(), 2);
        assert!(triggers.iter().all(|t| t.ends_with("END")));
        let postgres = statements(MIGRATIONS[1].postgres);
        let function = postgres
            .iter()
            .find(|s| s.contains("FUNCTION audit_log_append_only() RETURNS"))
            .unwrap();
        assert!(function.ends_with("$$"), "{function}");
        assert_eq!(statements(MIGRATIONS[0].sqlite).len(), 17);
        assert_eq!(statements(MIGRATIONS[0].postgres).len(), 17);
    }
}
