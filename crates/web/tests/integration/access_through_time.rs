//! Access through time on the pages and the API: reading a unit "as of" a
//! past or future date shows names only to those whose grant holds the
//! cell on that date and today. KV1 moved from Ninh Kiều to Bình Thủy on
//! 01/01/2022; KV2 will move there on 01/01/2025.

use crate::common;
use chibo_core::Db;
use chibo_core::operator::Operator;

use chibo_core::audit::AuditContext;
use chibo_core::import::members::{MemberImportOptions, import_members};
use chibo_core::org_ops::{Reorganization, reorganize};
use chibo_core::tabular::{ReadLimits, parse_csv};
use chibo_core::{FixedClock, accounts, secrets};
use chibo_domain::access::Role;
use chibo_domain::org::UnitChange;
use chibo_domain::{NaiveDate, UnitCode};
use common::{
    Answer, PASSWORD, Site, api, get, held_meeting_fields, meeting_id, post_fields, send, sites,
};

/// Members of KV1 (the moved cell) and KV2 (the cell that will move).
const KV1_NAMES: [&str; 3] = ["Nguyễn Thị Ngọc Anh", "Trần Văn Bình", "Hồ Văn Lâm"];
const KV2_NAME: &str = "Lê Minh Cường";

fn u(code: &str) -> UnitCode {
    UnitCode::parse(code).unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The common site, plus: DV000004 who left KV1 in 2021, the two moves,
/// Bình Thủy's staff, and a meeting of KV1 held in 2020. Returns the
/// meeting's id.
async fn prepare(site: &Site) -> i64 {
    let store = site.store();
    let today = d("2024-06-30");
    let file = "code,full_name,gender,birth_year,status,cell_code,cell_from,left_on
DV000004,Hồ Văn Lâm,nam,1950,chính thức,CT.NK.AH.KV1,01/03/2018,01/06/2021
";
    let table = parse_csv("them.csv", file.as_bytes(), ReadLimits::default()).unwrap();
    let options = MemberImportOptions {
        today,
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_members(Operator::command_line(), &Db::from(store), &table, &options)
        .await
        .unwrap();
    accounts::create_account(
        &Db::from(store),
        site.clock.as_ref(),
        &chibo_core::operator::Operator::command_line().admin(),
        &AuditContext::command_line(),
        "staff_bt",
        "Cán bộ Bình Thủy",
        &[(Role::CommitteeStaff, u("CT.BT"))],
    )
    .await
    .unwrap();
    let account = store
        .account_by_username("staff_bt")
        .await
        .unwrap()
        .unwrap();
    store
        .set_password(
            account.id,
            &secrets::hash_password(PASSWORD),
            false,
            chibo_core::Clock::now(site.clock.as_ref()),
            &[],
        )
        .await
        .unwrap();

    // The 2020 meeting is recorded by the administrator before the moves.
    let (cookie, csrf) = site.session("admin").await;
    let fields = held_meeting_fields(&csrf, "15/06/2020", &["DV000001", "DV000002", "DV000004"]);
    let created = send(
        &site.router(),
        post_fields("/units/CT.NK.AH.KV1/meetings/new", Some(&cookie), &fields),
    )
    .await;
    assert_eq!(created.status, 303, "{}", created.body);

    for (cell, on) in [
        ("CT.NK.AH.KV1", "2022-01-01"),
        ("CT.NK.AH.KV2", "2025-01-01"),
    ] {
        reorganize(
            &Db::from(store),
            chibo_core::operator::Operator::command_line(),
            Reorganization::Change {
                unit: u(cell),
                change: UnitChange {
                    parent: Some(Some(u("CT.BT.LT"))),
                    ..UnitChange::default()
                },
            },
            d(on),
            &Default::default(),
            &AuditContext::command_line(),
            &FixedClock(today),
        )
        .await
        .unwrap();
    }
    meeting_id(created.location())
}

/// The member codes of an API list.
async fn list(site: &Site, token: &str, path: &str) -> Vec<String> {
    let answer = send(&site.router(), api("GET", path, token, None)).await;
    assert_eq!(answer.status, 200, "{path}: {}", answer.body);
    answer.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_owned())
        .collect()
}

async fn page(site: &Site, user: &str, path: &str) -> Answer {
    let (cookie, _) = site.session(user).await;
    send(&site.router(), get(path, Some(&cookie))).await
}

fn names_in(answer: &Answer) -> Vec<&'static str> {
    KV1_NAMES
        .iter()
        .chain([&KV2_NAME])
        .filter(|name| answer.body.contains(**name))
        .copied()
        .collect()
}

#[tokio::test]
async fn unit_pages_show_names_only_when_the_grant_holds_the_cell_then_and_now() {
    for site in sites("web_access_time_units").await {
        prepare(&site).await;
        let kv1_past = "/units/CT.NK.AH.KV1?as_of=01/06/2020";
        // Bình Thủy holds KV1 today, not in 2020.
        let answer = page(&site, "staff_bt", kv1_past).await;
        assert_eq!(answer.status, 200);
        assert!(names_in(&answer).is_empty(), "{}", answer.body);
        assert!(answer.body.contains("không thuộc phạm vi được giao"));
        let answer = page(&site, "staff_bt", "/units/CT.NK.AH.KV1").await;
        assert_eq!(names_in(&answer), ["Nguyễn Thị Ngọc Anh", "Trần Văn Bình"]);
        // Ninh Kiều held it in 2020 but no longer does.
        assert_eq!(page(&site, "staff", kv1_past).await.status, 404);
        // The cell's secretary and the administrator read every date.
        for user in ["secretary", "admin"] {
            let answer = page(&site, user, kv1_past).await;
            assert_eq!(names_in(&answer), KV1_NAMES, "{user}");
        }

        // KV2: Ninh Kiều's today, Bình Thủy's from 01/01/2025.
        let kv2_future = "/units/CT.NK.AH.KV2?as_of=01/01/2026";
        let answer = page(&site, "staff", kv2_future).await;
        assert_eq!(answer.status, 200);
        assert!(names_in(&answer).is_empty(), "{}", answer.body);
        assert_eq!(page(&site, "staff_bt", kv2_future).await.status, 404);
        let answer = page(&site, "staff", "/units/CT.NK.AH.KV2?as_of=01/06/2020").await;
        assert_eq!(names_in(&answer), [KV2_NAME]);

        // The tree and the dashboards of a past date list no one.
        for path in [
            "/tree?as_of=01/06/2020",
            "/units/CT.NK?as_of=01/06/2020",
            "/units/CT.NK/dashboard",
        ] {
            let answer = page(&site, "staff", path).await;
            assert_eq!(answer.status, 200, "{path}");
            assert!(names_in(&answer).is_empty(), "{path}");
        }
    }
}

