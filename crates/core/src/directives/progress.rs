//! Reading directives: a unit's part of one on a day with the units right
//! below it, the registers of what a committee issued and a unit received,
//! what a cell still has to teach (the meeting form's agenda picker), and
//! a recount of every tally from what was recorded.

use std::collections::HashMap;

use chibo_domain::directive::{
    Directive, DirectiveCounters, DirectiveTally, Level, MissedDeadline, missed_deadlines,
};
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{DirectiveUnitRow, StoredDirective};

use super::record::{execution_from, stored_record};
use crate::access::{DatedAccess, ReadAggregates, RecordMeetings, UnitAccess, denied};
use crate::{CoreError, Db};

/// One unit's part of a directive on a day.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressRow {
    pub unit: UnitCode,
    pub level: Level,
    pub is_target: bool,
    pub counters: DirectiveCounters,
}

/// A directive seen from one unit it reached.
#[derive(Debug, Clone)]
pub struct DirectiveProgress {
    pub stored: StoredDirective,
    pub record: Directive,
    /// The unit of the access, its whole part of the directive.
    pub unit: ProgressRow,
    /// The units right below it in the directive, by code.
    pub below: Vec<ProgressRow>,
}

fn row_on(row: &DirectiveUnitRow, today: NaiveDate) -> ProgressRow {
    ProgressRow {
        unit: row.unit.clone(),
        level: row.level,
        is_target: row.is_target,
        counters: row.sum.at(today),
    }
}

/// The directive as seen from the unit the access proves, on `today`.
/// A unit the directive did not reach gets the answer of a directive
/// that does not exist.
pub async fn directive_progress(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    directive_id: i64,
    today: NaiveDate,
) -> Result<DirectiveProgress, CoreError> {
    let store = db.store();
    let rows = store
        .directive_unit_and_children(directive_id, access.unit())
        .await?;
    let part = part_of(&rows, access.unit(), today).ok_or_else(denied)?;
    let stored = store.directive(directive_id).await?.ok_or_else(denied)?;
    let record = stored_record(&stored)?;
    Ok(DirectiveProgress {
        unit: part.unit,
        below: part.below,
        stored,
        record,
    })
}

/// The part at `unit` from its row and its children's rows, on `today`;
/// none without the unit's row (the directive did not reach it).
fn part_of(rows: &[DirectiveUnitRow], unit: &UnitCode, today: NaiveDate) -> Option<DirectivePart> {
    let own = rows.iter().find(|r| &r.unit == unit)?;
    Some(DirectivePart {
        unit: row_on(own, today),
        below: rows
            .iter()
            .filter(|r| &r.unit != unit)
            .map(|r| row_on(r, today))
            .collect(),
    })
}

/// One directive's part at the unit of an access: its row and, when
/// asked for, the rows of the units right below it there.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectivePart {
    pub unit: ProgressRow,
    /// By code; empty unless asked for.
    pub below: Vec<ProgressRow>,
}

/// The parts at the unit the access proves of each directive of `ids`
/// that reached it, on `today`, read together (two statements per
/// thousand directives): the register's and the dashboard's read. A
/// directive that did not reach the unit is left out.
pub async fn directive_parts(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    ids: &[i64],
    today: NaiveDate,
    with_below: bool,
) -> Result<HashMap<i64, DirectivePart>, CoreError> {
    let found = db
        .store()
        .directive_parts_at(ids, access.unit(), with_below)
        .await?;
    let mut parts = HashMap::with_capacity(found.len());
    for (id, rows) in found {
        if let Some(part) = part_of(&rows, access.unit(), today) {
            parts.insert(id, part);
        }
    }
    Ok(parts)
}

/// A target that missed a deadline of the directive, with each deadline
/// missed (done late, or not done by `today`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateUnit {
    pub unit: UnitCode,
    pub missed: Vec<MissedDeadline>,
}

