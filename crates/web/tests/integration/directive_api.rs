//! Directives through `/api/v1` on the real router: a district issues one
//! to two cells, a cell's secretary records its steps, the district's
//! progress follows, a superior checks, and the registers and files go
//! out and back in. Every refusal is located and changes nothing; a cell
//! sees only what targets it, a committee only its subtree.

use axum::body::Body;
use axum::http::{Request, header};
use serde_json::Value;

use crate::common::{self, Answer, Site, api, send, sites};

const ISSUER: &str = "CT.NK";
const CELL: &str = "CT.NK.AH.KV1";
const NEIGHBOUR: &str = "CT.NK.AH.KV2";

/// A plan of the district to two cells of An Hòa, to be taught by the end
/// of July and reported by mid-August.
pub(crate) fn new_directive(number: &str) -> String {
    format!(
        r#"{{"number":"{number}","issued_on":"2024-06-10","title":"Kế hoạch thực hiện Hướng dẫn 42-HD/BTCTW","summary":"Quán triệt và tổ chức thực hiện","must_teach":true,"target_units":["{CELL}","{NEIGHBOUR}"],"deadlines":[{{"level":"cell","stage":"teach_by","due":"2024-07-31"}},{{"level":"cell","stage":"report_by","due":"2024-08-15"}}]}}"#
    )
}

/// Issues [`new_directive`] through the API as `username`; its id.
pub(crate) async fn issue(site: &Site, token: &str, number: &str) -> i64 {
    let answer = send(
        &site.router(),
        api(
            "POST",
            &format!("/api/v1/units/{ISSUER}/directives"),
            token,
            Some(&new_directive(number)),
        ),
    )
    .await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    answer.json()["id"].as_i64().unwrap()
}

pub(crate) fn file(
    method: &str,
    path: &str,
    token: &str,
    content_type: &str,
    body: &[u8],
) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body.to_vec()))
        .unwrap()
}

async fn get(site: &Site, token: &str, path: &str) -> Answer {
    send(
        &site.router(),
        api("GET", &format!("/api/v1{path}"), token, None),
    )
    .await
}

async fn post(site: &Site, token: &str, path: &str, body: &str) -> Answer {
    send(
        &site.router(),
        api("POST", &format!("/api/v1{path}"), token, Some(body)),
    )
    .await
}

fn fields(answer: &Answer) -> Vec<String> {
    answer.json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect()
}

async fn progress(site: &Site, token: &str, unit: &str, id: i64) -> Value {
    let answer = get(site, token, &format!("/units/{unit}/directives/{id}")).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.json()
}

