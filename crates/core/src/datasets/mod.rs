//! The researchers' datasets: for a unit's subtree and a window of whole
//! months, one row per held meeting and one row per cell and month, made of
//! numbers, dates and codes only. Cells go under pseudonyms (a number after
//! sorting by a keyed hash whose key lives for one download), with their
//! sector, size band and district released k-anonymously
//! ([`anonymity`]). Each dataset carries its codebook ([`columns`]) and
//! is written as CSV, XLSX or a Frictionless Data Package ([`package`]).
//!
//! The cells are those of the subtree as it stood on the window's view day
//! (the dashboards' rule); meeting facts are the stored columns indicators
//! read, the norm flags come from the domain's norm checks, and the
//! cell-month counters are the stored indicator rows themselves.

pub mod anonymity;
pub mod columns;
pub mod package;

use std::collections::{BTreeSet, HashMap};

use chibo_domain::indicators::Counter;
use chibo_domain::meeting::Attendance;
use chibo_domain::norms::{
    HeldMeeting, NormSet, Period, TaskState, check_norms, meeting_keeps_norms,
};
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{DatasetMeeting, MonthSpan, Reach};
use chrono::Datelike;
use sha2::{Digest, Sha256};

use crate::access::{ReadDatasets, UnitAccess};
use crate::dashboards::Window;
use crate::{CoreError, Db};
pub use anonymity::{K_ANONYMITY, QuasiIdentifiers, Released, k_anonymize};
pub use columns::{Column, ColumnType, SIZE_BANDS, size_band};

/// The most cell-months one request reads (10,000 cells over a year, a
/// merged city's cells over more than a year): the rows are built in
/// memory, about 1 KB a meeting, so a larger subtree is asked to be
/// read in parts (a district, a shorter window).
pub const MAX_CELL_MONTHS: usize = 120_000;

/// Which dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatasetKind {
    Meetings,
    CellMonths,
}

impl DatasetKind {
    pub const ALL: [DatasetKind; 2] = [DatasetKind::Meetings, DatasetKind::CellMonths];

    pub fn code(self) -> &'static str {
        match self {
            DatasetKind::Meetings => "meetings",
            DatasetKind::CellMonths => "cell_months",
        }
    }

    pub fn parse(raw: &str) -> Option<DatasetKind> {
        DatasetKind::ALL.into_iter().find(|d| d.code() == raw)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            DatasetKind::Meetings => "dataset-name-meetings",
            DatasetKind::CellMonths => "dataset-name-cell-months",
        }
    }
}

/// One value of a dataset.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Integer(i64),
    /// A measure with the digits it is written with.
    Number(f64, u8),
    /// A code, a category or a pseudonym: never free text.
    Code(String),
    Missing,
}

/// A dataset: its columns and rows (each as long as the columns).
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub kind: DatasetKind,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
    /// Rows left out with the cells withheld.
    pub rows_suppressed: usize,
    /// Rows of cells whose size band or district was coarsened.
    pub rows_coarsened: usize,
}

impl Dataset {
    /// The index of a column by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// Both datasets of one download, sharing the cells' pseudonyms.
#[derive(Debug, Clone, PartialEq)]
pub struct Datasets {
    pub unit: UnitCode,
    pub months: Vec<(i32, u32)>,
    pub view_day: NaiveDate,
    /// The day tasks are judged overdue on (the day of the download).
    pub as_of: NaiveDate,
    pub k: usize,
    /// Cells of the subtree on the view day.
    pub cells: usize,
    pub released: Released,
    pub meetings: Dataset,
    pub cell_months: Dataset,
}

impl Datasets {
    pub fn get(&self, kind: DatasetKind) -> &Dataset {
        match kind {
            DatasetKind::Meetings => &self.meetings,
            DatasetKind::CellMonths => &self.cell_months,
        }
    }
}

/// A key for the cells' pseudonyms, drawn for one download.
#[derive(Clone)]
pub struct PseudonymKey([u8; 32]);

impl PseudonymKey {
    /// A fresh random key.
    pub fn random() -> PseudonymKey {
        let mut bytes = [0u8; 32];
        // Without the system's randomness the order falls back to the
        // cells' codes' hashes alone, which still hide the codes.
        let _ = getrandom::fill(&mut bytes);
        PseudonymKey(bytes)
    }

    /// A given key, for tests that need the same pseudonyms twice.
    pub fn from_bytes(bytes: [u8; 32]) -> PseudonymKey {
        PseudonymKey(bytes)
    }

    fn hash(&self, code: &UnitCode) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update(self.0);
        hasher.update(code.as_str().as_bytes());
        hasher.finalize().into()
    }
}

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PseudonymKey(…)")
    }
}

