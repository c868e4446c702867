//! Researchers hold a role that permits aggregates only: no page or API
//! answer they can reach carries free text that can name people (task
//! titles, what members said, reasons for absence, the resolution), only
//! counts.

use crate::common;
use chibo_core::Db;

use chibo_core::FixedClock;
use chibo_core::access::{RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::meetings::{MeetingSubmission, create_meeting};
use chibo_domain::access::Role;
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{
    AttendanceMark, Contribution, MeetingRecord, Task, TaskStatus, Vote,
};
use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use chibo_testkit::store::GrantRecord;
use chrono::NaiveTime;
use common::{Site, api, get, send, sites};

/// Free texts of the meeting, each naming someone.
const TASK_TITLE: &str = "Thăm hỏi gia đình đồng chí Phan Văn Út";
const GIST: &str = "Đề nghị khen thưởng đồng chí Trần Văn Bình";
const REASON: &str = "Chăm sóc mẹ là bà Đặng Thị Sáu nằm viện";
const RESOLUTION: &str = "Giao đồng chí Nguyễn Thị Ngọc Anh theo dõi";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn m(code: &str) -> MemberCode {
    MemberCode::parse(code).unwrap()
}

/// A held meeting of KV1 on 10/05/2024 with an overdue open task.
async fn record_meeting(site: &Site) -> i64 {
    let mut record = MeetingRecord::planned(MeetingKind::Regular, d("2024-05-10"));
    record.status = MeetingStatus::Held;
    record.held_on = Some(d("2024-05-10"));
    record.starts_at = NaiveTime::from_hms_opt(19, 30, 0);
    record.ends_at = NaiveTime::from_hms_opt(21, 15, 0);
    record.place = "Nhà văn hóa khu vực 1".to_owned();
    record.chair = Some(m("DV000001"));
    record.recorder = Some(m("DV000001"));
    record.attendance = vec![
        AttendanceMark {
            member: m("DV000001"),
            mark: Attendance::Present,
            reason: String::new(),
        },
        AttendanceMark {
            member: m("DV000002"),
            mark: Attendance::AbsentExcused,
            reason: REASON.to_owned(),
        },
    ];
    record.contributions = vec![Contribution {
        member: m("DV000001"),
        gist: GIST.to_owned(),
    }];
    record.resolution = RESOLUTION.to_owned();
    record.vote = Some(Vote {
        in_favour: 1,
        against: 0,
        abstaining: 0,
    });
    record.tasks = vec![Task {
        title: TASK_TITLE.to_owned(),
        owner: Some(m("DV000001")),
        deadline: Some(d("2024-06-01")),
        status: TaskStatus::Open,
        closed_on: None,
    }];
    let admin = chibo_core::operator::Operator::command_line().act_as(
        0,
        "admin",
        vec![GrantRecord {
            id: 0,
            account_id: 0,
            role: Role::Administrator,
            unit: UnitCode::parse("CT").unwrap(),
            unit_name: String::new(),
        }],
    );
    let cell = UnitCode::parse("CT.NK.AH.KV1").unwrap();
    let access =
        unit_access::<RecordMeetings>(&Db::from(site.store()), &admin, &cell, d("2024-06-30"))
            .await
            .unwrap();
    let submission = MeetingSubmission {
        record,
        carried: Vec::new(),
    };
    create_meeting(
        &Db::from(site.store()),
        &FixedClock(d("2024-06-30")),
        &access,
        &AuditContext::command_line(),
        &submission,
        false,
    )
    .await
    .unwrap()
}

fn free_texts_in(body: &str) -> Vec<&'static str> {
    [TASK_TITLE, GIST, REASON, RESOLUTION]
        .into_iter()
        .filter(|text| body.contains(text))
        .collect()
}

