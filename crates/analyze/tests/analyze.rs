//! `chibo analyze` end to end: arguments parsed by clap, data written to CSV/XLSX files, JSON
//! compared with the golden values of the statistics crate (SciPy / statsmodels / pingouin; the
//! Python call is the doc comment of each constant in `crates/stats/tests/golden/data.rs`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic is how a test fails"
)]

#[path = "../../stats/tests/golden/data.rs"]
mod data;

use std::path::{Path, PathBuf};

use chibo_analyze::{AnalyzeArgs, AnalyzeError, AnalyzeOutput, run};
use chibo_i18n::{Lang, render};
use clap::Parser;
use data::*;
use serde_json::Value;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: AnalyzeArgs,
}

fn parse(argv: &[&str]) -> AnalyzeArgs {
    let mut full = vec!["analyze"];
    full.extend_from_slice(argv);
    Cli::try_parse_from(full)
        .unwrap_or_else(|e| panic!("{e}"))
        .args
}

fn ok_in(lang: Lang, argv: &[&str]) -> AnalyzeOutput {
    run(&parse(argv), lang).unwrap_or_else(|e| panic!("{argv:?}: {}", e.render(Lang::En)))
}

fn ok(argv: &[&str]) -> AnalyzeOutput {
    ok_in(Lang::Vi, argv)
}

fn err(argv: &[&str]) -> AnalyzeError {
    match run(&parse(argv), Lang::Vi) {
        Ok(out) => panic!("{argv:?} should fail, got:\n{}", out.text),
        Err(e) => e,
    }
}

/// Estimates: 1e-9 relative (1e-12 absolute near 0), as the golden tests.
fn est(got: &Value, want: f64) {
    let g = got
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {got}"));
    let ok = if want.abs() < 1e-3 {
        (g - want).abs() <= 1e-12 + 1e-9 * want.abs()
    } else {
        ((g - want) / want).abs() <= 1e-9
    };
    assert!(ok, "estimate: got {g:.17e}, want {want:.17e}");
}

/// p-values: 1e-6 relative (1e-12 absolute below 1e-6).
fn pv(got: &Value, want: f64) {
    let g = got.as_f64().expect("p-value");
    let ok = if want < 1e-6 {
        (g - want).abs() <= 1e-12
    } else {
        ((g - want) / want).abs() <= 1e-6
    };
    assert!(ok, "p-value: got {g:.17e}, want {want:.17e}");
}

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Self {
        Dir(tempfile::tempdir().unwrap())
    }

    /// Writes a CSV file from columns (`None` = empty cell); numbers with a decimal point.
    fn csv(&self, name: &str, columns: &[(&str, Vec<Option<String>>)]) -> String {
        self.write_csv(name, columns, ',')
    }

    fn write_csv(&self, name: &str, columns: &[(&str, Vec<Option<String>>)], sep: char) -> String {
        let rows = columns.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
        let mut s = columns
            .iter()
            .map(|(h, _)| *h)
            .collect::<Vec<_>>()
            .join(&sep.to_string());
        s.push('\n');
        for i in 0..rows {
            let line: Vec<String> = columns
                .iter()
                .map(|(_, c)| c.get(i).cloned().flatten().unwrap_or_default())
                .collect();
            s.push_str(&line.join(&sep.to_string()));
            s.push('\n');
        }
        let path = self.0.path().join(name);
        std::fs::write(&path, s).unwrap();
        path.display().to_string()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }
}

fn nums(xs: &[f64]) -> Vec<Option<String>> {
    xs.iter()
        .map(|x| (!x.is_nan()).then(|| x.to_string()))
        .collect()
}

/// Numbers written with a Vietnamese decimal comma (for semicolon-separated files).
fn nums_comma(xs: &[f64]) -> Vec<Option<String>> {
    xs.iter()
        .map(|x| (!x.is_nan()).then(|| x.to_string().replace('.', ",")))
        .collect()
}

fn texts(xs: &[&str]) -> Vec<Option<String>> {
    xs.iter().map(|s| Some((*s).to_owned())).collect()
}

/// A long-format file: value column `score`, group column `sector`.
fn long(dir: &Dir, name: &str, groups: &[(&str, &[f64])]) -> String {
    let mut values = Vec::new();
    let mut labels = Vec::new();
    for (label, xs) in groups {
        for x in *xs {
            values.push(*x);
            labels.push(*label);
        }
    }
    dir.csv(
        name,
        &[("score", nums(&values)), ("sector", texts(&labels))],
    )
}

// ------------------------------------------------------------------ descriptive, t tests

#[test]
fn describe_matches_numpy_with_missing_cells() {
    let dir = Dir::new();
    // (an id column: the reader skips rows that are entirely empty)
    let ids: Vec<Option<String>> = (1..=9).map(|i| Some(format!("CB{i}"))).collect();
    let f = dir.write_csv(
        "d.csv",
        &[("ma", ids), ("Điểm", nums_comma(&DESC_DATA))],
        ';',
    );
    // header matched without case and tone marks
    let out = ok(&["describe", "--input", &f, "--columns", "diem"]);
    let v = &out.json["variables"][0];
    assert_eq!(v["n"], 7);
    assert_eq!(v["missing"], 2);
    est(&v["mean"], DESC_MEAN);
    est(&v["sd"], DESC_SD);
    est(&v["median"], DESC_MEDIAN);
    est(&v["q1"], DESC_Q1);
    est(&v["q3"], DESC_Q3);
    assert!(out.text.contains("trung bình = 3,7857"), "{}", out.text);
    assert!(out.text.contains("Thống kê mô tả"));
    let en = ok_in(Lang::En, &["describe", "--input", &f, "--columns", "Điểm"]);
    assert!(en.text.contains("mean = 3.7857"), "{}", en.text);
}

