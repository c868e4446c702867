//! Units compared on one indicator: the spread of cells within each sector,
//! and ranking tables that show what each figure rests on.

use std::collections::BTreeMap;

use chibo_domain::indicators::{Counter, Counters, Direction, Indicator, Value};
use chibo_domain::unit::UnitKind;

use super::UnitLine;

/// A unit is ranked only when its figure rests on at least this many held
/// meetings (half a year of monthly meetings): one or two meetings say
/// little about a cell, and small units must not be over-read. The others
/// are listed after the ranked ones, unranked.
pub const MIN_MEETINGS_TO_RANK: i64 = 6;

/// Which units a ranking compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    /// The unit's direct sub-units.
    #[default]
    Children,
    /// Grassroots organizations (grassroots committees and grassroots
    /// cells) anywhere below.
    Grassroots,
    /// Every cell below.
    Cells,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Children, Level::Grassroots, Level::Cells];

    pub fn code(self) -> &'static str {
        match self {
            Level::Children => "children",
            Level::Grassroots => "grassroots",
            Level::Cells => "cells",
        }
    }

    pub fn parse(raw: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == raw)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Level::Children => "dashboard-level-children",
            Level::Grassroots => "dashboard-level-grassroots",
            Level::Cells => "dashboard-level-cells",
        }
    }

    /// Whether a line below the dashboard's unit belongs to the level.
    pub fn includes(self, line: &UnitLine) -> bool {
        line.depth > 0
            && match self {
                Level::Children => line.depth == 1,
                Level::Grassroots => matches!(
                    line.kind,
                    UnitKind::GrassrootsCommittee | UnitKind::GrassrootsCell
                ),
                Level::Cells => line.kind.is_cell(),
            }
    }
}

/// One line of a ranking table.
#[derive(Debug, Clone)]
pub struct RankedUnit<'a> {
    pub line: &'a UnitLine,
    pub value: Value,
    /// Held meetings behind the figure.
    pub meetings: i64,
    /// 1 for the best; equal values share a rank (1, 2, 2, 4). `None` for
    /// units with too few meetings or no value.
    pub rank: Option<usize>,
}

/// Better first: by value in the indicator's direction.
fn better_first(indicator: &Indicator, a: f64, b: f64) -> std::cmp::Ordering {
    match indicator.direction {
        Direction::HigherIsBetter => b.total_cmp(&a),
        Direction::LowerIsBetter => a.total_cmp(&b),
    }
}

/// The units of `level` ranked on `indicator`: ranked units first, best
/// first; then units with too few meetings; then units without a value.
/// Ties keep Vietnamese name order.
pub fn ranking<'a>(
    lines: &'a [UnitLine],
    indicator: &Indicator,
    level: Level,
) -> Vec<RankedUnit<'a>> {
    let mut units: Vec<RankedUnit<'a>> = lines
        .iter()
        .filter(|line| level.includes(line))
        .map(|line| RankedUnit {
            line,
            value: indicator.value(&line.counters),
            meetings: line.counters.get(Counter::Meetings),
            rank: None,
        })
        .collect();
    let group = |u: &RankedUnit| match u.value.value {
        Some(_) if u.meetings >= MIN_MEETINGS_TO_RANK => 0,
        Some(_) => 1,
        None => 2,
    };
    units.sort_by(|a, b| {
        group(a)
            .cmp(&group(b))
            .then_with(|| match (a.value.value, b.value.value) {
                (Some(x), Some(y)) => better_first(indicator, x, y),
                _ => std::cmp::Ordering::Equal,
            })
            .then_with(|| chibo_domain::collation::compare(&a.line.name, &b.line.name))
    });
    let mut previous: Option<(f64, usize)> = None;
    for (position, unit) in units.iter_mut().enumerate() {
        if group(unit) != 0 {
            break;
        }
        let value = unit.value.value.unwrap_or_default();
        let rank = match previous {
            Some((last, rank)) if last == value => rank,
            _ => position + 1,
        };
        unit.rank = Some(rank);
        previous = Some((value, rank));
    }
    units
}

/// The cells of one sector on one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct SectorSpread {
    pub sector: String,
    /// Cells of the sector listed (with or without a value).
    pub cells: usize,
    /// The value of each cell that has one, in ascending order.
    pub values: Vec<f64>,
    /// The sector's value from its cells' counters summed: what the
    /// indicator's aggregation gives, not the mean of the cells' values.
    pub pooled: Value,
}

