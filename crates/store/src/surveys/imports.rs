//! Answers imported from a file (migration 0015): every response of the
//! file, its participation counts and the file's hash, written in one
//! transaction or not at all.

use chibo_domain::UnitCode;

use crate::write_tx::on_tx;
use crate::{AuditEntry, Store, StoreError};

/// One imported response: a random id made by the caller, the cell it
/// came from and its canonical `(item, value)` pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedResponse {
    pub id: String,
    pub cell: UnitCode,
    pub answers: Vec<(String, String)>,
}

/// The outcome of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswersImported {
    Stored,
    /// The campaign was not open when the transaction took it: nothing
    /// written.
    NotOpen,
    /// The campaign already took a file with these bytes: nothing written.
    SameFile,
}

impl Store {
    /// Stores `responses` in the order given (the caller shuffles them:
    /// PostgreSQL keeps rows in insertion order on disk), adds their
    /// counts to each cell's participation and records `file_sha256` for
    /// the campaign, in one transaction. The campaign's row is taken first
    /// so that a concurrent close waits for the import or refuses it.
    pub async fn import_survey_answers(
        &self,
        campaign_id: i64,
        file_sha256: &str,
        responses: &[ImportedResponse],
        audit: &[AuditEntry],
    ) -> Result<AnswersImported, StoreError> {
        let mut tx = self.begin_write().await?;
        let outcome = on_tx!(tx.inner, t => {
            let tx = &mut **t;
            let locked = sqlx::query("UPDATE survey_campaigns SET state = state WHERE id = $1 AND state = 'open'")
                .bind(campaign_id)
                .execute(&mut *tx)
                .await?;
            if locked.rows_affected() != 1 {
                AnswersImported::NotOpen
            } else {
                let recorded = sqlx::query(
                    "INSERT INTO survey_answer_imports (campaign_id, file_sha256) VALUES ($1, $2) \
                     ON CONFLICT (campaign_id, file_sha256) DO NOTHING",
                )
                .bind(campaign_id)
                .bind(file_sha256)
                .execute(&mut *tx)
                .await?;
                if recorded.rows_affected() != 1 {
                    AnswersImported::SameFile
                } else {
                    let mut cells: Vec<&str> = responses.iter().map(|r| r.cell.as_str()).collect();
                    cells.sort_unstable();
                    cells.dedup();
                    let ids = crate::unit_ids!(tx, cells.clone());
                    let mut counts: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
                    let mut rows_of = Vec::with_capacity(responses.len());
                    for response in responses {
                        let cell_id = crate::org::id_of(&ids, &response.cell)?;
                        *counts.entry(cell_id).or_default() += 1;
                        rows_of.push((response.id.as_str(), cell_id));
                    }
                    for chunk in rows_of.chunks(crate::rows_per_insert(3)) {
                        let mut query = sqlx::QueryBuilder::new(
                            "INSERT INTO survey_responses (id, campaign_id, cell_id) ",
                        );
                        query.push_values(chunk, |mut row, (id, cell_id)| {
                            row.push_bind(*id).push_bind(campaign_id).push_bind(*cell_id);
                        });
                        query.build().persistent(false).execute(&mut *tx).await?;
                    }
                    let answers: Vec<(&str, &str, &str)> = responses
                        .iter()
                        .flat_map(|r| {
                            r.answers
                                .iter()
                                .map(move |(item, value)| (r.id.as_str(), item.as_str(), value.as_str()))
                        })
                        .collect();
                    for chunk in answers.chunks(crate::rows_per_insert(3)) {
                        let mut query = sqlx::QueryBuilder::new(
                            "INSERT INTO survey_answers (response_id, item, value) ",
                        );
                        query.push_values(chunk, |mut row, (id, item, value)| {
                            row.push_bind(*id).push_bind(*item).push_bind(*value);
                        });
                        query.build().persistent(false).execute(&mut *tx).await?;
                    }
                    for (cell_id, n) in counts {
                        sqlx::query(
                            "INSERT INTO survey_participation (campaign_id, cell_id, responses) VALUES ($1, $2, $3) \
                             ON CONFLICT (campaign_id, cell_id) DO UPDATE \
                             SET responses = survey_participation.responses + $3",
                        )
                        .bind(campaign_id)
                        .bind(cell_id)
                        .bind(n)
                        .execute(&mut *tx)
                        .await?;
                    }
                    crate::audit::insert_audit!(tx, audit);
                    AnswersImported::Stored
                }
            }
        });
        if outcome == AnswersImported::Stored {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        Ok(outcome)
    }
}
