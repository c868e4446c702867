//! Backups of SQLite while writers run, their restore, and every refusal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chibo_store::backup::{self, BackupError, BackupOptions, Compression, Manifest};
use chibo_store::{OpenMode, Store};
use chibo_testkit::sqlx;

const CREATED_AT: i64 = 1_780_000_000;

fn options(compression: Compression) -> BackupOptions {
    BackupOptions {
        compression,
        created_at: CREATED_AT,
    }
}

async fn pool(path: &Path) -> sqlx::SqlitePool {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .busy_timeout(std::time::Duration::from_secs(10));
    sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(2)
        .connect_with(options)
        .await
        .unwrap()
}

/// Every row of every table as text, ordered: two databases are equal
/// when these are.
async fn content(path: &Path) -> BTreeMap<String, Vec<String>> {
    let pool = pool(path).await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut out = BTreeMap::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT name FROM pragma_table_info('{table}')"
        )))
        .fetch_all(&pool)
        .await
        .unwrap();
        let row = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT {row} FROM \"{table}\" ORDER BY 1"
        )))
        .fetch_all(&pool)
        .await
        .unwrap();
        out.insert(table, rows);
    }
    pool.close().await;
    out
}

/// Files in `dir`, to show that a refusal leaves nothing behind.
fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// A database of the current schema with filler rows and two tables that a
/// writer fills in step, one row in each per transaction.
async fn loaded_database(dir: &Path) -> (Store, PathBuf) {
    let path = dir.join("chibo.db");
    let store = Store::open(path.to_str().unwrap(), OpenMode::CreateIfMissing)
        .await
        .unwrap();
    let pool = pool(&path).await;
    for sql in [
        "CREATE TABLE load_a (i INTEGER PRIMARY KEY)",
        "CREATE TABLE load_b (i INTEGER PRIMARY KEY, note TEXT NOT NULL)",
        "CREATE TABLE filler (i INTEGER PRIMARY KEY, text TEXT NOT NULL)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) \
         INSERT INTO filler SELECT i, printf('row %d of the filler, long enough to take pages', i) FROM n",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;
    store.set_setting("city", "Cần Thơ").await.unwrap();
    (store, path)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_writers_run_restores_to_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = loaded_database(dir.path()).await;
    let writer_pool = pool(&path).await;
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn({
        let stop = stop.clone();
        async move {
            let mut i: i64 = 0;
            while !stop.load(Ordering::Relaxed) {
                i += 1;
                let mut tx = writer_pool.begin().await.unwrap();
                sqlx::query("INSERT INTO load_a (i) VALUES ($1)")
                    .bind(i)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                sqlx::query("INSERT INTO load_b (i, note) VALUES ($1, 'written with load_a')")
                    .bind(i)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                tokio::task::yield_now().await;
            }
            writer_pool.close().await;
            i
        }
    });
    // Let the writer commit some rows first.
    while backup::sqlite_table_counts(&path).await.unwrap()["load_a"] < 50 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let file = dir.path().join("snapshot.chibo-backup");
    let manifest = store
        .backup_to(&file, options(Compression::Gzip))
        .await
        .unwrap();
    // Writers were not stopped by the backup.
    let after_backup = backup::sqlite_table_counts(&path).await.unwrap()["load_a"];
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.unwrap();

    let k = manifest.tables["load_a"];
    assert!(k >= 50, "{k}");
    assert_eq!(manifest.tables["load_b"], k, "one snapshot for both tables");
    assert!(
        written > k && after_backup >= k,
        "{written} {after_backup} {k}"
    );
    assert_eq!(manifest.tables["filler"], 200_000);
    assert_eq!(manifest.schema_version, Store::latest_schema_version());
    assert_eq!(manifest.created_at, CREATED_AT);
    assert_eq!(manifest.compression, Compression::Gzip);
    assert_eq!(backup::read_manifest(&file).unwrap(), manifest);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "readable by its owner only");
    }
    let packed = std::fs::metadata(&file).unwrap().len();
    assert!(packed < manifest.database_bytes / 2, "{packed}");

    let restored = dir.path().join("restored.db");
    let read = backup::restore_sqlite(&file, &restored).await.unwrap();
    assert_eq!(read, manifest);

    // The restored database is the source as it stood at the snapshot:
    // every table equal, the writer's tables cut at the same row.
    let source = content(&path).await;
    let copy = content(&restored).await;
    assert_eq!(
        source.keys().collect::<Vec<_>>(),
        copy.keys().collect::<Vec<_>>()
    );
    for (table, rows) in &copy {
        assert_eq!(rows.len() as i64, manifest.tables[table], "{table}");
        if table.starts_with("load_") {
            let mut prefix = source[table].clone();
            prefix.sort_by_key(|r| r.split('|').next().unwrap().parse::<i64>().unwrap());
            prefix.truncate(k as usize);
            prefix.sort();
            assert_eq!(rows, &prefix, "{table}");
        } else {
            assert_eq!(rows, &source[table], "{table}");
        }
    }
    // And it opens as a chibo database.
    let reopened = Store::open(restored.to_str().unwrap(), OpenMode::MustExist)
        .await
        .unwrap();
    assert_eq!(
        reopened.setting("city").await.unwrap().as_deref(),
        Some("Cần Thơ")
    );
    reopened.close().await;
    store.close().await;
}

