//! A cell's meetings: the list with this year's flags, the one-page form a
//! secretary fills in (plan, minutes, attendance, speakers, tasks carried
//! from earlier meetings), approval, amendments with a reason, and the
//! printable minutes (biên bản).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::{BTreeSet, HashMap};

use chibo_core::access::{ReadAggregates, ReadPeople, RecordMeetings, UnitAccess};
use chibo_core::audit::AuditContext;
use chibo_core::browse::RosterEntry;
use chibo_core::meetings::{CarriedTask, StoredMeeting};
use chibo_core::meetings::{
    MeetingAccess, approve_meeting, create_meeting, meeting_access, meeting_facts,
    replaced_versions, save_meeting,
};
use chibo_core::{CoreError, Db};
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{MeetingRecord, TaskStatus};
use chibo_domain::norms::three_unexcused_absences;
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_i18n::Lang;
use chrono::Datelike;
use serde::Deserialize;

use chibo_domain::evaluation::Rater;

use super::meeting_steps::{StepsView, localized, steps_view};
use super::scoring::{SheetInput, SheetView};
use crate::AppState;
use crate::access::{MeetingForm, MeetingId, UnitForm, UnitFromPath};
use crate::error::{InLang, PageError, PageResult};
use crate::layout::{Crumb, Layout};
use crate::session::Signed;
use chibo_core::meeting_form::{Fields, FormReader, fields_of, row_count};

/// A member line of the form and the minutes.
struct Person {
    code: String,
    name: String,
    exempt: bool,
}

/// A task from an earlier meeting, shown for follow-up.
struct CarriedLine {
    id: i64,
    from: String,
    title: String,
    owner: String,
    deadline: String,
    /// Still open: the form offers to close it.
    open: bool,
    status: String,
}

struct ListLine {
    id: i64,
    date: String,
    kind: String,
    status: String,
    duration: String,
    attendance: String,
    rating: String,
}

