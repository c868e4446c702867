//! chibo's use cases. Each takes the store, a clock and its input, checks
//! everything first and writes in one transaction, so a failure leaves the
//! database as it was.

pub mod access;
pub mod accounts;
pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod basis;
pub mod browse;
pub mod cell_year;
pub mod clock;
pub mod csv_cell;
pub mod dashboards;
pub mod datasets;
mod db;
pub mod directives;
pub mod evaluations;
pub mod experiments;
pub mod export;
pub mod grant_units;
pub mod idempotency;
pub mod import;
pub mod indicators;
pub mod kept;
pub mod meeting_form;
pub mod meetings;
pub mod models;
pub mod operator;
pub mod org_ops;
pub mod password_policy;
pub mod problem;
pub mod read_models;
pub mod reference;
pub mod replica;
pub mod research;
pub mod resident_rows;
pub mod rollout;
pub mod rubric_admin;
pub mod rubrics;
pub mod secrets;
mod stored_file;
pub mod surveys;
pub mod table_export;
pub mod tabular;
pub mod throttle;
pub mod values;

mod error;

pub use clock::{Clock, FixedClock, ManualClock, SystemClock, format_instant};
pub use db::{Db, DbWorkload, PoolUse};
pub use error::CoreError;
pub use problem::{Location, Problem};
