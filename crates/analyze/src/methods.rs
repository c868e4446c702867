//! One function per method family: select the data, call `chibo-stats`, write text and JSON.

use chibo_domain::Message;
use chibo_i18n::{Lang, text};
use chibo_stats::bootstrap::{
    Rng, bca_interval, bootstrap, did_cluster_bootstrap, percentile_interval,
};
use chibo_stats::descriptive::{mean, variance};
use chibo_stats::design::{Design, minimum_detectable_effect, power, sample_size};
use chibo_stats::effect::{
    EffectSize, cohens_d, cohens_dz, hedges_g, rank_biserial_independent, rank_biserial_paired,
};
use chibo_stats::hypothesis::{
    RankMethod, TTestResult, TestResult, Variant, ZeroMethod, anova_oneway,
    chi_square_independence, fisher_exact, kruskal_wallis, mann_whitney, t_test_one_sample,
    t_test_paired, t_test_two_sample, welch_anova, wilcoxon,
};
use chibo_stats::regression::{CovType, Inference, did, ols};
use chibo_stats::reliability::{IccForm, cronbach_alpha, intraclass_correlations};
use chibo_stats::{Alternative, StatsError, describe};
use serde_json::{Value, json};

use crate::AnalyzeOutput;
use crate::args::{
    AnalyzeArgs, BootMethodArg, DesignArg, Method, RankMethodArg, SeArg, ZeroMethodArg,
};
use crate::error::{AnalyzeError, quoted_list};
use crate::format::{Reading, Report, interval, jci, jnum, num, pct};
use crate::input::Data;

type Res<T> = Result<T, AnalyzeError>;

/// A sample with the name shown to people (a column, or a group of the `--group` column).
struct Sample {
    name: String,
    values: Vec<f64>,
}

fn names(samples: &[Sample]) -> Vec<String> {
    samples.iter().map(|s| s.name.clone()).collect()
}

fn stats<T>(result: Result<T, StatsError>, names: &[String]) -> Res<T> {
    result.map_err(|e| AnalyzeError::from_stats(e, names))
}

fn range_check(option: &'static str, value: f64, ok: bool, range: &'static str) -> Res<()> {
    if ok {
        Ok(())
    } else {
        Err(AnalyzeError::OptionRange {
            option,
            value: value.to_string(),
            range,
        })
    }
}

pub(crate) fn run(args: &AnalyzeArgs, lang: Lang) -> Res<AnalyzeOutput> {
    range_check(
        "--level",
        args.level,
        args.level > 0.0 && args.level < 1.0,
        "(0, 1)",
    )?;
    let method = args.method;
    let mut r = Report::new(lang, method.name());
    r.line(title(method));
    if method == Method::Power {
        run_power(args, &mut r)?;
        return Ok(r.finish());
    }
    let path = args.input.as_ref().ok_or(AnalyzeError::InputRequired {
        method: method.name(),
    })?;
    let data = Data::load(path)?;
    r.line(
        Message::new("analyze-line-file")
            .arg("file", data.file())
            .arg("rows", data.rows()),
    );
    r.set("file", data.file());
    r.set("rows", data.rows());
    if method != Method::Power && method != Method::Ols && method != Method::Did {
        r.set("columns", args.columns.clone());
    }
    match method {
        Method::Describe => run_describe(args, &data, &mut r)?,
        Method::TOneSample | Method::TPaired | Method::TStudent | Method::TWelch => {
            run_t(args, &data, &mut r)?
        }
        Method::Wilcoxon => run_wilcoxon(args, &data, &mut r)?,
        Method::MannWhitney => run_mann_whitney(args, &data, &mut r)?,
        Method::Anova | Method::WelchAnova | Method::KruskalWallis => {
            run_groups(args, &data, &mut r)?
        }
        Method::ChiSquare | Method::Fisher => run_table(args, &data, &mut r)?,
        Method::CohensD
        | Method::HedgesG
        | Method::CohensDz
        | Method::RankBiserial
        | Method::RankBiserialPaired => run_effect(args, &data, &mut r)?,
        Method::CronbachAlpha => run_alpha(args, &data, &mut r)?,
        Method::Icc => run_icc(args, &data, &mut r)?,
        Method::Ols => run_ols(args, &data, &mut r)?,
        Method::Did => run_did(args, &data, &mut r)?,
        Method::Bootstrap => run_bootstrap(args, &data, &mut r)?,
        Method::Power => unreachable!("handled above"),
    }
    Ok(r.finish())
}

fn title(method: Method) -> Message {
    Message::new(match method {
        Method::Describe => "analyze-title-describe",
        Method::TOneSample => "analyze-title-t-one-sample",
        Method::TPaired => "analyze-title-t-paired",
        Method::TStudent => "analyze-title-t-student",
        Method::TWelch => "analyze-title-t-welch",
        Method::Wilcoxon => "analyze-title-wilcoxon",
        Method::MannWhitney => "analyze-title-mann-whitney",
        Method::Anova => "analyze-title-anova",
        Method::WelchAnova => "analyze-title-welch-anova",
        Method::KruskalWallis => "analyze-title-kruskal-wallis",
        Method::ChiSquare => "analyze-title-chi-square",
        Method::Fisher => "analyze-title-fisher",
        Method::CohensD => "analyze-title-cohens-d",
        Method::HedgesG => "analyze-title-hedges-g",
        Method::CohensDz => "analyze-title-cohens-dz",
        Method::RankBiserial => "analyze-title-rank-biserial",
        Method::RankBiserialPaired => "analyze-title-rank-biserial-paired",
        Method::CronbachAlpha => "analyze-title-cronbach-alpha",
        Method::Icc => "analyze-title-icc",
        Method::Ols => "analyze-title-ols",
        Method::Did => "analyze-title-did",
        Method::Power => "analyze-title-power",
        Method::Bootstrap => "analyze-title-bootstrap",
    })
}

// ---------------------------------------------------------------- data selection

fn column_count(args: &AnalyzeArgs, expected: &'static str, ok: bool) -> Res<()> {
    if ok {
        Ok(())
    } else {
        Err(AnalyzeError::ColumnCount {
            method: args.method.name(),
            expected,
            got: args.columns.len(),
        })
    }
}

/// The non-missing values of one column and the number of missing cells.
fn one_column(data: &Data, name: &str) -> Res<(Sample, usize)> {
    let (name, values) = data.numeric(name)?;
    let missing = values.iter().filter(|v| v.is_none()).count();
    Ok((
        Sample {
            name,
            values: values.into_iter().flatten().collect(),
        },
        missing,
    ))
}

