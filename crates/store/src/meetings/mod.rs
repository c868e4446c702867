//! Cell meetings: the record, its attendance and tasks, the versions that
//! amendments replaced, and the reads the meeting screens and rules need.
//! Here: the types and the writes of one meeting; `reads` holds the reads,
//! `bulk` the batch writes of the demonstration data and imports, `queue`
//! an evaluator's meetings waiting for a score.

mod bulk;
mod queue;
mod reads;

pub use bulk::{BulkEvaluation, BulkFinalRating, BulkMeeting, BulkScores};
pub use queue::{EvaluationQueue, QueueRequest, QueuedMeeting};

use std::collections::HashMap;

use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{AttendanceMark, MeetingRecord, Task, TaskStatus};
use chibo_domain::rubric::MeetingFacts;
use chibo_domain::{MemberCode, NaiveDate, UnitCode};

use crate::write_tx::on_tx;
use crate::{AuditEntry, BeginWrite, Store, StoreError, StoredEvaluation, WriteTx, on_pool, rows};

/// A meeting to write, with the facts derived from it.
#[derive(Debug, Clone, Copy)]
pub struct MeetingWrite<'a> {
    pub cell: &'a UnitCode,
    pub record: &'a MeetingRecord,
    pub facts: &'a MeetingFacts,
    /// Tasks of the cell's earlier meetings that this save closes or
    /// reopens.
    pub carried: &'a [TaskUpdate],
    pub is_demo: bool,
    /// Unix seconds.
    pub now: i64,
}

/// A new state for a task set by an earlier meeting of the same cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskUpdate {
    pub task_id: i64,
    pub status: TaskStatus,
    pub closed_on: Option<NaiveDate>,
}

/// The approved version an amendment replaces, kept whole.
#[derive(Debug, Clone, Copy)]
pub struct Replacement<'a> {
    pub record: &'a MeetingRecord,
    pub reason: &'a str,
    pub replaced_by: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMeeting {
    pub id: i64,
    pub cell: UnitCode,
    pub record: MeetingRecord,
    /// How many amendments changed it after approval.
    pub amendment: i64,
    /// Grows with every save; a save planned on an older one is refused.
    pub row_version: i64,
    pub is_demo: bool,
}

/// One line of a cell's meeting list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingListEntry {
    pub id: i64,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub meeting_on: NaiveDate,
    pub duration_minutes: Option<i64>,
    pub expected: i64,
    pub present: i64,
    pub unexcused: i64,
    pub speakers: i64,
    pub documents_days_ahead: Option<i64>,
    pub superior_attended: bool,
    /// The final rating code, once someone scored the meeting.
    pub final_rating: Option<String>,
    pub final_provisional: bool,
}

/// A task set by an earlier meeting, carried to the next ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarriedTask {
    pub id: i64,
    pub meeting_id: i64,
    pub meeting_on: NaiveDate,
    pub task: Task,
}

/// The cell's last meeting before a day and the earlier tasks a meeting on
/// that day may judge, with their ids so that the form's updates apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierTaskRows {
    pub previous_on: Option<NaiveDate>,
    pub tasks: Vec<CarriedTask>,
}

/// A version an amendment replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplacedVersion {
    pub amendment: i64,
    pub record: MeetingRecord,
    pub reason: String,
    pub replaced_at: i64,
    pub replaced_by: String,
}

/// One attendance mark with the day of its meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedMark {
    pub member: MemberCode,
    pub held_on: NaiveDate,
    pub mark: Attendance,
}

