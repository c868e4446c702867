//! Reorganizations asked for one at a time (from the command line or a
//! form): planned on the loaded history, validated whole, written at once.
//! Members of merged or split cells follow their cell.

use crate::Db;
use crate::operator::Operator;
use std::collections::HashMap;

use chibo_domain::member::Period;
use chibo_domain::org::{NewUnit, OrgChangeSet, OrgEvent, OrgHistory, SourceDocument, UnitChange};
use chibo_domain::unit::UnitVersion;
use chibo_domain::{MemberCode, Message, NaiveDate, UnitCode, Validity};
use chibo_store::{AuditEntry, MemberChangeSet, MemberUpdate, Store, UnitChecks, UnitVersions};

use crate::access::{Actor, EditUnits, unit_access};
use crate::audit::AuditContext;
use crate::basis::Basis;
use crate::indicators::{HistoryMove, Inputs};
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

/// Who asks for a reorganization. The command line is trusted (whoever runs
/// it owns the database, and proves it with an [`Operator`]); a signed-in
/// actor needs `EditUnits` on every unit the request names, and on the
/// parent of every unit it creates.
#[derive(Debug, Clone, Copy)]
pub enum Requester<'a> {
    CommandLine(Operator),
    Actor { actor: &'a Actor, today: NaiveDate },
}

/// A reorganization planned and validated against the data as it was
/// read, ready to be shown as a preview and then applied. It carries the
/// versions of what it touches (the units it rewrites or names, the cells
/// whose members move, those members), and applying it fails with a
/// conflict if any of them changed since; changes elsewhere do not matter.
#[derive(Debug, Clone)]
pub struct ReorganizationPlan {
    checks: UnitChecks,
    basis: String,
    on: NaiveDate,
    changes: OrgChangeSet,
    members: MemberChangeSet,
    units: Vec<UnitPreview>,
}

/// One touched unit: how it stood the day before and how it stands on the
/// day of the reorganization (`None` when it does not exist then).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPreview {
    pub code: UnitCode,
    pub before: Option<UnitVersion>,
    pub after: Option<UnitVersion>,
}

/// A member who follows their cell to a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedMember {
    pub code: MemberCode,
    pub full_name: String,
    pub from: UnitCode,
    pub to: UnitCode,
}

impl ReorganizationPlan {
    /// A fingerprint of the records the plan read and their versions: a
    /// preview carries it, and the same request planned again on unchanged
    /// records gives the same one.
    pub fn basis(&self) -> &str {
        &self.basis
    }

    pub fn effective_on(&self) -> NaiveDate {
        self.on
    }

    pub fn events(&self) -> &[OrgEvent] {
        &self.changes.events
    }

    pub fn units(&self) -> &[UnitPreview] {
        &self.units
    }

    /// The members who move, in Vietnamese name order.
    pub fn moved_members(&self) -> Vec<MovedMember> {
        let day_before = self.on.pred_opt().unwrap_or(self.on);
        let mut moved: Vec<MovedMember> = self
            .members
            .updated
            .iter()
            .map(|update| &update.member)
            .filter_map(|member| {
                let from = member
                    .cells
                    .iter()
                    .find(|p| p.validity.contains(day_before))?;
                let to = member.cells.iter().find(|p| p.validity.from == self.on)?;
                Some(MovedMember {
                    code: member.code.clone(),
                    full_name: member.full_name.as_str().to_owned(),
                    from: from.value.clone(),
                    to: to.value.clone(),
                })
            })
            .collect();
        moved.sort_by(|a, b| {
            chibo_domain::collation::compare_person_names(&a.full_name, &b.full_name)
        });
        moved
    }
}

/// Plans, validates and records one reorganization dated `on`.
pub async fn reorganize(
    db: &Db,
    operator: Operator,
    reorganization: Reorganization,
    on: NaiveDate,
    document: &SourceDocument,
    author: &AuditContext,
    clock: &dyn Clock,
) -> Result<(), CoreError> {
    let plan = plan_reorganization(
        db,
        Requester::CommandLine(operator),
        reorganization,
        on,
        document,
    )
    .await?;
    apply_reorganization(db, plan, author, clock).await
}

/// Plans and validates one reorganization without writing anything.
pub async fn plan_reorganization(
    db: &Db,
    requester: Requester<'_>,
    reorganization: Reorganization,
    on: NaiveDate,
    document: &SourceDocument,
) -> Result<ReorganizationPlan, CoreError> {
    let store = db.store();
    if let Requester::Actor { actor, today } = requester {
        check_access(store, actor, today, &reorganization).await?;
    }
    let (mut org, seen) = store.load_org_snapshot().await?;
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
    let checks = checks_of(&changes, &moves, &seen);
    let basis = basis_of(&changes, &checks, &members);
    let units = previews(store, &changes, on).await?;
    Ok(ReorganizationPlan {
        checks,
        basis,
        on,
        changes,
        members,
        units,
    })
}

/// Writes a plan: the tree, the members who follow their cells and the
/// indicator history of the cells it moves (see `indicators::moves`) in
/// one transaction, refused with a conflict if the data changed since
/// planning.
pub async fn apply_reorganization(
    db: &Db,
    plan: ReorganizationPlan,
    author: &AuditContext,
    clock: &dyn Clock,
) -> Result<(), CoreError> {
    let store = db.store();
    let audit = audit_entries(&plan.changes, &plan.members, author, clock);
    let inputs = Inputs::load(db).await?;
    let mut writer = store.member_writer().await?;
    writer.check_units(&plan.checks).await?;
    let history = HistoryMove::before(writer.transaction(), &plan.changes).await?;
    writer
        .write_org_changes(&plan.changes, &plan.checks)
        .await?;
    writer.write(&plan.members).await?;
    history.apply(writer.transaction(), &inputs).await?;
    writer.record(&audit).await?;
    writer.commit().await?;
    Ok(())
}

