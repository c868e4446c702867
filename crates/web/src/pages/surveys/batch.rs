//! `/surveys/campaigns/{id}/batch`: paper forms of an open campaign keyed
//! in by whoever runs it, one after another from the keyboard. Each
//! question is one text field: a choice is typed as the key printed
//! beside it (a scale's digit, else its place in the list). Saving is core's
//! `batch::key_in`, the respondents' own path, so a code is used once and
//! answers are read by the answering form's rules.
//!
//! Without scripts the form posts and, once stored, is sent back blank
//! (303) with the count of forms keyed in this browser and the last code,
//! kept in a cookie of this page only; a form with problems comes back
//! with what was typed and each problem beside its question and listed
//! at the top by question. `batch_entry.js` posts the same form with
//! `fetch` and asks for JSON, so the next form starts at once.
//!
//! Anonymity: nothing answered is shown or kept after a save, and the
//! pages are never cached (`no-store`); the count and the last code are
//! all that remain on the screen.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chibo_core::CoreError;
use chibo_core::surveys::batch::{CODE_FIELD, choice_keys, entry_open, key_in};
use chibo_core::surveys::campaigns::{CampaignAccess, campaign_access, campaign_instrument};
use chibo_core::surveys::form_view::{Input, form_view, in_lang};
use chibo_domain::Message;
use chibo_domain::survey::instrument::Instrument;
use chibo_i18n::Lang;

use super::campaign::campaign_layout;
use super::fields::SignedFields;
use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::form::field_errors;
use crate::layout::{Crumb, Layout};
use crate::pages::render;
use crate::request::cookie;
use crate::session::Signed;

const COUNT_COOKIE: &str = "chibo_batch";

/// One question as a keyed field.
struct Row {
    name: String,
    label: String,
    kind: &'static str,
    /// Each choice's key and label, in the list's order.
    keys: Vec<(String, String)>,
    /// Key to value, for the script's `relevant` (JSON).
    key_values: String,
    /// Every key is one character: typing it completes the answer.
    single_key: bool,
    required: bool,
    relevant: String,
    max_chars: usize,
    value: String,
    problem: Option<String>,
}

#[derive(Template)]
#[template(path = "survey_batch.html")]
struct BatchPage {
    layout: Layout,
    action: String,
    rows: Vec<Row>,
    code: String,
    code_problem: Option<String>,
    /// Every problem, each naming its question.
    problems: Vec<String>,
    count: u32,
    status: String,
    last: Option<String>,
    /// The field the cursor starts in.
    focus: String,
    rules_script: &'static str,
}

/// Forms keyed in this browser for this campaign, and the last code.
struct Tally {
    count: u32,
    last: Option<String>,
}

impl Tally {
    /// Read from the page's cookie; a value that is not ours is nothing.
    fn read(headers: &HeaderMap) -> Tally {
        let parsed = cookie(headers, COUNT_COOKIE).and_then(|value| {
            let (count, last) = value.split_once('.')?;
            let count = count.parse().ok()?;
            let last = (!last.is_empty()
                && last.len() <= 16
                && last.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
            .then(|| last.to_owned());
            Some(Tally { count, last })
        });
        parsed.unwrap_or(Tally {
            count: 0,
            last: None,
        })
    }

    /// The cookie after one more form: on this page's path only, gone
    /// with the browser's session.
    fn saved(mut self, code: &str, path: &str, secure: bool) -> (Tally, HeaderValue) {
        self.count = self.count.saturating_add(1);
        let printed: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(16)
            .collect::<String>()
            .to_ascii_uppercase();
        self.last = Some(printed);
        let secure = if secure { "; Secure" } else { "" };
        let value = format!(
            "{COUNT_COOKIE}={}.{}; Path={path}; HttpOnly; SameSite=Strict{secure}",
            self.count,
            self.last.as_deref().unwrap_or("")
        );
        let header = HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static(""));
        (self, header)
    }

    fn status(&self, lang: Lang) -> String {
        chibo_i18n::render(
            lang,
            &Message::new("survey-batch-count").arg("count", i64::from(self.count)),
        )
    }

    fn last_text(&self, lang: Lang) -> Option<String> {
        self.last.as_ref().map(|code| {
            chibo_i18n::render(
                lang,
                &Message::new("survey-batch-last").arg("code", code.as_str()),
            )
        })
    }
}

fn path_of(id: i64) -> String {
    format!("/surveys/campaigns/{id}/batch")
}

/// The campaign of the path for someone who runs it, taking forms today.
async fn access(state: &AppState, signed: &Signed, raw: &str) -> PageResult<CampaignAccess> {
    let lang = signed.lang;
    let id: i64 = raw.parse().map_err(|_| PageError::not_found(lang))?;
    let access = campaign_access(&state.db, &signed.actor, id, state.clock.today())
        .await
        .in_lang(lang)?;
    entry_open(&access, state.clock.as_ref()).in_lang(lang)?;
    Ok(access)
}

