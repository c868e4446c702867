//! A rollout wave and the rules it keeps. `Wave::cells` reports every
//! problem at once, located by field, or the cells the wave targets:
//!
//! - the name is present, at most `MAX_NAME_LEN` characters, without
//!   hidden characters;
//! - the model version is known and already in force on the start date;
//! - 1 to `MAX_UNITS` units, none twice;
//! - each unit exists on the start date (a unit dissolved by then, or not
//!   yet created, is refused) and lies in the owner's subtree that day;
//! - a committee stands for its cells on the start date (the dated tree),
//!   a cell for itself; a unit without a cell that day is refused, and so
//!   is a cell reached twice (a committee and one of its cells);
//! - no targeted cell is already in an earlier wave of the same model.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::RolloutProblem;
use crate::text::{check_title, normalize};
use crate::unit::UnitKind;
use crate::{Message, NaiveDate, UnitCode, Validity};

pub const MAX_NAME_LEN: usize = 300;
/// A wave lists committees or cells; a city has about 2,300 cells.
pub const MAX_UNITS: usize = 3_000;

/// A wave: who adopts which model version from which day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wave {
    pub name: String,
    /// The committee that runs the rollout.
    pub owner: UnitCode,
    /// `code@version` of a meeting model.
    pub model_version: String,
    /// The first day the wave's cells are to follow the model.
    pub start: NaiveDate,
    /// Committees (standing for their cells) and cells, as listed.
    pub units: Vec<UnitCode>,
}

/// A unit of the owner's subtree on the start date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubtreeUnit {
    pub code: UnitCode,
    pub kind: UnitKind,
    pub parent: Option<UnitCode>,
}

/// What the stored tree says of a listed unit: its whole lifetime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedUnit {
    pub lifetime: Validity,
}

/// A stored wave of the same model, with the cells it targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierWave {
    pub name: String,
    pub cells: BTreeSet<UnitCode>,
}

/// The facts a wave is checked against.
#[derive(Debug, Clone, Default)]
pub struct WaveFacts {
    /// The first day of the model version; `None`: no such version.
    pub model_from: Option<NaiveDate>,
    /// The owner's subtree on the start date (empty if it did not exist).
    pub subtree: Vec<SubtreeUnit>,
    /// Each listed unit that exists at all.
    pub listed: BTreeMap<UnitCode, ListedUnit>,
    pub earlier: Vec<EarlierWave>,
}

impl Wave {
    /// The wave with its name in normal form.
    pub fn normalized(mut self) -> Wave {
        self.name = normalize(&self.name);
        self.model_version = self.model_version.trim().to_owned();
        self
    }

