//! Indicator counters kept up to date, and indicator values for a unit and
//! a period.
//!
//! Each cell's calendar year reduces to twelve month rows of counters (see
//! `chibo_domain::indicators`). A row is added to the cell and to every
//! ancestor the cell had on the month's reference day (its first day, or
//! the first day the cell existed in it), so a committee's row is the sum
//! of the cells it had then: history stays where the tree stood. A saved
//! meeting recomputes its cell's year and adds the difference to the cell
//! and its ancestors; a rebuild recomputes whole years. Both give the same
//! rows (`tests/indicators.rs` checks it on random changes).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chibo_domain::indicators::{Catalog, CellYear, Counters, IndicatorMeeting, cell_year_counters};
use chibo_domain::norms::{NormSet, Period};
use chibo_domain::org::OrgHistory;
use chibo_domain::rubric::Rating;
use chibo_domain::unit::Unit;
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_store::{IndicatorRow, IndicatorSource, Store, StoreError};
use chrono::Datelike;

use crate::CoreError;

/// The shipped indicator catalog.
const SHIPPED_CATALOG: &str = include_str!("../reference/indicators/meeting-quality-v1.json");

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    // Part of the binary and checked by the tests: a broken file is a
    // build mistake, not input.
    serde_json::from_str(SHIPPED_CATALOG).expect("shipped indicator catalog reads")
});

/// The indicator catalog in use.
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

fn first_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    Period::month(year, month).map(|p| p.from())
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    Period::month(year, month).map(|p| p.to())
}

/// The day whose tree a cell's month row is attributed by: the month's
/// first day when the cell existed then, else the first day it existed in
/// the month. `None` when it did not exist at all that month.
fn reference_day(unit: &Unit, year: i32, month: u32) -> Option<NaiveDate> {
    let first = first_of_month(year, month)?;
    let last = last_of_month(year, month)?;
    if unit.version_at(first).is_some() {
        return Some(first);
    }
    unit.versions
        .iter()
        .map(|v| v.validity.from)
        .filter(|from| *from > first && *from <= last)
        .min()
}

/// The codes above `code` on `day`, nearest first.
fn ancestors_on(history: &OrgHistory, code: &UnitCode, day: NaiveDate) -> Vec<UnitCode> {
    let mut found = Vec::new();
    let mut current = history
        .unit(code)
        .and_then(|u| u.version_at(day))
        .and_then(|v| v.parent.clone());
    while let Some(parent) = current {
        // A cycle would be a damaged tree; stop rather than loop.
        if found.contains(&parent) || found.len() > 32 {
            break;
        }
        current = history
            .unit(&parent)
            .and_then(|u| u.version_at(day))
            .and_then(|v| v.parent.clone());
        found.push(parent);
    }
    found
}

/// The largest total of each stored rubric version, in tenths, to scale
/// final scores to 100.
async fn rubric_maxima(store: &Store) -> Result<HashMap<(String, i64), i64>, CoreError> {
    Ok(crate::evaluations::rubrics(store)
        .await?
        .into_iter()
        .map(|r| {
            (
                (r.code, i64::from(r.version)),
                i64::from(r.max_points.tenths()),
            )
        })
        .collect())
}

/// A cell's held meetings of a year and its unexcused absences (member,
/// day).
type CellInputs = (Vec<IndicatorMeeting>, Vec<(i64, NaiveDate)>);

/// The inputs of each cell in `source`, by unit id.
fn meetings_by_cell(
    source: IndicatorSource,
    maxima: &HashMap<(String, i64), i64>,
) -> HashMap<i64, CellInputs> {
    let mut scores: HashMap<i64, Vec<chibo_store::SourceScore>> = HashMap::new();
    for score in source.scores {
        scores.entry(score.meeting_id).or_default().push(score);
    }
    let mut cells: HashMap<i64, CellInputs> = HashMap::new();
    for meeting in source.meetings {
        let given = scores.remove(&meeting.id).unwrap_or_default();
        let maximum = given
            .first()
            .and_then(|s| maxima.get(&(s.rubric_code.clone(), s.rubric_version)))
            .copied()
            .filter(|max| *max > 0);
        let score_permille = meeting
            .final_total_tenths
            .zip(maximum)
            .map(|(total, max)| total * 1000 / max);
        cells
            .entry(meeting.unit_id)
            .or_default()
            .0
            .push(IndicatorMeeting {
                held_on: meeting.held_on,
                facts: meeting.facts,
                score_permille,
                final_rating: meeting.final_rating.as_deref().and_then(Rating::parse),
                ratings_given: given
                    .iter()
                    .filter_map(|s| s.rating.as_deref().and_then(Rating::parse))
                    .collect(),
            });
    }
    for (cell, member, day) in source.unexcused {
        cells.entry(cell).or_default().1.push((member, day));
    }
    cells
}

