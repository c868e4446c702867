//! What a target unit recorded of a directive: its steps
//! (`directive_events`), the meetings that taught it (`meeting_directives`)
//! and the meeting tasks that carry it out (`directive_tasks`), read back
//! together with the unit's regular meetings, which a "next regular
//! meeting" deadline resolves against.

use chibo_domain::meeting_record::TaskStatus;
use chibo_domain::{NaiveDate, UnitCode};

use crate::write_tx::on_tx;
use crate::{AuditEntry, Store, StoreError, WriteTx, on_pool, rows};

/// One recorded step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    /// `received`, `plan`, `taught`, `reported` or `checked`.
    pub stage: String,
    pub position: i64,
    pub on: NaiveDate,
    /// The unit's own plan (its number and date), when it issued one.
    pub plan: Option<(String, NaiveDate)>,
    pub plan_id: Option<i64>,
    pub reason: Option<String>,
    pub meeting_id: Option<i64>,
    pub present: Option<i64>,
    pub eligible: Option<i64>,
    pub rating: Option<String>,
}

/// A linked task as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceTask {
    pub id: i64,
    pub assigned_on: NaiveDate,
    pub deadline: Option<NaiveDate>,
    pub status: TaskStatus,
    pub closed_on: Option<NaiveDate>,
}

/// Everything a target unit's execution is read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecutionSource {
    pub events: Vec<StoredEvent>,
    pub tasks: Vec<SourceTask>,
    /// Days the unit held a regular meeting, from the issue date on.
    pub regular_meetings: Vec<NaiveDate>,
}

/// A meeting said to have taught a directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaughtMeeting {
    pub id: i64,
    pub cell: UnitCode,
    pub held_on: Option<NaiveDate>,
    pub status: String,
    pub present: i64,
    pub expected: i64,
}

/// A step to record.
#[derive(Debug, Clone)]
pub struct EventWrite<'a> {
    pub stage: &'a str,
    pub on: NaiveDate,
    pub plan_id: Option<i64>,
    pub reason: Option<&'a str>,
    pub meeting_id: Option<i64>,
    pub present: Option<i64>,
    pub eligible: Option<i64>,
    pub rating: Option<&'a str>,
    pub now: i64,
}

/// A linked task as read: id, day set, deadline, status, day closed.
type TaskTuple = (i64, NaiveDate, Option<NaiveDate>, String, Option<NaiveDate>);

