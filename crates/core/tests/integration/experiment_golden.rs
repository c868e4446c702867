//! The evaluation of an experiment equals SciPy, statsmodels and NumPy on
//! the same exported file (`experiment_golden.py` writes the file and the
//! values; each constant names its call). Estimates agree within 1e-9
//! relative, p-values within 1e-6.

use chibo_core::experiments::dataset::ExperimentDataset;
use chibo_core::experiments::evaluate::{EvaluationOptions, Method, evaluate};

#[path = "experiment_golden_values.rs"]
mod values;
use values::*;

const DATASET: &str = include_str!("../data/experiment_dataset.csv");

#[track_caller]
fn est(got: f64, want: f64) {
    let ok = if want.abs() < 1e-3 {
        (got - want).abs() <= 1e-12 + 1e-9 * want.abs()
    } else {
        ((got - want) / want).abs() <= 1e-9
    };
    assert!(ok, "estimate: got {got:.17e}, want {want:.17e}");
}

#[track_caller]
fn pv(got: f64, want: f64) {
    let ok = if want < 1e-6 {
        (got - want).abs() <= 1e-12
    } else {
        ((got - want) / want).abs() <= 1e-6
    };
    assert!(ok, "p-value: got {got:.17e}, want {want:.17e}");
}

/// (t, p, lo, hi, W, W p, d_z, DiD, CR1 se, CR1 p, CR2 se, CR2 df, CR2 p, standardized)
type Expected = [f64; 14];

fn expected() -> [Expected; 5] {
    macro_rules! row {
        (MEETING_SCORE) => {
            [
                MEETING_SCORE_T,
                MEETING_SCORE_T_P,
                MEETING_SCORE_T_LO,
                MEETING_SCORE_T_HI,
                MEETING_SCORE_W,
                MEETING_SCORE_W_P,
                MEETING_SCORE_DZ,
                MEETING_SCORE_DID,
                MEETING_SCORE_CR1_SE,
                MEETING_SCORE_CR1_P,
                MEETING_SCORE_CR2_SE,
                MEETING_SCORE_CR2_DF,
                MEETING_SCORE_CR2_P,
                MEETING_SCORE_STD,
            ]
        };
        (ATTENDANCE) => {
            [
                ATTENDANCE_T,
                ATTENDANCE_T_P,
                ATTENDANCE_T_LO,
                ATTENDANCE_T_HI,
                ATTENDANCE_W,
                ATTENDANCE_W_P,
                ATTENDANCE_DZ,
                ATTENDANCE_DID,
                ATTENDANCE_CR1_SE,
                ATTENDANCE_CR1_P,
                ATTENDANCE_CR2_SE,
                ATTENDANCE_CR2_DF,
                ATTENDANCE_CR2_P,
                ATTENDANCE_STD,
            ]
        };
        (SPOKE_SHARE) => {
            [
                SPOKE_SHARE_T,
                SPOKE_SHARE_T_P,
                SPOKE_SHARE_T_LO,
                SPOKE_SHARE_T_HI,
                SPOKE_SHARE_W,
                SPOKE_SHARE_W_P,
                SPOKE_SHARE_DZ,
                SPOKE_SHARE_DID,
                SPOKE_SHARE_CR1_SE,
                SPOKE_SHARE_CR1_P,
                SPOKE_SHARE_CR2_SE,
                SPOKE_SHARE_CR2_DF,
                SPOKE_SHARE_CR2_P,
                SPOKE_SHARE_STD,
            ]
        };
        (TASKS_ON_TIME) => {
            [
                TASKS_ON_TIME_T,
                TASKS_ON_TIME_T_P,
                TASKS_ON_TIME_T_LO,
                TASKS_ON_TIME_T_HI,
                TASKS_ON_TIME_W,
                TASKS_ON_TIME_W_P,
                TASKS_ON_TIME_DZ,
                TASKS_ON_TIME_DID,
                TASKS_ON_TIME_CR1_SE,
                TASKS_ON_TIME_CR1_P,
                TASKS_ON_TIME_CR2_SE,
                TASKS_ON_TIME_CR2_DF,
                TASKS_ON_TIME_CR2_P,
                TASKS_ON_TIME_STD,
            ]
        };
        (LENGTH) => {
            [
                LENGTH_T,
                LENGTH_T_P,
                LENGTH_T_LO,
                LENGTH_T_HI,
                LENGTH_W,
                LENGTH_W_P,
                LENGTH_DZ,
                LENGTH_DID,
                LENGTH_CR1_SE,
                LENGTH_CR1_P,
                LENGTH_CR2_SE,
                LENGTH_CR2_DF,
                LENGTH_CR2_P,
                LENGTH_STD,
            ]
        };
    }
    [
        row!(MEETING_SCORE),
        row!(ATTENDANCE),
        row!(SPOKE_SHARE),
        row!(TASKS_ON_TIME),
        row!(LENGTH),
    ]
}

