//! What the project's forms share: the typed values kept as sent, a
//! choice list, a date read from the field, and the answer to a refused
//! change (the form again, 422, each problem beside its field, nothing
//! written).

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chibo_core::{CoreError, Problem};
use chibo_domain::{Message, NaiveDate};
use chibo_i18n::Lang;

use crate::error::{PageError, PageResult};
use crate::form::field_errors;

/// A form's values as sent, by field name.
pub(super) type Values = BTreeMap<String, String>;

/// The trimmed value of `key`, empty when absent.
pub(super) fn value(values: &Values, key: &str) -> String {
    values
        .get(key)
        .map(|v| v.trim().to_owned())
        .unwrap_or_default()
}

pub(super) struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub(super) fn choices(options: Vec<(String, String)>, chosen: &str) -> Vec<Choice> {
    options
        .into_iter()
        .map(|(value, label)| Choice {
            selected: value == chosen,
            value,
            label,
        })
        .collect()
}

/// The date in `key` (yyyy-mm-dd as a date input sends it, or dd/mm/yyyy
/// typed), or a problem beside it.
pub(super) fn date(values: &Values, key: &str, problems: &mut Vec<Problem>) -> Option<NaiveDate> {
    let raw = value(values, key);
    let found = chibo_core::values::parse_date(&raw).or_else(|| raw.parse().ok());
    if found.is_none() {
        problems.push(Problem::in_field(
            key,
            Message::new("research-date-bad").arg("value", &raw),
        ));
    }
    found
}

/// The same for a field that may be left empty.
pub(super) fn optional_date(
    values: &Values,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Option<NaiveDate> {
    if value(values, key).is_empty() {
        None
    } else {
        date(values, key, problems)
    }
}

/// After a change: to the project's page at `anchor`; after a refusal
/// with located problems: the form again by `form`, answered 422.
pub(super) fn answer(
    result: Result<(), CoreError>,
    lang: Lang,
    done: &str,
    form: impl FnOnce(Vec<(String, String)>) -> Response,
) -> PageResult {
    match result {
        Ok(()) => Ok(Redirect::to(done).into_response()),
        Err(CoreError::Invalid(problems)) => {
            let mut response = form(field_errors(lang, problems));
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(PageError::from_core(other, lang)),
    }
}
