use super::data::*;
use super::{est, pv};
use chibo_stats::hypothesis::*;
use chibo_stats::{Alternative as A, StatsError};

#[test]
fn t_tests() {
    let r = t_test_one_sample(&AFTER, 70.0, A::TwoSided, 0.95).unwrap();
    est(r.test.statistic, T1_T);
    pv(r.test.p_value, T1_P);
    assert_eq!(r.test.variant, Variant::OneSampleT);
    // SciPy's CI is for the mean itself; ours is for mean − mu
    est(r.ci.0 + 70.0, T1_LO);
    est(r.ci.1 + 70.0, T1_HI);
    let r = t_test_one_sample(&AFTER, 70.0, A::Greater, 0.90).unwrap();
    pv(r.test.p_value, T1G_P);
    est(r.ci.0 + 70.0, T1G_LO);
    assert!(r.ci.1.is_infinite());

    let r = t_test_paired(&AFTER, &BEFORE, A::TwoSided, 0.95).unwrap();
    est(r.test.statistic, TP_T);
    pv(r.test.p_value, TP_P);
    est(r.ci.0, TP_LO);
    est(r.ci.1, TP_HI);
    assert_eq!(r.test.df, Some(6.0));
    let r = t_test_paired(&AFTER, &BEFORE, A::Less, 0.95).unwrap();
    pv(r.test.p_value, TPL_P);
    est(r.ci.1, TPL_HI);

    let r = t_test_two_sample(&DISTRICT, &ENTERPRISE, false, A::TwoSided, 0.95).unwrap();
    est(r.test.statistic, TS_T);
    est(r.test.df.unwrap(), TS_DF);
    pv(r.test.p_value, TS_P);
    est(r.ci.0, TS_LO);
    est(r.ci.1, TS_HI);
    assert_eq!(r.test.variant, Variant::StudentT);
    let r = t_test_two_sample(&DISTRICT, &ENTERPRISE, true, A::TwoSided, 0.95).unwrap();
    est(r.test.statistic, TW_T);
    est(r.test.df.unwrap(), TW_DF);
    pv(r.test.p_value, TW_P);
    est(r.ci.0, TW_LO);
    est(r.ci.1, TW_HI);
    assert_eq!(r.test.variant, Variant::WelchT);
    let r = t_test_two_sample(&DISTRICT, &ENTERPRISE, true, A::Greater, 0.95).unwrap();
    pv(r.test.p_value, TWG_P);
}

#[test]
fn t_test_errors() {
    assert!(matches!(
        t_test_one_sample(&[1.0], 0.0, A::TwoSided, 0.95),
        Err(StatsError::TooFewObservations {
            needed: 2,
            got: 1,
            ..
        })
    ));
    assert!(matches!(
        t_test_one_sample(&[2.0, 2.0, 2.0], 0.0, A::TwoSided, 0.95),
        Err(StatsError::ZeroVariance(_))
    ));
    assert!(matches!(
        t_test_paired(&[1.0, 2.0], &[1.0], A::TwoSided, 0.95),
        Err(StatsError::MismatchedLengths { .. })
    ));
    assert!(matches!(
        t_test_one_sample(&[1.0, 2.0], 0.0, A::TwoSided, 1.5),
        Err(StatsError::InvalidParameter(_))
    ));
}

#[test]
fn wilcoxon_exact() {
    let cases = [
        (A::TwoSided, WX_EXACT_TS_STAT, WX_EXACT_TS_P),
        (A::Less, WX_EXACT_L_STAT, WX_EXACT_L_P),
        (A::Greater, WX_EXACT_G_STAT, WX_EXACT_G_P),
    ];
    for (alt, s, p) in cases {
        for m in [RankMethod::Exact, RankMethod::Auto { continuity: true }] {
            let r = wilcoxon(&AFTER, Some(&BEFORE), ZeroMethod::Wilcox, m, alt).unwrap();
            est(r.statistic, s);
            pv(r.p_value, p);
            assert!(matches!(r.variant, Variant::WilcoxonExact { .. }));
        }
    }
    // ties / zeros: exact refused
    assert!(
        wilcoxon(
            &LIKERT_POST,
            Some(&LIKERT_PRE),
            ZeroMethod::Wilcox,
            RankMethod::Exact,
            A::TwoSided
        )
        .is_err()
    );
}

