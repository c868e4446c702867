//! Bulk inserts through SQLite's C API, on a connection that sqlx lends us.
//!
//! Why: through sqlx, every bound value becomes an owned argument (strings
//! copied, dates formatted by chrono), each statement travels to sqlx's
//! worker thread, and a multi-row INSERT of thousands of rows is built and
//! parsed as text. For a large member import that was a large part of the
//! writer's time (BENCHMARKS.md, "Member import"). Here each INSERT is
//! prepared once per batch, rows are bound with their strings borrowed, not
//! copied, and stepped on the caller's thread, inside the transaction sqlx
//! opened: nothing changes about all-or-nothing.
//!
//! The online backup (`Connection::copy_into`, for `backup/`) goes through
//! the same C API, as sqlx offers none.
//!
//! This is the only module of the crate with `unsafe` code.
#![allow(unsafe_code)]

use std::borrow::Cow;
use std::ffi::{CStr, CString, c_int};
use std::fmt;
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

use chrono::{Datelike, NaiveDate};
use libsqlite3_sys as ffi;
use sqlx::error::{DatabaseError, ErrorKind};
use sqlx::sqlite::LockedSqliteHandle;

use crate::StoreError;

/// Runs blocking work from async code. On a multi-threaded runtime the
/// worker's other tasks move to another thread meanwhile; a current-thread
/// runtime (tests, small tools) simply waits. (Tokio refuses to block in
/// place inside a `LocalSet`; chibo uses none.)
pub(crate) fn blocking<R>(work: impl FnOnce() -> R) -> R {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

/// An SQLite error, shaped like sqlx's own so that callers see the same
/// `StoreError::Database` whichever path failed.
#[derive(Debug)]
pub(crate) struct RawSqliteError {
    code: c_int,
    message: String,
}

impl RawSqliteError {
    /// The error SQLite recorded on `db` for the call that just failed with `code`.
    fn last(db: NonNull<ffi::sqlite3>, code: c_int) -> Self {
        // SAFETY: `db` is an open connection that this thread holds (see
        // `Connection`). `sqlite3_errmsg` returns a NUL-terminated string
        // owned by SQLite, valid until the next call on `db`; it is copied
        // before anything else is called.
        let message = unsafe {
            let text = ffi::sqlite3_errmsg(db.as_ptr());
            if text.is_null() {
                String::from("unknown SQLite error")
            } else {
                CStr::from_ptr(text).to_string_lossy().into_owned()
            }
        };
        // SAFETY: as above; the extended code is more precise than `code`
        // (e.g. which constraint failed) when SQLite recorded one.
        let extended = unsafe { ffi::sqlite3_extended_errcode(db.as_ptr()) };
        let code = if extended & 0xff == code & 0xff {
            extended
        } else {
            code
        };
        RawSqliteError { code, message }
    }
}

impl fmt::Display for RawSqliteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(code: {}) {}", self.code, self.message)
    }
}

impl std::error::Error for RawSqliteError {}

impl DatabaseError for RawSqliteError {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        Some(self.code.to_string().into())
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> ErrorKind {
        match self.code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                ErrorKind::UniqueViolation
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => ErrorKind::ForeignKeyViolation,
            ffi::SQLITE_CONSTRAINT_NOTNULL => ErrorKind::NotNullViolation,
            ffi::SQLITE_CONSTRAINT_CHECK => ErrorKind::CheckViolation,
            _ => ErrorKind::Other,
        }
    }
}

impl From<RawSqliteError> for StoreError {
    fn from(error: RawSqliteError) -> Self {
        StoreError::Database(sqlx::Error::Database(Box::new(error)))
    }
}

/// A destination database opened by [`Connection::copy_into`], closed on drop.
struct Destination(NonNull<ffi::sqlite3>);

impl Drop for Destination {
    fn drop(&mut self) {
        // SAFETY: the connection was opened by `copy_into`, every backup
        // object on it is finished before this runs, and it is closed once.
        unsafe {
            ffi::sqlite3_close(self.0.as_ptr());
        }
    }
}

