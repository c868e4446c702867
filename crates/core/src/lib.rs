//! chibo's use cases. Each takes the store, a clock and its input, checks
//! everything first and writes in one transaction, so a failure leaves the
//! database as it was.

pub mod clock;
pub mod export;
pub mod import;
pub mod org_ops;
pub mod problem;
pub mod reference;
pub mod tabular;
pub mod values;

mod error;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::CoreError;
pub use problem::{Location, Problem};
