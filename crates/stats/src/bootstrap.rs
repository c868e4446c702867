//! Seeded bootstrap: a small deterministic PRNG, percentile and BCa intervals, and a cluster
//! bootstrap for difference-in-differences.

use std::collections::BTreeMap;

use crate::descriptive::{mean, quantile_sorted};
use crate::error::{Result, StatsError, check_level, finite, invalid, need, same_lengths};
use crate::linalg::spd_solve;
use crate::special::{norm_cdf, norm_ppf};

/// xoshiro256** (Blackman & Vigna 2018) seeded by SplitMix64 from a single `u64`.
///
/// * `next_u64`: the xoshiro256** output.
/// * `next_f64`: `(next_u64() >> 11) · 2⁻⁵³`, uniform on [0, 1).
/// * `below(n)`: `⌊next_u64() · n / 2⁶⁴⌋` (Lemire's multiply-shift without rejection; the bias
///   is below n/2⁶⁴ and irrelevant here).
/// * `normal()`: Box–Muller cosine branch, `sqrt(−2 ln(1 − u₁)) · cos(2π u₂)`, one draw per
///   call (two uniforms).
///
/// The Python re-implementation in `crates/stats/reference/bench_did_statsmodels.py`
/// reproduces the same streams.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

/// One SplitMix64 step.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// Seed the generator.
    pub fn new(seed: u64) -> Self {
        let mut st = seed;
        let s = [
            splitmix64(&mut st),
            splitmix64(&mut st),
            splitmix64(&mut st),
            splitmix64(&mut st),
        ];
        Rng { s }
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform on [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform integer in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Standard normal draw (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.next_f64();
        let u2 = self.next_f64();
        (-2.0 * (1.0 - u1).ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

/// Percentile interval: type-7 quantiles of the bootstrap replicates at (1 ± level)/2.
pub fn percentile_interval(boot: &[f64], level: f64) -> Result<(f64, f64)> {
    check_level(level)?;
    need("bootstrap replicates", 2, boot.len())?;
    finite("bootstrap replicates", boot)?;
    let mut s = boot.to_vec();
    s.sort_by(f64::total_cmp);
    let a = (1.0 - level) / 2.0;
    Ok((quantile_sorted(&s, a), quantile_sorted(&s, 1.0 - a)))
}

/// The pieces of a BCa interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Bca {
    /// Bias correction z₀ = Φ⁻¹((#{θ*_b < θ̂} + #{θ*_b ≤ θ̂}) / 2B) (SciPy's "mean" rule).
    pub z0: f64,
    /// Acceleration a = Σ dᵢ³ / (6 (Σ dᵢ²)^{3/2}), dᵢ = mean(θ₍ᵢ₎) − θ₍ᵢ₎ (jackknife).
    pub acceleration: f64,
    /// Adjusted lower/upper probabilities α₁, α₂.
    pub probabilities: (f64, f64),
    /// The interval: type-7 quantiles of the replicates at α₁, α₂.
    pub ci: (f64, f64),
}

/// BCa interval (Efron 1987) from the replicates `boot`, the jackknife values `jack` and the
/// full-sample estimate. α_{1,2} = Φ(z₀ + (z₀ + z_{α})/(1 − a(z₀ + z_{α}))) for
/// z_α = Φ⁻¹((1 ∓ level)/2). With z₀ = a = 0 it equals the percentile interval.
pub fn bca_interval(theta_hat: f64, boot: &[f64], jack: &[f64], level: f64) -> Result<Bca> {
    check_level(level)?;
    need("bootstrap replicates", 2, boot.len())?;
    need("jackknife values", 2, jack.len())?;
    finite("bootstrap replicates", boot)?;
    finite("jackknife values", jack)?;
    let b = boot.len() as f64;
    let less = boot.iter().filter(|&&v| v < theta_hat).count() as f64;
    let leq = boot.iter().filter(|&&v| v <= theta_hat).count() as f64;
    let z0 = norm_ppf((less + leq) / (2.0 * b));
    if !z0.is_finite() {
        return Err(invalid(
            "BCa undefined: the estimate lies outside the bootstrap distribution",
        ));
    }
    let jm = mean(jack);
    let (s2, s3) = jack.iter().fold((0.0, 0.0), |(s2, s3), v| {
        let d = jm - v;
        (s2 + d * d, s3 + d * d * d)
    });
    let acceleration = if s2 > 0.0 {
        s3 / (6.0 * s2.powf(1.5))
    } else {
        0.0
    };
    let adj = |p: f64| {
        let za = norm_ppf(p);
        norm_cdf(z0 + (z0 + za) / (1.0 - acceleration * (z0 + za)))
    };
    let a = (1.0 - level) / 2.0;
    let (p1, p2) = (adj(a), adj(1.0 - a));
    let mut s = boot.to_vec();
    s.sort_by(f64::total_cmp);
    Ok(Bca {
        z0,
        acceleration,
        probabilities: (p1, p2),
        ci: (quantile_sorted(&s, p1), quantile_sorted(&s, p2)),
    })
}

/// Summary of a bootstrap.
#[derive(Debug, Clone, PartialEq)]
pub struct BootstrapResult {
    /// Full-sample estimate.
    pub estimate: f64,
    /// Standard deviation of the replicates (n − 1).
    pub se: f64,
    /// Percentile interval.
    pub percentile: (f64, f64),
    /// BCa interval and its pieces.
    pub bca: Bca,
    /// Number of replicates used.
    pub resamples: usize,
    /// Replicates that could not be computed (e.g. a singular design) and were discarded.
    pub failed: usize,
}

fn summarize(
    estimate: f64,
    boot: &[f64],
    jack: &[f64],
    level: f64,
    failed: usize,
) -> Result<BootstrapResult> {
    let m = mean(boot);
    let se = (boot.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (boot.len() as f64 - 1.0)).sqrt();
    Ok(BootstrapResult {
        estimate,
        se,
        percentile: percentile_interval(boot, level)?,
        bca: bca_interval(estimate, boot, jack, level)?,
        resamples: boot.len(),
        failed,
    })
}

/// Nonparametric bootstrap of a statistic of one sample: `resamples` resamples of size n drawn
/// with `Rng::below`, replicate b uses draws b·n .. (b+1)·n of the stream; jackknife by leaving
/// out each observation in turn.
pub fn bootstrap<F: Fn(&[f64]) -> f64>(
    data: &[f64],
    statistic: F,
    resamples: usize,
    level: f64,
    seed: u64,
) -> Result<BootstrapResult> {
    finite("data", data)?;
    need("observations", 2, data.len())?;
    need("resamples", 2, resamples)?;
    let n = data.len();
    let mut rng = Rng::new(seed);
    let mut buf = vec![0.0; n];
    let mut boot = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        for v in buf.iter_mut() {
            *v = data[rng.below(n)];
        }
        boot.push(statistic(&buf));
    }
    let jack: Vec<f64> = (0..n)
        .map(|i| {
            let loo: Vec<f64> = data
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, v)| *v)
                .collect();
            statistic(&loo)
        })
        .collect();
    let failed = boot.iter().filter(|v| !v.is_finite()).count();
    let boot: Vec<f64> = boot.into_iter().filter(|v| v.is_finite()).collect();
    summarize(statistic(data), &boot, &jack, level, failed)
}

