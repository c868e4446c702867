//! Indicator rows kept in the database: values of a ward rolled up from its
//! cells as the tree stood in each month (a cell moved to another ward
//! takes only its later months along), the rows that saving meetings keeps
//! up to date equal to a full rebuild over random changes, and periods
//! read in whole months. SQLite and, when configured, PostgreSQL.

use chibo_core::Db;
use chibo_core::access::{Actor, RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::import::members::{MemberImportOptions, import_members};
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::indicators::{
    catalog, period_months, rebuild, rebuild_year, rebuild_year_in_batches, unit_counters,
};
use chibo_core::meetings::{
    MeetingSubmission, approve_meeting, create_meeting, meeting_access, save_meeting,
};
use chibo_core::operator::Operator;
use chibo_core::org_ops::{Reorganization, reorganize};
use chibo_core::resident_rows::ResidentRows;
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
    chibo_core::operator::Operator::command_line().act_as(
        0,
        "admin",
        vec![GrantRecord {
            id: 1,
            account_id: 0,
            role: Role::Administrator,
            unit: u("CT"),
            unit_name: String::new(),
        }],
    )
}

fn author() -> AuditContext {
    AuditContext::command_line()
}

async fn setup(store: &Store) {
    let clock = clock();
    reference::load(&Db::from(store), &clock).await.unwrap();
    let table = parse_csv("units.csv", UNITS.as_bytes(), ReadLimits::default()).unwrap();
    let options = UnitImportOptions {
        effective_on: d("2018-01-01"),
        document: Default::default(),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_units(Operator::command_line(), &Db::from(store), &table, &options)
        .await
        .unwrap();
    let table = parse_csv("members.csv", MEMBERS.as_bytes(), ReadLimits::default()).unwrap();
    let options = MemberImportOptions {
        today: d("2024-01-01"),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_members(Operator::command_line(), &Db::from(store), &table, &options)
        .await
        .unwrap();
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
    let roster = ROSTERS.iter().find(|(c, _)| *c == cell).unwrap().1;
    held_by(roster, kind, day, minutes, absent)
}

/// [`held`] for the members of `roster`.
fn held_by(
    roster: &[&str],
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
    let access =
        unit_access::<RecordMeetings>(&Db::from(store), &admin(), &u(cell), d("2024-12-31"))
            .await
            .unwrap();
    create_meeting(
        &Db::from(store),
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
    let counters = unit_counters(&Db::from(store), unit_id(store, unit).await, &months)
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

/// Every stored row of `years` equals what a full rebuild writes (which
/// then stays in place).
async fn assert_rows_equal_a_rebuild(store: &Store, years: &[i32], what: &str) {
    let kept = all_rows(store, years).await;
    for year in years {
        rebuild_year(&Db::from(store), *year).await.unwrap();
    }
    let rebuilt = all_rows(store, years).await;
    let only_kept: Vec<_> = kept.iter().filter(|r| !rebuilt.contains(r)).collect();
    let only_rebuilt: Vec<_> = rebuilt.iter().filter(|r| !kept.contains(r)).collect();
    assert!(
        only_kept.is_empty() && only_rebuilt.is_empty(),
        "{what}: kept only: {only_kept:#?}\nrebuilt only: {only_rebuilt:#?}"
    );
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
            &Db::from(store),
            chibo_core::operator::Operator::command_line(),
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
        // The move carried the cell's history: nothing to rebuild.
        assert_rows_equal_a_rebuild(store, &[2024], "after the move").await;
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
        let ab = unit_counters(&Db::from(store), unit_id(store, "CT.NK.AB").await, &april)
            .await
            .unwrap();
        assert_eq!(ab.get(Counter::Meetings), 2);
        assert_eq!(ab.get(Counter::CellMonths), 2);
        // The city sees every meeting whatever ward it was in.
        let year = period_months(&Period::parse("2024").unwrap(), clock().0).unwrap();
        let city = unit_counters(&Db::from(store), unit_id(store, "CT").await, &year)
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
                let access = meeting_access::<RecordMeetings>(
                    &Db::from(store),
                    &admin(),
                    id,
                    d("2024-12-31"),
                )
                .await
                .unwrap();
                let changed = held(cell, kind, day, minutes, &absent);
                let row_version = access.meeting().row_version;
                save_meeting(
                    &Db::from(store),
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
        rebuild(&Db::from(store), d("2024-12-31")).await.unwrap();
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
                rebuild_year_in_batches(&Db::from(store), year, cells_per_batch)
                    .await
                    .unwrap();
            }
            assert_eq!(all_rows(store, &years).await, rebuilt, "{cells_per_batch}");
        }
    }
}

/// Saves of different meetings of one cell at the same moment (a year with
/// no rows yet, then a year with rows) each count once: every row equals
/// a full rebuild, and a reader keeping the rows in memory while they
/// changed ends with the same rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_saves_in_one_cell_count_once() {
    const SAVES: usize = 20;
    for test in stores("indicators_concurrent_saves").await {
        let store = &test.store;
        setup(store).await;
        let cell = "CT.NK.AH.KV1";
        let resident = std::sync::Arc::new(ResidentRows::default());
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        // A reader catching up on the revisions while the saves commit.
        let reader = {
            let (store, resident, done) = (store.clone(), resident.clone(), done.clone());
            tokio::spawn(async move {
                let mut reads = 0;
                while !done.load(std::sync::atomic::Ordering::SeqCst) {
                    resident.year(&Db::from(&store), 2024).await.unwrap();
                    reads += 1;
                    tokio::task::yield_now().await;
                }
                reads
            })
        };
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(SAVES));
        let mut tasks = Vec::new();
        for i in 0..SAVES {
            let (store, barrier) = (store.clone(), barrier.clone());
            tasks.push(tokio::spawn(async move {
                let day = d("2024-01-03") + chrono::Days::new(17 * i as u64);
                let absent: &[&str] = if i % 3 == 0 { &["DV02"] } else { &[] };
                let kind = [MeetingKind::Regular, MeetingKind::Thematic][i % 2];
                let access = unit_access::<RecordMeetings>(
                    &Db::from(&store),
                    &admin(),
                    &u(cell),
                    d("2024-12-31"),
                )
                .await
                .unwrap();
                let submission = MeetingSubmission {
                    record: held(cell, kind, day, 80 + i as u32 * 3, absent),
                    carried: Vec::new(),
                };
                barrier.wait().await;
                create_meeting(
                    &Db::from(&store),
                    &clock(),
                    &access,
                    &author(),
                    &submission,
                    false,
                )
                .await
            }));
        }
        let mut ids = Vec::new();
        for task in tasks {
            ids.push(task.await.unwrap().unwrap());
        }
        let created = all_rows(store, &[2024]).await;
        let kv1 = unit_id(store, cell).await;
        let year_row = created
            .iter()
            .find(|r| r.unit_id == kv1 && r.month == 0)
            .unwrap();
        assert_eq!(year_row.counters.get(Counter::Meetings), SAVES as i64);
        // Each of them moved to another day, absences changed, at once.
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(SAVES));
        let mut tasks = Vec::new();
        for (i, id) in ids.iter().copied().enumerate() {
            let (store, barrier) = (store.clone(), barrier.clone());
            tasks.push(tokio::spawn(async move {
                let access = meeting_access::<RecordMeetings>(
                    &Db::from(&store),
                    &admin(),
                    id,
                    d("2024-12-31"),
                )
                .await
                .unwrap();
                let day = d("2024-01-10") + chrono::Days::new(17 * i as u64);
                let absent: &[&str] = if i % 2 == 0 { &["DV01", "DV02"] } else { &[] };
                let kind = [MeetingKind::Regular, MeetingKind::RegularAndThematic][i % 2];
                let submission = MeetingSubmission {
                    record: held(cell, kind, day, 130 - i as u32, absent),
                    carried: Vec::new(),
                };
                let row_version = access.meeting().row_version;
                barrier.wait().await;
                save_meeting(
                    &Db::from(&store),
                    &clock(),
                    &access,
                    &author(),
                    &submission,
                    row_version,
                    None,
                )
                .await
            }));
        }
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        // At once: even meetings scored by the cell, odd ones approved;
        // then the odd ones amended while the even ones are scored again.
        for round in 0..2 {
            let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(SAVES));
            let mut tasks = Vec::new();
            for (i, id) in ids.iter().copied().enumerate() {
                let (store, barrier) = (store.clone(), barrier.clone());
                tasks.push(tokio::spawn(async move {
                    score_approve_or_amend(&store, id, i, round, &barrier).await
                }));
            }
            for task in tasks {
                task.await.unwrap().unwrap();
            }
        }
        let scored = all_rows(store, &[2024]).await;
        let year_row = scored
            .iter()
            .find(|r| r.unit_id == kv1 && r.month == 0)
            .unwrap();
        assert_eq!(year_row.counters.get(Counter::Meetings), SAVES as i64);
        assert_eq!(
            year_row.counters.get(Counter::ScoredMeetings),
            (SAVES / 2) as i64,
            "{}: each scored meeting counted once",
            test.label
        );
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        assert!(reader.await.unwrap() > 0);
        let kept = all_rows(store, &[2024]).await;
        let served = resident.year(&Db::from(store), 2024).await.unwrap();
        for row in kept.iter().filter(|r| r.month == 0) {
            assert_eq!(
                served.sum(row.unit_id, 0, 0),
                Some(row.counters),
                "{}: the rows kept in memory",
                test.label
            );
        }
        assert_eq!(
            served.units().count(),
            kept.iter().filter(|r| r.month == 0).count()
        );
        assert_rows_equal_a_rebuild(store, &[2024], test.label).await;
    }
}

