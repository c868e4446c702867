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

use crate::{Store, StoreError, on_pool};

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

pub(crate) fn counter_columns() -> String {
    Counter::ALL
        .iter()
        .map(|c| c.column())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn kind_of(code: &str) -> Result<MeetingKind, StoreError> {
    MeetingKind::parse(code).ok_or_else(|| StoreError::Corrupt(format!("meeting kind {code}")))
}

pub(crate) fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

/// Separates the fields of a packed row (see [`Store::indicator_rows_of_year`]).
const FIELD_SEPARATOR: &str = ",";
/// Separates packed rows.
const ROW_SEPARATOR: &str = ";";

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
    ($pool:expr, $year:expr, $months:expr, $units:expr, $found:ident) => {{
        let mut query = sqlx::QueryBuilder::new(format!(
            "SELECT unit_id, year, month, {} FROM indicator_rows WHERE year = ",
            $crate::indicators::counter_columns()
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
            $found.push($crate::indicators::indicator_row(&row)?);
        }
    }};
}

pub(crate) use select_rows;

impl Store {
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
        Ok(self
            .indicator_rows_of_year_as(year, months, |row| row)
            .await?
            .into_iter()
            .map(|(_, _, row)| row)
            .collect())
    }

    /// [`Store::indicator_rows_of_year`], each row turned into what the
    /// caller keeps as soon as it is read (so that a year of full rows is
    /// never held at once), with its unit and month, in that order.
    pub async fn indicator_rows_of_year_as<T: Send>(
        &self,
        year: i32,
        months: &[u32],
        keep: impl Fn(IndicatorRow) -> T + Sync,
    ) -> Result<Vec<(i64, u32, T)>, StoreError> {
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
        let keep = &keep;
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
                        let row = packed_row(row, year)?;
                        found.push((row.unit_id, row.month, keep(row)));
                    }
                }
                Ok::<_, StoreError>(found)
            }
        };
        let (mut found, upper) =
            tokio::try_join!(half(i64::MIN, last / 2), half(last / 2, i64::MAX))?;
        found.extend(upper);
        found.sort_unstable_by_key(|(unit_id, month, _)| (*unit_id, *month));
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

pub(crate) fn indicator_row<R: Row>(row: &R) -> Result<IndicatorRow, StoreError>
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