#[tokio::test]
async fn the_api_lists_only_cells_the_grant_holds_on_the_date_and_today() {
    for site in sites("web_access_time_api").await {
        prepare(&site).await;
        let router = site.router();
        let staff = site.api_token("staff").await;
        let staff_bt = site.api_token("staff_bt").await;
        let admin = site.api_token("admin").await;
        // Ninh Kiều in 2020: KV2 (still its own), not KV1 (gone since).
        assert_eq!(
            list(
                &site,
                &staff,
                "/api/v1/units/CT.NK/members?as_of=2020-06-01"
            )
            .await,
            ["DV000003"]
        );
        // Bình Thủy in 2026: KV1 and its own ward, not KV2 (not yet its own).
        assert_eq!(
            list(
                &site,
                &staff_bt,
                "/api/v1/units/CT.BT/members?as_of=2026-01-01"
            )
            .await,
            ["DV000001", "DV000002", "DV000010"]
        );
        assert!(
            list(
                &site,
                &staff_bt,
                "/api/v1/units/CT.NK.AH.KV1/members?as_of=2020-06-01"
            )
            .await
            .is_empty()
        );
        assert_eq!(
            list(
                &site,
                &admin,
                "/api/v1/units/CT.NK.AH.KV1/members?as_of=2020-06-01"
            )
            .await,
            ["DV000001", "DV000002", "DV000004"]
        );
        // A member who left KV1 while it was Ninh Kiều's is Bình Thủy's to read no more than Ninh Kiều's.
        for token in [&staff, &staff_bt] {
            let answer = send(&router, api("GET", "/api/v1/members/DV000004", token, None)).await;
            assert_eq!(answer.status, 404);
        }
        let answer = send(
            &router,
            api("GET", "/api/v1/members/DV000004", &admin, None),
        )
        .await;
        assert_eq!(answer.status, 200);
    }
}

#[tokio::test]
async fn member_and_meeting_pages_follow_the_dates_they_show() {
    for site in sites("web_access_time_records").await {
        let meeting = prepare(&site).await;
        for user in ["staff", "staff_bt"] {
            assert_eq!(
                page(&site, user, "/members/DV000004").await.status,
                404,
                "{user}"
            );
        }
        assert_eq!(page(&site, "admin", "/members/DV000004").await.status, 200);
        assert_eq!(
            page(&site, "staff_bt", "/members/DV000001").await.status,
            200
        );

        // The 2020 minutes: Bình Thủy did not hold KV1 then.
        let minutes = format!("/meetings/{meeting}/minutes");
        for path in [minutes.clone(), format!("/meetings/{meeting}")] {
            assert_eq!(page(&site, "staff_bt", &path).await.status, 404, "{path}");
        }
        let answer = page(&site, "secretary", &minutes).await;
        assert_eq!(answer.status, 200);
        assert!(answer.body.contains("Nguyễn Thị Ngọc Anh"));
        // The year's list is aggregates: open, without names.
        let answer = page(&site, "staff_bt", "/units/CT.NK.AH.KV1/meetings?year=2020").await;
        assert_eq!(answer.status, 200);
        assert!(names_in(&answer).is_empty(), "{}", answer.body);

        // Recording a KV1 meeting of 2020 as Bình Thủy: refused, and the
        // form shows no roster of that day.
        let (cookie, csrf) = site.session("staff_bt").await;
        let fields = held_meeting_fields(&csrf, "20/06/2020", &["DV000001"]);
        let answer = send(
            &site.router(),
            post_fields("/units/CT.NK.AH.KV1/meetings/new", Some(&cookie), &fields),
        )
        .await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert!(
            answer
                .body
                .contains("không thuộc phạm vi được giao cho bạn")
        );
        assert!(names_in(&answer).is_empty(), "{}", answer.body);

        // The blank minutes to print name the roster of the day asked for:
        // Bình Thủy prints today's, not 2020's; the cell's secretary
        // prints 2020's with the member who left since; Ninh Kiều none.
        let blank = "/units/CT.NK.AH.KV1/meetings/blank";
        let past = format!("{blank}?on=20/06/2020");
        assert_eq!(page(&site, "staff_bt", &past).await.status, 404);
        let answer = page(&site, "staff_bt", blank).await;
        assert_eq!(answer.status, 200);
        assert_eq!(names_in(&answer), ["Nguyễn Thị Ngọc Anh", "Trần Văn Bình"]);
        let answer = page(&site, "secretary", &past).await;
        assert_eq!(answer.status, 200);
        assert_eq!(names_in(&answer), KV1_NAMES);
        assert_eq!(page(&site, "staff", blank).await.status, 404);
    }
}
