//! Signing in and out. The sign-in form carries a token that must match a
//! cookie set with the form (the session does not exist yet), so another
//! site cannot sign a browser in to an account of its choosing.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chibo_core::CoreError;
use chibo_core::auth;
use chibo_core::secrets::{constant_time_eq, random_token};
use chibo_domain::Message;
use serde::Deserialize;

use crate::AppState;
use crate::error::{InLang, PageResult};
use crate::layout::Layout;
use crate::redirect::same_site_path;
use crate::request::{ClientAddress, PageLang, cookie};
use crate::session::{SESSION_COOKIE, SignedForm, clear_session_cookie, session_cookie};

const LOGIN_COOKIE: &str = "chibo_login";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
    /// Set after a password change, which ends every session.
    password_changed: bool,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    changed: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

async fn login_page(
    state: &AppState,
    lang: chibo_i18n::Lang,
    status: StatusCode,
    next: String,
    username: String,
    error: Option<Message>,
    password_changed: bool,
) -> Response {
    let token = random_token();
    let page = LoginPage {
        layout: Layout::public(state, lang, "web-login-title", "/login").await,
        csrf: token.clone(),
        next,
        username,
        error: error.map(|m| chibo_i18n::render(lang, &m)),
        password_changed,
    };
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!("{LOGIN_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict{secure}");
    (status, [(header::SET_COOKIE, cookie)], super::render(&page)).into_response()
}

pub async fn form(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Query(query): Query<LoginQuery>,
) -> Response {
    let next = same_site_path(query.next.as_deref());
    let changed = query.changed.is_some();
    login_page(
        &state,
        lang,
        StatusCode::OK,
        next,
        String::new(),
        None,
        changed,
    )
    .await
}

pub async fn submit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> PageResult {
    let next = same_site_path(Some(&form.next));
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or("");
    if expected.is_empty() || !constant_time_eq(expected, &form.csrf) {
        let message = Message::new("web-error-csrf");
        return Ok(login_page(
            &state,
            lang,
            StatusCode::FORBIDDEN,
            next,
            form.username,
            Some(message),
            false,
        )
        .await);
    }
    let result = auth::sign_in(
        &state.db,
        state.clock.as_ref(),
        &state.throttle,
        &state.config.sessions,
        &form.username,
        &form.password,
        address.as_deref(),
    )
    .await;
    let (status, message) = match result {
        Ok((session, _actor)) => {
            return Ok((
                [(header::SET_COOKIE, session_cookie(&state, &session.token))],
                Redirect::to(&next),
            )
                .into_response());
        }
        Err(CoreError::Denied(message)) => (StatusCode::UNAUTHORIZED, message),
        Err(CoreError::Throttled(message)) => (StatusCode::TOO_MANY_REQUESTS, message),
        Err(other) => return Err(other).in_lang(lang),
    };
    Ok(login_page(
        &state,
        lang,
        status,
        next,
        form.username,
        Some(message),
        false,
    )
    .await)
}

#[derive(Deserialize)]
pub struct Nothing {}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: SignedForm<Nothing>,
) -> PageResult {
    let _ = form.form;
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        auth::sign_out(&state.db, token)
            .await
            .in_lang(form.signed.lang)?;
    }
    Ok((
        [(header::SET_COOKIE, clear_session_cookie(&state))],
        Redirect::to("/login"),
    )
        .into_response())
}
