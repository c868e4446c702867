//! Reorganizations asked for one at a time (from the command line or a
//! form): planned on the loaded history, validated whole, written at once.
//! Members of merged or split cells follow their cell.

use std::collections::HashMap;

use chibo_domain::member::Period;
use chibo_domain::org::OrgChangeSet;
use chibo_domain::org::{NewUnit, OrgHistory, SourceDocument, UnitChange};
use chibo_domain::{NaiveDate, UnitCode, Validity};
use chibo_store::{AuditEntry, MemberChangeSet, Store};

use crate::audit::AuditContext;
use crate::{Clock, CoreError, Problem};

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
    /// `assignment` maps sub-units and members (by code) to one of the new
    /// units; the others go to the first.
    Split {
        source: UnitCode,
        targets: Vec<NewUnit>,
        assignment: HashMap<String, UnitCode>,
    },
}

/// Where the members of a reorganized cell go.
struct MemberMove {
    from: UnitCode,
    default_target: UnitCode,
    assignment: HashMap<String, UnitCode>,
}

fn member_moves(reorganization: &Reorganization) -> Vec<MemberMove> {
    match reorganization {
        Reorganization::Merge {
            sources, target, ..
        } => sources
            .iter()
            .map(|s| MemberMove {
                from: s.clone(),
                default_target: target.clone(),
                assignment: HashMap::new(),
            })
            .collect(),
        Reorganization::Split {
            source,
            targets,
            assignment,
        } => targets
            .first()
            .map(|first| MemberMove {
                from: source.clone(),
                default_target: first.code.clone(),
                assignment: assignment.clone(),
            })
            .into_iter()
            .collect(),
        Reorganization::Change { .. } | Reorganization::Dissolve { .. } => Vec::new(),
    }
}

/// Plans, validates and records one reorganization dated `on`.
pub async fn reorganize(
    store: &Store,
    reorganization: Reorganization,
    on: NaiveDate,
    document: &SourceDocument,
    author: &AuditContext,
    clock: &dyn Clock,
) -> Result<(), CoreError> {
    let revision = store.revision().await?;
    let mut org = store.load_org_history().await?;
    let moves = member_moves(&reorganization);
    let planned = match reorganization {
        Reorganization::Change { unit, change } => org.change(&unit, change, on, document),
        Reorganization::Dissolve { unit } => org.dissolve(&unit, on, document),
        Reorganization::Merge {
            sources,
            target,
            new_target,
        } => org.merge(&sources, &target, new_target, on, document),
        Reorganization::Split {
            source,
            targets,
            assignment,
        } => {
            let units = assignment
                .iter()
                .filter_map(|(code, target)| {
                    UnitCode::parse(code).ok().map(|c| (c, target.clone()))
                })
                .filter(|(code, _)| org.unit(code).is_some())
                .collect();
            org.split(&source, targets, &units, on, document)
        }
    };
    planned.map_err(|e| CoreError::refused(e.message))?;
    check(&org)?;
    let members = transfer_members(store, &org, &moves, on).await?;
    let changes = org.take_changes();
    let audit = audit_entries(&changes, &members, author, clock);
    // One transaction: the tree never changes without its members following.
    let mut writer = store.member_writer(revision).await?;
    writer.write_org_changes(&changes).await?;
    writer.write(&members).await?;
    writer.record(&audit).await?;
    writer.commit().await?;
    Ok(())
}

/// One entry per event, on the unit it results in (the target of a merge,
/// the source of a split), with the versions of every touched unit after it.
fn audit_entries(
    changes: &OrgChangeSet,
    members: &MemberChangeSet,
    author: &AuditContext,
    clock: &dyn Clock,
) -> Vec<AuditEntry> {
    let versions: Vec<_> = changes
        .units
        .iter()
        .map(|unit| {
            let last = unit.latest();
            serde_json::json!({
                "code": unit.code.as_str(),
                "name": last.name.as_str(),
                "kind": last.kind.code(),
                "parent": last.parent.as_ref().map(UnitCode::as_str),
                "valid_from": last.validity.from,
                "valid_to": last.validity.to,
            })
        })
        .collect();
    let moved: Vec<&str> = members.updated.iter().map(|m| m.code.as_str()).collect();
    changes
        .events
        .iter()
        .map(|event| {
            let unit = event.targets.first().or(event.sources.first());
            let after = serde_json::json!({
                "effective_on": event.effective_on,
                "document_number": event.document.number,
                "document_date": event.document.date,
                "sources": event.sources.iter().map(UnitCode::as_str).collect::<Vec<_>>(),
                "targets": event.targets.iter().map(UnitCode::as_str).collect::<Vec<_>>(),
                "units": versions,
                "members_moved": moved,
            });
            author.entry(
                clock,
                event.kind.code(),
                "unit",
                unit.map_or("", UnitCode::as_str),
                unit,
                None::<&()>,
                Some(&after),
            )
        })
        .collect()
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

/// Members of a merged or split cell move to their new cell on the date of
/// the reorganization; their roles in the old cell end.
async fn transfer_members(
    store: &Store,
    org: &OrgHistory,
    moves: &[MemberMove],
    on: NaiveDate,
) -> Result<MemberChangeSet, CoreError> {
    let mut changes = MemberChangeSet::default();
    let day_before = on.pred_opt().unwrap_or(on);
    let is_cell = |code: &UnitCode| {
        org.unit(code)
            .and_then(|u| u.version_at(on))
            .is_some_and(|v| v.kind.is_cell())
    };
    for MemberMove {
        from,
        default_target,
        assignment,
    } in moves
    {
        let codes: Vec<_> = store
            .roster(from, day_before)
            .await?
            .into_iter()
            .map(|e| e.code)
            .collect();
        for mut member in store.load_members(&codes).await? {
            let to = assignment
                .get(member.code.as_str())
                .unwrap_or(default_target);
            if !is_cell(to) {
                continue;
            }
            if let Some(open) = member
                .cells
                .iter_mut()
                .find(|p| p.validity.contains(day_before))
            {
                let until = open.validity.to;
                open.validity.to = Some(on);
                member.cells.push(Period {
                    value: to.clone(),
                    validity: Validity {
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
