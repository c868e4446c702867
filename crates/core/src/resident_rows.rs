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
/// many units: 13 rows of about 140 bytes each, so 90 MB at most (a large
/// province). Above it, year rows only.
pub const MONTH_ROWS_MAX_UNITS: usize = 50_000;

/// One row's counters as kept: in 32 bits each when they fit, which they
/// do for every row of a city or a province (counts of members, meetings
/// and attendances); half the memory of the full row, which the rare row
/// that does not fit keeps.
#[derive(Debug, Clone)]
enum Packed {
    Narrow([i32; COUNTER_COUNT]),
    Wide(Box<Counters>),
}

impl Packed {
    fn new(counters: Counters) -> Packed {
        let mut narrow = [0i32; COUNTER_COUNT];
        for (to, from) in narrow.iter_mut().zip(counters.values()) {
            match i32::try_from(*from) {
                Ok(value) => *to = value,
                Err(_) => return Packed::Wide(Box::new(counters)),
            }
        }
        Packed::Narrow(narrow)
    }

    fn counters(&self) -> Counters {
        match self {
            Packed::Narrow(narrow) => Counters::from_values(narrow.map(i64::from)),
            Packed::Wide(counters) => **counters,
        }
    }
}

/// A row: its unit, its month (0: the year row) and its counters.
type Row = (i64, u32, Packed);

/// The stored rows of one year as of one revision.
#[derive(Debug, Clone)]
pub struct YearRows {
    year: i32,
    revision: IndicatorRevision,
    with_months: bool,
    /// Ordered by unit and month, so a unit's months are one range: no
    /// map's nodes or empty buckets beside the rows.
    rows: Vec<Row>,
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
            .map(|(unit, _, packed)| (*unit, packed.counters()))
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
        let mut sum = Counters::default();
        for (_, _, packed) in self.rows[start..]
            .iter()
            .take_while(|(unit, month, _)| *unit == unit_id && *month <= last)
        {
            match packed {
                Packed::Narrow(narrow) => {
                    sum += &Counters::from_values(narrow.map(i64::from));
                }
                Packed::Wide(counters) => sum += &**counters,
            }
        }
        Some(sum)
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
        let pack = |row: chibo_store::IndicatorRow| Packed::new(row.counters);
        let mut rows = store.indicator_rows_of_year_as(year, &[0], pack).await?;
        let with_months = rows.len() <= month_rows_max_units;
        if with_months {
            let months: Vec<u32> = (1..=12).collect();
            let read = store.indicator_rows_of_year_as(year, &months, pack).await?;
            rows.reserve_exact(read.len());
            rows.extend(read);
            rows.sort_unstable_by_key(|(unit, month, _)| (*unit, *month));
        }
        rows.shrink_to_fit();
        Ok(YearRows {
            year,
            revision,
            with_months,
            rows,
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
                let packed = Packed::new(row.counters);
                match self.position(row.unit_id, row.month) {
                    Ok(at) => self.rows[at].2 = packed,
                    Err(_) => added.push((row.unit_id, row.month, packed)),
                }
            }
        }
        if !added.is_empty() {
            // Sorted once, rather than each row shifting the rest.
            self.rows.extend(added);
            self.rows
                .sort_unstable_by_key(|(unit, month, _)| (*unit, *month));
        }
        self.revision = revision;
        Ok(())
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
