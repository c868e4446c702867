//! A stored directive and a unit's stored steps read back into the
//! domain's types, so that the domain's rules judge them.

use chibo_domain::UnitCode;
use chibo_domain::directive::{
    CheckRating, Deadlines, Directive, DirectiveKey, DocumentNumber, DocumentType, Event,
    EventKind, Execution, Level, LinkedTask, Target, TaughtAt,
};
use chibo_store::{ExecutionSource, StoreError, StoredDirective};

use crate::CoreError;

fn corrupt(what: &str) -> CoreError {
    CoreError::Store(StoreError::Corrupt(what.to_owned()))
}

fn key(number: &str, on: chibo_domain::NaiveDate) -> Result<DirectiveKey, CoreError> {
    let number = DocumentNumber::parse(number)
        .map_err(|_| corrupt(&format!("directive number {number}")))?;
    Ok(DirectiveKey::new(number, on))
}

/// The record of a stored directive.
pub fn stored_record(stored: &StoredDirective) -> Result<Directive, CoreError> {
    let what = || corrupt(&format!("directive {}", stored.id));
    let target: Target = serde_json::from_str(&stored.target).map_err(|_| what())?;
    let deadlines: Deadlines = serde_json::from_str(&stored.deadlines).map_err(|_| what())?;
    let implements = match (&stored.implements_number, stored.implements_on) {
        (Some(number), Some(on)) => Some(key(number, on)?),
        _ => None,
    };
    Ok(Directive {
        key: key(&stored.number, stored.issued_on)?,
        doc_type: DocumentType::parse(&stored.doc_type).ok_or_else(what)?,
        title: stored.title.clone(),
        summary: stored.summary.clone(),
        issuer: stored.issuer.clone(),
        must_teach: stored.must_teach,
        target,
        deadlines,
        implements,
    })
}

pub(crate) fn rating_code(rating: CheckRating) -> &'static str {
    match rating {
        CheckRating::Excellent => "excellent",
        CheckRating::Good => "good",
        CheckRating::Done => "done",
        CheckRating::NotDone => "not_done",
    }
}

fn rating(code: &str) -> Option<CheckRating> {
    [
        CheckRating::Excellent,
        CheckRating::Good,
        CheckRating::Done,
        CheckRating::NotDone,
    ]
    .into_iter()
    .find(|r| rating_code(*r) == code)
}

fn count(value: Option<i64>) -> u32 {
    value.and_then(|v| u32::try_from(v).ok()).unwrap_or(0)
}

/// A target unit's execution from what it recorded.
pub fn execution_from(
    unit: &UnitCode,
    level: Level,
    source: &ExecutionSource,
) -> Result<Execution, CoreError> {
    let mut execution = Execution::new(unit.clone(), level);
    for event in &source.events {
        let kind = match (event.stage.as_str(), &event.plan, &event.reason) {
            ("received", _, _) => EventKind::Received,
            ("plan", Some((number, on)), _) => EventKind::PlanIssued {
                plan: key(number, *on)?,
            },
            ("plan", None, Some(reason)) => EventKind::PlanNotIssued {
                reason: reason.clone(),
            },
            ("taught", _, _) => EventKind::Taught(TaughtAt {
                meeting: event.meeting_id,
                present: count(event.present),
                eligible: count(event.eligible),
            }),
            ("reported", _, _) => EventKind::Reported,
            ("checked", _, _) => EventKind::Checked {
                rating: event
                    .rating
                    .as_deref()
                    .and_then(rating)
                    .ok_or_else(|| corrupt("directive rating"))?,
            },
            (stage, _, _) => return Err(corrupt(&format!("directive step {stage}"))),
        };
        execution.events.push(Event { on: event.on, kind });
    }
    execution.tasks = source
        .tasks
        .iter()
        .map(|t| LinkedTask {
            id: t.id,
            assigned_on: t.assigned_on,
            deadline: t.deadline,
            status: t.status,
            closed_on: t.closed_on,
        })
        .collect();
    execution.regular_meetings = source.regular_meetings.clone();
    Ok(execution)
}
