//! Indicator rows read and written inside a change's transaction
//! ([`WriteTx`]): a saved meeting's difference, a reorganization's moved
//! history and a year rebuilt all commit with what caused them.
//!
//! Revisions: every write of a year's rows first takes the year's next
//! revision ([`WriteTx::take_indicator_revisions`]) and marks the rows it
//! writes with it. On PostgreSQL the row lock taken then is held to the
//! commit, so writers of a year commit in the order of their revisions: a
//! reader that sees revision r has every change up to r. Years are taken
//! in ascending order, so two writers of the same years cannot wait for
//! each other.

use chibo_domain::UnitCode;
use chibo_domain::indicators::{COUNTER_COUNT, Counter};

use crate::indicators::{counter_columns, select_rows};
use crate::org::{PlacedRow, PlacedUnit, placed_units};
use crate::sqlite_raw::{self, Value};
use crate::write_tx::{WriterTx, on_tx};
use crate::{IndicatorRevision, IndicatorRow, StoreError, WriteTx};

/// Codes per statement of [`WriteTx::units_around`].
const AROUND_CODES_PER_STATEMENT: usize = 1_000;

/// The units `$1…` by code, every unit under one of them at any time, and
/// every unit above any of those at any time (`UNION`, not `UNION ALL`:
/// each unit once, and a damaged tree with a cycle still ends).
const AROUND_CTE: &str = "WITH RECURSIVE down (id) AS ( \
       SELECT id FROM units WHERE code IN ({codes}) \
       UNION \
       SELECT v.unit_id FROM down JOIN unit_versions v ON v.parent_id = down.id \
     ), up (id) AS ( \
       SELECT id FROM down \
       UNION \
       SELECT v.parent_id FROM up JOIN unit_versions v ON v.unit_id = up.id \
       WHERE v.parent_id IS NOT NULL \
     ) ";

/// The version columns of a [`PlacedRow`], after the `below` expression
/// is appended.
const PLACED_COLUMNS: &str = "SELECT u.id, u.code, u.is_demo, v.name, v.kind, v.sector_code, \
     p.code, v.valid_from, v.valid_to, ";

/// [`AROUND_CTE`] and its versions for SQLite, whose planner follows the
/// indexes from the few units found.
fn units_around_sqlite(codes: &str) -> String {
    format!(
        "{}{PLACED_COLUMNS}CAST(CASE WHEN u.id IN (SELECT id FROM down) THEN 1 ELSE 0 END AS BIGINT) \
         FROM up JOIN units u ON u.id = up.id JOIN unit_versions v ON v.unit_id = u.id \
         LEFT JOIN units p ON p.id = v.parent_id ORDER BY u.code, v.valid_from",
        AROUND_CTE.replace("{codes}", codes)
    )
}

/// The same for PostgreSQL. Its planner guesses that each step of a
/// recursion multiplies the rows by ten, so for the few units of a saved
/// meeting it hashed the whole `unit_versions` table at every step (0.5 s
/// on the national tree). Each lookup is a `LATERAL` subquery that
/// `OFFSET 0` keeps from being merged back into a join: one index lookup
/// per unit found (2 ms).
fn units_around_postgres(codes: &str) -> String {
    format!(
        "WITH RECURSIVE down (id) AS ( \
           SELECT id FROM units WHERE code IN ({codes}) \
           UNION \
           SELECT c.unit_id FROM down CROSS JOIN LATERAL ( \
             SELECT v.unit_id FROM unit_versions v WHERE v.parent_id = down.id OFFSET 0) c \
         ), up (id) AS ( \
           SELECT id FROM down \
           UNION \
           SELECT a.parent_id FROM up CROSS JOIN LATERAL ( \
             SELECT v.parent_id FROM unit_versions v \
             WHERE v.unit_id = up.id AND v.parent_id IS NOT NULL OFFSET 0) a \
         ) \
         SELECT x.id, x.code, x.is_demo, x.name, x.kind, x.sector_code, x.parent_code, \
           x.valid_from, x.valid_to, \
           CAST(CASE WHEN x.id IN (SELECT id FROM down) THEN 1 ELSE 0 END AS BIGINT) \
         FROM up CROSS JOIN LATERAL ( \
           SELECT u.id, u.code, u.is_demo, v.name, v.kind, v.sector_code, \
             p.code AS parent_code, v.valid_from, v.valid_to \
           FROM units u JOIN unit_versions v ON v.unit_id = u.id \
           LEFT JOIN units p ON p.id = v.parent_id \
           WHERE u.id = up.id OFFSET 0) x \
         ORDER BY x.code, x.valid_from"
    )
}