#[tokio::test]
async fn a_directive_issued_taught_reported_and_checked_through_the_api() {
    for site in sites("web_directive_api_flow").await {
        let staff = site.api_token("staff").await;
        let secretary = site.api_token("secretary").await;
        let id = issue(&site, &staff, "9-KH/QU").await;

        // The registers: issued by the district, received by the cell.
        let issued = get(&site, &staff, "/units/CT.NK/directives").await;
        assert_eq!(issued.status, 200, "{}", issued.body);
        let items = issued.json()["items"].as_array().unwrap().clone();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["number"], "9-KH/QU");
        assert_eq!(items[0]["doc_type"], "KH");
        assert_eq!(items[0]["target"]["units"].as_array().unwrap().len(), 2);
        let received = get(
            &site,
            &secretary,
            &format!("/units/{CELL}/directives?direction=received"),
        )
        .await;
        assert_eq!(received.status, 200, "{}", received.body);
        assert_eq!(received.json()["items"][0]["id"], id);

        let before = progress(&site, &staff, ISSUER, id).await;
        assert_eq!(before["unit"]["target_units"], 2);
        assert_eq!(before["unit"]["taught_units"], 0);
        assert_eq!(before["unit"]["coverage"], 0.0);

        // The cell's steps: received, then a conference teaching 1 of 2.
        let path = format!("/units/{CELL}/directives/{id}/events");
        let answer = post(
            &site,
            &secretary,
            &path,
            r#"{"step":"received","on":"2024-06-12"}"#,
        )
        .await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        let answer = post(
            &site,
            &secretary,
            &path,
            r#"{"step":"taught","on":"2024-06-20","present":1,"eligible":2}"#,
        )
        .await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        assert_eq!(answer.json()["unit"]["taught_units"], 1);

        let after = progress(&site, &staff, ISSUER, id).await;
        assert_eq!(after["unit"]["taught_units"], 1);
        assert_eq!(after["unit"]["coverage"], 0.5);
        assert_eq!(after["unit"]["member_reach"], 0.5);
        assert_eq!(after["unit"]["days_to_teach_median"], 10.0);
        // The ward's row below the district carries the same counts.
        let ward = after["below"].as_array().unwrap();
        assert_eq!(ward.len(), 1);
        assert_eq!(ward[0]["unit"], "CT.NK.AH");
        assert_eq!(ward[0]["taught_units"], 1);

        // A step that goes backwards is refused and changes nothing.
        let backwards = post(
            &site,
            &secretary,
            &path,
            r#"{"step":"received","on":"2024-06-21"}"#,
        )
        .await;
        assert_eq!(backwards.status, 422, "{}", backwards.body);
        assert_eq!(fields(&backwards), vec!["event".to_owned()]);
        assert_eq!(
            progress(&site, &staff, ISSUER, id).await["unit"],
            after["unit"]
        );

        // The report, then the district's check.
        let answer = post(
            &site,
            &secretary,
            &path,
            r#"{"step":"reported","on":"2024-06-25"}"#,
        )
        .await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        let check = r#"{"step":"checked","on":"2024-06-28","rating":"good","checked_by":"CT.NK"}"#;
        // The secretary may not check her own cell.
        let refused = post(&site, &secretary, &path, check).await;
        assert_eq!(refused.status, 404, "{}", refused.body);
        let answer = post(&site, &staff, &path, check).await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        let events = send(
            &site.router(),
            api(
                "GET",
                "/api/v1/units/CT.NK/directives/export?table=events&format=csv",
                &staff,
                None,
            ),
        )
        .await;
        assert_eq!(events.status, 200, "{}", events.body);
        assert!(
            events.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        for step in ["received", "taught", "reported", "checked"] {
            assert!(events.body.contains(step), "{step}: {}", events.body);
        }
        let now = progress(&site, &staff, ISSUER, id).await;
        assert_eq!(now["unit"]["reports_on_time"], 1);
        // Late: the neighbour has not taught by 30/06, which is before its
        // deadline, so no unit is late yet; as of 01/08 it is.
        assert_eq!(now["late"].as_array().unwrap().len(), 0);
        let later = get(
            &site,
            &staff,
            &format!("/units/{ISSUER}/directives/{id}?as_of=2024-08-01"),
        )
        .await;
        assert_eq!(later.status, 200, "{}", later.body);
        let late = later.json()["late"].as_array().unwrap().clone();
        assert_eq!(late.len(), 1, "{late:?}");
        assert_eq!(late[0]["unit"], NEIGHBOUR);
        assert_eq!(late[0]["missed"][0]["stage"], "teach_by");
    }
}

