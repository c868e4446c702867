//! `/units/{code}/directives/new` and `POST /units/{code}/directives`: the
//! form that issues a directive as the committee of the path (`EditUnits`
//! there), with its document attached. The form is multipart: the CSRF
//! token is checked before anything else and the permission before the
//! file is read. Every problem comes back beside its field, nothing
//! written.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chibo_core::access::{EditUnits, ReadAggregates, UnitAccess, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::directives::issue_directive;
use chibo_core::{CoreError, Problem};
use chibo_domain::UnitCode;
use chibo_domain::directive::{DocumentType, Level, Stage};
use chibo_domain::unit::UnitKind;
use chibo_i18n::Lang;

use super::issue_form::{IssueFields, TEACH_NEXT, deadline_field};
use super::unit_layout;
use crate::AppState;
use crate::access::UnitFromPath;
use crate::error::{InLang, PageError, PageResult};
use crate::form::{field_errors, problem_at, problems_elsewhere};
use crate::layout::Layout;
use crate::pages::render;
use crate::session::Signed;
use crate::signed_upload::{FileLimit, SignedUpload};

/// Fields with a place of their own on the form; other problems go on top.
const FIELDS: [&str; 9] = [
    "doc_type",
    "number",
    "issued_on",
    "title",
    "summary",
    "target",
    "implements",
    "file",
    "issuer",
];

/// A deadline's input: its field's name and what was typed.
struct DeadlineInput {
    field: String,
    value: String,
}

/// One level's row of deadlines.
struct DeadlineRow {
    level: String,
    inputs: Vec<DeadlineInput>,
    is_cell: bool,
}

/// A choice among several: value, label, ticked.
struct Choice {
    value: String,
    label: String,
    ticked: bool,
}

#[derive(Template)]
#[template(path = "directive_issue.html")]
struct IssuePage {
    layout: Layout,
    code: String,
    form: IssueFields,
    types: Vec<Choice>,
    kinds: Vec<Choice>,
    sectors: Vec<Choice>,
    children: Vec<Choice>,
    stages: Vec<String>,
    deadlines: Vec<DeadlineRow>,
    teach_next_field: &'static str,
    problems: Vec<(String, String)>,
    max_mb: usize,
}

impl IssuePage {
    fn problem(&self, field: &str) -> Option<&str> {
        problem_at(&self.problems, field)
    }

    fn general(&self) -> Vec<&str> {
        problems_elsewhere(&self.problems, |f| {
            FIELDS.contains(&f) || f.starts_with("deadlines.")
        })
    }
}

fn deadline_rows(lang: Lang, form: &IssueFields) -> Vec<DeadlineRow> {
    Level::ALL
        .into_iter()
        .map(|level| DeadlineRow {
            level: chibo_i18n::text(lang, level.message_id()),
            is_cell: level == Level::Cell,
            inputs: Stage::ALL
                .into_iter()
                .map(|stage| {
                    let field = deadline_field(level, stage);
                    DeadlineInput {
                        value: form.deadlines.get(&field).cloned().unwrap_or_default(),
                        field,
                    }
                })
                .collect(),
        })
        .collect()
}

async fn page(
    state: &AppState,
    signed: &Signed,
    access: &UnitAccess<EditUnits>,
    form: IssueFields,
    problems: Vec<Problem>,
    status: StatusCode,
) -> PageResult {
    let lang = signed.lang;
    let code = access.unit().to_string();
    let here = format!("/units/{code}/directives/new");
    let layout = unit_layout(state, signed, access, "directive-page-issue", &here).await;
    let today = state.clock.today();
    let read = access
        .also::<ReadAggregates>(&signed.actor)
        .ok_or_else(|| PageError::not_found(lang))?;
    let details = chibo_core::browse::unit_details_kept(&state.db, &read, today, signed.seen)
        .await
        .in_lang(lang)?;
    let sectors = chibo_core::browse::sectors(&state.db).await.in_lang(lang)?;
    let doc_type = if form.doc_type.is_empty() {
        "KH".to_owned()
    } else {
        form.doc_type.clone()
    };
    let page = IssuePage {
        types: DocumentType::ALL
            .into_iter()
            .map(|t| Choice {
                value: t.abbreviation().to_owned(),
                label: format!(
                    "{} ({})",
                    chibo_i18n::text(lang, t.message_id()),
                    t.abbreviation()
                ),
                ticked: doc_type == t.abbreviation(),
            })
            .collect(),
        kinds: UnitKind::ALL
            .into_iter()
            .filter(|k| !matches!(k, UnitKind::National | UnitKind::CityCommittee))
            .map(|k| Choice {
                value: k.code().to_owned(),
                label: chibo_i18n::text(lang, k.message_id()),
                ticked: form.kinds.iter().any(|c| c == k.code()),
            })
            .collect(),
        sectors: sectors
            .into_iter()
            .map(|s| Choice {
                ticked: form.sectors.contains(&s.code),
                label: if lang == Lang::En {
                    s.name_en
                } else {
                    s.name_vi
                },
                value: s.code,
            })
            .collect(),
        children: details
            .children
            .iter()
            .map(|c| Choice {
                ticked: form.units.contains(&c.code),
                value: c.code.clone(),
                label: c.name.clone(),
            })
            .collect(),
        stages: Stage::ALL
            .into_iter()
            .map(|s| chibo_i18n::text(lang, s.message_id()))
            .collect(),
        deadlines: deadline_rows(lang, &form),
        teach_next_field: TEACH_NEXT,
        problems: field_errors(lang, problems),
        max_mb: chibo_core::directives::MAX_FILE_BYTES / (1024 * 1024),
        layout,
        code,
        form,
    };
    let mut response = render(&page);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn new_form(
    State(state): State<AppState>,
    UnitFromPath {
        signed,
        access,
        today,
    }: UnitFromPath<EditUnits>,
) -> PageResult {
    let form = IssueFields {
        issued_on: chibo_i18n::format_date(today),
        must_teach: true,
        scope: "subtree".to_owned(),
        teach_next: true,
        ..IssueFields::default()
    };
    page(&state, &signed, &access, form, Vec::new(), StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    Path(code): Path<String>,
    upload: SignedUpload<FileLimit>,
) -> PageResult {
    let SignedUpload { signed, body, .. } = upload;
    let lang = signed.lang;
    let code = UnitCode::parse(&code).map_err(|_| PageError::not_found(lang))?;
    let today = state.clock.today();
    // Checked before the file is read: nobody else's upload is taken.
    let access = unit_access::<EditUnits>(&state.db, &signed.actor, &code, today)
        .await
        .in_lang(lang)?;
    let form: IssueFields = body.read().await?;
    let problems = match form.directive(access.unit()) {
        Ok(directive) => {
            let author = AuditContext::of(&signed.actor);
            match issue_directive(
                &state.db,
                state.clock.as_ref(),
                &access,
                &author,
                &directive,
                form.file.as_ref(),
                false,
            )
            .await
            {
                Ok(id) => {
                    return Ok(
                        Redirect::to(&format!("/units/{code}/directives/{id}")).into_response()
                    );
                }
                Err(CoreError::Invalid(problems)) => problems,
                Err(other) => return Err(other).in_lang(lang),
            }
        }
        Err(problems) => problems,
    };
    page(
        &state,
        &signed,
        &access,
        form,
        problems,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
