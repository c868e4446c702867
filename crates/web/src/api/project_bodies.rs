//! The bodies of the research-project routes (`projects.rs`), each its own
//! type built from core's values, as `bodies.rs` does for the rest of the
//! API. The contract (`ProjectContract`) has the shape of the JSON file
//! `chibo project export` writes and `create`/`edit` read, so a file and a
//! body are one format; being a body too, its optional properties may be
//! left out (read as null), and answers always carry them.

use chibo_core::research::{LinkedState, ProjectPage, ResolvedLink};
use chibo_domain::NaiveDate;
use chibo_domain::research::{
    ContentDone, CouncilRole, EvidenceKind, ProductKind, ProductStatus, ReviewKind, TeamRole,
    Verdict,
};
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};
use utoipa::{IntoParams, ToSchema};

fn strings(values: impl IntoIterator<Item = &'static str>) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
        .build()
}

fn nullable_strings(values: impl IntoIterator<Item = &'static str>) -> Object {
    let mut values: Vec<serde_json::Value> =
        values.into_iter().map(serde_json::Value::from).collect();
    values.push(serde_json::Value::Null);
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(values))
        .build()
}

fn team_roles() -> Object {
    nullable_strings(TeamRole::ALL.map(TeamRole::code))
}

fn product_kinds() -> Object {
    strings(ProductKind::ALL.map(ProductKind::code))
}

fn product_statuses() -> Object {
    strings(ProductStatus::ALL.map(ProductStatus::code))
}

fn review_kinds() -> Object {
    strings(ReviewKind::ALL.map(ReviewKind::code))
}

fn council_roles() -> Object {
    strings(CouncilRole::ALL.map(CouncilRole::code))
}

fn verdicts() -> Object {
    strings(Verdict::ALL.map(Verdict::code))
}

fn nullable_verdicts() -> Object {
    nullable_strings(Verdict::ALL.map(Verdict::code))
}

fn content_done() -> Object {
    strings(ContentDone::ALL.map(ContentDone::code))
}

fn evidence_kinds() -> Object {
    strings(EvidenceKind::ALL.map(EvidenceKind::code))
}

fn link_states() -> Object {
    strings([
        "campaign",
        "reference",
        "experiment",
        "hidden",
        "missing",
        "not_resolvable",
    ])
}

fn task_statuses() -> Object {
    strings(["open", "done", "dropped"])
}

/// Someone the project names: its team, the department's staff who follow
/// it, a council member. `account` (the chibo account acting for them) is
/// shown to the team alone and null for other readers.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ProjectPerson {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub organization: String,
    #[serde(default)]
    #[schema(schema_with = team_roles)]
    pub team_role: Option<String>,
    #[serde(default)]
    pub department: bool,
    #[serde(default)]
    pub account: Option<String>,
}

/// A work package with its planned months (`yyyy-mm`; `mm/yyyy` is read
/// too).
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ProjectContent {
    pub code: String,
    pub title: String,
    pub planned_from: String,
    pub planned_to: String,
}

/// A contracted product.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ProjectProduct {
    pub code: String,
    #[schema(schema_with = product_kinds)]
    pub kind: String,
    pub title: String,
    /// The content item it belongs to.
    #[serde(default)]
    pub content: Option<String>,
    /// yyyy-mm
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default = "planned")]
    #[schema(schema_with = product_statuses)]
    pub status: String,
}

fn planned() -> String {
    ProductStatus::Planned.code().to_owned()
}

/// A budget line in đồng.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ProjectBudgetLine {
    pub code: String,
    pub title: String,
    pub allocated: i64,
    #[serde(default)]
    pub spent: i64,
    #[serde(default)]
    pub settled: i64,
}

/// A project's contract: what the team records and edits whole.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ProjectContract {
    pub code: String,
    pub title: String,
    pub host_agency: String,
    pub managing_department: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    #[serde(default)]
    pub actual_start: Option<NaiveDate>,
    #[serde(default)]
    pub actual_end: Option<NaiveDate>,
    #[serde(default)]
    pub people: Vec<ProjectPerson>,
    #[serde(default)]
    pub contents: Vec<ProjectContent>,
    #[serde(default)]
    pub products: Vec<ProjectProduct>,
    #[serde(default)]
    pub budget: Vec<ProjectBudgetLine>,
}

