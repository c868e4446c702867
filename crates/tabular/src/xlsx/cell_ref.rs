//! Cell references (`B7`): the column letters and the row digits, each
//! bounded by what a worksheet can hold, so that a forged reference like
//! `ZZZZZ4294967295` is refused instead of believed.

/// Excel's last column (XFD) and row.
pub(crate) const LAST_COLUMN: usize = 16_384;
pub(crate) const LAST_ROW: usize = 1_048_576;

/// The zero-based column and one-based row of a reference, or `None` when
/// it is not a reference inside a worksheet.
pub(crate) fn parse(reference: &str) -> Option<(usize, usize)> {
    let bytes = reference.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut column = 0usize;
    for b in &bytes[..letters] {
        column = column * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    let digits = &reference[letters..];
    if digits.is_empty() || digits.len() > 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: usize = digits.parse().ok()?;
    (column <= LAST_COLUMN && (1..=LAST_ROW).contains(&row)).then_some((column - 1, row))
}

/// A row number attribute (`<row r="7">`), bounded the same way.
pub(crate) fn parse_row(text: &str) -> Option<usize> {
    if text.is_empty() || text.len() > 7 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: usize = text.parse().ok()?;
    (1..=LAST_ROW).contains(&row).then_some(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_inside_a_worksheet_read() {
        assert_eq!(parse("A1"), Some((0, 1)));
        assert_eq!(parse("b7"), Some((1, 7)));
        assert_eq!(parse("XFD1048576"), Some((16_383, 1_048_576)));
    }

    #[test]
    fn forged_references_are_refused() {
        for bad in [
            "ZZZZZ4294967295",
            "XFE1",
            "A0",
            "A1048577",
            "1",
            "A",
            "",
            "A1B",
            "AÁ1",
            "A-1",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(parse_row("4294967296"), None);
        assert_eq!(parse_row("0"), None);
        assert_eq!(parse_row("12"), Some(12));
    }
}
