//! XLSX: the first worksheet of a workbook, read from the zip package part
//! by part (the map, the shared strings, the styles, then the sheet
//! streamed), every part through a reader that bounds what it may cost.

mod cell_ref;
mod part;
mod shared_strings;
mod sheet;
mod workbook;
mod xml;

use std::io::{Read, Seek};

use crate::limits::Budget;
use crate::{ReadLimits, ReadProblem, Table};

pub(crate) fn read<R: Read + Seek>(
    file: &str,
    reader: R,
    limits: ReadLimits,
) -> Result<Table, ReadProblem> {
    let mut budget = Budget::new(limits);
    let mut archive = part::Archive::open(reader, &limits)?;
    let stop = std::rc::Rc::clone(&archive.stop);
    let layout = workbook::layout(&mut archive, &mut budget)?;
    let shared = match &layout.shared_strings {
        Some(path) => shared_strings::read(archive.part(path)?, path, &stop, &mut budget)?,
        None => shared_strings::SharedStrings::default(),
    };
    let date_styles = match &layout.styles {
        Some(path) => workbook::date_styles(&mut archive, path, &mut budget)?,
        None => Vec::new(),
    };
    let context = sheet::Context {
        file,
        shared: &shared,
        date_styles: &date_styles,
        date_1904: layout.date_1904,
    };
    let sheet = archive.part(&layout.sheet)?;
    sheet::read(sheet, &layout.sheet, &stop, &mut budget, &context)
}
