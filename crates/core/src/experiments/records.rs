//! Experiments as records. A draft is checked whole against the domain's
//! rules, the stored tree (each cell a cell of the owner's subtree when the
//! intervention starts; its sector; the day it began) and the running
//! experiments (a cell in at most one), and every problem comes back
//! located, with nothing written. Starting freezes the design: afterwards
//! a change is accepted only with a reason, and each changed field is
//! recorded as a deviation with its values before and after, in the same
//! transaction as the change and its audit entry.

use std::collections::{BTreeMap, HashSet};

use chibo_domain::experiment::{Arm, CellFacts, Design, FieldChange, Status, changed_fields};
use chibo_domain::text::normalize;
use chibo_domain::{Message, NaiveDate, SectorCode, UnitCode};
use chibo_store::{DeviationWrite, ExperimentCell, ExperimentWrite, StoreError, StoredDeviation};

use crate::access::{
    Actor, EditUnits, Permission, ReadAggregates, UnitAccess, denied, unit_access,
};
use crate::audit::AuditContext;
use crate::{Clock, CoreError, Db, Problem};

/// A stored experiment, its design read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Experiment {
    pub id: i64,
    pub status: Status,
    pub design: Design,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub is_demo: bool,
    pub row_version: i64,
}

/// Proof that the actor may do `P` with one experiment: `P` on the
/// committee that owns it. An experiment outside the grants looks like a
/// missing one.
#[derive(Debug, Clone)]
pub struct ExperimentAccess<P: Permission> {
    experiment: Experiment,
    unit: UnitAccess<P>,
}

impl<P: Permission> ExperimentAccess<P> {
    pub fn experiment(&self) -> &Experiment {
        &self.experiment
    }

    pub fn unit(&self) -> &UnitAccess<P> {
        &self.unit
    }
}

fn experiment_of(stored: chibo_store::StoredExperiment) -> Result<Experiment, CoreError> {
    let corrupt = |what: String| CoreError::Store(StoreError::Corrupt(what));
    let design: Design = serde_json::from_str(&stored.design)
        .map_err(|e| corrupt(format!("experiment {} design: {e}", stored.id)))?;
    let status = Status::parse(&stored.status)
        .ok_or_else(|| corrupt(format!("experiment {} status {}", stored.id, stored.status)))?;
    Ok(Experiment {
        id: stored.id,
        status,
        design,
        started_on: stored.started_on,
        ended_on: stored.ended_on,
        is_demo: stored.is_demo,
        row_version: stored.row_version,
    })
}

pub async fn experiment_access<P: Permission>(
    db: &Db,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
) -> Result<ExperimentAccess<P>, CoreError> {
    if !actor.may_any(P::ACTION) {
        return Err(denied());
    }
    let stored = db.store().experiment(id).await?.ok_or_else(denied)?;
    let unit = unit_access::<P>(db, actor, &stored.owner, today).await?;
    Ok(ExperimentAccess {
        experiment: experiment_of(stored)?,
        unit,
    })
}

/// The experiments the unit owns, newest first.
pub async fn experiments_of(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
) -> Result<Vec<Experiment>, CoreError> {
    db.store()
        .experiments_owned_by(std::slice::from_ref(access.unit()))
        .await?
        .into_iter()
        .map(experiment_of)
        .collect()
}

/// The experiments of every committee in the subtrees the accesses
/// prove (a grant's unit and every unit below it on `today`), newest
/// first, each with its owner's name today: one read of the store.
pub async fn experiments_under(
    db: &Db,
    tops: &[UnitAccess<ReadAggregates>],
    today: NaiveDate,
) -> Result<Vec<(Experiment, String)>, CoreError> {
    let roots: Vec<UnitCode> = tops.iter().map(|t| t.unit().clone()).collect();
    db.store()
        .experiments_under(&roots, today)
        .await?
        .into_iter()
        .map(|(stored, owner_name)| Ok((experiment_of(stored)?, owner_name)))
        .collect()
}

/// The deviations recorded since the start, in order.
pub async fn experiment_deviations<P: Permission>(
    db: &Db,
    access: &ExperimentAccess<P>,
) -> Result<Vec<StoredDeviation>, CoreError> {
    Ok(db
        .store()
        .experiment_deviations(access.experiment.id)
        .await?)
}

/// The field of a cell of the design (`pilot.2`, `comparison.0`).
fn cell_fields(design: &Design) -> Vec<(UnitCode, String)> {
    let pilots = design
        .pilot
        .iter()
        .enumerate()
        .map(|(i, c)| (c.clone(), format!("pilot.{i}")));
    let comparisons = design
        .comparison
        .iter()
        .enumerate()
        .map(|(i, c)| (c.cell.clone(), format!("comparison.{i}")));
    pilots.chain(comparisons).collect()
}