#[test]
fn one_sample_t_matches_scipy() {
    let dir = Dir::new();
    let f = dir.csv("a.csv", &[("after", nums(&AFTER))]);
    let out = ok(&[
        "t-one-sample",
        "--input",
        &f,
        "--columns",
        "after",
        "--mu",
        "70",
    ]);
    let j = &out.json;
    est(&j["statistic"], T1_T);
    pv(&j["p_value"], T1_P);
    est(&j["mean_ci"][0], T1_LO);
    est(&j["mean_ci"][1], T1_HI);
    est(&j["df"], 6.0);
    assert_eq!(j["variant"]["name"], "one_sample_t");
    assert!(out.text.contains("Kiểm định t một mẫu"));
    assert!(out.text.contains("p = 0,5049"), "{}", out.text);
    assert!(
        out.text
            .contains("Khác biệt không có ý nghĩa thống kê ở mức 5%")
    );
    // never a p-value without its effect size
    assert_eq!(j["effect"]["name"], "d");
    est(&j["effect"]["estimate"], COHEN_D_ONE_SAMPLE);
    est(&j["effect"]["ci"][0], COHEN_D_ONE_SAMPLE_LO);
    est(&j["effect"]["ci"][1], COHEN_D_ONE_SAMPLE_HI);
    assert!(
        out.text
            .contains("Cỡ hiệu ứng d của Cohen = 0,268 (KTC 95%: [-0,6733; 1,2093])"),
        "{}",
        out.text
    );
    assert_eq!(j["magnitude"], "small");
    let out = ok(&[
        "t-one-sample",
        "--input",
        &f,
        "--columns",
        "after",
        "--mu",
        "70",
        "--alternative",
        "greater",
        "--level",
        "0.90",
    ]);
    pv(&out.json["p_value"], T1G_P);
    est(&out.json["mean_ci"][0], T1G_LO);
    assert!(out.json["mean_ci"][1].is_null(), "infinite bound is null");
    assert!(out.text.contains("+∞"));
    assert!(out.text.contains("ở mức 10%"), "{}", out.text);
}

#[test]
fn paired_t_matches_scipy() {
    let dir = Dir::new();
    let f = dir.csv(
        "p.csv",
        &[("after", nums(&AFTER)), ("before", nums(&BEFORE))],
    );
    let out = ok(&["t-paired", "--input", &f, "--columns", "after,before"]);
    est(&out.json["statistic"], TP_T);
    pv(&out.json["p_value"], TP_P);
    est(&out.json["ci"][0], TP_LO);
    est(&out.json["ci"][1], TP_HI);
    assert!(
        out.text.contains("Khác biệt có ý nghĩa thống kê ở mức 5%"),
        "{}",
        out.text
    );
    assert!(
        out.text.contains("KTC 95%: [2,6789; 9,0354]"),
        "{}",
        out.text
    );
    assert_eq!(out.json["effect"]["name"], "d_z");
    est(&out.json["effect"]["estimate"], COHEN_DZ);
    est(&out.json["effect"]["ci"][0], COHEN_DZ_LO);
    est(&out.json["effect"]["ci"][1], COHEN_DZ_HI);
    assert!(
        out.text
            .contains("Cỡ hiệu ứng d_z của Cohen (mẫu cặp) = 1,7044"),
        "{}",
        out.text
    );
    let out = ok(&[
        "t-paired",
        "--input",
        &f,
        "--columns",
        "after,before",
        "--alternative",
        "less",
    ]);
    pv(&out.json["p_value"], TPL_P);
    est(&out.json["ci"][1], TPL_HI);
    let en = ok_in(
        Lang::En,
        &["t-paired", "--input", &f, "--columns", "after,before"],
    );
    assert!(en.text.contains("95% CI: [2.6789, 9.0354]"), "{}", en.text);
    assert!(
        en.text
            .contains("Effect size Cohen's d_z (paired) = 1.7044"),
        "{}",
        en.text
    );
    assert!(en.text.contains("Effect magnitude"), "{}", en.text);
    assert!(
        en.text
            .contains("statistically significant at the 5% level")
    );
}

#[test]
fn student_t_by_group_and_welch_by_columns_match_scipy() {
    let dir = Dir::new();
    let f = long(
        &dir,
        "g.csv",
        &[("district", &DISTRICT), ("enterprise", &ENTERPRISE)],
    );
    let out = ok(&[
        "t-student",
        "--input",
        &f,
        "--columns",
        "score",
        "--group",
        "sector",
    ]);
    est(&out.json["statistic"], TS_T);
    est(&out.json["df"], TS_DF);
    pv(&out.json["p_value"], TS_P);
    est(&out.json["ci"][0], TS_LO);
    est(&out.json["ci"][1], TS_HI);
    assert_eq!(out.json["variant"]["name"], "student_t");
    assert_eq!(out.json["effect"]["name"], "d");
    est(&out.json["effect"]["estimate"], COHEN_D);
    est(&out.json["effect"]["ci"][0], COHEN_D_LO);
    est(&out.json["effect"]["ci"][1], COHEN_D_HI);
    assert!(
        out.text.contains("«district» − «enterprise»"),
        "{}",
        out.text
    );

    // two columns of unequal length: the shorter one ends in empty cells
    let w = dir.csv(
        "w.csv",
        &[
            ("district", nums(&DISTRICT)),
            ("enterprise", nums(&ENTERPRISE)),
        ],
    );
    let out = ok(&["t-welch", "--input", &w, "--columns", "district,enterprise"]);
    est(&out.json["statistic"], TW_T);
    est(&out.json["df"], TW_DF);
    pv(&out.json["p_value"], TW_P);
    est(&out.json["ci"][0], TW_LO);
    est(&out.json["ci"][1], TW_HI);
    assert_eq!(out.json["dropped"], 1);
    est(&out.json["effect"]["estimate"], COHEN_D);
    assert!(
        out.text.contains("Cỡ hiệu ứng d của Cohen = 1,3292"),
        "{}",
        out.text
    );
    assert!(out.text.contains("Welch"));
    assert!(out.text.contains("bậc tự do = 13,0537"), "{}", out.text);
    let out = ok(&[
        "t-welch",
        "--input",
        &w,
        "--columns",
        "district,enterprise",
        "--alternative",
        "greater",
    ]);
    pv(&out.json["p_value"], TWG_P);
}

// ------------------------------------------------------------------ rank tests