/// A new project: the unit that keeps it (its grants read it), the state
/// it starts in (the lifecycle's first when absent) and its contract.
#[derive(Deserialize, ToSchema)]
pub struct NewProject {
    pub unit: String,
    #[serde(default)]
    pub state: Option<String>,
    pub project: ProjectContract,
}

/// A project in a list.
#[derive(Serialize, ToSchema)]
pub struct ProjectSummary {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub unit: String,
    /// A state of the lifecycle (data).
    pub state: String,
    pub host_agency: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
}

#[derive(Serialize, ToSchema)]
pub struct ProjectList {
    pub items: Vec<ProjectSummary>,
}

/// A product's attached file.
#[derive(Serialize, ToSchema)]
pub struct ProjectFile {
    pub id: i64,
    pub product: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// A product's link to evidence in chibo, resolved to what it points at
/// now, as far as the caller may see it. The fields that do not apply to
/// the state are null.
#[derive(Serialize, ToSchema)]
pub struct ProjectLink {
    pub product: String,
    #[schema(schema_with = evidence_kinds)]
    pub kind: String,
    pub key: String,
    #[schema(schema_with = link_states)]
    pub state: &'static str,
    /// The object's title or name.
    #[schema(required = true)]
    pub title: Option<String>,
    /// The object's own status: a campaign's (`draft`, `open`, `closed`)
    /// or an experiment's (`draft`, `running`, `ended`).
    #[schema(required = true)]
    pub status: Option<String>,
    /// An experiment's pilot and comparison cells.
    #[schema(required = true)]
    pub pilot_cells: Option<usize>,
    #[schema(required = true)]
    pub comparison_cells: Option<usize>,
    /// Whether an experiment's evaluation can be computed yet.
    #[schema(required = true)]
    pub evaluable: Option<bool>,
    /// The page that shows the object, when there is one.
    #[schema(required = true)]
    pub href: Option<String>,
}

impl ProjectLink {
    fn of(link: &ResolvedLink) -> ProjectLink {
        let mut body = ProjectLink {
            product: link.product_code.clone(),
            kind: link.kind.clone(),
            key: link.key.clone(),
            state: "not_resolvable",
            title: None,
            status: None,
            pilot_cells: None,
            comparison_cells: None,
            evaluable: None,
            href: None,
        };
        match &link.state {
            LinkedState::Campaign {
                id, title, state, ..
            } => {
                body.state = "campaign";
                body.title = Some(title.clone());
                body.status = Some(state.clone());
                body.href = Some(format!("/surveys/campaigns/{id}"));
            }
            LinkedState::Reference { name_vi, .. } => {
                body.state = "reference";
                body.title = Some(name_vi.clone());
            }
            LinkedState::Experiment {
                id,
                name,
                status,
                pilot_cells,
                comparison_cells,
                evaluable,
                opens_evaluation,
                ..
            } => {
                body.state = "experiment";
                body.title = Some(name.clone());
                body.status = Some(status.code().to_owned());
                body.pilot_cells = Some(*pilot_cells);
                body.comparison_cells = Some(*comparison_cells);
                body.evaluable = Some(*evaluable);
                body.href = opens_evaluation.then(|| format!("/experiments/{id}/evaluation"));
            }
            LinkedState::Hidden => body.state = "hidden",
            LinkedState::Missing => body.state = "missing",
            LinkedState::NotResolvable => {}
        }
        body
    }
}

/// A progress report row: planned (from the contract's months) against
/// actual, in percent.
#[derive(Serialize, ToSchema)]
pub struct ProjectProgressRow {
    pub content: String,
    pub planned_percent: u8,
    pub actual_percent: u8,
}

#[derive(Serialize, ToSchema)]
pub struct ProjectProgress {
    pub period_end: NaiveDate,
    pub submitted_on: NaiveDate,
    pub note: String,
    pub rows: Vec<ProjectProgressRow>,
}

#[derive(Serialize, ToSchema)]
pub struct ProjectCouncilMember {
    pub person: String,
    /// The person's name, from the contract.
    pub name: String,
    #[schema(schema_with = council_roles)]
    pub role: &'static str,
}

/// A council member's score and opinion, for the project's participants.
#[derive(Serialize, ToSchema)]
pub struct ProjectOpinion {
    pub member: String,
    #[schema(required = true)]
    pub score: Option<i64>,
    pub opinion: String,
}

/// A council's request, a task with an owner and a deadline.
#[derive(Serialize, ToSchema)]
pub struct ProjectRequest {
    pub id: i64,
    pub title: String,
    pub owner: String,
    pub deadline: NaiveDate,
    #[schema(schema_with = task_statuses)]
    pub status: String,
    #[schema(required = true)]
    pub closed_on: Option<NaiveDate>,
}

/// A council's review: the check sheet's content verdicts, the members'
/// figures, the verdict, the conclusion and the requests. `opinions` is
/// empty for a reader by grant alone, who gets `opinion_count` and
/// `mean_score`.
#[derive(Serialize, ToSchema)]
pub struct ProjectReview {
    pub id: i64,
    pub held_on: NaiveDate,
    /// The project's state when the council met.
    pub state: String,
    #[schema(schema_with = nullable_verdicts, required = true)]
    pub verdict: Option<&'static str>,
    pub conclusion: String,
    pub opinions: Vec<ProjectOpinion>,
    pub opinion_count: usize,
    #[schema(required = true)]
    pub mean_score: Option<f64>,
    pub requests: Vec<ProjectRequest>,
}

#[derive(Serialize, ToSchema)]
pub struct ProjectCouncil {
    pub id: i64,
    #[schema(schema_with = review_kinds)]
    pub kind: &'static str,
    pub decision: String,
    pub established_on: NaiveDate,
    pub members: Vec<ProjectCouncilMember>,
    /// Whether the project's state lets this council hold its review now.
    pub reviewable_now: bool,
    /// The council's review once held: at most one.
    pub reviews: Vec<ProjectReview>,
}

/// One project as the caller may see it.
#[derive(Serialize, ToSchema)]
pub struct ProjectDetail {
    pub id: i64,
    pub unit: String,
    pub state: String,
    /// The states the lifecycle allows next.
    pub next_states: Vec<String>,
    pub contract: ProjectContract,
    pub files: Vec<ProjectFile>,
    pub links: Vec<ProjectLink>,
    pub progress: Vec<ProjectProgress>,
    pub councils: Vec<ProjectCouncil>,
    /// Allocated, spent, settled, remaining (đồng).
    pub budget_totals: Vec<i64>,
    pub may_edit: bool,
    pub may_review: bool,
}

impl ProjectContract {
    /// The contract in the body's shape; `None` only if the domain's
    /// record and this body drifted apart, which a test rules out.
    pub fn of(project: &chibo_domain::research::Project) -> Option<ProjectContract> {
        serde_json::to_value(project)
            .ok()
            .and_then(|v| serde_json::from_value(v).ok())
    }
}

impl ProjectDetail {
    pub fn of(unit: &str, page: &ProjectPage) -> Option<ProjectDetail> {
        let project = &page.project;
        let name = |key: &str| {
            project
                .person(key)
                .map_or_else(|| key.to_owned(), |p| p.name.clone())
        };
        Some(ProjectDetail {
            id: page.id,
            unit: unit.to_owned(),
            state: page.state.clone(),
            next_states: page.next_states.clone(),
            contract: ProjectContract::of(project)?,
            files: page
                .files
                .iter()
                .map(|f| ProjectFile {
                    id: f.id,
                    product: f.product_code.clone(),
                    file_name: f.file_name.clone(),
                    media_type: f.media_type.clone(),
                    size_bytes: f.size_bytes,
                    sha256: f.sha256.clone(),
                })
                .collect(),
            links: page.links.iter().map(ProjectLink::of).collect(),
            progress: page
                .progress
                .iter()
                .map(|p| ProjectProgress {
                    period_end: p.report.period_end,
                    submitted_on: p.report.submitted_on,
                    note: p.report.note.clone(),
                    rows: p
                        .rows
                        .iter()
                        .map(|(content, planned, actual)| ProjectProgressRow {
                            content: content.clone(),
                            planned_percent: *planned,
                            actual_percent: *actual,
                        })
                        .collect(),
                })
                .collect(),
            councils: page
                .councils
                .iter()
                .map(|c| ProjectCouncil {
                    id: c.id,
                    kind: c.council.kind.code(),
                    decision: c.council.decision.clone(),
                    established_on: c.council.established_on,
                    members: c
                        .council
                        .members
                        .iter()
                        .map(|m| ProjectCouncilMember {
                            person: m.person.clone(),
                            name: name(&m.person),
                            role: m.role.code(),
                        })
                        .collect(),
                    reviewable_now: c.reviewable_now,
                    reviews: c
                        .review
                        .iter()
                        .map(|r| ProjectReview {
                            id: r.id,
                            held_on: r.held_on,
                            state: r.state.clone(),
                            verdict: r.verdict.map(Verdict::code),
                            conclusion: r.conclusion.clone(),
                            opinions: r
                                .opinions
                                .iter()
                                .map(|o| ProjectOpinion {
                                    member: o.person_key.clone(),
                                    score: o.score,
                                    opinion: o.opinion.clone(),
                                })
                                .collect(),
                            opinion_count: r.opinion_count,
                            mean_score: r.mean_score,
                            requests: r
                                .requests
                                .iter()
                                .map(|t| ProjectRequest {
                                    id: t.id,
                                    title: t.title.clone(),
                                    owner: t.owner_key.clone(),
                                    deadline: t.deadline,
                                    status: t.status.clone(),
                                    closed_on: t.closed_on,
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
            budget_totals: page.budget.to_vec(),
            may_edit: page.may_edit,
            may_review: page.may_review,
        })
    }
}

/// A row of a progress report: what is done of a content item at the end
/// of the period.
#[derive(Deserialize, ToSchema)]
pub struct NewProgressRow {
    pub content: String,
    pub actual_percent: u8,
    #[serde(default)]
    pub note: String,
}

/// The team's progress report for a period.
#[derive(Deserialize, ToSchema)]
pub struct NewProgressReport {
    pub period_end: NaiveDate,
    pub submitted_on: NaiveDate,
    pub rows: Vec<NewProgressRow>,
    #[serde(default)]
    pub note: String,
}

/// Planned against actual for one content item, as the council checks it.
#[derive(Deserialize, ToSchema)]
pub struct NewProgressCheck {
    pub content: String,
    pub planned_percent: u8,
    pub actual_percent: u8,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewContentCheck {
    pub content: String,
    #[schema(schema_with = content_done)]
    pub done: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewProductCheck {
    pub product: String,
    #[schema(schema_with = product_statuses)]
    pub status: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewOpinion {
    /// The council member's person key.
    pub member: String,
    #[serde(default)]
    pub score: Option<u8>,
    #[serde(default)]
    pub opinion: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewRequest {
    pub title: String,
    /// A person of the project.
    pub owner: String,
    pub deadline: NaiveDate,
}

/// A council's review. The budget part of the check sheet is the
/// contract's totals on the day, which the server fills in.
#[derive(Deserialize, ToSchema)]
pub struct NewReview {
    pub held_on: NaiveDate,
    #[serde(default)]
    pub progress: Vec<NewProgressCheck>,
    #[serde(default)]
    pub contents: Vec<NewContentCheck>,
    #[serde(default)]
    pub products: Vec<NewProductCheck>,
    #[serde(default)]
    pub budget_note: String,
    #[serde(default)]
    pub opinions: Vec<NewOpinion>,
    #[schema(schema_with = verdicts)]
    pub verdict: String,
    pub conclusion: String,
    #[serde(default)]
    pub requests: Vec<NewRequest>,
}

/// The id of what a change created, with the project afterwards.
#[derive(Serialize, ToSchema)]
pub struct ProjectChange {
    pub id: i64,
    pub project: ProjectDetail,
}

/// The list's filter.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectListQuery {
    /// Only the projects in this state (a code of the lifecycle), when
    /// given.
    pub state: Option<String>,
}
