//! Effect sizes with confidence intervals.
//!
//! Cohen's d, Hedges' g and d_z intervals use the normal approximation of the standard error
//! with a Student t critical value, exactly as pingouin `compute_esci` (see docs/statistics.md).

use crate::descriptive::{mean, rank_average, variance};
use crate::error::{Result, StatsError, check_level, finite, need};
use crate::hypothesis::differences;
use crate::special::t_ppf;

/// An effect size with a two-sided confidence interval.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectSize {
    /// Point estimate.
    pub estimate: f64,
    /// Two-sided confidence interval.
    pub ci: (f64, f64),
    /// Confidence level.
    pub level: f64,
}

fn esci(stat: f64, se: f64, dof: f64, level: f64) -> (f64, f64) {
    let crit = t_ppf(0.5 + level / 2.0, dof);
    (stat - crit * se, stat + crit * se)
}

fn two_sample_d(x: &[f64], y: &[f64]) -> Result<(f64, f64, f64)> {
    finite("x", x)?;
    finite("y", y)?;
    need("sample x", 2, x.len())?;
    need("sample y", 2, y.len())?;
    let (nx, ny) = (x.len() as f64, y.len() as f64);
    let dof = nx + ny - 2.0;
    let sp = (((nx - 1.0) * variance(x) + (ny - 1.0) * variance(y)) / dof).sqrt();
    if sp <= 0.0 {
        return Err(StatsError::ZeroVariance("pooled standard deviation"));
    }
    Ok(((mean(x) - mean(y)) / sp, nx, ny))
}

fn two_sample_se(stat: f64, nx: f64, ny: f64) -> f64 {
    ((nx + ny) / (nx * ny) + stat * stat / (2.0 * (nx + ny))).sqrt()
}

/// Cohen's d with pooled SD: (mean(x) − mean(y)) / s_p, s_p² = ((n₁−1)s₁² + (n₂−1)s₂²)/(n₁+n₂−2)
/// (pingouin `compute_effsize(x, y, paired=False, eftype="cohen")`). CI: d ± t_{n₁+n₂−2} · SE
/// with SE = sqrt((n₁+n₂)/(n₁n₂) + d²/(2(n₁+n₂))).
pub fn cohens_d(x: &[f64], y: &[f64], level: f64) -> Result<EffectSize> {
    check_level(level)?;
    let (d, nx, ny) = two_sample_d(x, y)?;
    Ok(EffectSize {
        estimate: d,
        ci: esci(d, two_sample_se(d, nx, ny), nx + ny - 2.0, level),
        level,
    })
}

/// Hedges' g = d · (1 − 3/(4(n₁+n₂) − 9)) — the common approximation of the exact gamma-function
/// correction J(n₁+n₂−2), as pingouin `convert_effsize(..., "hedges")`. CI as for d, with g in
/// place of d (pingouin `compute_esci(eftype="hedges")`).
pub fn hedges_g(x: &[f64], y: &[f64], level: f64) -> Result<EffectSize> {
    check_level(level)?;
    let (d, nx, ny) = two_sample_d(x, y)?;
    let g = d * (1.0 - 3.0 / (4.0 * (nx + ny) - 9.0));
    Ok(EffectSize {
        estimate: g,
        ci: esci(g, two_sample_se(g, nx, ny), nx + ny - 2.0, level),
        level,
    })
}

/// Cohen's d_z for paired data: mean(x − y) / sd(x − y) (pingouin `compute_effsize(...,
/// paired=True, eftype="cohen_dz")`). CI: d_z ± t_{n−1} · sqrt(1/n + d_z²/(2n)) (pingouin
/// `compute_esci(paired=True)`).
pub fn cohens_dz(x: &[f64], y: &[f64], level: f64) -> Result<EffectSize> {
    check_level(level)?;
    let d = differences(x, y)?;
    need("pairs", 2, d.len())?;
    let sd = variance(&d).sqrt();
    if sd <= 0.0 {
        return Err(StatsError::ZeroVariance("differences"));
    }
    let dz = mean(&d) / sd;
    let n = d.len() as f64;
    let se = (1.0 / n + dz * dz / (2.0 * n)).sqrt();
    Ok(EffectSize {
        estimate: dz,
        ci: esci(dz, se, n - 1.0, level),
        level,
    })
}

