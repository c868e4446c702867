//! The meeting form of a large cell without a script: the page as the
//! server sends it posts back as a browser without JavaScript would send
//! it, and saves; the page, its stylesheet and scripts stay within the
//! budgets of BENCHMARKS.md; the blank minutes to print list the roster
//! of the day.

use axum::body::Body;
use axum::http::{Request, header};

use crate::common::{self, get, meeting_id, post_fields, send, sites};

const CELL: &str = "CT.BT.LT.KV7";
const SECRETARY: &str = "secretary60";

/// Budgets (BENCHMARKS.md, "The meeting form on a phone"): the form page
/// of a 60-member cell with its stylesheet and scripts, as sent gzipped.
const PAGE_BUDGET_GZIPPED: usize = 60 * 1024;
/// Every script the form page loads, as written (what a phone parses).
const SCRIPTS_BUDGET: usize = 32 * 1024;
/// The form's own script.
const FORM_SCRIPT_BUDGET: usize = 10 * 1024;

/// What `attribute="…"` says in a tag, unescaped.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let end = start + tag[start..].find('"')?;
    Some(unescape(&tag[start..end]))
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The named fields of the form with this id as a browser without
/// JavaScript submits them: inputs with their value (checkboxes only when
/// checked), each select's selected option (else its first), textareas.
fn submitted_fields(page: &str, form_id: &str) -> Vec<(String, String)> {
    let start = page
        .find(&format!("id=\"{form_id}\""))
        .unwrap_or_else(|| panic!("no form {form_id}"));
    let form = &page[start..start + page[start..].find("</form>").unwrap()];
    let mut fields = Vec::new();
    let mut rest = form;
    while let Some(open) = rest.find('<') {
        rest = &rest[open..];
        let end = rest.find('>').unwrap();
        let tag = &rest[..=end];
        if tag.starts_with("<input") {
            let kind = attribute(tag, "type").unwrap_or_default();
            let checked = tag.contains(" checked");
            if let Some(name) = attribute(tag, "name")
                && kind != "submit"
                && (kind != "checkbox" || checked)
            {
                fields.push((name, attribute(tag, "value").unwrap_or_default()));
            }
        } else if tag.starts_with("<select") {
            let close = rest.find("</select>").unwrap();
            let body = &rest[..close];
            let options: Vec<&str> = body.split("<option").skip(1).collect();
            let chosen = options
                .iter()
                .find(|o| o.split('>').next().unwrap().contains(" selected"))
                .or(options.first())
                .map(|o| attribute(&format!(" {o}"), "value").unwrap_or_default())
                .unwrap_or_default();
            fields.push((attribute(tag, "name").unwrap(), chosen));
            rest = &rest[close..];
            continue;
        } else if tag.starts_with("<textarea") {
            let close = rest.find("</textarea>").unwrap();
            fields.push((
                attribute(tag, "name").unwrap(),
                unescape(&rest[end + 1..close]),
            ));
            rest = &rest[close..];
            continue;
        }
        rest = &rest[end + 1..];
    }
    fields
}

fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(k, _)| k == name) {
        Some(field) => field.1 = value.to_owned(),
        None => fields.push((name.to_owned(), value.to_owned())),
    }
}

fn gzip_get(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, format!("chibo_session={cookie}"))
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap()
}

/// The `href` of stylesheets and `src` of scripts a page links.
fn assets(page: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (tag, attr) in [("<link rel=\"stylesheet\"", "href"), ("<script", "src")] {
        for part in page.split(tag).skip(1) {
            let tag = part.split('>').next().unwrap();
            if let Some(path) = attribute(tag, attr) {
                found.push(path);
            }
        }
    }
    found
}

