//! Property tests: shift invariance, symmetry of two-sided tests, row-order invariance.

use chibo_stats::Alternative as A;
use chibo_stats::hypothesis::*;
use chibo_stats::regression::{CovType, ols};
use proptest::prelude::*;

fn sample(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec((0i32..200).prop_map(|v| f64::from(v) / 4.0), n)
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn t_tests_shift_invariant_and_symmetric(x in sample(3..15), y in sample(3..15), shift in -50.0f64..50.0) {
        let xs: Vec<f64> = x.iter().map(|v| v + shift).collect();
        let ys: Vec<f64> = y.iter().map(|v| v + shift).collect();
        for welch in [false, true] {
            if let (Ok(a), Ok(b), Ok(c)) = (
                t_test_two_sample(&x, &y, welch, A::TwoSided, 0.95),
                t_test_two_sample(&xs, &ys, welch, A::TwoSided, 0.95),
                t_test_two_sample(&y, &x, welch, A::TwoSided, 0.95),
            ) {
                prop_assert!(close(a.test.statistic, b.test.statistic, 1e-8));
                prop_assert!(close(a.test.p_value, c.test.p_value, 1e-10));
                prop_assert!(close(a.test.statistic, -c.test.statistic, 1e-10));
            }
        }
        if let (Ok(a), Ok(b)) = (t_test_one_sample(&x, 10.0, A::TwoSided, 0.95), t_test_one_sample(&xs, 10.0 + shift, A::TwoSided, 0.95)) {
            prop_assert!(close(a.test.statistic, b.test.statistic, 1e-8));
        }
    }

    #[test]
    fn rank_tests_shift_invariant_and_symmetric(x in sample(2..12), y in sample(2..12), shift in -50i32..50) {
        let shift = f64::from(shift);
        let xs: Vec<f64> = x.iter().map(|v| v + shift).collect();
        let ys: Vec<f64> = y.iter().map(|v| v + shift).collect();
        for m in [RankMethod::Auto { continuity: true }, RankMethod::Normal { continuity: false }] {
            if let (Ok(a), Ok(b), Ok(c)) = (
                mann_whitney(&x, &y, m, A::TwoSided),
                mann_whitney(&xs, &ys, m, A::TwoSided),
                mann_whitney(&y, &x, m, A::TwoSided),
            ) {
                prop_assert_eq!(a.statistic, b.statistic);
                prop_assert!(close(a.p_value, b.p_value, 1e-12));
                prop_assert!(close(a.p_value, c.p_value, 1e-12));
            }
        }
        let g: [&[f64]; 2] = [&x, &y];
        let gs: [&[f64]; 2] = [&xs, &ys];
        let gr: [&[f64]; 2] = [&y, &x];
        if let (Ok(a), Ok(b), Ok(c)) = (kruskal_wallis(&g), kruskal_wallis(&gs), kruskal_wallis(&gr)) {
            prop_assert!(close(a.statistic, b.statistic, 1e-10));
            prop_assert!(close(a.p_value, c.p_value, 1e-12));
        }
    }

    #[test]
    fn wilcoxon_swap_symmetric(x in sample(6..14), y in sample(6..14)) {
        let n = x.len().min(y.len());
        let (x, y) = (&x[..n], &y[..n]);
        for zm in [ZeroMethod::Wilcox, ZeroMethod::Pratt] {
            for m in [RankMethod::Auto { continuity: true }, RankMethod::Normal { continuity: false }] {
                if let (Ok(a), Ok(b)) = (wilcoxon(x, Some(y), zm, m, A::TwoSided), wilcoxon(y, Some(x), zm, m, A::TwoSided)) {
                    prop_assert!(close(a.p_value, b.p_value, 1e-12));
                    prop_assert_eq!(a.statistic, b.statistic);
                }
            }
        }
    }

    #[test]
    fn fisher_transpose_and_row_swap(a in 0u64..15, b in 0u64..15, c in 0u64..15, d in 0u64..15) {
        prop_assume!(a + b + c + d > 0);
        let p = fisher_exact([[a, b], [c, d]], A::TwoSided).unwrap().p_value;
        let pt = fisher_exact([[a, c], [b, d]], A::TwoSided).unwrap().p_value;
        let ps = fisher_exact([[c, d], [a, b]], A::TwoSided).unwrap().p_value;
        prop_assert!(close(p, pt, 1e-9));
        prop_assert!(close(p, ps, 1e-9));
        prop_assert!(p <= 1.0 && p > 0.0);
    }

    #[test]
    fn ols_row_order_irrelevant(seed in 0u64..1000) {
        let mut rng = chibo_stats::Rng::new(seed);
        let n = 24;
        let x: Vec<Vec<f64>> = (0..n).map(|_| vec![1.0, rng.normal(), rng.next_f64()]).collect();
        let y: Vec<f64> = x.iter().map(|r| 1.0 + 2.0 * r[1] - r[2] + rng.normal()).collect();
        let cl: Vec<u64> = (0..n as u64).map(|i| i % 6).collect();
        let mut perm: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() { perm.swap(i, rng.below(i + 1)); }
        let xp: Vec<Vec<f64>> = perm.iter().map(|&i| x[i].clone()).collect();
        let yp: Vec<f64> = perm.iter().map(|&i| y[i]).collect();
        let clp: Vec<u64> = perm.iter().map(|&i| cl[i]).collect();
        let f1 = ols(&y, &x).unwrap();
        let f2 = ols(&yp, &xp).unwrap();
        for (ct1, ct2) in [(CovType::Hc1, CovType::Hc1), (CovType::Cr1(&cl), CovType::Cr1(&clp)), (CovType::Cr2(&cl), CovType::Cr2(&clp))] {
            let a = f1.inference(ct1, 0.95).unwrap();
            let b = f2.inference(ct2, 0.95).unwrap();
            for j in 0..3 {
                prop_assert!(close(a.coefs[j].estimate, b.coefs[j].estimate, 1e-9));
                prop_assert!(close(a.coefs[j].se, b.coefs[j].se, 1e-9));
                prop_assert!(close(a.coefs[j].df, b.coefs[j].df, 1e-8));
            }
        }
    }
}

