//! The survey API and the researchers' download against the results page:
//! the API's results and exports are the page's figures, hidden ones as
//! the same reasons; a campaign set up, given codes, opened and closed
//! through the API; the response file downloaded from the results page's
//! link is the zip of data, codebook and README, without a cell or a free
//! text.

use std::io::Read as _;

use crate::common::{api, get, send, sites};
use crate::surveys::{answer_in_cells, campaign, close};

#[tokio::test]
async fn the_api_gives_the_results_pages_figures_and_reasons() {
    for site in sites("web_survey_api_results").await {
        let router = site.router();
        let (id, codes) = campaign(&site, "CT.NK.AH", true, 14).await;
        answer_in_cells(&site, &codes, &[("CT.NK.AH.KV1", 14), ("CT.NK.AH.KV2", 3)]).await;
        close(&site, id).await;
        let token = site.api_token("staff").await;
        let (staff, _) = site.session("staff").await;

        let results = send(
            &router,
            api(
                "GET",
                &format!("/api/v1/survey-campaigns/{id}/results"),
                &token,
                None,
            ),
        )
        .await;
        assert_eq!(results.status, 200, "{}", results.body);
        let body = results.json();
        assert_eq!(body["unit"], "CT.NK.AH");
        let tables = body["tables"].as_array().unwrap();
        let by_unit = tables
            .iter()
            .find(|t| t["id"] == "survey-results-by-unit")
            .unwrap();
        // Khu vực 2 (3 answers) hidden for its size, Khu vực 1 to protect
        // it: reasons only, never a number, as on the page.
        for (name, reason) in [
            ("Chi bộ Khu vực 2", "Ẩn: dưới 10 người trả lời"),
            ("Chi bộ Khu vực 1", "Ẩn để không suy ra được nhóm bị ẩn"),
        ] {
            let row = by_unit["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r[0]["text"] == name)
                .unwrap_or_else(|| panic!("{name}"));
            for cell in &row.as_array().unwrap()[1..] {
                assert_eq!(cell["hidden"], true, "{name}: {cell}");
                assert!(cell["value"].is_null(), "{name}: {cell}");
                assert_eq!(cell["text"], reason, "{name}");
            }
        }
        let overview = tables
            .iter()
            .find(|t| t["id"] == "survey-results-overview")
            .unwrap();
        let respondents: Vec<f64> = overview["rows"][0]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["value"].as_f64())
            .collect();
        assert!(respondents.contains(&17.0), "{overview}");

        // The export is the page's download, byte for byte.
        let page_csv = send(
            &router,
            get(
                &format!("/surveys/campaigns/{id}/results.csv"),
                Some(&staff),
            ),
        )
        .await;
        let api_csv = send(
            &router,
            api(
                "GET",
                &format!("/api/v1/survey-campaigns/{id}/results/export?format=csv"),
                &token,
                None,
            ),
        )
        .await;
        assert_eq!(api_csv.status, 200);
        assert_eq!(api_csv.bytes, page_csv.bytes);
        // A unit of the subtree: the same drill-down as the page.
        let down = send(
            &router,
            api(
                "GET",
                &format!("/api/v1/survey-campaigns/{id}/results?unit=CT.NK.AH.KV2"),
                &token,
                None,
            ),
        )
        .await;
        assert_eq!(down.status, 200);
        assert!(down.body.contains("Ẩn: dưới 10 người trả lời"));
        assert!(!down.body.contains("survey-results-reliability"));
    }
}