/// Two paired columns: rows where both are present, and the number of rows dropped.
fn paired(args: &AnalyzeArgs, data: &Data) -> Res<(Sample, Sample, usize)> {
    column_count(args, "2", args.columns.len() == 2)?;
    let (nx, x) = data.numeric(&args.columns[0])?;
    let (ny, y) = data.numeric(&args.columns[1])?;
    let mut a = Vec::new();
    let mut b = Vec::new();
    for (u, v) in x.iter().zip(&y) {
        if let (Some(u), Some(v)) = (u, v) {
            a.push(*u);
            b.push(*v);
        }
    }
    let dropped = x.len() - a.len();
    Ok((
        Sample {
            name: nx,
            values: a,
        },
        Sample {
            name: ny,
            values: b,
        },
        dropped,
    ))
}

/// Groups: one value column split by `--group`, or one column per group. Returns the groups in
/// order of first appearance and the number of rows (or cells) dropped as missing.
fn grouped(args: &AnalyzeArgs, data: &Data) -> Res<(Vec<Sample>, usize)> {
    match &args.group {
        Some(group) => {
            column_count(args, "1", args.columns.len() == 1)?;
            let (_, values) = data.numeric(&args.columns[0])?;
            let labels = data.column(group)?;
            let mut groups: Vec<Sample> = Vec::new();
            let mut dropped = 0;
            for (value, label) in values.iter().zip(&labels.cells) {
                match (value, label) {
                    (Some(v), Some(label)) => match groups.iter_mut().find(|g| &g.name == label) {
                        Some(g) => g.values.push(*v),
                        None => groups.push(Sample {
                            name: label.clone(),
                            values: vec![*v],
                        }),
                    },
                    _ => dropped += 1,
                }
            }
            if groups.len() < 2 {
                return Err(AnalyzeError::TooFewGroups {
                    column: labels.name,
                    found: groups.len(),
                });
            }
            Ok((groups, dropped))
        }
        None => {
            column_count(args, "≥ 2", args.columns.len() >= 2)?;
            let mut groups = Vec::new();
            let mut dropped = 0;
            for name in &args.columns {
                let (sample, missing) = one_column(data, name)?;
                dropped += missing;
                groups.push(sample);
            }
            Ok((groups, dropped))
        }
    }
}

/// Exactly two independent samples (two columns, or a value column with a two-level group).
fn two_samples(args: &AnalyzeArgs, data: &Data) -> Res<(Sample, Sample, usize)> {
    if args.group.is_none() {
        column_count(args, "2", args.columns.len() == 2)?;
    }
    let (groups, dropped) = grouped(args, data)?;
    match <[_; 2]>::try_from(groups) {
        Ok([x, y]) => Ok((x, y, dropped)),
        Err(groups) => Err(AnalyzeError::NotTwoGroups {
            method: args.method.name(),
            column: args.group.clone().unwrap_or_default(),
            found: groups.len(),
            groups: quoted_list(&names(&groups)),
        }),
    }
}

fn samples_line(r: &mut Report, samples: &[&Sample], dropped: usize) {
    let lang = r.lang;
    let list: Vec<String> = samples
        .iter()
        .map(|s| format!("«{}» (n = {})", s.name, s.values.len()))
        .collect();
    r.line(
        Message::new("analyze-line-samples")
            .arg("samples", list.join(crate::format::sep(lang)))
            .arg("dropped", dropped),
    );
    r.set(
        "samples",
        samples
            .iter()
            .map(|s| json!({"name": s.name, "n": s.values.len()}))
            .collect::<Vec<_>>(),
    );
    r.set("dropped", dropped);
}

// ---------------------------------------------------------------- JSON helpers

fn alternative_name(alt: Alternative) -> &'static str {
    match alt {
        Alternative::TwoSided => "two-sided",
        Alternative::Less => "less",
        Alternative::Greater => "greater",
    }
}

fn zero_name(z: ZeroMethod) -> &'static str {
    match z {
        ZeroMethod::Wilcox => "wilcox",
        ZeroMethod::Pratt => "pratt",
        ZeroMethod::Zsplit => "zsplit",
    }
}

fn variant_json(v: Variant) -> Value {
    match v {
        Variant::OneSampleT => json!({"name": "one_sample_t"}),
        Variant::PairedT => json!({"name": "paired_t"}),
        Variant::StudentT => json!({"name": "student_t"}),
        Variant::WelchT => json!({"name": "welch_t"}),
        Variant::WilcoxonExact { zero_method } => {
            json!({"name": "wilcoxon_exact", "zero_method": zero_name(zero_method)})
        }
        Variant::WilcoxonNormal {
            zero_method,
            continuity,
        } => {
            json!({"name": "wilcoxon_normal", "zero_method": zero_name(zero_method), "continuity": continuity})
        }
        Variant::MannWhitneyExact => json!({"name": "mann_whitney_exact"}),
        Variant::MannWhitneyNormal { continuity } => {
            json!({"name": "mann_whitney_normal", "continuity": continuity})
        }
        Variant::OneWayAnova => json!({"name": "one_way_anova"}),
        Variant::WelchAnova => json!({"name": "welch_anova"}),
        Variant::KruskalWallis => json!({"name": "kruskal_wallis"}),
        Variant::ChiSquare { yates } => json!({"name": "chi_square", "yates": yates}),
        Variant::FisherExact => json!({"name": "fisher_exact"}),
    }
}

fn test_json(r: &mut Report, t: &TestResult) {
    r.set("statistic", jnum(t.statistic));
    r.set("df", t.df.map_or(Value::Null, jnum));
    r.set("df2", t.df2.map_or(Value::Null, jnum));
    r.set("z", t.z.map_or(Value::Null, jnum));
    r.set("p_value", jnum(t.p_value));
    r.set("alternative", alternative_name(t.alternative));
    r.set("variant", variant_json(t.variant));
}

fn alpha_of(args: &AnalyzeArgs) -> f64 {
    1.0 - args.level
}

// ---------------------------------------------------------------- describe

fn run_describe(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    column_count(args, "≥ 1", !args.columns.is_empty())?;
    let lang = r.lang;
    let mut out = Vec::new();
    for name in &args.columns {
        let (name, values) = data.numeric(name)?;
        let d = stats(describe(&values), std::slice::from_ref(&name))?;
        r.line(
            Message::new("analyze-describe-line")
                .arg("column", &name)
                .arg("n", d.n)
                .arg("missing", d.missing)
                .arg("mean", num(d.mean, lang))
                .arg("sd", d.sd.map_or_else(|| "—".to_owned(), |s| num(s, lang)))
                .arg("median", num(d.median, lang))
                .arg("q1", num(d.q1, lang))
                .arg("q3", num(d.q3, lang))
                .arg("min", num(d.min, lang))
                .arg("max", num(d.max, lang)),
        );
        out.push(json!({
            "column": name, "n": d.n, "missing": d.missing, "mean": jnum(d.mean),
            "sd": d.sd.map_or(Value::Null, jnum), "median": jnum(d.median),
            "q1": jnum(d.q1), "q3": jnum(d.q3), "min": jnum(d.min), "max": jnum(d.max),
        }));
    }
    r.set("variables", out);
    Ok(())
}

