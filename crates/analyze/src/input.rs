//! The input table: column lookup and parsing of numbers, booleans and categories.

use std::path::Path;

use chibo_tabular::{ReadLimits, Table, display_name, fold_header, read_path};

use crate::error::AnalyzeError;

/// A table read from `--input`.
pub(crate) struct Data {
    table: Table,
}

/// One column of the table: its header as written and its cells (trimmed, `None` if empty).
pub(crate) struct Column {
    pub name: String,
    pub cells: Vec<Option<String>>,
}

impl Data {
    pub fn load(path: &Path) -> Result<Data, AnalyzeError> {
        let table =
            read_path(path, ReadLimits::default()).map_err(|problem| AnalyzeError::Read {
                file: display_name(path),
                problem,
            })?;
        Ok(Data { table })
    }

    /// A table read elsewhere (an upload, a dataset made in memory).
    pub fn from_table(table: Table) -> Data {
        Data { table }
    }

    pub fn file(&self) -> &str {
        &self.table.file
    }

    pub fn rows(&self) -> usize {
        self.table.rows.len()
    }

    /// Spreadsheet row number of data row `i`.
    pub fn row_number(&self, i: usize) -> usize {
        self.table.rows[i].number
    }

    /// Finds a column by its header: exactly, else ignoring case, tone marks and spacing.
    pub fn column(&self, name: &str) -> Result<Column, AnalyzeError> {
        let headers = &self.table.headers;
        let wanted = name.trim();
        let index = headers
            .iter()
            .position(|h| h == wanted)
            .or_else(|| {
                let folded = fold_header(wanted);
                headers.iter().position(|h| fold_header(h) == folded)
            })
            .ok_or_else(|| AnalyzeError::MissingColumn {
                column: wanted.to_owned(),
                file: self.table.file.clone(),
                available: headers.iter().filter(|h| !h.is_empty()).cloned().collect(),
            })?;
        let cells = self
            .table
            .rows
            .iter()
            .map(|row| {
                row.get(index)
                    .map(|c| c.trim())
                    .filter(|c| !is_missing(c))
                    .map(str::to_owned)
            })
            .collect();
        Ok(Column {
            name: headers[index].clone(),
            cells,
        })
    }

    /// A numeric column: one value per row, `None` where the cell is empty.
    pub fn numeric(&self, name: &str) -> Result<(String, Vec<Option<f64>>), AnalyzeError> {
        let column = self.column(name)?;
        let mut values = Vec::with_capacity(column.cells.len());
        for (i, cell) in column.cells.iter().enumerate() {
            values.push(match cell {
                None => None,
                Some(text) => Some(parse_number(text).ok_or_else(|| AnalyzeError::NotNumber {
                    file: self.table.file.clone(),
                    row: self.row_number(i),
                    column: column.name.clone(),
                    value: text.clone(),
                })?),
            });
        }
        Ok((column.name, values))
    }

    /// A yes/no column: 1/0, true/false, yes/no, có/không (any case).
    pub fn binary(&self, name: &str) -> Result<(String, Vec<Option<bool>>), AnalyzeError> {
        let column = self.column(name)?;
        let mut values = Vec::with_capacity(column.cells.len());
        for (i, cell) in column.cells.iter().enumerate() {
            values.push(match cell {
                None => None,
                Some(text) => Some(parse_binary(text).ok_or_else(|| AnalyzeError::NotBinary {
                    file: self.table.file.clone(),
                    row: self.row_number(i),
                    column: column.name.clone(),
                    value: text.clone(),
                })?),
            });
        }
        Ok((column.name, values))
    }
}

/// Empty cells and the usual "not available" marks are missing values.
fn is_missing(cell: &str) -> bool {
    cell.is_empty() || cell.eq_ignore_ascii_case("na") || cell.eq_ignore_ascii_case("n/a")
}

/// Parses `3.5`, `3,5`, `-2`, `1e-3`; a single comma is a decimal comma. Rejects thousands
/// separators, several separators, infinities and NaN.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let commas = text.matches(',').count();
    let dots = text.matches('.').count();
    let normalized = match (commas, dots) {
        (0, 0 | 1) => text.to_owned(),
        (1, 0) => text.replace(',', "."),
        _ => return None,
    };
    if !normalized
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        return None;
    }
    normalized.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn parse_binary(text: &str) -> Option<bool> {
    let folded = fold_header(text);
    match folded.as_str() {
        "1" | "true" | "yes" | "co" | "x" => Some(true),
        "0" | "false" | "no" | "khong" => Some(false),
        _ => match parse_number(text) {
            Some(1.0) => Some(true),
            Some(0.0) => Some(false),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_comma_or_point() {
        assert_eq!(parse_number("3,5"), Some(3.5));
        assert_eq!(parse_number(" -3.25 "), Some(-3.25));
        assert_eq!(parse_number("1e-3"), Some(0.001));
        assert_eq!(parse_number("1.234,5"), None);
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("NaN"), None);
    }

    #[test]
    fn binaries() {
        assert_eq!(parse_binary("Có"), Some(true));
        assert_eq!(parse_binary("không"), Some(false));
        assert_eq!(parse_binary("1,0"), Some(true));
        assert_eq!(parse_binary("2"), None);
    }
}