#[test]
fn wilcoxon_variants_match_scipy() {
    let dir = Dir::new();
    let f = dir.csv(
        "p.csv",
        &[("after", nums(&AFTER)), ("before", nums(&BEFORE))],
    );
    let out = ok(&["wilcoxon", "--input", &f, "--columns", "after,before"]);
    est(&out.json["statistic"], WX_EXACT_TS_STAT);
    pv(&out.json["p_value"], WX_EXACT_TS_P);
    assert_eq!(out.json["variant"]["name"], "wilcoxon_exact");
    est(&out.json["rank_biserial"], WX_RBC);
    assert!(out.text.contains("p = 0,0312"), "{}", out.text);
    // R's V is T+, SciPy's one-sided statistic
    est(&out.json["v"], WX_EXACT_G_STAT);
    assert!(out.text.contains("V = 27; p = 0,0312"), "{}", out.text);
    let out = ok(&[
        "wilcoxon",
        "--input",
        &f,
        "--columns",
        "after,before",
        "--alternative",
        "greater",
    ]);
    est(&out.json["statistic"], WX_EXACT_G_STAT);
    pv(&out.json["p_value"], WX_EXACT_G_P);

    let l = dir.csv(
        "l.csv",
        &[("post", nums(&LIKERT_POST)), ("pre", nums(&LIKERT_PRE))],
    );
    // ties and zeros: auto falls back to the normal approximation, no continuity by default
    let out = ok(&["wilcoxon", "--input", &l, "--columns", "post,pre"]);
    assert_eq!(out.json["variant"]["name"], "wilcoxon_normal");
    assert_eq!(out.json["variant"]["continuity"], false);
    est(&out.json["statistic"], WX_WILCOX_NC_TS_STAT);
    est(&out.json["v"], WX_WILCOX_NC_G_STAT);
    est(&out.json["z"], WX_WILCOX_NC_TS_Z);
    pv(&out.json["p_value"], WX_WILCOX_NC_TS_P);
    est(&out.json["rank_biserial"], WX_LIKERT_RBC);
    let out = ok(&[
        "wilcoxon",
        "--input",
        &l,
        "--columns",
        "post,pre",
        "--zero-method",
        "pratt",
        "--continuity",
        "true",
    ]);
    assert_eq!(out.json["variant"]["zero_method"], "pratt");
    est(&out.json["statistic"], WX_PRATT_CC_TS_STAT);
    est(&out.json["z"], WX_PRATT_CC_TS_Z);
    pv(&out.json["p_value"], WX_PRATT_CC_TS_P);
    assert!(
        out.text.contains("số 0: pratt; hiệu chỉnh liên tục: có"),
        "{}",
        out.text
    );
    let out = ok(&[
        "wilcoxon",
        "--input",
        &l,
        "--columns",
        "post,pre",
        "--zero-method",
        "zsplit",
        "--rank-method",
        "normal",
        "--alternative",
        "greater",
    ]);
    est(&out.json["statistic"], WX_ZSPLIT_NC_G_STAT);
    pv(&out.json["p_value"], WX_ZSPLIT_NC_G_P);

    // one column against mu = 0 (WX20 has no ties: exact)
    let o = dir.csv("o.csv", &[("d", nums(&WX20))]);
    let out = ok(&["wilcoxon", "--input", &o, "--columns", "d"]);
    pv(&out.json["p_value"], WX20_TS_P);
    // no negative difference: T− is +0, never printed "-0"
    let a = dir.csv("a.csv", &[("d", nums(&[1.0, 2.0, 3.0, 4.0, 5.0]))]);
    let out = ok(&["wilcoxon", "--input", &a, "--columns", "d"]);
    est(&out.json["statistic"], WX_ALL_POSITIVE_STAT);
    pv(&out.json["p_value"], WX_ALL_POSITIVE_P);
    let t_minus = out.json["t_minus"].as_f64().unwrap();
    assert!(t_minus == 0.0 && t_minus.is_sign_positive(), "{t_minus}");
    assert!(out.text.contains("V = 15;"), "{}", out.text);
    assert!(!out.text.contains("-0"), "{}", out.text);
    // exact with ties is an error of the statistics crate, reported
    let e = err(&[
        "wilcoxon",
        "--input",
        &l,
        "--columns",
        "post,pre",
        "--rank-method",
        "exact",
    ]);
    assert!(matches!(e, AnalyzeError::Stats(_)), "{e:?}");
}

#[test]
fn mann_whitney_matches_scipy() {
    let dir = Dir::new();
    let f = dir.csv("m.csv", &[("x", nums(&MW_X)), ("y", nums(&MW_Y))]);
    let out = ok(&["mann-whitney", "--input", &f, "--columns", "x,y"]);
    est(&out.json["statistic"], MW_EXACT_TS_U);
    pv(&out.json["p_value"], MW_EXACT_TS_P);
    assert_eq!(out.json["variant"]["name"], "mann_whitney_exact");
    let out = ok(&[
        "mann-whitney",
        "--input",
        &f,
        "--columns",
        "x,y",
        "--alternative",
        "less",
    ]);
    pv(&out.json["p_value"], MW_EXACT_L_P);
    assert!(out.text.contains("một phía, nhỏ hơn"));

    let g = long(&dir, "lik.csv", &[("A", &LIK_A), ("B", &LIK_B)]);
    let out = ok(&[
        "mann-whitney",
        "--input",
        &g,
        "--columns",
        "score",
        "--group",
        "sector",
    ]);
    est(&out.json["statistic"], MW_CC_TS_U);
    pv(&out.json["p_value"], MW_CC_TS_P);
    assert_eq!(out.json["variant"]["continuity"], true);
    est(&out.json["rank_biserial"], MW_RBC);
    let out = ok(&[
        "mann-whitney",
        "--input",
        &g,
        "--columns",
        "score",
        "--group",
        "sector",
        "--continuity",
        "false",
        "--alternative",
        "greater",
    ]);
    pv(&out.json["p_value"], MW_NC_G_P);
}

// ------------------------------------------------------------------ k groups

#[test]
fn anova_welch_and_kruskal_match_references() {
    let dir = Dir::new();
    let f = long(
        &dir,
        "s.csv",
        &[
            ("district", &DISTRICT),
            ("civil", &CIVIL),
            ("enterprise", &ENTERPRISE),
            ("university", &UNIVERSITY),
        ],
    );
    let out = ok(&[
        "anova",
        "--input",
        &f,
        "--columns",
        "score",
        "--group",
        "sector",
    ]);
    est(&out.json["statistic"], ANOVA_F);
    est(&out.json["df"], 3.0);
    est(&out.json["df2"], 28.0);
    pv(&out.json["p_value"], ANOVA_P);
    assert_eq!(out.json["groups"].as_array().unwrap().len(), 4);
    assert!(out.text.contains("p < 0,001"), "{}", out.text);
    assert!(out.text.contains("bậc tự do = (3; 28)"), "{}", out.text);
    let out = ok(&[
        "welch-anova",
        "--input",
        &f,
        "--columns",
        "score",
        "--group",
        "sector",
    ]);
    est(&out.json["statistic"], WANOVA_F);
    est(&out.json["df2"], WANOVA_DF2);
    pv(&out.json["p_value"], WANOVA_P);

    let w = dir.csv(
        "k.csv",
        &[
            ("a", nums(&LIK_A)),
            ("b", nums(&LIK_B)),
            ("c", nums(&LIK_C)),
        ],
    );
    let out = ok(&["kruskal-wallis", "--input", &w, "--columns", "a,b,c"]);
    est(&out.json["statistic"], KW_H);
    pv(&out.json["p_value"], KW_P);
    assert!(out.text.contains("H = 11,9661"), "{}", out.text);
}

