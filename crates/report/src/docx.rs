//! A [`Document`] written as a Word file (Office Open XML) by hand: the
//! few parts Word, LibreOffice and python-docx need, zipped. The layout
//! follows the PDF's: A4, margins 20/20/30/15 mm, Times New Roman 14 pt
//! (Liberation Serif has its metrics), the page number at the top centre
//! from the second page, tables whose header row repeats.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::chart::{Png, png};
use crate::{Block, Document, ReportError, Run, Signer, Table};

/// Twips (1/20 pt) across the text: A4's 210 mm less 30 and 15 mm.
const TEXT_WIDTH: u32 = 9355;
/// Sizes in half-points.
const BODY: u32 = 28;
const TITLE: u32 = 30;
const TABLE: u32 = 26;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

/// The document's relationships: its styles, its header, and one image
/// per chart (`rIdChart1`, …).
fn document_rels(charts: usize) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>"#,
    );
    for n in 1..=charts {
        let _ = write!(
            out,
            r#"<Relationship Id="rIdChart{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/chart{n}.png"/>"#
        );
    }
    out.push_str("</Relationships>");
    out
}

const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple></w:p></w:hdr>"#;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// The drawing namespaces the document part adds for charts.
const DRAWING_NS: &str = r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;

/// English Metric Units: 914,400 an inch, 9,525 a CSS pixel, 635 a twip.
const EMU_PER_PIXEL: u64 = 9525;
const EMU_PER_TWIP: u64 = 635;

fn styles(lang: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="{BODY}"/><w:szCs w:val="{BODY}"/><w:lang w:val="{lang}"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="100" w:line="264" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#,
        lang = xml(lang)
    )
}

fn core_properties(document: &Document) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:language>{}</dc:language></cp:coreProperties>"#,
        xml(&document.title),
        xml(&document.lang)
    )
}

/// Writes `document` as a DOCX file's bytes.
pub fn document_docx(document: &Document) -> Result<Vec<u8>, ReportError> {
    let (body, charts) = body(document)?;
    let core = core_properties(document);
    let styles = styles(&document.lang);
    let rels = document_rels(charts.len());
    let mut parts: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".to_owned(), CONTENT_TYPES.as_bytes()),
        ("_rels/.rels".to_owned(), ROOT_RELS.as_bytes()),
        ("docProps/core.xml".to_owned(), core.as_bytes()),
        ("word/_rels/document.xml.rels".to_owned(), rels.as_bytes()),
        ("word/styles.xml".to_owned(), styles.as_bytes()),
        ("word/header1.xml".to_owned(), HEADER.as_bytes()),
        ("word/document.xml".to_owned(), body.as_bytes()),
    ];
    for (i, png) in charts.iter().enumerate() {
        parts.push((
            format!("word/media/chart{}.png", i + 1),
            png.bytes.as_slice(),
        ));
    }
    let failed = |e: &dyn std::fmt::Display| ReportError::Package(e.to_string());
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    // PNG is compressed already.
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        let options = if name.ends_with(".png") {
            stored
        } else {
            options
        };
        writer.start_file(name, options).map_err(|e| failed(&e))?;
        writer.write_all(bytes).map_err(|e| failed(&e))?;
    }
    let cursor = writer.finish().map_err(|e| failed(&e))?;
    Ok(cursor.into_inner())
}

/// Text as XML character data: the five special characters escaped and
/// the characters XML 1.0 cannot carry dropped, so user text is text.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// How a paragraph sits.
#[derive(Clone, Copy)]
struct Para {
    align: Align,
    /// Left indent and hanging indent in twips (list items).
    hanging: Option<(u32, u32)>,
    keep_next: bool,
    /// Space after, in twips (default of the style when `None`).
    after: Option<u32>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Both,
    Center,
    Left,
}

const JUSTIFIED: Para = Para {
    align: Align::Both,
    hanging: None,
    keep_next: false,
    after: None,
};
const CENTERED: Para = Para {
    align: Align::Center,
    after: Some(0),
    ..JUSTIFIED
};

/// One run's properties.
#[derive(Clone, Copy, Default)]
struct Style {
    bold: bool,
    italic: bool,
    underline: bool,
    size: Option<u32>,
}

