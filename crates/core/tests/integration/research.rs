//! Research projects: registered under a unit, edited by their team,
//! reviewed by the managing department and their councils, read by their
//! people and by grants; and every bad input refused where it is, with the
//! database as it was. SQLite and, when configured, PostgreSQL.

use chibo_core::access::{Actor, EditUnits, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::operator::Operator;
use chibo_core::research::{
    EditProject, LinkedState, ProductFile, ReadProject, ReviewProject, add_opinion,
    add_progress_report, attach_file, create_project, edit_project, establish_council,
    export_project, import_project_workbook, link_evidence, move_project, project_access,
    project_page, project_workbook, read_project_file, read_project_workbook, record_review,
    set_request_status,
};
use chibo_core::table_export::{Table, TableValue, to_xlsx};
use chibo_core::{CoreError, Db, FixedClock, reference};
use chibo_domain::access::Role;
use chibo_domain::experiment::{ComparisonCell, Design, Outcome, Status, Window};
use chibo_domain::meeting_record::TaskStatus;
use chibo_domain::research::{
    CheckSheet, ContentCheck, ContentDone, Council, CouncilMember, CouncilRole, EvidenceLink,
    MemberOpinion, ProductCheck, ProductStatus, ProgressCheck, ProgressReport, ProgressRow,
    Project, Request, Review, Verdict,
};
use chibo_domain::{NaiveDate, UnitCode};
use chibo_i18n::Lang;
use chibo_store::{ExperimentWrite, GrantRecord, NewAccount, Store};
use chibo_testkit::stores;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn u(code: &str) -> UnitCode {
    UnitCode::parse(code).unwrap()
}

fn clock() -> FixedClock {
    FixedClock(d("2018-07-13"))
}

fn author() -> AuditContext {
    AuditContext::command_line()
}

/// An actor of `account_id` holding `grants`.
fn actor(account_id: i64, grants: &[(Role, &str)]) -> Actor {
    Operator::command_line().act_as(
        account_id,
        "someone",
        grants
            .iter()
            .enumerate()
            .map(|(i, (role, unit))| GrantRecord {
                id: i as i64 + 1,
                account_id,
                role: *role,
                unit: u(unit),
                unit_name: String::new(),
            })
            .collect(),
    )
}

fn admin() -> Actor {
    actor(1_000, &[(Role::Administrator, "CT")])
}

/// The accounts of the project's people: lead, department officer, the
/// council's chair and a member. Returns their ids in that order.
async fn accounts(store: &Store) -> [i64; 4] {
    let mut ids = [0; 4];
    for (i, name) in ["lead", "dept", "chair", "member"].iter().enumerate() {
        let new = NewAccount {
            username: (*name).to_owned(),
            display_name: (*name).to_owned(),
            password_hash: "x".to_owned(),
            must_change_password: false,
            created_at: 0,
        };
        ids[i] = store.create_account(&new, &[], &[]).await.unwrap();
    }
    ids
}

const PROJECT: &str = r#"{
  "code": "ĐT.2016.05",
  "title": "Giải pháp nâng cao chất lượng sinh hoạt tổ chức đảng cơ sở",
  "host_agency": "Ban Tuyên giáo Thành ủy Cần Thơ",
  "managing_department": "Sở Khoa học và Công nghệ thành phố Cần Thơ",
  "planned_start": "2016-12-01",
  "planned_end": "2018-11-30",
  "actual_start": "2016-12-01",
  "people": [
    {"key": "CN", "name": "Chủ nhiệm đề tài", "team_role": "lead", "account": "lead"},
    {"key": "TK", "name": "Thư ký khoa học", "team_role": "secretary"},
    {"key": "SKH", "name": "Chuyên viên Sở", "department": true, "account": "dept"},
    {"key": "HD1", "name": "Chủ tịch hội đồng", "account": "chair"},
    {"key": "HD2", "name": "Ủy viên phản biện", "account": "member"},
    {"key": "HD3", "name": "Ủy viên thư ký"}
  ],
  "contents": [
    {"code": "ND1", "title": "Cơ sở lý luận", "planned_from": "12/2016", "planned_to": "06/2017"},
    {"code": "ND2", "title": "Thực trạng, nguyên nhân, bài học", "planned_from": "03/2017", "planned_to": "06/2018"},
    {"code": "ND3", "title": "Giải pháp và thí điểm ở 7 chi bộ", "planned_from": "07/2018", "planned_to": "11/2018"}
  ],
  "products": [
    {"code": "SP1", "kind": "thematic_report", "title": "4 chuyên đề lý luận", "content": "ND1", "status": "delivered"},
    {"code": "SP2", "kind": "survey_dataset", "title": "Dữ liệu khảo sát", "content": "ND2", "status": "delivered"},
    {"code": "SP3", "kind": "pilot_evaluation", "title": "Đánh giá thí điểm", "content": "ND3"}
  ],
  "budget": [
    {"code": "KP1", "title": "Chuyên đề", "allocated": 300000000, "spent": 180000000, "settled": 150000000}
  ]
}"#;