impl WriteTx {
    /// The units whose indicator rows a change to the units `codes` may
    /// move: those units, every unit under one of them at any time (marked
    /// `below`), and every unit above any of these at any time, with all
    /// their versions.
    pub async fn units_around(
        &mut self,
        codes: &[&UnitCode],
    ) -> Result<Vec<PlacedUnit>, StoreError> {
        let mut found: Vec<PlacedUnit> = Vec::new();
        let mut index: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
        for chunk in codes.chunks(AROUND_CODES_PER_STATEMENT) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let codes = placeholders.join(", ");
            let sql = match self.inner {
                WriterTx::Sqlite(_) => units_around_sqlite(&codes),
                WriterTx::Postgres(_) => units_around_postgres(&codes),
            };
            let rows: Vec<PlacedRow> = on_tx!(self.inner, tx => {
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
                for code in chunk {
                    query = query.bind(code.as_str());
                }
                query.persistent(false).fetch_all(&mut **tx).await?
            });
            // A unit met again through another chunk is kept once, below
            // if it is below any of the units asked about.
            for placed in placed_units(rows)? {
                match index.get(&placed.id) {
                    Some(at) => found[*at].below |= placed.below,
                    None => {
                        index.insert(placed.id, found.len());
                        found.push(placed);
                    }
                }
            }
        }
        Ok(found)
    }

    /// Every unit with all its versions and its id, ordered by id (all
    /// marked `below`): what a rebuild places the rows of a year by.
    pub async fn all_units(&mut self) -> Result<Vec<PlacedUnit>, StoreError> {
        let sql = format!(
            "{PLACED_COLUMNS}CAST(1 AS BIGINT) FROM unit_versions v JOIN units u ON u.id = v.unit_id \
             LEFT JOIN units p ON p.id = v.parent_id ORDER BY u.id, v.valid_from"
        );
        let rows: Vec<PlacedRow> = on_tx!(self.inner, tx => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).persistent(false).fetch_all(&mut **tx).await?
        });
        placed_units(rows)
    }

    /// The years that have indicator rows, ascending. One indexed lookup
    /// per year, rather than a scan of every row.
    pub async fn indicator_years(&mut self) -> Result<Vec<i32>, StoreError> {
        let mut years = Vec::new();
        let mut after = i64::MIN;
        loop {
            let next: Option<i64> = on_tx!(self.inner, tx => {
                sqlx::query_scalar("SELECT MIN(year) FROM indicator_rows WHERE year > $1")
                    .bind(after)
                    .fetch_one(&mut **tx)
                    .await?
            });
            let Some(year) = next else {
                return Ok(years);
            };
            years.push(
                i32::try_from(year).map_err(|_| StoreError::Corrupt(format!("year {year}")))?,
            );
            after = year;
        }
    }

    /// Whether `year` has indicator rows (was built).
    pub async fn has_indicator_year(&mut self, year: i32) -> Result<bool, StoreError> {
        let found: Option<i64> = on_tx!(self.inner, tx => {
            sqlx::query_scalar("SELECT unit_id FROM indicator_rows WHERE year = $1 LIMIT 1")
                .bind(i64::from(year))
                .fetch_optional(&mut **tx)
                .await?
        });
        Ok(found.is_some())
    }

    /// Where the rows of `year` stand, as this transaction sees them.
    pub async fn indicator_revision(&mut self, year: i32) -> Result<IndicatorRevision, StoreError> {
        let found: Option<(i64, i64)> = on_tx!(self.inner, tx => {
            sqlx::query_as("SELECT revision, rebuilt_at FROM indicator_revisions WHERE year = $1")
                .bind(i64::from(year))
                .fetch_optional(&mut **tx)
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

    /// The stored rows of some units for one year and some months (month 0
    /// is the year's row), as this transaction sees them.
    pub async fn indicator_rows(
        &mut self,
        unit_ids: &[i64],
        year: i32,
        months: &[u32],
    ) -> Result<Vec<IndicatorRow>, StoreError> {
        let mut found = Vec::new();
        for chunk in unit_ids.chunks(5_000) {
            on_tx!(self.inner, tx => select_rows!(&mut **tx, year, months, Some(chunk), found));
        }
        Ok(found)
    }

    /// Takes the next revision of each of `years` not taken yet by this
    /// transaction, in ascending order (see the module's notes), and
    /// returns where each year stands now. Rows of a year are written only
    /// after its revision is taken.
    pub async fn take_indicator_revisions(
        &mut self,
        years: &[i32],
    ) -> Result<Vec<(i32, IndicatorRevision)>, StoreError> {
        let mut sorted = years.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut taken = Vec::with_capacity(sorted.len());
        for year in sorted {
            let (revision, rebuilt_at): (i64, i64) = if self.revisions.of(year).is_some() {
                on_tx!(self.inner, tx => {
                    sqlx::query_as("SELECT revision, rebuilt_at FROM indicator_revisions WHERE year = $1")
                        .bind(i64::from(year))
                        .fetch_one(&mut **tx)
                        .await?
                })
            } else {
                let row: (i64, i64) = on_tx!(self.inner, tx => {
                    sqlx::query_as(
                        "INSERT INTO indicator_revisions (year, revision, rebuilt_at) VALUES ($1, 1, 0) \
                         ON CONFLICT (year) DO UPDATE SET revision = indicator_revisions.revision + 1 \
                         RETURNING revision, rebuilt_at",
                    )
                    .bind(i64::from(year))
                    .fetch_one(&mut **tx)
                    .await?
                });
                self.revisions.0.push((year, row.0));
                row
            };
            taken.push((
                year,
                IndicatorRevision {
                    revision,
                    rebuilt_at,
                },
            ));
        }
        Ok(taken)
    }

    /// The revision this transaction took for `year`.
    fn revision_of(&self, year: i32) -> Result<i64, StoreError> {
        self.revisions.of(year).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "indicator rows of {year} written before the year's revision was taken"
            ))
        })
    }

    /// Records the revision taken as the year's rebuild: readers that
    /// keep rows read the whole year again (a rebuild may leave rows as
    /// they were, with their earlier revisions, and remove others).
    pub async fn mark_indicator_year_rebuilt(&mut self, year: i32) -> Result<(), StoreError> {
        let revision = self.revision_of(year)?;
        on_tx!(self.inner, tx => {
            sqlx::query("UPDATE indicator_revisions SET rebuilt_at = $2 WHERE year = $1")
                .bind(i64::from(year))
                .bind(revision)
                .execute(&mut **tx)
                .await?;
        });
        Ok(())
    }

    /// Adds each row's counters to the stored row of its unit, year and
    /// month (creating it), marked with the year's revision.
    pub async fn add_indicator_rows(&mut self, rows: &[IndicatorRow]) -> Result<(), StoreError> {
        let updates = Counter::ALL
            .iter()
            .map(|c| format!("{0} = indicator_rows.{0} + excluded.{0}", c.column()))
            .collect::<Vec<_>>()
            .join(", ");
        let suffix = format!(
            " ON CONFLICT (unit_id, year, month) DO UPDATE SET revision = excluded.revision, {updates}"
        );
        self.write_rows(rows, &suffix).await
    }

    /// Writes rows in place of the stored rows of their unit, year and
    /// month (or as new rows), marked with their year's revision. On
    /// SQLite through its C API (see `sqlite_raw`): a rebuild of an empty
    /// year writes millions.
    pub(crate) async fn put_indicator_rows(
        &mut self,
        rows: &[&IndicatorRow],
    ) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let revisions: Vec<i64> = rows
            .iter()
            .map(|r| self.revision_of(r.year))
            .collect::<Result<_, _>>()?;
        let sets = Counter::ALL
            .iter()
            .map(|c| format!("{0} = excluded.{0}", c.column()))
            .collect::<Vec<_>>()
            .join(", ");
        let ending = format!(
            " ON CONFLICT (unit_id, year, month) DO UPDATE SET revision = excluded.revision, {sets}"
        );
        if let WriterTx::Sqlite(tx) = &mut self.inner {
            let into = format!(
                "indicator_rows (unit_id, year, month, revision, {})",
                counter_columns()
            );
            let mut handle = (**tx).lock_handle().await?;
            return sqlite_raw::blocking(|| {
                let connection = sqlite_raw::Connection::new(&mut handle);
                let mut insert =
                    connection.insert_ending(&into, ROW_COLUMNS, SQLITE_ROWS_PER_STEP, &ending)?;
                for (row, revision) in rows.iter().zip(&revisions) {
                    insert.row(row_values(row, *revision))?;
                }
                insert.finish()?;
                Ok(())
            });
        }
        let rows: Vec<IndicatorRow> = rows.iter().map(|r| **r).collect();
        self.write_rows(&rows, &ending).await
    }

    /// Multi-row inserts of `rows`, each statement ending with `suffix`.
    async fn write_rows(&mut self, rows: &[IndicatorRow], suffix: &str) -> Result<(), StoreError> {
        let revisions: Vec<i64> = rows
            .iter()
            .map(|r| self.revision_of(r.year))
            .collect::<Result<_, _>>()?;
        let head = format!(
            "INSERT INTO indicator_rows (unit_id, year, month, revision, {}) ",
            counter_columns()
        );
        let rows: Vec<(&IndicatorRow, i64)> = rows.iter().zip(revisions).collect();
        for chunk in rows.chunks(crate::rows_per_insert(ROW_COLUMNS)) {
            on_tx!(self.inner, tx => {
                let mut query = sqlx::QueryBuilder::new(head.clone());
                query.push_values(chunk, |mut values, (row, revision)| {
                    values
                        .push_bind(row.unit_id)
                        .push_bind(i64::from(row.year))
                        .push_bind(i64::from(row.month))
                        .push_bind(*revision);
                    for value in row.counters.values() {
                        values.push_bind(*value);
                    }
                });
                query.push(suffix);
                query.build().persistent(false).execute(&mut **tx).await?;
            });
        }
        Ok(())
    }
}

