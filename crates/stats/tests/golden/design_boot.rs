use super::data::*;
use super::est;
use chibo_stats::Alternative as A;
use chibo_stats::bootstrap::*;
use chibo_stats::descriptive::mean;
use chibo_stats::design::*;

#[test]
fn power_values() {
    let cases = [
        (0.5, 20.0, 0.05, A::TwoSided, POW_PAIRED_0),
        (0.8, 7.0, 0.05, A::TwoSided, POW_PAIRED_1),
        (0.3, 50.0, 0.05, A::Greater, POW_PAIRED_2),
        (-0.4, 30.0, 0.1, A::Less, POW_PAIRED_3),
    ];
    for (es, n, alpha, alt, want) in cases {
        est(power(Design::Paired { n }, es, alpha, alt).unwrap(), want);
    }
    let cases = [
        (0.5, 30.0, 1.0, 0.05, A::TwoSided, POW_IND_0),
        (0.8, 12.0, 1.5, 0.05, A::TwoSided, POW_IND_1),
        (0.35, 100.0, 0.5, 0.01, A::Greater, POW_IND_2),
    ];
    for (es, n1, ratio, alpha, alt, want) in cases {
        est(
            power(Design::TwoGroup { n1, ratio }, es, alpha, alt).unwrap(),
            want,
        );
    }
}

/// statsmodels' `solve_power` stops at its root-finder tolerance, so MDE and sample sizes are
/// compared at 1e-6 relative (our bisection runs to ~1e-15).
#[test]
fn mde_and_sample_size() {
    let rel = |a: f64, b: f64| ((a - b) / b).abs() < 1e-6;
    let m = minimum_detectable_effect(Design::Paired { n: 7.0 }, 0.05, 0.8, A::TwoSided).unwrap();
    assert!(rel(m, MDE_PAIRED), "{m} vs {MDE_PAIRED}");
    let m = minimum_detectable_effect(
        Design::TwoGroup {
            n1: 40.0,
            ratio: 1.0,
        },
        0.05,
        0.8,
        A::TwoSided,
    )
    .unwrap();
    assert!(rel(m, MDE_IND), "{m} vs {MDE_IND}");
    let n = sample_size(Design::Paired { n: 0.0 }, 0.5, 0.05, 0.8, A::TwoSided).unwrap();
    assert!(rel(n, N_PAIRED), "{n} vs {N_PAIRED}");
    let n = sample_size(
        Design::TwoGroup {
            n1: 0.0,
            ratio: 1.0,
        },
        0.5,
        0.05,
        0.8,
        A::TwoSided,
    )
    .unwrap();
    assert!(rel(n, N_IND), "{n} vs {N_IND}");
    // round trip: power at the MDE is the target
    let p = power(Design::Paired { n: 7.0 }, MDE_PAIRED, 0.05, A::TwoSided).unwrap();
    assert!((p - 0.8).abs() < 1e-6);
    assert!(power(Design::Paired { n: 1.0 }, 0.5, 0.05, A::TwoSided).is_err());
    assert!(power(Design::Paired { n: 10.0 }, 0.5, 1.5, A::TwoSided).is_err());
}

#[test]
fn bootstrap_matches_python_reimplementation() {
    let data: Vec<f64> = DISTRICT.iter().chain(ENTERPRISE.iter()).copied().collect();
    let r = bootstrap(&data, mean, 999, 0.95, 42).unwrap();
    est(r.se, BOOT_SE);
    est(r.percentile.0, BOOT_PCT_LO);
    est(r.percentile.1, BOOT_PCT_HI);
    est(r.bca.z0, BOOT_Z0);
    est(r.bca.acceleration, BOOT_A);
    est(r.bca.ci.0, BOOT_BCA_LO);
    est(r.bca.ci.1, BOOT_BCA_HI);
}

#[test]
fn bca_reduces_to_percentile() {
    // symmetric replicates around theta and a symmetric jackknife: z0 = a = 0
    let boot: Vec<f64> = (0..1001).map(|i| (i as f64 - 500.0) / 100.0).collect();
    let jack = [-1.0, 0.0, 1.0];
    let b = bca_interval(0.0, &boot, &jack, 0.9).unwrap();
    assert_eq!(b.z0, 0.0);
    assert_eq!(b.acceleration, 0.0);
    let p = percentile_interval(&boot, 0.9).unwrap();
    assert!((b.ci.0 - p.0).abs() < 1e-12 && (b.ci.1 - p.1).abs() < 1e-12);
    assert!(bca_interval(100.0, &boot, &jack, 0.9).is_err());
}

#[test]
fn cluster_bootstrap_matches_statsmodels_refits() {
    let t = REG_T.map(|v| v == 1.0);
    let a = REG_A.map(|v| v == 1.0);
    let r = did_cluster_bootstrap(&REG_Y, &t, &a, &REG_CL, 200, 0.95, 7).unwrap();
    est(r.estimate, DID_B3);
    est(r.se, CBOOT_SE);
    est(r.percentile.0, CBOOT_PCT_LO);
    est(r.percentile.1, CBOOT_PCT_HI);
    assert_eq!((r.resamples, r.failed), (200, 0));
}

#[test]
fn rng_is_deterministic() {
    let mut a = Rng::new(1);
    let mut b = Rng::new(1);
    for _ in 0..100 {
        assert_eq!(a.next_u64(), b.next_u64());
    }
    let x = Rng::new(9).below(10);
    assert!(x < 10);
}
