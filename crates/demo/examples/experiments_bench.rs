//! A pilot in the demonstration city (about 2,300 cells, 24 months of
//! scored meetings): 7 pilot cells, one per sector, owned by the city;
//! the time to propose their comparison cells among all the city's cells
//! (reading every cell's baseline meetings and members), and the time of
//! the evaluation page's work: the experiment's dataset read and
//! evaluated with a 2,000-resample wild cluster bootstrap, and the
//! evaluation alone; then the same page's work on the demonstration
//! city's own pilot (7 pilot cells, one per sector, and their matched
//! comparison cells), with its figures.
//!
//! ```text
//! cargo run --release -p chibo-demo --example experiments_bench
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at its first failure"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use chibo_core::access::{EditUnits, ReadAggregates, ReadDatasets, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::experiments::evaluate::{EvaluationOptions, evaluate};
use chibo_core::experiments::{
    create_experiment, design_power, experiment_access, experiment_dataset, propose_comparison,
    revise_experiment,
};
use chibo_core::operator::Operator;
use chibo_core::{Db, FixedClock};
use chibo_demo::{DemoOptions, NoProgress, Scale, generate};
use chibo_domain::access::Role;
use chibo_domain::experiment::{Design, Outcome, Window};
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{GrantRecord, OpenMode, Store};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The process's CPU time so far (user and system, every thread: the
/// SQLite worker included), from `/proc/self/stat` in clock ticks of
/// 10 ms; a figure less sensitive than wall time to other work on a
/// shared machine.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are the 14th and 15th fields; 12th and 13th after the name.
    (ticks(11) + ticks(12)) * 10.0
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
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("experiments.db").display().to_string();
    let store = Store::open(&path, OpenMode::CreateIfMissing).await.unwrap();
    let today: NaiveDate = "2025-06-30".parse().unwrap();
    let started = Instant::now();
    generate(
        &store,
        &DemoOptions {
            seed: 42,
            scale: Scale::City,
            today,
            meeting_months: 0,
        },
        &NoProgress,
    )
    .await
    .unwrap();
    println!("city: {:.1} s", started.elapsed().as_secs_f64());
    let db = Db::from(&store);
    let clock = FixedClock(today);
    let root = UnitCode::parse("CT").unwrap();
    let actor = Operator::command_line().act_as(
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
    let baseline = Window {
        from: "2024-07-01".parse().unwrap(),
        to: "2024-12-31".parse().unwrap(),
    };
    let tree = store.subtree_as_of(&root, baseline.from).await.unwrap();
    let mut by_sector: BTreeMap<String, UnitCode> = BTreeMap::new();
    for row in tree.iter().filter(|r| r.kind.is_cell()) {
        by_sector
            .entry(row.sector.clone())
            .or_insert_with(|| row.code.clone());
    }
    let pilot: Vec<UnitCode> = by_sector.into_values().take(7).collect();
    let cells = tree.iter().filter(|r| r.kind.is_cell()).count();
    println!("{} pilot cells among {cells} cells", pilot.len());
    let design = Design {
        name: "Thí điểm mô hình sinh hoạt chi bộ".to_owned(),
        owner: root.clone(),
        model_version: "regular-2025@1".to_owned(),
        rubric_version: "hd12-2018@1".to_owned(),
        pilot,
        comparison: Vec::new(),
        baseline,
        intervention_from: "2025-01-01".parse().unwrap(),
        intervention_meetings: 6,
        observers_per_meeting: 1,
        outcomes: Outcome::MEETING.to_vec(),
        matching_seed: None,
        surveys: None,
    };
    let edit = unit_access::<EditUnits>(&db, &actor, &root, today)
        .await
        .unwrap();
    let author = AuditContext::command_line();
    let id = create_experiment(&db, &clock, &edit, &author, &design, true)
        .await
        .unwrap();
    let read = experiment_access::<ReadAggregates>(&db, &actor, id, today)
        .await
        .unwrap();
    let mut times = Vec::new();
    let mut proposal = None;
    let cpu_before = cpu_ms();
    for seed in 0..11 {
        let started = Instant::now();
        proposal = Some(
            propose_comparison(&db, &read, seed, &BTreeSet::new())
                .await
                .unwrap(),
        );
        times.push(started.elapsed());
    }
    let proposal = proposal.unwrap();
    println!(
        "proposal: {} candidates, {} pairs",
        proposal.candidates,
        proposal
            .pairs
            .iter()
            .filter(|p| p.comparison.is_some())
            .count()
    );
    let cpu = (cpu_ms() - cpu_before) / 11.0;
    summary("propose comparison cells among the city's cells", times);
    println!("  CPU time per proposal (all threads): {cpu:.0} ms");
    let mut query = Vec::new();
    for _ in 0..11 {
        let started = Instant::now();
        let found = store
            .comparison_candidates(&root, design.baseline.from, design.baseline.to, Some(id))
            .await
            .unwrap();
        query.push(started.elapsed());
        assert_eq!(found.len(), proposal.candidates);
    }
    summary("  of which the candidates' statement", query);
    let edit = experiment_access::<EditUnits>(&db, &actor, id, today)
        .await
        .unwrap();
    let applied = proposal.applied_to(&edit.experiment().design);
    revise_experiment(&db, &clock, &edit, &author, &applied, None)
        .await
        .unwrap();

    let research = experiment_access::<ReadDatasets>(&db, &actor, id, today)
        .await
        .unwrap();
    let options = EvaluationOptions::default();
    let mut page = Vec::new();
    let mut alone = Vec::new();
    for _ in 0..11 {
        let started = Instant::now();
        let dataset = experiment_dataset(&db, &research, today).await.unwrap();
        let _power = design_power(&db, &research).await.unwrap();
        let evaluated = Instant::now();
        let evaluation = evaluate(&dataset, &options);
        alone.push(evaluated.elapsed());
        page.push(started.elapsed());
        assert_eq!(evaluation.outcomes.len(), 5);
    }
    let dataset = experiment_dataset(&db, &research, today).await.unwrap();
    println!(
        "dataset: {} meetings, {} raters' pairs",
        dataset.rows.len(),
        chibo_core::experiments::evaluate::rated_pairs(&dataset).len()
    );
    summary(
        "evaluation page (dataset + power + evaluation, 2,000 resamples)",
        page,
    );
    summary("evaluation alone (5 outcomes, 2,000 resamples each)", alone);

    // The demonstration city's own pilot (written by the demo).
    let found = store
        .experiments_owned_by(std::slice::from_ref(&root))
        .await
        .unwrap();
    let demo = found
        .iter()
        .find(|e| e.name == chibo_demo::experiments::PILOT_NAME)
        .unwrap();
    let research = experiment_access::<ReadDatasets>(&db, &actor, demo.id, today)
        .await
        .unwrap();
    let mut page = Vec::new();
    let mut evaluation = None;
    for _ in 0..11 {
        let started = Instant::now();
        let dataset = experiment_dataset(&db, &research, today).await.unwrap();
        let _power = design_power(&db, &research).await.unwrap();
        evaluation = Some((evaluate(&dataset, &options), dataset.rows.len()));
        page.push(started.elapsed());
    }
    let (evaluation, rows) = evaluation.unwrap();
    let design = &research.experiment().design;
    println!(
        "demo pilot: {} pilot and {} comparison cells, {rows} meetings",
        design.pilot.len(),
        design.comparison.len()
    );
    for outcome in &evaluation.outcomes {
        let cr2 = outcome.did.cr2.value.as_ref().ok();
        let wild = outcome.did.wild.value.as_ref().ok();
        println!(
            "  {}: before {:.3?} during {:.3?}; DiD {:.3?} (CR2 p {:.3?}, wild p {:.3?})",
            outcome.outcome.code(),
            outcome.within.before_mean,
            outcome.within.during_mean,
            cr2.map(|c| c.estimate),
            cr2.map(|c| c.p_value),
            wild.map(|w| w.p_value),
        );
    }
    summary(
        "demo pilot evaluation page (dataset + power + evaluation, 2,000 resamples)",
        page,
    );

    // What the pilot adds to generating the city: written once more (its
    // cells were released when it ended), from another seed.
    let started = Instant::now();
    // Without members: its two surveys stay unanswered.
    chibo_demo::experiments::write(&store, 43, today, &root, &[])
        .await
        .unwrap();
    println!(
        "demo pilot written again (7 cells, their meetings amended and scored, lessons): {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
