//! Reading real and forged files: what Excel writes reads as a person sees
//! it, and every forged or oversized file is refused with a located problem
//! instead of being believed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic is how a test fails"
)]

use chibo_tabular::{ReadLimits, ReadProblem, Table, read_bytes, read_xlsx_sheets};
use chibo_testkit::hostile::{Part, sheet as package, zip_of};
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn upload_limits() -> ReadLimits {
    ReadLimits::upload(32 * 1024 * 1024)
}

fn refused(bytes: &[u8], limits: ReadLimits) -> ReadProblem {
    read_bytes("hostile.xlsx", bytes, limits).expect_err("a hostile file must be refused")
}

fn cells(table: &Table) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .map(|r| r.cells().map(str::to_owned).collect())
        .collect()
}

#[test]
fn what_excel_writes_reads_as_a_person_sees_it() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    // Data from column B and row 2: the used range starts there.
    sheet.write_string(1, 1, "Mã đảng viên").unwrap();
    sheet.write_string(1, 2, "Họ và tên").unwrap();
    sheet.write_string(1, 3, "Ngày vào Đảng").unwrap();
    sheet.write_string(1, 4, "Năm sinh").unwrap();
    sheet.write_string(2, 1, "DV0001").unwrap();
    sheet.write_string(2, 2, "Nguyễn Thị Ánh  ").unwrap();
    let day = ExcelDateTime::from_ymd(2019, 5, 19).unwrap();
    sheet.write_datetime_with_format(2, 3, &day, &date).unwrap();
    sheet.write_number(2, 4, 1985.0).unwrap();
    // Row 4 left empty; row 5 has text with an XML special character.
    sheet.write_string(4, 1, "DV0002").unwrap();
    sheet.write_string(4, 2, "Trần & Lê <Đức>").unwrap();
    sheet.write_boolean(4, 4, true).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let table = read_bytes("dang_vien.xlsx", &bytes, upload_limits()).unwrap();
    assert_eq!(
        table.headers,
        ["Mã đảng viên", "Họ và tên", "Ngày vào Đảng", "Năm sinh"]
    );
    assert_eq!(
        table.rows.iter().map(|r| r.number).collect::<Vec<_>>(),
        [3, 5]
    );
    assert_eq!(
        cells(&table),
        [
            vec!["DV0001", "Nguyễn Thị Ánh  ", "19/05/2019", "1985"],
            vec!["DV0002", "Trần & Lê <Đức>", "", "true"],
        ]
    );
}

