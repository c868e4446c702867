//! A read replica beside the primary (PostgreSQL only): connecting to a
//! streaming standby, the checks that it is one, and of this primary, and
//! the write-ahead log positions that tell how far behind it is.
//!
//! Nothing here writes, on either server: a replica refused at start-up
//! leaves both as they were.

use std::time::{Duration, Instant};

use sqlx::postgres::PgPoolOptions;

use crate::{Backend, Store, StoreError, Workload};

/// What the read pool's connections are called in `pg_stat_activity`, so
/// that an operator (and a test) sees which reads the replica serves.
pub const REPLICA_APPLICATION_NAME: &str = "chibo-reads";

/// How long start-up waits for the replica to replay what the primary
/// holds before comparing their schema versions.
const CATCH_UP_WAIT: Duration = Duration::from_secs(10);

/// Why a read replica was refused; nothing was written anywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplicaProblem {
    /// The primary is an SQLite file: replicas are PostgreSQL's.
    PrimaryNotPostgres,
    /// The replica's address is not a PostgreSQL one.
    NotPostgres { url: String },
    /// No connection could be made.
    Unreachable { url: String, detail: String },
    /// The server answers but is not in recovery: a primary or a
    /// standalone server, where reads would not spare the primary.
    NotInRecovery { url: String },
    /// A standby of another cluster (its system identifier differs).
    OtherCluster { url: String },
    /// The address names another database than the primary's.
    OtherDatabase {
        url: String,
        found: String,
        expected: String,
    },
    /// Another schema than the primary's (not caught up, or another
    /// application's database).
    SchemaDiffers {
        url: String,
        found: i64,
        expected: i64,
    },
}

/// A PostgreSQL address with its password replaced, fit for a message or
/// a log line.
pub fn redacted_url(url: &str) -> String {
    // Parameters may carry a password too (`?password=…`): dropped whole.
    let url = url.split_once('?').map_or(url, |(before, _)| before);
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest
        .split_once('/')
        .map_or((rest, None), |(a, p)| (a, Some(p)));
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{name}:***@{host}"),
            None => format!("{user}@{host}"),
        },
        None => authority.to_owned(),
    };
    match path {
        Some(path) => format!("{scheme}://{authority}/{path}"),
        None => format!("{scheme}://{authority}"),
    }
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Where a standby stands: what it has replayed and received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplayPosition {
    /// WAL bytes replayed (visible to queries) since the log's start.
    pub replayed: u64,
    /// WAL bytes received from the primary, when streaming.
    pub received: Option<u64>,
}

impl ReplicaProblem {
    /// What to tell the operator: each names the option and the address.
    pub fn message(&self) -> chibo_domain::Message {
        use chibo_domain::Message;
        match self {
            ReplicaProblem::PrimaryNotPostgres => Message::new("err-replica-primary-sqlite"),
            ReplicaProblem::NotPostgres { url } => {
                Message::new("err-replica-not-postgres").arg("url", url)
            }
            ReplicaProblem::Unreachable { url, detail } => Message::new("err-replica-unreachable")
                .arg("url", url)
                .arg("detail", detail),
            ReplicaProblem::NotInRecovery { url } => {
                Message::new("err-replica-not-standby").arg("url", url)
            }
            ReplicaProblem::OtherCluster { url } => {
                Message::new("err-replica-other-cluster").arg("url", url)
            }
            ReplicaProblem::OtherDatabase {
                url,
                found,
                expected,
            } => Message::new("err-replica-other-database")
                .arg("url", url)
                .arg("found", found)
                .arg("expected", expected),
            ReplicaProblem::SchemaDiffers {
                url,
                found,
                expected,
            } => Message::new("err-replica-schema")
                .arg("url", url)
                .arg("found", found)
                .arg("expected", expected),
        }
    }
}

fn refused(problem: ReplicaProblem) -> StoreError {
    StoreError::Replica(problem)
}

fn position(value: Option<i64>) -> Option<u64> {
    value.and_then(|v| u64::try_from(v).ok())
}

