//! Where a cell's month rows count: the cell itself and every committee it
//! had on the month's reference day. Pure: the units come from the caller
//! (the whole tree for a rebuild, the units around a change otherwise).

use std::collections::HashMap;

use chibo_domain::indicators::{CellYear, Counters, IndicatorMeeting, cell_year_counters};
use chibo_domain::norms::{NormSet, Period};
use chibo_domain::unit::Unit;
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{IndicatorRow, PlacedUnit, StoreError};

use crate::CoreError;

pub(crate) fn first_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    Period::month(year, month).map(|p| p.from())
}

pub(crate) fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    Period::month(year, month).map(|p| p.to())
}

/// Whether `unit` is a cell in any of its versions: its meetings count.
pub(crate) fn is_cell(unit: &Unit) -> bool {
    unit.versions.iter().any(|v| v.kind.is_cell())
}

/// The day whose tree a cell's month row is attributed by: the month's
/// first day when the cell existed then, else the first day it existed in
/// the month. `None` when it did not exist at all that month.
pub(crate) fn reference_day(unit: &Unit, year: i32, month: u32) -> Option<NaiveDate> {
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

/// The twelve month rows of one cell in `year`: a month counts as
/// expected when the cell existed on its first day.
pub(crate) fn cell_rows(
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

/// Units by code with their ids: enough of the tree to place the rows of
/// the cells a caller asks about (every unit above them at any time).
#[derive(Debug, Default)]
pub(crate) struct Placements {
    units: HashMap<UnitCode, PlacedUnit>,
}

impl Placements {
    pub(crate) fn new(units: Vec<PlacedUnit>) -> Placements {
        Placements {
            units: units
                .into_iter()
                .map(|u| (u.unit.code.clone(), u))
                .collect(),
        }
    }

    pub(crate) fn get(&self, code: &UnitCode) -> Option<&PlacedUnit> {
        self.units.get(code)
    }

    pub(crate) fn units(&self) -> impl Iterator<Item = &PlacedUnit> {
        self.units.values()
    }

    /// The ids of the units above `code` on `day`, nearest first.
    pub(crate) fn ancestor_ids(
        &self,
        code: &UnitCode,
        day: NaiveDate,
    ) -> Result<Vec<i64>, CoreError> {
        let mut found: Vec<i64> = Vec::new();
        let mut current = self
            .units
            .get(code)
            .and_then(|u| u.unit.version_at(day))
            .and_then(|v| v.parent.as_ref());
        while let Some(parent) = current {
            let placed = self
                .units
                .get(parent)
                .ok_or_else(|| CoreError::Store(StoreError::NotFound(format!("unit {parent}"))))?;
            // A cycle would be a damaged tree; stop rather than loop.
            if found.contains(&placed.id) || found.len() > 32 {
                break;
            }
            found.push(placed.id);
            current = placed.unit.version_at(day).and_then(|v| v.parent.as_ref());
        }
        Ok(found)
    }

    /// Where each month of `unit` (a cell placed here) counts: for months
    /// 1 to 12, the reference day and the ids of the units above the cell
    /// then (none when the cell did not exist that month).
    #[allow(clippy::type_complexity, reason = "read once, right here")]
    pub(crate) fn month_targets(
        &self,
        unit: &Unit,
        year: i32,
    ) -> Result<[(Option<NaiveDate>, Vec<i64>); 12], CoreError> {
        let mut targets: [(Option<NaiveDate>, Vec<i64>); 12] = Default::default();
        let mut by_day: HashMap<NaiveDate, Vec<i64>> = HashMap::new();
        for (month, target) in (1..).zip(targets.iter_mut()) {
            let day = reference_day(unit, year, month);
            if let Some(day) = day {
                let above = match by_day.get(&day) {
                    Some(above) => above.clone(),
                    None => {
                        let above = self.ancestor_ids(&unit.code, day)?;
                        by_day.insert(day, above.clone());
                        above
                    }
                };
                *target = (Some(day), above);
            }
        }
        Ok(targets)
    }
}

/// Sums of counters by unit id and month (0: the year).
pub(crate) type Sums = HashMap<(i64, u32), Counters>;

/// Hands each of a cell's month rows to `add` for the cell and for each
/// unit above it in that month (`targets`, from
/// [`Placements::month_targets`]), as (unit id, month) and again as
/// (unit id, 0), the year's row. Months whose row is zero are left out.
pub(crate) fn attribute(
    cell_id: i64,
    rows: &[Counters; 12],
    targets: &[(Option<NaiveDate>, Vec<i64>); 12],
    mut add: impl FnMut((i64, u32), &Counters),
) {
    for ((month, row), (_, above)) in (1u32..).zip(rows).zip(targets) {
        if row.is_zero() {
            continue;
        }
        for target in std::iter::once(&cell_id).chain(above) {
            add((*target, month), row);
            add((*target, 0), row);
        }
    }
}

/// Adds `row` to the sum at `key`.
pub(crate) fn add_to(sums: &mut Sums, key: (i64, u32), row: &Counters) {
    *sums.entry(key).or_default() += row;
}

/// Subtracts `row` from the sum at `key`.
pub(crate) fn subtract_from(sums: &mut Sums, key: (i64, u32), row: &Counters) {
    *sums.entry(key).or_default() -= row;
}

/// The rows of `sums` for `year`, ordered by unit and month, without the
/// ones that came to zero (a difference that changes nothing).
pub(crate) fn into_rows(year: i32, sums: Sums) -> Vec<IndicatorRow> {
    let mut rows: Vec<IndicatorRow> = sums
        .into_iter()
        .filter(|(_, counters)| !counters.is_zero())
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
