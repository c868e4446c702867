//! The rollout of a meeting model (nhân rộng): waves of committees and
//! cells adopting a model version from a date, checked against the dated
//! tree and the earlier waves (`wave`), and the plain rule of when a cell
//! has adopted, month by month, from its meetings' records (`adoption`).
//! The tree's facts and the earlier waves come from the store, passed in
//! by the caller.

mod adoption;
mod wave;

pub use adoption::{
    AdoptionMeeting, Month, StepShare, follows_model, model_steps, month_of, month_start,
    months_between,
};
pub use wave::{EarlierWave, ListedUnit, MAX_UNITS, SubtreeUnit, Wave, WaveFacts};

use crate::Message;

/// A problem with one field of a wave (`name`, `units.2`, `start`…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolloutProblem {
    pub field: String,
    pub message: Message,
}

impl RolloutProblem {
    pub(crate) fn new(field: impl Into<String>, message: Message) -> RolloutProblem {
        RolloutProblem {
            field: field.into(),
            message,
        }
    }
}