fn project() -> Project {
    read_project_file("project.json", PROJECT.as_bytes()).unwrap()
}

async fn setup(store: &Store) -> (i64, [i64; 4]) {
    let db = Db::from(store);
    reference::load(&db, &clock()).await.unwrap();
    let ids = accounts(store).await;
    let unit = unit_access::<EditUnits>(&db, &admin(), &u("CT"), clock().0)
        .await
        .unwrap();
    let id = create_project(
        &db,
        &clock(),
        &unit,
        &author(),
        &project(),
        Some("in_progress"),
        false,
    )
    .await
    .unwrap();
    (id, ids)
}

fn council() -> Council {
    Council {
        kind: chibo_domain::research::ReviewKind::MidTerm,
        decision: "512/QĐ-SKHCN".to_owned(),
        established_on: d("2018-07-02"),
        members: vec![
            CouncilMember {
                person: "HD1".to_owned(),
                role: CouncilRole::Chair,
            },
            CouncilMember {
                person: "HD2".to_owned(),
                role: CouncilRole::Reviewer,
            },
            CouncilMember {
                person: "HD3".to_owned(),
                role: CouncilRole::Secretary,
            },
        ],
    }
}

fn review() -> Review {
    Review {
        held_on: d("2018-07-13"),
        check: CheckSheet {
            progress: vec![ProgressCheck {
                content: "ND2".to_owned(),
                planned_percent: 100,
                actual_percent: 100,
                note: String::new(),
            }],
            contents: vec![
                ContentCheck {
                    content: "ND1".to_owned(),
                    done: ContentDone::Done,
                    note: String::new(),
                },
                ContentCheck {
                    content: "ND3".to_owned(),
                    done: ContentDone::NotDone,
                    note: "Chưa đến hạn".to_owned(),
                },
            ],
            products: vec![ProductCheck {
                product: "SP1".to_owned(),
                status: ProductStatus::Delivered,
                note: String::new(),
            }],
            budget: [300_000_000, 180_000_000, 150_000_000, 120_000_000],
            budget_note: String::new(),
        },
        opinions: vec![MemberOpinion {
            member: "HD1".to_owned(),
            score: Some(88),
            opinion: "Đạt tiến độ".to_owned(),
        }],
        verdict: Verdict::PassWithChanges,
        conclusion: "Đề tài đạt yêu cầu đánh giá giữa kỳ".to_owned(),
        requests: vec![Request {
            title: "Hoàn thiện bộ tiêu chí trước khi thí điểm".to_owned(),
            owner: "CN".to_owned(),
            deadline: d("2018-08-31"),
        }],
    }
}

fn fields(error: CoreError) -> Vec<(String, &'static str)> {
    match error {
        CoreError::Invalid(problems) => problems
            .into_iter()
            .map(|p| (p.field.unwrap_or_default(), p.message.id))
            .collect(),
        other => panic!("not a located refusal: {other:?}"),
    }
}

