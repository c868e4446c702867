//! Cell meetings: the record, its attendance and tasks, the versions that
//! amendments replaced, and the reads the meeting screens and rules need.

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
            let keyed: Vec<AuditEntry> = audit
                .iter()
                .map(|entry| {
                    let mut entry = entry.clone();
                    if entry.entity_key.is_empty() {
                        entry.entity_key = id.to_string();
                    }
                    entry
                })
                .collect();
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

impl Store {
    /// One meeting with its attendance and tasks.
    pub async fn meeting(&self, id: i64) -> Result<Option<StoredMeeting>, StoreError> {
        let head_sql = "SELECT u.code, m.minutes, m.amendment, m.row_version, m.is_demo \
                        FROM meetings m JOIN units u ON u.id = m.unit_id WHERE m.id = $1";
        let marks_sql = "SELECT p.code, a.mark, a.reason FROM meeting_attendance a \
                         JOIN members p ON p.id = a.member_id WHERE a.meeting_id = $1";
        let tasks_sql = "SELECT t.title, p.code, t.deadline, t.status, t.closed_on \
                         FROM meeting_tasks t LEFT JOIN members p ON p.id = t.owner_id \
                         WHERE t.meeting_id = $1 ORDER BY t.position";
        type Head = (String, String, i64, i64, bool);
        type MarkRow = (String, String, String);
        let (head, marks, tasks): (Option<Head>, Vec<MarkRow>, Vec<TaskRow>) = on_pool!(self, pool => (
            sqlx::query_as(head_sql).bind(id).fetch_optional(pool).await?,
            sqlx::query_as(marks_sql).bind(id).fetch_all(pool).await?,
            sqlx::query_as(tasks_sql).bind(id).fetch_all(pool).await?,
        ));
        let Some((cell, minutes, amendment, row_version, is_demo)) = head else {
            return Ok(None);
        };
        let mut record = record_from_json(&minutes)?;
        record.attendance = marks
            .into_iter()
            .map(|(code, mark, reason)| {
                Ok(AttendanceMark {
                    member: rows::member_code(&code)?,
                    mark: Attendance::parse(&mark).ok_or_else(|| corrupt("mark", &mark))?,
                    reason,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        record.tasks = tasks
            .into_iter()
            .map(task_from_row)
            .collect::<Result<_, _>>()?;
        Ok(Some(StoredMeeting {
            id,
            cell: rows::unit_code(&cell)?,
            record,
            amendment,
            row_version,
            is_demo,
        }))
    }

    /// Meetings of every cell in id order after `after`, at most `limit`,
    /// each with its list line (the stored fact columns): pages of all
    /// meetings without holding them in memory, for checksums and exports.
    pub async fn meetings_page(
        &self,
        after: Option<i64>,
        limit: i64,
    ) -> Result<Vec<(StoredMeeting, MeetingListEntry)>, StoreError> {
        let heads_sql = "SELECT m.id, u.code, m.minutes, m.amendment, m.row_version, m.is_demo, \
                         m.duration_minutes, m.expected, m.present, m.unexcused, m.speakers, \
                         m.documents_days_ahead, m.superior_attended, m.final_rating, m.final_provisional \
                         FROM meetings m JOIN units u ON u.id = m.unit_id \
                         WHERE m.id > $1 ORDER BY m.id LIMIT $2";
        let marks_sql = "SELECT a.meeting_id, p.code, a.mark, a.reason FROM meeting_attendance a \
                         JOIN members p ON p.id = a.member_id \
                         WHERE a.meeting_id > $1 AND a.meeting_id <= $2 \
                         ORDER BY a.meeting_id, p.code";
        let tasks_sql = "SELECT t.meeting_id, t.title, p.code, t.deadline, t.status, t.closed_on \
                         FROM meeting_tasks t LEFT JOIN members p ON p.id = t.owner_id \
                         WHERE t.meeting_id > $1 AND t.meeting_id <= $2 \
                         ORDER BY t.meeting_id, t.position";
        type Head = (
            i64,
            String,
            String,
            i64,
            i64,
            bool,
            Option<i64>,
            i64,
            i64,
            i64,
            i64,
            Option<i64>,
            bool,
            Option<String>,
            Option<bool>,
        );
        type MarkRow = (i64, String, String, String);
        type PagedTaskRow = (
            i64,
            String,
            Option<String>,
            Option<NaiveDate>,
            String,
            Option<NaiveDate>,
        );
        let after = after.unwrap_or(0);
        let heads: Vec<Head> = on_pool!(self, pool => {
            sqlx::query_as(heads_sql).bind(after).bind(limit).fetch_all(pool).await?
        });
        let Some(last) = heads.last().map(|h| h.0) else {
            return Ok(Vec::new());
        };
        let (marks, tasks): (Vec<MarkRow>, Vec<PagedTaskRow>) = on_pool!(self, pool => (
            sqlx::query_as(marks_sql).bind(after).bind(last).fetch_all(pool).await?,
            sqlx::query_as(tasks_sql).bind(after).bind(last).fetch_all(pool).await?,
        ));
        let mut marks_of: HashMap<i64, Vec<AttendanceMark>> = HashMap::new();
        for (meeting_id, code, mark, reason) in marks {
            marks_of
                .entry(meeting_id)
                .or_default()
                .push(AttendanceMark {
                    member: rows::member_code(&code)?,
                    mark: Attendance::parse(&mark).ok_or_else(|| corrupt("mark", &mark))?,
                    reason,
                });
        }
        let mut tasks_of: HashMap<i64, Vec<Task>> = HashMap::new();
        for (meeting_id, title, owner, deadline, status, closed_on) in tasks {
            tasks_of
                .entry(meeting_id)
                .or_default()
                .push(task_from_row((title, owner, deadline, status, closed_on))?);
        }
        heads
            .into_iter()
            .map(
                |(
                    id,
                    cell,
                    minutes,
                    amendment,
                    row_version,
                    is_demo,
                    duration,
                    expected,
                    present,
                    unexcused,
                    speakers,
                    documents_days_ahead,
                    superior_attended,
                    final_rating,
                    final_provisional,
                )| {
                    let mut record = record_from_json(&minutes)?;
                    record.attendance = marks_of.remove(&id).unwrap_or_default();
                    record.tasks = tasks_of.remove(&id).unwrap_or_default();
                    let entry = MeetingListEntry {
                        id,
                        kind: record.kind,
                        status: record.status,
                        meeting_on: record
                            .date()
                            .ok_or_else(|| corrupt("meeting without a date", &minutes))?,
                        duration_minutes: duration,
                        expected,
                        present,
                        unexcused,
                        speakers,
                        documents_days_ahead,
                        superior_attended,
                        final_rating,
                        final_provisional: final_provisional.unwrap_or(false),
                    };
                    let meeting = StoredMeeting {
                        id,
                        cell: rows::unit_code(&cell)?,
                        record,
                        amendment,
                        row_version,
                        is_demo,
                    };
                    Ok((meeting, entry))
                },
            )
            .collect()
    }

    /// The scores of the meetings with ids in `(after, last]`, by meeting id
    /// and then in the order they were given (as
    /// [`evaluations`](Self::evaluations) reads them): the scores of a page
    /// of [`meetings_page`](Self::meetings_page) in one query, for
    /// checksums and exports.
    pub async fn evaluations_page(
        &self,
        after: Option<i64>,
        last: i64,
    ) -> Result<Vec<(i64, StoredEvaluation)>, StoreError> {
        let sql = "SELECT e.meeting_id, e.rater, e.account_id, COALESCE(a.display_name, ''), \
                   e.rubric_code, e.rubric_version, e.scores, e.total_tenths, e.rating, \
                   e.vote_for, e.vote_against, e.vote_abstain, e.scored_at \
                   FROM meeting_evaluations e LEFT JOIN accounts a ON a.id = e.account_id \
                   WHERE e.meeting_id > $1 AND e.meeting_id <= $2 \
                   ORDER BY e.meeting_id, e.scored_at, e.id";
        let found: Vec<PagedEvaluationRow> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(after.unwrap_or(0)).bind(last).fetch_all(pool).await?
        });
        Ok(found.into_iter().map(paged_evaluation).collect())
    }

    /// The cell's meetings dated in `[from, to]`, newest first.
    pub async fn meetings_of(
        &self,
        cell: &UnitCode,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<MeetingListEntry>, StoreError> {
        let sql = "SELECT m.id, m.kind, m.status, m.meeting_on, m.duration_minutes, m.expected, \
                   m.present, m.unexcused, m.speakers, m.documents_days_ahead, m.superior_attended, \
                   m.final_rating, m.final_provisional \
                   FROM units u CROSS JOIN meetings m \
                   WHERE u.code = $1 AND m.unit_id = u.id AND m.meeting_on >= $2 AND m.meeting_on <= $3 \
                   ORDER BY m.meeting_on DESC, m.id DESC";
        let found: Vec<ListRow> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(cell.as_str()).bind(from).bind(to).fetch_all(pool).await?
        });
        found.into_iter().map(list_entry).collect()
    }

    /// Open tasks set by the cell's meetings dated before `date` (other
    /// than `except`), oldest first: what the next meeting must follow up.
    pub async fn open_tasks_before(
        &self,
        cell: &UnitCode,
        date: NaiveDate,
        except: Option<i64>,
    ) -> Result<Vec<CarriedTask>, StoreError> {
        let sql = "SELECT t.id, m.id, m.meeting_on, t.title, p.code, t.deadline, t.status, t.closed_on \
                   FROM units u CROSS JOIN meetings m CROSS JOIN meeting_tasks t \
                   LEFT JOIN members p ON p.id = t.owner_id \
                   WHERE u.code = $1 AND m.unit_id = u.id AND t.meeting_id = m.id \
                     AND m.meeting_on < $2 AND m.id <> $3 AND t.status = 'open' \
                   ORDER BY m.meeting_on, t.position";
        let found: Vec<CarriedRow> = on_pool!(self, pool => {
            sqlx::query_as(sql)
                .bind(cell.as_str())
                .bind(date)
                .bind(except.unwrap_or(-1))
                .fetch_all(pool)
                .await?
        });
        found.into_iter().map(carried_from_row).collect()
    }

    /// The tasks set by the cell's last held meeting before `date` (other
    /// than `except`), as they stand now: what a meeting's "previous
    /// resolution carried out" is judged on.
    pub async fn previous_meeting_tasks(
        &self,
        cell: &UnitCode,
        date: NaiveDate,
        except: Option<i64>,
    ) -> Result<Vec<CarriedTask>, StoreError> {
        let sql = "SELECT t.id, m.id, m.meeting_on, t.title, p.code, t.deadline, t.status, t.closed_on \
                   FROM meetings m CROSS JOIN meeting_tasks t LEFT JOIN members p ON p.id = t.owner_id \
                   WHERE m.id = ( \
                     SELECT m2.id FROM units u CROSS JOIN meetings m2 \
                     WHERE u.code = $1 AND m2.unit_id = u.id AND m2.meeting_on < $2 \
                       AND m2.id <> $3 AND m2.status <> 'planned' \
                     ORDER BY m2.meeting_on DESC, m2.id DESC LIMIT 1) \
                     AND t.meeting_id = m.id \
                   ORDER BY t.position";
        let found: Vec<CarriedRow> = on_pool!(self, pool => {
            sqlx::query_as(sql)
                .bind(cell.as_str())
                .bind(date)
                .bind(except.unwrap_or(-1))
                .fetch_all(pool)
                .await?
        });
        found.into_iter().map(carried_from_row).collect()
    }

    /// The versions amendments replaced, oldest first.
    pub async fn meeting_versions(&self, id: i64) -> Result<Vec<ReplacedVersion>, StoreError> {
        let sql = "SELECT amendment, record, reason, replaced_at, replaced_by FROM meeting_versions \
                   WHERE meeting_id = $1 ORDER BY amendment";
        let found: Vec<(i64, String, String, i64, String)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(id).fetch_all(pool).await?
        });
        found
            .into_iter()
            .map(|(amendment, record, reason, replaced_at, replaced_by)| {
                Ok(ReplacedVersion {
                    amendment,
                    record: record_from_json(&record)?,
                    reason,
                    replaced_at,
                    replaced_by,
                })
            })
            .collect()
    }

    /// The attendance marks of the cell's held meetings dated in
    /// `[from, to]`, in date order: the input of the absence rules.
    pub async fn attendance_marks(
        &self,
        cell: &UnitCode,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DatedMark>, StoreError> {
        let sql = "SELECT p.code, m.meeting_on, a.mark \
                   FROM units u CROSS JOIN meetings m CROSS JOIN meeting_attendance a \
                   JOIN members p ON p.id = a.member_id \
                   WHERE u.code = $1 AND m.unit_id = u.id AND a.meeting_id = m.id \
                     AND m.status <> 'planned' AND m.meeting_on >= $2 AND m.meeting_on <= $3 \
                   ORDER BY m.meeting_on, m.id";
        let found: Vec<(String, NaiveDate, String)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(cell.as_str()).bind(from).bind(to).fetch_all(pool).await?
        });
        found
            .into_iter()
            .map(|(code, held_on, mark)| {
                Ok(DatedMark {
                    member: rows::member_code(&code)?,
                    held_on,
                    mark: Attendance::parse(&mark).ok_or_else(|| corrupt("mark", &mark))?,
                })
            })
            .collect()
    }
}

