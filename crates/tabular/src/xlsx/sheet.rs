//! The first worksheet, streamed: rows and cells as they come, nothing
//! allocated from what the sheet claims (its `<dimension>` is ignored).

use std::io::BufRead;

use chibo_domain::Message;
use chrono::{Duration, NaiveDate};
use quick_xml::events::Event;

use super::cell_ref;
use super::part::StopFlag;
use super::shared_strings::SharedStrings;
use super::xml::{Events, attribute, push_reference, trim_unpreserved, unescape_excel};
use crate::limits::Budget;
use crate::row::column_label;
use crate::{ReadProblem, Row, Table};

/// What the cells need to be read as text.
pub(crate) struct Context<'a> {
    pub file: &'a str,
    pub shared: &'a SharedStrings,
    pub date_styles: &'a [bool],
    pub date_1904: bool,
}

/// The cell being read.
struct Cell {
    column: usize,
    kind: String,
    style: usize,
    value: String,
}

/// Where the reader stands inside a cell.
#[derive(PartialEq)]
enum Inside {
    Nothing,
    Value,
    InlineText { preserve: bool },
}

pub(crate) fn read<B: BufRead>(
    reader: B,
    part: &str,
    stop: &StopFlag,
    budget: &mut Budget,
    context: &Context<'_>,
) -> Result<Table, ReadProblem> {
    let mut events = Events::new(reader, part, stop);
    let mut headers: Option<Vec<String>> = None;
    let mut rows: Vec<Row> = Vec::new();
    // Columns before the first one used anywhere are dropped at the end,
    // as a spreadsheet's used range starts at its first used column.
    let mut first_column = usize::MAX;
    let mut row_number = 0usize;
    let mut cells: Vec<(usize, String)> = Vec::new();
    let mut cell: Option<Cell> = None;
    let mut inside = Inside::Nothing;
    let mut piece = String::new();
    let mut phonetic = false;
    // Characters taken into the current cell, checked as they come so that
    // a cell made of many small pieces is refused as early as a long one.
    let mut cell_chars = 0usize;
    loop {
        let event = events.next(budget, Some(row_number.max(1)))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                match e.local_name().as_ref() {
                    "row" => {
                        row_number = match attribute(&e, "r") {
                            Some(r) => cell_ref::parse_row(&r)
                                .ok_or_else(|| reference_problem(row_number + 1, &r))?,
                            None => row_number + 1,
                        };
                        cells.clear();
                        if empty {
                            finish_row(&mut headers, &mut rows, &mut cells, row_number, budget)?;
                        }
                    }
                    "c" => {
                        let column = match attribute(&e, "r") {
                            Some(r) => {
                                cell_ref::parse(&r)
                                    .ok_or_else(|| reference_problem(row_number, &r))?
                                    .0
                            }
                            None => cells.last().map_or(0, |(c, _)| c + 1),
                        };
                        // A cell without a value (formatting only) is skipped
                        // wherever it stands.
                        if !empty {
                            cell_chars = 0;
                            cell = Some(Cell {
                                column,
                                kind: attribute(&e, "t").unwrap_or_default(),
                                style: attribute(&e, "s").and_then(|s| s.parse().ok()).unwrap_or(0),
                                value: String::new(),
                            });
                        }
                    }
                    "v" if cell.is_some() && !empty => inside = Inside::Value,
                    "rPh" if !empty => phonetic = true,
                    "t" if cell.is_some() && !phonetic && !empty => {
                        let preserve = attribute(&e, "space").as_deref() == Some("preserve");
                        inside = Inside::InlineText { preserve };
                        piece.clear();
                    }
                    _ => {}
                }
            }
            Event::Text(t) if inside != Inside::Nothing => {
                cell_chars += take_text(&inside, &mut piece, &mut cell, &t.xml10_content());
            }
            Event::CData(t) if inside != Inside::Nothing => {
                cell_chars += take_text(&inside, &mut piece, &mut cell, &t.xml10_content());
            }
            Event::GeneralRef(r) if inside != Inside::Nothing => {
                let mut resolved = String::new();
                push_reference(&r, &mut resolved)?;
                cell_chars += take_text(&inside, &mut piece, &mut cell, &resolved);
            }
            Event::End(e) => match e.local_name().as_ref() {
                "v" => inside = Inside::Nothing,
                "t" => {
                    if let (Inside::InlineText { preserve }, Some(cell)) = (&inside, cell.as_mut())
                    {
                        cell.value.push_str(trim_unpreserved(&piece, *preserve));
                    }
                    inside = Inside::Nothing;
                }
                "rPh" => phonetic = false,
                "c" => {
                    if let Some(done) = cell.take() {
                        let label =
                            column_label(headers.as_deref().unwrap_or_default(), done.column);
                        budget.check_column(row_number, done.column)?;
                        let text = cell_text(done.kind.as_str(), done.style, &done.value, context)
                            .map_err(|m| ReadProblem::at_cell(row_number, &label, m))?;
                        budget.check_cell(row_number, &label, &text)?;
                        if !text.trim().is_empty() {
                            first_column = first_column.min(done.column);
                        }
                        cells.push((done.column, text));
                    }
                    inside = Inside::Nothing;
                }
                "row" => finish_row(&mut headers, &mut rows, &mut cells, row_number, budget)?,
                "sheetData" => break,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        if let Some(cell) = &cell
            && cell_chars > budget.limits.max_cell_chars
        {
            let label = column_label(headers.as_deref().unwrap_or_default(), cell.column);
            return Err(ReadProblem::at_cell(
                row_number,
                &label,
                Message::new("err-file-cell-too-long").arg("limit", budget.limits.max_cell_chars),
            ));
        }
    }
    budget.check_time()?;
    let Some(mut headers) = headers else {
        return Err(ReadProblem::file(Message::new("err-file-empty")));
    };
    if first_column > 0 && first_column != usize::MAX {
        headers.drain(..first_column.min(headers.len()));
        for row in &mut rows {
            *row = Row::new(row.number, row.cells().skip(first_column));
        }
    }
    Ok(Table {
        file: context.file.to_owned(),
        headers,
        rows,
    })
}

