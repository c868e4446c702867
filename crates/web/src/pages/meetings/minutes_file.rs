//! The minutes of a held meeting as a file (PDF or DOCX), for everyone who
//! may read the cell's minutes. Typesetting is CPU work: it runs on the
//! blocking pool, never on the async runtime.

use axum::extract::State;
use axum::http::StatusCode;
use chibo_core::access::ReadPeople;
use chibo_core::meetings::meeting_access;
use chibo_domain::Message;
use chibo_report::Document;

use crate::AppState;
use crate::access::MeetingId;
use crate::download::file_response;
use crate::error::{InLang, PageError, PageResult};
use crate::minutes_document::{MinutesFormat, minutes_document, minutes_file_name};
use crate::session::Signed;

pub async fn minutes_pdf(
    State(state): State<AppState>,
    signed: Signed,
    MeetingId(id): MeetingId,
) -> PageResult {
    minutes_file(&state, &signed, id, MinutesFormat::Pdf).await
}

pub async fn minutes_docx(
    State(state): State<AppState>,
    signed: Signed,
    MeetingId(id): MeetingId,
) -> PageResult {
    minutes_file(&state, &signed, id, MinutesFormat::Docx).await
}

async fn minutes_file(
    state: &AppState,
    signed: &Signed,
    id: i64,
    format: MinutesFormat,
) -> PageResult {
    let lang = signed.lang;
    let today = state.clock.today();
    let access = meeting_access::<ReadPeople>(&state.db, &signed.actor, id, today)
        .await
        .in_lang(lang)?;
    let document: Document = minutes_document(&state.db, &access, lang, today)
        .await
        .in_lang(lang)?;
    let name = minutes_file_name(&access, lang, format);
    let written = tokio::task::spawn_blocking(move || format.write(&document)).await;
    match written {
        Ok(Ok(bytes)) => Ok(file_response(bytes, &name, format.content_type())),
        Ok(Err(error)) => {
            tracing::error!(%error, meeting = id, "minutes file failed");
            Err(failed(lang))
        }
        Err(error) => {
            tracing::error!(%error, meeting = id, "minutes file task failed");
            Err(failed(lang))
        }
    }
}

fn failed(lang: chibo_i18n::Lang) -> PageError {
    PageError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        Message::new("report-minutes-failed"),
        lang,
    )
}
