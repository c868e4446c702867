//! What a target unit records of a directive, each change in one
//! transaction with its audit entry and the difference of the unit's tally
//! added to the unit and every unit above it in the directive.
//!
//! Why no change is counted twice: the transaction locks the target unit
//! first, so the changes of one target run one after the other, and the
//! difference is taken against the unit's own tally as stored, never
//! against what the change read before it. Differences reach the units
//! above as additions in SQL, which concurrent changes of other targets
//! cannot lose.

use chibo_domain::directive::{
    CheckRating, Directive, DirectiveTally, Event, EventKind, Execution,
};
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_store::{EventWrite, StoreError, TargetPlace, TaughtMeeting, WriteTx};

use super::record::{execution_from, rating_code, stored_record};
use crate::access::{EditUnits, RecordMeetings, UnitAccess, denied};
use crate::audit::AuditContext;
use crate::meetings::MeetingAccess;
use crate::{Clock, CoreError, Db, Problem};

/// The directive, or the same answer as a directive outside the grants.
async fn load(db: &Db, directive_id: i64) -> Result<Directive, CoreError> {
    let stored = db
        .store()
        .directive(directive_id)
        .await?
        .ok_or_else(denied)?;
    stored_record(&stored)
}

/// Opens the change of one target: the transaction with the unit locked,
/// and where the unit stands in the directive. A unit the directive does
/// not target gets a located refusal.
pub(crate) async fn begin_target_change(
    db: &Db,
    directive: &Directive,
    directive_id: i64,
    unit: &UnitCode,
) -> Result<(WriteTx, TargetPlace), CoreError> {
    let mut tx = db.store().begin_write().await?;
    tx.lock_units(&[unit]).await?;
    let Some(place) = tx.directive_target(directive_id, unit).await? else {
        return Err(CoreError::invalid(Problem::in_field(
            "unit",
            Message::new("directive-not-targeted")
                .arg("unit", unit)
                .arg("number", directive.key.number.as_str())
                .date("issued_on", directive.key.issued_on),
        )));
    };
    Ok((tx, place))
}

/// The unit's execution as the transaction sees it.
async fn execution_in(
    tx: &mut WriteTx,
    directive: &Directive,
    directive_id: i64,
    unit: &UnitCode,
    place: &TargetPlace,
) -> Result<Execution, CoreError> {
    let source = tx
        .directive_execution_source(directive_id, place.unit_id, directive.key.issued_on)
        .await?;
    execution_from(unit, place.level, &source)
}

/// Recomputes the unit's tally inside `tx` and adds the difference from
/// the stored one to the unit and every unit above it.
pub(crate) async fn refresh_target(
    tx: &mut WriteTx,
    directive: &Directive,
    directive_id: i64,
    unit: &UnitCode,
    place: &TargetPlace,
) -> Result<(), CoreError> {
    let execution = execution_in(tx, directive, directive_id, unit, place).await?;
    let new_own = DirectiveTally::of_unit(directive, &execution);
    let mut difference = new_own.clone();
    difference -= &place.own;
    if !difference.is_zero() {
        tx.add_directive_difference(directive_id, place, &new_own, &difference)
            .await?;
    }
    Ok(())
}

/// The problems of `execution` with `event` recorded after its steps,
/// each located at the field `event`.
fn event_problems(directive: &Directive, execution: &Execution, event: &Event) -> Vec<Problem> {
    let mut next = execution.clone();
    next.events.push(event.clone());
    let field = format!("events.{}", next.events.len());
    next.validate(directive)
        .into_iter()
        .filter(|p| p.field == field)
        .map(|p| Problem::in_field("event", p.message))
        .collect()
}

