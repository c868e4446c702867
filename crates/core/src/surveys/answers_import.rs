//! Answers from another tool (KoboToolbox, ODK, a spreadsheet typed from
//! paper forms) imported into an open campaign, all or nothing: a `cell`
//! column and one column per item, named as the instrument names them
//! (Kobo's `group/item` too; a multiple choice as one column of values
//! separated by spaces, or as Kobo's `item/choice` columns of 0 and 1).
//! Every row is read by the same rules as the answering form; every
//! problem is reported with its file, row and column, and only a file
//! without one is written, in one transaction.
//!
//! Anonymity: the columns Kobo adds about a submission (`_id`, `_uuid`,
//! `_submission_time`, `start`, `deviceid`, `meta/instanceID` …) could
//! identify a respondent, so they are refused, or with `ignore_metadata`
//! dropped unread. Responses get random ids and are written in the order
//! of those ids, which follows nothing in the file. Only an open
//! campaign takes a file: after closing, results may have been released,
//! and answers added then would change them (a draft takes no answers
//! either). The audit log records the file's name and counts, never an
//! answer; the file's SHA-256 is kept so that the same file is refused a
//! second time instead of counting every response twice.

use std::collections::{BTreeMap, BTreeSet};

use chibo_domain::survey::instrument::{Instrument, ItemKind};
use chibo_domain::survey::response::read_response;
use chibo_domain::survey::xlsform::IDENTIFYING_TYPES;
use chibo_domain::{Message, UnitCode};
use chibo_store::{AnswersImported, ImportedResponse};
use sha2::{Digest, Sha256};

use super::campaigns::{CampaignAccess, CampaignState, campaign_cells, campaign_instrument};
use crate::audit::AuditContext;
use crate::tabular::{ReadLimits, Table, fold_header, parse_upload};
use crate::{Clock, CoreError, Db, Problem};

/// The most responses one file may hold: a national campaign's paper
/// forms come in several files, and one file stays a size that can be
/// checked and corrected by hand.
pub const MAX_ROWS: usize = 100_000;

/// Headers the cell column may have (folded).
const CELL_HEADERS: &[&str] = &["cell", "chi_bo"];

/// Kobo's and ODK's columns about a submission rather than an answer,
/// besides the identifying types' own columns and those starting with `_`.
const SUBMISSION_COLUMNS: &[&str] = &["instanceid", "instancename"];

/// What the caller asks of an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnswersImportOptions {
    /// Drop (never store) the submission metadata columns instead of
    /// refusing the file.
    pub ignore_metadata: bool,
}

/// The file to import: its name (shown in messages and audited), its
/// bytes (CSV or XLSX by the name's extension) and the reader's limits.
#[derive(Debug, Clone, Copy)]
pub struct AnswersFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
    pub limits: ReadLimits,
}

/// What an import stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswersImportReport {
    pub responses: usize,
    /// Responses per cell, by code.
    pub per_cell: BTreeMap<UnitCode, usize>,
    /// The metadata columns dropped, by header.
    pub dropped: Vec<String>,
}

/// What a column of the file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Cell,
    Item(String),
    /// One choice of a multiple choice, as 0/1.
    Choice {
        item: String,
        choice: String,
    },
    Dropped,
}

fn is_metadata(header: &str) -> bool {
    let lower = header.trim().to_lowercase();
    let last = lower.rsplit('/').next().unwrap_or(&lower);
    lower.starts_with('_')
        || last.starts_with('_')
        || lower.starts_with("meta/")
        || lower.starts_with("formhub/")
        || IDENTIFYING_TYPES.contains(&last)
        || SUBMISSION_COLUMNS.contains(&last)
}

/// The item a header names, exactly or by its last path segment.
fn item_named<'a>(instrument: &'a Instrument, header: &str) -> Option<&'a str> {
    let last = header.rsplit('/').next().unwrap_or(header);
    [header, last]
        .into_iter()
        .find_map(|name| instrument.item(name))
        .map(|item| item.name.as_str())
}

