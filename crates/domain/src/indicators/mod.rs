//! Indicators of meeting quality (lượng hóa chỉ tiêu chất lượng).
//!
//! Every indicator is a ratio (or a count) of additive counters
//! ([`Counters`]). A cell's year of meetings becomes twelve month rows of
//! counters ([`cell_year_counters`]); a committee's rows are sums of its
//! cells' rows, and a period's the sum of its months. What each indicator
//! means, which way is better, its norm and how it aggregates is data: a
//! versioned [`Catalog`].

mod catalog;
mod cell_year;
mod counters;

pub use catalog::{Aggregation, Catalog, Direction, Formula, Indicator, Value, ValueUnit};
pub use cell_year::{CellYear, IndicatorMeeting, cell_year_counters};
pub use counters::{COUNTER_COUNT, Counter, Counters};
