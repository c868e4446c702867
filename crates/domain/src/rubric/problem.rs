//! Problems found in a rubric, in the facts of a meeting or in the scores
//! people gave, each pointing at what it concerns.

use serde::Serialize;

use super::Rating;
use crate::Message;

/// What a problem is about, so that a form or a file can point at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "code", rename_all = "snake_case")]
pub enum Concern {
    /// The rubric as a whole (its code, names, total).
    Rubric,
    /// A criteria group, by code.
    Group(String),
    /// A rubric item, by code (also a manual score given for that code).
    Item(String),
    /// The rule turning points or passed groups into a rating.
    RatingRule,
    /// The gate on a rating.
    Gate(Rating),
    /// A fact of the meeting that contradicts another.
    Fact(Fact),
    /// The rule rating a cell's year from its meetings.
    AnnualRule,
}

/// The counted facts of a meeting that can contradict one another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    Present,
    UnexcusedAbsences,
    MembersAbsentThreeInARow,
    Speakers,
    PreviousTasksDoneOnTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RubricProblem {
    pub concern: Concern,
    pub message: Message,
}

impl RubricProblem {
    pub fn new(concern: Concern, message: Message) -> Self {
        Self { concern, message }
    }

    pub fn rubric(message: Message) -> Self {
        Self::new(Concern::Rubric, message)
    }

    pub fn group(code: &str, message: Message) -> Self {
        Self::new(Concern::Group(code.to_owned()), message)
    }

    pub fn item(code: &str, message: Message) -> Self {
        Self::new(Concern::Item(code.to_owned()), message)
    }
}
