//! Directives issued down the tree and carried out: a directive of a
//! district reaches its cells, a cell's meeting teaches it and the district
//! sees it; each unit sees only its part; the tallies kept by differences
//! equal a recount after random changes; and every bad input is refused
//! with a located problem, leaving the database as it was. SQLite and,
//! when configured, PostgreSQL.

use chibo_core::access::{Actor, EditUnits, ReadAggregates, RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::directives::{
    AttachedFile, check_execution, directive_parts, directive_progress, directives_issued,
    directives_received, issue_directive, late_units, link_tasks, record_event, record_teaching,
    recount_directive, to_teach,
};
use chibo_core::import::members::{MemberImportOptions, import_members};
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::meetings::{
    MeetingSubmission, create_meeting, meeting_access, open_tasks, save_meeting,
};
use chibo_core::operator::Operator;
use chibo_core::tabular::{ReadLimits, parse_csv};
use chibo_core::{CoreError, Db, FixedClock, reference};
use chibo_domain::access::Role;
use chibo_domain::directive::{
    CheckRating, Deadlines, Directive, DirectiveKey, DocumentNumber, Due, Event, EventKind, Level,
    LevelDeadlines, Stage, Target, UnitFilter,
};
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{AttendanceMark, MeetingRecord, Task, TaskStatus};
use chibo_domain::rng::SeededRng;
use chibo_domain::unit::UnitKind;
use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use chibo_store::{DirectiveUnitRow, GrantRecord, Store};
use chibo_testkit::stores;
use chrono::NaiveTime;

const UNITS: &str = "code,name,kind,sector,parent_code,valid_from,valid_to
CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018,
CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018,
CT.NK.AH.KV2,Chi bộ Khu vực 2,subordinate_cell,commune,CT.NK.AH,01/01/2018,
CT.NK.AH.KV3,Chi bộ Khu vực 3,subordinate_cell,commune,CT.NK.AH,01/01/2018,31/12/2023
CT.NK.AB,Đảng bộ phường An Bình,grassroots_committee,commune,CT.NK,01/01/2018,
CT.NK.AB.KV1,Chi bộ Khu vực 1 An Bình,subordinate_cell,commune,CT.NK.AB,01/01/2018,
";

const MEMBERS: &str =
    "code,full_name,gender,birth_year,status,cell_code,cell_from,role,exempt_from,exempt_reason
DV01,Nguyễn Thị Ngọc Anh,nữ,1976,chính thức,CT.NK.AH.KV1,01/03/2018,bí thư,,
DV02,Trần Văn Bình,nam,1959,chính thức,CT.NK.AH.KV1,01/03/2018,,,
DV03,Lê Thị Cúc,nữ,1990,chính thức,CT.NK.AH.KV1,01/03/2018,,,
DV05,Phạm Thị Dung,nữ,1980,chính thức,CT.NK.AH.KV2,01/03/2018,bí thư,,
DV06,Lê Văn Em,nam,1985,chính thức,CT.NK.AH.KV2,01/03/2018,,,
DV07,Hồ Thị Gấm,nữ,1988,chính thức,CT.NK.AB.KV1,01/03/2018,bí thư,,
DV08,Đỗ Văn Hải,nam,1970,chính thức,CT.NK.AB.KV1,01/03/2018,,,
";

const ROSTERS: [(&str, &[&str]); 3] = [
    ("CT.NK.AH.KV1", &["DV01", "DV02", "DV03"]),
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
    FixedClock(d("2024-06-30"))
}

fn actor(role: Role, unit: &str) -> Actor {
    Operator::command_line().act_as(
        7,
        "someone",
        vec![GrantRecord {
            id: 1,
            account_id: 7,
            role,
            unit: u(unit),
            unit_name: String::new(),
        }],
    )
}

fn admin() -> Actor {
    actor(Role::Administrator, "CT")
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

fn key(number: &str, on: &str) -> DirectiveKey {
    DirectiveKey::new(DocumentNumber::parse(number).unwrap(), d(on))
}

/// A plan of the district, taught by its cells at their next regular
/// meeting and reported by the end of June.
fn plan(issuer: &str, number: &str, on: &str, target: Target) -> Directive {
    let mut deadlines = Deadlines::default();
    deadlines.set(
        Level::Grassroots,
        LevelDeadlines {
            teach_by: Some(Due::On(d("2024-03-31"))),
            plan_by: Some(Due::On(d("2024-03-20"))),
            report_by: Some(Due::On(d("2024-06-15"))),
            carry_out_by: None,
        },
    );
    deadlines.set(
        Level::Cell,
        LevelDeadlines {
            teach_by: Some(Due::NextRegularMeeting),
            plan_by: None,
            report_by: Some(Due::On(d("2024-06-20"))),
            carry_out_by: Some(Due::On(d("2024-05-31"))),
        },
    );
    Directive {
        key: key(number, on),
        doc_type: DocumentNumber::parse(number).unwrap().doc_type(),
        title: "Kế hoạch thực hiện Hướng dẫn 42-HD/BTCTW".to_owned(),
        summary: "Nâng cao chất lượng sinh hoạt chi bộ".to_owned(),
        issuer: u(issuer),
        must_teach: true,
        target,
        deadlines,
        implements: None,
    }
}

fn cells_only() -> Target {
    Target::Subtree(UnitFilter {
        kinds: vec![UnitKind::SubordinateCell, UnitKind::GrassrootsCell],
        sectors: Vec::new(),
    })
}

async fn issue(store: &Store, directive: &Directive) -> Result<i64, CoreError> {
    let db = Db::from(store);
    let access = unit_access::<EditUnits>(&db, &admin(), &directive.issuer, clock().0)
        .await
        .unwrap();
    issue_directive(&db, &clock(), &access, &author(), directive, None, false).await
}

/// A held regular meeting of `cell` on `day` with `absent` absent, and
/// `tasks` set by it.
fn held(cell: &str, day: NaiveDate, absent: &[&str], tasks: Vec<Task>) -> MeetingRecord {
    let roster = ROSTERS.iter().find(|(c, _)| *c == cell).unwrap().1;
    let mut record = MeetingRecord::planned(MeetingKind::Regular, day);
    record.status = MeetingStatus::Held;
    record.held_on = Some(day);
    record.starts_at = Some(NaiveTime::from_hms_opt(8, 0, 0).unwrap());
    record.ends_at = Some(NaiveTime::from_hms_opt(9, 30, 0).unwrap());
    record.place = "Hội trường".to_owned();
    record.documents_sent_on = Some(day - chrono::Days::new(2));
    record.attendance = roster
        .iter()
        .map(|code| AttendanceMark {
            member: MemberCode::parse(code).unwrap(),
            mark: if absent.contains(code) {
                Attendance::AbsentUnexcused
            } else {
                Attendance::Present
            },
            reason: String::new(),
        })
        .collect();
    record.agenda = vec!["Quán triệt kế hoạch".to_owned()];
    record.tasks = tasks;
    record
}

fn task(title: &str, deadline: &str) -> Task {
    Task {
        title: title.to_owned(),
        owner: None,
        deadline: Some(d(deadline)),
        status: TaskStatus::Open,
        closed_on: None,
    }
}

async fn meet(store: &Store, cell: &str, record: MeetingRecord) -> i64 {
    let db = Db::from(store);
    let access = unit_access::<RecordMeetings>(&db, &admin(), &u(cell), clock().0)
        .await
        .unwrap();
    create_meeting(
        &db,
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

async fn teach(store: &Store, meeting: i64, directive: i64, by: &Actor) -> Result<(), CoreError> {
    let db = Db::from(store);
    let access = meeting_access::<RecordMeetings>(&db, by, meeting, clock().0).await?;
    record_teaching(&db, &clock(), &access, &author(), directive).await
}

async fn event(
    store: &Store,
    unit: &str,
    directive: i64,
    on: &str,
    kind: EventKind,
) -> Result<(), CoreError> {
    let db = Db::from(store);
    let access = unit_access::<RecordMeetings>(&db, &admin(), &u(unit), clock().0)
        .await
        .unwrap();
    let event = Event { on: d(on), kind };
    record_event(&db, &clock(), &access, &author(), directive, &event).await
}

/// Everything stored about directives that a refused change must leave as
/// it was: every unit's tallies and the audit log's length.
async fn snapshot(store: &Store, ids: &[i64]) -> (Vec<Vec<DirectiveUnitRow>>, usize) {
    let mut rows = Vec::new();
    for id in ids {
        rows.push(store.directive_units_all(*id).await.unwrap());
    }
    let audit = store
        .audit_log(&Default::default(), 10_000, 0)
        .await
        .unwrap()
        .len();
    (rows, audit)
}

fn fields(error: CoreError) -> Vec<(String, &'static str)> {
    match error {
        CoreError::Invalid(problems) => problems
            .into_iter()
            .map(|p| {
                let field = p.field.unwrap_or_default();
                (field, p.message.id)
            })
            .collect(),
        other => panic!("expected located problems, got {other:?}"),
    }
}

#[tokio::test]
async fn a_district_directive_is_taught_in_a_cell_and_seen_up_the_tree() {
    for test in stores("directives_flow").await {
        let store = &test.store;
        let db = Db::from(store);
        setup(store).await;
        let id = issue(
            store,
            &plan("CT.NK", "15-KH/QU", "2024-03-01", cells_only()),
        )
        .await
        .unwrap();
        let today = d("2024-03-10");
        let district = unit_access::<ReadAggregates>(&db, &admin(), &u("CT.NK"), today)
            .await
            .unwrap();
        let progress = directive_progress(&db, &district, id, today).await.unwrap();
        // The cell dissolved before the issue date is not a target.
        assert_eq!(progress.unit.counters.target_units, 3, "{}", test.label);
        assert_eq!(progress.unit.counters.taught_units, 0);
        let below: Vec<(&str, u64)> = progress
            .below
            .iter()
            .map(|r| (r.unit.as_str(), r.counters.target_units))
            .collect();
        assert_eq!(below, [("CT.NK.AB", 1), ("CT.NK.AH", 2)]);

        // The cell's secretary sees the directive among what it must teach.
        let secretary = actor(Role::CellSecretary, "CT.NK.AH.KV1");
        let cell = unit_access::<RecordMeetings>(&db, &secretary, &u("CT.NK.AH.KV1"), today)
            .await
            .unwrap();
        let pending = to_teach(&db, &cell.on(&db, d("2024-03-05")).await.unwrap())
            .await
            .unwrap();
        assert_eq!(
            pending.iter().map(|t| t.directive_id).collect::<Vec<_>>(),
            [id]
        );
        let before_issue = to_teach(&db, &cell.on(&db, d("2024-02-28")).await.unwrap())
            .await
            .unwrap();
        assert!(before_issue.is_empty());

        // Its meeting teaches it: two of three members present.
        let meeting = meet(
            store,
            "CT.NK.AH.KV1",
            held(
                "CT.NK.AH.KV1",
                d("2024-03-05"),
                &["DV03"],
                vec![task("Rà soát đảng viên", "2024-04-30")],
            ),
        )
        .await;
        teach(store, meeting, id, &secretary).await.unwrap();
        let progress = directive_progress(&db, &district, id, today).await.unwrap();
        let c = &progress.unit.counters;
        assert_eq!((c.taught_units, c.present, c.eligible), (1, 2, 3));
        assert_eq!(c.days_to_teach, vec![4]);
        assert_eq!(c.teach_judged, 1);
        assert_eq!(c.taught_by_deadline, 1);
        assert_eq!(store.meeting_directive_ids(meeting).await.unwrap(), [id]);
        let pending = to_teach(&db, &cell.on(&db, d("2024-03-06")).await.unwrap())
            .await
            .unwrap();
        assert!(pending.is_empty(), "taught once, it leaves the list");

        // The meeting's task carries the directive out; closing it late
        // counts as due and not on time.
        let reader = cell.also::<ReadAggregates>(&secretary).unwrap();
        let tasks = open_tasks(&db, &reader, d("2024-05-01")).await.unwrap();
        link_tasks(
            &db,
            &clock(),
            &cell,
            &author(),
            id,
            &tasks.iter().map(|t| t.id).collect::<Vec<_>>(),
        )
        .await
        .unwrap();
        let later = d("2024-06-30");
        let progress = directive_progress(&db, &district, id, later).await.unwrap();
        assert_eq!(progress.unit.counters.tasks_due, 1);
        assert_eq!(progress.unit.counters.overdue.total(), 1);
        // Amending the meeting moves the members reached.
        let access = meeting_access::<RecordMeetings>(&db, &secretary, meeting, clock().0)
            .await
            .unwrap();
        let mut amended = access.meeting().record.clone();
        amended.attendance[2].mark = Attendance::Present;
        save_meeting(
            &db,
            &clock(),
            &access,
            &author(),
            &MeetingSubmission {
                record: amended,
                carried: Vec::new(),
            },
            access.meeting().row_version,
            None,
        )
        .await
        .unwrap();
        let progress = directive_progress(&db, &district, id, later).await.unwrap();
        assert_eq!(progress.unit.counters.present, 3);

        // On the last day of June, the two cells that never taught it are
        // late; the one that did is late only with its report.
        let late = late_units(&db, &district, id, later, 100).await.unwrap();
        let flagged: Vec<(&str, Vec<Stage>)> = late
            .iter()
            .map(|l| (l.unit.as_str(), l.missed.iter().map(|m| m.stage).collect()))
            .collect();
        assert_eq!(
            flagged,
            [
                (
                    "CT.NK.AB.KV1",
                    vec![Stage::Teach, Stage::Report, Stage::CarryOut]
                ),
                ("CT.NK.AH.KV1", vec![Stage::Report, Stage::CarryOut]),
                (
                    "CT.NK.AH.KV2",
                    vec![Stage::Teach, Stage::Report, Stage::CarryOut]
                ),
            ]
        );

        // The ward sees its two cells; a cell sees only its own row.
        let ward = unit_access::<ReadAggregates>(&db, &admin(), &u("CT.NK.AH"), today)
            .await
            .unwrap();
        let progress = directive_progress(&db, &ward, id, later).await.unwrap();
        assert_eq!(progress.below.len(), 2);
        let other = actor(Role::CellSecretary, "CT.NK.AB.KV1");
        let own = unit_access::<ReadAggregates>(&db, &other, &u("CT.NK.AB.KV1"), today)
            .await
            .unwrap();
        let progress = directive_progress(&db, &own, id, later).await.unwrap();
        assert_eq!(progress.unit.counters.taught_units, 0);
        assert!(progress.below.is_empty());
        assert!(
            unit_access::<ReadAggregates>(&db, &other, &u("CT.NK"), today)
                .await
                .is_err(),
            "a cell does not read the district"
        );
        let received = directives_received(&db, &own, d("2024-01-01"), later)
            .await
            .unwrap();
        assert_eq!(received.len(), 1);
        assert!(
            directives_issued(&db, &own, d("2024-01-01"), later)
                .await
                .unwrap()
                .is_empty()
        );
        // A directive of another ward does not open to this cell.
        let other_ward = issue(
            store,
            &plan(
                "CT.NK.AH",
                "3-KH/ĐU",
                "2024-03-02",
                Target::Units(vec![u("CT.NK.AH.KV2")]),
            ),
        )
        .await
        .unwrap();
        assert!(matches!(
            directive_progress(&db, &own, other_ward, later).await,
            Err(CoreError::Denied(_))
        ));

        // The superior checks after the report.
        event(store, "CT.NK.AH.KV1", id, "2024-06-10", EventKind::Reported)
            .await
            .unwrap();
        let staff = actor(Role::CommitteeStaff, "CT.NK");
        let superior = unit_access::<EditUnits>(&db, &staff, &u("CT.NK"), today)
            .await
            .unwrap();
        check_execution(
            &db,
            &clock(),
            &superior,
            &author(),
            id,
            &u("CT.NK.AH.KV1"),
            d("2024-06-20"),
            CheckRating::Good,
        )
        .await
        .unwrap();
        let progress = directive_progress(&db, &district, id, later).await.unwrap();
        assert_eq!(progress.unit.counters.reports_on_time, 1);
        // The cell cannot check itself.
        let itself = unit_access::<EditUnits>(&db, &admin(), &u("CT.NK.AH.KV2"), today)
            .await
            .unwrap();
        assert!(matches!(
            check_execution(
                &db,
                &clock(),
                &itself,
                &author(),
                id,
                &u("CT.NK.AH.KV2"),
                d("2024-06-20"),
                CheckRating::Good,
            )
            .await,
            Err(CoreError::Denied(_))
        ));
        let kept = store.directive_units_all(id).await.unwrap();
        recount_directive(&db, id).await.unwrap();
        assert_eq!(store.directive_units_all(id).await.unwrap(), kept);
    }
}

/// Random steps, teachings, linked tasks and meeting amendments in random
/// cells: the tallies kept by differences equal a recount from scratch.
#[tokio::test]
async fn incremental_tallies_equal_a_recount_after_random_changes() {
    for test in stores("directives_incremental").await {
        let store = &test.store;
        let db = Db::from(store);
        setup(store).await;
        let mut ids = Vec::new();
        ids.push(
            issue(
                store,
                &plan("CT.NK", "15-KH/QU", "2024-01-10", cells_only()),
            )
            .await
            .unwrap(),
        );
        ids.push(
            issue(
                store,
                &plan(
                    "CT.NK",
                    "16-KH/QU",
                    "2024-01-12",
                    Target::Subtree(UnitFilter::default()),
                ),
            )
            .await
            .unwrap(),
        );
        let mut rng = SeededRng::new(20_241_204);
        let mut meetings: Vec<(i64, &str)> = Vec::new();
        for step in 0..120 {
            let (cell, roster) = ROSTERS[rng.range(0, 2) as usize];
            let directive = ids[rng.range(0, 1) as usize];
            // Days move forward, mostly, as a unit's steps do.
            let day = d("2024-01-15") + chrono::Days::new(step + rng.range(0, 2));
            let absent: Vec<&str> = roster.iter().copied().filter(|_| rng.chance(0.3)).collect();
            // Refusals (a step twice, or backwards) are part of the walk.
            match rng.range(0, 5) {
                0 => {
                    let tasks = if rng.chance(0.5) {
                        vec![task("Việc", &(day + chrono::Days::new(20)).to_string())]
                    } else {
                        Vec::new()
                    };
                    let same_day = store
                        .meetings_of(&u(cell), day, day)
                        .await
                        .unwrap()
                        .iter()
                        .any(|m| m.kind == MeetingKind::Regular);
                    if !same_day {
                        let id = meet(store, cell, held(cell, day, &absent, tasks)).await;
                        meetings.push((id, cell));
                    }
                }
                1 if !meetings.is_empty() => {
                    let (meeting, _) = meetings[rng.range(0, meetings.len() as u64 - 1) as usize];
                    let _ = teach(store, meeting, directive, &admin()).await;
                }
                2 => {
                    let kind = [
                        EventKind::Received,
                        EventKind::Reported,
                        EventKind::PlanNotIssued {
                            reason: "Chi bộ thực hiện theo kế hoạch của đảng ủy".to_owned(),
                        },
                    ][rng.range(0, 2) as usize]
                        .clone();
                    let unit = if rng.chance(0.2) { "CT.NK.AH" } else { cell };
                    let _ = event(store, unit, directive, &day.to_string(), kind).await;
                }
                3 if !meetings.is_empty() => {
                    // Amend a meeting: other members present, its tasks
                    // closed or not.
                    let (meeting, cell) =
                        meetings[rng.range(0, meetings.len() as u64 - 1) as usize];
                    let access =
                        meeting_access::<RecordMeetings>(&db, &admin(), meeting, clock().0)
                            .await
                            .unwrap();
                    let mut record = access.meeting().record.clone();
                    let roster = ROSTERS.iter().find(|(c, _)| *c == cell).unwrap().1;
                    let absent: Vec<&str> =
                        roster.iter().copied().filter(|_| rng.chance(0.4)).collect();
                    let held_on = record.held_on.unwrap();
                    let mut changed = held(cell, held_on, &absent, record.tasks.clone());
                    for task in &mut changed.tasks {
                        if rng.chance(0.5) {
                            task.status = TaskStatus::Done;
                            task.closed_on = Some(held_on + chrono::Days::new(rng.range(0, 40)));
                        }
                    }
                    record = changed;
                    save_meeting(
                        &db,
                        &clock(),
                        &access,
                        &author(),
                        &MeetingSubmission {
                            record,
                            carried: Vec::new(),
                        },
                        access.meeting().row_version,
                        None,
                    )
                    .await
                    .unwrap_or_else(|e| panic!("step {step}: {e:?}"));
                }
                4 => {
                    let access = unit_access::<RecordMeetings>(&db, &admin(), &u(cell), clock().0)
                        .await
                        .unwrap();
                    let reader = access.also::<ReadAggregates>(&admin()).unwrap();
                    let open = open_tasks(&db, &reader, d("2024-12-31")).await.unwrap();
                    if !open.is_empty() {
                        link_tasks(&db, &clock(), &access, &author(), directive, &[open[0].id])
                            .await
                            .unwrap_or_else(|e| panic!("step {step}: {e:?}"));
                    }
                }
                _ => {}
            }
        }
        let mut recorded = 0;
        for id in &ids {
            let kept = store.directive_units_all(*id).await.unwrap();
            recorded += kept
                .iter()
                .filter(|r| r.parent.is_none())
                .map(|r| r.sum.taught_units() + r.sum.scalars[9] + r.sum.scalars[11])
                .sum::<i64>();
            recount_directive(&db, *id).await.unwrap();
            let recounted = store.directive_units_all(*id).await.unwrap();
            assert_eq!(kept, recounted, "{} directive {id}", test.label);
        }
        assert!(
            recorded > 3,
            "the random walk taught, reported and closed tasks"
        );
        // The parts of all the directives read at once (the register's
        // and the dashboard's read) are what each directive's page reads.
        for unit in ["CT.NK", "CT.NK.AH", "CT.NK.AH.KV1", "CT.NK.AB"] {
            let access = unit_access::<ReadAggregates>(&db, &admin(), &u(unit), clock().0)
                .await
                .unwrap();
            let day = d("2024-03-01");
            let parts = directive_parts(&db, &access, &ids, day, true)
                .await
                .unwrap();
            let own_only = directive_parts(&db, &access, &ids, day, false)
                .await
                .unwrap();
            for id in &ids {
                match directive_progress(&db, &access, *id, day).await {
                    Ok(one) => {
                        assert_eq!(parts[id].unit, one.unit, "{unit} {id}");
                        assert_eq!(parts[id].below, one.below, "{unit} {id}");
                        assert_eq!(own_only[id].unit, one.unit, "{unit} {id}");
                        assert!(own_only[id].below.is_empty());
                    }
                    Err(_) => assert!(!parts.contains_key(id), "{unit} {id}"),
                }
            }
        }
    }
}

#[tokio::test]
async fn bad_input_is_refused_where_it_is_and_changes_nothing() {
    for test in stores("directives_bad_input").await {
        let store = &test.store;
        let db = Db::from(store);
        setup(store).await;
        let id = issue(
            store,
            &plan(
                "CT.NK.AH",
                "3-KH/ĐU",
                "2024-03-01",
                Target::Units(vec![u("CT.NK.AH.KV1")]),
            ),
        )
        .await
        .unwrap();
        let before = snapshot(store, &[id]).await;
        let label = test.label;

        // The same number and date twice (05 and 5 are one number).
        let twice = issue(
            store,
            &plan(
                "CT.NK.AH",
                "03-KH/ĐU",
                "2024-03-01",
                Target::Units(vec![u("CT.NK.AH.KV2")]),
            ),
        )
        .await
        .unwrap_err();
        assert_eq!(
            fields(twice),
            [("number".to_owned(), "directive-duplicate")],
            "{label}"
        );
        // The same number on another day is another document.
        let mut other_day = plan(
            "CT.NK.AH",
            "3-KH/ĐU",
            "2024-03-02",
            Target::Units(vec![u("CT.NK.AH.KV2")]),
        );

        // A deadline before the issue date.
        other_day.deadlines = Deadlines::default();
        other_day.deadlines.set(
            Level::Cell,
            LevelDeadlines {
                report_by: Some(Due::On(d("2024-02-01"))),
                ..LevelDeadlines::default()
            },
        );
        assert_eq!(
            fields(issue(store, &other_day).await.unwrap_err()),
            [(
                "deadlines.cell.report_by".to_owned(),
                "directive-deadline-before-issue"
            )]
        );

        // A target outside the issuer's subtree.
        let outside = plan(
            "CT.NK.AH",
            "4-KH/ĐU",
            "2024-03-01",
            Target::Units(vec![u("CT.NK.AB.KV1")]),
        );
        assert_eq!(
            fields(issue(store, &outside).await.unwrap_err()),
            [("target".to_owned(), "directive-target-outside")]
        );

        // A unit dissolved before the issue date.
        let dissolved = plan(
            "CT.NK.AH",
            "5-KH/ĐU",
            "2024-03-01",
            Target::Units(vec![u("CT.NK.AH.KV3")]),
        );
        assert_eq!(
            fields(issue(store, &dissolved).await.unwrap_err()),
            [("target".to_owned(), "directive-target-dissolved")]
        );

        // A file that is neither PDF nor DOCX.
        let access = unit_access::<EditUnits>(&db, &admin(), &u("CT.NK.AH"), clock().0)
            .await
            .unwrap();
        let refused = issue_directive(
            &db,
            &clock(),
            &access,
            &author(),
            &plan("CT.NK.AH", "6-KH/ĐU", "2024-03-01", cells_only()),
            Some(&AttachedFile {
                file_name: "ke-hoach.exe".to_owned(),
                content: b"MZ\x90\x00".to_vec(),
            }),
            false,
        )
        .await
        .unwrap_err();
        assert_eq!(
            fields(refused),
            [("file".to_owned(), "directive-file-kind")]
        );
        assert_eq!(
            snapshot(store, &[id]).await,
            before,
            "{label}: nothing issued"
        );

        // Teaching recorded by a cell the directive does not target.
        let meeting = meet(
            store,
            "CT.NK.AH.KV2",
            held("CT.NK.AH.KV2", d("2024-03-05"), &[], Vec::new()),
        )
        .await;
        let before = snapshot(store, &[id]).await;
        let refused = teach(store, meeting, id, &admin()).await.unwrap_err();
        assert_eq!(
            fields(refused),
            [("unit".to_owned(), "directive-not-targeted")]
        );
        assert_eq!(
            snapshot(store, &[id]).await,
            before,
            "{label}: nothing taught"
        );

        // A step that goes backwards: reported, then received.
        event(store, "CT.NK.AH.KV1", id, "2024-03-20", EventKind::Reported)
            .await
            .unwrap();
        let before = snapshot(store, &[id]).await;
        let refused = event(store, "CT.NK.AH.KV1", id, "2024-03-21", EventKind::Received)
            .await
            .unwrap_err();
        assert_eq!(
            fields(refused),
            [("event".to_owned(), "directive-event-backwards")]
        );
        let refused = event(store, "CT.NK.AH.KV1", id, "2024-03-22", EventKind::Reported)
            .await
            .unwrap_err();
        assert_eq!(
            fields(refused),
            [("event".to_owned(), "directive-event-repeated")]
        );
        assert_eq!(
            snapshot(store, &[id]).await,
            before,
            "{label}: nothing recorded"
        );
    }
}

fn cells(error: CoreError) -> Vec<(usize, String, &'static str)> {
    match error {
        CoreError::Invalid(problems) => problems
            .into_iter()
            .map(|p| {
                let location = p.location.expect("located in the file");
                (
                    location.row.unwrap_or_default(),
                    location.column.unwrap_or_default(),
                    p.message.id,
                )
            })
            .collect(),
        other => panic!("expected located problems, got {other:?}"),
    }
}

fn table(name: &str, text: &str) -> chibo_core::tabular::Table {
    parse_csv(name, text.as_bytes(), ReadLimits::default()).unwrap()
}

#[tokio::test]
async fn directive_files_import_all_or_nothing_and_export_back() {
    use chibo_core::directives::{
        directive_events_table, directives_table, import_directive_events, import_directives,
    };
    for test in stores("directives_files").await {
        let store = &test.store;
        let db = Db::from(store);
        setup(store).await;
        let good = "issuer,number,issued_on,title,must_teach,target_units,target_kinds,cell_teach_by,cell_report_by
CT.NK,15-KH/QU,01/03/2024,Kế hoạch thực hiện,có,,subordinate_cell grassroots_cell,next_meeting,20/06/2024
CT.NK.AH,3-KH/ĐU,02/03/2024,Kế hoạch của phường,không,CT.NK.AH.KV1;CT.NK.AH.KV2,,,30/06/2024
";
        // Rows without a number or a date, beside a good one: nothing is
        // written, each problem is at its row and column.
        let bad = "issuer,number,issued_on,title
CT.NK,,01/03/2024,Không số
CT.NK,16-KH/QU,,Không ngày
CT.NK,17-KH/QU,05/03/2024,Đúng
";
        let refused = import_directives(
            Operator::command_line(),
            &db,
            &clock(),
            &author(),
            &table("bad.csv", bad),
            false,
        )
        .await
        .unwrap_err();
        assert_eq!(
            cells(refused),
            [
                (2, "number".to_owned(), "err-required"),
                (3, "issued_on".to_owned(), "err-required"),
            ],
            "{}",
            test.label
        );
        let district = unit_access::<ReadAggregates>(&db, &admin(), &u("CT.NK"), clock().0)
            .await
            .unwrap();
        let all = |access| directives_issued(&db, access, d("2000-01-01"), d("2030-01-01"));
        assert!(all(&district).await.unwrap().is_empty(), "nothing written");

        let report = import_directives(
            Operator::command_line(),
            &db,
            &clock(),
            &author(),
            &table("good.csv", good),
            false,
        )
        .await
        .unwrap();
        assert_eq!((report.created, report.unchanged), (2, 0));
        let again = import_directives(
            Operator::command_line(),
            &db,
            &clock(),
            &author(),
            &table("good.csv", good),
            false,
        )
        .await
        .unwrap();
        assert_eq!((again.created, again.unchanged), (0, 2));
        // The export reads back as the same directives.
        let exported = directives_table(&db, &district, d("2024-01-01"), d("2024-12-31"))
            .await
            .unwrap();
        let csv = chibo_core::table_export::to_csv(&exported);
        let back = parse_csv("export.csv", &csv, ReadLimits::default()).unwrap();
        let reread = import_directives(
            Operator::command_line(),
            &db,
            &clock(),
            &author(),
            &back,
            true,
        )
        .await
        .unwrap();
        assert_eq!((reread.created, reread.unchanged), (0, 1));

        // Steps: a file with a step going backwards is refused whole.
        let steps = "issuer,number,issued_on,unit,step,on,reason,present,eligible,rating
CT.NK,15-KH/QU,01/03/2024,CT.NK.AH.KV1,received,02/03/2024,,,,
CT.NK,15-KH/QU,01/03/2024,CT.NK.AH.KV1,reported,10/06/2024,,,,
CT.NK,15-KH/QU,01/03/2024,CT.NK.AH.KV1,taught,12/06/2024,,2,3,
";
        let id = store
            .directive_by_key(&u("CT.NK"), &key("15-KH/QU", "2024-03-01"))
            .await
            .unwrap()
            .unwrap()
            .id;
        let before = snapshot(store, &[id]).await;
        let refused = import_directive_events(
            Operator::command_line(),
            &db,
            &clock(),
            &author(),
            &table("steps.csv", steps),
            false,
        )
        .await
        .unwrap_err();
        assert_eq!(
            cells(refused),
            [(4, "step".to_owned(), "directive-event-backwards")]
        );
        assert_eq!(snapshot(store, &[id]).await, before, "nothing recorded");
        let steps = steps.replace("12/06/2024,,2,3", "05/06/2024,,2,3");
        let steps = steps.replace(
            "CT.NK.AH.KV1,reported,10/06/2024,,,,\nCT.NK,15-KH/QU,01/03/2024,CT.NK.AH.KV1,taught,05/06/2024,,2,3,",
            "CT.NK.AH.KV1,taught,05/06/2024,,2,3,\nCT.NK,15-KH/QU,01/03/2024,CT.NK.AH.KV1,reported,10/06/2024,,,,",
        );
        let report = import_directive_events(
            Operator::command_line(),
            &db,
            &clock(),
            &author(),
            &table("steps.csv", &steps),
            false,
        )
        .await
        .unwrap();
        assert_eq!(report.created, 3);
        let progress = directive_progress(&db, &district, id, clock().0)
            .await
            .unwrap();
        assert_eq!(progress.unit.counters.taught_units, 1);
        assert_eq!(progress.unit.counters.reports_on_time, 1);
        let events = directive_events_table(&db, &district, d("2024-01-01"), d("2024-12-31"))
            .await
            .unwrap();
        assert_eq!(events.rows.len(), 3);
    }
}

/// Steps of different targets recorded at the same moment all reach the
/// units above them: the district's tally equals a recount.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_steps_of_different_targets_all_count() {
    for test in stores("directives_concurrent").await {
        let store = &test.store;
        setup(store).await;
        let id = issue(
            store,
            &plan(
                "CT.NK",
                "15-KH/QU",
                "2024-03-01",
                Target::Subtree(UnitFilter::default()),
            ),
        )
        .await
        .unwrap();
        let units = [
            "CT.NK.AH",
            "CT.NK.AH.KV1",
            "CT.NK.AH.KV2",
            "CT.NK.AB",
            "CT.NK.AB.KV1",
        ];
        let mut handles = Vec::new();
        for (index, unit) in units.into_iter().enumerate() {
            let store = store.clone();
            handles.push(tokio::spawn(async move {
                let on = format!("2024-03-{:02}", 10 + index);
                event(
                    &store,
                    unit,
                    id,
                    &on,
                    EventKind::Taught(chibo_domain::directive::TaughtAt {
                        meeting: None,
                        present: 2,
                        eligible: 3,
                    }),
                )
                .await
            }));
        }
        for handle in handles {
            handle.await.unwrap().unwrap();
        }
        let db = Db::from(store);
        let district = unit_access::<ReadAggregates>(&db, &admin(), &u("CT.NK"), clock().0)
            .await
            .unwrap();
        let progress = directive_progress(&db, &district, id, clock().0)
            .await
            .unwrap();
        assert_eq!(
            (
                progress.unit.counters.taught_units,
                progress.unit.counters.present
            ),
            (5, 10),
            "{}",
            test.label
        );
        let kept = store.directive_units_all(id).await.unwrap();
        recount_directive(&db, id).await.unwrap();
        assert_eq!(store.directive_units_all(id).await.unwrap(), kept);
    }
}

/// The register's and the dashboard's reads of many directives, one
/// directive at a time (as they were) against the batch read, on the
/// same data; the figures in BENCHMARKS.md's directives section come
/// from this. Ignored in the suite: run with `--ignored --nocapture`.
#[tokio::test]
#[ignore]
async fn many_directives_read_at_once_against_one_at_a_time() {
    const DIRECTIVES: usize = 300;
    const ROUNDS: usize = 7;
    for test in stores("directives_batch_bench").await {
        let store = &test.store;
        let db = Db::from(store);
        setup(store).await;
        let mut ids = Vec::with_capacity(DIRECTIVES);
        for n in 0..DIRECTIVES {
            let number = format!("{}-KH/QU", n + 100);
            let target = if n % 2 == 0 {
                cells_only()
            } else {
                Target::Subtree(UnitFilter::default())
            };
            ids.push(
                issue(store, &plan("CT.NK", &number, "2024-01-10", target))
                    .await
                    .unwrap(),
            );
        }
        let access = unit_access::<ReadAggregates>(&db, &admin(), &u("CT.NK"), clock().0)
            .await
            .unwrap();
        let day = clock().0;
        let median = |mut times: Vec<f64>| {
            times.sort_by(f64::total_cmp);
            times[times.len() / 2]
        };
        let (mut register_each, mut register_batch) = (Vec::new(), Vec::new());
        let (mut dashboard_each, mut dashboard_batch) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            let started = std::time::Instant::now();
            let mut each = Vec::new();
            for id in &ids {
                each.push(
                    directive_progress(&db, &access, *id, day)
                        .await
                        .unwrap()
                        .unit,
                );
            }
            register_each.push(started.elapsed().as_secs_f64() * 1000.0);
            let started = std::time::Instant::now();
            let batch = directive_parts(&db, &access, &ids, day, false)
                .await
                .unwrap();
            register_batch.push(started.elapsed().as_secs_f64() * 1000.0);
            for (id, one) in ids.iter().zip(&each) {
                assert_eq!(&batch[id].unit, one);
            }

            let started = std::time::Instant::now();
            let mut rows = 0;
            for id in &ids {
                rows += store
                    .directive_unit_and_children(*id, &u("CT.NK"))
                    .await
                    .unwrap()
                    .len();
            }
            dashboard_each.push(started.elapsed().as_secs_f64() * 1000.0);
            let started = std::time::Instant::now();
            let batch = directive_parts(&db, &access, &ids, day, true)
                .await
                .unwrap();
            dashboard_batch.push(started.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(
                batch.values().map(|p| 1 + p.below.len()).sum::<usize>(),
                rows
            );
        }
        println!(
            "{} — {DIRECTIVES} directives, median of {ROUNDS}: register {:.1} ms one at a time, \
             {:.1} ms at once; dashboard's parts {:.1} ms one at a time, {:.1} ms at once",
            test.label,
            median(register_each),
            median(register_batch),
            median(dashboard_each),
            median(dashboard_batch),
        );
    }
}
