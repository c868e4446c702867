//! Dashboards read from the stored indicator rows: a committee's sub-units
//! as the tree stood at the end of the window, with what left it shown
//! apart so that the figures add up; history following the successor of
//! merged cells when asked; rankings that do not rank thin figures; the
//! norms against practice. SQLite and, when configured, PostgreSQL.

use crate::support;
use chibo_core::Db;

use chibo_core::access::{Actor, ReadAggregates, RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::dashboards::{
    History, Level, Window, monthly_counters, norms_table, overview, ranking, unit_lines,
};

use chibo_core::FixedClock;
use chibo_core::indicators::{catalog, rebuild_year};
use chibo_core::meetings::{MeetingSubmission, create_meeting};
use chibo_core::org_ops::{Reorganization, reorganize};
use chibo_core::resident_rows::{ResidentRows, YearRows};
use chibo_domain::access::Role;
use chibo_domain::indicators::Counter;
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{AttendanceMark, MeetingRecord};
use chibo_domain::norms::Period;
use chibo_domain::org::NewUnit;
use chibo_domain::text::Name;
use chibo_domain::unit::UnitKind;
use chibo_domain::{MemberCode, NaiveDate, SectorCode, UnitCode};
use chibo_store::{OpenMode, Reach, Store};
use chibo_testkit::stores;
use chrono::NaiveTime;

const UNITS: &str = "code,name,kind,sector,parent_code,valid_from
CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018
CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV2,Chi bộ Khu vực 2,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AB,Đảng bộ phường An Bình,grassroots_committee,commune,CT.NK,01/01/2018
CT.NK.AB.KV1,Chi bộ Khu vực 1 An Bình,subordinate_cell,commune,CT.NK.AB,01/01/2018
";

const MEMBERS: &str = "code,full_name,gender,birth_year,status,cell_code,cell_from
DV01,Nguyễn Thị Ngọc Anh,nữ,1976,chính thức,CT.NK.AH.KV1,01/03/2018
DV02,Trần Văn Bình,nam,1959,chính thức,CT.NK.AH.KV1,01/03/2018
DV05,Phạm Thị Dung,nữ,1980,chính thức,CT.NK.AH.KV2,01/03/2018
DV06,Lê Văn Em,nam,1985,chính thức,CT.NK.AH.KV2,01/03/2018
DV07,Hồ Thị Gấm,nữ,1988,chính thức,CT.NK.AB.KV1,01/03/2018
DV08,Đỗ Văn Hải,nam,1970,chính thức,CT.NK.AB.KV1,01/03/2018
";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn u(code: &str) -> UnitCode {
    UnitCode::parse(code).unwrap()
}

const TODAY: &str = "2024-12-31";

fn admin() -> Actor {
    support::actor(Role::Administrator, "CT")
}

async fn setup(store: &Store) {
    support::load(store, UNITS, MEMBERS, d("2024-01-01")).await;
}

/// A held 90-minute regular meeting of `cell` with everyone present.
async fn meet(store: &Store, cell: &str, day: &str, members: &[&str]) {
    let day = d(day);
    let mut record = MeetingRecord::planned(MeetingKind::Regular, day);
    record.status = MeetingStatus::Held;
    record.held_on = Some(day);
    record.starts_at = Some(NaiveTime::from_hms_opt(8, 0, 0).unwrap());
    record.ends_at = Some(NaiveTime::from_hms_opt(9, 30, 0).unwrap());
    record.place = "Hội trường".to_owned();
    record.documents_sent_on = Some(day - chrono::Days::new(2));
    record.attendance = members
        .iter()
        .map(|code| AttendanceMark {
            member: MemberCode::parse(code).unwrap(),
            mark: Attendance::Present,
            reason: String::new(),
        })
        .collect();
    let access = unit_access::<RecordMeetings>(&Db::from(store), &admin(), &u(cell), d(TODAY))
        .await
        .unwrap();
    let submission = MeetingSubmission {
        record,
        carried: Vec::new(),
    };
    let clock = FixedClock(d(TODAY));
    create_meeting(
        &Db::from(store),
        &clock,
        &access,
        &AuditContext::command_line(),
        &submission,
        false,
    )
    .await
    .unwrap();
}

