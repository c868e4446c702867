//! The printable minutes (biên bản), for everyone who may read names in
//! the cell: the same document the PDF and DOCX downloads are written
//! from, laid out for the browser's print (A4, the party's layout).

use askama::Template;
use axum::extract::State;
use chibo_core::CoreError;
use chibo_core::access::{ReadPeople, RecordMeetings, ScoreMeetings};
use chibo_core::meetings::meeting_access;
use chibo_domain::meeting::MeetingStatus;
use chibo_report::{Block, Document, Run, Table};

use super::meeting_layout;
use crate::AppState;
use crate::access::MeetingId;
use crate::error::{InLang, PageResult};
use crate::layout::Layout;
use crate::minutes_document::minutes_document;
use crate::pages::render;
use crate::session::Signed;

#[derive(Template)]
#[template(path = "minutes.html")]
struct MinutesPage {
    layout: Layout,
    id: i64,
    /// The minutes; `None` for a meeting not yet held, which has none.
    document: Option<Document>,
    /// The document's blocks, laid out by the template.
    blocks: Vec<PrintBlock>,
    status: String,
    may_edit: bool,
    /// The reader scores the cell's meetings: the minutes lead to the score sheet.
    may_score: bool,
}

/// The printable minutes (biên bản), for everyone who may read names in
/// the cell.
pub async fn minutes(
    State(state): State<AppState>,
    signed: Signed,
    MeetingId(id): MeetingId,
) -> PageResult {
    minutes_page(&state, &signed, id).await
}

pub(super) async fn minutes_page(state: &AppState, signed: &Signed, id: i64) -> PageResult {
    let lang = signed.lang;
    let db = &state.db;
    let today = state.clock.today();
    let access = meeting_access::<ReadPeople>(db, &signed.actor, id, today)
        .await
        .in_lang(lang)?;
    let document = match minutes_document(db, &access, lang, today).await {
        Ok(document) => Some(document),
        Err(CoreError::Refused(_)) => None,
        Err(error) => return Err(error).in_lang(lang),
    };
    let record = &access.meeting().record;
    let here = format!("/meetings/{id}/minutes");
    let mut layout = meeting_layout(state, signed, access.cell(), "web-minutes-title", &here).await;
    layout.title = chibo_i18n::text(lang, "web-minutes-title");
    let page = MinutesPage {
        id,
        blocks: print_blocks(document.as_ref()),
        document,
        status: chibo_i18n::text(lang, record.status.message_id()),
        may_edit: access
            .cell()
            .also::<RecordMeetings>(&signed.actor)
            .is_some(),
        may_score: record.status != MeetingStatus::Planned
            && access.cell().also::<ScoreMeetings>(&signed.actor).is_some(),
        layout,
    };
    Ok(render(&page))
}

/// One block of the document as the template lays it out (the template
/// language reads fields, so each kind is its own field).
struct PrintBlock {
    heading: Option<String>,
    runs: Vec<Run>,
    bullets: Vec<Vec<Run>>,
    numbered: Vec<String>,
    table: Option<Table>,
}

fn print_blocks(document: Option<&Document>) -> Vec<PrintBlock> {
    let empty = || PrintBlock {
        heading: None,
        runs: Vec::new(),
        bullets: Vec::new(),
        numbered: Vec::new(),
        table: None,
    };
    let Some(document) = document else {
        return Vec::new();
    };
    document
        .blocks
        .iter()
        .map(|block| match block {
            Block::Heading { text } => PrintBlock {
                heading: Some(text.clone()),
                ..empty()
            },
            Block::Paragraph { runs } => PrintBlock {
                runs: runs.clone(),
                ..empty()
            },
            Block::Bullets { items } => PrintBlock {
                bullets: items.clone(),
                ..empty()
            },
            Block::Numbered { items } => PrintBlock {
                numbered: items.clone(),
                ..empty()
            },
            Block::Table(table) => PrintBlock {
                table: Some(table.clone()),
                ..empty()
            },
            // Minutes carry no chart; the printed page would show none.
            Block::Chart { .. } => empty(),
        })
        .collect()
}
