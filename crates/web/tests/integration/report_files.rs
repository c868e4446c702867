//! The reports of a directive's execution, a closed campaign's survey
//! results and an experiment's evaluation, downloaded from their pages:
//! the PDF (read back by pdftotext) and the DOCX hold the same Vietnamese
//! in NFC, text typed like markup comes out as typed, a hidden survey
//! figure is its reason and never a number, an experiment names no cell
//! and no person, and the pages link to them. Each report's pages are
//! drawn (pdftoppm, 60 dpi) into target/report-artifacts for a person to
//! look at.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::Command;

use unicode_normalization::UnicodeNormalization as _;

use crate::common::{self, get, send, sites};
use crate::directive_pages::{issue_through_form, issued_id, plan_fields};
use crate::minutes_files::{docx_text, pdf_text};

const HOSTILE: &str = "#set page(width: 1cm) [x] $y$ <w:t>&amp; *_`";

/// The PDF's text and the DOCX's, each checked to be NFC, both holding
/// every `expected` text; the PDF's pages drawn as `name-N.png`.
fn both_hold(pdf: &common::Answer, docx: &common::Answer, name: &str, expected: &[&str]) -> String {
    assert_eq!(pdf.status, 200, "{name}.pdf: {}", pdf.body);
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    assert_eq!(docx.status, 200, "{name}.docx: {}", docx.body);
    let from_pdf = pdf_text(&pdf.bytes, name);
    let from_docx = docx_text(&docx.bytes);
    for text in [&from_pdf, &from_docx] {
        assert_eq!(text.nfc().collect::<String>(), *text, "{name}: not NFC");
    }
    for text in expected {
        assert!(
            from_pdf.contains(text),
            "{text:?} missing from {name}.pdf: {from_pdf}"
        );
        assert!(
            from_docx.contains(text),
            "{text:?} missing from {name}.docx: {from_docx}"
        );
    }
    pages(&pdf.bytes, name);
    from_pdf
}

/// Draws the PDF's pages at 60 dpi into target/report-artifacts.
fn pages(pdf: &[u8], name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/report-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    let drawn = Command::new("pdftoppm")
        .args(["-r", "60", "-png"])
        .arg(&file)
        .arg(dir.join(name))
        .status()
        .expect("pdftoppm (poppler-utils; scripts/test.sh installs it)");
    assert!(drawn.success());
}

