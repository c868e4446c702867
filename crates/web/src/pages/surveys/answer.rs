//! Answering a survey with a one-time code, without an account: `/s` asks
//! for the code printed on a slip, `/s/{code}` opens the form from a link,
//! `/s/answer` takes the answers. The respondent has no session, so forms
//! carry a token that must match a cookie set with the page (as the
//! sign-in form does), and every code that does not open a form counts
//! against the client's address, so that codes cannot be guessed.
//!
//! Nothing here logs answers or codes. The server writes no access log;
//! a reverse proxy in front of it would log `/s/{code}` with the code, so
//! printed slips tell respondents to type the code at `/s`, whose form
//! posts the code in the body, and the link form is there for codes sent
//! as links (a used code opens nothing, and a log holds no answer).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chibo_core::CoreError;
use chibo_core::secrets::{constant_time_eq, random_token};
use chibo_core::surveys::answering::{OpenForm, open_with_code, submit};
use chibo_core::surveys::form_check::{asked_fields, check_fields};
use chibo_domain::Message;
use chibo_i18n::Lang;

use super::form::SurveyForm;
use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::Layout;
use crate::pages::render;
use crate::request::{ClientAddress, PageLang, cookie};

/// Where respondents type a code; short enough to print on a slip.
pub const PATH: &str = "/s";
pub const ANSWER_PATH: &str = "/s/answer";
pub const THANKS_PATH: &str = "/s/thanks";
const TOKEN_COOKIE: &str = "chibo_survey";

#[derive(Template)]
#[template(path = "survey_code.html")]
struct CodePage {
    layout: Layout,
    csrf: String,
    code: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "survey_answer.html")]
struct AnswerPage {
    layout: Layout,
    csrf: String,
    code: String,
    campaign_title: String,
    cell_name: String,
    closes_on: String,
    survey: SurveyForm,
}

#[derive(Template)]
#[template(path = "survey_thanks.html")]
struct ThanksPage {
    layout: Layout,
}

/// The respondent's pages show no navigation: nobody is signed in. The
/// language switch comes back to `/s`, never to an address with a code.
async fn layout(state: &AppState, lang: Lang, title_id: &str) -> Layout {
    Layout::public(state, lang, title_id, PATH).await
}

