//! Ordinary least squares with classical, HC1, CR1 and CR2 (Bell–McCaffrey) standard errors,
//! and a difference-in-differences layer.

use std::collections::BTreeMap;

use crate::error::{Result, StatsError, check_level, finite, need};
use crate::linalg::{spd_inverse, sym_inv_sqrt};
use crate::special::{t_ppf, t_sf};

/// Which covariance estimator to use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CovType<'a> {
    /// σ̂² (X'X)⁻¹, σ̂² = e'e/(n−k); t tests with n − k df.
    Classical,
    /// White HC1: n/(n−k) · (X'X)⁻¹ Σ eᵢ² xᵢxᵢ' (X'X)⁻¹; t tests with n − k df.
    Hc1,
    /// Liang–Zeger CR1 with the Stata/statsmodels factor G/(G−1) · (n−1)/(n−k); t tests with
    /// G − 1 df. The slice gives each observation's cluster id.
    Cr1(&'a [u64]),
    /// Bell–McCaffrey CR2: (X'X)⁻¹ Σ_g X_g' A_g e_g e_g' A_g X_g (X'X)⁻¹ with
    /// A_g = (I − H_gg)^{-1/2}; t tests with the Bell–McCaffrey (Imbens–Kolesar) degrees of
    /// freedom per coefficient.
    Cr2(&'a [u64]),
}

/// Inference for one coefficient.
#[derive(Debug, Clone, PartialEq)]
pub struct CoefInference {
    /// Estimate.
    pub estimate: f64,
    /// Standard error.
    pub se: f64,
    /// t statistic (estimate / se).
    pub t: f64,
    /// Degrees of freedom of the reference t distribution.
    pub df: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Two-sided confidence interval.
    pub ci: (f64, f64),
}

/// Inference for all coefficients under one covariance estimator.
#[derive(Debug, Clone, PartialEq)]
pub struct Inference {
    /// Covariance matrix of the coefficients (k×k row-major).
    pub cov: Vec<f64>,
    /// Per-coefficient results, in column order.
    pub coefs: Vec<CoefInference>,
    /// Number of clusters for CR1/CR2.
    pub clusters: Option<usize>,
}

/// A fitted OLS model.
#[derive(Debug, Clone, PartialEq)]
pub struct OlsFit {
    /// Observations.
    pub n: usize,
    /// Columns of X.
    pub k: usize,
    /// Coefficients.
    pub coef: Vec<f64>,
    /// Residuals y − Xβ̂.
    pub resid: Vec<f64>,
    /// σ̂² = e'e/(n − k).
    pub sigma2: f64,
    /// R² (centred; meaningful when X contains an intercept).
    pub r_squared: f64,
    x: Vec<f64>,
    xtx_inv: Vec<f64>,
}

/// Fit y = Xβ + e by least squares. `x` is given by rows (one row per observation, include a
/// column of ones for an intercept). Solved through the Cholesky factor of X'X (adequate for
/// the small, well-conditioned designs used here; collinearity is reported as an error).
pub fn ols(y: &[f64], x: &[Vec<f64>]) -> Result<OlsFit> {
    let n = y.len();
    if x.len() != n {
        return Err(StatsError::MismatchedLengths {
            what: "y and rows of X",
            left: n,
            right: x.len(),
        });
    }
    need("observations", 1, n)?;
    let k = x[0].len();
    need("columns of X", 1, k)?;
    finite("y", y)?;
    let mut flat = Vec::with_capacity(n * k);
    for row in x {
        if row.len() != k {
            return Err(StatsError::MismatchedLengths {
                what: "columns of X",
                left: k,
                right: row.len(),
            });
        }
        finite("X", row)?;
        flat.extend_from_slice(row);
    }
    if n <= k {
        return Err(StatsError::TooFewObservations {
            what: "observations (must exceed the number of columns)",
            needed: k + 1,
            got: n,
        });
    }
    let mut xtx = vec![0.0; k * k];
    let mut xty = vec![0.0; k];
    for (i, row) in flat.chunks_exact(k).enumerate() {
        for a in 0..k {
            xty[a] += row[a] * y[i];
            for b in 0..=a {
                xtx[a * k + b] += row[a] * row[b];
            }
        }
    }
    for a in 0..k {
        for b in 0..a {
            xtx[b * k + a] = xtx[a * k + b];
        }
    }
    let xtx_inv = spd_inverse(&xtx, k)?;
    let coef: Vec<f64> = (0..k)
        .map(|a| (0..k).map(|b| xtx_inv[a * k + b] * xty[b]).sum())
        .collect();
    let resid: Vec<f64> = flat
        .chunks_exact(k)
        .zip(y)
        .map(|(row, yi)| yi - row.iter().zip(&coef).map(|(a, b)| a * b).sum::<f64>())
        .collect();
    let sse: f64 = resid.iter().map(|e| e * e).sum();
    let ym = y.iter().sum::<f64>() / n as f64;
    let sst: f64 = y.iter().map(|v| (v - ym).powi(2)).sum();
    Ok(OlsFit {
        n,
        k,
        sigma2: sse / (n - k) as f64,
        r_squared: if sst > 0.0 { 1.0 - sse / sst } else { f64::NAN },
        coef,
        resid,
        x: flat,
        xtx_inv,
    })
}

fn sandwich(bread: &[f64], meat: &[f64], k: usize, factor: f64) -> Vec<f64> {
    let mut tmp = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..k {
            tmp[i * k + j] = (0..k).map(|p| bread[i * k + p] * meat[p * k + j]).sum();
        }
    }
    let mut out = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..k {
            out[i * k + j] = factor
                * (0..k)
                    .map(|p| tmp[i * k + p] * bread[p * k + j])
                    .sum::<f64>();
        }
    }
    out
}