// ---------------------------------------------------------------- t tests

fn run_t(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let alt = args.alternative.stats();
    let level = args.level;
    let res: TTestResult;
    match args.method {
        Method::TOneSample => {
            column_count(args, "1", args.columns.len() == 1)?;
            let (x, missing) = one_column(data, &args.columns[0])?;
            samples_line(r, &[&x], missing);
            res = stats(
                t_test_one_sample(&x.values, args.mu, alt, level),
                std::slice::from_ref(&x.name),
            )?;
            let m = mean(&x.values);
            let mean_ci = (res.ci.0 + args.mu, res.ci.1 + args.mu);
            r.estimate_line(&text(lang, "analyze-name-mean"), m, Some(mean_ci), level);
            r.set("mu", jnum(args.mu));
            r.set("mean", jnum(m));
            r.set("mean_ci", jci(mean_ci));
            r.raw(format!("μ₀ = {}", num(args.mu, lang)));
            r.estimate_line(
                &text(lang, "analyze-name-mean-minus-mu"),
                res.estimate,
                Some(res.ci),
                level,
            );
        }
        Method::TPaired => {
            let (x, y, dropped) = paired(args, data)?;
            samples_line(r, &[&x, &y], dropped);
            res = stats(
                t_test_paired(&x.values, &y.values, alt, level),
                &[x.name.clone(), y.name.clone()],
            )?;
            r.set(
                "means",
                json!([jnum(mean(&x.values)), jnum(mean(&y.values))]),
            );
            r.estimate_line(
                &diff_name(lang, &x.name, &y.name, "analyze-name-mean-diff-paired"),
                res.estimate,
                Some(res.ci),
                level,
            );
        }
        _ => {
            let (x, y, dropped) = two_samples(args, data)?;
            samples_line(r, &[&x, &y], dropped);
            let welch = args.method == Method::TWelch;
            res = stats(
                t_test_two_sample(&x.values, &y.values, welch, alt, level),
                &[x.name.clone(), y.name.clone()],
            )?;
            let (mx, my) = (mean(&x.values), mean(&y.values));
            r.line(
                Message::new("analyze-line-two-means")
                    .arg("x", &x.name)
                    .arg("mx", num(mx, lang))
                    .arg("y", &y.name)
                    .arg("my", num(my, lang)),
            );
            r.set("means", json!([jnum(mx), jnum(my)]));
            r.estimate_line(
                &diff_name(lang, &x.name, &y.name, "analyze-name-mean-diff"),
                res.estimate,
                Some(res.ci),
                level,
            );
        }
    }
    let t = &res.test;
    r.test_line(
        "t",
        t.statistic,
        t.df,
        None,
        None,
        t.p_value,
        Some(alternative_name(alt)),
    );
    test_json(r, t);
    r.set("estimate", jnum(res.estimate));
    r.set("se", jnum(res.se));
    r.set("ci", jci(res.ci));
    r.set("level", jnum(res.level));
    r.reading(t.p_value, alpha_of(args), Reading::Difference);
    Ok(())
}

fn diff_name(lang: Lang, x: &str, y: &str, id: &'static str) -> String {
    chibo_i18n::render(lang, &Message::new(id).arg("x", x).arg("y", y))
}

// ---------------------------------------------------------------- rank tests

fn rank_method(args: &AnalyzeArgs, default_continuity: bool) -> RankMethod {
    let continuity = args.continuity.unwrap_or(default_continuity);
    match args.rank_method {
        RankMethodArg::Auto => RankMethod::Auto { continuity },
        RankMethodArg::Exact => RankMethod::Exact,
        RankMethodArg::Normal => RankMethod::Normal { continuity },
    }
}

fn variant_line(r: &mut Report, v: Variant) {
    let m = match v {
        Variant::WilcoxonExact { zero_method } => {
            Message::new("analyze-variant-wilcoxon-exact").arg("zero", zero_name(zero_method))
        }
        Variant::WilcoxonNormal {
            zero_method,
            continuity,
        } => Message::new("analyze-variant-wilcoxon-normal")
            .arg("zero", zero_name(zero_method))
            .arg("cc", if continuity { "yes" } else { "no" }),
        Variant::MannWhitneyExact => Message::new("analyze-variant-mw-exact"),
        Variant::MannWhitneyNormal { continuity } => Message::new("analyze-variant-mw-normal")
            .arg("cc", if continuity { "yes" } else { "no" }),
        Variant::ChiSquare { yates } => Message::new("analyze-variant-chi-square")
            .arg("yates", if yates { "yes" } else { "no" }),
        _ => return,
    };
    r.line(m);
}

fn run_wilcoxon(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let alt = args.alternative.stats();
    let zero = match args.zero_method {
        ZeroMethodArg::Wilcox => ZeroMethod::Wilcox,
        ZeroMethodArg::Pratt => ZeroMethod::Pratt,
        ZeroMethodArg::Zsplit => ZeroMethod::Zsplit,
    };
    let method = rank_method(args, false);
    let (res, rbc) = if args.columns.len() == 1 {
        let (x, missing) = one_column(data, &args.columns[0])?;
        samples_line(r, &[&x], missing);
        r.raw(format!("μ₀ = {}", num(args.mu, lang)));
        r.set("mu", jnum(args.mu));
        let d: Vec<f64> = x.values.iter().map(|v| v - args.mu).collect();
        let zeros = vec![0.0; d.len()];
        let res = stats(
            wilcoxon(&d, None, zero, method, alt),
            std::slice::from_ref(&x.name),
        )?;
        (res, rank_biserial_paired(&d, &zeros).ok())
    } else {
        let (x, y, dropped) = paired(args, data)?;
        samples_line(r, &[&x, &y], dropped);
        let used = vec![x.name.clone(), y.name.clone()];
        let res = stats(
            wilcoxon(&x.values, Some(&y.values), zero, method, alt),
            &used,
        )?;
        (res, rank_biserial_paired(&x.values, &y.values).ok())
    };
    variant_line(r, res.variant);
    r.test_line(
        "W",
        res.statistic,
        None,
        None,
        res.z,
        res.p_value,
        Some(alternative_name(alt)),
    );
    test_json(r, &res);
    if let Some(rbc) = rbc {
        r.estimate_line(
            &text(lang, "analyze-name-rank-biserial"),
            rbc,
            None,
            args.level,
        );
    }
    r.set("rank_biserial", rbc.map_or(Value::Null, jnum));
    r.reading(res.p_value, alpha_of(args), Reading::Difference);
    Ok(())
}

