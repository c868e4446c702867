//! Units with their counters over a window, and month by month, with the
//! history of merged and split units added when the reader asks for it.

use crate::Db;
use std::collections::{BTreeSet, HashMap};

use chibo_domain::UnitCode;
use chibo_domain::indicators::{Counter, Counters};
use chibo_domain::unit::UnitKind;
use chibo_store::{MonthSpan, Reach, Store, SubtreeCounters, SuccessionLink};

use super::{History, Window};
use crate::CoreError;
use crate::access::{ReadAggregates, UnitAccess};
use crate::resident_rows::{ResidentRows, YearRows};

/// A unit as a dashboard lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitLine {
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    pub sector: String,
    pub parent: Option<UnitCode>,
    /// 0 for the dashboard's unit, 1 for its sub-units, and so on.
    pub depth: i64,
    /// The counters shown: its own, plus its predecessors' when history
    /// follows successors.
    pub counters: Counters,
    /// Its own counters only (the tree as it stood), which always add up
    /// to the parent's.
    pub own: Counters,
    /// The units whose history was added, oldest link first.
    pub inherited: Vec<UnitCode>,
}

/// Which units each unit carries on from, by merges and splits that took
/// effect by the window's last listed day.
struct Predecessors {
    direct: HashMap<UnitCode, Vec<UnitCode>>,
}

impl Predecessors {
    async fn load(store: &Store, window: &Window) -> Result<Predecessors, CoreError> {
        let mut direct: HashMap<UnitCode, Vec<UnitCode>> = HashMap::new();
        for SuccessionLink {
            source,
            target,
            effective_on,
        } in store.succession_links().await?
        {
            if effective_on <= window.view_day {
                direct.entry(target).or_default().push(source);
            }
        }
        Ok(Predecessors { direct })
    }

    /// Every unit `code` carries on from, transitively.
    fn of(&self, code: &UnitCode) -> Vec<UnitCode> {
        let mut seen = BTreeSet::from([code.clone()]);
        let mut found = Vec::new();
        let mut queue = vec![code.clone()];
        while let Some(current) = queue.pop() {
            for source in self.direct.get(&current).into_iter().flatten() {
                if seen.insert(source.clone()) {
                    found.push(source.clone());
                    queue.push(source.clone());
                }
            }
        }
        found
    }
}

/// The years of `spans` from memory, when every span can be summed there.
async fn resident_spans(
    store: &Store,
    resident: &ResidentRows,
    spans: &[MonthSpan],
) -> Result<Option<Vec<(MonthSpan, std::sync::Arc<YearRows>)>>, CoreError> {
    let mut found = Vec::new();
    for span in spans {
        let rows = resident.year(&Db::from(store), span.year).await?;
        if !rows.serves(span.first, span.last) {
            return Ok(None);
        }
        found.push((*span, rows));
    }
    Ok(Some(found))
}

/// The units of the subtree with their counters over the window: the tree
/// from the database and the counters from memory when it keeps the rows
/// of the window, else both from the database.
async fn subtree_rows(
    store: &Store,
    resident: &ResidentRows,
    access: &UnitAccess<ReadAggregates>,
    window: &Window,
    reach: Reach,
    counters: &[Counter],
) -> Result<Vec<SubtreeCounters>, CoreError> {
    let spans = window.spans();
    let Some(years) = resident_spans(store, resident, &spans).await? else {
        return Ok(store
            .subtree_counters(access.unit(), window.view_day, reach, &spans, counters)
            .await?);
    };
    let mut units = store
        .subtree_units(access.unit(), window.view_day, reach)
        .await?;
    for unit in &mut units {
        for (span, rows) in &years {
            if let Some(sum) = rows.sum(unit.id, span.first, span.last) {
                unit.counters += &sum;
            }
        }
    }
    Ok(units)
}

