//! `/surveys/default/preview`: the shipped default instrument as members
//! will answer it, for the people who run surveys (committee staff,
//! researchers, administrators: whoever may read datasets anywhere).
//! Submitting checks the answers by the rules of the answering form and
//! shows the problems, or the answer set that would be kept; nothing is
//! stored.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use chibo_core::surveys::form_check::check_fields;
use chibo_core::surveys::instruments::default_instrument;
use chibo_domain::access::Action;
use chibo_domain::survey::instrument::Instrument;

use super::fields::SignedFields;
use super::form::SurveyForm;
use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::Layout;
use crate::pages::render;
use crate::session::Signed;

pub const PATH: &str = "/surveys/default/preview";

#[derive(Template)]
#[template(path = "survey_preview.html")]
struct PreviewPage {
    layout: Layout,
    action: &'static str,
    survey: SurveyForm,
    /// After a submit without problems: the answer set, item and value.
    valid: Option<Vec<(String, String)>>,
}

/// Refused like a missing page for whoever runs no surveys.
fn instrument(signed: &Signed) -> PageResult<Instrument> {
    if !signed.actor.may_any(Action::ReadDatasets) {
        return Err(PageError::not_found(signed.lang));
    }
    default_instrument().in_lang(signed.lang)
}

async fn layout(state: &AppState, signed: &Signed) -> Layout {
    Layout::signed(state, signed, "survey-preview-title", PATH).await
}

pub async fn page(State(state): State<AppState>, signed: Signed) -> PageResult {
    let instrument = instrument(&signed)?;
    let page = PreviewPage {
        layout: layout(&state, &signed).await,
        action: PATH,
        survey: SurveyForm::blank(&instrument, signed.lang),
        valid: None,
    };
    Ok(render(&page))
}

pub async fn submit(
    State(state): State<AppState>,
    SignedFields { signed, fields }: SignedFields,
) -> PageResult {
    let instrument = instrument(&signed)?;
    let checked = check_fields(&instrument, &fields);
    let valid = checked.problems.is_empty().then(|| checked.answers.clone());
    let page = PreviewPage {
        layout: layout(&state, &signed).await,
        action: PATH,
        survey: SurveyForm::submitted(&instrument, signed.lang, &fields, &checked),
        valid,
    };
    let mut response = render(&page);
    if !checked.problems.is_empty() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}
