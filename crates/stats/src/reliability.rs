//! Reliability: Cronbach's alpha and the six Shrout–Fleiss intraclass correlations.

use crate::descriptive::mean;
use crate::error::{Result, StatsError, check_level, finite, need};
use crate::special::{f_isf, f_ppf, f_sf};

/// Per-item statistics of a scale.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemStats {
    /// Cronbach's alpha of the scale without this item.
    pub alpha_if_dropped: f64,
    /// Pearson correlation of the item with the sum of the other items.
    pub corrected_item_total: f64,
}

/// Cronbach's alpha.
#[derive(Debug, Clone, PartialEq)]
pub struct CronbachAlpha {
    /// Respondents used (complete cases).
    pub n: usize,
    /// Respondents dropped because of a missing answer.
    pub dropped: usize,
    /// Number of items.
    pub k: usize,
    /// Raw alpha: k/(k−1) · (1 − Σ s²_i / s²_total).
    pub alpha: f64,
    /// Standardized alpha: k r̄ / (1 + (k−1) r̄), r̄ the mean inter-item correlation.
    pub standardized: f64,
    /// Confidence interval (F method, Feldt 1987; pingouin `cronbach_alpha`).
    pub ci: (f64, f64),
    /// Level of `ci`.
    pub level: f64,
    /// One entry per item (requires k ≥ 3 for alpha-if-dropped to be defined; for k = 2 the
    /// "alpha" of a single item is NaN).
    pub items: Vec<ItemStats>,
}

fn cov(a: &[f64], b: &[f64]) -> f64 {
    let (ma, mb) = (mean(a), mean(b));
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - ma) * (y - mb))
        .sum::<f64>()
        / (a.len() as f64 - 1.0)
}

/// Cronbach's alpha for `rows` = respondents, each a vector of k item scores. Rows with any
/// missing answer are dropped (listwise deletion).
pub fn cronbach_alpha(rows: &[Vec<Option<f64>>], level: f64) -> Result<CronbachAlpha> {
    check_level(level)?;
    need("respondents", 1, rows.len())?;
    let k = rows[0].len();
    need("items", 2, k)?;
    let mut complete: Vec<Vec<f64>> = Vec::new();
    for r in rows {
        if r.len() != k {
            return Err(StatsError::MismatchedLengths {
                what: "items per respondent",
                left: k,
                right: r.len(),
            });
        }
        if r.iter().all(|v| v.is_some_and(|v| !v.is_nan())) {
            let v: Vec<f64> = r.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
            finite("item scores", &v)?;
            complete.push(v);
        }
    }
    let n = complete.len();
    need("complete respondents", 2, n)?;
    let cols: Vec<Vec<f64>> = (0..k)
        .map(|j| complete.iter().map(|r| r[j]).collect())
        .collect();
    let mut covariance = vec![0.0; k * k];
    for i in 0..k {
        for j in i..k {
            let c = cov(&cols[i], &cols[j]);
            covariance[i * k + j] = c;
            covariance[j * k + i] = c;
        }
    }
    let mut alpha = cronbach_alpha_from_covariance(&covariance, k, n, level)?;
    alpha.dropped = rows.len() - n;
    Ok(alpha)
}

