//! The small writes of a project page: the managing department moves the
//! project to its next state; the team marks a council's request done; a
//! product's file is downloaded by whoever reads the project.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chibo_core::audit::AuditContext;
use chibo_core::research::{
    EditProject, ReadProject, ReviewProject, move_project, product_file, set_request_status,
};
use chibo_domain::meeting_record::TaskStatus;
use serde::Deserialize;

use crate::AppState;
use crate::download::file_response;
use crate::error::{InLang, PageError, PageResult};
use crate::session::{Signed, SignedForm};

#[derive(Debug, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    to: String,
}

pub async fn move_to(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedForm { signed, form }: SignedForm<MoveForm>,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<ReviewProject>(&state, &signed, &id).await?;
    let author = AuditContext::of(&signed.actor);
    move_project(
        &state.db,
        state.clock.as_ref(),
        &access,
        &author,
        form.to.trim(),
    )
    .await
    .in_lang(lang)?;
    Ok(Redirect::to(&format!("/projects/{}", access.id())).into_response())
}

#[derive(Debug, Deserialize)]
pub struct TaskForm {
    #[serde(default)]
    status: String,
}

pub async fn task(
    State(state): State<AppState>,
    Path((id, review, task)): Path<(String, String, String)>,
    SignedForm { signed, form }: SignedForm<TaskForm>,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<EditProject>(&state, &signed, &id).await?;
    let (Ok(review), Ok(task)) = (review.parse::<i64>(), task.parse::<i64>()) else {
        return Err(PageError::not_found(lang));
    };
    let status = TaskStatus::parse(form.status.trim()).ok_or_else(|| PageError::not_found(lang))?;
    let author = AuditContext::of(&signed.actor);
    set_request_status(
        &state.db,
        state.clock.as_ref(),
        &access,
        &author,
        review,
        task,
        status,
        state.clock.today(),
    )
    .await
    .in_lang(lang)?;
    Ok(Redirect::to(&format!("/projects/{}", access.id())).into_response())
}

/// The media types chibo takes for products, as the download's header.
fn content_type(media_type: &str) -> &'static str {
    match media_type {
        "application/pdf" => "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
        "application/zip" => "application/zip",
        "text/csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

pub async fn file(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let lang = signed.lang;
    let access = super::access::<ReadProject>(&state, &signed, &id).await?;
    let file: i64 = file.parse().map_err(|_| PageError::not_found(lang))?;
    let (name, media_type, bytes) = product_file(&state.db, &access, file).await.in_lang(lang)?;
    Ok(file_response(bytes, &name, content_type(&media_type)))
}
