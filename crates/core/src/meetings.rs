//! Recording cell meetings: a plan, the minutes once held, approval that
//! locks them, and amendments with a reason afterwards. Every record is
//! checked against the cell's roster on the meeting day before anything is
//! written, and every write carries its audit entry.

use crate::Db;
use std::marker::PhantomData;

/// Plain data the pages show.
pub use chibo_store::{CarriedTask, ReplacedVersion, StoredMeeting};

use chibo_domain::follow_up::{EarlierTask, EarlierTasks};
use chibo_domain::meeting::MeetingStatus;
use chibo_domain::meeting_record::{MeetingRecord, RecordProblem, RosterMember, TaskStatus};
use chibo_domain::norms::{MemberMark, third_consecutive_absences};
use chibo_domain::rubric::MeetingFacts;
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_store::{
    EarlierTaskRows, MeetingWrite, Replacement, Store, StoreError, TaskUpdate, WriteTx,
};
use chrono::Datelike;

use crate::access::{
    Actor, DatedAccess, Permission, ReadAggregates, RecordMeetings, UnitAccess, denied, unit_access,
};
use crate::audit::AuditContext;
use crate::idempotency::{self, KeyUse};
use crate::indicators::{Inputs, refresh_cell_years};
use crate::operator::Operator;
use crate::{Clock, CoreError, Problem};

/// Proof that the actor may do `P` with one meeting (through its cell),
/// holding the meeting as it was read.
#[derive(Debug, Clone)]
pub struct MeetingAccess<P: Permission> {
    meeting: StoredMeeting,
    cell: UnitAccess<P>,
    _permission: PhantomData<P>,
}

impl<P: Permission> MeetingAccess<P> {
    pub fn meeting(&self) -> &StoredMeeting {
        &self.meeting
    }

    pub fn cell(&self) -> &UnitAccess<P> {
        &self.cell
    }
}

/// Checks the actor's grants for `P` on the cell of meeting `id`, on the
/// meeting's day and on the cell's reference date: a record names the
/// people of that day (see [`crate::access`]). A meeting outside the grants
/// and one that does not exist get the same answer.
pub async fn meeting_access<P: Permission>(
    db: &Db,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
) -> Result<MeetingAccess<P>, CoreError> {
    let store = db.store();
    if !actor.may_any(P::ACTION) {
        return Err(denied());
    }
    let meeting = store.meeting(id).await?.ok_or_else(denied)?;
    let cell = unit_access::<P>(db, actor, &meeting.cell, today).await?;
    if let Some(day) = meeting.record.date() {
        cell.on(db, day).await?;
    }
    Ok(MeetingAccess {
        meeting,
        cell,
        _permission: PhantomData,
    })
}

/// What a person submits: the record, and the follow-up of the tasks that
/// earlier meetings left open.
#[derive(Debug, Clone)]
pub struct MeetingSubmission {
    pub record: MeetingRecord,
    pub carried: Vec<TaskUpdate>,
}

/// The members of the cell on `date`, as the record checks need them. It
/// takes a bare code, so it stays inside core: callers have checked access.
pub(crate) async fn roster_on(
    db: &Db,
    cell: &UnitCode,
    date: NaiveDate,
) -> Result<Vec<RosterMember>, CoreError> {
    let store = db.store();
    Ok(store
        .roster(cell, date)
        .await?
        .into_iter()
        .map(|entry| RosterMember {
            code: entry.code,
            exempt: entry.exemption_reason.is_some(),
        })
        .collect())
}

fn record_problems(problems: Vec<RecordProblem>) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|p| Problem::in_field(&p.field, p.message))
        .collect()
}

