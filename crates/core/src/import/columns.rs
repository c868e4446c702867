//! Matching a file's header row to the columns an import knows.

use std::collections::HashMap;

use chibo_domain::Message;

use crate::Problem;
use crate::tabular::{Row, Table, fold_header};

/// A column an import reads: its English key and Vietnamese aliases
/// (written without tone marks; headers are folded before matching).
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    pub key: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// Where each known column sits in a file.
#[derive(Debug, Clone)]
pub struct Columns {
    file: String,
    index: HashMap<&'static str, usize>,
    headers: Vec<String>,
}

impl Columns {
    pub fn map(table: &Table, specs: &[ColumnSpec]) -> Result<Columns, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut index: HashMap<&'static str, usize> = HashMap::new();
        for (position, header) in table.headers.iter().enumerate() {
            let folded = fold_header(header);
            let spec = specs
                .iter()
                .find(|s| s.key == folded || s.aliases.contains(&folded.as_str()));
            match spec {
                Some(spec) if index.contains_key(spec.key) => problems.push(Problem::in_file(
                    &table.file,
                    Some(1),
                    Some(header),
                    Message::new("err-duplicate-column").arg("column", header),
                )),
                Some(spec) => {
                    index.insert(spec.key, position);
                }
                None if header.is_empty() => {}
                None => problems.push(Problem::in_file(
                    &table.file,
                    Some(1),
                    Some(header),
                    Message::new("err-unknown-column").arg("column", header),
                )),
            }
        }
        for spec in specs
            .iter()
            .filter(|s| s.required && !index.contains_key(s.key))
        {
            problems.push(Problem::in_file(
                &table.file,
                Some(1),
                None,
                Message::new("err-missing-column")
                    .arg("column", spec.key)
                    .arg("alias", spec.aliases.first().copied().unwrap_or(spec.key)),
            ));
        }
        if problems.is_empty() {
            Ok(Columns {
                file: table.file.clone(),
                index,
                headers: table.headers.clone(),
            })
        } else {
            Err(problems)
        }
    }

    /// The trimmed value of `key` in `row`; empty when the column is absent.
    pub fn get<'a>(&self, row: &'a Row, key: &str) -> &'a str {
        self.index
            .get(key)
            .and_then(|i| row.get(*i))
            .map_or("", |v| v.trim())
    }

    pub fn has(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// The header as the file wrote it, for messages.
    pub fn header(&self, key: &str) -> Option<&str> {
        self.index.get(key).map(|i| self.headers[*i].as_str())
    }

    pub fn problem(&self, row: usize, key: &str, message: Message) -> Problem {
        Problem::in_file(
            &self.file,
            Some(row),
            Some(self.header(key).unwrap_or(key)),
            message,
        )
    }

    pub fn row_problem(&self, row: usize, message: Message) -> Problem {
        Problem::in_file(&self.file, Some(row), None, message)
    }
}

/// Collects the problems of one row while parsing its cells.
pub struct RowParser<'a> {
    pub columns: &'a Columns,
    pub row: &'a Row,
    pub problems: &'a mut Vec<Problem>,
}

impl RowParser<'_> {
    pub fn raw(&self, key: &str) -> &str {
        self.columns.get(self.row, key)
    }

    fn report(&mut self, key: &str, message: Message) {
        self.problems
            .push(self.columns.problem(self.row.number, key, message));
    }

    /// Parses a required value; reports and returns `None` when missing or invalid.
    pub fn required<T>(
        &mut self,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, Message>,
    ) -> Option<T> {
        let raw = self.raw(key).to_owned();
        if raw.is_empty() {
            self.report(key, Message::new("err-required"));
            return None;
        }
        parse(&raw).map_err(|m| self.report(key, m)).ok()
    }

    /// Parses an optional value: `Ok(None)` when empty.
    pub fn optional<T>(
        &mut self,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, Message>,
    ) -> Result<Option<T>, ()> {
        let raw = self.raw(key).to_owned();
        if raw.is_empty() {
            return Ok(None);
        }
        parse(&raw).map(Some).map_err(|m| self.report(key, m))
    }
}

pub fn date(raw: &str) -> Result<chibo_domain::NaiveDate, Message> {
    crate::values::parse_date(raw).ok_or_else(|| Message::new("err-date").arg("value", raw))
}
