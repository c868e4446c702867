//! A pilot in the demonstration city (about 2,300 cells, 24 months of
//! scored meetings): 7 pilot cells, one per sector, owned by the city;
//! the time to propose their comparison cells among all the city's cells
//! (reading every cell's baseline meetings and members), and the time of
//! the evaluation page's work: the experiment's dataset read and
//! evaluated with a 2,000-resample wild cluster bootstrap, and the
//! evaluation alone.
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
    summary("propose comparison cells among the city's cells", times);
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
}
