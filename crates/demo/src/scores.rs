//! Scores of the demonstration meetings: the cell's self-assessment of
//! every held meeting with the members' vote on it, a superior evaluator's
//! score for a share of them, and the final rating the configured rule
//! gives, in the form `chibo_core::evaluations::score_meeting` stores, so
//! that the score sheets and dashboards read them like scores given on the
//! web.
//!
//! Only what a person decides is drawn here: the manual items of the rubric
//! in force on the meeting day. Formula items, totals, gates and ratings
//! come from the domain's scoring of the record's facts, so a demo score
//! can never disagree with its minutes.
//!
//! How the manual items are drawn: every meeting has a level, the cell's
//! latent quality (the one its minutes follow, see the `meetings` module)
//! with noise for the month; each rater sees it through their own bias and
//! noise per item. A pass/fail item passes when that signal clears the
//! item's bar ([`bar`]); a points item gets a share of its maximum that
//! grows with the signal ([`points_for`]). Cells are lenient with
//! themselves, weak cells more so, and evaluators slightly strict, so the
//! two disagree where a dashboard should show it. Superior committees look
//! more often at weaker cells, at meetings their member attended, and in
//! the last months.

use std::collections::BTreeMap;

use chibo_core::rubrics::rubric_in_force;
use chibo_domain::evaluation::{Evaluation, FinalBasis, FinalRule, Rater, final_rating};
use chibo_domain::meeting::MeetingStatus;
use chibo_domain::meeting_record::Vote;
use chibo_domain::rng::SeededRng;
use chibo_domain::rubric::{ManualScore, MeetingFacts, Points, Rubric, Scorecard, Scoring, score};
use chibo_domain::{Message, NaiveDate};
use chibo_store::{BulkEvaluation, BulkFinalRating, BulkMeeting, BulkScores, StoreError};
use chrono::{Datelike, Months, NaiveTime};

use crate::DemoError;
use crate::meetings::{CellPlan, normal};

/// Offset of the score streams among the seed's forks (the minutes use
/// `0x4D54_…`), so that scoring never shifts what the minutes say.
const STREAM: u64 = 0x5343_0000;

/// Standard deviation of a meeting's level around its cell's quality.
const MEETING_SPREAD: f64 = 0.06;

/// Standard deviation of one rater's view of one item.
const ITEM_SPREAD: f64 = 0.10;

/// How far an evaluator's view sits from the meeting's level on average,
/// and how much evaluators differ from one another.
const EVALUATOR_BIAS: f64 = -0.02;
const EVALUATOR_SPREAD: f64 = 0.04;

/// Superior committees look more closely at this many last months.
const CLOSER_LOOK_MONTHS: u32 = 6;

/// An evaluator's score comes this many days after the minutes at most.
const EVALUATOR_DELAY_DAYS: u64 = 14;

const DAY: i64 = 86_400;

/// Vietnam is UTC+7; scores are given by the end of the demo's today there.
const VIETNAM_OFFSET: i64 = 7 * 3_600;

/// Gives the demonstration meetings their scores.
pub(crate) struct Scorer<'a> {
    root: SeededRng,
    rubrics: &'a [Rubric],
    rule: FinalRule,
    /// Meetings from this day on get the closer look.
    closer_look_from: NaiveDate,
    /// The end of the demo's today, in Unix seconds: nothing is scored
    /// later.
    latest: i64,
}

/// How a cell and its superior committee score, fixed for the two years.
struct CellHabits {
    quality: f64,
    /// What the cell adds to its own scores.
    leniency: f64,
    /// The chance that an evaluator scores one of its meetings, before the
    /// closer look and the superior's attendance.
    inspection: f64,
}

impl CellHabits {
    fn draw(rng: &mut SeededRng, quality: f64) -> CellHabits {
        CellHabits {
            quality,
            leniency: (0.04 + 0.10 * (1.0 - quality) + normal(rng) * 0.03).max(0.0),
            inspection: (0.10 + 0.35 * (1.0 - quality) + normal(rng) * 0.04).clamp(0.03, 0.6),
        }
    }
}

/// One rater's score of one meeting, before it is stored.
struct Given {
    rater: Rater,
    manual: BTreeMap<String, ManualScore>,
    card: Scorecard,
    vote: Option<Vote>,
    scored_at: i64,
}

impl<'a> Scorer<'a> {
    pub fn new(seed: u64, today: NaiveDate, rubrics: &'a [Rubric], rule: FinalRule) -> Self {
        let this_month = today.with_day(1).unwrap_or(today);
        let latest = today
            .and_time(NaiveTime::MIN)
            .and_utc()
            .timestamp()
            .saturating_add(DAY - 1 - VIETNAM_OFFSET);
        Scorer {
            root: SeededRng::new(seed).fork(STREAM),
            rubrics,
            rule,
            closer_look_from: this_month
                .checked_sub_months(Months::new(CLOSER_LOOK_MONTHS))
                .unwrap_or(this_month),
            latest,
        }
    }