/// The dashboard's unit and the units under it within `reach`, as the tree
/// stood on the window's view day, parents first, with at least `counters`
/// summed over the window (all of them when empty).
pub async fn unit_lines(
    db: &Db,
    resident: &ResidentRows,
    access: &UnitAccess<ReadAggregates>,
    window: &Window,
    reach: Reach,
    history: History,
    counters: &[Counter],
) -> Result<Vec<UnitLine>, CoreError> {
    let store = db.store();
    let mut lines: Vec<UnitLine> = Vec::new();
    for row in subtree_rows(store, resident, access, window, reach, counters).await? {
        lines.push(UnitLine {
            code: row.code,
            name: row.name,
            kind: row.kind,
            sector: row.sector,
            parent: row.parent,
            depth: row.depth,
            counters: Counters::default(),
            own: row.counters,
            inherited: Vec::new(),
        });
    }
    for line in &mut lines {
        line.counters = line.own;
    }
    if history == History::FollowSuccessors {
        let predecessors = Predecessors::load(store, window).await?;
        for line in &mut lines {
            line.inherited = predecessors.of(&line.code);
        }
        let wanted: Vec<UnitCode> = lines
            .iter()
            .flat_map(|l| l.inherited.iter().cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if !wanted.is_empty() {
            let mut sums: HashMap<UnitCode, Counters> = HashMap::new();
            for span in window.spans() {
                for (code, _, counters) in store.counters_of_units(&wanted, span, false).await? {
                    *sums.entry(code).or_default() += &counters;
                }
            }
            for line in &mut lines {
                for code in &line.inherited {
                    if let Some(counters) = sums.get(code) {
                        line.counters += counters;
                    }
                }
            }
        }
    }
    Ok(lines)
}

/// The counters of `lines` for each month of `window` (aligned with
/// `window.months`), with their predecessors' rows when the lines carry
/// them.
/// The counters an indicator is computed from, with the meetings every
/// table shows beside a figure.
pub fn counters_of(indicators: &[&chibo_domain::indicators::Indicator]) -> Vec<Counter> {
    let mut counters = vec![Counter::Meetings];
    for indicator in indicators {
        for counter in indicator.formula.counters() {
            if !counters.contains(&counter) {
                counters.push(counter);
            }
        }
    }
    counters
}

pub async fn monthly_counters(
    db: &Db,
    lines: &[UnitLine],
    window: &Window,
) -> Result<HashMap<UnitCode, Vec<Counters>>, CoreError> {
    let store = db.store();
    let mut owners: HashMap<UnitCode, Vec<UnitCode>> = HashMap::new();
    for line in lines {
        for code in std::iter::once(&line.code).chain(&line.inherited) {
            owners
                .entry(code.clone())
                .or_default()
                .push(line.code.clone());
        }
    }
    let codes: Vec<UnitCode> = owners.keys().cloned().collect();
    let position: HashMap<(i32, u32), usize> = window
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| (*m, i))
        .collect();
    let mut out: HashMap<UnitCode, Vec<Counters>> = lines
        .iter()
        .map(|l| {
            (
                l.code.clone(),
                vec![Counters::default(); window.months.len()],
            )
        })
        .collect();
    let mut years: Vec<i32> = window.months.iter().map(|(y, _)| *y).collect();
    years.dedup();
    for year in years {
        let months = window.months.iter().filter(|(y, _)| *y == year);
        let first = months.clone().map(|(_, m)| *m).min().unwrap_or(1);
        let last = months.map(|(_, m)| *m).max().unwrap_or(12);
        let span = chibo_store::MonthSpan { year, first, last };
        for (code, month, counters) in store.counters_of_units(&codes, span, true).await? {
            let Some(&slot) = position.get(&(year, month)) else {
                continue;
            };
            for owner in owners.get(&code).into_iter().flatten() {
                if let Some(series) = out.get_mut(owner) {
                    series[slot] += &counters;
                }
            }
        }
    }
    Ok(out)
}
