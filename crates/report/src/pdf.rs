//! A [`Document`] typeset as PDF. Compiling takes tens of milliseconds of
//! CPU: the web calls it on the blocking pool.

use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::world::ReportWorld;
use crate::{Document, ReportError};

/// The one template every document is laid out with; it reads the
/// document from `/data.json` and places each text as a string, so no
/// user text is ever parsed as markup.
const TEMPLATE: &str = include_str!("../templates/document.typ");

/// Writes `document` as a PDF file's bytes.
pub fn document_pdf(document: &Document) -> Result<Vec<u8>, ReportError> {
    let data = serde_json::to_vec(document)?;
    let result = compile(data);
    // typst memoizes layout across compiles; a server writing reports for
    // many cells would keep every one of them. Empty it every time.
    comemo::evict(0);
    result
}

fn compile(data: Vec<u8>) -> Result<Vec<u8>, ReportError> {
    let world = ReportWorld::new(TEMPLATE, data)
        .ok_or_else(|| ReportError::Typeset("the template's path was refused".to_owned()))?;
    let paged: PagedDocument = typst::compile(&world).output.map_err(|e| diagnostics(&e))?;
    typst_pdf::pdf(&paged, &PdfOptions::default()).map_err(|e| diagnostics(&e))
}

fn diagnostics(errors: &[typst::diag::SourceDiagnostic]) -> ReportError {
    let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
    ReportError::Typeset(messages.join("; "))
}
