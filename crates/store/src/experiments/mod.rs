//! Pilots of a meeting model (migration 0018): an experiment's design as
//! the domain's JSON with its cells beside it for indexed reads, the cells
//! of running experiments (whose primary key keeps a cell in at most one),
//! and the deviations recorded after a start. Every write checks the
//! experiment's `row_version`, so a change made on a stale read is refused
//! as a conflict.

mod candidates;
mod lessons;

pub use candidates::CandidateCell;
pub use lessons::{CellMeeting, LessonWrite, StoredLesson};

use chibo_domain::{NaiveDate, UnitCode};

use crate::write_tx::on_tx;
use crate::{AuditEntry, Store, StoreError, WriteTx, on_pool, rows};

/// A cell of a design as stored beside the JSON: its arm (`pilot`,
/// `comparison`) and the pilot cell a comparison cell is matched to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExperimentCell {
    pub cell: UnitCode,
    pub arm: &'static str,
    pub matched_to: Option<UnitCode>,
}

/// A new experiment (a draft).
#[derive(Debug)]
pub struct ExperimentWrite<'a> {
    pub owner: &'a UnitCode,
    pub name: &'a str,
    /// The design as JSON.
    pub design: &'a str,
    pub cells: &'a [ExperimentCell],
    pub is_demo: bool,
    pub now: i64,
}

/// A stored experiment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredExperiment {
    pub id: i64,
    pub owner: UnitCode,
    pub name: String,
    pub status: String,
    pub design: String,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub is_demo: bool,
    pub row_version: i64,
}

/// One changed field of a running experiment's design.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviationWrite {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A recorded deviation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDeviation {
    pub id: i64,
    pub recorded_on: NaiveDate,
    pub field: String,
    pub reason: String,
    pub before: String,
    pub after: String,
}

/// A cell already in a running experiment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningCell {
    pub cell: UnitCode,
    pub experiment_id: i64,
    pub experiment_name: String,
}

type ExperimentTuple = (
    i64,
    String,
    String,
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
    bool,
    i64,
);

const SELECT: &str = "SELECT e.id, u.code, e.name, e.status, e.design, e.started_on, e.ended_on, \
                      e.is_demo, e.row_version FROM experiments e JOIN units u ON u.id = e.owner_id ";

fn experiment_from(t: ExperimentTuple) -> Result<StoredExperiment, StoreError> {
    Ok(StoredExperiment {
        id: t.0,
        owner: rows::unit_code(&t.1)?,
        name: t.2,
        status: t.3,
        design: t.4,
        started_on: t.5,
        ended_on: t.6,
        is_demo: t.7,
        row_version: t.8,
    })
}

