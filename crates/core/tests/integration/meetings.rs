//! Meeting records: the lifecycle (plan, minutes, approval, amendment),
//! every bad case of the issue refused with nothing written, tasks carried
//! to the next meeting, the facts a rubric scores, and the grants that
//! decide who may write a cell's minutes. SQLite and, when configured,
//! PostgreSQL.

use crate::support;
use chibo_core::Db;
use chibo_core::operator::Operator;

use chibo_core::access::{Actor, RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use support::actor;

use chibo_core::meetings::{
    MeetingSubmission, approve_meeting, create_meeting, facts_of, meeting_access, save_meeting,
};
use chibo_core::org_ops::{Reorganization, reorganize};
use chibo_core::tabular::ReadLimits;
use chibo_core::{CoreError, FixedClock};
use chibo_domain::access::Role;
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{
    AttendanceMark, Contribution, MeetingRecord, Task, TaskStatus, Vote,
};
use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use chibo_store::{Store, StoreError, TaskUpdate};
use chibo_testkit::stores;
use chrono::NaiveTime;

const UNITS: &str = "code,name,kind,sector,parent_code,valid_from
CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018
CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV2,Chi bộ Khu vực 2,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV3,Chi bộ Khu vực 3,subordinate_cell,commune,CT.NK.AH,01/01/2018
";

/// Four members in KV1 (one exempt), one in KV2.
const MEMBERS: &str =
    "code,full_name,gender,birth_year,status,cell_code,cell_from,role,exempt_from,exempt_reason
DV01,Nguyễn Thị Ngọc Anh,nữ,1976,chính thức,CT.NK.AH.KV1,01/03/2018,bí thư,,
DV02,Trần Văn Bình,nam,1959,chính thức,CT.NK.AH.KV1,01/03/2018,,,
DV03,Lê Minh Cường,nam,1990,chính thức,CT.NK.AH.KV1,01/03/2018,,,
DV04,Võ Văn Đức,nam,1940,chính thức,CT.NK.AH.KV1,01/03/2018,,01/01/2020,Tuổi cao
DV09,Phạm Thị Dung,nữ,1980,chính thức,CT.NK.AH.KV2,01/03/2018,bí thư,,
";

pub(crate) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

pub(crate) fn m(code: &str) -> MemberCode {
    MemberCode::parse(code).unwrap()
}

pub(crate) fn u(code: &str) -> UnitCode {
    UnitCode::parse(code).unwrap()
}

pub(crate) fn clock() -> FixedClock {
    FixedClock(d("2024-06-30"))
}

/// The test actors have no stored account, so their audit entries name
/// them without one.
pub(crate) fn author_of(actor: &Actor) -> AuditContext {
    AuditContext {
        account_id: None,
        actor: actor.username().to_owned(),
        address: None,
    }
}

pub(crate) async fn setup(store: &Store) {
    support::load(store, UNITS, MEMBERS, d("2024-06-30")).await;
}

fn mark(code: &str, mark: Attendance) -> AttendanceMark {
    AttendanceMark {
        member: m(code),
        mark,
        reason: String::new(),
    }
}

/// A held regular meeting of KV1 on `day`: everyone there but DV03
/// (`dv03`), DV04 exempt, 19:30–21:15, two speakers, one task.
pub(crate) fn held(day: &str, dv03: Attendance) -> MeetingRecord {
    let mut record = MeetingRecord::planned(MeetingKind::Regular, d(day));
    record.status = MeetingStatus::Held;
    record.held_on = Some(d(day));
    record.starts_at = Some(t("19:30"));
    record.ends_at = Some(t("21:15"));
    record.place = "Nhà văn hóa khu vực 1".to_owned();
    record.chair = Some(m("DV01"));
    record.recorder = Some(m("DV02"));
    record.documents_sent_on = Some(d(day) - chrono::Days::new(2));
    record.attendance = vec![
        mark("DV01", Attendance::Present),
        mark("DV02", Attendance::LateOrLeftEarly),
        mark("DV03", dv03),
        mark("DV04", Attendance::Exempt),
    ];
    record.contributions = vec![
        Contribution {
            member: m("DV01"),
            gist: "Báo cáo kết quả tháng".to_owned(),
        },
        Contribution {
            member: m("DV02"),
            gist: "Đề nghị vận động hội viên".to_owned(),
        },
        Contribution {
            member: m("DV01"),
            gist: "Kết luận".to_owned(),
        },
    ];
    record.resolution = "Thống nhất nghị quyết tháng".to_owned();
    record.vote = Some(Vote {
        in_favour: 2,
        against: 0,
        abstaining: 0,
    });
    record.tasks = vec![Task {
        title: "Thu đảng phí quý".to_owned(),
        owner: Some(m("DV02")),
        deadline: Some(d(day) + chrono::Days::new(20)),
        status: TaskStatus::Open,
        closed_on: None,
    }];
    record
}

pub(crate) fn submission(record: MeetingRecord) -> MeetingSubmission {
    MeetingSubmission {
        record,
        carried: Vec::new(),
    }
}

fn fields(result: Result<impl std::fmt::Debug, CoreError>) -> Vec<(String, &'static str)> {
    match result {
        Err(CoreError::Invalid(problems)) => problems
            .iter()
            .map(|p| (p.field.clone().unwrap_or_default(), p.message.id))
            .collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

async fn meeting_count(store: &Store) -> usize {
    store
        .meetings_of(&u("CT.NK.AH.KV1"), d("2000-01-01"), d("2100-01-01"))
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_meeting_is_planned_held_approved_and_amended() {
    for test in stores("meeting_lifecycle").await {
        let store = &test.store;
        setup(store).await;
        let clock = clock();
        let secretary = actor(Role::CellSecretary, "CT.NK.AH.KV1");
        let author = author_of(&secretary);
        let cell = unit_access::<RecordMeetings>(
            &Db::from(store),
            &secretary,
            &u("CT.NK.AH.KV1"),
            d("2024-06-30"),
        )
        .await
        .unwrap();

        let plan = MeetingRecord::planned(MeetingKind::Regular, d("2024-06-05"));
        let id = create_meeting(
            &Db::from(store),
            &clock,
            &cell,
            &author,
            &submission(plan),
            false,
        )
        .await
        .unwrap();
        let access =
            meeting_access::<RecordMeetings>(&Db::from(store), &secretary, id, d("2024-06-30"))
                .await
                .unwrap();
        assert_eq!(access.meeting().record.status, MeetingStatus::Planned);

        // Approving a plan is refused; then the minutes are written.
        let refused = approve_meeting(
            &Db::from(store),
            &clock,
            &access,
            &author,
            access.meeting().row_version,
        )
        .await;
        assert!(
            matches!(refused, Err(CoreError::Refused(ref m)) if m.id == "meeting-err-approve-planned")
        );
        let minutes = held("2024-06-05", Attendance::AbsentExcused);
        save_meeting(
            &Db::from(store),
            &clock,
            &access,
            &author,
            &submission(minutes.clone()),
            access.meeting().row_version,
            None,
        )
        .await
        .unwrap();
        let access =
            meeting_access::<RecordMeetings>(&Db::from(store), &secretary, id, d("2024-06-30"))
                .await
                .unwrap();
        assert_eq!(access.meeting().record, minutes);

        // Saving from a stale form is a conflict.
        let stale = save_meeting(
            &Db::from(store),
            &clock,
            &access,
            &author,
            &submission(minutes.clone()),
            access.meeting().row_version - 1,
            None,
        )
        .await;
        assert!(matches!(stale, Err(CoreError::Store(StoreError::Conflict))));

        approve_meeting(
            &Db::from(store),
            &clock,
            &access,
            &author,
            access.meeting().row_version,
        )
        .await
        .unwrap();
        let access =
            meeting_access::<RecordMeetings>(&Db::from(store), &secretary, id, d("2024-06-30"))
                .await
                .unwrap();
        assert_eq!(access.meeting().record.status, MeetingStatus::Approved);

        // Approving twice is refused.
        let twice = approve_meeting(
            &Db::from(store),
            &clock,
            &access,
            &author,
            access.meeting().row_version,
        )
        .await;
        assert!(
            matches!(twice, Err(CoreError::Refused(ref m)) if m.id == "meeting-err-already-approved")
        );

        // Editing the approved record needs a reason; with one, the approved
        // version stays in the history.
        let mut corrected = minutes.clone();
        corrected.place = "Hội trường phường".to_owned();
        let without = save_meeting(
            &Db::from(store),
            &clock,
            &access,
            &author,
            &submission(corrected.clone()),
            access.meeting().row_version,
            Some("  "),
        )
        .await;
        assert_eq!(
            fields(without),
            [(
                "amendment_reason".to_owned(),
                "meeting-err-amendment-reason"
            )]
        );
        save_meeting(
            &Db::from(store),
            &clock,
            &access,
            &author,
            &submission(corrected.clone()),
            access.meeting().row_version,
            Some("Ghi nhầm địa điểm"),
        )
        .await
        .unwrap();
        let stored = store.meeting(id).await.unwrap().unwrap();
        assert_eq!(stored.record.place, "Hội trường phường");
        assert_eq!(stored.record.status, MeetingStatus::Approved);
        assert_eq!(stored.amendment, 1);
        let versions = store.meeting_versions(id).await.unwrap();
        assert_eq!(versions.len(), 1);
        assert_eq!(versions[0].record.place, "Nhà văn hóa khu vực 1");
        assert_eq!(versions[0].reason, "Ghi nhầm địa điểm");
        assert_eq!(versions[0].replaced_by, "cell_secretary");

        // Every step is in the audit log: create, update, approve, amend.
        let log = store.audit_log(&Default::default(), 100, 0).await.unwrap();
        let actions: Vec<&str> = log
            .iter()
            .filter(|e| e.entry.entity == "meeting" && e.entry.entity_key == id.to_string())
            .map(|e| e.entry.action.as_str())
            .collect();
        assert_eq!(actions.len(), 4, "{actions:?}");
        for action in ["create", "update", "approve", "amend"] {
            assert!(
                actions.contains(&action),
                "{action} missing from {actions:?}"
            );
        }
    }
}

#[tokio::test]
async fn bad_records_are_refused_and_nothing_is_written() {
    for test in stores("meeting_bad_input").await {
        let store = &test.store;
        setup(store).await;
        let clock = clock();
        let secretary = actor(Role::CellSecretary, "CT.NK.AH.KV1");
        let author = author_of(&secretary);
        let cell = unit_access::<RecordMeetings>(
            &Db::from(store),
            &secretary,
            &u("CT.NK.AH.KV1"),
            d("2024-06-30"),
        )
        .await
        .unwrap();

        let mut end_before_start = held("2024-05-08", Attendance::Present);
        end_before_start.ends_at = Some(t("19:00"));
        let mut stranger = held("2024-05-08", Attendance::Present);
        stranger.attendance.push(mark("DV09", Attendance::Present));
        let mut missing = held("2024-05-08", Attendance::Present);
        missing.attendance.retain(|a| a.member != m("DV03"));
        let mut absent_speaker = held("2024-05-08", Attendance::AbsentUnexcused);
        absent_speaker.contributions.push(Contribution {
            member: m("DV03"),
            gist: "?".to_owned(),
        });
        let mut too_many_votes = held("2024-05-08", Attendance::Present);
        too_many_votes.vote = Some(Vote {
            in_favour: 3,
            against: 1,
            abstaining: 0,
        });
        let mut approved = held("2024-05-08", Attendance::Present);
        approved.status = MeetingStatus::Approved;
        let before_the_cell = held("2017-05-08", Attendance::Present);
        let cases: Vec<(MeetingRecord, Vec<(&str, &str)>)> = vec![
            (
                end_before_start,
                vec![("ends_at", "meeting-err-end-before-start")],
            ),
            (
                stranger,
                vec![("attendance.DV09", "meeting-err-not-on-roster")],
            ),
            (
                missing,
                vec![("attendance.DV03", "meeting-err-attendance-missing")],
            ),
            (
                absent_speaker,
                vec![("contributions.4", "meeting-err-speaker-absent")],
            ),
            (
                too_many_votes,
                vec![("vote", "meeting-err-vote-over-present")],
            ),
            (approved, vec![("status", "meeting-err-approve-separately")]),
            (
                before_the_cell,
                vec![("held_on", "meeting-err-cell-not-on-date")],
            ),
        ];
        for (record, expected) in cases {
            let got = fields(
                create_meeting(
                    &Db::from(store),
                    &clock,
                    &cell,
                    &author,
                    &submission(record),
                    false,
                )
                .await,
            );
            let expected: Vec<(String, &str)> = expected
                .into_iter()
                .map(|(f, id)| (f.to_owned(), id))
                .collect();
            assert_eq!(got, expected);
        }
        assert_eq!(meeting_count(store).await, 0);

        // A dissolved cell keeps its history but takes no new meeting.
        reorganize(
            &Db::from(store),
            chibo_core::operator::Operator::command_line(),
            Reorganization::Dissolve {
                unit: u("CT.NK.AH.KV3"),
            },
            d("2024-01-01"),
            &Default::default(),
            &AuditContext::command_line(),
            &clock,
        )
        .await
        .unwrap();
        let staff = actor(Role::CommitteeStaff, "CT.NK.AH");
        let dissolved = unit_access::<RecordMeetings>(
            &Db::from(store),
            &staff,
            &u("CT.NK.AH.KV3"),
            d("2024-06-30"),
        )
        .await
        .unwrap();
        let mut plan = MeetingRecord::planned(MeetingKind::Regular, d("2024-03-01"));
        plan.place = "?".to_owned();
        let got = fields(
            create_meeting(
                &Db::from(store),
                &clock,
                &dissolved,
                &author_of(&staff),
                &submission(plan),
                false,
            )
            .await,
        );
        assert_eq!(
            got,
            [("planned_on".to_owned(), "meeting-err-cell-not-on-date")]
        );
        // A committee is not a cell.
        let committee = unit_access::<RecordMeetings>(
            &Db::from(store),
            &staff,
            &u("CT.NK.AH"),
            d("2024-06-30"),
        )
        .await
        .unwrap();
        let plan = MeetingRecord::planned(MeetingKind::Regular, d("2024-03-01"));
        let got = fields(
            create_meeting(
                &Db::from(store),
                &clock,
                &committee,
                &author_of(&staff),
                &submission(plan),
                false,
            )
            .await,
        );
        assert_eq!(got, [("unit".to_owned(), "meeting-err-not-a-cell")]);
    }
}

#[tokio::test]
async fn grants_decide_who_writes_a_cells_minutes() {
    for test in stores("meeting_grants").await {
        let store = &test.store;
        setup(store).await;
        let clock = clock();
        let today = d("2024-06-30");
        let secretary = actor(Role::CellSecretary, "CT.NK.AH.KV1");
        let cell =
            unit_access::<RecordMeetings>(&Db::from(store), &secretary, &u("CT.NK.AH.KV1"), today)
                .await
                .unwrap();
        let id = create_meeting(
            &Db::from(store),
            &clock,
            &cell,
            &author_of(&secretary),
            &submission(held("2024-06-05", Attendance::Present)),
            false,
        )
        .await
        .unwrap();
        // The secretary of the neighbouring cell, an evaluator, a viewer and
        // a researcher cannot write it; staff of the ward can.
        for (role, unit) in [
            (Role::CellSecretary, "CT.NK.AH.KV2"),
            (Role::Evaluator, "CT.NK"),
            (Role::Viewer, "CT.NK"),
            (Role::Researcher, "CT.NK"),
        ] {
            let other = actor(role, unit);
            assert!(
                matches!(
                    meeting_access::<RecordMeetings>(&Db::from(store), &other, id, today).await,
                    Err(CoreError::Denied(_))
                ),
                "{role:?} on {unit}"
            );
            assert!(matches!(
                unit_access::<RecordMeetings>(&Db::from(store), &other, &u("CT.NK.AH.KV1"), today)
                    .await,
                Err(CoreError::Denied(_))
            ));
        }
        let staff = actor(Role::CommitteeStaff, "CT.NK.AH");
        assert!(
            meeting_access::<RecordMeetings>(&Db::from(store), &staff, id, today)
                .await
                .is_ok()
        );
        // A meeting that does not exist gets the same answer as one outside.
        assert!(matches!(
            meeting_access::<RecordMeetings>(&Db::from(store), &staff, id + 1000, today).await,
            Err(CoreError::Denied(_))
        ));
    }
}

#[tokio::test]
async fn tasks_carry_forward_and_facts_follow_the_record() {
    for test in stores("meeting_tasks").await {
        let store = &test.store;
        setup(store).await;
        let clock = clock();
        let secretary = actor(Role::CellSecretary, "CT.NK.AH.KV1");
        let author = author_of(&secretary);
        let kv1 = u("CT.NK.AH.KV1");
        let cell =
            unit_access::<RecordMeetings>(&Db::from(store), &secretary, &kv1, d("2024-06-30"))
                .await
                .unwrap();
        // DV03 misses three meetings in a row: excused, unexcused, unexcused.
        for (day, dv03) in [
            ("2024-03-06", Attendance::AbsentExcused),
            ("2024-04-03", Attendance::AbsentUnexcused),
        ] {
            create_meeting(
                &Db::from(store),
                &clock,
                &cell,
                &author,
                &submission(held(day, dv03)),
                false,
            )
            .await
            .unwrap();
        }
        let open = store
            .open_tasks_before(&kv1, d("2024-05-08"), None)
            .await
            .unwrap();
        assert_eq!(open.len(), 2, "one open task from each earlier meeting");
        let april_task = open
            .iter()
            .find(|t| t.meeting_on == d("2024-04-03"))
            .unwrap();

        // May closes April's task on time.
        let may = held("2024-05-08", Attendance::AbsentUnexcused);
        let carried = vec![TaskUpdate {
            task_id: april_task.id,
            status: TaskStatus::Done,
            closed_on: Some(d("2024-04-20")),
        }];
        let facts = facts_of(&Db::from(store), &cell, &may, &carried, None)
            .await
            .unwrap();
        assert_eq!(facts.expected, 3, "the exempt member is not expected");
        assert_eq!(facts.present, 2);
        assert_eq!(facts.unexcused_absences, 1);
        assert_eq!(facts.members_absent_three_in_a_row, 1);
        assert_eq!(facts.speakers, 2, "DV01 spoke twice but counts once");
        assert_eq!(facts.duration_minutes, Some(105));
        assert_eq!(facts.documents_sent_days_ahead, Some(2));
        // April's task was done on time; March's, due on 26 March and
        // still open, weighs on May's meeting too.
        assert_eq!(
            (facts.previous_tasks_due, facts.previous_tasks_done_on_time),
            (2, 1)
        );
        assert!(!facts.superior_attended);
        create_meeting(
            &Db::from(store),
            &clock,
            &cell,
            &author,
            &MeetingSubmission {
                record: may,
                carried,
            },
            false,
        )
        .await
        .unwrap();
        let open = store
            .open_tasks_before(&kv1, d("2024-06-30"), None)
            .await
            .unwrap();
        let from: Vec<NaiveDate> = open.iter().map(|t| t.meeting_on).collect();
        assert_eq!(from, [d("2024-03-06"), d("2024-05-08")]);

        // A task of another cell cannot be closed from this one.
        let other = actor(Role::CellSecretary, "CT.NK.AH.KV2");
        let kv2 = unit_access::<RecordMeetings>(
            &Db::from(store),
            &other,
            &u("CT.NK.AH.KV2"),
            d("2024-06-30"),
        )
        .await
        .unwrap();
        let mut kv2_meeting = MeetingRecord::planned(MeetingKind::Regular, d("2024-06-12"));
        kv2_meeting.place = "?".to_owned();
        let sneaky = MeetingSubmission {
            record: kv2_meeting,
            carried: vec![TaskUpdate {
                task_id: open[0].id,
                status: TaskStatus::Dropped,
                closed_on: Some(d("2024-06-12")),
            }],
        };
        let got = fields(
            create_meeting(
                &Db::from(store),
                &clock,
                &kv2,
                &author_of(&other),
                &sneaky,
                false,
            )
            .await,
        );
        assert_eq!(
            got,
            [(
                format!("carried.{}", open[0].id),
                "meeting-err-task-not-open"
            )]
        );
        let still = store
            .open_tasks_before(&kv1, d("2024-06-30"), None)
            .await
            .unwrap();
        assert_eq!(still.len(), 2);
    }
}

#[tokio::test]
async fn rubric_files_are_checked_and_a_new_version_never_changes_scores_given() {
    use chibo_core::evaluations::{ScoreSubmission, meeting_scores, score_meeting};
    use chibo_core::rubrics::{RubricImport, export_rubric, import_rubric};
    use chibo_domain::rubric::{ManualScore, Points, Rubric, Scoring};
    for test in stores("meeting_rubrics").await {
        let store = &test.store;
        setup(store).await;
        let clock = clock();
        let author = AuditContext::command_line();
        let shipped = export_rubric(&Db::from(store), "hd42-2025-ward-100", None)
            .await
            .unwrap();
        let v1: Rubric = serde_json::from_str(&shipped).unwrap();
        assert_eq!(v1.version, 1);

        // Importing the stored version again changes nothing; changing it
        // in place is refused.
        let (_, outcome) = import_rubric(&Db::from(store), &clock, &author, "v1.json", &shipped)
            .await
            .unwrap();
        assert_eq!(outcome, RubricImport::Unchanged);
        let mut edited = v1.clone();
        edited.name_vi = "Bộ tiêu chí sửa".to_owned();
        let body = serde_json::to_string(&edited).unwrap();
        let refused = import_rubric(&Db::from(store), &clock, &author, "v1.json", &body).await;
        assert!(
            matches!(refused, Err(CoreError::Refused(ref m)) if m.id == "rubric-err-version-exists")
        );

        // Items that do not add up to their group's total, and a file that
        // is not JSON, are named with their place.
        let mut unbalanced = v1.clone();
        unbalanced.version = 2;
        unbalanced.groups[3].items[0].max_points = Points::whole(12);
        let body = serde_json::to_string(&unbalanced).unwrap();
        let problems =
            match import_rubric(&Db::from(store), &clock, &author, "v2.json", &body).await {
                Err(CoreError::Invalid(problems)) => problems,
                other => panic!("expected problems, got {other:?}"),
            };
        let ids: Vec<&str> = problems.iter().map(|p| p.message.id).collect();
        assert!(ids.contains(&"rubric-group-sum"), "{ids:?}");
        match import_rubric(
            &Db::from(store),
            &clock,
            &author,
            "broken.json",
            "{\n  \"code\": ",
        )
        .await
        {
            Err(CoreError::Invalid(problems)) => {
                assert_eq!(problems[0].message.id, "rubric-err-json-eof");
                assert_eq!(problems[0].location.as_ref().unwrap().row, Some(2));
            }
            other => panic!("expected a JSON problem, got {other:?}"),
        }

        // A meeting of November 2025 is scored with version 1 ...
        let secretary = actor(Role::CellSecretary, "CT.NK.AH.KV1");
        let cell = unit_access::<RecordMeetings>(
            &Db::from(store),
            &secretary,
            &u("CT.NK.AH.KV1"),
            d("2024-06-30"),
        )
        .await
        .unwrap();
        let id = create_meeting(
            &Db::from(store),
            &clock,
            &cell,
            &author_of(&secretary),
            &submission(held("2025-11-05", Attendance::Present)),
            false,
        )
        .await
        .unwrap();
        let access =
            meeting_access::<RecordMeetings>(&Db::from(store), &secretary, id, d("2024-06-30"))
                .await
                .unwrap();
        let full: std::collections::BTreeMap<String, ManualScore> = v1
            .items()
            .filter_map(|(_, item)| match item.scoring {
                Scoring::Manual => Some((item.code.clone(), ManualScore::Points(item.max_points))),
                Scoring::PassFail => Some((item.code.clone(), ManualScore::Passed(true))),
                Scoring::Formula(_) => None,
            })
            .collect();
        let given = ScoreSubmission {
            manual: full.clone(),
            vote: None,
        };
        let card = score_meeting(
            &Db::from(store),
            &clock,
            &access,
            &author_of(&secretary),
            &given,
        )
        .await
        .unwrap();
        assert_eq!(
            (card.rubric_code.as_str(), card.rubric_version),
            ("hd42-2025-ward-100", 1)
        );

        // ... then version 2 moves 5 points from criticism to the agenda.
        let mut v2 = v1.clone();
        v2.version = 2;
        for group in &mut v2.groups {
            for item in &mut group.items {
                match item.code.as_str() {
                    "criticism" => item.max_points = Points::whole(5),
                    "agenda" => item.max_points = Points::whole(15),
                    _ => {}
                }
            }
        }
        let body = serde_json::to_string(&v2).unwrap();
        let (_, outcome) = import_rubric(&Db::from(store), &clock, &author, "v2.json", &body)
            .await
            .unwrap();
        assert_eq!(outcome, RubricImport::Added);
        let scores = meeting_scores(&Db::from(store), &access).await.unwrap();
        assert_eq!(
            scores.rubric.as_ref().map(|r| r.version),
            Some(2),
            "new scores use version 2"
        );
        assert_eq!(scores.evaluations.len(), 1);
        assert_eq!(scores.evaluations[0].card.rubric_version, 1);
        assert_eq!(
            scores.evaluations[0].card.total, card.total,
            "the score given stays as it was"
        );
    }
}

fn export_file(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    dir.join(name)
}

async fn import(
    store: &Store,
    path: &std::path::Path,
) -> Result<chibo_core::import::ImportReport, CoreError> {
    use chibo_core::import::meetings::{MeetingImportOptions, import_meetings};
    let table =
        chibo_core::tabular::read_table(path, ReadLimits::default()).map_err(CoreError::Invalid)?;
    let options = MeetingImportOptions {
        dry_run: false,
        audit: Some(AuditContext::command_line().entry(
            &clock(),
            "import",
            "meetings",
            "file",
            None,
            None::<&()>,
            None::<&()>,
        )),
    };
    import_meetings(
        Operator::command_line(),
        &Db::from(store),
        &clock(),
        &table,
        &options,
    )
    .await
}

#[tokio::test]
async fn meetings_go_out_to_a_file_and_come_back_the_same() {
    use chibo_core::export::{Format, export_meetings};
    let sources = stores("meeting_export_source").await;
    let targets = stores("meeting_export_target").await;
    for (source, target) in sources.iter().zip(&targets) {
        let (source, target) = (&source.store, &target.store);
        setup(source).await;
        setup(target).await;
        let secretary = actor(Role::CellSecretary, "CT.NK.AH.KV1");
        let cell = unit_access::<RecordMeetings>(
            &Db::from(source),
            &secretary,
            &u("CT.NK.AH.KV1"),
            d("2024-06-30"),
        )
        .await
        .unwrap();
        for (day, dv03) in [
            ("2024-04-03", Attendance::AbsentUnexcused),
            ("2024-05-08", Attendance::OnDuty),
        ] {
            let mut record = held(day, dv03);
            record.tasks.clear();
            record.superior_attendees = "Đ/c Trần Văn Hải, Đảng ủy phường".to_owned();
            create_meeting(
                &Db::from(source),
                &clock(),
                &cell,
                &author_of(&secretary),
                &submission(record),
                false,
            )
            .await
            .unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        for name in ["meetings.csv", "meetings.xlsx"] {
            let path = export_file(dir.path(), name);
            let format = Format::from_path(&path).unwrap();
            let rows = export_meetings(
                &Db::from(source),
                &path,
                format,
                d("2024-01-01"),
                d("2024-12-31"),
            )
            .await
            .unwrap();
            assert_eq!(rows, 8, "two meetings of four members");
        }
        let report = import(target, &export_file(dir.path(), "meetings.xlsx"))
            .await
            .unwrap();
        assert_eq!((report.created, report.unchanged), (2, 0));
        let kv1 = u("CT.NK.AH.KV1");
        let listed = |store: &Store| {
            let store = store.clone();
            let kv1 = kv1.clone();
            async move {
                let mut out = Vec::new();
                for entry in store
                    .meetings_of(&kv1, d("2024-01-01"), d("2024-12-31"))
                    .await
                    .unwrap()
                {
                    let mut record = store.meeting(entry.id).await.unwrap().unwrap().record;
                    record.tasks.clear();
                    record.planned_on = None;
                    record.attendance.sort_by(|a, b| a.member.cmp(&b.member));
                    record
                        .contributions
                        .sort_by(|a, b| (&a.member, &a.gist).cmp(&(&b.member, &b.gist)));
                    out.push((
                        record,
                        entry.expected,
                        entry.present,
                        entry.unexcused,
                        entry.speakers,
                    ));
                }
                out
            }
        };
        assert_eq!(listed(target).await, listed(source).await);
        // The imported meetings count in the indicators as saved ones do:
        // the rows kept are those a rebuild writes, and the same as the
        // source's, whose meetings came through the form.
        let rows = |store: &Store| {
            let store = store.clone();
            async move {
                let months: Vec<u32> = (0..=12).collect();
                let mut rows: Vec<_> = store
                    .indicator_rows_of_year(2024, &months)
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|r| !r.counters.is_zero())
                    .map(|r| (r.month, r.counters))
                    .collect();
                rows.sort_by_key(|(month, c)| (*month, format!("{c:?}")));
                rows
            }
        };
        let imported = rows(target).await;
        assert!(!imported.is_empty(), "an imported meeting counts");
        assert_eq!(imported, rows(source).await);
        chibo_core::indicators::rebuild_year(&Db::from(target), 2024)
            .await
            .unwrap();
        assert_eq!(rows(target).await, imported, "as a rebuild counts them");
        // The same file again changes nothing, from CSV as from XLSX.
        let again = import(target, &export_file(dir.path(), "meetings.csv"))
            .await
            .unwrap();
        assert_eq!((again.created, again.unchanged), (0, 2));
        assert_eq!(listed(target).await.len(), 2);
    }
}

#[tokio::test]
async fn a_bad_meeting_file_names_every_problem_and_writes_nothing() {
    for test in stores("meeting_import_bad").await {
        let store = &test.store;
        setup(store).await;
        let dir = tempfile::tempdir().unwrap();
        let path = export_file(dir.path(), "bad.csv");
        std::fs::write(
            &path,
            "cell_code,held_on,kind,starts_at,ends_at,place,member_code,mark,reason\n\
             CT.NK.AH.KV1,03/04/2024,thường kỳ,19:30,21:00,Nhà văn hóa,DV01,có mặt,\n\
             CT.NK.AH.KV1,03/04/2024,thường kỳ,,,Hội trường,DV02,có mặt,\n\
             CT.NK.AH.KV1,03/04/2024,thường kỳ,,,,DV03,vắng vui,\n\
             CT.NK.AH.KV1,03/04/2024,thường kỳ,,,,DV09,có mặt,\n\
             CT.NK.AH.KV2,08/05/2024,chuyên đề,20:00,19:00,,DV09,có mặt,\n\
             CT.NK.AH,08/05/2024,thường kỳ,19:30,21:00,,,,\n\
             CT.NK.AH.KV2,08/05/2017,thường kỳ,19:30,21:00,,DV09,có mặt,\n",
        )
        .unwrap();
        let problems = match import(store, &path).await {
            Err(CoreError::Invalid(problems)) => problems,
            other => panic!("expected problems, got {other:?}"),
        };
        let found: Vec<(Option<usize>, Option<String>, &str)> = problems
            .iter()
            .map(|p| {
                let at = p.location.as_ref().unwrap();
                (at.row, at.column.clone(), p.message.id)
            })
            .collect();
        // The first pass stops at values that do not read: the place that
        // differs between rows of one meeting, and the unknown mark.
        assert_eq!(
            found,
            [
                (
                    Some(3),
                    Some("place".to_owned()),
                    "meeting-import-err-differs"
                ),
                (Some(4), Some("mark".to_owned()), "meeting-import-err-mark"),
            ]
        );
        let fixed = std::fs::read_to_string(&path)
            .unwrap()
            .replace(",Hội trường,", ",,")
            .replace("vắng vui", "vắng không lý do");
        std::fs::write(&path, fixed).unwrap();
        let problems = match import(store, &path).await {
            Err(CoreError::Invalid(problems)) => problems,
            other => panic!("expected problems, got {other:?}"),
        };
        let mut found: Vec<(Option<usize>, Option<String>, &str)> = problems
            .iter()
            .map(|p| {
                let at = p.location.as_ref().unwrap();
                (at.row, at.column.clone(), p.message.id)
            })
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                (
                    Some(2),
                    Some("mark".to_owned()),
                    "meeting-err-attendance-missing"
                ),
                (
                    Some(5),
                    Some("mark".to_owned()),
                    "meeting-err-not-on-roster"
                ),
                (
                    Some(6),
                    Some("ends_at".to_owned()),
                    "meeting-err-end-before-start"
                ),
                (
                    Some(7),
                    Some("cell_code".to_owned()),
                    "meeting-err-not-a-cell"
                ),
                (
                    Some(8),
                    Some("held_on".to_owned()),
                    "meeting-err-cell-not-on-date"
                ),
            ],
            "DV04 (exempt) is unmarked in the first meeting, named at its first row: {problems:?}"
        );
        assert!(
            store
                .meetings_of(&u("CT.NK.AH.KV1"), d("2000-01-01"), d("2100-01-01"))
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn hidden_characters_in_a_meeting_file_are_named_at_their_column() {
    for test in stores("meeting_import_hidden").await {
        let store = &test.store;
        setup(store).await;
        let dir = tempfile::tempdir().unwrap();
        let path = export_file(dir.path(), "hidden.csv");
        std::fs::write(
            &path,
            "cell_code,held_on,kind,starts_at,ends_at,topic,agenda,member_code,mark\n\
             CT.NK.AH.KV1,03/04/2024,thường kỳ,19:30,21:00,Nghị quyết \u{202E}XIV,Báo cáo\u{200B} tháng,DV01,có mặt\n",
        )
        .unwrap();
        let problems = match import(store, &path).await {
            Err(CoreError::Invalid(problems)) => problems,
            other => panic!("expected problems, got {other:?}"),
        };
        let found: Vec<(Option<usize>, Option<String>, &str)> = problems
            .iter()
            .filter(|p| p.message.id.starts_with("err-text-"))
            .map(|p| {
                let at = p.location.as_ref().unwrap();
                (at.row, at.column.clone(), p.message.id)
            })
            .collect();
        assert_eq!(
            found,
            [
                (Some(2), Some("topic".to_owned()), "err-text-bidi"),
                (Some(2), Some("agenda".to_owned()), "err-text-invisible"),
            ],
            "{}: {problems:?}",
            test.label
        );
        assert!(
            store
                .meetings_of(&u("CT.NK.AH.KV1"), d("2000-01-01"), d("2100-01-01"))
                .await
                .unwrap()
                .is_empty()
        );
    }
}
