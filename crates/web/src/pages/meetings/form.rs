//! The one-page meeting form a secretary fills in (plan, minutes,
//! attendance, speakers, tasks carried from earlier meetings), shown new,
//! again after an error, or as the page of a stored meeting with its
//! facts, its amendments and the cell's self-assessment.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use chibo_core::access::RecordMeetings;
use chibo_core::idempotency::IdempotencyKey;
use chibo_core::meeting_form::{Fields, fields_of, row_count};
use chibo_core::meetings::{MeetingAccess, StoredMeeting};
use chibo_core::read_models::{FormContext, meeting_page};
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{MAX_CONTRIBUTIONS, MAX_TASKS, MeetingRecord, TaskStatus};
use chibo_domain::rubric::MeetingFacts;
use chibo_domain::{Message, NaiveDate};
use chibo_i18n::Lang;

use super::meeting_layout;
use crate::AppState;
use crate::error::{InLang, PageResult};
use crate::format::percent;
use crate::layout::Layout;
use crate::pages::meeting_steps::{StepsView, steps_view};
use crate::pages::render;
use crate::pages::score_sheet::{SheetInput, SheetView, sheet_view};
use crate::session::Signed;

/// A member line of the form's attendance.
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

/// A directive the agenda offers to record as taught.
struct AgendaDirective {
    /// The checkbox's name, `directive.ID`.
    field: String,
    label: String,
}