/// A cell of the subtree with what its rows are labelled with.
struct Cell {
    id: i64,
    code: UnitCode,
    quasi: QuasiIdentifiers,
}

/// The committee directly under the root on a cell's line: `chain` is the
/// cell's ancestors, nearest first, ending with the root. A cell directly
/// under the root gets the root's code, never its own.
fn district_of(chain: &[UnitCode]) -> String {
    match chain.len() {
        0 => "none".to_owned(),
        1 => chain[0].as_str().to_owned(),
        n => chain[n - 2].as_str().to_owned(),
    }
}

/// The cells of the subtree on the window's view day, with their
/// quasi-identifiers.
async fn cells_of(
    db: &Db,
    access: &UnitAccess<ReadDatasets>,
    window: &Window,
) -> Result<Vec<Cell>, CoreError> {
    let store = db.store();
    let units = store
        .subtree_units(access.unit(), window.view_day, Reach::Subtree)
        .await?;
    let parents: HashMap<&UnitCode, &UnitCode> = units
        .iter()
        .filter_map(|u| u.parent.as_ref().map(|p| (&u.code, p)))
        .collect();
    let above = &access.placement().ancestors;
    let ids: Vec<i64> = units
        .iter()
        .filter(|u| u.kind.is_cell())
        .map(|u| u.id)
        .collect();
    let members = store.member_counts_of(&ids, window.view_day).await?;
    let mut cells = Vec::new();
    for unit in units.iter().filter(|u| u.kind.is_cell()) {
        // Up the subtree to the access unit, then its own ancestors.
        let mut chain: Vec<UnitCode> = Vec::new();
        let mut current = &unit.code;
        while current != access.unit() {
            let Some(parent) = parents.get(current) else {
                break;
            };
            chain.push((*parent).clone());
            current = parent;
        }
        chain.extend(above.iter().cloned());
        cells.push(Cell {
            id: unit.id,
            code: unit.code.clone(),
            quasi: QuasiIdentifiers {
                sector: unit.sector.clone(),
                size_band: size_band(members.get(&unit.id).copied().unwrap_or(0)).to_owned(),
                district: district_of(&chain),
            },
        });
    }
    Ok(cells)
}

/// The released cells by unit id: pseudonym and quasi-identifiers.
type Labels = HashMap<i64, (String, QuasiIdentifiers)>;

/// Numbers the released cells in the order of their keyed hashes.
fn pseudonyms(cells: &[Cell], released: &Released, key: &PseudonymKey) -> Labels {
    let mut kept: Vec<([u8; 32], &Cell, &QuasiIdentifiers)> = cells
        .iter()
        .zip(&released.cells)
        .filter_map(|(cell, out)| out.as_ref().map(|q| (key.hash(&cell.code), cell, q)))
        .collect();
    kept.sort_by_key(|a| a.0);
    let width = kept.len().to_string().len().max(3);
    kept.into_iter()
        .enumerate()
        .map(|(i, (_, cell, q))| (cell.id, (format!("C{:0width$}", i + 1), q.clone())))
        .collect()
}

fn month_code(year: i32, month: u32) -> Value {
    Value::Code(format!("{year:04}-{month:02}"))
}

fn label_values(label: &(String, QuasiIdentifiers), year: i32, month: u32) -> Vec<Value> {
    let (pseudonym, q) = label;
    vec![
        Value::Code(pseudonym.clone()),
        Value::Code(q.district.clone()),
        Value::Code(q.sector.clone()),
        Value::Code(q.size_band.clone()),
        month_code(year, month),
    ]
}

fn int(n: impl Into<i64>) -> Value {
    Value::Integer(n.into())
}

fn points(tenths: Option<i64>) -> Value {
    tenths.map_or(Value::Missing, |t| Value::Number(t as f64 / 10.0, 1))
}

fn code(raw: Option<&str>) -> Value {
    raw.map_or(Value::Missing, |c| Value::Code(c.to_owned()))
}

fn flag(kept: Option<bool>) -> Value {
    kept.map_or(Value::Missing, |k| Value::Integer(i64::from(k)))
}