fn group_indices(clusters: &[u64], n: usize) -> Result<Vec<Vec<usize>>> {
    if clusters.len() != n {
        return Err(StatsError::MismatchedLengths {
            what: "cluster ids and observations",
            left: clusters.len(),
            right: n,
        });
    }
    let mut map: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for (i, &c) in clusters.iter().enumerate() {
        map.entry(c).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = map.into_values().collect();
    need("clusters", 2, groups.len())?;
    Ok(groups)
}

impl OlsFit {
    /// Row i of X.
    fn row(&self, i: usize) -> &[f64] {
        &self.x[i * self.k..(i + 1) * self.k]
    }

    /// (X'X)⁻¹.
    pub fn xtx_inv(&self) -> &[f64] {
        &self.xtx_inv
    }

    /// Standard errors, t tests and two-sided confidence intervals under `cov`.
    pub fn inference(&self, cov: CovType<'_>, level: f64) -> Result<Inference> {
        check_level(level)?;
        let (n, k) = (self.n, self.k);
        let nf = n as f64;
        let kf = k as f64;
        let (v, dfs, clusters): (Vec<f64>, Vec<f64>, Option<usize>) = match cov {
            CovType::Classical => (
                self.xtx_inv.iter().map(|v| v * self.sigma2).collect(),
                vec![nf - kf; k],
                None,
            ),
            CovType::Hc1 => {
                let mut meat = vec![0.0; k * k];
                for i in 0..n {
                    let r = self.row(i);
                    let e2 = self.resid[i] * self.resid[i];
                    for a in 0..k {
                        for b in 0..k {
                            meat[a * k + b] += e2 * r[a] * r[b];
                        }
                    }
                }
                (
                    sandwich(&self.xtx_inv, &meat, k, nf / (nf - kf)),
                    vec![nf - kf; k],
                    None,
                )
            }
            CovType::Cr1(ids) => {
                let groups = group_indices(ids, n)?;
                let g = groups.len() as f64;
                let mut meat = vec![0.0; k * k];
                for idx in &groups {
                    let mut s = vec![0.0; k];
                    for &i in idx {
                        for (a, sa) in s.iter_mut().enumerate() {
                            *sa += self.row(i)[a] * self.resid[i];
                        }
                    }
                    for a in 0..k {
                        for b in 0..k {
                            meat[a * k + b] += s[a] * s[b];
                        }
                    }
                }
                let factor = g / (g - 1.0) * (nf - 1.0) / (nf - kf);
                (
                    sandwich(&self.xtx_inv, &meat, k, factor),
                    vec![g - 1.0; k],
                    Some(groups.len()),
                )
            }
            CovType::Cr2(ids) => {
                let groups = group_indices(ids, n)?;
                let (v, dfs) = self.cr2(&groups)?;
                (v, dfs, Some(groups.len()))
            }
        };
        let coefs = (0..k)
            .map(|j| {
                let se = v[j * k + j].sqrt();
                let est = self.coef[j];
                let t = est / se;
                let df = dfs[j];
                let c = t_ppf(0.5 + level / 2.0, df);
                CoefInference {
                    estimate: est,
                    se,
                    t,
                    df,
                    p_value: (2.0 * t_sf(t.abs(), df)).min(1.0),
                    ci: (est - c * se, est + c * se),
                }
            })
            .collect();
        Ok(Inference {
            cov: v,
            coefs,
            clusters,
        })
    }

    /// CR2 covariance and Bell–McCaffrey degrees of freedom for every coefficient.
    fn cr2(&self, groups: &[Vec<usize>]) -> Result<(Vec<f64>, Vec<f64>)> {
        let k = self.k;
        let m = &self.xtx_inv;
        let mut meat = vec![0.0; k * k];
        // A_g X_g for each cluster (n_g × k), kept for the df computation
        let mut ax: Vec<Vec<f64>> = Vec::with_capacity(groups.len());
        for idx in groups {
            let ng = idx.len();
            // B = I - X_g M X_g'
            let mut b = vec![0.0; ng * ng];
            for (p, &i) in idx.iter().enumerate() {
                for (q, &j) in idx.iter().enumerate() {
                    let (ri, rj) = (self.row(i), self.row(j));
                    let mut h = 0.0;
                    for a in 0..k {
                        for c in 0..k {
                            h += ri[a] * m[a * k + c] * rj[c];
                        }
                    }
                    b[p * ng + q] = if p == q { 1.0 - h } else { -h };
                }
            }
            let a_g = sym_inv_sqrt(&b, ng)?;
            // A_g X_g
            let mut agx = vec![0.0; ng * k];
            for p in 0..ng {
                for (q, &j) in idx.iter().enumerate() {
                    let w = a_g[p * ng + q];
                    for c in 0..k {
                        agx[p * k + c] += w * self.row(j)[c];
                    }
                }
            }
            // s = X_g' A_g e_g = (A_g X_g)' e_g
            let mut s = vec![0.0; k];
            for (p, &i) in idx.iter().enumerate() {
                for c in 0..k {
                    s[c] += agx[p * k + c] * self.resid[i];
                }
            }
            for a in 0..k {
                for c in 0..k {
                    meat[a * k + c] += s[a] * s[c];
                }
            }
            ax.push(agx);
        }
        let v = sandwich(m, &meat, k, 1.0);
        // Bell–McCaffrey df: eigenvalues of G'G where G'G = diag(u_g'u_g) − Z' M Z,
        // u_g = A_g X_g M ℓ, z_g = X_g' u_g.
        let ng = groups.len();
        let mut dfs = Vec::with_capacity(k);
        for l in 0..k {
            let ml: Vec<f64> = (0..k).map(|a| m[a * k + l]).collect();
            let mut uu = vec![0.0; ng];
            let mut z = vec![0.0; ng * k];
            for (g, idx) in groups.iter().enumerate() {
                let agx = &ax[g];
                for (p, &i) in idx.iter().enumerate() {
                    let u: f64 = (0..k).map(|c| agx[p * k + c] * ml[c]).sum();
                    uu[g] += u * u;
                    let r = self.row(i);
                    for c in 0..k {
                        z[g * k + c] += r[c] * u;
                    }
                }
            }
            // mz_g = M z_g
            let mz: Vec<f64> = (0..ng)
                .flat_map(|g| {
                    let zg = &z[g * k..(g + 1) * k];
                    (0..k).map(move |a| (0..k).map(|c| m[a * k + c] * zg[c]).sum::<f64>())
                })
                .collect();
            let mut trace = 0.0;
            let mut frob = 0.0;
            for g in 0..ng {
                for h in 0..ng {
                    let zmz: f64 = (0..k).map(|c| z[g * k + c] * mz[h * k + c]).sum();
                    let e = if g == h { uu[g] - zmz } else { -zmz };
                    if g == h {
                        trace += e;
                    }
                    frob += e * e;
                }
            }
            dfs.push(trace * trace / frob);
        }
        Ok((v, dfs))
    }
}

/// Difference-in-differences estimate from the regression
/// y = β₀ + β₁·treated + β₂·after + β₃·treated×after + e; β₃ is the DiD effect.
#[derive(Debug, Clone, PartialEq)]
pub struct DidResult {
    /// Inference on β₃ (treated × after).
    pub effect: CoefInference,
    /// Inference on all four coefficients (intercept, treated, after, interaction).
    pub inference: Inference,
    /// The underlying fit.
    pub fit: OlsFit,
}

/// Build the 2×2 DiD design rows [1, treated, after, treated·after].
pub fn did_design(treated: &[bool], after: &[bool]) -> Result<Vec<Vec<f64>>> {
    if treated.len() != after.len() {
        return Err(StatsError::MismatchedLengths {
            what: "treated and after",
            left: treated.len(),
            right: after.len(),
        });
    }
    Ok(treated
        .iter()
        .zip(after)
        .map(|(&t, &a)| {
            let (t, a) = (f64::from(u8::from(t)), f64::from(u8::from(a)));
            vec![1.0, t, a, t * a]
        })
        .collect())
}

/// Difference-in-differences by OLS with the chosen covariance estimator.
pub fn did(
    y: &[f64],
    treated: &[bool],
    after: &[bool],
    cov: CovType<'_>,
    level: f64,
) -> Result<DidResult> {
    let x = did_design(treated, after)?;
    let fit = ols(y, &x)?;
    let inference = fit.inference(cov, level)?;
    Ok(DidResult {
        effect: inference.coefs[3].clone(),
        inference,
        fit,
    })
}
