//! Backups, restores and upgrades as an operator runs them.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chibo_testkit::sqlx;
use chibo_testkit::store::{OpenMode, Store};

use super::{chibo, chibo_at};

/// Runs and returns (exit code, stdout, stderr).
fn run(cmd: &mut Command) -> (i32, String, String) {
    let output = cmd.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn listing(dir: &Path) -> Vec<PathBuf> {
    // SQLite's own -wal and -shm files come and go with connections.
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            !p.to_string_lossy().ends_with("-wal") && !p.to_string_lossy().ends_with("-shm")
        })
        .collect();
    files.sort();
    files
}

async fn execute(db: &Path, sql: &str) {
    let store = Store::connect(db.to_str().unwrap(), OpenMode::MustExist)
        .await
        .unwrap();
    store.close().await;
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

async fn scalar(db: &Path, sql: &str) -> String {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let value: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    value
}

#[test]
fn backup_and_restore_from_the_command_line_and_each_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    let (code, _, stderr) = run(chibo(&db).arg("init"));
    assert_eq!(code, 0, "{stderr}");
    let file = dir.path().join("city.chibo-backup");
    let (code, stdout, stderr) = run(chibo(&db).arg("backup").arg(&file).arg("--compress"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Đã sao lưu vào"), "{stdout}");
    assert!(
        stdout.contains("phiên bản 15") || stdout.contains("phiên bản"),
        "{stdout}"
    );

    let restored = dir.path().join("restored.db");
    let (code, stdout, stderr) = run(chibo(&restored).arg("restore").arg(&file));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Đã khôi phục"), "{stdout}");
    // The restored database answers like the original.
    let (_, original, _) = run(chibo(&db).args(["--json", "org", "tree"]));
    let (_, copy, _) = run(chibo(&restored).args(["--json", "org", "tree"]));
    assert!(original.contains("CT"), "{original}");
    assert_eq!(original, copy);

    // Refusals: exit 2, a message that says why, nothing written.
    let bytes = std::fs::read(&file).unwrap();
    let cut = dir.path().join("cut.chibo-backup");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let foreign = dir.path().join("minutes.docx");
    std::fs::write(&foreign, b"PK\x03\x04 not ours").unwrap();
    let newer = dir.path().join("newer.chibo-backup");
    let text = String::from_utf8_lossy(&bytes[..bytes.iter().position(|b| *b == b'}').unwrap()]);
    let version = text
        .split("\"schema_version\":")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    let forged = [
        &bytes[..text.find("\"schema_version\":").unwrap()],
        format!("\"schema_version\":9{version}").as_bytes(),
        &bytes[text.find("\"schema_version\":").unwrap()
            + "\"schema_version\":".len()
            + version.len()..],
    ]
    .concat();
    std::fs::write(&newer, forged).unwrap();
    let before = listing(dir.path());
    let target = dir.path().join("target.db");
    for (source, expected) in [
        (&cut, "bị cắt cụt"),
        (&foreign, "không phải bản sao lưu của chibo"),
        (&db, "là một cơ sở dữ liệu SQLite"),
        (&newer, "mới hơn chibo này"),
    ] {
        let (code, _, stderr) = run(chibo(&target).arg("restore").arg(source));
        assert_eq!(code, 2, "{}: {stderr}", source.display());
        assert!(stderr.contains(expected), "{}: {stderr}", source.display());
        assert_eq!(listing(dir.path()), before, "{}", source.display());
    }
    // Into a database that holds data, and over an existing file.
    let original_bytes = std::fs::read(&db).unwrap();
    let (code, _, stderr) = run(chibo(&db).arg("restore").arg(&file));
    assert_eq!(code, 2);
    assert!(stderr.contains("đã có dữ liệu"), "{stderr}");
    assert_eq!(std::fs::read(&db).unwrap(), original_bytes);
    let (code, _, stderr) = run(chibo(&db).arg("--lang").arg("en").arg("backup").arg(&file));
    assert_eq!(code, 2);
    assert!(stderr.contains("never overwrites"), "{stderr}");
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
}

#[test]
fn scheduled_backups_keep_what_retention_keeps_and_nothing_else_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    run(chibo(&db).arg("init"));
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    // Older backups of earlier days and months, and a file of the operator's.
    for name in [
        "chibo-20250101T020000Z-v15.chibo-backup",
        "chibo-20250102T020000Z-v15.chibo-backup",
        "chibo-20250201T020000Z-v15.chibo-backup",
        "chibo-20250201T140000Z-v15.chibo-backup",
        "notes.txt",
    ] {
        std::fs::write(backups.join(name), b"old").unwrap();
    }
    let (code, stdout, stderr) = run(chibo(&db).args([
        "backup",
        "--dir",
        backups.to_str().unwrap(),
        "--keep-daily",
        "2",
        "--keep-monthly",
        "2",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Đã xóa 3 bản sao lưu cũ"), "{stdout}");
    let names: Vec<String> = listing(&backups)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    // Today's new backup (its day and month), the newest of February 2025
    // (the second day and month), and the operator's file.
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.contains(&"chibo-20250201T140000Z-v15.chibo-backup".to_owned()));
    assert!(names.contains(&"notes.txt".to_owned()));
    let fresh = names
        .iter()
        .find(|n| !n.starts_with("chibo-2025") && n.starts_with("chibo-"))
        .unwrap();
    let (code, _, stderr) = run(chibo(&dir.path().join("fresh.db"))
        .arg("restore")
        .arg(backups.join(fresh)));
    assert_eq!(code, 0, "{stderr}");
    // --keep-daily needs --dir.
    let (code, _, _) = run(chibo(&db).args(["backup", "x.chibo-backup", "--keep-daily", "3"]));
    assert_eq!(code, 2);
}

/// A database made by the previous schema, with data, is backed up next to
/// itself, then upgraded by `init`, and its data survives both.
#[test]
fn init_backs_up_an_older_database_then_upgrades_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    let previous = Store::previous_schema_version();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = Store::connect(db.to_str().unwrap(), OpenMode::CreateIfMissing)
            .await
            .unwrap();
        store.migrate_to(previous).await.unwrap();
        assert_eq!(store.schema_version().await.unwrap(), previous);
        store.close().await;
        execute(
            &db,
            "INSERT INTO settings (key, value) VALUES ('organisation', 'Thành ủy Cần Thơ'); \
             INSERT INTO sectors (code, name_vi, name_en, sort_order) \
             VALUES ('ward_test', 'Phường thử', 'Test ward', 99)",
        )
        .await;
    });
    let (code, stdout, stderr) = run(chibo(&db).arg("init"));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!("phiên bản {previous}: đã sao lưu vào")),
        "{stdout}"
    );
    let backups: Vec<PathBuf> = listing(dir.path())
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".chibo-backup"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let name = backups[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with(&format!("chibo.db.v{previous}-")),
        "{name}"
    );
    runtime.block_on(async {
        // The upgraded database kept its data and has the new schema.
        assert_eq!(
            scalar(&db, "SELECT value FROM settings WHERE key = 'organisation'").await,
            "Thành ủy Cần Thơ"
        );
        assert_eq!(
            scalar(&db, "SELECT name_vi FROM sectors WHERE code = 'ward_test'").await,
            "Phường thử"
        );
        assert_eq!(
            scalar(
                &db,
                "SELECT CAST(MAX(version) AS TEXT) FROM schema_migrations"
            )
            .await,
            Store::latest_schema_version().to_string()
        );
        // The backup holds the database as it was before.
        let manifest = chibo_testkit::store::backup::read_manifest(&backups[0]).unwrap();
        assert_eq!(manifest.schema_version, previous);
        let before = dir.path().join("before.db");
        chibo_testkit::store::backup::restore_sqlite(&backups[0], &before)
            .await
            .unwrap();
        assert_eq!(
            scalar(
                &before,
                "SELECT value FROM settings WHERE key = 'organisation'"
            )
            .await,
            "Thành ủy Cần Thơ"
        );
        assert_eq!(
            scalar(
                &before,
                "SELECT CAST(MAX(version) AS TEXT) FROM schema_migrations"
            )
            .await,
            previous.to_string()
        );
    });
    // A current database is not backed up again.
    let (code, stdout, _) = run(chibo(&db).arg("init"));
    assert_eq!(code, 0);
    assert!(!stdout.contains("đã sao lưu"), "{stdout}");
}