impl Store {
    /// An experiment by id.
    pub async fn experiment(&self, id: i64) -> Result<Option<StoredExperiment>, StoreError> {
        let sql = format!("{SELECT} WHERE e.id = $1");
        let found: Option<ExperimentTuple> = on_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(pool).await?);
        found.map(experiment_from).transpose()
    }

    /// Every experiment owned by one of `owners`, newest first.
    pub async fn experiments_owned_by(
        &self,
        owners: &[UnitCode],
    ) -> Result<Vec<StoredExperiment>, StoreError> {
        if owners.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=owners.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "{SELECT} WHERE u.code IN ({}) ORDER BY e.id DESC",
            placeholders.join(", ")
        );
        let found: Vec<ExperimentTuple> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for owner in owners {
                query = query.bind(owner.as_str());
            }
            query.persistent(false).fetch_all(pool).await?
        });
        found.into_iter().map(experiment_from).collect()
    }

    /// Every experiment owned by a unit of the subtrees of `roots` on
    /// `day` (the roots included), newest first, each with its owner's
    /// name that day: one statement, whatever the number of committees.
    pub async fn experiments_under(
        &self,
        roots: &[UnitCode],
        day: NaiveDate,
    ) -> Result<Vec<(StoredExperiment, String)>, StoreError> {
        if roots.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (2..=roots.len() + 1).map(|i| format!("${i}")).collect();
        // UNION (not UNION ALL): nested roots reach a unit once.
        let sql = format!(
            "WITH RECURSIVE sub (id) AS ( \
               SELECT u.id FROM units u WHERE u.code IN ({}) \
               UNION \
               SELECT v.unit_id FROM sub JOIN unit_versions v ON v.parent_id = sub.id \
               WHERE v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1) \
             ) \
             SELECT e.id, u.code, e.name, e.status, e.design, e.started_on, e.ended_on, \
                    e.is_demo, e.row_version, ov.name \
             FROM experiments e JOIN units u ON u.id = e.owner_id \
             JOIN unit_versions ov ON ov.unit_id = e.owner_id \
               AND ov.valid_from <= $1 AND (ov.valid_to IS NULL OR ov.valid_to > $1) \
             WHERE e.owner_id IN (SELECT id FROM sub) ORDER BY e.id DESC",
            placeholders.join(", ")
        );
        // The experiment's columns, then its owner's name that day.
        type Row = (
            i64,
            String,
            String,
            String,
            String,
            Option<NaiveDate>,
            Option<NaiveDate>,
            bool,
            i64,
            String,
        );
        let found: Vec<Row> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(day);
            for root in roots {
                query = query.bind(root.as_str());
            }
            query.persistent(false).fetch_all(pool).await?
        });
        found
            .into_iter()
            .map(|t| {
                let tuple = (t.0, t.1, t.2, t.3, t.4, t.5, t.6, t.7, t.8);
                experiment_from(tuple).map(|e| (e, t.9))
            })
            .collect()
    }

    /// The cells of `cells` in a running experiment other than `except`.
    pub async fn cells_in_running_experiments(
        &self,
        cells: &[UnitCode],
        except: Option<i64>,
    ) -> Result<Vec<RunningCell>, StoreError> {
        if cells.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (2..cells.len() + 2).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT u.code, e.id, e.name FROM experiment_running_cells r \
             JOIN units u ON u.id = r.unit_id JOIN experiments e ON e.id = r.experiment_id \
             WHERE e.id <> $1 AND u.code IN ({}) ORDER BY u.code",
            placeholders.join(", ")
        );
        let found: Vec<(String, i64, String)> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(except.unwrap_or(-1));
            for cell in cells {
                query = query.bind(cell.as_str());
            }
            query.persistent(false).fetch_all(pool).await?
        });
        found
            .into_iter()
            .map(|(code, experiment_id, experiment_name)| {
                Ok(RunningCell {
                    cell: rows::unit_code(&code)?,
                    experiment_id,
                    experiment_name,
                })
            })
            .collect()
    }

    /// The deviations of an experiment, in the order recorded.
    pub async fn experiment_deviations(&self, id: i64) -> Result<Vec<StoredDeviation>, StoreError> {
        let sql = "SELECT id, recorded_on, field, reason, before_value, after_value \
                   FROM experiment_deviations WHERE experiment_id = $1 ORDER BY id";
        let found: Vec<(i64, NaiveDate, String, String, String, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(id).fetch_all(pool).await?);
        Ok(found
            .into_iter()
            .map(|t| StoredDeviation {
                id: t.0,
                recorded_on: t.1,
                field: t.2,
                reason: t.3,
                before: t.4,
                after: t.5,
            })
            .collect())
    }
}