// ------------------------------------------------------------------ contingency tables

/// Rows for a table given by counts (row-major), levels r1.., c1.. in order of appearance.
fn table_file(dir: &Dir, name: &str, counts: &[u64], ncols: usize) -> String {
    let mut a = Vec::new();
    let mut b = Vec::new();
    // first one row per cell so that levels appear in order, then the rest
    let mut left: Vec<u64> = counts.to_vec();
    for (k, c) in left.iter_mut().enumerate() {
        if *c > 0 {
            a.push(format!("r{}", k / ncols + 1));
            b.push(format!("c{}", k % ncols + 1));
            *c -= 1;
        }
    }
    for (k, c) in left.iter().enumerate() {
        for _ in 0..*c {
            a.push(format!("r{}", k / ncols + 1));
            b.push(format!("c{}", k % ncols + 1));
        }
    }
    let a: Vec<Option<String>> = a.into_iter().map(Some).collect();
    let b: Vec<Option<String>> = b.into_iter().map(Some).collect();
    dir.csv(name, &[("row", a), ("col", b)])
}

#[test]
fn chi_square_and_fisher_match_scipy() {
    let dir = Dir::new();
    let t22 = table_file(&dir, "t22.csv", &T22, 2);
    let out = ok(&["chi-square", "--input", &t22, "--columns", "row,col"]);
    assert_eq!(
        out.json["table"]["counts"],
        serde_json::json!([[12, 5], [7, 14]])
    );
    est(&out.json["statistic"], CHI22_Y_STAT);
    pv(&out.json["p_value"], CHI22_Y_P);
    assert_eq!(out.json["variant"]["yates"], true);
    assert!(
        out.text.contains("Chưa thấy liên hệ có ý nghĩa thống kê"),
        "{}",
        out.text
    );
    assert!(
        out.text.contains("χ² = 3,8319; bậc tự do = 1; p = 0,0503"),
        "{}",
        out.text
    );
    let out = ok(&[
        "chi-square",
        "--input",
        &t22,
        "--columns",
        "row,col",
        "--yates",
        "false",
    ]);
    est(&out.json["statistic"], CHI22_N_STAT);
    pv(&out.json["p_value"], CHI22_N_P);
    assert!(
        out.text
            .contains("Hai biến có liên hệ có ý nghĩa thống kê ở mức 5%")
    );
    let t33 = table_file(&dir, "t33.csv", &T33, 3);
    let out = ok(&["chi-square", "--input", &t33, "--columns", "row,col"]);
    est(&out.json["statistic"], CHI33_STAT);
    est(&out.json["df"], 4.0);
    pv(&out.json["p_value"], CHI33_P);

    let out = ok(&["fisher", "--input", &t22, "--columns", "row,col"]);
    est(&out.json["odds_ratio"], FISHER_0_OR);
    pv(&out.json["p_value"], FISHER_0_TS_P);
    assert!(out.text.contains("Tỉ số chênh"));
    let out = ok(&[
        "fisher",
        "--input",
        &t22,
        "--columns",
        "row,col",
        "--alternative",
        "greater",
    ]);
    pv(&out.json["p_value"], FISHER_0_G_P);
    let t2 = table_file(&dir, "t2.csv", &FISHER_T2, 2);
    let out = ok(&["fisher", "--input", &t2, "--columns", "row,col"]);
    est(&out.json["odds_ratio"], FISHER_2_OR);
    pv(&out.json["p_value"], FISHER_2_TS_P);
}

// ------------------------------------------------------------------ effect sizes

#[test]
fn effect_sizes_match_pingouin() {
    let dir = Dir::new();
    let f = long(
        &dir,
        "g.csv",
        &[("district", &DISTRICT), ("enterprise", &ENTERPRISE)],
    );
    let out = ok(&[
        "cohens-d",
        "--input",
        &f,
        "--columns",
        "score",
        "--group",
        "sector",
    ]);
    est(&out.json["estimate"], COHEN_D);
    est(&out.json["ci"][0], COHEN_D_LO);
    est(&out.json["ci"][1], COHEN_D_HI);
    assert_eq!(out.json["magnitude"], "large");
    assert!(out.text.contains("d = 1,3292"), "{}", out.text);
    assert!(out.text.contains("lớn"));
    let out = ok(&[
        "hedges-g",
        "--input",
        &f,
        "--columns",
        "score",
        "--group",
        "sector",
    ]);
    est(&out.json["estimate"], HEDGES_G);
    est(&out.json["ci"][0], HEDGES_G_LO);
    est(&out.json["ci"][1], HEDGES_G_HI);

    let p = dir.csv(
        "p.csv",
        &[("after", nums(&AFTER)), ("before", nums(&BEFORE))],
    );
    let out = ok(&["cohens-dz", "--input", &p, "--columns", "after,before"]);
    est(&out.json["estimate"], COHEN_DZ);
    est(&out.json["ci"][0], COHEN_DZ_LO);
    est(&out.json["ci"][1], COHEN_DZ_HI);
    let out = ok(&[
        "rank-biserial-paired",
        "--input",
        &p,
        "--columns",
        "after,before",
    ]);
    est(&out.json["estimate"], WX_RBC);

    let l = dir.csv("l.csv", &[("a", nums(&LIK_A)), ("b", nums(&LIK_B))]);
    let out = ok(&["rank-biserial", "--input", &l, "--columns", "a,b"]);
    est(&out.json["estimate"], MW_RBC);
    assert_eq!(out.json["magnitude"], "large");
}

// ------------------------------------------------------------------ reliability

