//! Access through time: a unit's people on a date need a grant that holds
//! the unit on that date and today. A cell moves from Ninh Kiều to Bình
//! Thủy (a dated reorganization in the past), another will move on a date
//! to come; the staff of both districts, the cells' secretaries and the
//! city's staff read rosters, committee member lists, member records and
//! minutes of past, present and future dates. SQLite and, when configured,
//! PostgreSQL.

use crate::support;
use chibo_core::Db;

use chibo_core::access::{Actor, ReadPeople, RecordMeetings, member_access, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::browse;
use chibo_core::meetings::{MeetingSubmission, create_meeting, meeting_access};
use chibo_core::org_ops::{Reorganization, reorganize};
use chibo_core::{CoreError, FixedClock};
use chibo_domain::access::Role;
use chibo_domain::meeting::MeetingKind;
use chibo_domain::meeting_record::MeetingRecord;
use chibo_domain::org::UnitChange;
use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use chibo_store::Store;
use chibo_testkit::stores;

/// Two wards, one in each district; KV1 and KV2 start in An Hòa.
const UNITS: &str = "code,name,kind,sector,parent_code,valid_from
CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018
CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV2,Chi bộ Khu vực 2,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.BT.LT,Đảng bộ phường Long Tuyền,grassroots_committee,commune,CT.BT,01/01/2018
";

/// DV1 has been in KV1 throughout; DV4 left KV1 before it moved; DV2 is in
/// KV2; DV5 joins KV2 after it moves.
const MEMBERS: &str = "code,full_name,gender,birth_year,status,cell_code,cell_from,left_on
DV1,Nguyễn Thị Ngọc Anh,nữ,1976,chính thức,CT.NK.AH.KV1,01/03/2018,
DV4,Võ Văn Đức,nam,1950,chính thức,CT.NK.AH.KV1,01/03/2018,01/06/2021
DV2,Lê Minh Cường,nam,1990,chính thức,CT.NK.AH.KV2,01/03/2018,
DV5,Trần Thị Hoa,nữ,1999,dự bị,CT.NK.AH.KV2,01/02/2025,
";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn u(code: &str) -> UnitCode {
    UnitCode::parse(code).unwrap()
}

fn m(code: &str) -> MemberCode {
    MemberCode::parse(code).unwrap()
}

fn today() -> NaiveDate {
    d("2024-06-30")
}

/// Before KV1 moved, today, and after KV2 will have moved.
const PAST: &str = "2020-06-01";
const FUTURE: &str = "2026-01-01";

async fn setup(store: &Store) {
    support::load(store, UNITS, MEMBERS, today()).await;
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
            &FixedClock(today()),
        )
        .await
        .unwrap();
    }
}

/// Whether `actor` reads the roster of `cell` on `date` (and which codes).
async fn roster(store: &Store, actor: &Actor, cell: &str, date: &str) -> Option<Vec<String>> {
    let access = unit_access::<ReadPeople>(&Db::from(store), actor, &u(cell), today())
        .await
        .ok()?;
    let dated = access.on(&Db::from(store), d(date)).await.ok()?;
    let roster = browse::roster(&Db::from(store), &dated).await.unwrap();
    Some(roster.into_iter().map(|e| e.code.to_string()).collect())
}

/// The members `actor` lists under `unit` on `date`.
async fn listed(store: &Store, actor: &Actor, unit: &str, date: &str) -> Vec<String> {
    let access = unit_access::<ReadPeople>(&Db::from(store), actor, &u(unit), today())
        .await
        .unwrap();
    browse::members_under(&Db::from(store), &access, d(date), today(), None, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, e)| e.code.to_string())
        .collect()
}

fn codes(list: &[&str]) -> Option<Vec<String>> {
    Some(list.iter().map(|c| (*c).to_owned()).collect())
}

