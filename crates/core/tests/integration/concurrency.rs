//! Concurrent changes are checked against the records they touch, not the
//! whole database: many people saving different members or different
//! meetings at the same moment are all saved, and of several saves planned
//! on the same version of one record exactly one wins. SQLite and, when
//! configured, PostgreSQL.

use crate::support;
use chibo_core::Db;
use chibo_core::operator::Operator;

use std::fmt::Write as _;
use std::sync::Arc;

use chibo_core::access::{Actor, EditMembers, RecordMeetings, member_access, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::browse::{self, MemberEdit};
use chibo_core::import::members::{MemberImportOptions, import_members};
use chibo_core::meetings::{MeetingSubmission, create_meeting, meeting_access, save_meeting};
use chibo_core::tabular::{ReadLimits, parse_csv};
use chibo_core::{CoreError, FixedClock};
use chibo_domain::access::Role;
use chibo_domain::meeting::MeetingKind;
use chibo_domain::meeting_record::MeetingRecord;
use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use chibo_store::{Store, StoreError};
use chibo_testkit::stores;
use tokio::sync::Barrier;

/// Concurrent writers in each scenario.
const WRITERS: usize = 50;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn today() -> NaiveDate {
    d("2024-06-30")
}

fn cell(i: usize) -> String {
    format!("CT.NK.AH.C{i:02}")
}

fn member(i: usize) -> MemberCode {
    MemberCode::parse(&format!("DV{i:03}")).unwrap()
}

/// A ward with `WRITERS` cells, and one member in each.
fn files() -> (String, String) {
    let mut units = String::from(
        "code,name,kind,sector,parent_code,valid_from\n\
         CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018\n",
    );
    let mut members = String::from("code,full_name,gender,birth_year,status,cell_code,cell_from\n");
    for i in 0..WRITERS {
        let cell = cell(i);
        writeln!(
            units,
            "{cell},Chi bộ {i},subordinate_cell,commune,CT.NK.AH,01/01/2018"
        )
        .unwrap();
        writeln!(
            members,
            "DV{i:03},Nguyễn Văn Hải {i},nam,1970,chính thức,{cell},01/03/2018"
        )
        .unwrap();
    }
    (units, members)
}

async fn setup(store: &Store) {
    let (units, members) = files();
    support::load(store, &units, &members, today()).await;
}

fn staff() -> Actor {
    support::actor(Role::CommitteeStaff, "CT.NK")
}

fn author() -> AuditContext {
    AuditContext {
        account_id: None,
        actor: "staff".to_owned(),
        address: None,
    }
}

fn renamed(name: &str, row_version: i64) -> MemberEdit {
    MemberEdit {
        full_name: Some(name.to_owned()),
        row_version: Some(row_version),
        ..MemberEdit::default()
    }
}

/// Edits `member` with `edit` once every other task is ready too.
async fn edit_member(
    store: Store,
    barrier: Arc<Barrier>,
    code: MemberCode,
    edit: MemberEdit,
) -> Result<(), CoreError> {
    let access = member_access::<EditMembers>(&Db::from(&store), &staff(), &code, today()).await?;
    barrier.wait().await;
    browse::update_member(
        &Db::from(&store),
        &FixedClock(today()),
        &access,
        &author(),
        &edit,
    )
    .await
    .map(|_| ())
}

/// Saves meeting `id`, read at `row_version`, with `place`, once every
/// other task is ready too.
async fn save_place(
    store: Store,
    barrier: Arc<Barrier>,
    id: i64,
    row_version: i64,
    place: String,
) -> Result<(), CoreError> {
    let access = meeting_access::<RecordMeetings>(&Db::from(&store), &staff(), id, today()).await?;
    let mut record = access.meeting().record.clone();
    record.place = place;
    let submission = MeetingSubmission {
        record,
        carried: Vec::new(),
    };
    barrier.wait().await;
    save_meeting(
        &Db::from(&store),
        &FixedClock(today()),
        &access,
        &author(),
        &submission,
        row_version,
        None,
    )
    .await
}

fn is_conflict(result: &Result<(), CoreError>) -> bool {
    matches!(result, Err(CoreError::Store(StoreError::Conflict)))
}

async fn joined(
    tasks: Vec<tokio::task::JoinHandle<Result<(), CoreError>>>,
) -> Vec<Result<(), CoreError>> {
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(task.await.unwrap());
    }
    results
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_edits_of_different_members_are_all_saved() {
    for t in stores("concurrent_member_edits").await {
        let store = &t.store;
        setup(store).await;
        let codes: Vec<MemberCode> = (0..WRITERS).map(member).collect();
        // Each form shows the member's version; all are saved at once.
        let shown = store.load_member_updates(&codes).await.unwrap();
        let barrier = Arc::new(Barrier::new(WRITERS));
        let tasks = shown
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let edit = renamed(&format!("Trần Thị Lan {i}"), m.row_version);
                tokio::spawn(edit_member(
                    store.clone(),
                    barrier.clone(),
                    m.member.code.clone(),
                    edit,
                ))
            })
            .collect();
        let results = joined(tasks).await;
        let refused: Vec<_> = results.iter().filter(|r| r.is_err()).collect();
        assert!(refused.is_empty(), "{}: {refused:?}", t.label);
        let saved = store.load_member_updates(&codes).await.unwrap();
        for (before, after) in shown.iter().zip(&saved) {
            assert_eq!(after.row_version, before.row_version + 1, "{}", t.label);
            assert!(after.member.full_name.as_str().starts_with("Trần Thị Lan"));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_edits_of_one_member_have_exactly_one_winner() {
    for t in stores("concurrent_same_member").await {
        let store = &t.store;
        setup(store).await;
        let code = member(7);
        let shown = store
            .load_member_updates(std::slice::from_ref(&code))
            .await
            .unwrap()
            .remove(0);
        let writers = 10;
        let barrier = Arc::new(Barrier::new(writers));
        let tasks = (0..writers)
            .map(|i| {
                let edit = renamed(&format!("Lê Văn Tâm {i}"), shown.row_version);
                tokio::spawn(edit_member(
                    store.clone(),
                    barrier.clone(),
                    code.clone(),
                    edit,
                ))
            })
            .collect();
        let results = joined(tasks).await;
        let winners: Vec<usize> = (0..writers).filter(|i| results[*i].is_ok()).collect();
        assert_eq!(winners.len(), 1, "{}: {results:?}", t.label);
        assert!(
            results.iter().filter(|r| r.is_err()).all(is_conflict),
            "{}: {results:?}",
            t.label
        );
        let saved = store
            .load_member_updates(std::slice::from_ref(&code))
            .await
            .unwrap()
            .remove(0);
        assert_eq!(
            saved.member.full_name.as_str(),
            format!("Lê Văn Tâm {}", winners[0]),
            "{}",
            t.label
        );
        assert_eq!(saved.row_version, shown.row_version + 1, "{}", t.label);
    }
}

/// One planned meeting in each cell; returns their ids.
async fn plan_meetings(store: &Store) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..WRITERS {
        let code = UnitCode::parse(&cell(i)).unwrap();
        let access = unit_access::<RecordMeetings>(&Db::from(store), &staff(), &code, today())
            .await
            .unwrap();
        let submission = MeetingSubmission {
            record: MeetingRecord::planned(MeetingKind::Regular, d("2024-07-05")),
            carried: Vec::new(),
        };
        let id = create_meeting(
            &Db::from(store),
            &FixedClock(today()),
            &access,
            &author(),
            &submission,
            false,
        )
        .await
        .unwrap();
        ids.push(id);
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_saves_of_different_meetings_are_all_saved() {
    for t in stores("concurrent_meeting_saves").await {
        let store = &t.store;
        setup(store).await;
        let ids = plan_meetings(store).await;
        let barrier = Arc::new(Barrier::new(WRITERS));
        let mut tasks = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let shown = store.meeting(*id).await.unwrap().unwrap().row_version;
            tasks.push(tokio::spawn(save_place(
                store.clone(),
                barrier.clone(),
                *id,
                shown,
                format!("Nhà văn hóa {i}"),
            )));
        }
        let results = joined(tasks).await;
        let refused: Vec<_> = results.iter().filter(|r| r.is_err()).collect();
        assert!(refused.is_empty(), "{}: {refused:?}", t.label);
        for (i, id) in ids.iter().enumerate() {
            let stored = store.meeting(*id).await.unwrap().unwrap();
            assert_eq!(stored.record.place, format!("Nhà văn hóa {i}"));
            assert_eq!(stored.row_version, 2, "{}", t.label);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_saves_of_one_meeting_have_exactly_one_winner() {
    for t in stores("concurrent_same_meeting").await {
        let store = &t.store;
        setup(store).await;
        let id = plan_meetings(store).await[3];
        let shown = store.meeting(id).await.unwrap().unwrap().row_version;
        let writers = 10;
        let barrier = Arc::new(Barrier::new(writers));
        let tasks = (0..writers)
            .map(|i| {
                tokio::spawn(save_place(
                    store.clone(),
                    barrier.clone(),
                    id,
                    shown,
                    format!("Hội trường {i}"),
                ))
            })
            .collect();
        let results = joined(tasks).await;
        let winners: Vec<usize> = (0..writers).filter(|i| results[*i].is_ok()).collect();
        assert_eq!(winners.len(), 1, "{}: {results:?}", t.label);
        assert!(
            results.iter().filter(|r| r.is_err()).all(is_conflict),
            "{}: {results:?}",
            t.label
        );
        let stored = store.meeting(id).await.unwrap().unwrap();
        assert_eq!(stored.record.place, format!("Hội trường {}", winners[0]));
        assert_eq!(stored.row_version, shown + 1, "{}", t.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_import_and_edits_of_other_members_do_not_refuse_each_other() {
    for t in stores("concurrent_import_and_edits").await {
        let store = &t.store;
        setup(store).await;
        // The import adds a member to each of the first ten cells while
        // others correct members of the last ten.
        let mut file =
            String::from("code,full_name,gender,birth_year,status,cell_code,cell_from\n");
        for i in 0..10 {
            writeln!(
                file,
                "DN{i:03},Đỗ Thị Mai {i},nữ,1990,chính thức,{},01/05/2024",
                cell(i)
            )
            .unwrap();
        }
        let table = parse_csv("moi.csv", file.as_bytes(), ReadLimits::default()).unwrap();
        let codes: Vec<MemberCode> = (WRITERS - 10..WRITERS).map(member).collect();
        let shown = store.load_member_updates(&codes).await.unwrap();
        let barrier = Arc::new(Barrier::new(shown.len() + 1));
        let mut tasks: Vec<tokio::task::JoinHandle<Result<(), CoreError>>> = shown
            .iter()
            .map(|m| {
                let edit = renamed("Phan Văn Khoa", m.row_version);
                tokio::spawn(edit_member(
                    store.clone(),
                    barrier.clone(),
                    m.member.code.clone(),
                    edit,
                ))
            })
            .collect();
        let importer = store.clone();
        let start = barrier.clone();
        tasks.push(tokio::spawn(async move {
            let options = MemberImportOptions {
                today: today(),
                dry_run: false,
                is_demo: false,
                audit: None,
            };
            start.wait().await;
            let report = import_members(
                Operator::command_line(),
                &Db::from(&importer),
                &table,
                &options,
            )
            .await?;
            assert_eq!(report.created, 10);
            Ok(())
        }));
        let results = joined(tasks).await;
        let refused: Vec<_> = results.iter().filter(|r| r.is_err()).collect();
        assert!(refused.is_empty(), "{}: {refused:?}", t.label);
        assert_eq!(
            store.member_count().await.unwrap(),
            WRITERS as i64 + 10,
            "{}",
            t.label
        );
    }
}