impl Connection<'_> {
    /// Copies the whole database into a new file at `path` with SQLite's
    /// online backup, in one step. When this connection already holds a
    /// read transaction, the copy is of that transaction's snapshot (SQLite
    /// opens none of its own then), so figures read in the same transaction
    /// describe exactly what was copied; writers carry on meanwhile (WAL).
    /// The copy is left in rollback-journal mode, one self-contained file.
    pub(crate) fn copy_into(&self, path: &std::path::Path) -> Result<(), StoreError> {
        let path = path
            .to_str()
            .and_then(|p| CString::new(p).ok())
            .ok_or_else(|| StoreError::Corrupt(format!("unusable path {}", path.display())))?;
        let mut raw: *mut ffi::sqlite3 = ptr::null_mut();
        // SAFETY: `path` is NUL-terminated and outlives the call; `raw`
        // receives a connection handle (even on failure, when it must still
        // be closed, which `Destination` does).
        let code = unsafe {
            ffi::sqlite3_open_v2(
                path.as_ptr(),
                &mut raw,
                ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_CREATE,
                ptr::null(),
            )
        };
        let destination = Destination(
            NonNull::new(raw).ok_or_else(|| StoreError::Corrupt("out of memory".into()))?,
        );
        if code != ffi::SQLITE_OK {
            return Err(RawSqliteError::last(destination.0, code).into());
        }
        let main = c"main";
        // SAFETY: both connections are open and used by this thread alone
        // (the source through the locked handle `self` borrows); the names
        // are NUL-terminated constants.
        let backup = unsafe {
            ffi::sqlite3_backup_init(
                destination.0.as_ptr(),
                main.as_ptr(),
                self.db.as_ptr(),
                main.as_ptr(),
            )
        };
        if backup.is_null() {
            return Err(RawSqliteError::last(destination.0, ffi::SQLITE_ERROR).into());
        }
        // SAFETY: `backup` is the live object just made; it is finished
        // exactly once, right after its single step.
        let (step, finish) = unsafe {
            let step = ffi::sqlite3_backup_step(backup, -1);
            (step, ffi::sqlite3_backup_finish(backup))
        };
        if step != ffi::SQLITE_DONE {
            let code = if finish == ffi::SQLITE_OK {
                step
            } else {
                finish
            };
            return Err(RawSqliteError::last(destination.0, code).into());
        }
        let pragma = c"PRAGMA journal_mode=DELETE";
        // SAFETY: a NUL-terminated statement without results that need a
        // callback, on the open destination.
        let code = unsafe {
            ffi::sqlite3_exec(
                destination.0.as_ptr(),
                pragma.as_ptr(),
                None,
                ptr::null_mut(),
                ptr::null_mut(),
            )
        };
        if code != ffi::SQLITE_OK {
            return Err(RawSqliteError::last(destination.0, code).into());
        }
        Ok(())
    }
}

/// A value to bind. Dates are stored as `YYYY-MM-DD` text, as sqlx stores
/// a `NaiveDate` on SQLite, so that both paths write the same bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Value<'v> {
    Int(i64),
    Text(&'v str),
    Date(NaiveDate),
    Null,
}

impl From<Option<NaiveDate>> for Value<'_> {
    fn from(date: Option<NaiveDate>) -> Self {
        date.map_or(Value::Null, Value::Date)
    }
}

/// Appends `date` as sqlx's `%F` would print it (`YYYY-MM-DD` for the
/// years 0–9999 that real dates have; chrono's own format otherwise).
fn push_date(out: &mut String, date: NaiveDate) {
    let year = date.year();
    if (0..=9999).contains(&year) {
        let (month, day) = (date.month() as i32, date.day() as i32);
        for (i, digit) in [
            year / 1000,
            year / 100 % 10,
            year / 10 % 10,
            year % 10,
            month / 10,
            month % 10,
            day / 10,
            day % 10,
        ]
        .into_iter()
        .enumerate()
        {
            if i == 4 || i == 6 {
                out.push('-');
            }
            out.push(char::from(b'0' + digit as u8));
        }
    } else {
        use std::fmt::Write;
        let _ = write!(out, "{}", date.format("%F"));
    }
}

/// The raw connection, while sqlx's worker thread is kept off it by the
/// locked handle this borrows. Not `Send`: it stays on the thread that took it.
pub(crate) struct Connection<'h> {
    db: NonNull<ffi::sqlite3>,
    _handle: PhantomData<&'h mut ()>,
}

impl<'h> Connection<'h> {
    pub(crate) fn new(handle: &'h mut LockedSqliteHandle<'_>) -> Self {
        Connection {
            db: handle.as_raw_handle(),
            _handle: PhantomData,
        }
    }

