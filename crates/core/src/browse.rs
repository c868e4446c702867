//! Reading the tree, units and members within what an access value proves:
//! every function here takes the capability for what it reads.

use crate::Db;
use std::collections::HashMap;
use std::sync::Arc;

/// Plain data the pages show.
pub use chibo_store::{MemberUpdate, RosterEntry};

use chibo_domain::member::{Gender, MIN_AGE_YEARS, Member, OLDEST_BIRTH_YEAR};
use chibo_domain::org::OrgEvent;
use chibo_domain::text::{Name, fold_for_search};
use chibo_domain::unit::Unit;
use chibo_domain::{MemberCode, Message, NaiveDate, UnitCode};
use chibo_store::{MemberChangeSet, Store, StoreError, TreeRow, UnitChecks};
use chrono::Datelike;
use serde::Serialize;

use crate::access::{
    DatedAccess, EditMembers, MemberAccess, Permission, ReadAggregates, ReadPeople, UnitAccess,
};
use crate::audit::AuditContext;
use crate::kept::Seen;
use crate::{Clock, CoreError, Problem};

/// One line of a tree listing: the unit, its depth below the listing's
/// root, and the members of its cells summed upwards.
#[derive(Debug, Clone, Serialize)]
pub struct TreeLine {
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    pub sector: String,
    pub parent: Option<String>,
    pub depth: usize,
    pub members: i64,
}

/// The subtrees of `tops` as of `date`, each depth-first from its top with
/// siblings in Vietnamese order. With `search`, only units whose name or
/// code matches (ignoring tone marks and case) and their ancestors remain.
pub async fn tree(
    db: &Db,
    tops: &[UnitAccess<ReadAggregates>],
    date: NaiveDate,
    search: Option<&str>,
) -> Result<Vec<TreeLine>, CoreError> {
    let store = db.store();
    let mut lines = Vec::new();
    for top in tops {
        let (rows, counts) = if top.placement().ancestors.is_empty() {
            (
                store.tree_as_of(date).await?,
                store.member_counts_as_of(date).await?,
            )
        } else {
            store.subtree_with_members(top.unit(), date).await?
        };
        lines.extend(arrange(top.unit(), rows, &counts));
    }
    if let Some(query) = search.map(str::trim).filter(|q| !q.is_empty()) {
        lines = filter_lines(lines, query);
    }
    Ok(lines)
}

/// [`tree`] with each top's lines kept in memory while the database's cache
/// revision stays where the request saw it (see [`crate::kept`]): the
/// whole-city tree reads every unit and every member's cell otherwise.
pub async fn tree_kept(
    db: &Db,
    tops: &[UnitAccess<ReadAggregates>],
    date: NaiveDate,
    search: Option<&str>,
    seen: Seen,
) -> Result<Vec<TreeLine>, CoreError> {
    let mut lines = Vec::new();
    for top in tops {
        let kept = match db.kept().tree(seen, top.unit(), date) {
            Some(kept) => kept,
            None => {
                let read = Arc::new(tree(db, std::slice::from_ref(top), date, None).await?);
                db.kept()
                    .keep_tree(seen, top.unit(), date, Arc::clone(&read));
                read
            }
        };
        lines.extend(kept.iter().cloned());
    }
    if let Some(query) = search.map(str::trim).filter(|q| !q.is_empty()) {
        lines = filter_lines(lines, query);
    }
    Ok(lines)
}

