//! A rebuild's rows put in place of the stored ones, writing only what
//! differs: a rebuild done for repair finds most rows as they should be,
//! and rewriting (or deleting and inserting) millions of equal rows was
//! most of its time.

use chibo_domain::indicators::{COUNTER_COUNT, Counters};

use crate::indicators::counter_columns;
use crate::sqlite_raw::{self, Value};
use crate::write_tx::{WriterTx, on_tx};
use crate::{IndicatorRow, StoreError, WriteTx};

/// Units per statement when their stored rows are read by id.
const IDS_PER_STATEMENT: usize = 1_000;

/// Rows per statement of the deletes.
const DELETES_PER_STATEMENT: usize = 500;

/// What [`WriteTx::replace_indicator_rows`] changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Replaced {
    /// Rows written, new or changed.
    pub written: usize,
    /// Stored rows removed.
    pub removed: usize,
}

impl WriteTx {
    /// Makes the stored rows of `year` for the units `unit_ids` (ascending)
    /// equal to `rows`, their rows of that year: rows missing or different
    /// are written with the year's revision (taken first), stored rows
    /// not among `rows` are deleted, equal rows are left as they are.
    pub async fn replace_indicator_rows(
        &mut self,
        year: i32,
        unit_ids: &[i64],
        rows: &[IndicatorRow],
    ) -> Result<Replaced, StoreError> {
        let (Some(first), Some(last)) = (unit_ids.first(), unit_ids.last()) else {
            return Ok(Replaced::default());
        };
        let mut stored = if last - first < 2 * unit_ids.len() as i64 {
            // Close together (a batch of cells): one range, the few units
            // in it that are not asked about left out.
            let mut found = self.stored_rows(year, &[*first, *last], true).await?;
            found.retain(|r| unit_ids.binary_search(&r.unit_id).is_ok());
            found
        } else {
            let mut found = Vec::new();
            for chunk in unit_ids.chunks(IDS_PER_STATEMENT) {
                found.extend(self.stored_rows(year, chunk, false).await?);
            }
            found
        };
        stored.sort_unstable_by_key(|r| (r.unit_id, r.month));
        let mut wanted: Vec<&IndicatorRow> = rows.iter().collect();
        wanted.sort_unstable_by_key(|r| (r.unit_id, r.month));
        let (put, gone) = differences(&wanted, &stored);
        self.put_indicator_rows(&put).await?;
        self.delete_indicator_rows(year, &gone).await?;
        Ok(Replaced {
            written: put.len(),
            removed: gone.len(),
        })
    }

    /// The stored rows of `year` for the units with ids between `ids[0]`
    /// and `ids[1]` (`range`) or in `ids`.
    async fn stored_rows(
        &mut self,
        year: i32,
        ids: &[i64],
        range: bool,
    ) -> Result<Vec<IndicatorRow>, StoreError> {
        let units = if range {
            "unit_id BETWEEN $2 AND $3".to_owned()
        } else {
            let placeholders: Vec<String> = (2..ids.len() + 2).map(|i| format!("${i}")).collect();
            format!("unit_id IN ({})", placeholders.join(", "))
        };
        // `+year`: by the primary key (unit, year, month), not by an index
        // on the year, which would visit the whole year for a few units.
        let sql = format!(
            "SELECT unit_id, year, month, {} FROM indicator_rows WHERE +year = $1 AND {units}",
            counter_columns()
        );
        let mut found = Vec::new();
        match &mut self.inner {
            WriterTx::Sqlite(tx) => {
                let mut values = vec![Value::Int(i64::from(year))];
                values.extend(ids.iter().map(|id| Value::Int(*id)));
                let mut handle = (**tx).lock_handle().await?;
                sqlite_raw::blocking(|| {
                    let connection = sqlite_raw::Connection::new(&mut handle);
                    connection.select(&sql, &values, |row| {
                        let mut counters = [0i64; COUNTER_COUNT];
                        for (column, value) in (3..).zip(counters.iter_mut()) {
                            *value = row.int(column).unwrap_or(0);
                        }
                        let unit_id = row.int(0).ok_or_else(|| {
                            StoreError::Corrupt("indicator row without a unit".to_owned())
                        })?;
                        let month = row.int(2).unwrap_or(-1);
                        found.push(IndicatorRow {
                            unit_id,
                            year,
                            month: u32::try_from(month).map_err(|_| {
                                StoreError::Corrupt(format!("indicator row month {month}"))
                            })?,
                            counters: Counters::from_values(counters),
                        });
                        Ok(())
                    })
                })?;
            }
            WriterTx::Postgres(tx) => {
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(i64::from(year));
                for id in ids {
                    query = query.bind(*id);
                }
                for row in query.persistent(false).fetch_all(&mut **tx).await? {
                    found.push(crate::indicators::indicator_row(&row)?);
                }
            }
        }
        Ok(found)
    }

