//! The lessons page of an experiment (`/experiments/{id}/lessons`): the
//! owner's staff add a lesson through the form, a bad one comes back with
//! its problems beside the fields and nothing written; the list groups
//! them by cell and step with links to the meetings; the draft of the
//! model's next version gathers the proposed changes; researchers read
//! the lessons without the authors' names and without the form.

use chibo_core::access::{EditUnits, RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::experiments::{create_experiment, experiment_access, start_experiment};
use chibo_core::meetings::{MeetingSubmission, create_meeting};
use chibo_core::{Db, FixedClock};
use chibo_domain::access::Role;
use chibo_domain::experiment::{ComparisonCell, Design, Outcome, Window};
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{AttendanceMark, MeetingRecord};
use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use chibo_testkit::store::GrantRecord;
use chrono::NaiveTime;

use crate::common::{Site, get, post_form, send, sites};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn u(code: &str) -> UnitCode {
    UnitCode::parse(code).unwrap()
}

fn admin() -> chibo_core::access::Actor {
    chibo_core::operator::Operator::command_line().act_as(
        0,
        "admin",
        vec![GrantRecord {
            id: 0,
            account_id: 0,
            role: Role::Administrator,
            unit: u("CT"),
            unit_name: String::new(),
        }],
    )
}

/// A held regular meeting of `cell` on `day`; its id.
async fn meeting(site: &Site, cell: &str, member: &str, day: NaiveDate) -> i64 {
    let db = Db::from(site.store());
    let mut record = MeetingRecord::planned(MeetingKind::Regular, day);
    record.status = MeetingStatus::Held;
    record.held_on = Some(day);
    let start = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
    record.starts_at = Some(start);
    record.ends_at = Some(start + chrono::Duration::minutes(95));
    record.place = "Hội trường".to_owned();
    record.agenda = vec!["Sinh hoạt thường kỳ".to_owned()];
    // Every member of the cell's roster is marked, as the form requires.
    let roster = site.store().roster(&u(cell), day).await.unwrap();
    record.attendance = roster
        .into_iter()
        .map(|entry| AttendanceMark {
            member: entry.code,
            mark: Attendance::Present,
            reason: String::new(),
        })
        .collect();
    assert!(
        record
            .attendance
            .iter()
            .any(|m| m.member == MemberCode::parse(member).unwrap()),
        "{member} is on the roster of {cell}"
    );
    let access = unit_access::<RecordMeetings>(&db, &admin(), &u(cell), d("2024-06-30"))
        .await
        .unwrap();
    create_meeting(
        &db,
        &FixedClock(d("2024-06-30")),
        &access,
        &AuditContext::command_line(),
        &MeetingSubmission {
            record,
            carried: Vec::new(),
        },
        false,
    )
    .await
    .unwrap()
}

/// A started experiment of `owner` piloting `pilot` (against
/// `comparison` when given), with one meeting of the pilot cell during
/// the intervention: the experiment's id and the meeting's.
pub async fn started_experiment(
    site: &Site,
    owner: &str,
    pilot: &str,
    member: &str,
    comparison: Option<&str>,
) -> (i64, i64) {
    let db = Db::from(site.store());
    let clock = FixedClock(d("2024-06-30"));
    let met = meeting(site, pilot, member, d("2024-06-10")).await;
    let design = Design {
        name: format!("Thí điểm mô hình tại {owner}"),
        owner: u(owner),
        model_version: "regular-2025@1".to_owned(),
        rubric_version: "hd12-2018@1".to_owned(),
        pilot: vec![u(pilot)],
        comparison: comparison
            .map(|cell| ComparisonCell {
                cell: u(cell),
                matched_to: u(pilot),
                reason: String::new(),
            })
            .into_iter()
            .collect(),
        baseline: Window {
            from: d("2024-01-01"),
            to: d("2024-05-31"),
        },
        intervention_from: d("2024-06-01"),
        intervention_meetings: 6,
        observers_per_meeting: 1,
        outcomes: vec![Outcome::Attendance, Outcome::Length],
        matching_seed: None,
        surveys: None,
    };
    let unit = unit_access::<EditUnits>(&db, &admin(), &u(owner), clock.0)
        .await
        .unwrap();
    let author = AuditContext::command_line();
    let id = create_experiment(&db, &clock, &unit, &author, &design, false)
        .await
        .unwrap();
    let edit = experiment_access::<EditUnits>(&db, &admin(), id, clock.0)
        .await
        .unwrap();
    start_experiment(&db, &clock, &edit, &author, d("2024-06-01"))
        .await
        .unwrap();
    (id, met)
}

#[tokio::test]
async fn staff_write_lessons_and_researchers_read_them_without_names() {
    for site in sites("web_experiment_lessons").await {
        let router = site.router();
        let (id, met) = started_experiment(
            &site,
            "CT.NK.AH",
            "CT.NK.AH.KV1",
            "DV000001",
            Some("CT.NK.AH.KV2"),
        )
        .await;
        let path = format!("/experiments/{id}/lessons");
        let (staff, csrf) = site.session("staff").await;

        let empty = send(&router, get(&path, Some(&staff))).await;
        assert_eq!(empty.status, 200, "{}", empty.body);
        assert!(empty.body.contains("id=\"lessons-none\""));
        assert!(empty.body.contains("id=\"lesson-form\""));
        assert!(
            empty.body.contains(&format!("value=\"{met}\"")),
            "meetings offered"
        );
        assert!(empty.body.contains("value=\"attendance.did-cr2\""));

        // Nothing written: the problems stand beside the fields, the text
        // typed stays.
        let bad = send(
            &router,
            post_form(
                &path,
                Some(&staff),
                &[
                    ("csrf", &csrf),
                    ("cell", "CT.NK.AH.KV2"),
                    ("step", "dance"),
                    ("worked", " "),
                    ("figure", "meeting_score.did-cr2"),
                ],
            ),
        )
        .await;
        assert_eq!(bad.status, 422, "{}", bad.body);
        for (field, text) in [
            ("worked", "Cần ghi ít nhất một trong ba ý"),
            ("cell", "không phải là chi bộ thực nghiệm"),
            ("step", "không có bước «dance»"),
            ("figures.0", "không có số liệu «meeting_score.did-cr2»"),
        ] {
            assert!(
                bad.body.contains(&format!("data-field=\"{field}\"")) && bad.body.contains(text),
                "{field}: {}",
                bad.body
            );
        }
        assert!(bad.body.contains("id=\"lessons-none\""), "nothing written");

        let meeting = met.to_string();
        let good = send(
            &router,
            post_form(
                &path,
                Some(&staff),
                &[
                    ("csrf", &csrf),
                    ("cell", "CT.NK.AH.KV1"),
                    ("step", "discussion"),
                    ("worked", "Nhiều đảng viên phát biểu"),
                    ("did_not_work", "Thời gian thảo luận còn ngắn"),
                    ("proposed_change", "Dành ít nhất 30 phút cho thảo luận"),
                    ("meeting", &meeting),
                    ("figure", "attendance.did-cr2"),
                    ("figure", "fidelity"),
                ],
            ),
        )
        .await;
        assert_eq!(good.status, 303, "{}", good.body);
        assert_eq!(good.location(), path);

        let page = send(&router, get(&path, Some(&staff))).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Nhiều đảng viên phát biểu"));
        assert!(page.body.contains(&format!("href=\"/meetings/{met}\"")));
        assert!(
            page.body.contains("CT.NK.AH.KV1 — Thảo luận"),
            "grouped by cell and step"
        );
        assert!(page.body.contains("class=\"lesson-author\">staff<"));
        // The draft of the next version names the step and the change.
        assert!(page.body.contains("regular-2025@2"));
        assert!(page.body.contains("data-step=\"discussion\""));
        assert_eq!(
            page.body
                .matches("Dành ít nhất 30 phút cho thảo luận")
                .count(),
            2,
            "in the lesson and in the draft"
        );

        let (researcher, researcher_csrf) = site.session("researcher").await;
        let read = send(&router, get(&path, Some(&researcher))).await;
        assert_eq!(read.status, 200);
        assert!(read.body.contains("Nhiều đảng viên phát biểu"));
        assert!(
            !read.body.contains("lesson-author"),
            "no names for researchers"
        );
        assert!(!read.body.contains("id=\"lesson-form\""));
        let denied = send(
            &router,
            post_form(
                &path,
                Some(&researcher),
                &[("csrf", &researcher_csrf), ("worked", "Ghi thử")],
            ),
        )
        .await;
        assert_eq!(denied.status, 404);
        let again = send(&router, get(&path, Some(&staff))).await;
        assert_eq!(again.body.matches("class=\"lesson\"").count(), 1);
    }
}
