//! Councils and their reviews. A council (hội đồng) is established by a
//! decision for one kind of review of one project; its members are people
//! the project names, each with a role, none from the project's team. A
//! review records the four-part check sheet of research-projects.md
//! (progress, contents, products, budget), each member's opinion and
//! score, the conclusion and the council's requests, each with an owner
//! and a deadline. Whether the project's state allows the review, and
//! whether a member already scored, need the store: core checks those.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::product::ProductStatus;
use super::project::{MAX_TEXT_LEN, MAX_TITLE_LEN, Project};
use super::{ResearchProblem, check_text};
use crate::Message;

/// The highest score a member may give (a 100-point sheet).
pub const MAX_SCORE: u8 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewKind {
    MidTerm,
    BaseAcceptance,
    Acceptance,
}

impl ReviewKind {
    pub const ALL: [ReviewKind; 3] = [
        ReviewKind::MidTerm,
        ReviewKind::BaseAcceptance,
        ReviewKind::Acceptance,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReviewKind::MidTerm => "mid_term",
            ReviewKind::BaseAcceptance => "base_acceptance",
            ReviewKind::Acceptance => "acceptance",
        }
    }

    pub fn parse(code: &str) -> Option<ReviewKind> {
        ReviewKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            ReviewKind::MidTerm => "research-review-mid-term",
            ReviewKind::BaseAcceptance => "research-review-base-acceptance",
            ReviewKind::Acceptance => "research-review-acceptance",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouncilRole {
    Chair,
    ViceChair,
    Secretary,
    /// Phản biện.
    Reviewer,
    Member,
}

impl CouncilRole {
    pub const ALL: [CouncilRole; 5] = [
        CouncilRole::Chair,
        CouncilRole::ViceChair,
        CouncilRole::Secretary,
        CouncilRole::Reviewer,
        CouncilRole::Member,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CouncilRole::Chair => "chair",
            CouncilRole::ViceChair => "vice_chair",
            CouncilRole::Secretary => "secretary",
            CouncilRole::Reviewer => "reviewer",
            CouncilRole::Member => "member",
        }
    }

    pub fn parse(code: &str) -> Option<CouncilRole> {
        CouncilRole::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            CouncilRole::Chair => "research-council-chair",
            CouncilRole::ViceChair => "research-council-vice-chair",
            CouncilRole::Secretary => "research-council-secretary",
            CouncilRole::Reviewer => "research-council-reviewer",
            CouncilRole::Member => "research-council-member",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilMember {
    /// A person of the project, by key.
    pub person: String,
    pub role: CouncilRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Council {
    pub kind: ReviewKind,
    /// The number of the decision that establishes it.
    pub decision: String,
    pub established_on: NaiveDate,
    pub members: Vec<CouncilMember>,
}

impl Council {
    pub fn member(&self, person: &str) -> Option<&CouncilMember> {
        self.members.iter().find(|m| m.person == person)
    }

    /// Members are people of the project, each once, none on its team;
    /// one chair, at most one secretary; established inside the project.
    pub fn validate(&self, project: &Project) -> Vec<ResearchProblem> {
        let mut problems = Vec::new();
        check_text(&mut problems, "decision", &self.decision, true, 100);
        if self.established_on < project.planned_start {
            problems.push(ResearchProblem::new(
                "established_on",
                Message::new("research-dates-out-of-order")
                    .date("start", project.planned_start)
                    .date("end", self.established_on),
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, member) in self.members.iter().enumerate() {
            let field = format!("members.{i}.person");
            match project.person(&member.person) {
                None => problems.push(ResearchProblem::new(
                    field,
                    Message::new("research-person-unknown").arg("person", &member.person),
                )),
                Some(person) if person.team_role.is_some() => {
                    problems.push(ResearchProblem::new(
                        field,
                        Message::new("research-council-member-on-team").arg("name", &person.name),
                    ));
                }
                Some(_) if !seen.insert(member.person.as_str()) => {
                    problems.push(ResearchProblem::new(
                        field,
                        Message::new("research-key-twice").arg("key", &member.person),
                    ));
                }
                Some(_) => {}
            }
        }
        let count = |role| self.members.iter().filter(|m| m.role == role).count();
        if count(CouncilRole::Chair) != 1 {
            problems.push(ResearchProblem::new(
                "members",
                Message::new("research-council-chair-count")
                    .arg("count", count(CouncilRole::Chair)),
            ));
        }
        if count(CouncilRole::Secretary) > 1 {
            problems.push(ResearchProblem::new(
                "members",
                Message::new("research-council-secretary-count"),
            ));
        }
        problems
    }
}

/// Progress of one content item: planned against actual, in percent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressCheck {
    pub content: String,
    pub planned_percent: u8,
    pub actual_percent: u8,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentDone {
    Done,
    Partly,
    NotDone,
}

impl ContentDone {
    pub const ALL: [ContentDone; 3] =
        [ContentDone::Done, ContentDone::Partly, ContentDone::NotDone];

    pub fn code(self) -> &'static str {
        match self {
            ContentDone::Done => "done",
            ContentDone::Partly => "partly",
            ContentDone::NotDone => "not_done",
        }
    }

    pub fn parse(code: &str) -> Option<ContentDone> {
        ContentDone::ALL.into_iter().find(|c| c.code() == code)
    }

    /// What a share done in percent reads as: all, some or none.
    pub fn of_percent(percent: u8) -> ContentDone {
        match percent {
            0 => ContentDone::NotDone,
            100.. => ContentDone::Done,
            _ => ContentDone::Partly,
        }
    }

    pub fn message_id(self) -> &'static str {
        match self {
            ContentDone::Done => "research-content-done",
            ContentDone::Partly => "research-content-partly",
            ContentDone::NotDone => "research-content-not-done",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentCheck {
    pub content: String,
    pub done: ContentDone,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductCheck {
    pub product: String,
    pub status: ProductStatus,
    #[serde(default)]
    pub note: String,
}

/// The four parts a review checks; the budget part is the project's budget
/// as it stood when the review was recorded, with the council's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CheckSheet {
    #[serde(default)]
    pub progress: Vec<ProgressCheck>,
    #[serde(default)]
    pub contents: Vec<ContentCheck>,
    #[serde(default)]
    pub products: Vec<ProductCheck>,
    /// Allocated, spent, settled, remaining, in đồng.
    #[serde(default)]
    pub budget: [i64; 4],
    #[serde(default)]
    pub budget_note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberOpinion {
    pub member: String,
    #[serde(default)]
    pub score: Option<u8>,
    #[serde(default)]
    pub opinion: String,
}

impl MemberOpinion {
    /// The member sits on the council; the score is on the sheet.
    pub fn validate(&self, council: &Council, field: &str) -> Vec<ResearchProblem> {
        let mut problems = Vec::new();
        if council.member(&self.member).is_none() {
            problems.push(ResearchProblem::new(
                format!("{field}.member"),
                Message::new("research-not-on-council").arg("person", &self.member),
            ));
        }
        if self.score.is_some_and(|s| s > MAX_SCORE) {
            problems.push(ResearchProblem::new(
                format!("{field}.score"),
                Message::new("research-score-bad").arg("max", MAX_SCORE),
            ));
        }
        check_text(
            &mut problems,
            &format!("{field}.opinion"),
            &self.opinion,
            false,
            MAX_TEXT_LEN,
        );
        problems
    }
}

/// A council's request: the team must do something by a deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub title: String,
    /// A person of the project, by key.
    pub owner: String,
    pub deadline: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Đạt.
    Pass,
    /// Đạt, có yêu cầu chỉnh sửa, bổ sung.
    PassWithChanges,
    /// Không đạt.
    Fail,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Pass, Verdict::PassWithChanges, Verdict::Fail];

    pub fn code(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::PassWithChanges => "pass_with_changes",
            Verdict::Fail => "fail",
        }
    }

    pub fn parse(code: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.code() == code)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Verdict::Pass => "research-verdict-pass",
            Verdict::PassWithChanges => "research-verdict-pass-with-changes",
            Verdict::Fail => "research-verdict-fail",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub held_on: NaiveDate,
    pub check: CheckSheet,
    #[serde(default)]
    pub opinions: Vec<MemberOpinion>,
    pub verdict: Verdict,
    pub conclusion: String,
    #[serde(default)]
    pub requests: Vec<Request>,
}

impl Review {
    /// Every rule that needs only the project and the council: held on or
    /// after the council's decision; each content item checked once for
    /// progress and once for completion, each product named once; every
    /// opinion from a member of the council, each member once; requests
    /// with a title, an owner of the project and a deadline after the
    /// review.
    pub fn validate(&self, project: &Project, council: &Council) -> Vec<ResearchProblem> {
        let mut problems = Vec::new();
        if self.held_on < council.established_on {
            problems.push(ResearchProblem::new(
                "held_on",
                Message::new("research-dates-out-of-order")
                    .date("start", council.established_on)
                    .date("end", self.held_on),
            ));
        }
        check_text(
            &mut problems,
            "conclusion",
            &self.conclusion,
            true,
            MAX_TEXT_LEN,
        );
        check_text(
            &mut problems,
            "check.budget_note",
            &self.check.budget_note,
            false,
            MAX_TEXT_LEN,
        );
        let mut seen = BTreeSet::new();
        for (i, row) in self.check.progress.iter().enumerate() {
            let field = format!("check.progress.{i}");
            content_once(&mut problems, project, &mut seen, &field, &row.content);
            for (name, value) in [
                ("planned_percent", row.planned_percent),
                ("actual_percent", row.actual_percent),
            ] {
                if value > 100 {
                    problems.push(ResearchProblem::new(
                        format!("{field}.{name}"),
                        Message::new("research-percent-bad"),
                    ));
                }
            }
            check_text(
                &mut problems,
                &format!("{field}.note"),
                &row.note,
                false,
                MAX_TEXT_LEN,
            );
        }
        let mut seen = BTreeSet::new();
        for (i, row) in self.check.contents.iter().enumerate() {
            let field = format!("check.contents.{i}");
            content_once(&mut problems, project, &mut seen, &field, &row.content);
            check_text(
                &mut problems,
                &format!("{field}.note"),
                &row.note,
                false,
                MAX_TEXT_LEN,
            );
        }
        let mut seen = BTreeSet::new();
        for (i, row) in self.check.products.iter().enumerate() {
            let field = format!("check.products.{i}.product");
            if project.product(&row.product).is_none() {
                problems.push(ResearchProblem::new(
                    field,
                    Message::new("research-product-unknown").arg("product", &row.product),
                ));
            } else if !seen.insert(row.product.as_str()) {
                problems.push(ResearchProblem::new(
                    field,
                    Message::new("research-key-twice").arg("key", &row.product),
                ));
            }
        }
        let mut scored = BTreeSet::new();
        for (i, opinion) in self.opinions.iter().enumerate() {
            let field = format!("opinions.{i}");
            problems.extend(opinion.validate(council, &field));
            if !scored.insert(opinion.member.as_str()) {
                problems.push(ResearchProblem::new(
                    format!("{field}.member"),
                    Message::new("research-scored-twice").arg("person", &opinion.member),
                ));
            }
        }
        for (i, request) in self.requests.iter().enumerate() {
            let field = format!("requests.{i}");
            check_text(
                &mut problems,
                &format!("{field}.title"),
                &request.title,
                true,
                MAX_TITLE_LEN,
            );
            if project.person(&request.owner).is_none() {
                problems.push(ResearchProblem::new(
                    format!("{field}.owner"),
                    Message::new("research-person-unknown").arg("person", &request.owner),
                ));
            }
            if request.deadline <= self.held_on {
                problems.push(ResearchProblem::new(
                    format!("{field}.deadline"),
                    Message::new("research-dates-out-of-order")
                        .date("start", self.held_on)
                        .date("end", request.deadline),
                ));
            }
        }
        problems
    }

    /// The members' mean score, when any scored.
    pub fn mean_score(&self) -> Option<f64> {
        let scores: Vec<f64> = self
            .opinions
            .iter()
            .filter_map(|o| o.score)
            .map(f64::from)
            .collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
    }
}

fn content_once<'a>(
    problems: &mut Vec<ResearchProblem>,
    project: &Project,
    seen: &mut BTreeSet<&'a str>,
    field: &str,
    content: &'a str,
) {
    if project.content(content).is_none() {
        problems.push(ResearchProblem::new(
            format!("{field}.content"),
            Message::new("research-content-unknown").arg("content", content),
        ));
    } else if !seen.insert(content) {
        problems.push(ResearchProblem::new(
            format!("{field}.content"),
            Message::new("research-key-twice").arg("key", content),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::research::project::tests::{d, seed};

    fn council() -> Council {
        Council {
            kind: ReviewKind::MidTerm,
            decision: "512/QĐ-SKHCN".to_owned(),
            established_on: d("2018-07-02"),
            members: vec![CouncilMember {
                person: "HD1".to_owned(),
                role: CouncilRole::Chair,
            }],
        }
    }

    fn review() -> Review {
        Review {
            held_on: d("2018-07-13"),
            check: CheckSheet {
                progress: vec![ProgressCheck {
                    content: "ND1".to_owned(),
                    planned_percent: 100,
                    actual_percent: 100,
                    note: String::new(),
                }],
                contents: vec![ContentCheck {
                    content: "ND1".to_owned(),
                    done: ContentDone::Done,
                    note: String::new(),
                }],
                products: vec![ProductCheck {
                    product: "SP1".to_owned(),
                    status: ProductStatus::Delivered,
                    note: String::new(),
                }],
                budget: [100, 60, 40, 40],
                budget_note: String::new(),
            },
            opinions: vec![MemberOpinion {
                member: "HD1".to_owned(),
                score: Some(85),
                opinion: "Đạt tiến độ".to_owned(),
            }],
            verdict: Verdict::PassWithChanges,
            conclusion: "Đề tài đạt yêu cầu giữa kỳ".to_owned(),
            requests: vec![Request {
                title: "Bổ sung số liệu khảo sát".to_owned(),
                owner: "CN".to_owned(),
                deadline: d("2018-08-31"),
            }],
        }
    }

    #[test]
    fn a_council_and_its_review_are_checked_against_the_project() {
        let project = seed();
        assert_eq!(council().validate(&project), Vec::new());
        assert_eq!(review().validate(&project, &council()), Vec::new());
        assert_eq!(review().mean_score(), Some(85.0));
    }

    #[test]
    fn a_member_scoring_twice_and_other_slips_are_located() {
        let project = seed();
        let mut bad = review();
        bad.opinions.push(bad.opinions[0].clone());
        bad.opinions[1].score = Some(101);
        bad.requests[0].deadline = d("2018-07-01");
        bad.requests[0].owner = "X".to_owned();
        bad.check.products[0].product = "SP9".to_owned();
        let found: Vec<(String, &str)> = bad
            .validate(&project, &council())
            .into_iter()
            .map(|p| (p.field, p.message.id))
            .collect();
        for expected in [
            ("opinions.1.member", "research-scored-twice"),
            ("opinions.1.score", "research-score-bad"),
            ("requests.0.deadline", "research-dates-out-of-order"),
            ("requests.0.owner", "research-person-unknown"),
            ("check.products.0.product", "research-product-unknown"),
        ] {
            assert!(
                found.contains(&(expected.0.to_owned(), expected.1)),
                "{expected:?} in {found:?}"
            );
        }
        let mut team_on_council = council();
        team_on_council.members.push(CouncilMember {
            person: "CN".to_owned(),
            role: CouncilRole::Member,
        });
        let problems = team_on_council.validate(&project);
        assert_eq!(problems[0].field, "members.1.person");
        assert_eq!(problems[0].message.id, "research-council-member-on-team");
    }
}
