//! Reorganizations asked for one at a time (from the command line or a
//! form): planned on the loaded history, validated whole, written at once.
//! Members of merged cells follow their cell into the merged one.

use chibo_domain::member::Period;
use chibo_domain::org::{NewUnit, OrgHistory, SourceDocument, UnitChange};
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{MemberChangeSet, Store};

use crate::{CoreError, Problem};

/// A reorganization of the org tree.
#[derive(Debug, Clone)]
pub enum Reorganization {
    Change {
        unit: UnitCode,
        change: UnitChange,
    },
    Dissolve {
        unit: UnitCode,
    },
    Merge {
        sources: Vec<UnitCode>,
        target: UnitCode,
        new_target: Option<NewUnit>,
    },
}

/// Plans, validates and records one reorganization dated `on`.
pub async fn reorganize(
    store: &Store,
    reorganization: Reorganization,
    on: NaiveDate,
    document: &SourceDocument,
) -> Result<(), CoreError> {
    let revision = store.revision().await?;
    let mut org = store.load_org_history().await?;
    let moved_cells = match &reorganization {
        Reorganization::Merge {
            sources, target, ..
        } => sources
            .iter()
            .map(|s| (s.clone(), target.clone()))
            .collect(),
        _ => Vec::new(),
    };
    let planned = match reorganization {
        Reorganization::Change { unit, change } => org.change(&unit, change, on, document),
        Reorganization::Dissolve { unit } => org.dissolve(&unit, on, document),
        Reorganization::Merge {
            sources,
            target,
            new_target,
        } => org.merge(&sources, &target, new_target, on, document),
    };
    planned.map_err(|e| CoreError::refused(e.message))?;
    check(&org)?;
    let members = transfer_members(store, &org, &moved_cells, on).await?;
    let changes = org.take_changes();
    let revision = store.apply_org_changes(&changes, revision).await?;
    if !members.is_empty() {
        store.apply_member_changes(&members, revision).await?;
    }
    Ok(())
}

fn check(org: &OrgHistory) -> Result<(), CoreError> {
    let problems: Vec<Problem> = org
        .validate()
        .into_iter()
        .map(|p| Problem::about_unit(&p.unit, p.message))
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(problems))
    }
}

/// Members of each merged cell move to the target cell on the merge date.
async fn transfer_members(
    store: &Store,
    org: &OrgHistory,
    moves: &[(UnitCode, UnitCode)],
    on: NaiveDate,
) -> Result<MemberChangeSet, CoreError> {
    let mut changes = MemberChangeSet::default();
    let day_before = on.pred_opt().unwrap_or(on);
    for (from, to) in moves {
        let target_is_cell = org
            .unit(to)
            .and_then(|u| u.version_at(on))
            .is_some_and(|v| v.kind.is_cell());
        if !target_is_cell {
            continue;
        }
        let codes: Vec<_> = store
            .roster(from, day_before)
            .await?
            .into_iter()
            .map(|e| e.code)
            .collect();
        for mut member in store.load_members(&codes).await? {
            if let Some(open) = member
                .cells
                .iter_mut()
                .find(|p| p.validity.contains(day_before))
            {
                let until = open.validity.to;
                open.validity.to = Some(on);
                member.cells.push(Period {
                    value: to.clone(),
                    validity: chibo_domain::Validity {
                        from: on,
                        to: until,
                    },
                });
            }
            for role in member
                .roles
                .iter_mut()
                .filter(|r| r.validity.to.is_none_or(|t| t > on))
            {
                role.validity.to = Some(on);
            }
            member
                .roles
                .retain(|r| r.validity.to.is_none_or(|t| t > r.validity.from));
            changes.updated.push(member);
        }
    }
    Ok(changes)
}
