//! `/units/{code}/directives/{id}/file`: the document attached to a
//! directive, for whoever may read the directive's page at that unit (a
//! cell only what targets it, a committee what reached it), sent as a
//! download under its own Vietnamese name with the type it was taken as.

use axum::extract::{Path, State};
use axum::response::Response;
use chibo_core::access::ReadAggregates;
use chibo_core::directives::directive_file;

use super::page::IdParam;
use crate::AppState;
use crate::access::UnitFromPath;
use crate::download::file_response;
use crate::error::{InLang, PageError};

pub async fn download(
    State(state): State<AppState>,
    Path(param): Path<IdParam>,
    UnitFromPath { signed, access, .. }: UnitFromPath<ReadAggregates>,
) -> Result<Response, PageError> {
    let lang = signed.lang;
    let id = param
        .directive()
        .ok_or_else(|| PageError::not_found(lang))?;
    let file = directive_file(&state.db, &access, id)
        .await
        .in_lang(lang)?
        .ok_or_else(|| PageError::not_found(lang))?;
    Ok(file_response(
        file.content,
        &file.file_name,
        file.media_type,
    ))
}
