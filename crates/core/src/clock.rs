//! Time is a parameter: tests and demonstrations fix "today" and "now".
//!
//! This module is the only place that reads the wall clock (a lint refuses
//! it elsewhere, see clippy.toml): everything else asks a [`Clock`].

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

pub trait Clock: Send + Sync {
    /// The calendar date where chibo is used.
    fn today(&self) -> NaiveDate;
    /// Unix seconds, UTC: for sessions, throttling and the audit log.
    fn now(&self) -> i64;
}

/// Vietnam's time zone, UTC+07:00. Vietnam has kept this offset, with no
/// daylight saving, since 1975, so a fixed offset is exact for every date
/// chibo records and no time zone database is needed.
const VIETNAM: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+07:00 is a valid offset"),
};

/// Vietnam's time zone: how instants are shown and dated.
pub fn vietnam_offset() -> FixedOffset {
    VIETNAM
}

/// The calendar date in Vietnam at an instant, whatever the time zone of
/// the server: before 07:00 in Vietnam it is still the previous day in UTC.
pub fn date_in_vietnam(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&VIETNAM).date_naive()
}

/// An instant as a person in Vietnam reads it: dd/mm/yyyy hh:mm.
pub fn format_instant(seconds: i64) -> String {
    DateTime::from_timestamp(seconds, 0)
        .map(|t| {
            t.with_timezone(&VIETNAM)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

/// The real time. The date is Vietnam's, never the server's local one: a
/// server set to UTC would otherwise date a meeting entered before 07:00 in
/// Vietnam on the day before.
#[allow(
    clippy::disallowed_methods,
    reason = "the one place that reads the wall clock"
)]
impl Clock for SystemClock {
    fn today(&self) -> NaiveDate {
        date_in_vietnam(Utc::now())
    }

    fn now(&self) -> i64 {
        Utc::now().timestamp()
    }
}

/// A fixed date; "now" is its midnight in Vietnam.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub NaiveDate);

impl Clock for FixedClock {
    fn today(&self) -> NaiveDate {
        self.0
    }

    fn now(&self) -> i64 {
        self.0
            .and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(VIETNAM).single())
            .map_or(0, |t| t.timestamp())
    }
}

/// A clock that tests move forward by hand, to expire sessions or lift a
/// login throttle.
#[derive(Debug, Default)]
pub struct ManualClock {
    seconds: AtomicI64,
}

impl ManualClock {
    pub fn starting_at(seconds: i64) -> Self {
        ManualClock {
            seconds: AtomicI64::new(seconds),
        }
    }

    pub fn advance(&self, seconds: i64) {
        self.seconds.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn today(&self) -> NaiveDate {
        DateTime::from_timestamp(self.now(), 0)
            .map(date_in_vietnam)
            .unwrap_or_default()
    }

    fn now(&self) -> i64 {
        self.seconds.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_read_in_vietnam_time() {
        // 2025-11-24 17:30 UTC is already the 25th in Can Tho.
        let clock = ManualClock::starting_at(1_764_005_400);
        assert_eq!(format_instant(clock.now()), "25/11/2025 00:30");
        assert_eq!(
            clock.today(),
            NaiveDate::from_ymd_opt(2025, 11, 25).unwrap()
        );
        let fixed = FixedClock(NaiveDate::from_ymd_opt(2025, 11, 25).unwrap());
        assert_eq!(format_instant(fixed.now()), "25/11/2025 00:00");
    }

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn the_date_turns_at_midnight_in_vietnam_not_on_the_server() {
        // 17:30 UTC is 00:30 on the next day in Vietnam; one second before
        // 17:00 UTC it is still 23:59:59 of the same day. The function takes
        // the instant alone, so the server's TZ cannot enter.
        assert_eq!(
            date_in_vietnam(utc("2026-12-03T17:30:00Z")),
            NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
        );
        assert_eq!(
            date_in_vietnam(utc("2026-12-03T16:59:59Z")),
            NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
        );
        assert_eq!(
            date_in_vietnam(utc("2026-12-03T17:00:00Z")),
            NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
        );
        // Vietnam has no daylight saving: midsummer turns at the same hour.
        assert_eq!(
            date_in_vietnam(utc("2026-06-30T16:59:59Z")),
            NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
        );
        assert_eq!(
            date_in_vietnam(utc("2026-06-30T17:00:00Z")),
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
        );
    }

    #[test]
    #[allow(
        clippy::disallowed_methods,
        reason = "brackets the system clock's own reading"
    )]
    fn the_system_clock_dates_in_vietnam() {
        // Read between two instants: its date is Vietnam's at one of them
        // (both unless midnight in Vietnam falls between), whatever TZ says.
        let before = Utc::now();
        let today = SystemClock.today();
        let after = Utc::now();
        assert!(
            today == date_in_vietnam(before) || today == date_in_vietnam(after),
            "{today} is not the date in Vietnam between {before} and {after}"
        );
    }
}