/// The form token: the cookie's when the browser holds one, so that two
/// open tabs both post, else a new one.
fn token(headers: &HeaderMap) -> String {
    cookie(headers, TOKEN_COOKIE)
        .filter(|t| {
            t.len() >= 32
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map_or_else(random_token, str::to_owned)
}

/// The page with the token's cookie: only the respondent's pages see it.
fn with_token(state: &AppState, status: StatusCode, token: &str, page: Response) -> Response {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!("{TOKEN_COOKIE}={token}; Path={PATH}; HttpOnly; SameSite=Strict{secure}");
    let mut response = (status, [(header::SET_COOKIE, cookie)], page).into_response();
    // A respondent's page is nobody else's: not kept by caches, and the
    // address (which may hold a code) not sent on to other sites.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

async fn code_page(
    state: &AppState,
    lang: Lang,
    status: StatusCode,
    token: String,
    code: String,
    error: Option<Message>,
) -> Response {
    let page = CodePage {
        layout: layout(state, lang, "survey-answer-code-title").await,
        csrf: token.clone(),
        code,
        error: error.map(|m| chibo_i18n::render(lang, &m)),
    };
    with_token(state, status, &token, render(&page))
}

#[allow(clippy::too_many_arguments)]
async fn answer_page(
    state: &AppState,
    lang: Lang,
    status: StatusCode,
    token: String,
    code: String,
    open: &OpenForm,
    survey: SurveyForm,
) -> Response {
    let page = AnswerPage {
        layout: layout(state, lang, "survey-answer-title").await,
        csrf: token.clone(),
        code,
        campaign_title: open.campaign_title.clone(),
        cell_name: open.cell_name.clone(),
        closes_on: chibo_i18n::format_date(open.closes_on),
        survey,
    };
    with_token(state, status, &token, render(&page))
}

/// Counts one code attempt of the address; a burst is refused for a while.
fn reserve<'a>(
    state: &'a AppState,
    address: Option<&str>,
    lang: Lang,
) -> PageResult<chibo_core::throttle::Reservation<'a>> {
    let key = address.unwrap_or("");
    state
        .code_throttle
        .reserve(key, address, state.clock.now())
        .map_err(|minutes| {
            PageError::new(
                StatusCode::TOO_MANY_REQUESTS,
                Message::new("survey-code-throttled").arg("minutes", minutes),
                lang,
            )
        })
}

/// The answer to a code that opens nothing: the code page with the
/// refusal (an unknown and a used code alike), or the error page.
async fn refused(
    state: &AppState,
    lang: Lang,
    token: String,
    code: String,
    error: CoreError,
) -> PageResult {
    match error {
        CoreError::Refused(message) => Ok(code_page(
            state,
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            token,
            code,
            Some(message),
        )
        .await),
        other => Err(other).in_lang(lang),
    }
}

/// The form a code opens, the attempt counted against the address unless
/// the code opens one (then it is forgotten: answering is no guess).
async fn open_counted(
    state: &AppState,
    address: Option<&str>,
    lang: Lang,
    code: &str,
) -> PageResult<Result<OpenForm, CoreError>> {
    let reservation = reserve(state, address, lang)?;
    let opened = open_with_code(&state.db, state.clock.as_ref(), code).await;
    if opened.is_ok() {
        reservation.succeeded();
    }
    Ok(opened)
}

/// Shows the form of a typed code.
async fn open(
    state: &AppState,
    lang: Lang,
    address: Option<&str>,
    token: String,
    code: String,
) -> PageResult {
    match open_counted(state, address, lang, &code).await? {
        Ok(open) => {
            let survey = SurveyForm::blank(&open.instrument, lang);
            Ok(answer_page(state, lang, StatusCode::OK, token, code, &open, survey).await)
        }
        Err(error) => refused(state, lang, token, code, error).await,
    }
}

/// A code as sent, bounded like a field of any form (a code is ten
/// characters).
fn bounded(mut code: String) -> String {
    code.truncate(code.floor_char_boundary(64));
    code
}

pub async fn code_form(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Response {
    code_page(
        &state,
        lang,
        StatusCode::OK,
        token(&headers),
        String::new(),
        None,
    )
    .await
}

/// The body of a respondent's form: the token checked against the cookie,
/// the code, and the other fields in order (a multiple choice repeats).
struct Posted {
    code: String,
    fields: Vec<(String, String)>,
}

fn read_posted(headers: &HeaderMap, body: &[u8], lang: Lang) -> PageResult<Posted> {
    let mut csrf = String::new();
    let mut code = String::new();
    let mut fields = Vec::new();
    for (name, value) in url::form_urlencoded::parse(body) {
        match name.as_ref() {
            "csrf" => csrf = value.into_owned(),
            "code" => code = value.into_owned(),
            _ => fields.push((name.into_owned(), value.into_owned())),
        }
    }
    let expected = cookie(headers, TOKEN_COOKIE).unwrap_or("");
    if expected.is_empty() || !constant_time_eq(expected, &csrf) {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            Message::new("web-error-csrf"),
            lang,
        ));
    }
    Ok(Posted {
        code: bounded(code),
        fields,
    })
}

pub async fn code_submit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let posted = read_posted(&headers, &body, lang)?;
    open(
        &state,
        lang,
        address.as_deref(),
        token(&headers),
        posted.code,
    )
    .await
}

/// A code sent as a link. The code is in the address, which the server
/// does not log (see the module's note).
pub async fn link(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> PageResult {
    open(
        &state,
        lang,
        address.as_deref(),
        token(&headers),
        bounded(code),
    )
    .await
}

pub async fn answer(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let Posted { code, fields } = read_posted(&headers, &body, lang)?;
    let token = token(&headers);
    let open = match open_counted(&state, address.as_deref(), lang, &code).await? {
        Ok(open) => open,
        Err(error) => return refused(&state, lang, token, code, error).await,
    };
    // The page's reading first: fields that name no question (the button)
    // are left out, and the problems go beside their items.
    let mut checked = check_fields(&open.instrument, &fields);
    if checked.problems.is_empty() {
        let asked = asked_fields(&open.instrument, &fields);
        match submit(&state.db, state.clock.as_ref(), &code, &asked).await {
            Ok(()) => return Ok(Redirect::to(THANKS_PATH).into_response()),
            // The same rules as the check just made: shown the same way.
            Err(CoreError::Invalid(problems)) => checked.problems = problems,
            // The code used meanwhile, or the campaign closed.
            Err(error) => return refused(&state, lang, token, String::new(), error).await,
        }
    }
    let survey = SurveyForm::submitted(&open.instrument, lang, &fields, &checked);
    Ok(answer_page(
        &state,
        lang,
        StatusCode::UNPROCESSABLE_ENTITY,
        token,
        code,
        &open,
        survey,
    )
    .await)
}

/// After a submission: thanks, and nothing of what was answered.
pub async fn thanks(State(state): State<AppState>, PageLang(lang): PageLang) -> Response {
    let page = ThanksPage {
        layout: layout(&state, lang, "survey-thanks-title").await,
    };
    render(&page)
}
