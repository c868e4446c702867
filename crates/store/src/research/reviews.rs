//! A project's progress reports, councils, reviews, members' opinions and
//! the council's requests as tasks.

use chibo_domain::NaiveDate;

use crate::write_tx::on_tx;
use crate::{AuditEntry, Store, StoreError, WriteTx, on_pool};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProgress {
    pub id: i64,
    pub period_end: NaiveDate,
    /// The domain's `ProgressReport` as JSON.
    pub report: String,
}

#[derive(Debug)]
pub struct CouncilWrite<'a> {
    pub kind: &'a str,
    pub established_on: NaiveDate,
    /// The domain's `Council` as JSON.
    pub council: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCouncil {
    pub id: i64,
    pub kind: String,
    pub council: String,
}

#[derive(Debug, Clone)]
pub struct OpinionWrite {
    pub person_key: String,
    pub score: Option<i64>,
    pub opinion: String,
}

#[derive(Debug, Clone)]
pub struct TaskWrite {
    pub title: String,
    pub owner_key: String,
    pub deadline: NaiveDate,
}

#[derive(Debug)]
pub struct ReviewWrite<'a> {
    pub council_id: i64,
    pub held_on: NaiveDate,
    pub state: &'a str,
    pub check_sheet: &'a str,
    pub verdict: &'a str,
    pub conclusion: &'a str,
    pub opinions: &'a [OpinionWrite],
    pub tasks: &'a [TaskWrite],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOpinion {
    pub person_key: String,
    pub score: Option<i64>,
    pub opinion: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTask {
    pub id: i64,
    pub title: String,
    pub owner_key: String,
    pub deadline: NaiveDate,
    pub status: String,
    pub closed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReview {
    pub id: i64,
    pub council_id: i64,
    pub held_on: NaiveDate,
    pub state: String,
    pub check_sheet: String,
    pub verdict: String,
    pub conclusion: String,
    pub opinions: Vec<StoredOpinion>,
    pub tasks: Vec<StoredTask>,
}

type ReviewTuple = (i64, i64, NaiveDate, String, String, String, String);

impl Store {
    pub async fn research_progress(
        &self,
        project_id: i64,
    ) -> Result<Vec<StoredProgress>, StoreError> {
        let sql = "SELECT id, period_end, report FROM research_progress_reports \
                   WHERE project_id = $1 ORDER BY period_end";
        let found: Vec<(i64, NaiveDate, String)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(project_id).fetch_all(pool).await?
        });
        Ok(found
            .into_iter()
            .map(|(id, period_end, report)| StoredProgress {
                id,
                period_end,
                report,
            })
            .collect())
    }

    pub async fn research_councils(
        &self,
        project_id: i64,
    ) -> Result<Vec<StoredCouncil>, StoreError> {
        let sql = "SELECT id, kind, council FROM research_councils \
                   WHERE project_id = $1 ORDER BY established_on, id";
        let found: Vec<(i64, String, String)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(project_id).fetch_all(pool).await?
        });
        Ok(found
            .into_iter()
            .map(|(id, kind, council)| StoredCouncil { id, kind, council })
            .collect())
    }

    /// A project's reviews in the order they were held, with their
    /// opinions and tasks.
    pub async fn research_reviews(&self, project_id: i64) -> Result<Vec<StoredReview>, StoreError> {
        let sql = "SELECT id, council_id, held_on, state, check_sheet, verdict, conclusion \
                   FROM research_reviews WHERE project_id = $1 ORDER BY held_on, id";
        let found: Vec<ReviewTuple> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(project_id).fetch_all(pool).await?
        });
        let mut reviews = Vec::with_capacity(found.len());
        for t in found {
            let opinions: Vec<(String, Option<i64>, String)> = on_pool!(self, pool => {
                sqlx::query_as(
                    "SELECT person_key, score, opinion FROM research_review_opinions \
                     WHERE review_id = $1 ORDER BY position",
                )
                .bind(t.0)
                .fetch_all(pool)
                .await?
            });
            let tasks: Vec<(i64, String, String, NaiveDate, String, Option<NaiveDate>)> = on_pool!(self, pool => {
                sqlx::query_as(
                    "SELECT id, title, owner_key, deadline, status, closed_on FROM research_tasks \
                     WHERE review_id = $1 ORDER BY position",
                )
                .bind(t.0)
                .fetch_all(pool)
                .await?
            });
            reviews.push(StoredReview {
                id: t.0,
                council_id: t.1,
                held_on: t.2,
                state: t.3,
                check_sheet: t.4,
                verdict: t.5,
                conclusion: t.6,
                opinions: opinions
                    .into_iter()
                    .map(|(person_key, score, opinion)| StoredOpinion {
                        person_key,
                        score,
                        opinion,
                    })
                    .collect(),
                tasks: tasks
                    .into_iter()
                    .map(|t| StoredTask {
                        id: t.0,
                        title: t.1,
                        owner_key: t.2,
                        deadline: t.3,
                        status: t.4,
                        closed_on: t.5,
                    })
                    .collect(),
            });
        }
        Ok(reviews)
    }
}

