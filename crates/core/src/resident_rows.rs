//! Indicator rows kept in the server's memory, so that a rollup of the
//! whole tree, or of every cell of a city, is served without reading
//! hundreds of thousands of rows from the database on each request.
//!
//! The rows stay exactly those of the database: every change to a year's
//! rows takes the next revision of that year there (see
//! `Store::indicator_revision`). Each read asks for the year's revision (one
//! small query) and, when it moved, fetches only the rows changed since, or
//! the whole year again after a rebuild (which may remove rows). So a change
//! made by anyone (this server, the command line, another server on the same
//! PostgreSQL database) shows at the next read.
//!
//! Every unit's year row (month 0) is kept. Month rows are kept as well when
//! the tree is small enough (a city or a province); a national tree keeps
//! year rows only (about 90 MB a year), and windows of months are then
//! summed by the database.

use crate::Db;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chibo_domain::indicators::{COUNTER_COUNT, Counters};
use chibo_store::{IndicatorRevision, Store};

use crate::CoreError;

/// Month rows are kept in memory for a year whose rows cover at most this
/// many units: 13 rows of about 60 bytes each, so 40 MB at most (a large
/// province). Above it, year rows only.
pub const MONTH_ROWS_MAX_UNITS: usize = 50_000;

/// Writes a row's counters as variable-length integers (zigzag, seven bits
/// a byte): most counters of a month are zero or small, so a row takes
/// about 40 bytes instead of the 224 of its full counters.
fn encode(counters: &Counters, out: &mut Vec<u8>) {
    for value in counters.values() {
        let mut zigzag = ((value << 1) ^ (value >> 63)) as u64;
        while zigzag >= 0x80 {
            out.push((zigzag as u8) | 0x80);
            zigzag >>= 7;
        }
        out.push(zigzag as u8);
    }
}

/// Adds the counters encoded at the start of `bytes` to `sum`.
fn add_encoded(bytes: &[u8], sum: &mut [i64; COUNTER_COUNT]) {
    let mut at = 0;
    for total in sum.iter_mut() {
        let mut zigzag = 0u64;
        let mut shift = 0;
        while let Some(&byte) = bytes.get(at) {
            at += 1;
            zigzag |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        *total += ((zigzag >> 1) as i64) ^ -((zigzag & 1) as i64);
    }
}

fn encoded(counters: &Counters) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(COUNTER_COUNT);
    encode(counters, &mut bytes);
    bytes
}

/// A row: its unit, its month (0: the year row) and where its counters
/// start in [`YearRows::bytes`].
type Row = (i64, u32, usize);

/// The stored rows of one year as of one revision.
#[derive(Debug, Clone)]
pub struct YearRows {
    year: i32,
    revision: IndicatorRevision,
    with_months: bool,
    /// Ordered by unit and month, so a unit's months are one range: no
    /// map's nodes or empty buckets beside the rows.
    rows: Vec<Row>,
    /// Every row's counters, encoded one after the other.
    bytes: Vec<u8>,
    /// Rows written again since the bytes were last packed (their old
    /// bytes stay unused until then).
    rewritten: usize,
}

impl YearRows {
    pub fn year(&self) -> i32 {
        self.year
    }

    /// Whether month rows are kept (else only year rows).
    pub fn has_months(&self) -> bool {
        self.with_months
    }

    /// How many rows are kept.
    pub fn rows_kept(&self) -> usize {
        self.rows.len()
    }

    /// Units with a year row.
    pub fn units(&self) -> impl Iterator<Item = (i64, Counters)> {
        self.rows
            .iter()
            .filter(|(_, month, _)| *month == 0)
            .map(|(unit, _, at)| (*unit, self.counters_at(*at)))
    }

    fn counters_at(&self, at: usize) -> Counters {
        let mut values = [0i64; COUNTER_COUNT];
        add_encoded(&self.bytes[at..], &mut values);
        Counters::from_values(values)
    }

    /// Appends a row's counters to the bytes, returning where they start.
    fn append(&mut self, counters: &Counters) -> usize {
        let at = self.bytes.len();
        encode(counters, &mut self.bytes);
        at
    }

    /// Where the row of `unit_id` and `month` is, or would be.
    fn position(&self, unit_id: i64, month: u32) -> Result<usize, usize> {
        self.rows
            .binary_search_by(|(unit, m, _)| (*unit, *m).cmp(&(unit_id, month)))
    }

    /// Whether months `first..=last` can be summed from memory (`0..=0` is
    /// the year row).
    pub fn serves(&self, first: u32, last: u32) -> bool {
        (first == 0 && last == 0) || self.with_months
    }

    /// The counters of `unit_id` over months `first..=last` (`0..=0`: its
    /// year row), zero when it has no rows; `None` when those months are
    /// not kept in memory.
    pub fn sum(&self, unit_id: i64, first: u32, last: u32) -> Option<Counters> {
        if !self.serves(first, last) {
            return None;
        }
        let start = self.position(unit_id, first).unwrap_or_else(|at| at);
        let mut sum = [0i64; COUNTER_COUNT];
        for (_, _, at) in self.rows[start..]
            .iter()
            .take_while(|(unit, month, _)| *unit == unit_id && *month <= last)
        {
            add_encoded(&self.bytes[*at..], &mut sum);
        }
        Some(Counters::from_values(sum))
    }

