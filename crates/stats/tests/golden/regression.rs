#![allow(clippy::needless_range_loop)]

use super::data::*;
use super::{est, pv};
use chibo_stats::regression::*;

fn rows(with_cov: bool) -> Vec<Vec<f64>> {
    (0..REG_Y.len())
        .map(|i| {
            let mut r = vec![1.0, REG_T[i], REG_A[i], REG_T[i] * REG_A[i]];
            if with_cov {
                r.push(REG_X3[i]);
            }
            r
        })
        .collect()
}

#[test]
fn did_all_covariances() {
    let fit = ols(&REG_Y, &rows(false)).unwrap();
    let b = [DID_B0, DID_B1, DID_B2, DID_B3];
    for j in 0..4 {
        est(fit.coef[j], b[j]);
    }
    let cases: [(CovType<'_>, [f64; 4], [f64; 4]); 4] = [
        (
            CovType::Classical,
            [DID_CL_SE0, DID_CL_SE1, DID_CL_SE2, DID_CL_SE3],
            [DID_CL_P0, DID_CL_P1, DID_CL_P2, DID_CL_P3],
        ),
        (
            CovType::Hc1,
            [DID_HC1_SE0, DID_HC1_SE1, DID_HC1_SE2, DID_HC1_SE3],
            [DID_HC1_P0, DID_HC1_P1, DID_HC1_P2, DID_HC1_P3],
        ),
        (
            CovType::Cr1(&REG_CL),
            [DID_CR1_SE0, DID_CR1_SE1, DID_CR1_SE2, DID_CR1_SE3],
            [DID_CR1_P0, DID_CR1_P1, DID_CR1_P2, DID_CR1_P3],
        ),
        (
            CovType::Cr2(&REG_CL),
            [DID_CR2_SE0, DID_CR2_SE1, DID_CR2_SE2, DID_CR2_SE3],
            [DID_CR2_P0, DID_CR2_P1, DID_CR2_P2, DID_CR2_P3],
        ),
    ];
    for (ct, se, p) in cases {
        let inf = fit.inference(ct, 0.95).unwrap();
        for j in 0..4 {
            est(inf.coefs[j].se, se[j]);
            pv(inf.coefs[j].p_value, p[j]);
        }
    }
    let inf = fit.inference(CovType::Cr2(&REG_CL), 0.95).unwrap();
    let df = [DID_CR2_DF0, DID_CR2_DF1, DID_CR2_DF2, DID_CR2_DF3];
    for j in 0..4 {
        est(inf.coefs[j].df, df[j]);
    }
    let d = did(
        &REG_Y,
        &REG_T.map(|v| v == 1.0),
        &REG_A.map(|v| v == 1.0),
        CovType::Cr1(&REG_CL),
        0.95,
    )
    .unwrap();
    est(d.effect.estimate, DID_B3);
    est(d.effect.ci.0, DID_CR1_LO3);
    est(d.effect.ci.1, DID_CR1_HI3);
    assert_eq!(d.effect.df, 9.0);
    let d = did(
        &REG_Y,
        &REG_T.map(|v| v == 1.0),
        &REG_A.map(|v| v == 1.0),
        CovType::Classical,
        0.95,
    )
    .unwrap();
    est(d.effect.ci.0, DID_CL_LO3);
    est(d.effect.ci.1, DID_CL_HI3);
    let d = did(
        &REG_Y,
        &REG_T.map(|v| v == 1.0),
        &REG_A.map(|v| v == 1.0),
        CovType::Hc1,
        0.95,
    )
    .unwrap();
    est(d.effect.ci.0, DID_HC1_LO3);
    est(d.effect.ci.1, DID_HC1_HI3);
}

#[test]
fn regression_with_covariate() {
    let fit = ols(&REG_Y, &rows(true)).unwrap();
    let b = [REGC_B0, REGC_B1, REGC_B2, REGC_B3, REGC_B4];
    for j in 0..5 {
        est(fit.coef[j], b[j]);
    }
    let se = [
        [
            REGC_CL_SE0,
            REGC_CL_SE1,
            REGC_CL_SE2,
            REGC_CL_SE3,
            REGC_CL_SE4,
        ],
        [
            REGC_HC1_SE0,
            REGC_HC1_SE1,
            REGC_HC1_SE2,
            REGC_HC1_SE3,
            REGC_HC1_SE4,
        ],
        [
            REGC_CR1_SE0,
            REGC_CR1_SE1,
            REGC_CR1_SE2,
            REGC_CR1_SE3,
            REGC_CR1_SE4,
        ],
        [
            REGC_CR2_SE0,
            REGC_CR2_SE1,
            REGC_CR2_SE2,
            REGC_CR2_SE3,
            REGC_CR2_SE4,
        ],
    ];
    let p = [
        [REGC_CL_P0, REGC_CL_P1, REGC_CL_P2, REGC_CL_P3, REGC_CL_P4],
        [
            REGC_HC1_P0,
            REGC_HC1_P1,
            REGC_HC1_P2,
            REGC_HC1_P3,
            REGC_HC1_P4,
        ],
        [
            REGC_CR1_P0,
            REGC_CR1_P1,
            REGC_CR1_P2,
            REGC_CR1_P3,
            REGC_CR1_P4,
        ],
        [
            REGC_CR2_P0,
            REGC_CR2_P1,
            REGC_CR2_P2,
            REGC_CR2_P3,
            REGC_CR2_P4,
        ],
    ];
    let df = [
        REGC_CR2_DF0,
        REGC_CR2_DF1,
        REGC_CR2_DF2,
        REGC_CR2_DF3,
        REGC_CR2_DF4,
    ];
    let cts = [
        CovType::Classical,
        CovType::Hc1,
        CovType::Cr1(&REG_CL),
        CovType::Cr2(&REG_CL),
    ];
    for (i, ct) in cts.into_iter().enumerate() {
        let inf = fit.inference(ct, 0.95).unwrap();
        for j in 0..5 {
            est(inf.coefs[j].se, se[i][j]);
            pv(inf.coefs[j].p_value, p[i][j]);
            if i == 3 {
                est(inf.coefs[j].df, df[j]);
            }
        }
    }
}

#[test]
fn regression_errors() {
    // collinear columns
    let x: Vec<Vec<f64>> = (0..5)
        .map(|i| vec![1.0, i as f64, 2.0 * i as f64])
        .collect();
    assert!(ols(&[1.0, 2.0, 3.0, 4.0, 6.0], &x).is_err());
    assert!(ols(&[1.0, 2.0], &[vec![1.0], vec![1.0], vec![1.0]]).is_err());
    let fit = ols(&REG_Y, &rows(false)).unwrap();
    assert!(fit.inference(CovType::Cr1(&[1, 2, 3]), 0.95).is_err());
}
