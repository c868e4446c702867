//! Golden tests: every expected value comes from SciPy / statsmodels / pingouin / NumPy via
//! `crates/stats/reference/generate_golden.py`; the exact call is documented beside each
//! constant in `data.rs`.
//!
//! Tolerances: estimates (statistics, coefficients, standard errors, CI bounds, df) agree within
//! 1e-9 relative (absolute 1e-12 for values whose magnitude is below 1e-3); p-values within
//! 1e-6 relative, or 1e-12 absolute for p-values below 1e-6.

mod data;
mod design_boot;
mod props;
mod regression;
mod reliability;
mod staggered;
mod tests_effects;
mod tests_hypothesis;
mod wild;

#[track_caller]
pub fn est(got: f64, want: f64) {
    let ok = if want.abs() < 1e-3 {
        (got - want).abs() <= 1e-12 + 1e-9 * want.abs()
    } else {
        ((got - want) / want).abs() <= 1e-9
    };
    assert!(ok, "estimate: got {got:.17e}, want {want:.17e}");
}

#[track_caller]
pub fn pv(got: f64, want: f64) {
    let ok = if want < 1e-6 {
        (got - want).abs() <= 1e-12
    } else {
        ((got - want) / want).abs() <= 1e-6
    };
    assert!(ok, "p-value: got {got:.17e}, want {want:.17e}");
}

mod special {
    use super::data::*;
    use super::{est, pv};
    use chibo_stats::special::*;

    #[test]
    fn t_distribution() {
        for (i, (t, df)) in [
            (2.1, 6.0),
            (-0.7, 12.5),
            (5.5, 3.0),
            (1.96, 1000.0),
            (-8.0, 30.0),
        ]
        .iter()
        .enumerate()
        {
            let want = [T_CDF_0, T_CDF_1, T_CDF_2, T_CDF_3, T_CDF_4][i];
            pv(t_cdf(*t, *df), want);
            est(t_cdf(*t, *df), want);
        }
        let ps = [
            (0.975, 6.0),
            (0.025, 12.5),
            (0.995, 3.0),
            (0.9, 1000.0),
            (1e-6, 30.0),
        ];
        let want = [T_PPF_0, T_PPF_1, T_PPF_2, T_PPF_3, T_PPF_4];
        for ((p, df), w) in ps.iter().zip(want) {
            est(t_ppf(*p, *df), w);
        }
    }

    #[test]
    fn f_chi2_normal() {
        let cases = [(3.2, 3.0, 20.0), (0.4, 9.0, 18.0), (25.0, 2.0, 7.0)];
        for ((f, a, b), w) in cases.iter().zip([F_SF_0, F_SF_1, F_SF_2]) {
            est(f_sf(*f, *a, *b), w);
        }
        let cases = [(0.975, 3.0, 20.0), (0.025, 9.0, 18.0), (0.975, 11.0, 2.5)];
        for ((p, a, b), w) in cases.iter().zip([F_PPF_0, F_PPF_1, F_PPF_2]) {
            est(f_ppf(*p, *a, *b), w);
        }
        let cases = [(3.84, 1.0), (12.0, 4.0), (0.5, 3.0), (60.0, 10.0)];
        for ((x, df), w) in cases
            .iter()
            .zip([CHI2_SF_0, CHI2_SF_1, CHI2_SF_2, CHI2_SF_3])
        {
            est(chi2_sf(*x, *df), w);
        }
        let ps = [0.975, 0.5 + 1e-9, 1e-10, 0.3];
        for (p, w) in ps
            .iter()
            .zip([NORM_PPF_0, NORM_PPF_1, NORM_PPF_2, NORM_PPF_3])
        {
            est(norm_ppf(*p), w);
        }
    }

    #[test]
    fn noncentral_t() {
        let cases = [
            (2.0, 10.0, 1.5),
            (-1.0, 5.0, 0.5),
            (2.3, 40.0, 3.2),
            (-2.0, 20.0, 2.5),
            (1.7, 7.0, -0.8),
        ];
        let want = [NCT_CDF_0, NCT_CDF_1, NCT_CDF_2, NCT_CDF_3, NCT_CDF_4];
        for ((t, df, nc), w) in cases.iter().zip(want) {
            let got = nct_cdf(*t, *df, *nc);
            assert!(
                ((got - w) / w).abs() < 1e-9,
                "nct {t} {df} {nc}: {got} vs {w}"
            );
        }
    }
}

mod descriptive {
    use super::data::*;
    use super::est;
    use chibo_stats::describe;