/// A new meeting for [`Store::insert_meetings_bulk`]: the record, whose
/// tasks already stand as they are, and the facts derived from it.
#[derive(Debug, Clone)]
pub struct BulkMeeting {
    pub cell: UnitCode,
    pub record: MeetingRecord,
    pub facts: MeetingFacts,
    /// When the minutes were saved, in Unix seconds (`created_at` and
    /// `updated_at`).
    pub saved_at: i64,
}

/// A score given to a new meeting, for
/// [`Store::insert_scored_meetings_bulk`]: the columns
/// [`Store::save_evaluation`] writes, without the meeting id, which the
/// database hands out in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkEvaluation {
    /// `self` or `evaluator`.
    pub rater: String,
    /// `None` for a score given outside an account (the command line, or
    /// demonstration data).
    pub account_id: Option<i64>,
    pub rubric_code: String,
    pub rubric_version: i64,
    /// The JSON of the manual scores, as `save_evaluation` stores it.
    pub scores: String,
    pub total_tenths: i64,
    pub rating: Option<String>,
    /// For, against, abstaining: the members' vote on the cell's proposal.
    pub vote: Option<(i64, i64, i64)>,
    /// Unix seconds; a meeting's scores are read back in this order.
    pub scored_at: i64,
}

/// A meeting's final rating columns, as [`EvaluationWrite`]'s
/// `final_rating` sets them.
///
/// [`EvaluationWrite`]: crate::EvaluationWrite
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkFinalRating {
    pub total_tenths: i64,
    pub rating: Option<String>,
    pub provisional: bool,
}

