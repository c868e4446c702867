//! Indicator counters: the meeting facts they are computed from, and the
//! rows of counters per unit, year and month (month 0 is the whole year)
//! that dashboards read. Rows change by adding differences, so that a
//! changed meeting updates its cell and its ancestors in one small
//! transaction, and a full rebuild replaces a year at once.

use chibo_domain::NaiveDate;
use chibo_domain::indicators::{COUNTER_COUNT, Counter, Counters};
use chibo_domain::meeting::MeetingKind;
use chibo_domain::rubric::MeetingFacts;
use sqlx::Row;

use crate::{BeginWrite, Store, StoreError, on_pool};

/// A held meeting as indicators read it.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceMeeting {
    pub id: i64,
    pub unit_id: i64,
    pub held_on: NaiveDate,
    pub facts: MeetingFacts,
    pub final_total_tenths: Option<i64>,
    pub final_rating: Option<String>,
}

/// One score given to a held meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceScore {
    pub meeting_id: i64,
    pub rubric_code: String,
    pub rubric_version: i64,
    pub rating: Option<String>,
}

/// Everything the counters of some cells over some days come from.
#[derive(Debug, Clone, Default)]
pub struct IndicatorSource {
    pub meetings: Vec<SourceMeeting>,
    pub scores: Vec<SourceScore>,
    /// Unexcused absences: cell, member and day.
    pub unexcused: Vec<(i64, i64, NaiveDate)>,
}

/// A row of counters for a unit and a month of a year (0: the year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndicatorRow {
    pub unit_id: i64,
    pub year: i32,
    pub month: u32,
    pub counters: Counters,
}

fn counter_columns() -> String {
    Counter::ALL
        .iter()
        .map(|c| c.column())
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind_of(code: &str) -> Result<MeetingKind, StoreError> {
    MeetingKind::parse(code).ok_or_else(|| StoreError::Corrupt(format!("meeting kind {code}")))
}

fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

/// Whose meetings a source is read for.
#[derive(Debug, Clone, Copy)]
enum Cells {
    All,
    One(i64),
    /// Units with ids in an inclusive range.
    Range(i64, i64),
}

impl Cells {
    /// The condition on `m.unit_id` (after the two days, `$1` and `$2`)
    /// and the values it binds.
    fn filter(self) -> (&'static str, Vec<i64>) {
        match self {
            Cells::All => ("", Vec::new()),
            Cells::One(cell) => (" AND m.unit_id = $3", vec![cell]),
            Cells::Range(first, last) => (" AND m.unit_id BETWEEN $3 AND $4", vec![first, last]),
        }
    }
}

/// Separates the fields of a packed row (see [`Store::indicator_rows_of_year`]).
const FIELD_SEPARATOR: &str = ",";
/// Separates packed rows.
const ROW_SEPARATOR: &str = ";";

/// Inserts `$rows` in multi-row statements inside `$tx`, each row marked
/// with its year's revision from `$revisions`, each statement ending with
/// `$suffix` (an ON CONFLICT clause, or nothing).
macro_rules! insert_rows {
    ($tx:ident, $rows:expr, $revisions:expr, $suffix:expr) => {
        for chunk in $rows.chunks(crate::rows_per_insert(COUNTER_COUNT + 4)) {
            let mut query = sqlx::QueryBuilder::new(format!(
                "INSERT INTO indicator_rows (unit_id, year, month, revision, {}) ",
                counter_columns()
            ));
            query.push_values(chunk, |mut values, row| {
                values
                    .push_bind(row.unit_id)
                    .push_bind(i64::from(row.year))
                    .push_bind(i64::from(row.month))
                    .push_bind($revisions.of(row.year));
                for value in row.counters.values() {
                    values.push_bind(*value);
                }
            });
            query.push($suffix);
            query.build().persistent(false).execute(&mut *$tx).await?;
        }
    };
}

/// Takes the next revision of each of `$years` (ascending, so that
/// concurrent writers lock them in the same order) inside `$tx`, into a
/// [`Revisions`]; with `$rebuilt`, also records it as the year's rebuild.
///
/// On PostgreSQL the row lock taken here is held to the commit, so that
/// writers of a year commit in the order of their revisions: a reader that
/// sees revision r has every change up to r.
macro_rules! next_revisions {
    ($tx:ident, $years:expr, $rebuilt:expr) => {{
        let mut taken = Revisions::default();
        for year in $years {
            let revision: i64 = sqlx::query_scalar(
                "INSERT INTO indicator_revisions (year, revision, rebuilt_at) VALUES ($1, 1, 0) \
                 ON CONFLICT (year) DO UPDATE SET revision = indicator_revisions.revision + 1 \
                 RETURNING revision",
            )
            .bind(i64::from(year))
            .fetch_one(&mut *$tx)
            .await?;
            if $rebuilt {
                sqlx::query("UPDATE indicator_revisions SET rebuilt_at = revision WHERE year = $1")
                    .bind(i64::from(year))
                    .execute(&mut *$tx)
                    .await?;
            }
            taken.0.push((year, revision));
        }
        taken
    }};
}

/// The revisions a write took, by year.
#[derive(Debug, Default)]
struct Revisions(Vec<(i32, i64)>);

impl Revisions {
    fn of(&self, year: i32) -> i64 {
        self.0
            .iter()
            .find(|(y, _)| *y == year)
            .map_or(0, |(_, revision)| *revision)
    }
}

/// Where a year's rows stand: the revision of their last change and of
/// their last rebuild (both 0 for a year never written since revisions
/// were kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IndicatorRevision {
    pub revision: i64,
    pub rebuilt_at: i64,
}

