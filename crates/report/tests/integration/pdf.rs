use chibo_report::pdf::document_pdf;
use chibo_report::sample::{HOSTILE, minutes};

use crate::{EXPECTED, artifacts, flat, tool};

#[test]
fn the_minutes_pdf_holds_the_vietnamese_text_and_the_hostile_text_literally() {
    let bytes = document_pdf(&minutes(3)).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let file = artifacts().join("minutes-sample.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let path = file.to_str().unwrap();
    let text = flat(&tool("pdftotext", &["-enc", "UTF-8", path, "-"]));
    for expected in EXPECTED {
        assert!(text.contains(expected), "{expected:?} missing from: {text}");
    }
    // Markup-like text is printed as typed, and did not change the page.
    assert!(text.contains(HOSTILE), "{HOSTILE:?} missing from: {text}");
    let info = tool("pdfinfo", &[path]);
    assert!(info.contains("(A4)"), "not A4: {info}");
    let fonts = tool("pdffonts", &[path]);
    assert!(fonts.contains("LiberationSerif"), "{fonts}");
    // Every font is embedded: the file prints the same everywhere.
    for line in fonts.lines().skip(2) {
        assert!(line.contains(" yes "), "font not embedded: {line}");
    }
    // A page image for a person to look at.
    let stem = artifacts().join("minutes-sample");
    tool(
        "pdftoppm",
        &["-r", "70", "-png", path, stem.to_str().unwrap()],
    );
    assert!(artifacts().join("minutes-sample-1.png").exists());
}

#[test]
fn a_long_table_runs_over_pages_with_its_header_repeated_and_pages_numbered() {
    let bytes = document_pdf(&minutes(60)).unwrap();
    let file = artifacts().join("minutes-long.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let path = file.to_str().unwrap();
    let info = tool("pdfinfo", &[path]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(pages >= 3, "{info}");
    for page in 2..=pages {
        let n = page.to_string();
        let text = tool(
            "pdftotext",
            &["-enc", "UTF-8", "-f", &n, "-l", &n, "-layout", path, "-"],
        );
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap();
        assert_eq!(first.trim(), n, "page number atop page {page}");
        if page < pages {
            assert!(
                text.contains("STT") && text.contains("Người thực hiện"),
                "header not repeated on page {page}: {text}"
            );
        }
    }
    // The last row and the signatures are on the last page, nothing cut.
    let all = flat(&tool("pdftotext", &["-enc", "UTF-8", path, "-"]));
    assert!(all.contains("phong trào số 60"));
    assert!(all.contains("T/M CHI BỘ"));
    let stem = artifacts().join("minutes-long");
    tool(
        "pdftoppm",
        &["-r", "50", "-png", path, stem.to_str().unwrap()],
    );
}

#[test]
fn memory_of_the_typesetter_is_emptied_after_each_report() {
    // The same document twice: the second compile starts from an empty
    // cache, so it produces the same bytes (nothing carried over).
    let first = document_pdf(&minutes(2)).unwrap();
    let second = document_pdf(&minutes(2)).unwrap();
    assert_eq!(first, second);
}

#[test]
fn a_chart_is_drawn_in_the_pdf_with_its_caption() {
    let bytes = document_pdf(&chibo_report::sample::with_chart()).unwrap();
    let file = artifacts().join("chart-sample.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let path = file.to_str().unwrap();
    let text = flat(&tool("pdftotext", &["-enc", "UTF-8", path, "-"]));
    assert!(
        text.contains(chibo_report::sample::CHART_CAPTION),
        "caption missing from: {text}"
    );
    for expected in EXPECTED {
        assert!(text.contains(expected), "{expected:?} missing from: {text}");
    }
    let stem = artifacts().join("chart-sample");
    tool(
        "pdftoppm",
        &[
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            path,
            stem.to_str().unwrap(),
        ],
    );
}
