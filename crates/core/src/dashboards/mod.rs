//! What the indicator dashboards show, read from the stored counters (see
//! `crate::indicators`) within what an access value proves.
//!
//! A dashboard looks at a unit over a window of whole months. The units
//! listed are the unit's subtree as it stood on the window's last day (or
//! the unit's last day, if it ended within the window); each is read with
//! the counters the stored rows give it, which follow the tree as it stood
//! in each month. Where units were merged or split, the reader may choose
//! that history follows the successor: a unit then also carries the rows
//! of the units it came from ([`History::FollowSuccessors`]).

mod directives;
mod lines;
mod norms_table;
mod overview;
mod ranking;
mod window;

pub use directives::{
    DirectiveComparison, DirectiveGroup, composite, composite_parts, direction_against_execution,
};
pub use lines::{UnitLine, counters_of, monthly_counters, unit_lines};
pub use norms_table::{NormLine, NormMeasure, norms_table};
pub use overview::{
    Figure, Overview, RootFigures, RubricInForce, overview, root_figures, rubrics_over,
};
pub use ranking::{Level, MIN_MEETINGS_TO_RANK, RankedUnit, SectorSpread, ranking, sector_spread};
pub use window::{Window, default_period};

/// Which units a ranking or spread reaches: plain data.
pub use chibo_store::Reach;

/// Whose rows a unit's history is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum History {
    /// Each unit's own rows: history stays with the units that had it.
    #[default]
    AsItStood,
    /// A unit also carries the rows of the units merged or split into it
    /// (transitively). A unit split in two gives its whole history to each
    /// part: shares and means stay comparable, counts are the whole
    /// predecessor's.
    FollowSuccessors,
}

impl History {
    pub fn code(self) -> &'static str {
        match self {
            History::AsItStood => "as_it_stood",
            History::FollowSuccessors => "successors",
        }
    }

    pub fn parse(raw: &str) -> Option<History> {
        [History::AsItStood, History::FollowSuccessors]
            .into_iter()
            .find(|h| h.code() == raw)
    }
}
