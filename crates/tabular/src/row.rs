//! Rows of text as the rest of chibo reads them.

/// One row of a file. The cells are kept in one string with their end
/// offsets: a million-row file would otherwise hold eight million small
/// strings, which on an office PC is the difference between fitting and not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// As a spreadsheet numbers it: the header is row 1.
    pub number: usize,
    text: String,
    ends: Vec<u32>,
}

impl Row {
    /// A row of `cells`. The reader keeps a file's text under 4 GiB, which
    /// the `u32` offsets rely on.
    pub fn new<S: AsRef<str>>(number: usize, cells: impl IntoIterator<Item = S>) -> Row {
        let mut text = String::new();
        let mut ends = Vec::new();
        for cell in cells {
            text.push_str(cell.as_ref());
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        text.shrink_to_fit();
        ends.shrink_to_fit();
        Row { number, text, ends }
    }

    /// The cell in column `index`, if the row is that wide.
    pub fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = if index == 0 {
            0
        } else {
            self.ends[index - 1] as usize
        };
        self.text.get(start..end)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cells in order.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// Bytes of text held.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    /// The file name shown in messages.
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// The name to show for column `index`: its header, or its letter.
    pub fn column_label(&self, index: usize) -> String {
        column_label(&self.headers, index)
    }
}

pub(crate) fn column_label(headers: &[String], index: usize) -> String {
    match headers.get(index) {
        Some(header) if !header.is_empty() => header.clone(),
        _ => crate::column_name(index),
    }
}
