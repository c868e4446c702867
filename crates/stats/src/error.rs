//! Error type shared by every function of the crate.

use thiserror::Error;

/// Everything that can go wrong in a statistical computation. No function of this crate panics
/// on bad input; it returns one of these instead.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum StatsError {
    /// Fewer (non-missing) observations than the method needs.
    #[error("too few observations for {what}: need at least {needed}, got {got}")]
    TooFewObservations {
        /// What was being counted (e.g. "sample x", "clusters").
        what: &'static str,
        /// Minimum required.
        needed: usize,
        /// Number available.
        got: usize,
    },
    /// The data have zero variance (or a degenerate rank structure) where the method divides by it.
    #[error("constant data / zero variance in {0}")]
    ZeroVariance(&'static str),
    /// Two inputs that must have the same length do not.
    #[error("mismatched lengths: {what} ({left} vs {right})")]
    MismatchedLengths {
        /// Which inputs.
        what: &'static str,
        /// Length of the first.
        left: usize,
        /// Length of the second.
        right: usize,
    },
    /// A parameter is out of its domain (e.g. a confidence level outside (0, 1)).
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
    /// Non-finite value (NaN or infinity) in the data.
    #[error("non-finite value in {0}")]
    NonFinite(&'static str),
    /// A design matrix is singular (collinear regressors).
    #[error("singular matrix: {0}")]
    Singular(&'static str),
    /// An iterative algorithm did not converge.
    #[error("no convergence: {0}")]
    NoConvergence(&'static str),
}

/// Result alias.
pub type Result<T> = std::result::Result<T, StatsError>;

pub(crate) fn invalid(msg: impl Into<String>) -> StatsError {
    StatsError::InvalidParameter(msg.into())
}

pub(crate) fn need(what: &'static str, needed: usize, got: usize) -> Result<()> {
    if got < needed {
        Err(StatsError::TooFewObservations { what, needed, got })
    } else {
        Ok(())
    }
}

/// Every named length equals `n`, the length of y.
pub(crate) fn same_lengths(n: usize, others: &[(&'static str, usize)]) -> Result<()> {
    match others.iter().find(|(_, len)| *len != n) {
        Some(&(what, right)) => Err(StatsError::MismatchedLengths {
            what,
            left: n,
            right,
        }),
        None => Ok(()),
    }
}

pub(crate) fn finite(what: &'static str, xs: &[f64]) -> Result<()> {
    if xs.iter().all(|x| x.is_finite()) {
        Ok(())
    } else {
        Err(StatsError::NonFinite(what))
    }
}

pub(crate) fn check_level(level: f64) -> Result<()> {
    if level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(invalid(format!(
            "confidence level must be in (0, 1), got {level}"
        )))
    }
}