/// Kobo's split form of a multiple choice: `…/item/choice`.
fn choice_named(instrument: &Instrument, header: &str) -> Option<(String, String)> {
    let mut parts = header.rsplit('/');
    let choice = parts.next()?;
    let item = instrument.item(parts.next()?)?;
    if !matches!(item.kind, ItemKind::SelectMultiple { .. }) {
        return None;
    }
    instrument
        .choices(item)
        .iter()
        .any(|c| c.value == choice)
        .then(|| (item.name.clone(), choice.to_owned()))
}

/// Maps the header to columns, or says what is wrong with it (row 1).
fn map_columns(
    table: &Table,
    instrument: &Instrument,
    options: AnswersImportOptions,
) -> Result<Vec<Column>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut columns = Vec::with_capacity(table.headers.len());
    let at = |index: usize, message: Message| {
        Problem::in_file(
            &table.file,
            Some(1),
            Some(&table.column_label(index)),
            message,
        )
    };
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for (index, header) in table.headers.iter().enumerate() {
        let header = header.trim();
        let column = if CELL_HEADERS.contains(&fold_header(header).as_str()) {
            Column::Cell
        } else if let Some(item) = item_named(instrument, header) {
            Column::Item(item.to_owned())
        } else if let Some((item, choice)) = choice_named(instrument, header) {
            Column::Choice { item, choice }
        } else if is_metadata(header) {
            if !options.ignore_metadata {
                problems.push(at(index, Message::new("survey-import-metadata-column")));
            }
            Column::Dropped
        } else if header.is_empty() {
            // An unnamed column is accepted only when it is empty (checked
            // with the rows).
            Column::Dropped
        } else {
            problems.push(at(index, Message::new("survey-import-unknown-column")));
            Column::Dropped
        };
        let key = match &column {
            Column::Cell => Some("\u{0}cell".to_owned()),
            Column::Item(item) => Some(item.clone()),
            Column::Choice { item, choice } => Some(format!("{item}/{choice}")),
            Column::Dropped => None,
        };
        if let Some(key) = key
            && !seen.insert(key)
        {
            problems.push(at(index, Message::new("survey-import-column-twice")));
        }
        columns.push(column);
    }
    if !columns.contains(&Column::Cell) {
        problems.push(Problem::in_file(
            &table.file,
            Some(1),
            None,
            Message::new("survey-import-no-cell-column"),
        ));
    }
    for (index, column) in columns.iter().enumerate() {
        if let Column::Choice { item, .. } = column
            && columns.contains(&Column::Item(item.clone()))
        {
            problems.push(at(
                index,
                Message::new("survey-import-split-and-joined").arg("item", item),
            ));
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(problems)
    }
}

/// A hex SHA-256 of the file's bytes.
fn file_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A response id: 128 random bits from the operating system.
fn random_id() -> String {
    crate::secrets::random_bytes::<16>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads every row against the instrument and the campaign's cells.
fn read_rows(
    table: &Table,
    columns: &[Column],
    instrument: &Instrument,
    cells: &BTreeSet<UnitCode>,
) -> Result<Vec<ImportedResponse>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut responses = Vec::with_capacity(table.rows.len());
    // The column an item's problem is shown in: its own, else its first
    // choice column, else the item's name.
    let mut item_column: BTreeMap<&str, String> = BTreeMap::new();
    for (index, column) in columns.iter().enumerate().rev() {
        match column {
            Column::Item(item) | Column::Choice { item, .. } => {
                item_column.insert(item.as_str(), table.column_label(index));
            }
            Column::Cell | Column::Dropped => {}
        }
    }
    for row in &table.rows {
        if row.cells().all(|c| c.trim().is_empty()) {
            continue;
        }
        let at = |index: usize, message: Message| {
            Problem::in_file(
                &table.file,
                Some(row.number),
                Some(&table.column_label(index)),
                message,
            )
        };
        let mut cell = None;
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut row_problems = Vec::new();
        for (index, column) in columns.iter().enumerate() {
            let value = row.get(index).unwrap_or_default().trim();
            match column {
                Column::Cell => match UnitCode::parse(value) {
                    Ok(code) if cells.contains(&code) => cell = Some(code),
                    _ => row_problems.push(at(
                        index,
                        Message::new("survey-import-cell-unknown").arg("cell", value),
                    )),
                },
                Column::Item(item) => {
                    if !value.is_empty() {
                        fields.push((item.clone(), value.to_owned()));
                    }
                }
                Column::Choice { item, choice } => match value {
                    "1" | "true" | "TRUE" | "True" => fields.push((item.clone(), choice.clone())),
                    "" | "0" | "false" | "FALSE" | "False" => {}
                    _ => row_problems.push(at(index, Message::new("survey-import-choice-flag"))),
                },
                Column::Dropped => {
                    if !value.is_empty() && table.headers[index].trim().is_empty() {
                        row_problems.push(at(index, Message::new("survey-import-unknown-column")));
                    }
                }
            }
        }
        match read_response(instrument, &fields) {
            Ok(response) => {
                if let (Some(cell), true) = (cell, row_problems.is_empty()) {
                    responses.push(ImportedResponse {
                        id: random_id(),
                        cell,
                        answers: response.into_answers(),
                    });
                }
            }
            Err(answer_problems) => {
                for p in answer_problems {
                    let column = p
                        .item
                        .as_deref()
                        .map(|item| item_column.get(item).cloned().unwrap_or(item.to_owned()));
                    row_problems.push(Problem::in_file(
                        &table.file,
                        Some(row.number),
                        column.as_deref(),
                        p.message,
                    ));
                }
            }
        }
        problems.extend(row_problems);
    }
    if problems.is_empty() {
        Ok(responses)
    } else {
        Err(problems)
    }
}