/// Cronbach's alpha from the k × k sample covariance matrix (row-major, denominator n − 1) of
/// n complete respondents: the same figures as [`cronbach_alpha`], for callers that accumulate
/// the covariances while streaming rows instead of holding them. `dropped` is 0.
pub fn cronbach_alpha_from_covariance(
    covariance: &[f64],
    k: usize,
    n: usize,
    level: f64,
) -> Result<CronbachAlpha> {
    check_level(level)?;
    need("items", 2, k)?;
    need("complete respondents", 2, n)?;
    if covariance.len() != k * k {
        return Err(StatsError::MismatchedLengths {
            what: "covariance matrix entries",
            left: k * k,
            right: covariance.len(),
        });
    }
    finite("covariance matrix", covariance)?;
    let s = |i: usize, j: usize| covariance[i * k + j];
    let sds: Vec<f64> = (0..k).map(|i| s(i, i).max(0.0).sqrt()).collect();
    if sds.iter().any(|s| *s <= 0.0) {
        return Err(StatsError::ZeroVariance("an item"));
    }
    let total_var: f64 = covariance.iter().sum();
    if total_var <= 0.0 {
        return Err(StatsError::ZeroVariance("total score"));
    }
    let sum_var: f64 = (0..k).map(|i| s(i, i)).sum();
    let kf = k as f64;
    let alpha = kf / (kf - 1.0) * (1.0 - sum_var / total_var);
    let mut rsum = 0.0;
    for i in 0..k {
        for j in (i + 1)..k {
            rsum += s(i, j) / (sds[i] * sds[j]);
        }
    }
    let rbar = rsum / (kf * (kf - 1.0) / 2.0);
    let standardized = kf * rbar / (1.0 + (kf - 1.0) * rbar);
    let df1 = n as f64 - 1.0;
    let df2 = df1 * (kf - 1.0);
    let a = 1.0 - level;
    let ci = (
        1.0 - (1.0 - alpha) * f_isf(a / 2.0, df1, df2),
        1.0 - (1.0 - alpha) * f_isf(1.0 - a / 2.0, df1, df2),
    );
    let items = (0..k)
        .map(|j| {
            // The rest score R = total − item j: cov(j, R) = Σ_{i≠j} s_ij and
            // var(R) = var(total) − 2 cov(j, total) + s_jj.
            let with_rest: f64 = (0..k).filter(|&i| i != j).map(|i| s(i, j)).sum();
            let rest_var = total_var - 2.0 * (with_rest + s(j, j)) + s(j, j);
            let rest_sum_var = sum_var - s(j, j);
            let k1 = kf - 1.0;
            ItemStats {
                alpha_if_dropped: if k >= 3 {
                    k1 / (k1 - 1.0) * (1.0 - rest_sum_var / rest_var)
                } else {
                    f64::NAN
                },
                corrected_item_total: if rest_var > 0.0 {
                    with_rest / (sds[j] * rest_var.sqrt())
                } else {
                    f64::NAN
                },
            }
        })
        .collect();
    Ok(CronbachAlpha {
        n,
        dropped: 0,
        k,
        alpha,
        standardized,
        ci,
        level,
        items,
    })
}

/// Shrout–Fleiss / McGraw–Wong form of the intraclass correlation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IccForm {
    /// ICC(1,1): one-way random, single rater.
    Icc1,
    /// ICC(2,1) = ICC(A,1): two-way random, absolute agreement, single rater.
    Icc2,
    /// ICC(3,1) = ICC(C,1): two-way mixed, consistency, single rater.
    Icc3,
    /// ICC(1,k): one-way random, mean of k raters.
    Icc1k,
    /// ICC(2,k) = ICC(A,k).
    Icc2k,
    /// ICC(3,k) = ICC(C,k).
    Icc3k,
}

/// One intraclass correlation with its F test and 95% CI.
#[derive(Debug, Clone, PartialEq)]
pub struct Icc {
    /// Which form.
    pub form: IccForm,
    /// The coefficient.
    pub icc: f64,
    /// F statistic.
    pub f: f64,
    /// Numerator df.
    pub df1: f64,
    /// Denominator df.
    pub df2: f64,
    /// p-value of H0: ICC = 0.
    pub p_value: f64,
    /// 95% confidence interval (as pingouin `intraclass_corr`).
    pub ci95: (f64, f64),
}

