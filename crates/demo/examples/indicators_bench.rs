//! The indicator benchmark at the national scale, on databases that already
//! hold the national demonstration data with a year of meetings (made by
//! `chibo demo --scale national --meeting-months 12`, or by `demo_bench`
//! with `CHIBO_BENCH_MEETING_MONTHS=12`):
//!
//! ```text
//! cargo run --release -p chibo-demo --example indicators_bench -- /tmp/national.db
//! cargo run --release -p chibo-demo --example indicators_bench -- postgres://user@host/db
//! ```
//!
//! Each database (an SQLite path or a PostgreSQL URL) is opened as the web
//! server opens it (`Workload::Serve`) and timed on:
//!
//! * **a. the full-tree rollup** as the server serves it: every unit's year
//!   row (month 0, the rollup of its 12 months) of the meetings' calendar
//!   year from the rows kept in memory (`chibo_core::resident_rows`, which
//!   asks the database for the year's revision on each read), and the
//!   value of every indicator of the catalog computed for every unit;
//!   p50/p95 over `CHIBO_BENCH_RUNS` runs (default 21), after the first read
//!   into memory (timed apart). For comparison, the same rows read from the
//!   database on each request (packed, as the first read does), fewer runs
//!   of them read row by row (`Store::indicator_rows`), and of the 12 month
//!   rows summed per unit.
//! * **b. a new meeting reflected in all its ancestors**: a held meeting of
//!   a random cell saved through `chibo_core::meetings::create_meeting`
//!   (the cell secretary's access check first, as the web does), then the
//!   cell's and every ancestor's year and month rows read back and checked
//!   to count it (one more meeting, its members present and expected).
//!   Timed from the start of the save until the rows are read, and until
//!   the rollup served from memory counts it in the cell and every ancestor;
//!   then the whole rollup served right after each save (the changed rows
//!   fetched first); `CHIBO_BENCH_MEETINGS` meetings (default 25), p50/p95.
//! * with `CHIBO_BENCH_REBUILD=1`, **the full rebuild** of the year
//!   (`indicators::rebuild_year`, on a connection opened for batch work),
//!   and a check that it gives exactly the rows the incremental updates of
//!   b left. `CHIBO_BENCH_REBUILD=first` rebuilds the year before a instead
//!   (as happens anyway when the year has no rows yet).
//!
//! `CHIBO_BENCH_REBUILD=only` runs the rebuild alone (no a, no b, no
//! comparison), so that the peak memory printed is the rebuild's; its
//! phases are logged (`CHIBO_LOG`, default `info`).
//!
//! `CHIBO_BENCH_COMPARE=0` leaves out the slower comparison reads of a.
//!
//! The meetings of b stay in the database (they are demonstration data
//! like the rest), so a later run counts them too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at its first failure"
)]

use chibo_core::Db;
use std::time::{Duration, Instant};

use chibo_core::access::{Actor, RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::indicators::{catalog, rebuild_year};
use chibo_core::meetings::{MeetingSubmission, create_meeting};
use chibo_core::resident_rows::{ResidentRows, YearRows};
use chibo_core::{Clock, SystemClock};
use chibo_domain::access::Role;
use chibo_domain::indicators::{Counter, Counters, Value};
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{AttendanceMark, MeetingRecord};
use chibo_domain::rng::SeededRng;
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{GrantRecord, IndicatorRow, OpenMode, Store, Workload};
use chrono::{Datelike, Days, NaiveTime};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .map_or(default, |raw| raw.parse().expect("a number"))
}

/// Peak resident memory of this process (VmHWM), in MiB.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// "p50 … ms, p95 … ms, max … ms (first … ms)" of some timings.
fn summary(times: &[Duration]) -> String {
    let first = times[0];
    let mut sorted = times.to_vec();
    sorted.sort();
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    format!(
        "p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms over {} runs (first {:.1} ms)",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(1.0)),
        sorted.len(),
        ms(first)
    )
}

