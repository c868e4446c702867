//! How much of a file the reader will take in. Every figure is checked
//! while reading, against what was actually read, never against what the
//! file says about itself: a spreadsheet can claim any size.

use std::time::{Duration, Instant};

use chibo_domain::Message;

use crate::ReadProblem;

/// Limits on one read. `command_line` fits a national import on a server;
/// `upload` keeps a web request within a bounded memory and time.
#[derive(Debug, Clone, Copy)]
pub struct ReadLimits {
    /// Size of the file as stored (compressed, for XLSX).
    pub max_bytes: u64,
    /// XLSX: bytes decompressed from all the parts read.
    pub max_uncompressed_bytes: u64,
    /// Data rows, after the header.
    pub max_rows: usize,
    /// Highest column a cell with a value may stand in.
    pub max_columns: usize,
    /// Cells kept, counting the empty ones between filled ones.
    pub max_cells: usize,
    /// Characters in one cell (Excel's own limit is 32,767).
    pub max_cell_chars: usize,
    /// Bytes of text kept from all cells (and, apart, from the shared strings).
    pub max_text_bytes: usize,
    /// The read stops with a problem once this much time has passed.
    pub time_limit: Option<Duration>,
}

/// Excel's own limit on the characters of a cell.
pub const EXCEL_CELL_CHARS: usize = 32_767;

impl ReadLimits {
    /// Files given to the command line: up to `max_bytes`, no time limit.
    pub fn command_line(max_bytes: u64) -> Self {
        ReadLimits {
            max_bytes,
            max_uncompressed_bytes: 16 * 1024 * 1024 * 1024,
            max_rows: 10_000_000,
            max_columns: 1_000,
            max_cells: 300_000_000,
            max_cell_chars: EXCEL_CELL_CHARS,
            // Text offsets are kept as u32, so this must stay under 4 GiB.
            max_text_bytes: 2 * 1024 * 1024 * 1024,
            time_limit: None,
        }
    }

    /// Files uploaded through the web: a city's roster fits (about 141,000
    /// members), and the worst file costs at most about 200 MB and 20 s.
    pub fn upload(max_bytes: u64) -> Self {
        ReadLimits {
            max_bytes,
            max_uncompressed_bytes: 384 * 1024 * 1024,
            max_rows: 300_000,
            max_columns: 1_000,
            max_cells: 6_000_000,
            max_cell_chars: EXCEL_CELL_CHARS,
            max_text_bytes: 64 * 1024 * 1024,
            time_limit: Some(Duration::from_secs(20)),
        }
    }
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits::command_line(512 * 1024 * 1024)
    }
}

/// What one read has used so far, against its limits.
pub(crate) struct Budget {
    pub limits: ReadLimits,
    deadline: Option<Instant>,
    ticks: u32,
    pub rows: usize,
    pub cells: usize,
    pub text_bytes: usize,
}

impl Budget {
    pub fn new(limits: ReadLimits) -> Self {
        Budget {
            limits,
            deadline: limits.time_limit.map(|d| Instant::now() + d),
            ticks: 0,
            rows: 0,
            cells: 0,
            text_bytes: 0,
        }
    }

    /// Called often while reading; looks at the clock now and then.
    pub fn tick(&mut self) -> Result<(), ReadProblem> {
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks.is_multiple_of(1024) {
            self.check_time()?;
        }
        Ok(())
    }

    pub fn check_time(&self) -> Result<(), ReadProblem> {
        match (self.deadline, self.limits.time_limit) {
            (Some(deadline), Some(limit)) if Instant::now() > deadline => Err(ReadProblem::file(
                Message::new("err-file-too-slow").arg("seconds", limit.as_secs()),
            )),
            _ => Ok(()),
        }
    }

    /// Accounts for one more data row of `cells` cells and `text` bytes.
    pub fn take_row(
        &mut self,
        number: usize,
        cells: usize,
        text: usize,
    ) -> Result<(), ReadProblem> {
        if self.rows >= self.limits.max_rows {
            return Err(ReadProblem::file(
                Message::new("err-too-many-rows").arg("limit", self.limits.max_rows),
            ));
        }
        self.rows += 1;
        self.take_cells(number, cells, text)
    }

    /// Accounts for cells kept outside the data rows (the header).
    pub fn take_cells(
        &mut self,
        number: usize,
        cells: usize,
        text: usize,
    ) -> Result<(), ReadProblem> {
        self.cells += cells;
        if self.cells > self.limits.max_cells {
            return Err(ReadProblem::at_row(
                number,
                Message::new("err-file-too-many-cells").arg("limit", self.limits.max_cells),
            ));
        }
        self.text_bytes += text;
        if self.text_bytes > self.limits.max_text_bytes {
            return Err(ReadProblem::at_row(
                number,
                Message::new("err-file-text-too-large")
                    .arg("limit", self.limits.max_text_bytes / (1024 * 1024)),
            ));
        }
        Ok(())
    }

    /// Refuses a cell longer than the limit, naming where it is.
    pub fn check_cell(&self, number: usize, column: &str, text: &str) -> Result<(), ReadProblem> {
        // Bytes bound characters from above: count only when it could matter.
        if text.len() > self.limits.max_cell_chars
            && text.chars().count() > self.limits.max_cell_chars
        {
            return Err(ReadProblem::at_cell(
                number,
                column,
                Message::new("err-file-cell-too-long").arg("limit", self.limits.max_cell_chars),
            ));
        }
        Ok(())
    }

    pub fn check_column(&self, number: usize, column: usize) -> Result<(), ReadProblem> {
        if column >= self.limits.max_columns {
            return Err(ReadProblem::at_cell(
                number,
                &crate::column_name(column),
                Message::new("err-file-too-many-columns").arg("limit", self.limits.max_columns),
            ));
        }
        Ok(())
    }
}