fn run_mann_whitney(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let alt = args.alternative.stats();
    let (x, y, dropped) = two_samples(args, data)?;
    samples_line(r, &[&x, &y], dropped);
    let used = [x.name.clone(), y.name.clone()];
    let res = stats(
        mann_whitney(&x.values, &y.values, rank_method(args, true), alt),
        &used,
    )?;
    variant_line(r, res.variant);
    r.test_line(
        "U",
        res.statistic,
        None,
        None,
        res.z,
        res.p_value,
        Some(alternative_name(alt)),
    );
    test_json(r, &res);
    let rbc = stats(rank_biserial_independent(&x.values, &y.values), &used)?;
    r.estimate_line(
        &text(lang, "analyze-name-rank-biserial"),
        rbc,
        None,
        args.level,
    );
    r.set("rank_biserial", jnum(rbc));
    r.reading(res.p_value, alpha_of(args), Reading::Difference);
    Ok(())
}

// ---------------------------------------------------------------- k groups

fn run_groups(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let (groups, dropped) = grouped(args, data)?;
    if let Some(g) = &args.group {
        r.line(
            Message::new("analyze-line-grouped")
                .arg("value", &args.columns[0])
                .arg("group", g),
        );
    }
    let used = names(&groups);
    let refs: Vec<&[f64]> = groups.iter().map(|g| g.values.as_slice()).collect();
    let (res, stat) = match args.method {
        Method::Anova => (stats(anova_oneway(&refs), &used)?, "F"),
        Method::WelchAnova => (stats(welch_anova(&refs), &used)?, "F"),
        _ => (stats(kruskal_wallis(&refs), &used)?, "H"),
    };
    let mut out = Vec::new();
    for g in &groups {
        let sorted = {
            let mut s = g.values.clone();
            s.sort_by(f64::total_cmp);
            s
        };
        let median = chibo_stats::descriptive::quantile_sorted(&sorted, 0.5);
        let m = mean(&g.values);
        let sd = if g.values.len() > 1 {
            variance(&g.values).sqrt()
        } else {
            f64::NAN
        };
        r.line(
            Message::new("analyze-group-line")
                .arg("group", &g.name)
                .arg("n", g.values.len())
                .arg("mean", num(m, lang))
                .arg("sd", num(sd, lang))
                .arg("median", num(median, lang)),
        );
        out.push(json!({"name": g.name, "n": g.values.len(), "mean": jnum(m), "sd": jnum(sd), "median": jnum(median)}));
    }
    r.set("groups", out);
    r.set("dropped", dropped);
    r.test_line(
        stat,
        res.statistic,
        res.df,
        res.df2,
        None,
        res.p_value,
        None,
    );
    test_json(r, &res);
    r.reading(res.p_value, alpha_of(args), Reading::Difference);
    Ok(())
}

// ---------------------------------------------------------------- contingency tables

fn run_table(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    column_count(args, "2", args.columns.len() == 2)?;
    let a = data.column(&args.columns[0])?;
    let b = data.column(&args.columns[1])?;
    let mut rows: Vec<String> = Vec::new();
    let mut cols: Vec<String> = Vec::new();
    let mut pairs = Vec::new();
    let mut dropped = 0;
    for (u, v) in a.cells.iter().zip(&b.cells) {
        match (u, v) {
            (Some(u), Some(v)) => {
                let i = rows.iter().position(|x| x == u).unwrap_or_else(|| {
                    rows.push(u.clone());
                    rows.len() - 1
                });
                let j = cols.iter().position(|x| x == v).unwrap_or_else(|| {
                    cols.push(v.clone());
                    cols.len() - 1
                });
                pairs.push((i, j));
            }
            _ => dropped += 1,
        }
    }
    let mut table = vec![vec![0u64; cols.len()]; rows.len()];
    for (i, j) in pairs {
        table[i][j] += 1;
    }
    r.line(
        Message::new("analyze-line-table")
            .arg("rows", &a.name)
            .arg("cols", &b.name)
            .arg("dropped", dropped),
    );
    let width = |s: &str| s.chars().count();
    let label_w = rows.iter().map(|l| width(l)).max().unwrap_or(0);
    let col_w: Vec<usize> = (0..cols.len())
        .map(|j| {
            table
                .iter()
                .map(|row| row[j].to_string().len())
                .chain([width(&cols[j])])
                .max()
                .unwrap_or(1)
        })
        .collect();
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(width(s))));
    let header: Vec<String> = cols.iter().zip(&col_w).map(|(c, w)| pad(c, *w)).collect();
    r.raw(format!("  {} | {}", pad("", label_w), header.join(" | ")));
    for (label, counts) in rows.iter().zip(&table) {
        let counts: Vec<String> = counts
            .iter()
            .zip(&col_w)
            .map(|(c, w)| pad(&c.to_string(), *w))
            .collect();
        r.raw(format!(
            "  {} | {}",
            pad(label, label_w),
            counts.join(" | ")
        ));
    }
    r.set(
        "table",
        json!({"row_variable": a.name, "column_variable": b.name, "rows": rows, "columns": cols, "counts": table}),
    );
    r.set("dropped", dropped);
    let used = [a.name.clone(), b.name.clone()];
    if args.method == Method::Fisher {
        if rows.len() != 2 || cols.len() != 2 {
            return Err(AnalyzeError::NotTwoByTwo {
                rows: rows.len(),
                cols: cols.len(),
            });
        }
        let alt = args.alternative.stats();
        let res = stats(
            fisher_exact(
                [[table[0][0], table[0][1]], [table[1][0], table[1][1]]],
                alt,
            ),
            &used,
        )?;
        r.estimate_line(
            &text(lang, "analyze-name-odds-ratio"),
            res.statistic,
            None,
            args.level,
        );
        let p = r.p(res.p_value);
        r.raw(format!(
            "{p} ({})",
            chibo_i18n::render(
                lang,
                &Message::new("analyze-alternative").arg("alt", alternative_name(alt))
            )
        ));
        test_json(r, &res);
        r.set("odds_ratio", jnum(res.statistic));
        r.reading(res.p_value, alpha_of(args), Reading::Association);
    } else {
        let res = stats(chi_square_independence(&table, args.yates), &used)?;
        variant_line(r, res.variant);
        r.test_line("χ²", res.statistic, res.df, None, None, res.p_value, None);
        test_json(r, &res);
        r.reading(res.p_value, alpha_of(args), Reading::Association);
    }
    Ok(())
}

// ---------------------------------------------------------------- effect sizes

fn magnitude(r: &mut Report, value: f64, bounds: [f64; 3]) -> &'static str {
    let a = value.abs();
    let size = if a < bounds[0] {
        "negligible"
    } else if a < bounds[1] {
        "small"
    } else if a < bounds[2] {
        "medium"
    } else {
        "large"
    };
    r.conclusion(Message::new("analyze-reading-magnitude").arg("size", size));
    size
}

