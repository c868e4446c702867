//! A calendar month, as contents are planned ("12/2016").

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        ((1..=12).contains(&month) && (1930..=2200).contains(&year))
            .then_some(YearMonth { year, month })
    }

    pub fn of(date: NaiveDate) -> YearMonth {
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    /// Reads `12/2016` (as written on paper) or `2016-12` (ISO).
    pub fn parse(raw: &str) -> Option<YearMonth> {
        let raw = raw.trim();
        let (year, month) = if let Some((m, y)) = raw.split_once('/') {
            (y, m)
        } else {
            raw.split_once('-')?
        };
        YearMonth::new(year.trim().parse().ok()?, month.trim().parse().ok()?)
    }

    /// Months from `self` to `other` counted inclusively (12/2016 to
    /// 11/2018 is 24).
    pub fn months_to(self, other: YearMonth) -> i32 {
        (other.year - self.year) * 12 + other.month as i32 - self.month as i32 + 1
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:04}", self.month, self.year)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        YearMonth::parse(&raw)
            .ok_or_else(|| serde::de::Error::custom(format!("not a month: {raw}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_read_both_ways_and_count_inclusively() {
        let start = YearMonth::parse("12/2016").unwrap();
        let end = YearMonth::parse("2018-11").unwrap();
        assert_eq!(start.months_to(end), 24);
        assert_eq!(start.to_string(), "12/2016");
        assert_eq!(end.iso(), "2018-11");
        assert!(start < end);
        assert_eq!(YearMonth::parse("13/2016"), None);
        assert_eq!(YearMonth::parse("x"), None);
    }
}