impl WriteTx {
    /// Stores a progress report; `Duplicate` when the period has one.
    pub async fn insert_research_progress(
        &mut self,
        project_id: i64,
        period_end: NaiveDate,
        report: &str,
        now: i64,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        Ok(on_tx!(self.inner, t => {
            let tx = &mut **t;
            let exists: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM research_progress_reports WHERE project_id = $1 AND period_end = $2",
            )
            .bind(project_id)
            .bind(period_end)
            .fetch_optional(&mut *tx)
            .await?;
            if exists.is_some() {
                return Err(StoreError::Duplicate(format!("progress report of {period_end}")));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO research_progress_reports (project_id, period_end, report, recorded_at) \
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(project_id)
            .bind(period_end)
            .bind(report)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::from(e).created_meanwhile())?;
            crate::audit::insert_audit!(tx, audit);
            id
        }))
    }

    pub async fn insert_research_council(
        &mut self,
        project_id: i64,
        write: &CouncilWrite<'_>,
        now: i64,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        Ok(on_tx!(self.inner, t => {
            let tx = &mut **t;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO research_councils (project_id, kind, established_on, council, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(project_id)
            .bind(write.kind)
            .bind(write.established_on)
            .bind(write.council)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            crate::audit::insert_audit!(tx, audit);
            id
        }))
    }

    /// Stores a council's review with its opinions and tasks; `Duplicate`
    /// when the council has recorded one.
    pub async fn insert_research_review(
        &mut self,
        project_id: i64,
        write: &ReviewWrite<'_>,
        now: i64,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        let id = on_tx!(self.inner, t => {
            let tx = &mut **t;
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT id FROM research_reviews WHERE council_id = $1")
                    .bind(write.council_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if exists.is_some() {
                return Err(StoreError::Duplicate(format!("review of council {}", write.council_id)));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO research_reviews (council_id, project_id, held_on, state, check_sheet, \
                 verdict, conclusion, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(write.council_id)
            .bind(project_id)
            .bind(write.held_on)
            .bind(write.state)
            .bind(write.check_sheet)
            .bind(write.verdict)
            .bind(write.conclusion)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::from(e).created_meanwhile())?;
            for (position, task) in write.tasks.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO research_tasks (review_id, position, title, owner_key, deadline, status) \
                     VALUES ($1, $2, $3, $4, $5, 'open')",
                )
                .bind(id)
                .bind(i64::try_from(position).unwrap_or(i64::MAX))
                .bind(&task.title)
                .bind(&task.owner_key)
                .bind(task.deadline)
                .execute(&mut *tx)
                .await?;
            }
            crate::audit::insert_audit!(tx, audit);
            id
        });
        for opinion in write.opinions {
            self.insert_research_opinion(id, opinion, &[]).await?;
        }
        Ok(id)
    }

    /// Adds one member's opinion; `Duplicate` when the member has one.
    pub async fn insert_research_opinion(
        &mut self,
        review_id: i64,
        opinion: &OpinionWrite,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            let exists: Option<i64> = sqlx::query_scalar(
                "SELECT position FROM research_review_opinions WHERE review_id = $1 AND person_key = $2",
            )
            .bind(review_id)
            .bind(&opinion.person_key)
            .fetch_optional(&mut *tx)
            .await?;
            if exists.is_some() {
                return Err(StoreError::Duplicate(format!("opinion of {}", opinion.person_key)));
            }
            let position: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM research_review_opinions WHERE review_id = $1",
            )
            .bind(review_id)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO research_review_opinions (review_id, person_key, score, opinion, position) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(review_id)
            .bind(&opinion.person_key)
            .bind(opinion.score)
            .bind(&opinion.opinion)
            .bind(position)
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from(e).created_meanwhile())?;
            crate::audit::insert_audit!(tx, audit);
        });
        Ok(())
    }

    /// Closes or reopens a council's request of `review_id`; `NotFound`
    /// when the task is not the review's.
    pub async fn set_research_task(
        &mut self,
        review_id: i64,
        task_id: i64,
        status: &str,
        closed_on: Option<NaiveDate>,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            let changed = sqlx::query(
                "UPDATE research_tasks SET status = $1, closed_on = $2 WHERE id = $3 AND review_id = $4",
            )
            .bind(status)
            .bind(closed_on)
            .bind(task_id)
            .bind(review_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed != 1 {
                return Err(StoreError::NotFound(format!("task {task_id}")));
            }
            crate::audit::insert_audit!(tx, audit);
        });
        Ok(())
    }
}
