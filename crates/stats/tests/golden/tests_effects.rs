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
