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
                    // A request on the third row, due before the review.
                    ("request.2.title", "Sửa số liệu"),
                    ("request.2.owner", "CN"),
                    ("request.2.deadline", "2024-01-31"),
                ],
            ),
        )
        .await;
        assert_eq!(bad.status, 422, "{}", bad.body);
        assert!(bad.body.contains("id=\"review-errors\""));
        assert!(bad.body.contains("Ý kiến giữ lại"));
        // Each problem beside its field, on the row it was typed on, and
        // its link above the form leads there.
        for id in ["score-HD1-error", "request-2-deadline-error"] {
            assert!(
                bad.body.contains(&format!("id=\"{id}\"")),
                "{id}: {}",
                bad.body
            );
        }
        assert!(bad.body.contains("href=\"#f-requests.2.deadline\""));
        assert!(bad.body.contains("id=\"f-requests.2.deadline\""));
        assert!(site.store().research_reviews(id).await.unwrap().is_empty());
        // A request without its owner and deadline: both asked for.
        let half = send(
            &router,
            post_form(
                &form_path,
                Some(&dept),
                &[
                    ("csrf", &dept_csrf),
                    ("held_on", "2024-06-30"),
                    ("verdict", "pass"),
                    ("conclusion", "Đạt"),
                    ("request.1.title", "Bổ sung phụ lục"),
                ],
            ),
        )
        .await;
        assert_eq!(half.status, 422, "{}", half.body);
        assert!(half.body.contains("id=\"request-1-owner-error\""));
        assert!(half.body.contains("id=\"request-1-deadline-error\""));
        assert!(half.body.contains("Bổ sung phụ lục"));
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

        workbook_and_register(&site, &router, id).await;
    }
}

/// The register reads what the list does; the team takes its workbook out
/// and back in: a wrong file comes back with every problem located above
/// the form and nothing written, a right one is written whole.
async fn workbook_and_register(site: &Site, router: &axum::Router, id: i64) {
    use chibo_core::table_export::{Table, TableValue, to_xlsx};
    let (outside, _, _) = project(site, "CT.BT.LT", "ĐT.TEST.02", false).await;
    let (staff, _) = site.session("staff").await;
    let (lead, lead_csrf) = site.session("secretary").await;
    let (dept, dept_csrf) = site.session("evaluator").await;
    let list = send(router, get("/projects", Some(&staff))).await;
    assert!(list.body.contains("href=\"/projects.xlsx\""));
    let csv = send(router, get("/projects.csv", Some(&staff))).await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("ĐT.TEST.01") && csv.body.contains("Mã đề tài"));
    assert!(!csv.body.contains("ĐT.TEST.02"), "another unit's project");
    let admin_csv = send(
        router,
        get("/projects.csv", Some(&site.session("admin").await.0)),
    )
    .await;
    assert!(admin_csv.body.contains("ĐT.TEST.02"));
    let _ = outside;

    let download = send(
        router,
        get(&format!("/projects/{id}/workbook.xlsx"), Some(&lead)),
    )
    .await;
    assert_eq!(download.status, 200);
    assert!(download.bytes.starts_with(b"PK"));
    let path = format!("/projects/{id}/workbook");
    let before = stored(site, id).await;
    let sheet = |title: &str, columns: &[&str], rows: &[&[&str]]| Table {
        title: title.to_owned(),
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        rows: rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| TableValue::Text((*c).to_owned()))
                    .collect()
            })
            .collect(),
    };
    let contents = sheet(
        "Nội dung",
        &["Mã", "Tên", "Từ tháng", "Đến tháng"],
        &[
            &["ND1", "Lý luận", "01/2023", "12/2023"],
            &["ND2", "Thí điểm", "01/2024", "06/2025"],
        ],
    );
    let budget = sheet(
        "Kinh phí",
        &["Mã", "Tên", "Được cấp", "Đã chi"],
        &[&["KP1", "Chuyên đề", "100000000", "40000000"]],
    );
    let products = |kind: &str| {
        sheet(
            "Sản phẩm",
            &["Mã", "Loại", "Tên", "Nội dung"],
            &[
                &["SP1", "thematic_report", "Chuyên đề lý luận", "ND1"],
                &["SP2", "pilot_evaluation", "Đánh giá thí điểm", "ND2"],
                &["SP3", kind, "Mô hình sinh hoạt", "ND2"],
            ],
        )
    };
    let bad = to_xlsx(&[contents.clone(), products("poster"), budget.clone()]).unwrap();
    let refused = send(
        router,
        common::upload_to(&path, &lead, &lead_csrf, "sua.xlsx", &bad, &[]),
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("id=\"workbook-errors\""));
    assert!(
        refused.body.contains("sua.xlsx › Sản phẩm") && refused.body.contains("dòng 4"),
        "{}",
        refused.body
    );
    assert_eq!(stored(site, id).await, before);
    // The department's officer reads the project but is not on its team.
    let denied = send(
        router,
        common::upload_to(&path, &dept, &dept_csrf, "sua.xlsx", &bad, &[]),
    )
    .await;
    assert_eq!(denied.status, 404);

    let good = to_xlsx(&[contents, products("meeting_model"), budget]).unwrap();
    let written = send(
        router,
        common::upload_to(&path, &lead, &lead_csrf, "sua.xlsx", &good, &[]),
    )
    .await;
    assert_eq!(written.status, 303, "{}", written.body);
    let page = send(router, get(&format!("/projects/{id}"), Some(&lead))).await;
    assert!(page.body.contains("id=\"product-SP3\""));
}