/// Each sector's cells on `indicator`, sectors in code order.
pub fn sector_spread(lines: &[UnitLine], indicator: &Indicator) -> Vec<SectorSpread> {
    let mut sectors: BTreeMap<&str, (usize, Vec<f64>, Counters)> = BTreeMap::new();
    for line in lines.iter().filter(|l| l.depth > 0 && l.kind.is_cell()) {
        let entry = sectors.entry(line.sector.as_str()).or_default();
        entry.0 += 1;
        if let Some(value) = indicator.value(&line.counters).value {
            entry.1.push(value);
        }
        entry.2 += &line.counters;
    }
    sectors
        .into_iter()
        .map(|(sector, (cells, mut values, counters))| {
            values.sort_by(f64::total_cmp);
            SectorSpread {
                sector: sector.to_owned(),
                cells,
                values,
                pooled: indicator.value(&counters),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chibo_domain::UnitCode;

    fn line(code: &str, name: &str, sector: &str, meetings: i64, present: i64) -> UnitLine {
        let mut counters = Counters::default();
        counters.add(Counter::Meetings, meetings);
        counters.add(Counter::Eligible, 10 * meetings);
        counters.add(Counter::Present, present);
        UnitLine {
            code: UnitCode::parse(code).unwrap(),
            name: name.to_owned(),
            kind: UnitKind::SubordinateCell,
            sector: sector.to_owned(),
            parent: None,
            depth: 1,
            counters,
            own: counters,
            inherited: Vec::new(),
        }
    }

    fn attendance() -> &'static Indicator {
        crate::indicators::catalog()
            .indicator("attendance_rate")
            .unwrap()
    }

    #[test]
    fn ties_share_a_rank_and_thin_units_are_not_ranked() {
        let lines = vec![
            line("A", "Chi bộ Ấp 1", "commune", 12, 100), // 100/120
            line("B", "Chi bộ Ấp 2", "commune", 12, 110), // 110/120
            line("C", "Chi bộ Ấp 3", "commune", 6, 55),   // 55/60 = 110/120
            line("D", "Chi bộ Ấp 4", "commune", 2, 20),   // 100%, but 2 meetings
            line("E", "Chi bộ Ấp 5", "commune", 0, 0),    // no value
        ];
        let ranked = ranking(&lines, attendance(), Level::Cells);
        let order: Vec<(&str, Option<usize>)> = ranked
            .iter()
            .map(|r| (r.line.code.as_str(), r.rank))
            .collect();
        assert_eq!(
            order,
            vec![
                ("B", Some(1)),
                ("C", Some(1)),
                ("A", Some(3)),
                ("D", None),
                ("E", None)
            ]
        );
        assert_eq!(ranked[3].meetings, 2);
    }

    #[test]
    fn lower_is_better_ranks_the_smallest_first() {
        let unexcused = crate::indicators::catalog()
            .indicator("unexcused_rate")
            .unwrap();
        let mut a = line("A", "A", "x", 12, 120);
        a.counters.add(Counter::Unexcused, 6);
        let mut b = line("B", "B", "x", 12, 120);
        b.counters.add(Counter::Unexcused, 1);
        let lines = [a, b];
        let ranked = ranking(&lines, unexcused, Level::Children);
        assert_eq!(ranked[0].line.code.as_str(), "B");
    }

    #[test]
    fn a_sector_pools_its_cells_counters_rather_than_averaging_their_values() {
        let lines = vec![
            line("A", "A", "health", 1, 10), // 100%
            line("B", "B", "health", 9, 45), // 50%
            line("C", "C", "police", 0, 0),  // no value
        ];
        let spread = sector_spread(&lines, attendance());
        assert_eq!(spread.len(), 2);
        assert_eq!(spread[0].sector, "health");
        assert_eq!(spread[0].values, vec![50.0, 100.0]);
        // 55 present of 100 expected: 55%, not the mean 75%.
        assert_eq!(spread[0].pooled.value, Some(55.0));
        assert_eq!(spread[1].cells, 1);
        assert!(spread[1].values.is_empty());
    }
}