/// The twelve month rows of one cell in `year`: a month counts as
/// expected when the cell existed on its first day.
fn cell_rows(
    unit: &Unit,
    year: i32,
    norms: &NormSet,
    meetings: &[IndicatorMeeting],
    unexcused: &[(i64, NaiveDate)],
) -> [Counters; 12] {
    let mut expected_months = [false; 12];
    for (month, expected) in (1..).zip(expected_months.iter_mut()) {
        *expected = first_of_month(year, month).is_some_and(|d| unit.version_at(d).is_some());
    }
    cell_year_counters(
        &CellYear {
            year,
            expected_months,
            meetings,
            unexcused,
        },
        norms,
    )
}

/// The reference day of each month whose row is not zero.
fn reference_days(unit: &Unit, year: i32, rows: &[Counters; 12]) -> Vec<(u32, Option<NaiveDate>)> {
    (1..)
        .zip(rows)
        .filter(|(_, row)| !row.is_zero())
        .map(|(month, _)| (month, reference_day(unit, year, month)))
        .collect()
}

/// Adds a cell's month rows to the cell and to its ancestors of each
/// month's reference day (`ancestors` by day, as unit ids), each beside the
/// year's row (month 0).
fn attribute(
    cell_id: i64,
    unit: &Unit,
    year: i32,
    rows: &[Counters; 12],
    ancestors: &HashMap<NaiveDate, Vec<i64>>,
    out: &mut HashMap<(i64, u32), Counters>,
) {
    for (month, day) in reference_days(unit, year, rows) {
        let row = &rows[month as usize - 1];
        let above = day
            .and_then(|d| ancestors.get(&d))
            .map_or(&[][..], Vec::as_slice);
        for target in std::iter::once(&cell_id).chain(above) {
            *out.entry((*target, month)).or_default() += row;
            *out.entry((*target, 0)).or_default() += row;
        }
    }
}

fn unit_id(ids: &HashMap<String, i64>, code: &UnitCode) -> Result<i64, CoreError> {
    ids.get(code.as_str())
        .copied()
        .ok_or_else(|| CoreError::Store(StoreError::NotFound(format!("unit {code}"))))
}

fn year_bounds(year: i32) -> Result<(NaiveDate, NaiveDate), CoreError> {
    first_of_month(year, 1)
        .zip(last_of_month(year, 12))
        .ok_or_else(|| CoreError::refused(Message::new("indicator-year-invalid").arg("year", year)))
}

fn into_rows(year: i32, sums: HashMap<(i64, u32), Counters>) -> Vec<IndicatorRow> {
    let mut rows: Vec<IndicatorRow> = sums
        .into_iter()
        .map(|((unit_id, month), counters)| IndicatorRow {
            unit_id,
            year,
            month,
            counters,
        })
        .collect();
    rows.sort_unstable_by_key(|r| (r.unit_id, r.month));
    rows
}

/// Cells whose meetings a rebuild reads and reduces at a time: about
/// 600,000 meetings of a year at the national scale, so that memory does
/// not grow with the whole year's meetings.
const REBUILD_CELL_BATCH: usize = 50_000;

/// Recomputes every row of `year` from the meetings. Returns the rows
/// written.
///
/// Cells are taken in batches of consecutive ids, each batch's meetings
/// read and reduced at once. A unit that is no one's parent in any version
/// (a cell) gets rows only from itself, so its rows are final when its
/// batch is done; the committees' sums are kept to the end. The year is
/// then replaced in one transaction.
pub async fn rebuild_year(store: &Store, year: i32) -> Result<usize, CoreError> {
    rebuild_year_in_batches(store, year, REBUILD_CELL_BATCH).await
}

