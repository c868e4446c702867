//! Pure statistics for chibo.
//!
//! No IO, no async, no unsafe. Every public function validates its input and returns
//! [`StatsError`] instead of panicking. Reference values for the golden tests come from SciPy,
//! statsmodels and pingouin (see `crates/stats/reference/generate_golden.py`), and the formulas
//! are documented in `docs/statistics.md`.

pub mod error;
pub mod special;

pub use error::{Result, StatsError};
pub mod bootstrap;
pub mod descriptive;
pub mod design;
pub mod effect;
pub mod hypothesis;
pub mod linalg;
pub mod regression;
pub mod reliability;
pub mod staggered;
pub mod wild;

pub use bootstrap::Rng;
pub use descriptive::{Descriptive, describe};
pub use hypothesis::{Alternative, RankMethod, TestResult, Variant, ZeroMethod};
pub use regression::CovType;
