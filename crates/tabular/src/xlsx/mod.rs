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
    let mut tables = read_chosen(file, reader, limits, &|layout| vec![layout.sheet.clone()])?;
    Ok(tables.remove(0).1)
}

/// The worksheets whose names are `names` (in any case), in that order,
/// each with its name as the workbook spells it; a name the workbook lacks
/// is left out. Every sheet read counts against the same limits.
pub(crate) fn read_named<R: Read + Seek>(
    file: &str,
    reader: R,
    limits: ReadLimits,
    names: &[&str],
) -> Result<Vec<(String, Table)>, ReadProblem> {
    read_chosen(file, reader, limits, &|layout| {
        names
            .iter()
            .filter_map(|wanted| {
                layout
                    .sheets
                    .iter()
                    .find(|(name, _)| name.trim().eq_ignore_ascii_case(wanted))
                    .map(|(_, path)| path.clone())
            })
            .collect()
    })
}

/// Reads the sheets (by part path) `choose` picks from the layout, as
/// (name, table) pairs in that order.
fn read_chosen<R: Read + Seek>(
    file: &str,
    reader: R,
    limits: ReadLimits,
    choose: &dyn Fn(&workbook::Layout) -> Vec<String>,
) -> Result<Vec<(String, Table)>, ReadProblem> {
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
    let mut tables = Vec::new();
    for path in choose(&layout) {
        let name = layout
            .sheets
            .iter()
            .find(|(_, p)| *p == path)
            .map_or_else(String::new, |(name, _)| name.clone());
        let part = archive.part(&path)?;
        tables.push((
            name,
            sheet::read(part, &path, &stop, &mut budget, &context)?,
        ));
    }
    Ok(tables)
}
