//! Scoring meetings: the rubric in force on the meeting day, the cell's
//! self-assessment (under its meeting grant), the evaluators' scores (under
//! theirs), and the final rating by the configured rule.

use crate::Db;
use std::collections::BTreeMap;

use chibo_domain::Message;
use chibo_domain::evaluation::{
    Disagreement, Evaluation, FinalBasis, FinalRating, FinalRule, Rater, disagreement, final_rating,
};
use chibo_domain::meeting::MeetingStatus;
use chibo_domain::meeting_record::Vote;
use chibo_domain::rubric::{Concern, ManualScore, MeetingFacts, Rubric, Scorecard, score};
use chibo_store::{EvaluationWrite, StoreError, StoredEvaluation};

use crate::access::{Permission, RecordMeetings, ScoreMeetings};
use crate::audit::AuditContext;
use crate::meetings::{MeetingAccess, facts_of};
use crate::rubrics::{rubric_in_force, rubrics};
use crate::{Clock, CoreError, Problem};

/// The setting that names the final-rating rule.
pub const FINAL_RULE_SETTING: &str = "final_rating_rule";

/// A stored score's rubric version, if it is stored.
fn rubric_of<'a>(rubrics: &'a [Rubric], stored: &StoredEvaluation) -> Option<&'a Rubric> {
    rubrics
        .iter()
        .find(|r| r.code == stored.rubric_code && i64::from(r.version) == stored.rubric_version)
}

/// What a rater submits.
#[derive(Debug, Clone, Default)]
pub struct ScoreSubmission {
    pub manual: BTreeMap<String, ManualScore>,
    /// The members' vote on the proposal (self-assessment only).
    pub vote: Option<Vote>,
}

/// Which rater an access value lets one be.
pub trait RaterGrant: Permission {
    const RATER: Rater;
}

impl RaterGrant for RecordMeetings {
    const RATER: Rater = Rater::SelfAssessment;
}

impl RaterGrant for ScoreMeetings {
    const RATER: Rater = Rater::Evaluator;
}

/// Scores the meeting with the rubric in force on its day and stores the
/// card: as the cell's proposal under `RecordMeetings`, as an evaluator's
/// score under `ScoreMeetings`. A planned meeting cannot be scored; every
/// bad score is reported beside its item (`score.ITEM`).
pub async fn score_meeting<P: RaterGrant>(
    db: &Db,
    clock: &dyn Clock,
    access: &MeetingAccess<P>,
    author: &AuditContext,
    submission: &ScoreSubmission,
) -> Result<Scorecard, CoreError> {
    let store = db.store();
    let stored = access.meeting();
    if stored.record.status == MeetingStatus::Planned {
        return Err(CoreError::refused(Message::new("score-err-not-held")));
    }
    let date = stored.record.date().unwrap_or_else(|| clock.today());
    let all = rubrics(db).await?;
    let rubric = rubric_in_force(&all, date)
        .ok_or_else(|| CoreError::refused(Message::new("score-err-no-rubric")))?;
    let facts = facts_of(db, access.cell(), &stored.record, &[], Some(stored.id)).await?;
    let card = score(rubric, &facts, &submission.manual).map_err(|problems| {
        CoreError::Invalid(
            problems
                .into_iter()
                .map(|p| {
                    let field = match &p.concern {
                        Concern::Item(code) => format!("score.{code}"),
                        _ => "score".to_owned(),
                    };
                    Problem::in_field(&field, p.message)
                })
                .collect(),
        )
    })?;
    if let Some(vote) = submission.vote
        && vote.total() > stored.record.present_count()
    {
        return Err(CoreError::invalid(Problem::in_field(
            "vote",
            Message::new("meeting-err-vote-over-present")
                .arg("votes", vote.total())
                .arg("present", stored.record.present_count()),
        )));
    }
    let scores = serde_json::to_string(&submission.manual)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    // The final rating with this card in place of the rater's earlier one.
    let earlier = meeting_scores(db, access).await?;
    let mut counted: Vec<Evaluation> = earlier
        .evaluations
        .into_iter()
        .zip(earlier.account_ids)
        .filter(|(e, account)| {
            !(e.rater == P::RATER
                && (P::RATER == Rater::SelfAssessment || *account == author.account_id))
        })
        .map(|(e, _)| e)
        .collect();
    counted.push(Evaluation {
        rater: P::RATER,
        rater_name: author.actor.clone(),
        card: card.clone(),
        vote: submission.vote,
    });
    let rule = final_rule(db).await?;
    let last = final_rating(rule, rubric, &counted);
    let entry = author.entry(
        clock,
        "score",
        "meeting",
        &stored.id.to_string(),
        Some(&stored.cell),
        None::<&()>,
        Some(&card),
    );
    let write = EvaluationWrite {
        meeting_id: stored.id,
        rater: P::RATER.code(),
        account_id: author.account_id,
        rubric_code: &card.rubric_code,
        rubric_version: i64::from(card.rubric_version),
        scores: &scores,
        total_tenths: i64::from(card.total.tenths()),
        rating: card.rating.map(|r| r.code()),
        vote: submission.vote.map(|v| {
            (
                i64::from(v.in_favour),
                i64::from(v.against),
                i64::from(v.abstaining),
            )
        }),
        now: clock.now(),
        final_rating: last.as_ref().map(|f| {
            (
                i64::from(f.total.tenths()),
                f.rating.map(|r| r.code()),
                f.basis == FinalBasis::Provisional,
            )
        }),
    };
    let inputs = crate::indicators::Inputs::load(db).await?;
    let mut tx = crate::meetings::begin_cell_change(store, access.cell().unit()).await?;
    tx.save_evaluation(&write, &[entry]).await?;
    // Scores and ratings are indicators too.
    if let Some(day) = stored.record.date() {
        let year = chrono::Datelike::year(&day);
        crate::indicators::refresh_cell_years(&mut tx, &inputs, access.cell().unit(), &[year])
            .await?;
    }
    tx.commit().await?;
    Ok(card)
}

