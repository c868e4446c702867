//! Indicator counters kept up to date, and indicator values for a unit and
//! a period.
//!
//! Each cell's calendar year reduces to twelve month rows of counters (see
//! `chibo_domain::indicators`). A row is added to the cell and to every
//! ancestor the cell had on the month's reference day (its first day, or
//! the first day the cell existed in it), so a committee's row is the sum
//! of the cells it had then: history stays where the tree stood.
//!
//! Rows change in the transaction of the change that moves them: a saved
//! meeting or score recomputes its cell's year and adds the difference to
//! the cell and its ancestors (`cell_change`); a reorganization moves the
//! history of the cells it moves between committees (`moves`); a rebuild,
//! kept for repair, recomputes whole years (`rebuild`). All give the same
//! rows (`tests/integration/indicators.rs` checks it on random changes, concurrent
//! saves, merges and splits).

mod cell_change;
mod inputs;
mod moves;
mod placement;
mod rebuild;

use crate::Db;
use std::collections::HashMap;
use std::sync::LazyLock;

use chibo_domain::indicators::{Catalog, Counters};
use chibo_domain::norms::Period;
use chibo_domain::{Message, NaiveDate};
use chrono::Datelike;

pub(crate) use cell_change::refresh_cell_years;
pub use inputs::Inputs;
pub(crate) use moves::HistoryMove;

use crate::CoreError;
use placement::{first_of_month, last_of_month};

/// The shipped indicator catalog.
const SHIPPED_CATALOG: &str = include_str!("../../reference/indicators/meeting-quality-v1.json");

#[allow(
    clippy::expect_used,
    reason = "the shipped catalog is part of the binary and read by the tests"
)]
static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    // Part of the binary and checked by the tests: a broken file is a
    // build mistake, not input.
    serde_json::from_str(SHIPPED_CATALOG).expect("shipped indicator catalog reads")
});

/// The indicator catalog in use.
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

fn year_bounds(year: i32) -> Result<(NaiveDate, NaiveDate), CoreError> {
    first_of_month(year, 1)
        .zip(last_of_month(year, 12))
        .ok_or_else(|| CoreError::refused(Message::new("indicator-year-invalid").arg("year", year)))
}

/// Cells whose meetings a rebuild reads and reduces at a time: about
/// 140,000 meetings and 130,000 rows of a year at the national scale, so
/// that memory does not grow with the whole year's meetings.
const REBUILD_CELL_BATCH: usize = 10_000;

/// Recomputes every row of `year` from the meetings, in one transaction
/// (see `rebuild::build_year`). Returns the rows the year has.
pub async fn rebuild_year(db: &Db, year: i32) -> Result<usize, CoreError> {
    rebuild_year_in_batches(db, year, REBUILD_CELL_BATCH).await
}

/// [`rebuild_year`] with `cells_per_batch` cells read at a time, for tests
/// that check the batches change nothing.
#[doc(hidden)]
pub async fn rebuild_year_in_batches(
    db: &Db,
    year: i32,
    cells_per_batch: usize,
) -> Result<usize, CoreError> {
    let store = db.store();
    year_bounds(year)?;
    let inputs = Inputs::load(db).await?;
    let mut tx = store.begin_write().await?;
    let written = rebuild::build_year(&mut tx, &inputs, year, cells_per_batch).await?;
    tx.commit().await?;
    Ok(written)
}

/// Brings the rows of the cells whose meetings a bulk write added (a
/// meetings file) up to date, as a saved meeting does for its own cell:
/// each cell's years of those meetings, in one transaction with the cells
/// locked. The file's meetings are already committed; were this to fail,
/// `chibo indicators --rebuild` recomputes the rows from them.
pub(crate) async fn refresh_after_bulk_meetings(
    db: &Db,
    meetings: &[(&chibo_domain::UnitCode, NaiveDate)],
) -> Result<(), CoreError> {
    let mut years: std::collections::BTreeMap<&chibo_domain::UnitCode, Vec<i32>> =
        std::collections::BTreeMap::new();
    for (cell, day) in meetings {
        years.entry(*cell).or_default().push(day.year());
    }
    if years.is_empty() {
        return Ok(());
    }
    let inputs = Inputs::load(db).await?;
    let cells: Vec<&chibo_domain::UnitCode> = years.keys().copied().collect();
    let mut tx = db.store().begin_write().await?;
    tx.lock_units(&cells).await?;
    for (cell, years) in &years {
        refresh_cell_years(&mut tx, &inputs, cell, years).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Rebuilds every year from the first held meeting to `today`'s year.
/// Returns the years rebuilt.
pub async fn rebuild(db: &Db, today: NaiveDate) -> Result<Vec<i32>, CoreError> {
    let store = db.store();
    let Some((first, _)) = store.held_meeting_span().await? else {
        return Ok(Vec::new());
    };
    let years: Vec<i32> = (first.year()..=today.year().max(first.year())).collect();
    for year in &years {
        rebuild_year(db, *year).await?;
    }
    Ok(years)
}

/// The months of `period` whose rows are read, as (year, month): whole
/// months only, up to `today`'s month (a month not begun yet has nothing
/// to show, and its expected meetings are not due).
pub fn period_months(period: &Period, today: NaiveDate) -> Result<Vec<(i32, u32)>, CoreError> {
    let whole = period.from().day() == 1
        && last_of_month(period.to().year(), period.to().month()) == Some(period.to());
    if !whole {
        return Err(CoreError::refused(Message::new(
            "indicator-period-not-months",
        )));
    }
    Ok(period
        .months()
        .iter()
        .map(|m| (m.from().year(), m.from().month()))
        .filter(|(y, m)| (*y, *m) <= (today.year(), today.month()))
        .collect())
}

/// The summed counters of one unit over some months.
pub async fn unit_counters(
    db: &Db,
    unit_id: i64,
    months: &[(i32, u32)],
) -> Result<Counters, CoreError> {
    let store = db.store();
    let mut total = Counters::default();
    let mut by_year: HashMap<i32, Vec<u32>> = HashMap::new();
    for (year, month) in months {
        by_year.entry(*year).or_default().push(*month);
    }
    for (year, months) in by_year {
        for row in store.indicator_rows(&[unit_id], year, &months).await? {
            total += &row.counters;
        }
    }
    Ok(total)
}