/// Everything that must hold before a record of `cell` is written: the cell
/// is a cell and existed on the day, the record fits its roster, and the
/// carried tasks are still open.
async fn check_submission(
    store: &Store,
    cell: &UnitAccess<RecordMeetings>,
    submission: &MeetingSubmission,
    this_meeting: Option<i64>,
) -> Result<NaiveDate, CoreError> {
    let record = &submission.record;
    let Some(date) = record.date() else {
        return Err(CoreError::Invalid(record_problems(record.problems(&[]))));
    };
    if !cell.placement().kind.is_cell() {
        return Err(CoreError::invalid(Problem::in_field(
            "unit",
            Message::new("meeting-err-not-a-cell").arg("unit", cell.unit().as_str()),
        )));
    }
    let unit = store
        .unit(cell.unit())
        .await?
        .ok_or_else(crate::access::denied)?;
    let date_field = if record.held_on.is_some() {
        "held_on"
    } else {
        "planned_on"
    };
    if unit.version_at(date).is_none() {
        return Err(CoreError::invalid(Problem::in_field(
            date_field,
            Message::new("meeting-err-cell-not-on-date")
                .arg("unit", cell.unit().as_str())
                .date("date", date),
        )));
    }
    // The record names the cell's people of that day: the grant must hold
    // the cell then as well as now.
    if cell.on(&Db::from(store), date).await.is_err() {
        return Err(CoreError::invalid(Problem::in_field(
            date_field,
            Message::new("meeting-err-date-outside-grant")
                .arg("unit", cell.unit().as_str())
                .date("date", date),
        )));
    }
    let roster = roster_on(&Db::from(store), cell.unit(), date).await?;
    let mut problems = record_problems(record.problems(&roster));
    problems.extend(crate::models::step_problems(record));
    let open = store
        .open_tasks_before(cell.unit(), date, this_meeting)
        .await?;
    for update in &submission.carried {
        let field = format!("carried.{}", update.task_id);
        if !open.iter().any(|t| t.id == update.task_id) {
            problems.push(Problem::in_field(
                &field,
                Message::new("meeting-err-task-not-open"),
            ));
        }
        match (update.status, update.closed_on) {
            (TaskStatus::Open, Some(_)) => problems.push(Problem::in_field(
                &field,
                Message::new("meeting-err-open-task-closed"),
            )),
            (TaskStatus::Done | TaskStatus::Dropped, None) => problems.push(Problem::in_field(
                &field,
                Message::new("meeting-err-closed-task-date"),
            )),
            _ => {}
        }
    }
    if problems.is_empty() {
        Ok(date)
    } else {
        Err(CoreError::Invalid(problems))
    }
}

/// The facts a rubric scores for this record of the cell the access proves:
/// the previous meeting's tasks with this submission's follow-up applied,
/// and the third absences in a row counted over the cell's marks of the year.
pub async fn facts_of<P: Permission>(
    db: &Db,
    cell: &UnitAccess<P>,
    record: &MeetingRecord,
    carried: &[TaskUpdate],
    this_meeting: Option<i64>,
) -> Result<MeetingFacts, CoreError> {
    cell_facts(db, cell.unit(), record, carried, this_meeting).await
}

/// The facts of a stored meeting for whoever owns the database (the
/// command line, and tests checking stored data), who may read any cell.
pub async fn stored_meeting_facts(
    _operator: Operator,
    db: &Db,
    meeting: &StoredMeeting,
) -> Result<MeetingFacts, CoreError> {
    cell_facts(db, &meeting.cell, &meeting.record, &[], Some(meeting.id)).await
}

/// [`facts_of`] for a bare cell code, which the caller has checked access to.
async fn cell_facts(
    db: &Db,
    cell: &UnitCode,
    record: &MeetingRecord,
    carried: &[TaskUpdate],
    this_meeting: Option<i64>,
) -> Result<MeetingFacts, CoreError> {
    let store = db.store();
    let Some(date) = record.date() else {
        return Ok(record.facts(&EarlierTasks::none(), 0));
    };
    let earlier = earlier_tasks(
        store.earlier_tasks(cell, date, this_meeting).await?,
        carried,
    );
    let year_start = NaiveDate::from_ymd_opt(date.year(), 1, 1).unwrap_or(date);
    let mut history: Vec<MemberMark> = store
        .attendance_marks(cell, year_start, date)
        .await?
        .into_iter()
        .map(MemberMark::from)
        .collect();
    if let Some(held_on) = record.held_on {
        history.retain(|m| m.held_on < held_on);
        history.extend(record.attendance.iter().map(|m| MemberMark {
            member: m.member.clone(),
            held_on,
            mark: m.mark,
        }));
    }
    let third = record
        .held_on
        .map(|held_on| third_consecutive_absences(&history, held_on).len())
        .unwrap_or(0);
    Ok(record.facts(&earlier, u32::try_from(third).unwrap_or(u32::MAX)))
}

/// The stored earlier tasks with the form's updates applied, as the rule
/// of `chibo_domain::follow_up` reads them.
pub(crate) fn earlier_tasks(rows: EarlierTaskRows, updates: &[TaskUpdate]) -> EarlierTasks {
    let tasks = rows
        .tasks
        .into_iter()
        .map(|carried_task| EarlierTask {
            set_on: carried_task.meeting_on,
            task: apply_update(carried_task, updates),
        })
        .collect();
    EarlierTasks::new(rows.previous_on, tasks)
}

/// The facts a rubric scores for the meeting as stored, read within the
/// cell the access proves.
pub async fn meeting_facts<P: Permission>(
    db: &Db,
    access: &MeetingAccess<P>,
) -> Result<MeetingFacts, CoreError> {
    let stored = access.meeting();
    facts_of(db, access.cell(), &stored.record, &[], Some(stored.id)).await
}

