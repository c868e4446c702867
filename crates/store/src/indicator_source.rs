//! What indicator rows are computed from, read inside a change's
//! transaction: the held meetings of some cells between two days, their
//! scores and their unexcused absences.
//!
//! On SQLite the rows are read through its C API (`sqlite_raw`), each
//! decoded as SQLite steps onto it: a national rebuild reads about four
//! million meetings, and sqlx would copy every value of every row first.
//! The statements read the meetings through `meetings_held_facts`, an
//! index that holds every column they need, never the meetings' rows with
//! their minutes (migration 0010).

use chibo_domain::NaiveDate;
use chibo_domain::rubric::MeetingFacts;
use sqlx::Row;

use crate::indicators::{count, kind_of};
use crate::sqlite_raw::{self, Value};
use crate::write_tx::WriterTx;
use crate::{IndicatorSource, SourceMeeting, SourceScore, StoreError, WriteTx};

/// Whose meetings a source is read for.
#[derive(Debug, Clone, Copy)]
pub enum SourceCells<'a> {
    /// Some units by id.
    Ids(&'a [i64]),
    /// The units with ids in an inclusive range (a rebuild's batch).
    Range(i64, i64),
}

/// Units per statement when units are listed by id.
const IDS_PER_STATEMENT: usize = 1_000;

/// The three statements that read a source for the condition `filter` on
/// `m.unit_id` (after the two days, `$1` and `$2`).
fn source_statements(filter: &str) -> [String; 3] {
    // The first two terms are those of the partial index
    // `meetings_held_facts`, written the same way so that both planners
    // see it applies.
    let held = format!(
        "m.status <> 'planned' AND m.held_on IS NOT NULL AND m.held_on >= $1 AND m.held_on <= $2{filter}"
    );
    // From the meetings to their scores and marks: `CROSS JOIN` keeps
    // SQLite from scanning every score or mark stored, and from reading
    // the meetings' rows to check the days (PostgreSQL plans it as an
    // ordinary join).
    [
        format!(
            "SELECT {HELD_COLUMNS} FROM meetings m WHERE {held} ORDER BY m.unit_id, m.held_on, m.id"
        ),
        format!(
            "SELECT e.meeting_id, e.rubric_code, e.rubric_version, e.rating FROM meetings m \
             CROSS JOIN meeting_evaluations e WHERE e.meeting_id = m.id AND {held} \
             ORDER BY e.meeting_id, e.id"
        ),
        format!(
            "SELECT m.unit_id, a.member_id, m.held_on FROM meetings m \
             CROSS JOIN meeting_attendance a WHERE a.meeting_id = m.id \
             AND a.mark = 'absent_unexcused' AND {held}"
        ),
    ]
}

/// The columns of a held meeting that indicators (and the researchers'
/// datasets) read, in the order [`held_facts!`] decodes them.
pub(crate) const HELD_COLUMNS: &str = "m.id, m.unit_id, m.held_on, m.kind, m.duration_minutes, \
     m.expected, m.present, m.unexcused, m.absent_three_in_a_row, m.speakers, \
     m.previous_tasks_due, m.previous_tasks_on_time, m.documents_days_ahead, \
     m.superior_attended, m.final_total_tenths, m.final_rating";

/// The facts of a row read with [`HELD_COLUMNS`] through sqlx (`$kind`:
/// the kind column, already read as text).
macro_rules! held_facts {
    ($row:expr, $kind:expr) => {
        MeetingFacts {
            kind: kind_of(&$kind)?,
            duration_minutes: $row.try_get::<Option<i64>, _>(4)?.map(count),
            expected: count($row.try_get(5)?),
            present: count($row.try_get(6)?),
            unexcused_absences: count($row.try_get(7)?),
            members_absent_three_in_a_row: count($row.try_get(8)?),
            speakers: count($row.try_get(9)?),
            previous_tasks_due: count($row.try_get(10)?),
            previous_tasks_done_on_time: count($row.try_get(11)?),
            documents_sent_days_ahead: $row.try_get(12)?,
            superior_attended: $row.try_get(13)?,
        }
    };
}
pub(crate) use held_facts;

/// Reads the source of `$statements` (see `source_statements`) through
/// `$executor` (PostgreSQL), binding the two days and then `$ids`, into
/// `$source`.
macro_rules! read_source {
    ($executor:expr, $statements:expr, $from:expr, $to:expr, $ids:expr, $source:ident) => {{
        let [meetings_sql, scores_sql, unexcused_sql] = $statements;
        let mut query = sqlx::query(sqlx::AssertSqlSafe(meetings_sql))
            .bind($from)
            .bind($to);
        for id in $ids {
            query = query.bind(*id);
        }
        for row in query.persistent(false).fetch_all($executor).await? {
            let kind: String = row.try_get(3)?;
            $source.meetings.push(SourceMeeting {
                id: row.try_get(0)?,
                unit_id: row.try_get(1)?,
                held_on: row.try_get(2)?,
                facts: held_facts!(row, kind),
                final_total_tenths: row.try_get(14)?,
                final_rating: row.try_get(15)?,
            });
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(scores_sql))
            .bind($from)
            .bind($to);
        for id in $ids {
            query = query.bind(*id);
        }
        for row in query.persistent(false).fetch_all($executor).await? {
            $source.scores.push(SourceScore {
                meeting_id: row.try_get(0)?,
                rubric_code: row.try_get(1)?,
                rubric_version: row.try_get(2)?,
                rating: row.try_get(3)?,
            });
        }
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(unexcused_sql))
            .bind($from)
            .bind($to);
        for id in $ids {
            query = query.bind(*id);
        }
        let unexcused: Vec<(i64, i64, NaiveDate)> =
            query.persistent(false).fetch_all($executor).await?;
        $source.unexcused.extend(unexcused);
    }};
}

