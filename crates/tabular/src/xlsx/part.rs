//! The parts of an XLSX package (a zip archive), read through a reader
//! that counts what is actually decompressed, whatever the archive claims,
//! and that refuses an endless run of text without markup, so that the XML
//! parser's buffer stays small.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{BufReader, Read, Seek};
use std::rc::Rc;

use chibo_domain::Message;
use zip::ZipArchive;
use zip::read::ZipFile;

use crate::{ReadLimits, ReadProblem};

/// An XLSX file never needs more parts than this; a forged directory
/// claiming millions would cost memory before the first byte is read.
const MAX_ENTRIES: u64 = 10_000;

/// Longest run of bytes without `<` or `>`: a cell at Excel's own limit,
/// written with the longest character references, stays well under it.
pub(crate) const MAX_RUN: usize = 1024 * 1024;

/// Why a part's reader refused to go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// More was decompressed than the limit allows.
    Uncompressed,
    /// A run of text without markup longer than [`MAX_RUN`].
    Run,
}

pub(crate) type StopFlag = Rc<Cell<Option<Stop>>>;

pub(crate) struct Archive<R: Read + Seek> {
    zip: ZipArchive<R>,
    /// Lower-case name → name as stored: some writers vary the case.
    names: HashMap<String, String>,
    /// Decompressed bytes still allowed, over all parts.
    left: Rc<Cell<u64>>,
    pub stop: StopFlag,
}

pub(crate) fn damaged(detail: impl std::fmt::Display) -> ReadProblem {
    ReadProblem::file(Message::new("err-file-xlsx").arg("detail", detail.to_string()))
}

impl<R: Read + Seek> Archive<R> {
    pub fn open(mut reader: R, limits: &ReadLimits) -> Result<Self, ReadProblem> {
        check_entry_count(&mut reader)?;
        let zip = ZipArchive::new(reader).map_err(damaged)?;
        let names = zip
            .file_names()
            .flatten()
            .map(|name| (name.to_ascii_lowercase(), name.into_owned()))
            .collect();
        Ok(Archive {
            zip,
            names,
            left: Rc::new(Cell::new(limits.max_uncompressed_bytes)),
            stop: Rc::new(Cell::new(None)),
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.names.contains_key(&name.to_ascii_lowercase())
    }

    /// The part `name`, decompressed as it is read, within the limits.
    pub fn part(&mut self, name: &str) -> Result<BufReader<Bounded<ZipFile<'_, R>>>, ReadProblem> {
        let stored = self
            .names
            .get(&name.to_ascii_lowercase())
            .ok_or_else(|| damaged(format!("{name} missing")))?;
        let entry = self.zip.by_name(stored).map_err(damaged)?;
        Ok(BufReader::new(Bounded {
            inner: entry,
            left: Rc::clone(&self.left),
            run: 0,
            stop: Rc::clone(&self.stop),
        }))
    }
}

/// Counts decompressed bytes against the shared allowance and the length of
/// the current run without markup.
pub(crate) struct Bounded<R> {
    inner: R,
    left: Rc<Cell<u64>>,
    run: usize,
    stop: StopFlag,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        let left = self.left.get();
        if n as u64 > left {
            return Err(self.refuse(Stop::Uncompressed));
        }
        self.left.set(left - n as u64);
        match memchr::memchr2(b'<', b'>', chunk) {
            None => self.run += n,
            Some(first) => {
                self.run += first;
                if self.run > MAX_RUN {
                    return Err(self.refuse(Stop::Run));
                }
                let last = memchr::memrchr2(b'<', b'>', chunk).unwrap_or(first);
                // Runs between markup inside one chunk are shorter than the
                // chunk, which BufReader keeps far below MAX_RUN.
                self.run = n - last - 1;
            }
        }
        if self.run > MAX_RUN {
            return Err(self.refuse(Stop::Run));
        }
        Ok(n)
    }
}

impl<R> Bounded<R> {
    fn refuse(&self, why: Stop) -> std::io::Error {
        self.stop.set(Some(why));
        std::io::Error::other("xlsx read limit")
    }
}

/// Reads the number of entries from the end of central directory record
/// (and its zip64 form) and refuses more than [`MAX_ENTRIES`] before the
/// zip reader allocates anything for them.
fn check_entry_count<R: Read + Seek>(reader: &mut R) -> Result<(), ReadProblem> {
    use std::io::SeekFrom;
    let size = reader.seek(SeekFrom::End(0)).map_err(damaged)?;
    // The record is 22 bytes plus a comment of at most 65,535.
    let tail_len = size.min(22 + 65_535);
    reader
        .seek(SeekFrom::Start(size - tail_len))
        .map_err(damaged)?;
    let mut tail = vec![0u8; tail_len as usize];
    reader.read_exact(&mut tail).map_err(damaged)?;
    reader.seek(SeekFrom::Start(0)).map_err(damaged)?;
    let Some(at) = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
    else {
        return Err(damaged("not a zip archive"));
    };
    let u16_at = |i: usize| u64::from(u16::from_le_bytes([tail[at + i], tail[at + i + 1]]));
    let mut entries = u16_at(10);
    if entries == 0xFFFF && at >= 20 {
        // The zip64 locator sits just before the record; it gives the
        // offset of the zip64 record, which holds the real count.
        let locator = &tail[at - 20..at];
        if locator[..4] == [0x50, 0x4b, 0x06, 0x07] {
            let mut offset = [0u8; 8];
            offset.copy_from_slice(&locator[8..16]);
            let offset = u64::from_le_bytes(offset);
            let mut record = [0u8; 40];
            reader.seek(SeekFrom::Start(offset)).map_err(damaged)?;
            reader.read_exact(&mut record).map_err(damaged)?;
            reader.seek(SeekFrom::Start(0)).map_err(damaged)?;
            if record[..4] != [0x50, 0x4b, 0x06, 0x06] {
                return Err(damaged("zip64 record missing"));
            }
            let mut count = [0u8; 8];
            count.copy_from_slice(&record[32..40]);
            entries = u64::from_le_bytes(count);
        }
    }
    if entries > MAX_ENTRIES {
        return Err(ReadProblem::file(
            Message::new("err-file-xlsx-entries").arg("limit", MAX_ENTRIES),
        ));
    }
    Ok(())
}

/// The directory of a part, for resolving relative targets.
pub(crate) fn directory_of(part: &str) -> &str {
    part.rfind('/').map_or("", |i| &part[..i])
}

/// A relationship target resolved against the directory of its source
/// part: `/xl/a.xml` is absolute, `worksheets/../b.xml` relative.
pub(crate) fn resolve(base_dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        base_dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            piece => parts.push(piece),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_their_part() {
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(resolve("xl", "/xl/worksheets/s.xml"), "xl/worksheets/s.xml");
        assert_eq!(
            resolve("xl/worksheets", "../sharedStrings.xml"),
            "xl/sharedStrings.xml"
        );
        assert_eq!(resolve("", "../../x.xml"), "x.xml");
    }
}
