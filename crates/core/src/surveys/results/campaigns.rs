//! Two campaigns of the same instrument compared for one unit (before and
//! after a pilot). Anonymous answers cannot be paired person by person, so
//! each construct is compared as two independent samples of respondents,
//! and as cell means paired by cell.

use chibo_stats::effect::{cohens_dz, hedges_g, rank_biserial_independent};
use chibo_stats::hypothesis::{
    Alternative, RankMethod, mann_whitney, t_test_paired, t_test_two_sample,
};
use serde::Serialize;

use super::aggregate::row_scores;
use super::input::UnitPlan;
use super::matrix::ResponseMatrix;
use super::summary::LEVEL;
use super::suppression::{Hidden, Shown, Suppression};

/// Constructs compared between two campaigns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignComparison {
    pub constructs: Vec<ConstructChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConstructChange {
    pub construct: String,
    /// Respondents of each campaign as independent samples; shown when
    /// each campaign has at least `suppression.overall` scores.
    pub independent: Shown<IndependentChange>,
    /// Cell means paired by cell, over the cells with at least
    /// `suppression.breakdown` scores in both campaigns (each cell is a
    /// group of a breakdown); shown for [`MIN_PAIRED_CELLS`] cells or more.
    pub by_cell: Shown<PairedChange>,
}

/// After minus before, respondents as independent samples.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndependentChange {
    pub n_before: u32,
    pub n_after: u32,
    pub mean_before: f64,
    pub mean_after: f64,
    /// mean_after − mean_before with Welch's interval.
    pub difference: f64,
    pub ci: (f64, f64),
    /// Welch's t test.
    pub t: f64,
    pub df: f64,
    pub p: f64,
    /// Hedges' g (after vs before) with its interval.
    pub hedges_g: f64,
    pub hedges_g_ci: (f64, f64),
    /// Mann–Whitney U of the after sample (normal approximation with
    /// continuity correction when ties, as SciPy's default).
    pub mann_whitney_u: f64,
    pub mann_whitney_p: f64,
    /// Rank-biserial correlation 2U/(n₁n₂) − 1.
    pub rank_biserial: f64,
}

/// The fewest cells a paired comparison is shown for: with two, the mean
/// difference and its standard deviation give back each cell's change.
pub const MIN_PAIRED_CELLS: usize = 3;

/// After minus before, cell means paired by cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairedChange {
    pub cells: u32,
    pub mean_difference: f64,
    pub ci: (f64, f64),
    pub t: f64,
    pub df: f64,
    pub p: f64,
    /// Cohen's d_z of the cell differences with its interval.
    pub dz: f64,
    pub dz_ci: (f64, f64),
}

/// Per construct, the scores of the plan's respondents and their sums by
/// plan cell.
struct Wave {
    scores: Vec<Vec<f64>>,
    /// Per construct, per plan cell: (n, sum).
    cells: Vec<Vec<(u32, f64)>>,
}

fn wave(matrix: &ResponseMatrix, plan: &UnitPlan) -> Wave {
    let layout = &matrix.codebook.layout;
    let by_row = matrix.plan_cells(plan);
    let rows = row_scores(matrix, layout);
    let c = layout.constructs.len();
    let mut scores = vec![Vec::new(); c];
    let mut cells = vec![vec![(0u32, 0.0); plan.cells.len()]; c];
    for (row, cell) in by_row.into_iter().enumerate() {
        let Some(cell) = cell else {
            continue;
        };
        for j in 0..c {
            let x = rows.get(row, j);
            if !x.is_nan() {
                scores[j].push(x);
                cells[j][cell].0 += 1;
                cells[j][cell].1 += x;
            }
        }
    }
    Wave { scores, cells }
}

fn independent(before: &[f64], after: &[f64], k: u32) -> Shown<IndependentChange> {
    if (before.len() as u64) < u64::from(k.max(2)) || (after.len() as u64) < u64::from(k.max(2)) {
        return Shown::Hidden(Hidden::FewerThanK);
    }
    let computed = (|| {
        let welch = t_test_two_sample(after, before, true, Alternative::TwoSided, LEVEL).ok()?;
        let g = hedges_g(after, before, LEVEL).ok()?;
        let mw = mann_whitney(
            after,
            before,
            RankMethod::Auto { continuity: true },
            Alternative::TwoSided,
        )
        .ok()?;
        let rbc = rank_biserial_independent(after, before).ok()?;
        let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
        Some(IndependentChange {
            n_before: before.len() as u32,
            n_after: after.len() as u32,
            mean_before: mean(before),
            mean_after: mean(after),
            difference: welch.estimate,
            ci: welch.ci,
            t: welch.test.statistic,
            df: welch.test.df.unwrap_or(f64::NAN),
            p: welch.test.p_value,
            hedges_g: g.estimate,
            hedges_g_ci: g.ci,
            mann_whitney_u: mw.statistic,
            mann_whitney_p: mw.p_value,
            rank_biserial: rbc,
        })
    })();
    computed.map_or(Shown::Hidden(Hidden::NotComputable), Shown::Shown)
}

fn paired(before: &[(u32, f64)], after: &[(u32, f64)], k: u32) -> Shown<PairedChange> {
    let k = k.max(1);
    let (x, y): (Vec<f64>, Vec<f64>) = after
        .iter()
        .zip(before)
        .filter(|(a, b)| a.0 >= k && b.0 >= k)
        .map(|(a, b)| (a.1 / f64::from(a.0), b.1 / f64::from(b.0)))
        .unzip();
    if x.len() < MIN_PAIRED_CELLS {
        return Shown::Hidden(Hidden::FewerThanK);
    }
    let computed = (|| {
        let t = t_test_paired(&x, &y, Alternative::TwoSided, LEVEL).ok()?;
        let dz = cohens_dz(&x, &y, LEVEL).ok()?;
        Some(PairedChange {
            cells: x.len() as u32,
            mean_difference: t.estimate,
            ci: t.ci,
            t: t.test.statistic,
            df: t.test.df.unwrap_or(f64::NAN),
            p: t.test.p_value,
            dz: dz.estimate,
            dz_ci: dz.ci,
        })
    })();
    computed.map_or(Shown::Hidden(Hidden::NotComputable), Shown::Shown)
}

/// Compares each construct between `before` and `after` (two campaigns of
/// the same instrument) over the plan's cells. Constructs are matched by
/// name; a construct missing from either campaign is left out.
pub fn compare_campaigns(
    before: &ResponseMatrix,
    after: &ResponseMatrix,
    plan: &UnitPlan,
    suppression: Suppression,
) -> CampaignComparison {
    let (wb, wa) = (wave(before, plan), wave(after, plan));
    let names_before = &before.codebook.layout.constructs;
    let (k, cell_k) = (suppression.overall, suppression.breakdown);
    let constructs = after
        .codebook
        .layout
        .constructs
        .iter()
        .enumerate()
        .filter_map(|(ja, construct)| {
            let jb = names_before.iter().position(|c| c.name == construct.name)?;
            Some(ConstructChange {
                construct: construct.name.clone(),
                independent: independent(&wb.scores[jb], &wa.scores[ja], k),
                by_cell: paired(&wb.cells[jb], &wa.cells[ja], cell_k),
            })
        })
        .collect();
    CampaignComparison { constructs }
}
