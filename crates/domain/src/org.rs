//! The dated org tree: its whole history, the rules it must keep at every
//! date, and the reorganizations that change it.
//!
//! Reorganizations are planned on an in-memory [`OrgHistory`]; the result is
//! validated as a whole and only then handed to the store as the list of
//! touched units and the events, so a change that breaks a rule never
//! reaches the database.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::text::Name;
use crate::unit::{Unit, UnitKind, UnitVersion};
use crate::{Message, SectorCode, UnitCode, Validity};

/// The document that decided a reorganization, keyed by number *and* date
/// because numbers repeat (two documents are both "12-HD/BTCTW").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SourceDocument {
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgEventKind {
    Rename,
    Move,
    Reclassify,
    Merge,
    Split,
    Dissolve,
}

impl OrgEventKind {
    pub const ALL: [OrgEventKind; 6] = [
        OrgEventKind::Rename,
        OrgEventKind::Move,
        OrgEventKind::Reclassify,
        OrgEventKind::Merge,
        OrgEventKind::Split,
        OrgEventKind::Dissolve,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrgEventKind::Rename => "rename",
            OrgEventKind::Move => "move",
            OrgEventKind::Reclassify => "reclassify",
            OrgEventKind::Merge => "merge",
            OrgEventKind::Split => "split",
            OrgEventKind::Dissolve => "dissolve",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            OrgEventKind::Rename => "event-rename",
            OrgEventKind::Move => "event-move",
            OrgEventKind::Reclassify => "event-reclassify",
            OrgEventKind::Merge => "event-merge",
            OrgEventKind::Split => "event-split",
            OrgEventKind::Dissolve => "event-dissolve",
        }
    }
}

/// A dated reorganization. For a merge the sources are the merged units and
/// the target is what they became; for a split, the reverse; for a rename,
/// move or dissolution the unit is its own source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgEvent {
    pub kind: OrgEventKind,
    pub effective_on: NaiveDate,
    pub document: SourceDocument,
    pub sources: Vec<UnitCode>,
    pub targets: Vec<UnitCode>,
    pub note: Option<String>,
}

/// Which field of a unit a problem is about, so that an import can point at
/// the column that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitField {
    Code,
    Name,
    Kind,
    Sector,
    Parent,
    ValidFrom,
    ValidTo,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgProblem {
    pub unit: UnitCode,
    pub field: UnitField,
    pub message: Message,
}

impl OrgProblem {
    fn new(unit: &UnitCode, field: UnitField, message: Message) -> Self {
        Self {
            unit: unit.clone(),
            field,
            message: message.arg("unit", unit),
        }
    }
}

/// Attributes of a unit to create.
#[derive(Debug, Clone)]
pub struct NewUnit {
    pub code: UnitCode,
    pub name: Name,
    pub kind: UnitKind,
    pub sector: SectorCode,
    pub parent: Option<UnitCode>,
}

/// Attributes to change on an existing unit; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct UnitChange {
    pub name: Option<Name>,
    pub kind: Option<UnitKind>,
    pub sector: Option<SectorCode>,
    /// `Some(None)` would make the unit a root; only root kinds allow that.
    pub parent: Option<Option<UnitCode>>,
}

impl UnitChange {
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.kind.is_none() && self.sector.is_none() && self.parent.is_none()
    }
}

/// The history of every unit, with the reorganization events recorded so far.
#[derive(Debug, Clone, Default)]
pub struct OrgHistory {
    units: BTreeMap<UnitCode, Unit>,
    events: Vec<OrgEvent>,
    /// Units created or changed since the history was loaded, with the events
    /// that explain them: what the store has to write.
    touched: BTreeSet<UnitCode>,
    new_events: Vec<OrgEvent>,
}

/// What to write after a successful plan: the full new version list of each
/// touched unit and the new events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgChangeSet {
    pub units: Vec<Unit>,
    pub events: Vec<OrgEvent>,
}

impl OrgChangeSet {
    pub fn is_empty(&self) -> bool {
        self.units.is_empty() && self.events.is_empty()
    }
}

