//! Scoring one meeting: formula items from the facts, manual items from the
//! scores people gave, then group totals, the total and the rating.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::facts::MeetingFacts;
use super::points::Points;
use super::problem::RubricProblem;
use super::rating::{FailedGate, Rating, apply_gates};
use super::{Rubric, RubricGroup, RubricItem, Scoring};
use crate::Message;

/// What a person gave a manual item: points for a `Manual` item, pass or
/// fail for a `PassFail` one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManualScore {
    Points(Points),
    Passed(bool),
}

/// Who decided an item's points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoredBy {
    Formula,
    /// A person, with points or pass/fail.
    Manual,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemScore {
    pub code: String,
    pub group: String,
    pub points: Points,
    pub max: Points,
    pub how: ScoredBy,
}

impl ItemScore {
    pub fn has_full_marks(&self) -> bool {
        self.points == self.max
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupScore {
    pub code: String,
    pub points: Points,
    pub max: Points,
    /// Every item of the group at full marks (a criterion met, in the
    /// pass/fail frameworks).
    pub passed: bool,
}

/// The result of scoring one meeting with one rubric version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    pub rubric_code: String,
    pub rubric_version: u32,
    /// In rubric order.
    pub items: Vec<ItemScore>,
    /// In rubric order.
    pub groups: Vec<GroupScore>,
    pub total: Points,
    pub max: Points,
    pub groups_passed: u32,
    /// The band reached before gates were applied.
    pub rating_before_gates: Option<Rating>,
    /// The final rating; `None` only for a rule without bands.
    pub rating: Option<Rating>,
    /// The gates that lowered the rating, highest first.
    pub failed_gates: Vec<FailedGate>,
}

/// Scores a meeting. Fails, with every problem found, when the rubric is
/// invalid, the facts contradict one another, or a manual item lacks a
/// score of the right kind within its range (or a score names an item that
/// is unknown or graded by formula).
pub fn score(
    rubric: &Rubric,
    facts: &MeetingFacts,
    manual: &BTreeMap<String, ManualScore>,
) -> Result<Scorecard, Vec<RubricProblem>> {
    let rubric_problems = rubric.validate();
    if !rubric_problems.is_empty() {
        return Err(rubric_problems);
    }
    let mut problems = facts.problems();
    problems.extend(unexpected_scores(rubric, manual));
    let mut items = Vec::new();
    for (group, item) in rubric.items() {
        match item_score(group, item, facts, manual.get(&item.code)) {
            Ok(scored) => items.push(scored),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(scorecard(rubric, items))
    } else {
        Err(problems)
    }
}

/// Scores given for codes that are not manual items: a typo or a stale
/// form must not be silently ignored.
fn unexpected_scores(
    rubric: &Rubric,
    manual: &BTreeMap<String, ManualScore>,
) -> Vec<RubricProblem> {
    manual
        .keys()
        .filter_map(|code| {
            let message = match rubric.item(code) {
                None => Message::new("rubric-score-unknown-item"),
                Some(item) if !item.scoring.is_manual() => Message::new("rubric-score-not-manual"),
                Some(_) => return None,
            };
            Some(RubricProblem::item(code, message.arg("item", code)))
        })
        .collect()
}

fn item_score(
    group: &RubricGroup,
    item: &RubricItem,
    facts: &MeetingFacts,
    given: Option<&ManualScore>,
) -> Result<ItemScore, RubricProblem> {
    let (points, how) = match &item.scoring {
        Scoring::Formula(formula) => (formula.points(item.max_points, facts), ScoredBy::Formula),
        Scoring::Manual | Scoring::PassFail => (manual_points(item, given)?, ScoredBy::Manual),
    };
    Ok(ItemScore {
        code: item.code.clone(),
        group: group.code.clone(),
        points,
        max: item.max_points,
        how,
    })
}

fn manual_points(item: &RubricItem, given: Option<&ManualScore>) -> Result<Points, RubricProblem> {
    let max = item.max_points;
    let message = match (&item.scoring, given) {
        (_, None) => Message::new("rubric-score-missing"),
        (Scoring::PassFail, Some(ManualScore::Passed(true))) => return Ok(max),
        (Scoring::PassFail, Some(ManualScore::Passed(false))) => return Ok(Points::ZERO),
        (Scoring::PassFail, Some(ManualScore::Points(_))) => {
            Message::new("rubric-score-needs-pass-fail")
        }
        (_, Some(ManualScore::Points(points))) if *points <= max => return Ok(*points),
        (_, Some(ManualScore::Points(points))) => {
            Message::new("rubric-score-out-of-range").arg("points", points)
        }
        (_, Some(ManualScore::Passed(_))) => Message::new("rubric-score-needs-points"),
    };
    Err(RubricProblem::item(
        &item.code,
        message.arg("item", &item.code).arg("max", max),
    ))
}

fn scorecard(rubric: &Rubric, items: Vec<ItemScore>) -> Scorecard {
    let groups: Vec<GroupScore> = rubric
        .groups
        .iter()
        .map(|group| group_score(group, &items))
        .collect();
    let total: Points = items.iter().map(|item| item.points).sum();
    let groups_passed =
        u32::try_from(groups.iter().filter(|g| g.passed).count()).unwrap_or(u32::MAX);
    let rating_before_gates = rubric.rating_rule.rate(total, groups_passed);
    let has_full_marks = |code: &str| {
        items
            .iter()
            .any(|item| item.code == code && item.has_full_marks())
    };
    let (rating, failed_gates) = apply_gates(
        &rubric.rating_rule,
        &rubric.gates,
        rating_before_gates,
        has_full_marks,
    );
    Scorecard {
        rubric_code: rubric.code.clone(),
        rubric_version: rubric.version,
        items,
        groups,
        total,
        max: rubric.max_points,
        groups_passed,
        rating_before_gates,
        rating,
        failed_gates,
    }
}

fn group_score(group: &RubricGroup, items: &[ItemScore]) -> GroupScore {
    let in_group = || items.iter().filter(|item| item.group == group.code);
    GroupScore {
        code: group.code.clone(),
        points: in_group().map(|item| item.points).sum(),
        max: group.max_points,
        passed: in_group().all(ItemScore::has_full_marks),
    }
}
