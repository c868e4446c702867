//! The dashboards over HTTP: figures of meetings recorded through the
//! forms, drill-down links, the tables downloaded as CSV and Excel (the
//! same figures as on screen), choices that cannot be read sent back with
//! a message, history following merged cells when asked, and English.

use crate::common;
use chibo_core::Db;

use calamine::{Data, Reader, Xlsx};
use chibo_core::audit::AuditContext;
use chibo_core::org_ops::{Reorganization, reorganize};
use chibo_domain::org::NewUnit;
use chibo_domain::text::Name;
use chibo_domain::unit::UnitKind;
use chibo_domain::{SectorCode, UnitCode};
use common::{get, held_meeting_fields, post_fields, send, sites};

const WARD: &str = "CT.NK.AH";

fn u(code: &str) -> UnitCode {
    UnitCode::parse(code).unwrap()
}

/// KV1 meets in January, February and March 2024 with one of its two
/// members; KV2 in January with its only member.
async fn record_meetings(site: &common::Site, cookie: &str, csrf: &str) {
    let router = site.router();
    let meetings = [
        ("CT.NK.AH.KV1", "10/01/2024", vec!["DV000001"]),
        ("CT.NK.AH.KV1", "10/02/2024", vec!["DV000001"]),
        ("CT.NK.AH.KV1", "10/03/2024", vec!["DV000001"]),
        ("CT.NK.AH.KV2", "12/01/2024", vec!["DV000003"]),
    ];
    for (cell, day, present) in meetings {
        let mut fields = held_meeting_fields(csrf, day, &present);
        if cell == "CT.NK.AH.KV1" {
            fields.push(("att.DV000002".to_owned(), "absent_excused".to_owned()));
            fields.push(("reason.DV000002".to_owned(), "Ốm".to_owned()));
        }
        let answer = send(
            &router,
            post_fields(
                &format!("/units/{cell}/meetings/new"),
                Some(cookie),
                &fields,
            ),
        )
        .await;
        assert_eq!(answer.status, 303, "{cell} {day}: {}", answer.body);
    }
}

/// The attendance indicator's name in the key figures.
const ATTENDANCE: &str = "Tỷ lệ đảng viên dự sinh hoạt";

