//! Small helpers shared by the readers of each part: attributes by local
//! name, text with its entities resolved, and errors that say why.

use std::borrow::Cow;

use chibo_domain::Message;
use quick_xml::events::{BytesRef, BytesStart};

use super::part::{Stop, StopFlag, damaged};
use crate::{ReadLimits, ReadProblem};

/// The value of the attribute whose local name is `name` (`r:id` → `id`).
pub(crate) fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(Cow::into_owned)
        })
}

/// An entity or character reference inside text, resolved; unknown entities
/// are a damaged file.
pub(crate) fn push_reference(
    reference: &BytesRef<'_>,
    out: &mut String,
) -> Result<(), ReadProblem> {
    let name = reference.xml10_content();
    if let Some(text) = quick_xml::escape::resolve_xml_entity(&name) {
        out.push_str(text);
        return Ok(());
    }
    match reference.resolve_char_ref() {
        Ok(Some(c)) => {
            out.push(c);
            Ok(())
        }
        _ => Err(damaged(format!("unknown entity &{name};"))),
    }
}

/// Turns a parser error into the problem to show: a limit the part reader
/// hit, or a damaged file naming the part.
pub(crate) fn xml_problem(
    stop: &StopFlag,
    limits: &ReadLimits,
    part: &str,
    row: Option<usize>,
    error: impl std::fmt::Display,
) -> ReadProblem {
    let message = match stop.get() {
        Some(Stop::Uncompressed) => Message::new("err-file-uncompressed-too-large")
            .arg("limit", limits.max_uncompressed_bytes / (1024 * 1024)),
        Some(Stop::Run) => {
            Message::new("err-file-cell-too-long").arg("limit", limits.max_cell_chars)
        }
        None => return damaged(format!("{part}: {error}")),
    };
    match row {
        Some(row) => ReadProblem::at_row(row, message),
        None => ReadProblem::file(message),
    }
}

/// Excel writes characters XML cannot hold as `_xHHHH_` (UTF-16 units) and
/// a literal `_x` as `_x005F_x`.
pub(crate) fn unescape_excel(text: &str) -> Cow<'_, str> {
    if !text.contains("_x") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut units: Vec<u16> = Vec::new();
    let mut rest = text;
    loop {
        let escape = rest
            .find("_x")
            .filter(|&i| parse_unit(&rest[i..]).is_some());
        match escape {
            Some(i) => {
                if i > 0 {
                    flush(&mut units, &mut out);
                    out.push_str(&rest[..i]);
                }
                units.extend(parse_unit(&rest[i..]));
                rest = &rest[i + 7..];
            }
            None => {
                flush(&mut units, &mut out);
                out.push_str(rest);
                return Cow::Owned(out);
            }
        }
    }
}

fn parse_unit(text: &str) -> Option<u16> {
    let bytes = text.as_bytes();
    if bytes.len() < 7 || &bytes[..2] != b"_x" || bytes[6] != b'_' {
        return None;
    }
    let hex = std::str::from_utf8(&bytes[2..6]).ok()?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(hex, 16).ok()
}

fn flush(units: &mut Vec<u16>, out: &mut String) {
    out.extend(
        char::decode_utf16(units.drain(..)).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)),
    );
}

/// Trims what Excel does not keep unless `xml:space="preserve"`.
pub(crate) fn trim_unpreserved(text: &str, preserve: bool) -> &str {
    if preserve {
        text
    } else {
        text.trim_matches([' ', '\t', '\r', '\n'])
    }
}

/// The events of one part, with errors turned into located problems and
/// the clock looked at as the budget says.
pub(crate) struct Events<B> {
    xml: quick_xml::Reader<B>,
    buf: Vec<u8>,
    part: String,
    stop: StopFlag,
}

impl<B: std::io::BufRead> Events<B> {
    pub fn new(reader: B, part: &str, stop: &StopFlag) -> Self {
        let mut xml = quick_xml::Reader::from_reader(reader);
        xml.config_mut().trim_text(false);
        Events {
            xml,
            buf: Vec::new(),
            part: part.to_owned(),
            stop: std::rc::Rc::clone(stop),
        }
    }

    /// The next event; `row` locates a problem in a worksheet.
    pub fn next(
        &mut self,
        budget: &mut crate::limits::Budget,
        row: Option<usize>,
    ) -> Result<quick_xml::events::Event<'_>, ReadProblem> {
        budget.tick()?;
        self.buf.clear();
        let limits = budget.limits;
        let (stop, part) = (&self.stop, &self.part);
        self.xml
            .read_event_into(&mut self.buf)
            .map_err(|e| xml_problem(stop, &limits, part, row, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_escapes_become_characters() {
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_excel("_xD83D__xDE00_"), "😀");
        assert_eq!(unescape_excel("_xD83D_"), "\u{FFFD}");
        assert_eq!(unescape_excel("_x12"), "_x12");
        assert_eq!(unescape_excel("Chi bộ _x"), "Chi bộ _x");
    }
}