/// The scores of one new meeting and the final rating they give.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkScores {
    pub evaluations: Vec<BulkEvaluation>,
    pub final_rating: Option<BulkFinalRating>,
}

/// The columns of one meeting row that [`Store::insert_meetings_bulk`]
/// gets back, which say which meeting of the batch it was: RETURNING gives
/// rows in no promised order (SQLite says so explicitly).
type MeetingKey = (i64, NaiveDate, String);

/// Looks up member ids by code inside a transaction (`$executor` derefs to
/// a connection). Codes that do not exist are absent from the map.
macro_rules! member_ids {
    ($executor:expr, $codes:expr) => {{
        let mut ids: HashMap<String, i64> = HashMap::new();
        let codes: Vec<&str> = $codes;
        for chunk in codes.chunks(5_000) {
            let mut query = sqlx::QueryBuilder::new("SELECT code, id FROM members WHERE code IN (");
            let mut separated = query.separated(", ");
            for code in chunk {
                separated.push_bind(*code);
            }
            query.push(")");
            let found: Vec<(String, i64)> = query
                .build_query_as()
                .persistent(false)
                .fetch_all(&mut *$executor)
                .await?;
            ids.extend(found);
        }
        ids
    }};
}

impl Store {
    /// Stores many new meetings with their attendance and tasks in one
    /// transaction, with multi-row inserts: for demonstration data and
    /// loads of past minutes, where saving meeting by meeting would take
    /// minutes. Unlike [`insert_meeting`](Self::insert_meeting) it updates
    /// no tasks of earlier meetings (each record's tasks are written as they
    /// stand); `audit` holds the entries of the whole load (none for
    /// demonstration data), written in the same transaction. The fact columns come from each
    /// meeting's `facts`, as in `insert_meeting`. All or nothing.
    pub async fn insert_meetings_bulk(
        &self,
        meetings: &[BulkMeeting],
        is_demo: bool,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        self.insert_scored_meetings_bulk(meetings, &[], is_demo, audit)
            .await
    }

