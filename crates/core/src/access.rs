//! Authorization as a type. A request acts as an [`Actor`] (an account and
//! its grants). Reading or changing a unit needs a [`UnitAccess`], and the
//! only way to get one is [`unit_access`], which checks the grants against
//! where the unit stands in the tree. Functions that read or write scoped
//! data take the access value, so no path can forget the check.
//!
//! A unit is inside a grant when the granted unit is the unit itself or one
//! of its ancestors on the unit's reference date: today for units that
//! exist, their last day for units that no longer do, their first day for
//! units a reorganization creates later. A member is reached
//! through their cell on the same terms.
//!
//! Access through time: a unit's people on a date (its roster, a meeting's
//! minutes, a committee's members) need a grant that holds the unit both on
//! that date and on its reference date ([`UnitAccess::on`],
//! [`DatedAccess`]). So a grant covers history only for units inside it
//! today: the committee a cell belonged to before a reorganization no
//! longer reads who was in it, the committee it moved to reads its people
//! from the day it arrived, and a committee a cell will join reads nothing
//! before then. A grant on the unit itself (a cell's secretary) covers it
//! on every date. A member's record is reached through the cell and the
//! day of the member's reference period: the cell of today, else the last
//! one they left (its last day), else the first one they will join.

use crate::Db;
use std::marker::PhantomData;

use chibo_domain::access::{Action, Role};
use chibo_domain::{MemberCode, Message, NaiveDate, UnitCode};
use chibo_store::{GrantRecord, UnitPlacement};

use crate::CoreError;
use crate::kept::Seen;

/// A signed-in person (or a script with their API token). Only core makes
/// one: sign-in, a session or API token resolved, or the command line's
/// [`crate::operator::Operator`]; the fields are read through accessors.
#[derive(Debug, Clone)]
pub struct Actor {
    account_id: i64,
    username: String,
    display_name: String,
    grants: Vec<GrantRecord>,
    must_change_password: bool,
    /// The client's address, for the audit log.
    address: Option<String>,
}

impl Actor {
    pub(crate) fn new(
        account_id: i64,
        username: String,
        display_name: String,
        grants: Vec<GrantRecord>,
        must_change_password: bool,
    ) -> Actor {
        Actor {
            account_id,
            username,
            display_name,
            grants,
            must_change_password,
            address: None,
        }
    }

    /// The same actor seen from another client address (the audit log
    /// records it); grants and identity stay.
    pub fn at_address(mut self, address: Option<String>) -> Actor {
        self.address = address;
        self
    }

    pub fn account_id(&self) -> i64 {
        self.account_id
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    pub fn display_name(&self) -> &str {
        &self.display_name
    }

    pub fn grants(&self) -> &[GrantRecord] {
        &self.grants
    }

    pub fn must_change_password(&self) -> bool {
        self.must_change_password
    }

    pub fn address(&self) -> Option<&str> {
        self.address.as_deref()
    }

    pub fn holds(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    pub fn may_any(&self, action: Action) -> bool {
        self.grants.iter().any(|g| g.role.permits(action))
    }
}

/// The permission a capability proves, as a type.
pub trait Permission: Clone + std::fmt::Debug {
    const ACTION: Action;
}

macro_rules! permission {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy)]
        pub struct $name;
        impl Permission for $name {
            const ACTION: Action = Action::$name;
        }
    )*};
}
permission!(
    ReadAggregates,
    ReadPeople,
    ReadDatasets,
    EditMembers,
    EditUnits,
    RecordMeetings,
    ScoreMeetings,
    RunSurveys,
    Administer
);

/// Proof that the actor may do `P` with one unit and its subtree.
#[derive(Debug, Clone)]
pub struct UnitAccess<P: Permission> {
    placement: UnitPlacement,
    /// The granted unit the access comes through.
    granted_at: UnitCode,
    /// Every unit the actor holds a grant permitting `P` on, for the
    /// checks on other dates.
    grants: Vec<UnitCode>,
    _permission: PhantomData<P>,
}

/// The units of the actor's grants that permit `P`.
fn grant_units<P: Permission>(actor: &Actor) -> Vec<UnitCode> {
    actor
        .grants
        .iter()
        .filter(|g| g.role.permits(P::ACTION))
        .map(|g| g.unit.clone())
        .collect()
}

/// The rule of access through time: one of `grants` is `unit` itself, or
/// is above it both on the date read (`then`, the unit's ancestors that
/// day) and on its reference date (`now`).
pub(crate) fn holds_then_and_now(
    grants: &[UnitCode],
    unit: &UnitCode,
    then: &[UnitCode],
    now: &[UnitCode],
) -> bool {
    grants
        .iter()
        .any(|g| g == unit || (then.contains(g) && now.contains(g)))
}

