//! Reading a campaign's answers and participation. Responses come in the
//! order of their random ids, the only order the tables know.

use chibo_domain::UnitCode;

use crate::{Store, StoreError, on_pool, rows};

/// One response: the cell it came from and its `(item, value)` pairs, by
/// item name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub id: String,
    pub cell: UnitCode,
    pub answers: Vec<(String, String)>,
}

impl Store {
    /// Every response of a campaign, ordered by random id.
    pub async fn survey_responses(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<StoredResponse>, StoreError> {
        // One row per answer; a response without answers (all optional
        // items skipped) still comes through the outer join.
        let sql = "SELECT r.id, u.code, a.item, a.value FROM survey_responses r \
                   JOIN units u ON u.id = r.cell_id \
                   LEFT JOIN survey_answers a ON a.response_id = r.id \
                   WHERE r.campaign_id = $1 ORDER BY r.id, a.item";
        let found: Vec<(String, String, Option<String>, Option<String>)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(campaign_id).fetch_all(pool).await?
        });
        let mut out: Vec<StoredResponse> = Vec::new();
        for (id, cell, item, value) in found {
            if out.last().is_none_or(|r| r.id != id) {
                out.push(StoredResponse {
                    id: id.clone(),
                    cell: rows::unit_code(&cell)?,
                    answers: Vec::new(),
                });
            }
            if let (Some(item), Some(value), Some(last)) = (item, value, out.last_mut()) {
                last.answers.push((item, value));
            }
        }
        Ok(out)
    }

    /// How many responses each cell of a campaign gave, by cell code.
    pub async fn survey_participation(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<(UnitCode, i64)>, StoreError> {
        let sql = "SELECT u.code, p.responses FROM survey_participation p \
                   JOIN units u ON u.id = p.cell_id WHERE p.campaign_id = $1 ORDER BY u.code";
        let found: Vec<(String, i64)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(campaign_id).fetch_all(pool).await?
        });
        found
            .into_iter()
            .map(|(cell, n)| Ok((rows::unit_code(&cell)?, n)))
            .collect()
    }
}