fn run_effect(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let level = args.level;
    let paired_method = matches!(args.method, Method::CohensDz | Method::RankBiserialPaired);
    let (x, y, dropped) = if paired_method {
        paired(args, data)?
    } else {
        two_samples(args, data)?
    };
    samples_line(r, &[&x, &y], dropped);
    let used = [x.name.clone(), y.name.clone()];
    let (xv, yv) = (&x.values, &y.values);
    let es: Option<EffectSize> = match args.method {
        Method::CohensD => Some(stats(cohens_d(xv, yv, level), &used)?),
        Method::HedgesG => Some(stats(hedges_g(xv, yv, level), &used)?),
        Method::CohensDz => Some(stats(cohens_dz(xv, yv, level), &used)?),
        _ => None,
    };
    let name = match args.method {
        Method::CohensD => "d",
        Method::HedgesG => "g",
        Method::CohensDz => "d_z",
        _ => "r_rb",
    };
    r.set("effect", name);
    let size = match es {
        Some(es) => {
            r.estimate_line(name, es.estimate, Some(es.ci), es.level);
            r.set("estimate", jnum(es.estimate));
            r.set("ci", jci(es.ci));
            r.set("level", jnum(es.level));
            magnitude(r, es.estimate, [0.2, 0.5, 0.8])
        }
        None => {
            let v = if paired_method {
                stats(rank_biserial_paired(xv, yv), &used)?
            } else {
                stats(rank_biserial_independent(xv, yv), &used)?
            };
            r.estimate_line(&text(lang, "analyze-name-rank-biserial"), v, None, level);
            r.set("estimate", jnum(v));
            magnitude(r, v, [0.1, 0.3, 0.5])
        }
    };
    r.set("magnitude", size);
    Ok(())
}

// ---------------------------------------------------------------- reliability

/// Numeric columns by name: the names as found, and each column's values.
type NamedColumns = (Vec<String>, Vec<Vec<Option<f64>>>);

/// Two or more numeric columns (items, raters): their names and values.
fn item_columns(args: &AnalyzeArgs, data: &Data) -> Res<NamedColumns> {
    column_count(args, "≥ 2", args.columns.len() >= 2)?;
    let mut names = Vec::new();
    let mut columns = Vec::new();
    for c in &args.columns {
        let (name, values) = data.numeric(c)?;
        names.push(name);
        columns.push(values);
    }
    Ok((names, columns))
}

fn run_alpha(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let (used, cols) = item_columns(args, data)?;
    let rows: Vec<Vec<Option<f64>>> = (0..data.rows())
        .map(|i| cols.iter().map(|c| c[i]).collect())
        .collect();
    let a = stats(cronbach_alpha(&rows, args.level), &used)?;
    r.line(
        Message::new("analyze-line-respondents")
            .arg("n", a.n)
            .arg("k", a.k)
            .arg("dropped", a.dropped),
    );
    r.estimate_line("α", a.alpha, Some(a.ci), a.level);
    r.estimate_line(
        &text(lang, "analyze-name-alpha-standardized"),
        a.standardized,
        None,
        a.level,
    );
    let mut items = Vec::new();
    for (name, item) in used.iter().zip(&a.items) {
        r.line(
            Message::new("analyze-item-line")
                .arg("item", name)
                .arg("alpha", num(item.alpha_if_dropped, lang))
                .arg("r", num(item.corrected_item_total, lang)),
        );
        items.push(json!({"column": name, "alpha_if_dropped": jnum(item.alpha_if_dropped), "corrected_item_total": jnum(item.corrected_item_total)}));
    }
    let band = reliability_band(a.alpha, [0.6, 0.7, 0.8, 0.9]);
    r.conclusion(Message::new("analyze-reading-alpha").arg("band", band));
    r.set("n", a.n);
    r.set("dropped", a.dropped);
    r.set("k", a.k);
    r.set("alpha", jnum(a.alpha));
    r.set("standardized_alpha", jnum(a.standardized));
    r.set("ci", jci(a.ci));
    r.set("level", jnum(a.level));
    r.set("items", items);
    r.set("band", band);
    Ok(())
}

/// poor / questionable / acceptable / good / excellent by the thresholds.
fn reliability_band(v: f64, t: [f64; 4]) -> &'static str {
    if v >= t[3] {
        "excellent"
    } else if v >= t[2] {
        "good"
    } else if v >= t[1] {
        "acceptable"
    } else if v >= t[0] {
        "questionable"
    } else {
        "poor"
    }
}

fn icc_name(form: IccForm) -> &'static str {
    match form {
        IccForm::Icc1 => "ICC1",
        IccForm::Icc2 => "ICC2",
        IccForm::Icc3 => "ICC3",
        IccForm::Icc1k => "ICC1k",
        IccForm::Icc2k => "ICC2k",
        IccForm::Icc3k => "ICC3k",
    }
}

fn run_icc(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let (used, cols) = item_columns(args, data)?;
    let mut ratings = Vec::new();
    for i in 0..data.rows() {
        let row: Option<Vec<f64>> = cols.iter().map(|c| c[i]).collect();
        if let Some(row) = row {
            ratings.push(row);
        }
    }
    let dropped = data.rows() - ratings.len();
    r.line(
        Message::new("analyze-line-targets")
            .arg("n", ratings.len())
            .arg("k", used.len())
            .arg("dropped", dropped),
    );
    let iccs = stats(intraclass_correlations(&ratings), &used)?;
    let mut out = Vec::new();
    for icc in &iccs {
        let name = icc_name(icc.form);
        let label = match icc.form {
            IccForm::Icc1 => text(lang, "analyze-icc1"),
            IccForm::Icc2 => text(lang, "analyze-icc2"),
            IccForm::Icc3 => text(lang, "analyze-icc3"),
            IccForm::Icc1k => text(lang, "analyze-icc1k"),
            IccForm::Icc2k => text(lang, "analyze-icc2k"),
            IccForm::Icc3k => text(lang, "analyze-icc3k"),
        };
        r.estimate_line(&format!("{name} ({label})"), icc.icc, Some(icc.ci95), 0.95);
        r.test_line(
            "    F",
            icc.f,
            Some(icc.df1),
            Some(icc.df2),
            None,
            icc.p_value,
            None,
        );
        out.push(json!({
            "form": name, "icc": jnum(icc.icc), "f": jnum(icc.f), "df1": jnum(icc.df1),
            "df2": jnum(icc.df2), "p_value": jnum(icc.p_value), "ci95": jci(icc.ci95),
        }));
    }
    // Koo & Li (2016) bands for the absolute-agreement single-rater ICC(2,1).
    let icc2 = iccs
        .iter()
        .find(|i| i.form == IccForm::Icc2)
        .map_or(f64::NAN, |i| i.icc);
    let band = if icc2 >= 0.9 {
        "excellent"
    } else if icc2 >= 0.75 {
        "good"
    } else if icc2 >= 0.5 {
        "moderate"
    } else {
        "poor"
    };
    r.conclusion(Message::new("analyze-reading-icc").arg("band", band));
    r.set("n_targets", ratings.len());
    r.set("k_raters", used.len());
    r.set("dropped", dropped);
    r.set("iccs", out);
    r.set("band_icc2", band);
    Ok(())
}

