//! The rollout of a meeting model (migration 0021): waves with the units
//! they list and the cells they target on their start date, and the reads
//! adoption needs: the model and steps a meeting's record names, from the
//! minutes' JSON, for the targeted cells only.

use std::collections::BTreeMap;

use chibo_domain::meeting::MeetingKind;
use chibo_domain::meeting_model::StepRecord;
use chibo_domain::{NaiveDate, UnitCode};

use crate::write_tx::on_tx;
use crate::{AuditEntry, Store, StoreError, WriteTx, on_pool, rows};

/// A new wave; `cells` are the targeted cells resolved on `starts_on`.
#[derive(Debug)]
pub struct WaveWrite<'a> {
    pub owner: &'a UnitCode,
    pub name: &'a str,
    pub model_version: &'a str,
    pub starts_on: NaiveDate,
    pub units: &'a [UnitCode],
    pub cells: &'a [UnitCode],
    pub is_demo: bool,
    pub now: i64,
}

/// A stored wave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredWave {
    pub id: i64,
    pub owner: UnitCode,
    pub name: String,
    pub model_version: String,
    pub starts_on: NaiveDate,
    /// As listed.
    pub units: Vec<UnitCode>,
    /// Targeted, in code order.
    pub cells: Vec<UnitCode>,
    pub is_demo: bool,
}

/// What a held meeting's record says of the model it followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelMeeting {
    pub cell: UnitCode,
    pub held_on: NaiveDate,
    pub kind: MeetingKind,
    pub model: Option<(String, u32)>,
    pub steps: Vec<StepRecord>,
}

/// The two fields of the minutes' JSON adoption reads.
#[derive(serde::Deserialize)]
struct ModelPart {
    #[serde(default)]
    model: Option<(String, u32)>,
    #[serde(default)]
    steps: Vec<StepRecord>,
}

/// Cells per statement: below every backend's bound on parameters.
const CELLS_PER_STATEMENT: usize = 1_000;

impl Store {
    /// Every wave, oldest first (a city has a handful).
    pub async fn rollout_waves(&self) -> Result<Vec<StoredWave>, StoreError> {
        type Head = (i64, String, String, String, NaiveDate, bool);
        let heads: Vec<Head> = on_pool!(self, pool => sqlx::query_as(
            "SELECT w.id, u.code, w.name, w.model_version, w.starts_on, w.is_demo \
             FROM rollout_waves w JOIN units u ON u.id = w.owner_id ORDER BY w.starts_on, w.id",
        )
        .fetch_all(pool)
        .await?);
        let listed: Vec<(i64, String)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT l.wave_id, u.code FROM rollout_wave_units l JOIN units u ON u.id = l.unit_id \
             ORDER BY l.wave_id, l.position",
        )
        .fetch_all(pool)
        .await?);
        let targeted: Vec<(i64, String)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT c.wave_id, u.code FROM rollout_wave_cells c JOIN units u ON u.id = c.unit_id \
             ORDER BY c.wave_id, u.code",
        )
        .fetch_all(pool)
        .await?);
        let mut units: BTreeMap<i64, Vec<UnitCode>> = BTreeMap::new();
        for (wave, code) in listed {
            units.entry(wave).or_default().push(rows::unit_code(&code)?);
        }
        let mut cells: BTreeMap<i64, Vec<UnitCode>> = BTreeMap::new();
        for (wave, code) in targeted {
            cells.entry(wave).or_default().push(rows::unit_code(&code)?);
        }
        heads
            .into_iter()
            .map(|(id, owner, name, model_version, starts_on, is_demo)| {
                Ok(StoredWave {
                    id,
                    owner: rows::unit_code(&owner)?,
                    name,
                    model_version,
                    starts_on,
                    units: units.remove(&id).unwrap_or_default(),
                    cells: cells.remove(&id).unwrap_or_default(),
                    is_demo,
                })
            })
            .collect()
    }

    /// The held meetings of `cells` from `from` to `to` with the model and
    /// steps their records name, in cell and date order.
    pub async fn model_meetings(
        &self,
        cells: &[UnitCode],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ModelMeeting>, StoreError> {
        let mut found = Vec::new();
        for chunk in cells.chunks(CELLS_PER_STATEMENT) {
            let placeholders: Vec<String> = (3..chunk.len() + 3).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT u.code, m.held_on, m.kind, m.minutes FROM meetings m \
                 JOIN units u ON u.id = m.unit_id WHERE m.status <> 'planned' \
                 AND m.held_on IS NOT NULL AND m.held_on >= $1 AND m.held_on <= $2 \
                 AND u.code IN ({}) ORDER BY u.code, m.held_on, m.id",
                placeholders.join(", ")
            );
            let rows: Vec<(String, NaiveDate, String, String)> = on_pool!(self, pool => {
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(from).bind(to);
                for cell in chunk {
                    query = query.bind(cell.as_str());
                }
                query.persistent(false).fetch_all(pool).await?
            });
            for (code, held_on, kind, minutes) in rows {
                let part: ModelPart = serde_json::from_str(&minutes)
                    .map_err(|e| StoreError::Corrupt(format!("meeting minutes ({e})")))?;
                found.push(ModelMeeting {
                    cell: rows::unit_code(&code)?,
                    held_on,
                    kind: MeetingKind::parse(&kind)
                        .ok_or_else(|| StoreError::Corrupt(format!("meeting kind {kind}")))?,
                    model: part.model,
                    steps: part.steps,
                });
            }
        }
        Ok(found)
    }
}

