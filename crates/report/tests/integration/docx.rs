use std::io::Read as _;

use chibo_report::docx::document_docx;
use chibo_report::sample::{HOSTILE, minutes};

use crate::{EXPECTED, artifacts, flat, tool};

fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_minutes_docx_opens_in_python_docx_with_the_same_text() {
    let bytes = document_docx(&minutes(3)).unwrap();
    let file = artifacts().join("minutes-sample.docx");
    std::fs::write(&file, &bytes).unwrap();
    let script = r#"
import sys, docx
d = docx.Document(sys.argv[1])
s = d.sections[0]
print("PAGE", s.page_width.mm, s.page_height.mm, s.top_margin.mm, s.bottom_margin.mm, s.left_margin.mm, s.right_margin.mm)
for t in d.tables:
    for row in t.rows:
        for cell in row.cells:
            print(cell.text)
for p in d.paragraphs:
    print(p.text)
"#;
    // Debian's Python, where python3-docx is installed.
    let out = tool("/usr/bin/python3", &["-c", script, file.to_str().unwrap()]);
    let text = flat(&out);
    for expected in EXPECTED {
        assert!(text.contains(expected), "{expected:?} missing from: {text}");
    }
    assert!(text.contains(HOSTILE), "{HOSTILE:?} missing from: {text}");
    // A4 with margins 20, 20, 30 and 15 mm.
    let page: Vec<f64> = out
        .lines()
        .find_map(|l| l.strip_prefix("PAGE "))
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let expected = [210.0, 297.0, 20.0, 20.0, 30.0, 15.0];
    for (got, want) in page.iter().zip(expected) {
        assert!((got - want).abs() < 0.1, "{page:?}");
    }
}

#[test]
fn hostile_text_is_escaped_in_the_xml_and_table_headers_repeat() {
    let bytes = document_docx(&minutes(3)).unwrap();
    let xml = part(&bytes, "word/document.xml");
    // The run holds the escaped text: no element of ours came from it.
    assert!(xml.contains("&lt;w:t&gt;&amp;amp;"), "{xml}");
    assert_eq!(xml.matches("<w:tblHeader/>").count(), 1);
    assert!(xml.contains("<w:titlePg/>"));
    assert!(part(&bytes, "word/header1.xml").contains("PAGE"));
}