/// Rewrites a backup's manifest line (to forge a newer schema).
fn with_manifest(file: &Path, to: &Path, change: impl FnOnce(&mut Manifest)) {
    let bytes = std::fs::read(file).unwrap();
    let first = bytes.iter().position(|b| *b == b'\n').unwrap() + 1;
    let second = first + bytes[first..].iter().position(|b| *b == b'\n').unwrap();
    let mut manifest: Manifest = serde_json::from_slice(&bytes[first..second]).unwrap();
    change(&mut manifest);
    let mut out = bytes[..first].to_vec();
    out.extend(serde_json::to_vec(&manifest).unwrap());
    out.extend(&bytes[second..]);
    std::fs::write(to, out).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_backups_and_taken_places_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = loaded_database(dir.path()).await;
    let plain = dir.path().join("plain.chibo-backup");
    let packed = dir.path().join("packed.chibo-backup");
    store
        .backup_to(&plain, options(Compression::None))
        .await
        .unwrap();
    store
        .backup_to(&packed, options(Compression::Gzip))
        .await
        .unwrap();
    // A backup never replaces a file.
    let before = std::fs::read(&packed).unwrap();
    let taken = store.backup_to(&packed, options(Compression::Gzip)).await;
    assert!(
        matches!(taken, Err(BackupError::FileExists { .. })),
        "{taken:?}"
    );
    assert_eq!(std::fs::read(&packed).unwrap(), before);

    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    let cut_plain = bad.join("cut-plain.chibo-backup");
    let cut_packed = bad.join("cut-packed.chibo-backup");
    let flipped = bad.join("flipped.chibo-backup");
    let other = bad.join("notes.txt");
    let newer = bad.join("newer.chibo-backup");
    let raw = bad.join("raw.db");
    let bytes = std::fs::read(&plain).unwrap();
    std::fs::write(&cut_plain, &bytes[..bytes.len() / 2]).unwrap();
    let packed_bytes = std::fs::read(&packed).unwrap();
    std::fs::write(&cut_packed, &packed_bytes[..packed_bytes.len() - 100]).unwrap();
    let mut changed = bytes.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x55;
    std::fs::write(&flipped, changed).unwrap();
    std::fs::write(&other, "PK\u{3}\u{4} a spreadsheet, or anything else").unwrap();
    with_manifest(&packed, &newer, |m| m.schema_version = 999);
    std::fs::copy(&path, &raw).unwrap();
    let files_before = listing(&bad);

    type Expected = fn(&BackupError) -> bool;
    let cases: Vec<(&Path, Expected)> = vec![
        (&cut_plain, |e| matches!(e, BackupError::Truncated)),
        (&cut_packed, |e| matches!(e, BackupError::Truncated)),
        (&flipped, |e| matches!(e, BackupError::Truncated)),
        (&other, |e| matches!(e, BackupError::NotABackup)),
        (&raw, |e| matches!(e, BackupError::PlainDatabase)),
        (
            &newer,
            |e| matches!(e, BackupError::SchemaTooNew { found: 999, known } if *known == Store::latest_schema_version()),
        ),
    ];
    for (file, expected) in cases {
        let target = bad.join("target.db");
        let refused = backup::restore_sqlite(file, &target).await.unwrap_err();
        assert!(expected(&refused), "{}: {refused:?}", file.display());
        assert!(refused.is_refusal());
        assert_eq!(listing(&bad), files_before, "{}", file.display());
    }

    // A target that holds a database is never replaced, even by a good backup.
    let source_before = std::fs::read(&path).unwrap();
    let refused = backup::restore_sqlite(&packed, &path).await.unwrap_err();
    assert!(
        matches!(refused, BackupError::TargetNotEmpty { .. }),
        "{refused:?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), source_before);
    // An empty placeholder file is an empty database.
    let placeholder = bad.join("placeholder.db");
    std::fs::write(&placeholder, b"").unwrap();
    backup::restore_sqlite(&plain, &placeholder).await.unwrap();
    assert!(std::fs::metadata(&placeholder).unwrap().len() > 0);
    store.close().await;
}

/// A backup whose manifest tells the truth about a database that is not
/// chibo's: sound, counted, hashed, but without chibo's first migration.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_applications_database_in_a_true_manifest_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("notes.db");
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&foreign)
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    for sql in [
        "CREATE TABLE notes (i INTEGER PRIMARY KEY, text TEXT NOT NULL)",
        "INSERT INTO notes (text) VALUES ('one'), ('two')",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;
    let (sha, bytes) = backup::archive::digest(&foreign).unwrap();
    let manifest = Manifest {
        application: "chibo".into(),
        schema_version: 0,
        created_at: CREATED_AT,
        chibo_version: "0.0.0".into(),
        compression: Compression::Gzip,
        database_bytes: bytes,
        database_sha256: sha,
        tables: BTreeMap::from([("notes".to_owned(), 2)]),
    };
    let file = dir.path().join("notes.chibo-backup");
    backup::archive::write(&file, &manifest, &foreign).unwrap();
    let target = dir.path().join("restored.db");
    let refused = backup::restore_sqlite(&file, &target).await.unwrap_err();
    assert!(matches!(refused, BackupError::NotABackup), "{refused:?}");
    assert!(!target.exists());
}

/// A gzip stream that claims more bytes than the disk has free is refused
/// before anything is written, not after it filled the disk.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declared_length_beyond_the_free_space_is_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = loaded_database(dir.path()).await;
    let packed = dir.path().join("packed.chibo-backup");
    store
        .backup_to(&packed, options(Compression::Gzip))
        .await
        .unwrap();
    store.close().await;
    let bomb = dir.path().join("bomb.chibo-backup");
    // Exabytes: more than any test machine's disk.
    with_manifest(&packed, &bomb, |m| m.database_bytes = u64::MAX / 4);
    let place = dir.path().join("place");
    std::fs::create_dir(&place).unwrap();
    let refused = backup::restore_sqlite(&bomb, &place.join("target.db"))
        .await
        .unwrap_err();
    assert!(
        matches!(refused, BackupError::NoRoom { needed, .. } if needed == u64::MAX / 4),
        "{refused:?}"
    );
    assert!(refused.is_refusal());
    assert!(listing(&place).is_empty());
}