/// The targets at or below the unit the access proves that missed a
/// deadline on `today`, by code, among the first `limit` targets there:
/// the drill-down from a unit's part to the units to chase.
pub async fn late_units(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    directive_id: i64,
    today: NaiveDate,
    limit: i64,
) -> Result<Vec<LateUnit>, CoreError> {
    let store = db.store();
    let stored = stored_directive(db, access, directive_id).await?;
    let directive = stored_record(&stored)?;
    let mut late = Vec::new();
    for (unit, unit_id, level) in store
        .directive_targets_below(directive_id, access.unit(), limit)
        .await?
    {
        let source = store
            .directive_execution_source(directive_id, unit_id, directive.key.issued_on)
            .await?;
        let execution = execution_from(&unit, level, &source)?;
        let missed = missed_deadlines(&directive, &execution, today);
        if !missed.is_empty() {
            late.push(LateUnit { unit, missed });
        }
    }
    Ok(late)
}

/// A directive reached by the unit the access proves.
pub async fn stored_directive(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    directive_id: i64,
) -> Result<StoredDirective, CoreError> {
    let store = db.store();
    let reached = store
        .directive_unit_and_children(directive_id, access.unit())
        .await?
        .iter()
        .any(|r| &r.unit == access.unit());
    if !reached {
        return Err(denied());
    }
    store.directive(directive_id).await?.ok_or_else(denied)
}

/// The register of directives the unit issued from `from` to `to`.
pub async fn directives_issued(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<StoredDirective>, CoreError> {
    Ok(db
        .store()
        .directives_issued_by(access.unit(), from, to)
        .await?)
}

/// The register of directives that target the unit, issued from `from`
/// to `to`.
pub async fn directives_received(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<StoredDirective>, CoreError> {
    Ok(db
        .store()
        .directives_targeting(access.unit(), from, to)
        .await?)
}

/// A directive a cell still has to teach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToTeach {
    pub directive_id: i64,
    pub number: String,
    pub issued_on: NaiveDate,
    pub title: String,
}

/// What the cell still has to teach at a meeting on the access's day:
/// the directives targeting it that must be taught, issued by then and
/// not taught yet, oldest first.
pub async fn to_teach(
    db: &Db,
    day: &DatedAccess<RecordMeetings>,
) -> Result<Vec<ToTeach>, CoreError> {
    Ok(db
        .store()
        .directives_to_teach(day.unit(), day.date())
        .await?
        .into_iter()
        .map(|(directive_id, number, issued_on, title)| ToTeach {
            directive_id,
            number,
            issued_on,
            title,
        })
        .collect())
}

/// Recomputes every tally of a directive from what its targets recorded
/// and writes them in one transaction: the repair for tallies damaged by
/// hand, and the reference the incremental tallies are tested against.
/// Returns the units rewritten.
pub async fn recount_directive(db: &Db, directive_id: i64) -> Result<usize, CoreError> {
    let store = db.store();
    let stored = store.directive(directive_id).await?.ok_or_else(denied)?;
    let directive = stored_record(&stored)?;
    let rows = store.directive_units_all(directive_id).await?;
    let mut sums: HashMap<i64, DirectiveTally> = HashMap::with_capacity(rows.len());
    let mut owns: HashMap<i64, DirectiveTally> = HashMap::new();
    let parent_of: HashMap<&UnitCode, Option<&UnitCode>> =
        rows.iter().map(|r| (&r.unit, r.parent.as_ref())).collect();
    let id_of: HashMap<&UnitCode, i64> = rows.iter().map(|r| (&r.unit, r.unit_id)).collect();
    for row in rows.iter().filter(|r| r.is_target) {
        let source = store
            .directive_execution_source(directive_id, row.unit_id, directive.key.issued_on)
            .await?;
        let execution = execution_from(&row.unit, row.level, &source)?;
        let own = DirectiveTally::of_unit(&directive, &execution);
        let mut current = Some(&row.unit);
        let mut steps = 0;
        while let Some(code) = current {
            let id = *id_of.get(code).ok_or_else(denied)?;
            *sums.entry(id).or_default() += &own;
            current = parent_of.get(code).copied().flatten();
            steps += 1;
            if steps > 32 {
                break;
            }
        }
        owns.insert(row.unit_id, own);
    }
    let written: Vec<(i64, Option<DirectiveTally>, DirectiveTally)> = rows
        .iter()
        .map(|r| {
            (
                r.unit_id,
                owns.remove(&r.unit_id),
                sums.remove(&r.unit_id).unwrap_or_default(),
            )
        })
        .collect();
    let mut tx = store.begin_write().await?;
    tx.replace_directive_tallies(directive_id, &written).await?;
    tx.commit().await?;
    Ok(written.len())
}
