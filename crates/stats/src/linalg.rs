//! Minimal dense linear algebra for small symmetric matrices (row-major `Vec<f64>`).

use crate::error::{Result, StatsError};

/// Cholesky factor L (lower, row-major) of a symmetric positive definite k×k matrix.
pub fn cholesky(a: &[f64], k: usize) -> Result<Vec<f64>> {
    let mut l = vec![0.0; k * k];
    let scale = (0..k).map(|i| a[i * k + i].abs()).fold(0.0, f64::max);
    for i in 0..k {
        for j in 0..=i {
            let mut s = a[i * k + j];
            for p in 0..j {
                s -= l[i * k + p] * l[j * k + p];
            }
            if i == j {
                if s <= scale * 1e-13 || !s.is_finite() {
                    return Err(StatsError::Singular(
                        "X'X is not positive definite (collinear regressors)",
                    ));
                }
                l[i * k + i] = s.sqrt();
            } else {
                l[i * k + j] = s / l[j * k + j];
            }
        }
    }
    Ok(l)
}

/// Inverse of a symmetric positive definite matrix via Cholesky.
pub fn spd_inverse(a: &[f64], k: usize) -> Result<Vec<f64>> {
    let l = cholesky(a, k)?;
    // invert L
    let mut li = vec![0.0; k * k];
    for i in 0..k {
        li[i * k + i] = 1.0 / l[i * k + i];
        for j in 0..i {
            let mut s = 0.0;
            for p in j..i {
                s -= l[i * k + p] * li[p * k + j];
            }
            li[i * k + j] = s / l[i * k + i];
        }
    }
    // A^-1 = L^-T L^-1
    let mut inv = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let mut s = 0.0;
            for p in i..k {
                s += li[p * k + i] * li[p * k + j];
            }
            inv[i * k + j] = s;
            inv[j * k + i] = s;
        }
    }
    Ok(inv)
}

/// Solve A x = b for symmetric positive definite A.
pub fn spd_solve(a: &[f64], b: &[f64], k: usize) -> Result<Vec<f64>> {
    let l = cholesky(a, k)?;
    let mut z = vec![0.0; k];
    for i in 0..k {
        let mut s = b[i];
        for p in 0..i {
            s -= l[i * k + p] * z[p];
        }
        z[i] = s / l[i * k + i];
    }
    let mut x = vec![0.0; k];
    for i in (0..k).rev() {
        let mut s = z[i];
        for p in (i + 1)..k {
            s -= l[p * k + i] * x[p];
        }
        x[i] = s / l[i * k + i];
    }
    Ok(x)
}

/// Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: (eigenvalues,
/// eigenvectors as columns, row-major).
pub fn sym_eigen(a: &[f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut m = a.to_vec();
    let mut v = vec![0.0; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| m[i * n + j] * m[i * n + j])
            .sum();
        let diag: f64 = (0..n).map(|i| m[i * n + i] * m[i * n + i]).sum();
        if off <= 1e-30 * diag.max(1e-300) {
            break;
        }
        for p in 0..n {
            for q in (p + 1)..n {
                let apq = m[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (m[q * n + q] - m[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..n {
                    let mrp = m[r * n + p];
                    let mrq = m[r * n + q];
                    m[r * n + p] = c * mrp - s * mrq;
                    m[r * n + q] = s * mrp + c * mrq;
                }
                for r in 0..n {
                    let mpr = m[p * n + r];
                    let mqr = m[q * n + r];
                    m[p * n + r] = c * mpr - s * mqr;
                    m[q * n + r] = s * mpr + c * mqr;
                }
                for r in 0..n {
                    let vrp = v[r * n + p];
                    let vrq = v[r * n + q];
                    v[r * n + p] = c * vrp - s * vrq;
                    v[r * n + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    ((0..n).map(|i| m[i * n + i]).collect(), v)
}

/// Symmetric inverse square root B^{-1/2} of a symmetric positive definite matrix.
pub fn sym_inv_sqrt(b: &[f64], n: usize) -> Result<Vec<f64>> {
    let (vals, vecs) = sym_eigen(b, n);
    let maxv = vals.iter().fold(0.0f64, |a, v| a.max(v.abs()));
    if vals.iter().any(|&l| l <= 1e-12 * maxv.max(1.0)) {
        return Err(StatsError::Singular(
            "I - H_gg is singular (a cluster is perfectly fitted, e.g. a cluster-level regressor with one cluster)",
        ));
    }
    let mut out = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            out[i * n + j] = (0..n)
                .map(|p| vecs[i * n + p] * vecs[j * n + p] / vals[p].sqrt())
                .sum();
        }
    }
    Ok(out)
}
