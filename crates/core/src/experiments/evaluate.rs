//! The evaluation of an experiment, a pure function of its dataset, so a
//! researcher can recompute every figure from the exported file:
//!
//! - within the pilot, each pilot cell's mean before against its mean
//!   during the intervention: the paired t test, the Wilcoxon signed-rank
//!   test (exact when SciPy's `auto` would be), Cohen's d_z with its CI and
//!   the matched-pairs rank-biserial correlation;
//! - pilot against comparison, the difference in differences by OLS on
//!   the meetings (y = β₀ + β₁·pilot + β₂·during + β₃·pilot×during) with
//!   CR2 standard errors and Bell–McCaffrey degrees of freedom, CR1 beside
//!   it, the restricted wild cluster bootstrap (Rademacher) as a check,
//!   and β₃ over the baseline standard deviation as the effect size;
//! - the evaluators' agreement on the pilot meetings scored twice,
//!   ICC(2,1) (two-way random, absolute agreement).
//!
//! Every figure carries the code of its method (`Method`), which pages and
//! reports name; a statistics error (too few cells, no spread) is kept in
//! place of the figure it prevented, never hidden.

use std::collections::BTreeMap;

use chibo_domain::Message;
use chibo_domain::experiment::{Arm, Outcome};
use chibo_stats::StatsError;
use chibo_stats::effect::{EffectSize, cohens_dz, rank_biserial_paired};
use chibo_stats::hypothesis::{TTestResult, t_test_paired, wilcoxon};
use chibo_stats::regression::{CoefInference, CovType, did};
use chibo_stats::reliability::{Icc, IccForm, intraclass_correlations};
use chibo_stats::wild::{WildBootstrap, did_wild_cluster_bootstrap};
use chibo_stats::{Alternative, RankMethod, TestResult, ZeroMethod};

use super::dataset::{ExperimentDataset, Period};
use super::outcomes::meeting_index;

/// Fewer clusters than this and cluster-robust inference is fragile even
/// with CR2; the reading says so.
pub const FEW_CLUSTERS: usize = 30;

/// The methods a figure may come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    PairedT,
    WilcoxonSignedRank,
    CohensDz,
    RankBiserialPaired,
    DidOlsCr2,
    DidOlsCr1,
    WildClusterBootstrap,
    StandardizedDid,
    Icc21,
}

impl Method {
    pub fn code(self) -> &'static str {
        match self {
            Method::PairedT => "paired-t",
            Method::WilcoxonSignedRank => "wilcoxon",
            Method::CohensDz => "cohens-dz",
            Method::RankBiserialPaired => "rank-biserial",
            Method::DidOlsCr2 => "did-cr2",
            Method::DidOlsCr1 => "did-cr1",
            Method::WildClusterBootstrap => "wild-bootstrap",
            Method::StandardizedDid => "did-standardized",
            Method::Icc21 => "icc21",
        }
    }
}

/// A figure and the method it comes from, or why it could not be computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure<T> {
    pub method: Method,
    pub value: Result<T, Message>,
}

fn figure<T>(method: Method, value: Result<T, StatsError>) -> Figure<T> {
    Figure {
        method,
        value: value.map_err(|e| stats_message(&e)),
    }
}

/// A statistics error in words the i18n files render.
pub fn stats_message(error: &StatsError) -> Message {
    match error {
        StatsError::TooFewObservations { what, needed, got } => {
            Message::new("experiment-stats-too-few")
                .arg("what", what)
                .arg("needed", needed)
                .arg("got", got)
        }
        StatsError::ZeroVariance(what) => {
            Message::new("experiment-stats-zero-variance").arg("what", what)
        }
        StatsError::Singular(what) => Message::new("experiment-stats-singular").arg("what", what),
        other => Message::new("experiment-stats-other").arg("detail", other),
    }
}

/// Options of an evaluation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvaluationOptions {
    pub level: f64,
    pub resamples: usize,
    pub seed: u64,
}

impl Default for EvaluationOptions {
    fn default() -> Self {
        EvaluationOptions {
            level: 0.95,
            resamples: 2_000,
            seed: 20_240_701,
        }
    }
}

