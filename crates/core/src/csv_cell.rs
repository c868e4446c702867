//! Every CSV chibo writes goes through [`CsvWriter`], and every text cell
//! through [`neutralize`], so that opening an export in a spreadsheet never
//! runs what someone typed (CSV formula injection, OWASP). The rule and its
//! inverse, which the CSV reader applies, live in `chibo_tabular::formula`.

use std::io::Write;

pub use chibo_tabular::formula::{neutralize, restore};

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
