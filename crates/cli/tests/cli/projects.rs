//! `chibo project …` with spreadsheets: the register written as CSV and
//! XLSX, a project's workbook written and read back, and a wrong or
//! oversized workbook refused where it is wrong with nothing changed.

use chibo_core::table_export::{Table, TableValue, to_xlsx};

use super::{chibo, stdout};

const PROJECT: &str = r#"{
  "code": "ĐT.CLI.01",
  "title": "Giải pháp nâng cao chất lượng sinh hoạt chi bộ",
  "host_agency": "Ban Tuyên giáo Thành ủy",
  "managing_department": "Sở Khoa học và Công nghệ",
  "planned_start": "2016-12-01",
  "planned_end": "2018-11-30",
  "people": [{"key": "CN", "name": "Chủ nhiệm", "team_role": "lead"}],
  "contents": [
    {"code": "ND1", "title": "Cơ sở lý luận", "planned_from": "12/2016", "planned_to": "06/2017"}
  ],
  "products": [
    {"code": "SP1", "kind": "thematic_report", "title": "Chuyên đề", "content": "ND1"}
  ],
  "budget": [{"code": "KP1", "title": "Chuyên đề", "allocated": 300000000}]
}"#;

fn sheet(title: &str, columns: &[&str], row: &[&str]) -> Table {
    Table {
        title: title.to_owned(),
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        rows: vec![
            row.iter()
                .map(|c| TableValue::Text((*c).to_owned()))
                .collect(),
        ],
    }
}

#[test]
fn a_project_travels_as_spreadsheets_and_a_wrong_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    stdout(chibo(&db).arg("init"));
    let json = dir.path().join("project.json");
    std::fs::write(&json, PROJECT).unwrap();
    stdout(
        chibo(&db)
            .args(["project", "create", "--unit", "CT"])
            .arg(&json),
    );

    let csv = dir.path().join("danh-muc.csv");
    let said = stdout(chibo(&db).args(["project", "register"]).arg(&csv));
    assert!(said.contains("1 đề tài"), "{said}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.contains("Mã đề tài") && text.contains("ĐT.CLI.01"),
        "{text}"
    );
    let xlsx = dir.path().join("danh-muc.xlsx");
    stdout(chibo(&db).args(["project", "register"]).arg(&xlsx));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));

    // Out and back in unchanged.
    let book = dir.path().join("dt.xlsx");
    stdout(
        chibo(&db)
            .args(["project", "workbook", "ĐT.CLI.01"])
            .arg(&book),
    );
    let said = stdout(
        chibo(&db)
            .args(["project", "import-workbook", "ĐT.CLI.01"])
            .arg(&book),
    );
    assert!(
        said.contains("1 nội dung, 1 sản phẩm, 1 dòng kinh phí"),
        "{said}"
    );
    let exported = dir.path().join("before.json");
    stdout(
        chibo(&db)
            .args(["project", "export", "ĐT.CLI.01"])
            .arg(&exported),
    );
    let before = std::fs::read_to_string(&exported).unwrap();

    // A product of an unknown kind: located by sheet, row and column.
    let wrong = dir.path().join("sua.xlsx");
    let bytes = to_xlsx(&[
        sheet(
            "Nội dung",
            &["Mã", "Tên", "Từ tháng", "Đến tháng"],
            &["ND1", "Cơ sở lý luận", "12/2016", "06/2017"],
        ),
        sheet(
            "Sản phẩm",
            &["Mã", "Loại", "Tên"],
            &["SP1", "poster", "Áp phích"],
        ),
        sheet(
            "Kinh phí",
            &["Mã", "Tên", "Được cấp"],
            &["KP1", "Chuyên đề", "300000000"],
        ),
    ])
    .unwrap();
    std::fs::write(&wrong, bytes).unwrap();
    let output = chibo(&db)
        .args(["project", "import-workbook", "ĐT.CLI.01"])
        .arg(&wrong)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("sua.xlsx › Sản phẩm, dòng 2, cột «Loại»") && stderr.contains("poster"),
        "{stderr}"
    );
    // A file over the size limit, whatever it holds.
    let huge = dir.path().join("lon.xlsx");
    std::fs::write(&huge, vec![b'x'; 3 * 1024 * 1024]).unwrap();
    let output = chibo(&db)
        .args(["project", "import-workbook", "ĐT.CLI.01"])
        .arg(&huge)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("lớn quá 2 MB")
    );

    stdout(
        chibo(&db)
            .args(["project", "export", "ĐT.CLI.01"])
            .arg(&exported),
    );
    assert_eq!(std::fs::read_to_string(&exported).unwrap(), before);
}
