//! Research projects under `/api/v1`: the projects the caller may read
//! (grants on a project's unit, or being one of its people), one project
//! with its contract, files, resolved evidence, progress, councils and
//! reviews; a project registered (`EditUnits` on its unit) or its contract
//! replaced (its team); a progress report (its team); a council's review
//! (the managing department or the council's members). A project the
//! caller may not reach answers 404 like a missing one; every refused
//! value is named in `fields` and nothing is written.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chibo_core::CoreError;
use chibo_core::access::{EditUnits, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::research::{
    EditProject, ProjectAccess, ProjectPermission, ReadProject, ReviewProject, add_progress_report,
    create_project, edit_project, project_access, project_councils, project_page,
    readable_projects, record_review,
};
use chibo_domain::Message;
use chibo_domain::research::{
    CheckSheet, ContentCheck, ContentDone, MemberOpinion, ProductCheck, ProductStatus,
    ProgressCheck, ProgressReport, ProgressRow, Project, Request, Review, Verdict,
};
use chibo_i18n::Lang;

use super::extract::{ApiBody, ApiPath, ApiQuery};
use super::openapi::{
    BadRequest, Forbidden, Invalid, NotFound, PayloadTooLarge, Trouble, Unauthenticated,
    UnsupportedMediaType,
};
use super::project_bodies::{
    NewProgressReport, NewProject, NewReview, ProjectChange, ProjectContract, ProjectDetail,
    ProjectList, ProjectListQuery, ProjectSummary,
};
use super::{ApiCaller, ApiError, InApiLang, parse_body, parse_unit};
use crate::AppState;

fn parse_id(raw: &str, lang: Lang) -> Result<i64, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found().in_lang(lang))
}

/// A domain field (`products.2.kind`, `check.progress.0.content`) as the
/// API names fields (`products[2].kind`, `progress[0].content`), under
/// `prefix`.
fn api_field(prefix: &str, field: &str) -> String {
    let field = field.strip_prefix("check.").unwrap_or(field);
    let mut out = prefix.to_owned();
    for part in field.split('.').filter(|p| !p.is_empty()) {
        if part.chars().all(|c| c.is_ascii_digit()) {
            out.push_str(&format!("[{part}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

/// 422 naming every field with a problem.
fn invalid(fields: Vec<(String, Message)>, lang: Lang) -> ApiError {
    let message = fields
        .first()
        .map_or_else(|| Message::new("web-error-form"), |(_, m)| m.clone());
    let mut error = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message);
    error.fields = fields;
    error.in_lang(lang)
}

/// A use case's refusal with its fields renamed under `prefix`.
fn refused(error: CoreError, prefix: &str, lang: Lang) -> ApiError {
    match error {
        CoreError::Invalid(problems) => invalid(
            problems
                .into_iter()
                .map(|p| (api_field(prefix, &p.field.unwrap_or_default()), p.message))
                .collect(),
            lang,
        ),
        other => ApiError::from_core(other, lang),
    }
}

/// The domain's contract from the body, or the field that does not read
/// (a month, a code, a role) under `prefix`.
fn contract(body: &ProjectContract, prefix: &str, lang: Lang) -> Result<Project, ApiError> {
    let value = serde_json::to_value(body).map_err(|e| {
        invalid(
            vec![(
                prefix.to_owned(),
                Message::new("api-bad-value").arg("detail", e.to_string()),
            )],
            lang,
        )
    })?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut field = prefix.to_owned();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => {
                    field.push_str(&format!("[{index}]"));
                }
                serde_path_to_error::Segment::Map { key } => {
                    if !field.is_empty() {
                        field.push('.');
                    }
                    field.push_str(key);
                }
                _ => {}
            }
        }
        let message = Message::new("api-bad-value").arg("detail", e.inner().to_string());
        invalid(vec![(field, message)], lang)
    })
}

async fn access<P: ProjectPermission>(
    state: &AppState,
    caller: &ApiCaller,
    id: i64,
) -> Result<ProjectAccess<P>, ApiError> {
    project_access::<P>(&state.db, &caller.actor, id, state.clock.today())
        .await
        .in_api_lang(caller.lang)
}

/// The project as the caller reads it now.
async fn detail(state: &AppState, caller: &ApiCaller, id: i64) -> Result<ProjectDetail, ApiError> {
    let lang = caller.lang;
    let read = access::<ReadProject>(state, caller, id).await?;
    let page = project_page(&state.db, &caller.actor, &read, state.clock.today())
        .await
        .in_api_lang(lang)?;
    ProjectDetail::of(read.stored().unit.as_str(), &page).ok_or_else(|| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            Message::new("web-error-internal"),
        )
        .in_lang(lang)
    })
}

