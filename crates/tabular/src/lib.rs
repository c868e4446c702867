//! Reading a CSV or XLSX file into rows of text, with every problem located.
//!
//! The whole file is read before anything is checked or written, so a bad
//! file is reported in full and never half-applied. Nothing a file says
//! about itself is trusted: sizes, dimensions and cell references are
//! checked against [`ReadLimits`] while streaming, so a forged or
//! "bomb" file is refused within bounded memory and time.

mod csv;
pub mod formula;
mod limits;
mod row;
mod xlsx;

use std::io::{Read, Seek};
use std::path::Path;

use chibo_domain::Message;

pub use crate::csv::parse_csv;
pub use limits::{EXCEL_CELL_CHARS, ReadLimits};
pub use row::{Row, Table};

/// Why a file could not be read, and where: the row as a spreadsheet
/// numbers it (the header is row 1) and the column by its header or letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadProblem {
    pub row: Option<usize>,
    pub column: Option<String>,
    pub message: Message,
}

impl ReadProblem {
    pub fn file(message: Message) -> Self {
        ReadProblem {
            row: None,
            column: None,
            message,
        }
    }

    pub fn at_row(row: usize, message: Message) -> Self {
        ReadProblem {
            row: Some(row),
            column: None,
            message,
        }
    }

    pub fn at_cell(row: usize, column: &str, message: Message) -> Self {
        ReadProblem {
            row: Some(row),
            column: Some(column.to_owned()),
            message,
        }
    }
}

/// The spreadsheet's name of the column at `index` (0 → A, 26 → AA).
pub fn column_name(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The file name shown in messages.
pub fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn too_large(limits: &ReadLimits) -> ReadProblem {
    ReadProblem::file(
        Message::new("err-file-too-large").arg("limit", limits.max_bytes / (1024 * 1024)),
    )
}

fn read_problem(error: std::io::Error) -> ReadProblem {
    ReadProblem::file(Message::new("err-file-read").arg("detail", error))
}

/// Reads the file at `path` as CSV or XLSX by its extension.
pub fn read_path(path: &Path, limits: ReadLimits) -> Result<Table, ReadProblem> {
    let file = display_name(path);
    let size = std::fs::metadata(path).map_err(read_problem)?.len();
    if size > limits.max_bytes {
        return Err(too_large(&limits));
    }
    match extension(&file).as_str() {
        "csv" | "txt" => {
            let mut bytes = Vec::new();
            std::fs::File::open(path)
                .and_then(|f| f.take(limits.max_bytes + 1).read_to_end(&mut bytes))
                .map_err(read_problem)?;
            parse_csv(&file, &bytes, limits)
        }
        "xlsx" => {
            let reader = std::io::BufReader::new(std::fs::File::open(path).map_err(read_problem)?);
            read_xlsx(&file, reader, limits)
        }
        other => Err(unknown_format(other)),
    }
}

/// Reads a file held in memory (an upload), as CSV or XLSX by the
/// extension of its name.
pub fn read_bytes(file: &str, bytes: &[u8], limits: ReadLimits) -> Result<Table, ReadProblem> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(too_large(&limits));
    }
    match extension(file).as_str() {
        "csv" | "txt" => parse_csv(file, bytes, limits),
        "xlsx" => read_xlsx(file, std::io::Cursor::new(bytes), limits),
        other => Err(unknown_format(other)),
    }
}

fn unknown_format(extension: &str) -> ReadProblem {
    ReadProblem::file(Message::new("err-file-format").arg("ext", extension))
}

/// Reads the first worksheet of an XLSX workbook.
pub fn read_xlsx<R: Read + Seek>(
    file: &str,
    reader: R,
    limits: ReadLimits,
) -> Result<Table, ReadProblem> {
    xlsx::read(file, reader, limits)
}

/// Reads the worksheets named `names` (in any case) of an XLSX workbook
/// held in memory, in that order, each with its name as spelled in the
/// workbook; a name the workbook lacks is left out. All sheets together
/// stay within `limits`.
pub fn read_xlsx_sheets(
    file: &str,
    bytes: &[u8],
    limits: ReadLimits,
    names: &[&str],
) -> Result<Vec<(String, Table)>, ReadProblem> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(too_large(&limits));
    }
    xlsx::read_named(file, std::io::Cursor::new(bytes), limits, names)
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
    fn columns_are_named_as_a_spreadsheet_names_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16_383), "XFD");
    }

    #[test]
    fn headers_fold_vietnamese() {
        assert_eq!(fold_header(" Mã cấp trên "), "ma_cap_tren");
        assert_eq!(fold_header("Họ và tên"), "ho_va_ten");
    }
}