    /// [`insert_meetings_bulk`](Self::insert_meetings_bulk) with the
    /// meetings' scores: `scores` is empty (no meeting scored) or holds one
    /// entry per meeting, in the same order. Each meeting row gets its final
    /// rating columns and each score a row of `meeting_evaluations`, in the
    /// same transaction and with multi-row inserts, so that a scored
    /// meeting reads back as if its scores had been saved one by one with
    /// [`save_evaluation`](Self::save_evaluation). A score belongs to its
    /// meeting: it is demonstration data when the meeting is.
    pub async fn insert_scored_meetings_bulk(
        &self,
        meetings: &[BulkMeeting],
        scores: &[BulkScores],
        is_demo: bool,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        if meetings.is_empty() {
            return Ok(());
        }
        if !scores.is_empty() && scores.len() != meetings.len() {
            return Err(StoreError::Corrupt(format!(
                "{} meetings with {} sets of scores",
                meetings.len(),
                scores.len()
            )));
        }
        let no_scores = BulkScores::default();
        let scores_of = |index: usize| scores.get(index).unwrap_or(&no_scores);
        let mut rows = Vec::with_capacity(meetings.len());
        for meeting in meetings {
            let meeting_on = meeting
                .record
                .date()
                .ok_or_else(|| StoreError::Corrupt("meeting without a date".to_owned()))?;
            rows.push((meeting, meeting_on, minutes_json(&meeting.record)?));
        }
        let mut cells: Vec<&str> = meetings.iter().map(|m| m.cell.as_str()).collect();
        cells.sort_unstable();
        cells.dedup();
        let mut members: Vec<&str> = meetings
            .iter()
            .flat_map(|m| {
                let marks = m.record.attendance.iter().map(|a| a.member.as_str());
                let owners = m.record.tasks.iter().filter_map(|t| t.owner.as_ref());
                marks.chain(owners.map(MemberCode::as_str))
            })
            .collect();
        members.sort_unstable();
        members.dedup();

        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let unit_ids = crate::unit_ids!(tx, cells);
            let member_ids = member_ids!(tx, members);
            let unit_id = |code: &UnitCode| {
                unit_ids
                    .get(code.as_str())
                    .copied()
                    .ok_or_else(|| StoreError::NotFound(format!("unit {code}")))
            };
            let member_id = |code: &MemberCode| {
                member_ids
                    .get(code.as_str())
                    .copied()
                    .ok_or_else(|| StoreError::NotFound(format!("member {code}")))
            };

            // Only full-size statements are kept prepared: they are the ones
            // used again, and each of the others (the last of a batch) would
            // keep megabytes in the connection's statement cache.
            //
            // Each statement holds meetings with distinct keys, so that the
            // returned ids can be matched back; a repeated key (two meetings
            // of one kind on one day in one cell) starts a new statement.
            let per_insert = crate::rows_per_insert(22);
            let units: Vec<i64> = rows
                .iter()
                .map(|(meeting, _, _)| unit_id(&meeting.cell))
                .collect::<Result<_, _>>()?;
            let mut meeting_ids: Vec<i64> = vec![0; rows.len()];
            let mut start = 0;
            while start < rows.len() {
                let mut keys: HashMap<MeetingKey, usize> = HashMap::new();
                let mut end = start;
                while end < rows.len() && end - start < per_insert {
                    let (meeting, meeting_on, _) = &rows[end];
                    let key = (units[end], *meeting_on, meeting.record.kind.code().to_owned());
                    if keys.contains_key(&key) {
                        break;
                    }
                    keys.insert(key, end);
                    end += 1;
                }
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO meetings (unit_id, kind, status, meeting_on, held_on, minutes, \
                       duration_minutes, expected, present, unexcused, speakers, documents_days_ahead, \
                       superior_attended, previous_tasks_due, previous_tasks_on_time, \
                       absent_three_in_a_row, is_demo, created_at, updated_at, \
                       final_total_tenths, final_rating, final_provisional) ",
                );
                query.push_values(start..end, |mut row, index| {
                    let (meeting, meeting_on, minutes) = &rows[index];
                    let facts = &meeting.facts;
                    let last = scores_of(index).final_rating.as_ref();
                    row.push_bind(units[index])
                        .push_bind(meeting.record.kind.code())
                        .push_bind(meeting.record.status.code())
                        .push_bind(*meeting_on)
                        .push_bind(meeting.record.held_on)
                        .push_bind(minutes.as_str())
                        .push_bind(facts.duration_minutes.map(as_i64))
                        .push_bind(as_i64(facts.expected))
                        .push_bind(as_i64(facts.present))
                        .push_bind(as_i64(facts.unexcused_absences))
                        .push_bind(as_i64(facts.speakers))
                        .push_bind(facts.documents_sent_days_ahead)
                        .push_bind(facts.superior_attended)
                        .push_bind(as_i64(facts.previous_tasks_due))
                        .push_bind(as_i64(facts.previous_tasks_done_on_time))
                        .push_bind(as_i64(facts.members_absent_three_in_a_row))
                        .push_bind(is_demo)
                        .push_bind(meeting.saved_at)
                        .push_bind(meeting.saved_at)
                        .push_bind(last.map(|f| f.total_tenths))
                        .push_bind(last.and_then(|f| f.rating.as_deref()))
                        .push_bind(last.map(|f| f.provisional));
                });
                query.push(" RETURNING id, unit_id, meeting_on, kind");
                let returned: Vec<(i64, i64, NaiveDate, String)> = query
                    .build_query_as()
                    .persistent(end - start == per_insert)
                    .fetch_all(&mut *tx)
                    .await?;
                if returned.len() != end - start {
                    return Err(StoreError::Corrupt(format!(
                        "{} meetings written, {} ids returned",
                        end - start,
                        returned.len()
                    )));
                }
                for (id, unit, meeting_on, kind) in returned {
                    let index = keys.get(&(unit, meeting_on, kind)).ok_or_else(|| {
                        StoreError::Corrupt(format!("meeting {id} returned but not written"))
                    })?;
                    meeting_ids[*index] = id;
                }
                start = end;
            }

