//! CSV: UTF-8 with or without BOM, comma or semicolon separated (Excel in
//! a Vietnamese locale writes semicolons).

use chibo_domain::Message;

use crate::limits::Budget;
use crate::row::column_label;
use crate::{ReadLimits, ReadProblem, Row, Table};

/// Parses CSV bytes into a table, within `limits`.
pub fn parse_csv(file: &str, bytes: &[u8], limits: ReadLimits) -> Result<Table, ReadProblem> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(ReadProblem::file(
            Message::new("err-file-too-large").arg("limit", limits.max_bytes / (1024 * 1024)),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let offset = e.valid_up_to();
        let row = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
        return Err(ReadProblem::at_row(
            row,
            Message::new("err-file-encoding").arg("offset", offset),
        ));
    }
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
    let delimiter = if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut budget = Budget::new(limits);
    let mut record = ::csv::StringRecord::new();
    let mut lines = LineCounter::new(bytes);
    let read = |reader: &mut ::csv::Reader<&[u8]>,
                record: &mut ::csv::StringRecord,
                lines: &mut LineCounter| {
        reader.read_record(record).map_err(|e| {
            let detail = Message::new("err-file-csv").arg("detail", &e);
            match e.position() {
                Some(p) => ReadProblem::at_row(lines.line_at(p.byte() as usize), detail),
                None => ReadProblem::file(detail),
            }
        })
    };
    if !read(&mut reader, &mut record, &mut lines)? {
        return Err(ReadProblem::file(Message::new("err-file-empty")));
    }
    check_record(&budget, 1, &record, &[])?;
    let headers: Vec<String> = record.iter().map(|h| h.trim().to_owned()).collect();
    budget.take_cells(1, headers.len(), headers.iter().map(String::len).sum())?;
    let mut rows = Vec::new();
    while read(&mut reader, &mut record, &mut lines)? {
        budget.tick()?;
        let number = record
            .position()
            .map_or(rows.len() + 2, |p| lines.line_at(p.byte() as usize));
        check_record(&budget, number, &record, &headers)?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        budget.take_row(number, record.len(), record.as_slice().len())?;
        // An apostrophe our own export put before a formula-shaped cell
        // goes, so that an export imports back unchanged.
        rows.push(Row::new(number, record.iter().map(crate::formula::restore)));
    }
    budget.check_time()?;
    Ok(Table {
        file: file.to_owned(),
        headers,
        rows,
    })
}

/// The line a record starts on, as a spreadsheet numbers its rows.
///
/// The csv crate's own line count lags behind on CRLF files (Excel's and
/// our own exports), so lines are counted here from the record's byte
/// offset: `\n`, `\r\n` and a lone `\r` each end a line. Offsets only grow,
/// so the count carries on from the previous record and stays linear.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, offset: usize) -> usize {
        let mut offset = offset.min(self.bytes.len());
        // A record never starts with a line end (blank lines are skipped),
        // but its reported offset may sit on the previous line's end.
        while matches!(self.bytes.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        if offset < self.offset {
            return self.line;
        }
        for (i, byte) in self.bytes[self.offset..offset].iter().enumerate() {
            let next = self.bytes.get(self.offset + i + 1);
            if *byte == b'\n' || (*byte == b'\r' && next != Some(&b'\n')) {
                self.line += 1;
            }
        }
        self.offset = offset;
        self.line
    }
}

fn check_record(
    budget: &Budget,
    number: usize,
    record: &::csv::StringRecord,
    headers: &[String],
) -> Result<(), ReadProblem> {
    if record.len() > budget.limits.max_columns {
        budget.check_column(number, record.len() - 1)?;
    }
    for (index, cell) in record.iter().enumerate() {
        if cell.len() > budget.limits.max_cell_chars {
            budget.check_cell(number, &column_label(headers, index), cell)?;
        }
    }
    Ok(())
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
        let problem = parse_csv("m.csv", bytes, ReadLimits::default()).unwrap_err();
        assert_eq!(problem.message.id, "err-file-encoding");
        assert_eq!(problem.row, Some(3));
    }

    #[test]
    fn row_limit() {
        let limits = ReadLimits {
            max_rows: 2,
            ..ReadLimits::default()
        };
        let problem = parse_csv("m.csv", b"a\n1\n2\n3\n", limits).unwrap_err();
        assert_eq!(problem.message.id, "err-too-many-rows");
    }

    #[test]
    fn a_row_of_a_million_separators_is_refused_with_its_row() {
        let mut bytes = b"a,b\n1,2\n".to_vec();
        bytes.extend(std::iter::repeat_n(b',', 1_000_000));
        let problem = parse_csv("m.csv", &bytes, ReadLimits::upload(32 << 20)).unwrap_err();
        assert_eq!(problem.message.id, "err-file-too-many-columns");
        assert_eq!(problem.row, Some(3));
    }

    #[test]
    fn an_overlong_cell_is_refused_under_its_header() {
        let mut bytes = b"ma,ten\n1,".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', 40_000));
        let problem = parse_csv("m.csv", &bytes, ReadLimits::default()).unwrap_err();
        assert_eq!(problem.message.id, "err-file-cell-too-long");
        assert_eq!(
            (problem.row, problem.column.as_deref()),
            (Some(2), Some("ten"))
        );
    }

    #[test]
    fn rows_are_numbered_by_line_whatever_the_line_ends() {
        for end in ["\n", "\r\n", "\r"] {
            let text = ["a,b", "x,y", "z,w", "", "q,\"m\nn\"", "r,s", ""].join(end);
            let table = parse_csv("a.csv", text.as_bytes(), ReadLimits::default()).unwrap();
            let numbers: Vec<usize> = table.rows.iter().map(|r| r.number).collect();
            assert_eq!(numbers, vec![2, 3, 5, 7], "line end {end:?}");
        }
    }

    #[test]
    fn a_broken_crlf_row_is_named_by_its_line() {
        let problem = parse_csv(
            "m.csv",
            b"code,name\r\nA,ok\r\nB,\xC0bad\r\n",
            ReadLimits::default(),
        )
        .unwrap_err();
        assert_eq!(problem.row, Some(3));
    }
}
