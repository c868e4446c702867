//! The directive pages: a committee issues a directive through its form
//! and finds it in its register (filters included); bad input comes back
//! beside its field with nothing written; the directive's page follows a
//! cell's steps, its teaching in a meeting and the superior's check, with
//! the drill-down to the units below and the late targets; the cell's
//! list shows what it still has to teach.

use chibo_core::Db;
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::operator::Operator;
use chibo_core::tabular::{ReadLimits, parse_csv};
use chibo_domain::NaiveDate;

use crate::common::{self, Site, get, post_form, send, sites, upload_to};

const COMMITTEE: &str = "CT.NK";
const WARD: &str = "CT.NK.AH";
const CELL: &str = "CT.NK.AH.KV1";
const NEIGHBOUR: &str = "CT.NK.AH.KV2";
/// The first bytes of a PDF, and their SHA-256.
const PDF: &[u8] = b"%PDF-1.7 ...";
const PDF_SHA256: &str = "cd98c5bce101ab55699a781edbbbe1200ca6e9379791420c3eb9b9fb73cbb173";

/// The issue form's fields of a plan sent to every subordinate cell of
/// the committee, to be taught by 20/06/2024.
pub(crate) fn plan_fields(number: &str) -> Vec<(&'static str, String)> {
    vec![
        ("doc_type", "KH".to_owned()),
        ("number", number.to_owned()),
        ("issued_on", "03/06/2024".to_owned()),
        ("title", "Kế hoạch học tập chuyên đề năm 2024".to_owned()),
        ("summary", "Quán triệt đến toàn thể đảng viên".to_owned()),
        ("must_teach", "1".to_owned()),
        ("scope", "subtree".to_owned()),
        ("kind", "subordinate_cell".to_owned()),
        ("deadlines.cell.teach_by", "20/06/2024".to_owned()),
        ("deadlines.cell.report_by", "31/07/2024".to_owned()),
    ]
}

pub(crate) async fn issue_through_form(
    site: &Site,
    cookie: &str,
    csrf: &str,
    fields: &[(&str, String)],
    file: &[u8],
) -> common::Answer {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    send(
        &site.router(),
        upload_to(
            &format!("/units/{COMMITTEE}/directives"),
            cookie,
            csrf,
            if file.is_empty() { "" } else { "ke-hoach.pdf" },
            file,
            &pairs,
        ),
    )
    .await
}

/// The directive's id from the redirect after issuing it.
pub(crate) fn issued_id(location: &str) -> i64 {
    location
        .rsplit('/')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no directive id in {location:?}"))
}

