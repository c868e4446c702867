//! Staggered adoption: the group-time average treatment effects of
//! Callaway & Sant'Anna (2021, "Difference-in-Differences with multiple
//! time periods", J. Econometrics 225(2)), unconditional (no covariates),
//! with **not-yet-treated** units as controls, aggregated by event time.
//!
//! Why not two-way fixed effects: with adoption at different dates, the
//! TWFE coefficient compares late adopters with early adopters already
//! treated, weighting some effects negatively (Goodman-Bacon 2021); the
//! group-time estimates compare each wave only with units not treated yet.
//!
//! Definitions (periods are integers, e.g. months counted from year 0):
//! - a unit's group `g` is its first treated period; `None` never treated.
//!   A group at or before the first observed period has no pre-period and
//!   is left out; a group after the last period counts as never treated;
//! - base period (the R package `did`'s default `base_period = "varying"`):
//!   `g − 1` for `t ≥ g`, and `t − 1` for `t < g` (pre-trends period by
//!   period);
//! - ATT(g, t) = mean over units of group g of `y_t − y_base` minus the same
//!   mean over the controls: units never treated or first treated after
//!   `max(t, base)`, other than g. A unit enters a comparison only when both
//!   its `y_t` and `y_base` are observed (unbalanced panels are used pair by
//!   pair); an ATT(g, t) without a treated unit or a control is not
//!   estimated;
//! - event time `e = t − g`; ATT(e) = Σ_g n_g ATT(g, g + e) / Σ_g n_g over
//!   the groups where ATT(g, g + e) is estimated, `n_g` the group's units;
//!   the overall effect is the mean of ATT(e) over `e ≥ 0` in the window
//!   (`did`'s "dynamic" aggregation).
//!
//! Standard errors: a **cluster (unit) bootstrap**: each replicate draws
//! as many units as there are, with replacement, with [`crate::Rng`]
//! (`below(n)` per draw, in order), recomputes every estimate above on
//! the drawn units (a unit drawn twice counts twice, in the group sizes
//! too), and the standard error is the replicates' standard deviation
//! (n − 1), the interval their type-7 percentiles. A replicate where an
//! estimate is not estimable is left out for that estimate alone.

use std::collections::{BTreeMap, BTreeSet};

use crate::bootstrap::{Rng, percentile_interval};
use crate::error::{finite, invalid, need, same_lengths};
use crate::{Result, StatsError};

/// Bounds and settings of an estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaggeredOptions {
    /// Event times kept, both ends included (e.g. −6 and 6).
    pub min_event: i64,
    pub max_event: i64,
    /// Bootstrap replicates (0: point estimates only).
    pub resamples: usize,
    pub seed: u64,
    /// Confidence level of the intervals, in (0, 1).
    pub level: f64,
}

/// One group-time effect.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupTimeEffect {
    pub group: i64,
    pub period: i64,
    pub att: f64,
    /// Units of the group, and controls, with both periods observed.
    pub treated: usize,
    pub controls: usize,
}

/// A bootstrap summary of one estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct Spread {
    pub se: f64,
    pub ci: (f64, f64),
    /// Replicates where the estimate was estimable.
    pub replicates: usize,
}

/// The effect `event` periods after adoption (negative: before).
#[derive(Debug, Clone, PartialEq)]
pub struct EventEffect {
    pub event: i64,
    pub att: f64,
    /// Groups that entered, and their units.
    pub groups: usize,
    pub units: usize,
    /// `None` without resamples or with fewer than 2 estimable replicates.
    pub spread: Option<Spread>,
}

/// Everything the estimator returns.
#[derive(Debug, Clone, PartialEq)]
pub struct StaggeredEstimate {
    pub group_time: Vec<GroupTimeEffect>,
    pub event_time: Vec<EventEffect>,
    /// Mean of the post-adoption event effects; `None` when none exists.
    pub overall: Option<f64>,
    pub overall_spread: Option<Spread>,
    pub resamples: usize,
}

/// The panel in dense form: one row of periods per unit.
struct Panel {
    periods: Vec<i64>,
    /// `values[unit][period index]`.
    values: Vec<Vec<Option<f64>>>,
    /// Groups kept (treated inside the observed periods, after the first).
    group: Vec<Option<i64>>,
}

impl Panel {
    fn index(&self, period: i64) -> Option<usize> {
        self.periods.binary_search(&period).ok()
    }
}