#[derive(Template)]
#[template(path = "meeting.html")]
pub(super) struct FormPage {
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
    directives: Vec<AgendaDirective>,
    kinds: Vec<(&'static str, String)>,
    marks: Vec<(&'static str, String)>,
    task_statuses: Vec<(&'static str, String)>,
    speaker_rows: usize,
    task_rows: usize,
    /// The most rows the minutes hold, for the script that adds rows.
    max_speakers: usize,
    max_tasks: usize,
    /// Rows filled in, shown beside the folded sections' titles.
    filled_speakers: usize,
    filled_tasks: usize,
    /// The live count's first figures (the script keeps them current).
    present_count: usize,
    expected_count: usize,
    facts: Option<FactsView>,
    history: Vec<(String, String, String)>,
    saved: bool,
    /// The self-assessment, once the meeting exists.
    sheet: Option<SheetView>,
    steps: StepsView,
    /// What `draft.js` needs: the account's opaque scope, the form's name
    /// among the drafts ("new:CELL" or "meeting:ID") and the key of this
    /// save (the submitted one when the form comes back).
    draft_scope: String,
    draft_form: String,
    idempotency_key: String,
    /// After a save refused because the meeting moved meanwhile: each field
    /// that differs, with the stored value and the submitted one.
    conflict: Option<Vec<(String, String, String)>>,
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

    /// The name of a member's mark, for a line that cannot change it (an
    /// exempt member): exempt unless the record says otherwise.
    fn mark_label(&self, code: &str) -> String {
        let mark = Attendance::parse(self.att(code)).unwrap_or(Attendance::Exempt);
        chibo_i18n::text(self.layout.lang, mark.message_id())
    }

    /// The mark an exempt member's line submits: the recorded one, else
    /// exempt.
    fn exempt_mark(&self, code: &str) -> &str {
        match self.att(code) {
            "" => Attendance::Exempt.code(),
            mark => mark,
        }
    }

    /// Whether a field of a folded section has an error, so that the
    /// section opens: `prefixes` separated by `|`.
    fn section_error(&self, prefixes: &str) -> bool {
        let prefixes: Vec<&str> = prefixes.split('|').collect();
        self.errors
            .iter()
            .any(|(field, _)| prefixes.iter().any(|p| field.starts_with(p)))
    }

    /// The errors of task row `n`: its fields (`task.N.deadline`) and the
    /// record's checks of the task (`tasks.N`).
    fn task_errors(&self, n: usize) -> Vec<&str> {
        let fields = format!("task.{n}.");
        let task = format!("tasks.{n}");
        self.errors
            .iter()
            .filter(|(field, _)| field.starts_with(&fields) || *field == task)
            .map(|(_, message)| message.as_str())
            .collect()
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

/// The parts of a form page besides its layout, address and fields.
#[derive(Default)]
pub(super) struct FormExtras<'a> {
    pub stored: Option<&'a StoredMeeting>,
    pub errors: Vec<(String, String)>,
    pub facts: Option<MeetingFacts>,
    pub history: Vec<(String, String, String)>,
    pub saved: bool,
    pub sheet: Option<SheetView>,
    pub draft_scope: String,
    pub conflict: Option<Vec<(String, String, String)>>,
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

/// The marks a member's line offers, in the order one tap moves through
/// them: present first, the absences next, late last. Exempt is not
/// offered: it comes from the member's record, not from the meeting.
const TAP_ORDER: [Attendance; 5] = [
    Attendance::Present,
    Attendance::AbsentExcused,
    Attendance::AbsentUnexcused,
    Attendance::OnDuty,
    Attendance::LateOrLeftEarly,
];

/// Rows with something typed or chosen under `prefix` (`speaker.`).
fn filled_rows(values: &Fields, prefix: &str, key: &str) -> usize {
    values
        .iter()
        .filter(|(name, value)| {
            name.starts_with(prefix) && name.ends_with(key) && !value.trim().is_empty()
        })
        .count()
}

/// Members present (or late) and expected (not exempt) among the marks of
/// the roster's lines.
fn attendance_counts(values: &Fields, roster: &[Person]) -> (usize, usize) {
    let marks: Vec<Option<Attendance>> = roster
        .iter()
        .map(|p| {
            values
                .get(&format!("att.{}", p.code))
                .and_then(|v| Attendance::parse(v))
                .or(p.exempt.then_some(Attendance::Exempt))
        })
        .collect();
    let present = marks.iter().flatten().filter(|m| m.is_present()).count();
    let expected = marks
        .iter()
        .filter(|m| m.is_none_or(|m| m.is_expected()))
        .count();
    (present, expected)
}

fn facts_view(facts: &MeetingFacts, lang: Lang) -> FactsView {
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

fn carried_lines(context: &FormContext, lang: Lang) -> Vec<CarriedLine> {
    context
        .carried
        .iter()
        .map(|t| CarriedLine {
            id: t.id,
            from: chibo_i18n::format_date(t.meeting_on),
            owner: context.names.of_some(t.task.owner.as_ref()),
            deadline: t
                .task
                .deadline
                .map(chibo_i18n::format_date)
                .unwrap_or_default(),
            open: t.task.status == TaskStatus::Open,
            status: chibo_i18n::text(lang, t.task.status.message_id()),
            title: t.task.title.clone(),
        })
        .collect()
}

fn agenda_directives(context: &FormContext, lang: Lang) -> Vec<AgendaDirective> {
    context
        .directives
        .iter()
        .map(|d| AgendaDirective {
            field: chibo_core::directives::agenda_field(d.directive_id),
            label: chibo_i18n::render(
                lang,
                &Message::new("directive-agenda-item")
                    .arg("number", d.number.as_str())
                    .date("issued_on", d.issued_on)
                    .arg("title", d.title.as_str()),
            ),
        })
        .collect()
}

/// The form's fields of a stored meeting: its record and the directives
/// it taught.
fn stored_values(record: &MeetingRecord, context: &FormContext) -> Fields {
    let mut values = fields_of(record);
    for &id in &context.taught {
        values.insert(chibo_core::directives::agenda_field(id), "1".to_owned());
    }
    values
}

/// The form page of `values` against the roster and tasks of `context`.
pub(super) fn form_page(
    layout: Layout,
    action: String,
    values: Fields,
    context: &FormContext,
    extras: FormExtras<'_>,
) -> FormPage {
    let lang = layout.lang;
    let steps = steps_view(&values, typed_date(&values), lang);
    let speaker_rows = row_count(&values, "speaker.");
    let task_rows = row_count(&values, "task.");
    let stored = extras.stored;
    let idempotency_key = values
        .get(super::keyed::FIELD)
        .and_then(|raw| IdempotencyKey::parse(raw).ok().flatten())
        .unwrap_or_else(IdempotencyKey::random)
        .as_str()
        .to_owned();
    let draft_form = match stored {
        Some(s) => format!("meeting:{}", s.id),
        None => format!("new:{}", action.split('/').nth(2).unwrap_or_default()),
    };
    let roster: Vec<Person> = context
        .names
        .roster()
        .iter()
        .map(|m| Person {
            code: m.code.to_string(),
            name: m.full_name.clone(),
            exempt: m.exemption_reason.is_some(),
        })
        .collect();
    let (present_count, expected_count) = attendance_counts(&values, &roster);
    let filled_speakers = filled_rows(&values, "speaker.", "");
    let filled_tasks = filled_rows(&values, "task.", ".title");
    FormPage {
        draft_scope: extras.draft_scope,
        draft_form,
        idempotency_key,
        conflict: extras.conflict,
        action,
        id: stored.map(|s| s.id),
        row_version: stored.map_or(0, |s| s.row_version),
        approved: stored.is_some_and(|s| s.record.status == MeetingStatus::Approved),
        amendment: stored.map_or(0, |s| s.amendment),
        values,
        errors: extras.errors,
        roster,
        carried: carried_lines(context, lang),
        directives: agenda_directives(context, lang),
        kinds: options(
            lang,
            MeetingKind::ALL,
            MeetingKind::code,
            MeetingKind::message_id,
        ),
        marks: options(lang, TAP_ORDER, Attendance::code, Attendance::message_id),
        task_statuses: options(
            lang,
            TaskStatus::ALL,
            TaskStatus::code,
            TaskStatus::message_id,
        ),
        speaker_rows,
        task_rows,
        max_speakers: MAX_CONTRIBUTIONS,
        max_tasks: MAX_TASKS,
        filled_speakers,
        filled_tasks,
        present_count,
        expected_count,
        facts: extras.facts.as_ref().map(|f| facts_view(f, lang)),
        history: extras.history,
        saved: extras.saved,
        sheet: extras.sheet,
        steps,
        layout,
    }
}

/// The meeting day typed in the form: held, or else planned.
pub(super) fn typed_date(values: &Fields) -> Option<NaiveDate> {
    ["held_on", "planned_on"]
        .iter()
        .filter_map(|f| values.get(*f))
        .find_map(|raw| chibo_core::values::parse_date(raw.trim()))
}

/// The first values of a new meeting: this month's regular meeting today,
/// everyone present except the exempt.
pub(super) fn new_values(today: NaiveDate, context: &FormContext) -> Fields {
    let mut record = MeetingRecord::planned(MeetingKind::Regular, today);
    record.status = MeetingStatus::Held;
    record.held_on = Some(today);
    if let Some(model) = chibo_core::models::default_for(record.kind, today) {
        chibo_core::models::follow(&mut record, model);
    }
    let mut values = fields_of(&record);
    for member in context.names.roster() {
        let mark = if member.exemption_reason.is_some() {
            Attendance::Exempt
        } else {
            Attendance::Present
        };
        values.insert(format!("att.{}", member.code), mark.code().to_owned());
    }
    values
}

/// A form refused with problems, shown again.
pub(super) fn unprocessable(page: FormPage) -> Response {
    let mut response = render(&page);
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
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
    let draft_scope = draft_scope(state, signed).await?;
    let model = meeting_page(&state.db, &signed.actor, access, state.clock.today())
        .await
        .in_lang(lang)?;
    let here = format!("/meetings/{}", stored.id);
    let mut layout = meeting_layout(state, signed, access.cell(), "web-meeting-title", &here).await;
    layout.title = format!(
        "{} {}",
        chibo_i18n::text(lang, stored.record.kind.message_id()),
        chibo_i18n::format_date(model.date)
    );
    let history = model
        .history
        .iter()
        .map(|v| {
            (
                v.amendment.to_string(),
                chibo_core::format_instant(v.replaced_at),
                format!("{} — {}", v.replaced_by, v.reason),
            )
        })
        .collect();
    let sheet = model
        .sheet
        .as_ref()
        .map(|sheet| sheet_view(lang, stored.id, sheet, sheet_submitted));
    let page = render(&form_page(
        layout,
        here,
        stored_values(&stored.record, &model.context),
        &model.context,
        FormExtras {
            stored: Some(stored),
            errors: Vec::new(),
            facts: model.facts,
            history,
            saved,
            sheet,
            draft_scope: draft_scope.clone(),
            conflict: None,
        },
    ));
    Ok(crate::offline::keep_offline(page, &draft_scope))
}

/// The signed-in account's opaque draft scope (see
/// `chibo_core::idempotency::draft_scope`).
pub(super) async fn draft_scope(state: &AppState, signed: &Signed) -> PageResult<String> {
    chibo_core::idempotency::draft_scope(&state.db, &signed.actor)
        .await
        .in_lang(signed.lang)
}

/// The fields where the submitted form and the stored record differ, in
/// name order: the field, the stored value and the submitted one. Values
/// are compared trimmed; the form's own fields (token, key, version) are
/// left out.
pub(super) fn differences(stored: &Fields, submitted: &Fields) -> Vec<(String, String, String)> {
    const OWN: [&str; 4] = [
        "csrf",
        "row_version",
        super::keyed::FIELD,
        "amendment_reason",
    ];
    let mut names: Vec<&String> = stored.keys().chain(submitted.keys()).collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .filter(|name| !OWN.contains(&name.as_str()))
        .filter_map(|name| {
            let value = |fields: &Fields| fields.get(name).map_or("", |v| v.trim()).to_owned();
            let (was, typed) = (value(stored), value(submitted));
            (was != typed).then(|| (name.clone(), was, typed))
        })
        .collect()
}
