//! What every attached file keeps, whoever attaches it (a directive's
//! document, a research product's report): the name as shown back, without
//! control characters and bounded, and the SHA-256 of the content in hex,
//! so one rule decides both for every kind of attachment.

use sha2::{Digest, Sha256};

/// The most characters of a file's name kept.
const MAX_NAME_CHARS: usize = 200;

/// The file's name as stored: control characters dropped, at most
/// `MAX_NAME_CHARS` characters.
pub(crate) fn stored_name(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect()
}

/// The SHA-256 of `content`, in lower-case hex.
pub(crate) fn sha256_hex(content: &[u8]) -> String {
    Sha256::digest(content)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_control_characters_and_length() {
        assert_eq!(stored_name("bao\r\ncao\u{7}.pdf"), "baocao.pdf");
        assert_eq!(stored_name(&"đ".repeat(300)).chars().count(), 200);
    }

    #[test]
    fn the_digest_is_hex_sha256() {
        // printf '' | sha256sum
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
