//! The wild cluster bootstrap against statsmodels fits of every replicate
//! (`crates/stats/reference/golden_wild.py`).

use super::data::*;
use super::{est, pv};
use chibo_stats::wild::did_wild_cluster_bootstrap;

#[path = "wild_values.rs"]
mod values;
use values::*;

fn flags(xs: &[f64]) -> Vec<bool> {
    xs.iter().map(|v| *v == 1.0).collect()
}

#[test]
fn enumerated_wild_bootstrap_equals_statsmodels_replicates() {
    let (t, a) = (flags(&REG_T), flags(&REG_A));
    let got = did_wild_cluster_bootstrap(&REG_Y, &t, &a, &REG_CL, 2_000, 1).unwrap();
    assert!(got.enumerated);
    assert_eq!(got.resamples, 1024);
    assert_eq!(got.clusters, 10);
    est(got.t, WILD_T);
    pv(got.p_value, WILD_P);
    // Enumeration does not depend on the seed.
    let again = did_wild_cluster_bootstrap(&REG_Y, &t, &a, &REG_CL, 2_000, 99).unwrap();
    assert_eq!(again.p_value, got.p_value);
}

#[test]
fn drawn_wild_bootstrap_is_close_to_the_enumeration_and_seeded() {
    let (t, a) = (flags(&REG_T), flags(&REG_A));
    let drawn = did_wild_cluster_bootstrap(&REG_Y, &t, &a, &REG_CL, 999, 7).unwrap();
    assert!(!drawn.enumerated);
    assert_eq!(drawn.resamples, 999);
    // 999 draws: the Monte Carlo standard error of p is below 0.016.
    assert!(
        (drawn.p_value - WILD_P).abs() < 0.05,
        "{} vs {WILD_P}",
        drawn.p_value
    );
    let same = did_wild_cluster_bootstrap(&REG_Y, &t, &a, &REG_CL, 999, 7).unwrap();
    assert_eq!(same, drawn);
}

#[test]
fn too_few_clusters_are_refused() {
    let err = did_wild_cluster_bootstrap(
        &[1.0, 2.0, 3.0, 4.0],
        &[true, true, false, false],
        &[false, true, false, true],
        &[1, 1, 2, 2],
        100,
        1,
    );
    assert!(matches!(
        err,
        Err(chibo_stats::StatsError::TooFewObservations {
            what: "clusters",
            ..
        })
    ));
}
