//! The states a project passes through at a provincial S&T department, as
//! data (core/reference/research/lifecycle.json): each state's code and
//! names, the states that may follow it and the reviews a council may hold
//! in it. Rules change with the law (QĐ 07/2015/QĐ-UBND then Luật
//! 93/2025/QH15), so none of this is code.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::ResearchProblem;
use super::review::ReviewKind;
use crate::Message;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleState {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// The states a project may move to from this one.
    #[serde(default)]
    pub next: Vec<String>,
    /// The reviews a council may record while the project is here.
    #[serde(default)]
    pub reviews: Vec<ReviewKind>,
    /// Whether the team reports progress in this state.
    #[serde(default)]
    pub reports_progress: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    pub code: String,
    /// The documents the states follow.
    pub source: String,
    /// Months between two progress reports.
    pub report_every_months: u32,
    /// In order; a new project starts in the first.
    pub states: Vec<LifecycleState>,
}

impl Lifecycle {
    pub fn state(&self, code: &str) -> Option<&LifecycleState> {
        self.states.iter().find(|s| s.code == code)
    }

    pub fn first(&self) -> Option<&LifecycleState> {
        self.states.first()
    }

    /// Whether a council may hold a review of `kind` in state `code`.
    pub fn allows_review(&self, code: &str, kind: ReviewKind) -> bool {
        self.state(code).is_some_and(|s| s.reviews.contains(&kind))
    }

    /// Whether a project may move from `from` to `to`.
    pub fn allows_move(&self, from: &str, to: &str) -> bool {
        self.state(from)
            .is_some_and(|s| s.next.iter().any(|n| n == to))
    }

    /// The states whose reviews include `kind`, for the message that says
    /// when a review may be held.
    pub fn states_for(&self, kind: ReviewKind) -> Vec<&LifecycleState> {
        self.states
            .iter()
            .filter(|s| s.reviews.contains(&kind))
            .collect()
    }

    /// Codes unique and not empty, every `next` a known state, at least
    /// one state, a positive report interval.
    pub fn validate(&self) -> Vec<ResearchProblem> {
        let mut problems = Vec::new();
        if self.states.is_empty() {
            problems.push(ResearchProblem::new(
                "states",
                Message::new("research-lifecycle-empty"),
            ));
        }
        if self.report_every_months == 0 {
            problems.push(ResearchProblem::new(
                "report_every_months",
                Message::new("research-lifecycle-interval"),
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, state) in self.states.iter().enumerate() {
            if state.code.trim().is_empty() || !seen.insert(state.code.as_str()) {
                problems.push(ResearchProblem::new(
                    format!("states.{i}.code"),
                    Message::new("research-lifecycle-code").arg("code", &state.code),
                ));
            }
        }
        for (i, state) in self.states.iter().enumerate() {
            for (j, next) in state.next.iter().enumerate() {
                if self.state(next).is_none() {
                    problems.push(ResearchProblem::new(
                        format!("states.{i}.next.{j}"),
                        Message::new("research-lifecycle-next").arg("code", next),
                    ));
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Lifecycle {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../core/reference/research/lifecycle.json"
        );
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn the_shipped_lifecycle_is_valid_and_reviews_where_the_law_says() {
        let lifecycle = shipped();
        assert_eq!(lifecycle.validate(), Vec::new());
        assert_eq!(lifecycle.first().unwrap().code, "proposed");
        assert!(lifecycle.allows_review("mid_term_review", ReviewKind::MidTerm));
        assert!(!lifecycle.allows_review("proposed", ReviewKind::MidTerm));
        assert!(lifecycle.allows_review("city_acceptance", ReviewKind::Acceptance));
        assert!(lifecycle.allows_move("in_progress", "mid_term_review"));
        assert!(!lifecycle.allows_move("proposed", "in_progress"));
    }

    #[test]
    fn broken_lifecycles_are_refused_where_they_break() {
        let mut lifecycle = shipped();
        lifecycle.states[1].code = lifecycle.states[0].code.clone();
        lifecycle.states[2].next.push("nowhere".to_owned());
        let fields: Vec<String> = lifecycle.validate().into_iter().map(|p| p.field).collect();
        assert!(fields.contains(&"states.1.code".to_owned()), "{fields:?}");
        assert!(
            fields.iter().any(|f| f.starts_with("states.2.next.")),
            "{fields:?}"
        );
    }
}