#[tokio::test]
async fn a_large_cells_form_saves_without_a_script() {
    for site in sites("web_meeting_form_no_script").await {
        let router = site.router();
        let codes = common::add_large_cell(&site, CELL, 60, SECRETARY).await;
        let (cookie, _) = site.session(SECRETARY).await;
        let cookie = Some(cookie.as_str());

        let form = send(&router, get(&format!("/units/{CELL}/meetings/new"), cookie)).await;
        assert_eq!(form.status, 200, "{}", form.body);
        // One plain select a member, marks in the order a tap moves
        // through them; the exempt member's mark is fixed.
        assert!(form.body.contains(&format!(
            r#"<select id="att-{0}" name="att.{0}" class="att-mark"><option value="present" selected>"#,
            codes[1]
        )));
        assert!(
            form.body
                .contains(&format!(r#"name="att.{}" value="exempt""#, codes[0]))
        );
        assert!(!form.body.contains(&format!(r#"id="att-{}""#, codes[0])));
        assert!(
            form.body
                .contains("Có mặt: <b data-present>59</b>/<b data-expected>59</b>")
        );

        let mut fields = submitted_fields(&form.body, "meeting-form");
        assert_eq!(
            fields.iter().filter(|(k, _)| k.starts_with("att.")).count(),
            60
        );
        for (name, value) in [
            ("starts_at", "19:30"),
            ("ends_at", "21:15"),
            ("place", "Hội trường khu vực"),
            ("resolution", "Thống nhất nghị quyết tháng 6"),
            ("speaker.1", codes[10].as_str()),
            ("gist.1", "Đề nghị thu đảng phí đúng hạn"),
            ("speaker.4", codes[11].as_str()),
            ("gist.4", "Báo cáo công tác dân vận"),
            ("task.1.title", "Rà soát danh sách hộ nghèo"),
            ("task.1.owner", codes[12].as_str()),
            ("task.1.deadline", "31/07/2024"),
        ] {
            set(&mut fields, name, value);
        }
        set(&mut fields, &format!("att.{}", codes[5]), "absent_excused");
        set(&mut fields, &format!("reason.{}", codes[5]), "Ốm");
        set(
            &mut fields,
            &format!("att.{}", codes[6]),
            "absent_unexcused",
        );
        set(&mut fields, &format!("att.{}", codes[7]), "on_duty");
        set(
            &mut fields,
            &format!("att.{}", codes[8]),
            "late_or_left_early",
        );
        let answer = send(
            &router,
            post_fields(&format!("/units/{CELL}/meetings/new"), cookie, &fields),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let id = meeting_id(answer.location());
        let stored = site.store().meeting(id).await.unwrap().unwrap();
        let record = &stored.record;
        assert_eq!(record.attendance.len(), 60);
        assert_eq!(record.present_count(), 56);
        let mark = |i: usize| {
            record
                .attendance
                .iter()
                .find(|m| m.member.as_str() == codes[i])
                .unwrap()
        };
        assert_eq!(mark(0).mark.code(), "exempt");
        assert_eq!(
            (mark(5).mark.code(), mark(5).reason.as_str()),
            ("absent_excused", "Ốm")
        );
        assert_eq!(mark(7).mark.code(), "on_duty");
        assert_eq!(record.contributions.len(), 2);
        assert_eq!(record.contributions[1].gist, "Báo cáo công tác dân vận");
        assert_eq!(record.tasks.len(), 1);

        // The stored meeting's page posts back unchanged, and the rows
        // filled show (the spare ones follow).
        let page = send(&router, get(&format!("/meetings/{id}"), cookie)).await;
        assert_eq!(page.status, 200);
        assert!(
            page.body
                .contains("Có mặt: <b data-present>56</b>/<b data-expected>59</b>")
        );
        // The two contributions are rows 1 and 2 now, four spare rows follow.
        assert!(page.body.contains(r#"name="gist.6""#) && !page.body.contains(r#"name="gist.7""#));
        let fields = submitted_fields(&page.body, "meeting-form");
        let answer = send(
            &router,
            post_fields(&format!("/meetings/{id}"), cookie, &fields),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let again = site.store().meeting(id).await.unwrap().unwrap();
        assert_eq!(again.record, stored.record);
    }
}

#[tokio::test]
async fn the_form_page_of_a_sixty_member_cell_stays_within_its_budgets() {
    for site in sites("web_meeting_form_budget").await {
        let router = site.router();
        common::add_large_cell(&site, CELL, 60, SECRETARY).await;
        let (cookie, _) = site.session(SECRETARY).await;
        let page = weigh(&router, &format!("/units/{CELL}/meetings/new"), &cookie).await;
        assert!(
            page.html.contains("att.DV700059"),
            "all sixty members are on the form"
        );
        // The service worker the form registers comes once, after the
        // page has loaded: its bytes count, but the page never parses it.
        let page = page.with_worker(&router, &cookie).await;
        page.assert_within(
            "/assets/meeting_form.",
            FORM_SCRIPT_BUDGET,
            PAGE_BUDGET_GZIPPED,
        );
        assert!(
            page.scripts <= SCRIPTS_BUDGET,
            "{} B of scripts over {SCRIPTS_BUDGET}",
            page.scripts
        );
    }
}

/// A page as the server sends it (gzip) with every stylesheet and script
/// it links: what a phone downloads.
pub struct Weighed {
    pub html: String,
    /// Bytes sent, the page and its assets, gzipped.
    pub gzipped: usize,
    /// Bytes of scripts as written, what a phone parses.
    pub scripts: usize,
    /// Each address with its bytes gzipped and as written.
    pub parts: Vec<(String, usize, usize)>,
}

impl Weighed {
    /// The bytes as written of one linked asset, named by its address or
    /// the start of its fingerprinted address (panics when not linked).
    pub fn written(&self, path: &str) -> usize {
        self.parts
            .iter()
            .find(|(p, _, _)| p.starts_with(path))
            .map(|(_, _, written)| *written)
            .unwrap_or_else(|| panic!("{path} is not linked: {}", self.report()))
    }

    /// Asserts the script as written and the whole page gzipped stay within
    /// their budgets; prints the figures for BENCHMARKS.md (`--nocapture`).
    pub fn assert_within(&self, script: &str, script_budget: usize, page_budget: usize) {
        println!("{}", self.report());
        let written = self.written(script);
        assert!(
            written <= script_budget,
            "{script}: {written} B over {script_budget}"
        );
        assert!(
            self.gzipped <= page_budget,
            "{} B gzipped over {page_budget}: {}",
            self.gzipped,
            self.report()
        );
    }

    pub fn report(&self) -> String {
        let lines: Vec<String> = self
            .parts
            .iter()
            .map(|(path, gzipped, written)| {
                format!("{path} {gzipped} B gzipped, {written} B as written")
            })
            .collect();
        format!(
            "{}\ntotal {} B gzipped; scripts {} B",
            lines.join("\n"),
            self.gzipped,
            self.scripts
        )
    }
}

impl Weighed {
    /// Adds the service worker a page registers.
    pub async fn with_worker(mut self, router: &axum::Router, cookie: &str) -> Weighed {
        let worker = send(router, gzip_get("/sw.js", cookie)).await;
        assert_eq!(worker.status, 200);
        self.gzipped += worker.bytes.len();
        let written = gunzip(&worker.bytes).len();
        self.parts
            .push(("/sw.js".to_owned(), worker.bytes.len(), written));
        self
    }
}

pub async fn weigh(router: &axum::Router, path: &str, cookie: &str) -> Weighed {
    let page = send(router, gzip_get(path, cookie)).await;
    assert_eq!(page.status, 200, "{path}");
    let html = gunzip(&page.bytes);
    let mut weighed = Weighed {
        gzipped: page.bytes.len(),
        scripts: 0,
        parts: vec![(path.to_owned(), page.bytes.len(), html.len())],
        html,
    };
    for asset in assets(&weighed.html) {
        let answer = send(router, gzip_get(&asset, cookie)).await;
        assert_eq!(answer.status, 200, "{asset}");
        let text = gunzip(&answer.bytes);
        weighed.gzipped += answer.bytes.len();
        if asset.ends_with(".js") {
            weighed.scripts += text.len();
        }
        weighed.parts.push((asset, answer.bytes.len(), text.len()));
    }
    weighed
}

/// The body as sent, gunzipped when it was (small bodies are not).
fn gunzip(bytes: &[u8]) -> String {
    use std::io::Read;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[tokio::test]
async fn the_blank_minutes_list_the_roster_of_the_day_and_the_models_steps() {
    for site in sites("web_blank_minutes").await {
        let router = site.router();
        let codes = common::add_large_cell(&site, CELL, 58, SECRETARY).await;
        let (cookie, _) = site.session(SECRETARY).await;
        let cookie = Some(cookie.as_str());

        // The meetings page leads there.
        let list = send(&router, get(&format!("/units/{CELL}/meetings"), cookie)).await;
        assert!(
            list.body
                .contains(&format!(r#"href="/units/{CELL}/meetings/blank""#))
        );

        // Guidance 42-HD is in force on 10/12/2025: its steps are listed.
        let blank = send(
            &router,
            get(
                &format!("/units/{CELL}/meetings/blank?on=10/12/2025&kind=regular"),
                cookie,
            ),
        )
        .await;
        assert_eq!(blank.status, 200, "{}", blank.body);
        for text in [
            "BIÊN BẢN SINH HOẠT CHI BỘ",
            "CHI BỘ KHU VỰC ĐÔNG",
            "ngày 10 tháng 12 năm 2025",
            "Khai mạc, giới thiệu đại biểu",
            "Cử thư ký ghi biên bản",
            "Số đảng viên có mặt ……… / 57",
            "(Ký, ghi rõ họ tên)",
        ] {
            assert!(blank.body.contains(text), "{text} missing");
        }
        // Every member once, in Vietnamese order of given names.
        let store = site.store();
        let members = store
            .load_members(
                &codes
                    .iter()
                    .map(|c| chibo_domain::MemberCode::parse(c).unwrap())
                    .collect::<Vec<_>>(),
            )
            .await
            .unwrap();
        let mut names: Vec<String> = members.iter().map(|m| m.full_name.to_string()).collect();
        assert_eq!(names.len(), 58);
        names.sort_by(|a, b| chibo_domain::collation::compare_person_names(a, b));
        let positions: Vec<usize> = names
            .iter()
            .map(|n| {
                blank
                    .body
                    .find(&format!("<td>{n}</td>"))
                    .unwrap_or_else(|| panic!("{n} missing"))
            })
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "Vietnamese order"
        );

        // Before the model's day there are lines to write the agenda on;
        // an unreadable day is today's (30/06/2024).
        let earlier = send(
            &router,
            get(&format!("/units/{CELL}/meetings/blank?on=hôm-nay"), cookie),
        )
        .await;
        assert_eq!(earlier.status, 200);
        assert!(earlier.body.contains("ngày 30 tháng 6 năm 2024"));
        assert!(!earlier.body.contains("Khai mạc, giới thiệu đại biểu"));
        assert!(earlier.body.contains(r#"<ol class="blank-lines">"#));

        // Before the cell existed it had nobody.
        let before = send(
            &router,
            get(
                &format!("/units/{CELL}/meetings/blank?on=01/01/2017"),
                cookie,
            ),
        )
        .await;
        assert_eq!(before.status, 200);
        assert!(!before.body.contains(&names[0]));

        // The stylesheet prints it on A4.
        let css = send(&router, get("/assets/chibo.css", cookie)).await;
        assert!(css.body.contains("@page { size: A4"));
    }
}

/// A cell of 200 members, far above a real one: the form is served and
/// saves every mark, a duplicated send (a retry after a timeout) makes
/// one meeting, the same key with other content is refused, and a mark
/// for someone outside the roster marks no one.
#[tokio::test]
async fn a_cell_of_two_hundred_members_saves_once_however_often_it_is_sent() {
    for site in sites("web_meeting_form_two_hundred").await {
        let router = site.router();
        let codes = common::add_large_cell(&site, CELL, 200, SECRETARY).await;
        let (cookie, _) = site.session(SECRETARY).await;
        let cookie = Some(cookie.as_str());
        let form = send(&router, get(&format!("/units/{CELL}/meetings/new"), cookie)).await;
        assert_eq!(form.status, 200, "{}", form.body);
        let mut fields = submitted_fields(&form.body, "meeting-form");
        assert_eq!(
            fields.iter().filter(|(k, _)| k.starts_with("att.")).count(),
            200
        );
        for (name, value) in [
            ("starts_at", "19:30"),
            ("ends_at", "21:15"),
            ("place", "Hội trường"),
        ] {
            set(&mut fields, name, value);
        }
        set(
            &mut fields,
            &format!("att.{}", codes[199]),
            "absent_unexcused",
        );
        let meetings = || async {
            let day = |s: &str| s.parse::<chibo_domain::NaiveDate>().unwrap();
            site.store()
                .meetings_of(
                    &chibo_domain::UnitCode::parse(CELL).unwrap(),
                    day("2000-01-01"),
                    day("2100-01-01"),
                )
                .await
                .unwrap()
                .len()
        };

        // A mark for someone of no roster is not a field of this form: the
        // roster decides who is marked.
        fields.push(("att.DV9999999".to_owned(), "present".to_owned()));
        let first = send(
            &router,
            post_fields(&format!("/units/{CELL}/meetings/new"), cookie, &fields),
        )
        .await;
        assert_eq!(first.status, 303, "{}", first.body);
        // The same send again, as a browser retrying after a timeout.
        let again = send(
            &router,
            post_fields(&format!("/units/{CELL}/meetings/new"), cookie, &fields),
        )
        .await;
        assert_eq!(again.status, 303, "{}", again.body);
        assert_eq!(again.location(), first.location());
        assert_eq!(meetings().await, 1);
        // The same key with something else typed: refused, nothing added.
        set(&mut fields, "place", "Nhà văn hóa");
        let other = send(
            &router,
            post_fields(&format!("/units/{CELL}/meetings/new"), cookie, &fields),
        )
        .await;
        assert_eq!(other.status, 409, "{}", other.body);
        assert_eq!(meetings().await, 1);
        let stored = site
            .store()
            .meeting(meeting_id(first.location()))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.record.attendance.len(), 200);
        assert_eq!(stored.record.present_count(), 198, "one exempt, one absent");
        assert!(
            stored
                .record
                .attendance
                .iter()
                .all(|m| m.member.as_str() != "DV9999999")
        );
    }
}