impl WriteTx {
    /// Stores a wave with its units and cells; returns its id. A cell
    /// already in a wave of the same model is refused as `Duplicate`
    /// naming the cell.
    pub async fn insert_rollout_wave(
        &mut self,
        write: &WaveWrite<'_>,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        let mut codes: Vec<&str> = vec![write.owner.as_str()];
        codes.extend(write.units.iter().map(UnitCode::as_str));
        codes.extend(write.cells.iter().map(UnitCode::as_str));
        let ids = self.unit_ids_of(&codes).await?;
        let id_of = |code: &UnitCode| {
            ids.get(code.as_str())
                .copied()
                .ok_or_else(|| StoreError::NotFound(format!("unit {code}")))
        };
        let owner_id = id_of(write.owner)?;
        let id = on_tx!(self.inner, t => {
            let tx = &mut **t;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO rollout_waves (owner_id, name, model_version, starts_on, is_demo, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(owner_id)
            .bind(write.name)
            .bind(write.model_version)
            .bind(write.starts_on)
            .bind(write.is_demo)
            .bind(write.now)
            .fetch_one(&mut *tx)
            .await?;
            crate::audit::insert_audit!(tx, audit);
            id
        });
        for (position, unit) in write.units.iter().enumerate() {
            let unit_id = id_of(unit)?;
            on_tx!(self.inner, t => {
                sqlx::query(
                    "INSERT INTO rollout_wave_units (wave_id, unit_id, position) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(unit_id)
                .bind(position as i64)
                .execute(&mut **t)
                .await?;
            });
        }
        for cell in write.cells {
            let unit_id = id_of(cell)?;
            let held: Option<i64> = on_tx!(self.inner, t => {
                sqlx::query_scalar(
                    "SELECT wave_id FROM rollout_wave_cells WHERE model_version = $1 AND unit_id = $2",
                )
                .bind(write.model_version)
                .bind(unit_id)
                .fetch_optional(&mut **t)
                .await?
            });
            if held.is_some() {
                return Err(StoreError::Duplicate(cell.to_string()));
            }
            on_tx!(self.inner, t => {
                sqlx::query(
                    "INSERT INTO rollout_wave_cells (model_version, unit_id, wave_id) VALUES ($1, $2, $3)",
                )
                .bind(write.model_version)
                .bind(unit_id)
                .bind(id)
                .execute(&mut **t)
                .await
                .map_err(|e| StoreError::from(e).created_meanwhile())?;
            });
        }
        Ok(id)
    }
}

impl Store {
    /// Demonstration data only: records in the minutes of each cell's
    /// held regular demo meetings from its date on that they followed
    /// `model` with `steps`, in one transaction. Only the minutes' `model`
    /// and `steps` change, which no stored fact column derives from.
    /// Returns the meetings changed.
    pub async fn follow_model_in_demo_meetings(
        &self,
        cells: &[(UnitCode, NaiveDate)],
        model: &(String, u32),
        steps: &[StepRecord],
    ) -> Result<usize, StoreError> {
        let model_json =
            serde_json::to_value(model).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let steps_json =
            serde_json::to_value(steps).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.begin_write().await?;
        let mut changed = 0;
        for (cell, from) in cells {
            let rows: Vec<(i64, String)> = on_tx!(tx.inner, t => {
                sqlx::query_as(
                    "SELECT m.id, m.minutes FROM meetings m JOIN units u ON u.id = m.unit_id \
                     WHERE u.code = $1 AND m.is_demo AND m.status <> 'planned' \
                     AND m.held_on >= $2 AND m.kind IN ('regular', 'regular_and_thematic')",
                )
                .bind(cell.as_str())
                .bind(*from)
                .fetch_all(&mut **t)
                .await?
            });
            for (id, minutes) in rows {
                let mut value: serde_json::Value = serde_json::from_str(&minutes)
                    .map_err(|e| StoreError::Corrupt(format!("meeting minutes ({e})")))?;
                if let Some(object) = value.as_object_mut() {
                    object.insert("model".to_owned(), model_json.clone());
                    object.insert("steps".to_owned(), steps_json.clone());
                }
                let text = value.to_string();
                on_tx!(tx.inner, t => {
                    sqlx::query("UPDATE meetings SET minutes = $1 WHERE id = $2")
                        .bind(&text)
                        .bind(id)
                        .execute(&mut **t)
                        .await?;
                });
                changed += 1;
            }
        }
        tx.commit().await?;
        Ok(changed)
    }
}
