//! `/surveys/campaigns/{id}/dataset.zip`: a closed campaign's k-anonymous
//! response file with its codebook and README, for whoever reads datasets
//! on the unit that ran it (researchers, committee staff, administrators);
//! the results page links to it. Rows are shuffled afresh on every
//! download.

use axum::extract::{Path, State};
use axum::response::Response;
use chibo_core::surveys::dataset::{dataset_access, response_file};
use chibo_core::surveys::dataset_codebook::{zip, zip_name};

use crate::AppState;
use crate::error::{InLang, PageError};
use crate::session::Signed;

pub async fn download(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let lang = signed.lang;
    let id: i64 = id.parse().map_err(|_| PageError::not_found(lang))?;
    let access = dataset_access(&state.db, &signed.actor, id, state.clock.today())
        .await
        .in_lang(lang)?;
    let file = response_file(&state.db, &access).await.in_lang(lang)?;
    Ok(crate::download::file_response(
        zip(&file, lang).in_lang(lang)?,
        &zip_name(&file),
        crate::download::ZIP,
    ))
}
