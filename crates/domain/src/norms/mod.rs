//! Norm checks (theory against practice) and flags.
//!
//! A norm set is versioned data with its source document: what the guidance
//! asks of a cell (a regular meeting every month, a thematic one every
//! quarter, minimum lengths, attendance, …). [`check_norms`] compares the
//! meetings a cell held in a [`Period`] with each rule and says how many of
//! the things the rule applies to (months, quarters, years or meetings) met
//! it, and what fell short. The shipped sets live in
//! `crates/core/reference/norms/`; nothing here is a constant of the rules.
//!
//! The flags (`flags.rs`) point people at situations the guidance or the
//! Statute cares about. They only flag: deciding is left to the cell.

mod check;
mod flags;
mod period;
mod validate;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use check::{
    HeldMeeting, NormOutcome, NormResult, Shortfall, check_norms, meeting_keeps_norms,
};
pub use flags::{
    AbsenceFlag, MemberMark, STATUTE_UNEXCUSED_ABSENCES_PER_YEAR, TaskState,
    no_regular_meeting_this_month, overdue_tasks, third_consecutive_absences,
    three_unexcused_absences,
};
pub use period::Period;

use crate::org::SourceDocument;

/// A versioned set of norms for the way a cell holds its meetings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NormSet {
    pub code: String,
    /// Versions of one code replace one another; stored results keep the
    /// version they were computed with.
    pub version: u32,
    pub name_vi: String,
    pub name_en: String,
    /// The guidance the norms follow, by number *and* date (two documents
    /// share the number 12-HD/BTCTW).
    pub source: SourceDocument,
    pub effective_from: NaiveDate,
    pub rules: Vec<NormRule>,
}

/// One norm, with the document it comes from when that is not the set's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NormRule {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// Overrides the set's source: a set gathers norms from several
    /// documents (attendance comes from 12-HD/BTCTW of 2018).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceDocument>,
    pub check: NormCheck,
}

/// What a rule checks, with its parameters. Each variant says what it is
/// applied to: calendar units of the period, or the meetings in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum NormCheck {
    /// Each calendar month of the period has a meeting that counts as
    /// regular (regular, or regular and thematic together).
    RegularEveryMonth,
    /// Each calendar quarter the period touches has a meeting that counts
    /// as thematic (thematic, or regular and thematic together).
    ThematicEveryQuarter,
    /// Each regular or thematic meeting lasts at least `regular_minutes`;
    /// one holding both together at least `combined_minutes`. Extraordinary
    /// meetings have no minimum. A meeting whose minutes record no length
    /// fails: the norm cannot be shown to be kept.
    MinimumDuration {
        regular_minutes: u32,
        combined_minutes: u32,
    },
    /// Each meeting has present/expected strictly over `min_rate_percent`
    /// (the guidance says "trên 85%": exactly 85% fails) and, when
    /// `no_unexcused`, no unexcused absence. A meeting with nobody expected
    /// (every member exempt) meets it.
    Attendance {
        min_rate_percent: u32,
        no_unexcused: bool,
    },
    /// No meeting is the third consecutive absence of a member within the
    /// calendar year.
    NoThirdConsecutiveAbsence,
    /// Each meeting's documents reached members at least `min_days` before
    /// it; a meeting whose documents were not sent fails.
    DocumentsAhead { min_days: i64 },
    /// The superior-committee member following the cell attends at least
    /// `per_year` meetings in each calendar year. A year only partly inside
    /// the period is judged against `ceil(per_year × months / 12)`, where
    /// `months` counts the calendar months of that year the period touches
    /// (see [`NormCheck::superior_visits_required`]).
    SuperiorAttendance { per_year: u32 },
}

impl NormCheck {
    /// Whether the rule judges each meeting on its own rather than a
    /// calendar slice of the cell's meetings.
    pub fn judges_meetings(&self) -> bool {
        match self {
            NormCheck::MinimumDuration { .. }
            | NormCheck::Attendance { .. }
            | NormCheck::NoThirdConsecutiveAbsence
            | NormCheck::DocumentsAhead { .. } => true,
            NormCheck::RegularEveryMonth
            | NormCheck::ThematicEveryQuarter
            | NormCheck::SuperiorAttendance { .. } => false,
        }
    }

    /// The visits a year slice needs: `per_year` for a whole year, the
    /// share of its months rounded up for a partial one, so that a quarter
    /// under "2 a year" needs one visit rather than none.
    pub fn superior_visits_required(per_year: u32, months: u32) -> u32 {
        let months = u64::from(months.min(12));
        let required = (u64::from(per_year) * months).div_ceil(12);
        u32::try_from(required).unwrap_or(u32::MAX)
    }
}

impl NormSet {
    /// The rule with this code.
    pub fn rule(&self, code: &str) -> Option<&NormRule> {
        self.rules.iter().find(|rule| rule.code == code)
    }

    /// The document a rule comes from: its own, or else the set's.
    pub fn source_of<'a>(&'a self, rule: &'a NormRule) -> &'a SourceDocument {
        rule.source.as_ref().unwrap_or(&self.source)
    }
}
