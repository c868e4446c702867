//! Member surveys' pages: answering with a one-time code without an
//! account (the token of the form against its cookie, codes used once,
//! closed campaigns, answers with problems kept and not stored, a burst of
//! wrong codes throttled), and a committee's campaigns (set up, opened,
//! closed, codes issued once as slips) with the same 404 for everyone else
//! as for a missing unit.

use axum::body::Body;
use axum::http::{Request, header};
use chibo_core::Db;
use chibo_core::audit::AuditContext;
use chibo_core::operator::Operator;
use chibo_core::surveys::campaigns::{
    CampaignRequest, close_campaign, create_campaign, open_campaign, operator_campaign_access,
};
use chibo_core::surveys::codes::{IssuedCode, issue_codes, slips};
use chibo_core::surveys::operator_unit_access;
use chibo_domain::UnitCode;

use crate::common::{Answer, Site, encode, get, hidden, post_form, send, sites};

const TOKEN_COOKIE: &str = "chibo_survey";

/// A campaign of the default form over `unit`'s cells, opened when
/// `open`, with `per_cell` codes for each cell.
pub async fn campaign(
    site: &Site,
    unit: &str,
    open: bool,
    per_cell: u32,
) -> (i64, Vec<IssuedCode>) {
    let db = Db::from(site.store());
    let clock = site.clock.as_ref();
    let today = chibo_core::Clock::today(clock);
    let unit = UnitCode::parse(unit).unwrap();
    let access = operator_unit_access(Operator::command_line(), &db, &unit, today)
        .await
        .unwrap();
    let author = AuditContext::command_line();
    let request = CampaignRequest {
        form_id: "chibo-default".into(),
        version: "2026.1".into(),
        title: "Khảo sát đầu kỳ 2024".into(),
        opens_on: today,
        closes_on: today + chrono::Duration::days(30),
        sample: None,
    };
    let made = create_campaign(&db, clock, &access, &author, &request)
        .await
        .unwrap();
    let access = operator_campaign_access(Operator::command_line(), &db, made.id, today)
        .await
        .unwrap();
    let codes = issue_codes(&db, clock, &access, &author, per_cell)
        .await
        .unwrap();
    if open {
        open_campaign(&db, clock, &access, &author).await.unwrap();
    }
    (made.id, codes)
}

pub async fn used_slips(site: &Site, id: i64) -> usize {
    let db = Db::from(site.store());
    let today = chibo_core::Clock::today(site.clock.as_ref());
    let access = operator_campaign_access(Operator::command_line(), &db, id, today)
        .await
        .unwrap();
    slips(&db, &access)
        .await
        .unwrap()
        .iter()
        .filter(|s| s.used)
        .count()
}