    async fn load(
        store: &Store,
        year: i32,
        month_rows_max_units: usize,
    ) -> Result<YearRows, CoreError> {
        // The revision is read first: every change up to it is committed
        // before the rows are read, and a later one read with them is read
        // again next time (rows are replaced, not added, so twice is fine).
        let revision = store.indicator_revision(year).await?;
        let pack = |row: chibo_store::IndicatorRow| encoded(&row.counters);
        let mut read = store.indicator_rows_of_year_as(year, &[0], pack).await?;
        let with_months = read.len() <= month_rows_max_units;
        if with_months {
            let months: Vec<u32> = (1..=12).collect();
            let months = store.indicator_rows_of_year_as(year, &months, pack).await?;
            read.reserve_exact(months.len());
            read.extend(months);
            read.sort_unstable_by_key(|(unit, month, _)| (*unit, *month));
        }
        let mut bytes = Vec::with_capacity(read.iter().map(|(_, _, b)| b.len()).sum());
        let mut rows = Vec::with_capacity(read.len());
        for (unit, month, encoded) in read {
            let at = bytes.len();
            bytes.extend_from_slice(&encoded);
            rows.push((unit, month, at));
        }
        Ok(YearRows {
            year,
            revision,
            with_months,
            rows,
            bytes,
            rewritten: 0,
        })
    }

    /// Brings the rows from their revision to `revision` (a later one, with
    /// no rebuild between).
    async fn catch_up(
        &mut self,
        store: &Store,
        revision: IndicatorRevision,
    ) -> Result<(), CoreError> {
        let mut added = Vec::new();
        for row in store
            .indicator_rows_changed_since(self.year, self.revision.revision)
            .await?
        {
            if row.month == 0 || self.with_months {
                let at = self.append(&row.counters);
                match self.position(row.unit_id, row.month) {
                    Ok(found) => {
                        self.rows[found].2 = at;
                        self.rewritten += 1;
                    }
                    Err(_) => added.push((row.unit_id, row.month, at)),
                }
            }
        }
        if !added.is_empty() {
            // Sorted once, rather than each row shifting the rest.
            self.rows.extend(added);
            self.rows
                .sort_unstable_by_key(|(unit, month, _)| (*unit, *month));
        }
        if self.rewritten > self.rows.len() / 2 {
            self.repack();
        }
        self.revision = revision;
        Ok(())
    }
}

impl YearRows {
    /// Drops the bytes of rows written again since.
    fn repack(&mut self) {
        let old = std::mem::take(&mut self.bytes);
        let rows = std::mem::take(&mut self.rows);
        for (unit, month, at) in rows {
            let mut values = [0i64; COUNTER_COUNT];
            add_encoded(&old[at..], &mut values);
            let at = self.append(&Counters::from_values(values));
            self.rows.push((unit, month, at));
        }
        self.rewritten = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_come_back_as_encoded() {
        let mut values = [0i64; COUNTER_COUNT];
        for (i, value) in values.iter_mut().enumerate() {
            *value = match i % 5 {
                0 => 0,
                1 => 63,
                2 => -64,
                3 => i64::MAX - i as i64,
                _ => i64::MIN + i as i64,
            };
        }
        let counters = Counters::from_values(values);
        let bytes = encoded(&counters);
        let mut back = [0i64; COUNTER_COUNT];
        add_encoded(&bytes, &mut back);
        assert_eq!(back, values);
        // Small counters take one byte each.
        assert_eq!(encoded(&Counters::default()).len(), COUNTER_COUNT);
    }
}

/// One year's rows once read, behind the lock its readers wait on.
type YearSlot = Arc<tokio::sync::Mutex<Option<Arc<YearRows>>>>;

/// The years read so far, each behind its own lock so that one year's first
/// read (a second or more at the national scale) does not hold up another.
#[derive(Debug)]
pub struct ResidentRows {
    years: Mutex<HashMap<i32, YearSlot>>,
    month_rows_max_units: usize,
}

impl Default for ResidentRows {
    fn default() -> ResidentRows {
        ResidentRows::new(MONTH_ROWS_MAX_UNITS)
    }
}

impl ResidentRows {
    /// Keeping month rows for years of at most `month_rows_max_units`
    /// units (0: year rows only, as for a national tree).
    pub fn new(month_rows_max_units: usize) -> ResidentRows {
        ResidentRows {
            years: Mutex::default(),
            month_rows_max_units,
        }
    }

    /// Rows held in memory over all years, for monitoring; a year being
    /// read at this moment is left out rather than waited for.
    pub fn rows_kept(&self) -> usize {
        let years = self.years.lock().unwrap_or_else(|e| e.into_inner());
        years
            .values()
            .filter_map(|slot| {
                slot.try_lock()
                    .ok()
                    .and_then(|held| held.as_ref().map(|rows| rows.rows_kept()))
            })
            .sum()
    }

    /// The rows of `year` as the database holds them now.
    pub async fn year(&self, db: &Db, year: i32) -> Result<Arc<YearRows>, CoreError> {
        let store = db.store();
        let slot = {
            let mut years = self.years.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(years.entry(year).or_default())
        };
        let mut held = slot.lock().await;
        let revision = store.indicator_revision(year).await?;
        match held.as_mut() {
            Some(current) if current.revision == revision => Ok(Arc::clone(current)),
            Some(current) if current.revision.rebuilt_at == revision.rebuilt_at => {
                // Copied only while an earlier reader still holds them.
                Arc::make_mut(current).catch_up(store, revision).await?;
                Ok(Arc::clone(current))
            }
            _ => {
                let rows = Arc::new(YearRows::load(store, year, self.month_rows_max_units).await?);
                *held = Some(Arc::clone(&rows));
                Ok(rows)
            }
        }
    }
}