/// The cells of each table row of the DOCX, in order.
fn docx_rows(docx: &[u8]) -> Vec<Vec<String>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.split("<w:tr>")
        .skip(1)
        .map(|row| {
            let row = row.split("</w:tr>").next().unwrap();
            row.split("<w:tc>")
                .skip(1)
                .map(|cell| {
                    cell.split("<w:t xml:space=\"preserve\">")
                        .skip(1)
                        .map(|t| t.split("</w:t>").next().unwrap())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn a_directives_execution_report_holds_the_page_and_the_title_as_typed() {
    for site in sites("web_report_files_directive").await {
        let router = site.router();
        let (cookie, csrf) = site.session("staff").await;
        let mut fields = plan_fields("15-KH/QU");
        for (key, value) in &mut fields {
            if *key == "title" {
                *value = format!("Kế hoạch học tập {HOSTILE}");
            }
        }
        let answer = issue_through_form(&site, &cookie, &csrf, &fields, b"").await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let id = issued_id(answer.location());
        let page = format!("/units/CT.NK/directives/{id}");
        let shown = send(&router, get(&page, Some(&cookie))).await;
        assert!(shown.body.contains(&format!("href=\"{page}/report.pdf\"")));
        assert!(shown.body.contains(&format!("href=\"{page}/report.docx\"")));

        let pdf = send(&router, get(&format!("{page}/report.pdf"), Some(&cookie))).await;
        let docx = send(&router, get(&format!("{page}/report.docx"), Some(&cookie))).await;
        assert!(
            pdf.headers["content-disposition"]
                .to_str()
                .unwrap()
                .contains("15-KH.QU"),
            "the number in the file's name, its slash replaced"
        );
        let text = both_hold(
            &pdf,
            &docx,
            "execution-report",
            &[
                "ĐẢNG CỘNG SẢN VIỆT NAM",
                "BÁO CÁO",
                "Kết quả thực hiện Kế hoạch số 15-KH/QU",
                &format!("Kế hoạch học tập {HOSTILE}"),
                "Tỷ lệ đơn vị đã quán triệt",
                "Kết quả của các đơn vị trực thuộc",
                "Đảng bộ phường An Hòa",
                // Today (30/06/2024) is past the cells' teaching deadline.
                "Đơn vị trễ hạn",
                "T/M BAN THƯỜNG VỤ",
            ],
        );
        assert!(!text.contains("Chưa có đơn vị nào trễ hạn"), "{text}");
        // The stage chart is drawn in both.
        assert!(text.contains("Tiến độ theo giai đoạn"), "{text}");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&docx.bytes[..])).unwrap();
        assert!(archive.by_name("word/media/chart1.png").is_ok());

        // From the cell it reached: the cell's part.
        let (secretary, _) = site.session("secretary").await;
        let from_cell = format!("/units/CT.NK.AH.KV1/directives/{id}/report.pdf");
        let cell = send(&router, get(&from_cell, Some(&secretary))).await;
        assert_eq!(cell.status, 200, "{}", cell.body);
        assert!(pdf_text(&cell.bytes, "execution-cell").contains("T/M CHI BỘ"));
        let missing = format!("/units/CT.NK/directives/{}/report.pdf", id + 100);
        assert_eq!(
            send(&router, get(&missing, Some(&cookie))).await.status,
            404
        );
    }
}

#[tokio::test]
async fn a_survey_results_report_shows_reasons_for_small_groups_and_never_their_figures() {
    for site in sites("web_report_files_survey").await {
        let router = site.router();
        let (id, codes) = crate::surveys::campaign(&site, "CT.NK.AH", true, 14).await;
        common::add_cell_members(&site, "CT.NK.AH.KV1", 0, 20).await;
        common::add_cell_members(&site, "CT.NK.AH.KV2", 20, 9).await;
        crate::surveys::answer_in_cells(
            &site,
            &codes,
            &[("CT.NK.AH.KV1", 14), ("CT.NK.AH.KV2", 3)],
        )
        .await;
        let (staff, _) = site.session("staff").await;
        let path = format!("/surveys/campaigns/{id}/results");
        // Not closed: no report, whatever the `{action}` route would say.
        let early = send(&router, get(&format!("{path}.pdf"), Some(&staff))).await;
        assert_ne!(early.status, 200, "{}", early.body);
        crate::surveys::close(&site, id).await;
        let page = send(&router, get(&path, Some(&staff))).await;
        assert!(page.body.contains(&format!("href=\"{path}.pdf\"")));

        let pdf = send(&router, get(&format!("{path}.pdf"), Some(&staff))).await;
        let docx = send(&router, get(&format!("{path}.docx"), Some(&staff))).await;
        both_hold(
            &pdf,
            &docx,
            "survey-report",
            &[
                "ĐẢNG BỘ PHƯỜNG AN HÒA",
                "Kết quả khảo sát «Khảo sát đầu kỳ 2024» tại Đảng bộ phường An Hòa",
                "ít nhất 5 người trả lời",
                "Dân chủ, tự phê bình và phê bình",
                "53,1 %",
                "Ẩn: dưới 10 người trả lời",
                "Ẩn để không suy ra được nhóm bị ẩn",
                "T/M ĐẢNG ỦY",
            ],
        );
        // The rows of the two cells hold reasons only, in every table.
        let rows = docx_rows(&docx.bytes);
        let cells: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r.first().is_some_and(|c| c.starts_with("Chi bộ Khu vực")))
            .collect();
        assert!(cells.len() >= 2, "{rows:?}");
        for row in cells {
            for figure in &row[1..] {
                assert!(
                    figure.starts_with("Ẩn") || !figure.chars().any(|c| c.is_ascii_digit()),
                    "a hidden group's figure: {row:?}"
                );
            }
        }
        // A unit below, as the page's `?unit=`: its reason only.
        let below = send(
            &router,
            get(&format!("{path}.pdf?unit=CT.NK.AH.KV2"), Some(&staff)),
        )
        .await;
        assert_eq!(below.status, 200);
        assert!(pdf_text(&below.bytes, "survey-below").contains("Ẩn: dưới 10 người trả lời"));
        let (viewer, _) = site.session("viewer").await;
        assert_eq!(
            send(&router, get(&format!("{path}.docx"), Some(&viewer)))
                .await
                .status,
            404
        );
    }
}

#[tokio::test]
async fn an_experiments_evaluation_report_names_its_methods_and_no_cell_or_person() {
    for site in sites("web_report_files_experiment").await {
        crate::experiment_pages::pilot_pool(&site, 6).await;
        let design =
            crate::experiment_pages::design("Thí điểm [mô hình] #1 $a$", &[0, 1, 2], &[3, 4, 5]);
        let id = crate::experiment_pages::create(&site, &design, true).await;
        let router = site.router();
        let (researcher, _) = site.session("researcher").await;
        let path = format!("/experiments/{id}/evaluation");
        let page = send(&router, get(&path, Some(&researcher))).await;
        assert!(page.body.contains(&format!("href=\"{path}.pdf\"")));
        let pdf = send(&router, get(&format!("{path}.pdf"), Some(&researcher))).await;
        let docx = send(&router, get(&format!("{path}.docx"), Some(&researcher))).await;
        let text = both_hold(
            &pdf,
            &docx,
            "experiment-report",
            &[
                "Đánh giá kết quả thực nghiệm «Thí điểm [mô hình] #1 $a$»",
                "Thiết kế thực nghiệm",
                "Hiệu lực của thiết kế",
                "Cân bằng giữa hai nhóm",
                "Sai biệt kép (OLS)",
                "CR2",
                "Hiệu ứng nhỏ nhất thiết kế phát hiện được",
                "Cách đọc:",
                "Khoảng tin cậy",
            ],
        );
        // Six cells are few: the page's warning is printed.
        let warning = chibo_i18n::render(
            chibo_i18n::Lang::Vi,
            &chibo_domain::Message::new("experiment-eval-few-clusters").arg("clusters", 6),
        );
        let warning = warning.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(&warning), "{warning:?} missing from: {text}");
        // Cells under pseudonyms only, no person.
        for name in ["Chi bộ Khu vực", "Đảng viên Số", "CT.NK.AH.KV"] {
            assert!(!text.contains(name), "the report names {name}");
            assert!(
                !docx_text(&docx.bytes).contains(name),
                "the DOCX names {name}"
            );
        }
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&docx.bytes[..])).unwrap();
        assert!(
            archive.by_name("word/media/chart2.png").is_ok(),
            "both arms drawn"
        );

        // English for an English reader.
        let english = axum::http::Request::get(format!("{path}.pdf"))
            .header(
                axum::http::header::COOKIE,
                format!("chibo_session={researcher}; chibo_lang=en"),
            )
            .body(axum::body::Body::empty())
            .unwrap();
        let english = send(&router, english).await;
        assert_eq!(english.status, 200);
        let text = pdf_text(&english.bytes, "experiment-en");
        for want in [
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Evaluation of the experiment",
            "Design of the experiment",
        ] {
            assert!(text.contains(want), "{want:?} missing from: {text}");
        }
        let (viewer, _) = site.session("viewer").await;
        assert_eq!(
            send(&router, get(&format!("{path}.pdf"), Some(&viewer)))
                .await
                .status,
            404
        );
    }
}
