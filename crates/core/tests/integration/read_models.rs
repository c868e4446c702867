//! The meeting pages' read models: the flags the list raises are the
//! domain's rules applied to the stored year (three unexcused absences,
//! tasks past their deadline, no regular meeting yet this month), names
//! and titles only for those who may read the cell's people, and a
//! meeting's pages show the same facts the rubric scores. SQLite and, when
//! configured, PostgreSQL.

use crate::meetings::{author_of, clock, d, held, m, setup, submission, u};
use crate::support::actor;
use chibo_core::Db;
use chibo_core::access::{
    Actor, ReadAggregates, ReadPeople, RecordMeetings, ScoreMeetings, unit_access,
};
use chibo_core::meetings::{
    MeetingSubmission, attendance_marks, create_meeting, meeting_access, meeting_facts, open_tasks,
};
use chibo_core::read_models::{
    CellMeetings, cell_meetings, evaluation_page, meeting_page, minutes_page,
};
use chibo_domain::NaiveDate;
use chibo_domain::access::Role;
use chibo_domain::meeting::{Attendance, MeetingKind};
use chibo_domain::meeting_record::{MeetingRecord, TaskStatus};
use chibo_domain::norms::{TaskState, no_regular_meeting_this_month, three_unexcused_absences};
use chibo_store::{Store, TaskUpdate};
use chibo_testkit::stores;

const KV1: &str = "CT.NK.AH.KV1";

/// Regular meetings of KV1 in March, April and May 2024, DV03 absent
/// without a reason at each; each sets a task due 20 days later that
/// nobody closes.
async fn three_months(store: &Store) -> Vec<i64> {
    setup(store).await;
    let secretary = actor(Role::CellSecretary, KV1);
    let cell = unit_access::<RecordMeetings>(&Db::from(store), &secretary, &u(KV1), today())
        .await
        .unwrap();
    let mut ids = Vec::new();
    for day in ["2024-03-05", "2024-04-05", "2024-05-06"] {
        let record = held(day, Attendance::AbsentUnexcused);
        let id = create_meeting(
            &Db::from(store),
            &clock(),
            &cell,
            &author_of(&secretary),
            &submission(record),
            false,
        )
        .await
        .unwrap();
        ids.push(id);
    }
    ids
}

fn today() -> NaiveDate {
    d("2024-06-30")
}

async fn list_of(store: &Store, reader: &Actor, year: i32, today: NaiveDate) -> CellMeetings {
    let db = Db::from(store);
    let cell = unit_access::<ReadAggregates>(&db, reader, &u(KV1), today)
        .await
        .unwrap();
    cell_meetings(&db, reader, &cell, year, today)
        .await
        .unwrap()
}

/// The flags as the domain's rules raise them on what is stored.
async fn domain_flags(store: &Store, model: &CellMeetings, today: NaiveDate) -> (bool, usize) {
    let db = Db::from(store);
    let secretary = actor(Role::CellSecretary, KV1);
    let cell = unit_access::<ReadAggregates>(&db, &secretary, &u(KV1), today)
        .await
        .unwrap();
    let year_end = NaiveDate::from_ymd_opt(model.year, 12, 31).unwrap();
    let tasks: Vec<TaskState> = open_tasks(&db, &cell, year_end)
        .await
        .unwrap()
        .into_iter()
        .map(|t| TaskState {
            title: t.task.title,
            deadline: t.task.deadline,
            open: t.task.status == TaskStatus::Open,
        })
        .collect();
    let overdue = chibo_domain::norms::overdue_tasks(&tasks, today).len();
    let no_meeting = no_regular_meeting_this_month(&model.cell_year.held, today);
    (no_meeting, overdue)
}

