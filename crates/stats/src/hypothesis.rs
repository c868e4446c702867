//! Hypothesis tests: t tests, Wilcoxon signed-rank, Mann–Whitney U, one-way ANOVA, Welch's
//! ANOVA, Kruskal–Wallis, chi-square test of independence and Fisher's exact test.
//!
//! Every test returns a [`TestResult`] with the statistic, degrees of freedom (if any), p-value
//! and the exact [`Variant`] that was computed.

use crate::descriptive::{mean, rank_average, tie_term, variance};
use crate::error::{Result, StatsError, check_level, finite, invalid, need};
use crate::special::{chi2_sf, f_sf, ln_choose, norm_cdf, norm_sf, t_cdf, t_ppf, t_sf};

/// Alternative hypothesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Alternative {
    /// Two-sided.
    #[default]
    TwoSided,
    /// The first sample's location (or the mean / odds ratio) is less than the null value.
    Less,
    /// ... greater than the null value.
    Greater,
}

/// The exact variant of a test that was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// One-sample Student t test.
    OneSampleT,
    /// Paired t test (one-sample t on the differences).
    PairedT,
    /// Two-sample t test with pooled variance.
    StudentT,
    /// Two-sample t test with Welch–Satterthwaite degrees of freedom.
    WelchT,
    /// Wilcoxon signed-rank, exact null distribution (no ties, no zeros).
    WilcoxonExact {
        /// Treatment of zero differences.
        zero_method: ZeroMethod,
    },
    /// Wilcoxon signed-rank, normal approximation with tie-corrected variance.
    WilcoxonNormal {
        /// Treatment of zero differences.
        zero_method: ZeroMethod,
        /// Whether the 0.5 continuity correction was applied.
        continuity: bool,
    },
    /// Mann–Whitney U, exact null distribution (no ties).
    MannWhitneyExact,
    /// Mann–Whitney U, normal approximation with tie correction.
    MannWhitneyNormal {
        /// Whether the 0.5 continuity correction was applied.
        continuity: bool,
    },
    /// Classical one-way ANOVA (F test).
    OneWayAnova,
    /// Welch's heteroscedastic one-way ANOVA.
    WelchAnova,
    /// Kruskal–Wallis H with tie correction.
    KruskalWallis,
    /// Pearson chi-square test of independence.
    ChiSquare {
        /// Whether Yates' continuity correction was applied (only for 1 degree of freedom).
        yates: bool,
    },
    /// Fisher's exact test for a 2×2 table.
    FisherExact,
}

/// Result of a hypothesis test.
#[derive(Debug, Clone, PartialEq)]
pub struct TestResult {
    /// Test statistic (t, W/T+, U, F, H, χ², or the sample odds ratio for Fisher).
    pub statistic: f64,
    /// Degrees of freedom (numerator df for F tests), if meaningful.
    pub df: Option<f64>,
    /// Denominator degrees of freedom of F tests.
    pub df2: Option<f64>,
    /// Standardized statistic of normal approximations, if used.
    pub z: Option<f64>,
    /// p-value.
    pub p_value: f64,
    /// Alternative tested.
    pub alternative: Alternative,
    /// Which variant was computed.
    pub variant: Variant,
}

/// Result of a t test, with the estimate and its confidence interval.
#[derive(Debug, Clone, PartialEq)]
pub struct TTestResult {
    /// The test.
    pub test: TestResult,
    /// Estimate: mean (minus `mu`) for one-sample, mean difference for paired / two-sample.
    pub estimate: f64,
    /// Standard error of the estimate.
    pub se: f64,
    /// Confidence interval for the mean / mean difference (one-sided intervals are infinite on
    /// one side, as in SciPy and R).
    pub ci: (f64, f64),
    /// Confidence level of `ci`.
    pub level: f64,
}

fn t_pvalue(t: f64, df: f64, alt: Alternative) -> f64 {
    match alt {
        Alternative::TwoSided => (2.0 * t_sf(t.abs(), df)).min(1.0),
        Alternative::Less => t_cdf(t, df),
        Alternative::Greater => t_sf(t, df),
    }
}

