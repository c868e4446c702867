//! Half-open date intervals `[from, to)`: the convention for everything dated.
//!
//! `to` is the first day on which the fact no longer holds (the day of the
//! reorganization, transfer or end), so consecutive periods share a boundary
//! and never overlap.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::Message;

/// The earliest date a period of the org tree or of a member may start or
/// end: the Party was founded in 1930, so no cell or member of it is older.
pub const EARLIEST_YEAR: i32 = 1930;
/// How far ahead a dated change may be recorded: a decision takes effect
/// within months, and a date years ahead is a typo (9999, 2204 for 2024).
pub const MONTHS_AHEAD: u32 = 12;

/// The window of plausible dates for a period on `today`: from
/// 01/01/1930 to a year after today, both included.
pub fn plausible_window(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let earliest = NaiveDate::from_ymd_opt(EARLIEST_YEAR, 1, 1).unwrap_or(NaiveDate::MIN);
    let latest = today
        .checked_add_months(Months::new(MONTHS_AHEAD))
        .unwrap_or(NaiveDate::MAX);
    (earliest, latest)
}

/// `date` when it lies in the [`plausible_window`] of `today`; otherwise a
/// message naming the window. Used wherever a period's date enters: member
/// and unit imports, reorganizations from the web and the command line.
pub fn plausible_date(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, Message> {
    let (earliest, latest) = plausible_window(today);
    if (earliest..=latest).contains(&date) {
        Ok(date)
    } else {
        Err(Message::new("err-date-implausible")
            .date("value", date)
            .date("min", earliest)
            .date("max", latest))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Validity {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Validity {
    /// `None` when `to` is not after `from`.
    pub fn new(from: NaiveDate, to: Option<NaiveDate>) -> Option<Self> {
        match to {
            Some(to) if to <= from => None,
            _ => Some(Self { from, to }),
        }
    }

    pub fn open(from: NaiveDate) -> Self {
        Self { from, to: None }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && self.to.is_none_or(|to| date < to)
    }

    pub fn is_open(&self) -> bool {
        self.to.is_none()
    }

    pub fn overlaps(&self, other: &Validity) -> bool {
        let starts_before_other_ends = other.to.is_none_or(|to| self.from < to);
        let other_starts_before_self_ends = self.to.is_none_or(|to| other.from < to);
        starts_before_other_ends && other_starts_before_self_ends
    }

    /// True when every day of `inner` lies inside `self`.
    pub fn covers(&self, inner: &Validity) -> bool {
        if inner.from < self.from {
            return false;
        }
        match (self.to, inner.to) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(outer_to), Some(inner_to)) => inner_to <= outer_to,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn half_open_contains() {
        let v = Validity::new(d("2018-01-01"), Some(d("2018-02-01"))).unwrap();
        assert!(v.contains(d("2018-01-01")));
        assert!(v.contains(d("2018-01-31")));
        assert!(!v.contains(d("2018-02-01")));
        assert!(!v.contains(d("2017-12-31")));
    }

    #[test]
    fn empty_interval_is_rejected() {
        assert!(Validity::new(d("2018-01-01"), Some(d("2018-01-01"))).is_none());
        assert!(Validity::new(d("2018-01-02"), Some(d("2018-01-01"))).is_none());
    }

    #[test]
    fn adjacent_periods_do_not_overlap() {
        let a = Validity::new(d("2018-01-01"), Some(d("2018-02-01"))).unwrap();
        let b = Validity::open(d("2018-02-01"));
        assert!(!a.overlaps(&b));
        assert!(!b.overlaps(&a));
        let c = Validity::open(d("2018-01-31"));
        assert!(a.overlaps(&c) && c.overlaps(&a));
    }

    #[test]
    fn covers() {
        let outer = Validity::open(d("2018-01-01"));
        let inner = Validity::new(d("2018-03-01"), Some(d("2019-01-01"))).unwrap();
        assert!(outer.covers(&inner));
        assert!(!inner.covers(&outer));
        assert!(inner.covers(&inner));
    }

    #[test]
    fn dates_beyond_a_year_ahead_or_before_1930_are_refused() {
        let today = d("2024-06-30");
        for ok in ["1930-01-01", "1975-04-30", "2024-06-30", "2025-06-30"] {
            assert_eq!(plausible_date(d(ok), today), Ok(d(ok)), "{ok}");
        }
        for bad in [
            "1929-12-31",
            "1900-01-01",
            "2025-07-01",
            "2204-01-01",
            "9999-12-31",
        ] {
            let message = plausible_date(d(bad), today).unwrap_err();
            assert_eq!(message.id, "err-date-implausible", "{bad}");
        }
        assert_eq!(
            plausible_window(NaiveDate::MAX).1,
            NaiveDate::MAX,
            "no overflow at the end of time"
        );
    }
}
