//! The bodies the API answers and takes. The OpenAPI document's schemas
//! are derived from these types (`ToSchema`), and handlers answer only
//! them, so what the document says is what the server sends. Each answer
//! is its own type, built from core's values, rather than core's values
//! serialized: a change inside core cannot change the API unseen.
//!
//! Every property of an answer is present (a missing value is `null`, so
//! `Option` fields are marked required); every object is closed
//! (`openapi::document` adds `additionalProperties: false`).

use chibo_core::accounts::{AccountSummary, GrantSummary};
use chibo_core::browse::{MemberUpdate, TreeLine};
use chibo_domain::member::{Exemption, Period};
use chibo_domain::org::OrgEvent;
use chibo_domain::unit::UnitVersion as DomainUnitVersion;
use chibo_domain::{NaiveDate, UnitCode, Validity as DomainValidity};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::openapi::{
    cell_roles, error_codes, event_kinds, genders, member_statuses, nullable_genders,
    nullable_member_statuses, roles, unit_kinds,
};

/// The one error body of the API, whatever fails.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    #[schema(schema_with = error_codes)]
    pub code: &'static str,
    /// For people, in the request's language (Vietnamese unless ?lang=en).
    pub message: String,
    pub fields: Vec<FieldError>,
}

/// One value at fault.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldError {
    /// The field, parameter or column at fault (`full_name`,
    /// `grants[0].role`, `limit`); empty when none.
    pub field: String,
    pub message: String,
}

/// The caller and their grants.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    pub grants: Vec<MyGrant>,
}

/// A role the caller holds on a unit and its subtree.
#[derive(Serialize, ToSchema)]
pub struct MyGrant {
    #[schema(schema_with = roles)]
    pub role: &'static str,
    pub unit: String,
    /// The unit's current (or last) name.
    pub unit_name: String,
}

/// A unit at the top of the caller's grants.
#[derive(Serialize, ToSchema)]
pub struct UnitRef {
    pub code: String,
    pub name: String,
    #[schema(schema_with = unit_kinds)]
    pub kind: &'static str,
}

/// The units at the top of the caller's grants.
#[derive(Serialize, ToSchema)]
pub struct UnitList {
    pub items: Vec<UnitRef>,
    /// Always null: the list is whole.
    #[schema(required = true)]
    pub next: Option<String>,
}

/// A unit on a date: its versions, the reorganizations it took part in,
/// its direct sub-units and its members.
#[derive(Serialize, ToSchema)]
pub struct Unit {
    pub code: String,
    pub as_of: NaiveDate,
    /// Members of the cells under the unit on `as_of`.
    pub members: i64,
    pub versions: Vec<UnitVersion>,
    pub events: Vec<UnitEvent>,
    pub children: Vec<SubUnit>,
}

/// A version of a unit, valid from `valid_from` to the day before
/// `valid_to` (null while it holds).
#[derive(Serialize, ToSchema)]
pub struct UnitVersion {
    pub name: String,
    #[schema(schema_with = unit_kinds)]
    pub kind: &'static str,
    pub sector: String,
    #[schema(required = true)]
    pub parent: Option<String>,
    pub valid_from: NaiveDate,
    #[schema(required = true)]
    pub valid_to: Option<NaiveDate>,
}

impl From<&DomainUnitVersion> for UnitVersion {
    fn from(v: &DomainUnitVersion) -> Self {
        UnitVersion {
            name: v.name.as_str().to_owned(),
            kind: v.kind.code(),
            sector: v.sector.as_str().to_owned(),
            parent: v.parent.as_ref().map(|p| p.as_str().to_owned()),
            valid_from: v.validity.from,
            valid_to: v.validity.to,
        }
    }
}

/// A reorganization (rename, move, merge, split, dissolution…) with its
/// source document.
#[derive(Serialize, ToSchema)]
pub struct UnitEvent {
    #[schema(schema_with = event_kinds)]
    pub kind: &'static str,
    pub effective_on: NaiveDate,
    #[schema(required = true)]
    pub document_number: Option<String>,
    #[schema(required = true)]
    pub document_date: Option<NaiveDate>,
    pub sources: Vec<String>,
    pub targets: Vec<String>,
}