impl Store {
    /// Connects to the read replica at `url` for this store (the primary)
    /// and checks that it is a standby of this very primary, on the same
    /// database and schema. Reads only: neither server is written to.
    pub async fn connect_replica(&self, url: &str) -> Result<Store, StoreError> {
        let Backend::Postgres(primary) = &self.backend else {
            return Err(refused(ReplicaProblem::PrimaryNotPostgres));
        };
        let shown = redacted_url(url);
        if !is_postgres(url) {
            return Err(refused(ReplicaProblem::NotPostgres { url: shown }));
        }
        let unreachable = |detail: String| {
            refused(ReplicaProblem::Unreachable {
                url: shown.clone(),
                detail,
            })
        };
        let options = crate::connect::postgres_options(url)
            .map_err(|e| unreachable(e.to_string()))?
            .application_name(REPLICA_APPLICATION_NAME);
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .map_err(|e| unreachable(e.to_string()))?;
        let replica = Store {
            backend: Backend::Postgres(pool.clone()),
            workload: Workload::Serve,
        };
        let in_recovery: bool = sqlx::query_scalar("SELECT pg_is_in_recovery()")
            .fetch_one(&pool)
            .await?;
        if !in_recovery {
            pool.close().await;
            return Err(refused(ReplicaProblem::NotInRecovery { url: shown }));
        }
        let identity = "SELECT (SELECT system_identifier FROM pg_control_system())::text, \
                        current_database()::text";
        let (ours, our_database): (String, String) =
            sqlx::query_as(identity).fetch_one(primary).await?;
        let (theirs, their_database): (String, String) =
            sqlx::query_as(identity).fetch_one(&pool).await?;
        if ours != theirs {
            pool.close().await;
            return Err(refused(ReplicaProblem::OtherCluster { url: shown }));
        }
        if our_database != their_database {
            pool.close().await;
            return Err(refused(ReplicaProblem::OtherDatabase {
                url: shown,
                found: their_database,
                expected: our_database,
            }));
        }
        // What the primary holds now, replayed before the schemas are
        // compared: a standby a moment behind is not refused for it.
        let target = self.wal_written_position().await?;
        let started = Instant::now();
        while replica.replay_position().await?.replayed < target
            && started.elapsed() < CATCH_UP_WAIT
        {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let expected = self.applied_schema_version().await?;
        let found = replica.applied_schema_version().await.unwrap_or(0);
        if found != expected {
            pool.close().await;
            return Err(refused(ReplicaProblem::SchemaDiffers {
                url: shown,
                found,
                expected,
            }));
        }
        Ok(replica)
    }

    /// The primary's current write-ahead log position, in bytes from the
    /// log's start: a change committed before this call is at or below it.
    /// The insert position, not `pg_current_wal_lsn()` (what is written
    /// out): with `synchronous_commit = off` a commit may return before
    /// its record is written, and a standby past the written position could
    /// still lack it.
    pub async fn wal_position(&self) -> Result<u64, StoreError> {
        self.log_position("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint")
            .await
    }

    /// The primary's log position written out (`pg_current_wal_lsn()`),
    /// for the lag: unlike the insert position it never stops a page
    /// header's bytes beyond the end of the last record, which a standby
    /// that has replayed everything would never reach on an idle primary.
    pub async fn wal_written_position(&self) -> Result<u64, StoreError> {
        self.log_position("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")
            .await
    }

    /// One position read by `sql` (0 on SQLite, which has no log to ship).
    async fn log_position(&self, sql: &'static str) -> Result<u64, StoreError> {
        let Backend::Postgres(pool) = &self.backend else {
            return Ok(0);
        };
        let found: Option<i64> = sqlx::query_scalar(sql).fetch_one(pool).await?;
        Ok(position(found).unwrap_or(0))
    }

    /// What a standby has replayed and received (zero on a server that is
    /// not one).
    pub async fn replay_position(&self) -> Result<ReplayPosition, StoreError> {
        let Backend::Postgres(pool) = &self.backend else {
            return Ok(ReplayPosition {
                replayed: 0,
                received: None,
            });
        };
        let sql = "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint, \
                   pg_wal_lsn_diff(pg_last_wal_receive_lsn(), '0/0')::bigint";
        let (replayed, received): (Option<i64>, Option<i64>) =
            sqlx::query_as(sql).fetch_one(pool).await?;
        Ok(ReplayPosition {
            replayed: position(replayed).unwrap_or(0),
            received: position(received),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::redacted_url;

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(
            redacted_url("postgres://chibo:s3cret@db2:5432/chibo"),
            "postgres://chibo:***@db2:5432/chibo"
        );
        assert_eq!(
            redacted_url("postgres://chibo@db2/chibo"),
            "postgres://chibo@db2/chibo"
        );
        assert_eq!(redacted_url("postgres://db2"), "postgres://db2");
        assert_eq!(redacted_url("./chibo.db"), "./chibo.db");
        assert_eq!(
            redacted_url("postgres://db2/chibo?user=a&password=s3cret"),
            "postgres://db2/chibo"
        );
    }
}
