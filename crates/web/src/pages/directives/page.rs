//! `/units/{code}/directives/{id}`: a directive seen from one unit it
//! reached: the record, the unit's part by stage (indicators, a chart, a
//! table of the units right below with the way down to each), the late
//! targets at or below it, the timeline of teaching dates, the unit's own
//! steps when it is a target, and the forms to record a step or, for a
//! committee above its targets, to check them.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chibo_core::access::{EditUnits, ReadAggregates, RecordMeetings, UnitAccess};
use chibo_core::directives::{directive_progress, directive_surveys, late_units, unit_execution};
use chibo_core::{CoreError, Problem};
use chibo_domain::directive::{CheckRating, EventKind, Execution};
use chibo_domain::meeting_record::TaskStatus;
use chibo_i18n::Lang;
use serde::Deserialize;

use super::figures::{self, UnitRow};
use super::survey::{self, SurveyBlock};
use super::{directive_id, type_name, unit_layout};
use crate::AppState;
use crate::access::UnitFromPath;
use crate::charts::directive::{cumulative, stage_chart, teaching_days, timeline_chart};
use crate::error::{InLang, PageError, PageResult};
use crate::form::{field_errors, problem_at, problems_elsewhere};
use crate::layout::Layout;
use crate::pages::render;
use crate::session::Signed;

/// The targets examined for the late list: each is read on its own, so a
/// city's page stays quick; below that many, the list is complete, and the
/// units' pages further down list theirs.
const LATE_EXAMINED: i64 = 100;

/// The ratings a superior may give, by the code its form sends.
pub(super) const RATINGS: [(&str, CheckRating); 4] = [
    ("excellent", CheckRating::Excellent),
    ("good", CheckRating::Good),
    ("done", CheckRating::Done),
    ("not_done", CheckRating::NotDone),
];

/// `?late=1` lists the late targets: each is read on its own, so the page
/// does it only when asked.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    late: String,
}

#[derive(Deserialize)]
pub struct IdParam {
    id: String,
}

impl IdParam {
    /// The directive's id, or nothing (the 404).
    pub(super) fn directive(&self) -> Option<i64> {
        directive_id(&self.id)
    }
}

/// A late target and what it missed.
struct LateLine {
    code: String,
    missed: Vec<String>,
}

/// A step the unit recorded.
struct StepLine {
    on: String,
    text: String,
    meeting: Option<i64>,
}

#[derive(Template)]
#[template(path = "directive.html")]
struct DirectivePage {
    layout: Layout,
    code: String,
    id: i64,
    number: String,
    issued_on: String,
    doc_type: String,
    issuer: String,
    title: String,
    summary: String,
    must_teach: bool,
    target: String,
    implements: Option<String>,
    file: Option<(String, String, String)>,
    stages: Vec<String>,
    deadlines: Vec<(String, Vec<String>)>,
    indicators: Vec<(String, String)>,
    stage_chart: String,
    own: UnitRow,
    below: Vec<UnitRow>,
    /// `None` until asked for.
    late: Option<Vec<LateLine>>,
    /// Said when only the first targets were examined for `late`.
    late_partial: Option<String>,
    timeline: Vec<(String, u64)>,
    timeline_chart: Option<String>,
    steps: Option<Vec<StepLine>>,
    tasks: (usize, usize),
    may_record: bool,
    is_cell: bool,
    check_units: Vec<(String, String)>,
    ratings: Vec<(&'static str, String)>,
    problems: Vec<(String, String)>,
    /// Closed campaigns' results on carrying out directives, for the unit.
    surveys: Vec<SurveyBlock>,
}

impl DirectivePage {
    fn problem(&self, field: &str) -> Option<&str> {
        problem_at(&self.problems, field)
    }

