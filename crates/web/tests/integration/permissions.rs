//! The permission matrix: every page and API route, for every role, against
//! a unit (or member) inside the grant and one in a sibling subtree. Each
//! expected allow or deny is asserted; every denial looks exactly like a
//! missing page, and no denied write changes anything.

use crate::common;
use chibo_core::Db;

use common::{ACCOUNTS, Answer, api, get, post_form, send, sites, upload, upload_to};

/// The rubric-administration upload form with pasted JSON, as a browser
/// sends it (multipart, like the file upload it shares a form with).
fn rubric_upload(cookie: &str, csrf: &str, json: &str) -> axum::http::Request<axum::body::Body> {
    const BOUNDARY: &str = "chibo-permissions-boundary";
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n{json}\r\n--{BOUNDARY}--\r\n"
    );
    axum::http::Request::post("/admin/rubrics")
        .header(
            axum::http::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(
            axum::http::header::COOKIE,
            format!("chibo_session={cookie}"),
        )
        .body(axum::body::Body::from(body))
        .unwrap()
}

const INSIDE_UNIT: &str = "CT.NK.AH.KV1";
const OUTSIDE_UNIT: &str = "CT.BT.LT.KV1";
const INSIDE_MEMBER: &str = "DV000001";
const OUTSIDE_MEMBER: &str = "DV000010";
/// A cell of the same ward, outside the secretary's own cell.
const NEIGHBOUR_MEMBER: &str = "DV000003";
/// The ward holding the secretary's cell and its neighbour.
const WARD: &str = "CT.NK.AH";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Expect {
    Allow,
    Deny,
}
use Expect::{Allow, Deny};

/// Roles in the order of `ACCOUNTS`: admin, staff, secretary, evaluator, researcher, viewer.
fn row(expect: [Expect; 6]) -> [Expect; 6] {
    expect
}

fn allowed(answer: &Answer) -> bool {
    matches!(answer.status, 200 | 201 | 303)
}

fn check(route: &str, user: &str, expect: Expect, answer: &Answer, not_found_page: &str) {
    match expect {
        Allow => assert!(
            allowed(answer),
            "{user} should reach {route}: {} {}",
            answer.status,
            &answer.body.chars().take(300).collect::<String>()
        ),
        Deny => {
            assert_eq!(
                answer.status,
                404,
                "{user} must not reach {route}: {}",
                answer.body.chars().take(300).collect::<String>()
            );
            if !route.starts_with("API") {
                assert_eq!(
                    answer.body, not_found_page,
                    "a denial of {route} reveals nothing"
                );
            }
        }
    }
}

/// A workbench analysis of an uploaded table: allowed roles get the page
/// with the result (an analysis the data cannot support is still answered,
/// as 422), the others the 404.
async fn analysis(router: &axum::Router, unit: &str, cookie: &str, csrf: &str) -> Answer {
    let mut answer = send(
        router,
        upload_to(
            &format!("/units/{unit}/workbench/analyze"),
            cookie,
            csrf,
            "scores.csv",
            b"score\n1\n2\n3\n",
            &[
                ("method", "describe"),
                ("columns", "score"),
                ("source", "file"),
            ],
        ),
    )
    .await;
    if answer.status == 422 {
        answer.status = 200;
    }
    answer
}