/// Every indicator's value for every unit of `rows`; the number of values
/// that are not "no data", so that the work cannot be skipped.
fn values(rows: &[(i64, Counters)]) -> (Vec<Value>, usize) {
    values_of(rows.iter().map(|(_, counters)| *counters))
}

/// The same for the year rows kept in memory (unpacked as they are read).
fn served_values(rows: &YearRows) -> (Vec<Value>, usize) {
    values_of(rows.units().map(|(_, counters)| counters))
}

fn values_of(rows: impl Iterator<Item = Counters>) -> (Vec<Value>, usize) {
    let indicators = &catalog().indicators;
    let mut out = Vec::with_capacity(rows.size_hint().0 * indicators.len());
    for counters in rows {
        for indicator in indicators {
            out.push(indicator.value(&counters));
        }
    }
    let known = out.iter().filter(|v| v.value.is_some()).count();
    (out, known)
}

fn by_unit(rows: Vec<IndicatorRow>) -> Vec<(i64, Counters)> {
    rows.into_iter().map(|r| (r.unit_id, r.counters)).collect()
}

/// The 12 month rows summed per unit.
fn summed(rows: Vec<IndicatorRow>) -> Vec<(i64, Counters)> {
    let mut out: Vec<(i64, Counters)> = Vec::new();
    for row in rows {
        match out.last_mut() {
            Some((unit, counters)) if *unit == row.unit_id => *counters += &row.counters,
            _ => out.push((row.unit_id, row.counters)),
        }
    }
    out
}

#[tokio::main]
async fn main() {
    let databases: Vec<String> = std::env::args().skip(1).collect();
    assert!(
        !databases.is_empty(),
        "usage: indicators_bench DATABASE [DATABASE ...] (SQLite paths or postgres:// URLs)"
    );
    // The phases of a rebuild are logged at the `info` level.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CHIBO_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .init();
    for database in &databases {
        if std::env::var("CHIBO_BENCH_REBUILD").is_ok_and(|v| v == "only") {
            rebuild_only(database).await;
        } else {
            bench(database).await;
        }
    }
}

/// `CHIBO_BENCH_REBUILD=only`: the full rebuild of the meetings' first
/// year and nothing else, in a process that has read nothing before, so
/// that its peak memory is the rebuild's own.
async fn rebuild_only(database: &str) {
    let batch = Store::open(database, OpenMode::MustExist)
        .await
        .expect("open for batch work");
    let (first, _) = batch
        .held_meeting_span()
        .await
        .expect("meetings")
        .expect("the database holds meetings");
    let year = first.year();
    let memory_before = peak_rss_mib();
    let started = Instant::now();
    let written = rebuild_year(&Db::from(&batch), year)
        .await
        .expect("rebuild");
    println!(
        "== {}: rebuild_year({year}) alone: {written} rows in {:.1} s (peak RSS {:.0} MiB, {:.0} MiB before)",
        batch.backend_kind().name(),
        started.elapsed().as_secs_f64(),
        peak_rss_mib(),
        memory_before
    );
    batch.close().await;
}

