//! The first rollout wave after the pilot: the city committee rolls the
//! regular meeting model out to the wards and agencies of Ninh Kiều (each
//! unit right below the district committee, standing for its cells) from
//! the first day of the sixth month before `today`, through core's
//! `add_wave`. Then the demo meetings of a share of the targeted cells, from
//! a month drawn per cell on, record that they followed the model with
//! every step done, so adoption grows month by month (about a third of
//! the targeted cells at the end, like the "45/176" of provincial pilots).
//! When the model version did not exist yet on that day there is no wave.

use chibo_core::Db;
use chibo_core::access::{EditUnits, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::operator::Operator;
use chibo_domain::access::Role;
use chibo_domain::meeting_model::StepRecord;
use chibo_domain::rollout::{Wave, month_of, month_start};
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{GrantRecord, Store};

use crate::{DemoError, code};

/// The model rolled out.
pub const MODEL: &str = "regular-2025@1";
/// Months from the wave's start to the month before `today`.
const WAVE_MONTHS: i64 = 6;
/// Of 16 draws per cell, those below this adopt (in the month drawn).
const ADOPTING: u64 = 6;

/// The wave's first day for `today`.
pub fn wave_start(today: NaiveDate) -> Option<NaiveDate> {
    month_start(month_of(today) - WAVE_MONTHS)
}

/// The month (0 = the wave's first) from which a targeted cell's meetings
/// follow the model, or `None` when it does not adopt in the demo.
pub fn adoption_offset(seed: u64, cell: &UnitCode) -> Option<i64> {
    let mut hash = seed ^ 0xcbf2_9ce4_8422_2325;
    for byte in cell.as_str().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let draw = hash % 16;
    (draw < ADOPTING).then(|| (draw % WAVE_MONTHS as u64) as i64)
}

/// Writes the wave and marks the adopters' meetings; returns the cells
/// targeted and the meetings marked, or `None` without a wave.
pub async fn write(
    store: &Store,
    seed: u64,
    today: NaiveDate,
) -> Result<Option<(usize, usize)>, DemoError> {
    let Some(model) = chibo_core::models::by_key(MODEL) else {
        return Ok(None);
    };
    let Some(start) = wave_start(today).filter(|s| *s >= model.effective_from) else {
        return Ok(None);
    };
    let owner = code("CT");
    let district = code("CT.NK");
    let units: Vec<UnitCode> = store
        .subtree_as_of(&district, start)
        .await?
        .into_iter()
        .filter(|r| r.depth == 1)
        .map(|r| r.code)
        .collect();
    if units.is_empty() {
        return Ok(None);
    }
    let actor = Operator::command_line().act_as(
        0,
        "demo",
        vec![GrantRecord {
            id: 0,
            account_id: 0,
            role: Role::Administrator,
            unit: owner.clone(),
            unit_name: String::new(),
        }],
    );
    let db = Db::from(store);
    let access = unit_access::<EditUnits>(&db, &actor, &owner, today).await?;
    let wave = Wave {
        name: "Đợt 1: nhân rộng mô hình tại quận Ninh Kiều".to_owned(),
        owner,
        model_version: MODEL.to_owned(),
        start,
        units,
    };
    let clock = chibo_core::FixedClock(today);
    chibo_core::rollout::add_wave(
        &db,
        &clock,
        &access,
        &AuditContext::command_line(),
        wave,
        true,
    )
    .await?;
    let cells = store
        .rollout_waves()
        .await?
        .into_iter()
        .flat_map(|w| w.cells)
        .collect::<Vec<_>>();
    let adopters: Vec<(UnitCode, NaiveDate)> = cells
        .iter()
        .filter_map(|cell| {
            let offset = adoption_offset(seed, cell)?;
            Some((cell.clone(), month_start(month_of(start) + offset)?))
        })
        .collect();
    let steps: Vec<StepRecord> = model
        .steps
        .iter()
        .map(|s| StepRecord {
            step: s.code.clone(),
            done: true,
            minutes: None,
        })
        .collect();
    let marked = store
        .follow_model_in_demo_meetings(&adopters, &(model.code.clone(), model.version), &steps)
        .await?;
    Ok(Some((cells.len(), marked)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_a_third_of_cells_adopt_spread_over_the_months() {
        let cells: Vec<UnitCode> = (0..600)
            .map(|i| UnitCode::parse(&format!("CT.NK.P{}.C{}", i / 20, i % 20)).unwrap())
            .collect();
        let offsets: Vec<i64> = cells
            .iter()
            .filter_map(|c| adoption_offset(42, c))
            .collect();
        let share = offsets.len() as f64 / cells.len() as f64;
        assert!((0.28..0.47).contains(&share), "{share}");
        for month in 0..WAVE_MONTHS {
            assert!(offsets.contains(&month), "someone adopts in month {month}");
        }
        assert_eq!(
            wave_start("2026-12-05".parse().unwrap()),
            Some("2026-06-01".parse().unwrap())
        );
    }
}