#[test]
fn cronbach_alpha_matches_pingouin() {
    let dir = Dir::new();
    let cols: Vec<(String, Vec<Option<String>>)> = (0..5)
        .map(|j| {
            let v: Vec<f64> = ITEMS.iter().map(|r| r[j]).collect();
            (format!("q{}", j + 1), nums(&v))
        })
        .collect();
    let cols: Vec<(&str, Vec<Option<String>>)> =
        cols.iter().map(|(h, v)| (h.as_str(), v.clone())).collect();
    let f = dir.csv("items.csv", &cols);
    let out = ok(&[
        "cronbach-alpha",
        "--input",
        &f,
        "--columns",
        "q1,q2,q3,q4,q5",
    ]);
    let j = &out.json;
    est(&j["alpha"], ALPHA);
    est(&j["ci"][0], ALPHA_LO);
    est(&j["ci"][1], ALPHA_HI);
    est(&j["standardized_alpha"], ALPHA_STD);
    assert_eq!(j["n"], 12);
    assert_eq!(j["dropped"], 1);
    est(&j["items"][0]["alpha_if_dropped"], ALPHA_DROP_0);
    est(&j["items"][0]["corrected_item_total"], ITEM_TOTAL_0);
    est(&j["items"][4]["alpha_if_dropped"], ALPHA_DROP_4);
    assert_eq!(j["band"], "excellent");
    assert!(out.text.contains("α = 0,9199"), "{}", out.text);
    assert!(out.text.contains("rất tốt"));
}

#[test]
fn icc_from_xlsx_matches_pingouin() {
    let dir = Dir::new();
    let path = dir.path("ratings.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (j, h) in ["Rater A", "Rater B", "Rater C"].iter().enumerate() {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    for (i, row) in RATINGS.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            sheet.write_number(i as u32 + 1, j as u16, *v).unwrap();
        }
    }
    book.save(&path).unwrap();
    let f = path.display().to_string();
    let out = ok(&["icc", "--input", &f, "--columns", "rater a,Rater B,Rater C"]);
    let iccs = out.json["iccs"].as_array().unwrap();
    let want = [
        (ICC_0, ICC_0_F, ICC_0_DF2, ICC_0_P, ICC_0_LO, ICC_0_HI),
        (ICC_1, ICC_1_F, ICC_1_DF2, ICC_1_P, ICC_1_LO, ICC_1_HI),
        (ICC_2, ICC_2_F, ICC_2_DF2, ICC_2_P, ICC_2_LO, ICC_2_HI),
        (ICC_3, ICC_3_F, ICC_3_DF2, ICC_3_P, ICC_3_LO, ICC_3_HI),
        (ICC_4, ICC_4_F, ICC_4_DF2, ICC_4_P, ICC_4_LO, ICC_4_HI),
        (ICC_5, ICC_5_F, ICC_5_DF2, ICC_5_P, ICC_5_LO, ICC_5_HI),
    ];
    assert_eq!(iccs.len(), 6);
    for (got, (icc, f, df2, p, lo, hi)) in iccs.iter().zip(want) {
        est(&got["icc"], icc);
        est(&got["f"], f);
        est(&got["df2"], df2);
        pv(&got["p_value"], p);
        est(&got["ci95"][0], lo);
        est(&got["ci95"][1], hi);
    }
    assert_eq!(out.json["n_targets"], 8);
    assert_eq!(iccs[1]["form"], "ICC2");
    assert!(
        out.text.contains("ICC2 (hai chiều ngẫu nhiên"),
        "{}",
        out.text
    );
    assert!(out.text.contains("0,8571"));
    assert!(out.text.contains("Koo & Li"));
}

// ------------------------------------------------------------------ regression

fn reg_file(dir: &Dir) -> String {
    let ta: Vec<f64> = REG_T.iter().zip(&REG_A).map(|(t, a)| t * a).collect();
    // treated as có/không to exercise the yes/no parser; clusters as cell codes
    let treated: Vec<Option<String>> = REG_T
        .iter()
        .map(|t| Some(if *t == 1.0 { "có" } else { "không" }.to_owned()))
        .collect();
    let cells: Vec<Option<String>> = REG_CL.iter().map(|c| Some(format!("CB{c:02}"))).collect();
    dir.csv(
        "reg.csv",
        &[
            ("y", nums(&REG_Y)),
            ("t", nums(&REG_T)),
            ("treated", treated),
            ("a", nums(&REG_A)),
            ("ta", nums(&ta)),
            ("x3", nums(&REG_X3)),
            ("cell", cells),
        ],
    )
}

#[test]
fn ols_standard_errors_match_statsmodels() {
    let dir = Dir::new();
    let f = reg_file(&dir);
    let base = ["ols", "--input", &f, "--y", "y", "--x", "t,a,ta,x3"];
    let out = ok(&base);
    let c = &out.json["coefficients"];
    for (k, b, se, p) in [
        (0, REGC_B0, REGC_CL_SE0, REGC_CL_P0),
        (1, REGC_B1, REGC_CL_SE1, REGC_CL_P1),
        (2, REGC_B2, REGC_CL_SE2, REGC_CL_P2),
        (3, REGC_B3, REGC_CL_SE3, REGC_CL_P3),
        (4, REGC_B4, REGC_CL_SE4, REGC_CL_P4),
    ] {
        est(&c[k]["estimate"], b);
        est(&c[k]["se"], se);
        pv(&c[k]["p_value"], p);
    }
    est(&c[3]["ci"][0], REGC_CL_LO3);
    est(&c[3]["ci"][1], REGC_CL_HI3);
    assert_eq!(out.json["se_type"], "classical");
    assert!(
        out.text.contains("(hằng số): hệ số = 55,3101"),
        "{}",
        out.text
    );

    let mut hc1 = base.to_vec();
    hc1.extend(["--se", "hc1"]);
    let out = ok(&hc1);
    est(&out.json["coefficients"][3]["se"], REGC_HC1_SE3);
    est(&out.json["coefficients"][3]["ci"][0], REGC_HC1_LO3);

    let mut cr1 = base.to_vec();
    cr1.extend(["--se", "cr1", "--cluster", "cell"]);
    let out = ok(&cr1);
    est(&out.json["coefficients"][3]["se"], REGC_CR1_SE3);
    pv(&out.json["coefficients"][3]["p_value"], REGC_CR1_P3);
    est(&out.json["coefficients"][3]["df"], 9.0);
    assert_eq!(out.json["clusters"], 10);

    // --cluster alone defaults to CR2
    let mut cr2 = base.to_vec();
    cr2.extend(["--cluster", "cell"]);
    let out = ok(&cr2);
    assert_eq!(out.json["se_type"], "cr2");
    for (k, se, df, p) in [
        (0, REGC_CR2_SE0, REGC_CR2_DF0, REGC_CR2_P0),
        (2, REGC_CR2_SE2, REGC_CR2_DF2, REGC_CR2_P2),
        (4, REGC_CR2_SE4, REGC_CR2_DF4, REGC_CR2_P4),
    ] {
        let c = &out.json["coefficients"][k];
        est(&c["se"], se);
        est(&c["df"], df);
        pv(&c["p_value"], p);
    }
    assert!(
        out.text
            .contains("CR2 Bell–McCaffrey theo cụm «cell» (10 cụm)"),
        "{}",
        out.text
    );
}