/// Columns of a written row: unit, year, month, revision, the counters.
const ROW_COLUMNS: usize = COUNTER_COUNT + 4;

/// Rows per step of the SQLite inserts (see `sqlite_raw`).
const SQLITE_ROWS_PER_STEP: usize = 128;

fn row_values(row: &IndicatorRow, revision: i64) -> [Value<'static>; ROW_COLUMNS] {
    let mut values = [Value::Int(0); ROW_COLUMNS];
    values[0] = Value::Int(row.unit_id);
    values[1] = Value::Int(i64::from(row.year));
    values[2] = Value::Int(i64::from(row.month));
    values[3] = Value::Int(revision);
    for (slot, value) in values[4..].iter_mut().zip(row.counters.values()) {
        *slot = Value::Int(*value);
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use chibo_domain::indicators::Counters;

    #[test]
    fn a_written_row_lists_its_counters_in_column_order() {
        let mut counters = Counters::default();
        counters.add(Counter::ALL[0], 7);
        counters.add(Counter::ALL[COUNTER_COUNT - 1], 9);
        let row = IndicatorRow {
            unit_id: 3,
            year: 2024,
            month: 5,
            counters,
        };
        let values = row_values(&row, 11);
        let ints: Vec<i64> = values
            .iter()
            .map(|v| match v {
                Value::Int(n) => *n,
                other => panic!("not an integer: {other:?}"),
            })
            .collect();
        assert_eq!(&ints[..4], &[3, 2024, 5, 11]);
        assert_eq!(ints[4], 7);
        assert_eq!(ints[ROW_COLUMNS - 1], 9);
        assert_eq!(ints[5..ROW_COLUMNS - 1].iter().sum::<i64>(), 0);
    }
}