fn csv_rows(body: &str) -> Vec<Vec<String>> {
    let body = body
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a BOM");
    csv::Reader::from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn staff_read_figures_drill_down_and_download_the_same_tables() {
    for site in sites("web_dashboards").await {
        let router = site.router();
        let (cookie, csrf) = site.session("staff").await;
        record_meetings(&site, &cookie, &csrf).await;
        let query = "period=2024-Q1&indicator=attendance_rate&level=cells&history=as_it_stood";
        // The unit page leads to its figures.
        let unit = send(&router, get(&format!("/units/{WARD}"), Some(&cookie))).await;
        assert!(
            unit.body
                .contains(&format!("href=\"/units/{WARD}/dashboard\""))
        );

        let page = send(
            &router,
            get(&format!("/units/{WARD}/dashboard?{query}"), Some(&cookie)),
        )
        .await;
        assert_eq!(page.status, 200, "{}", page.body);
        let body = &page.body;
        assert!(body.contains("Kỳ 01/2024 – 03/2024 (3 tháng)"), "{body}");
        // 4 present of 7 expected: 57,1%; below the 85% norm.
        assert!(body.contains("57,1%"), "{body}");
        assert!(body.contains("7 lượt phải dự"), "{body}");
        // Regular meetings: KV1 every month, KV2 one of three: 4 of 6.
        assert!(body.contains("66,7%"), "{body}");
        // Charts are drawn on the server; no value is ever NaN.
        assert!(body.matches("<svg").count() >= 2, "{body}");
        assert!(!body.contains("NaN"));
        // Drill-down keeps the choices.
        let link = format!("href=\"/units/CT.NK.AH.KV1/dashboard?{query}\"");
        assert!(body.replace("&#38;", "&").contains(&link), "{link}");

        // The whole city's figure stands beside the ward's, equal to what
        // the city's own overview shows.
        assert!(body.contains("Toàn Đảng bộ thành phố Cần Thơ"), "{body}");
        let key_figures = |unit: &str, cookie: &str| {
            let path = format!("/units/{unit}/dashboard/overview.csv?{query}&table=0");
            let router = router.clone();
            let cookie = cookie.to_owned();
            async move {
                let csv = send(&router, get(&path, Some(&cookie))).await;
                assert_eq!(csv.status, 200, "{path}: {}", csv.body);
                csv_rows(&csv.body)
            }
        };
        let ward = key_figures(WARD, &cookie).await;
        let (admin, _) = site.session("admin").await;
        let city = key_figures("CT", &admin).await;
        assert_eq!(ward.len(), city.len());
        assert_eq!(ward[0].len(), city[0].len() + 1, "one more column");
        for (ward_row, city_row) in ward.iter().zip(&city) {
            assert_eq!(ward_row[0], city_row[0]);
            assert_eq!(ward_row[6], city_row[1], "{}", ward_row[0]);
        }
        // Regular meetings: the ward 4 of 6, the city 4 of 9 (its third cell
        // held none).
        let regular = ward
            .iter()
            .find(|r| r[0] == "Chi bộ sinh hoạt thường kỳ hằng tháng")
            .unwrap();
        assert_eq!((regular[1].as_str(), regular[6].as_str()), ("66.7", "44.4"));

        // The ranking: neither cell has 6 meetings, so neither is ranked.
        let csv = send(
            &router,
            get(
                &format!("/units/{WARD}/dashboard/ranking.csv?{query}&table=0"),
                Some(&cookie),
            ),
        )
        .await;
        assert_eq!(csv.status, 200);
        let disposition = csv.headers["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment"), "{disposition}");
        assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
        let rows = csv_rows(&csv.body);
        assert_eq!(rows.len(), 2, "{rows:?}");
        let kv1 = rows.iter().find(|r| r[2] == "CT.NK.AH.KV1").unwrap();
        assert_eq!(kv1[0], "Chưa xếp hạng");
        // Value as a number for spreadsheets, and the meetings behind it.
        assert_eq!(kv1[4].parse::<f64>().unwrap(), 50.0);
        assert_eq!(kv1[6], "3");

        // The heat map downloads as Excel: one row per cell and the ward,
        // one column per month, shares stored as fractions.
        let xlsx = send(
            &router,
            get(
                &format!("/units/{WARD}/dashboard/heatmap.xlsx?{query}"),
                Some(&cookie),
            ),
        )
        .await;
        assert_eq!(xlsx.status, 200);
        let bytes = xlsx.bytes.clone();
        let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let sheet = workbook.sheet_names()[0].clone();
        let range = workbook.worksheet_range(&sheet).unwrap();
        let header: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header[1..], ["01/2024", "02/2024", "03/2024"]);
        let ward = range
            .rows()
            .find(|r| matches!(&r[0], Data::String(name) if name == "Đảng bộ phường An Hòa"))
            .unwrap();
        // January: 2 present of 3 expected.
        assert!(
            matches!(ward[1], Data::Float(v) if (v - 2.0 / 3.0).abs() < 1e-9),
            "{ward:?}"
        );

        // Every view answers, with its tables downloadable.
        for view in ["sectors", "norms"] {
            let page = send(
                &router,
                get(
                    &format!("/units/{WARD}/dashboard/{view}?{query}"),
                    Some(&cookie),
                ),
            )
            .await;
            assert_eq!(page.status, 200, "{view}");
            assert!(
                page.body.contains(&format!("/dashboard/{view}.csv?")),
                "{view}"
            );
        }

        // A meeting saved now shows at once: KV2 meets in February too,
        // so 5 of 6 regular meetings, and 5 present of 8 expected.
        let fields = held_meeting_fields(&csrf, "12/02/2024", &["DV000003"]);
        let saved = send(
            &router,
            post_fields("/units/CT.NK.AH.KV2/meetings/new", Some(&cookie), &fields),
        )
        .await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let page = send(
            &router,
            get(&format!("/units/{WARD}/dashboard?{query}"), Some(&cookie)),
        )
        .await;
        assert!(page.body.contains("83,3%"), "{}", page.body);
        assert!(page.body.contains("8 lượt phải dự"), "{}", page.body);
        assert!(page.body.contains("62,5%"), "{}", page.body);

        // The unit's report over the period shown, linked from the page,
        // says what the screen says, in PDF and in Word.
        let link = format!("/units/{WARD}/report.pdf?period=2024-Q1");
        assert!(page.body.contains(&link), "{}", page.body);
        let pdf = send(&router, get(&link, Some(&cookie))).await;
        assert_eq!(pdf.status, 200, "{}", pdf.body);
        assert_eq!(pdf.headers["content-type"], "application/pdf");
        let text = report_pdf_text(&pdf.bytes);
        for figure in ["quý I năm 2024", "83,3%", "62,5%", "Chi bộ Khu vực 1"] {
            assert!(text.contains(figure), "{figure}: {text}");
        }
        let docx = send(&router, get(&link.replace(".pdf", ".docx"), Some(&cookie))).await;
        assert_eq!(docx.status, 200, "{}", docx.body);
        let xml = report_docx_xml(&docx.bytes);
        assert!(xml.contains("83,3%") && xml.contains("62,5%"), "{xml}");
        // A period not in whole months: the message, no file.
        let refused = send(
            &router,
            get(
                &format!("/units/{WARD}/report.pdf?period=05/01/2024-29/02/2024"),
                Some(&cookie),
            ),
        )
        .await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains("Chỉ số được tính theo tháng"));
    }
}