/// KV1 meets January–March, KV2 January–February; on 01/04 they merge
/// into a new cell KV3, which meets in April and May. AB.KV1 meets every
/// month of the first half.
async fn merged_cells(store: &Store) {
    setup(store).await;
    for day in ["2024-01-10", "2024-02-10", "2024-03-10"] {
        meet(store, "CT.NK.AH.KV1", day, &["DV01", "DV02"]).await;
    }
    for day in ["2024-01-12", "2024-02-12"] {
        meet(store, "CT.NK.AH.KV2", day, &["DV05", "DV06"]).await;
    }
    for month in 1..=6 {
        meet(
            store,
            "CT.NK.AB.KV1",
            &format!("2024-{month:02}-05"),
            &["DV07", "DV08"],
        )
        .await;
    }
    let new_cell = NewUnit {
        code: u("CT.NK.AH.KV3"),
        name: Name::parse("Chi bộ Khu vực 3").unwrap(),
        kind: UnitKind::SubordinateCell,
        sector: SectorCode::parse("commune").unwrap(),
        parent: Some(u("CT.NK.AH")),
    };
    reorganize(
        &Db::from(store),
        chibo_core::operator::Operator::command_line(),
        Reorganization::Merge {
            sources: vec![u("CT.NK.AH.KV1"), u("CT.NK.AH.KV2")],
            target: u("CT.NK.AH.KV3"),
            new_target: Some(new_cell),
        },
        d("2024-04-01"),
        &Default::default(),
        &AuditContext::command_line(),
        &FixedClock(d(TODAY)),
    )
    .await
    .unwrap();
    rebuild_year(&Db::from(store), 2024).await.unwrap();
    for day in ["2024-04-10", "2024-05-10"] {
        meet(
            store,
            "CT.NK.AH.KV3",
            day,
            &["DV01", "DV02", "DV05", "DV06"],
        )
        .await;
    }
}

/// Counters summed in memory (month rows kept), and in the database (year
/// rows only in memory, so windows of months are summed there): the
/// dashboards must not tell them apart.
fn residents() -> [ResidentRows; 2] {
    [ResidentRows::default(), ResidentRows::new(0)]
}

async fn open_window(
    store: &Store,
    unit: &str,
    period: &str,
) -> (Window, chibo_core::access::UnitAccess<ReadAggregates>) {
    let access = unit_access::<ReadAggregates>(&Db::from(store), &admin(), &u(unit), d(TODAY))
        .await
        .unwrap();
    let window = Window::new(Period::parse(period).unwrap(), d(TODAY), access.placement()).unwrap();
    (window, access)
}

fn meetings(counters: &chibo_domain::indicators::Counters) -> i64 {
    counters.get(Counter::Meetings)
}

#[tokio::test]
async fn sub_units_of_the_window_end_with_what_left_shown_apart() {
    for test in stores("dashboards_overview").await {
        let store = &test.store;
        merged_cells(store).await;
        let (window, access) = open_window(store, "CT.NK.AH", "01/01/2024-30/06/2024").await;
        assert_eq!(window.view_day, d("2024-06-30"));
        for resident in residents() {
            let view = overview(
                &Db::from(store),
                &resident,
                &access,
                &window,
                History::AsItStood,
            )
            .await
            .unwrap();
            assert_eq!(meetings(&view.unit.counters), 7, "{}", test.label);
            let children: Vec<&str> = view.children.iter().map(|c| c.code.as_str()).collect();
            assert_eq!(children, vec!["CT.NK.AH.KV3"]);
            assert_eq!(meetings(&view.children[0].counters), 2);
            // KV1 and KV2 counted in An Hòa until they merged.
            let others = view.others.expect("the merged cells' months");
            assert_eq!(meetings(&others), 5);
            // The previous half-year had no meeting at all.
            let attendance = view
                .figures
                .iter()
                .find(|f| f.indicator.code == "attendance_rate")
                .unwrap();
            assert_eq!(attendance.value.value, Some(100.0));
            assert_eq!(attendance.previous.and_then(|p| p.value), None);
            assert_eq!(attendance.meets_target, Some(true));

            // The district above sees both wards, and nothing left over.
            let (window, access) = open_window(store, "CT.NK", "2024-Q1").await;
            let view = overview(
                &Db::from(store),
                &resident,
                &access,
                &window,
                History::AsItStood,
            )
            .await
            .unwrap();
            assert_eq!(view.children.len(), 2);
            assert!(view.others.is_none());
            assert_eq!(meetings(&view.unit.counters), 8);
        }
    }
}