    /// An insert of `columns` values per row into `into` (`"table (a, b)"`),
    /// stepping `rows_per_step` rows at a time.
    pub(crate) fn insert<'v>(
        &self,
        into: &str,
        columns: usize,
        rows_per_step: usize,
    ) -> Result<Insert<'_, 'v>, RawSqliteError> {
        self.insert_ending(into, columns, rows_per_step, "")
    }

    /// [`Connection::insert`] with `ending` after the values of each
    /// statement (an `ON CONFLICT` clause).
    pub(crate) fn insert_ending<'v>(
        &self,
        into: &str,
        columns: usize,
        rows_per_step: usize,
        ending: &str,
    ) -> Result<Insert<'_, 'v>, RawSqliteError> {
        Ok(Insert {
            connection: self,
            into: into.to_owned(),
            ending: ending.to_owned(),
            one: Statement::prepare(self, &insert_sql(into, columns, 1, ending))?,
            many: None,
            columns,
            rows_per_step,
            pending: Vec::with_capacity(columns * rows_per_step),
            dates: String::new(),
            date_ends: Vec::new(),
        })
    }
}

impl Connection<'_> {
    /// Runs the query `sql` with `values` bound to its parameters 1…, and
    /// hands each row to `each` as SQLite steps onto it: nothing is copied
    /// but what `each` keeps (a rebuild reads millions of rows).
    pub(crate) fn select(
        &self,
        sql: &str,
        values: &[Value<'_>],
        mut each: impl FnMut(&Row<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut statement = Statement::prepare(self, sql)?;
        let mut dates = String::new();
        let mut ends = Vec::new();
        for value in values {
            if let Value::Date(date) = value {
                push_date(&mut dates, *date);
                ends.push(dates.len());
            }
        }
        // `dates` lives to the end of this function, past the last step;
        // the statement is finalized (dropped) before it.
        statement.bind(values, &dates, 0, &ends)?;
        loop {
            // SAFETY: a live statement of this connection, used only by
            // this thread, its parameters bound above and still valid.
            let code = unsafe { ffi::sqlite3_step(statement.stmt.as_ptr()) };
            match code {
                ffi::SQLITE_ROW => each(&Row {
                    stmt: statement.stmt,
                    _statement: PhantomData,
                })?,
                ffi::SQLITE_DONE => return Ok(()),
                _ => return Err(RawSqliteError::last(statement.db, code).into()),
            }
        }
    }
}

/// The row a [`Connection::select`] stands on; its columns (from 0) are
/// read before the statement steps again, which the borrow ensures.
pub(crate) struct Row<'s> {
    stmt: NonNull<ffi::sqlite3_stmt>,
    _statement: PhantomData<&'s ()>,
}

impl Row<'_> {
    /// Whether the column holds NULL.
    fn is_null(&self, column: c_int) -> bool {
        // SAFETY: the statement stands on a row (see `Row`); an index out
        // of range reads as NULL rather than failing.
        unsafe { ffi::sqlite3_column_type(self.stmt.as_ptr(), column) == ffi::SQLITE_NULL }
    }

    /// The column as an integer, `None` when NULL.
    pub(crate) fn int(&self, column: c_int) -> Option<i64> {
        if self.is_null(column) {
            return None;
        }
        // SAFETY: as in `is_null`.
        Some(unsafe { ffi::sqlite3_column_int64(self.stmt.as_ptr(), column) })
    }

    /// The column as text, `None` when NULL; text that is not UTF-8 is an
    /// error.
    pub(crate) fn text(&self, column: c_int) -> Result<Option<&str>, StoreError> {
        if self.is_null(column) {
            return Ok(None);
        }
        // SAFETY: as in `is_null`. `sqlite3_column_text` is called before
        // `sqlite3_column_bytes`, as SQLite asks, and the bytes it points
        // to stay valid until the statement steps again, which the borrow
        // of `self` rules out while the returned `&str` lives.
        let bytes = unsafe {
            let text = ffi::sqlite3_column_text(self.stmt.as_ptr(), column);
            if text.is_null() {
                return Ok(None);
            }
            let length = ffi::sqlite3_column_bytes(self.stmt.as_ptr(), column);
            std::slice::from_raw_parts(text, usize::try_from(length).unwrap_or(0))
        };
        std::str::from_utf8(bytes)
            .map(Some)
            .map_err(|_| StoreError::Corrupt(format!("column {column} is not UTF-8")))
    }

    /// The column as a `YYYY-MM-DD` day, `None` when NULL.
    pub(crate) fn date(&self, column: c_int) -> Result<Option<NaiveDate>, StoreError> {
        let Some(text) = self.text(column)? else {
            return Ok(None);
        };
        parse_date(text)
            .map(Some)
            .ok_or_else(|| StoreError::Corrupt(format!("date {text}")))
    }
}