/// Checks and writes one step of the target in `tx`, then its tally;
/// the caller commits.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn apply_event(
    tx: &mut WriteTx,
    place: &TargetPlace,
    clock: &dyn Clock,
    author: &AuditContext,
    directive: &Directive,
    directive_id: i64,
    unit: &UnitCode,
    event: &Event,
) -> Result<(), CoreError> {
    let execution = execution_in(tx, directive, directive_id, unit, place).await?;
    let problems = event_problems(directive, &execution, event);
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let plan_id = match &event.kind {
        EventKind::PlanIssued { plan } => {
            Some(tx.directive_id_by_key(unit, plan).await?.ok_or_else(|| {
                CoreError::invalid(Problem::in_field(
                    "plan",
                    Message::new("directive-plan-unknown")
                        .arg("unit", unit)
                        .arg("plan", plan.number.as_str())
                        .date("plan_issued_on", plan.issued_on),
                ))
            })?)
        }
        _ => None,
    };
    let (reason, meeting_id, present, eligible, rating) = match &event.kind {
        EventKind::PlanNotIssued { reason } => (Some(reason.as_str()), None, None, None, None),
        EventKind::Taught(at) => (
            None,
            at.meeting,
            Some(i64::from(at.present)),
            Some(i64::from(at.eligible)),
            None,
        ),
        EventKind::Checked { rating } => (None, None, None, None, Some(rating_code(*rating))),
        _ => (None, None, None, None, None),
    };
    let write = EventWrite {
        stage: event.kind.stage_code(),
        on: event.on,
        plan_id,
        reason,
        meeting_id,
        present,
        eligible,
        rating,
        now: clock.now(),
    };
    let entry = author.entry(
        clock,
        "record",
        "directive_event",
        &format!("{directive_id} {unit} {}", event.kind.stage_code()),
        Some(unit),
        None::<&Event>,
        Some(event),
    );
    match tx
        .insert_directive_event(directive_id, place.unit_id, &write, &[entry])
        .await
    {
        Ok(()) => {}
        Err(StoreError::Duplicate(_)) => {
            return Err(CoreError::invalid(Problem::in_field(
                "event",
                Message::new("directive-event-repeated").arg("step", event.kind.stage_code()),
            )));
        }
        Err(other) => return Err(other.into()),
    }
    refresh_target(tx, directive, directive_id, unit, place).await?;
    Ok(())
}