async fn bench(database: &str) {
    let store = Store::open_for(database, OpenMode::MustExist, Workload::Serve)
        .await
        .expect("open the database");
    let backend = store.backend_kind().name();
    let (first, last) = store
        .held_meeting_span()
        .await
        .expect("meetings")
        .expect("the database holds meetings: make it with --meeting-months 12");
    let year = first.year();
    println!("== {backend}: {database}");
    println!(
        "meetings held from {first} to {last}; rolling up {year}{}",
        if last.year() == year {
            ""
        } else {
            " (the meetings span more than one calendar year: only the first is rolled up)"
        }
    );
    let first_rebuild = std::env::var("CHIBO_BENCH_REBUILD").is_ok_and(|v| v == "first");
    if first_rebuild || !store.has_indicator_year(year).await.expect("rows") {
        // A generation stopped before its indicator stage, or rows written
        // by an earlier version: build the year.
        let batch = Store::open(database, OpenMode::MustExist)
            .await
            .expect("open for batch work");
        let started = Instant::now();
        let written = rebuild_year(&Db::from(&batch), year)
            .await
            .expect("rebuild");
        batch.close().await;
        println!(
            "rows of {year} built first: {written} in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let runs = env_number("CHIBO_BENCH_RUNS", 21);
    let catalog_size = catalog().indicators.len();

    // a. The full-tree rollup served from memory.
    let resident = ResidentRows::default();
    let started = Instant::now();
    let kept = resident.year(&Db::from(&store), year).await.expect("rows");
    println!(
        "a. first read of the year rows into memory ({} rows, month rows {}): {:.0} ms",
        kept.rows_kept(),
        if kept.has_months() { "too" } else { "not kept" },
        ms(started.elapsed())
    );
    drop(kept);
    let mut times = Vec::new();
    let mut units = 0;
    let mut known = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let kept = resident.year(&Db::from(&store), year).await.expect("rows");
        let (computed, not_empty) = served_values(&kept);
        times.push(started.elapsed());
        units = kept.units().count();
        known = not_empty;
        assert_eq!(computed.len(), units * catalog_size);
    }
    println!(
        "a. rollup of {catalog_size} indicators for {units} units ({known} values with data), \
         served from memory: {}",
        summary(&times)
    );

    // The same rows read from the database on each request.
    let mut times = Vec::new();
    let mut reads = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let rows = by_unit(
            store
                .indicator_rows_of_year(year, &[0])
                .await
                .expect("rows"),
        );
        reads.push(started.elapsed());
        let (computed, _) = values(&rows);
        times.push(started.elapsed());
        assert_eq!(computed.len(), units * catalog_size);
    }
    println!(
        "   the same read from the database on each request (packed): {}",
        summary(&times)
    );
    println!("   of which reading the rows: {}", summary(&reads));
    if std::env::var("CHIBO_BENCH_COMPARE").is_ok_and(|v| v == "0") {
        new_meetings(&store, &resident, year).await;
        if std::env::var("CHIBO_BENCH_REBUILD").is_ok_and(|v| v == "1") {
            rebuild(database, &store, year).await;
        }
        store.close().await;
        return;
    }
    let ids: Vec<i64> = by_unit(
        store
            .indicator_rows_of_year(year, &[0])
            .await
            .expect("rows"),
    )
    .into_iter()
    .map(|(id, _)| id)
    .collect();
    let few = runs.clamp(1, 3);
    let mut times = Vec::new();
    for _ in 0..few {
        let started = Instant::now();
        let rows = by_unit(store.indicator_rows(&ids, year, &[0]).await.expect("rows"));
        let (computed, _) = values(&rows);
        times.push(started.elapsed());
        assert_eq!(computed.len(), units * catalog_size);
    }
    println!(
        "   the same read row by row (Store::indicator_rows): {}",
        summary(&times)
    );
    let months: Vec<u32> = (1..=12).collect();
    let mut times = Vec::new();
    let mut month_rows = 0;
    for _ in 0..few {
        let started = Instant::now();
        let rows = store
            .indicator_rows_of_year(year, &months)
            .await
            .expect("rows");
        month_rows = rows.len();
        let (computed, _) = values(&summed(rows));
        times.push(started.elapsed());
        assert_eq!(computed.len(), units * catalog_size);
    }
    println!(
        "   the same from the {month_rows} month rows, summed per unit: {}",
        summary(&times)
    );

    new_meetings(&store, &resident, year).await;

    if std::env::var("CHIBO_BENCH_REBUILD").is_ok_and(|v| v == "1") {
        rebuild(database, &store, year).await;
    }
    store.close().await;
}

