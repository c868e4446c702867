//! The rules a norm set must keep before it checks anything.

use std::collections::BTreeSet;

use super::{NormCheck, NormRule, NormSet};
use crate::org::SourceDocument;
use crate::text::normalize;
use crate::{Message, UnitCode};

impl NormSet {
    /// Every problem of the set at once, so that an edited file can be
    /// corrected in one pass. Empty means the set can check meetings.
    pub fn validate(&self) -> Vec<Message> {
        let mut problems = Vec::new();
        problems.extend(code_problem(&self.code));
        problems.extend(names_problem(&self.code, &self.name_vi, &self.name_en));
        if self.version == 0 {
            problems.push(Message::new("norm-version-zero").arg("code", &self.code));
        }
        problems.extend(source_problem(&self.code, &self.source));
        if let Some(issued) = self.source.date
            && self.effective_from < issued
        {
            problems.push(
                Message::new("norm-effective-before-source")
                    .arg("code", &self.code)
                    .date("effective", self.effective_from)
                    .date("issued", issued),
            );
        }
        if self.rules.is_empty() {
            problems.push(Message::new("norm-set-empty").arg("code", &self.code));
        }
        let mut seen = BTreeSet::new();
        for rule in &self.rules {
            if !seen.insert(rule.code.as_str()) {
                problems.push(Message::new("norm-rule-duplicate").arg("code", &rule.code));
            }
            problems.extend(rule_problems(rule));
        }
        problems
    }
}

fn rule_problems(rule: &NormRule) -> Vec<Message> {
    let mut problems = Vec::new();
    problems.extend(code_problem(&rule.code));
    problems.extend(names_problem(&rule.code, &rule.name_vi, &rule.name_en));
    if let Some(source) = &rule.source {
        problems.extend(source_problem(&rule.code, source));
    }
    let code = rule.code.as_str();
    match rule.check {
        NormCheck::RegularEveryMonth
        | NormCheck::ThematicEveryQuarter
        | NormCheck::NoThirdConsecutiveAbsence => {}
        NormCheck::MinimumDuration {
            regular_minutes,
            combined_minutes,
        } => {
            if regular_minutes == 0 || combined_minutes == 0 {
                problems.push(Message::new("norm-minutes-zero").arg("code", code));
            } else if combined_minutes < regular_minutes {
                // A sitting holding both meetings shorter than one alone
                // is a typing mistake, not a norm.
                problems.push(
                    Message::new("norm-combined-shorter")
                        .arg("code", code)
                        .arg("regular", regular_minutes)
                        .arg("combined", combined_minutes),
                );
            }
        }
        NormCheck::Attendance {
            min_rate_percent, ..
        } => {
            // The norm is "over" the rate, so at 100% no meeting could
            // ever meet it.
            if min_rate_percent >= 100 {
                problems.push(
                    Message::new("norm-rate-too-high")
                        .arg("code", code)
                        .arg("percent", min_rate_percent),
                );
            }
        }
        NormCheck::DocumentsAhead { min_days } => {
            if min_days < 0 {
                problems.push(
                    Message::new("norm-days-negative")
                        .arg("code", code)
                        .arg("days", min_days),
                );
            }
        }
        NormCheck::SuperiorAttendance { per_year } => {
            if per_year == 0 {
                problems.push(Message::new("norm-per-year-zero").arg("code", code));
            }
        }
    }
    problems
}

/// Set and rule codes follow the rules of every other code in chibo (see
/// `codes.rs`), written without surrounding spaces.
fn code_problem(code: &str) -> Option<Message> {
    let valid = UnitCode::parse(code).is_ok_and(|parsed| parsed.as_str() == code);
    (!valid).then(|| Message::new("norm-code-invalid").arg("code", code))
}

/// Both names are required and stored normalized (NFC, single spaces).
fn names_problem(code: &str, name_vi: &str, name_en: &str) -> Option<Message> {
    if name_vi.trim().is_empty() || name_en.trim().is_empty() {
        return Some(Message::new("norm-name-missing").arg("code", code));
    }
    let normalized = normalize(name_vi) == name_vi && normalize(name_en) == name_en;
    (!normalized).then(|| Message::new("norm-name-not-normalized").arg("code", code))
}

/// A source is named by number *and* date, because numbers repeat.
fn source_problem(code: &str, source: &SourceDocument) -> Option<Message> {
    let number_given = source
        .number
        .as_deref()
        .is_some_and(|number| !number.trim().is_empty());
    (!number_given || source.date.is_none())
        .then(|| Message::new("norm-source-incomplete").arg("code", code))
}
