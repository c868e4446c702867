//! One-time codes (stored as hashes) and the submission that uses one.

use chibo_domain::{NaiveDate, UnitCode};

use crate::write_tx::on_tx;
use crate::{AuditEntry, Store, StoreError, on_pool, rows};

/// A code to store: its cell and the hash of the code handed out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSurveyCode {
    pub cell: UnitCode,
    pub code_hash: String,
}

/// A printed slip as staff see it afterwards: its number and cell, never
/// the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveySlip {
    pub slip: i64,
    pub cell: UnitCode,
    pub used: bool,
}

/// What a code's hash leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyCodeState {
    pub campaign_id: i64,
    pub cell: UnitCode,
    pub used: bool,
}

/// The outcome of a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    Stored,
    /// The code was unknown, used already, or its campaign was not open
    /// on the day: nothing written.
    Refused,
}

impl Store {
    /// Stores codes for a campaign, numbering their slips after the ones
    /// it has; returns the slip numbers in the order of `codes`.
    pub async fn insert_survey_codes(
        &self,
        campaign_id: i64,
        codes: &[NewSurveyCode],
        audit: &[AuditEntry],
    ) -> Result<Vec<i64>, StoreError> {
        let mut tx = self.begin_write().await?;
        let slips = on_tx!(tx.inner, t => {
            let tx = &mut **t;
            // Taking the campaign's row first makes concurrent generations
            // for one campaign number their slips one after the other.
            let locked = sqlx::query("UPDATE survey_campaigns SET state = state WHERE id = $1 AND state <> 'closed'")
                .bind(campaign_id)
                .execute(&mut *tx)
                .await?;
            if locked.rows_affected() != 1 {
                return Err(StoreError::Conflict);
            }
            let last: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(slip), 0) FROM survey_codes WHERE campaign_id = $1",
            )
            .bind(campaign_id)
            .fetch_one(&mut *tx)
            .await?;
            let cells: Vec<&str> = codes.iter().map(|c| c.cell.as_str()).collect();
            let ids = crate::unit_ids!(tx, cells);
            let mut slips = Vec::with_capacity(codes.len());
            for (offset, chunk) in codes.chunks(crate::rows_per_insert(4)).enumerate() {
                let first = last + 1 + (offset * crate::rows_per_insert(4)) as i64;
                let mut rows_of = Vec::with_capacity(chunk.len());
                for (i, code) in chunk.iter().enumerate() {
                    rows_of.push((first + i as i64, crate::org::id_of(&ids, &code.cell)?, code));
                }
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO survey_codes (campaign_id, cell_id, slip, code_hash) ",
                );
                query.push_values(&rows_of, |mut row, (slip, cell_id, code)| {
                    row.push_bind(campaign_id)
                        .push_bind(*cell_id)
                        .push_bind(*slip)
                        .push_bind(code.code_hash.as_str());
                });
                query
                    .build()
                    .persistent(false)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| StoreError::from(e).created_meanwhile())?;
                slips.extend(rows_of.iter().map(|(slip, _, _)| *slip));
            }
            crate::audit::insert_audit!(tx, audit);
            slips
        });
        tx.commit().await?;
        Ok(slips)
    }

    /// A campaign's slips by number.
    pub async fn survey_slips(&self, campaign_id: i64) -> Result<Vec<SurveySlip>, StoreError> {
        let sql = "SELECT s.slip, u.code, s.used FROM survey_codes s JOIN units u ON u.id = s.cell_id \
                   WHERE s.campaign_id = $1 ORDER BY s.slip";
        let found: Vec<(i64, String, bool)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(campaign_id).fetch_all(pool).await?
        });
        found
            .into_iter()
            .map(|(slip, cell, used)| {
                Ok(SurveySlip {
                    slip,
                    cell: rows::unit_code(&cell)?,
                    used,
                })
            })
            .collect()
    }

    /// The campaign and cell of a code, by the code's hash.
    pub async fn survey_code(
        &self,
        code_hash: &str,
    ) -> Result<Option<SurveyCodeState>, StoreError> {
        let sql = "SELECT s.campaign_id, u.code, s.used FROM survey_codes s \
                   JOIN units u ON u.id = s.cell_id WHERE s.code_hash = $1";
        let found: Option<(i64, String, bool)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(code_hash).fetch_optional(pool).await?
        });
        found
            .map(|(campaign_id, cell, used)| {
                Ok(SurveyCodeState {
                    campaign_id,
                    cell: rows::unit_code(&cell)?,
                    used,
                })
            })
            .transpose()
    }

    /// Uses a code and stores the answers given with it, in one
    /// transaction: the code is claimed by a conditional update (unused,
    /// its campaign open and `today` within its dates), so of two
    /// submissions with one code exactly one gets past it. The response
    /// row takes `response_id` (random, made by the caller) and the code's
    /// campaign and cell, nothing else; the cell's participation count
    /// grows. No audit entry: it would tie a time to an answer.
    pub async fn submit_survey_response(
        &self,
        code_hash: &str,
        today: NaiveDate,
        response_id: &str,
        answers: &[(String, String)],
    ) -> Result<Submitted, StoreError> {
        let mut tx = self.begin_write().await?;
        let claimed: Option<(i64, i64)> = on_tx!(tx.inner, t => {
            let tx = &mut **t;
            let claimed: Option<(i64, i64)> = sqlx::query_as(
                "UPDATE survey_codes SET used = TRUE WHERE code_hash = $1 AND used = FALSE \
                   AND campaign_id IN (SELECT id FROM survey_campaigns \
                     WHERE state = 'open' AND opens_on <= $2 AND closes_on >= $2) \
                 RETURNING campaign_id, cell_id",
            )
            .bind(code_hash)
            .bind(today)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((campaign_id, cell_id)) = claimed {
                sqlx::query("INSERT INTO survey_responses (id, campaign_id, cell_id) VALUES ($1, $2, $3)")
                    .bind(response_id)
                    .bind(campaign_id)
                    .bind(cell_id)
                    .execute(&mut *tx)
                    .await?;
                if !answers.is_empty() {
                    let mut query = sqlx::QueryBuilder::new(
                        "INSERT INTO survey_answers (response_id, item, value) ",
                    );
                    query.push_values(answers, |mut row, (item, value)| {
                        row.push_bind(response_id)
                            .push_bind(item.as_str())
                            .push_bind(value.as_str());
                    });
                    query.build().persistent(false).execute(&mut *tx).await?;
                }
                sqlx::query(
                    "INSERT INTO survey_participation (campaign_id, cell_id, responses) VALUES ($1, $2, 1) \
                     ON CONFLICT (campaign_id, cell_id) DO UPDATE \
                     SET responses = survey_participation.responses + 1",
                )
                .bind(campaign_id)
                .bind(cell_id)
                .execute(&mut *tx)
                .await?;
            }
            claimed
        });
        if claimed.is_some() {
            tx.commit().await?;
            Ok(Submitted::Stored)
        } else {
            tx.rollback().await?;
            Ok(Submitted::Refused)
        }
    }
}