/// The configured final-rating rule (the default when unset).
pub async fn final_rule(db: &Db) -> Result<FinalRule, CoreError> {
    let store = db.store();
    Ok(store
        .setting(FINAL_RULE_SETTING)
        .await?
        .as_deref()
        .and_then(FinalRule::parse)
        .unwrap_or_default())
}

/// A meeting's scores with the final rating and the raters' disagreement.
#[derive(Debug, Clone)]
pub struct MeetingScores {
    /// The rubric in force on the meeting day (what a new score uses).
    pub rubric: Option<Rubric>,
    pub evaluations: Vec<Evaluation>,
    /// The manual scores each rater gave, in the same order.
    pub manual: Vec<BTreeMap<String, ManualScore>>,
    pub account_ids: Vec<Option<i64>>,
    pub final_rating: Option<FinalRating>,
    pub disagreement: Option<Disagreement>,
}

/// Reads every score of the meeting. Each is rescored with the rubric
/// version it was given with, so a new version never changes it.
pub async fn meeting_scores<P: Permission>(
    db: &Db,
    access: &MeetingAccess<P>,
) -> Result<MeetingScores, CoreError> {
    let stored = access.meeting();
    let facts = facts_of(db, access.cell(), &stored.record, &[], Some(stored.id)).await?;
    scores_with_facts(db, access, &facts).await
}

/// [`meeting_scores`] with the meeting's facts already computed (a page
/// that shows them too computes them once).
pub(crate) async fn scores_with_facts<P: Permission>(
    db: &Db,
    access: &MeetingAccess<P>,
    facts: &MeetingFacts,
) -> Result<MeetingScores, CoreError> {
    let store = db.store();
    let stored = access.meeting();
    let all = rubrics(db).await?;
    let date = stored.record.date().unwrap_or_default();
    let in_force = rubric_in_force(&all, date).cloned();
    let mut evaluations = Vec::new();
    let mut manual = Vec::new();
    let mut account_ids = Vec::new();
    for row in store.evaluations(stored.id).await? {
        let Some(rubric) = rubric_of(&all, &row) else {
            continue;
        };
        let given: BTreeMap<String, ManualScore> = serde_json::from_str(&row.scores)
            .map_err(|e| StoreError::Corrupt(format!("scores of meeting {}: {e}", stored.id)))?;
        // The facts may have changed by an amendment since: the card is
        // recomputed, and only a score that no longer fits is skipped.
        let Ok(card) = score(rubric, facts, &given) else {
            continue;
        };
        evaluations.push(Evaluation {
            rater: Rater::parse(&row.rater).unwrap_or(Rater::Evaluator),
            rater_name: row.rater_name.clone(),
            card,
            vote: row.vote.map(|(a, b, c)| Vote {
                in_favour: u32::try_from(a).unwrap_or(0),
                against: u32::try_from(b).unwrap_or(0),
                abstaining: u32::try_from(c).unwrap_or(0),
            }),
        });
        manual.push(given);
        account_ids.push(row.account_id);
    }
    let rule = final_rule(db).await?;
    let final_rating = in_force
        .as_ref()
        .and_then(|rubric| final_rating(rule, rubric, &evaluations));
    Ok(MeetingScores {
        disagreement: disagreement(&evaluations),
        rubric: in_force,
        evaluations,
        manual,
        account_ids,
        final_rating,
    })
}