#[test]
fn did_matches_statsmodels_and_cluster_bootstrap_matches_refits() {
    let dir = Dir::new();
    let f = reg_file(&dir);
    let base = [
        "did",
        "--input",
        &f,
        "--y",
        "y",
        "--treated",
        "treated",
        "--after",
        "a",
    ];
    let out = ok(&base);
    est(&out.json["effect"]["estimate"], DID_B3);
    est(&out.json["effect"]["se"], DID_CL_SE3);
    pv(&out.json["effect"]["p_value"], DID_CL_P3);
    est(&out.json["effect"]["ci"][0], DID_CL_LO3);
    est(&out.json["effect"]["ci"][1], DID_CL_HI3);
    est(&out.json["coefficients"][0]["estimate"], DID_B0);
    assert!(
        out.text.contains("Hiệu quả có ý nghĩa thống kê ở mức 5%"),
        "{}",
        out.text
    );
    assert!(out.text.contains("5,701"), "{}", out.text);

    let mut cr1 = base.to_vec();
    cr1.extend(["--se", "cr1", "--cluster", "cell"]);
    let out = ok(&cr1);
    est(&out.json["effect"]["se"], DID_CR1_SE3);
    pv(&out.json["effect"]["p_value"], DID_CR1_P3);
    est(&out.json["effect"]["ci"][0], DID_CR1_LO3);
    est(&out.json["effect"]["ci"][1], DID_CR1_HI3);

    let mut cr2 = base.to_vec();
    cr2.extend(["--cluster", "cell", "--resamples", "200", "--seed", "7"]);
    let out = ok(&cr2);
    est(&out.json["effect"]["se"], DID_CR2_SE3);
    est(&out.json["effect"]["df"], DID_CR2_DF3);
    pv(&out.json["effect"]["p_value"], DID_CR2_P3);
    let b = &out.json["cluster_bootstrap"];
    est(&b["se"], CBOOT_SE);
    est(&b["percentile_ci"][0], CBOOT_PCT_LO);
    est(&b["percentile_ci"][1], CBOOT_PCT_HI);
    assert_eq!(b["resamples"], 200);
    assert!(
        out.text.contains("Bootstrap theo cụm: 200 lần"),
        "{}",
        out.text
    );
}

// ------------------------------------------------------------------ power, bootstrap

#[test]
fn power_mde_and_sample_size_match_statsmodels() {
    let out = ok(&["power", "--n", "20", "--effect", "0.5"]);
    est(&out.json["power"], POW_PAIRED_0);
    assert_eq!(out.json["solve_for"], "power");
    assert!(out.text.contains("56,5%"), "{}", out.text);
    assert!(out.text.contains("Với 20 cặp"), "{}", out.text);
    let out = ok(&[
        "power",
        "--design",
        "paired",
        "--n",
        "30",
        "--effect",
        "-0.4",
        "--alpha",
        "0.1",
        "--alternative",
        "less",
    ]);
    est(&out.json["power"], POW_PAIRED_3);
    let out = ok(&[
        "power",
        "--design",
        "two-group",
        "--n",
        "12",
        "--ratio",
        "1.5",
        "--effect",
        "0.8",
    ]);
    est(&out.json["power"], POW_IND_1);

    let rel = |v: &Value, want: f64| {
        let g = v.as_f64().unwrap();
        assert!(((g - want) / want).abs() < 1e-6, "{g} vs {want}");
    };
    let out = ok(&["power", "--n", "7", "--power", "0.8"]);
    assert_eq!(out.json["solve_for"], "minimum_detectable_effect");
    rel(&out.json["effect"], MDE_PAIRED);
    assert!(out.text.contains("1,2726"), "{}", out.text);
    let out = ok(&[
        "power",
        "--design",
        "two-group",
        "--effect",
        "0.5",
        "--power",
        "0.8",
    ]);
    rel(&out.json["n"], N_IND);
    assert_eq!(out.json["n_rounded"], 64);
    assert_eq!(out.json["n2_rounded"], 64);
    let en = ok_in(Lang::En, &["power", "--effect", "0.5", "--power", "0.8"]);
    rel(&en.json["n"], N_PAIRED);
    assert!(en.text.contains("34 pairs"), "{}", en.text);
    assert!(en.text.contains("33.3671"), "{}", en.text);
}

#[test]
fn bootstrap_matches_python_reimplementation() {
    let dir = Dir::new();
    let all: Vec<f64> = DISTRICT.iter().chain(ENTERPRISE.iter()).copied().collect();
    let f = dir.csv("b.csv", &[("score", nums(&all))]);
    let argv = [
        "bootstrap",
        "--input",
        &f,
        "--columns",
        "score",
        "--resamples",
        "999",
        "--seed",
        "42",
    ];
    let out = ok(&argv);
    let j = &out.json;
    est(&j["se"], BOOT_SE);
    est(&j["percentile_ci"][0], BOOT_PCT_LO);
    est(&j["percentile_ci"][1], BOOT_PCT_HI);
    est(&j["z0"], BOOT_Z0);
    est(&j["acceleration"], BOOT_A);
    est(&j["bca_ci"][0], BOOT_BCA_LO);
    est(&j["bca_ci"][1], BOOT_BCA_HI);
    assert_eq!(j["ci"], j["bca_ci"], "BCa by default");
    assert!(out.text.contains("65,5789"), "{}", out.text);
    let mut pct = argv.to_vec();
    pct.extend(["--method", "percentile"]);
    let out = ok(&pct);
    assert_eq!(out.json["ci"], out.json["percentile_ci"]);
    assert!(out.text.contains("65,7882"), "{}", out.text);
}