    /// The cells the wave targets, in code order, or every problem.
    pub fn cells(&self, facts: &WaveFacts) -> Result<Vec<UnitCode>, Vec<RolloutProblem>> {
        let mut problems = Vec::new();
        let name = normalize(&self.name);
        if name.is_empty() {
            problems.push(RolloutProblem::new(
                "name",
                Message::new("rollout-name-missing"),
            ));
        } else if name.chars().count() > MAX_NAME_LEN {
            problems.push(RolloutProblem::new(
                "name",
                Message::new("rollout-name-too-long").arg("max", MAX_NAME_LEN),
            ));
        } else if let Err(message) = check_title(&self.name) {
            problems.push(RolloutProblem::new("name", message));
        }
        match facts.model_from {
            None => problems.push(RolloutProblem::new(
                "model_version",
                Message::new("rollout-model-unknown").arg("model", &self.model_version),
            )),
            Some(from) if self.start < from => problems.push(RolloutProblem::new(
                "start",
                Message::new("rollout-before-model")
                    .arg("model", &self.model_version)
                    .date("from", from)
                    .date("start", self.start),
            )),
            Some(_) => {}
        }
        if facts.subtree.is_empty() {
            problems.push(RolloutProblem::new(
                "owner",
                Message::new("rollout-owner-absent")
                    .arg("owner", &self.owner)
                    .date("on", self.start),
            ));
        }
        if self.units.is_empty() {
            problems.push(RolloutProblem::new(
                "units",
                Message::new("rollout-units-empty"),
            ));
        }
        if self.units.len() > MAX_UNITS {
            problems.push(RolloutProblem::new(
                "units",
                Message::new("rollout-too-many-units").arg("max", MAX_UNITS),
            ));
            return Err(problems);
        }
        let in_tree: BTreeMap<&UnitCode, &SubtreeUnit> =
            facts.subtree.iter().map(|u| (&u.code, u)).collect();
        let mut children: BTreeMap<&UnitCode, Vec<&SubtreeUnit>> = BTreeMap::new();
        for unit in &facts.subtree {
            if let Some(parent) = &unit.parent {
                children.entry(parent).or_default().push(unit);
            }
        }
        let mut reached: BTreeMap<UnitCode, usize> = BTreeMap::new();
        let mut listed = BTreeSet::new();
        for (i, code) in self.units.iter().enumerate() {
            let field = format!("units.{i}");
            if !listed.insert(code) {
                problems.push(RolloutProblem::new(
                    field,
                    Message::new("rollout-unit-twice").arg("unit", code),
                ));
                continue;
            }
            let Some(facts_of) = facts.listed.get(code) else {
                problems.push(RolloutProblem::new(
                    field,
                    Message::new("rollout-unit-unknown").arg("unit", code),
                ));
                continue;
            };
            let life = facts_of.lifetime;
            if let Some(to) = life.to.filter(|to| *to <= self.start) {
                problems.push(RolloutProblem::new(
                    field,
                    Message::new("rollout-unit-dissolved")
                        .arg("unit", code)
                        .date("on", to)
                        .date("start", self.start),
                ));
                continue;
            }
            if life.from > self.start {
                problems.push(RolloutProblem::new(
                    field,
                    Message::new("rollout-unit-not-yet")
                        .arg("unit", code)
                        .date("from", life.from)
                        .date("start", self.start),
                ));
                continue;
            }
            let Some(unit) = in_tree.get(code) else {
                problems.push(RolloutProblem::new(
                    field,
                    Message::new("rollout-unit-outside")
                        .arg("unit", code)
                        .arg("owner", &self.owner)
                        .date("on", self.start),
                ));
                continue;
            };
            let cells = cells_under(unit, &children);
            if cells.is_empty() {
                problems.push(RolloutProblem::new(
                    field,
                    Message::new("rollout-unit-no-cells")
                        .arg("unit", code)
                        .date("on", self.start),
                ));
                continue;
            }
            for cell in cells {
                if let Some(first) = reached.insert(cell.clone(), i) {
                    problems.push(RolloutProblem::new(
                        field.clone(),
                        Message::new("rollout-cell-reached-twice")
                            .arg("cell", &cell)
                            .arg("other", &self.units[first]),
                    ));
                }
            }
        }
        for (cell, i) in &reached {
            if let Some(wave) = facts.earlier.iter().find(|w| w.cells.contains(cell)) {
                problems.push(RolloutProblem::new(
                    format!("units.{i}"),
                    Message::new("rollout-cell-in-earlier-wave")
                        .arg("cell", cell)
                        .arg("wave", &wave.name)
                        .arg("model", &self.model_version),
                ));
            }
        }
        if problems.is_empty() {
            Ok(reached.into_keys().collect())
        } else {
            Err(problems)
        }
    }
}

