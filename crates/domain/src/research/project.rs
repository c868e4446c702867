//! A research project as its contract records it: code, title, host agency
//! and managing department, planned and actual dates, the people (the team
//! and whoever else the project names, such as council members: people,
//! not necessarily members in the roster), contents (work packages with
//! planned months), contracted products and budget lines. `validate`
//! reports every problem at once:
//!
//! - code, title, agencies present, bounded, without hidden characters;
//! - planned start before planned end; an actual end only after an actual
//!   start, not before it;
//! - people keyed once, exactly one lead of the team;
//! - contents and products keyed once; a content's months in order and
//!   inside the project's; a product of a known kind, of a known content,
//!   due inside the project;
//! - budget amounts not negative, settled no more than spent, spent no
//!   more than allocated.

use std::collections::BTreeSet;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::month::YearMonth;
use super::product::{ProductKind, ProductStatus};
use super::{ResearchProblem, check_text};
use crate::Message;

pub const MAX_TITLE_LEN: usize = 500;
pub const MAX_TEXT_LEN: usize = 5_000;
const MAX_NAME_LEN: usize = 300;
const MAX_KEY_LEN: usize = 40;

/// A project's code as its department numbers it (`ĐT.2016.05`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProjectCode(String);

impl ProjectCode {
    pub fn parse(raw: &str) -> Result<ProjectCode, Message> {
        let code = crate::text::normalize(raw.trim());
        if code.is_empty() {
            return Err(Message::new("research-code-empty"));
        }
        if code.chars().count() > MAX_KEY_LEN
            || !code
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '/' | '_'))
        {
            return Err(Message::new("research-code-bad")
                .arg("code", &code)
                .arg("max", MAX_KEY_LEN));
        }
        Ok(ProjectCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ProjectCode {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, String> {
        ProjectCode::parse(&raw).map_err(|m| m.to_string())
    }
}

impl From<ProjectCode> for String {
    fn from(code: ProjectCode) -> String {
        code.0
    }
}

impl fmt::Display for ProjectCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's place in the project's team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    /// Chủ nhiệm đề tài.
    Lead,
    /// Thư ký khoa học.
    Secretary,
    /// Thành viên thực hiện chính.
    Member,
}

impl TeamRole {
    pub const ALL: [TeamRole; 3] = [TeamRole::Lead, TeamRole::Secretary, TeamRole::Member];

    pub fn code(self) -> &'static str {
        match self {
            TeamRole::Lead => "lead",
            TeamRole::Secretary => "secretary",
            TeamRole::Member => "member",
        }
    }

    pub fn parse(code: &str) -> Option<TeamRole> {
        TeamRole::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            TeamRole::Lead => "research-team-lead",
            TeamRole::Secretary => "research-team-secretary",
            TeamRole::Member => "research-team-member",
        }
    }
}

/// Someone the project names: on its team, on the managing department's
/// staff, or on a council. `account` names the chibo account that acts for
/// them, when they have one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub organization: String,
    #[serde(default)]
    pub team_role: Option<TeamRole>,
    /// Staff of the managing department who follow the project.
    #[serde(default)]
    pub department: bool,
    #[serde(default)]
    pub account: Option<String>,
}

/// A work package with its planned months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentItem {
    pub code: String,
    pub title: String,
    pub planned_from: YearMonth,
    pub planned_to: YearMonth,
}

impl ContentItem {
    /// The share of the item's planned months elapsed by the end of
    /// `month`, in percent: what should be done by then.
    pub fn planned_percent_by(&self, month: YearMonth) -> u8 {
        let total = self.planned_from.months_to(self.planned_to).max(1);
        let done = self.planned_from.months_to(month).clamp(0, total);
        u8::try_from(done * 100 / total).unwrap_or(100)
    }
}

/// A contracted product. `kind` is kept as entered so that an unknown kind
/// is reported where it is (`products.3.kind`), not lost in parsing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub code: String,
    pub kind: String,
    pub title: String,
    /// The content item it belongs to.
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub due: Option<YearMonth>,
    #[serde(default)]
    pub status: ProductStatus,
}

impl Product {
    pub fn kind(&self) -> Option<ProductKind> {
        ProductKind::parse(&self.kind)
    }
}