fn t_ci(est: f64, se: f64, df: f64, alt: Alternative, level: f64) -> (f64, f64) {
    match alt {
        Alternative::TwoSided => {
            let c = t_ppf(0.5 + level / 2.0, df);
            (est - c * se, est + c * se)
        }
        Alternative::Less => (f64::NEG_INFINITY, est + t_ppf(level, df) * se),
        Alternative::Greater => (est - t_ppf(level, df) * se, f64::INFINITY),
    }
}

fn z_pvalue(z: f64, alt: Alternative) -> f64 {
    match alt {
        Alternative::TwoSided => (2.0 * norm_sf(z.abs())).min(1.0),
        Alternative::Less => norm_cdf(z),
        Alternative::Greater => norm_sf(z),
    }
}

#[allow(clippy::too_many_arguments)]
fn t_result(
    t: f64,
    df: f64,
    est: f64,
    se: f64,
    alt: Alternative,
    level: f64,
    variant: Variant,
) -> TTestResult {
    TTestResult {
        test: TestResult {
            statistic: t,
            df: Some(df),
            df2: None,
            z: None,
            p_value: t_pvalue(t, df, alt),
            alternative: alt,
            variant,
        },
        estimate: est,
        se,
        ci: t_ci(est, se, df, alt, level),
        level,
    }
}

/// One-sample t test of H0: mean = `mu` (SciPy `ttest_1samp`, R `t.test(x, mu=)`).
pub fn t_test_one_sample(x: &[f64], mu: f64, alt: Alternative, level: f64) -> Result<TTestResult> {
    one_sample_t(x, mu, alt, level, Variant::OneSampleT)
}

fn one_sample_t(
    x: &[f64],
    mu: f64,
    alt: Alternative,
    level: f64,
    variant: Variant,
) -> Result<TTestResult> {
    finite("sample", x)?;
    need("sample", 2, x.len())?;
    check_level(level)?;
    let n = x.len() as f64;
    let m = mean(x);
    let v = variance(x);
    if v <= 0.0 {
        return Err(StatsError::ZeroVariance("sample"));
    }
    let se = (v / n).sqrt();
    let est = m - mu;
    Ok(t_result(est / se, n - 1.0, est, se, alt, level, variant))
}

/// Paired t test on `x − y` (SciPy `ttest_rel`, R `t.test(x, y, paired=TRUE)`). The estimate is
/// the mean of `x − y`.
pub fn t_test_paired(x: &[f64], y: &[f64], alt: Alternative, level: f64) -> Result<TTestResult> {
    let d = differences(x, y)?;
    one_sample_t(&d, 0.0, alt, level, Variant::PairedT)
}

pub(crate) fn differences(x: &[f64], y: &[f64]) -> Result<Vec<f64>> {
    if x.len() != y.len() {
        return Err(StatsError::MismatchedLengths {
            what: "paired samples",
            left: x.len(),
            right: y.len(),
        });
    }
    finite("x", x)?;
    finite("y", y)?;
    Ok(x.iter().zip(y).map(|(a, b)| a - b).collect())
}

/// Two-sample t test of mean(x) − mean(y) = 0. `welch = false`: pooled variance (SciPy
/// `ttest_ind(equal_var=True)`); `welch = true`: Welch–Satterthwaite (`equal_var=False`).
pub fn t_test_two_sample(
    x: &[f64],
    y: &[f64],
    welch: bool,
    alt: Alternative,
    level: f64,
) -> Result<TTestResult> {
    finite("x", x)?;
    finite("y", y)?;
    need("sample x", 2, x.len())?;
    need("sample y", 2, y.len())?;
    check_level(level)?;
    let (n1, n2) = (x.len() as f64, y.len() as f64);
    let (v1, v2) = (variance(x), variance(y));
    let est = mean(x) - mean(y);
    if welch {
        let (a, b) = (v1 / n1, v2 / n2);
        if a + b <= 0.0 {
            return Err(StatsError::ZeroVariance("both samples"));
        }
        let se = (a + b).sqrt();
        let df = (a + b).powi(2) / (a * a / (n1 - 1.0) + b * b / (n2 - 1.0));
        Ok(t_result(est / se, df, est, se, alt, level, Variant::WelchT))
    } else {
        let df = n1 + n2 - 2.0;
        let sp2 = ((n1 - 1.0) * v1 + (n2 - 1.0) * v2) / df;
        if sp2 <= 0.0 {
            return Err(StatsError::ZeroVariance("both samples"));
        }
        let se = (sp2 * (1.0 / n1 + 1.0 / n2)).sqrt();
        Ok(t_result(
            est / se,
            df,
            est,
            se,
            alt,
            level,
            Variant::StudentT,
        ))
    }
}