/// A respondent's request: no session, only the form token's cookie.
fn respondent(
    method: &str,
    path: &str,
    token: Option<&str>,
    fields: &[(String, String)],
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        builder = builder.header(header::COOKIE, format!("{TOKEN_COOKIE}={token}"));
    }
    if method == "POST" {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        builder
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.join("&")))
            .unwrap()
    } else {
        builder.body(Body::empty()).unwrap()
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The form token a page set in its cookie.
fn token_of(answer: &Answer) -> String {
    let cookie = answer
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(TOKEN_COOKIE))
        .expect("the form token's cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    cookie[TOKEN_COOKIE.len() + 1..]
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// Opens `/s` and types `code`: the answer and the form token.
async fn enter(router: &axum::Router, code: &str) -> (Answer, String) {
    let first = send(router, respondent("GET", "/s", None, &[])).await;
    assert_eq!(first.status, 200);
    let token = token_of(&first);
    assert_eq!(hidden(&first.body, "csrf"), token);
    let answer = send(
        router,
        respondent(
            "POST",
            "/s",
            Some(&token),
            &pairs(&[("csrf", &token), ("code", code)]),
        ),
    )
    .await;
    (answer, token)
}

/// Every required item of the default answered with its first choice.
fn complete(token: &str, code: &str) -> Vec<(String, String)> {
    let form = chibo_core::surveys::instruments::default_instrument().unwrap();
    let mut fields = pairs(&[("csrf", token), ("code", code)]);
    for item in form.items.iter().filter(|i| i.required) {
        fields.push((item.name.clone(), form.choices(item)[0].value.clone()));
    }
    fields
}

#[tokio::test]
async fn a_code_answers_once_and_a_used_code_looks_unknown() {
    for site in sites("web_survey_answer_once").await {
        let router = site.router();
        let (id, codes) = campaign(&site, "CT.NK.AH", true, 2).await;
        let code = codes[0].code.clone();
        let (form, token) = enter(&router, &code.to_lowercase()).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(form.body.contains("Khảo sát đầu kỳ 2024"));
        assert!(form.body.contains("data-item=\"q01\""));
        assert_eq!(hidden(&form.body, "code"), code.to_lowercase());
        assert!(
            !form.body.contains("main-nav"),
            "no navigation for respondents"
        );
        assert_eq!(form.headers[header::CACHE_CONTROL], "no-store");

        let sent = send(
            &router,
            respondent("POST", "/s/answer", Some(&token), &complete(&token, &code)),
        )
        .await;
        assert_eq!(sent.status, 303, "{}", sent.body);
        assert_eq!(sent.location(), "/s/thanks");
        assert_eq!(used_slips(&site, id).await, 1);
        let thanks = send(&router, respondent("GET", "/s/thanks", None, &[])).await;
        assert_eq!(thanks.status, 200);
        assert!(thanks.body.contains("id=\"survey-thanks\""));
        assert!(!thanks.body.contains(&code));

        // The same code again, typed or sent with answers: refused like a
        // code that never existed.
        let (again, _) = enter(&router, &code).await;
        let (unknown, _) = enter(&router, "ZZZZZ-ZZZZZ").await;
        assert_eq!(again.status, 422);
        assert_eq!(unknown.status, 422);
        let refusal = chibo_i18n::text(chibo_i18n::Lang::Vi, "survey-code-invalid");
        assert!(again.body.contains(&refusal) && unknown.body.contains(&refusal));
        let resent = send(
            &router,
            respondent("POST", "/s/answer", Some(&token), &complete(&token, &code)),
        )
        .await;
        assert_eq!(resent.status, 422);
        assert!(resent.body.contains(&refusal));
        assert_eq!(used_slips(&site, id).await, 1);

        // A link opens the form too (the second code).
        let link = send(
            &router,
            respondent("GET", &format!("/s/{}", codes[1].code), None, &[]),
        )
        .await;
        assert_eq!(link.status, 200);
        assert!(link.body.contains("data-item=\"q01\""));
    }
}

#[tokio::test]
async fn a_closed_campaign_takes_no_answer() {
    for site in sites("web_survey_closed").await {
        let router = site.router();
        let (id, codes) = campaign(&site, "CT.NK.AH", true, 1).await;
        let (form, token) = enter(&router, &codes[0].code).await;
        assert_eq!(form.status, 200);
        let db = Db::from(site.store());
        let today = chibo_core::Clock::today(site.clock.as_ref());
        let access = operator_campaign_access(Operator::command_line(), &db, id, today)
            .await
            .unwrap();
        close_campaign(
            &db,
            site.clock.as_ref(),
            &access,
            &AuditContext::command_line(),
        )
        .await
        .unwrap();
        let sent = send(
            &router,
            respondent(
                "POST",
                "/s/answer",
                Some(&token),
                &complete(&token, &codes[0].code),
            ),
        )
        .await;
        assert_eq!(sent.status, 422);
        assert!(
            sent.body.contains("hiện không nhận trả lời"),
            "{}",
            sent.body
        );
        let (typed, _) = enter(&router, &codes[0].code).await;
        assert_eq!(typed.status, 422);
        assert!(typed.body.contains("hiện không nhận trả lời"));
        assert_eq!(used_slips(&site, id).await, 0);
        // A draft (never opened) takes none either.
        let (_, draft) = campaign(&site, "CT.NK.AH", false, 1).await;
        let (typed, _) = enter(&router, &draft[0].code).await;
        assert_eq!(typed.status, 422);
    }
}

#[tokio::test]
async fn answers_with_problems_are_shown_again_and_not_stored() {
    for site in sites("web_survey_problems").await {
        let router = site.router();
        let (id, codes) = campaign(&site, "CT.NK.AH", true, 1).await;
        let code = &codes[0].code;
        let (_, token) = enter(&router, code).await;
        let mut fields: Vec<(String, String)> = complete(&token, code)
            .into_iter()
            .filter(|(name, _)| name != "q06")
            .collect();
        fields.push(("q27".into(), "Họp đúng giờ hơn".into()));
        let sent = send(
            &router,
            respondent("POST", "/s/answer", Some(&token), &fields),
        )
        .await;
        assert_eq!(sent.status, 422);
        assert!(sent.body.contains("id=\"survey-problems\""));
        // The problem beside q06, the answers kept, the code carried on.
        let q06 = &sent.body[sent.body.find("id=\"item-q06\"").unwrap()..];
        assert!(
            q06[..q06.find("</fieldset>").unwrap()].contains("data-problem aria-live=\"polite\">")
        );
        assert!(sent.body.contains("Họp đúng giờ hơn"));
        assert!(
            sent.body.contains("name=\"q01\" value=\"1\" checked"),
            "the first answers kept"
        );
        assert_eq!(hidden(&sent.body, "code"), *code);
        assert_eq!(used_slips(&site, id).await, 0, "nothing stored");

        // Corrected, the same code is accepted.
        let sent = send(
            &router,
            respondent("POST", "/s/answer", Some(&token), &complete(&token, code)),
        )
        .await;
        assert_eq!(sent.status, 303);
        assert_eq!(used_slips(&site, id).await, 1);
    }
}

#[tokio::test]
async fn a_respondents_form_needs_its_token() {
    for site in sites("web_survey_csrf").await {
        let router = site.router();
        let (id, codes) = campaign(&site, "CT.NK.AH", true, 1).await;
        let code = &codes[0].code;
        let (_, token) = enter(&router, code).await;
        // No cookie, a wrong token, or no token at all.
        let without_cookie = complete(&token, code);
        for (cookie, fields) in [
            (None, without_cookie.clone()),
            (
                Some("another-token-another-token-another"),
                without_cookie.clone(),
            ),
            (
                Some(token.as_str()),
                without_cookie
                    .iter()
                    .filter(|(n, _)| n != "csrf")
                    .cloned()
                    .collect(),
            ),
        ] {
            let sent = send(&router, respondent("POST", "/s/answer", cookie, &fields)).await;
            assert_eq!(sent.status, 403);
            let typed = send(&router, respondent("POST", "/s", cookie, &fields)).await;
            assert_eq!(typed.status, 403);
        }
        assert_eq!(used_slips(&site, id).await, 0);
    }
}

#[tokio::test]
async fn a_burst_of_wrong_codes_is_throttled() {
    for site in sites("web_survey_throttle").await {
        let router = site.router();
        let (_, codes) = campaign(&site, "CT.NK.AH", true, 1).await;
        // A valid code does not count.
        let (opened, _) = enter(&router, &codes[0].code).await;
        assert_eq!(opened.status, 200);
        for i in 0..20 {
            let (answer, _) = enter(&router, &format!("AAAAA-{i:05}")).await;
            assert_eq!(answer.status, 422, "attempt {i}");
        }
        let (blocked, _) = enter(&router, "AAAAA-99999").await;
        assert_eq!(blocked.status, 429);
        assert!(
            blocked.body.contains("Nhập sai mã quá nhiều lần"),
            "{}",
            blocked.body
        );
        let link = send(
            &router,
            respondent("GET", &format!("/s/{}", codes[0].code), None, &[]),
        )
        .await;
        assert_eq!(link.status, 429, "even a good code waits");
        // Another address is not held back (behind no trusted proxy, the
        // connection's address; here none, so the wait ends with the window).
        site.clock.advance(15 * 60);
        let (after, _) = enter(&router, &codes[0].code).await;
        assert_eq!(after.status, 200);
    }
}

/// The number of slips in a page.
fn slip_count(body: &str) -> usize {
    body.matches("class=\"slip\"").count()
}

/// Posts CT.NK's set-up form: an all-cells campaign of the default form
/// from 30/06/2024 to 31/07/2024, with `changes` made to its fields.
async fn set_up(
    router: &axum::Router,
    cookie: &str,
    csrf: &str,
    changes: &[(&str, &str)],
) -> Answer {
    let mut fields = vec![
        ("csrf", csrf),
        ("instrument", "chibo-default 2026.1"),
        ("title", "Khảo sát đầu kỳ"),
        ("opens_on", "2024-06-30"),
        ("closes_on", "2024-07-31"),
        ("scope", "all"),
    ];
    for (name, value) in changes {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value,
            None => fields.push((name, value)),
        }
    }
    send(
        router,
        post_form("/units/CT.NK/surveys", Some(cookie), &fields),
    )
    .await
}

/// Posts one of a campaign page's buttons.
async fn act(
    router: &axum::Router,
    cookie: &str,
    csrf: &str,
    page: &str,
    action: &str,
    per_cell: &str,
) -> Answer {
    send(
        router,
        post_form(
            &format!("{page}/{action}"),
            Some(cookie),
            &[("csrf", csrf), ("per_cell", per_cell)],
        ),
    )
    .await
}

#[tokio::test]
async fn staff_set_up_open_issue_codes_and_close_a_campaign() {
    for site in sites("web_survey_campaigns").await {
        let router = site.router();
        let (cookie, csrf) = site.session("staff").await;
        let home = send(&router, get("/surveys", Some(&cookie))).await;
        assert_eq!(home.status, 303);
        assert_eq!(home.location(), "/units/CT.NK/surveys");
        let list = send(&router, get("/units/CT.NK/surveys", Some(&cookie))).await;
        assert_eq!(list.status, 200);
        assert!(list.body.contains("id=\"survey-no-campaigns\""));
        assert!(list.body.contains("/surveys/default/preview"));
        assert!(list.body.contains("value=\"chibo-default 2026.1\""));

        // A title missing: the form again with the problem and the values.
        let bad = set_up(
            &router,
            &cookie,
            &csrf,
            &[("title", ""), ("closes_on", "15/07/2024")],
        )
        .await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("id=\"title-error\""));
        assert!(bad.body.contains("value=\"15/07/2024\""));

        let made = set_up(&router, &cookie, &csrf, &[]).await;
        assert_eq!(made.status, 303, "{}", made.body);
        let page_path = made.location().to_owned();
        assert!(page_path.starts_with("/surveys/campaigns/"));
        let page = send(&router, get(&page_path, Some(&cookie))).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("data-state=\"draft\""));
        assert!(page.body.contains("Chi bộ Khu vực 1") && page.body.contains("Chi bộ Khu vực 2"));

        let opened = act(&router, &cookie, &csrf, &page_path, "open", "").await;
        assert_eq!(opened.status, 303);
        let again = act(&router, &cookie, &csrf, &page_path, "open", "").await;
        assert_eq!(again.status, 422, "an open campaign is not opened twice");

        let slips = act(&router, &cookie, &csrf, &page_path, "codes", "3").await;
        assert_eq!(slips.status, 200);
        assert_eq!(slip_count(&slips.body), 6, "three for each of two cells");
        assert_eq!(slips.headers[header::CACHE_CONTROL], "no-store");
        assert!(slips.body.contains("id=\"survey-codes-warning\""));
        assert!(slips.body.contains("http://localhost/s") || slips.body.contains("/s</strong>"));
        assert!(slips.body.contains("Phiếu này không ghi tên"));
        assert!(slips.body.contains("download=\"survey-") && slips.body.contains("data:text/csv"));
        // A printed code answers.
        let start = slips.body.find("<code>").unwrap() + "<code>".len();
        let code = slips.body[start..].split('<').next().unwrap().to_owned();
        assert_eq!(code.len(), 11);
        let (form, _) = enter(&router, &code).await;
        assert_eq!(form.status, 200);
        let too_many = act(&router, &cookie, &csrf, &page_path, "codes", "0").await;
        assert_eq!(too_many.status, 422);

        let page = send(&router, get(&page_path, Some(&cookie))).await;
        assert!(page.body.contains("id=\"survey-campaign-slips\">0 / 6<"));
        let closed = act(&router, &cookie, &csrf, &page_path, "close", "").await;
        assert_eq!(closed.status, 303);
        let page = send(&router, get(&page_path, Some(&cookie))).await;
        assert!(page.body.contains("data-state=\"closed\""));
        assert!(
            !page.body.contains("survey-codes-form"),
            "no codes for a closed campaign"
        );
        let (late, _) = enter(&router, &code).await;
        assert_eq!(late.status, 422);

        // A sample of one cell per sector from a recorded seed.
        let sampled = set_up(
            &router,
            &cookie,
            &csrf,
            &[
                ("title", "Khảo sát chọn mẫu"),
                ("scope", "sample"),
                ("per_stratum", "1"),
                ("seed", "7"),
            ],
        )
        .await;
        assert_eq!(sampled.status, 303);
        let list = send(&router, get("/units/CT.NK/surveys", Some(&cookie))).await;
        assert!(list.body.contains("hạt giống 7"));
        assert_eq!(list.body.matches("<tr data-state=").count(), 2);
        // Without a CSRF token nothing is made.
        let forged = send(
            &router,
            post_form(
                "/units/CT.NK/surveys",
                Some(&cookie),
                &[
                    ("title", "X"),
                    ("opens_on", "2024-06-30"),
                    ("closes_on", "2024-07-31"),
                ],
            ),
        )
        .await;
        assert_eq!(forged.status, 403);
    }
}