fn codes(units: &[UnitCode]) -> Vec<String> {
    units.iter().map(|u| u.as_str().to_owned()).collect()
}

impl From<&OrgEvent> for UnitEvent {
    fn from(e: &OrgEvent) -> Self {
        UnitEvent {
            kind: e.kind.code(),
            effective_on: e.effective_on,
            document_number: e.document.number.clone(),
            document_date: e.document.date,
            sources: codes(&e.sources),
            targets: codes(&e.targets),
        }
    }
}

/// A direct sub-unit on the date.
#[derive(Serialize, ToSchema)]
pub struct SubUnit {
    pub code: String,
    pub name: String,
    #[schema(schema_with = unit_kinds)]
    pub kind: &'static str,
    pub sector: String,
    #[schema(required = true)]
    pub parent: Option<String>,
    pub depth: usize,
    pub members: i64,
}

impl From<TreeLine> for SubUnit {
    fn from(line: TreeLine) -> Self {
        SubUnit {
            code: line.code,
            name: line.name,
            kind: line.kind,
            sector: line.sector,
            parent: line.parent,
            depth: line.depth,
            members: line.members,
        }
    }
}

/// A member on a roster: who they are on the date and in which cell.
#[derive(Serialize, ToSchema)]
pub struct RosterMember {
    pub code: String,
    pub full_name: String,
    #[schema(schema_with = genders)]
    pub gender: &'static str,
    pub birth_year: i32,
    #[schema(schema_with = nullable_member_statuses, required = true)]
    pub status: Option<&'static str>,
    #[schema(schema_with = cell_roles)]
    pub role: &'static str,
    pub exempt: bool,
    pub cell: String,
}

/// A page of members.
#[derive(Serialize, ToSchema)]
pub struct MemberPage {
    pub items: Vec<RosterMember>,
    /// The `after` of the next page; null on the last one.
    #[schema(required = true)]
    pub next: Option<String>,
}

/// A dated period `[from, to)`: `to` is the first day it no longer holds,
/// null while it holds.
#[derive(Serialize, ToSchema)]
pub struct Validity {
    pub from: NaiveDate,
    #[schema(required = true)]
    pub to: Option<NaiveDate>,
}

impl From<DomainValidity> for Validity {
    fn from(v: DomainValidity) -> Self {
        Validity {
            from: v.from,
            to: v.to,
        }
    }
}

/// A member's status over a period.
#[derive(Serialize, ToSchema)]
pub struct StatusPeriod {
    #[schema(schema_with = member_statuses)]
    pub value: &'static str,
    pub validity: Validity,
}

/// The cell a member belonged to over a period.
#[derive(Serialize, ToSchema)]
pub struct CellPeriod {
    pub value: String,
    pub validity: Validity,
}

/// A member's role in their cell over a period.
#[derive(Serialize, ToSchema)]
pub struct RolePeriod {
    #[schema(schema_with = cell_roles)]
    pub value: &'static str,
    pub validity: Validity,
}

/// A period when a member was exempted, and why.
#[derive(Serialize, ToSchema)]
pub struct MemberExemption {
    pub validity: Validity,
    pub reason: String,
}

impl From<&Exemption> for MemberExemption {
    fn from(e: &Exemption) -> Self {
        MemberExemption {
            validity: e.validity.into(),
            reason: e.reason.clone(),
        }
    }
}

/// A member with their dated statuses, cells, roles and exemptions.
#[derive(Serialize, ToSchema)]
pub struct Member {
    pub code: String,
    pub full_name: String,
    #[schema(schema_with = genders)]
    pub gender: &'static str,
    pub birth_year: i32,
    pub statuses: Vec<StatusPeriod>,
    pub cells: Vec<CellPeriod>,
    pub roles: Vec<RolePeriod>,
    pub exemptions: Vec<MemberExemption>,
    pub is_demo: bool,
    /// The member's version; send it back with a change to refuse it if
    /// the member changed meanwhile.
    pub row_version: i64,
}