/// Every problem of a design: the domain's rules on the facts of the
/// stored tree, cells outside the owner's subtree or not cells, and cells
/// in another running experiment.
pub(crate) async fn design_problems(
    db: &Db,
    design: &Design,
    experiment: Option<i64>,
) -> Result<Vec<Problem>, CoreError> {
    let store = db.store();
    let mut problems = Vec::new();
    let day = design.intervention_from;
    let subtree: HashSet<UnitCode> = store
        .subtree_as_of(&design.owner, day)
        .await?
        .into_iter()
        .filter(|r| r.depth > 0 && r.kind.is_cell())
        .map(|r| r.code)
        .collect();
    let mut facts: BTreeMap<UnitCode, CellFacts> = BTreeMap::new();
    let mut seen = HashSet::new();
    for (cell, field) in cell_fields(design) {
        if !seen.insert(cell.clone()) {
            continue;
        }
        let Some(unit) = store.unit(&cell).await? else {
            continue;
        };
        let version = unit
            .version_at(day)
            .or_else(|| unit.versions.last())
            .cloned();
        if let Some(version) = version {
            facts.insert(
                cell.clone(),
                CellFacts {
                    sector: version.sector.clone(),
                    exists_from: unit.lifetime().from,
                },
            );
        }
        if !subtree.contains(&cell) {
            problems.push(Problem::in_field(
                &field,
                Message::new("experiment-cell-outside")
                    .arg("cell", &cell)
                    .arg("owner", &design.owner)
                    .date("on", day),
            ));
        }
    }
    if crate::models::by_key(&design.model_version).is_none() {
        problems.push(Problem::in_field(
            "model_version",
            Message::new("experiment-model-unknown").arg("model", &design.model_version),
        ));
    }
    let rubrics = crate::rubrics::rubrics(db).await?;
    if !rubrics
        .iter()
        .any(|r| format!("{}@{}", r.code, r.version) == design.rubric_version.trim())
    {
        problems.push(Problem::in_field(
            "rubric_version",
            Message::new("experiment-rubric-unknown").arg("rubric", &design.rubric_version),
        ));
    }
    problems.extend(
        design
            .validate(&facts)
            .into_iter()
            .map(|p| Problem::in_field(&p.field, p.message)),
    );
    problems.extend(super::constructs::survey_problems(db, design).await?);
    let cells: Vec<UnitCode> = design.cells().into_iter().map(|(c, _)| c).collect();
    let fields: BTreeMap<UnitCode, String> = cell_fields(design).into_iter().rev().collect();
    for running in store
        .cells_in_running_experiments(&cells, experiment)
        .await?
    {
        let field = fields
            .get(&running.cell)
            .cloned()
            .unwrap_or_else(|| "pilot".to_owned());
        problems.push(Problem::in_field(
            &field,
            Message::new("experiment-cell-running")
                .arg("cell", &running.cell)
                .arg("experiment", &running.experiment_name),
        ));
    }
    Ok(problems)
}

fn stored_cells(design: &Design) -> Vec<ExperimentCell> {
    let mut cells: Vec<ExperimentCell> = design
        .pilot
        .iter()
        .map(|c| ExperimentCell {
            cell: c.clone(),
            arm: Arm::Pilot.code(),
            matched_to: None,
        })
        .collect();
    cells.extend(design.comparison.iter().map(|c| ExperimentCell {
        cell: c.cell.clone(),
        arm: Arm::Comparison.code(),
        matched_to: Some(c.matched_to.clone()),
    }));
    cells
}

fn design_json(design: &Design) -> Result<String, CoreError> {
    serde_json::to_string(design)
        .map_err(|e| CoreError::Store(StoreError::Corrupt(format!("design: {e}"))))
}

