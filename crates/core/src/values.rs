//! Parsing the values people type into spreadsheets.

use chrono::NaiveDate;

/// Accepts dd/mm/yyyy (also with `-` or `.` and one-digit day or month) as
/// Vietnamese offices write dates, and ISO yyyy-mm-dd as exports and scripts do.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    // Hand-written rather than chrono's format parser: imports call this for
    // every date cell of every row.
    let mut parts = raw.trim().split(['/', '-', '.']);
    let (first, second, third) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let number = |s: &str, max_len: usize| -> Option<u32> {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())?
    };
    let (year, month, day) = if first.len() == 4 {
        (number(first, 4)?, number(second, 2)?, number(third, 2)?)
    } else if third.len() == 4 {
        (number(third, 4)?, number(second, 2)?, number(first, 2)?)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// Writes a date the Vietnamese way, dd/mm/yyyy.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

pub fn parse_year(raw: &str) -> Option<i32> {
    let raw = raw.trim();
    (raw.len() == 4).then(|| raw.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_and_iso_dates() {
        let expected = NaiveDate::from_ymd_opt(2018, 3, 5).unwrap();
        for raw in [
            "05/03/2018",
            "5/3/2018",
            "05-03-2018",
            "05.03.2018",
            "2018-03-05",
            " 5/3/2018 ",
        ] {
            assert_eq!(parse_date(raw), Some(expected), "{raw}");
        }
        assert_eq!(parse_date("31/02/2018"), None);
        assert_eq!(parse_date("03/05/18"), None);
        assert_eq!(parse_date("hôm qua"), None);
        assert_eq!(parse_date("2018-3-5/1"), None);
        assert_eq!(parse_date("+5/03/2018"), None);
        assert_eq!(format_date(expected), "05/03/2018");
    }
}