/// An SQLite file at the previous schema version, with no data.
fn older_database(runtime: &tokio::runtime::Runtime, url: &str) {
    runtime.block_on(async {
        let store = Store::connect(url, OpenMode::CreateIfMissing)
            .await
            .unwrap();
        store
            .migrate_to(Store::previous_schema_version())
            .await
            .unwrap();
        store.close().await;
    });
}

/// The backups in `dir` whose name ends with `extension`.
fn backups_in(dir: &Path, extension: &str) -> Vec<PathBuf> {
    listing(dir)
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(extension))
        .collect()
}

/// `init --no-backup` upgrades without a copy (for databases kept another
/// way); a server started on an older database backs it up into its
/// backup directory first, as `init` would, then upgrades and serves.
#[test]
fn serve_backs_up_an_older_database_first_and_init_can_be_told_not_to() {
    use std::io::BufRead;
    let previous = Store::previous_schema_version();
    let latest = Store::latest_schema_version().to_string();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let version = "SELECT CAST(MAX(version) AS TEXT) FROM schema_migrations";

    let db = dir.path().join("chibo.db");
    older_database(&runtime, db.to_str().unwrap());
    let (code, stdout, stderr) = run(chibo(&db).args(["init", "--no-backup"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("đã sao lưu"), "{stdout}");
    assert!(backups_in(dir.path(), ".chibo-backup").is_empty());
    assert_eq!(runtime.block_on(scalar(&db, version)), latest);
    let (code, _, _) = run(chibo(&db).args(["init", "--no-backup", "--backup-dir", "x"]));
    assert_eq!(code, 2, "the two options contradict each other");

    let served = dir.path().join("served.db");
    older_database(&runtime, served.to_str().unwrap());
    let backups = dir.path().join("backups");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("chibo"))
        .env_remove("CHIBO_DATABASE_URL")
        .env_remove("CHIBO_LANG")
        .arg("--database-url")
        .arg(&served)
        .args(["serve", "--listen", "127.0.0.1:0", "--backup-dir"])
        .arg(&backups)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut said = Vec::new();
    for line in std::io::BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        let listening = line.contains("http://");
        said.push(line);
        if listening {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        said.iter()
            .any(|l| l.contains(&format!("phiên bản {previous}: đã sao lưu vào"))),
        "{said:?}"
    );
    let copies = backups_in(&backups, ".chibo-backup");
    assert_eq!(copies.len(), 1, "{copies:?}");
    let name = copies[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with(&format!("served.db.v{previous}-")),
        "{name}"
    );
    let manifest = chibo_testkit::store::backup::read_manifest(&copies[0]).unwrap();
    assert_eq!(manifest.schema_version, previous);
    assert_eq!(runtime.block_on(scalar(&served, version)), latest);
}

/// On PostgreSQL `init` dumps an older database with pg_dump before
/// upgrading it; the dump restores to the old schema. Skipped when no test
/// server is configured.
#[test]
fn init_dumps_an_older_postgres_database_before_upgrading_it() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let Some(source) = runtime.block_on(chibo_testkit::postgres_database_url(
        "cli_pg_upgrade_source",
    )) else {
        return;
    };
    let target = runtime
        .block_on(chibo_testkit::postgres_database_url(
            "cli_pg_upgrade_target",
        ))
        .unwrap();
    let previous = Store::previous_schema_version();
    older_database(&runtime, &source);
    let dir = tempfile::tempdir().unwrap();
    let dumps = dir.path().join("dumps");
    let (code, stdout, stderr) = run(chibo_at(&source)
        .arg("init")
        .arg("--backup-dir")
        .arg(&dumps));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!("phiên bản {previous}: đã sao lưu vào")),
        "{stdout}"
    );
    let files = backups_in(&dumps, ".pgdump");
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with(&format!("chibo.v{previous}-")), "{name}");
    let (code, _, stderr) = run(chibo_at(&target).arg("restore").arg(&files[0]));
    assert_eq!(code, 0, "{stderr}");
    let versions = runtime.block_on(async {
        let mut versions = Vec::new();
        for url in [&source, &target] {
            let store = Store::connect(url, OpenMode::MustExist).await.unwrap();
            versions.push(store.schema_version().await.unwrap());
            store.close().await;
        }
        versions
    });
    assert_eq!(versions, [Store::latest_schema_version(), previous]);
    // Upgraded already: no second dump.
    let (code, stdout, _) = run(chibo_at(&source)
        .arg("init")
        .arg("--backup-dir")
        .arg(&dumps));
    assert_eq!(code, 0);
    assert!(!stdout.contains("đã sao lưu"), "{stdout}");
    assert_eq!(backups_in(&dumps, ".pgdump").len(), 1);
}

