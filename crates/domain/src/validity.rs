//! Half-open date intervals `[from, to)`: the convention for everything dated.
//!
//! `to` is the first day on which the fact no longer holds (the day of the
//! reorganization, transfer or end), so consecutive periods share a boundary
//! and never overlap.

use chrono::NaiveDate;
use serde::Serialize;

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
}