/// Treatment of zero differences in the Wilcoxon signed-rank test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ZeroMethod {
    /// Drop zero differences before ranking (Wilcoxon; R's default and SciPy `"wilcox"`).
    #[default]
    Wilcox,
    /// Rank zeros with the others, then drop their ranks (Pratt; SciPy `"pratt"`).
    Pratt,
    /// Split the zero ranks equally between positive and negative (SciPy `"zsplit"`).
    Zsplit,
}

/// How to compute a rank test's p-value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankMethod {
    /// Exact null distribution if allowed (Wilcoxon: n ≤ 50, no ties, no zeros; Mann–Whitney:
    /// one sample ≤ 8 observations and no ties, as SciPy); otherwise normal approximation with
    /// the given continuity correction.
    Auto {
        /// Continuity correction for the normal approximation.
        continuity: bool,
    },
    /// Exact null distribution; an error if there are ties (or zeros for Wilcoxon).
    Exact,
    /// Normal approximation with tie-corrected variance.
    Normal {
        /// Apply the 0.5 continuity correction.
        continuity: bool,
    },
}

/// The sums of the positive and negative signed ranks of `x − y` (or of `x` alone if `y` is
/// `None`), zeros handled by `zero_method`: T+ is what R's `wilcox.test` reports as V.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignedRankSums {
    /// Sum of the ranks of the positive differences (T+, R's V).
    pub plus: f64,
    /// Sum of the ranks of the negative differences (T−).
    pub minus: f64,
}

/// The differences, ranked: what both [`signed_rank_sums`] and [`wilcoxon`] start from.
struct SignedRanks {
    sums: SignedRankSums,
    /// Every difference, zeros included.
    n_all: usize,
    n_zero: usize,
    /// How many differences were ranked (zeros dropped under [`ZeroMethod::Wilcox`]).
    count: usize,
    /// Sizes of the groups of tied absolute differences, in rank order.
    ties: Vec<usize>,
}

fn signed_ranks(x: &[f64], y: Option<&[f64]>, zero_method: ZeroMethod) -> Result<SignedRanks> {
    let d = match y {
        Some(y) => differences(x, y)?,
        None => {
            finite("x", x)?;
            x.to_vec()
        }
    };
    let n_all = d.len();
    let n_zero = d.iter().filter(|v| **v == 0.0).count();
    let ranked: Vec<f64> = match zero_method {
        ZeroMethod::Wilcox => d.iter().copied().filter(|v| *v != 0.0).collect(),
        _ => d.clone(),
    };
    need("non-zero differences", 1, n_all - n_zero)?;
    let abs: Vec<f64> = ranked.iter().map(|v| v.abs()).collect();
    let (r, ties) = rank_average(&abs);
    // Folded from +0: an empty `sum()` of f64 is −0, which would print as "-0".
    let rank_sum = |keep: fn(f64) -> bool| -> f64 {
        ranked
            .iter()
            .zip(&r)
            .filter(|(v, _)| keep(**v))
            .fold(0.0, |acc, (_, r)| acc + r)
    };
    let mut plus = rank_sum(|v| v > 0.0);
    let mut minus = rank_sum(|v| v < 0.0);
    if zero_method == ZeroMethod::Zsplit {
        let rz = rank_sum(|v| v == 0.0);
        plus += rz / 2.0;
        minus += rz / 2.0;
    }
    Ok(SignedRanks {
        sums: SignedRankSums { plus, minus },
        n_all,
        n_zero,
        count: ranked.len(),
        ties,
    })
}

/// The signed-rank sums T+ and T− of `x − y` (or of `x` alone), as ranked by [`wilcoxon`].
pub fn signed_rank_sums(
    x: &[f64],
    y: Option<&[f64]>,
    zero_method: ZeroMethod,
) -> Result<SignedRankSums> {
    Ok(signed_ranks(x, y, zero_method)?.sums)
}