/// Rank-biserial correlation for two independent samples: 2U₁/(n₁n₂) − 1, where U₁ is the
/// Mann–Whitney U of `x` (pingouin `mwu` column `RBC`). Positive when x tends to exceed y.
pub fn rank_biserial_independent(x: &[f64], y: &[f64]) -> Result<f64> {
    finite("x", x)?;
    finite("y", y)?;
    need("sample x", 1, x.len())?;
    need("sample y", 1, y.len())?;
    let all: Vec<f64> = x.iter().chain(y).copied().collect();
    let (r, _) = rank_average(&all);
    let n1 = x.len() as f64;
    let n2 = y.len() as f64;
    let u1 = r[..x.len()].iter().sum::<f64>() - n1 * (n1 + 1.0) / 2.0;
    Ok(2.0 * u1 / (n1 * n2) - 1.0)
}

/// Matched-pairs rank-biserial correlation (Kerby 2014): (T+ − T−)/(T+ + T−) over the non-zero
/// differences x − y (pingouin `wilcoxon` column `RBC`, two-sided).
pub fn rank_biserial_paired(x: &[f64], y: &[f64]) -> Result<f64> {
    let d: Vec<f64> = differences(x, y)?
        .into_iter()
        .filter(|v| *v != 0.0)
        .collect();
    need("non-zero differences", 1, d.len())?;
    let abs: Vec<f64> = d.iter().map(|v| v.abs()).collect();
    let (r, _) = rank_average(&abs);
    let tp: f64 = d
        .iter()
        .zip(&r)
        .filter(|(v, _)| **v > 0.0)
        .map(|(_, r)| r)
        .sum();
    let tm: f64 = d
        .iter()
        .zip(&r)
        .filter(|(v, _)| **v < 0.0)
        .map(|(_, r)| r)
        .sum();
    Ok((tp - tm) / (tp + tm))
}

/// Eta squared of a one-way layout: SS_between / SS_total, the share of the total sum of
/// squares explained by the groups (pingouin `anova(..., effsize="n2")` column `n2`; for a
/// one-way design equal to its default partial eta squared `np2`).
pub fn eta_squared(groups: &[&[f64]]) -> Result<f64> {
    need("groups", 2, groups.len())?;
    for g in groups {
        finite("group", g)?;
        need("observations per group", 1, g.len())?;
    }
    let all: Vec<f64> = groups.iter().flat_map(|g| g.iter().copied()).collect();
    let grand = mean(&all);
    let ss_total: f64 = all.iter().map(|v| (v - grand).powi(2)).sum();
    if ss_total <= 0.0 {
        return Err(StatsError::ZeroVariance("all observations"));
    }
    let ss_between: f64 = groups
        .iter()
        .map(|g| g.len() as f64 * (mean(g) - grand).powi(2))
        .sum();
    Ok(ss_between / ss_total)
}

/// Eta squared from a frequency table (`counts[v][g]` observations of group g equal
/// `values[v]`), as [`eta_squared`] on the expanded data.
pub fn eta_squared_from_counts(values: &[f64], counts: &[Vec<u64>]) -> Result<f64> {
    let layout = crate::hypothesis::counted_layout(values, counts)?;
    let total = layout.ss_between + layout.ss_within;
    if total <= 0.0 {
        return Err(StatsError::ZeroVariance("all observations"));
    }
    Ok(layout.ss_between / total)
}

/// Epsilon squared of a Kruskal–Wallis test: ε² = H / ((n² − 1)/(n + 1)) = H/(n − 1), with n
/// the total number of observations (Tomczak & Tomczak 2014, eq. 7; R `rcompanion::
/// epsilonSquared`). Between 0 and 1 for the tie-corrected H.
pub fn epsilon_squared(h: f64, n: usize) -> Result<f64> {
    need("observations", 2, n)?;
    if !h.is_finite() || h < 0.0 {
        return Err(StatsError::InvalidParameter(format!(
            "Kruskal-Wallis H must be finite and non-negative, got {h}"
        )));
    }
    let n = n as f64;
    Ok(h / ((n * n - 1.0) / (n + 1.0)))
}
