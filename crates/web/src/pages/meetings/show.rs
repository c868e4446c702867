//! A meeting's address: its form for those who record the cell's
//! meetings, the minutes for those who may only read them.

use axum::extract::{Query, State};
use chibo_core::CoreError;
use chibo_core::access::RecordMeetings;
use chibo_core::meetings::meeting_access;
use serde::Deserialize;

use super::form::edit_page;
use super::minutes::minutes_page;
use crate::AppState;
use crate::access::MeetingId;
use crate::error::{InLang, PageResult};
use crate::session::Signed;

#[derive(Debug, Deserialize)]
pub struct ShowQuery {
    saved: Option<String>,
}

/// The meeting: its form for those who record the cell's meetings, the
/// minutes for those who may only read them.
pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    MeetingId(id): MeetingId,
    Query(query): Query<ShowQuery>,
) -> PageResult {
    let lang = signed.lang;
    let today = state.clock.today();
    match meeting_access::<RecordMeetings>(&state.db, &signed.actor, id, today).await {
        Ok(access) => edit_page(&state, &signed, &access, query.saved.is_some(), None).await,
        Err(CoreError::Denied(_)) => minutes_page(&state, &signed, id).await,
        Err(e) => Err(e).in_lang(lang),
    }
}
