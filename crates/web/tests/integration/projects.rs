//! Research projects on the web: the managing department's officer opens a
//! project from the list, records its council's mid-term review on one
//! form (a bad form comes back with its problems beside the fields and
//! everything typed kept, nothing written), the team marks a request done,
//! and readers by grant see the result but no review entry.

use crate::common::{self, Site, get, post_form, send, sites};
use chibo_core::Db;
use chibo_core::access::{EditUnits, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::operator::Operator;
use chibo_core::research::{
    EditProject, ProductFile, ReviewProject, attach_file, create_project, establish_council,
    operator_project_access, read_project_file, record_review,
};
use chibo_domain::UnitCode;
use chibo_domain::access::Role;
use chibo_domain::research::{
    CheckSheet, Council, CouncilMember, CouncilRole, Project, ProjectCode, Request, Review,
    ReviewKind, Verdict,
};
use chibo_testkit::store::GrantRecord;

pub const PROJECT: &str = r#"{
  "code": "ĐT.TEST.01",
  "title": "Đề tài thử nghiệm chất lượng sinh hoạt chi bộ",
  "host_agency": "Ban Tuyên giáo",
  "managing_department": "Sở Khoa học và Công nghệ",
  "planned_start": "2023-01-01",
  "planned_end": "2025-06-30",
  "people": [
    {"key": "CN", "name": "Chủ nhiệm Thử", "team_role": "lead", "account": "secretary"},
    {"key": "SKH", "name": "Chuyên viên Sở", "department": true, "account": "evaluator"},
    {"key": "HD1", "name": "Chủ tịch Hội đồng"},
    {"key": "HD2", "name": "Ủy viên Phản biện"}
  ],
  "contents": [
    {"code": "ND1", "title": "Lý luận", "planned_from": "01/2023", "planned_to": "12/2023"},
    {"code": "ND2", "title": "Thí điểm", "planned_from": "01/2024", "planned_to": "06/2025"}
  ],
  "products": [
    {"code": "SP1", "kind": "thematic_report", "title": "Chuyên đề lý luận", "content": "ND1", "status": "delivered"},
    {"code": "SP2", "kind": "pilot_evaluation", "title": "Đánh giá thí điểm", "content": "ND2"}
  ],
  "budget": [{"code": "KP1", "title": "Chuyên đề", "allocated": 100000000, "spent": 40000000}]
}"#;

/// A project under `unit` at its mid-term review with a council; with
/// `reviewed`, the council's review recorded with one request and a file
/// attached to SP1. Returns the project's and the council's ids, and the
/// review's and its request's when recorded.
pub async fn project(
    site: &Site,
    unit: &str,
    code: &str,
    reviewed: bool,
) -> (i64, i64, Option<(i64, i64, i64)>) {
    let db = Db::from(site.store());
    let clock = site.clock.as_ref();
    let today = chibo_core::Clock::today(clock);
    let mut project: Project = read_project_file("p.json", PROJECT.as_bytes()).unwrap();
    project.code = ProjectCode::parse(code).unwrap();
    if unit != "CT.NK.AH" {
        // Only the inside project names accounts.
        for person in &mut project.people {
            person.account = None;
        }
    }
    let unit = UnitCode::parse(unit).unwrap();
    let admin = Operator::command_line().act_as(
        0,
        "tests",
        vec![GrantRecord {
            id: 0,
            account_id: 0,
            role: Role::Administrator,
            unit: UnitCode::parse("CT").unwrap(),
            unit_name: String::new(),
        }],
    );
    let access = unit_access::<EditUnits>(&db, &admin, &unit, today)
        .await
        .unwrap();
    let author = AuditContext::command_line();
    let id = create_project(
        &db,
        clock,
        &access,
        &author,
        &project,
        Some("mid_term_review"),
        false,
    )
    .await
    .unwrap();
    let manage = operator_project_access::<ReviewProject>(Operator::command_line(), &db, code)
        .await
        .unwrap();
    let council = Council {
        kind: ReviewKind::MidTerm,
        decision: "12/QĐ-SKHCN".to_owned(),
        established_on: "2024-06-01".parse().unwrap(),
        members: vec![
            CouncilMember {
                person: "HD1".to_owned(),
                role: CouncilRole::Chair,
            },
            CouncilMember {
                person: "HD2".to_owned(),
                role: CouncilRole::Reviewer,
            },
        ],
    };
    let council_id = establish_council(&db, clock, &manage, &author, &council)
        .await
        .unwrap();
    if !reviewed {
        return (id, council_id, None);
    }
    let review = Review {
        held_on: today,
        check: CheckSheet::default(),
        opinions: Vec::new(),
        verdict: Verdict::Pass,
        conclusion: "Đạt".to_owned(),
        requests: vec![Request {
            title: "Bổ sung số liệu".to_owned(),
            owner: "CN".to_owned(),
            deadline: "2024-08-31".parse().unwrap(),
        }],
    };
    let review_id = record_review(&db, clock, &manage, &author, council_id, &review)
        .await
        .unwrap();
    let stored = site.store().research_reviews(id).await.unwrap();
    let edit = operator_project_access::<EditProject>(Operator::command_line(), &db, code)
        .await
        .unwrap();
    let file = attach_file(
        &db,
        clock,
        &edit,
        &author,
        "SP1",
        &ProductFile {
            file_name: "chuyen-de.pdf".to_owned(),
            content: b"%PDF-1.4 chuyen de".to_vec(),
        },
    )
    .await
    .unwrap();
    (
        id,
        council_id,
        Some((review_id, stored[0].tasks[0].id, file)),
    )
}