#[tokio::test]
async fn campaigns_are_missing_pages_for_everyone_else() {
    for site in sites("web_survey_campaigns_denied").await {
        let router = site.router();
        let (inside, _) = campaign(&site, "CT.NK.AH", false, 1).await;
        let (outside, _) = campaign(&site, "CT.BT.LT", false, 1).await;
        let (admin, _) = site.session("admin").await;
        let missing = send(&router, get("/units/CT.NONE.EXISTS", Some(&admin))).await;
        assert_eq!(missing.status, 404);
        for user in ["secretary", "evaluator", "researcher", "viewer"] {
            let (cookie, csrf) = site.session(user).await;
            for path in [
                "/surveys".to_owned(),
                "/units/CT.NK/surveys".to_owned(),
                "/units/CT.NK.AH/surveys".to_owned(),
                format!("/surveys/campaigns/{inside}"),
            ] {
                let answer = send(&router, get(&path, Some(&cookie))).await;
                assert_eq!(answer.status, 404, "{user} {path}");
                assert_eq!(answer.body, missing.body, "{user} {path}");
            }
            let open = send(
                &router,
                post_form(
                    &format!("/surveys/campaigns/{inside}/open"),
                    Some(&cookie),
                    &[("csrf", &csrf)],
                ),
            )
            .await;
            assert_eq!(open.status, 404, "{user}");
        }
        let (staff, csrf) = site.session("staff").await;
        for path in [
            "/units/CT.BT.LT/surveys".to_owned(),
            format!("/surveys/campaigns/{outside}"),
            "/surveys/campaigns/999999".to_owned(),
            "/surveys/campaigns/x".to_owned(),
        ] {
            let answer = send(&router, get(&path, Some(&staff))).await;
            assert_eq!(answer.status, 404, "staff {path}");
            assert_eq!(answer.body, missing.body, "staff {path}");
        }
        for action in ["open", "codes"] {
            let answer = send(
                &router,
                post_form(
                    &format!("/surveys/campaigns/{outside}/{action}"),
                    Some(&staff),
                    &[("csrf", &csrf), ("per_cell", "2")],
                ),
            )
            .await;
            assert_eq!(answer.status, 404);
        }
        let page = send(
            &router,
            get(&format!("/surveys/campaigns/{outside}"), Some(&admin)),
        )
        .await;
        assert!(page.body.contains("data-state=\"draft\""), "still a draft");
    }
}