/// One concurrent step on meeting `id`, the `i`th saved, waiting at
/// `barrier` so that every task writes at the same moment: round 0 scores
/// even meetings (full marks for the cell's self-assessment) and approves
/// odd ones; round 1 scores the even ones again and amends the odd ones
/// (a shorter meeting, someone absent).
async fn score_approve_or_amend(
    store: &Store,
    id: i64,
    i: usize,
    round: usize,
    barrier: &tokio::sync::Barrier,
) -> Result<(), CoreError> {
    use chibo_core::evaluations::{ScoreSubmission, score_meeting};
    use chibo_core::rubrics::{rubric_in_force, rubrics};
    use chibo_domain::rubric::{ManualScore, Scoring};
    let access =
        meeting_access::<RecordMeetings>(&Db::from(store), &admin(), id, d("2024-12-31")).await?;
    let stored = access.meeting().clone();
    if i.is_multiple_of(2) {
        let day = stored.record.date().unwrap();
        let all = rubrics(&Db::from(store)).await?;
        let rubric = rubric_in_force(&all, day).expect("a rubric in force in 2024");
        let manual = rubric
            .items()
            .filter_map(|(_, item)| match item.scoring {
                Scoring::Manual => Some((item.code.clone(), ManualScore::Points(item.max_points))),
                Scoring::PassFail => Some((item.code.clone(), ManualScore::Passed(round == 0))),
                Scoring::Formula(_) => None,
            })
            .collect();
        let submission = ScoreSubmission { manual, vote: None };
        barrier.wait().await;
        score_meeting(&Db::from(store), &clock(), &access, &author(), &submission)
            .await
            .map(|_| ())
    } else if round == 0 {
        barrier.wait().await;
        approve_meeting(
            &Db::from(store),
            &clock(),
            &access,
            &author(),
            stored.row_version,
        )
        .await
    } else {
        let mut record = stored.record.clone();
        record.ends_at = record.starts_at.map(|t| t + chrono::Duration::minutes(45));
        for mark in &mut record.attendance {
            if mark.member.as_str() == "DV01" {
                mark.mark = Attendance::AbsentUnexcused;
            }
        }
        let submission = MeetingSubmission {
            record,
            carried: Vec::new(),
        };
        barrier.wait().await;
        save_meeting(
            &Db::from(store),
            &clock(),
            &access,
            &author(),
            &submission,
            stored.row_version,
            Some("Sửa thời lượng"),
        )
        .await
    }
}