/// A step as read with its unit's code first.
type UnitEventTuple = (
    String,
    String,
    i64,
    NaiveDate,
    Option<String>,
    Option<NaiveDate>,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

type EventTuple = (
    String,
    i64,
    NaiveDate,
    Option<String>,
    Option<NaiveDate>,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

/// Reads a unit's execution source with `$executor` (a connection).
macro_rules! execution_source {
    ($executor:expr, $directive:expr, $unit_id:expr, $from:expr) => {{
        // A teaching at a meeting reads the meeting as it stands now: an
        // amended record moves the day taught and the members reached.
        let events_sql = "SELECT e.stage, e.position, COALESCE(m.held_on, e.on_date), p.number, \
             p.issued_on, e.plan_id, e.reason, e.meeting_id, COALESCE(m.present, e.present), \
             COALESCE(m.expected, e.eligible), e.rating \
             FROM directive_events e LEFT JOIN directives p ON p.id = e.plan_id \
             LEFT JOIN meetings m ON m.id = e.meeting_id \
             WHERE e.directive_id = $1 AND e.unit_id = $2 ORDER BY e.position";
        let tasks_sql = "SELECT t.id, COALESCE(m.held_on, m.meeting_on), t.deadline, t.status, t.closed_on \
             FROM directive_tasks dt JOIN meeting_tasks t ON t.id = dt.task_id \
             JOIN meetings m ON m.id = t.meeting_id \
             WHERE dt.directive_id = $1 AND dt.unit_id = $2 ORDER BY t.id";
        let meetings_sql = "SELECT held_on FROM meetings WHERE unit_id = $1 AND held_on >= $2 \
             AND status IN ('held', 'approved') AND kind IN ('regular', 'regular_and_thematic') \
             ORDER BY held_on";
        let events: Vec<EventTuple> = sqlx::query_as(events_sql)
            .bind($directive)
            .bind($unit_id)
            .fetch_all(&mut *$executor)
            .await?;
        let tasks: Vec<TaskTuple> =
            sqlx::query_as(tasks_sql)
                .bind($directive)
                .bind($unit_id)
                .fetch_all(&mut *$executor)
                .await?;
        let regular_meetings: Vec<NaiveDate> = sqlx::query_scalar(meetings_sql)
            .bind($unit_id)
            .bind($from)
            .fetch_all(&mut *$executor)
            .await?;
        source_from(events, tasks, regular_meetings)?
    }};
}

fn source_from(
    events: Vec<EventTuple>,
    tasks: Vec<TaskTuple>,
    regular_meetings: Vec<NaiveDate>,
) -> Result<ExecutionSource, StoreError> {
    let events = events
        .into_iter()
        .map(|e| StoredEvent {
            stage: e.0,
            position: e.1,
            on: e.2,
            plan: e.3.zip(e.4),
            plan_id: e.5,
            reason: e.6,
            meeting_id: e.7,
            present: e.8,
            eligible: e.9,
            rating: e.10,
        })
        .collect();
    let tasks = tasks
        .into_iter()
        .map(|(id, assigned_on, deadline, status, closed_on)| {
            Ok(SourceTask {
                id,
                assigned_on,
                deadline,
                status: TaskStatus::parse(&status)
                    .ok_or_else(|| StoreError::Corrupt(format!("task status {status:?}")))?,
                closed_on,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(ExecutionSource {
        events,
        tasks,
        regular_meetings,
    })
}

impl Store {
    /// A target unit's execution source, read outside a change (a recount).
    pub async fn directive_execution_source(
        &self,
        directive_id: i64,
        unit_id: i64,
        from: NaiveDate,
    ) -> Result<ExecutionSource, StoreError> {
        Ok(on_pool!(self, pool => {
            let mut conn = pool.acquire().await?;
            execution_source!(conn, directive_id, unit_id, from)
        }))
    }

    /// The directives targeting `cell` that it must teach, issued on or
    /// before `on`, and not taught yet: (id, number, issued on, title),
    /// oldest first.
    pub async fn directives_to_teach(
        &self,
        cell: &UnitCode,
        on: NaiveDate,
    ) -> Result<Vec<(i64, String, NaiveDate, String)>, StoreError> {
        let sql = "SELECT d.id, d.number, d.issued_on, d.title FROM directives d \
                   JOIN directive_units du ON du.directive_id = d.id AND du.is_target = $3 \
                   JOIN units u ON u.id = du.unit_id \
                   WHERE u.code = $1 AND d.must_teach = $3 AND d.issued_on <= $2 \
                   AND NOT EXISTS (SELECT 1 FROM directive_events e WHERE e.directive_id = d.id \
                                   AND e.unit_id = du.unit_id AND e.stage = 'taught') \
                   ORDER BY d.issued_on, d.id";
        Ok(on_pool!(self, pool => {
            sqlx::query_as(sql).bind(cell.as_str()).bind(on).bind(true).fetch_all(pool).await?
        }))
    }

    /// The days each of `units` held a regular meeting from `from` on.
    pub async fn regular_meetings_since(
        &self,
        units: &[&UnitCode],
        from: NaiveDate,
    ) -> Result<std::collections::HashMap<UnitCode, Vec<NaiveDate>>, StoreError> {
        let mut found: std::collections::HashMap<UnitCode, Vec<NaiveDate>> =
            std::collections::HashMap::new();
        for chunk in units.chunks(5_000) {
            let rows: Vec<(String, NaiveDate)> = on_pool!(self, pool => {
                let mut query = sqlx::QueryBuilder::new(
                    "SELECT u.code, m.held_on FROM meetings m JOIN units u ON u.id = m.unit_id \
                     WHERE m.status IN ('held', 'approved') \
                     AND m.kind IN ('regular', 'regular_and_thematic') AND m.held_on >= ",
                );
                query.push_bind(from);
                query.push(" AND u.code IN (");
                let mut separated = query.separated(", ");
                for unit in chunk {
                    separated.push_bind(unit.as_str());
                }
                query.push(") ORDER BY m.held_on");
                query.build_query_as().persistent(false).fetch_all(pool).await?
            });
            for (code, day) in rows {
                found.entry(rows::unit_code(&code)?).or_default().push(day);
            }
        }
        Ok(found)
    }

    /// Every step recorded for a directive, by unit code and order.
    pub async fn directive_events_all(
        &self,
        directive_id: i64,
    ) -> Result<Vec<(UnitCode, StoredEvent)>, StoreError> {
        let sql = "SELECT u.code, e.stage, e.position, COALESCE(m.held_on, e.on_date), p.number, \
             p.issued_on, e.plan_id, e.reason, e.meeting_id, COALESCE(m.present, e.present), \
             COALESCE(m.expected, e.eligible), e.rating \
             FROM directive_events e JOIN units u ON u.id = e.unit_id \
             LEFT JOIN directives p ON p.id = e.plan_id \
             LEFT JOIN meetings m ON m.id = e.meeting_id \
             WHERE e.directive_id = $1 ORDER BY u.code, e.position";
        let found: Vec<UnitEventTuple> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(directive_id).fetch_all(pool).await?);
        found
            .into_iter()
            .map(|e| {
                Ok((
                    rows::unit_code(&e.0)?,
                    StoredEvent {
                        stage: e.1,
                        position: e.2,
                        on: e.3,
                        plan: e.4.zip(e.5),
                        plan_id: e.6,
                        reason: e.7,
                        meeting_id: e.8,
                        present: e.9,
                        eligible: e.10,
                        rating: e.11,
                    },
                ))
            })
            .collect()
    }

    /// The directives a meeting taught (its agenda links).
    pub async fn meeting_directive_ids(&self, meeting_id: i64) -> Result<Vec<i64>, StoreError> {
        let sql = "SELECT directive_id FROM meeting_directives WHERE meeting_id = $1 ORDER BY directive_id";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).bind(meeting_id).fetch_all(pool).await?))
    }
}

impl WriteTx {
    /// A target unit's execution source as the transaction sees it.
    pub async fn directive_execution_source(
        &mut self,
        directive_id: i64,
        unit_id: i64,
        from: NaiveDate,
    ) -> Result<ExecutionSource, StoreError> {
        Ok(on_tx!(self.inner, t => {
            let conn = &mut **t;
            execution_source!(conn, directive_id, unit_id, from)
        }))
    }

    /// Records one step of a target unit, after those it recorded.
    pub async fn insert_directive_event(
        &mut self,
        directive_id: i64,
        unit_id: i64,
        event: &EventWrite<'_>,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            let position: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM directive_events \
                 WHERE directive_id = $1 AND unit_id = $2",
            )
            .bind(directive_id)
            .bind(unit_id)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO directive_events (directive_id, unit_id, stage, position, on_date, plan_id, \
                 reason, meeting_id, present, eligible, rating, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(directive_id)
            .bind(unit_id)
            .bind(event.stage)
            .bind(position)
            .bind(event.on)
            .bind(event.plan_id)
            .bind(event.reason)
            .bind(event.meeting_id)
            .bind(event.present)
            .bind(event.eligible)
            .bind(event.rating)
            .bind(event.now)
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from(e).created_meanwhile())?;
            if let Some(meeting_id) = event.meeting_id {
                sqlx::query(
                    "INSERT INTO meeting_directives (meeting_id, directive_id) VALUES ($1, $2) \
                     ON CONFLICT (meeting_id, directive_id) DO NOTHING",
                )
                .bind(meeting_id)
                .bind(directive_id)
                .execute(&mut *tx)
                .await?;
            }
            crate::audit::insert_audit!(tx, audit);
        });
        Ok(())
    }

    /// The directives a meeting taught, as the transaction sees them.
    pub async fn meeting_directive_ids(&mut self, meeting_id: i64) -> Result<Vec<i64>, StoreError> {
        let sql = "SELECT directive_id FROM meeting_directives WHERE meeting_id = $1 ORDER BY directive_id";
        Ok(on_tx!(self.inner, t => {
            sqlx::query_scalar(sql).bind(meeting_id).fetch_all(&mut **t).await?
        }))
    }

    /// Removes a meeting's teaching of a directive (its step and its
    /// agenda link), as when the meeting's record is amended without it.
    pub async fn remove_meeting_teaching(
        &mut self,
        directive_id: i64,
        meeting_id: i64,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            sqlx::query(
                "DELETE FROM directive_events WHERE directive_id = $1 AND meeting_id = $2 \
                 AND stage = 'taught'",
            )
            .bind(directive_id)
            .bind(meeting_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM meeting_directives WHERE meeting_id = $1 AND directive_id = $2")
                .bind(meeting_id)
                .bind(directive_id)
                .execute(&mut *tx)
                .await?;
            crate::audit::insert_audit!(tx, audit);
        });
        Ok(())
    }

    /// A meeting as a teaching needs it.
    pub async fn meeting_for_teaching(
        &mut self,
        meeting_id: i64,
    ) -> Result<Option<TaughtMeeting>, StoreError> {
        let sql = "SELECT m.id, u.code, m.held_on, m.status, m.present, m.expected \
                   FROM meetings m JOIN units u ON u.id = m.unit_id WHERE m.id = $1";
        let found: Option<(i64, String, Option<NaiveDate>, String, i64, i64)> = on_tx!(self.inner, t => {
            sqlx::query_as(sql).bind(meeting_id).fetch_optional(&mut **t).await?
        });
        found
            .map(|(id, cell, held_on, status, present, expected)| {
                Ok(TaughtMeeting {
                    id,
                    cell: rows::unit_code(&cell)?,
                    held_on,
                    status,
                    present,
                    expected,
                })
            })
            .transpose()
    }

    /// Links tasks of the unit's meetings to a directive; `NotFound` names
    /// a task that is not one of the unit's.
    pub async fn link_directive_tasks(
        &mut self,
        directive_id: i64,
        unit_id: i64,
        task_ids: &[i64],
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            for task_id in task_ids {
                let owner: Option<i64> = sqlx::query_scalar(
                    "SELECT m.unit_id FROM meeting_tasks t JOIN meetings m ON m.id = t.meeting_id WHERE t.id = $1",
                )
                .bind(*task_id)
                .fetch_optional(&mut *tx)
                .await?;
                if owner != Some(unit_id) {
                    return Err(StoreError::NotFound(task_id.to_string()));
                }
                sqlx::query(
                    "INSERT INTO directive_tasks (directive_id, unit_id, task_id) VALUES ($1, $2, $3) \
                     ON CONFLICT (directive_id, unit_id, task_id) DO NOTHING",
                )
                .bind(directive_id)
                .bind(unit_id)
                .bind(*task_id)
                .execute(&mut *tx)
                .await?;
            }
            crate::audit::insert_audit!(tx, audit);
        });
        Ok(())
    }

    /// The directives `unit` is a target of whose execution reads its
    /// meetings (a taught step or linked tasks, or any directive with a
    /// teaching deadline at the next regular meeting): those a change to
    /// the unit's meetings may move.
    pub async fn directives_reading_meetings_of(
        &mut self,
        unit: &UnitCode,
    ) -> Result<Vec<i64>, StoreError> {
        let sql = "SELECT du.directive_id FROM directive_units du JOIN units u ON u.id = du.unit_id \
                   WHERE u.code = $1 AND du.is_target = $2 ORDER BY du.directive_id";
        Ok(on_tx!(self.inner, t => {
            sqlx::query_scalar(sql).bind(unit.as_str()).bind(true).fetch_all(&mut **t).await?
        }))
    }
}