#[test]
fn the_evaluation_equals_scipy_and_statsmodels_on_the_exported_file() {
    let dataset = ExperimentDataset::from_csv(DATASET).unwrap();
    assert_eq!(dataset.rows.len(), 14 * 12);
    // 2^14 resamples: every sign vector is enumerated, as the reference did.
    let options = EvaluationOptions {
        resamples: 1 << 14,
        ..EvaluationOptions::default()
    };
    let evaluation = evaluate(&dataset, &options);
    assert_eq!(evaluation.outcomes.len(), 5);
    assert_eq!(evaluation.clusters, 14);
    assert!(evaluation.few_clusters);
    for (found, want) in evaluation.outcomes.iter().zip(expected()) {
        let within = &found.within;
        assert_eq!(within.cells, 7);
        assert_eq!(within.paired_t.method, Method::PairedT);
        let t = within.paired_t.value.as_ref().unwrap();
        est(t.test.statistic, want[0]);
        pv(t.test.p_value, want[1]);
        est(t.ci.0, want[2]);
        est(t.ci.1, want[3]);
        let w = within.wilcoxon.value.as_ref().unwrap();
        est(w.statistic, want[4]);
        pv(w.p_value, want[5]);
        est(within.dz.value.as_ref().unwrap().estimate, want[6]);
        let did = &found.did;
        let cr1 = did.cr1.value.as_ref().unwrap();
        let cr2 = did.cr2.value.as_ref().unwrap();
        est(cr1.estimate, want[7]);
        est(cr2.estimate, want[7]);
        est(cr1.se, want[8]);
        pv(cr1.p_value, want[9]);
        est(cr2.se, want[10]);
        est(cr2.df, want[11]);
        pv(cr2.p_value, want[12]);
        est(did.standardized.value.as_ref().unwrap().0, want[13]);
    }
    let wild = evaluation.outcomes[0].did.wild.value.as_ref().unwrap();
    assert!(wild.enumerated);
    pv(wild.p_value, WILD_P);
    assert_eq!(evaluation.rated_meetings, 42);
    est(evaluation.raters.value.as_ref().unwrap().icc, ICC21);
}

#[test]
fn a_file_with_bad_values_is_refused_with_every_problem_located() {
    let bad = DATASET.replacen(
        "P01,pilot,P01,baseline,2024-01-15,71.2",
        "P01,pilot,P01,before,2024-01-15,x",
        1,
    );
    let Err(chibo_core::CoreError::Invalid(problems)) = ExperimentDataset::from_csv(&bad) else {
        panic!("a bad file was read");
    };
    let fields: Vec<String> = problems.into_iter().filter_map(|p| p.field).collect();
    assert_eq!(fields, ["3:period", "3:meeting_score"]);
}

