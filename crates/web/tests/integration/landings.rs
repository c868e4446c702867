//! Where a role lands and what it finds there: an evaluator the meetings
//! of their committee waiting for a score, one link each to the score
//! sheet; a secretary this month's meeting (one link to its form, or to
//! recording it), the norms not met and the open tasks, whose titles a
//! researcher never reads.

use crate::common;

use common::{get, held_meeting_fields, meeting_id, post_fields, post_form, send, sites};

const CELL: &str = "CT.NK.AH.KV1";
const OUTSIDE: &str = "CT.BT.LT.KV1";

/// Every pass/fail item of a score sheet marked met.
fn all_passed(sheet: &str, csrf: &str) -> Vec<(String, String)> {
    let mut fields = vec![("csrf".to_owned(), csrf.to_owned())];
    for part in sheet.split("<select name=\"score.").skip(1) {
        let code = part.split('"').next().unwrap();
        fields.push((format!("score.{code}"), "pass".to_owned()));
    }
    assert!(fields.len() > 1, "the sheet has pass/fail items: {sheet}");
    fields
}

#[tokio::test]
async fn an_evaluator_lands_on_the_meetings_waiting_for_a_score() {
    for site in sites("web_landing_evaluator").await {
        let router = site.router();
        let (admin, admin_csrf) = site.session("admin").await;
        let mut ids = Vec::new();
        for (unit, members) in [
            (CELL, vec!["DV000001", "DV000002"]),
            (OUTSIDE, vec!["DV000010"]),
        ] {
            let fields = held_meeting_fields(&admin_csrf, "05/06/2024", &members);
            let answer = send(
                &router,
                post_fields(
                    &format!("/units/{unit}/meetings/new"),
                    Some(&admin),
                    &fields,
                ),
            )
            .await;
            assert_eq!(answer.status, 303, "{}", answer.body);
            ids.push(meeting_id(answer.location()));
        }
        let (inside, outside) = (ids[0], ids[1]);

        let (cookie, csrf) = site.session("evaluator").await;
        let home = send(&router, get("/", Some(&cookie))).await;
        assert_eq!(home.location(), "/units/CT.NK/evaluations");
        let queue = send(&router, get("/units/CT.NK/evaluations", Some(&cookie))).await;
        assert_eq!(queue.status, 200, "{}", queue.body);
        let sheet_link = format!(r#"href="/meetings/{inside}/evaluate""#);
        assert!(queue.body.contains(&sheet_link), "{}", queue.body);
        assert!(!queue.body.contains(&format!("/meetings/{outside}/")));
        for text in [
            "Đang chờ chấm: 1",
            "Chi bộ Khu vực 1",
            "05/06/2024",
            "Sinh hoạt thường kỳ",
            "Chi bộ chưa tự chấm",
            "Bạn chưa chấm cuộc họp nào trong phạm vi này.",
        ] {
            assert!(queue.body.contains(text), "{text}: {}", queue.body);
        }
        // The navigation leads back here from any page.
        let nav = send(&router, get("/evaluations", Some(&cookie))).await;
        assert_eq!(nav.location(), "/units/CT.NK/evaluations");

        // The cell proposes its score; the queue shows its total.
        let (secretary, secretary_csrf) = site.session("secretary").await;
        let page = send(
            &router,
            get(&format!("/meetings/{inside}"), Some(&secretary)),
        )
        .await;
        let answer = send(
            &router,
            post_fields(
                &format!("/meetings/{inside}/self-assessment"),
                Some(&secretary),
                &all_passed(&page.body, &secretary_csrf),
            ),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let queue = send(&router, get("/units/CT.NK/evaluations", Some(&cookie))).await;
        assert!(queue.body.contains("Chi bộ tự chấm: "), "{}", queue.body);

        // Scored by the evaluator: out of the queue, into their own list.
        let sheet = send(
            &router,
            get(&format!("/meetings/{inside}/evaluate"), Some(&cookie)),
        )
        .await;
        let answer = send(
            &router,
            post_fields(
                &format!("/meetings/{inside}/evaluate"),
                Some(&cookie),
                &all_passed(&sheet.body, &csrf),
            ),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let queue = send(&router, get("/units/CT.NK/evaluations", Some(&cookie))).await;
        for text in [
            "Đang chờ chấm: 0",
            "Đã chấm trong tháng này: 1 (bạn chấm 1)",
            "Không có cuộc họp nào đang chờ chấm điểm trong phạm vi này.",
            "Bạn chấm: ",
        ] {
            assert!(queue.body.contains(text), "{text}: {}", queue.body);
        }
        assert!(
            queue.body.contains(&sheet_link),
            "their own list links back"
        );
    }
}

#[tokio::test]
async fn a_secretary_lands_one_tap_from_this_months_meeting() {
    for site in sites("web_landing_secretary").await {
        let router = site.router();
        let (cookie, csrf) = site.session("secretary").await;
        let home = send(&router, get("/", Some(&cookie))).await;
        let landing = format!("/units/{CELL}/meetings");
        assert_eq!(home.location(), landing);

        // No meeting yet in June: one tap records it.
        let page = send(&router, get(&landing, Some(&cookie))).await;
        assert_eq!(page.status, 200);
        let create = format!(r#"id="create-this-month" href="/units/{CELL}/meetings/new""#);
        assert!(page.body.contains(&create), "{}", page.body);
        assert!(page.body.contains("Tháng 06/2024"));
        assert!(
            page.body
                .contains("Chi bộ chưa có cuộc họp thường kỳ tháng này.")
        );
        assert!(page.body.contains("Không có nhiệm vụ nào đang mở."));
        // The flags come before the year's list.
        let month_at = page.body.find("id=\"this-month\"").unwrap();
        let flag_at = page
            .body
            .find("Tháng này chi bộ chưa sinh hoạt thường kỳ.")
            .unwrap();
        let norms_at = page.body.find("id=\"norms\"").unwrap();
        assert!(month_at < flag_at && flag_at < norms_at);

        // The meeting sets two tasks, one already past its deadline.
        let mut fields = held_meeting_fields(&csrf, "05/06/2024", &["DV000001", "DV000002"]);
        fields.extend(
            [
                ("task.1.title", "Thu đảng phí quý II"),
                ("task.1.owner", "DV000002"),
                ("task.1.deadline", "20/06/2024"),
                ("task.1.status", "open"),
                ("task.2.title", "Rà soát hồ sơ đảng viên"),
                ("task.2.owner", "DV000001"),
                ("task.2.deadline", "15/07/2024"),
                ("task.2.status", "open"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned())),
        );
        let answer = send(
            &router,
            post_fields(
                &format!("/units/{CELL}/meetings/new"),
                Some(&cookie),
                &fields,
            ),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let id = meeting_id(answer.location());

        let page = send(&router, get(&landing, Some(&cookie))).await;
        let open = format!(r#"id="open-this-month" href="/meetings/{id}""#);
        assert!(page.body.contains(&open), "{}", page.body);
        assert!(!page.body.contains("id=\"create-this-month\""));
        assert!(
            page.body
                .contains("Sinh hoạt thường kỳ tháng này: 05/06/2024 — Đã họp (biên bản nháp)"),
            "{}",
            page.body
        );
        assert!(
            page.body.contains(
                r#"<li class="overdue">Thu đảng phí quý II — Hạn 20/06/2024 <span class="badge">quá hạn</span></li>"#
            ),
            "{}",
            page.body
        );
        assert!(
            page.body
                .contains("<li>Rà soát hồ sơ đảng viên — Hạn 15/07/2024</li>"),
            "{}",
            page.body
        );
        // The link leads to the meeting's form.
        let form = send(&router, get(&format!("/meetings/{id}"), Some(&cookie))).await;
        assert_eq!(form.status, 200);
        assert!(form.body.contains("row_version"), "the secretary's form");

        // A researcher reads how many tasks are open, never their titles,
        // and gets no link to a meeting they may not open.
        let (researcher, _) = site.session("researcher").await;
        let counted = send(&router, get(&landing, Some(&researcher))).await;
        assert_eq!(counted.status, 200);
        assert!(
            counted
                .body
                .contains("Số nhiệm vụ đang mở: 2 (không hiển thị nội dung)."),
            "{}",
            counted.body
        );
        for title in ["Thu đảng phí quý II", "Rà soát hồ sơ đảng viên"] {
            assert!(!counted.body.contains(title), "{title}");
        }
        assert!(!counted.body.contains("open-this-month"));
        assert!(!counted.body.contains("create-this-month"));

        // Another year shows its list without this month's panel.
        let last_year = send(&router, get(&format!("{landing}?year=2023"), Some(&cookie))).await;
        assert!(!last_year.body.contains("id=\"this-month\""));

        // Approved, the meeting is still this month's, in its new state.
        let row_version = common::hidden(&form.body, "row_version");
        let answer = send(
            &router,
            post_form(
                &format!("/meetings/{id}/approve"),
                Some(&cookie),
                &[
                    ("csrf", &csrf),
                    ("row_version", &row_version),
                    ("confirm", "yes"),
                ],
            ),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let page = send(&router, get(&landing, Some(&cookie))).await;
        assert!(
            page.body
                .contains("Sinh hoạt thường kỳ tháng này: 05/06/2024 — Đã thông qua"),
            "{}",
            page.body
        );
    }
}