/// Before against during, within the pilot cells.
#[derive(Debug, Clone, PartialEq)]
pub struct WithinPilot {
    pub cells: usize,
    pub before_mean: Option<f64>,
    pub during_mean: Option<f64>,
    pub paired_t: Figure<TTestResult>,
    pub wilcoxon: Figure<TestResult>,
    pub dz: Figure<EffectSize>,
    pub rank_biserial: Figure<f64>,
}

/// Pilot against comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct DifferenceInDifferences {
    pub meetings: usize,
    pub pilot_cells: usize,
    pub comparison_cells: usize,
    pub cr2: Figure<CoefInference>,
    pub cr1: Figure<CoefInference>,
    pub wild: Figure<WildBootstrap>,
    /// β₃ and its CR2 interval over the baseline standard deviation of the
    /// meetings of both arms.
    pub standardized: Figure<(f64, (f64, f64))>,
}

/// One outcome's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeEvaluation {
    pub outcome: Outcome,
    pub within: WithinPilot,
    pub did: DifferenceInDifferences,
}

/// The whole evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub outcomes: Vec<OutcomeEvaluation>,
    /// Pilot meetings of the intervention scored by two evaluators.
    pub raters: Figure<Icc>,
    pub rated_meetings: usize,
    pub clusters: usize,
    /// Fewer than `FEW_CLUSTERS` cells: the reading warns.
    pub few_clusters: bool,
    pub options: EvaluationOptions,
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Each pilot cell's (before, during) means of outcome `index`, for cells
/// with both, in the order of their pseudonyms.
pub fn pilot_cell_means(dataset: &ExperimentDataset, index: usize) -> Vec<(String, f64, f64)> {
    let mut sums: BTreeMap<&str, [(f64, usize); 2]> = BTreeMap::new();
    for row in dataset.rows.iter().filter(|r| r.arm == Arm::Pilot) {
        let Some(value) = row.values[index] else {
            continue;
        };
        let slot = &mut sums.entry(row.cell.as_str()).or_default()[match row.period {
            Period::Baseline => 0,
            Period::Intervention => 1,
        }];
        slot.0 += value;
        slot.1 += 1;
    }
    sums.into_iter()
        .filter(|(_, s)| s[0].1 > 0 && s[1].1 > 0)
        .map(|(cell, s)| {
            (
                cell.to_owned(),
                s[0].0 / s[0].1 as f64,
                s[1].0 / s[1].1 as f64,
            )
        })
        .collect()
}

fn within_pilot(dataset: &ExperimentDataset, index: usize, level: f64) -> WithinPilot {
    let means = pilot_cell_means(dataset, index);
    let before: Vec<f64> = means.iter().map(|m| m.1).collect();
    let during: Vec<f64> = means.iter().map(|m| m.2).collect();
    within_of(&before, &during, level)
}

/// Before against during on the pilot cells' means, paired by position.
pub(crate) fn within_of(before: &[f64], during: &[f64], level: f64) -> WithinPilot {
    let (before, during) = (before.to_vec(), during.to_vec());
    WithinPilot {
        cells: before.len(),
        before_mean: mean(&before),
        during_mean: mean(&during),
        paired_t: figure(
            Method::PairedT,
            t_test_paired(&during, &before, Alternative::TwoSided, level),
        ),
        wilcoxon: figure(
            Method::WilcoxonSignedRank,
            wilcoxon(
                &during,
                Some(&before),
                ZeroMethod::Wilcox,
                RankMethod::Auto { continuity: false },
                Alternative::TwoSided,
            ),
        ),
        dz: figure(Method::CohensDz, cohens_dz(&during, &before, level)),
        rank_biserial: figure(
            Method::RankBiserialPaired,
            rank_biserial_paired(&during, &before),
        ),
    }
}

/// The meeting-level columns of the DiD regression for outcome `index`.
pub struct DidColumns {
    pub y: Vec<f64>,
    pub treated: Vec<bool>,
    pub after: Vec<bool>,
    pub clusters: Vec<u64>,
}

pub fn did_columns(dataset: &ExperimentDataset, index: usize) -> DidColumns {
    let mut ids: BTreeMap<&str, u64> = BTreeMap::new();
    let mut columns = DidColumns {
        y: Vec::new(),
        treated: Vec::new(),
        after: Vec::new(),
        clusters: Vec::new(),
    };
    for row in &dataset.rows {
        let Some(value) = row.values[index] else {
            continue;
        };
        let next = ids.len() as u64;
        columns.y.push(value);
        columns.treated.push(row.arm == Arm::Pilot);
        columns.after.push(row.period == Period::Intervention);
        columns
            .clusters
            .push(*ids.entry(row.cell.as_str()).or_insert(next));
    }
    columns
}

