//! Descriptive statistics and small numeric helpers (means, variances, quantiles, ranks).

use crate::error::{Result, StatsError, finite, need};

/// Summary of one variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Descriptive {
    /// Number of non-missing observations.
    pub n: usize,
    /// Number of missing observations (`None` or NaN).
    pub missing: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (denominator n − 1); `None` when n < 2.
    pub sd: Option<f64>,
    /// Median (type-7 quantile at 0.5).
    pub median: f64,
    /// First quartile (R type 7 = NumPy default "linear").
    pub q1: f64,
    /// Third quartile (R type 7).
    pub q3: f64,
    /// Minimum.
    pub min: f64,
    /// Maximum.
    pub max: f64,
}

/// Describe a variable with possibly missing values. `None` and NaN count as missing; infinite
/// values are an error. Needs at least one non-missing value.
pub fn describe(data: &[Option<f64>]) -> Result<Descriptive> {
    let present: Vec<f64> = data
        .iter()
        .flatten()
        .copied()
        .filter(|v| !v.is_nan())
        .collect();
    let missing = data.len() - present.len();
    finite("data", &present)?;
    need("non-missing values", 1, present.len())?;
    let mut sorted = present.clone();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    Ok(Descriptive {
        n,
        missing,
        mean: mean(&present),
        sd: if n >= 2 {
            Some(variance(&present).sqrt())
        } else {
            None
        },
        median: quantile_sorted(&sorted, 0.5),
        q1: quantile_sorted(&sorted, 0.25),
        q3: quantile_sorted(&sorted, 0.75),
        min: sorted[0],
        max: sorted[n - 1],
    })
}

/// Quantile of already sorted data, R type 7 (NumPy `method="linear"`):
/// h = (n − 1)p, Q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]). Returns NaN for empty input.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let frac = h - lo as f64;
    sorted[lo] + frac * (sorted[hi] - sorted[lo])
}

/// Type-7 quantile of unsorted data.
pub fn quantile(data: &[f64], p: f64) -> Result<f64> {
    finite("data", data)?;
    need("values", 1, data.len())?;
    if !(0.0..=1.0).contains(&p) {
        return Err(StatsError::InvalidParameter(format!(
            "quantile probability must be in [0, 1], got {p}"
        )));
    }
    let mut s = data.to_vec();
    s.sort_by(f64::total_cmp);
    Ok(quantile_sorted(&s, p))
}

/// Arithmetic mean (NaN for empty input). Uses a two-pass correction for accuracy.
pub fn mean(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    m + x.iter().map(|v| v - m).sum::<f64>() / n
}

/// Sample variance with denominator n − 1 (two-pass).
pub fn variance(x: &[f64]) -> f64 {
    let m = mean(x);
    let n = x.len() as f64;
    let (s2, s1) = x.iter().fold((0.0, 0.0), |(a, b), v| {
        let d = v - m;
        (a + d * d, b + d)
    });
    (s2 - s1 * s1 / n) / (n - 1.0)
}

/// Average ranks (1-based, ties get the mean rank) and the sizes of the tie groups.
pub fn rank_average(x: &[f64]) -> (Vec<f64>, Vec<usize>) {
    let n = x.len();
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut ranks = vec![0.0; n];
    let mut ties = Vec::new();
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            ranks[k] = r;
        }
        ties.push(j - i + 1);
        i = j + 1;
    }
    (ranks, ties)
}

/// Σ (t³ − t) over tie groups.
pub(crate) fn tie_term(ties: &[usize]) -> f64 {
    ties.iter()
        .map(|&t| {
            let t = t as f64;
            t * t * t - t
        })
        .sum()
}
