//! One read model for a project's page (and the command line's `show`):
//! the record, its state with the states that may follow, products with
//! their files and resolved links, progress reports planned against
//! actual, councils with their reviews, opinions, mean score and requests,
//! the budget totals and a timeline, with what the reader may do.

use chibo_domain::NaiveDate;
use chibo_domain::research::{
    CheckSheet, Council, ProgressReport, Project, ReviewKind, Verdict, YearMonth,
};
use chibo_store::{StoreError, StoredOpinion, StoredProductFile, StoredTask};

use super::access::{EditProject, ProjectAccess, ProjectPermission, ReviewProject};
use super::evidence::{ResolvedLink, resolve_links};
use super::lifecycle;
use crate::access::Actor;
use crate::{CoreError, Db};

/// A progress report with, per content item, (code, planned %, actual %).
#[derive(Debug, Clone)]
pub struct ProgressView {
    pub report: ProgressReport,
    pub rows: Vec<(String, u8, u8)>,
}

#[derive(Debug, Clone)]
pub struct ReviewView {
    pub id: i64,
    pub held_on: NaiveDate,
    /// The state the project was in when the council met.
    pub state: String,
    pub check: CheckSheet,
    pub verdict: Option<Verdict>,
    pub conclusion: String,
    /// Each member's score and opinion under their name, for the
    /// project's participants only (see `ProjectPage::sees_opinions`);
    /// empty for other readers.
    pub opinions: Vec<StoredOpinion>,
    /// How many members gave an opinion, for every reader.
    pub opinion_count: usize,
    pub mean_score: Option<f64>,
    pub requests: Vec<StoredTask>,
}

#[derive(Debug, Clone)]
pub struct CouncilView {
    pub id: i64,
    pub council: Council,
    pub review: Option<ReviewView>,
    /// Whether the project's state allows this council's review now.
    pub reviewable_now: bool,
}

/// A dated step of the project, for its timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub on: NaiveDate,
    /// A message id of the step's kind.
    pub what: &'static str,
    pub detail: String,
}

#[derive(Debug, Clone)]
pub struct ProjectPage {
    pub id: i64,
    pub project: Project,
    pub state: String,
    pub next_states: Vec<String>,
    pub files: Vec<StoredProductFile>,
    pub links: Vec<ResolvedLink>,
    pub progress: Vec<ProgressView>,
    pub councils: Vec<CouncilView>,
    /// Allocated, spent, settled, remaining.
    pub budget: [i64; 4],
    pub timeline: Vec<TimelineEntry>,
    pub may_edit: bool,
    pub may_review: bool,
    pub may_manage: bool,
    /// Whether the reader takes part in the project (its team, the
    /// department, a council, an administrator) and so reads each council
    /// member's score and opinion under their name. The names of the
    /// project's people in their roles are public (the contract and the
    /// council's decision publish them) and every reader sees them; the
    /// score sheets are the council's working papers, and a reader by
    /// grant alone (a researcher, a viewer) gets the mean, the count, the
    /// verdict, the conclusion and the requests. Accounts that act for
    /// people are shown to the team alone.
    pub sees_opinions: bool,
}

fn corrupt(what: &str, e: serde_json::Error) -> CoreError {
    CoreError::Store(StoreError::Corrupt(format!("{what}: {e}")))
}

