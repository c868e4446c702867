//! The span of days a norm check looks at, and its calendar months,
//! quarters and years.

use std::fmt;
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::Message;

/// Days from `from` to `to`, both included. The fields are private so that
/// `from <= to` always holds; build one with [`Period::new`], a calendar
/// constructor or [`Period::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

impl Period {
    /// The days from `from` to `to`, both included; an error when `to` is
    /// before `from`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, Message> {
        if to < from {
            return Err(Message::new("norm-period-reversed")
                .date("from", from)
                .date("to", to));
        }
        Ok(Period { from, to })
    }

    /// One day.
    pub fn day(date: NaiveDate) -> Period {
        Period {
            from: date,
            to: date,
        }
    }

    /// A calendar month; `None` for a month outside 1–12 or a year chrono
    /// cannot represent.
    pub fn month(year: i32, month: u32) -> Option<Period> {
        let from = NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(Period {
            from,
            to: last_day_of_month(year, month)?,
        })
    }

    /// A calendar quarter, 1 to 4.
    pub fn quarter(year: i32, quarter: u32) -> Option<Period> {
        if !(1..=4).contains(&quarter) {
            return None;
        }
        let first_month = (quarter - 1) * 3 + 1;
        Some(Period {
            from: NaiveDate::from_ymd_opt(year, first_month, 1)?,
            to: last_day_of_month(year, first_month + 2)?,
        })
    }

    /// A calendar year.
    pub fn year(year: i32) -> Option<Period> {
        Some(Period {
            from: NaiveDate::from_ymd_opt(year, 1, 1)?,
            to: NaiveDate::from_ymd_opt(year, 12, 31)?,
        })
    }

    /// Reads the ways people name a period: `2025-03` (a month), `2025-Q1`
    /// (a quarter, `q` also accepted), `2025` (a year), and a range of days
    /// written `01/03/2025-31/05/2025` (day first, as offices write dates;
    /// an en dash also separates) or `2025-03-01..2025-05-31`.
    pub fn parse(text: &str) -> Result<Period, Message> {
        let trimmed = text.trim();
        let invalid = || Message::new("norm-period-invalid").arg("text", trimmed);
        if trimmed.contains('/') {
            let (from, to) = trimmed.split_once(['-', '–']).unwrap_or((trimmed, trimmed));
            let from = parse_day_first(from).ok_or_else(invalid)?;
            let to = parse_day_first(to).ok_or_else(invalid)?;
            return Period::new(from, to);
        }
        if let Some((from, to)) = trimmed.split_once("..") {
            let from = parse_iso(from).ok_or_else(invalid)?;
            let to = parse_iso(to).ok_or_else(invalid)?;
            return Period::new(from, to);
        }
        let calendar = match trimmed.split_once('-') {
            None => number(trimmed, YEAR).and_then(Period::year),
            Some((year, rest)) => {
                number(year, YEAR).and_then(|year| match rest.strip_prefix(['Q', 'q']) {
                    Some(quarter) => number(quarter, 1..=1).and_then(|q| Period::quarter(year, q)),
                    None => number(rest, DAY_OR_MONTH).and_then(|m| Period::month(year, m)),
                })
            }
        };
        calendar.ok_or_else(invalid)
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// Whether every day of the period is before `today`: nothing can
    /// still happen in it.
    pub fn is_over_on(&self, today: NaiveDate) -> bool {
        self.to < today
    }

    /// The calendar months the period touches, each cut to the period.
    pub fn months(&self) -> Vec<Period> {
        self.slices(|date| {
            let (year, month) = (date.year(), date.month());
            Period::month(year, month)
        })
    }

    /// The calendar quarters the period touches, each cut to the period.
    pub fn quarters(&self) -> Vec<Period> {
        self.slices(|date| Period::quarter(date.year(), date.month0() / 3 + 1))
    }

    /// The calendar years the period touches, each cut to the period.
    pub fn years(&self) -> Vec<Period> {
        self.slices(|date| Period::year(date.year()))
    }

    /// Walks the calendar units holding the period's days, from the one
    /// holding `from` on, cutting each to the period.
    fn slices(&self, unit_of: impl Fn(NaiveDate) -> Option<Period>) -> Vec<Period> {
        let mut slices = Vec::new();
        let mut day = self.from;
        while day <= self.to {
            let Some(unit) = unit_of(day) else { break };
            let end = unit.to.min(self.to);
            slices.push(Period { from: day, to: end });
            match end.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        slices
    }

    fn is_calendar(&self, unit: Option<Period>) -> bool {
        unit == Some(*self)
    }
}

/// `2025-03`, `2025-Q1`, `2025` for calendar units, a day-first range
/// otherwise: what [`Period::parse`] reads back.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month) = (self.from.year(), self.from.month());
        if self.is_calendar(Period::month(year, month)) {
            write!(f, "{year:04}-{month:02}")
        } else if self.is_calendar(Period::quarter(year, self.from.month0() / 3 + 1)) {
            write!(f, "{year:04}-Q{}", self.from.month0() / 3 + 1)
        } else if self.is_calendar(Period::year(year)) {
            write!(f, "{year:04}")
        } else {
            write!(
                f,
                "{}-{}",
                self.from.format("%d/%m/%Y"),
                self.to.format("%d/%m/%Y")
            )
        }
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (next_year, next_month) = if month == 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()
}

/// A number written with a count of ASCII digits in `digits` (no sign, no
/// spaces), so that `25`, `2025-003` or `+2025` are refused rather than
/// guessed at.
fn number<T: std::str::FromStr>(text: &str, digits: RangeInclusive<usize>) -> Option<T> {
    let digits_only = text.bytes().all(|b| b.is_ascii_digit());
    (digits_only && digits.contains(&text.len()))
        .then(|| text.parse().ok())
        .flatten()
}

const YEAR: RangeInclusive<usize> = 4..=4;
const DAY_OR_MONTH: RangeInclusive<usize> = 1..=2;

fn parse_day_first(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().split('/');
    let day = number(parts.next()?, DAY_OR_MONTH)?;
    let month = number(parts.next()?, DAY_OR_MONTH)?;
    let year = number(parts.next()?, YEAR)?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

fn parse_iso(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}