/// Reads the rows of `$year` and `$months`, of the units `$units` (all
/// when `None`), into `$found`.
macro_rules! select_rows {
    ($pool:ident, $year:expr, $months:expr, $units:expr, $found:ident) => {{
        let mut query = sqlx::QueryBuilder::new(format!(
            "SELECT unit_id, year, month, {} FROM indicator_rows WHERE year = ",
            counter_columns()
        ));
        query.push_bind(i64::from($year));
        query.push(" AND month IN (");
        let mut separated = query.separated(", ");
        for month in $months {
            separated.push_bind(i64::from(*month));
        }
        query.push(")");
        if let Some(units) = $units {
            query.push(" AND unit_id IN (");
            let mut separated = query.separated(", ");
            for id in units {
                separated.push_bind(*id);
            }
            query.push(")");
        }
        query.push(" ORDER BY unit_id, month");
        for row in query.build().persistent(false).fetch_all($pool).await? {
            $found.push(indicator_row(&row)?);
        }
    }};
}

impl Store {
    /// The held meetings (minutes held or approved) of one cell, or of
    /// every cell, between two days, with their scores and unexcused
    /// absences.
    pub async fn indicator_source(
        &self,
        cell: Option<i64>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<IndicatorSource, StoreError> {
        self.source_of(cell.map_or(Cells::All, Cells::One), from, to)
            .await
    }

    /// [`indicator_source`](Self::indicator_source) for the units whose ids
    /// lie between `first` and `last` (inclusive): a rebuild reads the
    /// meetings of a batch of cells at a time rather than a whole year's.
    pub async fn indicator_source_of_units(
        &self,
        first: i64,
        last: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<IndicatorSource, StoreError> {
        self.source_of(Cells::Range(first, last), from, to).await
    }

    async fn source_of(
        &self,
        cells: Cells,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<IndicatorSource, StoreError> {
        // Only fixed text is spliced in: the filter and the column list.
        let (filter, ids) = cells.filter();
        let held = format!(
            "m.status <> 'planned' AND m.held_on IS NOT NULL AND m.held_on >= $1 AND m.held_on <= $2{filter}"
        );
        let meetings_sql = format!(
            "SELECT m.id, m.unit_id, m.held_on, m.kind, m.duration_minutes, m.expected, m.present, \
             m.unexcused, m.absent_three_in_a_row, m.speakers, m.previous_tasks_due, \
             m.previous_tasks_on_time, m.documents_days_ahead, m.superior_attended, \
             m.final_total_tenths, m.final_rating FROM meetings m WHERE {held} ORDER BY m.unit_id, m.held_on, m.id"
        );
        let scores_sql = format!(
            "SELECT e.meeting_id, e.rubric_code, e.rubric_version, e.rating FROM meeting_evaluations e \
             JOIN meetings m ON m.id = e.meeting_id WHERE {held} ORDER BY e.meeting_id, e.id"
        );
        // From the meetings to their marks: `CROSS JOIN` keeps SQLite from
        // scanning every mark stored when a few cells are asked for
        // (PostgreSQL plans it as an ordinary join).
        let unexcused_sql = format!(
            "SELECT m.unit_id, a.member_id, m.held_on FROM meetings m \
             CROSS JOIN meeting_attendance a WHERE a.meeting_id = m.id \
             AND a.mark = 'absent_unexcused' AND {held}"
        );
        let mut source = IndicatorSource::default();
        on_pool!(self, pool => {
            let mut query = sqlx::query(sqlx::AssertSqlSafe(meetings_sql.clone())).bind(from).bind(to);
            for id in &ids {
                query = query.bind(*id);
            }
            for row in query.fetch_all(pool).await? {
                let kind: String = row.try_get(3)?;
                let superior: bool = row.try_get(13)?;
                source.meetings.push(SourceMeeting {
                    id: row.try_get(0)?,
                    unit_id: row.try_get(1)?,
                    held_on: row.try_get(2)?,
                    facts: MeetingFacts {
                        kind: kind_of(&kind)?,
                        duration_minutes: row.try_get::<Option<i64>, _>(4)?.map(count),
                        expected: count(row.try_get(5)?),
                        present: count(row.try_get(6)?),
                        unexcused_absences: count(row.try_get(7)?),
                        members_absent_three_in_a_row: count(row.try_get(8)?),
                        speakers: count(row.try_get(9)?),
                        previous_tasks_due: count(row.try_get(10)?),
                        previous_tasks_done_on_time: count(row.try_get(11)?),
                        documents_sent_days_ahead: row.try_get(12)?,
                        superior_attended: superior,
                    },
                    final_total_tenths: row.try_get(14)?,
                    final_rating: row.try_get(15)?,
                });
            }
            let mut query = sqlx::query(sqlx::AssertSqlSafe(scores_sql.clone())).bind(from).bind(to);
            for id in &ids {
                query = query.bind(*id);
            }
            for row in query.fetch_all(pool).await? {
                source.scores.push(SourceScore {
                    meeting_id: row.try_get(0)?,
                    rubric_code: row.try_get(1)?,
                    rubric_version: row.try_get(2)?,
                    rating: row.try_get(3)?,
                });
            }
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(unexcused_sql.clone())).bind(from).bind(to);
            for id in &ids {
                query = query.bind(*id);
            }
            source.unexcused = query.fetch_all(pool).await?;
        });
        Ok(source)
    }

    /// Replaces every row of `year` with `rows` (which must all be of that
    /// year), in one transaction: a rebuild never shows a half-written year.
    pub async fn replace_indicator_year(
        &self,
        year: i32,
        rows: &[IndicatorRow],
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let revisions = next_revisions!(tx, [year], true);
            sqlx::query("DELETE FROM indicator_rows WHERE year = $1")
                .bind(i64::from(year))
                .execute(&mut *tx)
                .await?;
            insert_rows!(tx, rows, revisions, "");
            tx.commit().await?;
        });
        Ok(())
    }