            let mut marks = Vec::new();
            let mut tasks = Vec::new();
            for ((meeting, _, _), &id) in rows.iter().zip(&meeting_ids) {
                for mark in &meeting.record.attendance {
                    marks.push((id, member_id(&mark.member)?, mark.mark.code(), mark.reason.as_str()));
                }
                for (position, task) in meeting.record.tasks.iter().enumerate() {
                    let owner = task.owner.as_ref().map(&member_id).transpose()?;
                    tasks.push((id, position as i64 + 1, task, owner));
                }
            }
            let per_insert = crate::rows_per_insert(4);
            for chunk in marks.chunks(per_insert) {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO meeting_attendance (meeting_id, member_id, mark, reason) ",
                );
                query.push_values(chunk, |mut row, (meeting, member, mark, reason)| {
                    row.push_bind(*meeting)
                        .push_bind(*member)
                        .push_bind(*mark)
                        .push_bind(*reason);
                });
                query.build().persistent(chunk.len() == per_insert).execute(&mut *tx).await?;
            }
            let per_insert = crate::rows_per_insert(7);
            for chunk in tasks.chunks(per_insert) {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO meeting_tasks (meeting_id, position, title, owner_id, deadline, status, closed_on) ",
                );
                query.push_values(chunk, |mut row, (meeting, position, task, owner)| {
                    row.push_bind(*meeting)
                        .push_bind(*position)
                        .push_bind(task.title.as_str())
                        .push_bind(*owner)
                        .push_bind(task.deadline)
                        .push_bind(task.status.code())
                        .push_bind(task.closed_on);
                });
                query.build().persistent(chunk.len() == per_insert).execute(&mut *tx).await?;
            }
            let evaluations: Vec<(i64, &BulkEvaluation)> = meeting_ids
                .iter()
                .enumerate()
                .flat_map(|(index, &id)| scores_of(index).evaluations.iter().map(move |e| (id, e)))
                .collect();
            let per_insert = crate::rows_per_insert(12);
            for chunk in evaluations.chunks(per_insert) {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO meeting_evaluations (meeting_id, rater, account_id, rubric_code, \
                       rubric_version, scores, total_tenths, rating, vote_for, vote_against, \
                       vote_abstain, scored_at) ",
                );
                query.push_values(chunk, |mut row, (meeting, e)| {
                    row.push_bind(*meeting)
                        .push_bind(e.rater.as_str())
                        .push_bind(e.account_id)
                        .push_bind(e.rubric_code.as_str())
                        .push_bind(e.rubric_version)
                        .push_bind(e.scores.as_str())
                        .push_bind(e.total_tenths)
                        .push_bind(e.rating.as_deref())
                        .push_bind(e.vote.map(|v| v.0))
                        .push_bind(e.vote.map(|v| v.1))
                        .push_bind(e.vote.map(|v| v.2))
                        .push_bind(e.scored_at);
                });
                query.build().persistent(chunk.len() == per_insert).execute(&mut *tx).await?;
            }
            crate::audit::insert_audit!(tx, audit);
            tx.commit().await?;
        });
        Ok(())
    }
}