/// The cells at or under `unit` in the subtree.
fn cells_under(
    unit: &SubtreeUnit,
    children: &BTreeMap<&UnitCode, Vec<&SubtreeUnit>>,
) -> Vec<UnitCode> {
    let mut cells = Vec::new();
    let mut stack = vec![unit];
    while let Some(next) = stack.pop() {
        if next.kind.is_cell() {
            cells.push(next.code.clone());
        }
        if let Some(below) = children.get(&next.code) {
            stack.extend(below.iter().copied());
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(raw: &str) -> UnitCode {
        UnitCode::parse(raw).unwrap()
    }

    fn d(raw: &str) -> NaiveDate {
        raw.parse().unwrap()
    }

    fn unit(code: &str, kind: UnitKind, parent: Option<&str>) -> SubtreeUnit {
        SubtreeUnit {
            code: c(code),
            kind,
            parent: parent.map(c),
        }
    }

    /// CT.NK (a superior committee) with a grassroots committee CT.NK.P1
    /// holding cells .C1 and .C2, and a grassroots cell CT.NK.P2.
    fn facts() -> WaveFacts {
        let subtree = vec![
            unit("CT.NK", UnitKind::SuperiorCommittee, Some("CT")),
            unit("CT.NK.P1", UnitKind::GrassrootsCommittee, Some("CT.NK")),
            unit("CT.NK.P1.C1", UnitKind::SubordinateCell, Some("CT.NK.P1")),
            unit("CT.NK.P1.C2", UnitKind::SubordinateCell, Some("CT.NK.P1")),
            unit("CT.NK.P2", UnitKind::GrassrootsCell, Some("CT.NK")),
        ];
        let life = |from: &str, to: Option<&str>| ListedUnit {
            lifetime: Validity {
                from: d(from),
                to: to.map(d),
            },
        };
        let mut listed = BTreeMap::new();
        for u in &subtree {
            listed.insert(u.code.clone(), life("2020-01-01", None));
        }
        listed.insert(c("CT.NK.GONE"), life("2020-01-01", Some("2025-12-31")));
        listed.insert(c("CT.CR.C9"), life("2020-01-01", None));
        WaveFacts {
            model_from: Some(d("2025-10-28")),
            subtree,
            listed,
            earlier: vec![],
        }
    }

    fn wave(units: &[&str]) -> Wave {
        Wave {
            name: "Đợt 1".to_owned(),
            owner: c("CT.NK"),
            model_version: "regular-2025@1".to_owned(),
            start: d("2026-03-01"),
            units: units.iter().map(|u| c(u)).collect(),
        }
    }

    fn ids(problems: &[RolloutProblem]) -> Vec<(&str, &str)> {
        problems
            .iter()
            .map(|p| (p.field.as_str(), p.message.id))
            .collect()
    }

    #[test]
    fn a_committee_stands_for_its_cells_on_the_start_date() {
        let cells = wave(&["CT.NK.P1", "CT.NK.P2"]).cells(&facts()).unwrap();
        assert_eq!(
            cells,
            vec![c("CT.NK.P1.C1"), c("CT.NK.P1.C2"), c("CT.NK.P2")]
        );
    }

    #[test]
    fn every_bad_unit_is_located_at_once() {
        let mut facts = facts();
        facts.earlier.push(EarlierWave {
            name: "Đợt 0".to_owned(),
            cells: [c("CT.NK.P2")].into(),
        });
        let err = wave(&[
            "CT.CR.C9",
            "CT.NK.GONE",
            "CT.NK.P2",
            "CT.NK.P1",
            "CT.NK.P1.C1",
            "CT.X",
        ])
        .cells(&facts)
        .unwrap_err();
        assert_eq!(
            ids(&err),
            vec![
                ("units.0", "rollout-unit-outside"),
                ("units.1", "rollout-unit-dissolved"),
                ("units.4", "rollout-cell-reached-twice"),
                ("units.5", "rollout-unit-unknown"),
                ("units.2", "rollout-cell-in-earlier-wave"),
            ]
        );
    }

    #[test]
    fn a_start_before_the_model_version_is_refused() {
        let mut early = wave(&["CT.NK.P2"]);
        early.start = d("2025-10-01");
        let err = early.cells(&facts()).unwrap_err();
        assert_eq!(ids(&err), vec![("start", "rollout-before-model")]);
        let mut facts = facts();
        facts.model_from = None;
        let err = wave(&["CT.NK.P2"]).cells(&facts).unwrap_err();
        assert_eq!(ids(&err), vec![("model_version", "rollout-model-unknown")]);
    }

    #[test]
    fn a_name_and_units_are_required() {
        let mut empty = wave(&[]);
        empty.name = "  ".to_owned();
        let err = empty.cells(&facts()).unwrap_err();
        assert_eq!(
            ids(&err),
            vec![
                ("name", "rollout-name-missing"),
                ("units", "rollout-units-empty")
            ]
        );
    }
}