/// One meeting as a row of the meeting dataset.
fn meeting_row(
    meeting: &DatasetMeeting,
    label: &(String, QuasiIdentifiers),
    norms: &NormSet,
    as_of: NaiveDate,
) -> Vec<Value> {
    let facts = &meeting.facts;
    let day = meeting.held_on;
    let mark = |a: Attendance| meeting.marks.get(a.code()).copied().unwrap_or(0);
    let overdue = meeting
        .tasks
        .iter()
        .filter(|(deadline, open)| {
            TaskState {
                title: String::new(),
                deadline: *deadline,
                open: *open,
            }
            .is_overdue(as_of)
        })
        .count();
    let score = |rater: &str| {
        meeting
            .scores
            .iter()
            .rev()
            .find(|(r, _, _)| r == rater)
            .map(|(_, total, rating)| (*total, rating.clone()))
    };
    let own = score("self");
    let evaluator = score("evaluator");
    let mut row = label_values(label, day.year(), day.month());
    row.extend([
        Value::Code(facts.kind.code().to_owned()),
        facts.duration_minutes.map_or(Value::Missing, int),
        int(facts.expected),
        int(facts.present),
        int(mark(Attendance::AbsentExcused) + mark(Attendance::OnDuty)),
        int(facts.unexcused_absences),
        int(mark(Attendance::Exempt)),
        if facts.expected > 0 {
            Value::Number(f64::from(facts.present) / f64::from(facts.expected), 4)
        } else {
            Value::Missing
        },
        int(facts.speakers),
        int(i64::try_from(meeting.tasks.len()).unwrap_or(i64::MAX)),
        int(facts.previous_tasks_due),
        int(facts.previous_tasks_done_on_time),
        int(i64::try_from(overdue).unwrap_or(i64::MAX)),
        int(i64::from(facts.superior_attended)),
        facts.documents_sent_days_ahead.map_or(Value::Missing, int),
        points(own.as_ref().map(|s| s.0)),
        code(own.as_ref().and_then(|s| s.1.as_deref())),
        points(evaluator.as_ref().map(|s| s.0)),
        code(evaluator.as_ref().and_then(|s| s.1.as_deref())),
        points(meeting.final_total_tenths),
        code(meeting.final_rating.as_deref()),
    ]);
    let held = HeldMeeting {
        held_on: day,
        facts: facts.clone(),
    };
    let results = check_norms(norms, std::slice::from_ref(&held), &Period::day(day), day);
    for (rule, result) in norms.rules.iter().zip(&results) {
        if rule.check.judges_meetings() {
            row.push(flag(
                (result.applicable > 0).then_some(result.met == result.applicable),
            ));
        }
    }
    row.push(flag(meeting_keeps_norms(norms, &held)));
    row
}

/// The rows of both datasets for `access`'s subtree over `window`, with
/// tasks judged overdue on `as_of`.
pub async fn datasets(
    db: &Db,
    access: &UnitAccess<ReadDatasets>,
    window: &Window,
    as_of: NaiveDate,
    key: &PseudonymKey,
) -> Result<Datasets, CoreError> {
    datasets_within(db, access, window, as_of, key, MAX_CELL_MONTHS).await
}