    /// Adds each row's counters to the stored row of its unit, year and
    /// month (creating it), in one transaction.
    pub async fn add_indicator_rows(&self, rows: &[IndicatorRow]) -> Result<(), StoreError> {
        let updates = Counter::ALL
            .iter()
            .map(|c| format!("{0} = indicator_rows.{0} + excluded.{0}", c.column()))
            .collect::<Vec<_>>()
            .join(", ");
        let on_conflict = format!(
            " ON CONFLICT (unit_id, year, month) DO UPDATE SET revision = excluded.revision, {updates}"
        );
        let years: std::collections::BTreeSet<i32> = rows.iter().map(|r| r.year).collect();
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let revisions = next_revisions!(tx, years.iter().copied(), false);
            insert_rows!(tx, rows, revisions, &on_conflict);
            tx.commit().await?;
        });
        Ok(())
    }

    /// The stored rows of some units for one year and some months (month 0
    /// is the year's row). Rows never written are absent, not zero.
    pub async fn indicator_rows(
        &self,
        unit_ids: &[i64],
        year: i32,
        months: &[u32],
    ) -> Result<Vec<IndicatorRow>, StoreError> {
        let mut found = Vec::new();
        for chunk in unit_ids.chunks(5_000) {
            on_pool!(self, pool => select_rows!(pool, year, months, Some(chunk), found));
        }
        Ok(found)
    }

    /// Every stored row of one year and some months, for the whole tree,
    /// ordered by unit and month.
    ///
    /// A national tree has hundreds of thousands of rows of 31 numbers, and
    /// every row that crosses from SQLite's thread to ours costs
    /// microseconds. So, as in `tree_as_of`, the rows come packed in blocks
    /// by `string_agg` (SQLite 3.44+ and PostgreSQL alike): numbers joined
    /// by commas (a zero left empty), rows by semicolons.
    pub async fn indicator_rows_of_year(
        &self,
        year: i32,
        months: &[u32],
    ) -> Result<Vec<IndicatorRow>, StoreError> {
        if months.is_empty() {
            return Ok(Vec::new());
        }
        // One `format` call per row: in SQLite 2.5 times faster than
        // joining the 30 numbers with `||`. A zero counter is written as
        // nothing (`format` prints NULL so on both backends): most rows
        // have many.
        let columns: Vec<String> = ["unit_id".to_owned(), "month".to_owned()]
            .into_iter()
            .chain(
                Counter::ALL
                    .iter()
                    .map(|c| format!("NULLIF({}, 0)", c.column())),
            )
            .collect();
        let pattern = vec!["%s"; columns.len()].join(FIELD_SEPARATOR);
        let select = format!(
            "SELECT string_agg(format('{pattern}', {}), '{ROW_SEPARATOR}') \
             FROM indicator_rows WHERE year = ",
            columns.join(", ")
        );
        // Two halves of the units at once, on two connections, so that two
        // cores can format and parse them (no gain was measured while other
        // work kept both cores busy: see BENCHMARKS.md).
        let last: i64 = on_pool!(self, pool => {
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM units")
                .fetch_one(pool)
                .await?
        });
        let half = |above: i64, upto: i64| {
            let select = &select;
            async move {
                let blocks: Vec<Option<String>> = on_pool!(self, pool => {
                    let mut query = sqlx::QueryBuilder::new(select.clone());
                    query.push_bind(i64::from(year));
                    query.push(" AND unit_id > ");
                    query.push_bind(above);
                    query.push(" AND unit_id <= ");
                    query.push_bind(upto);
                    query.push(" AND month IN (");
                    let mut separated = query.separated(", ");
                    for month in months {
                        separated.push_bind(i64::from(*month));
                    }
                    query.push(") GROUP BY unit_id / 1024");
                    query.build_query_scalar().persistent(false).fetch_all(pool).await?
                });
                let mut found = Vec::new();
                for block in blocks.iter().flatten() {
                    for row in block.split(ROW_SEPARATOR) {
                        found.push(packed_row(row, year)?);
                    }
                }
                Ok::<_, StoreError>(found)
            }
        };
        let (mut found, upper) =
            tokio::try_join!(half(i64::MIN, last / 2), half(last / 2, i64::MAX))?;
        found.extend(upper);
        found.sort_unstable_by_key(|r| (r.unit_id, r.month));
        Ok(found)
    }

    /// Whether `year` has indicator rows (was built).
    pub async fn has_indicator_year(&self, year: i32) -> Result<bool, StoreError> {
        let found: Option<(i64,)> = on_pool!(self, pool => {
            sqlx::query_as("SELECT unit_id FROM indicator_rows WHERE year = $1 LIMIT 1")
                .bind(i64::from(year))
                .fetch_optional(pool)
                .await?
        });
        Ok(found.is_some())
    }

    /// Where the rows of `year` stand (see [`IndicatorRevision`]).
    pub async fn indicator_revision(&self, year: i32) -> Result<IndicatorRevision, StoreError> {
        let found: Option<(i64, i64)> = on_pool!(self, pool => {
            sqlx::query_as("SELECT revision, rebuilt_at FROM indicator_revisions WHERE year = $1")
                .bind(i64::from(year))
                .fetch_optional(pool)
                .await?
        });
        Ok(
            found.map_or_else(IndicatorRevision::default, |(revision, rebuilt_at)| {
                IndicatorRevision {
                    revision,
                    rebuilt_at,
                }
            }),
        )
    }

    /// The rows of `year` written by a change after revision `after`,
    /// every month, ordered by unit and month. Few after a few saved
    /// meetings: each touches its cell's and its ancestors' rows.
    pub async fn indicator_rows_changed_since(
        &self,
        year: i32,
        after: i64,
    ) -> Result<Vec<IndicatorRow>, StoreError> {
        let sql = format!(
            "SELECT unit_id, year, month, {} FROM indicator_rows \
             WHERE year = $1 AND revision > $2 ORDER BY unit_id, month",
            counter_columns()
        );
        let mut found = Vec::new();
        on_pool!(self, pool => {
            for row in sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(i64::from(year))
                .bind(after)
                .fetch_all(pool)
                .await?
            {
                found.push(indicator_row(&row)?);
            }
        });
        Ok(found)
    }

    /// The first and last day with held minutes, if any.
    pub async fn held_meeting_span(&self) -> Result<Option<(NaiveDate, NaiveDate)>, StoreError> {
        let span: (Option<NaiveDate>, Option<NaiveDate>) = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT MIN(held_on), MAX(held_on) FROM meetings \
                 WHERE status <> 'planned' AND held_on IS NOT NULL",
            )
            .fetch_one(pool)
            .await?
        });
        Ok(span.0.zip(span.1))
    }

    /// The ids of some units by code; codes not stored are absent.
    pub async fn unit_ids_of(
        &self,
        codes: &[String],
    ) -> Result<std::collections::HashMap<String, i64>, StoreError> {
        let mut ids = std::collections::HashMap::new();
        for chunk in codes.chunks(5_000) {
            on_pool!(self, pool => {
                let mut query = sqlx::QueryBuilder::new("SELECT code, id FROM units WHERE code IN (");
                let mut separated = query.separated(", ");
                for code in chunk {
                    separated.push_bind(code.as_str());
                }
                query.push(")");
                let found: Vec<(String, i64)> =
                    query.build_query_as().persistent(false).fetch_all(pool).await?;
                ids.extend(found);
            });
        }
        Ok(ids)
    }

    /// Unit ids by code, for writing rows of units known by code.
    pub async fn unit_ids(&self) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(on_pool!(self, pool => {
            sqlx::query_as("SELECT code, id FROM units").fetch_all(pool).await?
        }))
    }
}