/// The research projects the caller may read, by code.
#[utoipa::path(
    get,
    path = "/projects",
    operation_id = "list_projects",
    params(ProjectListQuery),
    responses(
        (status = 200, description = "The projects", body = ProjectList),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(query): ApiQuery<ProjectListQuery>,
) -> Result<Json<ProjectList>, ApiError> {
    let found = readable_projects(&state.db, &caller.actor, state.clock.today())
        .await
        .in_api_lang(caller.lang)?;
    let wanted = query
        .state
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let items = found
        .iter()
        .filter(|a| wanted.is_none_or(|s| a.stored().state == s))
        .map(|a| {
            let p = a.project();
            ProjectSummary {
                id: a.id(),
                code: p.code.to_string(),
                title: p.title.clone(),
                unit: a.stored().unit.as_str().to_owned(),
                state: a.stored().state.clone(),
                host_agency: p.host_agency.clone(),
                planned_start: p.planned_start,
                planned_end: p.planned_end,
            }
        })
        .collect();
    Ok(Json(ProjectList { items }))
}

/// Register a project under a unit (`EditUnits` on it): checked whole,
/// written once or not at all.
#[utoipa::path(
    post,
    path = "/projects",
    operation_id = "create_project",
    request_body(content = NewProject, content_type = "application/json"),
    responses(
        (status = 201, description = "Registered", body = ProjectChange),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<(StatusCode, Json<ProjectChange>), ApiError> {
    let lang = caller.lang;
    let new: NewProject = parse_body(&headers, &body, lang)?;
    let unit = parse_unit(&new.unit, lang)?;
    let unit = unit_access::<EditUnits>(&state.db, &caller.actor, &unit, state.clock.today())
        .await
        .in_api_lang(lang)?;
    let project = contract(&new.project, "project", lang)?;
    let id = create_project(
        &state.db,
        state.clock.as_ref(),
        &unit,
        &AuditContext::of(&caller.actor),
        &project,
        new.state
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty()),
        false,
    )
    .await
    .map_err(|e| {
        // The state is the body's own field; the rest are the contract's.
        let of_state = matches!(&e, CoreError::Invalid(problems)
            if problems.iter().any(|p| p.field.as_deref() == Some("state")));
        refused(e, if of_state { "" } else { "project" }, lang)
    })?;
    let project = detail(&state, &caller, id).await?;
    Ok((StatusCode::CREATED, Json(ProjectChange { id, project })))
}

