//! The package's map: where the workbook is, its first worksheet, the
//! shared strings and the styles, and which styles are dates.

use std::io::{BufRead, Read, Seek};

use quick_xml::events::Event;

use super::part::{Archive, directory_of, resolve};
use super::xml::{Events, attribute};
use crate::ReadProblem;
use crate::limits::Budget;

/// One `<Relationship>` of a `.rels` part.
pub(crate) struct Relationship {
    pub id: String,
    pub kind: String,
    pub target: String,
}

/// Where the parts the reader needs are.
pub(crate) struct Layout {
    /// The first worksheet, which a one-table file is read from.
    pub sheet: String,
    /// Every worksheet by its name, in the workbook's order.
    pub sheets: Vec<(String, String)>,
    pub shared_strings: Option<String>,
    pub styles: Option<String>,
    /// Dates count from 1904 (old Mac workbooks) instead of 1900.
    pub date_1904: bool,
}

fn rels_of(part: &str) -> String {
    let dir = directory_of(part);
    let name = &part[dir.len()..].trim_start_matches('/');
    if dir.is_empty() {
        format!("_rels/{name}.rels")
    } else {
        format!("{dir}/_rels/{name}.rels")
    }
}

fn relationships<B: BufRead>(
    reader: B,
    part: &str,
    archive_stop: &super::part::StopFlag,
    budget: &mut Budget,
) -> Result<Vec<Relationship>, ReadProblem> {
    let mut events = Events::new(reader, part, archive_stop);
    let mut found = Vec::new();
    loop {
        match events.next(budget, None)? {
            // A package needs a handful; the rest of a forged list is skipped.
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "Relationship" && found.len() < 10_000 =>
            {
                found.push(Relationship {
                    id: attribute(&e, "Id").unwrap_or_default(),
                    kind: attribute(&e, "Type").unwrap_or_default(),
                    target: attribute(&e, "Target").unwrap_or_default(),
                });
            }
            Event::Eof => return Ok(found),
            _ => {}
        }
    }
}

fn related<R: Read + Seek>(
    archive: &mut Archive<R>,
    part: &str,
    budget: &mut Budget,
) -> Result<Vec<Relationship>, ReadProblem> {
    let rels = rels_of(part);
    if !archive.has(&rels) {
        return Ok(Vec::new());
    }
    let stop = std::rc::Rc::clone(&archive.stop);
    let reader = archive.part(&rels)?;
    relationships(reader, &rels, &stop, budget)
}

/// Finds the workbook, its first worksheet and the parts it uses; falls
/// back on the names Excel gives them when a map is missing.
pub(crate) fn layout<R: Read + Seek>(
    archive: &mut Archive<R>,
    budget: &mut Budget,
) -> Result<Layout, ReadProblem> {
    let workbook = related(archive, "", budget)?
        .into_iter()
        .find(|r| r.kind.ends_with("/officeDocument"))
        .map_or_else(|| "xl/workbook.xml".to_owned(), |r| resolve("", &r.target));
    let (listed, date_1904) = sheet_list(archive, &workbook, budget)?;
    let rels = related(archive, &workbook, budget)?;
    let base = directory_of(&workbook).to_owned();
    let target_of = |pick: &dyn Fn(&Relationship) -> bool| {
        rels.iter()
            .find(|r| pick(r))
            .map(|r| resolve(&base, &r.target))
    };
    let sheets: Vec<(String, String)> = listed
        .into_iter()
        .filter_map(|(name, id)| Some((name, target_of(&|r: &Relationship| r.id == id)?)))
        .collect();
    let sheet = sheets.first().map_or_else(
        || resolve(&base, "worksheets/sheet1.xml"),
        |(_, path)| path.clone(),
    );
    let optional = |found: Option<String>, default: &str| {
        let path = found.unwrap_or_else(|| resolve(&base, default));
        archive.has(&path).then_some(path)
    };
    let shared_strings = optional(
        target_of(&|r: &Relationship| r.kind.ends_with("/sharedStrings")),
        "sharedStrings.xml",
    );
    let styles = optional(
        target_of(&|r: &Relationship| r.kind.ends_with("/styles")),
        "styles.xml",
    );
    Ok(Layout {
        sheet,
        sheets,
        shared_strings,
        styles,
        date_1904,
    })
}