type ListRow = (
    i64,
    String,
    String,
    NaiveDate,
    Option<i64>,
    i64,
    i64,
    i64,
    i64,
    Option<i64>,
    bool,
    Option<String>,
    Option<bool>,
);

fn list_entry(row: ListRow) -> Result<MeetingListEntry, StoreError> {
    let (id, kind, status, meeting_on, duration_minutes, expected, present, unexcused, speakers) = (
        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8,
    );
    Ok(MeetingListEntry {
        id,
        kind: MeetingKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        status: MeetingStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        meeting_on,
        duration_minutes,
        expected,
        present,
        unexcused,
        speakers,
        documents_days_ahead: row.9,
        superior_attended: row.10,
        final_rating: row.11,
        final_provisional: row.12.unwrap_or(false),
    })
}

type PagedEvaluationRow = (
    i64,
    String,
    Option<i64>,
    String,
    String,
    i64,
    String,
    i64,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    i64,
);

fn paged_evaluation(row: PagedEvaluationRow) -> (i64, StoredEvaluation) {
    let evaluation = crate::evaluations::stored_evaluation((
        row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10, row.11, row.12,
    ));
    (row.0, evaluation)
}

type TaskRow = (
    String,
    Option<String>,
    Option<NaiveDate>,
    String,
    Option<NaiveDate>,
);

type CarriedRow = (
    i64,
    i64,
    NaiveDate,
    String,
    Option<String>,
    Option<NaiveDate>,
    String,
    Option<NaiveDate>,
);

fn carried_from_row(row: CarriedRow) -> Result<CarriedTask, StoreError> {
    let (id, meeting_id, meeting_on, title, owner, deadline, status, closed_on) = row;
    Ok(CarriedTask {
        id,
        meeting_id,
        meeting_on,
        task: task_from_row((title, owner, deadline, status, closed_on))?,
    })
}

fn task_from_row(row: TaskRow) -> Result<Task, StoreError> {
    let (title, owner, deadline, status, closed_on) = row;
    Ok(Task {
        title,
        owner: owner.as_deref().map(rows::member_code).transpose()?,
        deadline,
        status: TaskStatus::parse(&status).ok_or_else(|| corrupt("task status", &status))?,
        closed_on,
    })
}
