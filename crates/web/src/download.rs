//! Files sent for download (CSV, XLSX): the headers every download needs,
//! with a Vietnamese file name that every browser saves correctly.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// CSV as `chibo_core::table_export::to_csv` writes it (UTF-8 with a BOM).
pub const CSV: &str = "text/csv; charset=utf-8";
/// An Excel workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A zip archive (a data package).
pub const ZIP: &str = "application/zip";

/// Longest ASCII fallback name, in characters.
const MAX_FALLBACK: usize = 120;

/// A download: `bytes` saved as `file_name` (UTF-8, e.g. "Xếp hạng chi bộ
/// 2025.xlsx"), never cached (exports hold names of people).
pub fn file_response(bytes: Vec<u8>, file_name: &str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, content_disposition(file_name)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}

/// `attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded`
/// (RFC 6266 with RFC 8187): browsers use the UTF-8 name, older clients the
/// fallback without tone marks.
pub fn content_disposition(file_name: &str) -> HeaderValue {
    let name = safe_name(file_name);
    let value = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_fallback(&name),
        percent_encode(&name)
    );
    // Only ASCII letters, digits, a few marks and %XX remain: always valid.
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// The name without path separators or control characters, trimmed of
/// spaces and leading dots; "download" when nothing is left.
fn safe_name(file_name: &str) -> String {
    let cleaned: String = file_name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    if trimmed.is_empty() {
        "download".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// ASCII letters without their tone marks ("Xếp hạng" → "Xep hang", "Đ" →
/// "D"); anything that is not a letter, digit, space or one of `-_.()`
/// becomes `_`.
fn ascii_fallback(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let folded: String = if c.is_ascii() {
            c.to_string()
        } else {
            let plain = chibo_domain::text::fold_for_search(&c.to_string());
            if c.is_uppercase() {
                plain.to_uppercase()
            } else {
                plain
            }
        };
        for f in folded.chars() {
            let keep = f.is_ascii_alphanumeric() || matches!(f, ' ' | '-' | '_' | '.' | '(' | ')');
            let f = if keep { f } else { '_' };
            if !(f == '_' && out.ends_with('_')) {
                out.push(f);
            }
        }
    }
    let out: String = out.chars().take(MAX_FALLBACK).collect();
    let out = out.trim().trim_start_matches('.').to_owned();
    if out.trim_matches(|c| c == '_' || c == '.').is_empty() {
        "download".to_owned()
    } else {
        out
    }
}

/// RFC 8187 `value-chars`: unreserved ASCII kept, every other byte `%XX`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_names_have_a_fallback_and_a_utf8_name() {
        let value = content_disposition("Xếp hạng chi bộ 2025.xlsx");
        assert_eq!(
            value.to_str().unwrap(),
            "attachment; filename=\"Xep hang chi bo 2025.xlsx\"; \
             filename*=UTF-8''X%E1%BA%BFp%20h%E1%BA%A1ng%20chi%20b%E1%BB%99%202025.xlsx"
        );
        let value = content_disposition("Đảng bộ \"Phường\" 5/2025: tỷ lệ.csv");
        assert_eq!(
            value.to_str().unwrap(),
            "attachment; filename=\"Dang bo _Phuong_ 5_2025_ ty le.csv\"; \
             filename*=UTF-8''%C4%90%E1%BA%A3ng%20b%E1%BB%99%20%22Ph%C6%B0%E1%BB%9Dng%22%205_2025%3A%20t%E1%BB%B7%20l%E1%BB%87.csv"
        );
    }

    #[test]
    fn odd_names_stay_harmless() {
        for (name, fallback) in [
            ("", "download"),
            ("../../etc/passwd", "_.._etc_passwd"),
            ("a\r\nb.csv", "a_b.csv"),
            ("中文.csv", "_.csv"),
            ("✓", "download"),
        ] {
            let value = content_disposition(name);
            let text = value.to_str().unwrap();
            assert!(
                text.starts_with(&format!(
                    "attachment; filename=\"{fallback}\"; filename*=UTF-8''"
                )),
                "{name:?}: {text}"
            );
            assert!(!text.contains('\r') && !text.contains('\n'));
        }
    }

    #[test]
    fn the_response_carries_the_headers() {
        let response = file_response(b"a,b\r\n".to_vec(), "Báo cáo.csv", CSV);
        let headers = response.headers();
        assert_eq!(headers[header::CONTENT_TYPE], CSV);
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert_eq!(
            headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"Bao cao.csv\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.csv"
        );
        assert_eq!(
            file_response(Vec::new(), "x.xlsx", XLSX).headers()[header::CONTENT_TYPE],
            XLSX
        );
    }
}
