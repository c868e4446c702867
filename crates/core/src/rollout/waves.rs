//! Waves as records. A wave is checked whole against the domain's rules
//! on the stored tree of its start date (the owner's subtree that day, the
//! listed units' lifetimes) and the earlier waves of the same model; every
//! problem comes back located and nothing is written. The wave, its cells
//! and its audit entry commit together.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chibo_domain::rollout::{EarlierWave, ListedUnit, SubtreeUnit, Wave, WaveFacts};
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_store::{StoreError, StoredWave, WaveWrite};

use crate::access::{EditUnits, ReadAggregates, UnitAccess};
use crate::audit::AuditContext;
use crate::{Clock, CoreError, Db, Problem, models};

/// A wave as a reader of one unit sees it: the cells it targets inside
/// the unit's subtree today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolloutWave {
    pub id: i64,
    pub owner: UnitCode,
    pub name: String,
    pub model_version: String,
    pub starts_on: NaiveDate,
    pub units: Vec<UnitCode>,
    /// Targeted cells inside the reader's unit.
    pub cells: Vec<UnitCode>,
    /// Targeted cells in all.
    pub all_cells: usize,
    pub is_demo: bool,
}

/// The facts of the stored tree and waves a wave is checked against.
async fn facts_of(db: &Db, wave: &Wave) -> Result<WaveFacts, CoreError> {
    let store = db.store();
    let subtree = store
        .subtree_as_of(&wave.owner, wave.start)
        .await?
        .into_iter()
        .map(|row| SubtreeUnit {
            code: row.code,
            kind: row.kind,
            parent: row.parent,
        })
        .collect();
    let mut listed = BTreeMap::new();
    for code in wave.units.iter().collect::<BTreeSet<_>>() {
        if let Some(unit) = store.unit(code).await? {
            listed.insert(
                code.clone(),
                ListedUnit {
                    lifetime: unit.lifetime(),
                },
            );
        }
    }
    let earlier = store
        .rollout_waves()
        .await?
        .into_iter()
        .filter(|w| w.model_version == wave.model_version)
        .map(|w| EarlierWave {
            name: w.name,
            cells: w.cells.into_iter().collect(),
        })
        .collect();
    Ok(WaveFacts {
        model_from: models::by_key(&wave.model_version).map(|m| m.effective_from),
        subtree,
        listed,
        earlier,
    })
}

/// Adds a wave of the committee the access proves; returns its id.
/// Nothing is written when anything is wrong.
pub async fn add_wave(
    db: &Db,
    clock: &dyn Clock,
    access: &UnitAccess<EditUnits>,
    author: &AuditContext,
    wave: Wave,
    is_demo: bool,
) -> Result<i64, CoreError> {
    let wave = wave.normalized();
    if &wave.owner != access.unit() {
        return Err(CoreError::invalid(Problem::in_field(
            "owner",
            Message::new("rollout-owner-not-granted")
                .arg("owner", &wave.owner)
                .arg("granted", access.unit()),
        )));
    }
    let facts = facts_of(db, &wave).await?;
    let cells = wave.cells(&facts).map_err(|problems| {
        CoreError::Invalid(
            problems
                .into_iter()
                .map(|p| Problem::in_field(&p.field, p.message))
                .collect(),
        )
    })?;
    let entry = author.entry(
        clock,
        "create",
        "rollout_wave",
        &wave.name,
        Some(&wave.owner),
        None::<&Wave>,
        Some(&wave),
    );
    let write = WaveWrite {
        owner: &wave.owner,
        name: &wave.name,
        model_version: &wave.model_version,
        starts_on: wave.start,
        units: &wave.units,
        cells: &cells,
        is_demo,
        now: clock.now(),
    };
    let mut tx = db.store().begin_write().await?;
    let id = match tx.insert_rollout_wave(&write, &[entry]).await {
        Ok(id) => id,
        // Another wave of the model took the cell meanwhile.
        Err(StoreError::Duplicate(cell)) => {
            return Err(CoreError::invalid(Problem::in_field(
                "units",
                Message::new("rollout-cell-in-earlier-wave")
                    .arg("cell", cell)
                    .arg("wave", "")
                    .arg("model", &wave.model_version),
            )));
        }
        Err(e) => return Err(e.into()),
    };
    tx.commit().await?;
    Ok(id)
}

/// The cells of the unit's subtree on `on`.
pub(crate) async fn cells_of(
    db: &Db,
    unit: &UnitCode,
    on: NaiveDate,
) -> Result<HashSet<UnitCode>, CoreError> {
    Ok(db
        .store()
        .subtree_as_of(unit, on)
        .await?
        .into_iter()
        .filter(|r| r.kind.is_cell())
        .map(|r| r.code)
        .collect())
}

/// The waves that reach the unit: those it owns, and those targeting a
/// cell of its subtree on `today`, each with only the cells inside it.
pub async fn waves_reaching(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    today: NaiveDate,
) -> Result<Vec<RolloutWave>, CoreError> {
    let inside = cells_of(db, access.unit(), today).await?;
    Ok(db
        .store()
        .rollout_waves()
        .await?
        .into_iter()
        .filter_map(|w| reaching(w, access.unit(), &inside))
        .collect())
}

fn reaching(wave: StoredWave, unit: &UnitCode, inside: &HashSet<UnitCode>) -> Option<RolloutWave> {
    let all_cells = wave.cells.len();
    let cells: Vec<UnitCode> = wave
        .cells
        .into_iter()
        .filter(|c| inside.contains(c))
        .collect();
    if cells.is_empty() && &wave.owner != unit {
        return None;
    }
    Some(RolloutWave {
        id: wave.id,
        owner: wave.owner,
        name: wave.name,
        model_version: wave.model_version,
        starts_on: wave.starts_on,
        units: wave.units,
        cells,
        all_cells,
        is_demo: wave.is_demo,
    })
}