#[tokio::test]
async fn a_cell_sees_only_what_targets_it_and_a_committee_only_its_subtree() {
    for site in sites("web_directive_api_scope").await {
        let staff = site.api_token("staff").await;
        let admin = site.api_token("admin").await;
        let secretary = site.api_token("secretary").await;
        let id = issue(&site, &staff, "10-KH/QU").await;
        // The secretary reads the directive from her cell, with her row only.
        let own = progress(&site, &secretary, CELL, id).await;
        assert_eq!(own["unit"]["unit"], CELL);
        assert!(own["below"].as_array().unwrap().is_empty());
        // Not from the ward above her cell, nor the neighbour cell.
        for unit in ["CT.NK.AH", NEIGHBOUR, ISSUER] {
            let answer = get(&site, &secretary, &format!("/units/{unit}/directives/{id}")).await;
            assert_eq!(answer.status, 404, "{unit}: {}", answer.body);
        }
        // Nor may she record the neighbour's steps.
        let answer = post(
            &site,
            &secretary,
            &format!("/units/{NEIGHBOUR}/directives/{id}/events"),
            r#"{"step":"received","on":"2024-06-12"}"#,
        )
        .await;
        assert_eq!(answer.status, 404, "{}", answer.body);
        // A directive of Bình Thủy is outside the district's staff, and
        // a unit of Bình Thủy it did not reach answers the same 404.
        let outside = {
            let answer = send(
                &site.router(),
                api(
                    "POST",
                    "/api/v1/units/CT.BT/directives",
                    &admin,
                    Some(
                        &new_directive("11-KH/QU")
                            .replace(CELL, "CT.BT.LT.KV1")
                            .replace(&format!(",\"{NEIGHBOUR}\""), ""),
                    ),
                ),
            )
            .await;
            assert_eq!(answer.status, 201, "{}", answer.body);
            answer.json()["id"].as_i64().unwrap()
        };
        for (unit, directive) in [("CT.BT", outside), ("CT.NK", outside), ("CT.BT", id)] {
            let answer = get(
                &site,
                &staff,
                &format!("/units/{unit}/directives/{directive}"),
            )
            .await;
            assert_eq!(answer.status, 404, "{unit} {directive}: {}", answer.body);
        }
        let answer = get(&site, &admin, &format!("/units/CT.BT/directives/{id}")).await;
        assert_eq!(answer.status, 404, "not reached: {}", answer.body);
        let register = get(&site, &staff, "/units/CT.BT/directives").await;
        assert_eq!(register.status, 404);
        // The secretary may not issue, nor import.
        let answer = post(
            &site,
            &secretary,
            &format!("/units/{CELL}/directives"),
            &new_directive("1-KH/CB"),
        )
        .await;
        assert_eq!(answer.status, 404, "{}", answer.body);
    }
}

#[tokio::test]
async fn bad_directives_are_refused_by_field_and_nothing_is_written() {
    for site in sites("web_directive_api_bad").await {
        let staff = site.api_token("staff").await;
        issue(&site, &staff, "12-KH/QU").await;
        let path = "/units/CT.NK/directives";
        let cases: Vec<(String, &str)> = vec![
            // The same number and date twice.
            (new_directive("12-KH/QU"), "number"),
            // A number without its symbol.
            (new_directive("12"), "number"),
            // A deadline before the issue date.
            (
                new_directive("13-KH/QU").replace("2024-07-31", "2024-06-01"),
                "deadlines.cell.teach_by",
            ),
            // A target outside the issuer's subtree.
            (
                new_directive("14-KH/QU").replace(NEIGHBOUR, "CT.BT.LT.KV1"),
                "target",
            ),
            // A deadline of a level that does not exist.
            (
                new_directive("15-KH/QU").replace(
                    r#""level":"cell","stage":"report_by""#,
                    r#""level":"xa","stage":"report_by""#,
                ),
                "deadlines[1].level",
            ),
        ];
        for (body, field) in cases {
            let answer = post(&site, &staff, path, &body).await;
            assert_eq!(answer.status, 422, "{field}: {}", answer.body);
            assert!(
                fields(&answer).iter().any(|f| f == field),
                "{field}: {}",
                answer.body
            );
        }
        let register = get(&site, &staff, path).await;
        assert_eq!(register.json()["items"].as_array().unwrap().len(), 1);
        // An unknown field is refused by its name.
        let answer = post(
            &site,
            &staff,
            path,
            &new_directive("16-KH/QU").replace("\"summary\"", "\"tom_tat\""),
        )
        .await;
        assert_eq!(answer.status, 422, "{}", answer.body);
    }
}