/// A draft pilot experiment of An Hòa, written as its design's record, and
/// the product SP2 (the pilot's evaluation) of the project `code` linked
/// to it. Returns the experiment's id.
pub async fn link_pilot(site: &Site, code: &str) -> i64 {
    use chibo_domain::experiment::{ComparisonCell, Design, Outcome, Window};
    let u = |c: &str| UnitCode::parse(c).unwrap();
    let design = Design {
        name: "Thí điểm mô hình sinh hoạt ở An Hòa".to_owned(),
        owner: u("CT.NK.AH"),
        model_version: "regular-2025@1".to_owned(),
        rubric_version: "hd12-2018@1".to_owned(),
        pilot: vec![u("CT.NK.AH.KV1")],
        comparison: vec![ComparisonCell {
            cell: u("CT.NK.AH.KV2"),
            matched_to: u("CT.NK.AH.KV1"),
            reason: String::new(),
        }],
        baseline: Window {
            from: "2024-01-01".parse().unwrap(),
            to: "2024-05-31".parse().unwrap(),
        },
        intervention_from: "2024-07-01".parse().unwrap(),
        intervention_meetings: 6,
        observers_per_meeting: 1,
        outcomes: vec![Outcome::Attendance],
        matching_seed: None,
        surveys: None,
    };
    let json = serde_json::to_string(&design).unwrap();
    let mut tx = site.store().begin_write().await.unwrap();
    let experiment = tx
        .insert_experiment(
            &chibo_testkit::store::ExperimentWrite {
                owner: &design.owner,
                name: &design.name,
                design: &json,
                cells: &[],
                is_demo: false,
                now: 0,
            },
            &[],
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let db = Db::from(site.store());
    let edit = operator_project_access::<EditProject>(Operator::command_line(), &db, code)
        .await
        .unwrap();
    chibo_core::research::link_evidence(
        &db,
        site.clock.as_ref(),
        &edit,
        &AuditContext::command_line(),
        "SP2",
        &chibo_domain::research::EvidenceLink {
            kind: "experiment".to_owned(),
            key: experiment.to_string(),
        },
    )
    .await
    .unwrap();
    experiment
}

/// The stored parts a refused form must leave as they were: the contract,
/// the progress reports, the councils, the opinions and the files.
async fn stored(site: &Site, id: i64) -> (String, usize, usize, usize, usize) {
    let store = site.store();
    let reviews = store.research_reviews(id).await.unwrap();
    (
        store.research_project(id).await.unwrap().unwrap().record,
        store.research_progress(id).await.unwrap().len(),
        store.research_councils(id).await.unwrap().len(),
        reviews.iter().map(|r| r.opinions.len()).sum(),
        store.research_product_files(id).await.unwrap().len(),
    )
}

/// The contract form's fields for the test project, with `changes`.
fn contract_fields<'a>(csrf: &'a str, changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("csrf", csrf),
        ("title", "Đề tài thử nghiệm chất lượng sinh hoạt chi bộ"),
        ("host_agency", "Ban Tuyên giáo"),
        ("managing_department", "Sở Khoa học và Công nghệ"),
        ("planned_start", "2023-01-01"),
        ("planned_end", "2025-06-30"),
        ("people.0.key", "CN"),
        ("people.0.name", "Chủ nhiệm Thử"),
        ("people.0.team_role", "lead"),
        ("people.0.account", "secretary"),
        ("people.1.key", "SKH"),
        ("people.1.name", "Chuyên viên Sở"),
        ("people.1.department", "on"),
        ("people.1.account", "evaluator"),
        ("people.2.key", "HD1"),
        ("people.2.name", "Chủ tịch Hội đồng"),
        ("people.3.key", "HD2"),
        ("people.3.name", "Ủy viên Phản biện"),
        ("contents.0.code", "ND1"),
        ("contents.0.title", "Lý luận"),
        ("contents.0.planned_from", "01/2023"),
        ("contents.0.planned_to", "12/2023"),
        ("contents.1.code", "ND2"),
        ("contents.1.title", "Thí điểm"),
        ("contents.1.planned_from", "01/2024"),
        ("contents.1.planned_to", "06/2025"),
        ("products.0.code", "SP1"),
        ("products.0.kind", "thematic_report"),
        ("products.0.title", "Chuyên đề lý luận"),
        ("products.0.content", "ND1"),
        ("products.0.status", "delivered"),
        ("products.1.code", "SP2"),
        ("products.1.kind", "pilot_evaluation"),
        ("products.1.title", "Đánh giá thí điểm"),
        ("products.1.content", "ND2"),
        ("budget.0.code", "KP1"),
        ("budget.0.title", "Chuyên đề"),
        ("budget.0.allocated", "100.000.000"),
        ("budget.0.spent", "40.000.000"),
    ];
    for (name, value) in changes {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value,
            None => fields.push((name, value)),
        }
    }
    fields
}

