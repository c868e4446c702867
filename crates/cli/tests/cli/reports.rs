//! `chibo report …` as a user runs it: a held meeting's minutes written
//! whole as PDF and DOCX, an unknown meeting refused with nothing left on
//! disk; a unit's periodic report and a city's comparison holding the
//! right Vietnamese (pdftotext, python-docx), names that look like markup
//! printed as typed, a batch of one file per sub-unit, a period not in
//! whole months refused.

use std::path::{Path, PathBuf};

use super::{chibo, stdout};

const UNITS: &str = "code,name,kind,sector,parent_code,valid_from
CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018
CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV2,CB #[2]$ <w:t>,subordinate_cell,commune,CT.NK.AH,01/01/2018
";

const MEMBERS: &str = "code,full_name,gender,birth_year,status,cell_code,cell_from
DV1,Nguyễn Thị Ánh,nữ,1975,full,CT.NK.AH.KV1,01/03/2018
DV2,Trần Văn Bình,nam,1960,full,CT.NK.AH.KV1,01/03/2018
DV3,Lê Thị Ửng,nữ,1980,full,CT.NK.AH.KV2,01/03/2018
";

const MEETINGS: &str =
    "cell_code,held_on,kind,starts_at,ends_at,topic,member_code,mark,reason,contribution
CT.NK.AH.KV1,03/04/2024,thường kỳ,19:30,21:00,Sinh hoạt tháng 4,DV1,có mặt,,Ý kiến về kế hoạch
CT.NK.AH.KV1,03/04/2024,thường kỳ,19:30,21:00,Sinh hoạt tháng 4,DV2,vắng có lý do,Ốm,
CT.NK.AH.KV2,05/04/2024,thường kỳ,19:00,20:00,Sinh hoạt tháng 4,DV3,có mặt,,
";

/// A database with a ward, its two cells (one named like markup) and a
/// meeting in each in April 2024; the directory `out` beside it.
fn fixture() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    stdout(chibo(&db).arg("init"));
    for (name, text) in [
        ("units", UNITS),
        ("members", MEMBERS),
        ("meetings", MEETINGS),
    ] {
        let file = dir.path().join(format!("{name}.csv"));
        std::fs::write(&file, text).unwrap();
        stdout(chibo(&db).args(["import", name]).arg(&file));
    }
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    (dir, db, out)
}

fn listed(dir: &Path) -> Vec<String> {
    let mut left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    left
}

#[test]
fn a_held_meetings_minutes_are_written_whole_and_an_unknown_one_is_refused() {
    let (_dir, db, out) = fixture();

    let pdf = out.join("bien-ban.pdf");
    let said = stdout(
        chibo(&db)
            .args(["report", "minutes", "1", "--format", "pdf", "--out"])
            .arg(&pdf),
    );
    assert!(said.contains("bien-ban.pdf"), "{said}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let docx = out.join("bien-ban.docx");
    stdout(
        chibo(&db)
            .args(["report", "minutes", "1", "--format", "docx", "--out"])
            .arg(&docx),
    );
    let bytes = std::fs::read(&docx).unwrap();
    assert!(bytes.starts_with(b"PK"), "a DOCX is a zip");
    assert!(
        bytes.windows(17).any(|w| w == b"word/document.xml"),
        "the DOCX holds its document part"
    );

    let missing = out.join("missing.pdf");
    let output = chibo(&db)
        .args(["report", "minutes", "99", "--out"])
        .arg(&missing)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("Không có buổi sinh hoạt số 99"), "{stderr}");

    assert_eq!(
        listed(&out),
        ["bien-ban.docx", "bien-ban.pdf"],
        "no partial file left"
    );
}