impl From<DatedMark> for chibo_domain::norms::MemberMark {
    fn from(mark: DatedMark) -> Self {
        chibo_domain::norms::MemberMark {
            member: mark.member,
            held_on: mark.held_on,
            mark: mark.mark,
        }
    }
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

/// The record without its attendance and tasks, which have tables.
fn minutes_json(record: &MeetingRecord) -> Result<String, StoreError> {
    let mut minutes = record.clone();
    minutes.attendance.clear();
    minutes.tasks.clear();
    serde_json::to_string(&minutes).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn record_from_json(raw: &str) -> Result<MeetingRecord, StoreError> {
    serde_json::from_str(raw).map_err(|e| corrupt(&format!("meeting record ({e})"), raw))
}

fn as_i64(value: u32) -> i64 {
    i64::from(value)
}

/// Binds the record's columns of the meeting row, in the order both the
/// INSERT and the UPDATE name them: kind, status, meeting_on, held_on,
/// minutes, then the fact columns.
macro_rules! bind_record_columns {
    ($query:expr, $write:expr, $meeting_on:expr, $minutes:expr) => {{
        let facts = $write.facts;
        $query
            .bind($write.record.kind.code())
            .bind($write.record.status.code())
            .bind($meeting_on)
            .bind($write.record.held_on)
            .bind($minutes)
            .bind(facts.duration_minutes.map(as_i64))
            .bind(as_i64(facts.expected))
            .bind(as_i64(facts.present))
            .bind(as_i64(facts.unexcused_absences))
            .bind(as_i64(facts.speakers))
            .bind(facts.documents_sent_days_ahead)
            .bind(facts.superior_attended)
            .bind(as_i64(facts.previous_tasks_due))
            .bind(as_i64(facts.previous_tasks_done_on_time))
            .bind(as_i64(facts.members_absent_three_in_a_row))
    }};
}

/// Writes the meeting row's columns, its attendance and its tasks, and
/// applies the carried task updates, inside `$tx`.
macro_rules! write_meeting_parts {
    ($tx:expr, $id:expr, $write:expr, $unit_id:expr) => {{
        let write: &MeetingWrite = $write;
        let id: i64 = $id;
        let record = write.record;
        let mut codes: Vec<&str> = record
            .attendance
            .iter()
            .map(|m| m.member.as_str())
            .collect();
        codes.extend(record.tasks.iter().filter_map(|t| t.owner.as_ref().map(MemberCode::as_str)));
        let mut member_ids: HashMap<String, i64> = HashMap::new();
        if !codes.is_empty() {
            let mut query = sqlx::QueryBuilder::new("SELECT code, id FROM members WHERE code IN (");
            let mut separated = query.separated(", ");
            for code in &codes {
                separated.push_bind(*code);
            }
            query.push(")");
            let found: Vec<(String, i64)> = query.build_query_as().fetch_all(&mut *$tx).await?;
            member_ids.extend(found);
        }
        let member_id = |code: &MemberCode| {
            member_ids
                .get(code.as_str())
                .copied()
                .ok_or_else(|| StoreError::NotFound(format!("member {code}")))
        };
        sqlx::query("DELETE FROM meeting_attendance WHERE meeting_id = $1")
            .bind(id)
            .execute(&mut *$tx)
            .await?;
        for mark in &record.attendance {
            sqlx::query(
                "INSERT INTO meeting_attendance (meeting_id, member_id, mark, reason) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(member_id(&mark.member)?)
            .bind(mark.mark.code())
            .bind(&mark.reason)
            .execute(&mut *$tx)
            .await?;
        }
        // Tasks keep their ids (later meetings refer to them), so they are
        // updated in place by position rather than replaced.
        sqlx::query("DELETE FROM meeting_tasks WHERE meeting_id = $1 AND position > $2")
            .bind(id)
            .bind(record.tasks.len() as i64)
            .execute(&mut *$tx)
            .await?;
        for (position, task) in record.tasks.iter().enumerate() {
            let owner = task.owner.as_ref().map(&member_id).transpose()?;
            sqlx::query(
                "INSERT INTO meeting_tasks (meeting_id, position, title, owner_id, deadline, status, closed_on) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (meeting_id, position) DO UPDATE SET title = excluded.title, \
                   owner_id = excluded.owner_id, deadline = excluded.deadline, \
                   status = excluded.status, closed_on = excluded.closed_on",
            )
            .bind(id)
            .bind(position as i64 + 1)
            .bind(&task.title)
            .bind(owner)
            .bind(task.deadline)
            .bind(task.status.code())
            .bind(task.closed_on)
            .execute(&mut *$tx)
            .await?;
        }
        for update in write.carried {
            let done = sqlx::query(
                "UPDATE meeting_tasks SET status = $2, closed_on = $3 WHERE id = $1 \
                 AND meeting_id IN (SELECT id FROM meetings WHERE unit_id = $4 AND id <> $5)",
            )
            .bind(update.task_id)
            .bind(update.status.code())
            .bind(update.closed_on)
            .bind($unit_id)
            .bind(id)
            .execute(&mut *$tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::TaskNotCarried {
                    task_id: update.task_id,
                });
            }
        }
    }};
}

impl Store {
    /// Stores a new meeting of `write.cell` with its audit entries, in a
    /// transaction of its own (see [`WriteTx::insert_meeting`]).
    pub async fn insert_meeting(
        &self,
        write: &MeetingWrite<'_>,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = tx.insert_meeting(write, audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replaces a stored meeting's record in a transaction of its own (see
    /// [`WriteTx::update_meeting`]).
    pub async fn update_meeting(
        &self,
        id: i64,
        expected_row_version: i64,
        write: &MeetingWrite<'_>,
        replacement: Option<Replacement<'_>>,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        tx.update_meeting(id, expected_row_version, write, replacement, audit)
            .await?;
        tx.commit().await
    }
}

impl WriteTx {
    /// Stores a new meeting of `write.cell` with its audit entries; returns
    /// its id. Audit entries with an empty key get the new meeting's id,
    /// which is only known inside the transaction.
    pub async fn insert_meeting(
        &mut self,
        write: &MeetingWrite<'_>,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        let minutes = minutes_json(write.record)?;
        let meeting_on = write
            .record
            .date()
            .ok_or_else(|| StoreError::Corrupt("meeting without a date".to_owned()))?;
        let id = on_tx!(self.inner, t => {
            let tx = &mut **t;
            let unit_id: i64 = sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
                .bind(write.cell.as_str())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("unit {}", write.cell)))?;
            let query = sqlx::query_scalar(
                "INSERT INTO meetings (unit_id, kind, status, meeting_on, held_on, minutes, \
                   duration_minutes, expected, present, unexcused, speakers, documents_days_ahead, \
                   superior_attended, previous_tasks_due, previous_tasks_on_time, absent_three_in_a_row, \
                   is_demo, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) \
                 RETURNING id",
            )
            .bind(unit_id);
            let id: i64 = bind_record_columns!(query, write, meeting_on, &minutes)
            .bind(write.is_demo)
            .bind(write.now)
            .fetch_one(&mut *tx)
            .await?;
            write_meeting_parts!(tx, id, write, unit_id);
            let keyed = crate::audit::keyed_to(audit, id);
            crate::audit::insert_audit!(tx, &keyed);
            id
        });
        Ok(id)
    }

    /// Replaces a stored meeting's record, refused when someone saved it
    /// since `expected_row_version` was read. With a `replacement`, the
    /// approved version is kept in the history and the amendment count
    /// grows.
    pub async fn update_meeting(
        &mut self,
        id: i64,
        expected_row_version: i64,
        write: &MeetingWrite<'_>,
        replacement: Option<Replacement<'_>>,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        let minutes = minutes_json(write.record)?;
        let replaced = replacement
            .map(|r| serde_json::to_string(r.record).map(|json| (r, json)))
            .transpose()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let meeting_on = write
            .record
            .date()
            .ok_or_else(|| StoreError::Corrupt("meeting without a date".to_owned()))?;
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            // Claiming the next version first takes the row's lock: of two
            // saves read at the same version, exactly one gets past here.
            let current: Option<(i64, i64)> = sqlx::query_as(
                "UPDATE meetings SET row_version = row_version + 1 \
                 WHERE id = $1 AND row_version = $2 RETURNING unit_id, amendment",
            )
            .bind(id)
            .bind(expected_row_version)
            .fetch_optional(&mut *tx)
            .await?;
            let (unit_id, amendment) = current.ok_or(StoreError::Conflict)?;
            if let Some((replacement, json)) = &replaced {
                sqlx::query(
                    "INSERT INTO meeting_versions (meeting_id, amendment, record, reason, replaced_at, replaced_by) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id)
                .bind(amendment)
                .bind(json)
                .bind(replacement.reason)
                .bind(write.now)
                .bind(replacement.replaced_by)
                .execute(&mut *tx)
                .await?;
            }
            let next_amendment = amendment + i64::from(replaced.is_some());
            let query = sqlx::query(
                "UPDATE meetings SET kind = $2, status = $3, meeting_on = $4, held_on = $5, minutes = $6, \
                   duration_minutes = $7, expected = $8, present = $9, unexcused = $10, speakers = $11, \
                   documents_days_ahead = $12, superior_attended = $13, previous_tasks_due = $14, \
                   previous_tasks_on_time = $15, absent_three_in_a_row = $16, updated_at = $17, \
                   amendment = $18 \
                 WHERE id = $1",
            )
            .bind(id);
            bind_record_columns!(query, write, meeting_on, &minutes)
            .bind(write.now)
            .bind(next_amendment)
            .execute(&mut *tx)
            .await?;
            write_meeting_parts!(tx, id, write, unit_id);
            crate::audit::insert_audit!(tx, audit);
        });
        Ok(())
    }
}