/// The versions an amendment replaced, oldest first: what the meeting's
/// page lists under the record.
pub async fn replaced_versions(
    db: &Db,
    access: &MeetingAccess<RecordMeetings>,
) -> Result<Vec<ReplacedVersion>, CoreError> {
    Ok(db.store().meeting_versions(access.meeting().id).await?)
}

/// Every member's attendance marks in the cell's meetings held from `from`
/// to `to`: member codes and dates, no names (the cell's year page counts
/// absences from them).
pub async fn attendance_marks(
    db: &Db,
    cell: &UnitAccess<ReadAggregates>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<MemberMark>, CoreError> {
    Ok(db
        .store()
        .attendance_marks(cell.unit(), from, to)
        .await?
        .into_iter()
        .map(MemberMark::from)
        .collect())
}

/// The cell's tasks still open from meetings held before `before`.
pub async fn open_tasks(
    db: &Db,
    cell: &UnitAccess<ReadAggregates>,
    before: NaiveDate,
) -> Result<Vec<CarriedTask>, CoreError> {
    Ok(db
        .store()
        .open_tasks_before(cell.unit(), before, None)
        .await?)
}

/// The earlier tasks a record of the cell on the access's day follows up:
/// the open ones and those of the previous meeting however they stand,
/// leaving out `this_meeting`'s own.
pub async fn tasks_to_follow(
    db: &Db,
    day: &DatedAccess<RecordMeetings>,
    this_meeting: Option<i64>,
) -> Result<Vec<CarriedTask>, CoreError> {
    let store = db.store();
    let (cell, date) = (day.unit(), day.date());
    let mut tasks = store.open_tasks_before(cell, date, this_meeting).await?;
    for task in store
        .previous_meeting_tasks(cell, date, this_meeting)
        .await?
    {
        if !tasks.iter().any(|t| t.id == task.id) {
            tasks.push(task);
        }
    }
    Ok(tasks)
}

fn apply_update(
    carried_task: CarriedTask,
    updates: &[TaskUpdate],
) -> chibo_domain::meeting_record::Task {
    let mut task = carried_task.task;
    if let Some(update) = updates.iter().find(|u| u.task_id == carried_task.id) {
        task.status = update.status;
        task.closed_on = update.closed_on;
    }
    task
}

fn store_problem(e: StoreError) -> CoreError {
    match e {
        StoreError::TaskNotCarried { .. } => CoreError::invalid(Problem::in_field(
            "carried",
            Message::new("meeting-err-task-not-open"),
        )),
        other => CoreError::Store(other),
    }
}

/// Records a new meeting of the cell (planned, or held with draft minutes).
/// Approval is a step of its own.
pub async fn create_meeting(
    db: &Db,
    clock: &dyn Clock,
    cell: &UnitAccess<RecordMeetings>,
    author: &AuditContext,
    submission: &MeetingSubmission,
    is_demo: bool,
) -> Result<i64, CoreError> {
    create(db, clock, cell, author, submission, is_demo, None, None).await
}

/// [`create_meeting`] with the request's idempotency key, stored in the
/// same transaction as the meeting. The caller has checked with
/// [`crate::idempotency::earlier`] that the key is new; a key stored
/// meanwhile by the same request sent twice is a conflict, after which
/// the caller looks it up again.
pub async fn create_meeting_keyed(
    db: &Db,
    clock: &dyn Clock,
    cell: &UnitAccess<RecordMeetings>,
    author: &AuditContext,
    submission: &MeetingSubmission,
    key: &KeyUse,
) -> Result<i64, CoreError> {
    create(db, clock, cell, author, submission, false, Some(key), None).await
}

/// Records a new meeting of the cell together with the directives it
/// taught (see [`save_meeting_teaching`]), with the request's key if any.
pub async fn create_meeting_teaching(
    db: &Db,
    clock: &dyn Clock,
    cell: &UnitAccess<RecordMeetings>,
    author: &AuditContext,
    submission: &MeetingSubmission,
    key: Option<&KeyUse>,
    taught: &[i64],
) -> Result<i64, CoreError> {
    create(
        db,
        clock,
        cell,
        author,
        submission,
        false,
        key,
        Some(taught),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn create(
    db: &Db,
    clock: &dyn Clock,
    cell: &UnitAccess<RecordMeetings>,
    author: &AuditContext,
    submission: &MeetingSubmission,
    is_demo: bool,
    key: Option<&KeyUse>,
    taught: Option<&[i64]>,
) -> Result<i64, CoreError> {
    let store = db.store();
    if submission.record.status == MeetingStatus::Approved {
        return Err(CoreError::invalid(Problem::in_field(
            "status",
            Message::new("meeting-err-approve-separately"),
        )));
    }
    check_submission(store, cell, submission, None).await?;
    let facts = facts_of(db, cell, &submission.record, &submission.carried, None).await?;
    let entry = author.entry(
        clock,
        "create",
        "meeting",
        "",
        Some(cell.unit()),
        None::<&MeetingRecord>,
        Some(&submission.record),
    );
    let write = MeetingWrite {
        cell: cell.unit(),
        record: &submission.record,
        facts: &facts,
        carried: &submission.carried,
        is_demo,
        now: clock.now(),
    };
    let inputs = Inputs::load(db).await?;
    let mut tx = begin_cell_change(store, cell.unit()).await?;
    let id = tx
        .insert_meeting(&write, &[entry])
        .await
        .map_err(store_problem)?;
    if let Some(key) = key {
        idempotency::claim(&mut tx, clock, key, id).await?;
    }
    if let Some(taught) = taught {
        crate::directives::set_meeting_teachings(&mut tx, clock, author, cell.unit(), id, taught)
            .await?;
    }
    refresh_cell_years(
        &mut tx,
        &inputs,
        cell.unit(),
        &years_of(&[submission.record.date()]),
    )
    .await?;
    crate::directives::refresh_after_meeting_change(&mut tx, cell.unit()).await?;
    tx.commit().await?;
    Ok(id)
}

/// Opens the transaction of a change to one of `cell`'s meetings (or its
/// scores), with the cell locked: the changes of one cell commit one after
/// the other, each with its indicator difference taken on the rows the
/// previous one left (see `indicators::cell_change`).
pub(crate) async fn begin_cell_change(
    store: &Store,
    cell: &UnitCode,
) -> Result<WriteTx, CoreError> {
    let mut tx = store.begin_write().await?;
    tx.lock_units(&[cell]).await?;
    Ok(tx)
}

/// The years of some days (a change of date touches the year before and
/// after).
fn years_of(dates: &[Option<NaiveDate>]) -> Vec<i32> {
    let mut years: Vec<i32> = dates.iter().flatten().map(|d| d.year()).collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// Saves a changed record. A draft is simply replaced; an approved record
/// changes only as an amendment with a reason, and the version it replaces
/// stays in the history. `row_version` is the one the form was read at.
pub async fn save_meeting(
    db: &Db,
    clock: &dyn Clock,
    access: &MeetingAccess<RecordMeetings>,
    author: &AuditContext,
    submission: &MeetingSubmission,
    row_version: i64,
    amendment_reason: Option<&str>,
) -> Result<(), CoreError> {
    save(
        db,
        clock,
        access,
        author,
        submission,
        (row_version, amendment_reason),
        None,
        None,
    )
    .await
}

/// [`save_meeting`] with the request's idempotency key, stored in the same
/// transaction as the change (see [`create_meeting_keyed`]).
pub async fn save_meeting_keyed(
    db: &Db,
    clock: &dyn Clock,
    access: &MeetingAccess<RecordMeetings>,
    author: &AuditContext,
    submission: &MeetingSubmission,
    (row_version, amendment_reason): (i64, Option<&str>),
    key: &KeyUse,
) -> Result<(), CoreError> {
    save(
        db,
        clock,
        access,
        author,
        submission,
        (row_version, amendment_reason),
        Some(key),
        None,
    )
    .await
}

/// Saves the meeting and makes the directives it taught the ones in
/// `taught`, all in the transaction of the save: a directive ticked is
/// recorded as taught at the meeting, one unticked loses that record, and
/// a refused directive leaves the meeting unsaved too.
#[allow(clippy::too_many_arguments)]
pub async fn save_meeting_teaching(
    db: &Db,
    clock: &dyn Clock,
    access: &MeetingAccess<RecordMeetings>,
    author: &AuditContext,
    submission: &MeetingSubmission,
    seen: (i64, Option<&str>),
    key: Option<&KeyUse>,
    taught: &[i64],
) -> Result<(), CoreError> {
    save(
        db,
        clock,
        access,
        author,
        submission,
        seen,
        key,
        Some(taught),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn save(
    db: &Db,
    clock: &dyn Clock,
    access: &MeetingAccess<RecordMeetings>,
    author: &AuditContext,
    submission: &MeetingSubmission,
    (row_version, amendment_reason): (i64, Option<&str>),
    key: Option<&KeyUse>,
    taught: Option<&[i64]>,
) -> Result<(), CoreError> {
    let store = db.store();
    let stored = access.meeting();
    if row_version != stored.row_version {
        return Err(CoreError::Store(StoreError::Conflict));
    }
    let approved = stored.record.status == MeetingStatus::Approved;
    let reason = amendment_reason.map(str::trim).filter(|r| !r.is_empty());
    if approved && reason.is_none() {
        return Err(CoreError::invalid(Problem::in_field(
            "amendment_reason",
            Message::new("meeting-err-amendment-reason"),
        )));
    }
    let mut record = submission.record.clone();
    if approved {
        record.status = MeetingStatus::Approved;
    } else if record.status == MeetingStatus::Approved {
        return Err(CoreError::invalid(Problem::in_field(
            "status",
            Message::new("meeting-err-approve-separately"),
        )));
    }
    let submission = MeetingSubmission {
        record,
        carried: submission.carried.clone(),
    };
    let change = Change {
        action: "update",
        amendment_reason: reason,
        key,
        taught,
    };
    write_existing(store, clock, access, author, &submission, change).await
}

/// What a write of an existing meeting records besides the record.
struct Change<'a> {
    action: &'a str,
    amendment_reason: Option<&'a str>,
    key: Option<&'a KeyUse>,
    /// The directives the meeting taught, when the change sets them.
    taught: Option<&'a [i64]>,
}

/// Approves held minutes, which locks them: later changes are amendments.
pub async fn approve_meeting(
    db: &Db,
    clock: &dyn Clock,
    access: &MeetingAccess<RecordMeetings>,
    author: &AuditContext,
    row_version: i64,
) -> Result<(), CoreError> {
    let store = db.store();
    let stored = access.meeting();
    if row_version != stored.row_version {
        return Err(CoreError::Store(StoreError::Conflict));
    }
    match stored.record.status {
        MeetingStatus::Approved => {
            return Err(CoreError::refused(Message::new(
                "meeting-err-already-approved",
            )));
        }
        MeetingStatus::Planned => {
            return Err(CoreError::refused(Message::new(
                "meeting-err-approve-planned",
            )));
        }
        MeetingStatus::Held => {}
    }
    let mut record = stored.record.clone();
    record.status = MeetingStatus::Approved;
    let submission = MeetingSubmission {
        record,
        carried: Vec::new(),
    };
    let change = Change {
        action: "approve",
        amendment_reason: None,
        key: None,
        taught: None,
    };
    write_existing(store, clock, access, author, &submission, change).await
}

async fn write_existing(
    store: &Store,
    clock: &dyn Clock,
    access: &MeetingAccess<RecordMeetings>,
    author: &AuditContext,
    submission: &MeetingSubmission,
    change: Change<'_>,
) -> Result<(), CoreError> {
    let Change {
        action,
        amendment_reason,
        key,
        taught,
    } = change;
    let stored = access.meeting();
    check_submission(store, access.cell(), submission, Some(stored.id)).await?;
    let facts = facts_of(
        &Db::from(store),
        access.cell(),
        &submission.record,
        &submission.carried,
        Some(stored.id),
    )
    .await?;
    let action = if amendment_reason.is_some() {
        "amend"
    } else {
        action
    };
    let entry = author.entry(
        clock,
        action,
        "meeting",
        &stored.id.to_string(),
        Some(access.cell().unit()),
        Some(&stored.record),
        Some(&submission.record),
    );
    let write = MeetingWrite {
        cell: access.cell().unit(),
        record: &submission.record,
        facts: &facts,
        carried: &submission.carried,
        is_demo: stored.is_demo,
        now: clock.now(),
    };
    let replacement = amendment_reason.map(|reason| Replacement {
        record: &stored.record,
        reason,
        replaced_by: &author.actor,
    });
    let inputs = Inputs::load(&Db::from(store)).await?;
    let mut tx = begin_cell_change(store, access.cell().unit()).await?;
    tx.update_meeting(stored.id, stored.row_version, &write, replacement, &[entry])
        .await
        .map_err(store_problem)?;
    if let Some(key) = key {
        idempotency::claim(&mut tx, clock, key, stored.id).await?;
    }
    if let Some(taught) = taught {
        let cell = access.cell().unit();
        crate::directives::set_meeting_teachings(&mut tx, clock, author, cell, stored.id, taught)
            .await?;
    }
    refresh_cell_years(
        &mut tx,
        &inputs,
        access.cell().unit(),
        &years_of(&[stored.record.date(), submission.record.date()]),
    )
    .await?;
    crate::directives::refresh_after_meeting_change(&mut tx, access.cell().unit()).await?;
    tx.commit().await?;
    Ok(())
}