/// [`rebuild_year`] with `cells_per_batch` cells read at a time, for tests
/// that check the batches change nothing.
#[doc(hidden)]
pub async fn rebuild_year_in_batches(
    store: &Store,
    year: i32,
    cells_per_batch: usize,
) -> Result<usize, CoreError> {
    let norms = crate::cell_year::shipped_norms()?;
    let history = store.load_org_history().await?;
    let ids: HashMap<String, i64> = store.unit_ids().await?.into_iter().collect();
    let (from, to) = year_bounds(year)?;
    let maxima = rubric_maxima(store).await?;
    let parents: HashSet<&UnitCode> = history
        .units()
        .flat_map(|u| u.versions.iter().filter_map(|v| v.parent.as_ref()))
        .collect();
    let mut cells: Vec<(i64, &Unit)> = history
        .units()
        .filter(|unit| unit.versions.iter().any(|v| v.kind.is_cell()))
        .map(|unit| Ok((unit_id(&ids, &unit.code)?, unit)))
        .collect::<Result<_, CoreError>>()?;
    cells.sort_unstable_by_key(|(id, _)| *id);
    let mut rows = Vec::new();
    let mut sums = HashMap::new();
    for batch in cells.chunks(cells_per_batch.max(1)) {
        let (Some((first, _)), Some((last, _))) = (batch.first(), batch.last()) else {
            continue;
        };
        let source = store
            .indicator_source_of_units(*first, *last, from, to)
            .await?;
        let mut by_cell = meetings_by_cell(source, &maxima);
        let mut final_rows = HashMap::new();
        for (id, unit) in batch {
            let (meetings, unexcused) = by_cell.remove(id).unwrap_or_default();
            let cell_rows = cell_rows(unit, year, &norms, &meetings, &unexcused);
            let mut ancestors = HashMap::new();
            for (_, day) in reference_days(unit, year, &cell_rows) {
                if let Some(day) = day {
                    let codes = ancestors_on(&history, &unit.code, day);
                    let above = codes
                        .iter()
                        .map(|code| unit_id(&ids, code))
                        .collect::<Result<Vec<_>, _>>()?;
                    ancestors.insert(day, above);
                }
            }
            let mut own = HashMap::new();
            attribute(*id, unit, year, &cell_rows, &ancestors, &mut own);
            for (key, counters) in own {
                let target = if key.0 == *id && !parents.contains(&unit.code) {
                    &mut final_rows
                } else {
                    &mut sums
                };
                *target.entry(key).or_default() += &counters;
            }
        }
        rows.extend(into_rows(year, final_rows));
    }
    rows.extend(into_rows(year, sums));
    rows.sort_unstable_by_key(|r| (r.unit_id, r.month));
    store.replace_indicator_year(year, &rows).await?;
    Ok(rows.len())
}

/// Rebuilds every year from the first held meeting to `today`'s year.
/// Returns the years rebuilt.
pub async fn rebuild(store: &Store, today: NaiveDate) -> Result<Vec<i32>, CoreError> {
    let Some((first, _)) = store.held_meeting_span().await? else {
        return Ok(Vec::new());
    };
    let years: Vec<i32> = (first.year()..=today.year().max(first.year())).collect();
    for year in &years {
        rebuild_year(store, *year).await?;
    }
    Ok(years)
}

/// Brings a cell's year up to date after one of its meetings changed: the
/// cell's rows are recomputed and the difference added to the cell and its
/// ancestors, reading only that cell's meetings and its placement on each
/// month's reference day. A year with no rows yet is built whole, so that
/// every cell of the tree counts in it, not only the one that met.
pub async fn refresh_cell_year(store: &Store, cell: &UnitCode, year: i32) -> Result<(), CoreError> {
    if !store.has_indicator_year(year).await? {
        rebuild_year(store, year).await?;
        return Ok(());
    }
    let norms = crate::cell_year::shipped_norms()?;
    let unit = store.unit(cell).await?.ok_or_else(crate::access::denied)?;
    let mut codes = vec![cell.as_str().to_owned()];
    let (from, to) = year_bounds(year)?;
    let maxima = rubric_maxima(store).await?;
    let id = *store
        .unit_ids_of(&codes)
        .await?
        .get(cell.as_str())
        .ok_or_else(crate::access::denied)?;
    let mut by_cell = meetings_by_cell(store.indicator_source(Some(id), from, to).await?, &maxima);
    let (meetings, unexcused) = by_cell.remove(&id).unwrap_or_default();
    let mut rows = cell_rows(&unit, year, &norms, &meetings, &unexcused);
    let months: Vec<u32> = (1..=12).collect();
    for old in store.indicator_rows(&[id], year, &months).await? {
        rows[old.month as usize - 1] -= &old.counters;
    }
    let mut placements = Vec::new();
    for (_, day) in reference_days(&unit, year, &rows) {
        if let Some(day) = day
            && !placements.iter().any(|(d, _)| *d == day)
            && let Some(placement) = store.unit_placement(cell, day).await?
        {
            codes.extend(placement.ancestors.iter().map(|c| c.as_str().to_owned()));
            placements.push((day, placement.ancestors));
        }
    }
    let ids = store.unit_ids_of(&codes).await?;
    let mut ancestors = HashMap::new();
    for (day, above) in placements {
        let above = above
            .iter()
            .map(|code| unit_id(&ids, code))
            .collect::<Result<Vec<_>, _>>()?;
        ancestors.insert(day, above);
    }
    let mut deltas = HashMap::new();
    attribute(id, &unit, year, &rows, &ancestors, &mut deltas);
    store.add_indicator_rows(&into_rows(year, deltas)).await?;
    Ok(())
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
    store: &Store,
    unit_id: i64,
    months: &[(i32, u32)],
) -> Result<Counters, CoreError> {
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
