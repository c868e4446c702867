//! Hostile spreadsheets, built the way an attacker would: small files that
//! lie about their size, forge cell references or decompress to gigabytes.
//! The regression tests and the hostile-file benchmark share them.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Trang1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>"#;
const SHEET_END: &str = "</sheetData></worksheet>";

/// The header row every hostile sheet starts with, so that a reader gets
/// past it to the attack.
pub const HEADER_ROW: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>ma</t></is></c><c r="B1" t="inlineStr"><is><t>ho_ten</t></is></c></row>"#;

/// One part of a package, possibly made of a chunk repeated many times so
/// that gigabytes are compressed without ever being held.
pub struct Part<'a> {
    pub name: &'a str,
    pub start: &'a str,
    pub repeated: &'a str,
    pub times: usize,
    pub end: &'a str,
}

impl<'a> Part<'a> {
    pub fn plain(name: &'a str, content: &'a str) -> Self {
        Part {
            name,
            start: content,
            repeated: "",
            times: 0,
            end: "",
        }
    }
}

/// A zip archive of `parts`, deflated at the fastest level: repeated
/// chunks compress to almost nothing at any level.
pub fn zip_of(parts: &[Part<'_>]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    for part in parts {
        zip.start_file(part.name, options).expect("zip entry");
        zip.write_all(part.start.as_bytes()).expect("zip write");
        for _ in 0..part.times {
            zip.write_all(part.repeated.as_bytes()).expect("zip write");
        }
        zip.write_all(part.end.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

/// A workbook whose first sheet's `<sheetData>` is `start`, then `repeated`
/// `times` times, then `end`; with shared strings when given.
pub fn workbook(
    start: &str,
    repeated: &str,
    times: usize,
    end: &str,
    shared: Option<&str>,
) -> Vec<u8> {
    let sheet_start = format!("{SHEET_START}{start}");
    let sheet_end = format!("{end}{SHEET_END}");
    let shared = shared.map(|s| {
        format!(r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{s}</sst>"#)
    });
    let mut parts = vec![
        Part::plain("[Content_Types].xml", CONTENT_TYPES),
        Part::plain("_rels/.rels", ROOT_RELS),
        Part::plain("xl/workbook.xml", WORKBOOK),
        Part::plain("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        Part {
            name: "xl/worksheets/sheet1.xml",
            start: &sheet_start,
            repeated,
            times,
            end: &sheet_end,
        },
    ];
    if let Some(shared) = &shared {
        parts.push(Part::plain("xl/sharedStrings.xml", shared));
    }
    zip_of(&parts)
}

/// A workbook whose sheet data is exactly `sheet_data`.
pub fn sheet(sheet_data: &str, shared: Option<&str>) -> Vec<u8> {
    workbook(sheet_data, "", 0, "", shared)
}

/// A hostile file, with the message a reader must refuse it with.
pub struct HostileFile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub refused_with: &'static str,
}

/// How big the bombs are: `Full` as the attacks were tried (gigabytes once
/// decompressed, for the benchmark), `Test` just past the web's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Full,
    Test,
}

/// The attacks the hardening was tried with: each file is a few kilobytes
/// to a few megabytes on disk.
pub fn catalogue(size: Size) -> Vec<HostileFile> {
    let full = size == Size::Full;
    let rows = if full { 2_000_000 } else { 300_001 };
    let row_bomb = (2..=rows + 1)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>1</v></c></row>"#))
        .collect::<String>();
    vec![
        HostileFile {
            name: "far-cell.xlsx",
            bytes: sheet(
                &format!(r#"{HEADER_ROW}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#),
                None,
            ),
            refused_with: "err-file-too-many-columns",
        },
        HostileFile {
            name: "forged-reference.xlsx",
            bytes: sheet(
                &format!(r#"{HEADER_ROW}<row r="4"><c r="ZZZZZ4294967295"><v>1</v></c></row>"#),
                None,
            ),
            refused_with: "err-file-cell-reference",
        },
        HostileFile {
            name: "inline-string-bomb.xlsx",
            bytes: workbook(
                &format!(r#"{HEADER_ROW}<row r="2"><c r="B2" t="inlineStr"><is><t>"#),
                &"a".repeat(1 << 20),
                if full { 4096 } else { 2 },
                "</t></is></c></row>",
                None,
            ),
            refused_with: "err-file-cell-too-long",
        },
        HostileFile {
            name: "tiny-rows.xlsx",
            bytes: sheet(&format!("{HEADER_ROW}{row_bomb}"), None),
            refused_with: "err-too-many-rows",
        },
        HostileFile {
            name: "shared-string-bomb.xlsx",
            bytes: {
                let one = format!("<si><t>{}</t></si>", "b".repeat(30_000));
                let parts = [
                    Part::plain("[Content_Types].xml", CONTENT_TYPES),
                    Part::plain("_rels/.rels", ROOT_RELS),
                    Part::plain("xl/workbook.xml", WORKBOOK),
                    Part::plain("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                    Part::plain(
                        "xl/worksheets/sheet1.xml",
                        "<worksheet><sheetData/></worksheet>",
                    ),
                    Part {
                        name: "xl/sharedStrings.xml",
                        start: "<sst>",
                        repeated: &one,
                        times: if full { 100_000 } else { 2_300 },
                        end: "</sst>",
                    },
                ];
                zip_of(&parts)
            },
            refused_with: "err-file-text-too-large",
        },
        HostileFile {
            name: "whitespace-bomb.xlsx",
            bytes: workbook(
                HEADER_ROW,
                &format!("<!---->{}", " ".repeat(1 << 20)),
                if full { 8192 } else { 400 },
                "",
                None,
            ),
            refused_with: "err-file-uncompressed-too-large",
        },
        HostileFile {
            name: "shared-string-index.xlsx",
            bytes: sheet(
                &format!(r#"{HEADER_ROW}<row r="2"><c r="A2" t="s"><v>4294967295</v></c></row>"#),
                Some("<si><t>x</t></si>"),
            ),
            refused_with: "err-file-shared-string",
        },
        HostileFile {
            name: "many-entries.xlsx",
            bytes: {
                let names: Vec<String> = (0..20_000).map(|i| format!("x/{i}")).collect();
                let parts: Vec<Part<'_>> = names.iter().map(|n| Part::plain(n, "")).collect();
                zip_of(&parts)
            },
            refused_with: "err-file-xlsx-entries",
        },
    ]
}