#[tokio::test]
async fn the_meeting_list_raises_the_domains_flags() {
    for test in stores("read_model_cell_meetings").await {
        let store = &test.store;
        three_months(store).await;
        let secretary = actor(Role::CellSecretary, KV1);
        let model = list_of(store, &secretary, 2024, today()).await;

        // June has no regular meeting; the three tasks are past due.
        assert!(model.no_regular_meeting_this_month);
        let deadlines: Vec<_> = model.overdue.iter().map(|t| t.deadline).collect();
        assert_eq!(
            deadlines,
            vec![
                Some(d("2024-03-25")),
                Some(d("2024-04-25")),
                Some(d("2024-05-26"))
            ]
        );
        assert!(model.overdue.iter().all(|t| t.is_overdue(today())));
        assert_eq!(model.overdue_untitled, 0);
        // The secretary's list of open work: the same three, by title.
        assert_eq!(model.open_tasks, model.overdue);
        assert_eq!(model.open_untitled, 0);
        assert!(model.this_month.is_none(), "June has no meeting yet");
        assert_eq!(
            domain_flags(store, &model, today()).await,
            (true, model.overdue.len())
        );

        // DV03 missed three meetings without a reason: flagged by name.
        let cell = unit_access::<ReadAggregates>(&Db::from(store), &secretary, &u(KV1), today())
            .await
            .unwrap();
        let marks = attendance_marks(&Db::from(store), &cell, d("2024-01-01"), d("2024-12-31"))
            .await
            .unwrap();
        let flags: Vec<_> = model.absences.iter().map(|a| a.flag.clone()).collect();
        assert_eq!(flags, three_unexcused_absences(&marks, 2024));
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].member, m("DV03"));
        assert_eq!(model.absences[0].name.as_deref(), Some("Lê Minh Cường"));
        assert!(model.may_record);
        assert_eq!(model.cell_year.meetings.len(), 3);

        // A researcher reads the same flags as dates and counts.
        let researcher = actor(Role::Researcher, "CT.NK");
        let counted = list_of(store, &researcher, 2024, today()).await;
        assert!(counted.no_regular_meeting_this_month);
        assert!(counted.overdue.is_empty());
        assert_eq!(counted.overdue_untitled, 3);
        assert!(counted.open_tasks.is_empty());
        assert_eq!(counted.open_untitled, 3);
        assert_eq!(counted.absences.len(), 1);
        assert_eq!(counted.absences[0].name, None);
        assert_eq!(counted.absences[0].flag.dates.len(), 3);
        assert!(!counted.may_record);

        // Another year is not this month's business.
        let last_year = list_of(store, &secretary, 2023, today()).await;
        assert!(!last_year.no_regular_meeting_this_month);
        assert!(last_year.cell_year.meetings.is_empty());
    }
}

#[tokio::test]
async fn a_meeting_this_month_and_a_closed_task_clear_their_flags() {
    for test in stores("read_model_flags_cleared").await {
        let store = &test.store;
        three_months(store).await;
        let db = Db::from(store);
        let secretary = actor(Role::CellSecretary, KV1);
        let cell = unit_access::<RecordMeetings>(&db, &secretary, &u(KV1), today())
            .await
            .unwrap();
        let people = cell.also::<ReadAggregates>(&secretary).unwrap();
        let march_task = open_tasks(&db, &people, d("2024-06-10"))
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.meeting_on == d("2024-03-05"))
            .unwrap();
        // June's meeting closes March's task; its own task is due today,
        // which is not late yet.
        let mut june = held("2024-06-10", Attendance::Present);
        june.tasks[0].deadline = Some(today());
        create_meeting(
            &db,
            &clock(),
            &cell,
            &author_of(&secretary),
            &MeetingSubmission {
                record: june,
                carried: vec![TaskUpdate {
                    task_id: march_task.id,
                    status: TaskStatus::Done,
                    closed_on: Some(d("2024-06-10")),
                }],
            },
            false,
        )
        .await
        .unwrap();
        let model = list_of(store, &secretary, 2024, today()).await;
        assert!(!model.no_regular_meeting_this_month);
        let june_meeting = model.this_month.as_ref().expect("June's meeting");
        assert_eq!(june_meeting.meeting_on, d("2024-06-10"));
        // Open: April's, May's and June's own task, which is due today and
        // so open but not overdue.
        let open: Vec<_> = model
            .open_tasks
            .iter()
            .map(|t| (t.deadline, t.is_overdue(today())))
            .collect();
        assert_eq!(
            open,
            vec![
                (Some(d("2024-04-25")), true),
                (Some(d("2024-05-26")), true),
                (Some(today()), false)
            ]
        );
        let deadlines: Vec<_> = model.overdue.iter().map(|t| t.deadline).collect();
        assert_eq!(
            deadlines,
            vec![Some(d("2024-04-25")), Some(d("2024-05-26"))]
        );
        assert_eq!(
            domain_flags(store, &model, today()).await,
            (false, model.overdue.len())
        );
        // A planned meeting is no meeting held.
        let planned_month = list_of(store, &secretary, 2024, d("2024-07-15")).await;
        assert!(planned_month.no_regular_meeting_this_month);
        let plan = MeetingRecord::planned(MeetingKind::Regular, d("2024-07-20"));
        create_meeting(
            &db,
            &clock(),
            &cell,
            &author_of(&secretary),
            &submission(plan),
            false,
        )
        .await
        .unwrap();
        let still = list_of(store, &secretary, 2024, d("2024-07-15")).await;
        assert!(still.no_regular_meeting_this_month);
        // The plan is this month's meeting all the same: one tap opens it.
        assert_eq!(
            still.this_month.as_ref().map(|m| m.meeting_on),
            Some(d("2024-07-20"))
        );
        assert_eq!(
            domain_flags(store, &still, d("2024-07-15")).await.0,
            still.no_regular_meeting_this_month
        );
    }
}

