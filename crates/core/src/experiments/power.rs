//! The power of a design before its start. From the baseline meetings of
//! the design's cells, the one-way ANOVA estimates of the variance between
//! cells and within them (unbalanced cells: n₀ = (N − Σnⱼ²/N)/(G − 1))
//! give the intra-cell correlation ρ and the total variance σ². Each cell
//! is then summarized by its change, the mean of its `m` intervention
//! meetings less the mean of as many baseline meetings, whose standard
//! deviation is σ·√(2(1 − ρ)/m) when the cell effect is stable (an
//! optimistic assumption, said so). The analyses are t tests on those
//! changes: paired within the pilot, two groups (pilot against comparison)
//! for the difference in differences; their minimum detectable effects at
//! 80 % power and α = 0.05 come from chibo-stats (statsmodels'
//! `TTestPower`/`TTestIndPower`), in the outcome's units and in units of
//! σ, for the design and for more cells in the same ratio. When the design
//! cannot detect a plausible effect (by default 0.3 σ), the report says so
//! and how many pilot cells would.

use chibo_domain::experiment::{Design, Outcome};
use chibo_domain::{Message, UnitCode};
use chibo_stats::Alternative;
use chibo_stats::design::{Design as TestDesign, minimum_detectable_effect, sample_size};

use super::evaluate::stats_message;
use super::outcomes::{MeetingOutcome, meeting_index, regular_meetings};
use super::records::ExperimentAccess;
use crate::access::Permission;
use crate::{CoreError, Db};

pub const ALPHA: f64 = 0.05;
pub const POWER: f64 = 0.8;
/// A plausible effect of a meeting model, in standard deviations of the
/// outcome across meetings.
pub const PLAUSIBLE_EFFECT: f64 = 0.3;

/// Variance components of one outcome over the baseline meetings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Components {
    pub cells: usize,
    pub meetings: usize,
    pub mean: f64,
    pub between: f64,
    pub within: f64,
}

impl Components {
    pub fn total(&self) -> f64 {
        self.between + self.within
    }

    /// ρ = σ²_between / σ²; 0 when there is no variance at all.
    pub fn icc(&self) -> f64 {
        let total = self.total();
        if total > 0.0 {
            self.between / total
        } else {
            0.0
        }
    }
}

/// One-way ANOVA variance components of `groups` (each a cell's values);
/// `None` with fewer than two cells or no meeting beyond one per cell.
pub fn variance_components(groups: &[Vec<f64>]) -> Option<Components> {
    let groups: Vec<&Vec<f64>> = groups.iter().filter(|g| !g.is_empty()).collect();
    let g = groups.len();
    let n: usize = groups.iter().map(|v| v.len()).sum();
    if g < 2 || n <= g {
        return None;
    }
    let grand = groups.iter().flat_map(|v| v.iter()).sum::<f64>() / n as f64;
    let mut ssb = 0.0;
    let mut ssw = 0.0;
    let mut sum_sq_sizes = 0.0;
    for values in &groups {
        let size = values.len() as f64;
        let m = values.iter().sum::<f64>() / size;
        ssb += size * (m - grand).powi(2);
        ssw += values.iter().map(|v| (v - m).powi(2)).sum::<f64>();
        sum_sq_sizes += size * size;
    }
    let (gf, nf) = (g as f64, n as f64);
    let msb = ssb / (gf - 1.0);
    let msw = ssw / (nf - gf);
    let n0 = (nf - sum_sq_sizes / nf) / (gf - 1.0);
    Some(Components {
        cells: g,
        meetings: n,
        mean: grand,
        between: ((msb - msw) / n0).max(0.0),
        within: msw,
    })
}

/// A minimum detectable effect, in the outcome's units and in σ.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mde {
    pub raw: f64,
    pub in_sd: f64,
}

/// One design size.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignSize {
    pub pilot_cells: usize,
    pub comparison_cells: usize,
    pub within: Result<Mde, Message>,
    pub did: Result<Mde, Message>,
}

/// One outcome's power report.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomePower {
    pub outcome: Outcome,
    pub components: Option<Components>,
    /// The design itself first, then more cells in the same ratio.
    pub sizes: Vec<DesignSize>,
    /// Whether the design's DiD (or, without comparison cells, its paired
    /// test) detects `PLAUSIBLE_EFFECT`.
    pub detects_plausible: bool,
    /// Pilot cells needed for the plausible effect, in the design's ratio.
    pub pilot_cells_needed: Option<usize>,
}

