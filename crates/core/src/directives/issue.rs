//! Issuing a directive: the record checked by the domain, its targets
//! expanded from the tree of its issue date (the issuer's subtree through
//! the filter, or the units named, each of which must stand below the
//! issuer that day), the units between each target and the issuer kept
//! with them, and everything written in one transaction with the audit
//! entry and the first tallies.

use std::collections::{HashMap, HashSet};

use chibo_domain::directive::{Directive, DirectiveTally, Due, Execution, Level, Stage, Target};
use chibo_domain::{Message, SectorCode, UnitCode};
use chibo_store::{DirectiveFile, DirectiveWrite, NewDirectiveUnit, StoreError, TreeRow, WriteTx};

use super::files::{AttachedFile, checked};
use crate::access::{EditUnits, UnitAccess};
use crate::audit::AuditContext;
use crate::{Clock, CoreError, Db, Problem};

fn problem(field: &str, message: Message) -> Problem {
    Problem::in_field(field, message)
}

/// A directive checked and planned, ready to write.
pub(crate) struct PlannedIssue {
    directive: Directive,
    file: Option<DirectiveFile>,
    units: Vec<NewDirectiveUnit>,
    target_json: String,
    deadlines_json: String,
}

/// Issues `directive` as the unit the access proves, with its attached
/// file; returns its id. Nothing is written when anything is wrong: every
/// problem comes back located by field.
pub async fn issue_directive(
    db: &Db,
    clock: &dyn Clock,
    issuer: &UnitAccess<EditUnits>,
    author: &AuditContext,
    directive: &Directive,
    file: Option<&AttachedFile>,
    is_demo: bool,
) -> Result<i64, CoreError> {
    if &directive.issuer != issuer.unit() {
        let mut problems = problems_of(directive);
        problems.push(problem(
            "issuer",
            Message::new("directive-issuer-not-granted")
                .arg("unit", &directive.issuer)
                .arg("granted", issuer.unit()),
        ));
        return Err(CoreError::Invalid(problems));
    }
    let planned = plan_issue(db, directive, file).await?;
    let mut tx = db.store().begin_write().await?;
    let id = write_issue(&mut tx, clock, author, &planned, is_demo).await?;
    tx.commit().await?;
    Ok(id)
}

fn problems_of(directive: &Directive) -> Vec<Problem> {
    directive
        .validate()
        .into_iter()
        .map(|p| problem(&p.field, p.message))
        .collect()
}

