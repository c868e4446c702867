//! One directive of the national root to every cell of the synthetic
//! nation (about 280,000 cells): the time to issue it, to read its
//! progress for the whole tree (the root's part and the units right below
//! it; and every unit's row, for a full table), and to record that one cell
//! taught it, reflected at the root.
//!
//! ```text
//! cargo run --release -p chibo-demo --example directives_bench            # national
//! cargo run --release -p chibo-demo --example directives_bench -- small   # 3 provinces
//! CHIBO_BENCH_DB=/tmp/directives.db cargo run --release -p chibo-demo --example directives_bench
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at its first failure"
)]

use std::time::{Duration, Instant};

use chibo_core::access::{EditUnits, ReadAggregates, RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::directives::{directive_progress, issue_directive, record_event};
use chibo_core::operator::Operator;
use chibo_core::{Db, FixedClock};
use chibo_demo::{DemoOptions, NationalShape, NoProgress, Scale, generate_national};
use chibo_domain::access::Role;
use chibo_domain::directive::{
    Deadlines, Directive, DirectiveKey, DocumentNumber, Due, Event, EventKind, Level,
    LevelDeadlines, Target, TaughtAt, UnitFilter,
};
use chibo_domain::rng::SeededRng;
use chibo_domain::unit::UnitKind;
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{GrantRecord, OpenMode, Store};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(name: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let at = |p: f64| ms(times[((times.len() - 1) as f64 * p).round() as usize]);
    println!(
        "{name}: n={} median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        times.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
}

#[tokio::main]
async fn main() {
    let small = std::env::args().nth(1).is_some_and(|a| a == "small");
    let dir = tempfile::tempdir().unwrap();
    let path = std::env::var("CHIBO_BENCH_DB")
        .unwrap_or_else(|_| dir.path().join("directives.db").display().to_string());
    let store = Store::open(&path, OpenMode::CreateIfMissing).await.unwrap();
    let today: NaiveDate = "2026-03-31".parse().unwrap();
    let shape = if small {
        NationalShape {
            provinces: 3,
            ..NationalShape::default()
        }
    } else {
        NationalShape::default()
    };
    let started = Instant::now();
    let made = generate_national(
        &store,
        &DemoOptions {
            seed: 2018,
            scale: Scale::National,
            today,
            meeting_months: 0,
        },
        shape,
        &NoProgress,
    )
    .await
    .unwrap();
    store.checkpoint().await.unwrap();
    println!(
        "national tree: {} units, {} cells ({:.1} s)",
        made.units,
        made.cells,
        started.elapsed().as_secs_f64()
    );
    let db = Db::from(&store);
    let tree = store.tree_as_of(today).await.unwrap();
    let root = tree
        .iter()
        .find(|r| r.parent.is_none())
        .map(|r| r.code.clone())
        .unwrap();
    let cells: Vec<UnitCode> = tree
        .iter()
        .filter(|r| r.kind.is_cell())
        .map(|r| r.code.clone())
        .collect();
    let admin = Operator::command_line().act_as(
        0,
        "bench",
        vec![GrantRecord {
            id: 0,
            account_id: 0,
            role: Role::Administrator,
            unit: root.clone(),
            unit_name: String::new(),
        }],
    );
    let clock = FixedClock(today);
    let author = AuditContext::command_line();
    let issued_on: NaiveDate = "2026-01-05".parse().unwrap();
    let mut deadlines = Deadlines::default();
    deadlines.set(
        Level::Cell,
        LevelDeadlines {
            teach_by: Some(Due::On("2026-02-28".parse().unwrap())),
            report_by: Some(Due::On("2026-04-30".parse().unwrap())),
            ..LevelDeadlines::default()
        },
    );
    let directive = Directive {
        key: DirectiveKey::new(DocumentNumber::parse("1-KL/TW").unwrap(), issued_on),
        doc_type: chibo_domain::directive::DocumentType::Conclusion,
        title: "Kết luận về nâng cao chất lượng sinh hoạt chi bộ".to_owned(),
        summary: String::new(),
        issuer: root.clone(),
        must_teach: true,
        target: Target::Subtree(UnitFilter {
            kinds: vec![UnitKind::SubordinateCell, UnitKind::GrassrootsCell],
            sectors: Vec::new(),
        }),
        deadlines,
        implements: None,
    };
    let issuer = unit_access::<EditUnits>(&db, &admin, &root, today)
        .await
        .unwrap();
    let started = Instant::now();
    let id = issue_directive(&db, &clock, &issuer, &author, &directive, None, false)
        .await
        .unwrap();
    println!(
        "issue to every cell: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let reader = unit_access::<ReadAggregates>(&db, &admin, &root, today)
        .await
        .unwrap();
    let mut progress_times = Vec::new();
    let mut targets = 0;
    for _ in 0..20 {
        let started = Instant::now();
        let progress = directive_progress(&db, &reader, id, today).await.unwrap();
        progress_times.push(started.elapsed());
        targets = progress.unit.counters.target_units;
    }
    println!("targets at the root: {targets}");
    summary(
        "progress of the whole tree (root and units below)",
        progress_times,
    );
    let started = Instant::now();
    let rows = store.directive_units_all(id).await.unwrap();
    println!(
        "every unit's row ({} rows): {:.1} ms",
        rows.len(),
        ms(started.elapsed())
    );
    let mut rng = SeededRng::new(17);
    let mut teach_times = Vec::new();
    for n in 0..50 {
        let cell = &cells[rng.range(0, cells.len() as u64 - 1) as usize];
        let access = unit_access::<RecordMeetings>(&db, &admin, cell, today)
            .await
            .unwrap();
        let event = Event {
            on: "2026-02-10".parse().unwrap(),
            kind: EventKind::Taught(TaughtAt {
                meeting: None,
                present: 18,
                eligible: 20,
            }),
        };
        let started = Instant::now();
        if record_event(&db, &clock, &access, &author, id, &event)
            .await
            .is_err()
        {
            continue; // drawn twice
        }
        let progress = directive_progress(&db, &reader, id, today).await.unwrap();
        teach_times.push(started.elapsed());
        assert!(progress.unit.counters.taught_units >= 1, "step {n}");
    }
    summary("teaching recorded and read at the root", teach_times);
    dashboards(&db, &admin, &clock, &author, &root, &tree, today).await;
}

/// Eleven more directives of the root, to its grassroots committees, so
/// that the committees' dashboards compare a year of directives; then the
/// "direction against execution" view of the root and of a province read
/// 30 times each.
async fn dashboards(
    db: &Db,
    admin: &chibo_core::access::Actor,
    clock: &FixedClock,
    author: &AuditContext,
    root: &UnitCode,
    tree: &[chibo_store::TreeRow],
    today: NaiveDate,
) {
    use chibo_core::dashboards::{Window, direction_against_execution};
    use chibo_domain::norms::Period;
    let issuer = unit_access::<EditUnits>(db, admin, root, today)
        .await
        .unwrap();
    let started = Instant::now();
    for n in 2..=12u32 {
        let issued_on = NaiveDate::from_ymd_opt(2025, n - 1, 10).unwrap();
        let directive = Directive {
            key: DirectiveKey::new(
                DocumentNumber::parse(&format!("{n}-HD/TW")).unwrap(),
                issued_on,
            ),
            doc_type: chibo_domain::directive::DocumentType::Guidance,
            title: format!("Hướng dẫn số {n}"),
            summary: String::new(),
            issuer: root.clone(),
            must_teach: true,
            target: Target::Subtree(UnitFilter {
                kinds: vec![UnitKind::GrassrootsCommittee],
                sectors: Vec::new(),
            }),
            deadlines: Deadlines::default(),
            implements: None,
        };
        issue_directive(db, clock, &issuer, author, &directive, None, false)
            .await
            .unwrap();
    }
    println!(
        "eleven directives to the grassroots committees: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let province = tree
        .iter()
        .find(|r| r.parent.as_ref() == Some(root))
        .map(|r| r.code.clone())
        .unwrap();
    let period = Period::new("2025-01-01".parse().unwrap(), today).unwrap();
    for (name, unit) in [("the root", root), ("a province", &province)] {
        let reader = unit_access::<ReadAggregates>(db, admin, unit, today)
            .await
            .unwrap();
        let window = Window::new(period, today, reader.placement()).unwrap();
        let mut times = Vec::new();
        let mut shown = (0, 0);
        for _ in 0..30 {
            let started = Instant::now();
            let found = direction_against_execution(db, &reader, &window)
                .await
                .unwrap();
            times.push(started.elapsed());
            shown = (found.directives, found.units.len());
        }
        println!(
            "{name}: {} directives, {} sub-units compared",
            shown.0, shown.1
        );
        summary(&format!("direction against execution, {name}"), times);
    }
}
