use super::data::*;
use super::{est, pv};
use chibo_stats::reliability::*;

#[test]
fn cronbach() {
    let rows: Vec<Vec<Option<f64>>> = ITEMS
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| if v.is_nan() { None } else { Some(*v) })
                .collect()
        })
        .collect();
    let a = cronbach_alpha(&rows, 0.95).unwrap();
    assert_eq!((a.n, a.dropped, a.k), (12, 1, 5));
    est(a.alpha, ALPHA);
    est(a.ci.0, ALPHA_LO);
    est(a.ci.1, ALPHA_HI);
    est(a.standardized, ALPHA_STD);
    let drop = [
        ALPHA_DROP_0,
        ALPHA_DROP_1,
        ALPHA_DROP_2,
        ALPHA_DROP_3,
        ALPHA_DROP_4,
    ];
    let itc = [
        ITEM_TOTAL_0,
        ITEM_TOTAL_1,
        ITEM_TOTAL_2,
        ITEM_TOTAL_3,
        ITEM_TOTAL_4,
    ];
    for (j, it) in a.items.iter().enumerate() {
        est(it.alpha_if_dropped, drop[j]);
        est(it.corrected_item_total, itc[j]);
    }
    assert!(cronbach_alpha(&[vec![Some(1.0), Some(2.0)]], 0.95).is_err());

    // The same figures from streamed sums: raw cross-products of the complete rows.
    let complete: Vec<&[f64; 5]> = ITEMS
        .iter()
        .filter(|r| r.iter().all(|v| !v.is_nan()))
        .collect();
    let n = complete.len() as f64;
    let mut cov = vec![0.0; 25];
    for i in 0..5 {
        for j in 0..5 {
            let (si, sj, sij) = complete.iter().fold((0.0, 0.0, 0.0), |(a, b, c), r| {
                (a + r[i], b + r[j], c + r[i] * r[j])
            });
            cov[i * 5 + j] = (sij - si * sj / n) / (n - 1.0);
        }
    }
    let b = cronbach_alpha_from_covariance(&cov, 5, 12, 0.95).unwrap();
    est(b.alpha, ALPHA);
    est(b.ci.0, ALPHA_LO);
    est(b.ci.1, ALPHA_HI);
    est(b.standardized, ALPHA_STD);
    for (j, it) in b.items.iter().enumerate() {
        est(it.alpha_if_dropped, drop[j]);
        est(it.corrected_item_total, itc[j]);
    }
    assert!(cronbach_alpha_from_covariance(&cov[..24], 5, 12, 0.95).is_err());
    assert!(cronbach_alpha_from_covariance(&[1.0, 0.0, 0.0, 0.0], 2, 12, 0.95).is_err());
}

#[test]
fn icc_all_six() {
    let ratings: Vec<Vec<f64>> = RATINGS.iter().map(|r| r.to_vec()).collect();
    let res = intraclass_correlations(&ratings).unwrap();
    let want = [
        [ICC_0, ICC_0_F, ICC_0_DF2, ICC_0_P, ICC_0_LO, ICC_0_HI],
        [ICC_1, ICC_1_F, ICC_1_DF2, ICC_1_P, ICC_1_LO, ICC_1_HI],
        [ICC_2, ICC_2_F, ICC_2_DF2, ICC_2_P, ICC_2_LO, ICC_2_HI],
        [ICC_3, ICC_3_F, ICC_3_DF2, ICC_3_P, ICC_3_LO, ICC_3_HI],
        [ICC_4, ICC_4_F, ICC_4_DF2, ICC_4_P, ICC_4_LO, ICC_4_HI],
        [ICC_5, ICC_5_F, ICC_5_DF2, ICC_5_P, ICC_5_LO, ICC_5_HI],
    ];
    for (r, w) in res.iter().zip(want) {
        est(r.icc, w[0]);
        est(r.f, w[1]);
        est(r.df2, w[2]);
        pv(r.p_value, w[3]);
        est(r.ci95.0, w[4]);
        est(r.ci95.1, w[5]);
        assert_eq!(r.df1, 7.0);
    }
    assert_eq!(res[1].form, IccForm::Icc2);
}