#[test]
fn bootstrap_of_differences_is_seeded_and_sensible() {
    let dir = Dir::new();
    let p = dir.csv(
        "p.csv",
        &[("after", nums(&AFTER)), ("before", nums(&BEFORE))],
    );
    let a = ok(&[
        "bootstrap",
        "--input",
        &p,
        "--columns",
        "after,before",
        "--resamples",
        "2000",
    ]);
    let b = ok(&[
        "bootstrap",
        "--input",
        &p,
        "--columns",
        "after,before",
        "--resamples",
        "2000",
    ]);
    assert_eq!(a.json, b.json, "same seed, same result");
    assert_eq!(a.json["estimand"], "paired_mean_difference");
    let mean_diff = (AFTER.iter().sum::<f64>() - BEFORE.iter().sum::<f64>()) / 7.0;
    est(&a.json["estimate"], mean_diff);
    // every difference but one is positive: the interval excludes 0
    assert!(a.json["ci"][0].as_f64().unwrap() > 0.0);
    assert!(a.text.contains("không chứa 0"), "{}", a.text);

    let g = long(
        &dir,
        "g.csv",
        &[("district", &DISTRICT), ("enterprise", &ENTERPRISE)],
    );
    let argv = [
        "bootstrap",
        "--input",
        &g,
        "--columns",
        "score",
        "--group",
        "sector",
        "--resamples",
        "3000",
        "--seed",
        "1",
    ];
    let out = ok(&argv);
    assert_eq!(out.json["estimand"], "mean_difference");
    let d = DISTRICT.iter().sum::<f64>() / 10.0 - ENTERPRISE.iter().sum::<f64>() / 9.0;
    est(&out.json["estimate"], d);
    let (lo, hi) = (
        out.json["ci"][0].as_f64().unwrap(),
        out.json["ci"][1].as_f64().unwrap(),
    );
    assert!(lo < d && d < hi && lo > 0.0, "{lo} {d} {hi}");
    // close to the Welch interval (TW_LO, TW_HI) in width
    let width = hi - lo;
    assert!((width / (TW_HI - TW_LO) - 1.0).abs() < 0.3, "{width}");
    let mut other = argv.to_vec();
    other[argv.len() - 1] = "2";
    assert_ne!(ok(&other).json["ci"], out.json["ci"], "the seed matters");
}

// ------------------------------------------------------------------ errors

fn vi(e: &AnalyzeError) -> String {
    render(Lang::Vi, &e.message())
}

#[test]
fn too_few_observations_says_how_many_are_needed() {
    let dir = Dir::new();
    let f = dir.csv("one.csv", &[("x", texts(&["5", ""]))]);
    let e = err(&["t-one-sample", "--input", &f, "--columns", "x"]);
    assert!(
        matches!(
            e,
            AnalyzeError::TooFewObservations {
                needed: 2,
                got: 1,
                ..
            }
        ),
        "{e:?}"
    );
    let m = vi(&e);
    assert!(m.contains("cần ít nhất 2, hiện chỉ có 1"), "{m}");
    assert!(m.contains("«x»"), "{m}");
    let en = render(Lang::En, &e.message());
    assert!(en.contains("at least 2 needed, only 1 available"), "{en}");
}

#[test]
fn constant_data_is_named() {
    let dir = Dir::new();
    let f = dir.csv("c.csv", &[("diem", texts(&["4", "4", "4,0", "4"]))]);
    let e = err(&[
        "t-one-sample",
        "--input",
        &f,
        "--columns",
        "diem",
        "--mu",
        "3",
    ]);
    assert!(matches!(e, AnalyzeError::ConstantData { .. }), "{e:?}");
    let m = vi(&e);
    assert!(
        m.contains("«diem»") && m.contains("phương sai bằng 0"),
        "{m}"
    );
}

#[test]
fn missing_column_lists_the_available_ones() {
    let dir = Dir::new();
    let f = dir.csv(
        "p.csv",
        &[("after", nums(&AFTER)), ("before", nums(&BEFORE))],
    );
    let e = err(&["t-paired", "--input", &f, "--columns", "after,truoc"]);
    let m = vi(&e);
    assert!(m.contains("Không có cột «truoc»"), "{m}");
    assert!(m.contains("«after», «before»"), "{m}");
    assert!(m.contains("p.csv"), "{m}");
}

#[test]
fn non_numeric_value_names_file_row_column_and_value() {
    let dir = Dir::new();
    let f = dir.csv("n.csv", &[("score", texts(&["3,5", "4.0", "bốn", "5"]))]);
    let e = err(&["describe", "--input", &f, "--columns", "score"]);
    match &e {
        AnalyzeError::NotNumber {
            file,
            row,
            column,
            value,
        } => {
            assert_eq!(
                (file.as_str(), *row, column.as_str(), value.as_str()),
                ("n.csv", 4, "score", "bốn")
            );
        }
        other => panic!("{other:?}"),
    }
    let m = vi(&e);
    assert!(
        m.contains("Tệp n.csv, dòng 4, cột «score»: «bốn» không phải là số"),
        "{m}"
    );
}

#[test]
fn fewer_than_two_groups_and_wrong_group_counts() {
    let dir = Dir::new();
    let f = dir.csv(
        "g.csv",
        &[
            ("score", texts(&["1", "2", "3", ""])),
            ("sector", texts(&["A", "A", "A", "B"])),
        ],
    );
    // the only row of B has no value: one group left
    let e = err(&[
        "anova",
        "--input",
        &f,
        "--columns",
        "score",
        "--group",
        "sector",
    ]);
    assert!(
        matches!(e, AnalyzeError::TooFewGroups { found: 1, .. }),
        "{e:?}"
    );
    assert!(vi(&e).contains("cần ít nhất hai nhóm"), "{}", vi(&e));

    let three = long(
        &dir,
        "3.csv",
        &[("a", &LIK_A), ("b", &LIK_B), ("c", &LIK_C)],
    );
    let e = err(&[
        "t-welch",
        "--input",
        &three,
        "--columns",
        "score",
        "--group",
        "sector",
    ]);
    assert!(
        matches!(e, AnalyzeError::NotTwoGroups { found: 3, .. }),
        "{e:?}"
    );
    assert!(vi(&e).contains("kruskal-wallis"), "{}", vi(&e));

    let t33 = table_file(&dir, "t33.csv", &T33, 3);
    let e = err(&["fisher", "--input", &t33, "--columns", "row,col"]);
    assert!(
        matches!(e, AnalyzeError::NotTwoByTwo { rows: 3, cols: 3 }),
        "{e:?}"
    );
}

