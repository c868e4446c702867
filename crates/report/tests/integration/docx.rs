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

#[test]
fn a_chart_is_a_picture_in_the_docx_with_its_caption() {
    let bytes = document_docx(&chibo_report::sample::with_chart()).unwrap();
    let file = artifacts().join("chart-sample.docx");
    std::fs::write(&file, &bytes).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut png = Vec::new();
    archive
        .by_name("word/media/chart1.png")
        .unwrap()
        .read_to_end(&mut png)
        .unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG image");
    std::fs::write(artifacts().join("chart-sample-docx.png"), &png).unwrap();
    let script = r#"
import sys, docx
d = docx.Document(sys.argv[1])
print("PICTURES", len(d.inline_shapes), d.inline_shapes[0].width.mm)
for p in d.paragraphs:
    print(p.text)
"#;
    let out = tool("/usr/bin/python3", &["-c", script, file.to_str().unwrap()]);
    let pictures: Vec<&str> = out
        .lines()
        .find_map(|l| l.strip_prefix("PICTURES "))
        .unwrap()
        .split(' ')
        .collect();
    assert_eq!(pictures[0], "1", "{out}");
    // As wide as drawn (480 px = 127 mm), within the text's 165 mm.
    let width: f64 = pictures[1].parse().unwrap();
    assert!((width - 127.0).abs() < 1.0, "{width}");
    let text = flat(&out);
    assert!(
        text.contains(chibo_report::sample::CHART_CAPTION),
        "caption missing from: {text}"
    );
}
