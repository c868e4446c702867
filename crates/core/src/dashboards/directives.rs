//! Direction against execution: the directives that reached a committee
//! in a period, their indicators summed over its part of each, and the
//! same for each unit right below it and for each sector of those units,
//! so that committees and sectors compare on coverage, days to teach,
//! member reach, plans, tasks on time, backlog and reports. A composite
//! index is given only beside those parts (the mean of the shares that
//! have a value), never alone.
//!
//! Each directive's part is its stored tally (kept current on every
//! change), the parts of all the window's directives read together;
//! nothing is recounted.

use std::collections::{BTreeMap, BTreeSet};

use chibo_domain::directive::DirectiveCounters;

use super::Window;
use crate::access::{ReadAggregates, UnitAccess};
use crate::{CoreError, Db};

/// A sub-unit or a sector, with its counters over the directives.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectiveGroup {
    /// A unit's code, or a sector's code.
    pub code: String,
    /// A unit's name on the window's day; empty for a sector.
    pub name: String,
    /// How many of the directives reached it.
    pub directives: usize,
    pub counters: DirectiveCounters,
}

/// The comparison for one committee over a window.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectiveComparison {
    /// The directives issued in the window that reached the unit.
    pub directives: usize,
    /// The unit's part of all of them.
    pub unit: DirectiveCounters,
    /// The units right below it that any of them reached, by code.
    pub units: Vec<DirectiveGroup>,
    /// Those units grouped by their sector, by code.
    pub sectors: Vec<DirectiveGroup>,
}

/// The shares the composite averages, each beside it wherever it is shown.
pub fn composite_parts(counters: &DirectiveCounters) -> [Option<f64>; 5] {
    [
        counters.coverage(),
        counters.member_reach(),
        counters.plan_rate(),
        counters.tasks_on_time_share(),
        counters.reporting_compliance(),
    ]
}

/// The mean of the parts that have a value; none when none has.
pub fn composite(counters: &DirectiveCounters) -> Option<f64> {
    let present: Vec<f64> = composite_parts(counters).into_iter().flatten().collect();
    (!present.is_empty()).then(|| present.iter().sum::<f64>() / present.len() as f64)
}

/// The comparison of the unit the access proves over `window`, counters
/// as of the window's day.
pub async fn direction_against_execution(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    window: &Window,
) -> Result<DirectiveComparison, CoreError> {
    let store = db.store();
    let unit = access.unit();
    let day = window.view_day;
    let ids = store
        .directive_ids_reaching(unit, window.period.from(), window.period.to())
        .await?;
    let children = store.child_units_on(unit, day).await?;
    let sector_of = |code: &str| {
        children
            .iter()
            .find(|c| c.code.as_str() == code)
            .map(|c| c.sector.clone())
            .unwrap_or_default()
    };
    let mut own = DirectiveCounters::default();
    let mut below: BTreeMap<String, (usize, DirectiveCounters)> = BTreeMap::new();
    let mut sectors: BTreeMap<String, (usize, DirectiveCounters)> = BTreeMap::new();
    let parts = crate::directives::directive_parts(db, access, &ids, day, true).await?;
    for id in &ids {
        let Some(part) = parts.get(id) else {
            continue;
        };
        own += &part.unit.counters;
        let mut sectors_reached = BTreeSet::new();
        for row in &part.below {
            let counters = &row.counters;
            let code = row.unit.as_str();
            let sector = sector_of(code);
            let entry = sectors.entry(sector.clone()).or_default();
            entry.1 += counters;
            if sectors_reached.insert(sector) {
                entry.0 += 1;
            }
            let entry = below.entry(code.to_owned()).or_default();
            entry.0 += 1;
            entry.1 += counters;
        }
    }
    let units: Vec<DirectiveGroup> = below
        .into_iter()
        .map(|(code, (directives, counters))| DirectiveGroup {
            name: children
                .iter()
                .find(|c| c.code.as_str() == code)
                .map_or_else(|| code.clone(), |c| c.name.clone()),
            code,
            directives,
            counters,
        })
        .collect();
    Ok(DirectiveComparison {
        directives: ids.len(),
        unit: own,
        units,
        sectors: sectors
            .into_iter()
            .map(|(code, (directives, counters))| DirectiveGroup {
                code,
                name: String::new(),
                directives,
                counters,
            })
            .collect(),
    })
}