fn wild() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![
            (-5i32..5).prop_map(f64::from),
            Just(f64::NAN),
            Just(f64::INFINITY),
            -1e3f64..1e3
        ],
        0..8,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Bad input gives an error (or a value), never a panic.
    #[test]
    fn no_panics_on_bad_input(x in wild(), y in wild(), lvl in -0.5f64..1.5) {
        let _ = chibo_stats::describe(&x.iter().map(|v| Some(*v)).collect::<Vec<_>>());
        let _ = t_test_one_sample(&x, 0.0, A::TwoSided, lvl);
        let _ = t_test_paired(&x, &y, A::Less, lvl);
        let _ = t_test_two_sample(&x, &y, true, A::Greater, lvl);
        let _ = t_test_two_sample(&x, &y, false, A::TwoSided, lvl);
        for zm in [ZeroMethod::Wilcox, ZeroMethod::Pratt, ZeroMethod::Zsplit] {
            let _ = wilcoxon(&x, Some(&y), zm, RankMethod::Auto { continuity: true }, A::TwoSided);
            let _ = wilcoxon(&x, None, zm, RankMethod::Exact, A::Less);
        }
        let _ = mann_whitney(&x, &y, RankMethod::Exact, A::TwoSided);
        let _ = mann_whitney(&x, &y, RankMethod::Normal { continuity: true }, A::Less);
        let _ = anova_oneway(&[&x, &y]);
        let _ = welch_anova(&[&x, &y]);
        let _ = kruskal_wallis(&[&x, &y]);
        let _ = chibo_stats::effect::cohens_d(&x, &y, lvl);
        let _ = chibo_stats::effect::hedges_g(&x, &y, lvl);
        let _ = chibo_stats::effect::cohens_dz(&x, &y, lvl);
        let _ = chibo_stats::effect::rank_biserial_independent(&x, &y);
        let _ = chibo_stats::effect::rank_biserial_paired(&x, &y);
        let rows: Vec<Vec<f64>> = x.iter().map(|v| vec![1.0, *v]).collect();
        let _ = ols(&y, &rows);
        let _ = chibo_stats::bootstrap::percentile_interval(&x, lvl);
        let _ = chibo_stats::bootstrap::bca_interval(0.0, &x, &y, lvl);
        let _ = chibo_stats::bootstrap::bootstrap(&x, chibo_stats::descriptive::mean, 10, lvl, 1);
        let items: Vec<Vec<Option<f64>>> = x.chunks(2).map(|c| c.iter().map(|v| Some(*v)).collect()).collect();
        let _ = chibo_stats::reliability::cronbach_alpha(&items, lvl);
        let ratings: Vec<Vec<f64>> = x.chunks(2).map(|c| c.to_vec()).collect();
        let _ = chibo_stats::reliability::intraclass_correlations(&ratings);
        let _ = chibo_stats::design::power(chibo_stats::design::Design::Paired { n: lvl * 10.0 }, lvl, lvl, A::TwoSided);
    }
}
