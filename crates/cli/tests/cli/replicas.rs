//! `chibo serve --read-database-url`: a replica that cannot be one is
//! refused at start, with a message naming the option, and nothing is
//! written to either database.

use assert_cmd::Command;

/// `chibo serve` on `database` with the replica `replica`, which must stop
/// at once: returns the exit code and what it printed on stderr.
fn refused_serve(database: &str, replica: &str) -> (Option<i32>, String) {
    let output = Command::cargo_bin("chibo")
        .unwrap()
        .env_remove("CHIBO_DATABASE_URL")
        .env_remove("CHIBO_READ_DATABASE_URL")
        .env_remove("CHIBO_LANG")
        .args(["--lang", "en", "--database-url", database, "serve"])
        .args(["--listen", "127.0.0.1:0", "--read-database-url", replica])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("--read-database-url"), "{stderr}");
    assert!(stderr.contains("Nothing was written"), "{stderr}");
    (output.status.code(), stderr)
}

#[test]
fn a_replica_beside_sqlite_is_refused_and_the_file_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    std::fs::write(&db, b"").unwrap();
    let (code, stderr) = refused_serve(
        db.to_str().unwrap(),
        "postgres://chibo:s3cret@127.0.0.1:1/chibo",
    );
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("need PostgreSQL"), "{stderr}");
    assert!(!stderr.contains("s3cret"), "{stderr}");
    assert_eq!(std::fs::read(&db).unwrap(), b"", "not migrated");
    assert!(!dir.path().join("chibo.db-wal").exists());
}

#[test]
fn the_primary_or_an_unreachable_server_as_replica_is_refused_and_nothing_written() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let Some(url) = runtime.block_on(chibo_testkit::postgres_database_url("cli_replica_refused"))
    else {
        eprintln!("skipped: no PostgreSQL test server");
        return;
    };
    // An empty database: any migration would create its tables.
    let tables = || {
        runtime.block_on(async {
            let pool = chibo_testkit::sqlx::PgPool::connect(&url).await.unwrap();
            let count: i64 = chibo_testkit::sqlx::query_scalar(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
            )
            .fetch_one(&pool)
            .await
            .unwrap();
            pool.close().await;
            count
        })
    };

    // The primary itself: it answers, and is not in recovery.
    let (code, stderr) = refused_serve(&url, &url);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("pg_is_in_recovery() is false"), "{stderr}");
    assert_eq!(tables(), 0);

    // Nothing listens on port 1; the password stays out of the message.
    let (code, stderr) = refused_serve(&url, "postgres://chibo:s3cret@127.0.0.1:1/chibo");
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("cannot connect to the replica"), "{stderr}");
    assert!(
        stderr.contains("postgres://chibo:***@127.0.0.1:1/chibo"),
        "{stderr}"
    );
    assert!(!stderr.contains("s3cret"), "{stderr}");
    assert_eq!(tables(), 0);
}