fn new_unit(
    code: &str,
    kind: chibo_domain::unit::UnitKind,
    parent: &str,
) -> chibo_domain::org::NewUnit {
    chibo_domain::org::NewUnit {
        code: u(code),
        name: chibo_domain::text::Name::parse(&format!("Chi bộ {code}")).unwrap(),
        kind,
        sector: chibo_domain::SectorCode::parse("commune").unwrap(),
        parent: Some(u(parent)),
    }
}

async fn reorganize_on(store: &Store, reorganization: Reorganization, on: &str) {
    reorganize(
        &Db::from(store),
        chibo_core::operator::Operator::command_line(),
        reorganization,
        d(on),
        &Default::default(),
        &author(),
        &clock(),
    )
    .await
    .unwrap();
}

/// Merges, splits, moves and dissolutions carry the history of the cells
/// they touch in their own transaction: after each, every row equals a
/// full rebuild, with no rebuild run in between.
#[tokio::test]
async fn reorganizations_move_the_history_they_change() {
    use chibo_domain::unit::UnitKind;
    for test in stores("indicators_reorganizations").await {
        let store = &test.store;
        setup(store).await;
        let years = [2023, 2024];
        // Every cell meets every other month of both years, some absent.
        for (index, (cell, _)) in ROSTERS.iter().enumerate() {
            for month in (1..=12).step_by(2) {
                for year in years {
                    let day = NaiveDate::from_ymd_opt(year, month, 5 + index as u32).unwrap();
                    let kind = if month % 3 == 1 {
                        MeetingKind::RegularAndThematic
                    } else {
                        MeetingKind::Regular
                    };
                    let absent: &[&str] = if month == 3 {
                        &["DV02", "DV06", "DV08"]
                    } else {
                        &[]
                    };
                    let absent: Vec<&str> = absent
                        .iter()
                        .copied()
                        .filter(|m| ROSTERS[index].1.contains(m))
                        .collect();
                    record(store, cell, held(cell, kind, day, 95 + month, &absent)).await;
                }
            }
        }
        let before = all_rows(store, &years).await;
        assert!(before.len() > 40);

        // Both cells of An Hòa merge into a new one in mid-June.
        reorganize_on(
            store,
            Reorganization::Merge {
                sources: vec![u("CT.NK.AH.KV1"), u("CT.NK.AH.KV2")],
                target: u("CT.NK.AH.KV12"),
                new_target: Some(new_unit(
                    "CT.NK.AH.KV12",
                    UnitKind::SubordinateCell,
                    "CT.NK.AH",
                )),
            },
            "2024-06-15",
        )
        .await;
        assert_ne!(
            all_rows(store, &years).await,
            before,
            "{}: rows moved",
            test.label
        );
        assert_rows_equal_a_rebuild(store, &years, "after the merge").await;
        let merged: &[&str] = &["DV01", "DV02", "DV04", "DV05", "DV06"];
        for day in ["2024-07-09", "2024-08-09"] {
            record(
                store,
                "CT.NK.AH.KV12",
                held_by(merged, MeetingKind::Regular, d(day), 100, &["DV06"]),
            )
            .await;
        }

        // An Bình's cell splits on the first of September, one half under
        // An Hòa.
        let split = Reorganization::Split {
            source: u("CT.NK.AB.KV1"),
            targets: vec![
                new_unit("CT.NK.AB.KV1A", UnitKind::SubordinateCell, "CT.NK.AB"),
                new_unit("CT.NK.AH.KV1B", UnitKind::SubordinateCell, "CT.NK.AH"),
            ],
            assignment: [("DV08".to_owned(), u("CT.NK.AH.KV1B"))]
                .into_iter()
                .collect(),
        };
        reorganize_on(store, split, "2024-09-01").await;
        assert_rows_equal_a_rebuild(store, &years, "after the split").await;

        // The ward of An Bình moves to another district in mid-March, which
        // carries its cells' months from April on.
        reorganize_on(
            store,
            Reorganization::Change {
                unit: u("CT.NK.AB"),
                change: UnitChange {
                    parent: Some(Some(u("CT.BT"))),
                    ..Default::default()
                },
            },
            "2024-03-15",
        )
        .await;
        assert_rows_equal_a_rebuild(store, &years, "after the ward moved").await;

        // The merged cell is dissolved in mid-October.
        reorganize_on(
            store,
            Reorganization::Dissolve {
                unit: u("CT.NK.AH.KV12"),
            },
            "2024-10-20",
        )
        .await;
        assert_rows_equal_a_rebuild(store, &years, "after the dissolution").await;

        // A unit file moves a cell and creates another.
        let table = parse_csv(
            "units.csv",
            "code,name,kind,sector,parent_code,valid_from\n\
             CT.NK.AB.KV1A,Chi bộ Khu vực 1A,subordinate_cell,commune,CT.NK.AH,01/09/2024\n\
             CT.NK.AH.KV9,Chi bộ Khu vực 9,subordinate_cell,commune,CT.NK.AH,01/11/2024\n"
                .as_bytes(),
            ReadLimits::default(),
        )
        .unwrap();
        let options = UnitImportOptions {
            effective_on: d("2024-11-01"),
            document: Default::default(),
            dry_run: false,
            is_demo: false,
            audit: None,
        };
        import_units(Operator::command_line(), &Db::from(store), &table, &options)
            .await
            .unwrap();
        assert_rows_equal_a_rebuild(store, &years, "after the unit file").await;
        // 2023 was never touched: the tree changed in 2024 only.
        let rows_2023: Vec<_> = before.iter().filter(|r| r.year == 2023).copied().collect();
        assert_eq!(all_rows(store, &[2023]).await, rows_2023, "{}", test.label);
    }
}

