//! Research projects through `/api/v1`: a contract registered and
//! replaced, a progress report and a council's review recorded, each bad
//! input refused by its field with nothing written; and what a reader by
//! grant alone reads: the people's names in their roles, not each council
//! member's sheet nor the accounts acting for people.

use crate::common::{api, send, sites};

/// A new project of CT.NK with `code`, in the body `POST /projects` takes.
pub fn new_project(code: &str, kind: &str) -> String {
    format!(
        r#"{{"unit":"CT.NK","state":"in_progress","project":{{"code":"{code}","title":"Đề tài qua API","host_agency":"Ban Tuyên giáo","managing_department":"Sở Khoa học và Công nghệ","planned_start":"2024-01-01","planned_end":"2025-12-31","people":[{{"key":"CN","name":"Chủ nhiệm API","team_role":"lead","account":"secretary"}}],"contents":[{{"code":"ND1","title":"Lý luận","planned_from":"01/2024","planned_to":"12/2024"}}],"products":[{{"code":"SP1","kind":"{kind}","title":"Chuyên đề","content":"ND1"}}]}}}}"#
    )
}

/// The test project's contract with `code`, as `PUT /projects/{id}` takes
/// it; `kind` for its second product.
pub fn contract(code: &str, kind: &str) -> String {
    crate::projects::PROJECT
        .replace("ĐT.TEST.01", code)
        .replace("\"pilot_evaluation\"", &format!("\"{kind}\""))
}

pub const PROGRESS: &str = r#"{"period_end":"2024-05-31","submitted_on":"2024-06-05","rows":[{"content":"ND1","actual_percent":100},{"content":"ND2","actual_percent":20}]}"#;

pub const REVIEW: &str = r#"{"held_on":"2024-06-30","contents":[{"content":"ND1","done":"done"}],"opinions":[{"member":"HD1","score":86,"opinion":"Đạt tiến độ"},{"member":"HD2","score":80}],"verdict":"pass_with_changes","conclusion":"Đạt yêu cầu giữa kỳ","requests":[{"title":"Hoàn thiện bộ tiêu chí","owner":"CN","deadline":"2024-09-30"}]}"#;

