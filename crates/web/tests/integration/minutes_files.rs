//! The minutes as files from the meeting page: a held meeting's PDF and
//! DOCX hold what the page shows (names, counts, the hostile text as
//! typed), a meeting not yet held is refused with a message saying so,
//! and the printed page has the party's layout and nothing of the form.

use std::io::Read as _;
use std::process::Command;

use crate::common;
use common::{get, held_meeting_fields, meeting_id, post_fields, send, sites};

const CELL: &str = "CT.NK.AH.KV1";
const HOSTILE: &str = "#set page(width: 1cm) [x] $y$ <w:t>&amp; *_`";

/// The text pdftotext (poppler-utils) reads from `pdf`, whitespace collapsed.
pub(crate) fn pdf_text(pdf: &[u8], name: &str) -> String {
    let path = std::env::temp_dir().join(format!("chibo-{name}-{}.pdf", std::process::id()));
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
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

/// The text of every `<w:t>` of the DOCX's body, XML entities decoded.
pub(crate) fn docx_text(docx: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut text = String::new();
    for piece in xml.split("<w:t xml:space=\"preserve\">").skip(1) {
        let run = piece.split("</w:t>").next().unwrap();
        text.push_str(
            &run.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        );
        text.push(' ');
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn a_held_meetings_minutes_download_as_pdf_and_docx_with_the_same_text() {
    for site in sites("web_minutes_files").await {
        let router = site.router();
        let (cookie, csrf) = site.session("secretary").await;
        let cookie = Some(cookie.as_str());
        let mut fields = held_meeting_fields(&csrf, "03/06/2024", &["DV000001"]);
        fields.extend(
            [
                ("att.DV000002", "absent_excused"),
                ("reason.DV000002", "Đi học tập trung"),
                ("chair", "DV000001"),
                ("recorder", "DV000001"),
                ("speaker.1", "DV000001"),
                ("gist.1", HOSTILE),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned())),
        );
        let answer = send(
            &router,
            post_fields(&format!("/units/{CELL}/meetings/new"), cookie, &fields),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let id = meeting_id(answer.location());

        let (viewer, _) = site.session("viewer").await;
        let pdf = send(
            &router,
            get(&format!("/meetings/{id}/minutes.pdf"), Some(&viewer)),
        )
        .await;
        assert_eq!(pdf.status, 200, "{}", pdf.body);
        assert_eq!(pdf.headers["content-type"], "application/pdf");
        assert!(
            pdf.headers["content-disposition"]
                .to_str()
                .unwrap()
                .contains("2024-06-03.pdf")
        );
        let docx = send(
            &router,
            get(&format!("/meetings/{id}/minutes.docx"), Some(&viewer)),
        )
        .await;
        assert_eq!(docx.status, 200, "{}", docx.body);
        let expected = [
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "CHI BỘ KHU VỰC 1",
            "Nhà văn hóa khu vực, ngày 03 tháng 06 năm 2024",
            "BIÊN BẢN SINH HOẠT CHI BỘ",
            "Nguyễn Thị Ngọc Anh",
            "Trần Văn Bình — Vắng có lý do: Đi học tập trung",
            "Có mặt: 1/2 đảng viên",
            "chính thức:",
            "T/M CHI BỘ",
            HOSTILE,
        ];
        let from_pdf = pdf_text(&pdf.bytes, "minutes");
        let from_docx = docx_text(&docx.bytes);
        for text in expected {
            assert!(
                from_pdf.contains(text),
                "{text:?} missing from the PDF: {from_pdf}"
            );
            assert!(
                from_docx.contains(text),
                "{text:?} missing from the DOCX: {from_docx}"
            );
        }

        // The printed page: the same letterhead and closing, no form hint.
        let page = send(
            &router,
            get(&format!("/meetings/{id}/minutes"), Some(&viewer)),
        )
        .await;
        assert_eq!(page.status, 200);
        for text in [
            "ĐẢNG BỘ",
            "<p>*</p>",
            "Nhà văn hóa khu vực, ngày 03 tháng 06 năm 2024",
            "T/M CHI BỘ",
            "Tự đánh giá, xếp loại buổi sinh hoạt",
            "Buổi sinh hoạt kết thúc lúc 21:15 cùng ngày.",
            &format!("/meetings/{id}/minutes.pdf"),
            "#set page(width: 1cm) [x] $y$ ",
        ] {
            assert!(page.body.contains(text), "{text:?} missing from the page");
        }
        assert!(!page.body.contains("mỗi dòng một nội dung"));
        // The typed element is escaped text on the page, never markup.
        assert!(!page.body.contains("<w:t>"));
    }
}

#[tokio::test]
async fn a_meeting_not_yet_held_has_no_minutes_file() {
    for site in sites("web_minutes_files_planned").await {
        let router = site.router();
        let (cookie, csrf) = site.session("secretary").await;
        let cookie = Some(cookie.as_str());
        let fields: Vec<(String, String)> = [
            ("csrf", csrf.as_str()),
            ("kind", "regular"),
            ("status", "planned"),
            ("planned_on", "05/07/2024"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let answer = send(
            &router,
            post_fields(&format!("/units/{CELL}/meetings/new"), cookie, &fields),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let id = meeting_id(answer.location());
        for format in ["pdf", "docx"] {
            let file = send(
                &router,
                get(&format!("/meetings/{id}/minutes.{format}"), cookie),
            )
            .await;
            assert_eq!(file.status, 422, "{format}");
            assert!(file.body.contains("chưa diễn ra"), "{}", file.body);
        }
        let page = send(&router, get(&format!("/meetings/{id}/minutes"), cookie)).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("chưa diễn ra"));
        assert!(!page.body.contains("minutes.pdf"));
    }
}