/// Runs `statements` on a connection of its own to a test database,
/// behind the store's back.
async fn execute_behind(url: &str, statements: &[&str]) {
    use sqlx::Connection;
    if url.starts_with("postgres") {
        let mut connection = sqlx::PgConnection::connect(url).await.unwrap();
        for sql in statements {
            sqlx::raw_sql(sqlx::AssertSqlSafe(*sql))
                .execute(&mut connection)
                .await
                .unwrap();
        }
    } else {
        let mut connection = sqlx::SqliteConnection::connect(url).await.unwrap();
        for sql in statements {
            sqlx::raw_sql(sqlx::AssertSqlSafe(*sql))
                .execute(&mut connection)
                .await
                .unwrap();
        }
    }
}

/// A rebuild repairs damaged rows: a wrong counter, a missing row and a
/// row that should not be there are put right, rows left equal keep their
/// revision, and a reader keeping the rows in memory reads the whole year
/// again.
#[tokio::test]
async fn a_rebuild_repairs_wrong_missing_and_stale_rows() {
    for test in stores("indicators_repair").await {
        let store = &test.store;
        setup(store).await;
        for (index, (cell, _)) in ROSTERS.iter().enumerate() {
            for month in [2, 5, 9] {
                let day = NaiveDate::from_ymd_opt(2024, month, 3 + index as u32).unwrap();
                record(store, cell, held(cell, MeetingKind::Regular, day, 100, &[])).await;
            }
        }
        let good = all_rows(store, &[2024]).await;
        let kv1 = unit_id(store, "CT.NK.AH.KV1").await;
        let ward = unit_id(store, "CT.NK.AH").await;
        let kv2 = unit_id(store, "CT.NK.AH.KV2").await;
        assert!(good.iter().any(|r| r.unit_id == kv2 && r.month == 7));
        assert!(good.iter().any(|r| r.unit_id == ward && r.month == 5));
        // A district with no cells: no rows.
        let empty = unit_id(store, "CT.BT").await;
        assert!(!good.iter().any(|r| r.unit_id == empty));
        execute_behind(
            &test.url,
            &[
                &format!("UPDATE indicator_rows SET meetings = 40 WHERE unit_id = {kv1} AND year = 2024 AND month = 0"),
                &format!("DELETE FROM indicator_rows WHERE unit_id = {ward} AND year = 2024 AND month = 5"),
                &format!("DELETE FROM indicator_rows WHERE unit_id = {kv2} AND year = 2024 AND month = 7"),
                &format!("INSERT INTO indicator_rows (unit_id, year, month, meetings) VALUES ({kv2}, 2024, 7, 3)"),
                &format!("INSERT INTO indicator_rows (unit_id, year, month, meetings) VALUES ({empty}, 2024, 11, 9)"),
            ],
        )
        .await;
        assert_ne!(all_rows(store, &[2024]).await, good, "{}", test.label);
        // A reader that read the damage.
        let resident = ResidentRows::default();
        let served = resident.year(&Db::from(store), 2024).await.unwrap();
        assert_eq!(served.sum(empty, 11, 11).unwrap().get(Counter::Meetings), 9);
        let before = store.indicator_revision(2024).await.unwrap();
        rebuild_year(&Db::from(store), 2024).await.unwrap();
        assert_eq!(
            all_rows(store, &[2024]).await,
            good,
            "{}: repaired",
            test.label
        );
        // Only the damaged rows were written again.
        let mut rewritten: Vec<(i64, u32)> = store
            .indicator_rows_changed_since(2024, before.revision)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.unit_id, r.month))
            .collect();
        rewritten.sort_unstable();
        let mut expected = vec![(kv1, 0), (ward, 5), (kv2, 7)];
        expected.sort_unstable();
        assert_eq!(rewritten, expected, "{}", test.label);
        let served = resident.year(&Db::from(store), 2024).await.unwrap();
        for row in good.iter().filter(|r| r.month == 0) {
            assert_eq!(
                served.sum(row.unit_id, 0, 0),
                Some(row.counters),
                "{}: the rows kept in memory",
                test.label
            );
        }
        assert_eq!(
            served.sum(empty, 11, 11),
            Some(Default::default()),
            "{}: the stale row is gone from memory too",
            test.label
        );
    }
}

