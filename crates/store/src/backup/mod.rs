//! Backups of an SQLite database while it serves, and their restore into
//! an empty place. A backup is one file ([`archive`]): a manifest (schema
//! version, row count of every table, length and SHA-256 of the database)
//! and the database copied by SQLite's online backup from one read
//! snapshot, so the counts in the manifest are those of the copy while
//! writers carry on. Both directions check the copy the same way
//! ([`verify`]) and write to a temporary file first, renamed only once
//! checked: nothing is overwritten, nothing half-written is left in place.
//! PostgreSQL is backed up with its own tools (docs/deploy.md).

pub mod archive;
mod verify;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chibo_domain::Message;

pub use archive::{Compression, Manifest};

use crate::{Backend, Store, StoreError, sqlite_raw};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("not a chibo backup")]
    NotABackup,
    #[error("an SQLite database, not a chibo backup")]
    PlainDatabase,
    #[error("the backup is truncated or damaged")]
    Truncated,
    #[error("the backup's schema {found} is newer than this chibo ({known})")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("{path} is not empty")]
    TargetNotEmpty { path: String },
    #[error("{path} already exists")]
    FileExists { path: String },
    #[error("the copy failed its integrity check: {detail}")]
    Damaged { detail: String },
    #[error("table {table}: {expected} rows expected, {found} found")]
    Mismatch {
        table: String,
        expected: i64,
        found: i64,
    },
    #[error("this backup works on SQLite; use pg_dump for PostgreSQL")]
    NotSqlite,
    #[error("{path}: {needed} bytes needed, {available} free")]
    NoRoom {
        path: String,
        needed: u64,
        available: u64,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for BackupError {
    fn from(e: sqlx::Error) -> Self {
        BackupError::Store(e.into())
    }
}

impl BackupError {
    /// What to tell a person, with what to do about it.
    pub fn message(&self) -> Message {
        match self {
            BackupError::NotABackup => Message::new("backup-not-a-backup"),
            BackupError::PlainDatabase => Message::new("backup-plain-database"),
            BackupError::Truncated => Message::new("backup-truncated"),
            BackupError::SchemaTooNew { found, known } => Message::new("backup-too-new")
                .arg("found", found)
                .arg("known", known),
            BackupError::TargetNotEmpty { path } => {
                Message::new("backup-target-not-empty").arg("path", path)
            }
            BackupError::FileExists { path } => {
                Message::new("backup-file-exists").arg("path", path)
            }
            BackupError::Damaged { detail } => Message::new("backup-damaged").arg("detail", detail),
            BackupError::Mismatch {
                table,
                expected,
                found,
            } => Message::new("backup-mismatch")
                .arg("table", table)
                .arg("expected", expected)
                .arg("found", found),
            BackupError::NotSqlite => Message::new("backup-not-sqlite"),
            BackupError::NoRoom {
                path,
                needed,
                available,
            } => Message::new("backup-no-room")
                .arg("path", path)
                .arg("needed", needed)
                .arg("available", available),
            BackupError::Io { path, source } => {
                Message::new("err-file-read").arg("detail", format!("{path}: {source}"))
            }
            BackupError::Store(e) => e.message(),
        }
    }

    /// Whether the input was refused (as opposed to a failure to act).
    pub fn is_refusal(&self) -> bool {
        !matches!(self, BackupError::Io { .. } | BackupError::Store(_))
    }
}

/// How to write a backup.
#[derive(Debug, Clone, Copy)]
pub struct BackupOptions {
    pub compression: Compression,
    /// The time written in the manifest, Unix seconds (from the caller's clock).
    pub created_at: i64,
}

/// A file next to `near` for work in progress, removed when dropped unless kept.
struct Scratch(PathBuf);

impl Scratch {
    fn near(near: &Path, suffix: &str) -> Scratch {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = near
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let unique = format!(
            ".{name}.{}-{}.{suffix}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        Scratch(near.with_file_name(unique))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for path in [
            self.0.clone(),
            PathBuf::from(format!("{}-journal", self.0.display())),
        ] {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Moves `from` to `to` unless `to` holds something: a hard link fails when
/// the name is taken, so nothing there is ever replaced. An empty file at
/// `to` (a placeholder) is replaced.
fn place(from: &Path, to: &Path) -> Result<(), BackupError> {
    let io = |source| BackupError::Io {
        path: to.display().to_string(),
        source,
    };
    match std::fs::metadata(to) {
        Ok(found) if found.len() == 0 && found.is_file() => {
            return std::fs::rename(from, to).map_err(io);
        }
        Ok(_) => {
            return Err(BackupError::FileExists {
                path: to.display().to_string(),
            });
        }
        Err(_) => {}
    }
    match std::fs::hard_link(from, to) {
        Ok(()) => std::fs::remove_file(from).map_err(io),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(BackupError::FileExists {
            path: to.display().to_string(),
        }),
        // A file system without hard links: the check above stands.
        Err(_) => std::fs::rename(from, to).map_err(io),
    }
}

impl Store {
    /// Writes a backup of this SQLite database to `file` (which must not
    /// exist), taken while others keep writing, and checks it: the copy
    /// passes `PRAGMA integrity_check`, holds the rows the snapshot held in
    /// every table, and the written file reads back to the same bytes.
    pub async fn backup_to(
        &self,
        file: &Path,
        options: BackupOptions,
    ) -> Result<Manifest, BackupError> {
        let Backend::Sqlite(pool) = &self.backend else {
            return Err(BackupError::NotSqlite);
        };
        if file.exists() {
            return Err(BackupError::FileExists {
                path: file.display().to_string(),
            });
        }
        let copy = Scratch::near(file, "db");
        // One read transaction: the counts and the copy see one snapshot.
        let mut tx = pool.begin().await?;
        let tables = verify::table_counts(&mut tx).await?;
        let schema_version = verify::schema_version(&mut tx).await?;
        {
            let mut handle = tx.lock_handle().await?;
            sqlite_raw::blocking(|| sqlite_raw::Connection::new(&mut handle).copy_into(&copy.0))?;
        }
        tx.rollback().await?;
        verify::check(&copy.0, &tables, schema_version).await?;

        let archive = Scratch::near(file, "tmp");
        let manifest = sqlite_raw::blocking(|| -> Result<Manifest, BackupError> {
            let (sha256, bytes) = archive::digest(&copy.0)?;
            let manifest = Manifest {
                application: "chibo".into(),
                schema_version,
                created_at: options.created_at,
                chibo_version: env!("CARGO_PKG_VERSION").into(),
                compression: options.compression,
                database_bytes: bytes,
                database_sha256: sha256,
                tables,
            };
            archive::write(&archive.0, &manifest, &copy.0)?;
            // Read back what reached the disk.
            let (read, payload) = archive::open(&archive.0)?;
            if read != manifest {
                return Err(BackupError::Truncated);
            }
            archive::copy_payload(&read, payload, &mut std::io::sink())?;
            place(&archive.0, file)?;
            Ok(manifest)
        })?;
        Ok(manifest)
    }

    /// Whether the database holds no table at all (a new SQLite file, a
    /// new PostgreSQL database): the only place a backup is restored into.
    pub async fn is_blank(&self) -> Result<bool, StoreError> {
        let tables: i64 = match &self.backend {
            Backend::Sqlite(pool) => {
                sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
                    .fetch_one(pool)
                    .await?
            }
            Backend::Postgres(pool) => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM information_schema.tables \
                     WHERE table_schema = current_schema()",
                )
                .fetch_one(pool)
                .await?
            }
        };
        Ok(tables == 0)
    }
}

/// Reads a backup's manifest, refusing a file that is not a chibo backup.
pub fn read_manifest(file: &Path) -> Result<Manifest, BackupError> {
    Ok(archive::open(file)?.0)
}

/// Restores the backup `file` as the SQLite database `target`, which must
/// not exist (or be an empty file). The database is written beside the
/// target under another name, checked like a fresh backup (integrity, the
/// manifest's row counts and schema version), and only then renamed.
pub async fn restore_sqlite(file: &Path, target: &Path) -> Result<Manifest, BackupError> {
    let not_empty = || BackupError::TargetNotEmpty {
        path: target.display().to_string(),
    };
    match std::fs::metadata(target) {
        Ok(found) if found.len() > 0 || !found.is_file() => return Err(not_empty()),
        _ => {}
    }
    for suffix in ["-wal", "-journal"] {
        if Path::new(&format!("{}{suffix}", target.display())).exists() {
            return Err(not_empty());
        }
    }
    let (manifest, payload) = archive::open(file)?;
    let known = Store::latest_schema_version();
    if manifest.schema_version > known {
        return Err(BackupError::SchemaTooNew {
            found: manifest.schema_version,
            known,
        });
    }
    // Every chibo database has its first migration; a manifest without one
    // describes some other database, however well its counts match.
    if manifest.schema_version < 1 {
        return Err(BackupError::NotABackup);
    }
    // The manifest's length bounds the decompression, but the manifest is
    // the file's own word: a forged one could let a small gzip stream fill
    // the disk before the check at its end.
    ensure_room(target, manifest.database_bytes)?;
    let copy = Scratch::near(target, "db");
    sqlite_raw::blocking(|| archive::extract(&manifest, payload, &copy.0))?;
    verify::check(&copy.0, &manifest.tables, manifest.schema_version).await?;
    sqlite_raw::blocking(|| place(&copy.0, target)).map_err(|e| match e {
        BackupError::FileExists { .. } => not_empty(),
        other => other,
    })?;
    Ok(manifest)
}

/// Refuses to write `needed` bytes next to `target` unless the file system
/// has them free.
#[cfg(unix)]
fn ensure_room(target: &Path, needed: u64) -> Result<(), BackupError> {
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let stats = rustix::fs::statvfs(dir).map_err(|e| BackupError::Io {
        path: dir.display().to_string(),
        source: e.into(),
    })?;
    let available = stats.f_bavail.saturating_mul(stats.f_frsize);
    if needed > available {
        return Err(BackupError::NoRoom {
            path: dir.display().to_string(),
            needed,
            available,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn ensure_room(_target: &Path, _needed: u64) -> Result<(), BackupError> {
    Ok(())
}

/// Row counts of every table of an SQLite file, for tests and reports.
pub async fn sqlite_table_counts(path: &Path) -> Result<BTreeMap<String, i64>, BackupError> {
    let mut connection = verify::open(path).await?;
    let counts = verify::table_counts(&mut connection).await?;
    sqlx::Connection::close(connection).await?;
    Ok(counts)
}