/// Wilcoxon signed-rank test on `x − y` (or on `x` alone if `y` is `None`). The statistic is
/// T+ (sum of positive ranks) for one-sided alternatives and min(T+, T−) for two-sided, as in
/// SciPy `wilcoxon`; [`signed_rank_sums`] gives T+ itself, R's V.
pub fn wilcoxon(
    x: &[f64],
    y: Option<&[f64]>,
    zero_method: ZeroMethod,
    method: RankMethod,
    alt: Alternative,
) -> Result<TestResult> {
    let SignedRanks {
        sums: SignedRankSums {
            plus: r_plus,
            minus: r_minus,
        },
        n_all,
        n_zero,
        count,
        ties,
    } = signed_ranks(x, y, zero_method)?;
    let has_ties = ties.iter().any(|&t| t > 1);
    let nf = count as f64;
    let mut mn = nf * (nf + 1.0) * 0.25;
    let mut se = nf * (nf + 1.0) * (2.0 * nf + 1.0);
    let mut tie_groups = ties.clone();
    if zero_method == ZeroMethod::Pratt && n_zero > 0 {
        let z = n_zero as f64;
        mn -= z * (z + 1.0) * 0.25;
        se -= z * (z + 1.0) * (2.0 * z + 1.0);
        // the zeros form the first tie group (smallest |d|); it is excluded from the correction
        tie_groups.remove(0);
    }
    let se = ((se - tie_term(&tie_groups) / 2.0) / 24.0).sqrt();
    let statistic = match alt {
        Alternative::TwoSided => r_plus.min(r_minus),
        _ => r_plus,
    };
    let exact_ok = !has_ties && n_zero == 0;
    let (exact, continuity) = match method {
        RankMethod::Exact => {
            if !exact_ok {
                return Err(invalid(
                    "exact Wilcoxon test requires no ties and no zero differences",
                ));
            }
            if count > 1000 {
                return Err(invalid("exact Wilcoxon test limited to n <= 1000"));
            }
            (true, false)
        }
        RankMethod::Auto { continuity } => (exact_ok && n_all <= 50, continuity),
        RankMethod::Normal { continuity } => (false, continuity),
    };
    if exact {
        let dist = wilcoxon_distribution(count);
        let k = r_plus.round() as usize;
        let cdf = |k: usize| dist[..=k.min(dist.len() - 1)].iter().sum::<f64>();
        let sf = |k: usize| dist[k.min(dist.len())..].iter().sum::<f64>();
        let p = match alt {
            Alternative::Less => cdf(k),
            Alternative::Greater => sf(k),
            Alternative::TwoSided => (2.0 * sf(k).min(cdf(k))).min(1.0),
        };
        return Ok(TestResult {
            statistic,
            df: None,
            df2: None,
            z: None,
            p_value: p,
            alternative: alt,
            variant: Variant::WilcoxonExact { zero_method },
        });
    }
    if se <= 0.0 || se.is_nan() {
        return Err(StatsError::ZeroVariance("signed ranks"));
    }
    let mut z = (r_plus - mn) / se;
    if continuity {
        let sign = match alt {
            Alternative::Greater => 1.0,
            Alternative::Less => -1.0,
            Alternative::TwoSided => {
                if z > 0.0 {
                    1.0
                } else if z < 0.0 {
                    -1.0
                } else {
                    0.0
                }
            }
        };
        z -= sign * 0.5 / se;
    }
    let p = z_pvalue(z, alt);
    Ok(TestResult {
        statistic,
        df: None,
        df2: None,
        z: Some(if alt == Alternative::TwoSided {
            -z.abs()
        } else {
            z
        }),
        p_value: p,
        alternative: alt,
        variant: Variant::WilcoxonNormal {
            zero_method,
            continuity,
        },
    })
}

/// Null distribution of T+ for n untied non-zero differences: P(T+ = k), k = 0..n(n+1)/2.
fn wilcoxon_distribution(n: usize) -> Vec<f64> {
    let max = n * (n + 1) / 2;
    let mut c = vec![0.0f64; max + 1];
    c[0] = 1.0;
    let mut top = 0;
    for i in 1..=n {
        top += i;
        for k in (i..=top).rev() {
            c[k] += c[k - i];
        }
    }
    let total = 2f64.powi(n as i32);
    c.iter().map(|v| v / total).collect()
}