#[tokio::test]
async fn a_project_is_reviewed_by_its_council_and_read_by_its_people() {
    for test in stores("research_flow").await {
        let store = &test.store;
        let label = test.label;
        let db = Db::from(store);
        let (id, [lead, dept, chair, member]) = setup(store).await;
        let today = clock().0;
        let lead = actor(lead, &[]);
        let dept = actor(dept, &[]);
        let chair = actor(chair, &[]);
        let member = actor(member, &[]);
        let viewer = actor(2_000, &[(Role::Viewer, "CT")]);
        let elsewhere = actor(2_001, &[(Role::Viewer, "CT.NK")]);

        // Reading: by grant on the unit or as one of the project's people.
        assert!(
            project_access::<ReadProject>(&db, &viewer, id, today)
                .await
                .is_ok()
        );
        assert!(
            project_access::<ReadProject>(&db, &lead, id, today)
                .await
                .is_ok()
        );
        assert!(matches!(
            project_access::<ReadProject>(&db, &elsewhere, id, today).await,
            Err(CoreError::Denied(_))
        ));
        // The team edits; the department and councils review.
        assert!(
            project_access::<EditProject>(&db, &viewer, id, today)
                .await
                .is_err()
        );
        assert!(
            project_access::<EditProject>(&db, &dept, id, today)
                .await
                .is_err()
        );
        assert!(
            project_access::<ReviewProject>(&db, &lead, id, today)
                .await
                .is_err()
        );
        let edit = project_access::<EditProject>(&db, &lead, id, today)
            .await
            .unwrap();

        let report = ProgressReport {
            period_end: d("2018-05-31"),
            submitted_on: d("2018-06-10"),
            rows: vec![ProgressRow {
                content: "ND2".to_owned(),
                actual_percent: 90,
                note: String::new(),
            }],
            note: String::new(),
        };
        add_progress_report(&db, &clock(), &edit, &author(), &report)
            .await
            .unwrap();
        attach_file(
            &db,
            &clock(),
            &edit,
            &author(),
            "SP1",
            &ProductFile {
                file_name: "chuyen-de.pdf".to_owned(),
                content: b"%PDF-1.4 bao cao".to_vec(),
            },
        )
        .await
        .unwrap();
        let pilot = draft_experiment(store).await;
        for (kind, key) in [
            ("rubric_version", "hd12-2018@1"),
            ("meeting_model", "regular-2025@1"),
            ("experiment", pilot.to_string().as_str()),
        ] {
            link_evidence(
                &db,
                &clock(),
                &edit,
                &author(),
                "SP3",
                &EvidenceLink {
                    kind: kind.to_owned(),
                    key: key.to_owned(),
                },
            )
            .await
            .unwrap();
        }

        // The department moves it to its mid-term review and convenes the
        // council; a council member alone may not convene one.
        let manage = project_access::<ReviewProject>(&db, &dept, id, today)
            .await
            .unwrap();
        move_project(&db, &clock(), &manage, &author(), "mid_term_review")
            .await
            .unwrap();
        let manage = project_access::<ReviewProject>(&db, &dept, id, today)
            .await
            .unwrap();
        let council_id = establish_council(&db, &clock(), &manage, &author(), &council())
            .await
            .unwrap();
        let as_chair = project_access::<ReviewProject>(&db, &chair, id, today)
            .await
            .unwrap();
        assert!(matches!(
            establish_council(&db, &clock(), &as_chair, &author(), &council()).await,
            Err(CoreError::Denied(_))
        ));
        let review_id = record_review(&db, &clock(), &as_chair, &author(), council_id, &review())
            .await
            .unwrap();
        // A member adds their own opinion, not someone else's.
        let as_member = project_access::<ReviewProject>(&db, &member, id, today)
            .await
            .unwrap();
        let others = MemberOpinion {
            member: "HD3".to_owned(),
            score: Some(70),
            opinion: String::new(),
        };
        assert!(matches!(
            add_opinion(&db, &clock(), &as_member, &author(), review_id, &others).await,
            Err(CoreError::Denied(_))
        ));
        let own = MemberOpinion {
            member: "HD2".to_owned(),
            score: Some(80),
            opinion: "Cần bổ sung số liệu".to_owned(),
        };
        add_opinion(&db, &clock(), &as_member, &author(), review_id, &own)
            .await
            .unwrap();

        let read = project_access::<ReadProject>(&db, &viewer, id, today)
            .await
            .unwrap();
        let page = project_page(&db, &viewer, &read, today).await.unwrap();
        assert_eq!(page.state, "mid_term_review", "{label}");
        assert!(!page.may_edit && !page.may_review, "{label}");
        assert_eq!(
            page.progress[0].rows,
            [("ND2".to_owned(), 93, 90)],
            "{label}"
        );
        assert_eq!(page.files.len(), 1);
        assert_eq!(page.files[0].size_bytes, 16);
        assert_eq!(page.files[0].sha256.len(), 64);
        let review_view = page.councils[0].review.as_ref().unwrap();
        // A reader by grant alone reads the people's names in their roles
        // and the council's figures, not each member's sheet under their
        // name, nor the accounts that act for people.
        assert!(!page.sees_opinions, "{label}");
        assert!(review_view.opinions.is_empty(), "{label}");
        assert_eq!(review_view.opinion_count, 2, "{label}");
        assert_eq!(page.project.lead().unwrap().name, "Chủ nhiệm đề tài");
        assert!(page.project.person("HD1").is_some());
        assert!(page.project.people.iter().all(|p| p.account.is_none()));
        assert_eq!(review_view.mean_score, Some(84.0), "{label}");
        assert_eq!(review_view.requests[0].owner_key, "CN");
        assert_eq!(review_view.requests[0].status, "open");
        assert_eq!(review_view.verdict, Some(Verdict::PassWithChanges));
        assert_eq!(
            page.budget,
            [300_000_000, 180_000_000, 150_000_000, 120_000_000]
        );
        let states: Vec<(&str, bool)> = page
            .links
            .iter()
            .map(|l| {
                (
                    l.kind.as_str(),
                    matches!(l.state, LinkedState::Reference { .. }),
                )
            })
            .collect();
        assert_eq!(
            states,
            [
                ("experiment", false),
                ("meeting_model", true),
                ("rubric_version", true)
            ],
            "{label}"
        );
        // The experiment resolves to its current state: a draft of two
        // pilot cells and one comparison cell, not yet evaluable.
        assert_eq!(
            page.links[0].state,
            LinkedState::Experiment {
                id: pilot,
                name: "Thí điểm mô hình ở các chi bộ".to_owned(),
                status: Status::Draft,
                pilot_cells: 2,
                comparison_cells: 1,
                intervention_from: d("2018-08-01"),
                evaluable: false,
                // A viewer reads the figures, not the datasets.
                opens_evaluation: false,
            },
            "{label}"
        );
        let whats: Vec<&str> = page.timeline.iter().map(|t| t.what).collect();
        assert_eq!(
            whats,
            [
                "research-timeline-planned-start",
                "research-timeline-progress",
                "research-timeline-council",
                "research-review-mid-term",
                "research-timeline-planned-end"
            ],
            "{label}"
        );

        // The team closes the council's request.
        let edit = project_access::<EditProject>(&db, &lead, id, today)
            .await
            .unwrap();
        let task = review_view.requests[0].id;
        set_request_status(
            &db,
            &clock(),
            &edit,
            &author(),
            review_id,
            task,
            TaskStatus::Done,
            d("2018-08-20"),
        )
        .await
        .unwrap();
        let page = project_page(&db, &lead, &edit, today).await.unwrap();
        let request = &page.councils[0].review.as_ref().unwrap().requests[0];
        assert_eq!(
            (request.status.as_str(), request.closed_on),
            ("done", Some(d("2018-08-20")))
        );
        assert!(page.may_edit && !page.may_review);
        // The team reads each member's sheet and the accounts it named.
        assert!(page.sees_opinions);
        let opinions = &page.councils[0].review.as_ref().unwrap().opinions;
        assert_eq!(opinions.len(), 2, "{label}");
        assert_eq!(
            page.project.person("CN").unwrap().account.as_deref(),
            Some("lead")
        );

        // The contract exports to the file it is imported from.
        let exported: Project =
            read_project_file("x.json", export_project(&edit).as_bytes()).unwrap();
        assert_eq!(exported, project(), "{label}");
    }
}

