//! Indicator rows kept in the database: values of a ward rolled up from its
//! cells as the tree stood in each month (a cell moved to another ward
//! takes only its later months along), the rows that saving meetings keeps
//! up to date equal to a full rebuild over random changes, and periods
//! read in whole months. SQLite and, when configured, PostgreSQL.

use chibo_core::access::{Actor, RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::import::members::{MemberImportOptions, import_members};
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::indicators::{
    catalog, period_months, rebuild, rebuild_year, rebuild_year_in_batches, unit_counters,
};
use chibo_core::meetings::{MeetingSubmission, create_meeting, meeting_access, save_meeting};
use chibo_core::org_ops::{Reorganization, reorganize};
use chibo_core::tabular::{ReadLimits, parse_csv};
use chibo_core::{CoreError, FixedClock, reference};
use chibo_domain::access::Role;
use chibo_domain::indicators::Counter;
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{AttendanceMark, MeetingRecord};
use chibo_domain::norms::Period;
use chibo_domain::org::UnitChange;
use chibo_domain::rng::SeededRng;
use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use chibo_store::{GrantRecord, IndicatorRow, Store};
use chibo_testkit::stores;
use chrono::NaiveTime;

const UNITS: &str = "code,name,kind,sector,parent_code,valid_from
CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018
CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV2,Chi bộ Khu vực 2,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AB,Đảng bộ phường An Bình,grassroots_committee,commune,CT.NK,01/01/2018
CT.NK.AB.KV1,Chi bộ Khu vực 1 An Bình,subordinate_cell,commune,CT.NK.AB,01/01/2018
";

/// Three members in AH.KV1 (one exempt), two in AH.KV2, two in AB.KV1.
const MEMBERS: &str =
    "code,full_name,gender,birth_year,status,cell_code,cell_from,role,exempt_from,exempt_reason
DV01,Nguyễn Thị Ngọc Anh,nữ,1976,chính thức,CT.NK.AH.KV1,01/03/2018,bí thư,,
DV02,Trần Văn Bình,nam,1959,chính thức,CT.NK.AH.KV1,01/03/2018,,,
DV04,Võ Văn Đức,nam,1940,chính thức,CT.NK.AH.KV1,01/03/2018,,01/01/2020,Tuổi cao
DV05,Phạm Thị Dung,nữ,1980,chính thức,CT.NK.AH.KV2,01/03/2018,bí thư,,
DV06,Lê Văn Em,nam,1985,chính thức,CT.NK.AH.KV2,01/03/2018,,,
DV07,Hồ Thị Gấm,nữ,1988,chính thức,CT.NK.AB.KV1,01/03/2018,bí thư,,
DV08,Đỗ Văn Hải,nam,1970,chính thức,CT.NK.AB.KV1,01/03/2018,,,
";

const ROSTERS: [(&str, &[&str]); 3] = [
    ("CT.NK.AH.KV1", &["DV01", "DV02", "DV04"]),
    ("CT.NK.AH.KV2", &["DV05", "DV06"]),
    ("CT.NK.AB.KV1", &["DV07", "DV08"]),
];

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn u(code: &str) -> UnitCode {
    UnitCode::parse(code).unwrap()
}

fn clock() -> FixedClock {
    FixedClock(d("2024-12-31"))
}

fn admin() -> Actor {
    Actor {
        account_id: 0,
        username: "admin".to_owned(),
        display_name: String::new(),
        grants: vec![GrantRecord {
            id: 1,
            account_id: 0,
            role: Role::Administrator,
            unit: u("CT"),
            unit_name: String::new(),
        }],
        must_change_password: false,
        address: None,
    }
}

fn author() -> AuditContext {
    AuditContext::command_line()
}

async fn setup(store: &Store) {
    let clock = clock();
    reference::load(store, &clock).await.unwrap();
    let table = parse_csv("units.csv", UNITS.as_bytes(), ReadLimits::default()).unwrap();
    let options = UnitImportOptions {
        effective_on: d("2018-01-01"),
        document: Default::default(),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_units(store, &table, &options).await.unwrap();
    let table = parse_csv("members.csv", MEMBERS.as_bytes(), ReadLimits::default()).unwrap();
    let options = MemberImportOptions {
        today: d("2024-01-01"),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_members(store, &table, &options).await.unwrap();
}

/// A held meeting of `cell` on `day` lasting `minutes`, with the members
/// in `absent` absent without a reason and DV04 exempt.
fn held(
    cell: &str,
    kind: MeetingKind,
    day: NaiveDate,
    minutes: u32,
    absent: &[&str],
) -> MeetingRecord {
    let mut record = MeetingRecord::planned(kind, day);
    record.status = MeetingStatus::Held;
    record.held_on = Some(day);
    record.starts_at = Some(NaiveTime::from_hms_opt(8, 0, 0).unwrap());
    record.ends_at = Some(
        NaiveTime::from_hms_opt(8, 0, 0).unwrap() + chrono::Duration::minutes(i64::from(minutes)),
    );
    record.place = "Hội trường".to_owned();
    record.documents_sent_on = Some(day - chrono::Days::new(2));
    let roster = ROSTERS.iter().find(|(c, _)| *c == cell).unwrap().1;
    record.attendance = roster
        .iter()
        .map(|code| AttendanceMark {
            member: MemberCode::parse(code).unwrap(),
            mark: if *code == "DV04" {
                Attendance::Exempt
            } else if absent.contains(code) {
                Attendance::AbsentUnexcused
            } else {
                Attendance::Present
            },
            reason: String::new(),
        })
        .collect();
    record
}

async fn record(store: &Store, cell: &str, record: MeetingRecord) -> i64 {
    let access = unit_access::<RecordMeetings>(store, &admin(), &u(cell), d("2024-12-31"))
        .await
        .unwrap();
    create_meeting(
        store,
        &clock(),
        &access,
        &author(),
        &MeetingSubmission {
            record,
            carried: Vec::new(),
        },
        false,
    )
    .await
    .unwrap()
}

async fn unit_id(store: &Store, code: &str) -> i64 {
    store.unit_ids_of(&[code.to_owned()]).await.unwrap()[code]
}

async fn value(store: &Store, unit: &str, indicator: &str, period: &str) -> Option<f64> {
    let months = period_months(&Period::parse(period).unwrap(), clock().0).unwrap();
    let counters = unit_counters(store, unit_id(store, unit).await, &months)
        .await
        .unwrap();
    catalog()
        .indicator(indicator)
        .unwrap()
        .value(&counters)
        .value
}

async fn all_rows(store: &Store, years: &[i32]) -> Vec<IndicatorRow> {
    let months: Vec<u32> = (0..=12).collect();
    let mut rows = Vec::new();
    for year in years {
        rows.extend(store.indicator_rows_of_year(*year, &months).await.unwrap());
    }
    // A difference that cancels out leaves a row of zeros behind; a
    // rebuild writes no such row. Both mean "nothing counted".
    rows.retain(|r| !r.counters.is_zero());
    rows
}

fn close(actual: Option<f64>, expected: f64) -> bool {
    actual.is_some_and(|v| (v - expected).abs() < 1e-9)
}

#[tokio::test]
async fn a_ward_sums_its_cells_as_the_tree_stood_each_month() {
    for test in stores("indicators_rollup").await {
        let store = &test.store;
        setup(store).await;
        // AH.KV1 meets in January (DV02 absent without reason) and
        // February; AH.KV2 in January and March, thematic in March.
        record(
            store,
            "CT.NK.AH.KV1",
            held(
                "CT.NK.AH.KV1",
                MeetingKind::Regular,
                d("2024-01-10"),
                95,
                &["DV02"],
            ),
        )
        .await;
        record(
            store,
            "CT.NK.AH.KV1",
            held(
                "CT.NK.AH.KV1",
                MeetingKind::Regular,
                d("2024-02-10"),
                80,
                &[],
            ),
        )
        .await;
        record(
            store,
            "CT.NK.AH.KV2",
            held(
                "CT.NK.AH.KV2",
                MeetingKind::Regular,
                d("2024-01-12"),
                90,
                &[],
            ),
        )
        .await;
        record(
            store,
            "CT.NK.AH.KV2",
            held(
                "CT.NK.AH.KV2",
                MeetingKind::RegularAndThematic,
                d("2024-03-12"),
                125,
                &["DV06"],
            ),
        )
        .await;
        // AB.KV1 meets in April, after AH.KV2 moves to An Bình.
        record(
            store,
            "CT.NK.AB.KV1",
            held(
                "CT.NK.AB.KV1",
                MeetingKind::Regular,
                d("2024-04-05"),
                100,
                &[],
            ),
        )
        .await;
        reorganize(
            store,
            Reorganization::Change {
                unit: u("CT.NK.AH.KV2"),
                change: UnitChange {
                    name: None,
                    kind: None,
                    sector: None,
                    parent: Some(Some(u("CT.NK.AB"))),
                },
            },
            d("2024-04-01"),
            &Default::default(),
            &author(),
            &clock(),
        )
        .await
        .unwrap();
        // A reorganization moves history: the year is rebuilt.
        rebuild_year(store, 2024).await.unwrap();
        record(
            store,
            "CT.NK.AH.KV2",
            held(
                "CT.NK.AH.KV2",
                MeetingKind::Regular,
                d("2024-04-15"),
                90,
                &[],
            ),
        )
        .await;

        // Q1 of An Hòa: both cells. Eligible 2 (KV1, DV04 exempt) × 2
        // meetings + 2 × 2 (KV2) = 8; present 8 − 2 unexcused = 6.
        assert!(close(
            value(store, "CT.NK.AH", "attendance_rate", "2024-Q1").await,
            75.0
        ));
        assert!(close(
            value(store, "CT.NK.AH", "unexcused_rate", "2024-Q1").await,
            25.0
        ));
        // Six cell-months, four with a regular meeting.
        assert!(close(
            value(store, "CT.NK.AH", "regular_on_schedule", "2024-Q1").await,
            400.0 / 6.0
        ));
        // Q1 thematic: KV2 only, of two cells.
        assert!(close(
            value(store, "CT.NK.AH", "thematic_coverage", "2024-Q1").await,
            50.0
        ));
        // Lengths: 95, 80, 90, 125 → long enough: 95, 90, 125 (120 needed).
        assert!(close(
            value(store, "CT.NK.AH", "long_enough_share", "2024-Q1").await,
            75.0
        ));
        assert!(close(
            value(store, "CT.NK.AH", "mean_length", "2024-Q1").await,
            97.5
        ));
        // From April KV2 belongs to An Bình: An Hòa's April has KV1 alone,
        // which did not meet.
        assert!(close(
            value(store, "CT.NK.AH", "regular_on_schedule", "2024-04").await,
            0.0
        ));
        assert_eq!(
            value(store, "CT.NK.AH", "attendance_rate", "2024-04").await,
            None
        );
        assert!(close(
            value(store, "CT.NK.AB", "regular_on_schedule", "2024-04").await,
            100.0
        ));
        let april = period_months(&Period::parse("2024-04").unwrap(), clock().0).unwrap();
        let ab = unit_counters(store, unit_id(store, "CT.NK.AB").await, &april)
            .await
            .unwrap();
        assert_eq!(ab.get(Counter::Meetings), 2);
        assert_eq!(ab.get(Counter::CellMonths), 2);
        // The city sees every meeting whatever ward it was in.
        let year = period_months(&Period::parse("2024").unwrap(), clock().0).unwrap();
        let city = unit_counters(store, unit_id(store, "CT").await, &year)
            .await
            .unwrap();
        assert_eq!(city.get(Counter::Meetings), 6);
        // A month with no cell and no meeting: no data.
        assert_eq!(
            value(store, "CT.NK.AH", "attendance_rate", "2024-11").await,
            None
        );
    }
}

#[tokio::test]
async fn incremental_updates_equal_a_full_rebuild() {
    for test in stores("indicators_incremental").await {
        let store = &test.store;
        setup(store).await;
        let mut rng = SeededRng::new(20_241_231);
        let mut recorded: Vec<(i64, &str)> = Vec::new();
        for step in 0..40 {
            let (cell, roster) = ROSTERS[rng.range(0, 2) as usize];
            let absent: Vec<&str> = roster.iter().copied().filter(|_| rng.chance(0.3)).collect();
            let day = d("2023-11-01") + chrono::Days::new(rng.range(0, 419));
            let kind = [
                MeetingKind::Regular,
                MeetingKind::Thematic,
                MeetingKind::RegularAndThematic,
            ][rng.range(0, 2) as usize];
            let minutes = 60 + rng.range(0, 79) as u32;
            let amend = !recorded.is_empty() && rng.chance(0.35);
            if amend {
                // Move an earlier meeting to another day (maybe another
                // year) and change who came.
                let (id, cell) = recorded[rng.range(0, recorded.len() as u64 - 1) as usize];
                let access = meeting_access::<RecordMeetings>(store, &admin(), id, d("2024-12-31"))
                    .await
                    .unwrap();
                let changed = held(cell, kind, day, minutes, &absent);
                let row_version = access.meeting().row_version;
                save_meeting(
                    store,
                    &clock(),
                    &access,
                    &author(),
                    &MeetingSubmission {
                        record: changed,
                        carried: Vec::new(),
                    },
                    row_version,
                    None,
                )
                .await
                .unwrap_or_else(|e| panic!("step {step}: {e:?}"));
            } else {
                let same_day = store
                    .meetings_of(&u(cell), day, day)
                    .await
                    .unwrap()
                    .iter()
                    .any(|m| m.kind == kind);
                if same_day {
                    continue;
                }
                let id = record(store, cell, held(cell, kind, day, minutes, &absent)).await;
                recorded.push((id, cell));
            }
        }
        let years = [2023, 2024];
        let incremental = all_rows(store, &years).await;
        assert!(incremental.len() > 20, "the random changes wrote rows");
        rebuild(store, d("2024-12-31")).await.unwrap();
        let rebuilt = all_rows(store, &years).await;
        let only_incremental: Vec<_> = incremental
            .iter()
            .filter(|r| !rebuilt.contains(r))
            .collect();
        let only_rebuilt: Vec<_> = rebuilt
            .iter()
            .filter(|r| !incremental.contains(r))
            .collect();
        assert!(
            only_incremental.is_empty() && only_rebuilt.is_empty(),
            "incremental only: {only_incremental:?}\nrebuilt only: {only_rebuilt:?}"
        );
        // Reading the cells one or two at a time, as a national rebuild reads
        // them by the tens of thousands, gives the same rows.
        for cells_per_batch in [1, 2] {
            for year in years {
                rebuild_year_in_batches(store, year, cells_per_batch)
                    .await
                    .unwrap();
            }
            assert_eq!(all_rows(store, &years).await, rebuilt, "{cells_per_batch}");
        }
    }
}

#[test]
fn periods_are_read_in_whole_months_up_to_today() {
    let today = d("2024-05-20");
    let months = |text: &str| period_months(&Period::parse(text).unwrap(), today);
    assert_eq!(
        months("2024-Q1").unwrap(),
        [(2024, 1), (2024, 2), (2024, 3)]
    );
    assert_eq!(
        months("2024").unwrap().len(),
        5,
        "June onwards has not begun"
    );
    assert_eq!(
        months("01/12/2023-29/02/2024").unwrap(),
        [(2023, 12), (2024, 1), (2024, 2)]
    );
    match months("05/01/2024-29/02/2024") {
        Err(CoreError::Refused(message)) => assert_eq!(message.id, "indicator-period-not-months"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