fn sample_sd(values: &[f64]) -> Option<f64> {
    let m = mean(values)?;
    (values.len() > 1).then(|| {
        (values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (values.len() - 1) as f64).sqrt()
    })
}

fn difference_in_differences(
    dataset: &ExperimentDataset,
    index: usize,
    options: &EvaluationOptions,
) -> DifferenceInDifferences {
    did_of(&did_columns(dataset, index), options)
}

/// The difference in differences on the columns' observations, each
/// column's cluster a cell.
pub(crate) fn did_of(c: &DidColumns, options: &EvaluationOptions) -> DifferenceInDifferences {
    let count = |arm: bool| {
        let mut cells: Vec<u64> = c
            .clusters
            .iter()
            .zip(&c.treated)
            .filter(|(_, t)| **t == arm)
            .map(|(id, _)| *id)
            .collect();
        cells.sort_unstable();
        cells.dedup();
        cells.len()
    };
    let cr2 = did(
        &c.y,
        &c.treated,
        &c.after,
        CovType::Cr2(&c.clusters),
        options.level,
    )
    .map(|r| r.effect);
    let cr1 = did(
        &c.y,
        &c.treated,
        &c.after,
        CovType::Cr1(&c.clusters),
        options.level,
    )
    .map(|r| r.effect);
    let baseline: Vec<f64> =
        c.y.iter()
            .zip(&c.after)
            .filter(|(_, a)| !**a)
            .map(|(y, _)| *y)
            .collect();
    let standardized = match (&cr2, sample_sd(&baseline)) {
        (Ok(effect), Some(sd)) if sd > 0.0 => {
            Ok((effect.estimate / sd, (effect.ci.0 / sd, effect.ci.1 / sd)))
        }
        (Err(e), _) => Err(e.clone()),
        _ => Err(StatsError::ZeroVariance("baseline meetings")),
    };
    DifferenceInDifferences {
        meetings: c.y.len(),
        pilot_cells: count(true),
        comparison_cells: count(false),
        wild: figure(
            Method::WildClusterBootstrap,
            did_wild_cluster_bootstrap(
                &c.y,
                &c.treated,
                &c.after,
                &c.clusters,
                options.resamples,
                options.seed,
            ),
        ),
        cr2: figure(Method::DidOlsCr2, cr2),
        cr1: figure(Method::DidOlsCr1, cr1),
        standardized: figure(Method::StandardizedDid, standardized),
    }
}

/// The first two evaluators' scores of each pilot meeting of the
/// intervention scored at least twice.
pub fn rated_pairs(dataset: &ExperimentDataset) -> Vec<Vec<f64>> {
    dataset
        .rows
        .iter()
        .filter(|r| r.arm == Arm::Pilot && r.period == Period::Intervention && r.raters.len() >= 2)
        .map(|r| r.raters[..2].to_vec())
        .collect()
}

/// Evaluates every meeting outcome the design named.
pub fn evaluate(dataset: &ExperimentDataset, options: &EvaluationOptions) -> Evaluation {
    let outcomes = dataset
        .outcomes
        .iter()
        .filter_map(|o| meeting_index(o).map(|i| (o, i)))
        .map(|(outcome, index)| OutcomeEvaluation {
            outcome: outcome.clone(),
            within: within_pilot(dataset, index, options.level),
            did: difference_in_differences(dataset, index, options),
        })
        .collect();
    let ratings = rated_pairs(dataset);
    let icc = intraclass_correlations(&ratings).and_then(|all| {
        all.into_iter()
            .find(|i| i.form == IccForm::Icc2)
            .ok_or(StatsError::TooFewObservations {
                what: "targets",
                needed: 2,
                got: 0,
            })
    });
    let mut cells: Vec<&str> = dataset.rows.iter().map(|r| r.cell.as_str()).collect();
    cells.sort_unstable();
    cells.dedup();
    Evaluation {
        outcomes,
        raters: figure(Method::Icc21, icc),
        rated_meetings: ratings.len(),
        clusters: cells.len(),
        few_clusters: cells.len() < FEW_CLUSTERS,
        options: *options,
    }
}
