//! A reorganization's indicator history, moved in the transaction that
//! writes it. Committees count the cells they had in each month (on the
//! month's reference day, see `placement::reference_day`), so changing
//! the tree changes, for the months after it, which committees a cell's
//! rows count in, and, for a cell that is created, dissolved, merged or
//! split, which months it was expected to meet in.
//!
//! Only the units concerned are touched: for every cell under a changed
//! unit (at any time, before or after the change), each year with rows
//! and each month, the cell's contribution as the tree stood before is
//! taken away and its contribution as it stands after is added; what is
//! the same on both sides cancels and is not written. The tree on both
//! sides is read inside the transaction, before and after the change is
//! written, so it is the tree the change applies to.

use std::collections::BTreeSet;

use chibo_domain::UnitCode;
use chibo_domain::org::OrgChangeSet;
use chibo_domain::unit::Unit;
use chibo_store::{SourceCells, WriteTx};

use super::inputs::{CellInputs, Inputs};
use super::placement::{
    Placements, Sums, add_to, attribute, cell_rows, into_rows, is_cell, subtract_from,
};
use super::year_bounds;
use crate::CoreError;

/// The indicator history of a change to the tree, between reading the
/// tree as it stands ([`HistoryMove::before`]) and writing the difference
/// once the change is written ([`HistoryMove::apply`]).
#[derive(Debug)]
pub(crate) struct HistoryMove {
    /// The changed units.
    changed: Vec<UnitCode>,
    /// The years with rows; none: nothing to move.
    years: Vec<i32>,
    /// The units around the changed ones, before the change.
    before: Placements,
}

impl HistoryMove {
    /// Reads, inside `tx` and before `changes` are written, the units
    /// around the changed ones, and locks the cells among them (in code
    /// order, like every cell lock), so that no meeting of theirs changes
    /// their rows while they move.
    pub(crate) async fn before(
        tx: &mut WriteTx,
        changes: &OrgChangeSet,
    ) -> Result<HistoryMove, CoreError> {
        let changed: Vec<UnitCode> = changes.units.iter().map(|u| u.code.clone()).collect();
        let years = if changed.is_empty() {
            Vec::new()
        } else {
            tx.indicator_years().await?
        };
        if years.is_empty() {
            return Ok(HistoryMove {
                changed,
                years,
                before: Placements::default(),
            });
        }
        let codes: Vec<&UnitCode> = changed.iter().collect();
        let before = Placements::new(tx.units_around(&codes).await?);
        let cells: Vec<&UnitCode> = before
            .units()
            .filter(|placed| placed.below && is_cell(&placed.unit))
            .map(|placed| &placed.unit.code)
            .collect();
        tx.lock_units(&cells).await?;
        Ok(HistoryMove {
            changed,
            years,
            before,
        })
    }

    /// Once the change is written in `tx`: moves the rows of every cell
    /// whose months count elsewhere now, or whose own rows changed.
    pub(crate) async fn apply(self, tx: &mut WriteTx, inputs: &Inputs) -> Result<(), CoreError> {
        if self.years.is_empty() {
            return Ok(());
        }
        let codes: Vec<&UnitCode> = self.changed.iter().collect();
        let after = Placements::new(tx.units_around(&codes).await?);
        let cells: BTreeSet<&UnitCode> = self
            .before
            .units()
            .chain(after.units())
            .filter(|placed| placed.below && is_cell(&placed.unit))
            .map(|placed| &placed.unit.code)
            .collect();
        let mut moved = Vec::new();
        for year in &self.years {
            let rows = self
                .year_difference(tx, inputs, &after, &cells, *year)
                .await?;
            if !rows.is_empty() {
                moved.push((*year, rows));
            }
        }
        let years: Vec<i32> = moved.iter().map(|(year, _)| *year).collect();
        tx.take_indicator_revisions(&years).await?;
        for (_, rows) in moved {
            tx.add_indicator_rows(&rows).await?;
        }
        Ok(())
    }

    /// The difference the change makes to the rows of `year`.
    async fn year_difference(
        &self,
        tx: &mut WriteTx,
        inputs: &Inputs,
        after: &Placements,
        cells: &BTreeSet<&UnitCode>,
        year: i32,
    ) -> Result<Vec<chibo_store::IndicatorRow>, CoreError> {
        // The cells whose contribution may differ: their own versions
        // changed, or a unit above them in some month.
        let mut differing: Vec<(&UnitCode, Option<i64>, Option<i64>)> = Vec::new();
        for code in cells {
            let old = self.before.get(code);
            let new = after.get(code);
            let same_unit = matches!((old, new), (Some(o), Some(n)) if o.unit == n.unit);
            let same_place = match (old, new) {
                (Some(o), Some(n)) => {
                    self.before.month_targets(&o.unit, year)?
                        == after.month_targets(&n.unit, year)?
                }
                _ => false,
            };
            if !(same_unit && same_place) {
                differing.push((code, old.map(|o| o.id), new.map(|n| n.id)));
            }
        }
        if differing.is_empty() {
            return Ok(Vec::new());
        }
        let mut ids: Vec<i64> = differing
            .iter()
            .flat_map(|(_, old, new)| old.iter().chain(new.iter()).copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let (from, to) = year_bounds(year)?;
        let mut by_cell = inputs.by_cell(
            tx.indicator_source(SourceCells::Ids(&ids), from, to)
                .await?,
        );
        let mut sums = Sums::default();
        for (code, _, _) in differing {
            let placed_old = self.before.get(code);
            let placed_new = after.get(code);
            let Some(id) = placed_new.or(placed_old).map(|p| p.id) else {
                continue;
            };
            let (meetings, unexcused): CellInputs = by_cell.remove(&id).unwrap_or_default();
            let rows_of = |unit: &Unit| cell_rows(unit, year, &inputs.norms, &meetings, &unexcused);
            if let Some(old) = placed_old {
                let targets = self.before.month_targets(&old.unit, year)?;
                attribute(old.id, &rows_of(&old.unit), &targets, |key, row| {
                    subtract_from(&mut sums, key, row)
                });
            }
            if let Some(new) = placed_new {
                let targets = after.month_targets(&new.unit, year)?;
                attribute(new.id, &rows_of(&new.unit), &targets, |key, row| {
                    add_to(&mut sums, key, row)
                });
            }
        }
        Ok(into_rows(year, sums))
    }
}