/// b. New held meetings of random cells, each timed until the cell's and
/// every ancestor's rows count it, in the database and in the rollup
/// served from memory; then the whole rollup served right after the save.
async fn new_meetings(store: &Store, resident: &ResidentRows, year: i32) {
    let count = env_number("CHIBO_BENCH_MEETINGS", 25);
    if count == 0 {
        return;
    }
    let clock = SystemClock;
    let today = clock.today();
    let last_day = NaiveDate::from_ymd_opt(year, 12, 31).expect("date");
    let cells: Vec<UnitCode> = store
        .tree_as_of(last_day)
        .await
        .expect("tree")
        .into_iter()
        .filter(|row| row.kind.is_cell())
        .map(|row| row.code)
        .collect();
    let mut rng = SeededRng::new(20_251_126 + u64::from(year.unsigned_abs()));
    let author = AuditContext {
        account_id: None,
        actor: "indicators_bench".to_owned(),
        address: None,
    };
    let (mut saves, mut seen, mut depths) = (Vec::new(), Vec::new(), Vec::new());
    let (mut served, mut rollups) = (Vec::new(), Vec::new());
    for _ in 0..count {
        let cell = cells[rng.range(0, cells.len() as u64 - 1) as usize].clone();
        let day = NaiveDate::from_ymd_opt(year, 1, 1).expect("date") + Days::new(rng.range(0, 364));
        let day = day.min(last_day).min(today);
        let placement = store
            .unit_placement(&cell, day)
            .await
            .expect("placement")
            .expect("the cell exists");
        let mut codes = vec![cell.as_str().to_owned()];
        codes.extend(placement.ancestors.iter().map(|c| c.as_str().to_owned()));
        let found = store.unit_ids_of(&codes).await.expect("ids");
        let ids: Vec<i64> = codes.iter().map(|c| found[c]).collect();
        let record = held_meeting(store, &cell, day).await;
        let present = i64::from(record.present_count());
        let expected = record
            .attendance
            .iter()
            .filter(|m| m.mark != Attendance::Exempt)
            .count() as i64;
        let months = [0, day.month()];
        let before = store
            .indicator_rows(&ids, year, &months)
            .await
            .expect("rows");
        let actor = secretary(&cell);
        let kept = resident.year(&Db::from(store), year).await.expect("rows");
        let meetings_before: Vec<i64> = ids
            .iter()
            .map(|id| {
                kept.sum(*id, 0, 0)
                    .unwrap_or_default()
                    .get(Counter::Meetings)
            })
            .collect();
        drop(kept);

        let started = Instant::now();
        let access = unit_access::<RecordMeetings>(&Db::from(store), &actor, &cell, today)
            .await
            .expect("access");
        let submission = MeetingSubmission {
            record,
            carried: Vec::new(),
        };
        create_meeting(
            &Db::from(store),
            &clock,
            &access,
            &author,
            &submission,
            true,
        )
        .await
        .expect("save");
        let saved = started.elapsed();

        // The whole rollup served from memory right after the save (the
        // changed rows fetched first) counts it in the cell and every
        // ancestor.
        let refresh = Instant::now();
        let kept = resident.year(&Db::from(store), year).await.expect("rows");
        let (computed, _) = served_values(&kept);
        let rollup = refresh.elapsed();
        assert_eq!(
            computed.len(),
            kept.units().count() * catalog().indicators.len()
        );
        for (id, before) in ids.iter().zip(&meetings_before) {
            let now = kept.sum(*id, 0, 0).unwrap_or_default();
            assert_eq!(now.get(Counter::Meetings), before + 1, "{cell} unit {id}");
        }
        served.push(saved + rollup);
        rollups.push(rollup);
        drop(kept);

        let started = Instant::now() - saved;
        let after = store
            .indicator_rows(&ids, year, &months)
            .await
            .expect("rows");
        let elapsed = started.elapsed();

        // Every ancestor, and the cell, counts the meeting in the year's
        // row and the month's.
        assert_eq!(after.len(), ids.len() * 2, "{cell}: rows of every unit");
        for row in &after {
            let old = before
                .iter()
                .find(|r| r.unit_id == row.unit_id && r.month == row.month)
                .map(|r| r.counters)
                .unwrap_or_default();
            let moved = |counter: Counter| row.counters.get(counter) - old.get(counter);
            assert_eq!(moved(Counter::Meetings), 1, "{cell} unit {}", row.unit_id);
            assert_eq!(
                moved(Counter::Present),
                present,
                "{cell} unit {}",
                row.unit_id
            );
            assert_eq!(
                moved(Counter::Eligible),
                expected,
                "{cell} unit {}",
                row.unit_id
            );
        }

        saves.push(saved);
        seen.push(elapsed);
        depths.push(ids.len());
    }
    depths.sort_unstable();
    println!(
        "b. a new held meeting of a random cell ({count} meetings, {}–{} units from the cell to the root):",
        depths[0],
        depths[depths.len() - 1]
    );
    println!(
        "   save (access check + create_meeting): {}",
        summary(&saves)
    );
    println!(
        "   save until every ancestor's rows are read back with it: {}",
        summary(&seen)
    );
    println!(
        "   save until the whole rollup served from memory counts it in the cell and every ancestor: {}",
        summary(&served)
    );
    println!(
        "   the whole rollup served from memory right after each save: {}",
        summary(&rollups)
    );
}