    /// The scores of one cell's meetings, in the same order; planned
    /// meetings get none.
    pub fn score_cell(
        &self,
        plan: &CellPlan,
        meetings: &[BulkMeeting],
    ) -> Result<Vec<BulkScores>, DemoError> {
        let mut rng = self.root.fork(plan.index());
        let habits = CellHabits::draw(&mut rng, plan.quality());
        meetings
            .iter()
            .map(|meeting| self.score_meeting(&mut rng, &habits, meeting))
            .collect()
    }

    fn score_meeting(
        &self,
        rng: &mut SeededRng,
        habits: &CellHabits,
        meeting: &BulkMeeting,
    ) -> Result<BulkScores, DemoError> {
        let record = &meeting.record;
        let Some(date) = record.date() else {
            return Ok(BulkScores::default());
        };
        if record.status == MeetingStatus::Planned {
            return Ok(BulkScores::default());
        }
        let rubric = rubric_in_force(self.rubrics, date)
            .ok_or_else(|| Message::new("score-err-no-rubric"))?;
        let facts = &meeting.facts;
        // How well the meeting went, as every rater sees it.
        let level = habits.quality + normal(rng) * MEETING_SPREAD;

        let manual = manual_scores(rng, rubric, facts, level + habits.leniency);
        let mut given = vec![Given {
            rater: Rater::SelfAssessment,
            card: card(rubric, facts, &manual)?,
            manual,
            vote: Some(members_vote(rng, record.present_count(), habits.leniency)),
            scored_at: meeting.saved_at,
        }];
        if rng.chance(self.evaluator_chance(habits, date, facts)) {
            let view = level + EVALUATOR_BIAS + normal(rng) * EVALUATOR_SPREAD;
            let manual = manual_scores(rng, rubric, facts, view);
            let days = rng.range(1, EVALUATOR_DELAY_DAYS) as i64;
            given.push(Given {
                rater: Rater::Evaluator,
                card: card(rubric, facts, &manual)?,
                manual,
                vote: None,
                scored_at: (meeting.saved_at + days * DAY)
                    .min(self.latest)
                    .max(meeting.saved_at + 1),
            });
        }
        self.stored(rubric, &given)
    }

    /// Weaker cells, meetings the superior's member attended and the last
    /// months get an evaluator more often.
    fn evaluator_chance(&self, habits: &CellHabits, date: NaiveDate, facts: &MeetingFacts) -> f64 {
        let closer_look = if date >= self.closer_look_from {
            0.12
        } else {
            0.0
        };
        let attended = if facts.superior_attended { 0.15 } else { 0.0 };
        habits.inspection + closer_look + attended
    }

    /// The scores as the store keeps them, with the final rating under the
    /// configured rule.
    fn stored(&self, rubric: &Rubric, given: &[Given]) -> Result<BulkScores, DemoError> {
        let evaluations: Vec<Evaluation> = given
            .iter()
            .map(|g| Evaluation {
                rater: g.rater,
                // Demo scores have no account, so they read back unnamed.
                rater_name: String::new(),
                card: g.card.clone(),
                vote: g.vote,
            })
            .collect();
        let last = final_rating(self.rule, rubric, &evaluations).map(|f| BulkFinalRating {
            total_tenths: i64::from(f.total.tenths()),
            rating: f.rating.map(|r| r.code().to_owned()),
            provisional: f.basis == FinalBasis::Provisional,
        });
        Ok(BulkScores {
            evaluations: given
                .iter()
                .map(bulk_evaluation)
                .collect::<Result<_, _>>()?,
            final_rating: last,
        })
    }
}

/// The card of `manual` with the domain's scoring; a refusal (facts that
/// contradict one another) is a bug in the generator and stops it.
fn card(
    rubric: &Rubric,
    facts: &MeetingFacts,
    manual: &BTreeMap<String, ManualScore>,
) -> Result<Scorecard, DemoError> {
    score(rubric, facts, manual).map_err(|problems| {
        problems
            .into_iter()
            .next()
            .map_or_else(|| Message::new("score-err-no-rubric"), |p| p.message)
            .into()
    })
}

