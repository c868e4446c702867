//! Times the demonstration data on a fresh SQLite file, stage by stage
//! (units, members, and at the city scale 24 months of meetings), then
//! times tree queries on the result.
//!
//! ```text
//! cargo run --release -p chibo-demo --example demo_bench            # national
//! cargo run --release -p chibo-demo --example demo_bench -- city     # city
//! CHIBO_BENCH_TODAY=2026-03-31 cargo run --release -p chibo-demo --example demo_bench -- city
//! # national with 12 months of meetings (the last calendar year) and their
//! # indicator rows, kept in a chosen file or written to PostgreSQL:
//! CHIBO_BENCH_MEETING_MONTHS=12 CHIBO_BENCH_DB=/tmp/national.db \
//!     cargo run --release -p chibo-demo --example demo_bench
//! CHIBO_BENCH_MEETING_MONTHS=12 CHIBO_BENCH_DB=postgres://user@host/db \
//!     cargo run --release -p chibo-demo --example demo_bench
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at its first failure"
)]

use std::sync::Mutex;
use std::time::{Duration, Instant};

use chibo_demo::{DemoOptions, Progress, Scale, generate};
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{OpenMode, Store};

/// Peak resident memory of this process (VmHWM), in MiB.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Prints each stage's duration and the peak memory when it ends, and
/// each tenth of a long stage as it passes.
struct Stages {
    current: Mutex<Option<(String, Instant, u64)>>,
    done: Mutex<u64>,
}

impl Progress for Stages {
    fn stage(&self, name: &str, total: u64) {
        *self.current.lock().unwrap() = Some((name.to_owned(), Instant::now(), total));
        *self.done.lock().unwrap() = 0;
    }
    fn advance(&self, n: u64) {
        let mut done = self.done.lock().unwrap();
        let before = *done;
        *done += n;
        if let Some((name, started, total)) = self.current.lock().unwrap().as_ref()
            && *total >= 1_000_000
            && before * 10 / total != *done * 10 / total
        {
            println!(
                "    {name} {} of {total} after {:.1} s",
                *done,
                started.elapsed().as_secs_f64()
            );
        }
    }
    fn finish(&self) {
        if let Some((name, started, total)) = self.current.lock().unwrap().take() {
            println!(
                "  stage {name:<8} {total:>9} in {:>6.1} s (peak RSS so far {:.0} MiB)",
                started.elapsed().as_secs_f64(),
                peak_rss_mib()
            );
        }
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

#[tokio::main]
async fn main() {
    // CHIBO_BENCH_TODAY=YYYY-MM-DD moves the demo's today, e.g. past
    // 28/10/2025 so that the last months are scored with the 100-point
    // rubric of 42-HD.
    let today = std::env::var("CHIBO_BENCH_TODAY")
        .ok()
        .map(|raw| raw.parse().expect("CHIBO_BENCH_TODAY is YYYY-MM-DD"))
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2025, 6, 30).expect("date"));
    let scale = match std::env::args().nth(1).as_deref() {
        Some("city") => Scale::City,
        Some("query") => {
            // Only the queries, on an existing database: `query <path>`.
            let path = std::env::args().nth(2).expect("query <path>");
            let store = Store::open(&path, OpenMode::MustExist)
                .await
                .expect("open store");
            time_queries(&store, today).await;
            return;
        }
        _ => Scale::National,
    };
    // CHIBO_BENCH_DB keeps the database at a chosen (new) path for
    // inspection, or names an (empty) PostgreSQL database.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = std::env::var_os("CHIBO_BENCH_DB")
        .map_or_else(|| dir.path().join("bench.db"), std::path::PathBuf::from);
    let store = Store::open(
        path.to_str().expect("utf-8 path"),
        OpenMode::CreateIfMissing,
    )
    .await
    .expect("open store");
    // CHIBO_BENCH_MEETING_MONTHS=12 adds the national meetings.
    let meeting_months = std::env::var("CHIBO_BENCH_MEETING_MONTHS")
        .ok()
        .map_or(0, |raw| {
            raw.parse().expect("CHIBO_BENCH_MEETING_MONTHS is a number")
        });
    let options = DemoOptions {
        seed: 42,
        scale,
        today,
        meeting_months,
    };
    println!(
        "scale {scale:?}, seed 42, today {today}, file {}",
        path.display()
    );
    let progress = Stages {
        current: Mutex::new(None),
        done: Mutex::new(0),
    };
    let started = Instant::now();
    let summary = generate(&store, &options, &progress)
        .await
        .expect("generate");
    let elapsed = started.elapsed();
    let size = std::fs::metadata(&path).map_or(0, |m| m.len())
        + std::fs::metadata(path.with_extension("db-wal")).map_or(0, |m| m.len());
    println!(
        "generated {} units, {} cells, {} members, {} meetings in {:.1} s; peak RSS {:.0} MiB; database {:.0} MiB",
        summary.units,
        summary.cells,
        summary.members,
        summary.meetings,
        elapsed.as_secs_f64(),
        peak_rss_mib(),
        size as f64 / (1024.0 * 1024.0)
    );
    time_queries(&store, today).await;
    store.close().await;
}

async fn time_queries(store: &Store, today: NaiveDate) {
    let tree_runs = 5;
    let mut tree = Vec::new();
    let mut rows = 0;
    for _ in 0..tree_runs {
        let t = Instant::now();
        rows = store.tree_as_of(today).await.expect("tree").len();
        tree.push(t.elapsed());
    }
    println!(
        "tree_as_of({today}): {rows} rows, median {:.3} s of {tree_runs} (first {:.3} s)",
        median(tree.clone()).as_secs_f64(),
        tree[0].as_secs_f64()
    );

    let superior = UnitCode::parse("CT.NK").expect("code");
    let mut sub = Vec::new();
    let mut sub_rows = 0;
    for _ in 0..21 {
        let t = Instant::now();
        sub_rows = store
            .subtree_as_of(&superior, today)
            .await
            .expect("subtree")
            .len();
        sub.push(t.elapsed());
    }
    println!(
        "subtree_as_of({superior}, {today}): {sub_rows} rows, median {:.2} ms of 21 (first {:.2} ms)",
        median(sub.clone()).as_secs_f64() * 1000.0,
        sub[0].as_secs_f64() * 1000.0
    );
}