/// A draft experiment of the city, written as its design's record alone
/// (its cells need not exist for the project's link to resolve).
async fn draft_experiment(store: &Store) -> i64 {
    let design = Design {
        name: "Thí điểm mô hình ở các chi bộ".to_owned(),
        owner: u("CT"),
        model_version: "regular-2025@1".to_owned(),
        rubric_version: "hd12-2018@1".to_owned(),
        pilot: vec![u("CT.NK.AH.KV1"), u("CT.NK.AH.KV2")],
        comparison: vec![ComparisonCell {
            cell: u("CT.NK.AH.KV3"),
            matched_to: u("CT.NK.AH.KV1"),
            reason: String::new(),
        }],
        baseline: Window {
            from: d("2018-01-01"),
            to: d("2018-06-30"),
        },
        intervention_from: d("2018-08-01"),
        intervention_meetings: 6,
        observers_per_meeting: 1,
        outcomes: vec![Outcome::Attendance],
        matching_seed: None,
        surveys: None,
    };
    let json = serde_json::to_string(&design).unwrap();
    let mut tx = store.begin_write().await.unwrap();
    let id = tx
        .insert_experiment(
            &ExperimentWrite {
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
    id
}

/// What a refused change must leave as it was.
async fn snapshot(store: &Store, id: i64) -> (String, String, i64, usize, usize, usize, usize) {
    let project = store.research_project(id).await.unwrap().unwrap();
    let reviews = store.research_reviews(id).await.unwrap();
    let opinions = reviews.iter().map(|r| r.opinions.len()).sum();
    (
        project.record,
        project.state,
        project.row_version,
        store.research_product_files(id).await.unwrap().len(),
        reviews.len(),
        opinions,
        store.research_projects().await.unwrap().len(),
    )
}

#[tokio::test]
async fn bad_input_is_refused_where_it_is_and_changes_nothing() {
    for test in stores("research_bad_input").await {
        let store = &test.store;
        let label = test.label;
        let db = Db::from(store);
        let (id, [lead, dept, chair, _]) = setup(store).await;
        let today = clock().0;
        let lead = actor(lead, &[]);
        let dept = actor(dept, &[]);
        let chair = actor(chair, &[]);
        let manage = project_access::<ReviewProject>(&db, &dept, id, today)
            .await
            .unwrap();
        let council_id = establish_council(&db, &clock(), &manage, &author(), &council())
            .await
            .unwrap();
        let before = snapshot(store, id).await;

        // Dates out of order: a new project ending before it starts.
        let mut backwards = project();
        backwards.code = chibo_domain::research::ProjectCode::parse("ĐT.2017.01").unwrap();
        backwards.planned_end = d("2016-06-30");
        let unit = unit_access::<EditUnits>(&db, &admin(), &u("CT"), today)
            .await
            .unwrap();
        let refused = create_project(&db, &clock(), &unit, &author(), &backwards, None, false)
            .await
            .unwrap_err();
        assert!(
            fields(refused).contains(&("planned_end".to_owned(), "research-dates-out-of-order")),
            "{label}"
        );
        assert_eq!(snapshot(store, id).await, before, "{label}");

        // A product of an unknown kind.
        let edit = project_access::<EditProject>(&db, &lead, id, today)
            .await
            .unwrap();
        let mut poster = project();
        poster.products[2].kind = "poster".to_owned();
        let refused = edit_project(&db, &clock(), &edit, &author(), &poster)
            .await
            .unwrap_err();
        assert_eq!(
            fields(refused),
            [(
                "products.2.kind".to_owned(),
                "research-product-kind-unknown"
            )],
            "{label}"
        );
        assert_eq!(snapshot(store, id).await, before, "{label}");

        // A review of a project not in a reviewable state (still in
        // progress, not at its mid-term review).
        let as_chair = project_access::<ReviewProject>(&db, &chair, id, today)
            .await
            .unwrap();
        let refused = record_review(&db, &clock(), &as_chair, &author(), council_id, &review())
            .await
            .unwrap_err();
        assert_eq!(
            fields(refused),
            [("council".to_owned(), "research-review-not-reviewable")],
            "{label}"
        );
        assert_eq!(snapshot(store, id).await, before, "{label}");

        // A council member scoring twice, in one review…
        move_project(&db, &clock(), &manage, &author(), "mid_term_review")
            .await
            .unwrap();
        let before = snapshot(store, id).await;
        let as_chair = project_access::<ReviewProject>(&db, &chair, id, today)
            .await
            .unwrap();
        let mut twice = review();
        twice.opinions.push(twice.opinions[0].clone());
        let refused = record_review(&db, &clock(), &as_chair, &author(), council_id, &twice)
            .await
            .unwrap_err();
        assert_eq!(
            fields(refused),
            [("opinions.1.member".to_owned(), "research-scored-twice")],
            "{label}"
        );
        assert_eq!(snapshot(store, id).await, before, "{label}");
        // …and again after the review is recorded.
        let review_id = record_review(&db, &clock(), &as_chair, &author(), council_id, &review())
            .await
            .unwrap();
        let before = snapshot(store, id).await;
        let again = MemberOpinion {
            member: "HD1".to_owned(),
            score: Some(60),
            opinion: String::new(),
        };
        let refused = add_opinion(&db, &clock(), &as_chair, &author(), review_id, &again)
            .await
            .unwrap_err();
        assert_eq!(
            fields(refused),
            [("opinion.member".to_owned(), "research-scored-twice")],
            "{label}"
        );
        // The same council cannot record a second review.
        let as_chair = project_access::<ReviewProject>(&db, &chair, id, today)
            .await
            .unwrap();
        let refused = record_review(&db, &clock(), &as_chair, &author(), council_id, &review())
            .await
            .unwrap_err();
        assert_eq!(
            fields(refused),
            [("council".to_owned(), "research-review-twice")]
        );
        assert_eq!(snapshot(store, id).await, before, "{label}");

        // A file over the size limit.
        let edit = project_access::<EditProject>(&db, &lead, id, today)
            .await
            .unwrap();
        let mut big = b"%PDF-1.4".to_vec();
        big.resize(chibo_core::research::MAX_PRODUCT_FILE_BYTES + 1, b' ');
        let refused = attach_file(
            &db,
            &clock(),
            &edit,
            &author(),
            "SP1",
            &ProductFile {
                file_name: "bao-cao.pdf".to_owned(),
                content: big,
            },
        )
        .await
        .unwrap_err();
        assert_eq!(
            fields(refused),
            [("file".to_owned(), "research-file-too-large")],
            "{label}"
        );
        // A state the lifecycle does not allow next; evidence that is not
        // there.
        let manage = project_access::<ReviewProject>(&db, &dept, id, today)
            .await
            .unwrap();
        let refused = move_project(&db, &clock(), &manage, &author(), "applied")
            .await
            .unwrap_err();
        assert_eq!(
            fields(refused),
            [("state".to_owned(), "research-move-refused")]
        );
        for kind in ["survey_campaign", "experiment"] {
            let refused = link_evidence(
                &db,
                &clock(),
                &edit,
                &author(),
                "SP3",
                &EvidenceLink {
                    kind: kind.to_owned(),
                    key: "999".to_owned(),
                },
            )
            .await
            .unwrap_err();
            assert_eq!(
                fields(refused),
                [("link.key".to_owned(), "research-evidence-missing")],
                "{kind}"
            );
        }
        assert!(store.research_product_links(id).await.unwrap().is_empty());
        assert_eq!(snapshot(store, id).await, before, "{label}");

        // An edit prepared from a reading the department's move outdated.
        let stale = project_access::<EditProject>(&db, &lead, id, today)
            .await
            .unwrap();
        let manage = project_access::<ReviewProject>(&db, &dept, id, today)
            .await
            .unwrap();
        move_project(
            &db,
            &clock(),
            &manage,
            &author(),
            "in_progress_after_review",
        )
        .await
        .unwrap();
        let refused = edit_project(&db, &clock(), &stale, &author(), &project()).await;
        assert!(
            matches!(refused, Err(CoreError::Refused(m)) if m.id == "research-changed-meanwhile")
        );
    }
}

/// A sheet of text cells, as someone editing the workbook leaves it.
fn sheet(title: &str, columns: &[&str], rows: &[&[&str]]) -> Table {
    Table {
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
    }
}

const CONTENT_COLUMNS: &[&str] = &["Mã", "Tên", "Từ tháng", "Đến tháng"];
const PRODUCT_COLUMNS: &[&str] = &["Mã", "Loại", "Tên", "Nội dung", "Hạn", "Trạng thái"];
const BUDGET_COLUMNS: &[&str] = &["Mã", "Tên", "Được cấp", "Đã chi", "Đã quyết toán"];
const CONTENT_ROWS: &[&[&str]] = &[
    &["ND1", "Cơ sở lý luận", "12/2016", "06/2017"],
    &["ND2", "Thực trạng", "03/2017", "06/2018"],
    &["ND3", "Giải pháp và thí điểm", "07/2018", "11/2018"],
];

#[tokio::test]
async fn a_project_workbook_comes_back_whole_or_not_at_all() {
    for test in stores("research_workbook").await {
        let store = &test.store;
        let label = test.label;
        let db = Db::from(store);
        let (id, [lead, ..]) = setup(store).await;
        let lead = actor(lead, &[]);
        let today = clock().0;
        let edit = project_access::<EditProject>(&db, &lead, id, today)
            .await
            .unwrap();

        // Out and back in, in either language: the same contract.
        for lang in [Lang::Vi, Lang::En] {
            let bytes = project_workbook(&edit, lang).unwrap();
            let back = read_project_workbook(edit.project(), "dt.xlsx", &bytes).unwrap();
            assert_eq!(back, *edit.project(), "{label} {lang:?}");
        }
        let before = snapshot(store, id).await;

        // A mistake in every sheet: each located by sheet, row, column
        // and field, and nothing written.
        let bad = to_xlsx(&[
            sheet(
                "Nội dung",
                CONTENT_COLUMNS,
                &[
                    CONTENT_ROWS[0],
                    &["ND2", "Thực trạng", "13/2017", "06/2018"],
                    CONTENT_ROWS[2],
                ],
            ),
            sheet(
                "Sản phẩm",
                PRODUCT_COLUMNS,
                &[
                    &[
                        "SP1",
                        "thematic_report",
                        "4 chuyên đề",
                        "ND1",
                        "",
                        "delivered",
                    ],
                    &["SP2", "poster", "Áp phích", "ND2", "", ""],
                    &["SP3", "pilot_evaluation", "Đánh giá", "ND3", "", "xong"],
                ],
            ),
            sheet(
                "Kinh phí",
                BUDGET_COLUMNS,
                &[&["KP1", "Chuyên đề", "300.000.000", "400000000", "0"]],
            ),
        ])
        .unwrap();
        let refused =
            import_project_workbook(&db, &clock(), &edit, &author(), "sua.xlsx", bad.into())
                .await
                .unwrap_err();
        let CoreError::Invalid(problems) = refused else {
            panic!("{label}: not located");
        };
        let found: Vec<_> = problems
            .iter()
            .map(|p| {
                let at = p.location.clone().unwrap();
                (
                    at.file,
                    at.row.unwrap(),
                    at.column.unwrap(),
                    p.field.clone().unwrap(),
                    p.message.id,
                )
            })
            .collect();
        let expect = |sheet: &str, row, column: &str, field: &str, id| {
            (
                format!("sua.xlsx › {sheet}"),
                row,
                column.to_owned(),
                field.to_owned(),
                id,
            )
        };
        assert_eq!(
            found,
            [
                expect(
                    "Nội dung",
                    3,
                    "Từ tháng",
                    "contents.1.planned_from",
                    "research-workbook-month"
                ),
                expect(
                    "Sản phẩm",
                    4,
                    "Trạng thái",
                    "products.2.status",
                    "research-workbook-status"
                ),
                expect(
                    "Sản phẩm",
                    3,
                    "Loại",
                    "products.1.kind",
                    "research-product-kind-unknown"
                ),
                expect(
                    "Kinh phí",
                    2,
                    "Đã chi",
                    "budget.0.spent",
                    "research-spent-over-allocated"
                ),
            ],
            "{label}"
        );
        assert_eq!(snapshot(store, id).await, before, "{label}");

        // A sheet missing, and a file over the size limit: refused whole.
        let missing = to_xlsx(&[sheet("Nội dung", CONTENT_COLUMNS, CONTENT_ROWS)]).unwrap();
        let refused =
            import_project_workbook(&db, &clock(), &edit, &author(), "a.xlsx", missing.into())
                .await
                .unwrap_err();
        assert_eq!(
            fields(refused)
                .iter()
                .map(|(_, id)| *id)
                .collect::<Vec<_>>(),
            ["research-workbook-sheet-missing"; 2],
            "{label}"
        );
        let huge = vec![0u8; chibo_core::research::MAX_WORKBOOK_BYTES + 1];
        let refused =
            import_project_workbook(&db, &clock(), &edit, &author(), "b.xlsx", huge.into())
                .await
                .unwrap_err();
        assert_eq!(
            fields(refused)[0].1,
            "research-workbook-too-large",
            "{label}"
        );
        assert_eq!(snapshot(store, id).await, before, "{label}");

        // Edited right (a product added, amounts grouped as typed): written.
        let good = to_xlsx(&[
            sheet("Nội dung", CONTENT_COLUMNS, CONTENT_ROWS),
            sheet(
                "Sản phẩm",
                PRODUCT_COLUMNS,
                &[
                    &[
                        "SP1",
                        "thematic_report",
                        "4 chuyên đề",
                        "ND1",
                        "",
                        "delivered",
                    ],
                    &[
                        "SP4",
                        "meeting_model",
                        "Mô hình sinh hoạt",
                        "ND3",
                        "11/2018",
                        "",
                    ],
                ],
            ),
            sheet(
                "Kinh phí",
                BUDGET_COLUMNS,
                &[&["KP1", "Chuyên đề", "300.000.000", "180 000 000", ""]],
            ),
        ])
        .unwrap();
        let done = import_project_workbook(&db, &clock(), &edit, &author(), "c.xlsx", good.into())
            .await
            .unwrap();
        assert_eq!(
            (done.contents, done.products, done.budget),
            (3, 2, 1),
            "{label}"
        );
        let stored = project_access::<ReadProject>(&db, &lead, id, today)
            .await
            .unwrap();
        let p = stored.project();
        assert_eq!(p.products[1].code, "SP4", "{label}");
        assert_eq!(
            p.products[1].due.map(|m| m.to_string()).as_deref(),
            Some("11/2018")
        );
        assert_eq!(
            (p.budget[0].allocated, p.budget[0].spent),
            (300_000_000, 180_000_000)
        );
        assert_eq!(p.people, project().people, "{label}: the people are kept");
    }
    // Hostile workbooks (bombs, forged references, far cells) are refused
    // within the reader's limits, whatever they claim.
    let started = std::time::Instant::now();
    for hostile in chibo_testkit::hostile::catalogue(chibo_testkit::hostile::Size::Test) {
        let name = format!("{}.xlsx", hostile.name.trim_end_matches(".xlsx"));
        assert!(
            read_project_workbook(&project(), &name, &hostile.bytes).is_err(),
            "{}",
            hostile.name
        );
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}
