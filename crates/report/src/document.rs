//! What a report holds, independent of the file it is written to. Every
//! text is already in the reader's language; the writers only lay it out.

use serde::Serialize;

/// One report.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// BCP 47 language of the text ("vi", "en"), for hyphenation and the
    /// file's metadata.
    pub lang: String,
    pub letterhead: Letterhead,
    /// The title, set in bold capitals (e.g. "BIÊN BẢN").
    pub title: String,
    /// The line under the title (bold), e.g. the kind of meeting.
    pub subtitle: String,
    /// A notice above the title, e.g. that the minutes are not approved.
    pub notice: String,
    pub blocks: Vec<Block>,
    pub signatures: Option<Signatures>,
}

/// The two-column heading of party documents (Hướng dẫn 36-HD/VPTW):
/// the superior committee and the issuing body on the left, the party's
/// name with place and date on the right.
#[derive(Debug, Clone, Serialize)]
pub struct Letterhead {
    /// The superior committee, written in capitals.
    pub superior: String,
    /// The issuing body, written in bold capitals with "*" below.
    pub issuer: String,
    /// "ĐẢNG CỘNG SẢN VIỆT NAM" (the same in every language).
    pub party: String,
    /// "Cái Khế, ngày 03 tháng 12 năm 2026", set in italics.
    pub place_date: String,
}

impl Letterhead {
    /// The names as the layout prints them: in capitals.
    pub fn new(superior: &str, issuer: &str, place_date: String) -> Letterhead {
        Letterhead {
            superior: superior.to_uppercase(),
            issuer: issuer.to_uppercase(),
            party: PARTY.to_owned(),
            place_date,
        }
    }
}

/// The party's name heads every document in Vietnamese, whatever the
/// reader's language.
pub const PARTY: &str = "ĐẢNG CỘNG SẢN VIỆT NAM";

/// A piece of a paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }

    pub fn bold(text: impl Into<String>) -> Run {
        Run {
            bold: true,
            ..Run::plain(text)
        }
    }

    pub fn italic(text: impl Into<String>) -> Run {
        Run {
            italic: true,
            ..Run::plain(text)
        }
    }
}

/// A table whose header row repeats on every page it runs over.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub header: Vec<String>,
    /// Relative widths of the columns (same length as `header`).
    pub widths: Vec<u32>,
    pub rows: Vec<Vec<String>>,
}

/// One block of the body, in reading order.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A section heading (bold).
    Heading {
        text: String,
    },
    /// A paragraph; line breaks in a run's text are kept.
    Paragraph {
        runs: Vec<Run>,
    },
    /// Items introduced by a dash.
    Bullets {
        items: Vec<Vec<Run>>,
    },
    /// Items numbered 1., 2., …
    Numbered {
        items: Vec<String>,
    },
    Table(Table),
    /// A chart drawn as SVG (the dashboards' own charts), kept whole on
    /// one page, with an optional caption below.
    Chart {
        svg: String,
        caption: String,
    },
}

impl Block {
    pub fn heading(text: impl Into<String>) -> Block {
        Block::Heading { text: text.into() }
    }

    pub fn text(text: impl Into<String>) -> Block {
        Block::Paragraph {
            runs: vec![Run::plain(text)],
        }
    }

    /// A chart with no caption: the heading above names it.
    pub fn chart(svg: impl Into<String>) -> Block {
        Block::Chart {
            svg: svg.into(),
            caption: String::new(),
        }
    }

    /// "Label: value", the label in bold.
    pub fn labelled(label: &str, value: impl Into<String>) -> Block {
        Block::Paragraph {
            runs: vec![Run::bold(format!("{label}: ")), Run::plain(value)],
        }
    }
}

/// Who signs, side by side at the end.
#[derive(Debug, Clone, Serialize)]
pub struct Signatures {
    pub left: Signer,
    pub right: Signer,
}

/// One signature: the capacity lines in bold capitals ("T/M CHI BỘ",
/// "CHỦ TRÌ"), room to sign, then the name.
#[derive(Debug, Clone, Serialize)]
pub struct Signer {
    pub lines: Vec<String>,
    pub name: String,
}