#[test]
fn serve_and_init_refuse_a_database_newer_than_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    run(chibo(&db).arg("init"));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(execute(
        &db,
        "INSERT INTO schema_migrations (version, name, checksum) VALUES (99, 'from_the_future', 0)",
    ));
    let before = listing(dir.path());
    let bytes = std::fs::read(&db).unwrap();
    for args in [&["serve", "--listen", "127.0.0.1:0"][..], &["init"][..]] {
        let (code, stdout, stderr) = run(chibo(&db).args(args));
        assert_ne!(code, 0, "{args:?}: {stdout}");
        assert!(
            stderr.contains("phiên bản 99, mới hơn chibo này"),
            "{args:?}: {stderr}"
        );
        assert!(!stdout.contains("http://"), "{stdout}");
    }
    let (_, _, stderr) = run(chibo(&db).args(["--lang", "en", "serve"]));
    assert!(stderr.contains("newer than this chibo"), "{stderr}");
    assert_eq!(listing(dir.path()), before);
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

/// One HTTP/1.1 GET; returns the status line's code and the body.
fn http_get(address: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer.split_once("\r\n\r\n").unwrap().1.to_owned();
    (status, body)
}

/// The shipped unit's command line, started for real: its paths moved to
/// a temporary directory and its ports to free ones, nothing else changed.
/// It serves /health, /ready and the metrics, and stops cleanly on SIGTERM
/// (what systemd sends).
#[test]
fn the_shipped_unit_command_line_starts_serves_and_stops_on_sigterm() {
    use std::io::BufRead;
    let unit = include_str!("../../../../deploy/chibo.service");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    let local = |text: &str| {
        text.replace("/var/lib/chibo", &format!("{root}/lib"))
            .replace("/var/backups/chibo", &format!("{root}/backups"))
            .replace("127.0.0.1:8080", "127.0.0.1:0")
            .replace("127.0.0.1:9464", "127.0.0.1:0")
    };
    std::fs::create_dir_all(dir.path().join("lib")).unwrap();
    std::fs::create_dir_all(dir.path().join("backups")).unwrap();
    let exec = unit
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .unwrap();
    let exec = local(exec);
    let argv: Vec<&str> = exec.split_whitespace().collect();
    let mut server = std::process::Command::new(assert_cmd::cargo::cargo_bin("chibo"));
    server
        .env_remove("CHIBO_DATABASE_URL")
        .env_remove("CHIBO_LANG");
    for pair in unit.lines().filter_map(|l| l.strip_prefix("Environment=")) {
        let (key, value) = pair.split_once('=').unwrap();
        server.env(key, local(value));
    }
    let database = dir.path().join("lib/chibo.db");
    run(chibo(&database).arg("init"));
    run(chibo(&database)
        .arg("backup")
        .arg("--dir")
        .arg(dir.path().join("backups")));
    let mut child = server
        .args(&argv[1..])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut addresses = Vec::new();
    while addresses.len() < 2 {
        let line = lines
            .next()
            .expect("the server printed its addresses")
            .unwrap();
        if let Some(at) = line.find("http://") {
            let address = line[at + 7..].split('/').next().unwrap().to_owned();
            addresses.push(address);
        }
    }
    // The metrics' address is announced first, bound before the application's.
    let (metrics, app) = (&addresses[0], &addresses[1]);
    let (status, body) = http_get(app, "/health");
    assert_eq!(status, 200, "{body}");
    let (status, body) = http_get(app, "/ready");
    assert_eq!(status, 200, "{body}");
    let (status, body) = http_get(metrics, "/metrics");
    assert_eq!(status, 200);
    assert!(
        body.contains("chibo_http_requests_total{route=\"/ready\",status=\"200\"} 1"),
        "{body}"
    );
    assert!(body.contains("chibo_backup_files 1"), "{body}");
    let (status, _) = http_get(app, "/metrics");
    assert_eq!(status, 404, "metrics stay off the application's address");

    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "a clean stop on SIGTERM");
}