/// One project: its contract, files, evidence in its current state,
/// progress planned against actual, councils and reviews. Each member's
/// score and opinion are given to the project's participants; a reader by
/// grant alone reads the count and the mean.
#[utoipa::path(
    get,
    path = "/projects/{id}",
    operation_id = "project",
    params(("id" = String, Path, description = "Project id")),
    responses(
        (status = 200, description = "The project", body = ProjectDetail),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn show(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ProjectDetail>, ApiError> {
    let id = parse_id(&id, caller.lang)?;
    Ok(Json(detail(&state, &caller, id).await?))
}

/// Replace the contract (its team), same code. A project changed by
/// someone else between the read and the write refuses the change.
#[utoipa::path(
    put,
    path = "/projects/{id}",
    operation_id = "update_project",
    params(("id" = String, Path, description = "Project id")),
    request_body(content = ProjectContract, content_type = "application/json"),
    responses(
        (status = 200, description = "The project after the change", body = ProjectDetail),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<Json<ProjectDetail>, ApiError> {
    let lang = caller.lang;
    let id = parse_id(&id, lang)?;
    let edit = access::<EditProject>(&state, &caller, id).await?;
    let body: ProjectContract = parse_body(&headers, &body, lang)?;
    let project = contract(&body, "", lang)?;
    edit_project(
        &state.db,
        state.clock.as_ref(),
        &edit,
        &AuditContext::of(&caller.actor),
        &project,
    )
    .await
    .map_err(|e| refused(e, "", lang))?;
    Ok(Json(detail(&state, &caller, id).await?))
}

/// Record the team's progress report for a period: each content item's
/// share done, against what its planned months say.
#[utoipa::path(
    post,
    path = "/projects/{id}/progress",
    operation_id = "record_project_progress",
    params(("id" = String, Path, description = "Project id")),
    request_body(content = NewProgressReport, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded", body = ProjectChange),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn progress(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<(StatusCode, Json<ProjectChange>), ApiError> {
    let lang = caller.lang;
    let id = parse_id(&id, lang)?;
    let edit = access::<EditProject>(&state, &caller, id).await?;
    let new: NewProgressReport = parse_body(&headers, &body, lang)?;
    let report = ProgressReport {
        period_end: new.period_end,
        submitted_on: new.submitted_on,
        rows: new
            .rows
            .into_iter()
            .map(|r| ProgressRow {
                content: r.content,
                actual_percent: r.actual_percent,
                note: r.note,
            })
            .collect(),
        note: new.note,
    };
    let report_id = add_progress_report(
        &state.db,
        state.clock.as_ref(),
        &edit,
        &AuditContext::of(&caller.actor),
        &report,
    )
    .await
    .map_err(|e| refused(e, "", lang))?;
    let project = detail(&state, &caller, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(ProjectChange {
            id: report_id,
            project,
        }),
    ))
}

/// The review a body describes, or every code that does not read.
fn review_of(new: NewReview, budget: [i64; 4], lang: Lang) -> Result<Review, ApiError> {
    let mut problems = Vec::new();
    let mut bad = |field: String, value: &str| {
        problems.push((
            field,
            Message::new("api-bad-value").arg("detail", format!("«{value}»")),
        ));
    };
    let contents = new
        .contents
        .into_iter()
        .enumerate()
        .map(|(i, c)| ContentCheck {
            done: ContentDone::parse(c.done.trim()).unwrap_or_else(|| {
                bad(format!("contents[{i}].done"), &c.done);
                ContentDone::NotDone
            }),
            content: c.content,
            note: c.note,
        })
        .collect();
    let products = new
        .products
        .into_iter()
        .enumerate()
        .map(|(i, p)| ProductCheck {
            status: ProductStatus::parse(p.status.trim()).unwrap_or_else(|| {
                bad(format!("products[{i}].status"), &p.status);
                ProductStatus::Planned
            }),
            product: p.product,
            note: p.note,
        })
        .collect();
    let verdict = Verdict::parse(new.verdict.trim());
    if verdict.is_none() {
        bad("verdict".to_owned(), &new.verdict);
    }
    match verdict {
        Some(verdict) if problems.is_empty() => Ok(Review {
            held_on: new.held_on,
            check: CheckSheet {
                progress: new
                    .progress
                    .into_iter()
                    .map(|p| ProgressCheck {
                        content: p.content,
                        planned_percent: p.planned_percent,
                        actual_percent: p.actual_percent,
                        note: p.note,
                    })
                    .collect(),
                contents,
                products,
                budget,
                budget_note: new.budget_note,
            },
            opinions: new
                .opinions
                .into_iter()
                .map(|o| MemberOpinion {
                    member: o.member,
                    score: o.score,
                    opinion: o.opinion,
                })
                .collect(),
            verdict,
            conclusion: new.conclusion,
            requests: new
                .requests
                .into_iter()
                .map(|r| Request {
                    title: r.title,
                    owner: r.owner,
                    deadline: r.deadline,
                })
                .collect(),
        }),
        _ => Err(invalid(problems, lang)),
    }
}

/// Record a council's review (the managing department, or a member of the
/// council): held only in a state the lifecycle allows for the council's
/// kind, once per council, each member scoring once; its requests become
/// tasks with owners and deadlines.
#[utoipa::path(
    post,
    path = "/projects/{id}/councils/{council}/review",
    operation_id = "record_project_review",
    params(
        ("id" = String, Path, description = "Project id"),
        ("council" = String, Path, description = "Council id")
    ),
    request_body(content = NewReview, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded", body = ProjectChange),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn review(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath((id, council)): ApiPath<(String, String)>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<(StatusCode, Json<ProjectChange>), ApiError> {
    let lang = caller.lang;
    let id = parse_id(&id, lang)?;
    let council = parse_id(&council, lang)?;
    let reviewer = access::<ReviewProject>(&state, &caller, id).await?;
    // A council of another project reads as a missing address.
    let councils = project_councils(&state.db, &reviewer)
        .await
        .in_api_lang(lang)?;
    if !councils.iter().any(|(c, _)| *c == council) {
        return Err(ApiError::not_found().in_lang(lang));
    }
    let new: NewReview = parse_body(&headers, &body, lang)?;
    let review = review_of(new, reviewer.project().budget_totals(), lang)?;
    let review_id = record_review(
        &state.db,
        state.clock.as_ref(),
        &reviewer,
        &AuditContext::of(&caller.actor),
        council,
        &review,
    )
    .await
    .map_err(|e| refused(e, "", lang))?;
    let project = detail(&state, &caller, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(ProjectChange {
            id: review_id,
            project,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::api_field;

    #[test]
    fn domain_fields_read_as_the_api_names_them() {
        assert_eq!(api_field("", "products.2.kind"), "products[2].kind");
        assert_eq!(
            api_field("project", "contents.0.planned_to"),
            "project.contents[0].planned_to"
        );
        assert_eq!(
            api_field("", "check.progress.1.content"),
            "progress[1].content"
        );
        assert_eq!(api_field("", "council"), "council");
    }
}
