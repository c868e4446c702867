//! Server-rendered pages.

pub mod accounts;
pub mod audit;
mod audit_change;
pub mod dashboard;
pub mod directives;
pub mod evaluations;
pub mod experiments;
pub mod home;
pub mod import;
mod import_templates;
pub mod login;
pub mod meeting_steps;
pub mod meetings;
pub mod member;
pub mod password;
pub mod projects;
pub mod reorganize;
pub mod rollout;
pub mod rubrics;
pub mod score_sheet;
pub mod scoring;
pub mod surveys;
pub mod tokens;
pub mod tree;
pub mod unit;
pub mod workbench;

use askama::Template;
use axum::extract::Query;
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chibo_domain::{Message, NaiveDate};
use chibo_i18n::Lang;
use serde::Deserialize;

use crate::error::PageError;
use crate::redirect::same_site_path;
use crate::request::{LANG_COOKIE, PageLang};

/// Renders a template, or a general error page when rendering fails.
pub fn render(page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => PageError::from(e).into_response(),
    }
}

/// The `as_of` date of a page: today when empty, and an error message in
/// the person's language when it is not a date (the page then shows today).
pub fn as_of(raw: Option<&str>, today: NaiveDate, lang: Lang) -> (NaiveDate, Option<String>) {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => (today, None),
        Some(raw) => match chibo_core::values::parse_date(raw) {
            Some(date) => (date, None),
            None => (
                today,
                Some(chibo_i18n::render(
                    lang,
                    &Message::new("err-date").arg("value", raw),
                )),
            ),
        },
    }
}

#[derive(Deserialize)]
pub struct LanguageQuery {
    set: Option<String>,
    back: Option<String>,
}

/// Remembers the chosen language in a cookie and goes back.
pub async fn language(Query(query): Query<LanguageQuery>) -> Response {
    let lang = query
        .set
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    (
        [(header::SET_COOKIE, cookie)],
        Redirect::to(&same_site_path(query.back.as_deref())),
    )
        .into_response()
}

pub async fn not_found(PageLang(lang): PageLang, uri: axum::http::Uri) -> Response {
    if crate::api::is_api_path(uri.path()) {
        return crate::api::extract::no_route(PageLang(lang)).await;
    }
    PageError::not_found(lang).into_response()
}
