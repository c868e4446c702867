//! Time is a parameter: tests and demonstrations fix "today" and "now".

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, FixedOffset, NaiveDate};

pub trait Clock: Send + Sync {
    /// The calendar date where chibo is used.
    fn today(&self) -> NaiveDate;
    /// Unix seconds, UTC: for sessions, throttling and the audit log.
    fn now(&self) -> i64;
}

/// Vietnam's time zone (UTC+7, no daylight saving): how instants are shown.
pub fn vietnam_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("valid offset")
}

/// An instant as a person in Vietnam reads it: dd/mm/yyyy hh:mm.
pub fn format_instant(seconds: i64) -> String {
    DateTime::from_timestamp(seconds, 0)
        .map(|t| {
            t.with_timezone(&vietnam_offset())
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn today(&self) -> NaiveDate {
        chrono::Local::now().date_naive()
    }

    fn now(&self) -> i64 {
        chrono::Utc::now().timestamp()
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
            .and_then(|t| t.and_local_timezone(vietnam_offset()).single())
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
            .map(|t| t.with_timezone(&vietnam_offset()).date_naive())
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
}
