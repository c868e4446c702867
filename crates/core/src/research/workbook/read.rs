//! A project's workbook read into its contract: the named sheets within
//! small limits, each row parsed, the contract checked whole, and every
//! problem located by file › sheet, row, column and field.

use std::time::Duration;

use chibo_domain::Message;
use chibo_domain::research::{BudgetLine, ContentItem, Product, ProductStatus, Project, YearMonth};

use super::{MAX_SHEET_ROWS, MAX_WORKBOOK_BYTES, SHEETS};
use crate::Problem;
use crate::import::Columns;
use crate::tabular::{ReadLimits, Row, Table, fold_header};

/// The limits of a workbook's read: a few thousand rows at most, read in a
/// few seconds, whatever the file claims.
fn limits() -> ReadLimits {
    ReadLimits {
        max_bytes: MAX_WORKBOOK_BYTES as u64,
        max_uncompressed_bytes: 32 * 1024 * 1024,
        max_rows: 3 * MAX_SHEET_ROWS,
        max_columns: 50,
        max_cells: 100_000,
        max_cell_chars: chibo_domain::research::MAX_TEXT_LEN,
        max_text_bytes: 8 * 1024 * 1024,
        time_limit: Some(Duration::from_secs(5)),
    }
}

/// A month as written (`12/2016`, `2016-12`), or a date Excel made of it.
fn month(raw: &str) -> Result<YearMonth, Message> {
    YearMonth::parse(raw)
        .or_else(|| crate::values::parse_date(raw).map(YearMonth::of))
        .ok_or_else(|| Message::new("research-workbook-month").arg("value", raw))
}

/// A sum in đồng: digits, with spaces, dots or commas between thousands
/// allowed; a trailing `.0` as Excel may write a whole number.
fn amount(raw: &str) -> Result<i64, Message> {
    let bad = || Message::new("research-workbook-amount").arg("value", raw);
    let trimmed = raw.trim().strip_suffix(".0").unwrap_or(raw.trim());
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let groups: Vec<&str> = digits.split([' ', '.', ',', '\u{a0}']).collect();
    let grouped = groups.len() > 1;
    if groups.iter().enumerate().any(|(i, g)| {
        g.is_empty()
            || !g.bytes().all(|b| b.is_ascii_digit())
            || (grouped && i > 0 && g.len() != 3)
            || (grouped && i == 0 && g.len() > 3)
    }) {
        return Err(bad());
    }
    let value: i64 = groups.concat().parse().map_err(|_| bad())?;
    Ok(if negative { -value } else { value })
}