    #[test]
    fn describe_with_missing() {
        let data: Vec<Option<f64>> = DESC_DATA
            .iter()
            .map(|v| if v.is_nan() { None } else { Some(*v) })
            .collect();
        let d = describe(&data).unwrap();
        assert_eq!(d.n, 7);
        assert_eq!(d.missing, 2);
        est(d.mean, DESC_MEAN);
        est(d.sd.unwrap(), DESC_SD);
        est(d.median, DESC_MEDIAN);
        est(d.q1, DESC_Q1);
        est(d.q3, DESC_Q3);
        assert_eq!((d.min, d.max), (2.5, 5.0));
        // NaN counts as missing too
        let d2 = describe(&DESC_DATA.map(Some)).unwrap();
        assert_eq!((d2.n, d2.missing), (7, 2));
        let p = describe(&AFTER.map(Some)).unwrap();
        est(p.q1, DESC_PILOT_Q1);
        est(p.q3, DESC_PILOT_Q3);
    }

    #[test]
    fn describe_errors() {
        assert!(describe(&[None, None]).is_err());
        assert!(describe(&[Some(f64::INFINITY)]).is_err());
        let one = describe(&[Some(3.0)]).unwrap();
        assert_eq!(one.sd, None);
    }
}

mod stress {
    use super::data::*;
    use super::{est, pv};
    use chibo_stats::Alternative as A;
    use chibo_stats::design::{Design, power};
    use chibo_stats::hypothesis::*;
    use chibo_stats::special::*;

    /// Tiny tail probabilities are checked in relative terms too (1e-9).
    #[test]
    fn extreme_tails() {
        let cases = [
            (15.0, 40.0),
            (3.0, 1e5),
            (-2.5, 1.0),
            (0.01, 2.5),
            (40.0, 7.0),
        ];
        let want = [
            STRESS_T_SF_0,
            STRESS_T_SF_1,
            STRESS_T_SF_2,
            STRESS_T_SF_3,
            STRESS_T_SF_4,
        ];
        for ((t, df), w) in cases.iter().zip(want) {
            let got = t_sf(*t, *df);
            assert!(
                ((got - w) / w).abs() < 1e-9,
                "t_sf({t}, {df}) = {got:e} vs {w:e}"
            );
        }
        let cases = [(150.0, 3.0), (1e-4, 2.0), (500.0, 400.0)];
        let want = [STRESS_CHI2_SF_0, STRESS_CHI2_SF_1, STRESS_CHI2_SF_2];
        for ((x, df), w) in cases.iter().zip(want) {
            let got = chi2_sf(*x, *df);
            assert!(
                ((got - w) / w).abs() < 1e-9,
                "chi2_sf({x}, {df}) = {got:e} vs {w:e}"
            );
        }
        let cases = [(1e-8, 4.0, 60.0), (0.999, 2.0, 3.0), (0.025, 1.0, 1.0)];
        let want = [STRESS_F_ISF_0, STRESS_F_ISF_1, STRESS_F_ISF_2];
        for ((q, a, b), w) in cases.iter().zip(want) {
            est(f_isf(*q, *a, *b), w);
        }
        let cases = [
            (1.97, 998.0, 11.2),
            (1.65, 200.0, 0.0),
            (-1.97, 998.0, 11.2),
        ];
        let want = [STRESS_NCT_SF_0, STRESS_NCT_SF_1, STRESS_NCT_SF_2];
        for ((t, df, nc), w) in cases.iter().zip(want) {
            pv(1.0 - nct_cdf(*t, *df, *nc), w);
        }
        est(
            power(
                Design::TwoGroup {
                    n1: 500.0,
                    ratio: 1.0,
                },
                0.5,
                0.05,
                A::TwoSided,
            )
            .unwrap(),
            STRESS_POW_BIG,
        );
    }

    #[test]
    fn larger_exact_rank_tests() {
        let r = wilcoxon(
            &WX20,
            None,
            ZeroMethod::Wilcox,
            RankMethod::Exact,
            A::TwoSided,
        )
        .unwrap();
        pv(r.p_value, WX20_TS_P);
        let r = wilcoxon(
            &WX20,
            None,
            ZeroMethod::Wilcox,
            RankMethod::Exact,
            A::Greater,
        )
        .unwrap();
        pv(r.p_value, WX20_G_P);
        let r = mann_whitney(&MW_X, &MW_BIG_Y, RankMethod::Exact, A::TwoSided).unwrap();
        pv(r.p_value, MW_BIG_P);
        let r = mann_whitney(
            &CIVIL,
            &MW_BIG_Y,
            RankMethod::Auto { continuity: true },
            A::Less,
        )
        .unwrap();
        assert_eq!(r.variant, Variant::MannWhitneyExact);
        pv(r.p_value, MW_BIG2_P);
        let r = fisher_exact([[45, 12], [20, 38]], A::TwoSided).unwrap();
        assert!(((r.p_value - FISHER_BIG_TS_P) / FISHER_BIG_TS_P).abs() < 1e-9);
        let r = fisher_exact([[45, 12], [20, 38]], A::Greater).unwrap();
        assert!(((r.p_value - FISHER_BIG_G_P) / FISHER_BIG_G_P).abs() < 1e-9);
    }
}