/// A column SQLite should never give as NULL.
fn required<T>(value: Option<T>, column: &str) -> Result<T, StoreError> {
    value.ok_or_else(|| StoreError::Corrupt(format!("meetings.{column} is NULL")))
}

/// [`read_source!`] on SQLite, through its C API, on the connection the
/// transaction holds.
fn read_source_sqlite(
    connection: &sqlite_raw::Connection<'_>,
    [meetings_sql, scores_sql, unexcused_sql]: &[String; 3],
    values: &[Value<'_>],
    source: &mut IndicatorSource,
) -> Result<(), StoreError> {
    connection.select(meetings_sql, values, |row| {
        let kind = required(row.text(3)?, "kind")?;
        source.meetings.push(SourceMeeting {
            id: required(row.int(0), "id")?,
            unit_id: required(row.int(1), "unit_id")?,
            held_on: required(row.date(2)?, "held_on")?,
            facts: MeetingFacts {
                kind: kind_of(kind)?,
                duration_minutes: row.int(4).map(count),
                expected: count(required(row.int(5), "expected")?),
                present: count(required(row.int(6), "present")?),
                unexcused_absences: count(required(row.int(7), "unexcused")?),
                members_absent_three_in_a_row: count(required(
                    row.int(8),
                    "absent_three_in_a_row",
                )?),
                speakers: count(required(row.int(9), "speakers")?),
                previous_tasks_due: count(required(row.int(10), "previous_tasks_due")?),
                previous_tasks_done_on_time: count(required(
                    row.int(11),
                    "previous_tasks_on_time",
                )?),
                documents_sent_days_ahead: row.int(12),
                superior_attended: required(row.int(13), "superior_attended")? != 0,
            },
            final_total_tenths: row.int(14),
            final_rating: row.text(15)?.map(str::to_owned),
        });
        Ok(())
    })?;
    connection.select(scores_sql, values, |row| {
        source.scores.push(SourceScore {
            meeting_id: required(row.int(0), "evaluation meeting_id")?,
            rubric_code: required(row.text(1)?, "evaluation rubric_code")?.to_owned(),
            rubric_version: required(row.int(2), "evaluation rubric_version")?,
            rating: row.text(3)?.map(str::to_owned),
        });
        Ok(())
    })?;
    connection.select(unexcused_sql, values, |row| {
        source.unexcused.push((
            required(row.int(0), "unit_id")?,
            required(row.int(1), "attendance member_id")?,
            required(row.date(2)?, "held_on")?,
        ));
        Ok(())
    })
}

impl WriteTx {
    /// The held meetings (minutes held or approved) of some cells between
    /// two days, with their scores and unexcused absences.
    pub async fn indicator_source(
        &mut self,
        cells: SourceCells<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<IndicatorSource, StoreError> {
        let mut source = IndicatorSource::default();
        match cells {
            SourceCells::Range(first, last) => {
                let statements = source_statements(" AND m.unit_id BETWEEN $3 AND $4");
                self.read_source(&statements, from, to, &[first, last], &mut source)
                    .await?;
            }
            SourceCells::Ids(ids) => {
                for chunk in ids.chunks(IDS_PER_STATEMENT) {
                    let placeholders: Vec<String> =
                        (3..chunk.len() + 3).map(|i| format!("${i}")).collect();
                    let statements = source_statements(&format!(
                        " AND m.unit_id IN ({})",
                        placeholders.join(", ")
                    ));
                    self.read_source(&statements, from, to, chunk, &mut source)
                        .await?;
                }
            }
        }
        Ok(source)
    }

    async fn read_source(
        &mut self,
        statements: &[String; 3],
        from: NaiveDate,
        to: NaiveDate,
        ids: &[i64],
        source: &mut IndicatorSource,
    ) -> Result<(), StoreError> {
        match &mut self.inner {
            WriterTx::Sqlite(tx) => {
                let mut values = vec![Value::Date(from), Value::Date(to)];
                values.extend(ids.iter().map(|id| Value::Int(*id)));
                let mut handle = (**tx).lock_handle().await?;
                sqlite_raw::blocking(|| {
                    let connection = sqlite_raw::Connection::new(&mut handle);
                    read_source_sqlite(&connection, statements, &values, source)
                })
            }
            WriterTx::Postgres(tx) => {
                read_source!(&mut **tx, statements.clone(), from, to, ids, source);
                Ok(())
            }
        }
    }
}
