use super::data::*;
use super::est;
use chibo_stats::effect::*;

#[test]
fn cohen_hedges_dz() {
    let d = cohens_d(&DISTRICT, &ENTERPRISE, 0.95).unwrap();
    est(d.estimate, COHEN_D);
    est(d.ci.0, COHEN_D_LO);
    est(d.ci.1, COHEN_D_HI);
    let g = hedges_g(&DISTRICT, &ENTERPRISE, 0.95).unwrap();
    est(g.estimate, HEDGES_G);
    est(g.ci.0, HEDGES_G_LO);
    est(g.ci.1, HEDGES_G_HI);
    let dz = cohens_dz(&AFTER, &BEFORE, 0.95).unwrap();
    est(dz.estimate, COHEN_DZ);
    est(dz.ci.0, COHEN_DZ_LO);
    est(dz.ci.1, COHEN_DZ_HI);
}

#[test]
fn rank_biserial() {
    est(rank_biserial_paired(&AFTER, &BEFORE).unwrap(), WX_RBC);
    est(
        rank_biserial_paired(&LIKERT_POST, &LIKERT_PRE).unwrap(),
        WX_LIKERT_RBC,
    );
    est(rank_biserial_independent(&LIK_A, &LIK_B).unwrap(), MW_RBC);
    assert!(rank_biserial_paired(&[1.0, 2.0], &[1.0, 2.0]).is_err());
}

#[test]
fn effect_sizes_of_k_groups() {
    let groups: [&[f64]; 4] = [&DISTRICT, &CIVIL, &ENTERPRISE, &UNIVERSITY];
    est(eta_squared(&groups).unwrap(), ANOVA_ETA2);
    let n = LIK_A.len() + LIK_B.len() + LIK_C.len();
    est(epsilon_squared(KW_H, n).unwrap(), KW_EPSILON2);
    assert!(eta_squared(&[&[1.0, 1.0], &[1.0]]).is_err());
    assert!(eta_squared(&[&DISTRICT]).is_err());
    assert!(epsilon_squared(f64::NAN, 10).is_err());
    assert!(epsilon_squared(-1.0, 10).is_err());
}