// ---------------------------------------------------------------- regression

/// Cluster ids by first appearance of each label.
fn cluster_ids(labels: &[String]) -> Vec<u64> {
    let mut seen: Vec<&String> = Vec::new();
    labels
        .iter()
        .map(|l| match seen.iter().position(|s| *s == l) {
            Some(i) => i as u64,
            None => {
                seen.push(l);
                (seen.len() - 1) as u64
            }
        })
        .collect()
}

fn se_choice(args: &AnalyzeArgs) -> Res<SeArg> {
    let se = args.se.unwrap_or(if args.cluster.is_some() {
        SeArg::Cr2
    } else {
        SeArg::Classical
    });
    if matches!(se, SeArg::Cr1 | SeArg::Cr2) && args.cluster.is_none() {
        return Err(AnalyzeError::OptionRequired {
            method: args.method.name(),
            option: "--cluster",
        });
    }
    Ok(se)
}

fn se_name(se: SeArg) -> &'static str {
    match se {
        SeArg::Classical => "classical",
        SeArg::Hc1 => "hc1",
        SeArg::Cr1 => "cr1",
        SeArg::Cr2 => "cr2",
    }
}

fn cov(se: SeArg, ids: &[u64]) -> CovType<'_> {
    match se {
        SeArg::Classical => CovType::Classical,
        SeArg::Hc1 => CovType::Hc1,
        SeArg::Cr1 => CovType::Cr1(ids),
        SeArg::Cr2 => CovType::Cr2(ids),
    }
}

fn coef_lines(r: &mut Report, names: &[String], inf: &Inference) -> Vec<Value> {
    let lang = r.lang;
    let mut out = Vec::new();
    for (name, c) in names.iter().zip(&inf.coefs) {
        r.line(
            Message::new("analyze-coef-line")
                .arg("name", name)
                .arg("b", num(c.estimate, lang))
                .arg("se", num(c.se, lang))
                .arg("t", num(c.t, lang))
                .arg("df", num(c.df, lang))
                .arg("p", r.p(c.p_value))
                .arg("ci", interval(c.ci, lang)),
        );
        out.push(json!({
            "name": name, "estimate": jnum(c.estimate), "se": jnum(c.se), "t": jnum(c.t),
            "df": jnum(c.df), "p_value": jnum(c.p_value), "ci": jci(c.ci),
        }));
    }
    out
}

fn se_line(r: &mut Report, se: SeArg, cluster: Option<&str>, clusters: Option<usize>, level: f64) {
    let lang = r.lang;
    r.line(
        Message::new("analyze-line-se")
            .arg("se", se_name(se))
            .arg("cluster", cluster.unwrap_or("-"))
            .arg(
                "clusters",
                clusters.map_or("-".to_owned(), |c| c.to_string()),
            )
            .arg("level", num(100.0 * level, lang)),
    );
    r.set("se_type", se_name(se));
    r.set("cluster", cluster.map_or(Value::Null, Value::from));
    r.set("clusters", clusters.map_or(Value::Null, Value::from));
    r.set("level", jnum(level));
}

fn run_ols(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let y_name = args.y.as_deref().ok_or(AnalyzeError::OptionRequired {
        method: "ols",
        option: "--y",
    })?;
    if args.x.is_empty() {
        return Err(AnalyzeError::OptionRequired {
            method: "ols",
            option: "--x",
        });
    }
    let se = se_choice(args)?;
    let (y_name, y) = data.numeric(y_name)?;
    let mut xs = Vec::new();
    let mut x_names = Vec::new();
    for c in &args.x {
        let (name, v) = data.numeric(c)?;
        x_names.push(name);
        xs.push(v);
    }
    let cluster = match &args.cluster {
        Some(c) => Some(data.column(c)?),
        None => None,
    };
    let mut yy = Vec::new();
    let mut rows = Vec::new();
    let mut labels = Vec::new();
    for i in 0..data.rows() {
        let xi: Option<Vec<f64>> = xs.iter().map(|c| c[i]).collect();
        let ci = cluster.as_ref().map(|c| c.cells[i].clone());
        if let (Some(yv), Some(xi)) = (y[i], xi) {
            if let Some(ci) = &ci {
                match ci {
                    Some(l) => labels.push(l.clone()),
                    None => continue,
                }
            }
            yy.push(yv);
            let mut row = vec![1.0];
            row.extend(xi);
            rows.push(row);
        }
    }
    let dropped = data.rows() - yy.len();
    let ids = cluster_ids(&labels);
    let mut used = vec![y_name.clone()];
    used.extend(x_names.iter().cloned());
    let fit = stats(ols(&yy, &rows), &used)?;
    let inf = stats(fit.inference(cov(se, &ids), args.level), &used)?;
    r.line(
        Message::new("analyze-line-model")
            .arg("y", &y_name)
            .arg("x", x_names.join(" + "))
            .arg("n", fit.n)
            .arg("dropped", dropped)
            .arg("r2", num(fit.r_squared, lang)),
    );
    se_line(
        r,
        se,
        cluster.as_ref().map(|c| c.name.as_str()),
        inf.clusters,
        args.level,
    );
    let mut names = vec![text(lang, "analyze-name-intercept")];
    names.extend(x_names.iter().cloned());
    let coefs = coef_lines(r, &names, &inf);
    r.set("y", y_name);
    r.set("x", x_names);
    r.set("n", fit.n);
    r.set("dropped", dropped);
    r.set("r_squared", jnum(fit.r_squared));
    r.set("coefficients", coefs);
    Ok(())
}