/// Mann–Whitney U test (SciPy `mannwhitneyu`). The statistic is U₁, the U of `x`:
/// R₁ − n₁(n₁+1)/2. `Less` means x is stochastically smaller than y.
pub fn mann_whitney(
    x: &[f64],
    y: &[f64],
    method: RankMethod,
    alt: Alternative,
) -> Result<TestResult> {
    finite("x", x)?;
    finite("y", y)?;
    need("sample x", 1, x.len())?;
    need("sample y", 1, y.len())?;
    let (n1, n2) = (x.len(), y.len());
    let all: Vec<f64> = x.iter().chain(y).copied().collect();
    let (r, ties) = rank_average(&all);
    let r1: f64 = r[..n1].iter().sum();
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let u1 = r1 - n1f * (n1f + 1.0) / 2.0;
    let u2 = n1f * n2f - u1;
    let (u, f) = match alt {
        Alternative::Greater => (u1, 1.0),
        Alternative::Less => (u2, 1.0),
        Alternative::TwoSided => (u1.max(u2), 2.0),
    };
    let has_ties = ties.iter().any(|&t| t > 1);
    let (exact, continuity) = match method {
        RankMethod::Exact => {
            if has_ties {
                return Err(invalid("exact Mann-Whitney test requires no ties"));
            }
            (true, false)
        }
        RankMethod::Auto { continuity } => ((n1 <= 8 || n2 <= 8) && !has_ties, continuity),
        RankMethod::Normal { continuity } => (false, continuity),
    };
    if exact {
        let counts = mwu_counts(n1, n2)?;
        let total: f64 = counts.iter().sum();
        let k = u.round() as usize;
        let sf: f64 = counts[k.min(counts.len())..].iter().sum::<f64>() / total;
        return Ok(TestResult {
            statistic: u1,
            df: None,
            df2: None,
            z: None,
            p_value: (sf * f).clamp(0.0, 1.0),
            alternative: alt,
            variant: Variant::MannWhitneyExact,
        });
    }
    let n = n1f + n2f;
    let s = (n1f * n2f / 12.0 * ((n + 1.0) - tie_term(&ties) / (n * (n - 1.0)))).sqrt();
    if s <= 0.0 || s.is_nan() {
        return Err(StatsError::ZeroVariance("pooled ranks"));
    }
    let mut num = u - n1f * n2f / 2.0;
    if continuity {
        num -= 0.5;
    }
    let z = num / s;
    Ok(TestResult {
        statistic: u1,
        df: None,
        df2: None,
        z: Some(z),
        p_value: (norm_sf(z) * f).clamp(0.0, 1.0),
        alternative: alt,
        variant: Variant::MannWhitneyNormal { continuity },
    })
}

/// Counts of U = 0..m·n for sample sizes (m, n) without ties: coefficients of the Gaussian
/// binomial [m+n choose m]_q, computed exactly in i128.
fn mwu_counts(n1: usize, n2: usize) -> Result<Vec<f64>> {
    let (m, n) = if n1 <= n2 { (n1, n2) } else { (n2, n1) };
    if ln_choose((m + n) as f64, m as f64) > 37.0 * std::f64::consts::LN_10 || m * n > 2_000_000 {
        return Err(invalid(
            "samples too large for the exact Mann-Whitney distribution",
        ));
    }
    let len = m * n + 1;
    let mut c = vec![0i128; len];
    c[0] = 1;
    let mut deg = 0usize;
    for i in 1..=m {
        // multiply by (1 - q^(n+i))
        let s = n + i;
        let new_deg = deg + s;
        for k in (s..=new_deg.min(len - 1)).rev() {
            c[k] -= c[k - s];
        }
        // divide by (1 - q^i): c[k] += c[k - i]
        for k in i..len {
            c[k] += c[k - i];
        }
        deg = new_deg - i;
    }
    Ok(c.iter().map(|&v| v as f64).collect())
}

fn check_groups(groups: &[&[f64]], min_each: usize) -> Result<()> {
    need("groups", 2, groups.len())?;
    for g in groups {
        finite("group", g)?;
        need("observations per group", min_each, g.len())?;
    }
    Ok(())
}

