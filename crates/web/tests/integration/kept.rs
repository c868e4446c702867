//! What the server keeps in memory between requests (sessions, where units
//! stand, unit pages, rosters: `chibo_core::kept`) follows every change
//! made by another process (the command line, another server on the same
//! database) at the very next request. The other process is a second
//! handle on the same database, with memory of its own.

use chibo_core::Db;
use chibo_core::import::members::{MemberImportOptions, import_members};
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::operator::Operator;
use chibo_core::tabular::{ReadLimits, parse_csv};
use chibo_domain::NaiveDate;

use crate::common::{get, send, sites};

fn today() -> NaiveDate {
    "2024-06-30".parse().unwrap()
}

async fn import_units_elsewhere(db: &Db, csv: &str) {
    let table = parse_csv("units.csv", csv.as_bytes(), ReadLimits::default()).unwrap();
    let options = UnitImportOptions {
        effective_on: today(),
        document: Default::default(),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_units(Operator::command_line(), db, &table, &options)
        .await
        .unwrap();
}

#[tokio::test]
async fn rosters_and_unit_pages_follow_changes_made_elsewhere() {
    for site in sites("web_kept_pages").await {
        let router = site.router();
        let elsewhere = Db::from(site.store());
        let (admin, _) = site.session("admin").await;
        let cell = "/units/CT.NK.AH.KV1";
        for _ in 0..2 {
            let page = send(&router, get(cell, Some(&admin))).await;
            assert_eq!(page.status, 200, "{}", site.test.label);
            assert!(page.body.contains("Trần Văn Bình"));
            assert!(!page.body.contains("Hồ Văn Mới"));
        }

        // A member added from the command line is on the roster at once.
        let csv = "code,full_name,gender,birth_year,status,cell_code,cell_from,role
DV000020,Hồ Văn Mới,nam,1985,chính thức,CT.NK.AH.KV1,01/06/2024,
";
        let table = parse_csv("members.csv", csv.as_bytes(), ReadLimits::default()).unwrap();
        let options = MemberImportOptions {
            today: today(),
            dry_run: false,
            is_demo: false,
            audit: None,
        };
        import_members(Operator::command_line(), &elsewhere, &table, &options)
            .await
            .unwrap();
        let page = send(&router, get(cell, Some(&admin))).await;
        assert!(page.body.contains("Hồ Văn Mới"), "{}", site.test.label);

        // A cell renamed and moved to another ward: both wards' pages and
        // the cell's own page show it at once.
        let ward = "/units/CT.NK.AH";
        let other_ward = "/units/CT.BT.LT";
        let page = send(&router, get(ward, Some(&admin))).await;
        assert!(page.body.contains("Chi bộ Khu vực 2"));
        let page = send(&router, get(other_ward, Some(&admin))).await;
        assert!(!page.body.contains("CT.NK.AH.KV2"));
        // The whole tree, read twice so that the second is the kept one.
        for _ in 0..2 {
            let tree = send(&router, get("/tree", Some(&admin))).await;
            assert!(
                tree.body.contains("Chi bộ Khu vực 2"),
                "{}",
                site.test.label
            );
        }
        import_units_elsewhere(
            &elsewhere,
            "code,name,kind,sector,parent_code,valid_from
CT.NK.AH.KV2,Chi bộ Khu vực Hai,subordinate_cell,commune,CT.BT.LT,01/01/2018
",
        )
        .await;
        let page = send(&router, get(ward, Some(&admin))).await;
        assert!(!page.body.contains("CT.NK.AH.KV2"), "{}", site.test.label);
        let page = send(&router, get(other_ward, Some(&admin))).await;
        assert!(
            page.body.contains("Chi bộ Khu vực Hai"),
            "{}",
            site.test.label
        );
        let tree = send(&router, get("/tree", Some(&admin))).await;
        assert!(
            tree.body.contains("Chi bộ Khu vực Hai"),
            "{}",
            site.test.label
        );
        assert!(
            !tree.body.contains("Chi bộ Khu vực 2<"),
            "{}",
            site.test.label
        );
    }
}

#[tokio::test]
async fn access_follows_grants_moves_and_sign_outs_made_elsewhere() {
    for site in sites("web_kept_access").await {
        let router = site.router();
        let elsewhere = Db::from(site.store());
        let (staff, _) = site.session("staff").await;
        let (admin, _) = site.session("admin").await;
        for page in ["/units/CT.NK.AH.KV1", "/units/CT.NK.AH.KV2"] {
            let answer = send(&router, get(page, Some(&staff))).await;
            assert_eq!(answer.status, 200, "{page}");
        }

        // A cell moved out of the staff's district: no longer theirs.
        import_units_elsewhere(
            &elsewhere,
            "code,name,kind,sector,parent_code,valid_from
CT.NK.AH.KV2,Chi bộ Khu vực 2,subordinate_cell,commune,CT.BT.LT,01/01/2018
",
        )
        .await;
        let answer = send(&router, get("/units/CT.NK.AH.KV2", Some(&staff))).await;
        assert_eq!(answer.status, 404, "{}", site.test.label);
        let answer = send(&router, get("/units/CT.NK.AH.KV1", Some(&staff))).await;
        assert_eq!(answer.status, 200);

        // The staff's grant removed from the command line.
        let account = site
            .store()
            .account_by_username("staff")
            .await
            .unwrap()
            .unwrap();
        let grant = site.store().grants_of(account.id).await.unwrap()[0].id;
        site.store().remove_grant(grant, &[]).await.unwrap();
        let answer = send(&router, get("/units/CT.NK.AH.KV1", Some(&staff))).await;
        assert_eq!(answer.status, 404, "{}", site.test.label);

        // Signed out on another server.
        let answer = send(&router, get("/units/CT.NK.AH.KV1", Some(&admin))).await;
        assert_eq!(answer.status, 200);
        chibo_core::auth::sign_out(&elsewhere, &admin)
            .await
            .unwrap();
        let answer = send(&router, get("/units/CT.NK.AH.KV1", Some(&admin))).await;
        assert_eq!(answer.status, 303, "{}", site.test.label);
        assert!(answer.location().starts_with("/login"));
    }
}

#[tokio::test]
async fn a_kept_session_still_expires_and_is_still_kept_alive() {
    for site in sites("web_kept_session_time").await {
        let router = site.router();
        let (viewer, _) = site.session("viewer").await;
        // Used every 50 minutes, past the hour of idleness in all: the
        // kept session writes its last use, so it stays.
        for _ in 0..3 {
            site.clock.advance(50 * 60);
            let answer = send(&router, get("/tree", Some(&viewer))).await;
            assert_eq!(answer.status, 200, "{}", site.test.label);
        }
        // Then idle for over an hour: gone, though nothing else changed.
        site.clock.advance(61 * 60);
        let answer = send(&router, get("/tree", Some(&viewer))).await;
        assert_eq!(answer.status, 303, "{}", site.test.label);
    }
}
