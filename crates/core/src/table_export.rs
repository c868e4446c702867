//! Tables of figures (indicator dashboards, rankings) for download, as CSV
//! or as an Excel workbook.
//!
//! CSV is for machines and Excel alike: UTF-8 with a BOM (Excel needs it to
//! read UTF-8), RFC 4180 quoting, CRLF line ends, numbers with a '.' and no
//! grouping, percentages as numbers from 0 to 100 (the header gains " (%)").
//! XLSX holds real numbers with number formats, percentages as fractions
//! shown with a "0.0%" format, one sheet per table.

use chibo_domain::Message;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::CoreError;
use crate::csv_cell::{CsvWriter, Field};
use crate::export::XLSX_MAX_ROWS;

/// A table to export: a header row, then rows of values.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Names the XLSX sheet (made valid and unique there); not written in
    /// the cells.
    pub title: String,
    pub columns: Vec<String>,
    /// Rows may be shorter or longer than `columns`; missing values are
    /// empty.
    pub rows: Vec<Vec<TableValue>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TableValue {
    Text(String),
    Integer(i64),
    /// A measure shown with `decimals` digits (at most 15).
    Number {
        value: f64,
        decimals: u8,
    },
    /// A percentage from 0 to 100, shown with `decimals` digits (at most 15).
    Percent {
        value: f64,
        decimals: u8,
    },
    Empty,
}

/// The most digits after the decimal point.
const MAX_DECIMALS: u8 = 15;
/// Excel's longest sheet name, in UTF-16 units.
const SHEET_NAME_MAX: usize = 31;

/// `value` with `decimals` digits and a '.', no grouping, no "-0"; empty
/// when not finite.
fn plain_number(value: f64, decimals: u8) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{:.*}", usize::from(decimals.min(MAX_DECIMALS)), value);
    match text.strip_prefix('-') {
        Some(unsigned) if unsigned.chars().all(|c| c == '0' || c == '.') => unsigned.to_owned(),
        _ => text,
    }
}

/// A value that is not text, as CSV holds it: a plain number, or empty.
fn csv_number(value: &TableValue) -> String {
    match value {
        TableValue::Integer(i) => i.to_string(),
        TableValue::Number { value, decimals } | TableValue::Percent { value, decimals } => {
            plain_number(*value, *decimals)
        }
        TableValue::Text(_) | TableValue::Empty => String::new(),
    }
}

/// The table as CSV: UTF-8 with a BOM, a header row, RFC 4180 quoting and
/// CRLF. Every row has as many fields as the widest row or the header.
/// Percent columns (those holding a [`TableValue::Percent`]) hold numbers
/// from 0 to 100 and their header ends in " (%)" unless it has a '%'.
pub fn to_csv(table: &Table) -> Vec<u8> {
    let width = table
        .rows
        .iter()
        .map(Vec::len)
        .chain([table.columns.len()])
        .max()
        .unwrap_or(0);
    let percent_column = |c: usize| {
        table
            .rows
            .iter()
            .any(|row| matches!(row.get(c), Some(TableValue::Percent { .. })))
    };
    let header: Vec<String> = (0..width)
        .map(|c| {
            let name = table.columns.get(c).map_or("", String::as_str);
            if percent_column(c) && !name.contains('%') {
                format!("{name} (%)").trim_start().to_owned()
            } else {
                name.to_owned()
            }
        })
        .collect();
    // Writing to memory cannot fail.
    let write = || -> std::io::Result<Vec<u8>> {
        let mut writer = CsvWriter::new(Vec::new())?;
        writer.text_record(&header)?;
        for row in &table.rows {
            let numbers: Vec<String> = (0..width)
                .map(|c| row.get(c).map_or_else(String::new, csv_number))
                .collect();
            writer.record((0..width).map(|c| match row.get(c) {
                Some(TableValue::Text(text)) => Field::Text(text),
                _ => Field::Number(&numbers[c]),
            }))?;
        }
        writer.finish()
    };
    write().unwrap_or_default()
}

fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
}

