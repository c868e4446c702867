//! The report writers checked through the tools people's machines read
//! them with: poppler's pdftotext and pdftoppm for the PDF, the zip's XML
//! and python-docx for the DOCX (scripts/test.sh installs them). Page
//! images land in target/report-artifacts/ for a person to look at.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic is how a test fails"
)]

mod docx;
mod pdf;

use std::path::PathBuf;
use std::process::Command;

use unicode_normalization::UnicodeNormalization;

/// target/report-artifacts, created on first use.
pub fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/report-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs a tool that must be installed, with a message saying how.
pub fn tool(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().unwrap_or_else(|e| {
        panic!("{program} is needed by these tests (Debian: poppler-utils, python3-docx; scripts/test.sh installs them): {e}")
    });
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Whitespace collapsed, so that words a layout broke over lines still
/// match; asserts the text is in NFC as extracted.
pub fn flat(text: &str) -> String {
    let nfc: String = text.nfc().collect();
    assert_eq!(nfc, text, "extracted text is not NFC");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentences every file of the sample must hold, as written.
pub const EXPECTED: [&str; 12] = [
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "ĐẢNG BỘ PHƯỜNG CÁI KHẾ",
    "CHI BỘ KHU VỰC 1",
    "Cái Khế, ngày 03 tháng 12 năm 2026",
    "BIÊN BẢN SINH HOẠT CHI BỘ",
    "Lê Văn Ơn, Phạm Thị Ửng, Đặng Quốc Việt",
    "Trần Văn Bình — Vắng có lý do: đi học tập trung",
    "Chi bộ tự chấm 92/100 điểm, xếp loại: Tốt.",
    "T/M CHI BỘ",
    "CHỦ TRÌ",
    "Trương Ưng Thơ",
    "Nguyễn Thị Ngọc Ánh",
];