/// Writes changes to the tree planned on `seen` (a unit import), with the
/// indicator history of the cells they move, in one transaction; refused
/// with a conflict if a unit they touch or name changed since (see
/// [`UnitChecks::for_org_changes`]).
pub(crate) async fn write_tree_changes(
    store: &Store,
    changes: &OrgChangeSet,
    seen: &UnitVersions,
    audit: &[AuditEntry],
) -> Result<(), CoreError> {
    let checks = UnitChecks::for_org_changes(changes, seen);
    let inputs = Inputs::load(&Db::from(store)).await?;
    let mut tx = store.begin_write().await?;
    tx.check_units(&checks).await?;
    let history = HistoryMove::before(&mut tx, changes).await?;
    tx.write_org_changes(changes, &checks).await?;
    history.apply(&mut tx, &inputs).await?;
    tx.record(audit).await?;
    tx.commit().await?;
    Ok(())
}

/// What a reorganization checks when written: the units it rewrites or
/// names (see [`UnitChecks::for_org_changes`]), and the cells whose members
/// move out or in, whose rosters change.
fn checks_of(changes: &OrgChangeSet, moves: &[MemberMove], seen: &UnitVersions) -> UnitChecks {
    let mut checks = UnitChecks::for_org_changes(changes, seen);
    let cells = moves.iter().flat_map(|m| {
        [&m.from, &m.default_target]
            .into_iter()
            .chain(m.assignment.values())
    });
    for cell in cells {
        if let Some(version) = seen.get(cell) {
            checks.change(cell, version);
        }
    }
    checks
}

/// The plan's fingerprint: the units it checks, the units it creates, and
/// the members it moves, each with the version read.
fn basis_of(changes: &OrgChangeSet, checks: &UnitChecks, members: &MemberChangeSet) -> String {
    let mut basis = Basis::default();
    for (code, version, _) in checks.entries() {
        basis.add("unit", code.as_str(), Some(version));
    }
    let mut created: Vec<&UnitCode> = changes
        .units
        .iter()
        .map(|u| &u.code)
        .filter(|code| !checks.changes(code))
        .collect();
    created.sort();
    for code in created {
        basis.add("unit", code.as_str(), None);
    }
    let mut moved: Vec<(&str, i64)> = members
        .updated
        .iter()
        .map(|u| (u.member.code.as_str(), u.row_version))
        .collect();
    moved.sort_unstable();
    for (code, version) in moved {
        basis.add("member", code, Some(version));
    }
    basis.finish()
}

async fn previews(
    store: &Store,
    changes: &OrgChangeSet,
    on: NaiveDate,
) -> Result<Vec<UnitPreview>, CoreError> {
    let day_before = on.pred_opt().unwrap_or(on);
    let mut previews = Vec::with_capacity(changes.units.len());
    for unit in &changes.units {
        let stored = store.unit(&unit.code).await?;
        previews.push(UnitPreview {
            code: unit.code.clone(),
            before: stored.and_then(|u| u.version_at(day_before).cloned()),
            after: unit.version_at(on).cloned(),
        });
    }
    Ok(previews)
}

/// The units a request names, with the form field that names each: the
/// actor needs `EditUnits` on all of them. A new unit is checked through
/// its parent-to-be.
async fn check_access(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    reorganization: &Reorganization,
) -> Result<(), CoreError> {
    let mut named: Vec<(&'static str, UnitCode)> = Vec::new();
    match reorganization {
        Reorganization::Change { unit, change } => {
            named.push(("unit", unit.clone()));
            if let Some(Some(parent)) = &change.parent {
                named.push(("parent", parent.clone()));
            }
        }
        Reorganization::Dissolve { unit } => named.push(("unit", unit.clone())),
        Reorganization::Merge {
            sources,
            target,
            new_target,
        } => {
            for (i, source) in sources.iter().enumerate() {
                named.push((if i == 0 { "unit" } else { "sources" }, source.clone()));
            }
            match new_target {
                Some(new) => named.extend(new.parent.clone().map(|p| ("target", p))),
                None => named.push(("target", target.clone())),
            }
        }
        Reorganization::Split {
            source, targets, ..
        } => {
            named.push(("unit", source.clone()));
            for target in targets {
                named.extend(target.parent.clone().map(|p| ("targets", p)));
            }
        }
    }
    let mut problems = Vec::new();
    for (field, code) in named {
        if unit_access::<EditUnits>(&Db::from(store), actor, &code, today)
            .await
            .is_err()
        {
            problems.push(Problem::in_field(
                field,
                Message::new("access-unit-outside").arg("unit", &code),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(problems))
    }
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
    let moved: Vec<&str> = members
        .updated
        .iter()
        .map(|u| u.member.code.as_str())
        .collect();
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
        for MemberUpdate {
            mut member,
            row_version,
        } in store.load_member_updates(&codes).await?
        {
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
            changes.updated.push(MemberUpdate {
                member,
                row_version,
            });
        }
    }
    Ok(changes)
}

/// The unit a reorganization form starts from, with its whole history.
pub async fn unit_to_reorganize(
    db: &Db,
    access: &crate::access::UnitAccess<EditUnits>,
) -> Result<chibo_domain::unit::Unit, CoreError> {
    let store = db.store();
    store
        .unit(access.unit())
        .await?
        .ok_or_else(crate::access::denied)
}
