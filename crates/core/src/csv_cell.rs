//! Every CSV chibo writes goes through [`CsvWriter`], and every text cell
//! through [`neutralize`], so that opening an export in a spreadsheet never
//! runs what someone typed (CSV formula injection, OWASP): a cell starting
//! with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
//! apostrophe, which spreadsheets read as "this is text".
//!
//! Imports read CSV cells through [`restore`], the exact inverse, so that an
//! exported file imports back unchanged. For the pair to be a bijection, a
//! cell that already starts with apostrophes followed by one of those
//! characters (`'=x`) gains one more apostrophe too; `restore` removes
//! exactly one from any cell of that shape. XLSX cells are written as text
//! and read as they are: neither function applies to them.

use std::borrow::Cow;
use std::io::Write;

/// The first characters a spreadsheet may take for the start of a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// After any leading apostrophes, does `text` start like a formula?
fn formula_shaped(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_START)
}

/// `text` as it is safe to write in a CSV cell.
pub fn neutralize(text: &str) -> Cow<'_, str> {
    if formula_shaped(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A CSV cell as read back: the apostrophe [`neutralize`] added, removed.
pub fn restore(cell: &str) -> Cow<'_, str> {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_shaped(rest) => Cow::Borrowed(rest),
        _ => Cow::Borrowed(cell),
    }
}

/// One field of a record.
#[derive(Debug, Clone, Copy)]
pub enum Field<'a> {
    /// Text from people or files: neutralized.
    Text(&'a str),
    /// A number we formatted ourselves (`-3`, `12.5`): written as it is.
    Number(&'a str),
}

/// Writes UTF-8 CSV with a byte order mark (Excel needs it to read UTF-8),
/// RFC 4180 quoting and CRLF line ends.
pub struct CsvWriter<W: Write> {
    out: W,
    line: String,
}

impl<W: Write> CsvWriter<W> {
    /// Starts the file with its byte order mark.
    pub fn new(mut out: W) -> std::io::Result<Self> {
        out.write_all("\u{feff}".as_bytes())?;
        Ok(CsvWriter {
            out,
            line: String::new(),
        })
    }

    /// A record of text fields, each neutralized.
    pub fn text_record<S: AsRef<str>>(
        &mut self,
        fields: impl IntoIterator<Item = S>,
    ) -> std::io::Result<()> {
        self.line.clear();
        for (i, field) in fields.into_iter().enumerate() {
            push_field(&mut self.line, i, &neutralize(field.as_ref()));
        }
        self.end_line()
    }

    /// A record mixing text and numbers.
    pub fn record<'a>(
        &mut self,
        fields: impl IntoIterator<Item = Field<'a>>,
    ) -> std::io::Result<()> {
        self.line.clear();
        for (i, field) in fields.into_iter().enumerate() {
            match field {
                Field::Text(text) => push_field(&mut self.line, i, &neutralize(text)),
                Field::Number(number) => push_field(&mut self.line, i, number),
            }
        }
        self.end_line()
    }

    fn end_line(&mut self) -> std::io::Result<()> {
        self.line.push_str("\r\n");
        self.out.write_all(self.line.as_bytes())
    }

    /// Flushes and gives the output back.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Appends one field, quoted when it holds a comma, a semicolon (Excel in
/// a Vietnamese locale splits on it), a quote or a line end.
fn push_field(line: &mut String, index: usize, text: &str) {
    if index > 0 {
        line.push(',');
    }
    if text.contains([',', ';', '"', '\n', '\r']) {
        line.push('"');
        line.push_str(&text.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_an_apostrophe() {
        for (text, written) in [
            (
                "=HYPERLINK(\"http://evil\")",
                "'=HYPERLINK(\"http://evil\")",
            ),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'=1", "''=1"),
            ("''+1", "'''+1"),
        ] {
            assert_eq!(neutralize(text), written, "{text:?}");
        }
        for text in [
            "",
            "Chi bộ 1",
            "a=b",
            " =1",
            "'quoted'",
            "'",
            "1-2",
            "Đảng bộ",
        ] {
            assert_eq!(neutralize(text), text, "{text:?}");
        }
    }

    #[test]
    fn restore_is_the_inverse_of_neutralize() {
        for text in [
            "",
            "=1",
            "+",
            "-",
            "@",
            "\t",
            "\r",
            "'",
            "''",
            "'=1",
            "''=1",
            "'a",
            "a'",
            "=",
            "Nguyễn Văn A",
            "-",
            "'-'",
            "a=b",
        ] {
            assert_eq!(restore(&neutralize(text)), text, "{text:?}");
        }
        // What no export writes is read as it stands.
        assert_eq!(restore("'abc"), "'abc");
        assert_eq!(restore("abc"), "abc");
    }

    #[test]
    fn the_writer_quotes_and_neutralizes() {
        let mut writer = CsvWriter::new(Vec::new()).unwrap();
        writer
            .text_record(["=cmd|' /C calc'!A0", "a,b", "say \"hi\"", "x;y", "l1\nl2"])
            .unwrap();
        writer
            .record([Field::Number("-3"), Field::Text("-3"), Field::Text("")])
            .unwrap();
        let bytes = writer.finish().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\u{feff}'=cmd|' /C calc'!A0,\"a,b\",\"say \"\"hi\"\"\",\"x;y\",\"l1\nl2\"\r\n-3,'-3,\r\n"
        );
    }
}
