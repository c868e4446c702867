//! A year's rows recomputed whole from the meetings, streamed: cells are
//! read, reduced and put in place a batch at a time, so memory holds one
//! batch's meetings and rows and the committees' sums, never the year's
//! rows.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chibo_domain::UnitCode;
use chibo_store::{SourceCells, WriteTx};

use super::inputs::Inputs;
use super::placement::{Placements, Sums, add_to, attribute, cell_rows, into_rows, is_cell};
use super::year_bounds;
use crate::CoreError;

/// Replaces every row of `year` with rows recomputed from the meetings,
/// inside `tx`, reading `cells_per_batch` cells' meetings at a time.
/// Returns the rows the year has now.
///
/// A unit that is no one's parent in any version (a cell) gets rows only
/// from itself, so its rows are put in place as soon as its batch is done;
/// the committees' sums are kept to the end. Only rows that differ from
/// the stored ones are written (see `WriteTx::replace_indicator_rows`).
/// The year's revision is taken first: on PostgreSQL every other writer
/// of the year waits for this transaction, so none of their changes can
/// fall between what the rebuild read and what it wrote.
pub(crate) async fn build_year(
    tx: &mut WriteTx,
    inputs: &Inputs,
    year: i32,
    cells_per_batch: usize,
) -> Result<usize, CoreError> {
    let (from, to) = year_bounds(year)?;
    let mut timer = PhaseTimer::default();
    tx.take_indicator_revisions(&[year]).await?;
    tx.mark_indicator_year_rebuilt(year).await?;
    let placements = Placements::new(tx.all_units().await?);
    timer.lap(Phase::Tree);
    let parents: HashSet<&UnitCode> = placements
        .units()
        .flat_map(|u| u.unit.versions.iter().filter_map(|v| v.parent.as_ref()))
        .collect();
    let mut cells: Vec<(i64, &UnitCode)> = placements
        .units()
        .filter(|placed| is_cell(&placed.unit))
        .map(|placed| (placed.id, &placed.unit.code))
        .collect();
    cells.sort_unstable_by_key(|(id, _)| *id);
    // Units whose rows are final once their batch is done; the others'
    // are the committees' sums, written at the end.
    let mut final_ids: HashSet<i64> = HashSet::new();
    let (mut rows_now, mut written, mut removed) = (0, 0, 0);
    let mut sums = Sums::default();
    for batch in cells.chunks(cells_per_batch.max(1)) {
        let (Some((first, _)), Some((last, _))) = (batch.first(), batch.last()) else {
            continue;
        };
        let source = tx
            .indicator_source(SourceCells::Range(*first, *last), from, to)
            .await?;
        timer.lap(Phase::Read);
        let mut by_cell = inputs.by_cell(source);
        let mut finished = Sums::default();
        let mut finished_ids = Vec::new();
        for (id, code) in batch {
            let Some(placed) = placements.get(code) else {
                continue;
            };
            let (meetings, unexcused) = by_cell.remove(id).unwrap_or_default();
            let rows = cell_rows(&placed.unit, year, &inputs.norms, &meetings, &unexcused);
            let targets = placements.month_targets(&placed.unit, year)?;
            // The cell's own rows are final unless units are placed under
            // it too (a unit that changed kind).
            let own_final = !parents.contains(code);
            if own_final {
                finished_ids.push(*id);
            }
            attribute(*id, &rows, &targets, |key, row| {
                let out = if own_final && key.0 == *id {
                    &mut finished
                } else {
                    &mut sums
                };
                add_to(out, key, row);
            });
        }
        let rows = into_rows(year, finished);
        timer.lap(Phase::Compute);
        rows_now += rows.len();
        let replaced = tx
            .replace_indicator_rows(year, &finished_ids, &rows)
            .await?;
        (written, removed) = (written + replaced.written, removed + replaced.removed);
        final_ids.extend(finished_ids);
        timer.lap(Phase::Write);
    }
    let rows = into_rows(year, sums);
    let mut others: Vec<i64> = placements
        .units()
        .map(|placed| placed.id)
        .filter(|id| !final_ids.contains(id))
        .collect();
    others.sort_unstable();
    timer.lap(Phase::Compute);
    rows_now += rows.len();
    let replaced = tx.replace_indicator_rows(year, &others, &rows).await?;
    (written, removed) = (written + replaced.written, removed + replaced.removed);
    timer.lap(Phase::Write);
    tracing::info!(
        year,
        rows = rows_now,
        written,
        removed,
        cells = cells.len(),
        tree_ms = timer.ms(Phase::Tree),
        read_ms = timer.ms(Phase::Read),
        compute_ms = timer.ms(Phase::Compute),
        write_ms = timer.ms(Phase::Write),
        "indicator rows of a year rebuilt"
    );
    Ok(rows_now)
}

/// The phases of a rebuild, timed for the log.
#[derive(Debug, Clone, Copy)]
enum Phase {
    Tree,
    Read,
    Compute,
    Write,
}

/// Time spent in each [`Phase`], counted from one lap to the next.
#[derive(Debug)]
struct PhaseTimer {
    last: Instant,
    spent: [Duration; 4],
}

impl Default for PhaseTimer {
    fn default() -> PhaseTimer {
        PhaseTimer {
            last: Instant::now(),
            spent: [Duration::ZERO; 4],
        }
    }
}

impl PhaseTimer {
    fn lap(&mut self, phase: Phase) {
        let now = Instant::now();
        self.spent[phase as usize] += now - self.last;
        self.last = now;
    }

    fn ms(&self, phase: Phase) -> u128 {
        self.spent[phase as usize].as_millis()
    }
}
