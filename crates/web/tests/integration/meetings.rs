//! The meeting screens over HTTP: a secretary records, approves and amends
//! a meeting; bad values come back beside their fields with nothing
//! written; the printable minutes name who came and who did not.

use crate::common;

use chibo_domain::{NaiveDate, UnitCode};
use common::{
    audit_count, get, held_meeting_fields, meeting_id, post_fields, post_form, send, sites,
};

const CELL: &str = "CT.NK.AH.KV1";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn stored_meetings(site: &common::Site) -> usize {
    site.store()
        .meetings_of(
            &UnitCode::parse(CELL).unwrap(),
            d("2000-01-01"),
            d("2100-01-01"),
        )
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_secretary_records_approves_and_amends_a_meeting() {
    for site in sites("web_meetings_flow").await {
        let router = site.router();
        let (cookie, csrf) = site.session("secretary").await;
        let cookie = Some(cookie.as_str());

        let form = send(&router, get(&format!("/units/{CELL}/meetings/new"), cookie)).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(form.body.contains("Nguyễn Thị Ngọc Anh") && form.body.contains("Trần Văn Bình"));
        assert!(form.body.contains(
            r#"<select id="att-DV000001" name="att.DV000001" class="att-mark"><option value="present" selected>"#
        ));

        // An end before the start: the form comes back with the message and
        // what was typed; nothing is written.
        let mut fields = held_meeting_fields(&csrf, "05/06/2024", &["DV000001", "DV000002"]);
        for (k, v) in fields.iter_mut() {
            if k == "ends_at" {
                *v = "19:00".to_owned();
            }
        }
        let audit_before = audit_count(&site).await;
        let answer = send(
            &router,
            post_fields(&format!("/units/{CELL}/meetings/new"), cookie, &fields),
        )
        .await;
        assert_eq!(answer.status, 422);
        assert!(
            answer.body.contains("phải sau giờ bắt đầu"),
            "{}",
            answer.body
        );
        assert!(answer.body.contains(r#"value="Nhà văn hóa khu vực""#));
        assert_eq!(stored_meetings(&site).await, 0);
        assert_eq!(audit_count(&site).await, audit_before);

        // A good record with a speaker and a task.
        let mut fields = held_meeting_fields(&csrf, "05/06/2024", &["DV000001", "DV000002"]);
        fields.extend(
            [
                ("speaker.1", "DV000002"),
                ("gist.1", "Đề nghị tăng cường vận động hội viên"),
                ("task.1.title", "Thu đảng phí quý II"),
                ("task.1.owner", "DV000002"),
                ("task.1.deadline", "30/06/2024"),
                ("task.1.status", "open"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned())),
        );
        let answer = send(
            &router,
            post_fields(&format!("/units/{CELL}/meetings/new"), cookie, &fields),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let id = meeting_id(answer.location());
        let page = send(&router, get(&format!("/meetings/{id}"), cookie)).await;
        assert_eq!(page.status, 200);
        assert!(
            page.body.contains("2/2 (100,0%)"),
            "attendance shown: {}",
            page.body
        );
        assert!(page.body.contains("Thu đảng phí quý II"));
        let row_version = common::hidden(&page.body, "row_version");

        // Approve once; the second time is refused.
        let approve = |row_version: &str| {
            post_form(
                &format!("/meetings/{id}/approve"),
                cookie,
                &[
                    ("csrf", &csrf),
                    ("row_version", row_version),
                    ("confirm", "yes"),
                ],
            )
        };
        // Approving locks the minutes: without the tick it is not done.
        let unconfirmed = send(
            &router,
            post_form(
                &format!("/meetings/{id}/approve"),
                cookie,
                &[("csrf", &csrf), ("row_version", &row_version)],
            ),
        )
        .await;
        assert_eq!(unconfirmed.status, 422);
        assert!(
            unconfirmed
                .body
                .contains("hãy đánh dấu ô xác nhận đã đọc lại biên bản"),
            "{}",
            unconfirmed.body
        );
        assert!(
            !send(&router, get(&format!("/meetings/{id}"), cookie))
                .await
                .body
                .contains("amendment_reason")
        );
        let answer = send(&router, approve(&row_version)).await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let page = send(&router, get(&format!("/meetings/{id}"), cookie)).await;
        let row_version = common::hidden(&page.body, "row_version");
        assert!(page.body.contains("amendment_reason"));
        let answer = send(&router, approve(&row_version)).await;
        assert_eq!(answer.status, 422);
        assert!(answer.body.contains("đã được thông qua rồi"));

        // A change after approval needs a reason.
        let mut amended = fields.clone();
        for (k, v) in amended.iter_mut() {
            if k == "place" {
                *v = "Hội trường phường An Hòa".to_owned();
            }
        }
        amended.push(("row_version".to_owned(), row_version.clone()));
        let answer = send(
            &router,
            post_fields(&format!("/meetings/{id}"), cookie, &amended),
        )
        .await;
        assert_eq!(answer.status, 422);
        assert!(answer.body.contains("phải ghi lý do đính chính"));
        amended.push((
            "amendment_reason".to_owned(),
            "Ghi nhầm địa điểm".to_owned(),
        ));
        let answer = send(
            &router,
            post_fields(&format!("/meetings/{id}"), cookie, &amended),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let stored = site.store().meeting(id).await.unwrap().unwrap();
        assert_eq!(stored.record.place, "Hội trường phường An Hòa");
        assert_eq!(stored.amendment, 1);
        assert_eq!(audit_count(&site).await, audit_before + 3);

        // The printable minutes, for a viewer of the ward.
        let (viewer, _) = site.session("viewer").await;
        let minutes = send(
            &router,
            get(&format!("/meetings/{id}/minutes"), Some(&viewer)),
        )
        .await;
        assert_eq!(minutes.status, 200);
        for text in [
            "BIÊN BẢN SINH HOẠT CHI BỘ",
            "Chi bộ Khu vực 1".to_uppercase().as_str(),
            "05/06/2024",
            "Nguyễn Thị Ngọc Anh",
            "Đề nghị tăng cường vận động hội viên",
            "Hội trường phường An Hòa",
        ] {
            assert!(
                minutes.body.contains(text),
                "{text} missing from the minutes"
            );
        }
        assert!(
            !minutes.body.contains("DỰ THẢO"),
            "approved minutes are not a draft"
        );
        // The viewer reading /meetings/{id} gets the minutes, not the form.
        let read = send(&router, get(&format!("/meetings/{id}"), Some(&viewer))).await;
        assert_eq!(read.status, 200);
        assert!(!read.body.contains(r#"name="row_version""#));

        // The list shows it.
        let list = send(
            &router,
            get(&format!("/units/{CELL}/meetings?year=2024"), cookie),
        )
        .await;
        assert_eq!(list.status, 200);
        assert!(list.body.contains(&format!("/meetings/{id}")) && list.body.contains("05/06/2024"));
    }
}

#[tokio::test]
async fn bad_values_are_named_and_nothing_is_written() {
    for site in sites("web_meetings_bad").await {
        let router = site.router();
        let (cookie, csrf) = site.session("secretary").await;
        let cookie = Some(cookie.as_str());
        let path = format!("/units/{CELL}/meetings/new");
        let cases: Vec<(&str, &str, &str)> = vec![
            ("starts_at", "25:99", "không phải là giờ hợp lệ"),
            ("held_on", "31/02/2024", "không phải là ngày hợp lệ"),
            ("vote_for", "nhiều", "không phải là số"),
            (
                "att.DV000002",
                "",
                "Chưa ghi tình hình dự họp của đảng viên DV000002",
            ),
            ("vote_for", "5", "vượt số đảng viên có mặt"),
        ];
        for (field, value, expected) in cases {
            let mut fields = held_meeting_fields(&csrf, "05/06/2024", &["DV000001", "DV000002"]);
            for (k, v) in fields.iter_mut() {
                if k == field {
                    *v = value.to_owned();
                }
            }
            let answer = send(&router, post_fields(&path, cookie, &fields)).await;
            assert_eq!(answer.status, 422, "{field}={value}");
            assert!(
                answer.body.contains(expected),
                "{field}={value}: {expected} missing"
            );
        }
        // Someone from another cell cannot be marked.
        let mut fields = held_meeting_fields(&csrf, "05/06/2024", &["DV000001", "DV000002"]);
        fields.push(("att.DV000003".to_owned(), "present".to_owned()));
        let answer = send(&router, post_fields(&path, cookie, &fields)).await;
        assert_eq!(
            answer.status, 303,
            "a mark for a member not on the form is ignored"
        );
        let id = meeting_id(answer.location());
        let stored = site.store().meeting(id).await.unwrap().unwrap();
        assert_eq!(stored.record.attendance.len(), 2);
        // A forged token changes nothing.
        let before = stored_meetings(&site).await;
        let mut fields = held_meeting_fields("forged", "06/06/2024", &["DV000001", "DV000002"]);
        fields[0].1 = "forged".to_owned();
        let answer = send(&router, post_fields(&path, cookie, &fields)).await;
        assert_eq!(answer.status, 403);
        assert_eq!(stored_meetings(&site).await, before);
    }
}

#[tokio::test]
async fn forged_row_indexes_are_refused_at_once_and_the_server_stays_up() {
    for site in sites("web_meetings_forged_rows").await {
        let router = site.router();
        let (cookie, csrf) = site.session("secretary").await;
        let cookie = Some(cookie.as_str());
        let path = format!("/units/{CELL}/meetings/new");
        let before = stored_meetings(&site).await;
        for forged in [
            "task.1000000000000000.title",
            "speaker.18446744073709551615",
            "task.201.title",
        ] {
            let mut fields = held_meeting_fields(&csrf, "05/06/2024", &["DV000001", "DV000002"]);
            fields.push((forged.to_owned(), "Nhiệm vụ".to_owned()));
            let answer = send(&router, post_fields(&path, cookie, &fields)).await;
            assert_eq!(answer.status, 422, "{forged}");
            assert!(
                answer.body.contains("Biên bản chỉ ghi được tối đa"),
                "{forged}: the limit is named"
            );
            // The form shown again offers a bounded number of rows.
            assert!(answer.body.matches("name=\"task.").count() < 5 * 210);
        }
        assert_eq!(stored_meetings(&site).await, before);
        let health = send(&router, get("/health", None)).await;
        assert_eq!(health.status, 200);
    }
}

/// The 12-HD/BTCTW (2018) criteria a person grades, all met.
const HD12_MANUAL: [&str; 12] = [
    "secretary_prepared",
    "committee_met",
    "content_complete",
    "draft_resolution",
    "on_time",
    "in_order",
    "content_covered",
    "praise_criticism",
    "many_speakers",
    "minutes",
    "party_principles",
    "previous_resolution_done",
];

fn sheet(csrf: &str, failed: &[&str], skipped: &[&str]) -> Vec<(String, String)> {
    let mut fields = vec![("csrf".to_owned(), csrf.to_owned())];
    for item in HD12_MANUAL.iter().filter(|i| !skipped.contains(i)) {
        let value = if failed.contains(item) {
            "fail"
        } else {
            "pass"
        };
        fields.push((format!("score.{item}"), value.to_owned()));
    }
    fields
}

#[tokio::test]
async fn the_cell_and_an_evaluator_score_a_meeting_and_their_disagreement_shows() {
    for site in sites("web_meetings_scores").await {
        let router = site.router();
        let (cookie, csrf) = site.session("secretary").await;
        let secretary = Some(cookie.as_str());
        let fields = held_meeting_fields(&csrf, "05/06/2024", &["DV000001", "DV000002"]);
        let answer = send(
            &router,
            post_fields(&format!("/units/{CELL}/meetings/new"), secretary, &fields),
        )
        .await;
        let id = meeting_id(answer.location());

        // The rubric in force on 05/06/2024 is the 2018 framework.
        let page = send(&router, get(&format!("/meetings/{id}"), secretary)).await;
        assert!(
            page.body.contains("12-HD/BTCTW"),
            "the sheet names its source"
        );
        assert!(page.body.contains(r#"name="score.on_time""#));

        // A criterion left ungraded is named; nothing is stored.
        let mut bad = sheet(&csrf, &[], &["minutes"]);
        bad.push(("vote_yes".to_owned(), "2".to_owned()));
        let answer = send(
            &router,
            post_fields(&format!("/meetings/{id}/self-assessment"), secretary, &bad),
        )
        .await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert!(answer.body.contains(r#"class="invalid""#));
        assert!(site.store().evaluations(id).await.unwrap().is_empty());

        // The cell proposes: conduct not met (late start), so 4 of 5
        // criteria: Khá; the members vote 2-0-0.
        let mut own = sheet(&csrf, &["on_time"], &[]);
        own.extend(
            [("vote_yes", "2"), ("vote_no", "0"), ("vote_abstain", "0")]
                .map(|(k, v)| (k.to_owned(), v.to_owned())),
        );
        let answer = send(
            &router,
            post_fields(&format!("/meetings/{id}/self-assessment"), secretary, &own),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let page = send(&router, get(&format!("/meetings/{id}"), secretary)).await;
        assert!(
            page.body.contains("tạm thời"),
            "a proposal alone is provisional"
        );
        assert!(page.body.contains("Khá"));

        // The secretary cannot open the evaluator's sheet; the evaluator of
        // the ward can, and scores every criterion met: Tốt.
        let denied = send(&router, get(&format!("/meetings/{id}/evaluate"), secretary)).await;
        assert_eq!(denied.status, 404);
        let (evaluator, evaluator_csrf) = site.session("evaluator").await;
        let evaluator = Some(evaluator.as_str());
        let form = send(&router, get(&format!("/meetings/{id}/evaluate"), evaluator)).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(
            form.body.contains("Thống nhất nghị quyết tháng"),
            "the record is beside the sheet"
        );
        let answer = send(
            &router,
            post_fields(
                &format!("/meetings/{id}/self-assessment"),
                evaluator,
                &sheet(&evaluator_csrf, &[], &[]),
            ),
        )
        .await;
        assert_eq!(
            answer.status, 404,
            "an evaluator cannot write the cell's own proposal"
        );
        let answer = send(
            &router,
            post_fields(
                &format!("/meetings/{id}/evaluate"),
                evaluator,
                &sheet(&evaluator_csrf, &[], &[]),
            ),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let page = send(&router, get(&format!("/meetings/{id}/evaluate"), evaluator)).await;
        assert!(
            page.body.contains("theo 1 người chấm của cấp trên"),
            "the evaluator's score is final"
        );
        assert!(
            page.body.contains("Người chấm xếp loại khác nhau"),
            "{}",
            page.body
        );
        let stored = site.store().evaluations(id).await.unwrap();
        let ratings: Vec<(&str, Option<&str>)> = stored
            .iter()
            .map(|e| (e.rater.as_str(), e.rating.as_deref()))
            .collect();
        assert_eq!(
            ratings,
            [("self", Some("fair")), ("evaluator", Some("good"))]
        );
        assert_eq!(stored[0].vote, Some((2, 0, 0)));

        // The cell's year: the final rating in the list, the year's rating
        // from one rated meeting (Kém: fewer than 6 rated meetings), and
        // the norms with what fell short (no meeting in the months before).
        let list = send(
            &router,
            get(&format!("/units/{CELL}/meetings?year=2024"), secretary),
        )
        .await;
        assert_eq!(list.status, 200);
        assert!(list.body.contains("<td>Tốt</td>"), "{}", list.body);
        assert!(
            list.body
                .contains("Kém (từ 1 cuộc sinh hoạt thường kỳ đã xếp loại)")
        );
        assert!(list.body.contains("Sinh hoạt thường kỳ mỗi tháng một lần"));
        assert!(
            list.body.contains("1/6"),
            "one of six past months had its regular meeting: {}",
            list.body
        );
    }
}

#[tokio::test]
async fn minutes_record_the_steps_of_the_model_they_followed() {
    for site in sites("web_meeting_steps").await {
        let router = site.router();
        let (cookie, csrf) = site.session("secretary").await;
        let cookie = Some(cookie.as_str());
        let path = format!("/units/{CELL}/meetings/new");

        // Before Guidance 42-HD took effect (28/10/2025) no model is in
        // force, so today's (30/06/2024) form offers none.
        let form = send(&router, get(&path, cookie)).await;
        assert_eq!(form.status, 200);
        assert!(!form.body.contains("regular-2025@1"));

        let day = "10/12/2025";
        let with_steps = |steps: &[(&str, &str)]| {
            let mut fields = held_meeting_fields(&csrf, day, &["DV000001", "DV000002"]);
            fields.push(("model".to_owned(), "regular-2025@1".to_owned()));
            fields.extend(
                steps
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
            );
            fields
        };
        // Minutes for a step not marked done: refused beside the step, by
        // its name, with nothing written.
        let answer = send(
            &router,
            post_fields(
                &path,
                cookie,
                &with_steps(&[("step.open.done", "1"), ("step.recorder.minutes", "2")]),
            ),
        )
        .await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert!(
            answer
                .body
                .contains("Bước «Cử thư ký ghi biên bản» có ghi số phút"),
            "{}",
            answer.body
        );
        assert!(
            answer
                .body
                .contains(r#"id="f-step.recorder" class="invalid""#)
        );
        assert_eq!(stored_meetings(&site).await, 0);

        let answer = send(
            &router,
            post_fields(
                &path,
                cookie,
                &with_steps(&[
                    ("step.open.done", "1"),
                    ("step.open.minutes", "3"),
                    ("step.recorder.done", "1"),
                ]),
            ),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let id = meeting_id(answer.location());
        let stored = site.store().meeting(id).await.unwrap().unwrap();
        assert_eq!(stored.record.model, Some(("regular-2025".to_owned(), 1)));
        let open = stored
            .record
            .steps
            .iter()
            .find(|s| s.step == "open")
            .unwrap();
        assert!(open.done);
        assert_eq!(open.minutes, Some(3));
        let agenda = stored
            .record
            .steps
            .iter()
            .find(|s| s.step == "agenda")
            .unwrap();
        assert!(!agenda.done);

        // The form shows the steps as recorded, with the preparation due
        // dates, and points out the required steps not shown as done.
        let page = send(&router, get(&format!("/meetings/{id}"), cookie)).await;
        assert_eq!(page.status, 200);
        assert!(
            page.body
                .contains(r#"name="step.open.done" value="1" checked"#)
        );
        assert!(page.body.contains(r#"name="step.open.minutes" value="3""#));
        assert!(
            !page
                .body
                .contains(r#"name="step.agenda.done" value="1" checked"#)
        );
        assert!(page.body.contains("Biên bản chưa ghi các bước bắt buộc"));
        assert!(page.body.contains("Thông qua chương trình sinh hoạt"));

        // The minutes list the steps held, in model order, with minutes.
        let minutes = send(&router, get(&format!("/meetings/{id}/minutes"), cookie)).await;
        assert_eq!(minutes.status, 200);
        let opened = minutes.body.find("Khai mạc, giới thiệu đại biểu (3 phút)");
        let recorder = minutes.body.find("Cử thư ký ghi biên bản");
        assert!(opened.is_some() && recorder.is_some() && opened < recorder);
        assert!(!minutes.body.contains("Thông qua chương trình sinh hoạt"));
    }
}
