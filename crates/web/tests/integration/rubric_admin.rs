//! Rubric administration in the web: an administrator lists the stored
//! versions, downloads one as JSON, edits one into a new version (the old
//! one and the scores given with it stay as they were), sees every problem
//! of a bad edit or a bad file beside what it concerns with nothing stored;
//! nobody else reaches any of it.

use crate::common;

use axum::body::Body;
use axum::http::{Request, header};
use chibo_domain::rubric::Rubric;
use common::{
    ACCOUNTS, Site, audit_count, get, held_meeting_fields, meeting_id, post_fields, send, sites,
};

const CELL: &str = "CT.NK.AH.KV1";
/// In force on 05/06/2024, so the meeting's score is given with it.
const FRAMEWORK: &str = "hd12-2018";
const WARD: &str = "hd42-2025-ward-100";

/// The 12-HD/BTCTW (2018) criteria a person grades.
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

/// Every stored rubric version: code, version, body as stored.
async fn stored(site: &Site) -> Vec<(String, i64, String)> {
    site.store().rubrics().await.unwrap()
}

fn parse(body: &str) -> Rubric {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// A held meeting in the secretary's cell, scored by the ward's evaluator.
async fn scored_meeting(site: &Site, router: &axum::Router) -> i64 {
    let (cookie, csrf) = site.session("secretary").await;
    let fields = held_meeting_fields(&csrf, "05/06/2024", &["DV000001", "DV000002"]);
    let answer = send(
        router,
        post_fields(
            &format!("/units/{CELL}/meetings/new"),
            Some(&cookie),
            &fields,
        ),
    )
    .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    let id = meeting_id(answer.location());
    let (evaluator, csrf) = site.session("evaluator").await;
    let mut sheet = vec![("csrf".to_owned(), csrf)];
    sheet.extend(HD12_MANUAL.map(|item| (format!("score.{item}"), "pass".to_owned())));
    let answer = send(
        router,
        post_fields(
            &format!("/meetings/{id}/evaluate"),
            Some(&evaluator),
            &sheet,
        ),
    )
    .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    id
}

/// HTML as askama escapes it, back to text.
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The fields a browser would post from the page's edit form: every named
/// input and textarea with its value.
fn form_fields(page: &str) -> Vec<(String, String)> {
    let page = section(page, r#"class="stacked rubric-edit""#, "</form>");
    let mut fields = Vec::new();
    for (tag, rest) in [("input", "<input "), ("textarea", "<textarea ")]
        .iter()
        .flat_map(|(tag, marker)| page.split(marker).skip(1).map(move |rest| (*tag, rest)))
    {
        let open = &rest[..rest.find('>').unwrap()];
        let Some(name) = attribute(open, "name") else {
            continue;
        };
        let value = if tag == "textarea" {
            let body = &rest[rest.find('>').unwrap() + 1..];
            unescape(&body[..body.find("</textarea>").unwrap()])
        } else {
            attribute(open, "value").unwrap_or_default()
        };
        fields.push((name, value));
    }
    fields
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let tag = format!(" {tag}");
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    let field = fields
        .iter_mut()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    field.1 = value.to_owned();
}

/// The part of `page` from `start` up to the next `end`.
fn section<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {page}"));
    let rest = &page[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

const BOUNDARY: &str = "chibo-rubric-boundary";

/// The upload form as a browser sends it: a file part, a pasted text, or both.
fn upload(cookie: &str, csrf: &str, file: Option<(&str, &str)>, pasted: &str) -> Request<Body> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n{pasted}\r\n"
    );
    let (name, content) = file.unwrap_or(("", ""));
    body.push_str(&format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/json\r\n\r\n{content}\r\n--{BOUNDARY}--\r\n"
    ));
    Request::post("/admin/rubrics")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::COOKIE, format!("chibo_session={cookie}"))
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn an_administrator_lists_downloads_and_edits_into_a_new_version() {
    for site in sites("web_rubric_admin_edit").await {
        let router = site.router();
        let meeting = scored_meeting(&site, &router).await;
        let (cookie, _) = site.session("admin").await;
        let admin = Some(cookie.as_str());

        // The list: every version with its source, date in force, total and
        // the scores given with it; the navigation links to it.
        let list = send(&router, get("/admin/rubrics", admin)).await;
        assert_eq!(list.status, 200, "{}", list.body);
        assert!(list.body.contains(r#"href="/admin/rubrics""#), "nav link");
        let framework = section(&list.body, &format!("<code>{FRAMEWORK}</code>"), "</tr>");
        assert!(framework.contains("12-HD/BTCTW, 06/07/2018"), "{framework}");
        assert!(framework.contains("<td>06/07/2018</td>"), "{framework}");
        assert!(framework.contains(r#"<td class="num">14</td><td class="num">1</td>"#));
        assert!(framework.contains("/admin/rubrics/hd12-2018/1.json"));
        assert!(framework.contains("/admin/rubrics/hd12-2018/1/edit"));
        let ward = section(&list.body, &format!("<code>{WARD}</code>"), "</tr>");
        assert!(ward.contains("42-HD/BTCTW, 28/10/2025"), "{ward}");
        assert!(ward.contains(r#"<td class="num">100</td><td class="num">0</td>"#));

        // The download is the stored version as a file.
        let file = send(&router, get("/admin/rubrics/hd12-2018/1.json", admin)).await;
        assert_eq!(file.status, 200, "{}", file.body);
        assert_eq!(
            file.headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"hd12-2018-v1.json\""
        );
        assert!(
            file.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let before = stored(&site).await;
        let (_, _, stored_body) = before
            .iter()
            .find(|(c, v, _)| c == FRAMEWORK && *v == 1)
            .unwrap();
        assert_eq!(parse(&file.body), parse(stored_body));
        let missing = send(&router, get("/admin/rubrics/hd12-2018/9.json", admin)).await;
        assert_eq!(missing.status, 404);

        // The edit form is pre-filled; sent back untouched, it changes
        // nothing and stores nothing.
        let form = send(&router, get("/admin/rubrics/hd12-2018/1/edit", admin)).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(
            form.body.contains("phiên bản 2"),
            "names the version it creates"
        );
        let mut fields = form_fields(&form.body);
        let csrf = fields.iter().find(|(n, _)| n == "csrf").unwrap().1.clone();
        assert!(!csrf.is_empty());
        let value = |name: &str| fields.iter().find(|(n, _)| n == name).unwrap().1.clone();
        assert_eq!(value("effective_from"), "06/07/2018");
        assert_eq!(value("source_number"), "12-HD/BTCTW");
        assert_eq!(value("item.on_time.max_points"), "1");
        assert_eq!(value("band.good"), "5");
        let path = "/admin/rubrics/hd12-2018/1/edit";
        let untouched = send(&router, post_fields(path, admin, &fields)).await;
        assert_eq!(untouched.status, 422, "{}", untouched.body);
        assert!(untouched.body.contains("giống hệt"), "{}", untouched.body);
        assert_eq!(stored(&site).await, before);

        // An edit: decomposed Vietnamese (as typed on some keyboards) is
        // stored composed; guidance keeps its lines; the date in force moves.
        set(
            &mut fields,
            "name_vi",
            "  Khung tiêu chí 12-HD/BTCTW  (sửa đổi) ",
        );
        set(
            &mut fields,
            "item.on_time.name_vi",
            "Bă\u{0301}t đầu đúng giờ",
        );
        set(
            &mut fields,
            "item.on_time.guidance_vi",
            "Bắt đầu đúng giờ ghi trong thông báo.\r\nMuộn quá 15 phút là không đạt.\r\n",
        );
        set(&mut fields, "effective_from", "01/01/2024");
        set(&mut fields, "source_date", "2018-07-06");
        let audit_before = audit_count(&site).await;
        let saved = send(&router, post_fields(path, admin, &fields)).await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        assert_eq!(
            saved.location(),
            "/admin/rubrics?done=saved&code=hd12-2018&version=2"
        );
        let list = send(&router, get(saved.location(), admin)).await;
        assert!(
            list.body
                .contains("Đã lưu phiên bản mới: bộ tiêu chí hd12-2018 phiên bản 2."),
            "{}",
            list.body
        );
        assert!(list.body.contains("/admin/rubrics/hd12-2018/2/edit"));

        // The new version holds the edit; the old one is byte for byte as it
        // was, and the score given with it still points at it.
        let after = stored(&site).await;
        assert_eq!(after.len(), before.len() + 1);
        for old in &before {
            assert!(after.contains(old), "{} v{} changed", old.0, old.1);
        }
        let (_, _, body) = after
            .iter()
            .find(|(c, v, _)| c == FRAMEWORK && *v == 2)
            .unwrap();
        let (v1, v2) = (parse(stored_body), parse(body));
        assert_eq!(v2.version, 2);
        assert_eq!(v2.name_vi, "Khung tiêu chí 12-HD/BTCTW (sửa đổi)");
        let on_time = v2.item("on_time").unwrap();
        assert_eq!(on_time.name_vi, "Bắt đầu đúng giờ");
        assert_eq!(
            on_time.guidance_vi,
            "Bắt đầu đúng giờ ghi trong thông báo.\nMuộn quá 15 phút là không đạt."
        );
        assert_eq!(v2.effective_from.to_string(), "2024-01-01");
        assert_eq!(v2.source, v1.source);
        assert_eq!(v2.rating_rule, v1.rating_rule);
        assert_eq!(on_time.scoring, v1.item("on_time").unwrap().scoring);
        let scores = site.store().evaluations(meeting).await.unwrap();
        assert_eq!(scores.len(), 1);
        assert_eq!(
            (scores[0].rubric_code.as_str(), scores[0].rubric_version),
            (FRAMEWORK, 1)
        );
        assert_eq!(audit_count(&site).await, audit_before + 1);
        let entry = &site
            .store()
            .audit_log(&Default::default(), 1, 0)
            .await
            .unwrap()[0]
            .entry;
        assert_eq!(
            (
                entry.action.as_str(),
                entry.entity.as_str(),
                entry.entity_key.as_str()
            ),
            ("edit", "rubric", "hd12-2018 v2")
        );
        // The meeting still shows the score given with version 1.
        let page = send(&router, get(&format!("/meetings/{meeting}"), admin)).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Tốt"), "{}", page.body);

        // Editing the old version again numbers after the highest one.
        let form = send(&router, get(path, admin)).await;
        assert!(form.body.contains("phiên bản 3"), "{}", form.body);
    }
}

#[tokio::test]
async fn a_bad_edit_shows_each_problem_beside_its_field_and_stores_nothing() {
    for site in sites("web_rubric_admin_bad_edit").await {
        let router = site.router();
        let (cookie, _) = site.session("admin").await;
        let admin = Some(cookie.as_str());
        let path = format!("/admin/rubrics/{WARD}/1/edit");
        let form = send(&router, get(&path, admin)).await;
        assert_eq!(form.status, 200, "{}", form.body);
        let mut fields = form_fields(&form.body);
        // Preparation: 4 + 2 + 2,5 + 2 is not the group's 10.
        set(&mut fields, "item.notice.max_points", "2,5");
        // An item worth nothing, so conduct no longer adds up either.
        set(&mut fields, "item.agenda.max_points", "0");
        set(&mut fields, "item.chair_discussion.max_points", "năm");
        set(&mut fields, "band.good", "120");
        set(&mut fields, "effective_from", "31/02/2025");
        let before = stored(&site).await;
        let audit_before = audit_count(&site).await;
        let answer = send(&router, post_fields(&path, admin, &fields)).await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        let page = &answer.body;

        let notice = section(page, r#"id="item-notice""#, "</tr>");
        assert!(notice.contains(r#"value="2,5""#), "typed values are kept");
        let preparation = section(page, r#"id="group-preparation""#, "<table");
        assert!(
            preparation.contains("Các tiêu chí của nhóm «preparation» cộng lại được 10.5 điểm"),
            "{preparation}"
        );
        let agenda = section(page, r#"id="item-agenda""#, "</tr>");
        assert!(agenda.contains(r#"class="invalid""#), "{agenda}");
        assert!(agenda.contains("có điểm tối đa bằng 0"), "{agenda}");
        let conduct = section(page, r#"id="group-conduct""#, "<table");
        assert!(conduct.contains("«conduct»"), "{conduct}");
        let chair = section(page, r#"id="item-chair_discussion""#, "</tr>");
        assert!(
            chair.contains("«năm» không phải là số điểm hợp lệ"),
            "{chair}"
        );
        let bands = section(page, r#"id="bands""#, "</fieldset>");
        assert!(bands.contains("cao hơn mức có thể đạt"), "{bands}");
        assert!(bands.contains(r#"value="120""#));
        let general = section(page, r#"id="general""#, "</fieldset>");
        assert!(
            general.contains("«31/02/2025» không phải là ngày hợp lệ"),
            "{general}"
        );
        assert!(
            !preparation.contains("bằng 0"),
            "an item's problem is not the group's"
        );

        assert_eq!(stored(&site).await, before, "nothing stored");
        assert_eq!(audit_count(&site).await, audit_before);

        // A version that does not exist is not found.
        let missing = send(
            &router,
            get(&format!("/admin/rubrics/{WARD}/7/edit"), admin),
        )
        .await;
        assert_eq!(missing.status, 404);
    }
}

#[tokio::test]
async fn an_upload_reports_each_problem_with_its_line_and_stores_nothing_on_error() {
    for site in sites("web_rubric_admin_upload").await {
        let router = site.router();
        let (cookie, csrf) = site.session("admin").await;
        let before = stored(&site).await;
        let audit_before = audit_count(&site).await;

        // A syntax error on line 4 of the file.
        let broken = "{\n  \"code\": \"thu-nghiem\",\n  \"version\": 1,\n  \"name_vi\": \"Thử\" \"name_en\": \"Try\"\n}\n";
        let answer = send(
            &router,
            upload(&cookie, &csrf, Some(("thu.json", broken)), ""),
        )
        .await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        let problems = section(&answer.body, r#"id="rubric-problems""#, "</table>");
        assert!(problems.contains(r#"<td class="num">4</td>"#), "{problems}");
        assert!(problems.contains("sai cú pháp JSON"), "{problems}");

        // A rubric whose groups do not add up: every problem, nothing stored.
        let exported = send(
            &router,
            get(&format!("/admin/rubrics/{WARD}/1.json"), Some(&cookie)),
        )
        .await
        .body;
        let mut wrong: serde_json::Value = serde_json::from_str(&exported).unwrap();
        wrong["version"] = 5.into();
        wrong["groups"][0]["max_points"] = 6.into();
        wrong["groups"][1]["items"][0]["max_points"] = 0.into();
        let pasted = serde_json::to_string_pretty(&wrong).unwrap();
        let answer = send(&router, upload(&cookie, &csrf, None, &pasted)).await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert!(answer.body.contains("«time»"), "{}", answer.body);
        assert!(answer.body.contains("«attendance»"), "{}", answer.body);
        assert!(
            answer.body.contains("spellcheck"),
            "the pasted text is kept"
        );
        assert!(answer.body.contains("&#34;version&#34;: 5"));

        // The same version with other content is refused.
        let mut other: serde_json::Value = serde_json::from_str(&exported).unwrap();
        other["name_en"] = "Another name".into();
        let other = serde_json::to_string_pretty(&other).unwrap();
        let answer = send(&router, upload(&cookie, &csrf, None, &other)).await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert!(
            answer.body.contains("đã có với nội dung khác"),
            "{}",
            answer.body
        );

        // Nothing to import.
        let answer = send(&router, upload(&cookie, &csrf, None, "  ")).await;
        assert_eq!(answer.status, 422);
        assert!(answer.body.contains("Chưa có nội dung để nhập"));
        assert_eq!(stored(&site).await, before, "nothing stored");
        assert_eq!(audit_count(&site).await, audit_before);

        // The downloaded file, uploaded again: unchanged.
        let answer = send(
            &router,
            upload(&cookie, &csrf, Some(("ward.json", &exported)), ""),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        assert_eq!(
            answer.location(),
            format!("/admin/rubrics?done=unchanged&code={WARD}&version=1")
        );
        let list = send(&router, get(answer.location(), Some(&cookie))).await;
        assert!(
            list.body.contains("đã có với đúng nội dung này"),
            "{}",
            list.body
        );
        assert_eq!(stored(&site).await, before);

        // A new version, pasted: added.
        let mut next: serde_json::Value = serde_json::from_str(&exported).unwrap();
        next["version"] = 2.into();
        next["name_en"] = "100-point rubric, revised".into();
        let pasted = serde_json::to_string_pretty(&next).unwrap();
        let answer = send(&router, upload(&cookie, &csrf, None, &pasted)).await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        assert_eq!(
            answer.location(),
            format!("/admin/rubrics?done=added&code={WARD}&version=2")
        );
        let after = stored(&site).await;
        assert_eq!(after.len(), before.len() + 1);
        let (_, _, body) = after.iter().find(|(c, v, _)| c == WARD && *v == 2).unwrap();
        assert_eq!(parse(body).name_en, "100-point rubric, revised");
        assert_eq!(audit_count(&site).await, audit_before + 1);

        // A forged form is refused before anything is read.
        let answer = send(&router, upload(&cookie, "forged", None, &pasted)).await;
        assert_eq!(answer.status, 403);
    }
}

#[tokio::test]
async fn nobody_but_an_administrator_reaches_rubric_administration() {
    for site in sites("web_rubric_admin_denied").await {
        let router = site.router();
        let (admin_cookie, _) = site.session("admin").await;
        let not_found_page = send(&router, get("/units/CT.NONE.EXISTS", Some(&admin_cookie)))
            .await
            .body;
        let exported = send(
            &router,
            get(
                &format!("/admin/rubrics/{WARD}/1.json"),
                Some(&admin_cookie),
            ),
        )
        .await
        .body;
        let mut next: serde_json::Value = serde_json::from_str(&exported).unwrap();
        next["version"] = 2.into();
        let next = serde_json::to_string_pretty(&next).unwrap();
        let before = stored(&site).await;
        let audit_before = audit_count(&site).await;
        let edit = format!("/admin/rubrics/{WARD}/1/edit");
        for (username, _, _) in ACCOUNTS.iter().filter(|(u, _, _)| *u != "admin") {
            let (cookie, csrf) = site.session(username).await;
            let who = Some(cookie.as_str());
            let nav = send(&router, get("/tree", who)).await;
            assert!(
                !nav.body.contains("/admin/rubrics"),
                "{username} sees no link"
            );
            let mut answers = vec![
                ("GET list", send(&router, get("/admin/rubrics", who)).await),
                (
                    "GET json",
                    send(&router, get(&format!("/admin/rubrics/{WARD}/1.json"), who)).await,
                ),
                ("GET edit", send(&router, get(&edit, who)).await),
            ];
            let fields: Vec<(String, String)> = [
                ("csrf", csrf.as_str()),
                ("name_en", "Changed by someone else"),
                ("item.notice.max_points", "2"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into();
            answers.push((
                "POST edit",
                send(&router, post_fields(&edit, who, &fields)).await,
            ));
            answers.push((
                "POST upload",
                send(&router, upload(&cookie, &csrf, None, &next)).await,
            ));
            for (route, answer) in answers {
                assert_eq!(answer.status, 404, "{username}: {route}");
                assert_eq!(
                    answer.body, not_found_page,
                    "{username}: {route} reveals nothing"
                );
            }
        }
        assert_eq!(stored(&site).await, before, "nothing changed");
        assert_eq!(audit_count(&site).await, audit_before);

        // Signed out: the sign-in page.
        let answer = send(&router, get("/admin/rubrics", None)).await;
        assert_eq!(answer.status, 303);
        assert!(answer.location().starts_with("/login?next="));
    }
}

#[tokio::test]
async fn an_upload_over_the_form_limit_is_refused_with_the_limit() {
    for site in sites("web_rubric_admin_too_large").await {
        let config = chibo_web::WebConfig {
            max_body_bytes: 1024 * 1024,
            ..Default::default()
        };
        let small = chibo_web::router(chibo_web::AppState::new(
            site.store().clone(),
            site.clock.clone(),
            config,
        ));
        let before = stored(&site).await.len();
        let (cookie, csrf) = site.session("admin").await;
        let pasted = "x".repeat(2 * 1024 * 1024);
        let answer = send(&small, upload(&cookie, &csrf, None, &pasted)).await;
        assert_eq!(answer.status, 413, "{}", answer.body);
        assert!(
            answer.body.contains("lớn hơn giới hạn 1 MB"),
            "{}",
            answer.body
        );
        // The same body with a forged token is refused as forged.
        let answer = send(&small, upload(&cookie, "forged", None, &pasted)).await;
        assert_eq!(answer.status, 403, "{}", answer.body);
        assert_eq!(stored(&site).await.len(), before, "nothing stored");
    }
}
