//! Cells a spreadsheet would run as a formula (CSV formula injection,
//! OWASP): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return. Every CSV chibo writes passes text through [`neutralize`], which
//! adds a leading apostrophe (spreadsheets read it as "this is text"), and
//! the CSV reader passes every cell through [`restore`], the exact inverse,
//! so that an exported file imports back unchanged. For the pair to be a
//! bijection, a cell that already starts with apostrophes followed by one
//! of those characters (`'=x`) gains one more apostrophe too. XLSX cells are
//! written as text and read as they are: neither function applies.

use std::borrow::Cow;

/// The first characters a spreadsheet may take for the start of a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// After any leading apostrophes, does `text` start like a formula?
fn formula_shaped(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_START)
}

/// `text` as it is safe to write in a CSV cell.
pub fn neutralize(text: &str) -> Cow<'_, str> {
    if formula_shaped(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A CSV cell as read back: the apostrophe [`neutralize`] added, removed.
pub fn restore(cell: &str) -> Cow<'_, str> {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_shaped(rest) => Cow::Borrowed(rest),
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_an_apostrophe() {
        for (text, written) in [
            (
                "=HYPERLINK(\"http://evil\")",
                "'=HYPERLINK(\"http://evil\")",
            ),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'=1", "''=1"),
            ("''+1", "'''+1"),
        ] {
            assert_eq!(neutralize(text), written, "{text:?}");
        }
        for text in [
            "",
            "Chi bộ 1",
            "a=b",
            " =1",
            "'quoted'",
            "'",
            "1-2",
            "Đảng bộ",
        ] {
            assert_eq!(neutralize(text), text, "{text:?}");
        }
    }

    #[test]
    fn restore_is_the_inverse_of_neutralize() {
        for text in [
            "",
            "=1",
            "+",
            "-",
            "@",
            "\t",
            "\r",
            "'",
            "''",
            "'=1",
            "''=1",
            "'a",
            "a'",
            "=",
            "Nguyễn Văn A",
            "-",
            "'-'",
            "a=b",
        ] {
            assert_eq!(restore(&neutralize(text)), text, "{text:?}");
        }
        // What no export writes is read as it stands.
        assert_eq!(restore("'abc"), "'abc");
        assert_eq!(restore("abc"), "abc");
    }
}