/// Proof that the actor may do `P` with one unit's people on one date: a
/// grant holds the unit on that date and on its reference date.
#[derive(Debug, Clone)]
pub struct DatedAccess<P: Permission> {
    unit: UnitAccess<P>,
    date: NaiveDate,
}

impl<P: Permission> DatedAccess<P> {
    pub fn unit(&self) -> &UnitCode {
        self.unit.unit()
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }

    pub fn access(&self) -> &UnitAccess<P> {
        &self.unit
    }
}

impl<P: Permission> UnitAccess<P> {
    pub fn unit(&self) -> &UnitCode {
        &self.placement.code
    }

    pub fn placement(&self) -> &UnitPlacement {
        &self.placement
    }

    /// The same unit for another permission, checked against the grants
    /// without asking the store again (the placement is already known).
    pub fn also<Q: Permission>(&self, actor: &Actor) -> Option<UnitAccess<Q>> {
        let granted_at = std::iter::once(&self.placement.code)
            .chain(&self.placement.ancestors)
            .find(|code| {
                actor
                    .grants
                    .iter()
                    .any(|g| g.role.permits(Q::ACTION) && &g.unit == *code)
            })?
            .clone();
        Some(UnitAccess {
            placement: self.placement.clone(),
            granted_at,
            grants: grant_units::<Q>(actor),
            _permission: PhantomData,
        })
    }

    /// Read access to the root of this unit's tree for its own totals
    /// only: the benchmark a unit's figures are compared with
    /// (`dashboards::root_figures`). It never leaves core, so the root's
    /// sub-units stay behind the grants.
    pub(crate) fn root_for_benchmark(&self, root: UnitPlacement) -> UnitAccess<ReadAggregates> {
        UnitAccess {
            granted_at: root.code.clone(),
            placement: root,
            grants: Vec::new(),
            _permission: PhantomData,
        }
    }

    /// Whether one of the grants is the unit itself, which covers it on
    /// every date.
    fn granted_on_itself(&self) -> bool {
        self.grants.contains(&self.placement.code)
    }

    /// The unit's people on `date`. Allowed when a grant that permits `P`
    /// holds the unit both on `date` and on the unit's reference date (the
    /// one this access was checked on); refused like a missing unit
    /// otherwise, and when the unit did not exist on `date` (unless the
    /// grant is on the unit itself).
    pub async fn on(&self, db: &Db, date: NaiveDate) -> Result<DatedAccess<P>, CoreError> {
        let store = db.store();
        let dated = || DatedAccess {
            unit: self.clone(),
            date,
        };
        if self.granted_on_itself() || date == self.placement.reference_date {
            return Ok(dated());
        }
        let then = store
            .unit_ancestors_on(&self.placement.code, date)
            .await?
            .ok_or_else(denied)?;
        if holds_then_and_now(
            &self.grants,
            &self.placement.code,
            &then,
            &self.placement.ancestors,
        ) {
            Ok(dated())
        } else {
            Err(denied())
        }
    }

    /// The units of the actor's grants that permit `P`.
    pub fn grants(&self) -> &[UnitCode] {
        &self.grants
    }

    /// The path from the granted unit down to this one (excluded), with
    /// the names on the unit's reference date, for a breadcrumb that stays
    /// inside what the actor may see.
    pub fn visible_path(&self) -> Vec<(UnitCode, String)> {
        let mut path = Vec::new();
        if self.granted_at == self.placement.code {
            return path;
        }
        let names = self.placement.ancestor_names.iter();
        for (ancestor, name) in self.placement.ancestors.iter().zip(names) {
            path.push((ancestor.clone(), name.clone()));
            if *ancestor == self.granted_at {
                break;
            }
        }
        path.reverse();
        path
    }
}

/// Proof that the actor may do `P` with one member (through their cell).
#[derive(Debug, Clone)]
pub struct MemberAccess<P: Permission> {
    member: MemberCode,
    cell: UnitAccess<P>,
}

impl<P: Permission> MemberAccess<P> {
    pub fn member(&self) -> &MemberCode {
        &self.member
    }

    pub fn cell(&self) -> &UnitAccess<P> {
        &self.cell
    }
}

/// Proof that the actor administers the whole system.
#[derive(Debug, Clone, Copy)]
pub struct AdminAccess {
    _private: (),
}