fn status(raw: &str) -> Result<ProductStatus, Message> {
    ProductStatus::parse(raw).ok_or_else(|| {
        Message::new("research-workbook-status")
            .arg("value", raw)
            .arg(
                "known",
                ProductStatus::ALL
                    .iter()
                    .map(|s| s.code())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
    })
}

/// Where a list's rows came from: the columns of its sheet and each
/// item's row number, to locate the domain's problems.
struct Read {
    columns: Columns,
    rows: Vec<usize>,
}

fn located(
    file: &str,
    columns: &Columns,
    row: usize,
    key: &str,
    field: String,
    message: Message,
) -> Problem {
    let mut problem = columns.problem(row, key, message);
    if let Some(location) = &mut problem.location {
        location.file = file.to_owned();
    }
    problem.field = Some(field);
    problem
}

/// The data rows of a sheet that hold anything.
fn filled(table: &Table) -> impl Iterator<Item = &Row> {
    table
        .rows
        .iter()
        .filter(|r| r.cells().any(|c| !c.trim().is_empty()))
}

/// Reads `bytes` (an XLSX workbook named `file`) into `project` with its
/// contents, products and budget replaced, checked whole; or every problem,
/// located. Pure and blocking: run it off the async runtime.
pub fn read_project_workbook(
    project: &Project,
    file: &str,
    bytes: &[u8],
) -> Result<Project, Vec<Problem>> {
    let too_large = || {
        vec![Problem::in_file(
            file,
            None,
            None,
            Message::new("research-workbook-too-large")
                .arg("max_mb", MAX_WORKBOOK_BYTES / (1024 * 1024)),
        )]
    };
    if bytes.len() > MAX_WORKBOOK_BYTES {
        return Err(too_large());
    }
    if !file.to_lowercase().ends_with(".xlsx") {
        return Err(vec![Problem::in_file(
            file,
            None,
            None,
            Message::new("research-workbook-not-xlsx"),
        )]);
    }
    let names: Vec<&str> = SHEETS
        .iter()
        .flat_map(|s| [s.list, s.vi, s.folded])
        .collect();
    let sheets = chibo_tabular::read_xlsx_sheets(file, bytes, limits(), &names).map_err(|p| {
        vec![Problem::in_file(
            file,
            p.row,
            p.column.as_deref(),
            p.message,
        )]
    })?;
    let mut problems = Vec::new();
    let mut found: [Option<(String, &Table)>; 3] = [None, None, None];
    for (name, table) in &sheets {
        let folded = fold_header(name);
        let Some(i) = SHEETS
            .iter()
            .position(|s| folded == s.list || folded == s.folded)
        else {
            continue;
        };
        if found[i].is_some() {
            problems.push(Problem::in_file(
                &format!("{file} › {name}"),
                None,
                None,
                Message::new("research-workbook-sheet-twice")
                    .arg("sheet", name)
                    .arg("vi", SHEETS[i].vi)
                    .arg("en", SHEETS[i].en),
            ));
            continue;
        }
        found[i] = Some((name.clone(), table));
    }
    let mut read: Vec<Option<Read>> = Vec::new();
    for (sheet, slot) in SHEETS.iter().zip(&found) {
        let Some((name, table)) = slot else {
            problems.push(Problem::in_file(
                file,
                None,
                None,
                Message::new("research-workbook-sheet-missing")
                    .arg("vi", sheet.vi)
                    .arg("en", sheet.en),
            ));
            read.push(None);
            continue;
        };
        let mut named = (*table).clone();
        named.file = format!("{file} › {name}");
        match Columns::map(&named, sheet.columns) {
            Ok(columns) => {
                let rows: Vec<usize> = filled(&named).map(|r| r.number).collect();
                if rows.len() > MAX_SHEET_ROWS {
                    problems.push(Problem::in_file(
                        &named.file,
                        None,
                        None,
                        Message::new("research-workbook-rows").arg("max", MAX_SHEET_ROWS),
                    ));
                    read.push(None);
                } else {
                    read.push(Some(Read { columns, rows }));
                }
            }
            Err(bad) => {
                problems.extend(bad);
                read.push(None);
            }
        }
    }
    let mut edited = project.clone();
    if let [Some(contents), Some(products), Some(budget)] = &read[..] {
        let tables: Vec<Table> = found
            .iter()
            .flatten()
            .map(|(name, t)| {
                let mut t = (*t).clone();
                t.file = format!("{file} › {name}");
                t
            })
            .collect();
        let (contents_read, contents_bad) =
            read_contents(&tables[0], contents, project, &mut problems);
        let (products_read, products_bad) = read_products(&tables[1], products, &mut problems);
        let (budget_read, budget_bad) = read_budget(&tables[2], budget, &mut problems);
        edited.contents = contents_read;
        edited.products = products_read;
        edited.budget = budget_read;
        let lists = [contents, products, budget];
        let bad = [contents_bad, products_bad, budget_bad];
        for p in edited.validate() {
            if let Some(problem) = locate_field(&lists, &bad, &tables, p.field, p.message) {
                problems.push(problem);
            }
        }
    }
    if problems.is_empty() {
        Ok(edited)
    } else {
        Err(problems)
    }
}

/// A domain problem (`products.2.kind`) at its sheet, row and column;
/// none for a row whose cells did not read (already reported).
fn locate_field(
    lists: &[&Read; 3],
    bad: &[BadRows; 3],
    tables: &[Table],
    field: String,
    message: Message,
) -> Option<Problem> {
    let mut parts = field.splitn(3, '.').map(str::to_owned);
    let (list, index, key) = (parts.next(), parts.next(), parts.next());
    let at = SHEETS.iter().position(|s| list.as_deref() == Some(s.list));
    match (at, index.and_then(|i| i.parse::<usize>().ok()), key) {
        (Some(s), Some(i), _) if bad[s].get(i).copied().unwrap_or(false) => None,
        (Some(s), Some(i), Some(key)) if i < lists[s].rows.len() => Some(located(
            &tables[s].file,
            &lists[s].columns,
            lists[s].rows[i],
            &key,
            field,
            message,
        )),
        // A problem of a whole list (none today) or outside the lists.
        _ => Some(Problem::in_field(&field, message)),
    }
}

fn cell<'a>(columns: &Columns, row: &'a Row, key: &str) -> &'a str {
    columns.get(row, key)
}