fn run_did(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let need = |v: &Option<String>, option: &'static str| {
        v.clone().ok_or(AnalyzeError::OptionRequired {
            method: "did",
            option,
        })
    };
    let y_name = need(&args.y, "--y")?;
    let t_name = need(&args.treated, "--treated")?;
    let a_name = need(&args.after, "--after")?;
    let se = se_choice(args)?;
    if args.resamples.is_some() && args.cluster.is_none() {
        return Err(AnalyzeError::OptionRequired {
            method: "did",
            option: "--cluster",
        });
    }
    let (y_name, y) = data.numeric(&y_name)?;
    let (t_name, t) = data.binary(&t_name)?;
    let (a_name, a) = data.binary(&a_name)?;
    let cluster = match &args.cluster {
        Some(c) => Some(data.column(c)?),
        None => None,
    };
    let (mut yy, mut tt, mut aa, mut labels) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..data.rows() {
        let (Some(yv), Some(tv), Some(av)) = (y[i], t[i], a[i]) else {
            continue;
        };
        if let Some(c) = &cluster {
            match &c.cells[i] {
                Some(l) => labels.push(l.clone()),
                None => continue,
            }
        }
        yy.push(yv);
        tt.push(tv);
        aa.push(av);
    }
    let dropped = data.rows() - yy.len();
    let ids = cluster_ids(&labels);
    let used = vec![y_name.clone(), t_name.clone(), a_name.clone()];
    let res = stats(did(&yy, &tt, &aa, cov(se, &ids), args.level), &used)?;
    r.line(
        Message::new("analyze-line-did")
            .arg("y", &y_name)
            .arg("treated", &t_name)
            .arg("after", &a_name)
            .arg("n", res.fit.n)
            .arg("dropped", dropped),
    );
    // cell means
    let mut cells = Vec::new();
    for (tv, av) in [(false, false), (false, true), (true, false), (true, true)] {
        let v: Vec<f64> = yy
            .iter()
            .zip(tt.iter().zip(&aa))
            .filter(|(_, (t, a))| **t == tv && **a == av)
            .map(|(y, _)| *y)
            .collect();
        let m = if v.is_empty() { f64::NAN } else { mean(&v) };
        cells.push(json!({"treated": tv, "after": av, "n": v.len(), "mean": jnum(m)}));
        r.line(
            Message::new("analyze-did-cell")
                .arg("treated", if tv { "yes" } else { "no" })
                .arg("after", if av { "yes" } else { "no" })
                .arg("n", v.len())
                .arg("mean", num(m, lang)),
        );
    }
    se_line(
        r,
        se,
        cluster.as_ref().map(|c| c.name.as_str()),
        res.inference.clusters,
        args.level,
    );
    let names = vec![
        text(lang, "analyze-name-intercept"),
        t_name.clone(),
        a_name.clone(),
        format!("{t_name} × {a_name}"),
    ];
    let coefs = coef_lines(r, &names, &res.inference);
    let e = &res.effect;
    r.estimate_line(
        &text(lang, "analyze-name-did-effect"),
        e.estimate,
        Some(e.ci),
        args.level,
    );
    r.reading(e.p_value, alpha_of(args), Reading::Coefficient);
    r.set("y", y_name);
    r.set("treated", t_name);
    r.set("after", a_name);
    r.set("n", res.fit.n);
    r.set("dropped", dropped);
    r.set("cell_means", cells);
    r.set("coefficients", coefs);
    r.set(
        "effect",
        json!({"estimate": jnum(e.estimate), "se": jnum(e.se), "t": jnum(e.t), "df": jnum(e.df), "p_value": jnum(e.p_value), "ci": jci(e.ci)}),
    );
    if let Some(b) = args.resamples {
        let boot = stats(
            did_cluster_bootstrap(&yy, &tt, &aa, &ids, b, args.level, args.seed),
            &used,
        )?;
        r.line(
            Message::new("analyze-line-cluster-bootstrap")
                .arg("b", boot.resamples)
                .arg("seed", args.seed)
                .arg("se", num(boot.se, lang))
                .arg("level", num(100.0 * args.level, lang))
                .arg("pct", interval(boot.percentile, lang))
                .arg("bca", interval(boot.bca.ci, lang)),
        );
        r.set("cluster_bootstrap", boot_json(&boot, args.seed));
    }
    Ok(())
}

fn boot_json(b: &chibo_stats::bootstrap::BootstrapResult, seed: u64) -> Value {
    json!({
        "estimate": jnum(b.estimate), "se": jnum(b.se), "percentile_ci": jci(b.percentile),
        "bca_ci": jci(b.bca.ci), "z0": jnum(b.bca.z0), "acceleration": jnum(b.bca.acceleration),
        "resamples": b.resamples, "failed": b.failed, "seed": seed,
    })
}

// ---------------------------------------------------------------- power

