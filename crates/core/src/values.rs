//! Parsing the values people type into spreadsheets.

use chrono::NaiveDate;

/// Accepts dd/mm/yyyy (also with `-` or `.` and one-digit day or month) as
/// Vietnamese offices write dates, and ISO yyyy-mm-dd as exports and scripts do.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    if let Ok(date) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        return Some(date);
    }
    let parts: Vec<&str> = raw.split(['/', '-', '.']).collect();
    if let [day, month, year] = parts[..]
        && year.len() == 4
    {
        return NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    }
    None
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
        assert_eq!(format_date(expected), "05/03/2018");
    }
}