#[tokio::test]
async fn rosters_need_the_grant_on_the_date_read_and_today() {
    for t in stores("access_time_rosters").await {
        let store = &t.store;
        setup(store).await;
        let ninh_kieu = support::actor(Role::CommitteeStaff, "CT.NK");
        let binh_thuy = support::actor(Role::CommitteeStaff, "CT.BT");
        let secretary_kv1 = support::actor(Role::CellSecretary, "CT.NK.AH.KV1");
        let secretary_kv2 = support::actor(Role::CellSecretary, "CT.NK.AH.KV2");
        let city = support::actor(Role::CommitteeStaff, "CT");
        let today = "2024-06-30";
        let label = t.label;

        // KV1 moved from Ninh Kiều to Bình Thủy on 01/01/2022.
        let kv1 = "CT.NK.AH.KV1";
        for date in [PAST, today, FUTURE] {
            assert_eq!(
                roster(store, &ninh_kieu, kv1, date).await,
                None,
                "{label} {date}"
            );
        }
        assert_eq!(roster(store, &binh_thuy, kv1, PAST).await, None, "{label}");
        assert_eq!(roster(store, &binh_thuy, kv1, today).await, codes(&["DV1"]));
        assert_eq!(
            roster(store, &binh_thuy, kv1, FUTURE).await,
            codes(&["DV1"])
        );
        for reader in [&secretary_kv1, &city] {
            assert_eq!(
                roster(store, reader, kv1, PAST).await,
                codes(&["DV1", "DV4"]),
                "{label} {}",
                reader.username()
            );
            assert_eq!(roster(store, reader, kv1, FUTURE).await, codes(&["DV1"]));
        }

        // KV2 will move to Bình Thủy on 01/01/2025.
        let kv2 = "CT.NK.AH.KV2";
        assert_eq!(roster(store, &ninh_kieu, kv2, PAST).await, codes(&["DV2"]));
        assert_eq!(roster(store, &ninh_kieu, kv2, today).await, codes(&["DV2"]));
        assert_eq!(
            roster(store, &ninh_kieu, kv2, FUTURE).await,
            None,
            "{label}"
        );
        for date in [PAST, today, FUTURE] {
            assert_eq!(
                roster(store, &binh_thuy, kv2, date).await,
                None,
                "{label} {date}"
            );
        }
        let mut later = roster(store, &secretary_kv2, kv2, FUTURE).await.unwrap();
        later.sort();
        assert_eq!(later, vec!["DV2", "DV5"], "{label}");
    }
}

#[tokio::test]
async fn committee_member_lists_leave_out_cells_outside_the_grant_then_or_now() {
    for t in stores("access_time_lists").await {
        let store = &t.store;
        setup(store).await;
        let ninh_kieu = support::actor(Role::CommitteeStaff, "CT.NK");
        let binh_thuy = support::actor(Role::CommitteeStaff, "CT.BT");
        let city = support::actor(Role::CommitteeStaff, "CT");
        let label = t.label;

        // Ninh Kiều on a past date: KV2 (still its own), not KV1 (gone).
        assert_eq!(
            listed(store, &ninh_kieu, "CT.NK", PAST).await,
            ["DV2"],
            "{label}"
        );
        // Bình Thủy on a future date: KV1, not KV2 (not its own yet).
        assert_eq!(
            listed(store, &binh_thuy, "CT.BT", FUTURE).await,
            ["DV1"],
            "{label}"
        );
        assert!(listed(store, &binh_thuy, "CT.BT", PAST).await.is_empty());
        assert_eq!(
            listed(store, &binh_thuy, "CT.BT", "2024-06-30").await,
            ["DV1"]
        );
        // The city holds both cells on every date.
        assert_eq!(
            listed(store, &city, "CT", PAST).await,
            ["DV1", "DV2", "DV4"],
            "{label}"
        );
        assert_eq!(
            listed(store, &city, "CT", FUTURE).await,
            ["DV1", "DV2", "DV5"],
            "{label}"
        );
    }
}

#[tokio::test]
async fn member_records_are_reached_through_the_cell_of_their_reference_day() {
    for t in stores("access_time_members").await {
        let store = &t.store;
        setup(store).await;
        let ninh_kieu = support::actor(Role::CommitteeStaff, "CT.NK");
        let binh_thuy = support::actor(Role::CommitteeStaff, "CT.BT");
        let city = support::actor(Role::CommitteeStaff, "CT");
        let label = t.label;
        // DV1 is in KV1, in Bình Thủy today.
        assert!(reaches_member(store, &binh_thuy, "DV1").await, "{label}");
        assert!(!reaches_member(store, &ninh_kieu, "DV1").await, "{label}");
        // DV4 left KV1 while it was in Ninh Kiều: Bình Thủy, which holds
        // KV1 now, never held DV4; Ninh Kiều no longer holds KV1.
        assert!(!reaches_member(store, &binh_thuy, "DV4").await, "{label}");
        assert!(!reaches_member(store, &ninh_kieu, "DV4").await, "{label}");
        assert!(reaches_member(store, &city, "DV4").await, "{label}");
        // DV5 joins KV2 after it moves: not Ninh Kiều's, not yet Bình Thủy's.
        assert!(!reaches_member(store, &ninh_kieu, "DV5").await, "{label}");
        assert!(!reaches_member(store, &binh_thuy, "DV5").await, "{label}");
        assert!(reaches_member(store, &city, "DV5").await, "{label}");
        assert!(reaches_member(store, &ninh_kieu, "DV2").await, "{label}");
    }
}