/// Runs a tool the test command installs (poppler-utils, python3-docx).
fn tool(program: &str, args: &[&str]) -> String {
    let output = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed (scripts/test.sh installs it): {e}"));
    assert!(
        output.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Whitespace collapsed, after checking the text came out in NFC.
fn flat(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let nfc: String = text.nfc().collect();
    assert_eq!(nfc, text, "extracted text is not NFC");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn docx_text(file: &Path) -> (String, usize) {
    let script = r#"
import sys, docx
d = docx.Document(sys.argv[1])
print("PICTURES", len(d.inline_shapes))
for t in d.tables:
    for row in t.rows:
        for cell in row.cells:
            print(cell.text)
for p in d.paragraphs:
    print(p.text)
"#;
    let out = tool("/usr/bin/python3", &["-c", script, file.to_str().unwrap()]);
    let pictures = out
        .lines()
        .find_map(|l| l.strip_prefix("PICTURES "))
        .unwrap()
        .parse()
        .unwrap();
    (flat(&out), pictures)
}

/// target/report-artifacts, where page images wait for a person to look.
fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/report-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_units_report_and_a_citys_comparison_hold_the_figures_and_the_names_as_typed() {
    let (_dir, db, out) = fixture();
    let expected = [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG BỘ PHƯỜNG AN HÒA",
        "BÁO CÁO",
        "Kết quả sinh hoạt chi bộ quý II năm 2024",
        "Chi bộ Khu vực 1",
        // A name that looks like markup comes out as typed.
        "CB #[2]$ <w:t>",
        "Cảnh báo và nhiệm vụ quá hạn",
        "T/M ĐẢNG ỦY",
    ];

    let pdf = out.join("unit.pdf");
    let said = stdout(
        chibo(&db)
            .args([
                "report", "unit", "--unit", "CT.NK.AH", "--period", "2024-Q2",
            ])
            .args(["--format", "pdf", "--out"])
            .arg(&pdf),
    );
    assert!(said.contains("unit.pdf"), "{said}");
    let path = pdf.to_str().unwrap();
    let text = flat(&tool("pdftotext", &["-enc", "UTF-8", path, "-"]));
    for want in expected {
        assert!(text.contains(want), "{want:?} missing from: {text}");
    }
    // The meetings came from a file: they count in the indicators (two
    // of three members attended the cells' April meetings).
    assert!(
        text.contains("66,7%"),
        "attendance from the imported meetings: {text}"
    );
    let stem = artifacts().join("unit-report");
    tool(
        "pdftoppm",
        &["-r", "60", "-png", path, stem.to_str().unwrap()],
    );

    let docx = out.join("unit.docx");
    stdout(
        chibo(&db)
            .args([
                "report", "unit", "--unit", "CT.NK.AH", "--period", "2024-Q2",
            ])
            .args(["--format", "docx", "--out"])
            .arg(&docx),
    );
    let (text, pictures) = docx_text(&docx);
    for want in expected {
        assert!(text.contains(want), "{want:?} missing from: {text}");
    }
    assert!(
        pictures >= 2,
        "the charts are pictures in the DOCX: {pictures}"
    );

    let city = out.join("city.pdf");
    stdout(
        chibo(&db)
            .args(["report", "city", "--unit", "CT.NK", "--period", "2024-04"])
            .arg("--out")
            .arg(&city),
    );
    let path = city.to_str().unwrap();
    let text = flat(&tool("pdftotext", &["-enc", "UTF-8", path, "-"]));
    for want in [
        "So sánh chất lượng sinh hoạt chi bộ giữa các đảng bộ trực thuộc",
        "tháng 04 năm 2024",
        "phường An Hòa",
        "T/M BAN THƯỜNG VỤ",
    ] {
        assert!(text.contains(want), "{want:?} missing from: {text}");
    }
    let stem = artifacts().join("city-report");
    tool(
        "pdftoppm",
        &["-r", "60", "-png", path, stem.to_str().unwrap()],
    );

    // One file per sub-unit, named by its code.
    let batch = out.join("batch");
    let said = stdout(
        chibo(&db)
            .args([
                "report", "unit", "--unit", "CT.NK.AH", "--period", "2024-Q2",
            ])
            .args(["--each-child", "--format", "docx", "--out"])
            .arg(&batch),
    );
    assert!(said.contains("2"), "{said}");
    assert_eq!(listed(&batch), ["CT.NK.AH.KV1.docx", "CT.NK.AH.KV2.docx"]);
    let (text, _) = docx_text(&batch.join("CT.NK.AH.KV2.docx"));
    assert!(
        text.contains("CB #[2]$ <W:T>"),
        "the issuer in capitals: {text}"
    );
    assert!(text.contains("T/M CHI BỘ"), "{text}");

    // A period not in whole months is refused, and nothing is written.
    let refused = out.join("refused.pdf");
    let output = chibo(&db)
        .args(["report", "unit", "--unit", "CT.NK.AH"])
        .args(["--period", "05/04/2024-20/05/2024", "--out"])
        .arg(&refused)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("tháng"), "{stderr}");
    assert!(!refused.exists());
    assert_eq!(
        listed(&out),
        ["batch", "city.pdf", "unit.docx", "unit.pdf"],
        "no partial file left"
    );
}

#[test]
fn a_directives_execution_and_an_experiments_evaluation_are_written_as_their_pages_download_them() {
    let (_dir, db, out) = fixture();
    let title = "Kế hoạch #[1] $x$ <w:t>";
    stdout(chibo(&db).args([
        "directive",
        "issue",
        "--issuer",
        "CT.NK.AH",
        "--number",
        "05-KH/ĐU",
        "--date",
        "01/04/2024",
        "--title",
        title,
        "--teach",
        "--deadline",
        "cell_teach_by=30/04/2024",
    ]));
    let pdf = out.join("directive.pdf");
    let said = stdout(
        chibo(&db)
            .args(["report", "directive", "--unit", "CT.NK.AH", "--id", "1"])
            .arg("--out")
            .arg(&pdf),
    );
    assert!(said.contains("directive.pdf"), "{said}");
    let path = pdf.to_str().unwrap();
    let text = flat(&tool("pdftotext", &["-enc", "UTF-8", path, "-"]));
    let docx = out.join("directive.docx");
    stdout(
        chibo(&db)
            .args(["report", "directive", "--unit", "CT.NK.AH", "--id", "1"])
            .args(["--format", "docx", "--out"])
            .arg(&docx),
    );
    let (from_docx, pictures) = docx_text(&docx);
    for want in [
        "ĐẢNG BỘ PHƯỜNG AN HÒA",
        "Kết quả thực hiện Kế hoạch số 05-KH/ĐU",
        title,
        "Tỷ lệ đơn vị đã quán triệt",
        "Đơn vị trễ hạn",
        "T/M ĐẢNG ỦY",
    ] {
        assert!(text.contains(want), "{want:?} missing from: {text}");
        assert!(
            from_docx.contains(want),
            "{want:?} missing from: {from_docx}"
        );
    }
    assert_eq!(pictures, 1, "the stage chart");
    let stem = artifacts().join("execution-cli");
    tool(
        "pdftoppm",
        &["-r", "60", "-png", path, stem.to_str().unwrap()],
    );

    // An experiment of the ward: cells under pseudonyms, methods named.
    stdout(chibo(&db).args([
        "experiment",
        "create",
        "--owner",
        "CT.NK.AH",
        "--name",
        "Thí điểm mô hình",
        "--model",
        "regular-2025@1",
        "--rubric",
        "hd12-2018@1",
        "--pilot",
        "CT.NK.AH.KV1",
        "--comparison",
        "CT.NK.AH.KV2=CT.NK.AH.KV1",
        "--baseline-from",
        "01/01/2024",
        "--baseline-to",
        "31/03/2024",
        "--intervention-from",
        "01/04/2024",
        "--outcomes",
        "attendance",
    ]));
    let evaluation = out.join("experiment.pdf");
    stdout(
        chibo(&db)
            .args(["report", "experiment", "--id", "1", "--out"])
            .arg(&evaluation),
    );
    let text = flat(&tool(
        "pdftotext",
        &["-enc", "UTF-8", evaluation.to_str().unwrap(), "-"],
    ));
    for want in [
        "Đánh giá kết quả thực nghiệm «Thí điểm mô hình»",
        "Hiệu lực của thiết kế",
        "Cân bằng giữa hai nhóm",
        "Phương pháp",
    ] {
        assert!(text.contains(want), "{want:?} missing from: {text}");
    }
    for name in [
        "Chi bộ Khu vực 1",
        "CB #[2]",
        "Nguyễn Thị Ánh",
        "CT.NK.AH.KV",
    ] {
        assert!(!text.contains(name), "the evaluation names {name}: {text}");
    }

    // No such campaign: refused, nothing written.
    let refused = out.join("survey.pdf");
    let output = chibo(&db)
        .args(["report", "survey", "--campaign", "99", "--out"])
        .arg(&refused)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(!refused.exists());
}
