//! One storage API for chibo over an embedded SQLite file or PostgreSQL.
//!
//! Both backends run the same SQL text (sqlx accepts `$1` placeholders on
//! both); where the dialects differ, the migrations do, never the queries.
//! The [`on_pool!`] macro expands a body once per backend so the code is
//! written once and typed natively for each driver.

mod accounts;
mod api_tokens;
mod audit;
pub mod backup;
mod connect;
mod dashboards;
mod datasets;
mod directives;
mod error;
mod evaluations;
mod experiments;
mod idempotency;
mod indicator_replace;
mod indicator_source;
mod indicator_writes;
mod indicators;
mod meetings;
mod member_writer;
mod members;
mod migrate;
mod org;
mod replica;
mod research;
mod rollout;
mod rows;
mod sectors;
mod sqlite_raw;
mod surveys;
mod versions;
mod write_tx;

pub use accounts::{Account, GrantRecord, NewAccount, SessionRecord, UnitPlacement};
pub use api_tokens::{ApiTokenRecord, NewApiToken};
pub use audit::{AuditEntry, AuditFilter, AuditRecord};
pub use connect::{DEFAULT_SQLITE_PATH, OpenMode, Workload, sqlite_file};
pub use dashboards::{MonthSpan, Reach, SubtreeCounters, SuccessionLink};
pub use datasets::DatasetMeeting;
pub use directives::{
    ChildUnit, DirectiveFile, DirectiveUnitRow, DirectiveWrite, EventWrite, ExecutionSource,
    NewDirectiveUnit, SourceTask, StoredDirective, StoredEvent, TargetPlace, TaughtMeeting,
    number_key,
};
pub use error::StoreError;
pub use evaluations::{EvaluationWrite, StoredEvaluation};
pub use experiments::{
    CandidateCell, CellMeeting, DeviationWrite, ExperimentCell, ExperimentWrite, HeldFacts,
    LessonWrite, RunningCell, StoredDeviation, StoredExperiment, StoredLesson,
};
pub use idempotency::{KeyClaim, StoredKey};
pub use indicator_replace::Replaced;
pub use indicator_source::SourceCells;
pub use indicators::{
    IndicatorRevision, IndicatorRow, IndicatorSource, SourceMeeting, SourceScore,
};
pub use meetings::{
    BulkEvaluation, BulkFinalRating, BulkMeeting, BulkScores, CarriedTask, DatedMark,
    EarlierTaskRows, EvaluationQueue, MeetingListEntry, MeetingWrite, QueueRequest, QueuedMeeting,
    ReplacedVersion, Replacement, StoredMeeting, TaskUpdate,
};
pub use member_writer::MemberWriter;
pub use members::{CellFilter, MemberChangeSet, RosterEntry};
pub use org::{PlacedUnit, TreeRow, UnitSummary};
pub use replica::{REPLICA_APPLICATION_NAME, ReplayPosition, ReplicaProblem, redacted_url};
pub use research::{
    CouncilWrite, OpinionWrite, ProductFileWrite, ProjectAccount, ProjectWrite, ReviewWrite,
    StoredCouncil, StoredLink, StoredOpinion, StoredProductFile, StoredProgress, StoredProject,
    StoredReview, StoredTask, TaskWrite,
};
pub use rollout::{ModelMeeting, StoredWave, WaveWrite};
pub use sectors::Sector;
pub use surveys::{
    AnswersImported, CampaignRosters, CampaignWrite, ImportedResponse, NewSurveyCode,
    StoredCampaign, StoredInstrument, StoredResponse, Submitted, SurveyCodeState, SurveySampling,
    SurveySlip,
};
pub(crate) use versions::{BeginWrite, check_units};
pub use versions::{MemberUpdate, UnitChecks, UnitVersions};
pub use write_tx::WriteTx;

use sqlx::{PgPool, SqlitePool};

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    Sqlite,
    Postgres,
}

impl BackendKind {
    pub fn name(self) -> &'static str {
        match self {
            BackendKind::Sqlite => "sqlite",
            BackendKind::Postgres => "postgres",
        }
    }
}