/// Cuts `text` to at most `max` UTF-16 units; a letter whose combining marks
/// would be cut goes with them.
fn cut_utf16(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        used += c.len_utf16();
        if used > max {
            if is_combining(c) {
                while let Some(last) = out.pop() {
                    if !is_combining(last) {
                        break;
                    }
                }
            }
            break;
        }
        out.push(c);
    }
    out
}

/// A sheet name Excel accepts: no `[ ] : * ? / \`, no control characters,
/// not starting or ending with an apostrophe, not blank, at most 31 UTF-16
/// units.
fn sheet_base_name(title: &str, index: usize) -> String {
    let replaced: String = title
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' => '-',
            '[' => '(',
            ']' => ')',
            '*' | '?' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let spaced = replaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let tidy = |s: &str| {
        s.trim_matches(|c: char| c == '\'' || c.is_whitespace())
            .to_owned()
    };
    let name = tidy(&cut_utf16(&tidy(&spaced), SHEET_NAME_MAX));
    if name.is_empty() {
        format!("Sheet{}", index + 1)
    } else {
        name
    }
}

/// Valid sheet names for the tables, unique regardless of case: a repeated
/// name gains " (2)", " (3)"… within the 31 units. "History" is reserved.
fn sheet_names(tables: &[Table]) -> Vec<String> {
    let mut used: Vec<String> = vec!["history".to_owned()];
    let mut names = Vec::with_capacity(tables.len());
    for (i, table) in tables.iter().enumerate() {
        let base = sheet_base_name(&table.title, i);
        let mut name = base.clone();
        let mut k = 2;
        while used.contains(&name.to_lowercase()) {
            let suffix = format!(" ({k})");
            let room = SHEET_NAME_MAX - suffix.len();
            let stem = cut_utf16(&base, room);
            let stem = stem.trim_end_matches(|c: char| c == '\'' || c.is_whitespace());
            name = format!("{stem}{suffix}");
            k += 1;
        }
        used.push(name.to_lowercase());
        names.push(name);
    }
    names
}

fn number_format(decimals: u8) -> Format {
    let decimals = usize::from(decimals.min(MAX_DECIMALS));
    if decimals == 0 {
        Format::new().set_num_format("#,##0")
    } else {
        Format::new().set_num_format(format!("#,##0.{}", "0".repeat(decimals)))
    }
}

fn percent_format(decimals: u8) -> Format {
    let decimals = usize::from(decimals.min(MAX_DECIMALS));
    if decimals == 0 {
        Format::new().set_num_format("0%")
    } else {
        Format::new().set_num_format(format!("0.{}%", "0".repeat(decimals)))
    }
}

/// Roughly how many characters a value takes on screen.
fn shown_chars(value: &TableValue) -> usize {
    match value {
        TableValue::Text(text) => text.lines().map(|l| l.chars().count()).max().unwrap_or(0),
        TableValue::Integer(i) => i.to_string().len(),
        TableValue::Number { value, decimals } => {
            let text = plain_number(*value, *decimals);
            text.len() + text.len() / 3
        }
        TableValue::Percent { value, decimals } => plain_number(*value, *decimals).len() + 1,
        TableValue::Empty => 0,
    }
}