#[test]
fn wilcoxon_normal() {
    let table = [
        (
            ZeroMethod::Wilcox,
            false,
            A::TwoSided,
            WX_WILCOX_NC_TS_STAT,
            WX_WILCOX_NC_TS_Z,
            WX_WILCOX_NC_TS_P,
        ),
        (
            ZeroMethod::Wilcox,
            false,
            A::Greater,
            WX_WILCOX_NC_G_STAT,
            WX_WILCOX_NC_G_Z,
            WX_WILCOX_NC_G_P,
        ),
        (
            ZeroMethod::Wilcox,
            true,
            A::TwoSided,
            WX_WILCOX_CC_TS_STAT,
            WX_WILCOX_CC_TS_Z,
            WX_WILCOX_CC_TS_P,
        ),
        (
            ZeroMethod::Wilcox,
            true,
            A::Greater,
            WX_WILCOX_CC_G_STAT,
            WX_WILCOX_CC_G_Z,
            WX_WILCOX_CC_G_P,
        ),
        (
            ZeroMethod::Pratt,
            false,
            A::TwoSided,
            WX_PRATT_NC_TS_STAT,
            WX_PRATT_NC_TS_Z,
            WX_PRATT_NC_TS_P,
        ),
        (
            ZeroMethod::Pratt,
            false,
            A::Greater,
            WX_PRATT_NC_G_STAT,
            WX_PRATT_NC_G_Z,
            WX_PRATT_NC_G_P,
        ),
        (
            ZeroMethod::Pratt,
            true,
            A::TwoSided,
            WX_PRATT_CC_TS_STAT,
            WX_PRATT_CC_TS_Z,
            WX_PRATT_CC_TS_P,
        ),
        (
            ZeroMethod::Pratt,
            true,
            A::Greater,
            WX_PRATT_CC_G_STAT,
            WX_PRATT_CC_G_Z,
            WX_PRATT_CC_G_P,
        ),
        (
            ZeroMethod::Zsplit,
            false,
            A::TwoSided,
            WX_ZSPLIT_NC_TS_STAT,
            WX_ZSPLIT_NC_TS_Z,
            WX_ZSPLIT_NC_TS_P,
        ),
        (
            ZeroMethod::Zsplit,
            false,
            A::Greater,
            WX_ZSPLIT_NC_G_STAT,
            WX_ZSPLIT_NC_G_Z,
            WX_ZSPLIT_NC_G_P,
        ),
        (
            ZeroMethod::Zsplit,
            true,
            A::TwoSided,
            WX_ZSPLIT_CC_TS_STAT,
            WX_ZSPLIT_CC_TS_Z,
            WX_ZSPLIT_CC_TS_P,
        ),
        (
            ZeroMethod::Zsplit,
            true,
            A::Greater,
            WX_ZSPLIT_CC_G_STAT,
            WX_ZSPLIT_CC_G_Z,
            WX_ZSPLIT_CC_G_P,
        ),
    ];
    for (zm, cc, alt, s, z, p) in table {
        let r = wilcoxon(
            &LIKERT_POST,
            Some(&LIKERT_PRE),
            zm,
            RankMethod::Normal { continuity: cc },
            alt,
        )
        .unwrap();
        est(r.statistic, s);
        est(r.z.unwrap(), z);
        pv(r.p_value, p);
        assert_eq!(
            r.variant,
            Variant::WilcoxonNormal {
                zero_method: zm,
                continuity: cc
            }
        );
    }
}

#[test]
fn mann_whitney_tests() {
    let cases = [
        (A::TwoSided, MW_EXACT_TS_U, MW_EXACT_TS_P),
        (A::Less, MW_EXACT_L_U, MW_EXACT_L_P),
        (A::Greater, MW_EXACT_G_U, MW_EXACT_G_P),
    ];
    for (alt, u, p) in cases {
        let r = mann_whitney(&MW_X, &MW_Y, RankMethod::Exact, alt).unwrap();
        est(r.statistic, u);
        pv(r.p_value, p);
        assert_eq!(r.variant, Variant::MannWhitneyExact);
    }
    let r = mann_whitney(&DISTRICT, &CIVIL, RankMethod::Exact, A::TwoSided).unwrap();
    pv(r.p_value, MW_EXACT2_P);
    let cases = [
        (true, A::TwoSided, MW_CC_TS_U, MW_CC_TS_P),
        (true, A::Less, MW_CC_L_U, MW_CC_L_P),
        (true, A::Greater, MW_CC_G_U, MW_CC_G_P),
        (false, A::TwoSided, MW_NC_TS_U, MW_NC_TS_P),
        (false, A::Less, MW_NC_L_U, MW_NC_L_P),
        (false, A::Greater, MW_NC_G_U, MW_NC_G_P),
    ];
    for (cc, alt, u, p) in cases {
        // Auto chooses the normal approximation because of ties
        let r = mann_whitney(&LIK_A, &LIK_B, RankMethod::Auto { continuity: cc }, alt).unwrap();
        est(r.statistic, u);
        pv(r.p_value, p);
        assert_eq!(r.variant, Variant::MannWhitneyNormal { continuity: cc });
    }
    assert!(mann_whitney(&LIK_A, &LIK_B, RankMethod::Exact, A::TwoSided).is_err());
}