/// An operation that cannot even be planned (the unit does not exist, the
/// date is before its last change, …).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct OrgError {
    pub message: Message,
    pub field: UnitField,
}

impl OrgError {
    fn new(field: UnitField, message: Message) -> Self {
        Self { message, field }
    }
}

impl OrgHistory {
    pub fn from_parts(units: Vec<Unit>, events: Vec<OrgEvent>) -> Self {
        Self {
            units: units.into_iter().map(|u| (u.code.clone(), u)).collect(),
            events,
            touched: BTreeSet::new(),
            new_events: Vec::new(),
        }
    }

    pub fn unit(&self, code: &UnitCode) -> Option<&Unit> {
        self.units.get(code)
    }

    pub fn units(&self) -> impl Iterator<Item = &Unit> {
        self.units.values()
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    pub fn events(&self) -> impl Iterator<Item = &OrgEvent> {
        self.events.iter().chain(self.new_events.iter())
    }

    /// The planned changes, leaving the history as if freshly loaded.
    pub fn take_changes(&mut self) -> OrgChangeSet {
        let touched = std::mem::take(&mut self.touched);
        let events = std::mem::take(&mut self.new_events);
        self.events.extend(events.iter().cloned());
        OrgChangeSet {
            units: touched
                .iter()
                .filter_map(|code| self.units.get(code).cloned())
                .collect(),
            events,
        }
    }

    fn record(&mut self, event: OrgEvent) {
        self.new_events.push(event);
    }

    fn existing_mut(&mut self, code: &UnitCode, field: UnitField) -> Result<&mut Unit, OrgError> {
        self.units
            .get_mut(code)
            .ok_or_else(|| OrgError::new(field, Message::new("err-unit-unknown").arg("unit", code)))
    }

    /// Creates a unit existing from `on`. Its first version records the
    /// creation, so no event is written for it.
    pub fn create(&mut self, unit: NewUnit, on: NaiveDate, is_demo: bool) -> Result<(), OrgError> {
        if self.units.contains_key(&unit.code) {
            return Err(OrgError::new(
                UnitField::Code,
                Message::new("err-unit-duplicate").arg("unit", &unit.code),
            ));
        }
        let code = unit.code.clone();
        self.units.insert(
            code.clone(),
            Unit {
                code: code.clone(),
                versions: vec![UnitVersion {
                    name: unit.name,
                    kind: unit.kind,
                    sector: unit.sector,
                    parent: unit.parent,
                    validity: Validity::open(on),
                }],
                is_demo,
            },
        );
        self.touched.insert(code);
        Ok(())
    }

    /// Opens a new version of an open unit from `on` with the given changes.
    /// A change dated on the first day of the current version amends it.
    pub fn change(
        &mut self,
        code: &UnitCode,
        change: UnitChange,
        on: NaiveDate,
        document: &SourceDocument,
    ) -> Result<(), OrgError> {
        let unit = self.existing_mut(code, UnitField::Code)?;
        let current = unit.latest().clone();
        if let Some(end) = current.validity.to {
            return Err(OrgError::new(
                UnitField::ValidTo,
                Message::new("err-unit-dissolved")
                    .arg("unit", code)
                    .date("date", end),
            ));
        }
        if on < current.validity.from {
            return Err(OrgError::new(
                UnitField::ValidFrom,
                Message::new("err-change-before-last")
                    .arg("unit", code)
                    .date("date", on)
                    .date("last", current.validity.from),
            ));
        }
        let mut next = current.clone();
        let mut kinds = Vec::new();
        if let Some(name) = change.name.filter(|n| *n != current.name) {
            next.name = name;
            kinds.push(OrgEventKind::Rename);
        }
        if let Some(parent) = change.parent.filter(|p| *p != current.parent) {
            next.parent = parent;
            kinds.push(OrgEventKind::Move);
        }
        let kind_changed = change.kind.is_some_and(|k| k != current.kind);
        let sector_changed = change.sector.as_ref().is_some_and(|s| *s != current.sector);
        if kind_changed || sector_changed {
            next.kind = change.kind.unwrap_or(current.kind);
            next.sector = change.sector.unwrap_or(current.sector.clone());
            kinds.push(OrgEventKind::Reclassify);
        }
        if kinds.is_empty() {
            return Ok(());
        }
        if on == current.validity.from {
            *unit.latest_mut() = next;
        } else {
            unit.latest_mut().validity.to = Some(on);
            next.validity = Validity::open(on);
            unit.versions.push(next);
        }
        self.touched.insert(code.clone());
        for kind in kinds {
            self.record(OrgEvent {
                kind,
                effective_on: on,
                document: document.clone(),
                sources: vec![code.clone()],
                targets: vec![code.clone()],
                note: None,
            });
        }
        Ok(())
    }

    fn close(&mut self, code: &UnitCode, on: NaiveDate) -> Result<(), OrgError> {
        let unit = self.existing_mut(code, UnitField::Code)?;
        let last = unit.latest_mut();
        if let Some(end) = last.validity.to {
            return Err(OrgError::new(
                UnitField::ValidTo,
                Message::new("err-unit-dissolved")
                    .arg("unit", code)
                    .date("date", end),
            ));
        }
        if on <= last.validity.from {
            return Err(OrgError::new(
                UnitField::ValidTo,
                Message::new("err-change-before-last")
                    .arg("unit", code)
                    .date("date", on)
                    .date("last", last.validity.from),
            ));
        }
        last.validity.to = Some(on);
        self.touched.insert(code.clone());
        Ok(())
    }

    /// Ends a unit on `on`. Its sub-units must have been moved or ended first.
    pub fn dissolve(
        &mut self,
        code: &UnitCode,
        on: NaiveDate,
        document: &SourceDocument,
    ) -> Result<(), OrgError> {
        self.close(code, on)?;
        self.record(OrgEvent {
            kind: OrgEventKind::Dissolve,
            effective_on: on,
            document: document.clone(),
            sources: vec![code.clone()],
            targets: vec![],
            note: None,
        });
        Ok(())
    }

    /// The units whose version on `date` has `parent` as parent.
    pub fn children_at(&self, parent: &UnitCode, date: NaiveDate) -> Vec<UnitCode> {
        self.units
            .values()
            .filter(|u| {
                u.version_at(date)
                    .is_some_and(|v| v.parent.as_ref() == Some(parent))
            })
            .map(|u| u.code.clone())
            .collect()
    }

    fn move_children(
        &mut self,
        from: &UnitCode,
        assign: &dyn Fn(&UnitCode) -> UnitCode,
        on: NaiveDate,
        document: &SourceDocument,
    ) -> Result<(), OrgError> {
        for child in self.children_at(from, on) {
            let change = UnitChange {
                parent: Some(Some(assign(&child))),
                ..UnitChange::default()
            };
            self.change(&child, change, on, document)?;
        }
        Ok(())
    }

    /// Merges `sources` into `target` on `on`: the target continues (or is
    /// created from `new_target`), the sources end, and their sub-units move
    /// under the target. Members of merged cells are moved by the caller.
    pub fn merge(
        &mut self,
        sources: &[UnitCode],
        target: &UnitCode,
        new_target: Option<NewUnit>,
        on: NaiveDate,
        document: &SourceDocument,
    ) -> Result<(), OrgError> {
        if sources.is_empty() {
            return Err(OrgError::new(
                UnitField::Code,
                Message::new("err-merge-no-source"),
            ));
        }
        if sources.contains(target) {
            return Err(OrgError::new(
                UnitField::Code,
                Message::new("err-merge-into-itself").arg("unit", target),
            ));
        }
        match (self.units.get(target), new_target) {
            (Some(existing), _) => {
                if !existing.lifetime().contains(on) {
                    return Err(OrgError::new(
                        UnitField::Code,
                        Message::new("err-merge-into-dissolved")
                            .arg("unit", target)
                            .date("date", on),
                    ));
                }
            }
            (None, Some(new_unit)) => {
                self.create(new_unit, on, false)?;
            }
            (None, None) => {
                return Err(OrgError::new(
                    UnitField::Code,
                    Message::new("err-unit-unknown").arg("unit", target),
                ));
            }
        }
        for source in sources {
            self.existing_mut(source, UnitField::Code)?;
            self.move_children(source, &|_| target.clone(), on, document)?;
            self.close(source, on)?;
        }
        self.record(OrgEvent {
            kind: OrgEventKind::Merge,
            effective_on: on,
            document: document.clone(),
            sources: sources.to_vec(),
            targets: vec![target.clone()],
            note: None,
        });
        Ok(())
    }

    /// Splits `source` into `targets` on `on`. Sub-units go to the target that
    /// `assignment` names, or to the first target. Members are moved by the caller.
    pub fn split(
        &mut self,
        source: &UnitCode,
        targets: Vec<NewUnit>,
        assignment: &HashMap<UnitCode, UnitCode>,
        on: NaiveDate,
        document: &SourceDocument,
    ) -> Result<(), OrgError> {
        if targets.len() < 2 {
            return Err(OrgError::new(
                UnitField::Code,
                Message::new("err-split-too-few"),
            ));
        }
        self.existing_mut(source, UnitField::Code)?;
        let target_codes: Vec<UnitCode> = targets.iter().map(|t| t.code.clone()).collect();
        for (child, target) in assignment {
            if !target_codes.contains(target) {
                return Err(OrgError::new(
                    UnitField::Code,
                    Message::new("err-split-unknown-target")
                        .arg("unit", child)
                        .arg("target", target),
                ));
            }
        }
        for target in targets {
            self.create(target, on, false)?;
        }
        let first = target_codes[0].clone();
        self.move_children(
            source,
            &|child| {
                assignment
                    .get(child)
                    .cloned()
                    .unwrap_or_else(|| first.clone())
            },
            on,
            document,
        )?;
        self.close(source, on)?;
        self.record(OrgEvent {
            kind: OrgEventKind::Split,
            effective_on: on,
            document: document.clone(),
            sources: vec![source.clone()],
            targets: target_codes,
            note: None,
        });
        Ok(())
    }

    /// Every rule the tree must keep at every date. Empty when the history is valid.
    ///
    /// Checking each version at its own start date is enough for cycles: in a
    /// loop that exists on some date, the version that started last already
    /// closes the loop on its own start date.
    pub fn validate(&self) -> Vec<OrgProblem> {
        let mut problems = Vec::new();
        let mut roots: Vec<(&UnitCode, Validity)> = Vec::new();
        for unit in self.units.values() {
            self.validate_versions(unit, &mut problems);
            for version in &unit.versions {
                match &version.parent {
                    None if version.kind.may_be_root() => {
                        roots.push((&unit.code, version.validity))
                    }
                    None => problems.push(OrgProblem::new(
                        &unit.code,
                        UnitField::Parent,
                        Message::new("err-parent-missing").arg("kind", version.kind.code()),
                    )),
                    Some(parent) => self.validate_parent(unit, version, parent, &mut problems),
                }
            }
        }
        for (i, (code_a, validity_a)) in roots.iter().enumerate() {
            for (code_b, validity_b) in &roots[i + 1..] {
                if code_a != code_b && validity_a.overlaps(validity_b) {
                    problems.push(OrgProblem::new(
                        code_b,
                        UnitField::Parent,
                        Message::new("err-second-root").arg("other", code_a),
                    ));
                }
            }
        }
        problems
    }

    fn validate_versions(&self, unit: &Unit, problems: &mut Vec<OrgProblem>) {
        for pair in unit.versions.windows(2) {
            if pair[0].validity.to != Some(pair[1].validity.from) {
                problems.push(OrgProblem::new(
                    &unit.code,
                    UnitField::ValidFrom,
                    Message::new("err-versions-not-consecutive")
                        .date("date", pair[1].validity.from),
                ));
            }
        }
        for version in &unit.versions {
            if let Some(to) = version
                .validity
                .to
                .filter(|&to| to <= version.validity.from)
            {
                problems.push(OrgProblem::new(
                    &unit.code,
                    UnitField::ValidTo,
                    Message::new("err-dates-out-of-order")
                        .date("from", version.validity.from)
                        .date("to", to),
                ));
            }
        }
    }

    fn validate_parent(
        &self,
        unit: &Unit,
        version: &UnitVersion,
        parent_code: &UnitCode,
        problems: &mut Vec<OrgProblem>,
    ) {
        if parent_code == &unit.code {
            problems.push(OrgProblem::new(
                &unit.code,
                UnitField::Parent,
                Message::new("err-cycle"),
            ));
            return;
        }
        let Some(parent) = self.units.get(parent_code) else {
            problems.push(OrgProblem::new(
                &unit.code,
                UnitField::Parent,
                Message::new("err-parent-unknown").arg("parent", parent_code),
            ));
            return;
        };
        if !parent.lifetime().covers(&version.validity) {
            problems.push(OrgProblem::new(
                &unit.code,
                UnitField::Parent,
                Message::new("err-parent-not-existing")
                    .arg("parent", parent_code)
                    .date("from", version.validity.from),
            ));
        }
        for parent_version in parent
            .versions
            .iter()
            .filter(|pv| pv.validity.overlaps(&version.validity))
        {
            if !version.kind.fits_under(parent_version.kind) {
                let id = if parent_version.kind.is_cell() {
                    "err-cell-with-sub-units"
                } else {
                    "err-kind-does-not-fit"
                };
                problems.push(OrgProblem::new(
                    &unit.code,
                    UnitField::Kind,
                    Message::new(id)
                        .arg("kind", version.kind.code())
                        .arg("parent", parent_code)
                        .arg("parent_kind", parent_version.kind.code()),
                ));
                break;
            }
        }
        if self.reaches(parent_code, &unit.code, version.validity.from) {
            problems.push(OrgProblem::new(
                &unit.code,
                UnitField::Parent,
                Message::new("err-cycle").arg("parent", parent_code),
            ));
        }
    }

    /// True when walking up from `start` on `date` meets `target`.
    fn reaches(&self, start: &UnitCode, target: &UnitCode, date: NaiveDate) -> bool {
        let mut current = start;
        for _ in 0..=self.units.len() {
            if current == target {
                return true;
            }
            match self
                .units
                .get(current)
                .and_then(|u| u.version_at(date))
                .and_then(|v| v.parent.as_ref())
            {
                Some(parent) => current = parent,
                None => return false,
            }
        }
        true // more steps than units: there is a loop above `start`
    }

    /// What a unit became: the units that its merges and splits led to, transitively.
    pub fn successors(&self, code: &UnitCode) -> Vec<(UnitCode, OrgEvent)> {
        self.follow(code, |e| (&e.sources, &e.targets))
    }

    /// Where a unit came from: the units merged or split into it, transitively.
    pub fn predecessors(&self, code: &UnitCode) -> Vec<(UnitCode, OrgEvent)> {
        self.follow(code, |e| (&e.targets, &e.sources))
    }

    fn follow(
        &self,
        code: &UnitCode,
        direction: impl Fn(&OrgEvent) -> (&Vec<UnitCode>, &Vec<UnitCode>),
    ) -> Vec<(UnitCode, OrgEvent)> {
        let mut found = Vec::new();
        let mut seen = BTreeSet::from([code.clone()]);
        let mut queue = vec![code.clone()];
        while let Some(current) = queue.pop() {
            for event in self
                .events()
                .filter(|e| matches!(e.kind, OrgEventKind::Merge | OrgEventKind::Split))
            {
                let (from, to) = direction(event);
                if !from.contains(&current) {
                    continue;
                }
                for next in to {
                    if seen.insert(next.clone()) {
                        found.push((next.clone(), event.clone()));
                        queue.push(next.clone());
                    }
                }
            }
        }
        found
    }

    /// The tree as it stood on `date`: every unit existing then, with its version.
    pub fn as_of(&self, date: NaiveDate) -> Vec<(&UnitCode, &UnitVersion)> {
        self.units
            .values()
            .filter_map(|u| u.version_at(date).map(|v| (&u.code, v)))
            .collect()
    }
}