/// A budget line in đồng.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    pub code: String,
    pub title: String,
    pub allocated: i64,
    #[serde(default)]
    pub spent: i64,
    #[serde(default)]
    pub settled: i64,
}

impl BudgetLine {
    pub fn remaining(&self) -> i64 {
        self.allocated.saturating_sub(self.spent)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub code: ProjectCode,
    pub title: String,
    /// Cơ quan chủ trì.
    pub host_agency: String,
    /// The S&T department that manages it.
    pub managing_department: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    #[serde(default)]
    pub actual_start: Option<NaiveDate>,
    #[serde(default)]
    pub actual_end: Option<NaiveDate>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub contents: Vec<ContentItem>,
    #[serde(default)]
    pub products: Vec<Product>,
    #[serde(default)]
    pub budget: Vec<BudgetLine>,
}

fn problem(field: impl Into<String>, id: &'static str) -> ResearchProblem {
    ResearchProblem::new(field, Message::new(id))
}

fn check_key(
    problems: &mut Vec<ResearchProblem>,
    seen: &mut BTreeSet<String>,
    field: String,
    key: &str,
) {
    let key = key.trim();
    if key.is_empty()
        || key.chars().count() > MAX_KEY_LEN
        || crate::text::forbidden_char(key).is_some()
    {
        problems.push(ResearchProblem::new(
            field,
            Message::new("research-key-bad")
                .arg("key", key)
                .arg("max", MAX_KEY_LEN),
        ));
    } else if !seen.insert(key.to_owned()) {
        problems.push(ResearchProblem::new(
            field,
            Message::new("research-key-twice").arg("key", key),
        ));
    }
}

impl Project {
    pub fn person(&self, key: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.key == key)
    }

    pub fn content(&self, code: &str) -> Option<&ContentItem> {
        self.contents.iter().find(|c| c.code == code)
    }

