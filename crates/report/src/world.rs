//! The smallest typst World that compiles a report: one template, one
//! data file, the embedded fonts. Nothing else is reachable: no packages,
//! no file system, no clock.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::fonts;

/// Where the template finds the report's data: `json("/data.json")`.
pub(crate) const DATA_PATH: &str = "/data.json";

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

static FONTS: LazyLock<Vec<Font>> = LazyLock::new(|| {
    fonts::FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect()
});

static BOOK: LazyLock<LazyHash<FontBook>> =
    LazyLock::new(|| LazyHash::new(FontBook::from_fonts(FONTS.iter())));

fn project_file(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

static MAIN_ID: LazyLock<Option<FileId>> = LazyLock::new(|| project_file("/main.typ"));
static DATA_ID: LazyLock<Option<FileId>> = LazyLock::new(|| project_file(DATA_PATH));

pub(crate) struct ReportWorld {
    main: Source,
    data: Bytes,
}

impl ReportWorld {
    /// A world whose main file is `template` and whose `/data.json` holds
    /// `data`; `None` only if typst refuses our own fixed paths.
    pub(crate) fn new(template: &'static str, data: Vec<u8>) -> Option<ReportWorld> {
        let main_id = (*MAIN_ID)?;
        Some(ReportWorld {
            main: Source::new(main_id, template.to_owned()),
            data: Bytes::new(data),
        })
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &BOOK
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if Some(id) == *DATA_ID {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.get(index).cloned()
    }

    /// Reports carry their own dates; the typesetter never reads a clock.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
