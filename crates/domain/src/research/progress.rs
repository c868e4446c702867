//! A periodic progress report: what is done of each content item at the
//! end of a period, against what the plan's months say should be.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::month::YearMonth;
use super::project::{MAX_TEXT_LEN, Project};
use super::{ResearchProblem, check_text};
use crate::Message;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressRow {
    pub content: String,
    /// Done, in percent, at the end of the period.
    pub actual_percent: u8,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressReport {
    pub period_end: NaiveDate,
    pub submitted_on: NaiveDate,
    pub rows: Vec<ProgressRow>,
    #[serde(default)]
    pub note: String,
}

impl ProgressReport {
    /// Planned against actual per row, in the report's order: (content,
    /// planned percent, actual percent).
    pub fn planned_against_actual<'a>(&'a self, project: &Project) -> Vec<(&'a str, u8, u8)> {
        let month = YearMonth::of(self.period_end);
        self.rows
            .iter()
            .map(|row| {
                let planned = project
                    .content(&row.content)
                    .map_or(0, |c| c.planned_percent_by(month));
                (row.content.as_str(), planned, row.actual_percent)
            })
            .collect()
    }

    /// The period ends inside the project and the report is not submitted
    /// before the period it reports on began; every row names a content
    /// item of the project once, with a percentage.
    pub fn validate(&self, project: &Project) -> Vec<ResearchProblem> {
        let mut problems = Vec::new();
        if self.period_end < project.planned_start {
            problems.push(ResearchProblem::new(
                "period_end",
                Message::new("research-dates-out-of-order")
                    .date("start", project.planned_start)
                    .date("end", self.period_end),
            ));
        }
        if self.submitted_on < project.planned_start {
            problems.push(ResearchProblem::new(
                "submitted_on",
                Message::new("research-dates-out-of-order")
                    .date("start", project.planned_start)
                    .date("end", self.submitted_on),
            ));
        }
        check_text(&mut problems, "note", &self.note, false, MAX_TEXT_LEN);
        if self.rows.is_empty() {
            problems.push(ResearchProblem::new(
                "rows",
                Message::new("research-progress-empty"),
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, row) in self.rows.iter().enumerate() {
            if project.content(&row.content).is_none() {
                problems.push(ResearchProblem::new(
                    format!("rows.{i}.content"),
                    Message::new("research-content-unknown").arg("content", &row.content),
                ));
            } else if !seen.insert(row.content.as_str()) {
                problems.push(ResearchProblem::new(
                    format!("rows.{i}.content"),
                    Message::new("research-key-twice").arg("key", &row.content),
                ));
            }
            if row.actual_percent > 100 {
                problems.push(ResearchProblem::new(
                    format!("rows.{i}.actual_percent"),
                    Message::new("research-percent-bad"),
                ));
            }
            check_text(
                &mut problems,
                &format!("rows.{i}.note"),
                &row.note,
                false,
                MAX_TEXT_LEN,
            );
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::research::project::tests::{d, seed};

    #[test]
    fn a_report_compares_planned_and_actual_and_names_bad_rows() {
        let project = seed();
        let report = ProgressReport {
            period_end: d("2017-05-31"),
            submitted_on: d("2017-06-05"),
            rows: vec![ProgressRow {
                content: "ND1".to_owned(),
                actual_percent: 40,
                note: String::new(),
            }],
            note: String::new(),
        };
        assert_eq!(report.validate(&project), Vec::new());
        assert_eq!(report.planned_against_actual(&project), [("ND1", 50, 40)]);
        let mut bad = report.clone();
        bad.rows.push(ProgressRow {
            content: "ND1".to_owned(),
            actual_percent: 101,
            note: String::new(),
        });
        let fields: Vec<String> = bad
            .validate(&project)
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["rows.1.content", "rows.1.actual_percent"]);
    }
}