#[tokio::test]
async fn a_campaign_runs_through_the_api_and_researchers_download_its_responses() {
    for site in sites("web_survey_api_campaign").await {
        let router = site.router();
        let staff = site.api_token("staff").await;
        let call = |method: &'static str, path: String, token: String, body: Option<&str>| {
            let router = router.clone();
            let body = body.map(str::to_owned);
            async move {
                send(
                    &router,
                    api(method, &format!("/api/v1{path}"), &token, body.as_deref()),
                )
                .await
            }
        };
        let created = call(
            "POST",
            "/units/CT.NK.AH/survey-campaigns".into(),
            staff.clone(),
            Some(
                r#"{"form_id":"chibo-default","version":"2026.1","title":"Khảo sát qua API","opens_on":"2024-06-30","closes_on":"2024-07-30"}"#,
            ),
        )
        .await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.json()["id"].as_i64().unwrap();
        assert_eq!(created.json()["state"], "draft");
        let codes = call(
            "POST",
            format!("/survey-campaigns/{id}/codes"),
            staff.clone(),
            Some(r#"{"per_cell":8}"#),
        )
        .await;
        assert_eq!(codes.status, 201);
        let issued = codes.json()["items"].as_array().unwrap().clone();
        assert!(!issued.is_empty());
        // Shown once: the campaign lists counts, never a code.
        let details = call(
            "GET",
            format!("/survey-campaigns/{id}"),
            staff.clone(),
            None,
        )
        .await;
        assert_eq!(details.status, 200);
        for code in &issued {
            assert!(!details.body.contains(code["code"].as_str().unwrap()));
        }
        let open = call(
            "POST",
            format!("/survey-campaigns/{id}/open"),
            staff.clone(),
            None,
        )
        .await;
        assert_eq!(open.json()["state"], "open");
        let stored: Vec<chibo_core::surveys::codes::IssuedCode> = issued
            .iter()
            .map(|c| chibo_core::surveys::codes::IssuedCode {
                slip: c["slip"].as_i64().unwrap(),
                cell: chibo_domain::UnitCode::parse(c["cell"].as_str().unwrap()).unwrap(),
                code: c["code"].as_str().unwrap().to_owned(),
            })
            .collect();
        answer_in_cells(&site, &stored, &[("CT.NK.AH.KV1", 8), ("CT.NK.AH.KV2", 2)]).await;

        // While open, no researcher gets the answers.
        let researcher = site.api_token("researcher").await;
        let early = call(
            "GET",
            format!("/survey-campaigns/{id}/dataset"),
            researcher.clone(),
            None,
        )
        .await;
        assert_eq!(early.status, 422);
        assert_eq!(early.json()["code"], "refused");

        let closed = call(
            "POST",
            format!("/survey-campaigns/{id}/close"),
            staff.clone(),
            None,
        )
        .await;
        assert_eq!(closed.json()["state"], "closed");
        let listed = call(
            "GET",
            "/units/CT.NK/survey-campaigns".into(),
            researcher.clone(),
            None,
        )
        .await;
        assert_eq!(listed.status, 200);
        assert_eq!(
            listed.json()["items"],
            serde_json::json!([]),
            "the campaign is the ward's, not the district's"
        );
        let listed = call(
            "GET",
            "/units/CT.NK.AH/survey-campaigns".into(),
            researcher.clone(),
            None,
        )
        .await;
        let ids: Vec<i64> = listed.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [id]);

        // The results page links to the download; the researcher's zip.
        let (staff_cookie, _) = site.session("staff").await;
        let page = send(
            &router,
            get(
                &format!("/surveys/campaigns/{id}/results"),
                Some(&staff_cookie),
            ),
        )
        .await;
        let link = format!("/surveys/campaigns/{id}/dataset.zip");
        assert!(page.body.contains(&format!("href=\"{link}\"")));
        let (cookie, _) = site.session("researcher").await;
        let zip = send(&router, get(&link, Some(&cookie))).await;
        assert_eq!(zip.status, 200);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.bytes.clone())).unwrap();
        let mut read = |name: &str| {
            let mut text = String::new();
            archive
                .by_name(name)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        };
        let data = read("responses.csv");
        let codebook = read("codebook.csv");
        let readme = read("README.txt");
        // Ten responses in one sector under the ward, k = 5: every row
        // released with the ward as its unit.
        assert_eq!(data.lines().count(), 11, "{data}");
        assert!(
            data.lines().skip(1).all(|l| l.contains(",CT.NK.AH,")),
            "{data}"
        );
        assert!(!data.contains("CT.NK.AH.KV"), "no cell in the file");
        assert!(!data.lines().next().unwrap().split(',').any(|c| c == "q27"));
        assert!(codebook.contains("q13"), "{codebook}");
        assert!(readme.contains("k = 5"), "{readme}");
        let api_zip = call(
            "GET",
            format!("/survey-campaigns/{id}/dataset"),
            researcher,
            None,
        )
        .await;
        assert_eq!(api_zip.status, 200);
        assert_eq!(
            api_zip.headers[axum::http::header::CONTENT_TYPE],
            "application/zip"
        );
    }
}