/// The most worksheets listed: a workbook people make has a few; the rest
/// of a forged list is skipped.
const MAX_SHEETS: usize = 256;

/// The name and relationship id of each `<sheet>`, and the date system.
fn sheet_list<R: Read + Seek>(
    archive: &mut Archive<R>,
    workbook: &str,
    budget: &mut Budget,
) -> Result<(Vec<(String, String)>, bool), ReadProblem> {
    let stop = std::rc::Rc::clone(&archive.stop);
    let mut events = Events::new(archive.part(workbook)?, workbook, &stop);
    let (mut sheet, mut date_1904) = (Vec::new(), false);
    loop {
        match events.next(budget, None)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sheet" if sheet.len() < MAX_SHEETS => {
                    if let Some(id) = attribute(&e, "id") {
                        sheet.push((attribute(&e, "name").unwrap_or_default(), id));
                    }
                }
                "workbookPr" => {
                    date_1904 = matches!(attribute(&e, "date1904").as_deref(), Some("1" | "true"))
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "sheets" => {
                return Ok((sheet, date_1904));
            }
            Event::Eof => return Ok((sheet, date_1904)),
            _ => {}
        }
    }
}

/// For each cell style (`s` of a cell), whether it shows a date.
pub(crate) fn date_styles<R: Read + Seek>(
    archive: &mut Archive<R>,
    part: &str,
    budget: &mut Budget,
) -> Result<Vec<bool>, ReadProblem> {
    let stop = std::rc::Rc::clone(&archive.stop);
    let mut events = Events::new(archive.part(part)?, part, &stop);
    let mut custom: Vec<(u32, bool)> = Vec::new();
    let mut format_ids: Vec<u32> = Vec::new();
    let mut in_cell_xfs = false;
    loop {
        match events.next(budget, None)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "numFmt" if custom.len() < 65_536 => {
                    let id = attribute(&e, "numFmtId").and_then(|v| v.parse().ok());
                    let code = attribute(&e, "formatCode").unwrap_or_default();
                    if let Some(id) = id {
                        custom.push((id, is_date_format(&code)));
                    }
                }
                "cellXfs" => in_cell_xfs = true,
                "xf" if in_cell_xfs && format_ids.len() < 65_536 => format_ids.push(
                    attribute(&e, "numFmtId")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0),
                ),
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(format_ids
        .into_iter()
        .map(|id| match custom.iter().find(|(c, _)| *c == id) {
            Some((_, date)) => *date,
            None => is_builtin_date(id),
        })
        .collect())
}

/// Excel's built-in formats that show dates or times.
fn is_builtin_date(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

/// Whether a custom format shows a date: it has day, month, year, hour or
/// second codes outside quoted text, escapes and bracketed sections.
fn is_date_format(code: &str) -> bool {
    let mut chars = code.chars();
    let (mut in_quotes, mut in_brackets) = (false, false);
    while let Some(c) = chars.next() {
        match c {
            '"' => in_quotes = !in_quotes,
            _ if in_quotes => {}
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => in_brackets = true,
            ']' => in_brackets = false,
            _ if in_brackets => {}
            'd' | 'D' | 'm' | 'M' | 'y' | 'Y' | 'h' | 'H' | 's' | 'S' => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats_are_told_from_numbers() {
        assert!(is_date_format("dd/mm/yyyy"));
        assert!(is_date_format("[$-42A]d mmmm yyyy"));
        assert!(!is_date_format("0.00"));
        assert!(!is_date_format("#,##0\" đồng\""));
        assert!(!is_date_format("[Red]0"));
        assert!(!is_date_format("General"));
        assert!(is_builtin_date(14));
        assert!(!is_builtin_date(49));
    }

    #[test]
    fn rels_sit_beside_their_part() {
        assert_eq!(rels_of(""), "_rels/.rels");
        assert_eq!(rels_of("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
    }
}