#[tokio::test]
async fn a_project_is_recorded_through_the_api_and_bad_input_changes_nothing() {
    for site in sites("web_project_api").await {
        let router = site.router();
        let admin = site.api_token("admin").await;
        let evaluator = site.api_token("evaluator").await;
        let lead = site.api_token("secretary").await;
        let researcher = site.api_token("researcher").await;
        let (id, council, _) =
            crate::projects::project(&site, "CT.NK.AH", "ĐT.API.02", false).await;
        let record = || async {
            site.store()
                .research_project(id)
                .await
                .unwrap()
                .unwrap()
                .record
        };

        // Registered by whoever edits the unit; an unknown product kind
        // and dates out of order are named by their fields.
        let created = send(
            &router,
            api(
                "POST",
                "/api/v1/projects",
                &admin,
                Some(&new_project("ĐT.API.03", "thematic_report")),
            ),
        )
        .await;
        assert_eq!(created.status, 201, "{}", created.body);
        assert_eq!(created.json()["project"]["state"], "in_progress");
        let before = site.store().research_projects().await.unwrap().len();
        let poster = new_project("ĐT.API.04", "poster").replace("2025-12-31", "2023-06-30");
        let refused = send(
            &router,
            api("POST", "/api/v1/projects", &admin, Some(&poster)),
        )
        .await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        let fields: Vec<String> = refused.json()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap().to_owned())
            .collect();
        assert!(
            fields.contains(&"project.products[0].kind".to_owned()),
            "{fields:?}"
        );
        assert!(
            fields.contains(&"project.planned_end".to_owned()),
            "{fields:?}"
        );
        assert_eq!(
            site.store().research_projects().await.unwrap().len(),
            before
        );

        // The team replaces the contract; a product of an unknown kind is
        // refused and the record stays as it was.
        let path = format!("/api/v1/projects/{id}");
        let stored = record().await;
        let bad = send(
            &router,
            api("PUT", &path, &lead, Some(&contract("ĐT.API.02", "poster"))),
        )
        .await;
        assert_eq!(bad.status, 422, "{}", bad.body);
        assert_eq!(bad.json()["fields"][0]["field"], "products[1].kind");
        assert_eq!(record().await, stored);
        let good = send(
            &router,
            api(
                "PUT",
                &path,
                &lead,
                Some(&contract("ĐT.API.02", "final_report")),
            ),
        )
        .await;
        assert_eq!(good.status, 200, "{}", good.body);
        assert_eq!(
            good.json()["contract"]["products"][1]["kind"],
            "final_report"
        );
        // The department reviews; it does not edit the contract.
        let denied = send(
            &router,
            api(
                "PUT",
                &path,
                &evaluator,
                Some(&contract("ĐT.API.02", "final_report")),
            ),
        )
        .await;
        assert_eq!(denied.status, 404);

        // A progress report, once per period.
        let progress = format!("{path}/progress");
        let reported = send(&router, api("POST", &progress, &lead, Some(PROGRESS))).await;
        assert_eq!(reported.status, 201, "{}", reported.body);
        let rows = &reported.json()["project"]["progress"][0]["rows"];
        assert_eq!(
            rows[1]["planned_percent"], 27,
            "5 of ND2's 18 months by May"
        );
        assert_eq!(rows[1]["actual_percent"], 20);
        let again = send(&router, api("POST", &progress, &lead, Some(PROGRESS))).await;
        assert_eq!(again.status, 422);
        assert_eq!(again.json()["fields"][0]["field"], "period_end");

        // A member scoring twice, then the review; then a second one.
        let review = format!("{path}/councils/{council}/review");
        let twice = REVIEW.replace(
            r#"{"member":"HD2","score":80}"#,
            r#"{"member":"HD1","score":80}"#,
        );
        let refused = send(&router, api("POST", &review, &evaluator, Some(&twice))).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(refused.json()["fields"][0]["field"], "opinions[1].member");
        assert!(site.store().research_reviews(id).await.unwrap().is_empty());
        let recorded = send(&router, api("POST", &review, &evaluator, Some(REVIEW))).await;
        assert_eq!(recorded.status, 201, "{}", recorded.body);
        let review_body = &recorded.json()["project"]["councils"][0]["reviews"][0];
        assert_eq!(review_body["mean_score"], 83.0);
        assert_eq!(review_body["opinions"].as_array().unwrap().len(), 2);
        assert_eq!(review_body["requests"][0]["owner"], "CN");
        let second = send(&router, api("POST", &review, &evaluator, Some(REVIEW))).await;
        assert_eq!(second.status, 422);
        assert_eq!(site.store().research_reviews(id).await.unwrap().len(), 1);

        // A researcher reads the people by name in their roles and the
        // council's figures, not each member's sheet nor the accounts.
        let read = send(&router, api("GET", &path, &researcher, None)).await;
        assert_eq!(read.status, 200, "{}", read.body);
        let body = read.json();
        let names: Vec<&str> = body["contract"]["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"Chủ nhiệm Thử"), "{names:?}");
        assert_eq!(
            body["councils"][0]["members"][0]["name"],
            "Chủ tịch Hội đồng"
        );
        let review_body = &body["councils"][0]["reviews"][0];
        assert_eq!(review_body["opinions"].as_array().unwrap().len(), 0);
        assert_eq!(review_body["opinion_count"], 2);
        assert_eq!(review_body["mean_score"], 83.0);
        assert!(!read.body.contains("Đạt tiến độ"), "no member's opinion");
        assert!(
            body["contract"]["people"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["account"].is_null()),
            "no account named"
        );
        // The project's lead reads them.
        let team = send(&router, api("GET", &path, &lead, None)).await;
        assert!(team.body.contains("Đạt tiến độ"));
        assert_eq!(team.json()["contract"]["people"][0]["account"], "secretary");
    }
}
