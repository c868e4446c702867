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
//! English ones are the columns' keys. `read`: the sheets read and
//! checked into a contract, every problem located.

use std::sync::Arc;

use chibo_domain::Message;
use chibo_i18n::Lang;

use super::access::{EditProject, ProjectAccess, ProjectPermission};
use super::projects::edit_project;
use crate::audit::AuditContext;
use crate::import::ColumnSpec;
use crate::table_export::{Table as OutTable, TableValue, to_xlsx};
use crate::{Clock, CoreError, Db, Problem};

mod read;
pub use read::read_project_workbook;

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
