//! The printable minutes (biên bản), for everyone who may read names in
//! the cell.

use askama::Template;
use axum::extract::State;
use chibo_core::access::{ReadPeople, RecordMeetings, ScoreMeetings};
use chibo_core::meetings::meeting_access;
use chibo_core::read_models;
use chibo_domain::Message;
use chibo_domain::meeting::MeetingStatus;
use chrono::Datelike;

use super::meeting_layout;
use crate::AppState;
use crate::access::MeetingId;
use crate::error::{InLang, PageResult};
use crate::layout::Layout;
use crate::pages::meeting_steps::localized;
use crate::pages::render;
use crate::session::Signed;

#[derive(Template)]
#[template(path = "minutes.html")]
struct MinutesPage {
    layout: Layout,
    id: i64,
    cell_name: String,
    committee_name: String,
    kind: String,
    date: String,
    /// "ngày 30 tháng 6 năm 2024", as the header of minutes is dated.
    dated: String,
    start: String,
    end: String,
    place: String,
    topic: String,
    chair: String,
    recorder: String,
    superior: String,
    expected: usize,
    present: Vec<String>,
    absent: Vec<(String, String, String)>,
    agenda: Vec<String>,
    /// The model followed and the steps held, with their minutes.
    model: String,
    steps: Vec<(String, String)>,
    contributions: Vec<(String, String)>,
    resolution: String,
    vote: Option<(u32, u32, u32, u32)>,
    tasks: Vec<(String, String, String, String)>,
    status: String,
    approved: bool,
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
    let model = read_models::minutes_page(db, &access, today)
        .await
        .in_lang(lang)?;
    let record = &access.meeting().record;
    let (date, names) = (model.date, &model.names);
    let time =
        |t: Option<chrono::NaiveTime>| t.map(|t| t.format("%H:%M").to_string()).unwrap_or_default();
    let here = format!("/meetings/{id}/minutes");
    let mut layout = meeting_layout(state, signed, access.cell(), "web-minutes-title", &here).await;
    layout.title = chibo_i18n::text(lang, "web-minutes-title");
    let page = MinutesPage {
        id,
        cell_name: model.cell_name.clone(),
        committee_name: model.committee_name.clone(),
        kind: chibo_i18n::text(lang, record.kind.message_id()),
        date: chibo_i18n::format_date(date),
        dated: chibo_i18n::render(
            lang,
            &Message::new("web-minutes-dated")
                .arg("day", date.day())
                .arg("month", date.month())
                .arg("year", date.year()),
        ),
        start: time(record.starts_at),
        end: time(record.ends_at),
        place: record.place.clone(),
        topic: record.topic.clone(),
        chair: names.of_some(record.chair.as_ref()),
        recorder: names.of_some(record.recorder.as_ref()),
        superior: record.superior_attendees.clone(),
        expected: model.expected,
        present: model.present.clone(),
        absent: model
            .absent
            .iter()
            .map(|a| {
                (
                    a.name.clone(),
                    chibo_i18n::text(lang, a.mark.message_id()),
                    a.reason.clone(),
                )
            })
            .collect(),
        agenda: record.agenda.clone(),
        model: model
            .model
            .map(|m| localized(lang, &m.name_vi, &m.name_en).to_owned())
            .unwrap_or_default(),
        steps: model
            .steps_held
            .iter()
            .map(|(step, minutes)| {
                (
                    localized(lang, &step.name_vi, &step.name_en).to_owned(),
                    minutes.map(|m| m.to_string()).unwrap_or_default(),
                )
            })
            .collect(),
        contributions: record
            .contributions
            .iter()
            .map(|c| (names.of(&c.member), c.gist.clone()))
            .collect(),
        resolution: record.resolution.clone(),
        vote: record
            .vote
            .map(|v| (v.in_favour, v.against, v.abstaining, record.present_count())),
        tasks: record
            .tasks
            .iter()
            .map(|t| {
                (
                    t.title.clone(),
                    names.of_some(t.owner.as_ref()),
                    t.deadline.map(chibo_i18n::format_date).unwrap_or_default(),
                    chibo_i18n::text(lang, t.status.message_id()),
                )
            })
            .collect(),
        status: chibo_i18n::text(lang, record.status.message_id()),
        approved: record.status == MeetingStatus::Approved,
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