/// Classical one-way ANOVA (SciPy `f_oneway`).
pub fn anova_oneway(groups: &[&[f64]]) -> Result<TestResult> {
    check_groups(groups, 1)?;
    let all: Vec<f64> = groups.iter().flat_map(|g| g.iter().copied()).collect();
    let n = all.len() as f64;
    let k = groups.len() as f64;
    if n <= k {
        return Err(StatsError::TooFewObservations {
            what: "total observations (must exceed the number of groups)",
            needed: groups.len() + 1,
            got: all.len(),
        });
    }
    let gm = mean(&all);
    let mut ssb = 0.0;
    let mut ssw = 0.0;
    for g in groups {
        let m = mean(g);
        ssb += g.len() as f64 * (m - gm).powi(2);
        ssw += g.iter().map(|v| (v - m).powi(2)).sum::<f64>();
    }
    anova_f(ssb, ssw, k, n)
}

/// The F test of a one-way layout from its sums of squares, k groups and n observations.
fn anova_f(ss_between: f64, ss_within: f64, k: f64, n: f64) -> Result<TestResult> {
    if ss_within <= 0.0 {
        return Err(StatsError::ZeroVariance("within groups"));
    }
    let (df1, df2) = (k - 1.0, n - k);
    let f = (ss_between / df1) / (ss_within / df2);
    Ok(TestResult {
        statistic: f,
        df: Some(df1),
        df2: Some(df2),
        z: None,
        p_value: f_sf(f, df1, df2),
        alternative: Alternative::TwoSided,
        variant: Variant::OneWayAnova,
    })
}

/// Welch's one-way ANOVA for unequal variances (pingouin `welch_anova`, R `oneway.test(var.equal
/// = FALSE)`).
pub fn welch_anova(groups: &[&[f64]]) -> Result<TestResult> {
    check_groups(groups, 2)?;
    let k = groups.len() as f64;
    let mut w = Vec::new();
    let mut m = Vec::new();
    let mut n = Vec::new();
    for g in groups {
        let v = variance(g);
        if v <= 0.0 {
            return Err(StatsError::ZeroVariance("a group"));
        }
        w.push(g.len() as f64 / v);
        m.push(mean(g));
        n.push(g.len() as f64);
    }
    let sw: f64 = w.iter().sum();
    let mw: f64 = w.iter().zip(&m).map(|(w, m)| w * m).sum::<f64>() / sw;
    let a: f64 = w
        .iter()
        .zip(&m)
        .map(|(w, m)| w * (m - mw).powi(2))
        .sum::<f64>()
        / (k - 1.0);
    let lam: f64 = w
        .iter()
        .zip(&n)
        .map(|(w, n)| (1.0 - w / sw).powi(2) / (n - 1.0))
        .sum::<f64>();
    let b = 1.0 + 2.0 * (k - 2.0) / (k * k - 1.0) * lam;
    let f = a / b;
    let df1 = k - 1.0;
    let df2 = (k * k - 1.0) / (3.0 * lam);
    Ok(TestResult {
        statistic: f,
        df: Some(df1),
        df2: Some(df2),
        z: None,
        p_value: f_sf(f, df1, df2),
        alternative: Alternative::TwoSided,
        variant: Variant::WelchAnova,
    })
}

/// Kruskal–Wallis H test with tie correction (SciPy `kruskal`, R `kruskal.test`).
pub fn kruskal_wallis(groups: &[&[f64]]) -> Result<TestResult> {
    check_groups(groups, 1)?;
    let all: Vec<f64> = groups.iter().flat_map(|g| g.iter().copied()).collect();
    let (r, ties) = rank_average(&all);
    let n = all.len() as f64;
    let mut h = 0.0;
    let mut start = 0;
    for g in groups {
        let s: f64 = r[start..start + g.len()].iter().sum();
        h += s * s / g.len() as f64;
        start += g.len();
    }
    kruskal_h(h, n, tie_term(&ties), groups.len())
}

/// The Kruskal–Wallis test from Σ Rᵢ²/nᵢ over `groups` groups, n observations and the tie sum
/// Σ(t³ − t).
fn kruskal_h(rank_term: f64, n: f64, ties: f64, groups: usize) -> Result<TestResult> {
    let mut h = 12.0 / (n * (n + 1.0)) * rank_term - 3.0 * (n + 1.0);
    let c = 1.0 - ties / (n * n * n - n);
    if c <= 0.0 {
        return Err(StatsError::ZeroVariance("all values are identical"));
    }
    h /= c;
    let df = groups as f64 - 1.0;
    Ok(TestResult {
        statistic: h,
        df: Some(df),
        df2: None,
        z: None,
        p_value: chi2_sf(h, df),
        alternative: Alternative::TwoSided,
        variant: Variant::KruskalWallis,
    })
}

