//! A rater's score sheet of one meeting: the rubric in force, the points
//! its formulas give the meeting's facts, what this rater gave before, and
//! every score with the final rating.

use std::collections::BTreeMap;

use chibo_domain::evaluation::{Evaluation, Rater};
use chibo_domain::meeting::MeetingStatus;
use chibo_domain::rubric::{ManualScore, MeetingFacts, Points, Rubric, Scorecard, Scoring, score};

use crate::access::Permission;
use crate::evaluations::{MeetingScores, scores_with_facts};
use crate::meetings::MeetingAccess;
use crate::{CoreError, Db};

/// What a score sheet shows.
#[derive(Debug, Clone)]
pub struct ScoreSheet {
    pub rater: Rater,
    /// The rubric in force on the meeting day.
    pub rubric: Rubric,
    /// The card with every manual item at zero: the formulas' points.
    preview: Option<Scorecard>,
    /// Where the rater's own earlier score is in `scores`.
    mine: Option<usize>,
    pub scores: MeetingScores,
    /// A planned meeting cannot be scored yet.
    pub may_score: bool,
}

impl ScoreSheet {
    /// The points the rubric's formula gives item `code` for the meeting's
    /// facts (zero for an item scored by hand).
    pub fn formula_points(&self, code: &str) -> Points {
        self.preview
            .as_ref()
            .and_then(|card| card.items.iter().find(|i| i.code == code))
            .map_or(Points::ZERO, |i| i.points)
    }

    /// The rater's earlier score with the manual scores they gave.
    pub fn mine(&self) -> Option<(&Evaluation, &BTreeMap<String, ManualScore>)> {
        let i = self.mine?;
        Some((self.scores.evaluations.get(i)?, self.scores.manual.get(i)?))
    }
}

/// The sheet of `rater` (the account `account_id` for an evaluator) on
/// the meeting whose facts are `facts`; `None` when no rubric is in force
/// on its day.
pub(super) async fn score_sheet<P: Permission>(
    db: &Db,
    access: &MeetingAccess<P>,
    facts: &MeetingFacts,
    rater: Rater,
    account_id: Option<i64>,
) -> Result<Option<ScoreSheet>, CoreError> {
    let scores = scores_with_facts(db, access, facts).await?;
    let Some(rubric) = scores.rubric.clone() else {
        return Ok(None);
    };
    let zero: BTreeMap<String, ManualScore> = rubric
        .items()
        .filter_map(|(_, item)| match item.scoring {
            Scoring::Manual => Some((item.code.clone(), ManualScore::Points(Points::ZERO))),
            Scoring::PassFail => Some((item.code.clone(), ManualScore::Passed(false))),
            Scoring::Formula(_) => None,
        })
        .collect();
    let preview = score(&rubric, facts, &zero).ok();
    let mine = scores
        .evaluations
        .iter()
        .zip(&scores.account_ids)
        .position(|(e, id)| {
            e.rater == rater && (rater == Rater::SelfAssessment || *id == account_id)
        });
    Ok(Some(ScoreSheet {
        rater,
        rubric,
        preview,
        mine,
        may_score: access.meeting().record.status != MeetingStatus::Planned,
        scores,
    }))
}