impl WriteTx {
    /// Stores a draft experiment and its cells; returns its id.
    pub async fn insert_experiment(
        &mut self,
        write: &ExperimentWrite<'_>,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        let owner_id = self.unit_id(write.owner).await?;
        let id = on_tx!(self.inner, t => {
            let tx = &mut **t;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO experiments (owner_id, name, status, design, is_demo, created_at) \
                 VALUES ($1, $2, 'draft', $3, $4, $5) RETURNING id",
            )
            .bind(owner_id)
            .bind(write.name)
            .bind(write.design)
            .bind(write.is_demo)
            .bind(write.now)
            .fetch_one(&mut *tx)
            .await?;
            crate::audit::insert_audit!(tx, audit);
            id
        });
        self.write_cells(id, write.cells).await?;
        Ok(id)
    }

    /// Replaces an experiment's design and cells when its row is still at
    /// `row_version`, recording `deviations` (with `reason`, on `on`) when
    /// there are any; `Conflict` when the row moved.
    #[allow(clippy::too_many_arguments)]
    pub async fn replace_experiment_design(
        &mut self,
        id: i64,
        row_version: i64,
        name: &str,
        design: &str,
        cells: &[ExperimentCell],
        deviations: &[DeviationWrite],
        reason: &str,
        on: NaiveDate,
        now: i64,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            let changed = sqlx::query(
                "UPDATE experiments SET name = $1, design = $2, row_version = row_version + 1 \
                 WHERE id = $3 AND row_version = $4",
            )
            .bind(name)
            .bind(design)
            .bind(id)
            .bind(row_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed != 1 {
                return Err(StoreError::Conflict);
            }
            for deviation in deviations {
                sqlx::query(
                    "INSERT INTO experiment_deviations (experiment_id, recorded_on, field, reason, \
                     before_value, after_value, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(on)
                .bind(&deviation.field)
                .bind(reason)
                .bind(&deviation.before)
                .bind(&deviation.after)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("DELETE FROM experiment_cells WHERE experiment_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            crate::audit::insert_audit!(tx, audit);
        });
        self.write_cells(id, cells).await?;
        let running: Option<String> = on_tx!(self.inner, t => {
            sqlx::query_scalar("SELECT status FROM experiments WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut **t)
                .await?
        });
        if running.as_deref() == Some("running") {
            on_tx!(self.inner, t => {
                sqlx::query("DELETE FROM experiment_running_cells WHERE experiment_id = $1")
                    .bind(id)
                    .execute(&mut **t)
                    .await?;
            });
            self.claim_running_cells(id, cells).await?;
        }
        Ok(())
    }

    /// Starts a draft experiment on `on`: its cells are claimed as running
    /// (`Duplicate` naming a cell another running experiment holds) and
    /// its design is frozen.
    pub async fn start_experiment(
        &mut self,
        id: i64,
        row_version: i64,
        on: NaiveDate,
        cells: &[ExperimentCell],
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            let changed = sqlx::query(
                "UPDATE experiments SET status = 'running', started_on = $1, \
                 row_version = row_version + 1 \
                 WHERE id = $2 AND row_version = $3 AND status = 'draft'",
            )
            .bind(on)
            .bind(id)
            .bind(row_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed != 1 {
                return Err(StoreError::Conflict);
            }
            crate::audit::insert_audit!(tx, audit);
        });
        self.claim_running_cells(id, cells).await
    }

    /// Ends a running experiment on `on`, releasing its cells.
    pub async fn end_experiment(
        &mut self,
        id: i64,
        row_version: i64,
        on: NaiveDate,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            let changed = sqlx::query(
                "UPDATE experiments SET status = 'ended', ended_on = $1, \
                 row_version = row_version + 1 \
                 WHERE id = $2 AND row_version = $3 AND status = 'running'",
            )
            .bind(on)
            .bind(id)
            .bind(row_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed != 1 {
                return Err(StoreError::Conflict);
            }
            sqlx::query("DELETE FROM experiment_running_cells WHERE experiment_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            crate::audit::insert_audit!(tx, audit);
        });
        Ok(())
    }

    async fn unit_id(&mut self, code: &UnitCode) -> Result<i64, StoreError> {
        self.unit_ids_of(&[code.as_str()])
            .await?
            .get(code.as_str())
            .copied()
            .ok_or_else(|| StoreError::NotFound(format!("unit {code}")))
    }

    async fn write_cells(&mut self, id: i64, cells: &[ExperimentCell]) -> Result<(), StoreError> {
        let codes: Vec<&str> = cells
            .iter()
            .flat_map(|c| {
                std::iter::once(c.cell.as_str()).chain(c.matched_to.as_ref().map(UnitCode::as_str))
            })
            .collect();
        let ids = self.unit_ids_of(&codes).await?;
        let id_of = |code: &UnitCode| {
            ids.get(code.as_str())
                .copied()
                .ok_or_else(|| StoreError::NotFound(format!("unit {code}")))
        };
        for cell in cells {
            let unit_id = id_of(&cell.cell)?;
            let matched = cell.matched_to.as_ref().map(id_of).transpose()?;
            on_tx!(self.inner, t => {
                sqlx::query(
                    "INSERT INTO experiment_cells (experiment_id, unit_id, arm, matched_to_id) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(unit_id)
                .bind(cell.arm)
                .bind(matched)
                .execute(&mut **t)
                .await?;
            });
        }
        Ok(())
    }

    /// Claims `cells` for running experiment `id`; a cell another running
    /// experiment holds is refused as `Duplicate` naming the cell.
    async fn claim_running_cells(
        &mut self,
        id: i64,
        cells: &[ExperimentCell],
    ) -> Result<(), StoreError> {
        let codes: Vec<&str> = cells.iter().map(|c| c.cell.as_str()).collect();
        let ids = self.unit_ids_of(&codes).await?;
        for cell in cells {
            let unit_id = *ids
                .get(cell.cell.as_str())
                .ok_or_else(|| StoreError::NotFound(format!("unit {}", cell.cell)))?;
            let held: Option<i64> = on_tx!(self.inner, t => {
                sqlx::query_scalar("SELECT experiment_id FROM experiment_running_cells WHERE unit_id = $1")
                    .bind(unit_id)
                    .fetch_optional(&mut **t)
                    .await?
            });
            if held.is_some_and(|other| other != id) {
                return Err(StoreError::Duplicate(cell.cell.to_string()));
            }
            on_tx!(self.inner, t => {
                sqlx::query(
                    "INSERT INTO experiment_running_cells (unit_id, experiment_id) VALUES ($1, $2)",
                )
                .bind(unit_id)
                .bind(id)
                .execute(&mut **t)
                .await
                .map_err(|e| StoreError::from(e).created_meanwhile())?;
            });
        }
        Ok(())
    }
}

/// Cells per statement: below every backend's bound on parameters.
const IDS_PER_STATEMENT: usize = 1_000;

/// A held meeting's stored facts and final score, without its marks,
/// tasks or scores: what a cell's baseline indicators need.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldFacts {
    pub unit_id: i64,
    pub held_on: NaiveDate,
    pub facts: chibo_domain::rubric::MeetingFacts,
    pub final_total_tenths: Option<i64>,
}

impl Store {
    /// The held meetings of `cells` (unit ids) from `from` to `to`: one
    /// statement per thousand cells on the columns the indicators keep,
    /// which is what proposing comparison cells among a whole city reads.
    pub async fn held_meeting_facts(
        &self,
        cells: &[i64],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<HeldFacts>, StoreError> {
        use crate::indicator_source::{HELD_COLUMNS, held_facts};
        use crate::indicators::{count, kind_of};
        use chibo_domain::rubric::MeetingFacts;
        use sqlx::Row;
        let mut found = Vec::new();
        for chunk in cells.chunks(IDS_PER_STATEMENT) {
            let placeholders: Vec<String> = (3..chunk.len() + 3).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT {HELD_COLUMNS} FROM meetings m WHERE m.status <> 'planned' \
                 AND m.held_on IS NOT NULL AND m.held_on >= $1 AND m.held_on <= $2 \
                 AND m.unit_id IN ({})",
                placeholders.join(", ")
            );
            on_pool!(self, pool => {
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(from).bind(to);
                for id in chunk {
                    query = query.bind(*id);
                }
                for row in query.persistent(false).fetch_all(pool).await? {
                    let kind: String = row.try_get(3)?;
                    found.push(HeldFacts {
                        unit_id: row.try_get(1)?,
                        held_on: row.try_get(2)?,
                        facts: held_facts!(row, kind),
                        final_total_tenths: row.try_get(14)?,
                    });
                }
            });
        }
        Ok(found)
    }
}