/// A new campaign of the default form over every cell.
fn campaign_fields(csrf: &str) -> [(&'static str, &str); 6] {
    [
        ("csrf", csrf),
        ("instrument", "chibo-default 2026.1"),
        ("title", "Khảo sát thử quyền"),
        ("opens_on", "2024-06-30"),
        ("closes_on", "2024-07-31"),
        ("scope", "all"),
    ]
}

#[tokio::test]
async fn every_route_for_every_role_inside_and_outside_the_grant() {
    for site in sites("web_permissions").await {
        let router = site.router();
        let mut sessions = Vec::new();
        for (username, _, _) in ACCOUNTS {
            let (token, csrf) = site.session(username).await;
            let api_token = site.api_token(username).await;
            sessions.push((*username, token, csrf, api_token));
        }
        let (admin_cookie, _, _) = (&sessions[0].1, (), ());
        // What a missing unit looks like to a signed-in person.
        let not_found = send(&router, get("/units/CT.NONE.EXISTS", Some(admin_cookie))).await;
        assert_eq!(not_found.status, 404);
        let not_found_page = not_found.body.clone();

        let read_units = row([Allow, Allow, Allow, Allow, Allow, Allow]);
        let read_people = row([Allow, Allow, Allow, Allow, Deny, Allow]);
        let edit_people = row([Allow, Allow, Allow, Deny, Deny, Deny]);
        let admin_only = row([Allow, Deny, Deny, Deny, Deny, Deny]);
        let edit_units = row([Allow, Allow, Deny, Deny, Deny, Deny]);
        let import = row([Allow, Allow, Allow, Deny, Deny, Deny]);
        let outside = row([Allow, Deny, Deny, Deny, Deny, Deny]);
        // The secretary holds one cell: the neighbouring cell is outside.
        let neighbour_read = row([Allow, Allow, Deny, Allow, Deny, Allow]);
        let neighbour_edit = row([Allow, Allow, Deny, Deny, Deny, Deny]);
        // The ward above the secretary's cell: figures for everyone else.
        let ward_aggregates = row([Allow, Allow, Deny, Allow, Allow, Allow]);
        // Scoring: administrators, committee staff and evaluators.
        let score = row([Allow, Allow, Deny, Allow, Deny, Deny]);
        // Record-level anonymised datasets: researchers, staff, administrators.
        let datasets = row([Allow, Allow, Deny, Deny, Allow, Deny]);
        // Survey campaigns: committee staff and administrators.
        let run_surveys = row([Allow, Allow, Deny, Deny, Deny, Deny]);
        let (inside_campaign, _) = crate::surveys::campaign(&site, WARD, false, 1).await;
        let (outside_campaign, _) = crate::surveys::campaign(&site, "CT.BT.LT", true, 1).await;
        // Results: those who run the committee's surveys. Researchers'
        // reading of results goes through their dataset grants, not here.
        let (closed_campaign, _) = crate::surveys::campaign(&site, WARD, true, 1).await;
        crate::surveys::close(&site, closed_campaign).await;
        // Paper forms keyed in: open campaigns of their own, since the
        // rows above open and close the others.
        let (batch_inside, batch_inside_codes) =
            crate::surveys::campaign(&site, WARD, true, 1).await;
        let (batch_outside, batch_outside_codes) =
            crate::surveys::campaign(&site, "CT.BT.LT", true, 1).await;
        let keyed = crate::survey_batch::keyed_form();
        // Research projects: one in the ward naming the secretary as its
        // lead and the evaluator as the department's officer, reviewed,
        // with a request and a file; one in the other subtree.
        let (project_in, council_in, reviewed) =
            crate::projects::project(&site, WARD, "ĐT.PERM.01", true).await;
        let (review_in, task_in, file_in) = reviewed.unwrap();
        let (project_out, _, _) =
            crate::projects::project(&site, "CT.BT.LT", "ĐT.PERM.02", false).await;
        // Reading: grants on the ward or being one of its people (the
        // secretary leads it); reviewing: the department's officer;
        // closing a request: the team.
        let read_project = row([Allow, Allow, Allow, Allow, Allow, Allow]);
        let review_project = row([Allow, Deny, Deny, Allow, Deny, Deny]);
        let team_project = row([Allow, Deny, Allow, Deny, Deny, Deny]);

        for (i, (user, cookie, csrf, token)) in sessions.iter().enumerate() {
            let page = |path: &str| get(path, Some(cookie));
            let cases: Vec<(String, Expect, Answer)> = vec![
                (
                    "GET /tree".into(),
                    Allow,
                    send(&router, page("/tree")).await,
                ),
                // Public: liveness and readiness, alike for everyone.
                (
                    "GET /health".into(),
                    Allow,
                    send(&router, page("/health")).await,
                ),
                (
                    "GET /ready".into(),
                    Allow,
                    send(&router, page("/ready")).await,
                ),
                (
                    "GET /account/password".into(),
                    Allow,
                    send(&router, page("/account/password")).await,
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}"),
                    read_units[i],
                    send(&router, page(&format!("/units/{INSIDE_UNIT}"))).await,
                ),
                (
                    format!("GET /units/{OUTSIDE_UNIT}"),
                    outside[i],
                    send(&router, page(&format!("/units/{OUTSIDE_UNIT}"))).await,
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/reorganize/rename"),
                    edit_units[i],
                    send(
                        &router,
                        page(&format!("/units/{INSIDE_UNIT}/reorganize/rename")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{OUTSIDE_UNIT}/reorganize/merge"),
                    outside[i],
                    send(
                        &router,
                        page(&format!("/units/{OUTSIDE_UNIT}/reorganize/merge")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/dashboard"),
                    read_units[i],
                    send(&router, page(&format!("/units/{INSIDE_UNIT}/dashboard"))).await,
                ),
                (
                    format!("GET /units/{OUTSIDE_UNIT}/dashboard/ranking"),
                    outside[i],
                    send(
                        &router,
                        page(&format!("/units/{OUTSIDE_UNIT}/dashboard/ranking")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{OUTSIDE_UNIT}/dashboard/norms.csv"),
                    outside[i],
                    send(
                        &router,
                        page(&format!("/units/{OUTSIDE_UNIT}/dashboard/norms.csv")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{WARD}/dashboard/sectors.xlsx"),
                    ward_aggregates[i],
                    send(
                        &router,
                        page(&format!("/units/{WARD}/dashboard/sectors.xlsx")),
                    )
                    .await,
                ),
                // The reports the dashboards download: whoever reads the
                // unit's figures; a unit outside the grants is the 404.
                (
                    format!("GET /units/{INSIDE_UNIT}/report.docx"),
                    read_units[i],
                    send(
                        &router,
                        page(&format!("/units/{INSIDE_UNIT}/report.docx?period=2024")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{OUTSIDE_UNIT}/report.pdf"),
                    outside[i],
                    send(&router, page(&format!("/units/{OUTSIDE_UNIT}/report.pdf"))).await,
                ),
                (
                    format!("GET /units/{WARD}/city-report.docx"),
                    ward_aggregates[i],
                    send(&router, page(&format!("/units/{WARD}/city-report.docx"))).await,
                ),
                (
                    "GET /units/missing/report.pdf".into(),
                    Deny,
                    send(&router, page("/units/CT.NONE.EXISTS/report.pdf")).await,
                ),
                (
                    "GET /evaluations".into(),
                    score[i],
                    send(&router, page("/evaluations")).await,
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/evaluations"),
                    score[i],
                    send(&router, page(&format!("/units/{INSIDE_UNIT}/evaluations"))).await,
                ),
                (
                    format!("GET /units/{WARD}/evaluations?page=2"),
                    score[i],
                    send(&router, page(&format!("/units/{WARD}/evaluations?page=2"))).await,
                ),
                (
                    format!("GET /units/{OUTSIDE_UNIT}/evaluations"),
                    outside[i],
                    send(&router, page(&format!("/units/{OUTSIDE_UNIT}/evaluations"))).await,
                ),
                (
                    "GET /units/CT.NONE.EXISTS/evaluations".into(),
                    Deny,
                    send(&router, page("/units/CT.NONE.EXISTS/evaluations")).await,
                ),
                (
                    "GET /workbench".into(),
                    datasets[i],
                    send(&router, page("/workbench")).await,
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/workbench"),
                    datasets[i],
                    send(&router, page(&format!("/units/{INSIDE_UNIT}/workbench"))).await,
                ),
                (
                    format!("GET /units/{OUTSIDE_UNIT}/workbench"),
                    outside[i],
                    send(&router, page(&format!("/units/{OUTSIDE_UNIT}/workbench"))).await,
                ),
                (
                    format!("GET /units/{WARD}/workbench/meetings.csv"),
                    datasets[i],
                    send(
                        &router,
                        page(&format!("/units/{WARD}/workbench/meetings.csv")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/workbench/cell_months.xlsx"),
                    datasets[i],
                    send(
                        &router,
                        page(&format!("/units/{INSIDE_UNIT}/workbench/cell_months.xlsx")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{OUTSIDE_UNIT}/workbench/datapackage.zip"),
                    outside[i],
                    send(
                        &router,
                        page(&format!("/units/{OUTSIDE_UNIT}/workbench/datapackage.zip")),
                    )
                    .await,
                ),
                (
                    format!("POST /units/{INSIDE_UNIT}/workbench/analyze"),
                    datasets[i],
                    analysis(&router, INSIDE_UNIT, cookie, csrf).await,
                ),
                (
                    format!("POST /units/{OUTSIDE_UNIT}/workbench/analyze"),
                    outside[i],
                    analysis(&router, OUTSIDE_UNIT, cookie, csrf).await,
                ),
                (
                    format!("GET /members/{INSIDE_MEMBER}"),
                    read_people[i],
                    send(&router, page(&format!("/members/{INSIDE_MEMBER}"))).await,
                ),
                (
                    format!("GET /members/{NEIGHBOUR_MEMBER}"),
                    neighbour_read[i],
                    send(&router, page(&format!("/members/{NEIGHBOUR_MEMBER}"))).await,
                ),
                (
                    format!("GET /members/{OUTSIDE_MEMBER}"),
                    outside[i],
                    send(&router, page(&format!("/members/{OUTSIDE_MEMBER}"))).await,
                ),
                (
                    format!("GET /members/{INSIDE_MEMBER}/edit"),
                    edit_people[i],
                    send(&router, page(&format!("/members/{INSIDE_MEMBER}/edit"))).await,
                ),
                (
                    format!("GET /members/{NEIGHBOUR_MEMBER}/edit"),
                    neighbour_edit[i],
                    send(&router, page(&format!("/members/{NEIGHBOUR_MEMBER}/edit"))).await,
                ),
                (
                    format!("GET /members/{OUTSIDE_MEMBER}/edit"),
                    outside[i],
                    send(&router, page(&format!("/members/{OUTSIDE_MEMBER}/edit"))).await,
                ),
                (
                    "GET /import".into(),
                    import[i],
                    send(&router, page("/import")).await,
                ),
                (
                    "POST /import".into(),
                    import[i],
                    send(
                        &router,
                        upload(
                            cookie,
                            csrf,
                            "members",
                            "inside.csv",
                            common::MEMBERS
                                .lines()
                                .take(2)
                                .collect::<Vec<_>>()
                                .join("\n")
                                .as_bytes(),
                            &[],
                        ),
                    )
                    .await,
                ),
                (
                    "POST /import/apply".into(),
                    // An unknown upload: allowed roles are told to upload again.
                    if import[i] == Allow { Allow } else { Deny },
                    {
                        let mut answer = send(
                            &router,
                            post_form(
                                "/import/apply",
                                Some(cookie),
                                &[("csrf", csrf), ("upload", "x")],
                            ),
                        )
                        .await;
                        if answer.status == 422 {
                            answer.status = 200;
                        }
                        answer
                    },
                ),
                // The default survey form's preview: whoever may read
                // datasets anywhere (those who run surveys); the check of
                // an empty form is answered 422 with its problems.
                (
                    "GET /surveys/default/preview".into(),
                    datasets[i],
                    send(&router, page("/surveys/default/preview")).await,
                ),
                ("POST /surveys/default/preview".into(), datasets[i], {
                    let mut answer = send(
                        &router,
                        post_form(
                            "/surveys/default/preview",
                            Some(cookie),
                            &[("csrf", csrf), ("q01", "4")],
                        ),
                    )
                    .await;
                    if answer.status == 422 {
                        answer.status = 200;
                    }
                    answer
                }),
                (
                    "GET /projects".into(),
                    Allow,
                    send(&router, page("/projects")).await,
                ),
                (
                    "GET /projects/{id} (inside)".into(),
                    read_project[i],
                    send(&router, page(&format!("/projects/{project_in}"))).await,
                ),
                (
                    "GET /projects/{id} (outside)".into(),
                    outside[i],
                    send(&router, page(&format!("/projects/{project_out}"))).await,
                ),
                (
                    "GET /projects/{id}/files/{file}".into(),
                    read_project[i],
                    send(
                        &router,
                        page(&format!("/projects/{project_in}/files/{file_in}")),
                    )
                    .await,
                ),
                (
                    "GET /projects/{id}/councils/{council}/review".into(),
                    review_project[i],
                    send(
                        &router,
                        page(&format!(
                            "/projects/{project_in}/councils/{council_in}/review"
                        )),
                    )
                    .await,
                ),
                // The council has recorded its review: an allowed second
                // one is refused (422), a denied one looks missing.
                (
                    "POST /projects/{id}/councils/{council}/review".into(),
                    review_project[i],
                    {
                        let mut answer = send(
                            &router,
                            post_form(
                                &format!("/projects/{project_in}/councils/{council_in}/review"),
                                Some(cookie),
                                &[
                                    ("csrf", csrf),
                                    ("held_on", "2024-06-30"),
                                    ("verdict", "pass"),
                                    ("conclusion", "Lần nữa"),
                                ],
                            ),
                        )
                        .await;
                        if answer.status == 422 {
                            answer.status = 200;
                        }
                        answer
                    },
                ),
                // A move the lifecycle refuses: allowed roles are told why.
                ("POST /projects/{id}/move".into(), review_project[i], {
                    let mut answer = send(
                        &router,
                        post_form(
                            &format!("/projects/{project_in}/move"),
                            Some(cookie),
                            &[("csrf", csrf), ("to", "applied")],
                        ),
                    )
                    .await;
                    if answer.status == 422 {
                        answer.status = 200;
                    }
                    answer
                }),
                (
                    "POST /projects/{id}/reviews/{review}/tasks/{task}".into(),
                    team_project[i],
                    send(
                        &router,
                        post_form(
                            &format!("/projects/{project_in}/reviews/{review_in}/tasks/{task_in}"),
                            Some(cookie),
                            &[("csrf", csrf), ("status", "open")],
                        ),
                    )
                    .await,
                ),
                // The register follows the list (each reads only the
                // projects it may); a project's workbook follows its page,
                // its upload the team: another unit's staff and readers
                // off the team (the department's officer, the viewer) are
                // refused. An allowed upload of a CSV is told to send
                // XLSX (422), nothing written.
                (
                    "GET /projects.csv".into(),
                    Allow,
                    send(&router, page("/projects.csv")).await,
                ),
                (
                    "GET /projects.xlsx".into(),
                    Allow,
                    send(&router, page("/projects.xlsx")).await,
                ),
                (
                    "GET /projects/{id}/workbook.xlsx (inside)".into(),
                    read_project[i],
                    send(
                        &router,
                        page(&format!("/projects/{project_in}/workbook.xlsx")),
                    )
                    .await,
                ),
                (
                    "GET /projects/{id}/workbook.xlsx (outside)".into(),
                    outside[i],
                    send(
                        &router,
                        page(&format!("/projects/{project_out}/workbook.xlsx")),
                    )
                    .await,
                ),
                (
                    "GET /projects/{id}/workbook".into(),
                    team_project[i],
                    send(&router, page(&format!("/projects/{project_in}/workbook"))).await,
                ),
                (
                    "POST /projects/{id}/workbook (inside)".into(),
                    team_project[i],
                    {
                        let mut answer = send(
                            &router,
                            upload_to(
                                &format!("/projects/{project_in}/workbook"),
                                cookie,
                                csrf,
                                "noi-dung.csv",
                                b"code,title\nND9,x\n",
                                &[],
                            ),
                        )
                        .await;
                        if answer.status == 422 {
                            answer.status = 200;
                        }
                        answer
                    },
                ),
                (
                    "POST /projects/{id}/workbook (outside)".into(),
                    outside[i],
                    {
                        let mut answer = send(
                            &router,
                            upload_to(
                                &format!("/projects/{project_out}/workbook"),
                                cookie,
                                csrf,
                                "noi-dung.csv",
                                b"code,title\nND9,x\n",
                                &[],
                            ),
                        )
                        .await;
                        if answer.status == 422 {
                            answer.status = 200;
                        }
                        answer
                    },
                ),
                // Survey campaigns: committee staff and administrators of
                // the unit that runs them.
                (
                    "GET /surveys".into(),
                    run_surveys[i],
                    send(&router, page("/surveys")).await,
                ),
                (
                    format!("GET /units/{WARD}/surveys"),
                    run_surveys[i],
                    send(&router, page(&format!("/units/{WARD}/surveys"))).await,
                ),
                (
                    format!("GET /units/{OUTSIDE_UNIT}/surveys"),
                    outside[i],
                    send(&router, page(&format!("/units/{OUTSIDE_UNIT}/surveys"))).await,
                ),
                (
                    "GET /surveys/campaigns/{id} (inside)".into(),
                    run_surveys[i],
                    send(
                        &router,
                        page(&format!("/surveys/campaigns/{inside_campaign}")),
                    )
                    .await,
                ),
                (
                    "GET /surveys/campaigns/{id}/results (inside)".into(),
                    run_surveys[i],
                    send(
                        &router,
                        page(&format!("/surveys/campaigns/{closed_campaign}/results")),
                    )
                    .await,
                ),
                (
                    "GET /surveys/campaigns/{id}/results.csv (inside)".into(),
                    run_surveys[i],
                    send(
                        &router,
                        page(&format!("/surveys/campaigns/{closed_campaign}/results.csv")),
                    )
                    .await,
                ),
                (
                    "GET /surveys/campaigns/{id}/results (outside)".into(),
                    outside[i],
                    send(
                        &router,
                        page(&format!("/surveys/campaigns/{outside_campaign}/results")),
                    )
                    .await,
                ),
                (
                    "GET /surveys/campaigns/{id} (outside)".into(),
                    outside[i],
                    send(
                        &router,
                        page(&format!("/surveys/campaigns/{outside_campaign}")),
                    )
                    .await,
                ),
                (
                    format!("POST /units/{WARD}/surveys"),
                    run_surveys[i],
                    send(
                        &router,
                        post_form(
                            &format!("/units/{WARD}/surveys"),
                            Some(cookie),
                            &campaign_fields(csrf),
                        ),
                    )
                    .await,
                ),
                (
                    format!("POST /units/{OUTSIDE_UNIT}/surveys"),
                    outside[i],
                    send(
                        &router,
                        post_form(
                            &format!("/units/{OUTSIDE_UNIT}/surveys"),
                            Some(cookie),
                            &campaign_fields(csrf),
                        ),
                    )
                    .await,
                ),
                (
                    "POST /surveys/campaigns/{id}/codes (inside)".into(),
                    run_surveys[i],
                    send(
                        &router,
                        post_form(
                            &format!("/surveys/campaigns/{inside_campaign}/codes"),
                            Some(cookie),
                            &[("csrf", csrf), ("per_cell", "1")],
                        ),
                    )
                    .await,
                ),
                (
                    "POST /surveys/campaigns/{id}/codes (outside)".into(),
                    outside[i],
                    send(
                        &router,
                        post_form(
                            &format!("/surveys/campaigns/{outside_campaign}/codes"),
                            Some(cookie),
                            &[("csrf", csrf), ("per_cell", "1")],
                        ),
                    )
                    .await,
                ),
                // Opening is refused (422) once the first allowed role
                // opened the campaign: the page answers either way.
                (
                    "POST /surveys/campaigns/{id}/open (inside)".into(),
                    run_surveys[i],
                    {
                        let mut answer = send(
                            &router,
                            post_form(
                                &format!("/surveys/campaigns/{inside_campaign}/open"),
                                Some(cookie),
                                &[("csrf", csrf)],
                            ),
                        )
                        .await;
                        if answer.status == 422 {
                            answer.status = 200;
                        }
                        answer
                    },
                ),
                // Paper forms keyed in: whoever runs the campaign. A save
                // refused because the first allowed role used the code
                // (422) still reached the page.
                (
                    "GET /surveys/campaigns/{id}/batch (inside)".into(),
                    run_surveys[i],
                    send(
                        &router,
                        page(&format!("/surveys/campaigns/{batch_inside}/batch")),
                    )
                    .await,
                ),
                (
                    "GET /surveys/campaigns/{id}/batch (outside)".into(),
                    outside[i],
                    send(
                        &router,
                        page(&format!("/surveys/campaigns/{batch_outside}/batch")),
                    )
                    .await,
                ),
                (
                    "POST /surveys/campaigns/{id}/batch (inside)".into(),
                    run_surveys[i],
                    {
                        let mut fields: Vec<(&str, &str)> =
                            vec![("csrf", csrf), ("code", &batch_inside_codes[0].code)];
                        fields.extend(keyed.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                        let path = format!("/surveys/campaigns/{batch_inside}/batch");
                        let mut answer =
                            send(&router, post_form(&path, Some(cookie), &fields)).await;
                        if answer.status == 422 {
                            answer.status = 200;
                        }
                        answer
                    },
                ),
                (
                    "POST /surveys/campaigns/{id}/batch (outside)".into(),
                    outside[i],
                    {
                        let mut fields: Vec<(&str, &str)> =
                            vec![("csrf", csrf), ("code", &batch_outside_codes[0].code)];
                        fields.extend(keyed.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                        let path = format!("/surveys/campaigns/{batch_outside}/batch");
                        let mut answer =
                            send(&router, post_form(&path, Some(cookie), &fields)).await;
                        if answer.status == 422 {
                            answer.status = 200;
                        }
                        answer
                    },
                ),
                (
                    "POST /surveys/campaigns/{id}/close (outside)".into(),
                    outside[i],
                    {
                        let mut answer = send(
                            &router,
                            post_form(
                                &format!("/surveys/campaigns/{outside_campaign}/close"),
                                Some(cookie),
                                &[("csrf", csrf)],
                            ),
                        )
                        .await;
                        if answer.status == 422 {
                            answer.status = 200;
                        }
                        answer
                    },
                ),
                (
                    "GET /admin/accounts".into(),
                    admin_only[i],
                    send(&router, page("/admin/accounts")).await,
                ),
                (
                    "GET /admin/accounts/viewer".into(),
                    admin_only[i],
                    send(&router, page("/admin/accounts/viewer")).await,
                ),
                (
                    "GET /admin/audit".into(),
                    admin_only[i],
                    send(&router, page("/admin/audit")).await,
                ),
                (
                    "GET /admin/audit.csv".into(),
                    admin_only[i],
                    send(&router, page("/admin/audit.csv")).await,
                ),
                (
                    "GET /admin/rubrics".into(),
                    admin_only[i],
                    send(&router, page("/admin/rubrics")).await,
                ),
                (
                    "GET /admin/rubrics/hd12-2018/1.json".into(),
                    admin_only[i],
                    send(&router, page("/admin/rubrics/hd12-2018/1.json")).await,
                ),
                (
                    "GET /admin/rubrics/hd12-2018/1/edit".into(),
                    admin_only[i],
                    send(&router, page("/admin/rubrics/hd12-2018/1/edit")).await,
                ),
                (
                    "API GET /me".into(),
                    Allow,
                    send(&router, api("GET", "/api/v1/me", token, None)).await,
                ),
                (
                    "API GET /units".into(),
                    Allow,
                    send(&router, api("GET", "/api/v1/units", token, None)).await,
                ),
                (
                    format!("API GET /units/{INSIDE_UNIT}"),
                    read_units[i],
                    send(
                        &router,
                        api("GET", &format!("/api/v1/units/{INSIDE_UNIT}"), token, None),
                    )
                    .await,
                ),
                (
                    format!("API GET /units/{OUTSIDE_UNIT}"),
                    outside[i],
                    send(
                        &router,
                        api("GET", &format!("/api/v1/units/{OUTSIDE_UNIT}"), token, None),
                    )
                    .await,
                ),
                (
                    format!("API GET /units/{INSIDE_UNIT}/members"),
                    read_people[i],
                    send(
                        &router,
                        api(
                            "GET",
                            &format!("/api/v1/units/{INSIDE_UNIT}/members"),
                            token,
                            None,
                        ),
                    )
                    .await,
                ),
                (
                    format!("API GET /units/{OUTSIDE_UNIT}/members"),
                    outside[i],
                    send(
                        &router,
                        api(
                            "GET",
                            &format!("/api/v1/units/{OUTSIDE_UNIT}/members"),
                            token,
                            None,
                        ),
                    )
                    .await,
                ),
                (
                    format!("API GET /members/{INSIDE_MEMBER}"),
                    read_people[i],
                    send(
                        &router,
                        api(
                            "GET",
                            &format!("/api/v1/members/{INSIDE_MEMBER}"),
                            token,
                            None,
                        ),
                    )
                    .await,
                ),
                (
                    format!("API GET /members/{OUTSIDE_MEMBER}"),
                    outside[i],
                    send(
                        &router,
                        api(
                            "GET",
                            &format!("/api/v1/members/{OUTSIDE_MEMBER}"),
                            token,
                            None,
                        ),
                    )
                    .await,
                ),
                (
                    "API GET /accounts".into(),
                    admin_only[i],
                    send(&router, api("GET", "/api/v1/accounts", token, None)).await,
                ),
                (
                    "API GET /accounts/viewer".into(),
                    admin_only[i],
                    send(&router, api("GET", "/api/v1/accounts/viewer", token, None)).await,
                ),
            ];
            for (route, expect, answer) in &cases {
                check(route, user, *expect, answer, &not_found_page);
            }
            token_routes(&site, &router, i, user, cookie, csrf, &not_found_page).await;
            survey_api_routes(&site, &router, i, user, token, cookie, &not_found_page).await;

            // Writes: a denied one changes nothing, an allowed one is audited.
            let audit_before = site
                .store()
                .audit_log(&Default::default(), 10_000, 0)
                .await
                .unwrap()
                .len();
            let rubrics_before = site.store().rubrics().await.unwrap();
            let outside_before = site
                .store()
                .unit(&chibo_domain::UnitCode::parse(OUTSIDE_UNIT).unwrap())
                .await
                .unwrap();
            let members_before = site
                .store()
                .load_members(&[
                    chibo_domain::MemberCode::parse(OUTSIDE_MEMBER).unwrap(),
                    chibo_domain::MemberCode::parse(NEIGHBOUR_MEMBER).unwrap(),
                ])
                .await
                .unwrap();
            // Each form carries the version of the member it was filled from.
            let versions: Vec<String> = site
                .store()
                .load_member_updates(&[
                    chibo_domain::MemberCode::parse(OUTSIDE_MEMBER).unwrap(),
                    chibo_domain::MemberCode::parse(NEIGHBOUR_MEMBER).unwrap(),
                ])
                .await
                .unwrap()
                .iter()
                .map(|m| m.row_version.to_string())
                .collect();
            let edit = |code: &str, name: &str| {
                let row_version = if code == OUTSIDE_MEMBER {
                    &versions[0]
                } else {
                    &versions[1]
                };
                post_form(
                    &format!("/members/{code}/edit"),
                    Some(cookie),
                    &[
                        ("csrf", csrf),
                        ("row_version", row_version),
                        ("full_name", name),
                        ("gender", "female"),
                        ("birth_year", "1980"),
                    ],
                )
            };
            let rename = |unit: &str, step: &str, basis: &str| {
                post_form(
                    &format!("/units/{unit}/reorganize/rename"),
                    Some(cookie),
                    &[
                        ("csrf", csrf),
                        ("step", step),
                        ("basis", basis),
                        ("name", "Chi bộ Đổi Tên"),
                        ("on", "30/06/2024"),
                    ],
                )
            };
            let answer = send(&router, rename(OUTSIDE_UNIT, "preview", "")).await;
            check(
                &format!("POST /units/{OUTSIDE_UNIT}/reorganize/rename (preview)"),
                user,
                outside[i],
                &answer,
                &not_found_page,
            );
            // Confirmed with the basis the preview showed (none when denied).
            let basis = match answer.status {
                200 => common::hidden(&answer.body, "basis"),
                _ => String::new(),
            };
            let answer = send(&router, rename(OUTSIDE_UNIT, "apply", &basis)).await;
            check(
                &format!("POST /units/{OUTSIDE_UNIT}/reorganize/rename (apply)"),
                user,
                outside[i],
                &answer,
                &not_found_page,
            );
            let answer = send(&router, edit(OUTSIDE_MEMBER, "Tên Bị Đổi")).await;
            check(
                &format!("POST /members/{OUTSIDE_MEMBER}/edit"),
                user,
                outside[i],
                &answer,
                &not_found_page,
            );
            let answer = send(&router, edit(NEIGHBOUR_MEMBER, "Lê Minh Cường")).await;
            check(
                &format!("POST /members/{NEIGHBOUR_MEMBER}/edit"),
                user,
                neighbour_edit[i],
                &answer,
                &not_found_page,
            );
            let patch = send(
                &router,
                api(
                    "PATCH",
                    &format!("/api/v1/members/{OUTSIDE_MEMBER}"),
                    token,
                    Some(r#"{"full_name":"Tên Bị Đổi"}"#),
                ),
            )
            .await;
            check(
                &format!("API PATCH /members/{OUTSIDE_MEMBER}"),
                user,
                outside[i],
                &patch,
                &not_found_page,
            );
            let create = send(
                &router,
                post_form(
                    "/admin/accounts",
                    Some(cookie),
                    &[
                        ("csrf", csrf),
                        ("username", &format!("new-{user}")),
                        ("display_name", "Người Mới"),
                        ("role", "viewer"),
                        ("unit", "CT.NK"),
                    ],
                ),
            )
            .await;
            check(
                "POST /admin/accounts",
                user,
                admin_only[i],
                &create,
                &not_found_page,
            );
            let api_create = send(
                &router,
                api("POST", "/api/v1/accounts", token, Some(&format!(r#"{{"username":"api-{user}","display_name":"Người Mới","grants":[{{"role":"viewer","unit":"CT.NK"}}]}}"#))),
            )
            .await;
            check(
                "API POST /accounts",
                user,
                admin_only[i],
                &api_create,
                &not_found_page,
            );
            let disable = send(
                &router,
                post_form(
                    "/admin/accounts/new-admin/reset",
                    Some(cookie),
                    &[("csrf", csrf)],
                ),
            )
            .await;
            check(
                "POST /admin/accounts/new-admin/reset",
                user,
                admin_only[i],
                &disable,
                &not_found_page,
            );
            // Rubric administration: an edit saved as a new version, and an
            // upload of a new version (the administrator's are stored).
            let rubric_edit = send(
                &router,
                post_form(
                    "/admin/rubrics/hd42-2025-ward-100/1/edit",
                    Some(cookie),
                    &[("csrf", csrf), ("name_en", &format!("Edited by {user}"))],
                ),
            )
            .await;
            check(
                "POST /admin/rubrics/hd42-2025-ward-100/1/edit",
                user,
                admin_only[i],
                &rubric_edit,
                &not_found_page,
            );
            let mut next: serde_json::Value =
                serde_json::from_str(chibo_core::rubrics::SHIPPED_RUBRICS[1]).unwrap();
            next["version"] = 9.into();
            let rubric_file = send(&router, rubric_upload(cookie, csrf, &next.to_string())).await;
            check(
                "POST /admin/rubrics",
                user,
                admin_only[i],
                &rubric_file,
                &not_found_page,
            );
            let rubrics_after = site.store().rubrics().await.unwrap();
            if *user == "admin" {
                assert_eq!(rubrics_after.len(), rubrics_before.len() + 2);
            } else {
                assert_eq!(rubrics_before, rubrics_after, "{user} changed no rubric");
            }

            let members_after = site
                .store()
                .load_members(&[
                    chibo_domain::MemberCode::parse(OUTSIDE_MEMBER).unwrap(),
                    chibo_domain::MemberCode::parse(NEIGHBOUR_MEMBER).unwrap(),
                ])
                .await
                .unwrap();
            let audit_after = site
                .store()
                .audit_log(&Default::default(), 10_000, 0)
                .await
                .unwrap()
                .len();
            let outside_after = site
                .store()
                .unit(&chibo_domain::UnitCode::parse(OUTSIDE_UNIT).unwrap())
                .await
                .unwrap();
            if *user == "admin" {
                assert_ne!(
                    outside_before, outside_after,
                    "the administrator renamed it"
                );
            } else {
                assert_eq!(outside_before, outside_after, "{user} renamed nothing");
            }
            if *user == "admin" {
                // The outside member was renamed by the administrator, twice
                // (form and API): both audited, as were the two accounts and the reset.
                assert_ne!(members_before, members_after);
                assert!(
                    audit_after >= audit_before + 4,
                    "{audit_before} → {audit_after}"
                );
            } else if *user == "staff" {
                assert_eq!(
                    members_before, members_after,
                    "the neighbour's name was resubmitted unchanged"
                );
                assert_eq!(audit_before, audit_after);
            } else {
                assert_eq!(members_before, members_after, "{user} changed nothing");
                assert_eq!(audit_before, audit_after, "{user} left no audit entry");
            }
        }
    }
}

/// A token of an account outside every role's own: someone else's token.
async fn bystander_token(site: &common::Site) -> (String, String) {
    use chibo_core::audit::AuditContext;
    let clock = site.clock.as_ref();
    if site
        .store()
        .account_by_username("bystander")
        .await
        .unwrap()
        .is_none()
    {
        chibo_core::accounts::create_account(
            &Db::from(site.store()),
            clock,
            &chibo_core::operator::Operator::command_line().admin(),
            &AuditContext::command_line(),
            "bystander",
            "Người Ngoài Cuộc",
            &[(
                chibo_domain::access::Role::Viewer,
                chibo_domain::UnitCode::parse("CT.NK").unwrap(),
            )],
        )
        .await
        .unwrap();
        let account = site
            .store()
            .account_by_username("bystander")
            .await
            .unwrap()
            .unwrap();
        site.store()
            .set_password(
                account.id,
                &chibo_core::secrets::hash_password(common::PASSWORD),
                false,
                common::NOW,
                &[],
            )
            .await
            .unwrap();
    }
    let token = chibo_core::api_tokens::create_for(
        &Db::from(site.store()),
        clock,
        &chibo_core::operator::Operator::command_line().admin(),
        &AuditContext::command_line(),
        "bystander",
        "matrix",
        None,
    )
    .await
    .unwrap();
    (token, newest_token_id(site, "bystander").await)
}

async fn newest_token_id(site: &common::Site, username: &str) -> String {
    let account = site
        .store()
        .account_by_username(username)
        .await
        .unwrap()
        .unwrap();
    site.store().api_tokens_of(account.id).await.unwrap()[0]
        .id
        .to_string()
}

/// The API-token routes for one role: everyone lists and revokes their own
/// tokens; someone else's token looks missing and keeps working; the
/// account page's revocation is for administrators.
async fn token_routes(
    site: &common::Site,
    router: &axum::Router,
    i: usize,
    user: &str,
    cookie: &str,
    csrf: &str,
    not_found_page: &str,
) {
    let admin_only = [Allow, Deny, Deny, Deny, Deny, Deny];
    let works = |token: String| {
        let router = router.clone();
        async move {
            send(&router, api("GET", "/api/v1/me", &token, None))
                .await
                .status
                == 200
        }
    };
    let list = send(router, get("/account/tokens", Some(cookie))).await;
    check("GET /account/tokens", user, Allow, &list, not_found_page);

    let own = site.api_token(user).await;
    let own_id = newest_token_id(site, user).await;
    let revoke = |id: &str| {
        post_form(
            "/account/tokens/revoke",
            Some(cookie),
            &[("csrf", csrf), ("token", id)],
        )
    };
    let answer = send(router, revoke(&own_id)).await;
    check(
        "POST /account/tokens/revoke (own)",
        user,
        Allow,
        &answer,
        not_found_page,
    );
    assert!(!works(own).await, "{user} revoked their own token");

    let (foreign, foreign_id) = bystander_token(site).await;
    let answer = send(router, revoke(&foreign_id)).await;
    check(
        "POST /account/tokens/revoke (another account's)",
        user,
        Deny,
        &answer,
        not_found_page,
    );
    assert!(
        works(foreign.clone()).await,
        "{user} revoked no one else's token"
    );

    let answer = send(
        router,
        post_form(
            "/admin/accounts/bystander/revoke-token",
            Some(cookie),
            &[("csrf", csrf), ("token", &foreign_id)],
        ),
    )
    .await;
    check(
        "POST /admin/accounts/bystander/revoke-token",
        user,
        admin_only[i],
        &answer,
        not_found_page,
    );
    assert_eq!(works(foreign).await, admin_only[i] == Deny, "{user}");
}

#[tokio::test]
async fn signed_out_requests_go_to_the_sign_in_page_or_get_401() {
    for site in sites("web_signed_out").await {
        let router = site.router();
        for path in [
            "/",
            "/tree",
            "/units/CT.NK",
            "/units/CT.NK/evaluations",
            "/evaluations",
            "/units/CT.NK.AH.KV1/meetings",
            "/members/DV000001",
            "/admin/accounts",
            "/admin/audit",
            "/admin/rubrics",
            "/admin/rubrics/hd12-2018/1/edit",
            "/account/password",
            "/account/tokens",
            "/units/CT.NK.AH.KV1/meetings/blank",
            "/workbench",
            "/units/CT.NK/workbench",
            "/units/CT.NK/workbench/meetings.csv",
            "/units/CT.NK/workbench/datapackage.zip",
            "/surveys",
            "/units/CT.NK/surveys",
            "/surveys/campaigns/1",
        ] {
            let answer = send(&router, get(path, None)).await;
            assert_eq!(answer.status, 303, "{path}");
            assert!(
                answer.location().starts_with("/login?next="),
                "{path}: {}",
                answer.location()
            );
        }
        let forged = send(&router, get("/tree", Some("not-a-session"))).await;
        assert_eq!(forged.status, 303);
        // The workbench's analysis form: nothing is read without a session.
        let analysis = send(
            &router,
            upload_to(
                "/units/CT.NK/workbench/analyze",
                "not-a-session",
                "not-a-token",
                "scores.csv",
                b"score\n1\n2\n",
                &[
                    ("method", "describe"),
                    ("columns", "score"),
                    ("source", "file"),
                ],
            ),
        )
        .await;
        assert_eq!(analysis.status, 303);
        assert!(analysis.location().starts_with("/login?next="));
        for path in [
            "/api/v1/me",
            "/api/v1/units",
            "/api/v1/members/DV000001",
            "/api/v1/accounts",
        ] {
            let answer = send(&router, get(path, None)).await;
            assert_eq!(answer.status, 401, "{path}");
            assert_eq!(answer.json()["code"], "unauthenticated");
            let answer = send(&router, api("GET", path, "chibo_forged", None)).await;
            assert_eq!(answer.status, 401, "{path}");
        }
    }
}

/// Liveness and readiness are public and the same for everyone: signed in
/// or not, the answer names no person, unit or account.
#[tokio::test]
async fn health_and_readiness_are_public_and_alike_for_everyone() {
    for site in sites("web_health_public").await {
        let router = site.router();
        for path in ["/health", "/ready"] {
            let anonymous = send(&router, get(path, None)).await;
            assert_eq!(anonymous.status, 200, "{path}");
            assert!(anonymous.body.len() < 200, "{path}: {}", anonymous.body);
            for (user, _, _) in ACCOUNTS {
                let (cookie, _) = site.session(user).await;
                let signed = send(&router, get(path, Some(&cookie))).await;
                assert_eq!(signed.status, 200, "{user} {path}");
                assert_eq!(signed.body, anonymous.body, "{user} {path}");
            }
        }
    }
}

/// The respondent's pages are public: no session is asked for, the forms
/// need the token of their cookie, and a code that opens nothing is
/// answered alike whoever asks.
#[tokio::test]
async fn the_respondents_pages_are_public() {
    for site in sites("web_survey_public").await {
        let router = site.router();
        for path in ["/s", "/s/thanks"] {
            let answer = send(&router, get(path, None)).await;
            assert_eq!(answer.status, 200, "{path}");
            assert!(!answer.body.contains("main-nav"), "{path}");
        }
        let link = send(&router, get("/s/ABCDE-FGHJK", None)).await;
        assert_eq!(link.status, 422);
        for path in ["/s", "/s/answer"] {
            let answer = send(
                &router,
                post_form(path, None, &[("code", "ABCDE-FGHJK"), ("csrf", "x")]),
            )
            .await;
            assert_eq!(answer.status, 403, "{path}");
        }
        // Signed in or not, a respondent's page is the same.
        let (cookie, _) = site.session("admin").await;
        let signed = send(&router, get("/s/ABCDE-FGHJK", Some(&cookie))).await;
        assert_eq!(signed.status, 422);
    }
}

/// The meeting routes: reading a cell's list needs the aggregates grant,
/// reading a meeting needs names, writing one needs the cell's meeting
/// grant (administrator, committee staff, the cell's secretary). Denied
/// writes change nothing.
#[tokio::test]
async fn meeting_routes_for_every_role_inside_and_outside_the_grant() {
    use common::{held_meeting_fields, meeting_id, post_fields};
    const NEIGHBOUR_UNIT: &str = "CT.NK.AH.KV2";
    for site in sites("web_permissions_meetings").await {
        let router = site.router();
        let (admin_cookie, admin_csrf) = site.session("admin").await;
        let not_found_page = send(&router, get("/units/CT.NONE.EXISTS", Some(&admin_cookie)))
            .await
            .body;
        // One held meeting in each cell, written by the administrator.
        let mut ids = Vec::new();
        for (unit, members) in [
            (INSIDE_UNIT, vec!["DV000001", "DV000002"]),
            (NEIGHBOUR_UNIT, vec!["DV000003"]),
            (OUTSIDE_UNIT, vec!["DV000010"]),
        ] {
            let fields = held_meeting_fields(&admin_csrf, "05/06/2024", &members);
            let answer = send(
                &router,
                post_fields(
                    &format!("/units/{unit}/meetings/new"),
                    Some(&admin_cookie),
                    &fields,
                ),
            )
            .await;
            assert_eq!(answer.status, 303, "{unit}: {}", answer.body);
            ids.push(meeting_id(answer.location()));
        }
        let (inside, neighbour, outside) = (ids[0], ids[1], ids[2]);

        let everyone = row([Allow, Allow, Allow, Allow, Allow, Allow]);
        let read_people = row([Allow, Allow, Allow, Allow, Deny, Allow]);
        let record = row([Allow, Allow, Allow, Deny, Deny, Deny]);
        let neighbour_read = row([Allow, Allow, Deny, Allow, Deny, Allow]);
        let neighbour_record = row([Allow, Allow, Deny, Deny, Deny, Deny]);
        let outside_any = row([Allow, Deny, Deny, Deny, Deny, Deny]);
        let score = row([Allow, Allow, Deny, Allow, Deny, Deny]);

        for (i, (user, _, _)) in ACCOUNTS.iter().enumerate() {
            let (cookie, csrf) = site.session(user).await;
            let page = |path: &str| get(path, Some(&cookie));
            let cases: Vec<(String, Expect, Answer)> = vec![
                (
                    format!("GET /units/{INSIDE_UNIT}/meetings"),
                    everyone[i],
                    send(&router, page(&format!("/units/{INSIDE_UNIT}/meetings"))).await,
                ),
                (
                    format!("GET /units/{OUTSIDE_UNIT}/meetings"),
                    outside_any[i],
                    send(&router, page(&format!("/units/{OUTSIDE_UNIT}/meetings"))).await,
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/meetings/new"),
                    record[i],
                    send(&router, page(&format!("/units/{INSIDE_UNIT}/meetings/new"))).await,
                ),
                (
                    format!("GET /units/{NEIGHBOUR_UNIT}/meetings/new"),
                    neighbour_record[i],
                    send(
                        &router,
                        page(&format!("/units/{NEIGHBOUR_UNIT}/meetings/new")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{OUTSIDE_UNIT}/meetings/new"),
                    outside_any[i],
                    send(
                        &router,
                        page(&format!("/units/{OUTSIDE_UNIT}/meetings/new")),
                    )
                    .await,
                ),
                // The blank minutes name the roster of the day: the
                // cell's meeting grant, on the day asked for.
                (
                    format!("GET /units/{INSIDE_UNIT}/meetings/blank"),
                    record[i],
                    send(
                        &router,
                        page(&format!("/units/{INSIDE_UNIT}/meetings/blank")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/meetings/blank?on=05/06/2024"),
                    record[i],
                    send(
                        &router,
                        page(&format!(
                            "/units/{INSIDE_UNIT}/meetings/blank?on=05/06/2024"
                        )),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{NEIGHBOUR_UNIT}/meetings/blank"),
                    neighbour_record[i],
                    send(
                        &router,
                        page(&format!("/units/{NEIGHBOUR_UNIT}/meetings/blank")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{OUTSIDE_UNIT}/meetings/blank"),
                    outside_any[i],
                    send(
                        &router,
                        page(&format!("/units/{OUTSIDE_UNIT}/meetings/blank")),
                    )
                    .await,
                ),
                (
                    // A committee holds no meetings of its own.
                    "GET /units/CT.NK.AH/meetings/blank".into(),
                    Deny,
                    send(&router, page("/units/CT.NK.AH/meetings/blank")).await,
                ),
                (
                    "GET /meetings/inside".into(),
                    read_people[i],
                    send(&router, page(&format!("/meetings/{inside}"))).await,
                ),
                (
                    "GET /meetings/inside/minutes".into(),
                    read_people[i],
                    send(&router, page(&format!("/meetings/{inside}/minutes"))).await,
                ),
                (
                    "GET /meetings/neighbour/minutes".into(),
                    neighbour_read[i],
                    send(&router, page(&format!("/meetings/{neighbour}/minutes"))).await,
                ),
                (
                    "GET /meetings/outside".into(),
                    outside_any[i],
                    send(&router, page(&format!("/meetings/{outside}"))).await,
                ),
                (
                    "GET /meetings/outside/minutes".into(),
                    outside_any[i],
                    send(&router, page(&format!("/meetings/{outside}/minutes"))).await,
                ),
                // The minutes as files: whoever reads the minutes.
                (
                    "GET /meetings/inside/minutes.pdf".into(),
                    read_people[i],
                    send(&router, page(&format!("/meetings/{inside}/minutes.pdf"))).await,
                ),
                (
                    "GET /meetings/inside/minutes.docx".into(),
                    read_people[i],
                    send(&router, page(&format!("/meetings/{inside}/minutes.docx"))).await,
                ),
                (
                    "GET /meetings/outside/minutes.pdf".into(),
                    outside_any[i],
                    send(&router, page(&format!("/meetings/{outside}/minutes.pdf"))).await,
                ),
                (
                    "GET /meetings/outside/minutes.docx".into(),
                    outside_any[i],
                    send(&router, page(&format!("/meetings/{outside}/minutes.docx"))).await,
                ),
                (
                    "GET /meetings/missing/minutes.pdf".into(),
                    Deny,
                    send(&router, page("/meetings/999999/minutes.pdf")).await,
                ),
                (
                    "GET /meetings/inside/evaluate".into(),
                    score[i],
                    send(&router, page(&format!("/meetings/{inside}/evaluate"))).await,
                ),
                (
                    "GET /meetings/outside/evaluate".into(),
                    outside_any[i],
                    send(&router, page(&format!("/meetings/{outside}/evaluate"))).await,
                ),
                (
                    "GET /meetings/missing".into(),
                    Deny,
                    send(&router, page("/meetings/999999")).await,
                ),
            ];
            for (route, expect, answer) in &cases {
                check(route, user, *expect, answer, &not_found_page);
            }

            // Writes to the neighbouring and the outside cell.
            let mut stored_before = Vec::new();
            for id in [neighbour, outside] {
                stored_before.push(site.store().meeting(id).await.unwrap().unwrap());
            }
            let audit_before = common::audit_count(&site).await;
            for (label, id, unit, members, expect) in [
                (
                    "neighbour",
                    neighbour,
                    NEIGHBOUR_UNIT,
                    vec!["DV000003"],
                    neighbour_record[i],
                ),
                (
                    "outside",
                    outside,
                    OUTSIDE_UNIT,
                    vec!["DV000010"],
                    outside_any[i],
                ),
            ] {
                let row_version = site.store().meeting(id).await.unwrap().unwrap().row_version;
                let mut fields = held_meeting_fields(&csrf, "05/06/2024", &members);
                fields.push(("place".to_owned(), format!("Đổi bởi {user}")));
                fields.push(("row_version".to_owned(), row_version.to_string()));
                fields.push(("amendment_reason".to_owned(), "Thử quyền".to_owned()));
                let answer = send(
                    &router,
                    post_fields(&format!("/meetings/{id}"), Some(&cookie), &fields),
                )
                .await;
                check(
                    &format!("POST /meetings/{label}"),
                    user,
                    expect,
                    &answer,
                    &not_found_page,
                );
                let fields = held_meeting_fields(&csrf, "12/06/2024", &members);
                let answer = send(
                    &router,
                    post_fields(
                        &format!("/units/{unit}/meetings/new"),
                        Some(&cookie),
                        &fields,
                    ),
                )
                .await;
                check(
                    &format!("POST /units/{label}/meetings/new"),
                    user,
                    expect,
                    &answer,
                    &not_found_page,
                );
                let answer = send(
                    &router,
                    post_form(
                        &format!("/meetings/{id}/approve"),
                        Some(&cookie),
                        &[("csrf", &csrf), ("row_version", "0"), ("confirm", "yes")],
                    ),
                )
                .await;
                if expect == Deny {
                    check(
                        &format!("POST /meetings/{label}/approve"),
                        user,
                        Deny,
                        &answer,
                        &not_found_page,
                    );
                    let evaluate = if label == "outside" {
                        outside_any[i]
                    } else {
                        score[i]
                    };
                    for (route, expect) in [("self-assessment", Deny), ("evaluate", evaluate)] {
                        if expect == Allow {
                            continue;
                        }
                        let answer = send(
                            &router,
                            post_form(
                                &format!("/meetings/{id}/{route}"),
                                Some(&cookie),
                                &[("csrf", &csrf), ("score.on_time", "pass")],
                            ),
                        )
                        .await;
                        check(
                            &format!("POST /meetings/{label}/{route}"),
                            user,
                            Deny,
                            &answer,
                            &not_found_page,
                        );
                    }
                }
            }
            if neighbour_record[i] == Deny {
                let after = site.store().meeting(neighbour).await.unwrap().unwrap();
                assert_eq!(
                    after, stored_before[0],
                    "{user} changed the neighbour's meeting"
                );
            }
            if outside_any[i] == Deny {
                let after = site.store().meeting(outside).await.unwrap().unwrap();
                assert_eq!(
                    after, stored_before[1],
                    "{user} changed the outside meeting"
                );
            }
            if neighbour_record[i] == Deny && outside_any[i] == Deny {
                assert_eq!(
                    common::audit_count(&site).await,
                    audit_before,
                    "{user} left an audit entry"
                );
            }
        }
    }
}

/// The survey routes of the API and the researchers' download: campaigns
/// and results for those who run the committee's surveys, the response
/// file for those who read its datasets, 404 for everyone else (another
/// unit's campaign included), and never an open campaign's responses.
async fn survey_api_routes(
    site: &common::Site,
    router: &axum::Router,
    i: usize,
    user: &str,
    token: &str,
    cookie: &str,
    not_found_page: &str,
) {
    let run_surveys = [Allow, Allow, Deny, Deny, Deny, Deny];
    let datasets = [Allow, Allow, Deny, Deny, Allow, Deny];
    let sees_campaigns = [Allow, Allow, Deny, Deny, Allow, Deny];
    let outside = [Allow, Deny, Deny, Deny, Deny, Deny];
    let (draft, _) = crate::surveys::campaign(site, WARD, false, 1).await;
    let (open, _) = crate::surveys::campaign(site, WARD, true, 1).await;
    let (closed, _) = crate::surveys::campaign(site, WARD, true, 1).await;
    crate::surveys::close(site, closed).await;
    let (outside_open, _) = crate::surveys::campaign(site, "CT.BT.LT", true, 1).await;
    let (outside_closed, _) = crate::surveys::campaign(site, "CT.BT.LT", true, 1).await;
    crate::surveys::close(site, outside_closed).await;
    let call = |method: &'static str, path: String, body: Option<&'static str>| {
        let router = router.clone();
        let token = token.to_owned();
        async move {
            send(
                &router,
                api(method, &format!("/api/v1{path}"), &token, body),
            )
            .await
        }
    };
    let audit = || async {
        site.store()
            .audit_log(&Default::default(), 10_000, 0)
            .await
            .unwrap()
            .len()
    };
    let new_campaign = Some(
        r#"{"form_id":"chibo-default","version":"2026.1","title":"Khảo sát qua API","opens_on":"2024-06-30","closes_on":"2024-07-31"}"#,
    );
    // 422 (refused: the campaign is not in the right state) still means
    // the route was reached.
    let reached = |mut answer: Answer| {
        if answer.status == 422 {
            answer.status = 200;
        }
        answer
    };
    let reads: Vec<(String, Expect, Answer)> = vec![
        (
            format!("API GET /units/{WARD}/survey-campaigns"),
            sees_campaigns[i],
            call("GET", format!("/units/{WARD}/survey-campaigns"), None).await,
        ),
        (
            "API GET /units/CT.BT.LT/survey-campaigns".into(),
            outside[i],
            call("GET", "/units/CT.BT.LT/survey-campaigns".into(), None).await,
        ),
        (
            "API GET /survey-campaigns/{id} (inside)".into(),
            run_surveys[i],
            call("GET", format!("/survey-campaigns/{draft}"), None).await,
        ),
        (
            "API GET /survey-campaigns/{id} (outside)".into(),
            outside[i],
            call("GET", format!("/survey-campaigns/{outside_open}"), None).await,
        ),
        (
            "API GET /survey-campaigns/{id}/results (inside)".into(),
            run_surveys[i],
            call("GET", format!("/survey-campaigns/{closed}/results"), None).await,
        ),
        (
            "API GET /survey-campaigns/{id}/results (outside)".into(),
            outside[i],
            call(
                "GET",
                format!("/survey-campaigns/{outside_closed}/results"),
                None,
            )
            .await,
        ),
        (
            "API GET /survey-campaigns/{id}/results/export (inside)".into(),
            run_surveys[i],
            call(
                "GET",
                format!("/survey-campaigns/{closed}/results/export?format=xlsx"),
                None,
            )
            .await,
        ),
        (
            "API GET /survey-campaigns/{id}/dataset (inside)".into(),
            datasets[i],
            call("GET", format!("/survey-campaigns/{closed}/dataset"), None).await,
        ),
        (
            "API GET /survey-campaigns/{id}/dataset (outside)".into(),
            outside[i],
            call(
                "GET",
                format!("/survey-campaigns/{outside_closed}/dataset"),
                None,
            )
            .await,
        ),
        (
            "GET /surveys/campaigns/{id}/dataset.zip (inside)".into(),
            datasets[i],
            send(
                router,
                get(
                    &format!("/surveys/campaigns/{closed}/dataset.zip"),
                    Some(cookie),
                ),
            )
            .await,
        ),
        (
            "GET /surveys/campaigns/{id}/dataset.zip (outside)".into(),
            outside[i],
            send(
                router,
                get(
                    &format!("/surveys/campaigns/{outside_closed}/dataset.zip"),
                    Some(cookie),
                ),
            )
            .await,
        ),
        // The results as a report, beside the `{action}` route.
        (
            "GET /surveys/campaigns/{id}/results.pdf (inside)".into(),
            run_surveys[i],
            send(
                router,
                get(
                    &format!("/surveys/campaigns/{closed}/results.pdf"),
                    Some(cookie),
                ),
            )
            .await,
        ),
        (
            "GET /surveys/campaigns/{id}/results.docx (outside)".into(),
            outside[i],
            send(
                router,
                get(
                    &format!("/surveys/campaigns/{outside_closed}/results.docx"),
                    Some(cookie),
                ),
            )
            .await,
        ),
    ];
    for (route, expect, answer) in &reads {
        check(route, user, *expect, answer, not_found_page);
    }
    // An open campaign's responses: refused to whoever reads datasets,
    // missing for the others; never a file.
    for answer in [
        call("GET", format!("/survey-campaigns/{open}/dataset"), None).await,
        send(
            router,
            get(
                &format!("/surveys/campaigns/{open}/dataset.zip"),
                Some(cookie),
            ),
        )
        .await,
    ] {
        let want = if datasets[i] == Allow { 422 } else { 404 };
        assert_eq!(answer.status, want, "{user}: an open campaign's responses");
    }
    // Nor its results, through the API, for anyone.
    let early = call("GET", format!("/survey-campaigns/{open}/results"), None).await;
    assert_eq!(
        early.status,
        if run_surveys[i] == Allow { 422 } else { 404 },
        "{user}: an open campaign's results"
    );

    let writes: Vec<(String, Expect, &'static str, String, Option<&'static str>)> = vec![
        (
            format!("API POST /units/{WARD}/survey-campaigns"),
            run_surveys[i],
            "POST",
            format!("/units/{WARD}/survey-campaigns"),
            new_campaign,
        ),
        (
            "API POST /units/CT.BT.LT/survey-campaigns".into(),
            outside[i],
            "POST",
            "/units/CT.BT.LT/survey-campaigns".into(),
            new_campaign,
        ),
        (
            "API POST /survey-campaigns/{id}/codes (inside)".into(),
            run_surveys[i],
            "POST",
            format!("/survey-campaigns/{draft}/codes"),
            Some(r#"{"per_cell":1}"#),
        ),
        (
            "API POST /survey-campaigns/{id}/codes (outside)".into(),
            outside[i],
            "POST",
            format!("/survey-campaigns/{outside_open}/codes"),
            Some(r#"{"per_cell":1}"#),
        ),
        (
            "API POST /survey-campaigns/{id}/open (inside)".into(),
            run_surveys[i],
            "POST",
            format!("/survey-campaigns/{draft}/open"),
            None,
        ),
        (
            "API POST /survey-campaigns/{id}/close (inside)".into(),
            run_surveys[i],
            "POST",
            format!("/survey-campaigns/{open}/close"),
            None,
        ),
        (
            "API POST /survey-campaigns/{id}/close (outside)".into(),
            outside[i],
            "POST",
            format!("/survey-campaigns/{outside_open}/close"),
            None,
        ),
    ];
    for (route, expect, method, path, body) in writes {
        let before = audit().await;
        let answer = reached(call(method, path, body).await);
        check(&route, user, expect, &answer, not_found_page);
        if expect == Deny {
            assert_eq!(audit().await, before, "{user}: a denied {route} wrote");
        } else {
            assert!(audit().await > before, "{user}: {route} is audited");
        }
    }
}

/// A response to a form refused for its content (422) reached the handler
/// past the permission check: allowed, as a 200 would be.
fn reached(mut answer: Answer) -> Answer {
    if answer.status == 422 {
        answer.status = 200;
    }
    answer
}

#[tokio::test]
async fn directive_routes_for_every_role_inside_and_outside_the_grant() {
    for site in sites("web_permissions_directives").await {
        let router = site.router();
        let (admin_cookie, _) = site.session("admin").await;
        let not_found = send(&router, get("/units/CT.NONE.EXISTS", Some(&admin_cookie))).await;
        let not_found_page = not_found.body.clone();
        // A plan of the committee to its cells, and one of a ward outside
        // every grant but the administrator's.
        // Each with its document, so that the file's route answers where
        // the page does and nowhere else.
        let pdf = |name: &str| {
            Some(chibo_core::directives::AttachedFile {
                file_name: name.to_owned(),
                content: b"%PDF-1.7 ...".to_vec(),
            })
        };
        let inside = crate::directive_agenda::issue_with_file(
            &site,
            "CT.NK",
            "1-KH/QU",
            pdf("Kế hoạch 1.pdf"),
        )
        .await;
        let outside = crate::directive_agenda::issue_with_file(
            &site,
            "CT.BT.LT",
            "2-KH/ĐU",
            pdf("Kế hoạch 2.pdf"),
        )
        .await;
        let neighbour = "CT.NK.AH.KV2";
        let outside_cell = "CT.BT.LT.KV1";

        let everyone = row([Allow, Allow, Allow, Allow, Allow, Allow]);
        let nobody = row([Deny, Deny, Deny, Deny, Deny, Deny]);
        let outside_grants = row([Allow, Deny, Deny, Deny, Deny, Deny]);
        let committee_reads = row([Allow, Allow, Deny, Allow, Allow, Allow]);
        let issue = row([Allow, Allow, Deny, Deny, Deny, Deny]);
        let record = row([Allow, Allow, Allow, Deny, Deny, Deny]);
        let neighbour_record = row([Allow, Allow, Deny, Deny, Deny, Deny]);

        for (i, (user, _, _)) in ACCOUNTS.iter().enumerate() {
            let (cookie, csrf) = site.session(user).await;
            let page = |path: &str| get(path, Some(&cookie));
            let bad_step = |path: String| {
                post_form(
                    &path,
                    Some(&cookie),
                    &[("csrf", &csrf), ("kind", "received"), ("on", "x")],
                )
            };
            let bad_check = |path: String| {
                post_form(
                    &path,
                    Some(&cookie),
                    &[
                        ("csrf", &csrf),
                        ("unit", INSIDE_UNIT),
                        ("on", "x"),
                        ("rating", "good"),
                    ],
                )
            };
            // A directive without its number: refused for its content by
            // whoever may issue, nothing written.
            let bad_issue = |unit: &str| {
                upload_to(
                    &format!("/units/{unit}/directives"),
                    &cookie,
                    &csrf,
                    "",
                    b"",
                    &[("number", ""), ("issued_on", "03/06/2024"), ("title", "T")],
                )
            };
            let cases: Vec<(String, Expect, Answer)> = vec![
                (
                    "GET /directives".into(),
                    everyone[i],
                    send(&router, page("/directives")).await,
                ),
                (
                    "GET /units/CT.NK/directives".into(),
                    committee_reads[i],
                    send(&router, page("/units/CT.NK/directives?type=KH&year=2024")).await,
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/directives"),
                    everyone[i],
                    send(&router, page(&format!("/units/{INSIDE_UNIT}/directives"))).await,
                ),
                (
                    "GET /units/CT.BT.LT/directives".into(),
                    outside_grants[i],
                    send(&router, page("/units/CT.BT.LT/directives")).await,
                ),
                (
                    "GET /units/CT.NK/directives/new".into(),
                    issue[i],
                    send(&router, page("/units/CT.NK/directives/new")).await,
                ),
                (
                    "GET /units/CT.BT.LT/directives/new".into(),
                    outside_grants[i],
                    send(&router, page("/units/CT.BT.LT/directives/new")).await,
                ),
                (
                    "POST /units/CT.NK/directives".into(),
                    issue[i],
                    reached(send(&router, bad_issue("CT.NK")).await),
                ),
                (
                    "POST /units/CT.BT.LT/directives".into(),
                    outside_grants[i],
                    reached(send(&router, bad_issue("CT.BT.LT")).await),
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/directives/{{inside}}"),
                    everyone[i],
                    send(
                        &router,
                        page(&format!("/units/{INSIDE_UNIT}/directives/{inside}")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{neighbour}/directives/{{inside}}"),
                    committee_reads[i],
                    send(
                        &router,
                        page(&format!("/units/{neighbour}/directives/{inside}")),
                    )
                    .await,
                ),
                (
                    "GET /units/CT.NK/directives/{inside}".into(),
                    committee_reads[i],
                    send(&router, page(&format!("/units/CT.NK/directives/{inside}"))).await,
                ),
                // The cell was not sent the ward's plan: no page, even for
                // the administrator.
                (
                    format!("GET /units/{INSIDE_UNIT}/directives/{{outside}}"),
                    nobody[i],
                    send(
                        &router,
                        page(&format!("/units/{INSIDE_UNIT}/directives/{outside}")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{outside_cell}/directives/{{outside}}"),
                    outside_grants[i],
                    send(
                        &router,
                        page(&format!("/units/{outside_cell}/directives/{outside}")),
                    )
                    .await,
                ),
                // The execution report, exactly where the page answers.
                (
                    format!("GET /units/{INSIDE_UNIT}/directives/{{inside}}/report.pdf"),
                    everyone[i],
                    send(
                        &router,
                        page(&format!(
                            "/units/{INSIDE_UNIT}/directives/{inside}/report.pdf"
                        )),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{neighbour}/directives/{{inside}}/report.docx"),
                    committee_reads[i],
                    send(
                        &router,
                        page(&format!(
                            "/units/{neighbour}/directives/{inside}/report.docx"
                        )),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/directives/{{outside}}/report.pdf"),
                    nobody[i],
                    send(
                        &router,
                        page(&format!(
                            "/units/{INSIDE_UNIT}/directives/{outside}/report.pdf"
                        )),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{outside_cell}/directives/{{outside}}/report.pdf"),
                    outside_grants[i],
                    send(
                        &router,
                        page(&format!(
                            "/units/{outside_cell}/directives/{outside}/report.pdf"
                        )),
                    )
                    .await,
                ),
                // The attached document, exactly where the page answers:
                // a cell only what targets it, a committee its part, and
                // no way across through a unit the reader holds.
                (
                    format!("GET /units/{INSIDE_UNIT}/directives/{{inside}}/file"),
                    everyone[i],
                    send(
                        &router,
                        page(&format!("/units/{INSIDE_UNIT}/directives/{inside}/file")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{neighbour}/directives/{{inside}}/file"),
                    committee_reads[i],
                    send(
                        &router,
                        page(&format!("/units/{neighbour}/directives/{inside}/file")),
                    )
                    .await,
                ),
                (
                    "GET /units/CT.NK/directives/{inside}/file".into(),
                    committee_reads[i],
                    send(
                        &router,
                        page(&format!("/units/CT.NK/directives/{inside}/file")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/directives/{{outside}}/file"),
                    nobody[i],
                    send(
                        &router,
                        page(&format!("/units/{INSIDE_UNIT}/directives/{outside}/file")),
                    )
                    .await,
                ),
                (
                    "GET /units/CT.NK/directives/{outside}/file".into(),
                    nobody[i],
                    send(
                        &router,
                        page(&format!("/units/CT.NK/directives/{outside}/file")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{outside_cell}/directives/{{outside}}/file"),
                    outside_grants[i],
                    send(
                        &router,
                        page(&format!("/units/{outside_cell}/directives/{outside}/file")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/directives/abc/file"),
                    nobody[i],
                    send(
                        &router,
                        page(&format!("/units/{INSIDE_UNIT}/directives/abc/file")),
                    )
                    .await,
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/directives/abc"),
                    nobody[i],
                    send(
                        &router,
                        page(&format!("/units/{INSIDE_UNIT}/directives/abc")),
                    )
                    .await,
                ),
                (
                    format!("POST /units/{INSIDE_UNIT}/directives/{{inside}}/steps"),
                    record[i],
                    reached(
                        send(
                            &router,
                            bad_step(format!("/units/{INSIDE_UNIT}/directives/{inside}/steps")),
                        )
                        .await,
                    ),
                ),
                (
                    format!("POST /units/{neighbour}/directives/{{inside}}/steps"),
                    neighbour_record[i],
                    reached(
                        send(
                            &router,
                            bad_step(format!("/units/{neighbour}/directives/{inside}/steps")),
                        )
                        .await,
                    ),
                ),
                (
                    format!("POST /units/{outside_cell}/directives/{{outside}}/steps"),
                    outside_grants[i],
                    reached(
                        send(
                            &router,
                            bad_step(format!("/units/{outside_cell}/directives/{outside}/steps")),
                        )
                        .await,
                    ),
                ),
                (
                    format!("POST /units/{WARD}/directives/{{inside}}/check"),
                    issue[i],
                    reached(
                        send(
                            &router,
                            bad_check(format!("/units/{WARD}/directives/{inside}/check")),
                        )
                        .await,
                    ),
                ),
                (
                    "POST /units/CT.BT.LT/directives/{outside}/check".into(),
                    outside_grants[i],
                    reached(
                        send(
                            &router,
                            bad_check(format!("/units/CT.BT.LT/directives/{outside}/check")),
                        )
                        .await,
                    ),
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/to-teach"),
                    record[i],
                    send(&router, page(&format!("/units/{INSIDE_UNIT}/to-teach"))).await,
                ),
                (
                    format!("GET /units/{neighbour}/to-teach"),
                    neighbour_record[i],
                    send(&router, page(&format!("/units/{neighbour}/to-teach"))).await,
                ),
                (
                    format!("GET /units/{outside_cell}/to-teach"),
                    outside_grants[i],
                    send(&router, page(&format!("/units/{outside_cell}/to-teach"))).await,
                ),
                // A committee has no list of its own: that is the cells'.
                (
                    format!("GET /units/{WARD}/to-teach"),
                    nobody[i],
                    send(&router, page(&format!("/units/{WARD}/to-teach"))).await,
                ),
            ];
            for (route, expect, answer) in &cases {
                check(route, user, *expect, answer, &not_found_page);
            }
        }
        // Every write above was refused for its content or its access.
        for (unit, directive) in [("CT.NK", inside), ("CT.BT.LT", outside)] {
            let rows = site.store().directive_units_all(directive).await.unwrap();
            assert!(rows.iter().any(|r| r.unit.as_str() == unit));
            assert!(
                rows.iter().all(|r| r.sum.taught_units() == 0),
                "nothing recorded"
            );
        }
        let issued = site
            .store()
            .directives_issued_by(
                &chibo_domain::UnitCode::parse("CT.NK").unwrap(),
                chibo_domain::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
                chibo_domain::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(issued.len(), 1, "no directive issued");
    }
}

/// The directive routes of the API for every role: a cell reads only the
/// directives that target it and records only its own steps, a committee
/// reads and acts within its subtree, and a unit a directive did not reach
/// answers 404 even to the administrator. Denied writes leave no trace.
#[tokio::test]
async fn directive_api_routes_for_every_role_inside_and_outside_the_grant() {
    for site in sites("web_permissions_directive_api").await {
        let router = site.router();
        let issuer = site.api_token("staff").await;
        let inside = crate::directive_api::issue(&site, &issuer, "40-KH/QU").await;
        let admin = site.api_token("admin").await;
        let new_outside = crate::directive_api::new_directive("41-KH/QU")
            .replace(INSIDE_UNIT, OUTSIDE_UNIT)
            .replace(",\"CT.NK.AH.KV2\"", "");
        let answer = send(
            &router,
            api(
                "POST",
                "/api/v1/units/CT.BT/directives",
                &admin,
                Some(&new_outside),
            ),
        )
        .await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        let outside: i64 = answer.json()["id"].as_i64().unwrap();
        let everyone = [Allow; 6];
        let committee_reads = [Allow, Allow, Deny, Allow, Allow, Allow];
        let edit_units = [Allow, Allow, Deny, Deny, Deny, Deny];
        let record = [Allow, Allow, Allow, Deny, Deny, Deny];
        let admin_only = [Allow, Deny, Deny, Deny, Deny, Deny];
        let nobody = [Deny; 6];
        let csv = "issuer,number,issued_on,title,target_units\nCT.NK,42-KH/QU,10/06/2024,Kế hoạch,CT.NK.AH.KV1\n";
        let outside_csv = csv
            .replace("CT.NK,", "CT.BT,")
            .replace(INSIDE_UNIT, OUTSIDE_UNIT);
        let (admin_cookie, _) = site.session("admin").await;
        let not_found_page = send(&router, get("/units/CT.NONE.EXISTS", Some(&admin_cookie)))
            .await
            .body;
        for (i, (user, _, _)) in ACCOUNTS.iter().enumerate() {
            let token = site.api_token(user).await;
            let (cookie, _) = site.session(user).await;
            let dashboards = [
                ("/units/CT.NK/dashboard/directives", committee_reads),
                ("/units/CT.NK/dashboard/directives.xlsx", committee_reads),
                ("/units/CT.BT/dashboard/directives", admin_only),
                (
                    "/units/CT.NK.AH.KV1/dashboard/directives.csv?period=2024&table=0",
                    everyone,
                ),
            ];
            for (path, expect) in dashboards {
                let answer = send(&router, get(path, Some(&cookie))).await;
                check(path, user, expect[i], &answer, &not_found_page);
            }
            let audit_before = common::audit_count(&site).await;
            let call = |method: &str, path: String, body: Option<String>| {
                let request = api(method, &format!("/api/v1{path}"), &token, body.as_deref());
                let router = router.clone();
                async move { send(&router, request).await }
            };
            let upload = |path: String, body: String| {
                let request = crate::directive_api::file(
                    "POST",
                    &format!("/api/v1{path}"),
                    &token,
                    "text/csv",
                    body.as_bytes(),
                );
                let router = router.clone();
                async move { send(&router, request).await }
            };
            // A step or an issue already recorded by an earlier role is
            // refused as a repeat (422), which still means it was reached.
            let reached = |mut answer: Answer| {
                if answer.status == 422 {
                    answer.status = 200;
                }
                answer
            };
            let received = Some(r#"{"step":"received","on":"2024-06-12"}"#.to_owned());
            let checked = Some(
                r#"{"step":"checked","on":"2024-06-28","rating":"done","checked_by":"CT.NK"}"#
                    .to_owned(),
            );
            let rows: Vec<(String, [Expect; 6], Answer)> = vec![
                (
                    "API GET /units/CT.NK/directives".into(),
                    committee_reads,
                    call("GET", "/units/CT.NK/directives".into(), None).await,
                ),
                (
                    "API GET /units/{cell}/directives?direction=received".into(),
                    everyone,
                    call(
                        "GET",
                        format!("/units/{INSIDE_UNIT}/directives?direction=received"),
                        None,
                    )
                    .await,
                ),
                (
                    "API GET /units/CT.BT/directives".into(),
                    admin_only,
                    call("GET", "/units/CT.BT/directives".into(), None).await,
                ),
                (
                    "API GET /units/CT.NK/directives/{id}".into(),
                    committee_reads,
                    call("GET", format!("/units/CT.NK/directives/{inside}"), None).await,
                ),
                (
                    "API GET /units/{cell}/directives/{id}".into(),
                    everyone,
                    call(
                        "GET",
                        format!("/units/{INSIDE_UNIT}/directives/{inside}"),
                        None,
                    )
                    .await,
                ),
                (
                    "API GET /units/{neighbour}/directives/{id}".into(),
                    committee_reads,
                    call(
                        "GET",
                        format!("/units/CT.NK.AH.KV2/directives/{inside}"),
                        None,
                    )
                    .await,
                ),
                (
                    "API GET /units/{cell}/directives/{outside id} (not reached)".into(),
                    nobody,
                    call(
                        "GET",
                        format!("/units/{INSIDE_UNIT}/directives/{outside}"),
                        None,
                    )
                    .await,
                ),
                (
                    "API GET /units/CT.BT/directives/{outside id}".into(),
                    admin_only,
                    call("GET", format!("/units/CT.BT/directives/{outside}"), None).await,
                ),
                (
                    "API POST /units/{cell}/directives/{id}/events".into(),
                    record,
                    reached(
                        call(
                            "POST",
                            format!("/units/{INSIDE_UNIT}/directives/{inside}/events"),
                            received.clone(),
                        )
                        .await,
                    ),
                ),
                (
                    "API POST /units/{outside cell}/directives/{id}/events".into(),
                    admin_only,
                    reached(
                        call(
                            "POST",
                            format!("/units/{OUTSIDE_UNIT}/directives/{outside}/events"),
                            received.clone(),
                        )
                        .await,
                    ),
                ),
                (
                    "API POST /units/{cell}/directives/{id}/events (checked)".into(),
                    edit_units,
                    reached(
                        call(
                            "POST",
                            format!("/units/{INSIDE_UNIT}/directives/{inside}/events"),
                            checked.clone(),
                        )
                        .await,
                    ),
                ),
                (
                    "API POST /units/CT.NK/directives".into(),
                    edit_units,
                    reached(
                        call(
                            "POST",
                            "/units/CT.NK/directives".into(),
                            Some(crate::directive_api::new_directive("43-KH/QU")),
                        )
                        .await,
                    ),
                ),
                (
                    "API POST /units/CT.BT/directives".into(),
                    admin_only,
                    reached(
                        call(
                            "POST",
                            "/units/CT.BT/directives".into(),
                            Some(new_outside.replace("41-KH/QU", "44-KH/QU")),
                        )
                        .await,
                    ),
                ),
                (
                    "API GET /units/CT.NK/directives/export".into(),
                    committee_reads,
                    call(
                        "GET",
                        "/units/CT.NK/directives/export?table=events&format=csv".into(),
                        None,
                    )
                    .await,
                ),
                (
                    "API POST /units/CT.NK/directives/import".into(),
                    edit_units,
                    upload(
                        "/units/CT.NK/directives/import?table=directives&dry_run=true".into(),
                        csv.to_owned(),
                    )
                    .await,
                ),
                (
                    "API POST /units/CT.BT/directives/import".into(),
                    admin_only,
                    upload(
                        "/units/CT.BT/directives/import?table=directives&dry_run=true".into(),
                        outside_csv.clone(),
                    )
                    .await,
                ),
            ];
            for (route, expect, answer) in &rows {
                check(route, user, expect[i], answer, "");
            }
            let writes = [record, edit_units, admin_only];
            if writes.iter().all(|w| w[i] == Deny) {
                assert_eq!(
                    common::audit_count(&site).await,
                    audit_before,
                    "{user} left an audit entry"
                );
            }
        }
    }
}

/// The research projects' API, for every role, on a project of the ward
/// (the secretary leads it, the evaluator follows it for the department)
/// and one outside every grant but the administrator's. The people of a
/// project are named to every reader, as the contract and the council's
/// decision publish them; each council member's sheet and the accounts
/// acting for people stay with the project's participants, and a reader
/// by grant alone who asks the API or the page does not get them.
#[tokio::test]
async fn project_routes_for_every_role_and_the_names_they_read() {
    for site in sites("web_permissions_projects").await {
        let router = site.router();
        let (admin_cookie, _) = site.session("admin").await;
        let not_found_page = send(&router, get("/units/CT.NONE.EXISTS", Some(&admin_cookie)))
            .await
            .body;
        let (project_in, council_in, reviewed) =
            crate::projects::project(&site, WARD, "ĐT.PERMAPI.01", true).await;
        let (review_in, _, _) = reviewed.unwrap();
        let (project_out, _, _) =
            crate::projects::project(&site, "CT.BT.LT", "ĐT.PERMAPI.02", false).await;
        let (fresh, fresh_council, _) =
            crate::projects::project(&site, WARD, "ĐT.PERMAPI.03", false).await;
        let read_project = row([Allow, Allow, Allow, Allow, Allow, Allow]);
        let review_project = row([Allow, Deny, Deny, Allow, Deny, Deny]);
        let team_project = row([Allow, Deny, Allow, Deny, Deny, Deny]);
        let edit_units = row([Allow, Allow, Deny, Deny, Deny, Deny]);
        let outside = row([Allow, Deny, Deny, Deny, Deny, Deny]);
        let contract = crate::project_api::contract("ĐT.PERMAPI.03", "final_report");
        let new = crate::project_api::new_project("ĐT.PERMAPI.04", "thematic_report")
            .replace("\"CT.NK\"", &format!("\"{WARD}\""));
        for (i, (user, _, _)) in ACCOUNTS.iter().enumerate() {
            let token = site.api_token(user).await;
            let call = |method: &str, path: String, body: Option<&str>| {
                let request = api(method, &format!("/api/v1{path}"), &token, body);
                let router = router.clone();
                async move { send(&router, request).await }
            };
            let reads = [
                ("API GET /projects", Allow, "/projects".to_owned()),
                (
                    "API GET /projects/{id} (inside)",
                    read_project[i],
                    format!("/projects/{project_in}"),
                ),
                (
                    "API GET /projects/{id} (outside)",
                    outside[i],
                    format!("/projects/{project_out}"),
                ),
            ];
            for (route, expect, path) in reads {
                let answer = call("GET", path, None).await;
                check(route, user, expect, &answer, "");
            }
            let writes = [
                (
                    "API POST /projects",
                    edit_units[i],
                    "POST",
                    "/projects".to_owned(),
                    new.as_str(),
                ),
                (
                    "API PUT /projects/{id}",
                    team_project[i],
                    "PUT",
                    format!("/projects/{fresh}"),
                    contract.as_str(),
                ),
                (
                    "API POST /projects/{id}/progress",
                    team_project[i],
                    "POST",
                    format!("/projects/{fresh}/progress"),
                    crate::project_api::PROGRESS,
                ),
                (
                    "API POST /projects/{id}/councils/{council}/review",
                    review_project[i],
                    "POST",
                    format!("/projects/{fresh}/councils/{fresh_council}/review"),
                    crate::project_api::REVIEW,
                ),
                (
                    "API PUT /projects/{id} (outside)",
                    outside[i],
                    "PUT",
                    format!("/projects/{project_out}"),
                    "{}",
                ),
            ];
            for (route, expect, method, path, body) in writes {
                let before = common::audit_count(&site).await;
                let answer = reached(call(method, path, Some(body)).await);
                check(route, user, expect, &answer, "");
                if expect == Deny {
                    assert_eq!(
                        common::audit_count(&site).await,
                        before,
                        "{user}: a denied {route} wrote"
                    );
                }
            }

            // Names: every reader of the project reads its people in their
            // roles; the sheets and the accounts only its participants.
            let participant = team_project[i] == Allow || review_project[i] == Allow;
            let answer = call("GET", format!("/projects/{project_in}"), None).await;
            let body = answer.json();
            let people = body["contract"]["people"].as_array().unwrap();
            assert!(
                people.iter().any(|p| p["name"] == "Chủ nhiệm Thử"),
                "{user} reads the lead's name"
            );
            assert_eq!(
                body["councils"][0]["members"][0]["name"], "Chủ tịch Hội đồng",
                "{user} reads the council's members"
            );
            let accounts_named = people.iter().any(|p| !p["account"].is_null());
            assert_eq!(accounts_named, team_project[i] == Allow, "{user}: accounts");
            let (cookie, csrf) = site.session(user).await;
            // The web forms: the team's, the department's.
            let forms = [
                (
                    "contract",
                    team_project[i],
                    format!("/projects/{project_in}/contract"),
                ),
                (
                    "progress/new",
                    team_project[i],
                    format!("/projects/{project_in}/progress/new"),
                ),
                (
                    "councils/new",
                    review_project[i],
                    format!("/projects/{project_in}/councils/new"),
                ),
                (
                    "reviews/{review}/opinion",
                    review_project[i],
                    format!("/projects/{project_in}/reviews/{review_in}/opinion"),
                ),
            ];
            for (route, expect, path) in &forms {
                let answer = send(&router, get(path, Some(&cookie))).await;
                check(
                    &format!("GET /projects/{{id}}/{route}"),
                    user,
                    *expect,
                    &answer,
                    &not_found_page,
                );
                // A form that does not read: refused (422) past the check, or
                // the 404 before it; either way nothing is written.
                let before = common::audit_count(&site).await;
                let answer = reached(
                    send(
                        &router,
                        post_form(
                            path,
                            Some(&cookie),
                            &[
                                ("csrf", csrf.as_str()),
                                ("period_end", "x"),
                                ("planned_start", "x"),
                                ("established_on", "x"),
                                ("score", "x"),
                            ],
                        ),
                    )
                    .await,
                );
                check(
                    &format!("POST /projects/{{id}}/{route}"),
                    user,
                    *expect,
                    &answer,
                    &not_found_page,
                );
                assert_eq!(common::audit_count(&site).await, before, "{user}: {route}");
            }
            let file_path = format!("/projects/{project_in}/products/SP1/file");
            let answer = send(&router, get(&file_path, Some(&cookie))).await;
            check(
                "GET /projects/{id}/products/{code}/file",
                user,
                team_project[i],
                &answer,
                &not_found_page,
            );
            let before = common::audit_count(&site).await;
            let answer = reached(
                send(
                    &router,
                    upload_to(&file_path, &cookie, &csrf, "a.exe", b"MZ", &[]),
                )
                .await,
            );
            check(
                "POST /projects/{id}/products/{code}/file",
                user,
                team_project[i],
                &answer,
                &not_found_page,
            );
            assert_eq!(
                common::audit_count(&site).await,
                before,
                "{user}: a refused file"
            );

            let page = send(
                &router,
                get(&format!("/projects/{project_in}"), Some(&cookie)),
            )
            .await;
            assert!(
                page.body.contains("Chủ tịch Hội đồng"),
                "{user}: the page names them"
            );
            let sheet_shown = page.body.contains("class=\"opinions\"");
            assert_eq!(sheet_shown, participant, "{user}: the members' sheets");
            // Asking for the review form does not open the sheets either.
            let form = send(
                &router,
                get(
                    &format!("/projects/{project_in}/councils/{council_in}/review"),
                    Some(&cookie),
                ),
            )
            .await;
            assert_eq!(
                form.status == 200,
                review_project[i] == Allow,
                "{user}: the form"
            );
        }
    }
}

/// The experiment pages for every role: an experiment of the ward (a
/// running pilot of the secretary's cell with its neighbour as the
/// comparison) and one of the ward outside every grant but the
/// administrator's. Its design and fidelity are read on the committee's
/// figures, its evaluation and dataset on dataset grants (researchers
/// included, never a member's name), its changes by those who edit the
/// committee; a denial looks like a missing page, and no refused write
/// changes anything.
#[tokio::test]
async fn experiment_routes_for_every_role_inside_and_outside_the_grant() {
    for site in sites("web_permissions_experiments").await {
        let router = site.router();
        let (admin_cookie, _) = site.session("admin").await;
        let not_found = send(&router, get("/units/CT.NONE.EXISTS", Some(&admin_cookie))).await;
        let not_found_page = not_found.body.clone();
        let inside = crate::experiment_pages::create(
            &site,
            &crate::experiment_pages::design_of(
                "Thí điểm phường An Hòa",
                WARD,
                &[INSIDE_UNIT],
                &[("CT.NK.AH.KV2", INSIDE_UNIT)],
            ),
            true,
        )
        .await;
        let outside = crate::experiment_pages::create(
            &site,
            &crate::experiment_pages::design_of(
                "Thí điểm phường Long Tuyền",
                "CT.BT.LT",
                &[OUTSIDE_UNIT],
                &[],
            ),
            false,
        )
        .await;
        let audit = || async { common::audit_count(&site).await };
        let before = audit().await;

        let everyone = row([Allow, Allow, Allow, Allow, Allow, Allow]);
        let nobody = row([Deny, Deny, Deny, Deny, Deny, Deny]);
        let outside_grants = row([Allow, Deny, Deny, Deny, Deny, Deny]);
        // The ward owns the experiment: the secretary's grant is below it.
        let committee_reads = row([Allow, Allow, Deny, Allow, Allow, Allow]);
        let edit = row([Allow, Allow, Deny, Deny, Deny, Deny]);
        let datasets = row([Allow, Allow, Deny, Deny, Allow, Deny]);
        let names: Vec<&str> = common::MEMBERS
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').nth(1))
            .collect();

        for (i, (user, _, _)) in ACCOUNTS.iter().enumerate() {
            let (cookie, csrf) = site.session(user).await;
            let page = |path: &str| get(path, Some(&cookie));
            // Forms refused for their content: whoever reaches them gets 422.
            let bad_design = |path: &str| {
                post_form(
                    path,
                    Some(&cookie),
                    &[("csrf", &csrf), ("owner", WARD), ("baseline_from", "x")],
                )
            };
            let bad_day =
                |path: &str| post_form(path, Some(&cookie), &[("csrf", &csrf), ("on", "x")]);
            let cases: Vec<(String, Expect, Answer)> = vec![
                (
                    "GET /experiments".into(),
                    everyone[i],
                    send(&router, page("/experiments")).await,
                ),
                (
                    "GET /experiments/new".into(),
                    edit[i],
                    send(&router, page("/experiments/new")).await,
                ),
                (
                    "POST /experiments/new".into(),
                    edit[i],
                    reached(send(&router, bad_design("/experiments/new")).await),
                ),
                (
                    "GET /experiments/{inside}".into(),
                    committee_reads[i],
                    send(&router, page(&format!("/experiments/{inside}"))).await,
                ),
                (
                    "GET /experiments/{outside}".into(),
                    outside_grants[i],
                    send(&router, page(&format!("/experiments/{outside}"))).await,
                ),
                (
                    "GET /experiments/abc".into(),
                    nobody[i],
                    send(&router, page("/experiments/abc")).await,
                ),
                (
                    "GET /experiments/999999".into(),
                    nobody[i],
                    send(&router, page("/experiments/999999")).await,
                ),
                (
                    "POST /experiments/{inside}".into(),
                    edit[i],
                    reached(send(&router, bad_design(&format!("/experiments/{inside}"))).await),
                ),
                (
                    "POST /experiments/{outside}".into(),
                    outside_grants[i],
                    reached(send(&router, bad_design(&format!("/experiments/{outside}"))).await),
                ),
                (
                    "POST /experiments/{outside}/proposal".into(),
                    outside_grants[i],
                    reached(
                        send(
                            &router,
                            post_form(
                                &format!("/experiments/{outside}/proposal"),
                                Some(&cookie),
                                &[("csrf", &csrf), ("seed", "x")],
                            ),
                        )
                        .await,
                    ),
                ),
                (
                    "POST /experiments/{inside}/start".into(),
                    edit[i],
                    reached(send(&router, bad_day(&format!("/experiments/{inside}/start"))).await),
                ),
                (
                    "POST /experiments/{outside}/end".into(),
                    outside_grants[i],
                    reached(send(&router, bad_day(&format!("/experiments/{outside}/end"))).await),
                ),
                (
                    "GET /experiments/{inside}/fidelity".into(),
                    committee_reads[i],
                    send(&router, page(&format!("/experiments/{inside}/fidelity"))).await,
                ),
                (
                    "GET /experiments/{outside}/fidelity".into(),
                    outside_grants[i],
                    send(&router, page(&format!("/experiments/{outside}/fidelity"))).await,
                ),
                (
                    "GET /experiments/{inside}/evaluation".into(),
                    datasets[i],
                    send(&router, page(&format!("/experiments/{inside}/evaluation"))).await,
                ),
                (
                    "GET /experiments/{inside}/evaluation.csv".into(),
                    datasets[i],
                    send(
                        &router,
                        page(&format!("/experiments/{inside}/evaluation.csv")),
                    )
                    .await,
                ),
                (
                    "GET /experiments/{inside}/evaluation.pdf".into(),
                    datasets[i],
                    send(
                        &router,
                        page(&format!("/experiments/{inside}/evaluation.pdf")),
                    )
                    .await,
                ),
                (
                    "GET /experiments/{outside}/evaluation.docx".into(),
                    outside_grants[i],
                    send(
                        &router,
                        page(&format!("/experiments/{outside}/evaluation.docx")),
                    )
                    .await,
                ),
                (
                    "GET /experiments/{outside}/evaluation".into(),
                    outside_grants[i],
                    send(&router, page(&format!("/experiments/{outside}/evaluation"))).await,
                ),
                (
                    "GET /experiments/{outside}/evaluation.csv".into(),
                    outside_grants[i],
                    send(
                        &router,
                        page(&format!("/experiments/{outside}/evaluation.csv")),
                    )
                    .await,
                ),
            ];
            for (route, expect, answer) in &cases {
                check(route, user, *expect, answer, &not_found_page);
                // What a researcher reads of an experiment names no member.
                if *user == "researcher" && allowed(answer) {
                    for name in &names {
                        assert!(!answer.body.contains(name), "{route} names {name}");
                    }
                }
            }
            // The list shows only the experiments of readable committees.
            let list = send(&router, page("/experiments")).await;
            assert_eq!(
                list.body.contains(&format!("/experiments/{inside}\"")),
                committee_reads[i] == Allow,
                "{user}: the ward's experiment listed"
            );
            assert_eq!(
                list.body.contains(&format!("/experiments/{outside}\"")),
                outside_grants[i] == Allow,
                "{user}: the other ward's experiment listed"
            );
            // The menu leads researchers and staff to the list.
            assert_eq!(
                list.body
                    .contains(r#"<a href="/experiments" aria-current="page">"#),
                datasets[i] == Allow,
                "{user}: the menu item"
            );
        }
        assert_eq!(audit().await, before, "every write was refused");
    }
}

// Experiments: the lessons page of an experiment of the ward, and of one
// in the other subtree.
#[tokio::test]
async fn experiment_lesson_routes_for_every_role_inside_and_outside_the_grant() {
    for site in sites("web_permissions_experiment_lessons").await {
        let router = site.router();
        let (admin_cookie, _) = site.session("admin").await;
        let not_found = send(&router, get("/units/CT.NONE.EXISTS", Some(&admin_cookie))).await;
        let not_found_page = not_found.body.clone();
        let (inside, _) = crate::experiment_lessons::started_experiment(
            &site,
            WARD,
            INSIDE_UNIT,
            INSIDE_MEMBER,
            None,
        )
        .await;
        let (outside, _) = crate::experiment_lessons::started_experiment(
            &site,
            "CT.BT.LT",
            OUTSIDE_UNIT,
            OUTSIDE_MEMBER,
            None,
        )
        .await;
        // Reading: aggregates of the ward (the secretary holds one cell
        // only); writing: the owner's staff.
        let ward_aggregates = row([Allow, Allow, Deny, Allow, Allow, Allow]);
        let edit_units = row([Allow, Allow, Deny, Deny, Deny, Deny]);
        let outside_grants = row([Allow, Deny, Deny, Deny, Deny, Deny]);
        for (i, (user, _, _)) in ACCOUNTS.iter().enumerate() {
            let (cookie, csrf) = site.session(user).await;
            let page = |path: String| get(&path, Some(&cookie));
            // An empty lesson: refused for its content by whoever may
            // write, nothing written.
            let empty = |id: i64| {
                post_form(
                    &format!("/experiments/{id}/lessons"),
                    Some(&cookie),
                    &[("csrf", &csrf), ("worked", "")],
                )
            };
            let cases: Vec<(String, Expect, Answer)> = vec![
                (
                    "GET /experiments/{id}/lessons (inside)".into(),
                    ward_aggregates[i],
                    send(&router, page(format!("/experiments/{inside}/lessons"))).await,
                ),
                (
                    "GET /experiments/{id}/lessons (outside)".into(),
                    outside_grants[i],
                    send(&router, page(format!("/experiments/{outside}/lessons"))).await,
                ),
                (
                    "POST /experiments/{id}/lessons (inside)".into(),
                    edit_units[i],
                    reached(send(&router, empty(inside)).await),
                ),
                (
                    "POST /experiments/{id}/lessons (outside)".into(),
                    outside_grants[i],
                    reached(send(&router, empty(outside)).await),
                ),
            ];
            for (route, expect, answer) in &cases {
                check(route, user, *expect, answer, &not_found_page);
            }
        }
        let db = Db::from(site.store());
        let admin = chibo_core::operator::Operator::command_line().act_as(
            0,
            "admin",
            vec![chibo_testkit::store::GrantRecord {
                id: 0,
                account_id: 0,
                role: chibo_domain::access::Role::Administrator,
                unit: chibo_domain::UnitCode::parse("CT").unwrap(),
                unit_name: String::new(),
            }],
        );
        let today = site.state.clock.today();
        for id in [inside, outside] {
            let read = chibo_core::experiments::experiment_access::<
                chibo_core::access::ReadAggregates,
            >(&db, &admin, id, today)
            .await
            .unwrap();
            let book = chibo_core::experiments::lessons(&db, &read).await.unwrap();
            assert!(book.groups.is_empty(), "no denied write wrote anything");
        }
    }
}

/// The rollout page for every role: read where the grant reads aggregates,
/// a wave added only by who may edit the committee's units; a refused or
/// denied wave leaves no trace.
#[tokio::test]
async fn rollout_routes_for_every_role_inside_and_outside_the_grant() {
    for site in sites("web_permissions_rollout").await {
        let router = site.router();
        let (admin_cookie, _) = site.session("admin").await;
        let not_found = send(&router, get("/units/CT.NONE.EXISTS", Some(&admin_cookie))).await;
        let not_found_page = not_found.body.clone();
        let everyone = row([Allow, Allow, Allow, Allow, Allow, Allow]);
        let outside_grants = row([Allow, Deny, Deny, Deny, Deny, Deny]);
        let committee_reads = row([Allow, Allow, Deny, Allow, Allow, Allow]);
        let edit_units = row([Allow, Allow, Deny, Deny, Deny, Deny]);
        for (i, (user, _, _)) in ACCOUNTS.iter().enumerate() {
            let (cookie, csrf) = site.session(user).await;
            let page = |path: &str| get(path, Some(&cookie));
            // A wave without a name: refused for its content by whoever
            // may add one.
            let bad_wave = |unit: &str| {
                post_form(
                    &format!("/units/{unit}/rollout"),
                    Some(&cookie),
                    &[
                        ("csrf", &csrf),
                        ("name", ""),
                        ("model", "regular-2025@1"),
                        ("start", "01/01/2026"),
                        ("units", "CT.NK.AH"),
                    ],
                )
            };
            let cases: Vec<(String, Expect, Answer)> = vec![
                (
                    "GET /units/CT.NK/rollout".into(),
                    committee_reads[i],
                    send(&router, page("/units/CT.NK/rollout")).await,
                ),
                (
                    format!("GET /units/{INSIDE_UNIT}/rollout"),
                    everyone[i],
                    send(&router, page(&format!("/units/{INSIDE_UNIT}/rollout"))).await,
                ),
                (
                    "GET /units/CT.BT.LT/rollout".into(),
                    outside_grants[i],
                    send(&router, page("/units/CT.BT.LT/rollout")).await,
                ),
                (
                    "POST /units/CT.NK/rollout".into(),
                    edit_units[i],
                    reached(send(&router, bad_wave("CT.NK")).await),
                ),
                (
                    "POST /units/CT.BT.LT/rollout".into(),
                    outside_grants[i],
                    reached(send(&router, bad_wave("CT.BT.LT")).await),
                ),
            ];
            for (route, expect, answer) in &cases {
                check(route, user, *expect, answer, &not_found_page);
            }
        }
        assert!(site.store().rollout_waves().await.unwrap().is_empty());
    }
}
