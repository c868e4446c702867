//! Pilots of a meeting model (thực nghiệm): the design an experiment is
//! planned with and the rules it keeps (`design`), the changes made after
//! its start, each a deviation with its reason (`deviation`), comparison
//! cells proposed for the pilot cells from their baseline indicators with
//! a recorded seed (`matching`), and the balance of the two arms
//! (`balance`), and the lessons drawn from a pilot with the model's next
//! version drafted from them (`lesson`). Which cells exist, their sectors and the running
//! experiments come from the store, passed in by the caller.

mod balance;
mod design;
mod deviation;
mod lesson;
mod matching;

pub use balance::{BalanceRow, balance_table, standardized_difference};
pub use design::{
    Arm, CellFacts, ComparisonCell, DEFAULT_INTERVENTION_MEETINGS, Design, MAX_CELLS,
    MAX_INTERVENTION_MEETINGS, MAX_NAME_LEN, MAX_OBSERVERS, MAX_REASON_LEN, Outcome, Status,
    SurveyWaves, Window,
};
pub use deviation::{FieldChange, changed_fields};
pub use lesson::{
    Lesson, LessonContext, MAX_LESSON_LINKS, MAX_LESSON_TEXT, ModelDraft, ProposedChange,
    StepDraft, draft_model, figure_keys,
};
pub use matching::{Candidate, Pair, propose_comparisons};

use crate::Message;

/// A problem with one field of an experiment's design (`pilot.2`,
/// `comparison.0.reason`, `outcomes`…), so a form or the command line can
/// point at what to correct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExperimentProblem {
    pub field: String,
    pub message: Message,
}

impl ExperimentProblem {
    pub(crate) fn new(field: impl Into<String>, message: Message) -> ExperimentProblem {
        ExperimentProblem {
            field: field.into(),
            message,
        }
    }
}