/// Answers of the default form stored through `code`: every required
/// item with the choice `pick` (modulo the list's length), so that
/// respondents differ and constructs have a variance.
async fn answer_with(site: &Site, code: &str, pick: usize) {
    let db = Db::from(site.store());
    let form = chibo_core::surveys::instruments::default_instrument().unwrap();
    let fields: Vec<(String, String)> = form
        .items
        .iter()
        .filter(|i| i.required)
        .map(|item| {
            let choices = form.choices(item);
            let usable: Vec<_> = choices.iter().filter(|c| !c.missing).collect();
            let value = if usable.is_empty() {
                choices[pick % choices.len()].value.clone()
            } else {
                usable[pick % usable.len()].value.clone()
            };
            (item.name.clone(), value)
        })
        .collect();
    chibo_core::surveys::answering::submit(&db, site.clock.as_ref(), code, &fields)
        .await
        .unwrap();
}

/// `n` answers in each listed cell, through its codes, each respondent
/// picking differently.
pub async fn answer_in_cells(site: &Site, codes: &[IssuedCode], cells: &[(&str, usize)]) {
    let mut pick = 0;
    for (cell, n) in cells {
        for code in codes.iter().filter(|c| c.cell.as_str() == *cell).take(*n) {
            answer_with(site, &code.code, pick).await;
            pick += 1;
        }
    }
}