/// Point estimates under unit weights `w` (multiplicities of a draw).
struct Point {
    group_time: Vec<GroupTimeEffect>,
    event: BTreeMap<i64, (f64, usize, usize)>,
    overall: Option<f64>,
}

/// Callaway & Sant'Anna group-time ATTs with not-yet-treated controls,
/// aggregated by event time, with a unit bootstrap (see the module).
///
/// `unit[i]`, `period[i]`, `y[i]` are one observation; `first_treated[u]`
/// is unit u's first treated period (units are `0..first_treated.len()`).
pub fn callaway_santanna(
    unit: &[usize],
    period: &[i64],
    y: &[f64],
    first_treated: &[Option<i64>],
    options: &StaggeredOptions,
) -> Result<StaggeredEstimate> {
    same_lengths(unit.len(), &[("period", period.len()), ("y", y.len())])?;
    finite("y", y)?;
    if options.min_event > options.max_event {
        return Err(invalid("min_event must not exceed max_event"));
    }
    if options.resamples > 0 && !(options.level > 0.0 && options.level < 1.0) {
        return Err(invalid("level must be in (0, 1)"));
    }
    let n = first_treated.len();
    need("units", 2, n)?;
    if let Some(&u) = unit.iter().find(|&&u| u >= n) {
        return Err(invalid(format!("unit {u} has no first treated period")));
    }
    let periods: Vec<i64> = period
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    need("periods", 2, periods.len())?;
    let (first, last) = (periods[0], periods[periods.len() - 1]);
    let mut values = vec![vec![None; periods.len()]; n];
    for ((&u, &p), &v) in unit.iter().zip(period).zip(y) {
        let i = periods.binary_search(&p).map_err(|_| invalid("period"))?;
        if values[u][i].replace(v).is_some() {
            return Err(invalid(format!("unit {u} observed twice in period {p}")));
        }
    }
    let group = first_treated
        .iter()
        .map(|g| g.filter(|&g| g <= last))
        .collect();
    let panel = Panel {
        periods,
        values,
        group,
    };
    // Treated from the first observed period: no pre-period, left out.
    let keep: Vec<bool> = panel
        .group
        .iter()
        .map(|g| g.is_none_or(|g| g > first))
        .collect();
    let weights: Vec<f64> = keep.iter().map(|&k| if k { 1.0 } else { 0.0 }).collect();
    let point = estimate(&panel, &weights, options);
    if point.group_time.is_empty() {
        return Err(StatsError::TooFewObservations {
            what: "group-time comparisons (treated and not-yet-treated units)",
            needed: 1,
            got: 0,
        });
    }

    let mut event_draws: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
    let mut overall_draws = Vec::new();
    let mut rng = Rng::new(options.seed);
    for _ in 0..options.resamples {
        let mut w = vec![0.0; n];
        for _ in 0..n {
            let u = rng.below(n);
            if keep[u] {
                w[u] += 1.0;
            }
        }
        let draw = estimate(&panel, &w, options);
        for (e, (att, _, _)) in draw.event {
            event_draws.entry(e).or_default().push(att);
        }
        if let Some(o) = draw.overall {
            overall_draws.push(o);
        }
    }
    let spread = |draws: Option<&Vec<f64>>| -> Result<Option<Spread>> {
        match draws {
            Some(d) if d.len() >= 2 => Ok(Some(Spread {
                se: sd(d),
                ci: percentile_interval(d, options.level)?,
                replicates: d.len(),
            })),
            _ => Ok(None),
        }
    };
    let mut event_time = Vec::with_capacity(point.event.len());
    for (&event, &(att, groups, units)) in &point.event {
        event_time.push(EventEffect {
            event,
            att,
            groups,
            units,
            spread: spread(event_draws.get(&event))?,
        });
    }
    Ok(StaggeredEstimate {
        group_time: point.group_time,
        event_time,
        overall: point.overall,
        overall_spread: spread(Some(&overall_draws))?,
        resamples: options.resamples,
    })
}

