//! Idempotency keys of the meeting form: the `idempotency_key` field read
//! and checked, a repeat answered as the first request was, and a key
//! that does not fit refused before anything is read or written.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chibo_core::CoreError;
use chibo_core::idempotency::{Earlier, IdempotencyKey, KeyUse, earlier};
use chibo_core::meeting_form::Fields;
use chibo_domain::Message;

use crate::AppState;
use crate::error::{InLang, PageError};
use crate::session::Signed;

pub const FIELD: &str = "idempotency_key";

/// Where a saved meeting's form leads: the same answer for a repeat.
pub fn saved(id: i64) -> Response {
    Redirect::to(&format!("/meetings/{id}?saved=1")).into_response()
}

/// The request's key with what it is sent for (`target`, and `extra`
/// fields read outside `fields`), or `None` without a key. A malformed key
/// is a 400; a key used before answers here: the first result for the
/// same body, a 409 for another body or another account's key.
pub async fn check(
    state: &AppState,
    signed: &Signed,
    target: &str,
    fields: &Fields,
    extra: &[(&str, &str)],
) -> Result<Option<KeyUse>, Response> {
    let lang = signed.lang;
    let raw = fields.get(FIELD).map_or("", String::as_str);
    let key = IdempotencyKey::parse(raw)
        .map_err(|e| {
            let (_, message) = crate::error::classify(e);
            PageError::new(StatusCode::BAD_REQUEST, message, lang).into_response()
        })?
        .map(|key| {
            let pairs = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .chain(extra.iter().copied());
            KeyUse::new(&signed.actor, key, target, pairs)
        });
    let Some(used) = key else {
        return Ok(None);
    };
    match answer_for(state, signed, &used).await? {
        Some(response) => Err(response),
        None => Ok(Some(used)),
    }
}

/// The answer a key already stored gives, if any.
async fn answer_for(
    state: &AppState,
    signed: &Signed,
    used: &KeyUse,
) -> Result<Option<Response>, Response> {
    let found = earlier(&state.db, state.clock.as_ref(), used)
        .await
        .in_lang(signed.lang)
        .map_err(IntoResponse::into_response)?;
    Ok(match found {
        Earlier::None => None,
        Earlier::Same { meeting_id } => Some(saved(meeting_id)),
        Earlier::OtherBody | Earlier::OtherAccount => Some(
            PageError::new(
                StatusCode::CONFLICT,
                Message::new("meeting-err-key-reused"),
                signed.lang,
            )
            .into_response(),
        ),
    })
}

/// After a write failed with a conflict: the same request sent twice at
/// once stored its key meanwhile, and this one gets that answer.
pub async fn after_conflict(
    state: &AppState,
    signed: &Signed,
    used: Option<&KeyUse>,
    error: &CoreError,
) -> Option<Response> {
    let used = used.filter(|_| error.is_conflict())?;
    match answer_for(state, signed, used).await {
        Ok(found) => found,
        Err(response) => Some(response),
    }
}