#[tokio::test]
async fn a_meetings_pages_show_the_facts_the_rubric_scores() {
    for test in stores("read_model_meeting_pages").await {
        let store = &test.store;
        let ids = three_months(store).await;
        let db = Db::from(store);
        let may = ids[2];
        let secretary = actor(Role::CellSecretary, KV1);
        let access = meeting_access::<RecordMeetings>(&db, &secretary, may, today())
            .await
            .unwrap();
        let facts = meeting_facts(&db, &access).await.unwrap();
        assert_eq!(facts.members_absent_three_in_a_row, 1);

        let page = meeting_page(&db, &secretary, &access, today())
            .await
            .unwrap();
        assert_eq!(page.date, d("2024-05-06"));
        assert_eq!(page.facts.as_ref(), Some(&facts));
        assert_eq!(page.context.names.roster().len(), 4);
        let carried: Vec<_> = page.context.carried.iter().map(|t| t.meeting_on).collect();
        assert_eq!(carried, vec![d("2024-03-05"), d("2024-04-05")]);
        assert!(page.history.is_empty());
        let sheet = page.sheet.expect("a rubric is in force in 2024");
        assert!(sheet.may_score);
        assert!(sheet.mine().is_none(), "nobody scored yet");

        // The evaluator's page reads the same facts, with names: an
        // evaluator may read the cell's people.
        let evaluator = actor(Role::Evaluator, "CT.NK");
        let scoring = meeting_access::<ScoreMeetings>(&db, &evaluator, may, today())
            .await
            .unwrap();
        let evaluation = evaluation_page(&db, &evaluator, &scoring, today())
            .await
            .unwrap();
        assert_eq!(evaluation.facts, facts);
        assert_eq!(evaluation.names.of(&m("DV02")), "Trần Văn Bình");
        assert!(evaluation.sheet.is_some());

        // The minutes: present in Vietnamese order, the exempt member
        // neither present nor absent.
        let reader = actor(Role::Viewer, "CT.NK");
        let reading = meeting_access::<ReadPeople>(&db, &reader, may, today())
            .await
            .unwrap();
        let minutes = minutes_page(&db, &reading, today()).await.unwrap();
        assert_eq!(minutes.expected, 3);
        assert_eq!(
            minutes.present,
            vec!["Nguyễn Thị Ngọc Anh".to_owned(), "Trần Văn Bình".to_owned()]
        );
        let absent: Vec<_> = minutes
            .absent
            .iter()
            .map(|a| (a.name.as_str(), a.mark))
            .collect();
        assert_eq!(absent, vec![("Lê Minh Cường", Attendance::AbsentUnexcused)]);
        assert_eq!(minutes.cell_name, "Chi bộ Khu vực 1");
        assert_eq!(minutes.committee_name, "Đảng bộ phường An Hòa");
        assert_eq!(minutes.expected as u32, facts.expected);
    }
}