fn arrange(top: &UnitCode, rows: Vec<TreeRow>, counts: &HashMap<UnitCode, i64>) -> Vec<TreeLine> {
    let mut children: HashMap<&UnitCode, Vec<usize>> = HashMap::new();
    let mut root = None;
    for (i, row) in rows.iter().enumerate() {
        if &row.code == top {
            root = Some(i);
        } else if let Some(parent) = &row.parent {
            children.entry(parent).or_default().push(i);
        }
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| chibo_domain::collation::compare(&rows[*a].name, &rows[*b].name));
    }
    let Some(root) = root else {
        return Vec::new();
    };
    // Members summed bottom-up, then lines written top-down.
    let mut order = Vec::with_capacity(rows.len());
    let mut stack = vec![(root, 0usize)];
    while let Some((i, depth)) = stack.pop() {
        order.push((i, depth));
        if let Some(list) = children.get(&rows[i].code) {
            for child in list.iter().rev() {
                stack.push((*child, depth + 1));
            }
        }
    }
    let mut totals: HashMap<usize, i64> = HashMap::new();
    for (i, _) in order.iter().rev() {
        let own = counts.get(&rows[*i].code).copied().unwrap_or(0);
        let below: i64 = children.get(&rows[*i].code).map_or(0, |list| {
            list.iter()
                .map(|c| totals.get(c).copied().unwrap_or(0))
                .sum()
        });
        totals.insert(*i, own + below);
    }
    order
        .into_iter()
        .map(|(i, depth)| {
            let row = &rows[i];
            TreeLine {
                code: row.code.to_string(),
                name: row.name.clone(),
                kind: row.kind.code(),
                sector: row.sector.clone(),
                parent: row.parent.as_ref().map(ToString::to_string),
                depth,
                members: totals.get(&i).copied().unwrap_or(0),
            }
        })
        .collect()
}

/// Keeps matching lines and the ancestors that lead to them.
fn filter_lines(lines: Vec<TreeLine>, query: &str) -> Vec<TreeLine> {
    let needle = fold_for_search(query);
    let mut keep = vec![false; lines.len()];
    let mut path: Vec<usize> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        path.truncate(line.depth);
        let matches = fold_for_search(&line.name).contains(&needle)
            || line.code.to_lowercase().contains(&query.to_lowercase());
        if matches {
            keep[i] = true;
            for ancestor in &path {
                keep[*ancestor] = true;
            }
        }
        path.push(i);
    }
    lines
        .into_iter()
        .zip(keep)
        .filter_map(|(line, kept)| kept.then_some(line))
        .collect()
}

/// The sector list (reference data: open to every signed-in person).
pub async fn sectors(db: &Db) -> Result<Vec<chibo_store::Sector>, CoreError> {
    let store = db.store();
    Ok(store.sectors().await?)
}

/// A unit with its history and what is under it on a date.
#[derive(Debug, Clone)]
pub struct UnitDetails {
    pub unit: Unit,
    pub events: Vec<OrgEvent>,
    /// The direct sub-units on the date, Vietnamese order.
    pub children: Vec<TreeLine>,
    /// Members of the unit's cells on the date.
    pub members: i64,
    /// The ancestors the actor may see, from the top of their grant down,
    /// with their names today.
    pub path: Vec<(UnitCode, String)>,
}

pub async fn unit_details(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    date: NaiveDate,
) -> Result<UnitDetails, CoreError> {
    let parts = unit_parts(db, access.unit(), date).await?;
    Ok(parts.with_path(access.visible_path()))
}

/// [`unit_details`] kept in memory while the database's cache revision
/// stays where the request saw it (see [`crate::kept`]).
pub async fn unit_details_kept(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    date: NaiveDate,
    seen: Seen,
) -> Result<UnitDetails, CoreError> {
    let parts = match db.kept().details(seen, access.unit(), date) {
        Some(parts) => parts,
        None => {
            let parts = Arc::new(unit_parts(db, access.unit(), date).await?);
            db.kept()
                .keep_details(seen, access.unit(), date, Arc::clone(&parts));
            parts
        }
    };
    Ok(UnitParts::clone(&parts).with_path(access.visible_path()))
}

/// What a unit page shows of a unit on a date, whoever asks: the path the
/// actor may see is added per request.
#[derive(Debug, Clone)]
pub(crate) struct UnitParts {
    unit: Unit,
    events: Vec<OrgEvent>,
    children: Vec<TreeLine>,
    members: i64,
}