#[tokio::test]
async fn history_follows_the_successor_when_asked() {
    for test in stores("dashboards_successors").await {
        let store = &test.store;
        merged_cells(store).await;
        let (window, access) = open_window(store, "CT.NK.AH", "01/01/2024-30/06/2024").await;
        for resident in residents() {
            let lines = unit_lines(
                &Db::from(store),
                &resident,
                &access,
                &window,
                Reach::Subtree,
                History::FollowSuccessors,
                &Counter::ALL,
            )
            .await
            .unwrap();
            let kv3 = lines
                .iter()
                .find(|l| l.code.as_str() == "CT.NK.AH.KV3")
                .unwrap();
            assert_eq!(meetings(&kv3.counters), 7, "{}", test.label);
            assert_eq!(meetings(&kv3.own), 2);
            let mut inherited: Vec<&str> = kv3.inherited.iter().map(|c| c.as_str()).collect();
            inherited.sort_unstable();
            assert_eq!(inherited, vec!["CT.NK.AH.KV1", "CT.NK.AH.KV2"]);
            // The committee itself is not counted twice.
            assert_eq!(meetings(&lines[0].counters), 7);

            let by_month = monthly_counters(&Db::from(store), &lines, &window)
                .await
                .unwrap();
            let kv3_months: Vec<i64> = by_month[&kv3.code].iter().map(meetings).collect();
            assert_eq!(kv3_months, vec![2, 2, 1, 1, 1, 0]);

            // Ranked only with enough meetings behind the figure: KV3 alone has
            // 2 meetings of its own, 7 with its predecessors'.
            let indicator = catalog().indicator("attendance_rate").unwrap();
            let ranked = ranking(&lines, indicator, Level::Cells);
            assert_eq!(ranked.len(), 1);
            assert_eq!(ranked[0].rank, Some(1));
            let own_lines = unit_lines(
                &Db::from(store),
                &resident,
                &access,
                &window,
                Reach::Subtree,
                History::AsItStood,
                &Counter::ALL,
            )
            .await
            .unwrap();
            let ranked = ranking(&own_lines, indicator, Level::Cells);
            assert_eq!(ranked[0].rank, None);
            assert_eq!(ranked[0].meetings, 2);
        }
    }
}

#[tokio::test]
async fn norms_against_practice_count_the_cells_that_keep_each_norm() {
    for test in stores("dashboards_norms").await {
        let store = &test.store;
        merged_cells(store).await;
        let (window, access) = open_window(store, "CT.NK", "01/01/2024-30/06/2024").await;
        for resident in residents() {
            let table = norms_table(
                &Db::from(store),
                &resident,
                &access,
                &window,
                History::AsItStood,
            )
            .await
            .unwrap();
            let monthly = table
                .iter()
                .find(|n| n.code == "regular-every-month")
                .unwrap();
            let measure = &monthly.measures[0];
            assert_eq!(measure.indicator.code, "regular_on_schedule");
            // Cell-months: KV1 and KV2 3 each (January–March), KV3 3 (April–
            // June), AB.KV1 6: 15, of which 3 + 2 + 2 + 6 = 13 held.
            assert!(
                (measure.value.value.unwrap() - 1300.0 / 15.0).abs() < 1e-9,
                "{}",
                test.label
            );
            assert_eq!(measure.value.basis, 15);
            // Cells listed on 30/06: KV3 (2 of 3 months) and AB.KV1 (6 of 6).
            assert_eq!((measure.cells_meeting, measure.cells_judged), (1, 2));
            let documents = table.iter().find(|n| n.code == "documents-ahead").unwrap();
            assert!(documents.measures.is_empty());
        }
    }
}