#[test]
fn option_and_input_errors() {
    let dir = Dir::new();
    let f = reg_file(&dir);
    let e = err(&["describe", "--columns", "y"]);
    assert!(matches!(e, AnalyzeError::InputRequired { .. }), "{e:?}");
    assert!(vi(&e).contains("--input"));
    let e = err(&["ols", "--input", &f, "--x", "t"]);
    assert!(
        matches!(e, AnalyzeError::OptionRequired { option: "--y", .. }),
        "{e:?}"
    );
    let e = err(&["ols", "--input", &f, "--y", "y", "--x", "t", "--se", "cr1"]);
    assert!(
        matches!(
            e,
            AnalyzeError::OptionRequired {
                option: "--cluster",
                ..
            }
        ),
        "{e:?}"
    );
    let e = err(&["t-paired", "--input", &f, "--columns", "y"]);
    assert!(
        matches!(e, AnalyzeError::ColumnCount { got: 1, .. }),
        "{e:?}"
    );
    assert!(vi(&e).contains("cần 2 cột"), "{}", vi(&e));
    let e = err(&[
        "t-one-sample",
        "--input",
        &f,
        "--columns",
        "y",
        "--level",
        "1.5",
    ]);
    assert!(
        matches!(
            e,
            AnalyzeError::OptionRange {
                option: "--level",
                ..
            }
        ),
        "{e:?}"
    );
    let e = err(&["power", "--n", "20"]);
    assert!(matches!(e, AnalyzeError::OptionRequired { .. }), "{e:?}");
    let e = err(&["power", "--n", "20", "--effect", "0.5", "--alpha", "0"]);
    assert!(
        matches!(
            e,
            AnalyzeError::OptionRange {
                option: "--alpha",
                ..
            }
        ),
        "{e:?}"
    );
    // a yes/no column with something else
    let e = err(&[
        "did",
        "--input",
        &f,
        "--y",
        "y",
        "--treated",
        "x3",
        "--after",
        "a",
    ]);
    assert!(matches!(e, AnalyzeError::NotBinary { row: 2, .. }), "{e:?}");
    // collinear regressors
    let e = err(&["ols", "--input", &f, "--y", "y", "--x", "t,t"]);
    assert!(matches!(e, AnalyzeError::Singular { .. }), "{e:?}");
    // unreadable file: the reader's problem, with its location in render()
    let missing = dir.path("nope.csv").display().to_string();
    let e = err(&["describe", "--input", &missing, "--columns", "x"]);
    assert!(matches!(e, AnalyzeError::Read { .. }), "{e:?}");
    assert!(
        e.render(Lang::Vi).contains("nope.csv"),
        "{}",
        e.render(Lang::Vi)
    );
    // unknown method or option: clap refuses
    assert!(Cli::try_parse_from(["analyze", "t-test"]).is_err());
}

/// Every `analyze-…` id in the crate's source is defined in both languages.
#[test]
fn every_message_id_is_translated() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ids_in = |lang: &str| -> std::collections::BTreeSet<String> {
        let ftl = std::fs::read_to_string(root.join(format!("../i18n/locales/{lang}/analyze.ftl")))
            .unwrap();
        ftl.lines()
            .filter_map(|l| l.split_once(" = ").map(|(id, _)| id.trim().to_owned()))
            .filter(|id| id.starts_with("analyze-"))
            .collect()
    };
    let (vi, en) = (ids_in("vi"), ids_in("en"));
    assert_eq!(vi, en);
    let mut used = std::collections::BTreeSet::new();
    let mut folders = vec![root.join("src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let source = std::fs::read_to_string(path).unwrap();
            for piece in source.split("\"analyze-").skip(1) {
                let id = piece.split('"').next().unwrap();
                used.insert(format!("analyze-{id}"));
            }
        }
    }
    assert!(used.len() > 80, "{}", used.len());
    let missing: Vec<_> = used.difference(&vi).collect();
    assert!(missing.is_empty(), "untranslated: {missing:?}");
}

#[test]
fn help_documents_every_argument() {
    use clap::CommandFactory;
    let cmd = Cli::command();
    for arg in cmd.get_arguments() {
        if ["help"].contains(&arg.get_id().as_str()) {
            continue;
        }
        assert!(arg.get_help().is_some(), "no help for {}", arg.get_id());
    }
    let help = Cli::command().render_long_help().to_string();
    for method in [
        "t-one-sample",
        "cronbach-alpha",
        "rank-biserial-paired",
        "did",
        "bootstrap",
    ] {
        assert!(help.contains(method), "{method} not in help");
    }
}

/// A table read elsewhere (the web workbench) gives what the file gives,
/// and the defaults the web starts from are the command line's.
#[test]
fn a_table_read_elsewhere_gives_what_the_file_gives() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scores.csv");
    let csv = "score,group\n1,a\n2,a\n3,a\n7,b\n8,b\n9,b\n";
    std::fs::write(&path, csv).unwrap();
    let from_file = ok(&[
        "t-welch",
        "--input",
        path.to_str().unwrap(),
        "--columns",
        "score",
        "--group",
        "group",
    ]);
    let mut args = AnalyzeArgs::defaults(chibo_analyze::Method::parse("t-welch").unwrap()).unwrap();
    assert_eq!(args.level, 0.95);
    assert_eq!(args.alternative, chibo_analyze::AlternativeArg::TwoSided);
    args.columns = vec!["score".to_owned()];
    args.group = Some("group".to_owned());
    let table = chibo_tabular::read_bytes(
        "scores.csv",
        csv.as_bytes(),
        chibo_tabular::ReadLimits::default(),
    )
    .unwrap();
    let from_table = chibo_analyze::run_table(&args, table, Lang::Vi).unwrap();
    assert_eq!(from_table.text, from_file.text);
    assert_eq!(from_table.json, from_file.json);
    assert!(chibo_analyze::Method::parse("no-such-method").is_none());
    assert_eq!(
        chibo_analyze::AlternativeArg::parse("greater"),
        Some(chibo_analyze::AlternativeArg::Greater)
    );
}