#[test]
fn too_few_cells_are_said_in_place_of_the_figures() {
    // One pilot and one comparison cell.
    let text: String = DATASET
        .lines()
        .filter(|l| {
            l.starts_with('#')
                || l.starts_with("cell,")
                || l.starts_with("P01,")
                || l.starts_with("C01,")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let dataset = ExperimentDataset::from_csv(&text).unwrap();
    let evaluation = evaluate(&dataset, &EvaluationOptions::default());
    let score = &evaluation.outcomes[0];
    assert_eq!(
        score.within.paired_t.value.as_ref().err().map(|m| m.id),
        Some("experiment-stats-too-few")
    );
    assert_eq!(
        score.did.wild.value.as_ref().err().map(|m| m.id),
        Some("experiment-stats-too-few")
    );
    let message = score.did.wild.value.as_ref().unwrap_err();
    let text = chibo_i18n::render(chibo_i18n::Lang::Vi, message);
    assert!(text.starts_with("Quá ít dữ liệu"), "{text}");
    assert!(evaluation.few_clusters);
}

/// Survey-construct outcomes on cell means equal SciPy 1.17.1 and
/// statsmodels 0.15.0 on the same seven pilot and seven comparison cell
/// means (the reference script's calls, run on these very lists):
/// `scipy.stats.ttest_rel(after, before)` and its
/// `.confidence_interval(0.95)`, `scipy.stats.wilcoxon(after, before)`
/// (defaults: exact, zero_method="wilcox"), d_z = mean(d)/std(d, ddof=1),
/// `statsmodels.api.OLS(y, [1, T, A, T·A]).fit(cov_type="cluster",
/// cov_kwds={"groups": cell}, use_t=True)` for β₃ and CR1, and CR2 with
/// the Bell–McCaffrey df by `experiment_golden.py`'s NumPy `cr2`. Two
/// cells below the threshold are left out before anything is computed.
#[test]
fn construct_outcomes_equal_scipy_and_statsmodels_on_cell_means() {
    use chibo_core::experiments::constructs::{CellScores, evaluate_construct};
    use chibo_domain::experiment::Arm;
    let pilot_before = [3.41, 3.12, 3.68, 2.95, 3.33, 3.57, 3.20];
    let pilot_after = [3.62, 3.30, 3.71, 3.25, 3.49, 3.90, 3.28];
    let comparison_before = [3.38, 3.05, 3.61, 3.02, 3.40, 3.49, 3.15];
    let comparison_after = [3.44, 3.01, 3.70, 3.10, 3.38, 3.58, 3.22];
    let n = 12u32;
    let mut cells = Vec::new();
    for (arm, prefix, before, after) in [
        (Arm::Pilot, "P", pilot_before, pilot_after),
        (Arm::Comparison, "C", comparison_before, comparison_after),
    ] {
        for i in 0..7 {
            cells.push(CellScores {
                cell: format!("{prefix}{:02}", i + 1),
                arm,
                before: (n, before[i] * f64::from(n)),
                after: (n, after[i] * f64::from(n)),
            });
        }
    }
    // Too small in one wave: left out, whatever their means.
    cells.push(CellScores {
        cell: "P08".to_owned(),
        arm: Arm::Pilot,
        before: (9, 9.0),
        after: (15, 75.0),
    });
    cells.push(CellScores {
        cell: "C08".to_owned(),
        arm: Arm::Comparison,
        before: (20, 100.0),
        after: (3, 3.0),
    });
    let options = EvaluationOptions::default();
    let found = evaluate_construct("frankness", &cells, 10, &options);
    assert_eq!((found.left_out_pilot, found.left_out_comparison), (1, 1));
    assert_eq!(found.cells.len(), 14);
    let within = &found.evaluation.within;
    assert_eq!(within.cells, 7);
    let t = within.paired_t.value.as_ref().unwrap();
    est(t.test.statistic, 4.495746978054726);
    pv(t.test.p_value, 0.004122567843521228);
    est(t.ci.0, 0.08398405129543048);
    est(t.ci.1, 0.28458737727599787);
    let w = within.wilcoxon.value.as_ref().unwrap();
    est(w.statistic, 0.0);
    pv(w.p_value, 0.015625);
    est(
        within.dz.value.as_ref().unwrap().estimate,
        1.6992326373432802,
    );
    let did = &found.evaluation.did;
    assert_eq!((did.pilot_cells, did.comparison_cells), (7, 7));
    let cr1 = did.cr1.value.as_ref().unwrap();
    let cr2 = did.cr2.value.as_ref().unwrap();
    est(cr1.estimate, 0.1371428571428568);
    est(cr2.estimate, 0.1371428571428568);
    est(cr1.se, 0.04667601012840617);
    pv(cr1.p_value, 0.011530598640812163);
    est(cr2.se, 0.04580348440537561);
    est(cr2.df, 11.999999999999998);
    pv(cr2.p_value, 0.011187503350754632);
    est(
        did.standardized.value.as_ref().unwrap().0,
        0.5887568011268026,
    );
    // With the comparison cells gone the comparison is refused in words.
    let pilots: Vec<CellScores> = cells
        .iter()
        .filter(|c| c.arm == Arm::Pilot)
        .cloned()
        .collect();
    let alone = evaluate_construct("frankness", &pilots, 10, &options);
    let why = alone.evaluation.did.cr2.value.unwrap_err();
    assert_eq!(why.id, "experiment-construct-did-too-few");
    assert!(alone.evaluation.within.paired_t.value.is_ok());
}