/// `kept` holds exactly the rows of `year` the database holds now (month
/// rows too when it keeps them).
async fn assert_kept_as_stored(store: &Store, kept: &YearRows, label: &str) {
    let months: Vec<u32> = if kept.has_months() {
        (0..=12).collect()
    } else {
        vec![0]
    };
    let stored = store
        .indicator_rows_of_year(kept.year(), &months)
        .await
        .unwrap();
    assert!(!stored.is_empty());
    for row in &stored {
        assert_eq!(
            kept.sum(row.unit_id, row.month, row.month),
            Some(row.counters),
            "{label}: unit {} month {}",
            row.unit_id,
            row.month
        );
    }
    assert_eq!(kept.rows_kept(), stored.len(), "{label}");
}

#[tokio::test]
async fn rows_kept_in_memory_follow_every_change_to_the_database() {
    for test in stores("dashboards_resident").await {
        let store = &test.store;
        let label = test.label;
        setup(store).await;
        // The year's first meeting builds the whole year.
        meet(store, "CT.NK.AH.KV1", "2024-01-10", &["DV01", "DV02"]).await;
        let kv2 = store
            .unit_ids_of(&["CT.NK.AH.KV2".to_owned()])
            .await
            .unwrap()["CT.NK.AH.KV2"];
        for resident in residents() {
            let before = resident.year(&Db::from(store), 2024).await.unwrap();
            assert_kept_as_stored(store, &before, label).await;
            assert_eq!(before.sum(kv2, 0, 0).map(|c| meetings(&c)), Some(0));
        }
        // Both kinds, held across the changes below.
        let residents = residents();
        for resident in &residents {
            resident.year(&Db::from(store), 2024).await.unwrap();
        }
        let held = residents[0].year(&Db::from(store), 2024).await.unwrap();

        // A meeting saved here: the changed rows are read.
        meet(store, "CT.NK.AH.KV2", "2024-02-12", &["DV05", "DV06"]).await;
        for resident in &residents {
            let now = resident.year(&Db::from(store), 2024).await.unwrap();
            assert_kept_as_stored(store, &now, label).await;
            assert_eq!(now.sum(kv2, 0, 0).map(|c| meetings(&c)), Some(1));
        }
        // What was handed out before stays as it was.
        assert_eq!(held.sum(kv2, 0, 0).map(|c| meetings(&c)), Some(0));
        assert_eq!(held.sum(kv2, 2, 2).map(|c| meetings(&c)), Some(0));

        // A meeting saved by another process, and then a rebuild there.
        let other = Store::open(&test.url, OpenMode::MustExist).await.unwrap();
        meet(&other, "CT.NK.AB.KV1", "2024-03-05", &["DV07", "DV08"]).await;
        for resident in &residents {
            let now = resident.year(&Db::from(store), 2024).await.unwrap();
            assert_kept_as_stored(store, &now, label).await;
        }
        rebuild_year(&Db::from(&other), 2024).await.unwrap();
        other.close().await;
        for resident in &residents {
            let now = resident.year(&Db::from(store), 2024).await.unwrap();
            assert_kept_as_stored(store, &now, label).await;
            assert_eq!(now.sum(kv2, 0, 0).map(|c| meetings(&c)), Some(1));
        }
        // A window of months is summed in memory only where month rows are kept.
        assert!(
            residents[0]
                .year(&Db::from(store), 2024)
                .await
                .unwrap()
                .serves(1, 3)
        );
        assert!(
            !residents[1]
                .year(&Db::from(store), 2024)
                .await
                .unwrap()
                .serves(1, 3)
        );
        assert!(
            residents[1]
                .year(&Db::from(store), 2024)
                .await
                .unwrap()
                .serves(0, 0)
        );
    }
}
