//! Turning stored text back into domain values. Anything that does not parse
//! means the database was edited by hand or is damaged: a `Corrupt` error
//! naming the value, never a panic.

use chibo_domain::member::{CellRole, Gender, MemberStatus};
use chibo_domain::org::OrgEventKind;
use chibo_domain::text::Name;
use chibo_domain::unit::UnitKind;
use chibo_domain::{MemberCode, SectorCode, UnitCode};

use crate::StoreError;

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

pub(crate) fn unit_code(raw: &str) -> Result<UnitCode, StoreError> {
    UnitCode::parse(raw).map_err(|_| corrupt("unit code", raw))
}

pub(crate) fn member_code(raw: &str) -> Result<MemberCode, StoreError> {
    MemberCode::parse(raw).map_err(|_| corrupt("member code", raw))
}

pub(crate) fn sector_code(raw: &str) -> Result<SectorCode, StoreError> {
    SectorCode::parse(raw).map_err(|_| corrupt("sector code", raw))
}

pub(crate) fn name(raw: &str) -> Result<Name, StoreError> {
    Name::from_stored(raw).map_err(|_| corrupt("name", raw))
}

pub(crate) fn unit_kind(raw: &str) -> Result<UnitKind, StoreError> {
    UnitKind::ALL
        .into_iter()
        .find(|k| k.code() == raw)
        .ok_or_else(|| corrupt("unit kind", raw))
}

pub(crate) fn event_kind(raw: &str) -> Result<OrgEventKind, StoreError> {
    OrgEventKind::parse(raw).ok_or_else(|| corrupt("event kind", raw))
}

pub(crate) fn gender(raw: &str) -> Result<Gender, StoreError> {
    Gender::parse(raw).ok_or_else(|| corrupt("gender", raw))
}

pub(crate) fn status(raw: &str) -> Result<MemberStatus, StoreError> {
    MemberStatus::parse(raw).ok_or_else(|| corrupt("status", raw))
}

pub(crate) fn role(raw: &str) -> Result<CellRole, StoreError> {
    CellRole::parse(raw).ok_or_else(|| corrupt("role", raw))
}