#[test]
fn anova_family() {
    let g: [&[f64]; 4] = [&DISTRICT, &CIVIL, &ENTERPRISE, &UNIVERSITY];
    let r = anova_oneway(&g).unwrap();
    est(r.statistic, ANOVA_F);
    pv(r.p_value, ANOVA_P);
    assert_eq!((r.df, r.df2), (Some(3.0), Some(28.0)));
    let r = welch_anova(&g).unwrap();
    est(r.statistic, WANOVA_F);
    est(r.df2.unwrap(), WANOVA_DF2);
    pv(r.p_value, WANOVA_P);
    let r = kruskal_wallis(&[&LIK_A, &LIK_B, &LIK_C]).unwrap();
    est(r.statistic, KW_H);
    pv(r.p_value, KW_P);
    assert!(anova_oneway(&[&[1.0, 2.0]]).is_err());
    assert!(kruskal_wallis(&[&[1.0, 1.0], &[1.0]]).is_err());

    // The same tests from frequency tables: every distinct value of the four groups…
    let mut values: Vec<f64> = g.iter().flat_map(|x| x.iter().copied()).collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let table: Vec<Vec<u64>> = values
        .iter()
        .map(|v| {
            g.iter()
                .map(|x| x.iter().filter(|y| *y == v).count() as u64)
                .collect()
        })
        .collect();
    let r = anova_oneway_from_counts(&values, &table).unwrap();
    est(r.statistic, ANOVA_F);
    pv(r.p_value, ANOVA_P);
    assert_eq!((r.df, r.df2), (Some(3.0), Some(28.0)));
    est(
        chibo_stats::effect::eta_squared_from_counts(&values, &table).unwrap(),
        ANOVA_ETA2,
    );
    assert!(anova_oneway_from_counts(&values[1..], &table).is_err());
    assert!(anova_oneway_from_counts(&[1.0, 2.0], &[vec![1, 0], vec![1, 0]]).is_err());
    // …and the Likert values 1..=5.
    let groups: [&[f64]; 3] = [&LIK_A, &LIK_B, &LIK_C];
    let counts: Vec<Vec<u64>> = (1..=5)
        .map(|v| {
            groups
                .iter()
                .map(|g| g.iter().filter(|x| **x == f64::from(v)).count() as u64)
                .collect()
        })
        .collect();
    let r = kruskal_wallis_from_counts(&counts).unwrap();
    est(r.statistic, KW_H);
    pv(r.p_value, KW_P);
    assert_eq!(r.df, Some(2.0));
    assert!(kruskal_wallis_from_counts(&[vec![2, 1]]).is_err());
    assert!(kruskal_wallis_from_counts(&[vec![2, 0], vec![1, 0]]).is_err());
    assert!(kruskal_wallis_from_counts(&[vec![2, 1], vec![1]]).is_err());
}

fn table(flat: &[u64], cols: usize) -> Vec<Vec<u64>> {
    flat.chunks(cols).map(|c| c.to_vec()).collect()
}

#[test]
fn contingency() {
    let t = table(&T22, 2);
    let r = chi_square_independence(&t, true).unwrap();
    est(r.statistic, CHI22_Y_STAT);
    pv(r.p_value, CHI22_Y_P);
    assert_eq!(r.variant, Variant::ChiSquare { yates: true });
    let r = chi_square_independence(&t, false).unwrap();
    est(r.statistic, CHI22_N_STAT);
    pv(r.p_value, CHI22_N_P);
    let r = chi_square_independence(&table(&T33, 3), true).unwrap();
    est(r.statistic, CHI33_STAT);
    pv(r.p_value, CHI33_P);
    assert_eq!(r.variant, Variant::ChiSquare { yates: false });
    assert!(chi_square_independence(&[vec![0, 0], vec![1, 2]], false).is_err());

    let tables = [FISHER_T0, FISHER_T1, FISHER_T2, FISHER_T3];
    let want = [
        [FISHER_0_TS_P, FISHER_0_L_P, FISHER_0_G_P, FISHER_0_OR],
        [FISHER_1_TS_P, FISHER_1_L_P, FISHER_1_G_P, FISHER_1_OR],
        [FISHER_2_TS_P, FISHER_2_L_P, FISHER_2_G_P, FISHER_2_OR],
        [FISHER_3_TS_P, FISHER_3_L_P, FISHER_3_G_P, FISHER_3_OR],
    ];
    for (t, w) in tables.iter().zip(want) {
        let tb = [[t[0], t[1]], [t[2], t[3]]];
        let r = fisher_exact(tb, A::TwoSided).unwrap();
        pv(r.p_value, w[0]);
        if w[3].is_finite() {
            est(r.statistic, w[3]);
        } else {
            assert!(r.statistic.is_infinite());
        }
        pv(fisher_exact(tb, A::Less).unwrap().p_value, w[1]);
        pv(fisher_exact(tb, A::Greater).unwrap().p_value, w[2]);
    }
}
