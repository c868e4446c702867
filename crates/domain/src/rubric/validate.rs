//! The rules a rubric must keep before it scores anything: codes, names,
//! sums, formula parameters, rating bands and gates.

use std::collections::BTreeSet;

use unicode_normalization::is_nfc;

use super::problem::{Concern, RubricProblem};
use super::rating::gate_problems;
use super::{Points, Rubric, RubricGroup, RubricItem, Scoring};
use crate::text::normalize;
use crate::{Message, UnitCode};

impl Rubric {
    /// Every problem of the rubric at once, so that an edited file can be
    /// corrected in one pass. Empty means the rubric can score meetings.
    pub fn validate(&self) -> Vec<RubricProblem> {
        let mut problems = Vec::new();
        problems.extend(self.identity_problems());
        problems.extend(self.duplicate_codes());
        for group in &self.groups {
            problems.extend(group_problems(group));
            for item in &group.items {
                problems.extend(item_problems(item));
            }
        }
        problems.extend(self.total_problems());
        let group_count = u32::try_from(self.groups.len()).unwrap_or(u32::MAX);
        problems.extend(self.rating_rule.problems(self.max_points, group_count));
        problems.extend(gate_problems(&self.rating_rule, &self.gates, |code| {
            self.item(code).is_some()
        }));
        problems
    }

    fn identity_problems(&self) -> Vec<RubricProblem> {
        let mut problems = Vec::new();
        if let Some(message) = code_problem(&self.code) {
            problems.push(RubricProblem::rubric(message));
        }
        if let Some(message) = names_problem(&self.code, &self.name_vi, &self.name_en) {
            problems.push(RubricProblem::rubric(message));
        }
        problems
    }

    /// Group and item codes share one namespace: a gate or a manual score
    /// names an item by code, and a code meaning two things would mislead.
    fn duplicate_codes(&self) -> Vec<RubricProblem> {
        let mut seen = BTreeSet::new();
        let mut problems = Vec::new();
        for group in &self.groups {
            if !seen.insert(group.code.as_str()) {
                problems.push(RubricProblem::group(&group.code, duplicate(&group.code)));
            }
            for item in &group.items {
                if !seen.insert(item.code.as_str()) {
                    problems.push(RubricProblem::item(&item.code, duplicate(&item.code)));
                }
            }
        }
        problems
    }

    fn total_problems(&self) -> Vec<RubricProblem> {
        let sum: Points = self.groups.iter().map(|group| group.max_points).sum();
        if sum == self.max_points {
            return Vec::new();
        }
        vec![RubricProblem::rubric(
            Message::new("rubric-total-sum")
                .arg("sum", sum)
                .arg("declared", self.max_points),
        )]
    }
}

fn duplicate(code: &str) -> Message {
    Message::new("rubric-code-duplicate").arg("code", code)
}

fn group_problems(group: &RubricGroup) -> Vec<RubricProblem> {
    let mut problems = Vec::new();
    let mut push = |message| problems.push(RubricProblem::group(&group.code, message));
    if let Some(message) = code_problem(&group.code) {
        push(message);
    }
    if let Some(message) = names_problem(&group.code, &group.name_vi, &group.name_en) {
        push(message);
    }
    if group.items.is_empty() {
        push(Message::new("rubric-group-empty").arg("group", &group.code));
    }
    let sum: Points = group.items.iter().map(|item| item.max_points).sum();
    if sum != group.max_points {
        push(
            Message::new("rubric-group-sum")
                .arg("group", &group.code)
                .arg("sum", sum)
                .arg("declared", group.max_points),
        );
    }
    problems
}

fn item_problems(item: &RubricItem) -> Vec<RubricProblem> {
    let mut messages = Vec::new();
    messages.extend(code_problem(&item.code));
    messages.extend(names_problem(&item.code, &item.name_vi, &item.name_en));
    if !(is_nfc(&item.guidance_vi) && is_nfc(&item.guidance_en)) {
        messages.push(Message::new("rubric-name-not-normalized").arg("code", &item.code));
    }
    if item.max_points == Points::ZERO {
        messages.push(Message::new("rubric-item-max-zero").arg("item", &item.code));
    }
    if let Scoring::Formula(formula) = &item.scoring {
        messages.extend(formula.problems(&item.code, item.max_points));
    }
    messages
        .into_iter()
        .map(|message| RubricProblem::new(Concern::Item(item.code.clone()), message))
        .collect()
}

/// Rubric, group and item codes follow the rules of every other code in
/// chibo (see `codes.rs`), written without surrounding spaces.
fn code_problem(code: &str) -> Option<Message> {
    let valid = UnitCode::parse(code).is_ok_and(|parsed| parsed.as_str() == code);
    (!valid).then(|| Message::new("rubric-code-invalid").arg("code", code))
}

/// Both names are required and stored normalized (NFC, single spaces), as
/// every name in chibo is, so that they compare and sort reliably.
fn names_problem(code: &str, name_vi: &str, name_en: &str) -> Option<Message> {
    if name_vi.trim().is_empty() || name_en.trim().is_empty() {
        return Some(Message::new("rubric-name-missing").arg("code", code));
    }
    let normalized = normalize(name_vi) == name_vi && normalize(name_en) == name_en;
    (!normalized).then(|| Message::new("rubric-name-not-normalized").arg("code", code))
}