/// Reads a day as sqlx writes it (see `push_date`); other forms through
/// chrono.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let digit = |i: usize| {
        b.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| u32::from(c - b'0'))
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let number = |at: &[usize]| {
            at.iter()
                .try_fold(0u32, |n, i| digit(*i).map(|d| n * 10 + d))
        };
        if let (Some(year), Some(month), Some(day)) =
            (number(&[0, 1, 2, 3]), number(&[5, 6]), number(&[8, 9]))
        {
            return NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day);
        }
    }
    text.parse().ok()
}

fn insert_sql(into: &str, columns: usize, rows: usize, ending: &str) -> String {
    let row = format!("({})", vec!["?"; columns].join(", "));
    format!(
        "INSERT INTO {into} VALUES {}{ending}",
        vec![row; rows].join(", ")
    )
}

/// One prepared statement on a [`Connection`], finalized when dropped.
struct Statement<'c> {
    db: NonNull<ffi::sqlite3>,
    stmt: NonNull<ffi::sqlite3_stmt>,
    _connection: PhantomData<&'c Connection<'c>>,
}

impl<'c> Statement<'c> {
    fn prepare(connection: &'c Connection<'_>, sql: &str) -> Result<Self, RawSqliteError> {
        let db = connection.db;
        let text = CString::new(sql).expect("generated SQL has no NUL");
        let mut stmt = ptr::null_mut();
        // SAFETY: `db` is open and held by this thread (`Connection`);
        // `text` is NUL-terminated (length -1 means "up to the NUL") and
        // outlives the call; `stmt` receives a statement owned by `Self`
        // and finalized in `Drop` before the connection can be given back
        // (the borrow of `Connection` ensures it).
        let code = unsafe {
            ffi::sqlite3_prepare_v3(
                db.as_ptr(),
                text.as_ptr(),
                -1,
                ffi::SQLITE_PREPARE_PERSISTENT,
                &mut stmt,
                ptr::null_mut(),
            )
        };
        match NonNull::new(stmt) {
            Some(stmt) if code == ffi::SQLITE_OK => Ok(Statement {
                db,
                stmt,
                _connection: PhantomData,
            }),
            _ => Err(RawSqliteError::last(db, code)),
        }
    }

    /// Binds `values` to parameters 1… and runs the statement once. The
    /// texts of the `Value::Date`s are `dates[..ends[0]]`, `dates[ends[0]..ends[1]]`…
    /// (offsets into `dates`, starting at `start`).
    ///
    /// Every parameter is bound on every run, so the text pointers bound
    /// by the previous run (which may point to freed memory by now) are
    /// never read: SQLite reads bound values only while stepping.
    fn run(
        &mut self,
        values: &[Value<'_>],
        dates: &str,
        start: usize,
        ends: &[usize],
    ) -> Result<(), RawSqliteError> {
        self.bind(values, dates, start, ends)?;
        // SAFETY: as in `bind`. `sqlite3_reset` follows whatever the
        // outcome, so the statement never stays active (which would hold
        // up the commit).
        unsafe {
            let code = ffi::sqlite3_step(self.stmt.as_ptr());
            let result = match code {
                ffi::SQLITE_DONE => Ok(()),
                _ => Err(RawSqliteError::last(self.db, code)),
            };
            ffi::sqlite3_reset(self.stmt.as_ptr());
            result
        }
    }

    /// Binds `values` as [`Statement::run`] describes; the texts bound
    /// must stay valid until the statement is stepped and reset.
    fn bind(
        &mut self,
        values: &[Value<'_>],
        dates: &str,
        mut start: usize,
        ends: &[usize],
    ) -> Result<(), RawSqliteError> {
        let mut ends = ends.iter();
        for (i, value) in values.iter().enumerate() {
            let index = c_int::try_from(i + 1).expect("fewer parameters than SQLite allows");
            let stmt = self.stmt.as_ptr();
            // SAFETY: `stmt` is a live statement of this connection, used
            // only by this thread. Texts are bound with SQLITE_STATIC, so
            // SQLite does not copy them: `values` and `dates` are borrowed
            // for this whole call, which steps and resets the statement
            // before returning, and nothing reads them afterwards (see above).
            let code = unsafe {
                match *value {
                    Value::Int(n) => ffi::sqlite3_bind_int64(stmt, index, n),
                    Value::Null => ffi::sqlite3_bind_null(stmt, index),
                    Value::Text(text) => bind_text(stmt, index, text),
                    Value::Date(_) => {
                        let end = *ends.next().expect("one formatted text per date");
                        let text = &dates[start..end];
                        start = end;
                        bind_text(stmt, index, text)
                    }
                }
            };
            if code != ffi::SQLITE_OK {
                return Err(RawSqliteError::last(self.db, code));
            }
        }
        Ok(())
    }
}

/// # Safety
/// `stmt` must be a live statement used only by this thread, and `text`
/// must stay valid until the statement has been stepped and reset.
unsafe fn bind_text(stmt: *mut ffi::sqlite3_stmt, index: c_int, text: &str) -> c_int {
    // SAFETY: guaranteed by the caller; a Rust `&str` pointer is never
    // null (an empty string binds as empty text, not NULL) and is UTF-8.
    unsafe {
        ffi::sqlite3_bind_text64(
            stmt,
            index,
            text.as_ptr().cast(),
            text.len() as u64,
            ffi::SQLITE_STATIC(),
            ffi::SQLITE_UTF8 as u8,
        )
    }
}

impl Drop for Statement<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement is live and owned by `self`; it is never
        // left active (`run` resets it) and is finalized exactly once, here.
        unsafe {
            ffi::sqlite3_finalize(self.stmt.as_ptr());
        }
    }
}