/// Adds text to the value or the inline text being read; returns how many
/// characters it added.
fn take_text(inside: &Inside, piece: &mut String, cell: &mut Option<Cell>, text: &str) -> usize {
    match inside {
        Inside::Value => {
            if let Some(cell) = cell.as_mut() {
                cell.value.push_str(text);
            }
        }
        Inside::InlineText { .. } => piece.push_str(text),
        Inside::Nothing => return 0,
    }
    text.chars().count()
}

fn reference_problem(row: usize, reference: &str) -> ReadProblem {
    let shown: String = reference.chars().take(40).collect();
    ReadProblem::at_row(
        row.clamp(1, cell_ref::LAST_ROW),
        Message::new("err-file-cell-reference").arg("reference", shown),
    )
}

/// Ends a row: the first row with text is the header; later rows with
/// text are data, empty ones are skipped.
fn finish_row(
    headers: &mut Option<Vec<String>>,
    rows: &mut Vec<Row>,
    cells: &mut Vec<(usize, String)>,
    number: usize,
    budget: &mut Budget,
) -> Result<(), ReadProblem> {
    if cells.iter().all(|(_, text)| text.trim().is_empty()) {
        cells.clear();
        return Ok(());
    }
    cells.sort_by_key(|(column, _)| *column);
    cells.dedup_by_key(|(column, _)| *column);
    let width = cells.last().map_or(0, |(column, _)| column + 1);
    let text_len = cells.iter().map(|(_, t)| t.len()).sum();
    let mut padded = vec![""; width];
    for (column, text) in cells.iter() {
        padded[*column] = text.as_str();
    }
    match headers {
        None => {
            budget.take_cells(number, width, text_len)?;
            *headers = Some(padded.iter().map(|h| h.trim().to_owned()).collect());
        }
        Some(_) => {
            budget.take_row(number, width, text_len)?;
            rows.push(Row::new(number, padded));
        }
    }
    cells.clear();
    Ok(())
}

/// The text of a cell as a person sees it: numbers without a spurious
/// `.0`, dates as dd/mm/yyyy, booleans as `true`/`false`.
fn cell_text(
    kind: &str,
    style: usize,
    raw: &str,
    context: &Context<'_>,
) -> Result<String, Message> {
    Ok(match kind {
        "s" => {
            let index = raw.trim().parse::<usize>().ok();
            match index.and_then(|i| context.shared.get(i)) {
                Some(text) => text.to_owned(),
                None => {
                    return Err(Message::new("err-file-shared-string")
                        .arg("index", raw.trim().chars().take(20).collect::<String>())
                        .arg("count", context.shared.len()));
                }
            }
        }
        "inlineStr" | "str" => unescape_excel(raw).into_owned(),
        "b" => match raw.trim() {
            "1" => "true".to_owned(),
            "0" => "false".to_owned(),
            other => other.to_owned(),
        },
        "e" => String::new(),
        "d" => raw.trim().to_owned(),
        _ => number_text(
            raw.trim(),
            context.date_styles.get(style).copied().unwrap_or(false),
            context.date_1904,
        ),
    })
}

fn number_text(raw: &str, is_date: bool, date_1904: bool) -> String {
    let Ok(value) = raw.parse::<f64>() else {
        return raw.to_owned();
    };
    if is_date && let Some(date) = serial_date(value, date_1904) {
        return date.format("%d/%m/%Y").to_string();
    }
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

/// The day of an Excel date serial. The 1900 system counts 29/02/1900,
/// which never was (Lotus 1-2-3's error, kept by Excel).
fn serial_date(value: f64, date_1904: bool) -> Option<NaiveDate> {
    if !value.is_finite() || !(0.0..2_958_466.0).contains(&value) {
        return None;
    }
    let mut days = value.floor() as i64;
    if date_1904 {
        days += 1462;
    }
    if days < 60 {
        days += 1;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_read_as_excel_shows_them() {
        let date = |v, y1904| serial_date(v, y1904).map(|d| d.format("%d/%m/%Y").to_string());
        assert_eq!(date(1.0, false).as_deref(), Some("01/01/1900"));
        assert_eq!(date(61.0, false).as_deref(), Some("01/03/1900"));
        assert_eq!(date(45_658.75, false).as_deref(), Some("01/01/2025"));
        assert_eq!(date(0.0, true).as_deref(), Some("01/01/1904"));
        assert_eq!(date(-1.0, false), None);
        assert_eq!(date(f64::NAN, false), None);
        assert_eq!(date(1e300, false), None);
    }

    #[test]
    fn numbers_lose_only_a_spurious_fraction() {
        assert_eq!(number_text("1985", false, false), "1985");
        assert_eq!(number_text("2.5", false, false), "2.5");
        assert_eq!(number_text("1e20", false, false), "100000000000000000000");
        assert_eq!(number_text("abc", false, false), "abc");
    }
}
