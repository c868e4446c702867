//! A cell's rows brought up to date inside the transaction that changed one
//! of its meetings (a save, approval, amendment or score): the cell's year
//! is recomputed from its meetings as the transaction sees them, and the
//! difference from its stored rows is added to the cell and to every unit
//! above it in each month.
//!
//! Why no change is counted twice: the caller locks the cell first
//! (`WriteTx::lock_units`), so the changes of one cell run one after the
//! other and each reads the meetings and rows the previous one committed
//! (SQLite's write lock does the same for everything). The difference is
//! taken against the stored rows, never against what the change read
//! before it, so the rows stay exact whatever order changes commit in.

use chibo_domain::UnitCode;
use chibo_store::{IndicatorRow, SourceCells, StoreError, WriteTx};

use super::inputs::Inputs;
use super::placement::{Placements, Sums, add_to, attribute, cell_rows, into_rows};
use super::rebuild::build_year;
use super::{REBUILD_CELL_BATCH, year_bounds};
use crate::CoreError;

/// Brings the rows of `cell` for `years` up to date inside `tx`, whose
/// change to the cell's meetings is written and whose cell is locked. A
/// year with no rows yet is built whole, so that every cell of the tree
/// counts in it, not only the one that met.
pub(crate) async fn refresh_cell_years(
    tx: &mut WriteTx,
    inputs: &Inputs,
    cell: &UnitCode,
    years: &[i32],
) -> Result<(), CoreError> {
    let mut years = years.to_vec();
    years.sort_unstable();
    years.dedup();
    if years.is_empty() {
        return Ok(());
    }
    let mut built = Vec::with_capacity(years.len());
    for year in &years {
        built.push(tx.has_indicator_year(*year).await?);
    }
    let mut incremental = years.clone();
    if built.contains(&false) {
        // Taken first, so that two changes cannot both build the year.
        tx.take_indicator_revisions(&years).await?;
        incremental.clear();
        for year in &years {
            if tx.has_indicator_year(*year).await? {
                incremental.push(*year);
            } else {
                build_year(tx, inputs, *year, REBUILD_CELL_BATCH).await?;
            }
        }
    }
    if incremental.is_empty() {
        return Ok(());
    }
    let placements = Placements::new(tx.units_around(&[cell]).await?);
    let mut pending = Vec::with_capacity(incremental.len());
    for year in &incremental {
        let seen = tx.indicator_revision(*year).await?;
        let rows = cell_difference(tx, inputs, &placements, cell, *year).await?;
        pending.push((*year, seen, rows));
    }
    let now = tx.take_indicator_revisions(&incremental).await?;
    for (year, seen, rows) in &mut pending {
        // A rebuild of the year committed while this one computed (it does
        // not take the cell's lock): the difference is taken again against
        // the rebuilt rows, now that the year's revision is held.
        let rebuilt = now
            .iter()
            .any(|(y, r)| y == year && r.rebuilt_at != seen.rebuilt_at);
        if rebuilt {
            *rows = cell_difference(tx, inputs, &placements, cell, *year).await?;
        }
        tx.add_indicator_rows(rows).await?;
    }
    Ok(())
}

/// What the rows of `cell` and of the units above it must change by in
/// `year`: the cell's year recomputed from its meetings, less its stored
/// rows, placed as the cell stood in each month.
async fn cell_difference(
    tx: &mut WriteTx,
    inputs: &Inputs,
    placements: &Placements,
    cell: &UnitCode,
    year: i32,
) -> Result<Vec<IndicatorRow>, CoreError> {
    let placed = placements
        .get(cell)
        .ok_or_else(|| CoreError::Store(StoreError::NotFound(format!("unit {cell}"))))?;
    let (from, to) = year_bounds(year)?;
    let source = tx
        .indicator_source(SourceCells::Ids(&[placed.id]), from, to)
        .await?;
    let (meetings, unexcused) = inputs
        .by_cell(source)
        .remove(&placed.id)
        .unwrap_or_default();
    let mut rows = cell_rows(&placed.unit, year, &inputs.norms, &meetings, &unexcused);
    let months: Vec<u32> = (1..=12).collect();
    for old in tx.indicator_rows(&[placed.id], year, &months).await? {
        if let Some(row) = (old.month as usize)
            .checked_sub(1)
            .and_then(|index| rows.get_mut(index))
        {
            *row -= &old.counters;
        }
    }
    let targets = placements.month_targets(&placed.unit, year)?;
    let mut sums = Sums::default();
    attribute(placed.id, &rows, &targets, |key, row| {
        add_to(&mut sums, key, row)
    });
    Ok(into_rows(year, sums))
}
