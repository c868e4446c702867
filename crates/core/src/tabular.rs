//! Reading a CSV or XLSX file into rows of text, with every problem located.
//!
//! The whole file is read before anything is checked or written, within a
//! size and row limit, so a bad file is reported in full and never half-applied.

use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use chibo_domain::Message;

use crate::Problem;

#[derive(Debug, Clone, Copy)]
pub struct ReadLimits {
    pub max_bytes: u64,
    pub max_rows: usize,
}

impl Default for ReadLimits {
    fn default() -> Self {
        Self {
            max_bytes: 512 * 1024 * 1024,
            max_rows: 5_000_000,
        }
    }
}

/// One row of a file. The cells are kept in one string with their end
/// offsets: a million-row file would otherwise hold eight million small
/// strings, which on an office PC is the difference between fitting and not.
#[derive(Debug, Clone)]
pub struct Row {
    /// As a spreadsheet numbers it: the header is row 1.
    pub number: usize,
    text: String,
    ends: Vec<u32>,
}

impl Row {
    pub fn new<S: AsRef<str>>(number: usize, cells: impl IntoIterator<Item = S>) -> Row {
        let mut text = String::new();
        let mut ends = Vec::new();
        for cell in cells {
            text.push_str(cell.as_ref());
            ends.push(text.len() as u32);
        }
        text.shrink_to_fit();
        Row { number, text, ends }
    }

    /// The cell in column `index`, if the row is that wide.
    pub fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = if index == 0 {
            0
        } else {
            self.ends[index - 1] as usize
        };
        Some(&self.text[start..end])
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    /// The file name shown in messages.
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

fn file_problem(file: &str, message: Message) -> Vec<Problem> {
    vec![Problem::in_file(file, None, None, message)]
}

/// Reads `path` as CSV or XLSX by its extension.
pub fn read_table(path: &Path, limits: ReadLimits) -> Result<Table, Vec<Problem>> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let size = std::fs::metadata(path)
        .map_err(|e| file_problem(&file, Message::new("err-file-read").arg("detail", e)))?
        .len();
    if size > limits.max_bytes {
        return Err(file_problem(
            &file,
            Message::new("err-file-too-large").arg("limit", limits.max_bytes / (1024 * 1024)),
        ));
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path)
                .map_err(|e| file_problem(&file, Message::new("err-file-read").arg("detail", e)))?;
            parse_csv(&file, &bytes, limits)
        }
        "xlsx" => {
            let workbook = calamine::open_workbook(path)
                .map_err(|e: calamine::XlsxError| xlsx_problem(&file, e.to_string()))?;
            read_xlsx(&file, workbook, limits)
        }
        other => Err(file_problem(
            &file,
            Message::new("err-file-format").arg("ext", other),
        )),
    }
}

/// Reads an uploaded file held in memory, as CSV or XLSX by the extension
/// of its name.
pub fn parse_upload(file: &str, bytes: Vec<u8>, limits: ReadLimits) -> Result<Table, Vec<Problem>> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(file_problem(
            file,
            Message::new("err-file-too-large").arg("limit", limits.max_bytes / (1024 * 1024)),
        ));
    }
    let extension = Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "txt" => parse_csv(file, &bytes, limits),
        "xlsx" => {
            let workbook = Xlsx::new(std::io::Cursor::new(bytes))
                .map_err(|e| xlsx_problem(file, e.to_string()))?;
            read_xlsx(file, workbook, limits)
        }
        other => Err(file_problem(
            file,
            Message::new("err-file-format").arg("ext", other),
        )),
    }
}

fn xlsx_problem(file: &str, detail: String) -> Vec<Problem> {
    file_problem(file, Message::new("err-file-xlsx").arg("detail", detail))
}

