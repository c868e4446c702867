//! What the researchers' datasets read: the held meetings of some cells
//! between two days with the counts of their marks, the deadlines of the
//! tasks they set and their scores, and the members of some cells on a
//! day. Only numbers, dates and codes cross over: never a name, a reason,
//! a title or the minutes.

use std::collections::HashMap;

use chibo_domain::NaiveDate;
use chibo_domain::rubric::MeetingFacts;
use sqlx::Row;

use crate::indicator_source::{HELD_COLUMNS, held_facts};
use crate::indicators::{count, kind_of};
use crate::{Store, StoreError, on_pool};

/// Cells per statement: below every backend's bound on parameters.
const IDS_PER_STATEMENT: usize = 1_000;

/// A held meeting as a dataset row is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetMeeting {
    pub id: i64,
    pub unit_id: i64,
    pub held_on: NaiveDate,
    /// The fact columns indicators read (kept at every save).
    pub facts: MeetingFacts,
    pub final_total_tenths: Option<i64>,
    pub final_rating: Option<String>,
    /// Attendance marks counted by their code (`present`, `exempt`, …).
    pub marks: HashMap<String, i64>,
    /// Each task the meeting set: its deadline and whether it is still open.
    pub tasks: Vec<(Option<NaiveDate>, bool)>,
    /// Every score given: rater (`self` or `evaluator`), total in tenths,
    /// rating code; in the order they were given.
    pub scores: Vec<(String, i64, Option<String>)>,
}

/// The held-meeting condition of the indicator source (see
/// `indicator_source`), on cells listed as `$3…`.
fn held(ids: usize) -> String {
    let placeholders: Vec<String> = (3..ids + 3).map(|i| format!("${i}")).collect();
    format!(
        "m.status <> 'planned' AND m.held_on IS NOT NULL AND m.held_on >= $1 AND m.held_on <= $2 \
         AND m.unit_id IN ({})",
        placeholders.join(", ")
    )
}

impl Store {
    /// The held meetings of `cells` (unit ids) from `from` to `to`, oldest
    /// first within each cell.
    pub async fn dataset_meetings(
        &self,
        cells: &[i64],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DatasetMeeting>, StoreError> {
        let mut found: Vec<DatasetMeeting> = Vec::new();
        for chunk in cells.chunks(IDS_PER_STATEMENT) {
            let condition = held(chunk.len());
            let meetings_sql = format!(
                "SELECT {HELD_COLUMNS} FROM meetings m WHERE {condition} \
                 ORDER BY m.unit_id, m.held_on, m.id"
            );
            let marks_sql = format!(
                "SELECT a.meeting_id, a.mark, COUNT(*) FROM meetings m \
                 CROSS JOIN meeting_attendance a WHERE a.meeting_id = m.id AND {condition} \
                 GROUP BY a.meeting_id, a.mark"
            );
            let tasks_sql = format!(
                "SELECT t.meeting_id, t.deadline, t.status FROM meetings m \
                 CROSS JOIN meeting_tasks t WHERE t.meeting_id = m.id AND {condition} \
                 ORDER BY t.meeting_id, t.position"
            );
            let scores_sql = format!(
                "SELECT e.meeting_id, e.rater, e.total_tenths, e.rating FROM meetings m \
                 CROSS JOIN meeting_evaluations e WHERE e.meeting_id = m.id AND {condition} \
                 ORDER BY e.meeting_id, e.id"
            );
            let mut batch: Vec<DatasetMeeting> = Vec::new();
            type Marks = Vec<(i64, String, i64)>;
            type Tasks = Vec<(i64, Option<NaiveDate>, String)>;
            type Scores = Vec<(i64, String, i64, Option<String>)>;
            let (marks, tasks, scores): (Marks, Tasks, Scores) = on_pool!(self, pool => {
                let mut query = sqlx::query(sqlx::AssertSqlSafe(meetings_sql.clone())).bind(from).bind(to);
                for id in chunk {
                    query = query.bind(*id);
                }
                for row in query.persistent(false).fetch_all(pool).await? {
                    let kind: String = row.try_get(3)?;
                    batch.push(DatasetMeeting {
                        id: row.try_get(0)?,
                        unit_id: row.try_get(1)?,
                        held_on: row.try_get(2)?,
                        facts: held_facts!(row, kind),
                        final_total_tenths: row.try_get(14)?,
                        final_rating: row.try_get(15)?,
                        marks: HashMap::new(),
                        tasks: Vec::new(),
                        scores: Vec::new(),
                    });
                }
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(marks_sql.clone())).bind(from).bind(to);
                for id in chunk {
                    query = query.bind(*id);
                }
                let marks = query.persistent(false).fetch_all(pool).await?;
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(tasks_sql.clone())).bind(from).bind(to);
                for id in chunk {
                    query = query.bind(*id);
                }
                let tasks = query.persistent(false).fetch_all(pool).await?;
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(scores_sql.clone())).bind(from).bind(to);
                for id in chunk {
                    query = query.bind(*id);
                }
                let scores = query.persistent(false).fetch_all(pool).await?;
                (marks, tasks, scores)
            });
            let index: HashMap<i64, usize> =
                batch.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
            for (meeting, mark, n) in marks {
                if let Some(&i) = index.get(&meeting) {
                    batch[i].marks.insert(mark, n);
                }
            }
            for (meeting, deadline, status) in tasks {
                if let Some(&i) = index.get(&meeting) {
                    batch[i].tasks.push((deadline, status == "open"));
                }
            }
            for (meeting, rater, total, rating) in scores {
                if let Some(&i) = index.get(&meeting) {
                    batch[i].scores.push((rater, total, rating));
                }
            }
            found.extend(batch);
        }
        Ok(found)
    }

    /// Members in each of `cells` (unit ids) on `day`; cells without
    /// members are absent.
    pub async fn member_counts_of(
        &self,
        cells: &[i64],
        day: NaiveDate,
    ) -> Result<HashMap<i64, i64>, StoreError> {
        let mut found = HashMap::new();
        for chunk in cells.chunks(IDS_PER_STATEMENT) {
            let placeholders: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT c.unit_id, COUNT(*) FROM member_cells c \
                 WHERE c.valid_from <= $1 AND (c.valid_to IS NULL OR c.valid_to > $1) \
                 AND c.unit_id IN ({}) GROUP BY c.unit_id",
                placeholders.join(", ")
            );
            let rows: Vec<(i64, i64)> = on_pool!(self, pool => {
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(day);
                for id in chunk {
                    query = query.bind(*id);
                }
                query.persistent(false).fetch_all(pool).await?
            });
            found.extend(rows);
        }
        Ok(found)
    }
}