/// Checks a directive against the domain's rules, the tree of its issue
/// date and the stored directives, and plans the units it reaches.
pub(crate) async fn plan_issue(
    db: &Db,
    directive: &Directive,
    file: Option<&AttachedFile>,
) -> Result<PlannedIssue, CoreError> {
    let store = db.store();
    let mut problems = problems_of(directive);
    let stored_file = match file.map(checked).transpose() {
        Ok(found) => found,
        Err(message) => {
            problems.push(problem("file", message));
            None
        }
    };
    let issued_on = directive.key.issued_on;
    let tree = store.subtree_as_of(&directive.issuer, issued_on).await?;
    if tree.is_empty() {
        problems.push(problem(
            "issued_on",
            Message::new("directive-issuer-not-on-date")
                .arg("unit", &directive.issuer)
                .date("issued_on", issued_on),
        ));
        return Err(CoreError::Invalid(problems));
    }
    let targets = expand_targets(db, directive, &tree, &mut problems).await?;
    if store
        .directive_by_key(&directive.issuer, &directive.key)
        .await?
        .is_some()
    {
        problems.push(duplicate(directive));
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let meetings = if uses_next_meeting(directive) {
        store
            .regular_meetings_since(&targets.iter().collect::<Vec<_>>(), issued_on)
            .await?
    } else {
        HashMap::new()
    };
    Ok(PlannedIssue {
        units: reached_units(directive, &tree, &targets, &meetings)?,
        target_json: serde_json::to_string(&directive.target).unwrap_or_default(),
        deadlines_json: serde_json::to_string(&directive.deadlines).unwrap_or_default(),
        directive: directive.clone(),
        file: stored_file,
    })
}

/// Writes a planned directive in `tx` with its audit entry; returns its id.
pub(crate) async fn write_issue(
    tx: &mut WriteTx,
    clock: &dyn Clock,
    author: &AuditContext,
    planned: &PlannedIssue,
    is_demo: bool,
) -> Result<i64, CoreError> {
    let directive = &planned.directive;
    let entry = author.entry(
        clock,
        "issue",
        "directive",
        &format!("{} {}", directive.key.number, directive.key.issued_on),
        Some(&directive.issuer),
        None::<&Directive>,
        Some(directive),
    );
    let write = DirectiveWrite {
        issuer: &directive.issuer,
        key: &directive.key,
        doc_type: directive.doc_type.abbreviation(),
        title: &directive.title,
        summary: &directive.summary,
        must_teach: directive.must_teach,
        target: &planned.target_json,
        deadlines: &planned.deadlines_json,
        implements: directive.implements.as_ref(),
        file: planned.file.as_ref(),
        units: &planned.units,
        is_demo,
        now: clock.now(),
    };
    // The issuer is locked so that two issues of one number by it run one
    // after the other, and the second sees the first.
    tx.lock_units(&[&directive.issuer]).await?;
    match tx.insert_directive(&write, &[entry]).await {
        Ok(id) => Ok(id),
        Err(StoreError::Duplicate(_)) => Err(CoreError::invalid(duplicate(directive))),
        Err(other) => Err(other.into()),
    }
}

fn duplicate(directive: &Directive) -> Problem {
    problem(
        "number",
        Message::new("directive-duplicate")
            .arg("number", directive.key.number.as_str())
            .date("issued_on", directive.key.issued_on)
            .arg("unit", &directive.issuer),
    )
}

fn uses_next_meeting(directive: &Directive) -> bool {
    directive.deadlines.0.values().any(|level| {
        Stage::ALL
            .into_iter()
            .any(|stage| level.get(stage) == Some(Due::NextRegularMeeting))
    })
}

/// The codes of the target units, in tree order; problems for the units
/// named that the directive cannot reach.
async fn expand_targets(
    db: &Db,
    directive: &Directive,
    tree: &[TreeRow],
    problems: &mut Vec<Problem>,
) -> Result<Vec<UnitCode>, CoreError> {
    let below: HashSet<&UnitCode> = tree
        .iter()
        .filter(|r| r.depth > 0)
        .map(|r| &r.code)
        .collect();
    let issued_on = directive.key.issued_on;
    let targets: Vec<UnitCode> = match &directive.target {
        Target::Subtree(filter) => tree
            .iter()
            .filter(|r| r.depth > 0)
            .filter(|r| {
                SectorCode::parse(&r.sector).is_ok_and(|sector| filter.admits(r.kind, &sector))
            })
            .map(|r| r.code.clone())
            .collect(),
        Target::Units(units) => {
            let mut found = Vec::new();
            for unit in units {
                if below.contains(unit) {
                    found.push(unit.clone());
                    continue;
                }
                if unit == &directive.issuer {
                    // The domain's check names this one.
                    continue;
                }
                let stored = db.store().unit(unit).await?;
                let message = match stored {
                    None => Message::new("directive-target-unknown").arg("unit", unit),
                    Some(stored) => match stored.lifetime().to {
                        Some(ended) if ended <= issued_on => {
                            Message::new("directive-target-dissolved")
                                .arg("unit", unit)
                                .date("dissolved_on", ended)
                                .date("issued_on", issued_on)
                        }
                        _ => Message::new("directive-target-outside")
                            .arg("unit", unit)
                            .arg("issuer", &directive.issuer)
                            .date("issued_on", issued_on),
                    },
                };
                problems.push(problem("target", message));
            }
            found
        }
    };
    let named_nothing = matches!(&directive.target, Target::Units(units) if units.is_empty());
    let target_refused = problems
        .iter()
        .any(|p| p.field.as_deref() == Some("target"));
    if targets.is_empty() && !named_nothing && !target_refused {
        problems.push(problem("target", Message::new("directive-target-none")));
    }
    Ok(targets)
}

/// The units a directive reaches: its targets and every unit between one
/// and the issuer on the issue date, with their first tallies summed up.
fn reached_units(
    directive: &Directive,
    tree: &[TreeRow],
    targets: &[UnitCode],
    meetings: &HashMap<UnitCode, Vec<chibo_domain::NaiveDate>>,
) -> Result<Vec<NewDirectiveUnit>, CoreError> {
    let rows: HashMap<&UnitCode, &TreeRow> = tree.iter().map(|r| (&r.code, r)).collect();
    let is_target: HashSet<&UnitCode> = targets.iter().collect();
    let mut reached: HashSet<&UnitCode> = HashSet::new();
    reached.insert(&directive.issuer);
    for target in targets {
        let mut current = Some(target);
        while let Some(code) = current {
            if !reached.insert(code) {
                break;
            }
            current = rows.get(code).and_then(|r| r.parent.as_ref());
        }
    }
    // Tree order (parents before children) reversed: children are summed
    // into their parents before the parents are.
    let mut units: Vec<NewDirectiveUnit> = Vec::with_capacity(reached.len());
    let mut index: HashMap<&UnitCode, usize> = HashMap::with_capacity(reached.len());
    for row in tree.iter().filter(|r| reached.contains(&r.code)) {
        let level = Level::of(row.kind);
        let own = is_target.contains(&row.code).then(|| {
            let mut execution = Execution::new(row.code.clone(), level);
            if let Some(days) = meetings.get(&row.code) {
                execution.regular_meetings = days.clone();
            }
            DirectiveTally::of_unit(directive, &execution)
        });
        index.insert(&row.code, units.len());
        units.push(NewDirectiveUnit {
            unit: row.code.clone(),
            parent: (row.depth > 0).then(|| row.parent.clone()).flatten(),
            level,
            is_target: own.is_some(),
            sum: own.clone().unwrap_or_default(),
            own,
        });
    }
    for position in (0..units.len()).rev() {
        let Some(parent) = units[position].parent.clone() else {
            continue;
        };
        let Some(parent_index) = index.get(&parent).copied() else {
            return Err(CoreError::Store(StoreError::Corrupt(format!(
                "unit {parent} above a target"
            ))));
        };
        let sum = units[position].sum.clone();
        units[parent_index].sum += &sum;
    }
    Ok(units)
}
