//! The additive counts every indicator is a ratio of.
//!
//! A cell's month of meetings reduces to one row of counters; a committee's
//! month is the sum of its cells' rows, a quarter the sum of its months.
//! Because every counter is a plain sum, rolling up the tree and over time
//! never needs the meetings again, and a changed meeting changes its
//! ancestors by the difference of its cell's rows.

use std::ops::{AddAssign, SubAssign};

use serde::{Deserialize, Serialize};

macro_rules! counters {
    ($($(#[doc = $doc:literal])* $name:ident => $column:literal,)*) => {
        /// One additive count. The snake-case name is the name in catalog
        /// files and the column name in the database.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Counter {
            $($(#[doc = $doc])* $name,)*
        }

        impl Counter {
            /// Every counter, in column order.
            pub const ALL: [Counter; COUNTER_COUNT] = [$(Counter::$name,)*];

            /// The column holding the counter.
            pub fn column(self) -> &'static str {
                match self {
                    $(Counter::$name => $column,)*
                }
            }
        }
    };
}

/// How many counters a row holds.
pub const COUNTER_COUNT: usize = 28;

counters! {
    /// Cell-months in which a cell was expected to meet (it existed on the
    /// month's first day).
    CellMonths => "cell_months",
    /// Of those, months with a regular meeting held (regular, or regular
    /// and thematic together).
    CellMonthsWithRegular => "cell_months_with_regular",
    /// Cell-quarters in which a cell was expected to hold a thematic
    /// meeting, counted in the quarter's last month.
    CellQuarters => "cell_quarters",
    /// Of those, quarters with a thematic meeting held.
    CellQuartersWithThematic => "cell_quarters_with_thematic",
    /// Meetings held (minutes held or approved), every kind.
    Meetings => "meetings",
    /// Held meetings whose minutes record a length.
    TimedMeetings => "timed_meetings",
    /// Their minutes, summed.
    MinutesTotal => "minutes_total",
    /// Held meetings with a minimum length (every kind but extraordinary).
    LengthJudgedMeetings => "length_judged_meetings",
    /// Of those, meetings lasting at least the minimum.
    LongEnoughMeetings => "long_enough_meetings",
    /// Members expected at held meetings (exempt members excluded), summed
    /// over meetings.
    Eligible => "eligible",
    /// Members present (late or leaving early included), summed.
    Present => "present",
    /// Unexcused absences, summed.
    Unexcused => "unexcused",
    /// Members reaching 3 unexcused absences in a calendar year, counted in
    /// the month of the third.
    FlaggedMembers => "flagged_members",
    /// Present members who spoke, summed.
    Speakers => "speakers",
    /// Tasks of the previous resolution due by a meeting, summed.
    TasksDue => "tasks_due",
    /// Of those, tasks done on time.
    TasksOnTime => "tasks_on_time",
    /// Held meetings with a final score.
    ScoredMeetings => "scored_meetings",
    /// Their final scores as tenths of a percent of the rubric's maximum,
    /// so that a 14-item framework and a 100-point rubric add up.
    ScorePermille => "score_permille",
    /// Held meetings with a final rating.
    RatedMeetings => "rated_meetings",
    RatedGood => "rated_good",
    RatedFair => "rated_fair",
    RatedAverage => "rated_average",
    RatedPoor => "rated_poor",
    /// Held meetings judged against the norms that apply to one meeting.
    NormJudgedMeetings => "norm_judged_meetings",
    /// Of those, meetings keeping every such norm.
    NormKeepingMeetings => "norm_keeping_meetings",
    /// Held meetings a superior-committee member attended.
    SuperiorAttended => "superior_attended",
    /// Held meetings rated by at least two raters (the cell and an
    /// evaluator, or two evaluators).
    ComparedMeetings => "compared_meetings",
    /// Of those, meetings where every rater gave the same rating.
    AgreeingMeetings => "agreeing_meetings",
}

/// One row of counters: a cell's month, or any sum of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Counters([i64; COUNTER_COUNT]);

impl Counters {
    pub fn from_values(values: [i64; COUNTER_COUNT]) -> Counters {
        Counters(values)
    }

    pub fn get(&self, counter: Counter) -> i64 {
        self.0[counter as usize]
    }

    pub fn add(&mut self, counter: Counter, amount: i64) {
        self.0[counter as usize] += amount;
    }

    /// Counts one more.
    pub fn count(&mut self, counter: Counter) {
        self.add(counter, 1);
    }

    /// Counts one more when `condition` holds.
    pub fn count_if(&mut self, counter: Counter, condition: bool) {
        if condition {
            self.count(counter);
        }
    }

    /// The values in column order.
    pub fn values(&self) -> &[i64; COUNTER_COUNT] {
        &self.0
    }

    /// Nothing counted: a row that need not be stored.
    pub fn is_zero(&self) -> bool {
        self.0.iter().all(|v| *v == 0)
    }
}

impl AddAssign<&Counters> for Counters {
    fn add_assign(&mut self, other: &Counters) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine += theirs;
        }
    }
}

impl SubAssign<&Counters> for Counters {
    fn sub_assign(&mut self, other: &Counters) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine -= theirs;
        }
    }
}

impl<'a> std::iter::Sum<&'a Counters> for Counters {
    fn sum<I: Iterator<Item = &'a Counters>>(iter: I) -> Counters {
        let mut total = Counters::default();
        for row in iter {
            total += row;
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_distinct_and_in_declaration_order() {
        let columns: std::collections::BTreeSet<_> =
            Counter::ALL.iter().map(|c| c.column()).collect();
        assert_eq!(columns.len(), COUNTER_COUNT);
        for (index, counter) in Counter::ALL.iter().enumerate() {
            assert_eq!(*counter as usize, index);
        }
    }

    #[test]
    fn rows_add_and_subtract_column_by_column() {
        let mut a = Counters::default();
        a.add(Counter::Present, 7);
        a.count(Counter::Meetings);
        let mut b = Counters::default();
        b.add(Counter::Present, 2);
        let mut sum = a;
        sum += &b;
        assert_eq!(sum.get(Counter::Present), 9);
        assert_eq!(sum.get(Counter::Meetings), 1);
        sum -= &a;
        assert_eq!(sum, b);
        assert_eq!([a, b].iter().sum::<Counters>().get(Counter::Present), 9);
    }
}