pub async fn close(site: &Site, id: i64) {
    let db = Db::from(site.store());
    let clock = site.clock.as_ref();
    let today = chibo_core::Clock::today(clock);
    let access = operator_campaign_access(Operator::command_line(), &db, id, today)
        .await
        .unwrap();
    close_campaign(&db, clock, &access, &AuditContext::command_line())
        .await
        .unwrap();
}

/// The `<tr>` of table `id` whose first cell holds `label`.
fn row_of<'a>(body: &'a str, id: &str, label: &str) -> &'a str {
    let start = body
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("table {id}"));
    let table = &body[start..];
    let table = &table[..table.find("</table>").unwrap()];
    table
        .split("<tr>")
        .find(|row| row.contains(label))
        .unwrap_or_else(|| panic!("{label} in {id}"))
}

#[tokio::test]
async fn results_show_figures_for_large_groups_and_only_reasons_for_small_ones() {
    for site in sites("web_survey_results").await {
        let router = site.router();
        let (id, codes) = campaign(&site, "CT.NK.AH", true, 14).await;
        let (staff, _) = site.session("staff").await;
        let page_path = format!("/surveys/campaigns/{id}/results");

        // Open: the page says results come after closing, with no figure.
        let early = send(&router, get(&page_path, Some(&staff))).await;
        assert_eq!(early.status, 200);
        assert!(early.body.contains("id=\"survey-results-not-closed\""));
        assert!(!early.body.contains("survey-results-constructs"));
        let early_csv = send(&router, get(&format!("{page_path}.csv"), Some(&staff))).await;
        assert_ne!(early_csv.status, 200, "no download before closing");
        let campaign_page = send(
            &router,
            get(&format!("/surveys/campaigns/{id}"), Some(&staff)),
        )
        .await;
        assert!(
            campaign_page
                .body
                .contains("id=\"survey-campaign-results-later\"")
        );

        // Rosters: 22 members in Khu vực 1, 10 in Khu vực 2 on the
        // closing day, whatever the 28 codes issued.
        crate::common::add_cell_members(&site, "CT.NK.AH.KV1", 0, 20).await;
        crate::common::add_cell_members(&site, "CT.NK.AH.KV2", 20, 9).await;
        answer_in_cells(&site, &codes, &[("CT.NK.AH.KV1", 14), ("CT.NK.AH.KV2", 3)]).await;
        close(&site, id).await;
        // Members who join after closing do not move the rate.
        crate::common::add_cell_members(&site, "CT.NK.AH.KV1", 40, 6).await;
        let campaign_page = send(
            &router,
            get(&format!("/surveys/campaigns/{id}"), Some(&staff)),
        )
        .await;
        assert!(
            campaign_page
                .body
                .contains(&format!("href=\"{page_path}\""))
        );
        // The members invited, recorded at closing, beside the slips.
        assert!(
            campaign_page
                .body
                .contains("id=\"survey-campaign-invited\">32 <"),
            "{}",
            campaign_page.body
        );

        let page = send(&router, get(&page_path, Some(&staff))).await;
        assert_eq!(page.status, 200, "{}", page.body);
        // The unit's own figures: 17 of the 32 members invited (53,1 %),
        // the 28 codes issued apart, construct means under their labels.
        let overview = row_of(
            &page.body,
            "survey-results-overview",
            "Đảng bộ phường An Hòa",
        );
        let cells: Vec<&str> = overview
            .split("<td")
            .skip(1)
            .map(|c| &c[c.find('>').unwrap() + 1..c.find("</td>").unwrap()])
            .collect();
        assert_eq!(
            cells,
            ["Đảng bộ phường An Hòa", "17", "32", "53,1 %", "28"],
            "{overview}"
        );
        let constructs = row_of(&page.body, "survey-results-constructs", "Chuẩn bị");
        assert!(!constructs.contains("chuan_bi"), "{constructs}");
        assert!(!page.body.contains(">chuan_bi<"));
        assert!(page.body.contains("Dân chủ, tự phê bình và phê bình"));
        assert!(page.body.contains("id=\"survey-results-constructs\""));
        assert!(page.body.contains("id=\"survey-results-reliability\""));
        assert!(page.body.contains("<svg"));
        // Khu vực 2 (3 answers) is hidden for its size, Khu vực 1 (14) to
        // protect it: only reasons, no figure, in both rows.
        let small = row_of(&page.body, "survey-results-by-unit", "Chi bộ Khu vực 2");
        assert!(small.contains("Ẩn: dưới 10 người trả lời"), "{small}");
        let protecting = row_of(&page.body, "survey-results-by-unit", "Chi bộ Khu vực 1");
        assert!(
            protecting.contains("Ẩn để không suy ra được nhóm bị ẩn"),
            "{protecting}"
        );
        for row in [small, protecting] {
            let cells: Vec<&str> = row.split("<td").skip(2).collect();
            assert!(!cells.is_empty());
            for cell in cells {
                assert!(cell.starts_with(" class=\"hidden-figure\""), "{cell}");
            }
        }

        // The CSV writes the same reasons and no figure for them.
        let csv = send(&router, get(&format!("{page_path}.csv"), Some(&staff))).await;
        assert_eq!(csv.status, 200);
        let lines: Vec<&str> = csv
            .body
            .lines()
            .filter(|l| l.contains("Chi bộ Khu vực"))
            // The means table names each group's constructs: words, not figures.
            .filter(|l| !l.contains(",Nhóm chỉ báo,"))
            .collect();
        assert!(lines.len() >= 2);
        for line in lines {
            let value = line.rsplit(',').next().unwrap().trim_matches('"');
            assert!(value.starts_with("Ẩn"), "{line}");
        }
        for figure in [
            "Đảng bộ phường An Hòa,Người trả lời,17",
            "Đảng bộ phường An Hòa,Đảng viên được mời,32",
            "Đảng bộ phường An Hòa,Mã đã phát,28",
        ] {
            assert!(csv.body.contains(figure), "{figure}\n{}", csv.body);
        }
        let xlsx = send(&router, get(&format!("{page_path}.xlsx"), Some(&staff))).await;
        assert_eq!(xlsx.status, 200);

        // Drilling down keeps the parent's suppression: each cell's page
        // shows only the reason.
        for (cell, reason) in [
            ("CT.NK.AH.KV1", "Ẩn để không suy ra được nhóm bị ẩn"),
            ("CT.NK.AH.KV2", "Ẩn: dưới 10 người trả lời"),
        ] {
            let link = format!("{page_path}?unit={cell}");
            assert!(page.body.contains(&format!("href=\"{link}\"")));
            let down = send(&router, get(&link, Some(&staff))).await;
            assert_eq!(down.status, 200);
            assert!(down.body.contains(reason), "{cell}");
            assert!(
                !down.body.contains("id=\"survey-results-reliability\""),
                "{cell}"
            );
        }
        // Outside the committee's subtree, or no unit at all: missing.
        for unit in ["CT.NK", "CT.BT.LT", "CT.NONE", "x y"] {
            let answer = send(
                &router,
                get(&format!("{page_path}?unit={}", encode(unit)), Some(&staff)),
            )
            .await;
            assert_eq!(answer.status, 404, "{unit}");
        }
        // Everyone else finds no page.
        for user in ["secretary", "evaluator", "researcher", "viewer"] {
            let (cookie, _) = site.session(user).await;
            for path in [page_path.clone(), format!("{page_path}.csv")] {
                let answer = send(&router, get(&path, Some(&cookie))).await;
                assert_eq!(answer.status, 404, "{user} {path}");
            }
        }
    }
}