#[tokio::test]
async fn the_forms_put_each_problem_beside_its_field_and_change_nothing() {
    for site in sites("web_project_forms").await {
        let router = site.router();
        let (id, council, reviewed) = project(&site, "CT.NK.AH", "ĐT.TEST.01", true).await;
        let (review, _, _) = reviewed.unwrap();
        let (lead, lead_csrf) = site.session("secretary").await;
        let (dept, dept_csrf) = site.session("evaluator").await;

        // The page leads the team to its forms, the department to its own.
        let page = send(&router, get(&format!("/projects/{id}"), Some(&lead))).await;
        assert!(page.body.contains("id=\"contract-edit\""));
        assert!(page.body.contains("id=\"attach-SP2\""));
        assert!(!page.body.contains("id=\"council-new\""));
        let page = send(&router, get(&format!("/projects/{id}"), Some(&dept))).await;
        assert!(page.body.contains("id=\"council-new\""));
        assert!(!page.body.contains("id=\"contract-edit\""));
        assert!(page.body.contains(&format!("id=\"opinion-add-{review}\"")));

        // The contract: it reads back into its form.
        let path = format!("/projects/{id}/contract");
        let form = send(&router, get(&path, Some(&lead))).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(form.body.contains("value=\"Chủ nhiệm Thử\""));
        assert!(
            form.body
                .contains("name=\"budget.0.allocated\" value=\"100000000\""),
            "{}",
            form.body
        );
        let before = stored(&site, id).await;
        // Dates out of order.
        let bad = send(
            &router,
            post_form(
                &path,
                Some(&lead),
                &contract_fields(&lead_csrf, &[("planned_end", "2022-12-31")]),
            ),
        )
        .await;
        assert_eq!(bad.status, 422, "{}", bad.body);
        assert!(
            bad.body.contains("id=\"planned_end-error\""),
            "{}",
            bad.body
        );
        assert!(
            bad.body.contains("value=\"2022-12-31\""),
            "the typed value is kept"
        );
        assert_eq!(stored(&site, id).await, before);
        // A product of an unknown kind, in the second product's row.
        let bad = send(
            &router,
            post_form(
                &path,
                Some(&lead),
                &contract_fields(&lead_csrf, &[("products.1.kind", "poster")]),
            ),
        )
        .await;
        assert_eq!(bad.status, 422, "{}", bad.body);
        assert!(
            bad.body.contains("id=\"products-1-kind-error\""),
            "{}",
            bad.body
        );
        assert_eq!(stored(&site, id).await, before);
        // A month that does not read, beside its cell.
        let bad = send(
            &router,
            post_form(
                &path,
                Some(&lead),
                &contract_fields(&lead_csrf, &[("contents.1.planned_to", "13/2025")]),
            ),
        )
        .await;
        assert_eq!(bad.status, 422);
        assert_eq!(stored(&site, id).await, before);
        // A third content item added in a spare row.
        let good = send(
            &router,
            post_form(
                &path,
                Some(&lead),
                &contract_fields(
                    &lead_csrf,
                    &[
                        ("contents.2.code", "ND3"),
                        ("contents.2.title", "Nhân rộng"),
                        ("contents.2.planned_from", "01/2025"),
                        ("contents.2.planned_to", "06/2025"),
                    ],
                ),
            ),
        )
        .await;
        assert_eq!(good.status, 303, "{}", good.body);
        let record = site
            .store()
            .research_project(id)
            .await
            .unwrap()
            .unwrap()
            .record;
        assert!(record.contains("Nhân rộng"));
        assert!(record.contains("\"allocated\":100000000"));
        // The department does not edit the contract.
        let denied = send(
            &router,
            post_form(&path, Some(&dept), &contract_fields(&dept_csrf, &[])),
        )
        .await;
        assert_eq!(denied.status, 404);

        // A progress report: a share over 100 beside its row, then saved.
        let path = format!("/projects/{id}/progress/new");
        let form = send(&router, get(&path, Some(&lead))).await;
        assert_eq!(form.status, 200, "{}", form.body);
        let before = stored(&site, id).await;
        let fields = |actual: &'static str| {
            vec![
                ("csrf", lead_csrf.as_str()),
                ("period_end", "2024-05-31"),
                ("submitted_on", "2024-06-05"),
                ("rows.1.actual_percent", actual),
            ]
        };
        let bad = send(&router, post_form(&path, Some(&lead), &fields("150"))).await;
        assert_eq!(bad.status, 422, "{}", bad.body);
        assert!(bad.body.contains("field-error"), "{}", bad.body);
        assert!(bad.body.contains("value=\"150\""));
        assert_eq!(stored(&site, id).await, before);
        let good = send(&router, post_form(&path, Some(&lead), &fields("20"))).await;
        assert_eq!(good.status, 303, "{}", good.body);
        let reports = site.store().research_progress(id).await.unwrap();
        assert_eq!(reports.len(), 1);
        assert!(reports[0].report.contains("\"content\":\"ND2\""));

        // A council: established before the project began, and a member of
        // the team on it, each beside its field.
        let path = format!("/projects/{id}/councils/new");
        let form = send(&router, get(&path, Some(&dept))).await;
        assert_eq!(form.status, 200, "{}", form.body);
        let before = stored(&site, id).await;
        let council_fields = |established: &'static str, second: &'static str| {
            vec![
                ("csrf", dept_csrf.as_str()),
                ("kind", "acceptance"),
                ("decision", "88/QĐ-SKHCN"),
                ("established_on", established),
                ("members.0.person", "HD1"),
                ("members.0.role", "chair"),
                ("members.1.person", second),
                ("members.1.role", "reviewer"),
            ]
        };
        let bad = send(
            &router,
            post_form(&path, Some(&dept), &council_fields("2022-01-01", "CN")),
        )
        .await;
        assert_eq!(bad.status, 422, "{}", bad.body);
        assert!(
            bad.body.contains("id=\"established_on-error\""),
            "{}",
            bad.body
        );
        assert!(bad.body.contains("id=\"member-1-error\""), "{}", bad.body);
        assert_eq!(stored(&site, id).await, before);
        let good = send(
            &router,
            post_form(&path, Some(&dept), &council_fields("2025-06-01", "HD2")),
        )
        .await;
        assert_eq!(good.status, 303, "{}", good.body);
        assert_eq!(site.store().research_councils(id).await.unwrap().len(), 2);

        // A review of a project not in a reviewable state: the new
        // council's acceptance while the project is at its mid-term.
        let councils = site.store().research_councils(id).await.unwrap();
        let acceptance = councils.iter().find(|c| c.id != council).unwrap().id;
        let before = stored(&site, id).await;
        let bad = send(
            &router,
            post_form(
                &format!("/projects/{id}/councils/{acceptance}/review"),
                Some(&dept),
                &[
                    ("csrf", &dept_csrf),
                    ("held_on", "2025-06-10"),
                    ("planned.ND1", "100"),
                    ("actual.ND1", "100"),
                    ("planned.ND2", "94"),
                    ("actual.ND2", "90"),
                    ("planned.ND3", "100"),
                    ("actual.ND3", "50"),
                    ("verdict", "pass"),
                    ("conclusion", "Nghiệm thu"),
                ],
            ),
        )
        .await;
        assert_eq!(bad.status, 422, "{}", bad.body);
        assert!(
            bad.body.contains("chưa thể đánh giá"),
            "why it is refused: {}",
            bad.body
        );
        assert_eq!(stored(&site, id).await, before);

        // A member's opinion added to the recorded review; scoring twice is
        // refused beside the member.
        let path = format!("/projects/{id}/reviews/{review}/opinion");
        let form = send(&router, get(&path, Some(&dept))).await;
        assert_eq!(form.status, 200, "{}", form.body);
        let opinion = |score: &'static str| {
            vec![
                ("csrf", dept_csrf.as_str()),
                ("member", "HD1"),
                ("score", score),
                ("opinion", "Cần bổ sung số liệu"),
            ]
        };
        let good = send(&router, post_form(&path, Some(&dept), &opinion("85"))).await;
        assert_eq!(good.status, 303, "{}", good.body);
        let before = stored(&site, id).await;
        let twice = send(&router, post_form(&path, Some(&dept), &opinion("70"))).await;
        assert_eq!(twice.status, 422, "{}", twice.body);
        assert!(twice.body.contains("id=\"member-error\""), "{}", twice.body);
        assert_eq!(stored(&site, id).await, before);

        // A file over the size limit, beside the file field; then one that
        // fits.
        let path = format!("/projects/{id}/products/SP2/file");
        let form = send(&router, get(&path, Some(&lead))).await;
        assert_eq!(form.status, 200, "{}", form.body);
        let before = stored(&site, id).await;
        let mut big = b"%PDF-1.4".to_vec();
        big.resize(chibo_core::research::MAX_PRODUCT_FILE_BYTES + 1, b' ');
        let bad = send(
            &router,
            common::upload_to(&path, &lead, &lead_csrf, "danh-gia.pdf", &big, &[]),
        )
        .await;
        assert_eq!(
            bad.status,
            422,
            "{}",
            &bad.body.chars().take(500).collect::<String>()
        );
        assert!(bad.body.contains("id=\"file-error\""));
        assert!(bad.body.contains("20"), "the limit is named");
        assert_eq!(stored(&site, id).await, before);
        let good = send(
            &router,
            common::upload_to(
                &path,
                &lead,
                &lead_csrf,
                "danh-gia.pdf",
                b"%PDF-1.4 ok",
                &[],
            ),
        )
        .await;
        assert_eq!(good.status, 303, "{}", good.body);
        assert_eq!(
            site.store().research_product_files(id).await.unwrap().len(),
            2
        );
    }
}

