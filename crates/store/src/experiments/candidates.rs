//! The cells an experiment may draw its comparison cells from, in one
//! statement: the cells under the owner on the baseline's first and last
//! days, outside other running experiments, each with its members on the
//! last day and the sums of its held regular meetings' outcomes over the
//! baseline. Proposing among a whole city's cells used to read the tree
//! twice and then every cell's members, running state and meetings in
//! statements of thousands of parameters; here the database aggregates
//! and only one row a cell crosses over.

use chibo_domain::{NaiveDate, UnitCode};

use crate::{Store, StoreError, on_pool, rows};

/// A candidate cell with its baseline sums: for each meeting outcome (the
/// final score in points, attendance, share who spoke, previous tasks on
/// time, length in minutes) the sum over the meetings that have it and
/// how many have it.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateCell {
    pub cell: UnitCode,
    pub sector: String,
    pub members: i64,
    /// Held regular meetings in the baseline.
    pub held: i64,
    pub sums: [(f64, i64); 5],
}

/// The subtree of `$1` on `$2` (`sub`) and on `$3` (`at_first`), the
/// running cells of other experiments than `$4`, and the baseline
/// aggregates of held regular meetings from `$3` to `$2`. The meeting
/// condition is written as the partial index `meetings_held_facts`
/// writes it, so SQLite reads the index alone.
const SQL: &str = "WITH RECURSIVE \
     sub (id, depth, kind, sector_code) AS ( \
       SELECT v.unit_id, CAST(0 AS BIGINT), v.kind, v.sector_code \
       FROM units u JOIN unit_versions v ON v.unit_id = u.id \
       WHERE u.code = $1 AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2) \
       UNION ALL \
       SELECT v.unit_id, sub.depth + 1, v.kind, v.sector_code \
       FROM sub JOIN unit_versions v ON v.parent_id = sub.id \
       WHERE v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2) ), \
     at_first (id) AS ( \
       SELECT v.unit_id \
       FROM units u JOIN unit_versions v ON v.unit_id = u.id \
       WHERE u.code = $1 AND v.valid_from <= $3 AND (v.valid_to IS NULL OR v.valid_to > $3) \
       UNION ALL \
       SELECT v.unit_id \
       FROM at_first JOIN unit_versions v ON v.parent_id = at_first.id \
       WHERE v.valid_from <= $3 AND (v.valid_to IS NULL OR v.valid_to > $3) ), \
     base (unit_id, held, score_sum, score_n, attendance_sum, attendance_n, spoke_sum, spoke_n, \
           tasks_sum, tasks_n, length_sum, length_n) AS ( \
       SELECT m.unit_id, COUNT(*), \
         SUM(CAST(m.final_total_tenths AS DOUBLE PRECISION) / CAST(10 AS DOUBLE PRECISION)), \
         COUNT(m.final_total_tenths), \
         SUM(CASE WHEN m.expected > 0 THEN CAST(m.present AS DOUBLE PRECISION) / m.expected END), \
         COUNT(CASE WHEN m.expected > 0 THEN 1 END), \
         SUM(CASE WHEN m.present > 0 THEN CAST(m.speakers AS DOUBLE PRECISION) / m.present END), \
         COUNT(CASE WHEN m.present > 0 THEN 1 END), \
         SUM(CASE WHEN m.previous_tasks_due > 0 \
             THEN CAST(m.previous_tasks_on_time AS DOUBLE PRECISION) / m.previous_tasks_due END), \
         COUNT(CASE WHEN m.previous_tasks_due > 0 THEN 1 END), \
         SUM(CAST(m.duration_minutes AS DOUBLE PRECISION)), \
         COUNT(m.duration_minutes) \
       FROM meetings m \
       WHERE m.status <> 'planned' AND m.held_on IS NOT NULL \
         AND m.held_on >= $3 AND m.held_on <= $2 \
         AND m.kind IN ('regular', 'regular_and_thematic') \
         AND m.unit_id IN (SELECT id FROM sub) \
       GROUP BY m.unit_id ) \
     SELECT u.code, sub.sector_code, \
       (SELECT COUNT(*) FROM member_cells c WHERE c.unit_id = sub.id \
          AND c.valid_from <= $2 AND (c.valid_to IS NULL OR c.valid_to > $2)), \
       COALESCE(b.held, 0), \
       COALESCE(b.score_sum, CAST(0 AS DOUBLE PRECISION)), COALESCE(b.score_n, 0), \
       COALESCE(b.attendance_sum, CAST(0 AS DOUBLE PRECISION)), COALESCE(b.attendance_n, 0), \
       COALESCE(b.spoke_sum, CAST(0 AS DOUBLE PRECISION)), COALESCE(b.spoke_n, 0), \
       COALESCE(b.tasks_sum, CAST(0 AS DOUBLE PRECISION)), COALESCE(b.tasks_n, 0), \
       COALESCE(b.length_sum, CAST(0 AS DOUBLE PRECISION)), COALESCE(b.length_n, 0) \
     FROM sub CROSS JOIN units u \
     LEFT JOIN base b ON b.unit_id = sub.id \
     WHERE u.id = sub.id AND sub.depth > 0 \
       AND sub.kind IN ('grassroots_cell', 'subordinate_cell') \
       AND sub.id IN (SELECT id FROM at_first) \
       AND NOT EXISTS (SELECT 1 FROM experiment_running_cells r \
                       WHERE r.unit_id = sub.id AND r.experiment_id <> $4) \
     ORDER BY sub.depth, u.code";

type CandidateTuple = (
    String,
    String,
    i64,
    i64,
    f64,
    i64,
    f64,
    i64,
    f64,
    i64,
    f64,
    i64,
    f64,
    i64,
);

impl Store {
    /// The cells under `owner` on both `from` and `to` that are not in a
    /// running experiment other than `except`, in the order of the tree
    /// on `to` (depth, then code), each with its members on `to` and the
    /// sums of its held regular meetings from `from` to `to`.
    pub async fn comparison_candidates(
        &self,
        owner: &UnitCode,
        from: NaiveDate,
        to: NaiveDate,
        except: Option<i64>,
    ) -> Result<Vec<CandidateCell>, StoreError> {
        let found: Vec<CandidateTuple> = on_pool!(self, pool => {
            sqlx::query_as(SQL)
                .bind(owner.as_str())
                .bind(to)
                .bind(from)
                .bind(except.unwrap_or(-1))
                .fetch_all(pool)
                .await?
        });
        found
            .into_iter()
            .map(|t| {
                Ok(CandidateCell {
                    cell: rows::unit_code(&t.0)?,
                    sector: t.1,
                    members: t.2,
                    held: t.3,
                    sums: [
                        (t.4, t.5),
                        (t.6, t.7),
                        (t.8, t.9),
                        (t.10, t.11),
                        (t.12, t.13),
                    ],
                })
            })
            .collect()
    }
}