/// The text of each `<td>` of a row.
fn cells_of(row: &str) -> Vec<&str> {
    row.split("<td")
        .skip(1)
        .map(|c| &c[c.find('>').unwrap() + 1..c.find("</td>").unwrap()])
        .collect()
}

/// The CSV's values in `row` (its first cell) and `column`, any table.
fn csv_value<'a>(csv: &'a str, row: &str, column: &str) -> Vec<&'a str> {
    csv.lines()
        .filter(|l| l.contains(&format!(",{row},{column},")))
        .map(|l| l.rsplit(',').next().unwrap().trim_matches('"'))
        .collect()
}

#[tokio::test]
async fn results_compare_sub_units_and_campaigns_and_hide_small_groups_for_everyone() {
    for site in sites("web_survey_compare").await {
        let router = site.router();
        crate::common::add_cell_members(&site, "CT.NK.AH.KV1", 0, 20).await;
        crate::common::add_cell_members(&site, "CT.NK.AH.KV2", 20, 18).await;
        // A baseline where both cells answer enough, then a follow-up
        // where Khu vực 2 answers too little.
        let (first, codes) = campaign(&site, "CT.NK.AH", true, 16).await;
        answer_in_cells(&site, &codes, &[("CT.NK.AH.KV1", 14), ("CT.NK.AH.KV2", 12)]).await;
        close(&site, first).await;
        let (second, codes) = campaign(&site, "CT.NK.AH", true, 16).await;
        answer_in_cells(&site, &codes, &[("CT.NK.AH.KV1", 13), ("CT.NK.AH.KV2", 3)]).await;
        close(&site, second).await;

        for user in ["staff", "admin"] {
            let (cookie, _) = site.session(user).await;
            // The baseline: both sub-units shown and compared.
            let path = format!("/surveys/campaigns/{first}/results");
            let page = send(&router, get(&path, Some(&cookie))).await;
            assert_eq!(page.status, 200, "{}", page.body);
            let means = row_of(
                &page.body,
                "survey-results-by-unit-means",
                "Chi bộ Khu vực 2",
            );
            assert!(!means.contains("hidden-figure"), "{means}");
            let compared = row_of(&page.body, "survey-results-by-unit-compare", "Chuẩn bị");
            let figures = cells_of(compared);
            assert_eq!(figures[1], "2", "two groups compared: {compared}");
            assert_eq!(figures[2], "26", "{compared}");
            assert!(!compared.contains("hidden-figure"), "{compared}");
            // One sector only: nothing to compare, said as such.
            let sectors = row_of(&page.body, "survey-results-by-sector-compare", "Chuẩn bị");
            assert!(sectors.contains("ít nhất hai nhóm"), "{sectors}");
            // The sector is named as the dashboards name it, not by code.
            let sector = row_of(
                &page.body,
                "survey-results-by-sector",
                "Xã, phường, thị trấn",
            );
            assert!(sector.contains(">26<"), "{sector}");
            assert!(!page.body.contains(">commune<"));
            // The meeting indicators of the same unit and months.
            assert!(page.body.contains("id=\"survey-results-meetings\""));

            // The follow-up, compared with the baseline it offers.
            let path = format!("/surveys/campaigns/{second}/results");
            let plain = send(&router, get(&path, Some(&cookie))).await;
            assert!(
                plain.body.contains(&format!("<option value=\"{first}\">")),
                "{}",
                plain.body
            );
            let query = format!("?compare={first}");
            let page = send(&router, get(&format!("{path}{query}"), Some(&cookie))).await;
            assert_eq!(page.status, 200, "{}", page.body);
            // Khu vực 2 (3 answers) hidden, Khu vực 1 with it, for every
            // role: their means and the comparison show reasons only.
            for label in ["Chi bộ Khu vực 1", "Chi bộ Khu vực 2"] {
                let row = row_of(&page.body, "survey-results-by-unit-means", label);
                assert!(row.contains("hidden-figure"), "{user} {row}");
                assert!(!row.contains(','), "no figure: {row}");
            }
            let compared = row_of(&page.body, "survey-results-by-unit-compare", "Chuẩn bị");
            assert!(compared.contains("ít nhất hai nhóm"), "{compared}");
            // Before and after as independent samples: 26 then 16.
            let independent = row_of(&page.body, "survey-results-waves-independent", "Chuẩn bị");
            let figures = cells_of(independent);
            assert_eq!((figures[1], figures[3]), ("26", "16"), "{independent}");
            // Paired by cell: only Khu vực 1 has 10 in both, too few cells.
            let paired = row_of(&page.body, "survey-results-waves-paired", "Chuẩn bị");
            assert!(paired.contains("Ẩn: dưới 10 người trả lời"), "{paired}");

            // The downloads carry the same view: the same figures, the
            // same reasons.
            let csv = send(&router, get(&format!("{path}.csv{query}"), Some(&cookie))).await;
            assert_eq!(csv.status, 200);
            assert_eq!(csv_value(&csv.body, "Chuẩn bị", "n trước"), ["26"]);
            assert_eq!(csv_value(&csv.body, "Chuẩn bị", "n sau"), ["16"]);
            let welch = cells_of(independent)[7];
            let in_csv = csv_value(&csv.body, "Chuẩn bị", "t (Welch)");
            assert_eq!(in_csv.len(), 1);
            let t: f64 = in_csv[0].parse().unwrap();
            assert_eq!(
                format!("{t:.2}").replace('.', ","),
                welch.replace('−', "-"),
                "page and CSV agree"
            );
            for line in csv
                .body
                .lines()
                .filter(|l| l.contains("Chi bộ Khu vực") && !l.contains(",Nhóm chỉ báo,"))
            {
                let value = line.rsplit(',').next().unwrap().trim_matches('"');
                assert!(value.starts_with("Ẩn"), "{user} {line}");
            }
            let xlsx = send(&router, get(&format!("{path}.xlsx{query}"), Some(&cookie))).await;
            assert_eq!(xlsx.status, 200);
        }

        // A campaign of another committee cannot be compared with.
        let (other, _) = campaign(&site, "CT.BT.LT", true, 1).await;
        close(&site, other).await;
        let (staff, _) = site.session("staff").await;
        let answer = send(
            &router,
            get(
                &format!("/surveys/campaigns/{second}/results?compare={other}"),
                Some(&staff),
            ),
        )
        .await;
        assert_eq!(answer.status, 404);
    }
}
