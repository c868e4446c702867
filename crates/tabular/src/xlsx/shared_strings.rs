//! The shared strings table (`sharedStrings.xml`): every text a cell of
//! type `s` points to by index, kept as one string with end offsets.

use std::io::BufRead;

use chibo_domain::Message;
use quick_xml::events::Event;

use super::part::StopFlag;
use super::xml::{Events, attribute, push_reference, trim_unpreserved, unescape_excel};
use crate::ReadProblem;
use crate::limits::Budget;

#[derive(Default)]
pub(crate) struct SharedStrings {
    text: String,
    ends: Vec<u32>,
}

impl SharedStrings {
    pub fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = match index {
            0 => 0,
            _ => self.ends[index - 1] as usize,
        };
        self.text.get(start..end)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }
}

/// Reads the table. Its strings count against the text budget on their own
/// (they are held alongside the rows), and there may be no more of them
/// than cells a file may have.
pub(crate) fn read<B: BufRead>(
    reader: B,
    part: &str,
    stop: &StopFlag,
    budget: &mut Budget,
) -> Result<SharedStrings, ReadProblem> {
    let limits = budget.limits;
    let mut events = Events::new(reader, part, stop);
    let mut table = SharedStrings::default();
    // The item being read, the text of its current <t>, and where we are.
    let mut item = String::new();
    let mut piece = String::new();
    let (mut in_item, mut in_text, mut phonetic, mut preserve) = (false, false, false, false);
    loop {
        match events.next(budget, None)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "si" => {
                    in_item = true;
                    item.clear();
                }
                "rPh" => phonetic = true,
                "t" if in_item && !phonetic => {
                    in_text = true;
                    piece.clear();
                    preserve = attribute(&e, "space").as_deref() == Some("preserve");
                }
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "si" => {
                push(&mut table, "", budget)?;
            }
            Event::Text(t) if in_text => piece.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => piece.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => push_reference(&r, &mut piece)?,
            Event::End(e) => match e.local_name().as_ref() {
                "t" if in_text => {
                    in_text = false;
                    item.push_str(&unescape_excel(trim_unpreserved(&piece, preserve)));
                    if item.len() > limits.max_cell_chars {
                        budget
                            .check_cell(0, "", &item)
                            .map_err(|_| too_long(&limits))?;
                    }
                }
                "rPh" => phonetic = false,
                "si" if in_item => {
                    in_item = false;
                    push(&mut table, &item, budget)?;
                }
                _ => {}
            },
            Event::Eof => return Ok(table),
            _ => {}
        }
    }
}

fn too_long(limits: &crate::ReadLimits) -> ReadProblem {
    ReadProblem::file(Message::new("err-file-cell-too-long").arg("limit", limits.max_cell_chars))
}

fn push(table: &mut SharedStrings, text: &str, budget: &Budget) -> Result<(), ReadProblem> {
    let limits = &budget.limits;
    if table.ends.len() >= limits.max_cells {
        return Err(ReadProblem::file(
            Message::new("err-file-too-many-cells").arg("limit", limits.max_cells),
        ));
    }
    if table.text.len() + text.len() > limits.max_text_bytes {
        return Err(ReadProblem::file(
            Message::new("err-file-text-too-large")
                .arg("limit", limits.max_text_bytes / (1024 * 1024)),
        ));
    }
    table.text.push_str(text);
    table
        .ends
        .push(u32::try_from(table.text.len()).unwrap_or(u32::MAX));
    Ok(())
}
