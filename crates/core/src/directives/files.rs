//! The document attached to a directive: a PDF or DOCX file, recognised by
//! its first bytes rather than its name, within a size limit, stored with
//! its SHA-256.

use chibo_domain::Message;
use chibo_store::DirectiveFile;

use super::progress::stored_directive;
use crate::access::{ReadAggregates, UnitAccess};
use crate::{CoreError, Db};

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
    Ok(DirectiveFile {
        file_name: crate::stored_file::stored_name(&file.file_name),
        media_type: media_type.to_owned(),
        sha256: crate::stored_file::sha256_hex(&file.content),
        content: file.content.clone(),
    })
}

/// An attached file as it is sent back.
#[derive(Debug, Clone)]
pub struct DownloadedFile {
    pub file_name: String,
    /// One of the types a file is taken as, never a stored text: the
    /// header a browser trusts comes from this list.
    pub media_type: &'static str,
    pub content: Vec<u8>,
}

/// The file attached to a directive, for whoever may read the directive
/// at the unit the access proves (a unit it reached: a cell only what
/// targets it, a committee its own part); `None` when it has none. A
/// directive that did not reach the unit is refused like a missing one.
pub async fn directive_file(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    directive_id: i64,
) -> Result<Option<DownloadedFile>, CoreError> {
    stored_directive(db, access, directive_id).await?;
    let Some((file_name, media_type, content)) = db.store().directive_file(directive_id).await?
    else {
        return Ok(None);
    };
    let media_type = [PDF, DOCX]
        .into_iter()
        .find(|known| *known == media_type)
        .unwrap_or("application/octet-stream");
    Ok(Some(DownloadedFile {
        file_name,
        media_type,
        content,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, content: &[u8]) -> AttachedFile {
        AttachedFile {
            file_name: name.to_owned(),
            content: content.to_vec(),
        }
    }

    #[test]
    fn files_are_known_by_their_first_bytes() {
        let pdf = checked(&file("kh.PDF", b"%PDF-1.7 ...")).unwrap();
        assert_eq!(pdf.media_type, PDF);
        // printf '%PDF-1.7 ...' | sha256sum
        assert_eq!(
            pdf.sha256,
            "cd98c5bce101ab55699a781edbbbe1200ca6e9379791420c3eb9b9fb73cbb173"
        );
        assert_eq!(
            checked(&file("kh.docx", b"PK\x03\x04rest"))
                .unwrap()
                .media_type,
            DOCX
        );
        // A zip named otherwise, or a PDF's name on other bytes, is refused.
        let refused = |f: AttachedFile| checked(&f).map(|_| ()).unwrap_err().id;
        assert_eq!(
            refused(file("kh.zip", b"PK\x03\x04rest")),
            "directive-file-kind"
        );
        assert_eq!(refused(file("kh.pdf", b"<html>")), "directive-file-kind");
        assert_eq!(refused(file("kh.pdf", b"")), "directive-file-empty");
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_FILE_BYTES + 1, b' ');
        assert_eq!(refused(file("kh.pdf", &big)), "directive-file-too-large");
    }
}