/// Opens a connection of its own to a test database, for changing its
/// schema behind the store's back.
async fn install_refusal(url: &str) {
    use sqlx::Connection;
    if url.starts_with("postgres") {
        let mut connection = sqlx::PgConnection::connect(url).await.unwrap();
        for sql in [
            "CREATE FUNCTION refuse_indicator_rows() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'indicator rows refused'; END $$",
            "CREATE TRIGGER refuse_indicator_rows BEFORE INSERT OR UPDATE ON indicator_rows \
             FOR EACH ROW EXECUTE FUNCTION refuse_indicator_rows()",
        ] {
            sqlx::query(sql).execute(&mut connection).await.unwrap();
        }
    } else {
        let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{url}"))
            .await
            .unwrap();
        for sql in [
            "CREATE TRIGGER refuse_indicator_inserts BEFORE INSERT ON indicator_rows \
             BEGIN SELECT RAISE(ABORT, 'indicator rows refused'); END",
            "CREATE TRIGGER refuse_indicator_updates BEFORE UPDATE ON indicator_rows \
             BEGIN SELECT RAISE(ABORT, 'indicator rows refused'); END",
        ] {
            sqlx::query(sql).execute(&mut connection).await.unwrap();
        }
    }
}

/// A change whose indicator step fails leaves nothing behind: no meeting,
/// no changed record, no score, no moved unit, no audit entry, no row.
#[tokio::test]
async fn a_failed_indicator_step_rolls_the_whole_change_back() {
    for test in stores("indicators_rollback").await {
        let store = &test.store;
        setup(store).await;
        let cell = "CT.NK.AH.KV1";
        let first = record(
            store,
            cell,
            held(cell, MeetingKind::Regular, d("2024-02-06"), 95, &[]),
        )
        .await;
        let rows = all_rows(store, &[2024]).await;
        let audited = store
            .audit_log(&Default::default(), 1_000, 0)
            .await
            .unwrap()
            .len();
        install_refusal(&test.url).await;

        let access =
            unit_access::<RecordMeetings>(&Db::from(store), &admin(), &u(cell), d("2024-12-31"))
                .await
                .unwrap();
        let submission = MeetingSubmission {
            record: held(cell, MeetingKind::Regular, d("2024-03-06"), 95, &["DV02"]),
            carried: Vec::new(),
        };
        let created = create_meeting(
            &Db::from(store),
            &clock(),
            &access,
            &author(),
            &submission,
            false,
        )
        .await;
        assert!(created.is_err(), "{}: the save failed", test.label);
        assert_eq!(
            store
                .meetings_of(&u(cell), d("2024-01-01"), d("2024-12-31"))
                .await
                .unwrap()
                .len(),
            1,
            "{}: no meeting was saved",
            test.label
        );

        let access =
            meeting_access::<RecordMeetings>(&Db::from(store), &admin(), first, d("2024-12-31"))
                .await
                .unwrap();
        let before = access.meeting().clone();
        let saved = save_meeting(
            &Db::from(store),
            &clock(),
            &access,
            &author(),
            &submission,
            before.row_version,
            None,
        )
        .await;
        assert!(saved.is_err(), "{}: the amendment failed", test.label);
        assert_eq!(store.meeting(first).await.unwrap(), Some(before.clone()));

        let scored = chibo_core::evaluations::score_meeting(
            &Db::from(store),
            &clock(),
            &access,
            &author(),
            &Default::default(),
        )
        .await;
        assert!(scored.is_err(), "{}: the score failed", test.label);
        assert!(store.evaluations(first).await.unwrap().is_empty());

        let moved = chibo_core::org_ops::reorganize(
            &Db::from(store),
            chibo_core::operator::Operator::command_line(),
            Reorganization::Change {
                unit: u(cell),
                change: UnitChange {
                    parent: Some(Some(u("CT.NK.AB"))),
                    ..Default::default()
                },
            },
            d("2024-05-01"),
            &Default::default(),
            &author(),
            &clock(),
        )
        .await;
        assert!(moved.is_err(), "{}: the move failed", test.label);
        let unit = store.unit(&u(cell)).await.unwrap().unwrap();
        assert_eq!(unit.versions.len(), 1, "{}: the cell stayed", test.label);

        assert_eq!(all_rows(store, &[2024]).await, rows, "{}", test.label);
        assert_eq!(
            store
                .audit_log(&Default::default(), 1_000, 0)
                .await
                .unwrap()
                .len(),
            audited,
            "{}: nothing audited",
            test.label
        );
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
