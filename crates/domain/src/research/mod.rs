//! Research projects of the city (đề tài khoa học) and their reviews, as
//! shared/domain/research-projects.md describes them: the record with its
//! people, contents, contracted products and budget (`project`), product
//! kinds and statuses (`product`), the states a project passes through,
//! which are data (`lifecycle`), periodic progress reports (`progress`),
//! councils and their reviews with the four-part check sheet, members'
//! opinions and scores and the council's requests (`review`), and the links
//! from a product to evidence kept in chibo (`evidence`).
//!
//! Every check reports located problems (`contents.2.planned_to`) so a form
//! or a file can point at what to correct; whether a project exists, its
//! state and who already scored need the store, and core checks those.

mod evidence;
mod lifecycle;
mod month;
mod product;
mod progress;
mod project;
mod review;

pub use evidence::{EvidenceKind, EvidenceLink};
pub use lifecycle::{Lifecycle, LifecycleState};
pub use month::YearMonth;
pub use product::{ProductKind, ProductStatus};
pub use progress::{ProgressReport, ProgressRow};
pub use project::{
    BudgetLine, ContentItem, MAX_TEXT_LEN, MAX_TITLE_LEN, Person, Product, Project, ProjectCode,
    TeamRole,
};
pub use review::{
    CheckSheet, ContentCheck, ContentDone, Council, CouncilMember, CouncilRole, MAX_SCORE,
    MemberOpinion, ProductCheck, ProgressCheck, Request, Review, ReviewKind, Verdict,
};

use crate::Message;

/// A problem with one field of a project or a review (`title`,
/// `products.3.kind`, `opinions.1.member`…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResearchProblem {
    pub field: String,
    pub message: Message,
}

impl ResearchProblem {
    pub(crate) fn new(field: impl Into<String>, message: Message) -> ResearchProblem {
        ResearchProblem {
            field: field.into(),
            message,
        }
    }
}

/// A required single-line text: present, bounded, without hidden
/// characters.
pub(crate) fn check_text(
    problems: &mut Vec<ResearchProblem>,
    field: &str,
    text: &str,
    required: bool,
    max: usize,
) {
    if required && text.trim().is_empty() {
        problems.push(ResearchProblem::new(
            field,
            Message::new("research-text-empty"),
        ));
    } else if text.chars().count() > max {
        problems.push(ResearchProblem::new(
            field,
            Message::new("research-text-too-long").arg("max", max),
        ));
    } else if let Err(message) = crate::text::check_title(text) {
        problems.push(ResearchProblem::new(field, message));
    }
}