/// One norm of the theory-against-practice table.
struct NormLine {
    name: String,
    source: String,
    counted: String,
    outcome: String,
    met: bool,
    shortfalls: Vec<String>,
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct ListPage {
    layout: Layout,
    code: String,
    year: i32,
    lines: Vec<ListLine>,
    may_record: bool,
    no_meeting_this_month: bool,
    /// Members with three unexcused absences this year (names only for
    /// those who may read the cell's people on those days).
    absence_flags: Vec<String>,
    /// Overdue tasks by title, for those who may read the cell's people on
    /// the day of the meeting that set them: a title can name people.
    overdue: Vec<String>,
    /// The overdue tasks not shown by title, as a sentence with their
    /// number (all of them for a researcher).
    overdue_count: Option<String>,
    norms: Vec<NormLine>,
    norms_title: String,
    annual: String,
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct FormPage {
    layout: Layout,
    action: String,
    id: Option<i64>,
    row_version: i64,
    approved: bool,
    amendment: i64,
    values: Fields,
    errors: Vec<(String, String)>,
    roster: Vec<Person>,
    carried: Vec<CarriedLine>,
    kinds: Vec<(&'static str, String)>,
    marks: Vec<(&'static str, String)>,
    task_statuses: Vec<(&'static str, String)>,
    speaker_rows: usize,
    task_rows: usize,
    facts: Option<FactsView>,
    history: Vec<(String, String, String)>,
    saved: bool,
    /// The self-assessment, once the meeting exists.
    sheet: Option<SheetView>,
    steps: StepsView,
}

struct FactsView {
    attendance: String,
    duration: String,
    speakers: String,
    tasks: String,
}

impl FormPage {
    fn v(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    fn att(&self, code: &str) -> &str {
        self.vf("att.", code, "")
    }

    /// The value of a field named by parts: `vf("task.", 3, ".title")`.
    fn vf(&self, prefix: &str, key: impl std::fmt::Display, suffix: &str) -> &str {
        self.v(&format!("{prefix}{key}{suffix}"))
    }

    fn field_error(&self, prefix: &str, key: impl std::fmt::Display) -> Option<&str> {
        self.error(&format!("{prefix}{key}"))
    }

    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

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
}

fn name_of(roster: &[RosterEntry], code: &str) -> String {
    roster
        .iter()
        .find(|m| m.code.as_str() == code)
        .map_or_else(|| code.to_owned(), |m| m.full_name.clone())
}

fn options<T: Copy>(
    lang: Lang,
    all: impl IntoIterator<Item = T>,
    code: fn(T) -> &'static str,
    id: fn(T) -> &'static str,
) -> Vec<(&'static str, String)> {
    all.into_iter()
        .map(|x| (code(x), chibo_i18n::text(lang, id(x))))
        .collect()
}

fn unit_crumbs(layout: &mut Layout, lang: Lang, access_path: &[(UnitCode, String)]) {
    layout.crumbs.push(Crumb {
        href: "/tree".to_owned(),
        label: chibo_i18n::text(lang, "web-tree-title"),
    });
    for (code, name) in access_path {
        layout.crumbs.push(Crumb {
            href: format!("/units/{code}"),
            label: name.clone(),
        });
    }
}

async fn meeting_layout<P: chibo_core::access::Permission>(
    state: &AppState,
    signed: &Signed,
    cell: &UnitAccess<P>,
    title_id: &str,
    here: &str,
) -> Layout {
    let mut layout = Layout::signed(state, signed, title_id, here).await;
    let mut path = cell.visible_path();
    path.push((cell.unit().clone(), cell.placement().name.clone()));
    unit_crumbs(&mut layout, signed.lang, &path);
    layout.crumbs.push(Crumb {
        href: format!("/units/{}/meetings", cell.unit()),
        label: chibo_i18n::text(signed.lang, "web-meetings-title"),
    });
    layout
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    year: Option<i32>,
}

/// The cell's meetings of a year with the flags the rules raise.
pub async fn list(
    State(state): State<AppState>,
    UnitFromPath {
        signed,
        access,
        today,
    }: UnitFromPath<ReadAggregates>,
    Query(query): Query<ListQuery>,
) -> PageResult {
    let lang = signed.lang;
    if !access.placement().kind.is_cell() {
        return Err(PageError::not_found(lang));
    }
    let code = access.unit().clone();
    let db = &state.db;
    let year = query.year.unwrap_or(today.year());
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Err(PageError::not_found(lang));
    };
    let loaded = async {
        let year_view = chibo_core::cell_year::cell_year(db, &access, year, today).await?;
        let marks = chibo_core::meetings::attendance_marks(db, &access, from, to).await?;
        let open = chibo_core::meetings::open_tasks(db, &access, to).await?;
        Ok::<_, CoreError>((year_view, marks, open))
    };
    let (year_view, marks, open) = loaded.await.in_lang(lang)?;
    let meetings = &year_view.meetings;
    let people = access.also::<ReadPeople>(&signed.actor);
    let flags = three_unexcused_absences(&marks, year);
    let overdue_tasks: Vec<&CarriedTask> = open
        .iter()
        .filter(|t| t.task.deadline.is_some_and(|d| d < today))
        .collect();
    // Names and task titles name people: they are shown only on the days
    // the grant holds the cell then as well as now; researchers, who hold
    // no such grant, see dates and counts.
    let days = flags
        .iter()
        .flat_map(|f| f.dates.iter().copied())
        .chain(overdue_tasks.iter().map(|t| t.meeting_on));
    let rosters = rosters_on(db, people.as_ref(), days).await.in_lang(lang)?;
    let absence_flags = flags
        .into_iter()
        .map(|flag| {
            let dates: Vec<String> = flag
                .dates
                .iter()
                .map(|d| chibo_i18n::format_date(*d))
                .collect();
            let named = flag.dates.iter().all(|d| rosters.contains_key(d));
            match flag.dates.last().and_then(|d| rosters.get(d)) {
                Some(roster) if named => format!(
                    "{} ({})",
                    name_of(roster, flag.member.as_str()),
                    dates.join(", ")
                ),
                _ => dates.join(", "),
            }
        })
        .collect();
    let (titled, counted): (Vec<&CarriedTask>, Vec<&CarriedTask>) = overdue_tasks
        .into_iter()
        .partition(|t| rosters.contains_key(&t.meeting_on));
    let overdue = titled
        .iter()
        .map(|t| {
            format!(
                "{} — {} {}",
                t.task.title,
                chibo_i18n::text(lang, "web-meeting-deadline"),
                t.task
                    .deadline
                    .map(chibo_i18n::format_date)
                    .unwrap_or_default()
            )
        })
        .collect();
    let overdue_count = (!counted.is_empty()).then(|| {
        chibo_i18n::render(
            lang,
            &Message::new("web-meeting-overdue-count").arg("count", counted.len()),
        )
    });
    let this_month = meetings.iter().any(|m| {
        m.kind.is_regular()
            && m.status != MeetingStatus::Planned
            && m.meeting_on.year() == today.year()
            && m.meeting_on.month() == today.month()
    });
    let lines = meetings
        .iter()
        .map(|m| ListLine {
            id: m.id,
            date: chibo_i18n::format_date(m.meeting_on),
            kind: chibo_i18n::text(lang, m.kind.message_id()),
            status: chibo_i18n::text(lang, m.status.message_id()),
            duration: m
                .duration_minutes
                .map(|d| d.to_string())
                .unwrap_or_default(),
            attendance: if m.expected > 0 {
                format!("{}/{}", m.present, m.expected)
            } else {
                String::new()
            },
            rating: m
                .final_rating
                .as_deref()
                .and_then(chibo_domain::rubric::Rating::parse)
                .map(|r| {
                    let name = chibo_i18n::text(lang, r.message_id());
                    if m.final_provisional {
                        format!(
                            "{name} ({})",
                            chibo_i18n::text(lang, "score-provisional-short")
                        )
                    } else {
                        name
                    }
                })
                .unwrap_or_default(),
        })
        .collect();
    let en = lang == Lang::En;
    let norms = year_view
        .results
        .iter()
        .filter_map(|result| {
            let rule = year_view.norms.rule(&result.rule_code)?;
            let source = year_view.norms.source_of(rule);
            Some(NormLine {
                name: if en { &rule.name_en } else { &rule.name_vi }.clone(),
                source: [
                    source.number.clone().unwrap_or_default(),
                    source.date.map(chibo_i18n::format_date).unwrap_or_default(),
                ]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
                counted: format!("{}/{}", result.met, result.applicable),
                outcome: chibo_i18n::text(lang, result.outcome.message_id()),
                met: result.outcome != chibo_domain::norms::NormOutcome::NotMet,
                shortfalls: result
                    .shortfalls
                    .iter()
                    .map(|s| chibo_i18n::render(lang, &s.message()))
                    .collect(),
            })
        })
        .collect();
    let annual = match year_view.annual {
        Some(rating) => chibo_i18n::render(
            lang,
            &chibo_domain::Message::new("web-meeting-annual")
                .arg("rating", chibo_i18n::text(lang, rating.message_id()))
                .arg("count", year_view.rated),
        ),
        None => chibo_i18n::text(lang, "web-meeting-annual-none"),
    };
    let here = format!("/units/{code}/meetings");
    let mut layout = Layout::signed(&state, &signed, "web-meetings-title", &here).await;
    let mut path = access.visible_path();
    path.push((code.clone(), access.placement().name.clone()));
    unit_crumbs(&mut layout, lang, &path);
    layout.title = format!(
        "{} — {}",
        chibo_i18n::text(lang, "web-meetings-title"),
        access.placement().name
    );
    let page = ListPage {
        layout,
        code: code.to_string(),
        year,
        lines,
        may_record: access.also::<RecordMeetings>(&signed.actor).is_some(),
        no_meeting_this_month: year == today.year() && !this_month,
        absence_flags,
        overdue,
        overdue_count,
        norms,
        norms_title: if en {
            year_view.norms.name_en.clone()
        } else {
            year_view.norms.name_vi.clone()
        },
        annual,
    };
    Ok(super::render(&page))
}

/// The cell's roster on each of `days` on which `people` reaches the
/// cell's people (see `chibo_core::access`); days it does not reach, and
/// all days without `people`, are absent.
async fn rosters_on(
    db: &Db,
    people: Option<&UnitAccess<ReadPeople>>,
    days: impl IntoIterator<Item = NaiveDate>,
) -> Result<HashMap<NaiveDate, Vec<RosterEntry>>, CoreError> {
    let mut rosters = HashMap::new();
    let Some(people) = people else {
        return Ok(rosters);
    };
    let days: BTreeSet<NaiveDate> = days.into_iter().collect();
    for day in days {
        match people.on(db, day).await {
            Ok(dated) => {
                rosters.insert(day, chibo_core::browse::roster(db, &dated).await?);
            }
            Err(CoreError::Denied(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(rosters)
}

/// The roster on `date` in Vietnamese order, and the earlier tasks to
/// follow up (open ones, and those of the previous meeting however they
/// stand). Both name people: on a day the grant does not hold the cell
/// (see `chibo_core::access`) both are empty, and saving a record of that
/// day is refused.
async fn form_context(
    state: &AppState,
    access: &UnitAccess<RecordMeetings>,
    date: NaiveDate,
    this_meeting: Option<i64>,
    lang: Lang,
) -> Result<(Vec<RosterEntry>, Vec<CarriedLine>), CoreError> {
    let db = &state.db;
    let dated = match access.on(db, date).await {
        Ok(dated) => dated,
        Err(CoreError::Denied(_)) => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(e),
    };
    let roster = chibo_core::browse::roster(db, &dated).await?;
    let tasks = chibo_core::meetings::tasks_to_follow(db, &dated, this_meeting).await?;
    let carried = tasks
        .into_iter()
        .map(|t| CarriedLine {
            id: t.id,
            from: chibo_i18n::format_date(t.meeting_on),
            owner: t
                .task
                .owner
                .as_ref()
                .map(|o| name_of(&roster, o.as_str()))
                .unwrap_or_default(),
            deadline: t
                .task
                .deadline
                .map(chibo_i18n::format_date)
                .unwrap_or_default(),
            open: t.task.status == TaskStatus::Open,
            status: chibo_i18n::text(lang, t.task.status.message_id()),
            title: t.task.title,
        })
        .collect();
    Ok((roster, carried))
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    layout: Layout,
    action: String,
    stored: Option<&StoredMeeting>,
    values: Fields,
    errors: Vec<(String, String)>,
    roster: Vec<RosterEntry>,
    carried: Vec<CarriedLine>,
    facts: Option<FactsView>,
    history: Vec<(String, String, String)>,
    saved: bool,
    sheet: Option<SheetView>,
) -> FormPage {
    let lang = layout.lang;
    let steps = steps_view(&values, typed_date(&values), lang);
    let speaker_rows = row_count(&values, "speaker.");
    let task_rows = row_count(&values, "task.");
    FormPage {
        action,
        id: stored.map(|s| s.id),
        row_version: stored.map_or(0, |s| s.row_version),
        approved: stored.is_some_and(|s| s.record.status == MeetingStatus::Approved),
        amendment: stored.map_or(0, |s| s.amendment),
        values,
        errors,
        roster: roster
            .into_iter()
            .map(|m| Person {
                code: m.code.to_string(),
                name: m.full_name,
                exempt: m.exemption_reason.is_some(),
            })
            .collect(),
        carried,
        kinds: options(
            lang,
            MeetingKind::ALL,
            MeetingKind::code,
            MeetingKind::message_id,
        ),
        marks: options(
            lang,
            Attendance::ALL,
            Attendance::code,
            Attendance::message_id,
        ),
        task_statuses: options(
            lang,
            TaskStatus::ALL,
            TaskStatus::code,
            TaskStatus::message_id,
        ),
        speaker_rows,
        task_rows,
        facts,
        history,
        saved,
        sheet,
        steps,
        layout,
    }
}

/// The first values of a new meeting: this month's regular meeting today,
/// everyone present except the exempt.
fn new_values(today: NaiveDate, roster: &[RosterEntry]) -> Fields {
    let mut record = MeetingRecord::planned(MeetingKind::Regular, today);
    record.status = MeetingStatus::Held;
    record.held_on = Some(today);
    if let Some(model) = chibo_core::models::default_for(record.kind, today) {
        chibo_core::models::follow(&mut record, model);
    }
    let mut values = fields_of(&record);
    for member in roster {
        let mark = if member.exemption_reason.is_some() {
            Attendance::Exempt
        } else {
            Attendance::Present
        };
        values.insert(format!("att.{}", member.code), mark.code().to_owned());
    }
    values
}

pub async fn new_form(
    State(state): State<AppState>,
    UnitFromPath {
        signed,
        access: cell,
        today,
    }: UnitFromPath<RecordMeetings>,
) -> PageResult {
    let lang = signed.lang;
    if !cell.placement().kind.is_cell() {
        return Err(PageError::not_found(lang));
    }
    let code = cell.unit().clone();
    let (roster, carried) = form_context(&state, &cell, today, None, lang)
        .await
        .in_lang(lang)?;
    let here = format!("/units/{code}/meetings/new");
    let layout = meeting_layout(&state, &signed, &cell, "web-meeting-new", &here).await;
    let values = new_values(today, &roster);
    Ok(super::render(&form_page(
        layout,
        here,
        None,
        values,
        Vec::new(),
        roster,
        carried,
        None,
        Vec::new(),
        false,
        None,
    )))
}

/// A submitted form read against the roster of the day it names and the
/// tasks still open then: the roster and tasks to show it again with, and
/// the submission or every field that did not read.
async fn read_form(
    state: &AppState,
    cell: &UnitAccess<RecordMeetings>,
    fields: &Fields,
    this_meeting: Option<i64>,
    today: NaiveDate,
    lang: Lang,
) -> Result<
    (
        Vec<RosterEntry>,
        Vec<CarriedLine>,
        Result<chibo_core::meetings::MeetingSubmission, CoreError>,
    ),
    CoreError,
> {
    let date = submitted_date(fields, today);
    let (roster, carried) = form_context(state, cell, date, this_meeting, lang).await?;
    let codes: Vec<_> = roster.iter().map(|m| m.code.clone()).collect();
    let open: Vec<i64> = carried.iter().filter(|c| c.open).map(|c| c.id).collect();
    let submission = FormReader::new(fields)
        .submission(&codes, &open)
        .map_err(CoreError::Invalid);
    Ok((roster, carried, submission))
}

fn submitted_date(values: &Fields, fallback: NaiveDate) -> NaiveDate {
    typed_date(values).unwrap_or(fallback)
}

/// The meeting day typed in the form: held, or else planned.
fn typed_date(values: &Fields) -> Option<NaiveDate> {
    ["held_on", "planned_on"]
        .iter()
        .filter_map(|f| values.get(*f))
        .find_map(|raw| chibo_core::values::parse_date(raw.trim()))
}

pub async fn create(
    State(state): State<AppState>,
    UnitForm {
        signed,
        form,
        access: cell,
        today,
    }: UnitForm<RecordMeetings, Fields>,
) -> PageResult {
    let lang = signed.lang;
    let code = cell.unit().clone();
    let db = &state.db;
    let (roster, carried, submission) = read_form(&state, &cell, &form, None, today, lang)
        .await
        .in_lang(lang)?;
    let author = AuditContext::of(&signed.actor);
    let result = match submission {
        Ok(submission) => {
            create_meeting(db, state.clock.as_ref(), &cell, &author, &submission, false).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/meetings/{id}?saved=1")).into_response()),
        Err(CoreError::Invalid(problems)) => {
            let here = format!("/units/{code}/meetings/new");
            let layout = meeting_layout(&state, &signed, &cell, "web-meeting-new", &here).await;
            let errors = super::member::field_errors(lang, problems);
            Ok(unprocessable(form_page(
                layout,
                here,
                None,
                form,
                errors,
                roster,
                carried,
                None,
                Vec::new(),
                false,
                None,
            )))
        }
        Err(e) => Err(e).in_lang(lang),
    }
}

fn unprocessable(page: FormPage) -> Response {
    let mut response = super::render(&page);
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
}

#[derive(Debug, Deserialize)]
pub struct ShowQuery {
    saved: Option<String>,
}

/// A share as a percentage with one decimal, with the decimal comma in
/// Vietnamese.
fn percent(part: u32, whole: u32, lang: Lang) -> String {
    if whole == 0 {
        return String::new();
    }
    let text = format!("{:.1}%", f64::from(part) * 100.0 / f64::from(whole));
    if lang == Lang::Vi {
        text.replace('.', ",")
    } else {
        text
    }
}

fn facts_view(facts: &chibo_domain::rubric::MeetingFacts, lang: Lang) -> FactsView {
    FactsView {
        attendance: format!(
            "{}/{} ({})",
            facts.present,
            facts.expected,
            percent(facts.present, facts.expected, lang)
        ),
        duration: facts
            .duration_minutes
            .map(|d| d.to_string())
            .unwrap_or_default(),
        speakers: format!("{}/{}", facts.speakers, facts.present),
        tasks: format!(
            "{}/{}",
            facts.previous_tasks_done_on_time, facts.previous_tasks_due
        ),
    }
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

/// The secretary's page of one meeting, with the self-assessment sheet
/// (refilled with `sheet_submitted` after an error).
pub async fn edit_page(
    state: &AppState,
    signed: &Signed,
    access: &MeetingAccess<RecordMeetings>,
    saved: bool,
    sheet_submitted: SheetInput<'_>,
) -> PageResult {
    let lang = signed.lang;
    let stored = access.meeting();
    let date = stored.record.date().unwrap_or_else(|| state.clock.today());
    let loaded = async {
        let context = form_context(state, access.cell(), date, Some(stored.id), lang).await?;
        let facts = meeting_facts(&state.db, access).await?;
        let versions = replaced_versions(&state.db, access).await?;
        let sheet = super::scoring::sheet_view(
            state,
            lang,
            access,
            Rater::SelfAssessment,
            Some(signed.actor.account_id()),
            sheet_submitted,
        )
        .await?;
        Ok::<_, CoreError>((context, facts, versions, sheet))
    };
    let ((roster, carried), facts, versions, sheet) = loaded.await.in_lang(lang)?;
    let here = format!("/meetings/{}", stored.id);
    let mut layout = meeting_layout(state, signed, access.cell(), "web-meeting-title", &here).await;
    layout.title = format!(
        "{} {}",
        chibo_i18n::text(lang, stored.record.kind.message_id()),
        chibo_i18n::format_date(date)
    );
    let history = versions
        .into_iter()
        .map(|v| {
            (
                v.amendment.to_string(),
                chibo_core::format_instant(v.replaced_at),
                format!("{} — {}", v.replaced_by, v.reason),
            )
        })
        .collect();
    let facts = (stored.record.status != MeetingStatus::Planned).then(|| facts_view(&facts, lang));
    Ok(super::render(&form_page(
        layout,
        here,
        Some(stored),
        fields_of(&stored.record),
        Vec::new(),
        roster,
        carried,
        facts,
        history,
        saved,
        sheet,
    )))
}

#[derive(Deserialize)]
pub struct SaveFields {
    #[serde(default)]
    row_version: String,
    #[serde(default)]
    amendment_reason: String,
    #[serde(flatten)]
    fields: Fields,
}

pub async fn save(
    State(state): State<AppState>,
    MeetingForm {
        signed,
        form,
        access,
        today,
    }: MeetingForm<RecordMeetings, SaveFields>,
) -> PageResult {
    let lang = signed.lang;
    let id = access.meeting().id;
    let db = &state.db;
    let (roster, carried, submission) =
        read_form(&state, access.cell(), &form.fields, Some(id), today, lang)
            .await
            .in_lang(lang)?;
    let row_version = form.row_version.trim().parse().unwrap_or(-1);
    let author = AuditContext::of(&signed.actor);
    let result = match submission {
        Ok(submission) => {
            save_meeting(
                db,
                state.clock.as_ref(),
                &access,
                &author,
                &submission,
                row_version,
                Some(form.amendment_reason.as_str()),
            )
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/meetings/{id}?saved=1")).into_response()),
        Err(CoreError::Invalid(problems)) => {
            let here = format!("/meetings/{id}");
            let layout =
                meeting_layout(&state, &signed, access.cell(), "web-meeting-title", &here).await;
            let errors = super::member::field_errors(lang, problems);
            let mut values = form.fields;
            values.insert("amendment_reason".to_owned(), form.amendment_reason);
            Ok(unprocessable(form_page(
                layout,
                here,
                Some(access.meeting()),
                values,
                errors,
                roster,
                carried,
                None,
                Vec::new(),
                false,
                None,
            )))
        }
        Err(e) => Err(e).in_lang(lang),
    }
}

#[derive(Deserialize)]
pub struct ApproveForm {
    #[serde(default)]
    row_version: String,
}

pub async fn approve(
    State(state): State<AppState>,
    MeetingForm {
        signed,
        form,
        access,
        ..
    }: MeetingForm<RecordMeetings, ApproveForm>,
) -> PageResult {
    let lang = signed.lang;
    let id = access.meeting().id;
    let row_version = form.row_version.trim().parse().unwrap_or(-1);
    let author = AuditContext::of(&signed.actor);
    approve_meeting(
        &state.db,
        state.clock.as_ref(),
        &access,
        &author,
        row_version,
    )
    .await
    .in_lang(lang)?;
    Ok(Redirect::to(&format!("/meetings/{id}?saved=1")).into_response())
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

async fn minutes_page(state: &AppState, signed: &Signed, id: i64) -> PageResult {
    let lang = signed.lang;
    let db = &state.db;
    let today = state.clock.today();
    let access = meeting_access::<ReadPeople>(db, &signed.actor, id, today)
        .await
        .in_lang(lang)?;
    let stored = access.meeting();
    let record = &stored.record;
    let date = record.date().unwrap_or(today);
    // The access proves the cell's people on the meeting's day; a record
    // without a date shows today's roster, when the grant reaches it.
    let roster = match access.cell().on(db, date).await {
        Ok(day) => chibo_core::browse::roster(db, &day).await,
        Err(CoreError::Denied(_)) => Ok(Vec::new()),
        Err(e) => Err(e),
    };
    let roster = roster.in_lang(lang)?;
    let name = |code: &Option<chibo_domain::MemberCode>| {
        code.as_ref()
            .map(|c| name_of(&roster, c.as_str()))
            .unwrap_or_default()
    };
    let mut present = Vec::new();
    let mut absent = Vec::new();
    let mut expected = 0;
    for mark in &record.attendance {
        let who = name_of(&roster, mark.member.as_str());
        if mark.mark.is_expected() {
            expected += 1;
        }
        if mark.mark.is_present() {
            present.push(who);
        } else if mark.mark != Attendance::Exempt {
            absent.push((
                who,
                chibo_i18n::text(lang, mark.mark.message_id()),
                mark.reason.clone(),
            ));
        }
    }
    present.sort_by(|a, b| chibo_domain::collation::compare_person_names(a, b));
    let placement = access.cell().placement();
    let committee_name = access
        .cell()
        .visible_path()
        .last()
        .map(|(_, name)| name.clone())
        .or_else(|| placement.ancestor_names.first().cloned())
        .unwrap_or_default();
    let here = format!("/meetings/{id}/minutes");
    let mut layout = meeting_layout(state, signed, access.cell(), "web-minutes-title", &here).await;
    layout.title = chibo_i18n::text(lang, "web-minutes-title");
    let held_steps = chibo_core::models::steps_in_order(record);
    let page = MinutesPage {
        id,
        cell_name: placement.name.clone(),
        committee_name,
        kind: chibo_i18n::text(lang, record.kind.message_id()),
        date: chibo_i18n::format_date(date),
        dated: chibo_i18n::render(
            lang,
            &Message::new("web-minutes-dated")
                .arg("day", date.day())
                .arg("month", date.month())
                .arg("year", date.year()),
        ),
        start: record
            .starts_at
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default(),
        end: record
            .ends_at
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default(),
        place: record.place.clone(),
        topic: record.topic.clone(),
        chair: name(&record.chair),
        recorder: name(&record.recorder),
        superior: record.superior_attendees.clone(),
        expected,
        present,
        absent,
        agenda: record.agenda.clone(),
        model: held_steps
            .as_ref()
            .map(|(model, _)| localized(lang, &model.name_vi, &model.name_en).to_owned())
            .unwrap_or_default(),
        steps: held_steps
            .map(|(_, steps)| steps)
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, held)| held.done)
            .map(|(step, held)| {
                (
                    localized(lang, &step.name_vi, &step.name_en).to_owned(),
                    held.minutes.map(|m| m.to_string()).unwrap_or_default(),
                )
            })
            .collect(),
        contributions: record
            .contributions
            .iter()
            .map(|c| (name_of(&roster, c.member.as_str()), c.gist.clone()))
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
                    name(&t.owner),
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
        layout,
    };
    Ok(super::render(&page))
}