#[tokio::test]
async fn directives_and_their_steps_go_out_and_back_in_as_files() {
    for site in sites("web_directive_api_files").await {
        let staff = site.api_token("staff").await;
        let id = issue(&site, &staff, "17-KH/QU").await;
        let router = site.router();
        let export = |format: &str, table: &str| {
            api(
                "GET",
                &format!("/api/v1/units/CT.NK/directives/export?table={table}&format={format}"),
                &staff,
                None,
            )
        };
        let csv = send(&router, export("csv", "directives")).await;
        assert_eq!(csv.status, 200, "{}", csv.body);
        assert!(csv.body.contains("17-KH/QU"), "{}", csv.body);
        let xlsx = send(&router, export("xlsx", "directives")).await;
        assert_eq!(xlsx.status, 200);
        assert!(xlsx.bytes.starts_with(b"PK"), "an XLSX is a zip");
        let import = |query: &str, content_type: &str, body: &[u8]| {
            file(
                "POST",
                &format!("/api/v1/units/CT.NK/directives/import?{query}"),
                &staff,
                content_type,
                body,
            )
        };
        // The file read back: the same directive, unchanged; as XLSX too.
        let again = send(&router, import("table=directives", "text/csv", &csv.bytes)).await;
        assert_eq!(again.status, 200, "{}", again.body);
        assert_eq!(again.json()["unchanged"], 1);
        assert_eq!(again.json()["created"], 0);
        let again = send(
            &router,
            import("table=directives", common_xlsx(), &xlsx.bytes),
        )
        .await;
        assert_eq!(again.status, 200, "{}", again.body);
        assert_eq!(again.json()["unchanged"], 1);

        // A new directive in a dry run writes nothing; then for real.
        let text = String::from_utf8_lossy(&csv.bytes).replace("17-KH/QU", "18-KH/QU");
        let dry = send(
            &router,
            import("table=directives&dry_run=true", "text/csv", text.as_bytes()),
        )
        .await;
        assert_eq!(dry.status, 200, "{}", dry.body);
        assert_eq!(dry.json()["created"], 1);
        assert_eq!(dry.json()["dry_run"], true);
        let count = |answer: Answer| answer.json()["items"].as_array().unwrap().len();
        assert_eq!(
            count(get(&site, &staff, "/units/CT.NK/directives").await),
            1
        );
        let real = send(
            &router,
            import("table=directives", "text/csv", text.as_bytes()),
        )
        .await;
        assert_eq!(real.status, 200, "{}", real.body);
        assert_eq!(
            count(get(&site, &staff, "/units/CT.NK/directives").await),
            2
        );

        // Another issuer's row is refused at its cell, with nothing written;
        // the export's CRLF line ends keep the row number right.
        let other = text
            .replace("18-KH/QU", "19-KH/QU")
            .replacen("CT.NK,", "CT.BT,", 1);
        let refused = send(
            &router,
            import("table=directives", "text/csv", other.as_bytes()),
        )
        .await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(
            fields(&refused),
            vec!["2.issuer".to_owned()],
            "{}",
            refused.body
        );
        assert_eq!(
            count(get(&site, &staff, "/units/CT.NK/directives").await),
            2
        );

        // Steps: two rows, the second going backwards: all refused.
        let steps = format!(
            "issuer,number,issued_on,unit,step,on,present,eligible\n\
             CT.NK,17-KH/QU,10/06/2024,{CELL},taught,20/06/2024,2,2\n\
             CT.NK,17-KH/QU,10/06/2024,{CELL},received,21/06/2024,,\n"
        );
        let refused = send(
            &router,
            import("table=events", "text/csv", steps.as_bytes()),
        )
        .await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(
            fields(&refused),
            vec!["3.step".to_owned()],
            "{}",
            refused.body
        );
        assert_eq!(
            progress(&site, &staff, ISSUER, id).await["unit"]["taught_units"],
            0
        );
        let good: String = steps.lines().take(2).collect::<Vec<_>>().join("\n");
        let taken = send(&router, import("table=events", "text/csv", good.as_bytes())).await;
        assert_eq!(taken.status, 200, "{}", taken.body);
        assert_eq!(
            progress(&site, &staff, ISSUER, id).await["unit"]["taught_units"],
            1
        );

        // A body that is neither CSV nor XLSX.
        let wrong = send(&router, import("table=events", "text/plain", b"x")).await;
        assert_eq!(wrong.status, 415, "{}", wrong.body);
    }
}

