//! What the core tests share: an actor with one grant, and a store holding
//! the reference tree with the test's own units and members imported.

#![allow(dead_code)]

use chibo_core::Db;
use chibo_core::access::Actor;
use chibo_core::import::members::{MemberImportOptions, import_members};
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::operator::Operator;
use chibo_core::tabular::{ReadLimits, parse_csv};
use chibo_core::{FixedClock, reference};
use chibo_domain::access::Role;
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{GrantRecord, Store};

/// Someone holding `role` on `unit`, without a stored account.
pub fn actor(role: Role, unit: &str) -> Actor {
    chibo_core::operator::Operator::command_line().act_as(
        0,
        role.code(),
        vec![GrantRecord {
            id: 1,
            account_id: 0,
            role,
            unit: UnitCode::parse(unit).unwrap(),
            unit_name: String::new(),
        }],
    )
}

/// Loads the reference data as of `today`, then imports `units` (in force
/// from 01/01/2018) and `members` (CSV texts in the import formats).
pub async fn load(store: &Store, units: &str, members: &str, today: NaiveDate) {
    reference::load(&Db::from(store), &FixedClock(today))
        .await
        .unwrap();
    let table = parse_csv("units.csv", units.as_bytes(), ReadLimits::default()).unwrap();
    let options = UnitImportOptions {
        effective_on: NaiveDate::from_ymd_opt(2018, 1, 1).unwrap(),
        document: Default::default(),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_units(Operator::command_line(), &Db::from(store), &table, &options)
        .await
        .unwrap();
    let table = parse_csv("members.csv", members.as_bytes(), ReadLimits::default()).unwrap();
    let options = MemberImportOptions {
        today,
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_members(Operator::command_line(), &Db::from(store), &table, &options)
        .await
        .unwrap();
}
