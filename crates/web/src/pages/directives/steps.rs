//! `POST /units/{code}/directives/{id}/steps`: a target records its own
//! step (received, its plan or why none, a conference that taught it, its
//! report) under `RecordMeetings`; a cell's teaching comes from its meeting
//! form instead. `POST /units/{code}/directives/{id}/check`: the committee
//! of the path, above the target, checks and rates it (`EditUnits`). Each
//! goes back to the directive's page, with problems beside their fields.

use axum::extract::{Path, State};
use chibo_core::access::{EditUnits, ReadAggregates, RecordMeetings, UnitAccess};
use chibo_core::audit::AuditContext;
use chibo_core::directives::{check_execution, record_event};
use chibo_core::values::parse_date;
use chibo_core::{CoreError, Problem};
use chibo_domain::directive::{DirectiveKey, DocumentNumber, Event, EventKind, TaughtAt};
use chibo_domain::{Message, NaiveDate, UnitCode};
use serde::Deserialize;

use super::page::{IdParam, RATINGS, after};
use crate::AppState;
use crate::access::UnitForm;
use crate::error::{PageError, PageResult};
use crate::session::Signed;

#[derive(Debug, Default, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    plan_number: String,
    #[serde(default)]
    plan_on: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    present: String,
    #[serde(default)]
    eligible: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct CheckForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    rating: String,
}

fn day(field: &str, raw: &str, problems: &mut Vec<Problem>) -> Option<NaiveDate> {
    let found = parse_date(raw);
    if found.is_none() {
        problems.push(Problem::in_field(
            field,
            Message::new("err-date").arg("value", raw.trim()),
        ));
    }
    found
}

fn count(raw: &str, problems: &mut Vec<Problem>) -> u32 {
    raw.trim().parse().unwrap_or_else(|_| {
        problems.push(Problem::in_field(
            "present",
            Message::new("directive-import-count").arg("value", raw.trim()),
        ));
        0
    })
}

/// The step the form describes, or the problems of what was typed.
fn event(form: &StepForm) -> Result<Event, Vec<Problem>> {
    let mut problems = Vec::new();
    let on = day("on", &form.on, &mut problems);
    let kind = match form.kind.as_str() {
        "received" => Some(EventKind::Received),
        "plan" => {
            let number = DocumentNumber::parse(&form.plan_number)
                .map_err(|e| problems.push(Problem::in_field("plan", e.message())))
                .ok();
            let plan_on = day("plan", &form.plan_on, &mut problems);
            number
                .zip(plan_on)
                .map(|(number, on)| EventKind::PlanIssued {
                    plan: DirectiveKey::new(number, on),
                })
        }
        "no_plan" => Some(EventKind::PlanNotIssued {
            reason: form.reason.trim().to_owned(),
        }),
        "taught" => Some(EventKind::Taught(TaughtAt {
            meeting: None,
            present: count(&form.present, &mut problems),
            eligible: count(&form.eligible, &mut problems),
        })),
        "reported" => Some(EventKind::Reported),
        _ => {
            problems.push(Problem::in_field("event", Message::new("err-required")));
            None
        }
    };
    match (on, kind) {
        (Some(on), Some(kind)) if problems.is_empty() => Ok(Event { on, kind }),
        _ => Err(problems),
    }
}

/// The reader's view of the same unit, for the page shown after a form.
fn reading<P: chibo_core::access::Permission>(
    signed: &Signed,
    access: &UnitAccess<P>,
) -> PageResult<UnitAccess<ReadAggregates>> {
    access
        .also::<ReadAggregates>(&signed.actor)
        .ok_or_else(|| PageError::not_found(signed.lang))
}

pub async fn record(
    State(state): State<AppState>,
    Path(param): Path<IdParam>,
    UnitForm {
        signed,
        form,
        access,
        ..
    }: UnitForm<RecordMeetings, StepForm>,
) -> PageResult {
    let id = param
        .directive()
        .ok_or_else(|| PageError::not_found(signed.lang))?;
    let read = reading(&signed, &access)?;
    let outcome = match event(&form) {
        Ok(event) => {
            let author = AuditContext::of(&signed.actor);
            record_event(
                &state.db,
                state.clock.as_ref(),
                &access,
                &author,
                id,
                &event,
            )
            .await
        }
        Err(problems) => Err(CoreError::Invalid(problems)),
    };
    after(&state, &signed, &read, id, outcome).await
}

pub async fn check(
    State(state): State<AppState>,
    Path(param): Path<IdParam>,
    UnitForm {
        signed,
        form,
        access,
        ..
    }: UnitForm<EditUnits, CheckForm>,
) -> PageResult {
    let id = param
        .directive()
        .ok_or_else(|| PageError::not_found(signed.lang))?;
    let read = reading(&signed, &access)?;
    let mut problems = Vec::new();
    let on = day("on", &form.on, &mut problems);
    let rating = RATINGS
        .iter()
        .find(|(code, _)| *code == form.rating)
        .map(|(_, rating)| *rating);
    let unit = UnitCode::parse(form.unit.trim()).ok();
    let outcome = match (on, rating, unit) {
        (Some(on), Some(rating), Some(unit)) => {
            let author = AuditContext::of(&signed.actor);
            check_execution(
                &state.db,
                state.clock.as_ref(),
                &access,
                &author,
                id,
                &unit,
                on,
                rating,
            )
            .await
        }
        _ => {
            if problems.is_empty() {
                problems.push(Problem::in_field("check", Message::new("err-required")));
            }
            Err(CoreError::Invalid(problems))
        }
    };
    after(&state, &signed, &read, id, outcome).await
}
