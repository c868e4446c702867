//! Comparison cells proposed for pilot cells: for each pilot cell, the
//! cells of the same sector and size band whose baseline indicators are
//! closest. Indicators are put on one scale by their standard deviation
//! over every cell considered, and the distance is the sum of squared
//! standardized differences (an indicator missing on either side counts
//! one standard deviation: unknown is not close). Matching is greedy and
//! without replacement, so its result depends on the order the pilot cells
//! choose in and on how ties break; both come from the seed, which the
//! design records, so the same seed and data give the same proposal.

use std::collections::BTreeSet;

use crate::rng::SeededRng;
use crate::{SectorCode, UnitCode};

/// A cell that may be matched, with its baseline indicators in a fixed
/// order shared by every candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub cell: UnitCode,
    pub sector: SectorCode,
    pub size_band: &'static str,
    pub baseline: Vec<Option<f64>>,
}

/// A pilot cell and the comparison cell proposed for it, if any cell of
/// its sector and size band was left.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub pilot: UnitCode,
    pub comparison: Option<UnitCode>,
    /// The standardized distance between their baselines.
    pub distance: Option<f64>,
}

/// Proposes one comparison cell per pilot cell from `pool` (which may hold
/// the pilot cells themselves; they and `excluded` are never proposed).
/// Pairs come back in the order of `pilots`.
pub fn propose_comparisons(
    pilots: &[Candidate],
    pool: &[Candidate],
    excluded: &BTreeSet<UnitCode>,
    seed: u64,
) -> Vec<Pair> {
    let width = pilots
        .iter()
        .chain(pool)
        .map(|c| c.baseline.len())
        .max()
        .unwrap_or(0);
    let scale = scales(pilots.iter().chain(pool), width);
    let mut rng = SeededRng::new(seed);
    let pilot_codes: BTreeSet<&UnitCode> = pilots.iter().map(|p| &p.cell).collect();
    // One random key per candidate breaks ties in distance.
    let mut open: Vec<(u64, &Candidate)> = pool
        .iter()
        .filter(|c| !pilot_codes.contains(&c.cell) && !excluded.contains(&c.cell))
        .map(|c| (rng.next_u64(), c))
        .collect();
    let mut order: Vec<(u64, usize)> = (0..pilots.len()).map(|i| (rng.next_u64(), i)).collect();
    order.sort_unstable();
    let mut pairs: Vec<Option<Pair>> = vec![None; pilots.len()];
    for (_, index) in order {
        let pilot = &pilots[index];
        let best = open
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| c.sector == pilot.sector && c.size_band == pilot.size_band)
            .map(|(at, (key, c))| (distance(&pilot.baseline, &c.baseline, &scale), *key, at))
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        pairs[index] = Some(match best {
            Some((dist, _, at)) => {
                let (_, chosen) = open.swap_remove(at);
                Pair {
                    pilot: pilot.cell.clone(),
                    comparison: Some(chosen.cell.clone()),
                    distance: Some(dist),
                }
            }
            None => Pair {
                pilot: pilot.cell.clone(),
                comparison: None,
                distance: None,
            },
        });
    }
    pairs.into_iter().flatten().collect()
}

/// Each indicator's standard deviation over the cells (1 when it cannot
/// be estimated, so a constant indicator weighs by its raw difference).
fn scales<'a>(cells: impl Iterator<Item = &'a Candidate>, width: usize) -> Vec<f64> {
    let mut sums = vec![(0.0f64, 0.0f64, 0usize); width];
    for cell in cells {
        for (sum, value) in sums.iter_mut().zip(&cell.baseline) {
            if let Some(v) = value.filter(|v| v.is_finite()) {
                sum.0 += v;
                sum.1 += v * v;
                sum.2 += 1;
            }
        }
    }
    sums.into_iter()
        .map(|(s, ss, n)| {
            if n < 2 {
                return 1.0;
            }
            let n = n as f64;
            let var = (ss - s * s / n) / (n - 1.0);
            if var > 1e-12 { var.sqrt() } else { 1.0 }
        })
        .collect()
}

fn distance(a: &[Option<f64>], b: &[Option<f64>], scale: &[f64]) -> f64 {
    scale
        .iter()
        .enumerate()
        .map(|(i, s)| {
            match (
                a.get(i).copied().flatten().filter(|v| v.is_finite()),
                b.get(i).copied().flatten().filter(|v| v.is_finite()),
            ) {
                (Some(x), Some(y)) => ((x - y) / s).powi(2),
                _ => 1.0,
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(cell: &str, sector: &str, band: &'static str, baseline: &[f64]) -> Candidate {
        Candidate {
            cell: UnitCode::parse(cell).unwrap(),
            sector: SectorCode::parse(sector).unwrap(),
            size_band: band,
            baseline: baseline.iter().map(|v| Some(*v)).collect(),
        }
    }

    fn codes(pairs: &[Pair]) -> Vec<Option<&str>> {
        pairs
            .iter()
            .map(|p| p.comparison.as_ref().map(UnitCode::as_str))
            .collect()
    }

    #[test]
    fn the_closest_cell_of_the_same_sector_and_band_is_proposed() {
        let pilots = [
            cand("P1", "commune", "10-19", &[70.0, 0.8]),
            cand("P2", "police", "20-29", &[60.0, 0.9]),
        ];
        let pool = [
            cand("A", "commune", "10-19", &[50.0, 0.8]),
            cand("B", "commune", "10-19", &[71.0, 0.79]),
            cand("C", "commune", "20-29", &[70.0, 0.8]),
            cand("D", "police", "20-29", &[61.0, 0.9]),
            cand("E", "enterprise", "20-29", &[60.0, 0.9]),
            pilots[0].clone(),
        ];
        let pairs = propose_comparisons(&pilots, &pool, &BTreeSet::new(), 7);
        assert_eq!(codes(&pairs), [Some("B"), Some("D")]);
        let excluded = BTreeSet::from([UnitCode::parse("B").unwrap()]);
        let pairs = propose_comparisons(&pilots, &pool, &excluded, 7);
        assert_eq!(codes(&pairs), [Some("A"), Some("D")]);
    }

    #[test]
    fn no_cell_is_proposed_twice_and_a_pilot_without_one_is_told() {
        let pilots = [
            cand("P1", "commune", "10-19", &[70.0]),
            cand("P2", "commune", "10-19", &[70.0]),
        ];
        let pool = [cand("A", "commune", "10-19", &[70.0])];
        let pairs = propose_comparisons(&pilots, &pool, &BTreeSet::new(), 1);
        let found: Vec<_> = codes(&pairs).into_iter().flatten().collect();
        assert_eq!(found, ["A"]);
        assert!(
            pairs
                .iter()
                .any(|p| p.comparison.is_none() && p.distance.is_none())
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_proposal_and_ties_follow_the_seed() {
        let pilots = [cand("P1", "commune", "10-19", &[70.0])];
        let pool: Vec<Candidate> = (0..20)
            .map(|i| cand(&format!("T{i}"), "commune", "10-19", &[70.0]))
            .collect();
        let first = propose_comparisons(&pilots, &pool, &BTreeSet::new(), 42);
        assert_eq!(
            first,
            propose_comparisons(&pilots, &pool, &BTreeSet::new(), 42)
        );
        let chosen: BTreeSet<_> = (0..20)
            .map(|seed| {
                propose_comparisons(&pilots, &pool, &BTreeSet::new(), seed)[0]
                    .comparison
                    .clone()
            })
            .collect();
        assert!(chosen.len() > 1, "ties always broken the same way");
    }
}