/// Rows for one table, stepped `rows_per_step` at a time; call
/// [`finish`](Self::finish) to write the rows still pending.
pub(crate) struct Insert<'c, 'v> {
    connection: &'c Connection<'c>,
    into: String,
    ending: String,
    /// The single-row statement, for the rows that do not fill a step.
    one: Statement<'c>,
    /// The `rows_per_step` statement, prepared when the first step is full
    /// (a small write does not pay for preparing it).
    many: Option<Statement<'c>>,
    columns: usize,
    rows_per_step: usize,
    pending: Vec<Value<'v>>,
    /// The pending rows' dates as text, one after the other, and where each ends.
    dates: String,
    date_ends: Vec<usize>,
}

impl<'v> Insert<'_, 'v> {
    pub(crate) fn row<const N: usize>(
        &mut self,
        values: [Value<'v>; N],
    ) -> Result<(), RawSqliteError> {
        debug_assert_eq!(N, self.columns);
        for value in values {
            if let Value::Date(date) = value {
                push_date(&mut self.dates, date);
                self.date_ends.push(self.dates.len());
            }
            self.pending.push(value);
        }
        if self.pending.len() == self.columns * self.rows_per_step {
            let many = match &mut self.many {
                Some(many) => many,
                many => many.insert(Statement::prepare(
                    self.connection,
                    &insert_sql(&self.into, self.columns, self.rows_per_step, &self.ending),
                )?),
            };
            many.run(&self.pending, &self.dates, 0, &self.date_ends)?;
            self.pending.clear();
            self.dates.clear();
            self.date_ends.clear();
        }
        Ok(())
    }

    /// Writes the rows still pending, one by one.
    pub(crate) fn finish(mut self) -> Result<(), RawSqliteError> {
        let (mut start, mut ends) = (0, &self.date_ends[..]);
        for row in self.pending.chunks(self.columns) {
            let dates = row.iter().filter(|v| matches!(v, Value::Date(_))).count();
            let (mine, rest) = ends.split_at(dates);
            self.one.run(row, &self.dates, start, mine)?;
            start = mine.last().copied().unwrap_or(start);
            ends = rest;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_as_sqlx_prints_them() {
        for date in [
            "2024-02-29",
            "1999-12-31",
            "2018-01-01",
            "0000-01-01",
            "0999-06-09",
            "9999-12-31",
        ]
        .map(|s| s.parse::<NaiveDate>().unwrap())
        .into_iter()
        .chain([
            NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(-1, 3, 4).unwrap(),
        ]) {
            let mut text = String::new();
            push_date(&mut text, date);
            assert_eq!(text, date.format("%F").to_string());
        }
    }

    #[test]
    fn dates_read_back_as_they_were_written() {
        for text in ["2024-02-29", "1999-12-31", "0000-01-01", "9999-12-31"] {
            assert_eq!(parse_date(text), text.parse().ok(), "{text}");
        }
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("20x4-01-05"), None);
        assert_eq!(parse_date("+10000-01-01"), "+10000-01-01".parse().ok());
    }

    #[test]
    fn insert_statements_have_one_parameter_per_value() {
        assert_eq!(
            insert_sql("t (a, b)", 2, 3, ""),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)"
        );
        assert_eq!(
            insert_sql("t (a)", 1, 2, " ON CONFLICT DO NOTHING"),
            "INSERT INTO t (a) VALUES (?), (?) ON CONFLICT DO NOTHING"
        );
    }
}
