//! The members each cell of a campaign counted when it closed (migration
//! 0016): the denominator of its response rates, kept so that later
//! changes to the rosters never move a closed campaign's rates.

use chibo_domain::{NaiveDate, UnitCode};

use crate::write_tx::on_tx;
use crate::{AuditEntry, Store, StoreError, on_pool, rows};

/// Members of each cell of a campaign on one day, by cell code; cells
/// without members count 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignRosters {
    pub roster_on: NaiveDate,
    pub cells: Vec<(UnitCode, i64)>,
}

/// Members of a cell on `$2`: their cell periods holding that day (full
/// and probationary members alike, exempted ones too: each may answer).
const MEMBERS_ON: &str = "(SELECT COUNT(*) FROM member_cells m WHERE m.unit_id = s.cell_id \
     AND m.valid_from <= $2 AND (m.valid_to IS NULL OR m.valid_to > $2))";

impl Store {
    /// Closes an open campaign and records each of its cells' members on
    /// `roster_on`, in one transaction; `Conflict` when the campaign is not
    /// open any more.
    pub async fn close_survey_campaign(
        &self,
        id: i64,
        roster_on: NaiveDate,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        tx.set_survey_campaign_state(id, "open", "closed", audit)
            .await?;
        let sql = format!(
            "INSERT INTO survey_campaign_rosters (campaign_id, cell_id, roster_on, members) \
             SELECT s.campaign_id, s.cell_id, $2, {MEMBERS_ON} \
             FROM survey_campaign_cells s WHERE s.campaign_id = $1"
        );
        on_tx!(tx.inner, t => {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(id)
                .bind(roster_on)
                .execute(&mut **t)
                .await?;
        });
        tx.commit().await
    }

    /// The rosters recorded when the campaign closed; `None` for a
    /// campaign not closed, or closed before they were recorded.
    pub async fn survey_campaign_rosters(
        &self,
        id: i64,
    ) -> Result<Option<CampaignRosters>, StoreError> {
        let sql = "SELECT u.code, r.roster_on, r.members FROM survey_campaign_rosters r \
                   JOIN units u ON u.id = r.cell_id WHERE r.campaign_id = $1 ORDER BY u.code";
        let found: Vec<(String, NaiveDate, i64)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(id).fetch_all(pool).await?
        });
        let Some(roster_on) = found.first().map(|r| r.1) else {
            return Ok(None);
        };
        let cells = found
            .into_iter()
            .map(|(code, _, n)| Ok((rows::unit_code(&code)?, n)))
            .collect::<Result<_, StoreError>>()?;
        Ok(Some(CampaignRosters { roster_on, cells }))
    }

    /// Each campaign cell's members on `day`, read now (for a campaign
    /// closed before rosters were recorded).
    pub async fn survey_campaign_members_on(
        &self,
        id: i64,
        day: NaiveDate,
    ) -> Result<CampaignRosters, StoreError> {
        let sql = format!(
            "SELECT u.code, {MEMBERS_ON} FROM survey_campaign_cells s \
             JOIN units u ON u.id = s.cell_id WHERE s.campaign_id = $1 ORDER BY u.code"
        );
        let found: Vec<(String, i64)> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(id)
                .bind(day)
                .fetch_all(pool)
                .await?
        });
        let cells = found
            .into_iter()
            .map(|(code, n)| Ok((rows::unit_code(&code)?, n)))
            .collect::<Result<_, StoreError>>()?;
        Ok(CampaignRosters {
            roster_on: day,
            cells,
        })
    }
}