impl UnitParts {
    fn with_path(self, path: Vec<(UnitCode, String)>) -> UnitDetails {
        UnitDetails {
            unit: self.unit,
            events: self.events,
            children: self.children,
            members: self.members,
            path,
        }
    }
}

async fn unit_parts(db: &Db, code: &UnitCode, date: NaiveDate) -> Result<UnitParts, CoreError> {
    let store = db.store();
    let unit = store
        .unit(code)
        .await?
        .ok_or_else(|| StoreError::NotFound(code.to_string()))?;
    let events = store.unit_events(code).await?;
    let (subtree, counts) = store.subtree_with_members(code, date).await?;
    let lines = arrange(code, subtree, &counts);
    let members = lines.first().map_or(0, |l| l.members);
    let children = lines.into_iter().filter(|l| l.depth == 1).collect();
    Ok(UnitParts {
        unit,
        events,
        children,
        members,
    })
}

/// A cell's members on the date its access proves, in Vietnamese order of
/// given names.
pub async fn roster<P: Permission>(
    db: &Db,
    access: &DatedAccess<P>,
) -> Result<Vec<RosterEntry>, CoreError> {
    let store = db.store();
    let mut roster = store.roster(access.unit(), access.date()).await?;
    roster
        .sort_by(|a, b| chibo_domain::collation::compare_person_names(&a.full_name, &b.full_name));
    Ok(roster)
}

/// [`roster`] kept in memory while the database's cache revision stays
/// where the request saw it (see [`crate::kept`]).
pub async fn roster_kept<P: Permission>(
    db: &Db,
    access: &DatedAccess<P>,
    seen: Seen,
) -> Result<Arc<Vec<RosterEntry>>, CoreError> {
    if let Some(roster) = db.kept().roster(seen, access.unit(), access.date()) {
        return Ok(roster);
    }
    let roster = Arc::new(roster(db, access).await?);
    db.kept()
        .keep_roster(seen, access.unit(), access.date(), Arc::clone(&roster));
    Ok(roster)
}

/// Members of the cells under a unit on `date`, a page at a time in code
/// order: only of the cells whose people the actor may read on that date
/// (see [`crate::access`]: a grant holds the cell on `date` and on its
/// reference date).
pub async fn members_under(
    db: &Db,
    access: &UnitAccess<ReadPeople>,
    date: NaiveDate,
    today: NaiveDate,
    after: Option<&MemberCode>,
    limit: i64,
) -> Result<Vec<(UnitCode, RosterEntry)>, CoreError> {
    let store = db.store();
    let placement = access.placement();
    if date == today && placement.reference_date == today {
        // Everything under the unit today is inside the grant today.
        return Ok(store
            .subtree_members(access.unit(), date, after, limit)
            .await?);
    }
    // Cells that no longer exist (or do not exist yet) have a reference
    // date of their own: each is decided on its own.
    let mut also = Vec::new();
    for cell in store
        .subtree_units_absent_on(access.unit(), date, today)
        .await?
    {
        if people_on(store, access, &cell, date, today).await? {
            also.push(cell);
        }
    }
    let filter = chibo_store::CellFilter {
        grants: access.grants(),
        today,
        also: &also,
    };
    Ok(store
        .subtree_members_filtered(access.unit(), date, filter, after, limit)
        .await?)
}

