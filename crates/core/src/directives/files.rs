//! The document attached to a directive: a PDF or DOCX file, recognised by
//! its first bytes rather than its name, within a size limit, stored with
//! its SHA-256.

use chibo_domain::Message;
use chibo_store::DirectiveFile;
use sha2::{Digest, Sha256};

/// The largest attached file: a scanned resolution of a few dozen pages.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

const PDF: &str = "application/pdf";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A file as received.
#[derive(Debug, Clone)]
pub struct AttachedFile {
    pub file_name: String,
    pub content: Vec<u8>,
}

/// The file to store, or what is wrong with it.
pub(crate) fn checked(file: &AttachedFile) -> Result<DirectiveFile, Message> {
    let refuse = |message: Message| message;
    if file.content.is_empty() {
        return Err(refuse(Message::new("directive-file-empty")));
    }
    if file.content.len() > MAX_FILE_BYTES {
        return Err(refuse(
            Message::new("directive-file-too-large").arg("max_mb", MAX_FILE_BYTES / (1024 * 1024)),
        ));
    }
    let lower = file.file_name.to_lowercase();
    let media_type = if file.content.starts_with(b"%PDF-") {
        PDF
    } else if file.content.starts_with(b"PK\x03\x04") && lower.ends_with(".docx") {
        DOCX
    } else {
        return Err(refuse(Message::new("directive-file-kind")));
    };
    let name: String = file
        .file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    Ok(DirectiveFile {
        file_name: name,
        media_type: media_type.to_owned(),
        sha256: Sha256::digest(&file.content)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        content: file.content.clone(),
    })
}
