//! The annual meeting rating of a cell, from the ratings of its meetings in
//! the year (it feeds the cell's annual organizational rating).

use serde::{Deserialize, Serialize};

use super::problem::{Concern, RubricProblem};
use super::rating::Rating;
use crate::Message;
use crate::org::SourceDocument;

/// How a year of meeting ratings becomes one rating, as data, e.g. "Tốt:
/// every meeting Khá or better and at least 7 rated Tốt".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnualRule {
    #[serde(default)]
    pub source: SourceDocument,
    /// Best first; the first level whose conditions all hold applies. The
    /// last level has no condition, so every year with meetings is rated.
    pub levels: Vec<AnnualLevel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnualLevel {
    pub rating: Rating,
    /// No meeting of the year rated below this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_meeting_at_least: Option<Rating>,
    /// Each of these counts reached.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub at_least: Vec<RatingCount>,
}

/// At least `meetings` meetings rated `rating` or better. Counts are
/// absolute, as the guidance writes them (a year has 12 regular meetings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingCount {
    pub meetings: u32,
    pub rating: Rating,
}

impl AnnualLevel {
    fn has_conditions(&self) -> bool {
        self.every_meeting_at_least.is_some() || !self.at_least.is_empty()
    }

    fn is_met_by(&self, ratings: &[Rating]) -> bool {
        let floor_kept = self
            .every_meeting_at_least
            .is_none_or(|floor| ratings.iter().all(|r| *r >= floor));
        let counts_reached = self.at_least.iter().all(|count| {
            let reached = ratings.iter().filter(|r| **r >= count.rating).count();
            reached >= usize::try_from(count.meetings).unwrap_or(usize::MAX)
        });
        floor_kept && counts_reached
    }
}

/// The year's rating from its meeting ratings (in any order); `None` for a
/// year without rated meetings, which has nothing to rate.
pub fn annual_rating(rule: &AnnualRule, ratings: &[Rating]) -> Option<Rating> {
    if ratings.is_empty() {
        return None;
    }
    rule.levels
        .iter()
        .find(|level| level.is_met_by(ratings))
        .map(|level| level.rating)
}

impl AnnualRule {
    /// Levels strictly best first, the last one without conditions.
    pub fn validate(&self) -> Vec<RubricProblem> {
        let mut problems = Vec::new();
        let ordered = self
            .levels
            .windows(2)
            .all(|pair| pair[0].rating > pair[1].rating);
        if !ordered {
            problems.push(RubricProblem::new(
                Concern::AnnualRule,
                Message::new("rubric-annual-unordered"),
            ));
        }
        if self.levels.last().is_none_or(AnnualLevel::has_conditions) {
            problems.push(RubricProblem::new(
                Concern::AnnualRule,
                Message::new("rubric-annual-no-floor"),
            ));
        }
        problems
    }
}