/// Parses a required cell, reporting an empty or bad one.
fn required<T>(
    table: &Table,
    read: &Read,
    row: &Row,
    field: (usize, &str),
    list: &str,
    parse: impl FnOnce(&str) -> Result<T, Message>,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let raw = cell(&read.columns, row, field.1);
    let result = if raw.is_empty() {
        Err(Message::new("err-required"))
    } else {
        parse(raw)
    };
    result
        .map_err(|m| {
            problems.push(located(
                &table.file,
                &read.columns,
                row.number,
                field.1,
                format!("{list}.{}.{}", field.0, field.1),
                m,
            ));
        })
        .ok()
}

/// The rows of a list with a cell that did not read, by index: the
/// domain's problems about them are left out (the row holds stand-ins).
type BadRows = Vec<bool>;

fn read_contents(
    table: &Table,
    read: &Read,
    project: &Project,
    problems: &mut Vec<Problem>,
) -> (Vec<ContentItem>, BadRows) {
    let (first, last) = project.planned_months();
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (i, row) in filled(table).enumerate() {
        let before = problems.len();
        let from = required(
            table,
            read,
            row,
            (i, "planned_from"),
            "contents",
            month,
            problems,
        );
        let to = required(
            table,
            read,
            row,
            (i, "planned_to"),
            "contents",
            month,
            problems,
        );
        out.push(ContentItem {
            code: cell(&read.columns, row, "code").to_owned(),
            title: cell(&read.columns, row, "title").to_owned(),
            planned_from: from.unwrap_or(first),
            planned_to: to.unwrap_or(last),
        });
        bad.push(problems.len() > before);
    }
    (out, bad)
}

fn read_products(
    table: &Table,
    read: &Read,
    problems: &mut Vec<Problem>,
) -> (Vec<Product>, BadRows) {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (i, row) in filled(table).enumerate() {
        let before = problems.len();
        let get = |key: &str| -> String { cell(&read.columns, row, key).to_owned() };
        let mut report = |key: &str, message: Message| {
            problems.push(located(
                &table.file,
                &read.columns,
                row.number,
                key,
                format!("products.{i}.{key}"),
                message,
            ));
        };
        let due = match get("due").as_str() {
            "" => None,
            raw => month(raw).map_err(|m| report("due", m)).ok(),
        };
        let status = match get("status").as_str() {
            "" => ProductStatus::default(),
            raw => status(raw)
                .map_err(|m| report("status", m))
                .unwrap_or_default(),
        };
        out.push(Product {
            code: get("code"),
            kind: get("kind"),
            title: get("title"),
            content: Some(get("content")).filter(|c| !c.is_empty()),
            due,
            status,
        });
        bad.push(problems.len() > before);
    }
    (out, bad)
}

fn read_budget(
    table: &Table,
    read: &Read,
    problems: &mut Vec<Problem>,
) -> (Vec<BudgetLine>, BadRows) {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (i, row) in filled(table).enumerate() {
        let before = problems.len();
        let allocated = required(
            table,
            read,
            row,
            (i, "allocated"),
            "budget",
            amount,
            problems,
        );
        let mut optional = |key: &str| match cell(&read.columns, row, key) {
            "" => 0,
            raw => amount(raw)
                .map_err(|m| {
                    problems.push(located(
                        &table.file,
                        &read.columns,
                        row.number,
                        key,
                        format!("budget.{i}.{key}"),
                        m,
                    ));
                })
                .unwrap_or(0),
        };
        let spent = optional("spent");
        let settled = optional("settled");
        out.push(BudgetLine {
            code: cell(&read.columns, row, "code").to_owned(),
            title: cell(&read.columns, row, "title").to_owned(),
            allocated: allocated.unwrap_or(0),
            spent,
            settled,
        });
        bad.push(problems.len() > before);
    }
    (out, bad)
}
