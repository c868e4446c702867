//! Server time to save and to approve the minutes of a 30-member meeting:
//!
//!     cargo run --release -p chibo-core --example bench_meeting -- [cells] [meetings]
//!
//! Builds the reference tree plus `cells` cells of 30 members (default
//! 1,500: about the city's 45,000 members) in a fresh SQLite file opened as
//! the web server opens it, then records `meetings` meetings (default 84)
//! of one cell, one month apart, each with 30 attendance marks, five
//! contributions and three tasks, timing `create_meeting` and
//! `approve_meeting` (every check, the audit entry, one transaction each).
//! With `CHIBO_TEST_POSTGRES_URL` set, the same runs on a fresh PostgreSQL
//! database too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at its first failure"
)]

use chibo_core::Db;
use chibo_core::operator::Operator;
use std::io::Write;
use std::time::{Duration, Instant};

use chibo_core::access::{RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::import::members::{MemberImportOptions, import_members};
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::meetings::{MeetingSubmission, approve_meeting, create_meeting, meeting_access};
use chibo_core::tabular::{ReadLimits, read_table};
use chibo_core::{FixedClock, reference};
use chibo_domain::access::Role;
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{
    AttendanceMark, Contribution, MeetingRecord, Task, TaskStatus, Vote,
};
use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use chibo_store::{GrantRecord, OpenMode, Store, Workload};
use chrono::{Months, NaiveTime};

const MEMBERS_PER_CELL: usize = 30;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let cells: usize = args.next().map_or(1_500, |a| a.parse().expect("cells"));
    let meetings: usize = args.next().map_or(84, |a| a.parse().expect("meetings"));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db").to_string_lossy().into_owned();
    // Created and filled as a batch, then reopened as the server opens it.
    let store = Store::open(&path, OpenMode::CreateIfMissing).await.unwrap();
    fill(&store, dir.path(), cells).await;
    drop(store);
    let store = Store::open_for(&path, OpenMode::MustExist, Workload::Serve)
        .await
        .unwrap();
    run("SQLite", &store, meetings).await;
    if let Ok(url) = std::env::var("CHIBO_TEST_POSTGRES_URL") {
        let url = chibo_testkit::postgres_database_url("bench_meeting")
            .await
            .unwrap_or(url);
        let store = Store::open(&url, OpenMode::CreateIfMissing).await.unwrap();
        fill(&store, dir.path(), cells).await;
        run("PostgreSQL", &store, meetings).await;
    }
}

fn today() -> NaiveDate {
    "2026-11-25".parse().unwrap()
}

async fn fill(store: &Store, dir: &std::path::Path, cells: usize) {
    reference::load(&Db::from(store), &FixedClock(today()))
        .await
        .unwrap();
    let units = dir.join("units.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&units).unwrap());
    writeln!(file, "code,name,kind,sector,parent_code,valid_from").unwrap();
    for cell in 0..cells {
        writeln!(
            file,
            "CT.NK.C{cell},Chi bộ {cell},grassroots_cell,commune,CT.NK,01/01/2018"
        )
        .unwrap();
    }
    drop(file);
    let table = read_table(&units, ReadLimits::default()).unwrap();
    let options = UnitImportOptions {
        effective_on: today(),
        document: Default::default(),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_units(Operator::command_line(), &Db::from(store), &table, &options)
        .await
        .unwrap();
    let roster = dir.join("members.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&roster).unwrap());
    writeln!(
        file,
        "code,full_name,gender,birth_year,status,cell_code,cell_from"
    )
    .unwrap();
    for cell in 0..cells {
        for m in 0..MEMBERS_PER_CELL {
            writeln!(
                file,
                "M{cell}x{m},Nguyễn Văn {m},nam,1980,chính thức,CT.NK.C{cell},01/01/2018"
            )
            .unwrap();
        }
    }
    drop(file);
    let table = read_table(&roster, ReadLimits::default()).unwrap();
    let options = MemberImportOptions {
        today: today(),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_members(Operator::command_line(), &Db::from(store), &table, &options)
        .await
        .unwrap();
}

/// A full record of cell 0's meeting on `day`: everyone marked (two away
/// with a reason), five contributions, three tasks, a vote.
fn record(day: NaiveDate) -> MeetingRecord {
    let member = |m: usize| MemberCode::parse(&format!("M0x{m}")).unwrap();
    let mut record = MeetingRecord::planned(MeetingKind::Regular, day);
    record.status = MeetingStatus::Held;
    record.held_on = Some(day);
    record.starts_at = NaiveTime::from_hms_opt(19, 30, 0);
    record.ends_at = NaiveTime::from_hms_opt(21, 15, 0);
    record.place = "Nhà văn hóa".to_owned();
    record.chair = Some(member(0));
    record.recorder = Some(member(1));
    record.attendance = (0..MEMBERS_PER_CELL)
        .map(|m| AttendanceMark {
            member: member(m),
            mark: if m < 2 {
                Attendance::AbsentExcused
            } else {
                Attendance::Present
            },
            reason: String::new(),
        })
        .collect();
    record.agenda = vec!["Báo cáo tình hình".to_owned(), "Phương hướng".to_owned()];
    record.contributions = (2..7)
        .map(|m| Contribution {
            member: member(m),
            gist: format!("Ý kiến của đồng chí {m}"),
        })
        .collect();
    record.resolution = "Thống nhất nghị quyết".to_owned();
    record.vote = Some(Vote {
        in_favour: 28,
        against: 0,
        abstaining: 0,
    });
    record.tasks = (0..3)
        .map(|t| Task {
            title: format!("Nhiệm vụ {t}"),
            owner: Some(member(t + 2)),
            deadline: day.checked_add_months(Months::new(1)),
            status: TaskStatus::Open,
            closed_on: None,
        })
        .collect();
    record
}

async fn run(backend: &str, store: &Store, meetings: usize) {
    let clock = FixedClock(today());
    let cell = UnitCode::parse("CT.NK.C0").unwrap();
    let actor = chibo_core::operator::Operator::command_line().act_as(
        0,
        "bench",
        vec![GrantRecord {
            id: 0,
            account_id: 0,
            role: Role::CellSecretary,
            unit: cell.clone(),
            unit_name: String::new(),
        }],
    );
    let author = AuditContext {
        account_id: None,
        actor: "bench".to_owned(),
        address: None,
    };
    let mut save = Vec::new();
    let mut approve = Vec::new();
    for n in 0..meetings {
        let months = u32::try_from(meetings - n).unwrap();
        let day = today().checked_sub_months(Months::new(months)).unwrap();
        let started = Instant::now();
        let access = unit_access::<RecordMeetings>(&Db::from(store), &actor, &cell, today())
            .await
            .unwrap();
        let submission = MeetingSubmission {
            record: record(day),
            carried: Vec::new(),
        };
        let id = create_meeting(
            &Db::from(store),
            &clock,
            &access,
            &author,
            &submission,
            false,
        )
        .await
        .unwrap();
        save.push(started.elapsed());
        let started = Instant::now();
        let meeting = meeting_access::<RecordMeetings>(&Db::from(store), &actor, id, today())
            .await
            .unwrap();
        let row_version = meeting.meeting().row_version;
        approve_meeting(&Db::from(store), &clock, &meeting, &author, row_version)
            .await
            .unwrap();
        approve.push(started.elapsed());
    }
    println!("{backend}: {meetings} meetings of {MEMBERS_PER_CELL} members, one after another");
    report("save (access check + create_meeting)", &mut save);
    report("approve (access check + approve_meeting)", &mut approve);
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  {what}: median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(1.0))
    );
}