/// The text of the row of `unit` in the directive's table by unit.
fn unit_row<'a>(body: &'a str, unit: &str) -> &'a str {
    let marker = format!(r#"data-unit="{unit}""#);
    let start = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no row of {unit}"));
    let rest = &body[start..];
    &rest[..rest.find("</tr>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn a_committee_issues_a_directive_through_its_form_and_finds_it_in_its_register() {
    for site in sites("web_directive_pages_issue").await {
        let router = site.router();
        let (cookie, csrf) = site.session("staff").await;
        let page = |path: String| get(&path, Some(&cookie));

        // Reached from the unit's page, and the register from the navigation.
        let unit = send(&router, page(format!("/units/{COMMITTEE}"))).await;
        assert!(
            unit.body
                .contains(&format!(r#"href="/units/{COMMITTEE}/directives""#))
        );
        let home = send(&router, page("/directives".to_owned())).await;
        assert_eq!(home.status, 303);
        assert_eq!(home.location(), format!("/units/{COMMITTEE}/directives"));
        let register = send(&router, page(format!("/units/{COMMITTEE}/directives"))).await;
        assert_eq!(register.status, 200, "{}", register.body);
        assert!(register.body.contains("directives-issued-none"));
        assert!(
            register
                .body
                .contains(&format!("/units/{COMMITTEE}/directives/new"))
        );
        let form = send(&router, page(format!("/units/{COMMITTEE}/directives/new"))).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(form.body.contains(r#"enctype="multipart/form-data""#));
        assert!(
            form.body.contains(r#"value="CT.NK.AH""#),
            "sub-units to choose"
        );

        let answer = issue_through_form(&site, &cookie, &csrf, &plan_fields("15-KH/QU"), PDF).await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let id = issued_id(answer.location());
        let shown = send(&router, page(answer.location().to_owned())).await;
        assert_eq!(shown.status, 200, "{}", shown.body);
        assert!(shown.body.contains("15-KH/QU"));
        assert!(shown.body.contains("03/06/2024"));
        assert!(shown.body.contains("ke-hoach.pdf"));
        let shown_sha: String = shown.body[shown.body.find("file-sha256").unwrap()..]
            .split(['>', '<'])
            .nth(1)
            .unwrap()
            .replace(' ', "");
        assert_eq!(shown_sha, PDF_SHA256, "the file's checksum");
        assert!(shown.body.contains("20/06/2024"), "the cells' deadline");
        assert!(shown.body.contains("<svg "), "the chart by stage");
        // Both cells of the ward are targets, none taught yet.
        assert!(unit_row(&shown.body, COMMITTEE).contains("0/2"));

        // The register, with its filters.
        let listed = |query: &str| page(format!("/units/{COMMITTEE}/directives{query}"));
        let all = send(&router, listed("")).await;
        assert!(
            all.body
                .contains(&format!("/units/{COMMITTEE}/directives/{id}"))
        );
        for (query, shows) in [
            ("?type=KH&year=2024", true),
            ("?type=NQ", false),
            ("?year=2023", false),
            ("?year=", true),
            ("?state=open", false),
            ("?state=late", true),
            ("?state=complete", false),
        ] {
            let answer = send(&router, listed(query)).await;
            assert_eq!(answer.status, 200);
            assert_eq!(
                answer.body.contains("15-KH/QU"),
                shows,
                "{query}: {}",
                answer.body
            );
        }
        // The ward received it (through the tree), the cell too.
        let ward = send(&router, page(format!("/units/{WARD}/directives"))).await;
        assert!(ward.body.contains("directives-issued-none"));
        assert!(!ward.body.contains("15-KH/QU"), "the ward is not a target");
        let cell = send(&router, page(format!("/units/{CELL}/directives"))).await;
        assert!(cell.body.contains("15-KH/QU"));
    }
}

/// A cell of the ward dissolved at the end of 2023.
async fn add_dissolved_cell(site: &Site) {
    let csv = "code,name,kind,sector,parent_code,valid_from,valid_to\n\
               CT.NK.AH.KV3,Chi bộ Khu vực 3,subordinate_cell,commune,CT.NK.AH,01/01/2018,31/12/2023\n";
    let table = parse_csv("units.csv", csv.as_bytes(), ReadLimits::default()).unwrap();
    let options = UnitImportOptions {
        effective_on: NaiveDate::from_ymd_opt(2018, 1, 1).unwrap(),
        document: Default::default(),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_units(
        Operator::command_line(),
        &Db::from(site.store()),
        &table,
        &options,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn bad_input_is_refused_beside_its_field_with_nothing_written() {
    for site in sites("web_directive_pages_refused").await {
        add_dissolved_cell(&site).await;
        let (cookie, csrf) = site.session("staff").await;
        let first = issue_through_form(&site, &cookie, &csrf, &plan_fields("15-KH/QU"), b"").await;
        assert_eq!(first.status, 303, "{}", first.body);
        let before = common::audit_count(&site).await;
        let with = |changes: &[(&'static str, &str)]| {
            let mut fields = plan_fields("16-KH/QU");
            for (name, value) in changes {
                fields.retain(|(k, _)| k != name);
                fields.push((name, (*value).to_owned()));
            }
            fields
        };
        // The fields, the file, where the problem shows, what it says.
        type Case = (
            Vec<(&'static str, String)>,
            &'static [u8],
            &'static str,
            &'static str,
        );
        let cases: Vec<Case> = vec![
            (with(&[("number", "")]), b"", "number-error", "Chưa có số"),
            (
                with(&[("issued_on", "")]),
                b"",
                "issued_on-error",
                "Thiếu giá trị",
            ),
            (
                with(&[("number", "15-KH/QU")]),
                b"",
                "number-error",
                "15-KH/QU",
            ),
            (
                with(&[("deadlines.cell.teach_by", "01/06/2024")]),
                b"",
                r#"name="deadlines.cell.teach_by""#,
                "01/06/2024",
            ),
            (
                with(&[("scope", "units"), ("unit_codes", "CT.BT.LT.KV1")]),
                b"",
                "target-error",
                "CT.BT.LT.KV1",
            ),
            (
                with(&[("scope", "units"), ("unit", "CT.NK.AH.KV3")]),
                b"",
                "target-error",
                "giải thể ngày 31/12/2023",
            ),
            (with(&[]), b"<html>", "file-error", "PDF"),
        ];
        for (fields, file, place, text) in cases {
            let answer = issue_through_form(&site, &cookie, &csrf, &fields, file).await;
            assert_eq!(answer.status, 422, "{place}: {}", answer.body);
            assert!(answer.body.contains(place), "{place}: {}", answer.body);
            // From the tag that names the place on.
            let at = answer.body.find(place).unwrap();
            let at = answer.body[..at].rfind('<').unwrap_or(at);
            let beside: String = answer.body[at..].chars().take(1200).collect();
            assert!(beside.contains("field-error"), "{place}: {beside}");
            assert!(beside.contains(text), "{place}: {beside}");
            // What was typed is kept.
            assert!(answer.body.contains("Kế hoạch học tập chuyên đề năm 2024"));
            assert_eq!(common::audit_count(&site).await, before, "{place}");
        }
        let register = send(
            &site.router(),
            get(&format!("/units/{COMMITTEE}/directives"), Some(&cookie)),
        )
        .await;
        assert!(!register.body.contains("16-KH/QU"), "nothing written");
    }
}

#[tokio::test]
async fn the_progress_page_follows_a_cells_steps_teaching_and_check() {
    for site in sites("web_directive_pages_progress").await {
        let router = site.router();
        let (staff, staff_csrf) = site.session("staff").await;
        let answer =
            issue_through_form(&site, &staff, &staff_csrf, &plan_fields("15-KH/QU"), b"").await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let id = issued_id(answer.location());
        let (secretary, csrf) = site.session("secretary").await;
        let as_secretary = |path: String| get(&path, Some(&secretary));

        // The cell's list of work offers it, with the way to the form.
        let list = send(&router, as_secretary(format!("/units/{CELL}/to-teach"))).await;
        assert_eq!(list.status, 200, "{}", list.body);
        assert!(list.body.contains(&format!(r#"data-directive="{id}""#)));
        assert!(list.body.contains(&format!("/units/{CELL}/meetings/new")));
        let register = send(&router, as_secretary(format!("/units/{CELL}/directives"))).await;
        assert!(register.body.contains(&format!("/units/{CELL}/to-teach")));

        // Received, then a step out of order refused beside the form.
        let steps = format!("/units/{CELL}/directives/{id}/steps");
        let received = send(
            &router,
            post_form(
                &steps,
                Some(&secretary),
                &[("csrf", &csrf), ("kind", "received"), ("on", "05/06/2024")],
            ),
        )
        .await;
        assert_eq!(received.status, 303, "{}", received.body);
        let page = send(
            &router,
            as_secretary(format!("/units/{CELL}/directives/{id}")),
        )
        .await;
        assert!(
            page.body.contains("05/06/2024: Đã tiếp nhận"),
            "{}",
            page.body
        );
        let before = common::audit_count(&site).await;
        let backwards = send(
            &router,
            post_form(
                &steps,
                Some(&secretary),
                &[("csrf", &csrf), ("kind", "received"), ("on", "06/06/2024")],
            ),
        )
        .await;
        assert_eq!(backwards.status, 422, "{}", backwards.body);
        assert!(backwards.body.contains(r#"class="error""#));
        assert_eq!(common::audit_count(&site).await, before);

        // Taught at the meeting of 28/06, through the meeting form.
        let form = send(&router, as_secretary(format!("/units/{CELL}/meetings/new"))).await;
        let mut fields = common::held_meeting_fields(
            &common::hidden(&form.body, "csrf"),
            "28/06/2024",
            &["DV000001", "DV000002"],
        );
        fields.push((format!("directive.{id}"), "1".to_owned()));
        let saved = send(
            &router,
            common::post_fields(
                &format!("/units/{CELL}/meetings/new"),
                Some(&secretary),
                &fields,
            ),
        )
        .await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let page = send(
            &router,
            as_secretary(format!("/units/{CELL}/directives/{id}")),
        )
        .await;
        assert!(
            page.body.contains("28/06/2024: <a href=\"/meetings/"),
            "{}",
            page.body
        );
        assert!(page.body.contains("2/2 đảng viên dự"));
        let list = send(&router, as_secretary(format!("/units/{CELL}/to-teach"))).await;
        assert!(list.body.contains("to-teach-none"), "nothing left to teach");

        // The committee's page: one of two cells taught, on 28/06, both
        // late (one taught after the deadline, one not at all).
        let committee = send(
            &router,
            get(&format!("/units/{COMMITTEE}/directives/{id}"), Some(&staff)),
        )
        .await;
        assert_eq!(committee.status, 200);
        // The late units only when asked for: each is read on its own.
        assert!(committee.body.contains("directive-late-link"));
        assert!(
            !committee
                .body
                .contains(&format!(r#"<li data-unit="{CELL}">"#))
        );
        let committee = send(
            &router,
            get(
                &format!("/units/{COMMITTEE}/directives/{id}?late=1"),
                Some(&staff),
            ),
        )
        .await;
        assert_eq!(committee.status, 200);
        assert!(unit_row(&committee.body, COMMITTEE).contains("1/2 (50,0%)"));
        assert!(
            committee
                .body
                .contains(&format!("/units/{WARD}/directives/{id}"))
        );
        assert!(committee.body.contains("timeline-chart"));
        assert!(committee.body.contains("<td>28/06/2024</td>"));
        assert!(
            committee
                .body
                .contains(&format!(r#"<li data-unit="{CELL}">"#))
        );
        assert!(
            committee
                .body
                .contains(&format!(r#"<li data-unit="{NEIGHBOUR}">"#))
        );
        // Down to the ward: a row per cell.
        let ward = send(
            &router,
            get(&format!("/units/{WARD}/directives/{id}"), Some(&staff)),
        )
        .await;
        assert!(unit_row(&ward.body, CELL).contains("1/1 (100,0%)"));
        assert!(unit_row(&ward.body, NEIGHBOUR).contains("0/1 (0,0%)"));

        // Reported, then checked by the ward's committee.
        let reported = send(
            &router,
            post_form(
                &steps,
                Some(&secretary),
                &[("csrf", &csrf), ("kind", "reported"), ("on", "29/06/2024")],
            ),
        )
        .await;
        assert_eq!(reported.status, 303, "{}", reported.body);
        let checked = send(
            &router,
            post_form(
                &format!("/units/{WARD}/directives/{id}/check"),
                Some(&staff),
                &[
                    ("csrf", &staff_csrf),
                    ("unit", CELL),
                    ("on", "30/06/2024"),
                    ("rating", "good"),
                ],
            ),
        )
        .await;
        assert_eq!(checked.status, 303, "{}", checked.body);
        let page = send(
            &router,
            as_secretary(format!("/units/{CELL}/directives/{id}")),
        )
        .await;
        assert!(
            page.body
                .contains("30/06/2024: Cấp trên kiểm tra, đánh giá: Hoàn thành tốt"),
            "{}",
            page.body
        );
        // The secretary sees the cell's own row only, never its neighbour.
        assert!(!page.body.contains(NEIGHBOUR));

        // Every stage on the committee's chart, each the share its column
        // of the table gives: one of two cells received it and was checked.
        let committee = send(
            &router,
            get(&format!("/units/{COMMITTEE}/directives/{id}"), Some(&staff)),
        )
        .await;
        let own = unit_row(&committee.body, COMMITTEE);
        for column in ["received", "taught", "checked"] {
            assert!(
                own.contains(&format!(r#"data-col="{column}">1/2 (50,0%)<"#)),
                "{column}: {own}"
            );
        }
        let chart = &committee.body[committee.body.find("directive-stage-chart").unwrap()..];
        let chart = &chart[..chart.find("</figure>").unwrap()];
        for bar in [
            "Tiếp nhận: 50,0%",
            "Quán triệt: 50,0%",
            "Báo cáo đúng hạn: 100,0%",
            "Kiểm tra, đánh giá: 50,0%",
        ] {
            assert!(
                chart.contains(&format!("<title>{bar}</title>")),
                "{bar}: {chart}"
            );
        }
        let ward = send(
            &router,
            get(&format!("/units/{WARD}/directives/{id}"), Some(&staff)),
        )
        .await;
        assert!(unit_row(&ward.body, CELL).contains(r#"data-col="checked">1/1 (100,0%)<"#));
        assert!(unit_row(&ward.body, NEIGHBOUR).contains(r#"data-col="received">0/1 (0,0%)<"#));
    }
}

/// A DOCX's first bytes under a Vietnamese name.
fn docx() -> chibo_core::directives::AttachedFile {
    chibo_core::directives::AttachedFile {
        file_name: "Kế hoạch số 9 – Đảng ủy.docx".to_owned(),
        content: b"PK\x03\x04 rest of the zip".to_vec(),
    }
}

#[tokio::test]
async fn the_attached_file_downloads_under_its_vietnamese_name() {
    for site in sites("web_directive_pages_file").await {
        let router = site.router();
        let (staff, _) = site.session("staff").await;
        let with_file =
            crate::directive_agenda::issue_with_file(&site, COMMITTEE, "9-KH/QU", Some(docx()))
                .await;
        let without = crate::directive_agenda::issue(&site, COMMITTEE, "10-KH/QU").await;
        let page = send(
            &router,
            get(
                &format!("/units/{WARD}/directives/{with_file}"),
                Some(&staff),
            ),
        )
        .await;
        let path = format!("/units/{WARD}/directives/{with_file}/file");
        assert!(
            page.body.contains(&format!(r#"href="{path}""#)),
            "{}",
            page.body
        );
        let file = send(&router, get(&path, Some(&staff))).await;
        assert_eq!(file.status, 200);
        assert_eq!(file.bytes, docx().content);
        let header_of = |name: axum::http::HeaderName| {
            file.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        use axum::http::header;
        assert_eq!(
            header_of(header::CONTENT_TYPE),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert_eq!(
            header_of(header::CONTENT_DISPOSITION),
            "attachment; filename=\"Ke hoach so 9 _ Dang uy.docx\"; \
             filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20s%E1%BB%91%209%20%E2%80%93%20%C4%90%E1%BA%A3ng%20%E1%BB%A7y.docx"
        );
        assert_eq!(header_of(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        // A directive without a document has no link and no file.
        let page = send(
            &router,
            get(&format!("/units/{WARD}/directives/{without}"), Some(&staff)),
        )
        .await;
        assert!(!page.body.contains("directive-file-link"));
        let none = send(
            &router,
            get(
                &format!("/units/{WARD}/directives/{without}/file"),
                Some(&staff),
            ),
        )
        .await;
        assert_eq!(none.status, 404);
    }
}

/// The `<section>` of members' views on a directive's page, if any.
fn surveys_section(body: &str) -> Option<&str> {
    let start = body.find(r#"id="directive_surveys""#)?;
    let rest = &body[start..];
    Some(&rest[..rest.find("</section>").unwrap_or(rest.len())])
}

#[tokio::test]
async fn members_views_from_a_closed_campaign_show_beside_the_directive_within_the_surveys_rules() {
    for site in sites("web_directive_pages_survey").await {
        let router = site.router();
        let (staff, _) = site.session("staff").await;
        let (secretary, _) = site.session("secretary").await;
        let id = crate::directive_agenda::issue(&site, COMMITTEE, "11-KH/QU").await;
        let page_of =
            |unit: &str, cookie: &str| get(&format!("/units/{unit}/directives/{id}"), Some(cookie));

        // No campaign yet: nothing is shown.
        let page = send(&router, page_of(WARD, &staff)).await;
        assert_eq!(page.status, 200);
        assert!(surveys_section(&page.body).is_none());

        // An open campaign of the ward is not shown either; once closed,
        // its 17 answers are.
        let (campaign, codes) = crate::surveys::campaign(&site, WARD, true, 14).await;
        common::add_cell_members(&site, CELL, 0, 20).await;
        common::add_cell_members(&site, NEIGHBOUR, 20, 9).await;
        crate::surveys::answer_in_cells(&site, &codes, &[(CELL, 14), (NEIGHBOUR, 3)]).await;
        let page = send(&router, page_of(WARD, &staff)).await;
        assert!(surveys_section(&page.body).is_none(), "still open");
        crate::surveys::close(&site, campaign).await;

        let page = send(&router, page_of(WARD, &staff)).await;
        let section = surveys_section(&page.body).expect("the campaign's block");
        assert!(section.contains(&format!(
            r#"href="/surveys/campaigns/{campaign}/results?unit={WARD}""#
        )));
        assert!(
            section.contains(r#"<span class="survey-respondents">17</span>"#),
            "{section}"
        );
        // Theme 7 only: its items and construct, nothing of the others.
        assert!(
            section.contains("cụ thể hóa thành việc làm cụ thể"),
            "{section}"
        );
        assert!(section.contains(r#"<tr class="construct">"#), "{section}");
        assert!(section.contains("Đồng ý"), "a distribution: {section}");
        assert!(!section.contains("Chi bộ thông báo thời gian"), "theme 1");
        assert!(!section.contains("Sổ tay đảng viên điện tử"), "theme 8");

        // A cell with 3 respondents: the reason, never a figure, as on the
        // results page.
        let hidden = chibo_i18n::render(
            chibo_i18n::Lang::Vi,
            &chibo_domain::Message::new("survey-hidden-fewer-than-k").arg("k", 10),
        );
        let page = send(&router, page_of(NEIGHBOUR, &staff)).await;
        let section = surveys_section(&page.body).expect("the campaign's block");
        assert!(!section.contains(r#"<tr class="item">"#), "{section}");
        assert!(section.contains(&hidden), "{hidden}: {section}");
        assert!(!section.contains(r#"class="survey-respondents">3<"#));

        // A secretary, who may not open the campaign's results, sees none
        // of them here either.
        let page = send(&router, page_of(CELL, &secretary)).await;
        assert_eq!(page.status, 200);
        assert!(surveys_section(&page.body).is_none());
    }
}

#[tokio::test]
async fn the_directive_pages_speak_english_too() {
    for site in sites("web_directive_pages_english").await {
        let router = site.router();
        let (cookie, csrf) = site.session("staff").await;
        let answer = issue_through_form(&site, &cookie, &csrf, &plan_fields("15-KH/QU"), b"").await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let in_english = |path: String| {
            axum::http::Request::get(path)
                .header(
                    axum::http::header::COOKIE,
                    format!("chibo_session={cookie}; chibo_lang=en"),
                )
                .body(axum::body::Body::empty())
                .unwrap()
        };
        let page = send(&router, in_english(answer.location().to_owned())).await;
        assert_eq!(page.status, 200);
        for text in [
            "Progress by stage",
            "Units that taught it",
            "Deadlines per level",
        ] {
            assert!(page.body.contains(text), "{text}: {}", page.body);
        }
        // Dates stay day first.
        assert!(page.body.contains("03/06/2024"));
        assert!(page.body.contains("20/06/2024"));
        let register = send(
            &router,
            in_english(format!("/units/{COMMITTEE}/directives")),
        )
        .await;
        assert!(register.body.contains("Directives issued"));
        assert!(
            register.body.contains("Some units late"),
            "{}",
            register.body
        );
        let form = send(
            &router,
            in_english(format!("/units/{COMMITTEE}/directives/new")),
        )
        .await;
        assert!(form.body.contains("Next regular meeting"));
        assert!(form.body.contains("Plan (KH)"));
    }
}