fn common_xlsx() -> &'static str {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

/// The committee's dashboard compares its sub-units and their sectors on
/// the directives that reached it, and follows each recorded step.
#[tokio::test]
async fn the_direction_against_execution_dashboard_follows_the_steps() {
    for site in sites("web_directive_dashboard").await {
        let staff = site.api_token("staff").await;
        let secretary = site.api_token("secretary").await;
        let id = issue(&site, &staff, "50-KH/QU").await;
        let (cookie, _) = site.session("staff").await;
        let router = site.router();
        let page = |path: &str| common::get(path, Some(&cookie));
        let overview = send(&router, page("/units/CT.NK/dashboard?period=2024")).await;
        assert_eq!(overview.status, 200);
        assert!(
            overview.body.contains("/units/CT.NK/dashboard/directives?"),
            "the dashboard's tabs lead to the comparison"
        );
        let path = "/units/CT.NK/dashboard/directives?period=2024";
        let before = send(&router, page(path)).await;
        assert_eq!(before.status, 200, "{}", before.body);
        assert!(
            before.body.contains("Đảng bộ phường An Hòa"),
            "{}",
            before.body
        );
        assert!(before.body.contains("<svg"), "a chart");
        assert!(before.body.contains("0,0 %"));
        let answer = post(
            &site,
            &secretary,
            &format!("/units/{CELL}/directives/{id}/events"),
            r#"{"step":"taught","on":"2024-06-20","present":2,"eligible":2}"#,
        )
        .await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        let after = send(&router, page(path)).await;
        assert!(after.body.contains("50,0 %"), "{}", after.body);
        let csv = send(
            &router,
            page("/units/CT.NK/dashboard/directives.csv?period=2024&table=0"),
        )
        .await;
        assert_eq!(csv.status, 200);
        let text = csv.body.clone();
        let ward = text
            .lines()
            .find(|l| l.contains("An Hòa"))
            .unwrap_or_else(|| panic!("{text}"));
        // Directives 1, targets 2, taught 1, coverage 50 %.
        assert!(ward.contains(",1,2,1,50"), "{ward}");
        let xlsx = send(
            &router,
            page("/units/CT.NK/dashboard/directives.xlsx?period=2024"),
        )
        .await;
        assert_eq!(xlsx.status, 200);
        assert!(xlsx.bytes.starts_with(b"PK"));
        // A cell's secretary does not see the district's comparison.
        let (secretary_cookie, _) = site.session("secretary").await;
        let denied = send(&router, common::get(path, Some(&secretary_cookie))).await;
        assert_eq!(denied.status, 404);
        // English second.
        let english = send(
            &router,
            page("/units/CT.NK/dashboard/directives?period=2024&lang=en"),
        )
        .await;
        assert!(
            english.body.contains("Direction and execution"),
            "{}",
            english.body
        );
    }
}

