//! A file attached to a contracted product: a report (PDF, DOCX), a
//! table (XLSX, CSV) or a bundle (ZIP), recognised by its first bytes and
//! its name, within a size limit, stored with its SHA-256.

use chibo_domain::Message;
use chibo_store::{ProductFileWrite, StoreError};

use super::access::{EditProject, ProjectAccess};
use super::projects::invalid;
use crate::audit::AuditContext;
use crate::{Clock, CoreError, Db};

/// The largest file: a final report with its appendices, scanned. The
/// schema holds the same bound.
pub const MAX_PRODUCT_FILE_BYTES: usize = 20 * 1024 * 1024;

/// A file as received.
#[derive(Debug, Clone)]
pub struct ProductFile {
    pub file_name: String,
    pub content: Vec<u8>,
}

/// The media type of a file, or why it is refused.
fn media_type(file: &ProductFile) -> Result<&'static str, Message> {
    if file.content.is_empty() {
        return Err(Message::new("research-file-empty"));
    }
    if file.content.len() > MAX_PRODUCT_FILE_BYTES {
        return Err(Message::new("research-file-too-large")
            .arg("max_mb", MAX_PRODUCT_FILE_BYTES / (1024 * 1024))
            .arg(
                "size_mb",
                format!("{:.1}", file.content.len() as f64 / 1_048_576.0),
            ));
    }
    let lower = file.file_name.to_lowercase();
    let zip = file.content.starts_with(b"PK\x03\x04");
    if file.content.starts_with(b"%PDF-") {
        Ok("application/pdf")
    } else if zip && lower.ends_with(".docx") {
        Ok("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    } else if zip && lower.ends_with(".xlsx") {
        Ok("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    } else if zip && lower.ends_with(".zip") {
        Ok("application/zip")
    } else if lower.ends_with(".csv") && std::str::from_utf8(&file.content).is_ok() {
        Ok("text/csv")
    } else {
        Err(Message::new("research-file-kind"))
    }
}

/// Attaches `file` to the product `product`; returns the file's id.
pub async fn attach_file(
    db: &Db,
    clock: &dyn Clock,
    access: &ProjectAccess<EditProject>,
    author: &AuditContext,
    product: &str,
    file: &ProductFile,
) -> Result<i64, CoreError> {
    if access.project().product(product).is_none() {
        return Err(invalid(
            "product",
            Message::new("research-product-unknown").arg("product", product),
        ));
    }
    let media_type = media_type(file).map_err(|m| invalid("file", m))?;
    let write = ProductFileWrite {
        product_code: product.to_owned(),
        file_name: crate::stored_file::stored_name(&file.file_name),
        media_type: media_type.to_owned(),
        sha256: crate::stored_file::sha256_hex(&file.content),
        content: file.content.clone(),
    };
    let stored = access.stored();
    let entry = author.entry(
        clock,
        "attach",
        "research_file",
        &format!("{} {product}", stored.code),
        Some(&stored.unit),
        None::<&()>,
        Some(&(&write.file_name, &write.sha256, write.content.len())),
    );
    let mut tx = db.store().begin_write().await?;
    let id = match tx
        .insert_research_file(stored.id, &write, clock.now(), &[entry])
        .await
    {
        Ok(id) => id,
        Err(StoreError::Duplicate(_)) => {
            return Err(invalid(
                "file",
                Message::new("research-file-twice").arg("product", product),
            ));
        }
        Err(other) => return Err(other.into()),
    };
    tx.commit().await?;
    Ok(id)
}

/// A stored file's name, media type and content, for whoever reads the
/// project.
pub async fn product_file<P: super::access::ProjectPermission>(
    db: &Db,
    access: &ProjectAccess<P>,
    file_id: i64,
) -> Result<(String, String, Vec<u8>), CoreError> {
    db.store()
        .research_product_file(access.id(), file_id)
        .await?
        .ok_or_else(crate::access::denied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, content: &[u8]) -> ProductFile {
        ProductFile {
            file_name: name.to_owned(),
            content: content.to_vec(),
        }
    }

    #[test]
    fn files_are_known_by_their_bytes_and_bounded() {
        assert_eq!(
            media_type(&file("a.pdf", b"%PDF-1.4")),
            Ok("application/pdf")
        );
        assert_eq!(media_type(&file("a.csv", b"a,b\n1,2\n")), Ok("text/csv"));
        assert_eq!(
            media_type(&file("a.exe", b"MZ")).unwrap_err().id,
            "research-file-kind"
        );
        assert_eq!(
            media_type(&file("a.pdf", b"")).unwrap_err().id,
            "research-file-empty"
        );
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_PRODUCT_FILE_BYTES + 1, b' ');
        assert_eq!(
            media_type(&file("a.pdf", &big)).unwrap_err().id,
            "research-file-too-large"
        );
    }
}
