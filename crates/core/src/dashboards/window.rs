//! The months a dashboard reads, and the day whose tree lists the units.

use chibo_domain::norms::Period;
use chibo_domain::{Message, NaiveDate};
use chibo_store::{MonthSpan, UnitPlacement};
use chrono::{Datelike, Months};

use crate::CoreError;
use crate::indicators::period_months;

/// Twelve whole months at most three years long make a trend.
const TREND_MIN_MONTHS: usize = 12;
const TREND_MAX_MONTHS: usize = 36;

/// A period of whole months cut to what has begun, with the day whose tree
/// lists the units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub period: Period,
    /// (year, month), oldest first, none after today's month.
    pub months: Vec<(i32, u32)>,
    /// The units listed are those of the tree on this day.
    pub view_day: NaiveDate,
}

/// The twelve whole months before `today`'s month: a full year of figures
/// that no meeting still to come can change.
pub fn default_period(today: NaiveDate) -> Period {
    let this_month = today.with_day(1).unwrap_or(today);
    let from = this_month - Months::new(12);
    let to = this_month.pred_opt().unwrap_or(this_month);
    Period::new(from, to)
        .unwrap_or_else(|_| Period::year(today.year()).unwrap_or_else(|| Period::day(today)))
}

fn first_day(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

fn last_day(year: i32, month: u32) -> Option<NaiveDate> {
    Period::month(year, month).map(|p| p.to())
}

impl Window {
    /// The window of `period` for the unit `placement` places. Refused when
    /// the period is not whole months, has not begun, or the unit did not
    /// exist in it.
    pub fn new(
        period: Period,
        today: NaiveDate,
        placement: &UnitPlacement,
    ) -> Result<Window, CoreError> {
        let months = period_months(&period, today)?;
        let (Some(first), Some(last)) = (months.first(), months.last()) else {
            return Err(CoreError::refused(Message::new("dashboard-period-future")));
        };
        let start = first_day(first.0, first.1).unwrap_or(period.from());
        let end = last_day(last.0, last.1).unwrap_or(period.to()).min(today);
        // The placement's day is today for a living unit, its last day for
        // a dissolved one and its first for one not begun: brought into the
        // window, it is a day the unit existed, when there is one.
        let view_day = placement.reference_date.clamp(start, end);
        Ok(Window {
            period,
            months,
            view_day,
        })
    }

    /// The stored rows to read: per year, the year's own row when every
    /// month of it is in the window, else the span of its months.
    pub fn spans(&self) -> Vec<MonthSpan> {
        let mut spans: Vec<MonthSpan> = Vec::new();
        for (year, month) in &self.months {
            match spans.last_mut() {
                Some(span) if span.year == *year => span.last = *month,
                _ => spans.push(MonthSpan {
                    year: *year,
                    first: *month,
                    last: *month,
                }),
            }
        }
        for span in &mut spans {
            if span.first == 1 && span.last == 12 {
                *span = MonthSpan::year(span.year);
            }
        }
        spans
    }

    /// The window of as many months just before this one (for "compared
    /// with the previous period"); `None` before year 1.
    pub fn previous(&self, placement: &UnitPlacement) -> Option<Window> {
        let count = u32::try_from(self.months.len()).ok()?;
        let (year, month) = *self.months.first()?;
        let start = first_day(year, month)?;
        let from = start.checked_sub_months(Months::new(count))?;
        let to = start.pred_opt()?;
        let period = Period::new(from, to).ok()?;
        Window::new(period, to, placement).ok()
    }

    /// The months of a trend ending with this window: the window itself
    /// when it is at least a year, else the twelve months up to its end;
    /// never more than three years.
    pub fn trend(&self, placement: &UnitPlacement) -> Window {
        let Some((year, month)) = self.months.last().copied() else {
            return self.clone();
        };
        let count = self.months.len().clamp(TREND_MIN_MONTHS, TREND_MAX_MONTHS);
        let end = last_day(year, month);
        let from = first_day(year, month)
            .and_then(|d| d.checked_sub_months(Months::new(u32::try_from(count).ok()? - 1)));
        match (from, end) {
            (Some(from), Some(end)) => Period::new(from, end)
                .ok()
                .and_then(|p| Window::new(p, end, placement).ok())
                .map(|mut w| {
                    w.view_day = self.view_day;
                    w
                })
                .unwrap_or_else(|| self.clone()),
            _ => self.clone(),
        }
    }

    /// "03/2025" for each month of the window.
    pub fn month_labels(&self) -> Vec<String> {
        self.months
            .iter()
            .map(|(year, month)| format!("{month:02}/{year}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn placement(reference_date: NaiveDate) -> UnitPlacement {
        UnitPlacement {
            code: chibo_domain::UnitCode::parse("CT").unwrap(),
            name: "Thành phố".to_owned(),
            kind: chibo_domain::unit::UnitKind::CityCommittee,
            ancestors: Vec::new(),
            ancestor_names: Vec::new(),
            reference_date,
        }
    }

    #[test]
    fn the_default_period_is_the_twelve_months_before_this_one() {
        let period = default_period(day(2026, 11, 26));
        assert_eq!(period.from(), day(2025, 11, 1));
        assert_eq!(period.to(), day(2026, 10, 31));
    }

    #[test]
    fn whole_years_read_their_year_row_and_parts_read_months() {
        let today = day(2026, 11, 26);
        let period = Period::new(day(2024, 7, 1), day(2026, 12, 31)).unwrap();
        let window = Window::new(period, today, &placement(today)).unwrap();
        assert_eq!(
            window.spans(),
            vec![
                MonthSpan {
                    year: 2024,
                    first: 7,
                    last: 12
                },
                MonthSpan::year(2025),
                MonthSpan {
                    year: 2026,
                    first: 1,
                    last: 11
                },
            ]
        );
        assert_eq!(window.view_day, today);
    }

    #[test]
    fn a_past_period_lists_the_tree_of_its_last_day_and_a_dissolved_unit_its_own_last_day() {
        let today = day(2026, 11, 26);
        let q1 = Period::parse("2025-Q1").unwrap();
        assert_eq!(
            Window::new(q1, today, &placement(today)).unwrap().view_day,
            day(2025, 3, 31)
        );
        let ended = placement(day(2025, 2, 14));
        assert_eq!(
            Window::new(q1, today, &ended).unwrap().view_day,
            day(2025, 2, 14)
        );
    }

    #[test]
    fn previous_and_trend_windows() {
        let today = day(2026, 11, 26);
        let q2 = Period::parse("2025-Q2").unwrap();
        let window = Window::new(q2, today, &placement(today)).unwrap();
        let previous = window.previous(&placement(today)).unwrap();
        assert_eq!(previous.months, vec![(2025, 1), (2025, 2), (2025, 3)]);
        let trend = window.trend(&placement(today));
        assert_eq!(trend.months.len(), 12);
        assert_eq!(trend.months.first(), Some(&(2024, 7)));
        assert_eq!(trend.months.last(), Some(&(2025, 6)));
        assert_eq!(trend.month_labels()[0], "07/2024");
    }

    #[test]
    fn a_period_not_begun_is_refused() {
        let today = day(2026, 11, 26);
        let next_year = Period::parse("2027").unwrap();
        assert!(Window::new(next_year, today, &placement(today)).is_err());
    }
}
