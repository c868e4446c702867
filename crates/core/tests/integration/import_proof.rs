//! A signed-in person's import needs the proof the scope check returns:
//! the proof carries the file, options and preview fingerprint that were
//! checked, a file with a row outside the grants gets none, and a proof
//! confirming a preview the data has moved away from writes nothing.
//! SQLite and, when configured, PostgreSQL.

use crate::support;
use chibo_core::Db;
use chibo_core::operator::Operator;

use chibo_core::CoreError;
use chibo_core::import::members::{MemberImportOptions, import_checked_members, import_members};
use chibo_core::import::scope::{check_member_rows, check_unit_rows};
use chibo_core::import::units::UnitImportOptions;
use chibo_core::tabular::{ReadLimits, Table, parse_csv};
use chibo_domain::access::Role;
use chibo_domain::{MemberCode, NaiveDate};
use chibo_store::{Store, StoreError};
use chibo_testkit::stores;

const UNITS: &str = "code,name,kind,sector,parent_code,valid_from
CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018
CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.BT.LT,Đảng bộ phường Long Tuyền,grassroots_committee,commune,CT.BT,01/01/2018
CT.BT.LT.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.BT.LT,01/01/2018
";

const MEMBERS: &str = "code,full_name,gender,birth_year,status,cell_code,cell_from
DV1,Nguyễn Thị Ngọc Anh,nữ,1976,chính thức,CT.NK.AH.KV1,01/03/2018
";

const HEADER: &str = "code,full_name,gender,birth_year,status,cell_code,cell_from\n";

fn today() -> NaiveDate {
    "2024-06-30".parse().unwrap()
}

fn csv(rows: &str) -> Table {
    let text = format!("{HEADER}{rows}");
    parse_csv("members.csv", text.as_bytes(), ReadLimits::default()).unwrap()
}

fn options(dry_run: bool) -> MemberImportOptions {
    MemberImportOptions {
        today: today(),
        dry_run,
        is_demo: false,
        audit: None,
    }
}

async fn stored(store: &Store, code: &str) -> Option<String> {
    store
        .load_members(&[MemberCode::parse(code).unwrap()])
        .await
        .unwrap()
        .into_iter()
        .next()
        .map(|m| m.full_name.to_string())
}

const NEW_IN_AH: &str = "DV9,Trần Văn Bình,nam,1985,chính thức,CT.NK.AH.KV1,01/03/2020\n";

#[tokio::test]
async fn a_proof_imports_the_file_and_options_it_was_checked_with() {
    for t in stores("import_proof_applies").await {
        let store = &t.store;
        support::load(store, UNITS, MEMBERS, today()).await;
        let staff = support::actor(Role::CommitteeStaff, "CT.NK.AH");
        let (db, table, options) = (Db::from(store), csv(NEW_IN_AH), options(false));
        let checked = check_member_rows(&db, &staff, &table, &options, None)
            .await
            .unwrap();
        assert!(std::ptr::eq(checked.table(), &table), "{}", t.label);
        assert!(std::ptr::eq(checked.options(), &options));
        assert_eq!(checked.basis(), None);
        let report = import_checked_members(checked).await.unwrap();
        assert_eq!((report.created, report.dry_run), (1, false));
        assert_eq!(stored(store, "DV9").await.as_deref(), Some("Trần Văn Bình"));
    }
}

#[tokio::test]
async fn a_file_with_a_row_outside_the_grants_gets_no_proof() {
    for t in stores("import_proof_refused").await {
        let store = &t.store;
        support::load(store, UNITS, MEMBERS, today()).await;
        let db = Db::from(store);
        let staff = support::actor(Role::CommitteeStaff, "CT.NK.AH");
        let table = csv(&format!(
            "{NEW_IN_AH}DV8,Lê Thị Hoa,nữ,1990,chính thức,CT.BT.LT.KV1,01/03/2020\n"
        ));
        let options = options(false);
        let Err(CoreError::Invalid(problems)) =
            check_member_rows(&db, &staff, &table, &options, None).await
        else {
            panic!("{}: a row outside the grants must be refused", t.label);
        };
        let refused: Vec<_> = problems
            .iter()
            .map(|p| (p.location.as_ref().and_then(|l| l.row), p.message.id))
            .collect();
        assert_eq!(refused, vec![(Some(3), "access-import-unit-outside")]);
        assert_eq!(stored(store, "DV9").await, None, "nothing was written");

        // Units too: a new ward under another district is outside.
        let units = parse_csv(
            "units.csv",
            "code,name,kind,sector,parent_code,valid_from\nCT.BT.XX,Phường mới,grassroots_committee,commune,CT.BT,01/01/2024\n"
                .as_bytes(),
            ReadLimits::default(),
        )
        .unwrap();
        let unit_options = UnitImportOptions {
            effective_on: today(),
            document: Default::default(),
            dry_run: false,
            is_demo: false,
            audit: None,
        };
        let refused = check_unit_rows(&db, &staff, today(), &units, &unit_options, None).await;
        assert!(
            matches!(&refused, Err(CoreError::Invalid(p)) if p[0].message.id == "access-import-unit-outside"),
            "{refused:?}"
        );
    }
}

#[tokio::test]
async fn a_proof_confirming_a_preview_the_data_moved_from_writes_nothing() {
    for t in stores("import_proof_stale").await {
        let store = &t.store;
        support::load(store, UNITS, MEMBERS, today()).await;
        let db = Db::from(store);
        let staff = support::actor(Role::CommitteeStaff, "CT.NK.AH");
        let table = csv(NEW_IN_AH);
        let preview_options = options(true);
        let preview = check_member_rows(&db, &staff, &table, &preview_options, None)
            .await
            .unwrap();
        let shown = import_checked_members(preview).await.unwrap().basis;
        assert_eq!(stored(store, "DV9").await, None, "a preview writes nothing");

        // Meanwhile the command line stores DV9 under another name.
        let other = csv("DV9,Trần Văn Bảo,nam,1985,chính thức,CT.NK.AH.KV1,01/03/2020\n");
        import_members(Operator::command_line(), &db, &other, &options(false))
            .await
            .unwrap();

        let apply = options(false);
        let confirm = check_member_rows(&db, &staff, &table, &apply, Some(&shown))
            .await
            .unwrap();
        assert_eq!(confirm.basis(), Some(shown.as_str()));
        let result = import_checked_members(confirm).await;
        assert!(
            matches!(result, Err(CoreError::Store(StoreError::Conflict))),
            "{}: {result:?}",
            t.label
        );
        assert_eq!(stored(store, "DV9").await.as_deref(), Some("Trần Văn Bảo"));
    }
}