fn estimate(panel: &Panel, w: &[f64], options: &StaggeredOptions) -> Point {
    let groups: BTreeSet<i64> = panel
        .group
        .iter()
        .zip(w)
        .filter(|(_, w)| **w > 0.0)
        .filter_map(|(g, _)| *g)
        .collect();
    let mut group_time = Vec::new();
    // event → (Σ n_g ATT, Σ n_g, groups, units)
    let mut sums: BTreeMap<i64, (f64, f64, usize, usize)> = BTreeMap::new();
    for &g in &groups {
        let size: f64 = panel
            .group
            .iter()
            .zip(w)
            .filter(|(gu, _)| **gu == Some(g))
            .map(|(_, w)| w)
            .sum();
        for &t in &panel.periods {
            let e = t - g;
            if e < options.min_event || e > options.max_event {
                continue;
            }
            let base = if t >= g { g - 1 } else { t - 1 };
            let (Some(ti), Some(bi)) = (panel.index(t), panel.index(base)) else {
                continue;
            };
            let horizon = t.max(base);
            let (mut tr, mut trw, mut co, mut cow) = (0.0, 0.0, 0.0, 0.0);
            let (mut ntr, mut nco) = (0usize, 0usize);
            for (u, row) in panel.values.iter().enumerate() {
                let wu = w[u];
                if wu == 0.0 {
                    continue;
                }
                let (Some(yt), Some(yb)) = (row[ti], row[bi]) else {
                    continue;
                };
                let gu = panel.group[u];
                if gu == Some(g) {
                    tr += wu * (yt - yb);
                    trw += wu;
                    ntr += 1;
                } else if gu.is_none_or(|gu| gu > horizon) {
                    co += wu * (yt - yb);
                    cow += wu;
                    nco += 1;
                }
            }
            if trw == 0.0 || cow == 0.0 {
                continue;
            }
            let att = tr / trw - co / cow;
            group_time.push(GroupTimeEffect {
                group: g,
                period: t,
                att,
                treated: ntr,
                controls: nco,
            });
            let entry = sums.entry(e).or_insert((0.0, 0.0, 0, 0));
            entry.0 += size * att;
            entry.1 += size;
            entry.2 += 1;
            entry.3 += ntr;
        }
    }
    let event: BTreeMap<i64, (f64, usize, usize)> = sums
        .into_iter()
        .map(|(e, (s, n, groups, units))| (e, (s / n, groups, units)))
        .collect();
    let post: Vec<f64> = event
        .iter()
        .filter(|(e, _)| **e >= 0)
        .map(|(_, v)| v.0)
        .collect();
    let overall = (!post.is_empty()).then(|| post.iter().sum::<f64>() / post.len() as f64);
    Point {
        group_time,
        event,
        overall,
    }
}

fn sd(xs: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(resamples: usize) -> StaggeredOptions {
        StaggeredOptions {
            min_event: -3,
            max_event: 3,
            resamples,
            seed: 1,
            level: 0.95,
        }
    }

    #[test]
    fn a_constant_effect_is_recovered_exactly() {
        // Four units over periods 1..=5: unit 0 treated from 3, unit 1 from
        // 4, units 2 and 3 never; a common trend plus 2 after adoption.
        let first = [Some(3), Some(4), None, None];
        let (mut u, mut p, mut y) = (vec![], vec![], vec![]);
        for (unit, group) in first.iter().enumerate() {
            for t in 1..=5i64 {
                let treated = group.is_some_and(|g| t >= g);
                u.push(unit);
                p.push(t);
                y.push(unit as f64 + 0.5 * t as f64 + if treated { 2.0 } else { 0.0 });
            }
        }
        let got = callaway_santanna(&u, &p, &y, &first, &options(0)).unwrap();
        for e in &got.event_time {
            let want = if e.event >= 0 { 2.0 } else { 0.0 };
            assert!((e.att - want).abs() < 1e-12, "{e:?}");
        }
        assert!((got.overall.unwrap() - 2.0).abs() < 1e-12);
        // Unit 1 (group 4) is a not-yet-treated control of group 3 at t = 3.
        let g3t3 = got
            .group_time
            .iter()
            .find(|g| g.group == 3 && g.period == 3)
            .unwrap();
        assert_eq!((g3t3.treated, g3t3.controls), (1, 3));
    }

    #[test]
    fn no_control_at_all_is_refused() {
        let first = [Some(2), Some(2)];
        let err = callaway_santanna(
            &[0, 0, 1, 1],
            &[1, 2, 1, 2],
            &[1.0, 2.0, 1.0, 3.0],
            &first,
            &options(0),
        );
        assert!(matches!(
            err,
            Err(StatsError::TooFewObservations { needed: 1, .. })
        ));
    }

    #[test]
    fn a_duplicate_observation_is_refused() {
        let err = callaway_santanna(
            &[0, 0, 1],
            &[1, 1, 2],
            &[1.0, 2.0, 3.0],
            &[None, None],
            &options(0),
        );
        assert!(matches!(err, Err(StatsError::InvalidParameter(_))));
    }
}