/// The project page as `actor` may see it on `today`.
pub async fn project_page<P: ProjectPermission>(
    db: &Db,
    actor: &Actor,
    access: &ProjectAccess<P>,
    today: NaiveDate,
) -> Result<ProjectPage, CoreError> {
    let store = db.store();
    let stored = access.stored();
    let may_edit = access.also::<EditProject>().is_some();
    let review_access = access.also::<ReviewProject>();
    let sees_opinions = may_edit || review_access.is_some();
    let mut project = access.project().clone();
    if !may_edit {
        for person in &mut project.people {
            person.account = None;
        }
    }
    let lifecycle = lifecycle::shipped();
    let mut timeline = vec![
        TimelineEntry {
            on: project.planned_start,
            what: "research-timeline-planned-start",
            detail: String::new(),
        },
        TimelineEntry {
            on: project.planned_end,
            what: "research-timeline-planned-end",
            detail: String::new(),
        },
    ];
    let mut progress = Vec::new();
    for stored in store.research_progress(stored.id).await? {
        let report: ProgressReport =
            serde_json::from_str(&stored.report).map_err(|e| corrupt("progress", e))?;
        let rows = report
            .planned_against_actual(&project)
            .into_iter()
            .map(|(c, p, a)| (c.to_owned(), p, a))
            .collect();
        timeline.push(TimelineEntry {
            on: report.period_end,
            what: "research-timeline-progress",
            detail: YearMonth::of(report.period_end).to_string(),
        });
        progress.push(ProgressView { report, rows });
    }
    let reviews = store.research_reviews(stored.id).await?;
    let mut councils = Vec::new();
    for council_row in store.research_councils(stored.id).await? {
        let council: Council =
            serde_json::from_str(&council_row.council).map_err(|e| corrupt("council", e))?;
        timeline.push(TimelineEntry {
            on: council.established_on,
            what: "research-timeline-council",
            detail: council.decision.clone(),
        });
        let review = match reviews.iter().find(|r| r.council_id == council_row.id) {
            Some(r) => {
                let check: CheckSheet =
                    serde_json::from_str(&r.check_sheet).map_err(|e| corrupt("review", e))?;
                let scores: Vec<f64> = r
                    .opinions
                    .iter()
                    .filter_map(|o| o.score)
                    .map(|s| s as f64)
                    .collect();
                timeline.push(TimelineEntry {
                    on: r.held_on,
                    what: council.kind.message_id(),
                    detail: council.decision.clone(),
                });
                Some(ReviewView {
                    id: r.id,
                    held_on: r.held_on,
                    state: r.state.clone(),
                    check,
                    verdict: Verdict::parse(&r.verdict),
                    conclusion: r.conclusion.clone(),
                    mean_score: (!scores.is_empty())
                        .then(|| scores.iter().sum::<f64>() / scores.len() as f64),
                    opinions: if sees_opinions {
                        r.opinions.clone()
                    } else {
                        Vec::new()
                    },
                    opinion_count: r.opinions.len(),
                    requests: r.tasks.clone(),
                })
            }
            None => None,
        };
        councils.push(CouncilView {
            id: council_row.id,
            reviewable_now: lifecycle.allows_review(&stored.state, council.kind),
            council,
            review,
        });
    }
    timeline.sort_by_key(|t| t.on);
    let links = resolve_links(
        db,
        actor,
        today,
        store.research_product_links(stored.id).await?,
    )
    .await?;
    Ok(ProjectPage {
        id: stored.id,
        state: stored.state.clone(),
        next_states: lifecycle
            .state(&stored.state)
            .map(|s| s.next.clone())
            .unwrap_or_default(),
        files: store.research_product_files(stored.id).await?,
        links,
        progress,
        councils,
        budget: project.budget_totals(),
        timeline,
        may_edit,
        may_review: review_access.is_some(),
        may_manage: review_access.is_some_and(|a| a.manages()),
        sees_opinions,
        project,
    })
}

/// The project's councils with their ids, in the order they were
/// established.
pub async fn project_councils<P: ProjectPermission>(
    db: &Db,
    access: &ProjectAccess<P>,
) -> Result<Vec<(i64, Council)>, CoreError> {
    db.store()
        .research_councils(access.id())
        .await?
        .into_iter()
        .map(|c| {
            Ok((
                c.id,
                serde_json::from_str(&c.council).map_err(|e| corrupt("council", e))?,
            ))
        })
        .collect()
}

/// The kinds of review, for forms.
pub fn review_kinds() -> &'static [ReviewKind] {
    &ReviewKind::ALL
}
