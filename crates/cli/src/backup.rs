//! `chibo backup` and `chibo restore`, and the backup `chibo init` takes
//! before upgrading a schema. SQLite goes through the store's checked
//! backups; PostgreSQL through its own pg_dump and pg_restore, which must
//! be installed (postgresql-client), with chibo checking what it can.

use std::path::{Path, PathBuf};
use std::process::Command;

use chibo_core::{Clock, CoreError};
use chibo_domain::Message;
use chibo_store::backup::{self, BackupError, BackupOptions, Compression, Manifest};
use chibo_store::{OpenMode, Store};
use chrono::{DateTime, Utc};

use crate::args::{BackupArgs, RestoreArgs};
use crate::output::{CliError, Output};
use crate::retention;

impl From<BackupError> for CliError {
    fn from(e: BackupError) -> Self {
        match e {
            BackupError::Store(e) => CliError::from(e),
            BackupError::Io { path, source } => CliError::Core(CoreError::Io { path, source }),
            refused => CliError::Refused(refused.message()),
        }
    }
}

fn now(clock: &dyn Clock) -> DateTime<Utc> {
    DateTime::from_timestamp(clock.now(), 0).unwrap_or_default()
}

fn size(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{} kB", bytes.div_ceil(1000))
    } else {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    }
}

fn rows(manifest: &Manifest) -> i64 {
    manifest.tables.values().sum()
}

pub async fn backup(
    url: &str,
    args: &BackupArgs,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    let store = Store::connect(url, OpenMode::MustExist).await?;
    let postgres = chibo_store::sqlite_file(url).is_none();
    let file = if let Some(file) = &args.file {
        file.clone()
    } else {
        // clap requires --dir without a file.
        let dir = args.dir.as_deref().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|source| io(dir, source))?;
        let extension = retention::EXTENSIONS[usize::from(postgres)];
        let version = store.schema_version().await?;
        dir.join(retention::file_name(now(clock), version, extension))
    };
    if postgres {
        store.close().await;
        pg_dump(url, &file)?;
        if out.json {
            out.print_json(&serde_json::json!({ "file": file, "format": "pg_dump" }));
        }
        out.say(&Message::new("backup-pg-done").arg("file", file.display()));
    } else {
        let options = BackupOptions {
            compression: if args.compress {
                Compression::Gzip
            } else {
                Compression::None
            },
            created_at: clock.now(),
        };
        let result = store.backup_to(&file, options).await;
        store.close().await;
        let manifest = result?;
        let bytes = std::fs::metadata(&file).map_or(0, |m| m.len());
        if out.json {
            out.print_json(
                &serde_json::json!({ "file": file, "bytes": bytes, "manifest": manifest }),
            );
        }
        out.say(
            &Message::new("backup-done")
                .arg("file", file.display())
                .arg("version", manifest.schema_version)
                .arg("tables", manifest.tables.len())
                .arg("rows", rows(&manifest))
                .arg("size", size(bytes)),
        );
    }
    if let Some(dir) = &args.dir {
        prune(dir, args, out)?;
    }
    Ok(())
}