fn periods<T: Copy, U>(list: &[Period<T>], body: impl Fn(T, Validity) -> U) -> Vec<U> {
    list.iter()
        .map(|p| body(p.value, p.validity.into()))
        .collect()
}

impl From<&MemberUpdate> for Member {
    fn from(update: &MemberUpdate) -> Self {
        let m = &update.member;
        Member {
            code: m.code.as_str().to_owned(),
            full_name: m.full_name.as_str().to_owned(),
            gender: m.gender.code(),
            birth_year: m.birth_year,
            statuses: periods(&m.statuses, |s, validity| StatusPeriod {
                value: s.code(),
                validity,
            }),
            cells: m
                .cells
                .iter()
                .map(|p| CellPeriod {
                    value: p.value.as_str().to_owned(),
                    validity: p.validity.into(),
                })
                .collect(),
            roles: periods(&m.roles, |r, validity| RolePeriod {
                value: r.code(),
                validity,
            }),
            exemptions: m.exemptions.iter().map(MemberExemption::from).collect(),
            is_demo: m.is_demo,
            row_version: update.row_version,
        }
    }
}

/// The fields of `PATCH /members/{code}`; any other is refused.
#[derive(Deserialize, ToSchema)]
pub struct MemberPatch {
    pub full_name: Option<String>,
    #[schema(schema_with = nullable_genders)]
    pub gender: Option<String>,
    pub birth_year: Option<i32>,
    /// Refuse the change if the member changed since this version (the
    /// `row_version` of GET).
    pub row_version: Option<i64>,
}

/// A role given on a unit and its subtree.
#[derive(Deserialize, ToSchema)]
pub struct NewGrant {
    #[schema(schema_with = roles)]
    pub role: String,
    pub unit: String,
}

/// A new account; any other field is refused.
#[derive(Deserialize, ToSchema)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    #[serde(default)]
    pub grants: Vec<NewGrant>,
}

/// A role an account holds on a unit and its subtree.
#[derive(Serialize, ToSchema)]
pub struct AccountGrant {
    pub id: i64,
    #[schema(schema_with = roles)]
    pub role: &'static str,
    pub unit: String,
    pub unit_name: String,
}

/// An account and its grants (never its password).
#[derive(Serialize, ToSchema)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub disabled: bool,
    pub must_change_password: bool,
    /// Unix seconds.
    pub created_at: i64,
    pub grants: Vec<AccountGrant>,
}

impl From<GrantSummary> for AccountGrant {
    fn from(g: GrantSummary) -> Self {
        AccountGrant {
            id: g.id,
            role: g.role,
            unit: g.unit,
            unit_name: g.unit_name,
        }
    }
}

impl From<AccountSummary> for Account {
    fn from(a: AccountSummary) -> Self {
        Account {
            id: a.id,
            username: a.username,
            display_name: a.display_name,
            disabled: a.disabled,
            must_change_password: a.must_change_password,
            created_at: a.created_at,
            grants: a.grants.into_iter().map(AccountGrant::from).collect(),
        }
    }
}

/// A page of accounts.
#[derive(Serialize, ToSchema)]
pub struct AccountPage {
    pub items: Vec<Account>,
    /// The `offset` of the next page; null on the last one.
    #[schema(required = true)]
    pub next: Option<usize>,
    pub total: usize,
}

/// The account created, and the one-time password to hand its owner.
#[derive(Serialize, ToSchema)]
pub struct CreatedAccount {
    pub account: Account,
    pub one_time_password: String,
}

/// The date of a read.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfQuery {
    /// Date dd/mm/yyyy or yyyy-mm-dd; today when absent.
    pub as_of: Option<String>,
}

/// The date and page of a list of members.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Date dd/mm/yyyy or yyyy-mm-dd; today when absent.
    pub as_of: Option<String>,
    /// Member code the page starts after (the `next` of the previous page).
    pub after: Option<String>,
    /// Page size, 1 to 1000 (default 100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
}

/// A page of a list read by position.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OffsetQuery {
    /// Accounts to skip.
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<String>,
    /// Page size, 1 to 1000 (default 100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
}