#[tokio::test]
async fn minutes_need_the_grant_on_the_meeting_day_and_today() {
    for t in stores("access_time_meetings").await {
        let store = &t.store;
        setup(store).await;
        let binh_thuy = support::actor(Role::CommitteeStaff, "CT.BT");
        let secretary = support::actor(Role::CellSecretary, "CT.NK.AH.KV1");
        let city = support::actor(Role::CommitteeStaff, "CT");
        let clock = FixedClock(today());
        let author = AuditContext::command_line();
        let record_on = |day: &str| MeetingSubmission {
            record: MeetingRecord::planned(MeetingKind::Regular, d(day)),
            carried: Vec::new(),
        };
        let city_kv1 =
            unit_access::<RecordMeetings>(&Db::from(store), &city, &u("CT.NK.AH.KV1"), today())
                .await
                .unwrap();
        let before = create_meeting(
            &Db::from(store),
            &clock,
            &city_kv1,
            &author,
            &record_on(PAST),
            false,
        )
        .await
        .unwrap();
        let after = create_meeting(
            &Db::from(store),
            &clock,
            &city_kv1,
            &author,
            &record_on("2024-07-05"),
            false,
        )
        .await
        .unwrap();
        let reads = |actor: &Actor, id: i64| {
            let actor = actor.clone();
            async move {
                meeting_access::<ReadPeople>(&Db::from(store), &actor, id, today())
                    .await
                    .is_ok()
            }
        };
        assert!(!reads(&binh_thuy, before).await, "{}", t.label);
        assert!(reads(&binh_thuy, after).await, "{}", t.label);
        assert!(reads(&secretary, before).await, "{}", t.label);
        assert!(reads(&city, before).await, "{}", t.label);

        // Nor may Bình Thủy write a record of KV1 dated before it arrived.
        let bt_kv1 = unit_access::<RecordMeetings>(
            &Db::from(store),
            &binh_thuy,
            &u("CT.NK.AH.KV1"),
            today(),
        )
        .await
        .unwrap();
        let refused = create_meeting(
            &Db::from(store),
            &clock,
            &bt_kv1,
            &author,
            &record_on(PAST),
            false,
        )
        .await;
        let Err(CoreError::Invalid(problems)) = refused else {
            panic!("{}: {refused:?}", t.label);
        };
        assert_eq!(problems[0].message.id, "meeting-err-date-outside-grant");
        assert_eq!(problems[0].field.as_deref(), Some("planned_on"));
    }
}

/// KV3 of Ninh Kiều dissolved on 01/01/2023 (its member left the day
/// before); KV9 of Bình Thủy is created on 01/03/2025.
async fn setup_ends_and_beginnings(store: &Store) {
    let units = format!(
        "{UNITS}CT.NK.AH.KV3,Chi bộ Khu vực 3,subordinate_cell,commune,CT.NK.AH,01/01/2018\n\
         CT.BT.LT.KV9,Chi bộ Khu vực 9,subordinate_cell,commune,CT.BT.LT,01/03/2025\n"
    );
    let members = "code,full_name,gender,birth_year,status,cell_code,cell_from,left_on
DV3,Phạm Văn Sáu,nam,1960,chính thức,CT.NK.AH.KV3,01/03/2018,01/01/2023
DV9,Đinh Thị Chín,nữ,1995,chính thức,CT.BT.LT.KV9,01/03/2025,
";
    support::load(store, &units, members, today()).await;
    reorganize(
        &Db::from(store),
        chibo_core::operator::Operator::command_line(),
        Reorganization::Dissolve {
            unit: u("CT.NK.AH.KV3"),
        },
        d("2023-01-01"),
        &Default::default(),
        &AuditContext::command_line(),
        &FixedClock(today()),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn dissolved_and_later_units_keep_their_own_reference_dates() {
    for t in stores("access_time_ends").await {
        let store = &t.store;
        setup_ends_and_beginnings(store).await;
        let ninh_kieu = support::actor(Role::CommitteeStaff, "CT.NK");
        let binh_thuy = support::actor(Role::CommitteeStaff, "CT.BT");
        let label = t.label;
        // KV3 is Ninh Kiều's on its last day: its history stays readable there.
        assert_eq!(
            roster(store, &ninh_kieu, "CT.NK.AH.KV3", "2022-06-01").await,
            codes(&["DV3"]),
            "{label}"
        );
        assert_eq!(
            roster(store, &binh_thuy, "CT.NK.AH.KV3", "2022-06-01").await,
            None
        );
        assert_eq!(
            listed(store, &ninh_kieu, "CT.NK", "2022-06-01").await,
            ["DV3"],
            "{label}"
        );
        assert!(reaches_member(store, &ninh_kieu, "DV3").await, "{label}");
        assert!(!reaches_member(store, &binh_thuy, "DV3").await, "{label}");
        // KV9 is Bình Thủy's from its first day.
        assert_eq!(
            roster(store, &binh_thuy, "CT.BT.LT.KV9", "2025-06-01").await,
            codes(&["DV9"]),
            "{label}"
        );
        assert_eq!(
            roster(store, &ninh_kieu, "CT.BT.LT.KV9", "2025-06-01").await,
            None
        );
        assert_eq!(
            listed(store, &binh_thuy, "CT.BT", "2025-06-01").await,
            ["DV9"],
            "{label}"
        );
        assert!(reaches_member(store, &binh_thuy, "DV9").await, "{label}");
        assert!(!reaches_member(store, &ninh_kieu, "DV9").await, "{label}");
    }
}

async fn reaches_member(store: &Store, actor: &Actor, code: &str) -> bool {
    member_access::<ReadPeople>(&Db::from(store), actor, &m(code), today())
        .await
        .is_ok()
}