#[test]
fn named_sheets_read_in_the_order_asked_whatever_their_place() {
    let mut workbook = Workbook::new();
    for (name, header, value) in [
        ("Ghi chú", "note", "đọc trước"),
        ("settings", "form_id", "chibo-default"),
        ("Choices", "list_name", "dong_y"),
        ("survey", "type", "select_one dong_y"),
    ] {
        let sheet = workbook.add_worksheet().set_name(name).unwrap();
        sheet.write_string(0, 0, header).unwrap();
        sheet.write_string(1, 0, value).unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let sheets = read_xlsx_sheets(
        "form.xlsx",
        &bytes,
        upload_limits(),
        &["survey", "choices", "settings", "external_choices"],
    )
    .unwrap();
    let read: Vec<(&str, &str, Vec<Vec<String>>)> = sheets
        .iter()
        .map(|(name, table)| (name.as_str(), table.headers[0].as_str(), cells(table)))
        .collect();
    assert_eq!(
        read,
        [
            ("survey", "type", vec![vec!["select_one dong_y".to_owned()]]),
            ("Choices", "list_name", vec![vec!["dong_y".to_owned()]]),
            (
                "settings",
                "form_id",
                vec![vec!["chibo-default".to_owned()]]
            ),
        ]
    );
    // A one-table read still takes the first sheet.
    let first = read_bytes("form.xlsx", &bytes, upload_limits()).unwrap();
    assert_eq!(first.headers, ["note"]);
}

#[test]
fn a_sheet_claiming_the_whole_grid_costs_only_its_cells() {
    // The <dimension> claims A1:XFD1048576; only two cells exist.
    let bytes = package(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>ma</t></is></c></row><row r="2"><c r="A2"><v>7</v></c></row>"#,
        None,
    );
    let table = read_bytes("far.xlsx", &bytes, upload_limits()).unwrap();
    assert_eq!(table.headers, ["ma"]);
    assert_eq!(cells(&table), [vec!["7"]]);
}

#[test]
fn a_value_in_the_last_column_is_refused_with_its_place() {
    let bytes = package(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>ma</t></is></c></row><row r="2"><c r="XFD2"><v>1</v></c></row>"#,
        None,
    );
    let problem = refused(&bytes, upload_limits());
    assert_eq!(problem.message.id, "err-file-too-many-columns");
    assert_eq!(
        (problem.row, problem.column.as_deref()),
        (Some(2), Some("XFD"))
    );
}

#[test]
fn a_formatted_but_empty_far_cell_is_ignored() {
    let bytes = package(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>ma</t></is></c><c r="XFD1" s="1"/></row>"#,
        None,
    );
    let table = read_bytes("styled.xlsx", &bytes, upload_limits()).unwrap();
    assert_eq!(table.headers, ["ma"]);
}

#[test]
fn forged_cell_and_row_references_are_refused_with_their_row() {
    for (sheet, row) in [
        (r#"<row r="3"><c r="ZZZZZ4294967295"><v>1</v></c></row>"#, 3),
        (
            r#"<row r="2"><c r="A18446744073709551616"><v>1</v></c></row>"#,
            2,
        ),
        (r#"<row r="4294967295"><c><v>1</v></c></row>"#, 1),
    ] {
        let problem = refused(&package(sheet, None), ReadLimits::default());
        assert_eq!(problem.message.id, "err-file-cell-reference", "{sheet}");
        assert_eq!(problem.row, Some(row), "{sheet}");
    }
}

#[test]
fn a_shared_string_index_past_the_table_is_refused_at_its_cell() {
    let bytes = package(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>99999999999</v></c></row>"#,
        Some("<si><t>ma</t></si>"),
    );
    let problem = refused(&bytes, upload_limits());
    assert_eq!(problem.message.id, "err-file-shared-string");
    assert_eq!(
        (problem.row, problem.column.as_deref()),
        (Some(2), Some("ma"))
    );
}

#[test]
fn one_huge_inline_string_is_refused_before_it_is_held() {
    // 16 MB of one letter compresses to a few kilobytes (the benchmark of
    // hostile files uses gigabytes; the reader stops at the same point).
    let text = "a".repeat(16 * 1024 * 1024);
    let sheet = format!(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row>"#);
    let bytes = package(&sheet, None);
    assert!(
        bytes.len() < 1024 * 1024,
        "the bomb is small: {}",
        bytes.len()
    );
    let problem = refused(&bytes, upload_limits());
    assert_eq!(problem.message.id, "err-file-cell-too-long");
    assert_eq!(problem.row, Some(1));
}

#[test]
fn a_cell_of_many_small_pieces_is_refused_too() {
    let pieces = "&amp;".repeat(40_000);
    let sheet = format!(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>{pieces}</t></is></c></row>"#);
    let problem = refused(&package(&sheet, None), upload_limits());
    assert_eq!(problem.message.id, "err-file-cell-too-long");
}

#[test]
fn tiny_rows_past_the_limit_are_refused() {
    let mut sheet = String::from(r#"<row r="1"><c t="inlineStr"><is><t>ma</t></is></c></row>"#);
    for row in 2..=300_002 {
        sheet.push_str(&format!(r#"<row r="{row}"><c><v>1</v></c></row>"#));
    }
    let problem = refused(&package(&sheet, None), upload_limits());
    assert_eq!(problem.message.id, "err-too-many-rows");
}

#[test]
fn decompressed_size_is_counted_not_believed() {
    // Whitespace between rows: valid XML, nothing to keep, 40 MB of it
    // against a 32 MB allowance.
    let filler = " ".repeat(1024 * 1024);
    let mut sheet = String::from(r#"<row r="1"><c t="inlineStr"><is><t>ma</t></is></c></row>"#);
    for _ in 0..40 {
        sheet.push_str("<!---->");
        sheet.push_str(&filler);
    }
    let limits = ReadLimits {
        max_uncompressed_bytes: 32 * 1024 * 1024,
        ..upload_limits()
    };
    let problem = refused(&package(&sheet, None), limits);
    assert_eq!(problem.message.id, "err-file-uncompressed-too-large");
}

#[test]
fn shared_strings_are_bounded_by_count_and_bytes() {
    let many = "<si><t>x</t></si>".repeat(20_000);
    let limits = ReadLimits {
        max_cells: 10_000,
        ..upload_limits()
    };
    let problem = refused(&package("", Some(&many)), limits);
    assert_eq!(problem.message.id, "err-file-too-many-cells");
    let long = format!("<si><t>{}</t></si>", "y".repeat(30_000)).repeat(10);
    let limits = ReadLimits {
        max_text_bytes: 100_000,
        ..upload_limits()
    };
    let problem = refused(&package("", Some(&long)), limits);
    assert_eq!(problem.message.id, "err-file-text-too-large");
}

#[test]
fn an_archive_claiming_too_many_parts_is_refused_before_reading_them() {
    let names: Vec<String> = (0..10_001).map(|i| format!("x/{i}")).collect();
    let parts: Vec<Part<'_>> = names.iter().map(|n| Part::plain(n, "")).collect();
    let bytes = zip_of(&parts);
    let problem = refused(&bytes, ReadLimits::default());
    assert_eq!(problem.message.id, "err-file-xlsx-entries");
}

#[test]
fn not_a_workbook_is_a_damaged_file() {
    for bytes in [&b"PK\x03\x04 not really"[..], b"", b"hello"] {
        assert_eq!(
            refused(bytes, ReadLimits::default()).message.id,
            "err-file-xlsx"
        );
    }
    let no_sheet = zip_of(&[Part::plain("xl/workbook.xml", "<workbook/>")]);
    assert_eq!(
        refused(&no_sheet, ReadLimits::default()).message.id,
        "err-file-xlsx"
    );
}

#[test]
fn a_read_past_its_time_limit_stops() {
    let mut sheet = String::new();
    for row in 1..=50_000 {
        sheet.push_str(&format!(r#"<row r="{row}"><c><v>{row}</v></c></row>"#));
    }
    let limits = ReadLimits {
        time_limit: Some(std::time::Duration::ZERO),
        ..ReadLimits::default()
    };
    assert_eq!(
        refused(&package(&sheet, None), limits).message.id,
        "err-file-too-slow"
    );
}

fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        "(Chi bộ|Đảng viên|Nguyễn Văn|Lê Thị|Ánh|Ơn|Ưu) [0-9]{1,3}",
        "[=+@&<>\"'_x0-9A-F]{1,10}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The same rows written as XLSX (by rust_xlsxwriter) and as CSV (with
    /// formula-shaped cells neutralized, as chibo's exports write them) read
    /// back the same: the two readers agree on what a file says.
    #[test]
    fn xlsx_and_csv_of_the_same_rows_read_the_same(
        rows in prop::collection::vec(prop::collection::vec(cell_text(), 3), 1..20)
    ) {
        let headers = ["ma", "ten", "ghi_chu"];
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        let mut csv = csv::Writer::from_writer(Vec::new());
        csv.write_record(headers).unwrap();
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            // A leading non-empty key keeps every row present in both files.
            let key = format!("K{r}");
            let mut record = vec![key.clone()];
            sheet.write_string(r as u32 + 1, 0, &key).unwrap();
            for (c, text) in row.iter().enumerate().skip(1) {
                if !text.is_empty() {
                    sheet.write_string(r as u32 + 1, c as u16, text).unwrap();
                }
                record.push(chibo_tabular::formula::neutralize(text).into_owned());
            }
            csv.write_record(&record).unwrap();
        }
        let xlsx = read_bytes("a.xlsx", &workbook.save_to_buffer().unwrap(), ReadLimits::default()).unwrap();
        let csv = read_bytes("a.csv", &csv.into_inner().unwrap(), ReadLimits::default()).unwrap();
        prop_assert_eq!(&xlsx.headers, &csv.headers);
        let pad = |table: &Table| -> Vec<Vec<String>> {
            table.rows.iter().map(|r| {
                let mut cells: Vec<String> = r.cells().map(str::to_owned).collect();
                cells.resize(3, String::new());
                cells
            }).collect()
        };
        prop_assert_eq!(pad(&xlsx), pad(&csv));
    }
}
