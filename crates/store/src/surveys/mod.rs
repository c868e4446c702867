//! Member surveys (migration 0014): instrument versions and campaigns here;
//! `codes` holds the one-time codes and the submission that uses one,
//! `responses` the reads of answers and participation, `imports` the
//! answers of a file imported whole (migration 0015), `rosters` the
//! members each cell counted when its campaign closed (migration 0016).
//!
//! The answer tables are written only by `codes::submit_survey_response`
//! and `imports::import_survey_answers`, and read only ordered by their random ids: nothing here may give them a
//! column, an order or a log line that points back to a person or a time.

mod codes;
mod imports;
mod responses;
mod rosters;

pub use codes::{NewSurveyCode, Submitted, SurveyCodeState, SurveySlip};
pub use imports::{AnswersImported, ImportedResponse};
pub use responses::StoredResponse;
pub use rosters::CampaignRosters;

use chibo_domain::{NaiveDate, UnitCode};

use crate::write_tx::on_tx;
use crate::{AuditEntry, Store, StoreError, WriteTx, on_pool, rows};

/// A stored instrument version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredInstrument {
    pub id: i64,
    pub form_id: String,
    pub version: String,
    pub title: String,
    /// The instrument as canonical JSON (`domain::survey::Instrument`).
    pub json: String,
    pub is_default: bool,
    pub created_on: NaiveDate,
    /// Campaigns that run this version: when above zero it is in use.
    pub campaigns: i64,
}

/// Which cells a campaign asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveySampling {
    AllCells,
    /// A sample stratified by sector, drawn from `seed`, `per_stratum`
    /// cells per sector (all of a smaller sector).
    Stratified {
        seed: i64,
        per_stratum: i64,
    },
}

/// A campaign to create.
#[derive(Debug, Clone, Copy)]
pub struct CampaignWrite<'a> {
    pub unit: &'a UnitCode,
    pub instrument_id: i64,
    pub title: &'a str,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub sampling: SurveySampling,
    pub cells: &'a [UnitCode],
    pub created_on: NaiveDate,
}

/// A stored campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCampaign {
    pub id: i64,
    pub unit: UnitCode,
    pub instrument_id: i64,
    pub title: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// `draft`, `open` or `closed`.
    pub state: String,
    pub sampling: SurveySampling,
    pub created_on: NaiveDate,
}

const INSTRUMENT_COLUMNS: &str = "i.id, i.form_id, i.version, i.title, i.instrument, i.is_default, \
     i.created_on, (SELECT COUNT(*) FROM survey_campaigns c WHERE c.instrument_id = i.id)";

type InstrumentRow = (i64, String, String, String, String, bool, NaiveDate, i64);

fn instrument(row: InstrumentRow) -> StoredInstrument {
    let (id, form_id, version, title, json, is_default, created_on, campaigns) = row;
    StoredInstrument {
        id,
        form_id,
        version,
        title,
        json,
        is_default,
        created_on,
        campaigns,
    }
}

const CAMPAIGN_COLUMNS: &str = "c.id, u.code, c.instrument_id, c.title, c.opens_on, c.closes_on, \
     c.state, c.sample_seed, c.sample_per_stratum, c.created_on";

type CampaignRow = (
    i64,
    String,
    i64,
    String,
    NaiveDate,
    NaiveDate,
    String,
    Option<i64>,
    Option<i64>,
    NaiveDate,
);

fn campaign(row: CampaignRow) -> Result<StoredCampaign, StoreError> {
    let (id, unit, instrument_id, title, opens_on, closes_on, state, seed, per_stratum, created_on) =
        row;
    Ok(StoredCampaign {
        id,
        unit: rows::unit_code(&unit)?,
        instrument_id,
        title,
        opens_on,
        closes_on,
        state,
        sampling: match seed {
            Some(seed) => SurveySampling::Stratified {
                seed,
                per_stratum: per_stratum.unwrap_or_default(),
            },
            None => SurveySampling::AllCells,
        },
        created_on,
    })
}

