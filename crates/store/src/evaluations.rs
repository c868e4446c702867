//! Scores given to meetings, and the rubric versions they were given with.
//! A rubric version, once stored, never changes: scores keep pointing at
//! exactly the criteria they were computed from.

use crate::write_tx::on_tx;
use crate::{AuditEntry, BeginWrite, Store, StoreError, WriteTx, on_pool};

/// A score to store; `scores` is the JSON of the manual scores.
#[derive(Debug, Clone)]
pub struct EvaluationWrite<'a> {
    pub meeting_id: i64,
    /// `self` or `evaluator`.
    pub rater: &'a str,
    pub account_id: Option<i64>,
    pub rubric_code: &'a str,
    pub rubric_version: i64,
    pub scores: &'a str,
    pub total_tenths: i64,
    pub rating: Option<&'a str>,
    /// For, against, abstaining: the members' vote on the cell's proposal.
    pub vote: Option<(i64, i64, i64)>,
    pub now: i64,
    /// The meeting's final rating with this score counted: total in
    /// tenths, rating code, and whether it is provisional.
    pub final_rating: Option<(i64, Option<&'a str>, bool)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvaluation {
    pub rater: String,
    pub account_id: Option<i64>,
    /// The account's display name; empty for scores from the command line.
    pub rater_name: String,
    pub rubric_code: String,
    pub rubric_version: i64,
    pub scores: String,
    pub total_tenths: i64,
    pub rating: Option<String>,
    pub vote: Option<(i64, i64, i64)>,
    pub scored_at: i64,
}

impl Store {
    /// Stores a rubric version with its audit entries unless that version
    /// is already stored. Returns whether it was new.
    pub async fn add_rubric(
        &self,
        code: &str,
        version: i64,
        body: &str,
        now: i64,
        audit: &[AuditEntry],
    ) -> Result<bool, StoreError> {
        let sql = "INSERT INTO rubrics (code, version, body, created_at) VALUES ($1, $2, $3, $4) \
                   ON CONFLICT (code, version) DO NOTHING";
        let added = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(sql)
                .bind(code)
                .bind(version)
                .bind(body)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if done == 1 {
                crate::audit::insert_audit!(tx, audit);
            }
            tx.commit().await?;
            done == 1
        });
        Ok(added)
    }

    /// Every stored rubric version: code, version and body.
    pub async fn rubrics(&self) -> Result<Vec<(String, i64, String)>, StoreError> {
        let sql = "SELECT code, version, body FROM rubrics ORDER BY code, version";
        Ok(on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?))
    }

    /// How many scores were given with each rubric version: code, version,
    /// count. Versions nobody scored with are absent.
    pub async fn rubric_score_counts(&self) -> Result<Vec<(String, i64, i64)>, StoreError> {
        let sql = "SELECT rubric_code, rubric_version, COUNT(*) FROM meeting_evaluations \
                   GROUP BY rubric_code, rubric_version ORDER BY rubric_code, rubric_version";
        Ok(on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?))
    }

    /// Stores a score in a transaction of its own (see
    /// [`WriteTx::save_evaluation`]).
    pub async fn save_evaluation(
        &self,
        write: &EvaluationWrite<'_>,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        tx.save_evaluation(write, audit).await?;
        tx.commit().await
    }

    /// A meeting's scores in the order they were given.
    pub async fn evaluations(&self, meeting_id: i64) -> Result<Vec<StoredEvaluation>, StoreError> {
        let sql = "SELECT e.rater, e.account_id, COALESCE(a.display_name, ''), e.rubric_code, \
                   e.rubric_version, e.scores, e.total_tenths, e.rating, e.vote_for, e.vote_against, \
                   e.vote_abstain, e.scored_at \
                   FROM meeting_evaluations e LEFT JOIN accounts a ON a.id = e.account_id \
                   WHERE e.meeting_id = $1 ORDER BY e.scored_at, e.id";
        let rows: Vec<EvaluationRow> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(meeting_id).fetch_all(pool).await?);
        Ok(rows.into_iter().map(stored_evaluation).collect())
    }
}

impl WriteTx {
    /// Stores a score, replacing the same rater's earlier one (the cell has
    /// one proposal per meeting, each evaluator one score).
    pub async fn save_evaluation(
        &mut self,
        write: &EvaluationWrite<'_>,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        let (vote_for, vote_against, vote_abstain) = match write.vote {
            Some((a, b, c)) => (Some(a), Some(b), Some(c)),
            None => (None, None, None),
        };
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            sqlx::query(
                "DELETE FROM meeting_evaluations WHERE meeting_id = $1 AND rater = $2 \
                 AND (rater = 'self' OR account_id = $3)",
            )
            .bind(write.meeting_id)
            .bind(write.rater)
            .bind(write.account_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO meeting_evaluations (meeting_id, rater, account_id, rubric_code, rubric_version, \
                   scores, total_tenths, rating, vote_for, vote_against, vote_abstain, scored_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(write.meeting_id)
            .bind(write.rater)
            .bind(write.account_id)
            .bind(write.rubric_code)
            .bind(write.rubric_version)
            .bind(write.scores)
            .bind(write.total_tenths)
            .bind(write.rating)
            .bind(vote_for)
            .bind(vote_against)
            .bind(vote_abstain)
            .bind(write.now)
            .execute(&mut *tx)
            .await?;
            let (total, rating, provisional) = match write.final_rating {
                Some((total, rating, provisional)) => (Some(total), rating, Some(provisional)),
                None => (None, None, None),
            };
            sqlx::query(
                "UPDATE meetings SET final_total_tenths = $2, final_rating = $3, final_provisional = $4 \
                 WHERE id = $1",
            )
            .bind(write.meeting_id)
            .bind(total)
            .bind(rating)
            .bind(provisional)
            .execute(&mut *tx)
            .await?;
            crate::audit::insert_audit!(tx, audit);
        });
        Ok(())
    }
}

/// A score row as the reads select it: rater, account, its name, rubric
/// code and version, scores, total, rating, the three vote counts, when.
pub(crate) type EvaluationRow = (
    String,
    Option<i64>,
    String,
    String,
    i64,
    String,
    i64,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    i64,
);

pub(crate) fn stored_evaluation(row: EvaluationRow) -> StoredEvaluation {
    let (rater, account_id, rater_name, rubric_code, rubric_version, scores) =
        (row.0, row.1, row.2, row.3, row.4, row.5);
    StoredEvaluation {
        rater,
        account_id,
        rater_name,
        rubric_code,
        rubric_version,
        scores,
        total_tenths: row.6,
        rating: row.7,
        vote: match (row.8, row.9, row.10) {
            (Some(a), Some(b), Some(c)) => Some((a, b, c)),
            _ => None,
        },
        scored_at: row.11,
    }
}
