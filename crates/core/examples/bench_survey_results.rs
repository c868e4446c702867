//! Time to compute a unit's survey results (every item's distribution,
//! every construct's mean, alpha, alpha-if-dropped and item–total, the
//! breakdowns by child unit and sector with their ANOVA and Kruskal–Wallis):
//!
//!     cargo run --release -p chibo-core --example bench_survey_results -- [respondents] [runs]
//!
//! With no argument: a city campaign (600 respondents in 30 cells of 9
//! districts) and a national one (500,000 respondents in 25,000 cells of 63
//! provinces), both of the default instrument `chibo-default-2026.1` (32
//! single-choice items of which seven demographics, one multiple-choice, two texts).
//! The responses are pushed one at a time into a `MatrixBuilder`, as rows
//! streamed from the store would be, from a pool of 4,096 generated answer
//! sets (so that the strings of the whole campaign are never held at once);
//! `encode` is that, `results` is `unit_results` on the matrix.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at its first failure"
)]

use std::time::{Duration, Instant};

use chibo_core::surveys::results::{
    ChildUnit, GroupLabel, MatrixBuilder, PlanCell, Suppression, UnitPlan, unit_results,
};
use chibo_domain::survey::instrument::{Instrument, ItemKind};
use chibo_stats::Rng;

const SECTORS: [&str; 6] = [
    "khu_dan_cu",
    "hanh_chinh",
    "dn_nha_nuoc",
    "dn_ngoai",
    "hoc_sinh",
    "vu_trang",
];

fn default_instrument() -> Instrument {
    chibo_core::surveys::instruments::default_instrument().unwrap()
}

/// Answer sets drawn around a respondent's latent view, with "don't know"
/// (4 %) and skipped items (3 %), a third choosing on item q23 and one in
/// ten writing a suggestion.
fn pool(instrument: &Instrument, size: usize, rng: &mut Rng) -> Vec<Vec<(String, String)>> {
    (0..size)
        .map(|_| {
            let view = rng.normal();
            let mut answers = Vec::new();
            for item in &instrument.items {
                let choices = instrument.choices(item);
                let u = rng.next_f64();
                match &item.kind {
                    ItemKind::SelectOne { .. } if u > 0.03 => {
                        let valid: Vec<_> = choices.iter().filter(|c| !c.missing).collect();
                        let dont_know = choices.iter().find(|c| c.missing);
                        let value = match dont_know {
                            Some(c) if u < 0.07 => c.value.clone(),
                            _ => {
                                let x = (valid.len() as f64 / 2.0
                                    + view * if item.reverse { -0.9 } else { 0.9 }
                                    + rng.normal() * 0.8)
                                    .clamp(0.0, valid.len() as f64 - 1.0);
                                valid[x as usize].value.clone()
                            }
                        };
                        answers.push((item.name.clone(), value));
                    }
                    ItemKind::SelectMultiple { .. } if u < 0.33 => {
                        let a = rng.below(choices.len());
                        let b = rng.below(choices.len());
                        let mut picked = vec![a.min(b), a.max(b)];
                        picked.dedup();
                        let value: Vec<&str> =
                            picked.iter().map(|&i| choices[i].value.as_str()).collect();
                        answers.push((item.name.clone(), value.join(" ")));
                    }
                    ItemKind::Text if u < 0.1 && item.name == "q27" => {
                        answers
                            .push((item.name.clone(), format!("Đề xuất số {}", rng.below(1000))));
                    }
                    _ => {}
                }
            }
            answers
        })
        .collect()
}

fn plan(cells: usize, children: usize) -> UnitPlan {
    let code = |i: usize| format!("CB{i:06}");
    UnitPlan {
        unit: GroupLabel {
            code: "ROOT".to_owned(),
            name: "Toàn bộ".to_owned(),
        },
        cells: (0..cells)
            .map(|i| PlanCell {
                code: code(i),
                sector: Some(SECTORS[i % SECTORS.len()].to_owned()),
                invited: 25,
            })
            .collect(),
        children: (0..children)
            .map(|c| ChildUnit {
                label: GroupLabel {
                    code: format!("DV{c:03}"),
                    name: format!("Đơn vị {c}"),
                },
                cells: (0..cells).filter(|i| i % children == c).map(code).collect(),
            })
            .collect(),
        demographics: false,
    }
}

fn run(instrument: &Instrument, respondents: usize, runs: usize) {
    let per_cell = 20;
    let cells = respondents.div_ceil(per_cell).max(1);
    let children = if respondents <= 10_000 { 9 } else { 63 };
    let plan = plan(cells, children);
    let mut rng = Rng::new(2026);
    let answers = pool(instrument, 4096, &mut rng);
    let mut encode = Vec::new();
    let mut compute = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let mut builder = MatrixBuilder::new(instrument).unwrap();
        for row in 0..respondents {
            let set = &answers[row % answers.len()];
            builder.push(
                &plan.cells[row % cells].code,
                set.iter().map(|(i, v)| (i.as_str(), v.as_str())),
            );
        }
        let matrix = builder.finish();
        encode.push(started.elapsed());
        let started = Instant::now();
        let results = unit_results(&matrix, &plan, Suppression::default());
        compute.push(started.elapsed());
        let overall = results.overall.shown().unwrap();
        assert_eq!(overall.respondents as usize, respondents);
        assert!(
            overall
                .constructs
                .iter()
                .all(|c| c.reliability.shown().is_some())
        );
    }
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    let summary = |v: &mut Vec<Duration>| {
        v.sort();
        format!(
            "min {:.1} ms, median {:.1} ms",
            ms(&v[0]),
            ms(&v[v.len() / 2])
        )
    };
    println!(
        "{respondents} respondents, {cells} cells, {children} child units, {runs} runs: encode {}; results {}",
        summary(&mut encode),
        summary(&mut compute)
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let instrument = default_instrument();
    match args.next() {
        Some(n) => {
            let runs = args.next().map_or(5, |r| r.parse().expect("runs"));
            run(&instrument, n.parse().expect("respondents"), runs);
        }
        None => {
            run(&instrument, 600, 21);
            run(&instrument, 500_000, 5);
        }
    }
}
