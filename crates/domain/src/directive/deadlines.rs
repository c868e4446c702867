//! Deadlines of a directive, given per level of the tree and per stage.
//!
//! A directive says, for each level it sets deadlines for, when units of
//! that level must teach it, issue their plan, report and carry it out:
//! "the city's committees by 15/11, districts by 30/11, cells at their next
//! regular meeting". A stage without a deadline at a level is never flagged
//! there.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::unit::UnitKind;

/// The levels deadlines are given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The city committee (or the national root).
    City,
    /// Superior-level committees: districts, wards, blocs and sectors.
    Committee,
    /// Grassroots and partial committees.
    Grassroots,
    /// Cells, subordinate or grassroots: they teach in their own meetings.
    Cell,
}

impl Level {
    /// Top first: a lower level's deadline may not come before a higher's.
    pub const ALL: [Level; 4] = [
        Level::City,
        Level::Committee,
        Level::Grassroots,
        Level::Cell,
    ];

    /// A grassroots cell (chi bộ cơ sở) is a grassroots organization too,
    /// but it teaches in its own meetings, so its deadlines are the cells'.
    pub fn of(kind: UnitKind) -> Level {
        match kind {
            UnitKind::National | UnitKind::CityCommittee => Level::City,
            UnitKind::SuperiorCommittee => Level::Committee,
            UnitKind::GrassrootsCommittee | UnitKind::PartialCommittee => Level::Grassroots,
            UnitKind::GrassrootsCell | UnitKind::SubordinateCell => Level::Cell,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Level::City => "city",
            Level::Committee => "committee",
            Level::Grassroots => "grassroots",
            Level::Cell => "cell",
        }
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Level::City => "directive-level-city",
            Level::Committee => "directive-level-committee",
            Level::Grassroots => "directive-level-grassroots",
            Level::Cell => "directive-level-cell",
        }
    }
}

/// The stages that carry a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Teach,
    Plan,
    Report,
    CarryOut,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Teach, Stage::Plan, Stage::Report, Stage::CarryOut];

    /// The field's name in files and problems (`teach_by`…).
    pub fn field(self) -> &'static str {
        match self {
            Stage::Teach => "teach_by",
            Stage::Plan => "plan_by",
            Stage::Report => "report_by",
            Stage::CarryOut => "carry_out_by",
        }
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Stage::Teach => "directive-stage-teach",
            Stage::Plan => "directive-stage-plan",
            Stage::Report => "directive-stage-report",
            Stage::CarryOut => "directive-stage-carry-out",
        }
    }
}

/// When a stage is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Due {
    On(NaiveDate),
    /// At the cell's first regular meeting held on or after the day it
    /// received the directive; for cells only.
    NextRegularMeeting,
}

impl Due {
    /// The day the stage is due at one unit. `NextRegularMeeting` is the
    /// first regular meeting held on or after `received_on`; while none has
    /// been held it is the last day of the month after the month of
    /// receipt, since the norms want a regular meeting every month and a
    /// cell that skipped one is late all the same.
    pub fn resolve(self, received_on: NaiveDate, regular_meetings: &[NaiveDate]) -> NaiveDate {
        match self {
            Due::On(date) => date,
            Due::NextRegularMeeting => regular_meetings
                .iter()
                .copied()
                .filter(|held| *held >= received_on)
                .min()
                .unwrap_or_else(|| end_of_next_month(received_on)),
        }
    }

    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Due::On(date) => Some(date),
            Due::NextRegularMeeting => None,
        }
    }
}

fn end_of_next_month(day: NaiveDate) -> NaiveDate {
    let first = day.with_day(1).unwrap_or(day);
    first
        .checked_add_months(Months::new(2))
        .and_then(|d| d.pred_opt())
        .unwrap_or(day)
}

/// The deadlines of one level, stage by stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelDeadlines {
    pub teach_by: Option<Due>,
    pub plan_by: Option<Due>,
    pub report_by: Option<Due>,
    pub carry_out_by: Option<Due>,
}

impl LevelDeadlines {
    pub fn get(&self, stage: Stage) -> Option<Due> {
        match stage {
            Stage::Teach => self.teach_by,
            Stage::Plan => self.plan_by,
            Stage::Report => self.report_by,
            Stage::CarryOut => self.carry_out_by,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn next_regular_meeting_is_the_first_on_or_after_receipt() {
        let meetings = [d("2025-10-25"), d("2025-11-05"), d("2025-12-05")];
        let due = Due::NextRegularMeeting;
        assert_eq!(due.resolve(d("2025-10-28"), &meetings), d("2025-11-05"));
        assert_eq!(due.resolve(d("2025-11-05"), &meetings), d("2025-11-05"));
        // None held since: the end of the month after receipt.
        assert_eq!(due.resolve(d("2025-12-06"), &meetings), d("2026-01-31"));
        assert_eq!(due.resolve(d("2026-01-31"), &[]), d("2026-02-28"));
        assert_eq!(
            Due::On(d("2025-11-30")).resolve(d("2025-12-01"), &[]),
            d("2025-11-30")
        );
    }

    #[test]
    fn levels_follow_unit_kinds() {
        assert_eq!(Level::of(UnitKind::CityCommittee), Level::City);
        assert_eq!(Level::of(UnitKind::SuperiorCommittee), Level::Committee);
        assert_eq!(Level::of(UnitKind::PartialCommittee), Level::Grassroots);
        assert_eq!(Level::of(UnitKind::GrassrootsCell), Level::Cell);
        assert!(Level::ALL.windows(2).all(|w| w[0] < w[1]));
    }
}