#[tokio::test]
async fn a_pilot_linked_to_a_product_shows_its_state_and_leads_to_its_evaluation() {
    for site in sites("web_project_pilot").await {
        let router = site.router();
        let (id, _, _) = project(&site, "CT.NK.AH", "ĐT.TEST.01", false).await;
        let experiment = link_pilot(&site, "ĐT.TEST.01").await;
        let evaluation = format!("href=\"/experiments/{experiment}/evaluation\"");
        let (staff, _) = site.session("staff").await;
        let page = send(&router, get(&format!("/projects/{id}"), Some(&staff))).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains(&evaluation), "{}", page.body);
        assert!(page.body.contains("Thí điểm mô hình sinh hoạt ở An Hòa"));
        assert!(page.body.contains("Đang thiết kế"), "a draft");
        assert!(page.body.contains("chưa đủ số liệu để đánh giá"));
        // A viewer reads the pilot's state but not its evaluation, which
        // reads the committee's datasets: no link to a page it cannot open.
        let (viewer, _) = site.session("viewer").await;
        let page = send(&router, get(&format!("/projects/{id}"), Some(&viewer))).await;
        assert!(page.body.contains("Thí điểm mô hình sinh hoạt ở An Hòa"));
        assert!(!page.body.contains(&evaluation), "{}", page.body);
        // Outside the committee that runs it, the experiment is hidden.
        let (secretary, _) = site.session("secretary").await;
        let page = send(&router, get(&format!("/projects/{id}"), Some(&secretary))).await;
        assert!(!page.body.contains("/experiments/"), "{}", page.body);
        assert!(page.body.contains("ngoài phạm vi bạn được xem"));
    }
}