/// Creates a draft experiment of the unit the access proves; returns its
/// id. Nothing is written when anything is wrong.
pub async fn create_experiment(
    db: &Db,
    clock: &dyn Clock,
    access: &UnitAccess<EditUnits>,
    author: &AuditContext,
    design: &Design,
    is_demo: bool,
) -> Result<i64, CoreError> {
    let mut problems = design_problems(db, design, None).await?;
    if &design.owner != access.unit() {
        problems.push(Problem::in_field(
            "owner",
            Message::new("experiment-owner-not-granted")
                .arg("owner", &design.owner)
                .arg("granted", access.unit()),
        ));
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let json = design_json(design)?;
    let entry = author.entry(
        clock,
        "create",
        "experiment",
        &normalize(&design.name),
        Some(&design.owner),
        None::<&Design>,
        Some(design),
    );
    let name = normalize(&design.name);
    let cells = stored_cells(design);
    let write = ExperimentWrite {
        owner: &design.owner,
        name: &name,
        design: &json,
        cells: &cells,
        is_demo,
        now: clock.now(),
    };
    let mut tx = db.store().begin_write().await?;
    let id = tx.insert_experiment(&write, &[entry]).await?;
    tx.commit().await?;
    Ok(id)
}

/// Replaces the design of an experiment. A draft changes freely; a
/// running experiment only with a `reason`, each changed field recorded
/// as a deviation; an ended one not at all. Returns the changed fields.
pub async fn revise_experiment(
    db: &Db,
    clock: &dyn Clock,
    access: &ExperimentAccess<EditUnits>,
    author: &AuditContext,
    design: &Design,
    reason: Option<&str>,
) -> Result<Vec<FieldChange>, CoreError> {
    let experiment = &access.experiment;
    if experiment.status == Status::Ended {
        return Err(CoreError::refused(
            Message::new("experiment-ended").arg("name", &experiment.design.name),
        ));
    }
    let changes = changed_fields(&experiment.design, design);
    if changes.is_empty() {
        return Ok(changes);
    }
    let mut problems = design_problems(db, design, Some(experiment.id)).await?;
    if design.owner != experiment.design.owner {
        problems.push(Problem::in_field(
            "owner",
            Message::new("experiment-owner-fixed").arg("owner", &experiment.design.owner),
        ));
    }
    let reason = reason.map(normalize).unwrap_or_default();
    let running = experiment.status == Status::Running;
    if running && reason.is_empty() {
        for change in &changes {
            problems.push(Problem::in_field(
                change.field,
                Message::new("experiment-frozen")
                    .arg("field", change.field)
                    .date(
                        "started_on",
                        experiment.started_on.unwrap_or(design.intervention_from),
                    ),
            ));
        }
    }
    if reason.chars().count() > chibo_domain::experiment::MAX_REASON_LEN {
        problems.push(Problem::in_field(
            "reason",
            Message::new("experiment-reason-too-long")
                .arg("max", chibo_domain::experiment::MAX_REASON_LEN),
        ));
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let deviations: Vec<DeviationWrite> = if running {
        changes
            .iter()
            .map(|c| DeviationWrite {
                field: c.field.to_owned(),
                before: c.before.to_string(),
                after: c.after.to_string(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let json = design_json(design)?;
    let entry = author.entry(
        clock,
        if running { "deviate" } else { "update" },
        "experiment",
        &experiment.id.to_string(),
        Some(&experiment.design.owner),
        Some(&experiment.design),
        Some(design),
    );
    let mut tx = db.store().begin_write().await?;
    tx.replace_experiment_design(
        experiment.id,
        experiment.row_version,
        &normalize(&design.name),
        &json,
        &stored_cells(design),
        &deviations,
        &reason,
        clock.today(),
        clock.now(),
        &[entry],
    )
    .await
    .map_err(|e| running_cell(e, design))?;
    tx.commit().await?;
    Ok(changes)
}

/// A cell claimed meanwhile by another running experiment, as a problem.
fn running_cell(error: StoreError, design: &Design) -> CoreError {
    match error {
        StoreError::Duplicate(cell) => {
            let field = cell_fields(design)
                .into_iter()
                .find(|(c, _)| c.as_str() == cell)
                .map_or_else(|| "pilot".to_owned(), |(_, f)| f);
            CoreError::invalid(Problem::in_field(
                &field,
                Message::new("experiment-cell-running")
                    .arg("cell", &cell)
                    .arg("experiment", "?"),
            ))
        }
        other => other.into(),
    }
}

/// Starts a draft on `on`, no later than its intervention's first day:
/// the design is checked again and frozen, its cells claimed.
pub async fn start_experiment(
    db: &Db,
    clock: &dyn Clock,
    access: &ExperimentAccess<EditUnits>,
    author: &AuditContext,
    on: NaiveDate,
) -> Result<(), CoreError> {
    let experiment = &access.experiment;
    if experiment.status != Status::Draft {
        return Err(CoreError::refused(
            Message::new("experiment-not-draft")
                .arg("name", &experiment.design.name)
                .arg("status", experiment.status.code()),
        ));
    }
    let design = &experiment.design;
    let mut problems = design_problems(db, design, Some(experiment.id)).await?;
    if on > design.intervention_from {
        problems.push(Problem::in_field(
            "started_on",
            Message::new("experiment-start-late")
                .date("on", on)
                .date("intervention_from", design.intervention_from),
        ));
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let entry = author.entry(
        clock,
        "start",
        "experiment",
        &experiment.id.to_string(),
        Some(&design.owner),
        None::<&Design>,
        Some(design),
    );
    let mut tx = db.store().begin_write().await?;
    tx.start_experiment(
        experiment.id,
        experiment.row_version,
        on,
        &stored_cells(design),
        &[entry],
    )
    .await
    .map_err(|e| running_cell(e, design))?;
    tx.commit().await?;
    Ok(())
}

/// Ends a running experiment on `on`, releasing its cells.
pub async fn end_experiment(
    db: &Db,
    clock: &dyn Clock,
    access: &ExperimentAccess<EditUnits>,
    author: &AuditContext,
    on: NaiveDate,
) -> Result<(), CoreError> {
    let experiment = &access.experiment;
    if experiment.status != Status::Running {
        return Err(CoreError::refused(
            Message::new("experiment-not-running").arg("name", &experiment.design.name),
        ));
    }
    let entry = author.entry(
        clock,
        "end",
        "experiment",
        &experiment.id.to_string(),
        Some(&experiment.design.owner),
        None::<&Design>,
        None::<&Design>,
    );
    let mut tx = db.store().begin_write().await?;
    tx.end_experiment(experiment.id, experiment.row_version, on, &[entry])
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The sector of a stored sector text, for callers reading tree rows.
pub(crate) fn sector_of(raw: &str) -> Option<SectorCode> {
    SectorCode::parse(raw).ok()
}
