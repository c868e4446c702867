//! Wild cluster bootstrap of the difference-in-differences coefficient β₃ of
//! y = β₀ + β₁T + β₂A + β₃TA + e, restricted (WCR, Cameron–Gelbach–Miller 2008; Roodman et al.
//! 2019's "fast and wild"): the model is fitted with β₃ = 0, giving fitted values ỹ and
//! residuals ũ; each replicate draws one Rademacher weight w_g ∈ {−1, 1} per cluster, forms
//! y* = ỹ + w_g ũ, refits the full model and computes the CR1 t statistic of β₃ (the
//! statsmodels cluster factor G/(G−1)·(n−1)/(n−k)). The p-value is the share of replicates with
//! |t*| ≥ |t| (two-sided, symmetric). When 2^G ≤ `resamples` every sign vector is enumerated
//! once, so the p-value is exact and does not depend on the seed. Every replicate works from
//! per-cluster sums (X_g'X_g, X_g'ỹ_g, X_g'ũ_g), so a replicate costs O(G), not O(n).

use std::collections::BTreeMap;

use crate::bootstrap::Rng;
use crate::error::{Result, StatsError, finite, need, same_lengths};
use crate::linalg::spd_inverse;

/// Result of the wild cluster bootstrap.
#[derive(Debug, Clone, PartialEq)]
pub struct WildBootstrap {
    /// β̂₃ on the data.
    pub estimate: f64,
    /// Its CR1 t statistic on the data.
    pub t: f64,
    /// Two-sided bootstrap p-value.
    pub p_value: f64,
    /// Replicates drawn (2^G when enumerated).
    pub resamples: usize,
    /// Whether every sign vector was enumerated.
    pub enumerated: bool,
    /// Number of clusters.
    pub clusters: usize,
}

const K: usize = 4;

fn row(t: bool, a: bool) -> [f64; K] {
    let (t, a) = (f64::from(u8::from(t)), f64::from(u8::from(a)));
    [1.0, t, a, t * a]
}

/// Restricted fit (β₃ = 0): fitted values of y on [1, T, A].
fn restricted_fit(y: &[f64], treated: &[bool], after: &[bool]) -> Result<Vec<f64>> {
    let mut xtx = [0.0f64; 9];
    let mut xty = [0.0f64; 3];
    for i in 0..y.len() {
        let x = row(treated[i], after[i]);
        for p in 0..3 {
            for q in 0..3 {
                xtx[p * 3 + q] += x[p] * x[q];
            }
            xty[p] += x[p] * y[i];
        }
    }
    let inv = spd_inverse(&xtx, 3)
        .map_err(|_| StatsError::Singular("restricted DiD design (need both arms and periods)"))?;
    let beta: Vec<f64> = (0..3)
        .map(|p| (0..3).map(|q| inv[p * 3 + q] * xty[q]).sum())
        .collect();
    Ok((0..y.len())
        .map(|i| {
            let x = row(treated[i], after[i]);
            (0..3).map(|p| x[p] * beta[p]).sum()
        })
        .collect())
}

/// β₃ and its CR1 t from per-cluster sums, with each cluster's X_g'y_g.
fn beta_t(inv: &[f64], xtx_g: &[[f64; 16]], xty_g: &[[f64; K]], factor: f64) -> (f64, f64) {
    let mut xty = [0.0f64; K];
    for s in xty_g {
        for p in 0..K {
            xty[p] += s[p];
        }
    }
    let beta: Vec<f64> = (0..K)
        .map(|p| (0..K).map(|q| inv[p * K + q] * xty[q]).sum())
        .collect();
    // Only row 3 of M·meat·M is needed: m3 = M e₃, var = Σ_g (m3'score_g)².
    let m3: Vec<f64> = (0..K).map(|q| inv[3 * K + q]).collect();
    let mut var = 0.0;
    for (a, b) in xtx_g.iter().zip(xty_g) {
        let mut proj = 0.0;
        for p in 0..K {
            let fitted: f64 = (0..K).map(|q| a[p * K + q] * beta[q]).sum();
            proj += m3[p] * (b[p] - fitted);
        }
        var += proj * proj;
    }
    let se = (factor * var).sqrt();
    (beta[3], beta[3] / se)
}