/// Records a step of the unit the access proves: received, its plan (a
/// directive it issued itself, by key) or why it has none, a teaching not
/// held at a recorded meeting (a conference), its report. The superior's
/// check is [`check_execution`]; a meeting's teaching [`record_teaching`].
pub async fn record_event(
    db: &Db,
    clock: &dyn Clock,
    unit: &UnitAccess<RecordMeetings>,
    author: &AuditContext,
    directive_id: i64,
    event: &Event,
) -> Result<(), CoreError> {
    if matches!(event.kind, EventKind::Checked { .. }) {
        return Err(CoreError::invalid(Problem::in_field(
            "event",
            Message::new("directive-check-by-superior"),
        )));
    }
    if let EventKind::Taught(at) = &event.kind
        && at.meeting.is_some()
    {
        return Err(CoreError::invalid(Problem::in_field(
            "event",
            Message::new("directive-taught-through-meeting"),
        )));
    }
    let directive = load(db, directive_id).await?;
    let (mut tx, place) = begin_target_change(db, &directive, directive_id, unit.unit()).await?;
    apply_event(
        &mut tx,
        &place,
        clock,
        author,
        &directive,
        directive_id,
        unit.unit(),
        event,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The teaching step of a held meeting: its day, its members present
/// reached and its expected members eligible; none before it is held.
fn teaching_at(found: &TaughtMeeting) -> Option<Event> {
    let on = match (found.held_on, found.status.as_str()) {
        (Some(day), "held" | "approved") => day,
        _ => return None,
    };
    Some(Event {
        on,
        kind: EventKind::Taught(chibo_domain::directive::TaughtAt {
            meeting: Some(found.id),
            present: u32::try_from(found.present).unwrap_or(0),
            eligible: u32::try_from(found.expected).unwrap_or(0),
        }),
    })
}

/// Records that the meeting the access proves taught the directive: the
/// meeting's day is the day taught, its members present the members
/// reached and its expected members the eligible ones, and the agenda
/// link between the meeting and the directive is kept.
pub async fn record_teaching(
    db: &Db,
    clock: &dyn Clock,
    meeting: &MeetingAccess<RecordMeetings>,
    author: &AuditContext,
    directive_id: i64,
) -> Result<(), CoreError> {
    let directive = load(db, directive_id).await?;
    let cell = meeting.cell().unit().clone();
    let (mut tx, place) = begin_target_change(db, &directive, directive_id, &cell).await?;
    let found = tx
        .meeting_for_teaching(meeting.meeting().id)
        .await?
        .ok_or_else(denied)?;
    let event = teaching_at(&found).ok_or_else(|| {
        CoreError::invalid(Problem::in_field(
            "meeting",
            Message::new("directive-meeting-not-held"),
        ))
    })?;
    apply_event(
        &mut tx,
        &place,
        clock,
        author,
        &directive,
        directive_id,
        &cell,
        &event,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The superior's check and rating of a target's execution, by a unit
/// above the target in the directive (its issuer or a committee between).
#[allow(clippy::too_many_arguments)]
pub async fn check_execution(
    db: &Db,
    clock: &dyn Clock,
    superior: &UnitAccess<EditUnits>,
    author: &AuditContext,
    directive_id: i64,
    unit: &UnitCode,
    on: NaiveDate,
    rating: CheckRating,
) -> Result<(), CoreError> {
    let directive = load(db, directive_id).await?;
    let (mut tx, place) = begin_target_change(db, &directive, directive_id, unit).await?;
    let ids = tx.unit_ids_of(&[superior.unit().as_str()]).await?;
    let above = ids
        .get(superior.unit().as_str())
        .is_some_and(|id| place.chain[1..].contains(id));
    if !above {
        tx.rollback().await?;
        return Err(denied());
    }
    let event = Event {
        on,
        kind: EventKind::Checked { rating },
    };
    apply_event(
        &mut tx,
        &place,
        clock,
        author,
        &directive,
        directive_id,
        unit,
        &event,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Links tasks set by the unit's meetings to the directive: their
/// completion is the directive's carrying out.
pub async fn link_tasks(
    db: &Db,
    clock: &dyn Clock,
    unit: &UnitAccess<RecordMeetings>,
    author: &AuditContext,
    directive_id: i64,
    task_ids: &[i64],
) -> Result<(), CoreError> {
    let directive = load(db, directive_id).await?;
    let (mut tx, place) = begin_target_change(db, &directive, directive_id, unit.unit()).await?;
    let entry = author.entry(
        clock,
        "link",
        "directive_tasks",
        &format!("{directive_id} {}", unit.unit()),
        Some(unit.unit()),
        None::<&Vec<i64>>,
        Some(&task_ids.to_vec()),
    );
    match tx
        .link_directive_tasks(directive_id, place.unit_id, task_ids, &[entry])
        .await
    {
        Ok(()) => {}
        Err(StoreError::NotFound(what)) => {
            return Err(CoreError::invalid(Problem::in_field(
                "tasks",
                Message::new("directive-task-not-of-unit")
                    .arg("task", what)
                    .arg("unit", unit.unit()),
            )));
        }
        Err(other) => return Err(other.into()),
    }
    let execution = execution_in(&mut tx, &directive, directive_id, unit.unit(), &place).await?;
    let problems: Vec<Problem> = execution
        .validate(&directive)
        .into_iter()
        .filter(|p| p.field.starts_with("tasks."))
        .map(|p| Problem::in_field("tasks", p.message))
        .collect();
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    refresh_target(&mut tx, &directive, directive_id, unit.unit(), &place).await?;
    tx.commit().await?;
    Ok(())
}

/// Brings the tallies of every directive targeting `cell` up to date
/// inside the transaction of a change to its meetings (a regular meeting
/// held moves a "next regular meeting" deadline; a task closed moves the
/// carrying out). The caller has locked the cell.
pub(crate) async fn refresh_after_meeting_change(
    tx: &mut WriteTx,
    cell: &UnitCode,
) -> Result<(), CoreError> {
    for directive_id in tx.directives_reading_meetings_of(cell).await? {
        let stored = tx.directive(directive_id).await?.ok_or_else(denied)?;
        let directive = stored_record(&stored)?;
        if let Some(place) = tx.directive_target(directive_id, cell).await? {
            refresh_target(tx, &directive, directive_id, cell, &place).await?;
        }
    }
    Ok(())
}

/// Brings the tallies of every directive targeting `cells` up to date
/// after their meetings were written in bulk (an import of meetings, which
/// writes in its own transaction): one transaction with the cells locked,
/// so a regular meeting imported moves a "next regular meeting" deadline
/// as one saved through the form does. Each tally is recomputed from what
/// is stored and only its difference is added, so running it again, or
/// after another change, adds nothing twice.
pub(crate) async fn refresh_after_bulk_meetings(
    db: &Db,
    cells: &[&UnitCode],
) -> Result<(), CoreError> {
    if cells.is_empty() {
        return Ok(());
    }
    let mut sorted: Vec<&UnitCode> = cells.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut tx = db.store().begin_write().await?;
    tx.lock_units(&sorted).await?;
    for cell in sorted {
        refresh_after_meeting_change(&mut tx, cell).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Refuses to take a teaching off a meeting once the cell reported on the
/// directive or was checked: a report would stand on a teaching no longer
/// recorded. The report is what the superior counted; the agenda keeps
/// the directive, and the problem says why, at its field.
async fn refuse_untick_after_report(
    tx: &mut WriteTx,
    directive: &Directive,
    directive_id: i64,
    cell: &UnitCode,
    place: &TargetPlace,
) -> Result<(), CoreError> {
    let execution = execution_in(tx, directive, directive_id, cell, place).await?;
    let later = execution
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Reported | EventKind::Checked { .. }))
        .map(|e| e.on)
        .min();
    match later {
        None => Ok(()),
        Some(on) => Err(CoreError::invalid(Problem::in_field(
            &agenda_field(directive_id),
            Message::new("directive-untick-after-report")
                .arg("number", directive.key.number.as_str())
                .date("reported_on", on),
        ))),
    }
}

/// The form field of one directive on a meeting's agenda.
pub fn agenda_field(directive_id: i64) -> String {
    format!("directive.{directive_id}")
}

/// Makes the directives a meeting taught the ones in `taught`, inside the
/// transaction that writes the meeting (the cell locked): a directive
/// added is recorded as taught there (the meeting's day and members
/// present), one no longer listed loses its step and agenda link, and
/// both move the cell's tally up the tree. A directive the cell is not a
/// target of is refused at its own field; one already linked is left as
/// it is, so saving the same form again changes nothing.
pub(crate) async fn set_meeting_teachings(
    tx: &mut WriteTx,
    clock: &dyn Clock,
    author: &AuditContext,
    cell: &UnitCode,
    meeting_id: i64,
    taught: &[i64],
) -> Result<(), CoreError> {
    let linked = tx.meeting_directive_ids(meeting_id).await?;
    for &directive_id in linked.iter().filter(|id| !taught.contains(id)) {
        let stored = tx.directive(directive_id).await?.ok_or_else(denied)?;
        let directive = stored_record(&stored)?;
        if let Some(place) = tx.directive_target(directive_id, cell).await? {
            refuse_untick_after_report(tx, &directive, directive_id, cell, &place).await?;
        }
        let entry = author.entry(
            clock,
            "remove",
            "directive_event",
            &format!("{directive_id} {cell} taught {meeting_id}"),
            Some(cell),
            Some(&meeting_id),
            None::<&i64>,
        );
        tx.remove_meeting_teaching(directive_id, meeting_id, &[entry])
            .await?;
        if let Some(place) = tx.directive_target(directive_id, cell).await? {
            refresh_target(tx, &directive, directive_id, cell, &place).await?;
        }
    }
    for &directive_id in taught.iter().filter(|id| !linked.contains(id)) {
        let field = agenda_field(directive_id);
        let located = |message: Message| CoreError::invalid(Problem::in_field(&field, message));
        let Some(stored) = tx.directive(directive_id).await? else {
            return Err(located(Message::new("directive-agenda-unknown")));
        };
        let directive = stored_record(&stored)?;
        let Some(place) = tx.directive_target(directive_id, cell).await? else {
            return Err(located(
                Message::new("directive-not-targeted")
                    .arg("unit", cell)
                    .arg("number", directive.key.number.as_str())
                    .date("issued_on", directive.key.issued_on),
            ));
        };
        let found = tx
            .meeting_for_teaching(meeting_id)
            .await?
            .ok_or_else(denied)?;
        let Some(event) = teaching_at(&found) else {
            return Err(located(Message::new("directive-meeting-not-held")));
        };
        let applied = apply_event(
            tx,
            &place,
            clock,
            author,
            &directive,
            directive_id,
            cell,
            &event,
        )
        .await;
        match applied {
            Ok(()) => {}
            Err(CoreError::Invalid(problems)) => {
                return Err(CoreError::Invalid(
                    problems
                        .into_iter()
                        .map(|p| Problem::in_field(&field, p.message))
                        .collect(),
                ));
            }
            Err(other) => return Err(other),
        }
    }
    Ok(())
}