/// Sums of squares of a one-way layout given as a frequency table.
pub(crate) struct CountedLayout {
    pub groups: usize,
    pub n: f64,
    pub ss_between: f64,
    pub ss_within: f64,
}

/// Checks a frequency table (`counts[v][g]` observations of group g equal `values[v]`) and
/// computes its sums of squares with the group means (two passes, as [`anova_oneway`]).
pub(crate) fn counted_layout(values: &[f64], counts: &[Vec<u64>]) -> Result<CountedLayout> {
    finite("values", values)?;
    if values.len() != counts.len() {
        return Err(StatsError::MismatchedLengths {
            what: "values and rows of counts",
            left: values.len(),
            right: counts.len(),
        });
    }
    let groups = counts.first().map_or(0, Vec::len);
    need("groups", 2, groups)?;
    let mut sizes = vec![0u64; groups];
    let mut sums = vec![0.0; groups];
    for (row, x) in counts.iter().zip(values) {
        if row.len() != groups {
            return Err(StatsError::MismatchedLengths {
                what: "groups per value",
                left: groups,
                right: row.len(),
            });
        }
        for (g, &c) in row.iter().enumerate() {
            sizes[g] += c;
            sums[g] += c as f64 * x;
        }
    }
    for &m in &sizes {
        need("observations per group", 1, m as usize)?;
    }
    let n: f64 = sizes.iter().map(|&m| m as f64).sum();
    let means: Vec<f64> = sums
        .iter()
        .zip(&sizes)
        .map(|(s, &m)| s / m as f64)
        .collect();
    let grand = sums.iter().sum::<f64>() / n;
    let ss_between = means
        .iter()
        .zip(&sizes)
        .map(|(m, &c)| c as f64 * (m - grand).powi(2))
        .sum();
    let ss_within = counts
        .iter()
        .zip(values)
        .map(|(row, x)| {
            row.iter()
                .zip(&means)
                .map(|(&c, m)| c as f64 * (x - m).powi(2))
                .sum::<f64>()
        })
        .sum();
    Ok(CountedLayout {
        groups,
        n,
        ss_between,
        ss_within,
    })
}

/// One-way ANOVA from a frequency table: `counts[v][g]` observations of group g equal
/// `values[v]`. The same test as [`anova_oneway`] on the expanded data, for scores that take
/// few distinct values however many observations there are.
pub fn anova_oneway_from_counts(values: &[f64], counts: &[Vec<u64>]) -> Result<TestResult> {
    let layout = counted_layout(values, counts)?;
    let k = layout.groups as f64;
    if layout.n <= k {
        return Err(StatsError::TooFewObservations {
            what: "total observations (must exceed the number of groups)",
            needed: layout.groups + 1,
            got: layout.n as usize,
        });
    }
    anova_f(layout.ss_between, layout.ss_within, k, layout.n)
}

/// Kruskal–Wallis H from a frequency table: `counts[v][g]` observations of group g take the v-th
/// distinct value, values in increasing order. The same test as [`kruskal_wallis`] on the
/// expanded data (each value's observations share its average rank), in O(values × groups):
/// for scores that take few distinct values, however many observations there are.
pub fn kruskal_wallis_from_counts(counts: &[Vec<u64>]) -> Result<TestResult> {
    let groups = counts.first().map_or(0, Vec::len);
    need("groups", 2, groups)?;
    if let Some(row) = counts.iter().find(|row| row.len() != groups) {
        return Err(StatsError::MismatchedLengths {
            what: "groups per value",
            left: groups,
            right: row.len(),
        });
    }
    let mut sizes = vec![0u64; groups];
    let mut rank_sums = vec![0.0; groups];
    let mut below = 0u64;
    let mut ties = 0.0;
    for row in counts {
        let t: u64 = row.iter().sum();
        if t == 0 {
            continue;
        }
        // Ranks below+1 ..= below+t share their mean.
        let rank = below as f64 + (t as f64 + 1.0) / 2.0;
        for (g, &c) in row.iter().enumerate() {
            sizes[g] += c;
            rank_sums[g] += c as f64 * rank;
        }
        let tf = t as f64;
        ties += tf * tf * tf - tf;
        below += t;
    }
    for &n in &sizes {
        need("observations per group", 1, n as usize)?;
    }
    let rank_term: f64 = rank_sums
        .iter()
        .zip(&sizes)
        .map(|(r, &m)| r * r / m as f64)
        .sum();
    kruskal_h(rank_term, below as f64, ties, groups)
}

