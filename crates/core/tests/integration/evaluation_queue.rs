//! An evaluator's queue: the held meetings of the subtree that no evaluator
//! scored, newest first. A score takes a meeting out and into the
//! evaluator's own list; a planned meeting (it cannot be scored) and a
//! meeting outside the subtree never appear; and the queue lists exactly
//! the held, unscored meetings the evaluator may open, also for a cell that
//! joined the subtree after some of its meetings. SQLite and, when
//! configured, PostgreSQL.

use crate::meetings::{author_of, d, held, m, submission, u};
use crate::support;
use chibo_core::Db;
use chibo_core::access::{Actor, RecordMeetings, ScoreMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::evaluations::{ScoreSubmission, score_meeting};
use chibo_core::meetings::{create_meeting, meeting_access};
use chibo_core::operator::Operator;
use chibo_core::org_ops::{Reorganization, reorganize};
use chibo_core::read_models::{EvaluationQueue, evaluation_queue};
use chibo_core::rubrics::{rubric_in_force, rubrics};
use chibo_core::{CoreError, FixedClock};
use chibo_domain::access::Role;
use chibo_domain::meeting::{Attendance, MeetingKind};
use chibo_domain::meeting_record::{AttendanceMark, Contribution, MeetingRecord, Vote};
use chibo_domain::org::UnitChange;
use chibo_domain::rubric::{ManualScore, Scoring};
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{GrantRecord, Store};
use chibo_testkit::stores;

/// KV1 in Ninh Kiều throughout; KV2 starts in Bình Thủy and moves to An
/// Hòa on 01/04/2024; LT.KV1 stays in Bình Thủy.
const UNITS: &str = "code,name,kind,sector,parent_code,valid_from
CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018
CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.BT.LT,Đảng bộ phường Long Tuyền,grassroots_committee,commune,CT.BT,01/01/2018
CT.BT.LT.KV2,Chi bộ Khu vực 2,subordinate_cell,commune,CT.BT.LT,01/01/2018
CT.BT.LT.KV1,Chi bộ Long Tuyền 1,subordinate_cell,commune,CT.BT.LT,01/01/2018
";

const MEMBERS: &str =
    "code,full_name,gender,birth_year,status,cell_code,cell_from,role,exempt_from,exempt_reason
DV01,Nguyễn Thị Ngọc Anh,nữ,1976,chính thức,CT.NK.AH.KV1,01/03/2018,bí thư,,
DV02,Trần Văn Bình,nam,1959,chính thức,CT.NK.AH.KV1,01/03/2018,,,
DV03,Lê Minh Cường,nam,1990,chính thức,CT.NK.AH.KV1,01/03/2018,,,
DV04,Võ Văn Đức,nam,1940,chính thức,CT.NK.AH.KV1,01/03/2018,,01/01/2020,Tuổi cao
DV09,Phạm Thị Dung,nữ,1980,chính thức,CT.BT.LT.KV2,01/03/2018,bí thư,,
DV10,Đỗ Văn Hải,nam,1985,chính thức,CT.BT.LT.KV1,01/03/2018,bí thư,,
";

fn today() -> NaiveDate {
    d("2024-06-30")
}

fn clock() -> FixedClock {
    FixedClock(today())
}

/// A held meeting of a one-member cell on `day`.
fn held_by(day: &str, member: &str) -> MeetingRecord {
    let mut record = held(day, Attendance::Present);
    record.attendance = vec![AttendanceMark {
        member: m(member),
        mark: Attendance::Present,
        reason: String::new(),
    }];
    record.chair = Some(m(member));
    record.recorder = Some(m(member));
    record.contributions = vec![Contribution {
        member: m(member),
        gist: "Báo cáo kết quả tháng".to_owned(),
    }];
    record.vote = Some(Vote {
        in_favour: 1,
        against: 0,
        abstaining: 0,
    });
    for task in &mut record.tasks {
        task.owner = Some(m(member));
    }
    record
}

async fn record(store: &Store, cell: &str, record: MeetingRecord) -> i64 {
    let admin = support::actor(Role::Administrator, "CT");
    let db = Db::from(store);
    let access = unit_access::<RecordMeetings>(&db, &admin, &u(cell), today())
        .await
        .unwrap();
    create_meeting(
        &db,
        &clock(),
        &access,
        &author_of(&admin),
        &submission(record),
        false,
    )
    .await
    .unwrap()
}

/// The meetings by name: KV1's three held ones and its plan, KV2's before
/// and after its move, and Long Tuyền's.
struct Meetings {
    kv1_march: i64,
    kv1_april: i64,
    kv1_may: i64,
    kv1_plan: i64,
    kv2_before_move: i64,
    kv2_after_move: i64,
    outside: i64,
}

async fn setup(store: &Store) -> Meetings {
    support::load(store, UNITS, MEMBERS, today()).await;
    let kv1 = "CT.NK.AH.KV1";
    let kv2 = "CT.BT.LT.KV2";
    let meetings = Meetings {
        kv1_march: record(store, kv1, held("2024-03-05", Attendance::Present)).await,
        kv1_april: record(store, kv1, held("2024-04-05", Attendance::Present)).await,
        kv1_may: record(store, kv1, held("2024-05-06", Attendance::Present)).await,
        kv1_plan: record(
            store,
            kv1,
            MeetingRecord::planned(MeetingKind::Regular, d("2024-06-05")),
        )
        .await,
        kv2_before_move: record(store, kv2, held_by("2024-03-15", "DV09")).await,
        kv2_after_move: 0,
        outside: record(store, "CT.BT.LT.KV1", held_by("2024-05-10", "DV10")).await,
    };
    reorganize(
        &Db::from(store),
        Operator::command_line(),
        Reorganization::Change {
            unit: u(kv2),
            change: UnitChange {
                parent: Some(Some(u("CT.NK.AH"))),
                ..UnitChange::default()
            },
        },
        d("2024-04-01"),
        &Default::default(),
        &AuditContext::command_line(),
        &clock(),
    )
    .await
    .unwrap();
    Meetings {
        kv2_after_move: record(store, kv2, held_by("2024-05-15", "DV09")).await,
        ..meetings
    }
}

/// An evaluator with a stored account, so that their scores are theirs.
async fn evaluator(store: &Store, username: &str, unit: &str) -> Actor {
    let db = Db::from(store);
    chibo_core::accounts::create_account(
        &db,
        &clock(),
        &Operator::command_line().admin(),
        &AuditContext::command_line(),
        username,
        "Người chấm",
        &[(Role::Evaluator, u(unit))],
    )
    .await
    .unwrap();
    let account = store.account_by_username(username).await.unwrap().unwrap();
    Operator::command_line().act_as(
        account.id,
        username,
        vec![GrantRecord {
            id: 1,
            account_id: account.id,
            role: Role::Evaluator,
            unit: UnitCode::parse(unit).unwrap(),
            unit_name: String::new(),
        }],
    )
}

async fn queue_of(store: &Store, actor: &Actor, unit: &str) -> EvaluationQueue {
    let db = Db::from(store);
    let access = unit_access::<ScoreMeetings>(&db, actor, &u(unit), today())
        .await
        .unwrap();
    evaluation_queue(&db, actor, &access, 1, today())
        .await
        .unwrap()
}

fn ids(queue: &EvaluationQueue) -> Vec<i64> {
    queue.waiting.iter().map(|m| m.id).collect()
}

/// Scores a meeting with every manual item at its best, as `actor`.
async fn score(store: &Store, actor: &Actor, id: i64) {
    let db = Db::from(store);
    let access = meeting_access::<ScoreMeetings>(&db, actor, id, today())
        .await
        .unwrap();
    let day = access.meeting().record.date().unwrap();
    let all = rubrics(&db).await.unwrap();
    let rubric = rubric_in_force(&all, day).expect("a rubric in force in 2024");
    let manual = rubric
        .items()
        .filter_map(|(_, item)| match item.scoring {
            Scoring::Manual => Some((item.code.clone(), ManualScore::Points(item.max_points))),
            Scoring::PassFail => Some((item.code.clone(), ManualScore::Passed(true))),
            Scoring::Formula(_) => None,
        })
        .collect();
    let author = AuditContext {
        account_id: Some(actor.account_id()),
        actor: actor.username().to_owned(),
        address: None,
    };
    score_meeting(
        &db,
        &clock(),
        &access,
        &author,
        &ScoreSubmission { manual, vote: None },
    )
    .await
    .unwrap();
}

/// Whether `actor` may open meeting `id` to score it.
async fn opens(store: &Store, actor: &Actor, id: i64) -> bool {
    match meeting_access::<ScoreMeetings>(&Db::from(store), actor, id, today()).await {
        Ok(_) => true,
        Err(CoreError::Denied(_)) => false,
        Err(e) => panic!("{e:?}"),
    }
}

#[tokio::test]
async fn the_queue_holds_the_held_unscored_meetings_the_evaluator_may_open() {
    for test in stores("evaluation_queue").await {
        let store = &test.store;
        let meetings = setup(store).await;
        let ninh_kieu = evaluator(store, "nk-evaluator", "CT.NK").await;

        // Newest first; the plan cannot be scored, Long Tuyền is outside,
        // and KV2's March meeting was held before it joined Ninh Kiều.
        let queue = queue_of(store, &ninh_kieu, "CT.NK").await;
        assert_eq!(
            ids(&queue),
            vec![
                meetings.kv2_after_move,
                meetings.kv1_may,
                meetings.kv1_april,
                meetings.kv1_march
            ]
        );
        assert_eq!(queue.waiting_count, 4);
        assert_eq!((queue.page, queue.pages), (1, 1));
        assert!(queue.mine.is_empty());
        assert_eq!((queue.scored_this_month, queue.mine_this_month), (0, 0));
        let may = &queue.waiting[1];
        assert_eq!(may.cell, u("CT.NK.AH.KV1"));
        assert_eq!(may.cell_name, "Chi bộ Khu vực 1");
        assert_eq!(may.held_on, d("2024-05-06"));
        assert_eq!(may.kind, MeetingKind::Regular);
        assert_eq!(may.self_total_tenths, None, "no self-assessment yet");
        // The cell's name is today's, also for the cell that moved.
        assert_eq!(queue.waiting[0].cell_name, "Chi bộ Khu vực 2");

        // Exactly the held, unscored meetings the evaluator may open.
        let all = [
            meetings.kv1_march,
            meetings.kv1_april,
            meetings.kv1_may,
            meetings.kv1_plan,
            meetings.kv2_before_move,
            meetings.kv2_after_move,
            meetings.outside,
        ];
        for id in all {
            let openable = opens(store, &ninh_kieu, id).await && id != meetings.kv1_plan;
            assert_eq!(ids(&queue).contains(&id), openable, "meeting {id}");
        }
        assert!(!opens(store, &ninh_kieu, meetings.kv2_before_move).await);

        // A score takes the meeting out of the queue and into the
        // evaluator's own list, counted in this month.
        score(store, &ninh_kieu, meetings.kv1_april).await;
        let queue = queue_of(store, &ninh_kieu, "CT.NK").await;
        assert_eq!(
            ids(&queue),
            vec![
                meetings.kv2_after_move,
                meetings.kv1_may,
                meetings.kv1_march
            ]
        );
        assert_eq!(queue.waiting_count, 3);
        let mine: Vec<i64> = queue.mine.iter().map(|m| m.id).collect();
        assert_eq!(mine, vec![meetings.kv1_april]);
        assert!(queue.mine[0].my_total_tenths.is_some_and(|t| t > 0));
        assert!(queue.mine[0].my_rating.is_some());
        assert_eq!((queue.scored_this_month, queue.mine_this_month), (1, 1));

        // Another evaluator's score takes it out of theirs too: the meeting
        // has its superior score. It is not in their own list.
        let colleague = evaluator(store, "nk-colleague", "CT.NK").await;
        score(store, &colleague, meetings.kv1_may).await;
        let queue = queue_of(store, &ninh_kieu, "CT.NK").await;
        assert_eq!(
            ids(&queue),
            vec![meetings.kv2_after_move, meetings.kv1_march]
        );
        assert_eq!(queue.mine.len(), 1);
        assert_eq!((queue.scored_this_month, queue.mine_this_month), (2, 1));

        // Two grants, one inside the other, count each meeting once.
        let grant = |id: i64, unit: &str| GrantRecord {
            id,
            account_id: ninh_kieu.account_id(),
            role: Role::Evaluator,
            unit: u(unit),
            unit_name: String::new(),
        };
        let twice = Operator::command_line().act_as(
            ninh_kieu.account_id(),
            "nk-evaluator",
            vec![grant(1, "CT.NK"), grant(2, "CT.NK.AH")],
        );
        let both = queue_of(store, &twice, "CT.NK").await;
        assert_eq!(ids(&both), ids(&queue));
        assert_eq!(both.waiting_count, 2);
        assert_eq!((both.scored_this_month, both.mine.len()), (2, 1));

        // A page of a ward below the grant keeps to the ward's subtree.
        let ward = queue_of(store, &ninh_kieu, "CT.NK.AH").await;
        assert_eq!(ids(&ward), ids(&queue));
        let cell = queue_of(store, &ninh_kieu, "CT.NK.AH.KV1").await;
        assert_eq!(ids(&cell), vec![meetings.kv1_march]);

        // Bình Thủy's evaluator sees Long Tuyền's meeting only: KV2 and its
        // March meeting belong to Ninh Kiều now.
        let binh_thuy = evaluator(store, "bt-evaluator", "CT.BT").await;
        let theirs = queue_of(store, &binh_thuy, "CT.BT").await;
        assert_eq!(ids(&theirs), vec![meetings.outside]);
        assert!(theirs.mine.is_empty());
        assert_eq!(theirs.scored_this_month, 0);

        // A grant on the cell itself covers every day of it.
        let own = evaluator(store, "kv2-evaluator", "CT.BT.LT.KV2").await;
        let cell = queue_of(store, &own, "CT.BT.LT.KV2").await;
        assert_eq!(
            ids(&cell),
            vec![meetings.kv2_after_move, meetings.kv2_before_move]
        );
        assert!(opens(store, &own, meetings.kv2_before_move).await);
    }
}
