//! Prometheus metrics in the text exposition format, written by hand (a
//! few counters and one histogram do not need a crate), served on an
//! address of their own (`chibo serve --metrics-listen`) so that they
//! never reach the public side of a reverse proxy.
//!
//! Requests are counted by route template (`/units/{code}`), never by the
//! path itself: labels stay bounded and carry no codes or names.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant, UNIX_EPOCH};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// What a request not matching any route is counted as.
const UNMATCHED: &str = "unmatched";

/// Backups `chibo backup` writes (SQLite) or wraps (pg_dump).
const BACKUP_EXTENSIONS: [&str; 2] = [".chibo-backup", ".pgdump"];

#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Requests at or under each bucket's bound (not cumulative here).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        if let Some(i) = BUCKETS.iter().position(|bound| seconds <= *bound) {
            self.buckets[i] += 1;
        }
        self.count += 1;
        self.sum += seconds;
    }
}

#[derive(Debug, Default)]
struct Counts {
    /// Requests by route template and status.
    requests: BTreeMap<(String, u16), u64>,
    /// Latency by route template.
    latency: BTreeMap<String, Histogram>,
}

/// The server's request figures since it started.
#[derive(Debug, Default)]
pub struct Metrics {
    counts: Mutex<Counts>,
}

impl Metrics {
    fn observe(&self, route: &str, status: u16, took: Duration) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        *counts
            .requests
            .entry((route.to_owned(), status))
            .or_default() += 1;
        counts
            .latency
            .entry(route.to_owned())
            .or_default()
            .observe(took.as_secs_f64());
    }

    fn snapshot(&self) -> (BTreeMap<(String, u16), u64>, BTreeMap<String, Histogram>) {
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        (counts.requests.clone(), counts.latency.clone())
    }
}

/// Middleware: counts every request under its route template.
pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED.to_owned(), |p| p.as_str().to_owned());
    let started = Instant::now();
    let response = next.run(request).await;
    state
        .metrics
        .observe(&route, response.status().as_u16(), started.elapsed());
    response
}

/// A label value, escaped as the text format asks.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// The newest backup in `dir`: (how many, modification time in Unix seconds).
fn newest_backup(dir: &Path) -> Option<(usize, Option<i64>)> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut count = 0;
    let mut newest: Option<i64> = None;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !BACKUP_EXTENSIONS.iter().any(|e| name.ends_with(e)) {
            continue;
        }
        let Ok(modified) = entry.metadata().and_then(|m| m.modified()) else {
            continue;
        };
        let seconds = modified
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        count += 1;
        newest = newest.max(Some(seconds));
    }
    Some((count, newest))
}

