//! Changing one's own password (required after a one-time password).

use askama::Template;
use axum::extract::State;
use axum::response::IntoResponse;
use chibo_core::CoreError;
use chibo_core::auth;
use serde::Deserialize;

use crate::AppState;
use crate::error::{InLang, PageResult};
use crate::layout::Layout;
use crate::session::{Signed, SignedForm};

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    layout: Layout,
    must_change: bool,
    current_error: Option<String>,
    new_error: Option<String>,
    confirm_error: Option<String>,
}

pub async fn form(State(state): State<AppState>, signed: Signed) -> PageResult {
    let page = PasswordPage {
        layout: Layout::signed(&state, &signed, "web-password-title", "/account/password").await,
        must_change: signed.actor.must_change_password(),
        current_error: None,
        new_error: None,
        confirm_error: None,
    };
    Ok(super::render(&page))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    /// The new password typed a second time, so a typing slip cannot lock
    /// the person out.
    #[serde(default)]
    confirm_password: String,
}

pub async fn submit(
    State(state): State<AppState>,
    submitted: SignedForm<PasswordForm>,
) -> PageResult {
    let SignedForm { signed, form } = submitted;
    let mut page = PasswordPage {
        layout: Layout::signed(&state, &signed, "web-password-title", "/account/password").await,
        must_change: signed.actor.must_change_password(),
        current_error: None,
        new_error: None,
        confirm_error: None,
    };
    if form.confirm_password != form.new_password {
        page.confirm_error = Some(chibo_i18n::text(signed.lang, "web-password-mismatch"));
        return Ok(unprocessable(&page));
    }
    let result = auth::change_password(
        &state.db,
        state.clock.as_ref(),
        &state.config.sessions,
        &signed.actor,
        &form.current_password,
        &form.new_password,
    )
    .await;
    match result {
        Ok(()) => {
            // Every session ended with the change: sign in again, told why.
            return Ok(axum::response::Redirect::to("/login?changed=1").into_response());
        }
        Err(CoreError::Invalid(problems)) => {
            for problem in problems {
                let text = chibo_i18n::render(signed.lang, &problem.message);
                match problem.field.as_deref() {
                    Some("current_password") => page.current_error = Some(text),
                    _ => page.new_error = Some(text),
                }
            }
        }
        Err(other) => return Err(other).in_lang(signed.lang),
    }
    Ok(unprocessable(&page))
}

fn unprocessable(page: &PasswordPage) -> axum::response::Response {
    let mut response = super::render(page);
    *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    response
}