impl Store {
    /// Stores a new instrument version; `Duplicate` when the form id and
    /// version exist already (a stored version is never replaced).
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_survey_instrument(
        &self,
        form_id: &str,
        version: &str,
        title: &str,
        json: &str,
        is_default: bool,
        created_on: NaiveDate,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = on_tx!(tx.inner, t => {
            let tx = &mut **t;
            let exists: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM survey_instruments WHERE form_id = $1 AND version = $2",
            )
            .bind(form_id)
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
            if exists.is_some() {
                return Err(StoreError::Duplicate(format!("survey instrument {form_id} {version}")));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO survey_instruments (form_id, version, title, instrument, is_default, created_on) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(form_id)
            .bind(version)
            .bind(title)
            .bind(json)
            .bind(is_default)
            .bind(created_on)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::from(e).created_meanwhile())?;
            crate::audit::insert_audit!(tx, audit);
            id
        });
        tx.commit().await?;
        Ok(id)
    }

    /// Every instrument version, by form id and version.
    pub async fn survey_instruments(&self) -> Result<Vec<StoredInstrument>, StoreError> {
        let sql = format!(
            "SELECT {INSTRUMENT_COLUMNS} FROM survey_instruments i ORDER BY i.form_id, i.version"
        );
        let found: Vec<InstrumentRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await?
        });
        Ok(found.into_iter().map(instrument).collect())
    }

    pub async fn survey_instrument(&self, id: i64) -> Result<Option<StoredInstrument>, StoreError> {
        let sql = format!("SELECT {INSTRUMENT_COLUMNS} FROM survey_instruments i WHERE i.id = $1");
        let found: Option<InstrumentRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?
        });
        Ok(found.map(instrument))
    }

    pub async fn survey_instrument_version(
        &self,
        form_id: &str,
        version: &str,
    ) -> Result<Option<StoredInstrument>, StoreError> {
        let sql = format!(
            "SELECT {INSTRUMENT_COLUMNS} FROM survey_instruments i \
             WHERE i.form_id = $1 AND i.version = $2"
        );
        let found: Option<InstrumentRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(form_id)
                .bind(version)
                .fetch_optional(pool)
                .await?
        });
        Ok(found.map(instrument))
    }

    /// Stores a campaign (state `draft`) with its cells; returns its id.
    pub async fn insert_survey_campaign(
        &self,
        write: &CampaignWrite<'_>,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        let (seed, per_stratum) = match write.sampling {
            SurveySampling::AllCells => (None, None),
            SurveySampling::Stratified { seed, per_stratum } => (Some(seed), Some(per_stratum)),
        };
        let mut tx = self.begin_write().await?;
        let id = on_tx!(tx.inner, t => {
            let tx = &mut **t;
            let mut codes: Vec<&str> = write.cells.iter().map(UnitCode::as_str).collect();
            codes.push(write.unit.as_str());
            let ids = crate::unit_ids!(tx, codes);
            let unit_id = crate::org::id_of(&ids, write.unit)?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO survey_campaigns (unit_id, instrument_id, title, opens_on, closes_on, state, \
                   sampling, sample_seed, sample_per_stratum, created_on) \
                 VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9) RETURNING id",
            )
            .bind(unit_id)
            .bind(write.instrument_id)
            .bind(write.title)
            .bind(write.opens_on)
            .bind(write.closes_on)
            .bind(if seed.is_some() { "stratified" } else { "all" })
            .bind(seed)
            .bind(per_stratum)
            .bind(write.created_on)
            .fetch_one(&mut *tx)
            .await?;
            for chunk in write.cells.chunks(crate::rows_per_insert(2)) {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO survey_campaign_cells (campaign_id, cell_id) ",
                );
                let mut failed = None;
                query.push_values(chunk, |mut row, cell| {
                    match crate::org::id_of(&ids, cell) {
                        Ok(cell_id) => {
                            row.push_bind(id).push_bind(cell_id);
                        }
                        Err(e) => failed = Some(e),
                    }
                });
                if let Some(e) = failed {
                    return Err(e);
                }
                query.build().persistent(false).execute(&mut *tx).await?;
            }
            let keyed = crate::audit::keyed_to(audit, id);
            crate::audit::insert_audit!(tx, &keyed);
            id
        });
        tx.commit().await?;
        Ok(id)
    }

    pub async fn survey_campaign(&self, id: i64) -> Result<Option<StoredCampaign>, StoreError> {
        let sql = format!(
            "SELECT {CAMPAIGN_COLUMNS} FROM survey_campaigns c JOIN units u ON u.id = c.unit_id \
             WHERE c.id = $1"
        );
        let found: Option<CampaignRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?
        });
        found.map(campaign).transpose()
    }

    /// The campaigns a unit runs, newest first.
    pub async fn survey_campaigns_of(
        &self,
        unit: &UnitCode,
    ) -> Result<Vec<StoredCampaign>, StoreError> {
        let sql = format!(
            "SELECT {CAMPAIGN_COLUMNS} FROM survey_campaigns c JOIN units u ON u.id = c.unit_id \
             WHERE u.code = $1 ORDER BY c.opens_on DESC, c.id DESC"
        );
        let found: Vec<CampaignRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(unit.as_str()).fetch_all(pool).await?
        });
        found.into_iter().map(campaign).collect()
    }

    /// The cells a campaign asks, by code.
    pub async fn survey_campaign_cells(&self, id: i64) -> Result<Vec<UnitCode>, StoreError> {
        let sql = "SELECT u.code FROM survey_campaign_cells s JOIN units u ON u.id = s.cell_id \
                   WHERE s.campaign_id = $1 ORDER BY u.code";
        let found: Vec<String> = on_pool!(self, pool => {
            sqlx::query_scalar(sql).bind(id).fetch_all(pool).await?
        });
        found.iter().map(|c| rows::unit_code(c)).collect()
    }

    /// Moves a campaign from state `from` to `to`; `Conflict` when it is
    /// not in `from` any more (someone else moved it). Closing also
    /// rewrites the campaign's codes, responses and answers in this one
    /// transaction: on PostgreSQL each row's hidden `xmin` then names the
    /// closing transaction, no longer the submission that wrote it (which
    /// would match a used code's to its response, and order responses).
    pub async fn set_survey_campaign_state(
        &self,
        id: i64,
        from: &str,
        to: &str,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        tx.set_survey_campaign_state(id, from, to, audit).await?;
        tx.commit().await
    }
}

impl WriteTx {
    async fn set_survey_campaign_state(
        &mut self,
        id: i64,
        from: &str,
        to: &str,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            let moved = sqlx::query("UPDATE survey_campaigns SET state = $3 WHERE id = $1 AND state = $2")
                .bind(id)
                .bind(from)
                .bind(to)
                .execute(&mut *tx)
                .await?;
            if moved.rows_affected() != 1 {
                return Err(StoreError::Conflict);
            }
            if to == "closed" {
                for sql in [
                    "UPDATE survey_codes SET used = used WHERE campaign_id = $1",
                    "UPDATE survey_responses SET cell_id = cell_id WHERE campaign_id = $1",
                    "UPDATE survey_answers SET value = value WHERE response_id IN \
                       (SELECT id FROM survey_responses WHERE campaign_id = $1)",
                ] {
                    sqlx::query(sql).bind(id).execute(&mut *tx).await?;
                }
            }
            crate::audit::insert_audit!(tx, audit);
        });
        Ok(())
    }
}