/// Cluster (block) bootstrap of the difference-in-differences coefficient β₃ of
/// y = β₀ + β₁T + β₂A + β₃TA + e: whole clusters (cells) are resampled with replacement, keeping
/// each cell's full time series, so serial correlation within cells is preserved. Each replicate
/// is the OLS fit on the resampled clusters, computed exactly from per-cluster sufficient
/// statistics (X_g'X_g, X_g'y_g). Clusters are ordered by id; replicate b draws G indices with
/// `Rng::below(G)`. BCa's acceleration uses the leave-one-cluster-out jackknife.
pub fn did_cluster_bootstrap(
    y: &[f64],
    treated: &[bool],
    after: &[bool],
    clusters: &[u64],
    resamples: usize,
    level: f64,
    seed: u64,
) -> Result<BootstrapResult> {
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
    check_level(level)?;
    let mut map: BTreeMap<u64, usize> = BTreeMap::new();
    for &c in clusters {
        let next = map.len();
        map.entry(c).or_insert(next);
    }
    // re-number in id order
    let order: BTreeMap<u64, usize> = map.keys().enumerate().map(|(i, &c)| (c, i)).collect();
    let g = order.len();
    need("clusters", 3, g)?;
    // per-cluster sufficient statistics: 16 entries of X'X then 4 of X'y
    let mut stats = vec![[0.0f64; 20]; g];
    for i in 0..n {
        let t = f64::from(u8::from(treated[i]));
        let a = f64::from(u8::from(after[i]));
        let x = [1.0, t, a, t * a];
        let s = &mut stats[order[&clusters[i]]];
        for p in 0..4 {
            for q in 0..4 {
                s[p * 4 + q] += x[p] * x[q];
            }
            s[16 + p] += x[p] * y[i];
        }
    }
    let solve = |acc: &[f64; 20]| -> Option<f64> {
        spd_solve(&acc[..16], &acc[16..], 4).ok().map(|b| b[3])
    };
    let mut total = [0.0f64; 20];
    for s in &stats {
        for (t, v) in total.iter_mut().zip(s) {
            *t += v;
        }
    }
    let estimate = solve(&total).ok_or(StatsError::Singular(
        "DiD design (need treated and control cells before and after)",
    ))?;
    let mut rng = Rng::new(seed);
    let mut boot = Vec::with_capacity(resamples);
    let mut failed = 0;
    for _ in 0..resamples {
        let mut acc = [0.0f64; 20];
        for _ in 0..g {
            let s = &stats[rng.below(g)];
            for (t, v) in acc.iter_mut().zip(s) {
                *t += v;
            }
        }
        match solve(&acc) {
            Some(b) => boot.push(b),
            None => failed += 1,
        }
    }
    let mut jack = Vec::with_capacity(g);
    for s in &stats {
        let mut acc = total;
        for (t, v) in acc.iter_mut().zip(s) {
            *t -= v;
        }
        if let Some(b) = solve(&acc) {
            jack.push(b);
        }
    }
    summarize(estimate, &boot, &jack, level, failed)
}
