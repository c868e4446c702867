//! Liveness, readiness and the Prometheus metrics.

use std::time::{Duration, UNIX_EPOCH};

use chibo_core::Clock;
use chibo_testkit::sqlx;
use chibo_testkit::store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{get, send, sites};

/// Runs one statement on the site's database, beside the server.
async fn execute(url: &str, sql: &str) {
    if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    } else {
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(url);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
}

#[tokio::test]
async fn health_needs_no_database_and_ready_needs_it_answering_and_current() {
    for site in sites("web_monitoring_ready").await {
        let router = site.router();
        let health = send(&router, get("/health", None)).await;
        assert_eq!(health.status, 200);
        assert_eq!(health.json()["ok"], true);
        let ready = send(&router, get("/ready", None)).await;
        assert_eq!(ready.status, 200, "{}", ready.body);
        let known = Store::latest_schema_version();
        assert_eq!(ready.json()["schema_version"], known);
        assert_eq!(ready.json()["expected_schema_version"], known);

        // A newer binary migrated the database: this one is not ready.
        execute(
            &site.test.url,
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (999, 'later', 0)",
        )
        .await;
        let ready = send(&router, get("/ready", None)).await;
        assert_eq!(ready.status, 503, "{}", ready.body);
        assert_eq!(ready.json()["schema_version"], 999);
        assert_eq!(ready.json()["database"], true);

        // The database gone: still alive, not ready.
        site.store().close().await;
        let health = send(&router, get("/health", None)).await;
        assert_eq!(health.status, 200);
        let ready = send(&router, get("/ready", None)).await;
        assert_eq!(ready.status, 503);
        assert_eq!(ready.json()["database"], false);
        assert_eq!(ready.json()["schema_version"], serde_json::Value::Null);
    }
}

async fn fetch_metrics(state: chibo_web::AppState) -> String {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let server = tokio::spawn(chibo_web::metrics::serve(
        state,
        "127.0.0.1:0".parse().unwrap(),
        move |address| {
            let _ = tx.send(address);
        },
    ));
    let address = rx.await.unwrap();
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    server.abort();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert!(head.contains("text/plain; version=0.0.4"), "{head}");
    body.to_owned()
}

/// The value of the sample `name` (with its labels) in a metrics text.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
        .map(|value| value.parse().unwrap())
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_report_pool_schema_and_backups() {
    let site = sites("web_monitoring_metrics").await.remove(0);
    let backups = tempfile::tempdir().unwrap();
    let now = site.clock.now();
    for (name, age) in [
        ("chibo-20240629T000000Z-v15.chibo-backup", 90_000),
        ("chibo-20240630T000000Z-v15.chibo-backup", 3_600),
        // Not a backup: its age is not the newest backup's.
        ("notes.txt", 10),
    ] {
        let file = std::fs::File::create(backups.path().join(name)).unwrap();
        let at = UNIX_EPOCH + Duration::from_secs(u64::try_from(now - age).unwrap());
        file.set_modified(at).unwrap();
    }
    let config = chibo_web::WebConfig {
        backup_dir: Some(backups.path().to_owned()),
        ..Default::default()
    };
    let state = chibo_web::AppState::new(site.store().clone(), site.clock.clone(), config);
    let router = chibo_web::router(state.clone());
    let (cookie, _) = site.session("admin").await;
    for path in ["/units/CT.NK", "/units/CT.NK.AH", "/units/CT.NONE"] {
        send(&router, get(path, Some(&cookie))).await;
    }
    send(&router, get("/health", None)).await;
    send(&router, get("/nowhere/at/all", None)).await;
    // The metrics are not served to the application's visitors.
    let hidden = send(&router, get("/metrics", Some(&cookie))).await;
    assert_eq!(hidden.status, 404);

    let text = fetch_metrics(state).await;
    let count = |labels: &str| sample(&text, &format!("chibo_http_requests_total{{{labels}}}"));
    assert_eq!(
        count("route=\"/units/{code}\",status=\"200\""),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        count("route=\"/units/{code}\",status=\"404\""),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        count("route=\"/health\",status=\"200\""),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        count("route=\"unmatched\",status=\"404\""),
        Some(2.0),
        "{text}"
    );
    // Labels carry route templates, never the codes requested.
    assert!(!text.contains("CT.NK"), "{text}");

    // The histogram: cumulative buckets ending at the count.
    let route = "route=\"/units/{code}\"";
    let mut previous = 0.0;
    let buckets: Vec<f64> = text
        .lines()
        .filter(|l| {
            l.starts_with(&format!(
                "chibo_http_request_duration_seconds_bucket{{{route},"
            ))
        })
        .map(|l| l.rsplit(' ').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(buckets.len(), 13, "{text}");
    for value in &buckets {
        assert!(*value >= previous, "{text}");
        previous = *value;
    }
    assert_eq!(buckets.last(), Some(&3.0));
    assert_eq!(
        sample(
            &text,
            &format!("chibo_http_request_duration_seconds_count{{{route}}}")
        ),
        Some(3.0)
    );
    assert!(
        sample(
            &text,
            &format!("chibo_http_request_duration_seconds_sum{{{route}}}")
        )
        .unwrap()
            > 0.0
    );

    assert_eq!(sample(&text, "chibo_db_up"), Some(1.0));
    assert!(sample(&text, "chibo_db_pool_max_connections").unwrap() >= 1.0);
    let idle = sample(&text, "chibo_db_pool_connections{state=\"idle\"}").unwrap();
    let in_use = sample(&text, "chibo_db_pool_connections{state=\"in_use\"}").unwrap();
    assert!(idle + in_use >= 1.0, "{text}");
    let known = Store::latest_schema_version() as f64;
    assert_eq!(
        sample(&text, "chibo_schema_version{of=\"database\"}"),
        Some(known)
    );
    assert_eq!(
        sample(&text, "chibo_schema_version{of=\"binary\"}"),
        Some(known)
    );
    assert!(
        sample(&text, "chibo_resident_indicator_rows").is_some(),
        "{text}"
    );
    assert_eq!(sample(&text, "chibo_backup_files"), Some(2.0));
    assert_eq!(
        sample(&text, "chibo_backup_newest_age_seconds"),
        Some(3_600.0)
    );
    // Every sample belongs to a declared family.
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let name = line.split(['{', ' ']).next().unwrap();
        let family = name
            .trim_end_matches("_bucket")
            .trim_end_matches("_sum")
            .trim_end_matches("_count");
        assert!(text.contains(&format!("# TYPE {family} ")), "{line}");
    }
}

/// Thousands of distinct unknown paths, under the pages and under the API,
/// with odd methods and characters, add a handful of series, not one each.
#[tokio::test]
async fn unknown_paths_do_not_grow_the_metrics() {
    for site in sites("web_metrics_cardinality").await {
        let state = site.state.clone();
        let router = chibo_web::router(state.clone());
        for i in 0..1500 {
            for path in [
                format!("/nowhere-{i}"),
                format!("/api/v1/nowhere-{i}/x"),
                format!("/units/CT.NK/x{i}/y"),
                format!("/assets/a/{i}%22%0A"),
            ] {
                send(&router, get(&path, None)).await;
            }
        }
        let text = fetch_metrics(state).await;
        let series: std::collections::BTreeSet<&str> = text
            .lines()
            .filter(|l| l.starts_with("chibo_http_requests_total{"))
            .collect();
        assert!(series.len() <= 8, "{series:#?}");
        assert!(!text.contains("nowhere-"), "{text}");
    }
}