#[derive(Debug, Clone)]
enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool of the store's backend.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.backend {
            $crate::Backend::Sqlite($pool) => $body,
            $crate::Backend::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// Rows per multi-row INSERT: below SQLite's 32,766 bound parameters.
pub(crate) fn rows_per_insert(columns: usize) -> usize {
    30_000 / columns
}

#[derive(Debug, Clone)]
pub struct Store {
    backend: Backend,
    workload: Workload,
}

impl Store {
    pub fn backend_kind(&self) -> BackendKind {
        match self.backend {
            Backend::Sqlite(_) => BackendKind::Sqlite,
            Backend::Postgres(_) => BackendKind::Postgres,
        }
    }

    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }

    /// Whether the database answers, for a health check.
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Connections of the pool: (open, idle, most allowed).
    pub fn pool_use(&self) -> (u32, u32, u32) {
        on_pool!(self, pool => (
            pool.size(),
            u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
            pool.options().get_max_connections(),
        ))
    }

    /// After a bulk load: folds SQLite's write-ahead log into the database
    /// file, so that readers no longer look pages up in a large log. Nothing
    /// to do on PostgreSQL.
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        if let Backend::Sqlite(pool) = &self.backend {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(pool)
                .await?;
        }
        Ok(())
    }

    /// The number every committed change to the tree, members, accounts,
    /// grants or sessions moves (migration 0011: triggers on those tables),
    /// so that what a server keeps in memory is read again only after it
    /// moved, whoever wrote.
    pub async fn cache_revision(&self) -> Result<i64, StoreError> {
        let sql = "SELECT revision FROM cache_revision WHERE id = 1";
        let found: Option<i64> =
            on_pool!(self, pool => sqlx::query_scalar(sql).fetch_optional(pool).await?);
        Ok(found.unwrap_or_default())
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let sql = "SELECT value FROM settings WHERE key = $1";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).bind(key).fetch_optional(pool).await?))
    }

    /// The setting's value, storing `value` first if it has none: of two
    /// processes racing to set it, both read the one stored first. Read
    /// first, so that the usual call writes nothing.
    pub async fn setting_or_insert(&self, key: &str, value: &str) -> Result<String, StoreError> {
        if let Some(found) = self.setting(key).await? {
            return Ok(found);
        }
        let insert =
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
        let select = "SELECT value FROM settings WHERE key = $1";
        Ok(on_pool!(self, pool => {
            sqlx::query(insert).bind(key).bind(value).execute(pool).await?;
            sqlx::query_scalar(select).bind(key).fetch_one(pool).await?
        }))
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let sql = "INSERT INTO settings (key, value) VALUES ($1, $2) \
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        on_pool!(self, pool => {
            sqlx::query(sql).bind(key).bind(value).execute(pool).await?;
        });
        Ok(())
    }
}

/// `sub (id)`: the unit with code `$1` and every unit under it on date `$2`,
/// for queries that continue with their own `SELECT … FROM sub`.
macro_rules! subtree_units_cte {
    () => {
        "WITH RECURSIVE sub (id) AS ( \
           SELECT u.id FROM units u WHERE u.code = $1 \
           UNION ALL \
           SELECT v.unit_id FROM sub JOIN unit_versions v ON v.parent_id = sub.id \
           WHERE v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2) \
         )"
    };
}
pub(crate) use subtree_units_cte;

/// Looks up unit ids by code inside a transaction (`$executor` derefs to a
/// connection). Codes that do not exist are simply absent from the map.
macro_rules! unit_ids {
    ($executor:expr, $codes:expr) => {{
        let mut ids: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
        let codes: Vec<&str> = $codes;
        for chunk in codes.chunks(5_000) {
            let mut query = sqlx::QueryBuilder::new("SELECT code, id FROM units WHERE code IN (");
            let mut separated = query.separated(", ");
            for code in chunk {
                separated.push_bind(*code);
            }
            query.push(")");
            let found: Vec<(String, i64)> =
                query.build_query_as().fetch_all(&mut *$executor).await?;
            ids.extend(found);
        }
        ids
    }};
}
pub(crate) use unit_ids;