/// Refused, whether the unit does not exist or lies outside the grants: the
/// answer must not reveal which.
pub fn denied() -> CoreError {
    CoreError::Denied(Message::new("access-denied"))
}

/// Checks the actor's grants for `P` on `unit`.
pub async fn unit_access<P: Permission>(
    db: &Db,
    actor: &Actor,
    unit: &UnitCode,
    today: NaiveDate,
) -> Result<UnitAccess<P>, CoreError> {
    if !actor.may_any(P::ACTION) {
        return Err(denied());
    }
    let placement = db.store().unit_placement(unit, today).await?;
    access_at(actor, placement)
}

/// [`unit_access`] on the unit's placement kept in memory while the
/// database's cache revision stays where the request saw it (see
/// [`crate::kept`]); the grants are checked every time all the same.
pub async fn unit_access_kept<P: Permission>(
    db: &Db,
    actor: &Actor,
    unit: &UnitCode,
    today: NaiveDate,
    seen: Seen,
) -> Result<UnitAccess<P>, CoreError> {
    if !actor.may_any(P::ACTION) {
        return Err(denied());
    }
    let placement = match db.kept().placement(seen, unit, today) {
        Some(placement) => placement,
        None => {
            let placement = db.store().unit_placement(unit, today).await?;
            db.kept()
                .keep_placement(seen, unit, today, placement.clone());
            placement
        }
    };
    access_at(actor, placement)
}

/// The check itself: a grant permitting `P` on the unit or one of its
/// ancestors on its reference date.
fn access_at<P: Permission>(
    actor: &Actor,
    placement: Option<UnitPlacement>,
) -> Result<UnitAccess<P>, CoreError> {
    let placement = placement.ok_or_else(denied)?;
    // The nearest granted unit gives the longest visible path.
    let granted_at = std::iter::once(&placement.code)
        .chain(&placement.ancestors)
        .find(|code| {
            actor
                .grants
                .iter()
                .any(|g| g.role.permits(P::ACTION) && &g.unit == *code)
        })
        .cloned()
        .ok_or_else(denied)?;
    Ok(UnitAccess {
        placement,
        granted_at,
        grants: grant_units::<P>(actor),
        _permission: PhantomData,
    })
}

/// Checks the actor's grants for `P` on the cell `member` belongs to on
/// their reference date (today; the last day of the last cell they left;
/// the first day of the first cell they will join), on that date and on
/// the cell's own reference date.
pub async fn member_access<P: Permission>(
    db: &Db,
    actor: &Actor,
    member: &MemberCode,
    today: NaiveDate,
) -> Result<MemberAccess<P>, CoreError> {
    let store = db.store();
    if !actor.may_any(P::ACTION) {
        return Err(denied());
    }
    let (cell, member_date) = store
        .member_reference(member, today)
        .await?
        .ok_or_else(denied)?;
    let cell = unit_access::<P>(db, actor, &cell, today).await?;
    cell.on(db, member_date).await?;
    Ok(MemberAccess {
        member: member.clone(),
        cell,
    })
}

impl AdminAccess {
    pub(crate) fn trusted() -> AdminAccess {
        AdminAccess { _private: () }
    }
}

pub fn admin_access(actor: &Actor) -> Result<AdminAccess, CoreError> {
    if actor.holds(Role::Administrator) {
        Ok(AdminAccess::trusted())
    } else {
        Err(denied())
    }
}

/// The units at the top of what the actor may do `P` with: every granted
/// unit that is not already under another one. Units that no longer exist
/// are left out.
pub async fn top_units<P: Permission>(
    db: &Db,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<UnitAccess<P>>, CoreError> {
    let store = db.store();
    let mut accesses: Vec<UnitAccess<P>> = Vec::new();
    for grant in actor.grants.iter().filter(|g| g.role.permits(P::ACTION)) {
        if accesses.iter().any(|a| a.placement.code == grant.unit) {
            continue;
        }
        if let Some(placement) = store.unit_placement(&grant.unit, today).await? {
            accesses.push(UnitAccess {
                granted_at: placement.code.clone(),
                placement,
                grants: grant_units::<P>(actor),
                _permission: PhantomData,
            });
        }
    }
    let codes: Vec<UnitCode> = accesses.iter().map(|a| a.placement.code.clone()).collect();
    accesses.retain(|a| !a.placement.ancestors.iter().any(|up| codes.contains(up)));
    Ok(accesses)
}

// Research projects carry their own capability, checked against the
// project's people as well as the grants (see `crate::research::access`).
pub use crate::research::access::{
    EditProject, ProjectAccess, ReadProject, ReviewProject, project_access,
};