/// PostgreSQL through pg_dump and pg_restore: a backup restored into a new
/// database answers like the original; a database with tables is refused,
/// and so is an SQLite backup. Skipped when no test server is configured.
#[test]
fn postgres_backups_go_through_pg_dump_and_restore_only_into_an_empty_database() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let Some(source) =
        runtime.block_on(chibo_testkit::postgres_database_url("cli_pg_backup_source"))
    else {
        return;
    };
    let target = runtime
        .block_on(chibo_testkit::postgres_database_url("cli_pg_backup_target"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(chibo_at(&source).arg("init"));
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = run(chibo_at(&source).args(["backup", "--dir"]).arg(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("pg_dump"), "{stdout}");
    let dumps: Vec<PathBuf> = listing(dir.path());
    assert_eq!(dumps.len(), 1, "{dumps:?}");
    assert!(dumps[0].to_string_lossy().ends_with(".pgdump"));

    let (code, _, stderr) = run(chibo_at(&target).arg("restore").arg(&dumps[0]));
    assert_eq!(code, 0, "{stderr}");
    let (_, original, _) = run(chibo_at(&source).args(["--json", "org", "tree"]));
    let (_, copy, _) = run(chibo_at(&target).args(["--json", "org", "tree"]));
    assert!(original.contains("CT.NK"), "{original}");
    assert_eq!(original, copy);

    // The target now holds tables: a second restore is refused.
    let (code, _, stderr) = run(chibo_at(&target).arg("restore").arg(&dumps[0]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("đã có dữ liệu"), "{stderr}");
    // An SQLite backup is not a PostgreSQL dump.
    let db = dir.path().join("chibo.db");
    run(chibo(&db).arg("init"));
    let sqlite_backup = dir.path().join("sqlite.chibo-backup");
    run(chibo(&db).arg("backup").arg(&sqlite_backup));
    let (code, _, stderr) = run(chibo_at(&target).arg("restore").arg(&sqlite_backup));
    assert_eq!(code, 2);
    assert!(stderr.contains("bản sao lưu SQLite"), "{stderr}");
}

/// systemd's own check of the shipped units (directives, sections, the
/// timer's calendar), with the binary's path pointed at this build's.
/// Skipped where systemd-analyze is not installed.
#[test]
fn systemd_accepts_the_shipped_units() {
    let Ok(probe) = std::process::Command::new("systemd-analyze")
        .arg("--version")
        .output()
    else {
        return;
    };
    assert!(probe.status.success());
    let dir = tempfile::tempdir().unwrap();
    let binary = assert_cmd::cargo::cargo_bin("chibo");
    let deploy = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy");
    let mut units = Vec::new();
    for name in [
        "chibo.service",
        "chibo-backup.service",
        "chibo-backup.timer",
    ] {
        let text = std::fs::read_to_string(deploy.join(name)).unwrap();
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            text.replace("/usr/local/bin/chibo", binary.to_str().unwrap()),
        )
        .unwrap();
        units.push(path);
    }
    let output = std::process::Command::new("systemd-analyze")
        .arg("verify")
        .args(&units)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.trim().is_empty(), "{stderr}");
}