/// All six ICCs (pingouin `intraclass_corr` order: ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k) from
/// a complete n targets × k raters matrix.
pub fn intraclass_correlations(ratings: &[Vec<f64>]) -> Result<Vec<Icc>> {
    need("targets", 2, ratings.len())?;
    let k = ratings[0].len();
    need("raters", 2, k)?;
    for r in ratings {
        if r.len() != k {
            return Err(StatsError::MismatchedLengths {
                what: "ratings per target",
                left: k,
                right: r.len(),
            });
        }
        finite("ratings", r)?;
    }
    let n = ratings.len();
    let (nf, kf) = (n as f64, k as f64);
    let all: Vec<f64> = ratings.iter().flatten().copied().collect();
    let gm = mean(&all);
    let sst: f64 = all.iter().map(|v| (v - gm).powi(2)).sum();
    let ssb: f64 = ratings.iter().map(|r| kf * (mean(r) - gm).powi(2)).sum();
    let ssj: f64 = (0..k)
        .map(|j| {
            let m = ratings.iter().map(|r| r[j]).sum::<f64>() / nf;
            nf * (m - gm).powi(2)
        })
        .sum();
    let sse = sst - ssb - ssj;
    let ssw = sst - ssb;
    let msb = ssb / (nf - 1.0);
    let msj = ssj / (kf - 1.0);
    let mse = sse / ((nf - 1.0) * (kf - 1.0));
    let msw = ssw / (nf * (kf - 1.0));
    if mse <= 0.0 || msw <= 0.0 {
        return Err(StatsError::ZeroVariance("residual mean square"));
    }
    let icc1 = (msb - msw) / (msb + (kf - 1.0) * msw);
    let icc2 = (msb - mse) / (msb + (kf - 1.0) * mse + kf * (msj - mse) / nf);
    let icc3 = (msb - mse) / (msb + (kf - 1.0) * mse);
    let icc1k = (msb - msw) / msb;
    let icc2k = (msb - mse) / (msb + (msj - mse) / nf);
    let icc3k = (msb - mse) / msb;
    let f1k = msb / msw;
    let df1 = nf - 1.0;
    let df1kd = nf * (kf - 1.0);
    let p1k = f_sf(f1k, df1, df1kd);
    let f2k = msb / mse;
    let df2kd = (nf - 1.0) * (kf - 1.0);
    let p2k = f_sf(f2k, df1, df2kd);
    let alpha = 0.05;
    let q = 1.0 - alpha / 2.0;
    let f1l = f1k / f_ppf(q, df1, df1kd);
    let f1u = f1k * f_ppf(q, df1kd, df1);
    let l1 = (f1l - 1.0) / (f1l + (kf - 1.0));
    let u1 = (f1u - 1.0) / (f1u + (kf - 1.0));
    let f3l = f2k / f_ppf(q, df1, df2kd);
    let f3u = f2k * f_ppf(q, df2kd, df1);
    let l3 = (f3l - 1.0) / (f3l + (kf - 1.0));
    let u3 = (f3u - 1.0) / (f3u + (kf - 1.0));
    let fj = msj / mse;
    let vn = df2kd * (kf * icc2 * fj + nf * (1.0 + (kf - 1.0) * icc2) - kf * icc2).powi(2);
    let vd = df1 * kf * kf * icc2 * icc2 * fj * fj
        + (nf * (1.0 + (kf - 1.0) * icc2) - kf * icc2).powi(2);
    let v = vn / vd;
    let f2u = f_ppf(q, nf - 1.0, v);
    let f2l = f_ppf(q, v, nf - 1.0);
    let l2 = nf * (msb - f2u * mse) / (f2u * (kf * msj + (kf * nf - kf - nf) * mse) + nf * msb);
    let u2 = nf * (f2l * msb - mse) / (kf * msj + (kf * nf - kf - nf) * mse + nf * f2l * msb);
    let mk = |form, icc, f, d2, p, ci| Icc {
        form,
        icc,
        f,
        df1,
        df2: d2,
        p_value: p,
        ci95: ci,
    };
    Ok(vec![
        mk(IccForm::Icc1, icc1, f1k, df1kd, p1k, (l1, u1)),
        mk(IccForm::Icc2, icc2, f2k, df2kd, p2k, (l2, u2)),
        mk(IccForm::Icc3, icc3, f2k, df2kd, p2k, (l3, u3)),
        mk(
            IccForm::Icc1k,
            icc1k,
            f1k,
            df1kd,
            p1k,
            (1.0 - 1.0 / f1l, 1.0 - 1.0 / f1u),
        ),
        mk(
            IccForm::Icc2k,
            icc2k,
            f2k,
            df2kd,
            p2k,
            (
                l2 * kf / (1.0 + l2 * (kf - 1.0)),
                u2 * kf / (1.0 + u2 * (kf - 1.0)),
            ),
        ),
        mk(
            IccForm::Icc3k,
            icc3k,
            f2k,
            df2kd,
            p2k,
            (1.0 - 1.0 / f3l, 1.0 - 1.0 / f3u),
        ),
    ])
}