/// The power report of a design.
#[derive(Debug, Clone, PartialEq)]
pub struct PowerReport {
    pub meetings_per_cell: u32,
    pub outcomes: Vec<OutcomePower>,
}

fn change_sd(c: &Components, m: f64) -> f64 {
    (c.within * 2.0 / m).sqrt()
}

fn mde(design: TestDesign, c: &Components, m: f64) -> Result<Mde, Message> {
    let d = minimum_detectable_effect(design, ALPHA, POWER, Alternative::TwoSided)
        .map_err(|e| stats_message(&e))?;
    let raw = d * change_sd(c, m);
    let sd = c.total().sqrt();
    Ok(Mde {
        raw,
        in_sd: if sd > 0.0 { raw / sd } else { f64::INFINITY },
    })
}

fn size(c: &Components, m: f64, pilot: usize, comparison: usize) -> DesignSize {
    let within = mde(TestDesign::Paired { n: pilot as f64 }, c, m);
    let did = if comparison == 0 {
        Err(Message::new("experiment-power-no-comparison"))
    } else {
        mde(
            TestDesign::TwoGroup {
                n1: pilot as f64,
                ratio: comparison as f64 / pilot as f64,
            },
            c,
            m,
        )
    };
    DesignSize {
        pilot_cells: pilot,
        comparison_cells: comparison,
        within,
        did,
    }
}

/// The report for `design` from its cells' baseline meetings (pure).
pub fn power_of(design: &Design, baseline: &[MeetingOutcome]) -> PowerReport {
    let m = f64::from(design.intervention_meetings.max(1));
    let pilot = design.pilot.len();
    let comparison = design.comparison.len();
    let cells: Vec<&UnitCode> = design
        .pilot
        .iter()
        .chain(design.comparison.iter().map(|c| &c.cell))
        .collect();
    let outcomes = design
        .outcomes
        .iter()
        .filter_map(|o| meeting_index(o).map(|i| (o, i)))
        .map(|(outcome, index)| {
            let groups: Vec<Vec<f64>> = cells
                .iter()
                .map(|cell| {
                    baseline
                        .iter()
                        .filter(|b| &&b.cell == cell)
                        .filter_map(|b| b.values[index])
                        .collect()
                })
                .collect();
            let components = variance_components(&groups);
            let Some(c) = components else {
                return OutcomePower {
                    outcome: outcome.clone(),
                    components,
                    sizes: Vec::new(),
                    detects_plausible: false,
                    pilot_cells_needed: None,
                };
            };
            let sizes: Vec<DesignSize> = [1, 2, 3, 4]
                .into_iter()
                .map(|k| size(&c, m, pilot * k, comparison * k))
                .collect();
            let first = sizes.first().map(|s| {
                if comparison > 0 {
                    s.did.clone()
                } else {
                    s.within.clone()
                }
            });
            let detects_plausible =
                matches!(first, Some(Ok(found)) if found.in_sd <= PLAUSIBLE_EFFECT);
            let sd = c.total().sqrt();
            let effect = PLAUSIBLE_EFFECT * sd / change_sd(&c, m);
            let needed = if comparison > 0 {
                sample_size(
                    TestDesign::TwoGroup {
                        n1: 2.0,
                        ratio: comparison as f64 / pilot.max(1) as f64,
                    },
                    effect,
                    ALPHA,
                    POWER,
                    Alternative::TwoSided,
                )
            } else {
                sample_size(
                    TestDesign::Paired { n: 2.0 },
                    effect,
                    ALPHA,
                    POWER,
                    Alternative::TwoSided,
                )
            };
            OutcomePower {
                outcome: outcome.clone(),
                components,
                sizes,
                detects_plausible,
                pilot_cells_needed: needed
                    .ok()
                    .filter(|n| n.is_finite() && *n < 1e6)
                    .map(|n| n.ceil() as usize),
            }
        })
        .collect();
    PowerReport {
        meetings_per_cell: design.intervention_meetings,
        outcomes,
    }
}

/// The power report of an experiment's design from its cells' baseline.
pub async fn design_power<P: Permission>(
    db: &Db,
    access: &ExperimentAccess<P>,
) -> Result<PowerReport, CoreError> {
    let design = &access.experiment().design;
    let cells: Vec<UnitCode> = design.cells().into_iter().map(|(c, _)| c).collect();
    let baseline = regular_meetings(db, &cells, design.baseline.from, design.baseline.to).await?;
    Ok(power_of(design, &baseline))
}