fn run_power(args: &AnalyzeArgs, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let alt = args.alternative.stats();
    range_check(
        "--alpha",
        args.alpha,
        args.alpha > 0.0 && args.alpha < 1.0,
        "(0, 1)",
    )?;
    range_check(
        "--ratio",
        args.ratio,
        args.ratio > 0.0 && args.ratio.is_finite(),
        "(0, ∞)",
    )?;
    if let Some(p) = args.power {
        range_check("--power", p, p > args.alpha && p < 1.0, "(alpha, 1)")?;
    }
    if let Some(n) = args.n {
        let ok = match args.design {
            DesignArg::Paired => n >= 2.0,
            DesignArg::TwoGroup => n * (1.0 + args.ratio) >= 3.0,
        };
        range_check("--n", n, ok && n.is_finite(), "≥ 2")?;
    }
    if let Some(e) = args.effect {
        range_check("--effect", e, e.is_finite() && e != 0.0, "≠ 0")?;
    }
    let design = |n: f64| match args.design {
        DesignArg::Paired => Design::Paired { n },
        DesignArg::TwoGroup => Design::TwoGroup {
            n1: n,
            ratio: args.ratio,
        },
    };
    let design_name = match args.design {
        DesignArg::Paired => "paired",
        DesignArg::TwoGroup => "two-group",
    };
    r.line(
        Message::new("analyze-line-design")
            .arg("design", design_name)
            .arg("ratio", num(args.ratio, lang))
            .arg("alpha", num(args.alpha, lang))
            .arg(
                "alt",
                chibo_i18n::render(
                    lang,
                    &Message::new("analyze-alternative").arg("alt", alternative_name(alt)),
                ),
            ),
    );
    r.set("design", design_name);
    r.set("ratio", jnum(args.ratio));
    r.set("alpha", jnum(args.alpha));
    r.set("alternative", alternative_name(alt));
    let none: &[String] = &[];
    match (args.n, args.effect, args.power) {
        (Some(n), Some(effect), None) => {
            let p = stats(power(design(n), effect, args.alpha, alt), none)?;
            r.set("solve_for", "power");
            r.set("n", jnum(n));
            r.set("effect", jnum(effect));
            r.set("power", jnum(p));
            r.line(
                Message::new("analyze-power-result")
                    .arg("power", num(p, lang))
                    .arg("pct", pct(p, lang)),
            );
            r.conclusion(
                Message::new("analyze-reading-power")
                    .arg("design", design_name)
                    .arg("n", num(n, lang))
                    .arg("effect", num(effect, lang))
                    .arg("pct", pct(p, lang)),
            );
        }
        (Some(n), None, Some(target)) => {
            let d = stats(
                minimum_detectable_effect(design(n), args.alpha, target, alt),
                none,
            )?;
            let d = if alt == Alternative::Less { -d } else { d };
            r.set("solve_for", "minimum_detectable_effect");
            r.set("n", jnum(n));
            r.set("power", jnum(target));
            r.set("effect", jnum(d));
            r.line(
                Message::new("analyze-mde-result")
                    .arg("effect", num(d, lang))
                    .arg("pct", pct(target, lang))
                    .arg("design", design_name)
                    .arg("n", num(n, lang)),
            );
        }
        (None, Some(effect), Some(target)) => {
            let n = stats(
                sample_size(design(0.0), effect, args.alpha, target, alt),
                none,
            )?;
            let n1 = n.ceil();
            let n2 = match args.design {
                DesignArg::Paired => Value::Null,
                DesignArg::TwoGroup => Value::from((n1 * args.ratio).ceil() as u64),
            };
            r.set("solve_for", "sample_size");
            r.set("effect", jnum(effect));
            r.set("power", jnum(target));
            r.set("n", jnum(n));
            r.set("n_rounded", n1 as u64);
            r.set("n2_rounded", n2.clone());
            r.line(
                Message::new("analyze-n-result")
                    .arg("n", num(n, lang))
                    .arg("rounded", n1 as u64)
                    .arg("n2", n2.as_u64().map_or("-".to_owned(), |v| v.to_string()))
                    .arg("design", design_name)
                    .arg("pct", pct(target, lang))
                    .arg("effect", num(effect, lang)),
            );
        }
        _ => {
            return Err(AnalyzeError::OptionRequired {
                method: "power",
                option: "--n --effect | --n --power | --effect --power",
            });
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- bootstrap

fn run_bootstrap(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let b = args.resamples.unwrap_or(9999);
    let level = args.level;
    let (res, kind, used) = if args.group.is_some() {
        let (x, y, dropped) = two_samples(args, data)?;
        samples_line(r, &[&x, &y], dropped);
        let used = vec![x.name.clone(), y.name.clone()];
        let res = stats(
            two_group_bootstrap(&x.values, &y.values, b, level, args.seed),
            &used,
        )?;
        (res, "mean_difference", used)
    } else if args.columns.len() == 2 {
        let (x, y, dropped) = paired(args, data)?;
        samples_line(r, &[&x, &y], dropped);
        let d: Vec<f64> = x.values.iter().zip(&y.values).map(|(a, b)| a - b).collect();
        let used = vec![x.name.clone(), y.name.clone()];
        let res = stats(bootstrap(&d, mean, b, level, args.seed), &used)?;
        (res, "paired_mean_difference", used)
    } else {
        column_count(args, "1 | 2", args.columns.len() == 1)?;
        let (x, missing) = one_column(data, &args.columns[0])?;
        samples_line(r, &[&x], missing);
        let used = vec![x.name.clone()];
        let res = stats(bootstrap(&x.values, mean, b, level, args.seed), &used)?;
        (res, "mean", used)
    };
    let name = match kind {
        "mean" => text(lang, "analyze-name-mean"),
        "paired_mean_difference" => {
            diff_name(lang, &used[0], &used[1], "analyze-name-mean-diff-paired")
        }
        _ => diff_name(lang, &used[0], &used[1], "analyze-name-mean-diff"),
    };
    let (ci, method_name) = match args.boot_method {
        BootMethodArg::Percentile => (res.percentile, "percentile"),
        BootMethodArg::Bca => (res.bca.ci, "bca"),
    };
    r.line(
        Message::new("analyze-line-bootstrap")
            .arg("b", res.resamples)
            .arg("failed", res.failed)
            .arg("seed", args.seed)
            .arg("method", method_name),
    );
    r.estimate_line(&name, res.estimate, Some(ci), level);
    r.raw(format!("SE = {}", num(res.se, lang)));
    if kind != "mean" {
        let id = if ci.0 > 0.0 || ci.1 < 0.0 {
            "analyze-reading-ci-excludes-zero"
        } else {
            "analyze-reading-ci-includes-zero"
        };
        r.conclusion(Message::new(id).arg("level", num(100.0 * level, lang)));
    }
    r.set("estimand", kind);
    r.set("interval_method", method_name);
    r.set("estimate", jnum(res.estimate));
    r.set("se", jnum(res.se));
    r.set("ci", jci(ci));
    r.set("percentile_ci", jci(res.percentile));
    r.set("bca_ci", jci(res.bca.ci));
    r.set("z0", jnum(res.bca.z0));
    r.set("acceleration", jnum(res.bca.acceleration));
    r.set("resamples", res.resamples);
    r.set("failed", res.failed);
    r.set("seed", args.seed);
    r.set("level", jnum(level));
    Ok(())
}

/// Bootstrap of mean(x) − mean(y) for two independent samples: each replicate resamples x (n₁
/// draws of `Rng::below(n₁)`) then y (n₂ draws) from one stream seeded with `seed`; the BCa
/// acceleration uses the leave-one-out jackknife over all n₁ + n₂ observations (as SciPy does
/// for several samples).
fn two_group_bootstrap(
    x: &[f64],
    y: &[f64],
    resamples: usize,
    level: f64,
    seed: u64,
) -> Result<chibo_stats::bootstrap::BootstrapResult, StatsError> {
    for (what, s) in [("sample x", x), ("sample y", y)] {
        if s.len() < 2 {
            return Err(StatsError::TooFewObservations {
                what,
                needed: 2,
                got: s.len(),
            });
        }
    }
    if resamples < 2 {
        return Err(StatsError::TooFewObservations {
            what: "resamples",
            needed: 2,
            got: resamples,
        });
    }
    let (n1, n2) = (x.len(), y.len());
    let mut rng = Rng::new(seed);
    let mut bx = vec![0.0; n1];
    let mut by = vec![0.0; n2];
    let mut boot = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        for v in bx.iter_mut() {
            *v = x[rng.below(n1)];
        }
        for v in by.iter_mut() {
            *v = y[rng.below(n2)];
        }
        boot.push(mean(&bx) - mean(&by));
    }
    let (mx, my) = (mean(x), mean(y));
    let (sx, sy): (f64, f64) = (x.iter().sum(), y.iter().sum());
    let mut jack = Vec::with_capacity(n1 + n2);
    for v in x {
        jack.push((sx - v) / (n1 - 1) as f64 - my);
    }
    for v in y {
        jack.push(mx - (sy - v) / (n2 - 1) as f64);
    }
    let estimate = mx - my;
    let m = mean(&boot);
    let se = (boot.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (boot.len() as f64 - 1.0)).sqrt();
    Ok(chibo_stats::bootstrap::BootstrapResult {
        estimate,
        se,
        percentile: percentile_interval(&boot, level)?,
        bca: bca_interval(estimate, &boot, &jack, level)?,
        resamples: boot.len(),
        failed: 0,
    })
}