/// Wild cluster bootstrap (restricted, Rademacher) of the DiD coefficient; see the module.
pub fn did_wild_cluster_bootstrap(
    y: &[f64],
    treated: &[bool],
    after: &[bool],
    clusters: &[u64],
    resamples: usize,
    seed: u64,
) -> Result<WildBootstrap> {
    let n = y.len();
    same_lengths(
        n,
        &[
            ("treated", treated.len()),
            ("after", after.len()),
            ("clusters", clusters.len()),
        ],
    )?;
    finite("y", y)?;
    need("resamples", 2, resamples)?;
    let order: BTreeMap<u64, usize> = {
        let ids: std::collections::BTreeSet<u64> = clusters.iter().copied().collect();
        ids.into_iter().enumerate().map(|(i, c)| (c, i)).collect()
    };
    let g = order.len();
    need("clusters", 3, g)?;
    let fitted = restricted_fit(y, treated, after)?;
    let mut xtx_g = vec![[0.0f64; 16]; g];
    let mut xty_g = vec![[0.0f64; K]; g];
    let mut xtf_g = vec![[0.0f64; K]; g];
    let mut xtu_g = vec![[0.0f64; K]; g];
    for i in 0..n {
        let x = row(treated[i], after[i]);
        let c = order[&clusters[i]];
        for p in 0..K {
            for q in 0..K {
                xtx_g[c][p * K + q] += x[p] * x[q];
            }
            xty_g[c][p] += x[p] * y[i];
            xtf_g[c][p] += x[p] * fitted[i];
            xtu_g[c][p] += x[p] * (y[i] - fitted[i]);
        }
    }
    let mut xtx = [0.0f64; 16];
    for s in &xtx_g {
        for (t, v) in xtx.iter_mut().zip(s) {
            *t += v;
        }
    }
    let inv = spd_inverse(&xtx, K)
        .map_err(|_| StatsError::Singular("DiD design (need both arms before and after)"))?;
    let (gf, nf) = (g as f64, n as f64);
    need("observations", K + 1, n)?;
    let factor = gf / (gf - 1.0) * (nf - 1.0) / (nf - K as f64);
    let (estimate, t) = beta_t(&inv, &xtx_g, &xty_g, factor);
    if !t.is_finite() {
        return Err(StatsError::ZeroVariance("DiD residuals"));
    }
    let enumerated = g < 63 && (1usize << g) <= resamples;
    let draws = if enumerated { 1usize << g } else { resamples };
    let mut rng = Rng::new(seed);
    let mut star = vec![[0.0f64; K]; g];
    let mut signs = vec![0u64; g.div_ceil(64)];
    let mut extreme = 0usize;
    for b in 0..draws {
        for (i, word) in signs.iter_mut().enumerate() {
            *word = if enumerated && i == 0 {
                b as u64
            } else {
                rng.next_u64()
            };
        }
        for (c, s) in star.iter_mut().enumerate() {
            let w = if (signs[c / 64] >> (c % 64)) & 1 == 1 {
                -1.0
            } else {
                1.0
            };
            for p in 0..K {
                s[p] = xtf_g[c][p] + w * xtu_g[c][p];
            }
        }
        let (_, t_star) = beta_t(&inv, &xtx_g, &star, factor);
        // A tie counts as extreme (the statistic on the data is one replicate when enumerated).
        if t_star.abs() >= t.abs() * (1.0 - 1e-12) {
            extreme += 1;
        }
    }
    Ok(WildBootstrap {
        estimate,
        t,
        p_value: extreme as f64 / draws as f64,
        resamples: draws,
        enumerated,
        clusters: g,
    })
}
