//! Who scored a meeting, and the final rating: the cell proposes a score
//! (and its members vote on it), evaluators of superior committees give
//! theirs, and a configured rule decides which counts. Where raters
//! disagree, the spread is shown rather than hidden in a mean.

use serde::{Deserialize, Serialize};

use crate::meeting_record::Vote;
use crate::rubric::{Points, Rating, Rubric, Scorecard};

/// Whose score it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rater {
    /// The cell's own proposal (tự đánh giá).
    SelfAssessment,
    /// An evaluator sent by a superior committee.
    Evaluator,
}

impl Rater {
    pub fn code(self) -> &'static str {
        match self {
            Rater::SelfAssessment => "self",
            Rater::Evaluator => "evaluator",
        }
    }

    pub fn parse(code: &str) -> Option<Rater> {
        [Rater::SelfAssessment, Rater::Evaluator]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// How the final rating of a meeting is decided (a deployment setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinalRule {
    /// The superior committee's evaluator confirms: the last evaluator's
    /// score is final. Until one scores, the cell's proposal stands as
    /// provisional.
    #[default]
    SuperiorConfirms,
    /// The mean of the evaluators' totals, the cell's proposal not
    /// counted; provisional on the proposal until one scores.
    MeanOfEvaluators,
}

impl FinalRule {
    pub fn code(self) -> &'static str {
        match self {
            FinalRule::SuperiorConfirms => "superior_confirms",
            FinalRule::MeanOfEvaluators => "mean_of_evaluators",
        }
    }

    pub fn parse(code: &str) -> Option<FinalRule> {
        [FinalRule::SuperiorConfirms, FinalRule::MeanOfEvaluators]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// One rater's scorecard of a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub rater: Rater,
    /// Who gave it, for the record (an account's display name).
    pub rater_name: String,
    pub card: Scorecard,
    /// The members' vote on the cell's proposal.
    pub vote: Option<Vote>,
}

/// What the final rating rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinalBasis {
    /// Only the cell's proposal so far: provisional.
    Provisional,
    /// This many evaluators' cards.
    Evaluators(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalRating {
    pub total: Points,
    pub rating: Option<Rating>,
    pub basis: FinalBasis,
}

/// The final rating of a meeting under `rule`, or `None` before anyone
/// scored it. `evaluations` come in the order they were given. Until an
/// evaluator scores, the cell's proposal stands, marked provisional.
/// Under `SuperiorConfirms` the last evaluator's card is final (the one who
/// confirmed). Under `MeanOfEvaluators` the total is the evaluators' mean
/// (to the tenth, rounded half up), rated by the rubric's bands, and never
/// rated above the best rating any of them reached after gates, so a gate
/// that failed for every evaluator still holds.
pub fn final_rating(
    rule: FinalRule,
    rubric: &Rubric,
    evaluations: &[Evaluation],
) -> Option<FinalRating> {
    let evaluators: Vec<&Evaluation> = evaluations
        .iter()
        .filter(|e| e.rater == Rater::Evaluator)
        .collect();
    match (rule, evaluators.as_slice()) {
        (_, []) => evaluations
            .iter()
            .find(|e| e.rater == Rater::SelfAssessment)
            .map(|own| FinalRating {
                total: own.card.total,
                rating: own.card.rating,
                basis: FinalBasis::Provisional,
            }),
        (FinalRule::SuperiorConfirms, several) | (FinalRule::MeanOfEvaluators, several @ [_]) => {
            let last = several.last()?;
            Some(FinalRating {
                total: last.card.total,
                rating: last.card.rating,
                basis: FinalBasis::Evaluators(1),
            })
        }
        (FinalRule::MeanOfEvaluators, several) => {
            let n = several.len() as u64;
            let sum: u64 = several
                .iter()
                .map(|e| u64::from(e.card.total.tenths()))
                .sum();
            let mean = Points::from_tenths(u32::try_from((sum + n / 2) / n).unwrap_or(u32::MAX));
            let passed_sum: u64 = several
                .iter()
                .map(|e| u64::from(e.card.groups_passed))
                .sum();
            let passed = u32::try_from((passed_sum + n / 2) / n).unwrap_or(u32::MAX);
            let best_gated = several.iter().filter_map(|e| e.card.rating).max();
            let rating = match (rubric.rating_rule.rate(mean, passed), best_gated) {
                (Some(by_mean), Some(cap)) => Some(by_mean.min(cap)),
                (by_mean, _) => by_mean,
            };
            Some(FinalRating {
                total: mean,
                rating,
                basis: FinalBasis::Evaluators(several.len()),
            })
        }
    }
}

/// How far the raters of one meeting are apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// Highest total minus lowest.
    pub spread: Points,
    /// The raters did not all reach the same rating.
    pub ratings_differ: bool,
}

/// The disagreement among two or more raters (the cell included), or `None`
/// with fewer than two.
pub fn disagreement(evaluations: &[Evaluation]) -> Option<Disagreement> {
    if evaluations.len() < 2 {
        return None;
    }
    let totals = evaluations.iter().map(|e| e.card.total.tenths());
    let spread = totals.clone().max()? - totals.min()?;
    let first = evaluations[0].card.rating;
    Some(Disagreement {
        spread: Points::from_tenths(spread),
        ratings_differ: evaluations.iter().any(|e| e.card.rating != first),
    })
}