    /// Deletes the rows of `year` at (unit id, month) `keys`.
    async fn delete_indicator_rows(
        &mut self,
        year: i32,
        keys: &[(i64, u32)],
    ) -> Result<(), StoreError> {
        for chunk in keys.chunks(DELETES_PER_STATEMENT) {
            on_tx!(self.inner, tx => {
                let mut query = sqlx::QueryBuilder::new("DELETE FROM indicator_rows WHERE year = ");
                query.push_bind(i64::from(year));
                query.push(" AND (");
                let mut separated = query.separated(" OR ");
                for (unit_id, month) in chunk {
                    separated.push("(unit_id = ");
                    separated.push_bind_unseparated(*unit_id);
                    separated.push_unseparated(" AND month = ");
                    separated.push_bind_unseparated(i64::from(*month));
                    separated.push_unseparated(")");
                }
                query.push(")");
                query.build().persistent(false).execute(&mut **tx).await?;
            });
        }
        Ok(())
    }
}

/// The rows of `wanted` to write (missing from `stored` or different) and
/// the keys of `stored` rows to delete (not in `wanted`), both lists sorted
/// by unit and month.
fn differences<'w>(
    wanted: &[&'w IndicatorRow],
    stored: &[IndicatorRow],
) -> (Vec<&'w IndicatorRow>, Vec<(i64, u32)>) {
    let (mut put, mut gone) = (Vec::new(), Vec::new());
    let (mut w, mut s) = (wanted.iter().peekable(), stored.iter().peekable());
    loop {
        match (w.peek(), s.peek()) {
            (Some(want), Some(have)) => {
                match (want.unit_id, want.month).cmp(&(have.unit_id, have.month)) {
                    std::cmp::Ordering::Less => {
                        put.push(**want);
                        w.next();
                    }
                    std::cmp::Ordering::Greater => {
                        gone.push((have.unit_id, have.month));
                        s.next();
                    }
                    std::cmp::Ordering::Equal => {
                        if want.counters != have.counters {
                            put.push(**want);
                        }
                        w.next();
                        s.next();
                    }
                }
            }
            (Some(want), None) => {
                put.push(**want);
                w.next();
            }
            (None, Some(have)) => {
                gone.push((have.unit_id, have.month));
                s.next();
            }
            (None, None) => return (put, gone),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chibo_domain::indicators::Counter;

    fn row(unit_id: i64, month: u32, meetings: i64) -> IndicatorRow {
        let mut counters = Counters::default();
        counters.add(Counter::Meetings, meetings);
        IndicatorRow {
            unit_id,
            year: 2024,
            month,
            counters,
        }
    }

    #[test]
    fn only_missing_and_changed_rows_are_written_and_only_stale_ones_removed() {
        let wanted = [row(1, 0, 2), row(1, 1, 2), row(2, 0, 1), row(4, 3, 1)];
        let stored = [
            row(1, 0, 2),
            row(1, 1, 1),
            row(1, 2, 5),
            row(3, 0, 1),
            row(4, 3, 1),
        ];
        let wanted_refs: Vec<&IndicatorRow> = wanted.iter().collect();
        let (put, gone) = differences(&wanted_refs, &stored);
        assert_eq!(put, vec![&wanted[1], &wanted[2]]);
        assert_eq!(gone, vec![(1, 2), (3, 0)]);
    }
}