#[tokio::test]
async fn the_department_records_a_mid_term_review_and_the_team_closes_a_request() {
    for site in sites("web_projects").await {
        let router = site.router();
        let (id, council, _) = project(&site, "CT.NK.AH", "ĐT.TEST.01", false).await;
        let (dept, dept_csrf) = site.session("evaluator").await;
        let (lead, lead_csrf) = site.session("secretary").await;
        let (viewer, _) = site.session("viewer").await;

        // The list leads to the project, and its page to the review entry.
        let list = send(&router, get("/projects", Some(&dept))).await;
        assert_eq!(list.status, 200);
        assert!(
            list.body.contains(&format!("href=\"/projects/{id}\"")),
            "{}",
            list.body
        );
        let page = send(&router, get(&format!("/projects/{id}"), Some(&dept))).await;
        assert_eq!(page.status, 200);
        assert!(
            page.body
                .contains(&format!("id=\"review-council-{council}\""))
        );
        assert!(page.body.contains("Đánh giá giữa kỳ"));
        // A reader by grant sees the page but not the review entry.
        let read = send(&router, get(&format!("/projects/{id}"), Some(&viewer))).await;
        assert_eq!(read.status, 200);
        assert!(!read.body.contains("review-council-"));
        let form_path = format!("/projects/{id}/councils/{council}/review");
        let form = send(&router, get(&form_path, Some(&dept))).await;
        assert_eq!(form.status, 200);
        assert!(form.body.contains("name=\"score.HD1\""));
        // The planned share of ND2 by 06/2024: 6 of its 18 months.
        assert!(
            form.body.contains("name=\"planned.ND2\" value=\"33\""),
            "{}",
            form.body
        );

        // A score off the sheet and no conclusion: nothing is written, the
        // problems are shown and what was typed is kept.
        let bad = send(
            &router,
            post_form(
                &form_path,
                Some(&dept),
                &[
                    ("csrf", &dept_csrf),
                    ("held_on", "2024-06-30"),
                    ("planned.ND1", "100"),
                    ("actual.ND1", "100"),
                    ("planned.ND2", "33"),
                    ("actual.ND2", "20"),
                    ("verdict", "pass_with_changes"),
                    ("score.HD1", "150"),
                    ("opinion.HD1", "Ý kiến giữ lại"),
                    ("conclusion", ""),
                ],
            ),
        )
        .await;
        assert_eq!(bad.status, 422, "{}", bad.body);
        assert!(bad.body.contains("id=\"review-errors\""));
        assert!(bad.body.contains("Ý kiến giữ lại"));
        assert!(site.store().research_reviews(id).await.unwrap().is_empty());

        let good = send(
            &router,
            post_form(
                &form_path,
                Some(&dept),
                &[
                    ("csrf", &dept_csrf),
                    ("held_on", "2024-06-30"),
                    ("planned.ND1", "100"),
                    ("actual.ND1", "100"),
                    ("done.ND1", "done"),
                    ("planned.ND2", "33"),
                    ("actual.ND2", "20"),
                    ("done.ND2", "partly"),
                    ("status.SP1", "accepted"),
                    ("verdict", "pass_with_changes"),
                    ("score.HD1", "85"),
                    ("opinion.HD1", "Đạt tiến độ"),
                    ("score.HD2", "80"),
                    ("conclusion", "Đề tài đạt yêu cầu giữa kỳ"),
                    ("request.0.title", "Hoàn thiện bộ tiêu chí"),
                    ("request.0.owner", "CN"),
                    ("request.0.deadline", "2024-09-30"),
                ],
            ),
        )
        .await;
        assert_eq!(good.status, 303, "{}", good.body);
        let reviews = site.store().research_reviews(id).await.unwrap();
        assert_eq!(reviews.len(), 1);
        assert_eq!(reviews[0].opinions.len(), 2);
        assert_eq!(reviews[0].tasks[0].owner_key, "CN");
        let page = send(&router, get(&format!("/projects/{id}"), Some(&lead))).await;
        assert!(page.body.contains("Hoàn thiện bộ tiêu chí"));
        assert!(page.body.contains("82.5"), "mean score shown");
        // Recording it again is refused: one review per council.
        let again = send(
            &router,
            post_form(
                &form_path,
                Some(&dept),
                &[
                    ("csrf", &dept_csrf),
                    ("held_on", "2024-06-30"),
                    ("verdict", "pass"),
                    ("conclusion", "Lần hai"),
                ],
            ),
        )
        .await;
        assert_eq!(again.status, 422);
        assert_eq!(site.store().research_reviews(id).await.unwrap().len(), 1);

        // The team marks the request done.
        let task = reviews[0].tasks[0].id;
        let done = send(
            &router,
            post_form(
                &format!("/projects/{id}/reviews/{}/tasks/{task}", reviews[0].id),
                Some(&lead),
                &[("csrf", &lead_csrf), ("status", "done")],
            ),
        )
        .await;
        assert_eq!(done.status, 303, "{}", done.body);
        let reviews = site.store().research_reviews(id).await.unwrap();
        assert_eq!(reviews[0].tasks[0].status, "done");
        let _ = common::NOW;
    }
}