/// Imports the answers of `file` into the campaign, all or nothing.
pub async fn import_answers(
    db: &Db,
    clock: &dyn Clock,
    access: &CampaignAccess,
    author: &AuditContext,
    file: AnswersFile<'_>,
    options: AnswersImportOptions,
) -> Result<AnswersImportReport, CoreError> {
    let AnswersFile {
        name: file,
        bytes,
        limits,
    } = file;
    let campaign = access.campaign();
    if campaign.state != CampaignState::Open {
        return Err(CoreError::refused(Message::new("survey-import-not-open")));
    }
    // The reader stops past the bound with its own located message
    // ("more than N rows: split the file").
    let limits = ReadLimits {
        max_rows: limits.max_rows.min(MAX_ROWS),
        ..limits
    };
    let table = parse_upload(file, bytes, limits).map_err(CoreError::Invalid)?;
    let instrument = campaign_instrument(db, access).await?;
    let cells: BTreeSet<UnitCode> = campaign_cells(db, access).await?.into_iter().collect();
    let columns = map_columns(&table, &instrument, options).map_err(CoreError::Invalid)?;
    let mut responses =
        read_rows(&table, &columns, &instrument, &cells).map_err(CoreError::Invalid)?;
    if responses.is_empty() {
        return Err(CoreError::Invalid(vec![Problem::in_file(
            file,
            None,
            None,
            Message::new("survey-import-empty"),
        )]));
    }
    // The ids are random, so their order is a uniform shuffle drawn from
    // the operating system's randomness: written in it, the rows keep no
    // trace of the file's order, even where storage keeps insertion order.
    responses.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    let mut per_cell: BTreeMap<UnitCode, usize> = BTreeMap::new();
    for response in &responses {
        *per_cell.entry(response.cell.clone()).or_default() += 1;
    }
    let dropped: Vec<String> = columns
        .iter()
        .zip(&table.headers)
        .filter(|(c, h)| **c == Column::Dropped && !h.trim().is_empty())
        .map(|(_, h)| h.clone())
        .collect();
    let summary = serde_json::json!({
        "file": file,
        "rows": responses.len(),
        "cells": per_cell.len(),
        "dropped_columns": dropped.len(),
    });
    let audit = [author.entry(
        clock,
        "import_answers",
        "survey_campaign",
        &campaign.id.to_string(),
        Some(&campaign.unit),
        None::<&()>,
        Some(&summary),
    )];
    match db
        .store()
        .import_survey_answers(campaign.id, &file_hash(bytes), &responses, &audit)
        .await?
    {
        AnswersImported::Stored => Ok(AnswersImportReport {
            responses: responses.len(),
            per_cell,
            dropped,
        }),
        AnswersImported::NotOpen => Err(CoreError::refused(Message::new("survey-import-not-open"))),
        AnswersImported::SameFile => {
            Err(CoreError::refused(Message::new("survey-import-same-file")))
        }
    }
}