fn io(path: &Path, source: std::io::Error) -> CliError {
    CliError::Core(CoreError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Removes the scheduled backups that retention does not keep.
fn prune(dir: &Path, args: &BackupArgs, out: &Output) -> Result<(), CliError> {
    let names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|source| io(dir, source))?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let remove = retention::to_remove(
        &names,
        args.keep_daily() as usize,
        args.keep_monthly() as usize,
    );
    for name in &remove {
        let path = dir.join(name);
        std::fs::remove_file(&path).map_err(|source| io(&path, source))?;
    }
    if !remove.is_empty() {
        out.say(
            &Message::new("backup-pruned")
                .arg("count", remove.len())
                .arg("dir", dir.display())
                .arg("daily", args.keep_daily())
                .arg("monthly", args.keep_monthly()),
        );
    }
    Ok(())
}

pub async fn restore(url: &str, args: &RestoreArgs, out: &Output) -> Result<(), CliError> {
    let Some(target) = chibo_store::sqlite_file(url) else {
        return pg_restore(url, &args.file, out).await;
    };
    let manifest = backup::restore_sqlite(&args.file, Path::new(target)).await?;
    if out.json {
        out.print_json(&serde_json::json!({ "database": target, "manifest": manifest }));
    }
    out.say(
        &Message::new("backup-restored")
            .arg("file", args.file.display())
            .arg("database", target)
            .arg("version", manifest.schema_version)
            .arg("tables", manifest.tables.len())
            .arg("rows", rows(&manifest)),
    );
    let known = Store::latest_schema_version();
    if manifest.schema_version < known {
        out.say(
            &Message::new("backup-restored-older")
                .arg("version", manifest.schema_version)
                .arg("known", known),
        );
    }
    Ok(())
}

/// Before `init` or `serve` migrates a database of an older schema: a
/// backup, so that the upgrade can be undone with the previous chibo. An
/// SQLite file is copied beside itself unless `dir` is given; PostgreSQL
/// is dumped with pg_dump into `dir`, or the current directory. The name
/// carries the old version and the time, and is not one that scheduled
/// backups' retention would ever remove. Nothing is migrated when the
/// backup fails. Returns the backup's path.
pub async fn before_upgrade(
    store: &Store,
    url: &str,
    dir: Option<&Path>,
    out: &Output,
    clock: &dyn Clock,
) -> Result<Option<PathBuf>, CliError> {
    let found = store.schema_version().await?;
    let known = Store::latest_schema_version();
    if found == 0 || found >= known {
        // A new database has nothing to keep; a newer one is refused by the migration.
        return Ok(None);
    }
    let stamp = now(clock).format("%Y%m%dT%H%M%SZ");
    let sqlite = chibo_store::sqlite_file(url);
    let base = match (sqlite, dir) {
        (Some(path), None) => PathBuf::from(path),
        (Some(path), Some(dir)) => {
            dir.join(Path::new(path).file_name().unwrap_or("chibo.db".as_ref()))
        }
        (None, dir) => dir.unwrap_or(Path::new(".")).join("chibo"),
    };
    let extension = if sqlite.is_some() {
        "chibo-backup"
    } else {
        "pgdump"
    };
    let file = PathBuf::from(format!("{}.v{found}-{stamp}.{extension}", base.display()));
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir).map_err(|source| io(dir, source))?;
    }
    if sqlite.is_some() {
        let options = BackupOptions {
            compression: Compression::Gzip,
            created_at: clock.now(),
        };
        store.backup_to(&file, options).await?;
    } else {
        pg_dump(url, &file)?;
    }
    out.say(
        &Message::new("cli-init-backed-up")
            .arg("from", found)
            .arg("to", known)
            .arg("file", file.display()),
    );
    Ok(Some(file))
}

/// Runs a PostgreSQL client tool, naming it when it is missing or fails.
fn run_tool(tool: &str, args: &[&std::ffi::OsStr]) -> Result<String, CliError> {
    let output = Command::new(tool).args(args).output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            CliError::Refused(Message::new("backup-pg-tool-missing").arg("tool", tool))
        } else {
            io(Path::new(tool), e)
        }
    })?;
    if !output.status.success() {
        let detail = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        return Err(CliError::Refused(
            Message::new("backup-pg-tool-failed")
                .arg("tool", tool)
                .arg("detail", detail),
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// pg_dump in its custom format to a file beside the target, read back with
/// `pg_restore --list`, then renamed: a failed dump leaves nothing.
fn pg_dump(url: &str, file: &Path) -> Result<(), CliError> {
    if file.exists() {
        return Err(BackupError::FileExists {
            path: file.display().to_string(),
        }
        .into());
    }
    let partial = PathBuf::from(format!("{}.partial", file.display()));
    let dumped = run_tool(
        "pg_dump",
        &[
            "--format=custom".as_ref(),
            "--no-owner".as_ref(),
            "--file".as_ref(),
            partial.as_os_str(),
            "--dbname".as_ref(),
            url.as_ref(),
        ],
    )
    .and_then(|_| run_tool("pg_restore", &["--list".as_ref(), partial.as_os_str()]))
    .and_then(|listing| {
        if listing.contains("schema_migrations") {
            Ok(())
        } else {
            Err(CliError::Refused(Message::new("backup-not-a-backup")))
        }
    });
    if let Err(e) = dumped {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, file).map_err(|source| io(file, source))
}

/// pg_restore into a database that holds no table yet.
async fn pg_restore(url: &str, file: &Path, out: &Output) -> Result<(), CliError> {
    match backup::read_manifest(file) {
        Ok(_) => {
            return Err(CliError::Refused(Message::new(
                "backup-sqlite-into-postgres",
            )));
        }
        Err(BackupError::Io { path, source }) => {
            return Err(CliError::Core(CoreError::Io { path, source }));
        }
        Err(_) => {}
    }
    let store = Store::connect(url, OpenMode::MustExist).await?;
    let blank = store.is_blank().await;
    store.close().await;
    if !blank? {
        return Err(BackupError::TargetNotEmpty { path: redact(url) }.into());
    }
    run_tool(
        "pg_restore",
        &[
            "--exit-on-error".as_ref(),
            "--no-owner".as_ref(),
            "--single-transaction".as_ref(),
            "--dbname".as_ref(),
            url.as_ref(),
            file.as_os_str(),
        ],
    )?;
    out.say(&Message::new("backup-pg-restored").arg("file", file.display()));
    Ok(())
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}