    pub fn product(&self, code: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.code == code)
    }

    pub fn lead(&self) -> Option<&Person> {
        self.people
            .iter()
            .find(|p| p.team_role == Some(TeamRole::Lead))
    }

    /// The project's months, planned.
    pub fn planned_months(&self) -> (YearMonth, YearMonth) {
        (
            YearMonth::of(self.planned_start),
            YearMonth::of(self.planned_end),
        )
    }

    pub fn validate(&self) -> Vec<ResearchProblem> {
        let mut problems = Vec::new();
        check_text(&mut problems, "title", &self.title, true, MAX_TITLE_LEN);
        check_text(
            &mut problems,
            "host_agency",
            &self.host_agency,
            true,
            MAX_NAME_LEN,
        );
        check_text(
            &mut problems,
            "managing_department",
            &self.managing_department,
            true,
            MAX_NAME_LEN,
        );
        self.check_dates(&mut problems);
        self.check_people(&mut problems);
        self.check_contents(&mut problems);
        self.check_products(&mut problems);
        self.check_budget(&mut problems);
        problems
    }

    fn check_dates(&self, problems: &mut Vec<ResearchProblem>) {
        if self.planned_end <= self.planned_start {
            problems.push(ResearchProblem::new(
                "planned_end",
                Message::new("research-dates-out-of-order")
                    .date("start", self.planned_start)
                    .date("end", self.planned_end),
            ));
        }
        match (self.actual_start, self.actual_end) {
            (None, Some(_)) => {
                problems.push(problem("actual_start", "research-actual-start-missing"))
            }
            (Some(start), Some(end)) if end < start => problems.push(ResearchProblem::new(
                "actual_end",
                Message::new("research-dates-out-of-order")
                    .date("start", start)
                    .date("end", end),
            )),
            _ => {}
        }
    }

    fn check_people(&self, problems: &mut Vec<ResearchProblem>) {
        let mut seen = BTreeSet::new();
        for (i, person) in self.people.iter().enumerate() {
            check_key(problems, &mut seen, format!("people.{i}.key"), &person.key);
            check_text(
                problems,
                &format!("people.{i}.name"),
                &person.name,
                true,
                MAX_NAME_LEN,
            );
            check_text(
                problems,
                &format!("people.{i}.position"),
                &person.position,
                false,
                MAX_NAME_LEN,
            );
            check_text(
                problems,
                &format!("people.{i}.organization"),
                &person.organization,
                false,
                MAX_NAME_LEN,
            );
        }
        let leads = self
            .people
            .iter()
            .filter(|p| p.team_role == Some(TeamRole::Lead))
            .count();
        if leads != 1 {
            problems.push(ResearchProblem::new(
                "people",
                Message::new("research-lead-count").arg("count", leads),
            ));
        }
    }

    fn check_contents(&self, problems: &mut Vec<ResearchProblem>) {
        let (first, last) = self.planned_months();
        let mut seen = BTreeSet::new();
        for (i, item) in self.contents.iter().enumerate() {
            check_key(
                problems,
                &mut seen,
                format!("contents.{i}.code"),
                &item.code,
            );
            check_text(
                problems,
                &format!("contents.{i}.title"),
                &item.title,
                true,
                MAX_TITLE_LEN,
            );
            if item.planned_to < item.planned_from {
                problems.push(ResearchProblem::new(
                    format!("contents.{i}.planned_to"),
                    Message::new("research-months-out-of-order")
                        .arg("from", item.planned_from)
                        .arg("to", item.planned_to),
                ));
            } else if item.planned_from < first || item.planned_to > last {
                problems.push(ResearchProblem::new(
                    format!("contents.{i}.planned_from"),
                    Message::new("research-months-outside")
                        .arg("from", item.planned_from)
                        .arg("to", item.planned_to)
                        .arg("first", first)
                        .arg("last", last),
                ));
            }
        }
    }

    fn check_products(&self, problems: &mut Vec<ResearchProblem>) {
        let (first, last) = self.planned_months();
        let mut seen = BTreeSet::new();
        for (i, product) in self.products.iter().enumerate() {
            check_key(
                problems,
                &mut seen,
                format!("products.{i}.code"),
                &product.code,
            );
            check_text(
                problems,
                &format!("products.{i}.title"),
                &product.title,
                true,
                MAX_TITLE_LEN,
            );
            if product.kind().is_none() {
                problems.push(ResearchProblem::new(
                    format!("products.{i}.kind"),
                    Message::new("research-product-kind-unknown").arg("kind", &product.kind),
                ));
            }
            if let Some(content) = &product.content
                && self.content(content).is_none()
            {
                problems.push(ResearchProblem::new(
                    format!("products.{i}.content"),
                    Message::new("research-content-unknown").arg("content", content),
                ));
            }
            if let Some(due) = product.due
                && (due < first || due > last)
            {
                problems.push(ResearchProblem::new(
                    format!("products.{i}.due"),
                    Message::new("research-months-outside")
                        .arg("from", due)
                        .arg("to", due)
                        .arg("first", first)
                        .arg("last", last),
                ));
            }
        }
    }

    fn check_budget(&self, problems: &mut Vec<ResearchProblem>) {
        let mut seen = BTreeSet::new();
        for (i, line) in self.budget.iter().enumerate() {
            check_key(problems, &mut seen, format!("budget.{i}.code"), &line.code);
            check_text(
                problems,
                &format!("budget.{i}.title"),
                &line.title,
                true,
                MAX_TITLE_LEN,
            );
            for (name, value) in [
                ("allocated", line.allocated),
                ("spent", line.spent),
                ("settled", line.settled),
            ] {
                if value < 0 {
                    problems.push(problem(
                        format!("budget.{i}.{name}"),
                        "research-amount-negative",
                    ));
                }
            }
            if line.spent > line.allocated {
                problems.push(problem(
                    format!("budget.{i}.spent"),
                    "research-spent-over-allocated",
                ));
            }
            if line.settled > line.spent {
                problems.push(problem(
                    format!("budget.{i}.settled"),
                    "research-settled-over-spent",
                ));
            }
        }
    }

    /// The budget summed: allocated, spent, settled, remaining.
    pub fn budget_totals(&self) -> [i64; 4] {
        let sum =
            |f: fn(&BudgetLine) -> i64| self.budget.iter().map(f).fold(0i64, i64::saturating_add);
        let allocated = sum(|l| l.allocated);
        let spent = sum(|l| l.spent);
        [
            allocated,
            spent,
            sum(|l| l.settled),
            allocated.saturating_sub(spent),
        ]
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn month(s: &str) -> YearMonth {
        YearMonth::parse(s).unwrap()
    }

    /// The seed project in outline.
    pub(crate) fn seed() -> Project {
        Project {
            code: ProjectCode::parse("ĐT.2016.05").unwrap(),
            title: "Giải pháp nâng cao chất lượng sinh hoạt tổ chức đảng cơ sở".to_owned(),
            host_agency: "Ban Tuyên giáo Thành ủy Cần Thơ".to_owned(),
            managing_department: "Sở Khoa học và Công nghệ thành phố Cần Thơ".to_owned(),
            planned_start: d("2016-12-01"),
            planned_end: d("2018-11-30"),
            actual_start: Some(d("2016-12-01")),
            actual_end: None,
            people: vec![
                Person {
                    key: "CN".to_owned(),
                    name: "Trưởng nhóm".to_owned(),
                    position: "Phó Trưởng ban".to_owned(),
                    organization: "Ban Tuyên giáo Thành ủy".to_owned(),
                    team_role: Some(TeamRole::Lead),
                    department: false,
                    account: None,
                },
                Person {
                    key: "HD1".to_owned(),
                    name: "Chủ tịch hội đồng".to_owned(),
                    position: String::new(),
                    organization: String::new(),
                    team_role: None,
                    department: false,
                    account: None,
                },
            ],
            contents: vec![ContentItem {
                code: "ND1".to_owned(),
                title: "Cơ sở lý luận".to_owned(),
                planned_from: month("12/2016"),
                planned_to: month("11/2017"),
            }],
            products: vec![Product {
                code: "SP1".to_owned(),
                kind: "thematic_report".to_owned(),
                title: "Chuyên đề 1".to_owned(),
                content: Some("ND1".to_owned()),
                due: Some(month("06/2017")),
                status: ProductStatus::Delivered,
            }],
            budget: vec![BudgetLine {
                code: "KP1".to_owned(),
                title: "Chuyên đề".to_owned(),
                allocated: 100,
                spent: 60,
                settled: 40,
            }],
        }
    }

    fn fields(project: &Project) -> Vec<(String, &'static str)> {
        project
            .validate()
            .into_iter()
            .map(|p| (p.field, p.message.id))
            .collect()
    }

    #[test]
    fn the_seed_is_valid_and_plans_progress_by_month() {
        let project = seed();
        assert_eq!(fields(&project), Vec::new());
        let item = &project.contents[0];
        assert_eq!(item.planned_percent_by(month("11/2016")), 0);
        assert_eq!(item.planned_percent_by(month("05/2017")), 50);
        assert_eq!(item.planned_percent_by(month("07/2018")), 100);
        assert_eq!(project.budget_totals(), [100, 60, 40, 40]);
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut project = seed();
        project.planned_end = d("2016-06-01");
        project.actual_end = Some(d("2016-11-01"));
        project.products[0].kind = "poster".to_owned();
        project.products[0].content = Some("ND9".to_owned());
        project.contents[0].planned_to = month("10/2016");
        project.budget[0].settled = 70;
        project.people[1].key = "CN".to_owned();
        project.people[0].team_role = None;
        let found = fields(&project);
        for expected in [
            ("planned_end", "research-dates-out-of-order"),
            ("actual_end", "research-dates-out-of-order"),
            ("products.0.kind", "research-product-kind-unknown"),
            ("products.0.content", "research-content-unknown"),
            ("contents.0.planned_to", "research-months-out-of-order"),
            ("budget.0.settled", "research-settled-over-spent"),
            ("people.1.key", "research-key-twice"),
            ("people", "research-lead-count"),
        ] {
            assert!(
                found.contains(&(expected.0.to_owned(), expected.1)),
                "{expected:?} not in {found:?}"
            );
        }
    }

    #[test]
    fn codes_are_checked() {
        assert!(ProjectCode::parse("ĐT.2016.05").is_ok());
        assert_eq!(
            ProjectCode::parse(" ").unwrap_err().id,
            "research-code-empty"
        );
        assert_eq!(
            ProjectCode::parse("a b").unwrap_err().id,
            "research-code-bad"
        );
    }
}
