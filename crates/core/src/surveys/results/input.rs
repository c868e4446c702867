//! What results are computed from, in the shapes the store reads: answer
//! sets as the surveys contract defines them, and the facts of the unit
//! tree a report needs (cells with their sector and invitations, child
//! units with their cells).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// One response: the cell whose code was used, and `(item name, value)`
/// pairs as XLSForm exports them (a select_one's choice value, a
/// select_multiple's values separated by one space, numbers as text,
/// NFC text). Unanswered items are absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyResponse {
    pub cell: String,
    pub answers: Vec<(String, String)>,
}

/// A unit or group as a report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupLabel {
    pub code: String,
    pub name: String,
}

/// A cell of the unit's subtree taking part in the campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanCell {
    /// The cell's unit code, as in `SurveyResponse::cell`.
    pub code: String,
    /// The cell's sector (42-HD type) on the campaign's reference day, if
    /// known; cells without one form their own group in the sector
    /// breakdown.
    pub sector: Option<String>,
    /// Members invited (codes issued) in this cell: the denominator of the
    /// response rate.
    pub invited: u32,
}

/// A child unit of the reported unit with the codes of its cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildUnit {
    pub label: GroupLabel,
    pub cells: Vec<String>,
}

/// What a unit's report covers. Responses from cells not listed here are
/// not counted. Cells of `cells` that belong to no child unit (the unit's
/// own cells) form a remainder group in the child breakdown, so that the
/// groups always add up to the total and each can be protected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPlan {
    pub unit: GroupLabel,
    pub cells: Vec<PlanCell>,
    /// Empty for a unit reported without a breakdown by child units.
    pub children: Vec<ChildUnit>,
    /// Break results down by each demographic select_one item as well.
    pub demographics: bool,
}

impl UnitPlan {
    /// Each cell's position in `cells`, by code.
    pub(super) fn cell_index(&self) -> HashMap<&str, usize> {
        self.cells
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect()
    }
}