/// Each question of the form as the answering form shows it (words,
/// rules, limits: `form_view`), with its choices' keys.
fn rows(
    instrument: &Instrument,
    lang: Lang,
    typed: &[(String, String)],
    problems: &[(String, String)],
) -> Vec<Row> {
    let view = form_view(instrument, lang, None);
    view.blocks
        .into_iter()
        .flat_map(|block| block.items)
        .filter(|item| item.input != Input::Note)
        .map(|item| {
            let choices = instrument
                .item(&item.name)
                .map_or(&[][..], |i| instrument.choices(i));
            let keys = choice_keys(choices);
            let key_values: serde_json::Map<String, serde_json::Value> = keys
                .iter()
                .zip(choices)
                .map(|(key, choice)| (key.clone(), serde_json::Value::from(choice.value.clone())))
                .collect();
            let single_key =
                item.input == Input::Radio && keys.iter().all(|k| k.chars().count() == 1);
            Row {
                kind: item.kind(),
                key_values: serde_json::Value::Object(key_values).to_string(),
                keys: keys
                    .into_iter()
                    .zip(choices)
                    .map(|(key, choice)| (key, in_lang(&choice.label, lang)))
                    .collect(),
                single_key,
                required: item.required,
                max_chars: item.max_chars,
                value: typed
                    .iter()
                    .filter(|(name, _)| *name == item.name)
                    .map(|(_, value)| value.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                problem: problems
                    .iter()
                    .find(|(field, _)| *field == item.name)
                    .map(|(_, text)| text.clone()),
                relevant: item.relevant,
                label: item.label,
                name: item.name,
            }
        })
        .collect()
}

/// Each problem as the line listing it at the top: the question's name
/// and words, then the problem.
fn located(lang: Lang, rows: &[Row], problems: &[(String, String)]) -> Vec<String> {
    problems
        .iter()
        .map(|(field, text)| {
            let question = if field == CODE_FIELD {
                chibo_i18n::text(lang, "survey-batch-code-label")
            } else {
                rows.iter().find(|row| row.name == *field).map_or_else(
                    || field.clone(),
                    |row| format!("{} · {}", row.name, row.label),
                )
            };
            chibo_i18n::render(
                lang,
                &Message::new("survey-batch-problem")
                    .arg("question", question)
                    .arg("problem", text.as_str()),
            )
        })
        .collect()
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[allow(clippy::too_many_arguments)]
async fn show(
    state: &AppState,
    signed: &Signed,
    access: &CampaignAccess,
    tally: &Tally,
    code: String,
    typed: &[(String, String)],
    problems: Vec<(String, String)>,
    status: StatusCode,
) -> PageResult {
    let lang = signed.lang;
    let instrument = campaign_instrument(&state.db, access).await.in_lang(lang)?;
    let rows = rows(&instrument, lang, typed, &problems);
    let code_problem = problems
        .iter()
        .find(|(field, _)| field == CODE_FIELD)
        .map(|(_, text)| text.clone());
    let focus = problems
        .first()
        .map_or_else(|| CODE_FIELD.to_owned(), |(field, _)| field.clone());
    let problems = located(lang, &rows, &problems);
    let mut layout = campaign_layout(state, signed, access, "survey-batch-title").await;
    // The way back to the campaign's page.
    layout.crumbs.push(Crumb {
        href: format!("/surveys/campaigns/{}", access.campaign().id),
        label: access.campaign().title.clone(),
    });
    layout.title = format!(
        "{} · {}",
        chibo_i18n::text(lang, "survey-batch-title"),
        access.campaign().title
    );
    let page = BatchPage {
        layout,
        action: path_of(access.campaign().id),
        rows,
        code,
        code_problem,
        problems,
        count: tally.count,
        status: tally.status(lang),
        last: tally.last_text(lang),
        focus,
        rules_script: crate::assets::address("survey_form.js"),
    };
    let mut response = render(&page);
    *response.status_mut() = status;
    Ok(no_store(response))
}

pub async fn page(
    State(state): State<AppState>,
    signed: Signed,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> PageResult {
    let access = access(&state, &signed, &id).await?;
    let tally = Tally::read(&headers);
    show(
        &state,
        &signed,
        &access,
        &tally,
        String::new(),
        &[],
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// Whether the script asked for the outcome as JSON.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

fn json(status: StatusCode, body: serde_json::Value) -> Response {
    no_store((status, axum::Json(body)).into_response())
}

pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    SignedFields { signed, fields }: SignedFields,
) -> PageResult {
    let lang = signed.lang;
    let access = access(&state, &signed, &id).await?;
    let mut code = String::new();
    let mut typed = Vec::with_capacity(fields.len());
    for (name, value) in fields {
        if name == CODE_FIELD {
            code = value;
        } else {
            typed.push((name, value));
        }
    }
    code.truncate(code.floor_char_boundary(64));
    let tally = Tally::read(&headers);
    let outcome = key_in(&state.db, state.clock.as_ref(), &access, &code, &typed).await;
    let path = path_of(access.campaign().id);
    match outcome {
        Ok(()) => {
            let (tally, cookie) = tally.saved(&code, &path, state.config.secure_cookies);
            let mut response = if wants_json(&headers) {
                json(
                    StatusCode::OK,
                    serde_json::json!({
                        "count": tally.count,
                        "status": tally.status(lang),
                        "last": tally.last_text(lang),
                    }),
                )
            } else {
                no_store(Redirect::to(&path).into_response())
            };
            response.headers_mut().append(header::SET_COOKIE, cookie);
            Ok(response)
        }
        Err(CoreError::Invalid(problems)) => {
            let problems = field_errors(lang, problems);
            if wants_json(&headers) {
                let instrument = campaign_instrument(&state.db, &access)
                    .await
                    .in_lang(lang)?;
                let rows = rows(&instrument, lang, &[], &[]);
                let list = located(lang, &rows, &problems);
                let beside: Vec<serde_json::Value> = problems
                    .iter()
                    .map(|(field, text)| serde_json::json!({ "field": field, "text": text }))
                    .collect();
                return Ok(json(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    serde_json::json!({
                        "summary": chibo_i18n::text(lang, "survey-batch-has-problems"),
                        "problems": beside,
                        "list": list,
                    }),
                ));
            }
            show(
                &state,
                &signed,
                &access,
                &tally,
                code,
                &typed,
                problems,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(other).in_lang(lang),
    }
}