fn indicator_row<R: Row>(row: &R) -> Result<IndicatorRow, StoreError>
where
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    usize: sqlx::ColumnIndex<R>,
{
    let mut values = [0i64; COUNTER_COUNT];
    for (index, value) in values.iter_mut().enumerate() {
        *value = row.try_get(index + 3)?;
    }
    let year: i64 = row.try_get(1)?;
    let month: i64 = row.try_get(2)?;
    Ok(IndicatorRow {
        unit_id: row.try_get(0)?,
        year: i32::try_from(year).map_err(|_| StoreError::Corrupt(format!("year {year}")))?,
        month: u32::try_from(month).map_err(|_| StoreError::Corrupt(format!("month {month}")))?,
        counters: Counters::from_values(values),
    })
}

/// A row of [`Store::indicator_rows_of_year`]'s blocks: the unit id, the
/// month and the counters, zeros left empty.
fn packed_row(text: &str, year: i32) -> Result<IndicatorRow, StoreError> {
    let corrupt = || StoreError::Corrupt(format!("packed indicator row {text:?}"));
    // An empty field is a zero.
    let mut fields = text.split(FIELD_SEPARATOR).map(|f| {
        if f.is_empty() {
            Ok(0)
        } else {
            f.parse::<i64>()
        }
    });
    let mut next = || fields.next().and_then(Result::ok).ok_or_else(corrupt);
    let unit_id = next()?;
    let month = u32::try_from(next()?).map_err(|_| corrupt())?;
    let mut values = [0i64; COUNTER_COUNT];
    for value in &mut values {
        *value = next()?;
    }
    if fields.next().is_some() {
        return Err(corrupt());
    }
    Ok(IndicatorRow {
        unit_id,
        year,
        month,
        counters: Counters::from_values(values),
    })
}