/// A column number for rust_xlsxwriter; one beyond Excel's last column
/// makes the write fail with its own error.
fn column_index(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn xlsx_error(what: &str) -> impl Fn(XlsxError) -> CoreError + '_ {
    move |e| CoreError::Io {
        path: what.to_owned(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// The tables as an Excel workbook, one sheet per table named after its
/// title: the header row bold and frozen, numbers as numbers with their
/// decimals, percentages as fractions with a percent format, empty values as
/// empty cells, columns wide enough for their content (within limits).
pub fn to_xlsx(tables: &[Table]) -> Result<Vec<u8>, CoreError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let numbers: Vec<Format> = (0..=MAX_DECIMALS).map(number_format).collect();
    let percents: Vec<Format> = (0..=MAX_DECIMALS).map(percent_format).collect();
    for (table, name) in tables.iter().zip(sheet_names(tables)) {
        if table.rows.len() >= XLSX_MAX_ROWS {
            return Err(CoreError::refused(
                Message::new("err-too-many-rows").arg("limit", XLSX_MAX_ROWS - 1),
            ));
        }
        let error = xlsx_error(&table.title);
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).map_err(&error)?;
        let mut widths: Vec<usize> = Vec::new();
        let mut widen = |c: usize, chars: usize| {
            if widths.len() <= c {
                widths.resize(c + 1, 0);
            }
            widths[c] = widths[c].max(chars);
        };
        for (c, column) in table.columns.iter().enumerate() {
            sheet
                .write_string_with_format(0, column_index(c), column, &bold)
                .map_err(&error)?;
            // Bold text is a little wider.
            widen(c, column.chars().count() + column.chars().count() / 8 + 1);
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, value) in row.iter().enumerate() {
                let col = column_index(c);
                widen(c, shown_chars(value));
                match value {
                    TableValue::Text(text) if !text.is_empty() => {
                        sheet.write_string(r, col, text).map_err(&error)?;
                    }
                    TableValue::Integer(i) => {
                        sheet.write_number(r, col, *i as f64).map_err(&error)?;
                    }
                    TableValue::Number { value, decimals } if value.is_finite() => {
                        let format = &numbers[usize::from((*decimals).min(MAX_DECIMALS))];
                        sheet
                            .write_number_with_format(r, col, *value, format)
                            .map_err(&error)?;
                    }
                    TableValue::Percent { value, decimals } if value.is_finite() => {
                        let format = &percents[usize::from((*decimals).min(MAX_DECIMALS))];
                        sheet
                            .write_number_with_format(r, col, *value / 100.0, format)
                            .map_err(&error)?;
                    }
                    _ => {}
                }
            }
        }
        for (c, chars) in widths.iter().enumerate() {
            let width = (*chars as f64 * 1.1 + 2.0).clamp(8.0, 60.0);
            sheet
                .set_column_width(column_index(c), width)
                .map_err(&error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(&error)?;
    }
    if tables.is_empty() {
        workbook.add_worksheet();
    }
    workbook.save_to_buffer().map_err(xlsx_error("xlsx"))
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

    use super::*;

    const NAME: &str = "Nguy\u{1ec5}n Th\u{1ecb} H\u{1ed3}ng \u{2013} Chi b\u{1ed9} \u{1ea4}p M\u{1ef9} L\u{1ee3}i";

    fn text(s: &str) -> TableValue {
        TableValue::Text(s.to_owned())
    }

    fn sample(title: &str) -> Table {
        Table {
            title: title.to_owned(),
            columns: vec![
                "Chi bộ".to_owned(),
                "Số cuộc họp".to_owned(),
                "Điểm trung bình".to_owned(),
                "Tỷ lệ dự họp".to_owned(),
                "Ghi chú".to_owned(),
            ],
            rows: vec![
                vec![
                    text(NAME),
                    TableValue::Integer(12),
                    TableValue::Number {
                        value: 1234.567,
                        decimals: 2,
                    },
                    TableValue::Percent {
                        value: 91.5,
                        decimals: 1,
                    },
                    text("a, \"b\"\r\nc"),
                ],
                vec![
                    text("Chi bộ 2"),
                    TableValue::Integer(-3),
                    TableValue::Number {
                        value: -0.001,
                        decimals: 1,
                    },
                    TableValue::Empty,
                    text("=1+1"),
                ],
                vec![text("Chi bộ 3")],
            ],
        }
    }

    #[test]
    fn table_export_csv_reads_back() {
        let bytes = to_csv(&sample("Tháng 01/2025"));
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM");
        assert!(bytes.ends_with(b"\r\n"));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[3..]);
        let records: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(
            records[0],
            [
                "Chi bộ",
                "Số cuộc họp",
                "Điểm trung bình",
                "Tỷ lệ dự họp (%)",
                "Ghi chú"
            ]
        );
        assert_eq!(records[1], [NAME, "12", "1234.57", "91.5", "a, \"b\"\r\nc"]);
        assert_eq!(records[2], ["Chi bộ 2", "-3", "0.0", "", "'=1+1"]);
        assert_eq!(records[3], ["Chi bộ 3", "", "", "", ""]);
        // Vietnamese text arrives precomposed (NFC), byte for byte.
        assert_eq!(chibo_domain::text::normalize(&records[1][0]), records[1][0]);
        assert!(records[1][0].contains('\u{1ec5}'));
        assert_eq!(records.len(), 4);
    }

    #[test]
    fn table_export_csv_edge_cases() {
        let table = Table {
            title: String::new(),
            columns: vec!["Tỷ lệ %".to_owned()],
            rows: vec![
                vec![TableValue::Percent {
                    value: f64::NAN,
                    decimals: 1,
                }],
                vec![TableValue::Number {
                    value: 2.0,
                    decimals: 200,
                }],
                vec![text("x"), text("extra")],
            ],
        };
        let csv = String::from_utf8(to_csv(&table)).unwrap();
        assert_eq!(
            csv,
            "\u{feff}Tỷ lệ %,\r\n,\r\n2.000000000000000,\r\nx,extra\r\n"
        );
        let empty = Table {
            title: String::new(),
            columns: Vec::new(),
            rows: Vec::new(),
        };
        assert_eq!(to_csv(&empty), b"\xEF\xBB\xBF\r\n");
    }

    fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        open_workbook_from_rs(Cursor::new(bytes)).unwrap()
    }

    #[test]
    fn table_export_xlsx_reads_back() {
        let bytes = to_xlsx(&[sample("Tháng 01/2025"), sample("Xếp hạng")]).unwrap();
        let mut workbook = open(bytes);
        assert_eq!(workbook.sheet_names(), ["Tháng 01-2025", "Xếp hạng"]);
        let range = workbook.worksheet_range("Tháng 01-2025").unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0, 0), Data::String("Chi bộ".to_owned()));
        assert_eq!(cell(0, 3), Data::String("Tỷ lệ dự họp".to_owned()));
        assert_eq!(cell(1, 0), Data::String(NAME.to_owned()));
        assert_eq!(cell(1, 1), Data::Float(12.0));
        assert_eq!(cell(1, 2), Data::Float(1234.567));
        // Percentages are fractions (shown with a percent format).
        assert_eq!(cell(1, 3), Data::Float(0.915));
        assert_eq!(cell(1, 4), Data::String("a, \"b\"\r\nc".to_owned()));
        assert_eq!(cell(2, 1), Data::Float(-3.0));
        assert_eq!(cell(2, 3), Data::Empty);
        // Text stays text in a workbook: no apostrophe needed.
        assert_eq!(cell(2, 4), Data::String("=1+1".to_owned()));
        assert_eq!(cell(3, 1), Data::Empty);
        assert_eq!(range.height(), 4);
    }

    #[test]
    fn table_export_xlsx_sheet_names_are_valid_and_unique() {
        let long = "Tỷ lệ đảng viên dự sinh hoạt chi bộ định kỳ theo tháng năm 2025";
        let titles = [
            long,
            long,
            "Xếp hạng",
            "XẾP HẠNG",
            "[Báo cáo]: 01/2025 * ?",
            "",
            "'Trích'",
            "History",
            "Xếp hạng",
        ];
        let tables: Vec<Table> = titles.iter().map(|t| sample(t)).collect();
        let names = sheet_names(&tables);
        assert_eq!(
            names,
            [
                "Tỷ lệ đảng viên dự sinh hoạt ch",
                "Tỷ lệ đảng viên dự sinh hoạ (2)",
                "Xếp hạng",
                "XẾP HẠNG (2)",
                "(Báo cáo)- 01-2025 _ _",
                "Sheet6",
                "Trích",
                "History (2)",
                "Xếp hạng (3)",
            ]
        );
        for name in &names {
            assert!(name.encode_utf16().count() <= 31, "{name}");
            assert!(!name.contains(['[', ']', ':', '*', '?', '/', '\\']));
        }
        let bytes = to_xlsx(&tables).unwrap();
        assert_eq!(open(bytes).sheet_names(), names);
    }

    #[test]
    fn table_export_xlsx_of_nothing_is_a_workbook() {
        let bytes = to_xlsx(&[]).unwrap();
        assert_eq!(open(bytes).sheet_names().len(), 1);
    }
}