/// Once the cell reported on a directive, the meeting that taught it
/// cannot lose the teaching: the form says so beside the box and nothing
/// changes.
#[tokio::test]
async fn a_teaching_stays_on_the_meeting_once_the_cell_reported() {
    use crate::directive_agenda::{CELL, SECRETARY, WARD, at, fields_of_page};
    for site in sites("web_directive_untick_after_report").await {
        let router = site.router();
        let codes = common::add_large_cell(&site, CELL, 8, SECRETARY).await;
        let directive = crate::directive_agenda::issue(&site, WARD, "12-KH/ĐU").await;
        let (cookie, _) = site.session(SECRETARY).await;
        let cookie = Some(cookie.as_str());
        let form = send(
            &router,
            common::get(&format!("/units/{CELL}/meetings/new"), cookie),
        )
        .await;
        let fields = fields_of_page(&form.body, &codes, &[directive]);
        let answer = send(
            &router,
            common::post_fields(&format!("/units/{CELL}/meetings/new"), cookie, &fields),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let id = common::meeting_id(answer.location());
        let taught = at(&site, directive, WARD).await;
        assert_eq!(taught.0, 1);
        let token = site.api_token(SECRETARY).await;
        let reported = post(
            &site,
            &token,
            &format!("/units/{CELL}/directives/{directive}/events"),
            r#"{"step":"reported","on":"2024-06-29"}"#,
        )
        .await;
        assert_eq!(reported.status, 201, "{}", reported.body);

        let page = send(&router, common::get(&format!("/meetings/{id}"), cookie)).await;
        let mut unticked = fields_of_page(&page.body, &codes, &[]);
        unticked.push((
            "row_version".to_owned(),
            common::hidden(&page.body, "row_version"),
        ));
        let answer = send(
            &router,
            common::post_fields(&format!("/meetings/{id}"), cookie, &unticked),
        )
        .await;
        assert_ne!(answer.status, 303, "refused");
        assert!(
            answer.body.contains("không thể bỏ việc quán triệt"),
            "{}",
            answer.body
        );
        assert_eq!(at(&site, directive, WARD).await, taught);
        assert_eq!(
            site.store().meeting_directive_ids(id).await.unwrap(),
            [directive]
        );
    }
}

/// A regular meeting imported from a file moves a "next regular meeting"
/// deadline as one saved through the form does: the tallies after the
/// import equal a recount, and the cell is judged on that meeting.
#[tokio::test]
async fn imported_meetings_bring_the_directive_tallies_up_to_date() {
    use crate::directive_agenda::{CELL, SECRETARY, WARD};
    use chibo_core::import::meetings::{MeetingImportOptions, import_meetings};
    use chibo_core::operator::Operator;
    use chibo_core::tabular::{ReadLimits, parse_csv};
    for site in sites("web_directive_meeting_import").await {
        let codes = common::add_large_cell(&site, CELL, 8, SECRETARY).await;
        let directive = crate::directive_agenda::issue(&site, WARD, "14-KH/ĐU").await;
        let day: chibo_domain::NaiveDate = "2024-06-30".parse().unwrap();
        let judged = |rows: &[chibo_core::directives::DirectiveUnitRow]| {
            let ward = rows.iter().find(|r| r.unit.as_str() == WARD).unwrap();
            ward.sum.at(day).teach_judged
        };
        let before = site.store().directive_units_all(directive).await.unwrap();
        assert_eq!(judged(&before), 0, "not due before a regular meeting");
        let mut csv =
            String::from("cell_code,held_on,kind,starts_at,ends_at,place,member_code,mark\n");
        for code in &codes {
            csv.push_str(&format!(
                "{CELL},20/06/2024,thường kỳ,19:30,21:00,Nhà văn hóa,{code},có mặt\n"
            ));
        }
        let table = parse_csv("meetings.csv", csv.as_bytes(), ReadLimits::default()).unwrap();
        let db = chibo_core::Db::from(site.store());
        let options = MeetingImportOptions {
            dry_run: false,
            audit: None,
        };
        let report = import_meetings(
            Operator::command_line(),
            &db,
            site.clock.as_ref(),
            &table,
            &options,
        )
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(report.created, 1);
        let after = site.store().directive_units_all(directive).await.unwrap();
        assert_eq!(
            judged(&after),
            1,
            "due at the meeting of 20/06, not taught there"
        );
        chibo_core::directives::recount_directive(&db, directive)
            .await
            .unwrap();
        let recounted = site.store().directive_units_all(directive).await.unwrap();
        assert_eq!(after, recounted, "the import's tallies equal a recount");
    }
}
