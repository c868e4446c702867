//! Ratings of a meeting (Tốt, Khá, Trung bình, Kém), the rules that turn a
//! scorecard into one, and the gates that can lower it.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::points::Points;
use super::problem::{Concern, RubricProblem};
use crate::Message;

/// The rating of a meeting or of a cell's year of meetings, best first.
/// Ordered by quality: `Rating::Good > Rating::Fair`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// Tốt.
    Good,
    /// Khá.
    Fair,
    /// Trung bình.
    Average,
    /// Kém.
    Poor,
}

impl Rating {
    /// Best first.
    pub const ALL: [Rating; 4] = [Rating::Good, Rating::Fair, Rating::Average, Rating::Poor];

    pub fn code(self) -> &'static str {
        match self {
            Rating::Good => "good",
            Rating::Fair => "fair",
            Rating::Average => "average",
            Rating::Poor => "poor",
        }
    }

    pub fn parse(code: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Rating::Good => "rating-good",
            Rating::Fair => "rating-fair",
            Rating::Average => "rating-average",
            Rating::Poor => "rating-poor",
        }
    }

    fn quality(self) -> u8 {
        match self {
            Rating::Good => 3,
            Rating::Fair => 2,
            Rating::Average => 1,
            Rating::Poor => 0,
        }
    }
}

impl Ord for Rating {
    fn cmp(&self, other: &Self) -> Ordering {
        self.quality().cmp(&other.quality())
    }
}

impl PartialOrd for Rating {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A total of at least `min_points` earns `rating`, unless a band above
/// applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingBand {
    pub rating: Rating,
    pub min_points: Points,
}

/// At least `min_groups_passed` groups passed (every item at full marks)
/// earns `rating`, unless a band above applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassBand {
    pub rating: Rating,
    pub min_groups_passed: u32,
}

/// How a scorecard becomes a rating. Bands are listed best first; the first
/// band reached applies. A valid rule's last band starts at zero, so every
/// meeting gets a rating; a rule without bands rates nothing (`None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case", deny_unknown_fields)]
pub enum RatingRule {
    /// Provincial 100-point rubrics: bands on the total.
    TotalPoints { bands: Vec<RatingBand> },
    /// Pass/fail frameworks (12-HD/BTCTW, 2018): bands on the number of
    /// criteria groups passed.
    GroupsPassed { bands: Vec<PassBand> },
}

/// A band reduced to what both rules share: a rating and the least measure
/// (tenths of a point, or passed groups) that earns it.
struct Step {
    rating: Rating,
    min: u32,
}

impl RatingRule {
    fn steps(&self) -> Vec<Step> {
        match self {
            RatingRule::TotalPoints { bands } => bands
                .iter()
                .map(|band| Step {
                    rating: band.rating,
                    min: band.min_points.tenths(),
                })
                .collect(),
            RatingRule::GroupsPassed { bands } => bands
                .iter()
                .map(|band| Step {
                    rating: band.rating,
                    min: band.min_groups_passed,
                })
                .collect(),
        }
    }

    /// The measure a band bound is compared with, written as in the file.
    fn shown(&self, measure: u32) -> String {
        match self {
            RatingRule::TotalPoints { .. } => Points::from_tenths(measure).to_string(),
            RatingRule::GroupsPassed { .. } => measure.to_string(),
        }
    }

    /// The ratings this rule can give, best first.
    pub fn ratings(&self) -> Vec<Rating> {
        self.steps().into_iter().map(|step| step.rating).collect()
    }

    /// The rating for a total and a number of passed groups, before gates.
    pub fn rate(&self, total: Points, groups_passed: u32) -> Option<Rating> {
        let measure = match self {
            RatingRule::TotalPoints { .. } => total.tenths(),
            RatingRule::GroupsPassed { .. } => groups_passed,
        };
        self.steps()
            .into_iter()
            .find(|step| measure >= step.min)
            .map(|step| step.rating)
    }

    /// The rating of the band right below `rating`'s.
    pub fn band_below(&self, rating: Rating) -> Option<Rating> {
        let ratings = self.ratings();
        let position = ratings.iter().position(|r| *r == rating)?;
        ratings.get(position + 1).copied()
    }