/// The text pdftotext (poppler-utils) reads from a report, whitespace
/// collapsed.
fn report_pdf_text(pdf: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("chibo-unit-report-{}.pdf", std::process::id()));
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; scripts/test.sh installs it)");
    std::fs::remove_file(&path).unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn report_docx_xml(docx: &[u8]) -> String {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[tokio::test]
async fn choices_that_cannot_be_read_come_back_with_a_message() {
    for site in sites("web_dashboards_errors").await {
        let router = site.router();
        let (cookie, _) = site.session("staff").await;
        for (period, message) in [
            ("2030", "Kỳ đã chọn chưa bắt đầu"),
            ("05/01/2024-29/02/2024", "Chỉ số được tính theo tháng"),
            ("năm ngoái", "năm ngoái"),
        ] {
            let page = send(
                &router,
                get(
                    &format!("/units/{WARD}/dashboard?period={}", common::encode(period)),
                    Some(&cookie),
                ),
            )
            .await;
            assert_eq!(page.status, 422, "{period}");
            assert!(page.body.contains(message), "{period}: {}", page.body);
            // What was typed stays in the form.
            assert!(
                page.body.contains(&format!("value=\"{period}\"")),
                "{period}"
            );
        }
        let page = send(
            &router,
            get(
                &format!("/units/{WARD}/dashboard/ranking?indicator=nope"),
                Some(&cookie),
            ),
        )
        .await;
        assert_eq!(page.status, 422);
        assert!(page.body.contains("Không có chỉ số «nope»"));
        let page = send(
            &router,
            get(&format!("/units/{WARD}/dashboard/unknown"), Some(&cookie)),
        )
        .await;
        assert_eq!(page.status, 404);
    }
}

#[tokio::test]
async fn merged_cells_history_follows_the_successor_when_asked() {
    for site in sites("web_dashboards_merge").await {
        let router = site.router();
        let (cookie, csrf) = site.session("staff").await;
        record_meetings(&site, &cookie, &csrf).await;
        let merged = NewUnit {
            code: u("CT.NK.AH.KV9"),
            name: Name::parse("Chi bộ Khu vực 1-2").unwrap(),
            kind: UnitKind::SubordinateCell,
            sector: SectorCode::parse("commune").unwrap(),
            parent: Some(u(WARD)),
        };
        reorganize(
            &Db::from(site.store()),
            chibo_core::operator::Operator::command_line(),
            Reorganization::Merge {
                sources: vec![u("CT.NK.AH.KV1"), u("CT.NK.AH.KV2")],
                target: u("CT.NK.AH.KV9"),
                new_target: Some(merged),
            },
            "2024-04-01".parse().unwrap(),
            &Default::default(),
            &AuditContext::command_line(),
            site.clock.as_ref(),
        )
        .await
        .unwrap();
        chibo_core::indicators::rebuild(&Db::from(site.store()), "2024-06-30".parse().unwrap())
            .await
            .unwrap();
        let path = "/units/CT.NK.AH.KV9/dashboard?period=2024";
        let own = send(&router, get(path, Some(&cookie))).await;
        assert_eq!(own.status, 200, "{}", own.body);
        // The cell's own attendance (the city's stands in its own column):
        // absent without its predecessors.
        let attendance = |history: &'static str| {
            let path = format!(
                "/units/CT.NK.AH.KV9/dashboard/overview.csv?period=2024&history={history}&table=0"
            );
            let router = router.clone();
            let cookie = cookie.clone();
            async move {
                let csv = send(&router, get(&path, Some(&cookie))).await;
                let rows = csv_rows(&csv.body);
                let row = rows
                    .iter()
                    .find(|r| r[0] == ATTENDANCE)
                    .cloned()
                    .unwrap_or_else(|| panic!("{rows:?}"));
                (row[1].clone(), row[6].clone())
            }
        };
        let (own_value, city_value) = attendance("as_it_stood").await;
        assert_ne!(own_value, "57.1");
        assert_eq!(city_value, "57.1");
        let followed = send(
            &router,
            get(&format!("{path}&history=successors"), Some(&cookie)),
        )
        .await;
        assert!(followed.body.contains("57,1%"), "{}", followed.body);
        assert_eq!(attendance("successors").await.0, "57.1");
        assert!(
            followed
                .body
                .contains("Gồm cả số liệu của CT.NK.AH.KV1, CT.NK.AH.KV2")
        );
        // The ward lists the merged cell, and what left it apart.
        let ward = send(
            &router,
            get(
                &format!("/units/{WARD}/dashboard?period=2024"),
                Some(&cookie),
            ),
        )
        .await;
        assert!(
            ward.body.contains("Đơn vị không còn trực thuộc"),
            "{}",
            ward.body
        );
    }
}