#[tokio::test]
async fn researchers_get_counts_never_free_text_naming_people() {
    for site in sites("web_researchers").await {
        let id = record_meeting(&site).await;
        let router = site.router();
        let (cookie, _) = site.session("researcher").await;

        // The meeting list: the overdue task counted, not named.
        let list = send(&router, get("/units/CT.NK.AH.KV1/meetings", Some(&cookie))).await;
        assert_eq!(list.status, 200);
        assert_eq!(
            free_texts_in(&list.body),
            Vec::<&str>::new(),
            "{}",
            list.body
        );
        assert!(
            list.body.contains("Số nhiệm vụ quá hạn: 1"),
            "{}",
            list.body
        );
        // The meeting's date is not a link to a page they may not open.
        let meeting_link = format!(r#"href="/meetings/{id}""#);
        assert!(!list.body.contains(&meeting_link), "{}", list.body);
        // Someone who may read names sees the title and opens the meeting.
        let (viewer, _) = site.session("viewer").await;
        let named = send(&router, get("/units/CT.NK.AH.KV1/meetings", Some(&viewer))).await;
        assert_eq!(free_texts_in(&named.body), [TASK_TITLE]);
        assert!(named.body.contains(&meeting_link), "{}", named.body);
        assert!(!named.body.contains("/evaluate"), "a viewer does not score");
        // An evaluator finds the score sheet from the list and the minutes.
        let (evaluator, _) = site.session("evaluator").await;
        let scoring = send(
            &router,
            get("/units/CT.NK.AH.KV1/meetings", Some(&evaluator)),
        )
        .await;
        let sheet_link = format!(r#"href="/meetings/{id}/evaluate""#);
        assert!(scoring.body.contains(&sheet_link), "{}", scoring.body);
        let minutes = send(&router, get(&format!("/meetings/{id}"), Some(&evaluator))).await;
        assert!(minutes.body.contains(&sheet_link), "{}", minutes.body);

        // Every other page a researcher reaches.
        let pages = [
            "/tree".to_owned(),
            "/units/CT.NK.AH.KV1".to_owned(),
            "/units/CT.NK.AH.KV1?as_of=10/05/2024".to_owned(),
            "/units/CT.NK.AH".to_owned(),
            "/units/CT.NK.AH.KV1/meetings?year=2024".to_owned(),
            "/dashboard".to_owned(),
            "/units/CT.NK/dashboard".to_owned(),
            "/units/CT.NK.AH.KV1/dashboard".to_owned(),
            "/units/CT.NK/dashboard/sectors".to_owned(),
            "/units/CT.NK/dashboard/ranking".to_owned(),
            "/units/CT.NK/dashboard/heatmap".to_owned(),
            "/units/CT.NK/dashboard/norms".to_owned(),
            "/units/CT.NK/dashboard/ranking.csv".to_owned(),
        ];
        for path in &pages {
            let answer = send(&router, get(path, Some(&cookie))).await;
            assert!(
                matches!(answer.status, 200 | 303),
                "{path}: {}",
                answer.status
            );
            assert_eq!(free_texts_in(&answer.body), Vec::<&str>::new(), "{path}");
        }
        // The meeting itself, its minutes and its score sheet stay closed.
        for path in [
            format!("/meetings/{id}"),
            format!("/meetings/{id}/minutes"),
            format!("/meetings/{id}/evaluate"),
        ] {
            let answer = send(&router, get(&path, Some(&cookie))).await;
            assert_eq!(answer.status, 404, "{path}");
            assert_eq!(free_texts_in(&answer.body), Vec::<&str>::new(), "{path}");
        }
        // The API: aggregates open, names closed.
        let token = site.api_token("researcher").await;
        for (path, status) in [
            ("/api/v1/units", 200),
            ("/api/v1/units/CT.NK.AH.KV1", 200),
            ("/api/v1/units/CT.NK.AH.KV1/members", 404),
            ("/api/v1/members/DV000002", 404),
        ] {
            let answer = send(&router, api("GET", path, &token, None)).await;
            assert_eq!(answer.status, status, "{path}");
            assert_eq!(free_texts_in(&answer.body), Vec::<&str>::new(), "{path}");
        }
    }
}