/// A cell secretary of `cell`, who records its meetings on the web.
fn secretary(cell: &UnitCode) -> Actor {
    chibo_core::operator::Operator::command_line().act_as(
        0,
        "secretary",
        vec![GrantRecord {
            id: 0,
            account_id: 0,
            role: Role::CellSecretary,
            unit: cell.clone(),
            unit_name: String::new(),
        }],
    )
}

/// An extraordinary meeting of `cell` on `day` with everyone on the
/// roster of the day present (the exempt marked exempt).
async fn held_meeting(store: &Store, cell: &UnitCode, day: NaiveDate) -> MeetingRecord {
    let roster = store.roster(cell, day).await.expect("roster");
    let mut record = MeetingRecord::planned(MeetingKind::Extraordinary, day);
    record.status = MeetingStatus::Held;
    record.held_on = Some(day);
    record.starts_at = NaiveTime::from_hms_opt(19, 0, 0);
    record.ends_at = NaiveTime::from_hms_opt(20, 15, 0);
    record.place = "Hội trường".to_owned();
    record.topic = "Triển khai văn bản chỉ đạo khẩn của cấp trên".to_owned();
    record.attendance = roster
        .iter()
        .map(|member| AttendanceMark {
            member: member.code.clone(),
            mark: if member.exemption_reason.is_some() {
                Attendance::Exempt
            } else {
                Attendance::Present
            },
            reason: member.exemption_reason.clone().unwrap_or_default(),
        })
        .collect();
    let mut leads = roster
        .iter()
        .filter(|m| m.exemption_reason.is_none())
        .map(|m| m.code.clone());
    record.chair = leads.next();
    record.recorder = leads.next();
    record.resolution = "Chi bộ thống nhất triển khai ngay theo chỉ đạo của cấp trên.".to_owned();
    record
}

/// The full rebuild of the year, timed, and compared with the rows the
/// incremental updates left.
async fn rebuild(database: &str, store: &Store, year: i32) {
    let all: Vec<u32> = (0..=12).collect();
    let nonzero = |mut rows: Vec<IndicatorRow>| {
        // A difference that cancels out leaves a row of zeros; a rebuild
        // writes none. Both mean "nothing counted".
        rows.retain(|r| !r.counters.is_zero());
        rows
    };
    let incremental = nonzero(
        store
            .indicator_rows_of_year(year, &all)
            .await
            .expect("rows"),
    );
    let batch = Store::open(database, OpenMode::MustExist)
        .await
        .expect("open for batch work");
    let memory_before = peak_rss_mib();
    let started = Instant::now();
    let written = rebuild_year(&Db::from(&batch), year)
        .await
        .expect("rebuild");
    let elapsed = started.elapsed();
    batch.close().await;
    let rebuilt = nonzero(
        store
            .indicator_rows_of_year(year, &all)
            .await
            .expect("rows"),
    );
    println!(
        "rebuild_year({year}): {written} rows in {:.1} s (peak RSS {:.0} MiB, {:.0} MiB before)",
        elapsed.as_secs_f64(),
        peak_rss_mib(),
        memory_before
    );
    let same = incremental == rebuilt;
    println!(
        "   rebuilt rows equal the incrementally updated ones: {same} ({} rows)",
        rebuilt.len()
    );
    assert!(same, "the rebuild differs from the incremental updates");
}