#[tokio::test]
async fn the_dashboard_speaks_english_too() {
    for site in sites("web_dashboards_english").await {
        let router = site.router();
        let (cookie, _) = site.session("researcher").await;
        let request = axum::http::Request::get("/units/CT.NK/dashboard/norms?period=2024")
            .header(
                axum::http::header::COOKIE,
                format!("chibo_session={cookie}; chibo_lang=en"),
            )
            .body(axum::body::Body::empty())
            .unwrap();
        let page = send(&router, request).await;
        assert_eq!(page.status, 200);
        assert!(
            page.body.contains("Meeting quality indicators"),
            "{}",
            page.body
        );
        assert!(page.body.contains("Norms and practice"));
        // The researcher reaches the figures from the navigation.
        let home = send(&router, get("/dashboard", Some(&cookie))).await;
        assert_eq!(home.location(), "/units/CT.NK/dashboard");
    }
}

#[tokio::test]
async fn ratings_under_two_rubric_versions_are_said_not_to_compare() {
    for site in sites("web_dashboards_rubrics").await {
        let router = site.router();
        let (cookie, csrf) = site.session("staff").await;
        record_meetings(&site, &cookie, &csrf).await;
        let db = Db::from(site.store());
        let page = |period: &'static str| {
            let router = router.clone();
            let cookie = cookie.clone();
            async move {
                let path = format!("/units/{WARD}/dashboard?period={period}");
                let answer = send(&router, get(&path, Some(&cookie))).await;
                assert_eq!(answer.status, 200, "{}", answer.body);
                answer.body
            }
        };
        let note = "bộ tiêu chí chấm điểm khác nhau có hiệu lực";
        let before = page("2024-Q1").await;
        assert!(!before.contains(note), "one rubric: {before}");

        // A second version of the rubric in force from mid-February.
        let body = chibo_core::rubrics::export_rubric(&db, "hd12-2018", None)
            .await
            .unwrap();
        let mut rubric: serde_json::Value = serde_json::from_str(&body).unwrap();
        rubric["version"] = 2.into();
        rubric["effective_from"] = "2024-02-15".into();
        chibo_core::rubrics::import_rubric(
            &db,
            site.clock.as_ref(),
            &AuditContext::command_line(),
            "hd12-2018-v2.json",
            &rubric.to_string(),
        )
        .await
        .unwrap();
        // Another query than the one remembered above.
        let spanned = page("01/01/2024-31/03/2024").await;
        assert!(spanned.contains(note), "{spanned}");
        assert!(spanned.contains("phiên bản 1, từ 06/07/2018"), "{spanned}");
        assert!(spanned.contains("phiên bản 2, từ 15/02/2024"), "{spanned}");
        // A year and the one before it, both under the first version.
        let earlier = page("2023").await;
        assert!(!earlier.contains(note), "{earlier}");
    }
}