/// Whether a grant of `access` holds `unit` both on `date` and on the
/// unit's reference date.
async fn people_on(
    store: &Store,
    access: &UnitAccess<ReadPeople>,
    unit: &UnitCode,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<bool, CoreError> {
    let Some(then) = store.unit_ancestors_on(unit, date).await? else {
        return Ok(false);
    };
    let Some(reference) = store.unit_placement(unit, today).await? else {
        return Ok(false);
    };
    Ok(crate::access::holds_then_and_now(
        access.grants(),
        unit,
        &then,
        &reference.ancestors,
    ))
}

/// The member an access value proves; reading names needs `ReadPeople`,
/// and an edit form reads through its `EditMembers` access.
pub async fn member<P: Permission>(db: &Db, access: &MemberAccess<P>) -> Result<Member, CoreError> {
    Ok(versioned_member(db, access).await?.member)
}

/// [`member`] with the member's row version, which an edit form carries so
/// that a save planned on what it showed is refused if the member changed.
pub async fn versioned_member<P: Permission>(
    db: &Db,
    access: &MemberAccess<P>,
) -> Result<MemberUpdate, CoreError> {
    let store = db.store();
    store
        .load_member_updates(std::slice::from_ref(access.member()))
        .await?
        .into_iter()
        .next()
        .ok_or_else(crate::access::denied)
}

/// The personal fields a form or the API may correct.
#[derive(Debug, Clone, Default)]
pub struct MemberEdit {
    pub full_name: Option<String>,
    pub gender: Option<String>,
    pub birth_year: Option<String>,
    /// The member's row version the edit was prepared on; a stale one is
    /// refused. Without one, the edit applies to the member as it is read
    /// now (and still fails if someone saves the member meanwhile).
    pub row_version: Option<i64>,
}

/// Corrects a member's name, gender or birth year. Every bad field is
/// reported with its name; nothing is written unless all are valid. The
/// audit entry holds the member before and after. Returns the member as
/// stored, with its new version.
pub async fn update_member(
    db: &Db,
    clock: &dyn Clock,
    access: &MemberAccess<EditMembers>,
    author: &AuditContext,
    edit: &MemberEdit,
) -> Result<MemberUpdate, CoreError> {
    let store = db.store();
    let stored = versioned_member(db, access).await?;
    if edit.row_version.is_some_and(|v| v != stored.row_version) {
        return Err(CoreError::Store(StoreError::Conflict));
    }
    let before = stored.member;
    let mut after = before.clone();
    let mut problems = Vec::new();
    if let Some(raw) = &edit.full_name {
        match Name::parse(raw) {
            Ok(name) => after.full_name = name,
            Err(e) => problems.push(Problem::in_field("full_name", e.message())),
        }
    }
    if let Some(raw) = &edit.gender {
        match Gender::parse(raw) {
            Some(gender) => after.gender = gender,
            None => problems.push(Problem::in_field(
                "gender",
                Message::new("err-gender").arg("value", raw),
            )),
        }
    }
    if let Some(raw) = &edit.birth_year {
        let youngest = clock.today().year() - MIN_AGE_YEARS;
        match crate::values::parse_year(raw) {
            Some(year) if (OLDEST_BIRTH_YEAR..=youngest).contains(&year) => after.birth_year = year,
            Some(_) => problems.push(Problem::in_field(
                "birth_year",
                Message::new("err-birth-year-range")
                    .arg("min", OLDEST_BIRTH_YEAR)
                    .arg("max", youngest),
            )),
            None => problems.push(Problem::in_field(
                "birth_year",
                Message::new("err-year").arg("value", raw),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    if after == before {
        return Ok(MemberUpdate {
            member: after,
            row_version: stored.row_version,
        });
    }
    let entry = author.entry(
        clock,
        "update",
        "member",
        after.code.as_str(),
        Some(access.cell().unit()),
        Some(&before),
        Some(&after),
    );
    // Personal fields only: the cells the member belongs to stay as they
    // are, so no unit is checked, only the member's own version.
    let changes = MemberChangeSet {
        created: vec![],
        updated: vec![MemberUpdate {
            member: after.clone(),
            row_version: stored.row_version,
        }],
    };
    store
        .apply_member_changes(&changes, &UnitChecks::default(), &[entry])
        .await?;
    Ok(MemberUpdate {
        member: after,
        row_version: stored.row_version + 1,
    })
}