/// A score as `score_meeting` would have stored it: the manual scores as
/// JSON, the card's total and rating, the vote; no account.
fn bulk_evaluation(given: &Given) -> Result<BulkEvaluation, DemoError> {
    let scores =
        serde_json::to_string(&given.manual).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(BulkEvaluation {
        rater: given.rater.code().to_owned(),
        account_id: None,
        rubric_code: given.card.rubric_code.clone(),
        rubric_version: i64::from(given.card.rubric_version),
        scores,
        total_tenths: i64::from(given.card.total.tenths()),
        rating: given.card.rating.map(|r| r.code().to_owned()),
        vote: given.vote.map(|v| {
            (
                i64::from(v.in_favour),
                i64::from(v.against),
                i64::from(v.abstaining),
            )
        }),
        scored_at: given.scored_at,
    })
}

/// Every manual item of `rubric`, as a rater who sees the meeting at
/// `level` grades it.
fn manual_scores(
    rng: &mut SeededRng,
    rubric: &Rubric,
    facts: &MeetingFacts,
    level: f64,
) -> BTreeMap<String, ManualScore> {
    rubric
        .items()
        .filter(|(_, item)| item.scoring.is_manual())
        .map(|(_, item)| {
            let signal = level + evidence(&item.code, facts) + normal(rng) * ITEM_SPREAD;
            let given = match item.scoring {
                Scoring::PassFail => ManualScore::Passed(signal >= bar(&item.code)),
                _ => ManualScore::Points(points_for(item.max_points, signal)),
            };
            (item.code.clone(), given)
        })
        .collect()
}

/// How much it takes to pass a pass/fail item, on the scale of a cell's
/// quality. Nearly every cell keeps order, principles and full minutes;
/// preparing (the committee meeting beforehand, notice, a draft
/// resolution, starting on time) takes more; a lively and effective cell
/// (criticism, many speakers, the previous resolution carried out) more
/// still. Items of rubrics not known here (a later version) take the
/// middle bar.
fn bar(code: &str) -> f64 {
    match code {
        "secretary_prepared" | "in_order" | "content_covered" | "minutes" | "party_principles"
        | "resolution_vote" | "meeting_assessed" => 0.25,
        "praise_criticism" | "many_speakers" | "previous_resolution_done" => 0.45,
        _ => 0.35,
    }
}

/// What a rater sees in the minutes beyond the meeting's level: few
/// speakers make it hard to claim that many spoke, and late tasks that the
/// previous resolution was carried out well.
fn evidence(code: &str, facts: &MeetingFacts) -> f64 {
    let share = |part: u32, whole: u32, empty: f64| {
        if whole == 0 {
            empty
        } else {
            f64::from(part) / f64::from(whole)
        }
    };
    match code {
        "many_speakers" => (share(facts.speakers, facts.present, 0.0) - 0.3) * 0.5,
        "previous_resolution_done" => {
            let done = share(
                facts.previous_tasks_done_on_time,
                facts.previous_tasks_due,
                1.0,
            );
            (done - 0.75) * 0.5
        }
        _ => 0.0,
    }
}

/// Whole points out of `max` for a rater's signal: full marks from about
/// 0.85 up, half marks around 0.35.
fn points_for(max: Points, signal: f64) -> Points {
    let share = (signal + 0.15).clamp(0.0, 1.0);
    let whole = (f64::from(max.tenths()) / 10.0 * share).floor() as u32;
    Points::whole(whole).min(max)
}

/// The members' vote on the cell's proposal: most of those present for,
/// now and then one or two against (more often when the cell is generous
/// with itself) and a few abstaining.
fn members_vote(rng: &mut SeededRng, present: u32, leniency: f64) -> Vote {
    let against = if rng.chance(0.05 + 0.8 * leniency) {
        rng.range(1, 2) as u32
    } else {
        0
    };
    let abstaining = if rng.chance(0.15) {
        rng.range(1, 3) as u32
    } else {
        0
    };
    // The proposal is adopted: those not in favour stay a minority.
    let dissent = present.saturating_sub(1) / 2;
    let against = against.min(dissent);
    let abstaining = abstaining.min(dissent - against);
    Vote {
        in_favour: present - against - abstaining,
        against,
        abstaining,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_stay_within_the_item() {
        let max = Points::whole(10);
        assert_eq!(points_for(max, -1.0), Points::ZERO);
        assert_eq!(points_for(max, 0.35), Points::whole(5));
        assert_eq!(points_for(max, 0.9), max);
        assert_eq!(points_for(max, 3.0), max);
        assert_eq!(points_for(Points::whole(4), 0.6), Points::whole(3));
    }

    #[test]
    fn everyone_present_votes_and_most_are_for() {
        let mut rng = SeededRng::new(3);
        for present in 0..6 {
            for _ in 0..200 {
                let vote = members_vote(&mut rng, present, 0.3);
                assert_eq!(vote.total(), present);
                assert!(vote.in_favour > vote.against + vote.abstaining || present == 0);
            }
        }
    }
}
