//! Directives of superior committees (văn bản chỉ đạo) and their execution
//! down the tree: the document and its key (`document`), the record a
//! committee issues with its target and deadlines per level (`record`,
//! `deadlines`), what one target unit did and which deadlines it missed
//! (`execution`), and the indicators of one directive as additive counters
//! (`indicators`). Stages and indicators follow shared/domain/directives.md;
//! which units a target reaches and when a unit existed come from the stored
//! tree, passed in by the caller.

mod deadlines;
mod document;
mod execution;
mod indicators;
mod record;
mod tally;

pub use deadlines::{Due, Level, LevelDeadlines, Stage};
pub use document::{DirectiveKey, DocumentNumber, DocumentNumberError, DocumentType};
pub use execution::{
    CheckRating, Event, EventKind, Execution, LinkedTask, MissedDeadline, TaughtAt,
    missed_deadlines,
};
pub use indicators::{Backlog, DirectiveCounters, percentile_linear};
pub use record::{Deadlines, Directive, Target, UnitFilter};
pub use tally::{DirectiveTally, SCALARS, Series, day_number};

use crate::Message;

/// A problem with one field of a directive or of an execution record
/// (`title`, `deadlines.cell.plan_by`, `events.2`…), so a form or an import
/// can point at what to correct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveProblem {
    pub field: String,
    pub message: Message,
}

impl DirectiveProblem {
    pub(crate) fn new(field: impl Into<String>, message: Message) -> DirectiveProblem {
        DirectiveProblem {
            field: field.into(),
            message,
        }
    }
}