/// Every metric, in the text exposition format (version 0.0.4).
pub async fn render(state: &AppState) -> String {
    let mut out = String::new();
    let (requests, latency) = state.metrics.snapshot();

    family(
        &mut out,
        "chibo_http_requests_total",
        "counter",
        "Requests answered, by route template and status.",
    );
    for ((route, status), count) in &requests {
        let _ = writeln!(
            out,
            "chibo_http_requests_total{{route=\"{}\",status=\"{status}\"}} {count}",
            label(route)
        );
    }

    family(
        &mut out,
        "chibo_http_request_duration_seconds",
        "histogram",
        "Time to answer a request, by route template.",
    );
    for (route, histogram) in &latency {
        let route = label(route);
        let mut cumulative = 0;
        for (bound, count) in BUCKETS.iter().zip(histogram.buckets) {
            cumulative += count;
            let _ = writeln!(
                out,
                "chibo_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
            );
        }
        let _ = writeln!(
            out,
            "chibo_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
            histogram.count
        );
        let _ = writeln!(
            out,
            "chibo_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
            histogram.sum
        );
        let _ = writeln!(
            out,
            "chibo_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
            histogram.count
        );
    }

    let pool = state.db.pool_use();
    family(
        &mut out,
        "chibo_db_pool_connections",
        "gauge",
        "Database connections of the pool, idle or in use.",
    );
    let _ = writeln!(
        out,
        "chibo_db_pool_connections{{state=\"idle\"}} {}",
        pool.idle
    );
    let _ = writeln!(
        out,
        "chibo_db_pool_connections{{state=\"in_use\"}} {}",
        pool.open.saturating_sub(pool.idle)
    );
    family(
        &mut out,
        "chibo_db_pool_max_connections",
        "gauge",
        "Most connections the pool opens.",
    );
    let _ = writeln!(out, "chibo_db_pool_max_connections {}", pool.max);

    let (schema, expected) = state.db.schema_versions().await;
    family(
        &mut out,
        "chibo_db_up",
        "gauge",
        "1 when the database answered this scrape.",
    );
    let _ = writeln!(out, "chibo_db_up {}", u8::from(schema.is_some()));
    family(
        &mut out,
        "chibo_schema_version",
        "gauge",
        "Schema version: the database's (found) and this binary's (expected).",
    );
    if let Some(found) = schema {
        let _ = writeln!(out, "chibo_schema_version{{of=\"database\"}} {found}");
    }
    let _ = writeln!(out, "chibo_schema_version{{of=\"binary\"}} {expected}");

    if let Some(lag) = state.db.replica_lag().await {
        family(
            &mut out,
            "chibo_replica_up",
            "gauge",
            "1 when the read replica answered its last sample.",
        );
        let _ = writeln!(out, "chibo_replica_up {}", u8::from(lag.reachable));
        family(
            &mut out,
            "chibo_replica_lag_seconds",
            "gauge",
            "Seconds since the oldest change the read replica has not replayed was seen.",
        );
        let _ = writeln!(out, "chibo_replica_lag_seconds {}", lag.seconds);
        family(
            &mut out,
            "chibo_replica_lag_bytes",
            "gauge",
            "Write-ahead log bytes the primary holds beyond the read replica's replay.",
        );
        let _ = writeln!(out, "chibo_replica_lag_bytes {}", lag.bytes);
        family(
            &mut out,
            "chibo_replica_bypassed",
            "gauge",
            "1 while the read replica is too far behind (or silent) and reads go to the primary.",
        );
        let _ = writeln!(out, "chibo_replica_bypassed {}", u8::from(lag.bypassed));
    }

    family(
        &mut out,
        "chibo_resident_indicator_rows",
        "gauge",
        "Indicator rows kept in memory for the dashboards.",
    );
    let _ = writeln!(
        out,
        "chibo_resident_indicator_rows {}",
        state.resident.rows_kept()
    );

    if let Some(dir) = &state.config.backup_dir {
        let (count, newest) = newest_backup(dir).unwrap_or((0, None));
        family(
            &mut out,
            "chibo_backup_files",
            "gauge",
            "Backups in the backup directory.",
        );
        let _ = writeln!(out, "chibo_backup_files {count}");
        if let Some(newest) = newest {
            family(
                &mut out,
                "chibo_backup_newest_age_seconds",
                "gauge",
                "Age of the newest backup in the backup directory.",
            );
            let age = (state.clock.now() - newest).max(0);
            let _ = writeln!(out, "chibo_backup_newest_age_seconds {age}");
        }
    }
    out
}

async fn page(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        render(&state).await,
    )
}

/// The metrics' own router: `/metrics` and nothing else.
pub fn router(state: AppState) -> Router {
    Router::new().route("/metrics", get(page)).with_state(state)
}

/// Serves the metrics at `address` until the process is asked to stop.
pub async fn serve(
    state: AppState,
    address: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(address).await?;
    ready(listener.local_addr()?);
    serve_on(state, listener).await
}

/// Serves the metrics on a bound listener until the process is asked to stop.
pub async fn serve_on(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(crate::shutdown_signal())
        .await
}
