//! A project's contents (work packages), products and budget lines as one
//! Excel workbook, three sheets, for the team to edit in Excel and import
//! back. The import is all or nothing: the sheets are read within small
//! limits (a contract holds a few dozen rows), every row is parsed, the
//! contract with its three lists replaced is checked whole by the domain's
//! rules, and only then written as an edit of the contract, in one
//! transaction guarded by the project's version. Every problem names the
//! file and sheet, the row and the column (as the sheet's header spells
//! it) and the contract's field.
//!
//! Sheets and headers are written in the reader's language and read in
//! either: Vietnamese headers fold to the columns' Vietnamese aliases,
//! English ones are the columns' keys.

use std::sync::Arc;
use std::time::Duration;

use chibo_domain::Message;
use chibo_domain::research::{BudgetLine, ContentItem, Product, ProductStatus, Project, YearMonth};
use chibo_i18n::Lang;

use super::access::{EditProject, ProjectAccess, ProjectPermission};
use super::projects::edit_project;
use crate::audit::AuditContext;
use crate::import::{ColumnSpec, Columns};
use crate::table_export::{Table as OutTable, TableValue, to_xlsx};
use crate::tabular::{ReadLimits, Row, Table, fold_header};
use crate::{Clock, CoreError, Db, Problem};

/// The largest workbook taken: a contract's lists fill a few kilobytes.
pub const MAX_WORKBOOK_BYTES: usize = 2 * 1024 * 1024;
/// The most data rows in one sheet.
const MAX_SHEET_ROWS: usize = 1_000;

/// One sheet of the workbook: its English name, its Vietnamese name and
/// the Vietnamese name folded, and its columns with the Vietnamese header
/// written for each.
struct Sheet {
    list: &'static str,
    en: &'static str,
    vi: &'static str,
    folded: &'static str,
    columns: &'static [ColumnSpec],
    vi_headers: &'static [&'static str],
}

macro_rules! columns {
    ($($key:literal | $alias:literal ; $required:literal),* $(,)?) => {
        &[$(ColumnSpec { key: $key, aliases: &[$alias], required: $required }),*]
    };
}

const CONTENTS: Sheet = Sheet {
    list: "contents",
    en: "Contents",
    vi: "Nội dung",
    folded: "noi_dung",
    columns: columns![
        "code" | "ma"; true,
        "title" | "ten"; true,
        "planned_from" | "tu_thang"; true,
        "planned_to" | "den_thang"; true,
    ],
    vi_headers: &["Mã", "Tên", "Từ tháng", "Đến tháng"],
};

const PRODUCTS: Sheet = Sheet {
    list: "products",
    en: "Products",
    vi: "Sản phẩm",
    folded: "san_pham",
    columns: columns![
        "code" | "ma"; true,
        "kind" | "loai"; true,
        "title" | "ten"; true,
        "content" | "noi_dung"; false,
        "due" | "han"; false,
        "status" | "trang_thai"; false,
    ],
    vi_headers: &["Mã", "Loại", "Tên", "Nội dung", "Hạn", "Trạng thái"],
};

const BUDGET: Sheet = Sheet {
    list: "budget",
    en: "Budget",
    vi: "Kinh phí",
    folded: "kinh_phi",
    columns: columns![
        "code" | "ma"; true,
        "title" | "ten"; true,
        "allocated" | "duoc_cap"; true,
        "spent" | "da_chi"; false,
        "settled" | "da_quyet_toan"; false,
    ],
    vi_headers: &["Mã", "Tên", "Được cấp", "Đã chi", "Đã quyết toán"],
};

const SHEETS: [&Sheet; 3] = [&CONTENTS, &PRODUCTS, &BUDGET];

fn text(value: impl ToString) -> TableValue {
    TableValue::Text(value.to_string())
}

fn out_sheet(sheet: &Sheet, lang: Lang, rows: Vec<Vec<TableValue>>) -> OutTable {
    let (title, columns) = match lang {
        Lang::Vi => (
            sheet.vi,
            sheet.vi_headers.iter().map(|h| (*h).to_owned()).collect(),
        ),
        Lang::En => (
            sheet.en,
            sheet.columns.iter().map(|c| c.key.to_owned()).collect(),
        ),
    };
    OutTable {
        title: title.to_owned(),
        columns,
        rows,
    }
}

/// The project's three lists as an XLSX workbook with sheets and headers
/// in `lang`, in the shape [`import_project_workbook`] reads back.
pub fn project_workbook<P: ProjectPermission>(
    access: &ProjectAccess<P>,
    lang: Lang,
) -> Result<Vec<u8>, CoreError> {
    let project = access.project();
    let contents = project
        .contents
        .iter()
        .map(|c| {
            vec![
                text(&c.code),
                text(&c.title),
                text(c.planned_from),
                text(c.planned_to),
            ]
        })
        .collect();
    let products = project
        .products
        .iter()
        .map(|p| {
            vec![
                text(&p.code),
                text(&p.kind),
                text(&p.title),
                p.content.as_ref().map_or(TableValue::Empty, text),
                p.due.map_or(TableValue::Empty, text),
                text(p.status.code()),
            ]
        })
        .collect();
    let budget = project
        .budget
        .iter()
        .map(|b| {
            vec![
                text(&b.code),
                text(&b.title),
                TableValue::Integer(b.allocated),
                TableValue::Integer(b.spent),
                TableValue::Integer(b.settled),
            ]
        })
        .collect();
    to_xlsx(&[
        out_sheet(&CONTENTS, lang, contents),
        out_sheet(&PRODUCTS, lang, products),
        out_sheet(&BUDGET, lang, budget),
    ])
}

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

/// What an import changed: the lists' lengths as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkbookImported {
    pub contents: usize,
    pub products: usize,
    pub budget: usize,
}

/// Reads the workbook off the async runtime and, when every row is right,
/// writes the project's contract with its three lists replaced, in one
/// transaction; otherwise nothing is written and every problem comes back.
pub async fn import_project_workbook(
    db: &Db,
    clock: &dyn Clock,
    access: &ProjectAccess<EditProject>,
    author: &AuditContext,
    file: &str,
    bytes: Arc<Vec<u8>>,
) -> Result<WorkbookImported, CoreError> {
    let project = access.project().clone();
    let name = file.to_owned();
    let edited =
        tokio::task::spawn_blocking(move || read_project_workbook(&project, &name, &bytes))
            .await
            .map_err(|error| {
                tracing::error!(%error, "reading a project workbook failed");
                CoreError::Invalid(vec![Problem::in_file(
                    file,
                    None,
                    None,
                    Message::new("err-file-xlsx").arg("detail", "?"),
                )])
            })?
            .map_err(CoreError::Invalid)?;
    edit_project(db, clock, access, author, &edited).await?;
    Ok(WorkbookImported {
        contents: edited.contents.len(),
        products: edited.products.len(),
        budget: edited.budget.len(),
    })
}