    fn general(&self) -> Vec<&str> {
        problems_elsewhere(&self.problems, |f| {
            matches!(f, "on" | "plan" | "reason" | "present")
        })
    }
}

fn step_line(lang: Lang, kind: &EventKind) -> (String, Option<i64>) {
    let t = |id: &str| chibo_i18n::text(lang, id);
    match kind {
        EventKind::Received => (t("directive-page-step-received"), None),
        EventKind::PlanIssued { plan } => (
            format!(
                "{}: {}, {}",
                t("directive-page-step-plan"),
                plan.number.as_str(),
                chibo_i18n::format_date(plan.issued_on)
            ),
            None,
        ),
        EventKind::PlanNotIssued { reason } => (
            format!("{}: {reason}", t("directive-page-step-no-plan")),
            None,
        ),
        EventKind::Taught(at) => (
            chibo_i18n::render(
                lang,
                &chibo_domain::Message::new("directive-page-step-taught")
                    .arg("present", at.present)
                    .arg("eligible", at.eligible),
            ),
            at.meeting,
        ),
        EventKind::Reported => (t("directive-page-step-reported"), None),
        EventKind::Checked { rating } => (
            format!(
                "{}: {}",
                t("directive-page-step-checked"),
                t(rating.message_id())
            ),
            None,
        ),
    }
}

fn steps_of(lang: Lang, execution: &Execution) -> Vec<StepLine> {
    execution
        .events
        .iter()
        .map(|event| {
            let (text, meeting) = step_line(lang, &event.kind);
            StepLine {
                on: chibo_i18n::format_date(event.on),
                text,
                meeting,
            }
        })
        .collect()
}

/// The page of directive `id` seen from the unit of the access, with the
/// problems of a form that came back.
pub(super) async fn show(
    state: &AppState,
    signed: &Signed,
    access: &UnitAccess<ReadAggregates>,
    id: i64,
    with_late: bool,
    problems: Vec<Problem>,
    status: StatusCode,
) -> PageResult {
    let lang = signed.lang;
    let today = state.clock.today();
    let code = access.unit().to_string();
    let here = format!("/units/{code}/directives/{id}");
    let progress = directive_progress(&state.db, access, id, today)
        .await
        .in_lang(lang)?;
    let late = if with_late {
        Some(
            late_units(&state.db, access, id, today, LATE_EXAMINED)
                .await
                .in_lang(lang)?,
        )
    } else {
        None
    };
    let execution = unit_execution(&state.db, access, id).await.in_lang(lang)?;
    let surveys = directive_surveys(&state.db, &signed.actor, access, id, today)
        .await
        .in_lang(lang)?;
    let details = chibo_core::browse::unit_details_kept(&state.db, access, today, signed.seen)
        .await
        .in_lang(lang)?;
    let names: HashMap<&str, &str> = details
        .children
        .iter()
        .map(|c| (c.code.as_str(), c.name.as_str()))
        .collect();
    let mut layout = unit_layout(state, signed, access, "directive-page-title", &here).await;
    let stored = &progress.stored;
    let record = &progress.record;
    layout.title = format!("{} — {}", stored.number, access.placement().name);
    let counters = &progress.unit.counters;
    let decimal = if lang == Lang::Vi { ',' } else { '.' };
    let format_percent = |v: f64| format!("{}%", crate::charts::decimal(v, 1, decimal));
    // Whole units as whole numbers; an axis tick between them with its decimal.
    let format_count = |v: f64| {
        let decimals = if v.fract() == 0.0 { 0 } else { 1 };
        crate::charts::decimal(v, decimals, decimal)
    };
    let days = teaching_days(record.key.issued_on, &counters.days_to_teach);
    let points = cumulative(record.key.issued_on, &days);
    let below = figures::below_rows(&progress, &names, lang);
    let may_check = access.also::<EditUnits>(&signed.actor).is_some();
    let page = DirectivePage {
        code: code.clone(),
        id,
        number: stored.number.clone(),
        issued_on: chibo_i18n::format_date(stored.issued_on),
        doc_type: type_name(lang, &stored.doc_type),
        issuer: stored.issuer.to_string(),
        title: stored.title.clone(),
        summary: stored.summary.clone(),
        must_teach: stored.must_teach,
        target: figures::target_text(record, lang),
        implements: record.implements.as_ref().map(|k| {
            format!(
                "{}, {}",
                k.number.as_str(),
                chibo_i18n::format_date(k.issued_on)
            )
        }),
        file: stored.file.as_ref().map(|(name, size, sha)| {
            (
                name.clone(),
                crate::layout::group_digits(*size, lang),
                // In groups, so that a phone can wrap it.
                sha.as_bytes()
                    .chunks(16)
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        }),
        stages: chibo_domain::directive::Stage::ALL
            .into_iter()
            .map(|s| chibo_i18n::text(lang, s.message_id()))
            .collect(),
        deadlines: figures::deadline_rows(record, lang),
        indicators: figures::indicators(counters, lang),
        stage_chart: stage_chart(
            chibo_i18n::text(lang, "directive-page-chart-stages"),
            &figures::stages(counters, lang),
            &format_percent,
        ),
        own: figures::unit_row(
            code.clone(),
            access.placement().name.clone(),
            progress.unit.level,
            progress.unit.is_target,
            counters,
            lang,
        ),
        check_units: if may_check {
            progress
                .below
                .iter()
                .filter(|r| r.is_target)
                .map(|r| {
                    let code = r.unit.to_string();
                    let name = names
                        .get(code.as_str())
                        .map_or(code.clone(), |n| (*n).to_owned());
                    (code, name)
                })
                .collect()
        } else {
            Vec::new()
        },
        below,
        late_partial: (with_late && counters.target_units > LATE_EXAMINED as u64).then(|| {
            chibo_i18n::render(
                lang,
                &chibo_domain::Message::new("directive-page-late-partial")
                    .arg("count", LATE_EXAMINED),
            )
        }),
        late: late.map(|late| {
            late.iter()
                .map(|l| LateLine {
                    code: l.unit.to_string(),
                    missed: l
                        .missed
                        .iter()
                        .map(|m| chibo_i18n::render(lang, &m.message(&l.unit)))
                        .collect(),
                })
                .collect()
        }),
        timeline_chart: (!days.is_empty()).then(|| {
            timeline_chart(
                chibo_i18n::text(lang, "directive-page-chart-timeline"),
                chibo_i18n::text(lang, "directive-page-taught"),
                &points,
                counters.target_units,
                &format_count,
            )
        }),
        timeline: days
            .iter()
            .map(|(day, count)| (chibo_i18n::format_date(*day), *count))
            .collect(),
        tasks: execution.as_ref().map_or((0, 0), |e| {
            (
                e.tasks
                    .iter()
                    .filter(|t| t.status == TaskStatus::Done)
                    .count(),
                e.tasks
                    .iter()
                    .filter(|t| t.status != TaskStatus::Dropped)
                    .count(),
            )
        }),
        steps: execution.as_ref().map(|e| steps_of(lang, e)),
        may_record: execution.is_some() && access.also::<RecordMeetings>(&signed.actor).is_some(),
        is_cell: access.placement().kind.is_cell(),
        ratings: RATINGS
            .iter()
            .map(|(code, rating)| (*code, chibo_i18n::text(lang, rating.message_id())))
            .collect(),
        problems: field_errors(lang, problems),
        surveys: survey::blocks(&surveys, &code, lang),
        layout,
    };
    let mut response = render(&page);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn page(
    State(state): State<AppState>,
    Path(param): Path<IdParam>,
    Query(query): Query<PageQuery>,
    UnitFromPath { signed, access, .. }: UnitFromPath<ReadAggregates>,
) -> PageResult {
    let id = param
        .directive()
        .ok_or_else(|| PageError::not_found(signed.lang))?;
    let with_late = query.late == "1";
    show(
        &state,
        &signed,
        &access,
        id,
        with_late,
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// The answer to a form about directive `id`: back to its page when done,
/// the page again with the problems beside their fields (422) when refused
/// for its content, the error page otherwise.
pub(super) async fn after(
    state: &AppState,
    signed: &Signed,
    access: &UnitAccess<ReadAggregates>,
    id: i64,
    outcome: Result<(), CoreError>,
) -> PageResult {
    match outcome {
        Ok(()) => Ok(axum::response::Redirect::to(&format!(
            "/units/{}/directives/{id}",
            access.unit()
        ))
        .into_response()),
        Err(CoreError::Invalid(problems)) => {
            show(
                state,
                signed,
                access,
                id,
                false,
                problems,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(other).in_lang(signed.lang),
    }
}
