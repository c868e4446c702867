use chibo_domain::Message;
use chibo_store::StoreError;

use crate::Problem;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The input has problems; nothing was written.
    #[error("{} problems in the input", .0.len())]
    Invalid(Vec<Problem>),
    /// The request cannot be carried out as asked.
    #[error("{0}")]
    Refused(Message),
    /// Not allowed, or not there: deliberately the same answer.
    #[error("{0}")]
    Denied(Message),
    /// Too many failed sign-ins; try again later.
    #[error("{0}")]
    Throttled(Message),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl CoreError {
    pub fn refused(message: Message) -> Self {
        CoreError::Refused(message)
    }

    pub fn invalid(problem: Problem) -> Self {
        CoreError::Invalid(vec![problem])
    }

    /// Whether a record the change relies on moved since it was read.
    pub fn is_conflict(&self) -> bool {
        matches!(self, CoreError::Store(StoreError::Conflict))
    }

    /// The conflict answer, for a caller that detects one itself.
    pub fn conflict() -> Self {
        CoreError::Store(StoreError::Conflict)
    }
}