/// [`datasets`] refused beyond `max_cell_months`, for tests of the bound.
#[doc(hidden)]
pub async fn datasets_within(
    db: &Db,
    access: &UnitAccess<ReadDatasets>,
    window: &Window,
    as_of: NaiveDate,
    key: &PseudonymKey,
    max_cell_months: usize,
) -> Result<Datasets, CoreError> {
    let store = db.store();
    let cells = cells_of(db, access, window).await?;
    if cells.len().saturating_mul(window.months.len()) > max_cell_months {
        return Err(CoreError::refused(
            chibo_domain::Message::new("dataset-too-large")
                .arg("cells", cells.len())
                .arg("months", window.months.len())
                .arg("limit", max_cell_months),
        ));
    }
    let quasi: Vec<QuasiIdentifiers> = cells.iter().map(|c| c.quasi.clone()).collect();
    let released = k_anonymize(&quasi, K_ANONYMITY);
    let labels = pseudonyms(&cells, &released, key);
    let coarsened: BTreeSet<i64> = cells
        .iter()
        .zip(&released.cells)
        .filter(|(cell, out)| out.as_ref().is_some_and(|q| *q != cell.quasi))
        .map(|(cell, _)| cell.id)
        .collect();
    let norms = crate::cell_year::shipped_norms()?;
    let (Some(first), Some(last)) = (window.months.first(), window.months.last()) else {
        return Err(CoreError::refused(chibo_domain::Message::new(
            "dashboard-period-future",
        )));
    };
    let from = NaiveDate::from_ymd_opt(first.0, first.1, 1).unwrap_or(window.period.from());
    let to = Period::month(last.0, last.1).map_or(window.period.to(), |p| p.to());
    let ids: Vec<i64> = cells.iter().map(|c| c.id).collect();

    let mut meetings = Dataset {
        kind: DatasetKind::Meetings,
        columns: columns::meeting_columns(&norms),
        rows: Vec::new(),
        rows_suppressed: 0,
        rows_coarsened: 0,
    };
    let mut held = store.dataset_meetings(&ids, from, to).await?;
    held.sort_by_key(|m| (m.held_on, m.id));
    for meeting in &held {
        match labels.get(&meeting.unit_id) {
            Some(label) => {
                meetings.rows_coarsened += usize::from(coarsened.contains(&meeting.unit_id));
                meetings
                    .rows
                    .push(meeting_row(meeting, label, &norms, as_of));
            }
            None => meetings.rows_suppressed += 1,
        }
    }
    sort_rows(&mut meetings);

    let mut cell_months = Dataset {
        kind: DatasetKind::CellMonths,
        columns: columns::cell_month_columns(),
        rows: Vec::new(),
        rows_suppressed: 0,
        rows_coarsened: 0,
    };
    let by_code: HashMap<&UnitCode, i64> = cells.iter().map(|c| (&c.code, c.id)).collect();
    let codes: Vec<UnitCode> = cells.iter().map(|c| c.code.clone()).collect();
    let wanted: BTreeSet<(i32, u32)> = window.months.iter().copied().collect();
    let mut years: Vec<i32> = window.months.iter().map(|(y, _)| *y).collect();
    years.dedup();
    for year in years {
        let span = MonthSpan {
            year,
            first: 1,
            last: 12,
        };
        for (code, month, counters) in store.counters_of_units(&codes, span, true).await? {
            if !wanted.contains(&(year, month)) {
                continue;
            }
            let Some(id) = by_code.get(&code) else {
                continue;
            };
            match labels.get(id) {
                Some(label) => {
                    cell_months.rows_coarsened += usize::from(coarsened.contains(id));
                    let mut row = label_values(label, year, month);
                    row.extend(Counter::ALL.iter().map(|c| int(counters.get(*c))));
                    cell_months.rows.push(row);
                }
                None => cell_months.rows_suppressed += 1,
            }
        }
    }
    sort_rows(&mut cell_months);

    Ok(Datasets {
        unit: access.unit().clone(),
        months: window.months.clone(),
        view_day: window.view_day,
        as_of,
        k: K_ANONYMITY,
        cells: cells.len(),
        released,
        meetings,
        cell_months,
    })
}

/// Rows by month, then cell: an order that tells nothing about the cells'
/// codes and does not change with the key between months.
fn sort_rows(dataset: &mut Dataset) {
    let key = |row: &Vec<Value>| -> (String, String) {
        let text = |v: Option<&Value>| match v {
            Some(Value::Code(c)) => c.clone(),
            _ => String::new(),
        };
        (text(row.get(4)), text(row.first()))
    };
    dataset.rows.sort_by_cached_key(key);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(raw: &[&str]) -> Vec<UnitCode> {
        raw.iter().map(|c| UnitCode::parse(c).unwrap()).collect()
    }

    #[test]
    fn the_district_is_the_unit_under_the_root_never_the_cell() {
        assert_eq!(district_of(&codes(&["CT.NK.AH", "CT.NK", "CT"])), "CT.NK");
        assert_eq!(district_of(&codes(&["CT.NK", "CT"])), "CT.NK");
        // A cell directly under the city committee: the city, not the cell.
        assert_eq!(district_of(&codes(&["CT"])), "CT");
        assert_eq!(district_of(&[]), "none");
    }

    #[test]
    fn pseudonyms_follow_the_key_and_hide_the_codes() {
        let cell = |id: i64, code: &str| Cell {
            id,
            code: UnitCode::parse(code).unwrap(),
            quasi: QuasiIdentifiers {
                sector: "commune".into(),
                size_band: "0-9".into(),
                district: "CT.NK".into(),
            },
        };
        let cells: Vec<Cell> = (1..=6)
            .map(|i| cell(i, &format!("CT.NK.AH.KV{i}")))
            .collect();
        let quasi: Vec<QuasiIdentifiers> = cells.iter().map(|c| c.quasi.clone()).collect();
        let released = k_anonymize(&quasi, K_ANONYMITY);
        let one = pseudonyms(&cells, &released, &PseudonymKey::from_bytes([1; 32]));
        let again = pseudonyms(&cells, &released, &PseudonymKey::from_bytes([1; 32]));
        assert_eq!(one, again, "stable within one key");
        let mut names: Vec<&String> = one.values().map(|(p, _)| p).collect();
        names.sort();
        assert_eq!(names, ["C001", "C002", "C003", "C004", "C005", "C006"]);
        let keys: Vec<Labels> = (2..12u8)
            .map(|k| pseudonyms(&cells, &released, &PseudonymKey::from_bytes([k; 32])))
            .collect();
        assert!(
            keys.iter().any(|other| *other != one),
            "another key, another order"
        );
    }
}