/// Pearson chi-square test of independence on an r×c table of counts (SciPy
/// `chi2_contingency`). With `yates = true` and 1 degree of freedom, each |O − E| is reduced by
/// min(0.5, |O − E|) (Yates); for larger tables `yates` has no effect.
pub fn chi_square_independence(table: &[Vec<u64>], yates: bool) -> Result<TestResult> {
    need("table rows", 2, table.len())?;
    let c = table[0].len();
    need("table columns", 2, c)?;
    for row in table {
        if row.len() != c {
            return Err(StatsError::MismatchedLengths {
                what: "table rows",
                left: c,
                right: row.len(),
            });
        }
    }
    let rows: Vec<f64> = table
        .iter()
        .map(|r| r.iter().map(|&v| v as f64).sum())
        .collect();
    let cols: Vec<f64> = (0..c)
        .map(|j| table.iter().map(|r| r[j] as f64).sum())
        .collect();
    let total: f64 = rows.iter().sum();
    if rows.iter().chain(&cols).any(|&v| v == 0.0) {
        return Err(StatsError::ZeroVariance(
            "a row or column of the table is all zero",
        ));
    }
    let df = ((table.len() - 1) * (c - 1)) as f64;
    let apply_yates = yates && df == 1.0;
    let mut chi2 = 0.0;
    for (i, row) in table.iter().enumerate() {
        for (j, &o) in row.iter().enumerate() {
            let e = rows[i] * cols[j] / total;
            let mut diff = (o as f64 - e).abs();
            if apply_yates {
                diff -= diff.min(0.5);
            }
            chi2 += diff * diff / e;
        }
    }
    Ok(TestResult {
        statistic: chi2,
        df: Some(df),
        df2: None,
        z: None,
        p_value: chi2_sf(chi2, df),
        alternative: Alternative::TwoSided,
        variant: Variant::ChiSquare { yates: apply_yates },
    })
}

/// Fisher's exact test for the 2×2 table [[a, b], [c, d]]. The statistic is the sample odds
/// ratio ad/(bc) (∞ if bc = 0 < ad, NaN if both are 0). Two-sided p: sum of the hypergeometric
/// probabilities of all tables with probability ≤ P(observed)·(1 + 1e-7) (R `fisher.test`).
/// `Less`/`Greater` are the lower/upper tails in `a` (odds ratio < 1 / > 1).
pub fn fisher_exact(table: [[u64; 2]; 2], alt: Alternative) -> Result<TestResult> {
    let [[a, b], [c, d]] = table;
    let r1 = a + b;
    let c1 = a + c;
    let total = a + b + c + d;
    if total == 0 {
        return Err(StatsError::TooFewObservations {
            what: "table total",
            needed: 1,
            got: 0,
        });
    }
    let or = {
        let (num, den) = (a as f64 * d as f64, b as f64 * c as f64);
        if den == 0.0 {
            if num == 0.0 { f64::NAN } else { f64::INFINITY }
        } else {
            num / den
        }
    };
    let lo = c1.saturating_sub(total - r1);
    let hi = r1.min(c1);
    let ln_den = ln_choose(total as f64, c1 as f64);
    let pmf = |k: u64| {
        (ln_choose(r1 as f64, k as f64) + ln_choose((total - r1) as f64, (c1 - k) as f64) - ln_den)
            .exp()
    };
    let p = match alt {
        Alternative::Less => (lo..=a).map(pmf).sum::<f64>(),
        Alternative::Greater => (a..=hi).map(pmf).sum::<f64>(),
        Alternative::TwoSided => {
            let p_obs = pmf(a) * (1.0 + 1e-7);
            (lo..=hi).map(pmf).filter(|&p| p <= p_obs).sum::<f64>()
        }
    };
    Ok(TestResult {
        statistic: or,
        df: None,
        df2: None,
        z: None,
        p_value: p.min(1.0),
        alternative: alt,
        variant: Variant::FisherExact,
    })
}
