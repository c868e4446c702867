//! Meeting-quality rubrics as data, and the pure engine that scores a
//! meeting with one.
//!
//! A rubric (bộ tiêu chí) is versioned data with its source document: groups
//! of items, each graded by a person (points or pass/fail) or by a formula
//! on the facts of the meeting; a rule turning the scorecard into a rating
//! (bands on the total, or on the number of groups passed); and gates that
//! lower a rating when items lack full marks. Nothing here is a constant of
//! the rules: the shipped rubrics live in `crates/core/reference/rubrics/`.
//!
//! Points are fixed-point tenths ([`Points`]), see `points.rs` for why.

mod annual;
mod facts;
mod formula;
mod points;
mod problem;
mod rating;
mod score;
mod validate;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use annual::{AnnualLevel, AnnualRule, RatingCount, annual_rating};
pub use facts::MeetingFacts;
pub use formula::{Formula, KindMinutes, Threshold};
pub use points::{Percent, Points, Rate};
pub use problem::{Concern, Fact, RubricProblem};
pub use rating::{FailedGate, Gate, PassBand, Rating, RatingBand, RatingRule};
pub use score::{GroupScore, ItemScore, ManualScore, Scorecard, ScoredBy, score};

use crate::org::SourceDocument;

/// A versioned set of criteria for judging a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub code: String,
    /// Versions of one code replace one another; scores keep the version
    /// they were computed with.
    pub version: u32,
    pub name_vi: String,
    pub name_en: String,
    /// The guidance the rubric follows, by number *and* date.
    pub source: SourceDocument,
    pub effective_from: NaiveDate,
    /// The declared total; the groups must add up to it (100 for point
    /// rubrics).
    pub max_points: Points,
    pub groups: Vec<RubricGroup>,
    pub rating_rule: RatingRule,
    #[serde(default)]
    pub gates: Vec<Gate>,
}

/// A criteria group (tiêu chí), worth the sum of its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricGroup {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// The declared weight; the items must add up to it.
    pub max_points: Points,
    pub items: Vec<RubricItem>,
}

/// One thing scored in a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricItem {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub max_points: Points,
    /// What earns the points, for the people grading.
    #[serde(default)]
    pub guidance_vi: String,
    #[serde(default)]
    pub guidance_en: String,
    pub scoring: Scoring,
}

/// How an item is graded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// A person gives any points from 0 to the maximum.
    Manual,
    /// A person says pass (the maximum) or fail (0).
    PassFail,
    /// Computed from the facts of the meeting.
    Formula(Formula),
}

impl Scoring {
    pub fn is_manual(&self) -> bool {
        !matches!(self, Scoring::Formula(_))
    }
}

impl Rubric {
    /// Every item with its group, in rubric order.
    pub fn items(&self) -> impl Iterator<Item = (&RubricGroup, &RubricItem)> {
        self.groups
            .iter()
            .flat_map(|group| group.items.iter().map(move |item| (group, item)))
    }

    /// The item with this code, in any group.
    pub fn item(&self, code: &str) -> Option<&RubricItem> {
        self.items()
            .map(|(_, item)| item)
            .find(|item| item.code == code)
    }
}