fn run(out: &mut String, text: &str, style: Style) {
    out.push_str("<w:r>");
    let mut props = String::new();
    if style.bold {
        props.push_str("<w:b/><w:bCs/>");
    }
    if style.italic {
        props.push_str("<w:i/><w:iCs/>");
    }
    // The schema's order: sizes before the underline.
    if let Some(size) = style.size {
        let _ = write!(props, r#"<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>"#);
    }
    if style.underline {
        props.push_str(r#"<w:u w:val="single"/>"#);
    }
    if !props.is_empty() {
        let _ = write!(out, "<w:rPr>{props}</w:rPr>");
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        let _ = write!(out, r#"<w:t xml:space="preserve">{}</w:t>"#, xml(line));
    }
    out.push_str("</w:r>");
}

fn paragraph(out: &mut String, para: Para, runs: &[(&str, Style)]) {
    out.push_str("<w:p><w:pPr>");
    if para.keep_next {
        out.push_str("<w:keepNext/>");
    }
    if let Some(after) = para.after {
        let _ = write!(out, r#"<w:spacing w:before="0" w:after="{after}"/>"#);
    }
    if let Some((left, hanging)) = para.hanging {
        let _ = write!(out, r#"<w:ind w:left="{left}" w:hanging="{hanging}"/>"#);
    }
    match para.align {
        Align::Both => {}
        Align::Center => out.push_str(r#"<w:jc w:val="center"/>"#),
        Align::Left => out.push_str(r#"<w:jc w:val="left"/>"#),
    }
    out.push_str("</w:pPr>");
    for (text, style) in runs {
        run(out, text, *style);
    }
    out.push_str("</w:p>");
}

fn styled(runs: &[Run]) -> Vec<(&str, Style)> {
    runs.iter()
        .map(|r| {
            (
                r.text.as_str(),
                Style {
                    bold: r.bold,
                    italic: r.italic,
                    ..Style::default()
                },
            )
        })
        .collect()
}

const BOLD: Style = Style {
    bold: true,
    italic: false,
    underline: false,
    size: None,
};

/// The document part, and the charts drawn as PNG in the order their
/// relationships number them.
fn body(document: &Document) -> Result<(String, Vec<Png>), ReportError> {
    let mut out = String::with_capacity(16 * 1024);
    let mut charts = Vec::new();
    let _ = write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {NS} {DRAWING_NS}><w:body>"#
    );
    letterhead(&mut out, document);
    if !document.notice.is_empty() {
        let italic = Style {
            italic: true,
            ..Style::default()
        };
        paragraph(&mut out, CENTERED, &[(document.notice.as_str(), italic)]);
    }
    let title = Style {
        size: Some(TITLE),
        ..BOLD
    };
    paragraph(
        &mut out,
        Para {
            after: Some(0),
            keep_next: true,
            ..CENTERED
        },
        &[(document.title.as_str(), title)],
    );
    if !document.subtitle.is_empty() {
        paragraph(
            &mut out,
            Para {
                after: Some(240),
                ..CENTERED
            },
            &[(document.subtitle.as_str(), BOLD)],
        );
    }
    for block in &document.blocks {
        match block {
            Block::Heading { text } => paragraph(
                &mut out,
                Para {
                    keep_next: true,
                    ..JUSTIFIED
                },
                &[(text.as_str(), BOLD)],
            ),
            Block::Paragraph { runs } => paragraph(&mut out, JUSTIFIED, &styled(runs)),
            Block::Bullets { items } => {
                for item in items {
                    let mut runs = vec![("– ", Style::default())];
                    runs.extend(styled(item));
                    paragraph(&mut out, list_item(), &runs);
                }
            }
            Block::Numbered { items } => {
                for (i, item) in items.iter().enumerate() {
                    let number = format!("{}. ", i + 1);
                    paragraph(
                        &mut out,
                        list_item(),
                        &[
                            (number.as_str(), Style::default()),
                            (item, Style::default()),
                        ],
                    );
                }
            }
            Block::Table(table) => bordered_table(&mut out, table),
            Block::Chart { svg, caption } => {
                charts.push(png(svg)?);
                let n = charts.len();
                if let Some(chart) = charts.last() {
                    picture(&mut out, chart, n, caption);
                }
                if !caption.is_empty() {
                    let italic = Style {
                        italic: true,
                        ..Style::default()
                    };
                    paragraph(&mut out, CENTERED, &[(caption.as_str(), italic)]);
                }
            }
        }
    }
    if let Some(signatures) = &document.signatures {
        paragraph(&mut out, JUSTIFIED, &[]);
        let half = TEXT_WIDTH / 2;
        plain_table(
            &mut out,
            &[half, TEXT_WIDTH - half],
            &[
                |out: &mut String, s: &Signer| signer(out, s),
                |out: &mut String, s: &Signer| signer(out, s),
            ],
            &[&signatures.left, &signatures.right],
        );
        // A document ends with a paragraph, not a table.
        paragraph(&mut out, JUSTIFIED, &[]);
    }
    let _ = write!(
        out,
        r#"<w:sectPr><w:headerReference w:type="default" r:id="rId2"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr></w:body></w:document>"#
    );
    Ok((out, charts))
}

/// A chart as an inline picture in its own centred paragraph, as wide as
/// it was drawn but never wider than the text.
fn picture(out: &mut String, chart: &Png, n: usize, caption: &str) {
    let natural = (f64::from(chart.width) * EMU_PER_PIXEL as f64) as u64;
    let text = u64::from(TEXT_WIDTH) * EMU_PER_TWIP;
    let cx = natural.clamp(1, text);
    let ratio = f64::from(chart.height) / f64::from(chart.width.max(1.0));
    let cy = ((cx as f64) * ratio).max(1.0) as u64;
    let _ = write!(
        out,
        r#"<w:p><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/><w:jc w:val="center"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{n}" name="Chart {n}" descr="{descr}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="chart{n}.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdChart{n}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#,
        descr = xml(caption)
    );
}

fn list_item() -> Para {
    Para {
        hanging: Some((567, 340)),
        ..JUSTIFIED
    }
}

fn signer(out: &mut String, signer: &Signer) {
    for line in &signer.lines {
        paragraph(out, CENTERED, &[(line.as_str(), BOLD)]);
    }
    for _ in 0..4 {
        paragraph(out, CENTERED, &[]);
    }
    paragraph(out, CENTERED, &[(signer.name.as_str(), BOLD)]);
}

/// The letterhead: a borderless two-column table, as typists set it.
fn letterhead(out: &mut String, document: &Document) {
    let left = TEXT_WIDTH * 4 / 9;
    plain_table(
        out,
        &[left, TEXT_WIDTH - left],
        &[
            |out: &mut String, d: &Document| {
                let head = &d.letterhead;
                paragraph(out, CENTERED, &[(head.superior.as_str(), Style::default())]);
                paragraph(out, CENTERED, &[(head.issuer.as_str(), BOLD)]);
                paragraph(out, CENTERED, &[("*", Style::default())]);
            },
            |out: &mut String, d: &Document| {
                let head = &d.letterhead;
                let party = Style {
                    underline: true,
                    size: Some(TITLE),
                    ..BOLD
                };
                paragraph(
                    out,
                    Para {
                        after: Some(120),
                        ..CENTERED
                    },
                    &[(head.party.as_str(), party)],
                );
                let italic = Style {
                    italic: true,
                    ..Style::default()
                };
                paragraph(out, CENTERED, &[(head.place_date.as_str(), italic)]);
            },
        ],
        &[document, document],
    );
    paragraph(out, JUSTIFIED, &[]);
}

/// A borderless table of one row whose cells are written by `cells`.
fn plain_table<T: ?Sized>(
    out: &mut String,
    widths: &[u32],
    cells: &[fn(&mut String, &T)],
    values: &[&T],
) {
    let _ = write!(
        out,
        r#"<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#
    );
    for w in widths {
        let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
    }
    out.push_str(r#"</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>"#);
    for ((w, cell), value) in widths.iter().zip(cells).zip(values) {
        let _ = write!(
            out,
            r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>"#
        );
        cell(out, value);
        out.push_str("</w:tc>");
    }
    out.push_str("</w:tr></w:tbl>");
}

/// A ruled table whose first row repeats on every page.
fn bordered_table(out: &mut String, table: &Table) {
    let total: u32 = table.widths.iter().sum::<u32>().max(1);
    let widths: Vec<u32> = table
        .widths
        .iter()
        .map(|w| TEXT_WIDTH * w / total)
        .collect();
    let border = r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#;
    let _ = write!(
        out,
        r#"<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#
    );
    for w in &widths {
        let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
    }
    out.push_str("</w:tblGrid>");
    let cell_style = |bold: bool| Style {
        bold,
        size: Some(TABLE),
        ..Style::default()
    };
    let row = |out: &mut String, cells: &[String], header: bool| {
        out.push_str("<w:tr>");
        if header {
            out.push_str("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
        }
        for (w, text) in widths.iter().zip(cells) {
            let _ = write!(
                out,
                r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>"#
            );
            // Cell text is not justified: long names would stretch.
            let para = Para {
                align: if header { Align::Center } else { Align::Left },
                after: Some(0),
                ..JUSTIFIED
            };
            paragraph(out, para, &[(text.as_str(), cell_style(header))]);
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    };
    row(out, &table.header, true);
    for cells in &table.rows {
        row(out, cells, false);
    }
    out.push_str("</w:tbl>");
    // Word needs a paragraph between a table and what follows.
    paragraph(
        out,
        Para {
            after: Some(0),
            ..JUSTIFIED
        },
        &[],
    );
}
