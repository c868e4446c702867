//! Comparison cells proposed for an experiment's pilot cells among the
//! cells of its owner's subtree on the first and the last day of the
//! baseline (cells of running experiments left out), matched by the domain on sector, size
//! band (members on that day, the datasets' bands) and baseline
//! indicators, from a seed the design then records; and the balance of
//! the two arms on every baseline indicator.

use std::collections::{BTreeMap, BTreeSet};

use chibo_domain::UnitCode;
use chibo_domain::experiment::{
    BalanceRow, Candidate, ComparisonCell, Design, Pair, balance_table, propose_comparisons,
};

use super::outcomes::{BASELINE_INDICATORS, cell_baselines, regular_meetings};
use super::records::{ExperimentAccess, sector_of};
use crate::access::Permission;
use crate::datasets::size_band;
use crate::{CoreError, Db};

/// A proposal: one pair per pilot cell and the balance it would give.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub seed: u64,
    pub pairs: Vec<Pair>,
    /// Rows in the order of `BASELINE_INDICATORS`.
    pub balance: Vec<BalanceRow>,
    /// The cells considered.
    pub candidates: usize,
}

impl Proposal {
    /// `design` with the proposed comparison cells and the seed recorded.
    pub fn applied_to(&self, design: &Design) -> Design {
        let mut design = design.clone();
        design.comparison = self
            .pairs
            .iter()
            .filter_map(|p| {
                p.comparison.as_ref().map(|c| ComparisonCell {
                    cell: c.clone(),
                    matched_to: p.pilot.clone(),
                    reason: String::new(),
                })
            })
            .collect();
        design.matching_seed = Some(self.seed);
        design
    }
}

/// The cells a design may draw from, as candidates with their baselines:
/// one statement returns each cell with its members and the sums of its
/// baseline meetings, and the means are taken here as `cell_baselines`
/// takes them from the meetings.
async fn candidates(
    db: &Db,
    design: &Design,
    experiment: i64,
) -> Result<Vec<Candidate>, CoreError> {
    let rows = db
        .store()
        .comparison_candidates(
            &design.owner,
            design.baseline.from,
            design.baseline.to,
            Some(experiment),
        )
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let sector = sector_of(&row.sector)?;
            let mut baseline: Vec<Option<f64>> = row
                .sums
                .iter()
                .map(|(sum, n)| (*n > 0).then(|| sum / *n as f64))
                .collect();
            baseline.push(Some(row.held as f64));
            Some(Candidate {
                baseline,
                cell: row.cell,
                sector,
                size_band: size_band(row.members),
            })
        })
        .collect())
}

/// Proposes one comparison cell per pilot cell of the experiment's
/// design from `seed`, never one of `excluded` (the proposals staff
/// replaced). Nothing is written: apply it with `Proposal::applied_to`
/// and `revise_experiment`.
pub async fn propose_comparison<P: Permission>(
    db: &Db,
    access: &ExperimentAccess<P>,
    seed: u64,
    excluded: &BTreeSet<UnitCode>,
) -> Result<Proposal, CoreError> {
    let experiment = access.experiment();
    let design = &experiment.design;
    let pool = candidates(db, design, experiment.id).await?;
    let by_cell: BTreeMap<&UnitCode, &Candidate> = pool.iter().map(|c| (&c.cell, c)).collect();
    let pilots: Vec<Candidate> = design
        .pilot
        .iter()
        .filter_map(|p| by_cell.get(p).map(|c| (*c).clone()))
        .collect();
    let pairs = propose_comparisons(&pilots, &pool, excluded, seed);
    let vector = |cell: &UnitCode| {
        by_cell
            .get(cell)
            .map(|c| c.baseline.clone())
            .unwrap_or_default()
    };
    let pilot_rows: Vec<_> = pairs.iter().map(|p| vector(&p.pilot)).collect();
    let comparison_rows: Vec<_> = pairs
        .iter()
        .filter_map(|p| p.comparison.as_ref().map(vector))
        .collect();
    Ok(Proposal {
        seed,
        balance: balance_table(BASELINE_INDICATORS.len(), &pilot_rows, &comparison_rows),
        pairs,
        candidates: pool.len(),
    })
}

/// The balance of the design's pilot and comparison cells on every
/// baseline indicator (`BASELINE_INDICATORS`).
pub async fn balance_of<P: Permission>(
    db: &Db,
    access: &ExperimentAccess<P>,
) -> Result<Vec<BalanceRow>, CoreError> {
    let design = &access.experiment().design;
    let cells: Vec<UnitCode> = design.cells().into_iter().map(|(c, _)| c).collect();
    let meetings = regular_meetings(db, &cells, design.baseline.from, design.baseline.to).await?;
    let baselines = cell_baselines(&cells, &meetings);
    let rows = |codes: Vec<&UnitCode>| -> Vec<Vec<Option<f64>>> {
        codes
            .into_iter()
            .filter_map(|c| baselines.get(c).cloned())
            .collect()
    };
    Ok(balance_table(
        BASELINE_INDICATORS.len(),
        &rows(design.pilot.iter().collect()),
        &rows(design.comparison.iter().map(|c| &c.cell).collect()),
    ))
}