/// Parses CSV bytes: UTF-8 with or without BOM, comma or semicolon separated
/// (Excel in a Vietnamese locale writes semicolons).
pub fn parse_csv(file: &str, bytes: &[u8], limits: ReadLimits) -> Result<Table, Vec<Problem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let offset = e.valid_up_to();
        let row = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
        return Err(vec![Problem::in_file(
            file,
            Some(row),
            None,
            Message::new("err-file-encoding").arg("offset", offset),
        )]);
    }
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
    let delimiter = if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(record)) => record.iter().map(|h| h.trim().to_owned()).collect(),
        Some(Err(e)) => {
            return Err(file_problem(
                file,
                Message::new("err-file-csv").arg("detail", e),
            ));
        }
        None => return Err(file_problem(file, Message::new("err-file-empty"))),
    };
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| {
            let row = e.position().map(|p| p.line() as usize);
            vec![Problem::in_file(
                file,
                row,
                None,
                Message::new("err-file-csv").arg("detail", e),
            )]
        })?;
        if rows.len() >= limits.max_rows {
            return Err(file_problem(
                file,
                Message::new("err-too-many-rows").arg("limit", limits.max_rows),
            ));
        }
        let number = record
            .position()
            .map_or(rows.len() + 2, |p| p.line() as usize);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // An apostrophe our own export put before a formula-shaped cell
        // goes, so that an export imports back unchanged.
        rows.push(Row::new(
            number,
            record.iter().map(crate::csv_cell::restore),
        ));
    }
    Ok(Table {
        file: file.to_owned(),
        headers,
        rows,
    })
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|d| d.date().format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

fn read_xlsx<R: std::io::Read + std::io::Seek>(
    file: &str,
    mut workbook: Xlsx<R>,
    limits: ReadLimits,
) -> Result<Table, Vec<Problem>> {
    let xlsx_problem = |detail: String| xlsx_problem(file, detail);
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| xlsx_problem("no worksheet".into()))?
        .map_err(|e| xlsx_problem(e.to_string()))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let mut lines = range.rows();
    let headers: Vec<String> = match lines.next() {
        Some(cells) => cells
            .iter()
            .map(|c| cell_text(c).trim().to_owned())
            .collect(),
        None => return Err(file_problem(file, Message::new("err-file-empty"))),
    };
    let mut rows = Vec::new();
    for (index, cells) in lines.enumerate() {
        if rows.len() >= limits.max_rows {
            return Err(file_problem(
                file,
                Message::new("err-too-many-rows").arg("limit", limits.max_rows),
            ));
        }
        let cells: Vec<String> = cells.iter().map(cell_text).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(Row::new(first_row + index + 2, cells));
    }
    Ok(Table {
        file: file.to_owned(),
        headers,
        rows,
    })
}

/// Folds a header for matching: lower case, no tone marks, `_` for spaces.
pub fn fold_header(header: &str) -> String {
    chibo_domain::text::fold_for_search(header.trim())
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_semicolons() {
        let table = parse_csv(
            "a.csv",
            "\u{feff}ma;ten\nX;Chi bộ 1\n\n".as_bytes(),
            ReadLimits::default(),
        )
        .unwrap();
        assert_eq!(table.headers, vec!["ma", "ten"]);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].number, 2);
        assert_eq!(table.rows[0].get(1), Some("Chi bộ 1"));
        assert_eq!(table.rows[0].get(0), Some("X"));
        assert_eq!(table.rows[0].get(2), None);
    }

    #[test]
    fn invalid_utf8_names_the_row() {
        let bytes = b"code,name\nA,ok\nB,\xC0bad\n";
        let problems = parse_csv("m.csv", bytes, ReadLimits::default()).unwrap_err();
        assert_eq!(problems[0].message.id, "err-file-encoding");
        assert_eq!(problems[0].location.as_ref().unwrap().row, Some(3));
    }

    #[test]
    fn row_limit() {
        let limits = ReadLimits {
            max_bytes: 1 << 20,
            max_rows: 2,
        };
        let problems = parse_csv("m.csv", b"a\n1\n2\n3\n", limits).unwrap_err();
        assert_eq!(problems[0].message.id, "err-too-many-rows");
    }

    #[test]
    fn headers_fold_vietnamese() {
        assert_eq!(fold_header(" Mã cấp trên "), "ma_cap_tren");
        assert_eq!(fold_header("Họ và tên"), "ho_va_ten");
    }
}