    /// What is wrong with the bands, given the most a band can ask for:
    /// the rubric's total, or its number of groups.
    pub(super) fn problems(&self, max_points: Points, group_count: u32) -> Vec<RubricProblem> {
        let limit = match self {
            RatingRule::TotalPoints { .. } => max_points.tenths(),
            RatingRule::GroupsPassed { .. } => group_count,
        };
        let steps = self.steps();
        let mut problems = Vec::new();
        for step in steps.iter().filter(|step| step.min > limit) {
            problems.push(RubricProblem::new(
                Concern::RatingRule,
                Message::new("rubric-band-over-max")
                    .arg("rating", step.rating.code())
                    .arg("min", self.shown(step.min))
                    .arg("max", self.shown(limit)),
            ));
        }
        let ordered = steps
            .windows(2)
            .all(|pair| pair[0].rating > pair[1].rating && pair[0].min > pair[1].min);
        if !ordered {
            problems.push(RubricProblem::new(
                Concern::RatingRule,
                Message::new("rubric-bands-unordered"),
            ));
        }
        if steps.last().is_some_and(|lowest| lowest.min > 0) {
            problems.push(RubricProblem::new(
                Concern::RatingRule,
                Message::new("rubric-bands-no-floor"),
            ));
        }
        problems
    }
}

/// A further condition on a rating: a meeting that reaches the band of
/// `rating` without full marks on every listed item is lowered to the band
/// below (and the gates of that band are checked in turn).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    pub rating: Rating,
    /// Codes of rubric items.
    pub requires_full_marks_on: Vec<String>,
}

/// A gate a meeting failed, with the listed items it lacked full marks on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedGate {
    pub rating: Rating,
    pub items_short: Vec<String>,
}

/// Lowers `rating` one band for each failed gate, until the gates of the
/// rating reached all pass. `has_full_marks` answers for an item code.
pub(super) fn apply_gates(
    rule: &RatingRule,
    gates: &[Gate],
    mut rating: Option<Rating>,
    has_full_marks: impl Fn(&str) -> bool,
) -> (Option<Rating>, Vec<FailedGate>) {
    let mut failed = Vec::new();
    while let Some(current) = rating {
        let failed_here: Vec<FailedGate> = gates
            .iter()
            .filter(|gate| gate.rating == current)
            .filter_map(|gate| {
                let items_short: Vec<String> = gate
                    .requires_full_marks_on
                    .iter()
                    .filter(|item| !has_full_marks(item))
                    .cloned()
                    .collect();
                (!items_short.is_empty()).then_some(FailedGate {
                    rating: current,
                    items_short,
                })
            })
            .collect();
        if failed_here.is_empty() {
            break;
        }
        failed.extend(failed_here);
        // Validation forbids gates on the lowest band, so there is one below.
        match rule.band_below(current) {
            Some(lower) => rating = Some(lower),
            None => break,
        }
    }
    (rating, failed)
}

/// What is wrong with the gates: a rating the rule does not give or gives
/// last (nothing to lower to), an empty list, items that do not exist.
pub(super) fn gate_problems(
    rule: &RatingRule,
    gates: &[Gate],
    item_exists: impl Fn(&str) -> bool,
) -> Vec<RubricProblem> {
    let ratings = rule.ratings();
    let mut problems = Vec::new();
    for gate in gates {
        let concern = || Concern::Gate(gate.rating);
        let lowerable = ratings
            .iter()
            .position(|r| *r == gate.rating)
            .is_some_and(|position| position + 1 < ratings.len());
        if !lowerable {
            problems.push(RubricProblem::new(
                concern(),
                Message::new("rubric-gate-rating").arg("rating", gate.rating.code()),
            ));
        }
        if gate.requires_full_marks_on.is_empty() {
            problems.push(RubricProblem::new(
                concern(),
                Message::new("rubric-gate-empty").arg("rating", gate.rating.code()),
            ));
        }
        for item in gate
            .requires_full_marks_on
            .iter()
            .filter(|i| !item_exists(i))
        {
            problems.push(RubricProblem::new(
                concern(),
                Message::new("rubric-gate-unknown-item")
                    .arg("rating", gate.rating.code())
                    .arg("item", item),
            ));
        }
    }
    problems
}
