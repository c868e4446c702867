//! Study design: power, minimum detectable effect and sample size for t tests, using the
//! noncentral t distribution (statsmodels `TTestPower` / `TTestIndPower`).

use crate::error::{Result, invalid};
use crate::hypothesis::Alternative;
use crate::special::{nct_cdf, t_ppf};

/// A design whose analysis is a t test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Design {
    /// Paired design analysed by a one-sample t test on the n differences; effect = d_z.
    Paired {
        /// Number of pairs.
        n: f64,
    },
    /// Two independent groups analysed by the pooled two-sample t test; effect = Cohen's d.
    TwoGroup {
        /// Size of group 1.
        n1: f64,
        /// n2 / n1.
        ratio: f64,
    },
}

impl Design {
    fn df_nc_factor(self) -> (f64, f64) {
        match self {
            Design::Paired { n } => (n - 1.0, n.sqrt()),
            Design::TwoGroup { n1, ratio } => {
                let n2 = n1 * ratio;
                (n1 + n2 - 2.0, (n1 * n2 / (n1 + n2)).sqrt())
            }
        }
    }

    fn with_n(self, n: f64) -> Design {
        match self {
            Design::Paired { .. } => Design::Paired { n },
            Design::TwoGroup { ratio, .. } => Design::TwoGroup { n1: n, ratio },
        }
    }

    fn validate(self) -> Result<()> {
        let (df, _) = self.df_nc_factor();
        if let Design::TwoGroup { ratio, .. } = self
            && !(ratio > 0.0 && ratio.is_finite())
        {
            return Err(invalid("ratio must be positive"));
        }
        if df.is_nan() || df < 1.0 || !df.is_finite() {
            return Err(invalid(
                "sample size too small: need at least 1 degree of freedom",
            ));
        }
        Ok(())
    }
}

fn check_alpha(alpha: f64) -> Result<()> {
    if alpha > 0.0 && alpha < 1.0 {
        Ok(())
    } else {
        Err(invalid(format!("alpha must be in (0, 1), got {alpha}")))
    }
}

/// Power of the t test for standardized effect `effect` (statsmodels `ttest_power` /
/// `TTestIndPower.power`): with δ = effect·√n (paired) or effect·√(n₁n₂/(n₁+n₂)) (two-group),
/// two-sided power = P(T' > t_{1−α/2}) + P(T' < −t_{1−α/2}), T' ~ noncentral t(df, δ);
/// `Greater`: P(T' > t_{1−α}); `Less`: P(T' < t_α).
pub fn power(design: Design, effect: f64, alpha: f64, alt: Alternative) -> Result<f64> {
    design.validate()?;
    check_alpha(alpha)?;
    if !effect.is_finite() {
        return Err(invalid("effect must be finite"));
    }
    let (df, f) = design.df_nc_factor();
    let nc = effect * f;
    Ok(match alt {
        Alternative::TwoSided => {
            let c = t_ppf(1.0 - alpha / 2.0, df);
            (1.0 - nct_cdf(c, df, nc)) + nct_cdf(-c, df, nc)
        }
        Alternative::Greater => 1.0 - nct_cdf(t_ppf(1.0 - alpha, df), df, nc),
        Alternative::Less => nct_cdf(t_ppf(alpha, df), df, nc),
    })
}

fn bisect(mut lo: f64, mut hi: f64, f: impl Fn(f64) -> Result<f64>) -> Result<f64> {
    // f increasing, f(lo) < 0 < f(hi)
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if f(mid)? < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-15 * hi.abs().max(1e-300) {
            break;
        }
    }
    Ok(0.5 * (lo + hi))
}

/// Minimum detectable (positive) standardized effect reaching `target` power. For `Less`, the
/// MDE is the negative of the returned value.
pub fn minimum_detectable_effect(
    design: Design,
    alpha: f64,
    target: f64,
    alt: Alternative,
) -> Result<f64> {
    design.validate()?;
    check_alpha(alpha)?;
    if !(target > alpha && target < 1.0) {
        return Err(invalid("target power must be in (alpha, 1)"));
    }
    let alt = if alt == Alternative::Less {
        Alternative::Greater
    } else {
        alt
    };
    let g = |d: f64| Ok(power(design, d, alpha, alt)? - target);
    let mut hi = 1.0;
    while g(hi)? < 0.0 {
        hi *= 2.0;
        if hi > 1e6 {
            return Err(invalid("no effect size reaches the target power"));
        }
    }
    bisect(0.0, hi, g)
}

/// Sample size (continuous; round up in practice) reaching `target` power: number of pairs
/// for `Paired`, n₁ for `TwoGroup` (n₂ = ratio·n₁). The `n`/`n1` in `design` is ignored.
pub fn sample_size(
    design: Design,
    effect: f64,
    alpha: f64,
    target: f64,
    alt: Alternative,
) -> Result<f64> {
    check_alpha(alpha)?;
    if !(target > alpha && target < 1.0) || effect == 0.0 || !effect.is_finite() {
        return Err(invalid(
            "need a non-zero effect and target power in (alpha, 1)",
        ));
    }
    let alt_eff = match alt {
        Alternative::Less => (Alternative::Greater, -effect),
        a => (a, effect),
    };
    let lo = match design {
        Design::Paired { .. } => 2.0,
        Design::TwoGroup { ratio, .. } => (3.0 / (1.0 + ratio)).max(1.0 + 1e-9),
    };
    let g = |n: f64| Ok(power(design.with_n(n), alt_eff.1, alpha, alt_eff.0)? - target);
    if g(lo)? >= 0.0 {
        return Ok(lo);
    }
    let mut hi = lo * 2.0;
    while g(hi)? < 0.0 {
        hi *= 2.0;
        if hi > 1e9 {
            return Err(invalid("target power not reachable"));
        }
    }
    bisect(lo, hi, g)
}
