//! Printable reports: one [`Document`] (a letterhead in the party's
//! customary layout, blocks of text, lists and tables, signatures) written
//! as PDF through typst ([`pdf`]) or as DOCX ([`docx`]). The caller builds
//! the document in the reader's language; user text travels as data and is
//! never read as markup by either writer.

mod chart;
mod document;
pub mod docx;
mod fonts;
pub mod pdf;
pub mod sample;
mod world;

pub use document::{Block, Document, Letterhead, Run, Signatures, Signer, Table};

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The typesetter refused the document (a fault of ours, never of the
    /// user's text, which is data): the messages for the log.
    #[error("typesetting failed: {0}")]
    Typeset(String),
    #[error("writing the DOCX package failed: {0}")]
    Package(String),
    #[error("drawing a chart failed: {0}")]
    Chart(String),
    #[error("encoding the report's data failed: {0}")]
    Data(#[from] serde_json::Error),
}
